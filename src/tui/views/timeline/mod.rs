//! Timeline: the plan as a Gantt chart across months with a today marker, backlog and
//! recurring-control due dates as markers, the plan's warnings, each milestone editable,
//! and the observation coverage of every in-scope recurring control, period by period.
//!
//! Why coverage sits under the chart: a Type II auditor samples the population of each
//! recurring control over the window, so a missed period is an exception; seeing the
//! periods next to the window's bar is how a team notices one before the auditor does.
//! Why re-planning asks first: dates a person set (pinned) or milestones already done are
//! never moved, and every other move is shown before it happens.
//!
//! `render.rs` draws, `input.rs` handles keys and popups, `replan.rs` is the re-plan popup;
//! this file holds the state and what other views call to jump here.

mod input;
mod render;
mod replan;

pub use input::{complete, update};
pub use render::full_text;
pub use render::{coverage_of, render};
pub use replan::{render_replan, replan_update};

use crate::analysis::schedule::{PlannedMove, Suggestion, replan, suggestions};
use crate::model::{Date, ReportType, Workbook};
use crate::tui::app::App;
use crate::tui::msg::Cursor;
use crate::tui::popup::Popup;

use super::View;

/// What a timeline popup was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    Dates(String),
    Status(String),
    Notes(String),
}

pub(super) fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Timeline(t)
}

/// Which part has the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Milestones,
    Coverage,
}

/// What the plan is generated from; a change of it is a reason to offer a re-plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeKey {
    pub report_type: ReportType,
    pub window_months: Option<u8>,
    pub target: Option<Date>,
    pub readiness_start: Option<Date>,
    /// What the scoping answers suggest: a new suggestion is a reason to offer too.
    pub suggested: Vec<Suggestion>,
}

/// The plan-relevant part of a workbook's scope.
pub fn scope_key(wb: &Workbook) -> ScopeKey {
    ScopeKey {
        report_type: wb.scope.report_type,
        window_months: wb.scope.observation_months,
        target: wb.scope.target_report_date,
        readiness_start: wb.scope.readiness_start,
        suggested: suggestions(wb),
    }
}

/// The timeline's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The selected milestone, by id.
    pub selected: Cursor,
    pub focus: Focus,
    /// The selected row of the coverage table, by item id.
    pub coverage: Cursor,
    /// The scope the plan was last offered (or made) for.
    pub seen_scope: Option<ScopeKey>,
    /// A backlog item whose due date is marked on the chart (from the Backlog's `T`).
    pub highlight: Option<String>,
}

/// The re-plan popup: what would move, applied on yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replan {
    pub title: String,
    pub intro: String,
    /// What the scoping answers suggest, applied with the moves on yes.
    pub suggestions: Vec<Suggestion>,
    pub moves: Vec<PlannedMove>,
    pub scroll: usize,
}

/// The selected milestone's row.
pub fn selected_index(wb: &Workbook, st: &State) -> usize {
    st.selected.index(wb.milestones.len(), |i| {
        wb.milestones.get(i).map(|m| m.id.as_str())
    })
}

/// Selects milestone row `pos`.
pub fn select_row(wb: &Workbook, st: &mut State, pos: usize) {
    st.selected
        .set(pos, |i| wb.milestones.get(i).map(|m| m.id.as_str()));
}

/// The selected milestone.
pub fn selected_milestone<'a>(wb: &'a Workbook, st: &State) -> Option<&'a crate::model::Milestone> {
    wb.milestones.get(selected_index(wb, st))
}

/// The selected coverage row among `cov`.
pub fn coverage_index(cov: &[crate::analysis::coverage::ControlCoverage], st: &State) -> usize {
    st.coverage
        .index(cov.len(), |i| cov.get(i).map(|c| c.item.as_str()))
}

/// Opens the Timeline with a backlog item's due date marked, selecting the milestone
/// the date falls in.
pub fn show_backlog_due(app: &mut App, id: &str) {
    let Some(b) = app.wb().backlog_item(id) else {
        return;
    };
    let Some(due) = b.due else {
        app.error(format!("{id} has no due date (D sets one)"));
        return;
    };
    let milestone = app
        .wb()
        .milestones
        .iter()
        .find(|m| m.phase != crate::model::Phase::Policies && m.start <= due && due <= m.end)
        .map(|m| m.id.clone());
    if let Some(m) = milestone {
        app.timeline.selected.select(m);
    }
    app.timeline.focus = Focus::Milestones;
    app.timeline.highlight = Some(id.to_string());
    app.view = View::Timeline;
}

/// After every action: when the Timeline is shown and the scope changed since the plan
/// was last offered, offer to re-plan (once per change).
pub fn after_update(app: &mut App) {
    let key = scope_key(app.wb());
    match &app.timeline.seen_scope {
        None => app.timeline.seen_scope = Some(key),
        Some(seen) if *seen != key && app.view == View::Timeline && app.popups.is_empty() => {
            // Only the answers' suggestions changed: offer them. A person changed the scope
            // by hand: re-plan what they chose, without the suggestions overriding it.
            let answers_only = ScopeKey {
                suggested: key.suggested.clone(),
                ..seen.clone()
            } == key;
            app.timeline.seen_scope = Some(key);
            offer(app, true, answers_only);
        }
        _ => {}
    }
}

pub(super) fn scope_words(wb: &Workbook) -> String {
    let mut s = match (wb.scope.report_type, wb.scope.observation_months) {
        (ReportType::TypeII, Some(m)) => format!("Type II, {m}-month window"),
        (rt, _) => rt.label().to_string(),
    };
    if let Some(t) = wb.scope.target_report_date {
        s.push_str(&format!(", report by {t}"));
    }
    s
}

/// Shows what a re-plan would move and asks; says so when nothing would. Asked for (r),
/// it also offers what the scoping answers suggest; after a scope change made by hand it
/// re-plans that change alone.
pub fn offer_replan(app: &mut App, scope_changed: bool) {
    offer(app, scope_changed, !scope_changed);
}

fn offer(app: &mut App, scope_changed: bool, with_suggestions: bool) {
    let suggested = if with_suggestions {
        suggestions(app.wb())
    } else {
        Vec::new()
    };
    let mut planned = app.wb().clone();
    crate::edit::apply_suggestions(&mut planned, &suggested);
    let moves = replan(&planned, app.today);
    let movable = moves.iter().filter(|m| m.kept.is_none()).count();
    if movable == 0 && suggested.is_empty() {
        if moves.is_empty() {
            if !scope_changed {
                app.info("the plan already matches the scope");
            }
        } else {
            app.info(format!(
                "the plan differs from the scope in {} milestone(s), all kept (dates set by hand or done)",
                moves.len()
            ));
        }
        return;
    }
    let words = scope_words(&planned);
    let intro = if !suggested.is_empty() {
        format!(
            "Your scoping answers suggest {}. Enter applies them ({words}) and re-plans: {movable} change(s); milestones with dates set by a person or already done stay where they are.",
            suggested
                .iter()
                .map(Suggestion::describe)
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else if scope_changed {
        format!(
            "The scope changed ({words}). Re-planning would make {movable} change(s); milestones with dates set by a person or already done stay where they are."
        )
    } else {
        format!(
            "A plan from the scope ({words}) would make {movable} change(s); milestones with dates set by a person or already done stay where they are."
        )
    };
    app.open(Popup::Replan(Replan {
        title: if scope_changed {
            "The scope changed: re-plan?".into()
        } else {
            "Re-plan?".into()
        },
        intro,
        suggestions: suggested,
        moves,
        scroll: 0,
    }));
}
