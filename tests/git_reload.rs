//! The pieces the app uses when the workbook changes behind its back (a `git pull` while it
//! is open): the lock, change detection, and merging unsaved edits into the new version.

use soc2_workbook::catalog::catalog;
use soc2_workbook::edit::{self, NewBacklogItem};
use soc2_workbook::merge;
use soc2_workbook::model::Date;
use soc2_workbook::store::{self, lock::Lock, watch};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn a_pull_under_an_open_app_is_noticed_and_merged_with_unsaved_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ron");
    store::create(
        &path,
        &soc2_workbook::starter::starter_workbook("Acme", None, d("2026-11-22")),
    )
    .unwrap();

    // The app opens the workbook: lock, load, fingerprint.
    let lock = Lock::acquire(&path).unwrap();
    assert!(Lock::acquire(&path).is_err(), "a second soc2 is told");
    let loaded = store::load(&path).unwrap();
    let fingerprint = watch::Fingerprint::of_read(&path, loaded.text.as_bytes()).unwrap();
    let last_loaded = loaded.workbook.clone();

    // A person edits without saving.
    let mut in_memory = last_loaded.clone();
    let unsaved = edit::add_backlog_item(
        catalog(),
        &mut in_memory,
        NewBacklogItem {
            title: "Unsaved idea".into(),
            ..NewBacklogItem::default()
        },
        d("2026-11-23"),
        &mut fastrand::Rng::with_seed(1),
    )
    .unwrap();

    // Meanwhile a pull rewrites the file.
    let mut pulled = last_loaded.clone();
    pulled.organization.industry = "fintech".into();
    store::save(&path, &pulled).unwrap();

    let change = watch::changed_since(&path, &fingerprint).unwrap();
    assert!(matches!(change, watch::Change::Changed(_)), "{change:?}");
    let on_disk = store::load(&path).unwrap().workbook;
    let merged = merge::reload(&last_loaded, &in_memory, &on_disk);
    assert!(merged.is_clean());
    assert_eq!(merged.workbook.organization.industry, "fintech");
    assert!(merged.workbook.backlog_item(&unsaved).is_some());

    // A checkout that rewrites the same bytes is no change.
    let fingerprint = watch::Fingerprint::of_file(&path).unwrap();
    store::save(&path, &on_disk).unwrap();
    assert!(!matches!(
        watch::changed_since(&path, &fingerprint).unwrap(),
        watch::Change::Changed(_)
    ));
    drop(lock);
    assert!(
        Lock::acquire(&path).is_ok(),
        "closing the app frees the workbook"
    );
}
