//! The history walk: replays the commits of the current branch that changed the strategy
//! folder and turns each into semantic change events.
//!
//! Cheap by construction: a commit whose strategy subtree has the same id as its
//! parent's is skipped without reading anything; between two subtrees only the changed
//! sub-folders are descended into, walking both sorted entry lists side by side; each
//! blob is parsed once per run (cached by id); no file is ever checked out.

use crate::changes::{Change, ChangeKind, added, compare};
use crate::error::{Error, Result};
use crate::load::{Parsed, parse_commitment};
use crate::model::Commitment;
use crate::repo::{CommitInfo, Repo};
use crate::source::{MAX_FILE_BYTES, STRATEGY_FILE, WorkTree, is_yaml};
use git2::{ObjectType, Oid, Tree, TreeEntry};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One change, with the commit that made it (none for uncommitted edits).
#[derive(Debug, Clone)]
pub struct Event {
    /// The commit; `None` for a change only in the working tree.
    pub commit: Option<Arc<CommitInfo>>,
    /// What changed.
    pub change: Change,
}

/// The outcome of a walk.
#[derive(Debug, Default)]
pub struct Walk {
    /// Events, oldest first.
    pub events: Vec<Event>,
    /// Commits looked at.
    pub commits: usize,
    /// Set when the repository is a shallow clone: the oldest commit that could be read.
    pub shallow_boundary: Option<String>,
    /// The state at the end of the walk, by id: path and last good version.
    pub known: HashMap<String, (String, Arc<Commitment>)>,
    /// Every committed change of a commitment file, oldest first: its path and the commit
    /// (a change to comments or layout counts too, unlike for events).
    pub touches: Vec<(String, Arc<CommitInfo>)>,
}

/// A file's version in a tree: blob id and mode.
#[derive(Debug, Clone, Copy)]
struct Version {
    blob: Oid,
    mode: i32,
}

/// A file that differs between two trees.
#[derive(Debug)]
struct FileChange {
    path: String,
    /// The version after; `None` when the file was deleted.
    new: Option<Version>,
}

#[derive(Debug, Clone)]
struct Slot {
    /// The id of the commitment last known valid at this path.
    id: Option<String>,
}

/// The replay's state.
struct Replay<'r> {
    repo: &'r Repo,
    cache: HashMap<Oid, Arc<Parsed<Commitment>>>,
    files: HashMap<String, Slot>,
    known: HashMap<String, (String, Arc<Commitment>)>,
    broken: HashSet<String>,
    strategy_path: String,
}

/// Orders tree entries as git does: a folder's name sorts as if it ended with `/`.
fn git_order(a: &TreeEntry<'_>, b: &TreeEntry<'_>) -> Ordering {
    let key = |e: &TreeEntry<'_>, i: usize| -> Option<u8> {
        let name = e.name_bytes();
        match name.get(i) {
            Some(b) => Some(*b),
            None if i == name.len() && e.kind() == Some(ObjectType::Tree) => Some(b'/'),
            None => None,
        }
    };
    let mut i = 0;
    loop {
        match (key(a, i), key(b, i)) {
            (None, None) => return Ordering::Equal,
            (x, y) if x != y => return x.cmp(&y),
            _ => i += 1,
        }
    }
}

impl<'r> Replay<'r> {
    fn new(repo: &'r Repo) -> Self {
        Replay {
            repo,
            cache: HashMap::new(),
            files: HashMap::new(),
            known: HashMap::new(),
            broken: HashSet::new(),
            strategy_path: format!("{}/{STRATEGY_FILE}", repo.name),
        }
    }

    fn tree(&self, id: Oid) -> Result<Tree<'r>> {
        self.repo
            .git
            .find_tree(id)
            .map_err(|e| Error::git("cannot read a folder of the strategy", &e))
    }

    /// Lists the YAML files that differ between two versions of a folder.
    fn diff_trees(
        &self,
        old: Option<Oid>,
        new: Option<Oid>,
        prefix: &str,
        out: &mut Vec<FileChange>,
    ) -> Result<()> {
        if old == new {
            return Ok(());
        }
        let old_tree = old.map(|id| self.tree(id)).transpose()?;
        let new_tree = new.map(|id| self.tree(id)).transpose()?;
        let mut a = old_tree.iter().flat_map(|t| t.iter()).peekable();
        let mut b = new_tree.iter().flat_map(|t| t.iter()).peekable();
        loop {
            let order = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(x), Some(y)) => git_order(x, y),
            };
            let (x, y) = match order {
                Ordering::Less => (a.next(), None),
                Ordering::Greater => (None, b.next()),
                Ordering::Equal => (a.next(), b.next()),
            };
            if let (Some(x), Some(y)) = (&x, &y)
                && x.id() == y.id()
                && x.filemode() == y.filemode()
            {
                continue;
            }
            self.entry_change(x.as_ref(), y.as_ref(), prefix, out)?;
        }
        Ok(())
    }

    fn entry_change(
        &self,
        old: Option<&TreeEntry<'_>>,
        new: Option<&TreeEntry<'_>>,
        prefix: &str,
        out: &mut Vec<FileChange>,
    ) -> Result<()> {
        let Some(any) = new.or(old) else { return Ok(()) };
        let name = String::from_utf8_lossy(any.name_bytes());
        if name.starts_with('.') {
            return Ok(());
        }
        let path = format!("{prefix}/{name}");
        let as_tree =
            |e: Option<&TreeEntry<'_>>| e.filter(|e| e.kind() == Some(ObjectType::Tree)).map(|e| e.id());
        let as_file = |e: Option<&TreeEntry<'_>>| {
            e.filter(|e| e.kind() == Some(ObjectType::Blob) && is_yaml(&name))
                .map(|e| Version {
                    blob: e.id(),
                    mode: e.filemode(),
                })
        };
        let (old_tree, new_tree) = (as_tree(old), as_tree(new));
        if old_tree.is_some() || new_tree.is_some() {
            self.diff_trees(old_tree, new_tree, &path, out)?;
        }
        let (old_file, new_file) = (as_file(old), as_file(new));
        if old_file.is_some() || new_file.is_some() {
            out.push(FileChange { path, new: new_file });
        }
        Ok(())
    }

    fn parse(&mut self, path: &str, v: Version, bytes: Option<&[u8]>) -> Result<Arc<Parsed<Commitment>>> {
        if let Some(p) = self.cache.get(&v.blob) {
            return Ok(Arc::clone(p));
        }
        let parsed = if v.mode == 0o120000 {
            Parsed {
                value: None,
                findings: vec![crate::finding::Finding::error(
                    path,
                    crate::finding::Pos::START,
                    "symlink",
                    "the file is a symlink",
                )],
                id: None,
            }
        } else if let Some(bytes) = bytes {
            parse_commitment(path, bytes)
        } else {
            let blob = self
                .repo
                .git
                .find_blob(v.blob)
                .map_err(|e| Error::git(format!("cannot read {path}"), &e))?;
            if blob.size() as u64 > MAX_FILE_BYTES {
                Parsed {
                    value: None,
                    findings: vec![crate::source::too_big(path, blob.size() as u64)],
                    id: None,
                }
            } else {
                parse_commitment(path, blob.content())
            }
        };
        let parsed = Arc::new(parsed);
        self.cache.insert(v.blob, Arc::clone(&parsed));
        Ok(parsed)
    }

    /// Applies one commit's file changes to the state, returning its events.
    fn apply(
        &mut self,
        mut changes: Vec<FileChange>,
        worktree: Option<&HashMap<String, Arc<[u8]>>>,
    ) -> Result<Vec<Change>> {
        changes.retain(|c| c.path != self.strategy_path);
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        let mut out = Vec::new();
        let mut gone: Vec<(String, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        // Parse first, so that a copy can be told from a move by where each id ends up.
        let mut parsed_all = Vec::with_capacity(changes.len());
        for ch in changes {
            let parsed = match ch.new {
                Some(v) => {
                    let bytes = worktree.and_then(|w| w.get(&ch.path)).map(|b| &b[..]);
                    Some(self.parse(&ch.path, v, bytes)?)
                }
                None => None,
            };
            parsed_all.push((ch, parsed));
        }
        let ends_with: HashMap<String, Option<String>> = parsed_all
            .iter()
            .map(|(ch, p)| {
                let id = p
                    .as_ref()
                    .filter(|p| !p.has_errors())
                    .and_then(|p| p.value.as_ref())
                    .map(|c| c.id.clone());
                (ch.path.clone(), id)
            })
            .collect();
        for (ch, parsed) in parsed_all {
            let Some(parsed) = parsed else {
                if let Some(Slot { id: Some(id) }) = self.files.remove(&ch.path) {
                    gone.push((id, ch.path.clone()));
                }
                self.broken.remove(&ch.path);
                continue;
            };
            let previous = self.files.get(&ch.path).and_then(|s| s.id.clone());
            let commitment = match (&parsed.value, parsed.has_errors()) {
                (Some(c), false) => c,
                _ => {
                    if self.broken.insert(ch.path.clone()) {
                        let why = parsed
                            .findings
                            .iter()
                            .find(|f| f.is_error())
                            .map(|f| format!("{}:{}: {}", f.line, f.column, f.message));
                        out.push(
                            Change::file(previous.as_deref(), &ch.path, ChangeKind::Invalid)
                                .with_values(None, why),
                        );
                    }
                    self.files.insert(ch.path, Slot { id: previous });
                    continue;
                }
            };
            // The same id in a second file that stays: a copy, not a move.
            let duplicate_of = self
                .known
                .get(&commitment.id)
                .map(|(kpath, _)| kpath.clone())
                .filter(|kpath| {
                    let id_there = match ends_with.get(kpath) {
                        Some(id) => id.as_deref(),
                        None => self.files.get(kpath).and_then(|s| s.id.as_deref()),
                    };
                    *kpath != ch.path && id_there == Some(commitment.id.as_str())
                });
            if let Some(other) = duplicate_of {
                if self.broken.insert(ch.path.clone()) {
                    out.push(
                        Change::file(previous.as_deref(), &ch.path, ChangeKind::Invalid).with_values(
                            None,
                            Some(format!("the id `{}` is also used by {other}", commitment.id)),
                        ),
                    );
                }
                self.files.insert(ch.path, Slot { id: previous });
                continue;
            }
            let was_broken = self.broken.remove(&ch.path);
            if was_broken {
                out.push(Change::file(Some(&commitment.id), &ch.path, ChangeKind::Repaired));
            }
            if let Some(prev) = previous.filter(|p| *p != commitment.id) {
                gone.push((prev, ch.path.clone()));
            }
            match self.known.get(&commitment.id) {
                Some((kpath, kc)) => out.extend(compare(kc, kpath, commitment, &ch.path)),
                None => out.extend(added(commitment, &ch.path)),
            }
            seen.insert(commitment.id.clone());
            self.known.insert(
                commitment.id.clone(),
                (ch.path.clone(), Arc::new(commitment.clone())),
            );
            self.files.insert(
                ch.path,
                Slot {
                    id: Some(commitment.id.clone()),
                },
            );
        }
        for (id, path) in gone {
            if seen.contains(&id) {
                continue;
            }
            if self.known.get(&id).is_some_and(|(p, _)| *p == path) {
                self.known.remove(&id);
                out.push(Change::file(Some(&id), &path, ChangeKind::Removed));
            }
        }
        Ok(out)
    }
}

/// Walks the first-parent history of HEAD and returns every change event, oldest first.
///
/// The whole branch is replayed (a later filter picks the days to show), so that every
/// event is computed against the last good version of each file. With `worktree`,
/// uncommitted edits in the working tree come last, with no commit.
pub fn walk(repo: &Repo, worktree: Option<&WorkTree>) -> Result<Walk> {
    walk_with_progress(repo, worktree, &mut |_, _| {})
}

/// [`walk`], calling `progress(done, total)` as the commits are replayed.
pub fn walk_with_progress(
    repo: &Repo,
    worktree: Option<&WorkTree>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Walk> {
    let mut walk = Walk::default();
    let mut replay = Replay::new(repo);
    let mut last_tree: Option<Oid> = None;
    if let Some(head) = repo.head()? {
        let shallow = repo.shallow_roots();
        // Newest first: commit ids and their strategy subtree.
        let mut chain: Vec<(Oid, Option<Oid>)> = Vec::new();
        let mut baseline: Option<Option<Oid>> = None;
        let mut commit = head;
        loop {
            walk.commits += 1;
            let tree = repo.strategy_tree(&commit)?;
            chain.push((commit.id(), tree));
            // In a shallow clone the boundary commit's parents are not here: its tree is
            // where the known history starts, not a commit that added everything.
            let boundary = shallow.contains(&commit.id());
            if commit.parent_count() == 0 && !boundary {
                break;
            }
            match commit.parent(0) {
                Ok(p) if !boundary => commit = p,
                _ => {
                    walk.shallow_boundary = Some(commit.id().to_string());
                    if let Some((_, tree)) = chain.pop() {
                        baseline = Some(tree);
                    }
                    break;
                }
            }
        }
        if let Some(tree) = baseline.flatten() {
            let mut changes = Vec::new();
            replay.diff_trees(None, Some(tree), &repo.name, &mut changes)?;
            replay.apply(changes, None)?;
            last_tree = Some(tree);
        }
        let total = chain.len();
        for (done, (id, tree)) in chain.into_iter().rev().enumerate() {
            progress(done, total);
            if tree == last_tree {
                continue;
            }
            let mut changes = Vec::new();
            replay.diff_trees(last_tree, tree, &repo.name, &mut changes)?;
            last_tree = tree;
            let touched: Vec<String> = changes
                .iter()
                .filter(|c| c.new.is_some() && c.path != replay.strategy_path)
                .map(|c| c.path.clone())
                .collect();
            let events = replay.apply(changes, None)?;
            if events.is_empty() && touched.is_empty() {
                continue;
            }
            let info = Arc::new(CommitInfo::from_commit(&repo.commit(&id.to_string())?));
            walk.touches
                .extend(touched.into_iter().map(|path| (path, Arc::clone(&info))));
            walk.events.extend(events.into_iter().map(|change| Event {
                commit: Some(Arc::clone(&info)),
                change,
            }));
        }
    }
    progress(walk.commits, walk.commits);
    if let Some(wt) = worktree {
        let events = worktree_changes(&mut replay, wt, last_tree)?;
        walk.events
            .extend(events.into_iter().map(|change| Event { commit: None, change }));
    }
    walk.known = replay.known;
    Ok(walk)
}

/// The changes from the last commit's files to the files on disk.
fn worktree_changes(replay: &mut Replay<'_>, wt: &WorkTree, last_tree: Option<Oid>) -> Result<Vec<Change>> {
    let mut committed: Vec<FileChange> = Vec::new();
    replay.diff_trees(None, last_tree, &replay.repo.name, &mut committed)?;
    let committed: HashMap<String, Version> = committed
        .into_iter()
        .filter_map(|c| Some((c.path, c.new?)))
        .collect();
    let mut bytes: HashMap<String, Arc<[u8]>> = HashMap::new();
    let mut changes = Vec::new();
    for file in wt.files()? {
        let version = match &file.content {
            crate::source::Content::Bytes { data, .. } => {
                let blob = Oid::hash_object(ObjectType::Blob, data)
                    .map_err(|e| Error::git("cannot hash a file", &e))?;
                bytes.insert(file.path.clone(), Arc::clone(data));
                Version { blob, mode: 0o100644 }
            }
            // Unreadable now: an invalid version, distinct from every blob.
            crate::source::Content::Refused(_) => {
                bytes.insert(file.path.clone(), Arc::from(&b""[..]));
                Version {
                    blob: Oid::hash_object(ObjectType::Blob, b"")
                        .map_err(|e| Error::git("cannot hash a file", &e))?,
                    mode: 0o100644,
                }
            }
        };
        let old = committed.get(&file.path).copied();
        if old.is_some_and(|o| o.blob == version.blob) {
            continue;
        }
        changes.push(FileChange {
            path: file.path,
            new: Some(version),
        });
    }
    let on_disk: HashSet<&String> = bytes.keys().collect();
    for path in committed.keys() {
        if !on_disk.contains(path) {
            changes.push(FileChange {
                path: path.clone(),
                new: None,
            });
        }
    }
    replay.apply(changes, Some(&bytes))
}
