//! The frame around the views: tab bar, read-only banner, status bar with key hints, the
//! "terminal too small" screen, and the popups on top.
//!
//! Why layout is a pure function of the size: drawing and mouse handling must agree on
//! where each tab and row is, without the renderer writing state back.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;
use super::keymap::Scope;
use super::popup;
use super::text::{fit, width};
use super::views::{self, View};

/// Below this size the app shows a "too small" screen instead of its views.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Whether a screen of this size gets the "too small" screen instead of the views.
pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub banner: Option<Rect>,
    pub main: Rect,
    pub status: Rect,
    pub hints: Rect,
}

fn row(area: Rect, y: u16) -> Rect {
    Rect::new(area.x, y, area.width, 1)
}

/// Splits the screen: one row of tabs, an optional banner, the view, two status rows.
pub fn layout(size: Rect, banner: bool) -> Areas {
    let top = size.y;
    let bottom = size.y + size.height;
    let tabs = row(size, top);
    let banner_rect = banner.then(|| row(size, (top + 1).min(bottom.saturating_sub(1))));
    let main_top = (top + 1 + u16::from(banner)).min(bottom);
    let main_bottom = bottom.saturating_sub(2).max(main_top);
    Areas {
        tabs,
        banner: banner_rect,
        main: Rect::new(size.x, main_top, size.width, main_bottom - main_top),
        status: row(size, bottom.saturating_sub(2)),
        hints: row(size, bottom.saturating_sub(1)),
    }
}

/// The tab labels for a bar `room` columns wide: full titles when they fit, then short
/// ones, then short ones unpadded, then numbers with only the focused tab titled, so every
/// tab's key stays visible.
pub fn tab_labels(room: usize, focused: View) -> Vec<String> {
    let full: Vec<String> = View::ALL
        .iter()
        .map(|v| format!(" {} {} ", v.number(), v.title()))
        .collect();
    let total = |labels: &[String]| labels.iter().map(|l| width(l) + 1).sum::<usize>();
    if total(&full) <= room {
        return full;
    }
    let short: Vec<String> = View::ALL
        .iter()
        .map(|v| format!(" {} {} ", v.number(), v.short_title()))
        .collect();
    if total(&short) <= room {
        return short;
    }
    // Short titles without the padding (the focused tab still stands out by its style):
    // nine or ten tabs fit 80 columns this way.
    let compact: Vec<String> = View::ALL
        .iter()
        .map(|v| format!("{} {}", v.number(), v.short_title()))
        .collect();
    if total(&compact) <= room {
        return compact;
    }
    View::ALL
        .iter()
        .map(|v| {
            if *v == focused {
                format!(" {} {} ", v.number(), v.short_title())
            } else {
                format!(" {} ", v.number())
            }
        })
        .collect()
}

/// The tab under a click, if any.
pub fn tab_at(size: Rect, focused: View, column: u16, row: u16) -> Option<View> {
    if row != size.y {
        return None;
    }
    let mut x = size.x;
    let labels = tab_labels(usize::from(size.width), focused);
    for (view, label) in View::ALL.into_iter().zip(&labels) {
        let w = u16::try_from(width(label)).unwrap_or(u16::MAX);
        if column >= x && column < x.saturating_add(w) {
            return Some(view);
        }
        x = x.saturating_add(w + 1);
    }
    None
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let size = frame.area();
    if too_small(size) {
        render_too_small(app, frame, size);
        return;
    }
    let banner = super::conflicts::banner(app);
    let areas = layout(size, banner.is_some());
    render_tabs(app, frame, areas.tabs);
    if let (Some(rect), Some(why)) = (areas.banner, &banner) {
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&format!(" {why}"), usize::from(rect.width)),
                app.theme.banner,
            ))
            .style(app.theme.banner),
            rect,
        );
    }
    views::render(app, frame, areas.main);
    render_status(app, frame, areas.status);
    render_hints(app, frame, areas.hints);
    popup::render(app, frame);
}

fn render_too_small(app: &App, frame: &mut Frame, size: Rect) {
    let text = format!(
        "Terminal too small: {}×{}. soc2 needs at least {MIN_WIDTH}×{MIN_HEIGHT}; enlarge the window (q quits; nothing else acts until then).",
        size.width, size.height
    );
    let lines: Vec<Line> = super::text::wrap(&text, usize::from(size.width.max(1)))
        .into_iter()
        .map(|l| Line::styled(l, app.theme.warn))
        .collect();
    frame.render_widget(Paragraph::new(lines), size);
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    let mut used = 0;
    let labels = tab_labels(usize::from(area.width), app.view);
    for (view, label) in View::ALL.into_iter().zip(labels) {
        used += width(&label) + 1;
        let style = if view == app.view {
            app.theme.tab_active
        } else {
            app.theme.tab
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    let room = usize::from(area.width).saturating_sub(used + 1);
    // A name cut to a lone "…" says nothing; leave the room empty instead.
    let org = if room >= 8 {
        fit(&app.wb().organization.name, room)
    } else {
        String::new()
    };
    let gap = usize::from(area.width).saturating_sub(used + width(&org));
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(org, app.theme.title));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let read_only = super::read_only::status(app);
    let state = if let Some(label) = &read_only {
        (label.as_str(), app.theme.warn)
    } else if app.doc.is_dirty() {
        ("unsaved", app.theme.warn)
    } else {
        ("saved", app.theme.good)
    };
    let path = app.doc.path.display().to_string();
    let cols = usize::from(area.width);
    let path = fit(&path, cols / 3);
    let mut spans = vec![
        Span::styled(path.clone(), app.theme.dim),
        Span::raw(" · "),
        Span::styled(state.0, state.1),
    ];
    if let Some(msg) = &app.message {
        let used = width(&path) + 3 + width(state.0) + 3;
        let style = if msg.error {
            app.theme.bad
        } else {
            app.theme.base
        };
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(
            fit(&msg.text, cols.saturating_sub(used)),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    let mut used = 0;
    let cols = usize::from(area.width);
    let mut hints = app.keymap.hints(Scope::Global);
    hints.extend(
        app.keymap
            .hints_where(Scope::View(app.view), |a| views::hint_applies(app, a)),
    );
    for (key, what) in hints {
        let piece = width(&key) + width(what) + 3;
        if used + piece > cols {
            break;
        }
        used += piece;
        spans.push(Span::styled(key, app.theme.key));
        spans.push(Span::styled(format!(" {what}  "), app.theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
