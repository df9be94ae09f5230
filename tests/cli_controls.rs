//! Controls as a user meets them on the command line: the format upgrade (`soc2 check`
//! says it is pending, `soc2 fmt` writes version 2, `soc2 merge` merges a branch still on
//! version 1 with one already upgraded) and the catalog per control. Real processes.

mod cli_support;

use cli_support::soc2;
use soc2_workbook::model::ItemStatus;
use soc2_workbook::store;

/// A small version 1 workbook that records the yearly exercise twice, under retired ids.
const V1: &str = r#"(
    version: 1,
    organization: (
        name: "Acme",
    ),
    scope: (
        report_type: TypeII,
        observation_months: 6,
    ),
    checklist: {
        "A1.3": {
            "dr-test-annual": (
                status: InProgress,
                notes: "DR test booked.",
                performed: [
                    "2026-10-01",
                ],
            ),
        },
        "CC7.5": {
            "recovery-test-annual": (
                status: InProgress,
                notes: "DR test booked.",
                performed: [
                    "2026-10-02",
                ],
            ),
        },
    },
)
"#;

#[test]
fn check_warns_that_an_upgrade_is_pending_and_fmt_writes_version_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    std::fs::write(&path, V1).unwrap();
    let out = soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("warning: format version 1"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        V1,
        "check writes nothing"
    );

    soc2()
        .args(["fmt", path.to_str().unwrap()])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("(\n    version: 4,\n"), "{text}");
    assert!(!text.contains("dr-test-annual") && !text.contains("recovery-test-annual"));
    let wb = store::load(&path).unwrap().workbook;
    let rec = wb.item("CC9.1", "bcp-test-annual").unwrap();
    assert_eq!(rec.status, ItemStatus::InProgress);
    assert_eq!(rec.performed.len(), 2, "both occurrences kept");
    let out = soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(!stderr.contains("format version"), "{stderr}");
}

#[test]
fn a_branch_still_on_version_1_merges_with_one_already_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.ron");
    let ours = dir.path().join("ours.ron");
    let theirs = dir.path().join("theirs.ron");
    std::fs::write(&base, V1).unwrap();
    // Ours stayed on version 1 and wrote a note on the old id.
    std::fs::write(
        &ours,
        V1.replacen("DR test booked.", "DR test booked for May.", 2),
    )
    .unwrap();
    // Theirs upgraded, then marked the merged control done.
    std::fs::write(&theirs, V1).unwrap();
    soc2()
        .args(["fmt", theirs.to_str().unwrap()])
        .assert()
        .code(0);
    let upgraded = std::fs::read_to_string(&theirs).unwrap();
    std::fs::write(
        &theirs,
        upgraded.replacen("status: InProgress", "status: Implemented", 1),
    )
    .unwrap();

    soc2()
        .args([
            "merge",
            base.to_str().unwrap(),
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&ours).unwrap();
    assert!(text.starts_with("(\n    version: 4,\n"), "{text}");
    let wb = store::load(&ours).unwrap().workbook;
    assert!(wb.conflicts.is_empty(), "{:?}", wb.conflicts);
    let rec = wb.item("CC9.1", "bcp-test-annual").unwrap();
    assert_eq!(rec.status, ItemStatus::Implemented, "theirs");
    assert_eq!(rec.notes, "DR test booked for May.", "ours");
}

#[test]
fn a_file_newer_than_version_4_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    let newer = V1.replacen("version: 1,", "version: 5,", 1);
    std::fs::write(&path, &newer).unwrap();
    soc2()
        .args(["fmt", path.to_str().unwrap()])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        newer,
        "never overwritten"
    );
}

#[test]
fn catalog_json_shows_each_control_with_criteria_cadence_tier_and_parameters() {
    let out = soc2()
        .args(["catalog", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let items = |id: &str| -> Vec<serde_json::Value> {
        v.as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["items"]
            .as_array()
            .unwrap()
            .clone()
    };
    let cc64 = items("CC6.4");
    let review = cc64
        .iter()
        .find(|i| i["id"] == "vendor-soc2-review")
        .expect("the merged review is listed under CC6.4 too");
    assert_eq!(review["home"], "CC9.2");
    assert_eq!(
        review["criteria"],
        serde_json::json!(["CC9.2", "CC6.4", "A1.2", "P6.4"])
    );
    assert_eq!(review["cadence"], "annual");
    assert_eq!(review["tier"], "baseline");
    let revocation = items("CC6.2")
        .into_iter()
        .find(|i| i["id"] == "offboarding-revocation-sla")
        .unwrap();
    assert_eq!(revocation["parameters"][0]["key"], "hours");
    assert_eq!(revocation["parameters"][0]["default"], 24);
    assert!(revocation["title"].as_str().unwrap().contains("24 hours"));
    let hr = items("CC6.2")
        .into_iter()
        .find(|i| i["id"] == "hr-idp-sync")
        .unwrap();
    assert_eq!(hr["tier"], "recommended");
}

#[test]
fn catalog_criterion_prints_one_criterion_in_full() {
    let out = soc2()
        .args(["catalog", "--criterion", "CC6.2"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("CC6.2  "), "{text}");
    assert!(!text.contains("CC6.1  "), "one criterion only");
    for needle in [
        "offboarding-revocation-sla",
        "parameter hours",
        "default 24",
        "per event",
        "strengthening",
        "evidence: ",
    ] {
        assert!(text.contains(needle), "{needle} in:\n{text}");
    }
    let out = soc2()
        .args(["catalog", "--criterion", "A1.3"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("recorded under CC9.1"), "{text}");
    soc2()
        .args(["catalog", "--criterion", "CC99.1"])
        .assert()
        .code(2);
}

#[test]
fn a_policy_parameter_is_the_teams_number_stored_only_when_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    std::fs::write(&path, V1.replacen("version: 1,", "version: 2,", 1).replace(
        "    checklist: {\n        \"A1.3\": {\n            \"dr-test-annual\": (\n                status: InProgress,\n                notes: \"DR test booked.\",\n                performed: [\n                    \"2026-10-01\",\n                ],\n            ),\n        },\n        \"CC7.5\": {\n            \"recovery-test-annual\": (\n                status: InProgress,\n                notes: \"DR test booked.\",\n                performed: [\n                    \"2026-10-02\",\n                ],\n            ),\n        },\n    },\n",
        "",
    ))
    .unwrap();
    soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(0);
    let out = soc2()
        .args([
            "item",
            "set",
            path.to_str().unwrap(),
            "offboarding-revocation-sla",
            "--param",
            "hours=12",
        ])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("hours 12"), "{stdout}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("parameters: {\n                    \"hours\": 12,\n"),
        "{text}"
    );
    let out = soc2()
        .args([
            "item",
            "set",
            path.to_str().unwrap(),
            "offboarding-revocation-sla",
            "--param",
            "minutes=5",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("it has hours"), "{stderr}");
    soc2()
        .args([
            "item",
            "set",
            path.to_str().unwrap(),
            "offboarding-revocation-sla",
            "--param",
            "hours=24",
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("parameters"),
        "the default is not stored:\n{text}"
    );
}
