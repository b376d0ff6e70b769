//! The second layer: confidence of what is done, assessments against declared scales,
//! where reported and assessed disagree, states on a scale, and `tracker assess`.

use crate::support::repo::Fixture;
use serde_json::json;

const STRATEGY: &str = r##"id: s
title: Strategy
pillars:
  - {id: law-enforcement, title: Law enforcement}
scales:
  - id: commission
    title: Commission assessment
    words:
      - {id: not-fulfilled, title: Not fulfilled, colour: "#c62828", definition: "The evidence does not show it met."}
      - {id: fulfilled, title: Satisfactorily fulfilled, colour: "#2e7d32", definition: "Assessed as met.", done: true}
  - id: ogp
    title: OGP completion
    words:
      - {id: not-started, title: Not started, colour: "#9e9e9e", definition: "No work has begun."}
      - {id: limited, title: Limited, colour: "#ef6c00", definition: "Some of the work is done."}
      - {id: substantial, title: Substantial, colour: "#f9a825", definition: "Most of the work is done."}
      - {id: complete, title: Complete, colour: "#2e7d32", definition: "All of it is done.", done: true}
"##;

const DIRECTIVE: &str = "\
id: directive
title: Transpose the directive
pillar: law-enforcement
owner: Member States
milestones:
  - id: transposed
    title: Transposition reported
    due: 2025-12-31
    done: 2025-11-30
    evidence: [https://example.org/a, https://example.org/b]
    confidence: low
  - id: applied
    title: Rules applied
    due: 2027-06-30
assessments:
  - {date: 2026-02-01, by: European Commission, verdict: not-fulfilled, note: Gaps in 12 States}
";

fn fixture() -> Fixture {
    let f = Fixture::empty();
    f.write("strategy/strategy.yaml", STRATEGY);
    f.write("strategy/law-enforcement/directive.yaml", DIRECTIVE);
    f.commit("Add", "Alice", "2026-02-05T10:00", 0);
    f
}

#[test]
fn status_shows_the_assessed_layer_and_where_it_disagrees() {
    let f = fixture();
    let v = f.run(&["status", "--format", "json"]).json();
    let row = &v["commitments"][0];
    assert_eq!(
        row["assessed"],
        json!({"verdict": "not-fulfilled", "verdict_title": "Not fulfilled", "scale": "commission",
               "colour": "#c62828", "says_done": false, "date": "2026-02-01", "by": "European Commission",
               "stale": false, "note": "Gaps in 12 States", "evidence": []})
    );
    assert_eq!(row["done_low_confidence"], 1);
    assert_eq!(v["totals"]["done_low_confidence"], 1);
    // On track, assessed as not fulfilled: not a disagreement (nothing is reported done).
    assert_eq!(v["disagreements"], json!([]));
    // Reported done, assessed not fulfilled: the first thing a board sees.
    f.edit(
        "strategy/law-enforcement/directive.yaml",
        &DIRECTIVE.replace("    due: 2027-06-30\n", "    due: 2027-06-30\n    done: 2026-03-01\n    evidence: https://example.org/c\n    confidence: high\n"),
    );
    let v = f.run(&["status", "--format", "json"]).json();
    assert_eq!(v["commitments"][0]["state"], "done");
    assert_eq!(
        v["commitments"][0]["assessed"]["stale"], true,
        "done after the assessment"
    );
    assert_eq!(v["disagreements"][0]["id"], "directive");
    assert_eq!(v["disagreements"][0]["reported"], "done");
    let table = f.run(&["status"]);
    let lines = table.lines();
    let at = lines
        .iter()
        .position(|l| *l == "Reported and assessed disagree:")
        .expect("the list");
    assert!(lines[at + 1].contains("directive (Transpose the directive): reported done, assessed Not fulfilled (European Commission, 2026-02-01, stale)"), "{table}");
    assert!(
        table
            .stdout
            .contains("Legend:\n  Commission assessment: Not fulfilled: The evidence does not show it met."),
        "{table}"
    );
}

#[test]
fn min_confidence_sets_weaker_facts_aside() {
    let f = fixture();
    let all = f.run(&["status", "--format", "json"]).json();
    assert_eq!(all["totals"]["milestones_done"], 1);
    let strict = f
        .run(&["status", "--format", "json", "--min-confidence", "medium"])
        .json();
    assert_eq!(strict["totals"]["milestones_done"], 0);
    assert_eq!(
        (strict["min_confidence"].as_str(), strict["set_aside"].as_u64()),
        (Some("medium"), Some(1))
    );
    let table = f.run(&["status", "--min-confidence", "medium"]);
    assert!(
        table.stdout.contains("Counting as done only milestones whose sources have medium confidence or better: 1 done milestone set aside."),
        "{table}"
    );
    let report = f.run(&["report", "--since", "2025-10-01", "--format", "markdown"]);
    assert!(
        report.stdout.contains(
            "Transposition reported (`transposed`), [evidence](<https://example.org/a>), low confidence |"
        ),
        "{report}"
    );
    assert!(
        report
            .stdout
            .contains("Of 1 milestone done, 1 rests on low-confidence sources."),
        "{report}"
    );
}

#[test]
fn status_maps_states_onto_a_scale() {
    let f = fixture();
    let v = f.run(&["status", "--format", "json", "--scale", "ogp"]).json();
    // One of two milestones done and on track: the middle of the scale's inner words.
    assert_eq!(v["commitments"][0]["on_scale"]["word"], "substantial");
    assert_eq!(v["scale"], "ogp");
    let r = f.run(&["status", "--scale", "rag"]);
    assert_eq!(r.code, 2, "{r}");
    assert_eq!(
        r.stderr,
        "error: --scale rag: no such scale; the scales are: commission, ogp\n"
    );
}

#[test]
fn assess_records_a_verdict_and_history_shows_it() {
    let f = fixture();
    {
        let mut config = f.repo.config().unwrap();
        config.set_str("user.name", "Policy Officer").unwrap();
        config.set_str("user.email", "officer@example.org").unwrap();
    }
    let r = f.run(&[
        "assess",
        "directive",
        "transposed",
        "--verdict",
        "fulfilled",
        "--by",
        "Court: \"ECA\"",
        "--date",
        "2026-04-01",
        "--evidence",
        "https://example.org/eca",
        "--commit",
    ]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("strategy/law-enforcement/directive.yaml: milestone transposed assessed fulfilled by Court: \"ECA\" on 2026-04-01\n"), "{r}");
    let d = f.run(&["status", "directive", "--format", "json"]).json();
    assert_eq!(d["milestones"][0]["assessed"]["verdict"], "fulfilled");
    assert_eq!(d["milestones"][0]["assessed"]["by"], "Court: \"ECA\"");
    assert_eq!(d["milestones"][0]["confidence"], "low");
    let h = f.history(&["--kind", "assessed"]);
    assert_eq!(h.len(), 1, "{h:#?}");
    assert_eq!(h[0]["milestone"], "transposed");
    assert_eq!(h[0]["to"], "fulfilled (Court: \"ECA\", 2026-04-01)");
    assert_eq!(f.run(&["check", "--strict"]).code, 0);
    // A word of no declared scale is refused, and nothing is written.
    let before = std::fs::read(f.root().join("strategy/law-enforcement/directive.yaml")).unwrap();
    let r = f.run(&["assess", "directive", "--verdict", "great", "--by", "X"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains("error[unknown-verdict]: verdict `great` is not a word of any declared scale"),
        "{r}"
    );
    assert_eq!(
        std::fs::read(f.root().join("strategy/law-enforcement/directive.yaml")).unwrap(),
        before
    );
}
