//! Reading what changed between two versions of the strategy folder, straight from the
//! git object store: only changed sub-folders are descended into, and both sorted entry
//! lists are walked side by side, so an unchanged folder costs one id comparison.

use crate::error::{Error, Result};
use crate::finding::{Finding, Pos};
use crate::source::{MAX_FILE_BYTES, is_yaml, too_big};
use git2::{ObjectType, Oid, Repository, TreeEntry};
use std::cmp::Ordering;
use std::sync::Arc;

/// A file's version in a tree: blob id and mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// The blob.
    pub blob: Oid,
    /// The git file mode (0o120000 for a symlink).
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

/// Lists the YAML files that differ between two versions of a folder (`None`: absent),
/// with the versions they have now. `prefix` is the folder's displayed path.
pub fn diff(
    git: &Repository,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &str,
    out: &mut Vec<(String, Option<Version>)>,
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let tree = |id: Oid| {
        git.find_tree(id)
            .map_err(|e| Error::git("cannot read a folder of the strategy", &e))
    };
    let old_tree = old.map(tree).transpose()?;
    let new_tree = new.map(tree).transpose()?;
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
        entry(git, x.as_ref(), y.as_ref(), prefix, out)?;
    }
    Ok(())
}

fn entry(
    git: &Repository,
    old: Option<&TreeEntry<'_>>,
    new: Option<&TreeEntry<'_>>,
    prefix: &str,
    out: &mut Vec<(String, Option<Version>)>,
) -> Result<()> {
    let Some(any) = new.or(old) else { return Ok(()) };
    let name = String::from_utf8_lossy(any.name_bytes());
    if name.starts_with('.') {
        return Ok(());
    }
    let path = format!("{prefix}/{name}");
    let as_tree =
        |e: Option<&TreeEntry<'_>>| e.filter(|e| e.kind() == Some(ObjectType::Tree)).map(|e| e.id());
    let as_file = |e: Option<&TreeEntry<'_>>| {
        e.filter(|e| e.kind() == Some(ObjectType::Blob) && is_yaml(&name))
            .map(|e| Version {
                blob: e.id(),
                mode: e.filemode(),
            })
    };
    let (old_tree, new_tree) = (as_tree(old), as_tree(new));
    if old_tree.is_some() || new_tree.is_some() {
        diff(git, old_tree, new_tree, &path, out)?;
    }
    let (old_file, new_file) = (as_file(old), as_file(new));
    if old_file.is_some() || new_file.is_some() {
        out.push((path, new_file));
    }
    Ok(())
}

/// Reads the content of a changed file from the object store.
pub fn read(git: &Repository, path: String, version: Option<Version>) -> Result<FileChange> {
    let Some(v) = version else {
        return Ok(FileChange { path, now: Now::Gone });
    };
    if v.mode == 0o120000 {
        let f = Finding::error(
            &path,
            Pos::START,
            "symlink",
            "the file is a symlink; commitment files must be plain files",
        );
        return Ok(FileChange {
            now: Now::Refused(v, Arc::new(f)),
            path,
        });
    }
    let blob = git
        .find_blob(v.blob)
        .map_err(|e| Error::git(format!("cannot read {path}"), &e))?;
    let now = if blob.size() as u64 > MAX_FILE_BYTES {
        Now::Refused(v, Arc::new(too_big(&path, blob.size() as u64)))
    } else {
        Now::Bytes(v, Arc::from(blob.content()))
    };
    Ok(FileChange { path, now })
}
