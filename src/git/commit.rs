//! Records one edited file as a git commit (`--commit`): the commit's tree is HEAD's
//! tree with only that file replaced, so other staged or unstaged work is never swept
//! in, and the author is the user's configured git identity.
//!
//! Before anything is written, [`Committer::prepare`] refuses what `git commit` would
//! refuse or what would lose the edit: a rebase, merge, cherry-pick or bisect in
//! progress, a held `index.lock`, a detached HEAD (unless allowed), signing that cannot
//! be honoured. [`Committer::run_hook`] runs the repository's `pre-commit` hook on a
//! temporary index holding the new version, as `git commit PATH` does. The commit itself
//! stages the file, then moves the branch with a compare-and-swap, and says exactly
//! where things stand if it stops between the two.

use super::CommitInfo;
use crate::error::{Error, Result};
use git2::{ErrorCode, FileMode, Repository, RepositoryState, Signature, Status};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What `--commit` may do beyond the safe default.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommitOptions {
    /// Commit on a detached HEAD.
    pub allow_detached: bool,
}

/// A file's state in git, for the decision to commit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// As HEAD has it, in the index and on disk.
    Clean,
    /// Not known to git yet (and not ignored).
    New,
    /// Changed (on disk or staged) from HEAD; `what` says how, for messages.
    Changed {
        /// Such as "has staged changes that are not committed".
        what: &'static str,
    },
    /// Something `--commit` must not touch (a conflict, an ignored file); `what` says it.
    Untouchable {
        /// Such as "has a merge conflict".
        what: &'static str,
    },
}

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
    options: CommitOptions,
}

fn state_of(status: Status) -> FileState {
    if status.is_empty() {
        FileState::Clean
    } else if status.is_conflicted() {
        FileState::Untouchable {
            what: "has a merge conflict",
        }
    } else if status.is_ignored() {
        FileState::Untouchable {
            what: "is ignored by git (see .gitignore)",
        }
    } else if status.is_wt_new() {
        FileState::New
    } else if status.is_index_new() {
        FileState::Changed {
            what: "is staged but not committed yet",
        }
    } else if status.intersects(
        Status::INDEX_MODIFIED | Status::INDEX_DELETED | Status::INDEX_RENAMED | Status::INDEX_TYPECHANGE,
    ) {
        FileState::Changed {
            what: "has staged changes that are not committed",
        }
    } else if status.is_wt_deleted() {
        FileState::Changed {
            what: "is deleted but the deletion is not committed",
        }
    } else {
        FileState::Changed {
            what: "has uncommitted changes",
        }
    }
}

/// What a repository in `state` is doing, as git says it, and how to get out of it.
fn busy(state: RepositoryState) -> Option<(&'static str, &'static str)> {
    use RepositoryState as S;
    match state {
        S::Clean => None,
        S::Merge => Some((
            "a merge is in progress",
            "finish it (`git commit`) or abort it (`git merge --abort`)",
        )),
        S::Revert | S::RevertSequence => Some((
            "a revert is in progress",
            "finish it (`git revert --continue`) or abort it (`git revert --abort`)",
        )),
        S::CherryPick | S::CherryPickSequence => Some((
            "a cherry-pick is in progress",
            "finish it (`git cherry-pick --continue`) or abort it (`git cherry-pick --abort`)",
        )),
        S::Bisect => Some(("a bisect is in progress", "end it with `git bisect reset`")),
        S::Rebase | S::RebaseInteractive | S::RebaseMerge => Some((
            "a rebase is in progress",
            "finish it (`git rebase --continue`) or abort it (`git rebase --abort`)",
        )),
        S::ApplyMailbox | S::ApplyMailboxOrRebase => Some((
            "`git am` is in progress",
            "finish it (`git am --continue`) or abort it (`git am --abort`)",
        )),
    }
}

impl Committer {
    /// Opens the repository holding `root/display` (`root` is the folder that holds
    /// `strategy/`) and checks that a commit can be made there now: no operation in
    /// progress, no `index.lock`, HEAD on a branch (unless allowed), no signing asked
    /// for, a git identity. Nothing is written.
    pub fn prepare(root: &Path, display: &str, options: CommitOptions) -> Result<Self> {
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
        let without = "or run without --commit and commit the change yourself";
        if let Some((what, how)) = busy(repo.state()) {
            return Err(Error::GitBusy {
                what: what.into(),
                hint: format!("{how}, then run the command again; {without}"),
            });
        }
        let lock = repo.path().join("index.lock");
        if lock.exists() {
            return Err(Error::GitBusy {
                what: format!(
                    "{} exists: another git command is running, or one stopped without cleaning up",
                    lock.display()
                ),
                hint: format!(
                    "wait for the other git command to finish; if none is running, remove it (rm {}) and run again",
                    lock.display()
                ),
            });
        }
        // A ref lock left by a git command (or a commit) that stopped half-way.
        let branch_lock = repo
            .find_reference("HEAD")
            .ok()
            .and_then(|h| h.symbolic_target().map(|t| repo.path().join(format!("{t}.lock"))));
        for lock in branch_lock.into_iter().chain([repo.path().join("HEAD.lock")]) {
            if lock.exists() {
                return Err(Error::GitBusy {
                    what: format!(
                        "{} exists: another git command is moving the branch, or one stopped half-way",
                        lock.display()
                    ),
                    hint: format!(
                        "wait for the other git command to finish; if none is running, remove it (rm {}) and run again",
                        lock.display()
                    ),
                });
            }
        }
        if repo.head_detached().unwrap_or(false) && !options.allow_detached {
            return Err(Error::GitBusy {
                what: "HEAD is detached (not on a branch), so the commit would belong to no branch".into(),
                hint: format!("check out a branch (`git switch main`), or add --allow-detached; {without}"),
            });
        }
        let config = repo
            .config()
            .map_err(|e| Error::git("cannot read the git configuration", e))?;
        if config.get_bool("commit.gpgsign").unwrap_or(false) {
            return Err(Error::GitBusy {
                what: "commit.gpgsign is set, and tracker cannot sign commits".into(),
                hint: format!(
                    "run without --commit, then sign the commit with git: git commit -S -- {rel} (tracker prints the message to use)"
                ),
            });
        }
        let sig = repo.signature().map_err(|e| Error::NoIdentity {
            reason: e.message().to_owned(),
        })?;
        Ok(Committer {
            abs: root.join(display),
            repo,
            rel,
            display: display.to_owned(),
            sig,
            options,
        })
    }

    /// The file's state in git now.
    pub fn state(&self) -> Result<FileState> {
        match self.repo.status_file(Path::new(&self.rel)) {
            Ok(s) => Ok(state_of(s)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(FileState::New),
            Err(e) => Err(Error::git(
                format!("cannot read the git status of {}", self.display),
                e,
            )),
        }
    }

    /// The file's bytes as HEAD has them; `None` when HEAD does not have it.
    pub fn head_version(&self) -> Result<Option<Vec<u8>>> {
        let Some(head) = self.head()? else { return Ok(None) };
        let tree = head
            .tree()
            .map_err(|e| Error::git("cannot read HEAD's tree", e))?;
        let Ok(entry) = tree.get_path(Path::new(&self.rel)) else {
            return Ok(None);
        };
        let blob = self
            .repo
            .find_blob(entry.id())
            .map_err(|e| Error::git(format!("cannot read {} in HEAD", self.display), e))?;
        Ok(Some(blob.content().to_vec()))
    }

    fn head(&self) -> Result<Option<git2::Commit<'_>>> {
        match self.repo.head() {
            Ok(h) => h
                .peel_to_commit()
                .map(Some)
                .map_err(|e| Error::git("cannot read HEAD", e)),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(Error::git("cannot read HEAD", e)),
        }
    }

    /// The tree of HEAD with the file replaced by `blob`.
    fn tree_with(&self, blob: git2::Oid) -> Result<git2::Oid> {
        let git =
            |what: &str, e: git2::Error| Error::git(format!("cannot commit {}: {what}", self.display), e);
        let head = self.head()?;
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
        update
            .create_updated(&self.repo, &base)
            .map_err(|e| git("build the tree", e))
    }

    /// Runs the repository's `pre-commit` hook (from `core.hooksPath`, or `.git/hooks`)
    /// as `git commit` would, on a temporary index that holds HEAD with the file's new
    /// version `bytes`, so the hook sees exactly what would be committed. Does nothing
    /// when there is no executable hook.
    pub fn run_hook(&self, bytes: &[u8]) -> Result<()> {
        let dir = super::hooks::dir_of(&self.repo);
        let hook = dir.join("pre-commit");
        if !is_executable(&hook) {
            return Ok(());
        }
        let git =
            |what: &str, e: git2::Error| Error::git(format!("cannot run the pre-commit hook: {what}"), e);
        let blob = self.repo.blob(bytes).map_err(|e| git("store the file", e))?;
        let tree = self.tree_with(blob)?;
        let tree = self.repo.find_tree(tree).map_err(|e| git("build the tree", e))?;
        let index_path = self
            .repo
            .path()
            .join(format!("tracker-index-{}", std::process::id()));
        let _ = std::fs::remove_file(&index_path);
        let result = (|| {
            let mut index = git2::Index::open(&index_path).map_err(|e| git("create a temporary index", e))?;
            index
                .read_tree(&tree)
                .map_err(|e| git("fill a temporary index", e))?;
            index.write().map_err(|e| git("write a temporary index", e))?;
            let workdir = self.repo.workdir().unwrap_or_else(|| self.repo.path());
            let status = Command::new(&hook)
                .current_dir(workdir)
                .env("GIT_INDEX_FILE", &index_path)
                .stdin(Stdio::null())
                .stdout(Stdio::from(std::io::stderr()))
                .status()
                .map_err(|e| Error::io("run", &hook, e))?;
            if status.success() {
                Ok(())
            } else {
                Err(Error::HookFailed {
                    hook: hook.clone(),
                    code: status.code(),
                })
            }
        })();
        let _ = std::fs::remove_file(&index_path);
        result
    }

    /// Commits the file as it is on disk now, on top of HEAD, with `message`, and stages
    /// that version in the index: the index entry first, then the branch moves (only if
    /// it is still where it was). If it stops between the two, the error says so.
    pub fn commit(&self, message: &str) -> Result<CommitInfo> {
        let git =
            |what: &str, e: git2::Error| Error::git(format!("cannot commit {}: {what}", self.display), e);
        let subject = message.lines().next().unwrap_or("");
        let untouched = |why: String| Error::CommitIncomplete {
            state: format!(
                "{} is changed on disk but not committed: {why}; the index and HEAD are unchanged",
                self.display
            ),
            hint: format!(
                "run the same command again (it commits the change already on disk), or commit it yourself: git commit -m {} -- {}",
                crate::words::shell_quote(subject),
                crate::words::shell_quote(&self.rel)
            ),
        };
        let head = self.head()?;
        // Reading through the repository applies its filters (line endings), as `git add` does.
        let blob = self
            .repo
            .blob_path(&self.abs)
            .map_err(|e| untouched(format!("storing it failed ({})", e.message())))?;
        let tree_id = self.tree_with(blob)?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| git("build the tree", e))?;
        let parents: Vec<&git2::Commit<'_>> = head.iter().collect();
        let id = self
            .repo
            .commit(None, &self.sig, &self.sig, message, &tree, &parents)
            .map_err(|e| untouched(format!("writing the commit failed ({})", e.message())))?;
        let mut index = self
            .repo
            .index()
            .map_err(|e| untouched(format!("reading the index failed ({})", e.message())))?;
        index
            .add_path(Path::new(&self.rel))
            .and_then(|()| index.write())
            .map_err(|e| untouched(format!("updating the index failed ({})", e.message())))?;
        let moved = self.move_head(id, head.as_ref().map(git2::Commit::id), subject);
        if let Err(e) = moved {
            return Err(Error::CommitIncomplete {
                state: format!(
                    "{} is changed on disk and staged in the index, but HEAD did not move ({e})",
                    self.display
                ),
                hint: format!(
                    "run the same command again (it commits the staged change), or commit it yourself: git commit -m {}",
                    crate::words::shell_quote(subject)
                ),
            });
        }
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git("read the commit back", e))?;
        Ok(CommitInfo::from_commit(&commit))
    }

    /// Moves the branch HEAD is on (or a detached HEAD, if allowed) to `id`, if it still
    /// points at `old`.
    fn move_head(
        &self,
        id: git2::Oid,
        old: Option<git2::Oid>,
        subject: &str,
    ) -> std::result::Result<(), String> {
        let log = match old {
            Some(_) => format!("commit: {subject}"),
            None => format!("commit (initial): {subject}"),
        };
        if self.repo.head_detached().unwrap_or(false) {
            if !self.options.allow_detached {
                return Err("HEAD became detached".into());
            }
            return self
                .repo
                .set_head_detached(id)
                .map_err(|e| e.message().to_owned());
        }
        let head = self
            .repo
            .find_reference("HEAD")
            .map_err(|e| e.message().to_owned())?;
        let branch = head
            .symbolic_target()
            .ok_or_else(|| String::from("HEAD is not a branch"))?
            .to_owned();
        match old {
            Some(old) => self
                .repo
                .reference_matching(&branch, id, true, old, &log)
                .map(drop)
                .map_err(|e| format!("{branch} moved meanwhile: {}", e.message())),
            None => self
                .repo
                .reference(&branch, id, false, &log)
                .map(drop)
                .map_err(|e| e.message().to_owned()),
        }
    }
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}
