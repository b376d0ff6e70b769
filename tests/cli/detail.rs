//! `tracker status ID`: one commitment in detail, and unknown ids.

use crate::cli::status::six_commitments;
use crate::support::{Folder, valid};

#[test]
fn detail_shows_every_milestone_and_the_reason() {
    let r = six_commitments().run(&["status", "alpha"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stderr, "");
    assert!(!r.stdout.contains('\u{1b}'), "{r}");
    let lines = r.lines();
    assert_eq!(
        lines[..7],
        [
            "alpha: Alpha law on grooming",
            "pillar:   prevention",
            "owner:    Ministry of Justice",
            "status:   in-progress",
            "file:     strategy/prevention/alpha.yaml",
            "state:    overdue as of 2026-11-29 (overdue: milestone m2 was due 2026-11-28)",
            "progress: 1/3 milestones (33%)",
        ],
        "{r}"
    );
    let row = |id: &str| -> Vec<String> {
        let line = lines
            .iter()
            .find(|l| l.contains(&format!("┆ {id} ")))
            .unwrap_or_else(|| panic!("no row for {id}\n{r}"));
        line.split(['│', '┆'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    // The title first, for people; the id beside it.
    assert_eq!(
        row("m1"),
        ["Draft published", "m1", "2026-01-31", "2026-01-20", "done"]
    );
    assert_eq!(row("m2"), ["Bill adopted", "m2", "2026-11-28", "–", "overdue"]);
    assert_eq!(row("m3"), ["Law in force", "m3", "2027-03-31", "–", "open"]);
    assert_eq!(lines.last(), Some(&"tags:     legislation"));
}

#[test]
fn detail_as_json() {
    let r = six_commitments().run(&["status", "zeta", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
    let d: serde_json::Value = serde_json::from_str(&r.stdout).expect("detail JSON");
    assert_eq!(d["id"], "zeta");
    assert_eq!(d["state"], "on-track");
    assert_eq!(
        d["reason"],
        "on-track: 1 of 2 milestones done; next is m2, due 2026-11-29"
    );
    assert_eq!(d["start"], "2025-01-01");
    // Not in git: no history, so no baseline is known (null, not a guess).
    assert_eq!(
        (d["baseline_due"].clone(), d["replans"].clone()),
        (serde_json::Value::Null, serde_json::Value::Null)
    );
    assert_eq!(
        d["milestones"],
        serde_json::json!([
            {"id": "m1", "title": "Task force set up", "due": "2025-06-30", "done": "2025-06-30", "state": "done", "evidence": null,
             "sources": [], "confidence": null, "weight": 1.0, "note": null, "baseline_due": null, "replans": null, "assessed": null},
            {"id": "m2", "title": "First joint operation", "due": "2026-11-29", "done": null, "state": "open", "evidence": null,
             "sources": [], "confidence": null, "weight": 1.0, "note": null, "baseline_due": null, "replans": null, "assessed": null},
        ])
    );
    // The second layer and the audience are there, empty.
    assert_eq!(d["assessed"], serde_json::Value::Null);
    assert_eq!(d["assessments"], serde_json::json!([]));
    assert_eq!(
        (d["audience"].as_str(), d["internal_hidden"].as_u64()),
        (Some("internal"), Some(0))
    );
}

#[test]
fn detail_reasons_for_each_state() {
    let f = six_commitments();
    let reason = |id: &str| {
        let r = f.run(&["status", id, "--format", "json"]);
        assert_eq!(r.code, 0, "{r}");
        let d: serde_json::Value = serde_json::from_str(&r.stdout).expect("detail JSON");
        d["reason"].as_str().expect("a reason").to_owned()
    };
    assert_eq!(
        reason("beta"),
        "not-started: no milestone is done and its status is planned"
    );
    assert_eq!(reason("gamma"), "done: its status is done");
    assert_eq!(reason("delta"), "dropped: its status is dropped");
    assert_eq!(
        reason("epsilon"),
        "on-track: nothing is late (it has no milestones)"
    );
}

#[test]
fn detail_csv_has_one_row_per_milestone() {
    let r = six_commitments().run(&["status", "alpha", "--format", "csv"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        r.lines(),
        [
            "as_of,commitment,milestone,title,due,done,state,evidence",
            "2026-11-29,alpha,m1,Draft published,2026-01-31,2026-01-20,done,",
            "2026-11-29,alpha,m2,Bill adopted,2026-11-28,,overdue,",
            "2026-11-29,alpha,m3,Law in force,2027-03-31,,open,",
        ]
    );
}

#[test]
fn unknown_id_suggests_a_close_one() {
    let r = six_commitments().run(&["status", "alpah"]);
    assert_eq!(r.code, 2, "{r}");
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: no commitment has the id `alpah`\nhint: did you mean `alpha`?\n"
    );
}

#[test]
fn unknown_id_without_a_close_one() {
    let r = six_commitments().run(&["status", "nothing-like-it"]);
    assert_eq!(r.code, 2, "{r}");
    assert_eq!(
        r.stderr,
        "error: no commitment has the id `nothing-like-it`\nhint: `tracker status` lists every commitment id\n"
    );
}

#[test]
fn detail_of_a_commitment_with_errors_shows_the_errors_instead() {
    let f = Folder::new(&[(
        "prevention/a.yaml",
        &valid("a", "prevention").replace("due: 2027-06-30", "due: 2027-02-30"),
    )]);
    let r = f.run(&["status", "a"]);
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(r.stdout, "", "no figures from a file with errors");
    assert!(
        r.stderr.contains(
            "\nerror: strategy/prevention/a.yaml has errors, so its status cannot be shown\n\
             hint: fix them (`tracker check` lists every problem), then run this again\n"
        ),
        "{r}"
    );
    assert!(
        r.stderr
            .contains("error[bad-date]: `2027-02-30` is not a real date"),
        "{r}"
    );

    // A file too broken to decode is still found by the id it spells.
    let g = Folder::new(&[("prevention/b.yaml", "id: b\ntitle: [unclosed\n")]);
    let r = g.run(&["status", "b"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.contains("has errors"), "{r}");
}
