//! Unit tests of the period report's builder and sections.

use super::build::*;
use super::sections::steps;
use super::*;
use crate::compare::{Change, ChangeKind, Value};
use crate::history::Event;
use crate::load::Loaded;
use crate::source::{Content, RawFile, Source};
use std::sync::Arc;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

const STRATEGY: &str = "id: s\ntitle: S\npillars:\n  - {id: p, title: P}\n  - {id: q, title: Q}\n";

/// A strategy of two commitments: `a` (pillar p) and `b` (pillar q, with an indicator).
fn loaded(today: &str) -> Loaded {
    let a = "id: a\ntitle: A\npillar: p\nowner: Unit A\nmilestones:\n  - {id: m1, title: M1, due: 2026-02-28, done: 2026-03-10}\n  - {id: m2, title: M2, due: 2026-05-31}\n  - {id: m3, title: M3, due: 2026-08-31}\n  - {id: m0, title: M0, due: 2025-06-30, done: 2025-06-30}\n";
    let b = "id: b\ntitle: B\npillar: q\nowner: Unit B\ndue: 2026-06-15\nmilestones:\n  - {id: n1, title: N1, due: 2026-12-31}\nindicators:\n  - id: i\n    title: I\n    baseline: {date: 2025-01-01, value: 10}\n    target: {date: 2027-01-01, value: 20}\n    actuals: [{date: 2026-01-01, value: 12}, {date: 2026-05-01, value: 15}, {date: 2026-09-01, value: 19}]\n";
    let file = |path: &str, text: &str| RawFile {
        path: path.into(),
        content: Content::Bytes {
            data: text.as_bytes().into(),
            blob: None,
        },
    };
    Loaded::checked(
        "s",
        vec![
            file("s/strategy.yaml", STRATEGY),
            file("s/p/a.yaml", a),
            file("s/q/b.yaml", b),
        ],
        Source::Files,
        d(today),
    )
}

fn report(now: &Loaded, since: &str, until: &str, history: Result<History<'_>, String>) -> PeriodReport {
    let strategy = now.strategy.as_ref().expect("valid strategy");
    build(&PeriodInput {
        strategy,
        now,
        then: Then::DoneDates,
        period: Period {
            since: d(since),
            until: d(until),
            since_spec: since.into(),
            until_spec: "working tree".into(),
            named_end: None,
        },
        history,
        filter: FilterInfo::default(),
        stale_days: 90,
        source: SourceInfo::new(&Source::Files, "s"),
        link_base: "./".into(),
    })
}

#[test]
fn headline_reconstructs_the_start_from_done_dates() {
    let now = loaded("2026-06-30");
    let r = report(&now, "2026-03-01", "2026-06-30", Err("no history".into()));
    assert_eq!(
        (r.headline.then.milestones_done, r.headline.now.milestones_done),
        (1, 2)
    );
    assert_eq!(r.headline.then_basis, ThenBasis::DoneDates);
    assert!(r.slipped.is_none() && r.not_reported.is_none());
}

#[test]
fn achieved_overdue_and_due_soon_on_the_last_day() {
    let now = loaded("2026-06-30");
    let r = report(&now, "2026-03-01", "2026-06-30", Err("no history".into()));
    let achieved: Vec<(&str, i64)> = r
        .achieved
        .iter()
        .map(|a| (a.milestone.as_str(), a.days_late))
        .collect();
    assert_eq!(achieved, [("m1", 10)]);
    let overdue: Vec<(Option<&str>, i64)> = r
        .overdue
        .iter()
        .map(|o| (o.milestone.as_deref(), o.days))
        .collect();
    // m2 was due 2026-05-31; b's own due date 2026-06-15.
    assert_eq!(overdue, [(Some("m2"), 30), (None, 15)]);
    let soon: Vec<(Option<&str>, i64)> = r
        .due_soon
        .iter()
        .map(|o| (o.milestone.as_deref(), o.days))
        .collect();
    assert_eq!(soon, [(Some("m3"), 62)]);
}

#[test]
fn indicators_show_the_latest_actual_up_to_the_end() {
    let now = loaded("2026-06-30");
    let r = report(&now, "2026-03-01", "2026-06-30", Err("no history".into()));
    let i = &r.indicators[0];
    assert_eq!(
        i.latest.as_ref().map(|p| (p.date, p.value)),
        Some((d("2026-05-01"), 15.0))
    );
    assert_eq!(i.progress, Some(0.5));
}

#[test]
fn a_done_date_recorded_in_the_period_for_an_earlier_day_is_reported_late() {
    let now = loaded("2026-06-30");
    let commit = Arc::new(crate::git::CommitInfo {
        id: "c1".into(),
        date: d("2026-04-02"),
        author_date: d("2026-04-02"),
        author: "Ann".into(),
        subject: "a: m0 done".into(),
        reason: None,
        time: 0,
    });
    let done = Event {
        commit: Some(Arc::clone(&commit)),
        change: Change {
            commitment: Some("a".into()),
            milestone: Some("m0".into()),
            kind: ChangeKind::MilestoneDone,
            field: Some("done".into()),
            from: None,
            to: Some(Value::Date(d("2025-06-30"))),
            days: None,
            path: "s/p/a.yaml".into(),
        },
        side_branch: false,
    };
    let history = History {
        events: vec![PeriodEvent {
            event: &done,
            in_period: true,
        }],
        touches: Vec::new(),
        commits: 1,
        commits_in_period: 1,
        boundary: None,
    };
    let r = report(&now, "2026-03-01", "2026-06-30", Ok(history));
    let late: Vec<(&str, bool, Option<&str>)> = r
        .achieved
        .iter()
        .map(|a| {
            let by = a.recorded.as_ref().and_then(|r| r.author.as_deref());
            (a.milestone.as_str(), a.reported_late, by)
        })
        .collect();
    assert_eq!(late, [("m0", true, Some("Ann")), ("m1", false, None)]);
    // Nobody committed either file: both open commitments are "not reported on".
    let stale: Vec<&str> = r
        .not_reported
        .iter()
        .flatten()
        .map(|s| s.commitment.as_str())
        .collect();
    assert_eq!(stale, ["a", "b"]);
}

#[test]
fn a_pillar_named_all_is_a_pillar_not_the_total() {
    let text = STRATEGY.replace("{id: q, title: Q}", "{id: all, title: Everything else}");
    let file = |path: &str, text: &str| RawFile {
        path: path.into(),
        content: Content::Bytes {
            data: text.as_bytes().into(),
            blob: None,
        },
    };
    let b = "id: b\ntitle: B\npillar: all\nowner: U\nmilestones:\n  - {id: n1, title: N1, due: 2026-12-31}\n";
    let now = Loaded::checked(
        "s",
        vec![file("s/strategy.yaml", &text), file("s/all/b.yaml", b)],
        Source::Files,
        d("2026-06-30"),
    );
    let r = report(&now, "2026-03-01", "2026-06-30", Err("no history".into()));
    let rows: Vec<(&str, bool)> = r
        .forecast
        .rows
        .iter()
        .map(|f| (f.scope.id(), f.scope.is_whole()))
        .collect();
    assert_eq!(rows, [("p", false), ("all", false), ("all", true)]);
    let mut md = Vec::new();
    crate::render::markdown_period::write(&mut md, &r).expect("renders");
    let md = String::from_utf8(md).expect("utf-8");
    assert!(md.contains("| Everything else | 1 |"), "{md}");
    assert!(md.contains("| **S** | 1 |"), "{md}");
}

#[test]
fn steps_merge_days() {
    let s = steps(vec![d("2026-02-01"), d("2026-01-01"), d("2026-02-01")]);
    assert_eq!(
        s,
        vec![
            Step {
                date: d("2026-01-01"),
                count: 1
            },
            Step {
                date: d("2026-02-01"),
                count: 3
            }
        ]
    );
}
