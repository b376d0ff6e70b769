//! The git boundary: every call into libgit2 (through git2) is in this module.
//!
//! Everything that leaves it is an owned domain value: [`ObjectId`], [`CommitInfo`],
//! [`RawFile`](crate::source::RawFile)s, [`tree::FileChange`]s. The libgit2 handle stays
//! private, so no git2 lifetime or type leaks into history, reports or renderers.
//!
//! - [`revision`]: dates, revisions and periods resolved to commits;
//! - [`tree`]: reading folders and files from the object store (one implementation for
//!   a whole tree and for what changed between two trees);
//! - [`walk`]: the first-parent chain of HEAD, and a reader for a second thread;
//! - [`commit`]: recording one edited file as a commit; [`create`]: writing a new
//!   repository (the replay); [`hooks`]: where git runs hooks from.

pub mod commit;
pub mod create;
pub mod fetch;
pub(crate) mod flat;
pub mod hooks;
pub mod line;
pub mod raw;
pub mod revision;
mod sizes;
pub mod tree;
pub mod walk;

use crate::error::{Error, Result};
use crate::source::{RawFile, STRATEGY_FILE, WorkTree};
use chrono::{FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A libgit2 error, kept as the source of an [`Error`]. Shows libgit2's message only
/// (not its class and code, which mean nothing to a user).
#[derive(Debug)]
pub struct GitError(git2::Error);

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.message())
    }
}

impl std::error::Error for GitError {}

impl Error {
    /// Wraps a git2 error with what was being done.
    pub(crate) fn git(context: impl Into<String>, err: git2::Error) -> Self {
        Error::Git {
            context: context.into(),
            source: GitError(err),
        }
    }
}

/// The id of a git object (commit, tree or blob).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId(git2::Oid);

impl ObjectId {
    /// Its 20 bytes, for a SHA-1 id (the only kind libgit2 reads as built here).
    pub fn to_bytes(self) -> Option<[u8; 20]> {
        self.0.as_bytes().try_into().ok()
    }

    /// The id of these 20 bytes.
    pub fn from_bytes(bytes: [u8; 20]) -> Option<Self> {
        git2::Oid::from_bytes(&bytes).ok().map(ObjectId)
    }

    /// The id git gives a blob with these bytes (`git hash-object`).
    pub fn for_blob(bytes: &[u8]) -> Result<Self> {
        git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
            .map(ObjectId)
            .map_err(|e| Error::git("cannot hash a file", e))
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for ObjectId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        git2::Oid::from_str(s)
            .map(ObjectId)
            .map_err(|e| Error::git(format!("`{s}` is not a commit id"), e))
    }
}

impl Serialize for ObjectId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ObjectId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        git2::Oid::from_str(&s)
            .map(ObjectId)
            .map_err(serde::de::Error::custom)
    }
}

/// A commit, as reports show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitInfo {
    /// Full id.
    pub id: String,
    /// Commit date, in the committer's own time zone (as `git log --date=short`).
    #[serde(with = "crate::day")]
    pub date: NaiveDate,
    /// Author date, in the author's own time zone.
    #[serde(with = "crate::day")]
    pub author_date: NaiveDate,
    /// Author name (invalid UTF-8 replaced).
    pub author: String,
    /// First line of the message.
    pub subject: String,
    /// The reason the message gives in a `Reason:` trailer, if any (as `tracker due
    /// --reason` writes it).
    #[serde(default)]
    pub reason: Option<String>,
    /// Committer time, seconds since the epoch (UTC).
    pub time: i64,
}

/// The value of the `Reason:` trailer of a commit message: in its last paragraph, a line
/// starting with `Reason:` (any case), with any indented lines after it joined on.
pub fn reason_trailer(message: &str) -> Option<String> {
    let body = message.trim_end();
    let last = body.rsplit("\n\n").next().unwrap_or(body);
    if last == body.lines().next().unwrap_or("") && !body.contains('\n') {
        // A one-line message has no trailers.
        return None;
    }
    let mut lines = last.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !key.trim().eq_ignore_ascii_case("reason") || key.starts_with(char::is_whitespace) {
            continue;
        }
        let mut text = value.trim().to_owned();
        while let Some(next) = lines.next_if(|l| l.starts_with([' ', '\t'])) {
            text.push(' ');
            text.push_str(next.trim());
        }
        return (!text.is_empty()).then_some(text);
    }
    None
}

impl CommitInfo {
    /// Reads what reports need from a commit.
    fn from_commit(c: &git2::Commit<'_>) -> Self {
        let local = |t: git2::Time| -> NaiveDate {
            let offset = FixedOffset::east_opt(t.offset_minutes() * 60)
                .or_else(|| FixedOffset::east_opt(0))
                .expect("a zero offset is valid");
            offset
                .timestamp_opt(t.seconds(), 0)
                .single()
                .map_or_else(NaiveDate::default, |d| d.date_naive())
        };
        let message = String::from_utf8_lossy(c.message_bytes());
        CommitInfo {
            id: c.id().to_string(),
            date: local(c.committer().when()),
            author_date: local(c.author().when()),
            author: String::from_utf8_lossy(c.author().name_bytes()).into_owned(),
            subject: message.lines().next().unwrap_or("").trim().to_owned(),
            reason: reason_trailer(&message),
            time: c.committer().when().seconds(),
        }
    }

    /// The first 8 characters of the id.
    pub fn short(&self) -> &str {
        crate::git::short_id(&self.id)
    }
}

/// The first 8 characters of a commit id, as reports show it (all of it when it is
/// shorter, or when a damaged id has no character boundary there).
pub fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// The error for an object of commit `commit` (a file or folder, `what`) that could not
/// be read: a missing object is named as such, with what to do.
pub(crate) fn object_error(git: &git2::Repository, commit: &str, what: &str, e: git2::Error) -> Error {
    if e.code() == git2::ErrorCode::NotFound {
        Error::MissingObject {
            commit: commit.to_owned(),
            what: what.to_owned(),
            partial: is_partial_clone(git),
        }
    } else {
        Error::git(format!("cannot read {what} in commit {commit}"), e)
    }
}

/// Whether a repository is a partial clone: a remote is a promisor, or the
/// `extensions.partialclone` setting is there.
fn is_partial_clone(git: &git2::Repository) -> bool {
    let Ok(config) = git.config() else {
        return false;
    };
    let promisor = config
        .entries(Some(r"remote\..*\.promisor"))
        .is_ok_and(|mut entries| {
            let mut any = false;
            while let Some(Ok(e)) = entries.next() {
                any |= e.value().is_some_and(|v| v.eq_ignore_ascii_case("true"));
            }
            any
        });
    promisor || config.get_string("extensions.partialclone").is_ok()
}

/// The repository holding a strategy.
pub struct Repo {
    inner: git2::Repository,
    /// The strategy folder's path inside the repository, with `/` separators (e.g. `strategy`).
    rel: String,
    /// The strategy folder's displayed name.
    name: String,
    /// The commit that stands for HEAD, when the repository is read at a revision (a
    /// roll-up source's `rev`): walks, dates and "the last commit" follow its line.
    tip: Option<git2::Oid>,
}

/// The working-tree root of the repository that holds `path`, if any.
pub fn workdir_of(path: &Path) -> Option<PathBuf> {
    git2::Repository::discover(path)
        .ok()
        .and_then(|r| r.workdir().and_then(|w| w.canonicalize().ok()))
}

/// How much of a pack file libgit2 keeps mapped at once. Mapped pages count as the
/// process's memory; by default libgit2 maps up to 8 GiB in windows of 1 GiB, so a walk
/// that reads every commit of a 100 MB pack ends up holding all of it. Small windows
/// under a low limit keep the memory flat in the size of the repository, for a few
/// percent more time (docs/performance.md).
const MWINDOW_SIZE: usize = 2 << 20;

/// What a command reads from the pack, which sets how much of it stays mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackReads {
    /// The history, streamed (`history`): 16 MiB mapped, so that its memory stays flat
    /// in the history's length. (16 rather than 8 since the walk's two threads read the
    /// pack at once, one the chain, the other its trees: at 8 MiB they evicted each
    /// other's windows, and a cold walk of 100,000 commits took 7.4 s instead of 6.2 s.)
    History,
    /// Every other command: the files of whole commits (`status --at`, a report's start,
    /// a diff's ends), or a walk held in memory anyway: 64 MiB. A commit's blobs lie all
    /// over the pack, and under 16 MiB a third of `status --at` went to mapping and
    /// unmapping windows (10,000 files at 100,000 commits: 0.53 s → 0.40 s, peak RSS
    /// 101 → 136 MiB, which no longer grows once the limit is reached; a warm `report`
    /// there 1.65 s → 1.50 s, a cold one 351 → 393 MiB in the same time). The limit is
    /// the process's: `report`, which walks the history on a second handle while its
    /// start is read, shares it between the two.
    Commits,
}

impl PackReads {
    fn mapped_limit(self) -> usize {
        match self {
            PackReads::History => 16 << 20,
            PackReads::Commits => 64 << 20,
        }
    }
}

/// Bounds the pack memory libgit2 maps, for what the command reads. Call it once,
/// before any thread is spawned: it sets libgit2's process-wide options, which are not
/// synchronised. Without it the defaults apply, which is correct, only heavier.
#[allow(unsafe_code)]
pub fn bound_memory(reads: PackReads) {
    // SAFETY: called before any thread exists (see above), so nothing else reads or
    // writes libgit2's globals at the same time.
    unsafe {
        let _ = git2::opts::set_mwindow_size(MWINDOW_SIZE);
        let _ = git2::opts::set_mwindow_mapped_limit(reads.mapped_limit());
    }
}

/// Sets libgit2's process-wide options for reading, once: a roll-up opens its sources'
/// repositories from several threads, and libgit2 does not synchronise its options.
fn set_options() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Objects come from the repository's own store; git itself does not re-hash
        // them on read, and doing so costs more than half of a history walk.
        git2::opts::strict_hash_verification(false);
        // Trees and blobs are read straight from the object store, once each (see
        // tree::Trees); libgit2's object cache would only hold on to them.
        git2::opts::enable_caching(false);
    });
}

impl Repo {
    /// Opens the repository that holds the strategy folder.
    pub fn open(wt: &WorkTree) -> Result<Self> {
        set_options();
        let not_repo = || Error::NotARepository { path: wt.dir.clone() };
        let inner = git2::Repository::discover(&wt.dir).map_err(|_| not_repo())?;
        let workdir = inner
            .workdir()
            .and_then(|w| w.canonicalize().ok())
            .ok_or_else(not_repo)?;
        let rel = wt
            .dir
            .strip_prefix(&workdir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .map_err(|_| not_repo())?;
        Ok(Repo {
            inner,
            rel,
            name: wt.name.clone(),
            tip: None,
        })
    }

    /// Opens the repository at `path` itself (a clone's folder or a bare repository, not
    /// searched for upwards), for the strategy folder `rel` inside it, to be read from
    /// its commits; `name` is the folder's displayed name.
    /// With `rev`, the repository is read as if that commit were HEAD.
    pub fn open_at(path: &Path, rel: &str, name: &str, rev: Option<&str>) -> Result<Self> {
        set_options();
        let inner = git2::Repository::open(path).map_err(|e| match e.code() {
            git2::ErrorCode::NotFound => Error::NotARepository {
                path: path.to_owned(),
            },
            _ => Error::git(format!("cannot open the repository {}", path.display()), e),
        })?;
        let tip = match rev {
            None => None,
            Some(spec) => {
                let unknown = |_| Error::UnknownRevision {
                    spec: spec.to_owned(),
                    reason: "it is not a commit, tag or branch of this repository".into(),
                };
                let commit = inner
                    .revparse_single(spec)
                    .map_err(unknown)?
                    .peel_to_commit()
                    .map_err(unknown)?;
                Some(commit.id())
            }
        };
        Ok(Repo {
            inner,
            rel: rel.trim_matches('/').to_owned(),
            name: name.to_owned(),
            tip,
        })
    }

    /// Whether the repository is read at a revision rather than at HEAD.
    pub fn at_revision(&self) -> bool {
        self.tip.is_some()
    }

    /// The strategy folder's path inside the repository (`""` at its root).
    pub fn rel(&self) -> &str {
        &self.rel
    }

    /// The strategy folder's displayed name, which starts every displayed path.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The `.git` folder.
    pub fn git_dir(&self) -> &Path {
        self.inner.path()
    }

    /// The HEAD commit, or `None` in an empty repository.
    fn head_commit(&self) -> Result<Option<git2::Commit<'_>>> {
        if let Some(tip) = self.tip {
            return self
                .inner
                .find_commit(tip)
                .map(Some)
                .map_err(|e| Error::git("cannot read the revision's commit", e));
        }
        match self.inner.head() {
            Ok(h) => h
                .peel_to_commit()
                .map(Some)
                .map_err(|e| Error::git("cannot read HEAD", e)),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch || e.code() == git2::ErrorCode::NotFound => {
                Ok(None)
            }
            Err(e) => Err(Error::git("cannot read HEAD", e)),
        }
    }

    /// The HEAD commit as an owned value, if the branch has one.
    pub fn head(&self) -> Result<Option<CommitInfo>> {
        Ok(self.head_commit()?.map(|c| CommitInfo::from_commit(&c)))
    }

    /// Finds a commit by its full id.
    fn find(&self, id: &str) -> Result<git2::Commit<'_>> {
        let oid = git2::Oid::from_str(id).map_err(|e| Error::git("bad commit id", e))?;
        self.inner
            .find_commit(oid)
            .map_err(|e| Error::git(format!("cannot read commit {id}"), e))
    }

    /// The id of the tree at `rel` in a commit (`""`: the root), if it is a folder there.
    fn tree_at(&self, c: &git2::Commit<'_>, rel: &str) -> Result<Option<ObjectId>> {
        self.tree_in(c.id(), c.tree_id(), rel)
    }

    /// The id of the tree at `rel` in the root tree `root` of commit `commit`.
    fn tree_in(&self, commit: git2::Oid, root: git2::Oid, rel: &str) -> Result<Option<ObjectId>> {
        if rel.is_empty() {
            return Ok(Some(ObjectId(root)));
        }
        let tree = self
            .inner
            .find_tree(root)
            .map_err(|e| self.object_error(commit, &format!("its root tree {root}"), e))?;
        match tree.get_path(Path::new(rel)) {
            Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Ok(Some(ObjectId(entry.id()))),
            Ok(_) => Ok(None),
            Err(e) if e.code() == git2::ErrorCode::NotFound && self.path_is_missing(&tree, rel) => Ok(None),
            Err(e) => Err(self.object_error(commit, &format!("the folder `{rel}`"), e)),
        }
    }

    /// Whether `rel` is absent from `tree` (rather than behind a missing object).
    fn path_is_missing(&self, tree: &git2::Tree<'_>, rel: &str) -> bool {
        let mut current = tree.clone();
        for part in rel.split('/') {
            let id = match current.get_name(part) {
                Some(entry) if entry.kind() == Some(git2::ObjectType::Tree) => entry.id(),
                _ => return true,
            };
            match self.inner.find_tree(id) {
                Ok(t) => current = t,
                Err(_) => return false,
            }
        }
        false
    }

    /// The error for an object of commit `commit` that could not be read.
    pub(crate) fn object_error(&self, commit: git2::Oid, what: &str, e: git2::Error) -> Error {
        object_error(&self.inner, &commit.to_string(), what, e)
    }

    /// Whether the repository is a partial clone (made with `--filter`), whose objects
    /// libgit2 cannot fetch on demand.
    pub fn is_partial_clone(&self) -> bool {
        is_partial_clone(&self.inner)
    }

    /// The id of the strategy folder's tree in a commit, if it has one. When the folder
    /// is not where it is now (it was renamed later), the folder beside it that holds a
    /// `strategy.yaml` stands in for it.
    fn strategy_tree(&self, c: &git2::Commit<'_>) -> Result<Option<ObjectId>> {
        match self.tree_at(c, &self.rel)? {
            Some(id) => Ok(Some(id)),
            None => match self.renamed_folder(c)? {
                Some(rel) => self.tree_at(c, &rel),
                None => Ok(None),
            },
        }
    }

    /// In a commit without the strategy folder, the folder beside where it is now that
    /// holds a `strategy.yaml`: the strategy's earlier name, if it was renamed.
    fn renamed_folder(&self, c: &git2::Commit<'_>) -> Result<Option<String>> {
        self.renamed_folder_in(c.id(), c.tree_id())
    }

    /// [`Repo::renamed_folder`] for the commit `commit` with root tree `root`.
    fn renamed_folder_in(&self, commit: git2::Oid, root: git2::Oid) -> Result<Option<String>> {
        if self.rel.is_empty() {
            return Ok(None);
        }
        let (parent, _) = self.rel.rsplit_once('/').unwrap_or(("", &self.rel));
        let Some(parent_tree) = self.tree_in(commit, root, parent)? else {
            return Ok(None);
        };
        let tree = self
            .inner
            .find_tree(parent_tree.0)
            .map_err(|e| self.object_error(commit, &format!("the folder `{parent}`"), e))?;
        for entry in tree.iter() {
            if entry.kind() != Some(git2::ObjectType::Tree) {
                continue;
            }
            let Ok(sub) = self.inner.find_tree(entry.id()) else {
                continue;
            };
            if sub.get_name(STRATEGY_FILE).is_some() {
                let name = String::from_utf8_lossy(entry.name_bytes());
                return Ok(Some(if parent.is_empty() {
                    name.into_owned()
                } else {
                    format!("{parent}/{name}")
                }));
            }
        }
        Ok(None)
    }

    /// Every YAML file of the strategy folder as the commit `id` recorded it (none when
    /// the commit has no strategy folder), each given to `each` as it is read:
    /// `strategy.yaml` first, the others sorted by path (so that another thread can
    /// parse them meanwhile); reading stops where `each` says so.
    pub fn files_at_each(
        &self,
        id: &str,
        each: &mut dyn FnMut(RawFile) -> std::ops::ControlFlow<()>,
    ) -> Result<()> {
        let commit = self.find(id)?;
        let Some(tree) = self.strategy_tree(&commit)? else {
            return Ok(());
        };
        let first = crate::source::display_path(&self.name, crate::source::STRATEGY_FILE);
        let mut sizes = sizes::Sizes::load(self.inner.path());
        tree::files_each(&self.inner, id, tree, (&self.name, &first), each, &mut sizes)?;
        sizes.save();
        Ok(())
    }

    /// The strategy as `strategy.yaml` records it in a commit, if that file is there and
    /// valid (findings are not kept: this is for reading its settings).
    pub fn strategy_at(&self, id: &str) -> Result<Option<crate::model::Strategy>> {
        let commit = self.find(id)?;
        let Some(tree) = self.strategy_tree(&commit)? else {
            return Ok(None);
        };
        let tree = self
            .inner
            .find_tree(tree.0)
            .map_err(|e| Error::git(format!("cannot read the strategy folder in commit {id}"), e))?;
        let Some(entry) = tree.get_name(STRATEGY_FILE) else {
            return Ok(None);
        };
        let Ok(blob) = self.inner.find_blob(entry.id()) else {
            return Ok(None);
        };
        Ok(crate::load::parse_strategy(STRATEGY_FILE, blob.content()).value)
    }

    /// Whether the strategy folder (under its name then) exists in a commit.
    pub fn has_strategy_at(&self, id: &str) -> Result<bool> {
        let commit = self.find(id)?;
        Ok(self.strategy_tree(&commit)?.is_some())
    }

    /// The oldest commit of the first-parent line from HEAD from which on the strategy
    /// folder exists without a gap: where the strategy starts. `None` when HEAD lacks it.
    pub fn strategy_start(&self) -> Result<Option<CommitInfo>> {
        let Some(head) = self.head_commit()? else {
            return Ok(None);
        };
        let mut first = None;
        for commit in self.line(head.id()) {
            let id = git2::Oid::from_str(&commit.info.id).map_err(|e| Error::git("bad commit id", e))?;
            let there = self.tree_in(id, commit.tree, &self.rel)?.is_some()
                || self.renamed_folder_in(id, commit.tree)?.is_some();
            if !there {
                break;
            }
            first = Some(commit.info);
        }
        Ok(first)
    }

    /// The first-parent line from `from` back, each commit read from its raw bytes (so a
    /// malformed one does not end it); it ends at the first commit, a shallow clone's
    /// boundary, or a parent that is missing or unreadable.
    pub(crate) fn line(&self, from: git2::Oid) -> impl Iterator<Item = raw::RawCommit> + '_ {
        let shallow = self.shallow_roots();
        let mut next = Some(from);
        std::iter::from_fn(move || {
            let id = next.take()?;
            let commit = raw::read(&self.inner, id).ok()?;
            if !shallow.contains(&id) {
                next = commit.parents.first().copied();
            }
            Some(commit)
        })
    }

    /// Every YAML file of the strategy folder as the index stages it: the version a
    /// commit would record. The index is `GIT_INDEX_FILE` when set (as git sets it for
    /// hooks, and for the temporary index of `git commit PATH`), else the repository's.
    /// A path with conflict stages is a merge conflict.
    pub fn files_in_index(&self) -> Result<Vec<RawFile>> {
        use crate::finding::{Finding, Pos, Rule};
        use crate::source::{Content, MAX_FILE_BYTES, is_yaml, too_big};
        let index = match std::env::var_os("GIT_INDEX_FILE") {
            Some(p) => git2::Index::open(Path::new(&p)),
            None => self.inner.index(),
        }
        .map_err(|e| Error::git("cannot read the index", e))?;
        let prefix = if self.rel.is_empty() {
            String::new()
        } else {
            format!("{}/", self.rel)
        };
        let mut out: Vec<RawFile> = Vec::new();
        for entry in index.iter() {
            let full = String::from_utf8_lossy(&entry.path).into_owned();
            let Some(inside) = full.strip_prefix(&prefix) else {
                continue;
            };
            let name = inside.rsplit('/').next().unwrap_or(inside);
            if !is_yaml(name) || inside.split('/').any(|p| p.starts_with('.')) {
                continue;
            }
            let display = crate::source::display_path(&self.name, inside);
            if out.last().is_some_and(|f| f.path == display) {
                continue;
            }
            let stage = (entry.flags >> 12) & 0x3;
            let refused = |f: Finding| RawFile {
                path: display.clone(),
                content: Content::Refused(Box::new(f)),
            };
            if stage != 0 {
                out.push(refused(
                    Finding::error(
                        &display,
                        Pos::START,
                        Rule::MergeConflict,
                        "the index holds an unresolved merge conflict for this file",
                    )
                    .with_hint("resolve it (`git mergetool`), then `git add` the file"),
                ));
                continue;
            }
            if entry.mode == tree::SYMLINK_MODE as u32 {
                out.push(refused(Finding::error(
                    &display,
                    Pos::START,
                    Rule::Symlink,
                    "the file is staged as a symlink; commitment files must be plain files",
                )));
                continue;
            }
            let blob = self
                .inner
                .find_blob(entry.id)
                .map_err(|e| Error::git(format!("cannot read the staged {display}"), e))?;
            let content = if blob.size() as u64 > MAX_FILE_BYTES {
                Content::Refused(Box::new(too_big(&display, blob.size() as u64)))
            } else {
                Content::Bytes {
                    data: blob.content().into(),
                    blob: Some(ObjectId(entry.id)),
                }
            };
            out.push(RawFile {
                path: display,
                content,
            });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// The commits at which a shallow clone's history is cut (empty for a full clone).
    fn shallow_roots(&self) -> HashSet<git2::Oid> {
        if !self.inner.is_shallow() {
            return HashSet::new();
        }
        std::fs::read_to_string(self.inner.path().join("shallow"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| git2::Oid::from_str(l.trim()).ok())
            .collect()
    }

    /// Whether the repository is a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.inner.is_shallow()
    }

    /// Whether the working tree's strategy folder differs from HEAD's.
    pub fn worktree_dirty(&self) -> bool {
        dirty(&self.inner, &self.rel)
    }

    /// What another thread needs to tell [`Repo::worktree_dirty`] on its own handle, while
    /// this one reads the files (for 10,000 files, `git status` takes as long as reading
    /// them).
    pub fn dirty_probe(&self) -> DirtyProbe {
        DirtyProbe {
            git_dir: self.inner.path().to_path_buf(),
            rel: self.rel.clone(),
        }
    }
}

/// [`Repo::worktree_dirty`], for another thread (a libgit2 handle cannot be shared).
#[derive(Debug, Clone)]
pub struct DirtyProbe {
    git_dir: PathBuf,
    rel: String,
}

impl DirtyProbe {
    /// Whether the working tree's strategy folder differs from HEAD's; `None` when the
    /// repository cannot be opened again (ask [`Repo::worktree_dirty`] then).
    pub fn run(&self) -> Option<bool> {
        let git = git2::Repository::open(&self.git_dir).ok()?;
        Some(dirty(&git, &self.rel))
    }
}

fn dirty(git: &git2::Repository, rel: &str) -> bool {
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true).recurse_untracked_dirs(true);
    if !rel.is_empty() {
        opts.pathspec(rel);
    }
    git.statuses(Some(&mut opts)).is_ok_and(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::reason_trailer;

    #[test]
    fn short_ids_never_split_a_character() {
        assert_eq!(super::short_id("0123456789abcdef"), "01234567");
        assert_eq!(super::short_id("abc"), "abc");
        // A damaged cache or a crafted input: no panic, the whole text.
        assert_eq!(super::short_id("abcdefgé1"), "abcdefgé1");
    }

    #[test]
    fn reasons_come_from_the_trailer() {
        assert_eq!(
            reason_trailer("a: due 2026-01-01 → 2026-06-30\n\nReason: Council needs more time\n"),
            Some("Council needs more time".into())
        );
        assert_eq!(
            reason_trailer("subject\n\nbody text\n\nSigned-off-by: X\nreason: the vote\n  moved twice\n"),
            Some("the vote moved twice".into())
        );
        assert_eq!(reason_trailer("Reason: not a trailer, a subject"), None);
        assert_eq!(reason_trailer("subject\n\nReason:\n"), None);
        assert_eq!(reason_trailer("subject\n\nThe reason: in prose\n\nok"), None);
    }
}
