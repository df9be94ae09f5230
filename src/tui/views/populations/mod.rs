//! Populations: each per-event, daily and weekly control's events, filtered by result,
//! with single keys to add an event, mark it, attach evidence, log an exception, draw the
//! auditor's sample and walk through what the sampled events still lack.
//!
//! Why a view: the auditor tests events one by one; the team does the same here first.
//! `render.rs` draws the two lists; `input.rs` turns keys and popup answers into messages.

mod input;
mod render;

pub use input::{complete, update};
pub use render::render;

use std::borrow::Cow;

use crate::analysis::population::{ControlPopulation, events, populations};
use crate::catalog::catalog;
use crate::model::{Date, Event, EventResult, Workbook};
use crate::tui::msg::Cursor;

/// What a populations popup was opened for; control and event named by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    Add(String),
    Evidence(String, String),
    Exception(String, String),
}

pub(super) fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Populations(t)
}

/// Which list has the focus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Controls,
    Events,
}

/// The view's state: the selected control and event (by id), the focus and the filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub control: Cursor,
    pub event: Cursor,
    pub focus: Focus,
    /// Only events with this result (`f` cycles).
    pub filter: Option<EventResult>,
}

/// The controls listed: every in-scope control with a population, those with events
/// first (catalog order within each group).
pub fn controls(wb: &Workbook, today: Date) -> Vec<ControlPopulation> {
    let mut rows = populations(catalog(), wb, today);
    rows.sort_by_key(|r| r.population == 0);
    rows
}

/// The selected control's row.
pub fn selected_control<'a>(
    rows: &'a [ControlPopulation],
    st: &State,
) -> Option<&'a ControlPopulation> {
    let i = st
        .control
        .index(rows.len(), |i| rows.get(i).map(|r| r.item.as_str()));
    rows.get(i)
}

/// The selected control's events that pass the filter.
pub fn shown_events<'a>(wb: &'a Workbook, control: &str, st: &State) -> Vec<Cow<'a, Event>> {
    events(wb, control)
        .into_iter()
        .filter(|e| st.filter.is_none_or(|r| e.result == r))
        .collect()
}

/// The ids in the control's committed sample.
pub fn sampled(wb: &Workbook, control: &str) -> Vec<String> {
    wb.populations
        .get(control)
        .and_then(|p| p.sample.as_ref())
        .map(|s| s.events.clone())
        .unwrap_or_default()
}

/// The next filter in the cycle: all, untested, passed, exception.
pub fn next_filter(f: Option<EventResult>) -> Option<EventResult> {
    match f {
        None => Some(EventResult::Untested),
        Some(EventResult::Untested) => Some(EventResult::Passed),
        Some(EventResult::Passed) => Some(EventResult::Exception),
        Some(EventResult::Exception) => None,
    }
}
