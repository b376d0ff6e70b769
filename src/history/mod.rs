//! The history walk: replays the commits of the current branch that changed the strategy
//! folder and turns each into semantic change events.
//!
//! Cheap by construction: a commit whose strategy subtree has the same id as its
//! parent's is skipped without reading anything; between two subtrees only changed
//! sub-folders are read ([`trees`]); trees and blobs are read on a second thread while
//! the main thread parses and compares ([`replay`]), and the reading thread parses too
//! when the main one falls behind; no file is ever checked out. The events of
//! every commit are kept in a cache under `.git/` ([`cache`]), so the next report only
//! replays the commits made since.

mod cache;
mod reading;
pub(crate) mod replay;
mod seen;
mod side;
mod stream;
mod worktree;

pub use side::with_side_branches;
pub use stream::{Events, Streamed, walk_streamed};
use stream::{Keep, Sink};

use crate::compare::{Change, Located};
use crate::error::Result;
use crate::git::walk::{Boundary, Chain, Link, Malformed, Start};
use crate::git::{CommitInfo, ObjectId, Repo};
use crate::source::WorkTree;
use reading::{Batch, Files, ToReader};
use replay::{Known, ParsedFile, Parser, Replay};
use seen::Seen;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use worktree::worktree_files;

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
    /// The number of commits on HEAD's first-parent line, as far back as it could be
    /// read (the cache's and the new ones).
    pub length: usize,
    /// Whether a cache of an earlier walk was used.
    pub from_cache: bool,
    /// Set when the history could be read no further back than a commit (a shallow or
    /// partial clone, a missing or unreadable commit): that commit, and why.
    pub boundary: Option<Boundary>,
    /// Commits that had to be read leniently (such as an author line without email).
    pub malformed: Vec<Malformed>,
    /// The state at the end of the walk, by id: path and last good version (possibly
    /// empty for a walk asked for [`Versions::Unneeded`]).
    pub known: HashMap<String, Located>,
    /// The commitments removed by the end of the walk, by id: path and last good version
    /// (possibly empty as `known` is).
    pub retired: HashMap<String, Located>,
    /// Every committed change of a commitment file, oldest first (a change to comments
    /// or layout counts too, unlike for events).
    pub touches: Vec<Touch>,
}

impl Walk {
    /// A commitment as last recorded: as it is at the end of the walk, or as it was when
    /// it was removed.
    pub fn last_version(&self, id: &str) -> Option<&crate::model::Commitment> {
        self.known
            .get(id)
            .or_else(|| self.retired.get(id))
            .map(|l| &l.commitment)
    }
}

/// A commit that changed a commitment file.
#[derive(Debug, Clone)]
pub struct Touch {
    /// The file's displayed path.
    pub path: String,
    /// The commit.
    pub commit: Arc<CommitInfo>,
}

/// One commit's record: its events and the commitment files it changed.
struct Recorded {
    info: Arc<CommitInfo>,
    changes: Vec<Change>,
    touched: Vec<String>,
}

impl Recorded {
    /// Its change events.
    fn events(self) -> impl Iterator<Item = Event> {
        let info = self.info;
        self.changes.into_iter().map(move |change| Event {
            commit: Some(Arc::clone(&info)),
            change,
            side_branch: false,
        })
    }
}

impl From<cache::CommitEvents> for Recorded {
    fn from(c: cache::CommitEvents) -> Self {
        Recorded {
            info: Arc::new(c.info),
            changes: c.changes,
            touched: Vec::new(),
        }
    }
}

impl From<cache::CachedCommit> for Recorded {
    fn from(cc: cache::CachedCommit) -> Self {
        Recorded {
            info: Arc::new(cc.info),
            changes: cc.changes,
            touched: cc.touched,
        }
    }
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
    let (mut committed, uncommitted) = walk_kept(repo, worktree, Keep::Memory, Versions::Needed, progress)?;
    let kept = std::mem::take(&mut committed.sink.kept);
    let mut walk = committed.walk;
    walk.events
        .reserve(kept.iter().map(|r| r.changes.len()).sum::<usize>() + uncommitted.len());
    walk.touches.reserve(kept.iter().map(|r| r.touched.len()).sum());
    for mut r in kept {
        walk.touches
            .extend(std::mem::take(&mut r.touched).into_iter().map(|path| Touch {
                path,
                commit: Arc::clone(&r.info),
            }));
        walk.events.extend(r.events());
    }
    walk.events.extend(uncommitted);
    Ok(walk)
}

/// Whether the caller of a walk needs the last version of each commitment
/// ([`Walk::known`], [`Walk::retired`]), which a cache holds encoded: without them, a
/// walk that the cache answers whole does not decode them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    /// Needed: the walk's `known` and `retired` are filled.
    Needed,
    /// Not needed: they may be left empty.
    Unneeded,
}

/// The walk, its records kept as `keep` says, and the working tree's changes last.
fn walk_kept(
    repo: &Repo,
    worktree: Option<&WorkTree>,
    keep: Keep,
    versions: Versions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Committed, Vec<Event>)> {
    std::thread::scope(|scope| {
        // The working tree's files are read and hashed beside the walk (while the chain
        // is read, the second core has nothing else to do).
        let on_disk = worktree.map(|wt| {
            let git_dir = repo.git_dir().to_path_buf();
            // The tree the list of files seen was found equal to, told as soon as the
            // list is read.
            let (tell, told) = std::sync::mpsc::channel();
            let reading = scope.spawn(move || {
                let seen = Seen::load(&git_dir, &wt.dir);
                let _ = tell.send(seen.tree());
                worktree_files(wt, seen)
            });
            (wt, told, reading)
        });
        let mut committed = walk_commits(repo, keep, progress)?;
        let edits = match on_disk {
            Some((wt, told, reading)) => {
                let tree = committed.last_tree;
                // HEAD's versions are read while the files still are, unless the list
                // says the files are HEAD's tree's (see `worktree::changes`).
                let listed_equal = tree.is_some() && told.recv().ok().flatten() == tree;
                let head = if listed_equal {
                    None
                } else {
                    Some(repo.versions("HEAD", tree)?)
                };
                let found = reading.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
                worktree::changes(wt, repo, tree, head, found)?
            }
            None => Vec::new(),
        };
        if (versions == Versions::Needed || !edits.is_empty()) && !committed.decode_state(repo) {
            // The cached state did not decode: the cache is gone, and, as for records
            // that do not decode, the walk starts over (HEAD, and so the edits against
            // its tree, are the same).
            committed =
                walk_commits_from(repo, keep, progress, false)?.ok_or_else(|| unreadable_cache(repo))?;
        }
        let mut uncommitted = Vec::new();
        if !edits.is_empty() {
            let mut parser = Parser::default();
            let events = committed
                .replay
                .apply(edits.into_iter().map(|f| parser.file(f)).collect());
            uncommitted.extend(events.into_iter().map(|change| Event {
                commit: None,
                change,
                side_branch: false,
            }));
        }
        let state = std::mem::take(&mut committed.replay.state);
        committed.walk.known = state.known;
        committed.walk.retired = state.retired;
        Ok((committed, uncommitted))
    })
}

/// The committed part of a walk: the walk so far, the replay at HEAD, HEAD's strategy
/// tree, and where the records went.
struct Committed {
    walk: Walk,
    replay: Replay,
    last_tree: Option<ObjectId>,
    /// The cache the walk started from, when its records were left on disk.
    cached: Option<cache::Loaded>,
    sink: Sink,
    /// The replay's state at HEAD as the cache holds it, when no new commit needed it
    /// decoded (see [`Committed::decode_state`]).
    encoded: Option<Vec<u8>>,
}

impl Committed {
    /// Decodes the replay's state at HEAD from the cache if it is still encoded; false
    /// when it does not decode (a fault of this program, as the file passed its
    /// checksum), after deleting the cache.
    fn decode_state(&mut self, repo: &Repo) -> bool {
        let Some(bytes) = self.encoded.take() else {
            return true;
        };
        match cache::decode_state(&bytes) {
            Ok(state) => {
                self.replay.state = state;
                true
            }
            Err(_) => {
                cache::forget(repo);
                false
            }
        }
    }
}

fn walk_commits(repo: &Repo, keep: Keep, progress: &mut dyn FnMut(usize, usize)) -> Result<Committed> {
    match walk_commits_from(repo, keep, progress, true)? {
        Some(committed) => Ok(committed),
        // The cache's records did not decode: it is gone, and the walk starts over.
        None => walk_commits_from(repo, keep, progress, false)?.ok_or_else(|| unreadable_cache(repo)),
    }
}

/// [`walk_commits`], from the cache if `with_cache` and there is a usable one; `None`
/// when the cache's records did not decode (it is then deleted).
fn walk_commits_from(
    repo: &Repo,
    keep: Keep,
    progress: &mut dyn FnMut(usize, usize),
    with_cache: bool,
) -> Result<Option<Committed>> {
    let mut walk = Walk::default();
    let mut replay = Replay::new(repo.name(), Known::default());
    let mut last_tree: Option<ObjectId> = None;
    let mut sink = Sink::new(keep);
    let mut left_on_disk = None;
    let mut encoded = None;
    // A walk from another tip than HEAD (a roll-up source's `rev`) neither reads nor
    // replaces HEAD's cache.
    let use_cache = !repo.is_shallow() && !cache::disabled() && !repo.at_revision();
    let cached = if use_cache && with_cache {
        cache::load(repo)
    } else {
        None
    };
    // The reading thread compares trees while this one reads the chain, then reads each
    // commit's changed files while this one parses and replays them.
    let source = repo.reader_source();
    let chain_done = AtomicBool::new(false);
    let waiting = AtomicUsize::new(0);
    std::thread::scope(|scope| -> Result<Option<Committed>> {
        let (to_reader, from_main) = std::sync::mpsc::channel::<ToReader>();
        let (tx, batches) = sync_channel::<Result<Vec<Batch>>>(8);
        let (done, waiting) = (&chain_done, &waiting);
        let source = &source;
        let reader = scope.spawn(move || reading::read_line(source, from_main, done, tx, waiting));
        // Links go to the reading thread a few dozen at a time: one message each woke
        // it once per commit, a twentieth of a cold walk's time in the kernel.
        let mut links_read = Vec::with_capacity(reading::LINKS_A_MESSAGE);
        let chain = repo.chain_with(
            cached.as_ref().map(|c| c.tail.tip.as_str()),
            &mut |commit, tree| {
                links_read.push((commit, tree));
                if links_read.len() == reading::LINKS_A_MESSAGE {
                    let links =
                        std::mem::replace(&mut links_read, Vec::with_capacity(reading::LINKS_A_MESSAGE));
                    let _ = to_reader.send(ToReader::Links(links));
                }
            },
        );
        if !links_read.is_empty() {
            let _ = to_reader.send(ToReader::Links(links_read));
        }
        done.store(true, Ordering::Relaxed);
        if let Some(Chain {
            head,
            head_tree,
            links,
            start,
            malformed,
        }) = chain?
        {
            walk.commits = links.len();
            walk.length = links.len();
            walk.malformed = malformed;
            let cached_tip = cached.as_ref().and_then(|c| c.tail.tip.parse().ok());
            // The line read for the walk also answers dates (`status --at`): from the root,
            // or on top of the cached tip, whose line the index may already hold; a line
            // found cut may be shorter than the index.
            if use_cache {
                let newest_first =
                    || -> Vec<(ObjectId, i64)> { links.iter().rev().map(|l| (l.commit, l.time)).collect() };
                match &start {
                    Start::Root => repo.note_line(&newest_first(), None),
                    Start::Cached => {
                        if let Some(tip) = cached_tip {
                            repo.note_line(&newest_first(), Some(tip));
                        }
                    }
                    Start::Cut { .. } => repo.forget_line(),
                }
            }
            let new_commits = !links.is_empty();
            if new_commits {
                sink.open(use_cache.then_some(repo));
            }
            match start {
                Start::Root => {}
                Start::Cut { boundary, tree } => {
                    // The boundary commit is on the line too, though not replayed.
                    walk.length += 1;
                    let mut parser = Parser::default();
                    let files = repo.changes(&boundary.commit, None, tree)?;
                    walk.boundary = Some(boundary);
                    replay.apply(files.into_iter().map(|f| parser.file(f)).collect());
                    last_tree = tree;
                }
                Start::Cached => {
                    if let Some(mut c) = cached {
                        walk.from_cache = true;
                        walk.length += c.tail.length;
                        walk.boundary = c.tail.boundary.take();
                        walk.malformed.extend(std::mem::take(&mut c.tail.malformed));
                        last_tree = c.tail.tip_tree.as_deref().and_then(|t| t.parse().ok());
                        // Decoded now for the new commits' replay, else only if needed.
                        if new_commits {
                            let Ok(state) = cache::decode_state(c.state_bytes()) else {
                                cache::forget(repo);
                                return Ok(None);
                            };
                            replay = Replay::new(repo.name(), state);
                        } else {
                            encoded = Some(c.state_bytes().to_vec());
                        }
                        sink.extend_cache(&c);
                        if keep == Keep::Memory {
                            let Ok(records) = c.all_records() else {
                                cache::forget(repo);
                                return Ok(None);
                            };
                            sink.kept = records.into_iter().map(Recorded::from).collect();
                        } else {
                            left_on_disk = Some(c);
                        }
                    }
                }
            }
            if new_commits {
                let line = Line {
                    to_reader,
                    batches,
                    waiting,
                    reader,
                };
                replay_chain(repo, &mut replay, last_tree, links, line, &mut sink, progress)?;
                last_tree = head_tree;
                let tip_tree = head_tree.map(|t| t.to_string());
                sink.finish(&cache::TailRef {
                    tip: &head.to_string(),
                    tip_tree: tip_tree.as_deref(),
                    state: &replay.state,
                    boundary: walk.boundary.as_ref(),
                    malformed: &walk.malformed,
                    length: walk.length,
                });
            }
        }
        Ok(Some(Committed {
            walk,
            replay,
            last_tree,
            cached: left_on_disk,
            sink,
            encoded,
        }))
    })
}

/// The main thread's ends of the reading thread's channels.
struct Line<'a, 'scope> {
    to_reader: std::sync::mpsc::Sender<ToReader>,
    batches: std::sync::mpsc::Receiver<Result<Vec<Batch>>>,
    waiting: &'a AtomicUsize,
    /// The reading thread, joined before the replay counts as whole: a thread that
    /// panicked ends its channel as if it were done, and a cache of the commits it got to
    /// would then pass for the whole history.
    reader: std::thread::ScopedJoinHandle<'scope, ()>,
}

/// A walk without the cache that still found one to read: not expected.
fn unreadable_cache(repo: &Repo) -> crate::error::Error {
    crate::error::Error::io(
        "read the history cache in",
        repo.git_dir().join("tracker"),
        std::io::Error::other("its records do not decode"),
    )
}

/// Replays `links` (oldest first): the reading thread reads trees and blobs, this one
/// parses them, compares versions and records events.
fn replay_chain(
    repo: &Repo,
    replay: &mut Replay,
    start: Option<ObjectId>,
    links: Vec<Link>,
    line: Line<'_, '_>,
    sink: &mut Sink,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let strategy_path = crate::source::display_path(repo.name(), crate::source::STRATEGY_FILE);
    let total = links.len();
    // Reading trees and blobs takes about two thirds of what parsing and replaying
    // take, so the reading thread also parses whenever this one falls behind: the two
    // cores share the walk. (A third thread for parsing alone measured no faster on two
    // cores.)
    let Line {
        to_reader,
        batches,
        waiting,
        reader,
    } = line;
    // A send fails only when the reading thread is gone: joined below.
    let _ = to_reader.send(ToReader::Replay { start, links });
    drop(to_reader);
    let mut parser = Parser::default();
    for group in &batches {
        waiting.fetch_sub(1, Ordering::Relaxed);
        for batch in group? {
            progress(batch.index, total);
            let files: Vec<ParsedFile> = match batch.files {
                Files::Read(files) => files.into_iter().map(|f| parser.file(f)).collect(),
                Files::Parsed(files) => files,
            };
            let touched: Vec<String> = files
                .iter()
                .filter(|(path, parsed)| parsed.is_some() && *path != strategy_path)
                .map(|(path, _)| path.clone())
                .collect();
            let changes = replay.apply(files);
            if !changes.is_empty() || !touched.is_empty() {
                sink.push(Recorded {
                    info: batch.info,
                    changes,
                    touched,
                });
            }
        }
    }
    drop(batches);
    if let Err(panic) = reader.join() {
        std::panic::resume_unwind(panic);
    }
    progress(total, total);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    /// A reading thread that panics ends its channel as a finished one would: the replay
    /// must not return as if the history were whole (its cache would then be written
    /// with part of it), but pass the panic on.
    #[test]
    fn a_reading_thread_that_panics_is_not_taken_for_the_end_of_the_history() {
        let dir = tempfile::tempdir().expect("tempdir");
        git2::Repository::init(dir.path()).expect("a repository");
        std::fs::create_dir(dir.path().join("strategy")).expect("a folder");
        std::fs::write(dir.path().join("strategy/strategy.yaml"), "title: T\n").expect("written");
        let wt = WorkTree::discover(dir.path(), None).expect("the strategy");
        let repo = Repo::open(&wt).expect("opened");
        let waiting = AtomicUsize::new(0);
        let returned = AtomicBool::new(false);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::thread::scope(|scope| {
                let (to_reader, from_main) = std::sync::mpsc::channel::<ToReader>();
                let (tx, batches) = sync_channel::<Result<Vec<Batch>>>(1);
                let reader = scope.spawn(move || {
                    let _ends = (from_main, tx);
                    panic!("a reading thread that fails");
                });
                let line = Line {
                    to_reader,
                    batches,
                    waiting: &waiting,
                    reader,
                };
                let mut replay = Replay::new(repo.name(), Known::default());
                let mut sink = Sink::new(Keep::Memory);
                let _ = replay_chain(
                    &repo,
                    &mut replay,
                    None,
                    Vec::new(),
                    line,
                    &mut sink,
                    &mut |_, _| {},
                );
                returned.store(true, Ordering::Relaxed);
            });
        }));
        assert!(outcome.is_err(), "the panic is passed on");
        assert!(
            !returned.load(Ordering::Relaxed),
            "the replay did not end as if whole"
        );
    }
}
