//! Every key of every view, pressed as a person presses it: each one does something a
//! person can see, and no view key hides a global one unless the keymap says so.
//!
//! Why a walk over the table: a binding nobody tested is how a key came to clear the
//! Backlog's filters while the banner said it resolved conflicts.

mod tui_support;

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use soc2_workbook::model::Workbook;
use soc2_workbook::tui::app::{App, Document};
use soc2_workbook::tui::keymap::{Binding, Scope};
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::View;
use tui_support::{draw, press, today};

fn example() -> Workbook {
    let text = include_str!("../workbooks/example.ron");
    soc2_workbook::store::parse(text, std::path::Path::new("example.ron")).unwrap()
}

/// The example workbook (a backlog, milestones, vendors) open in `view`, in list mode.
fn fixture(view: View) -> App {
    let doc = Document::new(example(), PathBuf::from("does-not-exist/example.ron"));
    let mut app = App::new(doc, today(), Theme::color(), Prefs::default());
    app.seed(5);
    press(&mut app, &view.number().to_string());
    app
}

/// Keys pressed first so the binding has something to act on: moving up needs a row
/// below the first, moving left or back needs the focus moved right first.
fn prelude(label: &str, view: View) -> &'static [&'static str] {
    match (label, view) {
        ("1", _) => &["2"],
        ("2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "0", _) => &["1"],
        ("↑" | "k" | "pgup" | "g" | "home", _) => &["G"],
        ("→" | "l", View::Checklist) => &["j", "j"],
        ("←" | "h" | "esc", View::Checklist) => &["j", "j", "enter"],
        ("←" | "h" | "esc", View::Backlog | View::Timeline | View::Populations) => &["enter"],
        ("→" | "l", View::Scoping) => &["w"],
        ("←" | "h", View::Scoping) => &["w", "→"],
        ("enter" | "y" | "n" | "x", View::Scoping) => &["j"],
        ("d", View::Scoping) => &["G", "k"],
        ("t" | "b" | "D", View::Policies) => &["l"],
        _ => &[],
    }
}

/// Bindings that rightly change nothing visible in their view, and why.
const EXCEPTIONS: &[(&str, View, &str)] = &[
    ("←", View::Dashboard, "one list: nothing to the side"),
    ("h", View::Dashboard, "one list: nothing to the side"),
    ("→", View::Dashboard, "one list: nothing to the side"),
    ("l", View::Dashboard, "one list: nothing to the side"),
    (
        "esc",
        View::Dashboard,
        "the top level: nothing to step back from",
    ),
    (
        "esc",
        View::Scoping,
        "the top level: nothing to step back from",
    ),
    ("←", View::Team, "one list: nothing to the side"),
    ("h", View::Team, "one list: nothing to the side"),
    ("→", View::Team, "one list: nothing to the side"),
    ("l", View::Team, "one list: nothing to the side"),
    (
        "esc",
        View::Team,
        "the top level: nothing to step back from",
    ),
    (
        "esc",
        View::Policies,
        "the top level: nothing to step back from",
    ),
    ("←", View::Vendors, "one list: nothing to the side"),
    ("h", View::Vendors, "one list: nothing to the side"),
    ("→", View::Vendors, "one list: nothing to the side"),
    ("l", View::Vendors, "one list: nothing to the side"),
    (
        "esc",
        View::Vendors,
        "the top level: nothing to step back from",
    ),
    ("←", View::Risks, "one list: nothing to the side"),
    ("h", View::Risks, "one list: nothing to the side"),
    ("→", View::Risks, "one list: nothing to the side"),
    ("l", View::Risks, "one list: nothing to the side"),
    (
        "esc",
        View::Risks,
        "the top level: nothing to step back from",
    ),
];

/// What a person can notice: the screen, the workbook, the popups, quitting, an effect.
/// The screen is compared with its styles: a moved cursor is a changed highlight.
fn observe(app: &mut App) -> (Buffer, Workbook, usize, bool, bool) {
    let screen = draw(app, 120, 40);
    (
        screen,
        app.wb().clone(),
        app.popups().len(),
        app.should_quit(),
        app.effect().is_some(),
    )
}

fn acts(binding: &Binding, view: View) -> Result<(), String> {
    let label = binding.key.label();
    if EXCEPTIONS.iter().any(|(l, v, _)| *l == label && *v == view) {
        return Ok(());
    }
    let mut app = fixture(view);
    for key in prelude(&label, view) {
        press(&mut app, key);
    }
    let before = observe(&mut app);
    if !press(&mut app, &label) {
        return Err(format!(
            "{view:?}: `{label}` is not bound where the table says"
        ));
    }
    if observe(&mut app) == before {
        return Err(format!(
            "{view:?}: `{label}` ({}) changed nothing visible",
            binding.description
        ));
    }
    Ok(())
}

#[test]
fn every_binding_of_every_view_does_something_visible() {
    let mut failures = Vec::new();
    for binding in soc2_workbook::tui::keymap::BINDINGS {
        let views: Vec<View> = match binding.scope {
            Scope::View(v) => vec![v],
            Scope::Global => View::ALL
                .into_iter()
                .filter(|v| {
                    let km = soc2_workbook::tui::keymap::Keymap::default();
                    km.resolve(Scope::View(*v), binding.key) == Some(binding.action)
                })
                .collect(),
            Scope::Popup(_) => continue,
        };
        for view in views {
            if let Err(e) = acts(binding, view) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
