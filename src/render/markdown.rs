//! Markdown output: the same tables as the terminal, for pasting into a document.

use super::percent;
use crate::report::detail::DetailReport;
use crate::report::diff::DiffReport;
use crate::report::events::HistoryRow;
use crate::report::slips::Slip;
use crate::report::status::StatusReport;
use std::io::{self, Write};

/// Escapes text for a Markdown table cell.
pub fn cell(s: &str) -> String {
    super::clean(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('`', "\\`")
}

/// Writes the status report.
pub fn status(out: &mut dyn Write, r: &StatusReport) -> io::Result<()> {
    writeln!(out, "# {}", cell(&r.strategy.title))?;
    writeln!(out)?;
    writeln!(
        out,
        "Status as of {}: {}/{} milestones done ({}), {} of {} commitments overdue.",
        r.as_of,
        r.totals.milestones_done,
        r.totals.milestones_total,
        percent(r.totals.progress),
        r.totals.overdue,
        r.totals.commitments
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| Pillar | Commitments | Milestones done | Progress | Overdue |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    for p in &r.pillars {
        writeln!(
            out,
            "| {} | {} | {}/{} | {} | {} |",
            cell(&p.title),
            p.totals.commitments,
            p.totals.milestones_done,
            p.totals.milestones_total,
            percent(p.totals.progress),
            p.totals.overdue
        )?;
    }
    for p in &r.pillars {
        let rows: Vec<_> = r.commitments.iter().filter(|c| c.pillar == p.id).collect();
        if rows.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "## {}", cell(&p.title))?;
        writeln!(out)?;
        writeln!(out, "| Id | Title | Owner | State | Done | Next due |")?;
        writeln!(out, "|---|---|---|---|---:|---|")?;
        for c in rows {
            let state = if c.state == crate::state::State::Overdue {
                format!("**{}**", c.state)
            } else {
                c.state.to_string()
            };
            let next = c.next_due.as_ref().map_or_else(
                || "–".to_owned(),
                |n| format!("{} ({})", cell(&n.milestone), n.due),
            );
            writeln!(
                out,
                "| [{}]({}) | {} | {} | {} | {}/{} | {} |",
                cell(&c.id),
                c.path.replace(' ', "%20").replace(')', "%29"),
                cell(&c.title),
                cell(&c.owner),
                state,
                c.milestones_done,
                c.milestones_total,
                next
            )?;
        }
    }
    if !r.skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "Left out because of errors (run `tracker check`):")?;
        writeln!(out)?;
        for s in &r.skipped {
            writeln!(out, "- `{}`: {}", s.path, cell(&s.reason))?;
        }
    }
    Ok(())
}

/// Writes one commitment in detail.
pub fn detail(out: &mut dyn Write, r: &DetailReport) -> io::Result<()> {
    writeln!(out, "# {}: {}", cell(&r.id), cell(&r.title))?;
    writeln!(out)?;
    writeln!(out, "- Pillar: {}", cell(&r.pillar))?;
    writeln!(out, "- Owner: {}", cell(&r.owner))?;
    writeln!(
        out,
        "- State as of {}: **{}** ({})",
        r.as_of,
        r.state,
        cell(&r.reason)
    )?;
    writeln!(
        out,
        "- Progress: {}/{} milestones ({})",
        r.milestones_done,
        r.milestones_total,
        percent(r.progress)
    )?;
    if let Some(due) = r.due {
        writeln!(out, "- Due: {due}")?;
    }
    writeln!(out, "- File: [{}]({})", cell(&r.path), r.path.replace(' ', "%20"))?;
    if !r.milestones.is_empty() {
        writeln!(out)?;
        writeln!(out, "| Milestone | Title | Due | Done | State |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for m in &r.milestones {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&m.id),
                cell(&m.title),
                m.due,
                m.done.map_or_else(|| "–".into(), |d| d.to_string()),
                m.state.as_str()
            )?;
        }
    }
    if !r.indicators.is_empty() {
        writeln!(out)?;
        writeln!(out, "| Indicator | Baseline | Target | Latest | Progress |")?;
        writeln!(out, "|---|---:|---:|---:|---:|")?;
        for i in &r.indicators {
            let show = |p: &crate::report::detail::Point| format!("{} ({})", p.value, p.date);
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&i.title),
                show(&i.baseline),
                i.target.as_ref().map_or_else(|| "–".into(), show),
                i.latest.as_ref().map_or_else(|| "–".into(), show),
                percent(i.progress)
            )?;
        }
    }
    if !r.depends_on.is_empty() {
        writeln!(out)?;
        let deps: Vec<String> = r
            .depends_on
            .iter()
            .map(|d| format!("{} ({})", cell(&d.id), d.state.map_or("unknown", |s| s.as_str())))
            .collect();
        writeln!(out, "Depends on: {}", deps.join(", "))?;
    }
    if !r.links.is_empty() {
        writeln!(out)?;
        for l in &r.links {
            if l.url.starts_with("https://") || l.url.starts_with("http://") {
                writeln!(out, "- [{}](<{}>)", cell(&l.title), l.url.replace('>', "%3E"))?;
            } else {
                writeln!(out, "- {} ({})", cell(&l.title), cell(&l.url))?;
            }
        }
    }
    Ok(())
}

/// Writes history events as a table.
pub fn history(out: &mut dyn Write, rows: &[HistoryRow]) -> io::Result<()> {
    writeln!(out, "| Date | Author | Commit | Commitment | Change | Subject |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for r in rows {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.date.map_or_else(|| "uncommitted".into(), |d| d.to_string()),
            cell(r.author.unwrap_or("")),
            r.short(),
            cell(r.change.commitment.as_deref().unwrap_or(&r.change.path)),
            cell(&r.change.describe()),
            cell(r.subject.unwrap_or(""))
        )?;
    }
    Ok(())
}

/// Writes the slippage report as a table.
pub fn slips(out: &mut dyn Write, slips: &[Slip]) -> io::Result<()> {
    writeln!(
        out,
        "| Commitment | Milestone | First due | Due now | Slipped | Moves | Moved by |"
    )?;
    writeln!(out, "|---|---|---|---|---:|---:|---|")?;
    let show = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "–".into(), |d| d.to_string());
    for s in slips {
        let who: Vec<String> = s
            .history
            .iter()
            .map(|m| {
                format!(
                    "{} {} ({:+} days): {}",
                    show(m.date),
                    cell(m.author.as_deref().unwrap_or("")),
                    m.days,
                    cell(m.subject.as_deref().unwrap_or(""))
                )
            })
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} days | {} | {} |",
            cell(&s.commitment),
            cell(s.milestone.as_deref().unwrap_or("–")),
            show(s.original_due),
            show(s.current_due),
            s.days_slipped,
            s.moves,
            who.join("<br>")
        )?;
    }
    Ok(())
}

/// Writes a diff: progress per pillar, then the changes.
pub fn diff(out: &mut dyn Write, r: &DiffReport) -> io::Result<()> {
    writeln!(out, "## Changes from {} to {}", cell(&r.from), cell(&r.to))?;
    writeln!(out)?;
    writeln!(out, "| Pillar | Then | Now | Milestones done |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for p in &r.pillars {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} → {}/{} |",
            cell(&p.title),
            percent(p.progress_from),
            percent(p.progress_to),
            p.done_from,
            p.total_from,
            p.done_to,
            p.total_to
        )?;
    }
    writeln!(out)?;
    for c in &r.changes {
        writeln!(
            out,
            "- **{}**: {}",
            cell(c.commitment.as_deref().unwrap_or(&c.path)),
            cell(&c.describe())
        )?;
    }
    Ok(())
}
