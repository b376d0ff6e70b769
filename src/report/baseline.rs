//! Baselines from the history: the first due date recorded for a commitment or a
//! milestone, and how many times it moved later since, so that a report shows "due
//! 2027-12-31 (baseline 2021-06-30, re-planned 3 times, +2,375 days)".

use crate::compare::ChangeKind;
use crate::history::Event;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// What the history says of one due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Baseline {
    /// The first due date recorded for it.
    pub baseline_due: NaiveDate,
    /// How many times it moved later.
    pub replans: usize,
}

impl Baseline {
    /// Days from the baseline to `due` (positive: later).
    pub fn days_to(&self, due: NaiveDate) -> i64 {
        (due - self.baseline_due).num_days()
    }

    /// "baseline 2021-06-30, re-planned 3 times, +2,375 days" for a due date `due`, or
    /// `None` when it never moved.
    pub fn describe(&self, due: NaiveDate) -> Option<String> {
        if self.replans == 0 && self.baseline_due == due {
            return None;
        }
        let times = match self.replans {
            0 => "never moved later".to_owned(),
            1 => "re-planned once".to_owned(),
            n => format!("re-planned {} times", crate::words::thousands(n as i64)),
        };
        Some(format!(
            "baseline {}, {times}, {}",
            self.baseline_due,
            crate::words::signed_days(self.days_to(due))
        ))
    }
}

/// The baselines of every due date the history knows, by commitment and milestone
/// (`None` for the commitment's own due date).
#[derive(Debug, Clone, Default)]
pub struct Baselines(HashMap<(String, Option<String>), Baseline>);

impl Baselines {
    /// Reads the baselines from the events of a walk, oldest first.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut map: HashMap<(String, Option<String>), Baseline> = HashMap::new();
        for e in events {
            let c = &e.change;
            let Some(id) = &c.commitment else { continue };
            let key = (id.clone(), c.milestone.clone());
            let date = |v: &Option<crate::compare::Value>| v.as_ref().and_then(|v| v.as_date());
            match c.kind {
                ChangeKind::MilestoneAdded => {
                    if let Some(due) = date(&c.to) {
                        map.entry(key).or_insert(Baseline {
                            baseline_due: due,
                            replans: 0,
                        });
                    }
                }
                ChangeKind::DueChanged => {
                    let (from, to) = (date(&c.from), date(&c.to));
                    let Some(first) = from.or(to) else { continue };
                    let b = map.entry(key).or_insert(Baseline {
                        baseline_due: first,
                        replans: 0,
                    });
                    if let (Some(f), Some(t)) = (from, to)
                        && t > f
                    {
                        b.replans += 1;
                    }
                }
                // A commitment removed and added again starts afresh.
                ChangeKind::Removed if c.milestone.is_none() => {
                    map.retain(|(cid, _), _| cid != id);
                }
                _ => {}
            }
        }
        Baselines(map)
    }

    /// The baseline of a due date that is `due` now: what the history recorded, or, when
    /// it never recorded a change, `due` itself with no re-planning.
    pub fn of(&self, commitment: &str, milestone: Option<&str>, due: NaiveDate) -> Baseline {
        self.0
            .get(&(commitment.to_owned(), milestone.map(str::to_owned)))
            .copied()
            .unwrap_or(Baseline {
                baseline_due: due,
                replans: 0,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Change, Value};

    fn d(s: &str) -> NaiveDate {
        crate::parse_date(s).expect("date")
    }

    fn event(kind: ChangeKind, milestone: Option<&str>, from: Option<&str>, to: Option<&str>) -> Event {
        Event {
            commit: None,
            change: Change {
                commitment: Some("c".into()),
                milestone: milestone.map(str::to_owned),
                kind,
                field: Some("due".into()),
                from: from.map(|f| Value::Date(d(f))),
                to: to.map(|t| Value::Date(d(t))),
                days: None,
                path: "s/c.yaml".into(),
            },
            side_branch: false,
        }
    }

    #[test]
    fn the_first_recorded_date_and_the_later_moves() {
        let events = [
            event(
                ChangeKind::DueChanged,
                None,
                Some("2021-06-30"),
                Some("2022-06-30"),
            ),
            event(
                ChangeKind::DueChanged,
                None,
                Some("2022-06-30"),
                Some("2022-03-31"),
            ),
            event(
                ChangeKind::DueChanged,
                None,
                Some("2022-03-31"),
                Some("2027-12-31"),
            ),
            event(ChangeKind::MilestoneAdded, Some("m1"), None, Some("2026-12-31")),
        ];
        let b = Baselines::from_events(&events);
        let own = b.of("c", None, d("2027-12-31"));
        assert_eq!((own.baseline_due, own.replans), (d("2021-06-30"), 2));
        assert_eq!(
            own.describe(d("2027-12-31")).as_deref(),
            Some("baseline 2021-06-30, re-planned 2 times, +2,375 days")
        );
        let m1 = b.of("c", Some("m1"), d("2026-12-31"));
        assert_eq!(m1.describe(d("2026-12-31")), None);
        // Unknown to the history: its due date is its own baseline.
        assert_eq!(b.of("other", None, d("2026-01-01")).replans, 0);
    }
}
