//! Reporting points: `status --at`, `diff FROM [TO]` and `slips`.

use crate::support::repo::{Fixture, Made, sig};
use serde_json::{Value, json};

const PATH: &str = "strategy/law-enforcement/training.yaml";

const TRAINING: &str = "\
id: training
title: Train investigators
pillar: law-enforcement
owner: CEPOL
milestones:
  - id: m1
    title: Course designed
    due: 2022-05-31
  - id: m2
    title: First course held
    due: 2022-09-30
";

/// Commit 1 on 1 May; m1 done at 23:59 UTC on 10 May; m2 done at 00:01 UTC on 11 May.
fn boundary() -> (Fixture, [Made; 3]) {
    let f = Fixture::new();
    f.write(PATH, TRAINING);
    let c1 = f.commit("Add training", "Alice", "2022-05-01T12:00", 0);
    let one = TRAINING.replace(
        "    due: 2022-05-31\n",
        "    due: 2022-05-31\n    done: 2022-05-10\n",
    );
    f.write(PATH, &one);
    let c2 = f.commit("m1 done", "Bob", "2022-05-10T23:59", 0);
    let two = one.replace(
        "    due: 2022-09-30\n",
        "    due: 2022-09-30\n    done: 2022-05-11\n",
    );
    f.write(PATH, &two);
    let c3 = f.commit("m2 done", "Bob", "2022-05-11T00:01", 0);
    (f, [c1, c2, c3])
}

fn status_at(f: &Fixture, at: &str) -> Value {
    f.run_raw(&f.root(), &["status", "--at", at, "--format", "json"])
        .json()
}

fn done(status: &Value) -> (Value, Value) {
    let c = &status["commitments"][0];
    assert_eq!(c["id"], "training");
    (c["milestones_done"].clone(), c["state"].clone())
}

#[test]
fn status_at_a_date_takes_the_last_commit_of_that_day_in_utc() {
    let (f, [c1, c2, c3]) = boundary();
    let s = status_at(&f, "2022-05-10");
    assert_eq!(s["as_of"], "2022-05-10");
    assert_eq!(done(&s), (json!(1), json!("on-track")));
    assert!(
        s["source"].as_str().unwrap().contains(&c2.short()),
        "{}",
        s["source"]
    );

    let s = status_at(&f, "2022-05-11");
    assert_eq!(s["as_of"], "2022-05-11");
    assert_eq!(done(&s), (json!(2), json!("done")));
    assert!(s["source"].as_str().unwrap().contains(&c3.short()));

    let s = status_at(&f, "2022-05-09");
    assert_eq!(s["as_of"], "2022-05-09");
    assert_eq!(done(&s), (json!(0), json!("on-track")));
    assert!(s["source"].as_str().unwrap().contains(&c1.short()));

    // The first commit's own day.
    let s = status_at(&f, "2022-05-01");
    assert_eq!(done(&s), (json!(0), json!("on-track")));
    // Far later: the last commit, with states for that day.
    let s = status_at(&f, "2023-01-01");
    assert_eq!(s["as_of"], "2023-01-01");
    assert_eq!(done(&s), (json!(2), json!("done")));
}

#[test]
fn status_at_a_date_before_a_due_date_passes_shows_it_overdue_on_that_day() {
    let (f, _) = boundary();
    let s = status_at(&f, "2022-06-15");
    assert_eq!(done(&s), (json!(2), json!("done")));
    // Back before m1 was done, but after its due date: HEAD~2 as of 2022-06-01.
    let sha = f.repo.revparse_single("HEAD~2").unwrap().id().to_string();
    let out = f.run(&["status", "--at", &sha, "--format", "json"]);
    let s = out.json();
    // --today decides the day states are computed for.
    assert_eq!(s["as_of"], "2026-11-29");
    assert_eq!(done(&s), (json!(0), json!("overdue")));
}

#[test]
fn status_at_with_today_computes_states_for_today() {
    let (f, _) = boundary();
    let s = f
        .run(&["status", "--at", "2022-05-10", "--format", "json"])
        .json();
    assert_eq!(s["as_of"], "2026-11-29");
    assert_eq!(done(&s), (json!(1), json!("overdue")));
}

#[test]
fn status_at_revisions_tags_and_shas() {
    let (f, [c1, c2, c3]) = boundary();
    let s = status_at(&f, "HEAD~1");
    assert_eq!(s["as_of"], "2022-05-10");
    assert_eq!(done(&s), (json!(1), json!("on-track")));

    let s = status_at(&f, &c1.id());
    assert_eq!(s["as_of"], "2022-05-01");
    assert_eq!(done(&s), (json!(0), json!("on-track")));

    let s = status_at(&f, &c3.short());
    assert_eq!(done(&s), (json!(2), json!("done")));

    // A lightweight and an annotated tag.
    let obj = f.repo.find_object(c2.oid, None).unwrap();
    f.repo.tag_lightweight("v1", &obj, false).unwrap();
    let tagger = sig("Tagger", "2022-07-01T09:00", 0);
    f.repo
        .tag("v1-annotated", &obj, &tagger, "Release 1", false)
        .unwrap();
    for tag in ["v1", "v1-annotated"] {
        let s = status_at(&f, tag);
        assert_eq!(s["as_of"], "2022-05-10", "{tag}");
        assert_eq!(done(&s), (json!(1), json!("on-track")), "{tag}");
    }
    // A branch name.
    let s = status_at(&f, "main");
    assert_eq!(done(&s), (json!(2), json!("done")));
}

#[test]
fn status_at_an_unknown_revision_is_an_error() {
    let (f, _) = boundary();
    for spec in [
        "no-such-tag",
        "HEAD~7",
        "0123456789abcdef0123456789abcdef01234567",
    ] {
        let out = f.run(&["status", "--at", spec, "--format", "json"]);
        assert_eq!(out.code, 2, "{spec}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{spec}");
        assert!(
            out.stderr
                .contains(&format!("error: `{spec}` does not name a commit")),
            "{spec}: {}",
            out.stderr
        );
        assert!(out.stderr.contains("hint: "), "{}", out.stderr);
    }
}

#[test]
fn status_at_a_date_before_the_first_commit_is_an_error() {
    let (f, _) = boundary();
    let out = f.run(&["status", "--at", "2022-04-30", "--format", "json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("`2022-04-30` does not name a commit")
            && out.stderr.contains("later than 2022-04-30"),
        "{}",
        out.stderr
    );
}

#[test]
fn status_at_with_a_bad_date_is_an_error() {
    let (f, _) = boundary();
    let out = f.run(&["status", "--at", "2022-02-30", "--format", "json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "");
}

#[test]
fn status_at_shows_one_commitment_in_detail() {
    let (f, _) = boundary();
    let out = f.run_raw(
        &f.root(),
        &["status", "training", "--at", "HEAD~1", "--format", "json"],
    );
    let d = out.json();
    assert_eq!(d["id"], "training", "{d:#}");
}

// ---------------------------------------------------------------- diff

const PREVENTION: &str = "strategy/prevention/schools.yaml";

const SCHOOLS: &str = "\
id: schools
title: Schools programme
pillar: prevention
owner: Unit P
milestones:
  - id: s1
    title: Materials
    due: 2022-03-31
  - id: s2
    title: Roll-out
    due: 2022-12-31
";

/// Jan: add; Feb: owner changed; Mar: owner changed back and s1 done; Apr: s2 moved.
fn diff_script() -> (Fixture, Vec<Made>) {
    let f = Fixture::new();
    f.write(PATH, TRAINING);
    f.write(PREVENTION, SCHOOLS);
    let mut c = vec![f.commit("Add", "Alice", "2022-01-10T09:00", 0)];
    f.write(PREVENTION, &SCHOOLS.replace("Unit P", "Unit Q"));
    c.push(f.commit("Owner Q", "Bob", "2022-02-10T09:00", 0));
    let s1_done = SCHOOLS.replace(
        "    due: 2022-03-31\n",
        "    due: 2022-03-31\n    done: 2022-03-05\n",
    );
    f.write(PREVENTION, &s1_done);
    c.push(f.commit("Owner back, s1 done", "Bob", "2022-03-10T09:00", 0));
    f.write(PREVENTION, &s1_done.replace("due: 2022-12-31", "due: 2023-03-31"));
    c.push(f.commit("Delay s2", "Carol", "2022-04-10T09:00", 0));
    (f, c)
}

fn pillar<'a>(d: &'a Value, id: &str) -> &'a Value {
    d["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no pillar {id} in {d:#}"))
}

#[test]
fn diff_between_two_dates_shows_net_changes_only() {
    let (f, c) = diff_script();
    let d = f
        .run(&["diff", "2022-01-31", "2022-03-31", "--format", "json"])
        .json();
    assert_eq!(
        d["changes"],
        json!([{
            "commitment": "schools", "milestone": "s1", "kind": "milestone-done",
            "field": "done", "from": null, "to": "2022-03-05", "path": PREVENTION,
        }])
    );
    assert!(
        d["from"].as_str().unwrap().starts_with("2022-01-31"),
        "{}",
        d["from"]
    );
    assert!(d["from"].as_str().unwrap().contains(&c[0].short()));
    assert!(d["to"].as_str().unwrap().starts_with("2022-03-31"), "{}", d["to"]);
    assert!(d["to"].as_str().unwrap().contains(&c[2].short()));

    let ids: Vec<&str> = d["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "prevention",
            "detection",
            "law-enforcement",
            "victim-support",
            "all"
        ]
    );
    let p = pillar(&d, "prevention");
    assert_eq!(
        (
            &p["progress_from"],
            &p["progress_to"],
            &p["done_from"],
            &p["done_to"]
        ),
        (&json!(0.0), &json!(0.5), &json!(0), &json!(1))
    );
    assert_eq!((&p["total_from"], &p["total_to"]), (&json!(2), &json!(2)));
    let p = pillar(&d, "law-enforcement");
    assert_eq!(
        (&p["progress_from"], &p["progress_to"]),
        (&json!(0.0), &json!(0.0))
    );
    // A pillar without milestones has no progress figure.
    let p = pillar(&d, "detection");
    assert_eq!(
        (&p["progress_from"], &p["progress_to"]),
        (&Value::Null, &Value::Null)
    );
    let p = pillar(&d, "all");
    assert_eq!(
        (
            &p["progress_from"],
            &p["progress_to"],
            &p["done_to"],
            &p["total_to"]
        ),
        (&json!(0.0), &json!(0.25), &json!(1), &json!(4))
    );
}

#[test]
fn diff_between_revisions_includes_the_due_move() {
    let (f, _) = diff_script();
    let d = f.run(&["diff", "HEAD~1", "HEAD", "--format", "json"]).json();
    assert_eq!(
        d["changes"],
        json!([{
            "commitment": "schools", "milestone": "s2", "kind": "due-changed", "field": "due",
            "from": "2022-12-31", "to": "2023-03-31", "days": 90, "path": PREVENTION,
        }])
    );
    // Nothing changed between a point and itself.
    let d = f
        .run(&["diff", "2022-03-10", "2022-03-31", "--format", "json"])
        .json();
    assert_eq!(d["changes"], json!([]));
}

#[test]
fn diff_from_a_date_to_the_working_tree_shows_uncommitted_edits() {
    let (f, _) = diff_script();
    let d = f.run(&["diff", "2022-04-10", "--format", "json"]).json();
    assert_eq!(d["changes"], json!([]));
    assert_eq!(d["to"], "working tree");

    f.edit(PATH, &TRAINING.replace("owner: CEPOL", "owner: Europol"));
    let d = f.run(&["diff", "2022-04-10", "--format", "json"]).json();
    assert_eq!(d["to"], "working tree");
    assert_eq!(d["to_date"], "2026-11-29");
    assert_eq!(
        d["changes"],
        json!([{
            "commitment": "training", "milestone": null, "kind": "owner-changed", "field": "owner",
            "from": "CEPOL", "to": "Europol", "path": PATH,
        }])
    );
    // From January: the net changes of the commits plus the uncommitted edit.
    let d = f.run(&["diff", "2022-01-10", "--format", "json"]).json();
    let kinds: Vec<(&str, &str)> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["commitment"].as_str().unwrap(), c["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("schools", "milestone-done"),
            ("schools", "due-changed"),
            ("training", "owner-changed")
        ]
    );
}

#[test]
fn diff_lists_added_and_removed_commitments() {
    let (f, _) = diff_script();
    f.remove(PATH);
    f.write(
        "strategy/victim-support/help.yaml",
        &TRAINING.replace("training", "help"),
    );
    f.commit("Swap", "Dan", "2022-05-10T09:00", 0);
    let d = f
        .run(&["diff", "2022-04-30", "2022-05-10", "--format", "json"])
        .json();
    assert_eq!(
        d["changes"],
        json!([
            {"commitment": "help", "milestone": null, "kind": "added", "field": null, "from": null,
             "to": null, "path": "strategy/victim-support/help.yaml"},
            {"commitment": "training", "milestone": null, "kind": "removed", "field": null,
             "from": null, "to": null, "path": PATH},
        ])
    );
}

#[test]
fn diff_with_an_unknown_point_is_an_error() {
    let (f, _) = diff_script();
    let out = f.run(&["diff", "nope", "--format", "json"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`nope` does not name a commit"),
        "{}",
        out.stderr
    );
    // Before the first commit nothing was recorded: everything was added since.
    let d = f.run(&["diff", "2021-01-01", "HEAD", "--format", "json"]).json();
    assert!(
        d["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["kind"] == "added" || c["kind"] == "milestone-done" || c["kind"] == "milestone-added"),
        "{d}"
    );
    // A period word as FROM is its start; as TO, its end.
    let q = f.run(&["diff", "2022-Q1", "2022-Q1", "--format", "json"]).json();
    assert_eq!(q["from_date"], "2022-01-01");
}

#[test]
fn diff_in_other_formats() {
    let (f, _) = diff_script();
    let out = f.run(&["diff", "HEAD~1", "HEAD", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.lines().collect::<Vec<_>>(),
        [
            "commitment,milestone,kind,field,from,to,days,path",
            &format!("schools,s2,due-changed,due,2022-12-31,2023-03-31,90,{PREVENTION}"),
        ]
    );
    for format in ["table", "markdown"] {
        let out = f.run(&["diff", "HEAD~1", "HEAD", "--format", format]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert!(out.stdout.contains("schools"), "{format}: {}", out.stdout);
    }
}

// ---------------------------------------------------------------- slips

#[test]
fn slips_count_from_the_first_due_date_recorded() {
    let f = Fixture::new();
    f.write(PREVENTION, SCHOOLS);
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    // Brought forward from 2022-12-31 to 2022-06-30, then slipped back in two steps.
    let s = SCHOOLS.replace("due: 2022-12-31", "due: 2022-06-30");
    f.write(PREVENTION, &s);
    let c2 = f.commit("Plan s2 for June", "Alice", "2022-01-20T09:00", 0);
    f.write(PREVENTION, &s.replace("due: 2022-06-30", "due: 2022-09-30"));
    let c3 = f.commit("Delay: supplier late", "Bob", "2022-05-02T09:00", 120);
    f.write(PREVENTION, &s.replace("due: 2022-06-30", "due: 2022-12-31"));
    let c4 = f.commit(
        "Delay: budget freeze\n\nSee minutes.",
        "Carol",
        "2022-08-15T09:00",
        -240,
    );

    // Back where it started: 0 days net, so not listed.
    assert_eq!(f.run(&["slips", "--format", "json"]).json(), json!([]));
    let moves = f.history(&["--kind", "due-changed"]);
    assert_eq!(
        moves.iter().map(|m| m["commit"].clone()).collect::<Vec<_>>(),
        [json!(c2.id()), json!(c3.id()), json!(c4.id())]
    );

    // Counting from after the plan was made (--since), it slipped 184 days.
    let slips = f
        .run(&["slips", "--since", "2022-02-01", "--format", "json"])
        .json();
    assert_eq!(
        slips,
        json!([{
            "commitment": "schools",
            "commitment_title": "Schools programme",
            "milestone": "s2",
            "milestone_title": "Roll-out",
            "original_due": "2022-06-30",
            "current_due": "2022-12-31",
            "days_slipped": 184,
            "moves": 2,
            "history": [
                {"commit": c3.id(), "date": "2022-05-02", "author": "Bob", "subject": "Delay: supplier late", "reason": null,
                 "from": "2022-06-30", "to": "2022-09-30", "days": 92},
                {"commit": c4.id(), "date": "2022-08-15", "author": "Carol", "subject": "Delay: budget freeze", "reason": null,
                 "from": "2022-09-30", "to": "2022-12-31", "days": 92},
            ],
        }])
    );
}

#[test]
fn slips_follow_a_milestone_moved_twice_by_two_authors() {
    let f = Fixture::new();
    let s = SCHOOLS.replace("due: 2022-12-31", "due: 2022-06-30");
    let t = TRAINING.replace("owner: CEPOL\n", "owner: CEPOL\ndue: 2023-01-31\n");
    f.write(PREVENTION, &s);
    f.write(PATH, &t);
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(PREVENTION, &s.replace("due: 2022-06-30", "due: 2022-09-30"));
    let c2 = f.commit("Delay: supplier late", "Bob", "2022-05-02T09:00", 0);
    f.write(PREVENTION, &s.replace("due: 2022-06-30", "due: 2022-12-31"));
    let c3 = f.commit("Delay: budget freeze", "Carol", "2022-08-15T09:00", 0);
    // A milestone moved earlier: not a slip.
    let t = t.replace("due: 2022-09-30", "due: 2022-08-31");
    f.write(PATH, &t);
    f.commit("Bring m2 forward", "Dan", "2022-09-01T09:00", 0);
    // A commitment's own due date that slipped less.
    f.write(PATH, &t.replace("due: 2023-01-31", "due: 2023-02-28"));
    let c6 = f.commit("Training later", "Eve", "2022-09-03T09:00", 0);

    let slips = f.run(&["slips", "--format", "json"]).json();
    assert_eq!(
        slips,
        json!([
            {
                "commitment": "schools",
                "commitment_title": "Schools programme",
                "milestone": "s2",
                "milestone_title": "Roll-out",
                "original_due": "2022-06-30",
                "current_due": "2022-12-31",
                "days_slipped": 184,
                "moves": 2,
                "history": [
                    {"commit": c2.id(), "date": "2022-05-02", "author": "Bob",
                     "subject": "Delay: supplier late", "reason": null, "from": "2022-06-30", "to": "2022-09-30", "days": 92},
                    {"commit": c3.id(), "date": "2022-08-15", "author": "Carol",
                     "subject": "Delay: budget freeze", "reason": null, "from": "2022-09-30", "to": "2022-12-31", "days": 92},
                ],
            },
            {
                "commitment": "training",
                "commitment_title": "Train investigators",
                "milestone": null,
                "milestone_title": null,
                "original_due": "2023-01-31",
                "current_due": "2023-02-28",
                "days_slipped": 28,
                "moves": 1,
                "history": [
                    {"commit": c6.id(), "date": "2022-09-03", "author": "Eve",
                     "subject": "Training later", "reason": null, "from": "2023-01-31", "to": "2023-02-28", "days": 28},
                ],
            },
        ])
    );
    // --since drops the earlier moves.
    let slips = f
        .run(&["slips", "--since", "2022-08-01", "--format", "json"])
        .json();
    let summary: Vec<_> = slips
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["commitment"].clone(),
                s["original_due"].clone(),
                s["days_slipped"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (json!("schools"), json!("2022-09-30"), json!(92)),
            (json!("training"), json!("2023-01-31"), json!(28)),
        ]
    );
}

#[test]
fn slips_include_uncommitted_moves() {
    let f = Fixture::new();
    f.write(PATH, TRAINING);
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.edit(PATH, &TRAINING.replace("due: 2022-05-31", "due: 2022-06-30"));
    let slips = f.run(&["slips", "--format", "json"]).json();
    assert_eq!(
        slips,
        json!([{
            "commitment": "training", "commitment_title": "Train investigators",
            "milestone": "m1", "milestone_title": "Course designed", "original_due": "2022-05-31",
            "current_due": "2022-06-30", "days_slipped": 30, "moves": 1,
            "history": [{"commit": null, "date": null, "author": null, "subject": null, "reason": null,
                         "from": "2022-05-31", "to": "2022-06-30", "days": 30}],
        }])
    );
}

#[test]
fn slips_of_a_due_date_set_after_the_commitment_was_added() {
    let f = Fixture::new();
    f.write(PATH, TRAINING);
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(
        PATH,
        &TRAINING.replace("owner: CEPOL\n", "owner: CEPOL\ndue: 2023-01-31\n"),
    );
    f.commit("Set the training due date", "Dan", "2022-02-01T09:00", 0);
    f.write(
        PATH,
        &TRAINING.replace("owner: CEPOL\n", "owner: CEPOL\ndue: 2023-02-28\n"),
    );
    let c3 = f.commit("Training later", "Eve", "2022-03-01T09:00", 0);
    // The first due date recorded is 2023-01-31; it now is 2023-02-28.
    let slips = f.run(&["slips", "--format", "json"]).json();
    let slips = slips.as_array().unwrap();
    assert_eq!(slips.len(), 1, "{slips:#?}");
    let s = &slips[0];
    assert_eq!(
        (
            &s["commitment"],
            &s["milestone"],
            &s["original_due"],
            &s["current_due"],
            &s["days_slipped"]
        ),
        (
            &json!("training"),
            &Value::Null,
            &json!("2023-01-31"),
            &json!("2023-02-28"),
            &json!(28)
        )
    );
    let last = s["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last,
        json!({"commit": c3.id(), "date": "2022-03-01", "author": "Eve", "subject": "Training later", "reason": null,
               "from": "2023-01-31", "to": "2023-02-28", "days": 28})
    );
}

#[test]
fn status_at_a_date_counts_days_in_utc_while_history_shows_the_committers_day() {
    // Committed at 01:30 on 2 March in Athens (UTC+2), i.e. 23:30 on 1 March in UTC.
    // `history` dates it 2 March (the committer's day); `status --at` resolves dates in
    // UTC (as documented on `Repo::resolve`), so the commit already counts on 1 March.
    let f = Fixture::new();
    f.write(PATH, TRAINING);
    f.commit("Add", "Alice", "2022-02-01T12:00", 0);
    f.write(PATH, &TRAINING.replace("owner: CEPOL", "owner: Europol"));
    let late = f.commit("Owner", "Bob", "2022-03-02T01:30", 120);
    assert_eq!(f.history(&["--kind", "owner-changed"])[0]["date"], "2022-03-02");
    let s = status_at(&f, "2022-03-01");
    assert_eq!(s["commitments"][0]["owner"], "Europol");
    assert!(s["source"].as_str().unwrap().contains(&late.short()));
    let s = status_at(&f, "2022-02-28");
    assert_eq!(s["commitments"][0]["owner"], "CEPOL");
}

#[test]
fn status_at_a_commit_before_the_strategy_says_it_did_not_exist_yet() {
    let f = Fixture::empty();
    f.write("README.md", "A repository that had other things first.\n");
    let before = f.commit("Start", "Alice", "2022-03-01T10:00", 0);
    f.write("strategy/strategy.yaml", crate::support::STRATEGY);
    f.write(PATH, TRAINING);
    let start = f.commit("Add the strategy", "Alice", "2022-05-01T12:00", 0);
    for at in ["2022-04-01", before.id().as_str()] {
        let r = f.run(&["status", "--at", at]);
        assert_eq!(r.code, 2, "{r}");
        assert_eq!(
            r.stderr,
            format!(
                "error: the strategy did not exist yet at {at} (commit {}, 2022-03-01): strategy is not in that commit\n\
                 hint: the strategy starts at commit {} (2022-05-01); ask for that date or a later one\n",
                before.short(),
                start.short()
            )
        );
    }
    // Before the first commit of all: said with the day the history starts, from the
    // index of dates and without it.
    for env in [&[][..], &[("TRACKER_NO_CACHE", "1")]] {
        let r = f.run_env(
            &f.root(),
            env,
            &["--today", "2026-01-01", "status", "--at", "2021-01-01"],
        );
        assert_eq!(r.code, 2, "{r}");
        assert_eq!(
            r.stderr,
            format!(
                "error: `2021-01-01` does not name a commit: the first commit on this branch ({}, 2022-03-01) \
                 is later than 2021-01-01\nhint: the history starts on 2022-03-01: ask for that day or a later one\n",
                before.short()
            ),
            "{env:?}"
        );
    }
    // A first commit made in the evening west of Greenwich is on the next day in UTC,
    // the day days are looked up by: that is the day said, and asking for it works.
    let west = Fixture::empty();
    west.write("strategy/strategy.yaml", crate::support::STRATEGY);
    west.write(PATH, TRAINING);
    west.commit("Add the strategy", "Alice", "2022-03-01T20:00", -300);
    let r = west.run_raw(
        &west.root(),
        &["--today", "2026-01-01", "status", "--at", "2022-03-01"],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains("hint: the history starts on 2022-03-02: ask for that day or a later one"),
        "{r}"
    );
    let r = west.run_raw(
        &west.root(),
        &["--today", "2026-01-01", "status", "--at", "2022-03-02"],
    );
    assert_eq!(r.code, 0, "{r}");
    // A comparison from before the strategy starts from nothing: all was added since.
    let d = f.run(&["diff", "2022-04-01", "HEAD", "--format", "json"]).json();
    assert_eq!(d["changes"][0]["kind"], "added", "{d}");
    assert_eq!(d["complete"], true, "{d}");
    // Before the first commit of all, too; and it is named as such, not as the working
    // tree.
    let d = f.run(&["diff", "2021-01-01", "HEAD", "--format", "json"]).json();
    assert_eq!(d["changes"][0]["kind"], "added", "{d}");
    assert_eq!(
        d["from"], "2021-01-01 (before the first commit: nothing recorded)",
        "{d}"
    );
    assert_eq!(d["from_commit"], Value::Null, "{d}");
    let r = f.run(&["diff", "2021-01-01", "HEAD"]);
    assert!(
        r.stdout
            .starts_with("From 2021-01-01 (before the first commit: nothing recorded) to 2022-05-01"),
        "{r}"
    );
}

#[test]
fn findings_behind_an_error_are_json_when_json_was_asked_for() {
    let (f, _) = boundary();
    f.edit("strategy/strategy.yaml", "id: [x\n");
    for args in [
        &["status", "--format", "json"][..],
        &["diff", "HEAD", "--format", "json"],
        &["report", "--format", "json"],
    ] {
        let r = f.run(args);
        assert_eq!(r.code, 1, "{args:?}: {r}");
        let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {r}"));
        assert_eq!(
            v["error"]["message"], "the strategy file strategy/strategy.yaml is invalid",
            "{args:?}"
        );
        assert_eq!(v["error"]["findings"][0]["rule"], "yaml-syntax", "{args:?}");
        assert_eq!(
            v["error"]["findings"][0]["path"], "strategy/strategy.yaml",
            "{args:?}"
        );
    }
    // One commitment with errors, asked for by id.
    f.edit("strategy/strategy.yaml", crate::support::STRATEGY);
    f.edit(PATH, &TRAINING.replace("due: 2022-05-31", "due: 2022-05-32"));
    let r = f.run(&["status", "training", "--format", "json"]);
    assert_eq!(r.code, 1, "{r}");
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(
        v["error"]["message"],
        format!("{PATH} has errors, so its status cannot be shown")
    );
    assert_eq!(v["error"]["findings"][0]["rule"], "bad-date");
}

#[test]
fn diff_with_every_file_left_out_does_not_say_no_changes() {
    let (f, _) = boundary();
    f.write(PATH, "id: training\ntitle: [broken\n");
    f.commit("Break it", "Eve", "2022-06-01T10:00", 0);
    let r = f.run(&["diff", "HEAD"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.starts_with("INCOMPLETE: "), "{r}");
    assert!(
        r.stdout.contains(
            "\nno changes among the files that could be read; the files left out may have changed\n"
        ),
        "{r}"
    );
    let md = f.run(&["diff", "HEAD", "--format", "markdown"]);
    assert!(
        md.stdout
            .contains("\nNo changes among the files that could be read"),
        "{md}"
    );
    assert_eq!(f.run(&["diff", "HEAD", "--format", "json"]).code, 1);
}

/// `status --at` resolves dates through an index of the first-parent line kept under
/// `.git/tracker/`: on every day around each commit it names the commit a walk names,
/// after a new commit, after HEAD is rewritten, and with the index damaged.
#[test]
fn dates_resolve_through_the_line_index_as_through_a_walk() {
    let (f, _) = boundary();
    let index = f.root().join(".git/tracker/line.bin");
    let source = |env: &[(&str, &str)], day: &str| -> String {
        let r = f.run_env(&f.root(), env, &["status", "--at", day, "--format", "json"]);
        match serde_json::from_str::<Value>(&r.stdout) {
            Ok(v) => v["source"].as_str().unwrap_or_default().to_owned(),
            Err(_) => format!("exit {}: {}", r.code, r.stderr),
        }
    };
    let same_as_a_walk = |days: &[&str]| {
        for day in days {
            assert_eq!(
                source(&[], day),
                source(&[("TRACKER_NO_CACHE", "1")], day),
                "{day}"
            );
        }
    };
    let days = [
        "2022-04-30",
        "2022-05-01",
        "2022-05-09",
        "2022-05-10",
        "2022-05-11",
        "2022-06-01",
        "2022-06-02",
    ];
    same_as_a_walk(&days);
    assert!(index.is_file(), "the index is kept");
    // A new commit: the index is brought up to date from its tip.
    f.write(PATH, &TRAINING.replace("CEPOL", "Europol"));
    let c4 = f.commit("New owner", "Carol", "2022-06-01T09:00", 0);
    assert!(source(&[], "2022-06-01").contains(&c4.short()));
    same_as_a_walk(&days);
    // HEAD rewritten (its tip is no longer on the line): the index is rebuilt.
    let head = f.repo.head().unwrap().peel_to_commit().unwrap();
    let parent = head.parent(0).unwrap();
    f.repo
        .reset(parent.as_object(), git2::ResetType::Soft, None)
        .unwrap();
    let c4b = f.commit("New owner, again", "Carol", "2022-06-02T09:00", 0);
    assert!(source(&[], "2022-06-02").contains(&c4b.short()));
    assert!(!source(&[], "2022-06-01").contains(&c4b.short()));
    same_as_a_walk(&days);
    // HEAD moved back (a reset, a switch to an older branch): the index's own line
    // from there.
    let before = std::fs::read(&index).unwrap().len();
    let first = f
        .repo
        .find_commit(git2::Oid::from_str(&c4b.id()).unwrap())
        .unwrap();
    let back = first.parent(0).unwrap().parent(0).unwrap();
    f.repo
        .reset(back.as_object(), git2::ResetType::Soft, None)
        .unwrap();
    same_as_a_walk(&days);
    assert!(std::fs::read(&index).unwrap().len() < before, "the shorter line");
    // A damaged index is not read, and is written again.
    let mut bytes = std::fs::read(&index).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&index, &bytes).unwrap();
    same_as_a_walk(&days);
    assert_ne!(std::fs::read(&index).unwrap(), bytes, "written again");
    std::fs::write(&index, b"not an index").unwrap();
    same_as_a_walk(&days);
}

/// The history walk reads the whole line when it starts cold, and keeps it as the index
/// of dates, and on top of it when it reads new commits from its cache; `status --at`
/// then names the commits a walk names without building the index.
#[test]
fn the_history_walk_keeps_the_line_index_too() {
    let (f, [_, c2, c3]) = boundary();
    let index = f.root().join(".git/tracker/line.bin");
    let r = f.run_env(&f.root(), &[("TRACKER_NO_CACHE", "1")], &["history"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(!index.exists(), "no cache, no index");
    assert_eq!(f.run(&["history"]).code, 0);
    let first = std::fs::read(&index).expect("the walk wrote the index");
    assert!(
        status_at(&f, "2022-05-10")["source"]
            .as_str()
            .unwrap()
            .contains(&c2.short())
    );
    assert_eq!(
        std::fs::read(&index).unwrap(),
        first,
        "status --at used it as it was"
    );
    // A new commit, read from the history cache's tip: the index grows by it.
    f.write(PATH, &TRAINING.replace("CEPOL", "Europol"));
    let c4 = f.commit("New owner", "Carol", "2022-06-01T09:00", 0);
    assert_eq!(f.run(&["history"]).code, 0);
    let second = std::fs::read(&index).unwrap();
    assert!(second.len() > first.len(), "one more commit");
    for (day, commit) in [("2022-05-10", &c2), ("2022-05-11", &c3), ("2022-06-01", &c4)] {
        assert!(
            status_at(&f, day)["source"]
                .as_str()
                .unwrap()
                .contains(&commit.short()),
            "{day}"
        );
    }
    assert_eq!(std::fs::read(&index).unwrap(), second);
}

/// A commit of the line lost after the index was built (a pruned alternate, a lost
/// pack): a history walk from scratch finds the line cut there and drops the index, so
/// that dates resolve as the walk does again.
#[test]
fn a_history_walk_that_finds_the_line_cut_drops_the_line_index() {
    let (f, [c1, c2, _]) = boundary();
    let index = f.root().join(".git/tracker/line.bin");
    assert_eq!(f.run(&["history"]).code, 0);
    assert!(index.is_file());
    assert!(
        status_at(&f, "2022-05-01")["source"]
            .as_str()
            .unwrap()
            .contains(&c1.short())
    );
    // The first commit's object is lost: the line now ends at the second.
    let hex = c1.id();
    std::fs::remove_file(f.repo.path().join("objects").join(&hex[..2]).join(&hex[2..])).unwrap();
    let walked = f.run_env(
        &f.root(),
        &[("TRACKER_NO_CACHE", "1")],
        &["status", "--at", "2022-05-01"],
    );
    assert_ne!(walked.code, 0, "a walk finds no commit that early: {walked}");
    // As the history cache does, the index answers from what it read before; a walk
    // from scratch (here, with the history cache gone) finds the cut and drops it.
    for cache in std::fs::read_dir(f.root().join(".git/tracker")).unwrap() {
        let cache = cache.unwrap().path();
        if cache
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("history-")
        {
            std::fs::remove_file(cache).unwrap();
        }
    }
    f.run(&["history"]);
    assert!(!index.exists(), "dropped by the walk that found the cut");
    let again = f.run_raw(&f.root(), &["status", "--at", "2022-05-01"]);
    assert_eq!(
        (again.code, again.stderr.clone()),
        (walked.code, walked.stderr.clone())
    );
    assert!(
        status_at(&f, "2022-05-10")["source"]
            .as_str()
            .unwrap()
            .contains(&c2.short())
    );
}

/// A later point that ends after today stands for today's working tree, as a report's
/// period does; one that begins after today, and a revision recorded after `--today`,
/// are refused rather than read on a day before they were.
#[test]
fn points_after_today_or_out_of_order_are_covered_to_date_or_refused() {
    let (f, [_, _, c3]) = boundary();
    // An edit not yet committed: only the working tree has m2 re-planned.
    f.write(
        PATH,
        &std::fs::read_to_string(f.root().join(PATH))
            .unwrap()
            .replace("due: 2022-09-30", "due: 2022-10-31"),
    );
    let run = |args: &[&str]| f.run_raw(&f.root(), args);
    let r = run(&[
        "--today",
        "2022-06-15",
        "status",
        "--at",
        "2022",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.json()["as_of"], "2022-06-15", "{r}");
    assert_eq!(r.json()["source"], "working tree", "{r}");
    assert_eq!(
        r.stderr,
        "note: --at 2022 ends on 2022-12-31, after today (2022-06-15): it is covered to date, from the working tree\n"
    );
    let r = run(&[
        "--today",
        "2022-06-15",
        "diff",
        "2022-05-01",
        "2022-Q2",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("2022-10-31"), "the working tree: {r}");
    for (args, error) in [
        (
            &["--today", "2022-06-15", "status", "--at", "2023"][..],
            "error: --at 2023 is after today (2022-06-15): nothing is recorded for it yet; give an earlier day, or --today\n".to_owned(),
        ),
        (
            &["--today", "2022-05-10", "status", "--at", "HEAD"][..],
            format!(
                "error: HEAD is commit {} of 2022-05-11, after --today (2022-05-10); give --today 2022-05-11 or later, or an earlier revision\n",
                c3.short()
            ),
        ),
        (
            &["--today", "2022-05-10", "diff", "HEAD"][..],
            format!(
                "error: HEAD is commit {} of 2022-05-11, after --today (2022-05-10); give --today 2022-05-11 or later, or an earlier revision\n",
                c3.short()
            ),
        ),
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {r}");
        assert_eq!(r.stderr, error, "{args:?}");
    }
    // FROM must come first, and cannot be after today.
    for (args, error) in [
        (
            &["--today", "2022-06-15", "diff", "2022-05-11", "2022-05-01"][..],
            "error: FROM 2022-05-11 stands for 2022-05-11, after TO 2022-05-01 (2022-05-01); give the earlier point first\n",
        ),
        (
            &["--today", "2022-06-15", "diff", "HEAD", "HEAD~2"][..],
            "error: FROM HEAD stands for 2022-05-11, after TO HEAD~2 (2022-05-01); give the earlier point first\n",
        ),
        (
            &["--today", "2022-06-15", "diff", "2022-07"][..],
            "error: FROM 2022-07 is after today (2022-06-15): nothing is recorded from it yet; give an earlier day, or --today\n",
        ),
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {r}");
        assert_eq!(r.stderr, error, "{args:?}");
    }
    let r = run(&[
        "--today",
        "2022-06-15",
        "diff",
        "HEAD~2",
        "HEAD",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{r}");
    // A past point is read from its commit, as before.
    let r = run(&[
        "--today",
        "2022-06-15",
        "status",
        "--at",
        "2022-05-31",
        "--format",
        "json",
    ]);
    assert!(r.json()["source"].as_str().unwrap().contains(&c3.short()), "{r}");
    assert!(r.stderr.is_empty(), "{r}");
}
