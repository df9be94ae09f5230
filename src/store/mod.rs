//! The one place that reads and writes workbook files.
//!
//! Why one module: every guarantee users rely on lives here — errors with line and column,
//! refusal of newer versions and of unresolved merges, duplicate keys reported instead of
//! silently dropped, one canonical byte-stable form, and atomic saves that never leave a
//! torn file. The app and the command line never touch a workbook file any other way.

mod atomic;
mod canonical;
mod error;
pub mod lock;
pub mod watch;

use std::path::Path;

pub use atomic::{write_atomic, write_atomic_streamed, write_atomic_with};
pub use canonical::{to_canonical, write_canonical};
pub use error::StoreError;

use crate::model::{FORMAT_VERSION, Workbook};

/// The RON options used both ways: `Some(..)` may be left out (`owner: "maria"`).
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// A workbook read from disk, with the exact text it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub workbook: Workbook,
    /// The file's text as read (for `fmt --check` and change detection).
    pub text: String,
}

impl Loaded {
    /// Whether the file on disk is already in canonical form.
    pub fn is_canonical(&self) -> bool {
        to_canonical(&self.workbook) == self.text
    }
}

/// Reads and parses a workbook file.
pub fn load(path: &Path) -> Result<Loaded, StoreError> {
    let bytes = std::fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        action: "read",
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col_of_offset(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        StoreError::Syntax {
            path: path.to_path_buf(),
            line,
            col,
            message: "the file is not valid UTF-8".into(),
            hint: Some("save the file as UTF-8 in your editor".into()),
        }
    })?;
    let workbook = parse(&text, path)?;
    Ok(Loaded { workbook, text })
}

/// Parses workbook text; `path` only names the file in errors.
pub fn parse(text: &str, path: &Path) -> Result<Workbook, StoreError> {
    // A byte-order mark from a Windows editor is harmless: accept it, never write it.
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if let Some(line) = conflict_marker_line(body) {
        return Err(StoreError::MergeConflict {
            path: path.to_path_buf(),
            line,
        });
    }
    // One full parse in the common case; the version decides before the content is trusted.
    match ron_options().from_str::<Workbook>(body) {
        Ok(wb) => {
            check_version(wb.version, body, path)?;
            Ok(wb)
        }
        Err(e) => {
            // A newer file may fail to parse simply because it has new fields: say so
            // instead of reporting the first unknown field.
            if let Some(version) = probe_version(body) {
                check_version(version, body, path)?;
            }
            Err(error::from_ron(path, e))
        }
    }
}

/// The first line that holds a git conflict marker, 1-based.
fn conflict_marker_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_end_matches('\r');
            l.starts_with("<<<<<<< ")
                || l == "<<<<<<<"
                || l.starts_with(">>>>>>> ")
                || l == ">>>>>>>"
                || l.starts_with("||||||| ")
                || l == "======="
        })
        .map(|i| i + 1)
}

/// The `version` of a file that does not parse as a whole, if it can be read at all.
fn probe_version(text: &str) -> Option<u32> {
    #[derive(serde::Deserialize)]
    struct Probe {
        version: u32,
    }
    ron_options()
        .from_str::<Probe>(text)
        .ok()
        .map(|p| p.version)
}

/// Refuses a file written by a newer soc2, and the version 0 that never existed.
fn check_version(version: u32, text: &str, path: &Path) -> Result<(), StoreError> {
    if version > FORMAT_VERSION {
        return Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version == 0 {
        return Err(StoreError::Syntax {
            path: path.to_path_buf(),
            line: version_line(text),
            col: 1,
            message: "version 0 does not exist".into(),
            hint: Some(format!("this build writes version {FORMAT_VERSION}")),
        });
    }
    Ok(())
}

fn version_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with("version"))
        .map_or(1, |i| i + 1)
}

/// 1-based line and column of a byte offset.
fn line_col_of_offset(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Writes a workbook atomically in canonical form.
pub fn save(path: &Path, workbook: &Workbook) -> Result<(), StoreError> {
    write_atomic_streamed(path, |out| write_canonical(workbook, out))
}

/// Writes a brand-new workbook, refusing to replace any existing file.
pub fn create(path: &Path, workbook: &Workbook) -> Result<(), StoreError> {
    if path.exists() {
        return Err(StoreError::Exists {
            path: path.to_path_buf(),
        });
    }
    atomic::create_new(path, to_canonical(workbook).as_bytes())
}

#[cfg(test)]
mod tests;
