//! The `soc2` command line, driven as a user would: real processes, real files.

mod cli_support;

use cli_support::soc2;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

/// A fresh workbook from `soc2 new` in a temp folder.
fn new_workbook(dir: &Path) -> PathBuf {
    let path = dir.join("wb.ron");
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    path
}

/// A workbook with a team member and a backlog item, written by hand as a user would.
fn team_workbook(dir: &Path) -> PathBuf {
    let path = new_workbook(dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace(
            "    team: [],",
            "    team: [\n        (\n            id: \"maria\",\n            name: \"Maria\",\n            role: \"CTO\",\n        ),\n    ],",
        )
        .replace(
            "    backlog: [],",
            "    backlog: [\n        (\n            id: \"RB-k3fz\",\n            title: \"Formalize offboarding\",\n            owner: \"maria\",\n            due: \"2027-02-01\",\n            created: \"2026-11-20\",\n        ),\n    ],",
        );
    std::fs::write(&path, text).unwrap();
    path
}

fn check_fails_with(text: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, text).unwrap();
    let out = soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
    assert!(stderr.contains("broken.ron"), "names the file:\n{stderr}");
}

fn base_text() -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::read_to_string(team_workbook(dir.path())).unwrap()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn new_then_check_fmt_and_status_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path());
    let p = path.to_str().unwrap();
    soc2()
        .args(["check", p])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 workbook ok"));
    soc2()
        .args(["fmt", "--check", p])
        .assert()
        .success()
        .stdout("");
    soc2()
        .args(["status", p])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Acme: SOC 2 Type II with a 6-month window",
        ))
        .stdout(predicate::str::contains("Design readiness 0%"));
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    std::fs::write(&path, "precious").unwrap();
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
}

#[test]
fn a_hand_written_workbook_with_a_team_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = team_workbook(dir.path());
    soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn truncated_file_is_an_error_with_position() {
    let text = base_text();
    check_fails_with(&text[..text.len() / 2], &["broken.ron:", ": error:"]);
}

#[test]
fn wrong_type_is_an_error_with_position() {
    let text = base_text().replacen("observation_months: 6", "observation_months: \"six\"", 1);
    let line = line_of(&text, "observation_months");
    check_fails_with(&text, &[&format!("broken.ron:{line}:")]);
}

#[test]
fn unknown_field_is_an_error_with_position() {
    let text = base_text().replacen("role: \"CTO\"", "rol: \"CTO\"", 1);
    let line = line_of(&text, "rol:");
    check_fails_with(&text, &[&format!("broken.ron:{line}:"), "rol"]);
}

#[test]
fn newer_version_is_refused() {
    let text = base_text().replacen("version: 4,", "version: 5,", 1);
    check_fails_with(&text, &["version 5", "up to version 4"]);
}

#[test]
fn invalid_date_is_an_error_with_position() {
    let text = base_text().replacen("\"2027-02-01\"", "\"2027-02-31\"", 1);
    let line = line_of(&text, "2027-02-31");
    check_fails_with(
        &text,
        &[
            &format!("broken.ron:{line}:"),
            "invalid date \"2027-02-31\"",
        ],
    );
}

#[test]
fn duplicate_backlog_id_names_the_entity() {
    let text = base_text();
    let start = text.find("    backlog: [\n").unwrap() + "    backlog: [\n".len();
    let end = text[start..].find("        ),\n").unwrap() + start + "        ),\n".len();
    let item = text[start..end].to_string();
    let doubled = format!("{}{}{}", &text[..end], item, &text[end..]);
    check_fails_with(&doubled, &["backlog RB-k3fz", "duplicate id"]);
}

#[test]
fn duplicated_map_key_is_reported() {
    let text = base_text().replacen(
        "        categories: {\n",
        "        categories: {\n            Security: (\n                in_scope: true,\n                reason: \"x\",\n            ),\n",
        1,
    );
    check_fails_with(&text, &["duplicate key Security"]);
}

#[test]
fn conflict_markers_are_reported_as_such() {
    let text = base_text().replacen(
        "    team: [\n",
        "<<<<<<< HEAD\n    team: [\n=======\n>>>>>>> other\n",
        1,
    );
    let line = line_of(&text, "<<<<<<<");
    check_fails_with(
        &text,
        &[&format!("unresolved merge conflict at line {line}")],
    );
}

#[test]
fn unknown_owner_names_the_entity() {
    let text = base_text().replacen("owner: \"maria\"", "owner: \"bob\"", 1);
    check_fails_with(&text, &["backlog RB-k3fz", "\"bob\" is not in the team"]);
}

#[test]
fn milestone_ending_before_it_starts_is_reported() {
    let text = base_text().replacen("end: \"2027-01-02\"", "end: \"2026-01-01\"", 1);
    check_fails_with(
        &text,
        &[
            "milestone MS-",
            "ends (2026-01-01) before it starts (2026-11-22)",
        ],
    );
}

#[test]
fn check_reports_every_file_and_the_worst_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let good = new_workbook(dir.path());
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(version: 1,").unwrap();
    let missing = dir.path().join("missing.ron");
    soc2()
        .args(["check", good.to_str().unwrap(), bad.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.ron:1:"));
    soc2()
        .args(["check", bad.to_str().unwrap(), missing.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.ron:1:"))
        .stderr(predicate::str::contains(
            "missing.ron: error: could not read",
        ));
}

#[test]
fn fmt_canonicalizes_a_hand_edit_and_check_mode_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path());
    let p = path.to_str().unwrap();
    let canonical = std::fs::read_to_string(&path).unwrap();
    let messy = canonical.replace("    ", "  ").replace('\n', "\r\n");
    std::fs::write(&path, &messy).unwrap();
    soc2()
        .args(["fmt", "--check", p])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("wb.ron"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        messy,
        "--check writes nothing"
    );
    soc2()
        .args(["fmt", p])
        .assert()
        .success()
        .stdout(predicate::str::contains("formatted"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), canonical);
    soc2().args(["fmt", p]).assert().success().stdout("");
}

#[test]
fn fmt_never_touches_an_invalid_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = team_workbook(dir.path());
    let text =
        std::fs::read_to_string(&path)
            .unwrap()
            .replacen("owner: \"maria\"", "owner:   \"bob\"", 1);
    std::fs::write(&path, &text).unwrap();
    soc2()
        .args(["fmt", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("soc2 check"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    std::fs::write(&path, "(version: 1, oops").unwrap();
    soc2()
        .args(["fmt", path.to_str().unwrap()])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "(version: 1, oops");
}

#[test]
fn status_json_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = team_workbook(dir.path());
    let out = soc2()
        .args(["status", path.to_str().unwrap(), "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["organization"], "Acme");
    assert_eq!(v["report_type"], "Type II");
    assert_eq!(v["categories_in_scope"], serde_json::json!(["Security"]));
    assert_eq!(v["criteria_in_scope"], 33);
    assert_eq!(v["items_implemented"], 0);
    assert_eq!(v["readiness_percent"], 0);
    assert_eq!(v["backlog_open"], 1);
    assert_eq!(v["backlog_overdue"], 0);
    assert_eq!(
        v["next_milestone"]["name"],
        "Scoping and readiness assessment"
    );
    assert!(v["items_total"].as_u64().unwrap() > 60);
    assert!(v["items_not_applicable"].is_u64());

    let later = soc2()
        .env("SOC2_TODAY", "2027-03-01")
        .args(["status", path.to_str().unwrap(), "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&later.get_output().stdout).unwrap();
    assert_eq!(
        v["backlog_overdue"], 1,
        "due 2027-02-01 is overdue on 2027-03-01"
    );
}

#[test]
fn status_is_the_default_command_for_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path());
    soc2()
        .arg(path.to_str().unwrap())
        .assert()
        .success()
        .stdout(predicate::str::contains("Design readiness"));
}

#[test]
fn untrusted_text_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    soc2()
        .args([
            "new",
            path.to_str().unwrap(),
            "--org",
            "Evil\u{1b}[2J\u{202E}Corp",
        ])
        .assert()
        .success();
    let out = soc2()
        .args(["status", path.to_str().unwrap()])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202E}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("Evil␛[2J⟨U+202E⟩Corp"), "{stdout}");
}

#[test]
fn catalog_lists_all_61_criteria_as_json() {
    let out = soc2()
        .args(["catalog", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 61);
    for c in list {
        assert!(c["id"].is_string() && c["category"].is_string() && c["title"].is_string());
        for i in c["items"].as_array().unwrap() {
            assert!(i["id"].is_string() && i["title"].is_string() && i["evidence"].is_string());
            assert!(i["cadence"].is_string() || i["cadence"].is_null());
        }
    }
    let out = soc2()
        .args(["catalog", "--category", "availability", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    soc2()
        .args(["catalog", "--category", "nope"])
        .assert()
        .code(2);
}

#[test]
fn every_committed_workbook_is_valid_and_canonical() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for p in &paths {
        soc2()
            .args(["check", p.to_str().unwrap()])
            .assert()
            .success();
        soc2()
            .args(["fmt", "--check", p.to_str().unwrap()])
            .assert()
            .success()
            .stdout("");
    }
}

#[test]
fn help_exists_for_every_command() {
    for cmd in ["new", "check", "fmt", "status", "catalog"] {
        soc2()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: soc2"));
    }
    soc2()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
    soc2().arg("frobnicate").assert().code(2);
}

#[test]
fn the_readme_lists_every_key_of_the_app() {
    let out = soc2().args(["keys", "--defaults"]).assert().success();
    let keys = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(keys.contains("| `/` | find anything"), "{keys}");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(keys.trim_end()),
        "README.md's key table is out of date: paste the output of `soc2 keys` between the keys markers"
    );
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let out = soc2().args(["completions", "bash"]).assert().success();
    let script = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for cmd in ["check", "fmt", "status", "timeline", "backlog", "evidence"] {
        assert!(script.contains(cmd), "bash completion knows {cmd}");
    }
    let out = soc2().arg("man").assert().success();
    let page = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        page.starts_with(".ie") && page.contains(".TH soc2 1"),
        "{page}"
    );
    soc2().args(["completions", "tcsh"]).assert().code(2);
}
