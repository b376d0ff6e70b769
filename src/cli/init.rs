//! `tracker init`: a new strategy from a commented template, never overwriting anything.

use super::{Context, Outcome, print_findings, stdout_error};
use crate::decode::slug;
use crate::edit::template;
use crate::error::{Error, Result};
use crate::load::parse_strategy;
use crate::model::is_valid_id;
use crate::source::STRATEGY_FILE;
use crate::write::create_atomic;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Create a new strategy: strategy/strategy.yaml, a short README and the JSON Schemas.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker init my-strategy\n  tracker init plan --pillar prevention=Prevention --pillar detection=Detection"
)]
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

pub(super) fn bad_id(what: &str, id: &str) -> Error {
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
pub(super) fn create(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
    }
    create_atomic(path, text.as_bytes())
}

/// Runs `init`.
pub fn run(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<Outcome> {
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
    // The folder may not exist yet: its name is then the last part of the path given.
    let folder_name = base
        .canonicalize()
        .unwrap_or_else(|_| base.clone())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
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
