//! The version 3 → 4 upgrade on the full example as it was written before version 4: the
//! scope's subservice organizations move into the vendor register with nothing lost, and
//! everything else stays as it was.

use std::path::Path;

use soc2_workbook::model::{FORMAT_VERSION, SubserviceMethod, Workbook};
use soc2_workbook::store;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/example-v3.ron")
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
fn each_version_3_subservice_becomes_a_vendor_with_its_method_review_period_and_csocs() {
    let before = raw();
    assert_eq!(before.version, 3);
    assert_eq!(before.scope.v3_subservices.len(), 2);
    let loaded = store::load(&fixture()).unwrap();
    assert_eq!(loaded.upgrade_pending(), Some(3));
    let after = loaded.workbook;
    assert_eq!(after.version, FORMAT_VERSION);
    assert!(after.scope.v3_subservices.is_empty());
    assert_eq!(
        after.vendors.keys().collect::<Vec<_>>(),
        ["amazon-web-services", "google-workspace"],
        "ids are the slugs of the names"
    );
    for s in &before.scope.v3_subservices {
        let (_, v) = after.vendor_named(&s.name).unwrap();
        assert_eq!(v.name, s.name);
        assert_eq!(v.service, s.service);
        assert_eq!(v.subservice, Some(s.method));
        assert_eq!(v.report_period(), s.report_period, "{}", s.name);
        assert_eq!(v.reviewed(), s.reviewed, "{}", s.name);
        assert_eq!(v.csoc_texts(), s.relied_controls, "{}", s.name);
        assert!(v.csocs.iter().all(|c| c.controls.is_empty()), "unmapped");
    }
    assert_eq!(
        after.vendors["amazon-web-services"].subservice,
        Some(SubserviceMethod::CarveOut)
    );
    // Everything else is as it was.
    let mut rest = after.clone();
    rest.vendors.clear();
    rest.version = 3;
    let mut old = before.clone();
    old.scope.v3_subservices.clear();
    assert_eq!(rest, old, "every other record is untouched");
}

#[test]
fn two_subservices_of_one_name_get_distinct_ids() {
    let text = std::fs::read_to_string(fixture()).unwrap().replace(
        "name: \"Google Workspace\"",
        "name: \"Amazon Web Services\"",
    );
    let wb = store::parse(&text, Path::new("twins.ron")).unwrap();
    assert_eq!(
        wb.vendors.keys().collect::<Vec<_>>(),
        ["amazon-web-services", "amazon-web-services-2"]
    );
}

#[test]
fn soc2_fmt_writes_version_4_with_the_register_and_no_subservices_in_the_scope() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    std::fs::copy(fixture(), &path).unwrap();
    assert_cmd::Command::cargo_bin("soc2")
        .unwrap()
        .args(["fmt", path.to_str().unwrap()])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("    version: 4,"));
    assert!(!text.contains("subservices:"));
    assert!(text.contains("    vendors: {"));
    assert!(text.contains("\"amazon-web-services\": ("));
    let loaded = store::load(&path).unwrap();
    assert_eq!(loaded.upgrade_pending(), None);
    assert!(loaded.is_canonical(), "load then save changes no byte");
}

#[test]
fn a_version_4_file_that_still_has_scope_subservices_is_refused_with_its_line() {
    let text =
        std::fs::read_to_string(fixture())
            .unwrap()
            .replacen("version: 3,", "version: 4,", 1);
    let err = store::parse(&text, Path::new("wb.ron"))
        .unwrap_err()
        .to_string();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("subservices"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("wb.ron:{line}")), "{err}");
    assert!(err.contains("vendors"), "{err}");
}

#[test]
fn the_merge_driver_upgrades_three_version_3_sides_and_writes_version_4() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture()).unwrap();
    let (base, ours, theirs) = (
        dir.path().join("base.ron"),
        dir.path().join("ours.ron"),
        dir.path().join("theirs.ron"),
    );
    std::fs::write(&base, &text).unwrap();
    std::fs::write(
        &ours,
        text.replacen("reviewed: \"2026-11-05\"", "reviewed: \"2026-11-06\"", 1),
    )
    .unwrap();
    std::fs::write(
        &theirs,
        text.replacen("name: \"Parcelwise, Inc.\"", "name: \"Parcelwise Ltd\"", 1),
    )
    .unwrap();
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
    let aws = &merged.workbook.vendors["amazon-web-services"];
    assert_eq!(aws.reviewed(), Some("2026-11-06".parse().unwrap()));
    assert!(merged.workbook.conflicts.is_empty());
}
