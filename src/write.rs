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

/// Writes a report to `path` (`-o FILE`): atomically when it is a file or not there yet
/// ([`write_with`]), in place when it is a pipe or a character device (`/dev/null`, a
/// terminal), which a rename would destroy. A symbolic link is refused unless it leads
/// to one of those (as `/dev/stdout` does): following one to a file would let a link
/// planted in a shared folder, or a chain of them, choose which file is replaced.
/// `given` is the path as the user wrote it, for messages.
pub fn write_output(path: &Path, given: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> Result<()> {
    let shown = given.display();
    let here = fs::symlink_metadata(path).ok();
    let link = here.as_ref().is_some_and(|m| m.file_type().is_symlink());
    let target = if link { fs::metadata(path).ok() } else { here };
    match target {
        Some(t) if t.is_dir() => Err(Error::Usage(format!(
            "-o {shown}: that is a folder; give the name of a file to write"
        ))),
        Some(t) if is_stream(&t) => {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io("open", path, e))?;
            // What was opened must be what was checked: a link swapped in between could
            // lead to a file, which this would overwrite in place.
            let opened = f.metadata().map_err(|e| Error::io("open", path, e))?;
            if !is_stream(&opened) || !same_file(&opened, &t) {
                return Err(Error::Usage(format!(
                    "-o {shown}: it changed while it was being opened; run the command again"
                )));
            }
            fill(&mut f)
                .and_then(|()| f.flush())
                .map_err(|e| Error::io("write", path, e))
        }
        Some(t) if !t.is_file() => Err(Error::Usage(format!(
            "-o {shown}: that is neither a file nor a pipe nor a terminal; name a file to write"
        ))),
        _ if link => {
            let to = fs::read_link(path).map_or_else(|_| "?".into(), |t| t.display().to_string());
            let standard = given.starts_with("/dev") || given.starts_with("/proc");
            Err(Error::Usage(if standard {
                format!(
                    "-o {shown}: that leads to a file here ({to}), which would be replaced whole; leave out -o to write to standard output, or name the file"
                )
            } else {
                format!(
                    "-o {shown}: that is a symbolic link (to {to}); name the file itself, or remove the link first"
                )
            }))
        }
        _ => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                let folder = given
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(given)
                    .display();
                match fs::metadata(dir) {
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => {
                        return Err(Error::Usage(format!(
                            "-o {shown}: {folder} is a file, not a folder; give a path in a folder"
                        )));
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        return Err(Error::Usage(format!(
                            "-o {shown}: the folder {folder} does not exist; create it first"
                        )));
                    }
                    Err(e) => return Err(Error::io("read the folder", dir, e)),
                }
            }
            write_with(path, Mode::Replace, fill)
        }
    }
}

/// Whether a report is written to this in place: a pipe or a character device.
fn is_stream(m: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        m.file_type().is_fifo() || m.file_type().is_char_device()
    }
    #[cfg(not(unix))]
    {
        !m.is_file() && !m.is_dir()
    }
}

/// Whether two reads of metadata are of the same file.
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.file_type() == b.file_type()
    }
}

/// Replaces `path` atomically with what `fill` writes, creating its folder, but without
/// syncing it to disk: for the caches under `.git/tracker/`, which a crash may lose (a
/// file that did not reach the disk whole fails its checksum, and the next run starts
/// over) but which are written on every report that has something new. The temporary
/// file has a name of its own, so writers on several threads never share one.
pub fn replace_cache(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut tmp = cache_temp(path)?;
    {
        let mut w = io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
    }
    tmp.persist(path).map(drop).map_err(|e| e.error)
}

/// A temporary file of its own beside the cache `path` (creating its folder), to be
/// persisted over it: what [`replace_cache`] writes into, for a cache written in steps.
pub fn cache_temp(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().ok_or_else(|| io::Error::other("no folder"))?;
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "cache".into(), |n| n.to_string_lossy().into_owned());
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
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
/// A symbolic link at `path` is replaced, never written through: what it points to is
/// left alone (see [`write_output`] for `-o`, which refuses a link instead).
pub fn write_with(path: &Path, mode: Mode, fill: impl FnOnce(&mut File) -> io::Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    // The name itself, not what a link there leads to: a link is replaced, or, when
    // creating, refused as a name that is taken.
    let existing = fs::symlink_metadata(path).ok();
    if mode == Mode::Create && existing.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        return Err(Error::AlreadyExists {
            path: path.to_path_buf(),
            hint: "it is a symbolic link: choose another name, or remove the link first".into(),
        });
    }
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
    if let Some(meta) = existing.as_ref().filter(|m| m.is_file()) {
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
    fn a_cache_is_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("tracker").join("c.bin");
        replace_cache(&path, |w| w.write_all(b"first")).expect("written, with its folder");
        replace_cache(&path, |w| w.write_all(b"second")).expect("replaced");
        assert_eq!(fs::read(&path).expect("read"), b"second");
        let failed = replace_cache(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("full disk"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).expect("read"), b"second", "untouched");
        assert!(leftovers(path.parent().expect("folder")).is_empty());
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
    fn a_symbolic_link_is_replaced_never_written_through() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("script");
        let link = dir.path().join("hook");
        fs::write(&target, "the team's script\n").expect("write");
        std::os::unix::fs::symlink("script", &link).expect("symlink");
        write_atomic(&link, b"new\n").expect("writes");
        assert_eq!(fs::read_to_string(&target).expect("read"), "the team's script\n");
        assert_eq!(fs::read_to_string(&link).expect("read"), "new\n");
        // Creating refuses a dangling link as it refuses a file: the name is taken.
        let dangling = dir.path().join("rollup.yaml");
        std::os::unix::fs::symlink("elsewhere.yaml", &dangling).expect("symlink");
        assert!(matches!(
            create_atomic(&dangling, b"x\n"),
            Err(Error::AlreadyExists { .. })
        ));
        assert!(!dir.path().join("elsewhere.yaml").exists());
        assert!(leftovers(dir.path()).is_empty());
    }

    /// Runs `write` while a thread reads the named pipe it writes to; the pipe's text,
    /// or a failure after ten seconds (when the pipe was replaced, its reader waits on).
    #[cfg(unix)]
    fn through_a_pipe(fifo: &Path, write: impl FnOnce() -> Result<()>) -> String {
        let made = std::process::Command::new("mkfifo")
            .arg(fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let (tx, rx) = std::sync::mpsc::channel();
        let reading = fifo.to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(fs::read_to_string(reading).expect("read"));
        });
        write().expect("writes");
        rx.recv_timeout(std::time::Duration::from_secs(10))
            .expect("the pipe's reader got nothing")
    }

    #[cfg(unix)]
    #[test]
    fn output_writes_to_a_pipe_and_refuses_links_to_files() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let read = through_a_pipe(&fifo, || {
            write_output(&fifo, &fifo, |f| f.write_all(b"through\n"))
        });
        assert_eq!(read, "through\n");
        assert!(fs::metadata(&fifo).expect("meta").file_type().is_fifo());
        // Through a link to a pipe, as /dev/stdout is.
        let to_pipe = dir.path().join("out");
        std::os::unix::fs::symlink("pipe2", &to_pipe).expect("symlink");
        let read = through_a_pipe(&dir.path().join("pipe2"), || {
            write_output(&to_pipe, &to_pipe, |f| f.write_all(b"again\n"))
        });
        assert_eq!(read, "again\n");

        fs::write(dir.path().join("notes.txt"), "mine\n").expect("write");
        for (name, to) in [("planted.md", "notes.txt"), ("dangling.md", "missing.md")] {
            let link = dir.path().join(name);
            std::os::unix::fs::symlink(to, &link).expect("symlink");
            let err = write_output(&link, &link, |f| f.write_all(b"report\n")).expect_err("refused");
            assert!(err.to_string().contains("is a symbolic link"), "{err}");
        }
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).expect("read"),
            "mine\n"
        );
        assert!(!dir.path().join("missing.md").exists());
        let err = write_output(dir.path(), dir.path(), |f| f.write_all(b"x")).expect_err("a folder");
        assert!(err.to_string().contains("is a folder"), "{err}");
        let nowhere = dir.path().join("no/x.md");
        let err = write_output(&nowhere, Path::new("no/x.md"), |f| f.write_all(b"x")).expect_err("no folder");
        assert!(
            err.to_string()
                .contains("-o no/x.md: the folder no does not exist"),
            "{err}"
        );
        assert!(
            err.to_string().contains("does not exist; create it first"),
            "{err}"
        );
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failing_output_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("q3.md");
        fs::write(&path, "the last report\n").expect("write");
        let err = write_output(&path, Path::new("q3.md"), |f| {
            f.write_all(b"half of a rep")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        })
        .expect_err("fails");
        assert!(err.to_string().contains("q3.md"), "{err}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "the last report\n");
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
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
