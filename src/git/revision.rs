//! Points in time and periods in git: a date or a revision resolved to a commit, the
//! commit recorded before a day began, and the first-parent commits between two points.

use super::{CommitInfo, Repo};
use crate::decode::parse_date;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;

/// A point in time resolved to a commit.
#[derive(Debug, Clone)]
pub struct Point {
    /// The commit.
    pub commit: CommitInfo,
    /// The day it stands for: the date asked for, or the commit's own date.
    pub day: NaiveDate,
}

/// Which day of a period a point stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The state at the end of its last day (`--at`, `--until`, diff's TO).
    Last,
    /// The state as the period began: the end of the day before its first (`--since`,
    /// diff's FROM).
    First,
}

impl Repo {
    /// Resolves a date (the last first-parent commit on HEAD made on or before that day,
    /// in UTC) or a revision (sha, tag, branch, `HEAD~3`).
    pub fn resolve(&self, spec: &str) -> Result<Point> {
        self.resolve_in(spec, chrono::Utc::now().date_naive(), End::Last)
    }

    /// Resolves a point of the one grammar (see [`crate::period`]): a date or a period
    /// word, at its last day or just before its first (`today` is `today`), or a
    /// revision.
    pub fn resolve_in(&self, spec: &str, today: NaiveDate, end: End) -> Result<Point> {
        if let Some((first, last)) = crate::period::days(spec, today) {
            return match end {
                // A single day stands for the state at its end, as FROM or as TO.
                End::Last => self.at_date(spec, last),
                End::First if first == last => self.at_date(spec, last),
                End::First => {
                    let eve = first.pred_opt().unwrap_or(first);
                    let mut p = self.at_date(spec, eve)?;
                    p.day = first;
                    Ok(p)
                }
            };
        }
        let unknown = |_: git2::Error| {
            if crate::period::looks_like_a_day(spec) {
                Error::UnknownRevision {
                    spec: spec.to_owned(),
                    reason: crate::period::why_not(spec).unwrap_or_else(|| match parse_date(spec) {
                        Err(why) => why,
                        Ok(_) => "it is not a date or a period".into(),
                    }),
                }
            } else {
                Error::UnknownRevision {
                    spec: spec.to_owned(),
                    reason: "it is not a date, a period, or a commit, tag or branch of this repository"
                        .into(),
                }
            }
        };
        let obj = self.inner.revparse_single(spec).map_err(unknown)?;
        let commit = obj.peel_to_commit().map_err(unknown)?;
        let commit = CommitInfo::from_commit(&commit);
        let day = commit.date;
        Ok(Point { commit, day })
    }

    fn at_date(&self, spec: &str, day: NaiveDate) -> Result<Point> {
        let end: DateTime<Utc> = day
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .ok_or_else(|| Error::Usage(format!("{spec}: date out of range")))?;
        let Some(head) = self.head_commit()? else {
            return Err(Error::UnknownRevision {
                spec: spec.to_owned(),
                reason: "the repository has no commits yet".into(),
            });
        };
        // The first commit's day in UTC, as days are looked up: its own (local) date
        // could be a day before it, and asking for it would fail again.
        let too_early = |first: Option<CommitInfo>| Error::BeforeHistory {
            spec: spec.to_owned(),
            day,
            first: first.and_then(|c| {
                let utc = DateTime::<Utc>::from_timestamp(c.time, 0)?.date_naive();
                Some((c.short().to_owned(), utc))
            }),
        };
        if let Some(line) = self.dated_line(head.id()) {
            // The index names the commit; it is read, and its time checked, before use.
            let found = line
                .before(end.timestamp())
                .map(|(id, time)| (super::raw::read(&self.inner, id), time));
            match found {
                Some((Ok(commit), time)) if commit.info.time == time => {
                    return Ok(Point {
                        commit: commit.info,
                        day,
                    });
                }
                None => {
                    let first = line
                        .oldest()
                        .and_then(|id| super::raw::read(&self.inner, id).ok());
                    return Err(too_early(first.map(|c| c.info)));
                }
                // A commit the index names but that cannot be read as indexed: walk.
                Some(_) => {}
            }
        }
        let mut oldest = None;
        for commit in self.line(head.id()) {
            if commit.info.time < end.timestamp() {
                return Ok(Point {
                    commit: commit.info,
                    day,
                });
            }
            oldest = Some(commit.info);
        }
        Err(too_early(oldest))
    }

    /// The last first-parent commit of HEAD made before `day` began (UTC), or `None` when
    /// the branch has no commit that early (or no commit at all).
    pub fn before_day(&self, day: NaiveDate) -> Result<Option<CommitInfo>> {
        let Some(eve) = day.pred_opt() else {
            return Ok(None);
        };
        match self.resolve(&eve.to_string()) {
            Ok(p) => Ok(Some(p.commit)),
            // For a date this only means: no commit on the branch is that old.
            Err(Error::UnknownRevision { .. } | Error::BeforeHistory { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The first-parent commits of HEAD newer than `commit` (which is excluded), when
    /// `commit` is on that line; `None` when it is not. Costs the distance from HEAD.
    pub fn newer_than(&self, commit: &str) -> Result<Option<HashSet<String>>> {
        let Some(head) = self.head_commit()? else {
            return Ok(None);
        };
        let mut out = HashSet::new();
        for c in self.line(head.id()) {
            if c.info.id == commit {
                return Ok(Some(out));
            }
            out.insert(c.info.id);
        }
        Ok(None)
    }

    /// The ids of the first-parent commits from `from` (included) back to `stop`
    /// (excluded), or back to the first commit (or a shallow clone's boundary) when
    /// `stop` is not met.
    pub fn first_parent_ids(&self, from: &str, stop: Option<&str>) -> Result<HashSet<String>> {
        let from = self.find(from)?.id();
        Ok(self
            .line(from)
            .map(|c| c.info.id)
            .take_while(|id| stop != Some(id.as_str()))
            .collect())
    }
}
