//! Which commitments a report covers: `--pillar`, `--owner`, `--state` and `--tag`, the
//! same on every command that lists commitments.
//!
//! A report of one point in time (`status`) matches each commitment as it stands then. A
//! report of changes (`history`, `slips`, `diff`) matches each commitment by its last
//! recorded version: as it stands at the end, or, for one removed since, as it was just
//! before it was removed. So `--pillar detection` keeps the whole life of every
//! detection commitment, including the changes made before it moved to that pillar.

use crate::error::{Error, Result};
use crate::model::{Commitment, Strategy};
use crate::state::{State, assess};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashSet};

/// Which commitments a report covers. Empty lists mean "all"; values in one list are
/// alternatives, lists are combined with "and".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Pillar ids.
    pub pillars: Vec<String>,
    /// Owners: a commitment matches when its owner contains one of these, ignoring case.
    pub owners: Vec<String>,
    /// States.
    pub states: Vec<State>,
    /// Tags.
    pub tags: Vec<String>,
}

impl Filter {
    /// Whether nothing is filtered out.
    pub fn is_empty(&self) -> bool {
        self.pillars.is_empty() && self.owners.is_empty() && self.states.is_empty() && self.tags.is_empty()
    }

    /// Whether a commitment in a state passes the filter.
    pub fn matches(&self, c: &Commitment, state: State) -> bool {
        (self.pillars.is_empty() || self.pillars.contains(&c.pillar))
            && (self.owners.is_empty()
                || self
                    .owners
                    .iter()
                    .any(|o| c.owner.to_lowercase().contains(&o.to_lowercase())))
            && (self.states.is_empty() || self.states.contains(&state))
            && (self.tags.is_empty() || self.tags.iter().any(|t| c.tags.contains(t)))
    }

    /// Refuses a pillar or a tag that is not there, as a typo rather than an empty report:
    /// `pillars` are the strategy's (or, where no `strategy.yaml` is at hand, those the
    /// commitments name), `commitments` give the tags in use.
    pub fn check<'a>(
        &self,
        strategy: Option<&Strategy>,
        commitments: impl IntoIterator<Item = &'a Commitment>,
    ) -> Result<()> {
        let commitments: Vec<&Commitment> = commitments.into_iter().collect();
        if let Some(s) = strategy {
            super::check_pillars(s, &self.pillars)?;
        } else if !self.pillars.is_empty() {
            let named: BTreeSet<&str> = commitments.iter().map(|c| c.pillar.as_str()).collect();
            let named: Vec<&str> = named.into_iter().collect();
            if let Some(p) = self.pillars.iter().find(|p| !named.contains(&p.as_str())) {
                return Err(unknown("pillar", p, &named, "the pillars in use are"));
            }
        }
        if !self.tags.is_empty() {
            let tags: BTreeSet<&str> = commitments
                .iter()
                .flat_map(|c| c.tags.iter().map(String::as_str))
                .collect();
            let tags: Vec<&str> = tags.into_iter().collect();
            if let Some(t) = self.tags.iter().find(|t| !tags.contains(&t.as_str())) {
                if tags.is_empty() {
                    return Err(Error::Usage(format!(
                        "no commitment has the tag `{t}`: no commitment has tags"
                    )));
                }
                return Err(unknown("tag", t, &tags, "the tags are"));
            }
        }
        Ok(())
    }

    /// The ids of the commitments among `versions` that pass, each in its state on `today`.
    pub fn ids<'a>(
        &self,
        versions: impl IntoIterator<Item = &'a Commitment>,
        today: NaiveDate,
    ) -> HashSet<String> {
        versions
            .into_iter()
            .filter(|c| self.matches(c, assess(c, today).state))
            .map(|c| c.id.clone())
            .collect()
    }
}

/// Keeps in `loaded` the files of the commitments in `ids`, and every file that does not
/// hold a valid commitment: whether it would match cannot be told, and missing data is
/// never left out silently.
pub fn restrict(loaded: &mut crate::load::Loaded, ids: &HashSet<String>) {
    let invalid: HashSet<String> = loaded.invalid_paths().iter().map(|p| p.to_string()).collect();
    loaded
        .files
        .retain(|f| invalid.contains(&f.path) || f.commitment.as_ref().is_none_or(|c| ids.contains(&c.id)));
}

/// "no commitment has the tag `x`; did you mean `y`? The tags are: …"
fn unknown(what: &str, given: &str, known: &[&str], listed: &str) -> Error {
    let list = known.join(", ");
    let head = if what == "tag" {
        format!("no commitment has the tag `{given}`")
    } else {
        format!("unknown {what} `{given}`")
    };
    Error::Usage(match crate::decode::suggest(given, known) {
        Some(s) => format!("{head}; did you mean `{s}`? {}: {list}", capital(listed)),
        None => format!("{head}; {listed}: {list}"),
    })
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commitment(id: &str, pillar: &str, owner: &str, tags: &[&str]) -> Commitment {
        let text = format!(
            "id: {id}\ntitle: T\npillar: {pillar}\nowner: {owner}\ntags: [{}]\nmilestones:\n  - {{id: m1, title: M, due: 2026-06-30}}\n",
            tags.join(", ")
        );
        crate::load::parse_commitment("c.yaml", text.as_bytes())
            .value
            .expect("a commitment")
    }

    #[test]
    fn lists_combine_with_and_values_with_or() {
        let a = commitment("a", "prevention", "DG HOME", &["law"]);
        let b = commitment("b", "detection", "Europol", &[]);
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let f = Filter {
            pillars: vec!["prevention".into(), "detection".into()],
            owners: vec!["home".into()],
            ..Filter::default()
        };
        assert_eq!(f.ids([&a, &b], day), HashSet::from(["a".to_owned()]));
        let f = Filter {
            states: vec![State::Overdue],
            ..Filter::default()
        };
        assert!(
            f.ids([&a, &b], day).is_empty(),
            "nothing is overdue on 2026-01-01"
        );
        let late = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(f.ids([&a, &b], late).len(), 2);
        assert!(Filter::default().is_empty());
        assert!(!f.is_empty());
    }

    #[test]
    fn unknown_tags_and_pillars_are_typos() {
        let a = commitment("a", "prevention", "DG HOME", &["legislation"]);
        let f = Filter {
            tags: vec!["legislaton".into()],
            ..Filter::default()
        };
        let e = f.check(None, [&a]).unwrap_err().to_string();
        assert!(e.contains("did you mean `legislation`?"), "{e}");
        let f = Filter {
            pillars: vec!["preventon".into()],
            ..Filter::default()
        };
        let e = f.check(None, [&a]).unwrap_err().to_string();
        assert!(
            e.contains("unknown pillar `preventon`; did you mean `prevention`?"),
            "{e}"
        );
        let f = Filter {
            tags: vec!["x".into()],
            ..Filter::default()
        };
        let b = commitment("b", "prevention", "O", &[]);
        let e = f.check(None, [&b]).unwrap_err().to_string();
        assert!(e.contains("no commitment has tags"), "{e}");
        let ok = Filter {
            pillars: vec!["prevention".into()],
            tags: vec!["legislation".into()],
            ..Filter::default()
        };
        assert!(ok.check(None, [&a]).is_ok());
    }
}
