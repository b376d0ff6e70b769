//! The period report (`tracker report`): progress over a period, what was achieved and
//! what slipped in it, what is due, what nobody reported on, and a forecast.
//!
//! These structs are the public JSON shape (documented in `docs/report.md`); the builder
//! is in `period/build.rs`. Every figure a renderer shows is computed here.

mod build;
mod gather;
mod sections;
#[cfg(test)]
mod tests;

pub use build::{History, PeriodEvent, PeriodInput, Then, build};
pub use gather::{Gathered, Request, gather, load_worktree, quarter_start};

use super::detail::Point;
use super::{Skipped, StrategyRef};
use crate::forecast::Forecast;
use crate::source::Source;
use crate::state::State;
use chrono::NaiveDate;
use serde::Serialize;

/// Version of the JSON shape; raised when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 2;

/// What the forecast's verdicts mean, for the legend every format prints under it.
pub const VERDICT_LEGEND: &str = "Verdicts: behind = open milestones (or a commitment's own due date) are already overdue, whatever the pace; \
on pace / not on pace = at the pace of the last 12 months, the open milestones would be done by / after the latest of their due dates; \
no pace = no milestone was done in the 12 months; no plan = the open work is commitments without milestones; \
all done = nothing is open, unplanned or left out; incomplete / unknown = files were left out, so the verdict cannot be given.";

/// Days ahead that "due soon" looks.
pub const DUE_SOON_DAYS: i64 = 90;

/// The whole period report.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodReport {
    /// Version of this JSON shape.
    pub schema_version: u32,
    /// The strategy.
    pub strategy: StrategyRef,
    /// The period covered.
    pub period: Period,
    /// The filters applied (empty lists: everything).
    pub filter: FilterInfo,
    /// Whether the git history could be read, and how much of it.
    pub history: HistoryInfo,
    /// Section 1: overall progress then and now, and commitments by state.
    pub headline: Headline,
    /// Section 2: the same per pillar, in the strategy's order.
    pub pillars: Vec<PillarSection>,
    /// Section 3: milestones done in the period, by done date.
    pub achieved: Vec<Achieved>,
    /// Section 3b: the commitments' dated events (not deliverables) in the period, by
    /// date.
    pub events: Vec<TimelineEvent>,
    /// Section 4: due dates moved later in the period, oldest move first; null without
    /// history.
    pub slipped: Option<Vec<Slipped>>,
    /// Section 5: what is overdue on the last day of the period, most overdue first.
    pub overdue: Vec<Due>,
    /// Section 5: what falls due in the next `due_soon_days` days, soonest first.
    pub due_soon: Vec<Due>,
    /// How many days ahead `due_soon` looks.
    pub due_soon_days: i64,
    /// Section 6: open commitments whose file had no commit for more than `stale_days`
    /// days, stalest first; null without history.
    pub not_reported: Option<Vec<Stale>>,
    /// The threshold of `not_reported`, in days.
    pub stale_days: i64,
    /// Section 7: every indicator, by commitment.
    pub indicators: Vec<IndicatorLine>,
    /// Section 8: forecast per pillar and for the whole strategy.
    pub forecast: ForecastSection,
    /// Data of the progress-over-time charts.
    pub timeline: Timeline,
    /// Where the data came from, to trace the report to the exact files.
    pub source: SourceInfo,
    /// Whether every commitment file at the end of the period could be read; when not,
    /// every figure leaves out the files in `skipped`, and every format says so first.
    pub complete: bool,
    /// Files left out because they have errors.
    pub skipped: Vec<Skipped>,
    /// Relative link from the report's location to the folder holding the strategy
    /// folder, ending with `/` (`./` when the report is written there or to stdout).
    pub link_base: String,
    /// Who the report is for (`public` or `internal`).
    pub audience: crate::model::Visibility,
    /// Internal items and fields left out of a public report.
    pub internal_hidden: usize,
    /// The minimum confidence a done milestone needed to count, if one was set.
    pub min_confidence: Option<crate::model::Confidence>,
    /// Done milestones set aside as below that confidence.
    pub set_aside: usize,
    /// Where the reported and assessed layers disagree at the end of the period.
    pub disagreements: Vec<crate::report::status::Disagreement>,
    /// The scales the strategy declares, for the legend.
    pub scales: Vec<crate::model::Scale>,
    /// At the end of the period: done milestones on low-confidence sources, and those
    /// that state no confidence.
    pub done_low_confidence: usize,
    /// See `done_low_confidence`.
    pub done_unrated: usize,
    /// At the end of the period: milestones done in all.
    pub milestones_done: usize,
}

/// The period covered.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// Its first day.
    pub since: NaiveDate,
    /// Its last day: the day states are computed for.
    pub until: NaiveDate,
    /// What `--since` named, as given (or the default's description).
    pub since_spec: String,
    /// What `--until` named, as given, or `working tree`.
    pub until_spec: String,
    /// The last day of the period named, when it is after the report's day: the period
    /// is then covered to date, `until` being that day (states on a day that has not come
    /// would count what falls due before it as overdue already).
    pub named_end: Option<NaiveDate>,
}

impl Period {
    /// For a period covered to date: says so, for the report's words.
    pub fn to_date_note(&self) -> Option<String> {
        self.named_end.map(|end| {
            format!(
                "The period ends on {end}, after the report's day: it is covered to {}.",
                self.until
            )
        })
    }
}

/// The filters applied.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FilterInfo {
    /// Pillar ids.
    pub pillars: Vec<String>,
    /// Texts an owner must contain (one of them).
    pub owners: Vec<String>,
    /// States a commitment must be in (one of them), at the start or at the end.
    pub states: Vec<crate::state::State>,
    /// Tags a commitment must have (one of them).
    pub tags: Vec<String>,
}

impl FilterInfo {
    /// The filter itself.
    pub fn filter(&self) -> crate::report::filter::Filter {
        crate::report::filter::Filter {
            pillars: self.pillars.clone(),
            owners: self.owners.clone(),
            states: self.states.clone(),
            tags: self.tags.clone(),
        }
    }

    /// The filters in words, one part each ("pillar detection", "owner containing
    /// Europol", "state overdue or at-risk", "tag law"); empty with no filter.
    pub fn describe(&self) -> Vec<String> {
        let part = |one: &str, many: &str, values: Vec<&str>, sep: &str| {
            let word = if values.len() == 1 { one } else { many };
            format!("{word} {}", values.join(sep))
        };
        let mut parts = Vec::new();
        if !self.pillars.is_empty() {
            parts.push(part(
                "pillar",
                "pillars",
                self.pillars.iter().map(String::as_str).collect(),
                ", ",
            ));
        }
        if !self.owners.is_empty() {
            parts.push(format!("owner containing {}", self.owners.join(" or ")));
        }
        if !self.states.is_empty() {
            parts.push(format!(
                "state {}",
                self.states
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
        if !self.tags.is_empty() {
            parts.push(format!("tag {}", self.tags.join(" or ")));
        }
        parts
    }
}

/// Whether the history could be read.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryInfo {
    /// Whether the strategy is in a git repository whose history was read.
    pub available: bool,
    /// Why not, when it was not: shown in every section that needs it.
    pub note: Option<String>,
    /// Commits on the branch up to the period's end.
    pub commits: usize,
    /// Commits in the period.
    pub commits_in_period: usize,
    /// When the history could be read no further back (a shallow or partial clone, a
    /// missing or unreadable commit): the oldest commit that could be read.
    pub shallow_boundary: Option<String>,
    /// Why the history stops there, in a sentence; null when it is whole.
    pub cut: Option<String>,
}

/// Progress figures of a set of commitments on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The day.
    pub day: NaiveDate,
    /// Commitments (dropped ones included).
    pub commitments: usize,
    /// Milestones done, dropped commitments left out.
    pub milestones_done: usize,
    /// Milestones in all, dropped commitments left out.
    pub milestones_total: usize,
    /// The weight of those milestones (each counts 1 unless it has a `weight`).
    pub weight_total: f64,
    /// The weight of those done.
    pub weight_done: f64,
    /// Whether any milestone has a weight other than 1: progress is then by weight.
    pub weighted: bool,
    /// Done weight / total weight; null without milestones or when everything was left
    /// out.
    pub progress: Option<f64>,
    /// Commitment files left out because of errors (or, at the start of the period, that
    /// were invalid in the commit it was read from).
    pub left_out: usize,
    /// Whether these figures cover every file.
    pub coverage: crate::report::status::Coverage,
}

/// Commitments in one state then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateChange {
    /// The state.
    pub state: State,
    /// How many at the start of the period (0 when nothing was recorded then).
    pub then: usize,
    /// How many at its end.
    pub now: usize,
    /// `now - then`.
    pub change: i64,
}

/// How the state at the start of the period was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThenBasis {
    /// As recorded in the last commit before the period.
    Recorded,
    /// Nothing was recorded before the period (the first commit is later): reconstructed
    /// like `done-dates`.
    NothingRecorded,
    /// Without history: the files as they are now, with `done` dates from the period on
    /// taken out.
    DoneDates,
}

/// Section 1.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// How `then` was found.
    pub then_basis: ThenBasis,
    /// The commit `then` was read from, when recorded.
    pub then_commit: Option<String>,
    /// At the start of the period.
    pub then: Figures,
    /// At its end.
    pub now: Figures,
    /// Change of progress in whole percentage points (the difference of the rounded
    /// percents); null when either end has no milestones.
    pub progress_change: Option<f64>,
    /// Commitments by state, every state in report order.
    pub states: Vec<StateChange>,
    /// What was achieved, added to and removed from the plan in the period.
    pub scope: crate::report::scope::ScopeChange,
    /// What moved the percentage, in plain words.
    pub explanation: String,
}

/// Section 2: one pillar.
#[derive(Debug, Clone, Serialize)]
pub struct PillarSection {
    /// Pillar id.
    pub id: String,
    /// Title.
    pub title: String,
    /// At the start of the period.
    pub then: Figures,
    /// At its end.
    pub now: Figures,
    /// Change of progress in whole percentage points, as in the headline.
    pub progress_change: Option<f64>,
    /// Commitments by state, every state in report order.
    pub states: Vec<StateChange>,
    /// What was achieved, added to and removed from the pillar's plan in the period.
    pub scope: crate::report::scope::ScopeChange,
}

/// Who recorded a change, from the history.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    /// Full commit id; null for an uncommitted edit.
    pub commit: Option<String>,
    /// Commit date (committer's time zone); null for an uncommitted edit.
    pub date: Option<NaiveDate>,
    /// Author name.
    pub author: Option<String>,
    /// First line of the commit message.
    pub subject: Option<String>,
    /// The reason given in the commit's `Reason:` trailer; null when none was given.
    pub reason: Option<String>,
}

impl PeriodReport {
    /// Names each row's source, in a roll-up, from its path (`ie/strategy/…`) or, for a
    /// disagreement, its qualified id (`ie:helpline`).
    pub fn name_sources(&mut self) {
        let of = |path: &str| crate::rollup::source_of(path).map(str::to_owned);
        for r in &mut self.achieved {
            r.source = of(&r.path);
        }
        for r in &mut self.events {
            r.source = of(&r.path);
        }
        for r in self.slipped.iter_mut().flatten() {
            r.source = of(&r.path);
        }
        for r in self.overdue.iter_mut().chain(&mut self.due_soon) {
            r.source = of(&r.path);
        }
        for r in self.not_reported.iter_mut().flatten() {
            r.source = of(&r.path);
        }
        for r in &mut self.indicators {
            r.source = of(&r.path);
        }
        for d in &mut self.disagreements {
            d.source = crate::rollup::source_of_id(&d.id).map(str::to_owned);
        }
    }
}

/// Section 3: one milestone done.
#[derive(Debug, Clone, Serialize)]
pub struct Achieved {
    /// In a roll-up, the source the commitment is kept in; absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Commitment id.
    pub commitment: String,
    /// Commitment title.
    pub commitment_title: String,
    /// Pillar id.
    pub pillar: String,
    /// Path of the commitment's file.
    pub path: String,
    /// Milestone id.
    pub milestone: String,
    /// Milestone title.
    pub title: String,
    /// Due date.
    pub due: NaiveDate,
    /// Done date.
    pub done: NaiveDate,
    /// Days after the due date it was done (0 when on time).
    pub days_late: i64,
    /// How much it counts in progress (1 unless the milestone has a `weight`).
    pub weight: f64,
    /// The first due date the history recorded for it, and how often it moved later.
    pub baseline: Option<crate::report::baseline::Baseline>,
    /// Done before the period but first recorded done in it.
    pub reported_late: bool,
    /// Evidence URL, as written (renderers link it only when it is http or https).
    pub evidence: Option<String>,
    /// Every evidence URL, the first one first.
    pub sources: Vec<String>,
    /// How far the sources can be trusted (`high`, `medium`, `low`), when the file says.
    pub confidence: Option<crate::model::Confidence>,
    /// The commit whose `milestone-done` event set it; null without history.
    pub recorded: Option<Recorded>,
}

/// Section 4: one due date moved later.
#[derive(Debug, Clone, Serialize)]
pub struct Slipped {
    /// In a roll-up, the source the commitment is kept in; absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Commitment id.
    pub commitment: String,
    /// Commitment title (as it is at the end of the period, or null when it is gone).
    pub commitment_title: Option<String>,
    /// Path of the file.
    pub path: String,
    /// Milestone id; null for the commitment's own due date.
    pub milestone: Option<String>,
    /// Milestone title, as it is at the end of the period (null for the commitment's own
    /// due date, or when it is gone).
    pub milestone_title: Option<String>,
    /// Due date before.
    pub from: NaiveDate,
    /// Due date after.
    pub to: NaiveDate,
    /// Days it moved.
    pub days: i64,
    /// The commit that moved it; `recorded.reason` is the reason given.
    pub recorded: Recorded,
}

/// Section 3b: a dated event of a commitment in the period.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEvent {
    /// In a roll-up, the source the commitment is kept in; absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The day it happened.
    pub date: NaiveDate,
    /// Commitment id.
    pub commitment: String,
    /// Commitment title.
    pub commitment_title: String,
    /// Path of the file.
    pub path: String,
    /// What happened.
    pub title: String,
    /// Evidence URL, as written.
    pub evidence: Option<String>,
    /// Every evidence URL, the first one first.
    pub sources: Vec<String>,
    /// How far the sources can be trusted (`high`, `medium`, `low`), when the file says.
    pub confidence: Option<crate::model::Confidence>,
    /// Note.
    pub note: Option<String>,
}

/// Section 5: something overdue or due soon.
#[derive(Debug, Clone, Serialize)]
pub struct Due {
    /// In a roll-up, the source the commitment is kept in; absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Commitment id.
    pub commitment: String,
    /// Commitment title.
    pub commitment_title: String,
    /// Path of the file.
    pub path: String,
    /// Owner.
    pub owner: String,
    /// Milestone id; null for the commitment's own due date.
    pub milestone: Option<String>,
    /// Milestone title (or the commitment's for its own due date).
    pub title: String,
    /// Due date.
    pub due: NaiveDate,
    /// Days from the due date to the period's end (overdue) or back (due soon).
    pub days: i64,
    /// The first due date the history recorded for it, and how often it moved later;
    /// null without history.
    pub baseline: Option<crate::report::baseline::Baseline>,
}

/// Section 6: a commitment nobody reported on.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    /// In a roll-up, the source the commitment is kept in; absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Commitment id.
    pub commitment: String,
    /// Title.
    pub title: String,
    /// Owner.
    pub owner: String,
    /// Path of the file.
    pub path: String,
    /// The last commit that changed the file; null when it was never committed.
    pub last_update: Option<Recorded>,
    /// Days from the last update to the period's end; null when never committed.
    pub days: Option<i64>,
}

/// Section 7: one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    /// In a roll-up, the source the commitment is kept in; absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Commitment id.
    pub commitment: String,
    /// Commitment title.
    pub commitment_title: String,
    /// Path of the file.
    pub path: String,
    /// Indicator id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Unit.
    pub unit: Option<String>,
    /// Baseline.
    pub baseline: Point,
    /// Target; null when the strategy sets none.
    pub target: Option<Point>,
    /// The latest actual up to the period's end.
    pub latest: Option<Point>,
    /// Fraction of the way from baseline to target; null without a target or actual.
    pub progress: Option<f64>,
}

/// Section 8.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastSection {
    /// How the forecast is computed, in one sentence.
    pub method: String,
    /// The window the pace is measured over (after `start`, up to `end`).
    pub window: crate::forecast::Window,
    /// One row per pillar, then one for the whole strategy (`kind` = `strategy`).
    pub rows: Vec<ForecastRow>,
}

/// The forecast of one pillar or the whole strategy.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastRow {
    /// The pillar, or the whole strategy.
    #[serde(flatten)]
    pub scope: super::Scope,
    /// Title.
    pub title: String,
    /// The figures.
    #[serde(flatten)]
    pub forecast: Forecast,
}

/// Cumulative count on a day: a step of a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The day.
    pub date: NaiveDate,
    /// Count on and after that day.
    pub count: usize,
}

/// Milestones done and due over time, for one pillar.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// Pillar id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Milestones in all (dropped commitments left out).
    pub total: usize,
    /// Milestones done by each day, from the `done` dates.
    pub done: Vec<Step>,
    /// Milestones due by each day, from the due dates.
    pub due: Vec<Step>,
}

/// The data of the progress-over-time charts, on one time axis.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The first day of the axis.
    pub start: NaiveDate,
    /// The last day of the axis.
    pub end: NaiveDate,
    /// One series per pillar.
    pub pillars: Vec<Series>,
}

/// Where the report's data came from.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// The commit the end of the period was read from (HEAD for the working tree).
    pub commit: Option<String>,
    /// That commit's date.
    pub commit_date: Option<NaiveDate>,
    /// Whether the files were read from the working tree.
    pub worktree: bool,
    /// Whether the working tree's strategy folder had uncommitted changes.
    pub dirty: bool,
    /// One sentence saying all of this, for the footer.
    pub description: String,
}

impl SourceInfo {
    /// Describes where the files at the end of the period came from; `dir` is the
    /// strategy folder's displayed name.
    pub fn new(source: &Source, dir: &str) -> Self {
        let dir = if dir.is_empty() {
            ".".to_owned()
        } else {
            dir.to_owned()
        };
        let (commit, worktree, dirty, description) = match source {
            Source::Rollup { sources, day } => (
                None,
                false,
                false,
                format!(
                    "Computed from {}, each as recorded on or before {day}.",
                    crate::words::count(*sources, "source")
                ),
            ),
            Source::Empty { day } => (
                None,
                false,
                false,
                format!("Computed from nothing: {day} is before the first commit."),
            ),
            Source::Files => (
                None,
                true,
                false,
                format!(
                    "Computed from the files in {dir}/: not a git repository, so no commit can be named."
                ),
            ),
            Source::WorkTree { head: None, .. } => (
                None,
                true,
                false,
                format!("Computed from the files in {dir}/: the repository has no commits yet."),
            ),
            Source::WorkTree {
                head: Some(c),
                dirty: true,
            } => (
                Some(c),
                true,
                true,
                format!(
                    "Computed from the working tree at commit {} ({}), with uncommitted changes in {dir}/ that the figures include.",
                    c.id, c.date
                ),
            ),
            Source::WorkTree {
                head: Some(c),
                dirty: false,
            } => (
                Some(c),
                true,
                false,
                format!(
                    "Computed from commit {} ({}); the working tree has no uncommitted changes in {dir}/.",
                    c.id, c.date
                ),
            ),
            Source::Commit { commit: c, .. } => (
                Some(c),
                false,
                false,
                format!("Computed from commit {} ({}).", c.id, c.date),
            ),
        };
        SourceInfo {
            commit: commit.map(|c| c.id.clone()),
            commit_date: commit.map(|c| c.date),
            worktree,
            dirty,
            description,
        }
    }
}
