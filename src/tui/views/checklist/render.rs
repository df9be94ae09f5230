//! Drawing the checklist: the tree of categories, series and criteria with progress, and
//! the selected criterion's explanation, items and item detail.

use crate::evidence::Drift;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::coverage::{ControlCoverage, coverage};
use crate::analysis::readiness::ItemRef;
use crate::catalog::catalog;
use crate::model::{Cadence, ItemStatus};
use crate::tui::app::App;
use crate::tui::fulltext::{FullText, clip_scrolled, title};
use crate::tui::text::{fit, pad, truncate, width, wrap, wrap_clean};

use crate::tui::views::{inner, scroll_offset};

use super::{Focus, Node, tree_rows};

pub(super) fn panes(area: Rect) -> (Rect, Rect) {
    let tree_w = if area.width >= 100 { 40 } else { 30 };
    let [l, r] = Layout::horizontal([Constraint::Length(tree_w), Constraint::Min(0)]).areas(area);
    (l, r)
}

/// The right pane's parts: explanation, item list, item detail.
pub(super) fn detail_parts(right: Rect, explanation: &str) -> (Rect, Rect, Rect) {
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

pub(super) fn status_mark(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::NotStarted => "[ ]",
        ItemStatus::InProgress => "[~]",
        ItemStatus::Implemented => "[x]",
        ItemStatus::NotApplicable => "[-]",
    }
}

pub(super) fn status_style(app: &App, status: ItemStatus) -> Style {
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
    let st = &app.views.checklist;
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
            .title(Span::styled(
                format!(
                    " {}{} ({hidden}) ",
                    t.focus_mark(tree_focused),
                    crate::tui::views::team::tree_title(app)
                ),
                t.title,
            )),
        left,
    );
    let tree = inner(left);
    let cols = usize::from(tree.width);
    let height = usize::from(tree.height);
    let tree_at = super::tree_index(&rows, st);
    let offset = scroll_offset(tree_at, height);
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
        let style = if i == tree_at {
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
    let Some(criterion) = rows.get(tree_at).and_then(|r| match r.node {
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
                format!(
                    " {}{} · {} ",
                    t.focus_mark(items_focused),
                    criterion.id,
                    fit(&criterion.title, 60)
                ),
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

    let items = super::visible_items(criterion, wb, st);
    let cov = coverage(catalog(), wb, app.today);
    let icols = usize::from(items_r.width);
    let iheight = usize::from(items_r.height);
    let item_at = super::item_index(&items, st);
    let ioffset = scroll_offset(item_at, iheight);
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
        let tail = fit(&format!("{}{owner}{ev}{due}", mark(item)), icols / 2);
        let head_w = icols.saturating_sub(width(&tail) + 4);
        let text = format!(
            "{} {}{}",
            status_mark(item.status()),
            pad(
                &fit(&format!("{}{custom}", item.shown_title()), head_w),
                head_w
            ),
            tail
        );
        let style = if i == item_at && items_focused {
            t.selected
        } else if i == item_at {
            t.selected_unfocused
        } else {
            status_style(app, item.status())
        };
        lines.push(Line::styled(pad(&text, icols), style));
    }
    frame.render_widget(Paragraph::new(lines), items_r);

    if let Some(item) = items.get(item_at) {
        let lines = item_detail(app, item, &cov, usize::from(detail_r.width));
        let lines = clip_scrolled(
            app,
            lines,
            usize::from(detail_r.height),
            &st.detail,
            Some(item.id),
        );
        frame.render_widget(Paragraph::new(lines), detail_r);
    }
}

/// At most this many wrapped lines per field in the item detail (the pane is a few lines
/// high; the rest is one `v` away).
const MAX_DETAIL_LINES: usize = 8;

/// What `v` reads in the Checklist: the selected item's whole record (Items focus) or the
/// selected criterion's explanation (tree focus).
pub fn full_text(app: &App) -> Option<FullText> {
    let wb = app.wb();
    let criterion = super::selected_criterion(wb, &app.views.checklist)?;
    let items = super::visible_items(criterion, wb, &app.views.checklist);
    let item = items.get(super::item_index(&items, &app.views.checklist));
    let Some(item) = item.filter(|_| app.views.checklist.focus == Focus::Items) else {
        return Some(FullText::new(
            title(&criterion.id, &criterion.title),
            vec![criterion.title.clone(), criterion.explanation.clone()],
        ));
    };
    let owner = item
        .record
        .and_then(|r| r.owner.as_deref())
        .map_or("no owner".to_string(), |o| {
            wb.member(o)
                .map_or(o.to_string(), |m| format!("{} ({})", m.name, m.id))
        });
    let mut paragraphs = vec![
        item.shown_title().to_string(),
        format!(
            "{} · {owner}{} · {} {}",
            item.status().label(),
            mark(item),
            criterion.id,
            criterion.title
        ),
    ];
    if let Some(reason) = item.record.and_then(|r| r.reason.as_deref()) {
        paragraphs.push(format!("N/A because {reason}"));
    }
    for (vendor, text) in crate::analysis::vendor::cuecs_of_item(app.wb(), item.id) {
        paragraphs.push(format!("CUEC of {vendor}: {text}"));
    }
    if !item.evidence_hint.is_empty() {
        paragraphs.push(format!("Evidence auditors expect: {}", item.evidence_hint));
    }
    if let Some(r) = item.record {
        let evidence: Vec<String> = r
            .evidence
            .iter()
            .rev()
            .map(|e| format!("• {} {} {}", e.collected, e.id, e.reference))
            .collect();
        if !evidence.is_empty() {
            paragraphs.push(format!("Evidence collected:\n{}", evidence.join("\n")));
        }
        if !r.notes.is_empty() {
            paragraphs.push(format!("Notes:\n{}", r.notes));
        }
    }
    Some(FullText::new(
        title(item.id, &item.shown_title()),
        paragraphs,
    ))
}

/// What sets an item apart in a criterion's list: a control recorded under another
/// criterion it also meets (its status and evidence are that one record's), or a
/// Recommended control, which strengthens but is not expected.
fn mark(item: &ItemRef) -> String {
    if item.elsewhere {
        format!(" (met in {})", item.criterion)
    } else if item.tier == crate::catalog::Tier::Recommended {
        " (strengthening)".to_string()
    } else {
        String::new()
    }
}

pub(super) fn next_due(cov: &[ControlCoverage], item: &ItemRef) -> Option<crate::model::Date> {
    cov.iter()
        .find(|c| c.criterion == item.criterion && c.item == item.id)
        .and_then(|c| c.next_due)
}

pub(super) fn item_detail(
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
    let status = format!("{} · {owner}{}", item.status().label(), mark(item));
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
    for l in wrap_clean(&item.shown_title(), cols.max(1)).take(2) {
        lines.push(Line::raw(l));
    }
    if let Some(reason) = item.record.and_then(|r| r.reason.as_deref()) {
        for l in wrap_clean(&format!("N/A because {reason}"), cols.max(1)).take(MAX_DETAIL_LINES) {
            lines.push(Line::styled(l, t.dim));
        }
    }
    // A CUEC that relies on this item: not done, it is a gap the vendor's report names.
    for (vendor, text) in crate::analysis::vendor::cuecs_of_item(wb, item.id) {
        let done = item.status() == ItemStatus::Implemented;
        let line = format!("CUEC of {vendor}: {text}");
        for l in wrap_clean(&line, cols.max(1)).take(2) {
            lines.push(Line::styled(l, if done { t.dim } else { t.warn }));
        }
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
        let text = if cadence == Cadence::PerEvent {
            // Not standing configuration, not a calendar: each event is one of the
            // population the auditor samples (populations come later).
            let last = c
                .and_then(|c| c.last_performed)
                .map_or("none recorded yet".to_string(), |d| format!("last {d}"));
            format!("Per event: the auditor samples each occurrence; {last}")
        } else {
            format!("Recurring {}: {last}{due}{met}", cadence.label())
        };
        lines.push(Line::raw(fit(&text, cols)));
    }
    if !item.evidence_hint.is_empty() {
        for l in wrap_clean(
            &format!("Evidence auditors expect: {}", item.evidence_hint),
            cols.max(1),
        )
        .take(MAX_DETAIL_LINES)
        {
            lines.push(Line::styled(l, t.dim));
        }
    }
    if let Some(r) = item.record {
        for e in r.evidence.iter().rev() {
            let hash = e
                .sha256
                .as_deref()
                .map(|h| format!(" sha256:{}", h.get(..12).unwrap_or(h)))
                .unwrap_or_default();
            let line = format!("{} {} {}{hash}", e.collected, e.id, e.reference);
            match app.drift.of(&e.id) {
                None => lines.push(Line::raw(fit(&format!("• {line}"), cols))),
                Some(drift) => {
                    let why = match drift {
                        Drift::Changed => "changed since collected",
                        Drift::Missing => "no longer in the repo",
                    };
                    lines.push(Line::styled(fit(&format!("⚠ {why}: {line}"), cols), t.warn));
                }
            }
        }
        if !r.notes.is_empty() {
            // Only what a pane can show is wrapped: `v` reads a huge note in full.
            let shown = crate::tui::text::visible(&r.notes, cols * MAX_DETAIL_LINES);
            for l in wrap_clean(&format!("Note: {shown}"), cols.max(1)).take(MAX_DETAIL_LINES) {
                lines.push(Line::raw(l));
            }
        }
    }
    lines
}
