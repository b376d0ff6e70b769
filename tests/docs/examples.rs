//! Every YAML example of docs/format.md is checked by `tracker check`: whole files as
//! they are, fragments inside a small commitment (or, for `scales:`, inside the shipped
//! `strategy.yaml`), so an example that the format no longer accepts fails here.

use std::path::Path;
use std::process::Command;

/// The ```yaml blocks of a Markdown text, with the line each starts on.
fn yaml_blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == "```yaml" => current = Some((i + 2, String::new())),
            None => {}
            Some(_) if line.starts_with("```") => out.extend(current.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    out
}

/// A commitment for fragments to go in: its keys but those the fragment gives.
fn around(fragment: &str) -> String {
    let given: Vec<&str> = fragment
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '-']) && l.contains(':'))
        .filter_map(|l| l.split(':').next())
        .collect();
    let mut out = String::new();
    for (key, text) in [
        ("id", "id: example\n"),
        ("title", "title: An example\n"),
        ("pillar", "pillar: victim-support\n"),
        ("owner", "owner: Unit D.4\n"),
        (
            "milestones",
            "milestones:\n  - id: first\n    title: First step\n    due: 2026-06-30\n",
        ),
    ] {
        if !given.contains(&key) {
            out.push_str(text);
        }
    }
    out.push_str(fragment);
    out
}

/// Runs `tracker check` on a copy of the shipped strategy.yaml (or `strategy`) and one
/// commitment file (if any), and returns the exit code and what it printed.
fn check(strategy: &str, commitment: Option<&str>) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("strategy");
    std::fs::create_dir_all(root.join("victim-support")).expect("mkdir");
    std::fs::write(root.join("strategy.yaml"), strategy).expect("write");
    if let Some(c) = commitment {
        std::fs::write(root.join("victim-support/example.yaml"), c).expect("write");
        // What the examples depend on.
        std::fs::write(
            root.join("victim-support/eu-centre.yaml"),
            "id: eu-centre\ntitle: EU centre\npillar: victim-support\nowner: Unit\nmilestones:\n  - {id: m1, title: M, due: 2026-06-30}\n",
        )
        .expect("write");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["check"])
        .current_dir(dir.path())
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .expect("run tracker");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn every_yaml_example_of_the_format_passes_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = std::fs::read_to_string(root.join("strategy/strategy.yaml")).expect("strategy");
    let doc = std::fs::read_to_string(root.join("docs/format.md")).expect("format.md");
    let blocks = yaml_blocks(&doc);
    assert!(
        blocks.len() >= 10,
        "docs/format.md has its examples: {}",
        blocks.len()
    );
    let mut checked = 0;
    let mut failures = Vec::new();
    for (line, body) in &blocks {
        let (what, code, out) = if body.starts_with("# strategy/strategy.yaml") {
            let (c, o) = check(body, None);
            ("a strategy.yaml", c, o)
        } else if body.starts_with("scales:") {
            // The shipped strategy with its own scales replaced by the example's.
            let start = shipped
                .find("\nscales:")
                .expect("the shipped strategy has scales");
            let end = shipped
                .find("\npillars:")
                .expect("the shipped strategy has pillars");
            assert!(start < end, "scales come before pillars in the shipped strategy");
            let (c, o) = check(
                &format!("{}\n{body}{}", &shipped[..start], &shipped[end + 1..]),
                None,
            );
            ("scales in strategy.yaml", c, o)
        } else if body.starts_with(' ') {
            // An indented continuation of a milestone: inside the first milestone.
            let c = around("").replacen(
                "    due: 2026-06-30\n",
                &format!("    due: 2026-06-30\n    done: 2026-06-01\n{body}"),
                1,
            );
            let (c, o) = check(&shipped, Some(&c));
            ("keys of a milestone", c, o)
        } else {
            let (c, o) = check(&shipped, Some(&around(body)));
            ("a commitment", c, o)
        };
        checked += 1;
        if code != 0 {
            failures.push(format!(
                "docs/format.md:{line}: {what} example fails `tracker check`:\n{body}\n{out}"
            ));
        }
    }
    assert_eq!(checked, blocks.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_broken_example_would_fail() {
    // The harness itself: a fragment the format refuses is caught.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = std::fs::read_to_string(root.join("strategy/strategy.yaml")).expect("strategy");
    let (code, out) = check(
        &shipped,
        Some(&around("events:\n  - date: 2026-13-01\n    title: X\n")),
    );
    assert_eq!(code, 1, "{out}");
}
