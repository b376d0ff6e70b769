//! `tracker status | head -1`: when the reader goes away, tracker stops quietly with
//! exit code 0 instead of panicking or printing an error.

use crate::support::{Folder, Run, TODAY, command};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// 2000 commitments: every format writes far more than a pipe holds (64 KiB).
fn many_commitments() -> Folder {
    let f = Folder::new(&[]);
    for i in 0..2000 {
        f.write(
            &format!("prevention/c{i}.yaml"),
            &format!(
                "id: c{i}\ntitle: Commitment number {i}\npillar: prevention\nowner: Unit {i}\n\
                 milestones:\n  - {{id: m1, title: First step, due: 2027-06-30}}\n"
            ),
        );
    }
    f
}

/// Runs `tracker --today … ARGS`, reads one line of its output, closes the pipe.
fn read_one_line(f: &Folder, args: &[&str]) -> (String, Run) {
    let mut child = command(f.root())
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tracker");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    reader.read_line(&mut first).expect("read a line");
    drop(reader);
    let out = child.wait_with_output().expect("wait for tracker");
    let run = Run {
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    };
    (first, run)
}

#[test]
fn table_into_a_closed_pipe() {
    let f = many_commitments();
    let (first, r) = read_one_line(&f, &["status"]);
    assert_eq!(first, "Test strategy\n");
    assert!(!r.stderr.contains("panicked"), "{r}");
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stderr, "", "{r}");
}

#[test]
fn markdown_into_a_closed_pipe() {
    let f = many_commitments();
    let (first, r) = read_one_line(&f, &["status", "--format", "markdown"]);
    assert_eq!(first, "# Test strategy\n");
    assert!(!r.stderr.contains("panicked"), "{r}");
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn json_into_a_closed_pipe() {
    let f = many_commitments();
    let (first, r) = read_one_line(&f, &["status", "--format", "json"]);
    assert_eq!(first, "{\n");
    assert!(!r.stderr.contains("panicked"), "{r}");
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stderr, "", "{r}");
}

#[test]
fn csv_into_a_closed_pipe() {
    let f = many_commitments();
    let (first, r) = read_one_line(&f, &["status", "--format", "csv"]);
    assert!(first.starts_with("as_of,id,"), "{first}");
    assert!(!r.stderr.contains("panicked"), "{r}");
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stderr, "", "{r}");
}
