//! `soc2 policy …`: write the standard policy skeletons, keep the register (approvals from
//! git or by hand, reviews, acknowledgements one by one or imported from a CSV export).
//!
//! Why the file hash here: only the binary's edge reads files; the analysis is told each
//! policy file's current SHA-256 and judges "changed since approval" from it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::analysis::check::Finding;
use crate::analysis::policy::{self as rules, FileNow};
use crate::catalog::catalog;
use crate::catalog::policies::{policy_set, render_skeleton};
use crate::edit::{self, EditError};
use crate::evidence::{file_hash, repo_root};
use crate::model::{Date, Workbook};
use crate::store;

use super::edit_file::edit_workbook;
use super::{EXIT_OK, EXIT_USAGE, output, parse_date};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: PolicyCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// Write a Markdown skeleton for each policy the scope needs and add it to the register
    /// (an existing file is never overwritten).
    Init(InitArgs),
    /// List the register: state, version, approval, next review, acknowledgements.
    List(ListArgs),
    /// Record the approval of a policy file as it is now (a changed file becomes a new version).
    Approve(ApproveArgs),
    /// Record the periodic review of an approved policy that stays as it is.
    Review(ReviewArgs),
    /// Record a person's acknowledgement, or import them: `policy ack import PATH --csv FILE`.
    Ack(AckArgs),
    /// Change a policy's owner or review cadence.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The folder for the policy files, relative to the repository holding the workbook.
    #[arg(long, default_value = "policies")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The workbook.
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["by", "from_git"])))]
pub struct ApproveArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The policy id (see `soc2 policy list`).
    pub policy: String,
    /// The approver's handle.
    #[arg(long)]
    pub by: Option<String>,
    /// The approval date (default today).
    #[arg(long, value_parser = parse_date, conflicts_with = "from_git")]
    pub date: Option<Date>,
    /// Take the approver, date and commit from the merge commit that last changed the file
    /// (`--by` still names the approver when the commit's author is not in the team).
    #[arg(long)]
    pub from_git: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The policy id.
    pub policy: String,
    /// The reviewer's handle.
    #[arg(long)]
    pub by: String,
    /// The review date (default today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AckArgs {
    #[command(subcommand)]
    pub import: Option<AckCommand>,
    /// The workbook.
    #[arg(required = true)]
    pub path: Option<PathBuf>,
    /// The policy id.
    #[arg(required = true)]
    pub policy: Option<String>,
    /// The handle of the person who acknowledged it.
    #[arg(long, required = true)]
    pub member: Option<String>,
    /// The version acknowledged (default the version in force).
    #[arg(long)]
    pub version: Option<u32>,
    /// When (default today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
}

#[derive(Debug, clap::Subcommand)]
pub enum AckCommand {
    /// Import acknowledgements from a CSV export (columns: member, policy, date and
    /// optionally version); a bad row writes nothing, a row already recorded is skipped.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The CSV file (from an e-signature or HR tool).
    #[arg(long)]
    pub csv: PathBuf,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(true).args(["owner", "review_months"])))]
pub struct SetArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The policy id.
    pub policy: String,
    /// The owner's handle (`none` to clear).
    #[arg(long)]
    pub owner: Option<String>,
    /// Months between reviews (12 is annual).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=24))]
    pub review_months: Option<u8>,
}

/// What a policy file looks like on disk now, relative to the workbook's repository.
pub fn file_now(workbook: &Path, file: &str) -> FileNow {
    file_hash(workbook, file).map_or(FileNow::Missing, FileNow::Hash)
}

/// `soc2 check`'s register and people warnings for the workbook at `path`.
pub fn warnings(path: &Path, wb: &Workbook, today: Date) -> Vec<Finding> {
    rules::warnings(catalog(), policy_set(), wb, &|f| file_now(path, f), today)
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    match args.command {
        PolicyCommand::Init(a) => init(a),
        PolicyCommand::List(a) => list(a, today),
        PolicyCommand::Approve(a) => approve(a, today),
        PolicyCommand::Review(a) => {
            let date = a.date.unwrap_or(today);
            let done = edit_workbook(&a.path, |wb| {
                edit::review_policy(wb, &a.policy, &a.by, date)
            });
            Ok(report(done, || {
                format!("{}: reviewed by {} on {date}", a.policy, a.by)
            }))
        }
        PolicyCommand::Ack(a) => match a.import {
            Some(AckCommand::Import(i)) => import(i),
            None => ack(a, today),
        },
        PolicyCommand::Set(a) => {
            let owner = a.owner.as_deref().map(|o| (o != "none").then_some(o));
            let done = edit_workbook(&a.path, |wb| {
                if let Some(owner) = owner {
                    edit::set_policy_owner(wb, &a.policy, owner)?;
                }
                if let Some(m) = a.review_months {
                    edit::set_policy_review_months(wb, &a.policy, m)?;
                }
                Ok(())
            });
            Ok(report(done, || format!("{}: updated", a.policy)))
        }
    }
}

/// Prints the outcome of an edit: its message, or nothing more after the error.
fn report<T>(done: Result<T, u8>, message: impl FnOnce() -> String) -> u8 {
    match done {
        Ok(_) => {
            output::print(&message());
            EXIT_OK
        }
        Err(code) => code,
    }
}

fn init(args: InitArgs) -> anyhow::Result<u8> {
    let root = repo_root(&args.path);
    let dir = if args.dir.is_absolute() {
        match args.dir.strip_prefix(&root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => {
                output::error(&format!(
                    "error: {} is outside the repository {}; policy files live in the repository",
                    args.dir.display(),
                    root.display()
                ));
                return Ok(EXIT_USAGE);
            }
        }
    } else {
        args.dir.clone()
    };
    let rel = |name: &str| dir.join(name).to_string_lossy().replace('\\', "/");
    let done = edit_workbook(&args.path, |wb| {
        let mut files = Vec::new();
        let mut registered = 0;
        for t in policy_set().for_scope(wb) {
            let file = wb
                .policies
                .get(&t.id)
                .map_or_else(|| rel(&t.template), |r| r.file.clone());
            if edit::register_policy(wb, &t.id, &file)? {
                registered += 1;
            }
            files.push((file, render_skeleton(catalog(), wb, t)));
        }
        Ok((files, registered))
    });
    let (files, registered) = match done {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let mut lines = Vec::new();
    for (file, text) in files {
        let target = root.join(&file);
        if target.exists() {
            lines.push(format!("kept    {file} (already there)"));
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // `create_new`: a file that appeared meanwhile is still never overwritten.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
        {
            Ok(mut f) => {
                std::io::Write::write_all(&mut f, text.as_bytes())?;
                lines.push(format!("wrote   {file}"));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                lines.push(format!("kept    {file} (already there)"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    lines.push(format!(
        "{registered} polic{} added to the register of {}; edit each file, then `soc2 policy approve`",
        if registered == 1 { "y" } else { "ies" },
        args.path.display()
    ));
    output::print(&lines.join("\n"));
    Ok(EXIT_OK)
}

fn list(args: ListArgs, today: Date) -> anyhow::Result<u8> {
    let loaded = match store::load(&args.path) {
        Ok(l) => l,
        Err(err) => return Ok(output::store_error(&err)),
    };
    let wb = &loaded.workbook;
    let rows = rules::policy_rows(policy_set(), wb, &|f| file_now(&args.path, f), today);
    if rows.is_empty() {
        output::print("The register is empty: `soc2 policy init PATH` writes the standard set.");
        return Ok(EXIT_OK);
    }
    let mut lines = vec![format!(
        "{:<22} {:<23} {:>3} {:<22} {:<11} {:>5}",
        "Policy", "State", "Ver", "Approved", "Next review", "Acks"
    )];
    for r in rows {
        let approved = r
            .approval
            .map_or_else(|| "-".to_string(), |a| format!("{} {}", a.by, a.date));
        let next = r
            .next_review
            .map_or_else(|| "-".to_string(), |d| d.to_string());
        let state = if r.file_missing {
            "file missing".to_string()
        } else {
            r.state.label().to_string()
        };
        let acks = if r.approval.is_some() {
            format!("{}/{}", r.acknowledged, r.to_acknowledge)
        } else {
            "-".to_string()
        };
        lines.push(format!(
            "{:<22} {:<23} {:>3} {:<22} {:<11} {:>5}",
            r.id, state, r.record.version, approved, next, acks
        ));
    }
    output::print(&lines.join("\n"));
    Ok(EXIT_OK)
}

/// Who merged a change to a file, when, in which commit.
struct FromGit {
    commit: String,
    name: String,
    email: String,
    date: Date,
    merge: bool,
}

/// The merge commit on the first-parent history that last changed `file`, else the last
/// commit that changed it.
fn from_git(root: &Path, file: &str) -> Result<FromGit, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git ({e}); pass --by and --date instead"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    git(&["rev-parse", "--show-toplevel"]).map_err(|_| {
        format!(
            "{} is not in a git repository: --from-git reads the policy file's history; pass --by and --date instead",
            root.display()
        )
    })?;
    let dirty = git(&["status", "--porcelain", "--", file])?;
    if !dirty.is_empty() {
        return Err(format!(
            "{file} has changes that are not committed; an approval from git is of the committed text (commit and merge it first)"
        ));
    }
    const FORMAT: &str = "--format=%H%x1f%an%x1f%ae%x1f%cs";
    let mut merge = true;
    let mut line = git(&[
        "log",
        "--first-parent",
        "--merges",
        "-1",
        FORMAT,
        "--",
        file,
    ])?;
    if line.is_empty() {
        merge = false;
        line = git(&["log", "-1", FORMAT, "--", file])?;
    }
    if line.is_empty() {
        return Err(format!(
            "{file} has no commit yet: commit and merge it first"
        ));
    }
    let parts: Vec<&str> = line.split('\u{1f}').collect();
    let [commit, name, email, date] = parts.as_slice() else {
        return Err(format!("unexpected git output: {line}"));
    };
    Ok(FromGit {
        commit: commit.to_string(),
        name: name.to_string(),
        email: email.to_string(),
        date: date.parse().map_err(|e| format!("{e}"))?,
        merge,
    })
}

/// The team member a commit author is: by handle (the e-mail's local part or the name)
/// or by display name.
fn member_for(wb: &Workbook, name: &str, email: &str) -> Option<String> {
    let local = email.split('@').next().unwrap_or_default();
    wb.team
        .iter()
        .find(|m| {
            m.id.eq_ignore_ascii_case(local)
                || m.id.eq_ignore_ascii_case(name)
                || m.name.eq_ignore_ascii_case(name)
        })
        .map(|m| m.id.clone())
}

fn approve(args: ApproveArgs, today: Date) -> anyhow::Result<u8> {
    let root = repo_root(&args.path);
    let path = args.path.clone();
    let mut note = None;
    let done = edit_workbook(&args.path, |wb| {
        let file = wb
            .policies
            .get(&args.policy)
            .map(|p| p.file.clone())
            .ok_or_else(|| {
                EditError::Invalid(format!(
                    "no policy \"{}\" in the register (see `soc2 policy list`)",
                    args.policy
                ))
            })?;
        let sha = file_hash(&path, &file);
        let (by, date, commit) = if args.from_git {
            let g = from_git(&root, &file).map_err(EditError::Invalid)?;
            let by = match (&args.by, member_for(wb, &g.name, &g.email)) {
                (Some(by), _) => by.clone(),
                (None, Some(m)) => m,
                (None, None) => {
                    return Err(EditError::Invalid(format!(
                        "the commit's author {} <{}> is not in the team; name the approver with --by",
                        g.name, g.email
                    )));
                }
            };
            if !g.merge {
                note = Some(format!(
                    "note: no merge commit changed {file}; took the last commit that did ({})",
                    g.commit.get(..10).unwrap_or(&g.commit)
                ));
            }
            (by, g.date, Some(g.commit))
        } else {
            let by = args.by.clone().unwrap_or_default();
            (by, args.date.unwrap_or(today), None)
        };
        let outcome = edit::approve_policy(wb, &args.policy, &by, date, commit, sha.clone())?;
        Ok((outcome, by, date, sha.is_some()))
    });
    if let Some(note) = note {
        output::error(&note);
    }
    Ok(match done {
        Ok((outcome, by, date, hashed)) => {
            let what = match outcome {
                edit::Approved::First(v) => format!("version {v} approved"),
                edit::Approved::NewVersion(v) => {
                    format!(
                        "the file changed: version {v} approved (everyone acknowledges it again)"
                    )
                }
            };
            let hash = if hashed {
                ""
            } else {
                " (the file is not in the repository, so a later change cannot be seen)"
            };
            output::print(&format!("{}: {what} by {by} on {date}{hash}", args.policy));
            EXIT_OK
        }
        Err(code) => code,
    })
}

fn ack(args: AckArgs, today: Date) -> anyhow::Result<u8> {
    let (Some(path), Some(policy), Some(member)) = (args.path, args.policy, args.member) else {
        output::error(
            "error: give PATH POLICY --member M (or `policy ack import PATH --csv FILE`)",
        );
        return Ok(EXIT_USAGE);
    };
    let date = args.date.unwrap_or(today);
    let done = edit_workbook(&path, |wb| {
        let added = edit::acknowledge_policy(wb, &policy, &member, args.version, date)?;
        let version = args.version.unwrap_or_else(|| wb.policies[&policy].version);
        Ok((added, version))
    });
    Ok(match done {
        Ok((true, v)) => {
            output::print(&format!(
                "{policy} version {v}: acknowledged by {member} on {date}"
            ));
            EXIT_OK
        }
        Ok((false, v)) => {
            output::print(&format!(
                "{policy} version {v}: {member}'s acknowledgement on {date} was already recorded"
            ));
            EXIT_OK
        }
        Err(code) => code,
    })
}

/// One acknowledgement read from the CSV, with the line it came from.
struct Row {
    line: u64,
    member: (String, usize),
    policy: (String, usize),
    version: Option<(u32, usize)>,
    date: Date,
}

/// Reads the whole CSV first: a row that cannot be read is an error naming its row and
/// column, before anything is written.
fn read_csv(file: &Path) -> Result<Vec<Row>, String> {
    let shown = file.display();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_path(file)
        .map_err(|e| format!("{shown}: {e}"))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{shown}:1: {e}"))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
    };
    let need = |name: &str| {
        column(name).ok_or_else(|| {
            format!("{shown}:1: no \"{name}\" column (the header needs member, policy, date; version is optional)")
        })
    };
    let (m, p, d) = (need("member")?, need("policy")?, need("date")?);
    let v = column("version");
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            format!("{shown}:{line}: {e}")
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| record.get(i).unwrap_or_default().to_string();
        let at = |i: usize, msg: String| format!("{shown}:{line}:{}: {msg}", i + 1);
        let date = cell(d)
            .parse::<Date>()
            .map_err(|_| at(d, format!("\"{}\" is not a date (YYYY-MM-DD)", cell(d))))?;
        let version = match v.map(|i| (i, cell(i))) {
            Some((_, text)) if text.is_empty() => None,
            Some((i, text)) => Some((
                text.trim_start_matches(['v', 'V'])
                    .parse()
                    .map_err(|_| at(i, format!("\"{text}\" is not a version number")))?,
                i,
            )),
            None => None,
        };
        for (i, what) in [(m, "member"), (p, "policy")] {
            if cell(i).is_empty() {
                return Err(at(i, format!("the {what} is empty")));
            }
        }
        rows.push(Row {
            line,
            member: (cell(m), m),
            policy: (cell(p), p),
            version,
            date,
        });
    }
    Ok(rows)
}

fn import(args: ImportArgs) -> anyhow::Result<u8> {
    let rows = match read_csv(&args.csv) {
        Ok(rows) => rows,
        Err(message) => {
            output::error(&format!(
                "error: {message}; {} was not changed",
                args.path.display()
            ));
            return Ok(EXIT_USAGE);
        }
    };
    let shown = args.csv.display().to_string();
    let done = edit_workbook(&args.path, |wb| {
        let (mut added, mut known) = (0, 0);
        for r in &rows {
            let at = |col: usize, e: EditError| {
                EditError::Invalid(format!("{shown}:{}:{}: {e}", r.line, col + 1))
            };
            if wb.member(&r.member.0).is_none() {
                return Err(at(r.member.1, EditError::UnknownMember(r.member.0.clone())));
            }
            let col = if wb.policies.contains_key(&r.policy.0) {
                r.version.map_or(r.policy.1, |v| v.1)
            } else {
                r.policy.1
            };
            match edit::acknowledge_policy(
                wb,
                &r.policy.0,
                &r.member.0,
                r.version.map(|v| v.0),
                r.date,
            ) {
                Ok(true) => added += 1,
                Ok(false) => known += 1,
                Err(e) => return Err(at(col, e)),
            }
        }
        Ok((added, known))
    });
    Ok(match done {
        Ok((added, known)) => {
            output::print(&format!(
                "imported {added} acknowledgement{} from {shown} ({known} already recorded)",
                if added == 1 { "" } else { "s" }
            ));
            EXIT_OK
        }
        Err(code) => code,
    })
}

/// `soc2 status --format json`'s `policies` and `people` values.
pub fn status_json(
    path: &Path,
    wb: &Workbook,
    today: Date,
) -> (serde_json::Value, serde_json::Value) {
    use serde_json::json;
    let now = |f: &str| file_now(path, f);
    let set = policy_set();
    let fig = rules::figures(catalog(), set, wb, &now, today);
    let register: Vec<serde_json::Value> = rules::policy_rows(set, wb, &now, today)
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "title": r.title,
                "file": r.record.file,
                "owner": r.record.owner,
                "version": r.record.version,
                "state": r.state.id(),
                "file_missing": r.file_missing,
                "approved_by": r.approval.map(|a| a.by.clone()),
                "approved_on": r.approval.map(|a| a.date.to_string()),
                "commit": r.approval.and_then(|a| a.commit.clone()),
                "next_review": r.next_review.map(|d| d.to_string()),
                "acknowledged": r.acknowledged,
                "to_acknowledge": r.to_acknowledge,
            })
        })
        .collect();
    let policies = json!({
        "total": fig.policies,
        "approved": fig.approved,
        "not_approved": fig.drafts,
        "changed_since_approval": fig.changed,
        "review_overdue": fig.review_overdue,
        "register": register,
    });
    let members: Vec<serde_json::Value> = wb
        .team
        .iter()
        .map(|m| {
            let gaps: Vec<serde_json::Value> = rules::person_gaps(catalog(), set, wb, m, today)
                .iter()
                .map(|g| {
                    json!({
                        "text": g.describe(set),
                        "due": g.due.map(|d| d.to_string()),
                        "overdue": g.overdue,
                    })
                })
                .collect();
            json!({
                "id": m.id,
                "name": m.name,
                "active": rules::is_active(m, today),
                "joined": m.joined.map(|d| d.to_string()),
                "left": m.left.map(|d| d.to_string()),
                "background_check": m.background_check.map(|d| d.to_string()),
                "training": m.training.iter().map(Date::to_string).collect::<Vec<_>>(),
                "device_enrolled": m.device_enrolled.map(|d| d.to_string()),
                "gaps": if rules::keeps_people_register(wb) { gaps } else { Vec::new() },
            })
        })
        .collect();
    let people = json!({
        "active": fig.active_people,
        "leavers": fig.leavers,
        "with_overdue": fig.people_with_overdue,
        "acknowledgements_missing": fig.acks_missing,
        "members": members,
    });
    (policies, people)
}

/// `soc2 status`'s lines about the register and the people (none while neither is kept).
pub fn status_text(path: &Path, wb: &Workbook, today: Date) -> Vec<String> {
    let set = policy_set();
    if !rules::keeps_people_register(wb) {
        return Vec::new();
    }
    let fig = rules::figures(catalog(), set, wb, &|f| file_now(path, f), today);
    let mut lines = vec![
        String::new(),
        format!(
            "Policies: {} in the register, {} approved, {} not approved, {} changed since approval, {} reviews overdue",
            fig.policies, fig.approved, fig.drafts, fig.changed, fig.review_overdue
        ),
        format!(
            "People: {} active, {} leaver{}; {} with something overdue, {} acknowledgement{} missing",
            fig.active_people,
            fig.leavers,
            if fig.leavers == 1 { "" } else { "s" },
            fig.people_with_overdue,
            fig.acks_missing,
            if fig.acks_missing == 1 { "" } else { "s" }
        ),
    ];
    for g in rules::people_gaps(catalog(), set, wb, today)
        .iter()
        .filter(|g| g.overdue)
    {
        lines.push(format!("  {}: {}", g.member, g.describe(set)));
    }
    lines
}
