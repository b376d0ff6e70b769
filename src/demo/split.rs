//! The replay split by who owns each commitment: the Commission's repository, the Member
//! States' and Europol's, and a roll-up file that reads them as one (`tracker demo DIR
//! --split`).
//!
//! Each body gets the commitments it owns, by the `owner` the shipped files give, with
//! the same `strategy.yaml`. A commitment file can only name commitments of its own
//! strategy, so a dependency on another body's commitment is left out of that body's
//! copy (the roll-up file says so in a comment).

use crate::load::Loaded;
use crate::model::Strategy;

/// One body's share of the strategy.
pub struct Share {
    /// The source name in the roll-up (and the folder).
    pub name: &'static str,
    /// How reports name it.
    pub label: &'static str,
    /// Its commitments.
    pub loaded: Loaded,
}

/// Which body owns a commitment, by its owner's text.
fn body(owner: &str) -> usize {
    if owner.starts_with("Europol") {
        2
    } else if owner.starts_with("EU Member States") {
        1
    } else {
        0
    }
}

/// The strategy split into the Commission's, the Member States' and Europol's shares.
pub fn split(loaded: &Loaded) -> Vec<Share> {
    let names = [
        ("commission", "European Commission"),
        ("member-states", "EU Member States"),
        ("europol", "Europol"),
    ];
    names
        .iter()
        .enumerate()
        .map(|(k, (name, label))| {
            let mut share = loaded.clone();
            share
                .files
                .retain(|f| f.commitment.as_ref().is_some_and(|c| body(&c.owner) == k));
            let ids: Vec<String> = share
                .files
                .iter()
                .filter_map(|f| f.commitment.as_ref().map(|c| c.id.clone()))
                .collect();
            for f in &mut share.files {
                if let Some(c) = &mut f.commitment {
                    c.depends_on.retain(|d| ids.contains(d));
                }
            }
            share.findings.retain(|f| !f.is_error());
            Share {
                name,
                label,
                loaded: share,
            }
        })
        .collect()
}

/// The roll-up file that reads the shares as one.
pub fn rollup_file(strategy: &Strategy, shares: &[Share]) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::from(
        "# The replay split by owner, read as one: tracker status --rollup rollup.yaml\n\
         # Format: docs/rollup.md. A dependency on another body's commitment is left out of\n\
         # each body's files, since a commitment can only name those of its own strategy.\n",
    );
    out.push_str("id: eu-csa-rollup\n");
    out.push_str(&format!("title: {}\n", quote(&strategy.title)));
    out.push_str("pillars:\n");
    for p in &strategy.pillars {
        out.push_str(&format!("  - {{id: {}, title: {}}}\n", p.id, quote(&p.title)));
    }
    out.push_str("sources:\n");
    for s in shares {
        out.push_str(&format!(
            "  - {{name: {}, path: {}, label: {}}}\n",
            s.name,
            s.name,
            quote(s.label)
        ));
    }
    out
}
