//! `tracker slips`: every due date that moved later, and who moved it.

use super::{Context, Format, Outcome, stdout_error};
use crate::error::Result;
use crate::history::walk;
use crate::render::{csv, json, markdown, sanitized, table};
use crate::report::slips;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

/// List every due date that moved later: first due, due now, days slipped, who moved it.
#[derive(Debug, Args)]
pub struct SlipsArgs {
    /// Only moves committed on or after this day.
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub since: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `slips`.
pub fn run(ctx: &Context, args: &SlipsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (wt, repo) = super::point::open(ctx)?;
    let mut w = walk(&repo, Some(&wt))?;
    super::point::note_history(&w);
    super::point::lens_walk(ctx, &wt, &mut w, false);
    let slips = slips::slips(&w.events, args.since, &w.known);
    match args.format {
        Format::Table => table::slips(out, &slips, &ctx.style),
        Format::Json => json::write(out, &slips),
        Format::Csv => sanitized(out, |w| csv::slips(w, &slips)),
        Format::Markdown => sanitized(out, |w| markdown::slips(w, &slips)),
    }
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}
