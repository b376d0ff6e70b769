//! Blobs whose size was checked before, under `.git/tracker/sizes.bin`. A file over
//! [`MAX_FILE_BYTES`](crate::source::MAX_FILE_BYTES) is refused before libgit2 inflates
//! it, so each blob's size is asked for first; for a blob stored as a delta in a pack,
//! libgit2 answers by walking the whole delta chain, and at 10,000 files that was a
//! quarter of `status --at`. A blob's id is the hash of its content, so its size cannot
//! change: one checked once, anywhere in the history, need not be checked again.
//!
//! The file lists ids only (sorted, for a binary search), is versioned and checksummed
//! like the other caches, is written atomically, and is ignored when unreadable or when
//! `TRACKER_NO_CACHE` is set. Like them it is trusted as far as the repository is: a
//! blob read without its size asked for is still measured once read, and refused if it
//! is over the limit, so a wrong list can cost memory but cannot change a report.

use super::line::{load_checked, save_checked};
use std::path::{Path, PathBuf};

/// Bumped whenever the file's content or meaning changes.
const FORMAT: u32 = 3;

/// At most this many ids are kept (5 MiB): beyond it, those of the last read are kept,
/// and as many of the earlier ones as there is room for.
const MAX_IDS: usize = 1 << 18;

/// The blobs known to be within the limit, and those checked since the list was read.
#[derive(Debug, Default)]
pub(super) struct Sizes {
    /// Sorted.
    known: Vec<[u8; 20]>,
    checked: Vec<[u8; 20]>,
    /// Where the list is kept; `None` where it is not.
    path: Option<PathBuf>,
}

impl Sizes {
    /// The list of the repository whose git folder is `git_dir`: empty, and never saved,
    /// when caches are turned off.
    pub(super) fn load(git_dir: &Path) -> Self {
        if super::line::caches_disabled() {
            return Sizes::default();
        }
        Sizes::at(git_dir.join("tracker").join("sizes.bin"))
    }

    /// The list kept in the file `path`.
    fn at(path: PathBuf) -> Self {
        Sizes {
            known: read(&path).unwrap_or_default(),
            checked: Vec::new(),
            path: Some(path),
        }
    }

    /// Whether the blob `id` was found within the limit before.
    pub(super) fn known(&self, id: git2::Oid) -> bool {
        <[u8; 20]>::try_from(id.as_bytes()).is_ok_and(|id| self.known.binary_search(&id).is_ok())
    }

    /// Notes that the blob `id` was found within the limit.
    pub(super) fn checked(&mut self, id: git2::Oid) {
        if let Ok(id) = <[u8; 20]>::try_from(id.as_bytes()) {
            self.checked.push(id);
        }
    }

    /// Saves the list with the blobs checked since it was read; failing to is not an
    /// error for the report that read them.
    pub(super) fn save(self) {
        let Some(path) = self.path else { return };
        if self.checked.is_empty() {
            return;
        }
        // This read's ids first, then as many of the earlier ones as there is room for.
        let mut ids = self.checked;
        ids.sort_unstable();
        ids.dedup();
        ids.truncate(MAX_IDS);
        let room = MAX_IDS - ids.len();
        let earlier: Vec<[u8; 20]> = self
            .known
            .iter()
            .filter(|id| ids.binary_search(id).is_err())
            .take(room)
            .copied()
            .collect();
        ids.extend(earlier);
        ids.sort_unstable();
        save_checked(&path, FORMAT, &Ids(ids));
    }
}

/// The list as kept on disk.
#[derive(serde::Serialize, serde::Deserialize)]
struct Ids(#[serde(with = "super::flat::ids")] Vec<[u8; 20]>);

fn read(path: &Path) -> Option<Vec<[u8; 20]>> {
    // No more than a full list and its header: a larger file is not one this wrote.
    let Ids(ids) = load_checked(path, FORMAT, (MAX_IDS * 20 + 256) as u64)?;
    // Sorted, as written: a list that is not cannot be searched.
    ids.is_sorted().then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> git2::Oid {
        git2::Oid::from_bytes(&[n; 20]).unwrap()
    }

    #[test]
    fn blobs_checked_once_are_known_to_the_next_read_and_a_damaged_list_to_none() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tracker/sizes.bin");
        let mut sizes = Sizes::at(file.clone());
        assert!(!sizes.known(id(1)));
        sizes.checked(id(3));
        sizes.checked(id(1));
        sizes.save();
        let mut sizes = Sizes::at(file.clone());
        assert!(sizes.known(id(1)) && sizes.known(id(3)) && !sizes.known(id(2)));
        // The next read adds to the list.
        sizes.checked(id(2));
        sizes.save();
        let sizes = Sizes::at(file.clone());
        assert!(sizes.known(id(1)) && sizes.known(id(2)) && sizes.known(id(3)));
        // One byte changed: the list is not trusted.
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, bytes).unwrap();
        assert!(!Sizes::at(file).known(id(1)));
    }

    /// A list that names a blob over the limit (written by hand, or by another build)
    /// saves its size check, but the blob is still refused once read.
    #[test]
    fn a_blob_over_the_limit_is_refused_even_when_the_list_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let git = git2::Repository::init(dir.path()).unwrap();
        let big = vec![b'#'; crate::source::MAX_FILE_BYTES as usize + 1];
        let small = git.blob(b"id: a\n").unwrap();
        let large = git.blob(&big).unwrap();
        let mut tree = git.treebuilder(None).unwrap();
        tree.insert("a.yaml", small, 0o100644).unwrap();
        tree.insert("big.yaml", large, 0o100644).unwrap();
        let tree = super::super::ObjectId(tree.write().unwrap());
        let list = git.path().join("tracker/sizes.bin");
        let read = || {
            let mut files = Vec::new();
            let mut sizes = Sizes::at(list.clone());
            let mut each = |f| {
                files.push(f);
                std::ops::ControlFlow::Continue(())
            };
            super::super::tree::files_each(&git, "HEAD", tree, ("strategy", ""), &mut each, &mut sizes)
                .unwrap();
            sizes.save();
            files
                .into_iter()
                .map(|f| (f.path, matches!(f.content, crate::source::Content::Bytes { .. })))
                .collect::<Vec<_>>()
        };
        let expected = vec![
            ("strategy/a.yaml".to_owned(), true),
            ("strategy/big.yaml".to_owned(), false),
        ];
        assert_eq!(read(), expected);
        // The small blob was noted, the refused one not.
        let sizes = Sizes::at(list.clone());
        assert!(sizes.known(small) && !sizes.known(large));
        let mut lying = sizes;
        lying.checked(large);
        lying.save();
        assert!(Sizes::at(list.clone()).known(large));
        assert_eq!(read(), expected);
    }
}
