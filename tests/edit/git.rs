//! `--commit`: exactly one commit touching one file, with the expected message and the
//! repository's configured identity; refusals when the file has uncommitted changes or
//! no identity is set; `history` and `slips` read the commits back.

use crate::support::{Folder, touched};
use serde_json::Value;

const C1: &str = "\
id: c1
title: First commitment
pillar: prevention
owner: Unit A
milestones:
  - id: m1
    title: First
    due: 2026-01-31
  - id: adoption
    title: Adoption
    due: 2027-06-30
";

const C2: &str = "\
id: c2
title: Second commitment
pillar: detection
owner: Unit B
milestones:
  - id: m1
    title: First
    due: 2026-01-31
";

fn repo_with_files(identity: bool) -> (Folder, git2::Repository) {
    let t = Folder::with_bytes(&[
        ("prevention/c1.yaml", C1.as_bytes()),
        ("detection/c2.yaml", C2.as_bytes()),
    ]);
    let repo = t.git(identity);
    (t, repo)
}

fn head(repo: &git2::Repository) -> git2::Commit<'_> {
    repo.head().expect("head").peel_to_commit().expect("commit")
}

#[test]
fn commit_records_one_file_with_the_message_and_identity() {
    let (t, repo) = repo_with_files(true);
    let before = head(&repo).id();
    let r = t.run(&["done", "c1", "m1", "--date", "2026-01-30", "--commit"]);
    assert_eq!(r.code, 0, "{r}");
    let c = head(&repo);
    assert_eq!(c.parent_id(0).expect("parent"), before, "exactly one new commit");
    assert_eq!(c.message(), Some("c1: milestone m1 done on 2026-01-30"));
    assert_eq!(c.author().name(), Some("Policy Officer"));
    assert_eq!(c.author().email(), Some("officer@example.org"));
    assert_eq!(touched(&repo, &c), vec!["strategy/prevention/c1.yaml"]);
    assert!(r.stdout.contains("\ncommitted "), "{r}");
    let statuses = repo.statuses(None).expect("status");
    assert!(statuses.is_empty(), "the working tree is clean after the commit");
}

#[test]
fn other_staged_work_stays_staged_and_out_of_the_commit() {
    let (t, repo) = repo_with_files(true);
    t.write_bytes("detection/c2.yaml", C2.replace("Unit B", "Unit C").as_bytes());
    let mut index = repo.index().expect("index");
    index
        .add_path(std::path::Path::new("strategy/detection/c2.yaml"))
        .expect("stage");
    index.write().expect("write");
    let r = t.run(&[
        "due",
        "c1",
        "adoption",
        "2027-12-31",
        "--reason",
        "Council needs more time",
        "--commit",
    ]);
    assert_eq!(r.code, 0, "{r}");
    let c = head(&repo);
    assert_eq!(touched(&repo, &c), vec!["strategy/prevention/c1.yaml"]);
    assert_eq!(
        c.message(),
        Some("c1: milestone adoption due 2027-06-30 → 2027-12-31\n\nReason: Council needs more time")
    );
    let s = repo
        .status_file(std::path::Path::new("strategy/detection/c2.yaml"))
        .expect("status");
    assert!(s.is_index_modified(), "c2 is still staged: {s:?}");
}

#[test]
fn a_file_with_uncommitted_changes_is_refused() {
    let (t, repo) = repo_with_files(true);
    let dirty = format!("{C1}# a note\n");
    t.write_bytes("prevention/c1.yaml", dirty.as_bytes());
    let before = head(&repo).id();
    let r = t.run(&["done", "c1", "m1", "--date", "2026-01-30", "--commit"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("has uncommitted changes"), "{r}");
    assert!(r.stderr.contains("hint:"), "{r}");
    assert_eq!(t.read("prevention/c1.yaml"), dirty.as_bytes());
    assert_eq!(head(&repo).id(), before);

    // Staged but not committed is refused too.
    let mut index = repo.index().expect("index");
    index
        .add_path(std::path::Path::new("strategy/prevention/c1.yaml"))
        .expect("stage");
    index.write().expect("write");
    let r = t.run(&["done", "c1", "m1", "--date", "2026-01-30", "--commit"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("staged changes"), "{r}");
    assert_eq!(t.read("prevention/c1.yaml"), dirty.as_bytes());
}

#[test]
fn no_identity_is_refused_before_writing() {
    let (t, repo) = repo_with_files(false);
    let before = head(&repo).id();
    let r = t.run(&["done", "c1", "m1", "--date", "2026-01-30", "--commit"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("no git identity"), "{r}");
    assert!(r.stderr.contains("git config"), "{r}");
    assert_eq!(t.read("prevention/c1.yaml"), C1.as_bytes());
    assert_eq!(head(&repo).id(), before);
}

#[test]
fn new_with_commit_adds_one_file() {
    let (t, repo) = repo_with_files(true);
    let r = t.run(&[
        "new",
        "c3",
        "--pillar",
        "victim-support",
        "--owner",
        "Unit D",
        "--title",
        "Third",
        "--milestone",
        "m1:First step:2027-01-31",
        "--commit",
    ]);
    assert_eq!(r.code, 0, "{r}");
    let c = head(&repo);
    assert_eq!(c.message(), Some("c3: new commitment: Third"));
    assert_eq!(touched(&repo, &c), vec!["strategy/victim-support/c3.yaml"]);
    assert_eq!(t.run(&["check"]).code, 0);
}

fn json(t: &Folder, args: &[&str]) -> Value {
    let r = t.run(args);
    assert_eq!(r.code, 0, "{r}");
    serde_json::from_str(&r.stdout).expect("JSON")
}

#[test]
fn history_and_slips_show_the_edits_and_the_reason() {
    let (t, _repo) = repo_with_files(true);
    assert_eq!(
        t.run(&["done", "c1", "m1", "--date", "2026-02-02", "--commit"])
            .code,
        0
    );
    let r = t.run(&[
        "due",
        "c1",
        "adoption",
        "2027-12-31",
        "--reason",
        "Council needs more time",
        "--commit",
    ]);
    assert_eq!(r.code, 0, "{r}");
    let h = json(&t, &["history", "c1", "--format", "json"]);
    let rows: Vec<(String, String)> = h
        .as_array()
        .expect("list")
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap_or("").to_owned(),
                e["subject"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("added".to_owned(), "Initial strategy".to_owned()),
            (
                "milestone-done".to_owned(),
                "c1: milestone m1 done on 2026-02-02".to_owned()
            ),
            (
                "due-changed".to_owned(),
                "c1: milestone adoption due 2027-06-30 → 2027-12-31".to_owned()
            ),
        ]
    );
    let s = json(&t, &["slips", "--format", "json"]);
    let slip = &s[0];
    assert_eq!(slip["commitment"], "c1");
    assert_eq!(slip["milestone"], "adoption");
    assert_eq!(slip["days_slipped"], 184);
    assert_eq!(slip["history"][0]["author"], "Policy Officer");
    assert_eq!(slip["history"][0]["reason"], "Council needs more time");
    assert_eq!(slip["commitment_title"], "First commitment");
    // Reopening afterwards is one more event, and a clean tree again.
    assert_eq!(t.run(&["reopen", "c1", "m1", "--commit"]).code, 0);
    let h = json(
        &t,
        &[
            "history",
            "c1",
            "--kind",
            "milestone-reopened",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        h[0]["subject"],
        "c1: milestone m1 reopened (was done on 2026-02-02)"
    );
}

#[test]
fn dry_run_with_commit_commits_nothing() {
    let (t, repo) = repo_with_files(true);
    let before = head(&repo).id();
    let r = t.run(&["set", "c1", "status", "in-progress", "--commit", "--dry-run"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout
            .ends_with("would commit: c1: status set to in-progress\n"),
        "{r}"
    );
    assert_eq!(head(&repo).id(), before);
    assert_eq!(t.read("prevention/c1.yaml"), C1.as_bytes());
}

/// `--date` takes the one grammar's words for a day: a date with dashes or slashes,
/// `today` or `yesterday`, counted from --today.
#[test]
fn done_dates_take_today_and_yesterday() {
    let (t, _repo) = repo_with_files(true);
    for (word, day) in [
        ("yesterday", "2026-11-28"),
        ("today", "2026-11-29"),
        ("2026/01/30", "2026-01-30"),
    ] {
        let r = t.run(&["done", "c1", "m1", "--date", word, "--dry-run"]);
        assert_eq!(r.code, 0, "{word}: {r}");
        assert!(r.stdout.contains(&format!("+    done: {day}")), "{word}: {r}");
    }
    let r = t.run(&["done", "c1", "m1", "--date", "soon"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("or give today or yesterday"), "{r}");
}
