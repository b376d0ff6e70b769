//! Golden tests: each edit on files written in several styles, compared byte for byte
//! with the expected result. Everything but the one value must stay as it was.

use crate::support::Folder;

/// Writes `file` as `strategy/prevention/c.yaml`, runs the edit, and checks the exact
/// bytes after it, and that the strategy still passes `tracker check`.
fn golden(file: &str, args: &[&str], want: &str) {
    let t = Folder::with_bytes(&[("prevention/c.yaml", file.as_bytes())]);
    let before = t.run(&["check"]);
    assert_eq!(before.code, 0, "the fixture must be valid\n{before}");
    let r = t.run(args);
    assert_eq!(r.code, 0, "{args:?}\n{r}");
    let got = String::from_utf8(t.read("prevention/c.yaml")).expect("UTF-8");
    assert_eq!(got, want, "{args:?}\n{r}");
    let after = t.run(&["check"]);
    assert_eq!(after.code, 0, "{after}");
}

const COMMENTED: &str = "\
# Header comment
id: c1   # the id

title: Commented commitment
pillar: prevention  # pillar
owner: Unit A
# the milestones
milestones:
    -   id: m1          # first
        title: First
        due: 2026-01-31 # due comment
        done: 2026-01-15    # done comment
    -   id: m2
        title: Second
        due: 2027-03-31

tags: [a, b]   # tags
";

#[test]
fn commented_file_done_inserts_one_line() {
    let want = COMMENTED.replace(
        "        due: 2027-03-31\n",
        "        due: 2027-03-31\n        done: 2026-11-01\n",
    );
    golden(COMMENTED, &["done", "c1", "m2", "--date", "2026-11-01"], &want);
}

#[test]
fn commented_file_done_changes_an_existing_date() {
    let want = COMMENTED.replace("done: 2026-01-15    #", "done: 2026-01-20    #");
    golden(
        COMMENTED,
        &["done", "c1", "m1", "--date", "2026-01-20", "--redate"],
        &want,
    );
}

#[test]
fn commented_file_reopen_keeps_the_comment() {
    let want = COMMENTED.replace(
        "        done: 2026-01-15    # done comment\n",
        "        # done comment\n",
    );
    golden(COMMENTED, &["reopen", "c1", "m1"], &want);
}

#[test]
fn commented_file_due_moves_a_milestone() {
    let want = COMMENTED.replace("due: 2026-01-31 # due comment", "due: 2026-02-27 # due comment");
    golden(
        COMMENTED,
        &["due", "c1", "m1", "2026-02-27", "--no-reason"],
        &want,
    );
}

#[test]
fn commented_file_due_adds_the_commitment_due_after_owner() {
    let want = COMMENTED.replace("owner: Unit A\n", "owner: Unit A\ndue: 2027-12-31\n");
    golden(COMMENTED, &["due", "c1", "2027-12-31", "--no-reason"], &want);
}

#[test]
fn commented_file_set_status_and_owner() {
    let want = COMMENTED.replace("owner: Unit A\n", "owner: Unit A\nstatus: in-progress\n");
    golden(COMMENTED, &["set", "c1", "status", "in-progress"], &want);
    let want = COMMENTED.replace("owner: Unit A\n", "owner: \"Unit B: Team\"\n");
    golden(COMMENTED, &["set", "c1", "owner", "Unit B: Team"], &want);
}

const FLOW: &str = "\
id: f1
title: Flow commitment
pillar: prevention
owner: Unit F
milestones:
  - {id: m1, title: First, due: 2026-01-31, done: 2026-01-15}
  - {id: m2, title: Second, due: 2027-03-31}
tags: [x]
";

#[test]
fn flow_milestones() {
    // No --date: the day is --today.
    let want = FLOW.replace("due: 2027-03-31}", "due: 2027-03-31, done: 2026-11-29}");
    golden(FLOW, &["done", "f1", "m2"], &want);
    let want = FLOW.replace(", done: 2026-01-15}", "}");
    golden(FLOW, &["reopen", "f1", "m1"], &want);
    let want = FLOW.replace("due: 2027-03-31}", "due: 2027-06-30}");
    golden(FLOW, &["due", "f1", "m2", "2027-06-30", "--no-reason"], &want);
}

#[test]
fn done_with_evidence_in_a_spaced_flow_milestone() {
    // Blanks inside the braces stay where they were; an address given twice is written
    // once.
    let file = "id: s1\ntitle: Spaced\npillar: prevention\nowner: Unit S\nmilestones:\n  - { id: m1, title: First, due: 2027-01-31 }\n";
    let want = file.replace(
        "due: 2027-01-31 }",
        "due: 2027-01-31, done: 2026-11-01, evidence: [\"https://example.org/a\", \"https://example.org/b\"], confidence: high }",
    );
    golden(
        file,
        &[
            "done",
            "s1",
            "m1",
            "--date",
            "2026-11-01",
            "--evidence",
            "https://example.org/a",
            "--evidence",
            "https://example.org/b",
            "--evidence",
            "https://example.org/a",
            "--confidence",
            "high",
        ],
        &want,
    );
}

#[test]
fn flow_root_mapping() {
    let file = "{id: g1, title: Flow root, pillar: prevention, owner: Unit G,\n  milestones: [{id: m1, title: First, due: 2026-01-31}]}\n";
    let want = file.replace("owner: Unit G,", "owner: Unit G, status: dropped,");
    golden(file, &["set", "g1", "status", "dropped"], &want);
    let want = file.replace("owner: Unit G,", "owner: \"Unit H, Team\",");
    golden(file, &["set", "g1", "owner", "Unit H, Team"], &want);
}

const QUOTED: &str = "\
id: \"q1\"
title: 'Quoted commitment'
pillar: \"prevention\"
owner: 'Unit ''Q'''
status: \"planned\"
due: '2027-01-31'
milestones:
  - id: 'm1'
    title: \"First: step\"
    due: \"2026-01-31\"
    done: '2026-01-15'
";

#[test]
fn quoted_values_keep_their_quotes() {
    let want = QUOTED.replace("due: \"2026-01-31\"", "due: \"2026-02-28\"");
    golden(QUOTED, &["due", "q1", "m1", "2026-02-28", "--no-reason"], &want);
    let want = QUOTED.replace("done: '2026-01-15'", "done: '2026-01-20'");
    golden(
        QUOTED,
        &["done", "q1", "m1", "--date", "2026-01-20", "--redate"],
        &want,
    );
    let want = QUOTED.replace("due: '2027-01-31'", "due: '2027-06-30'");
    golden(QUOTED, &["due", "q1", "2027-06-30", "--no-reason"], &want);
    let want = QUOTED.replace("status: \"planned\"", "status: \"in-progress\"");
    golden(QUOTED, &["set", "q1", "status", "in-progress"], &want);
    let want = QUOTED.replace("owner: 'Unit ''Q'''", "owner: 'Unit ''R'''");
    golden(QUOTED, &["set", "q1", "owner", "Unit 'R'"], &want);
}

const CRLF: &str = "id: r1\r\ntitle: CRLF\r\npillar: prevention\r\nowner: Unit R\r\nmilestones:\r\n  - id: m1\r\n    title: First\r\n    due: 2026-01-31\r\n    done: 2026-01-15\r\n  - id: m2\r\n    title: Second\r\n    due: 2027-03-31\r\n";

#[test]
fn crlf_line_endings_are_kept() {
    let want = format!("{CRLF}    done: 2026-11-01\r\n");
    golden(CRLF, &["done", "r1", "m2", "--date", "2026-11-01"], &want);
    let want = CRLF.replace("    done: 2026-01-15\r\n", "");
    golden(CRLF, &["reopen", "r1", "m1"], &want);
    let want = CRLF.replace("owner: Unit R\r\n", "owner: Unit R\r\ndue: 2027-12-31\r\n");
    golden(CRLF, &["due", "r1", "2027-12-31", "--no-reason"], &want);
}

const NO_FINAL_NEWLINE: &str = "id: n1\ntitle: No final newline\npillar: prevention\nowner: Unit N\nmilestones:\n  - id: m1\n    title: First\n    due: 2026-01-31\n    done: 2026-01-15\n  - id: m2\n    title: Second\n    due: 2027-03-31";

#[test]
fn a_missing_final_newline_stays_missing() {
    let want = format!("{NO_FINAL_NEWLINE}\n    done: 2026-11-01");
    golden(
        NO_FINAL_NEWLINE,
        &["done", "n1", "m2", "--date", "2026-11-01"],
        &want,
    );
    let want = NO_FINAL_NEWLINE.replace("due: 2027-03-31", "due: 2027-06-30");
    golden(
        NO_FINAL_NEWLINE,
        &["due", "n1", "m2", "2027-06-30", "--no-reason"],
        &want,
    );
    let ends_with_done = "id: n2\ntitle: T\npillar: prevention\nowner: U\nmilestones:\n  - id: m1\n    title: First\n    due: 2026-01-31\n    done: 2026-01-15";
    golden(
        ends_with_done,
        &["reopen", "n2", "m1"],
        "id: n2\ntitle: T\npillar: prevention\nowner: U\nmilestones:\n  - id: m1\n    title: First\n    due: 2026-01-31",
    );
}

#[test]
fn byte_order_mark_and_accents_are_kept() {
    let file = "\u{feff}id: b1\ntitle: Unité été\npillar: prevention\nowner: Unité À\nmilestones:\n  - id: m1\n    title: Première étape\n    due: 2026-01-31\n";
    let want = file.replace("owner: Unité À", "owner: Unité Ö");
    golden(file, &["set", "b1", "owner", "Unité Ö"], &want);
    let want = format!("{file}    done: 2026-01-30\n");
    golden(file, &["done", "b1", "m1", "--date", "2026-01-30"], &want);
}

#[test]
fn an_empty_done_value_is_filled_in() {
    let file = "id: e1\ntitle: T\npillar: prevention\nowner: U\nmilestones:\n  - id: m1\n    title: First\n    due: 2026-01-31\n    done:      # not yet\n";
    let want = file.replace("    done:      # not yet", "    done: 2026-02-01      # not yet");
    golden(file, &["done", "e1", "m1", "--date", "2026-02-01"], &want);
}
