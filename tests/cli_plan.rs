//! `soc2 timeline` and `soc2 backlog list`, driven as a user would: real processes, real files.

mod cli_support;

use assert_cmd::Command;
use cli_support::{TODAY, soc2};
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

/// A workbook from `soc2 new` with a team member and three backlog items added by hand.
fn workbook(dir: &Path) -> PathBuf {
    let path = dir.join("wb.ron");
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace(
            "    team: [],",
            "    team: [\n        (\n            id: \"maria\",\n            name: \"Maria\",\n            role: \"CTO\",\n        ),\n    ],",
        )
        .replace(
            "    backlog: [],",
            r#"    backlog: [
        (
            id: "RB-k3fz",
            title: "Formalize offboarding, with \"SLA\"",
            criteria: ["CC6.2"],
            priority: P1,
            owner: "maria",
            due: "2026-11-01",
            created: "2026-10-20",
        ),
        (
            id: "RB-m2pq",
            title: "Rotate keys \u{1b}[2J\u{202e}now",
            criteria: ["CC6.1", "CC6.7"],
            due: "2027-06-01",
            created: "2026-11-20",
        ),
        (
            id: "RB-done",
            title: "Backups tested",
            status: Done,
            owner: "maria",
            created: "2026-11-20",
        ),
    ],"#,
        );
    std::fs::write(&path, text).unwrap();
    soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success();
    path
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

fn ids(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect()
}

#[test]
fn timeline_text_is_a_chart_within_80_columns_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let out = stdout(soc2().args(["timeline", path.to_str().unwrap()]));
    for line in out.lines() {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
    for name in [
        "Scoping and readiness",
        "Observation window",
        "Report issued",
    ] {
        assert!(out.contains(name), "{name} missing:\n{out}");
    }
    assert!(out.contains('▼'), "today marker:\n{out}");
    assert!(out.contains('█'), "bars:\n{out}");
    assert!(out.contains("Warnings:"), "{out}");
    assert!(out.contains("RB-m2pq"), "the at-risk item is named:\n{out}");
    assert!(!out.contains('\u{1b}'), "no escape reaches the terminal");
}

#[test]
fn timeline_json_lists_milestones_warnings_and_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let value = json(soc2().args(["timeline", path.to_str().unwrap(), "--format", "json"]));
    let list = value["milestones"].as_array().unwrap();
    for m in list {
        for key in ["id", "name", "phase", "start", "end", "status"] {
            assert!(m.get(key).is_some(), "{key} missing in {m}");
        }
    }
    assert_eq!(list[0]["start"], TODAY, "a new plan starts today");
    let window = list
        .iter()
        .find(|m| m["phase"] == "observation window")
        .unwrap();
    assert_eq!(window["status"], "planned");
    assert_eq!(value["observation_window"]["start"], window["start"]);
    let text = stdout(soc2().args(["timeline", path.to_str().unwrap()]));
    let warnings = value["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty());
    for w in warnings {
        let first_words: String = w.as_str().unwrap().chars().take(30).collect();
        assert!(text.contains(&first_words), "{first_words} not in the text");
    }
    let controls = value["coverage"]["controls"].as_array().unwrap();
    let access = controls
        .iter()
        .find(|c| c["item"] == "access-review-quarterly")
        .unwrap();
    assert_eq!(access["required"], 2, "two quarters in a 6-month window");
    assert_eq!(access["periods"][0]["state"], "upcoming");
}

#[test]
fn backlog_list_json_has_the_documented_fields_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let p = path.to_str().unwrap();
    let all = json(soc2().args(["backlog", "list", p, "--format", "json"]));
    assert_eq!(ids(&all), ["RB-k3fz", "RB-m2pq", "RB-done"], "file order");
    let first = &all[0];
    assert_eq!(first["title"], "Formalize offboarding, with \"SLA\"");
    assert_eq!(first["status"], "open");
    assert_eq!(first["owner"], "maria");
    assert_eq!(first["due"], "2026-11-01");
    assert_eq!(first["priority"], "P1");
    assert_eq!(first["criteria"], serde_json::json!(["CC6.2"]));
    assert_eq!(first["overdue"], true);
    assert_eq!(all[1]["owner"], serde_json::Value::Null);
    assert_eq!(all[1]["at_risk"], true);

    let maria = json(soc2().args(["backlog", "list", p, "--owner", "maria", "--format", "json"]));
    assert_eq!(ids(&maria), ["RB-k3fz", "RB-done"]);
    let open = json(soc2().args(["backlog", "list", p, "--status", "open", "--format", "json"]));
    assert_eq!(ids(&open), ["RB-k3fz", "RB-m2pq"]);
    let p3 = json(soc2().args([
        "backlog",
        "list",
        p,
        "--priority",
        "p3",
        "--unassigned",
        "--format",
        "json",
    ]));
    assert_eq!(ids(&p3), ["RB-m2pq"]);
    let by_due = json(soc2().args([
        "backlog", "list", p, "--sort", "due", "--desc", "--format", "json",
    ]));
    assert_eq!(
        ids(&by_due),
        ["RB-m2pq", "RB-k3fz", "RB-done"],
        "undated last"
    );
}

#[test]
fn backlog_list_csv_has_a_header_and_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let out = stdout(soc2().args(["backlog", "list", path.to_str().unwrap(), "--format", "csv"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "id,title,status,owner,due,priority,criteria,overdue,at_risk"
    );
    assert_eq!(
        lines[1],
        r#"RB-k3fz,"Formalize offboarding, with ""SLA""",open,maria,2026-11-01,P1,CC6.2,true,false"#
    );
    assert_eq!(lines.len(), 4);
    assert!(
        out.contains("Rotate keys \u{1b}[2J\u{202e}now"),
        "a file gets the data as it is, not the terminal's markers: {out}"
    );
}

#[test]
fn backlog_list_text_is_aligned_and_flags_overdue_and_at_risk() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let out = stdout(soc2().args([
        "backlog",
        "list",
        path.to_str().unwrap(),
        "--sort",
        "priority",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].ends_with("TITLE"),
        "{out}"
    );
    let title_col = lines[0].find("TITLE").unwrap();
    assert!(
        lines[1].starts_with("RB-k3fz") && lines[1].contains("OVERDUE"),
        "{out}"
    );
    assert_eq!(
        &lines[1][title_col..],
        "Formalize offboarding, with \"SLA\"",
        "aligned:\n{out}"
    );
    assert!(lines[2].contains("at risk"), "{out}");
    assert!(
        lines[2].contains("␛[2J⟨U+202E⟩now"),
        "escapes shown as markers:\n{out}"
    );
    assert!(out.contains("3 items, 1 overdue, 1 at risk"), "{out}");
    let none = stdout(soc2().args([
        "backlog",
        "list",
        path.to_str().unwrap(),
        "--owner",
        "nobody",
    ]));
    assert_eq!(none.trim(), "no backlog items match");
}

#[test]
fn bad_arguments_and_files_exit_with_their_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let p = path.to_str().unwrap();
    soc2()
        .args(["backlog", "list", p, "--status", "someday"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown status"));
    soc2()
        .args(["backlog", "list", p, "--sort", "colour"])
        .assert()
        .code(2);
    let missing = dir.path().join("missing.ron");
    soc2()
        .args(["timeline", missing.to_str().unwrap()])
        .assert()
        .code(2);
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(version: 1,").unwrap();
    soc2()
        .args(["backlog", "list", broken.to_str().unwrap()])
        .assert()
        .code(1);
}

#[test]
fn json_output_escapes_bidi_overrides_but_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let out = stdout(soc2().args([
        "backlog",
        "list",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert!(
        !out.contains('\u{202e}') && !out.contains('\u{1b}'),
        "{out}"
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value[1]["title"], "Rotate keys \u{1b}[2J\u{202e}now");
}

#[test]
fn a_plan_that_misses_the_customers_deadline_says_so_with_the_earliest_date_and_alternatives() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "answers: {},",
            "answers: {\n            \"report_deadline\": Choice(\"within_weeks\"),\n        },",
            1,
        ),
    )
    .unwrap();
    let out = stdout(soc2().args(["timeline", path.to_str().unwrap()]));
    assert!(!out.contains("No warnings"), "{out}");
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "the plan misses the deadline 2027-01-17 (a customer needs a report within weeks)"
        ),
        "{flat}"
    );
    assert!(
        flat.contains("the earliest a Type II with a 6-month window can be issued is"),
        "{flat}"
    );
    assert!(flat.contains("a 3-month window reaches"), "{flat}");
    assert!(flat.contains("a Type I first reaches"), "{flat}");
    assert!(
        flat.contains("Your scoping answers suggest a Type I"),
        "{flat}"
    );
    let value = json(soc2().args(["timeline", path.to_str().unwrap(), "--format", "json"]));
    assert!(
        value["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("misses the deadline")),
        "{value}"
    );
    assert!(
        value["suggestions"][0]
            .as_str()
            .unwrap()
            .starts_with("a Type I")
    );
}

#[test]
fn the_timeline_says_when_a_bridge_letter_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let value = json(soc2().args(["timeline", path.to_str().unwrap(), "--format", "json"]));
    let window_end = value["observation_window"]["end"].as_str().unwrap();
    assert_eq!(value["bridge_letter"]["covers_after"], window_end);
    let report = value["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["phase"] == "report issued")
        .unwrap();
    assert_eq!(value["bridge_letter"]["from"], report["end"]);
    let out = stdout(soc2().args(["timeline", path.to_str().unwrap()]));
    assert!(out.contains("Bridge letter: from"), "{out}");
}
