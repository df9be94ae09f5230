//! Checklist: categories → series → criteria, each criterion's items, and the single
//! keys that move an item forward (status, owner, note, evidence, occurrence, backlog).
//!
//! Why a tree and an item pane: a team works criterion by criterion, and needs the
//! criterion's plain-English explanation next to its items while marking them.

use crate::tui::history::Touch;
use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::coverage::{ControlCoverage, coverage};
use crate::analysis::readiness::{Counts, ItemRef, criterion_counts, items_of};
use crate::catalog::{Criterion, catalog};
use crate::edit::{self, ItemKey};
use crate::model::{Category, ItemStatus, Workbook};
use crate::tui::action::Action;
use crate::tui::app::{App, Effect};
use crate::tui::popup::{Input, Popup, Then};
use crate::tui::text::{fit, pad, truncate, width, wrap};

use super::{clicked_index, inner, scroll_offset, step};

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
    pub tree: usize,
    pub item: usize,
    pub focus: Focus,
    pub show_out_of_scope: bool,
    /// Folded categories and series, by label.
    pub collapsed: BTreeSet<String>,
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

fn add(a: &mut Counts, b: Counts) {
    a.total += b.total;
    a.implemented += b.implemented;
    a.in_progress += b.in_progress;
    a.not_started += b.not_started;
    a.not_applicable += b.not_applicable;
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
        let mut total = Counts::default();
        let mut body = Vec::new();
        for series in cat.series_of(category) {
            let mut s_counts = Counts::default();
            let mut crit_rows = Vec::new();
            for c in cat.in_category(category).filter(|c| c.series == series) {
                let counts = criterion_counts(c, wb);
                add(&mut s_counts, counts);
                crit_rows.push(TreeRow {
                    node: Node::Criterion(c),
                    in_scope,
                    counts,
                });
            }
            add(&mut total, s_counts);
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

/// The criterion under the tree selection.
pub fn selected_criterion<'a>(wb: &'a Workbook, state: &State) -> Option<&'a Criterion> {
    match tree_rows(wb, state).get(state.tree)?.node {
        Node::Criterion(c) => Some(c),
        _ => None,
    }
}

/// The item under the item selection, with its key.
pub fn selected_item(app: &App) -> Option<ItemKey> {
    let c = selected_criterion(app.wb(), &app.checklist)?;
    let items = items_of(c, app.wb());
    let item = items.get(app.checklist.item)?;
    Some(ItemKey {
        criterion: c.id.clone(),
        item: item.id.to_string(),
    })
}

/// Selects the item with this id in the current criterion.
pub fn select_item(app: &mut App, id: &str) {
    if let Some(c) = selected_criterion(app.wb(), &app.checklist)
        && let Some(pos) = items_of(c, app.wb()).iter().position(|i| i.id == id)
    {
        app.checklist.item = pos;
        app.checklist.focus = Focus::Items;
    }
}

fn panes(area: Rect) -> (Rect, Rect) {
    let tree_w = if area.width >= 100 { 40 } else { 30 };
    let [l, r] = Layout::horizontal([Constraint::Length(tree_w), Constraint::Min(0)]).areas(area);
    (l, r)
}

/// The right pane's parts: explanation, item list, item detail.
fn detail_parts(right: Rect, explanation: &str) -> (Rect, Rect, Rect) {
    let body = inner(right);
    let cap: u16 = match body.height {
        30.. => 6,
        18.. => 4,
        _ => 2,
    };
    let needed = wrap(explanation, usize::from(body.width).max(1)).len();
    let explain_h = cap.min(u16::try_from(needed).unwrap_or(cap));
    let detail_h = match body.height {
        30.. => 10,
        18.. => 7,
        _ => 5,
    };
    let [e, i, d] = Layout::vertical([
        Constraint::Length(explain_h),
        Constraint::Min(1),
        Constraint::Length(detail_h),
    ])
    .areas(body);
    (e, i, d)
}

fn status_mark(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::NotStarted => "[ ]",
        ItemStatus::InProgress => "[~]",
        ItemStatus::Implemented => "[x]",
        ItemStatus::NotApplicable => "[-]",
    }
}

fn status_style(app: &App, status: ItemStatus) -> Style {
    match status {
        ItemStatus::NotStarted => app.theme.base,
        ItemStatus::InProgress => app.theme.warn,
        ItemStatus::Implemented => app.theme.good,
        ItemStatus::NotApplicable => app.theme.dim,
    }
}

/// Draws the checklist.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let wb = app.wb();
    let t = &app.theme;
    let st = &app.checklist;
    let (left, right) = panes(area);
    let rows = tree_rows(wb, st);
    let hidden = if st.show_out_of_scope {
        "all"
    } else {
        "in scope"
    };
    let tree_focused = st.focus == Focus::Tree;
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(if tree_focused {
                t.border_focused
            } else {
                t.border
            })
            .title(Span::styled(format!(" Criteria ({hidden}) "), t.title)),
        left,
    );
    let tree = inner(left);
    let cols = usize::from(tree.width);
    let height = usize::from(tree.height);
    let offset = scroll_offset(st.tree, height);
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        let progress = format!(" {}/{}", row.counts.implemented, row.counts.applicable());
        let label = match row.node {
            Node::Category(c) => {
                let fold = if st.collapsed.contains(c.label()) {
                    "▸"
                } else {
                    "▾"
                };
                let out = if row.in_scope { "" } else { " (out of scope)" };
                format!("{fold} {}{out}", c.label())
            }
            Node::Series(s) => {
                let fold = if st.collapsed.contains(s) {
                    "▸"
                } else {
                    "▾"
                };
                format!(" {fold} {s}")
            }
            Node::Criterion(c) => format!("    {} {}", c.id, c.title),
        };
        let label_w = cols.saturating_sub(width(&progress));
        let text = format!("{}{progress}", pad(&fit(&label, label_w), label_w));
        let style = if i == st.tree {
            if tree_focused {
                t.selected
            } else {
                t.selected_unfocused
            }
        } else if !row.in_scope {
            t.dim
        } else if matches!(row.node, Node::Category(_)) {
            t.title
        } else {
            t.base
        };
        lines.push(Line::styled(text, style));
    }
    frame.render_widget(Paragraph::new(lines), tree);

    let items_focused = st.focus == Focus::Items;
    let Some(criterion) = rows.get(st.tree).and_then(|r| match r.node {
        Node::Criterion(c) => Some(c),
        _ => None,
    }) else {
        frame.render_widget(
            Paragraph::new(vec![
                Line::default(),
                Line::raw(" Choose a criterion on the left (↑/↓, Enter folds a group)."),
            ])
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(t.border),
            ),
            right,
        );
        return;
    };
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(if items_focused {
                t.border_focused
            } else {
                t.border
            })
            .title(Span::styled(
                format!(" {} · {} ", criterion.id, fit(&criterion.title, 60)),
                t.title,
            )),
        right,
    );
    let (explain_r, items_r, detail_r) = detail_parts(right, &criterion.explanation);
    let ecols = usize::from(explain_r.width).max(1);
    let mut wrapped = wrap(&crate::text::sanitize(&criterion.explanation), ecols);
    let room = usize::from(explain_r.height);
    if wrapped.len() > room && room > 0 {
        wrapped.truncate(room);
        if let Some(last) = wrapped.last_mut() {
            *last = format!("{} …", truncate(last, ecols.saturating_sub(2)));
        }
    }
    let explanation: Vec<Line> = wrapped
        .into_iter()
        .map(|l| Line::styled(l, t.dim))
        .collect();
    frame.render_widget(Paragraph::new(explanation), explain_r);

    let items = items_of(criterion, wb);
    let cov = coverage(catalog(), wb, app.today);
    let icols = usize::from(items_r.width);
    let iheight = usize::from(items_r.height);
    let ioffset = scroll_offset(st.item, iheight);
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate().skip(ioffset).take(iheight) {
        let owner = item
            .record
            .and_then(|r| r.owner.as_deref())
            .map(|o| format!(" @{o}"))
            .unwrap_or_default();
        let ev = item.record.map_or(0, |r| r.evidence.len());
        let ev = if ev > 0 {
            format!(" ev:{ev}")
        } else {
            String::new()
        };
        let due = next_due(&cov, item)
            .map(|d| format!(" due {d}"))
            .unwrap_or_default();
        let custom = if item.custom { " (custom)" } else { "" };
        let tail = fit(&format!("{owner}{ev}{due}"), icols / 2);
        let head_w = icols.saturating_sub(width(&tail) + 4);
        let text = format!(
            "{} {}{}",
            status_mark(item.status()),
            pad(&fit(&format!("{}{custom}", item.title), head_w), head_w),
            tail
        );
        let style = if i == st.item && items_focused {
            t.selected
        } else if i == st.item {
            t.selected_unfocused
        } else {
            status_style(app, item.status())
        };
        lines.push(Line::styled(pad(&text, icols), style));
    }
    frame.render_widget(Paragraph::new(lines), items_r);

    if let Some(item) = items.get(st.item) {
        let lines = item_detail(app, item, &cov, usize::from(detail_r.width));
        frame.render_widget(Paragraph::new(lines), detail_r);
    }
}

fn next_due(cov: &[ControlCoverage], item: &ItemRef) -> Option<crate::model::Date> {
    cov.iter()
        .find(|c| c.criterion == item.criterion && c.item == item.id)
        .and_then(|c| c.next_due)
}

fn item_detail(
    app: &App,
    item: &ItemRef,
    cov: &[ControlCoverage],
    cols: usize,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let wb = app.wb();
    let mut lines = vec![Line::styled("─".repeat(cols), t.border)];
    let owner = item
        .record
        .and_then(|r| r.owner.as_deref())
        .map_or("no owner".to_string(), |o| {
            wb.member(o)
                .map_or(o.to_string(), |m| format!("{} ({})", m.name, m.id))
        });
    let mut status = format!("{} · {owner}", item.status().label());
    if let Some(reason) = item.record.and_then(|r| r.reason.as_deref()) {
        status.push_str(&format!(" · N/A because {reason}"));
    }
    lines.push(Line::from(vec![
        Span::styled(fit(item.id, cols / 2), t.key),
        Span::raw(" "),
        Span::styled(
            fit(
                &status,
                cols.saturating_sub(width(&fit(item.id, cols / 2)) + 1),
            ),
            status_style(app, item.status()),
        ),
    ]));
    for l in wrap(&crate::text::sanitize(item.title), cols.max(1))
        .into_iter()
        .take(2)
    {
        lines.push(Line::raw(l));
    }
    if let Some(cadence) = item.cadence {
        let c = cov
            .iter()
            .find(|c| c.criterion == item.criterion && c.item == item.id);
        let last = c
            .and_then(|c| c.last_performed)
            .map_or("never performed".to_string(), |d| format!("last {d}"));
        let due = c
            .and_then(|c| c.next_due)
            .map_or(String::new(), |d| format!(", next due {d}"));
        let met = c.map_or(String::new(), |c| {
            if c.required() > 0 {
                format!(" · {} of {} periods met", c.met(), c.required())
            } else {
                String::new()
            }
        });
        lines.push(Line::raw(fit(
            &format!("Recurring {}: {last}{due}{met}", cadence.label()),
            cols,
        )));
    }
    if !item.evidence_hint.is_empty() {
        lines.push(Line::styled(
            fit(
                &format!("Evidence auditors expect: {}", item.evidence_hint),
                cols,
            ),
            t.dim,
        ));
    }
    if let Some(r) = item.record {
        for e in r.evidence.iter().rev() {
            let hash = e
                .sha256
                .as_deref()
                .map(|h| format!(" sha256:{}", h.get(..12).unwrap_or(h)))
                .unwrap_or_default();
            lines.push(Line::raw(fit(
                &format!("• {} {} {}{hash}", e.collected, e.id, e.reference),
                cols,
            )));
        }
        if !r.notes.is_empty() {
            let first = r.notes.lines().next().unwrap_or("");
            let more = if r.notes.lines().count() > 1 {
                " …"
            } else {
                ""
            };
            lines.push(Line::raw(fit(&format!("Note: {first}{more}"), cols)));
        }
    }
    lines
}

fn tree_len(app: &App) -> usize {
    tree_rows(app.wb(), &app.checklist).len()
}

fn items_len(app: &App) -> usize {
    selected_criterion(app.wb(), &app.checklist).map_or(0, |c| items_of(c, app.wb()).len())
}

fn need_item(app: &mut App) -> Option<ItemKey> {
    let key = selected_item(app);
    if key.is_none() {
        app.error("choose an item first: pick a criterion and press → or Enter");
        return None;
    }
    if app.checklist.focus == Focus::Tree {
        // A key meant for an item must not silently hit the first one.
        app.checklist.focus = Focus::Items;
        app.info("choose the item (↑/↓), then press the key again");
        return None;
    }
    key
}

/// Handles the checklist's keys.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let tree_len = tree_len(app);
    app.checklist.tree = app.checklist.tree.min(tree_len.saturating_sub(1));
    let page = usize::from(area.height / 2).max(1);
    match action {
        Action::ToggleOutOfScope => {
            let key = tree_rows(app.wb(), &app.checklist)
                .get(app.checklist.tree)
                .map(|r| node_key(r.node));
            app.checklist.show_out_of_scope = !app.checklist.show_out_of_scope;
            app.prefs.show_out_of_scope = app.checklist.show_out_of_scope;
            app.prefs_changed = true;
            let rows = tree_rows(app.wb(), &app.checklist);
            app.checklist.tree = key
                .and_then(|k| rows.iter().position(|r| node_key(r.node) == k))
                .unwrap_or(0);
            app.info(if app.checklist.show_out_of_scope {
                "showing out-of-scope criteria (dimmed)"
            } else {
                "hiding out-of-scope criteria"
            });
        }
        Action::Enter | Action::Right if app.checklist.focus == Focus::Tree => {
            let rows = tree_rows(app.wb(), &app.checklist);
            match rows.get(app.checklist.tree).map(|r| r.node) {
                Some(Node::Criterion(_)) => {
                    app.checklist.focus = Focus::Items;
                    app.checklist.item = app.checklist.item.min(items_len(app).saturating_sub(1));
                }
                Some(node) if action == Action::Enter => {
                    let key = node_key(node);
                    if !app.checklist.collapsed.remove(&key) {
                        app.checklist.collapsed.insert(key);
                    }
                }
                _ => return false,
            }
        }
        Action::Left | Action::Back if app.checklist.focus == Focus::Items => {
            app.checklist.focus = Focus::Tree;
        }
        Action::Click { column, row } => {
            let (left, right) = panes(area);
            let explanation = selected_criterion(app.wb(), &app.checklist)
                .map_or(String::new(), |c| c.explanation.clone());
            let (_, items_r, _) = detail_parts(right, &explanation);
            if let Some(i) = clicked_index(inner(left), row, column, app.checklist.tree, tree_len) {
                app.checklist.tree = i;
                app.checklist.item = 0;
                app.checklist.focus = Focus::Tree;
            } else if let Some(i) =
                clicked_index(items_r, row, column, app.checklist.item, items_len(app))
            {
                app.checklist.item = i;
                app.checklist.focus = Focus::Items;
            } else {
                return false;
            }
        }
        Action::SetStatus(ItemStatus::NotApplicable) => {
            let Some(key) = need_item(app) else {
                return true;
            };
            app.open(Popup::Input(Input::new(
                "Not applicable",
                &format!(
                    "Why does {} not apply? Auditors ask for the reason.",
                    key.item
                ),
                &app.wb()
                    .item(&key.criterion, &key.item)
                    .and_then(|r| r.reason.clone())
                    .unwrap_or_default(),
                Then::NaReason(key),
            )));
        }
        Action::SetStatus(status) => {
            let Some(key) = need_item(app) else {
                return true;
            };
            if app
                .edit_touching(
                    &format!("mark {}", status.label()),
                    Touch::Criterion(key.criterion.clone()),
                    |wb, _| edit::set_item_status(wb, &key, status, None),
                )
                .is_some()
            {
                app.info(format!("{} is {}", key.item, status.label()));
            }
        }
        Action::SetOwner => {
            let Some(key) = need_item(app) else {
                return true;
            };
            let wb = app.wb();
            let current = wb
                .item(&key.criterion, &key.item)
                .and_then(|r| r.owner.clone());
            let (options, selected) = crate::tui::popup::owner_choices(wb, current.as_deref());
            let prompt = if wb.team.is_empty() {
                "The team is empty: add the first member."
            } else {
                ""
            };
            app.pick("Owner", prompt, options, selected, Then::Owner(key));
        }
        Action::EditNoteInline => {
            let Some(key) = need_item(app) else {
                return true;
            };
            let notes = app
                .wb()
                .item(&key.criterion, &key.item)
                .map(|r| r.notes.clone())
                .unwrap_or_default();
            if notes.contains('\n') {
                app.effect = Some(Effect::EditNote(key, notes));
            } else {
                app.open(Popup::Input(Input::new(
                    "Note",
                    "One line (E edits a longer note in $EDITOR)",
                    &notes,
                    Then::Note(key),
                )));
            }
        }
        Action::EditNoteInEditor => {
            let Some(key) = need_item(app) else {
                return true;
            };
            let notes = app
                .wb()
                .item(&key.criterion, &key.item)
                .map(|r| r.notes.clone())
                .unwrap_or_default();
            app.effect = Some(Effect::EditNote(key, notes));
        }
        Action::AddEvidence => {
            let Some(key) = need_item(app) else {
                return true;
            };
            app.open(Popup::Input(Input::new(
                "Add evidence",
                &format!(
                    "A repo path, URL or ticket, then optionally the date collected and @who\n(for example: docs/policies/access.md {} @maria). A file in the repo gets its SHA-256 recorded.",
                    app.today
                ),
                "",
                Then::Evidence(key),
            )));
        }
        Action::RecordOccurrence => {
            let Some(key) = need_item(app) else {
                return true;
            };
            if edit::cadence_of(catalog(), app.wb(), &key).is_none() {
                app.error(format!("{} is not a recurring control", key.item));
                return true;
            }
            app.open(Popup::Input(Input::new(
                "Record an occurrence",
                "The date it was performed, optionally followed by its evidence\n(for example: 2027-03-02 SEC-412)",
                &app.today.to_string(),
                Then::Occurrence(key),
            )));
        }
        Action::AddCustomItem => {
            let Some(c) = selected_criterion(app.wb(), &app.checklist) else {
                app.error("choose a criterion first");
                return true;
            };
            let id = c.id.clone();
            app.open(Popup::Input(Input::new(
                "New item",
                &format!("What your team does for {id}, in a short sentence; end with (monthly),\n(quarterly), (semi-annual) or (annual) for a recurring control"),
                "",
                Then::CustomItem(id),
            )));
        }
        Action::GapToBacklog => {
            let Some(key) = need_item(app) else {
                return true;
            };
            gap_to_backlog(app, &key);
        }
        other => {
            let moved = match app.checklist.focus {
                Focus::Tree => step(app.checklist.tree, tree_len, other, page).map(|n| {
                    if n != app.checklist.tree {
                        app.checklist.item = 0;
                    }
                    app.checklist.tree = n;
                }),
                Focus::Items => step(app.checklist.item, items_len(app), other, page)
                    .map(|n| app.checklist.item = n),
            };
            return moved.is_some();
        }
    }
    true
}

fn node_key(node: Node) -> String {
    match node {
        Node::Category(c) => c.label().to_string(),
        Node::Series(s) => s.to_string(),
        Node::Criterion(c) => c.id.clone(),
    }
}

fn gap_to_backlog(app: &mut App, key: &ItemKey) {
    let status = app
        .wb()
        .item(&key.criterion, &key.item)
        .map_or(ItemStatus::NotStarted, |r| r.status);
    if matches!(status, ItemStatus::Implemented | ItemStatus::NotApplicable) {
        app.error(format!("{} is {}: not a gap", key.item, status.label()));
        return;
    }
    if let Some(existing) = app
        .wb()
        .backlog
        .iter()
        .find(|b| b.status.is_open() && b.items.contains(&key.item))
    {
        let id = existing.id.clone();
        app.error(format!("{} is already in the backlog as {id}", key.item));
        return;
    }
    let today = app.today;
    if let Some(id) = app.edit_touching("gap to backlog", Touch::BacklogAppend, |wb, rng| {
        edit::gap_to_backlog(catalog(), wb, key, today, rng)
    }) {
        let due = app
            .wb()
            .backlog_item(&id)
            .and_then(|b| b.due)
            .map_or(String::new(), |d| format!(", due {d}"));
        app.info(format!("backlog item {id} created for {}{due}", key.item));
    }
}
