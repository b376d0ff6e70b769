//! Slippage (`tracker slips`): every due date that ended up later than first recorded,
//! with each move, who made it and when.

use super::events::HistoryRow;
use crate::compare::ChangeKind;
use crate::history::Event;
use crate::model::Commitment;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One move of a due date.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    /// Commit id; null if uncommitted.
    pub commit: Option<String>,
    /// Commit date.
    pub date: Option<NaiveDate>,
    /// Who made it.
    pub author: Option<String>,
    /// The commit subject.
    pub subject: Option<String>,
    /// The reason given in the commit's `Reason:` trailer; null when none was given.
    pub reason: Option<String>,
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
    /// In a roll-up, the source it comes from; absent for one strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Commitment id.
    pub commitment: String,
    /// Its title, as the history knows it last; null when it is gone.
    pub commitment_title: Option<String>,
    /// Milestone id; null for the commitment's own due date.
    pub milestone: Option<String>,
    /// The milestone's title, as the history knows it last.
    pub milestone_title: Option<String>,
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

/// Every due date that ended up later than first recorded, worst first; titles come
/// from `known`, the commitments as the history knows them last.
pub fn slips<'a>(
    events: &[Event],
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    lookup: &dyn Fn(&str) -> Option<&'a Commitment>,
) -> Vec<Slip> {
    let mut out: Vec<Slip> = Vec::new();
    // Where each (commitment, milestone) is in `out`.
    let mut at: HashMap<(String, Option<String>), usize> = HashMap::new();
    for e in events {
        let r = HistoryRow::new(e);
        if r.change.kind != ChangeKind::DueChanged {
            continue;
        }
        if let (Some(s), Some(d)) = (since, r.date)
            && d < s
        {
            continue;
        }
        // An uncommitted move is today's: after any --until.
        if let Some(u) = until
            && r.date.is_none_or(|d| d > u)
        {
            continue;
        }
        let Some(commitment) = r.change.commitment.clone() else {
            continue;
        };
        let (from, to) = (
            r.change.from.as_ref().and_then(|v| v.as_date()),
            r.change.to.as_ref().and_then(|v| v.as_date()),
        );
        let key = (commitment.clone(), r.change.milestone.clone());
        let Some(to) = to else { continue };
        let Some(from) = from else {
            // A due date set for the first time: the original, not a move.
            if let std::collections::hash_map::Entry::Vacant(v) = at.entry(key) {
                v.insert(out.len());
                out.push(Slip {
                    source: None,
                    commitment,
                    commitment_title: None,
                    milestone: r.change.milestone.clone(),
                    milestone_title: None,
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
            reason: e.commit.as_ref().and_then(|c| c.reason.clone()),
            from: Some(from),
            to: Some(to),
            days: r.change.days.unwrap_or(0),
        };
        match at.get(&key).map(|&i| &mut out[i]) {
            Some(s) => {
                s.current_due = Some(to);
                s.moves += 1;
                s.history.push(mv);
            }
            None => {
                at.insert(key, out.len());
                out.push(Slip {
                    source: None,
                    commitment,
                    commitment_title: None,
                    milestone: r.change.milestone.clone(),
                    milestone_title: None,
                    original_due: Some(from),
                    current_due: Some(to),
                    days_slipped: 0,
                    moves: 1,
                    history: vec![mv],
                })
            }
        }
    }
    for s in &mut out {
        if let Some(c) = lookup(&s.commitment) {
            s.commitment_title = Some(c.title.clone());
            s.milestone_title = s
                .milestone
                .as_deref()
                .and_then(|m| c.milestone(m))
                .map(|m| m.title.clone());
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Change, Value};
    use crate::git::CommitInfo;
    use std::sync::Arc;

    fn d(s: &str) -> NaiveDate {
        crate::parse_date(s).expect("date")
    }

    fn due(on: &str, milestone: Option<&str>, from: Option<&str>, to: &str) -> Event {
        let commit = CommitInfo {
            id: format!("{on}-commit"),
            date: d(on),
            author_date: d(on),
            author: "Ann".into(),
            subject: format!("moved on {on}"),
            reason: None,
            time: 0,
        };
        let days = from.map(|f| (d(to) - d(f)).num_days());
        Event {
            commit: Some(Arc::new(commit)),
            change: Change {
                commitment: Some("c".into()),
                milestone: milestone.map(str::to_owned),
                kind: ChangeKind::DueChanged,
                field: Some("due".into()),
                from: from.map(|f| Value::Date(d(f))),
                to: Some(Value::Date(d(to))),
                days,
                path: "s/c.yaml".into(),
            },
            side_branch: false,
        }
    }

    #[test]
    fn moves_add_up_from_the_first_due_date() {
        let events = [
            due("2021-01-10", Some("m1"), Some("2021-06-30"), "2021-09-30"),
            due("2021-05-10", Some("m1"), Some("2021-09-30"), "2021-08-31"),
            due("2021-07-10", Some("m1"), Some("2021-08-31"), "2022-06-30"),
        ];
        let s = slips(&events, None, None, &|_| None);
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].original_due, s[0].current_due),
            (Some(d("2021-06-30")), Some(d("2022-06-30")))
        );
        assert_eq!((s[0].days_slipped, s[0].moves, s[0].history.len()), (365, 3, 3));
        assert_eq!(s[0].history[1].days, -30);
    }

    #[test]
    fn a_date_moved_back_to_where_it_was_has_not_slipped() {
        let events = [
            due("2021-01-10", None, Some("2021-06-30"), "2021-09-30"),
            due("2021-02-10", None, Some("2021-09-30"), "2021-06-30"),
        ];
        assert!(slips(&events, None, None, &|_| None).is_empty());
    }

    #[test]
    fn a_first_due_date_is_the_baseline_not_a_move() {
        let events = [
            due("2021-01-10", None, None, "2021-06-30"),
            due("2021-03-10", None, Some("2021-06-30"), "2021-07-31"),
        ];
        let s = slips(&events, None, None, &|_| None);
        assert_eq!(
            (s[0].original_due, s[0].moves, s[0].days_slipped),
            (Some(d("2021-06-30")), 1, 31)
        );
    }

    #[test]
    fn since_leaves_out_earlier_moves_and_worst_comes_first() {
        let events = [
            due("2021-01-10", Some("a"), Some("2021-06-30"), "2021-07-30"),
            due("2022-01-10", Some("b"), Some("2022-06-30"), "2022-07-10"),
            due("2022-02-10", Some("a"), Some("2021-07-30"), "2023-07-30"),
        ];
        let s = slips(&events, Some(d("2022-01-01")), None, &|_| None);
        let order: Vec<(Option<&str>, i64)> = s
            .iter()
            .map(|s| (s.milestone.as_deref(), s.days_slipped))
            .collect();
        assert_eq!(order, [(Some("a"), 730), (Some("b"), 10)]);
    }

    #[test]
    fn until_leaves_out_later_and_uncommitted_moves() {
        let events = [
            due("2021-01-10", Some("a"), Some("2021-06-30"), "2021-07-30"),
            due("2022-01-10", Some("a"), Some("2021-07-30"), "2022-07-30"),
        ];
        let s = slips(&events, None, Some(d("2021-12-31")), &|_| None);
        assert_eq!((s[0].days_slipped, s[0].moves), (30, 1));
        let mut uncommitted = due("2021-02-10", Some("b"), Some("2021-06-30"), "2021-08-30");
        uncommitted.commit = None;
        assert!(slips(&[uncommitted.clone()], None, Some(d("2030-01-01")), &|_| None).is_empty());
        assert_eq!(slips(&[uncommitted], None, None, &|_| None).len(), 1);
    }
}
