//! The command palette, the filterable help, `--read-only`, the second instance that keeps
//! answering, the `NO_COLOR` distinctions and the dashboard's jump to an item: every key
//! sent as a key, through the keymap, as a person presses it.

mod tui_support;

use std::path::PathBuf;
use std::time::Instant;

use soc2_workbook::model::{ItemStatus, MilestoneStatus};
use soc2_workbook::store::{self, lock};
use soc2_workbook::tui::action::Action;
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::keymap::{Keymap, Override, Scope, parse_key};
use soc2_workbook::tui::popup::{Popup, PopupKind};
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::reload::{self, Wake};
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::{View, checklist};
use tui_support::*;

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn palette(app: &App) -> &soc2_workbook::tui::palette::Palette {
    match app.popups.last() {
        Some(Popup::Palette(p)) => p,
        other => panic!("expected the palette, got {other:?}"),
    }
}

#[test]
fn colon_and_ctrl_p_open_the_palette_in_every_view_and_collide_with_nothing() {
    let mut app = app();
    for view in View::ALL {
        app.update(Action::GoTo(view));
        for key in [":", "ctrl-p"] {
            assert!(press(&mut app, key), "{key} in {}", view.title());
            assert_eq!(palette(&app).entries.len(), palette(&app).hits.len());
            press(&mut app, "esc");
            assert!(app.popups.is_empty());
        }
    }
    // Inside the finder ctrl-p still moves up, as before.
    press(&mut app, "/");
    let finder = Scope::Popup(PopupKind::Finder);
    assert_eq!(
        app.keymap.resolve(finder, parse_key("ctrl-p").unwrap()),
        Some(Action::Up)
    );
}

#[test]
fn the_palette_finds_an_action_by_its_description_and_enter_runs_it_like_its_key() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-annual-ack");
    let k = key("CC1.1", "code-of-conduct-annual-ack");
    press(&mut app, ":");
    type_text(&mut app, "in progres");
    let chosen = palette(&app).chosen().expect("a match").clone();
    assert_eq!(chosen.action, Action::SetStatus(ItemStatus::InProgress));
    assert_eq!(chosen.keys, "p");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("status: in progress"), "{screen}");
    press(&mut app, "enter");
    assert!(app.popups.is_empty());
    assert_eq!(
        app.wb().item(&k.criterion, &k.item).map(|r| r.status),
        Some(ItemStatus::InProgress)
    );
    // The global ones are there too, with their keys.
    press(&mut app, "ctrl-p");
    type_text(&mut app, "redo");
    assert_eq!(palette(&app).chosen().unwrap().action, Action::Redo);
    assert_eq!(palette(&app).chosen().unwrap().keys, "ctrl-r");
    press(&mut app, "esc");
    // Arrows choose, and a search with no match says so.
    press(&mut app, ":");
    press(&mut app, "down");
    assert_eq!(palette(&app).selected, 1);
    type_text(&mut app, "zzzzqx");
    assert!(palette(&app).hits.is_empty());
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("No command matches"), "{screen}");
    press(&mut app, "enter");
    assert!(app.popups.is_empty());
    assert_eq!(message(&app), "no command matches");
}

#[test]
fn the_palette_shows_the_users_own_key() {
    let mut app = app();
    app.keymap = Keymap::with_overrides(&[Override {
        scope: Scope::View(View::Checklist),
        key: parse_key("alt-d").unwrap(),
        action: Some(Action::SetStatus(ItemStatus::Implemented)),
        shadow: false,
    }])
    .unwrap();
    open_criterion(&mut app, "CC1.1");
    press(&mut app, ":");
    type_text(&mut app, "implemented");
    assert_eq!(palette(&app).chosen().unwrap().keys, "d/alt-d");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("d/alt-d"), "{screen}");
}

#[test]
fn help_narrows_to_what_is_typed_and_esc_closes_it() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    press(&mut app, "?");
    type_text(&mut app, "owner");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("owner (from the team)"), "{screen}");
    assert!(!screen.contains("status: implemented"), "{screen}");
    assert!(screen.contains("Keys matching \"owner\""), "{screen}");
    // q, j and k are typed into the filter, not acted on.
    type_text(&mut app, "qjk");
    assert!(matches!(app.popups.last(), Some(Popup::Help { .. })));
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("No key matches"), "{screen}");
    for _ in 0.."qjk".len() {
        press(&mut app, "backspace");
    }
    press(&mut app, "ctrl-u");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("status: implemented"), "{screen}");
    press(&mut app, "esc");
    assert!(app.popups.is_empty());
}

struct Disk {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn disk() -> Disk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ron");
    store::create(&path, &workbook()).unwrap();
    Disk { _dir: dir, path }
}

fn open(path: &std::path::Path, reviewer: bool) -> App {
    let mut app = reload::open_app_as(path, today(), Theme::color(), Prefs::default(), reviewer)
        .expect("opens");
    app.seed(1);
    app
}

#[test]
fn read_only_shows_everything_edits_nothing_takes_no_lock_and_follows_the_file() {
    let d = disk();
    let bytes = std::fs::read(&d.path).unwrap();
    let mut reviewer = open(&d.path, true);
    assert!(lock::holder(&d.path).is_none(), "no lock taken");
    assert!(
        text(&draw(&mut reviewer, 80, 24)).contains("READ-ONLY"),
        "the status bar says so"
    );
    // Every view and the navigation work.
    for (k, view) in [
        ("2", View::Scoping),
        ("4", View::Backlog),
        ("3", View::Checklist),
    ] {
        press(&mut reviewer, k);
        assert_eq!(reviewer.view, view);
    }
    open_criterion(&mut reviewer, "CC1.1");
    press(&mut reviewer, "j");
    let before = reviewer.wb().clone();
    for k in ["p", "d", "e", "o", "a", "u"] {
        press(&mut reviewer, k);
        assert!(reviewer.popups.is_empty(), "{k} opens nothing");
        assert_eq!(message(&reviewer), "read-only: opened with --read-only");
    }
    assert_eq!(reviewer.wb(), &before);
    assert!(!reviewer.doc.is_dirty());
    // A writer is not blocked, and its saves are followed.
    let mut writer = open(&d.path, false);
    assert!(writer.doc.read_only.is_none(), "the writer can edit");
    open_criterion(&mut writer, "CC1.1");
    select(&mut writer, "code-of-conduct-annual-ack");
    press(&mut writer, "d");
    reload::save(&mut writer, Instant::now()).unwrap();
    assert_ne!(std::fs::read(&d.path).unwrap(), bytes);
    let later = Instant::now() + reload::POLL * 3;
    assert!(reload::tick(&mut reviewer, later, Wake::Idle));
    assert_eq!(
        reviewer
            .wb()
            .item("CC1.1", "code-of-conduct-annual-ack")
            .map(|r| r.status),
        Some(ItemStatus::Implemented)
    );
    assert_eq!(
        reviewer.doc.read_only.as_deref(),
        Some("read-only: opened with --read-only"),
        "still read-only after the reload"
    );
    drop(writer);
    reload::tick(&mut reviewer, later + reload::POLL * 3, Wake::Idle);
    assert!(reviewer.doc.read_only.is_some(), "never becomes a writer");
    assert!(!reviewer.sync.holds_lock());
}

#[test]
fn a_second_instance_answers_navigation_keys_and_says_how_to_get_out() {
    let d = disk();
    let _first = open(&d.path, false);
    let mut second = open(&d.path, false);
    assert!(second.popups.is_empty(), "no popup swallows the keys");
    assert!(
        message(&second).contains(".acme.ron.lock"),
        "{}",
        message(&second)
    );
    press(&mut second, "3");
    assert_eq!(second.view, View::Checklist);
    let tree_at = |app: &App| {
        let rows = checklist::tree_rows(app.wb(), &app.checklist);
        checklist::tree_index(&rows, &app.checklist)
    };
    let tree = tree_at(&second);
    press(&mut second, "j");
    assert_eq!(tree_at(&second), tree + 1);
    let screen = text(&draw(&mut second, 100, 30));
    let pid = std::process::id();
    assert!(
        screen.contains(&format!(
            "read-only: open in another soc2 (pid {pid}) · q quits"
        )),
        "{screen}"
    );
    press(&mut second, "q");
    assert!(second.should_quit);
}

#[test]
fn no_color_marks_the_focused_pane_in_text() {
    let mut app = app_with(workbook(), Theme::mono());
    open_criterion(&mut app, "CC1.1");
    app.checklist.focus = checklist::Focus::Tree;
    let screen = text(&draw(&mut app, 100, 30));
    assert!(screen.contains("▶ Criteria"), "{screen}");
    assert!(!screen.contains("▶ CC1.1"), "{screen}");
    press(&mut app, "l");
    let screen = text(&draw(&mut app, 100, 30));
    assert!(screen.contains("▶ CC1.1"), "{screen}");
    assert!(!screen.contains("▶ Criteria"), "{screen}");
    press(&mut app, "4");
    assert!(text(&draw(&mut app, 100, 30)).contains("▶ Backlog"));
    // The colour theme has its colours for that.
    let mut color = app_with(workbook(), Theme::color());
    press(&mut color, "3");
    assert!(!text(&draw(&mut color, 100, 30)).contains('▶'));
}

#[test]
fn every_milestone_status_has_its_own_glyph() {
    let mut wb = workbook();
    wb.milestones[0].status = MilestoneStatus::Done;
    wb.milestones[1].status = MilestoneStatus::InProgress;
    wb.milestones[2].status = MilestoneStatus::Planned;
    let mut app = app_with(wb, Theme::mono());
    press(&mut app, "5");
    let buf = draw(&mut app, 160, 40);
    let screen = text(&buf);
    let names: Vec<String> = app.wb().milestones[..3]
        .iter()
        .map(|m| m.name.chars().take(15).collect())
        .collect();
    let glyph_of = |name: &str| {
        let line = screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not on screen:\n{screen}"));
        ['▓', '█', '░']
            .into_iter()
            .filter(|g| line.contains(*g))
            .collect::<Vec<_>>()
    };
    assert_eq!(glyph_of(&names[0]), vec!['▓']);
    assert_eq!(glyph_of(&names[1]), vec!['█']);
    assert_eq!(glyph_of(&names[2]), vec!['░']);
}

#[test]
fn enter_on_an_item_behind_the_figures_opens_it_in_the_checklist() {
    let mut app = app();
    press(&mut app, "enter");
    let Some(Popup::Behind(b)) = app.popups.last() else {
        panic!("the list behind the figures, got {:?}", app.popups.last());
    };
    let first = b.selected.clone().expect("on an item");
    press(&mut app, "j");
    let Some(Popup::Behind(b)) = app.popups.last() else {
        panic!("still open");
    };
    let second = b.selected.clone().expect("on an item");
    assert_ne!(first, second);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains(&second.item), "{screen}");
    press(&mut app, "enter");
    assert!(app.popups.is_empty());
    assert_eq!(app.view, View::Checklist);
    assert_eq!(app.checklist.focus, checklist::Focus::Items);
    assert_eq!(checklist::selected_item(&app), Some(second));
}
