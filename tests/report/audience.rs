//! What may be published: with `--audience public` (and by default for HTML and for
//! `report -o`), no internal item, field or text reaches any output. Marker strings are
//! planted in every internal place, then searched for in every public output.

use crate::support::repo::{Fixture, sig};

const STRATEGY: &str = "\
id: s
title: Strategy
pillars:
  - {id: prevention, title: Prevention}
  - {id: law-enforcement, title: Law enforcement}
";

/// A public commitment with an internal milestone, event, indicator and owner.
const PUBLIC: &str = "\
id: campaign
title: Awareness campaign
pillar: prevention
owner: MARKER-OWNER unit
internal: [owner]
milestones:
  - id: launch
    title: Campaign launched
    due: 2026-03-31
    done: 2026-03-20
    evidence: https://example.org/launch
    confidence: high
  - id: covert-step
    title: MARKER-STEP undercover step
    due: 2026-06-30
    visibility: internal
events:
  - date: 2026-02-01
    title: MARKER-EVENT briefing
    visibility: internal
indicators:
  - id: covert-figure
    title: MARKER-INDICATOR arrests
    baseline: {date: 2025-12-31, value: 1}
    visibility: internal
";

/// A wholly internal commitment, in a file whose name is itself a marker.
const INTERNAL: &str = "\
id: op-marker
title: MARKER-TITLE operation
pillar: law-enforcement
owner: MARKER-UNIT
visibility: internal
description: MARKER-DESCRIPTION of the operation
milestones:
  - id: raid
    title: MARKER-RAID raid
    due: 2026-05-31
    done: 2026-05-02
    evidence: https://example.org/MARKER-URL
    confidence: high
";

pub(crate) fn repo() -> Fixture {
    let f = Fixture::empty();
    f.write("strategy/strategy.yaml", STRATEGY);
    f.write(
        "strategy/prevention/campaign.yaml",
        &PUBLIC.replace(
            "    done: 2026-03-20\n    evidence: https://example.org/launch\n    confidence: high\n",
            "",
        ),
    );
    f.write("strategy/law-enforcement/op-marker.yaml", INTERNAL);
    let who = sig("Alice", "2026-01-10T10:00:00", 0);
    f.commit_as("Add the strategy", &who, &who);
    f.write("strategy/prevention/campaign.yaml", PUBLIC);
    let who = sig("Bob", "2026-03-21T10:00:00", 0);
    f.commit_as(
        "Launch done; see MARKER-TITLE operation for the police side",
        &who,
        &who,
    );
    f.write(
        "strategy/law-enforcement/op-marker.yaml",
        &INTERNAL.replace("2026-05-31", "2026-07-31"),
    );
    let who = sig("Carol", "2026-06-01T10:00:00", 0);
    f.commit_as("Move the raid", &who, &who);
    f
}

fn assert_public(what: &str, text: &str) {
    assert!(!text.contains("MARKER"), "{what} shows an internal text:\n{text}");
}

#[test]
fn no_internal_text_reaches_any_public_output() {
    let f = repo();
    let mut commands: Vec<Vec<&str>> = Vec::new();
    for format in ["table", "json", "csv", "markdown", "html"] {
        commands.push(vec!["status", "--format", format]);
    }
    for format in ["table", "json", "csv", "markdown"] {
        commands.push(vec!["status", "campaign", "--format", format]);
        commands.push(vec!["history", "--format", format]);
        commands.push(vec!["diff", "2026-01-31", "--format", format]);
        commands.push(vec!["slips", "--format", format]);
    }
    for format in ["markdown", "html", "json"] {
        commands.push(vec!["report", "--since", "2026-01-01", "--format", format]);
    }
    for args in &commands {
        let mut all = args.clone();
        all.extend(["--audience", "public"]);
        let r = f.run(&all);
        assert!(r.code == 0 || r.code == 1, "{all:?}: {r}");
        assert_public(&format!("{all:?} stdout"), &r.stdout);
        assert_public(&format!("{all:?} stderr"), &r.stderr);
    }
    // History, whose rows are written as they are read, says what it leaves out before
    // them, and how many changes once they are counted.
    let r = f.run(&["history", "--format", "json", "--audience", "public"]);
    let notes: Vec<&str> = r.stderr.lines().collect();
    assert!(
        notes.first().is_some_and(
            |n| *n == "note: public output: internal items, and every change to them, are not shown"
        ),
        "{r}"
    );
    assert!(
        notes
            .last()
            .is_some_and(|n| n.contains("changes to internal items are not shown")),
        "{r}"
    );
    // The same commands for the team show the internal items: the markers are real.
    let team = f.run(&["status", "--format", "json", "--audience", "internal"]);
    assert!(team.stdout.contains("MARKER-TITLE"), "{team}");
    let history = f.run(&["history", "--format", "json"]);
    assert!(history.stdout.contains("MARKER-TITLE"), "{history}");
}

#[test]
fn public_figures_are_recomputed_and_say_what_was_left_out() {
    let f = repo();
    let public = f
        .run(&["status", "--format", "json", "--audience", "public"])
        .json();
    assert_eq!(public["audience"], "public");
    // The internal commitment, the internal milestone, event and indicator, and the owner.
    assert_eq!(public["internal_hidden"], 5);
    assert_eq!(public["totals"]["commitments"], 1);
    assert_eq!(
        public["totals"]["milestones_total"], 1,
        "the internal milestone is not counted"
    );
    assert_eq!(public["totals"]["milestones_done"], 1);
    assert_eq!(public["commitments"][0]["owner"], "");
    let team = f.run(&["status", "--format", "json"]).json();
    assert_eq!(team["audience"], "internal");
    assert_eq!(team["internal_hidden"], 0);
    assert_eq!(team["totals"]["milestones_total"], 3);
    let table = f.run(&["status", "--audience", "public"]);
    assert!(
        table
            .stdout
            .contains("Public output: 5 internal items are not shown; every figure leaves them out."),
        "{table}"
    );
    // An internal commitment cannot be asked for by id in public.
    let r = f.run(&["status", "op-marker", "--audience", "public"]);
    assert_eq!(r.code, 2, "{r}");
    assert_public("status op-marker", &r.stderr);
}

#[test]
fn html_and_written_reports_are_public_by_default() {
    let f = repo();
    let html = f.run(&["status", "--format", "html"]);
    assert_public("status --format html", &html.stdout);
    assert!(
        html.stdout
            .contains("Public output: 5 internal items are not shown"),
        "{}",
        html.stdout
    );
    let out = f.root().join("report.md");
    let r = f.run(&["report", "--since", "2026-01-01", "-o", out.to_str().unwrap()]);
    assert!(r.code == 0 || r.code == 1, "{r}");
    assert_public("report -o", &std::fs::read_to_string(&out).unwrap());
    // On the terminal (and in JSON), the team's view is the default.
    let json = f
        .run(&["report", "--since", "2026-01-01", "--format", "json"])
        .json();
    assert_eq!(json["audience"], "internal");
    // A strategy can make public the default of every output.
    f.edit("strategy/strategy.yaml", &format!("{STRATEGY}audience: public\n"));
    let table = f.run(&["status"]);
    assert_public("status with audience: public", &table.stdout);
}

#[test]
fn files_with_errors_are_counted_but_not_named_in_public() {
    let f = repo();
    f.edit(
        "strategy/law-enforcement/MARKER-broken.yaml",
        "id: [MARKER-BROKEN\n",
    );
    let r = f.run(&["status", "--format", "json", "--audience", "public"]);
    assert_eq!(r.code, 1, "{r}");
    assert_public("status with a broken file", &r.stdout);
    assert_public("status with a broken file, stderr", &r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["complete"], false);
    assert_eq!(v["skipped"][0]["path"], "(file 1 with errors)");
    // Not even the line and column of the error are told.
    assert_eq!(
        v["skipped"][0]["reason"],
        "has errors (withheld from a public output; run `tracker check`)"
    );
    assert!(
        r.stderr.contains("  (file 1 with errors): has errors"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_removed_internal_commitment_stays_internal_in_its_history() {
    let f = repo();
    f.remove("strategy/law-enforcement/op-marker.yaml");
    let who = sig("Dan", "2026-07-01T10:00:00", 0);
    f.commit_as("Close the operation file", &who, &who);
    for args in [
        vec!["history", "--format", "json"],
        vec!["history", "--format", "csv"],
        vec!["slips", "--format", "json"],
        vec!["report", "--since", "2026-01-01", "--format", "markdown"],
    ] {
        let mut all = args.clone();
        all.extend(["--audience", "public"]);
        let r = f.run(&all);
        assert!(r.code == 0 || r.code == 1, "{all:?}: {r}");
        assert_public(&format!("{all:?}"), &r.stdout);
        assert!(
            !r.stdout.contains("op-marker"),
            "{all:?} names the removed internal commitment:\n{}",
            r.stdout
        );
    }
    // For the team, the removal is there.
    let team = f.run(&["history", "--format", "json"]);
    assert!(team.stdout.contains("op-marker"), "{team}");
}

#[test]
fn a_stale_files_last_commit_subject_is_withheld_when_it_names_an_internal_item() {
    let f = repo();
    f.write(
        "strategy/prevention/quiet.yaml",
        "id: quiet\ntitle: Quiet file\npillar: prevention\nowner: Unit\nmilestones:\n  - {id: m1, title: Open step, due: 2027-06-30}\n",
    );
    let who = sig("Erin", "2026-02-01T10:00:00", 0);
    f.commit_as("Quiet file, tied to op-marker", &who, &who);
    let team = f.run(&["report", "--since", "2026-10-01", "--format", "json"]);
    assert!(
        team.stdout.contains("tied to op-marker"),
        "the section shows the subject: {team}"
    );
    for format in ["json", "markdown", "html"] {
        let r = f.run(&[
            "report",
            "--since",
            "2026-10-01",
            "--format",
            format,
            "--audience",
            "public",
        ]);
        assert!(!r.stdout.contains("op-marker"), "{format}: {}", r.stdout);
        assert_public(format, &r.stdout);
    }
}

/// `history` for the public neither confirms nor suggests an internal id or milestone,
/// matches its filters against what it may show (not an internal owner), and shows
/// nothing of a file broken since it came (its visibility cannot be known) and not what
/// is wrong with a public one.
#[test]
fn public_history_gives_away_no_internal_id_milestone_owner_or_broken_file() {
    let f = repo();
    f.write(
        "strategy/law-enforcement/MARKER-BROKEN.yaml",
        "id: [MARKER-BROKEN-ID\n",
    );
    f.write(
        "strategy/prevention/campaign.yaml",
        &PUBLIC.replace("pillar: prevention", "pillar: MARKER-QUOTED"),
    );
    let who = sig("Dan", "2026-07-01T10:00:00", 0);
    f.commit_as("Two files broken", &who, &who);
    let public = |args: &[&str]| {
        let mut all = vec!["history"];
        all.extend_from_slice(args);
        all.extend(["--audience", "public"]);
        f.run(&all)
    };
    for (args, error) in [
        (&["op-marker"][..], "error: no commitment has the id `op-marker`"),
        (&["op-marke"][..], "error: no commitment has the id `op-marke`"),
        (
            &["campaign", "--milestone", "covert-step"][..],
            "error: commitment `campaign` has no milestone `covert-step`",
        ),
        (
            &["campaign", "--milestone", "covert-ste"][..],
            "error: commitment `campaign` has no milestone `covert-ste`",
        ),
    ] {
        let r = public(args);
        assert_eq!(r.code, 2, "{args:?}: {r}");
        assert!(r.stderr.contains(error), "{args:?}: {r}");
        // The error repeats what was asked; the hint offers nothing internal.
        let hint: String = r.stderr.lines().filter(|l| l.starts_with("hint:")).collect();
        assert!(!hint.is_empty(), "{args:?}: a hint: {r}");
        assert!(
            !hint.contains("op-marker") && !hint.contains("covert"),
            "{args:?} offers an internal item: {r}"
        );
    }
    let r = public(&["--owner", "MARKER-OWNER", "--format", "json"]);
    assert_eq!(r.stdout.trim(), "[]", "the internal owner matched: {r}");
    for format in ["table", "json", "csv", "markdown"] {
        let r = public(&["--format", format]);
        assert_eq!(r.code, 0, "{format}: {r}");
        assert_public(&format!("{format} stdout"), &r.stdout);
        assert_public(&format!("{format} stderr"), &r.stderr);
        assert!(
            r.stdout.contains("withheld from a public output"),
            "{format}: {r}"
        );
    }
    // For the team, all of it.
    let team = f.run(&["history", "--format", "json"]);
    for marker in ["MARKER-BROKEN", "MARKER-QUOTED"] {
        assert!(team.stdout.contains(marker), "{marker}: {team}");
    }
    let r = f.run(&["history", "--owner", "MARKER-OWNER", "--format", "json"]);
    assert!(
        r.stdout.contains("\"campaign\""),
        "the owner matches for the team: {r}"
    );
    let r = f.run(&["history", "op-marker", "--milestone", "raid", "--format", "json"]);
    assert!(r.stdout.contains("\"raid\""), "{r}");
}

/// An internal commitment is not given away by a public one that waits on it, nor by
/// how a public `diff` answers a filter that only it would match.
#[test]
fn public_outputs_neither_name_an_internal_dependency_nor_confirm_an_internal_tag() {
    let f = repo();
    f.write(
        "strategy/law-enforcement/op-marker.yaml",
        &INTERNAL.replace(
            "visibility: internal\n",
            "visibility: internal\ntags: [covert-tag]\n",
        ),
    );
    f.write(
        "strategy/prevention/campaign.yaml",
        &format!("{PUBLIC}depends_on: [op-marker]\n"),
    );
    let who = sig("Dan", "2026-07-01T10:00:00", 0);
    f.commit_as("Tag the operation", &who, &who);
    let public = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--audience", "public"]);
        f.run(&all)
    };
    for args in [
        &["status", "--format", "json"][..],
        &["status", "campaign"][..],
        &["status", "campaign", "--format", "markdown"][..],
    ] {
        let r = public(args);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {r}");
        assert!(!r.stdout.contains("op-marker"), "{args:?} names it: {r}");
    }
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let r = f.run(&["site", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r}");
    for entry in walk(&dir) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(!text.contains("op-marker"), "{} names it", entry.display());
    }
    // A tag only the internal commitment has is answered as one nobody has.
    let asked = public(&["diff", "2026-01-31", "--tag", "covert-tag"]);
    let unknown = public(&["diff", "2026-01-31", "--tag", "nothing-such"]);
    assert_eq!(asked.code, 2, "{asked}");
    assert_eq!(
        asked.stderr.replace("covert-tag", "X"),
        unknown.stderr.replace("nothing-such", "X"),
        "{asked}\n{unknown}"
    );
    // The withheld owner leaves no empty line behind.
    for format in ["table", "markdown"] {
        let r = public(&["status", "campaign", "--format", format]);
        assert!(!r.stdout.to_lowercase().contains("owner:"), "{format}: {r}");
    }
    // For the team, both are there.
    let team = f.run(&["diff", "2026-01-31", "--tag", "covert-tag"]);
    assert_eq!(team.code, 0, "{team}");
    let team = f.run(&["status", "campaign", "--audience", "internal"]);
    assert!(team.stdout.contains("op-marker"), "{team}");
    assert!(team.stdout.contains("owner:    MARKER-OWNER unit"), "{team}");
    assert!(team.stdout.contains("owner:    MARKER-OWNER unit"), "{team}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
