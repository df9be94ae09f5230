//! What `soc2 git setup` installs, tried with real git in temporary repositories: a driver
//! that survives the binary moving or refusing an input, a pre-commit check, root workbooks,
//! and the ignore patterns.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use soc2_workbook::store;

const SOC2: &str = env!("CARGO_BIN_EXE_soc2");
const WB: &str = "workbooks/acme.ron";

/// `PATH` without any folder that holds a `soc2`, so a test decides which soc2 git finds.
fn path_without_soc2(extra: Option<&Path>) -> String {
    let mut dirs: Vec<PathBuf> = extra.map(Path::to_path_buf).into_iter().collect();
    let path = std::env::var_os("PATH").unwrap_or_default();
    dirs.extend(std::env::split_paths(&path).filter(|d| !d.join("soc2").exists()));
    std::env::join_paths(dirs)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

struct Repo {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    /// Prepended to `PATH` for every command (a folder with a `soc2` in it, or none).
    bin: Option<PathBuf>,
}

impl Repo {
    fn run(&self, program: &str, args: &[&str]) -> Output {
        Command::new(program)
            .args(args)
            .current_dir(&self.dir)
            .env("SOC2_TODAY", "2026-11-22")
            .env("SOC2_NO_PREFS", "1")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &self.dir)
            .env("PATH", path_without_soc2(self.bin.as_deref()))
            .env_remove("NO_COLOR")
            .output()
            .unwrap()
    }

    fn ok(&self, program: &str, args: &[&str]) -> String {
        let out = self.run(program, args);
        assert!(
            out.status.success(),
            "{program} {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn git(&self, args: &[&str]) -> String {
        self.ok("git", args)
    }

    fn soc2(&self, args: &[&str]) -> String {
        self.ok(SOC2, args)
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap_or_default()
    }
}

/// An empty repository with a user, on branch `main`, setup not yet run.
fn bare_repo() -> Repo {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir_all(dir.join("workbooks")).unwrap();
    let repo = Repo {
        _tmp: tmp,
        dir,
        bin: None,
    };
    repo.git(&["init", "-q"]);
    repo.git(&["checkout", "-q", "-b", "main"]);
    repo.git(&["config", "user.name", "Test"]);
    repo.git(&["config", "user.email", "test@example.com"]);
    repo.git(&["config", "commit.gpgsign", "false"]);
    repo
}

/// A repository set up by the soc2 at `program`, with a committed workbook and one backlog item.
fn repo_set_up_by(program: &str) -> (Repo, String) {
    let repo = bare_repo();
    repo.ok(program, &["git", "setup"]);
    repo.soc2(&["new", WB, "--org", "Acme"]);
    let id = repo
        .soc2(&["backlog", "add", WB, "--title", "Formalize offboarding"])
        .trim()
        .to_string();
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-qm", "initial workbook"]);
    (repo, id)
}

/// A copy of the binary under test in its own folder (so it can be moved away).
fn copy_of_soc2(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let copy = dir.join("soc2");
    std::fs::copy(SOC2, &copy).unwrap();
    copy
}

/// Two branches that change the same field two ways; returns git's merge output.
fn conflicting_due_dates(repo: &Repo, id: &str) -> Output {
    repo.git(&["checkout", "-q", "-b", "maria"]);
    repo.soc2(&["backlog", "set", WB, id, "--due", "2027-01-10"]);
    repo.git(&["commit", "-qam", "maria's date"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.soc2(&["backlog", "set", WB, id, "--due", "2027-02-20"]);
    repo.git(&["commit", "-qam", "sam's date"]);
    repo.run("git", &["merge", "maria", "-m", "merge"])
}

#[test]
fn a_moved_binary_falls_back_to_a_text_merge_with_markers_that_check_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = copy_of_soc2(&tmp.path().join("old-install"));
    let (repo, id) = repo_set_up_by(copy.to_str().unwrap());
    std::fs::remove_file(&copy).unwrap();

    let out = conflicting_due_dates(&repo, &id);
    assert!(!out.status.success(), "git reports the conflict");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("text merge"),
        "the fallback says so: {stderr}"
    );
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.contains(&format!("UU {WB}")), "{status}");
    let text = repo.read(WB);
    assert!(
        text.contains("2027-01-10") && text.contains("2027-02-20"),
        "{text}"
    );
    assert!(text.contains("<<<<<<< "), "conflict markers: {text}");
    let check = repo.run(SOC2, &["check", WB]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "soc2 check fails until a person decides"
    );
    assert!(String::from_utf8_lossy(&check.stderr).contains("unresolved merge conflict"));

    // Without soc2 the hook still refuses the markers.
    repo.git(&["add", WB]);
    let commit = repo.run("git", &["commit", "-qm", "merge"]);
    assert!(!commit.status.success(), "the commit is refused");
    let stderr = String::from_utf8_lossy(&commit.stderr);
    assert!(stderr.contains("conflict markers"), "{stderr}");

    // And `git diff` keeps working, as a plain text diff.
    repo.git(&["checkout", "-q", "-f", "main"]);
    let text = repo.read(WB).replace("2027-02-20", "2027-03-01");
    std::fs::write(repo.dir.join(WB), text).unwrap();
    let diff = repo.git(&["diff"]);
    assert!(diff.contains("+") && diff.contains("2027-03-01"), "{diff}");
}

#[test]
fn a_moved_binary_is_found_on_path_and_still_merges_by_entity() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = copy_of_soc2(&tmp.path().join("old-install"));
    let (mut repo, id) = repo_set_up_by(copy.to_str().unwrap());
    std::fs::remove_file(&copy).unwrap();
    let new_install = tmp.path().join("new-install");
    copy_of_soc2(&new_install);
    repo.bin = Some(new_install);

    let out = conflicting_due_dates(&repo, &id);
    assert!(!out.status.success(), "a true conflict is still a conflict");
    let text = repo.read(WB);
    assert!(
        !text.contains("<<<<<<<"),
        "merged by soc2, no markers: {text}"
    );
    let wb = store::load(&repo.dir.join(WB)).unwrap().workbook;
    assert_eq!(wb.conflicts.len(), 1, "recorded by the soc2 found on PATH");
    assert_eq!(
        wb.backlog_item(&id).unwrap().due,
        Some("2027-02-20".parse().unwrap()),
        "ours in place"
    );
}

#[test]
fn a_side_in_a_newer_format_falls_back_to_text_markers_and_names_the_workbook() {
    let (repo, _id) = repo_set_up_by(SOC2);
    repo.git(&["checkout", "-q", "-b", "future"]);
    let future = repo.read(WB).replacen("version: 4,", "version: 99,", 1);
    assert!(future.contains("version: 99,"));
    let future = future.replace("Formalize offboarding", "Offboarding from the future");
    std::fs::write(repo.dir.join(WB), future).unwrap();
    let commit = repo.run("git", &["commit", "-qam", "a newer soc2 wrote this"]);
    assert!(
        commit.status.success(),
        "the hook cannot judge a newer file and lets it pass"
    );
    assert!(String::from_utf8_lossy(&commit.stderr).contains("warning: not checked"));
    repo.git(&["checkout", "-q", "main"]);
    repo.soc2(&["backlog", "add", WB, "--title", "Main work"]);
    let text = repo
        .read(WB)
        .replace("Formalize offboarding", "Offboarding today");
    std::fs::write(repo.dir.join(WB), text).unwrap();
    repo.git(&["commit", "-qam", "main work"]);

    let out = repo.run("git", &["merge", "future", "-m", "merge"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{WB}: error: this workbook is format version 99")),
        "{stderr}"
    );
    assert!(
        !stderr.contains(".merge_file"),
        "git's temporary file is not named: {stderr}"
    );
    let text = repo.read(WB);
    assert!(
        text.contains("<<<<<<< ") && text.contains("Offboarding from the future"),
        "{text}"
    );
    assert_eq!(repo.run(SOC2, &["check", WB]).status.code(), Some(1));
}

#[test]
fn an_unparsable_side_is_reported_under_the_workbook_path() {
    let (repo, _id) = repo_set_up_by(SOC2);
    repo.git(&["checkout", "-q", "-b", "broken"]);
    std::fs::write(repo.dir.join(WB), "(version: 1, organization: ( oops").unwrap();
    repo.git(&["commit", "--no-verify", "-qam", "a broken hand edit"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.soc2(&["backlog", "add", WB, "--title", "Main work"]);
    repo.git(&["commit", "-qam", "main work"]);

    let out = repo.run("git", &["merge", "broken", "-m", "merge"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{WB}:1:")), "{stderr}");
    assert!(!stderr.contains(".merge_file"), "{stderr}");
    assert_eq!(repo.run(SOC2, &["check", WB]).status.code(), Some(1));
}

#[test]
fn setup_upgrades_the_old_absolute_path_config_and_stays_idempotent() {
    let repo = bare_repo();
    repo.git(&["config", "diff.soc2.command", &format!("{SOC2} diff")]);
    repo.git(&[
        "config",
        "merge.soc2.driver",
        &format!("{SOC2} merge %O %A %B %L %P"),
    ]);
    let first = repo.soc2(&["git", "setup"]);
    assert!(
        first.contains("changed git config merge.soc2.driver"),
        "{first}"
    );
    let driver = repo.git(&["config", "--get", "merge.soc2.driver"]);
    assert!(
        driver.contains("git merge-file"),
        "a text-merge fallback: {driver}"
    );
    assert!(driver.contains(SOC2) && driver.contains("%P"), "{driver}");
    let again = repo.soc2(&["git", "setup"]);
    assert!(again.contains("nothing to change"), "{again}");
}

#[test]
fn the_ignore_file_covers_locks_and_temporary_files() {
    let repo = bare_repo();
    repo.soc2(&["git", "setup"]);
    let ignore = repo.read(".gitignore");
    assert!(ignore.contains("workbooks/.*.ron.lock\n"), "{ignore}");
    assert!(ignore.contains(".*.soc2-tmp*\n"), "{ignore}");
    for debris in [
        "workbooks/.acme.ron.lock",
        "workbooks/.acme.ron.AbC123.soc2-tmp",
        "workbooks/.new-workbook.AbC123.soc2-tmp",
        ".acme.ron.x1y2z3.soc2-tmp",
        "workbooks/.acme.ron.soc2-tmp-4242-1",
        "workbooks/.acme.ron.soc2-save.lock",
        ".acme.ron.soc2-save.lock",
        "workbooks/.acme.ron.soc2-queue.lock",
    ] {
        assert_eq!(
            repo.run("git", &["check-ignore", "-q", debris])
                .status
                .code(),
            Some(0),
            "{debris} is ignored"
        );
    }
    assert_eq!(
        repo.run("git", &["check-ignore", "-q", WB]).status.code(),
        Some(1),
        "the workbook itself is not"
    );
}

#[test]
fn workbooks_at_the_root_are_covered_and_other_ron_files_are_not() {
    let repo = bare_repo();
    repo.soc2(&["new", "acme.ron", "--org", "Acme"]);
    std::fs::write(repo.dir.join("game.ron"), "(speed: 3)").unwrap();
    let out = repo.soc2(&["git", "setup"]);
    assert!(out.contains("/acme.ron diff=soc2 merge=soc2"), "{out}");
    let attr = |file: &str| repo.git(&["check-attr", "merge", "diff", "--", file]);
    assert!(
        attr("acme.ron").contains("merge: soc2"),
        "{}",
        attr("acme.ron")
    );
    assert!(attr("acme.ron").contains("diff: soc2"));
    assert!(
        attr("game.ron").contains("merge: unspecified"),
        "{}",
        attr("game.ron")
    );
    assert!(attr("workbooks/new.ron").contains("merge: soc2"));
    assert!(repo.read(".gitignore").contains("/.*.ron.lock\n"));
    assert!(repo.soc2(&["git", "setup"]).contains("nothing to change"));

    // The root workbook merges by entity.
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-qm", "root workbook"]);
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.soc2(&["backlog", "add", "acme.ron", "--title", "Other work"]);
    repo.git(&["commit", "-qam", "other"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.soc2(&["backlog", "add", "acme.ron", "--title", "Main work"]);
    repo.git(&["commit", "-qam", "main"]);
    repo.git(&["merge", "-q", "other", "-m", "merge"]);
    let wb = store::load(&repo.dir.join("acme.ron")).unwrap().workbook;
    assert_eq!(wb.backlog.len(), 2);
}

fn hook_path(repo: &Repo) -> PathBuf {
    repo.dir.join(
        repo.git(&["rev-parse", "--git-path", "hooks/pre-commit"])
            .trim(),
    )
}

#[test]
fn the_pre_commit_hook_refuses_unresolved_conflicts_and_markers() {
    let (repo, id) = repo_set_up_by(SOC2);
    assert!(hook_path(&repo).exists(), "setup installed the hook");
    let out = conflicting_due_dates(&repo, &id);
    assert!(!out.status.success());
    // Someone marks the file resolved without resolving the recorded conflict.
    repo.git(&["add", WB]);
    let commit = repo.run("git", &["commit", "-qm", "merge"]);
    assert!(!commit.status.success(), "the commit is refused");
    let stderr = String::from_utf8_lossy(&commit.stderr);
    assert!(
        stderr.contains(&format!("{WB}: error:")) && stderr.contains("conflict"),
        "{stderr}"
    );

    // Resolving it lets the commit through.
    let mut wb = store::load(&repo.dir.join(WB)).unwrap().workbook;
    wb.conflicts.clear();
    store::save(&repo.dir.join(WB), &wb).unwrap();
    repo.git(&["add", WB]);
    repo.git(&["commit", "-qm", "merge, resolved"]);

    // Conflict markers from a hand merge are refused too, and it is the staged text that counts.
    let text = repo.read(WB);
    std::fs::write(
        repo.dir.join(WB),
        format!("<<<<<<< HEAD\n{text}=======\n{text}>>>>>>> other\n"),
    )
    .unwrap();
    repo.git(&["add", WB]);
    std::fs::write(repo.dir.join(WB), &text).unwrap();
    let commit = repo.run("git", &["commit", "-qm", "markers"]);
    assert!(!commit.status.success());
    let stderr = String::from_utf8_lossy(&commit.stderr);
    assert!(stderr.contains("unresolved merge conflict"), "{stderr}");
}

#[test]
fn an_existing_hook_is_left_alone_and_core_hooks_path_is_respected() {
    let repo = bare_repo();
    repo.git(&["config", "core.hooksPath", "team-hooks"]);
    std::fs::create_dir_all(repo.dir.join("team-hooks")).unwrap();
    let theirs = "#!/bin/sh\necho team hook\n";
    std::fs::write(repo.dir.join("team-hooks/pre-commit"), theirs).unwrap();
    let out = repo.soc2(&["git", "setup"]);
    assert_eq!(repo.read("team-hooks/pre-commit"), theirs, "never replaced");
    assert!(
        out.contains("team-hooks/pre-commit") && out.contains("git pre-commit"),
        "{out}"
    );
    assert!(!repo.dir.join(".git/hooks/pre-commit").exists());

    // Without a hook there, ours goes to core.hooksPath.
    let repo = bare_repo();
    repo.git(&["config", "core.hooksPath", "team-hooks"]);
    repo.soc2(&["git", "setup"]);
    let hook = repo.read("team-hooks/pre-commit");
    assert!(hook.contains("git pre-commit"), "{hook}");
    assert!(repo.soc2(&["git", "setup"]).contains("nothing to change"));
}
