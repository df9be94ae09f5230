//! The risk register from the command line, as a team prepares CC3 for its Type II
//! auditor: add the starter risks, rate and own them, link controls, accept what stays
//! above the appetite, hold the annual assessment inside the window, record a change that
//! calls for a new one — and find each step in `check`, `status`, `timeline` and `diff`.

mod cli_support;

use cli_support::{new_workbook, soc2, stderr, stdout};
use std::path::{Path, PathBuf};

use soc2_workbook::analysis::schedule::observation_window;
use soc2_workbook::model::{Date, Member};
use soc2_workbook::store;

/// A new Type II workbook with maria on the team, and its window.
fn workbook(dir: &Path) -> (PathBuf, Date, Date) {
    let path = new_workbook(dir, "acme.ron");
    let mut wb = store::load(&path).unwrap().workbook;
    wb.team.push(Member {
        id: "maria".into(),
        name: "Maria Lopez".into(),
        role: "CTO".into(),
        ..Member::default()
    });
    store::save(&path, &wb).unwrap();
    let (start, end) = observation_window(&wb).expect("a Type II plan has a window");
    (path, start, end)
}

fn run(args: &[&str]) -> std::process::Output {
    soc2().args(args).output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).unwrap()
}

#[test]
fn from_the_starter_set_to_an_assessment_inside_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (path, start, end) = workbook(dir.path());
    let wb = path.to_str().unwrap();
    let before = dir.path().join("before.ron");

    let added = ok(&["risk", "init", wb]);
    std::fs::copy(&path, &before).unwrap();
    assert!(added.starts_with("16 starter risks added"), "{added}");
    assert!(
        ok(&["risk", "init", wb]).starts_with("0 starter risks"),
        "init twice adds nothing"
    );

    // Before the assessment: check warns, status says so, the timeline plans it inside the window.
    let out = run(&["check", wb]);
    assert!(out.status.success(), "warnings do not fail check");
    assert!(stderr(&out).contains("risk register: annual risk assessment due"));
    let status = json(&["status", wb, "--format", "json"]);
    let risks = &status["risks"];
    assert_eq!(risks["total"], 16);
    assert_eq!(risks["assessment"]["done"], false);
    let findings = risks["findings"].as_array().unwrap();
    let due = findings
        .iter()
        .find(|f| f["kind"] == "assessment-due")
        .unwrap();
    assert_eq!(due["criterion"], "CC3.2");
    assert_eq!(
        due["suggested_backlog"]["title"],
        "Hold the annual risk assessment"
    );
    let cells: u64 = risks["heat_map"]["inherent"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()))
        .sum();
    assert_eq!(cells, 16, "every risk in one heat map cell");
    let timeline = json(&["timeline", wb, "--format", "json"]);
    let planned = &timeline["risk_assessment"];
    assert_eq!(planned["done"], false);
    assert_eq!(planned["inside_window"], true);

    // Rate, own, link and accept one risk.
    ok(&[
        "risk",
        "set",
        wb,
        "laptop-lost",
        "--owner",
        "maria",
        "--residual",
        "2,3",
        "--control",
        "edr-all-endpoints",
    ]);
    ok(&[
        "risk",
        "set",
        wb,
        "credential-phishing",
        "--treatment",
        "accept",
        "--accept-by",
        "maria",
        "--accept-on",
        &start.add_days(2).to_string(),
    ]);
    let list = json(&["risk", "list", wb, "--format", "json"]);
    let laptop = list["risks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "laptop-lost")
        .unwrap();
    assert_eq!(laptop["residual"], 6);
    assert_eq!(laptop["band"], "medium");
    assert!(
        laptop["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "edr-all-endpoints")
    );

    // Hold and sign off the assessment inside the window.
    let held = start.add_days(10).to_string();
    ok(&[
        "risk",
        "assess",
        wb,
        "--on",
        &held,
        "--by",
        "maria",
        "--signed-off-by",
        "maria",
    ]);
    let text = ok(&["timeline", wb]);
    assert!(
        text.contains(&format!(
            "Risk assessment (R): held {held}, inside the observation window"
        )),
        "{text}"
    );
    let recurring = text
        .lines()
        .find(|l| l.starts_with("Recurring controls"))
        .unwrap();
    assert!(recurring.contains('R'), "{recurring}");
    assert!(!stderr(&run(&["check", wb])).contains("annual risk assessment due"));

    // A change after it calls for a reassessment.
    ok(&[
        "risk",
        "trigger",
        "add",
        wb,
        "new-subservice",
        "Moved email to a new provider",
        "--on",
        &start.add_days(20).to_string(),
    ]);
    let status = ok(&["status", wb]);
    assert!(
        status.contains("reassessment due: 1 change since the assessment"),
        "{status}"
    );

    // The diff reads in risk terms.
    let diff = ok(&["diff", before.to_str().unwrap(), wb]);
    assert!(diff.contains("Risks"), "{diff}");
    assert!(
        !diff.contains("+ backup-failure"),
        "only what changed after init: {diff}"
    );
    assert!(
        diff.contains(
            "laptop-lost · A work laptop is lost or stolen: residual 2×3=6 (was not rated)"
        ),
        "{diff}"
    );
    assert!(
        diff.contains(&format!(
            "risk assessment {held} by maria, signed off by maria"
        )),
        "{diff}"
    );
    let _ = end;
}

#[test]
fn bad_input_is_refused_with_what_to_do_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = workbook(dir.path());
    let wb = path.to_str().unwrap();
    let before = std::fs::read(&path).unwrap();
    for args in [
        vec![
            "risk",
            "add",
            wb,
            "Storm",
            "--category",
            "weather",
            "--likelihood",
            "3",
            "--impact",
            "3",
        ],
        vec![
            "risk",
            "add",
            wb,
            "Storm",
            "--category",
            "operational",
            "--likelihood",
            "7",
            "--impact",
            "3",
        ],
        vec![
            "risk",
            "add",
            wb,
            "Storm",
            "--category",
            "operational",
            "--likelihood",
            "3",
            "--impact",
            "3",
            "--control",
            "no-such-control",
        ],
        vec!["risk", "set", wb, "nope", "--owner", "maria"],
        vec!["risk", "assess", wb, "--by", "ghost"],
        vec!["risk", "trigger", "add", wb, "weather", "storm"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("was not changed"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
    let err = stderr(&run(&[
        "risk",
        "add",
        wb,
        "Storm",
        "--category",
        "weather",
        "--likelihood",
        "3",
        "--impact",
        "3",
    ]));
    assert!(err.contains("use one of: security, availability"), "{err}");
}

#[test]
fn the_list_exports_csv_with_formulas_neutralised_and_the_matrix_reads_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = workbook(dir.path());
    let wb = path.to_str().unwrap();
    let id = ok(&[
        "risk",
        "add",
        wb,
        "=HYPERLINK(\"x\") exfiltration",
        "--category",
        "fraud",
        "--likelihood",
        "2",
        "--impact",
        "5",
        "--owner",
        "maria",
        "--treatment",
        "mitigate",
        "--control",
        "pr-peer-review",
        "--control",
        "just-in-time-prod",
    ]);
    assert!(
        id.starts_with("added risk hyperlink-x-exfiltration"),
        "{id}"
    );
    let csv = ok(&["risk", "list", wb, "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,title,category,likelihood,impact,inherent,residual,treatment,owner,controls,accepted"
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains("\"'=HYPERLINK(\"\"x\"\") exfiltration\""),
        "{row}"
    );
    let matrix = ok(&["risk", "matrix", wb]);
    assert!(
        matrix.contains("hyperlink-x-exfiltration (inherent 10)"),
        "{matrix}"
    );
    assert!(
        matrix.contains("pr-peer-review: hyperlink-x-exfiltration"),
        "{matrix}"
    );
    let scale = ok(&["risk", "scale"]);
    assert!(scale.contains("appetite 9"), "{scale}");
}
