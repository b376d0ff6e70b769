//! One writer at a time: every edit of a strategy holds `.tracker-edit.lock` in the
//! strategy folder from before it reads the files until it has written (and committed)
//! its change, as git holds `index.lock`. The file is created exclusively, so two edits
//! can never both hold it; a second edit waits a bounded time, then refuses with the
//! lock's name. A lock left by a process that died is reported, never removed silently.

use crate::error::{Error, Result};
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file's name, in the strategy folder (dot-prefixed: the loader skips it).
pub const LOCK_FILE: &str = ".tracker-edit.lock";

/// How long an edit waits for another one by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(20);

/// The wait, from `TRACKER_LOCK_WAIT_MS` when set (for scripts and tests), else
/// [`DEFAULT_WAIT`].
pub fn wait() -> Duration {
    std::env::var("TRACKER_LOCK_WAIT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(DEFAULT_WAIT, Duration::from_millis)
}

/// A held lock; dropping it removes the file.
#[derive(Debug)]
pub struct EditLock {
    path: PathBuf,
}

/// What the lock file says about who holds it: `pid host started-at`.
fn holder_line() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    format!("{} {} {now}\n", std::process::id(), host.trim())
}

/// Whether the process that wrote `line` is known to be gone: same host, and no
/// `/proc/<pid>`. `false` when that cannot be told (another host, no `/proc`).
fn holder_is_gone(line: &str) -> bool {
    let mut parts = line.split_whitespace();
    let (Some(pid), Some(host)) = (parts.next().and_then(|p| p.parse::<u32>().ok()), parts.next()) else {
        return false;
    };
    let ours = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    Path::new("/proc/self").exists() && ours.trim() == host && !Path::new(&format!("/proc/{pid}")).exists()
}

impl EditLock {
    /// Takes the lock of the strategy folder `dir`, waiting up to `wait` for another edit
    /// to finish.
    pub fn acquire(dir: &Path, wait: Duration) -> Result<Self> {
        let path = dir.join(LOCK_FILE);
        let started = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    // The lock is held from here; what it says is for people only.
                    let _ = f.write_all(holder_line().as_bytes());
                    return Ok(EditLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    // A lock that is gone between the two calls: try again at once.
                    if holder.is_empty() && !path.exists() {
                        continue;
                    }
                    // The holder may have released the lock and exited between reading
                    // the file and looking for its process: stale only if the file still
                    // says the same, else try again.
                    let stale = holder_is_gone(&holder)
                        && std::fs::read_to_string(&path).is_ok_and(|again| again == holder);
                    if holder_is_gone(&holder) && !stale {
                        continue;
                    }
                    if stale || started.elapsed() >= wait {
                        return Err(Error::Locked {
                            path,
                            holder: holder.trim().to_owned(),
                            stale,
                        });
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(e) => return Err(Error::io("create the edit lock", &path, e)),
            }
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for EditLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_released_on_drop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = EditLock::acquire(dir.path(), Duration::ZERO).expect("first");
        let second = EditLock::acquire(dir.path(), Duration::from_millis(30));
        assert!(
            matches!(second, Err(Error::Locked { stale: false, .. })),
            "{second:?}"
        );
        drop(first);
        assert!(!dir.path().join(LOCK_FILE).exists());
        EditLock::acquire(dir.path(), Duration::ZERO).expect("free again");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_lock_of_a_dead_process_is_reported_as_stale_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").expect("Linux has /proc");
        // Pid numbers are at most 2^22 on Linux: this one is not running.
        std::fs::write(
            dir.path().join(LOCK_FILE),
            format!("4999999 {} 2026-01-01T00:00:00Z\n", host.trim()),
        )
        .expect("write");
        let r = EditLock::acquire(dir.path(), Duration::from_secs(5));
        assert!(matches!(r, Err(Error::Locked { stale: true, .. })), "{r:?}");
        assert!(
            dir.path().join(LOCK_FILE).exists(),
            "a stale lock is never removed silently"
        );
    }
}
