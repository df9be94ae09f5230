//! Kernel file locks on sidecar files: the kernel releases them when their process dies,
//! so a crash never leaves a lock that has to be guessed about (pids get reused).
//!
//! Why the re-check after locking: a lock file is removed when it is released, so between
//! opening it and locking it another process may have removed it (or put a new one in its
//! place). A lock counts only when, once locked, the path still names the file that was
//! locked; otherwise the attempt starts over on the file that is there now.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A held lock on a sidecar file; dropping it removes the file, then unlocks it.
#[derive(Debug)]
pub(crate) struct Held {
    file: File,
    path: PathBuf,
}

impl Held {
    /// The locked file (to write who holds it).
    pub(crate) fn file(&mut self) -> &mut File {
        &mut self.file
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // Still locked here: whoever opened this file meanwhile sees it gone and starts over.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Takes the lock on `path` (creating the file) if nobody holds it; `None` when held.
pub(crate) fn try_lock(path: &Path) -> io::Result<Option<Held>> {
    for _ in 0..16 {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => return Err(e),
        }
        if same_file(&file, path)? {
            return Ok(Some(Held {
                file,
                path: path.to_path_buf(),
            }));
        }
    }
    Err(io::Error::other("the lock file keeps being replaced"))
}

/// [`try_lock`], waiting up to `wait` for the holder to let go.
pub(crate) fn lock_within(path: &Path, wait: Duration) -> io::Result<Option<Held>> {
    let deadline = Instant::now() + wait;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(held) = try_lock(path)? {
            return Ok(Some(held));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// Whether some process holds the lock on `path` (a missing file is not held).
pub(crate) fn is_held(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
}

/// Locks an existing file without waiting, for deciding whether it may be removed.
pub(crate) fn try_lock_existing(path: &Path) -> io::Result<Option<File>> {
    let file = OpenOptions::new().write(true).open(path)?;
    match file.try_lock() {
        Ok(()) if same_file(&file, path)? => Ok(Some(file)),
        Ok(()) | Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Whether the open `file` is the one `path` names now.
#[cfg(unix)]
pub(crate) fn same_file(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let open = file.metadata()?;
    match std::fs::metadata(path) {
        Ok(now) => Ok(open.dev() == now.dev() && open.ino() == now.ino()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
pub(crate) fn same_file(_file: &File, path: &Path) -> io::Result<bool> {
    Ok(path.exists())
}
