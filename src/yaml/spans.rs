//! Exact places in a YAML text: a node tree with byte spans built from saphyr-parser's
//! events, and the three text operations an edit needs (replace a scalar, insert an
//! entry, remove an entry), each returning one splice so the rest of the text is kept
//! byte for byte.

use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashSet;

/// One node of the document, with where it is in the text.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node is.
    pub kind: Kind,
    /// Byte offset where the node's text starts (after any anchor or tag).
    pub start: usize,
    /// Byte offset just after the node's text (for collections: after the last child,
    /// or after the closing bracket of a flow collection).
    pub end: usize,
    /// Column of the start, in characters from 0.
    pub col: usize,
    /// The anchor id (`&name`), 0 when there is none.
    pub anchor: usize,
}

/// The kinds of node.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A scalar: its value and how it is written.
    Scalar {
        /// The value as parsed (`~` for an empty value).
        value: String,
        /// Plain, quoted or block.
        style: ScalarStyle,
    },
    /// A mapping: its entries in order, and whether it is written `{...}`.
    Map {
        /// Key and value nodes.
        entries: Vec<(Node, Node)>,
        /// Written on one line in braces.
        flow: bool,
    },
    /// A sequence: its items, and whether it is written `[...]`.
    Seq {
        /// The items.
        items: Vec<Node>,
        /// Written in brackets.
        flow: bool,
    },
    /// An alias (`*name`) to an anchored node.
    Alias,
}

impl Node {
    /// The entry with this key in a mapping: its index, key node and value node.
    pub fn entry(&self, key: &str) -> Option<(usize, &Node, &Node)> {
        let Kind::Map { entries, .. } = &self.kind else {
            return None;
        };
        entries
            .iter()
            .enumerate()
            .find(|(_, (k, _))| matches!(&k.kind, Kind::Scalar { value, .. } if value == key))
            .map(|(i, (k, v))| (i, k, v))
    }

    /// The scalar value, if this node is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether this is an empty scalar (a key with nothing after its colon).
    pub fn is_empty_scalar(&self) -> bool {
        matches!(self.kind, Kind::Scalar { .. }) && self.start == self.end
    }

    /// Whether this is a mapping written in braces.
    pub fn is_flow_map(&self) -> bool {
        matches!(self.kind, Kind::Map { flow: true, .. })
    }
}

/// A parsed document: its root node and the anchors that aliases refer to.
#[derive(Debug)]
pub struct Doc {
    /// The root node.
    pub root: Node,
    /// Anchor ids used by at least one alias.
    pub aliased: HashSet<usize>,
}

/// Maps saphyr's character indexes to byte offsets.
struct Offsets {
    table: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let table = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect()
        });
        Offsets {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, ch: usize) -> usize {
        match &self.table {
            None => ch.min(self.len),
            Some(t) => t.get(ch).copied().unwrap_or(self.len),
        }
    }
}

/// A collection being built.
struct Open {
    node: Node,
    items: Vec<Node>,
}

impl Doc {
    /// Parses the first document of `text` into a tree, or says why it cannot.
    pub fn parse(text: &str) -> Result<Doc, String> {
        let offsets = Offsets::new(text);
        let mut stack: Vec<Open> = Vec::new();
        let mut root: Option<Node> = None;
        let mut aliased = HashSet::new();
        for item in Parser::new_from_str(text) {
            let (event, span) = item.map_err(|e| e.to_string())?;
            let start = offsets.byte(span.start.index());
            let end = offsets.byte(span.end.index());
            let col = span.start.col();
            let done = match event {
                Event::Scalar(value, style, anchor, _) => Some(Node {
                    kind: Kind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                    start,
                    end,
                    col,
                    anchor,
                }),
                Event::Alias(id) => {
                    aliased.insert(id);
                    Some(Node {
                        kind: Kind::Alias,
                        start,
                        end,
                        col,
                        anchor: 0,
                    })
                }
                Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    let flow = text[start..].starts_with(if is_map { '{' } else { '[' });
                    let kind = if is_map {
                        Kind::Map {
                            entries: Vec::new(),
                            flow,
                        }
                    } else {
                        Kind::Seq {
                            items: Vec::new(),
                            flow,
                        }
                    };
                    stack.push(Open {
                        node: Node {
                            kind,
                            start,
                            end: start,
                            col,
                            anchor,
                        },
                        items: Vec::new(),
                    });
                    None
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let Some(open) = stack.pop() else {
                        return Err("unbalanced collection".into());
                    };
                    Some(close(open, end))
                }
                Event::DocumentEnd if root.is_some() => break,
                _ => None,
            };
            if let Some(node) = done {
                match stack.last_mut() {
                    Some(parent) => {
                        parent.node.end = parent.node.end.max(node.end);
                        parent.items.push(node);
                    }
                    None => {
                        root = Some(node);
                    }
                }
            }
        }
        let root = root.ok_or_else(|| String::from("the file holds no document"))?;
        Ok(Doc { root, aliased })
    }

    /// Whether this node is an alias, or carries an anchor that an alias refers to:
    /// editing it would change more than one place.
    pub fn shared(&self, node: &Node) -> bool {
        matches!(node.kind, Kind::Alias) || (node.anchor != 0 && self.aliased.contains(&node.anchor))
    }
}

/// Finishes a collection once its end event is seen.
fn close(open: Open, end_event: usize) -> Node {
    let Open { mut node, items } = open;
    match &mut node.kind {
        Kind::Map { entries, flow } => {
            if *flow {
                node.end = node.end.max(end_event);
            }
            let mut it = items.into_iter();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                entries.push((k, v));
            }
        }
        Kind::Seq { items: slot, flow } => {
            if *flow {
                node.end = node.end.max(end_event);
            }
            *slot = items;
        }
        _ => {}
    }
    node
}

/// One replacement of a byte range of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// First byte replaced.
    pub start: usize,
    /// Byte after the last one replaced.
    pub end: usize,
    /// The new text for that range.
    pub text: String,
}

impl Splice {
    /// The text with the splice applied.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.text.len());
        out.push_str(&text[..self.start]);
        out.push_str(&self.text);
        out.push_str(&text[self.end..]);
        out
    }
}

/// Writes a scalar in the given style, falling back to double quotes when plain text
/// would be read as something else. `flow` is true inside `{...}` or `[...]`.
pub fn render(value: &str, style: ScalarStyle, flow: bool) -> String {
    match style {
        ScalarStyle::SingleQuoted if !value.chars().any(char::is_control) => {
            format!("'{}'", value.replace('\'', "''"))
        }
        ScalarStyle::Plain if plain_safe(value, flow) => value.to_owned(),
        _ => double_quoted(value),
    }
}

/// Writes a value in a block mapping: plain when that reads back the same, else quoted.
pub fn plain(value: &str) -> String {
    render(value, ScalarStyle::Plain, false)
}

/// [`plain`], in a flow mapping (`{...}`) when `flow`, where more characters need quotes.
pub fn plain_in(value: &str, flow: bool) -> String {
    render(value, ScalarStyle::Plain, flow)
}

/// `value` in double quotes, with YAML escapes.
pub fn double_quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `value` reads back as the same text when written without quotes.
pub fn plain_safe(value: &str, flow: bool) -> bool {
    const RESERVED: &[&str] = &[
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
        "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ];
    let Some(first) = value.chars().next() else {
        return false;
    };
    let looks_numeric = value.parse::<f64>().is_ok()
        || value.starts_with("0x")
        || value.starts_with("0o")
        || value.starts_with('.')
        || value.starts_with('+');
    !(value.trim() != value
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || value.contains(": ")
        || value.contains(" #")
        || value.ends_with(':')
        || value.chars().any(char::is_control)
        || (flow && value.contains([',', '[', ']', '{', '}']))
        || RESERVED.contains(&value)
        || looks_numeric)
}

/// The line ending used in the text: `\r\n` if its first line ends so, else `\n`.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Replaces a scalar value, keeping its quoting style; an empty value (`key:`) gets the
/// value after its colon. `flow` is whether the scalar sits in a flow collection.
pub fn replace_scalar(text: &str, node: &Node, value: &str, flow: bool) -> Result<Splice, String> {
    let Kind::Scalar { style, .. } = &node.kind else {
        return Err("the value is a list or a mapping, not a single value".into());
    };
    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
        return Err("the value is written as a block of text (`|` or `>`)".into());
    }
    if node.is_empty_scalar() {
        // An empty value's position is the colon of its key (or just after it).
        let colon = if text[node.start..].starts_with(':') {
            node.start + 1
        } else if text[..node.start].trim_end_matches([' ', '\t']).ends_with(':') {
            node.start
        } else {
            return Err("cannot find where the empty value goes".into());
        };
        return Ok(Splice {
            start: colon,
            end: colon,
            text: format!(" {}", render(value, ScalarStyle::Plain, flow)),
        });
    }
    Ok(Splice {
        start: node.start,
        end: node.end,
        text: render(value, *style, flow),
    })
}

/// Byte offset of the start of the line holding `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Inserts `key: value` into a mapping just after the entry `(after_key, after_value)`:
/// on a line of its own at that key's indentation in a block mapping, or as `, key: value`
/// in a flow mapping.
pub fn insert_entry(
    text: &str,
    map: &Node,
    after: (&Node, &Node),
    key: &str,
    value: &str,
) -> Result<Splice, String> {
    let rendered = render(value, ScalarStyle::Plain, map.is_flow_map());
    insert_rendered(text, map, after, key, &rendered)
}

/// [`insert_entry`] of a value already written as YAML (a flow list, say).
pub fn insert_rendered(
    text: &str,
    map: &Node,
    after: (&Node, &Node),
    key: &str,
    rendered: &str,
) -> Result<Splice, String> {
    let (after_key, after_value) = after;
    let flow = map.is_flow_map();
    let end = after_key.end.max(after_value.end);
    if flow {
        // A flow collection's span may run over the blanks after it: insert at its end.
        let trimmed = text[after_value.start.min(end)..end].trim_end().len();
        let end = after_value.start.min(end) + trimmed;
        return Ok(Splice {
            start: end,
            end,
            text: format!(", {key}: {rendered}"),
        });
    }
    let indent = " ".repeat(after_key.col);
    if end > 0 && text.as_bytes()[end - 1] == b'\n' {
        // A block scalar ends after its last line break.
        let eol = if end > 1 && text.as_bytes()[end - 2] == b'\r' {
            "\r\n"
        } else {
            "\n"
        };
        return Ok(Splice {
            start: end,
            end,
            text: format!("{indent}{key}: {rendered}{eol}"),
        });
    }
    match text[end..].find('\n') {
        Some(i) => {
            let nl = end + i;
            let eol = if nl > 0 && text.as_bytes()[nl - 1] == b'\r' {
                "\r\n"
            } else {
                "\n"
            };
            Ok(Splice {
                start: nl + 1,
                end: nl + 1,
                text: format!("{indent}{key}: {rendered}{eol}"),
            })
        }
        // The last line has no line break: keep it that way.
        None => Ok(Splice {
            start: text.len(),
            end: text.len(),
            text: format!("{}{indent}{key}: {rendered}", line_ending(text)),
        }),
    }
}

/// Removes the entry at `index` of a mapping. In a block mapping the whole line goes,
/// but a comment at its end is kept on a line of its own.
pub fn remove_entry(text: &str, map: &Node, index: usize) -> Result<Splice, String> {
    let Kind::Map { entries, flow } = &map.kind else {
        return Err("not a mapping".into());
    };
    let Some((key, value)) = entries.get(index) else {
        return Err("no such entry".into());
    };
    let end = key.end.max(value.end);
    if *flow {
        let (start, stop) = if index > 0 {
            let (pk, pv) = &entries[index - 1];
            (pk.end.max(pv.end), end)
        } else if let Some((next, _)) = entries.get(1) {
            (key.start, next.start)
        } else {
            (key.start, end)
        };
        if text[start..stop].contains('#') {
            return Err("a comment sits next to the value".into());
        }
        return Ok(Splice {
            start,
            end: stop,
            text: String::new(),
        });
    }
    let start = line_start(text, key.start);
    let prefix = &text[start..key.start];
    if !prefix.chars().all(|c| c == ' ') {
        return Err(format!(
            "the key shares its line with other text (`{}`)",
            text[start..end].trim()
        ));
    }
    if end > 0 && text.as_bytes()[end - 1] == b'\n' {
        return Ok(Splice {
            start,
            end,
            text: String::new(),
        });
    }
    let (tail_end, next) = match text[end..].find('\n') {
        Some(i) => (end + i, end + i + 1),
        None => (text.len(), text.len()),
    };
    let tail = text[end..tail_end].trim_end_matches('\r').trim();
    let eol = match (next > tail_end, text[..tail_end].ends_with('\r')) {
        (false, _) => "",
        (true, true) => "\r\n",
        (true, false) => "\n",
    };
    let kept = if tail.is_empty() {
        String::new()
    } else if tail.starts_with('#') {
        format!("{prefix}{tail}{eol}")
    } else {
        return Err(format!("unexpected text after the value: `{tail}`"));
    };
    // The last line without a line break: take the break before it instead, so the file
    // still ends without one.
    if next == text.len() && tail_end == text.len() && kept.is_empty() && start > 0 {
        let before = if text[..start].ends_with("\r\n") { 2 } else { 1 };
        return Ok(Splice {
            start: start - before,
            end: next,
            text: String::new(),
        });
    }
    Ok(Splice {
        start,
        end: next,
        text: kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc {
        Doc::parse(text).expect("parses")
    }

    #[test]
    fn spans_are_bytes_even_after_accents() {
        let text = "title: Café été\nowner: Unité\n";
        let d = doc(text);
        let (_, _, v) = d.root.entry("owner").expect("owner");
        assert_eq!(&text[v.start..v.end], "Unité");
    }

    #[test]
    fn flow_maps_and_anchors_are_seen() {
        let d = doc("ms:\n  - {id: m1, due: 2022-01-01}\na: &x [1]\nb: *x\n");
        let (_, _, ms) = d.root.entry("ms").expect("ms");
        let Kind::Seq { items, .. } = &ms.kind else {
            panic!()
        };
        assert!(items[0].is_flow_map());
        let (_, _, a) = d.root.entry("a").expect("a");
        assert!(d.shared(a));
        let (_, _, b) = d.root.entry("b").expect("b");
        assert!(d.shared(b));
    }

    #[test]
    fn render_quotes_only_when_needed() {
        assert_eq!(render("DG HOME", ScalarStyle::Plain, false), "DG HOME");
        assert_eq!(render("Unit: D.4", ScalarStyle::Plain, false), "\"Unit: D.4\"");
        assert_eq!(render("a, b", ScalarStyle::Plain, true), "\"a, b\"");
        assert_eq!(render("1.50", ScalarStyle::Plain, false), "\"1.50\"");
        assert_eq!(render("yes", ScalarStyle::Plain, false), "\"yes\"");
        assert_eq!(render("it's", ScalarStyle::SingleQuoted, false), "'it''s'");
        assert_eq!(
            render("say \"hi\"", ScalarStyle::DoubleQuoted, false),
            "\"say \\\"hi\\\"\""
        );
    }

    #[test]
    fn remove_keeps_a_trailing_comment() {
        let text = "a: 1\ndone: 2 # said so\nb: 3\n";
        let d = doc(text);
        let (i, _, _) = d.root.entry("done").expect("done");
        let out = remove_entry(text, &d.root, i).expect("removes").apply(text);
        assert_eq!(out, "a: 1\n# said so\nb: 3\n");
    }

    #[test]
    fn remove_last_line_without_break() {
        let text = "a: 1\ndone: 2";
        let d = doc(text);
        let out = remove_entry(text, &d.root, 1).expect("removes").apply(text);
        assert_eq!(out, "a: 1");
    }

    #[test]
    fn insert_after_block_scalar() {
        let text = "a: >-\n  text\nb: 1\n";
        let d = doc(text);
        let (_, k, v) = d.root.entry("a").expect("a");
        let out = insert_entry(text, &d.root, (k, v), "c", "x")
            .expect("inserts")
            .apply(text);
        assert_eq!(out, "a: >-\n  text\nc: x\nb: 1\n");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Doc::parse("a: [").is_err());
        assert!(Doc::parse("").is_err());
    }
}
