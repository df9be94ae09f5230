//! Issue 15's acceptance test, run as a team would: `soc2 policy init`, approvals taken
//! from the merge commit, a three-person team acknowledging every policy on two branches
//! (one by CSV import), the change read in plain words in `git log`, and a merge of the
//! two branches that keeps every acknowledgement.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use soc2_workbook::store;

const SOC2: &str = env!("CARGO_BIN_EXE_soc2");
const WB: &str = "workbooks/acme.ron";
const TEAM: [&str; 3] = ["maria", "tomas", "lena"];

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("SOC2_TODAY", "2026-11-22")
        .env("SOC2_NO_PREFS", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_DATE", "2026-11-20T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-20T12:00:00Z")
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

/// A repository with the drivers set up and a committed workbook of a three-person team
/// whose people records are complete.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir_all(dir.join("workbooks")).unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["checkout", "-q", "-b", "main"]);
    git(&dir, &["config", "user.name", "Maria Lopez"]);
    git(&dir, &["config", "user.email", "maria@acme.test"]);
    git(&dir, &["config", "commit.gpgsign", "false"]);
    soc2(&dir, &["git", "setup"]);
    soc2(&dir, &["new", WB, "--org", "Acme"]);
    for id in TEAM {
        soc2(&dir, &["people", "add", WB, id, "--joined", "2026-06-01"]);
        soc2(
            &dir,
            &[
                "people",
                "set",
                WB,
                id,
                "--background-check",
                "2026-05-20",
                "--training",
                "2026-06-10",
                "--device-enrolled",
                "2026-06-01",
            ],
        );
    }
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "workbook and team"]);
    (tmp, dir)
}

fn policy_ids(dir: &Path) -> Vec<String> {
    let wb = store::load(&dir.join(WB)).unwrap().workbook;
    wb.policies.keys().cloned().collect()
}

#[test]
fn from_policy_init_to_every_policy_approved_and_acknowledged_by_a_three_person_team() {
    let (_tmp, dir) = repo();

    // The policies are written on a branch and merged through review.
    git(&dir, &["checkout", "-q", "-b", "policies"]);
    let init = soc2(&dir, &["policy", "init", WB]);
    assert!(
        init.contains("wrote   policies/access-control.md"),
        "{init}"
    );
    assert!(init.contains("12 policies added to the register"), "{init}");
    assert!(
        !init.contains("privacy"),
        "privacy only when Privacy is in scope: {init}"
    );
    let text = std::fs::read_to_string(dir.join("policies/access-control.md")).unwrap();
    assert!(
        text.contains("within 24 hours"),
        "the team's revocation deadline: {text}"
    );
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "Policy set"]);
    git(&dir, &["checkout", "-q", "main"]);
    git(
        &dir,
        &[
            "merge",
            "-q",
            "--no-ff",
            "policies",
            "-m",
            "Merge the policy set",
        ],
    );
    let merge = git(&dir, &["rev-parse", "HEAD"]);

    // A second init keeps what is there.
    let again = soc2(&dir, &["policy", "init", WB]);
    assert!(
        again.contains("kept    policies/access-control.md (already there)"),
        "{again}"
    );
    assert!(again.contains("0 policies added"), "{again}");

    let ids = policy_ids(&dir);
    assert_eq!(ids.len(), 12);
    for id in &ids {
        let out = soc2(&dir, &["policy", "approve", WB, id, "--from-git"]);
        assert!(
            out.contains("version 1 approved by maria on 2026-11-20"),
            "{out}"
        );
    }
    let wb = store::load(&dir.join(WB)).unwrap().workbook;
    let approval = &wb.policies["access-control"].approvals[0];
    assert_eq!(approval.commit.as_deref(), Some(merge.trim()));
    assert!(
        approval.sha256.is_some(),
        "the approved text is pinned by its hash"
    );
    git(&dir, &["commit", "-qam", "Approve the policy set"]);

    // Two branches: tomas's acknowledgements come from the e-signature tool's export,
    // maria and lena acknowledge on another branch.
    git(&dir, &["checkout", "-q", "-b", "tomas"]);
    let mut csv = String::from("member,policy,version,date\n");
    for id in &ids {
        csv.push_str(&format!("tomas,{id},1,2026-11-21\n"));
    }
    std::fs::write(dir.join("export.csv"), &csv).unwrap();
    let imported = soc2(
        &dir,
        &["policy", "ack", "import", WB, "--csv", "export.csv"],
    );
    assert!(
        imported.contains("imported 12 acknowledgements"),
        "{imported}"
    );
    let twice = soc2(
        &dir,
        &["policy", "ack", "import", WB, "--csv", "export.csv"],
    );
    assert!(
        twice.contains("imported 0 acknowledgements") && twice.contains("12 already recorded"),
        "{twice}"
    );
    git(&dir, &["commit", "-qam", "tomas acknowledged the policies"]);
    let log = git(&dir, &["log", "-p", "--ext-diff", "-1"]);
    assert!(
        log.contains(
            "~ access-control · Access Control Policy: acknowledged version 1: tomas 2026-11-21"
        ),
        "the diff reads in plain words: {log}"
    );

    git(&dir, &["checkout", "-q", "main"]);
    git(&dir, &["checkout", "-q", "-b", "others"]);
    for id in &ids {
        for who in ["maria", "lena"] {
            soc2(
                &dir,
                &[
                    "policy",
                    "ack",
                    WB,
                    id,
                    "--member",
                    who,
                    "--date",
                    "2026-11-21",
                ],
            );
        }
    }
    git(
        &dir,
        &["commit", "-qam", "maria and lena acknowledged the policies"],
    );

    git(&dir, &["checkout", "-q", "tomas"]);
    git(
        &dir,
        &[
            "merge",
            "-q",
            "others",
            "-m",
            "Merge the other acknowledgements",
        ],
    );
    let wb = store::load(&dir.join(WB)).unwrap().workbook;
    assert!(wb.conflicts.is_empty(), "{:?}", wb.conflicts);
    for id in &ids {
        for who in TEAM {
            assert!(
                wb.policies[id].ack(who, 1).is_some(),
                "{who} acknowledged {id}"
            );
        }
    }

    let check = run(&dir, SOC2, &["check", WB]);
    let warnings = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{warnings}");
    assert!(
        !warnings.contains("policy "),
        "every policy approved: {warnings}"
    );
    assert!(
        !warnings.contains("team member"),
        "nobody owes anything: {warnings}"
    );

    let status = soc2(&dir, &["status", WB, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(v["policies"]["total"], 12);
    assert_eq!(v["policies"]["approved"], 12);
    assert_eq!(v["policies"]["changed_since_approval"], 0);
    assert_eq!(v["people"]["active"], 3);
    assert_eq!(v["people"]["acknowledgements_missing"], 0);
    assert_eq!(v["policies"]["register"][1]["acknowledged"], 3);

    // An edit after approval shows until the new version is approved.
    std::fs::write(
        dir.join("policies/encryption.md"),
        "# Encryption\nchanged\n",
    )
    .unwrap();
    let check = run(&dir, SOC2, &["check", WB]);
    let warnings = String::from_utf8_lossy(&check.stderr);
    assert!(
        warnings.contains("policy encryption: policies/encryption.md changed since version 1 was approved on 2026-11-20"),
        "{warnings}"
    );
}

#[test]
fn a_bad_row_in_an_acknowledgement_export_names_its_row_and_column_and_writes_nothing() {
    let (_tmp, dir) = repo();
    soc2(&dir, &["policy", "init", WB]);
    soc2(
        &dir,
        &[
            "policy",
            "approve",
            WB,
            "access-control",
            "--by",
            "maria",
            "--date",
            "2026-11-20",
        ],
    );
    let before = std::fs::read(dir.join(WB)).unwrap();
    for (csv, wanted) in [
        (
            "member,policy,date\ntomas,access-control,2026-11-21\nghost,access-control,2026-11-21\n",
            "export.csv:3:1: \"ghost\" is not in the team",
        ),
        (
            "member,policy,date\ntomas,access-control,21/11/2026\n",
            "export.csv:2:3: \"21/11/2026\" is not a date",
        ),
        (
            "member,policy,date\ntomas,encryption,2026-11-21\n",
            "export.csv:2:2: encryption version 1 has not been approved",
        ),
        ("who,policy,date\n", "export.csv:1: no \"member\" column"),
    ] {
        std::fs::write(dir.join("export.csv"), csv).unwrap();
        let out = run(
            &dir,
            SOC2,
            &["policy", "ack", "import", WB, "--csv", "export.csv"],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(wanted), "{wanted}: {err}");
        assert!(err.contains("was not changed"), "{err}");
        assert_eq!(
            std::fs::read(dir.join(WB)).unwrap(),
            before,
            "nothing written"
        );
    }
}

#[test]
fn approval_from_git_outside_a_repository_says_what_to_do_instead() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    soc2(dir, &["new", "wb.ron", "--org", "Acme"]);
    soc2(dir, &["people", "add", "wb.ron", "maria"]);
    soc2(dir, &["policy", "init", "wb.ron"]);
    let before = std::fs::read(dir.join("wb.ron")).unwrap();
    let out = run(
        dir,
        SOC2,
        &["policy", "approve", "wb.ron", "encryption", "--from-git"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is not in a git repository"), "{err}");
    assert!(err.contains("pass --by and --date instead"), "{err}");
    assert_eq!(std::fs::read(dir.join("wb.ron")).unwrap(), before);
}

#[test]
fn a_background_check_after_system_access_and_late_training_are_warnings_not_errors() {
    let (_tmp, dir) = repo();
    soc2(
        &dir,
        &[
            "people",
            "set",
            WB,
            "tomas",
            "--background-check",
            "2026-06-15",
        ],
    );
    soc2(
        &dir,
        &["people", "add", WB, "sam", "--joined", "2026-10-01"],
    );
    let check = run(&dir, SOC2, &["check", WB]);
    let warnings = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{warnings}");
    assert!(
        warnings.contains("team member tomas: background check finished 2026-06-15, after system access on 2026-06-01"),
        "{warnings}"
    );
    assert!(
        warnings.contains("team member sam: no security awareness training since joining: overdue since 2026-10-31"),
        "{warnings}"
    );
    assert!(
        warnings.contains("team member sam: work device not enrolled"),
        "{warnings}"
    );
}
