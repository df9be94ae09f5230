//! Atomic file replacement: the old file or the new one, never a torn one, and no debris.
//!
//! Why by hand: the recipe is a temporary file in the target's own folder, named
//! `.NAME.soc2-tmp-XXXXXX` and locked while it is written → write → fsync → the old file's
//! mode, owner and group → rename over the target → fsync the folder. A symlink is followed,
//! so the link stays and its target is replaced. A new file gets the user's umask. A
//! temporary file that nobody holds a lock on was left by a killed process, so the next
//! save removes it; one that is locked belongs to a save in progress and is left alone.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::StoreError;
use super::oslock;

/// What marks a temporary file of a save: `.NAME` + this + six random characters.
pub const TEMP_MARK: &str = ".soc2-tmp-";

fn io_err<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// The file a path finally names, following symlinks (a dangling link names its target).
pub fn resolve(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(target) if target.is_absolute() => current = target,
            Ok(target) => current = folder_of(&current).join(target),
            Err(_) => break,
        }
    }
    current
}

/// The folder a file is in (`.` for a bare name).
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The file name used to name sidecars and temporary files.
pub(crate) fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into())
}

/// Replaces `path` with `bytes` atomically, keeping its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, bytes, |_| Ok(()))
}

/// [`write_atomic`] with a hook run after the data is durable and before the rename
/// (tests use it to fail at the worst moment and show the old file survives).
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    replace_with(path, |w| w.write_all(bytes), before_rename)
}

/// Replaces `path` with what `fill` writes, atomically; the text is streamed to the
/// temporary file, so a large workbook is never held twice in memory.
pub fn write_atomic_streamed(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    replace_with(path, fill, |_| Ok(()))
}

/// A temporary file being written; removed when dropped unless it was renamed into place.
struct Temp {
    file: File,
    path: PathBuf,
    placed: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Creates and locks `.NAME.soc2-tmp-XXXXXX` in `dir`; a new file's mode follows the umask.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<Temp> {
    let mut rng = fastrand::Rng::new();
    for _ in 0..100 {
        let suffix: String = (0..6).map(|_| rng.alphanumeric()).collect();
        let path = dir.join(format!(".{name}{TEMP_MARK}{suffix}"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
        let file = match options.open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let temp = Temp {
            file,
            path,
            placed: false,
        };
        match temp.file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => continue,
            Err(TryLockError::Error(e)) => return Err(e),
        }
        // A cleanup may have removed it between creating and locking it.
        if oslock::same_file(&temp.file, &temp.path)? {
            return Ok(temp);
        }
    }
    Err(std::io::Error::other("no free temporary file name"))
}

/// Whether the file's owner made it read-only (no write permission for anyone).
pub(crate) fn is_read_only(meta: &std::fs::Metadata) -> bool {
    meta.permissions().readonly()
}

fn replace_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let target = resolve(path);
    let old = std::fs::metadata(&target).ok();
    if old.as_ref().is_some_and(is_read_only) {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    let dir = folder_of(&target);
    let name = name_of(&target);
    clean_debris_in(&dir, &name);
    let mut tmp =
        create_temp(&dir, &name).map_err(io_err(path, "create a temporary file next to"))?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut tmp.file);
        fill(&mut out).map_err(io_err(path, "write"))?;
        out.flush().map_err(io_err(path, "write"))?;
    }
    tmp.file.sync_all().map_err(io_err(path, "sync"))?;
    if let Some(old) = &old {
        keep_owner(&tmp.file, old);
        tmp.file
            .set_permissions(old.permissions())
            .map_err(io_err(path, "set permissions of"))?;
    }
    before_rename(&tmp.path).map_err(io_err(path, "write"))?;
    std::fs::rename(&tmp.path, &target).map_err(io_err(path, "replace"))?;
    tmp.placed = true;
    sync_dir(&dir).map_err(io_err(path, "sync the folder of"))?;
    Ok(())
}

/// Gives the new file the old one's owner and group, as far as this user may (root may
/// give both; a member of the group may still keep the group).
#[cfg(unix)]
fn keep_owner(file: &File, old: &std::fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, fchown};
    let Ok(new) = file.metadata() else {
        return;
    };
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return;
    }
    if fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = fchown(file, None, Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _old: &std::fs::Metadata) {}

/// Writes a new file atomically, failing if one appeared at `path` meanwhile.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let target = resolve(path);
    let dir = folder_of(&target);
    let name = name_of(&target);
    let mut tmp =
        create_temp(&dir, &name).map_err(io_err(path, "create a temporary file next to"))?;
    tmp.file.write_all(bytes).map_err(io_err(path, "write"))?;
    tmp.file.sync_all().map_err(io_err(path, "sync"))?;
    // A hard link never replaces an existing file; the temporary name then goes away.
    match std::fs::hard_link(&tmp.path, &target) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(StoreError::Exists {
                path: path.to_path_buf(),
            });
        }
        // A file system without hard links: check, then rename.
        Err(_) => {
            if target.exists() {
                return Err(StoreError::Exists {
                    path: path.to_path_buf(),
                });
            }
            std::fs::rename(&tmp.path, &target).map_err(io_err(path, "create"))?;
            tmp.placed = true;
        }
    }
    drop(tmp);
    sync_dir(&dir).map_err(io_err(path, "sync the folder of"))?;
    Ok(())
}

/// Removes the temporary files of saves of `path` whose process died; returns how many.
pub fn clean_debris(path: &Path) -> usize {
    let target = resolve(path);
    clean_debris_in(&folder_of(&target), &name_of(&target))
}

fn clean_debris_in(dir: &Path, name: &str) -> usize {
    let prefix = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let candidate = entry.path();
        if file_name.starts_with(&prefix) {
            // Nobody holds its lock: the process that wrote it is gone. The lock is kept
            // until it is removed, so a new save can never adopt the file in between.
            if let Ok(Some(_held)) = oslock::try_lock_existing(&candidate)
                && std::fs::remove_file(&candidate).is_ok()
            {
                removed += 1;
            }
        } else if is_old_style_debris(file_name, name, &candidate)
            && std::fs::remove_file(&candidate).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// `.NAME.XXXXXX.soc2-tmp`, written by soc2 before temporary files were locked: removed
/// once it is an hour old (an older soc2 still running could be writing a fresh one).
fn is_old_style_debris(file_name: &str, name: &str, path: &Path) -> bool {
    let old_style = file_name
        .strip_prefix(&format!(".{name}."))
        .and_then(|rest| rest.strip_suffix(".soc2-tmp"))
        .is_some_and(|mid| mid.len() == 6 && mid.chars().all(|c| c.is_ascii_alphanumeric()));
    old_style
        && std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
