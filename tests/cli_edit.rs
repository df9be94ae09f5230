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
        ..Default::default()
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

/// `soc2 backlog add` on `path` as a plain process (for running many at once).
fn backlog_add_process(path: &Path, title: &str) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("soc2"))
        .env("SOC2_TODAY", cli_support::TODAY)
        .args(["backlog", "add", path.to_str().unwrap(), "--title", title])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn concurrent_adds_from_many_processes_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let mut printed = Vec::new();
    for round in 0..5 {
        let children: Vec<_> = (0..8)
            .map(|n| backlog_add_process(&path, &format!("round {round} writer {n}")))
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
            printed.push(stdout(&out).trim_end().to_string());
        }
    }
    let wb = store::load(&path).unwrap().workbook;
    let lost: Vec<_> = printed
        .iter()
        .filter(|id| wb.backlog_item(id).is_none())
        .collect();
    assert!(lost.is_empty(), "{} of 40 edits lost: {lost:?}", lost.len());
    assert_eq!(wb.backlog.len(), 40);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_workbook_made_read_only_is_never_overwritten_by_an_edit_or_fmt() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    // Not canonical, so `fmt` would want to rewrite it.
    let text = std::fs::read_to_string(&path).unwrap() + "\n";
    std::fs::write(&path, &text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = soc2()
        .args(["backlog", "add", path.to_str().unwrap(), "--title", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "no id printed");
    let out = soc2()
        .args(["fmt", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(mode(&path), 0o444);
}

#[cfg(unix)]
#[test]
fn a_new_workbook_honours_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.ron");
    let bin = assert_cmd::cargo::cargo_bin("soc2");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 077 && exec \"$0\" new \"$1\" --org Acme")
        .arg(&bin)
        .arg(&path)
        .env("SOC2_TODAY", cli_support::TODAY)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&path), 0o600);
}

#[cfg(unix)]
#[test]
fn an_edit_through_a_symlink_writes_the_target_and_keeps_the_link_and_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = workbook(dir.path());
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("current.ron");
    std::os::unix::fs::symlink("workbooks/acme.ron", &link).unwrap();
    let out = soc2()
        .args([
            "backlog",
            "add",
            link.to_str().unwrap(),
            "--title",
            "via link",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim_end().to_string();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    assert!(
        store::load(&target)
            .unwrap()
            .workbook
            .backlog_item(&id)
            .is_some()
    );
    assert_eq!(mode(&target), 0o640);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "nothing left next to the link: {names:?}");
}

#[cfg(unix)]
#[test]
fn an_edit_keeps_the_owner_and_group_where_permitted() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    if std::os::unix::fs::chown(&path, Some(4242), Some(4343)).is_err() {
        // Only root may give a file away; without that, there is nothing to keep.
        return;
    }
    soc2()
        .args(["backlog", "add", path.to_str().unwrap(), "--title", "x"])
        .assert()
        .success();
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
}

#[test]
fn new_creates_the_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workbooks/x.ron");
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    assert!(store::load(&path).is_ok());
}

#[test]
fn temporary_files_of_a_killed_save_are_cleaned_by_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let debris = path.with_file_name(".acme.ron.soc2-tmp-k1ll3d");
    std::fs::write(&debris, "half a workbook").unwrap();
    soc2()
        .args(["backlog", "add", path.to_str().unwrap(), "--title", "x"])
        .assert()
        .success();
    assert!(
        !debris.exists(),
        "a dead process's temporary file is removed"
    );
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["acme.ron".to_string()],
        "no debris, no lock left"
    );
}
