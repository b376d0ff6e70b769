//! `tracker man`: the man pages, one for tracker and one for each subcommand.

use super::{Cli, Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use clap::{Args, CommandFactory};
use std::io::Write;
use std::path::PathBuf;

/// Print a man page, or write every page into a folder.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker man | man -l -\n  tracker man status | man -l -\n  tracker man --dir ~/.local/share/man/man1"
)]
pub struct ManArgs {
    /// The subcommand whose page to print (`status` prints tracker-status(1)); default:
    /// tracker(1).
    pub command: Option<String>,
    /// Write tracker.1 and a tracker-COMMAND.1 for each subcommand into this folder.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

/// The page of tracker, or of one of its subcommands (named `tracker-COMMAND`).
fn page(command: Option<&str>) -> Result<clap::Command> {
    let cli = Cli::command();
    match command {
        None => Ok(cli),
        Some(name) => {
            let sub = cli.find_subcommand(name).cloned().ok_or_else(|| {
                let names: Vec<String> = cli.get_subcommands().map(|s| s.get_name().to_owned()).collect();
                Error::Usage(format!(
                    "no subcommand `{name}`; the subcommands are: {}",
                    names.join(", ")
                ))
            })?;
            let full: &'static str = Box::leak(format!("tracker-{name}").into_boxed_str());
            Ok(sub.name(full).bin_name(format!("tracker {name}")))
        }
    }
}

/// Runs `man`.
pub fn run(ctx: &Context, args: &ManArgs, out: &mut dyn Write) -> Result<Outcome> {
    let Some(dir) = &args.dir else {
        clap_mangen::Man::new(page(args.command.as_deref())?)
            .render(out)
            .map_err(stdout_error)?;
        return Ok(Outcome::Clean);
    };
    let dir = ctx.cwd.join(dir);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
    let mut names = vec![None];
    names.extend(
        Cli::command()
            .get_subcommands()
            .map(|s| Some(s.get_name().to_owned()))
            .collect::<Vec<_>>(),
    );
    for name in names {
        let file = dir.join(match &name {
            None => "tracker.1".to_owned(),
            Some(n) => format!("tracker-{n}.1"),
        });
        let mut text = Vec::new();
        clap_mangen::Man::new(page(name.as_deref())?)
            .render(&mut text)
            .map_err(|e| Error::io("write", &file, e))?;
        crate::write::write_atomic(&file, &text)?;
        writeln!(out, "wrote {}", file.display()).map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}
