//! The README's tour runs as printed. Each ```console block is a list of `$ ` command
//! lines, each followed by the output it must give (standard output, then standard
//! error). The commands run in a temporary folder that stands for `/tmp`, with the
//! built `tracker` first on the PATH, a fixed width and no colour; `cd` moves between
//! commands. `README_UPDATE=1 cargo test docs::` rewrites the outputs in place, for
//! review with `git diff`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One command of a block and the output it must give.
struct Step {
    command: String,
    output: String,
}

/// The console blocks of a Markdown text, with the line range each one spans.
fn blocks(text: &str) -> Vec<(usize, usize, Vec<Step>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < lines.len() && !lines[end].starts_with("```") {
            end += 1;
        }
        let mut steps: Vec<Step> = Vec::new();
        for line in &lines[start..end] {
            match line.strip_prefix("$ ") {
                Some(cmd) => steps.push(Step {
                    command: cmd.to_owned(),
                    output: String::new(),
                }),
                None => {
                    if let Some(s) = steps.last_mut() {
                        s.output.push_str(line);
                        s.output.push('\n');
                    }
                }
            }
        }
        out.push((start, end, steps));
        i = end + 1;
    }
    out
}

/// Runs the steps of every block in order, in one temporary `/tmp`.
fn run_all(file: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let fake_tmp = tmp.path().join("tmp");
    std::fs::create_dir_all(&fake_tmp).unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_tracker"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cwd = fake_tmp.clone();
    let shown = |s: &str| s.replace(&fake_tmp.display().to_string(), "/tmp");
    let mut failures = Vec::new();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Replace from the last block up, so earlier line numbers stay right.
    let mut rewritten: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (start, end, steps) in blocks(&text) {
        let mut new_block = Vec::new();
        for step in steps {
            let command = step.command.replace("/tmp", &fake_tmp.display().to_string());
            new_block.push(format!("$ {}", step.command));
            if let Some(dir) = command.strip_prefix("cd ") {
                cwd = cwd.join(dir.trim());
                continue;
            }
            let out = Command::new("sh")
                .arg("-c")
                .arg(&command)
                .current_dir(&cwd)
                .env_clear()
                .env("PATH", &path)
                .env("HOME", tmp.path())
                .env("NO_COLOR", "1")
                .env("COLUMNS", "100")
                .env("LC_ALL", "C")
                .env("TZ", "UTC")
                .output()
                .unwrap();
            let got = shown(&format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
            if got != step.output {
                failures.push(format!(
                    "{}: `$ {}`\n--- README shows ---\n{}--- it gives ---\n{}",
                    file.display(),
                    step.command,
                    step.output,
                    got
                ));
            }
            new_block.extend(got.lines().map(str::to_owned));
        }
        rewritten.push((start, end, new_block));
    }
    for (start, end, block) in rewritten.into_iter().rev() {
        lines.splice(start..end, block);
    }
    (lines.join("\n") + "\n", failures)
}

#[test]
fn the_readme_tour_runs_as_printed() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let (updated, failures) = run_all(&file);
    if std::env::var_os("README_UPDATE").is_some() {
        std::fs::write(&file, updated).unwrap();
        return;
    }
    assert!(
        blocks(&std::fs::read_to_string(&file).unwrap()).len() >= 4,
        "the tour has console blocks"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_report_guide_runs_as_printed() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.md");
    let (updated, failures) = run_all(&file);
    if std::env::var_os("README_UPDATE").is_some() {
        std::fs::write(&file, updated).unwrap();
        return;
    }
    assert!(
        !blocks(&std::fs::read_to_string(&file).unwrap()).is_empty(),
        "docs/report.md has a console block"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
