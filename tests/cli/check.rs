//! `tracker check` end to end: exit codes, `--strict`, the JSON output and a run with
//! every kind of problem. Each rule's own findings are tested in process, in
//! `tests/check/`.

use crate::support::{Folder, assert_check, tracker, valid};

#[test]
fn a_valid_strategy_has_no_problems() {
    let f = Folder::new(&[
        ("prevention/a.yaml", &valid("a", "prevention")),
        ("detection/b.yaml", &valid("b", "detection")),
        ("victim-support/c.yml", &valid("c", "victim-support")),
    ]);
    let r = f.run(&["check"]);
    assert_check(&r, 0, &["checked 4 files: no problems"]);
    let strict = f.run(&["check", "--strict"]);
    assert_check(&strict, 0, &["checked 4 files: no problems"]);
}

#[test]
fn the_shipped_strategy_passes() {
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/strategy");
    let elsewhere = Folder::empty();
    let r = tracker(
        elsewhere.root(),
        &[
            "--today",
            "2026-12-01",
            "--strategy-dir",
            shipped,
            "check",
            "--strict",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "checked 12 files: no problems\n", "{r}");
    let status = tracker(
        elsewhere.root(),
        &[
            "--today",
            "2026-12-01",
            "--strategy-dir",
            shipped,
            "status",
            "--format",
            "json",
        ],
    );
    assert_eq!(status.code, 0, "{status}");
    let json: serde_json::Value = serde_json::from_str(&status.stdout).expect("status JSON");
    assert_eq!(json["skipped"], serde_json::json!([]));
    assert!(json["totals"]["commitments"].as_u64().unwrap() > 0);
}

#[test]
fn no_milestones_is_a_warning_that_strict_turns_into_a_failure() {
    let text = "id: a\ntitle: A\npillar: prevention\nowner: Unit\n";
    let dropped = "id: b\ntitle: B\npillar: prevention\nowner: Unit\nstatus: dropped\n";
    let f = Folder::new(&[("prevention/a.yaml", text), ("prevention/b.yaml", dropped)]);
    let expected = [
        "strategy/prevention/a.yaml:1:1: warning[no-milestones]: this commitment has no milestones, so it has no progress figure",
        "    hint: add at least one milestone with `id`, `title` and `due`",
        "checked 3 files: 0 errors in 0 files, 1 warning",
    ];
    assert_check(&f.run(&["check"]), 0, &expected);
    assert_check(&f.run(&["check", "--strict"]), 1, &expected);
}

#[test]
fn every_problem_in_every_file_in_one_run() {
    let a = "\
id: a
title: A
pillar: prevention
owner: Unit
status: planed
start: 2022-13-01
milestones:
  - id: m1
    title: First step
    dew: 2026-01-31
  - id: m2
    title: Second step
    due: 2026-06-30
depends_on:
  - nope
";
    let b = "\
id: b
title: [not, text]
pillar: detection
milestones:
  - id: m1
    title: First step
    due: 2022-02-30
";
    let f = Folder::new(&[("prevention/a.yaml", a), ("detection/b.yaml", b)]);
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/detection/b.yaml:1:1: error[missing-key]: a commitment has no `owner`",
            "    hint: add `owner: <the accountable unit or person>`",
            "strategy/detection/b.yaml:2:8: error[wrong-type]: `title` must be text, found a list",
            "    hint: put the text in quotes if it looks like something else",
            "strategy/detection/b.yaml:7:10: error[bad-date]: `2022-02-30` is not a real date: February 2022 has 28 days",
            "strategy/prevention/a.yaml:5:9: error[bad-value]: unknown status `planed`",
            "    hint: did you mean `planned`?",
            "strategy/prevention/a.yaml:6:8: error[bad-date]: `2022-13-01` is not a real date: there is no month 13",
            "strategy/prevention/a.yaml:8:5: error[missing-key]: a milestone has no `due`",
            "    hint: add `due: YYYY-MM-DD`",
            "strategy/prevention/a.yaml:10:5: error[unknown-key]: unknown key `dew` in a milestone",
            "    hint: did you mean `due`?",
            "strategy/prevention/a.yaml:15:5: error[unknown-dependency]: `depends_on` names `nope`, but no commitment has that id",
            "checked 3 files: 8 errors in 2 files, 0 warnings",
        ],
    );
}

#[test]
fn json_output_lists_every_finding_with_its_fields() {
    let text = valid("a", "prevention").replace("    due: 2027-06-30\n", "    dew: 2027-06-30\n");
    let f = Folder::new(&[
        ("prevention/a.yaml", &text),
        (
            "prevention/b.yaml",
            "id: b\ntitle: B\npillar: prevention\nowner: Unit\n",
        ),
    ]);
    let r = f.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(r.stderr, "");
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let list = json.as_array().expect("a list of findings");
    assert_eq!(list.len(), 3, "{r}");
    assert_eq!(
        list[1],
        serde_json::json!({
            "path": "strategy/prevention/a.yaml",
            "line": 14,
            "column": 5,
            "severity": "error",
            "rule": "unknown-key",
            "message": "unknown key `dew` in a milestone",
            "hint": "did you mean `due`?",
        })
    );
    assert_eq!(list[0]["rule"], "missing-key");
    assert_eq!(list[0]["line"], 12);
    assert_eq!(list[0]["column"], 5);
    // A warning has its severity, and a finding without a hint has `"hint": null`.
    assert_eq!(list[2]["path"], "strategy/prevention/b.yaml");
    assert_eq!(list[2]["severity"], "warning");
    assert_eq!(list[2]["rule"], "no-milestones");
    let bad_date = Folder::new(&[(
        "prevention/c.yaml",
        &valid("c", "prevention").replace("due: 2027-06-30", "due: 2027-02-29"),
    )]);
    let r = bad_date.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(json[0]["hint"], serde_json::Value::Null, "{r}");
    assert_eq!(
        json[0]["message"],
        "`2027-02-29` is not a real date: February 2027 has 28 days"
    );
}

#[test]
fn json_output_is_an_empty_list_when_clean() {
    let f = Folder::new(&[("prevention/a.yaml", &valid("a", "prevention"))]);
    let r = f.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(json, serde_json::json!([]));
}

/// A folder of YAML files of another shape altogether, as in a repository of
/// deployment manifests: `count` files, each with 10 unknown keys and 4 missing ones.
fn foreign(count: usize) -> Folder {
    let f = Folder::new(&[]);
    for i in 0..count {
        f.write(
            &format!("ns{}/obj{i}.yaml", i % 7),
            &format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x{i}}}\ndata: {{}}\nspec: 3\n\
                 replicas: 2\nselector: {{}}\ntemplate: {{}}\nstrategy: {{}}\nports: []\n"
            ),
        );
    }
    f
}

#[test]
fn a_folder_of_foreign_yaml_gets_a_note_a_bounded_list_and_a_count_per_rule() {
    let f = foreign(300);
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1, "{r}");
    let lines = r.lines();
    assert!(
        lines[0].starts_with("note: 300 of the 300 files here do not look like commitments"),
        "{}",
        lines[0]
    );
    // 200 findings with their hints, a few lines of summary: nothing like 300 × 14.
    let listed = lines.iter().filter(|l| l.contains(": error[")).count();
    assert_eq!(listed, 200, "{r}");
    assert!(lines.len() < 420, "{} lines", lines.len());
    assert!(
        r.stdout.contains(
            "... and 4,000 more (the first 200 are shown): use --max-findings 0 to see them all, or --format json\n\
             by rule:\n  unknown-key  3,000 errors in 300 files\n  missing-key  1,200 errors in 300 files\n\
             checked 301 files: 4,200 errors in 300 files, 0 warnings\n"
        ),
        "{r}"
    );
    // All of them when asked; JSON lists all of them by default.
    let all = f.run(&["check", "--max-findings", "0"]);
    assert_eq!(
        all.lines().iter().filter(|l| l.contains(": error[")).count(),
        4_200
    );
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&f.run(args).stdout).expect("check JSON")
    };
    assert_eq!(
        json(&["check", "--format", "json"]).as_array().map(Vec::len),
        Some(4_200)
    );
    let some = json(&["check", "--format", "json", "--max-findings", "5"]);
    assert_eq!(some.as_array().map(Vec::len), Some(5));
}

#[test]
fn a_few_stray_files_are_not_called_a_foreign_folder() {
    let f = foreign(2);
    for id in ["a", "b", "c"] {
        f.write(&format!("prevention/{id}.yaml"), &valid(id, "prevention"));
    }
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(!r.stdout.contains("note:"), "{r}");
}

#[test]
fn a_hint_is_given_once_per_rule_and_file() {
    let text = valid("a", "prevention")
        .replace("title: Commitment a", "title: [x]")
        .replace("owner: Unit a", "owner: [y]");
    let f = Folder::new(&[
        ("prevention/a.yaml", &text),
        ("prevention/b.yaml", &text.replace("id: a", "id: b")),
    ]);
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/prevention/a.yaml:2:8: error[wrong-type]: `title` must be text, found a list",
            "    hint: put the text in quotes if it looks like something else",
            "strategy/prevention/a.yaml:4:8: error[wrong-type]: `owner` must be text, found a list",
            "strategy/prevention/b.yaml:2:8: error[wrong-type]: `title` must be text, found a list",
            "    hint: put the text in quotes if it looks like something else",
            "strategy/prevention/b.yaml:4:8: error[wrong-type]: `owner` must be text, found a list",
            "checked 3 files: 4 errors in 2 files, 0 warnings",
        ],
    );
}
