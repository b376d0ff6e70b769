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
use std::collections::HashSet;
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

/// [`load`] for a later point (`status --at`, `diff`'s TO), where a day or period that
/// ends after today stands for today, as `report` covers such a period to date: the
/// working tree, read on today, with a note saying so. One that begins after today is
/// refused: nothing is known of it yet.
pub fn load_later(ctx: &Context, repo: &Repo, option: &str, spec: &str) -> Result<(Loaded, NaiveDate)> {
    if let Some((first, last)) = crate::period::days(spec, ctx.today)
        && last > ctx.today
    {
        if first > ctx.today {
            return Err(crate::error::Error::Usage(format!(
                "{option}{spec} is after today ({}): nothing is recorded for it yet; give an earlier day, or --today",
                ctx.today
            )));
        }
        let _ = writeln!(
            io::stderr().lock(),
            "note: {option}{spec} ends on {last}, after today ({}): it is covered to date, from the working tree",
            ctx.today
        );
        return Ok((ctx.load_worktree()?.1, ctx.today));
    }
    load(ctx, repo, spec)
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
    let (audience, secrets) = secrets_of(ctx, wt, w, publishing);
    let hidden = secrets.map_or(0, |s| s.filter_walk(w));
    note_hidden(hidden);
    (audience, hidden)
}

/// The audience of an output from a walk, and for a public one what it may not show:
/// the secrets of every commitment's last version.
pub fn secrets_of(
    ctx: &Context,
    wt: &WorkTree,
    w: &Walk,
    publishing: bool,
) -> (crate::model::Visibility, Option<crate::lens::Secrets>) {
    let lens = Lens::of(ctx, wt, publishing);
    (lens.audience, lens.secrets(w))
}

/// An output's audience and the strategy's default visibility, from one read of
/// `strategy.yaml`: a command that must know the audience before its walk (to tell
/// whether the walk's last versions of commitments are needed) uses the same answer
/// after it, even if the file changed in between.
#[derive(Debug, Clone, Copy)]
pub struct Lens {
    /// Who the output is for.
    pub audience: crate::model::Visibility,
    /// The visibility of items that do not say theirs.
    default: crate::model::Visibility,
}

impl Lens {
    /// The lens of an output from this working tree.
    pub fn of(ctx: &Context, wt: &WorkTree, publishing: bool) -> Lens {
        let strategy = strategy_on_disk(wt);
        Lens {
            audience: audience_with(ctx, strategy.as_ref(), publishing),
            default: strategy
                .as_ref()
                .map_or(crate::model::Visibility::Public, |s| s.visibility),
        }
    }

    /// For a public output, what it may not show: the secrets of every commitment's
    /// last version in `w` (which must hold them).
    pub fn secrets(&self, w: &Walk) -> Option<crate::lens::Secrets> {
        (self.audience != crate::model::Visibility::Internal)
            .then(|| crate::lens::Secrets::of_walk(self.default, w))
    }
}

fn audience_with(
    ctx: &Context,
    strategy: Option<&crate::model::Strategy>,
    publishing: bool,
) -> crate::model::Visibility {
    use crate::model::Visibility;
    ctx.audience
        .or(strategy.and_then(|s| s.audience))
        .unwrap_or(if publishing {
            Visibility::Public
        } else {
            Visibility::Internal
        })
}

/// `strategy.yaml` on disk, if it is there and valid (for its settings and pillars).
fn strategy_on_disk(wt: &WorkTree) -> Option<crate::model::Strategy> {
    std::fs::read(wt.dir.join(crate::source::STRATEGY_FILE))
        .ok()
        .and_then(|b| crate::load::parse_strategy("strategy.yaml", &b).value)
}

/// Says on stderr how many changes a public output left out, if any.
pub fn note_hidden(hidden: usize) {
    if hidden > 0 {
        let _ = writeln!(
            io::stderr().lock(),
            "note: public output: {} to internal items {} not shown",
            crate::words::count(hidden, "change"),
            if hidden == 1 { "is" } else { "are" }
        );
    }
}

/// Keeps only the events of the commitments that `args` match, each by its last recorded
/// version (`report::filter`); the changes of a file that never held a valid commitment
/// match no filter. An unknown pillar or tag is a usage error; a filter that matches
/// nothing says so on stderr.
pub fn filter_walk(ctx: &Context, args: &super::filter::FilterArgs, w: &mut Walk) -> Result<()> {
    if let Some(ids) = filter_ids(ctx, args, w)? {
        retain_ids(&ids, w);
    }
    Ok(())
}

/// The ids of the commitments that `args` match (as [`filter_walk`] keeps), or `None`
/// without filters.
pub fn filter_ids(
    ctx: &Context,
    args: &super::filter::FilterArgs,
    w: &Walk,
) -> Result<Option<HashSet<String>>> {
    let filter = args.filter();
    if filter.is_empty() {
        return Ok(None);
    }
    let wt = ctx.worktree()?;
    let strategy = strategy_on_disk(&wt);
    ids_with(&filter, strategy.as_ref(), ctx.today, w)
}

/// [`filter_walk`] with the strategy whose pillars the filter may name.
pub fn filter_walk_with(
    filter: &crate::report::filter::Filter,
    strategy: Option<&crate::model::Strategy>,
    today: NaiveDate,
    w: &mut Walk,
) -> Result<()> {
    if let Some(ids) = ids_with(filter, strategy, today, w)? {
        retain_ids(&ids, w);
    }
    Ok(())
}

/// The ids a filter matches among a walk's last versions; a filter that matches nothing
/// says so on stderr.
fn ids_with(
    filter: &crate::report::filter::Filter,
    strategy: Option<&crate::model::Strategy>,
    today: NaiveDate,
    w: &Walk,
) -> Result<Option<HashSet<String>>> {
    if filter.is_empty() {
        return Ok(None);
    }
    let versions = || w.known.values().chain(w.retired.values()).map(|l| &l.commitment);
    filter.check(strategy, versions())?;
    let ids = filter.ids(versions(), today);
    if ids.is_empty() {
        let _ = writeln!(io::stderr().lock(), "note: no commitment matches the filters");
    }
    Ok(Some(ids))
}

fn retain_ids(ids: &HashSet<String>, w: &mut Walk) {
    w.events
        .retain(|e| e.change.commitment.as_ref().is_some_and(|id| ids.contains(id)));
}
