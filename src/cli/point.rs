//! What the history commands share: the repository, a point in time loaded as the
//! strategy was then, and the note on a shallow clone.

use super::Context;
use crate::error::Result;
use crate::git::Repo;
use crate::git::revision::Point;
use crate::history::Walk;
use crate::load::Loaded;
use crate::source::{Source, WorkTree};
use chrono::NaiveDate;
use std::io::{self, Write};

/// The strategy on disk and the repository holding it.
pub fn open(ctx: &Context) -> Result<(WorkTree, Repo)> {
    let wt = ctx.worktree()?;
    let repo = Repo::open(&wt)?;
    Ok((wt, repo))
}

/// Tells on stderr that the history starts at a shallow clone's boundary.
pub fn note_shallow(w: &Walk) {
    if let Some(b) = &w.shallow_boundary {
        let _ = writeln!(
            io::stderr().lock(),
            "note: this is a shallow clone; history starts at commit {}\nhint: run `git fetch --unshallow` to see the whole history",
            &b[..b.len().min(8)]
        );
    }
}

/// Loads the strategy at a point (a date or a revision), checked for its day (or for
/// `--today` when given), with that day.
pub fn load(ctx: &Context, repo: &Repo, spec: &str) -> Result<(Loaded, NaiveDate)> {
    let Point { commit, day } = repo.resolve(spec)?;
    let today = if ctx.today_given { ctx.today } else { day };
    let files = repo.files_at(&commit.id)?;
    let source = Source::Commit { commit, day };
    Ok((Loaded::for_report(repo.name(), files, source), today))
}
