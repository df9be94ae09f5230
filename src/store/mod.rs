//! The one place that reads and writes workbook files.
//!
//! Why one module: every guarantee users rely on lives here — errors with line and column,
//! refusal of newer versions and of unresolved merges, duplicate keys reported instead of
//! silently dropped, one canonical byte-stable form, and atomic saves that never leave a
//! torn file, and one writer at a time: every change is made under the workbook's write
//! lock, on the file as it is then. The app and the command line never touch a workbook
//! file any other way.

mod atomic;
mod canonical;
mod error;
mod lean;
pub(crate) use lean::{shrink_item, shrink_record};
pub mod lock;
mod oslock;
mod quick;
pub mod upgrade;
pub mod watch;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use atomic::{
    TEMP_MARK, clean_debris, resolve, write_atomic, write_atomic_streamed, write_atomic_with,
};
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
    /// The format version the file is written in; older than [`FORMAT_VERSION`] means the
    /// workbook was upgraded in memory and the next save (or `soc2 fmt`) writes it anew.
    pub file_version: u32,
}

impl Loaded {
    /// The version the file is still in, when an upgrade is waiting to be written.
    pub fn upgrade_pending(&self) -> Option<u32> {
        (self.file_version < FORMAT_VERSION).then_some(self.file_version)
    }

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
    let (workbook, file_version) = parse_versioned(&text, path)?;
    Ok(Loaded {
        workbook,
        text,
        file_version,
    })
}

/// Reads and parses a workbook file for a command that needs only the model: the same
/// workbook, the same errors and the same refusals as [`load`], without holding the
/// whole text while the model is built (see `lean.rs`).
pub fn load_model(path: &Path) -> Result<Workbook, StoreError> {
    match lean::read(path) {
        Some((mut wb, _)) => {
            upgrade::upgrade(&mut wb, crate::catalog::catalog());
            Ok(wb)
        }
        None => load(path).map(|l| l.workbook),
    }
}

/// [`load_model`] of a file that is mostly the same records as `like` (the other side of a
/// diff, a merge's base): every record equal to `like`'s of the same id is shared with it,
/// so this model costs only what differs. The same workbook, errors and refusals as
/// [`load_model`]; a file in an older format is read without sharing (its upgrade must
/// not run over records shared with an upgraded model).
pub fn load_model_like(path: &Path, like: &Workbook) -> Result<Workbook, StoreError> {
    let like = lean::Like::new(like);
    match lean::read_like(path, &like) {
        Some((mut wb, version)) if version == FORMAT_VERSION => {
            upgrade::upgrade(&mut wb, crate::catalog::catalog());
            Ok(wb)
        }
        _ => load_model(path),
    }
}

/// The model and the size and SHA-256 of the bytes it was read from, for the app, which
/// fingerprints what it opened. Why not [`load`]: at 100,000 items holding the whole text
/// beside the model is most of the app's peak memory; the lean reader hashes the lines as
/// it streams them. Anything it is unsure of falls back to [`load`], so errors are the same.
pub fn load_hashed(path: &Path) -> Result<(Workbook, u64, [u8; 32]), StoreError> {
    use sha2::{Digest, Sha256};
    /// Bytes handed to the hashing thread at a time.
    const PIECE: usize = 1 << 20;
    // The hash runs on the other core while this one parses: hashing 166 MiB is about a
    // tenth of opening it, and the two need nothing from each other.
    let (lean, size, sha256) = std::thread::scope(|scope| {
        let (pieces, received) = std::sync::mpsc::sync_channel::<Vec<u8>>(16);
        let hasher = scope.spawn(move || {
            let mut hasher = Sha256::new();
            for piece in received {
                hasher.update(&piece);
            }
            <[u8; 32]>::from(hasher.finalize())
        });
        let mut size = 0u64;
        let mut piece = Vec::with_capacity(PIECE);
        let lean = lean::read_observed(path, &mut |bytes| {
            size += bytes.len() as u64;
            piece.extend_from_slice(bytes);
            if piece.len() >= PIECE {
                let _ = pieces.send(std::mem::replace(&mut piece, Vec::with_capacity(PIECE)));
            }
        });
        let _ = pieces.send(piece);
        drop(pieces);
        let sha256 = hasher
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (lean, size, sha256)
    });
    if let Some((mut wb, _)) = lean {
        upgrade::upgrade(&mut wb, crate::catalog::catalog());
        return Ok((wb, size, sha256));
    }
    let loaded = load(path)?;
    let bytes = loaded.text.as_bytes();
    Ok((
        loaded.workbook,
        bytes.len() as u64,
        Sha256::digest(bytes).into(),
    ))
}

/// Parses workbook text, upgrading an older version in memory; `path` only names the
/// file in errors.
pub fn parse(text: &str, path: &Path) -> Result<Workbook, StoreError> {
    parse_versioned(text, path).map(|(wb, _)| wb)
}

/// [`parse`], also telling the version the text was written in.
fn parse_versioned(text: &str, path: &Path) -> Result<(Workbook, u32), StoreError> {
    let (mut wb, file_version) = parse_unupgraded(text, path)?;
    upgrade::upgrade(&mut wb, crate::catalog::catalog());
    Ok((wb, file_version))
}

/// [`parse_versioned`] before the in-memory upgrade.
fn parse_unupgraded(text: &str, path: &Path) -> Result<(Workbook, u32), StoreError> {
    // Record by record through the fast reader; anything it is unsure of, ron (and its
    // errors) over the whole text.
    match lean::read_text(text, path) {
        Some(read) => Ok(read),
        None => parse_with_ron(text, path),
    }
}

/// [`parse_unupgraded`] by ron alone: the reader whose errors and refusals the user sees.
fn parse_with_ron(text: &str, path: &Path) -> Result<(Workbook, u32), StoreError> {
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
            if wb.version >= 4 && !wb.scope.v3_subservices.is_empty() {
                return Err(StoreError::Syntax {
                    path: path.to_path_buf(),
                    line: text_line_of(body, "subservices"),
                    col: 1,
                    message: "`scope.subservices` belongs to version 3; version 4 keeps subservice organizations in `vendors`".into(),
                    hint: Some("set `version: 3` and run `soc2 fmt` to move them, or use `soc2 vendor add … --subservice carve-out`".into()),
                });
            }
            let file_version = wb.version;
            Ok((wb, file_version))
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
    text.lines().position(is_conflict_marker).map(|i| i + 1)
}

/// Whether one line (without its `\n`) is a git conflict marker.
fn is_conflict_marker(line: &str) -> bool {
    let l = line.trim_end_matches('\r');
    l.starts_with("<<<<<<< ")
        || l == "<<<<<<<"
        || l.starts_with(">>>>>>> ")
        || l == ">>>>>>>"
        || l.starts_with("||||||| ")
        || l == "======="
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

/// The 1-based line of the first line that starts (after indentation) with `word`.
fn text_line_of(text: &str, word: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(word))
        .map_or(1, |i| i + 1)
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

/// How long a writer waits for another one to finish its save before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// The write lock's sidecar: `.NAME.soc2-save.lock` next to the file a path finally names.
/// It exists only while a save runs (or after a kill; the next save removes it).
pub fn write_lock_path(workbook: &Path) -> PathBuf {
    let target = resolve(workbook);
    target.with_file_name(format!(".{}.soc2-save.lock", atomic::name_of(&target)))
}

/// The workbook's write lock, held while a writer re-reads, changes and saves it. The
/// kernel releases it if the process dies.
#[derive(Debug)]
pub struct WriteGuard {
    path: PathBuf,
    _held: oslock::Held,
}

/// The write lock's queue: `.NAME.soc2-queue.lock`, held by the one writer next in line
/// while it waits for the write lock (and only then).
pub fn queue_lock_path(workbook: &Path) -> PathBuf {
    let target = resolve(workbook);
    target.with_file_name(format!(".{}.soc2-queue.lock", atomic::name_of(&target)))
}

/// Takes the write lock of the workbook at `path`, waiting up to `wait` for another writer.
///
/// Why a queue lock first: a writer that saves again and again (the app while a person
/// types) would otherwise win every race for the write lock against one that polls for it
/// (a `soc2` command), and starve it. The waiter holds the queue lock until it has the write
/// lock, so the writer that just finished cannot take the write lock back before it.
pub fn lock_for_write(path: &Path, wait: Duration) -> Result<WriteGuard, StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        action: "lock (for saving)",
        source,
    };
    let busy = || StoreError::Busy {
        path: path.to_path_buf(),
        waited_secs: wait.as_secs(),
    };
    let start = std::time::Instant::now();
    let Some(queue) = oslock::lock_within(&queue_lock_path(path), wait).map_err(io)? else {
        return Err(busy());
    };
    let left = wait.saturating_sub(start.elapsed());
    let held = oslock::lock_within(&write_lock_path(path), left).map_err(io)?;
    drop(queue);
    match held {
        Some(held) => Ok(WriteGuard {
            path: path.to_path_buf(),
            _held: held,
        }),
        None => Err(busy()),
    }
}

impl WriteGuard {
    /// The workbook this lock is for.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `workbook` atomically in canonical form (refusing a read-only file).
    pub fn save(&self, workbook: &Workbook) -> Result<(), StoreError> {
        write_atomic_streamed(&self.path, |out| write_canonical(workbook, out))
    }
}

/// Whether the file exists and its owner made it read-only: soc2 then never writes it.
pub fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| atomic::is_read_only(&m))
}

/// Writes a workbook atomically in canonical form, under its write lock. Only for writing
/// what is already known to be right (a test, a new version decided elsewhere): an edit
/// takes [`lock_for_write`] first and loads the file under it.
pub fn save(path: &Path, workbook: &Workbook) -> Result<(), StoreError> {
    save_within(path, workbook, LOCK_WAIT)
}

/// [`save`], waiting at most `wait` for another writer (a save on the way out of a
/// signal cannot wait long).
pub fn save_within(path: &Path, workbook: &Workbook, wait: Duration) -> Result<(), StoreError> {
    lock_for_write(path, wait)?.save(workbook)
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
