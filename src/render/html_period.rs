//! The period report's page: numbered sections with their tables and charts, and a
//! footer naming the commits the figures come from.

use super::html::{id_link, legend, state_label, table, web_link};
use super::markdown_period::{done_of, points, progress, signed};
use super::percent;
use super::svg::{progress_bar, progress_chart, state_bar};
use crate::report::Scope;
use crate::report::baseline::Baseline;
use crate::report::period::{Due, PeriodReport, Recorded, StateChange, ThenBasis, VERDICT_LEGEND};
use crate::report::status::Coverage;
use crate::state::State;
use crate::words::{count, number, thousands};
use chrono::NaiveDate;
use maud::{Markup, html};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The commits the page names, numbered in the order they first appear; their ids are
/// listed once, in the footer.
#[derive(Default)]
struct Sources(RefCell<BTreeMap<String, usize>>);

impl Sources {
    fn mark(&self, commit: &str) -> Markup {
        let mut map = self.0.borrow_mut();
        let next = map.len() + 1;
        let n = *map.entry(commit.to_owned()).or_insert(next);
        html! { sup { a href={"#source-" (n)} { "[" (n) "]" } } }
    }
}

fn who(r: Option<&Recorded>, sources: &Sources) -> Markup {
    html! {
        @match r {
            None => "–",
            Some(Recorded { commit: None, .. }) => "uncommitted edit",
            Some(r) => {
                (r.author.as_deref().unwrap_or("")) br;
                span.sub { (r.date.map(|d| d.to_string()).unwrap_or_default()) }
                @if let Some(c) = &r.commit { " " (sources.mark(c)) }
            },
        }
    }
}

/// A commitment named for people: its title, with its id as a link to its file.
fn commitment(r: &PeriodReport, title: &str, id: &str, path: &str) -> Markup {
    html! { (title) br; span.sub { code { (id_link(&r.link_base, id, path)) } } }
}

/// The class of a change in the count of a state: green when it is good news, red when
/// it is bad, none when neutral.
fn change_class(n: i64, state: State) -> &'static str {
    let good_up = match state {
        State::Overdue => false,
        State::OnTrack | State::Done => true,
        State::NotStarted | State::Dropped => return "n",
    };
    match (n.signum(), good_up) {
        (0, _) => "n",
        (1, true) | (-1, false) => "n up",
        _ => "n down",
    }
}

fn show(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "–".into(), |d| d.to_string())
}

fn counts(states: &[StateChange]) -> Vec<(State, usize)> {
    states.iter().map(|s| (s.state, s.now)).collect()
}

/// "4 overdue (+1); 2 done": the states a pillar has or had, with their change.
fn state_summary(states: &[StateChange]) -> String {
    states
        .iter()
        .filter(|s| s.now > 0 || s.change != 0)
        .map(|s| match s.change {
            0 => format!("{} {}", thousands(s.now as i64), s.state.as_str()),
            c => format!("{} {} ({})", thousands(s.now as i64), s.state.as_str(), signed(c)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn unavailable(r: &PeriodReport) -> Markup {
    html! { p.note.unavailable { (r.history.note.as_deref().unwrap_or("history not available")) "." } }
}

fn what(milestone: Option<&str>, title: Option<&str>) -> Markup {
    html! {
        @match (milestone, title) {
            (Some(m), Some(t)) => { (t) " " span.sub { code { (m) } } },
            (Some(m), None) => code { (m) },
            (None, _) => em { "its own due date" },
        }
    }
}

fn baseline(b: Option<&Baseline>, due: NaiveDate) -> String {
    b.and_then(|b| b.describe(due)).unwrap_or_else(|| "–".into())
}

/// The banner that leads the page when files were left out.
pub fn incomplete_banner(skipped: &[crate::report::Skipped]) -> Markup {
    html! {
        div.banner role="alert" {
            strong { "Incomplete data. " }
            (count(skipped.len(), "commitment file")) " "
            (if skipped.len() == 1 { "was" } else { "were" })
            " left out because of errors, so every figure on this page leaves "
            (if skipped.len() == 1 { "it" } else { "them" }) " out: "
            @for (i, s) in skipped.iter().enumerate() {
                @if i > 0 { "; " }
                code { (s.path) } " (" (s.reason) ")"
            }
            ". Run " code { "tracker check" } " to see every problem."
        }
    }
}

fn headline(r: &PeriodReport, sources: &Sources) -> Markup {
    let h = &r.headline;
    let (since, until) = (r.period.since, r.period.until);
    html! {
        section #headline {
            h2 { "1. Headline" }
            p {
                span.big { (progress(&h.then)) " → " (progress(&h.now)) }
                " of milestones done (" (points(h.progress_change)) "): "
                (done_of(&h.then)) " → " (done_of(&h.now)) "."
            }
            p.explanation { (h.explanation) }
            (table(
                html! { tr { th { "Milestones in the period" } th.n { "" } } },
                html! {
                    tr { td { "achieved" } td.n { (thousands(h.scope.achieved as i64)) } }
                    tr { td { "added to the plan" } td.n { (thousands(h.scope.added as i64)) } }
                    tr { td { "removed from the plan" } td.n { (thousands(h.scope.removed as i64)) } }
                    @if h.scope.reopened > 0 {
                        tr { td { "reopened" } td.n { (thousands(h.scope.reopened as i64)) } }
                    }
                },
            ))
            p.note {
                "The start of the period is "
                @match h.then_basis {
                    ThenBasis::Recorded => { "as recorded in the last commit before " (since) " "
                        @if let Some(c) = &h.then_commit { (sources.mark(c)) } },
                    ThenBasis::NothingRecorded => { "reconstructed from the done dates in the files: nothing was recorded in git before " (since) },
                    ThenBasis::DoneDates => { "reconstructed from the done dates in the files (" (r.history.note.as_deref().unwrap_or("")) ")" },
                }
                "."
            }
            (state_bar(&Scope::Whole, &counts(&h.states)))
            (legend())
            (table(
                html! { tr { th { "Commitments" } th.n title=(since) { "Start" } th.n title=(until) { "End" } th.n { "Change" } } },
                html! {
                    @for s in &h.states {
                        tr { td { (state_label(s.state)) } td.n { (thousands(s.then as i64)) } td.n { (thousands(s.now as i64)) }
                             td class=(change_class(s.change, s.state)) { (signed(s.change)) } }
                    }
                    tr { th { "all" } th.n { (thousands(h.then.commitments as i64)) } th.n { (thousands(h.now.commitments as i64)) }
                         th.n { (signed(h.now.commitments as i64 - h.then.commitments as i64)) } }
                    @if h.now.left_out > 0 {
                        tr.left-out { th { "left out (errors)" } th.n { (thousands(h.then.left_out as i64)) }
                            th.n { (thousands(h.now.left_out as i64)) } th.n {} }
                    }
                },
            ))
        }
    }
}

fn pillars(r: &PeriodReport) -> Markup {
    let tl = &r.timeline;
    html! {
        section #pillars {
            h2 { "2. Pillars" }
            p.note { "Each chart shows milestones done (solid, from their done dates) and milestones due \
                      (dashed, from their due dates) over time; the gap between them is the work that is late. \
                      The shaded band is this period." }
            div.cards {
                @for p in &r.pillars {
                    div.card data-pillar=(p.id) {
                        h3 { (p.title) }
                        @if p.now.coverage == Coverage::Unknown {
                            p.banner-inline role="note" { strong { "Unknown: " }
                                "every file of this pillar (" (count(p.now.left_out, "file")) ") was left out because of errors." }
                        } @else {
                            p {
                                (progress_bar(p.now.progress)) " "
                                strong { (progress(&p.now)) } " (" (done_of(&p.now)) "), "
                                "was " (progress(&p.then)) ", " (points(p.progress_change))
                            }
                            @if p.now.coverage == Coverage::Partial {
                                p.banner-inline role="note" { (count(p.now.left_out, "file")) " of this pillar left out because of errors: the figure is of the rest." }
                            }
                            p.sub { "In the period: " (thousands(p.scope.achieved as i64)) " achieved, "
                                (thousands(p.scope.added as i64)) " added to the plan, "
                                (thousands(p.scope.removed as i64)) " removed." }
                        }
                        (state_bar(&Scope::Pillar(p.id.clone()), &counts(&p.states)))
                        p.sub { (state_summary(&p.states)) }
                        @if let Some(series) = tl.pillars.iter().find(|s| s.id == p.id) {
                            (progress_chart(series, tl, r.period.since, r.period.until))
                        }
                    }
                }
            }
        }
    }
}

fn achieved(r: &PeriodReport, sources: &Sources) -> Markup {
    html! {
        section #achieved {
            h2 { "3. Achieved this period" }
            @if !r.history.available { p.note { "Who recorded them: " (r.history.note.as_deref().unwrap_or("")) "." } }
            @if r.achieved.is_empty() {
                p { "No milestone was done in the period." }
            } @else {
                (table(
                    html! { tr { th { "Done" } th { "Milestone" } th { "Commitment" } th { "Due" } th { "Recorded by" } } },
                    html! {
                        @for a in &r.achieved {
                            tr {
                                td.d { (a.done) @if a.reported_late { br; span.sub { "reported in the period" } } }
                                td { (a.title) " " span.sub { code { (a.milestone) } }
                                     @if let Some(url) = &a.evidence { br; (web_link(url, "evidence")) }
                                     @if a.weight != 1.0 { br; span.sub { "weight " (number(a.weight)) } }
                                     br; span.sub { @match a.confidence { Some(c) => { (c.as_str()) " confidence" }, None => "confidence not stated" } } }
                                td { (commitment(r, &a.commitment_title, &a.commitment, &a.path)) }
                                td.d { (a.due) @if a.days_late > 0 { br; span.sub { (count(a.days_late as usize, "day")) " late" } } }
                                td { (who(a.recorded.as_ref(), sources)) }
                            }
                        }
                    },
                ))
            }
        }
    }
}

fn events(r: &PeriodReport) -> Markup {
    html! {
        section #events {
            h2 { "4. Timeline of the period" }
            p.note { "Dated events that are not deliverables (a vote, a lapse, a publication); they do not count in progress." }
            @if r.events.is_empty() {
                p { "No event is recorded in the period." }
            } @else {
                (table(
                    html! { tr { th { "Date" } th { "Event" } th { "Commitment" } } },
                    html! {
                        @for e in &r.events {
                            tr {
                                td.d { (e.date) }
                                td { (e.title)
                                     @if let Some(n) = &e.note { br; span.sub { (n) } }
                                     @if let Some(url) = &e.evidence { br; (web_link(url, "evidence")) } }
                                td { (commitment(r, &e.commitment_title, &e.commitment, &e.path)) }
                            }
                        }
                    },
                ))
            }
        }
    }
}

fn slipped(r: &PeriodReport, sources: &Sources) -> Markup {
    html! {
        section #slipped {
            h2 { "5. Slipped this period" }
            @match &r.slipped {
                None => (unavailable(r)),
                Some(list) if list.is_empty() => p { "No due date moved later in the period." },
                Some(list) => (table(
                    html! { tr { th { "Moved on" } th { "Milestone" } th { "Commitment" } th { "Due was" } th { "Due now" }
                                 th.n { "Slipped" } th { "Reason given" } th { "By" } } },
                    html! {
                        @for s in list {
                            tr {
                                td.d { (show(s.recorded.date)) }
                                td { (what(s.milestone.as_deref(), s.milestone_title.as_deref())) }
                                td { (commitment(r, s.commitment_title.as_deref().unwrap_or(&s.commitment), &s.commitment, &s.path)) }
                                td.d { (s.from) } td.d { (s.to) }
                                td.n { (count(s.days as usize, "day")) }
                                td { @match &s.recorded.reason { Some(reason) => (reason), None => em { "none given" } } }
                                td { (who(Some(&s.recorded), sources)) }
                            }
                        }
                    },
                )),
            }
        }
    }
}

fn due_table(r: &PeriodReport, list: &[Due], days: &str) -> Markup {
    table(
        html! { tr { th { "Due" } th { "What" } th { "Commitment" } th.n { (days) } th { "Baseline" } th { "Owner" } } },
        html! {
            @for d in list {
                tr {
                    td.d { (d.due) }
                    td { (what(d.milestone.as_deref(), d.milestone.as_ref().map(|_| d.title.as_str()))) }
                    td { (commitment(r, &d.commitment_title, &d.commitment, &d.path)) }
                    td.n { (thousands(d.days)) }
                    td { (baseline(d.baseline.as_ref(), d.due)) }
                    td { (d.owner) }
                }
            }
        },
    )
}

fn due(r: &PeriodReport) -> Markup {
    html! {
        section #due {
            h2 { "6. Overdue now, and due in the next " (r.due_soon_days) " days" }
            h3 { "Overdue on " (r.period.until) }
            @if r.overdue.is_empty() { p { "Nothing is overdue." } } @else { (due_table(r, &r.overdue, "Days overdue")) }
            h3 { "Due in the next " (r.due_soon_days) " days" }
            @if r.due_soon.is_empty() { p { "Nothing falls due." } } @else { (due_table(r, &r.due_soon, "Days left")) }
        }
    }
}

fn not_reported(r: &PeriodReport, sources: &Sources) -> Markup {
    html! {
        section #not-reported {
            h2 { "7. Not reported on" }
            @match &r.not_reported {
                None => (unavailable(r)),
                Some(list) => {
                    p.note { "Open commitments whose file had no commit in the " (count(r.stale_days as usize, "day")) " up to " (r.period.until) "." }
                    @if list.is_empty() {
                        p { "Every open commitment was updated." }
                    } @else {
                        (table(
                            html! { tr { th { "Commitment" } th { "Owner" } th { "Last update" } th.n { "Days" } } },
                            html! {
                                @for s in list {
                                    tr {
                                        td { (commitment(r, &s.title, &s.commitment, &s.path)) }
                                        td { (s.owner) }
                                        td { @match &s.last_update {
                                            None => "never committed",
                                            Some(u) => (who(Some(u), sources)),
                                        } }
                                        td.n { (s.days.map_or_else(|| "–".into(), thousands)) }
                                    }
                                }
                            },
                        ))
                    }
                },
            }
        }
    }
}

fn indicators(r: &PeriodReport) -> Markup {
    let pt = |p: &crate::report::detail::Point| html! { (number(p.value)) br; span.sub { (p.date) } };
    html! {
        section #indicators {
            h2 { "8. Indicators" }
            @if r.indicators.is_empty() {
                p { "No indicators." }
            } @else {
                (table(
                    html! { tr { th { "Indicator" } th { "Commitment" } th.n { "Baseline" } th.n { "Target" }
                                 th.n { "Latest" } th.n { "To target" } } },
                    html! {
                        @for i in &r.indicators {
                            tr {
                                td { (i.title) @if let Some(u) = &i.unit { span.sub { " (" (u) ")" } } }
                                td { (commitment(r, &i.commitment_title, &i.commitment, &i.path)) }
                                td.n { (pt(&i.baseline)) }
                                td.n { @match &i.target { Some(t) => (pt(t)), None => span.sub { "no target" } } }
                                td.n { @match &i.latest { Some(l) => (pt(l)), None => "–" } }
                                td.n { @if i.target.is_none() { span.sub { "no target" } } @else { (percent(i.progress)) } }
                            }
                        }
                    },
                ))
            }
        }
    }
}

fn forecast(r: &PeriodReport) -> Markup {
    html! {
        section #forecast {
            h2 { "9. Forecast" }
            p.note.method { (r.forecast.method) }
            (table(
                html! { tr { th { "Pillar" } th.n { "Open" } th.n { "Overdue" } th.n { "Done in 12 months" } th.n { "Per month" }
                             th { "Forecast" } th { "Latest due" } th { "Verdict" } } },
                html! {
                    @for f in &r.forecast.rows {
                        tr {
                            @if f.scope.is_whole() { th { (f.title) } } @else { td { (f.title) } }
                            td.n { (thousands(f.forecast.open as i64)) }
                            td.n { (thousands((f.forecast.overdue + f.forecast.late_commitments) as i64)) }
                            td.n { (thousands(f.forecast.done_in_window as i64)) }
                            td.n { (f.forecast.pace_per_month.map_or_else(|| "–".into(), |p| format!("{p:.1}"))) }
                            td.d { (show(f.forecast.forecast)) }
                            td.d { (show(f.forecast.latest_due)) }
                            td class={"verdict-" (f.forecast.verdict.id())} { (f.forecast.verdict.as_str()) }
                        }
                    }
                },
            ))
            p.note.legend-verdicts { (VERDICT_LEGEND) }
        }
    }
}

/// The whole page.
pub fn page(r: &PeriodReport) -> Markup {
    let (title, body) = titled_body(r);
    super::html::page(&title, body)
}

/// The page's title and body, for callers that put more on the page (a roll-up).
pub fn titled_body(r: &PeriodReport) -> (String, Markup) {
    let title = format!(
        "Progress report {} to {}: {}",
        r.period.since, r.period.until, r.strategy.title
    );
    let sources = Sources::default();
    let body = html! {
        @if !r.complete { (incomplete_banner(&r.skipped)) }
        @if let Some(cut) = &r.history.cut {
            div.banner role="alert" { strong { "History incomplete: " } (cut) ". What happened before that commit is not known to this report." }
        }
        header {
            h1 { "Progress report" }
            p { strong { (r.strategy.title) } }
            p.sub { "Period " strong { (r.period.since) } " to " strong { (r.period.until) }
                    " (since: " (r.period.since_spec) "; until: " (r.period.until_spec) ")."
                    @if let Some(n) = r.period.to_date_note() { " " (n) }
                    @let filters = r.filter.describe();
                    @if !filters.is_empty() { " Only: " (filters.join("; ")) "." } }
            @for n in super::layer::lens_notes(r.audience, r.internal_hidden, r.min_confidence, r.set_aside) { p.note { (n) } }
            @if let Some(n) = super::layer::confidence_note(&crate::report::status::Totals {
                milestones_done: r.milestones_done, done_low_confidence: r.done_low_confidence, done_unrated: r.done_unrated, ..Default::default() }) {
                p.note { (n) }
            }
            nav { a href="#headline" { "Headline" } a href="#pillars" { "Pillars" } a href="#achieved" { "Achieved" }
                  a href="#events" { "Timeline" } a href="#slipped" { "Slipped" } a href="#due" { "Due" }
                  a href="#not-reported" { "Not reported" } a href="#indicators" { "Indicators" } a href="#forecast" { "Forecast" }
                  a href="#assessed" { "Assessed" } }
        }
        (headline(r, &sources))
        (pillars(r))
        (achieved(r, &sources))
        (events(r))
        (slipped(r, &sources))
        (due(r))
        (not_reported(r, &sources))
        (indicators(r))
        (forecast(r))
        section #assessed {
            h2 { "10. Reported and assessed" }
            @if r.disagreements.is_empty() {
                p { "Where an assessment exists, it agrees with what is reported." }
            } @else {
                p { "Where the files report one thing and the latest assessment says another:" }
                ul { @for d in &r.disagreements { li { (super::layer::disagreement(d)) } } }
            }
            @let used = super::layer::scales_used(&r.scales, r.disagreements.iter().map(|d| d.assessed.scale.as_str()));
            @if !used.is_empty() {
                dl { @for (scale, word, definition) in super::layer::legend(&used) { dt { (scale) ": " (word) } dd { (definition) } } }
            }
        }
        footer #source {
            @if !r.skipped.is_empty() {
                p { "Left out because of errors (run tracker check): "
                    @for s in &r.skipped { code { (s.path) } " (" (s.reason) "); " } }
            }
            p { (r.source.description) }
            @let listed: Vec<(String, usize)> = {
                let mut v: Vec<(String, usize)> = sources.0.borrow().iter().map(|(c, n)| (c.clone(), *n)).collect();
                v.sort_by_key(|(_, n)| *n);
                v
            };
            @if !listed.is_empty() {
                p.sources { "Sources: "
                    @for (commit, n) in &listed {
                        span id={"source-" (n)} { "[" (n) "] commit " code { (commit) } } " "
                    }
                }
            }
        }
    };
    (title, body)
}
