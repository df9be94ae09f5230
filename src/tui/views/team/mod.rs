//! Team: who is on the compliance effort, what each person owns, when they joined and
//! left, and the "my items" filter the Checklist and the Backlog share.
//!
//! Why a view of its own: owners are written everywhere by handle, so renaming, handing
//! over a leaver's items or removing someone must be one checked, undoable edit in one
//! place, with the counts in front of the person deciding.
//!
//! `render.rs` draws the table; `input.rs` handles keys and popups; this file holds the
//! state, the selection and "who am I".

mod input;
mod render;

pub use input::{complete, new_member_input, parse_new_member, update};
pub use render::render;

use crate::model::{Member, Workbook};
use crate::tui::app::App;
use crate::tui::msg::Cursor;

/// What a team popup was opened for; members are named by handle, never by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    Add,
    Rename(String),
    Role(String),
    Joined(String),
    Left(String),
    /// Whom the member's items go to was asked; the answer is a handle or "" for nobody.
    RemoveTo(String),
    /// Confirmed removal: the member and the heir of their items.
    Remove(String, Option<String>),
}

pub(super) fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Team(t)
}

/// The team view's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The selected member, by handle.
    pub selected: Cursor,
    /// "Only mine" is on in the Checklist and the Backlog.
    pub only_mine: bool,
}

/// The selected member's row in the team list (the file's order).
pub fn selected_index(wb: &Workbook, st: &State) -> usize {
    st.selected
        .index(wb.team.len(), |i| wb.team.get(i).map(|m| m.id.as_str()))
}

/// The member under the selection.
pub fn selected_member<'a>(wb: &'a Workbook, st: &State) -> Option<&'a Member> {
    wb.team.get(selected_index(wb, st))
}

/// Who the person at the keyboard said they are (per-user prefs), if still in the team.
pub fn me(app: &App) -> Option<&str> {
    app.prefs
        .me
        .as_deref()
        .filter(|id| app.wb().member(id).is_some())
}

/// The owner the Checklist and the Backlog show only, while "only mine" is on.
pub fn mine_filter(app: &App) -> Option<String> {
    if app.team.only_mine {
        me(app).map(str::to_string)
    } else {
        None
    }
}

/// The title suffix of a filtered view: ` · only mine: maria`, or nothing.
pub fn mine_title(app: &App) -> String {
    mine_filter(app).map_or_else(String::new, |me| {
        format!(" · only mine: {}", crate::tui::text::fit(&me, 16))
    })
}

/// The start of the Checklist's narrow tree title: `Mine: maria` or `Criteria`.
pub fn tree_title(app: &App) -> String {
    mine_filter(app).map_or_else(
        || "Criteria".to_string(),
        |me| format!("Mine: {}", crate::tui::text::fit(&me, 16)),
    )
}

/// What `v` reads in the Team view: the selected member's whole record, never cut.
pub fn full_text(app: &App) -> Option<crate::tui::fulltext::FullText> {
    let m = selected_member(app.wb(), &app.team)?;
    let date = |d: Option<crate::model::Date>| d.map_or("–".to_string(), |d| d.to_string());
    Some(crate::tui::fulltext::FullText::new(
        crate::tui::fulltext::title(&m.id, &m.name),
        vec![
            format!("Name: {}", m.name),
            format!("Role: {}", if m.role.is_empty() { "–" } else { &m.role }),
            format!("Joined: {} · Left: {}", date(m.joined), date(m.left)),
        ],
    ))
}
