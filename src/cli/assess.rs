//! `tracker assess`: record an assessment, the second layer.

use super::edit::EditOpts;
use super::{Context, Outcome};
use crate::edit::Action;
use crate::error::{Error, Result};
use crate::model::Assessment;
use clap::Args;
use std::io::Write;

/// Record what an assessing body found, on the commitment (`assess ID`) or one of its
/// milestones (`assess ID MID`). The verdict must be a word of a scale declared in
/// strategy.yaml; `tracker check` says which words there are.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker assess directive-implementation --verdict partly-fulfilled --by \"European Commission\" \\\n      --date 2016-12-16 --evidence https://eur-lex.europa.eu/... --commit\n  tracker assess csa-regulation proposal --verdict fulfilled --by \"European Court of Auditors\""
)]
pub struct AssessArgs {
    /// The commitment's id.
    pub id: String,
    /// The milestone's id, to assess one milestone rather than the commitment.
    pub milestone: Option<String>,
    /// The verdict: a word of a scale in strategy.yaml.
    #[arg(long, value_name = "WORD")]
    pub verdict: String,
    /// The assessing body.
    #[arg(long, value_name = "BODY")]
    pub by: String,
    /// The scale the verdict is a word of (needed only when several scales have it).
    #[arg(long, value_name = "SCALE")]
    pub scale: Option<String>,
    /// The day of the assessment: a date, today or yesterday (default: --today, else the
    /// real date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub date: Option<super::DayArg>,
    /// A note.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The address of the assessment (repeatable).
    #[arg(long, value_name = "URL")]
    pub evidence: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

/// Runs `assess`.
pub fn run(ctx: &Context, args: &AssessArgs, out: &mut dyn Write) -> Result<Outcome> {
    for url in &args.evidence {
        crate::decode::check_url(url)
            .map_err(|why| Error::Usage(format!("--evidence {url}: the address {why}")))?;
    }
    if args.by.trim().is_empty() || args.verdict.trim().is_empty() {
        return Err(Error::Usage("--by and --verdict need a value".into()));
    }
    let change = Action::Assess {
        milestone: args.milestone.clone(),
        assessment: Assessment {
            date: args.date.map_or(ctx.today, |d| d.on(ctx.today)),
            by: args.by.trim().to_owned(),
            scale: args.scale.clone(),
            verdict: args.verdict.trim().to_owned(),
            note: args.note.clone().filter(|n| !n.trim().is_empty()),
            evidence: args.evidence.clone(),
        },
    };
    super::edit::apply(ctx, &args.id, &change, super::edit::Reason::None, &args.opts, out)
}
