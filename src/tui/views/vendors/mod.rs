//! Vendors: the vendor register (CC9.2) — each vendor's tier, subservice method, latest
//! report, review age and findings — with the selected vendor's reports, bridge letters,
//! CSOCs, CUECs (and the controls they map to) and findings below.
//!
//! Why a view of its own: the bridge-letter gap and the unmet CUEC are what an auditor
//! asks about the subservice organizations, and both are fixed here (record the letter,
//! map the CUEC) while the finding disappears in front of the person.
//!
//! `render.rs` draws the list and the detail; `input.rs` turns keys and popup answers into
//! messages; this file holds the state and the selection.

mod input;
mod render;

pub use input::{complete, update};
pub use render::{full_text, render};

use crate::model::Workbook;
use crate::tui::msg::Cursor;

/// What a popup of this view was opened for; vendors are named by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// `name, service` of a new vendor.
    Add,
    /// Which field of the vendor to change.
    Field(String),
    /// The new value of one field (`service`, `data`, `next-review`…).
    Value(String, &'static str),
    /// A picked tier (or the rule).
    Tier(String),
    /// A picked subservice method (or an ordinary vendor).
    Method(String),
    /// The vendor's owner.
    Owner(String),
    /// `type, start end, opinion, reviewed, by` of a report.
    Report(String),
    /// `issued through` of a bridge letter.
    Bridge(String),
    /// A CUEC's text; the control is picked next.
    CuecText(String),
    /// The control a CUEC (vendor, text) maps to.
    CuecControl(String, String),
    /// A CSOC's text; the control is picked next.
    CsocText(String),
    /// The control a CSOC (vendor, text) maps to.
    CsocControl(String, String),
    /// `exception | our response` for the latest report.
    Exception(String),
    /// Remove the vendor (after a yes).
    Remove(String),
}

pub(super) fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Vendors(t)
}

/// The Vendors view's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The selected vendor, by id.
    pub vendor: Cursor,
    /// How far the selected vendor's detail is scrolled (`]` / `[`).
    pub detail: crate::tui::msg::DetailScroll,
}

/// The register's ids in display order (the map's order).
pub fn vendor_ids(wb: &Workbook) -> Vec<&str> {
    wb.vendors.keys().map(String::as_str).collect()
}

/// The selected vendor's row.
pub fn selected_index(wb: &Workbook, st: &State) -> usize {
    let ids = vendor_ids(wb);
    st.vendor.index(ids.len(), |i| ids.get(i).copied())
}

/// The selected vendor's id.
pub fn selected<'a>(wb: &'a Workbook, st: &State) -> Option<&'a str> {
    vendor_ids(wb).get(selected_index(wb, st)).copied()
}
