//! The forecast: the day every open milestone would be done at the pace of the last
//! 12 months, counted from the milestones' `done` dates, next to the latest due date.

use chrono::{Months, NaiveDate};
use serde::Serialize;

/// How many months of `done` dates the pace is measured over.
pub const WINDOW_MONTHS: u32 = 12;

/// What the forecast says about a set of milestones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Nothing is open.
    AllDone,
    /// At the recent pace, the last open milestone is done by the latest due date.
    OnPace,
    /// At the recent pace, the last open milestone is done after the latest due date.
    NotOnPace,
    /// No milestone was done in the window, so there is no pace to project.
    NoPace,
}

impl Verdict {
    /// The words shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::AllDone => "all done",
            Verdict::OnPace => "on pace",
            Verdict::NotOnPace => "not on pace",
            Verdict::NoPace => "no pace",
        }
    }
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
    /// How the forecast compares with the latest due date.
    pub verdict: Verdict,
}

/// Forecasts milestones given as `(due, done)` pairs, for the window ending on its `end`.
///
/// The days needed are `open × window days ÷ done in window`, rounded up, counted from
/// the window's end.
pub fn forecast(
    milestones: impl IntoIterator<Item = (NaiveDate, Option<NaiveDate>)>,
    window: Window,
) -> Forecast {
    let mut open = 0;
    let mut done_in_window = 0;
    let mut latest_due: Option<NaiveDate> = None;
    for (due, done) in milestones {
        match done {
            Some(d) => done_in_window += usize::from(window.contains(d)),
            None => {
                open += 1;
                latest_due = latest_due.max(Some(due));
            }
        }
    }
    let pace_per_month = (done_in_window > 0).then(|| done_in_window as f64 / f64::from(WINDOW_MONTHS));
    let (forecast, verdict) = if open == 0 {
        (None, Verdict::AllDone)
    } else if done_in_window == 0 {
        (None, Verdict::NoPace)
    } else {
        let needed = (open as u64 * window.days().max(1) as u64).div_ceil(done_in_window as u64);
        let day = window.end.checked_add_days(chrono::Days::new(needed));
        let verdict = match (day, latest_due) {
            (Some(f), Some(due)) if f <= due => Verdict::OnPace,
            _ => Verdict::NotOnPace,
        };
        (day, verdict)
    };
    Forecast {
        open,
        done_in_window,
        pace_per_month,
        forecast,
        latest_due,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
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
        let f = forecast(ms.clone(), w);
        assert_eq!(f.open, 2);
        assert_eq!(f.done_in_window, 4);
        assert_eq!(f.pace_per_month, Some(4.0 / 12.0));
        assert_eq!(f.forecast, Some(d("2027-06-01")));
        assert_eq!(f.latest_due, Some(d("2027-06-30")));
        assert_eq!(f.verdict, Verdict::OnPace);
        let mut late = ms;
        late[6].0 = d("2027-05-31");
        assert_eq!(forecast(late, w).verdict, Verdict::NotOnPace);
    }

    #[test]
    fn no_pace_and_all_done() {
        let w = Window::ending(d("2026-11-30"));
        let f = forecast(
            vec![(d("2020-01-01"), Some(d("2020-01-01"))), (d("2027-01-01"), None)],
            w,
        );
        assert_eq!(
            (f.verdict, f.forecast, f.pace_per_month),
            (Verdict::NoPace, None, None)
        );
        let f = forecast(vec![(d("2026-01-01"), Some(d("2026-01-01")))], w);
        assert_eq!((f.verdict, f.open, f.latest_due), (Verdict::AllDone, 0, None));
        assert_eq!(forecast(vec![], w).verdict, Verdict::AllDone);
    }

    #[test]
    fn an_overdue_milestone_is_never_on_pace() {
        let w = Window::ending(d("2026-11-30"));
        let f = forecast(
            vec![(d("2026-10-01"), Some(d("2026-10-01"))), (d("2026-11-01"), None)],
            w,
        );
        assert_eq!(f.forecast, Some(d("2027-11-30")));
        assert_eq!(f.verdict, Verdict::NotOnPace);
    }
}
