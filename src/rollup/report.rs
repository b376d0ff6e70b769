//! The period report over a roll-up (`tracker report --rollup`): every source as
//! recorded before the period and at its end, and every source's history, merged, then
//! built into one report exactly as for one strategy.

use super::Rollup;
use super::gather::SourceStatus;
use crate::error::Result;
use crate::report::StrategyRef;
use crate::report::period::{
    FilterInfo, History, Period, PeriodEvent, PeriodInput, PeriodReport, SourceInfo, Then, build,
};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

/// What `report --rollup` asks for.
pub struct Request<'a> {
    /// The period's first day.
    pub since: NaiveDate,
    /// Its last day.
    pub until: NaiveDate,
    /// How the ends were given, for the report's words.
    pub since_spec: String,
    /// How the end was given.
    pub until_spec: String,
    /// The last day of the period named, when it is after `today` (`until` is then
    /// `today`).
    pub named_end: Option<NaiveDate>,
    /// `--today`, and whether it was given.
    pub today: NaiveDate,
    /// Whether `--today` was given.
    pub today_given: bool,
    /// Filters.
    pub filter: FilterInfo,
    /// "Not reported on" after this many days.
    pub stale_days: i64,
    /// A source is stale after this many days without a commit (else the file's).
    pub source_stale_days: Option<u32>,
    /// Audience and confidence.
    pub lens: crate::lens::Lens,
    /// Links from the report to the files.
    pub link_base: String,
    /// The roll-up.
    pub rollup: &'a Rollup,
}

/// A roll-up's period report: its sources, then the report over all of them.
#[derive(Debug, Clone, Serialize)]
pub struct RollupReport {
    /// The roll-up.
    pub rollup: StrategyRef,
    /// Days after which a source counts as stale.
    pub stale_days: u32,
    /// Every source, in the file's order, as read at the end of the period.
    pub sources: Vec<SourceStatus>,
    /// Whether every source could be read and every file in them too.
    pub complete: bool,
    /// The report.
    pub report: PeriodReport,
}

/// A roll-up's report with what it was built from, for callers that show more (the
/// website): every source at the end of the period, and the merged history.
pub struct Built {
    /// The report.
    pub report: RollupReport,
    /// Every source at the end of the period, merged (qualified ids, roll-up pillars).
    pub now: crate::load::Loaded,
    /// Every source's history, merged by date, through the audience.
    pub walk: crate::history::Walk,
}

/// Builds the period report of a roll-up.
pub fn report(req: &Request<'_>) -> Result<RollupReport> {
    build_all(req).map(|b| b.report)
}

/// [`report`], keeping what it was built from.
pub fn build_all(req: &Request<'_>) -> Result<Built> {
    let rollup = req.rollup;
    let strategy = rollup.strategy();
    crate::report::check_pillars(&strategy, &req.filter.pillars)?;
    // The start is each source as recorded before the first day began.
    let eve = req.since.pred_opt().unwrap_or(req.since).to_string();
    let until = req.until.to_string();
    // Each end's states are for its own day (the figures of the sources' table too).
    let mut ends = super::gather::ends(rollup, &eve, &until, req.today, false, req.lens);
    req.filter.filter().check(
        Some(&strategy),
        [&ends.from.0, &ends.to.0]
            .into_iter()
            .flat_map(|l| l.valid_commitments().into_iter().map(|(_, c)| c)),
    )?;
    let merged = super::history::walk(rollup, &strategy, req.lens.audience);
    let (mut walk, failed_walks) = (merged.walk, merged.failed);
    // A source left out of either part is left out of both, so that the figures, the
    // history sections and the banner agree.
    let out: Vec<String> = ends
        .failed
        .iter()
        .map(|(n, _)| n.clone())
        .chain(failed_walks.iter().map(|f| f.name.clone()))
        .collect();
    for name in &out {
        let (dir, id) = (format!("{name}/"), format!("{name}:"));
        for side in [&mut ends.from.0, &mut ends.to.0] {
            side.files.retain(|f| !f.path.starts_with(&dir));
            side.findings.retain(|f| !f.path.starts_with(&dir));
        }
        ends.read.retain(|(n, _, _)| n != name);
        walk.events.retain(|e| {
            !e.change.path.starts_with(&dir)
                && !e.change.commitment.as_deref().is_some_and(|c| c.starts_with(&id))
        });
        walk.touches.retain(|t| !t.path.starts_with(&dir));
    }
    let day = |c: &crate::git::CommitInfo| c.date;
    let upto = |c: &crate::git::CommitInfo| day(c) <= req.until;
    let within = |c: &crate::git::CommitInfo| day(c) >= req.since && day(c) <= req.until;
    let commits: HashSet<&str> = walk
        .touches
        .iter()
        .filter(|t| upto(&t.commit))
        .map(|t| t.commit.id.as_str())
        .collect();
    let in_period: HashSet<&str> = walk
        .touches
        .iter()
        .filter(|t| within(&t.commit))
        .map(|t| t.commit.id.as_str())
        .collect();
    let history = History {
        events: walk
            .events
            .iter()
            .filter_map(|event| {
                let c = event.commit.as_ref()?;
                upto(c).then(|| PeriodEvent {
                    event,
                    in_period: within(c),
                })
            })
            .collect(),
        touches: walk.touches.iter().filter(|t| upto(&t.commit)).collect(),
        commits: commits.len(),
        commits_in_period: in_period.len(),
        boundary: walk.boundary.clone(),
    };
    let stale_days = req
        .source_stale_days
        .or(rollup.file.stale_days)
        .unwrap_or(super::STALE_DAYS);
    let read: Vec<String> = ends
        .read
        .iter()
        .map(|(name, c, _)| format!("{name} at {} ({})", c.short(), c.date))
        .collect();
    // The roll-up's pillars, with the scales its sources declare.
    let strategy = ends.to.0.strategy.clone().unwrap_or(strategy);
    let input = PeriodInput {
        strategy: &strategy,
        now: &ends.to.0,
        then: Then::Recorded {
            loaded: &ends.from.0,
            commit: "",
        },
        period: Period {
            since: req.since,
            until: req.until,
            since_spec: req.since_spec.clone(),
            until_spec: req.until_spec.clone(),
            named_end: req.named_end,
        },
        history: Ok(history),
        filter: req.filter.clone(),
        stale_days: req.stale_days,
        source: SourceInfo {
            commit: None,
            commit_date: None,
            worktree: false,
            dirty: false,
            description: format!(
                "Computed from {} listed in {}, each as recorded on or before {}: {}.",
                crate::words::count(rollup.file.sources.len(), "repository"),
                rollup.shown,
                req.until,
                if read.is_empty() {
                    "none could be read".to_owned()
                } else {
                    read.join(", ")
                }
            ),
        },
        link_base: req.link_base.clone(),
    };
    let mut report = build(&input);
    report.name_sources();
    // Each source's start has its own commit: none to name for all of them.
    report.headline.then_commit = None;
    report.audience = req.lens.audience;
    report.internal_hidden = ends.internal_hidden;
    report.min_confidence = req.lens.min_confidence;
    report.set_aside = ends.set_aside;
    let failed: Vec<(&str, &str)> = ends
        .failed
        .iter()
        .map(|(n, e)| (n.as_str(), e.as_str()))
        .chain(failed_walks.iter().map(|f| (f.name.as_str(), f.error.as_str())))
        .collect();
    let mut sources = Vec::new();
    for spec in &rollup.file.sources {
        let read = ends.read.iter().find(|(n, _, _)| *n == spec.name);
        let commit = read.map(|(_, c, _)| c);
        let error = failed
            .iter()
            .find(|(n, _)| *n == spec.name)
            .map(|(_, e)| (*e).to_owned());
        let age = commit.map(|c| (req.until - c.date).num_days());
        sources.push(SourceStatus {
            name: spec.name.clone(),
            label: spec.shown().to_owned(),
            path: (req.lens.audience != crate::model::Visibility::Public).then(|| spec.path.clone()),
            rev: spec.rev.clone(),
            commit: commit.map(|c| c.id.clone()),
            commit_date: commit.map(|c| c.date),
            age_days: age,
            stale: age.is_some_and(|a| a > i64::from(stale_days)),
            hint: None,
            error,
            left_out: read.map_or(0, |(_, _, t)| t.left_out),
            totals: read.map(|(_, _, t)| t.clone()),
        });
    }
    let complete = report.complete && sources.iter().all(|s| s.error.is_none());
    let report = RollupReport {
        rollup: StrategyRef {
            id: strategy.id.clone(),
            title: strategy.title.clone(),
        },
        stale_days,
        sources,
        complete,
        report,
    };
    drop(input);
    Ok(Built {
        report,
        now: ends.to.0,
        walk,
    })
}
