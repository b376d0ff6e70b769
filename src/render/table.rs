//! Terminal tables (comfy-table). Colour only when the caller says so; user text is
//! cleaned of control characters.

use super::{Style, clean, percent, shorten};
use crate::report::detail::DetailReport;
use crate::report::diff::DiffReport;
use crate::report::events::HistoryRow;
use crate::report::slips::Slip;
use crate::report::status::{CommitmentRow, StatusReport};
use crate::state::{MilestoneState, State};
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use std::io::{self, Write};

/// Owners are shortened to this many characters in the status table.
const OWNER_WIDTH: usize = 24;

fn table(style: &Style) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width.clamp(40, u16::MAX as usize) as u16);
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

fn header(style: &Style, names: &[&str]) -> Vec<Cell> {
    names
        .iter()
        .map(|n| {
            let c = Cell::new(n);
            if style.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        })
        .collect()
}

fn state_cell(state: State, style: &Style) -> Cell {
    let c = Cell::new(state.as_str());
    if !style.color {
        return c;
    }
    match state {
        State::Overdue => c.fg(Color::Red).add_attribute(Attribute::Bold),
        State::Done => c.fg(Color::Green),
        State::OnTrack => c.fg(Color::Cyan),
        State::NotStarted => c.add_attribute(Attribute::Dim),
        State::Dropped => c.fg(Color::DarkGrey),
    }
}

fn bold(s: String, style: &Style) -> String {
    if style.color {
        format!("\u{1b}[1m{s}\u{1b}[0m")
    } else {
        s
    }
}

fn next_due(c: &CommitmentRow) -> String {
    match &c.next_due {
        Some(n) => format!("{} {}", n.due, shorten(&clean(&n.milestone), 20)),
        None => "–".into(),
    }
}

/// Writes the status report: a summary line, then one block per pillar.
pub fn status(out: &mut dyn Write, r: &StatusReport, style: &Style) -> io::Result<()> {
    writeln!(out, "{}", bold(clean(&r.strategy.title), style))?;
    let source = if r.source.is_files_on_disk() {
        String::new()
    } else {
        format!(" (from {})", r.source.label())
    };
    writeln!(
        out,
        "Status as of {}{source}: {}/{} milestones done ({}), {} of {} commitments overdue",
        r.as_of,
        r.totals.milestones_done,
        r.totals.milestones_total,
        percent(r.totals.progress),
        r.totals.overdue,
        r.totals.commitments
    )?;
    // Budget the title column so rows fit the terminal: the other columns are short,
    // so the title takes what is left (at least 16 characters).
    let widest = |f: &dyn Fn(&CommitmentRow) -> usize| r.commitments.iter().map(f).max().unwrap_or(0);
    let fixed = widest(&|c| c.id.chars().count()).max(2)
        + widest(&|c| shorten(&clean(&c.owner), OWNER_WIDTH).chars().count()).max(5)
        + State::NotStarted.as_str().len()
        + widest(&|c| format!("{}/{}", c.milestones_done, c.milestones_total).len()).max(4)
        + widest(&|c| next_due(c).chars().count()).max(8)
        + 6 * 3
        + 1;
    let title_width = style.width.saturating_sub(fixed).max(16);
    for p in &r.pillars {
        writeln!(out)?;
        writeln!(
            out,
            "{} ({}): {}/{} milestones ({}), {} overdue",
            bold(clean(&p.title), style),
            p.id,
            p.totals.milestones_done,
            p.totals.milestones_total,
            percent(p.totals.progress),
            p.totals.overdue
        )?;
        let rows: Vec<&CommitmentRow> = r.commitments.iter().filter(|c| c.pillar == p.id).collect();
        if rows.is_empty() {
            writeln!(out, "  (no commitments)")?;
            continue;
        }
        let mut t = table(style);
        // The title is already cut to fit; wrapping would only break the other columns.
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.set_header(header(
            style,
            &["id", "title", "owner", "state", "done", "next due"],
        ));
        for c in rows {
            let mut next = Cell::new(next_due(c));
            if style.color && !c.overdue_milestones.is_empty() {
                next = next.fg(Color::Red);
            }
            t.add_row(vec![
                Cell::new(clean(&c.id)),
                Cell::new(shorten(&clean(&c.title), title_width)),
                Cell::new(shorten(&clean(&c.owner), OWNER_WIDTH)),
                state_cell(c.state, style),
                Cell::new(format!("{}/{}", c.milestones_done, c.milestones_total)),
                next,
            ]);
        }
        writeln!(out, "{t}")?;
    }
    Ok(())
}

/// Writes one commitment in detail.
pub fn detail(out: &mut dyn Write, r: &DetailReport, style: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        bold(format!("{}: {}", clean(&r.id), clean(&r.title)), style)
    )?;
    writeln!(out, "pillar:   {}", clean(&r.pillar))?;
    writeln!(out, "owner:    {}", clean(&r.owner))?;
    if let Some(s) = r.status {
        writeln!(out, "status:   {s}")?;
    }
    if let Some(d) = r.start {
        writeln!(out, "start:    {d}")?;
    }
    if let Some(d) = r.due {
        writeln!(out, "due:      {d}")?;
    }
    writeln!(out, "file:     {}", clean(&r.path))?;
    let state = if style.color && r.state == State::Overdue {
        format!("\u{1b}[1;31m{}\u{1b}[0m", r.state)
    } else {
        r.state.to_string()
    };
    writeln!(out, "state:    {state} as of {} ({})", r.as_of, clean(&r.reason))?;
    writeln!(
        out,
        "progress: {}/{} milestones ({})",
        r.milestones_done,
        r.milestones_total,
        percent(r.progress)
    )?;
    if !r.milestones.is_empty() {
        let mut t = table(style);
        t.set_header(header(style, &["milestone", "title", "due", "done", "state"]));
        for m in &r.milestones {
            let mut st = Cell::new(m.state.as_str());
            if style.color {
                st = match m.state {
                    MilestoneState::Overdue => st.fg(Color::Red).add_attribute(Attribute::Bold),
                    MilestoneState::Done => st.fg(Color::Green),
                    MilestoneState::Open => st,
                };
            }
            t.add_row(vec![
                Cell::new(clean(&m.id)),
                Cell::new(clean(&m.title)),
                Cell::new(m.due.to_string()),
                Cell::new(m.done.map_or_else(|| "–".into(), |d| d.to_string())),
                st,
            ]);
        }
        writeln!(out, "{t}")?;
    }
    if !r.indicators.is_empty() {
        let mut t = table(style);
        t.set_header(header(
            style,
            &["indicator", "unit", "baseline", "target", "latest", "to target"],
        ));
        for i in &r.indicators {
            let show = |p: &crate::report::detail::Point| format!("{} ({})", p.value, p.date);
            t.add_row(vec![
                Cell::new(clean(&i.title)),
                Cell::new(clean(i.unit.as_deref().unwrap_or(""))),
                Cell::new(show(&i.baseline)),
                Cell::new(i.target.as_ref().map_or_else(|| "none".into(), show)),
                Cell::new(i.latest.as_ref().map_or_else(|| "–".into(), show)),
                Cell::new(percent(i.progress)),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    if !r.depends_on.is_empty() {
        let deps: Vec<String> = r
            .depends_on
            .iter()
            .map(|d| format!("{} ({})", clean(&d.id), d.state.map_or("unknown", |s| s.as_str())))
            .collect();
        writeln!(out, "depends on: {}", deps.join(", "))?;
    }
    if !r.tags.is_empty() {
        writeln!(out, "tags:     {}", clean(&r.tags.join(", ")))?;
    }
    for l in &r.links {
        writeln!(out, "link:     {} <{}>", clean(&l.title), clean(&l.url))?;
    }
    Ok(())
}

/// A commit subject without the `<commitment>: ` prefix that the commitment column
/// already shows.
fn subject(commitment: Option<&str>, subject: Option<&str>) -> String {
    let s = subject.unwrap_or("(uncommitted)");
    let s = commitment
        .and_then(|c| s.strip_prefix(c))
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(s);
    clean(s)
}

/// Writes the history events, one row each.
pub fn history(out: &mut dyn Write, rows: &[HistoryRow], style: &Style) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "no changes to show");
    }
    let mut t = table(style);
    t.set_header(header(
        style,
        &["date", "author", "commit", "commitment", "change", "subject"],
    ));
    for r in rows {
        t.add_row(vec![
            Cell::new(r.date.map_or_else(|| "now".into(), |d| d.to_string())),
            Cell::new(shorten(&clean(r.author.unwrap_or("(you)")), 20)),
            Cell::new(r.short()),
            Cell::new(clean(r.change.commitment.as_deref().unwrap_or(&r.change.path))),
            Cell::new(clean(&r.change.describe())),
            Cell::new(shorten(&subject(r.change.commitment.as_deref(), r.subject), 60)),
        ]);
    }
    writeln!(out, "{t}")
}

/// Writes the slippage report.
pub fn slips(out: &mut dyn Write, slips: &[Slip], style: &Style) -> io::Result<()> {
    if slips.is_empty() {
        return writeln!(out, "no due date has moved later");
    }
    let mut t = table(style);
    t.set_header(header(
        style,
        &[
            "commitment",
            "milestone",
            "first due",
            "due now",
            "slipped",
            "moves",
            "moved by",
        ],
    ));
    let show = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "–".into(), |d| d.to_string());
    for s in slips {
        let who: Vec<String> = s
            .history
            .iter()
            .map(|m| {
                format!(
                    "{} {} ({:+}d): {}",
                    m.date.map_or_else(|| "now".into(), |d| d.to_string()),
                    clean(m.author.as_deref().unwrap_or("(you)")),
                    m.days,
                    shorten(&subject(Some(&s.commitment), m.subject.as_deref()), 80)
                )
            })
            .collect();
        t.add_row(vec![
            Cell::new(clean(&s.commitment)),
            Cell::new(clean(s.milestone.as_deref().unwrap_or("(commitment)"))),
            Cell::new(show(s.original_due)),
            Cell::new(show(s.current_due)),
            Cell::new(format!("{} days", s.days_slipped)),
            Cell::new(s.moves),
            Cell::new(who.join("\n")),
        ]);
    }
    writeln!(out, "{t}")
}

/// Writes the difference between two reporting points.
pub fn diff(out: &mut dyn Write, r: &DiffReport, style: &Style) -> io::Result<()> {
    writeln!(out, "From {} to {}", r.from, r.to)?;
    let mut t = table(style);
    t.set_header(header(style, &["pillar", "then", "now", "milestones done"]));
    for p in &r.pillars {
        t.add_row(vec![
            Cell::new(clean(&p.title)),
            Cell::new(percent(p.progress_from)),
            Cell::new(percent(p.progress_to)),
            Cell::new(format!(
                "{}/{} → {}/{}",
                p.done_from, p.total_from, p.done_to, p.total_to
            )),
        ]);
    }
    writeln!(out, "{t}")?;
    if r.changes.is_empty() {
        return writeln!(out, "no changes");
    }
    let mut t = table(style);
    t.set_header(header(style, &["commitment", "change"]));
    for c in &r.changes {
        t.add_row(vec![
            Cell::new(clean(c.commitment.as_deref().unwrap_or(&c.path))),
            Cell::new(clean(&c.describe())),
        ]);
    }
    writeln!(out, "{t}")
}
