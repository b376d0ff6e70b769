//! The detail report of one commitment: every milestone, indicator, dependency and link.

use crate::load::Loaded;
use crate::model::{Commitment, Link};
use crate::report::baseline::Baselines;
use crate::state::{MilestoneState, State, assess, milestone_state};
use chrono::NaiveDate;
use serde::Serialize;

/// One milestone's line.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Due day.
    pub due: NaiveDate,
    /// Day done, if done.
    pub done: Option<NaiveDate>,
    /// Derived state.
    pub state: MilestoneState,
    /// Evidence URL.
    pub evidence: Option<String>,
    /// Every evidence URL, the first one first.
    pub sources: Vec<String>,
    /// How far the sources can be trusted (`high`, `medium`, `low`), when the file says.
    pub confidence: Option<crate::model::Confidence>,
    /// How much it counts in progress (1 unless it has a `weight`).
    pub weight: f64,
    /// Note.
    pub note: Option<String>,
    /// The first due date the history recorded for it; null without history.
    pub baseline_due: Option<NaiveDate>,
    /// How many times its due date moved later; null without history.
    pub replans: Option<usize>,
    /// The latest assessment of this milestone on or before the day, if any.
    pub assessed: Option<crate::assessed::Assessed>,
}

/// One event's line.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    /// The day it happened.
    pub date: NaiveDate,
    /// What happened.
    pub title: String,
    /// Evidence URL.
    pub evidence: Option<String>,
    /// Every evidence URL, the first one first.
    pub sources: Vec<String>,
    /// How far the sources can be trusted (`high`, `medium`, `low`), when the file says.
    pub confidence: Option<crate::model::Confidence>,
    /// Note.
    pub note: Option<String>,
}

/// A value on a day, as shown in a report.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// Day.
    pub date: NaiveDate,
    /// Value.
    pub value: f64,
}

/// One indicator's line.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Unit.
    pub unit: Option<String>,
    /// Baseline.
    pub baseline: Point,
    /// Target, if any.
    pub target: Option<Point>,
    /// The most recent actual.
    pub latest: Option<Point>,
    /// Fraction of the way from baseline to target; null without a target or actual.
    pub progress: Option<f64>,
    /// Every actual, by date.
    pub actuals: Vec<Point>,
}

/// One dependency's line.
#[derive(Debug, Clone, Serialize)]
pub struct DependencyRow {
    /// The commitment waited on.
    pub id: String,
    /// Its state today, if it exists and is valid.
    pub state: Option<State>,
}

/// The detail report.
#[derive(Debug, Clone, Serialize)]
pub struct DetailReport {
    /// The day the states are computed for.
    pub as_of: NaiveDate,
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Pillar id.
    pub pillar: String,
    /// Owner.
    pub owner: String,
    /// Displayed path of its file.
    pub path: String,
    /// Declared status.
    pub status: Option<&'static str>,
    /// Start day.
    pub start: Option<NaiveDate>,
    /// Due day.
    pub due: Option<NaiveDate>,
    /// The first due date the history recorded for the commitment; null without history
    /// or without a due date.
    pub baseline_due: Option<NaiveDate>,
    /// How many times its own due date moved later; null without history.
    pub replans: Option<usize>,
    /// Description.
    pub description: Option<String>,
    /// Derived state.
    pub state: State,
    /// Which rule decided the state.
    pub reason: String,
    /// Milestones done.
    pub milestones_done: usize,
    /// Milestones in all.
    pub milestones_total: usize,
    /// Done weight / total weight (done / total when no milestone has a weight).
    pub progress: Option<f64>,
    /// Whether any milestone has a weight other than 1.
    pub weighted: bool,
    /// Milestones, in file order.
    pub milestones: Vec<MilestoneRow>,
    /// Dated events (not deliverables), by date.
    pub events: Vec<EventRow>,
    /// Indicators, in file order.
    pub indicators: Vec<IndicatorRow>,
    /// Commitments it waits on.
    pub depends_on: Vec<DependencyRow>,
    /// Links.
    pub links: Vec<Link>,
    /// Tags.
    pub tags: Vec<String>,
    /// The latest assessment of the whole commitment on or before the day, if any.
    pub assessed: Option<crate::assessed::Assessed>,
    /// Every assessment of the commitment on or before the day, oldest first.
    pub assessments: Vec<crate::assessed::Assessed>,
    /// The scales the strategy declares, for the legend.
    pub scales: Vec<crate::model::Scale>,
    /// Who the output is for.
    pub audience: crate::model::Visibility,
    /// Internal items and fields left out of a public output, in the whole strategy.
    pub internal_hidden: usize,
}

fn point(m: &crate::model::Measure) -> Point {
    Point {
        date: m.date,
        value: m.value,
    }
}

/// Builds the detail report of one commitment; `baselines`, from the history when there
/// is one, give each due date its first recorded value.
pub fn build(
    path: &str,
    c: &Commitment,
    loaded: &Loaded,
    today: NaiveDate,
    baselines: Option<&Baselines>,
) -> DetailReport {
    let a = assess(c, today);
    let base = |m: Option<&str>, due: NaiveDate| baselines.map(|b| b.of(&c.id, m, due));
    let own = c.due.and_then(|d| base(None, d));
    let mut events: Vec<EventRow> = c
        .events
        .iter()
        .filter(|e| e.date <= today)
        .map(|e| EventRow {
            date: e.date,
            title: e.title.clone(),
            evidence: e.evidence.first().cloned(),
            sources: e.evidence.clone(),
            confidence: e.confidence,
            note: e.note.clone(),
        })
        .collect();
    events.sort_by_key(|e| e.date);
    let valid = loaded.valid_commitments();
    DetailReport {
        as_of: today,
        id: c.id.clone(),
        title: c.title.clone(),
        pillar: c.pillar.clone(),
        owner: c.owner.clone(),
        path: path.to_owned(),
        status: c.status.map(|s| s.as_str()),
        start: c.start,
        due: c.due,
        baseline_due: own.map(|b| b.baseline_due),
        replans: own.map(|b| b.replans).or(baselines.map(|_| 0)),
        description: c.description.clone(),
        state: a.state,
        progress: a.progress(),
        weighted: a.weighted,
        events,
        reason: a.reason,
        milestones_done: a.done,
        milestones_total: a.total,
        milestones: c
            .milestones
            .iter()
            .map(|m| {
                let b = base(Some(&m.id), m.due);
                MilestoneRow {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    due: m.due,
                    done: m.done_by(today),
                    state: milestone_state(m, today),
                    evidence: m.evidence.first().cloned(),
                    sources: m.evidence.clone(),
                    confidence: m.confidence,
                    weight: m.weight(),
                    note: m.note.clone(),
                    baseline_due: b.map(|b| b.baseline_due),
                    replans: b.map(|b| b.replans),
                    assessed: loaded
                        .strategy
                        .as_ref()
                        .and_then(|s| crate::assessed::assessed(s, &m.assessments, today, m.done_by(today))),
                }
            })
            .collect(),
        indicators: c
            .indicators
            .iter()
            .map(|i| {
                let mut actuals: Vec<Point> = i.actuals.iter().map(point).collect();
                actuals.sort_by_key(|p| p.date);
                IndicatorRow {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    unit: i.unit.clone(),
                    baseline: point(&i.baseline),
                    target: i.target.as_ref().map(point),
                    latest: i.latest().map(point),
                    progress: i.progress(),
                    actuals,
                }
            })
            .collect(),
        depends_on: c
            .depends_on
            .iter()
            .map(|d| DependencyRow {
                id: d.clone(),
                state: valid
                    .iter()
                    .find(|(_, other)| &other.id == d)
                    .map(|(_, other)| assess(other, today).state),
            })
            .collect(),
        links: c.links.clone(),
        tags: c.tags.clone(),
        assessed: loaded.strategy.as_ref().and_then(|s| {
            crate::assessed::assessed(
                s,
                &c.assessments,
                today,
                crate::assessed::changed_by_dates(c, today),
            )
        }),
        assessments: loaded.strategy.as_ref().map_or_else(Vec::new, |s| {
            let mut all: Vec<crate::assessed::Assessed> = c
                .assessments
                .iter()
                .filter_map(|a| crate::assessed::assessed(s, std::slice::from_ref(a), today, None))
                .collect();
            all.sort_by_key(|a| a.date);
            all
        }),
        scales: loaded
            .strategy
            .as_ref()
            .map_or_else(Vec::new, |s| s.scales.clone()),
        audience: crate::model::Visibility::Internal,
        internal_hidden: 0,
    }
}
