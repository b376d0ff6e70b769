//! The second layer: what an assessing body found, beside what the files report.
//!
//! The latest assessment on or before the report's day is the assessed state; the
//! derived state stays the reported one. An assessment is stale when what it assessed
//! changed after it. A derived state maps onto a declared scale by the scale's `map`,
//! or by the default rule of [`on_scale`].

use crate::model::{Assessment, Commitment, Scale, Strategy, Word, latest};
use crate::state::State;
use chrono::NaiveDate;
use serde::Serialize;

/// An assessment as reports show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessed {
    /// The verdict: a word of `scale`.
    pub verdict: String,
    /// The verdict's title.
    pub verdict_title: String,
    /// The scale the verdict is a word of.
    pub scale: String,
    /// The word's colour.
    pub colour: String,
    /// Whether the verdict says the thing is delivered.
    pub says_done: bool,
    /// The day of the assessment.
    pub date: NaiveDate,
    /// The assessing body.
    pub by: String,
    /// Whether what it assessed changed after it.
    pub stale: bool,
    /// Its note.
    pub note: Option<String>,
    /// Its evidence.
    pub evidence: Vec<String>,
}

/// The scale and word a verdict names, if the strategy declares them.
pub fn resolve<'s>(strategy: &'s Strategy, a: &Assessment) -> Option<(&'s Scale, &'s Word)> {
    match &a.scale {
        Some(id) => {
            let s = strategy.scale(id)?;
            Some((s, s.word(&a.verdict)?))
        }
        None => {
            let mut found = strategy
                .scales
                .iter()
                .filter_map(|s| Some((s, s.word(&a.verdict)?)));
            let first = found.next()?;
            found.next().is_none().then_some(first)
        }
    }
}

/// The latest of `assessments` dated on or before `day`, as shown; `changed` is the last
/// day what they assess changed (it is stale when that is after the assessment).
pub fn assessed(
    strategy: &Strategy,
    assessments: &[Assessment],
    day: NaiveDate,
    changed: Option<NaiveDate>,
) -> Option<Assessed> {
    let until: Vec<Assessment> = assessments.iter().filter(|a| a.date <= day).cloned().collect();
    let a = latest(&until)?;
    let (scale, word) = resolve(strategy, a)?;
    Some(Assessed {
        verdict: word.id.clone(),
        verdict_title: word.title.clone(),
        scale: scale.id.clone(),
        colour: word.colour.clone(),
        says_done: word.done,
        date: a.date,
        by: a.by.clone(),
        stale: changed.is_some_and(|c| c > a.date),
        note: a.note.clone(),
        evidence: a.evidence.clone(),
    })
}

/// The last day, on or before `day`, that the files themselves say a commitment
/// changed: its latest done date or event. The history knows better (the last commit
/// that changed it); this is what can be told without one.
pub fn changed_by_dates(c: &Commitment, day: NaiveDate) -> Option<NaiveDate> {
    let done = c.milestones.iter().filter_map(|m| m.done_by(day));
    let events = c.events.iter().map(|e| e.date).filter(|d| *d <= day);
    done.chain(events).max()
}

/// Whether the reported and the assessed layers disagree: reported done but not
/// assessed as delivered, or assessed as delivered but not reported done.
pub fn disagree(state: State, a: &Assessed) -> bool {
    (state == State::Done) != a.says_done && state != State::Dropped
}

/// The word of `scale` a derived state (with its progress, 0 to 1) maps onto: the
/// scale's `map` when it names the state; otherwise the first word for a commitment not
/// started or dropped, the last for one done, and for one under way (on track or
/// overdue) the word between them that its progress reaches, spread evenly.
pub fn on_scale(scale: &Scale, state: State, progress: Option<f64>) -> Option<&Word> {
    if let Some((_, w)) = scale.map.iter().find(|(s, _)| s == state.as_str()) {
        return scale.word(w);
    }
    let n = scale.words.len();
    let last = n.checked_sub(1)?;
    let index = match state {
        State::NotStarted | State::Dropped => 0,
        State::Done => last,
        State::OnTrack | State::Overdue => {
            if n <= 2 {
                0
            } else {
                // Words 1 to n-2 share the progress between 0 and 1.
                let inner = (n - 2) as f64;
                let p = progress.unwrap_or(0.0).clamp(0.0, 1.0);
                1 + ((p * inner).floor() as usize).min(n - 3)
            }
        }
    };
    scale.words.get(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(id: &str, done: bool) -> Word {
        Word {
            id: id.into(),
            title: id.into(),
            colour: "#000000".into(),
            definition: "d".into(),
            done,
        }
    }

    fn ogp() -> Scale {
        Scale {
            id: "ogp".into(),
            title: "OGP".into(),
            words: vec![
                word("not-started", false),
                word("limited", false),
                word("substantial", false),
                word("complete", true),
            ],
            map: vec![],
        }
    }

    #[test]
    fn the_default_rule_spreads_progress_over_the_middle_words() {
        let s = ogp();
        let w = |st, p| on_scale(&s, st, p).map(|w| w.id.as_str());
        assert_eq!(w(State::NotStarted, None), Some("not-started"));
        assert_eq!(w(State::Done, Some(1.0)), Some("complete"));
        assert_eq!(w(State::OnTrack, Some(0.2)), Some("limited"));
        assert_eq!(w(State::Overdue, Some(0.5)), Some("substantial"));
        assert_eq!(w(State::OnTrack, Some(0.99)), Some("substantial"));
        assert_eq!(w(State::Dropped, None), Some("not-started"));
    }

    #[test]
    fn a_map_overrides_the_rule() {
        let mut s = ogp();
        s.map = vec![("overdue".into(), "limited".into())];
        assert_eq!(
            on_scale(&s, State::Overdue, Some(0.9)).map(|w| w.id.as_str()),
            Some("limited")
        );
    }

    #[test]
    fn the_latest_assessment_on_or_before_the_day_counts_and_goes_stale() {
        let strategy = Strategy {
            id: "s".into(),
            title: "S".into(),
            adopted: None,
            description: None,
            pillars: vec![],
            require_evidence: false,
            visibility: Default::default(),
            audience: None,
            scales: vec![ogp()],
        };
        let a = |d: &str, v: &str| Assessment {
            date: d.parse().unwrap(),
            by: "Body".into(),
            scale: None,
            verdict: v.into(),
            note: None,
            evidence: vec![],
        };
        let list = [a("2024-01-01", "limited"), a("2025-01-01", "complete")];
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let then = assessed(&strategy, &list, day("2024-06-30"), None).unwrap();
        assert_eq!(then.verdict, "limited");
        let now = assessed(&strategy, &list, day("2026-01-01"), Some(day("2025-06-01"))).unwrap();
        assert_eq!(
            (now.verdict.as_str(), now.says_done, now.stale),
            ("complete", true, true)
        );
        assert!(assessed(&strategy, &list, day("2023-01-01"), None).is_none());
        assert!(disagree(State::Overdue, &now));
        assert!(!disagree(State::Done, &now));
    }
}
