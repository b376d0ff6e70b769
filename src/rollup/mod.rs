//! A roll-up: one view of several strategies, each kept in its own repository and
//! listed in a roll-up file (`rollup.yaml`, docs/rollup.md).
//!
//! The file is read here, strictly (every problem at `path:line:column`); the sources
//! are read and combined in [`gather`].

pub mod gather;
pub mod history;
pub mod report;

use crate::error::{Error, Result};
use crate::finding::{Finding, Pos, Rule};
use crate::model::Pillar;
use crate::yaml::locate::{Locator, YPath};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a source could not be read, as an output for `audience` may say it: a public
/// output does not, since the reason can name a file or a folder that is not public.
pub fn shown_error(error: String, audience: crate::model::Visibility) -> String {
    if audience == crate::model::Visibility::Public {
        "the reason is withheld from a public output (run the command for the team to see it)".into()
    } else {
        error
    }
}

/// The file `tracker rollup init` writes, when no name is given.
pub const ROLLUP_FILE: &str = "rollup.yaml";

/// Days after which a source whose last commit is older is flagged, unless the file or
/// `--stale-days` says otherwise.
pub const STALE_DAYS: u32 = 90;

/// The roll-up file's content.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollupFile {
    /// Short identifier of the roll-up.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The roll-up's own pillars, in report order.
    pub pillars: Vec<PillarSpec>,
    /// The strategies it combines.
    pub sources: Vec<SourceSpec>,
    /// Days after which a source's last commit counts as stale.
    #[serde(default)]
    pub stale_days: Option<u32>,
}

/// One of the roll-up's own pillars.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PillarSpec {
    /// Identifier, as commitments' `pillar` (after mapping).
    pub id: String,
    /// Human title.
    pub title: String,
}

impl RollupFile {
    /// The pillars as the model has them.
    pub fn pillars(&self) -> Vec<Pillar> {
        self.pillars
            .iter()
            .map(|p| Pillar {
                id: p.id.clone(),
                title: p.title.clone(),
            })
            .collect()
    }
}

/// One strategy of a roll-up.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Short name, used in qualified ids (`ie:helpline`) and paths (`ie/strategy/…`).
    pub name: String,
    /// A clone's folder or a bare repository, relative to the roll-up file.
    pub path: String,
    /// How reports name the source ("Member State: Ireland").
    #[serde(default)]
    pub label: Option<String>,
    /// The strategy folder inside the repository (default `strategy`).
    #[serde(default)]
    pub strategy_dir: Option<String>,
    /// The revision to read (a branch, tag or commit; default HEAD).
    #[serde(default)]
    pub rev: Option<String>,
    /// The source's pillars mapped onto the roll-up's: source pillar → roll-up pillar.
    /// A pillar with the same id as a roll-up pillar needs no entry.
    #[serde(default)]
    pub pillars: BTreeMap<String, String>,
    /// The repository's address on its forge (as `site --repo-url` takes it), so that a
    /// roll-up's website links each change to its commit and each page to its file.
    #[serde(default)]
    pub repo_url: Option<String>,
}

/// The source a roll-up path (`ie/strategy/…`) belongs to: every path of a roll-up
/// starts with its source's name.
pub fn source_of(path: &str) -> Option<&str> {
    path.split_once('/').map(|(name, _)| name)
}

/// The source a qualified id (`ie:helpline`) belongs to (ids themselves hold no `:`).
pub fn source_of_id(id: &str) -> Option<&str> {
    id.split_once(':').map(|(name, _)| name)
}

impl SourceSpec {
    /// The strategy folder inside the repository.
    pub fn strategy_dir(&self) -> &str {
        self.strategy_dir
            .as_deref()
            .map(|d| d.trim_matches('/'))
            .unwrap_or("strategy")
    }

    /// How reports name the source: its label, or else its name.
    pub fn shown(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// A roll-up file, read and checked.
#[derive(Debug, Clone)]
pub struct Rollup {
    /// The file.
    pub path: PathBuf,
    /// Its name as reports show it.
    pub shown: String,
    /// What it says.
    pub file: RollupFile,
}

impl Rollup {
    /// The roll-up as a strategy: its id, title and pillars.
    pub fn strategy(&self) -> crate::model::Strategy {
        crate::model::Strategy {
            id: self.file.id.clone(),
            title: self.file.title.clone(),
            adopted: None,
            description: None,
            pillars: self.file.pillars(),
            require_evidence: false,
            visibility: Default::default(),
            audience: None,
            scales: Vec::new(),
        }
    }

    /// Opens a source's repository, read at its `rev` if it has one.
    pub fn open(&self, spec: &SourceSpec) -> Result<crate::git::Repo> {
        let path = self.dir().join(&spec.path);
        if !path.exists() {
            return Err(Error::Usage(format!(
                "{} does not exist (clone the repository there, or correct its `path` in {})",
                path.display(),
                self.shown
            )));
        }
        let dir = spec.strategy_dir();
        crate::git::Repo::open_at(&path, dir, dir, spec.rev.as_deref())
    }

    /// A strategy with the roll-up's pillars and nothing in it yet, that the sources'
    /// files are merged into.
    pub fn empty(&self, strategy: &crate::model::Strategy, day: chrono::NaiveDate) -> crate::load::Loaded {
        crate::load::Loaded {
            strategy_path: self.shown.clone(),
            strategy: Some(strategy.clone()),
            files: Vec::new(),
            findings: Vec::new(),
            source: crate::source::Source::Rollup {
                sources: self.file.sources.len(),
                day,
            },
        }
    }

    /// The folder source paths are relative to.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// Reads and checks a roll-up file. Every problem is a finding at its place; any of
/// them makes the file unusable (exit 1), as an invalid `strategy.yaml` does.
pub fn read(path: &Path) -> Result<Rollup> {
    let shown = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|e| Error::io("read the roll-up file", path, e))?;
    let invalid = |findings: Vec<Finding>| Error::InvalidRollup {
        path: shown.clone(),
        findings,
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(_) => {
            return Err(invalid(vec![Finding::error(
                &shown,
                Pos::START,
                Rule::WrongType,
                "the file is not UTF-8 text",
            )]));
        }
    };
    let file: RollupFile = match serde_yaml::from_str(text) {
        Ok(f) => f,
        Err(e) => return Err(invalid(vec![serde_finding(&shown, &e)])),
    };
    let mut findings = check(&shown, text, &file);
    findings.extend(same_repository(
        &shown,
        text,
        &file,
        path.parent().unwrap_or(Path::new(".")),
    ));
    if !findings.is_empty() {
        return Err(invalid(findings));
    }
    Ok(Rollup {
        path: path.to_owned(),
        shown,
        file,
    })
}

/// A finding for what serde_yaml refused, at its place.
fn serde_finding(path: &str, e: &serde_yaml::Error) -> Finding {
    let pos = e.location().map_or(Pos::START, |l| Pos {
        line: l.line().max(1),
        column: l.column().max(1),
    });
    let mut message = e.to_string();
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    let (rule, hint) = if message.contains("unknown field") {
        (
            Rule::UnknownKey,
            "a roll-up file has id, title, pillars, sources and stale_days; a source has name, path, label, strategy_dir, rev, pillars and repo_url (docs/rollup.md)",
        )
    } else if message.contains("missing field") {
        (
            Rule::MissingKey,
            "a roll-up file needs id, title, pillars and sources; each source a name and a path (docs/rollup.md)",
        )
    } else {
        (
            Rule::WrongType,
            "compare with the file `tracker rollup init` writes (docs/rollup.md)",
        )
    };
    Finding::error(path, pos, rule, message).with_hint(hint)
}

/// What the types cannot say: names are ids, unique, and every mapping names a pillar
/// of the roll-up.
fn check(path: &str, text: &str, file: &RollupFile) -> Vec<Finding> {
    let loc = Locator::new(text);
    let at = |p: YPath| loc.value(&p);
    let mut found = Vec::new();
    if file.pillars.is_empty() {
        found.push(
            Finding::error(
                path,
                at(YPath::root().key("pillars")),
                Rule::MissingKey,
                "the roll-up has no pillars",
            )
            .with_hint("list its pillars as strategy.yaml does: `- {id: prevention, title: Prevention}`"),
        );
    }
    if file.sources.is_empty() {
        found.push(
            Finding::error(
                path,
                at(YPath::root().key("sources")),
                Rule::MissingKey,
                "the roll-up has no sources",
            )
            .with_hint("add `- {name: ie, path: ../ireland}` for each strategy to combine"),
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (i, p) in file.pillars.iter().enumerate() {
        if !seen.insert(p.id.as_str()) {
            found.push(Finding::error(
                path,
                at(YPath::root().key("pillars").index(i).key("id")),
                Rule::DuplicateId,
                format!("the pillar `{}` is listed twice", p.id),
            ));
        }
    }
    let pillars: Vec<&str> = file.pillars.iter().map(|p| p.id.as_str()).collect();
    let mut names = std::collections::HashSet::new();
    for (i, s) in file.sources.iter().enumerate() {
        let here = YPath::root().key("sources").index(i);
        if !is_name(&s.name) {
            found.push(
                Finding::error(
                    path,
                    at(here.key("name")),
                    Rule::WrongType,
                    format!("the source name `{}` is not a short name", s.name),
                )
                .with_hint(
                    "use lower-case letters, digits and `-` (it starts qualified ids such as `ie:helpline`)",
                ),
            );
        } else if !names.insert(s.name.as_str()) {
            found.push(
                Finding::error(
                    path,
                    at(here.key("name")),
                    Rule::DuplicateId,
                    format!("two sources are named `{}`", s.name),
                )
                .with_hint("give each source its own name"),
            );
        }
        if let Some(url) = &s.repo_url
            && let Err(why) = crate::decode::check_url(url)
        {
            found.push(
                Finding::error(
                    path,
                    at(here.key("repo_url")),
                    Rule::NotAUrl,
                    format!("the address `{url}` {why}"),
                )
                .with_hint("give the repository's https:// address on its forge, such as https://gitlab.example.org/ie/strategy"),
            );
        }
        for (from, to) in &s.pillars {
            if !pillars.contains(&to.as_str()) {
                let hint = match crate::decode::suggest(to, &pillars) {
                    Some(near) => format!(
                        "did you mean `{near}`? The roll-up's pillars are: {}",
                        pillars.join(", ")
                    ),
                    None => format!("the roll-up's pillars are: {}", pillars.join(", ")),
                };
                found.push(
                    Finding::error(
                        path,
                        at(here.key("pillars").key(from)),
                        Rule::UnknownPillar,
                        format!("`{from}` is mapped to `{to}`, which is not a pillar of the roll-up"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    found
}

/// Two sources that read the same strategy (the same folder of the same repository, at
/// the same revision) would count every commitment twice: an error at the second one.
/// Paths that do not exist are left to the report, which says so per source.
fn same_repository(path: &str, text: &str, file: &RollupFile, dir: &Path) -> Vec<Finding> {
    let loc = Locator::new(text);
    let mut seen: Vec<(PathBuf, &str, Option<&str>, &str)> = Vec::new();
    let mut found = Vec::new();
    for (i, s) in file.sources.iter().enumerate() {
        let Ok(real) = dir.join(&s.path).canonicalize() else {
            continue;
        };
        let key = (real, s.strategy_dir(), s.rev.as_deref());
        if let Some((_, _, _, first)) = seen
            .iter()
            .find(|(p, d, r, _)| (p, *d, *r) == (&key.0, key.1, key.2))
        {
            found.push(
                Finding::error(
                    path,
                    loc.value(&YPath::root().key("sources").index(i).key("path")),
                    Rule::DuplicateId,
                    format!(
                        "the sources `{first}` and `{}` read the same strategy, so every figure would count it twice",
                        s.name
                    ),
                )
                .with_hint("list each repository once (give a different `rev` or `strategy_dir` to read another strategy in it)"),
            );
            continue;
        }
        seen.push((key.0, key.1, key.2, s.name.as_str()));
    }
    found
}

/// Whether a source name can start a qualified id.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

/// The commented roll-up file `tracker rollup init` writes.
pub fn template(id: &str) -> String {
    format!(
        "# A roll-up: one report over several strategies, each in its own repository.
# Format: docs/rollup.md. Read it with: tracker status --rollup {ROLLUP_FILE}
id: {id}
title: EU strategy and national action
# The roll-up's own pillars, as in strategy.yaml: every commitment is counted under one.
pillars:
  - {{id: prevention, title: Prevention}}
  - {{id: detection, title: \"Detection, reporting and removal of abuse material online\"}}
  - {{id: law-enforcement, title: Law-enforcement capacity}}
  - {{id: victim-support, title: Victim support}}
# A source whose last commit is older than this many days is flagged (default {STALE_DAYS}).
stale_days: {STALE_DAYS}
sources:
  - name: eu                    # starts qualified ids (eu:csa-regulation) and paths
    path: ../eu-strategy        # relative to this file: a clone or a bare repository
    label: European Commission  # how reports name it (default: the name)
  - name: ie
    path: ../ireland
    label: \"Member State: Ireland\"
    strategy_dir: strategy      # the strategy folder inside it (default: strategy)
    rev: main                   # a branch, tag or commit (default: HEAD)
    repo_url: https://git.example.org/ireland/strategy   # its forge, for the website's links
    pillars:                    # its pillars onto the roll-up's, where the ids differ
      victims: victim-support
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Rollup> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(ROLLUP_FILE);
        std::fs::write(&path, text).expect("write");
        read(&path)
    }

    fn findings(text: &str) -> Vec<String> {
        match read_text(text) {
            Ok(_) => Vec::new(),
            Err(e) => e.findings().iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn the_template_is_a_valid_roll_up() {
        let r = read_text(&template("eu-csa-rollup")).expect("valid");
        assert_eq!(r.file.sources.len(), 2);
        assert_eq!(r.file.sources[1].pillars["victims"], "victim-support");
        assert_eq!(r.file.sources[0].strategy_dir(), "strategy");
        assert_eq!(r.file.sources[1].shown(), "Member State: Ireland");
        assert_eq!(
            r.file.pillars[1].title,
            "Detection, reporting and removal of abuse material online"
        );
        assert_eq!(r.file.pillars().len(), 4);
    }

    #[test]
    fn the_same_repository_twice_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("ie")).expect("mkdir");
        let text = "id: r\ntitle: R\npillars:\n  - {id: prevention, title: P}\nsources:\n  - {name: ie, path: ie}\n  - {name: ie2, path: ./ie/}\n  - {name: ie3, path: ie, rev: v1}\n";
        let path = dir.path().join(ROLLUP_FILE);
        std::fs::write(&path, text).expect("write");
        let f: Vec<String> = match read(&path) {
            Ok(_) => Vec::new(),
            Err(e) => e.findings().iter().map(|f| f.to_string()).collect(),
        };
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].starts_with("rollup.yaml:7:"), "{f:?}");
        assert!(
            f[0].contains("the sources `ie` and `ie2` read the same strategy"),
            "{f:?}"
        );
    }

    #[test]
    fn problems_are_placed() {
        let base = "id: r\ntitle: R\npillars:\n  - {id: prevention, title: P}\nsources:\n";
        let f = findings(&format!(
            "{base}  - {{name: ie, path: ../ie, pillars: {{victims: victim}}}}\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].starts_with("rollup.yaml:6:"), "{f:?}");
        assert!(
            f[0].contains("error[unknown-pillar]: `victims` is mapped to `victim`"),
            "{f:?}"
        );
        let f = findings(&format!(
            "{base}  - {{name: ie, path: a}}\n  - {{name: ie, path: b}}\n"
        ));
        assert!(
            f[0].starts_with("rollup.yaml:7:") && f[0].contains("two sources are named `ie`"),
            "{f:?}"
        );
        let f = findings(&format!("{base}  - {{name: Ireland!, path: a}}\n"));
        assert!(f[0].contains("is not a short name"), "{f:?}");
        let f = findings(&format!("{base}  - {{name: ie, path: a, remote: x}}\n"));
        assert!(
            f[0].contains("error[unknown-key]") && f[0].starts_with("rollup.yaml:6:"),
            "{f:?}"
        );
        let f = findings("id: r\ntitle: R\npillars: []\nsources: []\n");
        assert_eq!(f.len(), 2, "{f:?}");
        let f = findings("id: r\ntitle: R\n");
        assert!(f[0].contains("error[missing-key]"), "{f:?}");
    }
}
