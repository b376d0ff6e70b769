//! The period report's page: eight sections with their tables and charts, and a footer
//! naming the commit the figures come from.

use super::html::{id_link, legend, state_label, table, web_link};
use super::markdown_period::{points, signed};
use super::percent;
use super::svg::{progress_bar, progress_chart, state_bar};
use crate::report::Scope;
use crate::report::period::{Due, PeriodReport, Recorded, StateChange, ThenBasis};
use crate::state::State;
use chrono::NaiveDate;
use maud::{Markup, html};

fn short(c: &str) -> &str {
    &c[..c.len().min(8)]
}

fn who(r: Option<&Recorded>) -> Markup {
    html! {
        @match r {
            None => "–",
            Some(Recorded { commit: None, .. }) => "uncommitted edit",
            Some(r) => {
                (r.author.as_deref().unwrap_or("")) br;
                span.sub { (r.date.map(|d| d.to_string()).unwrap_or_default()) " "
                    code { (r.commit.as_deref().map(short).unwrap_or("")) } }
            },
        }
    }
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
            0 => format!("{} {}", s.now, s.state.as_str()),
            c => format!("{} {} ({})", s.now, s.state.as_str(), signed(c)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn unavailable(r: &PeriodReport) -> Markup {
    html! { p.note.unavailable { (r.history.note.as_deref().unwrap_or("history not available")) "." } }
}

fn milestone(m: Option<&str>) -> Markup {
    html! { @match m { Some(m) => code { (m) }, None => em { "its own due date" } } }
}

fn headline(r: &PeriodReport) -> Markup {
    let h = &r.headline;
    let (since, until) = (r.period.since, r.period.until);
    html! {
        section #headline {
            h2 { "1. Headline" }
            p {
                span.big { (percent(h.then.progress)) " → " (percent(h.now.progress)) }
                " of milestones done (" (points(h.progress_change)) "): "
                (h.then.milestones_done) "/" (h.then.milestones_total) " → "
                (h.now.milestones_done) "/" (h.now.milestones_total) "."
            }
            p.note {
                "The start of the period is "
                @match h.then_basis {
                    ThenBasis::Recorded => { "as recorded in commit " code { (h.then_commit.as_deref().map(short).unwrap_or("")) } ", the last before " (since) },
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
                        tr { td { (state_label(s.state)) } td.n { (s.then) } td.n { (s.now) }
                             td class=(change_class(s.change, s.state)) { (signed(s.change)) } }
                    }
                    tr { th { "all" } th.n { (h.then.commitments) } th.n { (h.now.commitments) }
                         th.n { (signed(h.now.commitments as i64 - h.then.commitments as i64)) } }
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
                        p {
                            (progress_bar(p.now.progress)) " "
                            strong { (percent(p.now.progress)) } " (" (p.now.milestones_done) "/" (p.now.milestones_total) "), "
                            "was " (percent(p.then.progress)) ", " (points(p.progress_change))
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

fn achieved(r: &PeriodReport) -> Markup {
    html! {
        section #achieved {
            h2 { "3. Achieved this period" }
            @if !r.history.available { p.note { "Who recorded them: " (r.history.note.as_deref().unwrap_or("")) "." } }
            @if r.achieved.is_empty() {
                p { "No milestone was done in the period." }
            } @else {
                (table(
                    html! { tr { th { "Done" } th { "Commitment" } th { "Milestone" } th { "Due" } th { "Recorded by" } } },
                    html! {
                        @for a in &r.achieved {
                            tr {
                                td.d { (a.done) @if a.reported_late { br; span.sub { "reported in the period" } } }
                                td { (id_link(&r.link_base, &a.commitment, &a.path)) br; span.sub { (a.commitment_title) } }
                                td { code { (a.milestone) } " " (a.title)
                                     @if let Some(url) = &a.evidence { " " (web_link(url, "evidence")) } }
                                td.d { (a.due) @if a.days_late > 0 { br; span.sub { (a.days_late) " days late" } } }
                                td { (who(a.recorded.as_ref())) }
                            }
                        }
                    },
                ))
            }
        }
    }
}

fn slipped(r: &PeriodReport) -> Markup {
    html! {
        section #slipped {
            h2 { "4. Slipped this period" }
            @match &r.slipped {
                None => (unavailable(r)),
                Some(list) if list.is_empty() => p { "No due date moved later in the period." },
                Some(list) => (table(
                    html! { tr { th { "Moved on" } th { "Commitment" } th { "Milestone" } th { "Due was" } th { "Due now" }
                                 th.n { "Slipped" } th { "Reason given" } th { "By" } } },
                    html! {
                        @for s in list {
                            tr {
                                td.d { (show(s.recorded.date)) }
                                td { (id_link(&r.link_base, &s.commitment, &s.path)) }
                                td { (milestone(s.milestone.as_deref())) }
                                td.d { (s.from) } td.d { (s.to) }
                                td.n { (s.days) " days" }
                                td { (s.recorded.subject.as_deref().unwrap_or("(uncommitted)")) }
                                td { (who(Some(&s.recorded))) }
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
        html! { tr { th { "Due" } th { "Commitment" } th { "Milestone" } th.n { (days) } th { "Owner" } } },
        html! {
            @for d in list {
                tr {
                    td.d { (d.due) }
                    td { (id_link(&r.link_base, &d.commitment, &d.path)) }
                    td { (milestone(d.milestone.as_deref())) " " (d.title) }
                    td.n { (d.days) }
                    td { (d.owner) }
                }
            }
        },
    )
}

fn due(r: &PeriodReport) -> Markup {
    html! {
        section #due {
            h2 { "5. Overdue now, and due in the next " (r.due_soon_days) " days" }
            h3 { "Overdue on " (r.period.until) }
            @if r.overdue.is_empty() { p { "Nothing is overdue." } } @else { (due_table(r, &r.overdue, "Days overdue")) }
            h3 { "Due in the next " (r.due_soon_days) " days" }
            @if r.due_soon.is_empty() { p { "Nothing falls due." } } @else { (due_table(r, &r.due_soon, "Days left")) }
        }
    }
}

fn not_reported(r: &PeriodReport) -> Markup {
    html! {
        section #not-reported {
            h2 { "6. Not reported on" }
            @match &r.not_reported {
                None => (unavailable(r)),
                Some(list) => {
                    p.note { "Open commitments whose file had no commit in the " (r.stale_days) " days up to " (r.period.until) "." }
                    @if list.is_empty() {
                        p { "Every open commitment was updated." }
                    } @else {
                        (table(
                            html! { tr { th { "Commitment" } th { "Owner" } th { "Last update" } th.n { "Days" } } },
                            html! {
                                @for s in list {
                                    tr {
                                        td { (id_link(&r.link_base, &s.commitment, &s.path)) br; span.sub { (s.title) } }
                                        td { (s.owner) }
                                        td { @match &s.last_update {
                                            None => "never committed",
                                            Some(u) => { (who(Some(u))) br; span.sub { (u.subject.as_deref().unwrap_or("")) } },
                                        } }
                                        td.n { (s.days.map_or_else(|| "–".into(), |d| d.to_string())) }
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
    let pt = |p: &crate::report::detail::Point| html! { (p.value) br; span.sub { (p.date) } };
    html! {
        section #indicators {
            h2 { "7. Indicators" }
            @if r.indicators.is_empty() {
                p { "No indicators." }
            } @else {
                (table(
                    html! { tr { th { "Commitment" } th { "Indicator" } th.n { "Baseline" } th.n { "Target" }
                                 th.n { "Latest" } th.n { "To target" } } },
                    html! {
                        @for i in &r.indicators {
                            tr {
                                td { (id_link(&r.link_base, &i.commitment, &i.path)) }
                                td { (i.title) @if let Some(u) = &i.unit { span.sub { " (" (u) ")" } } }
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
            h2 { "8. Forecast" }
            p.note.method { (r.forecast.method) }
            (table(
                html! { tr { th { "Pillar" } th.n { "Open" } th.n { "Done in 12 months" } th.n { "Per month" }
                             th { "Forecast" } th { "Latest due" } th { "Verdict" } } },
                html! {
                    @for f in &r.forecast.rows {
                        tr {
                            @if f.scope.is_whole() { th { (f.title) } } @else { td { (f.title) } }
                            td.n { (f.forecast.open) }
                            td.n { (f.forecast.done_in_window) }
                            td.n { (f.forecast.pace_per_month.map_or_else(|| "–".into(), |p| format!("{p:.1}"))) }
                            td.d { (show(f.forecast.forecast)) }
                            td.d { (show(f.forecast.latest_due)) }
                            td class={"verdict-" (serde_plain(f.forecast.verdict))} { (f.forecast.verdict.as_str()) }
                        }
                    }
                },
            ))
        }
    }
}

fn serde_plain(v: crate::forecast::Verdict) -> &'static str {
    match v {
        crate::forecast::Verdict::AllDone => "all-done",
        crate::forecast::Verdict::OnPace => "on-pace",
        crate::forecast::Verdict::NotOnPace => "not-on-pace",
        crate::forecast::Verdict::NoPace => "no-pace",
    }
}

/// The whole page.
pub fn page(r: &PeriodReport) -> Markup {
    let title = format!(
        "Progress report {} to {}: {}",
        r.period.since, r.period.until, r.strategy.title
    );
    let body = html! {
        header {
            h1 { "Progress report" }
            p { strong { (r.strategy.title) } }
            p.sub { "Period " strong { (r.period.since) } " to " strong { (r.period.until) }
                    " (since: " (r.period.since_spec) "; until: " (r.period.until_spec) ")."
                    @if !r.filter.pillars.is_empty() { " Pillars: " (r.filter.pillars.join(", ")) "." }
                    @if !r.filter.owners.is_empty() { " Owners containing: " (r.filter.owners.join(" or ")) "." } }
            nav { a href="#headline" { "Headline" } a href="#pillars" { "Pillars" } a href="#achieved" { "Achieved" }
                  a href="#slipped" { "Slipped" } a href="#due" { "Due" } a href="#not-reported" { "Not reported" }
                  a href="#indicators" { "Indicators" } a href="#forecast" { "Forecast" } }
        }
        (headline(r))
        (pillars(r))
        (achieved(r))
        (slipped(r))
        (due(r))
        (not_reported(r))
        (indicators(r))
        (forecast(r))
        footer #source {
            @if !r.skipped.is_empty() {
                p { "Left out because of errors (run tracker check): "
                    @for s in &r.skipped { code { (s.path) } " (" (s.reason) "); " } }
            }
            p { (r.source.description) }
        }
    };
    super::html::page(&title, body)
}
