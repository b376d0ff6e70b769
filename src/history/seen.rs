//! The blob ids of the working tree's files as last read, by their `stat` data, under
//! `.git/tracker/files-HASH.bin` (HASH of the strategy folder's path): what lets a history with a warm cache tell which files
//! differ from HEAD without reading and hashing all of them (on a strategy folder of
//! 12,000 files that was most of the run: four system calls and a SHA-1 a file).
//!
//! A file is taken to hold what it held when it was last read when its size, inode,
//! mode, modification time and change time are all what they were (the stat data listed
//! are those of the open file the bytes were read from). On Linux's own file systems the
//! change time is one a program cannot set: the kernel sets it to the current time on
//! every write, rename or change of mode, so an edit that keeps the size and puts the
//! modification time back (`touch -r`) still shows. As git does for its index, a file
//! whose times were within [`MARGIN_NS`] of the start of the read that listed it is read
//! again (an edit within the same tick of the file system's clock would keep both
//! times). That start is the earlier of the system's clock and the file system's, read
//! off a small file written under `.git/tracker/` first, so that a file server whose
//! clock is behind does not make a fresh file look settled. So no edit made after a
//! read is missed by the next one, short of a clock being set back, or of a file system
//! that keeps no change time of its own (FAT and exFAT show the modification time) and a
//! same-size edit whose modification time is then put back by hand.
//!
//! Like the other files under `.git/tracker/`, it is versioned and checksummed, written
//! atomically, ignored when unreadable or when `TRACKER_NO_CACHE` is set, and safe to
//! delete; there is one for each strategy folder, and writing one deletes those of
//! folders that are gone. It is only kept on Unix, where the times and the inode are
//! known.

use crate::git::ObjectId;
use crate::git::line::{caches_disabled, checksum, load_checked, save_checked, unchecked_body};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bumped whenever the file's content or meaning changes.
const FORMAT: u32 = 4;

/// A file's times must be this much older than the read that listed it (3 s: a FAT
/// file system keeps modification times to 2 s) for the list to stand for its bytes.
const MARGIN_NS: i128 = 3_000_000_000;

/// The largest list read or written: 64 MiB, some 400,000 files of long paths.
const MAX_BYTES: u64 = 64 << 20;

/// What `stat` says of a regular file, as far as its content goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    size: u64,
    ino: u64,
    dev: u64,
    mode: u32,
    /// Modification time, nanoseconds since the epoch.
    mtime: i128,
    /// Change time, nanoseconds since the epoch.
    ctime: i128,
}

impl Stat {
    /// The stat data of a file; `None` where it is not known (off Unix).
    pub fn of(meta: &std::fs::Metadata) -> Option<Stat> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            Some(Stat {
                size: meta.size(),
                ino: meta.ino(),
                dev: meta.dev(),
                mode: meta.mode(),
                mtime: ns(meta.mtime(), meta.mtime_nsec()),
                ctime: ns(meta.ctime(), meta.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// One file as last read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenFile {
    /// Displayed path.
    pub path: String,
    /// Its stat data before it was read.
    pub stat: Stat,
    /// The blob id of what was read.
    #[serde(with = "crate::git::flat::id")]
    pub blob: [u8; 20],
}

/// The list as kept on disk.
#[derive(Debug, Default, Serialize, Deserialize)]
struct List {
    /// The strategy folder it is of.
    folder: String,
    /// When the read that wrote it began, nanoseconds since the epoch.
    scanned: i128,
    /// HEAD's tree of the strategy folder when the files listed were found to be its
    /// files exactly (the same paths, the same blobs, none a symlink).
    tree: Option<[u8; 20]>,
    /// Sorted by path.
    files: Vec<SeenFile>,
}

/// The list of a working tree, and this read's beginning.
#[derive(Debug)]
pub struct Seen {
    list: List,
    /// Where it is kept; `None` where it is not.
    path: Option<PathBuf>,
    folder: String,
    now: i128,
}

impl Seen {
    /// The list of the strategy folder `folder` (an absolute path) in the repository
    /// whose git folder is `git_dir`, for a read beginning now:
    /// empty, and never saved, when caches are turned off or off Unix.
    pub fn load(git_dir: &Path, folder: &Path) -> Self {
        let folder = folder.to_string_lossy().into_owned();
        let system = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        if caches_disabled() || !cfg!(unix) {
            return Seen {
                list: List::default(),
                path: None,
                folder,
                now: system,
            };
        }
        let dir = git_dir.join("tracker");
        let now = file_system_now(&dir).map_or(system, |fs| fs.min(system));
        let name = format!("files-{:016x}.bin", checksum(folder.as_bytes()));
        Seen::at(dir.join(name), folder, now)
    }

    /// Whether the list is empty (none was read, or it was of no use).
    pub fn is_empty(&self) -> bool {
        self.list.files.is_empty()
    }

    /// How many files it lists.
    pub fn len(&self) -> usize {
        self.list.files.len()
    }

    /// HEAD's strategy tree that the files listed were found to be exactly, if they were.
    pub fn tree(&self) -> Option<ObjectId> {
        self.list.tree.and_then(ObjectId::from_bytes)
    }

    /// A reader of the list for files asked for in path order.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            files: &self.list.files,
            settled: self.settled(),
        }
    }

    /// Changes after this moment may not show in the stat data listed.
    fn settled(&self) -> i128 {
        self.list.scanned - MARGIN_NS
    }

    /// The list kept in the file `path`, for a read beginning at `now`.
    pub(super) fn at(path: PathBuf, folder: String, now: i128) -> Self {
        let list = load_checked::<List>(&path, FORMAT, MAX_BYTES)
            .filter(|l| l.folder == folder && l.files.is_sorted_by(|a, b| a.path < b.path))
            .unwrap_or_default();
        Seen {
            list,
            path: Some(path),
            folder,
            now,
        }
    }

    /// [`Cursor::blob`] for one file.
    #[cfg(test)]
    pub fn blob(&self, path: &str, stat: &Stat) -> Option<ObjectId> {
        self.cursor().blob(path, stat)
    }

    /// Saves the list of this read's files (in path order), as listed by this read;
    /// failing to is not an error for the report that wanted it. (The caller leaves the
    /// list as it is when every file was listed as it was, and no other.)
    /// `tree` is HEAD's strategy tree when the files were found to be exactly its files.
    pub fn save(self, files: Vec<SeenFile>, tree: Option<ObjectId>) {
        let Some(path) = self.path else { return };
        // A list too long to be read back is not written.
        let bytes: usize = files.iter().map(|f| f.path.len() + 96).sum();
        if bytes as u64 > MAX_BYTES {
            return;
        }
        let list = List {
            folder: self.folder,
            scanned: self.now,
            tree: tree.and_then(ObjectId::to_bytes),
            files,
        };
        save_checked(&path, FORMAT, &list);
        sweep(&path);
    }

    /// Saves the list as it was read, with `tree` as the tree its files were found to be
    /// (when it changed): for a read that found every file as listed. The read that
    /// listed them stays the one it names.
    pub fn retree(mut self, tree: Option<ObjectId>) {
        let tree = tree.and_then(ObjectId::to_bytes);
        let Some(path) = self.path.take() else { return };
        if self.list.tree == tree || self.list.files.is_empty() {
            return;
        }
        self.list.tree = tree;
        save_checked(&path, FORMAT, &self.list);
    }
}

/// Deletes the lists beside `kept` that stand for nothing any more: those of a strategy
/// folder that is no longer there (a repository moved or renamed, whose folder's path,
/// hashed, names its list), and those too damaged to say which folder they are of. The
/// lists of other strategy folders are kept, whatever version of tracker wrote them
/// (every format so far starts with the folder). Done only as a list is written, which
/// a warm run with nothing changed does not do, and only the start of each is read.
fn sweep(kept: &Path) {
    let Some(dir) = kept.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_list = entry.file_name().to_str().is_some_and(|n| {
            n.strip_prefix("files-")
                .and_then(|n| n.strip_suffix(".bin"))
                .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        if !is_list || path == kept {
            continue;
        }
        let folder = || -> Option<String> {
            use std::io::Read;
            let mut start = Vec::new();
            std::fs::File::open(&path)
                .ok()?
                .take(1 << 16)
                .read_to_end(&mut start)
                .ok()?;
            let body = unchecked_body(&start)?;
            postcard::take_from_bytes::<String>(body).ok().map(|(f, _)| f)
        };
        if folder().is_none_or(|f| !Path::new(&f).is_dir()) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Reads a list for files asked for in path order, each step from where the last one
/// ended.
pub struct Cursor<'a> {
    /// The files after those asked for so far.
    files: &'a [SeenFile],
    settled: i128,
}

impl Cursor<'_> {
    /// The blob the file at `path` holds, if the list stands for it: listed with this
    /// very stat data, by a read that began well after its last change. `path` must not
    /// sort before the one asked for last.
    pub fn blob(&mut self, path: &str, stat: &Stat) -> Option<ObjectId> {
        while let Some((first, rest)) = self.files.split_first()
            && first.path.as_str() < path
        {
            self.files = rest;
        }
        let seen = self.files.first().filter(|f| f.path == path)?;
        (seen.stat == *stat && stat.mtime < self.settled && stat.ctime < self.settled)
            .then(|| ObjectId::from_bytes(seen.blob))
            .flatten()
    }
}

/// The file system's clock: the modification time of a file written under `dir` now
/// (`None` where it cannot be written).
fn file_system_now(dir: &Path) -> Option<i128> {
    use std::io::Write;
    std::fs::create_dir_all(dir).ok()?;
    let mut clock = std::fs::File::create(dir.join("files.clock")).ok()?;
    clock.write_all(b"0").ok()?;
    Some(Stat::of(&clock.metadata().ok()?)?.mtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i128 = 1_000_000_000;

    fn stat(ctime: i128) -> Stat {
        Stat {
            size: 10,
            ino: 7,
            dev: 1,
            mode: 0o100644,
            mtime: ctime,
            ctime,
        }
    }

    fn blob(n: u8) -> [u8; 20] {
        [n; 20]
    }

    fn seen(dir: &std::path::Path, now: i128) -> Seen {
        Seen::at(dir.join("files.bin"), "/s".into(), now)
    }

    #[test]
    fn a_file_stands_for_its_bytes_only_with_the_same_stat_data_well_before_the_read() {
        let dir = tempfile::tempdir().unwrap();
        let t = 1_000_000 * SECOND;
        let files = vec![
            SeenFile {
                path: "s/a.yaml".into(),
                stat: stat(t - 10 * SECOND),
                blob: blob(1),
            },
            // Changed a second before the read: its times could be those of a later
            // edit within the same tick.
            SeenFile {
                path: "s/b.yaml".into(),
                stat: stat(t - SECOND),
                blob: blob(2),
            },
        ];
        seen(dir.path(), t).save(files.clone(), None);
        let later = seen(dir.path(), t + 100 * SECOND);
        let a = files[0].stat;
        assert_eq!(later.blob("s/a.yaml", &a), ObjectId::from_bytes(blob(1)));
        assert_eq!(later.blob("s/b.yaml", &files[1].stat), None, "racily listed");
        assert_eq!(later.blob("s/c.yaml", &a), None, "not listed");
        for changed in [
            Stat { size: 11, ..a },
            Stat { ino: 8, ..a },
            Stat { dev: 2, ..a },
            Stat { mode: 0o100755, ..a },
            Stat {
                mtime: a.mtime + 1,
                ..a
            },
            Stat {
                ctime: a.ctime + 1,
                ..a
            },
        ] {
            assert_eq!(later.blob("s/a.yaml", &changed), None, "{changed:?}");
        }
        // Another folder's list, or a damaged one, stands for nothing.
        let other = Seen::at(dir.path().join("files.bin"), "/t".into(), t + 100 * SECOND);
        assert_eq!(other.blob("s/a.yaml", &a), None);
        let file = dir.path().join("files.bin");
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, bytes).unwrap();
        assert_eq!(seen(dir.path(), t + 100 * SECOND).blob("s/a.yaml", &a), None);
    }

    /// Writing a list deletes the lists of folders that are gone and those that cannot
    /// be read, and keeps those of folders still there, and every other file.
    #[test]
    fn lists_of_folders_that_are_gone_are_deleted_as_a_list_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let here = dir.path().join("strategy");
        let other = dir.path().join("other");
        std::fs::create_dir(&here).unwrap();
        std::fs::create_dir(&other).unwrap();
        let tracker = dir.path().join(".git/tracker");
        std::fs::create_dir_all(&tracker).unwrap();
        let t = 1_000_000 * SECOND;
        let list = |folder: &Path| {
            let folder = folder.to_string_lossy().into_owned();
            let name = format!("files-{:016x}.bin", checksum(folder.as_bytes()));
            (tracker.join(name), folder)
        };
        let save = |folder: &Path| {
            let (path, folder) = list(folder);
            Seen::at(path.clone(), folder, t).save(Vec::new(), None);
            path
        };
        let gone = dir.path().join("moved-away");
        std::fs::create_dir(&gone).unwrap();
        let (gone_list, other_list) = (save(&gone), save(&other));
        std::fs::remove_dir(&gone).unwrap();
        let unreadable = tracker.join("files-00000000000000ff.bin");
        let unlike = [tracker.join("files-zz.bin"), tracker.join("history-strategy.bin")];
        for p in std::iter::once(&unreadable).chain(&unlike) {
            std::fs::write(p, "not a list").unwrap();
        }
        assert!(gone_list.exists() && other_list.exists(), "written");
        let here_list = save(&here);
        assert!(here_list.exists(), "the list written");
        assert!(other_list.exists(), "another folder's list is kept");
        assert!(
            !gone_list.exists(),
            "the list of a folder that is gone is deleted"
        );
        assert!(
            !unreadable.exists(),
            "a list too damaged to name its folder is deleted"
        );
        // Another version's list of a folder still there is kept.
        let bytes = std::fs::read(&other_list).unwrap();
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        let at = bytes
            .windows(version.len())
            .position(|w| w == version)
            .expect("the version");
        let mut older = bytes.clone();
        older[at] = older[at].wrapping_add(1);
        std::fs::write(&other_list, &older).unwrap();
        assert!(
            load_checked::<List>(&other_list, FORMAT, MAX_BYTES).is_none(),
            "not this version's"
        );
        save(&here);
        assert!(
            other_list.exists(),
            "another version's list of a folder still there is kept"
        );
        assert!(unlike.iter().all(|p| p.exists()), "other files are kept");
    }

    #[test]
    fn a_file_read_again_is_listed_anew() {
        let dir = tempfile::tempdir().unwrap();
        let t = 1_000_000 * SECOND;
        let b = SeenFile {
            path: "s/b.yaml".into(),
            stat: stat(t - SECOND),
            blob: blob(2),
        };
        seen(dir.path(), t).save(vec![b.clone()], None);
        // Read again by a later read (it was racily listed): listed by that read, and
        // standing for its bytes from then on.
        seen(dir.path(), t + 10 * SECOND).save(vec![b.clone()], None);
        let later = seen(dir.path(), t + 20 * SECOND);
        assert_eq!(later.blob("s/b.yaml", &b.stat), ObjectId::from_bytes(blob(2)));
    }
}
