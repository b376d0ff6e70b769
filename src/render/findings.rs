//! Output of `check`: findings as `path:line:column` lines, or as JSON for CI.

use crate::finding::{Finding, Rule};
use crate::words::{count, thousands};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
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

/// How much of a long list of findings the text output shows.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    /// The most findings to print one by one; `None` for all of them.
    pub max: Option<usize>,
    /// How many of the files read do not look like commitments at all, out of how many
    /// commitment files, when that is most of them.
    pub foreign: Option<(usize, usize)>,
}

/// Above this many findings, the text output ends with a count per rule.
const RULE_SUMMARY_FROM: usize = 10;

/// Writes each finding on its own line (its hint indented below, once per rule and
/// file), at most `shown.max` of them, then a count per rule when there are many, then
/// the summary line.
pub fn text(out: &mut dyn Write, findings: &[Finding], files: usize, shown: Shown) -> io::Result<()> {
    if let Some((foreign, of)) = shown.foreign {
        writeln!(
            out,
            "note: {} of the {} files here do not look like commitments (they have neither `id` nor `pillar`): is this a strategy folder?",
            thousands(foreign as i64),
            thousands(of as i64)
        )?;
        writeln!(
            out,
            "    hint: a strategy folder holds strategy.yaml and one YAML file per commitment, each with `id`, `title`, `pillar`, `owner` and `milestones` (see docs/format.md); point tracker at it with --strategy-dir"
        )?;
    }
    let limit = shown.max.unwrap_or(usize::MAX);
    let mut hinted: HashSet<(&str, Rule, &str)> = HashSet::new();
    for f in findings.iter().take(limit) {
        let mut shown = cleaned(f);
        if let Some(h) = &f.hint
            && !hinted.insert((f.path.as_str(), f.rule, h.as_str()))
        {
            shown.hint = None;
        }
        writeln!(out, "{shown}")?;
    }
    if findings.len() > limit {
        writeln!(
            out,
            "... and {} more (the first {} are shown): use --max-findings 0 to see them all, or --format json",
            thousands((findings.len() - limit) as i64),
            thousands(limit as i64)
        )?;
    }
    if findings.len() > RULE_SUMMARY_FROM || findings.len() > limit {
        rule_summary(out, findings)?;
    }
    writeln!(out, "{}", crate::finding::summary(findings, files))
}
/// One line per rule, most frequent first: how many errors or warnings, in how many
/// files.
fn rule_summary(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    let mut by_rule: BTreeMap<Rule, (usize, usize, HashSet<&str>)> = BTreeMap::new();
    for f in findings {
        let e = by_rule.entry(f.rule).or_default();
        if f.is_error() {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
        e.2.insert(f.path.as_str());
    }
    let mut rows: Vec<_> = by_rule.into_iter().collect();
    rows.sort_by(|a, b| (b.1.0 + b.1.1).cmp(&(a.1.0 + a.1.1)).then(a.0.cmp(&b.0)));
    let width = rows.iter().map(|(r, _)| r.as_str().len()).max().unwrap_or(0);
    writeln!(out, "by rule:")?;
    for (rule, (errors, warnings, files)) in rows {
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(count(errors, "error"));
        }
        if warnings > 0 {
            parts.push(count(warnings, "warning"));
        }
        writeln!(
            out,
            "  {:width$}  {} in {}",
            rule.as_str(),
            parts.join(" and "),
            count(files.len(), "file"),
        )?;
    }
    Ok(())
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

/// The public JSON shape of an error that lies in the files, such as an invalid
/// `strategy.yaml`: `{"error": {message, hint, findings: [...]}}`.
#[derive(Serialize)]
struct JsonError<'a> {
    error: JsonErrorBody<'a>,
}

#[derive(Serialize)]
struct JsonErrorBody<'a> {
    message: String,
    hint: Option<String>,
    findings: Vec<JsonFinding<'a>>,
}

/// Writes an error and the findings behind it as JSON.
pub fn json_error(out: &mut dyn Write, err: &crate::error::Error) -> io::Result<()> {
    super::json::write(
        out,
        &JsonError {
            error: JsonErrorBody {
                message: err.to_string(),
                hint: err.hint(),
                findings: err.findings().iter().map(JsonFinding::from).collect(),
            },
        },
    )
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            path: &f.path,
            line: f.line,
            column: f.column,
            severity: f.severity.as_str(),
            rule: f.rule.as_str(),
            message: &f.message,
            hint: f.hint.as_deref(),
        }
    }
}

/// Writes the findings as a JSON list of `{path, line, column, severity, rule, message, hint}`.
pub fn json(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    let list: Vec<JsonFinding> = findings.iter().map(JsonFinding::from).collect();
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
