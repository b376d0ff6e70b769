//! Records one edited file as a git commit (`--commit`): the commit's tree is HEAD's
//! tree with only that file replaced, so other staged or unstaged work is never swept
//! in, and the author is the user's configured git identity.

use super::CommitInfo;
use crate::error::{Error, Result};
use git2::{ErrorCode, FileMode, Repository, Signature, Status};
use std::path::{Path, PathBuf};

/// A repository ready to commit one file, after checking that it can be done cleanly.
pub struct Committer {
    repo: Repository,
    /// The file's path in the repository, with `/` separators.
    rel: String,
    /// The file on disk.
    abs: PathBuf,
    /// Displayed path, for messages.
    display: String,
    sig: Signature<'static>,
}

/// What a file's git status means for `--commit`, or `None` when it is clean.
fn dirty(status: Status) -> Option<&'static str> {
    if status.is_empty() {
        return None;
    }
    Some(if status.is_conflicted() {
        "has a merge conflict"
    } else if status.is_ignored() {
        "is ignored by git (see .gitignore)"
    } else if status.is_wt_new() {
        "is not committed yet (git does not track it)"
    } else if status.is_index_new() {
        "is staged but not committed yet"
    } else if status.intersects(
        Status::INDEX_MODIFIED | Status::INDEX_DELETED | Status::INDEX_RENAMED | Status::INDEX_TYPECHANGE,
    ) {
        "has staged changes that are not committed"
    } else if status.is_wt_deleted() {
        "is deleted but the deletion is not committed"
    } else {
        "has uncommitted changes"
    })
}

impl Committer {
    /// Opens the repository holding `root/display` (`root` is the folder that holds
    /// `strategy/`), checks that a git identity is configured and that the file has no
    /// uncommitted changes. With `new_file`, the file must not be known to git yet.
    pub fn prepare(root: &Path, display: &str, new_file: bool) -> Result<Self> {
        let not_repo = || Error::NotARepository {
            path: root.to_path_buf(),
        };
        let repo = Repository::discover(root).map_err(|_| not_repo())?;
        let workdir = repo
            .workdir()
            .and_then(|w| w.canonicalize().ok())
            .ok_or_else(not_repo)?;
        let root = root.canonicalize().map_err(|e| Error::io("open", root, e))?;
        let base = root.strip_prefix(&workdir).map_err(|_| not_repo())?;
        let rel = base.join(display).to_string_lossy().replace('\\', "/");
        let sig = repo.signature().map_err(|e| Error::NoIdentity {
            reason: e.message().to_owned(),
        })?;
        match repo.status_file(Path::new(&rel)) {
            Ok(s) if new_file && s.is_empty() => {}
            Ok(s) if new_file => {
                return Err(Error::Uncommitted {
                    path: display.to_owned(),
                    state: dirty(s).unwrap_or("is known to git already").to_owned(),
                });
            }
            Ok(s) => {
                if let Some(state) = dirty(s) {
                    return Err(Error::Uncommitted {
                        path: display.to_owned(),
                        state: state.to_owned(),
                    });
                }
            }
            Err(e) if e.code() == ErrorCode::NotFound && new_file => {}
            Err(e) => return Err(Error::git(format!("cannot read the git status of {display}"), e)),
        }
        Ok(Committer {
            abs: root.join(display),
            repo,
            rel,
            display: display.to_owned(),
            sig,
        })
    }

    /// Commits the file as it is on disk now, on top of HEAD, with `message`; updates
    /// the index entry of that file only.
    pub fn commit(&self, message: &str) -> Result<CommitInfo> {
        let git =
            |what: &str, e: git2::Error| Error::git(format!("cannot commit {}: {what}", self.display), e);
        let head = match self.repo.head() {
            Ok(h) => Some(h.peel_to_commit().map_err(|e| git("read HEAD", e))?),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => None,
            Err(e) => return Err(git("read HEAD", e)),
        };
        let base = match &head {
            Some(c) => c.tree().map_err(|e| git("read HEAD's tree", e))?,
            None => {
                let empty = self
                    .repo
                    .treebuilder(None)
                    .and_then(|b| b.write())
                    .map_err(|e| git("build a tree", e))?;
                self.repo.find_tree(empty).map_err(|e| git("build a tree", e))?
            }
        };
        // Reading through the repository applies its filters (line endings), as `git add` does.
        let blob = self
            .repo
            .blob_path(&self.abs)
            .map_err(|e| git("store the file", e))?;
        let executable = base
            .get_path(Path::new(&self.rel))
            .is_ok_and(|e| e.filemode() == i32::from(FileMode::BlobExecutable));
        let mode = if executable {
            FileMode::BlobExecutable
        } else {
            FileMode::Blob
        };
        let mut update = git2::build::TreeUpdateBuilder::new();
        update.upsert(self.rel.as_str(), blob, mode);
        let tree_id = update
            .create_updated(&self.repo, &base)
            .map_err(|e| git("build the tree", e))?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| git("build the tree", e))?;
        let parents: Vec<&git2::Commit<'_>> = head.iter().collect();
        let id = self
            .repo
            .commit(Some("HEAD"), &self.sig, &self.sig, message, &tree, &parents)
            .map_err(|e| git("write the commit", e))?;
        let mut index = self.repo.index().map_err(|e| git("read the index", e))?;
        index
            .add_path(Path::new(&self.rel))
            .and_then(|()| index.write())
            .map_err(|e| git("update the index", e))?;
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git("read the commit back", e))?;
        Ok(CommitInfo::from_commit(&commit))
    }
}
