//! The re-plan popup: what a re-plan would move, applied on yes (pinned and done milestones stay).

use ratatui::Frame;
use ratatui::text::Line;

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::edits::Edit;
use crate::tui::msg::Msg;
use crate::tui::popup::{Popup, PopupKind, centered, draw_lines};
use crate::tui::text::wrap;

use super::Replan;

pub(super) fn replan_lines(app: &App, r: &Replan, cols: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = wrap(&r.intro, cols).into_iter().map(Line::from).collect();
    lines.push(Line::default());
    for m in &r.moves {
        let style = if m.kept.is_some() {
            app.theme.dim
        } else {
            app.theme.base
        };
        let mark = if m.kept.is_some() { "  = " } else { "  → " };
        for (i, l) in wrap(
            &crate::text::sanitize(&m.describe()),
            cols.saturating_sub(4),
        )
        .into_iter()
        .enumerate()
        {
            let lead = if i == 0 { mark } else { "    " };
            lines.push(Line::styled(format!("{lead}{l}"), style));
        }
    }
    lines
}

/// Draws the re-plan popup.
pub fn render_replan(app: &App, r: &Replan, frame: &mut Frame) {
    let screen = frame.area();
    let cols = usize::from(screen.width.min(90).saturating_sub(2)).max(1);
    let lines = replan_lines(app, r, cols);
    let h = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX);
    let rect = centered(screen, 90, h);
    draw_lines(
        app,
        frame,
        rect,
        &r.title,
        &lines,
        r.scroll,
        PopupKind::Replan,
    );
}

/// Handles a key while the re-plan popup is on top.
pub fn replan_update(app: &mut App, action: Action, _page: usize) {
    let Some(Popup::Replan(r)) = app.popups.last_mut() else {
        return;
    };
    match action {
        Action::Back => {
            app.popups.pop();
            app.info("plan unchanged (r offers the re-plan again)");
        }
        Action::Enter => {
            let edit = Edit::Replan {
                suggestions: r.suggestions.clone(),
                moves: r.moves.clone(),
            };
            app.popups.pop();
            app.apply(vec![Msg::Edit(edit)]);
        }
        Action::Up | Action::ScrollUp => r.scroll = r.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => r.scroll += 1,
        _ => {}
    }
}
