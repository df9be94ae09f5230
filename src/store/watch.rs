//! Noticing that the workbook changed on disk (a `git pull` or `checkout` while the app is open).
//!
//! Why three signals: mtime alone reports a change when a file is merely touched or
//! rewritten with the same bytes (git does that), and misses two writes within the file
//! system's timestamp granularity. Size and mtime are a cheap first look; the content hash
//! decides. As git does with its index, a file whose mtime is too close to when the
//! fingerprint was taken is always hashed, so a same-second write is never missed.

use std::path::Path;
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

/// Modification times this close to the moment a fingerprint was taken are not trusted.
const RACY: Duration = Duration::from_secs(2);

/// What a workbook file looked like when it was last read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub size: u64,
    pub modified: Option<SystemTime>,
    pub sha256: [u8; 32],
    taken: SystemTime,
}

impl Fingerprint {
    /// The fingerprint of `bytes` just read from `path` (metadata taken from the file now).
    pub fn of_read(path: &Path, bytes: &[u8]) -> std::io::Result<Fingerprint> {
        let meta = std::fs::metadata(path)?;
        Ok(Fingerprint {
            size: bytes.len() as u64,
            modified: meta.modified().ok(),
            sha256: Sha256::digest(bytes).into(),
            taken: SystemTime::now(),
        })
    }

    /// Reads and fingerprints a file.
    pub fn of_file(path: &Path) -> std::io::Result<Fingerprint> {
        let bytes = std::fs::read(path)?;
        Fingerprint::of_read(path, &bytes)
    }

    /// Whether the metadata alone can be trusted to say "unchanged".
    fn metadata_settled(&self) -> bool {
        match (self.modified, self.taken.checked_sub(RACY)) {
            (Some(m), Some(limit)) => m < limit,
            _ => false,
        }
    }
}

/// How the file on disk relates to a fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing happened.
    Same,
    /// Touched or rewritten with the same bytes: no reload; keep the new fingerprint.
    Touched(Fingerprint),
    /// Different content: reload (and merge unsaved edits with `merge::reload`).
    Changed(Fingerprint),
    /// The file is gone (a checkout in progress, or deleted): keep what is in memory.
    Gone,
}

/// Compares the file at `path` with what was read before.
pub fn changed_since(path: &Path, known: &Fingerprint) -> std::io::Result<Change> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Change::Gone),
        Err(e) => return Err(e),
    };
    let modified = meta.modified().ok();
    if meta.len() == known.size && modified == known.modified && known.metadata_settled() {
        return Ok(Change::Same);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Change::Gone),
        Err(e) => return Err(e),
    };
    let now = Fingerprint::of_read(path, &bytes)?;
    Ok(if now.sha256 != known.sha256 {
        Change::Changed(now)
    } else if now.modified != known.modified || now.size != known.size {
        Change::Touched(now)
    } else {
        Change::Same
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wb.ron");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn set_mtime(path: &Path, secs_ago: u64) {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(secs_ago))
            .unwrap();
    }

    #[test]
    fn an_untouched_file_is_the_same() {
        let (_d, path) = file("(version: 1)");
        set_mtime(&path, 3600);
        let fp = Fingerprint::of_file(&path).unwrap();
        assert_eq!(changed_since(&path, &fp).unwrap(), Change::Same);
    }

    #[test]
    fn a_touched_but_equal_file_is_no_change() {
        let (_d, path) = file("(version: 1)");
        set_mtime(&path, 3600);
        let fp = Fingerprint::of_file(&path).unwrap();
        set_mtime(&path, 10);
        match changed_since(&path, &fp).unwrap() {
            Change::Touched(new) => {
                assert_eq!(new.sha256, fp.sha256);
                assert_ne!(new.modified, fp.modified);
            }
            other => panic!("expected Touched, got {other:?}"),
        }
        // Rewritten atomically with the same bytes (what a checkout does): still no change.
        crate::store::write_atomic(&path, b"(version: 1)").unwrap();
        assert!(matches!(
            changed_since(&path, &fp).unwrap(),
            Change::Touched(_) | Change::Same
        ));
    }

    #[test]
    fn new_content_is_a_change_even_with_the_same_size_and_mtime() {
        let (_d, path) = file("(version: 1)");
        let fp = Fingerprint::of_file(&path).unwrap();
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, "(version: 2)").unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(mtime).unwrap();
        assert!(matches!(
            changed_since(&path, &fp).unwrap(),
            Change::Changed(_)
        ));
    }

    #[test]
    fn a_bigger_file_is_a_change_and_a_missing_one_is_gone() {
        let (_d, path) = file("(version: 1)");
        set_mtime(&path, 3600);
        let fp = Fingerprint::of_file(&path).unwrap();
        std::fs::write(&path, "(version: 1, more)").unwrap();
        match changed_since(&path, &fp).unwrap() {
            Change::Changed(new) => assert_eq!(new.size, 18),
            other => panic!("expected Changed, got {other:?}"),
        }
        std::fs::remove_file(&path).unwrap();
        assert_eq!(changed_since(&path, &fp).unwrap(), Change::Gone);
    }

    #[test]
    fn a_copy_that_keeps_size_and_mtime_is_a_change_long_after_the_read() {
        let (_d, path) = file("(version: 1)");
        set_mtime(&path, 3600);
        let fp = Fingerprint::of_file(&path).unwrap();
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        // `cp -p`: rewritten in place, the modification time put back.
        std::fs::write(&path, "(version: 2)").unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(mtime).unwrap();
        drop(f);
        assert!(matches!(changed_since(&path, &fp).unwrap(), Change::Changed(_)));
    }
}
