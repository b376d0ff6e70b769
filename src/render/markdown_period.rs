//! The period report as Markdown: eight numbered sections and a footer naming the data.

use super::markdown::cell;
use super::{file_href, is_web_url, percent};
use crate::report::period::{PeriodReport, Recorded, ThenBasis};
use chrono::NaiveDate;
use std::io::{self, Write};

/// Width of the text progress bars, in characters.
const BAR: usize = 10;

/// A progress bar of block characters, such as `███████░░░`.
pub fn bar(p: Option<f64>) -> String {
    let full = p.map_or(0, |p| (p.clamp(0.0, 1.0) * BAR as f64).round() as usize);
    format!("{}{}", "█".repeat(full), "░".repeat(BAR - full))
}

/// A change in percentage points, such as `+5 points`.
pub fn points(p: Option<f64>) -> String {
    match p.map(f64::round) {
        None => "–".into(),
        Some(0.0) => "±0 points".into(),
        Some(r) => format!("{:+} points", r as i64),
    }
}

/// A signed count, such as `+2` or `±0`.
pub fn signed(n: i64) -> String {
    if n == 0 { "±0".into() } else { format!("{n:+}") }
}

fn link(r: &PeriodReport, id: &str, path: &str) -> String {
    format!("[{}](<{}>)", cell(id), file_href(&r.link_base, path))
}

fn who(rec: Option<&Recorded>) -> String {
    match rec {
        None => "–".into(),
        Some(Recorded { commit: None, .. }) => "uncommitted edit".into(),
        Some(r) => format!(
            "{} ({}, {})",
            cell(r.author.as_deref().unwrap_or("")),
            r.date.map_or_else(String::new, |d| d.to_string()),
            r.commit.as_deref().map_or("", |c| &c[..c.len().min(8)])
        ),
    }
}

fn milestone(m: Option<&str>) -> String {
    m.map_or_else(|| "(its own due date)".into(), cell)
}

fn show(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "–".into(), |d| d.to_string())
}

/// Writes the period report.
pub fn write(out: &mut dyn Write, r: &PeriodReport) -> io::Result<()> {
    let (since, until) = (r.period.since, r.period.until);
    writeln!(out, "# Progress report: {}", cell(&r.strategy.title))?;
    writeln!(out)?;
    writeln!(
        out,
        "Period: **{since}** to **{until}** (since: {}; until: {}).",
        cell(&r.period.since_spec),
        cell(&r.period.until_spec)
    )?;
    if !r.filter.pillars.is_empty() || !r.filter.owners.is_empty() {
        let mut parts = Vec::new();
        if !r.filter.pillars.is_empty() {
            parts.push(format!("pillars {}", cell(&r.filter.pillars.join(", "))));
        }
        if !r.filter.owners.is_empty() {
            parts.push(format!(
                "owners containing {}",
                cell(&r.filter.owners.join(" or "))
            ));
        }
        writeln!(out)?;
        writeln!(out, "Only {}.", parts.join("; "))?;
    }
    let no_history = r.history.note.as_deref().map(cell);

    writeln!(out)?;
    writeln!(out, "## 1. Headline")?;
    writeln!(out)?;
    let h = &r.headline;
    writeln!(
        out,
        "Progress: {} → **{}** ({}): {}/{} → {}/{} milestones done.",
        percent(h.then.progress),
        percent(h.now.progress),
        points(h.progress_change),
        h.then.milestones_done,
        h.then.milestones_total,
        h.now.milestones_done,
        h.now.milestones_total
    )?;
    writeln!(out)?;
    let basis = match h.then_basis {
        ThenBasis::Recorded => format!(
            "as recorded in commit {}, the last before {since}",
            h.then_commit.as_deref().map_or("", |c| &c[..c.len().min(8)])
        ),
        ThenBasis::NothingRecorded => {
            format!(
                "reconstructed from the done dates in the files: nothing was recorded in git before {since}"
            )
        }
        ThenBasis::DoneDates => format!(
            "reconstructed from the done dates in the files ({})",
            no_history.as_deref().unwrap_or("")
        ),
    };
    writeln!(out, "The start of the period is {basis}.")?;
    writeln!(out)?;
    writeln!(out, "| Commitments | {since} | {until} | Change |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for s in &h.states {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            s.state,
            s.then,
            s.now,
            signed(s.change)
        )?;
    }
    writeln!(
        out,
        "| **all** | {} | {} | {} |",
        h.then.commitments,
        h.now.commitments,
        signed(h.now.commitments as i64 - h.then.commitments as i64)
    )?;

    writeln!(out)?;
    writeln!(out, "## 2. Pillars")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Pillar | Then | Now | Change | Progress | overdue | on-track | not-started | done | dropped |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")?;
    for p in &r.pillars {
        let counts: Vec<String> = p
            .states
            .iter()
            .map(|s| {
                if s.change == 0 {
                    s.now.to_string()
                } else {
                    format!("{} ({})", s.now, signed(s.change))
                }
            })
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | `{}` {}/{} | {} |",
            cell(&p.title),
            percent(p.then.progress),
            percent(p.now.progress),
            points(p.progress_change),
            bar(p.now.progress),
            p.now.milestones_done,
            p.now.milestones_total,
            counts.join(" | ")
        )?;
    }

    writeln!(out)?;
    writeln!(out, "## 3. Achieved this period")?;
    writeln!(out)?;
    if let Some(note) = &no_history {
        writeln!(out, "Who recorded them: {note}.")?;
        writeln!(out)?;
    }
    if r.achieved.is_empty() {
        writeln!(out, "No milestone was done in the period.")?;
    } else {
        writeln!(out, "| Done | Commitment | Milestone | Due | Recorded by |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for a in &r.achieved {
            let mut title = format!("{}: {}", cell(&a.milestone), cell(&a.title));
            if let Some(url) = a.evidence.as_deref().filter(|u| is_web_url(u)) {
                title.push_str(&format!(
                    " ([evidence](<{}>))",
                    url.replace('>', "%3E").replace(' ', "%20")
                ));
            }
            let mut due = a.due.to_string();
            if a.days_late > 0 {
                due.push_str(&format!(" ({} days late)", a.days_late));
            }
            let mut done = a.done.to_string();
            if a.reported_late {
                done.push_str(" (reported in the period)");
            }
            writeln!(
                out,
                "| {done} | {} | {title} | {due} | {} |",
                link(r, &a.commitment, &a.path),
                who(a.recorded.as_ref())
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## 4. Slipped this period")?;
    writeln!(out)?;
    match &r.slipped {
        None => writeln!(out, "{}.", no_history.as_deref().unwrap_or(""))?,
        Some(list) if list.is_empty() => writeln!(out, "No due date moved later in the period.")?,
        Some(list) => {
            writeln!(
                out,
                "| Moved on | Commitment | Milestone | Due was | Due now | Slipped | Reason given | By |"
            )?;
            writeln!(out, "|---|---|---|---|---|---:|---|---|")?;
            for s in list {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} days | {} | {} |",
                    show(s.recorded.date),
                    link(r, &s.commitment, &s.path),
                    milestone(s.milestone.as_deref()),
                    s.from,
                    s.to,
                    s.days,
                    cell(s.recorded.subject.as_deref().unwrap_or("(uncommitted)")),
                    who(Some(&s.recorded))
                )?;
            }
        }
    }

    writeln!(out)?;
    writeln!(
        out,
        "## 5. Overdue now, and due in the next {} days",
        r.due_soon_days
    )?;
    for (title, list, empty, days) in [
        (
            format!("Overdue on {until}"),
            &r.overdue,
            "Nothing is overdue.",
            "Days overdue",
        ),
        (
            format!("Due in the next {} days", r.due_soon_days),
            &r.due_soon,
            "Nothing falls due.",
            "Days left",
        ),
    ] {
        writeln!(out)?;
        writeln!(out, "### {title}")?;
        writeln!(out)?;
        if list.is_empty() {
            writeln!(out, "{empty}")?;
            continue;
        }
        writeln!(out, "| Due | Commitment | Milestone | {days} | Owner |")?;
        writeln!(out, "|---|---|---|---:|---|")?;
        for d in list {
            writeln!(
                out,
                "| {} | {} | {}: {} | {} | {} |",
                d.due,
                link(r, &d.commitment, &d.path),
                milestone(d.milestone.as_deref()),
                cell(&d.title),
                d.days,
                cell(&d.owner)
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## 6. Not reported on")?;
    writeln!(out)?;
    match &r.not_reported {
        None => writeln!(out, "{}.", no_history.as_deref().unwrap_or(""))?,
        Some(list) => {
            writeln!(
                out,
                "Open commitments whose file had no commit in the {} days up to {until}.",
                r.stale_days
            )?;
            writeln!(out)?;
            if list.is_empty() {
                writeln!(out, "Every open commitment was updated.")?;
            } else {
                writeln!(out, "| Commitment | Owner | Last update | Days |")?;
                writeln!(out, "|---|---|---|---:|")?;
                for s in list {
                    let last = match &s.last_update {
                        None => "never committed".into(),
                        Some(u) => format!("{}: {}", who(Some(u)), cell(u.subject.as_deref().unwrap_or(""))),
                    };
                    writeln!(
                        out,
                        "| {} | {} | {last} | {} |",
                        link(r, &s.commitment, &s.path),
                        cell(&s.owner),
                        s.days.map_or_else(|| "–".into(), |d| d.to_string())
                    )?;
                }
            }
        }
    }

    writeln!(out)?;
    writeln!(out, "## 7. Indicators")?;
    writeln!(out)?;
    if r.indicators.is_empty() {
        writeln!(out, "No indicators.")?;
    } else {
        writeln!(
            out,
            "| Commitment | Indicator | Baseline | Target | Latest | To target |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|")?;
        let pt = |p: &crate::report::detail::Point| format!("{} ({})", p.value, p.date);
        for i in &r.indicators {
            let unit = i
                .unit
                .as_deref()
                .map(|u| format!(" ({})", cell(u)))
                .unwrap_or_default();
            writeln!(
                out,
                "| {} | {}{unit} | {} | {} | {} | {} |",
                link(r, &i.commitment, &i.path),
                cell(&i.title),
                pt(&i.baseline),
                i.target.as_ref().map_or_else(|| "no target".into(), pt),
                i.latest.as_ref().map_or_else(|| "–".into(), pt),
                if i.target.is_none() {
                    "no target".into()
                } else {
                    percent(i.progress)
                }
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## 8. Forecast")?;
    writeln!(out)?;
    writeln!(out, "{}", cell(&r.forecast.method))?;
    writeln!(out)?;
    writeln!(
        out,
        "| Pillar | Open | Done in 12 months | Per month | Forecast | Latest due | Verdict |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---|---|---|")?;
    for f in &r.forecast.rows {
        let name = if f.scope.is_whole() {
            format!("**{}**", cell(&f.title))
        } else {
            cell(&f.title)
        };
        writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} |",
            f.forecast.open,
            f.forecast.done_in_window,
            f.forecast
                .pace_per_month
                .map_or_else(|| "–".into(), |p| format!("{p:.1}")),
            show(f.forecast.forecast),
            show(f.forecast.latest_due),
            f.forecast.verdict.as_str()
        )?;
    }

    if !r.skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "Left out because of errors (run `tracker check`):")?;
        writeln!(out)?;
        for s in &r.skipped {
            writeln!(out, "- {}: {}", cell(&s.path), cell(&s.reason))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "---")?;
    writeln!(out)?;
    writeln!(out, "{}", cell(&r.source.description))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_signs() {
        assert_eq!(bar(Some(0.85)), "█████████░");
        assert_eq!(bar(None), "░░░░░░░░░░");
        assert_eq!(points(Some(4.6)), "+5 points");
        assert_eq!(points(Some(-0.2)), "±0 points");
        assert_eq!(signed(-2), "-2");
    }
}
