//! `tracker history`: every change to the strategy, commit by commit.

use super::{Context, Format, Outcome, stdout_error};
use crate::compare::ChangeKind;
use crate::error::{Error, Result};
use crate::history::{Event, walk};
use crate::render::{csv, json, markdown, sanitized, table};
use crate::report::events::{self, HistoryFilter};
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

/// List the changes made to the strategy, commit by commit, oldest first.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker history\n  tracker history csa-regulation --kind due-changed\n  tracker history -p 2026-Q3 --format csv -o changes.csv\n  tracker history --author \"Alice\" --reverse"
)]
pub struct HistoryArgs {
    /// Only this commitment: its whole life.
    pub id: Option<String>,
    /// Only this milestone (with ID).
    #[arg(long, value_name = "MID", requires = "id")]
    pub milestone: Option<String>,
    /// Only changes committed on or after this day, the first day of this period
    /// (2026-Q3, 2026-07, ...), or the day of this commit.
    #[arg(long, short = 'b', value_name = "WHEN")]
    pub since: Option<String>,
    /// Only changes committed on or before this day, the last day of this period, or
    /// the day of this commit.
    #[arg(long, short = 'e', value_name = "WHEN")]
    pub until: Option<String>,
    /// Only changes committed in this period (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27):
    /// the same as --since and --until with it.
    #[arg(long, short = 'p', value_name = "PERIOD", conflicts_with_all = ["since", "until"])]
    pub period: Option<String>,
    /// Only changes by authors whose name contains this text, ignoring case.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Only changes of this kind (repeatable): added, removed, moved, milestone-added,
    /// milestone-removed, milestone-done, milestone-reopened, due-changed,
    /// status-changed, owner-changed, edited, invalid, repaired, event-added,
    /// event-removed, assessed.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Vec<ChangeKind>,
    /// Newest first.
    #[arg(long)]
    pub reverse: bool,
    /// Also show the commits of side branches that merges brought in (marked as such;
    /// the merge's own events show the same changes again).
    #[arg(long)]
    pub all_parents: bool,
    /// Output format [default: from the extension of -o, else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write to FILE instead of standard output; its extension (.txt, .json, .csv, .md)
    /// picks the format unless --format is given.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,

    /// The history of every strategy a roll-up file lists (docs/rollup.md), merged by
    /// date, with ids qualified as `source:id`.
    #[arg(long, value_name = "FILE", conflicts_with = "all_parents")]
    pub rollup: Option<std::path::PathBuf>,

    /// The filters match each commitment as last recorded (as it is now, or as it was
    /// when it was removed), in its state on --today.
    #[command(flatten)]
    pub filter: super::filter::FilterArgs,
}

fn parse_kind(s: &str) -> std::result::Result<ChangeKind, String> {
    ChangeKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{s}`; use one of: {}", all.join(", "))
    })
}

/// The first (or, with `last`, the last) day a `--since`/`--until` value stands for: a
/// date or a period word of the one grammar, or a revision's commit date.
pub(super) fn day_of(
    repo: &crate::git::Repo,
    ctx: &Context,
    spec: Option<&str>,
    last: bool,
) -> Result<Option<NaiveDate>> {
    let Some(spec) = spec else { return Ok(None) };
    if let Some((first, end)) = crate::period::days(spec, ctx.today) {
        return Ok(Some(if last { end } else { first }));
    }
    Ok(Some(repo.resolve(spec)?.commit.date))
}

/// Refuses a range that ends before it starts, which would show nothing and say
/// nothing of why (a period, `-p`, never does).
pub(super) fn check_range(
    since_spec: Option<&str>,
    since: Option<NaiveDate>,
    until_spec: Option<&str>,
    until: Option<NaiveDate>,
) -> Result<()> {
    match (since_spec, since, until_spec, until) {
        (Some(s), Some(from), Some(u), Some(to)) if from > to => Err(Error::Usage(format!(
            "the range is empty: --since {s} ({from}) is after --until {u} ({to}); swap them, or leave one out"
        ))),
        _ => Ok(()),
    }
}

/// Runs `history`.
pub fn run(ctx: &Context, args: &HistoryArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::chosen_format(args.format, args.output.as_deref())?;
    super::to_output(ctx, args.output.as_deref(), out, |ctx, out| {
        run_to(ctx, args, format, out)
    })
}

fn run_to(ctx: &Context, args: &HistoryArgs, format: Format, out: &mut dyn Write) -> Result<Outcome> {
    if !args.all_parents
        && let Some(file) = ctx.rollup(args.rollup.as_deref())
    {
        let since = args.since.as_deref().or(args.period.as_deref());
        let until = args.until.as_deref().or(args.period.as_deref());
        let (since, until) = (
            super::rollup::day_of(ctx, since, false)?,
            super::rollup::day_of(ctx, until, true)?,
        );
        check_range(args.since.as_deref(), since, args.until.as_deref(), until)?;
        let (w, left_out) = super::rollup::walk(ctx, &file, &args.filter.filter())?;
        let filter = HistoryFilter {
            commitment: args.id.clone(),
            milestone: args.milestone.clone(),
            since,
            until,
            author: args.author.clone(),
            kinds: args.kind.clone(),
        };
        let mut rows = events::rows(&w.events, &filter, args.reverse);
        for row in &mut rows {
            row.source = crate::rollup::source_of(&row.change.path);
        }
        super::rollup::lead(format, &left_out, ctx, out)?;
        render(format, out, &rows, ctx, true)?;
        return Ok(if left_out.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Problems
        });
    }
    let (wt, repo) = super::point::open(ctx)?;
    let since = day_of(
        &repo,
        ctx,
        args.since.as_deref().or(args.period.as_deref()),
        false,
    )?;
    let until = day_of(&repo, ctx, args.until.as_deref().or(args.period.as_deref()), true)?;
    check_range(args.since.as_deref(), since, args.until.as_deref(), until)?;
    // Read once: the audience that decides what the walk keeps also decides what is
    // shown.
    let lens = super::point::Lens::of(ctx, &wt, false);
    // The events are read back one commit at a time (`history` may hold none of them),
    // but for `--all-parents`, which places the side branches' among them.
    let (mut w, events): (crate::history::Walk, Box<dyn Iterator<Item = Result<Vec<Event>>>>) =
        if args.all_parents {
            let mut w = walk(&repo, Some(&wt))?;
            let events = crate::history::with_side_branches(&repo, std::mem::take(&mut w.events))?;
            (w, Box::new(std::iter::once(Ok(events))))
        } else {
            // The last versions of commitments are for a public output's lens, the
            // filters and a check of the id; without them, a cache that answers for
            // the whole history is not decoded past its records.
            let versions = if args.id.is_some()
                || !args.filter.filter().is_empty()
                || lens.audience != crate::model::Visibility::Internal
            {
                crate::history::Versions::Needed
            } else {
                crate::history::Versions::Unneeded
            };
            let s = crate::history::walk_streamed(&repo, Some(&wt), versions)?;
            (s.walk, Box::new(s.events))
        };
    super::point::note_history(&w);
    let secrets = lens.secrets(&w);
    // Filters, and the checks of the id asked for, see only what the output may show.
    if let Some(s) = &secrets {
        s.redact_versions(&mut w);
    }
    let ids = super::point::filter_ids(ctx, &args.filter, &w)?;
    let filter = HistoryFilter {
        commitment: args.id.clone(),
        milestone: args.milestone.clone(),
        since,
        until,
        author: args.author.clone(),
        kinds: args.kind.clone(),
    };
    // What is left out is said before the rows; how many changes, once they are counted.
    if secrets.as_ref().is_some_and(|s| !s.is_empty()) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "note: public output: internal items, and every change to them, are not shown"
        );
    }
    let mut shown = events::Shown::new(events, secrets.as_ref(), ids.as_ref(), &filter);
    // Rows are written as they come, but for a table (whose columns fit the widest
    // cell), in reverse, or for one commitment, which is checked first (a few rows).
    let streams = !args.reverse && args.id.is_none() && format != Format::Table;
    if streams {
        // The output stops, unfinished, where the events could not be read.
        let written = {
            let mut rows = shown.fallible();
            match format {
                Format::Json => json::history_each(out, &mut rows),
                Format::Csv => sanitized(out, |w| csv::history_each(w, &mut rows)),
                _ => sanitized(out, |w| markdown::history_each(w, &mut rows)),
            }
        };
        if let Some(e) = shown.error.take() {
            return Err(e);
        }
        written.map_err(stdout_error)?;
        super::point::note_hidden(shown.hidden);
        return Ok(Outcome::Clean);
    }
    let kept: Vec<Event> = shown.by_ref().collect();
    if let Some(e) = shown.error.take() {
        return Err(e);
    }
    super::point::note_hidden(shown.hidden);
    let mut rows: Vec<events::HistoryRow> = kept.iter().map(events::HistoryRow::new).collect();
    if args.reverse {
        rows.reverse();
    }
    if let Some(id) = &args.id
        && rows.is_empty()
        && !w.known.contains_key(id)
        && !shown.names_commitment
    {
        // Sorted, for the same suggestion every time.
        let mut ids: Vec<&str> = w.known.keys().map(String::as_str).collect();
        ids.sort_unstable();
        return Err(Error::UnknownCommitment {
            id: id.clone(),
            suggestion: crate::decode::suggest(id, &ids).map(str::to_owned),
        });
    }
    if let (Some(id), Some(mid)) = (&args.id, &args.milestone)
        && rows.is_empty()
        && let Some(c) = w.known.get(id).map(|k| &k.commitment)
        && c.milestone(mid).is_none()
        && !shown.names_milestone
    {
        return Err(Error::UnknownMilestone {
            commitment: id.clone(),
            id: mid.clone(),
            known: c.milestones.iter().map(|m| m.id.clone()).collect(),
        });
    }
    render(format, out, &rows, ctx, false)?;
    Ok(Outcome::Clean)
}

/// Renders the rows; `rollup` for a roll-up's (CSV then leads with their source).
fn render(
    format: Format,
    out: &mut dyn Write,
    rows: &[events::HistoryRow<'_>],
    ctx: &Context,
    rollup: bool,
) -> Result<()> {
    match format {
        Format::Table => table::history(out, rows, &ctx.style),
        Format::Json => json::history(out, rows),
        Format::Csv => sanitized(out, |w| csv::history(w, rows, rollup)),
        Format::Markdown => sanitized(out, |w| markdown::history(w, rows)),
    }
    .map_err(stdout_error)
}

#[cfg(test)]
mod tests {
    /// The help of `--kind` lists every kind there is.
    #[test]
    fn the_help_of_kind_lists_every_kind() {
        use clap::CommandFactory;
        let cli = super::super::Cli::command();
        let history = cli.find_subcommand("history").expect("history");
        let kind = history
            .get_arguments()
            .find(|a| a.get_id() == "kind")
            .expect("--kind");
        let help = kind.get_help().map(ToString::to_string).unwrap_or_default();
        let listed: Vec<&str> = help
            .split_once(':')
            .map_or("", |(_, l)| l)
            .split([',', '.'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect();
        let all: Vec<&str> = crate::compare::ChangeKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(listed, all, "{help}");
    }
}
