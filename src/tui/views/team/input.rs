//! Team keys and popups: add, rename, role, joined/left dates, remove with a hand-over,
//! "this is me", and the "only mine" toggle.

use ratatui::layout::Rect;

use crate::edit::{self, owned_by};
use crate::model::Date;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::history::Touch;
use crate::tui::popup::{Choice, Input, Popup};
use crate::tui::text::clean;
use crate::tui::views::{clicked_index, inner, step};

use super::{Then, select_id, selected_member, sync_mine, then};

/// Handles an action while the Team view has the focus; `false` when it does not apply.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let len = app.wb().team.len();
    let page = usize::from(area.height.saturating_sub(3)).max(1);
    if let Some(next) = step(app.team.selected, len, action, page) {
        app.team.selected = next;
        return true;
    }
    if let Action::Click { column, row } = action {
        let mut list = inner(area);
        list.y = list.y.saturating_add(1);
        list.height = list.height.saturating_sub(1);
        if let Some(i) = clicked_index(list, row, column, app.team.selected, len) {
            app.team.selected = i;
        }
        return true;
    }
    if action == Action::AddMember {
        app.open(Popup::Input(Input::new(
            "New team member",
            "Handle, full name, role (for example: maria, Maria Lopez, CTO)",
            "",
            then(Then::Add),
        )));
        return true;
    }
    let Some(m) = selected_member(app).cloned() else {
        return false;
    };
    let id = m.id.clone();
    let ask = |title: &str, prompt: String, text: String, t: Then| {
        Popup::Input(Input::new(title, &prompt, &text, then(t)))
    };
    let popup = match action {
        Action::RenameMember => ask(
            "Rename",
            format!("Name of {} (the handle stays)", clean(&id)),
            m.name.clone(),
            Then::Rename(id),
        ),
        Action::SetRole => ask(
            "Role",
            format!("Role of {} (blank: none)", clean(&id)),
            m.role.clone(),
            Then::Role(id),
        ),
        Action::SetJoined => ask(
            "Joined",
            format!(
                "When {} joined, YYYY-MM-DD (blank: not recorded)",
                clean(&id)
            ),
            m.joined.map_or_else(String::new, |d| d.to_string()),
            Then::Joined(id),
        ),
        Action::SetLeft => ask(
            "Left",
            format!(
                "When {} left, YYYY-MM-DD (blank: still here; a leaver stays listed)",
                clean(&id)
            ),
            m.left
                .map_or_else(|| app.today.to_string(), |d| d.to_string()),
            Then::Left(id),
        ),
        Action::SetMe => {
            app.prefs.me = Some(id.clone());
            app.prefs_changed = true;
            sync_mine(app);
            app.info(format!(
                "you are {} (kept in your own settings, not the workbook); M: only mine",
                clean(&id)
            ));
            return true;
        }
        Action::Enter => {
            crate::tui::views::backlog::show_owner(app, &id);
            return true;
        }
        Action::Delete => {
            let mut options: Vec<Choice> = app
                .wb()
                .team
                .iter()
                .filter(|o| o.id != id && o.left.is_none())
                .map(|o| Choice::new(format!("{} ({})", o.name, o.id), &o.id))
                .collect();
            options.push(Choice::new("(nobody)", ""));
            let owned = owned_by(app.wb(), &id);
            app.pick(
                "Remove a member",
                &format!(
                    "Who takes over {}'s {} checklist items and {} backlog items?",
                    clean(&id),
                    owned.items,
                    owned.backlog
                ),
                options,
                0,
                then(Then::RemoveTo(id)),
            );
            return true;
        }
        _ => return false,
    };
    app.open(popup);
    true
}

fn date_or_blank(text: &str) -> Result<Option<Date>, String> {
    match text.trim() {
        "" => Ok(None),
        d => d.parse::<Date>().map(Some).map_err(|e| e.to_string()),
    }
}

/// Carries out what a team popup was opened for.
pub fn complete(app: &mut App, t: Then, value: String) {
    match t {
        Then::Add => {
            let mut parts = value.splitn(3, ',').map(str::trim);
            let id = parts.next().unwrap_or_default().to_string();
            let name = parts.next().unwrap_or_default().to_string();
            let role = parts.next().unwrap_or_default().to_string();
            if app
                .edit_touching("add team member", Touch::Small, |wb, _| {
                    edit::add_member(wb, &id, &name, &role)
                })
                .is_some()
            {
                select_id(app, &id);
                app.info(format!("{} joined the team", clean(&id)));
            }
        }
        Then::Rename(id) => {
            if app
                .edit_touching("rename team member", Touch::Small, |wb, _| {
                    edit::rename_member(wb, &id, &value)
                })
                .is_some()
            {
                app.info(format!(
                    "{} is now called {}",
                    clean(&id),
                    clean(value.trim())
                ));
            }
        }
        Then::Role(id) => {
            app.edit_touching("change role", Touch::Small, |wb, _| {
                edit::set_member_role(wb, &id, &value)
            });
        }
        Then::Joined(id) | Then::Left(id) if date_or_blank(&value).is_err() => {
            let e = date_or_blank(&value).err().unwrap_or_default();
            app.error(format!("{}: {e}", clean(&id)));
        }
        Then::Joined(id) => {
            let joined = date_or_blank(&value).ok().flatten();
            let left = app.wb().member(&id).and_then(|m| m.left);
            app.edit_touching("record joined date", Touch::Small, |wb, _| {
                edit::set_member_dates(wb, &id, joined, left)
            });
        }
        Then::Left(id) => {
            let left = date_or_blank(&value).ok().flatten();
            let joined = app.wb().member(&id).and_then(|m| m.joined);
            if app
                .edit_touching("record leaving date", Touch::Small, |wb, _| {
                    edit::set_member_dates(wb, &id, joined, left)
                })
                .is_some()
                && let Some(left) = left
            {
                app.info(format!(
                    "{} left on {left}; kept in the team so past ownership reads right (X removes)",
                    clean(&id)
                ));
            }
        }
        Then::RemoveTo(id) => {
            let to = (!value.is_empty()).then_some(value);
            let owned = owned_by(app.wb(), &id);
            let heir = to
                .as_deref()
                .map_or("nobody".to_string(), |t| clean(t).into_owned());
            app.confirm(
                format!(
                    "Remove {} from the team? Their {} checklist items and {} backlog items go to {heir}. (u undoes)",
                    clean(&id),
                    owned.items,
                    owned.backlog
                ),
                then(Then::Remove(id, to)),
            );
        }
        Then::Remove(id, to) => {
            let moved = app.edit_touching("remove team member", Touch::Everything, |wb, _| {
                edit::remove_member(wb, &id, to.as_deref())
            });
            sync_mine(app);
            if let Some(moved) = moved {
                let len = app.wb().team.len();
                app.team.selected = app.team.selected.min(len.saturating_sub(1));
                let heir = to
                    .as_deref()
                    .map_or("nobody".to_string(), |t| clean(t).into_owned());
                app.info(format!(
                    "removed {}; {} items went to {heir} (u undoes)",
                    clean(&id),
                    moved.items + moved.backlog
                ));
            }
        }
    }
}
