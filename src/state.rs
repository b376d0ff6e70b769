//! Derived states for a day: what is done, open or overdue, and progress figures.

use crate::model::{Commitment, Milestone, Status};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// The state of a milestone on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MilestoneState {
    /// It has a `done` date.
    Done,
    /// Not done and its due day is before today.
    Overdue,
    /// Not done and not yet late (due today counts as open).
    Open,
}

impl MilestoneState {
    /// The word shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneState::Done => "done",
            MilestoneState::Overdue => "overdue",
            MilestoneState::Open => "open",
        }
    }
}

/// The state of a milestone on `today`. A `done` date after the day means "not yet done
/// on that day": a report for a past day counts only what had happened by then.
pub fn milestone_state(m: &Milestone, today: NaiveDate) -> MilestoneState {
    if m.done_by(today).is_some() {
        MilestoneState::Done
    } else if m.due < today {
        MilestoneState::Overdue
    } else {
        MilestoneState::Open
    }
}

/// The state of a commitment on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Late: a milestone or the commitment's own due date has passed.
    Overdue,
    /// Under way and not late.
    OnTrack,
    /// Nothing done yet and not meant to have started.
    NotStarted,
    /// Finished.
    Done,
    /// Abandoned.
    Dropped,
}

impl State {
    /// Every state, in report order (worst first).
    pub const ALL: [State; 5] = [
        State::Overdue,
        State::OnTrack,
        State::NotStarted,
        State::Done,
        State::Dropped,
    ];

    /// The word shown in reports and accepted by `--state`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::OnTrack => "on-track",
            State::NotStarted => "not-started",
            State::Done => "done",
            State::Dropped => "dropped",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A commitment's state with the rule that decided it, for people to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The state.
    pub state: State,
    /// One line saying which rule applied, such as "overdue: milestone m2 was due 2026-11-28".
    pub reason: String,
    /// Milestones done.
    pub done: usize,
    /// Milestones in all.
    pub total: usize,
    /// The weight of the milestones done (each counts 1 unless it has a `weight`).
    pub done_weight: f64,
    /// The weight of all milestones.
    pub total_weight: f64,
    /// Whether any milestone has a weight other than 1.
    pub weighted: bool,
    /// Ids of overdue milestones, in file order.
    pub overdue: Vec<String>,
    /// The open (or overdue) milestone due first: what to watch next.
    pub next_due: Option<(String, NaiveDate)>,
}

impl Assessment {
    /// Done weight over total weight (milestones done / milestones in all when no
    /// milestone has a weight); `None` without milestones.
    pub fn progress(&self) -> Option<f64> {
        (self.total > 0 && self.total_weight > 0.0).then(|| self.done_weight / self.total_weight)
    }
}

/// Works out a commitment's state on `today`, following the format's rules in order.
pub fn assess(c: &Commitment, today: NaiveDate) -> Assessment {
    let states: Vec<MilestoneState> = c.milestones.iter().map(|m| milestone_state(m, today)).collect();
    let done = states.iter().filter(|s| **s == MilestoneState::Done).count();
    let total = states.len();
    // Folded from +0.0: an empty f64 sum is -0.0, which prints as "-0".
    let total_weight = c.milestones.iter().map(Milestone::weight).fold(0.0, |a, w| a + w);
    let done_weight = c
        .milestones
        .iter()
        .zip(&states)
        .filter(|(_, s)| **s == MilestoneState::Done)
        .map(|(m, _)| m.weight())
        .fold(0.0, |a, w| a + w);
    let weighted = c.milestones.iter().any(|m| m.weight.is_some_and(|w| w != 1.0));
    let overdue: Vec<String> = c
        .milestones
        .iter()
        .zip(&states)
        .filter(|(_, s)| **s == MilestoneState::Overdue)
        .map(|(m, _)| m.id.clone())
        .collect();
    let next_due = c
        .milestones
        .iter()
        .filter(|m| m.done_by(today).is_none())
        .min_by_key(|m| m.due)
        .map(|m| (m.id.clone(), m.due));
    let (state, reason) = decide(c, today, done, total, &next_due);
    // A dropped commitment has nothing late and nothing to watch.
    let (overdue, next_due) = if state == State::Dropped {
        (Vec::new(), None)
    } else {
        (overdue, next_due)
    };
    Assessment {
        state,
        reason,
        done,
        total,
        done_weight,
        total_weight,
        weighted,
        overdue,
        next_due,
    }
}

fn decide(
    c: &Commitment,
    today: NaiveDate,
    done: usize,
    total: usize,
    next_due: &Option<(String, NaiveDate)>,
) -> (State, String) {
    if c.status == Some(Status::Dropped) {
        return (State::Dropped, "dropped: its status is dropped".into());
    }
    // A `status: done` written after the day (a milestone done later) does not hold yet.
    let done_later = c
        .milestones
        .iter()
        .any(|m| m.done.is_some() && m.done_by(today).is_none());
    if c.status == Some(Status::Done) && !done_later {
        return (State::Done, "done: its status is done".into());
    }
    if total > 0 && done == total {
        return (State::Done, format!("done: all {total} milestones are done"));
    }
    if let Some(late) = c
        .milestones
        .iter()
        .filter(|m| milestone_state(m, today) == MilestoneState::Overdue)
        .min_by_key(|m| m.due)
    {
        return (
            State::Overdue,
            format!("overdue: milestone {} was due {}", late.id, late.due),
        );
    }
    if let Some(due) = c.due
        && due < today
    {
        return (State::Overdue, format!("overdue: the commitment was due {due}"));
    }
    if done == 0 {
        if c.status == Some(Status::Planned) {
            return (
                State::NotStarted,
                "not-started: no milestone is done and its status is planned".into(),
            );
        }
        if let Some(start) = c.start
            && start > today
        {
            return (
                State::NotStarted,
                format!("not-started: no milestone is done and it starts on {start}"),
            );
        }
    }
    let reason = match next_due {
        Some((id, due)) => format!("on-track: {done} of {total} milestones done; next is {id}, due {due}"),
        None if total == 0 => "on-track: nothing is late (it has no milestones)".into(),
        None => format!("on-track: {done} of {total} milestones done"),
    };
    (State::OnTrack, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn ms(id: &str, due: &str, done: Option<&str>) -> Milestone {
        Milestone {
            id: id.into(),
            title: id.into(),
            due: d(due),
            done: done.map(d),
            evidence: vec![],
            confidence: None,
            weight: None,
            note: None,
            assessments: vec![],
            visibility: None,
        }
    }

    fn commitment(milestones: Vec<Milestone>) -> Commitment {
        Commitment {
            id: "c".into(),
            title: "C".into(),
            pillar: "p".into(),
            owner: "o".into(),
            status: None,
            start: None,
            due: None,
            description: None,
            milestones,
            events: vec![],
            indicators: vec![],
            depends_on: vec![],
            tags: vec![],
            links: vec![],
            assessments: vec![],
            visibility: None,
            internal: vec![],
        }
    }

    #[test]
    fn milestone_boundaries() {
        let today = d("2026-11-29");
        assert_eq!(
            milestone_state(&ms("m", "2026-11-29", None), today),
            MilestoneState::Open
        );
        assert_eq!(
            milestone_state(&ms("m", "2026-11-28", None), today),
            MilestoneState::Overdue
        );
        assert_eq!(
            milestone_state(&ms("m", "2026-11-28", Some("2026-11-29")), today),
            MilestoneState::Done
        );
    }

    #[test]
    fn due_today_is_on_track_and_due_yesterday_is_overdue() {
        let c = commitment(vec![
            ms("m1", "2026-11-01", Some("2026-11-01")),
            ms("m2", "2026-11-29", None),
        ]);
        let a = assess(&c, d("2026-11-29"));
        assert_eq!(a.state, State::OnTrack);
        assert_eq!(a.next_due, Some(("m2".into(), d("2026-11-29"))));
        let a = assess(&c, d("2026-11-30"));
        assert_eq!(a.state, State::Overdue);
        assert_eq!(a.reason, "overdue: milestone m2 was due 2026-11-29");
        assert_eq!(a.overdue, vec!["m2".to_string()]);
    }

    #[test]
    fn done_today_counts() {
        let c = commitment(vec![ms("m1", "2026-11-29", Some("2026-11-29"))]);
        let a = assess(&c, d("2026-11-29"));
        assert_eq!(a.state, State::Done);
        assert_eq!(a.progress(), Some(1.0));
        assert_eq!(a.next_due, None);
    }

    #[test]
    fn commitment_due_passed() {
        let mut c = commitment(vec![]);
        c.due = Some(d("2026-11-28"));
        assert_eq!(assess(&c, d("2026-11-28")).state, State::OnTrack);
        let a = assess(&c, d("2026-11-29"));
        assert_eq!(a.state, State::Overdue);
        assert_eq!(a.progress(), None);
    }

    #[test]
    fn not_started_rules() {
        let mut c = commitment(vec![ms("m1", "2027-06-30", None)]);
        c.start = Some(d("2027-01-01"));
        assert_eq!(assess(&c, d("2026-12-31")).state, State::NotStarted);
        assert_eq!(assess(&c, d("2027-01-01")).state, State::OnTrack);
        c.start = None;
        c.status = Some(Status::Planned);
        assert_eq!(assess(&c, d("2026-12-31")).state, State::NotStarted);
        // Overdue wins over planned.
        assert_eq!(assess(&c, d("2027-07-01")).state, State::Overdue);
    }

    #[test]
    fn a_done_date_after_the_day_is_not_done_yet() {
        let mut c = commitment(vec![
            ms("m1", "2026-01-31", Some("2026-01-20")),
            ms("m2", "2026-03-31", Some("2026-04-10")),
        ]);
        c.status = Some(Status::Done);
        let before = assess(&c, d("2026-04-01"));
        assert_eq!((before.state, before.done), (State::Overdue, 1));
        assert_eq!(
            milestone_state(&c.milestones[1], d("2026-04-01")),
            MilestoneState::Overdue
        );
        assert_eq!(before.next_due, Some(("m2".into(), d("2026-03-31"))));
        let after = assess(&c, d("2026-04-10"));
        assert_eq!((after.state, after.done), (State::Done, 2));
    }

    #[test]
    fn weights_count_in_progress() {
        let mut c = commitment(vec![
            ms("consultation", "2026-01-31", Some("2026-01-20")),
            ms("adoption", "2026-12-31", None),
        ]);
        assert_eq!(assess(&c, d("2026-02-01")).progress(), Some(0.5));
        c.milestones[1].weight = Some(3.0);
        let a = assess(&c, d("2026-02-01"));
        assert_eq!(
            (a.progress(), a.weighted, a.done, a.total),
            (Some(0.25), true, 1, 2)
        );
    }

    #[test]
    fn dropped_and_done_status_win() {
        let mut c = commitment(vec![ms("m1", "2020-01-01", None)]);
        c.status = Some(Status::Dropped);
        let a = assess(&c, d("2026-01-01"));
        assert_eq!(a.state, State::Dropped);
        assert!(a.overdue.is_empty() && a.next_due.is_none(), "{a:?}");
        c.status = Some(Status::Done);
        assert_eq!(assess(&c, d("2026-01-01")).state, State::Done);
    }
}
