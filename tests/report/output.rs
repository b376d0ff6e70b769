//! The report of the scripted history: Markdown and JSON snapshots (every figure checked
//! by hand against `script.rs`), and the figures that matter asserted one by one.

use crate::report::script::{TODAY, scripted};
use serde_json::Value;

fn report(args: &[&str]) -> (crate::support::repo::Run, Vec<crate::support::repo::Made>) {
    let (f, made) = scripted();
    let mut all = vec!["--today", TODAY, "report"];
    all.extend_from_slice(args);
    (f.run_raw(&f.root(), &all), made)
}

#[test]
fn markdown_report_of_the_scripted_history() {
    let (out, _) = report(&[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("markdown", out.stdout);
}

#[test]
fn html_report_of_the_scripted_history() {
    let (out, _) = report(&["--format", "html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The style sheet is the same on every page; the snapshot is of the body.
    let body = out.stdout.split("<body>").nth(1).expect("a body");
    let pretty = body
        .replace("<section", "\n<section")
        .replace("<tr>", "\n<tr>")
        .replace("<footer", "\n<footer");
    insta::assert_snapshot!("html", pretty);
}

#[test]
fn json_report_of_the_scripted_history() {
    let (out, _) = report(&["--format", "json"]);
    assert_eq!(out.stderr, "");
    let json = out.json();
    insta::assert_json_snapshot!("json", json);
}

#[test]
fn figures_of_the_scripted_history() {
    let (out, made) = report(&["--format", "json"]);
    let r = out.json();
    assert_eq!(r["period"]["since"], "2026-10-01");
    assert_eq!(r["period"]["until"], "2026-11-30");
    let h = &r["headline"];
    assert_eq!(h["then_basis"], "recorded");
    assert_eq!(h["then_commit"], made[2].id());
    assert_eq!(
        (
            h["then"]["milestones_done"].as_u64(),
            h["then"]["milestones_total"].as_u64()
        ),
        (Some(4), Some(11))
    );
    assert_eq!(
        (
            h["now"]["milestones_done"].as_u64(),
            h["now"]["milestones_total"].as_u64()
        ),
        (Some(7), Some(13))
    );
    let states: Vec<(String, u64, u64)> = h["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["state"].as_str().unwrap().to_owned(),
                s["then"].as_u64().unwrap(),
                s["now"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("overdue", 2, 1),
            ("on-track", 2, 4),
            ("not-started", 1, 1),
            ("done", 1, 1),
            ("dropped", 0, 0)
        ]
        .map(|(s, a, b)| (s.to_owned(), a, b))
    );
    // Achieved: epsilon m1 (done before the period, reported in it), alpha m2, zeta m1.
    let achieved: Vec<(String, String, bool, String)> = r["achieved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["commitment"].as_str().unwrap().to_owned(),
                a["done"].as_str().unwrap().to_owned(),
                a["reported_late"].as_bool().unwrap(),
                a["recorded"]["author"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        achieved,
        [
            ("epsilon", "2026-09-25", true, "Bob Jones"),
            ("alpha", "2026-10-03", false, "Alice Martin"),
            ("zeta", "2026-11-05", false, "Dana Scott"),
        ]
        .map(|(a, b, c, d)| (a.to_owned(), b.to_owned(), c, d.to_owned()))
    );
    assert_eq!(r["achieved"][1]["recorded"]["commit"], made[3].id());
    // Slipped: only the move made in the period.
    let slipped = r["slipped"].as_array().unwrap();
    assert_eq!(slipped.len(), 1);
    assert_eq!(slipped[0]["commitment"], "beta");
    assert_eq!(slipped[0]["milestone"], "m2");
    assert_eq!(slipped[0]["days"], 62);
    assert_eq!(slipped[0]["recorded"]["subject"], made[4].subject);
    // Not reported on: delta (Jan 15: 319 days) and gamma (Jun 10: 173 days).
    let stale: Vec<(&str, i64)> = r["not_reported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["commitment"].as_str().unwrap(), s["days"].as_i64().unwrap()))
        .collect();
    assert_eq!(stale, [("delta", 319), ("gamma", 173)]);
    // Overdue: gamma m2 (91 days); due soon: beta's own date, zeta m2, epsilon m2, beta m2.
    let ids = |k: &str| -> Vec<(String, Value, i64)> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["commitment"].as_str().unwrap().to_owned(),
                    d["milestone"].clone(),
                    d["days"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(ids("overdue"), [("gamma".to_owned(), Value::from("m2"), 91)]);
    assert_eq!(
        ids("due_soon"),
        [
            ("beta".to_owned(), Value::Null, 31),
            ("zeta".to_owned(), Value::from("m2"), 41),
            ("epsilon".to_owned(), Value::from("m2"), 62),
            ("beta".to_owned(), Value::from("m2"), 77),
        ]
    );
    // Indicators: alpha 100 → 200, latest 180 = 80%; gamma has no target.
    assert_eq!(r["indicators"][0]["progress"], 0.8);
    assert_eq!(r["indicators"][1]["target"], Value::Null);
    // Forecast: 7 done in the window, 6 open: 6 × 365 / 7 → 313 days.
    let f = |id: &str| {
        r["forecast"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (f("all")["done_in_window"].as_u64(), f("all")["open"].as_u64()),
        (Some(7), Some(6))
    );
    assert_eq!(f("all")["forecast"], "2027-10-09");
    assert_eq!(f("all")["latest_due"], "2027-12-31");
    // The pace would finish by the latest due date, but gamma's m2 is already overdue:
    // the strategy is behind, never "on pace" while anything is late.
    assert_eq!(f("all")["verdict"], "behind");
    assert_eq!(f("all")["overdue"], 1);
    assert_eq!(f("law-enforcement")["verdict"], "behind");
    assert_eq!(f("prevention")["verdict"], "on-pace");
    assert_eq!(f("detection")["verdict"], "not-on-pace");
    assert_eq!(f("prevention")["forecast"], "2027-06-01");
    assert_eq!(f("prevention")["verdict"], "on-pace");
    assert_eq!(f("victim-support")["verdict"], "no-pace");
    assert_eq!(r["source"]["commit"], made[5].id());
    assert_eq!(r["source"]["dirty"], false);
}

#[test]
fn a_period_ending_at_a_past_date_reads_that_commit() {
    let (out, made) = report(&[
        "--since",
        "2026-06-01",
        "--until",
        "2026-10-10",
        "--format",
        "json",
    ]);
    let r = out.json();
    assert_eq!(r["period"]["until"], "2026-10-10");
    assert_eq!(r["source"]["commit"], made[3].id());
    assert_eq!(r["source"]["worktree"], false);
    assert_eq!(r["headline"]["then_commit"], made[0].id());
    assert_eq!(r["headline"]["now"]["milestones_done"], 5);
    // Commits 2, 3 and 4 are in the period; the move of beta m1 (+92 days) is too.
    assert_eq!(r["history"]["commits_in_period"], 3);
    let slipped = r["slipped"].as_array().unwrap();
    assert_eq!((slipped.len(), &slipped[0]["days"]), (1, &Value::from(92)));
    // zeta did not exist yet.
    assert!(!out.stdout.contains("zeta"));
}

#[test]
fn a_period_starting_at_a_revision_starts_after_that_commit() {
    let (f, made) = scripted();
    let out = f.run_raw(
        &f.root(),
        &[
            "--today",
            TODAY,
            "report",
            "--since",
            &made[3].id(),
            "--format",
            "json",
        ],
    );
    let r = out.json();
    assert_eq!(r["headline"]["then_commit"], made[3].id());
    assert_eq!(r["period"]["since"], "2026-10-05");
    assert_eq!(r["history"]["commits_in_period"], 2);
}

#[test]
fn filters_keep_one_pillar_everywhere() {
    let (out, _) = report(&["--pillar", "detection", "--format", "json"]);
    let r = out.json();
    assert_eq!(r["pillars"].as_array().unwrap().len(), 1);
    assert_eq!(r["headline"]["now"]["commitments"], 2);
    let achieved = r["achieved"].as_array().unwrap();
    assert!(!achieved.is_empty(), "{r}");
    assert!(achieved.iter().all(|a| a["commitment"] == "epsilon"), "{r}");
    assert_eq!(r["not_reported"].as_array().unwrap().len(), 0);
    let out = report(&["--owner", "justice", "--format", "json"]).0.json();
    assert_eq!(out["headline"]["now"]["commitments"], 2);
}

#[test]
fn the_footer_says_when_the_working_tree_has_uncommitted_changes() {
    let (f, made) = scripted();
    f.edit(
        "strategy/law-enforcement/gamma.yaml",
        &crate::report::script::GAMMA.replace("First cohort", "First cohort (late)"),
    );
    let out = f.run_raw(&f.root(), &["--today", TODAY, "report"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let footer = out
        .stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("Computed from"))
        .unwrap();
    assert_eq!(
        footer,
        format!(
            "Computed from the working tree at commit {} (2026-11-10), with uncommitted changes in strategy/ that the figures include.",
            made[5].id()
        )
    );
}

#[test]
fn links_are_relative_to_the_output_file() {
    let (f, _) = scripted();
    std::fs::create_dir_all(f.root().join("out/q4")).unwrap();
    let out = f.run_raw(&f.root(), &["--today", TODAY, "report", "-o", "out/q4/report.md"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    let md = std::fs::read_to_string(f.root().join("out/q4/report.md")).unwrap();
    assert!(
        md.contains("[`alpha`](<../../strategy/prevention/alpha.yaml>)"),
        "{md}"
    );
}

/// `-o` replaces a file atomically, keeping its permissions, writes to a named pipe
/// without destroying it, and refuses a symbolic link to a file rather than choose the
/// file a link (perhaps planted in a shared folder) points to.
#[cfg(unix)]
#[test]
fn output_keeps_permissions_and_pipes_and_refuses_links() {
    use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
    let (f, _) = scripted();
    let root = f.root();
    std::fs::write(root.join("shared.md"), "old\n").unwrap();
    std::fs::set_permissions(root.join("shared.md"), std::fs::Permissions::from_mode(0o604)).unwrap();
    let before = std::fs::metadata(root.join("shared.md")).unwrap().ino();
    let out = f.run_raw(&root, &["--today", TODAY, "report", "-o", "shared.md"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    let shared = std::fs::read_to_string(root.join("shared.md")).unwrap();
    assert!(shared.starts_with("# "), "{shared}");
    let mode = std::fs::metadata(root.join("shared.md"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o604, "the report's permissions changed");
    // Replaced by a rename, not rewritten in place (which a crash could leave half done).
    let after = std::fs::metadata(root.join("shared.md")).unwrap().ino();
    assert_ne!(before, after, "the report was written in place");

    std::fs::write(root.join("notes.txt"), "mine\n").unwrap();
    std::os::unix::fs::symlink("notes.txt", root.join("latest.md")).unwrap();
    let out = f.run_raw(&root, &["--today", TODAY, "report", "-o", "latest.md"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr
            .contains("-o latest.md: that is a symbolic link (to notes.txt)"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(root.join("notes.txt")).unwrap(), "mine\n");
    assert!(
        std::fs::symlink_metadata(root.join("latest.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    let fifo = root.join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    let (tx, rx) = std::sync::mpsc::channel();
    let reading = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read_to_string(reading).unwrap());
    });
    let out = f.run_raw(&root, &["--today", TODAY, "report", "-o", "pipe.json"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    // Had the pipe been replaced, its reader would wait on: fail instead of hanging.
    let read = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("nothing came through the pipe");
    assert!(
        serde_json::from_str::<Value>(&read).is_ok_and(|v| v.get("schema_version").is_some()),
        "{read}"
    );
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the pipe was replaced"
    );
}
