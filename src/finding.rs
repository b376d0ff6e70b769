//! Findings: what `check` reports about the files, with a position in them.

use serde::Serialize;
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Makes the file invalid: `check` fails and reports skip the file.
    Error,
    /// Worth fixing; fails `check` only with `--strict`.
    Warning,
}

impl Severity {
    /// The word printed before the message.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The stable name of a check: what `check` prints in brackets and JSON names `rule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// An indicator's actual is dated before its baseline.
    ActualBeforeBaseline,
    /// A date is not a real `YYYY-MM-DD` date.
    BadDate,
    /// An id is not lowercase letters, digits and single dashes.
    BadId,
    /// A value is not one of the words the key takes.
    BadValue,
    /// Commitments wait on each other in a circle.
    DependencyCycle,
    /// A milestone is marked done after today.
    DoneInFuture,
    /// The status is `done` while milestones are open.
    DoneWithOpenMilestones,
    /// A done milestone names no confidence for its sources (a warning).
    DoneWithoutConfidence,
    /// A done milestone names no evidence (a warning; an error with `require_evidence`).
    DoneWithoutEvidence,
    /// Two commitments (or pillars) share an id.
    DuplicateId,
    /// Two indicators of a commitment share an id.
    DuplicateIndicator,
    /// Two milestones of a commitment share an id.
    DuplicateMilestone,
    /// The file has nothing in it.
    EmptyFile,
    /// The file is over the size limit.
    FileTooLarge,
    /// A character that cannot be seen, or that reorders the text around it.
    HiddenCharacter,
    /// `strategy.yaml` is missing.
    MissingFile,
    /// A required key is missing or empty.
    MissingKey,
    /// The file holds merge-conflict markers.
    MergeConflict,
    /// A milestone falls due after its commitment's own due date (a warning).
    MilestoneAfterCommitmentDue,
    /// The file holds more than one YAML document.
    MultipleDocuments,
    /// A commitment has no milestones (a warning).
    NoMilestones,
    /// A public item's text names an internal item (a warning).
    NamesInternal,
    /// A link or evidence is not an http(s) address.
    NotAUrl,
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file is a symlink.
    Symlink,
    /// `depends_on` names no commitment.
    UnknownDependency,
    /// A key the format does not have.
    UnknownKey,
    /// A commitment names a pillar the strategy does not have.
    UnknownPillar,
    /// An assessment's verdict (or scale) is not declared in `strategy.yaml`.
    UnknownVerdict,
    /// The file could not be read.
    Unreadable,
    /// A value has the wrong type (text, list, mapping, number).
    WrongType,
    /// The file is not valid YAML.
    YamlSyntax,
}

impl Rule {
    /// Every rule, in alphabetical order of their names.
    pub const ALL: [Rule; 32] = [
        Rule::ActualBeforeBaseline,
        Rule::BadDate,
        Rule::BadId,
        Rule::BadValue,
        Rule::DependencyCycle,
        Rule::DoneInFuture,
        Rule::DoneWithOpenMilestones,
        Rule::DoneWithoutConfidence,
        Rule::DoneWithoutEvidence,
        Rule::DuplicateId,
        Rule::DuplicateIndicator,
        Rule::DuplicateMilestone,
        Rule::EmptyFile,
        Rule::FileTooLarge,
        Rule::HiddenCharacter,
        Rule::MergeConflict,
        Rule::MilestoneAfterCommitmentDue,
        Rule::MissingFile,
        Rule::MissingKey,
        Rule::MultipleDocuments,
        Rule::NamesInternal,
        Rule::NoMilestones,
        Rule::NotAUrl,
        Rule::NotUtf8,
        Rule::Symlink,
        Rule::UnknownDependency,
        Rule::UnknownKey,
        Rule::UnknownPillar,
        Rule::UnknownVerdict,
        Rule::Unreadable,
        Rule::WrongType,
        Rule::YamlSyntax,
    ];

    /// The rule's stable name, such as `unknown-key`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::ActualBeforeBaseline => "actual-before-baseline",
            Rule::BadDate => "bad-date",
            Rule::BadId => "bad-id",
            Rule::BadValue => "bad-value",
            Rule::DependencyCycle => "dependency-cycle",
            Rule::DoneInFuture => "done-in-future",
            Rule::DoneWithOpenMilestones => "done-with-open-milestones",
            Rule::DoneWithoutConfidence => "done-without-confidence",
            Rule::DoneWithoutEvidence => "done-without-evidence",
            Rule::DuplicateId => "duplicate-id",
            Rule::DuplicateIndicator => "duplicate-indicator",
            Rule::DuplicateMilestone => "duplicate-milestone",
            Rule::EmptyFile => "empty-file",
            Rule::FileTooLarge => "file-too-large",
            Rule::HiddenCharacter => "hidden-character",
            Rule::MissingFile => "missing-file",
            Rule::MissingKey => "missing-key",
            Rule::MilestoneAfterCommitmentDue => "milestone-after-commitment-due",
            Rule::MergeConflict => "merge-conflict",
            Rule::MultipleDocuments => "multiple-documents",
            Rule::NamesInternal => "names-internal",
            Rule::NoMilestones => "no-milestones",
            Rule::NotAUrl => "not-a-url",
            Rule::NotUtf8 => "not-utf8",
            Rule::Symlink => "symlink",
            Rule::UnknownDependency => "unknown-dependency",
            Rule::UnknownKey => "unknown-key",
            Rule::UnknownPillar => "unknown-pillar",
            Rule::UnknownVerdict => "unknown-verdict",
            Rule::Unreadable => "unreadable",
            Rule::WrongType => "wrong-type",
            Rule::YamlSyntax => "yaml-syntax",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A line and column in a file, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Pos {
    /// The first character of a file.
    pub const START: Pos = Pos { line: 1, column: 1 };
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Path of the file, relative to the folder that holds `strategy/`.
    pub path: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// The check that found it.
    pub rule: Rule,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    /// A new error finding.
    pub fn error(path: &str, pos: Pos, rule: Rule, message: impl Into<String>) -> Self {
        Finding {
            path: path.to_owned(),
            line: pos.line,
            column: pos.column,
            severity: Severity::Error,
            rule,
            message: message.into(),
            hint: None,
        }
    }

    /// A new warning finding.
    pub fn warning(path: &str, pos: Pos, rule: Rule, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(path, pos, rule, message)
        }
    }

    /// The same finding with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same finding with a hint, if there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Whether this finding makes its file invalid.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    /// `path:line:column: severity[rule]: message`, then the hint on its own line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.path,
            self.line,
            self.column,
            self.severity.as_str(),
            self.rule,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint: {hint}")?;
        }
        Ok(())
    }
}

/// One line saying what `check` found in `files` files, such as
/// `checked 12 files: 2 errors in 1 file, 1 warning`.
pub fn summary(findings: &[Finding], files: usize) -> String {
    let plural = |n: usize, word: &str| crate::words::count(n, word);
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let warnings = findings.len() - errors;
    let bad_files = findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| f.path.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if findings.is_empty() {
        format!("checked {}: no problems", plural(files, "file"))
    } else {
        format!(
            "checked {}: {} in {}, {}",
            plural(files, "file"),
            plural(errors, "error"),
            plural(bad_files, "file"),
            plural(warnings, "warning")
        )
    }
}

/// Sorts findings by file, then position, then rule, so output is stable.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.path.as_str(), a.line, a.column, a.rule).cmp(&(b.path.as_str(), b.line, b.column, b.rule))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_sorted_unique_and_kebab_case() {
        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        for n in names {
            assert!(crate::model::is_valid_id(n), "{n}");
        }
    }
}
