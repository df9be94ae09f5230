//! The command palette (`:` or ctrl-p): every action of the focused view and the global
//! ones, found by what it does, shown with the key that does it, run with Enter.
//!
//! Why from the keymap: the entries, their descriptions and their keys are read from
//! `app.keymap` when the palette opens, so a user's rebinding shows here as in the help,
//! and running an entry is the very `update` its key would cause, so the two never differ.

use ratatui::Frame;

use super::action::Action;
use super::app::App;
use super::finder::{SearchPopup, SearchRow, render_search};
use super::keymap::Scope;
use super::popup::{Input, Popup, PopupKind, Then};
use super::views::{self, View};

/// One command: what it does, the keys that do it where the palette was opened (empty
/// when no key reaches it there), and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub action: Action,
    pub description: &'static str,
    pub keys: String,
    /// The view's title, or "everywhere".
    pub scope: &'static str,
}

/// The open palette: the search line, every entry, and those matching the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub input: Input,
    pub entries: Vec<Entry>,
    /// Indices into `entries` of the matching ones, best first, with matched characters.
    pub hits: Vec<(usize, Vec<usize>)>,
    pub selected: usize,
}

/// Actions that make no sense as a command: opening the palette from itself.
fn listed(action: Action) -> bool {
    action != Action::OpenPalette
}

/// The commands of `view` and the global ones, in the help's order, keys of one command
/// joined; a global key the view takes for something else is not shown as its key.
pub fn entries(app: &App, view: View) -> Vec<Entry> {
    let here = Scope::View(view);
    let mut out: Vec<Entry> = Vec::new();
    for (scope, label) in [(here, view.title()), (Scope::Global, "everywhere")] {
        for b in app.keymap.bindings().iter().filter(|b| b.scope == scope) {
            if !listed(b.action) {
                continue;
            }
            let reaches = app.keymap.resolve(here, b.key) == Some(b.action);
            let key = if reaches {
                b.key.label()
            } else {
                String::new()
            };
            match out
                .iter_mut()
                .find(|e| e.action == b.action && e.description == b.description)
            {
                Some(e) => {
                    if !key.is_empty() && !e.keys.split('/').any(|k| k == key) {
                        if !e.keys.is_empty() {
                            e.keys.push('/');
                        }
                        e.keys.push_str(&key);
                    }
                }
                None => out.push(Entry {
                    action: b.action,
                    description: b.description,
                    keys: key,
                    scope: label,
                }),
            }
        }
    }
    out
}

impl Palette {
    /// A palette over the commands of the focused view.
    pub fn new(app: &App) -> Palette {
        let mut p = Palette {
            input: Input::new("Commands", "", "", Then::Nothing),
            entries: entries(app, app.view),
            hits: Vec::new(),
            selected: 0,
        };
        p.refresh();
        p
    }

    /// Recomputes the matches after the search changed: fuzzy on the description (or
    /// the action's key, so typing "ctrl-r" finds redo), best first, ties in help order.
    pub fn refresh(&mut self) {
        let pattern = self.input.text.trim();
        let mut scored: Vec<(i64, usize, Vec<usize>)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                if pattern.is_empty() {
                    return Some((0, i, Vec::new()));
                }
                match crate::finder::match_words(pattern, e.description) {
                    Some((score, at)) => Some((score, i, at)),
                    None => e
                        .keys
                        .split('/')
                        .any(|k| k == pattern)
                        .then_some((0, i, Vec::new())),
                }
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.hits = scored.into_iter().map(|(_, i, at)| (i, at)).collect();
        self.selected = 0;
    }

    /// The entry under the cursor.
    pub fn chosen(&self) -> Option<&Entry> {
        self.hits
            .get(self.selected)
            .and_then(|(i, _)| self.entries.get(*i))
    }
}

/// Opens the palette over the focused view.
pub fn open(app: &mut App) {
    let palette = Palette::new(app);
    app.open(Popup::Palette(palette));
}

/// Handles a key while the palette is on top: typing searches, the arrows choose, Enter
/// closes it and runs the chosen command as its key would, Esc closes.
pub fn update(app: &mut App, action: Action, page: usize) {
    let Some(Popup::Palette(p)) = app.popups.last_mut() else {
        return;
    };
    match action {
        Action::Back => {
            app.popups.pop();
        }
        Action::Enter => {
            let chosen = p.chosen().map(|e| e.action);
            app.popups.pop();
            match chosen {
                Some(run) => app.update(run),
                None => app.info("no command matches"),
            }
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::ScrollUp
        | Action::ScrollDown => {
            let step = match action {
                Action::ScrollUp => Action::Up,
                Action::ScrollDown => Action::Down,
                other => other,
            };
            if let Some(next) = views::step(p.selected, p.hits.len(), step, page) {
                p.selected = next;
            }
        }
        other => {
            let before = p.input.text.clone();
            p.input.edit(other);
            if p.input.text != before {
                p.refresh();
            }
        }
    }
}

/// Draws the palette: the search line, then the matching commands with their keys.
pub fn render(app: &App, p: &Palette, frame: &mut Frame) {
    const KEYS: usize = 18;
    let popup = SearchPopup {
        width: 80,
        max_height: 24,
        title: format!(
            "Commands · {} of {} · {} and everywhere",
            p.hits.len(),
            p.entries.len(),
            app.view.title()
        ),
        input: &p.input,
        selected: p.selected,
        tag_width: KEYS,
        empty: " No command matches. Backspace to widen the search.",
        kind: PopupKind::Palette,
    };
    let rows = p.hits.iter().filter_map(|(i, at)| {
        let e = p.entries.get(*i)?;
        let keys = if e.keys.is_empty() { "-" } else { &e.keys };
        Some(SearchRow {
            tag: format!(" {}", super::text::fit(keys, KEYS - 2)),
            tag_style: app.theme.key,
            label: e.description,
            matched: at,
        })
    });
    let rows: Vec<SearchRow> = rows.collect();
    render_search(app, &popup, rows.into_iter(), frame);
}
