//! Helpers for the editing tests: a temporary strategy, optionally in a git repository
//! with its own identity, and a runner for the real binary with a clean environment.

use git2::{Repository, RepositoryInitOptions, Signature, Time};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The day every command runs on.
pub const TODAY: &str = "2026-11-29";

/// A strategy with four pillars.
pub const STRATEGY: &str = include_str!("../fixtures/strategy.yaml");

/// What one run gave.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `tracker --today TODAY ARGS` in `cwd` with a cleared environment.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .env_clear()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .current_dir(cwd)
        .stdin(Stdio::null())
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .output()
        .expect("run tracker");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary folder holding `strategy/`.
pub struct Tmp {
    /// The folder.
    pub dir: tempfile::TempDir,
}

impl Tmp {
    /// A strategy with `STRATEGY` and these files (paths below `strategy/`).
    pub fn new(files: &[(&str, &[u8])]) -> Tmp {
        let t = Tmp {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        t.write("strategy.yaml", STRATEGY.as_bytes());
        for (path, bytes) in files {
            t.write(path, bytes);
        }
        t
    }

    /// The folder holding `strategy/`.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The full path of a file below `strategy/`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join("strategy").join(rel)
    }

    /// Writes a file below `strategy/`.
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    /// Reads a file below `strategy/`.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).expect("read")
    }

    /// Runs tracker in the folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// Makes the folder a git repository with an identity in its own config, and
    /// commits everything in it.
    pub fn git(&self, identity: bool) -> Repository {
        let repo = Repository::init_opts(self.root(), RepositoryInitOptions::new().initial_head("main"))
            .expect("init");
        {
            let mut config = repo.config().expect("config");
            config.set_bool("core.autocrlf", false).expect("autocrlf");
            if identity {
                config.set_str("user.name", "Policy Officer").expect("name");
                config
                    .set_str("user.email", "officer@example.org")
                    .expect("email");
            }
        }
        commit_all(&repo, "Initial strategy");
        repo
    }
}

/// Stages everything and commits it with a fixed signature.
pub fn commit_all(repo: &Repository, message: &str) {
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("find tree");
    let sig = Signature::new("Setup", "setup@example.org", &Time::new(1_700_000_000, 0)).expect("sig");
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .expect("commit");
}

/// The paths that differ between a commit and its first parent.
pub fn touched(repo: &Repository, commit: &git2::Commit<'_>) -> Vec<String> {
    let parent = commit.parent(0).expect("parent").tree().expect("tree");
    let diff = repo
        .diff_tree_to_tree(Some(&parent), Some(&commit.tree().expect("tree")), None)
        .expect("diff");
    diff.deltas()
        .filter_map(|d| d.new_file().path().map(|p| p.to_string_lossy().into_owned()))
        .collect()
}
