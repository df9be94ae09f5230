//! Atomic file replacement: the old file or the new one, never a torn one.
//!
//! Why by hand: `NamedTempFile::persist` renames but neither fsyncs the data nor the folder,
//! and leaves mode 0600. The recipe: temp file in the same folder → write → fsync → copy the
//! old file's permissions → rename over the target → fsync the folder.

use std::io::Write;
use std::path::Path;

use super::StoreError;

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

fn replace_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".soc2-tmp")
        .tempfile_in(dir)
        .map_err(io_err(path, "create a temporary file next to"))?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        fill(&mut out).map_err(io_err(path, "write"))?;
        out.flush().map_err(io_err(path, "write"))?;
    }
    tmp.as_file().sync_all().map_err(io_err(path, "sync"))?;
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(io_err(path, "set permissions of"))?;
    }
    before_rename(tmp.path()).map_err(io_err(path, "write"))?;
    tmp.persist(path)
        .map_err(|e| io_err(path, "replace")(e.error))?;
    sync_dir(dir).map_err(io_err(path, "sync the folder of"))?;
    Ok(())
}

/// Writes a new file atomically, failing if one appeared at `path` meanwhile.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".new-workbook.")
        .suffix(".soc2-tmp")
        .tempfile_in(dir)
        .map_err(io_err(path, "create a temporary file next to"))?;
    tmp.write_all(bytes).map_err(io_err(path, "write"))?;
    tmp.as_file().sync_all().map_err(io_err(path, "sync"))?;
    if let Some(permissions) = default_permissions() {
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(io_err(path, "set permissions of"))?;
    }
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            StoreError::Exists {
                path: path.to_path_buf(),
            }
        } else {
            io_err(path, "create")(e.error)
        }
    })?;
    sync_dir(dir).map_err(io_err(path, "sync the folder of"))?;
    Ok(())
}

/// Permissions of a new workbook: 0644 on Unix (a temp file's 0600 would hide it from the team).
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
