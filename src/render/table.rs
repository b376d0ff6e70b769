//! Terminal tables (comfy-table). Colour only when the caller says so; user text is
//! cleaned of control characters.

use super::{Style, clean, percent, shorten};
use crate::report::detail::DetailReport;
use crate::report::diff::DiffReport;
use crate::report::events::HistoryRow;
use crate::report::slips::Slip;
use crate::report::status::{CommitmentRow, StatusReport};
use crate::state::{MilestoneState, State};
use crate::words::thousands;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use std::io::{self, Write};

pub(super) fn table(style: &Style) -> Table {
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

/// The most characters a cell of a terminal table holds: laying out a table takes time
/// that grows with the square of its longest cell, so text from the files is cut (with
/// `…`) before it reaches the layout. The other formats keep the whole text.
pub const MAX_CELL: usize = 400;

/// Text from the files or from git, made safe for a terminal cell: cleaned of control
/// and invisible characters, and cut to [`MAX_CELL`].
pub(super) fn fit(s: &str) -> String {
    shorten(&clean(s), MAX_CELL)
}

pub(super) fn header(style: &Style, names: &[&str]) -> Vec<Cell> {
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

/// What leads a roll-up's output when sources could not be read.
pub fn sources_left_out_text(names: &[String]) -> String {
    clean(&format!(
        "INCOMPLETE: {} could not be read ({}); what follows leaves {} out",
        crate::words::count(names.len(), "source"),
        names.join(", "),
        if names.len() == 1 { "it" } else { "them" }
    ))
}

/// The first line of a roll-up's output when sources could not be read.
pub fn sources_left_out(names: &[String], style: &Style) -> String {
    let text = sources_left_out_text(names);
    if style.color {
        format!("\u{1b}[1;31m{text}\u{1b}[0m")
    } else {
        text
    }
}

/// The first line of every table output when files were left out.
pub fn incomplete(skipped: usize, files: Option<usize>, style: &Style) -> String {
    let what = match files {
        Some(n) => format!(
            "{} of {}",
            thousands(skipped as i64),
            crate::words::count(n, "commitment file")
        ),
        None => crate::words::count(skipped, "commitment file"),
    };
    let text = format!(
        "INCOMPLETE: {what} {} left out because of errors; every figure below leaves {} out (run `tracker check`)",
        if skipped == 1 { "was" } else { "were" },
        if skipped == 1 { "it" } else { "them" }
    );
    if style.color {
        format!("\u{1b}[1;31m{text}\u{1b}[0m")
    } else {
        text
    }
}

/// A pillar's figures in one line: "3/5 milestones (60%), 1 overdue", or what is known.
fn pillar_line(t: &crate::report::status::Totals) -> String {
    use crate::report::status::Coverage;
    let left_out = crate::words::count(t.left_out, "file");
    if t.coverage == Coverage::Unknown {
        return format!("unknown: every file ({left_out}) left out because of errors");
    }
    let mut s = format!(
        "{}/{} milestones ({}), {} overdue",
        thousands(t.milestones_done as i64),
        thousands(t.milestones_total as i64),
        percent(t.progress),
        thousands(t.overdue as i64)
    );
    if t.weighted {
        s.push_str(&format!(
            ", by weight {}/{}",
            crate::words::number(t.weight_done),
            crate::words::number(t.weight_total)
        ));
    }
    if t.coverage == Coverage::Partial {
        s.push_str(&format!("; {left_out} left out"));
    }
    s
}

/// The whole strategy's figures: "52/61 milestones done (85%)".
fn pillar_line_total(t: &crate::report::status::Totals) -> String {
    let mut s = format!(
        "{}/{} milestones done ({})",
        thousands(t.milestones_done as i64),
        thousands(t.milestones_total as i64),
        percent(t.progress)
    );
    if t.weighted {
        s.push_str(&format!(
            ", by weight {}/{}",
            crate::words::number(t.weight_done),
            crate::words::number(t.weight_total)
        ));
    }
    s
}

/// The columns of the status tables, fitted to the terminal unless `--wide`: first the
/// title is cut to 24 characters, the owner to 14, the next due milestone to its date
/// alone and the assessment to 16 characters; then the owner is dropped, then the
/// assessment; then the title is cut to 12. Ids, states and dates are never cut.
fn status_columns(r: &StatusReport, assessed: bool, style: &Style) -> Vec<super::layout::Column> {
    use super::layout::{Column, Step};
    let rows = &r.commitments;
    let cells = |f: &dyn Fn(&CommitmentRow) -> String| rows.iter().map(f).collect::<Vec<_>>();
    let mut columns = vec![
        Column::new("id", cells(&|c| fit(&c.id))),
        Column::new("title", cells(&|c| fit(&c.title))),
        Column::new("owner", cells(&|c| fit(&c.owner))),
        Column::new("state", cells(&|c| c.state.as_str().to_owned())),
        Column::new(
            "done",
            cells(&|c| format!("{}/{}", c.milestones_done, c.milestones_total)),
        ),
        Column::new("next due", cells(&next_due)),
    ];
    if let Some(scale) = &r.scale {
        columns.push(Column::new(
            scale,
            cells(&|c| fit(c.on_scale.as_ref().map_or("–", |w| w.title.as_str()))),
        ));
    }
    if assessed {
        columns.push(Column::new(
            "assessed",
            cells(&|c| {
                fit(&c.assessed.as_ref().map_or("–".to_owned(), |a| {
                    format!("{}{}", a.verdict_title, if a.stale { " (stale)" } else { "" })
                }))
            }),
        ));
    }
    if style.wide {
        return columns;
    }
    let dates = cells(&|c| c.next_due.as_ref().map_or("–".to_owned(), |n| n.due.to_string()));
    let steps = vec![
        Step::Shorten("title", 24),
        Step::Shorten("owner", 14),
        Step::Replace("next due", dates),
        Step::Shorten("assessed", 16),
        Step::Drop("owner"),
        Step::Drop("assessed"),
        Step::Shorten("title", 12),
    ];
    super::layout::fit(columns, steps, style.width)
}

/// Writes the status report: a summary line, then one block per pillar.
pub fn status(out: &mut dyn Write, r: &StatusReport, style: &Style) -> io::Result<()> {
    if !r.complete {
        writeln!(out, "{}", incomplete(r.totals.left_out, Some(r.files), style))?;
    }
    writeln!(out, "{}", bold(clean(&r.strategy.title), style))?;
    let source = if r.source.is_files_on_disk() {
        String::new()
    } else {
        format!(" (from {})", r.source.title())
    };
    let wrap = |text: String, indent: usize| {
        if style.wide {
            text
        } else {
            super::layout::wrap(&text, style.width, indent)
        }
    };
    let summary = format!(
        "Status as of {}{source}: {}, {} of {} overdue",
        r.as_of,
        pillar_line_total(&r.totals),
        thousands(r.totals.overdue as i64),
        crate::words::count(r.totals.commitments, "commitment"),
    );
    writeln!(out, "{}", wrap(summary, 2))?;
    for note in super::layer::lens_notes(r.audience, r.internal_hidden, r.min_confidence, r.set_aside)
        .into_iter()
        .chain(super::layer::confidence_note(&r.totals))
    {
        writeln!(out, "{}", wrap(note, 2))?;
    }
    if !r.disagreements.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", bold("Reported and assessed disagree:".into(), style))?;
        for d in &r.disagreements {
            writeln!(
                out,
                "{}",
                wrap(format!("  {}", fit(&super::layer::disagreement(d))), 4)
            )?;
        }
    }
    let assessed = r.commitments.iter().any(|c| c.assessed.is_some());
    if r.commitments.is_empty() && r.totals.left_out == 0 {
        writeln!(out, "No commitment matches the filters.")?;
    }
    let columns = status_columns(r, assessed, style);
    for p in &r.pillars {
        writeln!(out)?;
        let line = format!(
            "{} ({}): {}",
            clean(&p.title),
            clean(&p.id),
            pillar_line(&p.totals)
        );
        let line = if style.wide {
            line
        } else {
            super::layout::wrap(&line, style.width, 2)
        };
        writeln!(out, "{}", bold(line, style))?;
        let rows: Vec<usize> = (0..r.commitments.len())
            .filter(|i| r.commitments[*i].pillar == p.id)
            .collect();
        if rows.is_empty() {
            writeln!(out, "  (no commitments)")?;
            continue;
        }
        let mut t = table(style);
        // The columns are already cut to fit; wrapping would only break them.
        t.set_content_arrangement(ContentArrangement::Disabled);
        let heads: Vec<&str> = columns.iter().map(|c| c.head.as_str()).collect();
        t.set_header(header(style, &heads));
        for i in rows {
            let c = &r.commitments[i];
            let row: Vec<Cell> = columns
                .iter()
                .map(|col| {
                    let text = col.cells[i].clone();
                    match col.head.as_str() {
                        "state" => state_cell(c.state, style),
                        "next due" if style.color && !c.overdue_milestones.is_empty() => {
                            Cell::new(text).fg(Color::Red)
                        }
                        _ => Cell::new(text),
                    }
                })
                .collect();
            t.add_row(row);
        }
        writeln!(out, "{t}")?;
    }
    let used = super::layer::scales_used(
        &r.scales,
        r.commitments
            .iter()
            .filter_map(|c| c.assessed.as_ref().map(|a| a.scale.as_str()))
            .chain(r.disagreements.iter().map(|d| d.assessed.scale.as_str()))
            .chain(r.scale.as_deref()),
    );
    if !used.is_empty() {
        writeln!(out)?;
        writeln!(out, "Legend:")?;
        for (scale, word, definition) in super::layer::legend(&used) {
            let line = format!("  {}: {}: {}", fit(&scale), fit(&word), fit(&definition));
            let line = if style.wide {
                line
            } else {
                super::layout::wrap(&line, style.width, 4)
            };
            writeln!(out, "{line}")?;
        }
    }
    if let Some(c) = r.source.commit_id() {
        writeln!(out)?;
        writeln!(out, "Source: commit {c}")?;
    }
    Ok(())
}

/// Writes one commitment in detail, its lines of text wrapped to the terminal (the
/// tables fit it already) unless `--wide`.
pub fn detail(out: &mut dyn Write, r: &DetailReport, style: &Style) -> io::Result<()> {
    let mut buf = Vec::new();
    detail_lines(&mut buf, r, style)?;
    let text = String::from_utf8_lossy(&buf);
    for line in text.lines() {
        let boxed = line.starts_with(['┌', '│', '╞', '├', '└']);
        if style.wide || boxed {
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{}", super::layout::wrap(line, style.width, 4))?;
        }
    }
    Ok(())
}

fn detail_lines(out: &mut dyn Write, r: &DetailReport, style: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        bold(format!("{}: {}", clean(&r.id), clean(&r.title)), style)
    )?;
    writeln!(out, "pillar:   {}", clean(&r.pillar))?;
    // (Empty when withheld from a public output.)
    if !r.owner.is_empty() {
        writeln!(out, "owner:    {}", clean(&r.owner))?;
    }
    if let Some(s) = r.status {
        writeln!(out, "status:   {s}")?;
    }
    if let Some(d) = r.start {
        writeln!(out, "start:    {d}")?;
    }
    if let Some(d) = r.due {
        writeln!(out, "due:      {d}{}", replanned(r.baseline_due, r.replans, d))?;
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
        "progress: {}/{} milestones ({}{})",
        thousands(r.milestones_done as i64),
        thousands(r.milestones_total as i64),
        percent(r.progress),
        if r.weighted { ", by weight" } else { "" }
    )?;
    if let Some(a) = &r.assessed {
        writeln!(out, "assessed: {}", fit(&super::layer::assessed_words(a)))?;
    }
    for n in super::layer::lens_notes(r.audience, r.internal_hidden, None, 0) {
        writeln!(out, "{n}")?;
    }
    let rated = r.milestones.iter().any(|m| m.confidence.is_some());
    let m_assessed = r.milestones.iter().any(|m| m.assessed.is_some());
    if !r.milestones.is_empty() {
        use super::layout::{Column, Step};
        let ms = &r.milestones;
        let cells =
            |f: &dyn Fn(&crate::report::detail::MilestoneRow) -> String| ms.iter().map(f).collect::<Vec<_>>();
        // The title first, for people; the id beside it.
        let mut columns = vec![
            Column::new("title", cells(&|m| fit(&m.title))),
            Column::new("milestone", cells(&|m| fit(&m.id))),
            Column::new("due", cells(&|m| m.due.to_string())),
            Column::new(
                "done",
                cells(&|m| m.done.map_or_else(|| "–".into(), |d| d.to_string())),
            ),
            Column::new("state", cells(&|m| m.state.as_str().to_owned())),
        ];
        if r.weighted {
            columns.push(Column::new("weight", cells(&|m| crate::words::number(m.weight))));
        }
        if rated {
            columns.push(Column::new(
                "confidence",
                cells(&|m| m.confidence.map_or("–", |c| c.as_str()).to_owned()),
            ));
        }
        let baseline = |m: &crate::report::detail::MilestoneRow| {
            let text = replanned(m.baseline_due, m.replans, m.due);
            let text = text
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .to_owned();
            if text.is_empty() { "–".to_owned() } else { text }
        };
        if ms.iter().any(|m| baseline(m) != "–") {
            columns.push(Column::new("baseline", cells(&baseline)));
        }
        if m_assessed {
            columns.push(Column::new(
                "assessed",
                cells(&|m| {
                    fit(&m
                        .assessed
                        .as_ref()
                        .map_or("–".to_owned(), super::layer::assessed_words))
                }),
            ));
        }
        // Cut to fit, in this order: titles to 30, baselines and assessments to 20, then
        // the assessments and baselines go (`status --format json` has them), titles down
        // to 12, the weights and confidences go, and titles down to 6. Ids and dates stay
        // whole.
        if !style.wide {
            let steps = vec![
                Step::Shorten("title", 30),
                Step::Shorten("baseline", 20),
                Step::Shorten("assessed", 20),
                Step::Drop("assessed"),
                Step::Drop("baseline"),
                Step::Shorten("title", 12),
                Step::Drop("weight"),
                Step::Drop("confidence"),
                Step::Shorten("title", 6),
            ];
            columns = super::layout::fit(columns, steps, style.width);
        }
        let mut t = table(style);
        t.set_content_arrangement(ContentArrangement::Disabled);
        let heads: Vec<&str> = columns.iter().map(|c| c.head.as_str()).collect();
        t.set_header(header(style, &heads));
        for (i, m) in ms.iter().enumerate() {
            let row: Vec<Cell> = columns
                .iter()
                .map(|col| {
                    let cell = Cell::new(&col.cells[i]);
                    match (col.head.as_str(), style.color, m.state) {
                        ("state", true, MilestoneState::Overdue) => {
                            cell.fg(Color::Red).add_attribute(Attribute::Bold)
                        }
                        ("state", true, MilestoneState::Done) => cell.fg(Color::Green),
                        _ => cell,
                    }
                })
                .collect();
            t.add_row(row);
        }
        writeln!(out, "{t}")?;
    }
    if !r.events.is_empty() {
        writeln!(out, "events (not counted in progress):")?;
        for e in &r.events {
            let note = e
                .note
                .as_deref()
                .map(|n| format!(" ({})", clean(n)))
                .unwrap_or_default();
            writeln!(out, "  {} {}{note}", e.date, clean(&e.title))?;
        }
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
                Cell::new(fit(&i.title)),
                Cell::new(fit(i.unit.as_deref().unwrap_or(""))),
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

/// " (baseline 2021-06-30, re-planned 3 times, +2,375 days)" when a due date moved.
fn replanned(baseline: Option<chrono::NaiveDate>, replans: Option<usize>, due: chrono::NaiveDate) -> String {
    let (Some(baseline_due), Some(replans)) = (baseline, replans) else {
        return String::new();
    };
    crate::report::baseline::Baseline {
        baseline_due,
        replans,
    }
    .describe(due)
    .map(|d| format!(" ({d})"))
    .unwrap_or_default()
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
            Cell::new(fit(r.change.commitment.as_deref().unwrap_or(&r.change.path))),
            Cell::new(fit(&r.change.describe())),
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
            "what",
            "commitment",
            "first due",
            "due now",
            "slipped",
            "moves",
            "moved by, and the reason given",
        ],
    ));
    let show = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "–".into(), |d| d.to_string());
    for s in slips {
        let who: Vec<String> = s
            .history
            .iter()
            .map(|m| {
                format!(
                    "{} {} ({}): {}",
                    m.date.map_or_else(|| "now".into(), |d| d.to_string()),
                    clean(m.author.as_deref().unwrap_or("(you)")),
                    crate::words::signed_days(m.days),
                    shorten(&clean(m.reason.as_deref().unwrap_or("none given")), 80)
                )
            })
            .collect();
        let what = match (&s.milestone, &s.milestone_title) {
            (Some(id), Some(t)) => format!("{} ({})", clean(t), clean(id)),
            (Some(id), None) => clean(id),
            (None, _) => "its own due date".into(),
        };
        let commitment = match &s.commitment_title {
            Some(t) => format!("{} ({})", clean(t), clean(&s.commitment)),
            None => clean(&s.commitment),
        };
        t.add_row(vec![
            Cell::new(shorten(&what, MAX_CELL)),
            Cell::new(shorten(&commitment, MAX_CELL)),
            Cell::new(show(s.original_due)),
            Cell::new(show(s.current_due)),
            Cell::new(crate::words::count(s.days_slipped.max(0) as usize, "day")),
            Cell::new(thousands(s.moves as i64)),
            Cell::new(shorten(&who.join("\n"), MAX_CELL * 2)),
        ]);
    }
    writeln!(out, "{t}")
}

/// Writes the difference between two reporting points.
pub fn diff(out: &mut dyn Write, r: &DiffReport, style: &Style) -> io::Result<()> {
    if !r.sources_left_out.is_empty() {
        writeln!(out, "{}", sources_left_out(&r.sources_left_out, style))?;
    }
    let left_out = r.skipped_from.len().max(r.skipped_to.len());
    if left_out > 0 {
        writeln!(out, "{}", incomplete(left_out, None, style))?;
    }
    writeln!(out, "From {} to {}", clean(&r.from_title), clean(&r.to_title))?;
    for n in super::layer::lens_notes(r.audience, r.internal_hidden, None, 0) {
        writeln!(out, "{n}")?;
    }
    let filters = r.filter.describe();
    if !filters.is_empty() {
        writeln!(out, "Only: {}.", clean(&filters.join("; ")))?;
    }
    let mut t = table(style);
    t.set_header(header(
        style,
        &[
            "pillar",
            "then",
            "now",
            "milestones done",
            "achieved",
            "added",
            "removed",
        ],
    ));
    for p in &r.pillars {
        let pct = |v: Option<f64>, left_out: usize| {
            if left_out > 0 && v.is_none() {
                "unknown".to_owned()
            } else {
                percent(v)
            }
        };
        t.add_row(vec![
            Cell::new(fit(&p.title)),
            Cell::new(pct(p.progress_from, p.left_out_from)),
            Cell::new(pct(p.progress_to, p.left_out_to)),
            Cell::new(format!(
                "{}/{} → {}/{}",
                thousands(p.done_from as i64),
                thousands(p.total_from as i64),
                thousands(p.done_to as i64),
                thousands(p.total_to as i64)
            )),
            Cell::new(thousands(p.plan.achieved as i64)),
            Cell::new(thousands(p.plan.added as i64)),
            Cell::new(thousands(p.plan.removed as i64)),
        ]);
    }
    writeln!(out, "{t}")?;
    let sources: Vec<String> = [&r.from_commit, &r.to_commit]
        .into_iter()
        .flatten()
        .map(|c| format!("commit {c}"))
        .collect();
    let sources = if sources.is_empty() {
        String::new()
    } else {
        format!("Sources: {}\n", sources.join(", "))
    };
    if r.changes.is_empty() {
        let none = if r.complete {
            "no changes"
        } else {
            "no changes among the files that could be read; the files left out may have changed"
        };
        return write!(out, "{none}\n{sources}");
    }
    let mut t = table(style);
    t.set_header(header(style, &["commitment", "change"]));
    for c in &r.changes {
        t.add_row(vec![
            Cell::new(fit(c.commitment.as_deref().unwrap_or(&c.path))),
            Cell::new(fit(&c.describe())),
        ]);
    }
    writeln!(out, "{t}")?;
    write!(out, "{sources}")
}
