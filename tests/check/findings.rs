//! Each rule of `check`, in process through the library: the exact `path:line:column`,
//! rule, message and hint it reports, as `tracker check` prints them.

use crate::support::{Folder, assert_check, valid};

#[test]
fn yaml_syntax_error() {
    // Line 3 is indented, so its `:` (column 9) starts a mapping where none may be.
    let f = Folder::new(&[(
        "prevention/a.yaml",
        "id: a\ntitle: A\n  pillar: prevention\nowner: Unit\n",
    )]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:3:9: error[yaml-syntax]: invalid YAML: mapping values are not allowed in this context",
            "    hint: check the indentation and that text with `: ` or `#` in it is quoted",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn a_hidden_character_that_breaks_a_key_is_named_beside_the_error() {
    // `ow\u{200B}ner` is not `owner`: the commitment cannot be read, and the reason is
    // a character nobody sees.
    let f = Folder::new(&[(
        "prevention/a.yaml",
        "id: a\ntitle: A\npillar: prevention\now\u{200B}ner: Unit\n",
    )]);
    let r = f.check();
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stdout.contains(
            "strategy/prevention/a.yaml:4:3: warning[hidden-character]: U+200B (zero-width space) cannot be seen"
        ),
        "{r}"
    );
    assert!(
        r.stdout
            .contains("write it as an escape in double quotes (\"\\u200B\")"),
        "{r}"
    );
    // The error quotes the key as it is written, so the hint is not "did you mean
    // `owner`" for what reads as `owner`.
    assert!(
        r.stdout.contains(
            "strategy/prevention/a.yaml:4:1: error[unknown-key]: unknown key `ow\\u200Bner` in a commitment"
        ),
        "{r}"
    );
}

#[test]
fn a_raw_control_character_is_placed_at_its_line_and_column() {
    // serde_yaml gives a byte offset; three two-byte letters come before the character,
    // which is the 13th on line 2.
    let f = Folder::new(&[(
        "prevention/a.yaml",
        "id: a\ntitle: \"\u{e9}\u{e9}\u{e9}x\u{9b}y\"\n",
    )]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:2:13: error[yaml-syntax]: invalid YAML: control characters are not allowed",
            "    hint: remove the character, or write it as an escape such as `\\u0007` inside double quotes",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

/// A quote that is never closed is placed where it opens, not at the end of the file.
#[test]
fn an_unclosed_quote_is_placed_where_it_opens() {
    let f = Folder::new(&[(
        "prevention/a.yaml",
        "id: a\ntitle: \"Hotline network\npillar: prevention\nowner: Unit\nmilestones:\n  - id: m1\n    title: M\n    due: 2026-01-01\n",
    )]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:2:8: error[yaml-syntax]: invalid YAML: the quote \" opened here is never closed",
            "    hint: end the text with a matching \", or leave out the quote at its start",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn a_missing_pillar_is_suggested_from_this_strategy() {
    let text = "id: a\ntitle: A\nowner: Unit\nmilestones:\n  - id: m1\n    title: M\n    due: 2027-01-31\n";
    // In a folder named after a pillar, that pillar; the strategy's pillars are listed.
    let f = Folder::new(&[("detection/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/detection/a.yaml:1:1: error[missing-key]: a commitment has no `pillar`",
            "    hint: add `pillar: detection`; this strategy's pillars are `prevention`, `detection`, `law-enforcement`, `victim-support`",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
    // Another strategy's pillars, never the shipped one's.
    let f = Folder::empty();
    f.write(
        "strategy.yaml",
        "id: s\ntitle: S\npillars:\n  - {id: health, title: Health}\n",
    );
    f.write("a.yaml", text);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/a.yaml:1:1: error[missing-key]: a commitment has no `pillar`",
            "    hint: add `pillar: health`",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn unknown_key_suggests_the_close_one() {
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
milestones:
  - id: m1
    title: First step
    dew: 2026-06-30
  - id: m2
    title: Second step
    due: 2027-06-30
";
    // `dew` is the key at 8:5; the milestone without `due` starts at 6:5.
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:6:5: error[missing-key]: a milestone has no `due`",
            "    hint: add `due: YYYY-MM-DD`",
            "strategy/prevention/a.yaml:8:5: error[unknown-key]: unknown key `dew` in a milestone",
            "    hint: did you mean `due`?",
            "checked 2 files: 2 errors in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn unknown_key_without_a_close_one_lists_the_keys() {
    let text = format!("{}colour: blue\n", valid("a", "prevention"));
    let f = Folder::new(&[("prevention/a.yaml", &text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:15:1: error[unknown-key]: unknown key `colour` in a commitment",
            "    hint: the keys of a commitment are: id, title, pillar, owner, status, start, due, description, milestones, events, indicators, depends_on, tags, links, assessments, visibility, internal",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn missing_required_key() {
    // No `owner` at all: the finding points at the commitment itself (1:1).
    let text = "\
id: a
title: A
pillar: prevention
milestones:
  - id: m1
    title: First step
    due: 2026-06-30
";
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:1:1: error[missing-key]: a commitment has no `owner`",
            "    hint: add `owner: <the accountable unit or person>`",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn required_key_without_a_value_points_at_the_key() {
    let text = valid("a", "prevention").replace("owner: Unit a\n", "owner:\n");
    let f = Folder::new(&[("prevention/a.yaml", &text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:4:1: error[missing-key]: `owner` in a commitment has no value",
            "    hint: add `owner: <the accountable unit or person>`",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn wrong_type() {
    // The list starts with `[` at 2:8.
    let text = valid("a", "prevention").replace("title: Commitment a\n", "title: [one, two]\n");
    let f = Folder::new(&[("prevention/a.yaml", &text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:2:8: error[wrong-type]: `title` must be text, found a list",
            "    hint: put the text in quotes if it looks like something else",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn bad_dates() {
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
start: 2022-13-01
milestones:
  - id: m1
    title: First step
    due: 2026-06-30
    done: 2022-02-30
";
    // `start: ` is 7 characters, so the date is at 5:8; `    done: ` is 10, so 10:11.
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:5:8: error[bad-date]: `2022-13-01` is not a real date: there is no month 13",
            "strategy/prevention/a.yaml:10:11: error[bad-date]: `2022-02-30` is not a real date: February 2022 has 28 days",
            "checked 2 files: 2 errors in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn date_of_the_wrong_shape() {
    let text = valid("a", "prevention").replace("due: 2027-06-30", "due: 30/06/2027");
    let f = Folder::new(&[("prevention/a.yaml", &text)]);
    let r = f.check();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.lines()[0],
        "strategy/prevention/a.yaml:14:10: error[bad-date]: `30/06/2027` is not a date in the form YYYY-MM-DD"
    );
}

#[test]
fn duplicate_commitment_id_names_the_other_file() {
    let f = Folder::new(&[
        ("prevention/one.yaml", &valid("same", "prevention")),
        ("detection/two.yaml", &valid("same", "detection")),
    ]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/detection/two.yaml:1:5: error[duplicate-id]: commitment id `same` is also used by strategy/prevention/one.yaml",
            "    hint: ids must be unique in the strategy; rename one of them",
            "strategy/prevention/one.yaml:1:5: error[duplicate-id]: commitment id `same` is also used by strategy/detection/two.yaml",
            "    hint: ids must be unique in the strategy; rename one of them",
            "checked 3 files: 2 errors in 2 files, 0 warnings",
        ],
    );
}

#[test]
fn duplicate_milestone_id() {
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
milestones:
  - id: m1
    title: First step
    due: 2026-06-30
  - id: m1
    title: Second step
    due: 2027-06-30
";
    // The second `m1` is at 9:9 (`  - id: ` is 8 characters).
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:9:9: error[duplicate-milestone]: milestone id `m1` is used twice in this commitment",
            "    hint: give each milestone its own id",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn unknown_pillar_lists_the_pillars() {
    let f = Folder::new(&[
        ("prevention/a.yaml", &valid("a", "preventoin")),
        ("prevention/b.yaml", &valid("b", "health")),
    ]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:3:9: error[unknown-pillar]: unknown pillar `preventoin`",
            "    hint: did you mean `prevention`? The pillars are: prevention, detection, law-enforcement, victim-support",
            "strategy/prevention/b.yaml:3:9: error[unknown-pillar]: unknown pillar `health`",
            "    hint: the strategy's pillars are: prevention, detection, law-enforcement, victim-support",
            "checked 3 files: 2 errors in 2 files, 0 warnings",
        ],
    );
}

#[test]
fn dependency_on_a_missing_commitment() {
    let text = format!(
        "{}depends_on:\n  - alpah\n  - nothing-here\n",
        valid("a", "prevention")
    );
    // The list items are at 16:5 and 15:5.
    let f = Folder::new(&[
        ("prevention/a.yaml", &text),
        ("prevention/alpha.yaml", &valid("alpha", "prevention")),
    ]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:16:5: error[unknown-dependency]: `depends_on` names `alpah`, but no commitment has that id",
            "    hint: did you mean `alpha`?",
            "strategy/prevention/a.yaml:17:5: error[unknown-dependency]: `depends_on` names `nothing-here`, but no commitment has that id",
            "checked 3 files: 2 errors in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn dependency_cycle_names_the_cycle_in_each_file() {
    let a = format!("{}depends_on:\n  - b\n", valid("a", "prevention"));
    let b = format!("{}depends_on: [a]\n", valid("b", "detection"));
    // `b` is at 16:5 in a.yaml; `a` is at 15:14 in b.yaml (`depends_on: [` is 13 characters).
    let f = Folder::new(&[("prevention/a.yaml", &a), ("detection/b.yaml", &b)]);
    let hint = "    hint: a commitment cannot wait on itself; remove one `depends_on` entry of the cycle";
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/detection/b.yaml:15:14: error[dependency-cycle]: dependency cycle: a → b → a",
            hint,
            "strategy/prevention/a.yaml:16:5: error[dependency-cycle]: dependency cycle: a → b → a",
            hint,
            "checked 3 files: 2 errors in 2 files, 0 warnings",
        ],
    );
}

#[test]
fn a_commitment_depending_on_itself_is_a_cycle() {
    let text = format!("{}depends_on: [a]\n", valid("a", "prevention"));
    let f = Folder::new(&[("prevention/a.yaml", &text)]);
    let r = f.check();
    assert_eq!(
        r.lines()[0],
        "strategy/prevention/a.yaml:15:14: error[dependency-cycle]: dependency cycle: a → a",
        "{r}"
    );
    assert_eq!(r.code, 1);
}

#[test]
fn milestone_done_after_today() {
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
milestones:
  - id: m1
    title: First step
    due: 2026-11-01
    done: 2026-11-29
    evidence: https://example.org/e
    confidence: high
  - id: m2
    title: Second step
    due: 2026-11-01
    done: 2026-11-30
    evidence: https://example.org/e
    confidence: high
";
    // Done today (m1) is fine; done tomorrow (m2, 15:11) is not.
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:15:11: error[done-in-future]: milestone `m2` is marked done on 2026-11-30, after today (2026-11-29)",
            "    hint: `done` is the day it happened; remove it until then, or fix the date",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
    // The same files are fine a day later.
    let later = crate::support::tracker(f.root(), &["--today", "2026-11-30", "check"]);
    assert_check(&later, 0, &["checked 2 files: no problems"]);
}

#[test]
fn done_status_with_open_milestones() {
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
status: done
milestones:
  - id: m1
    title: First step
    due: 2026-01-01
    done: 2026-01-02
    evidence: https://example.org/e
    confidence: high
  - id: m2
    title: Second step
    due: 2026-06-01
  - id: m3
    title: Third step
    due: 2027-06-01
";
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:5:9: error[done-with-open-milestones]: status is `done`, but milestones m2, m3 are still open",
            "    hint: give those milestones a `done` date, or change the status",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn indicator_actual_before_its_baseline() {
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
milestones:
  - {id: m1, title: First step, due: 2026-06-01}
indicators:
  - id: reports
    title: Reports received
    baseline: {date: 2024-12-31, value: 10}
    actuals:
      - date: 2025-12-31
        value: 12
      - date: 2024-06-30
        value: 8
";
    // `      - date: ` is 14 characters: the date is at 14:15.
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:14:15: error[actual-before-baseline]: this actual is dated 2024-06-30, before the baseline of 2024-12-31",
            "    hint: an actual measures progress since the baseline; move it or fix the baseline date",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn invalid_id() {
    let text = valid("a", "prevention").replace("id: a\n", "id: EU Centre\n");
    let f = Folder::new(&[("detection/eu-centre.yaml", &text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/detection/eu-centre.yaml:1:5: error[bad-id]: `EU Centre` is not a valid id",
            "    hint: use lowercase letters, digits and single dashes, such as `eu-centre`",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn unknown_status_value() {
    let planed = valid("a", "prevention").replace("owner: Unit a\n", "owner: Unit a\nstatus: planed\n");
    let finished = valid("b", "prevention").replace("owner: Unit b\n", "owner: Unit b\nstatus: finished\n");
    let f = Folder::new(&[("prevention/a.yaml", &planed), ("prevention/b.yaml", &finished)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:5:9: error[bad-value]: unknown status `planed`",
            "    hint: did you mean `planned`?",
            "strategy/prevention/b.yaml:5:9: error[bad-value]: unknown status `finished`",
            "    hint: use one of: planned, in-progress, done, dropped",
            "checked 3 files: 2 errors in 2 files, 0 warnings",
        ],
    );
}

#[test]
fn done_in_future_points_at_its_milestone_after_an_invalid_one() {
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
milestones:
  - id: m1
    due: 2026-01-01
  - id: m2
    title: Second step
    due: 2026-11-01
    done: 2026-12-15
    evidence: https://example.org/e
    confidence: high
";
    // m1 has no title, so it is left out of the decoded list; the finding about m2 must
    // still point at m2's `done` (11:11), not at m1 (6:5).
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:6:5: error[missing-key]: a milestone has no `title`",
            "    hint: add `title: <what marks the step>`",
            "strategy/prevention/a.yaml:11:11: error[done-in-future]: milestone `m2` is marked done on 2026-12-15, after today (2026-11-29)",
            "    hint: `done` is the day it happened; remove it until then, or fix the date",
            "checked 2 files: 2 errors in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn dependency_findings_point_at_their_entry_after_a_non_text_one() {
    let a = format!(
        "{}depends_on:\n  - 42\n  - nope\n  - b\n",
        valid("a", "prevention")
    );
    let b = format!("{}depends_on: [a]\n", valid("b", "prevention"));
    // `42` is at 16:5, `nope` at 17:5, `b` at 18:5.
    let f = Folder::new(&[("prevention/a.yaml", &a), ("prevention/b.yaml", &b)]);
    let r = f.check();
    assert_eq!(r.code, 1, "{r}");
    let lines = r.lines();
    for want in [
        "strategy/prevention/a.yaml:16:5: error[wrong-type]: `depends_on` lists commitment ids, found a number",
        "strategy/prevention/a.yaml:17:5: error[unknown-dependency]: `depends_on` names `nope`, but no commitment has that id",
        "strategy/prevention/a.yaml:18:5: error[dependency-cycle]: dependency cycle: a → b → a",
    ] {
        assert!(lines.contains(&want), "missing: {want}\n{r}");
    }
}

#[test]
fn duplicate_yaml_key_points_at_the_second_key() {
    // The second `due` is the offending token, at 9:5 (serde_yaml says 6:5, where the
    // milestone starts).
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
milestones:
  - id: m1
    title: First step
    due: 2026-06-30
    due: 2026-07-31
";
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    let r = f.check();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.lines()[0],
        "strategy/prevention/a.yaml:9:5: error[yaml-syntax]: invalid YAML: the key `due` appears twice in the same mapping",
        "{r}"
    );
}

#[test]
fn invalid_milestones_are_not_reported_as_no_milestones() {
    // The file has a milestone (with a bad date); saying it has none is wrong.
    let text = "\
id: a
title: A
pillar: prevention
owner: Unit
milestones:
  - id: m1
    title: First step
    due: 2026-13-01
";
    let f = Folder::new(&[("prevention/a.yaml", text)]);
    assert_check(
        &f.check(),
        1,
        &[
            "strategy/prevention/a.yaml:8:10: error[bad-date]: `2026-13-01` is not a real date: there is no month 13",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn dependency_on_an_invalid_commitment_is_not_called_missing() {
    // b.yaml declares `id: b` but has no owner: b's own error is reported, and a's
    // `depends_on: [b]` must not claim that no commitment has the id `b`.
    let a = format!("{}depends_on: [b]\n", valid("a", "prevention"));
    let b = valid("b", "detection").replace("owner: Unit b\n", "");
    let f = Folder::new(&[("prevention/a.yaml", &a), ("detection/b.yaml", &b)]);
    let r = f.check();
    assert_eq!(r.code, 1, "{r}");
    assert!(!r.stdout.contains("unknown-dependency"), "{r}");
    assert!(
        r.stdout
            .contains("strategy/detection/b.yaml:1:1: error[missing-key]"),
        "{r}"
    );
}
