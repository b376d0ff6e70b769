//! What the history commands share: the repository, a point in time loaded as the
//! strategy was then, and the note on a shallow clone.

use super::Context;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::git::revision::Point;
use crate::git::walk::{Boundary, Malformed};
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

/// Tells on stderr where the history could be read no further back, and which commits
/// had to be read leniently.
pub fn note_history(w: &Walk) {
    note_walk(w.boundary.as_ref(), &w.malformed);
}

/// [`note_history`] from its parts.
pub fn note_walk(boundary: Option<&Boundary>, malformed: &[Malformed]) {
    let mut e = io::stderr().lock();
    for m in malformed {
        let _ = writeln!(
            e,
            "note: commit {} is malformed ({}); it was read as well as it could be",
            &m.commit[..m.commit.len().min(8)],
            crate::render::clean(&m.problem)
        );
    }
    if let Some(b) = boundary {
        let (note, hint) = b.note();
        let _ = writeln!(e, "note: {}\nhint: {hint}", crate::render::clean(&note));
    }
}

/// Loads the strategy at a point (a date or a revision), checked for its day (or for
/// `--today` when given), with that day. A point before the strategy existed is an
/// error.
pub fn load(ctx: &Context, repo: &Repo, spec: &str) -> Result<(Loaded, NaiveDate)> {
    load_at(ctx, repo, spec, false)
}

/// [`load`], but a point before the strategy existed gives an empty strategy (no
/// `strategy.yaml`, no commitments, no findings): the start of a comparison.
pub fn load_or_empty(ctx: &Context, repo: &Repo, spec: &str) -> Result<(Loaded, NaiveDate)> {
    load_at(ctx, repo, spec, true)
}

fn load_at(ctx: &Context, repo: &Repo, spec: &str, empty_before: bool) -> Result<(Loaded, NaiveDate)> {
    let Point { commit, day } = repo.resolve(spec)?;
    let today = if ctx.today_given { ctx.today } else { day };
    if !repo.has_strategy_at(&commit.id)? && empty_before {
        let mut loaded = Loaded::for_report(repo.name(), Vec::new(), Source::Commit { commit, day });
        loaded.findings.clear();
        return Ok((loaded, today));
    }
    if !repo.has_strategy_at(&commit.id)? {
        return Err(Error::NotYetStarted {
            spec: spec.to_owned(),
            commit: commit.short().to_owned(),
            date: commit.date,
            folder: repo.name().to_owned(),
            start: repo.strategy_start()?.map(|c| (c.short().to_owned(), c.date)),
        });
    }
    let files = repo.files_at(&commit.id)?;
    let source = Source::Commit { commit, day };
    Ok((Loaded::for_report(repo.name(), files, source), today))
}
