//! `soc2 merge BASE OURS THEIRS [--marker-size L] [--path P]`: git's merge driver for workbooks.
//!
//! Why these rules: git runs the driver `soc2 git setup` registers (`soc2 merge %O %A %B
//! --marker-size %L --path %P` inside a small wrapper) and takes whatever is in `%A`
//! afterwards, marking the file conflicted if the exit code is not 0. So the merged
//! workbook is written to OURS atomically and in canonical form (never with conflict
//! markers); a field changed two ways keeps ours in place with both values in a conflict
//! record, and the exit is 1 so git (and the person) notice. If any input does not load (a
//! newer format, a parse error), OURS is left exactly as it was and the exit is 2: the
//! wrapper then runs git's text merge, whose conflict markers `soc2 check` refuses. Messages
//! name the workbook's own path (%P), never git's `.merge_file_XXXXXX`.

use std::path::{Path, PathBuf};

use crate::merge::merge3;
use crate::model::{FORMAT_VERSION, Workbook};
use crate::store::{self, StoreError};

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor (git's %O; empty when there is none).
    pub base: PathBuf,
    /// Our version (git's %A); the merge result replaces it.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// Conflict marker size (git's %L); unused, as no markers are ever written.
    #[arg(long, value_name = "L")]
    pub marker_size: Option<String>,
    /// The workbook's path in the repository (git's %P): messages name it, not git's temporary files.
    #[arg(long, value_name = "P")]
    pub path: Option<PathBuf>,
    /// MARKER-SIZE and PATH as plain words, the form `soc2 git setup` wrote before.
    #[arg(hide = true, num_args = 0..=2)]
    pub legacy: Vec<PathBuf>,
}

/// Loads the model of `file` (its text is never held whole), with errors about its
/// content naming `shown` (the workbook's path in the repository) instead of the
/// temporary file git handed over.
pub(super) fn load_as(file: &Path, shown: &Path) -> Result<Workbook, StoreError> {
    store::load_model(file).map_err(|e| named(e, shown))
}

/// [`load_as`], sharing every record equal to `like`'s (see [`store::load_model_like`]).
pub(super) fn load_like(
    file: &Path,
    shown: &Path,
    like: &Workbook,
) -> Result<Workbook, StoreError> {
    store::load_model_like(file, like).map_err(|e| named(e, shown))
}

/// The same error about `shown` instead of the file actually read; I/O errors keep the real file.
fn named(err: StoreError, shown: &Path) -> StoreError {
    let path = shown.to_path_buf();
    match err {
        StoreError::Syntax {
            line,
            col,
            message,
            hint,
            ..
        } => StoreError::Syntax {
            path,
            line,
            col,
            message,
            hint,
        },
        StoreError::MergeConflict { line, .. } => StoreError::MergeConflict { path, line },
        StoreError::NewerVersion {
            found, supported, ..
        } => StoreError::NewerVersion {
            path,
            found,
            supported,
        },
        other => other,
    }
}

/// A base that git gives as an empty file (no common ancestor) is an empty workbook.
fn load_base(path: &Path, shown: &Path) -> Result<Workbook, StoreError> {
    // Only a small file can be blank; a large base is never read whole just to ask.
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= 4096);
    match small.then(|| std::fs::read(path)) {
        Some(Ok(bytes)) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(Workbook::default()),
        _ => load_as(path, shown),
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let shown = args
        .path
        .clone()
        .or_else(|| args.legacy.get(1).cloned())
        .unwrap_or_else(|| args.ours.clone());
    let name = shown.display().to_string();
    // The base first; then ours and theirs side by side (parsing is most of a large
    // merge), each sharing every record equal to the base's, so the three models cost
    // about one model and what the two sides changed. No text is ever held whole.
    let loaded = load_base(&args.base, &shown).and_then(|base| {
        let (ours, theirs) = std::thread::scope(|s| {
            let theirs = s.spawn(|| load_like(&args.theirs, &shown, &base));
            let ours = load_like(&args.ours, &shown, &base);
            let theirs = theirs
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (ours, theirs)
        });
        Ok((base, ours?, theirs?))
    });
    let (base, ours, theirs) = match loaded {
        Ok(sides) => sides,
        Err(e) => {
            // Exit 2, never 1: 1 means "merged, conflicts recorded", and git's fallback
            // (the text merge in the driver `soc2 git setup` writes) must take over instead.
            output::error(&e.to_string());
            output::error(&format!(
                "soc2 merge: {name}: not merged; our version was left as it is"
            ));
            return Ok(EXIT_USAGE);
        }
    };
    let result = merge3(&base, &ours, &theirs);
    drop((base, ours, theirs));
    // No re-parse of our own output before writing: every value in the result came from
    // a parsed input (the merge only picks, moves and records them), the merge's last step
    // checks the result (a finding neither side had becomes a conflict), and serialise →
    // parse is the identity for every workbook (`save_then_load_is_the_identity` in
    // tests/store_roundtrip.rs, and for merge results
    // `a_merge_is_always_a_loadable_workbook_holding_both_sides_additions`). Re-reading a
    // 100,000-item result cost a fourth full parse and a second copy in memory.
    if result.workbook.version > FORMAT_VERSION {
        output::error(&format!(
            "soc2 merge: {name}: internal error, the merged workbook would not load again; our version was left as it is"
        ));
        return Ok(EXIT_USAGE);
    }
    let written = store::write_atomic_streamed(&args.ours, |out| {
        store::write_canonical(&result.workbook, out)
    });
    if let Err(e) = written {
        return Ok(output::store_error(&e));
    }
    if result.is_clean() {
        return Ok(EXIT_OK);
    }
    let n = result.conflicts.len();
    output::error(&format!(
        "soc2 merge: {name}: {n} conflict{} kept in the workbook (our value in place, both recorded):",
        if n == 1 { "" } else { "s" }
    ));
    for c in &result.conflicts {
        output::error(&format!(
            "  {}: ours \"{}\", theirs \"{}\"",
            c.location, c.ours, c.theirs
        ));
    }
    output::error(
        "  resolve them in the app (or edit the file), run `soc2 check`, then `git add` it",
    );
    Ok(EXIT_INVALID)
}
