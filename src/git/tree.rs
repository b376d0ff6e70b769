//! Reading the strategy folder straight from the git object store: what changed
//! between two versions of it, or (the same walk against nothing) every file of one.
//!
//! Only changed sub-folders are descended into, and both sorted entry lists are walked
//! side by side, so an unchanged folder costs one id comparison.

use super::ObjectId;
use crate::error::Result;
use crate::finding::{Finding, Pos, Rule};
use crate::source::{Content, MAX_FILE_BYTES, RawFile, is_yaml, too_big};
use git2::{ObjectType, Repository};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

/// The git file mode of a symlink.
pub const SYMLINK_MODE: i32 = 0o120000;

/// The git file mode of a plain file.
pub const FILE_MODE: i32 = 0o100644;

/// A file's version in a tree: blob id and mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// The blob.
    pub blob: ObjectId,
    /// The git file mode ([`SYMLINK_MODE`] for a symlink).
    pub mode: i32,
}

/// What a changed file holds now.
#[derive(Debug, Clone)]
pub enum Now {
    /// The file was deleted.
    Gone,
    /// The file's bytes, read from the object store or from disk.
    Bytes(Version, Arc<[u8]>),
    /// The file could not be read as a commitment; the finding says why.
    Refused(Version, Arc<Finding>),
}

/// A file that differs between two versions.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Displayed path.
    pub path: String,
    /// Its new content.
    pub now: Now,
}

/// The git file mode of a folder.
const TREE_MODE: u32 = 0o040000;

/// One entry of a raw tree object: `MODE SP NAME NUL ID(20 bytes)`.
#[derive(Clone, Copy)]
struct Entry<'a> {
    mode: u32,
    name: &'a [u8],
    id: &'a [u8],
}

impl Entry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == TREE_MODE
    }

    fn oid(&self) -> git2::Oid {
        git2::Oid::from_bytes(self.id).unwrap_or_else(|_| git2::Oid::zero())
    }
}

/// The entries of a raw tree object, in the order git stores them; stops at the first
/// malformed entry (which `git fsck` would reject).
fn entries(data: &[u8]) -> impl Iterator<Item = Entry<'_>> {
    let mut rest = data;
    std::iter::from_fn(move || {
        let space = rest.iter().position(|b| *b == b' ')?;
        let nul = space + rest[space..].iter().position(|b| *b == 0)?;
        if rest.len() < nul + 21 {
            return None;
        }
        let mode = rest[..space].iter().try_fold(0u32, |m, b| {
            (b'0'..=b'7').contains(b).then(|| m * 8 + u32::from(b - b'0'))
        })?;
        let e = Entry {
            mode,
            name: &rest[space + 1..nul],
            id: &rest[nul + 1..nul + 21],
        };
        rest = &rest[nul + 21..];
        Some(e)
    })
}

/// Orders tree entries as git does: a folder's name sorts as if it ended with `/`.
fn git_order(a: &Entry<'_>, b: &Entry<'_>) -> Ordering {
    let common = a.name.len().min(b.name.len());
    match a.name[..common].cmp(&b.name[..common]) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |e: &Entry<'_>| -> Option<u8> {
        match e.name.get(common) {
            Some(b) => Some(*b),
            None if e.is_tree() => Some(b'/'),
            None => None,
        }
    };
    next(a).cmp(&next(b))
}

/// Tree objects read from the object store without libgit2's parse or object cache,
/// keeping those of the last comparison: a history walk compares each commit's trees
/// with its parent's, so every tree is asked for twice in a row.
pub struct Trees {
    last: HashMap<git2::Oid, Arc<[u8]>>,
    now: HashMap<git2::Oid, Arc<[u8]>>,
}

impl Trees {
    /// An empty store.
    pub fn new() -> Self {
        Trees {
            last: HashMap::new(),
            now: HashMap::new(),
        }
    }

    fn get(&mut self, odb: &git2::Odb<'_>, id: git2::Oid) -> std::result::Result<Arc<[u8]>, git2::Error> {
        if let Some(t) = self.now.get(&id).or_else(|| self.last.get(&id)) {
            let t = Arc::clone(t);
            self.now.insert(id, Arc::clone(&t));
            return Ok(t);
        }
        let object = odb.read(id)?;
        if object.kind() != ObjectType::Tree {
            return Err(git2::Error::from_str(&format!(
                "object {id} is a {}, not a folder",
                object.kind()
            )));
        }
        let data: Arc<[u8]> = Arc::from(object.data());
        self.now.insert(id, Arc::clone(&data));
        Ok(data)
    }

    /// Ends one comparison: its trees become the ones kept.
    fn turn(&mut self) {
        self.last = std::mem::take(&mut self.now);
    }
}

impl Default for Trees {
    fn default() -> Self {
        Trees::new()
    }
}

/// One pair of folders still to compare.
struct Pending {
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: String,
}

/// Lists the YAML files that differ between two versions of a folder (`None`: absent),
/// with the versions they have now, sorted by path. `prefix` is the folder's displayed
/// path; `at` names the commit for errors. Folders are walked with a work list rather
/// than by recursion, so no depth of nesting can overflow the stack, and only changed
/// sub-folders are read.
pub(super) fn diff(
    git: &Repository,
    trees: &mut Trees,
    at: &str,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    out: &mut Vec<(String, Option<Version>)>,
) -> Result<()> {
    let odb = git
        .odb()
        .map_err(|e| crate::error::Error::git("cannot open the object store", e))?;
    let mut pending = vec![Pending {
        old,
        new,
        prefix: prefix.to_owned(),
    }];
    let start = out.len();
    let result = (|| {
        while let Some(p) = pending.pop() {
            if p.old == p.new {
                continue;
            }
            let mut read = |id: ObjectId| {
                trees.get(&odb, id.0).map_err(|e| {
                    let what = if p.prefix.is_empty() {
                        "the strategy folder".to_owned()
                    } else {
                        format!("the folder `{}`", p.prefix)
                    };
                    super::object_error(git, at, &what, e)
                })
            };
            let old_tree = p.old.map(&mut read).transpose()?;
            let new_tree = p.new.map(&mut read).transpose()?;
            let mut a = old_tree.iter().flat_map(|t| entries(t)).peekable();
            let mut b = new_tree.iter().flat_map(|t| entries(t)).peekable();
            loop {
                let order = match (a.peek(), b.peek()) {
                    (None, None) => break,
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (Some(x), Some(y)) => git_order(x, y),
                };
                let (x, y) = match order {
                    Ordering::Less => (a.next(), None),
                    Ordering::Greater => (None, b.next()),
                    Ordering::Equal => (a.next(), b.next()),
                };
                if let (Some(x), Some(y)) = (&x, &y)
                    && x.id == y.id
                    && x.mode == y.mode
                {
                    continue;
                }
                entry(x.as_ref(), y.as_ref(), &p.prefix, out, &mut pending);
            }
        }
        Ok(())
    })();
    trees.turn();
    result?;
    out[start..].sort_by(|a, b| a.0.cmp(&b.0));
    Ok(())
}

fn entry(
    old: Option<&Entry<'_>>,
    new: Option<&Entry<'_>>,
    prefix: &str,
    out: &mut Vec<(String, Option<Version>)>,
    pending: &mut Vec<Pending>,
) {
    let Some(any) = new.or(old) else { return };
    if any.name.starts_with(b".") {
        return;
    }
    let name = String::from_utf8_lossy(any.name);
    let path = crate::source::display_path(prefix, &name);
    let as_tree = |e: Option<&Entry<'_>>| e.filter(|e| e.is_tree()).map(|e| ObjectId(e.oid()));
    // A file is a blob: a plain or executable file, or a symlink (refused when read).
    let is_blob = |e: &Entry<'_>| matches!(e.mode & 0o170000, 0o100000 | 0o120000);
    let as_file = |e: Option<&Entry<'_>>| {
        e.filter(|e| is_blob(e) && is_yaml(&name)).map(|e| Version {
            blob: ObjectId(e.oid()),
            mode: e.mode as i32,
        })
    };
    let (old_tree, new_tree) = (as_tree(old), as_tree(new));
    let (old_file, new_file) = (as_file(old), as_file(new));
    if old_file.is_some() || new_file.is_some() {
        out.push((path.clone(), new_file));
    }
    if old_tree.is_some() || new_tree.is_some() {
        pending.push(Pending {
            old: old_tree,
            new: new_tree,
            prefix: path,
        });
    }
}

/// Reads the content of a changed file from the object store; `at` names the commit
/// for errors.
pub(super) fn read(git: &Repository, at: &str, path: String, version: Option<Version>) -> Result<FileChange> {
    read_with(git, at, path, version, None)
}

/// [`read`], skipping the size check for the blobs `sizes` knows to be within the limit
/// and noting the others it checks.
fn read_with(
    git: &Repository,
    at: &str,
    path: String,
    version: Option<Version>,
    sizes: Option<&mut super::sizes::Sizes>,
) -> Result<FileChange> {
    let Some(v) = version else {
        return Ok(FileChange { path, now: Now::Gone });
    };
    if v.mode == SYMLINK_MODE {
        let f = Finding::error(
            &path,
            Pos::START,
            Rule::Symlink,
            "the file is a symlink in git; commitment files must be plain files",
        )
        .with_hint("replace the link with a copy of the file, and commit that");
        return Ok(FileChange {
            now: Now::Refused(v, Arc::new(f)),
            path,
        });
    }
    let missing = |e| super::object_error(git, at, &format!("the file {path}"), e);
    let odb = git.odb().map_err(missing)?;
    // The size first: a file over the limit is refused without being inflated (unless
    // it was found within the limit before; it is measured again once read regardless).
    let known = sizes.as_deref().is_some_and(|s| s.known(v.blob.0));
    if !known {
        let (size, _) = odb.read_header(v.blob.0).map_err(missing)?;
        if size as u64 > MAX_FILE_BYTES {
            let refused = Now::Refused(v, Arc::new(too_big(&path, size as u64)));
            return Ok(FileChange { path, now: refused });
        }
        if let Some(sizes) = sizes {
            sizes.checked(v.blob.0);
        }
    }
    let blob = odb.read(v.blob.0).map_err(missing)?;
    let size = blob.data().len() as u64;
    let now = if size > MAX_FILE_BYTES {
        Now::Refused(v, Arc::new(too_big(&path, size)))
    } else {
        Now::Bytes(v, Arc::from(blob.data()))
    };
    Ok(FileChange { path, now })
}

/// Every YAML file of the tree `tree` (a strategy folder), with its content, given to
/// `each` as it is read until it says to stop: the file displayed as `first` before the
/// others, which come sorted by path; displayed paths start with `name`. The size check
/// is skipped for the blobs `sizes` knows, and the others it checks are noted there.
pub(super) fn files_each(
    git: &Repository,
    at: &str,
    tree: ObjectId,
    (name, first): (&str, &str),
    each: &mut dyn FnMut(RawFile) -> std::ops::ControlFlow<()>,
    sizes: &mut super::sizes::Sizes,
) -> Result<()> {
    let mut listed = Vec::new();
    diff(git, &mut Trees::new(), at, None, Some(tree), name, &mut listed)?;
    if let Some(i) = listed.iter().position(|(path, _)| path == first) {
        listed[..=i].rotate_right(1);
    }
    for (path, version) in listed {
        let change = read_with(git, at, path, version, Some(&mut *sizes))?;
        let content = match change.now {
            Now::Bytes(v, data) => Content::Bytes {
                data,
                blob: Some(v.blob),
            },
            Now::Refused(_, f) => Content::Refused(Box::new((*f).clone())),
            Now::Gone => Content::Refused(Box::new(Finding::error(
                &change.path,
                Pos::START,
                Rule::Unreadable,
                "the file is listed in the tree but could not be read",
            ))),
        };
        let file = RawFile {
            path: change.path,
            content,
        };
        if each(file).is_break() {
            break;
        }
    }
    Ok(())
}

/// Every YAML file that differs between two trees, with its content.
pub(super) fn changes(
    git: &Repository,
    trees: &mut Trees,
    at: &str,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    name: &str,
) -> Result<Vec<FileChange>> {
    let mut list = Vec::new();
    diff(git, trees, at, old, new, name, &mut list)?;
    list.into_iter().map(|(path, v)| read(git, at, path, v)).collect()
}

/// The version of every YAML file of a tree, by displayed path.
pub(super) fn versions(
    git: &Repository,
    at: &str,
    tree: Option<ObjectId>,
    name: &str,
) -> Result<Vec<(String, Version)>> {
    let mut listed = Vec::new();
    diff(git, &mut Trees::new(), at, None, tree, name, &mut listed)?;
    Ok(listed.into_iter().filter_map(|(p, v)| Some((p, v?))).collect())
}
