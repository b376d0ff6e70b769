//! `tracker diff`: what changed between two reporting points.

use super::{Context, Format, Outcome, stdout_error};
use crate::error::Result;
use crate::render::{csv, json, markdown, sanitized, table};
use crate::report::diff;
use clap::Args;
use std::io::Write;

/// Show what changed between two reporting points (dates or revisions).
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier point: a date (YYYY-MM-DD) or a revision (sha, tag, branch, HEAD~3).
    pub from: String,
    /// The later point; default: the working tree.
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `diff`.
pub fn run(ctx: &Context, args: &DiffArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (_, repo) = super::point::open(ctx)?;
    // Before the strategy existed, FROM is empty: everything was added since.
    let mut from = super::point::load_or_empty(ctx, &repo, &args.from)?;
    let mut to = match &args.to {
        Some(spec) => super::point::load(ctx, &repo, spec)?,
        None => (ctx.load_worktree()?.1, ctx.today),
    };
    // Without a valid strategy.yaml on both sides the pillar figures cannot be given.
    if !(from.0.files.is_empty() && from.0.findings.is_empty()) {
        from.0.strategy()?;
    }
    to.0.strategy()?;
    // Both sides through the lens of the later one's strategy.
    let lens = ctx.lens(&to.0, false);
    crate::lens::apply(&mut from.0, lens);
    let applied = crate::lens::apply(&mut to.0, lens);
    let mut r = diff::diff((&from.0, from.1), (&to.0, to.1));
    r.audience = applied.audience;
    r.internal_hidden = applied.internal_hidden;
    match args.format {
        Format::Table => table::diff(out, &r, &ctx.style),
        Format::Json => json::write(out, &r),
        Format::Csv => sanitized(out, |w| csv::diff(w, &r)),
        Format::Markdown => sanitized(out, |w| markdown::diff(w, &r)),
    }
    .map_err(stdout_error)?;
    out.flush().map_err(stdout_error)?;
    if !r.complete {
        super::status::warn_skipped(&from.0);
        super::status::warn_skipped(&to.0);
        return Ok(Outcome::Problems);
    }
    Ok(Outcome::Clean)
}
