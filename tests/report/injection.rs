//! Hostile text from the files and from git, through every command and every format:
//! no terminal control, no bidi override, no zero-width character and no markup of its
//! own reaches a human-readable output; JSON keeps the text, escaped.

use crate::support::repo::{Fixture, Run, sig};

/// Every kind of hidden text found so far: ESC and CSI, OSC 8 (hyperlink) and OSC 52
/// (clipboard) sequences ended by BEL, C1 controls, a right-to-left override, an isolate,
/// zero-width characters and a byte-order mark.
const HIDDEN: &str = "\u{1b}[2J\u{1b}]8;;https://evil.example\u{7}x\u{1b}]8;;\u{7}\
                      \u{1b}]52;c;ZXZpbA==\u{7}\u{9b}31m\u{202e}gpj.exe\u{202c}\u{2066}\u{200b}\u{200d}\u{feff}";

/// Markup that would start a heading, a table row, an image, raw HTML and a code span.
const MARKUP: &str =
    "\n# Heading\n| fake | row |\n![i](https://evil.example/i.png) <script>alert(1)</script> `code`";

/// The characters that must never reach a human-readable output.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{061c}')
}

fn assert_no_hidden(what: &str, text: &str) {
    if let Some((i, c)) = text.char_indices().find(|(_, c)| is_hidden(*c)) {
        panic!(
            "{what}: U+{:04X} at byte {i}: {:?}",
            c as u32,
            &text[i.saturating_sub(40)..(i + 40).min(text.len())]
        );
    }
}

/// A YAML double-quoted scalar holding `s`, with every character outside printable
/// ASCII escaped (YAML refuses raw C1 controls and byte-order marks in a scalar).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A repository whose commitment carries hostile text in its title, owner, milestone and
/// evidence note, and whose commits carry it in the subject and the author's name.
pub(crate) fn hostile() -> Fixture {
    let f = Fixture::new();
    let nasty = format!("Title {HIDDEN}{MARKUP}");
    let text = |done: &str| {
        format!(
            "id: alpha\ntitle: {}\npillar: prevention\nowner: {}\nmilestones:\n  - id: m1\n    title: {}\n    due: 2026-10-31\n{done}    note: {}\n",
            quoted(&nasty),
            quoted(&format!("Owner {HIDDEN}")),
            quoted(&format!("Step {MARKUP}")),
            quoted(&format!("Note {HIDDEN}{MARKUP}")),
        )
    };
    f.write("strategy/prevention/alpha.yaml", &text(""));
    let who = sig(&format!("Eve {HIDDEN}"), "2026-10-01T10:00:00", 0);
    f.commit_as(&format!("Add alpha {HIDDEN}{MARKUP}"), &who, &who);
    f.write(
        "strategy/prevention/alpha.yaml",
        &text("    done: 2026-10-20\n").replace("2026-10-31", "2026-11-15"),
    );
    let who = sig(&format!("Mallory {HIDDEN}"), "2026-10-21T10:00:00", 0);
    f.commit_as(&format!("Done {HIDDEN}|x|"), &who, &who);
    f
}

fn run(f: &Fixture, args: &[&str]) -> Run {
    let r = f.run(args);
    assert!(r.code == 0 || r.code == 1, "{args:?}: {r}");
    assert!(!r.stderr.contains("panicked"), "{args:?}: {r}");
    r
}

#[test]
fn no_human_format_carries_hidden_text_or_markup() {
    let f = hostile();
    let commands: [&[&str]; 6] = [
        &["status"],
        &["status", "alpha"],
        &["history"],
        &["diff", "HEAD~1", "HEAD"],
        &["slips"],
        &["report", "--since", "2026-09-01"],
    ];
    for command in commands {
        let report = command[0] == "report";
        let formats: &[&str] = if report {
            &["markdown", "html"]
        } else if command == ["status"] {
            &["table", "csv", "markdown", "html"]
        } else {
            &["table", "csv", "markdown"]
        };
        for format in formats {
            let mut args = command.to_vec();
            args.extend(["--format", format]);
            let r = run(&f, &args);
            let what = format!("{args:?}");
            assert_no_hidden(&what, &r.stdout);
            assert_no_hidden(&format!("{what} stderr"), &r.stderr);
            if *format == "markdown" || *format == "html" {
                assert!(!r.stdout.contains("<script>"), "{what}: {}", r.stdout);
            }
            if *format == "markdown" {
                for line in r.stdout.lines() {
                    assert!(!line.starts_with("# Heading"), "{what}: {line}");
                    assert!(!line.starts_with("| fake"), "{what}: {line}");
                }
                assert!(!r.stdout.contains("![i]("), "{what}: {}", r.stdout);
            }
            if *format == "csv" {
                // Every record is one line: a field with a line break would be quoted,
                // and none of these outputs has a field that needs one.
                let records = csv_records(&r.stdout);
                let width = records[0];
                assert!(records.iter().all(|n| *n == width), "{what}: {}", r.stdout);
            }
        }
    }
}

/// The number of fields in each CSV record, quoted fields taken whole.
fn csv_records(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut fields, mut quoted, mut prev) = (1, false, '\0');
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields += 1,
            '\n' if !quoted => {
                out.push(fields);
                fields = 1;
            }
            _ => {}
        }
        prev = c;
    }
    assert_eq!(prev, '\n', "CSV ends with a line break");
    out
}

#[test]
fn json_keeps_the_text_escaped() {
    let f = hostile();
    for args in [
        &["status", "--format", "json"][..],
        &["history", "--format", "json"],
        &["report", "--format", "json", "--since", "2026-09-01"],
    ] {
        let r = run(&f, args);
        assert!(!r.stdout.contains('\u{1b}'), "{args:?}: raw ESC in JSON");
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
        let text = v.to_string();
        assert!(text.contains("\\u001b[2J"), "{args:?}: the data is kept: {text}");
    }
}

#[test]
fn edit_messages_carry_no_hidden_text() {
    let f = hostile();
    for args in [
        &["reopen", "alpha", "m1"][..],
        &["done", "alpha", "m1", "--date", "2026-11-01"],
        &["set", "alpha", "owner", "Someone"],
        &["due", "alpha", "m1", "2026-11-10"],
    ] {
        let r = run(&f, args);
        assert_eq!(r.code, 0, "{args:?}: {r}");
        assert!(!r.stdout.is_empty(), "{args:?}: {r}");
        assert_no_hidden(&format!("{args:?}"), &r.stdout);
        assert_no_hidden(&format!("{args:?} stderr"), &r.stderr);
    }
}

#[test]
fn a_huge_title_is_cut_in_tables_and_kept_whole_elsewhere() {
    // Laid out whole, a cell this long took minutes; cut first, it takes nothing.
    let title = "word ".repeat(200_000 / 5);
    let f = Fixture::new();
    let text = format!(
        "id: alpha\ntitle: {}\npillar: prevention\nowner: Unit\nmilestones:\n  - id: m1\n    title: M\n    due: 2026-10-31\n",
        title.trim()
    );
    f.write("strategy/prevention/alpha.yaml", &text);
    let who = sig("Alice", "2026-10-01T10:00:00", 0);
    f.commit_as("Add", &who, &who);
    f.write(
        "strategy/prevention/alpha.yaml",
        &text.replace("2026-10-31", "2026-11-30"),
    );
    let who = sig("Bob", "2026-10-21T10:00:00", 0);
    f.commit_as("Delay", &who, &who);
    for args in [
        &["status"][..],
        &["status", "alpha"],
        &["history"],
        &["diff", "HEAD~1", "HEAD"],
        &["slips"],
    ] {
        let r = run(&f, args);
        assert_eq!(r.code, 0, "{args:?}");
        // The detail view's heading gives the whole title, wrapped; every table cell is cut.
        let detail = args.len() == 2;
        let longest = r
            .stdout
            .lines()
            .filter(|l| !(detail && l.starts_with("alpha: word")))
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        assert!(longest < 2_000, "{args:?}: a line of {longest} characters");
        if args == ["status"] {
            assert!(
                r.stdout.contains(" …") || r.stdout.contains("wo…"),
                "{args:?}: the cut is shown: {}",
                r.stdout
            );
        }
    }
    let json = run(&f, &["status", "--format", "json"]).json();
    assert_eq!(json["commitments"][0]["title"], title.trim());
}
