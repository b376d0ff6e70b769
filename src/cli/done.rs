//! `tracker done`: mark a milestone as done.

use super::edit::EditOpts;
use super::{Context, Outcome};
use crate::edit::Action;
use crate::error::Result;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

/// Mark a milestone as done: set its `done` date.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker done csa-regulation proposal\n  tracker done csa-regulation proposal --date 2022-05-11 --commit"
)]
pub struct DoneArgs {
    /// The commitment's id.
    pub id: String,
    /// The milestone's id.
    pub milestone: String,
    /// The day it was done (default: --today, else the real date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub date: Option<NaiveDate>,
    /// Replace a done date that is already recorded (otherwise that is refused).
    #[arg(long)]
    pub redate: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// Runs `done`.
pub fn run(ctx: &Context, args: &DoneArgs, out: &mut dyn Write) -> Result<Outcome> {
    let change = Action::MilestoneDone {
        milestone: args.milestone.clone(),
        date: args.date.unwrap_or(ctx.today),
        redate: args.redate,
    };
    super::edit::apply(ctx, &args.id, &change, super::edit::Reason::None, &args.opts, out)
}
