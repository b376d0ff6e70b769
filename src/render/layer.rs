//! The sentences every renderer shares about the second layer and the lens: what was
//! left out for the audience or the confidence asked for, how much rests on weak
//! sources, where reported and assessed disagree, and the legend of the scales.

use crate::assessed::Assessed;
use crate::model::{Confidence, Scale, Visibility};
use crate::report::status::{Disagreement, Totals};
use crate::words::count;

/// The notes on what the output leaves out, one sentence each.
pub fn lens_notes(
    audience: Visibility,
    internal_hidden: usize,
    min_confidence: Option<Confidence>,
    set_aside: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    if audience == Visibility::Public {
        out.push(if internal_hidden == 0 {
            "Public output: nothing here is marked internal.".to_owned()
        } else {
            format!(
                "Public output: {} not shown; every figure leaves {} out.",
                internal_items(internal_hidden),
                if internal_hidden == 1 { "it" } else { "them" }
            )
        });
    }
    if let Some(min) = min_confidence {
        out.push(format!(
            "Counting as done only milestones whose sources have {} confidence or better: {} set aside.",
            min.as_str(),
            count(set_aside, "done milestone")
        ));
    }
    out
}

/// "3 internal items are", for the notes.
fn internal_items(n: usize) -> String {
    format!(
        "{} {}",
        count(n, "internal item"),
        if n == 1 { "is" } else { "are" }
    )
}

/// How much of what is done rests on weak or unstated sources; `None` when nothing does.
pub fn confidence_note(t: &Totals) -> Option<String> {
    if t.done_low_confidence == 0 && t.done_unrated == 0 {
        return None;
    }
    let n = |k: usize| crate::words::thousands(k as i64);
    let mut parts = Vec::new();
    if t.done_low_confidence > 0 {
        let verb = if t.done_low_confidence == 1 {
            "rests"
        } else {
            "rest"
        };
        parts.push(format!(
            "{} {verb} on low-confidence sources",
            n(t.done_low_confidence)
        ));
    }
    if t.done_unrated > 0 {
        let verb = if t.done_unrated == 1 { "states" } else { "state" };
        parts.push(format!("{} {verb} no confidence", n(t.done_unrated)));
    }
    Some(format!(
        "Of {} done, {}.",
        count(t.milestones_done, "milestone"),
        parts.join(" and ")
    ))
}

/// An assessment in a few words: "Not fulfilled (European Commission, 2025-01-01, stale)".
pub fn assessed_words(a: &Assessed) -> String {
    format!(
        "{} ({}, {}{})",
        a.verdict_title,
        a.by,
        a.date,
        if a.stale { ", stale" } else { "" }
    )
}

/// One disagreement as a sentence.
pub fn disagreement(d: &Disagreement) -> String {
    let what = match &d.milestone {
        Some(m) => format!("{} milestone {m}", d.id),
        None => d.id.clone(),
    };
    format!(
        "{what} ({}): reported {}, assessed {}",
        d.title,
        d.reported,
        assessed_words(&d.assessed)
    )
}

/// The legend lines of the scales in use: scale, word and definition.
pub fn legend(scales: &[Scale]) -> Vec<(String, String, String)> {
    scales
        .iter()
        .flat_map(|s| {
            s.words
                .iter()
                .map(|w| (s.title.clone(), w.title.clone(), w.definition.clone()))
        })
        .collect()
}

/// The scales a report must explain: those its assessments use, and the one asked for.
pub fn scales_used<'a>(all: &'a [Scale], used: impl IntoIterator<Item = &'a str>) -> Vec<Scale> {
    let used: std::collections::BTreeSet<&str> = used.into_iter().collect();
    all.iter()
        .filter(|s| used.contains(s.id.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_count_what_is_left_out() {
        assert_eq!(
            lens_notes(Visibility::Public, 3, Some(Confidence::Medium), 1),
            [
                "Public output: 3 internal items are not shown; every figure leaves them out.",
                "Counting as done only milestones whose sources have medium confidence or better: 1 done milestone set aside."
            ]
        );
        assert!(lens_notes(Visibility::Internal, 0, None, 0).is_empty());
        let t = Totals {
            milestones_done: 52,
            done_low_confidence: 9,
            done_unrated: 1,
            ..Totals::default()
        };
        assert_eq!(
            confidence_note(&t).as_deref(),
            Some("Of 52 milestones done, 9 rest on low-confidence sources and 1 states no confidence.")
        );
    }
}
