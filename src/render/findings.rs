//! Output of `check`: findings as `path:line:column` lines, or as JSON for CI.

use crate::finding::Finding;
use serde::Serialize;
use std::io::{self, Write};

/// A finding safe to print on a terminal: its path (a file name may hold any byte),
/// message and hint without control characters.
pub fn cleaned(f: &Finding) -> Finding {
    let mut shown = f.clone();
    shown.path = super::clean(&shown.path);
    shown.message = super::clean(&shown.message);
    shown.hint = shown.hint.as_deref().map(super::clean);
    shown
}

/// Writes each finding on its own line (hint indented below), then a summary.
pub fn text(out: &mut dyn Write, findings: &[Finding], files: usize) -> io::Result<()> {
    for f in findings {
        writeln!(out, "{}", cleaned(f))?;
    }
    writeln!(out, "{}", crate::finding::summary(findings, files))
}

/// The public JSON shape of one finding.
#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    severity: &'a str,
    rule: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

/// Writes the findings as a JSON list of `{path, line, column, severity, rule, message, hint}`.
pub fn json(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    let list: Vec<JsonFinding> = findings
        .iter()
        .map(|f| JsonFinding {
            path: &f.path,
            line: f.line,
            column: f.column,
            severity: f.severity.as_str(),
            rule: f.rule.as_str(),
            message: &f.message,
            hint: f.hint.as_deref(),
        })
        .collect();
    super::json::write(out, &list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Pos, Rule};

    #[test]
    fn paths_and_hints_are_cleaned() {
        let f = Finding::error(
            "strategy/a\u{1b}[2J.yaml",
            Pos::START,
            Rule::YamlSyntax,
            "bad\u{7}",
        )
        .with_hint("fix \u{1b}]0;title\u{7}it");
        let shown = cleaned(&f).to_string();
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
    }
}
