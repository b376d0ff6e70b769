//! `tracker done`, `reopen`, `due` and `set`: one-line edits of one commitment file,
//! written atomically, shown as a diff with `--dry-run`, recorded with `--commit`.

use super::{Context, Outcome, stdout_error};
use crate::decode::{parse_date, suggest};
use crate::edit::{Action, Edit, diff, edit, new_errors};
use crate::error::{Error, Result};
use crate::git::commit::Committer;
use crate::load::{CommitmentFile, Loaded};
use crate::model::Status;
use crate::source::WorkTree;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::io::{self, Write};

/// Options every edit command takes.
#[derive(Debug, Args)]
pub struct EditOpts {
    /// Record the change as a git commit of just this file, with your git identity.
    #[arg(long)]
    pub commit: bool,

    /// Print the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Mark a milestone as done: set its `done` date.
#[derive(Debug, Args)]
pub struct DoneArgs {
    /// The commitment's id.
    pub id: String,
    /// The milestone's id.
    pub milestone: String,
    /// The day it was done (default: --today, else the real date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// Reopen a milestone: remove its `done` date.
#[derive(Debug, Args)]
pub struct ReopenArgs {
    /// The commitment's id.
    pub id: String,
    /// The milestone's id.
    pub milestone: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// Move a due date: the commitment's own (`due ID DATE`) or a milestone's (`due ID MID DATE`).
#[derive(Debug, Args)]
#[command(override_usage = "tracker due [OPTIONS] <ID> [MID] <DATE>")]
pub struct DueArgs {
    /// The commitment's id.
    pub id: String,
    /// The milestone's id (optional), then the new due date as YYYY-MM-DD.
    #[arg(value_name = "MID DATE", num_args = 1..=2, required = true)]
    pub rest: Vec<String>,
    /// Why it moved; it goes into the commit message, where `tracker slips` shows it.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// Set the status or the owner of a commitment.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The commitment's id.
    pub id: String,
    /// What to set.
    #[arg(value_enum)]
    pub field: SetField,
    /// The new value: planned, in-progress, done or dropped for `status`; any text for `owner`.
    pub value: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// The fields `set` can change.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SetField {
    /// The declared status.
    Status,
    /// The accountable unit or person.
    Owner,
}

/// Runs `done`.
pub fn done(ctx: &Context, args: &DoneArgs, out: &mut dyn Write) -> Result<Outcome> {
    let change = Action::MilestoneDone {
        milestone: args.milestone.clone(),
        date: args.date.unwrap_or(ctx.today),
    };
    apply(ctx, &args.id, &change, None, &args.opts, out)
}

/// Runs `reopen`.
pub fn reopen(ctx: &Context, args: &ReopenArgs, out: &mut dyn Write) -> Result<Outcome> {
    let change = Action::MilestoneReopen {
        milestone: args.milestone.clone(),
    };
    apply(ctx, &args.id, &change, None, &args.opts, out)
}

/// Runs `due`.
pub fn due(ctx: &Context, args: &DueArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (milestone, date) = match args.rest.as_slice() {
        [date] => (None, date),
        [mid, date] => (Some(mid), date),
        _ => {
            return Err(Error::Usage(
                "give the new due date, and before it a milestone id if any".into(),
            ));
        }
    };
    let date = parse_date(date).map_err(|e| Error::Usage(format!("{e} (the new due date)")))?;
    let change = match milestone {
        Some(m) => Action::MilestoneDue {
            milestone: m.clone(),
            date,
        },
        None => Action::Due(date),
    };
    apply(ctx, &args.id, &change, args.reason.as_deref(), &args.opts, out)
}

/// Runs `set`.
pub fn set(ctx: &Context, args: &SetArgs, out: &mut dyn Write) -> Result<Outcome> {
    let change = match args.field {
        SetField::Status => {
            let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            let status = Status::parse(args.value.trim()).ok_or_else(|| {
                Error::Usage(match suggest(&args.value, &known) {
                    Some(s) => format!("unknown status `{}`: did you mean `{s}`?", args.value),
                    None => format!("unknown status `{}`: use one of {}", args.value, known.join(", ")),
                })
            })?;
            Action::Status(status)
        }
        SetField::Owner => {
            let owner = args.value.trim();
            if owner.is_empty() {
                return Err(Error::Usage("the owner cannot be empty".into()));
            }
            Action::Owner(owner.to_owned())
        }
    };
    apply(ctx, &args.id, &change, None, &args.opts, out)
}

/// The one file that holds commitment `id`.
pub fn find<'l>(loaded: &'l Loaded, id: &str) -> Result<&'l CommitmentFile> {
    let holds = |f: &&CommitmentFile| {
        f.commitment
            .as_ref()
            .map_or(f.id.as_deref(), |c| Some(c.id.as_str()))
            == Some(id)
    };
    let found: Vec<&CommitmentFile> = loaded.files.iter().filter(holds).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let ids: Vec<&str> = loaded
                .files
                .iter()
                .filter_map(|f| f.commitment.as_ref().map(|c| c.id.as_str()).or(f.id.as_deref()))
                .collect();
            Err(Error::UnknownCommitment {
                id: id.to_owned(),
                suggestion: suggest(id, &ids).map(str::to_owned),
            })
        }
        many => Err(Error::EditRefused {
            path: many[0].path.clone(),
            reason: format!(
                "the id `{id}` is used by several files ({})",
                many.iter()
                    .map(|f| f.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: "give each commitment its own id first; `tracker check` shows the duplicates".into(),
        }),
    }
}

/// Prints findings to stderr, as `check` prints them.
pub fn print_findings<'a>(findings: impl IntoIterator<Item = &'a crate::finding::Finding>) {
    let mut e = io::stderr().lock();
    for f in findings {
        let _ = writeln!(e, "{f}");
    }
}

/// Finds the file, makes the edit, checks it against the whole strategy, then prints
/// the diff (`--dry-run`) or writes it (and commits it with `--commit`).
fn apply(
    ctx: &Context,
    id: &str,
    change: &Action,
    reason: Option<&str>,
    opts: &EditOpts,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let wt = ctx.worktree()?;
    let files = wt.files()?;
    let mut loaded = Loaded::from_files(&wt.name, files.clone());
    crate::validate::validate(&mut loaded, ctx.today);
    let file = find(&loaded, id)?;
    let bytes = file.text.clone().unwrap_or_else(|| Vec::new().into());
    let made = match edit(&file.path, &bytes, change) {
        Err(e @ Error::InvalidFile { .. }) => {
            print_findings(loaded.findings.iter().filter(|f| f.path == file.path));
            return Err(e);
        }
        other => other?,
    };
    let Some(made) = made else {
        writeln!(out, "{}: nothing to change: {}", file.path, change.unchanged()).map_err(stdout_error)?;
        return Ok(Outcome::Clean);
    };
    let fresh = new_errors(
        files,
        &wt.name,
        &made.path,
        made.after.as_bytes(),
        ctx.today,
        &loaded,
    );
    if let Some(first) = fresh.first() {
        print_findings(&fresh);
        return Err(Error::EditRefused {
            path: made.path.clone(),
            reason: format!(
                "the edit would make `tracker check` fail ({}: {})",
                first.rule, first.message
            ),
            hint: first
                .hint
                .clone()
                .unwrap_or_else(|| "check the value you gave".into()),
        });
    }
    write_edit(&wt, &made, reason, opts, out)
}

/// Prints, or writes and commits, an edit that passed every check.
fn write_edit(
    wt: &WorkTree,
    made: &Edit,
    reason: Option<&str>,
    opts: &EditOpts,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let message = made.message(reason);
    let committer = if opts.commit {
        Some(Committer::prepare(&wt.root, &made.path, false)?)
    } else {
        None
    };
    if opts.dry_run {
        out.write_all(diff::unified(&made.path, Some(&made.before), &made.after).as_bytes())
            .map_err(stdout_error)?;
        if opts.commit {
            writeln!(out, "would commit: {}", message.lines().next().unwrap_or("")).map_err(stdout_error)?;
        }
        return Ok(Outcome::Clean);
    }
    let abs = wt.absolute(&made.path);
    // Someone may have saved the file from an editor since it was read: keep their work.
    let now = std::fs::read(&abs).map_err(|e| Error::io("read", &abs, e))?;
    if now != made.before.as_bytes() {
        return Err(Error::EditRefused {
            path: made.path.clone(),
            reason: "the file changed on disk while tracker was editing it".into(),
            hint: "run the command again".into(),
        });
    }
    crate::write::write_atomic(&abs, made.after.as_bytes())?;
    writeln!(out, "{}: {}", made.path, made.summary).map_err(stdout_error)?;
    if reason.is_some() && !opts.commit {
        let _ = writeln!(
            io::stderr().lock(),
            "note: the reason is kept only in a commit message; use --commit, or give it when you commit"
        );
    }
    if let Some(c) = committer {
        let info = c.commit(&message).inspect_err(|_| {
            let _ = writeln!(
                io::stderr().lock(),
                "note: {} was changed but not committed",
                made.path
            );
        })?;
        writeln!(out, "committed {}: {}", info.short(), info.subject).map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}
