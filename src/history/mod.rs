//! The history walk: replays the commits of the current branch that changed the strategy
//! folder and turns each into semantic change events.
//!
//! Cheap by construction: a commit whose strategy subtree has the same id as its
//! parent's is skipped without reading anything; between two subtrees only changed
//! sub-folders are read ([`trees`]); trees and blobs are read on a second thread while
//! the main thread parses and compares ([`replay`]); no file is ever checked out. The events of
//! every commit are kept in a cache under `.git/` ([`cache`]), so the next report only
//! replays the commits made since.

mod cache;
mod replay;
mod side;
mod trees;

pub use side::with_side_branches;

use crate::changes::Change;
use crate::error::{Error, Result};
use crate::model::Commitment;
use crate::repo::{CommitInfo, Repo};
use crate::source::{Content, WorkTree};
use git2::{ObjectType, Oid, Repository};
use replay::{ParsedFile, Parser, Replay, State};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};
use trees::{FileChange, Now, Version};

/// One change, with the commit that made it (none for uncommitted edits).
#[derive(Debug, Clone)]
pub struct Event {
    /// The commit; `None` for a change only in the working tree.
    pub commit: Option<Arc<CommitInfo>>,
    /// What changed.
    pub change: Change,
    /// Whether the commit is on a side branch that a merge brought in (only with
    /// `--all-parents`; the merge's own events show the same change again).
    pub side_branch: bool,
}

/// The outcome of a walk.
#[derive(Debug, Default)]
pub struct Walk {
    /// Events, oldest first.
    pub events: Vec<Event>,
    /// Commits read from the repository (not counting those the cache answered for).
    pub commits: usize,
    /// Whether a cache of an earlier walk was used.
    pub from_cache: bool,
    /// Set when the repository is a shallow clone: the oldest commit that could be read.
    pub shallow_boundary: Option<String>,
    /// The state at the end of the walk, by id: path and last good version.
    pub known: HashMap<String, (String, Commitment)>,
    /// Every committed change of a commitment file, oldest first: its path and the commit
    /// (a change to comments or layout counts too, unlike for events).
    pub touches: Vec<(String, Arc<CommitInfo>)>,
}

/// One commit's record: its events and the commitment files it changed.
struct Recorded {
    info: Arc<CommitInfo>,
    changes: Vec<Change>,
    touched: Vec<String>,
}

/// One commit's changed files, read on the reading thread.
struct Batch {
    /// Its place in the chain, for progress.
    index: usize,
    info: CommitInfo,
    files: Vec<FileChange>,
}

/// Where the replay starts.
enum Start {
    /// Before the first commit: nothing is known.
    Empty,
    /// The tree of a shallow clone's boundary commit.
    Tree(Option<Oid>),
    /// A cached walk.
    Cache(Box<cache::Cache>),
}

/// Walks the first-parent history of HEAD and returns every change event, oldest first.
///
/// The whole branch is replayed (filters pick the days to show afterwards), so that
/// every event is computed against the last good version of each file. With `worktree`,
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
    let mut replay = Replay::new(&repo.name, State::default());
    let mut last_tree: Option<Oid> = None;
    let mut committed: Vec<Recorded> = Vec::new();
    if let Some(head) = repo.head()? {
        let shallow = repo.shallow_roots();
        let use_cache = shallow.is_empty() && !cache::disabled();
        let mut cached = if use_cache { cache::load(repo) } else { None };
        // Newest first: commit ids and their strategy subtree, back to the cache's tip.
        let mut chain: Vec<(Oid, Option<Oid>)> = Vec::new();
        let mut start = Start::Empty;
        let head_id = head.id();
        let head_tree = repo.strategy_tree_at(&head, &repo.rel)?;
        let mut commit = head;
        // Where the strategy folder is in the commit being read; it changes, going back,
        // at a commit that renamed it.
        let mut rel = repo.rel.clone();
        let mut had_tree = false;
        loop {
            if let Some(c) = cached.take_if(|c| c.tip == commit.id().to_string()) {
                start = Start::Cache(Box::new(c));
                break;
            }
            walk.commits += 1;
            let mut tree = repo.strategy_tree_at(&commit, &rel)?;
            if tree.is_none()
                && had_tree
                && let Some(earlier) = repo.renamed_folder(&commit)?
            {
                rel = earlier;
                tree = repo.strategy_tree_at(&commit, &rel)?;
            }
            had_tree = tree.is_some();
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
                        walk.commits -= 1;
                        start = Start::Tree(tree);
                    }
                    break;
                }
            }
        }
        match start {
            Start::Empty => {}
            Start::Tree(tree) => {
                let mut parser = Parser::default();
                let files = read_all(&repo.git, None, tree, &repo.name)?;
                replay.apply(files.into_iter().map(|f| parser.file(f)).collect());
                last_tree = tree;
            }
            Start::Cache(c) => {
                walk.from_cache = true;
                last_tree = c.tip_tree.as_deref().and_then(|t| Oid::from_str(t).ok());
                replay = Replay::new(&repo.name, c.state);
                committed = c
                    .commits
                    .into_iter()
                    .map(|cc| Recorded {
                        info: Arc::new(cc.info),
                        changes: cc.changes,
                        touched: cc.touched,
                    })
                    .collect();
            }
        }
        let new_commits = !chain.is_empty();
        if new_commits {
            chain.reverse();
            replay_chain(repo, &mut replay, last_tree, chain, &mut committed, progress)?;
            last_tree = head_tree;
        }
        if use_cache && new_commits {
            let commits: Vec<cache::CommitRef<'_>> = committed
                .iter()
                .map(|r| cache::CommitRef {
                    info: &r.info,
                    changes: &r.changes,
                    touched: &r.touched,
                })
                .collect();
            let tip_tree = head_tree.map(|t| t.to_string());
            cache::save(
                repo,
                &head_id.to_string(),
                tip_tree.as_deref(),
                &commits,
                &replay.state,
            );
        }
    }
    for r in committed {
        walk.touches
            .extend(r.touched.into_iter().map(|path| (path, Arc::clone(&r.info))));
        walk.events.extend(r.changes.into_iter().map(|change| Event {
            commit: Some(Arc::clone(&r.info)),
            change,
            side_branch: false,
        }));
    }
    if let Some(wt) = worktree {
        let mut parser = Parser::default();
        let files = worktree_changes(&repo.git, wt, last_tree, &repo.name)?;
        let events = replay.apply(files.into_iter().map(|f| parser.file(f)).collect());
        walk.events.extend(events.into_iter().map(|change| Event {
            commit: None,
            change,
            side_branch: false,
        }));
    }
    walk.known = replay.state.known;
    Ok(walk)
}

/// Replays `chain` (oldest first): a second thread reads trees and blobs, this one
/// parses them, compares versions and records events.
fn replay_chain(
    repo: &Repo,
    replay: &mut Replay,
    start: Option<Oid>,
    chain: Vec<(Oid, Option<Oid>)>,
    committed: &mut Vec<Recorded>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let git_dir = repo.git.path().to_path_buf();
    let name = repo.name.clone();
    let strategy_path = format!("{name}/{}", crate::source::STRATEGY_FILE);
    let total = chain.len();
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Result<Batch>>(64);
        scope.spawn(move || read_chain(&git_dir, &name, start, chain, tx));
        // Reading trees and blobs (there) and parsing (here) take about as long as each
        // other, so the two cores share the walk evenly.
        let mut parser = Parser::default();
        for batch in rx {
            let batch = batch?;
            progress(batch.index, total);
            let files: Vec<ParsedFile> = batch.files.into_iter().map(|f| parser.file(f)).collect();
            let touched: Vec<String> = files
                .iter()
                .filter(|(path, parsed)| parsed.is_some() && *path != strategy_path)
                .map(|(path, _)| path.clone())
                .collect();
            let changes = replay.apply(files);
            if !changes.is_empty() || !touched.is_empty() {
                committed.push(Recorded {
                    info: Arc::new(batch.info),
                    changes,
                    touched,
                });
            }
        }
        progress(total, total);
        Ok(())
    })
}

/// The reading thread: for each commit whose strategy tree changed, its changed files.
fn read_chain(
    git_dir: &std::path::Path,
    name: &str,
    mut last: Option<Oid>,
    chain: Vec<(Oid, Option<Oid>)>,
    tx: SyncSender<Result<Batch>>,
) {
    let git = match Repository::open(git_dir) {
        Ok(g) => g,
        Err(e) => {
            let _ = tx.send(Err(Error::git("cannot open the repository", &e)));
            return;
        }
    };
    for (index, (id, tree)) in chain.into_iter().enumerate() {
        if tree == last {
            continue;
        }
        let batch = read_all(&git, last, tree, name).and_then(|files| {
            let commit = git
                .find_commit(id)
                .map_err(|e| Error::git(format!("cannot read commit {id}"), &e))?;
            Ok(Batch {
                index,
                info: CommitInfo::from_commit(&commit),
                files,
            })
        });
        last = tree;
        let failed = batch.is_err();
        // The receiver is gone when the main thread stopped on an error: stop too.
        if tx.send(batch).is_err() || failed {
            return;
        }
    }
}

/// Every YAML file that differs between two trees, with its content.
fn read_all(git: &Repository, old: Option<Oid>, new: Option<Oid>, name: &str) -> Result<Vec<FileChange>> {
    let mut list = Vec::new();
    trees::diff(git, old, new, name, &mut list)?;
    list.into_iter()
        .map(|(path, v)| trees::read(git, path, v))
        .collect()
}

/// The changes from the last commit's files to the files on disk.
fn worktree_changes(
    git: &Repository,
    wt: &WorkTree,
    last_tree: Option<Oid>,
    name: &str,
) -> Result<Vec<FileChange>> {
    let mut listed = Vec::new();
    trees::diff(git, None, last_tree, name, &mut listed)?;
    let committed: HashMap<String, Version> = listed.into_iter().filter_map(|(p, v)| Some((p, v?))).collect();
    let hash = |data: &[u8]| {
        Oid::hash_object(ObjectType::Blob, data).map_err(|e| Error::git("cannot hash a file", &e))
    };
    let mut on_disk = HashSet::new();
    let mut changes = Vec::new();
    for file in wt.files()? {
        on_disk.insert(file.path.clone());
        let now = match file.content {
            Content::Bytes { data, .. } => Now::Bytes(
                Version {
                    blob: hash(&data)?,
                    mode: 0o100644,
                },
                data,
            ),
            Content::Refused(f) => Now::Refused(
                Version {
                    blob: hash(f.message.as_bytes())?,
                    mode: 0o100644,
                },
                Arc::new(*f),
            ),
        };
        let unchanged = match (&now, committed.get(&file.path)) {
            (Now::Bytes(v, _), Some(c)) => v.blob == c.blob && c.mode != 0o120000,
            _ => false,
        };
        if !unchanged {
            changes.push(FileChange { path: file.path, now });
        }
    }
    for path in committed.keys().filter(|p| !on_disk.contains(*p)) {
        changes.push(FileChange {
            path: path.clone(),
            now: Now::Gone,
        });
    }
    Ok(changes)
}
