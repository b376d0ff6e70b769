//! The pages of the site. Every value from the files or from git goes through maud,
//! which escapes it; only http(s) addresses become links.

use super::{Index, Input, commitment_page, pillar_page};
use crate::compare::ChangeKind;
use crate::history::Event;
use crate::model::Commitment;
use crate::render::html::{page, state_label, table, web_link};
use crate::render::svg::progress_bar;
use crate::report::status::PillarRow;
use crate::state::State;
use crate::words::{count, thousands};
use maud::{Markup, html};

/// The links every page starts with; `root` leads back to the site's root.
fn nav(root: &str) -> Markup {
    html! {
        nav aria-label="Site" {
            a href={(root) "index.html"} { "Home" }
            a href={(root) "changes.html"} { "Changes" }
            a href={(root) "legend.html"} { "Legend" }
            a href={(root) "feed.xml"} { "Atom feed" }
            a href={(root) "status.json"} { "status.json" }
            a href={(root) "report.json"} { "report.json" }
            a href={(root) "history.json"} { "history.json" }
        }
    }
}

/// The notes on what a public site leaves out.
fn notes(input: &Input<'_>) -> Markup {
    let s = input.status;
    html! {
        @for n in crate::render::layer::lens_notes(s.audience, s.internal_hidden, s.min_confidence, s.set_aside) {
            p.note { (n) }
        }
        @if !s.complete { (crate::render::html_period::incomplete_banner(&s.skipped)) }
    }
}

fn footer(input: &Input<'_>) -> Markup {
    html! {
        footer {
            "Computed by tracker from " (input.status.source.title()) " as of " (input.status.as_of) ". "
            "Each fact links to the source it rests on; confidence says how far that source can be trusted."
        }
    }
}

/// A commitment's title, linked to its page.
fn commitment_link(root: &str, id: &str, title: &str) -> Markup {
    html! { a href={(root) (commitment_page(id))} { (title) } }
}

/// The home page: the headline, each pillar, what changed lately, what is late and due.
pub fn home(input: &Input<'_>, ix: &Index) -> Markup {
    let s = input.status;
    let r = input.period;
    let since = r.period.since;
    let recent: Vec<&Event> = input
        .events
        .iter()
        .filter(|e| e.commit.as_ref().is_some_and(|c| c.date >= since))
        .rev()
        .take(30)
        .collect();
    let body = html! {
        header {
            h1 { (s.strategy.title) }
            p.sub { "Status as of " (s.as_of) ": " (thousands(s.totals.milestones_done as i64)) " of "
                (thousands(s.totals.milestones_total as i64)) " milestones done ("
                (crate::render::totals_progress(&s.totals)) "), "
                (count(s.totals.overdue, "commitment")) " overdue." }
            (nav(""))
            (notes(input))
        }
        main {
            @if !input.sources.is_empty() {
                section #sources {
                    h2 { "Sources" }
                    p.sub { "Each body's repository, as recorded on or before " (s.as_of) "." }
                    (table(
                        html! { tr { th { "Source" } th { "Recorded up to" } th { "Progress" } th.n { "Overdue" } } },
                        html! {
                            @for src in input.sources {
                                tr {
                                    td { (src.label) }
                                    td.d {
                                        @match (&src.commit, src.commit_date) {
                                            (Some(c), Some(d)) => { (d) " " code { (crate::git::short_id(c)) } }
                                            _ => { "not read" }
                                        }
                                        @if src.stale { " " strong { "stale" } }
                                    }
                                    td.d { @match &src.totals { Some(t) => (crate::render::totals_progress(t)), None => "–" } }
                                    td.n { @match &src.totals { Some(t) => (t.overdue), None => "–" } }
                                }
                            }
                        },
                    ))
                }
            }
            section #headline {
                h2 { "The last 90 days" }
                p.explanation { (r.headline.explanation) }
            }
            section #pillars {
                h2 { "Pillars" }
                (table(
                    html! { tr { th { "Pillar" } th { "Progress" } th.n { "Commitments" } th.n { "Overdue" } } },
                    html! {
                        @for p in &s.pillars {
                            tr {
                                td { a href=(pillar_page(&p.id)) { (p.title) } }
                                td.d { (progress_bar(p.totals.progress)) " " (crate::render::totals_progress(&p.totals)) " "
                                    span.sub { (p.totals.milestones_done) "/" (p.totals.milestones_total) } }
                                td.n { (p.totals.commitments) }
                                td.n { (p.totals.overdue) }
                            }
                        }
                    },
                ))
            }
            @if !s.disagreements.is_empty() {
                section #disagree {
                    h2 { "Reported and assessed disagree" }
                    ul { @for d in &s.disagreements {
                        li { (commitment_link("", &d.id, &d.title)) ": " (crate::render::layer::disagreement(d)) }
                    } }
                }
            }
            section #recent {
                h2 { "Changed since " (since) }
                @if recent.is_empty() {
                    p { "Nothing was recorded in that time." }
                } @else {
                    ul { @for e in &recent { li { (change_line(input, ix, "", e)) } } }
                    p { a href="changes.html" { "Every change" } }
                }
            }
            section #due {
                h2 { "Overdue, and due in the next " (r.due_soon_days) " days" }
                @if r.overdue.is_empty() && r.due_soon.is_empty() {
                    p { "Nothing is overdue or due soon." }
                } @else {
                    (table(
                        html! { tr { th { "Due" } th { "What" } th { "Commitment" } th.n { "Days" } } },
                        html! {
                            @for (d, late) in r.overdue.iter().map(|d| (d, true)).chain(r.due_soon.iter().map(|d| (d, false))) {
                                tr {
                                    td.d { (d.due) }
                                    td { (d.title) @if late { " " span.sub { "(overdue)" } } }
                                    td { (commitment_link("", &d.commitment, &d.commitment_title)) }
                                    td.n { @if late { (d.days) " late" } @else { "in " (d.days) } }
                                }
                            }
                        },
                    ))
                }
            }
        }
        (footer(input))
    };
    page(&s.strategy.title, body)
}

/// One change, as a line: its date, what happened, to what, and who recorded it.
fn change_line(input: &Input<'_>, ix: &Index, root: &str, e: &Event) -> Markup {
    let c = &e.change;
    let date = e
        .commit
        .as_ref()
        .map(|c| c.date.to_string())
        .unwrap_or_else(|| "uncommitted".into());
    html! {
        span.d { (date) } " "
        @if let Some(id) = &c.commitment { (commitment_link(root, id, ix.title(id))) ": " }
        (c.describe())
        @if let Some(info) = &e.commit {
            @if let Some(reason) = &info.reason { " " span.sub { "(reason: " (reason) ")" } }
            " " span.sub { "recorded by " (info.author) }
            @if let Some(url) = input.forge.commit(&c.path, &info.id) { " " (web_link(&url, crate::git::short_id(&info.id))) }
        }
    }
}

/// A pillar's page: its commitments.
pub fn pillar(input: &Input<'_>, p: &PillarRow) -> Markup {
    let rows: Vec<_> = input
        .status
        .commitments
        .iter()
        .filter(|c| c.pillar == p.id)
        .collect();
    let body = html! {
        header {
            h1 { (p.title) }
            p.sub { (thousands(p.totals.milestones_done as i64)) " of " (thousands(p.totals.milestones_total as i64))
                " milestones done (" (crate::render::totals_progress(&p.totals)) "), "
                (count(p.totals.overdue, "commitment")) " overdue, as of " (input.status.as_of) "." }
            (nav("../"))
        }
        main {
            @if rows.is_empty() {
                p { "No commitments." }
            } @else {
                (table(
                    html! { tr { th { "Commitment" } th { "Owner" } th { "State" } th.n { "Done" } th { "Next due" } th { "Assessed" } } },
                    html! {
                        @for c in &rows {
                            tr {
                                td { (commitment_link("../", &c.id, &c.title)) }
                                td { (c.owner) }
                                td { (state_label(c.state)) }
                                td.n { (c.milestones_done) "/" (c.milestones_total) }
                                td.d { @match &c.next_due { Some(n) => { (n.due) }, None => "–" } }
                                td { @match &c.assessed { Some(a) => { (crate::render::layer::assessed_words(a)) }, None => "–" } }
                            }
                        }
                    },
                ))
            }
        }
        (footer(input))
    };
    page(&p.title, body)
}

/// A commitment's page: what it is, its milestones, indicators, assessments, and its
/// timeline from the history.
pub fn commitment(input: &Input<'_>, ix: &Index, path: &str, c: &Commitment) -> Markup {
    let row = ix.row(input, &c.id);
    let state = row.map_or(State::NotStarted, |r| r.state);
    let mut timeline: Vec<(chrono::NaiveDate, Markup)> = ix
        .changes(input, &c.id)
        .into_iter()
        .filter(|e| !matches!(e.change.kind, ChangeKind::Edited | ChangeKind::Moved))
        .filter_map(|e| Some((e.commit.as_ref()?.date, change_line(input, ix, "../", e))))
        .collect();
    for e in &c.events {
        timeline.push((
            e.date,
            html! { span.d { (e.date) } " " strong { (e.title) }
            @if let Some(n) = &e.note { " " span.sub { (n) } }
            @for url in &e.evidence { " " (web_link(url, "source")) }
            @if let Some(conf) = e.confidence { " " span.sub { "(" (conf.as_str()) " confidence)" } } },
        ));
    }
    timeline.sort_by_key(|(d, _)| *d);
    let file_url = input.forge.file(path);
    let body = html! {
        header {
            h1 { (c.title) }
            p.sub { code { (c.id) } " · " (state_label(state)) " · owner: " (c.owner)
                @if let Some(d) = c.due { " · due " (d) } }
            (nav("../"))
        }
        main {
            @if let Some(d) = &c.description { section #about { h2 { "About" } p { (d) } } }
            @if let Some(r) = row { @if let Some(a) = &r.assessed {
                p { strong { "Assessed: " } (crate::render::layer::assessed_words(a)) }
            } }
            section #milestones {
                h2 { "Milestones" }
                @if c.milestones.is_empty() { p { "None." } } @else {
                    (table(
                        html! { tr { th { "Milestone" } th { "Due" } th { "Done" } th { "Evidence" } th { "Confidence" } } },
                        html! {
                            @for m in &c.milestones {
                                tr {
                                    td { (m.title) br; span.sub { code { (m.id) } } @if let Some(n) = &m.note { br; span.sub { (n) } } }
                                    td.d { (m.due) }
                                    td.d { @match m.done_by(input.status.as_of) { Some(d) => { (d) }, None => "–" } }
                                    td { @for (i, url) in m.evidence.iter().enumerate() { @if i > 0 { br; } (web_link(url, "source")) } }
                                    td { @match m.confidence { Some(c) => { (c.as_str()) }, None => "–" } }
                                }
                            }
                        },
                    ))
                }
            }
            @if !c.indicators.is_empty() {
                section #indicators {
                    h2 { "Indicators" }
                    @for i in &c.indicators {
                        h3 { (i.title) }
                        (indicator_chart(i))
                        (table(
                            html! { tr { th { "Date" } th.n { "Value" } } },
                            html! {
                                tr { td.d { (i.baseline.date) " (baseline)" } td.n { (crate::words::number(i.baseline.value)) } }
                                @for a in &i.actuals {
                                    tr { td.d { (a.date) } td.n { @if a.bound == Some(crate::model::Bound::Lower) { "at least " } (crate::words::number(a.value)) } }
                                }
                            },
                        ))
                    }
                }
            }
            @if !c.depends_on.is_empty() {
                section #depends {
                    h2 { "Depends on" }
                    ul { @for d in &c.depends_on { li { (commitment_link("../", d, ix.title(d))) } } }
                }
            }
            @if !c.assessments.is_empty() || c.milestones.iter().any(|m| !m.assessments.is_empty()) {
                section #assessments {
                    h2 { "Assessments" }
                    ul {
                        @for a in &c.assessments { li { (a.date) " " (a.by) ": " strong { (a.verdict) }
                            @if let Some(n) = &a.note { " " span.sub { (n) } } @for url in &a.evidence { " " (web_link(url, "source")) } } }
                        @for m in &c.milestones { @for a in &m.assessments {
                            li { (a.date) " " (a.by) " on " code { (m.id) } ": " strong { (a.verdict) }
                                @if let Some(n) = &a.note { " " span.sub { (n) } } @for url in &a.evidence { " " (web_link(url, "source")) } }
                        } }
                    }
                    p.sub { a href="../legend.html#scales" { "What the verdicts mean" } }
                }
            }
            section #timeline {
                h2 { "Timeline" }
                @if timeline.is_empty() { p { "No dated change is recorded." } } @else {
                    ol { @for (_, m) in &timeline { li { (m) } } }
                }
                p.sub { a href={(c.id) ".xml"} { "Follow this commitment (Atom feed)" } }
            }
            @if !c.links.is_empty() {
                section #sources {
                    h2 { "Sources" }
                    ul { @for l in &c.links { li { (web_link(&l.url, &l.title)) } } }
                }
            }
            @if let Some(u) = &file_url { p.sub { (web_link(u, "The file this page is built from")) } }
        }
        (footer(input))
    };
    page(&c.title, body)
}

/// A small line chart of an indicator's values, with its text equivalent.
fn indicator_chart(i: &crate::model::Indicator) -> Markup {
    let mut points: Vec<(chrono::NaiveDate, f64)> = std::iter::once((i.baseline.date, i.baseline.value))
        .chain(i.actuals.iter().map(|a| (a.date, a.value)))
        .collect();
    points.sort_by_key(|(d, _)| *d);
    if points.len() < 2 {
        return html! {};
    }
    let (w, h) = (400.0, 120.0);
    let t0 = points[0].0;
    let span = (points[points.len() - 1].0 - t0).num_days().max(1) as f64;
    let max = points.iter().map(|p| p.1).fold(f64::MIN, f64::max).max(1.0);
    let xy: Vec<String> = points
        .iter()
        .map(|(d, v)| {
            let x = 10.0 + (w - 20.0) * ((*d - t0).num_days() as f64 / span);
            let y = h - 10.0 - (h - 20.0) * (v / max);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let desc = points
        .iter()
        .map(|(d, v)| format!("{d}: {}", crate::words::number(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        svg.chart viewBox={"0 0 " (w) " " (h)} role="img" aria-labelledby={"t-" (i.id)} {
            title id={"t-" (i.id)} { (i.title) }
            desc { (desc) }
            polyline points=(xy.join(" ")) fill="none" stroke="#0d47a1" stroke-width="2" {}
        }
    }
}

/// Every change, commit by commit, newest first.
pub fn changes(input: &Input<'_>, ix: &Index) -> Markup {
    let mut groups: Vec<(&str, Vec<&Event>)> = Vec::new();
    for e in input.events.iter().rev() {
        let key = e.commit.as_ref().map_or("uncommitted", |c| c.id.as_str());
        match groups.last_mut() {
            Some((k, list)) if *k == key => list.push(e),
            _ => groups.push((key, vec![e])),
        }
    }
    let body = html! {
        header { h1 { "Changes to " (input.status.strategy.title) } (nav("")) (notes(input)) }
        main {
            @if groups.is_empty() { p { "No change is recorded: the strategy is not in a git history." } }
            @for (key, list) in &groups {
                @let first = list[0];
                section id={"commit-" (key)} {
                    h2 { @match &first.commit {
                        Some(c) => { (c.date) " · " (c.subject) },
                        None => "Not committed yet",
                    } }
                    @if let Some(c) = &first.commit {
                        p.sub { "Recorded by " (c.author)
                            @if let Some(url) = input.forge.commit(&first.change.path, &c.id) { " · " (web_link(&url, "commit")) } @else { " · commit " code { (c.id) } } }
                    }
                    ul { @for e in list {
                        li {
                            @if let Some(id) = &e.change.commitment { (commitment_link("", id, ix.title(id))) ": " }
                            (e.change.describe())
                        }
                    } }
                }
            }
        }
        (footer(input))
    };
    page("Changes", body)
}

/// What every state, verdict and scale word means.
pub fn legend(input: &Input<'_>) -> Markup {
    let scales = input.loaded.strategy.as_ref().map_or(&[][..], |s| &s.scales[..]);
    let body = html! {
        header { h1 { "Legend" } (nav("")) }
        main {
            section #states {
                h2 { "States" }
                dl {
                    dt { (state_label(State::Overdue)) } dd { "A milestone, or the commitment's own due date, has passed without being done." }
                    dt { (state_label(State::OnTrack)) } dd { "Under way, and nothing is late." }
                    dt { (state_label(State::NotStarted)) } dd { "Nothing done yet, and nothing is due yet." }
                    dt { (state_label(State::Done)) } dd { "Every milestone is done, or the commitment is declared done." }
                    dt { (state_label(State::Dropped)) } dd { "Abandoned; left out of the progress figures." }
                }
            }
            section #confidence {
                h2 { "Confidence" }
                dl {
                    dt { "high" } dd { "The official text, or several consistent sources." }
                    dt { "medium" } dd { "One reliable secondary source." }
                    dt { "low" } dd { "A single source, or a partisan one." }
                }
            }
            section #scales {
                h2 { "Scales" }
                @if scales.is_empty() { p { "The strategy declares no scales." } }
                @for s in scales {
                    h3 id={"scale-" (s.id)} { (s.title) }
                    dl { @for w in &s.words {
                        dt.legend { span { i style={"background:" (w.colour)} {} (w.title) } } dd { (w.definition) }
                    } }
                }
            }
            section #verdicts {
                h2 { "Forecast verdicts" }
                p { (crate::report::period::VERDICT_LEGEND) }
            }
        }
        (footer(input))
    };
    page("Legend", body)
}
