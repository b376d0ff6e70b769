//! `tracker demo DIR`: write a git repository that replays the shipped strategy's history.

use super::{Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Write a new git repository in DIR that replays the strategy from its adoption, one
/// commit per dated event (a reconstruction from the sources the files cite).
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
}

/// Runs `demo`.
pub fn run(ctx: &Context, args: &DemoArgs, out: &mut dyn Write) -> Result<Outcome> {
    let (wt, loaded) = ctx.check_worktree()?;
    if loaded.findings.iter().any(|f| f.is_error()) {
        return Err(Error::InvalidStrategy {
            path: wt.name.clone(),
            findings: loaded.findings.iter().filter(|f| f.is_error()).cloned().collect(),
        });
    }
    let moves_path = wt.root.join("demo").join("replay.yaml");
    let moves = if moves_path.is_file() {
        crate::demo::read_moves(&moves_path)?
    } else {
        Vec::new()
    };
    let strategy_file = wt.dir.join(crate::source::STRATEGY_FILE);
    let strategy_text =
        std::fs::read_to_string(&strategy_file).map_err(|e| Error::io("read", &strategy_file, e))?;
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
