//! Commented templates for new files: a commitment (`tracker new`) and a strategy
//! (`tracker init`). The comments explain each key to someone editing YAML for the
//! first time; the first line points editors at the JSON Schema.

use crate::model::is_valid_id;
use crate::yaml::spans::plain;
use chrono::NaiveDate;

/// The pillars of the shipped strategy, used by `init` when none are given.
pub const DEFAULT_PILLARS: [(&str, &str); 4] = [
    ("prevention", "Prevention"),
    (
        "detection",
        "Detection, reporting and removal of abuse material online",
    ),
    ("law-enforcement", "Law-enforcement capacity"),
    ("victim-support", "Victim support"),
];

/// Where the schema files live, relative to the folder that holds `strategy/`.
pub const SCHEMA_DIR: &str = "schema";
/// The commitment schema's file name.
pub const COMMITMENT_SCHEMA: &str = "commitment.schema.json";
/// The strategy schema's file name.
pub const STRATEGY_SCHEMA: &str = "strategy.schema.json";
/// The file name of the roll-up file schema.
pub const ROLLUP_SCHEMA: &str = "rollup.schema.json";

/// A milestone given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMilestone {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its due date.
    pub due: NaiveDate,
}

/// What `tracker new` knows about the commitment to create.
#[derive(Debug, Clone)]
pub struct NewCommitment {
    /// Its id.
    pub id: String,
    /// What will be done.
    pub title: String,
    /// Its pillar's id.
    pub pillar: String,
    /// The accountable unit or person.
    pub owner: String,
    /// When the whole commitment is due.
    pub due: Option<NaiveDate>,
    /// Its first milestones.
    pub milestones: Vec<NewMilestone>,
}

/// Parses `MID:Title:DUE` (the title may itself hold colons).
pub fn parse_milestone(arg: &str) -> Result<NewMilestone, String> {
    let shape =
        || format!("`{arg}` is not MID:Title:YYYY-MM-DD, as in `proposal:Commission proposes:2026-06-30`");
    let (id, rest) = arg.split_once(':').ok_or_else(shape)?;
    let (title, due) = rest.rsplit_once(':').ok_or_else(shape)?;
    let (id, title, due) = (id.trim(), title.trim(), due.trim());
    if !is_valid_id(id) {
        return Err(format!(
            "milestone id `{id}` is not valid: use lowercase letters, digits and single dashes, such as `{}`",
            crate::decode::slug(id)
        ));
    }
    if title.is_empty() {
        return Err(format!("milestone `{id}` has an empty title"));
    }
    let due = crate::decode::parse_date(due)?;
    Ok(NewMilestone {
        id: id.to_owned(),
        title: title.to_owned(),
        due,
    })
}

/// The `$schema` line for a file at `rel` (a path relative to the folder that holds
/// `strategy/`, with `/` separators) pointing at `schema`.
pub fn schema_line(rel: &str, schema: &str) -> String {
    let depth = rel.matches('/').count();
    format!(
        "# yaml-language-server: $schema={}{SCHEMA_DIR}/{schema}",
        "../".repeat(depth)
    )
}

/// The text of a new commitment file at `rel`.
pub fn commitment(n: &NewCommitment, rel: &str) -> String {
    let first = n.milestones.first().map_or("MILESTONE", |m| m.id.as_str());
    let mut t = format!(
        "{}
# One commitment of the strategy: what will be done, by whom, and its dated steps.
# Lines starting with # are comments: tracker ignores them. Check your edits with:
#   tracker check
# Record progress with one-line commands instead of editing by hand, for example:
#   tracker done {id} {first} --date YYYY-MM-DD
#   tracker due {id} {first} YYYY-MM-DD --reason \"why it moved\"

# The identifier: lowercase letters, digits and single dashes; unique in the strategy.
id: {id}
# What will be done, in one line. Put it in double quotes if it holds \": \" or \" #\".
title: {title}
# The pillar it belongs to: one of the pillar ids in strategy/strategy.yaml.
pillar: {pillar}
# The accountable unit or person.
owner: {owner}
# planned, in-progress, done or dropped.
status: planned
",
        schema_line(rel, COMMITMENT_SCHEMA),
        id = n.id,
        title = plain(&n.title),
        pillar = n.pillar,
        owner = plain(&n.owner),
    );
    match n.due {
        Some(d) => t.push_str(&format!("# The day the whole commitment is due.\ndue: {d}\n")),
        None => t.push_str("# The day the whole commitment is due, if it has one:\n# due: YYYY-MM-DD\n"),
    }
    t.push_str(
        "# Dated steps: the deliverables progress is counted from. Each has an id (unique in
# this file), a title and a due date. When a step has happened, add `done:` with the
# day, and `evidence:` with a link that shows it (or run `tracker done`). A step that
# counts more than the others can carry `weight: 3` (the default is 1), and `note:`
# says where a date comes from, or that it is an estimate.
",
    );
    if n.milestones.is_empty() {
        t.push_str(
            "# milestones:
#   - id: proposal
#     title: Commission proposes the regulation
#     due: 2026-06-30
",
        );
    } else {
        t.push_str("milestones:\n");
        for m in &n.milestones {
            t.push_str(&format!(
                "  - id: {}\n    title: {}\n    due: {}\n",
                m.id,
                plain(&m.title),
                m.due
            ));
        }
    }
    t.push_str(
        "# Dated facts that are not deliverables (a vote that failed, a lapse): shown in
# reports, never counted in progress.
# events:
#   - date: 2026-03-26
#     title: Parliament rejects the extension
#     evidence: https://...
# Sources and related documents, each with a title and a url:
# links:
#   - title: Commission proposal
#     url: https://eur-lex.europa.eu/...
",
    );
    t
}

/// The text of a new `strategy.yaml` at `rel`.
pub fn strategy(id: &str, title: &str, pillars: &[(String, String)], rel: &str) -> String {
    let mut t = format!(
        "{}
# The strategy this repository tracks: its identity and its pillars.
# Each commitment lives in its own file, strategy/<pillar>/<id>.yaml. Add one with:
#   tracker new my-commitment --pillar {first} --owner \"Unit\" --title \"What will be done\"
# Check every file with: tracker check

# A short identifier: lowercase letters, digits and single dashes.
id: {id}
# The strategy's name.
title: {title}
# The day it was adopted, if it has been:
# adopted: YYYY-MM-DD
# The groups that commitments belong to, in the order reports show them.
pillars:
",
        schema_line(rel, STRATEGY_SCHEMA),
        first = pillars.first().map_or("PILLAR", |p| p.0.as_str()),
        title = plain(title),
    );
    for (pid, ptitle) in pillars {
        t.push_str(&format!("  - id: {pid}\n    title: {}\n", plain(ptitle)));
    }
    t
}

/// The README written next to a new `strategy.yaml`.
pub fn readme() -> String {
    "# Strategy

One commitment per YAML file, under `<pillar>/<id>.yaml`. To add a commitment, run
`tracker new my-commitment --pillar PILLAR --owner \"Unit\" --title \"What will be done\"`
(the pillar ids are in `strategy.yaml`), then `tracker check`.
"
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{parse_commitment, parse_strategy};

    #[test]
    fn milestone_args() {
        let m = parse_milestone("p:Pilot: phase 2:2026-06-30").expect("parses");
        assert_eq!(m.title, "Pilot: phase 2");
        assert!(parse_milestone("P:x:2026-06-30").is_err());
        assert!(parse_milestone("p:x:2026-02-30").is_err());
        assert!(parse_milestone("p:2026-06-30").is_err());
    }

    #[test]
    fn templates_are_valid() {
        let n = NewCommitment {
            id: "a".into(),
            title: "Pilot: phase #2".into(),
            pillar: "prevention".into(),
            owner: "Unit".into(),
            due: None,
            milestones: vec![parse_milestone("m1:First:2026-06-30").expect("m")],
        };
        let text = commitment(&n, "strategy/prevention/a.yaml");
        assert!(text.starts_with("# yaml-language-server: $schema=../../schema/commitment.schema.json\n"));
        let p = parse_commitment("a.yaml", text.as_bytes());
        assert!(p.findings.is_empty(), "{:?}\n{text}", p.findings);
        assert_eq!(p.value.expect("value").title, "Pilot: phase #2");
        let pillars: Vec<(String, String)> = DEFAULT_PILLARS
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let s = strategy("s", "S", &pillars, "strategy/strategy.yaml");
        let p = parse_strategy("s.yaml", s.as_bytes());
        assert!(p.findings.is_empty(), "{:?}", p.findings);
        assert_eq!(p.value.expect("value").pillars.len(), 4);
    }
}
