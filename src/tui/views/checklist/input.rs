//! The checklist's keys: status, owner, notes, evidence, occurrences, custom items and
//! turning a gap into a backlog item, each a typed [`Edit`] message.

use ratatui::layout::Rect;

use crate::catalog::catalog;
use crate::edit::{self, ItemKey, NewEvidence};
use crate::evidence::file_hash;
use crate::model::{Cadence, Date, ItemStatus};
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::edits::{Edit, Owns};
use crate::tui::msg::{Cx, Msg};
use crate::tui::popup::{Answer, Chosen, Input, Pick, Popup};
use crate::tui::views::{clicked_index, inner, step};

use super::render::{detail_parts, panes};
use super::{
    Focus, Node, State, Then, item_index, node_key, selected_criterion, selected_key, set_item,
    set_tree, then, tree_index, tree_rows, visible_items,
};

/// An item's notes as they are now (empty for an untouched item).
fn notes_of(cx: &Cx, key: &ItemKey) -> String {
    cx.wb
        .item(&key.criterion, &key.item)
        .map(|r| r.notes.clone())
        .unwrap_or_default()
}

/// The selected item when the items have the focus; else says what to do.
fn need_item(cx: &Cx, st: &mut State, out: &mut Vec<Msg>) -> Option<ItemKey> {
    let key = selected_key(cx.wb, st);
    if key.is_none() {
        out.push(Msg::Error(
            "choose an item first: pick a criterion and press → or Enter".into(),
        ));
        return None;
    }
    if st.focus == Focus::Tree {
        // A key meant for an item must not silently hit the first one.
        st.focus = Focus::Items;
        out.push(Msg::Info(
            "choose the item (↑/↓), then press the key again".into(),
        ));
        return None;
    }
    key
}

fn input(title: &str, prompt: &str, text: &str, t: Then) -> Msg {
    Msg::Open(Popup::Input(Input::new(title, prompt, text, then(t))))
}

/// Handles the checklist's keys.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let wb = cx.wb;
    let rows = tree_rows(wb, st);
    let tree_len = rows.len();
    let tree_at = tree_index(&rows, st);
    let criterion = selected_criterion(wb, st);
    let items = criterion.map_or_else(Vec::new, |c| visible_items(c, wb, st));
    let item_at = item_index(&items, st);
    let page = usize::from(area.height / 2).max(1);
    let msg = match action {
        Action::ToggleOutOfScope => {
            let key = rows.get(tree_at).map(|r| node_key(r.node));
            let show = !st.show_out_of_scope;
            st.show_out_of_scope = show;
            if let Some(key) = key {
                st.tree.select(key);
            }
            let rows = tree_rows(wb, st);
            let at = tree_index(&rows, st);
            set_tree(&rows, st, at);
            out.push(Msg::ShowOutOfScope(show));
            Msg::Info(
                if show {
                    "showing out-of-scope criteria (dimmed)"
                } else {
                    "hiding out-of-scope criteria"
                }
                .into(),
            )
        }
        Action::Enter | Action::Right if st.focus == Focus::Tree => {
            match rows.get(tree_at).map(|r| r.node) {
                Some(Node::Criterion(_)) => {
                    st.focus = Focus::Items;
                    set_item(&items, st, item_at);
                }
                Some(node) if action == Action::Enter => {
                    let key = node_key(node);
                    if !st.collapsed.remove(&key) {
                        st.collapsed.insert(key);
                    }
                }
                _ => return false,
            }
            return true;
        }
        Action::Left | Action::Back if st.focus == Focus::Items => {
            st.focus = Focus::Tree;
            return true;
        }
        Action::Click { column, row } => {
            let (left, right) = panes(area);
            let explanation = criterion.map_or(String::new(), |c| c.explanation.clone());
            let (_, items_r, _) = detail_parts(right, &explanation);
            if let Some(i) = clicked_index(inner(left), row, column, tree_at, tree_len) {
                set_tree(&rows, st, i);
                st.item = Default::default();
                st.focus = Focus::Tree;
            } else if let Some(i) = clicked_index(items_r, row, column, item_at, items.len()) {
                set_item(&items, st, i);
                st.focus = Focus::Items;
            } else {
                return false;
            }
            return true;
        }
        Action::SetStatus(ItemStatus::NotApplicable) => {
            let Some(key) = need_item(cx, st, out) else {
                return true;
            };
            input(
                "Not applicable",
                &format!(
                    "Why does {} not apply? Auditors ask for the reason.",
                    key.item
                ),
                &wb.item(&key.criterion, &key.item)
                    .and_then(|r| r.reason.clone())
                    .unwrap_or_default(),
                Then::NaReason(key),
            )
        }
        Action::SetStatus(status) => {
            let Some(key) = need_item(cx, st, out) else {
                return true;
            };
            Msg::Edit(Edit::ItemStatus {
                key,
                status,
                reason: None,
            })
        }
        Action::SetOwner => {
            let Some(key) = need_item(cx, st, out) else {
                return true;
            };
            let current = wb
                .item(&key.criterion, &key.item)
                .and_then(|r| r.owner.clone());
            let (options, selected) = crate::tui::popup::owner_choices(wb, current.as_deref());
            let prompt = if wb.team.is_empty() {
                "The team is empty: add the first member."
            } else {
                ""
            };
            Msg::Open(Popup::Pick(Pick {
                title: "Owner".into(),
                prompt: prompt.into(),
                options,
                selected,
                then: then(Then::Owner(key)),
            }))
        }
        Action::EditNoteInline => {
            let Some(key) = need_item(cx, st, out) else {
                return true;
            };
            let notes = notes_of(cx, &key);
            if notes.contains('\n') {
                Msg::Effect(Effect::EditNote(key, notes))
            } else {
                input(
                    "Note",
                    "One line (E edits a longer note in $EDITOR)",
                    &notes,
                    Then::Note(key),
                )
            }
        }
        Action::EditNoteInEditor => {
            let Some(key) = need_item(cx, st, out) else {
                return true;
            };
            let notes = notes_of(cx, &key);
            Msg::Effect(Effect::EditNote(key, notes))
        }
        Action::AddEvidence => {
            let Some(key) = need_item(cx, st, out) else {
                return true;
            };
            input(
                "Add evidence",
                &format!(
                    "A repo path, URL or ticket, then optionally the date collected and @who\n(for example: docs/policies/access.md {} @maria). A file in the repo gets its SHA-256 recorded.",
                    cx.today
                ),
                "",
                Then::Evidence(key),
            )
        }
        Action::RecordOccurrence => {
            let Some(key) = need_item(cx, st, out) else {
                return true;
            };
            if edit::cadence_of(catalog(), wb, &key).is_none() {
                Msg::Error(format!("{} is not a recurring control", key.item))
            } else {
                input(
                    "Record an occurrence",
                    "The date it was performed, optionally followed by its evidence\n(for example: 2027-03-02 SEC-412)",
                    &cx.today.to_string(),
                    Then::Occurrence(key),
                )
            }
        }
        Action::AddCustomItem => {
            let Some(c) = criterion else {
                out.push(Msg::Error("choose a criterion first".into()));
                return true;
            };
            let id = c.id.clone();
            input(
                "New item",
                &format!(
                    "What your team does for {id}, in a short sentence; end with (monthly),\n(quarterly), (semi-annual) or (annual) for a recurring control"
                ),
                "",
                Then::CustomItem(id),
            )
        }
        Action::GapToBacklog => {
            let Some(key) = need_item(cx, st, out) else {
                return true;
            };
            gap_to_backlog(cx, key)
        }
        other => {
            let moved = match st.focus {
                Focus::Tree => step(tree_at, tree_len, other, page).map(|n| {
                    if n != tree_at {
                        st.item = Default::default();
                    }
                    set_tree(&rows, st, n);
                }),
                Focus::Items => {
                    step(item_at, items.len(), other, page).map(|n| set_item(&items, st, n))
                }
            };
            return moved.is_some();
        }
    };
    out.push(msg);
    true
}

/// The gap-to-backlog edit, or why the item is not a gap.
fn gap_to_backlog(cx: &Cx, key: ItemKey) -> Msg {
    let status = cx
        .wb
        .item(&key.criterion, &key.item)
        .map_or(ItemStatus::NotStarted, |r| r.status);
    if matches!(status, ItemStatus::Implemented | ItemStatus::NotApplicable) {
        return Msg::Error(format!("{} is {}: not a gap", key.item, status.label()));
    }
    if let Some(existing) = cx
        .wb
        .backlog
        .iter()
        .find(|b| b.status.is_open() && b.items.contains(&key.item))
    {
        return Msg::Error(format!(
            "{} is already in the backlog as {}",
            key.item, existing.id
        ));
    }
    Msg::Edit(Edit::GapToBacklog(key))
}

/// Carries out what a checklist popup was opened for, with the answer it returned.
pub fn complete(cx: &Cx, _st: &mut State, t: Then, answer: Answer, out: &mut Vec<Msg>) {
    let value = answer.text().to_string();
    let edit = match t {
        Then::NaReason(key) => Edit::ItemStatus {
            key,
            status: ItemStatus::NotApplicable,
            reason: Some(value),
        },
        Then::Owner(key) => match answer {
            Answer::Chosen(Chosen::AddMember) => {
                out.push(Msg::Open(crate::tui::views::team::new_member_input(then(
                    Then::NewMember(Some(key)),
                ))));
                return;
            }
            Answer::Chosen(Chosen::Value(owner)) => Edit::ItemOwner {
                key,
                owner: Some(owner),
            },
            _ => Edit::ItemOwner { key, owner: None },
        },
        Then::NewMember(assign) => {
            let (id, name, role) = crate::tui::views::team::parse_new_member(&value);
            Edit::AddMember {
                id,
                name,
                role,
                owns: assign.map(Owns::Item),
            }
        }
        Then::Note(key) => Edit::ItemNotes { key, notes: value },
        Then::Evidence(key) => {
            let (reference, collected, by) = parse_evidence_line(&value);
            let sha256 = file_hash(cx.path, &reference);
            Edit::Evidence {
                key,
                evidence: NewEvidence {
                    reference,
                    collected,
                    by,
                    sha256,
                },
            }
        }
        Then::Occurrence(key) => {
            let text = value.trim();
            let (date_text, evidence) = text.split_once(' ').unwrap_or((text, ""));
            let date = if date_text.is_empty() {
                Ok(cx.today)
            } else {
                date_text.parse::<Date>()
            };
            match date {
                Err(e) => {
                    out.push(Msg::Error(e.to_string()));
                    return;
                }
                Ok(date) => {
                    let evidence = evidence.trim().to_string();
                    let evidence = (!evidence.is_empty()).then(|| NewEvidence {
                        sha256: file_hash(cx.path, &evidence),
                        reference: evidence,
                        collected: Some(date),
                        by: None,
                    });
                    Edit::Occurrence {
                        key,
                        date,
                        evidence,
                    }
                }
            }
        }
        Then::CustomItem(criterion) => {
            let (title, cadence) = parse_custom_item(&value);
            Edit::CustomItem {
                criterion,
                title,
                cadence,
            }
        }
    };
    out.push(Msg::Edit(edit));
}

/// What a person types when adding evidence: `REFERENCE [DATE] [@WHO]`, in any order after
/// the reference, as in `SEC-412 2027-01-15 @maria`.
pub fn parse_evidence_line(text: &str) -> (String, Option<Date>, Option<String>) {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut date = None;
    let mut by = None;
    while words.len() > 1 {
        let last = words[words.len() - 1];
        if let Some(handle) = last
            .strip_prefix('@')
            .filter(|h| !h.is_empty() && by.is_none())
        {
            by = Some(handle.to_string());
        } else if let (None, Ok(d)) = (date, last.parse::<Date>()) {
            date = Some(d);
        } else {
            break;
        }
        words.pop();
    }
    (words.join(" "), date, by)
}

/// A custom item's title, with a trailing `(monthly)`, `(quarterly)`, `(semi-annual)`,
/// `(annual)` or `(weekly)` read as its cadence.
pub fn parse_custom_item(text: &str) -> (String, Option<Cadence>) {
    let text = text.trim();
    if let Some(head) = text.strip_suffix(')')
        && let Some((title, cadence)) = head.rsplit_once('(')
        && let Some(c) = Cadence::ALL
            .into_iter()
            .find(|c| c.label() == cadence.trim().to_lowercase())
    {
        return (title.trim().to_string(), Some(c));
    }
    (text.to_string(), None)
}
