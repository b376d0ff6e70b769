//! A roll-up's status: its sources first (what was read, from which commit, how old),
//! then the one status report over all of them.

use super::markdown::{cell, code};
use super::table::{fit, header, table};
use super::{Style, clean};
use crate::rollup::gather::{RollupStatus, SourceStatus};
use crate::rollup::report::RollupReport;
use std::io::{self, Write};

/// What a source's row says: its progress, or why it could not be read.
fn figures(s: &SourceStatus) -> String {
    match (&s.error, &s.totals) {
        (Some(_), _) => "not read".into(),
        (None, Some(t)) => super::totals_progress(t),
        (None, None) => "–".into(),
    }
}

fn commit(s: &SourceStatus) -> String {
    match (&s.commit, s.commit_date) {
        (Some(c), Some(d)) => format!("{d} {}", crate::git::short_id(c)),
        _ => "–".into(),
    }
}

/// The day a source was read at, and whether that is stale.
fn as_of(s: &SourceStatus) -> String {
    match s.commit_date {
        Some(d) if s.stale => format!("{d} stale"),
        Some(d) => d.to_string(),
        None => "–".into(),
    }
}

/// What every roll-up output says of its sources.
struct Sources<'a> {
    sources: &'a [SourceStatus],
    stale_days: u32,
    as_of: chrono::NaiveDate,
}

/// The lines that lead the report: sources not read, then sources gone stale.
fn banners(r: &Sources<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let failed: Vec<&SourceStatus> = r.sources.iter().filter(|s| s.error.is_some()).collect();
    if !failed.is_empty() {
        out.push(format!(
            "INCOMPLETE: {} of {} could not be read; every figure below leaves {} out",
            failed.len(),
            crate::words::count(r.sources.len(), "source"),
            if failed.len() == 1 { "it" } else { "them" }
        ));
        for s in failed {
            out.push(format!("  {}: {}", s.name, s.error.as_deref().unwrap_or("")));
            if let Some(h) = &s.hint {
                out.push(format!("    hint: {h}"));
            }
        }
    }
    let stale: Vec<&SourceStatus> = r.sources.iter().filter(|s| s.stale).collect();
    if !stale.is_empty() {
        out.push(format!(
            "STALE: {} of {} last committed more than {} days before {}: {}",
            stale.len(),
            crate::words::count(r.sources.len(), "source"),
            r.stale_days,
            r.as_of,
            stale
                .iter()
                .map(|s| format!(
                    "{} (as of {})",
                    s.label,
                    s.commit_date.map_or("?".into(), |d| d.to_string())
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

/// The roll-up for a terminal.
pub fn table_status(out: &mut dyn Write, r: &RollupStatus, style: &Style) -> io::Result<()> {
    let sources = Sources {
        sources: &r.sources,
        stale_days: r.stale_days,
        as_of: r.as_of,
    };
    for b in banners(&sources) {
        let b = clean(&b);
        let b = if style.wide {
            b
        } else {
            let indent = b.len() - b.trim_start().len() + 2;
            super::layout::wrap(&b, style.width, indent)
        };
        if style.color && !b.starts_with(' ') {
            writeln!(out, "\u{1b}[1;31m{b}\u{1b}[0m")?;
        } else {
            writeln!(out, "{b}")?;
        }
    }
    writeln!(
        out,
        "Roll-up of {}: {}",
        crate::words::count(r.sources.len(), "source"),
        clean(&r.rollup.title)
    )?;
    let mut t = table(style);
    t.set_header(header(
        style,
        &[
            "source", "as of", "commit", "progress", "overdue", "left out", "label",
        ],
    ));
    for s in &r.sources {
        let overdue = s.totals.as_ref().map_or("–".into(), |t| t.overdue.to_string());
        t.add_row(vec![
            fit(&s.name),
            as_of(s),
            s.commit
                .as_deref()
                .map_or("–".into(), |c| crate::git::short_id(c).to_owned()),
            figures(s),
            overdue,
            s.left_out.to_string(),
            fit(&s.label),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out)?;
    super::table::status(out, &r.status, style)
}

/// The roll-up as Markdown.
pub fn markdown_status(out: &mut dyn Write, r: &RollupStatus) -> io::Result<()> {
    writeln!(out, "# Roll-up: {}", cell(&r.rollup.title))?;
    writeln!(out)?;
    markdown_sources(
        out,
        &Sources {
            sources: &r.sources,
            stale_days: r.stale_days,
            as_of: r.as_of,
        },
    )?;
    super::markdown::status(out, &r.status)
}

/// A roll-up's period report as Markdown: its sources, then the report.
pub fn markdown_report(out: &mut dyn Write, r: &RollupReport) -> io::Result<()> {
    writeln!(out, "# Roll-up: {}", cell(&r.rollup.title))?;
    writeln!(out)?;
    markdown_sources(
        out,
        &Sources {
            sources: &r.sources,
            stale_days: r.stale_days,
            as_of: r.report.period.until,
        },
    )?;
    super::markdown_period::write(out, &r.report)
}

fn markdown_sources(out: &mut dyn Write, r: &Sources<'_>) -> io::Result<()> {
    let banners = banners(r);
    for (i, b) in banners.iter().enumerate() {
        if i > 0 {
            writeln!(out, ">")?;
        }
        writeln!(out, "> {}", cell(b.trim_start()))?;
    }
    if !banners.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "## Sources")?;
    writeln!(out)?;
    writeln!(out, "| source | label | as of | progress | overdue | left out |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for s in r.sources {
        let overdue = s.totals.as_ref().map_or("–".into(), |t| t.overdue.to_string());
        let stale = if s.stale { " (stale)" } else { "" };
        writeln!(
            out,
            "| {} | {} | {}{stale} | {} | {overdue} | {} |",
            code(&s.name),
            cell(&s.label),
            cell(&commit(s)),
            cell(&figures(s)),
            s.left_out
        )?;
    }
    writeln!(out)
}

/// The sources as an HTML section: the banners (as alerts), then a table.
fn html_sources(r: &Sources<'_>) -> maud::Markup {
    maud::html! {
        @for b in banners(r).iter().filter(|b| !b.starts_with(' ')) {
            div.banner role="alert" { (b) }
        }
        section #sources {
            h2 { "Sources" }
            table {
                thead { tr { th { "source" } th { "label" } th { "as of" } th { "progress" } th.n { "overdue" } th.n { "left out" } } }
                tbody {
                    @for s in r.sources {
                        tr {
                            td { code { (s.name) } }
                            td { (s.label) }
                            td { (commit(s)) @if s.stale { " " strong { "stale" } } }
                            td { (figures(s)) @if let Some(e) = &s.error { " (" (e) ")" } }
                            td.n { (s.totals.as_ref().map_or("–".into(), |t| t.overdue.to_string())) }
                            td.n { (s.left_out) }
                        }
                    }
                }
            }
        }
    }
}

/// A roll-up's status as one HTML page: its sources, then the status.
pub fn html_status(out: &mut dyn Write, r: &RollupStatus) -> io::Result<()> {
    let (title, body) = super::html::status_body(&r.status);
    let sources = html_sources(&Sources {
        sources: &r.sources,
        stale_days: r.stale_days,
        as_of: r.as_of,
    });
    let page = super::html::page(&format!("Roll-up {title}"), maud::html! { (sources) (body) });
    writeln!(out, "{}", page.into_string())
}

/// A roll-up's period report as one HTML page: its sources, then the report.
pub fn html_report(out: &mut dyn Write, r: &RollupReport) -> io::Result<()> {
    let (title, body) = super::html_period::titled_body(&r.report);
    let sources = html_sources(&Sources {
        sources: &r.sources,
        stale_days: r.stale_days,
        as_of: r.report.period.until,
    });
    let page = super::html::page(&format!("Roll-up: {title}"), maud::html! { (sources) (body) });
    writeln!(out, "{}", page.into_string())
}
