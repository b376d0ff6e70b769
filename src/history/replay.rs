//! The replay's state: which commitment each file holds, the last good version of each
//! commitment, and which files are broken; applying one commit's file changes to it
//! yields that commit's change events.

use crate::compare::{Change, ChangeKind, Located, added, compare};
use crate::git::ObjectId;
use crate::git::tree::{FileChange, Now};
use crate::load::{Parsed, parse_commitment_quick};
use crate::model::Commitment;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Parsed blobs kept for reuse (a file reverted to an older version, or moved). Bounded
/// by the size of the text they were parsed from, so that a long history of large
/// commitments does not keep thousands of versions in memory: 8,192 versions of the
/// 2,000 commitments of a generated history of 100,000 commits took 27 MB, a third of
/// the walk's heap, for a handful of reuses.
const PARSE_CACHE_BYTES: usize = 1 << 20;

/// What the replay knows after some commits. Saved in the history cache.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Known {
    /// For each file: the id of the commitment it last held validly.
    pub files: HashMap<String, Option<String>>,
    /// For each commitment id: its file and last good version.
    pub known: HashMap<String, Located>,
    /// Files that are invalid now (reported once, when they broke).
    pub broken: HashSet<String>,
    /// For each commitment removed since (and not back): its file and last good version,
    /// so that filters can tell which pillar or owner it had.
    #[serde(default)]
    pub retired: HashMap<String, Located>,
}

/// A changed file, parsed: `None` when it was deleted.
pub type ParsedFile = (String, Option<Arc<Parsed<Commitment>>>);

/// Parses changed files, once per blob (while the bounded cache holds it).
#[derive(Default)]
pub struct Parser {
    cache: HashMap<ObjectId, Arc<Parsed<Commitment>>>,
    /// The size of the texts the cached versions were parsed from.
    cached_bytes: usize,
}

impl Parser {
    /// Parses one changed file.
    pub fn file(&mut self, change: FileChange) -> ParsedFile {
        let parsed = self.parse(&change.path, &change.now);
        (change.path, parsed)
    }

    fn parse(&mut self, path: &str, now: &Now) -> Option<Arc<Parsed<Commitment>>> {
        let (blob, parsed, size) = match now {
            Now::Gone => return None,
            Now::Refused(v, finding) => (
                v.blob,
                Parsed {
                    value: None,
                    findings: vec![(**finding).clone()],
                    id: None,
                    pillar: None,
                    foreign: false,
                    unplaced: None,
                },
                finding.message.len(),
            ),
            Now::Bytes(v, bytes) => {
                if let Some(p) = self.cache.get(&v.blob) {
                    return Some(Arc::clone(p));
                }
                (
                    v.blob,
                    parse_commitment_quick(path, Arc::clone(bytes)),
                    bytes.len(),
                )
            }
        };
        if self.cached_bytes + size > PARSE_CACHE_BYTES {
            self.cache.clear();
            self.cached_bytes = 0;
        }
        self.cached_bytes += size;
        let parsed = Arc::new(parsed);
        self.cache.insert(blob, Arc::clone(&parsed));
        Some(parsed)
    }
}

/// The replay: what is known after each commit.
#[derive(Default)]
pub struct Replay {
    /// What is known so far.
    pub state: Known,
    strategy_path: String,
}

impl Replay {
    /// A replay of the strategy folder named `name`, starting from `state`.
    pub fn new(name: &str, state: Known) -> Self {
        Replay {
            state,
            strategy_path: crate::source::display_path(name, crate::source::STRATEGY_FILE),
        }
    }

    /// Applies one commit's changed files (all parsed first, so that a copy can be told
    /// from a move by where each id ends up), returning its events.
    pub fn apply(&mut self, mut parsed: Vec<ParsedFile>) -> Vec<Change> {
        parsed.retain(|(path, _)| *path != self.strategy_path);
        parsed.sort_by(|a, b| a.0.cmp(&b.0));
        let ends_with: HashMap<&str, Option<&str>> = parsed
            .iter()
            .map(|(path, p)| {
                let id = p
                    .as_ref()
                    .filter(|p| !p.has_errors())
                    .and_then(|p| p.value.as_ref())
                    .map(|c| c.id.as_str());
                (path.as_str(), id)
            })
            .collect();
        let mut out = Vec::new();
        let mut gone: Vec<(String, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let st = &mut self.state;
        for (path, parsed) in &parsed {
            let Some(parsed) = parsed else {
                if let Some(Some(id)) = st.files.remove(path) {
                    gone.push((id, path.clone()));
                }
                st.broken.remove(path);
                continue;
            };
            let previous = st.files.get(path).cloned().flatten();
            let commitment = match (&parsed.value, parsed.has_errors()) {
                (Some(c), false) => c,
                _ => {
                    if st.broken.insert(path.clone()) {
                        let why = parsed
                            .first_error(path)
                            .map(|f| format!("{}:{}: {}", f.line, f.column, f.message));
                        out.push(
                            Change::file(previous.as_deref(), path, ChangeKind::Invalid)
                                .with_values(None, why.map(Into::into)),
                        );
                    }
                    st.files.insert(path.clone(), previous);
                    continue;
                }
            };
            // The same id in a second file that stays: a copy, not a move.
            let duplicate_of = st
                .known
                .get(&commitment.id)
                .map(|k| k.path.clone())
                .filter(|kpath| {
                    let id_there = match ends_with.get(kpath.as_str()) {
                        Some(id) => *id,
                        None => st.files.get(kpath).and_then(|s| s.as_deref()),
                    };
                    kpath != path && id_there == Some(commitment.id.as_str())
                });
            if let Some(other) = duplicate_of {
                if st.broken.insert(path.clone()) {
                    out.push(
                        Change::file(previous.as_deref(), path, ChangeKind::Invalid).with_values(
                            None,
                            Some(format!("the id `{}` is also used by {other}", commitment.id).into()),
                        ),
                    );
                }
                st.files.insert(path.clone(), previous);
                continue;
            }
            if st.broken.remove(path) {
                out.push(Change::file(Some(&commitment.id), path, ChangeKind::Repaired));
            }
            if let Some(prev) = previous.filter(|p| *p != commitment.id) {
                gone.push((prev, path.clone()));
            }
            match st.known.get(&commitment.id) {
                Some(k) => out.extend(compare(&k.commitment, &k.path, commitment, path)),
                None => out.extend(added(commitment, path)),
            }
            seen.insert(commitment.id.clone());
            if !st.retired.is_empty() {
                st.retired.remove(&commitment.id);
            }
            st.known.insert(
                commitment.id.clone(),
                Located {
                    path: path.clone(),
                    commitment: commitment.clone(),
                },
            );
            st.files.insert(path.clone(), Some(commitment.id.clone()));
        }
        for (id, path) in gone {
            if seen.contains(&id) {
                continue;
            }
            if st.known.get(&id).is_some_and(|k| k.path == path) {
                if let Some(last) = st.known.remove(&id) {
                    st.retired.insert(id.clone(), last);
                }
                out.push(Change::file(Some(&id), &path, ChangeKind::Removed));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser reuses a version it parsed, and keeps no more versions than
    /// [`PARSE_CACHE_BYTES`] of text.
    #[test]
    fn parsed_versions_are_reused_within_a_bound_on_their_text() {
        use crate::git::tree::{FILE_MODE, Version};
        let mut parser = Parser::default();
        let version = |i: usize| {
            let text = format!(
                "id: c{i}\ntitle: T\npillar: p\nowner: O\ndescription: {}\n",
                "x".repeat(100_000)
            );
            let bytes: Arc<[u8]> = text.into_bytes().into();
            let v = Version {
                blob: ObjectId::for_blob(&bytes).unwrap(),
                mode: FILE_MODE,
            };
            FileChange {
                path: format!("strategy/c{i}.yaml"),
                now: Now::Bytes(v, bytes),
            }
        };
        let first = parser.file(version(0)).1.unwrap();
        let again = parser.file(version(0)).1.unwrap();
        assert!(Arc::ptr_eq(&first, &again), "the same blob is parsed once");
        for i in 1..40 {
            parser.file(version(i));
            assert!(
                parser.cached_bytes <= PARSE_CACHE_BYTES,
                "{}",
                parser.cached_bytes
            );
            assert!(
                parser.cache.len() <= PARSE_CACHE_BYTES / 100_000,
                "{}",
                parser.cache.len()
            );
        }
        let later = parser.file(version(0)).1.unwrap();
        assert!(!Arc::ptr_eq(&first, &later), "let go, and parsed again");
        assert_eq!(later.id, first.id);
    }

    const A: &str =
        "id: a\ntitle: A\npillar: p\nowner: O\nmilestones:\n  - {id: m1, title: M1, due: 2022-06-30}\n";

    fn file(path: &str, text: &str) -> ParsedFile {
        (
            path.to_owned(),
            Some(Arc::new(crate::load::parse_commitment(path, text.as_bytes()))),
        )
    }

    fn gone(path: &str) -> ParsedFile {
        (path.to_owned(), None)
    }

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, Option<&str>, &str)> {
        changes
            .iter()
            .map(|c| (c.kind, c.commitment.as_deref(), c.path.as_str()))
            .collect()
    }

    #[test]
    fn a_life_added_edited_broken_repaired_moved_and_removed() {
        let mut r = Replay::new("s", Known::default());
        let added = r.apply(vec![file("s/p/a.yaml", A)]);
        assert_eq!(kinds(&added), [(ChangeKind::Added, Some("a"), "s/p/a.yaml")]);

        let done = A.replace("due: 2022-06-30}", "due: 2022-06-30, done: 2022-06-01}");
        let edited = r.apply(vec![file("s/p/a.yaml", &done)]);
        assert_eq!(
            kinds(&edited),
            [(ChangeKind::MilestoneDone, Some("a"), "s/p/a.yaml")]
        );
        assert_eq!(
            edited[0].to,
            Some(crate::compare::Value::Date(
                crate::parse_date("2022-06-01").unwrap()
            ))
        );

        // Broken once: one `invalid` event, however many commits it stays broken.
        let broken = r.apply(vec![file("s/p/a.yaml", "id: a\ntitle: [\n")]);
        assert_eq!(kinds(&broken), [(ChangeKind::Invalid, Some("a"), "s/p/a.yaml")]);
        assert!(r.apply(vec![file("s/p/a.yaml", "id: a\ntitle: [[\n")]).is_empty());

        // Repaired: compared with the last good version, not with nothing.
        let repaired = r.apply(vec![file("s/p/a.yaml", &done.replace("owner: O", "owner: P"))]);
        assert_eq!(
            kinds(&repaired),
            [
                (ChangeKind::Repaired, Some("a"), "s/p/a.yaml"),
                (ChangeKind::OwnerChanged, Some("a"), "s/p/a.yaml")
            ]
        );

        // Moved to another folder in the same commit: one `moved`, no removal.
        let moved = r.apply(vec![
            gone("s/p/a.yaml"),
            file("s/q/a.yaml", &done.replace("owner: O", "owner: P")),
        ]);
        assert_eq!(kinds(&moved), [(ChangeKind::Moved, Some("a"), "s/q/a.yaml")]);

        let removed = r.apply(vec![gone("s/q/a.yaml")]);
        assert_eq!(kinds(&removed), [(ChangeKind::Removed, Some("a"), "s/q/a.yaml")]);
        assert!(r.state.known.is_empty() && r.state.files.is_empty());
    }

    #[test]
    fn a_copy_is_a_duplicate_not_a_move() {
        let mut r = Replay::new("s", Known::default());
        r.apply(vec![file("s/p/a.yaml", A)]);
        let copied = r.apply(vec![file("s/p/b.yaml", A)]);
        assert_eq!(kinds(&copied), [(ChangeKind::Invalid, None, "s/p/b.yaml")]);
        assert_eq!(
            copied[0].to.as_ref().map(ToString::to_string).as_deref(),
            Some("the id `a` is also used by s/p/a.yaml")
        );
        // The original stays the known version.
        assert_eq!(r.state.known["a"].path, "s/p/a.yaml");
    }

    #[test]
    fn the_strategy_file_is_not_a_commitment() {
        let mut r = Replay::new("s", Known::default());
        assert!(r.apply(vec![file("s/strategy.yaml", "id: x\n")]).is_empty());
        assert!(r.state.files.is_empty());
    }
}
