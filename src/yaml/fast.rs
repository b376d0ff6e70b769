//! A quick reading of the plainest YAML: block mappings and sequences of one-line
//! scalars (plain, `'single'` or `"double"` without escapes), literal and folded block
//! scalars (`|`, `|-`, `>`, `>-`), and comments, and nothing else: how commitment files
//! are written, by hand or by `tracker`.
//!
//! [`read`] gives the same [`Value`] serde_yaml would, or `None` whenever the text holds
//! anything it does not handle (flow collections, anchors, tags, tabs, a key written
//! twice, a block scalar with `+` or an indentation indicator, a scalar that could be a
//! number of another form…), and the caller then asks serde_yaml. It never decides that
//! a text is invalid: every error, and every place of one, still comes from serde_yaml
//! and libyaml. A generated commitment file takes about 6 µs where serde_yaml takes
//! 24 µs, a file of the shipped strategy 55 µs where it takes 235 µs; parsing was half of
//! a cold history walk. The property tests in `src/props.rs` check that whatever it
//! reads, serde_yaml reads the same, in the same order.

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
    let raw: Vec<&str> = text.split('\n').collect();
    let mut lines = Vec::with_capacity(raw.len());
    for (number, line) in raw.iter().enumerate() {
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if indent == 0 && (body.starts_with("---") || body.starts_with("...") || body.starts_with('%')) {
            return None;
        }
        lines.push(Line {
            indent,
            body: body.trim_end_matches(' '),
            number,
        });
    }
    let first = lines.first()?.indent;
    let mut reader = Reader {
        raw,
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

/// A line that is not blank or a comment.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    /// The text after the indent, without trailing spaces.
    body: &'a str,
    /// Its place among all the lines of the text, from 0.
    number: usize,
}

struct Reader<'a> {
    /// Every line of the text (the last one empty when the text ends with a line break).
    raw: Vec<&'a str>,
    /// The lines that are not blank or comments.
    lines: Vec<Line<'a>>,
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
        let body = self.lines.get(self.at)?.body;
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
        match self.lines.get(self.at).copied() {
            Some(l) if l.indent > indent => self.node(l.indent),
            Some(l) if key && l.indent == indent && is_dash(l.body) => {
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
        while let Some(line) = self.lines.get(self.at).copied() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let (key, rest) = split_key(line.body)?;
            self.at += 1;
            let value = match rest {
                None => self.below(indent, true)?,
                Some(rest) if rest.starts_with(['|', '>']) => self.block(rest, indent, line.number)?,
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
        while let Some(line) = self.lines.get(self.at).copied() {
            let (at, body) = (line.indent, line.body);
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
                self.lines[self.at] = Line {
                    indent: column,
                    body: rest,
                    number: line.number,
                };
                items.push(self.node(column)?);
            } else if rest.starts_with(['|', '>']) {
                self.at += 1;
                items.push(self.block(rest, indent, line.number)?);
            } else {
                self.at += 1;
                items.push(scalar(rest)?);
            }
        }
        Some(Value::Sequence(items))
    }
}

impl Reader<'_> {
    /// A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header is on line
    /// `number`, inside a node at `parent`; `None` for any other form (keep `+`, an
    /// indentation indicator, leading blank lines, a blank line of spaces beyond the
    /// indent, or a more-indented line in a folded block), which serde_yaml reads.
    fn block(&mut self, header: &str, parent: usize, number: usize) -> Option<Value> {
        let literal = header.starts_with('|');
        let rest = &header[1..];
        let (strip, rest) = match rest.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let tail = rest.trim_start_matches(' ');
        if !(tail.is_empty() || (rest.starts_with(' ') && tail.starts_with('#'))) {
            return None;
        }
        // The lines that end with a line break, and a last one without.
        let count = if self.raw.last() == Some(&"") {
            self.raw.len() - 1
        } else {
            self.raw.len()
        };
        let first = *self.raw.get(number + 1).filter(|_| number + 1 < count)?;
        let indent = first.len() - first.trim_start_matches(' ').len();
        if indent <= parent || indent == first.len() {
            return None;
        }
        let mut out = String::new();
        let mut empty = 0;
        let mut at = number + 1;
        let mut broken = false;
        while at < count {
            let line = self.raw[at];
            let body = line.trim_start_matches(' ');
            let lead = line.len() - body.len();
            if body.is_empty() {
                if lead > indent {
                    return None;
                }
                empty += 1;
                at += 1;
                continue;
            }
            if lead < indent {
                break;
            }
            let content = &line[indent..];
            if !literal && content.starts_with(' ') {
                return None;
            }
            if !out.is_empty() {
                if literal {
                    out.push('\n');
                    out.extend(std::iter::repeat_n('\n', empty));
                } else if empty == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', empty));
                }
            }
            out.push_str(content);
            broken = at + 1 < self.raw.len();
            empty = 0;
            at += 1;
        }
        if !strip && broken {
            out.push('\n');
        }
        while self.lines.get(self.at).is_some_and(|l| l.number < at) {
            self.at += 1;
        }
        Some(Value::String(out))
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
    let (value, after) = match *text.as_bytes().first()? {
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
    // `66.7`: serde_yaml reads it with Rust's own parse, as here.
    if let Some((int, frac)) = text.split_once('.')
        && text.len() <= 20
        && [int, frac]
            .iter()
            .all(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()))
    {
        return text.parse::<f64>().ok().map(|n| Value::Number(Number::from(n)));
    }
    // Text that starts with a digit but has a character no number has (`17th`,
    // `469 for`): neither an integer in any base nor a float, so text.
    let numeric = |c: u8| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-' | b'_');
    let prefixed = ["0x", "0o", "0b"].iter().any(|p| text.starts_with(p));
    (!prefixed && !b.iter().all(|c| numeric(*c))).then(|| Value::String(text.to_owned()))
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
        same(
            "description: >-\n  A network of practitioners\n  and researchers.\n\n  # not a comment\n  Second: part.\n\n\n\
             note: |\n    line one\n      indented more\n\n    line three\nlast: >\n  folded\n  once\n\n\n",
        );
        same(
            "items:\n  - |-\n    literal item\n  - id: m1\n    note: > # a comment\n      folded note\n    due: 2026-01-01\n",
        );
        same("end: |\n  no line break at the end");
        same("end: >-\n  strip\n  at the end\n");
        same(
            "a: 17th taskforce\nb: 469 for, 112 against\nc: 599-2-62; more\nd: 66.7\ne: 0.5\nf: 00.5\ng: 2nd\n",
        );
    }

    #[test]
    fn leaves_everything_else_to_serde_yaml() {
        for text in [
            "a: [1, 2]\n",
            "a: {b: c}\n",
            "a: |+\n  kept\n\n",
            "a: |2\n   indicated\n",
            "a: >\n  folded\n    more indented\n",
            "a: |\n\n  leading blank line\n",
            "a: |\n  x\n      \n  y\n",
            "a: &x b\nc: *x\n",
            "a: !!str 1\n",
            "a: b\na: c\n",
            "a:\tb\n",
            "a: b\r\n",
            "a: 1.5e3\n",
            "a: .5\n",
            "a: 0x1F\n",
            "a: 0o17 x\n",
            "a: 12_000\n",
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
