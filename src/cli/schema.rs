//! `tracker schema`: the JSON Schema of the files.

use super::{Context, Outcome, stdout_error};
use crate::edit::template::{COMMITMENT_SCHEMA, ROLLUP_SCHEMA, SCHEMA_DIR, STRATEGY_SCHEMA};
use crate::error::{Error, Result};
use clap::{Args, ValueEnum};
use std::io::Write;

/// Print the JSON Schema (draft 2020-12) of the commitment, strategy or roll-up files.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  tracker schema commitment\n  tracker schema --write")]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum, default_value_t = SchemaKind::Commitment)]
    pub kind: SchemaKind,
    /// Write every schema to schema/ next to strategy/ instead of printing one.
    #[arg(long)]
    pub write: bool,
}

/// The kinds of file.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// A commitment file.
    Commitment,
    /// strategy/strategy.yaml.
    Strategy,
    /// A roll-up file (rollup.yaml).
    Rollup,
}

/// Runs `schema`.
pub fn run(ctx: &Context, args: &SchemaArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !args.write {
        let s = match args.kind {
            SchemaKind::Commitment => crate::schema::commitment(),
            SchemaKind::Strategy => crate::schema::strategy(),
            SchemaKind::Rollup => crate::schema::rollup(),
        };
        out.write_all(crate::schema::text(&s).as_bytes())
            .map_err(stdout_error)?;
        return Ok(Outcome::Clean);
    }
    let root = ctx.worktree().map_or_else(|_| ctx.cwd.clone(), |wt| wt.root);
    let dir = root.join(SCHEMA_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create the folder", &dir, e))?;
    for (name, s) in [
        (COMMITMENT_SCHEMA, crate::schema::commitment()),
        (STRATEGY_SCHEMA, crate::schema::strategy()),
        (ROLLUP_SCHEMA, crate::schema::rollup()),
    ] {
        let path = dir.join(name);
        let text = crate::schema::text(&s);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            writeln!(out, "{SCHEMA_DIR}/{name} is up to date").map_err(stdout_error)?;
            continue;
        }
        crate::write::write_atomic(&path, text.as_bytes())?;
        writeln!(out, "wrote {SCHEMA_DIR}/{name}").map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}
