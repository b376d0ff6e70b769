//! The ends of a reporting period in git: the commit recorded before a day began, and the
//! first-parent commits between two points. Owned values out; no git2 type leaks.

use crate::error::{Error, Result};
use crate::repo::{CommitInfo, Point, Repo};
use chrono::NaiveDate;
use std::collections::HashSet;

/// The last first-parent commit of HEAD made before `day` began (UTC), or `None` when the
/// branch has no commit that early (or no commit at all).
pub fn before_day(repo: &Repo, day: NaiveDate) -> Result<Option<CommitInfo>> {
    let Some(eve) = day.pred_opt() else {
        return Ok(None);
    };
    match repo.resolve(&eve.to_string()) {
        Ok(Point::Commit(info, _)) => Ok(Some(info)),
        Ok(Point::WorkTree) => Ok(None),
        // For a date this only means: no commit on the branch is that old.
        Err(Error::UnknownRevision { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The ids of the first-parent commits from `from` (included) back to `stop` (excluded),
/// or back to the first commit (or a shallow clone's boundary) when `stop` is not met.
pub fn first_parent_ids(repo: &Repo, from: &str, stop: Option<&str>) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    let mut commit = repo.commit(from)?;
    loop {
        let id = commit.id().to_string();
        if stop == Some(id.as_str()) {
            break;
        }
        out.insert(id);
        match commit.parent(0) {
            Ok(p) => commit = p,
            Err(_) => break,
        }
    }
    Ok(out)
}

/// The HEAD commit as an owned value, if the branch has one.
pub fn head(repo: &Repo) -> Result<Option<CommitInfo>> {
    Ok(repo.head()?.map(|c| CommitInfo::from_commit(&c)))
}
