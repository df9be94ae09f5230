//! Merge conflicts in the app: a banner on every view while any is left, and a list where
//! a person keeps ours or theirs for each one.
//!
//! Why here: `soc2 merge` (and a reload that merged unsaved edits) never guesses when one
//! field changed two ways; it keeps our value in place and records both in the workbook.
//! Those records make `soc2 check` fail until a person decides, so the app must show them
//! wherever the person is and let them decide with one key each, undoable like any edit
//! (`crate::edit::resolve`).

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::action::Action;
use super::app::App;
use super::edits::Edit;
use super::keymap::Scope;
use super::msg::{Cursor, Msg};
use super::popup::{self, Popup, PopupKind};
use super::text::{fit, pad, wrap};
use super::views::{scroll_offset, step};
use crate::edit::ConflictSide;
use crate::model::Conflict;

/// The conflicts list's state: the selected conflict by its location (a reload or a
/// resolution that removes others keeps the cursor on the same one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConflictList {
    pub selected: Cursor,
}

impl ConflictList {
    /// The selected conflict's row in `conflicts`.
    pub fn index(&self, conflicts: &[Conflict]) -> usize {
        self.selected.index(conflicts.len(), |i| {
            conflicts.get(i).map(|c| c.location.as_str())
        })
    }
}

/// The one-line banner under the tabs: why the workbook is read-only, or how many merge
/// conflicts are left and the key that lists them.
pub fn banner(app: &App) -> Option<String> {
    if let Some(why) = &app.doc.read_only {
        return Some(why.clone());
    }
    match app.wb().conflicts.len() {
        0 => None,
        n => Some(format!(
            "{n} merge conflict{}: a field changed two ways · press {} to keep ours or theirs (`soc2 check` fails until none is left)",
            if n == 1 { "" } else { "s" },
            key_text(app)
        )),
    }
}

/// The key that lists the conflicts in the focused view, as the user's keymap has it
/// (a rebinding shows here too).
pub fn key_text(app: &App) -> String {
    app.keymap
        .key_for(Scope::View(app.view), Action::ShowConflicts)
        .map_or_else(|| "the conflicts key".to_string(), |k| k.label())
}

/// `C`: opens the list, or says there is nothing to resolve.
pub fn open(app: &mut App) {
    if app.wb().conflicts.is_empty() {
        app.info("no merge conflicts");
        return;
    }
    app.open(Popup::Conflicts(ConflictList::default()));
}

/// Keys while the list is open.
pub fn update(app: &mut App, action: Action) {
    let Some(Popup::Conflicts(list)) = app.popups.last() else {
        return;
    };
    let conflicts = &app.doc.workbook.conflicts;
    let at = list.index(conflicts);
    let location = conflicts.get(at).map(|c| c.location.clone());
    match action {
        Action::Back => {
            app.popups.pop();
        }
        Action::KeepOurs => resolve(app, location, at, ConflictSide::Ours),
        Action::KeepTheirs => resolve(app, location, at, ConflictSide::Theirs),
        Action::Undo => app.undo_step(),
        Action::Redo => app.redo_step(),
        other => {
            let len = conflicts.len();
            if let (Some(n), Some(Popup::Conflicts(list))) =
                (step(at, len, other, 3), app.popups.last_mut())
            {
                let conflicts = &app.doc.workbook.conflicts;
                list.selected
                    .set(n, |i| conflicts.get(i).map(|c| c.location.as_str()));
            }
        }
    }
}

/// Keeps one side of the conflict at `location` (row `at`); the cursor moves to the
/// conflict that takes its place.
fn resolve(app: &mut App, location: Option<String>, at: usize, side: ConflictSide) {
    let Some(location) = location else {
        return;
    };
    let before = app.doc.generation;
    app.apply(vec![Msg::Edit(Edit::Resolve {
        location: location.clone(),
        side,
    })]);
    if app.doc.generation == before {
        return;
    }
    let name = match side {
        ConflictSide::Ours => "ours",
        ConflictSide::Theirs => "theirs",
    };
    let left = app.wb().conflicts.len();
    if left == 0 {
        app.popups.retain(|p| !matches!(p, Popup::Conflicts(_)));
        app.info("all merge conflicts resolved (u undoes)");
    } else {
        let conflicts = &app.doc.workbook.conflicts;
        if let Some(Popup::Conflicts(list)) = app.popups.last_mut() {
            list.selected.set(at.min(left - 1), |i| {
                conflicts.get(i).map(|c| c.location.as_str())
            });
        }
        app.info(format!("kept {name} at {location}; {left} left"));
    }
}

/// A recorded value as shown: `(empty)` for an absent one.
fn shown(value: &str) -> &str {
    if value.is_empty() { "(empty)" } else { value }
}

/// Draws the list: each conflict as its location, then our value and theirs.
pub fn render(app: &App, list: &ConflictList, frame: &mut Frame) {
    let screen = frame.area();
    let conflicts = &app.wb().conflicts;
    let inner_w = usize::from(screen.width.min(78).saturating_sub(2)).max(1);
    let mut lines: Vec<Line> = wrap(
        "A merge found these fields changed two ways. Keep one value for each; the other is dropped.",
        inner_w,
    )
    .into_iter()
    .map(|l| Line::styled(l, app.theme.dim))
    .collect();
    lines.push(Line::default());
    let wanted = lines.len() + conflicts.len() * 3 + 1;
    let h = u16::try_from(wanted + 2)
        .unwrap_or(u16::MAX)
        .min(screen.height.saturating_sub(2).max(5));
    let rect = popup::centered(screen, 78, h);
    let room = usize::from(rect.height.saturating_sub(2)).saturating_sub(lines.len() + 1);
    let per_page = (room / 3).max(1);
    let selected = list.index(conflicts);
    let offset = scroll_offset(selected, per_page);
    for (i, c) in conflicts.iter().enumerate().skip(offset).take(per_page) {
        let head = format!(" {}/{} {}", i + 1, conflicts.len(), c.location);
        let style = if i == selected {
            app.theme.selected
        } else {
            app.theme.title
        };
        lines.push(Line::styled(pad(&fit(&head, inner_w), inner_w), style));
        for (label, value) in [("ours  ", &c.ours), ("theirs", &c.theirs)] {
            let text = format!("   {label}  {}", shown(value));
            lines.push(Line::styled(fit(&text, inner_w), app.theme.base));
        }
    }
    while lines.len() + 1 < usize::from(rect.height.saturating_sub(2)) {
        lines.push(Line::default());
    }
    lines.push(popup::hint_line(app, PopupKind::Conflicts));
    frame.render_widget(Clear, rect);
    let title = format!("Merge conflicts ({})", conflicts.len());
    let block = popup::frame_block(app, &title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
