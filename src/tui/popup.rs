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
use super::keymap::Scope;
use super::text::{clean, fit, pad, width, wrap};
use super::views::{View, scroll_offset};

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
    Finder,
    Form,
    Replan,
    /// The command palette (`:`).
    Palette,
    /// The dashboard's "behind the figures" list.
    Behind,
    /// Any cut-off text, read in full.
    FullText,
    /// The auditor's requests.
    Requests,
}

/// One open dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help {
        scroll: usize,
        /// What was typed to narrow the lines (empty: every line).
        filter: String,
    },
    Input(Input),
    Pick(Pick),
    Confirm(Confirm),
    Info(Info),
    Conflicts(super::conflicts::ConflictList),
    DiskChanged(super::reload::DiskChanged),
    /// The `/` fuzzy finder.
    Finder(super::finder::Finder),
    /// Several one-line fields at once (a new backlog item).
    Form(Form),
    /// What a re-plan would move, applied on yes.
    Replan(super::views::timeline::Replan),
    /// The command palette.
    Palette(super::palette::Palette),
    /// The items behind a dashboard row, each opening in the Checklist.
    Behind(super::views::dashboard::Behind),
    /// The selected row's whole text (`v`).
    FullText(super::fulltext::FullText),
    /// The auditor's requests (`r` on the Dashboard).
    Requests(super::requests::RequestList),
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
            Popup::Requests(_) => PopupKind::Requests,
            Popup::DiskChanged(_) => PopupKind::DiskChanged,
            Popup::Finder(_) => PopupKind::Finder,
            Popup::Form(_) => PopupKind::Form,
            Popup::Replan(_) => PopupKind::Replan,
            Popup::Palette(_) => PopupKind::Palette,
            Popup::Behind(_) => PopupKind::Behind,
            Popup::FullText(_) => PopupKind::FullText,
        }
    }
}

/// What to do with a popup's answer: completed by `App::complete`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// A checklist popup's answer.
    Checklist(super::views::checklist::Then),
    /// A scoping popup's answer.
    Scoping(super::views::scoping::Then),
    /// A backlog popup's answer.
    Backlog(super::views::backlog::Then),
    /// A timeline popup's answer.
    Timeline(super::views::timeline::Then),
    /// Nothing to do (an explanation closed).
    Nothing,
    /// A team popup's answer.
    Team(super::views::team::Then),
    /// A Policies or People popup's answer.
    Policies(super::views::policies::Then),
    /// A populations popup's answer.
    Populations(super::views::populations::Then),
    /// A Vendors popup's answer.
    Vendors(super::views::vendors::Then),
    /// A Risks popup's answer.
    Risks(super::views::risks::Then),
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

    /// Where the `cursor`-th character starts. ASCII text (the common case, checked at
    /// memory speed) needs no walk through the characters.
    fn byte_at(&self, cursor: usize) -> usize {
        if self.text.is_ascii() {
            return cursor.min(self.text.len());
        }
        self.text
            .char_indices()
            .nth(cursor)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts pasted text at the cursor in one go (typing it a character at a time
    /// would cost a scan of the text per character); control characters are dropped.
    pub fn insert(&mut self, text: &str) {
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    /// Applies an editing action; `false` when it is not an editing action.
    pub fn edit(&mut self, action: Action) -> bool {
        // Counted only where needed: a full count per keystroke is slow in a huge field.
        let len = |text: &str| text.chars().count();
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
            Action::DeleteForward if self.cursor < len(&self.text) => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            Action::Left => self.cursor = self.cursor.saturating_sub(1),
            Action::Right => self.cursor = (self.cursor + 1).min(len(&self.text)),
            Action::Home => self.cursor = 0,
            Action::End => self.cursor = len(&self.text),
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

/// Pasted text as one line: each line break (`\r\n`, `\n`, `\r`) and tab becomes a
/// space, other control characters are dropped.
pub fn one_line(text: &str) -> String {
    text.replace("\r\n", " ")
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// What a pick-list option stands for: a value, "nobody / no answer", or "add a team
/// member" (typed, so no value can be mistaken for another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    Value(String),
    /// "(nobody)", "(no answer)": clears the field.
    Nothing,
    /// "+ add a team member…": asks for the new member first.
    AddMember,
}

/// One option of a pick list: what is shown and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub value: Chosen,
}

impl Choice {
    /// An option standing for `value`.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Choice {
        Choice {
            label: label.into(),
            value: Chosen::Value(value.into()),
        }
    }

    /// The option that clears the field.
    pub fn nothing(label: impl Into<String>) -> Choice {
        Choice {
            label: label.into(),
            value: Chosen::Nothing,
        }
    }
}

/// A popup's answer, handed with its [`Then`] to the view that opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// What was typed into an input.
    Text(String),
    /// The option picked.
    Chosen(Chosen),
    /// A confirmation said yes.
    Yes,
    /// A form's fields, in the form's order.
    Fields(Vec<String>),
}

impl Answer {
    /// The typed text or the picked value; empty for "nothing", a yes, or a form.
    pub fn text(&self) -> &str {
        match self {
            Answer::Text(t) | Answer::Chosen(Chosen::Value(t)) => t,
            _ => "",
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

/// One labelled field of a [`Form`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    /// Shown under the fields while this one has the cursor.
    pub hint: String,
    pub input: Input,
}

impl Field {
    /// A field pre-filled with `text`.
    pub fn new(label: &str, hint: &str, text: &str) -> Field {
        Field {
            label: label.to_string(),
            hint: hint.to_string(),
            input: Input::new(label, "", text, Then::Nothing),
        }
    }
}

/// Several one-line fields filled in at once; Enter hands every value to [`Then`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    /// The field with the cursor.
    pub focus: usize,
    /// Why the last attempt was refused, shown in the form.
    pub error: Option<FieldError>,
    pub then: Then,
}

/// Why a form was refused, and the field (by position in the form) the fix is typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: usize,
    pub message: String,
}

impl Form {
    /// The fields' values in order, as [`Answer::Fields`] hands them on.
    pub fn values(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.input.text.clone()).collect()
    }

    /// Shows a refusal and puts the cursor on the field it is about.
    pub fn fail(&mut self, error: FieldError) {
        self.focus = error.field.min(self.fields.len().saturating_sub(1));
        self.error = Some(error);
    }

    /// Applies a key: field moves and text editing.
    pub fn edit(&mut self, action: Action) {
        let len = self.fields.len().max(1);
        match action {
            Action::NextField => self.focus = (self.focus + 1) % len,
            Action::PrevField => self.focus = (self.focus + len - 1) % len,
            other => {
                if let Some(f) = self.fields.get_mut(self.focus) {
                    f.input.edit(other);
                }
            }
        }
    }
}

/// Handles a key while a form is on top: Enter hands the values on, Esc closes.
pub fn form_update(app: &mut App, action: Action) {
    let Some(Popup::Form(form)) = app.popups.last_mut() else {
        return;
    };
    match action {
        Action::Back => {
            app.popups.pop();
        }
        Action::Enter => {
            let (then, values) = (form.then.clone(), form.values());
            app.popups.pop();
            app.complete(then, Answer::Fields(values));
        }
        other => form.edit(other),
    }
}

/// Where a pick list is drawn: shared by drawing and by mouse clicks, so they agree.
pub struct PickLayout {
    pub rect: Rect,
    pub inner: Rect,
    pub prompt: Vec<String>,
    /// The screen row of the first option shown.
    pub first_row: u16,
    /// The first option shown, and how many fit.
    pub offset: usize,
    pub rows: usize,
}

/// The geometry of a pick list on a screen of this size.
pub fn pick_layout(screen: Rect, pick: &Pick) -> PickLayout {
    let inner_w = usize::from(screen.width.min(64).saturating_sub(2)).max(1);
    let prompt = if pick.prompt.is_empty() {
        Vec::new()
    } else {
        wrap(&pick.prompt, inner_w)
    };
    let h = u16::try_from(prompt.len() + pick.options.len() + 3).unwrap_or(u16::MAX);
    let rect = centered(screen, 64, h);
    let inner = rect.inner(ratatui::layout::Margin::new(1, 1));
    let rows = usize::from(inner.height).saturating_sub(prompt.len() + 1);
    let offset = scroll_offset(pick.selected, rows);
    let first_row = inner.y + u16::try_from(prompt.len()).unwrap_or(u16::MAX);
    PickLayout {
        rect,
        inner,
        prompt,
        first_row,
        offset,
        rows,
    }
}

/// The option under a mouse click, if the click landed on one.
pub fn pick_option_at(screen: Rect, pick: &Pick, column: u16, row: u16) -> Option<usize> {
    let l = pick_layout(screen, pick);
    let inside = column >= l.inner.x && column < l.inner.x + l.inner.width;
    let line = usize::from(row.checked_sub(l.first_row)?);
    (inside && line < l.rows)
        .then_some(l.offset + line)
        .filter(|&i| i < pick.options.len())
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

/// The team as owner choices, then "(nobody)" and "+ add a team member…"; the current
/// owner is preselected (or "add" when the team is empty).
pub fn owner_choices(wb: &crate::model::Workbook, current: Option<&str>) -> (Vec<Choice>, usize) {
    let mut options: Vec<Choice> = wb
        .team
        .iter()
        .map(|m| {
            let role = if m.role.is_empty() {
                String::new()
            } else {
                format!(", {}", m.role)
            };
            Choice::new(format!("{} ({}{role})", m.name, m.id), &m.id)
        })
        .collect();
    let selected = current
        .and_then(|o| wb.team.iter().position(|m| m.id == o))
        .unwrap_or(if wb.team.is_empty() { 1 } else { 0 });
    options.push(Choice::nothing("(nobody)"));
    options.push(Choice {
        label: "+ add a team member…".into(),
        value: Chosen::AddMember,
    });
    (options, selected)
}

/// The popup's key hints, from the keymap.
pub(crate) fn hint_line(app: &App, kind: PopupKind) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, what) in app.keymap.hints(Scope::Popup(kind)) {
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
pub(crate) fn frame_block(app: &App, title: &str) -> Block<'static> {
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
        Popup::Requests(list) => super::requests::render(app, list, frame),
        Popup::DiskChanged(question) => super::reload::render(app, question, frame),
        Popup::Help { scroll, filter } => {
            let lines = help_text_matching(app, filter);
            let title = if filter.is_empty() {
                "Keys · type to filter".to_string()
            } else {
                format!("Keys matching \"{}\"", clean(filter))
            };
            let h = u16::try_from(lines.len().max(1) + 3).unwrap_or(u16::MAX);
            let rect = centered(screen, 72, h);
            draw_lines(app, frame, rect, &title, &lines, *scroll, PopupKind::Help);
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
            let layout = pick_layout(screen, pick);
            frame.render_widget(Clear, layout.rect);
            let block = frame_block(app, &pick.title);
            frame.render_widget(block, layout.rect);
            let inner_w = usize::from(layout.inner.width).max(1);
            let mut lines: Vec<Line> = layout.prompt.into_iter().map(Line::from).collect();
            for (i, c) in pick
                .options
                .iter()
                .enumerate()
                .skip(layout.offset)
                .take(layout.rows)
            {
                let text = pad(&format!(" {}", fit(&c.label, inner_w)), inner_w);
                let style = if i == pick.selected {
                    app.theme.selected
                } else {
                    app.theme.base
                };
                lines.push(Line::styled(text, style));
            }
            lines.push(hint_line(app, PopupKind::Pick));
            frame.render_widget(Paragraph::new(lines), layout.inner);
        }
        Popup::Finder(finder) => super::finder::render(app, finder, frame),
        Popup::Replan(replan) => super::views::timeline::render_replan(app, replan, frame),
        Popup::FullText(ft) => super::fulltext::render(app, ft, frame),
        Popup::Form(form) => render_form(app, form, frame),
        Popup::Palette(palette) => super::palette::render(app, palette, frame),
        Popup::Behind(behind) => super::views::dashboard::render_behind(app, behind, frame),
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

fn render_form(app: &App, form: &Form, frame: &mut Frame) {
    let screen = frame.area();
    let inner_w = usize::from(screen.width.min(76).saturating_sub(2)).max(1);
    let label_w = form
        .fields
        .iter()
        .map(|f| width(&f.label))
        .max()
        .unwrap_or(0)
        .min(inner_w / 3);
    let hint = form
        .fields
        .get(form.focus)
        .map(|f| wrap(&f.hint, inner_w))
        .unwrap_or_default();
    let error = form
        .error
        .as_ref()
        .map(|e| wrap(&crate::text::sanitize(&e.message), inner_w))
        .unwrap_or_default();
    let h = form.fields.len() + hint.len() + error.len() + 4;
    let rect = centered(screen, 76, u16::try_from(h).unwrap_or(u16::MAX));
    frame.render_widget(Clear, rect);
    let block = frame_block(app, &form.title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let field_w = usize::from(inner.width).saturating_sub(label_w + 1);
    let mut lines: Vec<Line> = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        let label = Span::styled(
            format!("{} ", pad(&f.label, label_w)),
            if i == form.focus {
                app.theme.key
            } else {
                app.theme.dim
            },
        );
        let mut spans = vec![label];
        if i == form.focus {
            spans.extend(field_line(app, &f.input, field_w).spans);
        } else {
            spans.push(Span::raw(format!(
                " {}",
                fit(&f.input.text, field_w.saturating_sub(1))
            )));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    lines.extend(hint.into_iter().map(|l| Line::styled(l, app.theme.dim)));
    lines.extend(error.into_iter().map(|l| Line::styled(l, app.theme.bad)));
    let rows = usize::from(inner.height).saturating_sub(1);
    lines.truncate(rows);
    while lines.len() < rows {
        lines.push(Line::default());
    }
    lines.push(hint_line(app, PopupKind::Form));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The field with its cursor, scrolled so the cursor shows. Only the columns around the
/// cursor are looked at and sanitized, so a huge field costs what is drawn.
pub(crate) fn field_line(app: &App, input: &Input, cols: usize) -> Line<'static> {
    let at_byte = input.byte_at(input.cursor);
    let (before, rest) = input.text.split_at(at_byte);
    let mut at_chars = rest.chars();
    let at = at_chars.next().map_or(" ".to_string(), |c| {
        clean(c.encode_utf8(&mut [0; 4])).into_owned()
    });
    // Keep the cursor visible: as much of the text before it as fits, from the right.
    let room_left = cols.saturating_sub(3);
    let mut used = 0usize;
    let mut start = before.len();
    for (i, c) in before.char_indices().rev() {
        let w = width(&clean(c.encode_utf8(&mut [0; 4])));
        if used + w > room_left {
            break;
        }
        used += w;
        start = i;
    }
    let left = clean(&before[start..]).into_owned();
    let room = cols.saturating_sub(width(&left) + width(&at) + 1);
    Line::from(vec![
        Span::raw(format!(">{left}")),
        Span::styled(at, app.theme.selected),
        Span::raw(fit(at_chars.as_str(), room)),
    ])
}

pub(crate) fn draw_lines(
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
    help_text_matching(app, "")
}

/// Whether a help line is kept by the filter: every typed word appears in its keys or
/// its description, ignoring case (plain words, so "status" finds every status key).
fn help_matches(filter: &str, keys: &str, description: &str) -> bool {
    let hay = format!("{keys} {description}").to_lowercase();
    filter
        .to_lowercase()
        .split_whitespace()
        .all(|word| hay.contains(word))
}

/// The help's lines narrowed to those matching `filter`; a section with no match is
/// left out, and nothing matching says so.
pub fn help_text_matching(app: &App, filter: &str) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let section = |title: String, scope: Scope, out: &mut Vec<Line<'static>>| {
        let lines: Vec<_> = app
            .keymap
            .help_lines(scope)
            .into_iter()
            .filter(|l| help_matches(filter, &l.keys, l.description))
            .collect();
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
    if out.is_empty() {
        out.push(Line::styled(
            "No key matches. Backspace to widen the filter.",
            app.theme.dim,
        ));
    }
    out
}

/// How many lines the help has (for clamping its scroll).
pub fn help_len(app: &App) -> usize {
    help_text(app).len()
}

/// The help popup, closed.
pub fn help() -> Popup {
    Popup::Help {
        scroll: 0,
        filter: String::new(),
    }
}

/// Handles a key while the help is on top: typing narrows the lines, Backspace and
/// ctrl-u widen them, the arrows scroll, Esc closes.
pub fn help_update(app: &mut App, action: Action, page: usize) {
    let Some(Popup::Help { scroll, filter }) = app.popups.last() else {
        return;
    };
    let (mut scroll, mut filter) = (*scroll, filter.clone());
    match action {
        Action::Back => {
            app.popups.pop();
            return;
        }
        Action::Type(c) => {
            filter.push(c);
            scroll = 0;
        }
        Action::Backspace => {
            filter.pop();
            scroll = 0;
        }
        Action::ClearLine => {
            filter.clear();
            scroll = 0;
        }
        Action::Up | Action::ScrollUp => scroll = scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => scroll += 1,
        Action::PageUp => scroll = scroll.saturating_sub(page),
        Action::PageDown => scroll += page,
        _ => {}
    }
    let len = help_text_matching(app, &filter).len();
    scroll = scroll.min(len.saturating_sub(1));
    if let Some(Popup::Help {
        scroll: s,
        filter: f,
    }) = app.popups.last_mut()
    {
        *s = scroll;
        *f = filter;
    }
}
