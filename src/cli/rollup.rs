//! `tracker rollup`: the roll-up file that combines several strategies.

use super::{Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use crate::rollup::{ROLLUP_FILE, template};
use clap::{Args, Subcommand};
use std::io::Write;

/// Combine strategies kept in several repositories (docs/rollup.md); their status is
/// `tracker status --rollup FILE`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker rollup init\n  tracker rollup init national/rollup.yaml --id eu-csa-rollup\n  tracker status --rollup rollup.yaml"
)]
pub struct RollupArgs {
    #[command(subcommand)]
    #[allow(missing_docs)]
    pub action: RollupAction,
}

/// What to do with a roll-up.
#[derive(Debug, Subcommand)]
pub enum RollupAction {
    /// Write a commented roll-up file to fill in (rollup.yaml unless FILE is given).
    Init(InitArgs),
}

/// `tracker rollup init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The file to write [default: rollup.yaml].
    pub file: Option<std::path::PathBuf>,
    /// The roll-up's id.
    #[arg(long, default_value = "eu-csa-rollup")]
    pub id: String,
}

/// Runs `rollup`.
pub fn run(ctx: &Context, args: &RollupArgs, out: &mut dyn Write) -> Result<Outcome> {
    match &args.action {
        RollupAction::Init(a) => init(ctx, a, out),
    }
}

fn init(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !crate::model::is_valid_id(&args.id) {
        return Err(Error::Usage(format!(
            "`{}` is not a valid id: use lower-case letters, digits and `-`",
            args.id
        )));
    }
    let path = ctx.cwd.join(args.file.as_deref().unwrap_or(ROLLUP_FILE.as_ref()));
    if path.exists() {
        return Err(Error::AlreadyExists {
            path,
            hint: "edit it, or name another file: tracker rollup init other.yaml".into(),
        });
    }
    crate::write::create_atomic(&path, template(&args.id).as_bytes())?;
    writeln!(
        out,
        "wrote {}: list your sources in it, then run: tracker status --rollup {}",
        path.display(),
        args.file
            .as_deref()
            .map_or(ROLLUP_FILE.into(), |f| f.display().to_string())
    )
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}
