//! The version 2 → 4 upgrade on the full example as it was written before version 3:
//! nothing is lost; saving it changes the version line and moves the subservice
//! organizations into the vendor register (version 4).

use std::path::Path;

use soc2_workbook::model::{FORMAT_VERSION, Workbook};
use soc2_workbook::store;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/example-v2.ron")
}

/// The fixture as written, read without any upgrade.
fn raw() -> Workbook {
    let text = std::fs::read_to_string(fixture()).unwrap();
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .unwrap()
}

#[test]
fn the_version_2_example_upgrades_with_nothing_lost() {
    let before = raw();
    assert_eq!(before.version, 2);
    let loaded = store::load(&fixture()).unwrap();
    assert_eq!(loaded.upgrade_pending(), Some(2));
    let after = loaded.workbook;
    assert_eq!(after.version, FORMAT_VERSION);
    assert!(after.conflicts.is_empty(), "{:?}", after.conflicts);
    assert_eq!(after.vendors.len(), before.scope.v3_subservices.len());
    let mut before = before;
    before.scope.v3_subservices.clear();
    assert_eq!(
        Workbook {
            version: before.version,
            vendors: Default::default(),
            ..after.clone()
        },
        before,
        "every record, backlog item, milestone and member is as it was"
    );
}

#[test]
fn saving_the_upgraded_version_2_example_changes_only_the_version_and_the_subservices() {
    let text = std::fs::read_to_string(fixture()).unwrap();
    let upgraded = store::to_canonical(&store::load(&fixture()).unwrap().workbook);
    // Up to the subservices, and from the team on, the lines are the same.
    let head = text.find("        subservices: [").unwrap();
    assert_eq!(
        upgraded[..head].replacen("version: 4,", "version: 2,", 1),
        text[..head]
    );
    let team = text.find("    team: [").unwrap();
    let rest = &text[team..text.trim_end().len() - 1];
    assert!(
        upgraded.contains(rest),
        "everything after the scope is as it was"
    );
    assert!(upgraded.contains("    vendors: {"));
}

#[test]
fn the_merge_driver_upgrades_three_version_2_sides_and_writes_the_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture()).unwrap();
    let (base, ours, theirs) = (
        dir.path().join("base.ron"),
        dir.path().join("ours.ron"),
        dir.path().join("theirs.ron"),
    );
    std::fs::write(&base, &text).unwrap();
    std::fs::write(&ours, &text).unwrap();
    std::fs::write(
        &theirs,
        text.replacen("name: \"Parcelwise, Inc.\"", "name: \"Parcelwise Ltd\"", 1),
    )
    .unwrap();
    assert_ne!(std::fs::read_to_string(&theirs).unwrap(), text);
    assert_cmd::Command::cargo_bin("soc2")
        .unwrap()
        .args([
            "merge",
            base.to_str().unwrap(),
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
        ])
        .assert()
        .code(0);
    let merged = store::load(&ours).unwrap();
    assert_eq!(merged.file_version, FORMAT_VERSION);
    assert_eq!(merged.workbook.organization.name, "Parcelwise Ltd");
}
