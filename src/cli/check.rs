//! `tracker check`: validate the whole strategy.

use super::{Context, Outcome, stdout_error};
use crate::error::Result;
use crate::render::findings;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Validate every file and report every problem as `path:line:column: message`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,

    /// Check the files as the git index stages them (what the next commit records),
    /// not as they are on disk: what a pre-commit hook should check.
    #[arg(long)]
    pub staged: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// One line per problem, then a summary.
    Text,
    /// A JSON list of findings, for CI annotations.
    Json,
}

/// Runs `check`.
pub fn run(ctx: &Context, args: &CheckArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (_, loaded) = if args.staged {
        let wt = ctx.worktree()?;
        let repo = crate::git::Repo::open(&wt)?;
        let files = repo.files_in_index()?;
        let loaded = crate::load::Loaded::checked(&wt.name, files, crate::source::Source::Files, ctx.today);
        (wt, loaded)
    } else {
        ctx.check_worktree()?
    };
    let files = loaded.files.len() + 1;
    match args.format {
        CheckFormat::Text => findings::text(out, &loaded.findings, files),
        CheckFormat::Json => findings::json(out, &loaded.findings),
    }
    .map_err(stdout_error)?;
    let failing = loaded.findings.iter().any(|f| f.is_error() || args.strict);
    Ok(if failing {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
