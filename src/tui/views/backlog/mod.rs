//! Backlog: the remediation items as a sortable, filterable table with a detail pane, and
//! the single keys that move an item along (status, owner, priority, due date).
//!
//! Why a cached index vector: a workbook may hold ten thousand items, and a frame must not
//! sort them. The filtered, sorted positions (`analysis::backlog::view`) are computed only
//! when the workbook revision, the sort or the filter changed, and only the visible rows are
//! drawn. The cache sits in a `RefCell` because views draw from `&App`.
//!
//! `render.rs` draws the table and the detail pane; `input.rs` handles keys, popups
//! and forms; this file holds the state, the cached rows and the selection.

mod input;
mod render;

pub use input::{complete, update};
pub use render::full_text;
pub use render::{Column, Link, columns, flag, links, links_of, render};

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::backlog::{BacklogColumn, BacklogFilter, OwnerFilter, SortDirection, view};
use crate::model::{BacklogItem, Workbook};
use crate::tui::app::App;
use crate::tui::msg::Cursor;

/// What a backlog popup was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// The add form.
    Add,
    Title(String),
    Owner(String),
    NewMember(String),
    Due(String),
    Delete(String),
}

/// The add form's fields, by position (a refusal names the one to fix).
pub const FIELD_TITLE: usize = 0;
pub const FIELD_CRITERIA: usize = 1;
pub const FIELD_OWNER: usize = 2;
pub const FIELD_DUE: usize = 3;
pub const FIELD_PRIORITY: usize = 4;

pub(super) fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Backlog(t)
}

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Table,
    /// The linked criteria and items of the selected item.
    Links,
}

/// The cached rows of one workbook revision, filter and sort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cache {
    key: (u64, usize),
    filter: BacklogFilter,
    sort: Option<(BacklogColumn, SortDirection)>,
    rows: Rc<[usize]>,
}

/// The backlog view's state.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// The selected item, by id (its row is derived from the visible rows).
    pub cursor: Cursor,
    pub sort: Option<(BacklogColumn, SortDirection)>,
    pub filter: BacklogFilter,
    pub focus: Focus,
    /// The selected link in the detail pane (a few links of one item, reset with it).
    pub link: usize,
    cache: RefCell<Option<Cache>>,
    /// How many times the rows were computed (tests check it is not per frame).
    pub computed: std::cell::Cell<usize>,
    /// "Only mine": the handle whose items alone are shown, over the owner filter.
    pub mine: Option<String>,
    /// How far the selected item's detail pane is scrolled (`]`, `[`).
    pub detail: crate::tui::msg::DetailScroll,
}

/// The filter the rows are computed with: the person's, with "only mine" over the owner.
fn effective_filter(st: &State) -> BacklogFilter {
    let mut filter = st.filter.clone();
    if let Some(me) = &st.mine {
        filter.owner = Some(OwnerFilter::Member(me.clone()));
    }
    filter
}

/// Positions into `wb.backlog` of the visible rows, in table order; recomputed only when
/// the workbook, the filter or the sort changed.
pub fn rows_of(wb: &Workbook, generation: u64, st: &State) -> Rc<[usize]> {
    let key = (generation, wb.backlog.len());
    let filter = effective_filter(st);
    if let Some(c) = st.cache.borrow().as_ref()
        && c.key == key
        && c.filter == filter
        && c.sort == st.sort
    {
        return Rc::clone(&c.rows);
    }
    let rows: Rc<[usize]> = view(&wb.backlog, &filter, st.sort).into();
    st.computed.set(st.computed.get() + 1);
    *st.cache.borrow_mut() = Some(Cache {
        key,
        filter,
        sort: st.sort,
        rows: Rc::clone(&rows),
    });
    rows
}

/// [`rows_of`] the app's workbook.
pub fn rows(app: &App) -> Rc<[usize]> {
    rows_of(app.wb(), app.doc.generation, &app.views.backlog)
}

/// The id of visible row `pos`.
fn id_at<'a>(wb: &'a Workbook, rows: &[usize], pos: usize) -> Option<&'a str> {
    rows.get(pos)
        .and_then(|&i| wb.backlog.get(i))
        .map(|b| b.id.as_str())
}

/// The selected row: where the selected item is now, or its neighbour when it is gone.
pub fn selected_pos(wb: &Workbook, generation: u64, st: &State) -> usize {
    let rows = rows_of(wb, generation, st);
    st.cursor.index(rows.len(), |p| id_at(wb, &rows, p))
}

/// The item under the selection.
pub fn selected_in<'a>(wb: &'a Workbook, generation: u64, st: &State) -> Option<&'a BacklogItem> {
    let rows = rows_of(wb, generation, st);
    let pos = st.cursor.index(rows.len(), |p| id_at(wb, &rows, p));
    wb.backlog.get(*rows.get(pos)?).map(|b| &**b)
}

/// The item under the selection in the app's Backlog.
pub fn selected_item(app: &App) -> Option<&BacklogItem> {
    selected_in(app.wb(), app.doc.generation, &app.views.backlog)
}

/// Selects visible row `pos`.
pub fn set_pos(wb: &Workbook, generation: u64, st: &mut State, pos: usize) {
    let rows = rows_of(wb, generation, st);
    st.cursor.set(pos, |p| id_at(wb, &rows, p));
}

/// Selects the item with this id if it is visible; `false` when it is filtered out.
pub fn select_id(wb: &Workbook, generation: u64, st: &mut State, id: &str) -> bool {
    let rows = rows_of(wb, generation, st);
    match (0..rows.len()).find(|&p| id_at(wb, &rows, p) == Some(id)) {
        Some(pos) => {
            st.cursor.set(pos, |p| id_at(wb, &rows, p));
            true
        }
        None => false,
    }
}
