//! One case per rule: a strategy that breaks just that rule, and the first finding it
//! must give. The table must cover every rule there is.

use crate::support::{Folder, valid};
use tracker::finding::Rule;

const M: &str = "milestones:\n  - id: m1\n    title: First\n    due: 2026-06-30\n";

/// A rule, the files below `strategy/` (besides the standard `strategy.yaml`) of a
/// strategy that breaks it, and the finding line it must give.
type Case = (Rule, Vec<(String, String)>, String);

/// One case per rule.
fn cases() -> Vec<Case> {
    let base = |extra: &str| format!("id: a\ntitle: A\npillar: prevention\nowner: Unit\n{extra}");
    let file = |text: String| vec![("prevention/a.yaml".to_owned(), text)];
    let a = "strategy/prevention/a.yaml";
    vec![
        (
            Rule::ActualBeforeBaseline,
            file(base(&format!(
                "{M}indicators:\n  - id: i\n    title: I\n    baseline: {{date: 2021-12-31, value: 1}}\n    actuals: [{{date: 2020-12-31, value: 2}}]\n"
            ))),
            format!(
                "{a}:13:22: error[actual-before-baseline]: this actual is dated 2020-12-31, before the baseline of 2021-12-31"
            ),
        ),
        (
            Rule::BadDate,
            file(base("due: 2026-02-30\n")),
            format!("{a}:5:6: error[bad-date]: `2026-02-30` is not a real date: February 2026 has 28 days"),
        ),
        (
            Rule::HiddenCharacter,
            file(base(&format!("description: Pay\u{200B}ment\n{M}"))),
            format!(
                "{a}:5:17: warning[hidden-character]: U+200B (zero-width space) cannot be seen, and outputs for people leave it out"
            ),
        ),
        (
            Rule::BadId,
            file(base(M).replace("id: a\n", "id: A_1\n")),
            format!("{a}:1:5: error[bad-id]: `A_1` is not a valid id"),
        ),
        (
            Rule::BadValue,
            file(base(&format!("status: finished\n{M}"))),
            format!("{a}:5:9: error[bad-value]: unknown status `finished`"),
        ),
        (
            Rule::DependencyCycle,
            file(base(&format!("{M}depends_on: [a]\n"))),
            format!("{a}:9:14: error[dependency-cycle]: dependency cycle: a → a"),
        ),
        (
            Rule::DoneInFuture,
            file(base(&format!("{M}    done: 2026-12-01\n"))),
            format!(
                "{a}:9:11: error[done-in-future]: milestone `m1` is marked done on 2026-12-01, after today (2026-11-29)"
            ),
        ),
        (
            Rule::DoneWithoutConfidence,
            file(base(&format!(
                "{M}    done: 2026-06-01\n    evidence: https://example.org/r\n"
            ))),
            format!(
                "{a}:9:11: warning[done-without-confidence]: milestone `m1` is done, but says nothing of how far its sources can be trusted"
            ),
        ),
        (
            Rule::DoneWithoutEvidence,
            file(base(&format!("{M}    done: 2026-06-01\n    confidence: low\n"))),
            format!(
                "{a}:9:11: warning[done-without-evidence]: milestone `m1` is done, but no `evidence` shows it"
            ),
        ),
        (
            Rule::DoneWithOpenMilestones,
            file(base(&format!("status: done\n{M}"))),
            format!(
                "{a}:5:9: error[done-with-open-milestones]: status is `done`, but milestones m1 are still open"
            ),
        ),
        (
            Rule::DuplicateId,
            vec![
                ("prevention/a.yaml".into(), valid("a", "prevention")),
                ("prevention/b.yaml".into(), valid("a", "prevention")),
            ],
            format!(
                "{a}:1:5: error[duplicate-id]: commitment id `a` is also used by strategy/prevention/b.yaml"
            ),
        ),
        (
            Rule::DuplicateIndicator,
            file(base(&format!(
                "{M}indicators:\n  - {{id: i, title: I, baseline: {{date: 2021-12-31, value: 1}}}}\n  - {{id: i, title: J, baseline: {{date: 2021-12-31, value: 1}}}}\n"
            ))),
            format!(
                "{a}:11:10: error[duplicate-indicator]: indicator id `i` is used twice in this commitment"
            ),
        ),
        (
            Rule::DuplicateMilestone,
            file(base(&format!(
                "{M}  - {{id: m1, title: Again, due: 2026-07-31}}\n"
            ))),
            format!(
                "{a}:9:10: error[duplicate-milestone]: milestone id `m1` is used twice in this commitment"
            ),
        ),
        (
            Rule::EmptyFile,
            file("# nothing yet\n".into()),
            format!("{a}:1:1: error[empty-file]: the file is empty"),
        ),
        (
            Rule::MergeConflict,
            file(format!(
                "id: a\ntitle: A\npillar: prevention\n<<<<<<< HEAD\nowner: Unit A\n=======\nowner: Unit B\n>>>>>>> theirs\n{M}"
            )),
            format!(
                "{a}:4:1: error[merge-conflict]: the file holds an unresolved merge conflict (a `<<<<<<<` line, then `=======` and `>>>>>>>`)"
            ),
        ),
        (
            Rule::MilestoneAfterCommitmentDue,
            file(base(&format!("due: 2026-03-31\n{M}"))),
            format!(
                "{a}:5:6: warning[milestone-after-commitment-due]: 1 milestone falls due after the commitment's own due date (2026-03-31), the latest on 2026-06-30: m1; the commitment is overdue from 2026-03-31 whatever its milestones say"
            ),
        ),
        (
            Rule::MissingKey,
            file("id: a\ntitle: A\npillar: prevention\n".into()),
            format!("{a}:1:1: error[missing-key]: a commitment has no `owner`"),
        ),
        (
            Rule::MultipleDocuments,
            file(format!("{}---\n{}", base(M), base(M))),
            format!(
                "{a}:9:1: error[multiple-documents]: the file holds several YAML documents; it must hold one commitment"
            ),
        ),
        (
            Rule::NoMilestones,
            file(base("")),
            format!(
                "{a}:1:1: warning[no-milestones]: this commitment has no milestones, so it has no progress figure"
            ),
        ),
        (
            Rule::NotAUrl,
            file(base(&format!(
                "{M}links: [{{title: T, url: ftp://example.org}}]\n"
            ))),
            format!(
                "{a}:9:25: error[not-a-url]: `url` must be an http:// or https:// address, but `ftp://example.org` does not start with http:// or https://"
            ),
        ),
        (
            Rule::UnknownDependency,
            file(base(&format!("{M}depends_on: [nope]\n"))),
            format!(
                "{a}:9:14: error[unknown-dependency]: `depends_on` names `nope`, but no commitment has that id"
            ),
        ),
        (
            Rule::UnknownKey,
            file(base(&format!("{M}colour: blue\n"))),
            format!("{a}:9:1: error[unknown-key]: unknown key `colour` in a commitment"),
        ),
        (
            Rule::NamesInternal,
            vec![
                (
                    "prevention/a.yaml".to_owned(),
                    base(M).replace("title: A\n", "title: A, with op-raven\n"),
                ),
                (
                    "prevention/op-raven.yaml".to_owned(),
                    format!(
                        "id: op-raven\ntitle: R\npillar: prevention\nowner: U\nvisibility: internal\n{M}"
                    ),
                ),
            ],
            format!(
                "{a}:2:8: warning[names-internal]: this public text names `op-raven`, which is internal (strategy/prevention/op-raven.yaml)"
            ),
        ),
        (
            Rule::UnknownVerdict,
            file(base(&format!(
                "{M}assessments:\n  - {{date: 2026-01-01, by: Court, verdict: fine}}\n"
            ))),
            format!(
                "{a}:10:44: error[unknown-verdict]: verdict `fine` is not a word of any scale: strategy.yaml declares none"
            ),
        ),
        (
            Rule::UnknownPillar,
            file(base(M).replace("pillar: prevention", "pillar: preventon")),
            format!("{a}:3:9: error[unknown-pillar]: unknown pillar `preventon`"),
        ),
        (
            Rule::WrongType,
            file(base(M).replace("title: A\n", "title: [A]\n")),
            format!("{a}:2:8: error[wrong-type]: `title` must be text, found a list"),
        ),
        (
            Rule::YamlSyntax,
            file(base(M).replace("title: A\n", "title: A\n  x: 1\n")),
            format!(
                "{a}:3:4: error[yaml-syntax]: invalid YAML: mapping values are not allowed in this context"
            ),
        ),
    ]
}

/// Rules that need more than text in a file (bytes, sizes, symlinks, missing files),
/// with where they are tested.
const ELSEWHERE: &[(Rule, &str)] = &[
    (Rule::FileTooLarge, "cli::robustness"),
    (
        Rule::MissingFile,
        "a_source_without_strategy_yaml_is_missing_it, below",
    ),
    (Rule::NotUtf8, "cli::robustness, and load's unit tests"),
    (Rule::Symlink, "cli::robustness and history::robustness"),
    (
        Rule::Unreadable,
        "cli::robustness (a file that is not a regular file)",
    ),
];

#[test]
fn a_source_without_strategy_yaml_is_missing_it() {
    // On disk, a folder without strategy.yaml is not found as a strategy at all; a
    // commit whose tree has no strategy.yaml gets this finding.
    let loaded = tracker::load::Loaded::checked(
        "strategy",
        Vec::new(),
        tracker::source::Source::Files,
        tracker::parse_date("2026-11-29").unwrap(),
    );
    let lines: Vec<String> = loaded.findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "strategy/strategy.yaml:1:1: error[missing-file]: the strategy has no strategy.yaml\n    \
          hint: create it with `id`, `title` and `pillars`; see docs/format.md"
        ]
    );
}

#[test]
fn each_rule_gives_its_finding_at_its_place() {
    let mut failures = Vec::new();
    for (rule, files, expected) in cases() {
        let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let f = Folder::new(&refs);
        let r = f.check();
        let first = r.lines().into_iter().find(|l| l.contains(&format!("[{rule}]")));
        if first != Some(expected.as_str()) {
            failures.push(format!(
                "{rule}:\n  want {expected}\n  got  {first:?}\n{}",
                r.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_every_rule() {
    let mut covered: Vec<Rule> = cases().into_iter().map(|(r, _, _)| r).collect();
    covered.extend(ELSEWHERE.iter().map(|(r, _)| *r));
    covered.sort();
    covered.dedup();
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !covered.contains(r))
        .map(|r| r.as_str())
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}
