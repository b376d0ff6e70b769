//! Facts of the shipped strategy, checked against the public record, so an accidental
//! edit of `strategy/` is caught.

use chrono::NaiveDate;
use tracker::load::Loaded;
use tracker::model::Commitment;
use tracker::source::WorkTree;

fn shipped() -> Loaded {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("strategy");
    let wt = WorkTree::discover(&dir, Some(&dir)).expect("shipped strategy");
    Loaded::checked(
        &wt.name,
        wt.files().expect("files"),
        tracker::source::Source::Files,
        day("2026-11-30"),
    )
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn commitment<'a>(loaded: &'a Loaded, id: &str) -> &'a Commitment {
    loaded
        .valid_commitments()
        .into_iter()
        .find(|(_, c)| c.id == id)
        .unwrap_or_else(|| panic!("no valid commitment {id}"))
        .1
}

fn done(loaded: &Loaded, id: &str, milestone: &str) -> Option<NaiveDate> {
    commitment(loaded, id)
        .milestone(milestone)
        .unwrap_or_else(|| panic!("{id} has no {milestone}"))
        .done
}

#[test]
fn the_shipped_strategy_is_valid() {
    let loaded = shipped();
    // The plan's own contradictions (milestones due after their commitment) are what the
    // data update re-plans; nothing else may be found.
    let other: Vec<_> = loaded
        .findings
        .iter()
        .filter(|f| f.rule != tracker::finding::Rule::MilestoneAfterCommitmentDue)
        .collect();
    assert!(other.is_empty(), "{other:#?}");
    let strategy = loaded.strategy.as_ref().expect("strategy");
    assert_eq!(strategy.adopted, Some(day("2020-07-24")));
    let pillars: Vec<&str> = strategy.pillars.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        pillars,
        ["prevention", "detection", "law-enforcement", "victim-support"]
    );
    assert_eq!(loaded.valid_commitments().len(), 11);
}

#[test]
fn dated_facts_match_the_record() {
    let l = shipped();
    assert_eq!(
        done(&l, "interim-derogation", "regulation-adopted"),
        Some(day("2021-07-14"))
    );
    assert_eq!(
        done(&l, "interim-derogation", "proposal"),
        Some(day("2020-09-10"))
    );
    assert_eq!(
        done(&l, "interim-derogation", "extension-adopted"),
        Some(day("2024-04-29"))
    );
    assert_eq!(done(&l, "csa-regulation", "proposal"), Some(day("2022-05-11")));
    let expiry = commitment(&l, "interim-derogation").milestone("expiry").unwrap();
    assert_eq!(
        expiry.due,
        day("2026-04-03"),
        "Regulation (EU) 2024/1307 moved the expiry here"
    );
    assert_eq!(
        expiry.done,
        Some(day("2026-04-03")),
        "the interim rules lapsed that day"
    );
    let proposal = commitment(&l, "csa-regulation").milestone("proposal").unwrap();
    assert_eq!(
        proposal.due,
        day("2021-06-30"),
        "the strategy asked for the proposal by Q2 2021"
    );
    assert_eq!(commitment(&l, "csa-regulation").due, Some(day("2021-06-30")));
    assert_eq!(commitment(&l, "interim-derogation").due, Some(day("2020-12-21")));
}

#[test]
fn pending_items_stay_open_and_dependencies_hold() {
    let l = shipped();
    let csa = commitment(&l, "csa-regulation");
    assert!(
        csa.milestones.iter().any(|m| m.done.is_none()),
        "no adopted CSA Regulation as of mid-2026"
    );
    assert!(
        commitment(&l, "eu-centre")
            .depends_on
            .contains(&"csa-regulation".to_owned())
    );
    for (_, c) in l.valid_commitments() {
        assert!(!c.links.is_empty(), "{} cites no source", c.id);
        for i in &c.indicators {
            assert!(
                i.target.is_none(),
                "{}: the strategy sets no numeric targets",
                c.id
            );
        }
    }
}
