//! A dated index of HEAD's first-parent line, under `.git/tracker/line.bin`: each
//! commit's id and commit time, newest first. A date (`status --at`, the start of a
//! report, the ends of a diff) is the last commit on the line made before a moment; with
//! the index it is found without reading every commit back from HEAD, which took a third
//! of `status --at` on a long history.
//!
//! Like the history cache, it is versioned and checksummed, written atomically, and
//! updated by reading only the commits back from HEAD to the first one it holds (its tip
//! after new commits, the base of a rebase or an amend, HEAD itself after a reset). It
//! is ignored when unreadable or when `TRACKER_NO_CACHE` is set, and safe to delete. It
//! is not used in a shallow clone, or for a roll-up source read at a revision, whose
//! lines change as they are deepened or are not HEAD's. Like the history cache, it
//! answers from what was read before: if commits of the line are lost afterwards (a
//! pruned alternate, a lost pack), a date before the loss still names the commit it
//! held, until a history walk from scratch finds the line cut and drops the index.

use super::Repo;
use super::raw;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bumped whenever the index's content or meaning changes.
const FORMAT: u32 = 3;

/// Whether the caches under `.git/tracker/` are turned off (`TRACKER_NO_CACHE` set to
/// anything but empty).
pub fn caches_disabled() -> bool {
    std::env::var_os("TRACKER_NO_CACHE").is_some_and(|v| !v.is_empty())
}

/// The header of the small files under `.git/tracker/` (this index, the list of
/// checked sizes): their format, the tool's version, and a hash of the rest, so that a
/// damaged file is not read as another one.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    format: u32,
    tool: &'a str,
    checksum: u64,
}

/// The bytes after the header of a file written by [`save_checked`], unchecked (of any
/// format or tool version): for a glance at what it is of.
pub(crate) fn unchecked_body(bytes: &[u8]) -> Option<&[u8]> {
    postcard::take_from_bytes::<Header<'_>>(bytes)
        .ok()
        .map(|(_, rest)| rest)
}

/// Reads a value written by [`save_checked`] in format `format`, if the file is there,
/// no longer than `limit` bytes, of this format and tool version, and whole.
pub(crate) fn load_checked<T: serde::de::DeserializeOwned>(
    path: &Path,
    format: u32,
    limit: u64,
) -> Option<T> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.len() as u64 > limit {
        return None;
    }
    let (header, rest) = postcard::take_from_bytes::<Header<'_>>(&bytes).ok()?;
    if header.format != format
        || header.tool != env!("CARGO_PKG_VERSION")
        || checksum(rest) != header.checksum
    {
        return None;
    }
    postcard::from_bytes(rest).ok()
}

/// Writes `value` with its header, atomically; failing to is not an error for the
/// report that wanted it.
pub(crate) fn save_checked<T: Serialize>(path: &Path, format: u32, value: &T) {
    let Ok(body) = postcard::to_stdvec(value) else {
        return;
    };
    let header = Header {
        format,
        tool: env!("CARGO_PKG_VERSION"),
        checksum: checksum(&body),
    };
    let _ = crate::write::replace_cache(path, |w| {
        postcard::to_io(&header, &mut *w).map_err(std::io::Error::other)?;
        w.write_all(&body)
    });
}

/// The first-parent line from its tip, newest first: ids and commit times.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    #[serde(with = "super::flat::ids")]
    ids: Vec<[u8; 20]>,
    #[serde(with = "super::flat::times")]
    times: Vec<i64>,
}

impl Line {
    /// The newest commit on the line made before `end` (seconds since the epoch, UTC),
    /// with its time.
    pub fn before(&self, end: i64) -> Option<(git2::Oid, i64)> {
        let i = self.times.iter().position(|t| *t < end)?;
        Some((git2::Oid::from_bytes(&self.ids[i]).ok()?, self.times[i]))
    }

    fn tip(&self) -> Option<&[u8; 20]> {
        self.ids.first()
    }

    /// The oldest commit on the line.
    pub fn oldest(&self) -> Option<git2::Oid> {
        git2::Oid::from_bytes(self.ids.last()?).ok()
    }
}

/// The hash kept in the header of the files under `.git/tracker/`: XXH3, 64 bits (a
/// check against damage, not against tampering; std's SipHash, before it, showed in the
/// profile of a warm `history`, which checksums the whole cache).
pub fn checksum(body: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(body)
}

fn path(repo: &Repo) -> PathBuf {
    repo.git_dir().join("tracker").join("line.bin")
}

fn load(repo: &Repo) -> Option<Line> {
    let line: Line = load_checked(&path(repo), FORMAT, u64::MAX)?;
    (line.ids.len() == line.times.len()).then_some(line)
}

fn save(repo: &Repo, line: &Line) {
    save_checked(&path(repo), FORMAT, line);
}

impl Repo {
    /// HEAD's first-parent line, dated, from the index when it is current, brought up to
    /// date or rebuilt (and saved) when it is not; `None` where no index is kept.
    pub(crate) fn dated_line(&self, head: git2::Oid) -> Option<Line> {
        if caches_disabled() || self.is_shallow() || self.at_revision() {
            return None;
        }
        let old = load(self)
            .filter(|old| !self.grew_at_the_end(old))
            .unwrap_or_default();
        if old.tip() == bytes(head).as_ref() {
            return Some(old);
        }
        // Walk back from HEAD to the first commit the index holds (its tip after new
        // commits, a commit below a rebase or an amend, HEAD itself after a reset or a
        // switch to an older branch): from there on, the line is the index's.
        let known: std::collections::HashMap<&[u8; 20], usize> =
            old.ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
        let mut line = Line::default();
        for commit in self.line(head) {
            let id = bytes(commit.info.id.parse::<git2::Oid>().ok()?)?;
            if let Some(&k) = known.get(&id) {
                line.ids.extend_from_slice(&old.ids[k..]);
                line.times.extend_from_slice(&old.times[k..]);
                break;
            }
            line.ids.push(id);
            line.times.push(commit.info.time);
        }
        if line.ids.is_empty() {
            return None;
        }
        save(self, &line);
        Some(line)
    }

    /// Keeps what a walk of HEAD's line read (the history walk reads the whole line when
    /// it starts cold): its commits, newest first, with their commit times, down to the
    /// root, or down to `older`, the tip of an earlier walk, when the index ends there.
    pub fn note_line(&self, newest_first: &[(super::ObjectId, i64)], older: Option<super::ObjectId>) {
        if caches_disabled() || self.is_shallow() || self.at_revision() || newest_first.is_empty() {
            return;
        }
        let mut line = Line::default();
        for (id, time) in newest_first {
            let Some(id) = bytes(id.0) else { return };
            line.ids.push(id);
            line.times.push(*time);
        }
        let current = load(self);
        if current.as_ref().is_some_and(|c| c.tip() == line.tip()) {
            return;
        }
        if let Some(older) = older {
            match current {
                Some(old) if old.tip() == bytes(older.0).as_ref() && !self.grew_at_the_end(&old) => {
                    line.ids.extend_from_slice(&old.ids);
                    line.times.extend_from_slice(&old.times);
                }
                _ => return,
            }
        }
        save(self, &line);
    }

    /// Drops the index: for a walk that found the line cut by a commit that cannot be
    /// read, where an index built before may reach further back than the line does now.
    pub fn forget_line(&self) {
        let _ = std::fs::remove_file(path(self));
    }

    /// Whether the index's oldest commit has a first parent that can be read now (the
    /// line ended there because it could not be, and has grown back since).
    fn grew_at_the_end(&self, line: &Line) -> bool {
        let Some(last) = line.ids.last().and_then(|b| git2::Oid::from_bytes(b).ok()) else {
            return false;
        };
        match raw::read(&self.inner, last) {
            Ok(c) => c
                .parents
                .first()
                .is_some_and(|p| raw::read(&self.inner, *p).is_ok()),
            Err(_) => true,
        }
    }
}

fn bytes(id: git2::Oid) -> Option<[u8; 20]> {
    id.as_bytes().try_into().ok()
}
