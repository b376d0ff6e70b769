//! `tracker completions`: shell completion scripts (bash, zsh and fish also complete ids).

use super::{Cli, Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use crate::load::Loaded;
use clap::{Args, CommandFactory};
use std::io::Write;

/// Print a completion script for a shell (bash, zsh and fish also complete commitment and
/// milestone ids where a command takes one).
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

/// Where ids are expected, read from clap so the scripts cannot go stale: the options
/// that take a value (their value is skipped when counting positions), and for each
/// subcommand the positions of its `id` and `milestone` arguments, as `sub:position`.
struct Places {
    value_options: Vec<String>,
    commitment_at: Vec<String>,
    milestone_at: Vec<String>,
}

impl Places {
    fn of(cmd: &clap::Command) -> Self {
        let mut value_options = std::collections::BTreeSet::new();
        let mut add = |a: &clap::Arg| {
            if a.is_positional() || a.is_hide_set() || !a.get_action().takes_values() {
                return;
            }
            if let Some(l) = a.get_long() {
                value_options.insert(format!("--{l}"));
            }
            if let Some(c) = a.get_short() {
                value_options.insert(format!("-{c}"));
            }
        };
        cmd.get_arguments().for_each(&mut add);
        let (mut commitment_at, mut milestone_at) = (Vec::new(), Vec::new());
        for sub in cmd.get_subcommands() {
            sub.get_arguments().for_each(&mut add);
            for (i, a) in sub.get_positionals().enumerate() {
                let place = format!("{}:{i}", sub.get_name());
                // `due ID [MID] DATE` takes a milestone id where its value name says so.
                let mid = a
                    .get_value_names()
                    .and_then(|v| v.first())
                    .is_some_and(|n| n.as_str().starts_with("MID"));
                match a.get_id().as_str() {
                    // `new ID` names a commitment that does not exist yet.
                    "id" if sub.get_name() != "new" => commitment_at.push(place),
                    "milestone" => milestone_at.push(place),
                    _ if mid => milestone_at.push(place),
                    _ => {}
                }
            }
        }
        Places {
            value_options: value_options.into_iter().collect(),
            commitment_at,
            milestone_at,
        }
    }

    /// Fills a script's `@VALUE_OPTIONS@`, `@COMMITMENT_AT@` and `@MILESTONE_AT@`, with
    /// the alternatives joined by `sep`.
    fn fill(&self, script: &str, sep: &str) -> String {
        script
            .replace("@VALUE_OPTIONS@", &self.value_options.join(sep))
            .replace("@COMMITMENT_AT@", &self.commitment_at.join(sep))
            .replace("@MILESTONE_AT@", &self.milestone_at.join(sep))
    }
}

/// Completes commitment ids, then milestone ids, where the commands take them; the rest
/// is clap's generated `_tracker`.
const BASH_IDS: &str = r#"
# Commitment and milestone ids, read from the strategy found from the current folder.
_tracker_ids() {
    local cur="${COMP_WORDS[COMP_CWORD]}" sub="" id="" pos=0 value=0 i w
    if [[ "$cur" != -* ]]; then
        for ((i = 1; i < COMP_CWORD; i++)); do
            w="${COMP_WORDS[i]}"
            case "$w" in
                @VALUE_OPTIONS@)
                    # The word after it is its value, even the one being completed.
                    ((i++)); ((i >= COMP_CWORD)) && value=1; continue ;;
                -*) continue ;;
            esac
            if [[ -z "$sub" ]]; then sub="$w"; else ((pos++)); [[ $pos -eq 1 ]] && id="$w"; fi
        done
        ((value)) && sub=""
        case "$sub:$pos" in
            @COMMITMENT_AT@)
                COMPREPLY=($(compgen -W "$(tracker completions --ids 2>/dev/null)" -- "$cur"))
                return 0 ;;
            @MILESTONE_AT@)
                COMPREPLY=($(compgen -W "$(tracker completions --ids "$id" 2>/dev/null)" -- "$cur"))
                return 0 ;;
        esac
    fi
    _tracker "$@"
}
complete -F _tracker_ids -o bashdefault -o default tracker
"#;

/// The same for zsh: load it with `source <(tracker completions zsh)` after `compinit`.
const ZSH_IDS: &str = r#"
# Commitment and milestone ids, read from the strategy found from the current folder.
_tracker_ids() {
    local sub="" id="" pos=0 value=0 i w
    local -a found
    if [[ "${words[CURRENT]}" != -* ]]; then
        for ((i = 2; i < CURRENT; i++)); do
            w="${words[i]}"
            case "$w" in
                (@VALUE_OPTIONS@)
                    # The word after it is its value, even the one being completed.
                    ((i++)); ((i >= CURRENT)) && value=1; continue ;;
                (-*) continue ;;
            esac
            if [[ -z "$sub" ]]; then sub="$w"; else ((pos++)); [[ $pos -eq 1 ]] && id="$w"; fi
        done
        ((value)) && sub=""
        case "$sub:$pos" in
            (@COMMITMENT_AT@)
                found=(${(f)"$(tracker completions --ids 2>/dev/null)"})
                compadd -- $found
                return 0 ;;
            (@MILESTONE_AT@)
                found=(${(f)"$(tracker completions --ids "$id" 2>/dev/null)"})
                compadd -- $found
                return 0 ;;
        esac
    fi
    _tracker "$@"
}
compdef _tracker_ids tracker
"#;

/// The same for fish: offered only at an id's position, so files and option values
/// complete as before everywhere else.
const FISH_IDS: &str = r#"
# Commitment and milestone ids, read from the strategy found from the current folder.
function __tracker_id_place
    set -l sub ""
    set -l pos 0
    set -l id ""
    set -l skip 0
    for w in (commandline -opc)[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case @VALUE_OPTIONS@
                set skip 1
                continue
            case '-*'
                continue
        end
        if test -z "$sub"
            set sub $w
        else
            set pos (math $pos + 1)
            test $pos = 1; and set id $w
        end
    end
    # The token being completed is the value of an option.
    test $skip = 1; and return 1
    switch "$sub:$pos"
        case @COMMITMENT_AT@
            echo commitment
        case @MILESTONE_AT@
            echo "milestone $id"
        case '*'
            return 1
    end
end
function __tracker_ids
    set -l place (string split ' ' -- (__tracker_id_place))
    switch $place[1]
        case commitment
            tracker completions --ids 2>/dev/null
        case milestone
            tracker completions --ids $place[2] 2>/dev/null
    end
end
complete -c tracker -f -n '__tracker_id_place >/dev/null' -a '(__tracker_ids)'
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
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "tracker", out);
    let places = Places::of(&cmd);
    let ids = match shell {
        clap_complete::Shell::Bash => places.fill(BASH_IDS, "|"),
        clap_complete::Shell::Zsh => places.fill(ZSH_IDS, "|"),
        clap_complete::Shell::Fish => places.fill(FISH_IDS, " "),
        _ => String::new(),
    };
    out.write_all(ids.as_bytes()).map_err(stdout_error)?;
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
