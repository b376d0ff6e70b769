//! `tracker set`: set a commitment's status or owner.

use super::edit::EditOpts;
use super::{Context, Outcome};
use crate::decode::suggest;
use crate::edit::Action;
use crate::error::{Error, Result};
use crate::model::Status;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Set the status or the owner of a commitment.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker set eu-centre status in-progress\n  tracker set eu-centre owner \"DG HOME, unit D4\" --commit"
)]
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

/// Runs `set`.
pub fn run(ctx: &Context, args: &SetArgs, out: &mut dyn Write) -> Result<Outcome> {
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
    super::edit::apply(ctx, &args.id, &change, super::edit::Reason::None, &args.opts, out)
}
