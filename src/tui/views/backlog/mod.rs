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

pub use input::{complete, finish_description, update};
pub use render::full_text;
pub use render::{Column, Link, columns, flag, links, render};

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::backlog::{BacklogColumn, BacklogFilter, OwnerFilter, SortDirection, view};
use crate::model::BacklogItem;
use crate::tui::app::App;

use super::View;

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
    /// Position in the visible (filtered, sorted) rows.
    pub selected: usize,
    pub sort: Option<(BacklogColumn, SortDirection)>,
    pub filter: BacklogFilter,
    pub focus: Focus,
    /// The selected link in the detail pane.
    pub link: usize,
    cache: RefCell<Option<Cache>>,
    /// How many times the rows were computed (tests check it is not per frame).
    pub computed: std::cell::Cell<usize>,
    /// "Only mine": the handle whose items alone are shown, over the owner filter.
    pub mine: Option<String>,
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
pub fn rows(app: &App) -> Rc<[usize]> {
    let wb = app.wb();
    let st = &app.backlog;
    let key = (app.doc.generation, wb.backlog.len());
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

/// The item under the selection.
pub fn selected_item(app: &App) -> Option<&BacklogItem> {
    let rows = rows(app);
    let i = *rows.get(app.backlog.selected)?;
    app.wb().backlog.get(i)
}

pub(super) fn selected_id(app: &App) -> Option<String> {
    selected_item(app).map(|b| b.id.clone())
}

/// Selects the item with this id if it is visible; `false` when it is filtered out.
pub(super) fn select_id(app: &mut App, id: &str) -> bool {
    let rows = rows(app);
    let wb = app.wb();
    match rows
        .iter()
        .position(|&i| wb.backlog.get(i).is_some_and(|b| b.id == id))
    {
        Some(pos) => {
            app.backlog.selected = pos;
            true
        }
        None => false,
    }
}

/// Opens the Backlog on one item, clearing the filters if they hide it.
pub fn show_item(app: &mut App, id: &str) {
    app.view = View::Backlog;
    app.backlog.focus = Focus::Table;
    app.backlog.link = 0;
    if !select_id(app, id) {
        app.backlog.filter = BacklogFilter::default();
        if select_id(app, id) {
            app.info(format!("filters cleared to show {id}"));
        }
    }
}

/// Opens the Backlog filtered by one owner: what a team member has on their plate.
pub fn show_owner(app: &mut App, member: &str) {
    app.view = View::Backlog;
    app.backlog.focus = Focus::Table;
    app.backlog.filter = BacklogFilter {
        owner: Some(OwnerFilter::Member(member.to_string())),
        ..BacklogFilter::default()
    };
    app.backlog.selected = 0;
    let n = rows(app).len();
    app.info(format!(
        "{n} item{} owned by {member} (O cycles the owner filter, C clears)",
        if n == 1 { "" } else { "s" }
    ));
}
