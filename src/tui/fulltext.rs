//! The full-text popup: whatever a pane had to cut, readable in full.
//!
//! Why one popup for every view: panes are sized for the list beside them, so long notes,
//! N/A reasons, "evidence auditors expect", scoping reasons and advice get cut; `v` opens
//! the selected record's whole text here, wrapped to the screen and scrolled by keys, so
//! nothing a team wrote or the catalog says is ever out of reach.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::action::Action;
use super::app::App;
use super::popup::{Popup, PopupKind, centered, frame_block, hint_line};
use super::text::{fit, wrap_clean};
use super::views::{self, View};

/// The popup's content: a title and paragraphs of raw (unsanitized) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullText {
    pub title: String,
    /// Each entry is one paragraph; line breaks inside it are kept.
    pub paragraphs: Vec<String>,
    /// The first wrapped line shown.
    pub scroll: usize,
}

impl FullText {
    /// A popup at the top of `paragraphs`; empty paragraphs are dropped.
    pub fn new(title: impl Into<String>, paragraphs: Vec<String>) -> FullText {
        FullText {
            title: title.into(),
            paragraphs: paragraphs.into_iter().filter(|p| !p.is_empty()).collect(),
            scroll: 0,
        }
    }
}

/// The popup's rectangle on a screen of `screen` size.
pub fn rect(screen: Rect) -> Rect {
    centered(
        screen,
        screen.width.saturating_sub(4).min(100),
        screen.height.saturating_sub(2),
    )
}

/// Text columns and rows inside the popup (one row is kept for the marker and hints).
fn text_area(screen: Rect) -> (usize, usize) {
    let r = views::inner(rect(screen));
    (
        usize::from(r.width).max(1),
        usize::from(r.height).saturating_sub(1),
    )
}

/// The wrapped, sanitized lines of `ft` at `cols` columns, a blank line between
/// paragraphs.
pub fn lines(ft: &FullText, cols: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in ft.paragraphs.iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.extend(wrap_clean(p, cols));
    }
    out
}

/// The scroll marker for `total` lines of which `rows` show from `scroll`:
/// "↓ more (42%)" while something is below, "↑ more above" at the end of a long text.
pub fn marker(scroll: usize, rows: usize, total: usize) -> Option<String> {
    let end = scroll + rows;
    if end < total {
        Some(format!("↓ more ({}%)", end * 100 / total.max(1)))
    } else if scroll > 0 {
        Some("↑ more above".to_string())
    } else {
        None
    }
}

/// What `v` reads in the focused view: the selected row's whole text.
pub fn selected(app: &App) -> Option<FullText> {
    match app.view {
        View::Dashboard => views::dashboard::full_text(app),
        View::Scoping => views::scoping::full_text(app),
        View::Checklist => views::checklist::full_text(app),
        View::Backlog => views::backlog::full_text(app),
        View::Timeline => views::timeline::full_text(app),
        View::Team => views::team::full_text(app),
        View::Policies => views::policies::full_text(app),
        View::Populations => None,
        View::Vendors => views::vendors::full_text(app),
        View::Risks => views::risks::full_text(app),
    }
}

/// Opens the full text of what is selected, or says there is nothing to read.
pub fn open(app: &mut App) {
    match selected(app) {
        Some(ft) => app.open(Popup::FullText(ft)),
        None => app.info("nothing selected to read: choose a row first"),
    }
}

/// Scrolling and closing.
pub fn update(app: &mut App, action: Action) {
    let (cols, rows) = text_area(app.size);
    let Some(Popup::FullText(ft)) = app.popups.last_mut() else {
        return;
    };
    let max = lines(ft, cols).len().saturating_sub(rows);
    let page = rows.max(1);
    ft.scroll = match action {
        Action::Back | Action::ReadInFull => {
            app.popups.pop();
            return;
        }
        Action::Up | Action::ScrollUp => ft.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => ft.scroll + 1,
        Action::PageUp => ft.scroll.saturating_sub(page),
        Action::PageDown => ft.scroll + page,
        Action::Top => 0,
        Action::Bottom => max,
        _ => ft.scroll,
    }
    .min(max);
}

/// Draws the popup: the title, the text from its scroll position, the marker and hints.
pub fn render(app: &App, ft: &FullText, frame: &mut Frame) {
    let r = rect(frame.area());
    frame.render_widget(Clear, r);
    let block = frame_block(app, &ft.title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let cols = usize::from(inner.width).max(1);
    let rows = usize::from(inner.height).saturating_sub(1);
    let all = lines(ft, cols);
    let scroll = ft.scroll.min(all.len().saturating_sub(rows));
    let mut shown: Vec<Line> = all
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|l| Line::styled(l.clone(), app.theme.base))
        .collect();
    while shown.len() < rows {
        shown.push(Line::default());
    }
    let mut last = hint_line(app, PopupKind::FullText);
    if let Some(m) = marker(scroll, rows, all.len()) {
        last.spans.insert(
            0,
            ratatui::text::Span::styled(format!("{m}  "), app.theme.warn),
        );
    }
    shown.push(last);
    frame.render_widget(Paragraph::new(shown), inner);
}

/// A pane's `lines` cut to its `height`, the last shown line replaced by a marker saying
/// how much more is below and that `v` reads it.
pub fn clip(app: &App, mut lines: Vec<Line<'static>>, height: usize) -> Vec<Line<'static>> {
    if lines.len() > height && height > 0 {
        let hidden = lines.len() - height + 1;
        lines.truncate(height - 1);
        lines.push(Line::styled(
            format!("↓ {hidden} more lines · v reads it all"),
            app.theme.key,
        ));
    }
    lines
}

/// A detail pane's `lines` from line `scroll` on, cut to its `height`: the last shown
/// line says what is above and below (`↑ 3 above · ↓ 12 more`) and that `v` reads it
/// all. Tells `detail` how far the pane can scroll, so its keys stop at the end.
pub fn clip_scrolled(
    app: &App,
    mut lines: Vec<Line<'static>>,
    height: usize,
    detail: &crate::tui::msg::DetailScroll,
    id: Option<&str>,
) -> Vec<Line<'static>> {
    if lines.len() <= height || height == 0 {
        detail.set_max(0);
        return lines;
    }
    let rows = height - 1;
    let max = lines.len() - rows;
    detail.set_max(max);
    let scroll = detail.offset(id).min(max);
    if scroll == 0 {
        return clip(app, lines, height);
    }
    let below = lines.len() - scroll - rows;
    let mut shown: Vec<Line<'static>> = lines.drain(scroll..scroll + rows).collect();
    let marker = if below > 0 {
        format!("↑ {scroll} above · ↓ {below} more · v reads it all")
    } else {
        format!("↑ {scroll} above · end · v reads it all")
    };
    shown.push(Line::styled(marker, app.theme.key));
    shown
}

/// The plain text of drawn lines, one paragraph each (for reading a pane in full).
pub fn plain(lines: &[Line<'_>]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// A title for the popup from a record's id and name, cut to fit a frame title.
pub fn title(id: &str, name: &str) -> String {
    fit(&format!("{id} · {name}"), 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_says_how_far_you_have_read() {
        assert_eq!(marker(0, 10, 24).as_deref(), Some("↓ more (41%)"));
        assert_eq!(marker(14, 10, 24).as_deref(), Some("↑ more above"));
        assert_eq!(marker(0, 10, 5), None);
    }

    #[test]
    fn paragraphs_are_wrapped_and_separated() {
        let ft = FullText::new("t", vec!["one two three".into(), String::new(), "x".into()]);
        assert_eq!(lines(&ft, 7), vec!["one two", "three", "", "x"]);
    }
}
