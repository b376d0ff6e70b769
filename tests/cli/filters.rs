//! `--pillar`, `--owner`, `--state` and `--tag` on every command that lists commitments:
//! the same filters, the same refusals of typos, and on the reports of changes the same
//! rule (each commitment as last recorded).

use crate::support::repo::Fixture;
use serde_json::Value;

fn file(id: &str, pillar: &str, owner: &str, tags: &str, due: &str) -> String {
    format!(
        "id: {id}\ntitle: Commitment {id}\npillar: {pillar}\nowner: {owner}\ntags: [{tags}]\nmilestones:\n  - id: m1\n    title: First step\n    due: {due}\n"
    )
}

/// Three commitments: `hotline` (prevention, then moved to detection), `training`
/// (law enforcement, whose date slips), and `register` (detection, removed later).
fn repo() -> Fixture {
    let f = Fixture::new();
    f.write(
        "strategy/prevention/hotline.yaml",
        &file("hotline", "prevention", "Unit P", "online", "2026-03-31"),
    );
    f.write(
        "strategy/law-enforcement/training.yaml",
        &file("training", "law-enforcement", "Europol", "capacity", "2026-02-28"),
    );
    f.write(
        "strategy/detection/register.yaml",
        &file("register", "detection", "Unit D", "online", "2026-04-30"),
    );
    f.commit("Start", "Alice", "2026-01-10T10:00", 0);
    f.write(
        "strategy/prevention/hotline.yaml",
        &file("hotline", "prevention", "Unit P", "online", "2026-06-30"),
    );
    f.write(
        "strategy/law-enforcement/training.yaml",
        &file("training", "law-enforcement", "Europol", "capacity", "2026-05-31"),
    );
    f.commit("Move two dates", "Bob", "2026-02-10T10:00", 0);
    f.rename(
        "strategy/prevention/hotline.yaml",
        "strategy/detection/hotline.yaml",
        Some(&file("hotline", "detection", "Unit D", "online", "2026-06-30")),
    );
    f.commit("Hotline to detection", "Carol", "2026-03-10T10:00", 0);
    f.write(
        "strategy/detection/register.yaml",
        &file("register", "detection", "Unit D", "online", "2026-12-31"),
    );
    f.commit("Register later", "Carol", "2026-03-20T10:00", 0);
    f.remove("strategy/detection/register.yaml");
    f.commit("Drop the register", "Dan", "2026-04-10T10:00", 0);
    f
}

fn ids(events: &[Value]) -> Vec<&str> {
    let mut v: Vec<&str> = events.iter().filter_map(|e| e["commitment"].as_str()).collect();
    v.dedup();
    v
}

#[test]
fn history_keeps_the_whole_life_of_the_commitments_last_recorded_in_a_pillar() {
    let f = repo();
    let all = f.history(&[]);
    let detection = f.history(&["--pillar", "detection"]);
    // `hotline` counts with its changes from before its move, and `register` by the
    // version it had when it was removed; `training` is left out.
    assert!(ids(&detection).contains(&"hotline"), "{detection:?}");
    assert!(ids(&detection).contains(&"register"), "{detection:?}");
    assert!(!ids(&detection).contains(&"training"), "{detection:?}");
    let of = |list: &[Value], id: &str| list.iter().filter(|e| e["commitment"] == id).count();
    assert_eq!(of(&detection, "hotline"), of(&all, "hotline"));
    assert_eq!(of(&detection, "register"), of(&all, "register"));
    // The same from a cold walk as from the cache (which keeps removed commitments).
    let cold = f.run_env(
        &f.root(),
        &[("TRACKER_NO_CACHE", "1")],
        &[
            "--today",
            crate::support::TODAY,
            "history",
            "--format",
            "json",
            "--pillar",
            "detection",
        ],
    );
    assert_eq!(cold.json(), Value::Array(detection.clone()));
    // A change of pillar is shown with both pillars.
    let table = f.run(&["history", "hotline"]);
    assert!(table.stdout.contains("pillar prevention → detection"), "{table}");
    let europol = f.history(&["--owner", "europol"]);
    assert_eq!(ids(&europol), ["training"]);
    let tagged = f.history(&["--tag", "online", "--kind", "due-changed"]);
    assert_eq!(
        tagged
            .iter()
            .map(|e| e["commitment"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["hotline", "register"]
    );
    // States are those on --today (2026-11-29): everything left is overdue.
    assert_eq!(
        f.history(&["--state", "overdue"]).len(),
        all.len() - of(&all, "register")
    );
}

#[test]
fn slips_and_diff_take_the_same_filters() {
    let f = repo();
    let r = f.run(&["slips", "--format", "json", "--pillar", "law-enforcement"]);
    assert_eq!(r.code, 0, "{r}");
    let slips = r.json();
    let slipped: Vec<&str> = slips
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["commitment"].as_str().unwrap())
        .collect();
    assert_eq!(slipped, ["training"]);

    let r = f.run(&["diff", "2026-01-31", "--format", "json", "--pillar", "detection"]);
    assert_eq!(r.code, 0, "{r}");
    let d = r.json();
    let changed: Vec<&str> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["commitment"].as_str().unwrap())
        .collect();
    assert!(
        changed.contains(&"hotline") && changed.contains(&"register"),
        "{d}"
    );
    assert!(!changed.contains(&"training"), "{d}");
    // Only the pillar asked for, and the whole of what was kept.
    let rows: Vec<&str> = d["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["detection", "all"]);
    assert_eq!(d["pillars"][1]["total_to"], 1, "hotline alone is left at TO: {d}");
    assert_eq!(d["filter"]["pillars"][0], "detection");
    let text = f.run(&["diff", "2026-01-31", "--owner", "Europol"]);
    assert!(text.stdout.contains("Only: owner containing Europol."), "{text}");
}

#[test]
fn typos_are_refused_with_a_suggestion_and_an_empty_match_says_so() {
    let f = repo();
    for cmd in [
        vec!["history"],
        vec!["slips"],
        vec!["diff", "2026-01-31"],
        vec!["status"],
        vec!["report", "--since", "2026-01-01"],
    ] {
        let mut args = cmd.clone();
        args.extend(["--pillar", "detecton"]);
        let r = f.run(&args);
        assert_eq!(r.code, 2, "{cmd:?}: {r}");
        assert!(
            r.stderr
                .contains("unknown pillar `detecton`; did you mean `detection`?"),
            "{cmd:?}: {r}"
        );
        let mut args = cmd.clone();
        args.extend(["--tag", "onlin"]);
        let r = f.run(&args);
        assert_eq!(r.code, 2, "{cmd:?}: {r}");
        assert!(r.stderr.contains("did you mean `online`?"), "{cmd:?}: {r}");
        let mut args = cmd.clone();
        args.extend(["--state", "overdu"]);
        let r = f.run(&args);
        assert_eq!(r.code, 2, "{cmd:?}: {r}");
        assert!(r.stderr.contains("did you mean `overdue`?"), "{cmd:?}: {r}");
    }
    // A pillar of the strategy that no commitment was ever in is not a typo.
    let r = f.run(&["history", "--format", "json", "--pillar", "victim-support"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout.trim(), "[]");
    assert!(r.stderr.contains("no commitment matches the filters"), "{r}");
}

/// A range that ends before it starts is refused, not shown as "no changes".
#[test]
fn a_range_that_ends_before_it_starts_is_refused() {
    let f = repo();
    for cmd in ["history", "slips"] {
        let r = f.run(&[cmd, "--since", "2026-12-05", "--until", "2026-01-01"]);
        assert_eq!(r.code, 2, "{cmd}: {r}");
        assert_eq!(
            r.stderr,
            "error: the range is empty: --since 2026-12-05 (2026-12-05) is after --until 2026-01-01 \
             (2026-01-01); swap them, or leave one out\n",
            "{cmd}"
        );
        // A range of one day, or from a day on, is not.
        for args in [
            &["--since", "2026-01-01", "--until", "2026-01-01"][..],
            &["--since", "2030-01-01"],
        ] {
            let mut all = vec![cmd];
            all.extend_from_slice(args);
            assert_eq!(f.run(&all).code, 0, "{all:?}");
        }
    }
}

#[test]
fn the_report_filters_on_state_and_tag_and_says_so() {
    let f = repo();
    let r = f.run(&[
        "report",
        "--since",
        "2026-01-01",
        "--format",
        "json",
        "--tag",
        "capacity",
    ]);
    assert_eq!(r.code, 0, "{r}");
    let v = r.json();
    assert_eq!(v["filter"]["tags"][0], "capacity");
    let md = f.run(&[
        "report",
        "--since",
        "2026-01-01",
        "--tag",
        "capacity",
        "--state",
        "overdue",
    ]);
    assert_eq!(md.code, 0, "{md}");
    assert!(md.stdout.contains("Only: state overdue; tag capacity."), "{md}");
}
