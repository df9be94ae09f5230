//! The one way scriptable commands (`evidence add`, `item set`, `backlog add|set`) change a
//! workbook: take its write lock, load, refuse if invalid, apply a checked `crate::edit`
//! function, save atomically, release.
//!
//! Why this shape: a CI job must never leave a half-written or non-canonical file, a bad
//! argument must leave the file byte-identical, and an edit that exits 0 must be in the
//! file. Every writer (these commands, `fmt`, the app) holds the workbook's write lock
//! while it reads, changes and saves, so two edits at once run one after the other instead
//! of the second overwriting the first. The app may have the workbook open (its instance
//! lock is only a warning for the command line): the edit still goes through, and the
//! app, which saves under the same write lock, reloads and merges it.

use std::path::Path;

use crate::analysis::check::{Finding, check};
use crate::catalog::{catalog, scoping::questionnaire};
use crate::edit::EditError;
use crate::model::Workbook;
use crate::store;

use super::{EXIT_INVALID, EXIT_USAGE, output};

/// Applies `apply` to the workbook at `path` and saves it; `Err(exit code)` after
/// reporting why nothing was written.
pub fn edit_workbook<T>(
    path: &Path,
    apply: impl FnOnce(&mut Workbook) -> Result<T, EditError>,
) -> Result<T, u8> {
    edit_workbook_tolerating(path, |_| false, apply)
}

/// `edit_workbook` for an edit that itself repairs some findings (`tolerate` picks them):
/// re-deriving the scope is how a scope that contradicts its answers gets fixed.
pub fn edit_workbook_tolerating<T>(
    path: &Path,
    tolerate: impl Fn(&Finding) -> bool,
    apply: impl FnOnce(&mut Workbook) -> Result<T, EditError>,
) -> Result<T, u8> {
    if let Some(holder) = store::lock::holder(path) {
        output::error(&format!(
            "note: {} is open in soc2 ({holder}); saving anyway, the app reloads it",
            path.display()
        ));
    }
    if store::is_read_only(path) {
        return Err(output::store_error(&store::StoreError::ReadOnly {
            path: path.to_path_buf(),
        }));
    }
    let guard =
        store::lock_for_write(path, store::LOCK_WAIT).map_err(|e| output::store_error(&e))?;
    let loaded = store::load(path).map_err(|e| output::store_error(&e))?;
    let mut findings = check(catalog(), questionnaire(), &loaded.workbook);
    findings.retain(|f| !tolerate(f));
    if !findings.is_empty() {
        for f in &findings {
            output::error(&format!(
                "{}: error: {}: {}",
                path.display(),
                f.entity,
                f.message
            ));
        }
        output::error(&format!(
            "refusing to edit an invalid workbook; fix it first (see `soc2 check {}`)",
            path.display()
        ));
        return Err(EXIT_INVALID);
    }
    let mut wb = loaded.workbook.clone();
    let value = apply(&mut wb).map_err(|e| {
        output::error(&format!("error: {e}; {} was not changed", path.display()));
        EXIT_USAGE
    })?;
    if wb == loaded.workbook {
        return Ok(value);
    }
    guard.save(&wb).map_err(|e| output::store_error(&e))?;
    Ok(value)
}
