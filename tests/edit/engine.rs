//! The edit engine on real files and odd ones: every edit of every milestone of every
//! shipped file goes through its own model check, and no input makes it panic.

use chrono::NaiveDate;
use std::path::Path;
use tracker::edit::{Action, edit};
use tracker::model::Status;

fn day(s: &str) -> NaiveDate {
    tracker::parse_date(s).expect("date")
}

#[test]
fn every_edit_works_on_every_shipped_file() {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("strategy");
    for pillar in std::fs::read_dir(&root).expect("list") {
        let pillar = pillar.expect("entry").path();
        if pillar.is_dir() {
            for f in std::fs::read_dir(&pillar).expect("list") {
                files.push(f.expect("entry").path());
            }
        }
    }
    let mut edits = 0;
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let name = path.display().to_string();
        let c = tracker::load::parse_commitment(&name, &bytes)
            .value
            .expect("valid");
        let mut changes = vec![
            Action::Due(day("2031-01-31")),
            Action::Status(Status::Dropped),
            Action::Owner("Someone else: a unit".into()),
        ];
        for m in &c.milestones {
            changes.push(Action::MilestoneDone {
                milestone: m.id.clone(),
                date: day("2020-01-02"),
                redate: true,
                evidence: Vec::new(),
                confidence: None,
            });
            // Evidence and confidence go in only where there are none yet.
            if m.evidence.is_empty() && m.confidence.is_none() {
                changes.push(Action::MilestoneDone {
                    milestone: m.id.clone(),
                    date: day("2020-01-02"),
                    redate: true,
                    evidence: vec!["https://example.org/shows-it".into()],
                    confidence: Some(tracker::model::Confidence::Medium),
                });
            }
            changes.push(Action::MilestoneReopen {
                milestone: m.id.clone(),
            });
            changes.push(Action::MilestoneDue {
                milestone: m.id.clone(),
                date: day("2031-02-28"),
            });
        }
        for change in changes {
            // `edit` itself parses the result and compares it with the intended model.
            let result = edit(&name, &bytes, &change).unwrap_or_else(|e| panic!("{name} {change:?}: {e}"));
            if let Some(e) = result {
                let diff = tracker::edit::diff::unified(&name, Some(&e.before), &e.after);
                let changed = diff
                    .lines()
                    .skip(3)
                    .filter(|l| l.starts_with('+') || l.starts_with('-'))
                    .count();
                // One line replaced, or with evidence and confidence two lines added.
                let most = match &change {
                    Action::MilestoneDone { evidence, .. } if !evidence.is_empty() => 4,
                    _ => 2,
                };
                assert!(
                    changed <= most,
                    "{name} {change:?} changed more lines than it sets:\n{diff}"
                );
                edits += 1;
            }
        }
    }
    assert!(edits > 150, "{edits}");
}

#[test]
fn odd_inputs_never_panic() {
    let base =
        "id: a\ntitle: A\npillar: p\nowner: U\nmilestones:\n  - id: m1\n    title: M\n    due: 2026-01-31\n";
    let odd = [
        String::new(),
        "\u{feff}".into(),
        "- a\n".into(),
        "id: a\n---\nid: b\n".into(),
        base.replace("milestones:", "milestones: &ms"),
        base.replace("  - id: m1", "  - &m\n    id: m1"),
        base.replace("owner: U", "owner: !!str U"),
        base.replace("due: 2026-01-31", "due: !!str 2026-01-31"),
        base.replace("title: M", "title: |\n      M\n"),
        format!("{base}    done:\n"),
        format!("{base}    done: ~\n"),
        format!("{base}    done: null # later\n"),
        base.replace("\n", "\r\n"),
        base.replace("\n", "\r"),
        base.trim_end().to_owned(),
        "{id: a, title: A, pillar: p, owner: U, milestones: [{id: m1, title: M, due: 2026-01-31}]}".into(),
        "{id: a, title: A, pillar: p, owner: U, milestones: [{id: m1, title: M, due: 2026-01-31}]}\n...\n"
            .into(),
        "? id\n: a\ntitle: A\npillar: p\nowner: U\n".into(),
    ];
    let mut made = 0;
    let mut refused = Vec::new();
    for text in &odd {
        let parsed = tracker::load::parse_commitment("a.yaml", text.as_bytes());
        let before = match (&parsed.value, parsed.has_errors()) {
            (Some(c), false) => c.clone(),
            _ => {
                let r = edit("a.yaml", text.as_bytes(), &Action::Owner("V".into()));
                assert!(
                    matches!(r, Err(tracker::error::Error::InvalidFile { .. })),
                    "{text:?}: an invalid file must be refused as such: {r:?}"
                );
                continue;
            }
        };
        for change in [
            Action::MilestoneDone {
                milestone: "m1".into(),
                date: day("2026-01-15"),
                redate: false,
                evidence: Vec::new(),
                confidence: None,
            },
            Action::MilestoneReopen {
                milestone: "m1".into(),
            },
            Action::MilestoneDue {
                milestone: "m1".into(),
                date: day("2026-03-15"),
            },
            Action::Due(day("2027-01-01")),
            Action::Status(Status::InProgress),
            Action::Owner("V".into()),
        ] {
            match edit("a.yaml", text.as_bytes(), &change) {
                Ok(Some(e)) => {
                    let back = tracker::load::parse_commitment("a.yaml", e.after.as_bytes());
                    assert!(!back.has_errors(), "{text:?} {change:?} -> {:?}", e.after);
                    assert_eq!(
                        back.value.as_ref(),
                        Some(&change.apply(&before).expect("applies")),
                        "{text:?} {change:?} -> {:?}",
                        e.after
                    );
                    made += 1;
                }
                Ok(None) => assert_eq!(
                    change.apply(&before).expect("applies"),
                    before,
                    "{text:?} {change:?}: said nothing to change"
                ),
                // A refusal is allowed (an anchor, a block scalar); anything else is a bug.
                Err(tracker::error::Error::EditRefused { .. }) => {
                    refused.push(format!("{text:?} {change:?}"))
                }
                // This layout has no milestones.
                Err(tracker::error::Error::UnknownMilestone { .. }) if before.milestones.is_empty() => {}
                Err(e) => panic!("{text:?} {change:?}: {e}"),
            }
        }
    }
    // Every valid layout above can be edited: none needs a refusal.
    assert!(refused.is_empty(), "{refused:#?}");
    assert!(made > 50, "{made}");
}
