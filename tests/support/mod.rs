//! What every test shares: the fixed day and strategy, a runner for the real binary
//! with a clean environment, temporary strategy folders ([`Folder`]) and git
//! repositories built with git2 ([`repo::Fixture`]), with fixed dates and authors.
#![allow(dead_code)]

pub mod repo;

use git2::{Repository, RepositoryInitOptions, Signature, Time};
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The day every test computes states for, unless it is about `--today` itself.
pub const TODAY: &str = "2026-11-29";

/// A valid `strategy.yaml` with the four pillars the tests use.
pub const STRATEGY: &str = include_str!("../fixtures/strategy.yaml");

/// The sections of the period report's JSON whose rows are about one commitment.
pub const REPORT_ROW_SECTIONS: [&str; 8] = [
    "achieved",
    "events",
    "slipped",
    "overdue",
    "due_soon",
    "not_reported",
    "indicators",
    "disagreements",
];

/// What one run of the binary gave.
pub struct Run {
    /// Everything written to standard output.
    pub stdout: String,
    /// Everything written to standard error.
    pub stderr: String,
    /// The exit code (-1 if the process was killed by a signal).
    pub code: i32,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout ---\n{}--- stderr ---\n{}--------------",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Run {
    /// The lines of standard output.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The output as JSON, after checking the command succeeded.
    pub fn json(&self) -> Value {
        assert_eq!(self.code, 0, "{self}");
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{self}"))
    }
}

/// A command running the real binary in `cwd` with a clean environment: no colour, a
/// fixed width, nothing inherited from the developer's shell.
pub fn command(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tracker"));
    cmd.env_clear()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .current_dir(cwd)
        .stdin(Stdio::null());
    cmd
}

/// Runs the binary in `cwd` with exactly these arguments (no `--today` added).
pub fn tracker(cwd: &Path, args: &[&str]) -> Run {
    let out = command(cwd).args(args).output().expect("run tracker");
    Run {
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs the binary like [`tracker`], killing it after `limit`; `None` if it took longer.
pub fn tracker_within(cwd: &Path, args: &[&str], limit: Duration) -> Option<Run> {
    let mut child = command(cwd)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tracker");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for tracker").is_some() {
            let out = child.wait_with_output().expect("collect output");
            return Some(Run {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                code: out.status.code().unwrap_or(-1),
            });
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `tracker --today TODAY ARGS` in `cwd` with a cleared environment.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--today", TODAY];
    all.extend_from_slice(args);
    tracker(cwd, &all)
}

/// A temporary folder holding `strategy/strategy.yaml` and some commitment files.
pub struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    /// A strategy with the four test pillars and these files, given as paths relative to
    /// the `strategy/` folder (so `prevention/a.yaml` is shown as
    /// `strategy/prevention/a.yaml`) and their text.
    pub fn new(files: &[(&str, &str)]) -> Folder {
        let f = Folder::empty();
        f.write("strategy.yaml", STRATEGY);
        for (path, text) in files {
            f.write(path, text);
        }
        f
    }

    /// Like [`Folder::new`], with files given as bytes.
    pub fn with_bytes(files: &[(&str, &[u8])]) -> Folder {
        let f = Folder::empty();
        f.write("strategy.yaml", STRATEGY);
        for (path, bytes) in files {
            f.write_bytes(path, bytes);
        }
        f
    }

    /// A temporary folder with nothing in it.
    pub fn empty() -> Folder {
        Folder {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        }
    }

    /// The temporary folder (the one that holds `strategy/`).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The strategy folder.
    pub fn strategy_dir(&self) -> PathBuf {
        self.root().join("strategy")
    }

    /// Writes a file below `strategy/`, creating its folders.
    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    /// Writes raw bytes to a file below `strategy/`, creating its folders.
    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let full = self.strategy_dir().join(path);
        std::fs::create_dir_all(full.parent().expect("a parent folder")).expect("create folders");
        std::fs::write(&full, bytes).expect("write a fixture file");
    }

    /// The full path of a file below `strategy/`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.strategy_dir().join(rel)
    }

    /// Reads a file below `strategy/`.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).expect("read")
    }

    /// Makes the folder a git repository (with an identity in its own config when
    /// `identity`), and commits everything in it.
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

    /// What `tracker --today 2026-11-29 check` says of this folder, computed in this
    /// process through the library (no binary is run): the finding lines, the summary
    /// and the exit code it would have.
    pub fn check(&self) -> Run {
        let wt = tracker::source::WorkTree::discover(self.root(), None).expect("a strategy");
        let loaded = tracker::load::Loaded::checked(
            &wt.name,
            wt.files().expect("files"),
            tracker::source::Source::Files,
            tracker::parse_date(TODAY).expect("day"),
        );
        let mut stdout = String::new();
        for f in &loaded.findings {
            stdout.push_str(&format!("{f}\n"));
        }
        let summary = tracker::finding::summary(&loaded.findings, loaded.files.len() + 1);
        stdout.push_str(&format!("{summary}\n"));
        Run {
            stdout,
            stderr: String::new(),
            code: i32::from(loaded.findings.iter().any(|f| f.is_error())),
        }
    }

    /// Runs `tracker --today 2026-11-29 ARGS` in the temporary folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.root(), args)
    }

    /// Runs `tracker --today 2026-11-29 ARGS` in `cwd`.
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let mut all = vec!["--today", TODAY];
        all.extend_from_slice(args);
        tracker(cwd, &all)
    }
}

/// A valid commitment: one milestone done on 2026-06-15 (with evidence and confidence),
/// one due 2027-06-30.
pub fn valid(id: &str, pillar: &str) -> String {
    format!(
        "\
id: {id}
title: Commitment {id}
pillar: {pillar}
owner: Unit {id}
milestones:
  - id: m1
    title: First step
    due: 2026-06-30
    done: 2026-06-15
    evidence: https://example.org/{id}/m1
    confidence: high
  - id: m2
    title: Second step
    due: 2027-06-30
"
    )
}

/// Asserts that the run printed exactly these finding lines (hints included) and then
/// the summary line, and exited with `code`.
pub fn assert_check(run: &Run, code: i32, expected: &[&str]) {
    let mut want = expected.join("\n");
    want.push('\n');
    assert_eq!(run.stdout, want, "\n{run}");
    assert_eq!(run.code, code, "\n{run}");
    assert_eq!(run.stderr, "", "\n{run}");
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
