//! `tracker history`: the events of scripted histories, and its filters and formats.

use crate::support::repo::{Ev, Fixture, Made, evs, pick, sig};
use serde_json::json;

const AWARENESS: &str = "strategy/prevention/awareness.yaml";
const HOTLINE: &str = "strategy/detection/hotline.yaml";

const AWARENESS_V1: &str = "\
id: awareness
title: Awareness campaign
pillar: prevention
owner: Unit A
status: planned
milestones:
  - id: m1
    title: Campaign designed
    due: 2022-06-30
  - id: m2
    title: Campaign launched
    due: 2022-12-31
";

const HOTLINE_V1: &str = "\
id: hotline
title: Hotline network
pillar: detection
owner: Unit B
milestones:
  - id: h1
    title: Network set up
    due: 2023-03-31
";

/// The six commits of the scripted history, oldest first.
struct Script {
    f: Fixture,
    c: Vec<Made>,
}

fn script() -> Script {
    let f = Fixture::new();
    let mut c = Vec::new();
    let mut a = AWARENESS_V1.to_owned();

    f.write(AWARENESS, &a);
    f.write(HOTLINE, HOTLINE_V1);
    c.push(f.commit(
        "Add awareness and hotline commitments\n\nFrom the March meeting.",
        "Alice",
        "2022-01-10T09:00",
        60,
    ));

    a = a.replace(
        "    due: 2022-06-30\n",
        "    due: 2022-06-30\n    done: 2022-02-11\n",
    );
    f.write(AWARENESS, &a);
    c.push(f.commit("Campaign designed", "Bob Martin", "2022-02-14T16:20", 0));

    a = a.replace("due: 2022-12-31", "due: 2023-06-30");
    f.write(AWARENESS, &a);
    c.push(f.commit("Delay: council position late", "Carol", "2022-03-01T11:00", -300));

    a = a
        .replace("owner: Unit A", "owner: Unit C")
        .replace("status: planned", "status: in-progress");
    f.write(AWARENESS, &a);
    f.write(
        HOTLINE,
        &HOTLINE_V1.replace("Hotline network", "Hotline network (INHOPE)"),
    );
    c.push(f.commit("Hand over to Unit C", "Alice", "2022-04-05T10:00", 120));

    a = a.replace(
        "  - id: m2\n    title: Campaign launched\n    due: 2023-06-30\n",
        "  - id: m3\n    title: Campaign evaluated\n    due: 2023-09-30\n",
    );
    f.write(AWARENESS, &a);
    c.push(f.commit("Replace launch milestone", "Bob Martin", "2022-05-20T08:00", 0));

    a = a.replace("    done: 2022-02-11\n", "");
    f.write(AWARENESS, &a);
    c.push(f.commit("Reopen design: redo", "Carol", "2022-06-01T12:00", -300));

    Script { f, c }
}

/// The full event list of the script, oldest first.
fn script_events(c: &[Made]) -> Vec<Ev> {
    vec![
        Ev::at(&c[0], "added", "hotline", HOTLINE),
        Ev::at(&c[0], "added", "awareness", AWARENESS),
        Ev::at(&c[1], "milestone-done", "awareness", AWARENESS)
            .milestone("m1")
            .field("done", None, Some("2022-02-11")),
        Ev::at(&c[2], "due-changed", "awareness", AWARENESS)
            .milestone("m2")
            .field("due", Some("2022-12-31"), Some("2023-06-30"))
            .days(181),
        Ev::at(&c[3], "edited", "hotline", HOTLINE).field(
            "title",
            Some("Hotline network"),
            Some("Hotline network (INHOPE)"),
        ),
        Ev::at(&c[3], "status-changed", "awareness", AWARENESS).field(
            "status",
            Some("planned"),
            Some("in-progress"),
        ),
        Ev::at(&c[3], "owner-changed", "awareness", AWARENESS).field("owner", Some("Unit A"), Some("Unit C")),
        Ev::at(&c[4], "milestone-added", "awareness", AWARENESS)
            .milestone("m3")
            .field("due", None, Some("2023-09-30")),
        Ev::at(&c[4], "milestone-removed", "awareness", AWARENESS)
            .milestone("m2")
            .field("due", Some("2023-06-30"), None),
        Ev::at(&c[5], "milestone-reopened", "awareness", AWARENESS)
            .milestone("m1")
            .field("done", Some("2022-02-11"), None),
    ]
}

#[test]
fn scripted_history_lists_every_event_in_order() {
    let s = script();
    assert_eq!(s.f.history(&[]), evs(script_events(&s.c)));
    // The dates are the committers' own: Carol is at UTC-5, Alice at UTC+1 and UTC+2.
    assert_eq!(s.c[2].date, "2022-03-01");
    assert_eq!(s.c[0].subject, "Add awareness and hotline commitments");
}

#[test]
fn scripted_history_reversed() {
    let s = script();
    let mut all = evs(script_events(&s.c));
    all.reverse();
    assert_eq!(s.f.history(&["--reverse"]), all);
}

#[test]
fn scripted_history_of_one_commitment() {
    let s = script();
    let only: Vec<_> = evs(script_events(&s.c))
        .into_iter()
        .filter(|e| e["commitment"] == "awareness")
        .collect();
    assert_eq!(only.len(), 8);
    assert_eq!(s.f.history(&["awareness"]), only);
    assert_eq!(
        s.f.history(&["hotline"]),
        evs(vec![
            Ev::at(&s.c[0], "added", "hotline", HOTLINE),
            Ev::at(&s.c[3], "edited", "hotline", HOTLINE).field(
                "title",
                Some("Hotline network"),
                Some("Hotline network (INHOPE)"),
            ),
        ])
    );
}

#[test]
fn scripted_history_of_one_milestone() {
    let s = script();
    let e = s.f.history(&["awareness", "--milestone", "m1"]);
    assert_eq!(
        pick(&e, &["kind", "commit", "from", "to"]),
        vec![
            vec![
                json!("milestone-done"),
                json!(s.c[1].id()),
                json!(null),
                json!("2022-02-11")
            ],
            vec![
                json!("milestone-reopened"),
                json!(s.c[5].id()),
                json!("2022-02-11"),
                json!(null)
            ],
        ]
    );
    let e = s.f.history(&["awareness", "--milestone", "m2"]);
    assert_eq!(
        pick(&e, &["kind"]),
        vec![vec![json!("due-changed")], vec![json!("milestone-removed")]]
    );
}

#[test]
fn scripted_history_by_kind() {
    let s = script();
    assert_eq!(
        s.f.history(&["--kind", "due-changed"]),
        evs(vec![
            Ev::at(&s.c[2], "due-changed", "awareness", AWARENESS)
                .milestone("m2")
                .field("due", Some("2022-12-31"), Some("2023-06-30"))
                .days(181),
        ])
    );
    let e =
        s.f.history(&["--kind", "milestone-removed", "--kind", "milestone-added"]);
    assert_eq!(
        pick(&e, &["kind", "milestone"]),
        vec![
            vec![json!("milestone-added"), json!("m3")],
            vec![json!("milestone-removed"), json!("m2")],
        ]
    );
    assert_eq!(s.f.history(&["--kind", "moved"]), Vec::<serde_json::Value>::new());
}

#[test]
fn scripted_history_by_author_ignores_case() {
    let s = script();
    let bob: Vec<_> = evs(script_events(&s.c))
        .into_iter()
        .filter(|e| e["author"] == "Bob Martin")
        .collect();
    assert_eq!(bob.len(), 3);
    assert_eq!(s.f.history(&["--author", "bob"]), bob);
    assert_eq!(s.f.history(&["--author", "BOB"]), bob);
    assert_eq!(s.f.history(&["--author", "tin"]), bob);
    assert!(s.f.history(&["--author", "dave"]).is_empty());
}

#[test]
fn scripted_history_since_and_until_are_inclusive() {
    let s = script();
    let all = evs(script_events(&s.c));
    let in_range = |from: &str, to: &str| -> Vec<_> {
        all.iter()
            .filter(|e| {
                let d = e["date"].as_str().unwrap();
                d >= from && d <= to
            })
            .cloned()
            .collect()
    };
    let march_april = s.f.history(&["--since", "2022-03-01", "--until", "2022-04-05"]);
    assert_eq!(march_april, in_range("2022-03-01", "2022-04-05"));
    assert_eq!(
        pick(&march_april, &["kind"]),
        vec![
            vec![json!("due-changed")],
            vec![json!("edited")],
            vec![json!("status-changed")],
            vec![json!("owner-changed")],
        ]
    );
    assert_eq!(
        s.f.history(&["--since", "2022-05-20"]),
        in_range("2022-05-20", "9999")
    );
    assert_eq!(
        s.f.history(&["--until", "2022-02-13"]),
        in_range("0000", "2022-02-13")
    );
    assert_eq!(
        s.f.history(&["--since", "2022-06-02"]),
        Vec::<serde_json::Value>::new()
    );
    // Filters combine.
    let e =
        s.f.history(&["awareness", "--since", "2022-02-01", "--author", "carol"]);
    assert_eq!(
        pick(&e, &["kind", "date"]),
        vec![
            vec![json!("due-changed"), json!("2022-03-01")],
            vec![json!("milestone-reopened"), json!("2022-06-01")],
        ]
    );
}

#[test]
fn since_keeps_the_earlier_history_as_the_starting_state() {
    // `--since` starts the walk from the last commit before that day: later events must
    // be those of the full walk, not "added" for everything.
    let s = script();
    let e = s.f.history(&["--since", "2022-05-01"]);
    assert_eq!(e, evs(script_events(&s.c)[7..].to_vec()));
}

#[test]
fn history_of_a_quiet_commitment_since_a_day_is_empty_not_an_error() {
    let s = script();
    // hotline exists (it was last changed on 2022-04-05): no events since May is an
    // empty list, like `--until` or `--kind` filters that match nothing.
    let out =
        s.f.run(&["history", "hotline", "--since", "2022-05-01", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json(), json!([]));
}

#[test]
fn history_filters_that_match_nothing_on_a_known_commitment_are_empty() {
    let s = script();
    assert!(s.f.history(&["hotline", "--kind", "due-changed"]).is_empty());
    assert!(s.f.history(&["hotline", "--until", "2021-12-31"]).is_empty());
}

#[test]
fn history_of_an_unknown_commitment_is_an_error_with_a_suggestion() {
    let s = script();
    let out = s.f.run(&["history", "awarenes", "--format", "json"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("no commitment has the id `awarenes`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("did you mean `awareness`?"), "{}", out.stderr);
}

#[test]
fn milestone_filter_needs_an_id() {
    let s = script();
    let out = s.f.run(&["history", "--milestone", "m1"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
}

#[test]
fn scripted_history_as_csv() {
    let s = script();
    let out = s.f.run(&["history", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 11);
    assert_eq!(
        lines[0],
        "commit,date,author,subject,commitment,milestone,kind,field,from,to,days,path"
    );
    assert_eq!(
        lines[4],
        format!(
            "{},2022-03-01,Carol,Delay: council position late,awareness,m2,due-changed,due,\
             2022-12-31,2023-06-30,181,{AWARENESS}",
            s.c[2].id()
        )
    );
    assert_eq!(
        lines[1],
        format!(
            "{},2022-01-10,Alice,Add awareness and hotline commitments,hotline,,added,,,,,{HOTLINE}",
            s.c[0].id()
        )
    );
}

#[test]
fn scripted_history_as_markdown() {
    let s = script();
    let out = s.f.run(&["history", "--format", "markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(
        lines[0],
        "| Date | Author | Commit | Commitment | Change | Subject |"
    );
    assert_eq!(lines[1], "|---|---|---|---|---|---|");
    assert_eq!(
        lines[5],
        format!(
            "| 2022-03-01 | Carol | {} | awareness | milestone m2 due 2022-12-31 → 2023-06-30 (+181 days) \
             | Delay: council position late |",
            s.c[2].short()
        )
    );
}

#[test]
fn scripted_history_as_a_table() {
    let s = script();
    let out = s.f.run(&["history"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(&s.c[2].short()), "{}", out.stdout);
    assert!(
        out.stdout.contains("Delay: council position late"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\u{1b}'), "no colour with NO_COLOR");
}

#[test]
fn who_marked_a_milestone_done_and_when() {
    let s = script();
    let e =
        s.f.history(&["awareness", "--milestone", "m1", "--kind", "milestone-done"]);
    assert_eq!(
        e,
        evs(vec![
            Ev::at(&s.c[1], "milestone-done", "awareness", AWARENESS)
                .milestone("m1")
                .field("done", None, Some("2022-02-11")),
        ])
    );
    assert_eq!(e[0]["author"], "Bob Martin");
    assert_eq!(e[0]["date"], "2022-02-14");
    assert_eq!(e[0]["commit"], s.c[1].id());
}

#[test]
fn commit_date_is_the_committers_local_day_and_author_date_the_authors() {
    let f = Fixture::new();
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add hotline", "Alice", "2022-02-01T10:00", 0);
    f.write(HOTLINE, &HOTLINE_V1.replace("due: 2023-03-31", "due: 2023-04-30"));
    // The author wrote it late on 1 March in London; it was committed at 01:30 on
    // 2 March in Athens, which is still 1 March in UTC.
    let made = f.commit_as(
        "Move h1",
        &sig("Dora", "2022-03-01T23:30", 0),
        &sig("Eve", "2022-03-02T01:30", 120),
    );
    // A committer west of UTC: 20:00 on 3 March in New York is 4 March in UTC.
    f.write(HOTLINE, &HOTLINE_V1.replace("due: 2023-03-31", "due: 2023-05-31"));
    let west = f.commit_as(
        "Move h1 again",
        &sig("Dora", "2022-03-04T03:00", 60),
        &sig("Eve", "2022-03-03T20:00", -300),
    );
    let e = f.history(&["--kind", "due-changed"]);
    assert_eq!(
        pick(&e, &["commit", "date", "author_date", "author", "subject"]),
        vec![
            vec![
                json!(made.id()),
                json!("2022-03-02"),
                json!("2022-03-01"),
                json!("Dora"),
                json!("Move h1")
            ],
            vec![
                json!(west.id()),
                json!("2022-03-03"),
                json!("2022-03-04"),
                json!("Dora"),
                json!("Move h1 again")
            ],
        ]
    );
    // --since and --until go by that same commit date.
    let e = f.history(&["--since", "2022-03-02", "--until", "2022-03-02"]);
    assert_eq!(pick(&e, &["commit"]), vec![vec![json!(made.id())]]);
    let e = f.history(&["--since", "2022-03-03", "--until", "2022-03-03"]);
    assert_eq!(pick(&e, &["commit"]), vec![vec![json!(west.id())]]);
}

#[test]
fn a_file_moved_and_edited_in_one_commit_is_one_move_plus_the_edit() {
    let f = Fixture::new();
    f.write(AWARENESS, AWARENESS_V1);
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    // To a path that sorts before the old one.
    let to_detection = "strategy/detection/awareness.yaml";
    f.rename(
        AWARENESS,
        to_detection,
        Some(&AWARENESS_V1.replace("title: Awareness campaign", "title: Awareness campaigns")),
    );
    let c2 = f.commit("Move awareness", "Bob", "2022-02-10T09:00", 0);
    // And to one that sorts after it, in a new folder at a deeper level.
    let deep = "strategy/victim-support/old/awareness.yml";
    f.rename(to_detection, deep, None);
    let c3 = f.commit("Archive awareness", "Bob", "2022-03-10T09:00", 0);
    let e = f.history(&["--since", "2022-02-01"]);
    assert_eq!(
        e,
        evs(vec![
            Ev::at(&c2, "moved", "awareness", to_detection).field(
                "path",
                Some(AWARENESS),
                Some(to_detection)
            ),
            Ev::at(&c2, "edited", "awareness", to_detection).field(
                "title",
                Some("Awareness campaign"),
                Some("Awareness campaigns"),
            ),
            Ev::at(&c3, "moved", "awareness", deep).field("path", Some(to_detection), Some(deep)),
        ])
    );
}

#[test]
fn files_next_to_a_folder_of_the_same_stem_are_compared_in_git_order() {
    // Git sorts `prevention-x.yaml` and `prevention.yaml` before the folder
    // `prevention/` (as if its name ended with `/`): a walk that sorted otherwise would
    // see the three files as removed and added.
    let f = Fixture::new();
    let a = "strategy/prevention.yaml";
    let b = "strategy/prevention-x.yaml";
    let c = AWARENESS;
    let text = |id: &str, owner: &str| AWARENESS_V1.replace("awareness", id).replace("Unit A", owner);
    f.write(a, &text("p-file", "Unit A"));
    f.write(b, &text("p-dash", "Unit A"));
    f.write(c, &text("p-folder", "Unit A"));
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(a, &text("p-file", "Unit B"));
    f.write(b, &text("p-dash", "Unit B"));
    f.write(c, &text("p-folder", "Unit B"));
    let c2 = f.commit("Owners", "Alice", "2022-01-11T09:00", 0);
    let e = f.history(&["--since", "2022-01-11"]);
    assert_eq!(
        e,
        evs(vec![
            // Within a commit, events follow the paths in plain byte order.
            Ev::at(&c2, "owner-changed", "p-dash", b).field("owner", Some("Unit A"), Some("Unit B")),
            Ev::at(&c2, "owner-changed", "p-file", a).field("owner", Some("Unit A"), Some("Unit B")),
            Ev::at(&c2, "owner-changed", "p-folder", c).field("owner", Some("Unit A"), Some("Unit B")),
        ])
    );
}

#[test]
fn a_file_broken_then_fixed_gives_invalid_then_repaired_against_the_last_good_version() {
    let f = Fixture::new();
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add hotline", "Alice", "2022-01-10T09:00", 0);
    f.write(
        HOTLINE,
        &HOTLINE_V1.replace("title: Hotline network", "title: [Hotline network"),
    );
    let c2 = f.commit("Break it", "Bob", "2022-02-10T09:00", 0);
    f.write(
        HOTLINE,
        &HOTLINE_V1
            .replace("title: Hotline network", "title: [Hotline network")
            .replace("Unit B", "Unit Z"),
    );
    f.commit("Still broken", "Bob", "2022-02-11T09:00", 0);
    f.write(HOTLINE, &HOTLINE_V1.replace("due: 2023-03-31", "due: 2023-06-30"));
    let c4 = f.commit("Fix it and move h1", "Carol", "2022-03-10T09:00", 0);

    let e = f.history(&["--since", "2022-02-01"]);
    assert_eq!(e.len(), 3, "{e:#?}");
    // The reason is the broken file's first error, "line:column: message", as the loader
    // finds it.
    let broken = HOTLINE_V1.replace("title: Hotline network", "title: [Hotline network");
    let first = tracker::load::parse_commitment(HOTLINE, broken.as_bytes())
        .findings
        .into_iter()
        .find(|f| f.is_error())
        .expect("the broken file has an error");
    assert_eq!(first.rule.as_str(), "yaml-syntax");
    let why = format!("{}:{}: {}", first.line, first.column, first.message);
    assert_eq!(
        e,
        evs(vec![
            Ev::at(&c2, "invalid", "hotline", HOTLINE).values(None, Some(&why)),
            Ev::at(&c4, "repaired", "hotline", HOTLINE),
            Ev::at(&c4, "due-changed", "hotline", HOTLINE)
                .milestone("h1")
                .field("due", Some("2023-03-31"), Some("2023-06-30"))
                .days(91),
        ])
    );
    // While broken, the commitment is still known by its id.
    assert_eq!(f.history(&["hotline", "--kind", "invalid"]).len(), 1);
}

#[test]
fn a_file_that_never_parsed_is_invalid_without_an_id_and_added_once_fixed() {
    let f = Fixture::new();
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add hotline", "Alice", "2022-01-10T09:00", 0);
    let path = "strategy/detection/new.yaml";
    f.write(path, "id: newone\ntitle: New\npillar: detection\n");
    let c2 = f.commit("Start new", "Bob", "2022-02-10T09:00", 0);
    f.write(path, "id: newone\ntitle: New\npillar: detection\nowner: Unit N\n");
    let c3 = f.commit("Finish new", "Bob", "2022-02-11T09:00", 0);
    let e = f.history(&["--since", "2022-02-01"]);
    assert_eq!(
        pick(&e, &["commit", "kind", "commitment", "path"]),
        vec![
            vec![json!(c2.id()), json!("invalid"), json!(null), json!(path)],
            vec![json!(c3.id()), json!("repaired"), json!("newone"), json!(path)],
            vec![json!(c3.id()), json!("added"), json!("newone"), json!(path)],
        ]
    );
}

#[test]
fn a_broken_file_deleted_is_removed() {
    let f = Fixture::new();
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add hotline", "Alice", "2022-01-10T09:00", 0);
    f.write(HOTLINE, "id: hotline\ntitle: [\n");
    f.commit("Break it", "Bob", "2022-02-10T09:00", 0);
    f.remove(HOTLINE);
    let c3 = f.commit("Drop it", "Bob", "2022-02-11T09:00", 0);
    let e = f.history(&["--kind", "removed"]);
    assert_eq!(e, evs(vec![Ev::at(&c3, "removed", "hotline", HOTLINE)]));
    assert_eq!(
        pick(&f.history(&[]), &["kind"]),
        [[json!("added")], [json!("invalid")], [json!("removed")]]
    );
}

/// `history --since DAY` must list exactly the events of `history` dated DAY or later.
fn assert_since_is_a_filter(f: &Fixture) {
    let all = f.history(&[]);
    let mut days: Vec<String> = all
        .iter()
        .filter_map(|e| e["date"].as_str().map(str::to_owned))
        .collect();
    days.dedup();
    for day in days {
        let expected: Vec<_> = all
            .iter()
            .filter(|e| e["date"].as_str().is_none_or(|d| d >= day.as_str()))
            .cloned()
            .collect();
        assert_eq!(f.history(&["--since", &day]), expected, "--since {day}");
    }
}

#[test]
fn since_is_a_plain_date_filter_on_the_scripted_history() {
    assert_since_is_a_filter(&script().f);
}

#[test]
fn since_is_a_plain_date_filter_across_a_broken_file() {
    // Full history: added (Jan 10), invalid (Feb 10), removed (Feb 11). With
    // `--since 2022-02-11` the walk starts from Feb 10's tree, where the file is broken,
    // so it never learns the commitment and the `removed` event is lost.
    let f = Fixture::new();
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add hotline", "Alice", "2022-01-10T09:00", 0);
    f.write(HOTLINE, "id: hotline\ntitle: [\n");
    f.commit("Break it", "Bob", "2022-02-10T09:00", 0);
    f.remove(HOTLINE);
    let c3 = f.commit("Drop it", "Bob", "2022-02-11T09:00", 0);
    assert_eq!(
        f.history(&["--since", "2022-02-11"]),
        evs(vec![Ev::at(&c3, "removed", "hotline", HOTLINE)])
    );

    // Same with a repair: full history says `repaired` + `due-changed`; with --since it
    // says `repaired` + `added`.
    let f = Fixture::new();
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add hotline", "Alice", "2022-01-10T09:00", 0);
    f.write(HOTLINE, "id: hotline\ntitle: [\n");
    f.commit("Break it", "Bob", "2022-02-10T09:00", 0);
    f.write(HOTLINE, &HOTLINE_V1.replace("due: 2023-03-31", "due: 2023-06-30"));
    f.commit("Fix it and move h1", "Carol", "2022-03-10T09:00", 0);
    assert_since_is_a_filter(&f);
}

#[test]
fn uncommitted_edits_come_last_without_a_commit() {
    let f = Fixture::new();
    f.write(AWARENESS, AWARENESS_V1);
    f.write(HOTLINE, HOTLINE_V1);
    let c1 = f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    // An edit, a new file and a deleted file, none of them committed.
    f.edit(
        AWARENESS,
        &AWARENESS_V1.replace("due: 2022-12-31", "due: 2023-01-31"),
    );
    f.edit(
        "strategy/victim-support/help.yaml",
        &HOTLINE_V1.replace("hotline", "help"),
    );
    std::fs::remove_file(f.root().join(HOTLINE)).unwrap();
    let all = f.history(&[]);
    assert_eq!(
        all,
        evs(vec![
            Ev::at(&c1, "added", "hotline", HOTLINE),
            Ev::at(&c1, "added", "awareness", AWARENESS),
            Ev::uncommitted("due-changed", "awareness", AWARENESS)
                .milestone("m2")
                .field("due", Some("2022-12-31"), Some("2023-01-31"))
                .days(31),
            Ev::uncommitted("added", "help", "strategy/victim-support/help.yaml"),
            Ev::uncommitted("removed", "hotline", HOTLINE),
        ])
    );
    // Uncommitted edits are "now": kept by --since, dropped by --until and --author.
    assert_eq!(f.history(&["--since", "2022-06-01"]), all[2..].to_vec());
    assert_eq!(f.history(&["--until", "2030-01-01"]), all[..2].to_vec());
    assert!(
        f.history(&["--author", "alice"])
            .iter()
            .all(|e| e["uncommitted"] == false)
    );
    // Newest first puts them first.
    let mut rev = all.clone();
    rev.reverse();
    assert_eq!(f.history(&["--reverse"]), rev);
}

#[test]
fn a_clean_working_tree_adds_no_uncommitted_events() {
    let s = script();
    let events = s.f.history(&[]);
    assert!(events.len() > 5, "{events:?}");
    assert!(events.iter().all(|e| e["uncommitted"] == false), "{events:?}");
}

#[test]
fn a_merged_side_branch_change_appears_once_on_the_merge_commit() {
    let f = Fixture::new();
    f.write(AWARENESS, AWARENESS_V1);
    f.write(HOTLINE, HOTLINE_V1);
    let base = f.commit("Add", "Alice", "2022-01-10T09:00", 0);

    // The side branch moves a due date.
    let moved = HOTLINE_V1.replace("due: 2023-03-31", "due: 2023-09-30");
    f.write(HOTLINE, &moved);
    let side_sig = sig("Sam", "2022-02-01T09:00", 0);
    let side = f.commit_on(
        Some("refs/heads/side"),
        "Side: move h1",
        &side_sig,
        &side_sig,
        &[base.oid],
    );
    f.write(HOTLINE, HOTLINE_V1);

    // Meanwhile the main line changes something else.
    f.write(AWARENESS, &AWARENESS_V1.replace("Unit A", "Unit M"));
    let main = f.commit("Main: new owner", "Alice", "2022-02-05T09:00", 0);

    // The merge: first parent main, second the side branch.
    f.write(HOTLINE, &moved);
    let merge_sig = sig("Mia", "2022-02-10T09:00", 0);
    let merge = f.commit_on(
        Some("HEAD"),
        "Merge branch 'side'",
        &merge_sig,
        &merge_sig,
        &[main.oid, side.oid],
    );
    assert_eq!(f.repo.find_commit(merge.oid).unwrap().parent_count(), 2);

    let e = f.history(&["--since", "2022-01-11"]);
    assert_eq!(
        e,
        evs(vec![
            Ev::at(&main, "owner-changed", "awareness", AWARENESS).field(
                "owner",
                Some("Unit A"),
                Some("Unit M")
            ),
            Ev::at(&merge, "due-changed", "hotline", HOTLINE)
                .milestone("h1")
                .field("due", Some("2023-03-31"), Some("2023-09-30"))
                .days(183),
        ])
    );
    assert!(f.history(&["--author", "sam"]).is_empty());
    // The same without --since (no starting state taken from a baseline commit).
    assert_eq!(f.history(&[])[2..].to_vec(), e);

    // With --all-parents, Sam's side commit shows too, just before the merge.
    let all = f.history(&["--since", "2022-01-11", "--all-parents"]);
    assert_eq!(
        all,
        evs(vec![
            Ev::at(&main, "owner-changed", "awareness", AWARENESS).field(
                "owner",
                Some("Unit A"),
                Some("Unit M")
            ),
            Ev::at(&side, "due-changed", "hotline", HOTLINE)
                .milestone("h1")
                .field("due", Some("2023-03-31"), Some("2023-09-30"))
                .days(183)
                .side(),
            Ev::at(&merge, "due-changed", "hotline", HOTLINE)
                .milestone("h1")
                .field("due", Some("2023-03-31"), Some("2023-09-30"))
                .days(183),
        ])
    );
    assert_eq!(f.history(&["--author", "sam", "--all-parents"]).len(), 1);
}

#[test]
fn two_files_swapping_contents_are_two_moves() {
    let f = Fixture::new();
    let a = "strategy/detection/a.yaml";
    let b = "strategy/detection/b.yaml";
    let other = HOTLINE_V1.replace("hotline", "other");
    f.write(a, HOTLINE_V1);
    f.write(b, &other);
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(a, &other);
    f.write(b, HOTLINE_V1);
    let c2 = f.commit("Swap", "Alice", "2022-01-11T09:00", 0);
    assert_eq!(
        f.history(&["--since", "2022-01-11"]),
        evs(vec![
            Ev::at(&c2, "moved", "other", a).field("path", Some(b), Some(a)),
            Ev::at(&c2, "moved", "hotline", b).field("path", Some(a), Some(b)),
        ])
    );
}

#[test]
fn copying_a_file_as_a_template_does_not_lose_the_original() {
    let f = Fixture::new();
    let copy = "strategy/detection/copy.yaml";
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add hotline", "Alice", "2022-01-10T09:00", 0);
    // Copy as a template (a duplicate id for one commit), then give the copy its own id.
    f.write(copy, HOTLINE_V1);
    f.commit("Copy hotline as a template", "Bob", "2022-02-10T09:00", 0);
    f.write(copy, &HOTLINE_V1.replace("id: hotline", "id: newone"));
    let c3 = f.commit("New commitment from the template", "Bob", "2022-03-10T09:00", 0);
    f.write(HOTLINE, &HOTLINE_V1.replace("Unit B", "Unit Z"));
    let c4 = f.commit("New owner", "Carol", "2022-04-10T09:00", 0);

    let e = f.history(&["--since", "2022-02-01"]);
    let copied: Vec<_> = e.iter().filter(|e| e["date"] == "2022-02-10").collect();
    assert_eq!(copied.len(), 1, "{copied:#?}");
    assert_eq!(copied[0]["kind"], "invalid");
    assert_eq!(copied[0]["path"], copy);
    // hotline.yaml never moved and was never deleted.
    assert!(
        e.iter()
            .all(|e| !(e["commitment"] == "hotline" && (e["kind"] == "moved" || e["kind"] == "removed"))),
        "{e:#?}"
    );
    let tail: Vec<_> = e
        .iter()
        .filter(|e| e["date"].as_str().is_some_and(|d| d >= "2022-03-01"))
        .cloned()
        .collect();
    assert_eq!(
        tail,
        evs(vec![
            // The copy had a duplicate id (reported `invalid` when committed); its own id repairs it.
            Ev::at(&c3, "repaired", "newone", copy),
            Ev::at(&c3, "added", "newone", copy),
            Ev::at(&c4, "owner-changed", "hotline", HOTLINE).field("owner", Some("Unit B"), Some("Unit Z")),
        ])
    );
}

#[test]
fn an_unknown_milestone_of_a_known_commitment_is_an_error() {
    let f = Fixture::new();
    f.write(HOTLINE, HOTLINE_V1);
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    let out = f.run(&["history", "hotline", "--milestone", "h2"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `h1`?"), "{}", out.stderr);
}
