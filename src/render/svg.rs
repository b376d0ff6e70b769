//! Inline SVG charts, written by hand: milestones done and due over time for a pillar,
//! a stacked bar of commitments by state, and a small progress bar.
//!
//! Only layout happens here (days and counts to coordinates); every figure comes from the
//! report. Markup is built with maud, so every label is escaped.

use crate::report::Scope;
use crate::report::period::{Series, Step, Timeline};
use crate::state::State;
use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

/// Chart width in SVG units (narrow, so that labels stay readable on a phone).
const W: f64 = 480.0;
/// Chart height in SVG units.
const H: f64 = 190.0;
/// Left margin (room for the count labels).
const LEFT: f64 = 40.0;
/// Right margin.
const RIGHT: f64 = 12.0;
/// Top margin (room for the legend).
const TOP: f64 = 28.0;
/// Bottom margin (room for the year labels).
const BOTTOM: f64 = 24.0;

/// The CSS colour of a state, shared by the bars and the legend: each gives white text a
/// contrast of at least 4.5:1 (WCAG AA).
pub fn state_color(state: State) -> &'static str {
    match state {
        State::Overdue => "#c62828",
        State::OnTrack => "#1565c0",
        State::NotStarted => "#616161",
        State::Done => "#2e7d32",
        State::Dropped => "#5d4037",
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// Maps days onto the horizontal axis.
struct Axis {
    start: NaiveDate,
    days: f64,
}

impl Axis {
    fn x(&self, d: NaiveDate) -> f64 {
        LEFT + (d - self.start).num_days() as f64 / self.days * (W - LEFT - RIGHT)
    }
}

/// The points of a step line: flat until each step's day, then up to its count.
fn step_points(steps: &[Step], axis: &Axis, y: &dyn Fn(usize) -> f64, end: NaiveDate) -> String {
    let mut pts = vec![(axis.x(axis.start), y(0))];
    let mut last = 0;
    for s in steps.iter().filter(|s| s.date <= end) {
        let x = axis.x(s.date);
        pts.push((x, y(last)));
        pts.push((x, y(s.count)));
        last = s.count;
    }
    pts.push((axis.x(end), y(last)));
    pts.iter()
        .map(|(x, y)| format!("{},{}", fmt(*x), fmt(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Milestones done (solid) and due (dashed) over time for one pillar, with the period
/// shaded and a line on its last day.
pub fn progress_chart(s: &Series, t: &Timeline, since: NaiveDate, until: NaiveDate) -> Markup {
    let axis = Axis {
        start: t.start,
        days: ((t.end - t.start).num_days() as f64).max(1.0),
    };
    let top = s.total.max(1) as f64;
    let y = |n: usize| H - BOTTOM - n as f64 / top * (H - TOP - BOTTOM);
    let years: Vec<(i32, f64)> = (t.start.year() + 1..=t.end.year())
        .filter_map(|yr| NaiveDate::from_ymd_opt(yr, 1, 1).map(|d| (yr, axis.x(d))))
        .collect();
    let done = s.done.last().map_or(0, |l| l.count);
    let label = format!(
        "{}: {} of {} milestones done by {}; the dashed line shows how many were due by each day",
        s.title, done, s.total, until
    );
    html! {
        svg.chart.chart-progress data-pillar=(s.id) viewBox={"0 0 " (W) " " (H)} role="img"
            aria-label=(label) xmlns="http://www.w3.org/2000/svg" {
            title { (label) }
            rect.period x=(fmt(axis.x(since))) y=(fmt(TOP)) width=(fmt((axis.x(until) - axis.x(since)).max(1.0)))
                height=(fmt(H - TOP - BOTTOM)) fill="#fff3c4" {}
            @for (yr, x) in &years {
                line x1=(fmt(*x)) x2=(fmt(*x)) y1=(fmt(TOP)) y2=(fmt(H - BOTTOM)) stroke="#e0e0e0" {}
                text x=(fmt(*x)) y=(fmt(H - 6.0)) text-anchor="middle" font-size="13" fill="#555" { (yr) }
            }
            line x1=(fmt(LEFT)) x2=(fmt(W - RIGHT)) y1=(fmt(H - BOTTOM)) y2=(fmt(H - BOTTOM)) stroke="#888" {}
            text x=(fmt(LEFT - 4.0)) y=(fmt(H - BOTTOM)) text-anchor="end" font-size="13" fill="#555" { "0" }
            text x=(fmt(LEFT - 4.0)) y=(fmt(TOP + 4.0)) text-anchor="end" font-size="13" fill="#555" { (s.total) }
            polyline.due points=(step_points(&s.due, &axis, &y, t.end)) fill="none" stroke="#c62828"
                stroke-width="1.5" stroke-dasharray="5 3" {}
            polyline.done points=(step_points(&s.done, &axis, &y, until)) fill="none" stroke="#2e7d32"
                stroke-width="2.5" {}
            line x1=(fmt(axis.x(until))) x2=(fmt(axis.x(until))) y1=(fmt(TOP)) y2=(fmt(H - BOTTOM))
                stroke="#333" stroke-width="1" {}
            g font-size="13" {
                line x1=(fmt(LEFT)) x2=(fmt(LEFT + 18.0)) y1="12" y2="12" stroke="#2e7d32" stroke-width="2.5" {}
                text x=(fmt(LEFT + 22.0)) y="16" fill="#333" { "done" }
                line x1=(fmt(LEFT + 70.0)) x2=(fmt(LEFT + 88.0)) y1="12" y2="12" stroke="#c62828"
                    stroke-width="1.5" stroke-dasharray="5 3" {}
                text x=(fmt(LEFT + 92.0)) y="16" fill="#333" { "due" }
                rect x=(fmt(LEFT + 134.0)) y="5" width="14" height="13" fill="#fff3c4" {}
                text x=(fmt(LEFT + 152.0)) y="16" fill="#333" { "this period" }
            }
        }
    }
}

/// A stacked bar of commitments by state; each segment says its state and count.
pub fn state_bar(scope: &Scope, counts: &[(State, usize)]) -> Markup {
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let width = 300.0;
    let mut x = 0.0;
    let mut segments = Vec::new();
    for (state, n) in counts.iter().filter(|(_, n)| *n > 0) {
        let w = *n as f64 / total.max(1) as f64 * width;
        segments.push((*state, *n, x, w));
        x += w;
    }
    let label = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect::<Vec<_>>()
        .join(", ");
    let label = if label.is_empty() {
        "no commitments".to_owned()
    } else {
        label
    };
    html! {
        svg.chart.chart-states data-pillar=[(!scope.is_whole()).then(|| scope.id())] data-scope=[scope.is_whole().then_some("strategy")] viewBox="0 0 300 22" role="img" aria-label=(label)
            preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg" {
            title { "Commitments by state: " (label) }
            rect width="300" height="22" fill="#f0f0f0" {}
            @for (state, n, x, w) in &segments {
                rect x=(fmt(*x)) width=(fmt(*w)) height="22" fill=(state_color(*state)) {
                    title { (n) " " (state.as_str()) }
                }
            }
        }
    }
}

/// A small horizontal progress bar for a fraction.
pub fn progress_bar(p: Option<f64>) -> Markup {
    let w = p.map_or(0.0, |p| p.clamp(0.0, 1.0) * 100.0);
    html! {
        svg.bar viewBox="0 0 100 8" preserveAspectRatio="none" role="img"
            aria-label=(super::percent(p)) xmlns="http://www.w3.org/2000/svg" {
            rect width="100" height="8" rx="2" fill="#e0e0e0" {}
            rect width=(fmt(w)) height="8" rx="2" fill="#2e7d32" {}
        }
    }
}

#[cfg(test)]
mod contrast {
    /// The contrast of white text on a colour, by the WCAG formula.
    fn on_white_text(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let l = 0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5);
        1.05 / (l + 0.05)
    }

    #[test]
    fn every_state_label_is_readable() {
        for s in crate::state::State::ALL {
            let ratio = on_white_text(super::state_color(s));
            assert!(ratio >= 4.5, "{}: {ratio:.2}", s.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn steps_rise_on_their_days() {
        let axis = Axis {
            start: d("2026-01-01"),
            days: 10.0,
        };
        let y = |n: usize| 100.0 - n as f64 * 10.0;
        let steps = [Step {
            date: d("2026-01-06"),
            count: 2,
        }];
        let pts = step_points(&steps, &axis, &y, d("2026-01-11"));
        let half = fmt(axis.x(d("2026-01-06")));
        assert_eq!(pts, format!("40.0,100.0 {half},100.0 {half},80.0 468.0,80.0"));
    }

    #[test]
    fn labels_are_escaped() {
        let m = state_bar(&Scope::Pillar("<p>".into()), &[(State::Done, 1)]).into_string();
        assert!(m.contains("data-pillar=\"&lt;p&gt;\""), "{m}");
    }
}
