//! The one way scriptable commands (`evidence add`, `item set`, `backlog add|set`) change a
//! workbook: load, refuse if invalid, apply a checked `crate::edit` function, save atomically.
//!
//! Why this shape: a CI job must never leave a half-written or non-canonical file, and a
//! bad argument must leave the file byte-identical. The app may have the workbook open
//! (its lock is only a warning for the command line): the edit still goes through, as one
//! atomic rename, and the app's change detection reloads and merges it. Two scripted
//! edits racing are caught by re-reading the file just before the save and starting over
//! when it changed.

use std::path::Path;

use crate::analysis::check::{Finding, check};
use crate::catalog::{catalog, scoping::questionnaire};
use crate::edit::EditError;
use crate::model::Workbook;
use crate::store;

use super::{EXIT_INVALID, EXIT_USAGE, output};

/// How many times an edit starts over when the file changes under it.
const ATTEMPTS: usize = 5;

/// Applies `apply` to the workbook at `path` and saves it; `Err(exit code)` after
/// reporting why nothing was written.
pub fn edit_workbook<T>(
    path: &Path,
    apply: impl FnMut(&mut Workbook) -> Result<T, EditError>,
) -> Result<T, u8> {
    edit_workbook_tolerating(path, |_| false, apply)
}

/// `edit_workbook` for an edit that itself repairs some findings (`tolerate` picks them):
/// re-deriving the scope is how a scope that contradicts its answers gets fixed.
pub fn edit_workbook_tolerating<T>(
    path: &Path,
    tolerate: impl Fn(&Finding) -> bool,
    mut apply: impl FnMut(&mut Workbook) -> Result<T, EditError>,
) -> Result<T, u8> {
    if let Some(holder) = store::lock::holder(path) {
        output::error(&format!(
            "note: {} is open in soc2 ({holder}); saving anyway, the app reloads it",
            path.display()
        ));
    }
    for _ in 0..ATTEMPTS {
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
        match std::fs::read(path) {
            Ok(now) if now == loaded.text.as_bytes() => {}
            _ => continue,
        }
        store::save(path, &wb).map_err(|e| output::store_error(&e))?;
        return Ok(value);
    }
    output::error(&format!(
        "error: {} kept changing while this edit was applied; nothing was written, try again",
        path.display()
    ));
    Err(EXIT_USAGE)
}
