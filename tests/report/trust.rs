//! Figures a board can trust: each way the figures used to mislead, reproduced on a
//! scripted repository, and what every format now says instead.

use crate::report::script::{TODAY, scripted};
use crate::support::repo::Fixture;
use crate::support::{Folder, run_in};
use serde_json::Value;

const BROKEN: &str = "id: broken\ntitle: [unclosed\npillar: victim-support\n";

#[test]
fn a_broken_file_leads_every_format_of_the_report() {
    let (f, _) = scripted();
    // An uncommitted file with a syntax error, in a pillar of its own.
    f.edit("strategy/victim-support/broken.yaml", BROKEN);
    let run = |format: &str| f.run_raw(&f.root(), &["--today", TODAY, "report", "--format", format]);

    let md = run("markdown");
    assert_eq!(md.code, 1, "{md}");
    let lines = md.lines();
    assert!(lines[0].starts_with("# Progress report"), "{md}");
    assert!(
        lines[2].starts_with("> **Incomplete data.** 1 commitment file was left out because of errors"),
        "the notice comes before the first figure:\n{md}"
    );
    assert!(lines[2].contains("`strategy/victim-support/broken.yaml`"), "{md}");
    assert!(
        md.stdout
            .contains("| Victim support | 0% | 0% | ±0 points | `░░░░░░░░░░` 0/1 (1 file left out) |"),
        "{md}"
    );

    let html = run("html");
    assert_eq!(html.code, 1);
    let body = html.stdout.split("<body>").nth(1).expect("a body");
    assert!(
        body.starts_with("<div class=\"banner\" role=\"alert\"><strong>Incomplete data. </strong>"),
        "{body}"
    );

    let json = run("json");
    assert_eq!(json.code, 1);
    let r: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(r["complete"], false);
    assert_eq!(r["skipped"][0]["path"], "strategy/victim-support/broken.yaml");
    assert_eq!(r["skipped"][0]["pillar"], "victim-support");
    assert_eq!(r["headline"]["now"]["left_out"], 1);
    assert_eq!(r["pillars"][3]["now"]["coverage"], "partial");
    // Never "all done" while something is left out.
    assert!(
        r["forecast"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["verdict"] != "all-done"),
        "{r}"
    );
}

#[test]
fn a_pillar_whose_files_are_all_left_out_is_unknown_not_done() {
    let f = Folder::new(&[
        ("prevention/a.yaml", &crate::support::valid("a", "prevention")),
        ("victim-support/b.yaml", BROKEN),
    ]);
    let r = f.run(&["status", "--format", "json"]);
    assert_eq!(r.code, 1, "{r}");
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let victims = &json["pillars"][3];
    assert_eq!(victims["id"], "victim-support");
    assert_eq!(victims["coverage"], "unknown");
    assert_eq!(victims["progress"], Value::Null);
    let table = f.run(&["status"]);
    assert!(
        table.stdout.contains(
            "Victim support (victim-support): unknown: every file (1 file) left out because of errors"
        ),
        "{table}"
    );
    // The CSV has no place for a notice: it goes to stderr.
    let csv = f.run(&["status", "--format", "csv"]);
    assert_eq!(csv.code, 1);
    assert!(
        csv.stderr
            .starts_with("warning: 1 file left out because of errors"),
        "{csv}"
    );
}

#[test]
fn a_past_today_counts_later_done_dates_as_not_done() {
    // m1 was done on 2026-06-15: on 2026-01-01 it was not done yet.
    let f = Folder::new(&[("prevention/a.yaml", &crate::support::valid("a", "prevention"))]);
    let r = crate::support::tracker(f.root(), &["--today", "2026-01-01", "status", "--format", "json"]);
    let json: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(json["complete"], true);
    assert_eq!(json["skipped"], serde_json::json!([]));
    let a = &json["commitments"][0];
    assert_eq!(
        (a["milestones_done"].clone(), a["state"].clone()),
        (Value::from(0), Value::from("on-track"))
    );
    // check still calls a done date after its day an error.
    let check = crate::support::tracker(f.root(), &["--today", "2026-01-01", "check"]);
    assert_eq!(check.code, 1, "{check}");
    assert!(check.stdout.contains("error[done-in-future]"), "{check}");
}

const GROWS: &str = "\
id: law
title: A new law
pillar: prevention
owner: Ministry
milestones:
  - {id: draft, title: Draft, due: 2026-02-28, done: 2026-02-20}
  - {id: consult, title: Consultation, due: 2026-03-31, done: 2026-03-25}
";

#[test]
fn scope_growth_is_accounted_for_not_read_as_regress() {
    let f = Fixture::new();
    f.write("strategy/prevention/law.yaml", GROWS);
    f.commit("Add the law", "Ann", "2026-04-01T09:00", 0);
    // In the period: three milestones added to the plan, one of them achieved.
    let grown = format!(
        "{GROWS}  - {{id: vote, title: Parliament vote, due: 2026-09-30, done: 2026-09-20}}\n  - {{id: adopt, title: Adoption, due: 2026-12-31}}\n  - {{id: apply, title: Application, due: 2027-06-30}}\n"
    );
    f.write("strategy/prevention/law.yaml", &grown);
    f.commit("Plan the rest of the law", "Ann", "2026-08-01T09:00", 0);
    let run = |format: &str| {
        f.run_raw(
            &f.root(),
            &[
                "--today",
                "2026-10-31",
                "report",
                "--since",
                "2026-07-01",
                "--format",
                format,
            ],
        )
    };
    let json = run("json").json();
    let h = &json["headline"];
    assert_eq!(
        (h["then"]["progress"].clone(), h["now"]["progress"].clone()),
        (Value::from(1.0), Value::from(0.6))
    );
    assert_eq!(h["scope"]["achieved"], 1);
    assert_eq!(h["scope"]["added"], 3);
    assert_eq!(h["scope"]["removed"], 0);
    assert_eq!(h["scope"]["back_from_done"], serde_json::json!(["law"]));
    assert_eq!(
        h["explanation"],
        "In the period, 1 milestone was achieved; 3 were added to the plan. Progress fell from 100% to 60%. \
         On the 2 milestones planned at both ends it went from 100% to 100%; the plan's changes moved the figure by -40 points. \
         1 commitment done at the start is open again because milestones were added: A new law."
    );
    let md = run("markdown");
    assert!(md.stdout.contains("| added to the plan | 3 |"), "{md}");
    assert!(md.stdout.contains("Progress fell from 100% to 60%."), "{md}");
    // The same accounting under diff's pillars.
    let diff = f
        .run_raw(
            &f.root(),
            &["--today", "2026-10-31", "diff", "2026-07-01", "--format", "json"],
        )
        .json();
    let table = f.run_raw(&f.root(), &["--today", "2026-10-31", "diff", "2026-07-01"]);
    let lines = table.lines();
    // Commit ids only in the Sources line, not in the heading.
    assert_eq!(
        lines[0], "From 2026-07-01 (as recorded on 2026-04-01) to working tree",
        "{table}"
    );
    assert!(lines.last().unwrap().starts_with("Sources: commit "), "{table}");
    assert_eq!(
        table
            .stdout
            .matches(&diff["from_commit"].as_str().unwrap()[..8])
            .count(),
        1,
        "{table}"
    );
    let prevention = &diff["pillars"][0];
    assert_eq!(prevention["kind"], "pillar");
    assert_eq!(
        (
            prevention["scope"]["achieved"].clone(),
            prevention["scope"]["added"].clone()
        ),
        (Value::from(1), Value::from(3))
    );
}

#[test]
fn overdue_work_is_behind_and_unplanned_work_is_no_plan() {
    let f = Folder::new(&[
        // Prevention: four commitments, all overdue, with a fast pace behind them.
        (
            "prevention/a.yaml",
            "id: a\ntitle: A\npillar: prevention\nowner: U\nmilestones:\n  - {id: m1, title: M1, due: 2026-01-31, done: 2026-01-20}\n  - {id: m2, title: M2, due: 2026-10-31}\n",
        ),
        (
            "prevention/b.yaml",
            "id: b\ntitle: B\npillar: prevention\nowner: U\nmilestones:\n  - {id: m1, title: M1, due: 2026-02-28, done: 2026-02-20}\n  - {id: m2, title: M2, due: 2026-10-31}\n",
        ),
        (
            "prevention/c.yaml",
            "id: c\ntitle: C\npillar: prevention\nowner: U\nmilestones:\n  - {id: m1, title: M1, due: 2026-03-31, done: 2026-03-20}\n  - {id: m2, title: M2, due: 2026-10-31}\n",
        ),
        (
            "prevention/d.yaml",
            "id: d\ntitle: D\npillar: prevention\nowner: U\nmilestones:\n  - {id: m1, title: M1, due: 2026-04-30, done: 2026-04-20}\n  - {id: m2, title: M2, due: 2026-10-31}\n  - {id: m3, title: M3, due: 2030-12-31}\n",
        ),
        // Victim support: one overdue commitment without milestones.
        (
            "victim-support/e.yaml",
            "id: e\ntitle: E\npillar: victim-support\nowner: U\ndue: 2026-06-30\n",
        ),
        // Detection: one commitment without milestones, not late.
        (
            "detection/g.yaml",
            "id: g\ntitle: G\npillar: detection\nowner: U\n",
        ),
    ]);
    let r = run_in(f.root(), &["report", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let verdict = |id: &str| {
        json["forecast"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["id"] == id && row["kind"] == "pillar")
            .map(|row| row["verdict"].clone())
            .unwrap()
    };
    assert_eq!(verdict("prevention"), "behind");
    assert_eq!(verdict("victim-support"), "behind", "its own due date passed");
    assert_eq!(verdict("detection"), "no-plan");
    assert_eq!(
        verdict("law-enforcement"),
        "all-done",
        "nothing in it, nothing left out"
    );
}

#[test]
fn events_are_shown_and_never_counted() {
    let with_events = format!(
        "{}events:\n  - date: 2026-03-26\n    title: Parliament rejects the extension\n    evidence: https://example.org/vote\n",
        crate::support::valid("a", "prevention")
    );
    let plain = Folder::new(&[("prevention/a.yaml", &crate::support::valid("a", "prevention"))]);
    let eventful = Folder::new(&[("prevention/a.yaml", &with_events)]);
    let totals = |f: &Folder| {
        let r = f.run(&["status", "--format", "json"]);
        let json: Value = serde_json::from_str(&r.stdout).unwrap();
        json["totals"].clone()
    };
    assert_eq!(totals(&plain), totals(&eventful));
    let detail = eventful.run(&["status", "a"]);
    assert!(
        detail
            .stdout
            .contains("events (not counted in progress):\n  2026-03-26 Parliament rejects the extension"),
        "{detail}"
    );
    let json = eventful.run(&["status", "a", "--format", "json"]);
    let d: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(d["events"][0]["title"], "Parliament rejects the extension");
}

#[test]
fn weights_count_and_are_shown_beside_the_counts() {
    let text = "id: a\ntitle: A\npillar: prevention\nowner: U\nmilestones:\n  - {id: consult, title: Consultation, due: 2026-01-31, done: 2026-01-20, weight: 1}\n  - {id: adopt, title: Adoption, due: 2027-12-31, weight: 4}\n";
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    let r = f.run(&["status"]);
    assert!(
        r.stdout
            .contains("Prevention (prevention): 1/2 milestones (20%), 0 overdue, by weight 1/5"),
        "{r}"
    );
    let json: Value = serde_json::from_str(&f.run(&["status", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["totals"]["progress"], 0.2);
    assert_eq!(json["totals"]["weighted"], true);
    // A weight must be a positive number.
    let bad = Folder::new(&[("prevention/a.yaml", &text.replace("weight: 4", "weight: 0"))]);
    assert!(
        bad.check()
            .stdout
            .contains("error[bad-value]: `weight` must be a positive number, found 0"),
        "{}",
        bad.check()
    );
}

#[test]
fn large_numbers_have_separators_for_people_and_not_for_machines() {
    let text = "id: a\ntitle: A\npillar: prevention\nowner: U\nmilestones:\n  - {id: m1, title: M1, due: 2027-01-31}\nindicators:\n  - id: reports\n    title: Reports\n    baseline: {date: 2019-12-31, value: 16900000}\n    actuals: [{date: 2020-12-31, value: 21751085}]\n";
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    let md = run_in(f.root(), &["report"]);
    assert!(
        md.stdout
            .contains("| 16,900,000 (2019-12-31) | no target | 21,751,085 (2020-12-31) |"),
        "{md}"
    );
    let json: Value =
        serde_json::from_str(&run_in(f.root(), &["report", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["indicators"][0]["latest"]["value"], 21751085.0);
}
