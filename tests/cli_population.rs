//! Populations, samples and exceptions as a team prepares for its Type II auditor: import
//! the leaver list and the access-revocation export, draw the sample, see which leavers lack
//! evidence, log an exception with management's response, and find it all in `status` and
//! `diff`.

mod cli_support;

use cli_support::{soc2, stderr, stdout};
use std::path::{Path, PathBuf};

use soc2_workbook::analysis::schedule::observation_window;
use soc2_workbook::model::{Date, Member};
use soc2_workbook::store;

const CONTROL: &str = "offboarding-revocation-sla";

/// A workbook whose team had one person leave during the window, and the window's start.
fn workbook(dir: &Path) -> (PathBuf, Date) {
    let path = dir.join("acme.ron");
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    let mut wb = store::load(&path).unwrap().workbook;
    let (start, _) = observation_window(&wb).expect("a Type II plan has a window");
    wb.team.push(Member {
        id: "noor".into(),
        name: "Noor Haddad".into(),
        role: "Support".into(),
        left: Some(start.add_days(3)),
        ..Member::default()
    });
    store::save(&path, &wb).unwrap();
    (path, start)
}

fn run(args: &[&str]) -> std::process::Output {
    soc2().args(args).output().unwrap()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_auditor_style_dry_run_of_the_leaver_population_from_import_to_exception() {
    let dir = tempfile::tempdir().unwrap();
    let (path, start) = workbook(dir.path());
    let wb = path.to_str().unwrap();
    let before = dir.path().join("before.ron");
    std::fs::copy(&path, &before).unwrap();
    let day = |n: i64| start.add_days(n).to_string();

    // The HR system's leaver list.
    let leavers = dir.path().join("leavers.csv");
    std::fs::write(
        &leavers,
        format!(
            "Employee ID,Name,Last day\nE-101,Sam Ortiz,{}\nE-102,Jo Park,{}\nE-103,Kim Lee,{}\n",
            day(10),
            day(40),
            day(70)
        ),
    )
    .unwrap();
    let import = [
        "population",
        "import",
        wb,
        CONTROL,
        "--csv",
        leavers.to_str().unwrap(),
        "--id-column",
        "Employee ID",
        "--date-column",
        "Last day",
        "--description-column",
        "Name",
    ];
    let out = run(&import);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 added"), "{}", stdout(&out));
    let imported = std::fs::read(&path).unwrap();
    let again = run(&import);
    assert!(stdout(&again).contains("0 added"), "{}", stdout(&again));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        imported,
        "importing twice adds nothing"
    );

    // The identity provider's access-revocation export, matched to the leavers by id.
    let revocations = dir.path().join("revocations.csv");
    std::fs::write(
        &revocations,
        format!(
            "user,ticket,revoked\nE-101,IT-4411,{}T17:02:00Z\nE-103,IT-4520,{}T09:00:00Z\n",
            day(10),
            day(72)
        ),
    )
    .unwrap();
    let out = run(&[
        "population",
        "import",
        wb,
        CONTROL,
        "--csv",
        revocations.to_str().unwrap(),
        "--attach",
        "--id-column",
        "user",
        "--evidence-column",
        "ticket",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    // The sample: four leavers (three imported, one from the team list) are all sampled.
    let sample = json(&run(&[
        "sample", wb, CONTROL, "--seed", "2026", "--format", "json",
    ]));
    assert_eq!(sample["population"], 4);
    let sampled: Vec<&str> = sample["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(sampled, ["leaver:noor", "E-101", "E-102", "E-103"]);
    let redraw = json(&run(&["sample", wb, CONTROL, "--format", "json"]));
    assert_eq!(
        redraw["seed"], 2026,
        "the committed draw is shown again, not redrawn"
    );

    // Which sampled leavers still lack evidence.
    let list = json(&run(&[
        "population",
        "list",
        wb,
        CONTROL,
        "--format",
        "json",
    ]));
    let lacking: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["lacks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l == "evidence")
        })
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(lacking, ["leaver:noor", "E-102"]);
    let out = run(&[
        "population",
        "evidence",
        wb,
        CONTROL,
        "leaver:noor",
        "IT-4388",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    // Test the sample: one passes, one is an exception with management's response.
    run(&[
        "population",
        "mark",
        wb,
        CONTROL,
        "E-101",
        "--result",
        "passed",
    ]);
    let fix = run(&[
        "backlog",
        "add",
        wb,
        "--title",
        "Automate the HR-to-IT leaver handoff",
    ]);
    let fix = stdout(&fix).trim().to_string();
    let out = run(&[
        "population",
        "exception",
        wb,
        CONTROL,
        "E-103",
        "--what-failed",
        "Access was revoked two days after the last day (policy: 24 hours)",
        "--found",
        &day(75),
        "--root-cause",
        "HR told IT by email a day late",
        "--remediation",
        &fix,
        "--response",
        "Management has automated the leaver handoff from the HR system.",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    let status = json(&run(&["status", wb, "--format", "json"]));
    let pop = status["populations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["item"] == CONTROL)
        .unwrap();
    assert_eq!(pop["population"], 4);
    assert_eq!(pop["tested"], 2);
    assert_eq!(pop["exceptions"], 1);
    assert_eq!(pop["sample_ready"], false);
    let exceptions = status["exceptions"].as_array().unwrap();
    assert_eq!(exceptions.len(), 1);
    assert_eq!(exceptions[0]["event"], "E-103");
    assert_eq!(exceptions[0]["remediation"], fix.as_str());
    assert_eq!(
        exceptions[0]["response"],
        "Management has automated the leaver handoff from the HR system."
    );

    let diff = stdout(&run(&["diff", before.to_str().unwrap(), wb]));
    assert!(diff.contains("Populations\n"), "{diff}");
    assert!(
        diff.contains("+ offboarding-revocation-sla · event E-103 Kim Lee")
            && diff.contains("management's response \"Management has automated the leaver handoff from the HR system.\""),
        "{diff}"
    );
    assert!(
        diff.contains(
            "+ offboarding-revocation-sla · event leaver:noor Noor Haddad (Support) left"
        ),
        "a result recorded on a team-fed leaver stores it: {diff}"
    );
    // Untested sampled events are a warning, not an error.
    let check = run(&["check", wb]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("event E-102: sampled but not tested yet"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn a_bad_csv_names_the_row_and_column_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = workbook(dir.path());
    let wb = path.to_str().unwrap();
    let before = std::fs::read(&path).unwrap();
    let csv = dir.path().join("hr.csv");
    std::fs::write(
        &csv,
        "id,date,description\nE-1,2026-03-01,Ana\nE-2,31/02/2026,Ben\nE-3,,Chen\n",
    )
    .unwrap();
    let out = run(&[
        "population",
        "import",
        wb,
        CONTROL,
        "--csv",
        csv.to_str().unwrap(),
        "--id-column",
        "id",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("hr.csv: row 3, column 2 (date): expected YYYY-MM-DD, found \"31/02/2026\""),
        "{err}"
    );
    assert!(
        err.contains("hr.csv: row 4, column 2 (date): missing"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");

    let out = run(&[
        "population",
        "import",
        wb,
        CONTROL,
        "--csv",
        csv.to_str().unwrap(),
        "--date-column",
        "when",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no column \"when\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn only_per_event_daily_and_weekly_controls_have_populations() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = workbook(dir.path());
    let before = std::fs::read(&path).unwrap();
    let out = run(&[
        "population",
        "add",
        path.to_str().unwrap(),
        "access-review-quarterly",
        "--date",
        "2026-03-01",
        "--description",
        "Q1 review",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("populations are for per-event, daily and weekly controls"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_auditors_own_sample_size_is_kept_in_the_workbook_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = workbook(dir.path());
    let wb = path.to_str().unwrap();
    let out = run(&["population", "sizes", wb, "--set", "per-event=2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("per event    2 (your auditor's number"),
        "{}",
        stdout(&out)
    );
    for n in 1..=6 {
        run(&[
            "population",
            "add",
            wb,
            CONTROL,
            "--id",
            &format!("E-{n}"),
            "--date",
            &format!("2026-0{n}-01"),
        ]);
    }
    let sample = json(&run(&[
        "sample", wb, CONTROL, "--seed", "1", "--format", "json",
    ]));
    assert_eq!(sample["events"].as_array().unwrap().len(), 2);
}

#[test]
fn check_fails_on_references_that_point_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = workbook(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.trim_end().strip_suffix(')').unwrap().to_string()
        + r#"    populations: {
        "no-such-control": (events: [(id: "X-1", date: "2026-03-01")]),
        "offboarding-revocation-sla": (
            events: [
                (id: "E-1", date: "2026-03-01", evidence: ["EV-zzzz"]),
                (id: "E-2", date: "2026-03-02", result: Exception, exception: (what_failed: "Late", found: "2026-03-05", remediation: "RB-nope")),
            ],
        ),
    },
)
"#;
    std::fs::write(&path, broken).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "population no-such-control: no such control",
        "population offboarding-revocation-sla event E-1: evidence \"EV-zzzz\" is not in the workbook",
        "population offboarding-revocation-sla event E-2: remediation \"RB-nope\" is not a backlog item",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn an_evidence_export_with_an_id_header_attaches_without_naming_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let (path, start) = workbook(dir.path());
    let wb = path.to_str().unwrap();
    let leavers = dir.path().join("leavers.csv");
    std::fs::write(
        &leavers,
        format!("id,date,description\nE-7,{},Sam left\n", start.add_days(5)),
    )
    .unwrap();
    let out = run(&[
        "population",
        "import",
        wb,
        CONTROL,
        "--csv",
        leavers.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let revocations = dir.path().join("revocations.csv");
    std::fs::write(&revocations, "id,evidence\nE-7,IT-9001\n").unwrap();
    let out = run(&[
        "population",
        "import",
        wb,
        CONTROL,
        "--csv",
        revocations.to_str().unwrap(),
        "--attach",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = json(&run(&[
        "population",
        "list",
        wb,
        CONTROL,
        "--format",
        "json",
    ]));
    assert!(
        list.to_string().contains("IT-9001"),
        "the revocation ticket is on the leaver's event: {list}"
    );
}
