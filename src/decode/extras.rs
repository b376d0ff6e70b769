//! Decoding the keys of the second layer: evidence lists and confidence, assessments,
//! scales, visibility and bounds.

use super::{At, Decoder, Fields, kind, suggest_unless};
use crate::finding::Rule;
use crate::model::{Assessment, Bound, Confidence, Scale, Visibility, Word};
use serde_yaml::Value;
use std::collections::HashSet;

/// The keys of an assessment.
pub const ASSESSMENT_KEYS: &[&str] = &["date", "by", "scale", "verdict", "note", "evidence"];
/// The keys of a scale.
pub const SCALE_KEYS: &[&str] = &["id", "title", "words", "map"];
/// The keys of a scale's word.
pub const WORD_KEYS: &[&str] = &["id", "title", "colour", "definition", "done"];
/// The fields of a commitment that `internal:` may name.
pub const INTERNAL_FIELDS: &[&str] = &["owner", "description", "links", "tags", "depends_on"];
/// The derived states a scale's `map` may name.
pub const STATES: &[&str] = &["overdue", "on-track", "not-started", "done", "dropped"];

impl Decoder {
    /// `evidence`: one URL, or a list of them; each must be a web address.
    pub(super) fn evidence(&mut self, f: &Fields) -> Vec<String> {
        let path = f.path.key("evidence");
        match f.get("evidence") {
            None => Vec::new(),
            Some(Value::Sequence(_)) => self
                .list(f, "evidence")
                .into_iter()
                .filter_map(|(p, v)| {
                    let s = self.text_value(&p, "evidence", v)?;
                    self.url(&p, "evidence", &s);
                    Some(s)
                })
                .collect(),
            Some(v) => match self.text_value(&path, "evidence", v) {
                Some(s) => {
                    self.url(&path, "evidence", &s);
                    vec![s]
                }
                None => Vec::new(),
            },
        }
    }

    /// A word of a small fixed vocabulary, such as `confidence: high`.
    fn word_of<T>(
        &mut self,
        f: &Fields,
        key: &str,
        words: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let path = f.path.key(key);
        let v = f.get(key)?;
        let Value::String(s) = v else {
            self.report(
                &path,
                At::Value,
                Rule::WrongType,
                format!("`{key}` must be one of {}, found {}", words.join(", "), kind(v)),
                None,
            );
            return None;
        };
        let parsed = parse(s);
        if parsed.is_none() {
            let hint = match suggest_unless(self.quiet, s, words) {
                Some(w) => format!("did you mean `{w}`?"),
                None => format!("use one of: {}", words.join(", ")),
            };
            self.report(
                &path,
                At::Value,
                Rule::BadValue,
                format!("unknown {key} `{s}`"),
                Some(hint),
            );
        }
        parsed
    }

    /// `confidence: high | medium | low`.
    pub(super) fn confidence(&mut self, f: &Fields) -> Option<Confidence> {
        self.word_of(f, "confidence", &["high", "medium", "low"], Confidence::parse)
    }

    /// `visibility: public | internal` (or the key `key`, such as `audience`).
    pub(super) fn visibility(&mut self, f: &Fields, key: &str) -> Option<Visibility> {
        self.word_of(f, key, &["public", "internal"], Visibility::parse)
    }

    /// A measure's `bound: lower | upper`.
    pub(super) fn bound(&mut self, f: &Fields) -> Option<Bound> {
        self.word_of(f, "bound", &["lower", "upper"], |s| match s {
            "lower" => Some(Bound::Lower),
            "upper" => Some(Bound::Upper),
            _ => None,
        })
    }

    /// A `true`/`false` key.
    pub(super) fn flag(&mut self, f: &Fields, key: &str) -> bool {
        match f.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.report(
                    &f.path.key(key),
                    At::Value,
                    Rule::WrongType,
                    format!("`{key}` must be true or false, found {}", kind(other)),
                    None,
                );
                false
            }
        }
    }

    /// A commitment's `internal:` list of field names.
    pub(super) fn internal_fields(&mut self, f: &Fields) -> Vec<String> {
        self.list(f, "internal")
            .into_iter()
            .filter_map(|(p, v)| {
                let s = self.text_value(&p, "internal", v)?;
                if INTERNAL_FIELDS.contains(&s.as_str()) {
                    return Some(s);
                }
                let hint = match suggest_unless(self.quiet, &s, INTERNAL_FIELDS) {
                    Some(w) => format!("did you mean `{w}`?"),
                    None => format!(
                        "these fields can be internal: {}; to hide a whole milestone, event or indicator, give it `visibility: internal`",
                        INTERNAL_FIELDS.join(", ")
                    ),
                };
                self.report(&p, At::Value, Rule::BadValue, format!("`{s}` cannot be marked internal"), Some(hint));
                None
            })
            .collect()
    }

    /// An `assessments:` list.
    pub(super) fn assessments(&mut self, f: &Fields) -> Vec<Assessment> {
        let mut out = Vec::new();
        for (p, v) in self.list(f, "assessments") {
            let Some(af) = self.fields(v, &p, "an assessment", ASSESSMENT_KEYS) else {
                continue;
            };
            let date = self.req_date(&af, "date");
            let by = self.req_text(&af, "by", "<the assessing body>");
            let scale = self.opt_text(&af, "scale");
            let verdict = self.req_text(&af, "verdict", "<a word of a scale in strategy.yaml>");
            let note = self.opt_text(&af, "note");
            let evidence = self.evidence(&af);
            if let (Some(date), Some(by), Some(verdict)) = (date, by, verdict) {
                out.push(Assessment {
                    date,
                    by,
                    scale,
                    verdict,
                    note,
                    evidence,
                });
            }
        }
        out
    }

    /// `strategy.yaml`'s `scales:`.
    pub(super) fn scales(&mut self, f: &Fields) -> Vec<Scale> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (p, v) in self.list(f, "scales") {
            let Some(sf) = self.fields(v, &p, "a scale", SCALE_KEYS) else {
                continue;
            };
            let id = self.req_id(&sf, "id", "ogp");
            let title = self.req_text(&sf, "title", "<the scale's name>");
            let words = self.words(&sf);
            if words.is_empty() {
                self.report(
                    &p.key("words"),
                    At::Key,
                    Rule::MissingKey,
                    "a scale needs at least one word",
                    Some("add `words:` with `- {id: complete, title: Complete, colour: \"#2e7d32\", definition: \"...\"}`, least done first".into()),
                );
            }
            let map = self.scale_map(&sf, &words);
            if self.repeated(
                &mut seen,
                id.as_ref(),
                &p,
                Rule::DuplicateId,
                |id| format!("scale id `{id}` is used twice"),
                None,
            ) {
                continue;
            }
            if let (Some(id), Some(title)) = (id, title)
                && !words.is_empty()
            {
                out.push(Scale {
                    id,
                    title,
                    words,
                    map,
                });
            }
        }
        out
    }

    fn words(&mut self, f: &Fields) -> Vec<Word> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (p, v) in self.list(f, "words") {
            let Some(wf) = self.fields(v, &p, "a word of a scale", WORD_KEYS) else {
                continue;
            };
            let id = self.req_id(&wf, "id", "complete");
            let title = self.req_text(&wf, "title", "<the word as reports show it>");
            let colour = self.req_text(&wf, "colour", "\"#2e7d32\"");
            if let Some(c) = &colour
                && !is_colour(c)
            {
                self.report(
                    &p.key("colour"),
                    At::Value,
                    Rule::BadValue,
                    format!(
                        "`colour` must be written #rrggbb, found `{}`",
                        crate::render::clean(c)
                    ),
                    Some("quote it, as `colour: \"#2e7d32\"` (an unquoted # starts a comment)".into()),
                );
            }
            let definition = self.req_text(&wf, "definition", "<what the word means, for the legend>");
            let done = self.flag(&wf, "done");
            if self.repeated(
                &mut seen,
                id.as_ref(),
                &p,
                Rule::DuplicateId,
                |id| format!("word `{id}` is used twice in this scale"),
                None,
            ) {
                continue;
            }
            if let (Some(id), Some(title), Some(colour), Some(definition)) = (id, title, colour, definition)
                && is_colour(&colour)
            {
                out.push(Word {
                    id,
                    title,
                    colour,
                    definition,
                    done,
                });
            }
        }
        out
    }

    /// A scale's `map:` from derived states to its words.
    fn scale_map(&mut self, f: &Fields, words: &[Word]) -> Vec<(String, String)> {
        let Some(v) = f.get("map") else { return Vec::new() };
        let path = f.path.key("map");
        let Value::Mapping(m) = v else {
            self.report(
                &path,
                At::Value,
                Rule::WrongType,
                format!("`map` must map states to words, found {}", kind(v)),
                Some("write one `state: word` per line, such as `on-track: substantial`".into()),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, w) in m {
            let (Value::String(state), Value::String(word)) = (k, w) else {
                self.report(
                    &path,
                    At::Value,
                    Rule::WrongType,
                    "`map` must map state names to word ids",
                    None,
                );
                continue;
            };
            let here = path.key(state);
            if !STATES.contains(&state.as_str()) {
                self.report(
                    &here,
                    At::Key,
                    Rule::BadValue,
                    format!("unknown state `{state}` in `map`"),
                    Some(format!("the states are: {}", STATES.join(", "))),
                );
                continue;
            }
            if !words.iter().any(|x| x.id == *word) {
                let ids: Vec<&str> = words.iter().map(|x| x.id.as_str()).collect();
                self.report(
                    &here,
                    At::Value,
                    Rule::UnknownVerdict,
                    format!("`{word}` is not a word of this scale"),
                    Some(format!("its words are: {}", ids.join(", "))),
                );
                continue;
            }
            out.push((state.clone(), word.clone()));
        }
        out
    }
}

/// Whether `s` is written `#rrggbb`.
fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn colours() {
        assert!(super::is_colour("#2e7d32"));
        assert!(!super::is_colour("2e7d32"));
        assert!(!super::is_colour("#2e7d3"));
        assert!(!super::is_colour("#2e7d3g"));
    }
}
