//! The period report as Markdown: numbered sections, names a board reads (titles first,
//! ids as links), and a footer naming the commits the figures come from.

use super::markdown::{cell, code, link};
use super::{file_href, percent};
use crate::report::Skipped;
use crate::report::baseline::Baseline;
use crate::report::period::{Figures, PeriodReport, Recorded, ThenBasis};
use crate::report::scope::ScopeChange;
use crate::report::status::Coverage;
use crate::words::{count, thousands};
use chrono::NaiveDate;
use std::collections::BTreeMap;
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
    p.map_or_else(|| "–".into(), crate::words::points)
}

/// A signed count, such as `+2` or `±0`.
pub fn signed(n: i64) -> String {
    if n == 0 {
        "±0".into()
    } else if n > 0 {
        format!("+{}", thousands(n))
    } else {
        thousands(n)
    }
}

/// "done/total", with the weights beside when milestones are weighted.
pub fn done_of(f: &Figures) -> String {
    let mut s = format!(
        "{}/{}",
        thousands(f.milestones_done as i64),
        thousands(f.milestones_total as i64)
    );
    if f.weighted {
        s.push_str(&format!(
            " (weight {}/{})",
            crate::words::number(f.weight_done),
            crate::words::number(f.weight_total)
        ));
    }
    s
}

/// A progress figure, or what is known instead of one.
pub fn progress(f: &Figures) -> String {
    match f.coverage {
        Coverage::Unknown => "unknown".into(),
        _ => percent(f.progress),
    }
}

/// The commits a report names, numbered in the order they first appear, for the
/// footnotes that hold their ids.
#[derive(Default)]
struct Sources(BTreeMap<String, usize>);

impl Sources {
    fn mark(&mut self, commit: &str) -> String {
        let next = self.0.len() + 1;
        let n = *self.0.entry(commit.to_owned()).or_insert(next);
        format!("[^c{n}]")
    }
}

fn who(rec: Option<&Recorded>, sources: &mut Sources) -> String {
    match rec {
        None => "–".into(),
        Some(Recorded { commit: None, .. }) => "uncommitted edit".into(),
        Some(r) => format!(
            "{}, {} {}",
            cell(r.author.as_deref().unwrap_or("")),
            r.date.map_or_else(String::new, |d| d.to_string()),
            r.commit.as_deref().map(|c| sources.mark(c)).unwrap_or_default()
        ),
    }
}

fn commitment(r: &PeriodReport, title: &str, id: &str, path: &str) -> String {
    format!(
        "{} ([{}](<{}>))",
        cell(title),
        code(id),
        file_href(&r.link_base, path)
    )
}

fn show(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "–".into(), |d| d.to_string())
}

fn baseline(b: Option<&Baseline>, due: NaiveDate) -> String {
    b.and_then(|b| b.describe(due)).unwrap_or_else(|| "–".into())
}

/// The notice that leads every format when files were left out.
pub fn incomplete(skipped: &[Skipped], files: Option<usize>) -> String {
    let what = match files {
        Some(n) => format!(
            "{} of {}",
            thousands(skipped.len() as i64),
            count(n, "commitment file")
        ),
        None => count(skipped.len(), "commitment file"),
    };
    let list: Vec<String> = skipped
        .iter()
        .map(|s| format!("{} ({})", code(&s.path), cell(&s.reason)))
        .collect();
    format!(
        "> **Incomplete data.** {what} {} left out because of errors, so every figure below leaves {} out: {}. Run `tracker check` to see every problem.",
        if skipped.len() == 1 { "was" } else { "were" },
        if skipped.len() == 1 { "it" } else { "them" },
        list.join("; ")
    )
}

fn scope_rows(out: &mut dyn Write, s: &ScopeChange) -> io::Result<()> {
    writeln!(out, "| Milestones in the period | |")?;
    writeln!(out, "|---|---:|")?;
    writeln!(out, "| achieved | {} |", thousands(s.achieved as i64))?;
    writeln!(out, "| added to the plan | {} |", thousands(s.added as i64))?;
    writeln!(out, "| removed from the plan | {} |", thousands(s.removed as i64))?;
    if s.reopened > 0 {
        writeln!(out, "| reopened | {} |", thousands(s.reopened as i64))?;
    }
    Ok(())
}

/// Writes the period report.
pub fn write(out: &mut dyn Write, r: &PeriodReport) -> io::Result<()> {
    let mut sources = Sources::default();
    let (since, until) = (r.period.since, r.period.until);
    writeln!(out, "# Progress report: {}", cell(&r.strategy.title))?;
    writeln!(out)?;
    if !r.complete {
        writeln!(out, "{}", incomplete(&r.skipped, None))?;
        writeln!(out)?;
    }
    if let Some(cut) = &r.history.cut {
        writeln!(
            out,
            "> **History incomplete:** {}. What happened before that commit is not known to this report.",
            cell(cut)
        )?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "Period: **{since}** to **{until}** (since: {}; until: {}).{}",
        cell(&r.period.since_spec),
        cell(&r.period.until_spec),
        r.period
            .to_date_note()
            .map(|n| format!(" {n}"))
            .unwrap_or_default()
    )?;
    for n in super::layer::lens_notes(r.audience, r.internal_hidden, r.min_confidence, r.set_aside) {
        writeln!(out)?;
        writeln!(out, "> {}", cell(&n))?;
    }
    let filters = r.filter.describe();
    if !filters.is_empty() {
        writeln!(out)?;
        writeln!(out, "Only: {}.", cell(&filters.join("; ")))?;
    }
    let no_history = r.history.note.as_deref().map(cell);

    writeln!(out)?;
    writeln!(out, "## 1. Headline")?;
    writeln!(out)?;
    let h = &r.headline;
    writeln!(
        out,
        "Progress: {} → **{}** ({}): {} → {} milestones done.",
        progress(&h.then),
        progress(&h.now),
        points(h.progress_change),
        done_of(&h.then),
        done_of(&h.now)
    )?;
    writeln!(out)?;
    writeln!(out, "{}", cell(&h.explanation))?;
    writeln!(out)?;
    scope_rows(out, &h.scope)?;
    writeln!(out)?;
    let basis = match h.then_basis {
        ThenBasis::Recorded => match h.then_commit.as_deref() {
            Some(c) => format!(
                "as recorded in the last commit before {since} {}",
                sources.mark(c)
            ),
            // A roll-up: each source has its own commit.
            None => format!("as each source recorded it in its last commit before {since}"),
        },
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
            thousands(s.then as i64),
            thousands(s.now as i64),
            signed(s.change)
        )?;
    }
    writeln!(
        out,
        "| **all** | {} | {} | {} |",
        thousands(h.then.commitments as i64),
        thousands(h.now.commitments as i64),
        signed(h.now.commitments as i64 - h.then.commitments as i64)
    )?;
    if h.now.left_out > 0 {
        writeln!(
            out,
            "| **left out (errors)** | {} | {} | |",
            thousands(h.then.left_out as i64),
            thousands(h.now.left_out as i64)
        )?;
    }

    writeln!(out)?;
    if let Some(note) = super::layer::confidence_note(&crate::report::status::Totals {
        milestones_done: r.milestones_done,
        done_low_confidence: r.done_low_confidence,
        done_unrated: r.done_unrated,
        ..Default::default()
    }) {
        writeln!(out, "{}", cell(&note))?;
        writeln!(out)?;
    }
    writeln!(out, "## 2. Pillars")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Pillar | Then | Now | Change | Progress | Achieved | Added | Removed | overdue | on-track | not-started | done | dropped |"
    )?;
    writeln!(
        out,
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )?;
    for p in &r.pillars {
        let counts: Vec<String> = p
            .states
            .iter()
            .map(|s| {
                if s.change == 0 {
                    thousands(s.now as i64)
                } else {
                    format!("{} ({})", thousands(s.now as i64), signed(s.change))
                }
            })
            .collect();
        let now = match p.now.coverage {
            Coverage::Unknown => format!("unknown ({} left out)", count(p.now.left_out, "file")),
            Coverage::Partial => format!(
                "`{}` {} ({} left out)",
                bar(p.now.progress),
                done_of(&p.now),
                count(p.now.left_out, "file")
            ),
            Coverage::Complete => format!("`{}` {}", bar(p.now.progress), done_of(&p.now)),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {now} | {} | {} | {} | {} |",
            cell(&p.title),
            progress(&p.then),
            progress(&p.now),
            points(p.progress_change),
            thousands(p.scope.achieved as i64),
            thousands(p.scope.added as i64),
            thousands(p.scope.removed as i64),
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
        writeln!(out, "| Done | Milestone | Commitment | Due | Recorded by |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for a in &r.achieved {
            let mut title = format!("{} ({})", cell(&a.title), code(&a.milestone));
            if let Some(url) = &a.evidence {
                title.push_str(&format!(", {}", link("evidence", url)));
            }
            if a.weight != 1.0 {
                title.push_str(&format!(", weight {}", crate::words::number(a.weight)));
            }
            title.push_str(&match a.confidence {
                Some(c) => format!(", {} confidence", c.as_str()),
                None => ", confidence not stated".to_owned(),
            });
            let mut due = a.due.to_string();
            if a.days_late > 0 {
                due.push_str(&format!(" ({} late)", count(a.days_late as usize, "day")));
            }
            let mut done = a.done.to_string();
            if a.reported_late {
                done.push_str(" (reported in the period)");
            }
            writeln!(
                out,
                "| {done} | {title} | {} | {due} | {} |",
                commitment(r, &a.commitment_title, &a.commitment, &a.path),
                who(a.recorded.as_ref(), &mut sources)
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## 4. Timeline of the period")?;
    writeln!(out)?;
    writeln!(
        out,
        "Dated events that are not deliverables (a vote, a lapse, a publication); they do not count in progress."
    )?;
    writeln!(out)?;
    if r.events.is_empty() {
        writeln!(out, "No event is recorded in the period.")?;
    } else {
        writeln!(out, "| Date | Event | Commitment |")?;
        writeln!(out, "|---|---|---|")?;
        for e in &r.events {
            let mut what = cell(&e.title);
            if let Some(n) = &e.note {
                what.push_str(&format!(" ({})", cell(n)));
            }
            if let Some(url) = &e.evidence {
                what.push_str(&format!(", {}", link("evidence", url)));
            }
            writeln!(
                out,
                "| {} | {what} | {} |",
                e.date,
                commitment(r, &e.commitment_title, &e.commitment, &e.path)
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## 5. Slipped this period")?;
    writeln!(out)?;
    match &r.slipped {
        None => writeln!(out, "{}.", no_history.as_deref().unwrap_or(""))?,
        Some(list) if list.is_empty() => writeln!(out, "No due date moved later in the period.")?,
        Some(list) => {
            writeln!(
                out,
                "| Moved on | Milestone | Commitment | Due was | Due now | Slipped | Reason given | By |"
            )?;
            writeln!(out, "|---|---|---|---|---|---:|---|---|")?;
            for s in list {
                let milestone = match (&s.milestone, &s.milestone_title) {
                    (Some(id), Some(t)) => format!("{} ({})", cell(t), code(id)),
                    (Some(id), None) => code(id),
                    (None, _) => "its own due date".into(),
                };
                let title = s.commitment_title.as_deref().unwrap_or(&s.commitment);
                writeln!(
                    out,
                    "| {} | {milestone} | {} | {} | {} | {} | {} | {} |",
                    show(s.recorded.date),
                    commitment(r, title, &s.commitment, &s.path),
                    s.from,
                    s.to,
                    count(s.days as usize, "day"),
                    s.recorded
                        .reason
                        .as_deref()
                        .map_or_else(|| "none given".into(), cell),
                    who(Some(&s.recorded), &mut sources)
                )?;
            }
        }
    }

    writeln!(out)?;
    writeln!(
        out,
        "## 6. Overdue now, and due in the next {} days",
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
        writeln!(out, "| Due | What | Commitment | {days} | Baseline | Owner |")?;
        writeln!(out, "|---|---|---|---:|---|---|")?;
        for d in list {
            let what = match &d.milestone {
                Some(id) => format!("{} ({})", cell(&d.title), code(id)),
                None => "its own due date".into(),
            };
            writeln!(
                out,
                "| {} | {what} | {} | {} | {} | {} |",
                d.due,
                commitment(r, &d.commitment_title, &d.commitment, &d.path),
                thousands(d.days),
                baseline(d.baseline.as_ref(), d.due),
                cell(&d.owner)
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## 7. Not reported on")?;
    writeln!(out)?;
    match &r.not_reported {
        None => writeln!(out, "{}.", no_history.as_deref().unwrap_or(""))?,
        Some(list) => {
            writeln!(
                out,
                "Open commitments whose file had no commit in the {} up to {until}.",
                count(r.stale_days as usize, "day")
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
                        Some(u) => who(Some(u), &mut sources),
                    };
                    writeln!(
                        out,
                        "| {} | {} | {last} | {} |",
                        commitment(r, &s.title, &s.commitment, &s.path),
                        cell(&s.owner),
                        s.days.map_or_else(|| "–".into(), thousands)
                    )?;
                }
            }
        }
    }

    writeln!(out)?;
    writeln!(out, "## 8. Indicators")?;
    writeln!(out)?;
    if r.indicators.is_empty() {
        writeln!(out, "No indicators.")?;
    } else {
        writeln!(
            out,
            "| Indicator | Commitment | Baseline | Target | Latest | To target |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|")?;
        let pt = |p: &crate::report::detail::Point| format!("{} ({})", crate::words::number(p.value), p.date);
        for i in &r.indicators {
            let unit = i
                .unit
                .as_deref()
                .map(|u| format!(" ({})", cell(u)))
                .unwrap_or_default();
            writeln!(
                out,
                "| {}{unit} | {} | {} | {} | {} | {} |",
                cell(&i.title),
                commitment(r, &i.commitment_title, &i.commitment, &i.path),
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
    writeln!(out, "## 9. Forecast")?;
    writeln!(out)?;
    writeln!(out, "{}", cell(&r.forecast.method))?;
    writeln!(out)?;
    writeln!(
        out,
        "| Pillar | Open | Overdue | Done in 12 months | Per month | Forecast | Latest due | Verdict |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---|---|---|")?;
    for f in &r.forecast.rows {
        let name = if f.scope.is_whole() {
            format!("**{}**", cell(&f.title))
        } else {
            cell(&f.title)
        };
        let late = f.forecast.overdue + f.forecast.late_commitments;
        writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            thousands(f.forecast.open as i64),
            thousands(late as i64),
            thousands(f.forecast.done_in_window as i64),
            f.forecast
                .pace_per_month
                .map_or_else(|| "–".into(), |p| format!("{p:.1}")),
            show(f.forecast.forecast),
            show(f.forecast.latest_due),
            f.forecast.verdict.as_str()
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{}", crate::report::period::VERDICT_LEGEND)?;

    writeln!(out)?;
    writeln!(out, "## 10. Reported and assessed")?;
    writeln!(out)?;
    if r.disagreements.is_empty() {
        writeln!(
            out,
            "Where an assessment exists, it agrees with what is reported."
        )?;
    } else {
        writeln!(
            out,
            "Where the files report one thing and the latest assessment says another:"
        )?;
        writeln!(out)?;
        for d in &r.disagreements {
            writeln!(out, "- {}", cell(&super::layer::disagreement(d)))?;
        }
    }
    super::markdown::legend(
        out,
        &r.scales,
        r.disagreements.iter().map(|d| d.assessed.scale.as_str()),
    )?;

    if !r.skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "Left out because of errors (run `tracker check`):")?;
        writeln!(out)?;
        for s in &r.skipped {
            writeln!(out, "- {}: {}", code(&s.path), cell(&s.reason))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "---")?;
    writeln!(out)?;
    writeln!(out, "{}", cell(&r.source.description))?;
    if !sources.0.is_empty() {
        writeln!(out)?;
        let mut by_number: Vec<(&String, &usize)> = sources.0.iter().collect();
        by_number.sort_by_key(|(_, n)| **n);
        for (commit, n) in by_number {
            writeln!(out, "[^c{n}]: commit {}", code(commit))?;
        }
    }
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
        assert_eq!(points(Some(1.0)), "+1 point");
        assert_eq!(signed(-2), "-2");
        assert_eq!(signed(2375), "+2,375");
    }
}
