//! `soc2 merge BASE OURS THEIRS [MARKER-SIZE] [PATH]`: git's merge driver for workbooks.
//!
//! Why these rules: git calls `merge.soc2.driver = soc2 merge %O %A %B %L %P` and takes
//! whatever is in `%A` afterwards, marking the file conflicted if the exit code is not 0.
//! So the merged workbook is written to OURS atomically and in canonical form (never with
//! conflict markers); a field changed two ways keeps ours in place with both values in a
//! conflict record, and the exit is 1 so git (and the person) notice. If any input does
//! not parse, OURS is left exactly as it was and the exit is non-zero: git then reports a
//! conflict with our version in place, and nothing is lost.

use std::path::{Path, PathBuf};

use crate::merge::merge3;
use crate::model::Workbook;
use crate::store;

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
    pub marker_size: Option<String>,
    /// The workbook's path in the repository (git's %P), for messages.
    pub path: Option<PathBuf>,
}

/// A base that git gives as an empty file (no common ancestor) is an empty workbook.
fn load_base(path: &Path) -> Result<Workbook, store::StoreError> {
    match std::fs::read(path) {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(Workbook::default()),
        _ => store::load(path).map(|l| l.workbook),
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let name = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.clone())
        .display()
        .to_string();
    let loaded = (
        load_base(&args.base),
        store::load(&args.ours),
        store::load(&args.theirs),
    );
    let (base, ours, theirs) = match loaded {
        (Ok(b), Ok(o), Ok(t)) => (b, o.workbook, t.workbook),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            let code = output::store_error(&e);
            output::error(&format!(
                "soc2 merge: {name}: not merged; our version was left as it is"
            ));
            return Ok(code);
        }
    };
    let result = merge3(&base, &ours, &theirs);
    // Belt and braces: never write a result that would not load again.
    let text = store::to_canonical(&result.workbook);
    if store::parse(&text, &args.ours).ok().as_ref() != Some(&result.workbook) {
        output::error(&format!(
            "soc2 merge: {name}: internal error, the merged workbook would not load again; our version was left as it is"
        ));
        return Ok(EXIT_USAGE);
    }
    if let Err(e) = store::write_atomic(&args.ours, text.as_bytes()) {
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
