//! One-line edits of a commitment file: one intended change, made on the text (never by
//! re-serialising it), then checked by parsing the result and comparing the model with
//! the old one plus that change. Anything else that would change is a refusal.

pub mod diff;
pub mod lock;
pub mod template;

use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::load::{Loaded, parse_commitment};
use crate::model::{Commitment, Status};
use crate::source::{Content, RawFile, Source};
use crate::yaml::spans::{self as yaml_text, Doc, Kind, Node, Splice};
use chrono::NaiveDate;

/// The one change an edit command asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Set a milestone's `done` date.
    MilestoneDone {
        /// The milestone's id.
        milestone: String,
        /// The day it was done.
        date: NaiveDate,
        /// Whether a done date already recorded may be replaced (`--redate`).
        redate: bool,
        /// The addresses of what shows it done (`--evidence`), recorded when the
        /// milestone has none yet.
        evidence: Vec<String>,
        /// How far those sources can be trusted (`--confidence`).
        confidence: Option<crate::model::Confidence>,
    },
    /// Remove a milestone's `done` date.
    MilestoneReopen {
        /// The milestone's id.
        milestone: String,
    },
    /// Move a milestone's `due` date.
    MilestoneDue {
        /// The milestone's id.
        milestone: String,
        /// The new due date.
        date: NaiveDate,
    },
    /// Set the commitment's own `due` date.
    Due(NaiveDate),
    /// Set the declared status.
    Status(Status),
    /// Set the owner.
    Owner(String),
    /// Add an assessment to the commitment, or to one of its milestones.
    Assess {
        /// The milestone's id, for an assessment of one milestone.
        milestone: Option<String>,
        /// The assessment.
        assessment: crate::model::Assessment,
    },
}

/// An edit ready to be written: the text before and after, and what it does.
#[derive(Debug, Clone)]
pub struct Edit {
    /// Displayed path of the file.
    pub path: String,
    /// The commitment's id.
    pub id: String,
    /// The file's text before.
    pub before: String,
    /// The file's text after.
    pub after: String,
    /// What changed, as in a commit subject after `id: `, such as
    /// `milestone proposal done on 2022-05-11`.
    pub summary: String,
}

impl Edit {
    /// The commit subject: `id: summary`.
    pub fn subject(&self) -> String {
        format!("{}: {}", self.id, self.summary)
    }

    /// The commit message: the subject, then the reason as a `Reason:` trailer, which
    /// `tracker slips` and `tracker report` read back (further lines of the reason are
    /// indented continuation lines of the trailer).
    pub fn message(&self, reason: Option<&str>) -> String {
        match trailer(reason) {
            Some(t) => format!("{}\n\n{t}", self.subject()),
            None => self.subject(),
        }
    }
}

/// `Reason: ...` for a reason that is not blank, its lines folded as git trailers are.
pub fn trailer(reason: Option<&str>) -> Option<String> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty())?;
    let lines: Vec<&str> = reason.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    Some(format!("Reason: {}", lines.join("\n  ")))
}

fn refused(path: &str, reason: impl Into<String>) -> Error {
    Error::EditRefused {
        path: path.to_owned(),
        reason: reason.into(),
        hint: "edit the file by hand, then run `tracker check`".into(),
    }
}

impl Action {
    /// The milestone this change is about, if any.
    pub fn milestone(&self) -> Option<&str> {
        match self {
            Action::MilestoneDone { milestone, .. }
            | Action::MilestoneReopen { milestone }
            | Action::MilestoneDue { milestone, .. } => Some(milestone),
            Action::Assess { milestone, .. } => milestone.as_deref(),
            _ => None,
        }
    }

    /// The commitment as it should be after the change.
    pub fn apply(&self, before: &Commitment) -> Result<Commitment> {
        let mut c = before.clone();
        if let Some(mid) = self.milestone() {
            let Some(m) = c.milestones.iter_mut().find(|m| m.id == mid) else {
                return Err(Error::UnknownMilestone {
                    commitment: c.id.clone(),
                    id: mid.to_owned(),
                    known: before.milestones.iter().map(|m| m.id.clone()).collect(),
                });
            };
            match self {
                Action::MilestoneDone {
                    date,
                    redate,
                    evidence,
                    confidence,
                    ..
                } => {
                    if let Some(recorded) = m.done
                        && recorded != *date
                        && !redate
                    {
                        return Err(Error::EditRefused {
                            path: String::new(),
                            reason: format!("milestone `{mid}` is already done, on {recorded}"),
                            hint: format!(
                                "a recorded date is not replaced by accident: add --redate to change it to {date}, or leave it"
                            ),
                        });
                    }
                    m.done = Some(*date);
                    // Evidence and confidence already recorded are not replaced: a
                    // one-line edit adds, and only what is not there.
                    if !evidence.is_empty() && m.evidence != *evidence {
                        if !m.evidence.is_empty() {
                            return Err(Error::EditRefused {
                                path: String::new(),
                                reason: format!(
                                    "milestone `{mid}` already has evidence: {}",
                                    m.evidence.join(", ")
                                ),
                                hint: "leave out --evidence, or edit the file by hand to change it, then run `tracker check`".into(),
                            });
                        }
                        m.evidence = evidence.clone();
                    }
                    if let Some(c) = confidence {
                        match m.confidence {
                            Some(recorded) if recorded != *c => {
                                return Err(Error::EditRefused {
                                    path: String::new(),
                                    reason: format!(
                                        "milestone `{mid}` already has confidence `{}`",
                                        recorded.as_str()
                                    ),
                                    hint: "leave out --confidence, or edit the file by hand to change it, then run `tracker check`".into(),
                                });
                            }
                            _ => m.confidence = Some(*c),
                        }
                    }
                }
                Action::MilestoneReopen { .. } => m.done = None,
                Action::MilestoneDue { date, .. } => m.due = *date,
                Action::Assess { assessment, .. } => m.assessments.push(assessment.clone()),
                _ => {}
            }
            return Ok(c);
        }
        match self {
            Action::Due(d) => c.due = Some(*d),
            Action::Status(s) => c.status = Some(*s),
            Action::Owner(o) => c.owner = o.clone(),
            Action::Assess { assessment, .. } => c.assessments.push(assessment.clone()),
            _ => {}
        }
        Ok(c)
    }

    /// What the change does to `before`, for messages and commit subjects.
    pub fn describe(&self, before: &Commitment) -> String {
        let m = self.milestone().and_then(|id| before.milestone(id));
        match (self, m) {
            (
                Action::MilestoneDone {
                    milestone,
                    date,
                    evidence,
                    confidence,
                    ..
                },
                Some(m),
            ) => {
                let added: Vec<&str> = [
                    (!evidence.is_empty() && m.evidence.is_empty()).then_some("evidence"),
                    (confidence.is_some() && m.confidence.is_none()).then_some("confidence"),
                ]
                .into_iter()
                .flatten()
                .collect();
                let with = if added.is_empty() {
                    String::new()
                } else {
                    format!(", with {}", added.join(" and "))
                };
                match m.done {
                    Some(old) if old == *date => format!(
                        "milestone {milestone} done on {date}: {} added",
                        added.join(" and ")
                    ),
                    Some(old) => format!("milestone {milestone} done date {old} → {date}{with}"),
                    None => format!("milestone {milestone} done on {date}{with}"),
                }
            }
            (Action::MilestoneReopen { milestone }, Some(m)) => match m.done {
                Some(old) => format!("milestone {milestone} reopened (was done on {old})"),
                None => format!("milestone {milestone} reopened"),
            },
            (Action::MilestoneDue { milestone, date }, Some(m)) => {
                format!("milestone {milestone} due {} → {date}", m.due)
            }
            (Action::Due(d), _) => match before.due {
                Some(old) => format!("due {old} → {d}"),
                None => format!("due set to {d}"),
            },
            (Action::Status(s), _) => match before.status {
                Some(old) => format!("status {} → {}", old.as_str(), s.as_str()),
                None => format!("status set to {}", s.as_str()),
            },
            (Action::Owner(o), _) => format!("owner {} → {o}", before.owner),
            (
                Action::Assess {
                    milestone,
                    assessment,
                },
                _,
            ) => format!(
                "{}assessed {} by {} on {}",
                milestone
                    .as_ref()
                    .map_or(String::new(), |m| format!("milestone {m} ")),
                assessment.verdict,
                assessment.by,
                assessment.date
            ),
            _ => "edited".into(),
        }
    }

    /// What the file already says, when the change would change nothing.
    pub fn unchanged(&self) -> String {
        match self {
            Action::MilestoneDone { milestone, date, .. } => {
                format!("milestone {milestone} is already done on {date}")
            }
            Action::MilestoneReopen { milestone } => format!("milestone {milestone} is already open"),
            Action::MilestoneDue { milestone, date } => {
                format!("milestone {milestone} is already due {date}")
            }
            Action::Due(d) => format!("the commitment is already due {d}"),
            Action::Status(s) => format!("the status is already {}", s.as_str()),
            Action::Owner(o) => format!("the owner is already {o}"),
            Action::Assess { .. } => "that assessment is already recorded".into(),
        }
    }

    /// The keys a change sets beside its first one, each inserted in the text after it
    /// (`before` is the file's commitment): for `done`, the evidence and the confidence
    /// the milestone does not have yet. Each is a milestone's key, its value (one text,
    /// or a list of several), and the keys it goes after, the first present one.
    #[allow(clippy::type_complexity)]
    fn more_keys(
        &self,
        before: &Commitment,
    ) -> Vec<(String, &'static str, Vec<String>, &'static [&'static str])> {
        let Action::MilestoneDone {
            milestone,
            evidence,
            confidence,
            ..
        } = self
        else {
            return Vec::new();
        };
        let Some(m) = before.milestone(milestone) else {
            return Vec::new();
        };
        let mut keys = Vec::new();
        if m.evidence.is_empty() && !evidence.is_empty() {
            keys.push((
                milestone.clone(),
                "evidence",
                evidence.clone(),
                &["done", "due"][..],
            ));
        }
        if let (Some(c), None) = (confidence, m.confidence) {
            keys.push((
                milestone.clone(),
                "confidence",
                vec![c.as_str().to_owned()],
                &["evidence", "done", "due"][..],
            ));
        }
        keys
    }

    /// The splice that makes this change in the text.
    fn splice(&self, text: &str, doc: &Doc) -> std::result::Result<Splice, String> {
        let root = &doc.root;
        if !matches!(root.kind, Kind::Map { .. }) || doc.shared(root) {
            return Err("the file is not a plain mapping of keys".into());
        }
        if let Action::Assess {
            milestone,
            assessment,
        } = self
        {
            let map = match milestone {
                Some(mid) => milestone_node(doc, mid)?,
                None => root,
            };
            return add_assessment(text, doc, map, assessment);
        }
        if let Some(mid) = self.milestone() {
            let m = milestone_node(doc, mid)?;
            return match self {
                Action::MilestoneDone { date, .. } => {
                    set_key(text, doc, m, "done", &date.to_string(), &["due"])
                }
                Action::MilestoneDue { date, .. } => set_key(text, doc, m, "due", &date.to_string(), &[]),
                _ => match m.entry("done") {
                    Some((i, _, v)) if !doc.shared(v) => yaml_text::remove_entry(text, m, i)
                        .map_err(|e| format!("cannot remove `done` of milestone `{mid}`: {e}")),
                    Some(_) => Err(format!(
                        "milestone `{mid}` takes its `done` date from a YAML anchor"
                    )),
                    None => Err(format!("milestone `{mid}` has no `done` key")),
                },
            };
        }
        match self {
            Action::Due(d) => set_key(
                text,
                doc,
                root,
                "due",
                &d.to_string(),
                &["start", "status", "owner"],
            ),
            Action::Status(s) => set_key(text, doc, root, "status", s.as_str(), &["owner"]),
            Action::Owner(o) => set_key(text, doc, root, "owner", o, &[]),
            _ => Err("nothing to change".into()),
        }
    }
}

/// The mapping of milestone `mid`, refusing shared (anchored or aliased) nodes.
fn milestone_node<'d>(doc: &'d Doc, mid: &str) -> std::result::Result<&'d Node, String> {
    let Some((_, _, list)) = doc.root.entry("milestones") else {
        return Err("the file has no `milestones` key".into());
    };
    if doc.shared(list) {
        return Err("this file uses a YAML anchor or alias for the milestones list".into());
    }
    let Kind::Seq { items, .. } = &list.kind else {
        return Err("`milestones` is not a list".into());
    };
    for item in items {
        let is_it = item.entry("id").is_some_and(|(_, _, v)| v.scalar() == Some(mid));
        if doc.shared(item) {
            if is_it || matches!(item.kind, Kind::Alias) {
                return Err(format!(
                    "this file uses a YAML anchor or alias for a milestone (near `{mid}`)"
                ));
            }
        } else if is_it {
            return Ok(item);
        }
    }
    Err(format!("cannot find milestone `{mid}` in the text"))
}

/// Inserts `key` in the mapping of milestone `mid`, after the first present key of
/// `after` (else after its last entry), with `value`: one text, quoted as the mapping's
/// style needs, or a list of several in double quotes.
fn insert_milestone_key(
    text: &str,
    mid: &str,
    key: &str,
    value: &[String],
    after: &[&str],
) -> std::result::Result<String, String> {
    let doc = Doc::parse(text).map_err(|e| format!("cannot read the edited file's structure: {e}"))?;
    let m = milestone_node(&doc, mid)?;
    if m.entry(key).is_some() {
        // An empty value (`evidence: []`, or nothing after the colon).
        return Err(format!(
            "milestone `{mid}` has an empty `{key}`; write the value there by hand"
        ));
    }
    let value = match value {
        [one] => yaml_text::plain_in(one, m.is_flow_map()),
        many => format!(
            "[{}]",
            many.iter()
                .map(|e| yaml_text::double_quoted(e))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let value = value.as_str();
    let Kind::Map { entries, .. } = &m.kind else {
        return Err(format!("milestone `{mid}` is not a mapping"));
    };
    let anchor = after
        .iter()
        .find_map(|a| m.entry(a).map(|(_, k, v)| (k, v)))
        .or_else(|| entries.last().map(|(k, v)| (k, v)))
        .ok_or_else(|| format!("milestone `{mid}` is empty"))?;
    let splice = yaml_text::insert_rendered(text, m, anchor, key, value)
        .map_err(|e| format!("cannot add `{key}` to milestone `{mid}`: {e}"))?;
    Ok(splice.apply(text))
}

/// Sets `key` in `map`: replaces its value, or inserts it after the first present key of
/// `after` (else after the last entry).
fn set_key(
    text: &str,
    doc: &Doc,
    map: &Node,
    key: &str,
    value: &str,
    after: &[&str],
) -> std::result::Result<Splice, String> {
    if let Some((_, _, v)) = map.entry(key) {
        if doc.shared(v) {
            return Err(format!("`{key}` uses a YAML anchor or alias"));
        }
        return yaml_text::replace_scalar(text, v, value, map.is_flow_map())
            .map_err(|e| format!("cannot change `{key}`: {e}"));
    }
    let Kind::Map { entries, .. } = &map.kind else {
        return Err("not a mapping".into());
    };
    let anchor = after
        .iter()
        .find_map(|a| map.entry(a).map(|(_, k, v)| (k, v)))
        .or_else(|| entries.last().map(|(k, v)| (k, v)))
        .ok_or_else(|| String::from("the mapping is empty"))?;
    yaml_text::insert_entry(text, map, anchor, key, value).map_err(|e| format!("cannot add `{key}`: {e}"))
}

/// An assessment as one flow mapping, every text double-quoted.
fn assessment_item(a: &crate::model::Assessment) -> String {
    let q = yaml_text::double_quoted;
    let mut parts = vec![format!("date: {}", a.date), format!("by: {}", q(&a.by))];
    if let Some(s) = &a.scale {
        parts.push(format!("scale: {}", q(s)));
    }
    parts.push(format!("verdict: {}", q(&a.verdict)));
    if let Some(n) = &a.note {
        parts.push(format!("note: {}", q(n)));
    }
    match a.evidence.as_slice() {
        [] => {}
        [one] => parts.push(format!("evidence: {}", q(one))),
        many => parts.push(format!(
            "evidence: [{}]",
            many.iter().map(|e| q(e)).collect::<Vec<_>>().join(", ")
        )),
    }
    format!("{{{}}}", parts.join(", "))
}

/// Adds an assessment to the `assessments` list of a block mapping: after the list's
/// last item, or as a new list at the end of the mapping.
fn add_assessment(
    text: &str,
    doc: &Doc,
    map: &Node,
    a: &crate::model::Assessment,
) -> std::result::Result<Splice, String> {
    if map.is_flow_map() {
        return Err("the mapping is written on one line in braces; write the assessment by hand".into());
    }
    let item = assessment_item(a);
    let eol = yaml_text::line_ending(text);
    let line_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    match map.entry("assessments") {
        Some((_, _, list)) => {
            if doc.shared(list) {
                return Err("`assessments` uses a YAML anchor or alias".into());
            }
            let Kind::Seq { items, flow } = &list.kind else {
                return Err("`assessments` is not a list".into());
            };
            let Some(last) = items.last() else {
                return Err("`assessments` is an empty list; write the first assessment by hand".into());
            };
            if *flow {
                // `[a, b]`: the new item goes before the closing bracket.
                let close = list.end.saturating_sub(1);
                if text.as_bytes().get(close) != Some(&b']') {
                    return Err("cannot find the end of the `assessments` list".into());
                }
                return Ok(Splice {
                    start: close,
                    end: close,
                    text: format!(", {item}"),
                });
            }
            let dash = last.col.saturating_sub(2);
            let at = line_end(last.end.saturating_sub(1).max(last.start));
            let lead = if at == text.len() && !text.ends_with('\n') {
                eol
            } else {
                ""
            };
            Ok(Splice {
                start: at,
                end: at,
                text: format!("{lead}{}- {item}{eol}", " ".repeat(dash)),
            })
        }
        None => {
            let Kind::Map { entries, .. } = &map.kind else {
                return Err("not a mapping".into());
            };
            let Some((key, value)) = entries.last() else {
                return Err("the mapping is empty".into());
            };
            let indent = " ".repeat(key.col);
            let end = key.end.max(value.end);
            let at = if end > 0 && text.as_bytes()[end - 1] == b'\n' {
                end
            } else {
                line_end(end)
            };
            let lead = if at == text.len() && !text.ends_with('\n') {
                eol
            } else {
                ""
            };
            Ok(Splice {
                start: at,
                end: at,
                text: format!("{lead}{indent}assessments:{eol}{indent}  - {item}{eol}"),
            })
        }
    }
}

/// What differs between two versions of a commitment, named for a message.
pub fn differences(a: &Commitment, b: &Commitment) -> Vec<String> {
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return vec!["the commitment".into()];
    };
    let mut out = Vec::new();
    for (key, value) in &x {
        if y.get(key) == Some(value) {
            continue;
        }
        if key == "milestones" {
            for m in &a.milestones {
                if b.milestone(&m.id) != Some(m) {
                    out.push(format!("milestone `{}`", m.id));
                }
            }
            if b.milestones.len() != a.milestones.len() {
                out.push("the number of milestones".into());
            }
        } else {
            out.push(format!("`{key}`"));
        }
    }
    out
}

/// Makes `change` in the file `path` whose bytes are `bytes`. `None` when the file already
/// says what the change would make it say.
pub fn edit(path: &str, bytes: &[u8], change: &Action) -> Result<Option<Edit>> {
    let parsed = parse_commitment(path, bytes);
    let before = match (&parsed.value, parsed.has_errors()) {
        (Some(c), false) => c.clone(),
        _ => {
            return Err(Error::InvalidFile {
                path: path.to_owned(),
                findings: parsed.findings.iter().filter(|f| f.is_error()).cloned().collect(),
            });
        }
    };
    let expected = change.apply(&before).map_err(|e| match e {
        Error::EditRefused {
            path: p,
            reason,
            hint,
        } if p.is_empty() => Error::EditRefused {
            path: path.to_owned(),
            reason,
            hint,
        },
        e => e,
    })?;
    if expected == before {
        return Ok(None);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| refused(path, "the file is not UTF-8 text"))?;
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let doc =
        Doc::parse(body).map_err(|e| refused(path, format!("cannot read the file's structure: {e}")))?;
    let splice = change
        .splice(body, &doc)
        .map_err(|reason| refused(path, reason))?;
    let mut edited = splice.apply(body);
    for (mid, key, value, after) in change.more_keys(&before) {
        edited = insert_milestone_key(&edited, &mid, key, &value, after)
            .map_err(|reason| refused(path, reason))?;
    }
    let after = format!("{bom}{edited}");
    let check = parse_commitment(path, after.as_bytes());
    if let Some(f) = check.findings.iter().find(|f| f.is_error()) {
        return Err(refused(
            path,
            format!("the edited file would not be valid ({}: {})", f.rule, f.message),
        ));
    }
    match check.value {
        Some(got) if got == expected => {}
        Some(got) => {
            return Err(refused(
                path,
                format!(
                    "the edit would also change {}",
                    differences(&expected, &got).join(", ")
                ),
            ));
        }
        None => return Err(refused(path, "the edited file could not be read back")),
    }
    Ok(Some(Edit {
        path: path.to_owned(),
        id: before.id.clone(),
        before: text.to_owned(),
        after,
        summary: change.describe(&before),
    }))
}

/// The error findings about `path` that the whole strategy would have with `new_bytes` in
/// that file, and did not have before (`before` is the strategy as loaded and validated).
pub fn new_errors(
    files: Vec<RawFile>,
    dir_name: &str,
    path: &str,
    new_bytes: &[u8],
    today: NaiveDate,
    before: &Loaded,
) -> Vec<Finding> {
    let mut files: Vec<RawFile> = files.into_iter().filter(|f| f.path != path).collect();
    files.push(RawFile {
        path: path.to_owned(),
        content: Content::Bytes {
            data: new_bytes.into(),
            blob: None,
        },
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let loaded = Loaded::checked(dir_name, files, Source::Files, today);
    let old: Vec<(crate::finding::Rule, &str)> = before
        .findings
        .iter()
        .filter(|f| f.path == path && f.is_error())
        .map(|f| (f.rule, f.message.as_str()))
        .collect();
    loaded
        .findings
        .into_iter()
        .filter(|f| f.path == path && f.is_error() && !old.contains(&(f.rule, f.message.as_str())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "id: a\ntitle: A\npillar: p\nowner: Unit\nmilestones:\n  - id: m1\n    title: M\n    due: 2024-01-31\n";

    fn day(s: &str) -> NaiveDate {
        crate::decode::parse_date(s).expect("date")
    }

    fn after(text: &str, change: Action) -> String {
        edit("c.yaml", text.as_bytes(), &change)
            .expect("edits")
            .expect("changes something")
            .after
    }

    fn done(evidence: &[&str], confidence: Option<crate::model::Confidence>) -> Action {
        Action::MilestoneDone {
            milestone: "m1".into(),
            date: day("2024-02-01"),
            redate: false,
            evidence: evidence.iter().map(|e| (*e).to_owned()).collect(),
            confidence,
        }
    }

    #[test]
    fn done_inserts_after_due() {
        let out = after(FILE, done(&[], None));
        assert_eq!(out, format!("{FILE}    done: 2024-02-01\n"));
    }

    /// `done` with evidence and a confidence adds them after `done`, one address plain,
    /// several as a list; with the milestone done already on that day, only them.
    #[test]
    fn done_adds_evidence_and_confidence_the_milestone_lacks() {
        use crate::model::Confidence::High;
        let out = after(FILE, done(&["https://example.org/a"], Some(High)));
        assert_eq!(
            out,
            format!(
                "{FILE}    done: 2024-02-01\n    evidence: https://example.org/a\n    confidence: high\n"
            )
        );
        let out = after(
            FILE,
            done(
                &["https://example.org/a", "https://example.org/b?x=1&y='2'"],
                None,
            ),
        );
        assert_eq!(
            out,
            format!(
                "{FILE}    done: 2024-02-01\n    evidence: [\"https://example.org/a\", \"https://example.org/b?x=1&y='2'\"]\n"
            )
        );
        let done_already = format!("{FILE}    done: 2024-02-01 # by the board\n");
        let out = after(&done_already, done(&[], Some(High)));
        assert_eq!(out, format!("{done_already}    confidence: high\n"));
        // All of it there already: nothing to do.
        let all = format!("{done_already}    evidence: https://example.org/a\n    confidence: high\n");
        let same = done(&["https://example.org/a"], Some(High));
        assert!(edit("c.yaml", all.as_bytes(), &same).expect("ok").is_none());
    }

    /// In a milestone written in braces, an address is quoted as a flow mapping needs;
    /// an empty `evidence` is not doubled but refused; and the summary says what was
    /// added to a milestone done already.
    #[test]
    fn done_writes_evidence_for_the_milestones_style_and_says_what_it_added() {
        use crate::model::Confidence::High;
        let flow =
            "id: a\ntitle: A\npillar: p\nowner: Unit\nmilestones:\n  - {id: m1, title: M, due: 2024-01-31}\n";
        let out = after(flow, done(&["https://example.org/a,b"], Some(High)));
        assert_eq!(
            out,
            "id: a\ntitle: A\npillar: p\nowner: Unit\nmilestones:\n  - {id: m1, title: M, due: 2024-01-31, done: 2024-02-01, evidence: \"https://example.org/a,b\", confidence: high}\n"
        );
        let empty = format!("{FILE}    evidence: []\n");
        let err = edit(
            "c.yaml",
            empty.as_bytes(),
            &done(&["https://example.org/a"], None),
        )
        .expect_err("refused");
        assert!(err.to_string().contains("has an empty `evidence`"), "{err}");
        let done_already = format!("{FILE}    done: 2024-02-01\n");
        let e = edit(
            "c.yaml",
            done_already.as_bytes(),
            &done(&["https://example.org/a"], Some(High)),
        )
        .expect("edits")
        .expect("changes something");
        assert_eq!(
            e.summary,
            "milestone m1 done on 2024-02-01: evidence and confidence added"
        );
        let e = edit("c.yaml", FILE.as_bytes(), &done(&[], Some(High)))
            .expect("edits")
            .expect("changes something");
        assert_eq!(e.summary, "milestone m1 done on 2024-02-01, with confidence");
    }

    /// Evidence or a confidence already recorded is not replaced.
    #[test]
    fn done_refuses_to_replace_evidence_or_confidence() {
        use crate::model::Confidence::{High, Low};
        let recorded =
            format!("{FILE}    done: 2024-02-01\n    evidence: https://example.org/a\n    confidence: low\n");
        for (change, what) in [
            (
                done(&["https://example.org/other"], None),
                "already has evidence: https://example.org/a",
            ),
            (done(&[], Some(High)), "already has confidence `low`"),
        ] {
            let err = edit("c.yaml", recorded.as_bytes(), &change).expect_err("refused");
            assert!(err.to_string().contains(what), "{err}");
        }
        let same = done(&["https://example.org/a"], Some(Low));
        assert!(edit("c.yaml", recorded.as_bytes(), &same).expect("ok").is_none());
    }

    #[test]
    fn no_change_is_none() {
        let c = Action::Owner("Unit".into());
        assert!(edit("c.yaml", FILE.as_bytes(), &c).expect("ok").is_none());
    }

    #[test]
    fn unknown_milestone_is_an_error() {
        let c = Action::MilestoneReopen {
            milestone: "nope".into(),
        };
        assert!(matches!(
            edit("c.yaml", FILE.as_bytes(), &c),
            Err(Error::UnknownMilestone { .. })
        ));
    }

    #[test]
    fn aliased_milestones_are_refused() {
        let text = "id: a\ntitle: A\npillar: p\nowner: &o Unit\ntags: [*o]\nmilestones:\n  - id: m1\n    title: M\n    due: 2024-01-31\n";
        let err = edit("c.yaml", text.as_bytes(), &Action::Owner("B".into())).expect_err("refused");
        assert!(err.to_string().contains("anchor"), "{err}");
    }

    #[test]
    fn messages_carry_the_reason() {
        let e = Edit {
            path: "p".into(),
            id: "a".into(),
            before: String::new(),
            after: String::new(),
            summary: "due 2026-01-01 → 2026-02-01".into(),
        };
        assert_eq!(e.message(None), "a: due 2026-01-01 → 2026-02-01");
        let m = e.message(Some("Council late\nmore detail"));
        assert_eq!(
            m,
            "a: due 2026-01-01 → 2026-02-01\n\nReason: Council late\n  more detail"
        );
        assert_eq!(
            crate::git::reason_trailer(&m).as_deref(),
            Some("Council late more detail")
        );
        assert_eq!(e.message(Some("  ")), "a: due 2026-01-01 → 2026-02-01");
    }
}
