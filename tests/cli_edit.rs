//! Scriptable edits (`evidence add`, `item set`, `backlog add|set`) as a CI job would run them.

mod cli_support;

use cli_support::{soc2, stderr, stdout};
use std::path::{Path, PathBuf};

use soc2_workbook::store;

/// A workbook with one team member, in a folder that is a git repository.
fn workbook(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("workbooks")).unwrap();
    let path = dir.join("workbooks/acme.ron");
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    let mut wb = store::load(&path).unwrap().workbook;
    wb.team.push(soc2_workbook::model::Member {
        id: "maria".into(),
        name: "Maria".into(),
        role: String::new(),
    });
    store::save(&path, &wb).unwrap();
    path
}

#[test]
fn backlog_add_prints_only_the_new_id_and_saves_canonically() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let out = soc2()
        .args([
            "backlog",
            "add",
            path.to_str().unwrap(),
            "--title",
            "Formalize offboarding",
        ])
        .args([
            "--criteria",
            "CC6.2,CC6.3",
            "--owner",
            "maria",
            "--due",
            "2027-02-01",
            "--priority",
            "p1",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out);
    let id = id.trim_end();
    assert!(id.starts_with("RB-") && !id.contains(' '), "{id:?}");
    let loaded = store::load(&path).unwrap();
    assert!(loaded.is_canonical());
    let item = loaded.workbook.backlog_item(id).unwrap();
    assert_eq!(item.criteria, vec!["CC6.2", "CC6.3"]);
    assert_eq!(
        item.due.map(|d| d.to_string()).as_deref(),
        Some("2027-02-01")
    );
    assert_eq!(item.created.to_string(), "2026-11-22");

    let out = soc2()
        .args([
            "backlog",
            "set",
            path.to_str().unwrap(),
            id,
            "--status",
            "done",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("done"));
    let wb = store::load(&path).unwrap().workbook;
    let item = wb.backlog_item(id).unwrap();
    assert_eq!(
        item.done.map(|d| d.to_string()).as_deref(),
        Some("2026-11-22")
    );
}

#[test]
fn bad_arguments_leave_the_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let p = path.to_str().unwrap();
    let before = std::fs::read(&path).unwrap();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["item", "set", p, "no-such-item", "--status", "done"],
            2,
            "no checklist item",
        ),
        (
            &["item", "set", p, "mfa-everywhere", "--status", "na"],
            2,
            "needs a reason",
        ),
        (
            &["item", "set", p, "mfa-everywhere", "--status", "sideways"],
            2,
            "use one of",
        ),
        (&["item", "set", p, "mfa-everywhere"], 2, "--status"),
        (
            &["item", "set", p, "mfa-everywhere", "--owner", "bob"],
            2,
            "not in the team",
        ),
        (
            &["backlog", "add", p, "--title", "  "],
            2,
            "cannot be empty",
        ),
        (
            &["backlog", "add", p, "--title", "x", "--criteria", "CC99.1"],
            2,
            "no criterion",
        ),
        (
            &["backlog", "add", p, "--title", "x", "--due", "2027-02-30"],
            2,
            "2027-02-30",
        ),
        (
            &["backlog", "set", p, "RB-zzzz", "--status", "done"],
            2,
            "no backlog item",
        ),
        (
            &["evidence", "add", p, "mfa-everywhere", "--ref", ""],
            2,
            "cannot be empty",
        ),
        (
            &[
                "evidence",
                "add",
                p,
                "mfa-everywhere",
                "--ref",
                "X",
                "--by",
                "bob",
            ],
            2,
            "not in the team",
        ),
    ];
    for (args, code, message) in cases {
        let out = soc2().args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn an_invalid_workbook_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let mut wb = store::load(&path).unwrap().workbook;
    wb.conflicts.push(soc2_workbook::model::Conflict {
        location: "organization name".into(),
        ours: "Acme".into(),
        theirs: "Acme Inc".into(),
    });
    store::save(&path, &wb).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = soc2()
        .args([
            "item",
            "set",
            path.to_str().unwrap(),
            "mfa-everywhere",
            "--status",
            "done",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refusing to edit an invalid workbook"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    std::fs::write(&path, "(version: 1, nonsense").unwrap();
    let out = soc2()
        .args(["backlog", "add", path.to_str().unwrap(), "--title", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), b"(version: 1, nonsense");
}

#[test]
fn evidence_for_a_recurring_control_records_the_occurrence_and_hashes_repo_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    std::fs::create_dir_all(dir.path().join("evidence")).unwrap();
    std::fs::write(
        dir.path().join("evidence/review.md"),
        "all access reviewed\n",
    )
    .unwrap();
    let out = soc2()
        .args([
            "evidence",
            "add",
            path.to_str().unwrap(),
            "access-review-quarterly",
        ])
        .args([
            "--ref",
            "evidence/review.md",
            "--date",
            "2026-10-15",
            "--by",
            "maria",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("recorded EV-"), "{}", stdout(&out));
    let out = soc2()
        .args([
            "evidence",
            "add",
            path.to_str().unwrap(),
            "access-review-quarterly",
            "--ref",
            "TICKET-9",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let wb = store::load(&path).unwrap().workbook;
    let rec = wb
        .checklist
        .values()
        .find_map(|i| i.get("access-review-quarterly"))
        .unwrap();
    let dates: Vec<String> = rec.performed.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        dates,
        vec!["2026-10-15", "2026-11-22"],
        "sorted occurrences"
    );
    let expected = {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(b"all access reviewed\n");
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(rec.evidence[0].sha256.as_deref(), Some(expected.as_str()));
    assert_eq!(rec.evidence[1].sha256, None, "a ticket id is not a file");
}

#[test]
fn an_edit_while_the_app_holds_the_lock_goes_through_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let lock = store::lock::Lock::acquire(&path).unwrap();
    let out = soc2()
        .args([
            "item",
            "set",
            path.to_str().unwrap(),
            "mfa-everywhere",
            "--status",
            "done",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains("is open in soc2"), "{}", stderr(&out));
    assert!(lock.path().exists(), "the app's lock is left alone");
    let wb = store::load(&path).unwrap().workbook;
    assert!(
        wb.checklist
            .values()
            .any(|i| i.contains_key("mfa-everywhere"))
    );
}

#[test]
fn check_warns_when_hashed_evidence_changes_after_it_was_collected() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/access.md"), "v1").unwrap();
    let p = path.to_str().unwrap();
    soc2()
        .args([
            "evidence",
            "add",
            p,
            "access-review-quarterly",
            "--ref",
            "docs/access.md",
        ])
        .assert()
        .success();
    soc2().args(["check", p]).assert().success().stderr("");
    std::fs::write(
        dir.path().join("docs/access.md"),
        "v2, edited after the review",
    )
    .unwrap();
    let out = soc2().args(["check", p]).assert().success();
    let err = stderr(out.get_output());
    assert!(
        err.contains("warning: checklist CC6.2 / access-review-quarterly evidence EV-")
            && err.contains("docs/access.md changed since it was collected"),
        "{err}"
    );
    std::fs::remove_file(dir.path().join("docs/access.md")).unwrap();
    let out = soc2().args(["check", p]).assert().success();
    assert!(stderr(out.get_output()).contains("is no longer in the repository"));
}
