//! Finding the strategy: from a sub-folder, with `-C`, with `--strategy-dir`, or not at
//! all; and `--today` parsing.

use crate::support::{Folder, tracker, valid};

fn two_commitments() -> Folder {
    Folder::new(&[
        ("prevention/a.yaml", &valid("a", "prevention")),
        ("detection/b.yaml", &valid("b", "detection")),
    ])
}

#[test]
fn found_from_a_sub_folder() {
    let f = two_commitments();
    let r = f.run_in(&f.strategy_dir().join("detection"), &["check"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "checked 3 files: no problems\n");
    let status = f.run_in(
        &f.strategy_dir().join("detection"),
        &["status", "--format", "csv"],
    );
    assert_eq!(status.code, 0, "{status}");
    assert!(status.stdout.contains(",strategy/prevention/a.yaml,"), "{status}");
}

#[test]
fn dash_c_runs_as_if_started_there() {
    let f = two_commitments();
    let elsewhere = Folder::empty();
    let root = f.root().to_str().unwrap();
    let r = f.run_in(elsewhere.root(), &["-C", root, "check"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "checked 3 files: no problems\n");
    // After the command name too, as it is a global option.
    let r = f.run_in(elsewhere.root(), &["status", "-C", root, "a", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
    // A relative -C is taken from the current folder.
    let r = f.run_in(f.root(), &["-C", "strategy/prevention", "check"]);
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn dash_c_to_a_missing_folder_is_a_usage_error() {
    let f = two_commitments();
    let r = f.run(&["-C", "no-such-folder", "check"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("no-such-folder: no such folder"), "{r}");
}

#[test]
fn strategy_dir_accepts_the_folder_or_its_parent() {
    let f = two_commitments();
    let elsewhere = Folder::empty();
    for dir in [f.strategy_dir(), f.root().to_path_buf()] {
        let r = f.run_in(
            elsewhere.root(),
            &["--strategy-dir", dir.to_str().unwrap(), "check"],
        );
        assert_eq!(r.code, 0, "{r}");
        assert_eq!(r.stdout, "checked 3 files: no problems\n");
    }
    let wrong = f.strategy_dir().join("detection");
    let r = f.run_in(
        elsewhere.root(),
        &["--strategy-dir", wrong.to_str().unwrap(), "check"],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("has no strategy.yaml"), "{r}");
    assert!(
        r.stderr
            .ends_with("hint: --strategy-dir must be the folder that holds strategy.yaml\n"),
        "{r}"
    );
}

#[test]
fn no_strategy_is_an_environment_error_with_a_hint() {
    let nothing = Folder::empty();
    for command in ["check", "status"] {
        let r = nothing.run(&[command]);
        assert_eq!(r.code, 2, "{r}");
        assert_eq!(r.stdout, "");
        assert!(r.stderr.starts_with("error: no strategy found in "), "{r}");
        assert!(r.stderr.contains("--strategy-dir"), "{r}");
    }
}

#[test]
fn impossible_today_is_a_usage_error() {
    let f = two_commitments();
    let r = tracker(f.root(), &["--today", "2026-02-30", "check"]);
    assert_eq!(r.code, 2, "{r}");
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(
            "invalid value '2026-02-30' for '--today <DATE>': `2026-02-30` is not a real date: February 2026 has 28 days"
        ),
        "{r}"
    );
    let r = tracker(f.root(), &["--today", "tomorrow", "status"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains("`tomorrow` is not a date in the form YYYY-MM-DD"),
        "{r}"
    );
}

#[test]
fn today_sets_the_day_states_are_computed_for() {
    let f = two_commitments();
    // b's m2 is due 2027-06-30: open on that day, overdue the day after.
    let state = |today: &str| {
        let r = tracker(f.root(), &["--today", today, "status", "b", "--format", "json"]);
        assert_eq!(r.code, 0, "{r}");
        let d: serde_json::Value = serde_json::from_str(&r.stdout).expect("detail JSON");
        assert_eq!(d["as_of"], today);
        d["state"].as_str().unwrap().to_owned()
    };
    assert_eq!(state("2027-06-30"), "on-track");
    assert_eq!(state("2027-07-01"), "overdue");
    // Without --today the real date is used; the files are still valid.
    let r = tracker(f.root(), &["status", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn unknown_argument_is_a_usage_error() {
    let f = two_commitments();
    let r = f.run(&["check", "--no-such-flag"]);
    assert_eq!(r.code, 2, "{r}");
    let r = f.run(&["frobnicate"]);
    assert_eq!(r.code, 2, "{r}");
    let help = f.run(&["--help"]);
    assert_eq!(help.code, 0, "{help}");
}
