//! Drawing the backlog: the table with its sort and filter title, and the detail pane.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::backlog::{
    BacklogColumn, OwnerFilter, SortDirection, StatusFilter, is_at_risk, is_overdue,
    suggested_priority,
};
use crate::analysis::schedule::observation_window;
use crate::catalog::catalog;
use crate::edit::{self};
use crate::model::{BacklogItem, BacklogStatus, Date, Workbook};
use crate::tui::app::App;
use crate::tui::fulltext::{FullText, title};
use crate::tui::text::{fit, pad, visible, wrap_clean};

use crate::tui::views::{inner, scroll_offset};

use super::{Focus, rows, selected_item};

/// A table column: which one, where it starts and how wide it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub column: Option<BacklogColumn>,
    pub x: u16,
    pub width: u16,
}

/// The columns of a table `cols` wide (the last, unnamed one holds the overdue / at-risk
/// flag); shared by drawing and by header clicks.
///
/// Below 110 columns every other column takes only what its values need (priority "P1",
/// the flag as one glyph) so the title gets the free space; the last column has no gap
/// after it, so a row never ends in blank space while its title is cut.
pub fn columns(cols: u16) -> Vec<Column> {
    let wide = cols >= 110;
    let fixed: [(Option<BacklogColumn>, u16); 8] = [
        (Some(BacklogColumn::Id), 7),
        (Some(BacklogColumn::Title), 0),
        (Some(BacklogColumn::Criteria), if wide { 13 } else { 6 }),
        (Some(BacklogColumn::Priority), if wide { 3 } else { 2 }),
        (Some(BacklogColumn::Owner), if wide { 10 } else { 6 }),
        (Some(BacklogColumn::Status), 11),
        (Some(BacklogColumn::Due), 10),
        (None, if wide { 7 } else { 1 }),
    ];
    let used: u16 = fixed.iter().map(|(_, w)| w + 1).sum::<u16>() - 1;
    let title = cols.saturating_sub(used).max(6);
    let mut x = 0;
    fixed
        .iter()
        .map(|&(column, w)| {
            let w = if w == 0 { title } else { w };
            let c = Column {
                column,
                x,
                width: w,
            };
            x = x.saturating_add(w + 1);
            c
        })
        .collect()
}

/// Description lines the detail pane shows at most (`v` reads the rest).
const DESCRIPTION_LINES: usize = 8;

/// How many lines the detail pane wants for the selected item at `cols` columns.
pub(super) fn detail_len(
    wb: &Workbook,
    today: Date,
    b: Option<&BacklogItem>,
    cols: usize,
) -> usize {
    let Some(b) = b else {
        return 1;
    };
    let start = observation_window(wb).map(|(s, _)| s);
    let desc = wrap_clean(&b.description, cols.max(1))
        .filter(|l| !l.is_empty())
        .take(DESCRIPTION_LINES)
        .count();
    let title = wrap_clean(visible(&b.title, cols * 3), cols.max(1))
        .take(3)
        .count();
    let links = b.criteria.len() + b.items.len();
    2 + title
        + usize::from(suggested_priority(&b.criteria) != b.priority)
        + usize::from(flag(b, today, start) == "at risk")
        + desc
        + if links > 0 { links + 1 } else { 0 }
}

pub(super) fn panes(app: &App, area: Rect) -> (Rect, Rect) {
    panes_for(app.wb(), app.today, selected_item(app), area)
}

/// The table and the detail pane for the item `b` selected.
pub(super) fn panes_for(
    wb: &Workbook,
    today: Date,
    b: Option<&BacklogItem>,
    area: Rect,
) -> (Rect, Rect) {
    if area.width >= 150 {
        let [l, r] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Min(0)]).areas(area);
        (l, r)
    } else {
        let want = detail_len(wb, today, b, usize::from(area.width.saturating_sub(2))) + 2;
        let detail = u16::try_from(want)
            .unwrap_or(u16::MAX)
            .min(area.height / 2)
            .max(3.min(area.height));
        let [t, d] = Layout::vertical([Constraint::Min(0), Constraint::Length(detail)]).areas(area);
        (t, d)
    }
}

/// The table body (rows below the header) of the table pane.
pub(super) fn body_rect(table: Rect) -> Rect {
    let i = inner(table);
    Rect::new(
        i.x,
        i.y.saturating_add(1),
        i.width,
        i.height.saturating_sub(1),
    )
}

pub(super) fn status_filter_label(f: Option<StatusFilter>) -> Option<String> {
    f.map(|s| match s {
        StatusFilter::Is(s) => s.label().to_string(),
        StatusFilter::Unfinished => "unfinished".to_string(),
    })
}

pub(super) fn title_text(app: &App, shown: usize) -> String {
    let st = &app.backlog;
    let total = app.wb().backlog.len();
    let mut parts = vec![format!(
        "Backlog · {total} items{}",
        crate::tui::views::team::mine_title(app)
    )];
    if !st.filter.is_empty() || st.mine.is_some() {
        parts.push(format!("showing {shown}"));
    }
    if let Some(s) = status_filter_label(st.filter.status) {
        parts.push(format!("status: {s}"));
    }
    match &st.filter.owner {
        Some(OwnerFilter::Member(m)) => parts.push(format!("owner: {}", fit(m, 12))),
        Some(OwnerFilter::Unassigned) => parts.push("owner: nobody".into()),
        None => {}
    }
    if let Some(p) = st.filter.priority {
        parts.push(format!("priority: {}", p.label()));
    }
    parts.push(match st.sort {
        Some((c, d)) => format!(
            "by {} {}",
            c.label(),
            if d == SortDirection::Ascending {
                "↑"
            } else {
                "↓"
            }
        ),
        None => "file order".into(),
    });
    format!(" {} ", parts.join(" · "))
}

pub(super) fn cell(b: &BacklogItem, column: Option<BacklogColumn>, flag: &str) -> String {
    match column {
        Some(BacklogColumn::Id) => b.id.clone(),
        // Wider than any cell: a huge title is not copied whole to be cut.
        Some(BacklogColumn::Title) => visible(&b.title, usize::from(u16::MAX)).to_string(),
        Some(BacklogColumn::Criteria) => b.criteria.join(","),
        Some(BacklogColumn::Priority) => b.priority.label().to_string(),
        Some(BacklogColumn::Owner) => b.owner.clone().unwrap_or_else(|| "-".into()),
        Some(BacklogColumn::Status) => b.status.label().to_string(),
        Some(BacklogColumn::Due) => b.due.map_or("-".into(), |d| d.to_string()),
        None => flag.to_string(),
    }
}

/// The flag as one glyph, for a narrow table: `!` overdue, `~` at risk.
fn flag_glyph(flag: &str) -> &'static str {
    match flag {
        "overdue" => "!",
        "at risk" => "~",
        _ => "",
    }
}

/// The flag of an item: overdue, at risk (due after the observation window opens) or none.
pub fn flag(b: &BacklogItem, today: Date, window_start: Option<Date>) -> &'static str {
    if is_overdue(b, today) {
        "overdue"
    } else if is_at_risk(b, window_start) {
        "at risk"
    } else {
        ""
    }
}

/// Draws the table and the detail pane.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    let rows = rows(app);
    let (table, detail) = panes(app, area);
    let table_focused = app.backlog.focus == Focus::Table;
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(if table_focused {
                t.border_focused
            } else {
                t.border
            })
            .title(Span::styled(
                fit(
                    &format!(
                        " {}{}",
                        t.focus_mark(table_focused),
                        title_text(app, rows.len()).trim_start()
                    ),
                    usize::from(area.width.saturating_sub(2)),
                ),
                t.title,
            )),
        table,
    );
    let head = inner(table);
    let body = body_rect(table);
    let cols = columns(head.width);
    let mut header = Vec::new();
    for c in &cols {
        let mut label = c.column.map_or(String::new(), |col| {
            match col {
                BacklogColumn::Priority if c.width < 3 => "P",
                BacklogColumn::Priority if c.width < 8 => "pri",
                BacklogColumn::Criteria if c.width < 9 => "crit",
                other => other.label(),
            }
            .to_string()
        });
        if let (Some(col), Some((sorted, dir))) = (c.column, app.backlog.sort)
            && col == sorted
        {
            label.push(if dir == SortDirection::Ascending {
                '↑'
            } else {
                '↓'
            });
        }
        let gap = usize::from(c.column.is_some());
        header.push(Span::styled(pad(&label, usize::from(c.width) + gap), t.dim));
    }
    if head.height > 0 {
        frame.render_widget(
            Paragraph::new(Line::from(header)),
            Rect::new(head.x, head.y, head.width, 1),
        );
    }
    if wb.backlog.is_empty() || rows.is_empty() {
        let text = if wb.backlog.is_empty() {
            "No backlog items yet: a adds one; in the Checklist, b turns a gap into one."
        } else {
            "No item passes the filters (C clears them)."
        };
        frame.render_widget(Paragraph::new(Line::styled(text, t.dim)), body);
    } else {
        let start = observation_window(wb).map(|(s, _)| s);
        let height = usize::from(body.height);
        let selected = super::selected_pos(wb, app.doc.generation, &app.backlog);
        let offset = scroll_offset(selected, height);
        let mut lines = Vec::new();
        for (pos, &i) in rows.iter().enumerate().skip(offset).take(height) {
            let Some(b) = wb.backlog.get(i) else {
                continue;
            };
            let flag = flag(b, app.today, start);
            let row_style = if pos == selected {
                if table_focused {
                    t.selected
                } else {
                    t.selected_unfocused
                }
            } else if flag == "overdue" {
                t.bad
            } else if b.status == BacklogStatus::Done {
                t.dim
            } else {
                t.base
            };
            let mut spans = Vec::new();
            for c in &cols {
                let style = if pos != selected && c.column.is_none() {
                    if flag == "overdue" { t.bad } else { t.warn }
                } else {
                    row_style
                };
                let value = match (c.column, c.width) {
                    (None, 1) => flag_glyph(flag).to_string(),
                    _ => cell(b, c.column, flag),
                };
                let gap = usize::from(c.column.is_some());
                spans.push(Span::styled(
                    pad(
                        &fit(&value, usize::from(c.width)),
                        usize::from(c.width) + gap,
                    ),
                    style,
                ));
            }
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), body);
    }
    render_detail(app, frame, detail);
}

/// One link of the detail pane: a criterion, or an item with its criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Criterion(String),
    Item {
        criterion: String,
        item: String,
    },
    /// An item id the catalog and the workbook do not know.
    Unknown(String),
}

/// The selected item's links, criteria first.
pub fn links(app: &App) -> Vec<Link> {
    links_of(app.wb(), selected_item(app))
}

/// The links of item `b`, criteria first.
pub fn links_of(wb: &Workbook, b: Option<&BacklogItem>) -> Vec<Link> {
    let Some(b) = b else {
        return Vec::new();
    };
    let mut out: Vec<Link> = b.criteria.iter().cloned().map(Link::Criterion).collect();
    for i in &b.items {
        out.push(match edit::resolve_item(catalog(), wb, i) {
            Ok(k) => Link::Item {
                criterion: k.criterion,
                item: k.item,
            },
            Err(_) => Link::Unknown(i.clone()),
        });
    }
    out
}

pub(super) fn link_label(app: &App, link: &Link) -> String {
    let cat = catalog();
    match link {
        Link::Criterion(c) => format!(
            "{c} {}",
            cat.criterion(c)
                .map_or("(not in the catalog)", |c| c.title.as_str())
        ),
        Link::Item { criterion, item } => {
            let title = cat
                .item(item)
                .map(|(_, i)| i.title.clone())
                .or_else(|| {
                    app.wb()
                        .item(criterion, item)
                        .and_then(|r| r.custom.as_ref())
                        .map(|c| c.title.clone())
                })
                .unwrap_or_default();
            let status = app
                .wb()
                .item(criterion, item)
                .map_or("not started", |r| r.status.label());
            format!("{item} ({criterion}, {status}) {title}")
        }
        Link::Unknown(i) => format!("{i} (unknown item)"),
    }
}

pub(super) fn render_detail(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let focused = app.backlog.focus == Focus::Links;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { t.border_focused } else { t.border });
    let Some(b) = selected_item(app) else {
        frame.render_widget(block, area);
        return;
    };
    frame.render_widget(
        block.title(Span::styled(
            format!(" {}{} ", t.focus_mark(focused), fit(&b.id, 20)),
            t.title,
        )),
        area,
    );
    let body = inner(area);
    let cols = usize::from(body.width).max(1);
    let start = observation_window(app.wb()).map(|(s, _)| s);
    let flag = flag(b, app.today, start);
    let owner = b.owner.as_deref().map_or("no owner".to_string(), |o| {
        app.wb()
            .member(o)
            .map_or(o.to_string(), |m| format!("{} ({})", m.name, m.id))
    });
    let due = match (b.due, flag) {
        (None, _) => "no due date".to_string(),
        (Some(d), "") => format!("due {d}"),
        (Some(d), f) => format!("due {d} ({f})"),
    };
    let mut lines: Vec<Line<'static>> = wrap_clean(visible(&b.title, cols * 3), cols)
        .take(3)
        .map(|l| Line::styled(l, t.title))
        .collect();
    lines.extend([Line::from(vec![
        Span::styled(
            fit(
                &format!("{} · {} · {owner} · ", b.status.label(), b.priority.label()),
                cols,
            ),
            t.base,
        ),
        Span::styled(
            due.clone(),
            match flag {
                "overdue" => t.bad,
                "at risk" => t.warn,
                _ => t.base,
            },
        ),
    ])]);
    let suggested = suggested_priority(&b.criteria);
    if suggested != b.priority {
        lines.push(Line::styled(
            fit(
                &format!(
                    "Suggested priority from the linked criteria: {} (= takes it)",
                    suggested.label()
                ),
                cols,
            ),
            t.warn,
        ));
    }
    if flag == "at risk" {
        lines.extend(
            wrap_clean(
                "At risk: due after the observation window opens, so the control would not operate for the whole window.",
                cols,
            )
            .map(|l| Line::styled(l, t.warn)),
        );
    }
    for l in wrap_clean(&b.description, cols)
        .filter(|l| !l.is_empty())
        .take(DESCRIPTION_LINES + 1)
    {
        lines.push(Line::raw(l));
    }
    let links = links(app);
    if !links.is_empty() {
        lines.push(Line::styled(
            fit(
                "Linked (→ or Enter, then Enter opens it in the Checklist):",
                cols,
            ),
            t.dim,
        ));
        for (i, l) in links.iter().enumerate() {
            let style = if focused && i == app.backlog.link {
                t.selected
            } else {
                t.key
            };
            lines.push(Line::styled(
                pad(&fit(&format!("  ▸ {}", link_label(app, l)), cols), cols),
                style,
            ));
        }
    }
    let mut history = vec![format!("{} created", b.created)];
    history.extend(
        b.history
            .iter()
            .map(|h| format!("{} {}", h.date, h.status.label())),
    );
    lines.push(Line::styled(
        fit(&format!("History: {}", history.join(" · ")), cols),
        t.dim,
    ));
    // Keep the selected link visible when the pane is short.
    let height = usize::from(body.height);
    let skip = if focused && lines.len() > height {
        let link_line = lines.len() - 1 - links.len() + app.backlog.link;
        link_line.saturating_sub(height.saturating_sub(1))
    } else {
        0
    };
    let hidden_above = skip > 0;
    let mut shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    if shown.len() > height && height > 0 && !focused {
        let more = shown.len() - height + 1;
        shown.truncate(height - 1);
        shown.push(Line::styled(
            format!("↓ {more} more lines · v reads it all"),
            t.key,
        ));
    }
    shown.truncate(height);
    if hidden_above && let Some(first) = shown.first_mut() {
        *first = Line::styled(format!("↑ {skip} more above"), t.key);
    }
    frame.render_widget(Paragraph::new(shown), body);
}

/// What `v` reads in the Backlog: the selected item's title, description, links and
/// history in full.
pub fn full_text(app: &App) -> Option<FullText> {
    let b = selected_item(app)?;
    let owner = b.owner.as_deref().unwrap_or("no owner");
    let due = b
        .due
        .map_or("no due date".to_string(), |d| format!("due {d}"));
    let mut paragraphs = vec![
        b.title.clone(),
        format!(
            "{} · {} · {owner} · {due}",
            b.status.label(),
            b.priority.label()
        ),
        b.description.clone(),
    ];
    let links: Vec<String> = links(app)
        .iter()
        .map(|l| format!("▸ {}", link_label(app, l)))
        .collect();
    if !links.is_empty() {
        paragraphs.push(format!("Linked:\n{}", links.join("\n")));
    }
    let mut history = vec![format!("{} created", b.created)];
    history.extend(
        b.history
            .iter()
            .map(|h| format!("{} {}", h.date, h.status.label())),
    );
    paragraphs.push(format!("History: {}", history.join(" · ")));
    Some(FullText::new(title(&b.id, &b.title), paragraphs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_and_keep_the_title_readable() {
        for w in [40u16, 78, 118, 200] {
            let cols = columns(w);
            assert_eq!(cols.len(), 8);
            let last = cols.last().unwrap();
            if w >= 78 {
                assert!(last.x + last.width <= w, "{w}");
            }
            assert!(cols[1].width >= 6);
        }
    }
}
