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
    after_help = "Examples:\n  tracker demo /tmp/csa && cd /tmp/csa && tracker slips\n  tracker demo /tmp/bodies --split && cd /tmp/bodies && tracker status --rollup rollup.yaml\n  tracker demo replay --local      # replay the strategy of this folder instead"
)]
pub struct DemoArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
    /// Replay the strategy found from the current folder (with its demo/replay.yaml,
    /// if any), rather than the shipped one.
    #[arg(long)]
    pub local: bool,
    /// Split the replay by owner into three repositories in DIR (the Commission's, the
    /// Member States' and Europol's) and write DIR/rollup.yaml, which reads them as one
    /// (docs/rollup.md).
    #[arg(long)]
    pub split: bool,
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
    let dir = ctx.cwd.join(&args.dir);
    if args.split {
        return split(&dir, &loaded, &strategy_text, &moves, out);
    }
    let steps = crate::demo::plan(&loaded, &strategy_text, &moves)?;
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

/// Writes the replay split by owner, and the roll-up file.
fn split(
    dir: &std::path::Path,
    loaded: &crate::load::Loaded,
    strategy_text: &str,
    moves: &[crate::demo::Move],
    out: &mut dyn Write,
) -> Result<Outcome> {
    use crate::demo::split;
    crate::demo::require_empty(dir, "new repositories")?;
    let shares = split::split(loaded);
    let mut planned = Vec::new();
    for share in &shares {
        let ids: Vec<&str> = share
            .loaded
            .files
            .iter()
            .filter_map(|f| f.commitment.as_ref().map(|c| c.id.as_str()))
            .collect();
        let own: Vec<crate::demo::Move> = moves
            .iter()
            .filter(|m| ids.contains(&m.commitment.as_str()))
            .cloned()
            .collect();
        planned.push(crate::demo::plan(&share.loaded, strategy_text, &own)?);
    }
    for (share, steps) in shares.iter().zip(&planned) {
        let n = crate::demo::write(&dir.join(share.name), steps)?;
        writeln!(out, "wrote {n} commits to {}", dir.join(share.name).display()).map_err(stdout_error)?;
    }
    let file = dir.join(crate::rollup::ROLLUP_FILE);
    crate::write::create_atomic(&file, split::rollup_file(loaded.strategy()?, &shares).as_bytes())?;
    writeln!(
        out,
        "wrote {}, a reconstruction from public sources split by owner\ntry: cd {} && tracker status --rollup rollup.yaml",
        file.display(),
        dir.display()
    )
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}
