//! Repositories that git itself reads but that are odd or incomplete: a malformed commit
//! in the middle of the history, a partial clone missing a file's blob, a commit with
//! thousands of nested folders.

use crate::support::repo::{Fixture, pick};
use git2::{ObjectType, Oid};
use serde_json::json;
use std::fs;

const PATH: &str = "strategy/prevention/campaign.yaml";

const CAMPAIGN: &str = "\
id: campaign
title: Awareness campaign
pillar: prevention
owner: Unit P
milestones:
  - id: p1
    title: Launch
    due: 2022-06-30
";

/// Writes a commit object by hand, with the index's tree and HEAD as parent, and an
/// author line as given (which may be malformed), and moves `main` to it.
fn raw_commit(f: &Fixture, author_line: &str, message: &str) -> Oid {
    let tree = f.repo.index().unwrap().write_tree().unwrap();
    let parent = f.head().unwrap();
    let bytes = format!(
        "tree {tree}\nparent {parent}\nauthor {author_line}\ncommitter Carol <carol@example.org> 1644487200 +0000\n\n{message}\n"
    );
    let oid = f
        .repo
        .odb()
        .unwrap()
        .write(ObjectType::Commit, bytes.as_bytes())
        .unwrap();
    f.repo
        .reference("refs/heads/main", oid, true, "raw commit")
        .unwrap();
    oid
}

#[test]
fn a_malformed_commit_is_read_named_and_does_not_cut_the_history() {
    let f = Fixture::new();
    f.write(PATH, CAMPAIGN);
    let c1 = f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(PATH, &CAMPAIGN.replace("Unit P", "Unit Q"));
    // An author line with no email, as `git hash-object --literally` can write.
    let c2 = raw_commit(&f, "Mallory 1644487200 +0000", "Owner");
    f.write(
        PATH,
        &CAMPAIGN
            .replace("Unit P", "Unit Q")
            .replace("2022-06-30", "2022-07-31"),
    );
    // git2 cannot parse the malformed parent, so this one is written by hand too.
    let c3 = raw_commit(&f, "Bob <bob@example.org> 1646902800 +0000", "Delay");
    let out = f.run(&["history", "--format", "json"]);
    assert_eq!(out.code, 0, "{out}");
    let events = out.json();
    let events = events.as_array().unwrap();
    assert_eq!(
        pick(events, &["commit", "kind", "author"]),
        [
            [json!(c1.id()), json!("added"), json!("Alice")],
            [json!(c2.to_string()), json!("owner-changed"), json!("Mallory")],
            [json!(c3.to_string()), json!("due-changed"), json!("Bob")],
        ]
    );
    let note = format!(
        "note: commit {} is malformed (its author line has no email address); it was read as well as it could be\n",
        &c2.to_string()[..8]
    );
    assert_eq!(out.stderr, note);
    // No shallow-clone hint, and the same note from the cache.
    assert_eq!(f.run(&["history", "--format", "json"]).stderr, note);
    // The period report reads it too.
    let r = f.run(&["report", "--since", "2022-01-01", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stderr, note);
}

#[test]
fn a_partial_clone_missing_a_blob_names_the_commit_and_the_file() {
    let f = Fixture::new();
    f.write(PATH, CAMPAIGN);
    let c1 = f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(PATH, &CAMPAIGN.replace("Unit P", "Unit Q"));
    f.commit("Owner", "Bob", "2022-02-10T09:00", 0);
    // The first version's blob was never fetched.
    let blob = git2::Oid::hash_object(ObjectType::Blob, CAMPAIGN.as_bytes()).unwrap();
    let hex = blob.to_string();
    fs::remove_file(f.repo.path().join("objects").join(&hex[..2]).join(&hex[2..])).unwrap();
    {
        let mut config = f.repo.config().unwrap();
        config
            .set_str("remote.origin.url", "https://example.org/strategy.git")
            .unwrap();
        config.set_bool("remote.origin.promisor", true).unwrap();
        config
            .set_str("remote.origin.partialclonefilter", "blob:none")
            .unwrap();
    }
    let _ = fs::remove_dir_all(f.repo.path().join("tracker"));
    for args in [&["history"][..], &["slips"], &["report", "--since", "2022-01-01"]] {
        let out = f.run(args);
        assert_eq!(out.code, 2, "{args:?}: {out}");
        assert_eq!(
            out.stderr,
            format!(
                "error: the file {PATH} in commit {} is not in this repository (it is a partial clone)\n\
                 hint: libgit2 cannot fetch missing objects on demand: run `git fetch --refetch` without a filter, or make a full clone (`git clone` without `--filter`)\n",
                c1.id()
            ),
            "{args:?}"
        );
    }
}

#[test]
fn thousands_of_nested_folders_do_not_overflow_the_stack() {
    let f = Fixture::new();
    f.write(PATH, CAMPAIGN);
    let c1 = f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    // strategy/deep/d/d/.../d/x.yaml, 3,300 folders deep, built from the bottom up.
    let repo = &f.repo;
    let blob = repo.blob(b"id: x\n").unwrap();
    let mut b = repo.treebuilder(None).unwrap();
    b.insert("x.yaml", blob, 0o100644).unwrap();
    let mut tree = b.write().unwrap();
    for _ in 0..3_300 {
        let mut b = repo.treebuilder(None).unwrap();
        b.insert("d", tree, 0o040000).unwrap();
        tree = b.write().unwrap();
    }
    let head = repo.find_commit(c1.oid).unwrap();
    let strategy = head
        .tree()
        .unwrap()
        .get_path(std::path::Path::new("strategy"))
        .unwrap();
    let mut s = repo
        .treebuilder(Some(&repo.find_tree(strategy.id()).unwrap()))
        .unwrap();
    s.insert("deep", tree, 0o040000).unwrap();
    let strategy = s.write().unwrap();
    let mut root = repo.treebuilder(Some(&head.tree().unwrap())).unwrap();
    root.insert("strategy", strategy, 0o040000).unwrap();
    let root = repo.find_tree(root.write().unwrap()).unwrap();
    let sig = crate::support::repo::sig("Eve", "2022-02-10T09:00", 0);
    repo.commit(Some("HEAD"), &sig, &sig, "Deep", &root, &[&head])
        .unwrap();
    for args in [
        &["history", "--format", "json"][..],
        &["slips"],
        &["report", "--since", "2022-01-01", "--format", "json"],
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
        &["status", "--at", "HEAD", "--format", "json"],
    ] {
        let out = f.run(args);
        assert!(out.code == 0 || out.code == 1, "{args:?}: {out}");
        assert!(!out.stderr.contains("overflow"), "{args:?}: {out}");
    }
    // The deep file is found, and reported as what it is: not a commitment.
    let out = f.run(&["status", "--at", "HEAD", "--format", "json"]);
    assert_eq!(out.code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let skipped = v["skipped"][0]["path"].as_str().unwrap();
    assert!(
        skipped.starts_with("strategy/deep/d/d/") && skipped.ends_with("/d/x.yaml"),
        "{skipped}"
    );
}

/// A blob missing well into the history, after commits the reading thread has already
/// sent on in a group: the walk stops at it with the same error, and writes no cache
/// of the part before it.
#[test]
fn a_blob_missing_after_many_commits_stops_the_walk_without_a_cache() {
    let f = Fixture::new();
    let version = |i: usize| CAMPAIGN.replace("Unit P", &format!("Unit {i}"));
    let mut ten = None;
    for i in 0..14 {
        f.write(PATH, &version(i));
        let c = f.commit(
            &format!("Owner {i}"),
            "Alice",
            &format!("2022-01-{:02}T09:00", i + 10),
            0,
        );
        if i == 10 {
            ten = Some(c.id());
        }
    }
    let blob = git2::Oid::hash_object(ObjectType::Blob, version(10).as_bytes()).unwrap();
    let hex = blob.to_string();
    fs::remove_file(f.repo.path().join("objects").join(&hex[..2]).join(&hex[2..])).unwrap();
    let _ = fs::remove_dir_all(f.repo.path().join("tracker"));
    let out = f.run(&["history", "--format", "json"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr.contains(&format!("{PATH} in commit {}", ten.unwrap())),
        "{out}"
    );
    let cached = fs::read_dir(f.repo.path().join("tracker"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with("history-"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(cached, 0, "no cache of part of the history");
}
