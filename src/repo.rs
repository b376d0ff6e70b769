//! The git boundary: opens the repository, resolves dates and revisions to commits, and
//! turns git2 objects into owned values so no git2 lifetime leaks into reports.

use crate::decode::parse_date;
use crate::error::{Error, Result};
use crate::load::Loaded;
use crate::source::{WorkTree, tree_files};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A commit, as reports show it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitInfo {
    /// Full id.
    pub id: String,
    /// Commit date, in the committer's own time zone (as `git log --date=short`).
    pub date: NaiveDate,
    /// Author date, in the author's own time zone.
    pub author_date: NaiveDate,
    /// Author name (invalid UTF-8 replaced).
    pub author: String,
    /// First line of the message.
    pub subject: String,
    /// Committer time, seconds since the epoch (UTC).
    pub time: i64,
}

impl CommitInfo {
    /// Reads what reports need from a commit.
    pub fn from_commit(c: &git2::Commit<'_>) -> Self {
        let local = |t: git2::Time| -> NaiveDate {
            let offset = FixedOffset::east_opt(t.offset_minutes() * 60)
                .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
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
            time: c.committer().when().seconds(),
        }
    }

    /// The first 8 characters of the id.
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(8)]
    }
}

/// A point to report at: a commit or the working tree.
#[derive(Debug, Clone)]
pub enum Point {
    /// A commit, with the day it stands for (the date asked for, or the commit's date).
    Commit(CommitInfo, NaiveDate),
    /// The files on disk now.
    WorkTree,
}

/// The repository holding a strategy.
pub struct Repo {
    /// libgit2's handle.
    pub git: Repository,
    /// The strategy folder's path inside the repository, with `/` separators (e.g. `strategy`).
    pub rel: String,
    /// The strategy folder's displayed name.
    pub name: String,
}

impl Repo {
    /// Opens the repository that holds the strategy folder.
    pub fn open(wt: &WorkTree) -> Result<Self> {
        // Objects come from the repository's own store; git itself does not re-hash
        // them on read, and doing so costs more than half of a history walk.
        git2::opts::strict_hash_verification(false);
        let git =
            Repository::discover(&wt.dir).map_err(|_| Error::NotARepository { path: wt.dir.clone() })?;
        let workdir = git
            .workdir()
            .and_then(|w| w.canonicalize().ok())
            .ok_or_else(|| Error::NotARepository { path: wt.dir.clone() })?;
        let rel = wt
            .dir
            .strip_prefix(&workdir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .map_err(|_| Error::NotARepository { path: wt.dir.clone() })?;
        Ok(Repo {
            git,
            rel,
            name: wt.name.clone(),
        })
    }

    /// The HEAD commit, or `None` in an empty repository.
    pub fn head(&self) -> Result<Option<git2::Commit<'_>>> {
        match self.git.head() {
            Ok(h) => h
                .peel_to_commit()
                .map(Some)
                .map_err(|e| Error::git("cannot read HEAD", &e)),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch || e.code() == git2::ErrorCode::NotFound => {
                Ok(None)
            }
            Err(e) => Err(Error::git("cannot read HEAD", &e)),
        }
    }

    /// The id of the strategy folder's tree in a commit, if it has one. When the folder
    /// is not where it is now (it was renamed later), the folder beside it that holds a
    /// `strategy.yaml` stands in for it.
    pub fn strategy_tree(&self, c: &git2::Commit<'_>) -> Result<Option<Oid>> {
        match self.strategy_tree_at(c, &self.rel)? {
            Some(id) => Ok(Some(id)),
            None => match self.renamed_folder(c)? {
                Some(rel) => self.strategy_tree_at(c, &rel),
                None => Ok(None),
            },
        }
    }

    /// The id of the tree at `rel` in a commit (`""`: the root), if it is a folder there.
    pub fn strategy_tree_at(&self, c: &git2::Commit<'_>, rel: &str) -> Result<Option<Oid>> {
        let tree = c
            .tree()
            .map_err(|e| Error::git(format!("cannot read commit {}", c.id()), &e))?;
        if rel.is_empty() {
            return Ok(Some(tree.id()));
        }
        match tree.get_path(Path::new(rel)) {
            Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Ok(Some(entry.id())),
            Ok(_) => Ok(None),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(Error::git(format!("cannot read commit {}", c.id()), &e)),
        }
    }

    /// In a commit without the strategy folder, the folder beside where it is now that
    /// holds a `strategy.yaml`: the strategy's earlier name, if it was renamed.
    pub fn renamed_folder(&self, c: &git2::Commit<'_>) -> Result<Option<String>> {
        if self.rel.is_empty() {
            return Ok(None);
        }
        let (parent, _) = self.rel.rsplit_once('/').unwrap_or(("", &self.rel));
        let Some(parent_tree) = self.strategy_tree_at(c, parent)? else {
            return Ok(None);
        };
        let tree = self
            .git
            .find_tree(parent_tree)
            .map_err(|e| Error::git(format!("cannot read commit {}", c.id()), &e))?;
        for entry in tree.iter() {
            if entry.kind() != Some(git2::ObjectType::Tree) {
                continue;
            }
            let Ok(sub) = self.git.find_tree(entry.id()) else {
                continue;
            };
            if sub.get_name(crate::source::STRATEGY_FILE).is_some() {
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

    /// Loads the strategy as a commit recorded it (without the date-dependent checks).
    pub fn load_commit(&self, c: &git2::Commit<'_>) -> Result<Loaded> {
        let files = match self.strategy_tree(c)? {
            Some(id) => {
                let tree = self
                    .git
                    .find_tree(id)
                    .map_err(|e| Error::git("cannot read the strategy folder", &e))?;
                tree_files(&self.git, &tree, &self.name)?
            }
            None => Vec::new(),
        };
        Ok(Loaded::from_files(&self.name, files))
    }

    /// Resolves a date (the last first-parent commit on HEAD made on or before that day,
    /// in UTC) or a revision (sha, tag, branch, `HEAD~3`).
    pub fn resolve(&self, spec: &str) -> Result<Point> {
        if let Ok(day) = parse_date(spec) {
            return self.at_date(spec, day);
        }
        let obj = self
            .git
            .revparse_single(spec)
            .map_err(|e| Error::UnknownRevision {
                spec: spec.to_owned(),
                reason: e.message().to_owned(),
            })?;
        let commit = obj.peel_to_commit().map_err(|e| Error::UnknownRevision {
            spec: spec.to_owned(),
            reason: e.message().to_owned(),
        })?;
        let info = CommitInfo::from_commit(&commit);
        let day = info.date;
        Ok(Point::Commit(info, day))
    }

    fn at_date(&self, spec: &str, day: NaiveDate) -> Result<Point> {
        let end: DateTime<Utc> = day
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .ok_or_else(|| Error::Usage(format!("{spec}: date out of range")))?;
        let Some(mut commit) = self.head()? else {
            return Err(Error::UnknownRevision {
                spec: spec.to_owned(),
                reason: "the repository has no commits yet".into(),
            });
        };
        loop {
            if commit.committer().when().seconds() < end.timestamp() {
                return Ok(Point::Commit(CommitInfo::from_commit(&commit), day));
            }
            match commit.parent(0) {
                Ok(p) => commit = p,
                Err(_) => {
                    return Err(Error::UnknownRevision {
                        spec: spec.to_owned(),
                        reason: format!("the first commit on this branch is later than {day}"),
                    });
                }
            }
        }
    }

    /// Finds a commit by its full id.
    pub fn commit(&self, id: &str) -> Result<git2::Commit<'_>> {
        let oid = Oid::from_str(id).map_err(|e| Error::git("bad commit id", &e))?;
        self.git
            .find_commit(oid)
            .map_err(|e| Error::git(format!("cannot read commit {id}"), &e))
    }

    /// The commits at which a shallow clone's history is cut (empty for a full clone).
    pub fn shallow_roots(&self) -> std::collections::HashSet<Oid> {
        if !self.git.is_shallow() {
            return Default::default();
        }
        std::fs::read_to_string(self.git.path().join("shallow"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| Oid::from_str(l.trim()).ok())
            .collect()
    }

    /// Whether the working tree's strategy folder differs from HEAD's.
    pub fn worktree_dirty(&self) -> bool {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true).recurse_untracked_dirs(true);
        if !self.rel.is_empty() {
            opts.pathspec(&self.rel);
        }
        self.git
            .statuses(Some(&mut opts))
            .map(|s| !s.is_empty())
            .unwrap_or(false)
    }
}
