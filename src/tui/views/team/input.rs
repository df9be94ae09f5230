//! Team keys and popups: add, rename, role, joined/left dates, remove with a hand-over,
//! "this is me", and the "only mine" toggle.

use ratatui::layout::Rect;

use crate::edit::owned_by;
use crate::model::Date;
use crate::tui::action::Action;
use crate::tui::edits::{Edit, MemberDate};
use crate::tui::msg::{Cx, Goto, Msg};
use crate::tui::popup::{Answer, Choice, Confirm, Input, Pick, Popup};
use crate::tui::text::clean;
use crate::tui::views::{clicked_index, inner};

use super::{State, Then, selected_index, selected_member, then};

/// The "new member" input: `handle, full name, role`.
pub fn new_member_input(t: crate::tui::popup::Then) -> Popup {
    Popup::Input(Input::new(
        "New team member",
        "Handle, full name, role (for example: maria, Maria Lopez, CTO)",
        "",
        t,
    ))
}

/// `maria, Maria Lopez, CTO` → the new member's handle, name and role.
pub fn parse_new_member(value: &str) -> (String, String, String) {
    let mut parts = value.splitn(3, ',').map(str::trim);
    let mut next = || parts.next().unwrap_or_default().to_string();
    (next(), next(), next())
}

/// Handles an action while the Team view has the focus; `false` when it does not apply.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let wb = cx.wb;
    let len = wb.team.len();
    let id_at = |i: usize| wb.team.get(i).map(|m| m.id.as_str());
    let page = usize::from(area.height.saturating_sub(3)).max(1);
    if st.selected.step(len, id_at, action, page) {
        return true;
    }
    if let Action::Click { column, row } = action {
        let mut list = inner(area);
        list.y = list.y.saturating_add(1);
        list.height = list.height.saturating_sub(1);
        if let Some(i) = clicked_index(list, row, column, selected_index(wb, st), len) {
            st.selected.set(i, id_at);
        }
        return true;
    }
    if action == Action::AddMember {
        out.push(Msg::Open(new_member_input(then(Then::Add))));
        return true;
    }
    let Some(m) = selected_member(wb, st) else {
        return false;
    };
    let id = m.id.clone();
    let ask = |title: &str, prompt: String, text: String, t: Then| {
        Msg::Open(Popup::Input(Input::new(title, &prompt, &text, then(t))))
    };
    let msg = match action {
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
                .map_or_else(|| cx.today.to_string(), |d| d.to_string()),
            Then::Left(id),
        ),
        Action::SetMe => {
            out.push(Msg::SetMe(id.clone()));
            Msg::Info(format!(
                "you are {} (kept in your own settings, not the workbook); M: only mine",
                clean(&id)
            ))
        }
        Action::Enter => Msg::Goto(Goto::BacklogOwner(id)),
        Action::Delete => {
            let mut options: Vec<Choice> = wb
                .team
                .iter()
                .filter(|o| o.id != id && o.left.is_none())
                .map(|o| Choice::new(format!("{} ({})", o.name, o.id), &o.id))
                .collect();
            options.push(Choice::nothing("(nobody)"));
            let owned = owned_by(wb, &id);
            Msg::Open(Popup::Pick(Pick {
                title: "Remove a member".into(),
                prompt: format!(
                    "Who takes over {}'s {} checklist items and {} backlog items?",
                    clean(&id),
                    owned.items,
                    owned.backlog
                ),
                options,
                selected: 0,
                then: then(Then::RemoveTo(id)),
            }))
        }
        _ => return false,
    };
    out.push(msg);
    true
}

fn date_or_blank(text: &str) -> Result<Option<Date>, String> {
    match text.trim() {
        "" => Ok(None),
        d => d.parse::<Date>().map(Some).map_err(|e| e.to_string()),
    }
}

/// Carries out what a team popup was opened for.
pub fn complete(cx: &Cx, _st: &mut State, t: Then, answer: Answer, out: &mut Vec<Msg>) {
    let value = answer.text().to_string();
    let edit = match t {
        Then::Add => {
            let (id, name, role) = parse_new_member(&value);
            out.push(Msg::Edit(Edit::AddMember {
                id: id.clone(),
                name,
                role,
                owns: None,
            }));
            out.push(Msg::Goto(Goto::Member(id)));
            return;
        }
        Then::Rename(id) => Edit::RenameMember { id, name: value },
        Then::Role(id) => Edit::MemberRole { id, role: value },
        Then::Joined(id) | Then::Left(id) if date_or_blank(&value).is_err() => {
            let e = date_or_blank(&value).err().unwrap_or_default();
            out.push(Msg::Error(format!("{}: {e}", clean(&id))));
            return;
        }
        Then::Joined(id) => Edit::MemberDates {
            joined: date_or_blank(&value).ok().flatten(),
            left: cx.wb.member(&id).and_then(|m| m.left),
            id,
            asked: MemberDate::Joined,
        },
        Then::Left(id) => Edit::MemberDates {
            left: date_or_blank(&value).ok().flatten(),
            joined: cx.wb.member(&id).and_then(|m| m.joined),
            id,
            asked: MemberDate::Left,
        },
        Then::RemoveTo(id) => {
            let to = match answer {
                Answer::Chosen(crate::tui::popup::Chosen::Value(to)) => Some(to),
                _ => None,
            };
            let owned = owned_by(cx.wb, &id);
            let heir = to
                .as_deref()
                .map_or("nobody".to_string(), |t| clean(t).into_owned());
            out.push(Msg::Open(Popup::Confirm(Confirm {
                message: format!(
                    "Remove {} from the team? Their {} checklist items and {} backlog items go to {heir}. (u undoes)",
                    clean(&id),
                    owned.items,
                    owned.backlog
                ),
                then: then(Then::Remove(id, to)),
            })));
            return;
        }
        Then::Remove(id, to) => Edit::RemoveMember { id, to },
    };
    out.push(Msg::Edit(edit));
}
