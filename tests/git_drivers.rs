//! The git drivers with real git in temporary repositories: two people, two branches, one merge.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use soc2_workbook::model::Date;
use soc2_workbook::store;

const SOC2: &str = env!("CARGO_BIN_EXE_soc2");
const WB: &str = "workbooks/acme.ron";

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("SOC2_TODAY", "2026-11-22")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn ok(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = run(dir, program, args);
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn git(dir: &Path, args: &[&str]) -> String {
    ok(dir, "git", args)
}

fn soc2(dir: &Path, args: &[&str]) -> String {
    ok(dir, SOC2, args)
}

/// A repo with drivers set up and a committed workbook with two team members and one backlog item.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir_all(dir.join("workbooks")).unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["checkout", "-q", "-b", "main"]);
    git(&dir, &["config", "user.name", "Test"]);
    git(&dir, &["config", "user.email", "test@example.com"]);
    git(&dir, &["config", "commit.gpgsign", "false"]);
    let setup = soc2(&dir, &["git", "setup"]);
    assert!(setup.contains("merge.soc2.driver"), "{setup}");
    let driver = git(&dir, &["config", "--get", "merge.soc2.driver"]);
    assert!(
        driver.contains(SOC2),
        "the driver runs the binary under test: {driver}"
    );

    soc2(&dir, &["new", WB, "--org", "Acme"]);
    let path = dir.join(WB);
    edit(&path, |wb| {
        for id in ["maria", "sam"] {
            wb.team.push(soc2_workbook::model::Member {
                id: id.into(),
                name: id.to_uppercase(),
                role: String::new(),
                ..Default::default()
            });
        }
    });
    soc2(
        &dir,
        &["backlog", "add", WB, "--title", "Formalize offboarding"],
    );
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "initial workbook"]);
    (tmp, dir)
}

/// Edits the workbook as the app would (through the store), for what the CLI cannot set.
fn edit(path: &Path, f: impl FnOnce(&mut soc2_workbook::model::Workbook)) {
    let mut wb = store::load(path).unwrap().workbook;
    f(&mut wb);
    store::save(path, &wb).unwrap();
}

fn load(dir: &Path) -> soc2_workbook::model::Workbook {
    store::load(&dir.join(WB)).unwrap().workbook
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn setup_is_idempotent_and_says_so() {
    let (_tmp, dir) = repo();
    let again = soc2(&dir, &["git", "setup"]);
    assert!(again.contains("nothing to change"), "{again}");
    let attributes = std::fs::read_to_string(dir.join(".gitattributes")).unwrap();
    assert_eq!(
        attributes,
        "workbooks/*.ron diff=soc2 merge=soc2 text eol=lf\n"
    );
}

#[test]
fn independent_work_on_two_branches_merges_cleanly_with_everything_kept() {
    let (_tmp, dir) = repo();
    let first_backlog = load(&dir).backlog[0].id.clone();

    git(&dir, &["checkout", "-q", "-b", "maria"]);
    let maria_item = soc2(
        &dir,
        &["backlog", "add", WB, "--title", "Write the incident plan"],
    );
    soc2(
        &dir,
        &[
            "item",
            "set",
            WB,
            "mfa-everywhere",
            "--status",
            "implemented",
        ],
    );
    soc2(
        &dir,
        &["backlog", "set", WB, &first_backlog, "--owner", "maria"],
    );
    edit(&dir.join(WB), |wb| wb.milestones[0].end = d("2027-01-20"));
    git(&dir, &["commit", "-qam", "maria's evening"]);

    git(&dir, &["checkout", "-q", "main"]);
    let sam_item = soc2(
        &dir,
        &["backlog", "add", WB, "--title", "Turn on disk encryption"],
    );
    soc2(
        &dir,
        &[
            "item",
            "set",
            WB,
            "access-review-quarterly",
            "--status",
            "wip",
            "--owner",
            "sam",
        ],
    );
    soc2(
        &dir,
        &["backlog", "set", WB, &first_backlog, "--priority", "P1"],
    );
    edit(&dir.join(WB), |wb| {
        wb.milestones[2].notes = "auditor booked".into()
    });
    git(&dir, &["commit", "-qam", "sam's evening"]);

    let out = run(&dir, "git", &["merge", "-q", "maria", "-m", "merge maria"]);
    assert!(
        out.status.success(),
        "clean merge expected: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join(WB)).unwrap();
    assert!(!text.contains("<<<<<<<"), "no conflict markers");
    let wb = load(&dir);
    for id in [maria_item.trim(), sam_item.trim(), first_backlog.as_str()] {
        assert!(wb.backlog_item(id).is_some(), "backlog item {id} kept");
    }
    let first = wb.backlog_item(&first_backlog).unwrap();
    assert_eq!(first.owner.as_deref(), Some("maria"));
    assert_eq!(first.priority, soc2_workbook::model::Priority::P1);
    assert_eq!(wb.milestones[0].end, d("2027-01-20"));
    assert_eq!(wb.milestones[2].notes, "auditor booked");
    let status = |item: &str| {
        wb.checklist
            .values()
            .find_map(|items| items.get(item))
            .map(|r| (r.status, r.owner.clone()))
    };
    use soc2_workbook::model::ItemStatus;
    assert_eq!(
        status("mfa-everywhere"),
        Some((ItemStatus::Implemented, None))
    );
    assert_eq!(
        status("access-review-quarterly"),
        Some((ItemStatus::InProgress, Some("sam".into())))
    );
    assert_eq!(soc2(&dir, &["check", WB]).trim(), "1 workbook ok");
    assert_eq!(
        text,
        store::to_canonical(&wb),
        "the merge wrote canonical form"
    );
}

#[test]
fn a_true_conflict_keeps_both_values_fails_the_merge_and_is_reported() {
    let (_tmp, dir) = repo();
    let id = load(&dir).backlog[0].id.clone();

    git(&dir, &["checkout", "-q", "-b", "maria"]);
    soc2(&dir, &["backlog", "set", WB, &id, "--owner", "maria"]);
    soc2(
        &dir,
        &["backlog", "add", WB, "--title", "Maria's other work"],
    );
    git(&dir, &["commit", "-qam", "maria takes it"]);
    git(&dir, &["checkout", "-q", "main"]);
    soc2(&dir, &["backlog", "set", WB, &id, "--owner", "sam"]);
    git(&dir, &["commit", "-qam", "sam takes it"]);

    let out = run(&dir, "git", &["merge", "maria", "-m", "merge"]);
    assert!(!out.status.success(), "git marks the file conflicted");
    let status = git(&dir, &["status", "--porcelain"]);
    assert!(status.contains(&format!("UU {WB}")), "{status}");

    let wb = load(&dir);
    assert_eq!(
        wb.backlog_item(&id).unwrap().owner.as_deref(),
        Some("sam"),
        "ours in place"
    );
    assert_eq!(wb.backlog.len(), 2, "the other side's addition is kept");
    assert_eq!(wb.conflicts.len(), 1);
    assert_eq!(wb.conflicts[0].location, format!("backlog {id} owner"));
    assert_eq!(
        (
            wb.conflicts[0].ours.as_str(),
            wb.conflicts[0].theirs.as_str()
        ),
        ("sam", "maria")
    );

    let check = run(&dir, SOC2, &["check", WB]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains(&format!("conflict at backlog {id} owner")),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"sam\"") && stderr.contains("\"maria\""),
        "{stderr}"
    );
}

#[test]
fn git_diff_shows_the_change_in_soc2_terms() {
    let (_tmp, dir) = repo();
    soc2(
        &dir,
        &[
            "item",
            "set",
            WB,
            "access-review-quarterly",
            "--status",
            "implemented",
            "--owner",
            "maria",
        ],
    );
    soc2(
        &dir,
        &[
            "evidence",
            "add",
            WB,
            "access-review-quarterly",
            "--ref",
            "TICKET-412",
            "--date",
            "2026-11-15",
        ],
    );
    let new_id = soc2(
        &dir,
        &[
            "backlog",
            "add",
            WB,
            "--title",
            "Formalize vendor reviews",
            "--due",
            "2027-02-01",
        ],
    );
    let out = git(&dir, &["diff"]);
    assert!(out.contains(&format!("soc2 diff {WB}")), "{out}");
    assert!(out.contains("Checklist"), "{out}");
    assert!(
        out.contains("not started → implemented (owner maria, evidence TICKET-412, 2026-11-15)"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "+ {} Formalize vendor reviews (due 2027-02-01)",
            new_id.trim()
        )),
        "{out}"
    );
    assert!(!out.contains("\x1b["), "no colour when piped");
    assert!(!out.contains("@@"), "not a line diff");

    // History too, with --ext-diff.
    git(&dir, &["commit", "-qam", "review done"]);
    let log = git(&dir, &["log", "-p", "--ext-diff", "-1"]);
    assert!(log.contains("TICKET-412"), "{log}");
}

#[test]
fn a_merge_driver_given_garbage_leaves_both_sides_in_conflict_markers_that_check_refuses() {
    let (_tmp, dir) = repo();
    git(&dir, &["checkout", "-q", "-b", "broken"]);
    std::fs::write(dir.join(WB), "(version: 1, organization: ( <<< garbage").unwrap();
    git(
        &dir,
        &["commit", "--no-verify", "-qam", "a broken hand edit"],
    );
    git(&dir, &["checkout", "-q", "main"]);
    soc2(&dir, &["backlog", "add", WB, "--title", "Main work"]);
    git(&dir, &["commit", "-qam", "main work"]);

    let out = run(&dir, "git", &["merge", "broken", "-m", "merge"]);
    assert!(!out.status.success(), "the merge is refused, not faked");
    // Neither side is silently chosen: git's text merge shows both for a person to decide.
    let text = std::fs::read_to_string(dir.join(WB)).unwrap();
    assert!(text.contains("<<<<<<< workbooks/acme.ron (ours)"), "{text}");
    assert!(
        text.contains("Main work") && text.contains("<<< garbage"),
        "{text}"
    );
    let check = run(&dir, SOC2, &["check", WB]);
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn the_driver_run_by_hand_leaves_ours_byte_identical_on_bad_input() {
    let (_tmp, dir) = repo();
    let ours = dir.join(WB);
    let before = std::fs::read(&ours).unwrap();
    let base = dir.join("base.ron");
    std::fs::write(&base, &before).unwrap();
    let bad = dir.join("theirs.ron");
    for (text, code) in [
        ("not ron at all", 2),
        ("(version: 99)", 2),
        ("<<<<<<< HEAD\n=======\n>>>>>>> x\n", 2),
    ] {
        std::fs::write(&bad, text).unwrap();
        let out = run(
            &dir,
            SOC2,
            &["merge", "base.ron", WB, "theirs.ron", "7", WB],
        );
        assert_eq!(out.status.code(), Some(code), "{text}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("left as it is"));
        assert_eq!(std::fs::read(&ours).unwrap(), before, "{text}");
    }
    let missing = run(&dir, SOC2, &["merge", "base.ron", WB, "nope.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}

#[test]
fn a_merge_without_a_common_ancestor_still_merges() {
    let (_tmp, dir) = repo();
    let ours = dir.join(WB);
    let theirs = dir.join("theirs.ron");
    std::fs::copy(&ours, &theirs).unwrap();
    soc2(
        &dir,
        &[
            "backlog",
            "add",
            "theirs.ron",
            "--title",
            "From the other clone",
        ],
    );
    std::fs::write(dir.join("empty.ron"), "").unwrap();
    let out = run(&dir, SOC2, &["merge", "empty.ron", WB, "theirs.ron"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(load(&dir).backlog.len(), 2);
}

#[test]
fn renames_and_copies_keep_the_whole_history_under_ext_diff() {
    let (_tmp, dir) = repo();
    soc2(
        &dir,
        &["backlog", "add", WB, "--title", "Before the rename"],
    );
    git(&dir, &["commit", "-qam", "more work"]);
    git(&dir, &["mv", WB, "workbooks/acme-inc.ron"]);
    git(&dir, &["commit", "-qm", "rename the workbook"]);
    std::fs::copy(
        dir.join("workbooks/acme-inc.ron"),
        dir.join("workbooks/copy.ron"),
    )
    .unwrap();
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "copy it"]);

    let out = run(
        &dir,
        "git",
        &[
            "log",
            "-p",
            "--ext-diff",
            "--find-copies-harder",
            "-M",
            "--no-color",
        ],
    );
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{log}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        log.contains("initial workbook"),
        "the oldest commit is shown: {log}"
    );
    assert!(
        log.contains("+ RB-") && log.contains("Before the rename"),
        "{log}"
    );
    assert!(
        log.contains("soc2 diff workbooks/acme.ron → workbooks/acme-inc.ron (renamed)"),
        "{log}"
    );
    assert!(
        log.contains("soc2 diff workbooks/acme-inc.ron → workbooks/copy.ron (copied)"),
        "{log}"
    );
}
