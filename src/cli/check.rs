//! `tracker check`: validate the whole strategy.

use super::{Context, Outcome, stdout_error};
use crate::error::Result;
use crate::render::findings;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Validate every file and report every problem as `path:line:column: message`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker check\n  tracker check --strict --format json > findings.json\n  tracker check --staged          # what the next commit records\n  tracker check --max-findings 0"
)]
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

    /// The most problems to list one by one; 0 lists them all [default: 200 in text,
    /// all in JSON]. The summary always counts every problem.
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

/// How many findings the text output lists before it summarises the rest.
const DEFAULT_MAX_FINDINGS: usize = 200;

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
    let max = match args.max_findings {
        Some(0) => None,
        Some(n) => Some(n),
        None if matches!(args.format, CheckFormat::Text) => Some(DEFAULT_MAX_FINDINGS),
        None => None,
    };
    let foreign = loaded.files.iter().filter(|f| f.foreign).count();
    let of = loaded.files.len();
    let shown = findings::Shown {
        max,
        // Most files, and not a lone stray: the folder is likely the wrong one.
        foreign: (foreign >= 3 && foreign * 2 > of).then_some((foreign, of)),
    };
    match args.format {
        CheckFormat::Text => findings::text(out, &loaded.findings, files, shown),
        CheckFormat::Json => {
            let list =
                &loaded.findings[..max.map_or(loaded.findings.len(), |m| m.min(loaded.findings.len()))];
            findings::json(out, list)
        }
    }
    .map_err(stdout_error)?;
    let failing = loaded.findings.iter().any(|f| f.is_error() || args.strict);
    Ok(if failing {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
