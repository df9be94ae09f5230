//! `soc2 diff` on two files and as git's external diff, run as a reviewer would.

mod cli_support;

use cli_support::soc2;
use std::path::{Path, PathBuf};

use soc2_workbook::store;

fn pair(dir: &Path) -> (PathBuf, PathBuf) {
    let old = dir.join("old.ron");
    soc2()
        .args(["new", old.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    let new = dir.join("new.ron");
    let mut wb = store::load(&old).unwrap().workbook;
    wb.organization.industry = "fintech".into();
    wb.backlog.push(
        soc2_workbook::model::BacklogItem {
            id: "RB-k3fz".into(),
            title: "Evil \u{1b}[2Jtitle \u{202e}reversed".into(),
            created: "2026-11-22".parse().unwrap(),
            ..Default::default()
        }
        .into(),
    );
    store::save(&new, &wb).unwrap();
    (old, new)
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_files_diff_plainly_when_piped_and_sanitize_workbook_text() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = pair(dir.path());
    let out = soc2()
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown = text(&out);
    assert!(shown.starts_with("Organization\n  ~ industry \"\" → \"fintech\"\nBacklog\n  + RB-k3fz Evil ␛[2Jtitle ⟨U+202E⟩reversed"), "{shown}");
    assert!(
        !shown.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );

    let same = soc2()
        .args(["diff", old.to_str().unwrap(), old.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(text(&same).trim(), "no changes");
}

#[test]
fn colour_only_when_asked_and_never_through_the_sanitizer() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = pair(dir.path());
    let out = soc2()
        .args([
            "diff",
            "--color",
            "always",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let shown = text(&out);
    assert!(shown.contains("\x1b[1mBacklog\x1b[0m"), "{shown:?}");
    assert!(shown.contains("\x1b[32m+\x1b[0m RB-k3fz"), "{shown:?}");
    assert!(
        !shown.contains("\x1b[2J"),
        "workbook escapes stay neutralised"
    );
    let auto = soc2()
        .env("NO_COLOR", "1")
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!text(&auto).contains('\u{1b}'));
}

#[test]
fn as_git_external_diff_it_handles_new_files_and_falls_back_on_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _new) = pair(dir.path());
    let o = old.to_str().unwrap();
    let out = soc2()
        .args([
            "diff",
            "workbooks/acme.ron",
            "/dev/null",
            ".",
            ".",
            o,
            "abc",
            "100644",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown = text(&out);
    assert!(
        shown.starts_with("soc2 diff workbooks/acme.ron (new file)"),
        "{shown}"
    );
    assert!(shown.contains("Milestones"), "{shown}");

    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(version: 1, oops").unwrap();
    let out = soc2()
        .args([
            "diff",
            "workbooks/acme.ron",
            o,
            "abc",
            "100644",
            broken.to_str().unwrap(),
            "def",
            "100644",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "git keeps going");
    let shown = text(&out);
    assert!(shown.contains("not a valid workbook"), "{shown}");
    assert!(
        shown.contains("+(version: 1, oops"),
        "a plain text diff follows: {shown}"
    );

    let wrong = soc2().args(["diff", "a", "b", "c"]).output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn git_s_nine_argument_form_for_renames_is_accepted_and_errors_name_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = pair(dir.path());
    let out = soc2()
        .args([
            "diff",
            "workbooks/acme.ron",
            old.to_str().unwrap(),
            "abc",
            "100644",
            new.to_str().unwrap(),
            "def",
            "100644",
            "workbooks/acme-inc.ron",
            "similarity index 90%\nrename from workbooks/acme.ron\nrename to workbooks/acme-inc.ron\n",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let shown = text(&out);
    assert!(
        shown.starts_with(
            "soc2 diff workbooks/acme.ron → workbooks/acme-inc.ron (renamed)\nOrganization"
        ),
        "{shown}"
    );

    let broken = dir.path().join(".merge_file_Xy12");
    std::fs::write(&broken, "(version: 1, oops").unwrap();
    let out = soc2()
        .args([
            "diff",
            "workbooks/acme.ron",
            old.to_str().unwrap(),
            "abc",
            "100644",
            broken.to_str().unwrap(),
            "def",
            "100644",
        ])
        .output()
        .unwrap();
    let shown = text(&out);
    assert!(shown.contains("workbooks/acme.ron:1:"), "{shown}");
    assert!(!shown.contains(".merge_file_Xy12:"), "{shown}");
}
