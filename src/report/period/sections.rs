//! The sections of the period report after the headline: what was achieved and what
//! slipped in the period, what is due, what nobody reported on, indicators, and the
//! data of the charts.

use super::build::{History, PeriodEvent};
use super::*;
use crate::compare::ChangeKind;
use crate::git::CommitInfo;
use crate::history::Event;
use crate::load::Loaded;
use crate::model::Commitment;
use crate::report::baseline::Baselines;
use crate::report::status::{CommitmentRow, StatusReport};
use std::collections::{HashMap, HashSet};

/// The commitments shown, with their rows, in report order.
pub(super) struct Shown<'a> {
    rows: Vec<(&'a CommitmentRow, &'a Commitment)>,
    /// The first row of each id.
    by_id: HashMap<&'a str, &'a Commitment>,
    /// The day the rows are for: a `done` date after it is not done yet.
    day: NaiveDate,
}

impl<'a> Shown<'a> {
    pub(super) fn new(report: &'a StatusReport, loaded: &'a Loaded) -> Self {
        let valid: HashMap<(&str, &str), &Commitment> = loaded
            .valid_commitments()
            .into_iter()
            .map(|(p, c)| ((p, c.id.as_str()), c))
            .collect();
        let rows = report
            .commitments
            .iter()
            .filter_map(|r| Some((r, *valid.get(&(r.path.as_str(), r.id.as_str()))?)))
            .collect::<Vec<_>>();
        let mut by_id = HashMap::new();
        for (_, c) in &rows {
            by_id.entry(c.id.as_str()).or_insert(*c);
        }
        Shown {
            rows,
            by_id,
            day: report.as_of,
        }
    }

    /// The shown commitment of this id (the first, as a search in order finds).
    fn commitment(&self, id: &str) -> Option<&'a Commitment> {
        self.by_id.get(id).copied()
    }

    pub(super) fn active(&self) -> impl Iterator<Item = &(&'a CommitmentRow, &'a Commitment)> {
        self.rows
            .iter()
            .filter(|(r, _)| !matches!(r.state, State::Done | State::Dropped))
    }

    pub(super) fn milestones(&self, pillar: Option<&str>) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        self.rows
            .iter()
            .filter(|(r, _)| r.state != State::Dropped && pillar.is_none_or(|p| r.pillar == p))
            .flat_map(|(_, c)| c.milestones.iter().map(|m| (m.due, m.done_by(self.day))))
            .collect()
    }

    /// What the forecast of a pillar (or, with `None`, of everything shown) is made of;
    /// `left_out` is how many files of it were left out.
    pub(super) fn work(&self, pillar: Option<&str>, left_out: usize) -> crate::forecast::Work {
        let open = |r: &&(&CommitmentRow, &Commitment)| {
            !matches!(r.0.state, State::Done | State::Dropped) && pillar.is_none_or(|p| r.0.pillar == p)
        };
        crate::forecast::Work {
            milestones: self.milestones(pillar),
            unplanned: self
                .rows
                .iter()
                .filter(open)
                .filter(|(_, c)| c.milestones.is_empty())
                .count(),
            late_commitments: self
                .rows
                .iter()
                .filter(open)
                .filter(|(_, c)| c.due.is_some_and(|d| d < self.day))
                .count(),
            left_out,
        }
    }
}

fn recorded(e: &Event) -> Recorded {
    let c = e.commit.as_deref();
    Recorded {
        commit: c.map(|c| c.id.clone()),
        date: c.map(|c| c.date),
        author: c.map(|c| c.author.clone()),
        subject: c.map(|c| c.subject.clone()),
        reason: c.and_then(|c| c.reason.clone()),
    }
}

fn touch(c: &CommitInfo) -> Recorded {
    Recorded {
        commit: Some(c.id.clone()),
        date: Some(c.date),
        author: Some(c.author.clone()),
        subject: Some(c.subject.clone()),
        reason: c.reason.clone(),
    }
}

/// Cumulative steps from a list of days: one step per distinct day.
pub(super) fn steps(mut days: Vec<NaiveDate>) -> Vec<Step> {
    days.sort();
    let mut out: Vec<Step> = Vec::new();
    for (i, d) in days.into_iter().enumerate() {
        match out.last_mut() {
            Some(s) if s.date == d => s.count = i + 1,
            _ => out.push(Step {
                date: d,
                count: i + 1,
            }),
        }
    }
    out
}

pub(super) fn achieved(
    shown: &Shown<'_>,
    events: &[PeriodEvent<'_>],
    since: NaiveDate,
    until: NaiveDate,
    baselines: Option<&Baselines>,
) -> Vec<Achieved> {
    let with_history = baselines.is_some();
    // One pass over the events: the last `milestone-done` of each milestone, and which
    // commits added a commitment or a milestone (linear, not milestones × events).
    let mut setters: HashMap<(&str, &str), &PeriodEvent<'_>> = HashMap::new();
    let mut added: HashSet<(Option<&str>, &str, Option<&str>)> = HashSet::new();
    for p in events {
        let e = p.event;
        let commit = e.commit.as_ref().map(|c| c.id.as_str());
        let (Some(commitment), milestone) = (e.change.commitment.as_deref(), e.change.milestone.as_deref())
        else {
            continue;
        };
        match e.change.kind {
            ChangeKind::MilestoneDone => {
                if let Some(m) = milestone {
                    setters.insert((commitment, m), p);
                }
            }
            ChangeKind::Added => {
                added.insert((commit, commitment, None));
            }
            ChangeKind::MilestoneAdded => {
                added.insert((commit, commitment, milestone));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (row, c) in &shown.rows {
        for m in &c.milestones {
            let Some(done) = m.done_by(until) else { continue };
            let setter = setters.get(&(c.id.as_str(), m.id.as_str())).copied();
            let in_period = done >= since && done <= until;
            // A late report sets the done date of a milestone that was already there; a
            // commitment or milestone added already done is a first entry, not a report.
            let first_entry = setter.is_some_and(|PeriodEvent { event: s, .. }| {
                let commit = s.commit.as_ref().map(|c| c.id.as_str());
                added.contains(&(commit, c.id.as_str(), None))
                    || added.contains(&(commit, c.id.as_str(), Some(m.id.as_str())))
            });
            let reported_late = done < since && !first_entry && setter.is_some_and(|p| p.in_period);
            if !in_period && !reported_late {
                continue;
            }
            out.push(Achieved {
                source: None,
                commitment: c.id.clone(),
                commitment_title: c.title.clone(),
                pillar: c.pillar.clone(),
                path: row.path.clone(),
                milestone: m.id.clone(),
                title: m.title.clone(),
                due: m.due,
                done,
                days_late: (done - m.due).num_days().max(0),
                weight: m.weight(),
                baseline: baselines.map(|b| b.of(&c.id, Some(&m.id), m.due)),
                reported_late,
                evidence: m.evidence.first().cloned(),
                sources: m.evidence.clone(),
                confidence: m.confidence,
                recorded: setter.filter(|_| with_history).map(|p| recorded(p.event)),
            });
        }
    }
    out.sort_by(|a, b| (a.done, &a.commitment, &a.milestone).cmp(&(b.done, &b.commitment, &b.milestone)));
    out
}

pub(super) fn slipped(shown: &Shown<'_>, events: &[PeriodEvent<'_>]) -> Vec<Slipped> {
    events
        .iter()
        .filter(|p| p.in_period && p.event.change.kind == ChangeKind::DueChanged)
        .filter_map(|p| {
            let e = p.event;
            let (from, to) = (
                e.change.from.as_ref()?.as_date()?,
                e.change.to.as_ref()?.as_date()?,
            );
            let days = (to - from).num_days();
            let commitment = e.change.commitment.clone()?;
            let now = shown.commitment(&commitment);
            (days > 0).then(|| Slipped {
                source: None,
                commitment_title: now.map(|c| c.title.clone()),
                milestone_title: e
                    .change
                    .milestone
                    .as_deref()
                    .and_then(|m| now?.milestone(m))
                    .map(|m| m.title.clone()),
                commitment,
                path: e.change.path.clone(),
                milestone: e.change.milestone.clone(),
                from,
                to,
                days,
                recorded: recorded(e),
            })
        })
        .collect()
}

pub(super) fn due(
    shown: &Shown<'_>,
    until: NaiveDate,
    baselines: Option<&Baselines>,
) -> (Vec<Due>, Vec<Due>) {
    let horizon = until + chrono::Days::new(DUE_SOON_DAYS as u64);
    let (mut overdue, mut soon) = (Vec::new(), Vec::new());
    for (row, c) in shown.active() {
        let own = c.due.map(|d| (None, c.title.clone(), d));
        let open = c
            .milestones
            .iter()
            .filter(|m| m.done_by(until).is_none())
            .map(|m| (Some(m.id.clone()), m.title.clone(), m.due));
        for (milestone, title, due) in open.chain(own) {
            let line = |days| Due {
                source: None,
                commitment: c.id.clone(),
                commitment_title: c.title.clone(),
                path: row.path.clone(),
                owner: c.owner.clone(),
                milestone: milestone.clone(),
                title: title.clone(),
                due,
                days,
                baseline: baselines.map(|b| b.of(&c.id, milestone.as_deref(), due)),
            };
            if due < until {
                overdue.push(line((until - due).num_days()));
            } else if due <= horizon {
                soon.push(line((due - until).num_days()));
            }
        }
    }
    let order =
        |a: &Due, b: &Due| (a.due, &a.commitment, &a.milestone).cmp(&(b.due, &b.commitment, &b.milestone));
    overdue.sort_by(order);
    soon.sort_by(order);
    (overdue, soon)
}

/// The commitments' dated events in the period, by date.
pub(super) fn events_in(shown: &Shown<'_>, since: NaiveDate, until: NaiveDate) -> Vec<TimelineEvent> {
    let mut out: Vec<TimelineEvent> = shown
        .rows
        .iter()
        .flat_map(|(row, c)| {
            c.events
                .iter()
                .filter(|e| e.date >= since && e.date <= until)
                .map(|e| TimelineEvent {
                    source: None,
                    date: e.date,
                    commitment: c.id.clone(),
                    commitment_title: c.title.clone(),
                    path: row.path.clone(),
                    title: e.title.clone(),
                    evidence: e.evidence.first().cloned(),
                    sources: e.evidence.clone(),
                    confidence: e.confidence,
                    note: e.note.clone(),
                })
        })
        .collect();
    out.sort_by(|a, b| (a.date, &a.commitment).cmp(&(b.date, &b.commitment)));
    out
}

pub(super) fn stale(shown: &Shown<'_>, h: &History<'_>, until: NaiveDate, stale_days: i64) -> Vec<Stale> {
    // The last touch of each file, in one pass.
    let mut last_touch: HashMap<&str, &CommitInfo> = HashMap::new();
    for t in &h.touches {
        last_touch.insert(t.path.as_str(), &*t.commit);
    }
    let mut out: Vec<Stale> = shown
        .active()
        .filter_map(|(row, c)| {
            let last = last_touch.get(row.path.as_str()).copied();
            let days = last.map(|l| (until - l.date).num_days());
            if days.is_some_and(|d| d <= stale_days) {
                return None;
            }
            Some(Stale {
                source: None,
                commitment: c.id.clone(),
                title: c.title.clone(),
                owner: c.owner.clone(),
                path: row.path.clone(),
                last_update: last.map(touch),
                days,
            })
        })
        .collect();
    // Stalest first; files never committed last.
    out.sort_by(|a, b| {
        (b.days.is_some(), b.days, &a.commitment).cmp(&(a.days.is_some(), a.days, &b.commitment))
    });
    out
}

pub(super) fn indicators(shown: &Shown<'_>, until: NaiveDate) -> Vec<IndicatorLine> {
    let point = |m: &crate::model::Measure| Point {
        date: m.date,
        value: m.value,
    };
    let mut out = Vec::new();
    for (row, c) in &shown.rows {
        for i in &c.indicators {
            let latest = i
                .actuals
                .iter()
                .filter(|a| a.date <= until)
                .max_by_key(|a| a.date);
            let progress = match (&i.target, latest) {
                (Some(t), Some(l)) if t.value != i.baseline.value => {
                    Some((l.value - i.baseline.value) / (t.value - i.baseline.value))
                }
                _ => None,
            };
            out.push(IndicatorLine {
                source: None,
                commitment: c.id.clone(),
                commitment_title: c.title.clone(),
                path: row.path.clone(),
                id: i.id.clone(),
                title: i.title.clone(),
                unit: i.unit.clone(),
                baseline: point(&i.baseline),
                target: i.target.as_ref().map(point),
                latest: latest.map(point),
                progress,
            });
        }
    }
    out
}

pub(super) fn timeline(
    shown: &Shown<'_>,
    now: &StatusReport,
    since: NaiveDate,
    until: NaiveDate,
) -> Timeline {
    let pillars: Vec<Series> = now
        .pillars
        .iter()
        .map(|p| {
            let ms = shown.milestones(Some(&p.id));
            Series {
                id: p.id.clone(),
                title: p.title.clone(),
                total: ms.len(),
                done: steps(ms.iter().filter_map(|(_, d)| *d).collect()),
                due: steps(ms.iter().map(|(d, _)| *d).collect()),
            }
        })
        .collect();
    let days = pillars
        .iter()
        .flat_map(|s| s.done.iter().chain(&s.due).map(|s| s.date))
        .chain([since, until]);
    Timeline {
        start: days.clone().min().unwrap_or(since),
        end: days.max().unwrap_or(until),
        pillars,
    }
}
