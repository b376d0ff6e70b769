//! Parses one file into the model, turning every problem into a finding with its line
//! and column.

use crate::decode::{Around, At, Decoder};
use crate::error::Result;
use crate::finding::{Finding, Pos, Rule, Severity};
use crate::model::{Commitment, Strategy};
use crate::yaml::locate::Locator;
use serde::Deserialize;
use serde_yaml::Value;

/// The outcome of parsing one file: the value if it could be built, and what was found.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// The decoded value; `None` when the file is too broken to build one.
    pub value: Option<T>,
    /// Problems in this file alone.
    pub findings: Vec<Finding>,
    /// The `id` written in the file, even when the rest could not be decoded.
    pub id: Option<String>,
    /// The `pillar` written in the file, even when the rest could not be decoded.
    pub pillar: Option<String>,
    /// Whether the file is valid YAML of another shape altogether: not a mapping, or a
    /// mapping with neither `id` nor `pillar`.
    pub foreign: bool,
    /// Set by [`parse_commitment_quick`]: what places the first error when asked.
    pub unplaced: Option<Unplaced>,
}

/// What [`Parsed::first_error`] needs to place the first error of a quick parse.
#[derive(Debug, Clone)]
pub struct Unplaced {
    /// The file's bytes.
    bytes: std::sync::Arc<[u8]>,
    /// The node of the first error, and which part of it.
    first_error: Option<(crate::yaml::locate::YPath, At)>,
}

impl<T> Parsed<T> {
    /// Whether the file has an error (a warning does not count).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    fn refused(finding: Finding) -> Self {
        Parsed {
            value: None,
            findings: vec![finding],
            id: None,
            pillar: None,
            foreign: false,
            unplaced: None,
        }
    }
}

impl Parsed<Commitment> {
    /// The first error, at its line and column (found in the text when the file was
    /// parsed quickly; without a "did you mean" hint then).
    pub fn first_error(&self, path: &str) -> Option<Finding> {
        let first = self.findings.iter().find(|f| f.is_error())?;
        let Some(Unplaced {
            bytes,
            first_error: Some((node, at)),
        }) = &self.unplaced
        else {
            return Some(first.clone());
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Some(first.clone());
        };
        let loc = Locator::new(text);
        let pos = match at {
            At::Key => loc.key(node),
            At::Value => loc.value(node),
        };
        let mut placed = Finding::error(path, pos, first.rule, first.message.clone());
        placed.hint.clone_from(&first.hint);
        Some(placed)
    }
}

/// Reads the bytes as one YAML document, or says why not.
fn document<'a>(path: &str, bytes: &'a [u8]) -> Result<(Value, &'a str), Finding> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let column = String::from_utf8_lossy(good.rsplit(|b| *b == b'\n').next().unwrap_or(&[]))
                .chars()
                .count()
                + 1;
            return Err(Finding::error(
                path,
                Pos { line, column },
                Rule::NotUtf8,
                "the file is not valid UTF-8 text",
            )
            .with_hint("save it as UTF-8 in your editor"));
        }
    };
    if let Some(line) = conflict_marker(text) {
        return Err(Finding::error(
            path,
            Pos { line, column: 1 },
            Rule::MergeConflict,
            "the file holds an unresolved merge conflict (a `<<<<<<<` line, then `=======` and `>>>>>>>`)",
        )
        .with_hint("resolve it (`git mergetool`, or keep the version you want and delete the marker lines), then `git add` the file"));
    }
    let meaningful = text
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if !meaningful {
        return Err(Finding::error(path, Pos::START, Rule::EmptyFile, "the file is empty")
            .with_hint("a commitment needs at least `id`, `title`, `pillar` and `owner`; delete the file if it is not needed"));
    }
    if let Some(pos) = too_deep(text) {
        return Err(Finding::error(
            path,
            pos,
            Rule::YamlSyntax,
            format!("brackets are nested more than {MAX_FLOW_DEPTH} deep here"),
        )
        .with_hint("a commitment needs a few levels at most; check for unclosed `[` or `{`"));
    }
    // Most files are plain enough to read quickly; the rest, and every error, are
    // serde_yaml's.
    let value = match crate::yaml::fast::read(text) {
        Some(value) => value,
        None => serde_document(path, text)?,
    };
    if let Value::Tagged(_) = value {
        return Err(Finding::error(
            path,
            Pos::START,
            Rule::WrongType,
            "YAML tags (`!name`) are not used in this format",
        ));
    }
    Ok((value, text))
}

/// The one YAML document in `text`, through serde_yaml.
fn serde_document(path: &str, text: &str) -> Result<Value, Finding> {
    let mut docs = serde_yaml::Deserializer::from_str(text);
    let value = match docs.next().map(Value::deserialize) {
        Some(Ok(v)) => v,
        Some(Err(e)) => return Err(syntax(path, text, &e)),
        None => {
            return Err(Finding::error(
                path,
                Pos::START,
                Rule::EmptyFile,
                "the file is empty",
            ));
        }
    };
    // A trailing `---` or `...` leaves an empty document behind: harmless.
    let more = docs.any(|d| !matches!(Value::deserialize(d), Ok(Value::Null)));
    if more {
        let loc = Locator::new(text);
        let pos = loc.documents().get(1).copied().unwrap_or(Pos::START);
        return Err(Finding::error(
            path,
            pos,
            Rule::MultipleDocuments,
            "the file holds several YAML documents; it must hold one commitment",
        )
        .with_hint("remove the `---` line, or move the second document to a file of its own"));
    }
    Ok(value)
}

/// The line of the first merge-conflict marker (`<<<<<<<`, `=======` or `>>>>>>>` at a
/// line start, as git writes them), when the file has a full set of them.
fn conflict_marker(text: &str) -> Option<usize> {
    let marker = |l: &str, m: &str| {
        l.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
    };
    let mut first = None;
    let (mut open, mut middle, mut close) = (false, false, false);
    for (i, l) in text.lines().enumerate() {
        if marker(l, "<<<<<<<") {
            open = true;
            first.get_or_insert(i + 1);
        } else if open && marker(l, "=======") {
            middle = true;
        } else if open && marker(l, ">>>>>>>") {
            close = true;
        }
    }
    (open && middle && close).then_some(first).flatten()
}

/// Deepest nesting of flow brackets accepted. serde_yaml refuses more than 128 levels
/// anyway, but only after parsing them, and parsing nested `{a: ` takes time quadratic
/// in the depth (a 400 KB file takes minutes), so deeper files are refused before it.
const MAX_FLOW_DEPTH: usize = 64;

/// Where flow brackets first nest deeper than [`MAX_FLOW_DEPTH`], by a cheap scan that
/// skips quoted text and comments.
fn too_deep(text: &str) -> Option<Pos> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = ' ';
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
            prev = c;
            continue;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if comment => {}
            None => match c {
                '#' if prev.is_whitespace() => comment = true,
                '"' | '\'' if depth > 0 || prev.is_whitespace() || prev == ':' => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some(Pos { line, column });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    None
}

/// A finding for a YAML syntax error, at serde_yaml's position (or, for a duplicate
/// key, which serde_yaml places at the start of its mapping, at the key itself).
fn syntax(path: &str, text: &str, e: &serde_yaml::Error) -> Finding {
    let mut pos = e.location().map_or(Pos::START, |l| Pos {
        line: l.line(),
        column: l.column(),
    });
    let mut message = e.to_string();
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    if message.contains("duplicate entry with key")
        && let Some((key, at)) = crate::yaml::locate::first_duplicate_key(text)
    {
        return Finding::error(
            path,
            at,
            Rule::YamlSyntax,
            format!("invalid YAML: the key `{key}` appears twice in the same mapping"),
        )
        .with_hint("keep one of them: a key can have only one value");
    }
    // The end of the stream reached inside a quoted text: said where the quote opened,
    // not at the end of the file.
    if message.contains("end of stream")
        && let Some((at, quote)) = unclosed_quote(text)
    {
        return Finding::error(
            path,
            at,
            Rule::YamlSyntax,
            format!("invalid YAML: the quote {quote} opened here is never closed"),
        )
        .with_hint(format!(
            "end the text with a matching {quote}, or leave out the quote at its start"
        ));
    }
    // A reader error (such as a control character) gives a byte offset, not a line.
    let mut hint = "check the indentation and that text with `: ` or `#` in it is quoted";
    if let Some(at) = message.rfind(" at position ")
        && let Ok(offset) = message[at + " at position ".len()..].trim().parse::<usize>()
    {
        message.truncate(at);
        pos = position_of(text, offset);
        if message.contains("control characters") {
            hint = "remove the character, or write it as an escape such as `\\u0007` inside double quotes";
        }
    }
    if pos.line == 0 {
        pos = Pos::START;
    }
    Finding::error(path, pos, Rule::YamlSyntax, format!("invalid YAML: {message}")).with_hint(hint)
}

/// Where a quoted text opens that the file never closes, and its quote: a `"` or `'` at
/// the start of a value (after `key: `, `- `, `[`, `{` or `,`, or alone on its line),
/// outside comments and block texts (`|`, `>`). Quoted texts may run over several
/// lines; `\"` and `''` do not close them.
fn unclosed_quote(text: &str) -> Option<(Pos, char)> {
    let mut open: Option<(Pos, char)> = None;
    // The indentation of a key whose block text (`|`, `>`) the lines below belong to.
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if open.is_none() {
            if let Some(b) = block {
                if line.trim().is_empty() || indent > b {
                    continue;
                }
                block = None;
            }
        }
        let chars: Vec<char> = line.chars().collect();
        let mut escaped = false;
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k];
            match open {
                Some((_, '"')) => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        open = None;
                    }
                }
                Some((_, _)) => {
                    if c == '\'' {
                        if chars.get(k + 1) == Some(&'\'') {
                            k += 1;
                        } else {
                            open = None;
                        }
                    }
                }
                None => {
                    let before = chars[..k].iter().rev().find(|c| **c != ' ' && **c != '\t');
                    let starts_value = matches!(before, None | Some(':' | '-' | '[' | '{' | ',' | '?'));
                    if c == '#' && (k == 0 || chars[k - 1] == ' ') {
                        break;
                    }
                    if (c == '"' || c == '\'') && starts_value {
                        open = Some((
                            Pos {
                                line: i + 1,
                                column: k + 1,
                            },
                            c,
                        ));
                    }
                }
            }
            k += 1;
        }
        if open.is_none() {
            // `key: |` or `- >-`: the lines more indented below are text.
            let value = line.split(" #").next().unwrap_or(line).trim_end();
            let last = value.rsplit([' ', ':']).next().unwrap_or("");
            if (value.ends_with(": ")
                || value.contains(": ")
                || value.starts_with("- ")
                || value.ends_with(':'))
                && !last.is_empty()
                && last.starts_with(['|', '>'])
                && last[1..].chars().all(|c| matches!(c, '-' | '+' | '1'..='9'))
            {
                block = Some(indent);
            }
        }
    }
    open
}

/// The line and column (in characters, from 1) of a byte offset into `text`.
fn position_of(text: &str, offset: usize) -> Pos {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        column: before[start..].chars().count() + 1,
    }
}

fn positioned(path: &str, text: &str, decoder: Decoder) -> Vec<Finding> {
    if decoder.problems.is_empty() {
        return Vec::new();
    }
    let loc = Locator::new(text);
    decoder
        .problems
        .into_iter()
        .map(|p| {
            let pos = match p.at {
                At::Key => loc.key(&p.path),
                At::Value => loc.value(&p.path),
            };
            let f = match p.severity {
                Severity::Error => Finding::error(path, pos, p.rule, p.message),
                Severity::Warning => Finding::warning(path, pos, p.rule, p.message),
            };
            f.with_hint_opt(p.hint)
        })
        .collect()
}

/// Parses one commitment file. Never panics, whatever the bytes.
pub fn parse_commitment(path: &str, bytes: &[u8]) -> Parsed<Commitment> {
    parse_commitment_in(path, bytes, Around::default())
}

/// Parses one commitment file for a reader that needs to know whether it is valid and
/// its value, but rarely where its problems are: no "did you mean" hints, and findings
/// at 1:1 until [`Parsed::first_error`] places the first. Syntax errors keep their place.
pub fn parse_commitment_quick(path: &str, bytes: std::sync::Arc<[u8]>) -> Parsed<Commitment> {
    let (value, _) = match document(path, &bytes) {
        Ok(d) => d,
        Err(f) => return Parsed::refused(f),
    };
    let mut decoder = Decoder {
        quiet: true,
        ..Decoder::default()
    };
    let commitment = decoder.commitment(&value);
    let spelled = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let first_error = decoder
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
        .map(|p| (p.path.clone(), p.at));
    let findings: Vec<Finding> = decoder
        .problems
        .into_iter()
        .map(|p| {
            let f = match p.severity {
                Severity::Error => Finding::error(path, Pos::START, p.rule, p.message),
                Severity::Warning => Finding::warning(path, Pos::START, p.rule, p.message),
            };
            f.with_hint_opt(p.hint)
        })
        .collect();
    Parsed {
        value: commitment,
        unplaced: (!findings.is_empty()).then_some(Unplaced { bytes, first_error }),
        findings,
        id: spelled("id"),
        pillar: spelled("pillar"),
        foreign: !value.is_mapping() || (value.get("id").is_none() && value.get("pillar").is_none()),
    }
}

/// Parses one commitment file, with hints drawn from the strategy `around` it.
pub fn parse_commitment_in(path: &str, bytes: &[u8], around: Around) -> Parsed<Commitment> {
    let (value, text) = match document(path, bytes) {
        Ok(d) => d,
        Err(f) => return Parsed::refused(f),
    };
    let mut decoder = Decoder {
        around,
        ..Decoder::default()
    };
    let commitment = decoder.commitment(&value);
    let spelled = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    Parsed {
        value: commitment,
        findings: positioned(path, text, decoder),
        id: spelled("id"),
        pillar: spelled("pillar"),
        foreign: !value.is_mapping() || (value.get("id").is_none() && value.get("pillar").is_none()),
        unplaced: None,
    }
}

/// Parses `strategy.yaml`. Never panics, whatever the bytes.
pub fn parse_strategy(path: &str, bytes: &[u8]) -> Parsed<Strategy> {
    let (value, text) = match document(path, bytes) {
        Ok(d) => d,
        Err(f) => return Parsed::refused(f),
    };
    let mut decoder = Decoder::default();
    let strategy = decoder.strategy(&value);
    let id = value.get("id").and_then(Value::as_str).map(str::to_owned);
    Parsed {
        value: strategy,
        findings: positioned(path, text, decoder),
        id,
        pillar: None,
        foreign: false,
        unplaced: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unclosed quote is found where it opens; quotes inside plain text, comments and
    /// block texts, and quoted texts closed on a later line, are not.
    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        let at = |text: &str| unclosed_quote(text).map(|(p, q)| (p.line, p.column, q));
        assert_eq!(at("id: a\ntitle: \"unterminated\npillar: p\n"), Some((2, 8, '"')));
        assert_eq!(at("title: 'it''s\nowner: U\n"), Some((1, 8, '\'')));
        assert_eq!(at("tags: [a, \"b\n"), Some((1, 11, '"')));
        assert_eq!(at("  - \"x\n"), Some((1, 5, '"')));
        for closed in [
            "title: He said \"hi\" to them\nowner: U\n",
            "title: \"a \\\" b\"\n",
            "title: 'it''s fine'\n",
            "title: \"runs over\n  two lines\"\n",
            "note: |\n  a \"quote in a block\nowner: U\n",
            "note: >-\n  it's here\n\n  and here\nowner: U\n",
            "# a \"comment\ntitle: T # it's\n",
        ] {
            assert_eq!(at(closed), None, "{closed}");
        }
    }

    #[test]
    fn a_quick_parse_places_its_first_error_as_the_full_parse_does() {
        let cases = [
            "id: a\ntitle: A\npillar: p\nowner: O\nmilestones:\n  - id: m1\n    title: M\n    colour: red\n",
            "id: a\ntitle: A\npillar: p\nowner: [O]\n",
            "title: A\npillar: p\nowner: O\n",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
            "\u{feff}id: a\ntitle: A\npillar: p\nowner: O\n  \nstatus: finished\n",
            "id: a\ntitle: A\npillar: p\nowner: O\ndue: 2026-02-30\n",
            "- a\n- b\n",
            "id: a\ntitle: [\n",
        ];
        for text in cases {
            let full = parse_commitment("c.yaml", text.as_bytes());
            let quick = parse_commitment_quick("c.yaml", std::sync::Arc::from(text.as_bytes()));
            let place = |f: Option<Finding>| f.map(|f| (f.line, f.column, f.rule, f.message));
            let placed = place(quick.first_error("c.yaml"));
            assert!(placed.is_some(), "{text}");
            assert_eq!(placed, place(full.first_error("c.yaml")), "{text}");
        }
    }

    fn findings(text: &str) -> Vec<String> {
        parse_commitment("c.yaml", text.as_bytes())
            .findings
            .iter()
            .map(|f| format!("{}:{} {} {}", f.line, f.column, f.rule, f.message))
            .collect()
    }

    const GOOD: &str = "id: a\ntitle: A\npillar: prevention\nowner: Unit\nmilestones:\n  - id: m1\n    title: M\n    due: 2024-01-31\n";

    #[test]
    fn good_file() {
        let p = parse_commitment("c.yaml", GOOD.as_bytes());
        assert!(p.findings.is_empty(), "{:?}", p.findings);
        let c = p.value.expect("decoded");
        assert_eq!(c.milestones[0].id, "m1");
    }

    #[test]
    fn reports_every_problem_in_a_file() {
        let text = GOOD.replace("    due: 2024-01-31", "    dew: 2024-01-31\n    done: 2022-02-30");
        assert_eq!(
            findings(&text),
            vec![
                "8:5 unknown-key unknown key `dew` in a milestone",
                "6:5 missing-key a milestone has no `due`",
                "9:11 bad-date `2022-02-30` is not a real date: February 2022 has 28 days",
            ]
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let f = findings("id: a\ntitle: [unclosed\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].contains("yaml-syntax"), "{f:?}");
    }

    #[test]
    fn odd_inputs_are_refused_with_their_rule() {
        let deep = "{".repeat(120);
        let cases: &[(&str, Rule)] = &[
            ("", Rule::EmptyFile),
            ("# only a comment\n", Rule::EmptyFile),
            ("---\n...\n", Rule::WrongType),
            ("- a\n- b\n", Rule::WrongType),
            ("a: 1\n---\nb: 2\n", Rule::MultipleDocuments),
            ("!tag {}\n", Rule::WrongType),
            ("id: [1, {2: 3}]\n", Rule::WrongType),
            ("? [a]\n: b\n", Rule::WrongType),
            ("&a [*a]\n", Rule::YamlSyntax),
            ("id: *nope\n", Rule::YamlSyntax),
            ("\u{feff}id: a\n", Rule::MissingKey),
            (&deep, Rule::YamlSyntax),
        ];
        for (text, rule) in cases {
            let p = parse_commitment("c.yaml", text.as_bytes());
            assert!(p.value.is_none(), "{text:?} decoded");
            let rules: Vec<Rule> = p
                .findings
                .iter()
                .filter(|f| f.is_error())
                .map(|f| f.rule)
                .collect();
            assert!(rules.contains(rule), "{text:?}: {rules:?}, expected {rule}");
        }
        let p = parse_commitment("c.yaml", &[0xff, 0xfe, b'a']);
        assert_eq!(p.findings[0].rule, Rule::NotUtf8);
        let deep = "[".repeat(100_000);
        assert!(parse_commitment("c.yaml", deep.as_bytes()).has_errors());
    }

    #[test]
    fn multiple_documents_point_at_the_second() {
        assert_eq!(
            findings("id: a\n---\nid: b\n"),
            vec!["2:1 multiple-documents the file holds several YAML documents; it must hold one commitment"]
        );
    }
}
