//! Checklist: categories → series → criteria, each criterion's items, and the single
//! keys that move an item forward (status, owner, note, evidence, occurrence, backlog).
//!
//! Why a tree and an item pane: a team works criterion by criterion, and needs the
//! criterion's plain-English explanation next to its items while marking them.
//!
//! `render.rs` draws, `input.rs` handles keys; this file holds the state, the tree rows
//! and the selection.

mod input;
mod render;

pub use input::{complete, parse_custom_item, parse_evidence_line, update};
pub use render::full_text;
pub use render::render;

use std::collections::BTreeSet;

use crate::analysis::readiness::{Counts, counts_once, criterion_counts, items_of};
use crate::catalog::{Criterion, catalog};
use crate::edit::ItemKey;
use crate::model::{Category, Workbook};
use crate::tui::app::App;
use crate::tui::msg::Cursor;

/// What a checklist popup was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    NaReason(ItemKey),
    Owner(ItemKey),
    /// A new team member, made owner of the item when there is one.
    NewMember(Option<ItemKey>),
    Note(ItemKey),
    Evidence(ItemKey),
    Occurrence(ItemKey),
    CustomItem(String),
}

fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Checklist(t)
}

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Tree,
    Items,
}

/// The checklist's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The selected tree row, by [`node_key`] (a category, series or criterion id).
    pub tree: Cursor,
    /// The selected item of the selected criterion, by item id.
    pub item: Cursor,
    pub focus: Focus,
    pub show_out_of_scope: bool,
    /// Folded categories and series, by label.
    pub collapsed: BTreeSet<String>,
    /// "Only mine": the handle whose items alone are shown (see `views::team`).
    pub mine: Option<String>,
}

/// The items of a criterion the list shows: all, or only those `state.mine` owns.
pub fn visible_items<'a>(
    c: &'a Criterion,
    wb: &'a Workbook,
    state: &State,
) -> Vec<crate::analysis::readiness::ItemRef<'a>> {
    let mut items = items_of(c, wb);
    if let Some(me) = &state.mine {
        items.retain(|i| i.record.and_then(|r| r.owner.as_deref()) == Some(me.as_str()));
    }
    items
}

/// A series' or category's progress: each control once, and only mine under "only mine".
fn group_counts<'a>(
    criteria: impl IntoIterator<Item = &'a Criterion>,
    wb: &Workbook,
    state: &State,
) -> Counts {
    if state.mine.is_none() {
        return counts_once(criteria, wb);
    }
    let mut counts = Counts::default();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for c in criteria {
        for item in visible_items(c, wb, state) {
            if seen.insert((item.criterion.to_string(), item.id.to_string())) {
                counts.add(&item);
            }
        }
    }
    counts
}

/// One row of the tree.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Category(Category),
    Series(&'a str),
    Criterion(&'a Criterion),
}

/// A row of the tree with what it shows.
#[derive(Debug, Clone, Copy)]
pub struct TreeRow<'a> {
    pub node: Node<'a>,
    pub in_scope: bool,
    pub counts: Counts,
}

/// The visible rows of the tree.
pub fn tree_rows<'a>(wb: &'a Workbook, state: &State) -> Vec<TreeRow<'a>> {
    let cat = catalog();
    let mut rows = Vec::new();
    for category in Category::ALL {
        let in_scope = wb.in_scope(category);
        if !in_scope && !state.show_out_of_scope {
            continue;
        }
        // A control that meets several criteria counts once in a series or category.
        let total = group_counts(cat.in_category(category), wb, state);
        let mut body = Vec::new();
        for series in cat.series_of(category) {
            let in_series = || cat.in_category(category).filter(|c| c.series == series);
            let s_counts = group_counts(in_series(), wb, state);
            let mut crit_rows = Vec::new();
            for c in in_series() {
                let counts = if state.mine.is_some() {
                    let mine = visible_items(c, wb, state);
                    if mine.is_empty() {
                        continue;
                    }
                    let mut counts = Counts::default();
                    mine.iter().for_each(|i| counts.add(i));
                    counts
                } else {
                    criterion_counts(c, wb)
                };
                crit_rows.push(TreeRow {
                    node: Node::Criterion(c),
                    in_scope,
                    counts,
                });
            }
            body.push(TreeRow {
                node: Node::Series(series),
                in_scope,
                counts: s_counts,
            });
            if !state.collapsed.contains(series) {
                body.extend(crit_rows);
            }
        }
        rows.push(TreeRow {
            node: Node::Category(category),
            in_scope,
            counts: total,
        });
        if !state.collapsed.contains(category.label()) {
            rows.extend(body);
        }
    }
    rows
}

/// A tree row's id: the category's label, the series' name or the criterion's id.
pub fn node_key(node: Node) -> String {
    match node {
        Node::Category(c) => c.label().to_string(),
        Node::Series(s) => s.to_string(),
        Node::Criterion(c) => c.id.clone(),
    }
}

/// The tree row's id, borrowed (what the cursor compares with).
fn node_id<'a>(node: &Node<'a>) -> &'a str {
    match *node {
        Node::Category(c) => c.label(),
        Node::Series(s) => s,
        Node::Criterion(c) => &c.id,
    }
}

/// The selected tree row among `rows`.
pub fn tree_index(rows: &[TreeRow], state: &State) -> usize {
    state
        .tree
        .index(rows.len(), |i| rows.get(i).map(|r| node_id(&r.node)))
}

/// Selects tree row `i` among `rows`.
pub fn set_tree(rows: &[TreeRow], state: &mut State, i: usize) {
    state.tree.set(i, |i| rows.get(i).map(|r| node_id(&r.node)));
}

/// The selected item's row among `items`.
pub fn item_index(items: &[crate::analysis::readiness::ItemRef], state: &State) -> usize {
    state
        .item
        .index(items.len(), |i| items.get(i).map(|r| r.id))
}

/// Selects item row `i` among `items`.
pub fn set_item(items: &[crate::analysis::readiness::ItemRef], state: &mut State, i: usize) {
    state.item.set(i, |i| items.get(i).map(|r| r.id));
}

/// The criterion under the tree selection.
pub fn selected_criterion<'a>(wb: &'a Workbook, state: &State) -> Option<&'a Criterion> {
    let rows = tree_rows(wb, state);
    match rows.get(tree_index(&rows, state))?.node {
        Node::Criterion(c) => Some(c),
        _ => None,
    }
}

/// The item under the item selection, with its key.
pub fn selected_key(wb: &Workbook, state: &State) -> Option<ItemKey> {
    let c = selected_criterion(wb, state)?;
    let items = visible_items(c, wb, state);
    let item = items.get(item_index(&items, state))?;
    Some(ItemKey {
        criterion: c.id.clone(),
        item: item.id.to_string(),
    })
}

/// The item under the item selection in the app's Checklist.
pub fn selected_item(app: &App) -> Option<ItemKey> {
    selected_key(app.wb(), &app.checklist)
}

/// Selects the item with this id in the current criterion, focusing the items.
pub fn select_item(wb: &Workbook, state: &mut State, id: &str) {
    if let Some(c) = selected_criterion(wb, state)
        && visible_items(c, wb, state).iter().any(|i| i.id == id)
    {
        state.item = Cursor::on(id);
        state.focus = Focus::Items;
    }
}
