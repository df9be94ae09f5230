//! Which workbook to open when `soc2` is run without a path.
//!
//! Why: a team keeps its workbook in `./workbooks/`. One there opens at once; several get
//! a picker; none starts the first-run screen that asks for the organization's name and
//! creates `workbooks/<name>.ron` with the same starter as `soc2 new`.

use std::path::{Path, PathBuf};

use crossterm::event::{self, Event};
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::action::Action;
use super::keymap::{self, Key, Scope};
use super::popup::{Input, PopupKind, Then, centered};
use super::terminal::{Signals, Term};
use super::text::{fit, pad};
use super::theme::Theme;
use crate::model::Date;

/// Where `soc2` looks for workbooks.
pub const WORKBOOKS_DIR: &str = "workbooks";

/// The `.ron` files in a folder, sorted by name.
pub fn workbooks_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A file name from an organization's name: `Acme Cloud, Inc.` → `acme-cloud-inc`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "workbook".to_string()
    } else {
        out
    }
}

/// The start-up screen's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Startup {
    /// Choose one of several workbooks (the last option creates a new one).
    Pick {
        options: Vec<PathBuf>,
        selected: usize,
    },
    /// First run: ask for the organization's name.
    Create { input: Input, error: Option<String> },
}

/// What the start-up screen decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Open(PathBuf),
    /// Create a workbook for this organization.
    Create(String),
    Quit,
}

impl Startup {
    /// The screen for a list of candidates: a picker, or the first-run question.
    pub fn for_candidates(options: Vec<PathBuf>) -> Startup {
        if options.is_empty() {
            Startup::Create {
                input: Input::new(
                    "Welcome to soc2",
                    "No workbook yet. What is your organization's name?",
                    "",
                    Then::Nothing,
                ),
                error: None,
            }
        } else {
            Startup::Pick {
                options,
                selected: 0,
            }
        }
    }

    fn scope(&self) -> Scope {
        match self {
            Startup::Pick { .. } => Scope::Popup(PopupKind::Pick),
            Startup::Create { .. } => Scope::Popup(PopupKind::Input),
        }
    }

    /// Applies one action; `Some` when the screen is done.
    pub fn update(&mut self, action: Action) -> Option<Outcome> {
        if action == Action::Back || action == Action::Quit {
            return Some(Outcome::Quit);
        }
        match self {
            Startup::Pick { options, selected } => {
                let len = options.len() + 1;
                match action {
                    Action::Enter => {
                        return Some(match options.get(*selected) {
                            Some(p) => Outcome::Open(p.clone()),
                            None => {
                                *self = Startup::for_candidates(Vec::new());
                                return None;
                            }
                        });
                    }
                    other => {
                        if let Some(n) = super::views::step(*selected, len, other, 5) {
                            *selected = n;
                        }
                    }
                }
            }
            Startup::Create { input, error } => match action {
                Action::Enter => {
                    if input.text.trim().is_empty() {
                        *error = Some("the name cannot be empty".into());
                    } else {
                        return Some(Outcome::Create(input.text.trim().to_string()));
                    }
                }
                other => {
                    input.edit(other);
                    *error = None;
                }
            },
        }
        None
    }

    /// Draws the screen.
    pub fn render(&self, theme: &Theme, frame: &mut Frame) {
        let rect = centered(frame.area(), 70, 14);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused)
            .title(Line::styled(" soc2 · SOC 2 workbook ", theme.title));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let cols = usize::from(inner.width);
        let mut lines = Vec::new();
        match self {
            Startup::Pick { options, selected } => {
                lines.push(Line::raw("Which workbook?"));
                let mut labels: Vec<String> =
                    options.iter().map(|p| p.display().to_string()).collect();
                labels.push("+ create a new workbook…".to_string());
                let rows = usize::from(inner.height).saturating_sub(3);
                let offset = super::views::scroll_offset(*selected, rows);
                for (i, label) in labels.iter().enumerate().skip(offset).take(rows) {
                    let style = if i == *selected {
                        theme.selected
                    } else {
                        theme.base
                    };
                    lines.push(Line::styled(
                        pad(&format!(" {}", fit(label, cols)), cols),
                        style,
                    ));
                }
            }
            Startup::Create { input, error } => {
                lines.push(Line::raw(fit(&input.prompt, cols)));
                lines.push(Line::styled(
                    fit(
                        "It is saved as workbooks/<name>.ron; commit it to your repository.",
                        cols,
                    ),
                    theme.dim,
                ));
                lines.push(Line::default());
                lines.push(Line::raw(fit(&format!("> {}▏", input.text), cols)));
                if let Some(e) = error {
                    lines.push(Line::styled(fit(e, cols), theme.bad));
                }
            }
        }
        lines.push(Line::default());
        let hints: Vec<String> = keymap::hints(self.scope())
            .into_iter()
            .map(|(k, d)| format!("{k} {d}"))
            .collect();
        lines.push(Line::styled(fit(&hints.join("  "), cols), theme.dim));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// Runs the start-up screen on an open terminal; a stopping signal quits it (the caller
/// restores the terminal), and `fg` after a stop takes the terminal back and redraws.
pub fn run(
    term: &mut Term,
    mut screen: Startup,
    theme: &Theme,
    signals: &Signals,
) -> std::io::Result<Outcome> {
    loop {
        term.draw(|f| screen.render(theme, f))?;
        let event = event::read()?;
        if signals.received().is_some() {
            return Ok(Outcome::Quit);
        }
        if signals.take_resumed() {
            super::terminal::resume(term)?;
            continue;
        }
        if let (Event::Paste(text), Startup::Create { input, .. }) = (&event, &mut screen) {
            input.insert(&super::popup::one_line(text));
            continue;
        }
        let Event::Key(k) = event else {
            continue;
        };
        let Some(action) = Key::from_event(k).and_then(|key| keymap::resolve(screen.scope(), key))
        else {
            continue;
        };
        if let Some(outcome) = screen.update(action) {
            return Ok(outcome);
        }
    }
}

/// Creates `dir/<slug>.ron` for a new organization; a taken name gets a number.
pub fn create_workbook(
    dir: &Path,
    org: &str,
    today: Date,
) -> Result<PathBuf, crate::store::StoreError> {
    let _ = std::fs::create_dir_all(dir);
    let base = slug(org);
    let mut path = dir.join(format!("{base}.ron"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}.ron"));
        n += 1;
    }
    let wb = crate::starter::starter_workbook(org, None, today);
    crate::store::create(&path, &wb)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_friendly() {
        assert_eq!(slug("Acme Cloud, Inc."), "acme-cloud-inc");
        assert_eq!(slug("  "), "workbook");
        assert_eq!(slug("Über GmbH"), "ber-gmbh");
    }

    #[test]
    fn first_run_creates_a_starter_workbook() {
        let dir = tempfile::tempdir().unwrap();
        let wbs = dir.path().join("workbooks");
        let today: Date = "2027-01-15".parse().unwrap();
        let p = create_workbook(&wbs, "Acme Cloud", today).unwrap();
        assert!(p.ends_with("acme-cloud.ron"));
        let again = create_workbook(&wbs, "Acme Cloud", today).unwrap();
        assert!(again.ends_with("acme-cloud-2.ron"));
        let loaded = crate::store::load(&p).unwrap();
        assert_eq!(loaded.workbook.organization.name, "Acme Cloud");
        assert_eq!(workbooks_in(&wbs).len(), 2);
    }

    #[test]
    fn the_picker_opens_the_chosen_file_or_asks_for_a_name() {
        let mut s = Startup::for_candidates(vec!["a.ron".into(), "b.ron".into()]);
        s.update(Action::Down);
        assert_eq!(s.update(Action::Enter), Some(Outcome::Open("b.ron".into())));
        s.update(Action::Down);
        assert_eq!(s.update(Action::Enter), None);
        assert!(matches!(s, Startup::Create { .. }));
        assert_eq!(s.update(Action::Enter), None, "empty name refused");
        for c in "Acme".chars() {
            s.update(Action::Type(c));
        }
        assert_eq!(
            s.update(Action::Enter),
            Some(Outcome::Create("Acme".into()))
        );
        assert_eq!(s.update(Action::Back), Some(Outcome::Quit));
    }
}
