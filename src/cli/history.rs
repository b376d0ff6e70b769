//! `tracker history`, `tracker diff` and `tracker slips`: answers from the git commits.

use super::{Context, Format, Outcome, stdout_error};
use crate::compare::ChangeKind;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::git::revision::Point;
use crate::history::{Walk, walk};
use crate::load::Loaded;
use crate::render::{csv, json, markdown, table};
use crate::report::history::{self as report, HistoryFilter};
use chrono::NaiveDate;
use clap::Args;
use std::io::{self, Write};

/// List the changes made to the strategy, commit by commit, oldest first.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this commitment: its whole life.
    pub id: Option<String>,
    /// Only this milestone (with ID).
    #[arg(long, value_name = "MID", requires = "id")]
    pub milestone: Option<String>,
    /// Only changes committed on or after this day.
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub since: Option<NaiveDate>,
    /// Only changes committed on or before this day.
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub until: Option<NaiveDate>,
    /// Only changes by authors whose name contains this text, ignoring case.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Only changes of this kind (repeatable): added, removed, moved, milestone-added,
    /// milestone-removed, milestone-done, milestone-reopened, due-changed,
    /// status-changed, owner-changed, edited, invalid, repaired.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Vec<ChangeKind>,
    /// Newest first.
    #[arg(long)]
    pub reverse: bool,
    /// Also show the commits of side branches that merges brought in (marked as such;
    /// the merge's own events show the same changes again).
    #[arg(long)]
    pub all_parents: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

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

fn parse_kind(s: &str) -> std::result::Result<ChangeKind, String> {
    ChangeKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{s}`; use one of: {}", all.join(", "))
    })
}

fn open(ctx: &Context) -> Result<(crate::source::WorkTree, Repo)> {
    let wt = ctx.worktree()?;
    let repo = Repo::open(&wt)?;
    Ok((wt, repo))
}

fn note_shallow(w: &Walk) {
    if let Some(b) = &w.shallow_boundary {
        let _ = writeln!(
            io::stderr().lock(),
            "note: this is a shallow clone; history starts at commit {}\nhint: run `git fetch --unshallow` to see the whole history",
            &b[..b.len().min(8)]
        );
    }
}

/// Runs `history`.
pub fn history(ctx: &Context, args: &HistoryArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (wt, repo) = open(ctx)?;
    let mut w = walk(&repo, Some(&wt))?;
    note_shallow(&w);
    if args.all_parents {
        w.events = crate::history::with_side_branches(&repo, std::mem::take(&mut w.events))?;
    }
    let filter = HistoryFilter {
        commitment: args.id.clone(),
        milestone: args.milestone.clone(),
        since: args.since,
        until: args.until,
        author: args.author.clone(),
        kinds: args.kind.clone(),
    };
    let rows = report::rows(&w.events, &filter, args.reverse);
    if let Some(id) = &args.id
        && rows.is_empty()
        && !w.known.contains_key(id)
        && !w.events.iter().any(|e| e.change.commitment.as_ref() == Some(id))
    {
        let ids: Vec<&str> = w.known.keys().map(String::as_str).collect();
        return Err(Error::UnknownCommitment {
            id: id.clone(),
            suggestion: crate::decode::suggest(id, &ids).map(str::to_owned),
        });
    }
    if let (Some(id), Some(mid)) = (&args.id, &args.milestone)
        && rows.is_empty()
        && let Some((_, c)) = w.known.get(id)
        && c.milestone(mid).is_none()
        && !w.events.iter().any(|e| e.change.milestone.as_ref() == Some(mid))
    {
        return Err(Error::UnknownMilestone {
            commitment: id.clone(),
            id: mid.clone(),
            known: c.milestones.iter().map(|m| m.id.clone()).collect(),
        });
    }
    match args.format {
        Format::Table => table::history(out, &rows, &ctx.style),
        Format::Json => json::write(out, &rows),
        Format::Csv => csv::history(out, &rows),
        Format::Markdown => markdown::history(out, &rows),
    }
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}

/// Loads the strategy at a point, validated for its day; returns a label and the day.
pub fn load_point(ctx: &Context, repo: &Repo, spec: &str) -> Result<(String, NaiveDate, Loaded)> {
    match repo.resolve(spec)? {
        Point::Commit(info, day) => {
            let mut loaded = Loaded::from_files(repo.name(), repo.files_at(&info.id)?);
            let today = if ctx.today_given { ctx.today } else { day };
            crate::validate::validate(&mut loaded, today);
            Ok((
                format!("{day} (commit {} of {})", info.short(), info.date),
                today,
                loaded,
            ))
        }
        Point::WorkTree => {
            let (_, loaded) = ctx.load_worktree()?;
            Ok(("working tree".into(), ctx.today, loaded))
        }
    }
}

/// Runs `diff`.
pub fn diff(ctx: &Context, args: &DiffArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (_, repo) = open(ctx)?;
    let from = load_point(ctx, &repo, &args.from)?;
    let to = match &args.to {
        Some(spec) => load_point(ctx, &repo, spec)?,
        None => {
            let (_, loaded) = ctx.load_worktree()?;
            ("working tree".into(), ctx.today, loaded)
        }
    };
    let r = report::diff((&from.0, from.1, &from.2), (&to.0, to.1, &to.2));
    match args.format {
        Format::Table => table::diff(out, &r, &ctx.style),
        Format::Json => json::write(out, &r),
        Format::Csv => csv::diff(out, &r),
        Format::Markdown => markdown::diff(out, &r),
    }
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}

/// Runs `slips`.
pub fn slips(ctx: &Context, args: &SlipsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (wt, repo) = open(ctx)?;
    let w = walk(&repo, Some(&wt))?;
    note_shallow(&w);
    let slips = report::slips(&w.events, args.since);
    match args.format {
        Format::Table => table::slips(out, &slips, &ctx.style),
        Format::Json => json::write(out, &slips),
        Format::Csv => csv::slips(out, &slips),
        Format::Markdown => markdown::slips(out, &slips),
    }
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}
