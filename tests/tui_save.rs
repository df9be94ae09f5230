//! The app's own saves under faults: a save that fails, a file made read-only, a change on
//! disk that kept its size and mtime, and command-line edits racing the app's autosave.
//! Driven through `reload` with an injected clock on real files, without a terminal.
//!
//! Why failures are made with a folder replaced by a regular file or with mode 444: CI runs
//! as root, for whom permission bits on a folder do not bite; "not a directory" does, and
//! soc2 refuses a read-only workbook by its mode bits whoever runs it.

mod tui_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use soc2_workbook::catalog::catalog;
use soc2_workbook::edit::{self, NewBacklogItem};
use soc2_workbook::model::Workbook;
use soc2_workbook::store::{self, StoreError};
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::reload::{self, Wake};
use soc2_workbook::tui::theme::Theme;
use tui_support::*;

struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
    t0: Instant,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("team")).unwrap();
        let path = dir.path().join("team/acme.ron");
        store::create(&path, &workbook()).unwrap();
        Fixture {
            dir,
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

    fn at(&self, secs: u64) -> Instant {
        self.t0 + Duration::from_secs(secs)
    }

    fn disk(&self) -> Workbook {
        store::load(&self.path).unwrap().workbook
    }

    /// The workbook's folder replaced by a regular file: every write fails, even for root.
    fn break_folder(&self) {
        let team = self.dir.path().join("team");
        std::fs::rename(&team, self.dir.path().join("team.away")).unwrap();
        std::fs::write(&team, "not a folder").unwrap();
    }

    fn mend_folder(&self) {
        let team = self.dir.path().join("team");
        std::fs::remove_file(&team).unwrap();
        std::fs::rename(self.dir.path().join("team.away"), &team).unwrap();
    }
}

fn add_item(app: &mut App, title: &str) -> String {
    let today = app.today();
    app.edit("add", |wb, rng| {
        edit::add_backlog_item(
            catalog(),
            wb,
            NewBacklogItem {
                title: title.into(),
                ..NewBacklogItem::default()
            },
            today,
            rng,
        )
    })
    .expect("added")
}

fn message(app: &App) -> String {
    app.message()
        .cloned()
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_failed_save_says_so_keeps_the_edits_and_is_retried_when_idle_with_a_growing_pause() {
    let fx = Fixture::new();
    let mut app = fx.open();
    let id = add_item(&mut app, "kept through a failure");
    fx.break_folder();

    assert!(reload::save(&mut app, fx.at(1)).is_err());
    let said = message(&app);
    assert!(
        said.contains("could not save") && said.contains("kept in memory"),
        "{said}"
    );
    assert!(said.contains("acme.unsaved.ron"), "{said}");
    assert!(app.doc().is_dirty(), "the edits stay");
    let first = app.sync().retry_at().expect("a retry is scheduled");
    assert!(first > fx.at(1), "not at once: no hot loop");

    // Idle, but before the pause is over: nothing is tried.
    reload::tick(&mut app, first - Duration::from_millis(1), Wake::Idle);
    assert_eq!(app.sync().retry_at(), Some(first));
    // Due, still broken: tried once more, and the next pause is longer.
    reload::tick(&mut app, first, Wake::Idle);
    let second = app.sync().retry_at().expect("rescheduled");
    assert!(second - first > first - fx.at(1), "the pause grows");

    fx.mend_folder();
    reload::tick(&mut app, second, Wake::Idle);
    assert!(
        !app.doc().is_dirty(),
        "saved on the retry: {}",
        message(&app)
    );
    assert_eq!(app.sync().retry_at(), None);
    assert!(fx.disk().backlog_item(&id).is_some());
    assert!(message(&app).contains("saved"), "{}", message(&app));
}

#[test]
fn quitting_when_nothing_next_to_the_workbook_can_be_written_puts_the_edits_in_the_state_folder() {
    let fx = Fixture::new();
    let mut app = fx.open();
    let id = add_item(&mut app, "rescued");
    let state = fx.dir.path().join("state");
    app.sync_mut().rescue_dir = Some(state.clone());
    fx.break_folder();
    let _ = reload::save(&mut app, fx.at(1));

    let err = reload::save_on_exit(&mut app).expect_err("the save failed");
    let copy = state.join("acme.unsaved.ron");
    match &err {
        StoreError::Unsaved { copy: c, .. } => assert_eq!(c, &copy),
        other => panic!("expected Unsaved, got {other:?}"),
    }
    assert!(
        err.to_string().contains(&copy.display().to_string()),
        "says where: {err}"
    );
    let rescued = store::load(&copy).unwrap().workbook;
    assert!(rescued.backlog_item(&id).is_some());
}

#[cfg(unix)]
#[test]
fn a_workbook_made_read_only_while_open_is_never_written_and_quitting_says_where_the_edits_went() {
    let fx = Fixture::new();
    let mut app = fx.open();
    let id = add_item(&mut app, "not lost");
    let before = std::fs::read(&fx.path).unwrap();
    chmod(&fx.path, 0o444);

    assert!(!reload::save(&mut app, fx.at(1)).unwrap_or(false));
    assert_eq!(
        std::fs::read(&fx.path).unwrap(),
        before,
        "never overwritten"
    );
    let why = app.doc().read_only.clone().expect("read-only");
    assert!(why.contains("read-only on disk"), "{why}");

    let err = reload::save_on_exit(&mut app).expect_err("not saved");
    assert_eq!(
        std::fs::read(&fx.path).unwrap(),
        before,
        "never overwritten"
    );
    let copy = fx.path.with_file_name("acme.unsaved.ron");
    assert!(
        err.to_string().contains(&copy.display().to_string()),
        "{err}"
    );
    assert!(
        store::load(&copy)
            .unwrap()
            .workbook
            .backlog_item(&id)
            .is_some()
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_workbook_opens_read_only_with_the_reason() {
    let fx = Fixture::new();
    chmod(&fx.path, 0o444);
    let before = std::fs::read(&fx.path).unwrap();
    let mut app = fx.open();
    let why = app.doc().read_only.clone().expect("read-only");
    assert!(why.contains("read-only on disk"), "{why}");
    assert!(app.edit("add", |_, _| Ok(())).is_none(), "no edits");
    assert!(!reload::save_on_exit(&mut app).unwrap());
    assert_eq!(std::fs::read(&fx.path).unwrap(), before);
    // Made writable again: R picks that up.
    chmod(&fx.path, 0o644);
    reload::reload_now(&mut app);
    assert!(app.doc().read_only.is_none(), "{:?}", app.doc().read_only);
}

#[test]
fn a_change_on_disk_that_kept_size_and_mtime_is_merged_not_overwritten() {
    let fx = Fixture::new();
    let old = SystemTime::now() - Duration::from_secs(3600);
    let set_old_mtime = || {
        std::fs::File::options()
            .write(true)
            .open(&fx.path)
            .unwrap()
            .set_modified(old)
            .unwrap()
    };
    set_old_mtime();
    let mut app = fx.open();
    let mine = add_item(&mut app, "mine");
    // A teammate's copy arrives with `cp -p`: same size, mtime put back.
    let text = std::fs::read_to_string(&fx.path).unwrap();
    let theirs = text.replacen("Acme Cloud", "Acme Cl0ud", 1);
    assert_eq!(theirs.len(), text.len());
    std::fs::write(&fx.path, &theirs).unwrap();
    set_old_mtime();

    assert!(reload::save(&mut app, fx.at(1)).unwrap());
    let disk = fx.disk();
    assert_eq!(disk.organization.name, "Acme Cl0ud", "their change is kept");
    assert!(disk.backlog_item(&mine).is_some(), "and so is mine");
}

#[test]
fn the_apps_autosave_racing_command_line_edits_loses_nothing() {
    let fx = Fixture::new();
    let mut app = fx.open();
    let path = fx.path.clone();
    let cli = std::thread::spawn(move || {
        (0..15)
            .map(|n| {
                let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("soc2"))
                    .env("SOC2_TODAY", "2026-11-22")
                    .args(["backlog", "add", path.to_str().unwrap()])
                    .args(["--title", &format!("from the command line {n}")])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                String::from_utf8_lossy(&out.stdout).trim_end().to_string()
            })
            .collect::<Vec<_>>()
    });
    let mut mine = Vec::new();
    let mut n = 0;
    while !cli.is_finished() {
        mine.push(add_item(&mut app, &format!("from the app {n}")));
        n += 1;
        let _ = reload::save(&mut app, fx.at(n));
        assert!(!app.sync().is_waiting(), "additions never conflict");
    }
    let theirs = cli.join().unwrap();
    reload::save(&mut app, fx.at(n + 1)).unwrap();
    let disk = fx.disk();
    let lost: Vec<_> = theirs
        .iter()
        .chain(&mine)
        .filter(|id| disk.backlog_item(id).is_none())
        .collect();
    assert!(lost.is_empty(), "lost {lost:?}");
}
