//! Semantic changes between two versions of the strategy, by commitment and milestone id
//! (never by path or text line).

use crate::model::{Commitment, Link, Measure, Status};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A value before or after a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Value {
    /// A date (`due`, `done`, `start`).
    Date(#[serde(with = "crate::day")] NaiveDate),
    /// A declared status.
    Status(Status),
    /// Any other value, as text (an owner, a title, a path, a list joined by `, `).
    Text(String),
}

impl Value {
    /// The date, if the value is one.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Date(d) => write!(f, "{d}"),
            Value::Status(s) => f.write_str(s.as_str()),
            Value::Text(t) => f.write_str(t),
        }
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

/// What kind of change an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A commitment appeared.
    Added,
    /// A commitment disappeared.
    Removed,
    /// A commitment's file moved to a new path.
    Moved,
    /// A milestone appeared.
    MilestoneAdded,
    /// A milestone disappeared.
    MilestoneRemoved,
    /// A milestone got a done date.
    MilestoneDone,
    /// A milestone's done date was removed.
    MilestoneReopened,
    /// A due date changed (commitment or milestone).
    DueChanged,
    /// The status changed.
    StatusChanged,
    /// The owner changed.
    OwnerChanged,
    /// Any other field changed.
    Edited,
    /// The file stopped being valid; the last good version stays the known state.
    Invalid,
    /// The file is valid again.
    Repaired,
    /// A dated event was recorded.
    EventAdded,
    /// A dated event was removed.
    EventRemoved,
    /// The latest assessment changed: a new verdict (from the one before).
    Assessed,
}

impl ChangeKind {
    /// Every kind, in the order the format documents them.
    pub const ALL: [ChangeKind; 16] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Moved,
        ChangeKind::MilestoneAdded,
        ChangeKind::MilestoneRemoved,
        ChangeKind::MilestoneDone,
        ChangeKind::MilestoneReopened,
        ChangeKind::DueChanged,
        ChangeKind::StatusChanged,
        ChangeKind::OwnerChanged,
        ChangeKind::Edited,
        ChangeKind::Invalid,
        ChangeKind::Repaired,
        ChangeKind::EventAdded,
        ChangeKind::EventRemoved,
        ChangeKind::Assessed,
    ];

    /// Parses the spelling used in output and in `--kind`.
    pub fn parse(s: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The spelling used in output and in `--kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::MilestoneAdded => "milestone-added",
            ChangeKind::MilestoneRemoved => "milestone-removed",
            ChangeKind::MilestoneDone => "milestone-done",
            ChangeKind::MilestoneReopened => "milestone-reopened",
            ChangeKind::DueChanged => "due-changed",
            ChangeKind::StatusChanged => "status-changed",
            ChangeKind::OwnerChanged => "owner-changed",
            ChangeKind::Edited => "edited",
            ChangeKind::Invalid => "invalid",
            ChangeKind::Repaired => "repaired",
            ChangeKind::EventAdded => "event-added",
            ChangeKind::EventRemoved => "event-removed",
            ChangeKind::Assessed => "assessed",
        }
    }
}

/// One semantic change. Its public JSON shape (values as text) is [`Change::public`]'s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The commitment's id (null for a file that never parsed).
    pub commitment: Option<String>,
    /// The milestone's id, for milestone changes.
    pub milestone: Option<String>,
    /// What happened.
    pub kind: ChangeKind,
    /// The field that changed, where one did.
    pub field: Option<String>,
    /// The value before.
    pub from: Option<Value>,
    /// The value after.
    pub to: Option<Value>,
    /// For `due-changed`: days the date moved (positive: later).
    #[serde(default)]
    pub days: Option<i64>,
    /// The file's path after the change (before it, for a removal).
    pub path: String,
}

impl Change {
    fn new(commitment: &str, path: &str, kind: ChangeKind) -> Self {
        Change {
            commitment: Some(commitment.to_owned()),
            milestone: None,
            kind,
            field: None,
            from: None,
            to: None,
            days: None,
            path: path.to_owned(),
        }
    }

    fn field(mut self, field: &str, from: Option<Value>, to: Option<Value>) -> Self {
        self.field = Some(field.to_owned());
        self.from = from;
        self.to = to;
        self
    }

    fn milestone(mut self, id: &str) -> Self {
        self.milestone = Some(id.to_owned());
        self
    }

    /// A change for the whole file (added, removed, moved, invalid, repaired).
    pub fn file(commitment: Option<&str>, path: &str, kind: ChangeKind) -> Self {
        Change {
            commitment: commitment.map(str::to_owned),
            ..Change::new("", path, kind)
        }
    }

    /// The same change with a from/to pair.
    pub fn with_values(mut self, from: Option<Value>, to: Option<Value>) -> Self {
        self.from = from;
        self.to = to;
        self
    }

    /// One line for people: "milestone m2 due 2022-12-31 → 2023-06-30 (+181 days)".
    pub fn describe(&self) -> String {
        let m = self
            .milestone
            .as_deref()
            .map(|m| format!("milestone {m} "))
            .unwrap_or_default();
        let show =
            |v: &Option<Value>, none: &str| v.as_ref().map_or_else(|| none.to_owned(), Value::to_string);
        let arrow =
            |f: &Option<Value>, t: &Option<Value>| format!("{} → {}", show(f, "(none)"), show(t, "(none)"));
        match self.kind {
            ChangeKind::Added => "added".into(),
            ChangeKind::Removed => "removed".into(),
            ChangeKind::Moved => format!("moved {}", arrow(&self.from, &self.to)),
            ChangeKind::MilestoneAdded => format!("{m}added, due {}", show(&self.to, "?")),
            ChangeKind::MilestoneRemoved => format!("{m}removed"),
            ChangeKind::MilestoneDone => format!("{m}done on {}", show(&self.to, "?")),
            ChangeKind::MilestoneReopened => {
                format!("{m}reopened (was done {})", show(&self.from, "?"))
            }
            ChangeKind::DueChanged => {
                let days = self.days.map(|d| format!(" ({d:+} days)")).unwrap_or_default();
                format!("{m}due {}{days}", arrow(&self.from, &self.to))
            }
            ChangeKind::StatusChanged => format!("status {}", arrow(&self.from, &self.to)),
            ChangeKind::OwnerChanged => format!("owner {}", arrow(&self.from, &self.to)),
            // Short values are worth their arrow: a commitment that changes pillar moves
            // between the figures of two pillars.
            ChangeKind::Edited if matches!(self.field.as_deref(), Some("pillar" | "start")) => {
                format!(
                    "{m}{} {}",
                    self.field.as_deref().unwrap_or("?"),
                    arrow(&self.from, &self.to)
                )
            }
            ChangeKind::Edited => format!("{m}{} edited", self.field.as_deref().unwrap_or("?")),
            ChangeKind::Invalid => format!("file became invalid: {}", show(&self.to, "it no longer parses")),
            ChangeKind::Repaired => "file is valid again".into(),
            ChangeKind::EventAdded => format!("event on {}", show(&self.to, "?")),
            ChangeKind::EventRemoved => format!("event removed (was {})", show(&self.from, "?")),
            ChangeKind::Assessed => format!("{m}assessed {}", arrow(&self.from, &self.to)),
        }
    }
}

fn date(d: Option<NaiveDate>) -> Option<Value> {
    d.map(Value::Date)
}

fn text(s: &str) -> Option<Value> {
    Some(Value::Text(s.to_owned()))
}

fn due_change(base: Change, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Change {
    let days = match (from, to) {
        (Some(f), Some(t)) => Some((t - f).num_days()),
        _ => None,
    };
    Change {
        days,
        ..base.field("due", date(from), date(to))
    }
}

fn list(v: &[String]) -> Option<Value> {
    (!v.is_empty()).then(|| Value::Text(v.join(", ")))
}

fn links(v: &[Link]) -> Option<Value> {
    (!v.is_empty()).then(|| Value::Text(v.iter().map(|l| l.url.as_str()).collect::<Vec<_>>().join(", ")))
}

fn measures(v: &[Measure]) -> String {
    v.iter()
        .map(|m| format!("{}={}", m.date, m.value))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every change from `old` to `new`, two versions of one commitment (same id).
pub fn compare(old: &Commitment, old_path: &str, new: &Commitment, new_path: &str) -> Vec<Change> {
    let id = new.id.as_str();
    let path = new_path;
    let mut out = Vec::new();
    if old_path != new_path {
        out.push(Change::new(id, path, ChangeKind::Moved).field("path", text(old_path), text(new_path)));
    }
    let c = |kind| Change::new(id, path, kind);
    if old.due != new.due {
        out.push(due_change(c(ChangeKind::DueChanged), old.due, new.due));
    }
    if old.status != new.status {
        out.push(c(ChangeKind::StatusChanged).field(
            "status",
            old.status.map(Value::Status),
            new.status.map(Value::Status),
        ));
    }
    if old.owner != new.owner {
        out.push(c(ChangeKind::OwnerChanged).field("owner", text(&old.owner), text(&new.owner)));
    }
    if let Some(a) = assessed_change(&old.assessments, &new.assessments) {
        out.push(a.milestone_of(id, path, None));
    }
    let mut edited = |field: &str, from: Option<Value>, to: Option<Value>| {
        if from != to {
            out.push(c(ChangeKind::Edited).field(field, from, to));
        }
    };
    edited("title", text(&old.title), text(&new.title));
    edited("pillar", text(&old.pillar), text(&new.pillar));
    edited("start", date(old.start), date(new.start));
    edited(
        "description",
        old.description.as_deref().and_then(text),
        new.description.as_deref().and_then(text),
    );
    edited("depends_on", list(&old.depends_on), list(&new.depends_on));
    edited("tags", list(&old.tags), list(&new.tags));
    edited("links", links(&old.links), links(&new.links));
    compare_indicators(old, new, &mut edited);
    compare_milestones(old, new, path, &mut out);
    compare_events(old, new, path, &mut out);
    out
}

/// An event as text in a change: "2026-03-26 Parliament rejects the extension".
fn event_text(e: &crate::model::Event) -> Option<Value> {
    Some(Value::Text(format!("{} {}", e.date, e.title)))
}

/// Events are known by their date and title: a new pair is an added event, a pair gone
/// is a removed one, and the same pair with another note or evidence is an edit.
fn compare_events(old: &Commitment, new: &Commitment, path: &str, out: &mut Vec<Change>) {
    let id = new.id.as_str();
    let key = |e: &crate::model::Event| (e.date, e.title.clone());
    for n in &new.events {
        match old.events.iter().find(|o| key(o) == key(n)) {
            None => {
                out.push(Change::new(id, path, ChangeKind::EventAdded).field("events", None, event_text(n)))
            }
            Some(o) if o != n => out.push(Change::new(id, path, ChangeKind::Edited).field(
                "events",
                event_text(o),
                event_text(n),
            )),
            Some(_) => {}
        }
    }
    for o in old
        .events
        .iter()
        .filter(|o| !new.events.iter().any(|n| key(n) == key(o)))
    {
        out.push(Change::new(id, path, ChangeKind::EventRemoved).field("events", event_text(o), None));
    }
}

/// Records an `edited` change: field, value before, value after.
type Edited<'a> = dyn FnMut(&str, Option<Value>, Option<Value>) + 'a;

fn compare_indicators(old: &Commitment, new: &Commitment, edited: &mut Edited<'_>) {
    let olds: BTreeMap<&str, _> = old.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let news: BTreeMap<&str, _> = new.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    for (id, n) in &news {
        match olds.get(id) {
            None => edited(&format!("indicators.{id}"), None, text("added")),
            Some(o) if o != n => {
                if o.actuals != n.actuals {
                    edited(
                        &format!("indicators.{id}.actuals"),
                        text(&measures(&o.actuals)),
                        text(&measures(&n.actuals)),
                    );
                }
                if (&o.title, &o.unit, &o.baseline, &o.target) != (&n.title, &n.unit, &n.baseline, &n.target)
                {
                    edited(&format!("indicators.{id}"), None, None);
                }
            }
            Some(_) => {}
        }
    }
    for id in olds.keys().filter(|id| !news.contains_key(*id)) {
        edited(&format!("indicators.{id}"), text("removed"), None);
    }
}

fn compare_milestones(old: &Commitment, new: &Commitment, path: &str, out: &mut Vec<Change>) {
    let id = new.id.as_str();
    for n in &new.milestones {
        let base = Change::new(id, path, ChangeKind::Edited).milestone(&n.id);
        let Some(o) = old.milestone(&n.id) else {
            out.push(Change {
                kind: ChangeKind::MilestoneAdded,
                ..base.field("due", None, date(Some(n.due)))
            });
            if let Some(done) = n.done {
                out.push(Change {
                    kind: ChangeKind::MilestoneDone,
                    ..Change::new(id, path, ChangeKind::MilestoneDone)
                        .milestone(&n.id)
                        .field("done", None, date(Some(done)))
                });
            }
            continue;
        };
        if o.due != n.due {
            out.push(due_change(
                Change {
                    kind: ChangeKind::DueChanged,
                    ..base.clone()
                },
                Some(o.due),
                Some(n.due),
            ));
        }
        match (o.done, n.done) {
            (None, Some(d)) => out.push(Change {
                kind: ChangeKind::MilestoneDone,
                ..base.clone().field("done", None, date(Some(d)))
            }),
            (Some(d), None) => out.push(Change {
                kind: ChangeKind::MilestoneReopened,
                ..base.clone().field("done", date(Some(d)), None)
            }),
            (Some(a), Some(b)) if a != b => {
                out.push(base.clone().field("done", date(Some(a)), date(Some(b))))
            }
            _ => {}
        }
        if o.title != n.title {
            out.push(base.clone().field("title", text(&o.title), text(&n.title)));
        }
        if o.weight != n.weight {
            let w = |m: &crate::model::Milestone| m.weight.map(|w| Value::Text(w.to_string()));
            out.push(base.clone().field("weight", w(o), w(n)));
        }
        if o.note != n.note {
            out.push(base.clone().field(
                "note",
                o.note.as_deref().and_then(text),
                n.note.as_deref().and_then(text),
            ));
        }
        if o.evidence != n.evidence {
            out.push(base.clone().field(
                "evidence",
                text(&o.evidence.join(" ")).filter(|_| !o.evidence.is_empty()),
                text(&n.evidence.join(" ")).filter(|_| !n.evidence.is_empty()),
            ));
        }
        if o.confidence != n.confidence {
            let c = |m: &crate::model::Milestone| m.confidence.map(|c| Value::Text(c.as_str().to_owned()));
            out.push(base.clone().field("confidence", c(o), c(n)));
        }
        if let Some(a) = assessed_change(&o.assessments, &n.assessments) {
            out.push(Change {
                kind: ChangeKind::Assessed,
                ..a.milestone_of(id, path, Some(&n.id))
            });
        }
    }
    for o in old.milestones.iter().filter(|o| new.milestone(&o.id).is_none()) {
        out.push(
            Change::new(id, path, ChangeKind::MilestoneRemoved)
                .milestone(&o.id)
                .field("due", date(Some(o.due)), None),
        );
    }
}

/// The change of the latest assessment between two lists, as a partial change holding
/// the verdicts from and to (with the assessing body and date after the verdict).
fn assessed_change(
    old: &[crate::model::Assessment],
    new: &[crate::model::Assessment],
) -> Option<AssessedChange> {
    let (o, n) = (crate::model::latest(old), crate::model::latest(new));
    if o == n {
        return None;
    }
    let words = |a: Option<&crate::model::Assessment>| {
        a.map(|a| Value::Text(format!("{} ({}, {})", a.verdict, a.by, a.date)))
    };
    Some(AssessedChange {
        from: words(o),
        to: words(n),
    })
}

/// The verdicts of an assessment change.
struct AssessedChange {
    from: Option<Value>,
    to: Option<Value>,
}

impl AssessedChange {
    fn milestone_of(self, id: &str, path: &str, milestone: Option<&str>) -> Change {
        let mut c = Change::new(id, path, ChangeKind::Assessed).field("verdict", self.from, self.to);
        if let Some(m) = milestone {
            c = c.milestone(m);
        }
        c
    }
}

/// A version of a commitment and the file that holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Located {
    /// Displayed path of the file.
    pub path: String,
    /// The commitment as that file has it.
    pub commitment: Commitment,
}

/// The commitments of one version of the strategy, by id, with their paths.
pub type Snapshot = BTreeMap<String, Located>;

/// The net changes from one snapshot to another: removals, additions and edits.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let mut out = Vec::new();
    for (id, n) in new {
        match old.get(id) {
            None => out.extend(added(&n.commitment, &n.path)),
            Some(o) => out.extend(compare(&o.commitment, &o.path, &n.commitment, &n.path)),
        }
    }
    for (id, o) in old {
        if !new.contains_key(id) {
            out.push(Change::new(id, &o.path, ChangeKind::Removed));
        }
    }
    out
}

/// The event of a new commitment, with its due date and any milestones already done.
pub fn added(c: &Commitment, path: &str) -> Vec<Change> {
    let mut out = vec![Change::new(&c.id, path, ChangeKind::Added)];
    for e in &c.events {
        out.push(Change::new(&c.id, path, ChangeKind::EventAdded).field("events", None, event_text(e)));
    }
    for m in c.milestones.iter().filter(|m| m.done.is_some()) {
        out.push(
            Change::new(&c.id, path, ChangeKind::MilestoneDone)
                .milestone(&m.id)
                .field("done", None, date(m.done)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_commitment;

    fn c(text: &str) -> Commitment {
        let p = parse_commitment("x.yaml", text.as_bytes());
        assert!(p.findings.is_empty(), "{:?}", p.findings);
        p.value.expect("valid")
    }

    const BASE: &str = "id: a\ntitle: A\npillar: p\nowner: O\ndue: 2022-12-31\nmilestones:\n  - {id: m1, title: M1, due: 2022-06-30}\n  - {id: m2, title: M2, due: 2022-12-31}\n";

    #[test]
    fn milestone_done_and_due_moves() {
        let old = c(BASE);
        let new = c(&BASE
            .replace("due: 2022-06-30}", "due: 2022-06-30, done: 2022-06-01}")
            .replace("M2, due: 2022-12-31", "M2, due: 2023-06-30")
            .replace("owner: O", "owner: P"));
        let kinds: Vec<(ChangeKind, Option<String>, Option<i64>)> = compare(&old, "a.yaml", &new, "a.yaml")
            .into_iter()
            .map(|c| (c.kind, c.milestone, c.days))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (ChangeKind::OwnerChanged, None, None),
                (ChangeKind::MilestoneDone, Some("m1".into()), None),
                (ChangeKind::DueChanged, Some("m2".into()), Some(181)),
            ]
        );
    }

    #[test]
    fn events_are_added_edited_and_removed_by_date_and_title() {
        let old = c(&format!(
            "{BASE}events:\n  - {{date: 2026-03-26, title: Vote fails}}\n  - {{date: 2026-04-03, title: Lapse}}\n"
        ));
        let new = c(&format!(
            "{BASE}events:\n  - {{date: 2026-03-26, title: Vote fails, note: 228 for}}\n  - {{date: 2026-07-02, title: Council position}}\n"
        ));
        let got: Vec<(ChangeKind, String)> = compare(&old, "a.yaml", &new, "a.yaml")
            .into_iter()
            .map(|c| (c.kind, c.describe()))
            .collect();
        assert_eq!(
            got,
            [
                (ChangeKind::Edited, "events edited".to_owned()),
                (
                    ChangeKind::EventAdded,
                    "event on 2026-07-02 Council position".to_owned()
                ),
                (
                    ChangeKind::EventRemoved,
                    "event removed (was 2026-04-03 Lapse)".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn moves_are_one_event_plus_edits() {
        let old = c(BASE);
        let new = c(&BASE.replace("title: A", "title: B"));
        let ch = compare(&old, "s/x/a.yaml", &new, "s/y/a.yaml");
        assert_eq!(ch[0].kind, ChangeKind::Moved);
        assert_eq!(ch[0].from, text("s/x/a.yaml"));
        assert_eq!(ch[1].kind, ChangeKind::Edited);
        assert_eq!(ch[1].field.as_deref(), Some("title"));
        assert_eq!(ch.len(), 2);
    }

    #[test]
    fn snapshot_diff() {
        let mut old = Snapshot::new();
        old.insert(
            "a".into(),
            Located {
                path: "a.yaml".into(),
                commitment: c(BASE),
            },
        );
        let mut new = Snapshot::new();
        new.insert(
            "b".into(),
            Located {
                path: "b.yaml".into(),
                commitment: c(&BASE.replace("id: a", "id: b")),
            },
        );
        let kinds: Vec<ChangeKind> = diff(&old, &new).into_iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![ChangeKind::Added, ChangeKind::Removed]);
        assert!(diff(&old, &old).is_empty());
    }
}
