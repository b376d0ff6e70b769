//! `tracker demo DIR`: write a git repository that replays the shipped strategy's history.

use super::{Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Write a new git repository in DIR that replays the shipped strategy (the EU strategy
/// on child sexual abuse, built into tracker) from its adoption, one commit per dated
/// event: a reconstruction from the sources the files cite.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker demo /tmp/csa && cd /tmp/csa && tracker slips\n  tracker demo replay --local      # replay the strategy of this folder instead"
)]
pub struct DemoArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
    /// Replay the strategy found from the current folder (with its demo/replay.yaml,
    /// if any), rather than the shipped one.
    #[arg(long)]
    pub local: bool,
}

/// Runs `demo`.
pub fn run(ctx: &Context, args: &DemoArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (name, loaded, moves, strategy_text) = if args.local {
        let (wt, loaded) = ctx.check_worktree()?;
        let moves_path = wt.root.join("demo").join("replay.yaml");
        let moves = if moves_path.is_file() {
            crate::demo::read_moves(&moves_path)?
        } else {
            Vec::new()
        };
        let strategy_file = wt.dir.join(crate::source::STRATEGY_FILE);
        let text =
            std::fs::read_to_string(&strategy_file).map_err(|e| Error::io("read", &strategy_file, e))?;
        (wt.name.clone(), loaded, moves, text)
    } else {
        use crate::demo::shipped;
        let files = shipped::FILES
            .iter()
            .map(|(path, bytes)| crate::source::RawFile {
                path: (*path).to_owned(),
                content: crate::source::Content::Bytes {
                    data: std::sync::Arc::from(*bytes),
                    blob: None,
                },
            })
            .collect();
        let loaded = crate::load::Loaded::checked("strategy", files, crate::source::Source::Files, ctx.today);
        let text = shipped::FILES
            .iter()
            .find(|(p, _)| *p == "strategy/strategy.yaml")
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let moves = crate::demo::parse_moves("demo/replay.yaml (built in)", shipped::REPLAY)?;
        ("strategy".to_owned(), loaded, moves, text)
    };
    if loaded.findings.iter().any(|f| f.is_error()) {
        return Err(Error::InvalidStrategy {
            path: name,
            findings: loaded.findings.iter().filter(|f| f.is_error()).cloned().collect(),
        });
    }
    let steps = crate::demo::plan(&loaded, &strategy_text, &moves)?;
    let dir = ctx.cwd.join(&args.dir);
    let n = crate::demo::write(&dir, &steps)?;
    let (first, last) = (
        steps.first().map(|s| s.date.to_string()).unwrap_or_default(),
        steps.last().map(|s| s.date.to_string()).unwrap_or_default(),
    );
    writeln!(
        out,
        "wrote {n} commits to {} ({first} to {last}), a reconstruction from public sources\ntry: cd {} && tracker history",
        dir.display(),
        dir.display()
    )
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}
