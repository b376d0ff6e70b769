//! Commands for editors, shells and git: `schema`, `completions`, `man` and
//! `hook install`.

use super::{Cli, Context, Outcome, stdout_error};
use crate::edit::template::{COMMITMENT_SCHEMA, SCHEMA_DIR, STRATEGY_SCHEMA};
use crate::error::{Error, Result};
use clap::{Args, CommandFactory, Subcommand, ValueEnum};
use std::io::Write;
use std::path::Path;

/// Print the JSON Schema (draft 2020-12) of the commitment or strategy files.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum, default_value_t = SchemaKind::Commitment)]
    pub kind: SchemaKind,
    /// Write both schemas to schema/ next to strategy/ instead of printing one.
    #[arg(long)]
    pub write: bool,
}

/// The two kinds of file.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// A commitment file.
    Commitment,
    /// strategy/strategy.yaml.
    Strategy,
}

/// Print a completion script for a shell (bash also completes commitment and milestone ids).
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, required_unless_present = "ids")]
    pub shell: Option<clap_complete::Shell>,
    /// Print the commitment ids, or with an id that commitment's milestone ids (used by
    /// the bash script).
    #[arg(long, hide = true, value_name = "ID", num_args = 0..=1, default_missing_value = "")]
    pub ids: Option<String>,
}

/// Completes commitment ids, then milestone ids, for the commands that take them; the
/// rest is clap's generated `_tracker`.
const BASH_IDS: &str = r#"
# Commitment and milestone ids, read from the strategy found from the current folder.
_tracker_ids() {
    local cur="${COMP_WORDS[COMP_CWORD]}" sub="" id="" pos=0 i w
    if [[ "$cur" != -* ]]; then
        for ((i = 1; i < COMP_CWORD; i++)); do
            w="${COMP_WORDS[i]}"
            case "$w" in
                --today|-C|--strategy-dir|--color|--date|--reason|--format|--pillar|--owner|--title|--due|--milestone|--since|--until|--author|--kind|--at|--state|--tag)
                    ((i++)); continue ;;
                -*) continue ;;
            esac
            if [[ -z "$sub" ]]; then sub="$w"; else ((pos++)); [[ $pos -eq 1 ]] && id="$w"; fi
        done
        case "$sub:$pos" in
            done:0|reopen:0|due:0|set:0|status:0|history:0)
                COMPREPLY=($(compgen -W "$(tracker completions --ids 2>/dev/null)" -- "$cur"))
                return 0 ;;
            done:1|reopen:1|due:1)
                COMPREPLY=($(compgen -W "$(tracker completions --ids "$id" 2>/dev/null)" -- "$cur"))
                return 0 ;;
        esac
    fi
    _tracker "$@"
}
complete -F _tracker_ids -o bashdefault -o default tracker
"#;

/// Manage the git hook that runs `tracker check` before each commit.
#[derive(Debug, Args)]
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

/// Runs `schema`.
pub fn schema(ctx: &Context, args: &SchemaArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !args.write {
        let s = match args.kind {
            SchemaKind::Commitment => crate::schema::commitment(),
            SchemaKind::Strategy => crate::schema::strategy(),
        };
        out.write_all(crate::schema::text(&s).as_bytes())
            .map_err(stdout_error)?;
        return Ok(Outcome::Clean);
    }
    let root = ctx.worktree().map_or_else(|_| ctx.cwd.clone(), |wt| wt.root);
    let dir = root.join(SCHEMA_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create the folder", &dir, e))?;
    for (name, s) in [
        (COMMITMENT_SCHEMA, crate::schema::commitment()),
        (STRATEGY_SCHEMA, crate::schema::strategy()),
    ] {
        let path = dir.join(name);
        let text = crate::schema::text(&s);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            writeln!(out, "{SCHEMA_DIR}/{name} is up to date").map_err(stdout_error)?;
            continue;
        }
        crate::write::write_atomic(&path, text.as_bytes())?;
        writeln!(out, "wrote {SCHEMA_DIR}/{name}").map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}

/// Runs `completions`.
pub fn completions(ctx: &Context, args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
    if let Some(id) = &args.ids {
        // Completion must stay quiet: any problem simply offers nothing.
        let ids = ids(ctx, id).unwrap_or_default();
        for id in ids {
            writeln!(out, "{id}").map_err(stdout_error)?;
        }
        return Ok(Outcome::Clean);
    }
    let Some(shell) = args.shell else {
        return Err(Error::Usage("name a shell: bash, zsh, fish or powershell".into()));
    };
    clap_complete::generate(shell, &mut Cli::command(), "tracker", out);
    if shell == clap_complete::Shell::Bash {
        out.write_all(BASH_IDS.as_bytes()).map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}

/// The commitment ids (for an empty `id`), or the milestone ids of commitment `id`.
fn ids(ctx: &Context, id: &str) -> Result<Vec<String>> {
    let wt = ctx.worktree()?;
    let loaded = crate::load::Loaded::from_files(&wt.name, wt.files()?);
    let mut out: Vec<String> = loaded
        .files
        .iter()
        .filter_map(|f| f.commitment.as_ref())
        .filter(|c| id.is_empty() || c.id == id)
        .flat_map(|c| {
            if id.is_empty() {
                vec![c.id.clone()]
            } else {
                c.milestones.iter().map(|m| m.id.clone()).collect()
            }
        })
        .collect();
    if id.is_empty() {
        out.sort();
    }
    Ok(out)
}

/// Runs `man`.
pub fn man(out: &mut dyn Write) -> Result<Outcome> {
    clap_mangen::Man::new(Cli::command())
        .render(out)
        .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}

/// The line that marks a hook as tracker's own.
const HOOK_MARK: &str = "# Installed by `tracker hook install`";

/// The pre-commit hook's text.
pub fn hook_text() -> String {
    format!(
        "#!/bin/sh
{HOOK_MARK}: checks the strategy before each commit.
# `git commit --no-verify` skips it once; delete this file to remove it.
if ! command -v tracker >/dev/null 2>&1; then
  echo \"pre-commit: tracker is not on PATH, so the strategy was not checked\" >&2
  exit 0
fi
exec tracker check
"
    )
}

/// Runs `hook install`.
pub fn hook(ctx: &Context, args: &HookArgs, out: &mut dyn Write) -> Result<Outcome> {
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
            std::fs::copy(&path, &backup).map_err(|e| Error::io("back up", &backup, e))?;
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
