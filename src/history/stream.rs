//! Where a walk's records go as it makes them, and a walk whose events are read back
//! one commit at a time instead of held in memory.
//!
//! Every report but `history` needs all of a walk's events at once, and keeps them in
//! memory ([`Keep::Memory`]). `history` only prints them, in order, so its walk leaves
//! them on disk ([`Keep::Disk`]): in the cache it writes anyway, or, with no cache, in
//! an unnamed temporary file. Its memory is then the replay's state, which grows with
//! the number of commitments, not of commits.

use super::cache::{CommitEvents, CommitRef, Loaded, Spill, TailRef, Writer, path as cache_path};
use super::{Event, Recorded, Versions, Walk, walk_kept};
use crate::error::Result;
use crate::git::Repo;
use crate::source::WorkTree;

/// How a walk keeps the records of the commits it replays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// In memory, every record (the cached ones too).
    Memory,
    /// On disk, the new records, to be read back; the cached ones stay in the cache.
    Disk,
}

/// Where a walk's records go as they are made.
pub(super) struct Sink {
    keep: Keep,
    /// Every record when kept in memory; on disk, those there was no file for.
    pub(super) kept: Vec<Recorded>,
    writer: Option<Writer>,
    /// Whether `writer` writes the cache (else records alone, to be read back).
    caching: bool,
    /// The records written, to be read back ([`Keep::Disk`]).
    spill: Option<Spill>,
    /// Set when records left on disk could not all be written: the walk is to be made
    /// again in memory.
    failed: bool,
}

impl Sink {
    pub(super) fn new(keep: Keep) -> Sink {
        Sink {
            keep,
            kept: Vec::new(),
            writer: None,
            caching: false,
            spill: None,
            failed: false,
        }
    }

    /// Opens where the new records are written: the cache of `repo` when it may be
    /// written, else, for records left on disk, an unnamed temporary file. When neither
    /// can be made, the records are kept in memory.
    pub(super) fn open(&mut self, cache_of: Option<&Repo>) {
        self.writer = cache_of.and_then(|repo| Writer::cache(repo).ok());
        self.caching = self.writer.is_some();
        if self.writer.is_none() && self.keep == Keep::Disk {
            self.writer = Writer::spill().ok();
        }
    }

    /// Starts the new cache with the records of the cache `c` the walk extends, copied as
    /// they are.
    pub(super) fn extend_cache(&mut self, c: &Loaded) {
        if self.caching
            && let Some(w) = &mut self.writer
            && w.copy(c.raw_records()).is_err()
        {
            self.lost();
        }
    }

    /// Records one commit.
    pub(super) fn push(&mut self, r: Recorded) {
        if let Some(w) = &mut self.writer {
            let written = w.record(&CommitRef {
                info: &r.info,
                changes: &r.changes,
                touched: &r.touched,
            });
            if written.is_err() {
                self.lost();
            }
        }
        if self.keep == Keep::Memory || self.writer.is_none() {
            self.kept.push(r);
        }
    }

    /// Ends the records: a cache gets its tail and is put in place; records left on
    /// disk are opened to be read back.
    pub(super) fn finish(&mut self, tail: &TailRef<'_>) {
        let Some(w) = self.writer.take() else { return };
        match w.finish(self.caching.then_some(tail)) {
            Ok(spill) if self.keep == Keep::Disk => self.spill = Some(spill),
            Ok(_) => {}
            Err(_) => self.lost(),
        }
    }

    /// The writer failed: a cache is only lost, but records left on disk are too.
    fn lost(&mut self) {
        self.writer = None;
        self.failed |= self.keep == Keep::Disk;
    }
}

/// A walk whose events are read one commit at a time, oldest first.
pub struct Streamed {
    /// The walk, without its events and touches (`known`, `retired`, the boundary and
    /// the malformed commits are there).
    pub walk: Walk,
    /// Its events.
    pub events: Events,
}

/// The events of a [`Streamed`] walk, one commit's at a time: the cached commits', the
/// new ones', then the uncommitted edits.
pub struct Events {
    cached: Option<(Loaded, usize)>,
    kept: std::vec::IntoIter<Recorded>,
    spill: Option<Spill>,
    uncommitted: Option<Vec<Event>>,
    /// Where a cache's records could not be read: a fault of this program.
    repo_dir: std::path::PathBuf,
    /// The cache file the cached records come from.
    cache_file: std::path::PathBuf,
}

impl Iterator for Events {
    type Item = Result<Vec<Event>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let record = self.next_record();
            let record = match record {
                Ok(Some(r)) => r,
                Ok(None) => return self.uncommitted.take().filter(|u| !u.is_empty()).map(Ok),
                Err(e) => {
                    // A cache whose records do not decode is deleted, so that the next
                    // walk starts over; and once failed, nothing more.
                    let from_cache = self.cached.is_some();
                    self.cached = None;
                    self.spill = None;
                    self.uncommitted = None;
                    let (action, cause) = if from_cache {
                        let _ = std::fs::remove_file(&self.cache_file);
                        (
                            "read the history cache in",
                            format!(
                                "{e}; the cache was deleted: run the command again, to read the history from the start"
                            ),
                        )
                    } else {
                        ("read back the history's records in", e.to_string())
                    };
                    return Some(Err(crate::error::Error::io(
                        action,
                        self.repo_dir.clone(),
                        std::io::Error::other(cause),
                    )));
                }
            };
            if !record.changes.is_empty() {
                return Some(Ok(record.events().collect()));
            }
        }
    }
}

impl Events {
    fn next_record(&mut self) -> std::io::Result<Option<Recorded>> {
        if let Some((loaded, at)) = &mut self.cached {
            match loaded.record_at::<CommitEvents>(*at)? {
                Some((commit, next)) => {
                    *at = next;
                    return Ok(Some(commit.into()));
                }
                None => self.cached = None,
            }
        }
        if let Some(r) = self.kept.next() {
            return Ok(Some(r));
        }
        let Some(spill) = &mut self.spill else {
            return Ok(None);
        };
        let record = spill.next_record::<CommitEvents>()?;
        if record.is_none() {
            self.spill = None;
        }
        Ok(record.map(Recorded::from))
    }
}

/// [`super::walk`], with the events read back one commit at a time rather than held in
/// memory, and the last versions of commitments only as `versions` asks. Where records
/// could not be left on disk, they are kept in memory; where writing them failed on the
/// way, the walk is made again in memory.
pub fn walk_streamed(repo: &Repo, worktree: Option<&WorkTree>, versions: Versions) -> Result<Streamed> {
    let (mut committed, mut uncommitted) = walk_kept(repo, worktree, Keep::Disk, versions, &mut |_, _| {})?;
    if committed.sink.failed {
        (committed, uncommitted) = walk_kept(repo, worktree, Keep::Memory, versions, &mut |_, _| {})?;
    }
    let sink = committed.sink;
    Ok(Streamed {
        walk: committed.walk,
        events: Events {
            cached: committed.cached.map(|c| (c, 0)),
            kept: sink.kept.into_iter(),
            spill: sink.spill,
            uncommitted: Some(uncommitted),
            repo_dir: repo.git_dir().join("tracker"),
            cache_file: cache_path(repo),
        },
    })
}
