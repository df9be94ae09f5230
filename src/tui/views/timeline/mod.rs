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

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::coverage::{ControlCoverage, MarkerKind};
use crate::analysis::schedule::{PlannedMove, Suggestion, replan, suggestions};
use crate::model::{Date, ReportType, Workbook};
use crate::tui::msg::Cursor;
use crate::tui::msg::Msg;
use crate::tui::popup::Popup;

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
    /// What the chart shows that depends only on the workbook and the day.
    derived: Memo,
}

/// The cache of [`Derived`]: never part of what makes two states differ.
#[derive(Debug, Clone, Default)]
struct Memo(RefCell<Option<Rc<Derived>>>);

impl PartialEq for Memo {
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

impl Eq for Memo {}

/// The timeline's figures that depend only on the workbook and the day, worked out once
/// per change instead of on every frame and key: at 100,000 backlog items the markers and
/// the plan's warnings each walk the whole backlog.
#[derive(Debug)]
pub(super) struct Derived {
    /// The workbook's generation and the day they were worked out for.
    key: (u64, Date),
    /// Every marker's date and kind.
    pub(super) markers: Vec<(Date, MarkerKind)>,
    /// Each warning or suggestion with its mark (`!` or `›`), unwrapped.
    pub(super) warnings: Vec<(&'static str, String)>,
    /// The coverage rows: every in-scope recurring control.
    pub(super) coverage: Vec<ControlCoverage>,
}

/// [`Derived`] for this workbook (its `generation`) on `today`, from the cache when it is
/// for them.
pub(super) fn derived(wb: &Workbook, today: Date, generation: u64, st: &State) -> Rc<Derived> {
    let key = (generation, today);
    if let Some(d) = st.derived.0.borrow().as_ref()
        && d.key == key
    {
        return Rc::clone(d);
    }
    let cat = crate::catalog::catalog();
    let d = Rc::new(Derived {
        key,
        markers: crate::analysis::coverage::marker_days(cat, wb, today),
        warnings: render::warnings(wb, today),
        coverage: crate::analysis::coverage::coverage(cat, wb, today),
    });
    *st.derived.0.borrow_mut() = Some(Rc::clone(&d));
    d
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

/// The milestone a backlog item's due date falls in (the Timeline selects it when the
/// Backlog's `T` marks the date); `Err` says why there is no date to mark.
pub fn due_milestone(wb: &Workbook, id: &str) -> Result<Option<String>, String> {
    let Some(b) = wb.backlog_item(id) else {
        return Ok(None);
    };
    let Some(due) = b.due else {
        return Err(format!("{id} has no due date (D sets one)"));
    };
    Ok(wb
        .milestones
        .iter()
        .find(|m| m.phase != crate::model::Phase::Policies && m.start <= due && due <= m.end)
        .map(|m| m.id.clone()))
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

/// What a re-plan would move, as the popup that asks; or what to say when nothing
/// would move (`None`: nothing to say). With `with_suggestions` it also offers what the
/// scoping answers suggest; after a scope change made by hand it does not, so the
/// suggestions never override what the person chose.
pub fn offer(
    wb: &Workbook,
    today: Date,
    scope_changed: bool,
    with_suggestions: bool,
) -> Option<Msg> {
    let suggested = if with_suggestions {
        suggestions(wb)
    } else {
        Vec::new()
    };
    let mut planned = wb.clone();
    crate::edit::apply_suggestions(&mut planned, &suggested);
    let moves = replan(&planned, today);
    let movable = moves.iter().filter(|m| m.kept.is_none()).count();
    if movable == 0 && suggested.is_empty() {
        if moves.is_empty() {
            return (!scope_changed)
                .then(|| Msg::Info("the plan already matches the scope".into()));
        }
        return Some(Msg::Info(format!(
            "the plan differs from the scope in {} milestone(s), all kept (dates set by hand or done)",
            moves.len()
        )));
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
    Some(Msg::Open(Popup::Replan(Replan {
        title: if scope_changed {
            "The scope changed: re-plan?".into()
        } else {
            "Re-plan?".into()
        },
        intro,
        suggestions: suggested,
        moves,
        scroll: 0,
    })))
}
