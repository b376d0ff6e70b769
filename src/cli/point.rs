//! What the history commands share: the repository, a point in time loaded as the
//! strategy was then, and the note on a shallow clone.

use super::Context;
use crate::error::Result;
use crate::git::Repo;
use crate::git::walk::{Boundary, Malformed};
use crate::history::Walk;
use crate::load::Loaded;
use crate::source::WorkTree;
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
            crate::git::short_id(&m.commit),
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
    crate::report::point::load_at(repo, spec, ctx.today, ctx.today_given, false)
}

/// [`load`], but a point before the strategy existed gives an empty strategy (no
/// `strategy.yaml`, no commitments, no findings): the start of a comparison.
pub fn load_or_empty(ctx: &Context, repo: &Repo, spec: &str) -> Result<(Loaded, NaiveDate)> {
    crate::report::point::load_at(repo, spec, ctx.today, ctx.today_given, true)
}

/// For a public output, leaves out of a walk every change to an internal item and
/// withholds commit subjects that name one, and says on stderr how many changes were
/// left out. Returns the audience and the number left out.
pub fn lens_walk(
    ctx: &Context,
    wt: &WorkTree,
    w: &mut Walk,
    publishing: bool,
) -> (crate::model::Visibility, usize) {
    use crate::model::Visibility;
    let strategy = std::fs::read(wt.dir.join(crate::source::STRATEGY_FILE))
        .ok()
        .and_then(|b| crate::load::parse_strategy("strategy.yaml", &b).value);
    let audience = ctx
        .audience
        .or(strategy.as_ref().and_then(|s| s.audience))
        .unwrap_or(if publishing {
            Visibility::Public
        } else {
            Visibility::Internal
        });
    if audience == Visibility::Internal {
        return (audience, 0);
    }
    let default = strategy.as_ref().map_or(Visibility::Public, |s| s.visibility);
    let secrets = crate::lens::Secrets::of_walk(default, w);
    let hidden = secrets.filter_walk(w);
    if hidden > 0 {
        let _ = writeln!(
            io::stderr().lock(),
            "note: public output: {} to internal items {} not shown",
            crate::words::count(hidden, "change"),
            if hidden == 1 { "is" } else { "are" }
        );
    }
    (audience, hidden)
}

/// Keeps only the events of the commitments that `args` match, each by its last recorded
/// version (`report::filter`); the changes of a file that never held a valid commitment
/// match no filter. An unknown pillar or tag is a usage error; a filter that matches
/// nothing says so on stderr.
pub fn filter_walk(ctx: &Context, args: &super::filter::FilterArgs, w: &mut Walk) -> Result<()> {
    let filter = args.filter();
    if filter.is_empty() {
        return Ok(());
    }
    let wt = ctx.worktree()?;
    let strategy = std::fs::read(wt.dir.join(crate::source::STRATEGY_FILE))
        .ok()
        .and_then(|b| crate::load::parse_strategy("strategy.yaml", &b).value);
    filter_walk_with(&filter, strategy.as_ref(), ctx.today, w)
}

/// [`filter_walk`] with the strategy whose pillars the filter may name.
pub fn filter_walk_with(
    filter: &crate::report::filter::Filter,
    strategy: Option<&crate::model::Strategy>,
    today: NaiveDate,
    w: &mut Walk,
) -> Result<()> {
    if filter.is_empty() {
        return Ok(());
    }
    let versions = || w.known.values().chain(w.retired.values()).map(|l| &l.commitment);
    filter.check(strategy, versions())?;
    let ids = filter.ids(versions(), today);
    if ids.is_empty() {
        let _ = writeln!(io::stderr().lock(), "note: no commitment matches the filters");
    }
    w.events
        .retain(|e| e.change.commitment.as_ref().is_some_and(|id| ids.contains(id)));
    Ok(())
}
