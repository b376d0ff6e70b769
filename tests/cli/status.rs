//! `tracker status`: the JSON shape, the filters, the other formats, and files left out.

use crate::support::{Folder, valid};

/// One commitment in each state, on 2026-11-29:
/// - alpha (prevention): overdue, m2 was due the day before; 1 of 3 done.
/// - beta (prevention): planned, nothing done: not started; title starts with `=`.
/// - gamma (detection): status done, 2 of 2 done.
/// - delta (detection): dropped, 1 of 2 done: left out of milestone totals.
/// - zeta (law-enforcement, a .yml file): on track, its m2 is due today.
/// - epsilon (victim-support): no milestones, so no progress figure (a warning only).
pub fn six_commitments() -> Folder {
    Folder::new(&[
        (
            "prevention/alpha.yaml",
            "\
id: alpha
title: Alpha law on grooming
pillar: prevention
owner: Ministry of Justice
status: in-progress
milestones:
  - id: m1
    title: Draft published
    due: 2026-01-31
    done: 2026-01-20
  - id: m2
    title: Bill adopted
    due: 2026-11-28
  - id: m3
    title: Law in force
    due: 2027-03-31
tags: [legislation]
",
        ),
        (
            "prevention/beta.yaml",
            "\
id: beta
title: \"=Beta awareness campaign\"
pillar: prevention
owner: National Police Unit
status: planned
milestones:
  - id: m1
    title: Campaign launched
    due: 2027-06-30
tags: [awareness]
",
        ),
        (
            "detection/gamma.yaml",
            "\
id: gamma
title: Gamma hotline
pillar: detection
owner: Ministry of the Interior
status: done
milestones:
  - id: m1
    title: Hotline opened
    due: 2025-05-01
    done: 2025-04-30
  - id: m2
    title: First report
    due: 2026-02-01
    done: 2026-02-15
",
        ),
        (
            "detection/delta.yaml",
            "\
id: delta
title: Delta scanner
pillar: detection
owner: Ministry of the Interior
status: dropped
milestones:
  - id: m1
    title: Pilot
    due: 2025-01-01
    done: 2025-01-01
  - id: m2
    title: Roll-out
    due: 2027-01-01
",
        ),
        (
            "law-enforcement/zeta.yml",
            "\
id: zeta
title: Zeta joint task force
pillar: law-enforcement
owner: Europol
start: 2025-01-01
milestones:
  - id: m1
    title: Task force set up
    due: 2025-06-30
    done: 2025-06-30
  - id: m2
    title: First joint operation
    due: 2026-11-29
tags: [cooperation, legislation]
",
        ),
        (
            "victim-support/epsilon.yaml",
            "\
id: epsilon
title: Epsilon support centres
pillar: victim-support
owner: NGO network
status: in-progress
due: 2027-12-31
",
        ),
    ])
}

fn json(args: &[&str]) -> serde_json::Value {
    let f = six_commitments();
    let mut all = vec!["status", "--format", "json"];
    all.extend_from_slice(args);
    let r = f.run(&all);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stderr, "", "{r}");
    serde_json::from_str(&r.stdout).expect("status JSON")
}

fn ids(report: &serde_json::Value) -> Vec<&str> {
    report["commitments"]
        .as_array()
        .expect("commitments")
        .iter()
        .map(|c| c["id"].as_str().expect("an id"))
        .collect()
}

#[test]
fn json_shape() {
    insta::assert_json_snapshot!("status_json", json(&[]));
}

#[test]
fn json_figures() {
    // The same figures as the snapshot, spelled out: 8 milestones outside the dropped
    // commitment (alpha 3, beta 1, gamma 2, zeta 2, epsilon 0), 4 of them done.
    let r = json(&[]);
    assert_eq!(r["as_of"], "2026-11-29");
    assert_eq!(
        r["strategy"],
        serde_json::json!({"id": "test-strategy", "title": "Test strategy"})
    );
    let t = &r["totals"];
    assert_eq!(t["commitments"], 6);
    assert_eq!(t["milestones_total"], 8);
    assert_eq!(t["milestones_done"], 4);
    assert_eq!(t["overdue"], 1);
    assert_eq!(t["progress"], 0.5);
    assert_eq!(ids(&r), ["alpha", "beta", "delta", "gamma", "zeta", "epsilon"]);
    let pillars: Vec<(&str, u64, u64, u64)> = r["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["commitments"].as_u64().unwrap(),
                p["milestones_total"].as_u64().unwrap(),
                p["milestones_done"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pillars,
        [
            ("prevention", 2, 4, 1),
            ("detection", 2, 2, 2),
            ("law-enforcement", 1, 2, 1),
            ("victim-support", 1, 0, 0),
        ]
    );
    assert_eq!(r["pillars"][3]["progress"], serde_json::Value::Null);
    let alpha = &r["commitments"][0];
    assert_eq!(alpha["state"], "overdue");
    assert_eq!(alpha["path"], "strategy/prevention/alpha.yaml");
    assert_eq!(
        alpha["next_due"],
        serde_json::json!({"milestone": "m2", "due": "2026-11-28"})
    );
    assert_eq!(alpha["overdue_milestones"], serde_json::json!(["m2"]));
    assert_eq!(r["commitments"][1]["state"], "not-started");
    assert_eq!(r["commitments"][1]["progress"], 0.0);
    let delta = &r["commitments"][2];
    assert_eq!(delta["state"], "dropped");
    assert_eq!(delta["milestones_total"], 2);
    let gamma = &r["commitments"][3];
    assert_eq!(gamma["state"], "done");
    assert_eq!(gamma["progress"], 1.0);
    assert_eq!(gamma["next_due"], serde_json::Value::Null);
    assert_eq!(r["commitments"][4]["state"], "on-track");
    let epsilon = &r["commitments"][5];
    assert_eq!(epsilon["milestones_total"], 0);
    assert_eq!(epsilon["progress"], serde_json::Value::Null);
}

#[test]
fn filter_by_pillar() {
    let r = json(&["--pillar", "detection"]);
    assert_eq!(ids(&r), ["delta", "gamma"]);
    assert_eq!(r["pillars"].as_array().unwrap().len(), 1);
    assert_eq!(r["totals"]["commitments"], 2);
    assert_eq!(r["totals"]["milestones_total"], 2);
    let both = json(&["--pillar", "detection", "--pillar", "victim-support"]);
    assert_eq!(ids(&both), ["delta", "gamma", "epsilon"]);
}

#[test]
fn filter_by_owner_ignores_case_and_matches_part_of_the_name() {
    assert_eq!(ids(&json(&["--owner", "MINISTRY"])), ["alpha", "delta", "gamma"]);
    assert_eq!(ids(&json(&["--owner", "interior"])), ["delta", "gamma"]);
    assert_eq!(
        ids(&json(&["--owner", "police", "--owner", "europol"])),
        ["beta", "zeta"]
    );
    assert!(ids(&json(&["--owner", "nobody"])).is_empty());
}

#[test]
fn filter_by_state() {
    assert_eq!(ids(&json(&["--state", "overdue"])), ["alpha"]);
    assert_eq!(ids(&json(&["--state", "on-track"])), ["zeta", "epsilon"]);
    assert_eq!(
        ids(&json(&["--state", "done", "--state", "dropped"])),
        ["delta", "gamma"]
    );
    assert_eq!(ids(&json(&["--state", "not-started"])), ["beta"]);
}

#[test]
fn unknown_state_is_a_usage_error() {
    let r = six_commitments().run(&["status", "--state", "late"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains("unknown state `late`; use one of: overdue, on-track, not-started, done, dropped"),
        "{r}"
    );
}

#[test]
fn filter_by_tag() {
    assert_eq!(ids(&json(&["--tag", "legislation"])), ["alpha", "zeta"]);
    assert_eq!(
        ids(&json(&["--tag", "awareness", "--tag", "cooperation"])),
        ["beta", "zeta"]
    );
    // Filters combine with "and".
    assert_eq!(
        ids(&json(&["--tag", "legislation", "--pillar", "prevention"])),
        ["alpha"]
    );
}

#[test]
fn unknown_pillar_is_a_usage_error_listing_the_pillars() {
    let r = six_commitments().run(&["status", "--pillar", "health"]);
    assert_eq!(r.code, 2, "{r}");
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: unknown pillar `health`; the pillars are: prevention, detection, law-enforcement, victim-support\n"
    );
}

#[test]
fn csv_has_a_header_and_one_row_per_commitment() {
    let r = six_commitments().run(&["status", "--format", "csv"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        r.lines(),
        [
            "as_of,id,title,pillar,owner,path,state,milestones_total,milestones_done,progress,next_due_milestone,next_due,overdue_milestones,assessed,assessed_scale,assessed_by,assessed_on,assessed_stale,on_scale",
            "2026-11-29,alpha,Alpha law on grooming,prevention,Ministry of Justice,strategy/prevention/alpha.yaml,overdue,3,1,0.3333,m2,2026-11-28,m2,,,,,,",
            "2026-11-29,beta,'=Beta awareness campaign,prevention,National Police Unit,strategy/prevention/beta.yaml,not-started,1,0,0.0000,m1,2027-06-30,,,,,,,",
            "2026-11-29,delta,Delta scanner,detection,Ministry of the Interior,strategy/detection/delta.yaml,dropped,2,1,0.5000,,,,,,,,,",
            "2026-11-29,gamma,Gamma hotline,detection,Ministry of the Interior,strategy/detection/gamma.yaml,done,2,2,1.0000,,,,,,,,,",
            "2026-11-29,zeta,Zeta joint task force,law-enforcement,Europol,strategy/law-enforcement/zeta.yml,on-track,2,1,0.5000,m2,2026-11-29,,,,,,,",
            "2026-11-29,epsilon,Epsilon support centres,victim-support,NGO network,strategy/victim-support/epsilon.yaml,on-track,0,0,,,,,,,,,,",
        ],
        "{r}"
    );
}

#[test]
fn markdown_has_a_row_per_commitment() {
    let r = six_commitments().run(&["status", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{r}");
    let lines = r.lines();
    assert_eq!(lines[0], "# Test strategy");
    assert!(
        lines.contains(&"Status as of 2026-11-29: 4/8 milestones done (50%), 1 of 6 commitments overdue."),
        "{r}"
    );
    assert!(lines.contains(&"| Prevention | 2 | 1/4 | 25% | 1 |"), "{r}");
    assert!(lines.contains(&"| Victim support | 1 | 0/0 | – | 0 |"), "{r}");
    for row in [
        "| Alpha law on grooming | [`alpha`](<strategy/prevention/alpha.yaml>) | Ministry of Justice | **overdue** | 1/3 | m2 (2026-11-28) |",
        "| =Beta awareness campaign | [`beta`](<strategy/prevention/beta.yaml>) | National Police Unit | not-started | 0/1 | m1 (2027-06-30) |",
        "| Delta scanner | [`delta`](<strategy/detection/delta.yaml>) | Ministry of the Interior | dropped | 1/2 | – |",
        "| Gamma hotline | [`gamma`](<strategy/detection/gamma.yaml>) | Ministry of the Interior | done | 2/2 | – |",
        "| Zeta joint task force | [`zeta`](<strategy/law-enforcement/zeta.yml>) | Europol | on-track | 1/2 | m2 (2026-11-29) |",
        "| Epsilon support centres | [`epsilon`](<strategy/victim-support/epsilon.yaml>) | NGO network | on-track | 0/0 | – |",
    ] {
        assert!(lines.contains(&row), "missing row {row}\n{r}");
    }
    let rows = lines.iter().filter(|l| l.contains("| [`")).count();
    assert_eq!(rows, 6, "{r}");
}

#[test]
fn table_has_no_escape_codes_without_colour() {
    let r = six_commitments().run(&["status"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(!r.stdout.contains('\u{1b}'), "{r}");
    let lines = r.lines();
    assert_eq!(lines[0], "Test strategy");
    assert_eq!(
        lines[1],
        "Status as of 2026-11-29: 4/8 milestones done (50%), 1 of 6 commitments overdue"
    );
    assert!(
        lines.contains(&"Prevention (prevention): 1/4 milestones (25%), 1 overdue"),
        "{r}"
    );
    assert!(
        lines.contains(&"Victim support (victim-support): 0/0 milestones (–), 0 overdue"),
        "{r}"
    );
    let alpha = lines
        .iter()
        .find(|l| l.contains(" alpha "))
        .expect("a row for alpha");
    for cell in [
        "Alpha law on grooming",
        "Ministry of Justice",
        "overdue",
        "1/3",
        "2026-11-28 m2",
    ] {
        assert!(alpha.contains(cell), "{alpha}");
    }
    assert!(lines.iter().all(|l| l.chars().count() <= 100), "{r}");
    // Asking for colour does colour the table.
    let coloured = six_commitments().run(&["--color", "always", "status"]);
    assert!(coloured.stdout.contains('\u{1b}'), "{coloured}");
}

#[test]
fn escape_sequences_in_titles_are_not_printed() {
    let text = valid("a", "prevention").replace("title: Commitment a", "title: \"Red \\e[31malert\\e[0m\"");
    let f = Folder::new(&[("prevention/a.yaml", &text)]);
    for (args, shown) in [
        (&["status"][..], "Red [31malert[0m"),
        (&["status", "a"][..], "a: Red [31malert[0m"),
        (
            &["status", "--format", "markdown"][..],
            "| Red \\[31malert\\[0m |",
        ),
    ] {
        let r = f.run(args);
        assert_eq!(r.code, 0, "{r}");
        assert!(!r.stdout.contains('\u{1b}'), "{args:?}: {r}");
        assert!(r.stdout.contains(shown), "{args:?}: {r}");
    }
    // JSON keeps the text, escaped.
    let r = f.run(&["status", "--format", "json"]);
    assert!(!r.stdout.contains('\u{1b}'), "{r}");
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("status JSON");
    assert_eq!(json["commitments"][0]["title"], "Red \u{1b}[31malert\u{1b}[0m");
}

/// A folder of files of another shape names twenty of them on stderr, and counts the
/// rest, rather than burying the report.
#[test]
fn many_files_left_out_are_counted_after_the_first_twenty() {
    let f = six_commitments();
    for i in 0..25 {
        f.write(&format!("prevention/manifests/m{i:02}.yaml"), "kind: Service\n");
    }
    let r = f.run(&["status", "--format", "json"]);
    assert_eq!(r.code, 1, "{r}");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines[0], "warning: 25 files left out because of errors:", "{r}");
    assert_eq!(lines.len(), 1 + 20 + 2, "{r}");
    assert!(
        lines[1].starts_with("  strategy/prevention/manifests/m00.yaml:"),
        "{r}"
    );
    assert_eq!(lines[21], "  and 5 more", "{r}");
    assert_eq!(lines[22], "hint: run `tracker check` to see every problem");
}

#[test]
fn invalid_file_is_left_out_and_named_on_stderr() {
    let f = six_commitments();
    f.write(
        "prevention/broken.yaml",
        &valid("broken", "prevention").replace("due: 2027-06-30", "due: 2027-02-30"),
    );
    let r = f.run(&["status", "--format", "csv"]);
    assert_eq!(r.code, 1, "{r}");
    let ids: Vec<&str> = r.lines()[1..]
        .iter()
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(ids, ["alpha", "beta", "delta", "gamma", "zeta", "epsilon"]);
    assert_eq!(
        r.stderr,
        "warning: 1 file left out because of errors:\n  \
         strategy/prevention/broken.yaml:14:10: `2027-02-30` is not a real date: February 2027 has 28 days\n\
         hint: run `tracker check` to see every problem\n"
    );
    let table = f.run(&["status"]);
    assert_eq!(table.code, 1, "{table}");
    // Incomplete data leads the output, before any figure.
    assert_eq!(
        table.lines()[0],
        "INCOMPLETE: 1 of 7 commitment files was left out because of errors; every figure below leaves it out (run `tracker check`)",
        "{table}"
    );
    assert!(table.stdout.contains(" alpha "), "{table}");
    assert!(
        table
            .stdout
            .contains("Prevention (prevention): 1/4 milestones (25%), 1 overdue; 1 file left out"),
        "{table}"
    );
    assert!(
        table.stderr.contains("strategy/prevention/broken.yaml:14:10: "),
        "{table}"
    );
    let json = f.run(&["status", "--format", "json"]);
    assert_eq!(json.code, 1, "{json}");
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("status JSON");
    assert_eq!(
        report["skipped"],
        serde_json::json!([{
            "path": "strategy/prevention/broken.yaml",
            "pillar": "prevention",
            "reason": "14:10: `2027-02-30` is not a real date: February 2027 has 28 days",
        }])
    );
    assert_eq!(report["complete"], false);
    assert_eq!(report["totals"]["commitments"], 6);
    assert_eq!(report["totals"]["left_out"], 1);
    assert_eq!(report["pillars"][0]["left_out"], 1);
    assert_eq!(report["pillars"][0]["coverage"], "partial");
    assert_eq!(report["pillars"][1]["coverage"], "complete");
    let md = f.run(&["status", "--format", "markdown"]);
    assert_eq!(md.code, 1, "{md}");
    assert!(
        md.lines()[2].starts_with("> **Incomplete data.** 1 of 7 commitment files was left out"),
        "{md}"
    );
    let html = f.run(&["status", "--format", "html"]);
    let body = html.stdout.split("<body>").nth(1).expect("a body");
    assert!(
        body.starts_with("<div class=\"banner\" role=\"alert\">"),
        "{html}"
    );
}

#[test]
fn warnings_do_not_fail_status() {
    // epsilon has no milestones: a warning, so status still exits 0.
    let r = six_commitments().run(&["status"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stderr, "");
}
