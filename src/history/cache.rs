//! The on-disk cache of the history walk, under `.git/tracker/`.
//!
//! It holds the change events of every commit up to a tip and the replay's state there.
//! Commit ids name their whole ancestry, so a cache is never wrong after a rebase or an
//! amend: when its tip is no longer on the branch's first-parent line, it is not used.
//! It is versioned, written atomically, ignored when unreadable, and safe to delete.
//! Its header (format, tool version, folder) is read first, and the rest only when the
//! header matches.

use super::replay::Known;
use crate::compare::Change;
use crate::git::walk::{Boundary, Malformed};
use crate::git::{CommitInfo, Repo};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::PathBuf;

/// Bumped whenever the cached data or the way events are computed changes.
const FORMAT: u32 = 11;

/// One commit's events.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedCommit {
    /// The commit.
    pub info: CommitInfo,
    /// Its change events.
    pub changes: Vec<Change>,
    /// The commitment files it changed (even where no event came of it).
    pub touched: Vec<String>,
}

/// What the cache file starts with, read before the rest to tell whether the rest is
/// worth reading.
#[derive(Debug, Serialize, Deserialize)]
struct Header<'a> {
    /// [`FORMAT`] when written.
    format: u32,
    /// The version of tracker that wrote it.
    tool: &'a str,
    /// The strategy folder inside the repository.
    folder: &'a str,
    /// The strategy folder's displayed name, which starts every path in the cache
    /// (it changes when a strategy at the repository's root is moved or renamed).
    name: &'a str,
    /// A hash of the rest of the file: a damaged cache must not be read as a history
    /// that never happened (a flipped byte in a binary form can still decode).
    checksum: u64,
}

use crate::git::line::checksum;

/// The cache file's content after the header.
#[derive(Debug, Serialize, Deserialize)]
pub struct Cache {
    /// The last commit replayed.
    pub tip: String,
    /// The strategy folder's tree at the tip, if it had one.
    pub tip_tree: Option<String>,
    /// Every commit with events, oldest first.
    pub commits: Vec<CachedCommit>,
    /// The replay's state at the tip.
    pub state: Known,
    /// Where the history could be read no further back, if it was cut.
    pub boundary: Option<Boundary>,
    /// The commits read leniently, newest first.
    pub malformed: Vec<Malformed>,
    /// The number of commits on the first-parent line up to the tip.
    pub length: usize,
}

/// One commit's events, borrowed for writing (the same bytes as [`CachedCommit`]).
#[derive(Debug, Serialize)]
pub struct CommitRef<'a> {
    /// The commit.
    pub info: &'a CommitInfo,
    /// Its change events.
    pub changes: &'a [Change],
    /// The commitment files it changed.
    pub touched: &'a [String],
}

/// The cache's content, borrowed for writing (the same bytes as [`Cache`]), so saving a
/// long history does not copy it.
#[derive(Debug, Serialize)]
struct CacheRef<'a> {
    tip: &'a str,
    tip_tree: Option<&'a str>,
    commits: &'a [CommitRef<'a>],
    state: &'a Known,
    boundary: Option<&'a Boundary>,
    malformed: &'a [Malformed],
    length: usize,
}

/// Whether the cache is turned off (`TRACKER_NO_CACHE` set to anything but empty).
pub fn disabled() -> bool {
    crate::git::line::caches_disabled()
}

fn path(repo: &Repo) -> PathBuf {
    let folder: String = repo
        .rel()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    repo.git_dir()
        .join("tracker")
        .join(format!("history-{folder}.{EXTENSION}"))
}

/// The cache is postcard (serde's compact binary form): at 20,000 commits it is half the
/// size of the JSON it replaced, and a warm `history` about a third faster.
const EXTENSION: &str = "bin";

/// Reads the cache of this repository's strategy folder, if there is a usable one: not
/// one whose history was cut by a missing or unreadable commit that can now be read.
pub fn load(repo: &Repo) -> Option<Cache> {
    let bytes = std::fs::read(path(repo)).ok()?;
    let (header, rest) = postcard::take_from_bytes::<Header<'_>>(&bytes).ok()?;
    let current = header.format == FORMAT
        && header.tool == env!("CARGO_PKG_VERSION")
        && header.folder == repo.rel()
        && header.name == repo.name();
    if !current || checksum(rest) != header.checksum {
        return None;
    }
    let cache: Cache = postcard::from_bytes(rest).ok()?;
    cache
        .boundary
        .as_ref()
        .is_none_or(|b| still_cut(repo, b))
        .then_some(cache)
}

/// Whether the commit before the boundary still cannot be read.
fn still_cut(repo: &Repo, b: &Boundary) -> bool {
    use crate::git::walk::Cut;
    match &b.why {
        Cut::Shallow => true,
        Cut::MissingParent { parent, .. } | Cut::Unreadable { parent, .. } => !repo.can_read_commit(parent),
    }
}

/// What a walk learned about the history itself, kept with its events.
pub struct Health<'a> {
    /// Where it was cut, if it was.
    pub boundary: Option<&'a Boundary>,
    /// The commits read leniently.
    pub malformed: &'a [Malformed],
    /// The number of commits on the first-parent line up to the tip.
    pub length: usize,
}

/// A writer that only hashes what it is given, as [`checksum`] hashes the bytes whole
/// (std's SipHash takes its input in any pieces).
struct Hashing(std::hash::DefaultHasher);

impl Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes the cache atomically ([`crate::write::replace_cache`]). Failing to write it is
/// not an error for the report that wanted it.
pub fn save(
    repo: &Repo,
    tip: &str,
    tip_tree: Option<&str>,
    commits: &[CommitRef<'_>],
    state: &Known,
    health: Health<'_>,
) {
    let cache = CacheRef {
        tip,
        tip_tree,
        commits,
        state,
        boundary: health.boundary,
        malformed: health.malformed,
        length: health.length,
    };
    // The body is written twice, first to hash it, rather than kept whole in memory:
    // 30 MB at 100,000 commits, at the walk's peak.
    let mut hashing = Hashing(std::hash::DefaultHasher::new());
    if postcard::to_io(&cache, &mut hashing).is_err() {
        return;
    }
    let header = Header {
        format: FORMAT,
        tool: env!("CARGO_PKG_VERSION"),
        folder: repo.rel(),
        name: repo.name(),
        checksum: std::hash::Hasher::finish(&hashing.0),
    };
    let target = path(repo);
    let written = crate::write::replace_cache(&target, |w| {
        postcard::to_io(&header, &mut *w).map_err(std::io::Error::other)?;
        postcard::to_io(&cache, w).map_err(std::io::Error::other)?;
        Ok(())
    });
    if written.is_err() {
        return;
    }
    // The JSON cache of earlier versions, now never read.
    let _ = std::fs::remove_file(target.with_extension("json"));
}

#[cfg(test)]
mod tests {
    /// The cache is hashed as postcard writes it, in pieces, and checked whole on load.
    #[test]
    fn hashing_in_pieces_gives_the_checksum_of_the_whole() {
        let body: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for piece in [1, 3, 8, 64, 1000] {
            let mut h = super::Hashing(std::hash::DefaultHasher::new());
            for c in body.chunks(piece) {
                std::io::Write::write_all(&mut h, c).expect("hashing never fails");
            }
            assert_eq!(std::hash::Hasher::finish(&h.0), super::checksum(&body), "{piece}");
        }
    }
}
