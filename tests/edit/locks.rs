//! Edits that never lose work: one writer at a time, commits that refuse git's unsafe
//! states, the pre-commit hook, refusals of read-only and symlinked paths and of merge
//! conflicts, and kills at random points that leave the old or the new file and a
//! coherent repository, with a retry that commits exactly once.

use crate::support::{Folder, TODAY, command, commit_all};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A commitment with `n` open milestones m1..mN.
fn many(n: usize) -> String {
    let mut s = String::from("id: c\ntitle: Many steps\npillar: prevention\nowner: Unit\nmilestones:\n");
    for i in 1..=n {
        s.push_str(&format!(
            "  - id: m{i}\n    title: Step {i}\n    due: 2027-01-31\n"
        ));
    }
    s
}

fn spawn(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Child {
    command(root)
        .envs(env.iter().copied())
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tracker")
}

fn head_message(repo: &git2::Repository) -> String {
    let c = repo.head().expect("head").peel_to_commit().expect("commit");
    c.message().unwrap_or("").to_owned()
}

#[test]
fn a_hundred_concurrent_edits_of_one_file_all_land() {
    let t = Folder::new(&[("prevention/c.yaml", &many(100))]);
    let children: Vec<Child> = (1..=100)
        .map(|i| {
            let m = format!("m{i}");
            spawn(
                t.root(),
                &["done", "c", &m, "--date", "2026-01-15"],
                &[("TRACKER_LOCK_WAIT_MS", "60000")],
            )
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8(t.read("prevention/c.yaml")).unwrap();
    assert_eq!(text.matches("done: 2026-01-15").count(), 100, "{text}");
    assert!(!t.path(tracker::edit::lock::LOCK_FILE).exists());
    assert_eq!(t.check().code, 0, "{}", t.check());
}

#[test]
fn a_second_writer_waits_then_names_the_lock() {
    let t = Folder::new(&[("prevention/c.yaml", &many(2))]);
    // Held by a process that is alive: this test's own.
    let lock = t.path(tracker::edit::lock::LOCK_FILE);
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    std::fs::write(
        &lock,
        format!("{} {} 2026-11-29T10:00:00Z\n", std::process::id(), host.trim()),
    )
    .unwrap();
    let started = Instant::now();
    let out = spawn(t.root(), &["done", "c", "m1"], &[("TRACKER_LOCK_WAIT_MS", "300")])
        .wait_with_output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(started.elapsed() >= Duration::from_millis(300), "it waited");
    assert!(
        stderr.contains(&format!(
            "error: {} is held by {}",
            lock.display(),
            std::process::id()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("another edit is still running"), "{stderr}");
    assert_eq!(t.read("prevention/c.yaml"), many(2).as_bytes());
    assert!(lock.exists(), "another process's lock is left alone");
}

#[test]
fn a_stale_lock_is_reported_with_the_command_to_remove_it() {
    let t = Folder::new(&[("prevention/c.yaml", &many(2))]);
    let lock = t.path(tracker::edit::lock::LOCK_FILE);
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").expect("Linux");
    std::fs::write(&lock, format!("4999999 {} 2026-11-29T10:00:00Z\n", host.trim())).unwrap();
    let r = t.run(&["done", "c", "m1"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains(&format!("rm {}", lock.display())), "{r}");
    assert!(r.stderr.contains("the process that took it is gone"), "{r}");
    assert!(lock.exists(), "never removed silently");
    std::fs::remove_file(&lock).unwrap();
    assert_eq!(t.run(&["done", "c", "m1"]).code, 0);
}

/// A repository holding `many(3)`, committed, with an identity.
fn repo() -> (Folder, git2::Repository) {
    let t = Folder::new(&[("prevention/c.yaml", &many(3))]);
    let repo = t.git(true);
    (t, repo)
}

/// Runs an edit with --commit that must be refused before anything is written.
fn refused(t: &Folder, repo: &git2::Repository, args: &[&str], says: &str) {
    let before = repo.head().unwrap().target();
    let r = t.run(args);
    assert_eq!(r.code, 2, "{args:?}\n{r}");
    assert!(r.stderr.contains(says), "{args:?}: expected `{says}` in\n{r}");
    assert_eq!(
        t.read("prevention/c.yaml"),
        many(3).as_bytes(),
        "the file changed"
    );
    assert_eq!(repo.head().unwrap().target(), before, "HEAD moved");
}

#[test]
fn commit_refuses_when_git_is_busy() {
    let (t, repo) = repo();
    let git = repo.path().to_path_buf();
    std::fs::write(git.join("index.lock"), "").unwrap();
    refused(&t, &repo, &["done", "c", "m1", "--commit"], "index.lock exists");
    std::fs::remove_file(git.join("index.lock")).unwrap();

    std::fs::write(git.join("refs/heads/main.lock"), "").unwrap();
    refused(
        &t,
        &repo,
        &["done", "c", "m1", "--commit"],
        "refs/heads/main.lock exists",
    );
    std::fs::remove_file(git.join("refs/heads/main.lock")).unwrap();

    std::fs::create_dir(git.join("rebase-merge")).unwrap();
    refused(
        &t,
        &repo,
        &["done", "c", "m1", "--commit"],
        "cannot commit: a rebase is in progress",
    );
    std::fs::remove_dir(git.join("rebase-merge")).unwrap();

    let head = repo.head().unwrap().target().unwrap();
    std::fs::write(git.join("MERGE_HEAD"), format!("{head}\n")).unwrap();
    refused(
        &t,
        &repo,
        &["done", "c", "m1", "--commit"],
        "a merge is in progress",
    );
    std::fs::remove_file(git.join("MERGE_HEAD")).unwrap();

    repo.config().unwrap().set_bool("commit.gpgsign", true).unwrap();
    refused(
        &t,
        &repo,
        &["done", "c", "m1", "--date", "2026-01-02", "--commit"],
        "git commit -S -m 'c: milestone m1 done on 2026-01-02' -- strategy/prevention/c.yaml",
    );
    repo.config().unwrap().set_bool("commit.gpgsign", false).unwrap();

    // Without those, it commits.
    assert_eq!(t.run(&["done", "c", "m1", "--commit"]).code, 0);
}

#[test]
fn a_detached_head_needs_allow_detached() {
    let (t, repo) = repo();
    let head = repo.head().unwrap().target().unwrap();
    repo.set_head_detached(head).unwrap();
    refused(&t, &repo, &["done", "c", "m1", "--commit"], "HEAD is detached");
    let r = t.run(&["done", "c", "m1", "--commit", "--allow-detached"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(repo.head_detached().unwrap());
    assert_eq!(head_message(&repo), "c: milestone m1 done on 2026-11-29");
}

#[cfg(unix)]
fn hook(dir: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("pre-commit");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn the_pre_commit_hook_runs_on_what_would_be_committed() {
    let (t, repo) = repo();
    // In core.hooksPath, as git looks for it.
    repo.config().unwrap().set_str("core.hooksPath", "hooks").unwrap();
    let seen = t.root().join("seen-by-hook");
    hook(
        &t.root().join("hooks"),
        &format!(
            "test -n \"$GIT_INDEX_FILE\" && cp \"$GIT_INDEX_FILE\" {seen}\necho refused by policy >&2\nexit 1",
            seen = seen.display()
        ),
    );
    refused(
        &t,
        &repo,
        &["done", "c", "m1", "--date", "2026-01-02", "--commit"],
        "the pre-commit hook",
    );
    // The hook saw an index holding the new version of the file, not the old one.
    let index = git2::Index::open(&seen).unwrap();
    let entry = index
        .get_path(Path::new("strategy/prevention/c.yaml"), 0)
        .unwrap();
    let staged = repo.find_blob(entry.id).unwrap();
    assert!(String::from_utf8_lossy(staged.content()).contains("done: 2026-01-02"));
    // --no-verify skips it, as in git.
    let r = t.run(&[
        "done",
        "c",
        "m1",
        "--date",
        "2026-01-02",
        "--commit",
        "--no-verify",
    ]);
    assert_eq!(r.code, 0, "{r}");
}

#[cfg(unix)]
#[test]
fn the_installed_hook_checks_what_is_staged() {
    let (t, repo) = repo();
    assert_eq!(t.run(&["hook", "install"]).code, 0);
    let hook = repo.path().join("hooks/pre-commit");
    let bin = Path::new(env!("CARGO_BIN_EXE_tracker")).parent().unwrap();
    let run_hook = || {
        std::process::Command::new(&hook)
            .env_clear()
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .env("NO_COLOR", "1")
            .current_dir(t.root())
            .output()
            .unwrap()
    };
    // A broken version staged, then fixed only on disk: the commit would record the
    // broken one, so the hook refuses.
    let broken = many(3).replace("due: 2027-01-31", "due: 2027-02-30");
    t.write("prevention/c.yaml", &broken);
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("strategy/prevention/c.yaml")).unwrap();
    index.write().unwrap();
    t.write("prevention/c.yaml", &many(3));
    let out = run_hook();
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[bad-date]"));
    // Staged fixed: passes; an untracked broken draft does not block it.
    index.add_path(Path::new("strategy/prevention/c.yaml")).unwrap();
    index.write().unwrap();
    t.write("prevention/draft.yaml", "id: [broken\n");
    let out = run_hook();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(t.check().code, 1, "the working tree still has the draft");
}

#[cfg(unix)]
#[test]
fn read_only_files_and_symlinked_folders_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let t = Folder::new(&[("prevention/c.yaml", &many(2))]);
    let file = t.path("prevention/c.yaml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = t.run(&["done", "c", "m1"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("the file is read-only"), "{r}");
    assert!(r.stderr.contains("chmod u+w"), "{r}");
    assert_eq!(t.read("prevention/c.yaml"), many(2).as_bytes());

    // A pillar folder that is a symlink to somewhere outside: `new` refuses to write
    // through it.
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), t.path("victim-support")).unwrap();
    let r = t.run(&[
        "new",
        "helpline",
        "--pillar",
        "victim-support",
        "--owner",
        "U",
        "--title",
        "Helpline",
    ]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("a folder on its path is a symlink"), "{r}");
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written outside"
    );
}

const CONFLICTED: &str = "\
id: solar-roofs
title: Solar roofs
pillar: prevention
<<<<<<< HEAD
owner: Unit A
=======
owner: Unit B
>>>>>>> other
milestones:
  - id: m1
    title: First
    due: 2027-01-31
";

#[test]
fn a_file_with_a_merge_conflict_is_named_as_such() {
    let t = Folder::new(&[("prevention/solar-roofs.yaml", CONFLICTED)]);
    let r = t.run(&["done", "solar-roofs", "m1"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(!r.stderr.contains("no commitment has the id"), "{r}");
    assert!(r.stderr.contains("unresolved merge conflict (line 4)"), "{r}");
    assert!(r.stderr.contains("git mergetool"), "{r}");
    let check = t.check();
    assert!(
        check
            .stdout
            .starts_with("strategy/prevention/solar-roofs.yaml:4:1: error[merge-conflict]"),
        "{check}"
    );
}

#[test]
fn an_edit_of_a_file_that_does_not_load_names_the_file() {
    let t = Folder::new(&[("prevention/solar-roofs.yaml", "id: solar-roofs\ntitle: [Solar\n")]);
    let r = t.run(&["done", "solar-roofs", "m1"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr
            .contains("strategy/prevention/solar-roofs.yaml has errors"),
        "{r}"
    );
    assert!(r.stderr.contains("error[yaml-syntax]"), "{r}");
    assert!(!r.stderr.contains("no commitment has the id"), "{r}");
}

#[test]
fn a_retry_commits_a_change_left_on_disk_by_a_failed_commit() {
    let (t, repo) = repo();
    let changed = many(3).replacen(
        "    due: 2027-01-31\n",
        "    due: 2027-01-31\n    done: 2026-01-02\n",
        1,
    );
    // As left by a run whose commit failed: the change on disk, not committed.
    t.write("prevention/c.yaml", &changed);
    let r = t.run(&["done", "c", "m1", "--date", "2026-01-02", "--commit"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout
            .contains("the change was already on disk, not committed: committed"),
        "{r}"
    );
    assert_eq!(head_message(&repo), "c: milestone m1 done on 2026-01-02");
    assert!(
        repo.statuses(None).unwrap().is_empty(),
        "index and working tree match HEAD"
    );
    // And again: now there is truly nothing to change.
    let again = t.run(&["done", "c", "m1", "--date", "2026-01-02", "--commit"]);
    assert!(again.stdout.contains("nothing to change"), "{again}");
    // Another change on disk is not swept in.
    t.write("prevention/c.yaml", &changed.replace("Step 3", "Step three"));
    let r = t.run(&["done", "c", "m2", "--date", "2026-01-03", "--commit"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("has uncommitted changes"), "{r}");
}

/// A small generator for kill times, the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn kills_at_random_points_never_lose_or_duplicate_an_edit() {
    const ROUNDS: usize = 30;
    let t = Folder::new(&[("prevention/c.yaml", &many(ROUNDS))]);
    let repo = t.git(true);
    commit_all(&repo, "Initial");
    let mut rng = Lcg(7);
    let git = repo.path().to_path_buf();
    for i in 1..=ROUNDS {
        let before = t.read("prevention/c.yaml");
        let m = format!("m{i}");
        let args = ["done", "c", &m, "--date", "2026-01-02", "--commit"];
        let mut child = spawn(t.root(), &args, &[]);
        std::thread::sleep(Duration::from_millis(rng.next(30)));
        let _ = child.kill();
        let _ = child.wait();
        // The file is the old bytes or the new ones, never half of them.
        let after = t.read("prevention/c.yaml");
        let new = String::from_utf8(before.clone()).unwrap().replacen(
            &format!("  - id: {m}\n    title: Step {i}\n    due: 2027-01-31\n"),
            &format!("  - id: {m}\n    title: Step {i}\n    due: 2027-01-31\n    done: 2026-01-02\n"),
            1,
        );
        assert!(after == before || after == new.as_bytes(), "round {i}: torn file");
        // What a user is told to do about leftovers: remove a lock whose process is gone.
        let _ = std::fs::remove_file(t.path(tracker::edit::lock::LOCK_FILE));
        let _ = std::fs::remove_file(git.join("index.lock"));
        let _ = std::fs::remove_file(git.join("refs/heads/main.lock"));
        // The retry finishes the edit, once.
        let r = t.run(&args);
        assert_eq!(r.code, 0, "round {i}: {r}");
        assert_eq!(t.read("prevention/c.yaml"), new.as_bytes(), "round {i}");
        let statuses = repo.statuses(None).unwrap();
        assert!(
            statuses.is_empty(),
            "round {i}: {:?}",
            statuses
                .iter()
                .map(|s| (s.path().map(str::to_owned), s.status()))
                .collect::<Vec<_>>()
        );
        let subject = format!("c: milestone {m} done on 2026-01-02");
        let mut walk = repo.revwalk().unwrap();
        walk.push_head().unwrap();
        let times = walk
            .filter(|id| repo.find_commit(*id.as_ref().unwrap()).unwrap().summary() == Some(subject.as_str()))
            .count();
        assert_eq!(times, 1, "round {i}: the edit is committed exactly once");
    }
}
