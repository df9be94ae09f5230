//! The checklist's keys: status, owner, notes, evidence, occurrences, custom items and
//! turning a gap into a backlog item, each through `App::edit_touching`.

use crate::evidence::file_hash;
use crate::model::{Cadence, Date};
use crate::tui::history::Touch;

use ratatui::layout::Rect;

use crate::catalog::catalog;
use crate::edit::{self, ItemKey};
use crate::model::ItemStatus;
use crate::tui::action::Action;
use crate::tui::app::{ADD_MEMBER, App, Effect};
use crate::tui::popup::{Input, Popup};

use super::{Then, then};

use crate::tui::views::{clicked_index, inner, step};

use super::render::{detail_parts, panes};
use super::{Focus, Node, selected_criterion, selected_item, tree_rows};

pub(super) fn tree_len(app: &App) -> usize {
    tree_rows(app.wb(), &app.checklist).len()
}

pub(super) fn items_len(app: &App) -> usize {
    selected_criterion(app.wb(), &app.checklist).map_or(0, |c| {
        super::visible_items(c, app.wb(), &app.checklist).len()
    })
}

/// An item's notes as they are now (empty for an untouched item).
fn notes_of(app: &App, key: &ItemKey) -> String {
    app.wb()
        .item(&key.criterion, &key.item)
        .map(|r| r.notes.clone())
        .unwrap_or_default()
}

pub(super) fn need_item(app: &mut App) -> Option<ItemKey> {
    let key = selected_item(app);
    if key.is_none() {
        app.error("choose an item first: pick a criterion and press → or Enter");
        return None;
    }
    if app.checklist.focus == Focus::Tree {
        // A key meant for an item must not silently hit the first one.
        app.checklist.focus = Focus::Items;
        app.info("choose the item (↑/↓), then press the key again");
        return None;
    }
    key
}

/// Handles the checklist's keys.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let tree_len = tree_len(app);
    app.checklist.tree = app.checklist.tree.min(tree_len.saturating_sub(1));
    let page = usize::from(area.height / 2).max(1);
    match action {
        Action::ToggleOutOfScope => {
            let key = tree_rows(app.wb(), &app.checklist)
                .get(app.checklist.tree)
                .map(|r| node_key(r.node));
            app.checklist.show_out_of_scope = !app.checklist.show_out_of_scope;
            app.prefs.show_out_of_scope = app.checklist.show_out_of_scope;
            app.prefs_changed = true;
            let rows = tree_rows(app.wb(), &app.checklist);
            app.checklist.tree = key
                .and_then(|k| rows.iter().position(|r| node_key(r.node) == k))
                .unwrap_or(0);
            app.info(if app.checklist.show_out_of_scope {
                "showing out-of-scope criteria (dimmed)"
            } else {
                "hiding out-of-scope criteria"
            });
        }
        Action::Enter | Action::Right if app.checklist.focus == Focus::Tree => {
            let rows = tree_rows(app.wb(), &app.checklist);
            match rows.get(app.checklist.tree).map(|r| r.node) {
                Some(Node::Criterion(_)) => {
                    app.checklist.focus = Focus::Items;
                    app.checklist.item = app.checklist.item.min(items_len(app).saturating_sub(1));
                }
                Some(node) if action == Action::Enter => {
                    let key = node_key(node);
                    if !app.checklist.collapsed.remove(&key) {
                        app.checklist.collapsed.insert(key);
                    }
                }
                _ => return false,
            }
        }
        Action::Left | Action::Back if app.checklist.focus == Focus::Items => {
            app.checklist.focus = Focus::Tree;
        }
        Action::Click { column, row } => {
            let (left, right) = panes(area);
            let explanation = selected_criterion(app.wb(), &app.checklist)
                .map_or(String::new(), |c| c.explanation.clone());
            let (_, items_r, _) = detail_parts(right, &explanation);
            if let Some(i) = clicked_index(inner(left), row, column, app.checklist.tree, tree_len) {
                app.checklist.tree = i;
                app.checklist.item = 0;
                app.checklist.focus = Focus::Tree;
            } else if let Some(i) =
                clicked_index(items_r, row, column, app.checklist.item, items_len(app))
            {
                app.checklist.item = i;
                app.checklist.focus = Focus::Items;
            } else {
                return false;
            }
        }
        Action::SetStatus(ItemStatus::NotApplicable) => {
            let Some(key) = need_item(app) else {
                return true;
            };
            app.open(Popup::Input(Input::new(
                "Not applicable",
                &format!(
                    "Why does {} not apply? Auditors ask for the reason.",
                    key.item
                ),
                &app.wb()
                    .item(&key.criterion, &key.item)
                    .and_then(|r| r.reason.clone())
                    .unwrap_or_default(),
                then(Then::NaReason(key)),
            )));
        }
        Action::SetStatus(status) => {
            let Some(key) = need_item(app) else {
                return true;
            };
            if app
                .edit_touching(
                    &format!("mark {}", status.label()),
                    Touch::Criterion(key.criterion.clone()),
                    |wb, _| edit::set_item_status(wb, &key, status, None),
                )
                .is_some()
            {
                app.info(format!("{} is {}", key.item, status.label()));
            }
        }
        Action::SetOwner => {
            let Some(key) = need_item(app) else {
                return true;
            };
            let wb = app.wb();
            let current = wb
                .item(&key.criterion, &key.item)
                .and_then(|r| r.owner.clone());
            let (options, selected) = crate::tui::popup::owner_choices(wb, current.as_deref());
            let prompt = if wb.team.is_empty() {
                "The team is empty: add the first member."
            } else {
                ""
            };
            app.pick("Owner", prompt, options, selected, then(Then::Owner(key)));
        }
        Action::EditNoteInline => {
            let Some(key) = need_item(app) else {
                return true;
            };
            let notes = notes_of(app, &key);
            if notes.contains('\n') {
                app.effect = Some(Effect::EditNote(key, notes));
            } else {
                app.open(Popup::Input(Input::new(
                    "Note",
                    "One line (E edits a longer note in $EDITOR)",
                    &notes,
                    then(Then::Note(key)),
                )));
            }
        }
        Action::EditNoteInEditor => {
            let Some(key) = need_item(app) else {
                return true;
            };
            let notes = notes_of(app, &key);
            app.effect = Some(Effect::EditNote(key, notes));
        }
        Action::AddEvidence => {
            let Some(key) = need_item(app) else {
                return true;
            };
            app.open(Popup::Input(Input::new(
                "Add evidence",
                &format!(
                    "A repo path, URL or ticket, then optionally the date collected and @who\n(for example: docs/policies/access.md {} @maria). A file in the repo gets its SHA-256 recorded.",
                    app.today
                ),
                "",
                then(Then::Evidence(key)),
            )));
        }
        Action::RecordOccurrence => {
            let Some(key) = need_item(app) else {
                return true;
            };
            if edit::cadence_of(catalog(), app.wb(), &key).is_none() {
                app.error(format!("{} is not a recurring control", key.item));
                return true;
            }
            app.open(Popup::Input(Input::new(
                "Record an occurrence",
                "The date it was performed, optionally followed by its evidence\n(for example: 2027-03-02 SEC-412)",
                &app.today.to_string(),
                then(Then::Occurrence(key)),
            )));
        }
        Action::AddCustomItem => {
            let Some(c) = selected_criterion(app.wb(), &app.checklist) else {
                app.error("choose a criterion first");
                return true;
            };
            let id = c.id.clone();
            app.open(Popup::Input(Input::new(
                "New item",
                &format!("What your team does for {id}, in a short sentence; end with (monthly),\n(quarterly), (semi-annual) or (annual) for a recurring control"),
                "",
                then(Then::CustomItem(id)),
            )));
        }
        Action::GapToBacklog => {
            let Some(key) = need_item(app) else {
                return true;
            };
            gap_to_backlog(app, &key);
        }
        other => {
            let moved = match app.checklist.focus {
                Focus::Tree => step(app.checklist.tree, tree_len, other, page).map(|n| {
                    if n != app.checklist.tree {
                        app.checklist.item = 0;
                    }
                    app.checklist.tree = n;
                }),
                Focus::Items => step(app.checklist.item, items_len(app), other, page)
                    .map(|n| app.checklist.item = n),
            };
            return moved.is_some();
        }
    }
    true
}

pub(super) fn node_key(node: Node) -> String {
    match node {
        Node::Category(c) => c.label().to_string(),
        Node::Series(s) => s.to_string(),
        Node::Criterion(c) => c.id.clone(),
    }
}

pub(super) fn gap_to_backlog(app: &mut App, key: &ItemKey) {
    let status = app
        .wb()
        .item(&key.criterion, &key.item)
        .map_or(ItemStatus::NotStarted, |r| r.status);
    if matches!(status, ItemStatus::Implemented | ItemStatus::NotApplicable) {
        app.error(format!("{} is {}: not a gap", key.item, status.label()));
        return;
    }
    if let Some(existing) = app
        .wb()
        .backlog
        .iter()
        .find(|b| b.status.is_open() && b.items.contains(&key.item))
    {
        let id = existing.id.clone();
        app.error(format!("{} is already in the backlog as {id}", key.item));
        return;
    }
    let today = app.today;
    if let Some(id) = app.edit_touching("gap to backlog", Touch::BacklogAppend, |wb, rng| {
        edit::gap_to_backlog(catalog(), wb, key, today, rng)
    }) {
        let due = app
            .wb()
            .backlog_item(&id)
            .and_then(|b| b.due)
            .map_or(String::new(), |d| format!(", due {d}"));
        app.info(format!("backlog item {id} created for {}{due}", key.item));
    }
}

/// Carries out what a checklist popup was opened for, with the text or option it returned.
pub fn complete(app: &mut App, answer: Then, value: String) {
    let today = app.today;
    let cat = catalog();
    match answer {
        Then::NaReason(key) => {
            if app
                .edit_touching(
                    "mark N/A",
                    Touch::Criterion(key.criterion.clone()),
                    |wb, _| {
                        edit::set_item_status(wb, &key, ItemStatus::NotApplicable, Some(&value))
                    },
                )
                .is_some()
            {
                app.info(format!("{} is N/A: {}", key.item, value.trim()));
            }
        }
        Then::Owner(key) => match value.as_str() {
            ADD_MEMBER => app.open(Popup::Input(Input::new(
                "New team member",
                "Handle, full name, role (for example: maria, Maria Lopez, CTO)",
                "",
                then(Then::NewMember(Some(key))),
            ))),
            owner => {
                let owner = (!owner.is_empty()).then_some(owner);
                if app
                    .edit_touching(
                        "set owner",
                        Touch::Criterion(key.criterion.clone()),
                        |wb, _| edit::set_item_owner(wb, &key, owner),
                    )
                    .is_some()
                {
                    app.info(match owner {
                        Some(o) => format!("{} is owned by {o}", key.item),
                        None => format!("{} has no owner", key.item),
                    });
                }
            }
        },
        Then::NewMember(assign) => {
            let mut parts = value.splitn(3, ',').map(str::trim);
            let id = parts.next().unwrap_or_default().to_string();
            let name = parts.next().unwrap_or_default().to_string();
            let role = parts.next().unwrap_or_default().to_string();
            let touch = assign
                .as_ref()
                .map_or(Touch::Small, |k| Touch::Criterion(k.criterion.clone()));
            let added = app.edit_touching("add team member", touch, |wb, _| {
                edit::add_member(wb, &id, &name, &role)?;
                if let Some(key) = &assign {
                    edit::set_item_owner(wb, key, Some(&id))?;
                }
                Ok(())
            });
            if added.is_some() {
                app.info(format!("{id} joined the team"));
            }
        }
        Then::Note(key) => {
            if app
                .edit_touching(
                    "edit note",
                    Touch::Criterion(key.criterion.clone()),
                    |wb, _| {
                        edit::set_item_notes(wb, &key, &value);
                        Ok(())
                    },
                )
                .is_some()
            {
                app.info("note saved");
            }
        }
        Then::Evidence(key) => {
            let (reference, date, by) = parse_evidence_line(&value);
            let sha256 = file_hash(&app.doc.path, &reference);
            let hashed = sha256.is_some();
            let result = app.edit_touching(
                "add evidence",
                Touch::Criterion(key.criterion.clone()),
                |wb, rng| {
                    edit::add_evidence_of_occurrence(
                        cat,
                        wb,
                        &key,
                        edit::NewEvidence {
                            reference: reference.clone(),
                            collected: date,
                            by: by.clone(),
                            sha256,
                        },
                        today,
                        rng,
                    )
                },
            );
            if let Some((id, started)) = result {
                app.info(format!(
                    "evidence {id} added{}{}",
                    if hashed { " with its SHA-256" } else { "" },
                    if started {
                        "; the control is now in progress"
                    } else {
                        ""
                    }
                ));
            }
        }
        Then::Occurrence(key) => {
            let text = value.trim();
            let (date_text, evidence) = text.split_once(' ').unwrap_or((text, ""));
            let date = if date_text.is_empty() {
                Ok(today)
            } else {
                date_text.parse::<Date>()
            };
            match date {
                Err(e) => app.error(e.to_string()),
                Ok(date) => {
                    let evidence = evidence.trim().to_string();
                    let sha256 = file_hash(&app.doc.path, &evidence);
                    let was = app
                        .wb()
                        .item(&key.criterion, &key.item)
                        .map(|r| r.status)
                        .unwrap_or_default();
                    let done = app.edit_touching(
                        "record occurrence",
                        Touch::Criterion(key.criterion.clone()),
                        |wb, rng| {
                            edit::record_occurrence(wb, &key, date, today)?;
                            if !evidence.is_empty() {
                                edit::add_evidence(
                                    cat,
                                    wb,
                                    &key,
                                    edit::NewEvidence {
                                        reference: evidence.clone(),
                                        collected: Some(date),
                                        by: None,
                                        sha256,
                                    },
                                    today,
                                    rng,
                                )?;
                            }
                            Ok(())
                        },
                    );
                    if done.is_some() {
                        let now = app
                            .wb()
                            .item(&key.criterion, &key.item)
                            .map(|r| r.status)
                            .unwrap_or_default();
                        let moved =
                            if was == ItemStatus::NotStarted && now == ItemStatus::InProgress {
                                "; it was not started, so it is now in progress"
                            } else {
                                ""
                            };
                        app.info(format!("{} performed on {date}{moved}", key.item));
                    }
                }
            }
        }
        Then::CustomItem(criterion) => {
            if let Some(key) = app.edit_touching(
                "add custom item",
                Touch::Criterion(criterion.clone()),
                |wb, rng| {
                    let (title, cadence) = parse_custom_item(&value);
                    edit::add_custom_item(cat, wb, &criterion, &title, cadence, rng)
                },
            ) {
                app.info(format!("added {} to {criterion}", key.item));
                super::select_item(app, &key.item);
            }
        }
    }
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
