//! Reports built from the history walk: the event list, slippage, and the net difference
//! between two reporting points.

use super::status::{Filter, build as build_status};
use crate::compare::{Change, ChangeKind, Snapshot};
use crate::history::Event;
use crate::load::Loaded;
use chrono::NaiveDate;
use serde::Serialize;

/// One line of `tracker history`, borrowed from the walk's events (a long history has
/// hundreds of thousands). Its JSON is a public interface.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow<'a> {
    /// Full commit id; null for uncommitted edits.
    pub commit: Option<&'a str>,
    /// Commit date in the committer's time zone; null for uncommitted edits.
    pub date: Option<NaiveDate>,
    /// Author date in the author's time zone.
    pub author_date: Option<NaiveDate>,
    /// Author name.
    pub author: Option<&'a str>,
    /// First line of the commit message.
    pub subject: Option<&'a str>,
    /// Whether the change is only in the working tree.
    pub uncommitted: bool,
    /// Whether the commit is on a side branch a merge brought in (`--all-parents`).
    pub side_branch: bool,
    /// The change.
    #[serde(flatten)]
    pub change: &'a Change,
}

impl<'a> HistoryRow<'a> {
    fn new(e: &'a Event) -> Self {
        let c = e.commit.as_deref();
        HistoryRow {
            commit: c.map(|c| c.id.as_str()),
            date: c.map(|c| c.date),
            author_date: c.map(|c| c.author_date),
            author: c.map(|c| c.author.as_str()),
            subject: c.map(|c| c.subject.as_str()),
            uncommitted: c.is_none(),
            side_branch: e.side_branch,
            change: &e.change,
        }
    }

    /// Short commit id, or `uncommitted`.
    pub fn short(&self) -> &str {
        self.commit.map_or("uncommitted", |c| &c[..c.len().min(8)])
    }
}

/// Which events `history` shows.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Only this commitment.
    pub commitment: Option<String>,
    /// Only this milestone.
    pub milestone: Option<String>,
    /// Only on or after this day.
    pub since: Option<NaiveDate>,
    /// Only on or before this day.
    pub until: Option<NaiveDate>,
    /// Only authors whose name contains this text, ignoring case.
    pub author: Option<String>,
    /// Only these kinds.
    pub kinds: Vec<ChangeKind>,
}

impl HistoryFilter {
    fn matches(&self, r: &HistoryRow) -> bool {
        let day_ok = |d: Option<NaiveDate>| match d {
            // Uncommitted edits are "now": after any since, and shown only without until.
            None => self.until.is_none(),
            Some(d) => self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u),
        };
        self.commitment
            .as_ref()
            .is_none_or(|c| r.change.commitment.as_ref() == Some(c))
            && self
                .milestone
                .as_ref()
                .is_none_or(|m| r.change.milestone.as_ref() == Some(m))
            && day_ok(r.date)
            && self.author.as_ref().is_none_or(|a| {
                r.author
                    .as_ref()
                    .is_some_and(|name| name.to_lowercase().contains(&a.to_lowercase()))
            })
            && (self.kinds.is_empty() || self.kinds.contains(&r.change.kind))
    }
}

/// The rows of `tracker history`, oldest first unless `reverse`.
pub fn rows<'a>(events: &'a [Event], filter: &HistoryFilter, reverse: bool) -> Vec<HistoryRow<'a>> {
    let mut rows: Vec<HistoryRow> = events
        .iter()
        .map(HistoryRow::new)
        .filter(|r| filter.matches(r))
        .collect();
    if reverse {
        rows.reverse();
    }
    rows
}

/// One move of a due date.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    /// Commit id; null if uncommitted.
    pub commit: Option<String>,
    /// Commit date.
    pub date: Option<NaiveDate>,
    /// Who made it.
    pub author: Option<String>,
    /// The commit subject: the reason given.
    pub subject: Option<String>,
    /// Due date before.
    pub from: Option<NaiveDate>,
    /// Due date after.
    pub to: Option<NaiveDate>,
    /// Days moved (positive: later).
    pub days: i64,
}

/// Slippage of one due date (a commitment's own, or a milestone's).
#[derive(Debug, Clone, Serialize)]
pub struct Slip {
    /// Commitment id.
    pub commitment: String,
    /// Milestone id; null for the commitment's own due date.
    pub milestone: Option<String>,
    /// The first due date recorded (before the first move in the period).
    pub original_due: Option<NaiveDate>,
    /// The due date now.
    pub current_due: Option<NaiveDate>,
    /// Days from the original to the current due date.
    pub days_slipped: i64,
    /// How many times it moved.
    pub moves: usize,
    /// Each move: who, when, why.
    pub history: Vec<Move>,
}

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|s| crate::decode::parse_date(s).ok())
}

/// Every due date that ended up later than first recorded, worst first.
pub fn slips(events: &[Event], since: Option<NaiveDate>) -> Vec<Slip> {
    let mut out: Vec<Slip> = Vec::new();
    for r in events.iter().map(HistoryRow::new) {
        if r.change.kind != ChangeKind::DueChanged {
            continue;
        }
        if let (Some(s), Some(d)) = (since, r.date)
            && d < s
        {
            continue;
        }
        let Some(commitment) = r.change.commitment.clone() else {
            continue;
        };
        let (from, to) = (day(&r.change.from), day(&r.change.to));
        let key = |s: &Slip| s.commitment == commitment && s.milestone == r.change.milestone;
        let Some(to) = to else { continue };
        let Some(from) = from else {
            // A due date set for the first time: the original, not a move.
            if !out.iter().any(key) {
                out.push(Slip {
                    commitment,
                    milestone: r.change.milestone.clone(),
                    original_due: Some(to),
                    current_due: Some(to),
                    days_slipped: 0,
                    moves: 0,
                    history: Vec::new(),
                });
            }
            continue;
        };
        let mv = Move {
            commit: r.commit.map(str::to_owned),
            date: r.date,
            author: r.author.map(str::to_owned),
            subject: r.subject.map(str::to_owned),
            from: Some(from),
            to: Some(to),
            days: r.change.days.unwrap_or(0),
        };
        match out.iter_mut().find(|s| key(s)) {
            Some(s) => {
                s.current_due = Some(to);
                s.moves += 1;
                s.history.push(mv);
            }
            None => out.push(Slip {
                commitment,
                milestone: r.change.milestone.clone(),
                original_due: Some(from),
                current_due: Some(to),
                days_slipped: 0,
                moves: 1,
                history: vec![mv],
            }),
        }
    }
    for s in &mut out {
        s.days_slipped = match (s.original_due, s.current_due) {
            (Some(a), Some(b)) => (b - a).num_days(),
            _ => 0,
        };
    }
    out.retain(|s| s.days_slipped > 0 && s.moves > 0);
    out.sort_by(|a, b| {
        b.days_slipped
            .cmp(&a.days_slipped)
            .then_with(|| (&a.commitment, &a.milestone).cmp(&(&b.commitment, &b.milestone)))
    });
    out
}

/// Progress of one pillar at both points.
#[derive(Debug, Clone, Serialize)]
pub struct PillarProgress {
    /// Pillar id (`all` for the whole strategy).
    pub id: String,
    /// Title.
    pub title: String,
    /// Progress at FROM; null without milestones.
    pub progress_from: Option<f64>,
    /// Progress at TO.
    pub progress_to: Option<f64>,
    /// Milestones done at FROM.
    pub done_from: usize,
    /// Milestones done at TO.
    pub done_to: usize,
    /// Milestones in all at FROM.
    pub total_from: usize,
    /// Milestones in all at TO.
    pub total_to: usize,
}

/// The report of `tracker diff`.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// What FROM resolved to (date and commit).
    pub from: String,
    /// What TO resolved to.
    pub to: String,
    /// Day FROM stands for.
    pub from_date: NaiveDate,
    /// Day TO stands for.
    pub to_date: NaiveDate,
    /// Net changes between the two states.
    pub changes: Vec<Change>,
    /// Progress per pillar then and now; the last entry, `all`, is the whole strategy.
    pub pillars: Vec<PillarProgress>,
}

/// The valid commitments of a loaded strategy, by id.
pub fn snapshot(loaded: &Loaded) -> Snapshot {
    loaded
        .valid_commitments()
        .into_iter()
        .map(|(path, c)| (c.id.clone(), (path.to_owned(), c.clone())))
        .collect()
}

/// Builds the diff report between two loaded states.
pub fn diff(from: (&str, NaiveDate, &Loaded), to: (&str, NaiveDate, &Loaded)) -> DiffReport {
    let changes = crate::compare::diff(&snapshot(from.2), &snapshot(to.2));
    let status = |(_, day, loaded): (&str, NaiveDate, &Loaded)| {
        loaded
            .strategy
            .as_ref()
            .map(|s| build_status(s, loaded, day, &Filter::default(), ""))
    };
    let (a, b) = (status(from), status(to));
    let mut pillars = Vec::new();
    if let Some(b) = &b {
        let then = |id: &str| {
            a.as_ref()
                .and_then(|a| a.pillars.iter().find(|p| p.id == id))
                .map(|p| &p.totals)
        };
        for p in &b.pillars {
            let t = then(&p.id);
            pillars.push(PillarProgress {
                id: p.id.clone(),
                title: p.title.clone(),
                progress_from: t.and_then(|t| t.progress),
                progress_to: p.totals.progress,
                done_from: t.map_or(0, |t| t.milestones_done),
                done_to: p.totals.milestones_done,
                total_from: t.map_or(0, |t| t.milestones_total),
                total_to: p.totals.milestones_total,
            });
        }
        let at = a.as_ref().map(|a| &a.totals);
        pillars.push(PillarProgress {
            id: "all".into(),
            title: b.strategy.title.clone(),
            progress_from: at.and_then(|t| t.progress),
            progress_to: b.totals.progress,
            done_from: at.map_or(0, |t| t.milestones_done),
            done_to: b.totals.milestones_done,
            total_from: at.map_or(0, |t| t.milestones_total),
            total_to: b.totals.milestones_total,
        });
    }
    DiffReport {
        from: from.0.to_owned(),
        to: to.0.to_owned(),
        from_date: from.1,
        to_date: to.1,
        changes,
        pillars,
    }
}
