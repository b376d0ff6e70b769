//! A quick reading of the plainest YAML: block mappings and sequences of one-line
//! scalars (plain, `'single'` or `"double"` without escapes) and comments, and nothing
//! else, as generated files and short hand-written ones are.
//!
//! [`read`] gives the same [`Value`] serde_yaml would, or `None` whenever the text holds
//! anything it does not handle (flow collections, block scalars, anchors, tags, tabs,
//! a key written twice, a scalar that could be a number or a date of another form…),
//! and the caller then asks serde_yaml. It never decides that a text is invalid: every
//! error, and every place of one, still comes from serde_yaml and libyaml. On a generated
//! commitment file it takes about 6 µs where serde_yaml takes 24 µs; parsing was half of
//! a cold history walk. A file with a folded or literal block (`>-`, `|`), as the
//! shipped strategy's descriptions are, is left to serde_yaml whole. The property tests
//! in `src/props.rs` check that whatever it reads, serde_yaml reads the same, in the same
//! order.

use serde_yaml::{Mapping, Number, Value};

/// How deep the quick reading goes before it leaves the text to serde_yaml.
const MAX_DEPTH: usize = 24;
/// The longest key it reads (libyaml refuses a simple key longer than 1024 bytes).
const MAX_KEY: usize = 128;

/// The value of `text` as serde_yaml would read it, when the text is plain enough;
/// `None` leaves it to serde_yaml. Only a mapping at the top is read.
pub fn read(text: &str) -> Option<Value> {
    if !plain_characters(text) {
        return None;
    }
    let mut lines = Vec::with_capacity(32);
    for line in text.split('\n') {
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if indent == 0 && (body.starts_with("---") || body.starts_with("...") || body.starts_with('%')) {
            return None;
        }
        lines.push((indent, body.trim_end_matches(' ')));
    }
    let first = lines.first()?.0;
    let mut reader = Reader {
        lines,
        at: 0,
        depth: 0,
    };
    let value = reader.mapping(first)?;
    (reader.at == reader.lines.len()).then_some(value)
}

/// No tab, carriage return, control character, or character that libyaml treats as a
/// line break or refuses.
fn plain_characters(text: &str) -> bool {
    text.chars().all(|c| match c {
        '\n' => true,
        ' '..='~' => true,
        '\u{0}'..='\u{9f}' => false,
        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    })
}

struct Reader<'a> {
    /// Each line that is not blank or a comment: its indent and its text after it.
    lines: Vec<(usize, &'a str)>,
    at: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// The node whose first line is the next one, at `indent`.
    fn node(&mut self, indent: usize) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let (_, body) = *self.lines.get(self.at)?;
        let value = if is_dash(body) {
            self.sequence(indent)
        } else {
            self.mapping(indent)
        };
        self.depth -= 1;
        value
    }

    /// The value after `key:` or `-` with nothing after it on its line: the node on the
    /// lines below, or null. A sequence may start at the key's own indent.
    fn below(&mut self, indent: usize, key: bool) -> Option<Value> {
        match self.lines.get(self.at) {
            Some(&(deeper, _)) if deeper > indent => self.node(deeper),
            Some(&(same, body)) if key && same == indent && is_dash(body) => {
                self.depth += 1;
                let value = self.sequence(indent);
                self.depth -= 1;
                value
            }
            _ => Some(Value::Null),
        }
    }

    fn mapping(&mut self, indent: usize) -> Option<Value> {
        let mut map = Mapping::new();
        while let Some(&(at, body)) = self.lines.get(self.at) {
            if at < indent {
                break;
            }
            if at > indent {
                return None;
            }
            let (key, rest) = split_key(body)?;
            self.at += 1;
            let value = match rest {
                None => self.below(indent, true)?,
                Some(rest) => scalar(rest)?,
            };
            if map.insert(key, value).is_some() {
                return None;
            }
        }
        Some(Value::Mapping(map))
    }

    fn sequence(&mut self, indent: usize) -> Option<Value> {
        let mut items = Vec::new();
        while let Some(&(at, body)) = self.lines.get(self.at) {
            if at < indent || (at == indent && !is_dash(body)) {
                break;
            }
            if at > indent {
                return None;
            }
            let after = &body[1..];
            let rest = after.trim_start_matches(' ');
            if rest.is_empty() || rest.starts_with('#') {
                self.at += 1;
                items.push(self.below(indent, false)?);
            } else if is_dash(rest) {
                return None;
            } else if split_key(rest).is_some() {
                // `- key: value`: a mapping whose keys line up with this first one.
                let column = indent + 1 + (after.len() - rest.len());
                self.lines[self.at] = (column, rest);
                items.push(self.node(column)?);
            } else {
                self.at += 1;
                items.push(scalar(rest)?);
            }
        }
        Some(Value::Sequence(items))
    }
}

fn is_dash(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// `key:` and what follows it on the line (`None` when nothing does, or only a
/// comment), for a key of letters, digits, `_` and `-` that starts with a letter or `_`.
fn split_key(body: &str) -> Option<(Value, Option<&str>)> {
    let end = body
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let key = &body[..end];
    let first = *key.as_bytes().first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') || key.len() > MAX_KEY {
        return None;
    }
    let rest = body[end..].strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let rest = rest.trim_start_matches(' ');
    let rest = (!rest.is_empty() && !rest.starts_with('#')).then_some(rest);
    Some((plain(key)?, rest))
}

/// A one-line scalar and what may follow it on its line (spaces, then a comment).
fn scalar(text: &str) -> Option<Value> {
    let (value, after) = match text.as_bytes()[0] {
        b'\'' => {
            let mut out = String::new();
            let mut rest = &text[1..];
            loop {
                let quote = rest.find('\'')?;
                out.push_str(&rest[..quote]);
                rest = &rest[quote + 1..];
                match rest.strip_prefix('\'') {
                    Some(more) => {
                        out.push('\'');
                        rest = more;
                    }
                    None => break,
                }
            }
            (Value::String(out), rest)
        }
        b'"' => {
            let close = text[1..].find(['"', '\\'])? + 1;
            if text.as_bytes()[close] != b'"' {
                return None;
            }
            (Value::String(text[1..close].to_owned()), &text[close + 1..])
        }
        _ => {
            let text = match text.find(" #") {
                Some(comment) => text[..comment].trim_end_matches(' '),
                None => text,
            };
            if text.contains(": ") || text.ends_with(':') {
                return None;
            }
            return plain(text);
        }
    };
    let tail = after.trim_start_matches(' ');
    let trailing = after.is_empty() || (after.starts_with(' ') && (tail.is_empty() || tail.starts_with('#')));
    trailing.then_some(value)
}

/// A plain scalar's value under serde_yaml's rules, for the forms whose value is
/// certain: words (null and booleans as serde_yaml spells them, else a string), dates
/// `YYYY-MM-DD` (strings to serde_yaml) and small whole numbers. Anything else that
/// starts with a digit or a sign, or another indicator, is left to serde_yaml.
fn plain(text: &str) -> Option<Value> {
    let first = text.chars().next()?;
    if first.is_ascii_alphabetic() || first == '_' || (!first.is_ascii() && first != '\u{a0}') {
        return Some(match text {
            "null" | "Null" | "NULL" => Value::Null,
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        });
    }
    if !first.is_ascii_digit() {
        return None;
    }
    if crate::decode::date_shaped(text) {
        return Some(Value::String(text.to_owned()));
    }
    let b = text.as_bytes();
    let whole = b.len() <= 18 && b.iter().all(u8::is_ascii_digit) && (b[0] != b'0' || b.len() == 1);
    if whole {
        return text.parse::<u64>().ok().map(|n| Value::Number(Number::from(n)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde(text: &str) -> Value {
        serde_yaml::from_str(text).expect("serde_yaml reads it")
    }

    fn same(text: &str) {
        let quick = read(text).unwrap_or_else(|| panic!("read quickly: {text:?}"));
        assert_eq!(format!("{quick:?}"), format!("{:?}", serde(text)), "{text:?}");
    }

    #[test]
    fn reads_what_tracker_writes_as_serde_yaml_does() {
        same(
            "# a comment\nid: c1\ntitle: Commitment 1 # said twice\npillar: prevention\nowner: 'Unit 7, DG HOME'\n\
             due: 2027-12-31\nweight: 3\nok: true\nnone:\nmilestones:\n  - id: m1\n    title: \"First: step\"\n\
             \n    due: 2020-12-30\n  - id: m2\n    evidence:\n      - https://example.org/a#b\n      - x\n\
             tags:\n- a\n- 'it''s'\nlast: Évaluation\n",
        );
        same("a:\n  b:\n    c: d\n  e: f\ng: h\n");
        same("list:\n  -\n    a: b\n  - # nothing\n  - c\n");
        same("  indented: whole\n  file: too\n");
    }

    #[test]
    fn leaves_everything_else_to_serde_yaml() {
        for text in [
            "a: [1, 2]\n",
            "a: {b: c}\n",
            "a: >-\n  folded\n",
            "a: |\n  literal\n",
            "a: &x b\nc: *x\n",
            "a: !!str 1\n",
            "a: b\na: c\n",
            "a:\tb\n",
            "a: b\r\n",
            "a: 1.5\n",
            "a: 0123\n",
            "a: 2026-6-30\n",
            "a: -1\n",
            "a: ~\n",
            "a: \"b\\n\"\n",
            "a: 'unclosed\n",
            "a: 'b' c\n",
            "a: b: c\n",
            "a: b\n  continued\n",
            "---\na: b\n",
            "a: b\n...\n",
            "- a\n- b\n",
            "plain\n",
            "a:\n  - - b\n",
            "a:\n    b: c\n  d: e\n",
            "? a\n: b\n",
            "2024: year\n",
            "a b: c\n",
            "a : b\n",
            "",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }
}
