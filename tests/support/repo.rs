//! Test repositories built with git2 only (no system git, no user config, no clock),
//! with the real `tracker` binary run in them.

use chrono::NaiveDateTime;
use git2::{ObjectType, Oid, Repository, RepositoryInitOptions, Signature, Time};
use serde_json::{Map, Value, json};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

pub use super::{Run, STRATEGY, TODAY};

/// A commit made by a fixture, with what `history` should say about it.
#[derive(Debug, Clone)]
pub struct Made {
    /// Its id.
    pub oid: Oid,
    /// The committer's local date, as written in the test.
    pub date: String,
    /// The author's local date, as written in the test.
    pub author_date: String,
    /// The author's name.
    pub author: String,
    /// The first line of the message.
    pub subject: String,
}

impl Made {
    /// The full id.
    pub fn id(&self) -> String {
        self.oid.to_string()
    }

    /// The first 8 characters of the id.
    pub fn short(&self) -> String {
        self.id()[..8].to_owned()
    }
}

/// A signature with a fixed time: `when` is the local time (`YYYY-MM-DDTHH:MM[:SS]`) at
/// `offset_minutes` east of UTC.
pub fn sig(name: &str, when: &str, offset_minutes: i32) -> Signature<'static> {
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    Signature::new(name, &email, &time(when, offset_minutes)).expect("signature")
}

/// A git time from a local time and its offset.
pub fn time(when: &str, offset_minutes: i32) -> Time {
    let full = if when.len() == 16 {
        format!("{when}:00")
    } else {
        when.to_owned()
    };
    let local = NaiveDateTime::parse_from_str(&full, "%Y-%m-%dT%H:%M:%S")
        .unwrap_or_else(|e| panic!("bad time {when}: {e}"));
    Time::new(
        local.and_utc().timestamp() - i64::from(offset_minutes) * 60,
        offset_minutes,
    )
}

/// A git repository in a temporary folder, whose index always matches what the test
/// wrote, so the working tree is clean after each commit.
pub struct Fixture {
    /// Holds `repo/` (the working tree) and `home/` (an empty HOME).
    pub dir: TempDir,
    /// The repository.
    pub repo: Repository,
}

impl Fixture {
    /// An empty repository (branch `main`, no commits) with nothing in it.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("home")).expect("home");
        let repo = Repository::init_opts(
            dir.path().join("repo"),
            RepositoryInitOptions::new().initial_head("main"),
        )
        .expect("init");
        {
            let mut config = repo.config().expect("config");
            config.set_bool("core.autocrlf", false).expect("autocrlf");
            config.set_bool("core.filemode", true).expect("filemode");
        }
        Fixture { dir, repo }
    }

    /// An empty repository with `strategy/strategy.yaml` written and staged, not committed.
    pub fn new() -> Self {
        let f = Fixture::empty();
        f.write("strategy/strategy.yaml", STRATEGY);
        f
    }

    /// The working tree.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    /// The HOME given to the binary.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Writes a file on disk only (an uncommitted, unstaged edit).
    pub fn edit(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write");
    }

    /// Writes a file on disk and stages it.
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    /// Writes raw bytes on disk and stages them.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, bytes).expect("write");
        let mut index = self.repo.index().expect("index");
        index.add_path(Path::new(rel)).expect("add");
        index.write().expect("write index");
    }

    /// Deletes a file on disk and from the index.
    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).expect("remove");
        let mut index = self.repo.index().expect("index");
        index.remove_path(Path::new(rel)).expect("unstage");
        index.write().expect("write index");
    }

    /// Moves a file (on disk and in the index), optionally with new content.
    pub fn rename(&self, from: &str, to: &str, text: Option<&str>) {
        let old = fs::read_to_string(self.root().join(from)).expect("read");
        self.remove(from);
        self.write(to, text.unwrap_or(&old));
    }

    /// Commits the index on HEAD; author and committer are the same person at the same
    /// time (local time `when` at `offset_minutes` east of UTC).
    pub fn commit(&self, msg: &str, author: &str, when: &str, offset_minutes: i32) -> Made {
        let s = sig(author, when, offset_minutes);
        self.commit_as(msg, &s, &s)
    }

    /// Commits the index on HEAD with distinct author and committer.
    pub fn commit_as(&self, msg: &str, author: &Signature<'_>, committer: &Signature<'_>) -> Made {
        let parents: Vec<Oid> = self.head().into_iter().collect();
        self.commit_on(Some("HEAD"), msg, author, committer, &parents)
    }

    /// Commits the index with the given parents, updating `update_ref` (if any).
    pub fn commit_on(
        &self,
        update_ref: Option<&str>,
        msg: &str,
        author: &Signature<'_>,
        committer: &Signature<'_>,
        parents: &[Oid],
    ) -> Made {
        let tree_id = self
            .repo
            .index()
            .expect("index")
            .write_tree()
            .expect("write tree");
        let tree = self.repo.find_tree(tree_id).expect("tree");
        let parents: Vec<git2::Commit<'_>> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).expect("parent"))
            .collect();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let oid = self
            .repo
            .commit(update_ref, author, committer, msg, &tree, &refs)
            .expect("commit");
        let local_date = |s: &Signature<'_>| {
            let t = s.when();
            chrono::DateTime::from_timestamp(t.seconds() + i64::from(t.offset_minutes()) * 60, 0)
                .expect("time")
                .date_naive()
                .to_string()
        };
        Made {
            oid,
            date: local_date(committer),
            author_date: local_date(author),
            author: author.name().expect("name").to_owned(),
            subject: msg.lines().next().unwrap_or("").to_owned(),
        }
    }

    /// Writes a commit object from raw bytes (for names and messages that are not UTF-8),
    /// with the index as its tree and HEAD as its parent, and moves `main` to it.
    pub fn commit_raw(&self, author_name: &[u8], message: &[u8], seconds: i64) -> Oid {
        let tree = self
            .repo
            .index()
            .expect("index")
            .write_tree()
            .expect("write tree");
        let mut bytes = format!("tree {tree}\n").into_bytes();
        if let Some(parent) = self.head() {
            bytes.extend_from_slice(format!("parent {parent}\n").as_bytes());
        }
        for role in ["author", "committer"] {
            bytes.extend_from_slice(role.as_bytes());
            bytes.push(b' ');
            bytes.extend_from_slice(author_name);
            bytes.extend_from_slice(format!(" <raw@example.org> {seconds} +0000\n").as_bytes());
        }
        bytes.push(b'\n');
        bytes.extend_from_slice(message);
        let oid = self
            .repo
            .odb()
            .expect("odb")
            .write(ObjectType::Commit, &bytes)
            .expect("write commit");
        self.repo
            .reference("refs/heads/main", oid, true, "raw commit")
            .expect("move main");
        oid
    }

    /// The commit HEAD points at, if any.
    pub fn head(&self) -> Option<Oid> {
        self.repo.head().ok().and_then(|h| h.target())
    }

    /// Runs `tracker --today 2026-11-29 ARGS` in the working tree.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--today", TODAY];
        all.extend_from_slice(args);
        self.run_raw(&self.root(), &all)
    }

    /// Runs `tracker ARGS` (no `--today` added) in `dir`, with a clean environment.
    pub fn run_raw(&self, dir: &Path, args: &[&str]) -> Run {
        self.run_env(dir, &[], args)
    }

    /// Like [`Fixture::run_raw`], with some environment variables set.
    pub fn run_env(&self, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .env_clear()
            .envs(env.iter().copied())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "120")
            .env("HOME", self.home())
            .current_dir(dir)
            .args(args)
            .output()
            .expect("run tracker");
        Run {
            code: out.status.code().expect("exit code"),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `tracker history --format json ARGS`, as a list of events.
    pub fn history(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["history", "--format", "json"];
        all.extend_from_slice(args);
        match self.run(&all).json() {
            Value::Array(v) => v,
            other => panic!("not a list: {other}"),
        }
    }
}

/// An expected `history` event, built field by field.
#[derive(Debug, Clone)]
pub struct Ev(Map<String, Value>);

impl Ev {
    /// An event of `commit` about commitment `id` at `path`.
    pub fn at(c: &Made, kind: &str, id: &str, path: &str) -> Self {
        let mut e = Ev::uncommitted(kind, id, path);
        e.0.insert("commit".into(), json!(c.id()));
        e.0.insert("date".into(), json!(c.date));
        e.0.insert("author_date".into(), json!(c.author_date));
        e.0.insert("author".into(), json!(c.author));
        e.0.insert("subject".into(), json!(c.subject));
        e.0.insert("uncommitted".into(), json!(false));
        e
    }

    /// An event only in the working tree.
    pub fn uncommitted(kind: &str, id: &str, path: &str) -> Self {
        let v = json!({
            "commit": null, "date": null, "author_date": null, "author": null, "subject": null,
            "uncommitted": true, "side_branch": false, "commitment": id, "milestone": null, "kind": kind,
            "field": null, "from": null, "to": null, "path": path,
        });
        let Value::Object(m) = v else { unreachable!() };
        Ev(m)
    }

    /// Marks the event as from a side branch (`--all-parents`).
    pub fn side(mut self) -> Self {
        self.0.insert("side_branch".into(), json!(true));
        self
    }

    /// Sets the milestone.
    pub fn milestone(mut self, m: &str) -> Self {
        self.0.insert("milestone".into(), json!(m));
        self
    }

    /// Sets the field and its values before and after.
    pub fn field(mut self, field: &str, from: Option<&str>, to: Option<&str>) -> Self {
        self.0.insert("field".into(), json!(field));
        self.0.insert("from".into(), json!(from));
        self.0.insert("to".into(), json!(to));
        self
    }

    /// Sets only `from` and `to` (for events without a field).
    pub fn values(mut self, from: Option<&str>, to: Option<&str>) -> Self {
        self.0.insert("from".into(), json!(from));
        self.0.insert("to".into(), json!(to));
        self
    }

    /// Sets the days a due date moved.
    pub fn days(mut self, d: i64) -> Self {
        self.0.insert("days".into(), json!(d));
        self
    }

    /// The JSON object.
    pub fn json(self) -> Value {
        Value::Object(self.0)
    }
}

/// The expected events as JSON values.
pub fn evs(list: Vec<Ev>) -> Vec<Value> {
    list.into_iter().map(Ev::json).collect()
}

/// Keeps only some fields of each event, for compact assertions.
pub fn pick(events: &[Value], fields: &[&str]) -> Vec<Vec<Value>> {
    events
        .iter()
        .map(|e| fields.iter().map(|f| e[*f].clone()).collect())
        .collect()
}
