//! The commits a history walk reads: the first-parent chain of HEAD with the strategy
//! folder's tree in each, a reader for a second thread, and the side branches that
//! merges brought in (for `--all-parents`).

use super::tree::{self, FileChange, Version};
use super::{CommitInfo, ObjectId, Repo};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One commit of the chain and the strategy folder's tree in it.
#[derive(Debug, Clone)]
pub struct Link {
    /// The commit.
    pub commit: ObjectId,
    /// The strategy folder's tree in it; `None` when the commit has no strategy folder.
    pub tree: Option<ObjectId>,
    /// Committer time, seconds since the epoch (UTC).
    pub time: i64,
    /// The rest of what reports show of it, read with the chain so that it is not read
    /// twice.
    about: About,
}

/// What reports show of a commit of the chain, besides its id and time, kept small: the
/// chain of a long history is held whole until it is replayed, so its texts take one
/// allocation rather than four, and the id is not kept a second time as text.
#[derive(Debug, Clone)]
struct About {
    date: chrono::NaiveDate,
    author_date: chrono::NaiveDate,
    /// The author, the subject and the reason, one after the other.
    text: Box<str>,
    author_len: u32,
    subject_len: u32,
    has_reason: bool,
}

impl Link {
    /// A link of the chain, keeping what `info` says of the commit.
    pub fn new(commit: ObjectId, tree: Option<ObjectId>, info: CommitInfo) -> Link {
        let reason = info.reason.as_deref();
        let text = [info.author.as_str(), &info.subject, reason.unwrap_or("")].concat();
        // Lengths over 4 GiB cannot come from a commit libgit2 read into memory whole;
        // saturating keeps the split inside the text regardless.
        let len = |s: &str| u32::try_from(s.len()).unwrap_or(u32::MAX);
        Link {
            commit,
            tree,
            time: info.time,
            about: About {
                date: info.date,
                author_date: info.author_date,
                text: text.into_boxed_str(),
                author_len: len(&info.author),
                subject_len: len(&info.subject),
                has_reason: reason.is_some(),
            },
        }
    }

    /// What reports show of the commit.
    pub fn info(&self) -> CommitInfo {
        let a = &self.about;
        let text = &*a.text;
        fn split(at: u32, s: &str) -> (&str, &str) {
            s.split_at_checked(at as usize).unwrap_or((s, ""))
        }
        let (author, rest) = split(a.author_len, text);
        let (subject, reason) = split(a.subject_len, rest);
        CommitInfo {
            id: self.commit.to_string(),
            date: a.date,
            author_date: a.author_date,
            author: author.to_owned(),
            subject: subject.to_owned(),
            reason: a.has_reason.then(|| reason.to_owned()),
            time: self.time,
        }
    }
}

/// Where the chain starts, going back from HEAD.
#[derive(Debug, Clone)]
pub enum Start {
    /// At the branch's first commit: before it, nothing is known.
    Root,
    /// Just after the commit a cache was written at.
    Cached,
    /// Where the history could be read no further back: its tree is what is known first.
    Cut {
        /// The oldest commit that could be read, and why the one before it could not.
        boundary: Boundary,
        /// Its strategy folder's tree.
        tree: Option<ObjectId>,
    },
}

/// The oldest commit of a history that could be read, and why the walk stopped there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boundary {
    /// The oldest commit read.
    pub commit: String,
    /// Why its parent was not.
    pub why: Cut,
}

/// Why a history stops before its first commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cut {
    /// A shallow clone's boundary, as `.git/shallow` lists it.
    Shallow,
    /// The parent is not in the repository, which is not known to be shallow.
    MissingParent {
        /// The parent's id.
        parent: String,
        /// Whether the repository is a partial clone.
        partial: bool,
    },
    /// The parent is there but cannot be read as a commit.
    Unreadable {
        /// The parent's id.
        parent: String,
        /// Why.
        reason: String,
    },
}

impl Boundary {
    /// The note that says where the history starts and why, and the hint.
    pub fn note(&self) -> (String, &'static str) {
        let short = crate::git::short_id(&self.commit);
        let cut = |id: &str| crate::git::short_id(id).to_owned();
        match &self.why {
            Cut::Shallow => (
                format!("this is a shallow clone; history starts at commit {short}"),
                "run `git fetch --unshallow` to see the whole history",
            ),
            Cut::MissingParent { parent, partial } => (
                format!(
                    "commit {short}'s parent {} is not in this repository{}; history starts at commit {short}",
                    cut(parent),
                    if *partial { " (a partial clone)" } else { "" }
                ),
                if *partial {
                    "libgit2 cannot fetch missing objects on demand: make a full clone (without `--filter`) for the whole history"
                } else {
                    "run `git fsck` to see what is missing, and `git fetch` (or a fresh clone) to get it back"
                },
            ),
            Cut::Unreadable { parent, reason } => (
                format!(
                    "commit {short}'s parent {} cannot be read ({reason}); history starts at commit {short}",
                    cut(parent)
                ),
                "run `git fsck` to see what is wrong with that commit",
            ),
        }
    }
}

/// A commit read leniently: what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Malformed {
    /// The commit's id.
    pub commit: String,
    /// What is wrong, as "its author line has no email address".
    pub problem: String,
}

/// The first-parent commits of HEAD to replay, oldest first.
#[derive(Debug, Clone)]
pub struct Chain {
    /// HEAD's id.
    pub head: ObjectId,
    /// The strategy folder's tree at HEAD (at the folder's current place).
    pub head_tree: Option<ObjectId>,
    /// The commits, oldest first (after `start`).
    pub links: Vec<Link>,
    /// What comes before the first link.
    pub start: Start,
    /// The commits of the chain that had to be read leniently, newest first.
    pub malformed: Vec<Malformed>,
}

impl Repo {
    /// The first-parent chain of HEAD, back to the commit `cached_tip` (excluded), the
    /// first commit, or a shallow clone's boundary; `None` in a repository without
    /// commits. The strategy folder is followed back across a rename.
    pub fn chain(&self, cached_tip: Option<&str>) -> Result<Option<Chain>> {
        self.chain_with(cached_tip, &mut |_, _| {})
    }

    /// [`Repo::chain`], telling `on_link` each link's commit and strategy tree as it is
    /// read, newest first, so that another thread can start comparing trees before the
    /// chain is whole.
    pub fn chain_with(
        &self,
        cached_tip: Option<&str>,
        on_link: &mut dyn FnMut(ObjectId, Option<ObjectId>),
    ) -> Result<Option<Chain>> {
        let Some(head) = self.head_commit()? else {
            return Ok(None);
        };
        let shallow = self.shallow_roots();
        let head_id = ObjectId(head.id());
        let head_tree = self.tree_at(&head, &self.rel)?;
        let mut links = Vec::new();
        let mut malformed = Vec::new();
        let mut start = Start::Root;
        let mut id = head.id();
        let mut commit = read_raw(&self.inner, id)?;
        // Where the strategy folder is in the commit being read; it changes, going back,
        // at a commit that renamed it.
        let mut rel = self.rel.clone();
        let mut had_tree = false;
        // Parsed once; a tip that is not a whole id is never met.
        let cached_tip =
            cached_tip.and_then(|tip| git2::Oid::from_str(tip).ok().filter(|oid| oid.to_string() == tip));
        loop {
            if cached_tip == Some(id) {
                start = Start::Cached;
                break;
            }
            if let Some(problem) = commit.problem.take() {
                malformed.push(Malformed {
                    commit: id.to_string(),
                    problem,
                });
            }
            let mut tree = self.tree_in(id, commit.tree, &rel)?;
            if tree.is_none()
                && had_tree
                && let Some(earlier) = self.renamed_folder_in(id, commit.tree)?
            {
                rel = earlier;
                tree = self.tree_in(id, commit.tree, &rel)?;
            }
            had_tree = tree.is_some();
            let first_parent = commit.parents.first().copied();
            let link = Link::new(ObjectId(id), tree, commit.info);
            // In a shallow clone the boundary commit's parents are not here: its tree is
            // where the known history starts, not a commit that added everything.
            let cut = |why: Cut| Start::Cut {
                boundary: Boundary {
                    commit: id.to_string(),
                    why,
                },
                tree,
            };
            if shallow.contains(&id) {
                start = cut(Cut::Shallow);
                break;
            }
            let Some(parent) = first_parent else {
                on_link(link.commit, link.tree);
                links.push(link);
                break;
            };
            match super::raw::read(&self.inner, parent) {
                Ok(p) => {
                    on_link(link.commit, link.tree);
                    links.push(link);
                    id = parent;
                    commit = p;
                }
                Err(super::raw::Unreadable::Missing) => {
                    start = cut(Cut::MissingParent {
                        parent: parent.to_string(),
                        partial: self.is_partial_clone(),
                    });
                    break;
                }
                Err(super::raw::Unreadable::Broken(reason)) => {
                    start = cut(Cut::Unreadable {
                        parent: parent.to_string(),
                        reason,
                    });
                    break;
                }
            }
        }
        links.reverse();
        Ok(Some(Chain {
            head: head_id,
            head_tree,
            links,
            start,
            malformed,
        }))
    }

    /// Where a second thread can open its own [`Reader`] of this repository.
    pub fn reader_source(&self) -> ReaderSource {
        ReaderSource {
            git_dir: self.inner.path().to_path_buf(),
            name: self.name.clone(),
        }
    }

    /// Every YAML file that differs between two versions of the strategy folder, read;
    /// `at` names the commit (for errors).
    pub fn changes(&self, at: &str, old: Option<ObjectId>, new: Option<ObjectId>) -> Result<Vec<FileChange>> {
        tree::changes(&self.inner, &mut tree::Trees::new(), at, old, new, &self.name)
    }

    /// The version of every YAML file in a version of the strategy folder, that of the
    /// commit `at`.
    pub fn versions(&self, at: &str, tree: Option<ObjectId>) -> Result<Vec<(String, Version)>> {
        tree::versions(&self.inner, at, tree, &self.name)
    }

    /// The first-parent line of HEAD with, for each merge on it, the commits its other
    /// parents brought in (oldest first). `None` in a repository without commits.
    pub fn side_branches(&self) -> Result<Option<SideBranches>> {
        let Some(head) = self.head_commit()? else {
            return Ok(None);
        };
        let git_err = |e: git2::Error| Error::git("cannot walk the side branches", e);
        let mut positions = HashMap::new();
        let mut merges_at = Vec::new();
        let mut commit = head;
        for i in 0.. {
            positions.insert(commit.id().to_string(), i);
            if commit.parent_count() > 1 {
                merges_at.push((i, commit.clone()));
            }
            match commit.parent(0) {
                Ok(p) => commit = p,
                Err(_) => break,
            }
        }
        let mut merges = Vec::new();
        for (i, merge) in merges_at {
            let mut walk = self.inner.revwalk().map_err(git_err)?;
            walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
                .map_err(git_err)?;
            for p in 1..merge.parent_count() {
                walk.push(merge.parent_id(p).map_err(git_err)?).map_err(git_err)?;
            }
            walk.hide(merge.parent_id(0).map_err(git_err)?).map_err(git_err)?;
            let ids = walk
                .map(|id| id.map(ObjectId).map_err(git_err))
                .collect::<Result<Vec<_>>>()?;
            merges.push(Merge {
                position: i,
                side_commits: ids,
            });
        }
        Ok(Some(SideBranches { positions, merges }))
    }

    /// One commit, its strategy folder's tree and its first parent's (for a commit
    /// compared with its own parent, as side-branch commits are).
    pub fn commit_with_parent_tree(
        &self,
        id: ObjectId,
    ) -> Result<(CommitInfo, Option<ObjectId>, Option<ObjectId>)> {
        let c = self
            .inner
            .find_commit(id.0)
            .map_err(|e| Error::git(format!("cannot read commit {id}"), e))?;
        let old = match c.parent(0) {
            Ok(p) => self.strategy_tree(&p)?,
            Err(_) => None,
        };
        let new = self.strategy_tree(&c)?;
        Ok((CommitInfo::from_commit(&c), old, new))
    }

    /// The version of the file at `path` (displayed path) in a strategy tree.
    pub fn version_in(&self, tree: ObjectId, path: &str) -> Option<Version> {
        let inside = if self.name.is_empty() {
            path
        } else {
            path.strip_prefix(&format!("{}/", self.name)).unwrap_or(path)
        };
        let t = self.inner.find_tree(tree.0).ok()?;
        let e = t.get_path(Path::new(inside)).ok()?;
        Some(Version {
            blob: ObjectId(e.id()),
            mode: e.filemode(),
        })
    }

    /// Whether the commit `id` is in the repository and can be read.
    pub fn can_read_commit(&self, id: &str) -> bool {
        git2::Oid::from_str(id).is_ok_and(|oid| super::raw::read(&self.inner, oid).is_ok())
    }

    /// Reads one version of a file, of the commit `at`.
    pub fn read(&self, at: &str, path: String, version: Option<Version>) -> Result<FileChange> {
        tree::read(&self.inner, at, path, version)
    }
}

/// Reads a commit of the chain, which is known to be there.
fn read_raw(git: &git2::Repository, id: git2::Oid) -> Result<super::raw::RawCommit> {
    super::raw::read(git, id).map_err(|e| match e {
        super::raw::Unreadable::Missing => Error::MissingObject {
            commit: id.to_string(),
            what: "the commit itself".into(),
            partial: false,
        },
        super::raw::Unreadable::Broken(reason) => {
            Error::Usage(format!("commit {id} cannot be read: {reason}"))
        }
    })
}

/// A merge on the first-parent line and what it brought in.
#[derive(Debug, Clone)]
pub struct Merge {
    /// Its place on the line, counted from HEAD (0).
    pub position: usize,
    /// The commits of its other parents that the first parent did not have, oldest first.
    pub side_commits: Vec<ObjectId>,
}

/// The first-parent line of HEAD and its merges.
#[derive(Debug, Clone)]
pub struct SideBranches {
    /// Each first-parent commit's place on the line, counted from HEAD (0).
    pub positions: HashMap<String, usize>,
    /// The merges on the line, newest first.
    pub merges: Vec<Merge>,
}

/// What a second thread needs to open its own reader (a libgit2 handle cannot be shared).
#[derive(Debug, Clone)]
pub struct ReaderSource {
    git_dir: PathBuf,
    name: String,
}

/// Changed files, each with its version now (`None`: deleted), not read yet.
pub type Listed = Vec<(String, Option<Version>)>;

/// A second handle on the repository, for reading trees and blobs on another thread.
pub struct Reader {
    inner: git2::Repository,
    name: String,
    trees: tree::Trees,
}

impl Reader {
    /// Opens the repository again.
    pub fn open(source: &ReaderSource) -> Result<Self> {
        let inner = git2::Repository::open(&source.git_dir)
            .map_err(|e| Error::git("cannot open the repository", e))?;
        Ok(Reader {
            inner,
            name: source.name.clone(),
            trees: tree::Trees::new(),
        })
    }

    /// Every YAML file that differs between two versions of the strategy folder, read;
    /// `at` names the commit (for errors).
    pub fn changes(
        &mut self,
        at: &str,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
    ) -> Result<Vec<FileChange>> {
        tree::changes(&self.inner, &mut self.trees, at, old, new, &self.name)
    }

    /// The YAML files that differ between two versions of the strategy folder, with
    /// their versions now, not read yet ([`Reader::read_listed`] reads them).
    pub fn list(&mut self, at: &str, old: Option<ObjectId>, new: Option<ObjectId>) -> Result<Listed> {
        let mut out = Vec::new();
        tree::diff(&self.inner, &mut self.trees, at, old, new, &self.name, &mut out)?;
        // A list compared early waits, with one for every commit, until the chain is
        // replayed: most hold one or two files, not the four a first push makes room for.
        out.shrink_to_fit();
        Ok(out)
    }

    /// Reads the files [`Reader::list`] listed.
    pub fn read_listed(&self, at: &str, listed: Listed) -> Result<Vec<FileChange>> {
        listed
            .into_iter()
            .map(|(path, v)| tree::read(&self.inner, at, path, v))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(author: &str, subject: &str, reason: Option<&str>) -> CommitInfo {
        let id = "0123456789abcdef0123456789abcdef01234567";
        CommitInfo {
            id: id.into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            author_date: chrono::NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
            author: author.into(),
            subject: subject.into(),
            reason: reason.map(Into::into),
            time: 1_772_323_200,
        }
    }

    #[test]
    fn a_link_gives_back_the_commit_it_was_made_from() {
        let id = ObjectId("0123456789abcdef0123456789abcdef01234567".parse().unwrap());
        for original in [
            info("Alice Example", "Mark m1 done", None),
            info("Zoë Ó Súilleabháin", "Délai repoussé", Some("attente du Conseil")),
            // An empty reason is not the same as none, and empty texts split cleanly.
            info("", "", Some("")),
            info("a", "", None),
            info("", "subject only", Some("why")),
        ] {
            let link = Link::new(id, None, original.clone());
            assert_eq!(link.info(), original);
            assert_eq!(link.time, original.time);
        }
    }
}
