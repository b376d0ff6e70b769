//! Writes a commitment as YAML text in the layout of the shipped files.

use crate::model::{Assessment, Commitment, Indicator, Link, Measure, Milestone, Visibility};
use serde::Serialize;

/// `evidence` as the files write it: one address alone, or a list.
#[derive(Serialize)]
#[serde(untagged)]
enum EvidenceOut<'a> {
    One(&'a str),
    Many(&'a [String]),
}

fn evidence(list: &[String]) -> Option<EvidenceOut<'_>> {
    match list {
        [] => None,
        [one] => Some(EvidenceOut::One(one)),
        many => Some(EvidenceOut::Many(many)),
    }
}

#[derive(Serialize)]
struct AssessmentOut<'a> {
    date: String,
    by: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<&'a str>,
    verdict: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<EvidenceOut<'a>>,
}

fn assessment(a: &Assessment) -> AssessmentOut<'_> {
    AssessmentOut {
        date: a.date.to_string(),
        by: &a.by,
        scale: a.scale.as_deref(),
        verdict: &a.verdict,
        note: a.note.as_deref(),
        evidence: evidence(&a.evidence),
    }
}

#[derive(Serialize)]
struct MilestoneOut<'a> {
    id: &'a str,
    title: &'a str,
    due: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    done: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<EvidenceOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    assessments: Vec<AssessmentOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<&'static str>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    date: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<EvidenceOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<&'static str>,
}

#[derive(Serialize)]
struct MeasureOut {
    date: String,
    value: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    bound: Option<&'static str>,
}

#[derive(Serialize)]
struct IndicatorOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    baseline: MeasureOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<MeasureOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actuals: Vec<MeasureOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<&'static str>,
}

#[derive(Serialize)]
struct CommitmentOut<'a> {
    id: &'a str,
    title: &'a str,
    pillar: &'a str,
    owner: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    milestones: Vec<MilestoneOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    events: Vec<EventOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<IndicatorOut<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    depends_on: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    links: &'a [Link],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    assessments: Vec<AssessmentOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<&'static str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    internal: &'a [String],
}

fn measure(m: &Measure) -> MeasureOut {
    MeasureOut {
        date: m.date.to_string(),
        value: m.value,
        bound: m.bound.map(|b| b.as_str()),
    }
}

fn milestone(m: &Milestone) -> MilestoneOut<'_> {
    MilestoneOut {
        id: &m.id,
        title: &m.title,
        due: m.due.to_string(),
        done: m.done.map(|d| d.to_string()),
        evidence: evidence(&m.evidence),
        confidence: m.confidence.map(|c| c.as_str()),
        weight: m.weight,
        note: m.note.as_deref(),
        assessments: m.assessments.iter().map(assessment).collect(),
        visibility: m.visibility.map(Visibility::as_str),
    }
}

fn event(e: &crate::model::Event) -> EventOut<'_> {
    EventOut {
        date: e.date.to_string(),
        title: &e.title,
        evidence: evidence(&e.evidence),
        confidence: e.confidence.map(|c| c.as_str()),
        note: e.note.as_deref(),
        visibility: e.visibility.map(Visibility::as_str),
    }
}

fn indicator(i: &Indicator) -> IndicatorOut<'_> {
    IndicatorOut {
        id: &i.id,
        title: &i.title,
        unit: i.unit.as_deref(),
        baseline: measure(&i.baseline),
        target: i.target.as_ref().map(measure),
        actuals: i.actuals.iter().map(measure).collect(),
        visibility: i.visibility.map(Visibility::as_str),
    }
}

/// The YAML text of a commitment, after a comment header pointing at the format.
pub fn commitment(c: &Commitment, header: &str) -> Result<String, serde_yaml::Error> {
    let out = CommitmentOut {
        id: &c.id,
        title: &c.title,
        pillar: &c.pillar,
        owner: &c.owner,
        status: c.status.map(|s| s.as_str()),
        start: c.start.map(|d| d.to_string()),
        due: c.due.map(|d| d.to_string()),
        description: c.description.as_deref(),
        milestones: c.milestones.iter().map(milestone).collect(),
        events: c.events.iter().map(event).collect(),
        indicators: c.indicators.iter().map(indicator).collect(),
        depends_on: &c.depends_on,
        tags: &c.tags,
        links: &c.links,
        assessments: c.assessments.iter().map(assessment).collect(),
        visibility: c.visibility.map(Visibility::as_str),
        internal: &c.internal,
    };
    Ok(format!("{header}{}", serde_yaml::to_string(&out)?))
}

#[cfg(test)]
mod tests {
    use crate::load::parse_commitment;

    #[test]
    fn round_trips_through_the_loader() {
        let text = "id: a\ntitle: 'A: colon'\npillar: p\nowner: \"#1 unit\"\ndue: 2022-12-31\nmilestones:\n  - {id: m1, title: M1, due: 2022-06-30, done: 2022-06-01, evidence: 'https://x.org/?a=1'}\nindicators:\n  - id: i\n    title: I\n    baseline: {date: 2020-12-31, value: 1}\n    actuals: [{date: 2021-12-31, value: 2.5}]\ntags: [x]\nlinks: [{title: L, url: 'https://x.org'}]\n";
        let c = parse_commitment("a.yaml", text.as_bytes()).value.unwrap();
        let written = super::commitment(&c, "# header\n").unwrap();
        assert!(written.starts_with("# header\nid: a\n"), "{written}");
        let back = parse_commitment("a.yaml", written.as_bytes());
        assert!(back.findings.is_empty(), "{:?}", back.findings);
        assert_eq!(back.value.unwrap(), c);
    }
}
