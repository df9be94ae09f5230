//! Observation windows, coverage and readiness as an auditor reads them, through the real
//! `soc2` binary: window lengths, period arithmetic, named misses, evidence behind
//! "implemented", and dates that have not happened yet.

mod cli_support;

use std::path::Path;

use assert_cmd::Command;
use cli_support::{new_workbook, soc2, stderr, stdout};

fn at(today: &str) -> Command {
    let mut cmd = soc2();
    cmd.env("SOC2_TODAY", today);
    cmd
}

fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn edit_text(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in the file");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn a_nine_month_window_is_a_valid_type_ii_period_and_thirteen_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "wb.ron");
    edit_text(&path, "observation_months: 6", "observation_months: 9");
    soc2().args(["check", p(&path)]).assert().success();
    edit_text(&path, "observation_months: 9", "observation_months: 13");
    let out = soc2().args(["check", p(&path)]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("3 to 12 whole months"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_first_type_ii_from_soc2_new_has_a_six_month_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "wb.ron");
    let status = json(soc2().args(["status", p(&path), "--format", "json"]));
    assert_eq!(status["report_type"], "Type II");
    assert_eq!(status["observation_months"], 6);
}

#[test]
fn a_monthly_review_on_the_25th_reads_100_percent_in_a_window_opening_on_the_31st() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    at("2026-09-27")
        .args(["new", p(&path), "--org", "Acme"])
        .assert()
        .success();
    let plan = json(at("2026-09-27").args(["timeline", p(&path), "--format", "json"]));
    assert_eq!(plan["observation_window"]["start"], "2027-01-31");
    assert_eq!(plan["observation_window"]["end"], "2027-07-30");
    for month in 2..=7 {
        let day = format!("2027-{month:02}-25");
        at(&day)
            .args(["evidence", "add", p(&path), "vuln-scan-review-monthly"])
            .args(["--ref", &format!("SEC-{month}")])
            .assert()
            .success();
    }
    let plan = json(at("2027-08-15").args(["timeline", p(&path), "--format", "json"]));
    let review = plan["coverage"]["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["item"] == "vuln-scan-review-monthly")
        .unwrap()
        .clone();
    assert_eq!(review["required"], 6, "six months, six periods, no stub");
    assert_eq!(review["met"], 6, "every period met: 100 %, not 85 %");
}

#[test]
fn status_names_each_missed_period_and_each_implemented_item_without_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "wb.ron");
    let window_start = json(soc2().args(["timeline", p(&path), "--format", "json"]))
        ["observation_window"]["start"]
        .as_str()
        .unwrap()
        .to_string();
    soc2()
        .args([
            "item",
            "set",
            p(&path),
            "mfa-everywhere",
            "--status",
            "done",
        ])
        .assert()
        .success();
    let status = json(soc2().args(["status", p(&path), "--format", "json"]));
    let without = status["implemented_without_evidence"].as_array().unwrap();
    assert_eq!(without.len(), 1);
    assert_eq!(without[0]["item"], "mfa-everywhere");
    assert_eq!(
        status["items_implemented"], 0,
        "implemented without evidence does not count"
    );
    let check = soc2().args(["check", p(&path)]).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "a warning, not a failure");
    assert!(
        stderr(&check)
            .contains("warning: checklist CC6.1 / mfa-everywhere: implemented without evidence"),
        "{}",
        stderr(&check)
    );
    soc2()
        .args([
            "evidence",
            "add",
            p(&path),
            "mfa-everywhere",
            "--ref",
            "https://idp/mfa",
        ])
        .assert()
        .success();
    let status = json(soc2().args(["status", p(&path), "--format", "json"]));
    assert_eq!(status["items_implemented"], 1);
    assert!(
        status["implemented_without_evidence"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Two months into the window nothing recurring has been performed: each monthly
    // control's first month is a named miss with its dates.
    let later = json(at("2027-08-01").args(["status", p(&path), "--format", "json"]));
    let misses = later["operating_misses"].as_array().unwrap();
    let scan = misses
        .iter()
        .find(|m| m["item"] == "vuln-scan-review-monthly")
        .expect("the monthly scan review is named");
    assert_eq!(scan["start"], window_start.as_str());
    assert!(scan["end"].as_str().unwrap() < "2027-08-01");
}

#[test]
fn a_statement_that_no_evidence_applies_counts_as_evidence_but_not_as_an_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "wb.ron");
    soc2()
        .args([
            "item",
            "set",
            p(&path),
            "emergency-change",
            "--status",
            "done",
        ])
        .assert()
        .success();
    soc2()
        .args(["evidence", "add", p(&path), "emergency-change"])
        .args(["--ref", "none: no emergency change happened in the period"])
        .assert()
        .success();
    let status = json(soc2().args(["status", p(&path), "--format", "json"]));
    assert!(
        status["implemented_without_evidence"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("performed:"),
        "a statement of none is no occurrence"
    );
}

#[test]
fn evidence_dated_after_today_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "wb.ron");
    let before = std::fs::read(&path).unwrap();
    let out = soc2()
        .args(["evidence", "add", p(&path), "access-review-quarterly"])
        .args(["--ref", "SEC-1", "--date", "2026-11-23"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("2026-11-23 is after today (2026-11-22)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
}

#[test]
fn recording_an_occurrence_of_a_control_not_started_puts_it_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "wb.ron");
    soc2()
        .args(["evidence", "add", p(&path), "access-review-quarterly"])
        .args(["--ref", "SEC-1"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    let record = &text[text.find("\"access-review-quarterly\"").unwrap()..];
    assert!(
        record[..200].contains("status: InProgress"),
        "{}",
        &record[..200]
    );
}

#[test]
fn per_event_controls_are_shown_as_sampled_not_as_missed_periods() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "wb.ron");
    let plan = json(at("2028-01-15").args(["timeline", p(&path), "--format", "json"]));
    let controls = plan["coverage"]["controls"].as_array().unwrap();
    let leavers = controls
        .iter()
        .find(|c| c["item"] == "offboarding-revocation-sla")
        .expect("leaver deprovisioning is a per-event control");
    assert_eq!(leavers["cadence"], "per event");
    assert_eq!(leavers["missed"], 0);
    assert!(leavers["periods"].as_array().unwrap().is_empty());
    let status = json(at("2028-01-15").args(["status", p(&path), "--format", "json"]));
    assert!(
        !status["operating_misses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["cadence"] == "per event")
    );
}

#[test]
fn the_catalog_marks_daily_and_per_event_controls_without_renaming_items() {
    use soc2_workbook::catalog::catalog;
    use soc2_workbook::model::Cadence;
    let cadence = |id: &str| catalog().item(id).and_then(|(_, i)| i.cadence);
    assert_eq!(cadence("automated-backups"), Some(Cadence::Daily));
    for id in [
        "offboarding-revocation-sla",
        "access-request-approval",
        "pr-peer-review",
        "emergency-change",
        "incident-ticket-record",
        "vendor-due-diligence",
        "security-training-onboarding",
        "background-checks",
        "customer-data-deletion-sla",
        "deletion-request-workflow",
        "dsar-procedure",
    ] {
        assert_eq!(cadence(id), Some(Cadence::PerEvent), "{id}");
    }
}
