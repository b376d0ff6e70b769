//! Errors that stop a command from doing its job, with a hint for the next step.

use std::path::PathBuf;

/// Everything that can keep a command from running.
///
/// Problems *in* the files are not errors: they are [`crate::finding::Finding`]s.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No `strategy/strategy.yaml` above the starting folder.
    #[error("no strategy found in {} or any folder above it", start.display())]
    NoStrategy {
        /// Where the search started.
        start: PathBuf,
    },
    /// `--strategy-dir` points at a folder without `strategy.yaml`.
    #[error("{} has no strategy.yaml", dir.display())]
    NotAStrategyDir {
        /// The folder given.
        dir: PathBuf,
    },
    /// A file or folder could not be read or written.
    #[error("cannot {action} {}", path.display())]
    Io {
        /// What was being done, such as "read".
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A git operation failed.
    #[error("{context}")]
    Git {
        /// What was being done.
        context: String,
        /// The error from the git library.
        source: crate::git::GitError,
    },
    /// A command needs git but the strategy is not in a git repository.
    #[error("{} is not in a git repository", path.display())]
    NotARepository {
        /// The strategy folder.
        path: PathBuf,
    },
    /// A revision or date did not name a commit.
    #[error("`{spec}` does not name a commit: {reason}")]
    UnknownRevision {
        /// What the user wrote.
        spec: String,
        /// Why it failed.
        reason: String,
    },
    /// A date before the branch's first commit: no commit was made by then.
    #[error("`{spec}` does not name a commit: the first commit on this branch{} is later than {day}", first.as_ref().map_or(String::new(), |(c, d)| format!(" ({c}, {d})")))]
    BeforeHistory {
        /// What the user wrote.
        spec: String,
        /// The day it stands for.
        day: chrono::NaiveDate,
        /// The first commit, short, and its date, when it could be read.
        first: Option<(String, chrono::NaiveDate)>,
    },
    /// An object the history needs is not in the repository.
    #[error("{what} in commit {commit} is not in this repository{}", if *partial { " (it is a partial clone)" } else { "" })]
    MissingObject {
        /// The commit.
        commit: String,
        /// The missing object: a file or folder of that commit.
        what: String,
        /// Whether the repository is a partial clone.
        partial: bool,
    },
    /// The point asked for is older than the strategy.
    #[error(
        "the strategy did not exist yet at {spec} (commit {commit}, {date}): {folder} is not in that commit"
    )]
    NotYetStarted {
        /// What the user wrote.
        spec: String,
        /// The commit it resolved to, short.
        commit: String,
        /// That commit's date.
        date: chrono::NaiveDate,
        /// The strategy folder's displayed path.
        folder: String,
        /// The commit the strategy starts at, short, with its date.
        start: Option<(String, chrono::NaiveDate)>,
    },
    /// No commitment has this id.
    #[error("no commitment has the id `{id}`")]
    UnknownCommitment {
        /// The id asked for.
        id: String,
        /// A close id, if there is one.
        suggestion: Option<String>,
    },
    /// `strategy.yaml` itself is invalid, so nothing can be reported.
    #[error("the strategy file {path} is invalid")]
    InvalidStrategy {
        /// Its path.
        path: String,
        /// What is wrong with it.
        findings: Vec<crate::finding::Finding>,
    },
    /// A roll-up file is invalid, so no roll-up can be reported.
    #[error("the roll-up file {path} is invalid")]
    InvalidRollup {
        /// Its path.
        path: String,
        /// What is wrong with it.
        findings: Vec<crate::finding::Finding>,
    },
    /// An argument is wrong in a way clap cannot check.
    #[error("{0}")]
    Usage(String),
    /// An edit could not be made safely; nothing was written.
    #[error("{path}: {reason}; nothing was written")]
    EditRefused {
        /// The file.
        path: String,
        /// Why.
        reason: String,
        /// What to do instead.
        hint: String,
    },
    /// The commitment has no milestone with this id.
    #[error("commitment `{commitment}` has no milestone `{id}`")]
    UnknownMilestone {
        /// The commitment's id.
        commitment: String,
        /// The milestone id asked for.
        id: String,
        /// The milestone ids it has.
        known: Vec<String>,
    },
    /// The commitment asked for has errors, so its figures would mislead.
    #[error("{path} has errors, so its status cannot be shown")]
    CommitmentHasErrors {
        /// The file.
        path: String,
        /// Its errors.
        findings: Vec<crate::finding::Finding>,
    },
    /// The file to edit already has errors, so an edit cannot be checked.
    #[error("{path} has errors, so tracker will not edit it; nothing was written")]
    InvalidFile {
        /// The file.
        path: String,
        /// Its errors.
        findings: Vec<crate::finding::Finding>,
    },
    /// `--commit` would record changes that were in the file before the edit.
    #[error("{path} {state}, so --commit would record more than this edit; nothing was written")]
    Uncommitted {
        /// The file.
        path: String,
        /// Its state, such as "has uncommitted changes".
        state: String,
    },
    /// `--commit` needs a git identity (user.name and user.email).
    #[error("cannot commit: no git identity is configured ({reason}); nothing was written")]
    NoIdentity {
        /// Why no identity was found.
        reason: String,
    },
    /// Another edit holds the strategy's edit lock.
    #[error("{} is held by {}; nothing was written", path.display(), if holder.is_empty() { "another tracker" } else { holder })]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// What it says: `pid host time`.
        holder: String,
        /// Whether its process is known to be gone.
        stale: bool,
    },
    /// Git is in a state where a commit would be wrong or lost (a rebase, a lock).
    #[error("cannot commit: {what}; nothing was written")]
    GitBusy {
        /// What is going on.
        what: String,
        /// What to do.
        hint: String,
    },
    /// The repository's pre-commit hook refused the commit.
    #[error("the pre-commit hook {} refused the commit{}; nothing was written", hook.display(), code.map(|c| format!(" (exit code {c})")).unwrap_or_default())]
    HookFailed {
        /// The hook.
        hook: PathBuf,
        /// Its exit code, if it exited.
        code: Option<i32>,
    },
    /// A commit was begun and did not finish: the message says where things stand.
    #[error("{state}")]
    CommitIncomplete {
        /// What state the file, the index and HEAD are in.
        state: String,
        /// What to run.
        hint: String,
    },
    /// A file that would be created is already there.
    #[error("{} already exists; nothing was written", path.display())]
    AlreadyExists {
        /// The file.
        path: PathBuf,
        /// What to do instead.
        hint: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// What the user can do next.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NoStrategy { .. } => Some(
                "run tracker inside a folder that has strategy/strategy.yaml, or point at one with --strategy-dir PATH or -C PATH".into(),
            ),
            Error::NotAStrategyDir { .. } => {
                Some("--strategy-dir must be the folder that holds strategy.yaml".into())
            }
            Error::NotARepository { .. } => Some(
                "history, diff and slips read the git commits; run `git init` and commit the strategy, or use `tracker status` on the files alone".into(),
            ),
            Error::UnknownRevision { .. } => Some(format!("use {}", crate::period::FORMS)),
            Error::BeforeHistory { first, .. } => Some(match first {
                Some((_, date)) => format!("the history starts on {date}: ask for that day or a later one"),
                None => "ask for a later day".into(),
            }),
            Error::MissingObject { partial, .. } => Some(if *partial {
                "libgit2 cannot fetch missing objects on demand: run `git fetch --refetch` without a \
                 filter, or make a full clone (`git clone` without `--filter`)"
                    .into()
            } else {
                "the repository is incomplete or damaged: run `git fsck` to see what is missing, and \
                 `git fetch` or a fresh clone to get it back"
                    .into()
            }),
            Error::NotYetStarted { start, .. } => Some(match start {
                Some((commit, date)) => format!(
                    "the strategy starts at commit {commit} ({date}); ask for that date or a later one"
                ),
                None => "the strategy folder is not on this branch's history".into(),
            }),
            Error::UnknownCommitment { suggestion, .. } => Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "`tracker status` lists every commitment id".into(),
            }),
            Error::InvalidStrategy { .. } | Error::InvalidFile { .. } => {
                Some("fix the problems listed above; `tracker check` lists them all".into())
            }
            Error::InvalidRollup { .. } => {
                Some("fix the problems listed above; docs/rollup.md describes the file".into())
            }
            Error::CommitmentHasErrors { .. } => {
                Some("fix them (`tracker check` lists every problem), then run this again".into())
            }
            Error::EditRefused { hint, .. } | Error::AlreadyExists { hint, .. } => Some(hint.clone()),
            Error::UnknownMilestone { id, known, .. } => {
                let ids: Vec<&str> = known.iter().map(String::as_str).collect();
                Some(match crate::decode::suggest(id, &ids) {
                    Some(s) => format!("did you mean `{s}`? The milestones are: {}", ids.join(", ")),
                    None if ids.is_empty() => "this commitment has no milestones".into(),
                    None => format!("the milestones are: {}", ids.join(", ")),
                })
            }
            Error::Uncommitted { .. } => Some(
                "commit or undo those changes first (`git status` lists them; `git diff` and `git diff --cached` show them), or run without --commit".into(),
            ),
            Error::Locked { path, stale: true, .. } => Some(format!(
                "the process that took it is gone (it stopped while editing); check the file is as you expect, then remove the lock: rm {}",
                path.display()
            )),
            Error::Locked { path, .. } => Some(format!(
                "another edit is still running; try again when it is done (if no tracker is running, remove the lock: rm {})",
                path.display()
            )),
            Error::GitBusy { hint, .. } | Error::CommitIncomplete { hint, .. } => Some(hint.clone()),
            Error::HookFailed { .. } => Some(
                "fix what the hook reports and run the command again, or add --no-verify to commit without running it".into(),
            ),
            Error::NoIdentity { .. } => Some(
                "set one with `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`".into(),
            ),
            _ => None,
        }
    }

    /// The findings to print before the error, when the error is about them.
    pub fn findings(&self) -> &[crate::finding::Finding] {
        match self {
            Error::InvalidStrategy { findings, .. }
            | Error::InvalidRollup { findings, .. }
            | Error::InvalidFile { findings, .. }
            | Error::CommitmentHasErrors { findings, .. } => findings,
            _ => &[],
        }
    }

    /// Whether the files themselves are the problem (exit code 1) rather than the
    /// command's environment or arguments (exit code 2).
    pub fn is_problem_in_files(&self) -> bool {
        matches!(
            self,
            Error::InvalidStrategy { .. }
                | Error::InvalidRollup { .. }
                | Error::InvalidFile { .. }
                | Error::CommitmentHasErrors { .. }
        )
    }
}

/// Result with this crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
