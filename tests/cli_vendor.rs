//! The vendor register as a team prepares for CC9.2: name AWS as a carve-out subservice
//! organization, record its SOC 2 report, see the bridge-letter gap in `status` until the
//! bridge letter is recorded, map a CUEC to a control that is not done and see the
//! checklist gap, and find it all in `vendor list`, `check` and `diff`.

mod cli_support;

use cli_support::{soc2, stderr, stdout};
use std::path::{Path, PathBuf};

use soc2_workbook::analysis::schedule::observation_window;
use soc2_workbook::store;

/// A fresh workbook and its observation window's start and end.
fn workbook(dir: &Path) -> (PathBuf, String, String) {
    let path = dir.join("acme.ron");
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    let wb = store::load(&path).unwrap().workbook;
    let (start, end) = observation_window(&wb).expect("a Type II plan has a window");
    (path, start.to_string(), end.to_string())
}

fn ok(args: &[&str]) -> String {
    let out = soc2().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn status_json(path: &Path) -> serde_json::Value {
    let out = ok(&["status", path.to_str().unwrap(), "--format", "json"]);
    serde_json::from_str(&out).unwrap()
}

fn findings(status: &serde_json::Value, id: &str) -> Vec<String> {
    status["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .map(|v| {
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    format!(
                        "{}: {}",
                        f["code"].as_str().unwrap(),
                        f["message"].as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_report_ending_before_our_window_ends_is_a_bridge_letter_gap_until_the_letter_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (path, start, end) = workbook(dir.path());
    let p = path.to_str().unwrap();
    let added = ok(&[
        "vendor",
        "add",
        p,
        "Amazon Web Services",
        "--service",
        "Cloud hosting",
        "--subservice",
        "carve-out",
        "--data",
        "Customer data",
    ]);
    assert_eq!(
        added.trim(),
        "Amazon Web Services added as amazon-web-services"
    );
    // Their report ends the day our window starts.
    ok(&[
        "vendor",
        "report",
        "add",
        p,
        "amazon-web-services",
        "--type",
        "SOC 2 Type II",
        "--from",
        "2025-10-01",
        "--to",
        &start,
        "--opinion",
        "unqualified",
        "--reviewed",
        "2026-11-05",
    ]);
    let status = status_json(&path);
    let aws = findings(&status, "amazon-web-services");
    let gap = aws
        .iter()
        .find(|f| f.starts_with("bridge-letter-gap"))
        .unwrap_or_else(|| panic!("{aws:?}"));
    assert!(gap.contains(&format!("to {end}")), "{gap}");
    let text = ok(&["status", p]);
    assert!(
        text.contains("Amazon Web Services: bridge-letter gap"),
        "{text}"
    );

    // A letter cannot cover days after its issue: one dated now cannot cover the
    // window still to come, and is refused with nothing written.
    let before = std::fs::read(&path).unwrap();
    let early = soc2()
        .args(["vendor", "bridge", "add", p, "amazon-web-services"])
        .args(["--issued", "2026-11-20", "--through", &end])
        .output()
        .unwrap();
    assert_eq!(early.status.code(), Some(2));
    assert!(
        stderr(&early).contains("cannot cover days after its issue"),
        "{}",
        stderr(&early)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // At the window's end, the vendor's letter issued that day closes the gap.
    let at_end = |args: &[&str]| {
        let out = soc2().env("SOC2_TODAY", &end).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let status: serde_json::Value =
        serde_json::from_str(&at_end(&["status", p, "--format", "json"])).unwrap();
    assert!(
        findings(&status, "amazon-web-services")
            .iter()
            .any(|f| f.starts_with("bridge-letter-gap")),
        "still a gap at the window's end without a letter"
    );
    at_end(&[
        "vendor",
        "bridge",
        "add",
        p,
        "amazon-web-services",
        "--issued",
        &end,
        "--through",
        &end,
    ]);
    let status: serde_json::Value =
        serde_json::from_str(&at_end(&["status", p, "--format", "json"])).unwrap();
    let aws = findings(&status, "amazon-web-services");
    assert!(
        !aws.iter().any(|f| f.starts_with("bridge-letter-gap")),
        "{aws:?}"
    );
}

#[test]
fn an_unmet_cuec_is_a_checklist_gap_in_status_and_a_warning_in_check() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = workbook(dir.path());
    let p = path.to_str().unwrap();
    ok(&[
        "vendor",
        "add",
        p,
        "AWS",
        "--service",
        "hosting",
        "--subservice",
        "carve-out",
    ]);
    ok(&[
        "vendor",
        "cuec",
        "add",
        p,
        "aws",
        "Customers review IAM access quarterly",
        "--control",
        "access-review-quarterly",
    ]);
    ok(&[
        "vendor",
        "cuec",
        "add",
        p,
        "aws",
        "Customers encrypt their buckets",
    ]);
    let status = status_json(&path);
    let gaps = status["cuec_gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0]["vendor"], "AWS");
    assert_eq!(gaps[0]["item"]["item"], "access-review-quarterly");
    let out = soc2().args(["check", p]).output().unwrap();
    assert!(
        out.status.success(),
        "findings are warnings: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "warning: vendor aws (AWS): CUEC \"Customers review IAM access quarterly\" relies on"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "CUEC \"Customers encrypt their buckets\" is not mapped to any of our controls"
        ),
        "{err}"
    );
    // Implementing the control closes the gap.
    ok(&[
        "item",
        "set",
        p,
        "access-review-quarterly",
        "--status",
        "implemented",
    ]);
    assert!(
        status_json(&path)["cuec_gaps"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn list_shows_tier_method_and_findings_as_text_json_and_csv_with_formulas_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = workbook(dir.path());
    let p = path.to_str().unwrap();
    ok(&["vendor", "add", p, "=HYPERLINK(\"x\")", "--service", "chat"]);
    ok(&[
        "vendor",
        "add",
        p,
        "Okta",
        "--service",
        "SSO",
        "--tier",
        "high",
        "--subservice",
        "inclusive",
    ]);
    ok(&["vendor", "set", p, "okta", "production-access", "yes"]);
    let text = ok(&["vendor", "list", p]);
    assert!(
        text.contains("okta Okta · high (the rule suggests critical: holds access to our production systems) · subservice, inclusive"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["vendor", "list", p, "--format", "json"])).unwrap();
    let okta = &json["vendors"][1];
    assert_eq!(okta["tier"], "high");
    assert_eq!(okta["tier_by_rule"], "critical");
    assert!(okta["findings_count"].as_u64().unwrap() >= 1);
    let csv = ok(&["vendor", "list", p, "--format", "csv"]);
    assert!(csv.starts_with("id,name,service,tier,subservice"), "{csv}");
    assert!(
        csv.contains("'=HYPERLINK"),
        "a formula is neutralised: {csv}"
    );
}

#[test]
fn unknown_ids_and_bad_values_are_refused_naming_what_exists_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = workbook(dir.path());
    let p = path.to_str().unwrap();
    ok(&["vendor", "add", p, "AWS"]);
    let before = std::fs::read_to_string(&path).unwrap();
    let out = soc2()
        .args(["vendor", "set", p, "amazon", "contract", "yes"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a refused edit is a usage error: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("no vendor \"amazon\"; the register has: aws"),
        "{}",
        stderr(&out)
    );
    let out = soc2()
        .args([
            "vendor",
            "report",
            "add",
            p,
            "aws",
            "--from",
            "2026-09-30",
            "--to",
            "2025-10-01",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot end"), "{}", stderr(&out));
    let out = soc2()
        .args([
            "vendor",
            "cuec",
            "add",
            p,
            "aws",
            "x",
            "--control",
            "no-such-control",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no-such-control"), "{}", stderr(&out));
    let out = soc2()
        .args(["vendor", "set", p, "aws", "tier", "urgent"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("critical, high or low"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "nothing written"
    );
}

#[test]
fn suggest_fills_the_register_from_the_scoping_answers_and_diff_tells_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = workbook(dir.path());
    let p = path.to_str().unwrap();
    ok(&["scope", "answer", p, "cloud_provider", "aws"]);
    let before = dir.path().join("before.ron");
    std::fs::copy(&path, &before).unwrap();
    let out = ok(&["vendor", "suggest", p]);
    assert!(
        out.contains("added as subservice organizations: amazon-web-services"),
        "{out}"
    );
    let again = ok(&["vendor", "suggest", p]);
    assert!(again.contains("already in the register"), "{again}");
    ok(&[
        "vendor",
        "report",
        "add",
        p,
        "amazon-web-services",
        "--from",
        "2025-10-01",
        "--to",
        "2026-09-30",
        "--opinion",
        "qualified",
    ]);
    ok(&[
        "vendor",
        "exception",
        "add",
        p,
        "amazon-web-services",
        "Badge logs incomplete",
        "--response",
        "We hold no hardware there",
    ]);
    let diff = ok(&["diff", before.to_str().unwrap(), p]);
    assert!(diff.contains("Vendors"), "{diff}");
    assert!(
        diff.contains("vendor amazon-web-services · Amazon Web Services"),
        "{diff}"
    );
    assert!(
        diff.contains("SOC 2 Type II 2025-10-01 to 2026-09-30 (qualified, 1 exception)"),
        "{diff}"
    );
}
