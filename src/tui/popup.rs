//! Popups: small modal dialogs stacked over the views (help, text input, pick from a
//! list, yes/no, a scrollable explanation).
//!
//! Why a stack of plain data: the top popup gets every key first and is drawn last, and
//! what happens with its answer is a [`Then`] value that `App` completes, so a popup never
//! reaches into the workbook itself. Adding a popup: a variant here, a `PopupKind`, its
//! bindings in `keymap.rs`, and its drawing in [`render`].

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::action::Action;
use super::app::App;
use super::keymap::{self, Scope};
use super::text::{fit, pad, truncate, width, wrap};
use super::views::{View, scroll_offset};
use crate::edit::{BoundaryList, ItemKey};
use crate::model::Category;

/// The kind of a popup, for the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PopupKind {
    Help,
    Input,
    Pick,
    Confirm,
    Info,
    /// The list of merge conflicts to resolve.
    Conflicts,
    /// The workbook changed on disk and unsaved edits conflict with it: what now?
    DiskChanged,
}

/// One open dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help { scroll: usize },
    Input(Input),
    Pick(Pick),
    Confirm(Confirm),
    Info(Info),
    Conflicts(super::conflicts::ConflictList),
    DiskChanged(super::reload::DiskChanged),
}

impl Popup {
    /// Its kind, for looking up its keys.
    pub fn kind(&self) -> PopupKind {
        match self {
            Popup::Help { .. } => PopupKind::Help,
            Popup::Input(_) => PopupKind::Input,
            Popup::Pick(_) => PopupKind::Pick,
            Popup::Confirm(_) => PopupKind::Confirm,
            Popup::Info(_) => PopupKind::Info,
            Popup::Conflicts(_) => PopupKind::Conflicts,
            Popup::DiskChanged(_) => PopupKind::DiskChanged,
        }
    }
}

/// What to do with a popup's answer: completed by `App::complete`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    NaReason(ItemKey),
    Owner(ItemKey),
    NewMember(Option<ItemKey>),
    Note(ItemKey),
    Evidence(ItemKey),
    Occurrence(ItemKey),
    CustomItem(String),
    Answer(String),
    Category(Category),
    OverrideReason(Category, bool),
    ReportType,
    ObservationMonths,
    TargetDate,
    Description,
    Boundary(BoundaryList),
    AddSubservice,
    SubserviceField(usize),
    SubserviceName(usize),
    SubserviceService(usize),
    SubserviceReviewed(usize),
    RemoveSubservice(usize),
    /// Nothing to do (an explanation closed).
    Nothing,
}

/// A one-line text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub title: String,
    /// One or more lines explaining what to type.
    pub prompt: String,
    pub text: String,
    /// Cursor position in characters.
    pub cursor: usize,
    pub then: Then,
}

impl Input {
    /// A field pre-filled with `text`, cursor at the end.
    pub fn new(title: &str, prompt: &str, text: &str, then: Then) -> Input {
        Input {
            title: title.to_string(),
            prompt: prompt.to_string(),
            text: text.to_string(),
            cursor: text.chars().count(),
            then,
        }
    }

    fn byte_at(&self, cursor: usize) -> usize {
        self.text
            .char_indices()
            .nth(cursor)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies an editing action; `false` when it is not an editing action.
    pub fn edit(&mut self, action: Action) -> bool {
        let len = self.text.chars().count();
        match action {
            Action::Type(c) => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            Action::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            Action::DeleteForward if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            Action::Left => self.cursor = self.cursor.saturating_sub(1),
            Action::Right => self.cursor = (self.cursor + 1).min(len),
            Action::Home => self.cursor = 0,
            Action::End => self.cursor = len,
            Action::ClearLine => {
                self.text.clear();
                self.cursor = 0;
            }
            Action::Backspace | Action::DeleteForward => {}
            _ => return false,
        }
        true
    }
}

/// One option of a pick list: what is shown and what is handed to [`Then`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub value: String,
}

impl Choice {
    /// An option.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Choice {
        Choice {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// Choose one of a few options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub title: String,
    pub prompt: String,
    pub options: Vec<Choice>,
    pub selected: usize,
    pub then: Then,
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub message: String,
    pub then: Then,
}

/// A scrollable explanation (the items behind a dashboard figure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    pub title: String,
    /// Lines; a heading is drawn bold.
    pub lines: Vec<InfoLine>,
    pub scroll: usize,
}

/// One line of an [`Info`] popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoLine {
    pub text: String,
    pub heading: bool,
}

impl InfoLine {
    /// A plain line.
    pub fn plain(text: impl Into<String>) -> InfoLine {
        InfoLine {
            text: text.into(),
            heading: false,
        }
    }

    /// A heading line.
    pub fn heading(text: impl Into<String>) -> InfoLine {
        InfoLine {
            text: text.into(),
            heading: true,
        }
    }
}

/// A rectangle of at most `w`×`h` centred in `area`, never larger than it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The popup's key hints, from the keymap.
pub fn hint_line(app: &App, kind: PopupKind) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, what) in keymap::hints(Scope::Popup(kind)) {
        spans.push(Span::styled(key, app.theme.key));
        spans.push(Span::styled(format!(" {what}  "), app.theme.dim));
    }
    Line::from(spans)
}

/// Draws the popup stack, bottom first.
pub fn render(app: &App, frame: &mut Frame) {
    for popup in &app.popups {
        render_one(app, popup, frame);
    }
}

/// The bordered, titled frame every popup is drawn in.
pub fn frame_block(app: &App, title: &str) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border_focused)
        .title(Span::styled(
            format!(" {} ", fit(title, 60)),
            app.theme.title,
        ))
}

fn render_one(app: &App, popup: &Popup, frame: &mut Frame) {
    let screen = frame.area();
    match popup {
        Popup::Conflicts(list) => super::conflicts::render(app, list, frame),
        Popup::DiskChanged(question) => super::reload::render(app, question, frame),
        Popup::Help { scroll } => {
            let lines = help_text(app);
            let h = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX);
            let rect = centered(screen, 72, h);
            draw_lines(app, frame, rect, "Keys", &lines, *scroll, PopupKind::Help);
        }
        Popup::Info(info) => {
            let lines: Vec<Line> = info
                .lines
                .iter()
                .map(|l| {
                    let style = if l.heading {
                        app.theme.title
                    } else {
                        app.theme.base
                    };
                    Line::styled(fit(&l.text, 200), style)
                })
                .collect();
            let h = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX);
            let rect = centered(screen, 90, h);
            draw_lines(
                app,
                frame,
                rect,
                &info.title,
                &lines,
                info.scroll,
                PopupKind::Info,
            );
        }
        Popup::Input(input) => {
            let inner_w = usize::from(screen.width.min(76).saturating_sub(2)).max(1);
            let prompt = wrap(&crate::text::sanitize_multiline(&input.prompt), inner_w);
            let h = u16::try_from(prompt.len() + 5).unwrap_or(u16::MAX);
            let rect = centered(screen, 76, h);
            frame.render_widget(Clear, rect);
            let block = frame_block(app, &input.title);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let mut lines: Vec<Line> = prompt.into_iter().map(Line::from).collect();
            lines.push(Line::default());
            lines.push(field_line(app, input, usize::from(inner.width)));
            lines.push(hint_line(app, PopupKind::Input));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Pick(pick) => {
            let inner_w = usize::from(screen.width.min(64).saturating_sub(2)).max(1);
            let prompt = if pick.prompt.is_empty() {
                Vec::new()
            } else {
                wrap(&pick.prompt, inner_w)
            };
            let h = u16::try_from(prompt.len() + pick.options.len() + 3).unwrap_or(u16::MAX);
            let rect = centered(screen, 64, h);
            frame.render_widget(Clear, rect);
            let block = frame_block(app, &pick.title);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let mut lines: Vec<Line> = prompt.into_iter().map(Line::from).collect();
            let rows = usize::from(inner.height).saturating_sub(lines.len() + 1);
            let offset = scroll_offset(pick.selected, rows);
            for (i, c) in pick.options.iter().enumerate().skip(offset).take(rows) {
                let text = pad(&format!(" {}", fit(&c.label, inner_w)), inner_w);
                let style = if i == pick.selected {
                    app.theme.selected
                } else {
                    app.theme.base
                };
                lines.push(Line::styled(text, style));
            }
            lines.push(hint_line(app, PopupKind::Pick));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Confirm(confirm) => {
            let inner_w = usize::from(screen.width.min(60).saturating_sub(2)).max(1);
            let text = wrap(&crate::text::sanitize_multiline(&confirm.message), inner_w);
            let h = u16::try_from(text.len() + 3).unwrap_or(u16::MAX);
            let rect = centered(screen, 60, h);
            frame.render_widget(Clear, rect);
            let block = frame_block(app, "Confirm");
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let mut lines: Vec<Line> = text.into_iter().map(Line::from).collect();
            lines.push(hint_line(app, PopupKind::Confirm));
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}

fn field_line(app: &App, input: &Input, cols: usize) -> Line<'static> {
    let shown = crate::text::sanitize(&input.text).into_owned();
    let before: String =
        crate::text::sanitize(&input.text.chars().take(input.cursor).collect::<String>())
            .into_owned();
    // Keep the cursor visible: drop characters from the left while the field is too long.
    let mut start = 0usize;
    let chars: Vec<char> = shown.chars().collect();
    let cursor_chars = before.chars().count();
    while start < cursor_chars
        && width(&chars[start..cursor_chars].iter().collect::<String>()) + 3 > cols
    {
        start += 1;
    }
    let left: String = chars[start..cursor_chars].iter().collect();
    let at: String = chars
        .get(cursor_chars)
        .map_or(" ".to_string(), char::to_string);
    let right: String = chars.iter().skip(cursor_chars + 1).collect();
    let room = cols.saturating_sub(width(&left) + width(&at) + 1);
    Line::from(vec![
        Span::raw(format!(">{left}")),
        Span::styled(at, app.theme.selected),
        Span::raw(truncate(&right, room)),
    ])
}

fn draw_lines(
    app: &App,
    frame: &mut Frame,
    rect: Rect,
    title: &str,
    lines: &[Line<'static>],
    scroll: usize,
    kind: PopupKind,
) {
    frame.render_widget(Clear, rect);
    let block = frame_block(app, title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rows = usize::from(inner.height).saturating_sub(1);
    let max_scroll = lines.len().saturating_sub(rows);
    let mut shown: Vec<Line> = lines
        .iter()
        .skip(scroll.min(max_scroll))
        .take(rows)
        .cloned()
        .collect();
    while shown.len() < rows {
        shown.push(Line::default());
    }
    shown.push(hint_line(app, kind));
    frame.render_widget(Paragraph::new(shown), inner);
}

/// The help overlay's lines: the focused view's keys, then the global ones.
pub fn help_text(app: &App) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let section = |title: String, scope: Scope, out: &mut Vec<Line<'static>>| {
        let lines = keymap::help_lines(scope);
        if lines.is_empty() {
            return;
        }
        out.push(Line::styled(title, app.theme.title));
        for l in lines {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<16}", l.keys), app.theme.key),
                Span::raw(l.description),
            ]));
        }
    };
    let view: View = app.view;
    section(
        format!("{} view", view.title()),
        Scope::View(view),
        &mut out,
    );
    section("Everywhere".to_string(), Scope::Global, &mut out);
    out
}

/// How many lines the help has (for clamping its scroll).
pub fn help_len(app: &App) -> usize {
    help_text(app).len()
}
