//! Slippage (`tracker slips`): every due date that ended up later than first recorded,
//! with each move, who made it and when.

use super::events::HistoryRow;
use crate::compare::ChangeKind;
use crate::history::Event;
use chrono::NaiveDate;
use serde::Serialize;

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
        let (from, to) = (
            r.change.from.as_ref().and_then(|v| v.as_date()),
            r.change.to.as_ref().and_then(|v| v.as_date()),
        );
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
