//! Loads the files of a source into the model: `strategy.yaml` first, then every
//! commitment file (on several threads for a large strategy, or one at a time as a
//! commit's files are read from git), each problem a finding with its line and column.
//! `parse.rs` parses one file.

mod parse;

pub use parse::{
    Parsed, Unplaced, parse_commitment, parse_commitment_in, parse_commitment_quick, parse_strategy,
};

use crate::decode::Around;
use crate::error::{Error, Result};
use crate::finding::{Finding, Pos, Rule};
use crate::model::{Commitment, Strategy};
use crate::source::{Content, RawFile, STRATEGY_FILE, Source};
use chrono::NaiveDate;
use std::ops::ControlFlow;

/// Parses one commitment file; `root` is the strategy folder's displayed path, with its
/// `/`, and `pillars` the strategy's (for hints).
fn parse_one(file: RawFile, root: &str, pillars: &[String]) -> (CommitmentFile, Vec<Finding>) {
    match file.content {
        Content::Refused(f) => (
            CommitmentFile {
                path: file.path,
                commitment: None,
                id: None,
                pillar: None,
                text: None,
                foreign: false,
            },
            vec![*f],
        ),
        Content::Bytes { data, .. } => {
            let around = Around {
                pillars: pillars.to_vec(),
                folder: file
                    .path
                    .strip_prefix(root)
                    .and_then(|rest| rest.split_once('/'))
                    .map(|(first, _)| first.to_owned()),
            };
            let parsed = parse_commitment_in(&file.path, &data, around);
            (
                CommitmentFile {
                    path: file.path,
                    commitment: parsed.value,
                    id: parsed.id,
                    pillar: parsed.pillar,
                    text: Some(data),
                    foreign: parsed.foreign,
                },
                parsed.findings,
            )
        }
    }
}

/// Parses commitment files (in path order, `strategy.yaml` not among them), on every
/// core for a large strategy, keeping their order.
fn parse_all(files: Vec<RawFile>, root: &str, pillars: &[String]) -> Vec<(CommitmentFile, Vec<Finding>)> {
    crate::par::map(files, |file| parse_one(file, root, pillars))
}

/// A strategy being loaded, its `strategy.yaml` read: what the commitment files are
/// parsed against.
struct Begun {
    loaded: Loaded,
    /// The strategy folder's displayed path, with its `/`.
    root: String,
    /// The strategy's pillars, for the commitments' hints.
    pillars: Vec<String>,
    saw_strategy: bool,
}

impl Begun {
    fn new(dir_name: &str, source: Source, strategy_file: Option<RawFile>) -> Self {
        let strategy_path = crate::source::display_path(dir_name, STRATEGY_FILE);
        let root = strategy_path.strip_suffix(STRATEGY_FILE).unwrap_or("").to_owned();
        let mut loaded = Loaded {
            strategy_path,
            strategy: None,
            files: Vec::new(),
            findings: Vec::new(),
            source,
        };
        let saw_strategy = strategy_file.is_some();
        if let Some(file) = strategy_file {
            match file.content {
                Content::Refused(f) => loaded.findings.push(*f),
                Content::Bytes { data, .. } => {
                    let parsed = parse_strategy(&file.path, &data);
                    loaded.strategy = if parsed.has_errors() { None } else { parsed.value };
                    loaded.findings.extend(parsed.findings);
                }
            }
        }
        let pillars = loaded
            .strategy
            .as_ref()
            .map(|s| s.pillars.iter().map(|p| p.id.clone()).collect())
            .unwrap_or_default();
        Begun {
            loaded,
            root,
            pillars,
            saw_strategy,
        }
    }

    fn add(&mut self, (file, findings): (CommitmentFile, Vec<Finding>)) {
        self.loaded.findings.extend(findings);
        self.loaded.files.push(file);
    }

    fn end(self) -> Loaded {
        let mut loaded = self.loaded;
        if !self.saw_strategy {
            loaded.findings.push(
                Finding::error(
                    &loaded.strategy_path,
                    Pos::START,
                    Rule::MissingFile,
                    "the strategy has no strategy.yaml",
                )
                .with_hint("create it with `id`, `title` and `pillars`; see docs/format.md"),
            );
        }
        loaded
    }
}

/// One commitment file after parsing.
#[derive(Debug, Clone)]
pub struct CommitmentFile {
    /// Displayed path.
    pub path: String,
    /// The commitment, if the file could be decoded.
    pub commitment: Option<Commitment>,
    /// The `id` written in the file, even when it could not be decoded.
    pub id: Option<String>,
    /// The `pillar` written in the file, even when it could not be decoded.
    pub pillar: Option<String>,
    /// The file's text, kept to place findings of later checks.
    pub text: Option<std::sync::Arc<[u8]>>,
    /// Whether it is valid YAML that does not look like a commitment at all.
    pub foreign: bool,
}

impl CommitmentFile {
    /// The commitment's id, or the id the file spells when it could not be decoded.
    pub fn spelled_id(&self) -> Option<&str> {
        self.commitment
            .as_ref()
            .map(|c| c.id.as_str())
            .or(self.id.as_deref())
    }
}

/// A whole strategy as read from one source.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Displayed path of `strategy.yaml`.
    pub strategy_path: String,
    /// The strategy, if its file is valid.
    pub strategy: Option<Strategy>,
    /// Every commitment file, sorted by path.
    pub files: Vec<CommitmentFile>,
    /// Every problem found so far (the validator adds more).
    pub findings: Vec<Finding>,
    /// Where the files were read from.
    pub source: Source,
}

impl Loaded {
    /// Parses every file of a source and runs every check for the day `today`, as
    /// `tracker check` and the edit commands see the strategy. `dir_name` is the
    /// strategy folder's displayed name.
    pub fn checked(dir_name: &str, files: Vec<RawFile>, source: Source, today: NaiveDate) -> Self {
        let mut loaded = Loaded::from_files(dir_name, files, source);
        crate::validate::validate(&mut loaded, Some(today));
        loaded
    }

    /// Parses every file of a source and runs the checks that reports need: all of them
    /// but `done-in-future`, since a report for a day counts a `done` date after it as
    /// "not yet done on that day" rather than leaving the file out.
    pub fn for_report(dir_name: &str, files: Vec<RawFile>, source: Source) -> Self {
        Loaded::from_files(dir_name, files, source).checked_for_report()
    }

    fn checked_for_report(mut self) -> Self {
        crate::validate::validate_with(&mut self, None, crate::validate::Warnings::Left);
        self
    }

    /// [`Loaded::for_report`] for files that `read` gives one at a time, `strategy.yaml`
    /// first, as [`crate::git::Repo::files_at_each`] does: they are parsed on a second
    /// thread while `read` goes on (reading a commit's files from git's packs takes
    /// longer than parsing them). `read` should stop when told to: the parser is gone.
    pub(crate) fn for_report_read(
        dir_name: &str,
        source: Source,
        read: impl FnOnce(&mut dyn FnMut(RawFile) -> ControlFlow<()>) -> Result<()>,
    ) -> Result<Self> {
        std::thread::scope(|scope| {
            // Bounded, so that a reader far ahead does not hold every file at once.
            let (tx, rx) = std::sync::mpsc::sync_channel(256);
            let parsing = scope.spawn(move || Loaded::from_stream(dir_name, rx, source).checked_for_report());
            // The parser only stops early by panicking, which `join` passes on; the
            // reader stops then too.
            let read = read(&mut |file| match tx.send(file) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            });
            drop(tx);
            let loaded = parsing.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            read.map(|()| loaded)
        })
    }

    /// Parses every file of a source, without the checks that need several files or a
    /// day (those are [`Loaded::checked`]'s).
    pub fn from_files(dir_name: &str, files: Vec<RawFile>, source: Source) -> Self {
        let strategy_path = crate::source::display_path(dir_name, STRATEGY_FILE);
        // strategy.yaml first, so that the commitments' hints can name its pillars.
        let mut files = files;
        let first = files
            .iter()
            .position(|f| f.path == strategy_path)
            .map(|i| files.remove(i));
        let mut begun = Begun::new(dir_name, source, first);
        for parsed in parse_all(files, &begun.root, &begun.pillars) {
            begun.add(parsed);
        }
        begun.end()
    }

    /// [`Loaded::from_files`] for files given as they are read: `strategy.yaml` first,
    /// if there is one, then the commitment files in path order. They are parsed here,
    /// one at a time, while the reader goes on.
    fn from_stream(dir_name: &str, files: impl IntoIterator<Item = RawFile>, source: Source) -> Self {
        let strategy_path = crate::source::display_path(dir_name, STRATEGY_FILE);
        let mut files = files.into_iter().peekable();
        let first = files.next_if(|f| f.path == strategy_path);
        let mut begun = Begun::new(dir_name, source, first);
        for file in files {
            debug_assert!(file.path != strategy_path, "strategy.yaml must come first");
            let parsed = parse_one(file, &begun.root, &begun.pillars);
            begun.add(parsed);
        }
        begun.end()
    }

    /// The strategy, or the error naming what is wrong with `strategy.yaml`.
    pub fn strategy(&self) -> Result<&Strategy> {
        self.strategy.as_ref().ok_or_else(|| Error::InvalidStrategy {
            path: self.strategy_path.clone(),
            findings: self
                .findings
                .iter()
                .filter(|f| f.path == self.strategy_path)
                .cloned()
                .collect(),
        })
    }

    /// Paths of the files that have at least one error.
    pub fn invalid_paths(&self) -> std::collections::BTreeSet<&str> {
        self.findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| f.path.as_str())
            .collect()
    }

    /// The commitments of the files without errors, with their paths.
    pub fn valid_commitments(&self) -> Vec<(&str, &Commitment)> {
        let invalid = self.invalid_paths();
        self.files
            .iter()
            .filter(|f| !invalid.contains(f.path.as_str()))
            .filter_map(|f| f.commitment.as_ref().map(|c| (f.path.as_str(), c)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// Files parsed as they are read give the strategy that files parsed together do:
    /// with and without `strategy.yaml`, with it refused, with broken and foreign files,
    /// past the size at which `from_files` parses on several threads.
    #[test]
    fn a_strategy_read_file_by_file_is_the_one_read_whole() {
        let file = |path: &str, text: &str| RawFile {
            path: path.to_owned(),
            content: Content::Bytes {
                data: std::sync::Arc::from(text.as_bytes()),
                blob: None,
            },
        };
        let strategy = "id: s\ntitle: S\npillars:\n  - {id: p, title: P}\n";
        let mut commitments: Vec<RawFile> = (0..300)
            .map(|i| {
                let text = match i % 3 {
                    0 => format!("id: c{i:03}\ntitle: C\npillar: p\nowner: O\n"),
                    1 => format!("id: c{i:03}\ntitle: C\npillar: q\nowner: O\n"),
                    _ => "apiVersion: v1\nkind: Service\n".to_owned(),
                };
                file(&format!("strategy/p/c{i:03}.yaml"), &text)
            })
            .collect();
        commitments.push(file("strategy/p/broken.yaml", "id: [\n"));
        commitments.sort_by(|a, b| a.path.cmp(&b.path));
        let refused = RawFile {
            path: "strategy/strategy.yaml".to_owned(),
            content: Content::Refused(Box::new(Finding::error(
                "strategy/strategy.yaml",
                Pos::START,
                Rule::Symlink,
                "a symlink",
            ))),
        };
        for first in [
            Some(file("strategy/strategy.yaml", strategy)),
            Some(refused),
            None,
        ] {
            let files: Vec<RawFile> = first.into_iter().chain(commitments.iter().cloned()).collect();
            let whole = Loaded::for_report("strategy", files.clone(), Source::Files);
            let read = Loaded::for_report_read("strategy", Source::Files, |each| {
                for file in files {
                    if each(file).is_break() {
                        break;
                    }
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(format!("{read:?}"), format!("{whole:?}"));
            assert_eq!(read.files.len(), 301);
        }
        // A reader that fails halfway is the error, whatever was parsed.
        let failed = Loaded::for_report_read("strategy", Source::Files, |each| {
            let _ = each(file("strategy/strategy.yaml", strategy));
            Err(Error::Usage("the pack is damaged".into()))
        });
        assert!(failed.is_err());
    }
}
