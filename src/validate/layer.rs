//! Checks of the second layer: evidence and confidence of done milestones, assessments'
//! verdicts against the declared scales, and public text that names internal items.

use super::{Context, Placer};
use crate::finding::{Finding, Rule};
use crate::load::CommitmentFile;
use crate::model::{Assessment, Commitment, Strategy, Visibility};
use crate::yaml::locate::YPath;

/// The findings of the second layer in one commitment.
pub(super) fn check(
    cx: &Context<'_>,
    file: &CommitmentFile,
    c: &Commitment,
    at: &mut Placer<'_>,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let strategy = cx.loaded.strategy.as_ref();
    let require = strategy.is_some_and(|s| s.require_evidence);
    for (i, m) in c.milestones.iter().enumerate() {
        let item = |at: &mut Placer<'_>| {
            at.item("milestones", i, |v| {
                v.get("id").and_then(|x| x.as_str()) == Some(m.id.as_str())
            })
        };
        if m.done.is_some() && m.evidence.is_empty() && (require || at.warns()) {
            let message = format!("milestone `{}` is done, but no `evidence` shows it", m.id);
            let hint =
                "add `evidence:` with the address of the document that shows it was done (one, or a list)";
            found.push(if require {
                let pos = {
                    let done = item(at).key("done");
                    at.value(&done)
                };
                Finding::error(at.path, pos, Rule::DoneWithoutEvidence, message)
                    .with_hint(format!("{hint}; strategy.yaml sets `require_evidence: true`"))
            } else {
                let pos = at.warning(|at| item(at).key("done"));
                Finding::warning(at.path, pos, Rule::DoneWithoutEvidence, message).with_hint(hint)
            });
        }
        if m.done.is_some() && m.confidence.is_none() && at.warns() {
            let pos = at.warning(|at| item(at).key("done"));
            found.push(
                Finding::warning(
                    at.path,
                    pos,
                    Rule::DoneWithoutConfidence,
                    format!("milestone `{}` is done, but says nothing of how far its sources can be trusted", m.id),
                )
                .with_hint("add `confidence: high` (official text, or several consistent sources), `medium` (one reliable secondary source) or `low` (a single or partisan source)"),
            );
        }
        for (k, a) in m.assessments.iter().enumerate() {
            let place = item(at).key("assessments").index(k);
            verdict(strategy, a, &place, at, &mut found);
        }
    }
    for (k, a) in c.assessments.iter().enumerate() {
        verdict(
            strategy,
            a,
            &YPath::root().key("assessments").index(k),
            at,
            &mut found,
        );
    }
    if let Some(s) = strategy {
        names_internal(cx, s, file, c, at, &mut found);
    }
    found
}

/// An assessment's verdict must be a word of a declared scale (of its `scale`, when it
/// names one), and one scale only when it names none.
fn verdict(
    strategy: Option<&Strategy>,
    a: &Assessment,
    path: &YPath,
    at: &mut Placer<'_>,
    found: &mut Vec<Finding>,
) {
    let Some(strategy) = strategy else { return };
    let words = |s: &crate::model::Scale| {
        s.words
            .iter()
            .map(|w| w.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if strategy.scales.is_empty() {
        found.push(
            Finding::error(
                at.path,
                at.value(&path.key("verdict")),
                Rule::UnknownVerdict,
                format!("verdict `{}` is not a word of any scale: strategy.yaml declares none", a.verdict),
            )
            .with_hint("declare the scale under `scales:` in strategy.yaml, with its words, colours and definitions (see docs/format.md)"),
        );
        return;
    }
    match &a.scale {
        Some(id) => match strategy.scale(id) {
            None => {
                let ids: Vec<&str> = strategy.scales.iter().map(|s| s.id.as_str()).collect();
                found.push(
                    Finding::error(
                        at.path,
                        at.value(&path.key("scale")),
                        Rule::UnknownVerdict,
                        format!("unknown scale `{id}`"),
                    )
                    .with_hint(match crate::decode::suggest(id, &ids) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the scales are: {}", ids.join(", ")),
                    }),
                );
            }
            Some(scale) if scale.word(&a.verdict).is_none() => {
                let ids: Vec<&str> = scale.words.iter().map(|w| w.id.as_str()).collect();
                found.push(
                    Finding::error(
                        at.path,
                        at.value(&path.key("verdict")),
                        Rule::UnknownVerdict,
                        format!("`{}` is not a word of the scale `{}`", a.verdict, scale.id),
                    )
                    .with_hint(match crate::decode::suggest(&a.verdict, &ids) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("its words are: {}", words(scale)),
                    }),
                );
            }
            Some(_) => {}
        },
        None => {
            let having: Vec<&str> = strategy
                .scales
                .iter()
                .filter(|s| s.word(&a.verdict).is_some())
                .map(|s| s.id.as_str())
                .collect();
            match having.len() {
                1 => {}
                0 => found.push(
                    Finding::error(
                        at.path,
                        at.value(&path.key("verdict")),
                        Rule::UnknownVerdict,
                        format!("verdict `{}` is not a word of any declared scale", a.verdict),
                    )
                    .with_hint(format!(
                        "the scales' words are: {}",
                        strategy
                            .scales
                            .iter()
                            .map(|s| format!("{} ({})", s.id, words(s)))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )),
                ),
                _ => found.push(
                    Finding::error(
                        at.path,
                        at.value(&path.key("verdict")),
                        Rule::UnknownVerdict,
                        format!(
                            "verdict `{}` is a word of several scales: {}",
                            a.verdict,
                            having.join(", ")
                        ),
                    )
                    .with_hint(format!("say which with `scale: {}`", having[0])),
                ),
            }
        }
    }
}

/// A public commitment's own text (title, description, milestone and event titles and
/// notes) that names the id of an internal commitment, milestone, event or indicator:
/// publishing it would give away what is meant to stay internal.
fn names_internal(
    cx: &Context<'_>,
    s: &Strategy,
    file: &CommitmentFile,
    c: &Commitment,
    at: &mut Placer<'_>,
    found: &mut Vec<Finding>,
) {
    let default = s.visibility;
    let own = c.visibility.unwrap_or(default);
    if own == Visibility::Internal || !at.warns() {
        return;
    }
    let mut texts: Vec<(&str, YPath)> = vec![(c.title.as_str(), YPath::root().key("title"))];
    if let Some(d) = &c.description
        && !c.internal.iter().any(|f| f == "description")
    {
        texts.push((d, YPath::root().key("description")));
    }
    for (i, m) in c.milestones.iter().enumerate() {
        if m.visibility.unwrap_or(own) == Visibility::Public {
            texts.push((&m.title, YPath::root().key("milestones").index(i).key("title")));
            if let Some(n) = &m.note {
                texts.push((n, YPath::root().key("milestones").index(i).key("note")));
            }
        }
    }
    for (i, e) in c.events.iter().enumerate() {
        if e.visibility.unwrap_or(own) == Visibility::Public {
            texts.push((&e.title, YPath::root().key("events").index(i).key("title")));
        }
    }
    for (id, path, whole) in &cx.internal {
        // A commitment's own id in its own file is not a leak.
        if *whole && *path == file.path {
            continue;
        }
        for (text, at_path) in &texts {
            if contains_word(text, id) {
                let pos = at.warning(|_| at_path.clone());
                found.push(
                    Finding::warning(
                        at.path,
                        pos,
                        Rule::NamesInternal,
                        format!("this public text names `{id}`, which is internal ({path})"),
                    )
                    .with_hint("reword it, or mark this item `visibility: internal` too"),
                );
            }
        }
    }
}

/// The ids a public text must not name, found once for the whole strategy: each
/// internal commitment's id, and the internal milestones and indicators of the others,
/// with the file they are in and whether they are a whole commitment. Short ids (under 4
/// characters, such as `m1`) are left out: they name nothing on their own.
pub(super) fn internal_ids(loaded: &crate::load::Loaded) -> Vec<(&str, &str, bool)> {
    let default = loaded
        .strategy
        .as_ref()
        .map_or(Visibility::Public, |s| s.visibility);
    let mut out = Vec::new();
    for f in &loaded.files {
        let Some(o) = &f.commitment else { continue };
        let own = o.visibility.unwrap_or(default);
        if own == Visibility::Internal {
            out.push((o.id.as_str(), f.path.as_str(), true));
            continue;
        }
        for m in o
            .milestones
            .iter()
            .filter(|m| m.visibility.unwrap_or(own) == Visibility::Internal)
        {
            out.push((m.id.as_str(), f.path.as_str(), false));
        }
        for i in o
            .indicators
            .iter()
            .filter(|i| i.visibility.unwrap_or(own) == Visibility::Internal)
        {
            out.push((i.id.as_str(), f.path.as_str(), false));
        }
    }
    out.retain(|(id, _, _)| id.len() >= 4);
    out
}

/// Whether `text` holds `word` with no id character on either side.
fn contains_word(text: &str, word: &str) -> bool {
    let is_id = |c: char| c.is_ascii_alphanumeric() || c == '-';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_id) && !after.is_some_and(is_id)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_whole() {
        assert!(super::contains_word("see op-raven for details", "op-raven"));
        assert!(!super::contains_word("see op-ravens", "op-raven"));
        assert!(!super::contains_word("coop-raven", "op-raven"));
    }
}

#[cfg(test)]
mod placing {
    use crate::load::Loaded;
    use crate::source::{Content, RawFile, Source};

    fn raw(path: &str, text: &str) -> RawFile {
        RawFile {
            path: path.into(),
            content: Content::Bytes {
                data: text.as_bytes().into(),
                blob: None,
            },
        }
    }

    fn files() -> Vec<RawFile> {
        vec![
            raw(
                "strategy/strategy.yaml",
                "id: s\ntitle: S\npillars:\n  - {id: p, title: P}\n",
            ),
            // A warning on line 7 (done without evidence), and an error in another
            // file on line 6 (an unknown dependency).
            raw(
                "strategy/p/a.yaml",
                "id: a\ntitle: A\npillar: p\nowner: O\nmilestones:\n  - id: m1\n    title: M\n    due: 2026-01-01\n    done: 2026-01-01\n",
            ),
            raw(
                "strategy/p/b.yaml",
                "id: b\ntitle: B\npillar: p\nowner: O\ndepends_on:\n  - nowhere\nmilestones:\n  - {id: m1, title: M, due: 2026-01-01}\n",
            ),
        ]
    }

    #[test]
    fn reports_place_errors_and_make_no_warnings() {
        let checked = Loaded::checked(
            "strategy",
            files(),
            Source::Files,
            chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        );
        let report = Loaded::for_report("strategy", files(), Source::Files);
        let place = |l: &Loaded, rule: &str| {
            l.findings
                .iter()
                .find(|f| f.rule.to_string() == rule)
                .map(|f| (f.line, f.column))
                .unwrap_or_else(|| panic!("no {rule} in {:?}", l.findings))
        };
        assert_eq!(place(&checked, "done-without-evidence").0, 9);
        assert!(
            report.findings.iter().all(|f| f.is_error()),
            "{:?}",
            report.findings
        );
        assert_eq!(
            place(&checked, "unknown-dependency"),
            place(&report, "unknown-dependency")
        );
        assert_eq!(place(&report, "unknown-dependency").0, 6);
    }
}
