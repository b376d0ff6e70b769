//! The forecast: the day every open milestone would be done at the pace of the last
//! 12 months, counted from the milestones' `done` dates, next to the latest due date.

use chrono::{Months, NaiveDate};
use serde::Serialize;

/// How many months of `done` dates the pace is measured over.
pub const WINDOW_MONTHS: u32 = 12;

/// What the forecast says about a set of milestones. The rules are tried in the order
/// of the variants; the first that applies decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Files were left out and nothing else is known: no verdict can be given.
    Unknown,
    /// Some open milestones are already overdue: late whatever the pace.
    Behind,
    /// Nothing is open, nothing is left out, and no commitment is without a plan.
    AllDone,
    /// All that is open is commitments without milestones: work with no plan to measure.
    NoPlan,
    /// No milestone was done in the window, so there is no pace to project.
    NoPace,
    /// At the recent pace, the last open milestone is done by the latest due date.
    OnPace,
    /// At the recent pace, the last open milestone is done after the latest due date.
    NotOnPace,
    /// Nothing open is known, but files were left out, so "all done" cannot be said.
    Incomplete,
}

impl Verdict {
    /// The words shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Unknown => "unknown",
            Verdict::Behind => "behind",
            Verdict::AllDone => "all done",
            Verdict::NoPlan => "no plan",
            Verdict::NoPace => "no pace",
            Verdict::OnPace => "on pace",
            Verdict::NotOnPace => "not on pace",
            Verdict::Incomplete => "incomplete",
        }
    }

    /// The spelling in JSON and in CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Unknown => "unknown",
            Verdict::Behind => "behind",
            Verdict::AllDone => "all-done",
            Verdict::NoPlan => "no-plan",
            Verdict::NoPace => "no-pace",
            Verdict::OnPace => "on-pace",
            Verdict::NotOnPace => "not-on-pace",
            Verdict::Incomplete => "incomplete",
        }
    }

    /// Whether the verdict is good news.
    pub fn is_good(self) -> bool {
        matches!(self, Verdict::AllDone | Verdict::OnPace)
    }
}

/// What a forecast is computed from, for one pillar or the whole strategy.
#[derive(Debug, Clone, Default)]
pub struct Work {
    /// Every milestone of the commitments that are not dropped: `(due, done)`, where
    /// `done` is the day it was done if that is on or before the window's end.
    pub milestones: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// Commitments that are neither done nor dropped and have no milestones.
    pub unplanned: usize,
    /// Commitments not done whose own due date has passed.
    pub late_commitments: usize,
    /// Commitment files left out because of errors.
    pub left_out: usize,
}

/// The window the pace is measured over: the days after `start`, up to and including `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// The day before the window's first day.
    pub start: NaiveDate,
    /// The window's last day (the day the report is for).
    pub end: NaiveDate,
}

impl Window {
    /// The 12 months that end on `end`.
    pub fn ending(end: NaiveDate) -> Self {
        let start = end
            .checked_sub_months(Months::new(WINDOW_MONTHS))
            .unwrap_or(NaiveDate::MIN);
        Window { start, end }
    }

    /// Whether a day falls in the window.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day > self.start && day <= self.end
    }

    /// Days in the window (365 or 366).
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }
}

/// The forecast for one set of milestones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// Milestones not done yet.
    pub open: usize,
    /// Milestones done within the window.
    pub done_in_window: usize,
    /// Milestones done per month over the window; null when none was done.
    pub pace_per_month: Option<f64>,
    /// The day the last open milestone would be done at that pace; null when nothing is
    /// open or there is no pace.
    pub forecast: Option<NaiveDate>,
    /// The latest due date among the open milestones.
    pub latest_due: Option<NaiveDate>,
    /// Open milestones already overdue at the window's end.
    pub overdue: usize,
    /// Commitments not done whose own due date has passed.
    pub late_commitments: usize,
    /// Commitments with open work but no milestones.
    pub unplanned: usize,
    /// Commitment files left out because of errors.
    pub left_out: usize,
    /// The verdict (see [`Verdict`] for the rules).
    pub verdict: Verdict,
}

/// Forecasts a set of work for the window ending on its `end`.
///
/// The days needed are `open × window days ÷ done in window`, rounded up, counted from
/// the window's end. The verdict's rules, in order: `unknown` when files were left out
/// and nothing else is known; `behind` when an open milestone, or a commitment's own
/// due date, is already overdue;
/// `all-done` when nothing is open, left out or unplanned; `no-plan` when the only open
/// work is commitments without milestones; `no-pace` when nothing was done in the
/// window; `incomplete` when nothing open is known but files were left out; then
/// `on-pace` or `not-on-pace` by comparing the forecast day with the latest due date.
pub fn forecast(work: &Work, window: Window) -> Forecast {
    let mut open = 0;
    let mut overdue = 0;
    let mut done_in_window = 0;
    let mut latest_due: Option<NaiveDate> = None;
    for (due, done) in &work.milestones {
        match done {
            Some(d) => done_in_window += usize::from(window.contains(*d)),
            None => {
                open += 1;
                overdue += usize::from(*due < window.end);
                latest_due = latest_due.max(Some(*due));
            }
        }
    }
    let pace_per_month = (done_in_window > 0).then(|| done_in_window as f64 / f64::from(WINDOW_MONTHS));
    let needed = (open > 0 && done_in_window > 0)
        .then(|| (open as u64 * window.days().max(1) as u64).div_ceil(done_in_window as u64));
    let forecast = needed.and_then(|n| window.end.checked_add_days(chrono::Days::new(n)));
    let nothing_known = work.milestones.is_empty() && work.unplanned == 0;
    let verdict = if work.left_out > 0 && nothing_known {
        Verdict::Unknown
    } else if overdue > 0 || work.late_commitments > 0 {
        Verdict::Behind
    } else if open == 0 && work.unplanned == 0 && work.left_out == 0 {
        Verdict::AllDone
    } else if open == 0 && work.unplanned > 0 {
        Verdict::NoPlan
    } else if open == 0 {
        Verdict::Incomplete
    } else if done_in_window == 0 {
        Verdict::NoPace
    } else {
        match (forecast, latest_due) {
            (Some(f), Some(due)) if f <= due => Verdict::OnPace,
            _ => Verdict::NotOnPace,
        }
    };
    Forecast {
        open,
        done_in_window,
        pace_per_month,
        forecast,
        latest_due,
        overdue,
        late_commitments: work.late_commitments,
        unplanned: work.unplanned,
        left_out: work.left_out,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn work(milestones: Vec<(NaiveDate, Option<NaiveDate>)>) -> Work {
        Work {
            milestones,
            ..Work::default()
        }
    }

    #[test]
    fn window_is_the_twelve_months_before_the_day() {
        let w = Window::ending(d("2026-11-30"));
        assert_eq!(w.start, d("2025-11-30"));
        assert_eq!(w.days(), 365);
        assert!(!w.contains(d("2025-11-30")));
        assert!(w.contains(d("2025-12-01")));
        assert!(w.contains(d("2026-11-30")));
        assert!(!w.contains(d("2026-12-01")));
        // A leap day in the window.
        assert_eq!(Window::ending(d("2028-03-01")).days(), 366);
    }

    #[test]
    fn on_pace_and_not_on_pace() {
        let w = Window::ending(d("2026-11-30"));
        // 4 done in the window, 2 open: 2 × 365 / 4 = 182.5 → 183 days → 2027-06-01.
        let ms = vec![
            (d("2026-01-01"), Some(d("2026-01-10"))),
            (d("2026-03-01"), Some(d("2026-03-01"))),
            (d("2026-06-01"), Some(d("2026-06-01"))),
            (d("2026-09-01"), Some(d("2026-09-30"))),
            (d("2020-01-01"), Some(d("2020-01-01"))),
            (d("2027-03-31"), None),
            (d("2027-06-30"), None),
        ];
        let f = forecast(&work(ms.clone()), w);
        assert_eq!(f.open, 2);
        assert_eq!(f.done_in_window, 4);
        assert_eq!(f.pace_per_month, Some(4.0 / 12.0));
        assert_eq!(f.forecast, Some(d("2027-06-01")));
        assert_eq!(f.latest_due, Some(d("2027-06-30")));
        assert_eq!(f.verdict, Verdict::OnPace);
        let mut late = ms;
        late[6].0 = d("2027-05-31");
        assert_eq!(forecast(&work(late), w).verdict, Verdict::NotOnPace);
    }

    #[test]
    fn no_pace_and_all_done() {
        let w = Window::ending(d("2026-11-30"));
        let f = forecast(
            &work(vec![
                (d("2020-01-01"), Some(d("2020-01-01"))),
                (d("2027-01-01"), None),
            ]),
            w,
        );
        assert_eq!(
            (f.verdict, f.forecast, f.pace_per_month),
            (Verdict::NoPace, None, None)
        );
        let f = forecast(&work(vec![(d("2026-01-01"), Some(d("2026-01-01")))]), w);
        assert_eq!((f.verdict, f.open, f.latest_due), (Verdict::AllDone, 0, None));
        assert_eq!(forecast(&work(vec![]), w).verdict, Verdict::AllDone);
    }

    #[test]
    fn an_overdue_milestone_is_behind_whatever_the_pace() {
        let w = Window::ending(d("2026-11-30"));
        let f = forecast(
            &work(vec![
                (d("2026-10-01"), Some(d("2026-10-01"))),
                (d("2026-11-01"), None),
            ]),
            w,
        );
        assert_eq!(f.forecast, Some(d("2027-11-30")));
        assert_eq!((f.verdict, f.overdue), (Verdict::Behind, 1));
        // Four commitments all overdue but a fast pace: still behind, never on pace.
        let mut ms: Vec<_> = (1..=12)
            .map(|m| (d("2026-06-01"), Some(d(&format!("2026-{m:02}-01")))))
            .collect();
        ms.extend((0..4).map(|_| (d("2026-09-30"), None)));
        ms.push((d("2030-12-31"), None));
        assert_eq!(forecast(&work(ms), w).verdict, Verdict::Behind);
    }

    #[test]
    fn work_without_milestones_is_no_plan_not_all_done() {
        let w = Window::ending(d("2026-11-30"));
        let only_unplanned = Work {
            unplanned: 1,
            ..Work::default()
        };
        assert_eq!(forecast(&only_unplanned, w).verdict, Verdict::NoPlan);
        let done_and_unplanned = Work {
            milestones: vec![(d("2026-01-01"), Some(d("2026-01-01")))],
            unplanned: 1,
            ..Work::default()
        };
        assert_eq!(forecast(&done_and_unplanned, w).verdict, Verdict::NoPlan);
    }

    #[test]
    fn left_out_files_are_never_all_done() {
        let w = Window::ending(d("2026-11-30"));
        let all_left_out = Work {
            left_out: 2,
            ..Work::default()
        };
        assert_eq!(forecast(&all_left_out, w).verdict, Verdict::Unknown);
        let done_but_partial = Work {
            milestones: vec![(d("2026-01-01"), Some(d("2026-01-01")))],
            left_out: 1,
            ..Work::default()
        };
        assert_eq!(forecast(&done_but_partial, w).verdict, Verdict::Incomplete);
    }

    #[test]
    fn a_commitment_past_its_own_due_date_is_behind() {
        let w = Window::ending(d("2026-11-30"));
        let late = Work {
            milestones: vec![(d("2027-06-30"), None), (d("2026-06-01"), Some(d("2026-06-01")))],
            late_commitments: 1,
            ..Work::default()
        };
        assert_eq!(forecast(&late, w).verdict, Verdict::Behind);
    }
}
