//! Policies and People: the policy register (state, version, approval, next review,
//! acknowledgements) and each person's record (background check, training, device, what
//! they owe), with single-key approve, review and acknowledge.
//!
//! Why one view with two tabs: the register and the people are the two halves of the same
//! controls (a version approved, then acknowledged by everyone), and an approval in one
//! tab shows at once as owed acknowledgements in the other.
//!
//! `render.rs` draws both tabs; `input.rs` turns keys and popup answers into messages;
//! this file holds the state, the selection and the file hashes.

mod input;
mod render;

pub use input::{complete, update};
pub use render::render;

use crate::analysis::policy::{Figures, FileNow, figures};
use crate::catalog::catalog;
use crate::catalog::policies::policy_set;
use crate::model::{Member, Workbook};
use crate::tui::app::App;
use crate::tui::msg::Cursor;

/// Which tab is showing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Policies,
    People,
}

/// What a popup of this view was opened for; policies and people are named by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// `approver, date` for a policy.
    Approve(String),
    /// `reviewer, date` for a policy.
    Review(String),
    /// The member who acknowledges a policy's version in force today.
    AckBy(String),
    /// The policy a member acknowledges today.
    AckOf(String),
    /// A policy's owner.
    Owner(String),
    /// A member's training date.
    Training(String),
    /// A member's background check date (blank clears).
    BackgroundCheck(String),
    /// A member's device enrolment date (blank clears).
    Device(String),
}

pub(super) fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Policies(t)
}

/// The Policies view's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub tab: Tab,
    /// The selected policy, by id.
    pub policy: Cursor,
    /// The selected person, by handle.
    pub person: Cursor,
}

/// What each register entry's file looks like on disk, as the loop last read it (views
/// never read files while drawing; see `tui::drift`).
pub fn file_now(app: &App) -> impl Fn(&str) -> FileNow + '_ {
    let files = app.drift.policy_files();
    move |file: &str| files.get(file).cloned().unwrap_or(FileNow::Unknown)
}

/// The register's ids in display order (the map's order).
pub fn policy_ids(wb: &Workbook) -> Vec<&str> {
    wb.policies.keys().map(String::as_str).collect()
}

/// The selected policy's row.
pub fn selected_policy_index(wb: &Workbook, st: &State) -> usize {
    let ids = policy_ids(wb);
    st.policy.index(ids.len(), |i| ids.get(i).copied())
}

/// The selected policy's id.
pub fn selected_policy<'a>(wb: &'a Workbook, st: &State) -> Option<&'a str> {
    policy_ids(wb).get(selected_policy_index(wb, st)).copied()
}

/// The selected person's row (the team's order).
pub fn selected_person_index(wb: &Workbook, st: &State) -> usize {
    st.person
        .index(wb.team.len(), |i| wb.team.get(i).map(|m| m.id.as_str()))
}

/// The selected person.
pub fn selected_person<'a>(wb: &'a Workbook, st: &State) -> Option<&'a Member> {
    wb.team.get(selected_person_index(wb, st))
}

/// The register and people figures, for the Dashboard.
pub fn dashboard_figures(app: &App) -> Figures {
    let now = file_now(app);
    figures(catalog(), policy_set(), app.wb(), &now, app.today)
}

/// What `v` reads: the selected policy (purpose, what it must say, what it backs) or the
/// selected person's whole record with everything they owe.
pub fn full_text(app: &App) -> Option<crate::tui::fulltext::FullText> {
    render::full_text(app)
}

/// Whether the tab in front offers `action`: approval, review and owner are the Policies
/// tab's; training, background check and device are the People tab's.
pub fn hint_applies(st: &State, action: crate::tui::action::Action) -> bool {
    use crate::tui::action::Action as A;
    match st.tab {
        Tab::Policies => !matches!(
            action,
            A::RecordTraining | A::SetBackgroundCheck | A::SetDeviceEnrolled
        ),
        Tab::People => !matches!(action, A::ApprovePolicy | A::ReviewPolicy | A::SetOwner),
    }
}
