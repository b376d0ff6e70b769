//! Helpers shared by the integration tests: a temporary strategy folder and a way to run
//! the real `tracker` binary in it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The day every test computes states for, unless it is about `--today` itself.
pub const TODAY: &str = "2026-11-29";

/// A valid `strategy.yaml` with the four pillars the tests use.
pub const STRATEGY_YAML: &str = include_str!("../fixtures/strategy.yaml");

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

/// A temporary folder holding `strategy/strategy.yaml` and some commitment files.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// A strategy with the four test pillars and these files, given as paths relative to
    /// the `strategy/` folder (so `prevention/a.yaml` is shown as
    /// `strategy/prevention/a.yaml`) and their text.
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let f = Fixture::empty();
        f.write("strategy.yaml", STRATEGY_YAML);
        for (path, text) in files {
            f.write(path, text);
        }
        f
    }

    /// A temporary folder with nothing in it.
    pub fn empty() -> Fixture {
        Fixture {
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

/// A valid commitment: one milestone done on 2026-06-15, one due 2027-06-30.
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
