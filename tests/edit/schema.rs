//! The JSON Schemas: `tracker schema` prints the committed files, every shipped file
//! passes its schema, and broken files that `tracker check` rejects fail it too.

use crate::support::run_in;
use serde_json::Value;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(Path::new(ROOT).join("schema").join(name)).expect("schema file");
    let value: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft202012::new(&value).expect("a valid draft 2020-12 schema")
}

fn yaml(text: &str) -> Value {
    let v: serde_yaml::Value = serde_yaml::from_str(text).expect("YAML");
    serde_json::to_value(v).expect("JSON-compatible")
}

#[test]
fn printed_schemas_are_the_committed_files() {
    for (kind, file) in [
        ("commitment", "commitment.schema.json"),
        ("strategy", "strategy.schema.json"),
        ("rollup", "rollup.schema.json"),
    ] {
        let r = run_in(Path::new(ROOT), &["schema", kind]);
        assert_eq!(r.code, 0, "{r}");
        let committed = std::fs::read_to_string(Path::new(ROOT).join("schema").join(file)).expect("read");
        assert_eq!(
            r.stdout, committed,
            "run `tracker schema --write` and commit schema/"
        );
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("list") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn every_shipped_file_passes_its_schema() {
    let (commitment, strategy) = (schema("commitment.schema.json"), schema("strategy.schema.json"));
    let mut files = Vec::new();
    yaml_files(&Path::new(ROOT).join("strategy"), &mut files);
    assert!(files.len() > 5);
    for path in files {
        let value = yaml(&std::fs::read_to_string(&path).expect("read"));
        let validator = if path.ends_with("strategy/strategy.yaml") {
            &strategy
        } else {
            &commitment
        };
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_new_template_passes_its_schema() {
    let n = tracker::edit::template::NewCommitment {
        id: "a".into(),
        title: "A".into(),
        pillar: "prevention".into(),
        owner: "U".into(),
        due: None,
        milestones: vec![tracker::edit::template::parse_milestone("m:M:2026-01-01").expect("m")],
    };
    let text = tracker::edit::template::commitment(&n, "strategy/prevention/a.yaml");
    assert!(schema("commitment.schema.json").is_valid(&yaml(&text)));
}

#[test]
fn broken_files_fail_the_schema_and_check_alike() {
    let good = "id: a\ntitle: A\npillar: prevention\nowner: U\nstatus: planned\nmilestones:\n  - id: m1\n    title: M\n    due: 2026-01-31\nindicators:\n  - id: i\n    title: I\n    baseline: {date: 2020-01-01, value: 1}\n";
    let validator = schema("commitment.schema.json");
    assert!(validator.is_valid(&yaml(good)));
    for (what, broken) in [
        ("unknown key", good.replace("owner: U", "owner: U\ncolour: red")),
        ("missing title", good.replace("title: A\n", "")),
        ("empty title", good.replace("title: A", "title: \"  \"")),
        ("bad id", good.replace("id: a", "id: EU_Centre")),
        ("bad status", good.replace("planned", "finished")),
        ("bad date", good.replace("due: 2026-01-31", "due: 2026-1-31")),
        ("milestone without due", good.replace("    due: 2026-01-31\n", "")),
        ("text as a number", good.replace("value: 1}", "value: \"1,000\"}")),
        (
            "milestones not a list",
            good.replace(
                "milestones:\n  - id: m1\n    title: M\n    due: 2026-01-31\n",
                "milestones: soon\n",
            ),
        ),
    ] {
        assert!(!validator.is_valid(&yaml(&broken)), "the schema accepts {what}");
        let parsed = tracker::load::parse_commitment("a.yaml", broken.as_bytes());
        assert!(parsed.has_errors(), "check accepts {what}");
    }
    let strategy = schema("strategy.schema.json");
    assert!(
        !strategy.is_valid(&yaml("id: s\ntitle: S\npillars: []\n")),
        "no pillars"
    );
}
