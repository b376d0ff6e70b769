//! `tracker init` and `tracker new`: new files from commented templates, never
//! overwriting anything.

use super::edit::{EditOpts, print_findings};
use super::{Context, Outcome, stdout_error};
use crate::decode::{slug, suggest};
use crate::edit::template::{self, NewCommitment, NewMilestone};
use crate::edit::{diff, new_errors};
use crate::error::{Error, Result};
use crate::git::commit::Committer;
use crate::load::{Loaded, parse_commitment, parse_strategy};
use crate::model::is_valid_id;
use crate::source::STRATEGY_FILE;
use crate::write::create_atomic;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Create a new strategy: strategy/strategy.yaml, a short README and the JSON Schemas.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create it in (default: the current folder).
    pub dir: Option<PathBuf>,
    /// The strategy's id (default: made from the folder's name).
    #[arg(long)]
    pub id: Option<String>,
    /// The strategy's title.
    #[arg(long, default_value = "My strategy")]
    pub title: String,
    /// A pillar, as ID=Title (repeatable; default: the four pillars of the shipped strategy).
    #[arg(long = "pillar", value_name = "ID=Title")]
    pub pillars: Vec<String>,
}

/// Create a commitment file, strategy/<pillar>/<id>.yaml, from a commented template.
#[derive(Debug, Args)]
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
    pub due: Option<NaiveDate>,
    /// A milestone, as 'MID:Title:YYYY-MM-DD' (repeatable).
    #[arg(long = "milestone", value_name = "MID:Title:DUE")]
    pub milestones: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

fn bad_id(what: &str, id: &str) -> Error {
    Error::Usage(format!(
        "`{id}` is not a valid {what} id: use lowercase letters, digits and single dashes, such as `{}`",
        slug(id)
    ))
}

fn parse_pillar(arg: &str) -> Result<(String, String)> {
    let (id, title) = arg.split_once('=').ok_or_else(|| {
        Error::Usage(format!(
            "--pillar `{arg}`: write it as ID=Title, such as prevention=Prevention"
        ))
    })?;
    let (id, title) = (id.trim(), title.trim());
    if !is_valid_id(id) {
        return Err(bad_id("pillar", id));
    }
    if title.is_empty() {
        return Err(Error::Usage(format!("--pillar `{arg}`: the title is empty")));
    }
    Ok((id.to_owned(), title.to_owned()))
}

/// Writes a file that must not exist yet, creating its folders.
fn create(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
    }
    create_atomic(path, text.as_bytes())
}

/// Runs `init`.
pub fn init(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<Outcome> {
    let base = match &args.dir {
        Some(d) => ctx.cwd.join(d),
        None => ctx.cwd.clone(),
    };
    let strategy_file = base.join("strategy").join(STRATEGY_FILE);
    if strategy_file.exists() {
        return Err(Error::AlreadyExists {
            path: strategy_file,
            hint: "this folder has a strategy already; `tracker check` checks it".into(),
        });
    }
    let folder_name = base
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let id = match &args.id {
        Some(id) if !is_valid_id(id) => return Err(bad_id("strategy", id)),
        Some(id) => id.clone(),
        None => Some(slug(&folder_name))
            .filter(|s| is_valid_id(s) && s != "my-id")
            .unwrap_or_else(|| "my-strategy".into()),
    };
    let mut pillars = Vec::new();
    for arg in &args.pillars {
        let p = parse_pillar(arg)?;
        if pillars.iter().any(|(id, _): &(String, String)| *id == p.0) {
            return Err(Error::Usage(format!("pillar `{}` is given twice", p.0)));
        }
        pillars.push(p);
    }
    if pillars.is_empty() {
        pillars = template::DEFAULT_PILLARS
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    }
    let text = template::strategy(&id, &args.title, &pillars, "strategy/strategy.yaml");
    let parsed = parse_strategy("strategy/strategy.yaml", text.as_bytes());
    if parsed.has_errors() {
        print_findings(&parsed.findings);
        return Err(Error::Usage(
            "the options give an invalid strategy.yaml (see above)".into(),
        ));
    }
    create(&strategy_file, &text)?;
    writeln!(out, "created strategy/strategy.yaml").map_err(stdout_error)?;
    let readme = base.join("strategy").join("README.md");
    if !readme.exists() {
        create(&readme, &template::readme())?;
        writeln!(out, "created strategy/README.md").map_err(stdout_error)?;
    }
    for (name, schema) in [
        (template::COMMITMENT_SCHEMA, crate::schema::commitment()),
        (template::STRATEGY_SCHEMA, crate::schema::strategy()),
    ] {
        let path = base.join(template::SCHEMA_DIR).join(name);
        if !path.exists() {
            create(&path, &crate::schema::text(&schema))?;
            writeln!(out, "created {}/{name}", template::SCHEMA_DIR).map_err(stdout_error)?;
        }
    }
    let first = &pillars[0].0;
    writeln!(
        out,
        "next: tracker new my-commitment --pillar {first} --owner \"Unit\" --title \"What will be done\""
    )
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}

/// Runs `new`.
pub fn new(ctx: &Context, args: &NewArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !is_valid_id(&args.id) {
        return Err(bad_id("commitment", &args.id));
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
    let files = wt.files()?;
    let mut loaded = Loaded::from_files(&wt.name, files.clone());
    crate::validate::validate(&mut loaded, ctx.today);
    let Some(strategy) = &loaded.strategy else {
        print_findings(loaded.findings.iter().filter(|f| f.path == loaded.strategy_path));
        return Err(Error::InvalidStrategy {
            path: loaded.strategy_path.clone(),
        });
    };
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
    let path = format!("{}/{}/{}.yaml", wt.name, args.pillar, args.id);
    let n = NewCommitment {
        id: args.id.clone(),
        title: title.to_owned(),
        pillar: args.pillar.clone(),
        owner: owner.to_owned(),
        due: args.due,
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
    let committer = if args.opts.commit {
        Some(Committer::prepare(&wt.root, &path, true)?)
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
    create(&wt.absolute(&path), &text)?;
    writeln!(out, "created {path}").map_err(stdout_error)?;
    if let Some(c) = committer {
        let info = c.commit(&message)?;
        writeln!(out, "committed {}: {}", info.short(), info.subject).map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}
