//! JSON Schemas (draft 2020-12) of the commitment and strategy files, for editors: with
//! the `# yaml-language-server: $schema=...` line, an editor completes keys, shows what
//! each one means, and flags wrong types while typing. `tracker check` stays the full
//! check (unique ids, real dates, pillars that exist).

use crate::decode::{COMMITMENT_KEYS, STRATEGY_KEYS};
use serde_json::{Value, json};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The shared definitions: ids, dates, text and the nested objects.
fn defs() -> Value {
    json!({
        "id": {
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            "description": "An identifier: lowercase letters a-z, digits and single dashes, such as `eu-centre`. An id of digits only must be quoted."
        },
        "date": {
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "format": "date",
            "description": "A date written YYYY-MM-DD, such as 2026-03-05."
        },
        "optionalDate": {"anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]},
        "text": {
            "anyOf": [{"type": "string", "pattern": "\\S"}, {"type": "number"}],
            "description": "Text. Quote it if it holds `: ` or ` #`, or looks like a number that must stay as written."
        },
        "optionalText": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]},
        "evidence": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}],
            "description": "One address (http:// or https://) of a document showing it, or a list of them."
        },
        "confidence": {
            "enum": ["high", "medium", "low", null],
            "description": "How far the sources can be trusted: high (the official text, or several consistent sources), medium (one reliable secondary source), low (a single or partisan source)."
        },
        "visibility": {
            "enum": ["public", "internal", null],
            "description": "Who may see it: `internal` keeps it out of every public output (`--audience public`)."
        },
        "assessment": {
            "type": "object",
            "description": "A verdict by a body other than the one reporting: the second layer.",
            "required": ["date", "by", "verdict"],
            "additionalProperties": false,
            "properties": {
                "date": {"$ref": "#/$defs/date", "description": "The day of the assessment."},
                "by": {"$ref": "#/$defs/text", "description": "The assessing body."},
                "scale": {"anyOf": [{"$ref": "#/$defs/id"}, {"type": "null"}], "description": "The scale of strategy.yaml the verdict is a word of; needed only when the word is in several."},
                "verdict": {"$ref": "#/$defs/text", "description": "A word of a scale declared in strategy.yaml."},
                "note": {"$ref": "#/$defs/optionalText", "description": "Free text."},
                "evidence": {"$ref": "#/$defs/evidence"}
            }
        },
        "assessments": {"type": ["array", "null"], "items": {"$ref": "#/$defs/assessment"}, "description": "Verdicts, in any order; the latest is the assessed state."},
        "word": {
            "type": "object",
            "description": "One word of a scale.",
            "required": ["id", "title", "colour", "definition"],
            "additionalProperties": false,
            "properties": {
                "id": {"$ref": "#/$defs/id"},
                "title": {"$ref": "#/$defs/text"},
                "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$", "description": "A colour written #rrggbb (quote it)."},
                "definition": {"$ref": "#/$defs/text", "description": "What the word means; printed in every report's legend."},
                "done": {"type": ["boolean", "null"], "description": "Whether the word says the thing assessed is delivered."}
            }
        },
        "scale": {
            "type": "object",
            "description": "A vocabulary of verdicts, least done first.",
            "required": ["id", "title", "words"],
            "additionalProperties": false,
            "properties": {
                "id": {"$ref": "#/$defs/id"},
                "title": {"$ref": "#/$defs/text"},
                "words": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/word"}},
                "map": {"type": ["object", "null"], "additionalProperties": {"type": "string"}, "description": "Which word each derived state (overdue, on-track, not-started, done, dropped) maps to for `status --scale`."}
            }
        },
        "measure": {
            "type": "object",
            "description": "A value on a day.",
            "required": ["date", "value"],
            "additionalProperties": false,
            "properties": {
                "date": {"$ref": "#/$defs/date"},
                "value": {"type": "number", "description": "The number alone: no quotes, units or thousands separators."},
                "bound": {"enum": ["lower", "upper", null], "description": "The value is a bound: the true value is at least (lower) or at most (upper) this."}
            }
        },
        "milestone": {
            "type": "object",
            "description": "A dated step of the commitment.",
            "required": ["id", "title", "due"],
            "additionalProperties": false,
            "properties": {
                "id": {"$ref": "#/$defs/id", "description": "Unique within this commitment."},
                "title": {"$ref": "#/$defs/text", "description": "What marks the step."},
                "due": {"$ref": "#/$defs/date", "description": "The day it is due."},
                "done": {"$ref": "#/$defs/optionalDate", "description": "The day it was actually done; leave it out until then."},
                "evidence": {"$ref": "#/$defs/evidence"},
                "confidence": {"$ref": "#/$defs/confidence"},
                "assessments": {"$ref": "#/$defs/assessments"},
                "visibility": {"$ref": "#/$defs/visibility"},
                "weight": {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "null"}], "description": "How much it counts in progress relative to the other milestones; default 1."},
                "note": {"$ref": "#/$defs/optionalText", "description": "Free text, such as where the due date comes from, or that it is an estimate."}
            }
        },
        "event": {
            "type": "object",
            "description": "A dated fact that is not a deliverable (a vote that failed, a lapse, a publication). Shown in reports; never counted in progress.",
            "required": ["date", "title"],
            "additionalProperties": false,
            "properties": {
                "date": {"$ref": "#/$defs/date", "description": "The day it happened."},
                "title": {"$ref": "#/$defs/text", "description": "What happened."},
                "evidence": {"$ref": "#/$defs/evidence"},
                "confidence": {"$ref": "#/$defs/confidence"},
                "visibility": {"$ref": "#/$defs/visibility"},
                "note": {"$ref": "#/$defs/optionalText", "description": "Free text."}
            }
        },
        "indicator": {
            "type": "object",
            "description": "A figure measured over time.",
            "required": ["id", "title", "baseline"],
            "additionalProperties": false,
            "properties": {
                "id": {"$ref": "#/$defs/id", "description": "Unique within this commitment."},
                "title": {"$ref": "#/$defs/text", "description": "What is measured."},
                "unit": {"$ref": "#/$defs/optionalText", "description": "The unit, such as `reports` or `percent`."},
                "baseline": {"$ref": "#/$defs/measure", "description": "The value the indicator starts from."},
                "target": {"anyOf": [{"$ref": "#/$defs/measure"}, {"type": "null"}], "description": "The value to reach, if one is set."},
                "actuals": {"type": ["array", "null"], "items": {"$ref": "#/$defs/measure"}, "description": "Values measured since the baseline."},
                "visibility": {"$ref": "#/$defs/visibility"}
            }
        },
        "link": {
            "type": "object",
            "description": "A source or related document.",
            "required": ["title", "url"],
            "additionalProperties": false,
            "properties": {
                "title": {"$ref": "#/$defs/text", "description": "What the document is."},
                "url": {"$ref": "#/$defs/text", "description": "Its address (http:// or https://)."}
            }
        },
        "pillar": {
            "type": "object",
            "description": "A group that commitments belong to.",
            "required": ["id", "title"],
            "additionalProperties": false,
            "properties": {
                "id": {"$ref": "#/$defs/id", "description": "What commitments write in their `pillar` key."},
                "title": {"$ref": "#/$defs/text", "description": "The pillar's name."}
            }
        }
    })
}

/// The schema of a commitment file (any YAML file under `strategy/` but `strategy.yaml`).
pub fn commitment() -> Value {
    let properties = json!({
        "id": {"$ref": "#/$defs/id", "description": "Identifier, unique across all commitment files."},
        "title": {"$ref": "#/$defs/text", "description": "What will be done."},
        "pillar": {"$ref": "#/$defs/id", "description": "One of the pillar ids in strategy/strategy.yaml."},
        "owner": {"$ref": "#/$defs/text", "description": "The accountable unit or person."},
        "status": {"enum": ["planned", "in-progress", "done", "dropped", null], "description": "The declared status."},
        "start": {"$ref": "#/$defs/optionalDate", "description": "The day work starts."},
        "due": {"$ref": "#/$defs/optionalDate", "description": "The day the whole commitment is due."},
        "description": {"$ref": "#/$defs/optionalText", "description": "Free text."},
        "milestones": {"type": ["array", "null"], "items": {"$ref": "#/$defs/milestone"}, "description": "Dated steps; progress is counted from them."},
        "events": {"type": ["array", "null"], "items": {"$ref": "#/$defs/event"}, "description": "Dated facts that are not deliverables; never counted in progress."},
        "indicators": {"type": ["array", "null"], "items": {"$ref": "#/$defs/indicator"}, "description": "Figures measured over time."},
        "depends_on": {"type": ["array", "null"], "items": {"type": "string"}, "description": "Ids of the commitments this one waits on."},
        "tags": {"type": ["array", "null"], "items": {"$ref": "#/$defs/text"}, "description": "Free labels."},
        "links": {"type": ["array", "null"], "items": {"$ref": "#/$defs/link"}, "description": "Sources and related documents."},
        "assessments": {"$ref": "#/$defs/assessments"},
        "visibility": {"$ref": "#/$defs/visibility"},
        "internal": {"type": ["array", "null"], "items": {"enum": ["owner", "description", "links", "tags", "depends_on"]}, "description": "Fields of this commitment that are internal while the rest is public."}
    });
    debug_assert_eq!(
        properties.as_object().map(|o| o.len()),
        Some(COMMITMENT_KEYS.len())
    );
    json!({
        "$schema": DRAFT,
        "title": "tracker commitment",
        "description": "One commitment of a strategy tracked with tracker: one file under strategy/. Check files with `tracker check`.",
        "type": "object",
        "required": ["id", "title", "pillar", "owner"],
        "additionalProperties": false,
        "properties": properties,
        "$defs": defs()
    })
}

/// The schema of `strategy/strategy.yaml`.
pub fn strategy() -> Value {
    let properties = json!({
        "id": {"$ref": "#/$defs/id", "description": "Short identifier of the strategy."},
        "title": {"$ref": "#/$defs/text", "description": "Its name."},
        "adopted": {"$ref": "#/$defs/optionalDate", "description": "The day it was adopted."},
        "description": {"$ref": "#/$defs/optionalText", "description": "Free text."},
        "pillars": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/pillar"}, "description": "The groups commitments belong to, in report order."},
        "require_evidence": {"type": ["boolean", "null"], "description": "Make a done milestone without evidence an error rather than a warning."},
        "visibility": {"$ref": "#/$defs/visibility", "description": "The visibility of items that do not say; default public."},
        "audience": {"$ref": "#/$defs/visibility", "description": "The audience of outputs when the command line does not say (`--audience`)."},
        "scales": {"type": ["array", "null"], "items": {"$ref": "#/$defs/scale"}, "description": "Vocabularies for assessments and `status --scale`."}
    });
    debug_assert_eq!(properties.as_object().map(|o| o.len()), Some(STRATEGY_KEYS.len()));
    json!({
        "$schema": DRAFT,
        "title": "tracker strategy",
        "description": "The strategy tracked with tracker: strategy/strategy.yaml. Check files with `tracker check`.",
        "type": "object",
        "required": ["id", "title", "pillars"],
        "additionalProperties": false,
        "properties": properties,
        "$defs": defs()
    })
}

/// The schema of a roll-up file (`rollup.yaml`, docs/rollup.md).
pub fn rollup() -> Value {
    let source = json!({
        "type": "object",
        "required": ["name", "path"],
        "additionalProperties": false,
        "properties": {
            "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$", "description": "Short name: starts qualified ids (`ie:helpline`) and paths."},
            "path": {"$ref": "#/$defs/text", "description": "A clone's folder or a bare repository, relative to the roll-up file."},
            "label": {"$ref": "#/$defs/optionalText", "description": "How reports name the source."},
            "strategy_dir": {"$ref": "#/$defs/optionalText", "description": "The strategy folder inside the repository; default `strategy`."},
            "rev": {"$ref": "#/$defs/optionalText", "description": "A branch, tag or commit to read; default HEAD."},
            "repo_url": {"type": ["string", "null"], "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://", "description": "The repository's address on its forge (http:// or https://), for the links of a roll-up's website."},
            "pillars": {"type": ["object", "null"], "additionalProperties": {"$ref": "#/$defs/id"}, "description": "The source's pillars mapped onto the roll-up's: source pillar to roll-up pillar."}
        }
    });
    let mut defs = defs();
    if let Some(d) = defs.as_object_mut() {
        d.insert("source".into(), source);
    }
    json!({
        "$schema": DRAFT,
        "title": "tracker roll-up",
        "description": "Several strategies, each in its own repository, reported as one: `tracker status --rollup rollup.yaml`.",
        "type": "object",
        "required": ["id", "title", "pillars", "sources"],
        "additionalProperties": false,
        "properties": {
            "id": {"$ref": "#/$defs/id", "description": "Short identifier of the roll-up."},
            "title": {"$ref": "#/$defs/text", "description": "Its name."},
            "pillars": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/pillar"}, "description": "The roll-up's own pillars, in report order."},
            "stale_days": {"type": ["integer", "null"], "minimum": 0, "description": "Days after which a source's last commit counts as stale; default 90."},
            "sources": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/source"}, "description": "The strategies combined."}
        },
        "$defs": defs
    })
}

/// A schema as the text written to its file: pretty JSON with a final line break.
pub fn text(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    }

    #[test]
    fn keys_match_the_decoder() {
        let mut want: Vec<String> = COMMITMENT_KEYS.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(keys(&commitment()), want);
        let mut want: Vec<String> = STRATEGY_KEYS.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(keys(&strategy()), want);
    }

    #[test]
    fn committed_files_are_up_to_date() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(crate::edit::template::SCHEMA_DIR);
        for (name, schema) in [
            (crate::edit::template::COMMITMENT_SCHEMA, commitment()),
            (crate::edit::template::STRATEGY_SCHEMA, strategy()),
        ] {
            let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            assert!(
                on_disk == text(&schema),
                "schema/{name} is out of date: run `cargo run -- schema --write` and commit it"
            );
        }
    }
}
