//! The replay of the shipped strategy: it ends exactly at the shipped files, and its
//! history shows the real deadline moves.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn tracker(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .env_clear()
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .current_dir(dir)
        .arg("--today")
        .arg("2026-12-01")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let (code, out, err) = tracker(dir, args);
    assert_eq!(code, 0, "{out}\n{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_replay_ends_at_the_shipped_files_and_shows_the_slips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let replay = tmp.path().join("replay");
    let (code, out, err) = tracker(root, &["demo", replay.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("reconstruction from public sources"), "{out}");

    // The state at the replay's HEAD is the shipped state, figure for figure.
    let shipped = json(root, &["status", "--format", "json"]);
    let replayed = json(&replay, &["status", "--format", "json"]);
    assert_eq!(replayed, shipped);
    let head = json(
        &replay,
        &[
            "status",
            "--at",
            "HEAD",
            "--today",
            "2026-12-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(head["commitments"], shipped["commitments"]);
    assert_eq!(head["totals"], shipped["totals"]);

    // The interim regulation's expiry moved from 2024-08-03 to 2026-04-03 (Regulation
    // 2024/1307), then, after the lapse, to 2028-04-03 (the revival of July 2026).
    let slips = json(&replay, &["slips", "--format", "json"]);
    let expiry = slips
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["commitment"] == "interim-derogation" && s["milestone"] == "expiry")
        .unwrap_or_else(|| panic!("no expiry slip in {slips:#}"));
    assert_eq!(expiry["original_due"], "2024-08-03");
    assert_eq!(expiry["current_due"], "2028-04-03");
    assert_eq!(expiry["days_slipped"], 1339);
    assert_eq!(expiry["history"][0]["date"], "2024-04-29");
    assert_eq!(expiry["history"][0]["to"], "2026-04-03");
    assert_eq!(expiry["history"][1]["date"], "2026-07-24");
    assert_eq!(expiry["history"][1]["to"], "2028-04-03");

    // Each dated fact is a commit on its day: the CSA Regulation proposal on 2022-05-11.
    let done = json(
        &replay,
        &[
            "history",
            "csa-regulation",
            "--milestone",
            "proposal",
            "--kind",
            "milestone-done",
            "--format",
            "json",
        ],
    );
    assert_eq!(done[0]["date"], "2022-05-11");
    assert_eq!(done[0]["to"], "2022-05-11");
    let subject = done[0]["subject"].as_str().unwrap();
    assert!(
        subject.starts_with("csa-regulation: ") && subject.ends_with("(2022-05-11)"),
        "{subject}"
    );

    // The status a year before the latest fact differs from today's.
    let then = json(&replay, &["status", "--at", "2025-07-01", "--format", "json"]);
    assert!(then["totals"]["milestones_done"].as_u64() < shipped["totals"]["milestones_done"].as_u64());

    // A second run into the same folder refuses instead of overwriting.
    let (code, _, err) = tracker(root, &["demo", replay.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("is not empty"), "{err}");
}

#[test]
fn the_replay_split_by_owner_reads_as_one_roll_up_with_the_same_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bodies");
    let (code, out, err) = tracker(root, &["demo", dir.to_str().unwrap(), "--split"]);
    assert_eq!(code, 0, "{out}\n{err}");
    for body in ["commission", "member-states", "europol"] {
        let (code, out, err) = tracker(&dir.join(body), &["check"]);
        assert_eq!(code, 0, "{body}: {out}\n{err}");
    }
    let whole = json(root, &["status", "--format", "json"]);
    let (code, out, err) = tracker(&dir, &["status", "--rollup", "rollup.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let rollup: Value = serde_json::from_str(&out).unwrap();
    // Every commitment is in exactly one body's repository, so the totals are the
    // shipped strategy's.
    for key in [
        "commitments",
        "milestones_done",
        "milestones_total",
        "overdue",
        "weight_done",
    ] {
        assert_eq!(rollup["status"]["totals"][key], whole["totals"][key], "{key}");
    }
    let sources: Vec<&str> = rollup["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["commission", "member-states", "europol"]);
    let ids: Vec<&str> = rollup["status"]["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"europol:europol-innovation"), "{ids:?}");
    assert!(ids.contains(&"member-states:directive-implementation"), "{ids:?}");
    // And the roll-up's diff over a period is the whole replay's.
    let replay = tmp.path().join("replay");
    let (code, out, err) = tracker(root, &["demo", replay.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    let whole = json(&replay, &["diff", "2025-01-01", "--format", "json"]);
    let parts = json(
        &dir,
        &[
            "diff",
            "--rollup",
            "rollup.yaml",
            "2025-01-01",
            "--format",
            "json",
        ],
    );
    let figures = |v: &Value| -> Vec<(Value, Value, Value, Value, Value)> {
        v["pillars"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["id"].clone(),
                    p["done_from"].clone(),
                    p["done_to"].clone(),
                    p["total_from"].clone(),
                    p["total_to"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(figures(&parts), figures(&whole));
    assert_eq!(
        parts["changes"].as_array().unwrap().len(),
        whole["changes"].as_array().unwrap().len()
    );
    assert_eq!(parts["from"], "2025-01-01");
    // The period report too: the same headline, achievements, due dates and forecast.
    let whole = json(&replay, &["report", "-p", "2025", "--format", "json"]);
    let parts = json(
        &dir,
        &[
            "report",
            "--rollup",
            "rollup.yaml",
            "-p",
            "2025",
            "--format",
            "json",
        ],
    );
    let report = &parts["report"];
    assert_eq!(report["headline"]["now"], whole["headline"]["now"]);
    assert_eq!(report["headline"]["then"], whole["headline"]["then"]);
    for key in ["achieved", "added", "removed", "reopened", "like_for_like"] {
        assert_eq!(
            report["headline"]["scope"][key], whole["headline"]["scope"][key],
            "{key}"
        );
    }
    assert_eq!(
        report["headline"]["scope"]["back_from_done"][0],
        "commission:csa-regulation"
    );
    for section in crate::support::REPORT_ROW_SECTIONS {
        assert_eq!(
            report[section].as_array().map(Vec::len),
            whole[section].as_array().map(Vec::len),
            "{section}"
        );
        // Each row names its source; one strategy's rows have none.
        for (row, one) in report[section]
            .as_array()
            .into_iter()
            .flatten()
            .zip(whole[section].as_array().into_iter().flatten())
        {
            let id = row["commitment"].as_str().or(row["id"].as_str()).unwrap();
            assert_eq!(
                row["source"].as_str(),
                id.split_once(':').map(|(s, _)| s),
                "{section}: {row}"
            );
            assert!(one.get("source").is_none(), "{section}: {one}");
        }
    }
    assert!(!report["disagreements"].as_array().unwrap().is_empty());
    assert_eq!(
        report["forecast"]["rows"].as_array().map(Vec::len),
        whole["forecast"]["rows"].as_array().map(Vec::len)
    );
    assert_eq!(parts["sources"].as_array().unwrap().len(), 3);
    // And the website: a page per commitment under its qualified id, with its timeline.
    let (code, out, err) = tracker(&dir, &["site", "site"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let (code, out, err) = tracker(&replay, &["site", "site"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let count = |d: &Path| std::fs::read_dir(d.join("site/c")).unwrap().count();
    assert_eq!(count(&dir), count(&replay));
    let page = std::fs::read_to_string(dir.join("site/c/commission_csa-regulation.html")).unwrap();
    let whole = std::fs::read_to_string(replay.join("site/c/csa-regulation.html")).unwrap();
    let entries = |p: &str| {
        let timeline = &p[p.find("id=\"timeline\"").expect("a timeline")..];
        timeline[..timeline.find("</ol>").unwrap_or(timeline.len())]
            .matches("<li>")
            .count()
    };
    assert!(entries(&page) > 5, "{page}");
    assert_eq!(entries(&page), entries(&whole));
    let feed = std::fs::read_to_string(dir.join("site/c/commission_csa-regulation.xml")).unwrap();
    assert!(
        feed.contains("<link rel=\"self\" href=\"c/commission_csa-regulation.xml\"/>"),
        "{feed}"
    );
    // Its home page says how fresh each body's data is; a single strategy's has no such
    // section.
    let home = std::fs::read_to_string(dir.join("site/index.html")).unwrap();
    let sources = &home[home.find("id=\"sources\"").expect("the sources")..];
    assert!(
        sources.contains("Europol") && sources.contains("<strong>stale</strong>"),
        "{home}"
    );
    let single = std::fs::read_to_string(replay.join("site/index.html")).unwrap();
    assert!(!single.contains("id=\"sources\""));
}

/// The shipped strategy requires evidence for what is done: `done` alone is refused
/// with a hint to give it, and `done --evidence URL --confidence LEVEL` records all
/// three, leaving the strategy valid.
#[test]
fn done_records_evidence_where_the_shipped_strategy_requires_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let replay = tmp.path().join("replay");
    let (code, out, err) = tracker(root, &["demo", replay.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    // The first milestone not done yet, in the shipped files.
    let mut open = None;
    let mut files: Vec<_> = walk(&replay.join("strategy"));
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let Some(c) = tracker::load::parse_commitment("c.yaml", &bytes).value else {
            continue;
        };
        if let Some(m) = c.milestones.iter().find(|m| m.done.is_none()) {
            open = Some((path.clone(), c.id.clone(), m.id.clone()));
            break;
        }
    }
    let (path, id, mid) = open.expect("an open milestone in the shipped strategy");
    let before = std::fs::read(&path).unwrap();
    let (code, _, err) = tracker(&replay, &["done", &id, &mid, "--date", "2026-11-20"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("done-without-evidence") && err.contains("--evidence URL"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
    let url = "https://example.org/the-decision";
    let args = [
        "done",
        &id,
        &mid,
        "--date",
        "2026-11-20",
        "--evidence",
        url,
        "--confidence",
        "high",
    ];
    let (code, out, err) = tracker(&replay, &args);
    assert_eq!(code, 0, "{out}\n{err}");
    let c = tracker::load::parse_commitment("c.yaml", &std::fs::read(&path).unwrap())
        .value
        .expect("still valid");
    let m = c.milestone(&mid).expect("the milestone");
    assert_eq!(m.done.map(|d| d.to_string()).as_deref(), Some("2026-11-20"));
    assert_eq!(m.evidence, [url]);
    assert_eq!(m.confidence, Some(tracker::model::Confidence::High));
    let (code, out, err) = tracker(&replay, &["check"]);
    assert_eq!(code, 0, "{out}\n{err}");
}

/// The YAML files under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "yaml") && !p.ends_with("strategy.yaml") {
            out.push(p);
        }
    }
    out
}
