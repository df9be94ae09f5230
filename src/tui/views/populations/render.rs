//! Drawing populations: the controls with their figures on the left, the selected
//! control's events (result, sampled, what each lacks) on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::population::{band_text, lacks};
use crate::model::EventResult;
use crate::tui::app::App;
use crate::tui::text::{fit, pad};
use crate::tui::views::{inner, scroll_offset};

use super::{Focus, controls, sampled, selected_control, shown_events};

/// Draws the two lists.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    let st = &app.views.populations;
    let rows = controls(wb, app.today);
    // Side by side when there is room; on a narrow screen the controls go on top so the
    // events keep the full width for their descriptions.
    let [left, right] = if area.width >= 110 {
        Layout::horizontal([Constraint::Length(area.width * 2 / 5), Constraint::Min(0)]).areas(area)
    } else {
        Layout::vertical([Constraint::Length(area.height / 3 + 1), Constraint::Min(0)]).areas(area)
    };
    let left_w = left.width;
    let with_events = rows.iter().filter(|r| r.population > 0).count();
    let border = |focused: bool| if focused { t.border_focused } else { t.border };
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(border(st.focus == Focus::Controls))
            .title(Span::styled(
                fit(
                    &format!(" Populations · {with_events}/{} ", rows.len()),
                    usize::from(left_w.saturating_sub(2)),
                ),
                t.title,
            )),
        left,
    );
    let body = inner(left);
    let cols = usize::from(body.width);
    let height = usize::from(body.height);
    let selected = st
        .control
        .index(rows.len(), |i| rows.get(i).map(|r| r.item.as_str()));
    let mut lines = Vec::new();
    if rows.is_empty() {
        lines.push(Line::styled(
            "  No per-event, daily or weekly control in scope.",
            t.dim,
        ));
    }
    for (i, r) in rows
        .iter()
        .enumerate()
        .skip(scroll_offset(selected, height))
        .take(height)
    {
        let mark = if r.sample_ready {
            "✓"
        } else if r.exceptions > 0 {
            "!"
        } else {
            " "
        };
        let figures = format!(
            "{:>5} events {:>5} tested {:>3} exceptions",
            r.population, r.tested, r.exceptions
        );
        let name_w = cols.saturating_sub(figures.len() + 3);
        let text = format!("{mark} {} {figures}", pad(&fit(&r.item, name_w), name_w));
        let style = if i == selected {
            t.selected
        } else if r.population == 0 {
            t.dim
        } else if r.exceptions > 0 {
            t.bad
        } else {
            t.base
        };
        lines.push(Line::styled(pad(&text, cols), style));
    }
    frame.render_widget(Paragraph::new(lines), body);

    let control = selected_control(&rows, st);
    let title = match (control, st.filter) {
        (Some(c), f) => format!(
            " {}{} · {} · sample {} of {} ({}) ",
            c.item,
            f.map_or(String::new(), |r| format!(" · only {}", r.label())),
            c.cadence.label(),
            c.sample_size,
            c.population,
            band_text(c.cadence),
        ),
        (None, _) => " Events ".to_string(),
    };
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(border(st.focus == Focus::Events))
            .title(Span::styled(
                fit(&title, usize::from(right.width.saturating_sub(2))),
                t.title,
            )),
        right,
    );
    let body = inner(right);
    let cols = usize::from(body.width);
    let height = usize::from(body.height.saturating_sub(1));
    let Some(control) = control else {
        return;
    };
    let evs = shown_events(wb, &control.item, st);
    let sample = sampled(wb, &control.item);
    let selected = st
        .event
        .index(evs.len(), |i| evs.get(i).map(|e| e.id.as_str()));
    let mut lines = vec![Line::styled(
        pad(
            "  Date       Id         Result    S Description · lacks",
            cols,
        ),
        t.dim,
    )];
    if evs.is_empty() {
        lines.push(Line::styled(
            "  No events: a adds one; soc2 population import reads a CSV export.",
            t.dim,
        ));
    }
    for (i, e) in evs
        .iter()
        .enumerate()
        .skip(scroll_offset(selected, height))
        .take(height)
    {
        let missing = lacks(e);
        let tail = if missing.is_empty() {
            String::new()
        } else {
            format!(" · lacks {}", missing.join(", "))
        };
        let text = format!(
            "  {} {} {} {} {}{}",
            e.date,
            pad(&fit(&e.id, 10), 10),
            pad(e.result.label(), 9),
            if sample.contains(&e.id) { "S" } else { " " },
            fit(&e.description, cols.saturating_sub(38 + tail.len()).max(4)),
            tail
        );
        let style = if i == selected && st.focus == Focus::Events {
            t.selected
        } else {
            match e.result {
                EventResult::Exception => t.bad,
                EventResult::Passed => t.good,
                EventResult::Untested => t.base,
            }
        };
        lines.push(Line::styled(pad(&fit(&text, cols), cols), style));
    }
    frame.render_widget(Paragraph::new(lines), body);
}
