//! `--pillar`, `--owner`, `--state` and `--tag`: one set of filters for every command
//! that lists commitments.

use crate::report::filter::Filter;
use crate::state::State;
use clap::Args;

/// Which commitments to show.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Only this pillar (repeatable).
    #[arg(long, value_name = "ID")]
    pub pillar: Vec<String>,

    /// Only commitments whose owner contains this text, ignoring case (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub owner: Vec<String>,

    /// Only commitments in this state (repeatable).
    #[arg(long, value_name = "STATE", value_parser = parse_state)]
    pub state: Vec<State>,

    /// Only commitments with this tag (repeatable).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
}

impl FilterArgs {
    /// The filters, as a report records them.
    pub fn info(&self) -> crate::report::period::FilterInfo {
        crate::report::period::FilterInfo {
            pillars: self.pillar.clone(),
            owners: self.owner.clone(),
            states: self.state.clone(),
            tags: self.tag.clone(),
        }
    }

    /// The filter these options ask for.
    pub fn filter(&self) -> Filter {
        Filter {
            pillars: self.pillar.clone(),
            owners: self.owner.clone(),
            states: self.state.clone(),
            tags: self.tag.clone(),
        }
    }
}

fn parse_state(s: &str) -> std::result::Result<State, String> {
    State::ALL.into_iter().find(|st| st.as_str() == s).ok_or_else(|| {
        let all: Vec<&str> = State::ALL.iter().map(|s| s.as_str()).collect();
        match crate::decode::suggest(s, &all) {
            Some(near) => format!(
                "unknown state `{s}`; did you mean `{near}`? The states are: {}",
                all.join(", ")
            ),
            None => format!("unknown state `{s}`; use one of: {}", all.join(", ")),
        }
    })
}
