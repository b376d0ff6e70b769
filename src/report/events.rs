//! The event list of `tracker history`: the walk's change events as rows, filtered.

use crate::compare::{Change, ChangeKind};
use crate::history::Event;
use chrono::NaiveDate;
use serde::Serialize;

/// One line of `tracker history`, borrowed from the walk's events (a long history has
/// hundreds of thousands). Its JSON is a public interface: the commit's fields, then the
/// change's in their public shape (as a diff lists them), in one object.
#[derive(Debug, Clone)]
pub struct HistoryRow<'a> {
    /// In a roll-up, the source the change was made in; absent for one strategy.
    pub source: Option<&'a str>,
    /// Full commit id; null for uncommitted edits.
    pub commit: Option<&'a str>,
    /// Commit date in the committer's time zone; null for uncommitted edits.
    pub date: Option<NaiveDate>,
    /// Author date in the author's time zone.
    pub author_date: Option<NaiveDate>,
    /// Author name.
    pub author: Option<&'a str>,
    /// First line of the commit message.
    pub subject: Option<&'a str>,
    /// Whether the change is only in the working tree.
    pub uncommitted: bool,
    /// Whether the commit is on a side branch a merge brought in (`--all-parents`).
    pub side_branch: bool,
    /// The change.
    pub change: &'a Change,
}

/// Written by hand rather than derived with the change flattened in: serde's flattening
/// goes through a map of boxed keys, which was a tenth of a warm `history`. The fields
/// and their order are those of the derived form, which a test below pins; they are
/// listed once, in [`HistoryRow::fields`], for this and for the JSON writer of a long
/// history ([`crate::render::json::history_each`]).
impl Serialize for HistoryRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = s.serialize_struct("HistoryRow", 16)?;
        self.fields(|key, value| row.serialize_field(key, &value))?;
        row.end()
    }
}

/// The value of one field of a row's public JSON.
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    /// A string, or null.
    Text(Option<&'a str>),
    /// A day as `YYYY-MM-DD`, or null.
    Day(Option<NaiveDate>),
    /// true or false.
    Flag(bool),
    /// A whole number.
    Number(i64),
    /// A changed value as text, as the files write it, or null.
    Value(Option<&'a crate::compare::Value>),
}

impl Serialize for Field<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Field::Text(t) => t.serialize(s),
            Field::Day(d) => d.map(crate::day::Text).serialize(s),
            Field::Flag(b) => s.serialize_bool(b),
            Field::Number(n) => s.serialize_i64(n),
            Field::Value(v) => v.map(ValueText).serialize(s),
        }
    }
}

/// A changed value as text, as the files write it, without building the text first.
struct ValueText<'a>(&'a crate::compare::Value);

impl Serialize for ValueText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::compare::Value;
        match self.0 {
            Value::Date(d) => crate::day::Text(*d).serialize(s),
            Value::Status(status) => s.serialize_str(status.as_str()),
            Value::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'a> HistoryRow<'a> {
    pub(crate) fn new(e: &'a Event) -> Self {
        let c = e.commit.as_deref();
        HistoryRow {
            source: None,
            commit: c.map(|c| c.id.as_str()),
            date: c.map(|c| c.date),
            author_date: c.map(|c| c.author_date),
            author: c.map(|c| c.author.as_str()),
            subject: c.map(|c| c.subject.as_str()),
            uncommitted: c.is_none(),
            side_branch: e.side_branch,
            change: &e.change,
        }
    }

    /// Short commit id, or `uncommitted`.
    pub fn short(&self) -> &str {
        self.commit.map_or("uncommitted", |c| crate::git::short_id(c))
    }

    /// The row's public JSON fields, in order, each given to `each`; those left out
    /// (`source` for one strategy, `days` but for a moved date) are not.
    pub fn fields<E>(&self, mut each: impl FnMut(&'static str, Field<'_>) -> Result<(), E>) -> Result<(), E> {
        if let Some(source) = self.source {
            each("source", Field::Text(Some(source)))?;
        }
        each("commit", Field::Text(self.commit))?;
        each("date", Field::Day(self.date))?;
        each("author_date", Field::Day(self.author_date))?;
        each("author", Field::Text(self.author))?;
        each("subject", Field::Text(self.subject))?;
        each("uncommitted", Field::Flag(self.uncommitted))?;
        each("side_branch", Field::Flag(self.side_branch))?;
        change_fields(self.change, &mut each)
    }
}

/// A change's fields in their public JSON shape, every value as text as the files write
/// it: the one shape of a history row's change and of a diff's.
fn change_fields<E>(
    c: &Change,
    each: &mut impl FnMut(&'static str, Field<'_>) -> Result<(), E>,
) -> Result<(), E> {
    each("commitment", Field::Text(c.commitment.as_deref()))?;
    each("milestone", Field::Text(c.milestone.as_deref()))?;
    each("kind", Field::Text(Some(c.kind.as_str())))?;
    each("field", Field::Text(c.field.as_deref()))?;
    each("from", Field::Value(c.from.as_ref()))?;
    each("to", Field::Value(c.to.as_ref()))?;
    if let Some(days) = c.days {
        each("days", Field::Number(days))?;
    }
    each("path", Field::Text(Some(&c.path)))
}

/// A change in a diff's list: its source first in a roll-up, whose ids are qualified
/// (`ie:helpline`).
struct PublicChange<'a>(&'a Change);

impl Serialize for PublicChange<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let c = self.0;
        let mut m = s.serialize_struct("PublicChange", 9)?;
        if let Some(source) = c.commitment.as_deref().and_then(crate::rollup::source_of_id) {
            m.serialize_field("source", source)?;
        }
        change_fields(c, &mut |key, value| m.serialize_field(key, &value))?;
        m.end()
    }
}

/// Serialises a list of changes in their public JSON shape.
pub fn public_changes<S: serde::Serializer>(list: &[Change], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(list.iter().map(PublicChange))
}

/// Which events `history` shows.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Only this commitment.
    pub commitment: Option<String>,
    /// Only this milestone.
    pub milestone: Option<String>,
    /// Only on or after this day.
    pub since: Option<NaiveDate>,
    /// Only on or before this day.
    pub until: Option<NaiveDate>,
    /// Only authors whose name contains this text, ignoring case.
    pub author: Option<String>,
    /// Only these kinds.
    pub kinds: Vec<ChangeKind>,
}

impl HistoryFilter {
    fn matches(&self, r: &HistoryRow) -> bool {
        let day_ok = |d: Option<NaiveDate>| match d {
            // Uncommitted edits are "now": after any since, and shown only without until.
            None => self.until.is_none(),
            Some(d) => self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u),
        };
        self.commitment
            .as_ref()
            .is_none_or(|c| r.change.commitment.as_ref() == Some(c))
            && self
                .milestone
                .as_ref()
                .is_none_or(|m| r.change.milestone.as_ref() == Some(m))
            && day_ok(r.date)
            && self.author.as_ref().is_none_or(|a| {
                r.author
                    .as_ref()
                    .is_some_and(|name| name.to_lowercase().contains(&a.to_lowercase()))
            })
            && (self.kinds.is_empty() || self.kinds.contains(&r.change.kind))
    }
}

/// The rows of `tracker history`, oldest first unless `reverse`.
pub fn rows<'a>(events: &'a [Event], filter: &HistoryFilter, reverse: bool) -> Vec<HistoryRow<'a>> {
    let mut rows: Vec<HistoryRow> = events
        .iter()
        .map(HistoryRow::new)
        .filter(|r| filter.matches(r))
        .collect();
    if reverse {
        rows.reverse();
    }
    rows
}

/// The events `history` shows, picked from a walk's one commit at a time as they come
/// (so that a long history is never held whole): for a public output, only what the
/// lens keeps, with subjects withheld where they name a secret; then only the
/// commitments the filters match; then what [`HistoryFilter`] matches.
pub struct Shown<'a, I> {
    events: I,
    pending: std::vec::IntoIter<Event>,
    secrets: Option<&'a crate::lens::Secrets>,
    ids: Option<&'a std::collections::HashSet<String>>,
    filter: &'a HistoryFilter,
    /// The changes the lens left out so far.
    pub hidden: usize,
    /// Whether an event the lens and the filters' ids kept names the filter's
    /// commitment (as a check of an unknown id needs).
    pub names_commitment: bool,
    /// The same for the filter's milestone, of any commitment.
    pub names_milestone: bool,
    /// Why the events stopped early, if they did.
    pub error: Option<crate::error::Error>,
}

impl<'a, I> Shown<'a, I>
where
    I: Iterator<Item = crate::error::Result<Vec<Event>>>,
{
    /// The shown events of `events`.
    pub fn new(
        events: I,
        secrets: Option<&'a crate::lens::Secrets>,
        ids: Option<&'a std::collections::HashSet<String>>,
        filter: &'a HistoryFilter,
    ) -> Self {
        Shown {
            events,
            pending: Vec::new().into_iter(),
            secrets,
            ids,
            filter,
            hidden: 0,
            names_commitment: false,
            names_milestone: false,
            error: None,
        }
    }

    fn shows(&mut self, e: &mut Event) -> bool {
        if let Some(secrets) = self.secrets
            && !secrets.shows(e)
        {
            self.hidden += 1;
            return false;
        }
        if let Some(ids) = self.ids
            && !e.change.commitment.as_ref().is_some_and(|id| ids.contains(id))
        {
            return false;
        }
        self.names_commitment |=
            self.filter.commitment.is_some() && e.change.commitment == self.filter.commitment;
        self.names_milestone |=
            self.filter.milestone.is_some() && e.change.milestone == self.filter.milestone;
        self.filter.matches(&HistoryRow::new(e))
    }
}

impl<I> Shown<'_, I>
where
    I: Iterator<Item = crate::error::Result<Vec<Event>>>,
{
    /// The shown events for a renderer that stops at an error: where the walk's events
    /// could not be read, one error ends them ([`Shown::error`] says why).
    pub fn fallible(&mut self) -> impl Iterator<Item = std::io::Result<Event>> + '_ {
        let mut failed = false;
        std::iter::from_fn(move || match self.next() {
            Some(e) => Some(Ok(e)),
            None if self.error.is_some() && !failed => {
                failed = true;
                Some(Err(std::io::Error::other(
                    "the history's records could not be read",
                )))
            }
            None => None,
        })
    }
}

impl<I> Iterator for Shown<'_, I>
where
    I: Iterator<Item = crate::error::Result<Vec<Event>>>,
{
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(mut e) = self.pending.next() {
                if self.shows(&mut e) {
                    return Some(e);
                }
                continue;
            }
            if self.error.is_some() {
                return None;
            }
            match self.events.next()? {
                Ok(batch) => self.pending = batch.into_iter(),
                Err(e) => {
                    self.error = Some(e);
                    return None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Value;
    use crate::git::CommitInfo;
    use std::sync::Arc;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn change(kind: ChangeKind, from: Option<Value>, to: Option<Value>, days: Option<i64>) -> Change {
        Change {
            commitment: Some("eu-centre".into()),
            milestone: Some("m1".into()),
            kind,
            field: Some("due".into()),
            from,
            to,
            days,
            path: "strategy/detection/eu-centre.yaml".into(),
        }
    }

    /// The JSON of a history row is a public interface: its fields, their order, and
    /// when `source` and `days` are left out, written out in full.
    #[test]
    fn a_history_row_keeps_its_public_json_shape() {
        let commit = Arc::new(CommitInfo {
            id: "0123456789abcdef0123456789abcdef01234567".into(),
            date: day(2026, 3, 2),
            author_date: day(10000, 1, 2),
            author: "Zoë \"Z\" Example".into(),
            subject: "Move the due date".into(),
            reason: Some("not shown in a row".into()),
            time: 0,
        });
        let moved = Event {
            commit: Some(Arc::clone(&commit)),
            change: change(
                ChangeKind::DueChanged,
                Some(Value::Date(day(2026, 1, 31))),
                Some(Value::Date(day(999, 12, 1))),
                Some(-9_500),
            ),
            side_branch: true,
        };
        assert_eq!(
            serde_json::to_string(&HistoryRow::new(&moved)).unwrap(),
            concat!(
                r#"{"commit":"0123456789abcdef0123456789abcdef01234567","date":"2026-03-02","#,
                r#""author_date":"+10000-01-02","author":"Zoë \"Z\" Example","subject":"Move the due date","#,
                r#""uncommitted":false,"side_branch":true,"commitment":"eu-centre","milestone":"m1","#,
                r#""kind":"due-changed","field":"due","from":"2026-01-31","to":"0999-12-01","days":-9500,"#,
                r#""path":"strategy/detection/eu-centre.yaml"}"#
            )
        );
        let edited = Event {
            commit: None,
            change: change(
                ChangeKind::StatusChanged,
                Some(Value::Status(crate::model::Status::InProgress)),
                Some(Value::Text("a text\nover two lines".into())),
                None,
            ),
            side_branch: false,
        };
        let mut row = HistoryRow::new(&edited);
        row.source = Some("ie");
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            concat!(
                r#"{"source":"ie","commit":null,"date":null,"author_date":null,"author":null,"subject":null,"#,
                r#""uncommitted":true,"side_branch":false,"commitment":"eu-centre","milestone":"m1","#,
                r#""kind":"status-changed","field":"due","from":"in-progress","to":"a text\nover two lines","#,
                r#""path":"strategy/detection/eu-centre.yaml"}"#
            )
        );
        // The writer of a long history's rows writes the bytes serde_json writes.
        let rows = [HistoryRow::new(&moved), row.clone()];
        for rows in [&rows[..], &rows[..1], &[]] {
            let mut written = Vec::new();
            crate::render::json::history(&mut written, rows).unwrap();
            let mut pretty = serde_json::to_string_pretty(rows).unwrap();
            pretty.push('\n');
            assert_eq!(String::from_utf8(written).unwrap(), pretty);
        }
        // Every kind is written with its serde name.
        for kind in ChangeKind::ALL {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        // A diff lists the same fields, with the source first for a qualified id.
        let mut qualified = edited.change.clone();
        qualified.commitment = Some("ie:helpline".into());
        assert_eq!(
            serde_json::to_string(&PublicChange(&qualified)).unwrap(),
            concat!(
                r#"{"source":"ie","commitment":"ie:helpline","milestone":"m1","kind":"status-changed","#,
                r#""field":"due","from":"in-progress","to":"a text\nover two lines","#,
                r#""path":"strategy/detection/eu-centre.yaml"}"#
            )
        );
        assert!(
            serde_json::to_string(&PublicChange(&moved.change))
                .unwrap()
                .starts_with(r#"{"commitment":"eu-centre""#)
        );
    }
}
