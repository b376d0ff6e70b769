//! Refused edits leave the file untouched, say why and what to do, and exit with the
//! documented codes; `--dry-run` prints the diff and writes nothing.

use crate::support::Folder;

const GOOD: &str = "\
id: s1
title: Safe
pillar: prevention
owner: Unit S
milestones:
  - id: m1
    title: First
    due: 2026-01-31
";

/// Runs an edit that must be refused, and checks the file did not change.
fn refused(file: &str, args: &[&str], code: i32, says: &str) {
    let t = Folder::with_bytes(&[("prevention/s.yaml", file.as_bytes())]);
    let r = t.run(args);
    assert_eq!(r.code, code, "{args:?}\n{r}");
    assert!(r.stderr.contains(says), "{args:?}: expected `{says}` in\n{r}");
    assert_eq!(t.read("prevention/s.yaml"), file.as_bytes(), "the file changed");
    let leftovers: Vec<_> = std::fs::read_dir(t.path("prevention"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn a_done_date_after_today_is_refused() {
    refused(
        GOOD,
        &["done", "s1", "m1", "--date", "2026-12-01"],
        2,
        "done-in-future",
    );
}

#[test]
fn an_anchored_value_is_refused() {
    let file = GOOD.replace("owner: Unit S", "owner: &o Unit S\ntags: [*o]");
    refused(&file, &["set", "s1", "owner", "Unit T"], 2, "YAML anchor");
    refused(
        &file,
        &["set", "s1", "owner", "Unit T"],
        2,
        "hint: edit the file by hand",
    );
}

#[test]
fn a_block_scalar_owner_is_refused() {
    let file = GOOD.replace("owner: Unit S", "owner: >-\n  Unit S");
    refused(&file, &["set", "s1", "owner", "Unit T"], 2, "block of text");
}

#[test]
fn a_done_key_sharing_the_dash_line_is_refused() {
    let file = GOOD.replace(
        "  - id: m1\n    title: First\n    due: 2026-01-31\n",
        "  - done: 2026-01-15\n    id: m1\n    title: First\n    due: 2026-01-31\n",
    );
    refused(&file, &["reopen", "s1", "m1"], 2, "shares its line");
}

#[test]
fn a_file_with_errors_is_not_edited() {
    let file = GOOD.replace("owner: Unit S", "owner: Unit S\ncolour: red");
    refused(
        &file,
        &["done", "s1", "m1", "--date", "2026-01-15"],
        1,
        "unknown-key",
    );
}

#[test]
fn status_done_with_open_milestones_is_refused() {
    refused(
        GOOD,
        &["set", "s1", "status", "done"],
        2,
        "done-with-open-milestones",
    );
}

#[test]
fn unknown_ids_get_suggestions() {
    refused(GOOD, &["done", "s2", "m1"], 2, "did you mean `s1`?");
    refused(GOOD, &["done", "s1", "m2"], 2, "did you mean `m1`?");
    refused(
        GOOD,
        &["set", "s1", "status", "finshed"],
        2,
        "use one of planned, in-progress, done, dropped",
    );
    refused(
        GOOD,
        &["due", "s1", "m1", "2026-02-30"],
        2,
        "February 2026 has 28 days",
    );
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let t = Folder::with_bytes(&[("prevention/s.yaml", GOOD.as_bytes())]);
    let r = t.run(&["done", "s1", "m1", "--date", "2026-01-15", "--dry-run"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        r.stdout,
        "--- a/strategy/prevention/s.yaml\n+++ b/strategy/prevention/s.yaml\n@@ -6,3 +6,4 @@\n   - id: m1\n     title: First\n     due: 2026-01-31\n+    done: 2026-01-15\n"
    );
    assert_eq!(t.read("prevention/s.yaml"), GOOD.as_bytes());
}

#[test]
fn nothing_to_change_is_not_an_error() {
    let t = Folder::with_bytes(&[("prevention/s.yaml", GOOD.as_bytes())]);
    let r = t.run(&["reopen", "s1", "m1"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        r.stdout,
        "strategy/prevention/s.yaml: nothing to change: milestone m1 is already open\n"
    );
    assert_eq!(t.read("prevention/s.yaml"), GOOD.as_bytes());
}

#[test]
fn edits_keep_file_permissions() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let t = Folder::with_bytes(&[("prevention/s.yaml", GOOD.as_bytes())]);
        let path = t.path("prevention/s.yaml");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let r = t.run(&["done", "s1", "m1", "--date", "2026-01-15"]);
        assert_eq!(r.code, 0, "{r}");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

const DONE: &str = "\
id: s1
title: Safe
pillar: prevention
owner: Unit S
milestones:
  - id: m1
    title: First
    due: 2026-01-31
    done: 2026-01-20
";

#[test]
fn a_recorded_done_date_is_not_replaced_by_accident() {
    // Without --date, `done` means today: that must not overwrite 2026-01-20.
    refused(
        DONE,
        &["done", "s1", "m1"],
        2,
        "milestone `m1` is already done, on 2026-01-20",
    );
    refused(
        DONE,
        &["done", "s1", "m1", "--date", "2026-01-25"],
        2,
        "add --redate to change it to 2026-01-25",
    );
    let t = Folder::with_bytes(&[("prevention/s.yaml", DONE.as_bytes())]);
    let r = t.run(&["done", "s1", "m1", "--date", "2026-01-25", "--redate"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        r.stdout,
        "strategy/prevention/s.yaml: milestone m1 done date 2026-01-20 → 2026-01-25\n"
    );
    assert_eq!(
        t.read("prevention/s.yaml"),
        DONE.replace("done: 2026-01-20", "done: 2026-01-25").as_bytes()
    );
    // The same date again changes nothing and is not an error.
    let again = t.run(&["done", "s1", "m1", "--date", "2026-01-25"]);
    assert_eq!(
        (again.code, again.stdout.contains("nothing to change")),
        (0, true),
        "{again}"
    );
}

#[test]
fn a_due_date_moved_later_needs_a_reason() {
    refused(
        GOOD,
        &["due", "s1", "m1", "2026-03-31"],
        2,
        "say why with --reason",
    );
    // Earlier needs none.
    let t = Folder::with_bytes(&[("prevention/s.yaml", GOOD.as_bytes())]);
    assert_eq!(t.run(&["due", "s1", "m1", "2026-01-15"]).code, 0);
    // --no-reason moves it later without one.
    let r = t.run(&["due", "s1", "m1", "2026-03-31", "--no-reason"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stderr.is_empty(), "{r}");
}

#[test]
fn a_reason_without_commit_prints_the_command_that_keeps_it() {
    let t = Folder::with_bytes(&[("prevention/s.yaml", GOOD.as_bytes())]);
    let r = t.run(&[
        "due",
        "s1",
        "m1",
        "2026-03-31",
        "--reason",
        "The Council's vote moved",
    ]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        r.stderr,
        "note: the reason is kept only in a commit message; to keep it, commit the change with:\n  \
         git commit -m 's1: milestone m1 due 2026-01-31 → 2026-03-31' -m 'Reason: The Council'\\''s vote moved' -- strategy/prevention/s.yaml\n"
    );
}
