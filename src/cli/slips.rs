//! `tracker slips`: every due date that moved later, and who moved it.

use super::{Context, Format, Outcome, stdout_error};
use crate::error::Result;
use crate::history::walk;
use crate::render::{csv, json, markdown, sanitized, table};
use crate::report::slips;
use clap::Args;
use std::io::Write;

/// List every due date that moved later: first due, due now, days slipped, who moved it.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker slips\n  tracker slips -p 2026 --pillar detection\n  tracker slips --since 2025-01-01 --format json"
)]
pub struct SlipsArgs {
    /// Only moves committed on or after this day, the first day of this period (2026-Q3,
    /// 2026-07, ...), or the day of this commit.
    #[arg(long, short = 'b', value_name = "WHEN")]
    pub since: Option<String>,
    /// Only moves committed on or before this day, the last day of this period, or the
    /// day of this commit (uncommitted moves are left out).
    #[arg(long, short = 'e', value_name = "WHEN")]
    pub until: Option<String>,
    /// Only moves committed in this period (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27).
    #[arg(long, short = 'p', value_name = "PERIOD", conflicts_with_all = ["since", "until"])]
    pub period: Option<String>,
    /// Output format [default: from the extension of -o, else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write to FILE instead of standard output; its extension (.txt, .json, .csv, .md)
    /// picks the format unless --format is given.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,

    /// The slips of every strategy a roll-up file lists (docs/rollup.md), with ids
    /// qualified as `source:id`.
    #[arg(long, value_name = "FILE")]
    pub rollup: Option<std::path::PathBuf>,

    /// The filters match each commitment as last recorded (as it is now, or as it was
    /// when it was removed), in its state on --today.
    #[command(flatten)]
    pub filter: super::filter::FilterArgs,
}

/// Runs `slips`.
pub fn run(ctx: &Context, args: &SlipsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::chosen_format(args.format, args.output.as_deref())?;
    super::to_output(ctx, args.output.as_deref(), out, |ctx, out| {
        run_to(ctx, args, format, out)
    })
}

fn run_to(ctx: &Context, args: &SlipsArgs, format: Format, out: &mut dyn Write) -> Result<Outcome> {
    if let Some(file) = ctx.rollup(args.rollup.as_deref()) {
        let since = super::rollup::day_of(ctx, args.since.as_deref().or(args.period.as_deref()), false)?;
        let until = super::rollup::day_of(ctx, args.until.as_deref().or(args.period.as_deref()), true)?;
        super::history::check_range(args.since.as_deref(), since, args.until.as_deref(), until)?;
        let (w, left_out) = super::rollup::walk(ctx, &file, &args.filter.filter())?;
        let mut slips = slips::slips(&w.events, since, until, &|id| w.last_version(id));
        for s in &mut slips {
            s.source = crate::rollup::source_of_id(&s.commitment).map(str::to_owned);
        }
        super::rollup::lead(format, &left_out, ctx, out)?;
        render(format, out, &slips, ctx, true)?;
        return Ok(if left_out.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Problems
        });
    }
    let (wt, repo) = super::point::open(ctx)?;
    let since = super::history::day_of(
        &repo,
        ctx,
        args.since.as_deref().or(args.period.as_deref()),
        false,
    )?;
    let until = super::history::day_of(&repo, ctx, args.until.as_deref().or(args.period.as_deref()), true)?;
    super::history::check_range(args.since.as_deref(), since, args.until.as_deref(), until)?;
    let mut w = walk(&repo, Some(&wt))?;
    super::point::note_history(&w);
    super::point::lens_walk(ctx, &wt, &mut w, false);
    super::point::filter_walk(ctx, &args.filter, &mut w)?;
    let slips = slips::slips(&w.events, since, until, &|id| w.last_version(id));
    render(format, out, &slips, ctx, false)?;
    Ok(Outcome::Clean)
}

/// Renders the slips; `rollup` for a roll-up's (CSV then leads with their source).
fn render(
    format: Format,
    out: &mut dyn Write,
    slips: &[slips::Slip],
    ctx: &Context,
    rollup: bool,
) -> Result<()> {
    match format {
        Format::Table => table::slips(out, slips, &ctx.style),
        Format::Json => json::write(out, &slips),
        Format::Csv => sanitized(out, |w| csv::slips(w, slips, rollup)),
        Format::Markdown => sanitized(out, |w| markdown::slips(w, slips)),
    }
    .map_err(stdout_error)
}
