//! The status report: progress per pillar and per commitment on a day.

use super::{Skipped, StrategyRef};
use crate::assessed::Assessed;
use crate::load::Loaded;
use crate::model::{Commitment, Confidence, Strategy};
use crate::source::Source;
use crate::state::{State, assess};
use chrono::NaiveDate;
use serde::Serialize;

pub use super::filter::Filter;

/// How much of a set of commitments the figures cover.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// Every file could be read.
    #[default]
    Complete,
    /// Some files were left out because of errors: the figures are of the rest.
    Partial,
    /// Every file was left out: nothing is known.
    Unknown,
}

/// Milestone counts and progress over a set of commitments.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Totals {
    /// Commitments counted (dropped ones included).
    pub commitments: usize,
    /// Milestones in all, dropped commitments left out.
    pub milestones_total: usize,
    /// Milestones done, dropped commitments left out.
    pub milestones_done: usize,
    /// The weight of all those milestones (each counts 1 unless it has a `weight`).
    pub weight_total: f64,
    /// The weight of those done.
    pub weight_done: f64,
    /// Whether any of them has a weight other than 1: progress is then by weight.
    pub weighted: bool,
    /// Commitments that are overdue.
    pub overdue: usize,
    /// `weight_done / weight_total`; null when there are no milestones, or when every
    /// file was left out.
    pub progress: Option<f64>,
    /// Commitments in each state, worst first.
    pub by_state: Vec<StateCount>,
    /// Commitment files left out because of errors.
    pub left_out: usize,
    /// Whether the figures cover every file.
    pub coverage: Coverage,
    /// Done milestones whose sources are of low confidence.
    pub done_low_confidence: usize,
    /// Done milestones that say nothing of their sources' confidence.
    pub done_unrated: usize,
}

/// How many commitments are in one state.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StateCount {
    /// The state.
    pub state: State,
    /// How many.
    pub count: usize,
}

impl Totals {
    fn add(&mut self, row: &CommitmentRow) {
        self.commitments += 1;
        if row.state == State::Overdue {
            self.overdue += 1;
        }
        if row.state != State::Dropped {
            self.milestones_total += row.milestones_total;
            self.milestones_done += row.milestones_done;
            self.weight_total += row.weight_total;
            self.weight_done += row.weight_done;
            self.weighted |= row.weighted;
            self.done_low_confidence += row.done_low_confidence;
            self.done_unrated += row.done_unrated;
        }
        match self.by_state.iter_mut().find(|s| s.state == row.state) {
            Some(s) => s.count += 1,
            None => self.by_state.push(StateCount {
                state: row.state,
                count: 1,
            }),
        }
    }

    fn finish(&mut self) {
        self.coverage = match (self.left_out, self.commitments) {
            (0, _) => Coverage::Complete,
            (_, 0) => Coverage::Unknown,
            _ => Coverage::Partial,
        };
        self.progress = (self.milestones_total > 0 && self.weight_total > 0.0)
            .then(|| self.weight_done / self.weight_total);
        self.by_state.sort_by_key(|s| s.state);
    }

    /// How many commitments are in `state`.
    pub fn count(&self, state: State) -> usize {
        self.by_state
            .iter()
            .find(|s| s.state == state)
            .map_or(0, |s| s.count)
    }
}

/// One pillar's line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct PillarRow {
    /// Pillar id.
    pub id: String,
    /// Pillar title.
    pub title: String,
    /// Its figures.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The milestone due next.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NextDue {
    /// Milestone id.
    pub milestone: String,
    /// Its due day.
    pub due: NaiveDate,
}

/// One commitment's line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentRow {
    /// In a roll-up, the source it comes from (the name its id and path start with);
    /// absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
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
    /// Derived state.
    pub state: State,
    /// Which rule decided the state.
    pub reason: String,
    /// Milestones in all.
    pub milestones_total: usize,
    /// Milestones done.
    pub milestones_done: usize,
    /// The weight of its milestones (each counts 1 unless it has a `weight`).
    pub weight_total: f64,
    /// The weight of those done.
    pub weight_done: f64,
    /// Whether any milestone has a weight other than 1.
    pub weighted: bool,
    /// Done weight / total weight; null without milestones.
    pub progress: Option<f64>,
    /// The open milestone due first.
    pub next_due: Option<NextDue>,
    /// Ids of overdue milestones.
    pub overdue_milestones: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Done milestones whose sources are of low confidence.
    pub done_low_confidence: usize,
    /// Done milestones that say nothing of their sources' confidence.
    pub done_unrated: usize,
    /// The latest assessment on or before the day, if any: the second layer.
    pub assessed: Option<Assessed>,
    /// The derived state on the scale asked for (`status --scale`); null otherwise.
    pub on_scale: Option<OnScale>,
}

/// A derived state as a word of a declared scale.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OnScale {
    /// The scale.
    pub scale: String,
    /// The word.
    pub word: String,
    /// The word's title.
    pub title: String,
    /// The word's colour.
    pub colour: String,
}

/// A commitment whose reported and assessed layers disagree: what a board sees first.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Disagreement {
    /// In a roll-up, the source the commitment is kept in; absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The commitment's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The milestone assessed, when the assessment is of one milestone.
    pub milestone: Option<String>,
    /// What the files report: the derived state (or `done`/`open` for a milestone).
    pub reported: String,
    /// What was assessed.
    pub assessed: Assessed,
}

impl CommitmentRow {
    /// Builds the row of one commitment on `today`.
    pub fn new(path: &str, c: &Commitment, today: NaiveDate) -> Self {
        let a = assess(c, today);
        CommitmentRow {
            source: None,
            id: c.id.clone(),
            title: c.title.clone(),
            pillar: c.pillar.clone(),
            owner: c.owner.clone(),
            path: path.to_owned(),
            state: a.state,
            progress: a.progress(),
            reason: a.reason,
            milestones_total: a.total,
            milestones_done: a.done,
            weight_total: a.total_weight,
            weight_done: a.done_weight,
            weighted: a.weighted,
            next_due: a.next_due.map(|(milestone, due)| NextDue { milestone, due }),
            overdue_milestones: a.overdue,
            tags: c.tags.clone(),
            done_low_confidence: c
                .milestones
                .iter()
                .filter(|m| m.done_by(today).is_some() && m.confidence == Some(Confidence::Low))
                .count(),
            done_unrated: c
                .milestones
                .iter()
                .filter(|m| m.done_by(today).is_some() && m.confidence.is_none())
                .count(),
            assessed: None,
            on_scale: None,
        }
    }

    /// Adds the second layer: the latest assessment of the commitment, stale when the
    /// commitment changed after it (`changed`, from the history when there is one).
    pub fn with_assessment(
        mut self,
        strategy: &Strategy,
        c: &Commitment,
        today: NaiveDate,
        changed: Option<NaiveDate>,
    ) -> Self {
        let changed = changed.or_else(|| crate::assessed::changed_by_dates(c, today));
        self.assessed = crate::assessed::assessed(strategy, &c.assessments, today, changed);
        self
    }
}

/// The whole status report.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// The day the states are computed for.
    pub as_of: NaiveDate,
    /// Where the data came from; in JSON its label: `working tree`, or the day and the
    /// commit that stands for it.
    #[serde(serialize_with = "super::source_label")]
    pub source: Source,
    /// The strategy.
    pub strategy: StrategyRef,
    /// Figures over every commitment shown.
    pub totals: Totals,
    /// Figures per pillar, in the strategy's order.
    pub pillars: Vec<PillarRow>,
    /// Every commitment shown, by pillar then id.
    pub commitments: Vec<CommitmentRow>,
    /// Whether every commitment file could be read (when not, `skipped` names the rest
    /// and every figure leaves them out).
    pub complete: bool,
    /// Files left out because they have errors.
    pub skipped: Vec<Skipped>,
    /// Commitment files in the strategy, read or not.
    pub files: usize,
    /// Commitments and milestones whose reported state and latest assessment disagree.
    pub disagreements: Vec<Disagreement>,
    /// The scales the strategy declares, for the legend.
    pub scales: Vec<crate::model::Scale>,
    /// The scale the states are shown on (`--scale`), if any.
    pub scale: Option<String>,
    /// Who the output is for (`public` or `internal`).
    pub audience: crate::model::Visibility,
    /// Internal items and fields left out of a public output.
    pub internal_hidden: usize,
    /// The minimum confidence a done milestone needed to count, if one was set.
    pub min_confidence: Option<Confidence>,
    /// Done milestones set aside as below that confidence.
    pub set_aside: usize,
}

impl StatusReport {
    /// Records what a lens left out.
    pub fn with_lens(mut self, applied: &crate::lens::Applied) -> Self {
        self.audience = applied.audience;
        self.internal_hidden = applied.internal_hidden;
        self.min_confidence = applied.min_confidence;
        self.set_aside = applied.set_aside;
        self
    }

    /// Shows every commitment's derived state on the scale `id` (which must exist).
    pub fn on_scale(mut self, strategy: &Strategy, id: &str) -> Self {
        if let Some(scale) = strategy.scale(id) {
            for r in &mut self.commitments {
                r.on_scale = crate::assessed::on_scale(scale, r.state, r.progress).map(|w| OnScale {
                    scale: scale.id.clone(),
                    word: w.id.clone(),
                    title: w.title.clone(),
                    colour: w.colour.clone(),
                });
            }
            self.scale = Some(scale.id.clone());
        }
        self
    }
}

/// The disagreements between what the files report and the latest assessments, for the
/// commitments shown: of the commitment (against its derived state) and of each
/// milestone (against done or open).
fn disagreements(
    strategy: &Strategy,
    loaded: &Loaded,
    rows: &[CommitmentRow],
    today: NaiveDate,
) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let valid: std::collections::HashMap<&str, &Commitment> = loaded
        .valid_commitments()
        .into_iter()
        .map(|(_, c)| (c.id.as_str(), c))
        .collect();
    for r in rows {
        if let Some(a) = &r.assessed
            && crate::assessed::disagree(r.state, a)
        {
            out.push(Disagreement {
                source: None,
                id: r.id.clone(),
                title: r.title.clone(),
                milestone: None,
                reported: r.state.as_str().to_owned(),
                assessed: a.clone(),
            });
        }
        let Some(c) = valid.get(r.id.as_str()) else {
            continue;
        };
        for m in &c.milestones {
            let changed = m.done_by(today);
            let Some(a) = crate::assessed::assessed(strategy, &m.assessments, today, changed) else {
                continue;
            };
            let done = m.done_by(today).is_some();
            if done != a.says_done {
                out.push(Disagreement {
                    source: None,
                    id: r.id.clone(),
                    title: r.title.clone(),
                    milestone: Some(m.id.clone()),
                    reported: if done { "done" } else { "open" }.to_owned(),
                    assessed: a,
                });
            }
        }
    }
    out
}

/// Builds the status report of a validated strategy.
pub fn build(strategy: &Strategy, loaded: &Loaded, today: NaiveDate, filter: &Filter) -> StatusReport {
    let order = |pillar: &str| {
        strategy
            .pillars
            .iter()
            .position(|p| p.id == pillar)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<CommitmentRow> = loaded
        .valid_commitments()
        .into_iter()
        .filter_map(|(path, c)| {
            let row = CommitmentRow::new(path, c, today).with_assessment(strategy, c, today, None);
            filter.matches(c, row.state).then_some(row)
        })
        .collect();
    rows.sort_by(|a, b| (order(&a.pillar), &a.id).cmp(&(order(&b.pillar), &b.id)));
    let skipped = super::skipped(loaded);
    let shown = |p: &Option<String>| {
        filter.pillars.is_empty() || p.as_ref().is_some_and(|p| filter.pillars.contains(p))
    };
    let mut totals = Totals {
        left_out: skipped.iter().filter(|s| shown(&s.pillar)).count(),
        ..Totals::default()
    };
    let mut pillars = Vec::new();
    for p in &strategy.pillars {
        if !filter.pillars.is_empty() && !filter.pillars.contains(&p.id) {
            continue;
        }
        let mut t = Totals {
            left_out: skipped
                .iter()
                .filter(|s| s.pillar.as_deref() == Some(p.id.as_str()))
                .count(),
            ..Totals::default()
        };
        for row in rows.iter().filter(|r| r.pillar == p.id) {
            t.add(row);
            totals.add(row);
        }
        t.finish();
        pillars.push(PillarRow {
            id: p.id.clone(),
            title: p.title.clone(),
            totals: t,
        });
    }
    totals.finish();
    let left_out = totals.left_out;
    let disagreements = disagreements(strategy, loaded, &rows, today);
    StatusReport {
        disagreements,
        scales: strategy.scales.clone(),
        scale: None,
        audience: crate::model::Visibility::Internal,
        internal_hidden: 0,
        min_confidence: None,
        set_aside: 0,
        as_of: today,
        source: loaded.source.clone(),
        strategy: StrategyRef {
            id: strategy.id.clone(),
            title: strategy.title.clone(),
        },
        totals,
        pillars,
        commitments: rows,
        complete: left_out == 0,
        skipped,
        files: loaded.files.len(),
    }
}
