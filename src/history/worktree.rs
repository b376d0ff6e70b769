//! The working tree against HEAD: which files on disk differ from the last commit's,
//! read on every core, with the list of files seen ([`super::seen`]) standing for those
//! unchanged since they were last read.

use super::seen::{Seen, SeenFile, Stat};
use crate::error::Result;
use crate::git::ObjectId;
use crate::git::tree::{FILE_MODE, FileChange, Now, SYMLINK_MODE, Version};
use crate::source::{Content, WorkTree};
use std::sync::Arc;

/// A working-tree file as this read found it.
pub(super) enum OnDisk {
    /// Read, with its blob id.
    Read(Now),
    /// Not read: the list of files seen before says it holds this blob.
    Seen(ObjectId),
}

/// What a read of the working tree found, and the list of files seen it leaves to save.
pub(super) struct Found {
    /// The files on disk, in path order.
    pub(super) files: Vec<(String, OnDisk)>,
    /// Whether every file on disk is one the list stands for, and the list no other:
    /// the working tree is the list's files, as listed.
    pub(super) as_listed: bool,
    pending: Pending,
}

/// The list of files seen, to be saved once the files are compared with HEAD's.
pub(super) struct Pending {
    seen: Seen,
    /// This read's list, when it differs from the one read.
    fresh: Option<Vec<SeenFile>>,
}

impl Pending {
    /// Saves the list when it changed, or when the tree it names changed: `equal` is
    /// HEAD's strategy tree when the files on disk were found to be exactly its files.
    pub(super) fn save(self, equal: Option<ObjectId>) {
        match self.fresh {
            Some(files) => self.seen.save(files, equal),
            None => self.seen.retree(equal),
        }
    }
}

/// The working tree's files, each with its blob id: the stat data of all first, then
/// the files the list of files seen before does not stand for read and hashed, both on
/// every core.
pub(super) fn worktree_files(wt: &WorkTree, seen: Seen) -> Result<Found> {
    // The stat data of each name, on every core, when there is a list to hold them to;
    // then the list joined with the names in path order (a binary search for each name
    // missed the processor's caches at every step, a third of a warm run on 12,000
    // files); then the files it does not stand for read, on every core.
    let names = wt.names_map(|name| {
        let stat = if seen.is_empty() {
            None
        } else {
            name.metadata().as_ref().and_then(Stat::of)
        };
        (name, stat)
    })?;
    let mut files: Vec<Option<(String, OnDisk)>> = Vec::with_capacity(names.len());
    // Each file's stat data and blob, for the list written next.
    let mut list: Vec<Option<(Stat, ObjectId)>> = Vec::with_capacity(names.len());
    let mut unread = Vec::new();
    let mut cursor = seen.cursor();
    let mut matched = 0;
    for (i, (name, stat)) in names.into_iter().enumerate() {
        match stat.and_then(|stat| Some((stat, cursor.blob(name.path(), &stat)?))) {
            Some((stat, blob)) => {
                matched += 1;
                list.push(Some((stat, blob)));
                files.push(Some((name.path().to_owned(), OnDisk::Seen(blob))));
            }
            None => {
                list.push(None);
                files.push(None);
                unread.push((i, name));
            }
        }
    }
    let read_now = crate::par::map(unread, |(i, name)| {
        let (file, meta) = name.read_with_metadata();
        (i, file.path, now_of(file.content), meta)
    });
    let mut read = false;
    for (i, path, now, meta) in read_now {
        let now = now?;
        if let (Now::Bytes(v, _), Some(stat)) = (&now, meta.as_ref().and_then(Stat::of)) {
            read = true;
            list[i] = Some((stat, v.blob));
        }
        files[i] = Some((path, OnDisk::Read(now)));
    }
    // Every listed file found as it was listed, and none read that could be listed
    // (those refused, a FIFO or a file too large, never are): the list stays as it is.
    let unchanged = !read && matched == seen.len();
    let as_listed = unchanged && matched == files.len() && !seen.is_empty();
    let files: Vec<(String, OnDisk)> = files.into_iter().flatten().collect();
    let fresh = (!unchanged).then(|| {
        files
            .iter()
            .zip(list)
            .filter_map(|((path, _), listed)| {
                let (stat, blob) = listed?;
                Some(SeenFile {
                    path: path.clone(),
                    stat,
                    blob: blob.to_bytes()?,
                })
            })
            .collect()
    });
    Ok(Found {
        files,
        as_listed,
        pending: Pending { seen, fresh },
    })
}

/// The working tree's changes against HEAD, whose strategy tree is `tree`, and the list
/// of files seen saved. `head` is HEAD's versions, read beside the files, or `None` when
/// the list said the files were HEAD's tree's exactly and it still is HEAD's: then, if
/// every file is still as listed, nothing changed and HEAD's versions need not be read
/// at all (on a strategy folder of 12,000 files that was a third of a warm `history`);
/// if one changed, they are read now.
pub(super) fn changes(
    wt: &WorkTree,
    repo: &crate::git::Repo,
    tree: Option<ObjectId>,
    head: Option<Vec<(String, Version)>>,
    found: Found,
) -> Result<Vec<FileChange>> {
    let Found {
        files,
        as_listed,
        pending,
    } = found;
    let edits = match head {
        None if as_listed => Vec::new(),
        head => {
            let head = match head {
                Some(h) => h,
                None => repo.versions("HEAD", tree)?,
            };
            worktree_changes(wt, head, files)?
        }
    };
    pending.save(if edits.is_empty() { tree } else { None });
    Ok(edits)
}

/// A working-tree file's content with its blob id.
fn now_of(content: Content) -> Result<Now> {
    Ok(match content {
        Content::Bytes { data, .. } => Now::Bytes(
            Version {
                blob: ObjectId::for_blob(&data)?,
                mode: FILE_MODE,
            },
            data,
        ),
        Content::Refused(f) => Now::Refused(
            Version {
                blob: ObjectId::for_blob(f.message.as_bytes())?,
                mode: FILE_MODE,
            },
            Arc::new(*f),
        ),
    })
}

/// The changes from the last commit's files (`head`) to the files on disk (in path
/// order); a file the list of files seen stood for is read when it differs from HEAD's.
pub(super) fn worktree_changes(
    wt: &WorkTree,
    mut head: Vec<(String, Version)>,
    on_disk: Vec<(String, OnDisk)>,
) -> Result<Vec<FileChange>> {
    // Both in path order (HEAD's versions come sorted), joined as they go.
    if !head.is_sorted_by(|a, b| a.0 < b.0) {
        head.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    let mut head = head.into_iter().peekable();
    let mut changes = Vec::new();
    for (path, on_disk) in on_disk {
        while let Some((gone, _)) = head.next_if(|(p, _)| *p < path) {
            changes.push(FileChange {
                path: gone,
                now: Now::Gone,
            });
        }
        let committed = head.next_if(|(p, _)| *p == path).map(|(_, v)| v);
        let same = |blob: ObjectId| committed.is_some_and(|c| c.blob == blob && c.mode != SYMLINK_MODE);
        let now = match on_disk {
            OnDisk::Read(now) => now,
            OnDisk::Seen(blob) if same(blob) => continue,
            OnDisk::Seen(_) => now_of(wt.read_path(&path).content)?,
        };
        let unchanged = match &now {
            Now::Bytes(v, _) => same(v.blob),
            _ => false,
        };
        if !unchanged {
            changes.push(FileChange { path, now });
        }
    }
    changes.extend(head.map(|(path, _)| FileChange { path, now: Now::Gone }));
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::Repo;

    /// A repository with two committed commitment files, one of them edited since (to
    /// bytes of the same length), and its strategy folder's tree at HEAD.
    fn edited() -> (tempfile::TempDir, WorkTree, Repo, Option<ObjectId>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let git = git2::Repository::init(dir.path()).expect("a repository");
        let s = dir.path().join("strategy");
        std::fs::create_dir(&s).expect("a folder");
        std::fs::write(s.join("strategy.yaml"), "title: T\n").expect("written");
        std::fs::write(s.join("a.yaml"), "id: a\n").expect("written");
        std::fs::write(s.join("b.yaml"), "id: b\n").expect("written");
        let mut index = git.index().expect("the index");
        index
            .add_all(["strategy"], git2::IndexAddOption::DEFAULT, None)
            .expect("added");
        let tree = git
            .find_tree(index.write_tree().expect("a tree"))
            .expect("the tree");
        let folder = tree.get_name("strategy").expect("the folder").id();
        let who = git2::Signature::new("A", "a@example.org", &git2::Time::new(1_700_000_000, 0))
            .expect("a signature");
        git.commit(Some("HEAD"), &who, &who, "Add", &tree, &[])
            .expect("a commit");
        std::fs::write(s.join("b.yaml"), "id: c\n").expect("edited");
        let wt = WorkTree::discover(dir.path(), None).expect("the strategy");
        let repo = Repo::open(&wt).expect("opened");
        (dir, wt, repo, folder.to_string().parse().ok())
    }

    /// The working tree's changes (path, and whether the file has bytes), the list of
    /// files seen read as by a read beginning at `now`.
    fn changes_at(wt: &WorkTree, repo: &Repo, tree: Option<ObjectId>, now: i128) -> Vec<(String, bool)> {
        let list = repo.git_dir().join("tracker/files.bin");
        let seen = Seen::at(list, wt.dir.to_string_lossy().into_owned(), now);
        // As the walk does: HEAD's versions left unread when the list says the files are
        // HEAD's tree's.
        let listed_equal = tree.is_some() && seen.tree() == tree;
        let found = worktree_files(wt, seen).expect("read");
        let head = (!listed_equal).then(|| repo.versions("HEAD", tree).expect("versions"));
        let mut changes: Vec<(String, bool)> = changes(wt, repo, tree, head, found)
            .expect("compared")
            .into_iter()
            .map(|c| (c.path, matches!(c.now, Now::Bytes(..))))
            .collect();
        changes.sort();
        changes
    }

    /// Files listed by a read well after their last change are not read again, but one
    /// that differs from HEAD is (its bytes are needed); a list is believed only for
    /// files whose stat data are those it lists, listed well after their last change.
    #[test]
    fn the_list_of_files_seen_stands_for_unchanged_files_and_no_edit_is_lost() {
        let (_dir, wt, repo, tree) = edited();
        let list = repo.git_dir().join("tracker/files.bin");
        let folder = wt.dir.to_string_lossy().into_owned();
        let stat = |name: &str| {
            Stat::of(&std::fs::symlink_metadata(wt.dir.join(name)).expect("stat")).expect("stat data")
        };
        let blob = |bytes: &[u8]| ObjectId::for_blob(bytes).expect("hashed");
        let edit = vec![("strategy/b.yaml".to_owned(), true)];
        // A read long after the files were written (year 2262).
        let long_after = i128::from(i64::MAX);

        // No list: every file read, the edit found, the list written.
        assert_eq!(changes_at(&wt, &repo, tree, long_after), edit, "with no list");
        let seen = Seen::at(list.clone(), folder.clone(), long_after);
        assert_eq!(
            seen.blob("strategy/a.yaml", &stat("a.yaml")),
            Some(blob(b"id: a\n"))
        );
        assert_eq!(
            seen.blob("strategy/b.yaml", &stat("b.yaml")),
            Some(blob(b"id: c\n"))
        );
        // With it: the edited file, differing from HEAD, is still read for its bytes ...
        let bytes = std::fs::read(&list).expect("the list");
        assert_eq!(
            changes_at(&wt, &repo, tree, long_after - 1),
            edit,
            "from the list"
        );
        // ... and the list, every file listed as it was, is left as it is (a list written
        // again would say when this later read began), even beside a name that is never
        // listed (a FIFO) ...
        let made = std::process::Command::new("mkfifo")
            .arg(wt.dir.join("fifo.yaml"))
            .status()
            .expect("mkfifo is part of coreutils");
        assert!(made.success());
        let with_fifo = vec![edit[0].clone(), ("strategy/fifo.yaml".to_owned(), false)];
        assert_eq!(changes_at(&wt, &repo, tree, long_after - 1), with_fifo, "a FIFO");
        assert_eq!(
            std::fs::read(&list).expect("the list"),
            bytes,
            "not written again"
        );
        std::fs::remove_file(wt.dir.join("fifo.yaml")).expect("removed");
        // ... but written again when a listed file is gone and another came, as many.
        std::fs::rename(wt.dir.join("a.yaml"), wt.dir.join("c.yaml")).expect("renamed");
        let renamed = vec![
            ("strategy/a.yaml".to_owned(), false),
            edit[0].clone(),
            ("strategy/c.yaml".to_owned(), true),
        ];
        assert_eq!(changes_at(&wt, &repo, tree, long_after - 1), renamed, "renamed");
        assert_ne!(std::fs::read(&list).expect("the list"), bytes, "written again");
        let seen = Seen::at(list.clone(), folder.clone(), long_after);
        assert_eq!(
            seen.blob("strategy/c.yaml", &stat("c.yaml")),
            Some(blob(b"id: a\n"))
        );
        std::fs::rename(wt.dir.join("c.yaml"), wt.dir.join("a.yaml")).expect("renamed back");

        // A list that says the edited file holds HEAD's bytes, its stat data right, is
        // believed: the list, not the file, answers ...
        let lie = |scanned: i128| {
            let listed = |name: &str, bytes: &[u8]| SeenFile {
                path: format!("strategy/{name}"),
                stat: stat(name),
                blob: blob(bytes).to_bytes().expect("20 bytes"),
            };
            let files = vec![listed("a.yaml", b"id: a\n"), listed("b.yaml", b"id: b\n")];
            Seen::at(list.clone(), folder.clone(), scanned).save(files, None);
        };
        lie(long_after);
        assert_eq!(
            changes_at(&wt, &repo, tree, long_after),
            vec![],
            "the list believed"
        );
        // ... but not when listed by a read that began before the file's last change
        // (at the epoch, here) ...
        lie(0);
        assert_eq!(changes_at(&wt, &repo, tree, long_after), edit, "listed too early");
        // ... nor once the file is edited again, to bytes of the same length.
        lie(long_after);
        std::fs::write(wt.dir.join("b.yaml"), "id: d\n").expect("edited again");
        assert_eq!(changes_at(&wt, &repo, tree, long_after), edit, "after an edit");
        let seen = Seen::at(list, folder, long_after);
        assert_eq!(
            seen.blob("strategy/b.yaml", &stat("b.yaml")),
            Some(blob(b"id: d\n"))
        );
    }

    /// A list found to be HEAD's tree's files exactly says so, and while HEAD's tree and
    /// every file are as listed, HEAD's versions are not read: the list's word is taken
    /// (shown here by a list whose word is false). Not once a file changed, nor for
    /// another tree; a read that finds an edit, or a change of HEAD, lists no tree.
    #[test]
    fn a_list_found_equal_to_heads_tree_stands_for_it_while_nothing_changed() {
        let (_dir, wt, repo, tree) = edited();
        let list = repo.git_dir().join("tracker/files.bin");
        let folder = wt.dir.to_string_lossy().into_owned();
        let long_after = i128::from(i64::MAX);
        let listed_tree = || Seen::at(list.clone(), folder.clone(), long_after).tree();
        let edit = vec![("strategy/b.yaml".to_owned(), true)];
        // With the edit on disk: found, and no tree listed.
        assert_eq!(changes_at(&wt, &repo, tree, long_after), edit);
        assert_eq!(listed_tree(), None, "the files are not HEAD's");
        // The edit undone: nothing found, and HEAD's tree listed ...
        std::fs::write(wt.dir.join("b.yaml"), "id: b\n").expect("written back");
        assert_eq!(changes_at(&wt, &repo, tree, long_after), vec![]);
        assert_eq!(listed_tree(), tree, "the files are HEAD's");
        // ... and kept by a read that finds them as listed.
        let bytes = std::fs::read(&list).expect("the list");
        assert_eq!(changes_at(&wt, &repo, tree, long_after), vec![]);
        assert_eq!(
            std::fs::read(&list).expect("the list"),
            bytes,
            "not written again"
        );
        // A list that says, falsely, that files differing from HEAD are its tree's: its
        // word is taken while HEAD's tree is that tree ...
        std::fs::write(wt.dir.join("b.yaml"), "id: c\n").expect("edited");
        let stat = |name: &str| {
            Stat::of(&std::fs::symlink_metadata(wt.dir.join(name)).expect("stat")).expect("stat data")
        };
        let claim = |tree: Option<ObjectId>| {
            let listed = |name: &str, bytes: &[u8]| SeenFile {
                path: format!("strategy/{name}"),
                stat: stat(name),
                blob: ObjectId::for_blob(bytes)
                    .expect("hashed")
                    .to_bytes()
                    .expect("20 bytes"),
            };
            let files = vec![
                listed("a.yaml", b"id: a\n"),
                listed("b.yaml", b"id: c\n"),
                listed("strategy.yaml", b"title: T\n"),
            ];
            Seen::at(list.clone(), folder.clone(), long_after).save(files, tree);
        };
        claim(tree);
        assert_eq!(
            changes_at(&wt, &repo, tree, long_after),
            vec![],
            "HEAD's versions not read"
        );
        // ... not for another tree ...
        let other = ObjectId::for_blob(b"another tree").ok();
        claim(other);
        assert_eq!(changes_at(&wt, &repo, tree, long_after), edit, "another tree");
        // ... nor beside a name the list does not hold (a FIFO, which is never listed) ...
        claim(tree);
        let made = std::process::Command::new("mkfifo")
            .arg(wt.dir.join("fifo.yaml"))
            .status()
            .expect("mkfifo is part of coreutils");
        assert!(made.success());
        let with_fifo = vec![edit[0].clone(), ("strategy/fifo.yaml".to_owned(), false)];
        assert_eq!(changes_at(&wt, &repo, tree, long_after), with_fifo, "a FIFO");
        std::fs::remove_file(wt.dir.join("fifo.yaml")).expect("removed");
        // ... nor once a file is not as listed.
        claim(tree);
        std::fs::write(wt.dir.join("a.yaml"), "id: a \n").expect("edited");
        let both = vec![("strategy/a.yaml".to_owned(), true), edit[0].clone()];
        assert_eq!(
            changes_at(&wt, &repo, tree, long_after),
            both,
            "a file changed since"
        );
        assert_eq!(listed_tree(), None);
    }

    /// HEAD's versions and the files on disk joined in path order, whatever sorts
    /// between a folder and names that share its start, with files on one side only.
    #[test]
    fn the_files_on_disk_are_joined_with_heads_in_path_order() {
        let (_dir, wt, _repo, _tree) = edited();
        let version = |bytes: &[u8]| Version {
            blob: ObjectId::for_blob(bytes).expect("hashed"),
            mode: FILE_MODE,
        };
        let head: Vec<(String, Version)> =
            ["s/a.b.yaml", "s/a/x.yaml", "s/a0.yaml", "s/gone.yaml", "s/z.yaml"]
                .iter()
                .map(|p| ((*p).to_owned(), version(p.as_bytes())))
                .collect();
        let same = |p: &str| {
            (
                p.to_owned(),
                OnDisk::Read(Now::Bytes(version(p.as_bytes()), Arc::from(p.as_bytes()))),
            )
        };
        let seen = |p: &str| (p.to_owned(), OnDisk::Seen(version(p.as_bytes()).blob));
        let new = |p: &str| {
            (
                p.to_owned(),
                OnDisk::Read(Now::Bytes(version(b"new"), Arc::from(&b"new"[..]))),
            )
        };
        let on_disk = vec![
            new("s/0.yaml"),
            same("s/a.b.yaml"),
            seen("s/a/x.yaml"),
            new("s/a/y.yaml"),
            new("s/a0.yaml"),
            same("s/z.yaml"),
            new("s/zz.yaml"),
        ];
        let mut changes: Vec<(String, bool)> = worktree_changes(&wt, head, on_disk)
            .expect("joined")
            .into_iter()
            .map(|c| (c.path, matches!(c.now, Now::Gone)))
            .collect();
        changes.sort();
        let expected = [
            ("s/0.yaml", false),
            ("s/a/y.yaml", false),
            ("s/a0.yaml", false),
            ("s/gone.yaml", true),
            ("s/zz.yaml", false),
        ];
        assert_eq!(changes, expected.map(|(p, g)| (p.to_owned(), g)).to_vec());
    }
}
