//! `tracker new`: a commitment file from a commented template.

use super::edit::EditOpts;
use super::{Context, Outcome, print_findings, stdout_error};
use crate::decode::suggest;
use crate::edit::lock::{self, EditLock};
use crate::edit::template::{self, NewCommitment, NewMilestone};
use crate::edit::{diff, new_errors};
use crate::error::{Error, Result};
use crate::git::commit::{CommitOptions, Committer, FileState};
use crate::load::{Loaded, parse_commitment};
use crate::model::is_valid_id;
use crate::source::Source;
use clap::Args;
use std::io::Write;

/// Create a commitment file, strategy/<pillar>/<id>.yaml, from a commented template.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker new eu-centre --pillar detection --title \"European centre\" --owner \"DG HOME\""
)]
pub struct NewArgs {
    /// The new commitment's id.
    pub id: String,
    /// The pillar it belongs to.
    #[arg(long)]
    pub pillar: String,
    /// The accountable unit or person.
    #[arg(long)]
    pub owner: String,
    /// What will be done.
    #[arg(long)]
    pub title: String,
    /// The day the whole commitment is due.
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub due: Option<super::DayArg>,
    /// A milestone, as 'MID:Title:YYYY-MM-DD' (repeatable).
    #[arg(long = "milestone", value_name = "MID:Title:DUE")]
    pub milestones: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// Runs `new`.
pub fn run(ctx: &Context, args: &NewArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !is_valid_id(&args.id) {
        return Err(super::init::bad_id("commitment", &args.id));
    }
    let (title, owner) = (args.title.trim(), args.owner.trim());
    if title.is_empty() || owner.is_empty() {
        return Err(Error::Usage("--title and --owner cannot be empty".into()));
    }
    let mut milestones: Vec<NewMilestone> = Vec::new();
    for arg in &args.milestones {
        let m = template::parse_milestone(arg).map_err(|e| Error::Usage(format!("--milestone: {e}")))?;
        if milestones.iter().any(|x| x.id == m.id) {
            return Err(Error::Usage(format!("milestone `{}` is given twice", m.id)));
        }
        milestones.push(m);
    }
    let wt = ctx.worktree()?;
    let _lock = EditLock::acquire(&wt.dir, lock::wait())?;
    let files = wt.files()?;
    let loaded = Loaded::checked(&wt.name, files.clone(), Source::Files, ctx.today);
    let strategy = loaded.strategy()?;
    if strategy.pillar(&args.pillar).is_none() {
        let known: Vec<&str> = strategy.pillars.iter().map(|p| p.id.as_str()).collect();
        return Err(Error::Usage(match suggest(&args.pillar, &known) {
            Some(s) => format!(
                "unknown pillar `{}`: did you mean `{s}`? The pillars are: {}",
                args.pillar,
                known.join(", ")
            ),
            None => format!(
                "unknown pillar `{}`: the pillars are: {}",
                args.pillar,
                known.join(", ")
            ),
        }));
    }
    if let Some(f) = loaded.files.iter().find(|f| {
        f.commitment
            .as_ref()
            .map_or(f.id.as_deref(), |c| Some(c.id.as_str()))
            == Some(args.id.as_str())
    }) {
        return Err(Error::EditRefused {
            path: f.path.clone(),
            reason: format!("the id `{}` is already used by this file", args.id),
            hint: "choose another id; `tracker status` lists them".into(),
        });
    }
    let path = crate::source::display_path(&wt.name, &format!("{}/{}.yaml", args.pillar, args.id));
    let n = NewCommitment {
        id: args.id.clone(),
        title: title.to_owned(),
        pillar: args.pillar.clone(),
        owner: owner.to_owned(),
        due: args.due.map(|d| d.on(ctx.today)),
        milestones,
    };
    let text = template::commitment(&n, &path);
    let parsed = parse_commitment(&path, text.as_bytes());
    let mut problems: Vec<_> = parsed.findings.into_iter().filter(|f| f.is_error()).collect();
    problems.extend(new_errors(
        files,
        &wt.name,
        &path,
        text.as_bytes(),
        ctx.today,
        &loaded,
    ));
    if let Some(first) = problems.first() {
        print_findings(&problems);
        return Err(Error::EditRefused {
            path: path.clone(),
            reason: format!(
                "the new file would not pass `tracker check` ({}: {})",
                first.rule, first.message
            ),
            hint: "check the values you gave".into(),
        });
    }
    let message = format!("{}: new commitment: {title}", args.id);
    super::edit::refuse_unsafe_path(&wt, &path, false)?;
    let committer = if args.opts.commit && !args.opts.dry_run {
        let options = CommitOptions {
            allow_detached: args.opts.allow_detached,
        };
        let c = Committer::prepare(&wt.root, &path, options)?;
        if c.state()? != FileState::New {
            return Err(Error::Uncommitted {
                path: path.clone(),
                state: "is known to git already".into(),
            });
        }
        if !args.opts.no_verify {
            c.run_hook(text.as_bytes())?;
        }
        Some(c)
    } else {
        None
    };
    if args.opts.dry_run {
        out.write_all(diff::unified(&path, None, &text).as_bytes())
            .map_err(stdout_error)?;
        if args.opts.commit {
            writeln!(out, "would commit: {message}").map_err(stdout_error)?;
        }
        return Ok(Outcome::Clean);
    }
    super::init::create(&wt.absolute(&path), &text)?;
    writeln!(out, "created {path}").map_err(stdout_error)?;
    if let Some(c) = committer {
        let info = c.commit(&message)?;
        writeln!(out, "committed {}: {}", info.short(), info.subject).map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}
