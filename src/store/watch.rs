//! Noticing that the workbook changed on disk (a `git pull` or `checkout` while the app is open).
//!
//! Why several signals: mtime alone reports a change when a file is merely touched or
//! rewritten with the same bytes (git does that), and misses two writes within the file
//! system's timestamp granularity or a copy that keeps it (`cp -p`, `rsync -a`). Size,
//! mtime, inode and change time (which no tool can set back) are a cheap first look; the
//! content hash decides. As git does with its index, a file whose mtime is too close to
//! when the fingerprint was taken is always hashed, so a same-second write is never missed.
//! When the fingerprint was taken is passed in, so tests never depend on the real clock.

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
    /// Which file it is (device, inode): a copy renamed into place is another file.
    identity: Option<(u64, u64)>,
    /// The inode's change time (seconds, nanoseconds): set by every write, never by a tool.
    status_changed: Option<(i64, i64)>,
    taken: SystemTime,
    /// Taken by the writer itself right after its rename, from the bytes it streamed.
    written: bool,
}

/// What the metadata alone says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stat {
    size: u64,
    modified: Option<SystemTime>,
    identity: Option<(u64, u64)>,
    status_changed: Option<(i64, i64)>,
}

impl Stat {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Stat {
        use std::os::unix::fs::MetadataExt;
        Stat {
            size: meta.len(),
            modified: meta.modified().ok(),
            identity: Some((meta.dev(), meta.ino())),
            status_changed: Some((meta.ctime(), meta.ctime_nsec())),
        }
    }

    #[cfg(not(unix))]
    fn of(meta: &std::fs::Metadata) -> Stat {
        Stat {
            size: meta.len(),
            modified: meta.modified().ok(),
            identity: None,
            status_changed: None,
        }
    }
}

impl Fingerprint {
    /// The fingerprint of `bytes` just read from `path` (metadata taken from the file now).
    pub fn of_read(path: &Path, bytes: &[u8]) -> std::io::Result<Fingerprint> {
        Fingerprint::of_read_at(path, bytes, SystemTime::now())
    }

    /// [`Fingerprint::of_read`] taken at `taken` (the clock is passed in).
    pub fn of_read_at(
        path: &Path,
        bytes: &[u8],
        taken: SystemTime,
    ) -> std::io::Result<Fingerprint> {
        let stat = Stat::of(&std::fs::metadata(path)?);
        Ok(Fingerprint {
            size: bytes.len() as u64,
            modified: stat.modified,
            sha256: Sha256::digest(bytes).into(),
            identity: stat.identity,
            status_changed: stat.status_changed,
            taken,
            written: false,
        })
    }

    /// The fingerprint of a file just read, from the size and SHA-256 taken while it was
    /// streamed ([`super::load_hashed`]), so the app never holds the text to hash it.
    pub fn of_hashed(path: &Path, size: u64, sha256: [u8; 32]) -> std::io::Result<Fingerprint> {
        let stat = Stat::of(&std::fs::metadata(path)?);
        Ok(Fingerprint {
            size,
            modified: stat.modified,
            sha256,
            identity: stat.identity,
            status_changed: stat.status_changed,
            taken: SystemTime::now(),
            written: false,
        })
    }

    /// The fingerprint of a file this process has just written under the write lock:
    /// `size` bytes hashing to `sha256` (hashed while they were streamed, so the file is
    /// never read back). Its metadata is trusted at once: a change by someone else within
    /// the same timestamp tick could only go unseen until the next save, and every save
    /// compares the content under the write lock before it renames, so nothing is ever
    /// overwritten unseen.
    pub fn of_written(path: &Path, size: u64, sha256: [u8; 32]) -> std::io::Result<Fingerprint> {
        let stat = Stat::of(&std::fs::metadata(path)?);
        Ok(Fingerprint {
            size,
            modified: stat.modified,
            sha256,
            identity: stat.identity,
            status_changed: stat.status_changed,
            taken: SystemTime::now(),
            written: true,
        })
    }

    fn stat(&self) -> Stat {
        Stat {
            size: self.size,
            modified: self.modified,
            identity: self.identity,
            status_changed: self.status_changed,
        }
    }

    /// Reads and fingerprints a file, hashing it as it streams (never holding its text).
    pub fn of_file(path: &Path) -> std::io::Result<Fingerprint> {
        let (size, sha256) = hash_file(path)?;
        Fingerprint::of_hashed(path, size, sha256)
    }

    /// The same fingerprint, its metadata trusted only once it settles (as one taken by
    /// reading): a writer that saves back to back then leaves the write lock free long
    /// enough for others, because its next look hashes the file outside the lock.
    pub fn unsettled(mut self) -> Fingerprint {
        self.written = false;
        self
    }

    /// Whether the metadata alone can be trusted to say "unchanged".
    fn metadata_settled(&self) -> bool {
        if self.written {
            return true;
        }
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
    let stat = Stat::of(&meta);
    if stat == known.stat() && known.metadata_settled() {
        return Ok(Change::Same);
    }
    let now = match Fingerprint::of_file(path) {
        Ok(fp) => fp,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Change::Gone),
        Err(e) => return Err(e),
    };
    Ok(if now.sha256 != known.sha256 {
        Change::Changed(now)
    } else if now.stat() != known.stat() {
        Change::Touched(now)
    } else {
        Change::Same
    })
}

/// Whether one `stat` is enough to say the file is as `known` describes it (the metadata
/// matches and can be trusted); `false` means "look closer", never "changed".
pub fn looks_unchanged(path: &Path, known: &Fingerprint) -> bool {
    std::fs::metadata(path).is_ok_and(|m| Stat::of(&m) == known.stat() && known.metadata_settled())
}

/// Compares the file's content with what was read before, whatever its metadata says (a
/// save does this under the write lock, just before it renames).
pub fn changed_content(path: &Path, known: &Fingerprint) -> std::io::Result<Change> {
    let now = match Fingerprint::of_file(path) {
        Ok(fp) => fp,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Change::Gone),
        Err(e) => return Err(e),
    };
    if now.sha256 == known.sha256 {
        return Ok(Change::Same);
    }
    Ok(Change::Changed(now))
}

/// The size and SHA-256 of the file at `path`, read piece by piece. Why streamed: every
/// save compares the file's content before it writes, and at 100,000 items holding the
/// whole text to hash it was 166 MB on top of the model (most of the app's peak).
pub fn hash_file(path: &Path) -> std::io::Result<(u64, [u8; 32])> {
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok((size, hasher.finalize().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed moment: no test reads the real clock.
    fn t(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_000_000 + secs)
    }

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wb.ron");
        std::fs::write(&path, text).unwrap();
        set_mtime(&path, t(0));
        (dir, path)
    }

    fn set_mtime(path: &Path, at: SystemTime) {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(at).unwrap();
    }

    /// The fingerprint taken `secs` after the file's modification time.
    fn read_after(path: &Path, secs: u64) -> Fingerprint {
        let bytes = std::fs::read(path).unwrap();
        Fingerprint::of_read_at(path, &bytes, t(secs)).unwrap()
    }

    #[test]
    fn an_untouched_file_is_the_same() {
        let (_d, path) = file("(version: 1)");
        let fp = read_after(&path, 3600);
        assert_eq!(changed_since(&path, &fp).unwrap(), Change::Same);
    }

    #[test]
    fn a_touched_but_equal_file_is_no_change() {
        let (_d, path) = file("(version: 1)");
        let fp = read_after(&path, 3600);
        set_mtime(&path, t(7200));
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
    fn a_write_within_the_racy_window_is_a_change_even_with_the_same_size_and_mtime() {
        let (_d, path) = file("(version: 1)");
        // Taken in the same second as the write: the metadata cannot be trusted.
        let fp = read_after(&path, 0);
        std::fs::write(&path, "(version: 2)").unwrap();
        set_mtime(&path, t(0));
        assert!(matches!(
            changed_since(&path, &fp).unwrap(),
            Change::Changed(_)
        ));
    }

    #[test]
    fn a_copy_that_keeps_size_and_mtime_is_a_change_long_after_the_read() {
        let (_d, path) = file("(version: 1)");
        let fp = read_after(&path, 3600);
        // `cp -p`: rewritten in place, the modification time put back.
        std::fs::write(&path, "(version: 2)").unwrap();
        set_mtime(&path, t(0));
        assert!(matches!(
            changed_since(&path, &fp).unwrap(),
            Change::Changed(_)
        ));
    }

    #[test]
    fn a_copy_renamed_into_place_with_the_old_mtime_is_a_change() {
        let (d, path) = file("(version: 1)");
        let fp = read_after(&path, 3600);
        // `rsync -a`: a new file with the same size and mtime, renamed over the old one.
        let incoming = d.path().join(".wb.ron.rsync");
        std::fs::write(&incoming, "(version: 2)").unwrap();
        set_mtime(&incoming, t(0));
        std::fs::rename(&incoming, &path).unwrap();
        assert!(matches!(
            changed_since(&path, &fp).unwrap(),
            Change::Changed(_)
        ));
    }

    #[test]
    fn a_bigger_file_is_a_change_and_a_missing_one_is_gone() {
        let (_d, path) = file("(version: 1)");
        let fp = read_after(&path, 3600);
        std::fs::write(&path, "(version: 1, more)").unwrap();
        match changed_since(&path, &fp).unwrap() {
            Change::Changed(new) => assert_eq!(new.size, 18),
            other => panic!("expected Changed, got {other:?}"),
        }
        std::fs::remove_file(&path).unwrap();
        assert_eq!(changed_since(&path, &fp).unwrap(), Change::Gone);
    }
}
