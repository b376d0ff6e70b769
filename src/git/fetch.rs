//! Fetching a repository with the system's `git`, since libgit2 is built here without
//! network support: `tracker rollup fetch` updates each source of a roll-up this way.
//!
//! git runs with its arguments as a list (no shell), never prompts (`GIT_TERMINAL_PROMPT=0`,
//! ssh in batch mode unless the user set their own ssh command), and is stopped after a
//! time limit. What moved is read from the references before and after, with libgit2.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one fetch may take before it is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(300);

/// A reference that a fetch moved, created or deleted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Moved {
    /// The reference, such as `refs/remotes/origin/main`.
    pub name: String,
    /// Its commit before; null for a new reference.
    pub from: Option<String>,
    /// Its commit after; null for a deleted one.
    pub to: Option<String>,
}

/// What fetching one repository did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// It has no remote: nothing to fetch.
    NoRemote,
    /// Fetched from every remote; these references moved (none: it was up to date).
    Fetched(Vec<Moved>),
}

fn refs(path: &Path) -> Result<(Vec<String>, BTreeMap<String, String>)> {
    let repo = git2::Repository::open(path).map_err(|e| match e.code() {
        git2::ErrorCode::NotFound => Error::NotARepository {
            path: path.to_owned(),
        },
        _ => Error::git(format!("cannot open the repository {}", path.display()), e),
    })?;
    let remotes = repo
        .remotes()
        .map_err(|e| Error::git("cannot list the remotes", e))?
        .iter()
        .flatten()
        .map(str::to_owned)
        .collect();
    let mut out = BTreeMap::new();
    let all = repo
        .references()
        .map_err(|e| Error::git("cannot list the references", e))?;
    for r in all.flatten() {
        if let (Some(name), Some(id)) = (r.name(), r.target()) {
            out.insert(name.to_owned(), id.to_string());
        }
    }
    Ok((remotes, out))
}

/// Runs `git fetch --all --prune` in the repository at `path` and says what moved.
pub fn fetch(path: &Path) -> Result<Fetched> {
    let (remotes, before) = refs(path)?;
    if remotes.is_empty() {
        return Ok(Fetched::NoRemote);
    }
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(path)
        .args(["fetch", "--all", "--prune", "--quiet"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // These would make git fetch into another repository than `path` (set by a hook or a
    // CI job around tracker), while the references are read from `path`.
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
    ] {
        cmd.env_remove(var);
    }
    // Its own process group, so that a fetch stopped at the time limit takes its ssh or
    // remote helper with it.
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    if std::env::var_os("GIT_SSH_COMMAND").is_none() && std::env::var_os("GIT_SSH").is_none() {
        cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    let mut child = cmd.spawn().map_err(|e| {
        Error::Usage(if e.kind() == std::io::ErrorKind::NotFound {
            "fetching needs git, which is not installed (libgit2 is built here without network support)"
                .into()
        } else {
            format!("cannot run git: {e}")
        })
    })?;
    // stderr is read as it comes, so that a chatty git never blocks on a full pipe; the
    // last 64 KiB are kept.
    let reader = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            use std::io::Read;
            let mut kept: Vec<u8> = Vec::new();
            let mut buf = [0u8; 8192];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > 64 * 1024 {
                    kept.drain(..kept.len() - 64 * 1024);
                }
            }
            String::from_utf8_lossy(&kept).into_owned()
        })
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIME_LIMIT => {
                #[cfg(unix)]
                {
                    // The whole group: git, and the ssh or helper it started.
                    let _ = Command::new("kill")
                        .args(["-KILL", "--", &format!("-{}", child.id())])
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status();
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Usage(format!(
                    "git fetch in {} took more than {} s and was stopped",
                    path.display(),
                    TIME_LIMIT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(Error::Usage(format!("cannot wait for git: {e}"))),
        }
    };
    let text = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    if !status.success() {
        let last = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(Error::Usage(format!(
            "git fetch in {} failed ({}): {}",
            path.display(),
            status
                .code()
                .map_or("stopped by a signal".into(), |c| format!("exit code {c}")),
            crate::render::clean(last)
        )));
    }
    let (_, after) = refs(path)?;
    let mut moved = Vec::new();
    for (name, id) in &after {
        if before.get(name) != Some(id) {
            moved.push(Moved {
                name: name.clone(),
                from: before.get(name).cloned(),
                to: Some(id.clone()),
            });
        }
    }
    for (name, id) in &before {
        if !after.contains_key(name) {
            moved.push(Moved {
                name: name.clone(),
                from: Some(id.clone()),
                to: None,
            });
        }
    }
    moved.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Fetched::Fetched(moved))
}
