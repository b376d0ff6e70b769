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
        day(AS_OF),
    )
}

/// The day the shipped data is true on, as strategy.yaml's description says.
const AS_OF: &str = "2026-12-01";

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
    // `check --strict` clean: no error and no warning of any rule.
    assert!(loaded.findings.is_empty(), "{:#?}", loaded.findings);
    let strategy = loaded.strategy.as_ref().expect("strategy");
    assert_eq!(strategy.adopted, Some(day("2020-07-24")));
    let pillars: Vec<&str> = strategy.pillars.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        pillars,
        ["prevention", "detection", "law-enforcement", "victim-support"]
    );
    assert_eq!(loaded.valid_commitments().len(), 11);
    assert!(
        strategy.description.as_deref().unwrap_or("").contains(AS_OF),
        "the description states the day the data is true on"
    );
    // The OGP and RAG scales are declared, with a definition for every word.
    for id in ["ogp", "rag"] {
        let scale = strategy.scale(id).unwrap_or_else(|| panic!("no {id} scale"));
        assert!(
            scale.words.iter().all(|w| !w.definition.trim().is_empty()),
            "{id}"
        );
    }
}

#[test]
fn every_fact_has_evidence_and_confidence_and_none_is_after_the_data() {
    let l = shipped();
    let as_of = day(AS_OF);
    for (_, c) in l.valid_commitments() {
        for m in &c.milestones {
            let Some(done) = m.done else { continue };
            assert!(!m.evidence.is_empty(), "{} {}: done without evidence", c.id, m.id);
            assert!(
                m.confidence.is_some(),
                "{} {}: done without confidence",
                c.id,
                m.id
            );
            assert!(done <= as_of, "{} {}: done {done}, after {AS_OF}", c.id, m.id);
        }
        for e in &c.events {
            assert!(
                e.confidence.is_some(),
                "{}: event {} has no confidence",
                c.id,
                e.title
            );
            assert!(
                !e.evidence.is_empty(),
                "{}: event {} has no evidence",
                c.id,
                e.title
            );
            assert!(e.date <= as_of, "{}: event {} is after {AS_OF}", c.id, e.title);
        }
    }
}

#[test]
fn each_pillar_with_a_public_assessment_has_one() {
    let l = shipped();
    let strategy = l.strategy.as_ref().expect("strategy");
    for p in &strategy.pillars {
        let assessed = l.valid_commitments().into_iter().any(|(_, c)| {
            c.pillar == p.id
                && (!c.assessments.is_empty() || c.milestones.iter().any(|m| !m.assessments.is_empty()))
        });
        assert!(assessed, "pillar {} has no assessment", p.id);
    }
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
    let interim = commitment(&l, "interim-derogation");
    // The lapse is an event, not a done milestone; the revived rules run to 2028-04-03.
    assert!(
        interim.events.iter().any(|e| e.date == day("2026-04-03")),
        "the lapse of 2026-04-03 is an event"
    );
    assert!(
        interim.events.iter().any(|e| e.date == day("2026-03-26")),
        "Parliament's rejection of 2026-03-26 is an event"
    );
    let expiry = interim.milestone("expiry").unwrap();
    assert_eq!(
        expiry.due,
        day("2028-04-03"),
        "the revived interim rules end then"
    );
    assert_eq!(expiry.done, None, "the interim rules have not ended");
    let proposal = commitment(&l, "csa-regulation").milestone("proposal").unwrap();
    assert_eq!(
        proposal.due,
        day("2021-06-30"),
        "the strategy asked for the proposal by Q2 2021"
    );
}

#[test]
fn pending_items_stay_open_and_dependencies_hold() {
    let l = shipped();
    let csa = commitment(&l, "csa-regulation");
    assert!(
        csa.milestones.iter().any(|m| m.done.is_none()),
        "no adopted CSA Regulation as of 2026-12-01"
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
