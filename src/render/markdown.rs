//! Markdown output: the same tables as the terminal, for pasting into a document.

use super::percent;
use crate::history::Event;
use crate::report::detail::DetailReport;
use crate::report::diff::DiffReport;
use crate::report::events::HistoryRow;
use crate::report::slips::Slip;
use crate::report::status::StatusReport;
use crate::words::thousands;
use std::io::{self, Write};

/// Escapes text for Markdown: a table cell, a heading or a paragraph. Every character
/// that could start markup anywhere (emphasis, links, images, HTML, code, tables) is
/// escaped, and so is one that could start a block at the start of a line (a heading, a
/// list, a quote); line breaks become spaces. Text from the files stays text.
pub fn cell(s: &str) -> String {
    let text = super::clean(s);
    let mut out = String::with_capacity(text.len() + 8);
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let numbered = digits > 0 && text[digits..].starts_with(['.', ')']);
    for (i, c) in text.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '|' | '[' | ']' | '*' | '_' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if numbered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as a Markdown code span, such as an id or a file name: delimited by more
/// backticks than it holds in a row, and with `|` escaped so it cannot end a table
/// cell.
pub fn code(s: &str) -> String {
    let text = super::clean(s);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", text.replace('|', "\\|"))
}

/// A link target: an http(s) URL with every character that could end the target, the
/// link or a table cell percent-encoded; `None` for anything else, which then stays
/// text.
pub fn target(url: &str) -> Option<String> {
    if !super::is_web_url(url) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#@!$&*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Some(out)
}

/// `[text](target)` for an http(s) URL, or the text and the URL as plain text.
pub fn link(text: &str, url: &str) -> String {
    match target(url) {
        Some(t) => format!("[{}](<{t}>)", cell(text)),
        None => format!("{} ({})", cell(text), cell(url)),
    }
}

/// Writes the status report.
pub fn status(out: &mut dyn Write, r: &StatusReport) -> io::Result<()> {
    writeln!(out, "# {}", cell(&r.strategy.title))?;
    writeln!(out)?;
    if !r.complete {
        let skipped: Vec<_> = r.skipped.clone();
        writeln!(
            out,
            "{}",
            super::markdown_period::incomplete(&skipped, Some(r.files))
        )?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "Status as of {}{}: {}/{} milestones done ({}), {} of {} overdue.",
        r.as_of,
        if r.source.is_files_on_disk() {
            String::new()
        } else {
            format!(" (from {})", cell(&r.source.title()))
        },
        thousands(r.totals.milestones_done as i64),
        thousands(r.totals.milestones_total as i64),
        percent(r.totals.progress),
        thousands(r.totals.overdue as i64),
        crate::words::count(r.totals.commitments, "commitment")
    )?;
    let notes: Vec<String> =
        super::layer::lens_notes(r.audience, r.internal_hidden, r.min_confidence, r.set_aside)
            .into_iter()
            .chain(super::layer::confidence_note(&r.totals))
            .collect();
    if !notes.is_empty() {
        writeln!(out)?;
        for n in notes {
            writeln!(out, "> {}", cell(&n))?;
        }
    }
    if !r.disagreements.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Reported and assessed disagree")?;
        writeln!(out)?;
        for d in &r.disagreements {
            writeln!(out, "- {}", cell(&super::layer::disagreement(d)))?;
        }
    }
    let assessed = r.commitments.iter().any(|c| c.assessed.is_some());
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
            thousands(p.totals.commitments as i64),
            thousands(p.totals.milestones_done as i64),
            thousands(p.totals.milestones_total as i64),
            super::totals_progress(&p.totals),
            thousands(p.totals.overdue as i64)
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
        let mut head = "| Title | Id | Owner | State | Done | Next due |".to_owned();
        let mut rule = "|---|---|---|---|---:|---|".to_owned();
        if let Some(scale) = &r.scale {
            head.push_str(&format!(" {} |", cell(scale)));
            rule.push_str("---|");
        }
        if assessed {
            head.push_str(" Assessed |");
            rule.push_str("---|");
        }
        writeln!(out, "{head}")?;
        writeln!(out, "{rule}")?;
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
            let mut extra = String::new();
            if r.scale.is_some() {
                extra.push_str(&format!(
                    " {} |",
                    c.on_scale.as_ref().map_or("–".to_owned(), |w| cell(&w.title))
                ));
            }
            if assessed {
                extra.push_str(&format!(
                    " {} |",
                    c.assessed
                        .as_ref()
                        .map_or("–".to_owned(), |a| cell(&super::layer::assessed_words(a)))
                ));
            }
            writeln!(
                out,
                "| {} | [{}](<{}>) | {} | {} | {}/{} | {} |{extra}",
                cell(&c.title),
                code(&c.id),
                super::file_href("", &c.path),
                cell(&c.owner),
                state,
                thousands(c.milestones_done as i64),
                thousands(c.milestones_total as i64),
                next
            )?;
        }
    }
    if !r.skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "Left out because of errors (run `tracker check`):")?;
        writeln!(out)?;
        for s in &r.skipped {
            writeln!(out, "- {}: {}", code(&s.path), cell(&s.reason))?;
        }
    }
    legend(
        out,
        &r.scales,
        r.commitments
            .iter()
            .filter_map(|c| c.assessed.as_ref().map(|a| a.scale.as_str()))
            .chain(r.disagreements.iter().map(|d| d.assessed.scale.as_str()))
            .chain(r.scale.as_deref()),
    )?;
    if let Some(c) = r.source.commit_id() {
        writeln!(out)?;
        writeln!(out, "Source: commit {}.", code(c))?;
    }
    Ok(())
}

/// Writes the legend of the scales in use, if any.
pub fn legend<'a>(
    out: &mut dyn Write,
    scales: &'a [crate::model::Scale],
    used: impl IntoIterator<Item = &'a str>,
) -> io::Result<()> {
    let used = super::layer::scales_used(scales, used);
    if used.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Legend:")?;
    writeln!(out)?;
    for (scale, word, definition) in super::layer::legend(&used) {
        writeln!(
            out,
            "- {}: **{}**: {}",
            cell(&scale),
            cell(&word),
            cell(&definition)
        )?;
    }
    Ok(())
}

/// Writes one commitment in detail.
pub fn detail(out: &mut dyn Write, r: &DetailReport) -> io::Result<()> {
    writeln!(out, "# {} ({})", cell(&r.title), code(&r.id))?;
    writeln!(out)?;
    writeln!(out, "- Pillar: {}", cell(&r.pillar))?;
    if !r.owner.is_empty() {
        writeln!(out, "- Owner: {}", cell(&r.owner))?;
    }
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
        let moved = match (r.baseline_due, r.replans) {
            (Some(baseline_due), Some(replans)) => crate::report::baseline::Baseline {
                baseline_due,
                replans,
            }
            .describe(due)
            .map(|d| format!(" ({d})"))
            .unwrap_or_default(),
            _ => String::new(),
        };
        writeln!(out, "- Due: {due}{moved}")?;
    }
    writeln!(
        out,
        "- File: [{}](<{}>)",
        code(&r.path),
        super::file_href("", &r.path)
    )?;
    if let Some(a) = &r.assessed {
        writeln!(out, "- Assessed: {}", cell(&super::layer::assessed_words(a)))?;
    }
    for n in super::layer::lens_notes(r.audience, r.internal_hidden, None, 0) {
        writeln!(out, "- {}", cell(&n))?;
    }
    if !r.milestones.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "| Milestone | Due | Baseline | Done | State | Weight | Confidence | Assessed |"
        )?;
        writeln!(out, "|---|---|---|---|---|---:|---|---|")?;
        for m in &r.milestones {
            let baseline = match (m.baseline_due, m.replans) {
                (Some(baseline_due), Some(replans)) => crate::report::baseline::Baseline {
                    baseline_due,
                    replans,
                }
                .describe(m.due)
                .unwrap_or_else(|| "–".into()),
                _ => "–".into(),
            };
            writeln!(
                out,
                "| {} ({}) | {} | {baseline} | {} | {} | {} | {} | {} |",
                cell(&m.title),
                code(&m.id),
                m.due,
                m.done.map_or_else(|| "–".into(), |d| d.to_string()),
                m.state.as_str(),
                crate::words::number(m.weight),
                m.confidence.map_or("–", |c| c.as_str()),
                m.assessed
                    .as_ref()
                    .map_or("–".to_owned(), |a| cell(&super::layer::assessed_words(a)))
            )?;
        }
    }
    if !r.events.is_empty() {
        writeln!(out)?;
        writeln!(out, "Events (not counted in progress):")?;
        writeln!(out)?;
        for e in &r.events {
            let note = e
                .note
                .as_deref()
                .map(|n| format!(" ({})", cell(n)))
                .unwrap_or_default();
            let evidence = e
                .evidence
                .as_deref()
                .map(|u| format!(", {}", link("evidence", u)))
                .unwrap_or_default();
            writeln!(out, "- {}: {}{note}{evidence}", e.date, cell(&e.title))?;
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
            writeln!(out, "- {}", link(&l.title, &l.url))?;
        }
    }
    Ok(())
}

/// Writes history events as a table.
pub fn history(out: &mut dyn Write, rows: &[HistoryRow]) -> io::Result<()> {
    history_head(out)?;
    rows.iter().try_for_each(|r| history_row(out, r))
}

/// [`history`] of events as they come, one row each.
pub fn history_each(
    out: &mut dyn Write,
    events: &mut dyn Iterator<Item = io::Result<Event>>,
) -> io::Result<()> {
    history_head(out)?;
    for e in events {
        history_row(out, &HistoryRow::new(&e?))?;
    }
    Ok(())
}

fn history_head(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| Date | Author | Commit | Commitment | Change | Subject |")?;
    writeln!(out, "|---|---|---|---|---|---|")
}

fn history_row(out: &mut dyn Write, r: &HistoryRow) -> io::Result<()> {
    writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        r.date.map_or_else(|| "uncommitted".into(), |d| d.to_string()),
        cell(r.author.unwrap_or("")),
        r.short(),
        cell(r.change.commitment.as_deref().unwrap_or(&r.change.path)),
        cell(&r.change.describe()),
        cell(r.subject.unwrap_or(""))
    )
}

/// Writes the slippage report as a table.
pub fn slips(out: &mut dyn Write, slips: &[Slip]) -> io::Result<()> {
    writeln!(
        out,
        "| What | Commitment | First due | Due now | Slipped | Moves | Moved by, and the reason given |"
    )?;
    writeln!(out, "|---|---|---|---|---:|---:|---|")?;
    let show = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "–".into(), |d| d.to_string());
    for s in slips {
        let who: Vec<String> = s
            .history
            .iter()
            .map(|m| {
                format!(
                    "{} {} ({}): {}",
                    show(m.date),
                    cell(m.author.as_deref().unwrap_or("")),
                    crate::words::signed_days(m.days),
                    m.reason.as_deref().map_or_else(|| "none given".into(), cell)
                )
            })
            .collect();
        let what = match (&s.milestone, &s.milestone_title) {
            (Some(id), Some(t)) => format!("{} ({})", cell(t), code(id)),
            (Some(id), None) => code(id),
            (None, _) => "its own due date".into(),
        };
        let commitment = match &s.commitment_title {
            Some(t) => format!("{} ({})", cell(t), code(&s.commitment)),
            None => code(&s.commitment),
        };
        writeln!(
            out,
            "| {what} | {commitment} | {} | {} | {} | {} | {} |",
            show(s.original_due),
            show(s.current_due),
            crate::words::count(s.days_slipped.max(0) as usize, "day"),
            thousands(s.moves as i64),
            who.join("<br>")
        )?;
    }
    Ok(())
}

/// Writes a diff: progress per pillar, then the changes.
pub fn diff(out: &mut dyn Write, r: &DiffReport) -> io::Result<()> {
    writeln!(
        out,
        "## Changes from {} to {}",
        cell(&r.from_title),
        cell(&r.to_title)
    )?;
    writeln!(out)?;
    for n in super::layer::lens_notes(r.audience, r.internal_hidden, None, 0) {
        writeln!(out, "> {}", cell(&n))?;
        writeln!(out)?;
    }
    let filters = r.filter.describe();
    if !filters.is_empty() {
        writeln!(out, "Only: {}.", cell(&filters.join("; ")))?;
        writeln!(out)?;
    }
    if !r.sources_left_out.is_empty() {
        writeln!(
            out,
            "> **Incomplete data.** {} could not be read ({}), so every figure below leaves {} out.",
            crate::words::count(r.sources_left_out.len(), "source"),
            cell(&r.sources_left_out.join(", ")),
            if r.sources_left_out.len() == 1 {
                "it"
            } else {
                "them"
            }
        )?;
        writeln!(out)?;
    }
    if !(r.skipped_from.is_empty() && r.skipped_to.is_empty()) {
        let mut skipped = r.skipped_from.clone();
        skipped.extend(
            r.skipped_to
                .iter()
                .filter(|s| !r.skipped_from.iter().any(|f| f.path == s.path))
                .cloned(),
        );
        writeln!(out, "{}", super::markdown_period::incomplete(&skipped, None))?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "| Pillar | Then | Now | Milestones done | Achieved | Added | Removed |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
    for p in &r.pillars {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} → {}/{} | {} | {} | {} |",
            cell(&p.title),
            percent(p.progress_from),
            percent(p.progress_to),
            thousands(p.done_from as i64),
            thousands(p.total_from as i64),
            thousands(p.done_to as i64),
            thousands(p.total_to as i64),
            thousands(p.plan.achieved as i64),
            thousands(p.plan.added as i64),
            thousands(p.plan.removed as i64)
        )?;
    }
    writeln!(out)?;
    if r.changes.is_empty() {
        writeln!(
            out,
            "{}",
            if r.complete {
                "No changes."
            } else {
                "No changes among the files that could be read; the files left out may have changed."
            }
        )?;
    }
    for c in &r.changes {
        writeln!(
            out,
            "- **{}**: {}",
            cell(c.commitment.as_deref().unwrap_or(&c.path)),
            cell(&c.describe())
        )?;
    }
    let sources: Vec<String> = [&r.from_commit, &r.to_commit]
        .into_iter()
        .flatten()
        .map(|c| format!("commit {}", code(c)))
        .collect();
    if !sources.is_empty() {
        writeln!(out)?;
        writeln!(out, "Sources: {}.", sources.join(", "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_start_markup() {
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(
            cell("# Heading\n\n![x](https://e/x.png)"),
            "\\# Heading  !\\[x\\](https://e/x.png)"
        );
        assert_eq!(cell("<script>"), "&lt;script&gt;");
        assert_eq!(cell("2026. A year"), "2026\\. A year");
        assert_eq!(cell("- item"), "\\- item");
        assert_eq!(cell("well-known 2026-01-01"), "well-known 2026-01-01");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("a.yaml"), "`a.yaml`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x` | y"), "`` `x` \\| y ``");
    }

    #[test]
    fn link_targets_are_encoded_or_refused() {
        assert_eq!(
            target("https://x.org/a b|c>d\n# h").as_deref(),
            Some("https://x.org/a%20b%7Cc%3Ed%0A#%20h")
        );
        assert_eq!(target("javascript:alert(1)"), None);
        assert_eq!(link("T", "ftp://x"), "T (ftp://x)");
    }
}
