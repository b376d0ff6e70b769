//! A strategy as a repository recorded it at a point in time: a date, a period word or
//! a revision (`status --at`, `diff FROM TO`, and each source of a roll-up).

use crate::error::{Error, Result};
use crate::git::Repo;
use crate::git::revision::{End, Point};
use crate::load::Loaded;
use crate::source::Source;
use chrono::NaiveDate;

/// Loads the strategy at `spec`, checked for its day (or for `today` when `today_given`),
/// with that day. A point before the strategy existed is an error, or with
/// `empty_before`, an empty strategy (the start of a comparison).
pub fn load_at(
    repo: &Repo,
    spec: &str,
    today: NaiveDate,
    today_given: bool,
    empty_before: bool,
) -> Result<(Loaded, NaiveDate)> {
    let end = if empty_before { End::First } else { End::Last };
    let Point { commit, day } = match repo.resolve_in(spec, today, end) {
        // FROM before the first commit: nothing was recorded yet.
        Err(Error::BeforeHistory { .. }) if empty_before => {
            let day = crate::period::days(spec, today).map_or(today, |(first, _)| first);
            return Ok((empty(repo, day), day));
        }
        other => other?,
    };
    // A revision recorded after `--today` (given in the past) would be read on a day
    // before it existed.
    if today_given && day > today && crate::period::days(spec, today).is_none() {
        return Err(Error::Usage(format!(
            "{spec} is commit {} of {day}, after --today ({today}); give --today {day} or later, or an earlier revision",
            commit.short()
        )));
    }
    let today = if today_given { today } else { day };
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
    let id = commit.id.clone();
    let source = Source::Commit { commit, day };
    let loaded = Loaded::for_report_read(repo.name(), source, |each| repo.files_at_each(&id, each))?;
    Ok((loaded, today))
}

/// A strategy with nothing in it, read from no commit: where a comparison from before
/// the first commit starts.
pub fn empty(repo: &Repo, day: NaiveDate) -> Loaded {
    let mut loaded = Loaded::for_report(repo.name(), Vec::new(), Source::Empty { day });
    loaded.findings.clear();
    loaded
}
