//! Turns a parsed YAML value into the model, collecting every problem on the way.
//!
//! Decoding never stops at the first problem: a file with an unknown key and a bad date
//! gets both reported. Each problem names the path of the node it is about; the loader
//! turns paths into line and column.

use crate::finding::Severity;
use crate::locate::YPath;
use crate::model::{Commitment, Indicator, Link, Measure, Milestone, Pillar, Status, Strategy, is_valid_id};
use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};
use std::collections::HashSet;

/// Which part of an entry a problem points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The key (for unknown or misplaced keys).
    Key,
    /// The value.
    Value,
}

/// A problem found while decoding, located by path.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The node it is about.
    pub path: YPath,
    /// Key or value of that node.
    pub at: At,
    /// Error or warning.
    pub severity: Severity,
    /// Stable rule name.
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// The keys a commitment file may have.
pub const COMMITMENT_KEYS: &[&str] = &[
    "id",
    "title",
    "pillar",
    "owner",
    "status",
    "start",
    "due",
    "description",
    "milestones",
    "indicators",
    "depends_on",
    "tags",
    "links",
];
const MILESTONE_KEYS: &[&str] = &["id", "title", "due", "done", "evidence"];
const INDICATOR_KEYS: &[&str] = &["id", "title", "unit", "baseline", "target", "actuals"];
const MEASURE_KEYS: &[&str] = &["date", "value"];
const LINK_KEYS: &[&str] = &["title", "url"];
/// The keys `strategy.yaml` may have.
pub const STRATEGY_KEYS: &[&str] = &["id", "title", "adopted", "description", "pillars"];
const PILLAR_KEYS: &[&str] = &["id", "title"];

/// Collects problems while decoding one document.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Everything found so far.
    pub problems: Vec<Problem>,
}

/// A mapping whose keys were checked against the known ones.
struct Fields<'v> {
    map: &'v Mapping,
    path: YPath,
    what: &'static str,
}

impl<'v> Fields<'v> {
    fn get(&self, key: &str) -> Option<&'v Value> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }
}

/// Describes the type of a value for a message, such as "a list".
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The closest known word, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = if len < 3 { 1 } else { (len / 3).max(2) };
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Parses a `YYYY-MM-DD` date, explaining what is wrong with a bad one.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(format!("`{s}` is not a date in the form YYYY-MM-DD"));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4) as i32, num(5..7), num(8..10));
    if !(1..=12).contains(&m) {
        return Err(format!("`{s}` is not a real date: there is no month {m}"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        let days = NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|first| {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                }?;
                Some((next - first).num_days())
            })
            .unwrap_or(31);
        let month = NaiveDate::from_ymd_opt(y, m, 1)
            .map(|f| f.format("%B %Y").to_string())
            .unwrap_or_default();
        format!("`{s}` is not a real date: {month} has {days} days")
    })
}

impl Decoder {
    /// Records a problem.
    pub fn report(
        &mut self,
        path: &YPath,
        at: At,
        rule: &'static str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.problems.push(Problem {
            path: path.clone(),
            at,
            severity: Severity::Error,
            rule,
            message: message.into(),
            hint,
        });
    }

    /// Records a warning.
    pub fn warn(&mut self, path: &YPath, at: At, rule: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.clone(),
            at,
            severity: Severity::Warning,
            rule,
            message: message.into(),
            hint: None,
        });
    }

    /// Whether an error (not a warning) was found.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    fn fields<'v>(
        &mut self,
        v: &'v Value,
        path: &YPath,
        what: &'static str,
        known: &[&'static str],
    ) -> Option<Fields<'v>> {
        let Value::Mapping(map) = v else {
            self.report(
                path,
                At::Value,
                "wrong-type",
                format!(
                    "{what} must be a mapping of `key: value` lines, found {}",
                    kind(v)
                ),
                None,
            );
            return None;
        };
        for key in map.keys() {
            match key {
                Value::String(k) if known.contains(&k.as_str()) => {}
                Value::String(k) => {
                    let hint = match suggest(k, known) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the keys of {what} are: {}", known.join(", ")),
                    };
                    self.report(
                        &path.key(k),
                        At::Key,
                        "unknown-key",
                        format!("unknown key `{k}` in {what}"),
                        Some(hint),
                    );
                }
                other => self.report(
                    path,
                    At::Value,
                    "wrong-type",
                    format!("keys in {what} must be text, found {}", kind(other)),
                    None,
                ),
            }
        }
        Some(Fields {
            map,
            path: path.clone(),
            what,
        })
    }

    fn missing(&mut self, f: &Fields, key: &str, example: &str) {
        let present_but_empty = f.map.contains_key(key);
        let (path, message) = if present_but_empty {
            (f.path.key(key), format!("`{key}` in {} has no value", f.what))
        } else {
            (f.path.clone(), format!("{} has no `{key}`", f.what))
        };
        self.report(
            &path,
            if present_but_empty { At::Key } else { At::Value },
            "missing-key",
            message,
            Some(format!("add `{key}: {example}`")),
        );
    }

    fn text_value(&mut self, path: &YPath, key: &str, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                self.report(
                    path,
                    At::Value,
                    "wrong-type",
                    format!("`{key}` must be text, found {}", kind(other)),
                    Some("put the text in quotes if it looks like something else".into()),
                );
                None
            }
        }
    }

    fn opt_text(&mut self, f: &Fields, key: &str) -> Option<String> {
        let v = f.get(key)?;
        self.text_value(&f.path.key(key), key, v)
    }

    fn req_text(&mut self, f: &Fields, key: &str, example: &str) -> Option<String> {
        match f.get(key) {
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.report(
                    &f.path.key(key),
                    At::Value,
                    "missing-key",
                    format!("`{key}` in {} is empty", f.what),
                    Some(format!("write `{key}: {example}`")),
                );
                None
            }
            None => {
                self.missing(f, key, example);
                None
            }
            Some(v) => self.text_value(&f.path.key(key), key, v),
        }
    }

    fn req_id(&mut self, f: &Fields, key: &str, example: &str) -> Option<String> {
        let path = f.path.key(key);
        let id = match f.get(key) {
            None => {
                self.missing(f, key, example);
                return None;
            }
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                self.report(
                    &path,
                    At::Value,
                    "wrong-type",
                    format!("`{key}` must be an id such as `{example}`, found {}", kind(other)),
                    None,
                );
                return None;
            }
        };
        if !is_valid_id(&id) {
            self.report(
                &path,
                At::Value,
                "bad-id",
                format!("`{id}` is not a valid id"),
                Some(format!(
                    "use lowercase letters, digits and single dashes, such as `{}`",
                    slug(&id)
                )),
            );
            return None;
        }
        Some(id)
    }

    fn date_value(&mut self, path: &YPath, key: &str, v: &Value) -> Option<NaiveDate> {
        match v {
            Value::String(s) => match parse_date(s) {
                Ok(d) => Some(d),
                Err(msg) => {
                    self.report(path, At::Value, "bad-date", msg, None);
                    None
                }
            },
            other => {
                self.report(
                    path,
                    At::Value,
                    "bad-date",
                    format!(
                        "`{key}` must be a date in the form YYYY-MM-DD, found {}",
                        kind(other)
                    ),
                    None,
                );
                None
            }
        }
    }

    fn opt_date(&mut self, f: &Fields, key: &str) -> Option<NaiveDate> {
        let v = f.get(key)?;
        self.date_value(&f.path.key(key), key, v)
    }

    fn req_date(&mut self, f: &Fields, key: &str) -> Option<NaiveDate> {
        match f.get(key) {
            None => {
                self.missing(f, key, "2025-12-31");
                None
            }
            Some(v) => self.date_value(&f.path.key(key), key, v),
        }
    }

    fn list<'v>(&mut self, f: &Fields<'v>, key: &str) -> Vec<(YPath, &'v Value)> {
        let path = f.path.key(key);
        match f.get(key) {
            None => Vec::new(),
            Some(Value::Sequence(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (path.index(i), v))
                .collect(),
            Some(other) => {
                self.report(
                    &path,
                    At::Value,
                    "wrong-type",
                    format!("`{key}` must be a list, found {}", kind(other)),
                    Some(format!(
                        "write each item on its own line under `{key}:`, starting with `- `"
                    )),
                );
                Vec::new()
            }
        }
    }

    fn text_list(&mut self, f: &Fields, key: &str) -> Vec<String> {
        self.list(f, key)
            .into_iter()
            .filter_map(|(p, v)| self.text_value(&p, key, v))
            .collect()
    }

    fn url(&mut self, path: &YPath, key: &str, url: &str) {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.warn(
                path,
                At::Value,
                "not-a-url",
                format!("`{key}` should be an http:// or https:// address, found `{url}`"),
            );
        }
    }

    /// Decodes a commitment file's value.
    pub fn commitment(&mut self, v: &Value) -> Option<Commitment> {
        let root = YPath::root();
        let f = self.fields(v, &root, "a commitment", COMMITMENT_KEYS)?;
        let id = self.req_id(&f, "id", "my-commitment");
        let title = self.req_text(&f, "title", "<what will be done>");
        let pillar = self.req_id(&f, "pillar", "prevention");
        let owner = self.req_text(&f, "owner", "<the accountable unit or person>");
        let status = f.get("status").and_then(|v| self.status(&root.key("status"), v));
        let start = self.opt_date(&f, "start");
        let due = self.opt_date(&f, "due");
        let description = self.opt_text(&f, "description");
        let milestones = self.milestones(&f);
        let indicators = self.indicators(&f);
        let depends_on = self
            .list(&f, "depends_on")
            .into_iter()
            .filter_map(|(p, v)| match v {
                Value::String(s) => Some(s.clone()),
                other => {
                    self.report(
                        &p,
                        At::Value,
                        "wrong-type",
                        format!("`depends_on` lists commitment ids, found {}", kind(other)),
                        None,
                    );
                    None
                }
            })
            .collect();
        let tags = self.text_list(&f, "tags");
        let links = self
            .list(&f, "links")
            .into_iter()
            .filter_map(|(p, v)| {
                let lf = self.fields(v, &p, "a link", LINK_KEYS)?;
                let title = self.req_text(&lf, "title", "<what the document is>");
                let url = self.req_text(&lf, "url", "https://...");
                if let Some(u) = &url {
                    self.url(&p.key("url"), "url", u);
                }
                Some(Link {
                    title: title?,
                    url: url?,
                })
            })
            .collect();
        Some(Commitment {
            id: id?,
            title: title?,
            pillar: pillar?,
            owner: owner?,
            status,
            start,
            due,
            description,
            milestones,
            indicators,
            depends_on,
            tags,
            links,
        })
    }

    fn status(&mut self, path: &YPath, v: &Value) -> Option<Status> {
        let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        let s = match v {
            Value::String(s) => s,
            other => {
                self.report(
                    path,
                    At::Value,
                    "wrong-type",
                    format!(
                        "`status` must be one of {}, found {}",
                        known.join(", "),
                        kind(other)
                    ),
                    None,
                );
                return None;
            }
        };
        let status = Status::parse(s);
        if status.is_none() {
            let hint = match suggest(s, &known) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("use one of: {}", known.join(", ")),
            };
            self.report(
                path,
                At::Value,
                "bad-value",
                format!("unknown status `{s}`"),
                Some(hint),
            );
        }
        status
    }

    fn milestones(&mut self, f: &Fields) -> Vec<Milestone> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (p, v) in self.list(f, "milestones") {
            let Some(mf) = self.fields(v, &p, "a milestone", MILESTONE_KEYS) else {
                continue;
            };
            let id = self.req_id(&mf, "id", "m1");
            let title = self.req_text(&mf, "title", "<what marks the step>");
            let due = self.req_date(&mf, "due");
            let done = self.opt_date(&mf, "done");
            let evidence = self.opt_text(&mf, "evidence");
            if let Some(e) = &evidence {
                self.url(&p.key("evidence"), "evidence", e);
            }
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.report(
                    &p.key("id"),
                    At::Value,
                    "duplicate-milestone",
                    format!("milestone id `{id}` is used twice in this commitment"),
                    Some("give each milestone its own id".into()),
                );
                continue;
            }
            if let (Some(id), Some(title), Some(due)) = (id, title, due) {
                out.push(Milestone {
                    id,
                    title,
                    due,
                    done,
                    evidence,
                });
            }
        }
        out
    }

    fn measure(&mut self, path: &YPath, v: &Value, what: &'static str) -> Option<Measure> {
        let mf = self.fields(v, path, what, MEASURE_KEYS)?;
        let date = self.req_date(&mf, "date");
        let value = match mf.get("value") {
            None => {
                self.missing(&mf, "value", "100");
                None
            }
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                self.report(
                    &path.key("value"),
                    At::Value,
                    "wrong-type",
                    format!("`value` must be a number, found {}", kind(other)),
                    Some("write the number alone, without units or thousands separators".into()),
                );
                None
            }
        };
        Some(Measure {
            date: date?,
            value: value?,
        })
    }

    fn indicators(&mut self, f: &Fields) -> Vec<Indicator> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (p, v) in self.list(f, "indicators") {
            let Some(inf) = self.fields(v, &p, "an indicator", INDICATOR_KEYS) else {
                continue;
            };
            let id = self.req_id(&inf, "id", "reports-received");
            let title = self.req_text(&inf, "title", "<what is measured>");
            let unit = self.opt_text(&inf, "unit");
            let baseline = match inf.get("baseline") {
                None => {
                    self.missing(&inf, "baseline", "{date: 2020-12-31, value: 0}");
                    None
                }
                Some(b) => self.measure(&p.key("baseline"), b, "a baseline"),
            };
            let target = inf
                .get("target")
                .and_then(|t| self.measure(&p.key("target"), t, "a target"));
            let actuals: Vec<Measure> = self
                .list(&inf, "actuals")
                .into_iter()
                .filter_map(|(ap, av)| {
                    let m = self.measure(&ap, av, "an actual")?;
                    if let Some(b) = &baseline
                        && m.date < b.date
                    {
                        self.report(
                            &ap.key("date"),
                            At::Value,
                            "actual-before-baseline",
                            format!(
                                "this actual is dated {}, before the baseline of {}",
                                m.date, b.date
                            ),
                            Some("an actual measures progress since the baseline; move it or fix the baseline date".into()),
                        );
                    }
                    Some(m)
                })
                .collect();
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.report(
                    &p.key("id"),
                    At::Value,
                    "duplicate-indicator",
                    format!("indicator id `{id}` is used twice in this commitment"),
                    None,
                );
                continue;
            }
            if let (Some(id), Some(title), Some(baseline)) = (id, title, baseline) {
                out.push(Indicator {
                    id,
                    title,
                    unit,
                    baseline,
                    target,
                    actuals,
                });
            }
        }
        out
    }

    /// Decodes `strategy.yaml`'s value.
    pub fn strategy(&mut self, v: &Value) -> Option<Strategy> {
        let root = YPath::root();
        let f = self.fields(v, &root, "the strategy", STRATEGY_KEYS)?;
        let id = self.req_id(&f, "id", "my-strategy");
        let title = self.req_text(&f, "title", "<the strategy's name>");
        let adopted = self.opt_date(&f, "adopted");
        let description = self.opt_text(&f, "description");
        let mut seen = HashSet::new();
        let mut pillars = Vec::new();
        let items = self.list(&f, "pillars");
        if items.is_empty() {
            self.report(
                &root.key("pillars"),
                At::Key,
                "missing-key",
                "the strategy has no pillars",
                Some("add `pillars:` with at least one `- {id: prevention, title: Prevention}`".into()),
            );
        }
        for (p, v) in items {
            let Some(pf) = self.fields(v, &p, "a pillar", PILLAR_KEYS) else {
                continue;
            };
            let pid = self.req_id(&pf, "id", "prevention");
            let ptitle = self.req_text(&pf, "title", "<the pillar's name>");
            if let Some(pid) = &pid
                && !seen.insert(pid.clone())
            {
                self.report(
                    &p.key("id"),
                    At::Value,
                    "duplicate-id",
                    format!("pillar id `{pid}` is used twice"),
                    None,
                );
                continue;
            }
            if let (Some(id), Some(title)) = (pid, ptitle) {
                pillars.push(Pillar { id, title });
            }
        }
        Some(Strategy {
            id: id?,
            title: title?,
            adopted,
            description,
            pillars,
        })
    }
}

/// A valid id made from any text, for hints.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "my-id".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(parse_date("2024-02-29").is_ok());
        assert_eq!(
            parse_date("2022-02-30").unwrap_err(),
            "`2022-02-30` is not a real date: February 2022 has 28 days"
        );
        assert_eq!(
            parse_date("2022-13-01").unwrap_err(),
            "`2022-13-01` is not a real date: there is no month 13"
        );
        assert!(parse_date("2022-1-01").is_err());
        assert!(parse_date("22-01-01").is_err());
        assert!(parse_date("2022-01-01T00").is_err());
        assert!(parse_date("２０２２-01-01").is_err());
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("dew", MILESTONE_KEYS), Some("due"));
        assert_eq!(suggest("titel", COMMITMENT_KEYS), Some("title"));
        assert_eq!(suggest("dependson", COMMITMENT_KEYS), Some("depends_on"));
        assert_eq!(suggest("zzzzzz", COMMITMENT_KEYS), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("EU Centre!"), "eu-centre");
        assert_eq!(slug("__"), "my-id");
    }
}
