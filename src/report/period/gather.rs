//! Gathers what the period report is built from: the period's ends resolved in git
//! (dates or revisions), the strategy at both ends, and the history walk cut at the end.

use super::{FilterInfo, History, Period, PeriodEvent, PeriodInput, PeriodReport, SourceInfo, Then, build};
use crate::error::{Error, Result};
use crate::git::{CommitInfo, Repo};
use crate::history::{Walk, walk_with_progress};
use crate::load::Loaded;
use crate::source::{Source, WorkTree};
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

/// What a period report is asked for.
pub struct Request<'a> {
    /// The strategy on disk.
    pub worktree: &'a WorkTree,
    /// The report's day (`--today`).
    pub today: NaiveDate,
    /// `--since`: a date or a revision; default: the first day of the quarter of `today`.
    pub since: Option<&'a str>,
    /// `--until`: a date or a revision; default: the working tree on `today`.
    pub until: Option<&'a str>,
    /// Filters.
    pub filter: FilterInfo,
    /// Threshold of "not reported on", in days.
    pub stale_days: i64,
    /// Relative link from the report to the folder holding the strategy folder.
    pub link_base: String,
    /// `--audience`, when given.
    pub audience: Option<crate::model::Visibility>,
    /// Whether the report is being published (HTML, or written to a file): the
    /// audience is then public unless said otherwise.
    pub publishing: bool,
    /// `--min-confidence`, when given.
    pub min_confidence: Option<crate::model::Confidence>,
}

/// The report, and what the caller needs beside it.
pub struct Gathered {
    /// The report.
    pub report: PeriodReport,
    /// The strategy at the end of the period (its invalid files decide the exit code).
    pub now: Loaded,
    /// The walk of the history, when there was one: where it was cut and the commits
    /// read leniently, for notes.
    pub walk_notes: Option<WalkNotes>,
    /// The walk itself (its changes already through the report's audience), for callers
    /// that show more of it than the report does.
    pub walk: Option<Walk>,
}

/// What the caller tells on stderr about the history read.
#[derive(Debug, Clone, Default)]
pub struct WalkNotes {
    /// Where the history could be read no further back.
    pub boundary: Option<crate::git::walk::Boundary>,
    /// The commits read leniently.
    pub malformed: Vec<crate::git::walk::Malformed>,
}

/// A set of commits on HEAD's first-parent line.
enum Reach {
    /// The whole walked line (of this length) but these.
    AllBut(HashSet<String>, usize),
    /// Just these.
    Only(HashSet<String>),
}

impl Reach {
    fn contains(&self, id: &String) -> bool {
        match self {
            Reach::AllBut(newer, _) => !newer.contains(id),
            Reach::Only(ids) => ids.contains(id),
        }
    }

    fn len(&self) -> usize {
        match self {
            Reach::AllBut(newer, length) => length.saturating_sub(newer.len()),
            Reach::Only(ids) => ids.len(),
        }
    }
}

/// The first day of the quarter that `day` is in.
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

fn needs_git(option: &str, spec: &str, wt: &WorkTree) -> Error {
    Error::Usage(format!(
        "{option} {spec}: reading the files as they were needs the git history, but {} is not in a git repository; \
         leave out {option}, or give {option} as a date",
        wt.dir.display()
    ))
}

/// Loads the strategy of a commit, standing for `day`.
fn load_commit(repo: &Repo, commit: &CommitInfo, day: NaiveDate) -> Result<Loaded> {
    let source = Source::Commit {
        commit: commit.clone(),
        day,
    };
    Loaded::for_report_read(repo.name(), source, |each| repo.files_at_each(&commit.id, each))
}

/// The files on disk, loaded for a report, with what git says of them.
pub fn load_worktree(wt: &WorkTree, repo: Option<&Repo>) -> Result<Loaded> {
    let Some(r) = repo else {
        return Ok(Loaded::for_report(&wt.name, wt.files()?, Source::Files));
    };
    let head = r.head()?;
    let probe = r.dirty_probe();
    // `git status` runs beside the reading and parsing.
    std::thread::scope(|scope| {
        let dirty = scope.spawn(move || probe.run());
        let files = wt.files();
        let mut loaded = Loaded::for_report(&wt.name, files?, Source::WorkTree { head, dirty: false });
        if let Source::WorkTree { dirty: d, .. } = &mut loaded.source {
            *d = dirty
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
                .unwrap_or_else(|| r.worktree_dirty());
        }
        Ok(loaded)
    })
}

/// The end of a period, loaded and seen through the report's lens.
struct LoadedEnd {
    now: Loaded,
    lens: crate::lens::Lens,
    applied: crate::lens::Applied,
    default_visibility: crate::model::Visibility,
}

/// Loads the strategy at the end of the period (`end`, or the working tree) through the
/// report's lens, and checks the filters against it.
fn load_end(
    req: &Request<'_>,
    repo: Option<&Repo>,
    end: Option<&CommitInfo>,
    until: NaiveDate,
) -> Result<LoadedEnd> {
    let mut now = match (end, repo) {
        (Some(c), Some(repo)) => load_commit(repo, c, until)?,
        _ => load_worktree(req.worktree, repo)?,
    };
    let audience = req
        .audience
        .or(now.strategy.as_ref().and_then(|s| s.audience))
        .unwrap_or(if req.publishing {
            crate::model::Visibility::Public
        } else {
            crate::model::Visibility::Internal
        });
    let lens = crate::lens::Lens {
        audience,
        min_confidence: req.min_confidence,
    };
    let default_visibility = now.strategy.as_ref().map_or(Default::default(), |s| s.visibility);
    let applied = crate::lens::apply(&mut now, lens);
    let strategy = now.strategy()?;
    req.filter.filter().check(
        Some(strategy),
        now.valid_commitments().into_iter().map(|(_, c)| c),
    )?;
    Ok(LoadedEnd {
        now,
        lens,
        applied,
        default_visibility,
    })
}

/// Resolves the period, loads both ends, walks the history and builds the report.
/// `progress(done, total)` is called as the history is read, on a thread of its own: the
/// history is walked while the start is loaded (so a start that cannot be read is said
/// once the walk is done, which fills the cache for the next report).
pub fn gather(req: &Request<'_>, progress: &mut (dyn FnMut(usize, usize) + Send)) -> Result<Gathered> {
    let wt = req.worktree;
    let repo = match Repo::open(wt) {
        Ok(r) => Some(r),
        Err(Error::NotARepository { .. }) => None,
        Err(e) => return Err(e),
    };

    // The end of the period: the working tree on `today`, or a commit on a day. A date or
    // a period named that ends after `today` is covered to date, as when no end is given:
    // states on a day that has not come would count what falls due before it as overdue
    // already.
    let named_end = req
        .until
        .and_then(|spec| crate::period::days(spec, req.today))
        .map(|(_, last)| last)
        .filter(|last| *last > req.today);
    let until_spec = if named_end.is_some() { None } else { req.until };
    let (end, until) = match (until_spec, &repo) {
        (None, _) => (None, req.today),
        (Some(spec), Some(repo)) => {
            let p = repo.resolve_in(spec, req.today, crate::git::revision::End::Last)?;
            (Some(p.commit), p.day)
        }
        (Some(spec), None) if crate::period::days(spec, req.today).map(|d| d.1) == Some(req.today) => {
            (None, req.today)
        }
        (Some(spec), None) => return Err(needs_git("--until", spec, wt)),
    };
    // A revision dated after `today` (given in the past): its state would be read on a
    // day before it was recorded, with its commits counted in the period.
    if let (Some(spec), Some(c)) = (until_spec, &end)
        && until > req.today
    {
        return Err(Error::Usage(format!(
            "--until {spec} is commit {} of {until}, after the report's day ({}); give --today {until} or later, or an earlier --until",
            c.short(),
            req.today
        )));
    }

    // The start: the day, and the commit recorded before it.
    let since_spec = req
        .since
        .map_or_else(|| quarter_start(req.today).to_string(), str::to_owned);
    let (since, then_commit) = match (crate::period::days(&since_spec, req.today), &repo) {
        (Some((day, _)), Some(repo)) => (day, repo.before_day(day)?),
        (Some((day, _)), None) => (day, None),
        (None, Some(repo)) => {
            let p = repo.resolve(&since_spec)?;
            (p.commit.date, Some(p.commit))
        }
        (None, None) => return Err(needs_git("--since", &since_spec, wt)),
    };
    if since > until {
        return Err(Error::Usage(if since > req.today {
            format!(
                "the period has not begun: --since {since_spec} ({since}) is after today ({}); \
                 give an earlier start, or --today",
                req.today
            )
        } else {
            format!("the period is empty: --since {since_spec} ({since}) is after its end ({until})")
        }));
    }

    let LoadedEnd {
        now,
        lens,
        applied,
        default_visibility,
    } = load_end(req, repo.as_ref(), end.as_ref(), until)?;
    let audience = lens.audience;
    let strategy = now.strategy()?;
    // The history (cut at the end of the period below) is walked on a handle of its own
    // while the start is loaded: each of the two leaves a core idle part of the time. (The
    // end is loaded first, so that a filter it does not know is said at once.)
    // (Opened here, before the thread: opening sets libgit2's process-wide options.)
    let walker = match &repo {
        Some(_) => Some(Repo::open(wt)?),
        None => None,
    };
    let uncommitted_too = end.is_none().then_some(wt);
    let (then_loaded, walked) = std::thread::scope(|scope| {
        let walking =
            walker.map(|walker| scope.spawn(move || walk_with_progress(&walker, uncommitted_too, progress)));
        let then_loaded = match (&then_commit, &repo) {
            (Some(c), Some(repo)) => load_commit(repo, c, since).map(|mut l| {
                crate::lens::apply(&mut l, lens);
                Some(l)
            }),
            _ => Ok(None),
        };
        // Joined whatever the start gave: the walk may be writing its cache.
        let walked = walking
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .transpose();
        (then_loaded, walked)
    });
    let then_loaded = then_loaded?;
    let mut walked = walked?;
    let then = match (&then_loaded, &then_commit, &repo) {
        (Some(loaded), Some(c), _) => Then::Recorded {
            loaded,
            commit: &c.id,
        },
        (_, _, Some(_)) => Then::NothingRecorded,
        _ => Then::DoneDates,
    };

    if audience == crate::model::Visibility::Public
        && let Some(w) = &mut walked
    {
        let secrets = crate::lens::Secrets::of_walk(default_visibility, w);
        secrets.filter_walk(w);
    }
    let end_commit = match (&end, &now.source) {
        (Some(c), _) => Some(c.clone()),
        (None, Source::WorkTree { head, .. }) => head.clone(),
        (None, _) => None,
    };
    let history = match (&repo, &walked) {
        (Some(repo), Some(w)) => {
            // The commits up to the period's end: the walked line but those newer than
            // the end (cheap when the end is recent); or, for an end off that line, its
            // own first-parent line.
            let reach = match &end_commit {
                Some(c) => match repo.newer_than(&c.id)? {
                    Some(newer) => Reach::AllBut(newer, w.length),
                    None => Reach::Only(repo.first_parent_ids(&c.id, None)?),
                },
                None => Reach::Only(HashSet::new()),
            };
            let in_period = match &end_commit {
                Some(c) => repo.first_parent_ids(&c.id, then_commit.as_ref().map(|c| c.id.as_str()))?,
                None => HashSet::new(),
            };
            let all = &reach;
            let uncommitted = end.is_none();
            Ok(History {
                events: w
                    .events
                    .iter()
                    .filter_map(|event| match &event.commit {
                        None => uncommitted.then_some(PeriodEvent {
                            event,
                            in_period: true,
                        }),
                        Some(c) => all.contains(&c.id).then(|| PeriodEvent {
                            event,
                            in_period: in_period.contains(&c.id),
                        }),
                    })
                    .collect(),
                touches: w.touches.iter().filter(|t| all.contains(&t.commit.id)).collect(),
                commits: all.len(),
                commits_in_period: in_period.len(),
                boundary: w.boundary.clone(),
            })
        }
        _ => Err("history not available: not a git repository".to_owned()),
    };
    let input = PeriodInput {
        strategy,
        now: &now,
        then,
        period: Period {
            since,
            until,
            since_spec: req
                .since
                .map_or_else(|| "start of the quarter".into(), str::to_owned),
            until_spec: req.until.map_or_else(|| "working tree".into(), str::to_owned),
            named_end,
        },
        history,
        filter: req.filter.clone(),
        stale_days: req.stale_days,
        source: SourceInfo::new(&now.source, &wt.name),
        link_base: req.link_base.clone(),
    };
    let mut report = build(&input);
    report.audience = applied.audience;
    report.internal_hidden = applied.internal_hidden;
    report.min_confidence = applied.min_confidence;
    report.set_aside = applied.set_aside;
    let walk_notes = walked.as_ref().map(|w| WalkNotes {
        boundary: w.boundary.clone(),
        malformed: w.malformed.clone(),
    });
    Ok(Gathered {
        report,
        now,
        walk_notes,
        walk: walked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter_start(d("2026-11-30")), d("2026-10-01"));
        assert_eq!(quarter_start(d("2026-01-01")), d("2026-01-01"));
        assert_eq!(quarter_start(d("2026-06-30")), d("2026-04-01"));
        assert_eq!(quarter_start(d("2026-07-01")), d("2026-07-01"));
    }
}
