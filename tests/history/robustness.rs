//! Odd repositories: no git, no commits, no strategy in the commits, bytes that are not
//! UTF-8, a shallow clone, a strategy deeper in the repository.

use crate::support::repo::{Ev, Fixture, STRATEGY, evs, pick};
use serde_json::{Value, json};
use std::fs;

const PATH: &str = "strategy/victim-support/helpline.yaml";

const HELPLINE: &str = "\
id: helpline
title: Helpline
pillar: victim-support
owner: Unit V
milestones:
  - id: v1
    title: Pilot
    due: 2022-06-30
";

#[test]
fn outside_git_status_and_check_work_and_history_needs_git() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plain");
    fs::create_dir_all(root.join("strategy/victim-support")).unwrap();
    fs::write(root.join("strategy/strategy.yaml"), STRATEGY).unwrap();
    fs::write(root.join(PATH), HELPLINE).unwrap();
    // A fixture only for its runner; the folder above is not in its repository.
    let f = Fixture::empty();
    let run = |args: &[&str]| {
        let mut all = vec!["--today", "2026-11-29"];
        all.extend_from_slice(args);
        f.run_raw(&root, &all)
    };

    let out = run(&["check"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let s = run(&["status", "--format", "json"]).json();
    assert_eq!(s["commitments"][0]["id"], "helpline");
    assert_eq!(s["source"], "working tree");

    for args in [
        &["history"][..],
        &["history", "--format", "json"],
        &["slips"],
        &["diff", "2022-01-01"],
        &["status", "--at", "2022-01-01"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(
            out.stderr.contains("is not in a git repository"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            out.stderr
                .contains("hint: history, diff and slips read the git commits"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

#[test]
fn an_empty_repository_has_no_history() {
    let f = Fixture::new();
    let out = f.run(&["history", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json(), json!([]));
    let out = f.run(&["history"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = f.run(&["slips", "--format", "json"]);
    assert_eq!(out.json(), json!([]));

    // A date or revision names no commit yet.
    for spec in ["2022-01-01", "HEAD"] {
        let out = f.run(&["status", "--at", spec]);
        assert_eq!(out.code, 2, "{spec}: {}", out.stderr);
        assert!(out.stderr.contains("does not name a commit"), "{}", out.stderr);
    }
    let out = f.run(&["diff", "HEAD"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn an_empty_repository_with_files_on_disk_shows_them_as_uncommitted() {
    let f = Fixture::new();
    f.edit(PATH, HELPLINE);
    assert_eq!(
        f.history(&[]),
        evs(vec![Ev::uncommitted("added", "helpline", PATH)])
    );
}

#[test]
fn commits_that_never_touched_the_commitments_give_no_events() {
    let f = Fixture::empty();
    f.write("README.md", "# Notes\n");
    f.commit("Readme", "Alice", "2022-01-10T09:00", 0);
    f.write("strategy/notes.txt", "not yaml\n");
    f.write("strategy/.drafts/idea.yaml", "id: [broken\n");
    f.commit("Notes", "Alice", "2022-01-11T09:00", 0);
    f.write("strategy/strategy.yaml", STRATEGY);
    f.commit("Strategy file", "Alice", "2022-01-12T09:00", 0);
    f.write(
        "strategy/strategy.yaml",
        &STRATEGY.replace("Test strategy", "Renamed"),
    );
    f.write("README.md", "# More notes\n");
    f.commit("Rename the strategy", "Alice", "2022-01-13T09:00", 0);

    assert_eq!(f.history(&[]), Vec::<Value>::new());
    assert_eq!(f.run(&["slips", "--format", "json"]).json(), json!([]));
    let s = f.run(&["status", "--at", "HEAD", "--format", "json"]).json();
    assert_eq!(s["strategy"]["title"], "Renamed");
    assert_eq!(s["commitments"], json!([]));
    let d = f.run(&["diff", "HEAD~1", "HEAD", "--format", "json"]).json();
    assert_eq!(d["changes"], json!([]));
}

#[test]
fn status_at_a_commit_without_the_strategy_folder_does_not_crash() {
    let f = Fixture::empty();
    f.write("README.md", "# Notes\n");
    f.commit("Readme", "Alice", "2022-01-10T09:00", 0);
    f.write("strategy/strategy.yaml", STRATEGY);
    f.write(PATH, HELPLINE);
    f.commit("Strategy", "Alice", "2022-01-12T09:00", 0);
    let out = f.run(&["status", "--at", "HEAD~1", "--format", "json"]);
    assert!(out.code == 1 || out.code == 2, "{}: {}", out.code, out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    // diff from that commit: everything was added since.
    let d = f.run(&["diff", "HEAD~1", "HEAD", "--format", "json"]).json();
    assert_eq!(
        pick(d["changes"].as_array().unwrap(), &["commitment", "kind"]),
        [[json!("helpline"), json!("added")]]
    );
}

#[test]
fn names_and_messages_that_are_not_utf8_are_shown_with_replacement_characters() {
    let f = Fixture::new();
    f.write(PATH, HELPLINE);
    // 2022-01-10T09:00:00Z
    let c1 = f.commit_raw(
        b"Ren\xe9e",
        b"Caf\xe9 \xff\xfe commit\n\nBody \xc3\x28\n",
        1_641_805_200,
    );
    f.write(PATH, &HELPLINE.replace("Unit V", "Unit W"));
    let c2 = f.commit_raw(b"Jos\xc3\xa9", b"\xe9t\xe9\n", 1_641_891_600);
    let out = f.run(&["history", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let e = out.json();
    assert_eq!(
        pick(
            e.as_array().unwrap(),
            &["commit", "date", "author", "subject", "kind"]
        ),
        [
            [
                json!(c1.to_string()),
                json!("2022-01-10"),
                json!("Ren\u{fffd}e"),
                json!("Caf\u{fffd} \u{fffd}\u{fffd} commit"),
                json!("added")
            ],
            [
                json!(c2.to_string()),
                json!("2022-01-11"),
                json!("José"),
                json!("\u{fffd}t\u{fffd}"),
                json!("owner-changed")
            ],
        ]
    );
    for format in ["table", "csv", "markdown"] {
        let out = f.run(&["history", "--format", format]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert!(out.stdout.contains("Ren\u{fffd}e"), "{format}: {}", out.stdout);
    }
    let out = f.run(&["history", "--author", "ren"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = f.run(&["status", "--at", &c1.to_string(), "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_file_name_that_is_not_utf8_does_not_crash() {
    let f = Fixture::new();
    f.write(PATH, HELPLINE);
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    // A tree entry whose name is not UTF-8, built directly.
    let head = f.repo.head().unwrap().peel_to_commit().unwrap();
    let root = head.tree().unwrap();
    let strategy = f.repo.find_tree(root.get_name("strategy").unwrap().id()).unwrap();
    let blob = f
        .repo
        .blob(HELPLINE.replace("helpline", "odd").as_bytes())
        .unwrap();
    let mut sb = f.repo.treebuilder(Some(&strategy)).unwrap();
    sb.insert(&b"odd-\xff.yaml"[..], blob, 0o100644).unwrap();
    let new_strategy = sb.write().unwrap();
    let mut rb = f.repo.treebuilder(Some(&root)).unwrap();
    rb.insert("strategy", new_strategy, 0o040000).unwrap();
    let tree = f.repo.find_tree(rb.write().unwrap()).unwrap();
    let s = crate::support::repo::sig("Alice", "2022-01-11T09:00", 0);
    f.repo
        .commit(Some("HEAD"), &s, &s, "Odd name", &tree, &[&head])
        .unwrap();
    let out = f.run(&["history", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"));
    let e = out.json();
    let kinds = pick(e.as_array().unwrap(), &["commitment", "kind"]);
    assert!(kinds.contains(&vec![json!("odd"), json!("added")]), "{e:#}");
}

/// Three commits: add (c1), owner (c2), due (c3); then c2 becomes the shallow boundary:
/// `.git/shallow` names it and c1's commit object is deleted, as `git clone --depth 2`
/// leaves things.
fn shallow(with_shallow_file: bool) -> (Fixture, [git2::Oid; 3]) {
    let f = Fixture::new();
    f.write(PATH, HELPLINE);
    let c1 = f.commit("Add", "Alice", "2022-01-10T09:00", 0).oid;
    f.write(PATH, &HELPLINE.replace("Unit V", "Unit W"));
    let c2 = f.commit("Owner", "Bob", "2022-02-10T09:00", 0).oid;
    f.write(
        PATH,
        &HELPLINE
            .replace("Unit V", "Unit W")
            .replace("2022-06-30", "2022-07-31"),
    );
    let c3 = f.commit("Delay", "Carol", "2022-03-10T09:00", 0).oid;
    let git = f.repo.path().to_path_buf();
    if with_shallow_file {
        fs::write(git.join("shallow"), format!("{c2}\n")).unwrap();
    }
    let hex = c1.to_string();
    fs::remove_file(git.join("objects").join(&hex[..2]).join(&hex[2..])).unwrap();
    (f, [c1, c2, c3])
}

#[test]
fn a_commit_whose_parent_is_missing_starts_the_history_there() {
    let (f, [_, c2, c3]) = shallow(false);
    let out = f.run(&["history", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let e = out.json();
    assert_eq!(
        pick(e.as_array().unwrap(), &["commit", "kind"]),
        [[json!(c3.to_string()), json!("due-changed")]]
    );
    // Not a shallow clone (no .git/shallow): the missing parent is named, with no
    // `git fetch --unshallow` hint.
    let [_, c1, _] = shallow_ids(&f);
    assert_eq!(
        out.stderr,
        format!(
            "note: commit {}'s parent {} is not in this repository; history starts at commit {}\n\
             hint: run `git fsck` to see what is missing, and `git fetch` (or a fresh clone) to get it back\n",
            &c2.to_string()[..8],
            &c1[..8],
            &c2.to_string()[..8]
        )
    );
    // The note stays when the walk is answered from the cache.
    let again = f.run(&["history", "--format", "json"]);
    assert_eq!(again.stderr, out.stderr);
}

/// The ids of the three commits of [`shallow`], from the branch (the first is gone).
fn shallow_ids(f: &Fixture) -> [String; 3] {
    let head = f.repo.head().unwrap().peel_to_commit().unwrap();
    let parent = head.parent(0).unwrap();
    [
        head.id().to_string(),
        parent.parent_id(0).unwrap().to_string(),
        parent.id().to_string(),
    ]
}

#[test]
fn a_shallow_clone_starts_the_history_at_its_boundary_with_a_note() {
    let (f, [_, c2, c3]) = shallow(true);
    let out = f.run(&["history", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let e = out.json();
    assert_eq!(
        pick(e.as_array().unwrap(), &["commit", "kind"]),
        [[json!(c3.to_string()), json!("due-changed")]]
    );
    assert!(
        out.stderr.contains(&format!(
            "note: this is a shallow clone; history starts at commit {}",
            &c2.to_string()[..8]
        )),
        "{}",
        out.stderr
    );
}

#[test]
fn a_shallow_clone_does_not_crash() {
    let (f, _) = shallow(true);
    for args in [
        &["history", "--format", "json"][..],
        &["slips", "--format", "json"],
        &["status", "--at", "2022-02-10", "--format", "json"],
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    ] {
        let out = f.run(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    let out = f.run(&["status", "--at", "2022-01-31"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // The report itself says its history is cut, in every format.
    let md = f.run(&["report", "--since", "2022-01-01"]);
    assert!(
        md.stdout
            .contains("> **History incomplete:** this is a shallow clone; history starts at commit "),
        "{md}"
    );
    let html = f.run(&["report", "--since", "2022-01-01", "--format", "html"]);
    assert!(
        html.stdout
            .contains("History incomplete: </strong>this is a shallow clone"),
        "{html}"
    );
    let json = f
        .run(&["report", "--since", "2022-01-01", "--format", "json"])
        .json();
    assert!(
        json["history"]["cut"]
            .as_str()
            .unwrap()
            .starts_with("this is a shallow clone")
    );
}

#[test]
fn a_strategy_deeper_in_the_repository_and_runs_from_a_subfolder() {
    let f = Fixture::empty();
    f.write("docs/plan/strategy/strategy.yaml", STRATEGY);
    f.write(&format!("docs/plan/{PATH}"), HELPLINE);
    let c1 = f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(
        &format!("docs/plan/{PATH}"),
        &HELPLINE.replace("Unit V", "Unit W"),
    );
    let c2 = f.commit("Owner", "Bob", "2022-02-10T09:00", 0);
    // Paths are relative to the repository's root, wherever tracker runs from.
    let path = format!("docs/plan/{PATH}");
    let expected = evs(vec![
        Ev::at(&c1, "added", "helpline", &path),
        Ev::at(&c2, "owner-changed", "helpline", &path).field("owner", Some("Unit V"), Some("Unit W")),
    ]);
    // From the folder above the strategy, from inside it, and with -C from the top.
    for dir in ["docs/plan", "docs/plan/strategy/victim-support"] {
        let out = f.run_raw(
            &f.root().join(dir),
            &["--today", "2026-11-29", "history", "--format", "json"],
        );
        assert_eq!(out.json(), Value::Array(expected.clone()), "{dir}");
    }
    let out = f.run(&["-C", "docs/plan", "history", "--format", "json"]);
    assert_eq!(out.json(), Value::Array(expected.clone()));
    let out = f.run(&[
        "--strategy-dir",
        "docs/plan/strategy",
        "history",
        "--format",
        "json",
    ]);
    assert_eq!(out.json(), Value::Array(expected));
    let s = f
        .run(&["-C", "docs/plan", "status", "--at", "HEAD~1", "--format", "json"])
        .json();
    assert_eq!(s["commitments"][0]["owner"], "Unit V");
}

#[test]
fn a_strategy_folder_with_another_name() {
    let f = Fixture::empty();
    f.write("plan/strategy.yaml", STRATEGY);
    f.write("plan/helpline.yaml", HELPLINE);
    let c1 = f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    let out = f.run(&["--strategy-dir", "plan", "history", "--format", "json"]);
    assert_eq!(
        out.json(),
        Value::Array(evs(vec![Ev::at(&c1, "added", "helpline", "plan/helpline.yaml")]))
    );
}

#[test]
fn history_without_today_needs_no_clock_for_committed_events() {
    // The default day only matters for validation; committed events do not depend on it.
    let f = Fixture::new();
    f.write(PATH, HELPLINE);
    let c1 = f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    let out = f.run_raw(&f.root(), &["history", "--format", "json"]);
    assert_eq!(
        out.json(),
        Value::Array(evs(vec![Ev::at(&c1, "added", "helpline", PATH)]))
    );
}

#[cfg(unix)]
#[test]
fn a_committed_symlink_is_refused_on_disk_and_in_history_alike() {
    let f = Fixture::new();
    f.write("shared/linked.yaml", &HELPLINE.replace("helpline", "linked"));
    let link = "strategy/victim-support/linked.yaml";
    std::fs::create_dir_all(f.root().join("strategy/victim-support")).unwrap();
    std::os::unix::fs::symlink("../../shared/linked.yaml", f.root().join(link)).unwrap();
    let mut index = f.repo.index().unwrap();
    index.add_path(std::path::Path::new(link)).unwrap();
    index.write().unwrap();
    assert_eq!(
        index.get_path(std::path::Path::new(link), 0).unwrap().mode,
        0o120000
    );
    let c1 = f.commit("Add a linked commitment", "Alice", "2022-01-10T09:00", 0);

    // The working tree and the commit agree: the link is refused, not read.
    let now = f.run(&["status", "--format", "json"]);
    assert_eq!(now.code, 1, "{}", now.stderr);
    assert!(now.stderr.contains(link), "{}", now.stderr);
    let now_json: Value = serde_json::from_str(&now.stdout).unwrap();
    assert_eq!(now_json["commitments"].as_array().unwrap().len(), 0);
    let then = f.run(&["status", "--at", "HEAD", "--format", "json"]);
    assert_eq!(then.code, 1, "{}", then.stderr);
    let then_json: Value = serde_json::from_str(&then.stdout).unwrap();
    assert_eq!(then_json["commitments"].as_array().unwrap().len(), 0);
    // History reports it once, and a clean tree adds no uncommitted event.
    let e = f.history(&[]);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0]["kind"], "invalid");
    assert_eq!(e[0]["commit"], c1.oid.to_string());
}

#[test]
fn history_follows_the_strategy_folder_across_a_rename() {
    let f = Fixture::new();
    let old = "plan/detection/hotline.yaml";
    let text = "id: hotline\ntitle: Hotline network\npillar: detection\nowner: Unit B\nmilestones:\n  - id: h1\n    title: Network set up\n    due: 2023-03-31\n";
    f.rename("strategy/strategy.yaml", "plan/strategy.yaml", None);
    f.write(old, text);
    let c1 = f.commit("Add under the old folder name", "Alice", "2022-01-10T09:00", 0);
    f.write(old, &text.replace("Unit B", "Unit C"));
    let c2 = f.commit("New owner", "Bob", "2022-02-10T09:00", 0);
    f.rename("plan/strategy.yaml", "strategy/strategy.yaml", None);
    f.rename(old, "strategy/detection/hotline.yaml", None);
    f.commit("Rename the folder to strategy/", "Carol", "2022-03-10T09:00", 0);

    let e = f.history(&[]);
    // The life before the rename is there, shown under today's folder name, and the
    // rename itself changes nothing.
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(e[0]["kind"], "added");
    assert_eq!(e[0]["commit"], c1.id());
    assert_eq!(e[1]["kind"], "owner-changed");
    assert_eq!(e[1]["commit"], c2.id());
    assert_eq!(e[1]["path"], "strategy/detection/hotline.yaml");
    // And the status as recorded before the rename can be read.
    let then = f
        .run(&["status", "--at", "2022-01-31", "--format", "json"])
        .json();
    assert_eq!(then["commitments"][0]["owner"], "Unit B");
}
