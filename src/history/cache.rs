//! The on-disk cache of the history walk, under `.git/tracker/`.
//!
//! It holds the change events of every commit up to a tip and the replay's state there.
//! Commit ids name their whole ancestry, so a cache is never wrong after a rebase or an
//! amend: when its tip is no longer on the branch's first-parent line, it is not used.
//! It is versioned, written atomically, ignored when unreadable, and safe to delete.
//!
//! The file is written as the walk goes, one commit's record at a time, so that a long
//! history never has to be held whole in memory to be saved, and a walk that adds
//! commits to a cached one copies the cached records as they are:
//!
//! ```text
//! header      postcard: format, tool version, folder, displayed name
//! records     each: length (u32, little-endian, never 0), then the postcard record
//! end         a length of 0
//! tail        postcard: tip, its tree, boundary, malformed, length
//! state       postcard: the replay's state at the tip
//! checksum    u64, little-endian: of every byte after the header and before it
//! ```
//!
//! The header is read first, and the rest only when the header matches. The same
//! record framing, with no header, tail or checksum, is how a walk that streams its
//! events ([`super::stream`]) keeps them on disk when there is no cache to write.

use super::replay::Known;
use crate::compare::Change;
use crate::git::walk::{Boundary, Malformed};
use crate::git::{CommitInfo, Repo};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::PathBuf;

/// Bumped whenever the cached data, its layout or the way events are computed changes.
const FORMAT: u32 = 15;

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

/// The start of a [`CachedCommit`]'s bytes: the commit and its events, without the
/// files it touched, which reading the events back does not use (a record is decoded
/// from its start, and what follows is left alone).
#[derive(Debug, Deserialize)]
pub struct CommitEvents {
    /// The commit.
    pub info: CommitInfo,
    /// Its change events.
    pub changes: Vec<Change>,
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
    /// [`layout`] when written.
    layout: u64,
}

use crate::git::line::checksum;

/// A fingerprint of how records are laid out: the checksum of a sample record holding
/// every kind of change and every kind of value. A change to the cached types that
/// would make an older cache's records decode wrongly, or not at all, changes it, even
/// where [`FORMAT`] was not bumped (records are decoded only as they are used, after
/// the cache was accepted).
fn layout() -> u64 {
    use crate::compare::{ChangeKind, Value};
    use crate::model::Status;
    static LAYOUT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *LAYOUT.get_or_init(|| {
        let day = chrono::NaiveDate::from_ymd_opt(2020, 7, 24).unwrap_or_default();
        let info = CommitInfo {
            id: "0".repeat(40),
            date: day,
            author_date: day,
            author: "author".into(),
            subject: "subject".into(),
            reason: Some("reason".into()),
            time: 1_595_548_800,
        };
        let changes: Vec<Change> = ChangeKind::ALL
            .iter()
            .enumerate()
            .map(|(i, kind)| Change {
                commitment: Some(format!("c{i}")),
                milestone: (i % 2 == 0).then(|| format!("m{i}")),
                kind: *kind,
                field: Some(kind.as_str().to_owned()),
                from: Some(Value::Date(day)),
                to: Some(match i % 3 {
                    0 => Value::Status(Status::ALL[i % Status::ALL.len()]),
                    1 => Value::Text(kind.as_str().to_owned()),
                    _ => Value::Date(day),
                }),
                days: Some(i as i64 - 8),
                path: format!("strategy/c{i}.yaml"),
            })
            .collect();
        let sample = CommitRef {
            info: &info,
            changes: &changes,
            touched: &["strategy/c0.yaml".to_owned()],
        };
        postcard::to_stdvec(&sample).map_or(0, |bytes| checksum(&bytes))
    })
}

/// What follows the records: where they end. The replay's state there follows it,
/// decoded only when it is needed (a warm `history` with nothing new does without it,
/// and decoding it was a fifth of its time).
#[derive(Debug, Deserialize)]
pub struct Tail {
    /// The last commit replayed.
    pub tip: String,
    /// The strategy folder's tree at the tip, if it had one.
    pub tip_tree: Option<String>,
    /// Where the history could be read no further back, if it was cut.
    pub boundary: Option<Boundary>,
    /// The commits read leniently, newest first.
    pub malformed: Vec<Malformed>,
    /// The number of commits on the first-parent line up to the tip.
    pub length: usize,
}

/// [`Tail`], borrowed for writing (the same bytes), and the state that follows it.
#[derive(Debug, Serialize)]
pub struct TailRef<'a> {
    /// The last commit replayed.
    pub tip: &'a str,
    /// The strategy folder's tree at the tip.
    pub tip_tree: Option<&'a str>,
    /// The replay's state at the tip, written after the tail.
    #[serde(skip)]
    pub state: &'a Known,
    /// Where the history was cut.
    pub boundary: Option<&'a Boundary>,
    /// The commits read leniently.
    pub malformed: &'a [Malformed],
    /// The number of commits on the first-parent line up to the tip.
    pub length: usize,
}

/// A cache read from disk and checked whole, its records still as bytes: they are
/// decoded one at a time, as they are used.
pub struct Loaded {
    bytes: Vec<u8>,
    /// The framed records, without the end marker.
    records: Range<usize>,
    /// What follows them.
    pub tail: Tail,
    /// The replay's state, still encoded.
    state: Range<usize>,
}

impl Loaded {
    /// The records' bytes, framed, as a new cache that extends this one copies them.
    pub fn raw_records(&self) -> &[u8] {
        &self.bytes[self.records.clone()]
    }

    /// The records from byte `at` of [`Loaded::raw_records`]: the next one, decoded, and
    /// where the one after it starts; `None` at the end. (The file passed its checksum,
    /// so a record that does not decode is a fault of this program.)
    pub fn record_at<T: serde::de::DeserializeOwned>(&self, at: usize) -> io::Result<Option<(T, usize)>> {
        let raw = self.raw_records();
        let Some((record, len)) = frame(raw.get(at..).unwrap_or_default()) else {
            return Ok(None);
        };
        let commit = postcard::from_bytes(record).map_err(io::Error::other)?;
        Ok(Some((commit, at + len)))
    }

    /// The replay's state at the tip, still encoded, for [`decode_state`].
    pub fn state_bytes(&self) -> &[u8] {
        &self.bytes[self.state.clone()]
    }

    /// Every record, decoded.
    pub fn all_records(&self) -> io::Result<Vec<CachedCommit>> {
        let mut all = Vec::new();
        let mut at = 0;
        while let Some((commit, next)) = self.record_at(at)? {
            all.push(commit);
            at = next;
        }
        Ok(all)
    }
}

/// The replay's state as [`Loaded::state_bytes`] holds it. (The file passed its
/// checksum, so a state that does not decode is a fault of this program.)
pub fn decode_state(bytes: &[u8]) -> io::Result<Known> {
    postcard::from_bytes(bytes).map_err(io::Error::other)
}

/// The first framed record of `bytes` and its framed length; `None` at the end marker
/// or when the bytes end first.
fn frame(bytes: &[u8]) -> Option<(&[u8], usize)> {
    let len = usize::try_from(u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?)).ok()?;
    if len == 0 {
        return None;
    }
    let end = len.checked_add(4)?;
    Some((bytes.get(4..end)?, end))
}

/// Whether the cache is turned off (`TRACKER_NO_CACHE` set to anything but empty).
pub fn disabled() -> bool {
    crate::git::line::caches_disabled()
}

/// The cache file of this repository's strategy folder.
pub fn path(repo: &Repo) -> PathBuf {
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

fn header(repo: &Repo) -> Header<'_> {
    Header {
        format: FORMAT,
        tool: env!("CARGO_PKG_VERSION"),
        folder: repo.rel(),
        name: repo.name(),
        layout: layout(),
    }
}

/// Deletes the cache, whose records could not be read: the next walk starts over.
pub fn forget(repo: &Repo) {
    let _ = std::fs::remove_file(path(repo));
}

/// Reads the cache of this repository's strategy folder, if there is a usable one: not
/// one whose history was cut by a missing or unreadable commit that can now be read.
pub fn load(repo: &Repo) -> Option<Loaded> {
    let bytes = std::fs::read(path(repo)).ok()?;
    let (found, rest) = postcard::take_from_bytes::<Header<'_>>(&bytes).ok()?;
    let wanted = header(repo);
    let current = found.format == wanted.format
        && found.tool == wanted.tool
        && found.folder == wanted.folder
        && found.name == wanted.name
        && found.layout == wanted.layout;
    let start = bytes.len() - rest.len();
    let sum_at = rest.len().checked_sub(8)?;
    let (body, sum) = rest.split_at(sum_at);
    if !current || checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    // The records' framing, to find the tail.
    let mut at = 0;
    while let Some((_, len)) = frame(&body[at..]) {
        at += len;
    }
    let end_marker = body.get(at..at + 4)?;
    if end_marker != [0; 4] {
        return None;
    }
    let (tail, state) = postcard::take_from_bytes::<Tail>(&body[at + 4..]).ok()?;
    let records = start..start + at;
    let state = start + body.len() - state.len()..start + body.len();
    if !tail.boundary.as_ref().is_none_or(|b| still_cut(repo, b)) {
        return None;
    }
    Some(Loaded {
        bytes,
        records,
        tail,
        state,
    })
}

/// Whether the commit before the boundary still cannot be read.
fn still_cut(repo: &Repo, b: &Boundary) -> bool {
    use crate::git::walk::Cut;
    match &b.why {
        Cut::Shallow => true,
        Cut::MissingParent { parent, .. } | Cut::Unreadable { parent, .. } => !repo.can_read_commit(parent),
    }
}

/// Writes records as a walk makes them: a new cache (in a temporary file of its own,
/// put in place whole by [`Writer::finish_cache`]), or records alone in an unnamed
/// temporary file, read back by a walk that streams its events.
pub struct Writer {
    out: BufWriter<File>,
    /// Of every byte after the header.
    hash: xxhash_rust::xxh3::Xxh3,
    /// For a cache: its temporary file's path and the cache's.
    cache: Option<(tempfile::TempPath, PathBuf)>,
    /// Bytes written so far.
    written: u64,
    /// Where the records that [`Writer::record`] wrote start.
    fresh: u64,
    /// A record's bytes, reused.
    buffer: Vec<u8>,
}

/// Removes the temporary files of caches like `target` that a walk stopped on the way
/// (killed, or the machine down) left behind, once they are an hour old: a walk writes
/// its cache as it goes, so its temporary file lives as long as the walk.
fn sweep(target: &std::path::Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let old = |e: &std::fs::DirEntry| {
        e.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600))
    };
    for e in entries.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        if n.starts_with(&prefix) && n.ends_with(".tmp") && old(&e) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Records written by a [`Writer`], read back in order.
pub struct Spill {
    file: BufReader<File>,
    buffer: Vec<u8>,
}

impl Writer {
    /// A new cache for `repo`, its header written.
    pub fn cache(repo: &Repo) -> io::Result<Writer> {
        let target = path(repo);
        sweep(&target);
        let (file, temp) = crate::write::cache_temp(&target)?.into_parts();
        let mut w = Writer::over(file);
        w.cache = Some((temp, target));
        let head = postcard::to_stdvec(&header(repo)).map_err(io::Error::other)?;
        w.out.write_all(&head)?;
        w.written = head.len() as u64;
        w.fresh = w.written;
        Ok(w)
    }

    /// Records alone, in an unnamed temporary file that is gone once closed.
    pub fn spill() -> io::Result<Writer> {
        Ok(Writer::over(tempfile::tempfile()?))
    }

    fn over(file: File) -> Writer {
        Writer {
            out: BufWriter::with_capacity(1 << 16, file),
            hash: xxhash_rust::xxh3::Xxh3::new(),
            cache: None,
            written: 0,
            fresh: 0,
            buffer: Vec::new(),
        }
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.hash.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Copies framed records as they are, from the cache this one extends; the
    /// records [`Writer::record`] writes come after them.
    pub fn copy(&mut self, framed: &[u8]) -> io::Result<()> {
        self.put(framed)?;
        self.fresh = self.written;
        Ok(())
    }

    /// Writes one commit's record.
    pub fn record(&mut self, commit: &CommitRef<'_>) -> io::Result<()> {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        buffer.extend_from_slice(&[0; 4]);
        let mut buffer = postcard::to_extend(commit, buffer).map_err(io::Error::other)?;
        let len = u32::try_from(buffer.len() - 4)
            .map_err(|_| io::Error::other("a commit's record is over 4 GiB"))?;
        buffer[..4].copy_from_slice(&len.to_le_bytes());
        let written = self.put(&buffer);
        self.buffer = buffer;
        written
    }

    /// Ends the records, and for a cache writes its tail and checksum and puts it in
    /// place. Returns the records this writer wrote, to be read back (those it copied
    /// are not among them).
    pub fn finish(mut self, tail: Option<&TailRef<'_>>) -> io::Result<Spill> {
        self.put(&0u32.to_le_bytes())?;
        if let (Some(tail), Some(_)) = (tail, &self.cache) {
            let bytes = postcard::to_stdvec(tail).map_err(io::Error::other)?;
            self.put(&bytes)?;
            let bytes = postcard::to_stdvec(tail.state).map_err(io::Error::other)?;
            self.put(&bytes)?;
            let sum = self.hash.digest();
            self.out.write_all(&sum.to_le_bytes())?;
        }
        let mut file = self.out.into_inner().map_err(io::IntoInnerError::into_error)?;
        if let Some((temp, target)) = self.cache.take() {
            // A cache that cannot be put in place is only a cache lost: what was written
            // is still read back through the open file.
            if temp.persist(&target).is_ok() {
                // The JSON cache of earlier versions, now never read.
                let _ = std::fs::remove_file(target.with_extension("json"));
            }
        }
        file.seek(SeekFrom::Start(self.fresh))?;
        Ok(Spill {
            file: BufReader::with_capacity(1 << 16, file),
            buffer: Vec::new(),
        })
    }
}

impl Spill {
    /// The next record; `None` after the last.
    pub fn next_record<T: serde::de::DeserializeOwned>(&mut self) -> io::Result<Option<T>> {
        let mut len = [0; 4];
        self.file.read_exact(&mut len)?;
        let len = u32::from_le_bytes(len) as usize;
        if len == 0 {
            return Ok(None);
        }
        self.buffer.resize(len, 0);
        self.file.read_exact(&mut self.buffer)?;
        postcard::from_bytes(&self.buffer)
            .map(Some)
            .map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::{frame, sweep};

    /// A walk killed on the way leaves its cache's temporary file; the next writer
    /// removes those an hour old, and nothing else.
    #[test]
    fn temporary_files_an_hour_old_are_swept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("history-strategy.bin");
        let hours_ago = |h: u64| std::time::SystemTime::now() - std::time::Duration::from_secs(h * 3600);
        let make = |name: &str, when| {
            let f = std::fs::File::create(dir.path().join(name)).expect("created");
            f.set_modified(when).expect("dated");
        };
        make(".history-strategy.bin.a1b2c3.tmp", hours_ago(2));
        make(".history-strategy.bin.d4e5f6.tmp", hours_ago(0));
        make(".history-other.bin.a1b2c3.tmp", hours_ago(2));
        make("history-strategy.bin", hours_ago(2));
        make("line.bin", hours_ago(2));
        sweep(&target);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("listed")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".history-other.bin.a1b2c3.tmp",
                ".history-strategy.bin.d4e5f6.tmp",
                "history-strategy.bin",
                "line.bin"
            ]
        );
    }

    /// A record's frame is its length and its bytes; a length of 0, or bytes that end
    /// before the length says, end the records.
    #[test]
    fn the_checksum_written_as_the_cache_is_the_one_checked_on_reading_it() {
        // Written in pieces of every size, read back in one.
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        let mut at = 0;
        for n in (1..).map(|k| k % 300) {
            if at >= bytes.len() {
                break;
            }
            let end = (at + n).min(bytes.len());
            hash.update(&bytes[at..end]);
            at = end;
        }
        assert_eq!(hash.digest(), super::checksum(&bytes));
    }

    #[test]
    fn frames_end_at_the_marker_or_where_the_bytes_end() {
        let mut bytes = 3u32.to_le_bytes().to_vec();
        bytes.extend_from_slice(b"abc");
        bytes.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(frame(&bytes), Some((&b"abc"[..], 7)));
        assert_eq!(frame(&bytes[7..]), None, "the end marker");
        assert_eq!(frame(&bytes[..6]), None, "cut short");
        assert_eq!(frame(&bytes[..2]), None, "no whole length");
    }
}
