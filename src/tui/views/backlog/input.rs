//! The backlog's keys, popups and the add form: each change is a typed [`Edit`] message.

use ratatui::layout::Rect;

use crate::analysis::backlog::{
    BacklogColumn, BacklogFilter, OwnerFilter, SortDirection, StatusFilter, suggested_priority,
};
use crate::analysis::schedule::observation_window;
use crate::edit::NewBacklogItem;
use crate::model::{BacklogItem, BacklogStatus, Date, Priority};
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::edits::{Edit, Owns};
use crate::tui::msg::{Cx, Goto, Msg};
use crate::tui::popup::{Answer, Chosen, Confirm, Field, FieldError, Form, Input, Pick, Popup};

use crate::tui::views::{inner, step};

use super::render::{Link, body_rect, columns, links_of, panes_for};
use super::{
    FIELD_CRITERIA, FIELD_DUE, FIELD_OWNER, FIELD_PRIORITY, FIELD_TITLE, Focus, State, Then,
    rows_of, select_id, selected_in, selected_pos, set_pos, then,
};

pub(super) fn cycle<T: Clone + PartialEq>(options: &[Option<T>], current: &Option<T>) -> Option<T> {
    let pos = options.iter().position(|o| o == current).unwrap_or(0);
    options[(pos + 1) % options.len()].clone()
}

/// Keeps the selected item selected across a sort or filter change when it stays
/// visible; else the first row.
fn keep_selection(cx: &Cx, st: &mut State, id: Option<String>) {
    let found = id.is_some_and(|id| select_id(cx.wb, cx.generation, st, &id));
    if !found {
        set_pos(cx.wb, cx.generation, st, 0);
    }
    st.link = 0;
}

/// The due date a new item gets: a week before the window opens, else in 30 days.
pub(super) fn default_due(cx: &Cx) -> Date {
    match observation_window(cx.wb) {
        Some((start, _)) if start.add_days(-7) > cx.today => start.add_days(-7),
        _ => cx.today.add_days(30),
    }
}

/// The add form, filled with `values` (after a refusal) or the defaults.
pub(super) fn add_form(cx: &Cx, values: Option<Vec<String>>) -> Form {
    let team: Vec<&str> = cx.wb.team.iter().map(|m| m.id.as_str()).collect();
    let value = |i: usize, default: String| {
        values
            .as_ref()
            .and_then(|v| v.get(i).cloned())
            .unwrap_or(default)
    };
    let team_hint = if team.is_empty() {
        "The team is empty: leave it blank (o assigns one later).".to_string()
    } else {
        format!("A team handle: {}. Blank: nobody yet.", team.join(", "))
    };
    Form {
        title: "New remediation item".into(),
        fields: vec![
            Field::new(
                "Title",
                "What will be done, in a short sentence.",
                &value(FIELD_TITLE, String::new()),
            ),
            Field::new(
                "Criteria",
                "Criterion ids it closes a gap in, separated by spaces or commas (CC6.2 CC8.1). They suggest the priority.",
                &value(FIELD_CRITERIA, String::new()),
            ),
            Field::new("Owner", &team_hint, &value(FIELD_OWNER, String::new())),
            Field::new(
                "Due",
                "YYYY-MM-DD; blank for none. Due after the observation window opens is flagged at risk.",
                &value(FIELD_DUE, default_due(cx).to_string()),
            ),
            Field::new(
                "Priority",
                "P1 to P4; blank takes the one the criteria suggest.",
                &value(FIELD_PRIORITY, String::new()),
            ),
        ],
        focus: 0,
        error: None,
        then: then(Then::Add),
    }
}

/// The add form's fields as a new item, or the field that is wrong and why.
pub(super) fn parse_new(values: &[String]) -> Result<NewBacklogItem, FieldError> {
    let get = |i: usize| values.get(i).map_or("", |s| s.trim());
    let fail = |field: usize, message: String| FieldError { field, message };
    let criteria: Vec<String> = get(FIELD_CRITERIA)
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_uppercase())
        .collect();
    let owner = (!get(FIELD_OWNER).is_empty()).then(|| get(FIELD_OWNER).to_string());
    let due = match get(FIELD_DUE) {
        "" => None,
        d => Some(
            d.parse::<Date>()
                .map_err(|e| fail(FIELD_DUE, format!("due date: {e}")))?,
        ),
    };
    let priority = match get(FIELD_PRIORITY) {
        "" => None,
        p => Some(
            Priority::parse(p)
                .ok_or_else(|| fail(FIELD_PRIORITY, format!("priority: {p:?} is not P1 to P4")))?,
        ),
    };
    Ok(NewBacklogItem {
        title: get(FIELD_TITLE).to_string(),
        criteria,
        owner,
        due,
        priority,
        ..NewBacklogItem::default()
    })
}

/// Carries out what a backlog popup was opened for.
pub fn complete(cx: &Cx, _st: &mut State, t: Then, answer: Answer, out: &mut Vec<Msg>) {
    let value = answer.text().to_string();
    let edit = match t {
        Then::Add => {
            let Answer::Fields(values) = answer else {
                return;
            };
            let mut form = add_form(cx, Some(values.clone()));
            match parse_new(&values) {
                Ok(new) => Edit::AddBacklogItem {
                    new,
                    form: Box::new(form),
                },
                Err(e) => {
                    form.fail(e);
                    out.push(Msg::Open(Popup::Form(form)));
                    return;
                }
            }
        }
        Then::Title(id) => Edit::BacklogTitle { id, title: value },
        Then::Owner(id) => match answer {
            Answer::Chosen(Chosen::AddMember) => {
                out.push(Msg::Open(crate::tui::views::team::new_member_input(then(
                    Then::NewMember(id),
                ))));
                return;
            }
            Answer::Chosen(Chosen::Value(owner)) => Edit::BacklogOwner {
                id,
                owner: Some(owner),
            },
            _ => Edit::BacklogOwner { id, owner: None },
        },
        Then::NewMember(item) => {
            let (id, name, role) = crate::tui::views::team::parse_new_member(&value);
            Edit::AddMember {
                id,
                name,
                role,
                owns: Some(Owns::Backlog(item)),
            }
        }
        Then::Due(id) => {
            let text = value.trim();
            match (!text.is_empty()).then(|| text.parse::<Date>()).transpose() {
                Ok(due) => Edit::BacklogDue { id, due },
                Err(e) => {
                    out.push(Msg::Error(e.to_string()));
                    return;
                }
            }
        }
        Then::Delete(id) => Edit::DeleteBacklogItem(id),
    };
    out.push(Msg::Edit(edit));
}

/// The selected item, or an error message when there is none.
fn need<'a>(cx: &Cx<'a>, st: &State, out: &mut Vec<Msg>) -> Option<&'a BacklogItem> {
    let b = selected_in(cx.wb, cx.generation, st);
    if b.is_none() {
        out.push(Msg::Error("no backlog item selected".into()));
    }
    b
}

/// Handles the backlog's keys.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let (wb, generation) = (cx.wb, cx.generation);
    let len = rows_of(wb, generation, st).len();
    let selected = selected_pos(wb, generation, st);
    let current = selected_in(wb, generation, st);
    let current_id = current.map(|b| b.id.clone());
    let (table, detail) = panes_for(wb, cx.today, current, area);
    let page = usize::from(body_rect(table).height).max(1);
    let msg = match action {
        Action::SortNext => {
            st.sort = match st.sort {
                None => Some((BacklogColumn::ALL[0], SortDirection::Ascending)),
                Some((c, d)) => BacklogColumn::ALL
                    .iter()
                    .position(|x| *x == c)
                    .and_then(|i| BacklogColumn::ALL.get(i + 1))
                    .map(|c| (*c, d)),
            };
            keep_selection(cx, st, current_id);
            return true;
        }
        Action::SortFlip => {
            st.sort = Some(match st.sort {
                None => (BacklogColumn::Id, SortDirection::Descending),
                Some((c, d)) => (c, d.flipped()),
            });
            keep_selection(cx, st, current_id);
            return true;
        }
        Action::FilterStatus => {
            let mut options = vec![None];
            options.extend(BacklogStatus::ALL.map(|s| Some(StatusFilter::Is(s))));
            options.push(Some(StatusFilter::Unfinished));
            st.filter.status = cycle(&options, &st.filter.status);
            keep_selection(cx, st, current_id);
            return true;
        }
        Action::FilterOwner => {
            let mut options = vec![None];
            options.extend(
                wb.team
                    .iter()
                    .map(|m| Some(OwnerFilter::Member(m.id.clone()))),
            );
            options.push(Some(OwnerFilter::Unassigned));
            st.filter.owner = cycle(&options, &st.filter.owner);
            keep_selection(cx, st, current_id);
            return true;
        }
        Action::FilterPriority => {
            let mut options = vec![None];
            options.extend(Priority::ALL.map(Some));
            st.filter.priority = cycle(&options, &st.filter.priority);
            keep_selection(cx, st, current_id);
            return true;
        }
        Action::ClearFilters => {
            st.filter = BacklogFilter::default();
            keep_selection(cx, st, current_id);
            Msg::Info("filters cleared".into())
        }
        Action::AddBacklogItem => Msg::Open(Popup::Form(add_form(cx, None))),
        Action::EditTitle => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            Msg::Open(Popup::Input(Input::new(
                "Title",
                &format!("The title of {}", b.id),
                &b.title,
                then(Then::Title(b.id.clone())),
            )))
        }
        Action::EditDescription => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            Msg::Effect(Effect::EditBacklogDescription(
                b.id.clone(),
                b.description.clone(),
            ))
        }
        Action::Delete => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            Msg::Open(Popup::Confirm(Confirm {
                message: format!("Delete {} \"{}\"? (u undoes it)", b.id, b.title),
                then: then(Then::Delete(b.id.clone())),
            }))
        }
        Action::SetBacklogStatus(status) => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            Msg::Edit(Edit::BacklogStatus {
                id: b.id.clone(),
                status,
            })
        }
        Action::SetOwner => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            let (options, selected) = crate::tui::popup::owner_choices(wb, b.owner.as_deref());
            let prompt = if wb.team.is_empty() {
                "The team is empty: add the first member."
            } else {
                ""
            };
            Msg::Open(Popup::Pick(Pick {
                title: format!("Owner of {}", b.id),
                prompt: prompt.into(),
                options,
                selected,
                then: then(Then::Owner(b.id.clone())),
            }))
        }
        Action::PriorityUp | Action::PriorityDown => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            let i = Priority::ALL
                .iter()
                .position(|x| *x == b.priority)
                .unwrap_or(2);
            let next = if action == Action::PriorityUp {
                i.saturating_sub(1)
            } else {
                (i + 1).min(Priority::ALL.len() - 1)
            };
            Msg::Edit(Edit::BacklogPriority {
                id: b.id.clone(),
                priority: Priority::ALL[next],
            })
        }
        Action::AcceptSuggestedPriority => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            Msg::Edit(Edit::BacklogPriority {
                id: b.id.clone(),
                priority: suggested_priority(&b.criteria),
            })
        }
        Action::SetDue => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            let due = b.due.map_or(String::new(), |d| d.to_string());
            let window = observation_window(wb)
                .map(|(s, _)| format!(" The observation window opens {s}: due later is at risk."))
                .unwrap_or_default();
            Msg::Open(Popup::Input(Input::new(
                &format!("Due date of {}", b.id),
                &format!("YYYY-MM-DD; empty clears it.{window}"),
                &due,
                then(Then::Due(b.id.clone())),
            )))
        }
        Action::ShowOnTimeline => {
            let Some(b) = need(cx, st, out) else {
                return true;
            };
            Msg::Goto(Goto::BacklogDue(b.id.clone()))
        }
        Action::Enter | Action::Right if st.focus == Focus::Table => {
            if links_of(wb, current).is_empty() {
                if action == Action::Enter {
                    out.push(Msg::Info("this item links no criterion or item".into()));
                }
                return action == Action::Enter;
            }
            st.focus = Focus::Links;
            st.link = 0;
            return true;
        }
        Action::Enter => match links_of(wb, current).get(st.link) {
            Some(Link::Criterion(c)) => Msg::Goto(Goto::Checklist {
                criterion: c.clone(),
                item: None,
            }),
            Some(Link::Item { criterion, item }) => Msg::Goto(Goto::Checklist {
                criterion: criterion.clone(),
                item: Some(item.clone()),
            }),
            Some(Link::Unknown(i)) => Msg::Error(format!("{i} is not a checklist item")),
            None => return true,
        },
        Action::Left | Action::Back if st.focus == Focus::Links => {
            st.focus = Focus::Table;
            return true;
        }
        Action::Click { column, row } => {
            let head = inner(table);
            let body = body_rect(table);
            if row == head.y && column >= head.x && column < head.x + head.width {
                let x = column - head.x;
                let hit = columns(head.width)
                    .into_iter()
                    .find(|c| x >= c.x && x <= c.x + c.width)
                    .and_then(|c| c.column);
                let Some(col) = hit else {
                    return false;
                };
                st.sort = Some(match st.sort {
                    Some((c, d)) if c == col => (c, d.flipped()),
                    _ => (col, SortDirection::Ascending),
                });
                keep_selection(cx, st, current_id);
            } else if let Some(i) =
                crate::tui::views::clicked_index(body, row, column, selected, len)
            {
                set_pos(wb, generation, st, i);
                st.focus = Focus::Table;
                st.link = 0;
            } else if detail.contains(ratatui::layout::Position::new(column, row)) {
                if !links_of(wb, current).is_empty() {
                    st.focus = Focus::Links;
                }
            } else {
                return false;
            }
            return true;
        }
        other => {
            return match st.focus {
                Focus::Table => step(selected, len, other, page)
                    .map(|n| {
                        if n != selected {
                            st.link = 0;
                        }
                        set_pos(wb, generation, st, n);
                    })
                    .is_some(),
                Focus::Links => step(st.link, links_of(wb, current).len(), other, page)
                    .map(|n| st.link = n)
                    .is_some(),
            };
        }
    };
    out.push(msg);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_add_form_parses_its_fields() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let new = parse_new(&v(&["Fix it", "cc6.2, CC8.1", "maria", "2027-02-01", "p2"])).unwrap();
        assert_eq!(new.criteria, vec!["CC6.2", "CC8.1"]);
        assert_eq!(new.priority, Some(Priority::P2));
        assert_eq!(new.owner.as_deref(), Some("maria"));
        let bad_due = parse_new(&v(&["x", "", "", "2027-13-01", ""])).unwrap_err();
        assert_eq!(bad_due.field, FIELD_DUE);
        let bad_priority = parse_new(&v(&["x", "", "", "", "P9"])).unwrap_err();
        assert_eq!(bad_priority.field, FIELD_PRIORITY);
        let blank = parse_new(&v(&["x", "", "", "", ""])).unwrap();
        assert_eq!((blank.due, blank.priority, blank.owner), (None, None, None));
    }
}
