//! HTML output: one self-contained page (inline CSS and SVG; no script, font or image is
//! fetched), readable on a phone and printable, one section per page.
//!
//! Pages are built with maud, which escapes every value it is given: a title such as
//! `<script>` shows as text. Only `http:` and `https:` URLs become links; links to the
//! strategy's files are percent-encoded relative paths. The period report's sections are
//! in `html_period.rs`.

use super::file_href;
use super::svg::{progress_bar, state_bar, state_color};
use crate::report::Scope;
use crate::report::period::PeriodReport;
use crate::report::status::StatusReport;
use crate::state::State;
use crate::words::{count, thousands};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::io::{self, Write};

/// The page's style sheet: screen, phone and print.
const CSS: &str = r#"
:root { color-scheme: light; --line: #ddd; --muted: #555; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 0 auto; max-width: 62rem; padding: 1rem; line-height: 1.45; color: #111; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #333; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.sub, .note, footer { color: var(--muted); font-size: .9rem; }
.big { font-size: 2rem; font-weight: 700; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .45rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f5f5f5; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td.d { white-space: nowrap; }
.up { color: #2e7d32; } .down { color: #c62828; }
.banner { background: #fff3e0; border: 2px solid #b71c1c; color: #111; padding: .6rem .8rem; margin: 0 0 1rem; border-radius: .3rem; }
.banner-inline { background: #fff3e0; border-left: 4px solid #b71c1c; padding: .3rem .5rem; }
.explanation { font-size: 1.05rem; }
.state { display: inline-block; padding: 0 .4rem; border-radius: .6rem; color: #fff; font-size: .8rem; }
.cards { display: grid; gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: .4rem; padding: .75rem; break-inside: avoid; }
.card h3 { margin-top: 0; }
svg.chart { width: 100%; height: auto; display: block; margin: .4rem 0; }
svg.chart-progress { max-width: 36rem; }
svg.chart-states { height: 1.1rem; border-radius: .2rem; }
svg.bar { width: 8rem; height: .6rem; vertical-align: middle; }
.legend span { margin-right: .8rem; font-size: .8rem; white-space: nowrap; }
.legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .25rem; vertical-align: -1px; }
.verdict-not-on-pace, .verdict-no-pace, .verdict-behind, .verdict-no-plan, .verdict-unknown, .verdict-incomplete { color: #c62828; font-weight: 600; }
.verdict-on-pace, .verdict-all-done { color: #2e7d32; font-weight: 600; }
[class^="verdict-"] { white-space: nowrap; }
a { color: #0d47a1; }
nav { font-size: .85rem; margin: .5rem 0 0; display: flex; flex-wrap: wrap; gap: .2rem .8rem; }
footer { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .5rem; word-break: break-all; }
@media (max-width: 40rem) {
  body { padding: .6rem; } h1 { font-size: 1.25rem; } .big { font-size: 1.5rem; }
  th, td { padding: .25rem .3rem; } table { font-size: .82rem; }
}
@media print {
  @page { margin: 14mm; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  .table-wrap { overflow: visible; }
  tr, .card, svg { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Nothing may be loaded or run: styles inline, images only as data.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// Wraps a body in the page: head, style sheet and the no-fetch policy.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="referrer" content="no-referrer";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body { (body) }
        }
    }
}

/// A link to a commitment's file.
pub fn id_link(base: &str, id: &str, path: &str) -> Markup {
    html! { a href=(file_href(base, path)) title=(path) { (id) } }
}

/// A link when the URL is `http:` or `https:`, otherwise the URL as plain text.
pub fn web_link(url: &str, text: &str) -> Markup {
    html! {
        @if super::is_web_url(url) {
            a href=(url) rel="noopener noreferrer" { (text) }
        } @else {
            span.unlinked title=(url) { (text) " (" (url) ")" }
        }
    }
}

/// A state as a coloured label.
pub fn state_label(s: State) -> Markup {
    html! { span.state style={"background:" (state_color(s))} { (s.as_str()) } }
}

/// The legend of the state colours.
pub fn legend() -> Markup {
    html! {
        p.legend {
            @for s in State::ALL {
                span { i style={"background:" (state_color(s))} {} (s.as_str()) }
            }
        }
    }
}

/// A table inside a horizontally scrolling box (for phones).
pub fn table(head: Markup, rows: Markup) -> Markup {
    html! { div.table-wrap { table { thead { (head) } tbody { (rows) } } } }
}

fn write(out: &mut dyn Write, m: Markup) -> io::Result<()> {
    out.write_all(m.into_string().as_bytes())?;
    writeln!(out)
}

/// Writes the period report as one page.
pub fn period(out: &mut dyn Write, r: &PeriodReport) -> io::Result<()> {
    write(out, super::html_period::page(r))
}

/// Writes the status report as one page: totals, then a block per pillar.
pub fn status(out: &mut dyn Write, r: &StatusReport) -> io::Result<()> {
    let (title, body) = status_body(r);
    write(out, page(&title, body))
}

/// The status page's title and body, for callers that put more on the page.
pub fn status_body(r: &StatusReport) -> (String, Markup) {
    let title = format!("Status: {}", r.strategy.title);
    let counts = |t: &crate::report::status::Totals| -> Vec<(State, usize)> {
        State::ALL.iter().map(|s| (*s, t.count(*s))).collect()
    };
    let assessed = r.commitments.iter().any(|c| c.assessed.is_some());
    let body = html! {
        @if !r.complete { (super::html_period::incomplete_banner(&r.skipped)) }
        header {
            h1 { (r.strategy.title) }
            p.sub { "Status as of " (r.as_of) @if !r.source.is_files_on_disk() { " (from " (r.source.title()) ")" } }
            @for n in super::layer::lens_notes(r.audience, r.internal_hidden, r.min_confidence, r.set_aside).into_iter().chain(super::layer::confidence_note(&r.totals)) {
                p.note { (n) }
            }
        }
        @if !r.disagreements.is_empty() {
            section #disagree role="alert" {
                h2 { "Reported and assessed disagree" }
                ul { @for d in &r.disagreements { li { (super::layer::disagreement(d)) } } }
            }
        }
        section #summary {
            h2 { "Summary" }
            p {
                span.big { (super::totals_progress(&r.totals)) } " of milestones done ("
                (thousands(r.totals.milestones_done as i64)) "/" (thousands(r.totals.milestones_total as i64)) "), "
                (thousands(r.totals.overdue as i64)) " of " (count(r.totals.commitments, "commitment")) " overdue."
            }
            (state_bar(&Scope::Whole, &counts(&r.totals)))
            (legend())
            (table(
                html! { tr { th { "Pillar" } th.n { "Commitments" } th { "Progress" } th.n { "Overdue" } th { "By state" } } },
                html! {
                    @for p in &r.pillars {
                        tr {
                            td { (p.title) }
                            td.n { (p.totals.commitments) }
                            td.d { (progress_bar(p.totals.progress)) " " (super::totals_progress(&p.totals)) " "
                                (thousands(p.totals.milestones_done as i64)) "/" (thousands(p.totals.milestones_total as i64)) }
                            td.n { (p.totals.overdue) }
                            td { (state_bar(&Scope::Pillar(p.id.clone()), &counts(&p.totals))) }
                        }
                    }
                },
            ))
        }
        @for p in &r.pillars {
            section.pillar data-pillar=(p.id) {
                h2 { (p.title) }
                @let rows: Vec<_> = r.commitments.iter().filter(|c| c.pillar == p.id).collect();
                @if rows.is_empty() {
                    p.note { "No commitments." }
                } @else {
                    (table(
                        html! { tr { th { "Id" } th { "Title" } th { "Owner" } th { "State" } th.n { "Done" } th { "Next due" }
                            @if let Some(s) = &r.scale { th { (s) } } @if assessed { th { "Assessed" } } } },
                        html! {
                            @for c in rows {
                                tr {
                                    td { (id_link("./", &c.id, &c.path)) }
                                    td { (c.title) }
                                    td { (c.owner) }
                                    td { (state_label(c.state)) }
                                    td.n { (c.milestones_done) "/" (c.milestones_total) }
                                    td.d { @match &c.next_due { Some(n) => { (n.due) " " (n.milestone) }, None => "–" } }
                                    @if r.scale.is_some() { td { @match &c.on_scale { Some(w) => { (w.title) }, None => "–" } } }
                                    @if assessed { td { @match &c.assessed { Some(a) => { (super::layer::assessed_words(a)) }, None => "–" } } }
                                }
                            }
                        },
                    ))
                }
            }
        }
        @if !r.skipped.is_empty() {
            section #skipped {
                h2 { "Left out because of errors" }
                ul { @for s in &r.skipped { li { code { (s.path) } ": " (s.reason) } } }
                p.note { "Run tracker check to see every problem." }
            }
        }
        @let used = super::layer::scales_used(&r.scales, r.commitments.iter().filter_map(|c| c.assessed.as_ref().map(|a| a.scale.as_str())).chain(r.disagreements.iter().map(|d| d.assessed.scale.as_str())).chain(r.scale.as_deref()));
        @if !used.is_empty() {
            section #scales {
                h2 { "Legend of the scales" }
                dl { @for (scale, word, definition) in super::layer::legend(&used) { dt { (scale) ": " (word) } dd { (definition) } } }
            }
        }
        footer { "Computed from " (r.source.title()) " as of " (r.as_of) "."
            @if let Some(c) = r.source.commit_id() { " Source: commit " code { (c) } "." } }
    };
    (title, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_become_links() {
        let m = web_link("javascript:alert(1)", "x").into_string();
        assert!(!m.contains("href"), "{m}");
        let m = web_link("https://example.org/?a=1&b=\"2\"", "<b>").into_string();
        assert!(
            m.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""),
            "{m}"
        );
        assert!(m.contains("&lt;b&gt;"), "{m}");
    }
}
