//! `tracker reopen`: remove a milestone's done date.

use super::edit::EditOpts;
use super::{Context, Outcome};
use crate::edit::Action;
use crate::error::Result;
use clap::Args;
use std::io::Write;

/// Reopen a milestone: remove its `done` date.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  tracker reopen csa-regulation adoption --commit")]
pub struct ReopenArgs {
    /// The commitment's id.
    pub id: String,
    /// The milestone's id.
    pub milestone: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// Runs `reopen`.
pub fn run(ctx: &Context, args: &ReopenArgs, out: &mut dyn Write) -> Result<Outcome> {
    let change = Action::MilestoneReopen {
        milestone: args.milestone.clone(),
    };
    super::edit::apply(ctx, &args.id, &change, super::edit::Reason::None, &args.opts, out)
}
