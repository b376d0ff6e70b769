//! Atomic file writes: the new text goes to a temporary file in the same folder, is
//! flushed to disk, and is renamed over the old file, so a crash or a full disk leaves
//! either the old file or the new one, never half of one.

use crate::error::{Error, Result};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Replaces (or creates) `path` with `bytes`, atomically, keeping an existing file's
/// permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, Mode::Replace, |f| f.write_all(bytes))
}

/// Creates `path` with `bytes`, atomically; fails if it exists (even if it appeared
/// while writing).
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, Mode::Create, |f| f.write_all(bytes))
}

/// Removes the temporary files a write to `path` leaves when it is killed before its
/// rename (`.NAME.*.tmp` beside it). Only the holder of the edit lock may call this: no
/// other write of `path` can be under way.
pub fn remove_leftovers(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Where a write of `path` lands: the file a symbolic link points to (one that does not
/// exist yet, for a dangling link), or `path` itself.
fn followed(path: &Path) -> std::path::PathBuf {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return path.to_path_buf();
    }
    if let Ok(target) = fs::canonicalize(path) {
        return target;
    }
    match (fs::read_link(path), path.parent()) {
        (Ok(target), Some(dir)) => dir.join(target),
        _ => path.to_path_buf(),
    }
}

/// Whether the target may already exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Replace the file if it is there.
    Replace,
    /// Refuse if the file is there.
    Create,
}

/// Writes `path` atomically with what `fill` writes into the temporary file. If `fill`
/// or any later step fails, the temporary file is removed and `path` is untouched.
///
/// A symbolic link is followed: the file it points to is replaced and the link kept.
/// What is neither a file nor a folder (`/dev/null`, a named pipe, a terminal) cannot be
/// replaced by a rename without being destroyed, so it is written to in place.
pub fn write_with(path: &Path, mode: Mode, fill: impl FnOnce(&mut File) -> io::Result<()>) -> Result<()> {
    let resolved = followed(path);
    let path = resolved.as_path();
    if mode == Mode::Replace && fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Error::io("open", path, e))?;
        return fill(&mut f)
            .and_then(|()| f.flush())
            .map_err(|e| Error::io("write", path, e));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let existing = fs::metadata(path).ok();
    if mode == Mode::Create && existing.is_some() {
        return Err(Error::AlreadyExists {
            path: path.to_path_buf(),
            hint: "choose another name, or remove the file first".into(),
        });
    }
    // Starts with a dot: tracker ignores such files, should one ever be left behind.
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // New files get the usual permissions (the umask applies), not tempfile's 0600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a temporary file in", dir, e))?;
    fill(tmp.as_file_mut()).map_err(|e| Error::io("write", path, e))?;
    tmp.as_file_mut()
        .flush()
        .map_err(|e| Error::io("write", path, e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("write", path, e))?;
    if let Some(meta) = &existing {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| Error::io("set the permissions of", path, e))?;
    }
    match mode {
        Mode::Replace => tmp.persist(path).map(drop),
        Mode::Create => tmp.persist_noclobber(path).map(drop),
    }
    .map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            Error::AlreadyExists {
                path: path.to_path_buf(),
                hint: "choose another name, or remove the file first".into(),
            }
        } else {
            Error::io("replace", path, e.error)
        }
    })?;
    // Make the rename itself durable; not every platform can open a folder for this.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn replaces_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.yaml");
        fs::write(&path, "old\n").expect("write");
        write_atomic(&path, b"new\n").expect("writes");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failing_write_leaves_the_original_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.yaml");
        fs::write(&path, "original\n").expect("write");
        let err = write_with(&path, Mode::Replace, |f| {
            f.write_all(b"half of the n")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        })
        .expect_err("fails");
        assert!(
            std::error::Error::source(&err).is_some_and(|s| s.to_string().contains("disk full")),
            "{err:?}"
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "original\n");
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }

    #[test]
    fn create_refuses_an_existing_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.yaml");
        create_atomic(&path, b"one\n").expect("creates");
        assert!(matches!(
            create_atomic(&path, b"two\n"),
            Err(Error::AlreadyExists { .. })
        ));
        assert_eq!(fs::read_to_string(&path).expect("read"), "one\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_kept_and_its_file_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&target, "old\n").expect("write");
        std::os::unix::fs::symlink("real.md", &link).expect("symlink");
        write_atomic(&link, b"new\n").expect("writes");
        assert!(
            fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).expect("read"), "new\n");
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink("made.md", &dangling).expect("symlink");
        write_atomic(&dangling, b"made\n").expect("writes");
        assert!(
            fs::symlink_metadata(&dangling)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("made.md")).expect("read"),
            "made\n"
        );
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).expect("read"))
        };
        write_atomic(&fifo, b"through\n").expect("writes");
        assert_eq!(reader.join().expect("reader"), "through\n");
        assert!(fs::metadata(&fifo).expect("meta").file_type().is_fifo());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.yaml");
        fs::write(&path, "old\n").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&path, b"new\n").expect("writes");
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
