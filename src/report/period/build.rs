//! Builds the period report from the strategy at both ends of the period and the events
//! of the history walk. No git here: the caller resolves the period and walks the history.

use super::sections::{Shown, achieved, due, events_in, indicators, slipped, stale, timeline};
use super::*;
use crate::forecast::{Window, forecast};
use crate::history::{Event, Touch};
use crate::load::Loaded;
use crate::model::Commitment;
use crate::model::{Status, Strategy};
use crate::report::baseline::Baselines;
use crate::report::scope::{ScopeChange, scope_change};
use crate::report::status::StatusReport;
use crate::report::status::{self, Totals};
use crate::words::{count, percent};
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
    /// Where the history could be read no further back, and why.
    pub boundary: Option<crate::git::walk::Boundary>,
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
        weight_total: t.map_or(0.0, |t| t.weight_total),
        weight_done: t.map_or(0.0, |t| t.weight_done),
        weighted: t.is_some_and(|t| t.weighted),
        progress: t.and_then(|t| t.progress),
        left_out: t.map_or(0, |t| t.left_out),
        coverage: t.map_or_else(Default::default, |t| t.coverage),
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

/// "1 was", "3 were".
fn were(n: usize) -> String {
    format!(
        "{} {}",
        crate::words::thousands(n as i64),
        if n == 1 { "was" } else { "were" }
    )
}

/// What moved the headline percentage, in plain words: the milestones achieved, added
/// and removed, and progress on the milestones planned at both ends.
fn explain(then: &Figures, now: &Figures, s: &ScopeChange, back_from_done: &[String]) -> String {
    let mut out = format!(
        "In the period, {} {} achieved",
        count(s.achieved, "milestone"),
        if s.achieved == 1 { "was" } else { "were" }
    );
    let mut changes = Vec::new();
    if s.added > 0 {
        changes.push(format!("{} added to the plan", were(s.added)));
    }
    if s.removed > 0 {
        changes.push(format!("{} removed from it", were(s.removed)));
    }
    if s.reopened > 0 {
        changes.push(format!("{} reopened", were(s.reopened)));
    }
    if changes.is_empty() {
        out.push_str(", and the plan did not change.");
    } else {
        out.push_str(&format!("; {}.", changes.join("; ")));
    }
    if let (Some(a), Some(b)) = (then.progress, now.progress) {
        let pts = |p: f64| (p * 100.0).round();
        let moved = pts(b) - pts(a);
        // (Not `signum`, which is 1 for zero.)
        let headline = if moved > 0.0 {
            format!("Progress rose from {} to {}.", percent(a), percent(b))
        } else if moved < 0.0 {
            format!("Progress fell from {} to {}.", percent(a), percent(b))
        } else {
            format!("Progress stayed at {}.", percent(b))
        };
        out.push(' ');
        out.push_str(&headline);
        if let Some((x, y)) = s
            .like_for_like
            .progress()
            .filter(|_| s.added > 0 || s.removed > 0)
        {
            let plan = moved - (pts(y) - pts(x));
            out.push_str(&format!(
                " On the {} planned at both ends it went from {} to {}",
                count(s.like_for_like.milestones, "milestone"),
                percent(x),
                percent(y)
            ));
            if plan == 0.0 {
                out.push_str(", so the plan's changes did not move the figure.");
            } else {
                out.push_str(&format!(
                    "; the plan's changes moved the figure by {}.",
                    crate::words::points(plan)
                ));
            }
        }
    }
    if !back_from_done.is_empty() {
        out.push_str(&format!(
            " {} done at the start {} open again because milestones were added: {}.",
            count(back_from_done.len(), "commitment"),
            if back_from_done.len() == 1 { "is" } else { "are" },
            back_from_done.join("; ")
        ));
    }
    out
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

/// A loaded strategy's valid commitments by file and id (the first file's, as a search in
/// order would find; a search per row was a sixth of a report of 10,000 commitments).
/// Built once for the whole strategy and every pillar: built, and every commitment
/// copied, for each of them, it was a tenth of a warm report of 10,000 commitments.
fn by_file_and_id(l: &Loaded) -> ValidById<'_> {
    let mut valid = ValidById::new();
    for (path, c) in l.valid_commitments() {
        valid.entry((path, c.id.as_str())).or_insert(c);
    }
    valid
}

/// Valid commitments by file and id.
type ValidById<'l> = std::collections::HashMap<(&'l str, &'l str), &'l Commitment>;

/// The commitments a status report shows, optionally of one pillar.
fn shown_commitments<'l>(
    r: &StatusReport,
    valid: &ValidById<'l>,
    pillar: Option<&str>,
) -> Vec<&'l Commitment> {
    r.commitments
        .iter()
        .filter(|row| pillar.is_none_or(|p| row.pillar == p))
        .filter_map(|row| valid.get(&(row.path.as_str(), row.id.as_str())).copied())
        .collect()
}

/// Builds the period report.
pub fn build(input: &PeriodInput<'_>) -> PeriodReport {
    let (since, until) = (input.period.since, input.period.until);
    let filter = input.filter.filter();
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
    let valid_now = by_file_and_id(input.now);
    let valid_then = then_loaded.map(by_file_and_id);
    let scope_of = |pillar: Option<&str>| {
        let a = match (&then, &valid_then) {
            (Some(t), Some(v)) => shown_commitments(t, v, pillar),
            _ => Vec::new(),
        };
        let b = shown_commitments(&now, &valid_now, pillar);
        scope_change(a, since, b, until)
    };

    let headline = {
        let (a, b) = (
            figures(then.as_ref().map(|t| &t.totals), since),
            figures(Some(&now.totals), until),
        );
        let scope = scope_of(None);
        let titles: Vec<String> = scope
            .back_from_done
            .iter()
            .map(|id| {
                now.commitments
                    .iter()
                    .find(|r| &r.id == id)
                    .map_or_else(|| id.clone(), |r| r.title.clone())
            })
            .collect();
        Headline {
            then_basis: basis,
            then_commit,
            progress_change: change(&a, &b),
            states: states(then.as_ref().map(|t| &t.totals), &now.totals),
            explanation: explain(&a, &b, &scope, &titles),
            scope,
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
                scope: scope_of(Some(&p.id)),
                then: a,
                now: b,
            }
        })
        .collect();

    // Events are kept for the commitments shown now or at the start; with no filter, for
    // every commitment (including ones removed since).
    let unfiltered = filter.is_empty();
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

    let baselines = history.map(|h| Baselines::from_events(h.events.iter().map(|p| p.event)));
    let achieved = achieved(&shown, &events, since, until, baselines.as_ref());
    let slipped = history.map(|_| slipped(&shown, &events));
    let (overdue, due_soon) = due(&shown, until, baselines.as_ref());
    let not_reported = history.map(|h| stale(&shown, h, until, input.stale_days));
    let window = Window::ending(until);
    let mut rows: Vec<ForecastRow> = now
        .pillars
        .iter()
        .map(|p| ForecastRow {
            scope: crate::report::Scope::Pillar(p.id.clone()),
            title: p.title.clone(),
            forecast: forecast(&shown.work(Some(&p.id), p.totals.left_out), window),
        })
        .collect();
    rows.push(ForecastRow {
        scope: crate::report::Scope::Whole,
        title: input.strategy.title.clone(),
        forecast: forecast(&shown.work(None, now.totals.left_out), window),
    });

    PeriodReport {
        audience: crate::model::Visibility::Internal,
        internal_hidden: 0,
        min_confidence: None,
        set_aside: 0,
        disagreements: now.disagreements.clone(),
        done_low_confidence: now.totals.done_low_confidence,
        done_unrated: now.totals.done_unrated,
        milestones_done: now.totals.milestones_done,
        scales: input.strategy.scales.clone(),
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
                shallow_boundary: h.boundary.as_ref().map(|b| b.commit.clone()),
                cut: h.boundary.as_ref().map(|b| b.note().0),
            },
            Err(note) => HistoryInfo {
                available: false,
                note: Some(note.clone()),
                commits: 0,
                commits_in_period: 0,
                shallow_boundary: None,
                cut: None,
            },
        },
        headline,
        pillars,
        achieved,
        events: events_in(&shown, since, until),
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
        complete: now.complete,
        skipped: now.skipped,
        link_base: input.link_base.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(done: usize, total: usize) -> Figures {
        Figures {
            day: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            commitments: 1,
            milestones_done: done,
            milestones_total: total,
            weight_total: total as f64,
            weight_done: done as f64,
            weighted: false,
            progress: Some(done as f64 / total as f64),
            left_out: 0,
            coverage: Default::default(),
        }
    }

    #[test]
    fn the_headline_says_whether_progress_rose_fell_or_stayed() {
        let s = ScopeChange::default();
        let said = |a, b| explain(&figures(a, 4), &figures(b, 4), &s, &[]);
        assert!(said(1, 3).contains("Progress rose from 25% to 75%."));
        assert!(said(3, 1).contains("Progress fell from 75% to 25%."));
        assert!(said(3, 3).contains("Progress stayed at 75%."), "{}", said(3, 3));
        // Unchanged once rounded to whole points is unchanged.
        let close = explain(&figures(333, 1000), &figures(1001, 3000), &s, &[]);
        assert!(close.contains("Progress stayed at 33%."), "{close}");
    }
}
