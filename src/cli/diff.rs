//! `tracker diff`: what changed between two reporting points.

use super::{Context, Format, Outcome, stdout_error};
use crate::error::{Error, Result};
use crate::render::{csv, json, markdown, sanitized, table};
use crate::report::diff;
use clap::Args;
use std::io::Write;

/// Show what changed between two reporting points (dates or revisions).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker diff 2026-01-01\n  tracker diff 2026-Q2 2026-Q3\n  tracker diff HEAD~5 HEAD --format markdown"
)]
pub struct DiffArgs {
    /// The earlier point: a date (YYYY-MM-DD, today, yesterday), the start of a period
    /// (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27), or a revision (sha, tag, branch,
    /// HEAD~3).
    pub from: String,
    /// The later point (a date, the end of a period, or a revision); default: the working
    /// tree, which a period that ends after today also stands for.
    pub to: Option<String>,
    /// Output format [default: from the extension of -o, else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write to FILE instead of standard output; its extension (.txt, .json, .csv, .md)
    /// picks the format unless --format is given.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,

    /// Compare every strategy a roll-up file lists (docs/rollup.md), each as its
    /// repository recorded it at FROM and at TO (dates or periods).
    #[arg(long, value_name = "FILE")]
    pub rollup: Option<std::path::PathBuf>,

    /// The filters match each commitment as it is at TO (or, if it is gone by then, as it
    /// was at FROM), in its state on that day.
    #[command(flatten)]
    pub filter: super::filter::FilterArgs,
}

/// Runs `diff`.
pub fn run(ctx: &Context, args: &DiffArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::chosen_format(args.format, args.output.as_deref())?;
    super::to_output(ctx, args.output.as_deref(), out, |ctx, out| {
        run_to(ctx, args, format, out)
    })
}

fn run_to(ctx: &Context, args: &DiffArgs, format: Format, out: &mut dyn Write) -> Result<Outcome> {
    if let Some(file) = ctx.rollup(args.rollup.as_deref()) {
        return rollup(ctx, args, format, &file, out);
    }
    let (_, repo) = super::point::open(ctx)?;
    if let Some((first, _)) = crate::period::days(&args.from, ctx.today)
        && first > ctx.today
    {
        return Err(Error::Usage(format!(
            "FROM {} is after today ({}): nothing is recorded from it yet; give an earlier day, or --today",
            args.from, ctx.today
        )));
    }
    // Before the strategy existed, FROM is empty: everything was added since.
    let mut from = super::point::load_or_empty(ctx, &repo, &args.from)?;
    let mut to = match &args.to {
        Some(spec) => super::point::load_later(ctx, &repo, "TO ", spec)?,
        None => (ctx.load_worktree()?.1, ctx.today),
    };
    let to_day = to.0.source.day().unwrap_or(ctx.today);
    if let Some(from_day) = from.0.source.day()
        && from_day > to_day
    {
        return Err(Error::Usage(format!(
            "FROM {} stands for {from_day}, after TO {} ({to_day}); give the earlier point first",
            args.from,
            args.to.as_deref().unwrap_or("(the working tree)")
        )));
    }
    // Without a valid strategy.yaml on both sides the pillar figures cannot be given.
    if !(from.0.files.is_empty() && from.0.findings.is_empty()) {
        from.0.strategy()?;
    }
    to.0.strategy()?;
    // Both sides through the lens of the later one's strategy, before the filters are
    // checked: a public output neither confirms nor suggests an internal value.
    let lens = ctx.lens(&to.0, false);
    crate::lens::apply(&mut from.0, lens);
    let applied = crate::lens::apply(&mut to.0, lens);
    let strategy = to.0.strategy()?;
    let filter = args.filter.info();
    filter.filter().check(
        Some(strategy),
        [&from.0, &to.0]
            .into_iter()
            .flat_map(|l| l.valid_commitments().into_iter().map(|(_, c)| c)),
    )?;
    let mut r = diff::diff((&from.0, from.1), (&to.0, to.1), &filter);
    r.audience = applied.audience;
    r.internal_hidden = applied.internal_hidden;
    render(ctx, format, &r, out)?;
    if !r.complete {
        super::status::warn_skipped(&from.0);
        super::status::warn_skipped(&to.0);
        return Ok(Outcome::Problems);
    }
    Ok(Outcome::Clean)
}

/// `diff --rollup`: every source at both points, merged.
fn rollup(
    ctx: &Context,
    args: &DiffArgs,
    format: Format,
    file: &std::path::Path,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let mut to = args.to.as_deref().unwrap_or("today").to_owned();
    // A period that ends after today is covered to date, as for one strategy (each source
    // read as its repository recorded it, on today); one that begins after it is refused.
    if let Some((first, last)) = crate::period::days(&to, ctx.today)
        && last > ctx.today
    {
        if first > ctx.today {
            return Err(Error::Usage(format!(
                "TO {to} is after today ({}): nothing is recorded for it yet; give an earlier day, or --today",
                ctx.today
            )));
        }
        let _ = writeln!(
            std::io::stderr().lock(),
            "note: TO {to} ends on {last}, after today ({}): it is covered to date",
            ctx.today
        );
        to = ctx.today.to_string();
    }
    let to = to.as_str();
    // The days the points stand for (the states are computed for --today when given),
    // checked before anything is read.
    let from_day = super::rollup::day_of(ctx, Some(&args.from), false)?.unwrap_or(ctx.today);
    let to_day = super::rollup::day_of(ctx, Some(to), true)?.unwrap_or(ctx.today);
    if from_day > to_day {
        return Err(Error::Usage(format!(
            "FROM {} stands for {from_day}, after TO {to} ({to_day}); give the earlier point first",
            args.from
        )));
    }
    let rollup = crate::rollup::read(file)?;
    let lens = super::rollup::lens(ctx, false);
    let ends = crate::rollup::gather::ends(&rollup, &args.from, to, ctx.today, ctx.today_given, lens);
    let strategy = rollup.strategy();
    let filter = args.filter.info();
    filter.filter().check(
        Some(&strategy),
        [&ends.from.0, &ends.to.0]
            .into_iter()
            .flat_map(|l| l.valid_commitments().into_iter().map(|(_, c)| c)),
    )?;
    let mut r = diff::diff((&ends.from.0, ends.from.1), (&ends.to.0, ends.to.1), &filter);
    r.from_title = format!("{from_day} (each source as recorded then)");
    r.to_title = format!("{to_day} (each source as recorded then)");
    r.from = from_day.to_string();
    r.to = to_day.to_string();
    r.audience = lens.audience;
    r.internal_hidden = ends.internal_hidden;
    for (name, why) in &ends.failed {
        r.complete = false;
        r.sources_left_out.push(name.clone());
        let _ = writeln!(
            std::io::stderr().lock(),
            "warning: source `{name}` could not be read, so it is left out: {}",
            crate::render::clean(why)
        );
    }
    render(ctx, format, &r, out)?;
    Ok(if r.complete {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

/// Writes the diff in `format`.
fn render(ctx: &Context, format: Format, r: &diff::DiffReport, out: &mut dyn Write) -> Result<()> {
    match format {
        Format::Table => table::diff(out, r, &ctx.style),
        Format::Json => json::write(out, r),
        Format::Csv => sanitized(out, |w| csv::diff(w, r)),
        Format::Markdown => sanitized(out, |w| markdown::diff(w, r)),
    }
    .map_err(stdout_error)?;
    out.flush().map_err(stdout_error)
}
