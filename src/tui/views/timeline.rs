//! Timeline: the plan's milestones, read-only for now (its own issue adds editing).
//!
//! Why here already: the dashboard's "next milestone" needs a place to see the rest.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::text::{fit, pad};

use super::{clicked_index, scroll_offset, step};

/// The milestone list's selection.
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

/// Draws the milestones.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(t.border_focused)
            .title(Span::styled(
                format!(" Timeline · {} milestones ", wb.milestones.len()),
                t.title,
            )),
        area,
    );
    let body = list_rect(area);
    let cols = usize::from(body.width);
    let header = Rect::new(body.x, body.y.saturating_sub(1), body.width, 1);
    frame.render_widget(
        Paragraph::new(Line::styled(
            pad("Start       End         Status       Days  Milestone", cols),
            t.dim,
        )),
        header,
    );
    let height = usize::from(body.height);
    let offset = scroll_offset(app.timeline.selected, height);
    let mut lines = Vec::new();
    for (i, m) in wb.milestones.iter().enumerate().skip(offset).take(height) {
        let days = app.today.days_until(m.end);
        let text = format!(
            "{} {} {} {:>5}  {} ({})",
            m.start,
            m.end,
            pad(m.status.label(), 12),
            days,
            fit(&m.name, cols),
            m.phase.label()
        );
        let style = if i == app.timeline.selected {
            t.selected
        } else {
            t.base
        };
        lines.push(Line::styled(pad(&fit(&text, cols), cols), style));
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// Moves the selection.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let len = app.wb().milestones.len();
    if let Action::Click { column, row } = action {
        let hit = clicked_index(list_rect(area), row, column, app.timeline.selected, len);
        if let Some(i) = hit {
            app.timeline.selected = i;
        }
        return hit.is_some();
    }
    match step(
        app.timeline.selected,
        len,
        action,
        usize::from(area.height / 2),
    ) {
        Some(n) => {
            app.timeline.selected = n;
            true
        }
        None => false,
    }
}
