//! Turns a parsed YAML value into the model, collecting every problem on the way.
//!
//! Decoding never stops at the first problem: a file with an unknown key and a bad date
//! gets both reported. Each problem names the path of the node it is about; the loader
//! turns paths into line and column.

use crate::finding::{Rule, Severity};
use crate::model::is_valid_id;
use crate::yaml::locate::YPath;
use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};

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
    pub rule: Rule,
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
    "events",
    "indicators",
    "depends_on",
    "tags",
    "links",
    "assessments",
    "visibility",
    "internal",
];
const MILESTONE_KEYS: &[&str] = &[
    "id",
    "title",
    "due",
    "done",
    "evidence",
    "confidence",
    "weight",
    "note",
    "assessments",
    "visibility",
];
const EVENT_KEYS: &[&str] = &["date", "title", "evidence", "confidence", "note", "visibility"];
const INDICATOR_KEYS: &[&str] = &[
    "id",
    "title",
    "unit",
    "baseline",
    "target",
    "actuals",
    "visibility",
];
const MEASURE_KEYS: &[&str] = &["date", "value", "bound"];
const LINK_KEYS: &[&str] = &["title", "url"];
/// The keys `strategy.yaml` may have.
pub const STRATEGY_KEYS: &[&str] = &[
    "id",
    "title",
    "adopted",
    "description",
    "pillars",
    "require_evidence",
    "visibility",
    "audience",
    "scales",
];
const PILLAR_KEYS: &[&str] = &["id", "title"];

/// Collects problems while decoding one document.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Everything found so far.
    pub problems: Vec<Problem>,
    /// What is known of the strategy around the document, so that hints speak of this
    /// strategy rather than of an example.
    pub around: Around,
    /// Leave out the hints that cost work ("did you mean"), for a reader that shows
    /// none (the history walk).
    pub quiet: bool,
}

/// What a commitment's hints may use of the strategy it belongs to.
#[derive(Debug, Default, Clone)]
pub struct Around {
    /// The ids of the strategy's pillars, in order; empty when `strategy.yaml` is not
    /// known (or not valid).
    pub pillars: Vec<String>,
    /// The first folder of the file's path under the strategy folder, if any.
    pub folder: Option<String>,
}

impl Around {
    /// The pillar to suggest: the file's folder when it names a pillar, else the first
    /// pillar, else a placeholder.
    fn pillar_example(&self) -> String {
        self.folder
            .as_ref()
            .filter(|f| self.pillars.contains(f))
            .or(self.pillars.first())
            .cloned()
            .unwrap_or_else(|| "<pillar id>".into())
    }

    /// The hint for a commitment with no `pillar`.
    fn pillar_hint(&self) -> String {
        let example = self.pillar_example();
        match self.pillars.len() {
            0 => format!("add `pillar: {example}` with the id of one of the pillars listed in strategy.yaml"),
            1 => format!("add `pillar: {example}`"),
            _ => format!(
                "add `pillar: {example}`; this strategy's pillars are {}",
                self.pillars
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
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
        // Words that cannot be within the limit are left out before the distance, which
        // is costly (a file of another shape has dozens of unknown keys, each weighed
        // against every known one).
        .filter(|k| k.chars().count().abs_diff(len) <= limit && letters_apart(word, k) <= limit)
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// A lower bound of the Damerau–Levenshtein distance of two ASCII words, from the
/// letters one has and the other lacks: an insertion or a deletion changes that count by
/// one, a substitution by two, a transposition not at all. 0 (no bound) for other text.
fn letters_apart(a: &str, b: &str) -> usize {
    if !a.is_ascii() || !b.is_ascii() {
        return 0;
    }
    let mut counts = [0i32; 128];
    for c in a.bytes() {
        counts[usize::from(c)] += 1;
    }
    for c in b.bytes() {
        counts[usize::from(c)] -= 1;
    }
    let apart: u32 = counts.iter().map(|n| n.unsigned_abs()).sum();
    (apart as usize).div_ceil(2)
}

/// Whether `s` has the shape `YYYY-MM-DD` (ten ASCII characters, digits and two dashes),
/// whether or not it is a real day.
pub fn date_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Parses a `YYYY-MM-DD` date, explaining what is wrong with a bad one.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    if !date_shaped(s) {
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
    /// Whether `id` was seen already in this list (then reported at `item`'s `id`, with
    /// `message` naming it); records it otherwise.
    pub fn repeated(
        &mut self,
        seen: &mut std::collections::HashSet<String>,
        id: Option<&String>,
        item: &YPath,
        rule: Rule,
        message: impl FnOnce(&str) -> String,
        hint: Option<&str>,
    ) -> bool {
        let Some(id) = id else { return false };
        if seen.insert(id.clone()) {
            return false;
        }
        self.report(
            &item.key("id"),
            At::Value,
            rule,
            message(id),
            hint.map(str::to_owned),
        );
        true
    }

    pub fn report(
        &mut self,
        path: &YPath,
        at: At,
        rule: Rule,
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
                Rule::WrongType,
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
                    let hint = match suggest_unless(self.quiet, k, known) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the keys of {what} are: {}", known.join(", ")),
                    };
                    self.report(
                        &path.key(k),
                        At::Key,
                        Rule::UnknownKey,
                        format!("unknown key `{}` in {what}", crate::render::escape_hidden(k)),
                        Some(hint),
                    );
                }
                other => self.report(
                    path,
                    At::Value,
                    Rule::WrongType,
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
            Rule::MissingKey,
            message,
            Some(if key == "pillar" && f.what == "a commitment" {
                self.around.pillar_hint()
            } else {
                format!("add `{key}: {example}`")
            }),
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
                    Rule::WrongType,
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
                    Rule::MissingKey,
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
                    Rule::WrongType,
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
                Rule::BadId,
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
                    self.report(path, At::Value, Rule::BadDate, msg, None);
                    None
                }
            },
            other => {
                self.report(
                    path,
                    At::Value,
                    Rule::BadDate,
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
                self.missing(f, key, "YYYY-MM-DD");
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
                    Rule::WrongType,
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
        if let Err(why) = check_url(url) {
            let shown: String = crate::render::clean(url).chars().take(80).collect();
            self.report(
                path,
                At::Value,
                Rule::NotAUrl,
                format!("`{key}` must be an http:// or https:// address, but `{shown}` {why}"),
                Some("write the address alone, as the browser shows it; spaces and `|`, `<`, `>`, `\"`, backticks must be percent-encoded (%20, %7C, %3C, %3E, %22, %60)".into()),
            );
        }
    }
}

mod documents;
pub mod extras;

/// Whether `url` is an http(s) URL that is safe to link and to print: the scheme, a
/// host, and no whitespace, control, invisible or markup characters (which RFC 3986
/// requires percent-encoded anyway). Non-ASCII letters are allowed, as browsers show them.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return Err("does not start with http:// or https://");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Err("has no host");
    }
    for c in url.chars() {
        if c.is_whitespace() {
            return Err("holds a space or a line break");
        }
        if crate::render::is_hidden(c) {
            return Err("holds a control or invisible character");
        }
        if matches!(c, '<' | '>' | '"' | '`' | '|' | '\\' | '^' | '{' | '}') {
            return Err("holds a character that must be percent-encoded");
        }
    }
    Ok(())
}

/// [`suggest`], skipped when `quiet`.
pub(super) fn suggest_unless<'a>(quiet: bool, word: &str, known: &[&'a str]) -> Option<&'a str> {
    if quiet { None } else { suggest(word, known) }
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

    /// The bound that leaves words out before their distance is never above the
    /// distance, so it changes no suggestion.
    #[test]
    fn the_bound_of_letters_apart_is_never_above_the_distance() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "cab",
            "due",
            "dew",
            "title",
            "titel",
            "tilte",
            "owner",
            "milestones",
            "metadata",
            "apiVersion",
            "depends_on",
            "dependson",
            "aaab",
            "abbb",
            "zoë",
            "status",
            "statsu",
            "kind",
            "spec",
        ];
        for a in words {
            for b in words {
                let bound = letters_apart(a, b);
                let distance = strsim::damerau_levenshtein(a, b);
                assert!(bound <= distance, "{a:?} {b:?}: {bound} > {distance}");
            }
        }
        assert_eq!(letters_apart("metadata", "title"), 4);
    }

    proptest::proptest! {
        /// The same of any two short words over a few letters (where transpositions and
        /// repeats are common).
        #[test]
        fn the_bound_holds_for_any_two_words(a in "[a-d_]{0,9}", b in "[a-d_]{0,9}") {
            proptest::prop_assert!(letters_apart(&a, &b) <= strsim::damerau_levenshtein(&a, &b));
        }
    }

    #[test]
    fn urls_are_checked_strictly() {
        assert!(check_url("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52022PC0209").is_ok());
        assert!(check_url("https://parltrack.org/dossier/2023/0452(COD)").is_ok());
        assert!(check_url("HTTPS://ja.wikipedia.org/wiki/日本").is_ok());
        for bad in [
            "ftp://example.org",
            "https://",
            "https://x.org/a b",
            "https://x.org/\n# Injected",
            "https://x.org/|fake|row|",
            "https://x.org/<script>",
            "https://x.org/\u{1b}]8;;evil",
            "https://x.org/\u{202e}gnp",
            "javascript:alert(1)",
        ] {
            assert!(check_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("EU Centre!"), "eu-centre");
        assert_eq!(slug("__"), "my-id");
    }
}
