//! Backlog: the remediation items, read-only for now (editing arrives with its own issue).
//!
//! Why here already: "turn a gap into a backlog item" must be visible somewhere the
//! moment it happens.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::backlog::{is_at_risk, is_overdue};
use crate::analysis::schedule::observation_window;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::text::{fit, pad};

use super::{clicked_index, scroll_offset, step};

/// The backlog list's selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub selected: usize,
}

fn list_rect(area: Rect) -> Rect {
    Rect::new(
        area.x + 1,
        area.y + 2,
        area.width.saturating_sub(2),
        area.height.saturating_sub(3),
    )
}

/// Draws the backlog list.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border_focused)
        .title(Span::styled(
            format!(" Backlog · {} items ", wb.backlog.len()),
            t.title,
        ));
    frame.render_widget(block, area);
    let body = list_rect(area);
    let cols = usize::from(body.width);
    let header = Rect::new(body.x, body.y.saturating_sub(1), body.width, 1);
    frame.render_widget(
        Paragraph::new(Line::styled(
            pad(
                "ID       Pri Status       Due         Owner     Title",
                cols,
            ),
            t.dim,
        )),
        header,
    );
    if wb.backlog.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No backlog items yet: in the Checklist, b turns a gap into one.",
                t.dim,
            )),
            body,
        );
        return;
    }
    let start = observation_window(wb).map(|(s, _)| s);
    let height = usize::from(body.height);
    let offset = scroll_offset(app.backlog.selected, height);
    let mut lines = Vec::new();
    for (i, b) in wb.backlog.iter().enumerate().skip(offset).take(height) {
        let flag = if is_overdue(b, app.today) {
            " (overdue)"
        } else if is_at_risk(b, start) {
            " (at risk)"
        } else {
            ""
        };
        let text = format!(
            "{} {} {} {} {} {}{flag}",
            pad(&fit(&b.id, 8), 8),
            pad(b.priority.label(), 3),
            pad(b.status.label(), 12),
            pad(&b.due.map_or("-".into(), |d| d.to_string()), 11),
            pad(&fit(b.owner.as_deref().unwrap_or("-"), 9), 9),
            fit(&b.title, cols),
        );
        let style = if i == app.backlog.selected {
            t.selected
        } else if flag == " (overdue)" {
            t.bad
        } else {
            t.base
        };
        lines.push(Line::styled(pad(&text, cols), style));
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// Moves the selection.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let len = app.wb().backlog.len();
    if let Action::Click { column, row } = action {
        let hit = clicked_index(list_rect(area), row, column, app.backlog.selected, len);
        if let Some(i) = hit {
            app.backlog.selected = i;
        }
        return hit.is_some();
    }
    match step(
        app.backlog.selected,
        len,
        action,
        usize::from(area.height / 2),
    ) {
        Some(n) => {
            app.backlog.selected = n;
            true
        }
        None => false,
    }
}
