//! Conventions of git and hledger: output files by extension, one grammar of days and
//! periods, the pager, tables that fit the terminal, `init DIR`, `demo` anywhere.

use crate::support::repo::Fixture;
use crate::support::{Folder, tracker};
use std::process::Command;

fn campaign(done: &str) -> String {
    format!(
        "id: campaign\ntitle: Awareness campaign of the whole strategy period\npillar: prevention\nowner: Unit P\nmilestones:\n  - id: m1\n    title: Launch\n    due: 2026-03-31\n{done}  - id: m2\n    title: Evaluation\n    due: 2026-09-30\n"
    )
}

fn repo() -> Fixture {
    let f = Fixture::new();
    f.write("strategy/prevention/campaign.yaml", &campaign(""));
    f.commit("Add", "Alice", "2026-01-10T10:00", 0);
    f.write(
        "strategy/prevention/campaign.yaml",
        &campaign("    done: 2026-03-20\n    evidence: https://example.org/l\n    confidence: high\n"),
    );
    f.commit("Launch done", "Bob", "2026-03-21T10:00", 0);
    f.write(
        "strategy/prevention/campaign.yaml",
        &campaign("    done: 2026-03-20\n    evidence: https://example.org/l\n    confidence: high\n")
            .replace("2026-09-30", "2026-12-31"),
    );
    f.commit("Move the evaluation", "Carol", "2026-08-02T10:00", 0);
    f
}

#[test]
fn output_files_take_their_format_from_the_extension() {
    let f = repo();
    for (name, starts) in [
        ("s.json", "{"),
        ("s.csv", "as_of,id,"),
        ("s.md", "# "),
        ("s.html", "<!DOCTYPE html>"),
        ("s.txt", "Test strategy"),
    ] {
        let r = f.run(&["status", "-o", name]);
        assert_eq!(r.code, 0, "{name}: {r}");
        assert_eq!(r.stdout, "", "{name}");
        let text = std::fs::read_to_string(f.root().join(name)).unwrap();
        assert!(text.starts_with(starts), "{name}: {text}");
        assert!(!text.contains('\u{1b}'), "no colour in a file");
    }
    let r = f.run(&["history", "-o", "h.csv"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        std::fs::read_to_string(f.root().join("h.csv"))
            .unwrap()
            .starts_with("commit,date,")
    );
    let r = f.run(&["report", "-o", "r.html"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        std::fs::read_to_string(f.root().join("r.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // An explicit --format must agree; an unknown extension needs one.
    let r = f.run(&["status", "-o", "s.html", "--format", "json"]);
    assert_eq!(r.code, 2, "{r}");
    assert_eq!(
        r.stderr,
        "error: --format json does not match -o s.html (a .html file is written as html); leave out one of them\n"
    );
    let r = f.run(&["slips", "-o", "s.pdf"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("no format is written to .pdf files"), "{r}");
    let r = f.run(&["slips", "-o", "slips.data", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn days_and_periods_have_one_grammar_everywhere() {
    let f = repo();
    // A period word as --at is its last day; -p sets both ends of a period.
    let q1 = f.run(&["status", "--at", "2026-Q1", "--format", "json"]).json();
    assert!(
        q1["source"].as_str().unwrap().starts_with("2026-03-31 (commit "),
        "{q1}"
    );
    let h = f.history(&["-p", "2026-08"]);
    assert_eq!(h.len(), 1, "{h:#?}");
    assert_eq!(h[0]["kind"], "due-changed");
    let h = f.history(&["--since", "2026-Q1", "--until", "2026/03/31"]);
    assert!(
        h.iter().all(|e| e["date"].as_str().unwrap() <= "2026-03-31"),
        "{h:#?}"
    );
    // slips takes the same words: the evaluation moved in August, not in the first half.
    let slips = |args: &[&str]| {
        let mut all = vec!["slips", "--format", "json"];
        all.extend_from_slice(args);
        f.run(&all).json().as_array().unwrap().len()
    };
    assert_eq!(slips(&["-p", "2026-Q3"]), 1);
    assert_eq!(slips(&["-p", "2026-H1"]), 0);
    assert_eq!(slips(&["--since", "2026-08", "--until", "2026/08/31"]), 1);
    assert_eq!(slips(&["--until", "2026-07-31"]), 0);
    let r = f.run(&["report", "-p", "2026-H1"]);
    assert!(
        r.stdout
            .contains("Period: **2026-01-01** to **2026-06-30** (since: 2026-H1; until: 2026-H1)."),
        "{r}"
    );
    for spec in ["yesterday", "today", "2026", "2026-W27", "HEAD~1"] {
        let r = f.run(&["status", "--at", spec]);
        assert!(r.code == 0, "{spec}: {r}");
    }
    // What is neither a day, a period nor a revision is named, with the accepted forms,
    // and no git library wording.
    for (spec, why) in [
        (
            "v1.0",
            "it is not a date, a period, or a commit, tag or branch of this repository",
        ),
        ("2026-13", "a month is 01 to 12, not 13 in 2026-13"),
        (
            "2026-Q5",
            "a year has four quarters, 2026-Q1 to 2026-Q4, not 2026-Q5",
        ),
        (
            "2026-02-30",
            "`2026-02-30` is not a real date: February 2026 has 28 days",
        ),
    ] {
        let r = f.run(&["status", "--at", spec]);
        assert_eq!(r.code, 2, "{r}");
        assert_eq!(
            r.stderr,
            format!(
                "error: `{spec}` does not name a commit: {why}\nhint: use a date (2026-07-01, 2026/07/01), today, yesterday, a period (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27) or a revision (a commit id, a tag, a branch, HEAD~3)\n"
            )
        );
    }
}

#[test]
fn reports_go_through_the_pager_on_a_terminal() {
    // `script` gives the command a terminal; the pager marks every line it shows.
    let f = repo();
    let bin = env!("CARGO_BIN_EXE_tracker");
    let run = |extra: &str| {
        let out = Command::new("script")
            .args([
                "-qec",
                &format!("{bin} --today 2026-11-29 status{extra}"),
                "/dev/null",
            ])
            .current_dir(f.root())
            .env("TRACKER_PAGER", "sed s/^/PAGED:/")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .output()
            .expect("script (util-linux) is installed");
        String::from_utf8_lossy(&out.stdout).replace('\r', "")
    };
    let paged = run("");
    assert!(
        paged.lines().any(|l| l.starts_with("PAGED:Test strategy")),
        "{paged}"
    );
    let plain = run(" --no-pager");
    assert!(!plain.contains("PAGED:"), "{plain}");
    assert!(plain.contains("Test strategy"), "{plain}");
    // Not on a terminal: never paged.
    let piped = f.run_env(
        &f.root(),
        &[("TRACKER_PAGER", "sed s/^/PAGED:/")],
        &["--today", "2026-11-29", "status"],
    );
    assert!(!piped.stdout.contains("PAGED:"), "{piped}");
}

#[test]
fn tables_fit_80_columns_and_wide_shows_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("csa");
    let r = tracker(dir.path(), &["demo", demo.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r}");
    for args in [
        &["status"][..],
        &["status", "interim-derogation"],
        &["slips"],
        &["history"],
        &["diff", "2026-Q2"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(["--today", "2026-12-01"])
            .args(args)
            .current_dir(&demo)
            .env_clear()
            .env("COLUMNS", "80")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        // A web address longer than a line is kept whole, on a line of its own.
        let too_long: Vec<&str> = text
            .lines()
            .filter(|l| l.chars().count() > 80 && !l.contains("http"))
            .collect();
        assert!(
            too_long.is_empty(),
            "{args:?} at 80 columns:\n{}",
            too_long.join("\n")
        );
    }
    let wide = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["--today", "2026-12-01", "status", "--wide"])
        .current_dir(&demo)
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&wide.stdout);
    assert!(
        text.contains("European Commission (DG HOME)"),
        "--wide shows the owners whole"
    );
}

#[test]
fn init_names_the_strategy_after_its_folder_and_demo_works_anywhere() {
    let dir = Folder::empty();
    let r = tracker(dir.root(), &["init", "health-plan"]);
    assert_eq!(r.code, 0, "{r}");
    let text = std::fs::read_to_string(dir.root().join("health-plan/strategy/strategy.yaml")).unwrap();
    assert!(text.contains("\nid: health-plan\n"), "{text}");
    // Far from this repository, demo still replays the shipped strategy.
    let r = tracker(dir.root(), &["demo", "replay"]);
    assert_eq!(r.code, 0, "{r}");
    let s = tracker(
        &dir.root().join("replay"),
        &["--today", "2026-12-01", "check", "--strict"],
    );
    assert_eq!(s.code, 0, "{s}");
}
