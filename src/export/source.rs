//! Where the exported workbook comes from: the working file or a git revision, and the
//! commit and date that make the package reproducible.
//!
//! Why git is read here and not checked out: `--at REV` must reproduce a past package
//! without touching the work tree, so a revision's workbook is read with `git show`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::model::Date;

/// Why a revision could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: not inside a git repository, so --at cannot read a revision")]
    NotInGit { path: String },
    #[error("{path}: git could not read revision {rev}: {message}")]
    Git {
        path: String,
        rev: String,
        message: String,
    },
}

/// A workbook file inside a git repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repo {
    pub root: PathBuf,
    /// The file's path from the root, with `/` (what `git show REV:path` takes).
    pub rel: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// The repository holding `path`, when there is one and git is installed.
pub fn repo_of(path: &Path) -> Option<Repo> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let root = git(&dir, &["rev-parse", "--show-toplevel"]).ok()?;
    let prefix = git(&dir, &["rev-parse", "--show-prefix"]).ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some(Repo {
        root: PathBuf::from(root.trim()),
        rel: format!("{}{name}", prefix.trim()),
    })
}

/// A commit's full hash and its committer date.
pub fn commit(repo: &Repo, rev: &str) -> Result<(String, Date), SourceError> {
    let fail = |message: String| SourceError::Git {
        path: repo.rel.clone(),
        rev: rev.to_string(),
        message,
    };
    let spec = format!("{rev}^{{commit}}");
    let out = git(&repo.root, &["show", "-s", "--format=%H %cs", &spec, "--"]).map_err(fail)?;
    let mut words = out.split_whitespace();
    let hash = words.next().unwrap_or_default().to_string();
    let date = words
        .next()
        .and_then(|d| d.parse::<Date>().ok())
        .ok_or_else(|| fail(format!("unexpected output {out:?}")))?;
    Ok((hash, date))
}

/// The workbook's text at a revision, read from git (the work tree is left alone).
pub fn read_at(repo: &Repo, rev: &str) -> Result<String, SourceError> {
    let spec = format!("{rev}:{}", repo.rel);
    git(&repo.root, &["show", &spec]).map_err(|message| SourceError::Git {
        path: repo.rel.clone(),
        rev: rev.to_string(),
        message,
    })
}

/// Whether the working file differs from HEAD (its edits are not in any commit yet).
pub fn modified(repo: &Repo) -> bool {
    git(&repo.root, &["status", "--porcelain", "--", &repo.rel]).is_ok_and(|s| !s.trim().is_empty())
}

/// The last commit at or before `rev` that is dated on or before `date`, for the workbook
/// as it stood on that day.
pub fn commit_on(repo: &Repo, rev: &str, date: Date) -> Option<String> {
    let before = format!("--before={date} 23:59:59");
    let out = git(
        &repo.root,
        &["rev-list", "-1", &before, rev, "--", &repo.rel],
    )
    .ok()?;
    let hash = out.trim();
    (!hash.is_empty()).then(|| hash.to_string())
}

/// The first commit at or before `rev` that holds the workbook.
fn first_commit(repo: &Repo, rev: &str) -> Option<String> {
    let out = git(&repo.root, &["rev-list", "--reverse", rev, "--", &repo.rel]).ok()?;
    out.lines().next().map(str::to_string)
}

/// A workbook ready to export: as read, where from, and the day its figures are as of.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub workbook: crate::model::Workbook,
    pub origin: super::Origin,
    pub as_of: Date,
    pub changes_in_period: Option<Vec<crate::analysis::diff::Change>>,
}

/// Why a workbook could not be prepared for export.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Reads the workbook at `path` (or as it was at `at`), dates it by its commit (or by
/// `today` when given, or `fallback_today` outside git) and finds the changes of the
/// observation window from git history.
pub fn prepare(
    path: &Path,
    at: Option<&str>,
    today: Option<Date>,
    fallback_today: impl FnOnce() -> Date,
) -> Result<Prepared, PrepareError> {
    let repo = repo_of(path);
    let shown = path.display().to_string();
    match at {
        Some(rev) => {
            let repo = repo.ok_or(SourceError::NotInGit {
                path: shown.clone(),
            })?;
            let info = commit(&repo, rev)?;
            let text = read_at(&repo, rev)?;
            let wb = crate::store::parse(&text, Path::new(&format!("{shown}@{rev}")))?;
            Ok(dated(
                Some(&repo),
                shown,
                wb,
                Some(info),
                false,
                today,
                fallback_today,
            ))
        }
        None => {
            let wb = crate::store::load_model(path)?;
            Ok(prepare_loaded(path, wb, today, fallback_today))
        }
    }
}

/// [`prepare`] for a workbook already in memory (the app's): dated by the HEAD commit of
/// its repository, marked modified when the file differs from that commit.
pub fn prepare_loaded(
    path: &Path,
    workbook: crate::model::Workbook,
    today: Option<Date>,
    fallback_today: impl FnOnce() -> Date,
) -> Prepared {
    let repo = repo_of(path);
    let info = repo.as_ref().and_then(|r| commit(r, "HEAD").ok());
    let modified = repo.as_ref().is_some_and(modified);
    dated(
        repo.as_ref(),
        path.display().to_string(),
        workbook,
        info,
        modified,
        today,
        fallback_today,
    )
}

fn dated(
    repo: Option<&Repo>,
    shown: String,
    workbook: crate::model::Workbook,
    commit_info: Option<(String, Date)>,
    modified: bool,
    today: Option<Date>,
    fallback_today: impl FnOnce() -> Date,
) -> Prepared {
    let as_of = today
        .or(commit_info.as_ref().map(|c| c.1))
        .unwrap_or_else(fallback_today);
    let rev = commit_info.map(|c| c.0);
    let changes_in_period = match (repo, &rev) {
        (Some(repo), Some(rev)) => changes_in_window(repo, rev, &workbook, as_of),
        _ => None,
    };
    Prepared {
        workbook,
        origin: super::Origin {
            path: shown,
            commit: rev,
            modified,
        },
        as_of,
        changes_in_period,
    }
}

/// Builds the package of a prepared workbook and writes it into `out`; the files written.
pub fn export_to(
    prepared: &Prepared,
    out: &Path,
    only: &[&str],
    version: &str,
) -> Result<Vec<super::File>, String> {
    let input = super::Input {
        catalog: crate::catalog::catalog(),
        workbook: &prepared.workbook,
        origin: prepared.origin.clone(),
        as_of: prepared.as_of,
        changes_in_period: prepared.changes_in_period.clone(),
        version,
    };
    let files = super::package(&input, only).map_err(|e| e.to_string())?;
    write(out, &files).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(files)
}

/// The semantic changes from the workbook at the window's start to the workbook at its
/// end (or as exported, when the window is still running); `None` when not knowable.
fn changes_in_window(
    repo: &Repo,
    rev: &str,
    exported: &crate::model::Workbook,
    as_of: Date,
) -> Option<Vec<crate::analysis::diff::Change>> {
    let (start, end) = crate::analysis::schedule::observation_window(exported)?;
    if as_of < start {
        return None;
    }
    let cat = crate::catalog::catalog();
    let at = |commit: &str| -> Option<crate::model::Workbook> {
        let text = read_at(repo, commit).ok()?;
        crate::store::parse(&text, Path::new(&repo.rel)).ok()
    };
    // A workbook first committed inside the window starts from its first commit.
    let first = commit_on(repo, rev, start).or_else(|| first_commit(repo, rev))?;
    let old = at(&first)?;
    let new = if as_of <= end {
        exported.clone()
    } else {
        at(&commit_on(repo, rev, end)?)?
    };
    Some(crate::analysis::diff::diff(cat, &old, &new))
}

/// Writes the package's files into `dir` (created as needed), each whole or not at all.
pub fn write(dir: &Path, files: &[super::File]) -> std::io::Result<()> {
    for f in files {
        let target = dir.join(&f.name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let tmp = target.with_extension("soc2-tmp");
        std::fs::write(&tmp, &f.bytes)?;
        std::fs::rename(&tmp, &target)?;
    }
    Ok(())
}
