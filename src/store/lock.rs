//! A sidecar lock that tells a second `soc2` the workbook is already open.
//!
//! Why a kernel lock on a sidecar: every save renames a new file over the workbook, so a
//! lock on the workbook itself would stay on the old, replaced file; and a pid written in a
//! file cannot be trusted after a crash (the pid may belong to another process by then).
//! The lock is an OS file lock on `.NAME.lock` next to `NAME`, held for the app's lifetime
//! and released by the kernel when the process ends however it ends. The file's text (pid,
//! host, start time) only says who holds it, for the message.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::oslock;

/// Who holds a workbook's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockInfo {
    pub pid: u32,
    pub host: String,
    /// When the holder took the lock (RFC 3339).
    pub started: String,
}

impl LockInfo {
    fn to_text(&self) -> String {
        format!(
            "pid {}\nhost {}\nstarted {}\n",
            self.pid, self.host, self.started
        )
    }

    fn parse(text: &str) -> Option<LockInfo> {
        let mut pid = None;
        let mut host = None;
        let mut started = None;
        for line in text.lines() {
            let (key, value) = line.split_once(' ')?;
            match key {
                "pid" => pid = value.trim().parse().ok(),
                "host" => host = Some(value.trim().to_string()),
                "started" => started = Some(value.trim().to_string()),
                _ => {}
            }
        }
        Some(LockInfo {
            pid: pid?,
            host: host?,
            started: started?,
        })
    }

    /// This process, now.
    fn current() -> LockInfo {
        LockInfo {
            pid: std::process::id(),
            host: host_name(),
            started: jiff::Timestamp::now()
                .round(jiff::Unit::Second)
                .map_or_else(|_| String::new(), |t| t.to_string()),
        }
    }

    /// A holder whose lock file says nothing readable (it is being written right now).
    fn unknown() -> LockInfo {
        LockInfo {
            pid: 0,
            host: "an unknown host".into(),
            started: "an unknown time".into(),
        }
    }
}

impl fmt::Display for LockInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "process {} on {} since {}",
            self.pid, self.host, self.started
        )
    }
}

/// The lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{} is already open in soc2 ({holder}); opening it read-only\n  hint: the lock ({}) is released as soon as that soc2 exits, even if it crashed", workbook.display(), lock.display())]
    Held {
        workbook: PathBuf,
        lock: PathBuf,
        holder: LockInfo,
    },
    #[error("{}: error: could not create the lock file: {source}", lock.display())]
    Io {
        lock: PathBuf,
        source: std::io::Error,
    },
}

/// The sidecar lock file of a workbook: `dir/.NAME.lock`, next to the file a symlink names.
pub fn lock_path(workbook: &Path) -> PathBuf {
    let target = super::resolve(workbook);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    target.with_file_name(format!(".{name}.lock"))
}

/// How long taking the lock retries (a command line peeking at it holds it for a moment).
const ACQUIRE_WAIT: Duration = Duration::from_millis(100);

/// A held lock; dropping it removes the lock file and releases the lock.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _held: oslock::Held,
}

impl Lock {
    /// Takes the workbook's lock; fails if a live process holds it.
    pub fn acquire(workbook: &Path) -> Result<Lock, LockError> {
        let path = lock_path(workbook);
        let io = |source| LockError::Io {
            lock: path.clone(),
            source,
        };
        let Some(mut held) = oslock::lock_within(&path, ACQUIRE_WAIT).map_err(io)? else {
            return Err(LockError::Held {
                workbook: workbook.to_path_buf(),
                holder: recorded(workbook).unwrap_or_else(LockInfo::unknown),
                lock: path,
            });
        };
        let text = LockInfo::current().to_text();
        let file = held.file();
        file.set_len(0)
            .and_then(|()| file.write_all(text.as_bytes()))
            .and_then(|()| file.sync_all())
            .map_err(io)?;
        Ok(Lock { path, _held: held })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Releases the lock and removes the lock file now.
    pub fn release(self) {
        drop(self);
    }
}

/// Who holds a workbook's lock, if a live process does.
pub fn holder(workbook: &Path) -> Option<LockInfo> {
    oslock::is_held(&lock_path(workbook))
        .then(|| recorded(workbook).unwrap_or_else(LockInfo::unknown))
}

/// Whoever the lock file names, held or left behind by a crash (the app says so when it
/// takes over the lock of a soc2 that crashed).
pub fn recorded(workbook: &Path) -> Option<LockInfo> {
    let text = std::fs::read_to_string(lock_path(workbook)).ok()?;
    LockInfo::parse(&text)
}

/// This machine's name, for saying where the holder runs.
fn host_name() -> String {
    let from_file = |p: &str| {
        std::fs::read_to_string(p)
            .ok()
            .map(|s| s.trim().to_string())
    };
    from_file("/proc/sys/kernel/hostname")
        .or_else(|| from_file("/etc/hostname"))
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| {
            std::process::Command::new("hostname")
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wb.ron");
        std::fs::write(&path, "()").unwrap();
        (dir, path)
    }

    #[test]
    fn the_lock_is_a_sidecar_and_goes_away_on_drop() {
        let (_dir, wb) = workbook();
        assert_eq!(lock_path(&wb).file_name().unwrap(), ".wb.ron.lock");
        let lock = Lock::acquire(&wb).unwrap();
        let text = std::fs::read_to_string(lock.path()).unwrap();
        assert!(text.contains(&format!("pid {}", std::process::id())));
        assert_eq!(
            std::fs::read_to_string(&wb).unwrap(),
            "()",
            "workbook untouched"
        );
        assert_eq!(holder(&wb).map(|h| h.pid), Some(std::process::id()));
        lock.release();
        assert!(!lock_path(&wb).exists());
        assert_eq!(holder(&wb), None);
    }

    #[test]
    fn a_second_acquire_is_refused_while_the_first_holds_it() {
        let (_dir, wb) = workbook();
        let _first = Lock::acquire(&wb).unwrap();
        match Lock::acquire(&wb) {
            Err(LockError::Held { holder, .. }) => assert_eq!(holder.pid, std::process::id()),
            other => panic!("expected Held, got {other:?}"),
        }
    }

    #[test]
    fn a_lock_file_left_by_a_crash_is_free_whatever_it_says() {
        let (_dir, wb) = workbook();
        let remote = LockInfo {
            pid: 1,
            host: "someone-elses-laptop".into(),
            started: "2026-01-01T00:00:00Z".into(),
        };
        std::fs::write(lock_path(&wb), remote.to_text()).unwrap();
        assert_eq!(holder(&wb), None, "nobody holds the OS lock");
        assert_eq!(recorded(&wb), Some(remote), "but it says who had it");
        let lock = Lock::acquire(&wb).unwrap();
        assert_eq!(holder(&wb).map(|h| h.pid), Some(std::process::id()));
        drop(lock);
        std::fs::write(lock_path(&wb), "not a lock").unwrap();
        assert!(Lock::acquire(&wb).is_ok());
    }

    #[test]
    fn the_refusal_names_the_holder_and_says_the_lock_goes_with_it() {
        let (_dir, wb) = workbook();
        let _first = Lock::acquire(&wb).unwrap();
        let err = Lock::acquire(&wb).unwrap_err().to_string();
        assert!(err.contains(&host_name()), "{err}");
        assert!(
            err.contains(".wb.ron.lock") && err.contains("released"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_workbook_shares_its_targets_lock() {
        let (dir, wb) = workbook();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&wb, &link).unwrap();
        let _first = Lock::acquire(&wb).unwrap();
        assert!(Lock::acquire(&link).is_err());
        assert!(holder(&link).is_some());
    }

    #[test]
    fn a_lock_file_naming_a_live_but_unrelated_process_is_not_trusted() {
        let (_dir, wb) = workbook();
        // A crash left the lock; its pid now belongs to another process (here: this
        // test's own child, alive and not a soc2 holding anything).
        let mut other = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let reused = LockInfo {
            pid: other.id(),
            host: host_name(),
            started: "2026-01-01T00:00:00Z".into(),
        };
        std::fs::write(lock_path(&wb), reused.to_text()).unwrap();
        let taken = Lock::acquire(&wb);
        let _ = other.kill();
        let _ = other.wait();
        assert!(taken.is_ok(), "{taken:?}");
    }
}
