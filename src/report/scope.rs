//! Scope accounting between two points: what was achieved, what was added to the plan
//! and what left it, so that a fall in the percentage done is never read as regress
//! when the plan grew.

use crate::model::{Commitment, Status};
use crate::state::{State, assess};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How the milestones in scope changed between two points. Milestones in scope are
/// those of commitments that are not dropped.
///
/// Done at the end = done at the start + `achieved` − `reopened` − `removed_done`;
/// milestones at the end = milestones at the start + `added` − `removed`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScopeChange {
    /// Milestones done at the end that were not done at the start (including ones added
    /// already done).
    pub achieved: usize,
    /// Milestones at the end that were not in scope at the start.
    pub added: usize,
    /// Milestones in scope at the start that are not at the end: removed, or their
    /// commitment removed or dropped.
    pub removed: usize,
    /// Milestones done at the start and open at the end.
    pub reopened: usize,
    /// Of the removed milestones, those that were done at the start.
    pub removed_done: usize,
    /// Commitments done at the start that are no longer done because milestones were
    /// added to them.
    pub back_from_done: Vec<String>,
    /// Progress on the milestones in scope at both points, at the start and at the end:
    /// the like-for-like figure, which added and removed milestones do not move.
    pub like_for_like: LikeForLike,
}

/// Progress on the milestones in scope at both points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LikeForLike {
    /// Milestones in scope at both points.
    pub milestones: usize,
    /// Of those, done at the start.
    pub done_then: usize,
    /// Of those, done at the end.
    pub done_now: usize,
}

impl LikeForLike {
    /// Progress at the start and at the end, as fractions; `None` without milestones.
    pub fn progress(&self) -> Option<(f64, f64)> {
        let n = self.milestones as f64;
        (self.milestones > 0).then(|| (self.done_then as f64 / n, self.done_now as f64 / n))
    }
}

/// The milestones in scope in a set of commitments on a day, by (commitment, milestone),
/// with whether each is done on that day.
fn in_scope<'a>(
    commitments: impl IntoIterator<Item = &'a Commitment>,
    day: NaiveDate,
) -> BTreeMap<(&'a str, &'a str), bool> {
    commitments
        .into_iter()
        .filter(|c| c.status != Some(Status::Dropped))
        .flat_map(|c| {
            c.milestones
                .iter()
                .map(move |m| ((c.id.as_str(), m.id.as_str()), m.done_by(day).is_some()))
        })
        .collect()
}

/// The scope change from `then` (on `since`) to `now` (on `until`).
pub fn scope_change<'a>(
    then: impl IntoIterator<Item = &'a Commitment>,
    since: NaiveDate,
    now: impl IntoIterator<Item = &'a Commitment>,
    until: NaiveDate,
) -> ScopeChange {
    let then: Vec<&Commitment> = then.into_iter().collect();
    let now: Vec<&Commitment> = now.into_iter().collect();
    let (a, b) = (
        in_scope(then.iter().copied(), since),
        in_scope(now.iter().copied(), until),
    );
    let mut s = ScopeChange::default();
    for (key, done_now) in &b {
        match a.get(key) {
            None => {
                s.added += 1;
                s.achieved += usize::from(*done_now);
            }
            Some(done_then) => {
                s.like_for_like.milestones += 1;
                s.like_for_like.done_then += usize::from(*done_then);
                s.like_for_like.done_now += usize::from(*done_now);
                match (done_then, done_now) {
                    (false, true) => s.achieved += 1,
                    (true, false) => s.reopened += 1,
                    _ => {}
                }
            }
        }
    }
    for (key, done_then) in &a {
        if !b.contains_key(key) {
            s.removed += 1;
            s.removed_done += usize::from(*done_then);
        }
    }
    let now_by_id: HashMap<&str, &Commitment> = now.iter().map(|c| (c.id.as_str(), *c)).collect();
    for c in &then {
        let Some(n) = now_by_id.get(c.id.as_str()) else {
            continue;
        };
        let grew = n.milestones.iter().any(|m| c.milestone(&m.id).is_none());
        if grew && assess(c, since).state == State::Done && assess(n, until).state != State::Done {
            s.back_from_done.push(c.id.clone());
        }
    }
    s.back_from_done.sort();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_commitment;

    fn c(text: &str) -> Commitment {
        let p = parse_commitment("c.yaml", text.as_bytes());
        assert!(p.findings.is_empty(), "{:?}", p.findings);
        p.value.expect("valid")
    }

    fn d(s: &str) -> NaiveDate {
        crate::parse_date(s).expect("date")
    }

    const A: &str = "id: a\ntitle: A\npillar: p\nowner: O\nmilestones:\n  - {id: m1, title: M1, due: 2026-01-31, done: 2026-01-20}\n";

    #[test]
    fn added_milestones_are_scope_not_regress() {
        let then = c(A);
        let now = c(&format!(
            "{A}  - {{id: m2, title: M2, due: 2026-12-31}}\n  - {{id: m3, title: M3, due: 2027-12-31}}\n"
        ));
        let s = scope_change([&then], d("2026-02-01"), [&now], d("2026-06-30"));
        assert_eq!((s.achieved, s.added, s.removed, s.reopened), (0, 2, 0, 0));
        assert_eq!(s.back_from_done, ["a"]);
        assert_eq!(s.like_for_like.progress(), Some((1.0, 1.0)));
    }

    #[test]
    fn a_dropped_commitment_removes_its_milestones() {
        let then = c(&A.replace("done: 2026-01-20", "done: 2026-03-01"));
        let now = c(&A.replace("owner: O", "owner: O\nstatus: dropped"));
        let s = scope_change([&then], d("2026-02-01"), [&now], d("2026-06-30"));
        assert_eq!((s.achieved, s.added, s.removed, s.removed_done), (0, 0, 1, 0));
        assert_eq!(s.like_for_like.milestones, 0);
    }

    #[test]
    fn achieved_and_reopened() {
        let then = c(&format!("{A}  - {{id: m2, title: M2, due: 2026-12-31}}\n"));
        let now = c(&format!(
            "{}  - {{id: m2, title: M2, due: 2026-12-31, done: 2026-05-01}}\n",
            A.replace(", done: 2026-01-20", "")
        ));
        let s = scope_change([&then], d("2026-02-01"), [&now], d("2026-06-30"));
        assert_eq!((s.achieved, s.reopened, s.added, s.removed), (1, 1, 0, 0));
        assert_eq!(s.like_for_like.progress(), Some((0.5, 0.5)));
    }
}
