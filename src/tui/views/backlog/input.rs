//! The backlog's keys, popups and the add form: every change goes through `App::edit_touching`.

use crate::tui::history::Touch;

use ratatui::layout::Rect;

use crate::analysis::backlog::{
    BacklogColumn, BacklogFilter, OwnerFilter, SortDirection, StatusFilter, suggested_priority,
};
use crate::analysis::schedule::observation_window;
use crate::catalog::catalog;
use crate::edit::{self, NewBacklogItem};
use crate::model::{BacklogStatus, Date, Priority};
use crate::tui::action::Action;
use crate::tui::app::{ADD_MEMBER, App, Effect};
use crate::tui::popup::{Confirm, Field, Form, Input, Popup, form_values};

use crate::tui::views::{inner, step};

use super::render::{Link, body_rect, columns, links, panes};
use super::{Focus, Then, rows, select_id, selected_id, selected_item, show_item, then};

pub(super) fn need_item(app: &mut App) -> Option<String> {
    let id = selected_id(app);
    if id.is_none() {
        app.error("no backlog item selected");
    }
    id
}

pub(super) fn cycle<T: Clone + PartialEq>(options: &[Option<T>], current: &Option<T>) -> Option<T> {
    let pos = options.iter().position(|o| o == current).unwrap_or(0);
    options[(pos + 1) % options.len()].clone()
}

/// Keeps the selected item selected across a sort or filter change when it stays visible.
pub(super) fn keep_selection(app: &mut App, id: Option<String>) {
    let found = id.is_some_and(|id| select_id(app, &id));
    if !found {
        app.backlog.selected = 0;
    }
    app.backlog.link = 0;
}

/// The due date a new item gets: a week before the window opens, else in 30 days.
pub(super) fn default_due(app: &App) -> Date {
    match observation_window(app.wb()) {
        Some((start, _)) if start.add_days(-7) > app.today => start.add_days(-7),
        _ => app.today.add_days(30),
    }
}

pub(super) fn add_form(app: &App, values: Option<Vec<String>>, error: Option<String>) -> Form {
    let team: Vec<&str> = app.wb().team.iter().map(|m| m.id.as_str()).collect();
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
                &value(0, String::new()),
            ),
            Field::new(
                "Criteria",
                "Criterion ids it closes a gap in, separated by spaces or commas (CC6.2 CC8.1). They suggest the priority.",
                &value(1, String::new()),
            ),
            Field::new("Owner", &team_hint, &value(2, String::new())),
            Field::new(
                "Due",
                "YYYY-MM-DD; blank for none. Due after the observation window opens is flagged at risk.",
                &value(3, default_due(app).to_string()),
            ),
            Field::new(
                "Priority",
                "P1 to P4; blank takes the one the criteria suggest.",
                &value(4, String::new()),
            ),
        ],
        focus: error.as_deref().map_or(0, field_of),
        error,
        then: then(Then::Add),
    }
}

/// A refusal as the add form shows it: an unknown owner says where members are added.
fn form_error(e: &edit::EditError) -> String {
    match e {
        edit::EditError::UnknownMember(who) => format!(
            "\"{who}\" is not in the team: add them in the Team view (6), or leave the owner blank"
        ),
        other => other.to_string(),
    }
}

/// The form field an error is about, so the cursor lands where the fix is typed.
pub(super) fn field_of(error: &str) -> usize {
    const FIELDS: [(&str, usize); 5] = [
        ("due date", 3),
        ("priority", 4),
        ("criterion", 1),
        ("team", 2),
        ("member", 2),
    ];
    FIELDS
        .iter()
        .find(|(word, _)| error.contains(word))
        .map_or(0, |(_, i)| *i)
}

pub(super) fn parse_new(values: &[String]) -> Result<NewBacklogItem, String> {
    let get = |i: usize| values.get(i).map_or("", |s| s.trim());
    let criteria: Vec<String> = get(1)
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_uppercase())
        .collect();
    let owner = (!get(2).is_empty()).then(|| get(2).to_string());
    let due = match get(3) {
        "" => None,
        d => Some(d.parse::<Date>().map_err(|e| format!("due date: {e}"))?),
    };
    let priority = match get(4) {
        "" => None,
        p => Some(Priority::parse(p).ok_or_else(|| format!("priority: {p:?} is not P1 to P4"))?),
    };
    Ok(NewBacklogItem {
        title: get(0).to_string(),
        criteria,
        owner,
        due,
        priority,
        ..NewBacklogItem::default()
    })
}

/// Carries out what a backlog popup was opened for.
pub fn complete(app: &mut App, t: Then, value: String) {
    let today = app.today;
    match t {
        Then::Add => {
            let values = form_values(&value);
            let new = match parse_new(&values) {
                Ok(new) => new,
                Err(e) => {
                    let form = add_form(app, Some(values), Some(e));
                    app.open(Popup::Form(form));
                    return;
                }
            };
            let mut refused = None;
            let read_only = app.doc.read_only.is_some();
            let id = app.edit_touching("add backlog item", Touch::BacklogAppend, |wb, rng| {
                let r = edit::add_backlog_item(catalog(), wb, new, today, rng);
                refused = r.as_ref().err().map(form_error);
                r
            });
            match id {
                Some(id) => {
                    app.backlog.filter = BacklogFilter::default();
                    show_item(app, &id);
                    app.info(format!("added {id}"));
                }
                None if !read_only => {
                    let form = add_form(app, Some(values), refused);
                    app.open(Popup::Form(form));
                }
                None => {}
            }
        }
        Then::Title(id) => {
            let description = app
                .wb()
                .backlog_item(&id)
                .map(|b| b.description.clone())
                .unwrap_or_default();
            if app
                .edit_touching("edit title", Touch::BacklogItem(id.clone()), |wb, _| {
                    edit::set_backlog_text(wb, &id, &value, &description)
                })
                .is_some()
            {
                app.info(format!("{id} renamed"));
            }
        }
        Then::Owner(id) => match value.as_str() {
            ADD_MEMBER => app.open(Popup::Input(Input::new(
                "New team member",
                "Handle, full name, role (for example: maria, Maria Lopez, CTO)",
                "",
                then(Then::NewMember(id)),
            ))),
            owner => {
                let owner = (!owner.is_empty()).then_some(owner);
                if app
                    .edit_touching("set owner", Touch::BacklogItem(id.clone()), |wb, _| {
                        edit::set_backlog_owner(wb, &id, owner)
                    })
                    .is_some()
                {
                    app.info(match owner {
                        Some(o) => format!("{id} is owned by {o}"),
                        None => format!("{id} has no owner"),
                    });
                }
            }
        },
        Then::NewMember(item) => {
            let mut parts = value.splitn(3, ',').map(str::trim);
            let id = parts.next().unwrap_or_default().to_string();
            let name = parts.next().unwrap_or_default().to_string();
            let role = parts.next().unwrap_or_default().to_string();
            if app
                .edit_touching(
                    "add team member",
                    Touch::BacklogItem(item.clone()),
                    |wb, _| {
                        edit::add_member(wb, &id, &name, &role)?;
                        edit::set_backlog_owner(wb, &item, Some(&id))
                    },
                )
                .is_some()
            {
                app.info(format!("{id} joined the team and owns {item}"));
            }
        }
        Then::Due(id) => {
            let text = value.trim();
            let due = if text.is_empty() {
                Ok(None)
            } else {
                text.parse::<Date>().map(Some)
            };
            match due {
                Err(e) => app.error(e.to_string()),
                Ok(due) => {
                    if app
                        .edit_touching("set due date", Touch::BacklogItem(id.clone()), |wb, _| {
                            edit::set_backlog_due(wb, &id, due)
                        })
                        .is_some()
                    {
                        app.info(match due {
                            Some(d) => format!("{id} is due {d}"),
                            None => format!("{id} has no due date"),
                        });
                    }
                }
            }
        }
        Then::Delete(id) => {
            if app
                .edit_touching(
                    "delete backlog item",
                    Touch::BacklogItem(id.clone()),
                    |wb, _| edit::delete_backlog_item(wb, &id),
                )
                .is_some()
            {
                let len = rows(app).len();
                app.backlog.selected = app.backlog.selected.min(len.saturating_sub(1));
                app.info(format!("{id} deleted (u undoes)"));
            }
        }
    }
}

/// Finishes editing a description in `$EDITOR`.
pub fn finish_description(app: &mut App, id: &str, before: &str, text: &str) {
    if text.trim_end() == before.trim_end() {
        app.info("description unchanged");
        return;
    }
    let title = app
        .wb()
        .backlog_item(id)
        .map(|b| b.title.clone())
        .unwrap_or_default();
    if app
        .edit_touching(
            "edit description",
            Touch::BacklogItem(id.to_string()),
            |wb, _| edit::set_backlog_text(wb, id, &title, text),
        )
        .is_some()
    {
        app.info("description saved");
    }
}

pub(super) fn set_priority(app: &mut App, id: &str, p: Priority) {
    if app
        .edit_touching(
            "set priority",
            Touch::BacklogItem(id.to_string()),
            |wb, _| edit::set_backlog_priority(wb, id, p),
        )
        .is_some()
    {
        app.info(format!("{id} is {}", p.label()));
    }
}

/// Handles the backlog's keys.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let len = rows(app).len();
    app.backlog.selected = app.backlog.selected.min(len.saturating_sub(1));
    let (table, detail) = panes(app, area);
    let page = usize::from(body_rect(table).height).max(1);
    let today = app.today;
    match action {
        Action::SortNext => {
            let id = selected_id(app);
            app.backlog.sort = match app.backlog.sort {
                None => Some((BacklogColumn::ALL[0], SortDirection::Ascending)),
                Some((c, d)) => BacklogColumn::ALL
                    .iter()
                    .position(|x| *x == c)
                    .and_then(|i| BacklogColumn::ALL.get(i + 1))
                    .map(|c| (*c, d)),
            };
            keep_selection(app, id);
        }
        Action::SortFlip => {
            let id = selected_id(app);
            app.backlog.sort = Some(match app.backlog.sort {
                None => (BacklogColumn::Id, SortDirection::Descending),
                Some((c, d)) => (c, d.flipped()),
            });
            keep_selection(app, id);
        }
        Action::FilterStatus => {
            let id = selected_id(app);
            let mut options = vec![None];
            options.extend(BacklogStatus::ALL.map(|s| Some(StatusFilter::Is(s))));
            options.push(Some(StatusFilter::Unfinished));
            app.backlog.filter.status = cycle(&options, &app.backlog.filter.status);
            keep_selection(app, id);
        }
        Action::FilterOwner => {
            let id = selected_id(app);
            let mut options = vec![None];
            options.extend(
                app.wb()
                    .team
                    .iter()
                    .map(|m| Some(OwnerFilter::Member(m.id.clone()))),
            );
            options.push(Some(OwnerFilter::Unassigned));
            app.backlog.filter.owner = cycle(&options, &app.backlog.filter.owner);
            keep_selection(app, id);
        }
        Action::FilterPriority => {
            let id = selected_id(app);
            let mut options = vec![None];
            options.extend(Priority::ALL.map(Some));
            app.backlog.filter.priority = cycle(&options, &app.backlog.filter.priority);
            keep_selection(app, id);
        }
        Action::ClearFilters => {
            let id = selected_id(app);
            app.backlog.filter = BacklogFilter::default();
            keep_selection(app, id);
            app.info("filters cleared");
        }
        Action::AddBacklogItem => {
            let form = add_form(app, None, None);
            app.open(Popup::Form(form));
        }
        Action::EditTitle => {
            let Some(id) = need_item(app) else {
                return true;
            };
            let title = app
                .wb()
                .backlog_item(&id)
                .map(|b| b.title.clone())
                .unwrap_or_default();
            app.open(Popup::Input(Input::new(
                "Title",
                &format!("The title of {id}"),
                &title,
                then(Then::Title(id)),
            )));
        }
        Action::EditDescription => {
            let Some(id) = need_item(app) else {
                return true;
            };
            let text = app
                .wb()
                .backlog_item(&id)
                .map(|b| b.description.clone())
                .unwrap_or_default();
            app.effect = Some(Effect::EditBacklogDescription(id, text));
        }
        Action::Delete => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let message = format!("Delete {} \"{}\"? (u undoes it)", b.id, b.title);
            let id = b.id.clone();
            app.open(Popup::Confirm(Confirm {
                message,
                then: then(Then::Delete(id)),
            }));
        }
        Action::SetBacklogStatus(status) => {
            let Some(id) = need_item(app) else {
                return true;
            };
            if app
                .edit_touching(
                    &format!("mark {}", status.label()),
                    Touch::BacklogItem(id.clone()),
                    |wb, _| edit::set_backlog_status(wb, &id, status, today),
                )
                .is_some()
            {
                app.info(format!("{id} is {} ({today})", status.label()));
                if !select_id(app, &id) {
                    app.backlog.selected =
                        app.backlog.selected.min(rows(app).len().saturating_sub(1));
                }
            }
        }
        Action::SetOwner => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let id = b.id.clone();
            let current = b.owner.clone();
            let (options, selected) =
                crate::tui::popup::owner_choices(app.wb(), current.as_deref());
            let prompt = if app.wb().team.is_empty() {
                "The team is empty: add the first member."
            } else {
                ""
            };
            app.pick(
                &format!("Owner of {id}"),
                prompt,
                options,
                selected,
                then(Then::Owner(id)),
            );
        }
        Action::PriorityUp | Action::PriorityDown => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let (id, p) = (b.id.clone(), b.priority);
            let i = Priority::ALL.iter().position(|x| *x == p).unwrap_or(2);
            let next = if action == Action::PriorityUp {
                i.saturating_sub(1)
            } else {
                (i + 1).min(Priority::ALL.len() - 1)
            };
            set_priority(app, &id, Priority::ALL[next]);
        }
        Action::AcceptSuggestedPriority => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let (id, p) = (b.id.clone(), suggested_priority(&b.criteria));
            set_priority(app, &id, p);
        }
        Action::SetDue => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let id = b.id.clone();
            let due = b.due.map_or(String::new(), |d| d.to_string());
            let window = observation_window(app.wb())
                .map(|(s, _)| format!(" The observation window opens {s}: due later is at risk."))
                .unwrap_or_default();
            app.open(Popup::Input(Input::new(
                &format!("Due date of {id}"),
                &format!("YYYY-MM-DD; empty clears it.{window}"),
                &due,
                then(Then::Due(id)),
            )));
        }
        Action::ShowOnTimeline => {
            let Some(id) = need_item(app) else {
                return true;
            };
            crate::tui::views::timeline::show_backlog_due(app, &id);
        }
        Action::Enter | Action::Right if app.backlog.focus == Focus::Table => {
            if links(app).is_empty() {
                if action == Action::Enter {
                    app.info("this item links no criterion or item");
                }
                return action == Action::Enter;
            }
            app.backlog.focus = Focus::Links;
            app.backlog.link = 0;
        }
        Action::Enter => {
            let links = links(app);
            match links.get(app.backlog.link) {
                Some(Link::Criterion(c)) => {
                    let c = c.clone();
                    crate::tui::finder::show_in_checklist(app, &c, None);
                }
                Some(Link::Item { criterion, item }) => {
                    let (c, i) = (criterion.clone(), item.clone());
                    crate::tui::finder::show_in_checklist(app, &c, Some(&i));
                }
                Some(Link::Unknown(i)) => {
                    let i = i.clone();
                    app.error(format!("{i} is not a checklist item"));
                }
                None => {}
            }
        }
        Action::Left | Action::Back if app.backlog.focus == Focus::Links => {
            app.backlog.focus = Focus::Table;
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
                let id = selected_id(app);
                app.backlog.sort = Some(match app.backlog.sort {
                    Some((c, d)) if c == col => (c, d.flipped()),
                    _ => (col, SortDirection::Ascending),
                });
                keep_selection(app, id);
            } else if let Some(i) =
                crate::tui::views::clicked_index(body, row, column, app.backlog.selected, len)
            {
                app.backlog.selected = i;
                app.backlog.focus = Focus::Table;
                app.backlog.link = 0;
            } else if detail.contains(ratatui::layout::Position::new(column, row)) {
                if !links(app).is_empty() {
                    app.backlog.focus = Focus::Links;
                }
            } else {
                return false;
            }
        }
        other => {
            return match app.backlog.focus {
                Focus::Table => step(app.backlog.selected, len, other, page)
                    .map(|n| {
                        if n != app.backlog.selected {
                            app.backlog.link = 0;
                        }
                        app.backlog.selected = n;
                    })
                    .is_some(),
                Focus::Links => step(app.backlog.link, links(app).len(), other, page)
                    .map(|n| app.backlog.link = n)
                    .is_some(),
            };
        }
    }
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
        assert!(parse_new(&v(&["x", "", "", "2027-13-01", ""])).is_err());
        assert!(parse_new(&v(&["x", "", "", "", "P9"])).is_err());
        let blank = parse_new(&v(&["x", "", "", "", ""])).unwrap();
        assert_eq!((blank.due, blank.priority, blank.owner), (None, None, None));
    }
}
