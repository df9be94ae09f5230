//! The `/` finder popup: one fuzzy search over criteria, checklist items, backlog items,
//! milestones, team members and scoping questions, and the jump to each in its view.
//!
//! Why the index lives in [`Cache`]: building it sanitizes and folds every label, which on a
//! workbook with ten thousand backlog items is the expensive part; it is built once per
//! workbook revision (`Document::generation`) and each keystroke only queries it.
//!
//! Where a result lands: a criterion or item in the Checklist (its group unfolded, out-of-
//! scope criteria shown if needed), a backlog item in the Backlog (filters that hide it are
//! cleared), a milestone in the Timeline, a question in the Scoping list, and a team member
//! in the Backlog filtered by that owner: members have no view of their own, and the
//! question behind looking someone up is "what is on their plate".

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::action::Action;
use super::app::App;
use super::msg::Goto;
use super::popup::{Input, Popup, PopupKind, Then, centered, field_line, frame_block, hint_line};
use super::text::{pad, width};
use super::views;
use crate::catalog::catalog;
use crate::catalog::scoping::questionnaire;
use crate::finder::{FinderIndex, Hit, Target};

/// How many results a query keeps (more than any screen shows).
pub const RESULTS: usize = 100;

/// The finder index of one workbook revision.
#[derive(Debug, Default)]
pub struct Cache {
    key: Option<(u64, usize, usize, usize)>,
    index: Option<FinderIndex>,
    /// How many times an index was built (tests check it is not per keystroke).
    pub builds: usize,
}

impl Cache {
    /// The index for the app's workbook, built only if the workbook changed since.
    pub fn index(&mut self, doc: &super::app::Document) -> &FinderIndex {
        let wb = &doc.workbook;
        // The lengths guard against a workbook replaced without bumping the generation.
        let key = (
            doc.generation,
            wb.backlog.len(),
            wb.milestones.len(),
            wb.team.len(),
        );
        if self.key != Some(key) || self.index.is_none() {
            self.builds += 1;
            self.key = Some(key);
            self.index = Some(FinderIndex::build(catalog(), questionnaire(), wb));
        }
        self.index
            .get_or_insert_with(|| FinderIndex::build(catalog(), questionnaire(), wb))
    }
}

/// The open finder: what was typed and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finder {
    pub input: Input,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// How many things are searched.
    pub total: usize,
}

/// Opens the finder with every entry listed (index order) until something is typed.
pub fn open(app: &mut App) {
    let index = app.finder.index(&app.doc);
    let hits = index.query("", RESULTS);
    let total = index.len();
    app.open(Popup::Finder(Finder {
        input: Input::new("Find", "", "", Then::Nothing),
        hits,
        selected: 0,
        total,
    }));
}

fn requery(app: &mut App) {
    let Some(Popup::Finder(f)) = app.popups.last() else {
        return;
    };
    let pattern = f.input.text.clone();
    let hits = app.finder.index(&app.doc).query(&pattern, RESULTS);
    if let Some(Popup::Finder(f)) = app.popups.last_mut() {
        f.hits = hits;
        f.selected = 0;
    }
}

/// Handles a key while the finder is on top.
pub fn update(app: &mut App, action: Action, page: usize) {
    let Some(Popup::Finder(f)) = app.popups.last_mut() else {
        return;
    };
    match action {
        Action::Back => {
            app.popups.pop();
        }
        Action::Enter => {
            let target = f.hits.get(f.selected).map(|h| h.target.clone());
            app.popups.pop();
            if let Some(target) = target {
                jump(app, &target);
            }
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::ScrollUp
        | Action::ScrollDown => {
            if let Some(n) = views::step(f.selected, f.hits.len(), action, page) {
                f.selected = n;
            }
        }
        other => {
            let before = f.input.text.clone();
            f.input.edit(other);
            if f.input.text != before {
                requery(app);
            }
        }
    }
}

/// Types pasted text into the finder or a form; `false` when neither is on top.
pub fn paste(app: &mut App, text: &str) -> bool {
    let typed = text.chars().filter(|c| !c.is_control());
    match app.popups.last_mut() {
        Some(Popup::Finder(f)) => {
            for c in typed {
                f.input.edit(Action::Type(c));
            }
            requery(app);
            true
        }
        Some(Popup::Form(form)) => {
            for c in typed {
                form.edit(Action::Type(c));
            }
            true
        }
        _ => false,
    }
}

/// Opens a result in its view with it selected.
pub fn jump(app: &mut App, target: &Target) {
    app.goto(&goto(target));
}

/// Where a result opens.
fn goto(target: &Target) -> Goto {
    match target {
        Target::Criterion(id) => Goto::Checklist {
            criterion: id.clone(),
            item: None,
        },
        Target::Item(key) => Goto::Checklist {
            criterion: key.criterion.clone(),
            item: Some(key.item.clone()),
        },
        Target::Backlog(id) => Goto::BacklogItem(id.clone()),
        Target::Milestone(id) => Goto::Milestone(id.clone()),
        Target::Member(id) => Goto::BacklogOwner(id.clone()),
        Target::Question(id) => Goto::Question(id.clone()),
    }
}

/// The style of matched characters on a row drawn with `row`.
pub fn matched_style(app: &App, selected: bool) -> Style {
    let base = if selected {
        app.theme.selected
    } else {
        app.theme.warn
    };
    base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// A label cut to `cols` columns, its matched characters in `hl`, the rest in `style`.
pub(crate) fn highlighted(
    label: &str,
    matched: &[usize],
    cols: usize,
    style: Style,
    hl: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let mut used = 0;
    let total = width(label);
    for (i, c) in label.chars().enumerate() {
        let w = c.width().unwrap_or(0);
        let room = if total > cols {
            cols.saturating_sub(1)
        } else {
            cols
        };
        if used + w > room {
            break;
        }
        let is_hl = matched.contains(&i);
        if is_hl != run_hl && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { hl } else { style },
            ));
        }
        run_hl = is_hl;
        run.push(c);
        used += w;
    }
    if total > cols && cols > 0 {
        if !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { hl } else { style },
            ));
        }
        run_hl = false;
        run.push('…');
        used += 1;
    }
    run.extend(std::iter::repeat_n(' ', cols.saturating_sub(used)));
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hl { hl } else { style }));
    }
    spans
}

/// One row of a search popup: a tag column (kind, key) and a label with its matched characters.
pub(crate) struct SearchRow<'a> {
    pub tag: String,
    pub tag_style: Style,
    pub label: &'a str,
    pub matched: &'a [usize],
}

/// What a search popup shows: its size, title, typed field and rows.
pub(crate) struct SearchPopup<'a> {
    pub width: u16,
    pub max_height: u16,
    pub title: String,
    pub input: &'a Input,
    pub selected: usize,
    pub tag_width: usize,
    pub empty: &'static str,
    pub kind: PopupKind,
}

/// Draws a search popup (the finder, the palette): the typed field, a rule, the rows
/// around the selection with matches highlighted, and the popup's key hints.
pub(crate) fn render_search<'a>(
    app: &App,
    s: &SearchPopup<'_>,
    rows: impl ExactSizeIterator<Item = SearchRow<'a>>,
    frame: &mut Frame,
) {
    let screen = frame.area();
    let rect = centered(
        screen,
        s.width,
        screen.height.saturating_sub(4).clamp(8, s.max_height),
    );
    frame.render_widget(Clear, rect);
    let block = frame_block(app, &s.title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let cols = usize::from(inner.width);
    let mut lines = vec![
        field_line(app, s.input, cols),
        Line::styled("─".repeat(cols), app.theme.border),
    ];
    let height = usize::from(inner.height).saturating_sub(3);
    let offset = views::scroll_offset(s.selected, height);
    if rows.len() == 0 {
        lines.push(Line::styled(s.empty, app.theme.dim));
    }
    for (i, row) in rows.enumerate().skip(offset).take(height) {
        let selected = i == s.selected;
        let style = if selected {
            app.theme.selected
        } else {
            app.theme.base
        };
        let tag_style = if selected { style } else { row.tag_style };
        let mut spans = vec![Span::styled(pad(&row.tag, s.tag_width), tag_style)];
        spans.extend(highlighted(
            row.label,
            row.matched,
            cols.saturating_sub(s.tag_width),
            style,
            matched_style(app, selected),
        ));
        lines.push(Line::from(spans));
    }
    while lines.len() < height + 2 {
        lines.push(Line::default());
    }
    lines.push(hint_line(app, s.kind));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Draws the finder.
pub fn render(app: &App, f: &Finder, frame: &mut Frame) {
    let title = if f.input.text.trim().is_empty() {
        format!("Find · {} things", f.total)
    } else {
        format!("Find · {} results", f.hits.len())
    };
    let popup = SearchPopup {
        width: 96,
        max_height: 26,
        title,
        input: &f.input,
        selected: f.selected,
        tag_width: 10,
        empty: " Nothing matches. Backspace to widen the search.",
        kind: PopupKind::Finder,
    };
    let rows = f.hits.iter().map(|hit| SearchRow {
        tag: format!(" {}", hit.kind.label()),
        tag_style: app.theme.dim,
        label: &hit.label,
        matched: &hit.matched,
    });
    render_search(app, &popup, rows, frame);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_keeps_the_width_and_marks_matched_chars() {
        let plain = Style::new();
        let hl = Style::new().add_modifier(Modifier::UNDERLINED);
        let spans = highlighted("abcdef", &[1, 2], 8, plain, hl);
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "abcdef  ");
        assert_eq!(spans[1].content, "bc");
        assert_eq!(spans[1].style, hl);
        let spans = highlighted("日本語テキスト", &[0], 7, plain, hl);
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(width(&text), 7);
        assert!(text.ends_with('…'));
        assert_eq!(spans[0].content, "日");
    }
}
