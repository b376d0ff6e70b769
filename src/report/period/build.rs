//! Builds the period report from the strategy at both ends of the period and the events
//! of the history walk. No git here: the caller resolves the period and walks the history.

use super::*;
use crate::compare::ChangeKind;
use crate::forecast::{Window, forecast};
use crate::git::CommitInfo;
use crate::history::{Event, Touch};
use crate::load::Loaded;
use crate::model::{Commitment, Status, Strategy};
use crate::report::status::{self, CommitmentRow, Filter, StatusReport, Totals};
use std::collections::HashSet;

/// The strategy at the start of the period.
#[derive(Debug, Clone, Copy)]
pub enum Then<'a> {
    /// As recorded in a commit (validated for the period's first day).
    Recorded {
        /// The strategy as loaded from that commit.
        loaded: &'a Loaded,
        /// The commit's id.
        commit: &'a str,
    },
    /// The branch has no commit before the period: reconstruct from the `done` dates.
    NothingRecorded,
    /// No history: reconstruct from the `done` dates of the files at the end.
    DoneDates,
}

/// An event of the history, and whether it happened in the period.
#[derive(Debug, Clone, Copy)]
pub struct PeriodEvent<'a> {
    /// The event.
    pub event: &'a Event,
    /// Whether its commit is in the period (or it is an uncommitted edit at its end).
    pub in_period: bool,
}

/// What the history walk gives the report, cut at the period's end.
#[derive(Debug, Clone, Default)]
pub struct History<'a> {
    /// Every event up to the period's end, oldest first.
    pub events: Vec<PeriodEvent<'a>>,
    /// Every committed change of a file up to the period's end, oldest first.
    pub touches: Vec<&'a Touch>,
    /// Commits on the branch up to the period's end.
    pub commits: usize,
    /// Commits in the period.
    pub commits_in_period: usize,
    /// In a shallow clone, the oldest commit that could be read.
    pub shallow_boundary: Option<String>,
}

/// Everything the report is built from.
#[derive(Debug, Clone)]
pub struct PeriodInput<'a> {
    /// The strategy at the end of the period (its pillars order every section).
    pub strategy: &'a Strategy,
    /// The files at the end of the period, validated for its last day.
    pub now: &'a Loaded,
    /// The files at its start.
    pub then: Then<'a>,
    /// The period.
    pub period: Period,
    /// The history, or why it is not available.
    pub history: std::result::Result<History<'a>, String>,
    /// Filters.
    pub filter: FilterInfo,
    /// Threshold of "not reported on", in days.
    pub stale_days: i64,
    /// Where the data came from.
    pub source: SourceInfo,
    /// Relative link from the report to the folder holding the strategy folder.
    pub link_base: String,
}

fn figures(t: Option<&Totals>, day: NaiveDate) -> Figures {
    Figures {
        day,
        commitments: t.map_or(0, |t| t.commitments),
        milestones_done: t.map_or(0, |t| t.milestones_done),
        milestones_total: t.map_or(0, |t| t.milestones_total),
        progress: t.and_then(|t| t.progress),
    }
}

fn states(then: Option<&Totals>, now: &Totals) -> Vec<StateChange> {
    State::ALL
        .into_iter()
        .map(|state| {
            let (a, b) = (then.map_or(0, |t| t.count(state)), now.count(state));
            StateChange {
                state,
                then: a,
                now: b,
                change: b as i64 - a as i64,
            }
        })
        .collect()
}

/// The change of progress in whole percentage points, as the difference of the whole
/// percents shown (so `36% → 54%` reads `+18`, not the unrounded `+17.5`).
fn change(a: &Figures, b: &Figures) -> Option<f64> {
    Some((b.progress? * 100.0).round() - (a.progress? * 100.0).round())
}

/// The files at the end with every `done` date on or after `since` taken out.
fn before(now: &Loaded, since: NaiveDate) -> Loaded {
    let mut then = now.clone();
    for c in then.files.iter_mut().filter_map(|f| f.commitment.as_mut()) {
        let mut reopened = false;
        for m in &mut c.milestones {
            if m.done.is_some_and(|d| d >= since) {
                m.done = None;
                reopened = true;
            }
        }
        if reopened && c.status == Some(Status::Done) {
            c.status = Some(Status::InProgress);
        }
    }
    then
}

fn recorded(e: &Event) -> Recorded {
    let c = e.commit.as_deref();
    Recorded {
        commit: c.map(|c| c.id.clone()),
        date: c.map(|c| c.date),
        author: c.map(|c| c.author.clone()),
        subject: c.map(|c| c.subject.clone()),
    }
}

fn touch(c: &CommitInfo) -> Recorded {
    Recorded {
        commit: Some(c.id.clone()),
        date: Some(c.date),
        author: Some(c.author.clone()),
        subject: Some(c.subject.clone()),
    }
}

/// Cumulative steps from a list of days: one step per distinct day.
fn steps(mut days: Vec<NaiveDate>) -> Vec<Step> {
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

/// The commitments shown, with their rows, in report order.
struct Shown<'a> {
    rows: Vec<(&'a CommitmentRow, &'a Commitment)>,
}

impl<'a> Shown<'a> {
    fn new(report: &'a StatusReport, loaded: &'a Loaded) -> Self {
        let valid = loaded.valid_commitments();
        let rows = report
            .commitments
            .iter()
            .filter_map(|r| {
                let (_, c) = valid.iter().find(|(p, c)| c.id == r.id && *p == r.path)?;
                Some((r, *c))
            })
            .collect();
        Shown { rows }
    }

    fn active(&self) -> impl Iterator<Item = &(&'a CommitmentRow, &'a Commitment)> {
        self.rows
            .iter()
            .filter(|(r, _)| !matches!(r.state, State::Done | State::Dropped))
    }

    fn milestones(&self, pillar: Option<&str>) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        self.rows
            .iter()
            .filter(|(r, _)| r.state != State::Dropped && pillar.is_none_or(|p| r.pillar == p))
            .flat_map(|(_, c)| c.milestones.iter().map(|m| (m.due, m.done)))
            .collect()
    }
}

/// Builds the period report.
pub fn build(input: &PeriodInput<'_>) -> PeriodReport {
    let (since, until) = (input.period.since, input.period.until);
    let filter = Filter {
        pillars: input.filter.pillars.clone(),
        owners: input.filter.owners.clone(),
        ..Filter::default()
    };
    let now = status::build(input.strategy, input.now, until, &filter);
    let reconstructed;
    let (then_loaded, basis, then_commit) = match input.then {
        Then::Recorded { loaded, commit } => (Some(loaded), ThenBasis::Recorded, Some(commit.to_owned())),
        Then::NothingRecorded | Then::DoneDates => {
            reconstructed = before(input.now, since);
            let basis = match input.then {
                Then::NothingRecorded => ThenBasis::NothingRecorded,
                _ => ThenBasis::DoneDates,
            };
            (Some(&reconstructed), basis, None)
        }
    };
    let then = then_loaded.map(|l| status::build(input.strategy, l, since, &filter));
    let shown = Shown::new(&now, input.now);

    let headline = {
        let (a, b) = (
            figures(then.as_ref().map(|t| &t.totals), since),
            figures(Some(&now.totals), until),
        );
        Headline {
            then_basis: basis,
            then_commit,
            progress_change: change(&a, &b),
            states: states(then.as_ref().map(|t| &t.totals), &now.totals),
            then: a,
            now: b,
        }
    };
    let pillars = now
        .pillars
        .iter()
        .map(|p| {
            let t = then
                .as_ref()
                .and_then(|t| t.pillars.iter().find(|q| q.id == p.id))
                .map(|q| &q.totals);
            let (a, b) = (figures(t, since), figures(Some(&p.totals), until));
            PillarSection {
                id: p.id.clone(),
                title: p.title.clone(),
                progress_change: change(&a, &b),
                states: states(t, &p.totals),
                then: a,
                now: b,
            }
        })
        .collect();

    // Events are kept for the commitments shown now or at the start; with no filter, for
    // every commitment (including ones removed since).
    let unfiltered = input.filter.pillars.is_empty() && input.filter.owners.is_empty();
    let ids: HashSet<&str> = now
        .commitments
        .iter()
        .chain(then.iter().flat_map(|t| t.commitments.iter()))
        .map(|r| r.id.as_str())
        .collect();
    let history = input.history.as_ref().ok();
    let events: Vec<PeriodEvent<'_>> = history
        .map(|h| {
            h.events
                .iter()
                .copied()
                .filter(|p| {
                    unfiltered
                        || p.event
                            .change
                            .commitment
                            .as_deref()
                            .is_some_and(|c| ids.contains(c))
                })
                .collect()
        })
        .unwrap_or_default();

    let achieved = achieved(&shown, &events, since, until, history.is_some());
    let slipped = history.map(|_| slipped(&shown, &events));
    let (overdue, due_soon) = due(&shown, until);
    let not_reported = history.map(|h| stale(&shown, h, until, input.stale_days));
    let window = Window::ending(until);
    let mut rows: Vec<ForecastRow> = now
        .pillars
        .iter()
        .map(|p| ForecastRow {
            scope: crate::report::Scope::Pillar(p.id.clone()),
            title: p.title.clone(),
            forecast: forecast(shown.milestones(Some(&p.id)), window),
        })
        .collect();
    rows.push(ForecastRow {
        scope: crate::report::Scope::Whole,
        title: input.strategy.title.clone(),
        forecast: forecast(shown.milestones(None), window),
    });

    PeriodReport {
        schema_version: SCHEMA_VERSION,
        strategy: now.strategy.clone(),
        period: input.period.clone(),
        filter: input.filter.clone(),
        history: match &input.history {
            Ok(h) => HistoryInfo {
                available: true,
                note: None,
                commits: h.commits,
                commits_in_period: h.commits_in_period,
                shallow_boundary: h.shallow_boundary.clone(),
            },
            Err(note) => HistoryInfo {
                available: false,
                note: Some(note.clone()),
                commits: 0,
                commits_in_period: 0,
                shallow_boundary: None,
            },
        },
        headline,
        pillars,
        achieved,
        slipped,
        overdue,
        due_soon,
        due_soon_days: DUE_SOON_DAYS,
        not_reported,
        stale_days: input.stale_days,
        indicators: indicators(&shown, until),
        forecast: ForecastSection {
            method: format!(
                "Pace = milestones done (by their done dates) in the {} months after {} up to {}, \
                 per month; forecast = the day all open milestones would be done at that pace, \
                 counted from {}, next to the latest due date of the open milestones.",
                crate::forecast::WINDOW_MONTHS,
                window.start,
                window.end,
                window.end
            ),
            window,
            rows,
        },
        timeline: timeline(&shown, &now, since, until),
        source: input.source.clone(),
        skipped: now.skipped,
        link_base: input.link_base.clone(),
    }
}

fn achieved(
    shown: &Shown<'_>,
    events: &[PeriodEvent<'_>],
    since: NaiveDate,
    until: NaiveDate,
    with_history: bool,
) -> Vec<Achieved> {
    let mut out = Vec::new();
    for (row, c) in &shown.rows {
        for m in &c.milestones {
            let Some(done) = m.done else { continue };
            let setter = events.iter().rev().find(|p| {
                let e = p.event;
                e.change.kind == ChangeKind::MilestoneDone
                    && e.change.commitment.as_deref() == Some(c.id.as_str())
                    && e.change.milestone.as_deref() == Some(m.id.as_str())
            });
            let in_period = done >= since && done <= until;
            // A late report sets the done date of a milestone that was already there; a
            // commitment or milestone added already done is a first entry, not a report.
            let first_entry = setter.is_some_and(|PeriodEvent { event: s, .. }| {
                events.iter().any(|PeriodEvent { event: e, .. }| {
                    e.commit.as_ref().map(|c| &c.id) == s.commit.as_ref().map(|c| &c.id)
                        && e.change.commitment == s.change.commitment
                        && (e.change.kind == ChangeKind::Added
                            || (e.change.kind == ChangeKind::MilestoneAdded
                                && e.change.milestone == s.change.milestone))
                })
            });
            let reported_late = done < since && !first_entry && setter.is_some_and(|p| p.in_period);
            if !in_period && !reported_late {
                continue;
            }
            out.push(Achieved {
                commitment: c.id.clone(),
                commitment_title: c.title.clone(),
                pillar: c.pillar.clone(),
                path: row.path.clone(),
                milestone: m.id.clone(),
                title: m.title.clone(),
                due: m.due,
                done,
                days_late: (done - m.due).num_days().max(0),
                reported_late,
                evidence: m.evidence.clone(),
                recorded: setter.filter(|_| with_history).map(|p| recorded(p.event)),
            });
        }
    }
    out.sort_by(|a, b| (a.done, &a.commitment, &a.milestone).cmp(&(b.done, &b.commitment, &b.milestone)));
    out
}

fn slipped(shown: &Shown<'_>, events: &[PeriodEvent<'_>]) -> Vec<Slipped> {
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
            (days > 0).then(|| Slipped {
                commitment_title: shown
                    .rows
                    .iter()
                    .find(|(_, c)| c.id == commitment)
                    .map(|(_, c)| c.title.clone()),
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

fn due(shown: &Shown<'_>, until: NaiveDate) -> (Vec<Due>, Vec<Due>) {
    let horizon = until + chrono::Days::new(DUE_SOON_DAYS as u64);
    let (mut overdue, mut soon) = (Vec::new(), Vec::new());
    for (row, c) in shown.active() {
        let own = c.due.map(|d| (None, c.title.clone(), d));
        let open = c
            .milestones
            .iter()
            .filter(|m| m.done.is_none())
            .map(|m| (Some(m.id.clone()), m.title.clone(), m.due));
        for (milestone, title, due) in open.chain(own) {
            let line = |days| Due {
                commitment: c.id.clone(),
                commitment_title: c.title.clone(),
                path: row.path.clone(),
                owner: c.owner.clone(),
                milestone: milestone.clone(),
                title: title.clone(),
                due,
                days,
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

fn stale(shown: &Shown<'_>, h: &History<'_>, until: NaiveDate, stale_days: i64) -> Vec<Stale> {
    let mut out: Vec<Stale> = shown
        .active()
        .filter_map(|(row, c)| {
            let last = h
                .touches
                .iter()
                .rev()
                .find(|t| t.path == row.path)
                .map(|t| &*t.commit);
            let days = last.map(|l| (until - l.date).num_days());
            if days.is_some_and(|d| d <= stale_days) {
                return None;
            }
            Some(Stale {
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

fn indicators(shown: &Shown<'_>, until: NaiveDate) -> Vec<IndicatorLine> {
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
                commitment: c.id.clone(),
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

fn timeline(shown: &Shown<'_>, now: &StatusReport, since: NaiveDate, until: NaiveDate) -> Timeline {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Change, Value};
    use crate::history::Event;
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
            shallow_boundary: None,
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
        let b =
            "id: b\ntitle: B\npillar: all\nowner: U\nmilestones:\n  - {id: n1, title: N1, due: 2026-12-31}\n";
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
}
