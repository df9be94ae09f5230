//! Shared fixtures for the app's tests: a workbook in a known state, an app on it, and
//! rendering to a `TestBackend`.
#![allow(dead_code)]

use std::path::PathBuf;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use soc2_workbook::catalog::catalog;
use soc2_workbook::edit::{self, ItemKey, NewEvidence};
use soc2_workbook::model::{Answer, Date, ItemStatus, Workbook};
use soc2_workbook::starter::starter_workbook;
use soc2_workbook::tui::app::{App, Document};
use soc2_workbook::tui::event_loop;
use soc2_workbook::tui::keymap::parse_key;
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::ui;
use soc2_workbook::tui::views::checklist::{self, Focus, Node};

pub fn today() -> Date {
    "2027-01-15".parse().unwrap()
}

pub fn key(criterion: &str, item: &str) -> ItemKey {
    ItemKey {
        criterion: criterion.into(),
        item: item.into(),
    }
}

/// A starter workbook with fixed milestone ids, some answers and some progress.
pub fn workbook() -> Workbook {
    let mut wb = starter_workbook("Acme Cloud", None, today());
    for (i, m) in wb.milestones.iter_mut().enumerate() {
        m.id = format!("MS-{i:04}");
    }
    let mut rng = fastrand::Rng::with_seed(7);
    let cat = catalog();
    edit::answer(&mut wb, "uptime_sla", Some(Answer::Yes));
    edit::answer(
        &mut wb,
        "customer_type",
        Some(Answer::Choice("businesses".into())),
    );
    edit::add_member(&mut wb, "maria", "Maria Lopez", "CTO").unwrap();
    let k = key("CC1.1", "code-of-conduct-signed");
    edit::set_item_status(&mut wb, &k, ItemStatus::Implemented, None).unwrap();
    edit::set_item_owner(&mut wb, &k, Some("maria")).unwrap();
    edit::add_evidence(
        cat,
        &mut wb,
        &k,
        NewEvidence {
            reference: "docs/policies/conduct.md".into(),
            collected: Some("2027-01-10".parse().unwrap()),
            ..NewEvidence::default()
        },
        today(),
        &mut rng,
    )
    .unwrap();
    let k = key("CC1.1", "background-checks");
    edit::set_item_status(&mut wb, &k, ItemStatus::InProgress, None).unwrap();
    edit::gap_to_backlog(cat, &mut wb, &k, today(), &mut rng).unwrap();
    let k = key("CC1.1", "nda-at-onboarding");
    edit::set_item_status(&mut wb, &k, ItemStatus::NotApplicable, Some("no staff yet")).unwrap();
    wb
}

/// The workbook with a custom item whose title carries an escape sequence and a bidi override.
pub fn hostile_workbook() -> Workbook {
    let mut wb = workbook();
    let mut rng = fastrand::Rng::with_seed(9);
    edit::add_custom_item(
        catalog(),
        &mut wb,
        "CC1.1",
        "Evil \u{1b}[2J title \u{202E}desrever",
        None,
        &mut rng,
    )
    .unwrap();
    wb
}

pub fn app_with(wb: Workbook, theme: Theme) -> App {
    let doc = Document::new(wb, PathBuf::from("workbooks/acme-cloud.ron"));
    let mut app = App::new(doc, today(), theme, Prefs::default());
    app.seed(1);
    app
}

pub fn app() -> App {
    app_with(workbook(), Theme::color())
}

/// Draws the app at `w`×`h` and returns the buffer.
pub fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    app.size = Rect::new(0, 0, w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ui::render(app, f)).unwrap();
    term.backend().buffer().clone()
}

/// The buffer's text, one line per row, trailing spaces trimmed.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Selects a criterion in the checklist and puts the focus on its items.
pub fn open_criterion(app: &mut App, id: &str) {
    press(app, "3");
    let rows = checklist::tree_rows(app.wb(), &app.checklist);
    let pos = rows
        .iter()
        .position(|r| matches!(r.node, Node::Criterion(c) if c.id == id))
        .expect("criterion visible");
    let mut st = app.checklist.clone();
    checklist::set_tree(&rows, &mut st, pos);
    app.checklist = st;
    app.checklist.item = Default::default();
    app.checklist.focus = Focus::Items;
}

/// Selects an item of the open criterion by id.
pub fn select(app: &mut App, item: &str) {
    checklist::select_item(&app.doc.workbook, &mut app.checklist, item);
    assert_eq!(checklist::selected_item(app).unwrap().item, item);
}

/// Presses the key written `label` (as `soc2 keys` writes it: `j`, `C`, `ctrl-r`, `enter`,
/// `shift-tab`, `↑`…) through the app's keymap and its one update, as the event loop does.
/// Returns whether the key meant anything where the focus is.
pub fn press(app: &mut App, label: &str) -> bool {
    let key = parse_key(label).unwrap_or_else(|| panic!("no key is written {label:?}"));
    let event = Event::Key(KeyEvent::new(key.code, key.mods));
    event_loop::dispatch(app, &event)
}

/// Presses each of `labels` in turn.
pub fn press_all(app: &mut App, labels: &[&str]) {
    for label in labels {
        press(app, label);
    }
}

/// Types `text` key by key, as a person at the keyboard would.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        event_loop::dispatch(app, &event);
    }
}

/// The row whose text contains `needle`.
pub fn row_of(buf: &Buffer, needle: &str) -> u16 {
    let t = text(buf);
    let line = t
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{t}"));
    u16::try_from(line).unwrap()
}

/// The column where `needle` starts on row `y` (wide characters counted once).
pub fn column_of(buf: &Buffer, y: u16, needle: &str) -> u16 {
    let mut line = String::new();
    let mut cols = Vec::new();
    for x in 0..buf.area.width {
        for _ in buf[(x, y)].symbol().chars() {
            cols.push(x);
        }
        line.push_str(buf[(x, y)].symbol());
    }
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not on row {y}: {line}"));
    cols[line[..at].chars().count()]
}

/// Terminal widths the size sweeps draw at: tiny, around the 60×16 minimum, common, huge.
pub const SWEEP_WIDTHS: [u16; 19] = [
    1, 2, 3, 5, 10, 20, 40, 59, 60, 61, 79, 80, 99, 100, 101, 120, 149, 200, 300,
];
/// Terminal heights the size sweeps draw at.
pub const SWEEP_HEIGHTS: [u16; 13] = [1, 2, 3, 5, 8, 15, 16, 17, 23, 24, 30, 40, 100];

/// Draws `app` at every sweep size: never a panic, and below the minimum the
/// "terminal too small" screen; `each` checks anything else after every draw.
pub fn sweep_every_size(name: &str, app: &mut App, each: impl Fn(&App)) {
    for w in SWEEP_WIDTHS {
        for h in SWEEP_HEIGHTS {
            let buf = draw(app, w, h);
            if w < 60 || h < 16 {
                let t = text(&buf).replace('\n', "");
                assert!(
                    w < 20 || h < 3 || t.contains("Terminal too small"),
                    "{name} at {w}x{h}: {t}"
                );
            }
            each(app);
        }
    }
}
