//! Saves on the save worker: typing goes on while a save is written, and nothing an edit
//! did is lost to a save in flight, a failed save, quitting or a hangup. A fake worker
//! (`Saver::manual`) runs each save only when the test says so: no threads, no sleeping.

mod tui_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use soc2_workbook::model::{ItemStatus, Workbook};
use soc2_workbook::store;
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::reload::{self, Wake};
use soc2_workbook::tui::terminal::{Gate, Pending};
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::worker::Saver;
use tui_support::*;

const ACK: (&str, &str) = ("CC1.1", "code-of-conduct-annual-ack");

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    t0: Instant,
    gate: Gate,
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
            gate: Gate::default(),
        }
    }

    /// The app with a fake save worker.
    fn open(&self) -> App {
        let mut app =
            reload::open_app(&self.path, today(), Theme::color(), Prefs::default()).expect("opens");
        app.seed(1);
        app.sync_mut().set_saver(Saver::manual(self.gate.clone()));
        app
    }

    fn at(&self, secs: u64) -> Instant {
        self.t0 + Duration::from_secs(secs)
    }

    fn disk(&self) -> Workbook {
        store::load(&self.path).unwrap().workbook
    }
}

fn status(wb: &Workbook, (c, i): (&str, &str)) -> ItemStatus {
    wb.item(c, i).map_or(ItemStatus::NotStarted, |r| r.status)
}

fn set(app: &mut App, s: ItemStatus) {
    app.edit("set status", |wb, _| {
        soc2_workbook::edit::set_item_status(wb, &key(ACK.0, ACK.1), s, None)
    })
    .expect("edits");
}

fn set_title(app: &mut App, (c, i): (&str, &str), text: &str) {
    app.edit("note", |wb, _| {
        wb.item_mut(c, i).notes = text.into();
        Ok(())
    })
    .expect("edits");
}

/// The worker finishes its save and the loop takes the outcome in.
fn land(fx: &Fixture, app: &mut App, secs: u64) {
    assert!(
        app.sync_mut().saver_mut().unwrap().run_queued(),
        "a save was in flight"
    );
    assert!(reload::finish_save(app, fx.at(secs), Duration::ZERO));
}

#[test]
fn edits_made_while_a_save_is_in_flight_are_all_on_disk_after_the_next_save() {
    let fx = Fixture::new();
    let mut app = fx.open();
    set(&mut app, ItemStatus::InProgress);
    assert!(reload::start_save(&mut app, fx.at(1)));
    assert!(app.sync().saving());
    // Typing goes on while the worker writes: these edits are not in that save.
    set_title(&mut app, ("CC1.1", "org-chart"), "kept");
    set(&mut app, ItemStatus::Implemented);
    assert!(
        !reload::start_save(&mut app, fx.at(1)),
        "one save at a time: the new edits wait for the next one"
    );
    land(&fx, &mut app, 2);
    assert_eq!(status(&fx.disk(), ACK), ItemStatus::InProgress);
    assert!(
        app.doc().is_dirty(),
        "the edits made meanwhile are still unsaved"
    );
    assert!(reload::start_save(&mut app, fx.at(3)));
    land(&fx, &mut app, 3);
    let disk = fx.disk();
    assert_eq!(status(&disk, ACK), ItemStatus::Implemented);
    assert_eq!(disk.item("CC1.1", "org-chart").unwrap().notes, "kept");
    assert!(!app.doc().is_dirty());
    assert!(
        !reload::tick(&mut app, fx.at(5), Wake::Idle),
        "the app's own save is not news"
    );
    assert_eq!(
        app.sync().known().unwrap().sha256,
        soc2_workbook::store::watch::Fingerprint::of_file(&fx.path)
            .unwrap()
            .sha256,
        "the fingerprint the worker kept is the file's, without reading it back"
    );
}

#[test]
fn a_save_that_fails_on_the_worker_keeps_the_edits_and_is_retried() {
    let fx = Fixture::new();
    let mut app = fx.open();
    set(&mut app, ItemStatus::Implemented);
    // The file cannot be replaced: a folder stands where it was.
    std::fs::remove_file(&fx.path).unwrap();
    std::fs::create_dir(&fx.path).unwrap();
    assert!(reload::start_save(&mut app, fx.at(1)));
    land(&fx, &mut app, 1);
    let said = app.message().cloned().unwrap();
    assert!(
        said.error && said.text.contains("could not save"),
        "{said:?}"
    );
    assert!(app.doc().is_dirty(), "the edits are kept in memory");
    let retry = app.sync().retry_at().expect("a retry is scheduled");
    std::fs::remove_dir(&fx.path).unwrap();
    reload::tick(&mut app, retry, Wake::Idle);
    assert!(app.sync().saving(), "the retry runs on the worker");
    land(&fx, &mut app, 10);
    assert_eq!(status(&fx.disk(), ACK), ItemStatus::Implemented);
    assert!(!app.doc().is_dirty());
}

#[test]
fn quitting_waits_for_the_save_in_flight_then_writes_the_rest() {
    let fx = Fixture::new();
    let mut app = fx.open();
    set(&mut app, ItemStatus::InProgress);
    assert!(reload::start_save(&mut app, fx.at(1)));
    set_title(&mut app, ("CC1.1", "org-chart"), "last edit");
    assert!(reload::save_on_exit(&mut app).unwrap());
    assert!(!app.sync().saving(), "the save in flight landed first");
    assert!(!app.sync_mut().saver_mut().unwrap().has_queued());
    let disk = fx.disk();
    assert_eq!(status(&disk, ACK), ItemStatus::InProgress);
    assert_eq!(disk.item("CC1.1", "org-chart").unwrap().notes, "last edit");
    assert!(disk.conflicts.is_empty());
}

#[test]
fn a_hangup_during_a_worker_save_still_leaves_every_edit_on_disk() {
    let fx = Fixture::new();
    let mut app = fx.open();
    set(&mut app, ItemStatus::InProgress);
    assert!(reload::start_save(&mut app, fx.at(1)));
    set(&mut app, ItemStatus::Implemented);
    // What the loop hands the signal thread after that edit (the file's base as before).
    fx.gate.set_pending(Some(Pending {
        path: fx.path.clone(),
        workbook: app.doc_mut().snapshot(),
        base: app.doc().shared_base(),
        known: app.sync().known().cloned(),
    }));
    // The worker's write lands; the loop is stuck and never takes the outcome in.
    assert!(app.sync_mut().saver_mut().unwrap().run_queued());
    // The signal thread: it waits for the worker's write, then rescues the latest edits.
    let writing = fx.gate.writing();
    let pending = fx.gate.take_pending().expect("edits to rescue");
    reload::rescue(&pending);
    drop(writing);
    let disk = fx.disk();
    assert_eq!(status(&disk, ACK), ItemStatus::Implemented);
    assert!(
        disk.conflicts.is_empty(),
        "the rescue merges from what the worker wrote, not from the older base: {:?}",
        disk.conflicts
    );
}

#[test]
fn a_change_on_disk_is_read_and_parsed_on_the_worker_then_reloaded() {
    let fx = Fixture::new();
    let mut app = fx.open();
    let mut theirs = fx.disk();
    theirs.item_mut("CC1.1", "org-chart").notes = "from a git pull".into();
    store::save(&fx.path, &theirs).unwrap();
    assert!(
        !reload::tick(&mut app, fx.at(10), Wake::Idle),
        "the UI thread only stats the file"
    );
    assert!(app.sync().busy(), "reading it is the worker's job");
    assert!(
        app.wb()
            .item("CC1.1", "org-chart")
            .is_none_or(|r| r.notes.is_empty())
    );
    land(&fx, &mut app, 10);
    assert_eq!(
        app.wb().item("CC1.1", "org-chart").unwrap().notes,
        "from a git pull"
    );
    assert!(!app.doc().is_dirty());
}

#[test]
fn evidence_files_are_hashed_on_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("policy.md"), "v1").unwrap();
    let path = dir.path().join("acme.ron");
    store::create(&path, &workbook()).unwrap();
    let gate = Gate::default();
    let mut app =
        reload::open_app(&path, today(), Theme::color(), Prefs::default()).expect("opens");
    app.sync_mut().set_saver(Saver::manual(gate));
    let sha = soc2_workbook::evidence::file_hash(&path, "policy.md");
    let id = app
        .edit("add evidence", |wb, rng| {
            soc2_workbook::edit::add_evidence(
                soc2_workbook::catalog::catalog(),
                wb,
                &key(ACK.0, ACK.1),
                soc2_workbook::edit::NewEvidence {
                    reference: "policy.md".into(),
                    collected: Some(today()),
                    by: None,
                    sha256: sha,
                },
                today(),
                rng,
            )
        })
        .expect("adds");
    std::fs::write(dir.path().join("policy.md"), "v2, edited after the fact").unwrap();
    reload::refresh_drift(&mut app);
    assert!(app.sync().busy());
    assert_eq!(
        app.drift().of(&id),
        None,
        "nothing is hashed on the UI thread"
    );
    assert!(app.sync_mut().saver_mut().unwrap().run_queued());
    assert!(reload::finish_save(
        &mut app,
        Instant::now(),
        Duration::ZERO
    ));
    assert_eq!(
        app.drift().of(&id),
        Some(soc2_workbook::evidence::Drift::Changed)
    );
}

#[test]
fn a_save_is_handed_the_records_it_shares_with_the_app_and_only_an_edited_one_is_copied() {
    use soc2_workbook::model::Shared;
    let fx = Fixture::new();
    let mut app = fx.open();
    set(&mut app, ItemStatus::InProgress);
    let saving = app.doc_mut().snapshot();
    set(&mut app, ItemStatus::Implemented);
    let next = app.doc_mut().snapshot();
    assert!(!next.backlog.is_empty());
    for (a, b) in saving.backlog.iter().zip(&next.backlog) {
        assert!(Shared::ptr_eq(a, b), "backlog item {} was copied", b.id);
    }
    for (criterion, items) in &next.checklist {
        for (item, record) in items {
            let edited = (criterion.as_str(), item.as_str()) == ACK;
            let shared = saving.checklist[criterion]
                .get(item)
                .is_some_and(|r| Shared::ptr_eq(r, record));
            assert_eq!(shared, !edited, "{criterion} {item}");
        }
    }
    assert_eq!(
        status(&saving, ACK),
        ItemStatus::InProgress,
        "the copy being saved keeps what it was handed"
    );
    assert_eq!(status(&next, ACK), ItemStatus::Implemented);
}
