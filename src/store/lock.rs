//! A sidecar lock that tells a second `soc2` the workbook is already open.
//!
//! Why a sidecar and never the workbook itself: every save renames a new file over the
//! workbook, so a lock held on the workbook would stay on the old, replaced file. The lock
//! is `.NAME.lock` next to `NAME`, holding the owner's pid, host and start time, so a lock
//! left behind by a crashed process on this machine is recognised (its pid is gone) and
//! replaced instead of locking the team out. On another host nothing can be known for sure,
//! so such a lock is reported and left for a person to remove.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

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

    /// Whether the holder is certainly gone: same host, and no process with its pid.
    pub fn is_stale(&self) -> bool {
        self.host == host_name() && self.pid != std::process::id() && !pid_alive(self.pid)
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
    #[error("{} is already open in soc2 ({holder}); opening it read-only\n  hint: if that soc2 is gone, delete {}", workbook.display(), lock.display())]
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

/// The sidecar lock file of a workbook: `dir/.NAME.lock`.
pub fn lock_path(workbook: &Path) -> PathBuf {
    let name = workbook
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    workbook.with_file_name(format!(".{name}.lock"))
}

/// A held lock; dropping it removes the lock file (if it is still ours).
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    text: String,
}

impl Lock {
    /// Takes the workbook's lock, replacing a stale one; fails if a live process holds it.
    pub fn acquire(workbook: &Path) -> Result<Lock, LockError> {
        let path = lock_path(workbook);
        let text = LockInfo::current().to_text();
        let io = |source| LockError::Io {
            lock: path.clone(),
            source,
        };
        for _ in 0..3 {
            match create_with(&path, &text) {
                Ok(()) => return Ok(Lock { path, text }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
            let existing = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io(e)),
            };
            match LockInfo::parse(&existing) {
                Some(holder) if !holder.is_stale() => {
                    return Err(LockError::Held {
                        workbook: workbook.to_path_buf(),
                        lock: path,
                        holder,
                    });
                }
                // Stale or not written by soc2: remove it, unless it changed meanwhile.
                _ => {
                    if std::fs::read_to_string(&path).ok().as_deref() == Some(existing.as_str()) {
                        match std::fs::remove_file(&path) {
                            Ok(()) => {}
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => return Err(io(e)),
                        }
                    }
                }
            }
        }
        Err(io(std::io::Error::other(
            "the lock file keeps changing; another soc2 is starting",
        )))
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the lock file now.
    pub fn release(self) {
        drop(self);
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if std::fs::read_to_string(&self.path).ok().as_deref() == Some(self.text.as_str()) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The live process holding a workbook's lock, if any (a stale lock counts as none).
pub fn holder(workbook: &Path) -> Option<LockInfo> {
    let text = std::fs::read_to_string(lock_path(workbook)).ok()?;
    LockInfo::parse(&text).filter(|h| !h.is_stale())
}

/// Whoever the lock file names, live or stale (the app says so when it takes over a stale one).
pub fn recorded(workbook: &Path) -> Option<LockInfo> {
    let text = std::fs::read_to_string(lock_path(workbook)).ok()?;
    LockInfo::parse(&text)
}

/// Creates `path` with `text` in one step: written to a temporary file, then hard-linked
/// into place (which fails if `path` exists), so nobody ever reads a half-written lock.
fn create_with(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".soc2-lock.")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    match std::fs::hard_link(tmp.path(), path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        // A file system without hard links: exclusive create, then write.
        Err(_) => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            file.write_all(text.as_bytes())
        }
    }
}

/// This machine's name, for telling a local stale lock from a colleague's live one.
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

/// Whether a process with this pid exists on this machine.
#[cfg(unix)]
fn pid_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Without a cheap check, assume the holder is alive (never take a lock wrongly).
#[cfg(not(unix))]
fn pid_alive(_pid: u32) -> bool {
    true
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
    fn a_lock_left_by_a_dead_process_is_replaced() {
        let (_dir, wb) = workbook();
        // A child that has exited: its pid is certainly not running any more.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = LockInfo {
            pid: dead,
            host: host_name(),
            started: "2026-01-01T00:00:00Z".into(),
        };
        std::fs::write(lock_path(&wb), stale.to_text()).unwrap();
        assert!(stale.is_stale());
        assert_eq!(holder(&wb), None);
        let lock = Lock::acquire(&wb).unwrap();
        assert_eq!(holder(&wb).map(|h| h.pid), Some(std::process::id()));
        drop(lock);
    }

    #[test]
    fn a_lock_from_another_host_is_respected_and_garbage_is_not() {
        let (_dir, wb) = workbook();
        let remote = LockInfo {
            pid: 1,
            host: "someone-elses-laptop".into(),
            started: "2026-01-01T00:00:00Z".into(),
        };
        std::fs::write(lock_path(&wb), remote.to_text()).unwrap();
        let err = Lock::acquire(&wb).unwrap_err();
        assert!(err.to_string().contains("someone-elses-laptop"), "{err}");
        assert!(
            err.to_string().contains(".wb.ron.lock"),
            "says what to delete: {err}"
        );

        std::fs::write(lock_path(&wb), "not a lock").unwrap();
        assert!(Lock::acquire(&wb).is_ok());
    }

    #[test]
    fn a_lock_file_naming_a_live_but_unrelated_process_is_not_trusted() {
        let (_dir, wb) = workbook();
        // A crash left the lock; its pid now belongs to another process (here: this
        // test's own child, alive and not a soc2 holding anything).
        let mut other = std::process::Command::new("sleep").arg("30").spawn().unwrap();
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
