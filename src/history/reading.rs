//! The reading thread of a walk: it compares the strategy trees of the first-parent
//! chain while the main thread is still reading the chain back from HEAD (the second
//! core had nothing to do then), then reads the changed files of each commit, oldest
//! first, for the main thread to parse and replay.

use super::replay::{ParsedFile, Parser};
use crate::error::Result;
use crate::git::CommitInfo;
use crate::git::ObjectId;
use crate::git::tree::FileChange;
use crate::git::walk::{Link, Listed, Reader, ReaderSource};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

/// What the main thread tells the reading thread.
pub(super) enum ToReader {
    /// Links of the chain as they are read, newest first: each one's commit and
    /// strategy tree.
    Links(Vec<(ObjectId, Option<ObjectId>)>),
    /// The chain is whole: read the changes of `links` (oldest first), the first one's
    /// against the tree `start`.
    Replay {
        start: Option<ObjectId>,
        links: Vec<Link>,
    },
}

/// One commit's changed files, read on the reading thread.
pub(super) struct Batch {
    /// Its place in the chain, for progress.
    pub index: usize,
    pub info: Arc<CommitInfo>,
    pub files: Files,
}

/// A batch's files: as read, or already parsed by the reading thread when the main
/// thread was behind.
pub(super) enum Files {
    Read(Vec<FileChange>),
    Parsed(Vec<ParsedFile>),
}

/// How many links of the chain the main thread sends at a time.
pub(super) const LINKS_A_MESSAGE: usize = 64;

/// How many batches the reading thread sends at a time (the main thread was woken once
/// a commit when they went one by one).
const BATCHES_A_MESSAGE: usize = 8;

/// How many messages of batches may wait for the main thread before the reading thread
/// parses the next ones itself.
const PARSE_AHEAD: usize = 2;

/// A link's change against its parent, as far as the reading thread got while the
/// chain was read.
enum Early {
    /// The same strategy tree: nothing to read.
    Same,
    /// Compared: the files to read. (One of these waits for each commit compared early,
    /// so the error, which is large and rare, is boxed.)
    Listed(std::result::Result<Listed, Box<crate::error::Error>>),
    /// Not compared yet.
    Later,
}

/// The reading thread. While the chain is read it compares each link's tree with its
/// parent's (newest first, until `chain_done`); then, for each commit whose strategy
/// tree changed, oldest first, it reads the changed files (comparing the trees first
/// where it had not got to them) and sends them to the main thread.
pub(super) fn read_line(
    source: &ReaderSource,
    from_main: Receiver<ToReader>,
    chain_done: &AtomicBool,
    tx: SyncSender<Result<Vec<Batch>>>,
    waiting: &AtomicUsize,
) {
    let mut reader: Option<Reader> = None;
    let open = |reader: &mut Option<Reader>| -> Result<()> {
        if reader.is_none() {
            *reader = Some(Reader::open(source)?);
        }
        Ok(())
    };
    // By the newer link's place from HEAD: its change from the link before it.
    let mut early: Vec<Early> = Vec::new();
    let mut newer: Option<(ObjectId, Option<ObjectId>)> = None;
    let (start, links) = loop {
        match from_main.recv() {
            // The walk stopped before the replay (nothing new, or an error).
            Err(_) => return,
            Ok(ToReader::Links(links)) => {
                for (commit, tree) in links {
                    if let Some((newer_commit, newer_tree)) = newer {
                        early.push(if newer_tree == tree {
                            Early::Same
                        } else if chain_done.load(Ordering::Relaxed) || open(&mut reader).is_err() {
                            Early::Later
                        } else {
                            let r = reader
                                .as_mut()
                                .map(|r| r.list(&newer_commit.to_string(), tree, newer_tree));
                            r.map_or(Early::Later, |listed| Early::Listed(listed.map_err(Box::new)))
                        });
                    }
                    newer = Some((commit, tree));
                }
            }
            Ok(ToReader::Replay { start, links }) => break (start, links),
        }
    };
    if early.len() + 1 != links.len() {
        early.clear();
        early.resize_with(links.len().saturating_sub(1), || Early::Later);
    }
    if let Err(e) = open(&mut reader) {
        waiting.fetch_add(1, Ordering::Relaxed);
        let _ = tx.send(Err(e));
        return;
    }
    let Some(reader) = reader.as_mut() else { return };
    let mut parser = Parser::default();
    let mut last = start;
    let mut group = Vec::with_capacity(BATCHES_A_MESSAGE);
    // False when the main thread is gone (it stopped on an error): stop too.
    let send = |message: Result<Vec<Batch>>| {
        waiting.fetch_add(1, Ordering::Relaxed);
        tx.send(message).is_ok()
    };
    for (index, link) in links.into_iter().enumerate() {
        // The oldest link's change is against the start; each later one's was compared
        // early, newest first, so it is the last one left.
        let early = if index == 0 {
            Early::Later
        } else {
            early.pop().unwrap_or(Early::Later)
        };
        if link.tree == last {
            continue;
        }
        let at = link.commit.to_string();
        let listed = match early {
            Early::Same => {
                last = link.tree;
                continue;
            }
            Early::Listed(listed) => listed.map_err(|e| *e),
            Early::Later => reader.list(&at, last, link.tree),
        };
        let batch = listed
            .and_then(|listed| reader.read_listed(&at, listed))
            .map(|files| Batch {
                index,
                info: Arc::new(link.info()),
                files: if waiting.load(Ordering::Relaxed) >= PARSE_AHEAD {
                    Files::Parsed(files.into_iter().map(|f| parser.file(f)).collect())
                } else {
                    Files::Read(files)
                },
            });
        last = link.tree;
        match batch {
            Ok(batch) => group.push(batch),
            Err(e) => {
                // The batches before it, then the error, which ends the walk.
                if !group.is_empty() && !send(Ok(std::mem::take(&mut group))) {
                    return;
                }
                send(Err(e));
                return;
            }
        }
        if group.len() == BATCHES_A_MESSAGE
            && !send(Ok(std::mem::replace(
                &mut group,
                Vec::with_capacity(BATCHES_A_MESSAGE),
            )))
        {
            return;
        }
    }
    if !group.is_empty() {
        send(Ok(group));
    }
}
