//! CSV output, one row per commitment (or per milestone for one commitment).
//!
//! Cells taken from user text never start with `=`, `+`, `-` or `@`: a spreadsheet would
//! run them as formulas, so such cells get a leading `'`.

use crate::history::Event;
use crate::report::detail::DetailReport;
use crate::report::diff::DiffReport;
use crate::report::events::HistoryRow;
use crate::report::slips::Slip;
use crate::report::status::StatusReport;
use std::io::{self, Write};

/// Makes user text safe to open in a spreadsheet: cleaned of control and invisible
/// characters (line breaks become spaces), and defused when it starts like a formula
/// (the full-width forms count too: some spreadsheets read them as the ASCII ones).
pub fn cell(s: &str) -> String {
    let s = super::clean(s);
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}') => format!("'{s}"),
        _ => s,
    }
}

/// Turns a csv error into an I/O error that keeps its kind (so a closed pipe is seen).
fn io_error(e: csv::Error) -> io::Error {
    let kind = match e.kind() {
        csv::ErrorKind::Io(io) => Some(io.kind()),
        _ => None,
    };
    kind.map_or_else(|| io::Error::other(e), io::Error::from)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn fraction(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.4}")).unwrap_or_default()
}

/// Writes the status report: one row per commitment, same fields as the JSON (for a
/// roll-up, `rollup`, the source first).
pub fn status(out: &mut dyn Write, r: &StatusReport, rollup: bool) -> io::Result<()> {
    sourced(
        out,
        rollup,
        &[
            "as_of",
            "id",
            "title",
            "pillar",
            "owner",
            "path",
            "state",
            "milestones_total",
            "milestones_done",
            "progress",
            "next_due_milestone",
            "next_due",
            "overdue_milestones",
            "assessed",
            "assessed_scale",
            "assessed_by",
            "assessed_on",
            "assessed_stale",
            "on_scale",
        ],
        r.commitments
            .iter()
            .map(|c| {
                let a = c.assessed.as_ref();
                (
                    c.source.as_deref(),
                    vec![
                        r.as_of.to_string(),
                        c.id.clone(),
                        cell(&c.title),
                        c.pillar.clone(),
                        cell(&c.owner),
                        cell(&c.path),
                        c.state.to_string(),
                        c.milestones_total.to_string(),
                        c.milestones_done.to_string(),
                        fraction(c.progress),
                        opt(c.next_due.as_ref().map(|n| &n.milestone)),
                        opt(c.next_due.as_ref().map(|n| n.due)),
                        c.overdue_milestones.join(";"),
                        opt(a.map(|a| &a.verdict)),
                        opt(a.map(|a| &a.scale)),
                        cell(a.map_or("", |a| &a.by)),
                        opt(a.map(|a| a.date)),
                        a.map_or(String::new(), |a| a.stale.to_string()),
                        opt(c.on_scale.as_ref().map(|w| &w.word)),
                    ],
                )
            })
            .collect(),
    )
}

/// Writes one commitment's milestones, one row each.
pub fn detail(out: &mut dyn Write, r: &DetailReport) -> io::Result<()> {
    rows(
        out,
        &[
            "as_of",
            "commitment",
            "milestone",
            "title",
            "due",
            "done",
            "state",
            "evidence",
        ],
        r.milestones
            .iter()
            .map(|m| {
                vec![
                    r.as_of.to_string(),
                    r.id.clone(),
                    m.id.clone(),
                    cell(&m.title),
                    m.due.to_string(),
                    opt(m.done),
                    m.state.as_str().to_owned(),
                    cell(m.evidence.as_deref().unwrap_or("")),
                ]
            })
            .collect(),
    )
}

/// Writes a header and rows, keeping the kind of a write error (a closed pipe).
fn rows(out: &mut dyn Write, header: &[&str], rows: Vec<Vec<String>>) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let result = (|| -> csv::Result<()> {
        w.write_record(header)?;
        for r in rows {
            w.write_record(r)?;
        }
        w.flush()?;
        Ok(())
    })();
    result.map_err(io_error)
}

/// [`rows`], with a first column `source` for a roll-up's rows (even when there are
/// none, so that the shape does not depend on the filters); one strategy's have none.
fn sourced(
    out: &mut dyn Write,
    rollup: bool,
    header: &[&str],
    list: Vec<(Option<&str>, Vec<String>)>,
) -> io::Result<()> {
    if !rollup {
        return rows(out, header, list.into_iter().map(|(_, row)| row).collect());
    }
    let header: Vec<&str> = std::iter::once("source").chain(header.iter().copied()).collect();
    let list = list
        .into_iter()
        .map(|(source, row)| std::iter::once(cell(source.unwrap_or(""))).chain(row).collect())
        .collect();
    rows(out, &header, list)
}

/// The columns of `history`: the commit's, then [`CHANGE`].
const HISTORY: [&str; 12] = [
    "commit", "date", "author", "subject", CHANGE[0], CHANGE[1], CHANGE[2], CHANGE[3], CHANGE[4], CHANGE[5],
    CHANGE[6], CHANGE[7],
];

/// The columns of a change, in `history` and `diff`.
const CHANGE: [&str; 8] = [
    "commitment",
    "milestone",
    "kind",
    "field",
    "from",
    "to",
    "days",
    "path",
];

/// A change's cells, in the order of [`CHANGE`].
fn change_cells(c: &crate::compare::Change) -> impl Iterator<Item = String> {
    [
        opt(c.commitment.as_ref()),
        opt(c.milestone.as_ref()),
        c.kind.as_str().to_owned(),
        opt(c.field.as_ref()),
        cell(&opt(c.from.as_ref())),
        cell(&opt(c.to.as_ref())),
        opt(c.days),
        cell(&c.path),
    ]
    .into_iter()
}

/// Writes history events, one row each.
pub fn history(out: &mut dyn Write, list: &[HistoryRow], rollup: bool) -> io::Result<()> {
    sourced(
        out,
        rollup,
        &HISTORY,
        list.iter().map(|r| (r.source, history_cells(r))).collect(),
    )
}

/// [`history`] of one strategy's events as they come.
pub fn history_each(
    out: &mut dyn Write,
    events: &mut dyn Iterator<Item = io::Result<Event>>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let result = (|| -> csv::Result<()> {
        w.write_record(HISTORY)?;
        for e in events {
            w.write_record(history_cells(&HistoryRow::new(&e?)))?;
        }
        w.flush()?;
        Ok(())
    })();
    result.map_err(io_error)
}

fn history_cells(r: &HistoryRow) -> Vec<String> {
    [
        opt(r.commit.as_ref()),
        opt(r.date),
        cell(r.author.unwrap_or("")),
        cell(r.subject.unwrap_or("")),
    ]
    .into_iter()
    .chain(change_cells(r.change))
    .collect()
}

/// Writes the slippage report, one row per due date.
pub fn slips(out: &mut dyn Write, list: &[Slip], rollup: bool) -> io::Result<()> {
    sourced(
        out,
        rollup,
        &[
            "commitment",
            "commitment_title",
            "milestone",
            "milestone_title",
            "original_due",
            "current_due",
            "days_slipped",
            "moves",
            "moved_by",
            "reasons",
        ],
        list.iter()
            .map(|s| {
                let who: Vec<String> = s
                    .history
                    .iter()
                    .map(|m| {
                        format!(
                            "{} {} ({:+})",
                            opt(m.date),
                            m.author.as_deref().unwrap_or(""),
                            m.days
                        )
                    })
                    .collect();
                let reasons: Vec<&str> = s
                    .history
                    .iter()
                    .map(|m| m.reason.as_deref().unwrap_or("none given"))
                    .collect();
                (
                    s.source.as_deref(),
                    vec![
                        s.commitment.clone(),
                        cell(s.commitment_title.as_deref().unwrap_or("")),
                        opt(s.milestone.as_ref()),
                        cell(s.milestone_title.as_deref().unwrap_or("")),
                        opt(s.original_due),
                        opt(s.current_due),
                        s.days_slipped.to_string(),
                        s.moves.to_string(),
                        cell(&who.join("; ")),
                        cell(&reasons.join("; ")),
                    ],
                )
            })
            .collect(),
    )
}

/// Writes the net changes of a diff, one row each.
pub fn diff(out: &mut dyn Write, r: &DiffReport) -> io::Result<()> {
    rows(
        out,
        &CHANGE,
        r.changes.iter().map(|c| change_cells(c).collect()).collect(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(super::cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::cell("-1"), "'-1");
        assert_eq!(super::cell("@SUM"), "'@SUM");
        assert_eq!(super::cell("plain"), "plain");
        assert_eq!(super::cell("\u{FF1D}1+1"), "'\u{FF1D}1+1");
    }
}
