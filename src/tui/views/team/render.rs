//! Drawing the team: one row per member with role, dates and what they own.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::edit::owned_by;
use crate::tui::app::App;
use crate::tui::text::{fit, pad};
use crate::tui::views::{inner, scroll_offset};

use super::me;

/// The fixed columns' widths: handle, role, joined, left, items, backlog.
const HANDLE: usize = 10;
const ROLE: usize = 14;
const DATE: usize = 10;
const ITEMS: usize = 5;
const BACKLOG: usize = 7;

fn cell(text: &str, cols: usize) -> String {
    pad(&fit(text, cols), cols)
}

/// The width the name gets in a list `cols` wide: all the space the fixed columns leave.
fn name_width(cols: usize) -> usize {
    let fixed = 2 + HANDLE + 1 + 1 + ROLE + 1 + DATE + 1 + DATE + 1 + ITEMS + 1 + BACKLOG;
    cols.saturating_sub(fixed).max(6)
}

/// Draws the team list.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    let me = me(app);
    let leavers = wb.team.iter().filter(|m| m.left.is_some()).count();
    let mut title = format!(" Team · {} members", wb.team.len());
    if leavers > 0 {
        title.push_str(&format!(", {leavers} left"));
    }
    match me {
        Some(me) => title.push_str(&format!(" · you: {} ", fit(me, 16))),
        None => title.push_str(" · m: this is me "),
    }
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(t.border_focused)
            .title(Span::styled(
                fit(&title, usize::from(area.width.saturating_sub(2))),
                t.title,
            )),
        area,
    );
    let body = inner(area);
    let cols = usize::from(body.width);
    let name_w = name_width(cols);
    let header = format!(
        "  {} {} {} {} {} {:>ITEMS$} {:>BACKLOG$}",
        pad("Handle", HANDLE),
        pad("Name", name_w),
        pad("Role", ROLE),
        pad("Joined", DATE),
        pad("Left", DATE),
        "Items",
        "Backlog",
    );
    let mut lines = vec![Line::styled(pad(&header, cols), t.dim)];
    if wb.team.is_empty() {
        lines.push(Line::styled(
            "  Nobody yet: a adds the first member.",
            t.dim,
        ));
    }
    let height = usize::from(body.height.saturating_sub(1));
    let selected = super::selected_index(wb, &app.team);
    let offset = scroll_offset(selected, height);
    for (i, m) in wb.team.iter().enumerate().skip(offset).take(height) {
        let owned = owned_by(wb, &m.id);
        let marker = if Some(m.id.as_str()) == me {
            "● "
        } else {
            "  "
        };
        let left = m.left.map_or_else(String::new, |d| format!("{d}"));
        // The mark survives a long name: the name is cut, not "(left)".
        let name = if m.left.is_some() {
            format!("{} (left)", fit(&m.name, name_w.saturating_sub(7)))
        } else {
            m.name.clone()
        };
        let row = format!(
            "{marker}{} {} {} {} {} {:>ITEMS$} {:>BACKLOG$}",
            cell(&m.id, HANDLE),
            cell(&name, name_w),
            cell(&m.role, ROLE),
            cell(&m.joined.map_or_else(String::new, |d| d.to_string()), DATE),
            cell(&left, DATE),
            owned.items,
            owned.backlog,
        );
        let style = if i == selected {
            t.selected
        } else if m.left.is_some() {
            t.dim
        } else {
            t.base
        };
        lines.push(Line::styled(pad(&row, cols), style));
    }
    frame.render_widget(Paragraph::new(lines), body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_takes_the_free_space() {
        assert_eq!(name_width(78), 14);
        assert!(name_width(158) > 90);
        assert_eq!(name_width(10), 6);
    }
}
