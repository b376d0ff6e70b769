//! `tracker done`: mark a milestone as done.

use super::edit::EditOpts;
use super::{Context, Outcome};
use crate::edit::Action;
use crate::error::{Error, Result};
use crate::model::Confidence;
use clap::Args;
use std::io::Write;

/// Mark a milestone as done: set its `done` date.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker done csa-regulation proposal\n  tracker done csa-regulation proposal --date 2022-05-11 --commit\n  tracker done eu-centre seat-decided --evidence https://example.org/decision --confidence high"
)]
pub struct DoneArgs {
    /// The commitment's id.
    pub id: String,
    /// The milestone's id.
    pub milestone: String,
    /// The day it was done: a date, today or yesterday (default: --today, else the real
    /// date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub date: Option<super::DayArg>,
    /// Replace a done date that is already recorded (otherwise that is refused).
    #[arg(long)]
    pub redate: bool,
    /// The address of the document that shows it done (repeatable); recorded as the
    /// milestone's `evidence` when it has none yet. Needed where strategy.yaml sets
    /// `require_evidence: true`.
    #[arg(long, value_name = "URL")]
    pub evidence: Vec<String>,
    /// How far the evidence can be trusted: high (the official text, or several
    /// consistent sources), medium (one reliable secondary source) or low (a single or
    /// partisan source); recorded when the milestone says nothing of it yet.
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub confidence: Option<Confidence>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub opts: EditOpts,
}

fn parse_confidence(s: &str) -> std::result::Result<Confidence, String> {
    Confidence::parse(s).ok_or_else(|| format!("`{s}` is not a confidence: use high, medium or low"))
}

/// Runs `done`.
pub fn run(ctx: &Context, args: &DoneArgs, out: &mut dyn Write) -> Result<Outcome> {
    for url in &args.evidence {
        crate::decode::check_url(url)
            .map_err(|why| Error::Usage(format!("--evidence {url}: the address {why}")))?;
    }
    // Each address once, in the order given.
    let mut evidence: Vec<String> = Vec::new();
    for url in &args.evidence {
        if !evidence.contains(url) {
            evidence.push(url.clone());
        }
    }
    let change = Action::MilestoneDone {
        milestone: args.milestone.clone(),
        date: args.date.map_or(ctx.today, |d| d.on(ctx.today)),
        redate: args.redate,
        evidence,
        confidence: args.confidence,
    };
    super::edit::apply(ctx, &args.id, &change, super::edit::Reason::None, &args.opts, out)
}
