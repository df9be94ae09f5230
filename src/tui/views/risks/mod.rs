//! Risks: the risk register (id, category, inherent and residual scores, treatment,
//! owner), a likelihood × impact heat map of inherent or residual ratings, and the selected
//! risk's description, controls, acceptance and findings, with single keys to add, rate,
//! treat, own, link controls, accept and record the annual assessment.
//!
//! Why a heat map beside the list: an auditor and leadership read the register as a grid
//! first (how much sits above the appetite), then risk by risk; `m` flips the grid between
//! before and after controls so the matrix's effect shows.
//!
//! `render.rs` draws; `input.rs` turns keys and popup answers into messages; this file
//! holds the state and the selection.

mod input;
mod render;

pub use input::{complete, update};
pub use render::render;

use crate::model::Workbook;
use crate::tui::msg::Cursor;

/// What a popup of this view was opened for; risks are named by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// `likelihood impact category title` of a new risk.
    Add,
    /// A risk's inherent `likelihood impact`.
    Rate(String),
    /// A risk's residual `likelihood impact` (blank clears).
    Residual(String),
    Treatment(String),
    Owner(String),
    /// A control to link to (or unlink from) the risk.
    Control(String),
    /// `approver, date` of a risk's acceptance (blank clears).
    Accept(String),
    /// `performed by, date, signed off by` of the risk assessment.
    Assess,
}

pub(super) fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Risks(t)
}

/// The Risks view's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The selected risk, by id.
    pub risk: Cursor,
    /// The heat map shows residual ratings (else inherent).
    pub residual: bool,
}

/// The register's ids in display order (the map's order).
pub fn risk_ids(wb: &Workbook) -> Vec<&str> {
    wb.risks.keys().map(String::as_str).collect()
}

/// The selected risk's row.
pub fn selected_index(wb: &Workbook, st: &State) -> usize {
    let ids = risk_ids(wb);
    st.risk.index(ids.len(), |i| ids.get(i).copied())
}

/// The selected risk's id.
pub fn selected<'a>(wb: &'a Workbook, st: &State) -> Option<&'a str> {
    risk_ids(wb).get(selected_index(wb, st)).copied()
}

/// What `v` reads: the selected risk in full.
pub fn full_text(app: &crate::tui::app::App) -> Option<crate::tui::fulltext::FullText> {
    render::full_text(app)
}
