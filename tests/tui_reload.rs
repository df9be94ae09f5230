//! The app while the workbook changes behind its back (a `git pull`, a script, a second
//! soc2): driven through `App::update` and `reload::tick` with an injected clock, on real
//! files in a temporary folder, without a terminal and without sleeping.

mod tui_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use soc2_workbook::analysis::check::check;
use soc2_workbook::catalog::{catalog, scoping::questionnaire};
use soc2_workbook::merge;
use soc2_workbook::model::{ItemStatus, Workbook};
use soc2_workbook::store::{self, lock};
use soc2_workbook::tui::action::Action;
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::popup::Popup;
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::reload::{self, Wake};
use soc2_workbook::tui::theme::Theme;
use tui_support::*;

const ACK: (&str, &str) = ("CC1.1", "code-of-conduct-annual-ack");

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    t0: Instant,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        store::create(&path, &workbook()).unwrap();
        Fixture {
            _dir: dir,
            path,
            t0: Instant::now(),
        }
    }

    fn open(&self) -> App {
        let mut app =
            reload::open_app(&self.path, today(), Theme::color(), Prefs::default()).expect("opens");
        app.seed(1);
        app
    }

    /// The clock `n` idle polls after the start.
    fn at(&self, n: u32) -> Instant {
        self.t0 + reload::POLL * n
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap()
    }

    fn disk(&self) -> Workbook {
        store::load(&self.path).unwrap().workbook
    }

    /// Someone else changes the file (a pull, `soc2 item set`): atomically, as git and
    /// soc2 write.
    fn change_on_disk(&self, f: impl FnOnce(&mut Workbook)) {
        let mut wb = self.disk();
        f(&mut wb);
        store::save(&self.path, &wb).unwrap();
    }
}

fn status(wb: &Workbook, (c, i): (&str, &str)) -> ItemStatus {
    wb.item(c, i).map_or(ItemStatus::NotStarted, |r| r.status)
}

fn set_status(wb: &mut Workbook, (c, i): (&str, &str), s: ItemStatus) {
    soc2_workbook::edit::set_item_status(wb, &key(c, i), s, None).unwrap();
}

/// The person marks the annual acknowledgement item in the app (unsaved).
fn edit_in_app(app: &mut App, s: ItemStatus) {
    open_criterion(app, ACK.0);
    select(app, ACK.1);
    let key = match s {
        ItemStatus::NotStarted => "t",
        ItemStatus::InProgress => "p",
        ItemStatus::Implemented => "d",
        ItemStatus::NotApplicable => "n",
    };
    press(app, key);
    assert!(app.doc().is_dirty());
}

fn message(app: &App) -> String {
    app.message()
        .cloned()
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_change_on_disk_reloads_silently_when_nothing_is_unsaved() {
    let fx = Fixture::new();
    let mut app = fx.open();
    assert!(app.doc().read_only.is_none());
    assert!(app.sync().holds_lock());
    assert!(
        !reload::tick(&mut app, fx.at(1), Wake::Idle),
        "idle: nothing to draw"
    );

    fx.change_on_disk(|wb| set_status(wb, ACK, ItemStatus::Implemented));
    assert!(
        reload::tick(&mut app, fx.at(2), Wake::Idle),
        "redraw after reload"
    );
    assert_eq!(status(app.wb(), ACK), ItemStatus::Implemented);
    assert!(!app.doc().is_dirty());
    assert_eq!(message(&app), "reloaded: changed on disk");
    assert!(
        !reload::tick(&mut app, fx.at(3), Wake::Idle),
        "the same change is seen once"
    );
    assert!(
        !reload::tick(&mut app, fx.at(5), Wake::Idle),
        "settling the fingerprint is no change"
    );
}

#[test]
fn a_touched_but_equal_file_is_no_change() {
    let fx = Fixture::new();
    let mut app = fx.open();
    let before = app.wb().clone();
    let generation = app.doc().generation;
    // A checkout rewrites the same bytes; `touch` moves the mtime.
    store::write_atomic(&fx.path, &fx.bytes()).unwrap();
    assert!(!reload::tick(&mut app, fx.at(1), Wake::Idle));
    let f = std::fs::File::options().write(true).open(&fx.path).unwrap();
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(60))
        .unwrap();
    assert!(!reload::tick(&mut app, fx.at(2), Wake::Idle));
    assert_eq!(app.wb(), &before);
    assert_eq!(app.doc().generation, generation, "nothing reloaded");
    assert_eq!(app.message().cloned(), None);
}

#[test]
fn unsaved_edits_are_merged_with_the_change_on_disk_and_saved_together() {
    let fx = Fixture::new();
    let mut app = fx.open();
    edit_in_app(&mut app, ItemStatus::InProgress);
    fx.change_on_disk(|wb| wb.organization.industry = "fintech".into());

    assert!(reload::tick(&mut app, fx.at(1), Wake::Idle));
    assert!(app.popups().is_empty(), "a clean merge asks nothing");
    assert_eq!(app.wb().organization.industry, "fintech");
    assert_eq!(status(app.wb(), ACK), ItemStatus::InProgress, "edit kept");
    assert!(app.doc().is_dirty(), "the merge still has to be written");
    assert!(message(&app).contains("merged"));

    assert!(reload::save(&mut app, fx.at(2)).unwrap());
    let disk = fx.disk();
    assert_eq!(disk.organization.industry, "fintech");
    assert_eq!(status(&disk, ACK), ItemStatus::InProgress);
    assert!(
        !reload::tick(&mut app, fx.at(3), Wake::Idle),
        "our own save is not a change on disk"
    );
}

#[test]
fn an_autosave_never_overwrites_a_change_it_has_not_seen() {
    let fx = Fixture::new();
    let mut app = fx.open();
    edit_in_app(&mut app, ItemStatus::InProgress);
    // The pull lands between the last look and the autosave.
    fx.change_on_disk(|wb| wb.organization.industry = "fintech".into());
    assert!(reload::save(&mut app, fx.at(1)).unwrap());
    let disk = fx.disk();
    assert_eq!(
        disk.organization.industry, "fintech",
        "their change survives"
    );
    assert_eq!(status(&disk, ACK), ItemStatus::InProgress, "ours too");
}

#[test]
fn a_conflict_with_unsaved_edits_asks_and_writes_nothing_until_answered() {
    for (choice, expect_status, expect_conflicts) in [
        (0, ItemStatus::InProgress, 1), // keep both: ours in place, conflict recorded
        (1, ItemStatus::Implemented, 0), // discard mine
        (2, ItemStatus::InProgress, 0), // keep mine
    ] {
        let fx = Fixture::new();
        let mut app = fx.open();
        edit_in_app(&mut app, ItemStatus::InProgress);
        fx.change_on_disk(|wb| set_status(wb, ACK, ItemStatus::Implemented));
        let theirs = fx.bytes();

        assert!(reload::tick(&mut app, fx.at(1), Wake::Idle));
        assert!(matches!(app.popups().last(), Some(Popup::DiskChanged(q)) if q.conflicts == 1));
        assert!(app.sync().is_waiting());
        assert!(
            !reload::save(&mut app, fx.at(2)).unwrap(),
            "no save while asking"
        );
        assert_eq!(fx.bytes(), theirs);
        press(&mut app, "esc");
        assert!(
            matches!(app.popups().last(), Some(Popup::DiskChanged(_))),
            "the question cannot be dismissed"
        );

        for _ in 0..choice {
            press(&mut app, "↓");
        }
        press(&mut app, "enter");
        assert!(app.popups().is_empty());
        assert!(!app.sync().is_waiting());
        assert_eq!(status(app.wb(), ACK), expect_status, "choice {choice}");
        assert_eq!(
            app.wb().conflicts.len(),
            expect_conflicts,
            "choice {choice}"
        );
        assert!(
            app.doc().read_only.is_none(),
            "conflicts do not make it read-only"
        );

        reload::save(&mut app, fx.at(3)).unwrap();
        let disk = fx.disk();
        assert_eq!(status(&disk, ACK), expect_status, "choice {choice} on disk");
        assert_eq!(disk.conflicts.len(), expect_conflicts);
        if expect_conflicts == 1 {
            let c = &disk.conflicts[0];
            assert!(c.location.contains("code-of-conduct-annual-ack"), "{c:?}");
            assert_eq!(
                (c.ours.as_str(), c.theirs.as_str()),
                ("InProgress", "Implemented")
            );
        }
    }
}

#[test]
fn quitting_while_asked_keeps_both_and_loses_nothing() {
    let fx = Fixture::new();
    let mut app = fx.open();
    edit_in_app(&mut app, ItemStatus::InProgress);
    fx.change_on_disk(|wb| set_status(wb, ACK, ItemStatus::Implemented));
    reload::tick(&mut app, fx.at(1), Wake::Idle);
    press(&mut app, "q");
    assert!(app.should_quit());
    assert!(reload::save_on_exit(&mut app).unwrap());
    let disk = fx.disk();
    assert_eq!(disk.conflicts.len(), 1, "both values kept as a conflict");
}

#[test]
fn an_unparseable_file_on_disk_makes_the_app_read_only_and_is_never_overwritten() {
    let fx = Fixture::new();
    let mut app = fx.open();
    edit_in_app(&mut app, ItemStatus::InProgress);
    // A teammate without the merge driver: git's text merge leaves conflict markers.
    let good = String::from_utf8(fx.bytes()).unwrap();
    let broken = good.replacen(
        "(\n",
        "(\n<<<<<<< HEAD\n    x: 1,\n=======\n    x: 2,\n>>>>>>> theirs\n",
        1,
    );
    std::fs::write(&fx.path, &broken).unwrap();

    assert!(reload::tick(&mut app, fx.at(1), Wake::Idle));
    let why = app.doc().read_only.clone().expect("read-only");
    assert!(
        why.contains("does not load") && why.contains("press R"),
        "{why}"
    );
    assert!(
        why.contains("2:1 unresolved merge conflict"),
        "names the error: {why}"
    );
    assert_eq!(status(app.wb(), ACK), ItemStatus::InProgress, "edits kept");
    let buf = draw(&mut app, 80, 24);
    assert!(text(&buf).lines().nth(1).unwrap().contains("does not load"));

    assert!(!reload::save(&mut app, fx.at(2)).unwrap());
    press(&mut app, "d");
    assert_eq!(status(app.wb(), ACK), ItemStatus::InProgress, "no edits");
    assert!(!reload::tick(&mut app, fx.at(3), Wake::Idle), "said once");
    press(&mut app, "R");
    assert!(app.doc().read_only.is_some(), "still broken");
    assert_eq!(std::fs::read_to_string(&fx.path).unwrap(), broken);

    // The person fixes the file (takes theirs, with one change) and presses R.
    let mut fixed = store::parse(&good, &fx.path).unwrap();
    fixed.organization.industry = "fintech".into();
    store::save(&fx.path, &fixed).unwrap();
    press(&mut app, "R");
    assert!(app.doc().read_only.is_none(), "{:?}", app.doc().read_only);
    assert_eq!(app.wb().organization.industry, "fintech");
    assert_eq!(
        status(app.wb(), ACK),
        ItemStatus::InProgress,
        "edits merged in"
    );
    assert!(reload::save(&mut app, fx.at(4)).unwrap());
}

#[test]
fn quitting_with_edits_that_cannot_go_into_a_broken_file_writes_them_next_to_it() {
    let fx = Fixture::new();
    let mut app = fx.open();
    edit_in_app(&mut app, ItemStatus::Implemented);
    std::fs::write(&fx.path, "<<<<<<< HEAD\n").unwrap();
    assert!(!reload::save_on_exit(&mut app).unwrap());
    assert_eq!(std::fs::read_to_string(&fx.path).unwrap(), "<<<<<<< HEAD\n");
    let copy = app.sync().rescued.clone().expect("rescued");
    assert_eq!(copy.file_name().unwrap(), "acme.unsaved.ron");
    assert_eq!(
        status(&store::load(&copy).unwrap().workbook, ACK),
        ItemStatus::Implemented
    );
}

#[test]
fn a_vanished_file_keeps_the_edits_and_the_next_save_recreates_it() {
    let fx = Fixture::new();
    let mut app = fx.open();
    std::fs::remove_file(&fx.path).unwrap();
    assert!(reload::tick(&mut app, fx.at(1), Wake::Idle));
    assert!(message(&app).contains("gone"));
    assert!(!reload::tick(&mut app, fx.at(2), Wake::Idle), "said once");
    edit_in_app(&mut app, ItemStatus::InProgress);
    assert!(reload::save(&mut app, fx.at(3)).unwrap());
    assert_eq!(status(&fx.disk(), ACK), ItemStatus::InProgress);
}

#[test]
fn a_second_app_on_the_same_workbook_is_read_only_and_follows_the_first() {
    let fx = Fixture::new();
    let mut first = fx.open();
    let mut second = fx.open();
    assert!(first.doc().read_only.is_none());
    let why = second.doc().read_only.clone().expect("read-only");
    assert!(
        why.contains(&format!("process {}", std::process::id())),
        "{why}"
    );
    // Said in the status bar, not in a popup that would swallow every key.
    assert!(second.popups().is_empty(), "{:?}", second.popups());
    let said = message(&second);
    assert!(said.contains("read-only"), "{said}");
    assert!(said.contains(".acme.ron.lock"), "{said}");
    edit_in_app(&mut first, ItemStatus::Implemented);
    let before = second.wb().clone();
    open_criterion(&mut second, ACK.0);
    select(&mut second, ACK.1);
    second.update(Action::SetStatus(ItemStatus::InProgress));
    assert_eq!(second.wb(), &before, "the second one cannot edit");

    assert!(reload::save(&mut first, fx.at(1)).unwrap());
    assert!(reload::tick(&mut second, fx.at(2), Wake::Idle));
    assert_eq!(
        status(second.wb(), ACK),
        ItemStatus::Implemented,
        "follows saves"
    );

    drop(first);
    assert!(reload::tick(&mut second, fx.at(3), Wake::Idle));
    assert!(
        second.doc().read_only.is_none(),
        "editable once the first closed"
    );
    assert!(second.sync().holds_lock());
    assert!(message(&second).contains("you can edit"));
}

fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_stale_lock_from_a_crashed_app_is_taken_over_and_said_so() {
    let fx = Fixture::new();
    // A lock exactly as a soc2 on this machine writes it, from a process that is gone.
    let ours = lock::Lock::acquire(&fx.path).unwrap();
    let text = std::fs::read_to_string(ours.path()).unwrap();
    let lock_file = ours.path().to_path_buf();
    drop(ours);
    let dead = dead_pid();
    let stale: String = text
        .lines()
        .map(|l| {
            if l.starts_with("pid ") {
                format!("pid {dead}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&lock_file, stale).unwrap();

    let app = fx.open();
    assert!(app.doc().read_only.is_none());
    assert!(app.sync().holds_lock());
    assert!(message(&app).contains("stale lock"), "{}", message(&app));
    assert!(message(&app).contains(&dead.to_string()));
    drop(app);
    assert!(!lock_file.exists(), "closing the app removes the lock");
}

/// A workbook with two merge conflicts, as `soc2 merge` leaves it.
fn conflicted(path: &Path) {
    let base = workbook();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    set_status(&mut ours, ACK, ItemStatus::InProgress);
    set_status(&mut theirs, ACK, ItemStatus::Implemented);
    ours.organization.industry = "saas".into();
    theirs.organization.industry = "fintech".into();
    let merged = merge::merge3(&base, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 2);
    store::save(path, &merged.workbook).unwrap();
}

#[test]
fn merge_conflicts_are_shown_everywhere_and_resolved_with_undo() {
    let fx = Fixture::new();
    conflicted(&fx.path);
    let mut app = fx.open();
    assert!(
        app.doc().read_only.is_none(),
        "conflicts do not make it read-only"
    );
    assert!(!check(catalog(), questionnaire(), app.wb()).is_empty());
    for view in soc2_workbook::tui::views::View::ALL {
        press(&mut app, &view.number().to_string());
        let buf = draw(&mut app, 80, 24);
        let banner = text(&buf).lines().nth(1).unwrap().to_string();
        assert!(banner.contains("2 merge conflicts"), "{view:?}: {banner}");
        assert!(banner.contains("press C"), "{banner}");
    }

    press(&mut app, "C");
    assert!(matches!(app.popups().last(), Some(Popup::Conflicts(_))));
    let first = app.wb().conflicts[0].clone();
    let second = app.wb().conflicts[1].clone();
    let ours_first = app.wb().clone();

    press(&mut app, "t");
    assert_eq!(app.wb().conflicts, vec![second.clone()]);
    assert_ne!(app.wb(), &ours_first, "their value written back");
    press(&mut app, "u");
    assert_eq!(app.wb(), &ours_first, "undo brings the conflict back");
    assert!(matches!(app.popups().last(), Some(Popup::Conflicts(_))));

    press(&mut app, "o");
    press(&mut app, "t");
    assert!(app.wb().conflicts.is_empty());
    assert!(app.popups().is_empty(), "the list closes when none is left");
    assert!(message(&app).contains("all merge conflicts resolved"));
    assert!(check(catalog(), questionnaire(), app.wb()).is_empty());
    let _ = first;
    let buf = draw(&mut app, 80, 24);
    let tabs_and_next = text(&buf).lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(
        !tabs_and_next.contains("merge conflict"),
        "banner gone: {tabs_and_next}"
    );

    press(&mut app, "u");
    assert_eq!(
        app.wb().conflicts.len(),
        1,
        "undo works after the list closed"
    );
    press(&mut app, "ctrl-r");
    assert!(reload::save(&mut app, fx.at(1)).unwrap());
    assert!(fx.disk().conflicts.is_empty());
}

#[test]
fn the_conflict_list_is_reachable_from_help_and_says_when_empty() {
    let mut app = app();
    press(&mut app, "C");
    assert!(app.popups().is_empty());
    assert_eq!(message(&app), "no merge conflicts");
    press(&mut app, "?");
    let buf = draw(&mut app, 120, 60);
    assert!(
        text(&buf).contains("merge conflicts: list them"),
        "{}",
        text(&buf)
    );
}

#[test]
fn conflict_list_and_banner_at_80x24() {
    let fx = Fixture::new();
    conflicted(&fx.path);
    let mut app = fx.open();
    press(&mut app, "C");
    press(&mut app, "↓");
    let buf = draw(&mut app, 80, 24);
    insta::assert_snapshot!(
        "conflicts_80x24",
        text(&buf).replace(&fx.path.display().to_string(), "acme.ron")
    );
}

#[test]
fn disk_changed_question_at_80x24() {
    let fx = Fixture::new();
    let mut app = fx.open();
    edit_in_app(&mut app, ItemStatus::InProgress);
    fx.change_on_disk(|wb| set_status(wb, ACK, ItemStatus::Implemented));
    reload::tick(&mut app, fx.at(1), Wake::Idle);
    let buf = draw(&mut app, 80, 24);
    insta::assert_snapshot!(
        "disk_changed_80x24",
        text(&buf).replace(&fx.path.display().to_string(), "acme.ron")
    );
}

/// The key the banner tells a person to press, read off the screen.
fn banner_key(app: &mut App) -> String {
    let buf = draw(app, 120, 24);
    let banner = text(&buf).lines().nth(1).unwrap().to_string();
    let after = banner
        .split("press ")
        .nth(1)
        .unwrap_or_else(|| panic!("no key named: {banner}"));
    after.split(' ').next().unwrap().to_string()
}

#[test]
fn the_key_the_conflict_banner_names_opens_the_conflicts_in_every_view() {
    let fx = Fixture::new();
    conflicted(&fx.path);
    let mut app = fx.open();
    for (n, view) in ["1", "2", "3", "4", "5"].iter().enumerate() {
        press(&mut app, view);
        let before = app.wb().clone();
        let key = banner_key(&mut app);
        press(&mut app, &key);
        assert!(
            matches!(app.popups().last(), Some(Popup::Conflicts(_))),
            "view {}: `{key}` did not list the conflicts",
            n + 1
        );
        assert_eq!(app.wb(), &before, "opening the list changes nothing");
        press(&mut app, "esc");
    }
    // In the Backlog, `t` after the named key keeps theirs; it does not set an item to open.
    press(&mut app, "4");
    let key = banner_key(&mut app);
    press(&mut app, &key);
    press(&mut app, "t");
    assert_eq!(app.wb().conflicts.len(), 1, "one conflict resolved");
}

#[test]
fn a_rebound_conflicts_key_is_the_one_the_banner_names() {
    use soc2_workbook::tui::keymap::{Keymap, Override, Scope, parse_key};
    let fx = Fixture::new();
    conflicted(&fx.path);
    let mut app = fx.open();
    app.set_keymap(
        Keymap::with_overrides(&[Override {
            scope: Scope::Global,
            key: parse_key("ctrl-k").unwrap(),
            action: Some(Action::ShowConflicts),
            shadow: false,
        }])
        .unwrap(),
    );
    let named = banner_key(&mut app);
    assert!(named == "C" || named == "ctrl-k", "{named}");
    let km = Keymap::with_overrides(&[
        Override {
            scope: Scope::Global,
            key: parse_key("C").unwrap(),
            action: None,
            shadow: false,
        },
        Override {
            scope: Scope::Global,
            key: parse_key("ctrl-k").unwrap(),
            action: Some(Action::ShowConflicts),
            shadow: false,
        },
    ])
    .unwrap();
    app.set_keymap(km);
    assert_eq!(banner_key(&mut app), "ctrl-k");
    press(&mut app, "ctrl-k");
    assert!(matches!(app.popups().last(), Some(Popup::Conflicts(_))));
}
