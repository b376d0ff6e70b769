//! Reading the strategy folder straight from the git object store: what changed
//! between two versions of it, or (the same walk against nothing) every file of one.
//!
//! Only changed sub-folders are descended into, and both sorted entry lists are walked
//! side by side, so an unchanged folder costs one id comparison.

use super::ObjectId;
use crate::error::Result;
use crate::finding::{Finding, Pos, Rule};
use crate::source::{Content, MAX_FILE_BYTES, RawFile, is_yaml, too_big};
use git2::{ObjectType, Repository, TreeEntry};
use std::cmp::Ordering;
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

/// Orders tree entries as git does: a folder's name sorts as if it ended with `/`.
fn git_order(a: &TreeEntry<'_>, b: &TreeEntry<'_>) -> Ordering {
    let key = |e: &TreeEntry<'_>, i: usize| -> Option<u8> {
        let name = e.name_bytes();
        match name.get(i) {
            Some(b) => Some(*b),
            None if i == name.len() && e.kind() == Some(ObjectType::Tree) => Some(b'/'),
            None => None,
        }
    };
    let mut i = 0;
    loop {
        match (key(a, i), key(b, i)) {
            (None, None) => return Ordering::Equal,
            (x, y) if x != y => return x.cmp(&y),
            _ => i += 1,
        }
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
/// than by recursion, so no depth of nesting can overflow the stack.
pub(super) fn diff(
    git: &Repository,
    at: &str,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    out: &mut Vec<(String, Option<Version>)>,
) -> Result<()> {
    let mut pending = vec![Pending {
        old,
        new,
        prefix: prefix.to_owned(),
    }];
    let start = out.len();
    while let Some(p) = pending.pop() {
        if p.old == p.new {
            continue;
        }
        let tree = |id: ObjectId| {
            git.find_tree(id.0).map_err(|e| {
                let what = if p.prefix.is_empty() {
                    "the strategy folder".to_owned()
                } else {
                    format!("the folder `{}`", p.prefix)
                };
                super::object_error(git, at, &what, e)
            })
        };
        let old_tree = p.old.map(tree).transpose()?;
        let new_tree = p.new.map(tree).transpose()?;
        let mut a = old_tree.iter().flat_map(|t| t.iter()).peekable();
        let mut b = new_tree.iter().flat_map(|t| t.iter()).peekable();
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
                && x.id() == y.id()
                && x.filemode() == y.filemode()
            {
                continue;
            }
            entry(x.as_ref(), y.as_ref(), &p.prefix, out, &mut pending);
        }
    }
    out[start..].sort_by(|a, b| a.0.cmp(&b.0));
    Ok(())
}

fn entry(
    old: Option<&TreeEntry<'_>>,
    new: Option<&TreeEntry<'_>>,
    prefix: &str,
    out: &mut Vec<(String, Option<Version>)>,
    pending: &mut Vec<Pending>,
) {
    let Some(any) = new.or(old) else { return };
    let name = String::from_utf8_lossy(any.name_bytes());
    if name.starts_with('.') {
        return;
    }
    let path = crate::source::display_path(prefix, &name);
    let as_tree = |e: Option<&TreeEntry<'_>>| {
        e.filter(|e| e.kind() == Some(ObjectType::Tree))
            .map(|e| ObjectId(e.id()))
    };
    let as_file = |e: Option<&TreeEntry<'_>>| {
        e.filter(|e| e.kind() == Some(ObjectType::Blob) && is_yaml(&name))
            .map(|e| Version {
                blob: ObjectId(e.id()),
                mode: e.filemode(),
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
    let blob = git
        .find_blob(v.blob.0)
        .map_err(|e| super::object_error(git, at, &format!("the file {path}"), e))?;
    let now = if blob.size() as u64 > MAX_FILE_BYTES {
        Now::Refused(v, Arc::new(too_big(&path, blob.size() as u64)))
    } else {
        Now::Bytes(v, Arc::from(blob.content()))
    };
    Ok(FileChange { path, now })
}

/// Every YAML file of the tree `tree` (a strategy folder), sorted by path, with its
/// content; displayed paths start with `name`.
pub(super) fn files(git: &Repository, at: &str, tree: ObjectId, name: &str) -> Result<Vec<RawFile>> {
    let mut listed = Vec::new();
    diff(git, at, None, Some(tree), name, &mut listed)?;
    listed
        .into_iter()
        .map(|(path, version)| {
            let change = read(git, at, path, version)?;
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
            Ok(RawFile {
                path: change.path,
                content,
            })
        })
        .collect()
}

/// Every YAML file that differs between two trees, with its content.
pub(super) fn changes(
    git: &Repository,
    at: &str,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    name: &str,
) -> Result<Vec<FileChange>> {
    let mut list = Vec::new();
    diff(git, at, old, new, name, &mut list)?;
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
    diff(git, at, None, tree, name, &mut listed)?;
    Ok(listed.into_iter().filter_map(|(p, v)| Some((p, v?))).collect())
}
