//! `tracker status`: progress per pillar and commitment, or one commitment in detail.

use super::{Context, Outcome, stdout_error};
use crate::decode::suggest;
use crate::error::{Error, Result};
use crate::load::Loaded;
use crate::render::{csv, html, json, markdown, sanitized, table};
use crate::report::baseline::Baselines;
use crate::report::{detail, status};
use clap::{Args, ValueEnum};
use std::io::{self, Write};

/// Show progress per pillar and commitment; with an ID, one commitment in detail.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker status\n  tracker status csa-regulation\n  tracker status --at 2025-Q4 --pillar detection\n  tracker status --audience public -o status.html"
)]
pub struct StatusArgs {
    /// Show this commitment in detail.
    pub id: Option<String>,

    #[command(flatten)]
    pub filter: super::filter::FilterArgs,

    /// Report as the repository recorded it at a date (YYYY-MM-DD, today, yesterday:
    /// the last commit made on or before that day), at the end of a period (2026-Q3,
    /// 2026-07, ...), or at a revision (sha, tag, branch, HEAD~3). A period that ends
    /// after today stands for today's working tree; one that begins after it, and a
    /// revision recorded after --today, are refused.
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// Show each commitment's state as a word of this scale (declared in strategy.yaml),
    /// by the scale's `map` or the default rule (docs/format.md).
    #[arg(long, value_name = "SCALE")]
    pub scale: Option<String>,

    /// Report over every strategy a roll-up file lists (docs/rollup.md), each read
    /// from its repository's commit, instead of the strategy here.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["id", "at", "scale"])]
    pub rollup: Option<std::path::PathBuf>,

    /// With --rollup: flag a source whose last commit is older than N days (default:
    /// the file's `stale_days`, else 90).
    #[arg(long, value_name = "N", requires = "rollup")]
    pub stale_days: Option<u32>,

    /// Output format [default: from the extension of -o, else table].
    #[arg(long, value_enum)]
    pub format: Option<StatusFormat>,

    /// Write to FILE instead of standard output; its extension (.txt, .json, .csv, .md, .html)
    /// picks the format unless --format is given.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// Output formats of `status`: those of the other commands, and an HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// A table for the terminal.
    Table,
    /// JSON (a stable, documented shape).
    Json,
    /// CSV, one row per item.
    Csv,
    /// Markdown tables.
    Markdown,
    /// One self-contained HTML page (inline CSS and SVG, no scripts).
    Html,
}

impl super::FileFormat for StatusFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "txt" => Some(StatusFormat::Table),
            "json" => Some(StatusFormat::Json),
            "csv" => Some(StatusFormat::Csv),
            "md" | "markdown" => Some(StatusFormat::Markdown),
            "html" | "htm" => Some(StatusFormat::Html),
            _ => None,
        }
    }
    fn default_format() -> Self {
        StatusFormat::Table
    }
}

/// How many of the files left out are named on stderr (the rest are counted): a
/// folder of YAML files of another shape would otherwise bury the report.
const SKIPPED_LISTED: usize = 20;

/// Tells on stderr which files were left out, and why.
pub fn warn_skipped(loaded: &Loaded) {
    let skipped = crate::report::skipped(loaded);
    if skipped.is_empty() {
        return;
    }
    let mut e = io::stderr().lock();
    let _ = writeln!(
        e,
        "warning: {} file{} left out because of errors:",
        skipped.len(),
        if skipped.len() == 1 { "" } else { "s" }
    );
    for s in skipped.iter().take(SKIPPED_LISTED) {
        let _ = writeln!(e, "  {}", crate::render::clean(&s.line));
    }
    if skipped.len() > SKIPPED_LISTED {
        let _ = writeln!(e, "  and {} more", skipped.len() - SKIPPED_LISTED);
    }
    let _ = writeln!(e, "hint: run `tracker check` to see every problem");
}

/// Runs `status` on the working tree.
pub fn run(ctx: &Context, args: &StatusArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::chosen_format(args.format, args.output.as_deref())?;
    super::to_output(ctx, args.output.as_deref(), out, |ctx, out| {
        if args.id.is_none()
            && args.at.is_none()
            && let Some(file) = ctx.rollup(args.rollup.as_deref())
        {
            return rollup(ctx, args, format, &file, out);
        }
        if let Some(spec) = &args.at {
            let (_, repo) = super::point::open(ctx)?;
            let (loaded, today) = super::point::load_later(ctx, &repo, "--at ", spec)?;
            return report(today, ctx, args, format, loaded, out);
        }
        let (_, loaded) = ctx.load_worktree()?;
        report(ctx.today, ctx, args, format, loaded, out)
    })
}

/// Prints the status of a roll-up.
fn rollup(
    ctx: &Context,
    args: &StatusArgs,
    format: StatusFormat,
    file: &std::path::Path,
    out: &mut dyn Write,
) -> Result<Outcome> {
    use crate::render::rollup as render;
    let rollup = crate::rollup::read(file)?;
    let lens = super::rollup::lens(ctx, format == StatusFormat::Html);
    let r = crate::rollup::gather::status(&rollup, ctx.today, args.stale_days, &args.filter.filter(), lens)?;
    match format {
        StatusFormat::Table => render::table_status(out, &r, &ctx.style),
        StatusFormat::Json => json::write(out, &r),
        StatusFormat::Csv => sanitized(out, |w| csv::status(w, &r.status, true)),
        StatusFormat::Markdown => sanitized(out, |w| render::markdown_status(w, &r)),
        StatusFormat::Html => sanitized(out, |w| render::html_status(w, &r)),
    }
    .map_err(stdout_error)?;
    out.flush().map_err(stdout_error)?;
    if r.status.commitments.is_empty() && !args.filter.filter().is_empty() {
        let _ = writeln!(io::stderr().lock(), "note: no commitment matches the filters");
    }
    Ok(if r.complete {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

/// The baselines of every due date, from the history up to what `loaded` was read from;
/// `None` outside git.
fn baselines(ctx: &Context, loaded: &Loaded) -> Result<Option<Baselines>> {
    let wt = ctx.worktree()?;
    let repo = match crate::git::Repo::open(&wt) {
        Ok(r) => r,
        Err(Error::NotARepository { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let on_disk = loaded.source.is_files_on_disk();
    let walk = crate::history::walk(&repo, on_disk.then_some(&wt))?;
    let reachable = match &loaded.source {
        crate::source::Source::Commit { commit, .. } => Some(repo.first_parent_ids(&commit.id, None)?),
        _ => None,
    };
    let events = walk.events.iter().filter(|e| match (&reachable, &e.commit) {
        (Some(ids), Some(c)) => ids.contains(&c.id),
        (Some(_), None) => false,
        (None, _) => true,
    });
    Ok(Some(Baselines::from_events(events)))
}

/// Prints the status (or detail) report of a loaded strategy on `today`.
fn report(
    today: chrono::NaiveDate,
    ctx: &Context,
    args: &StatusArgs,
    format: StatusFormat,
    mut loaded: Loaded,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let lens = ctx.lens(&loaded, format == StatusFormat::Html);
    let applied = crate::lens::apply(&mut loaded, lens);
    let loaded = &loaded;
    let strategy = super::strategy_for(loaded, &args.filter.pillar)?;
    if let Some(id) = &args.scale
        && strategy.scale(id).is_none()
    {
        let ids: Vec<&str> = strategy.scales.iter().map(|s| s.id.as_str()).collect();
        return Err(Error::Usage(if ids.is_empty() {
            format!(
                "--scale {id}: strategy.yaml declares no scales; add them under `scales:` (see docs/format.md)"
            )
        } else {
            format!("--scale {id}: no such scale; the scales are: {}", ids.join(", "))
        }));
    }
    let outcome = if loaded.invalid_paths().is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    };
    if let Some(id) = &args.id {
        // Files that could not be decoded still count by the id they spell, or failing
        // that (a syntax error) by their name, which is the id by convention.
        let stem = |f: &crate::load::CommitmentFile| {
            let name = f.path.rsplit('/').next().unwrap_or("");
            name.strip_suffix(".yaml").or_else(|| name.strip_suffix(".yml")) == Some(id.as_str())
        };
        let file = loaded
            .files
            .iter()
            .find(|f| f.spelled_id() == Some(id.as_str()))
            .or_else(|| loaded.files.iter().find(|f| f.spelled_id().is_none() && stem(f)));
        let Some(file) = file else {
            let ids: Vec<&str> = loaded.files.iter().filter_map(|f| f.spelled_id()).collect();
            return Err(Error::UnknownCommitment {
                id: id.clone(),
                suggestion: suggest(id, &ids).map(str::to_owned),
            });
        };
        let valid = !loaded.invalid_paths().contains(file.path.as_str());
        let Some(c) = file.commitment.as_ref().filter(|_| valid) else {
            // Figures from a file with errors would mislead: show the errors instead.
            return Err(Error::CommitmentHasErrors {
                path: file.path.clone(),
                findings: loaded
                    .findings
                    .iter()
                    .filter(|f| f.path == file.path && f.is_error())
                    .cloned()
                    .collect(),
            });
        };
        let baselines = baselines(ctx, loaded)?;
        let mut r = detail::build(&file.path, c, loaded, today, baselines.as_ref());
        r.audience = applied.audience;
        r.internal_hidden = applied.internal_hidden;
        match format {
            StatusFormat::Table => table::detail(out, &r, &ctx.style),
            StatusFormat::Json => json::write(out, &r),
            StatusFormat::Csv => sanitized(out, |w| csv::detail(w, &r)),
            StatusFormat::Markdown => sanitized(out, |w| markdown::detail(w, &r)),
            StatusFormat::Html => {
                return Err(Error::Usage(
                    "--format html shows the whole strategy, not one commitment; leave out the ID, \
                     or use --format markdown for one commitment"
                        .into(),
                ));
            }
        }
        .map_err(stdout_error)?;
        return Ok(Outcome::Clean);
    }
    let filter = args.filter.filter();
    // A tag no commitment has is a typo, not an empty report.
    filter.check(
        Some(strategy),
        loaded.valid_commitments().into_iter().map(|(_, c)| c),
    )?;
    let mut r = status::build(strategy, loaded, today, &filter).with_lens(&applied);
    if let Some(id) = &args.scale {
        r = r.on_scale(strategy, id);
    }
    match format {
        StatusFormat::Table => table::status(out, &r, &ctx.style),
        StatusFormat::Json => json::write(out, &r),
        StatusFormat::Csv => sanitized(out, |w| csv::status(w, &r, false)),
        StatusFormat::Markdown => sanitized(out, |w| markdown::status(w, &r)),
        StatusFormat::Html => sanitized(out, |w| html::status(w, &r)),
    }
    .map_err(stdout_error)?;
    out.flush().map_err(stdout_error)?;
    warn_skipped(loaded);
    Ok(outcome)
}
