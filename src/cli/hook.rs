//! `tracker hook install`: the git pre-commit hook that checks the strategy.

use super::{Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::Path;

/// Manage the git hook that runs `tracker check` before each commit.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  tracker hook install")]
pub struct HookArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: HookAction,
}

/// Hook actions.
#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Install a pre-commit hook that runs `tracker check`.
    Install {
        /// Replace a pre-commit hook that tracker did not write (it is kept as
        /// pre-commit.before-tracker).
        #[arg(long)]
        force: bool,
    },
}

/// The line that marks a hook as tracker's own.
const HOOK_MARK: &str = "# Installed by `tracker hook install`";

/// The pre-commit hook's text.
pub fn hook_text() -> String {
    format!(
        "#!/bin/sh
{HOOK_MARK}: checks the strategy as staged (what this commit records)
# before each commit; untracked drafts and unstaged edits do not count.
# `git commit --no-verify` skips it once; delete this file to remove it.
if ! command -v tracker >/dev/null 2>&1; then
  echo \"pre-commit: tracker is not on PATH, so the strategy was not checked\" >&2
  exit 0
fi
exec tracker check --staged
"
    )
}

/// Runs `hook install`.
pub fn run(ctx: &Context, args: &HookArgs, out: &mut dyn Write) -> Result<Outcome> {
    let HookAction::Install { force } = args.action;
    let dir = crate::git::hooks::hooks_dir(&ctx.cwd)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create the folder", &dir, e))?;
    let path = dir.join("pre-commit");
    let text = hook_text();
    let mut verb = "installed";
    if path.exists() {
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old == text {
            writeln!(
                out,
                "the pre-commit hook is already installed: {}",
                path.display()
            )
            .map_err(stdout_error)?;
            return Ok(Outcome::Clean);
        }
        if old.contains(HOOK_MARK) {
            verb = "updated";
        } else if !force {
            return Err(Error::AlreadyExists {
                path,
                hint: "it is another tool's hook: add `tracker check` to it by hand, or run `tracker hook install --force` to replace it (the old one is kept as pre-commit.before-tracker)".into(),
            });
        } else {
            let backup = dir.join("pre-commit.before-tracker");
            // Written as a new file: `fs::copy` would write through a link planted at
            // the backup's name.
            let kept = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            crate::write::write_atomic(&backup, &kept)?;
            make_executable(&backup)?;
            writeln!(out, "kept the old hook as {}", backup.display()).map_err(stdout_error)?;
            verb = "replaced the old hook with";
        }
    }
    crate::write::write_atomic(&path, text.as_bytes())?;
    make_executable(&path)?;
    writeln!(out, "{verb} the pre-commit hook: {}", path.display()).map_err(stdout_error)?;
    Ok(Outcome::Clean)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("make executable", path, e))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}
