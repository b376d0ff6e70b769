//! Outside a git repository, hostile text in HTML, bad arguments, and `status --format html`.

use crate::report::script::{ALPHA, TODAY, scripted};
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> crate::support::repo::Run {
    let f = crate::support::repo::Fixture::empty();
    let mut all = vec!["--today", TODAY];
    all.extend_from_slice(args);
    f.run_raw(dir, &all)
}

/// A strategy folder that is not in a git repository.
fn plain() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("strategy");
    std::fs::create_dir_all(s.join("prevention")).unwrap();
    std::fs::write(s.join("strategy.yaml"), crate::support::repo::STRATEGY).unwrap();
    std::fs::write(
        s.join("prevention/alpha.yaml"),
        ALPHA.replace(
            "    due: 2026-10-31\n",
            "    due: 2026-10-31\n    done: 2026-10-03\n",
        ),
    )
    .unwrap();
    dir
}

#[test]
fn outside_a_repository_history_sections_say_so() {
    let dir = plain();
    let out = run(dir.path(), &["report"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let note = "history not available: not a git repository";
    let slipped = out.stdout.split("## 5.").nth(1).unwrap();
    assert!(
        slipped.starts_with(&format!(" Slipped this period\n\n{note}.\n")),
        "{slipped}"
    );
    let stale = out.stdout.split("## 7.").nth(1).unwrap();
    assert!(
        stale.starts_with(&format!(" Not reported on\n\n{note}.\n")),
        "{stale}"
    );
    // The start is reconstructed from the done dates: m2 (done 10-03) was not done then.
    assert!(
        out.stdout
            .contains("Progress: 33% → **67%** (+34 points): 1/3 → 2/3 milestones done."),
        "{}",
        out.stdout
    );
    assert!(out.stdout.ends_with(
        "Computed from the files in strategy/: not a git repository, so no commit can be named.\n"
    ));
    let json = run(dir.path(), &["report", "--format", "json"]).json();
    assert_eq!(json["history"]["available"], false);
    assert_eq!(json["slipped"], serde_json::Value::Null);
    assert_eq!(json["not_reported"], serde_json::Value::Null);
    assert_eq!(json["headline"]["then_basis"], "done-dates");
    assert_eq!(json["achieved"][0]["recorded"], serde_json::Value::Null);
    let html = run(dir.path(), &["report", "--format", "html"]);
    assert_eq!(html.code, 0);
    // Who recorded the achievements, what slipped, who did not report.
    assert_eq!(html.stdout.matches(&format!("{note}.")).count(), 3);
}

#[test]
fn revisions_need_a_repository() {
    let dir = plain();
    let out = run(dir.path(), &["report", "--since", "HEAD~1"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: --since HEAD~1: reading the files as they were needs the git history"),
        "{}",
        out.stderr
    );
    let out = run(dir.path(), &["report", "--until", "2026-10-01"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn an_empty_period_is_refused() {
    let (f, _) = scripted();
    let out = f.run_raw(&f.root(), &["--today", TODAY, "report", "--since", "2026-12-01"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: the period has not begun: --since 2026-12-01 (2026-12-01) is after today (2026-11-30); \
         give an earlier start, or --today\n"
    );
    let out = f.run_raw(
        &f.root(),
        &[
            "--today",
            TODAY,
            "report",
            "--since",
            "2026-11-01",
            "--until",
            "2026-10-31",
        ],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: the period is empty: --since 2026-11-01 (2026-11-01) is after its end (2026-10-31)\n"
    );
    let out = f.run_raw(&f.root(), &["--today", TODAY, "report", "--pillar", "nope"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown pillar `nope`"), "{}", out.stderr);
}

/// A period that ends after the report's day is covered to date, from the working tree
/// as when no end is given: what falls due between that day and the period's end is
/// due soon, not already overdue. A period that has not begun is refused.
#[test]
fn a_period_that_ends_after_today_is_covered_to_date() {
    let (f, _) = scripted();
    // Alpha's bill, due 2026-10-31, moved a fortnight later and not committed.
    let alpha = crate::report::script::ALPHA.replace("    due: 2026-10-31\n", "    due: 2026-11-15\n");
    f.edit("strategy/prevention/alpha.yaml", &alpha);
    let report = |args: &[&str]| {
        let mut all = vec!["--today", "2026-10-15", "report", "--format", "json"];
        all.extend_from_slice(args);
        let out = f.run_raw(&f.root(), &all);
        assert_eq!(out.code, 0, "{args:?}: {out}");
        out.json()
    };
    let mut quarter = report(&["-p", "2026-Q4"]);
    let mut so_far = report(&["--since", "2026-10-01"]);
    assert_eq!(quarter["period"]["until"], "2026-10-15");
    assert_eq!(quarter["period"]["named_end"], "2026-12-31");
    assert_eq!(quarter["period"]["until_spec"], "2026-Q4");
    assert_eq!(so_far["period"]["named_end"], serde_json::Value::Null);
    let due_soon = quarter["due_soon"].to_string();
    assert!(
        due_soon.contains("2026-11-15"),
        "the uncommitted date, due soon: {due_soon}"
    );
    assert!(
        !quarter["overdue"].to_string().contains("2026-11-15"),
        "not overdue yet"
    );
    // Apart from how the period was named, the same report as the quarter so far.
    for r in [&mut quarter, &mut so_far] {
        r.as_object_mut().unwrap().remove("period");
    }
    assert_eq!(quarter, so_far);
    let text = f.run_raw(&f.root(), &["--today", "2026-10-15", "report", "-p", "2026-Q4"]);
    assert!(
        text.stdout.contains(
            "Period: **2026-10-01** to **2026-10-15** (since: 2026-Q4; until: 2026-Q4). \
             The period ends on 2026-12-31, after the report's day: it is covered to 2026-10-15.\n"
        ),
        "{text}"
    );
    // A revision recorded after the report's day is refused: its state would be read on
    // a day before it was recorded.
    let late = f.run_raw(
        &f.root(),
        &[
            "--today",
            "2026-01-20",
            "report",
            "--since",
            "2026-01-01",
            "--until",
            "HEAD",
        ],
    );
    assert_eq!(late.code, 2, "{late}");
    assert!(
        late.stderr
            .contains("after the report's day (2026-01-20); give --today"),
        "{late}"
    );
    // `site --at` a period that ends after today stands for today, as the report does.
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let r = f.run_raw(
        &f.root(),
        &[
            "--today",
            "2026-10-15",
            "site",
            site.to_str().unwrap(),
            "--at",
            "2026",
        ],
    );
    assert!(r.code == 0 || r.code == 1, "{r}");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("2026-10-15"), "the site's day");
    let early = f.run_raw(&f.root(), &["--today", "2026-10-15", "report", "-p", "2027"]);
    assert_eq!(early.code, 2, "{early}");
    assert_eq!(
        early.stderr,
        "error: the period has not begun: --since 2027 (2027-01-01) is after today (2026-10-15); \
         give an earlier start, or --today\n"
    );
    // And so is a site of it, for one strategy or a roll-up.
    let early = f.run_raw(
        &f.root(),
        &[
            "--today",
            "2026-10-15",
            "site",
            site.to_str().unwrap(),
            "--at",
            "2027",
        ],
    );
    assert_eq!(early.code, 2, "{early}");
    assert_eq!(
        early.stderr,
        "error: --at 2027: the period has not begun: it starts on 2027-01-01, after today (2026-10-15); \
         give an earlier day, or --today\n"
    );
}

const HOSTILE: &str = "\
id: hostile
title: \"<script>document.title='pwned'</script>\"
pillar: prevention
owner: \"<img src=x onerror=alert(1)>\"
milestones:
  - id: m1
    title: \"<b>bold</b>\"
    due: 2026-10-31
    done: 2026-10-10
    evidence: \"https://example.org/a?x='onmouseover=alert(1)\"
  - id: m2
    title: Safe step
    due: 2027-10-31
    done: 2026-10-11
    evidence: \"https://example.org/?a=1&b=2\"
  - id: m3
    title: Open step
    due: 2027-12-31
links:
  - {title: \"<i>x</i>\", url: \"https://example.org/#&quot;\"}
";

#[test]
fn html_escapes_every_text_and_links_only_web_urls() {
    let (f, _) = scripted();
    f.write("strategy/prevention/hostile.yaml", HOSTILE);
    f.commit(
        "Add a hostile commitment",
        "Mallory & \"Sons\"",
        "2026-11-12T10:00",
        0,
    );
    // A due date moved later, so that the reason of the trailer shows as the reason given.
    f.write(
        "strategy/prevention/hostile.yaml",
        &HOSTILE.replace("due: 2027-12-31", "due: 2028-06-30"),
    );
    f.commit(
        "hostile: move m3\n\nReason: <script>alert('subject')</script>",
        "Mallory & \"Sons\"",
        "2026-11-13T10:00",
        0,
    );
    for args in [
        &["report", "--format", "html"][..],
        &["status", "--format", "html"][..],
    ] {
        let out = f.run_raw(&f.root(), &[&["--today", TODAY][..], args].concat());
        assert_eq!(out.code, 0, "{}", out.stderr);
        let html = out.stdout;
        assert!(!html.to_lowercase().contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>bold"), "{html}");
        assert!(!html.to_lowercase().contains("href=\"javascript:"), "{html}");
        assert!(html.contains("&lt;script&gt;document.title="), "{html}");
        assert!(html.contains("Content-Security-Policy"));
        if args[0] == "status" {
            // The owner's tag is text: no element carries its handler.
            assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
        } else {
            assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
            // git trims the closing quote from names.
            assert!(html.contains("Mallory &amp; &quot;Sons"), "{html}");
            assert!(html.contains("&lt;script&gt;alert('subject')"), "{html}");
            assert!(
                html.contains("href=\"https://example.org/?a=1&amp;b=2\""),
                "{html}"
            );
            // The attribute is quoted and escaped: the apostrophe cannot end it.
            assert!(
                html.contains("href=\"https://example.org/a?x='onmouseover=alert(1)\""),
                "{html}"
            );
        }
    }
    // A javascript: (or any non-web) URL is an error: the file is left out, and said so.
    f.write(
        "strategy/prevention/hostile.yaml",
        &HOSTILE.replace("https://example.org/?a=1&b=2", "javascript:alert(1)"),
    );
    let out = f.run_raw(&f.root(), &["--today", TODAY, "report", "--format", "html"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!out.stdout.contains("href=\"javascript:"), "{}", out.stdout);
    assert!(out.stdout.contains("role=\"alert\""));
    let check = f.run_raw(&f.root(), &["--today", TODAY, "check"]);
    assert!(check.stdout.contains("error[not-a-url]: `evidence` must be an http:// or https:// address, but `javascript:alert(1)` does not start with"), "{}", check.stdout);
}

#[test]
fn status_html_is_one_page_per_pillar_and_refuses_one_commitment() {
    let (f, _) = scripted();
    let out = f.run_raw(&f.root(), &["--today", TODAY, "status", "--format", "html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("<!DOCTYPE html>"));
    assert_eq!(out.stdout.matches("<section class=\"pillar\"").count(), 4);
    assert_eq!(out.stdout.matches("class=\"chart chart-states\"").count(), 5);
    assert!(
        out.stdout
            .contains("<a href=\"./strategy/prevention/alpha.yaml\"")
    );
    let out = f.run_raw(
        &f.root(),
        &["--today", TODAY, "status", "alpha", "--format", "html"],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--format html shows the whole strategy"));
    // Other commands keep their formats.
    let out = f.run_raw(&f.root(), &["--today", TODAY, "history", "--format", "html"]);
    assert_eq!(out.code, 2);
}
