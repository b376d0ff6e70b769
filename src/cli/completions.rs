//! `tracker completions`: shell completion scripts (bash also completes ids).

use super::{Cli, Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use crate::load::Loaded;
use clap::{Args, CommandFactory};
use std::io::Write;

/// Print a completion script for a shell (bash also completes commitment and milestone ids).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker completions bash > ~/.local/share/bash-completion/completions/tracker"
)]
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

/// Runs `completions`.
pub fn run(ctx: &Context, args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
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
    let loaded = Loaded::from_files(&wt.name, wt.files()?, crate::source::Source::Files);
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
