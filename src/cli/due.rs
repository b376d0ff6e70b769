//! `tracker due`: move a due date, with a reason.

use super::edit::EditOpts;
use super::{Context, Outcome};
use crate::decode::parse_date;
use crate::edit::Action;
use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;

/// Move a due date: the commitment's own (`due ID DATE`) or a milestone's (`due ID MID DATE`).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker due csa-regulation adoption 2027-06-30 --reason \"Trilogues resumed in 2026\" --commit\n  tracker due eu-centre 2028-12-31 --reason \"Seat not decided\" --dry-run",
    override_usage = "tracker due [OPTIONS] <ID> [MID] <DATE>"
)]
pub struct DueArgs {
    /// The commitment's id.
    pub id: String,
    /// The milestone's id (optional), then the new due date as YYYY-MM-DD.
    #[arg(value_name = "MID DATE", num_args = 1..=2, required = true)]
    pub rest: Vec<String>,
    /// Why it moved: with --commit it goes into the commit message as a `Reason:`
    /// trailer, which `tracker slips` and `tracker report` show. Required when the date
    /// moves later, unless --no-reason.
    #[arg(long, value_name = "TEXT", conflicts_with = "no_reason")]
    pub reason: Option<String>,
    /// Move a date later without giving a reason (reports then say "none given").
    #[arg(long)]
    pub no_reason: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// Runs `due`.
pub fn run(ctx: &Context, args: &DueArgs, out: &mut dyn Write) -> Result<Outcome> {
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
    let reason = args.reason.as_deref().filter(|r| !r.trim().is_empty());
    let rule = if args.no_reason {
        super::edit::Reason::NotGiven
    } else {
        super::edit::Reason::RequiredIfLater(reason)
    };
    super::edit::apply(ctx, &args.id, &change, rule, &args.opts, out)
}
