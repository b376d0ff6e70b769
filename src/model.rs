//! The format's types: a strategy and its commitments, as written in the YAML files.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The strategy itself, from `strategy/strategy.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    /// Short identifier of the strategy.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Day the strategy was adopted.
    pub adopted: Option<NaiveDate>,
    /// Free text.
    pub description: Option<String>,
    /// The pillars commitments are grouped under, in report order.
    pub pillars: Vec<Pillar>,
    /// Whether a done milestone without evidence is an error rather than a warning.
    #[serde(default)]
    pub require_evidence: bool,
    /// The visibility of items that do not say (`public` unless set).
    #[serde(default)]
    pub visibility: Visibility,
    /// The audience outputs are for when the command line does not say.
    #[serde(default)]
    pub audience: Option<Visibility>,
    /// The vocabularies assessments and `status --scale` use.
    #[serde(default)]
    pub scales: Vec<Scale>,
}

impl Strategy {
    /// The pillar with this id, if the strategy has one.
    pub fn pillar(&self, id: &str) -> Option<&Pillar> {
        self.pillars.iter().find(|p| p.id == id)
    }

    /// The scale with this id.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }
}

/// A vocabulary of verdicts, in order from the least to the most done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Identifier, used by assessments' `scale` and `status --scale`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Its words, least done first.
    pub words: Vec<Word>,
    /// Which word each derived state maps to for `status --scale` (overrides the
    /// default rule).
    #[serde(default)]
    pub map: Vec<(String, String)>,
}

impl Scale {
    /// The word with this id.
    pub fn word(&self, id: &str) -> Option<&Word> {
        self.words.iter().find(|w| w.id == id)
    }
}

/// One word of a scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// Identifier, as assessments write it.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Colour, as `#rrggbb`.
    pub colour: String,
    /// What the word means, printed in every report's legend.
    pub definition: String,
    /// Whether the word says the thing assessed is delivered.
    #[serde(default)]
    pub done: bool,
}

/// Who may see an item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    /// Anyone: the item may be published.
    #[default]
    Public,
    /// The team only: never in a public output.
    Internal,
}

impl Visibility {
    /// The spelling used in the files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
        }
    }

    /// Parses the spelling used in the files.
    pub fn parse(s: &str) -> Option<Self> {
        [Visibility::Public, Visibility::Internal]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// How far a fact's sources can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A single source, or a partisan one.
    Low,
    /// One reliable secondary source.
    Medium,
    /// The official text, or several consistent sources.
    High,
}

impl Confidence {
    /// Every level, lowest first.
    pub const ALL: [Confidence; 3] = [Confidence::Low, Confidence::Medium, Confidence::High];

    /// The spelling used in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// Parses the spelling used in the files.
    pub fn parse(s: &str) -> Option<Self> {
        Confidence::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A verdict on a commitment or a milestone by a body other than the one reporting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The day of the assessment.
    pub date: NaiveDate,
    /// The assessing body.
    pub by: String,
    /// The scale its verdict is a word of, when written.
    pub scale: Option<String>,
    /// The verdict: a word of a declared scale.
    pub verdict: String,
    /// Free text.
    pub note: Option<String>,
    /// URLs of the assessment.
    pub evidence: Vec<String>,
}

/// The latest of some assessments (by date; the later one in the file on a tie).
pub fn latest(assessments: &[Assessment]) -> Option<&Assessment> {
    assessments.iter().rev().max_by_key(|a| a.date)
}

/// One pillar of the strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pillar {
    /// Identifier used by commitments' `pillar` key.
    pub id: String,
    /// Human title.
    pub title: String,
}

/// The declared status of a commitment (the `status` key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not started yet.
    Planned,
    /// Work is under way.
    InProgress,
    /// Finished.
    Done,
    /// Abandoned; left out of progress figures.
    Dropped,
}

impl Status {
    /// Every status, in the order the format documents them.
    pub const ALL: [Status; 4] = [Status::Planned, Status::InProgress, Status::Done, Status::Dropped];

    /// The spelling used in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// Parses the spelling used in the files.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// One commitment: one file below `strategy/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    /// Identifier, unique in the strategy.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Id of the pillar it belongs to.
    pub pillar: String,
    /// The accountable unit or person.
    pub owner: String,
    /// Declared status.
    pub status: Option<Status>,
    /// Day work starts.
    pub start: Option<NaiveDate>,
    /// Day the whole commitment is due.
    pub due: Option<NaiveDate>,
    /// Free text.
    pub description: Option<String>,
    /// Dated steps: the deliverables progress is counted from.
    pub milestones: Vec<Milestone>,
    /// Dated facts that are not deliverables (a vote that failed, a lapse); they never
    /// count in progress.
    pub events: Vec<Event>,
    /// Figures measured over time.
    pub indicators: Vec<Indicator>,
    /// Ids of commitments this one waits on.
    pub depends_on: Vec<String>,
    /// Free labels.
    pub tags: Vec<String>,
    /// Sources and related documents.
    pub links: Vec<Link>,
    /// Verdicts on the whole commitment, in file order.
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// Who may see it; `None` takes the strategy's default.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// The fields of it that are internal (`owner`, `description`, `links`, `tags`,
    /// `depends_on`) while the rest is public.
    #[serde(default)]
    pub internal: Vec<String>,
}

impl Commitment {
    /// The milestone with this id.
    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.id == id)
    }
}

/// A dated step of a commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// Identifier, unique within the commitment.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Day it is due.
    pub due: NaiveDate,
    /// Day it was completed; absent while open.
    pub done: Option<NaiveDate>,
    /// URLs of documents that show it was done.
    pub evidence: Vec<String>,
    /// How far those documents can be trusted.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// How much it counts in progress, relative to the others (default 1).
    pub weight: Option<f64>,
    /// Free text, such as where the due date comes from.
    pub note: Option<String>,
    /// Verdicts on it, in file order.
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// Who may see it; `None` takes its commitment's.
    #[serde(default)]
    pub visibility: Option<Visibility>,
}

impl Milestone {
    /// The weight it counts with in progress: `weight`, or 1.
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }

    /// Whether it was done on or before `day`: a `done` date after the day a report is
    /// for means "not yet done on that day".
    pub fn done_by(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.done.filter(|d| *d <= day)
    }
}

/// A dated fact about a commitment that is not a deliverable: it is shown in reports and
/// timelines, and never counted in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The day it happened.
    pub date: NaiveDate,
    /// What happened, in one line.
    pub title: String,
    /// URLs of documents that show it.
    pub evidence: Vec<String>,
    /// How far those documents can be trusted.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// Free text.
    pub note: Option<String>,
    /// Who may see it; `None` takes its commitment's.
    #[serde(default)]
    pub visibility: Option<Visibility>,
}

/// A figure measured over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Identifier, unique within the commitment.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Unit of the values, such as `reports` or `percent`.
    pub unit: Option<String>,
    /// The value the indicator starts from.
    pub baseline: Measure,
    /// The value to reach, if the strategy sets one.
    pub target: Option<Measure>,
    /// Values measured since the baseline.
    pub actuals: Vec<Measure>,
    /// Who may see it; `None` takes its commitment's.
    #[serde(default)]
    pub visibility: Option<Visibility>,
}

impl Indicator {
    /// The most recent actual, by date.
    pub fn latest(&self) -> Option<&Measure> {
        self.actuals.iter().max_by_key(|m| m.date)
    }

    /// How far the latest actual has come from the baseline to the target, as a fraction.
    ///
    /// `None` without a target, without an actual, or when target equals baseline.
    pub fn progress(&self) -> Option<f64> {
        let target = self.target.as_ref()?;
        let latest = self.latest()?;
        let span = target.value - self.baseline.value;
        if span == 0.0 {
            return None;
        }
        Some((latest.value - self.baseline.value) / span)
    }
}

/// A value on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// Day of the measure.
    pub date: NaiveDate,
    /// The value.
    pub value: f64,
    /// Whether the value is a bound of the true one rather than the value itself.
    #[serde(default)]
    pub bound: Option<Bound>,
}

/// Which side of the true value a measure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// The true value is at least this.
    Lower,
    /// The true value is at most this.
    Upper,
}

impl Bound {
    /// The spelling used in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Lower => "lower",
            Bound::Upper => "upper",
        }
    }
}

/// A titled URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Human title.
    pub title: String,
    /// The address.
    pub url: String,
}

/// Whether a string is a valid commitment, milestone, pillar or indicator id:
/// lowercase ASCII letters and digits, in groups joined by single `-`.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("eu-centre"));
        assert!(is_valid_id("m2"));
        assert!(!is_valid_id("EU"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("a--b"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn statuses_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("finished"), None);
    }
}
