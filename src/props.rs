//! Property tests over the loader, the renderers, the edit engine and the replay.
//!
//! They run in the normal `cargo test` with a small number of cases; `scripts/fuzz.sh`
//! runs them for as long as asked, with many more (`PROPTEST_CASES`).

use crate::edit::{Action, edit};
use crate::git::ObjectId;
use crate::git::tree::{FILE_MODE, FileChange, Now, Version};
use crate::history::replay::{Known, Parser, Replay};
use crate::load::{Loaded, parse_commitment, parse_strategy};
use crate::model::Commitment;
use crate::render::{self, Style, is_hidden};
use crate::source::{Content, RawFile, Source};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The number of cases: `PROPTEST_CASES` when set, else a few dozen.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const STRATEGY: &str = "id: s\ntitle: S\npillars:\n  - {id: prevention, title: Prevention}\n  - {id: detection, title: Detection}\n";

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real day") + chrono::Days::new(u64::from(n))
}

/// Text that looks like YAML often enough to reach deep into the decoder: keys of the
/// format, flow and block syntax, anchors, tags, quotes, odd characters.
fn yamlish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just("id: ".to_owned()),
        Just("title: ".to_owned()),
        Just("pillar: prevention".to_owned()),
        Just("owner: ".to_owned()),
        Just("milestones:\n".to_owned()),
        Just("  - id: m1\n".to_owned()),
        Just("    due: 2026-02-30\n".to_owned()),
        Just("    done: 2026-01-10\n".to_owned()),
        Just("    colour: red\n".to_owned()),
        Just("links:\n  - {title: x, url: ".to_owned()),
        Just("events:\n  - date: ".to_owned()),
        Just("indicators:\n  - id: i\n    actuals: [".to_owned()),
        Just("&a [*a, *a]".to_owned()),
        Just("!!binary ".to_owned()),
        Just("\n".to_owned()),
        Just("\"\\u202e\\e[2J\"".to_owned()),
        "[ -~]{0,12}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.concat().into_bytes())
}

fn any_file() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..300), yamlish()]
}

/// A valid commitment file, with a comment line an edit must keep.
#[derive(Debug, Clone)]
struct Written {
    id: String,
    owner: String,
    pillar: &'static str,
    milestones: Vec<(u32, Option<u32>)>,
}

impl Written {
    fn text(&self) -> String {
        let mut s = format!(
            "# kept by every edit\nid: {}\ntitle: Commitment {}\npillar: {}\nowner: {}\nmilestones:\n",
            self.id,
            self.id,
            self.pillar,
            serde_json::to_string(&self.owner).expect("a string")
        );
        for (i, (due, done)) in self.milestones.iter().enumerate() {
            s.push_str(&format!(
                "  - id: m{i}\n    title: Step {i}\n    due: {}\n",
                day(*due)
            ));
            if let Some(d) = done {
                s.push_str(&format!("    done: {}\n", day(*d)));
            }
        }
        s
    }
}

fn written(ids: &'static [&'static str]) -> impl Strategy<Value = Written> {
    (
        prop::sample::select(ids),
        "[A-Za-z][A-Za-z :#'\"-]{0,20}",
        prop::sample::select(&["prevention", "detection"][..]),
        prop::collection::vec((0u32..300, prop::option::of(0u32..300)), 1..4),
    )
        .prop_map(|(id, owner, pillar, milestones)| Written {
            id: id.to_owned(),
            owner: owner.trim().to_owned() + "x",
            pillar,
            milestones,
        })
}

fn action(n_milestones: usize) -> impl Strategy<Value = Action> {
    let m = (0..n_milestones).prop_map(|i| format!("m{i}"));
    prop_oneof![
        (
            m.clone(),
            0u32..300,
            any::<bool>(),
            proptest::collection::vec(0usize..3, 0..3),
            proptest::option::of(0usize..3)
        )
            .prop_map(|(milestone, d, redate, urls, confidence)| Action::MilestoneDone {
                milestone,
                date: day(d),
                redate,
                evidence: urls
                    .into_iter()
                    .map(|u| [
                        "https://example.org/a",
                        "https://example.org/b?x=1&y=2",
                        "https://e.example/'q'"
                    ][u]
                        .to_owned())
                    .collect(),
                confidence: confidence.map(|c| crate::model::Confidence::ALL[c]),
            }),
        m.clone()
            .prop_map(|milestone| Action::MilestoneReopen { milestone }),
        (m, 0u32..300).prop_map(|(milestone, d)| Action::MilestoneDue {
            milestone,
            date: day(d)
        }),
        (0u32..300).prop_map(|d| Action::Due(day(d))),
        "[A-Za-z][A-Za-z :#'\"&*!|>{}\\[\\]-]{0,30}".prop_map(|o| Action::Owner(o.trim().to_owned() + "x")),
    ]
}

fn raw(path: &str, bytes: &[u8]) -> RawFile {
    RawFile {
        path: path.to_owned(),
        content: Content::Bytes {
            data: Arc::from(bytes),
            blob: None,
        },
    }
}

/// Every human-readable rendering of the status of a strategy holding these files.
fn renderings(files: &[Vec<u8>]) -> (String, Vec<(&'static str, String)>) {
    let mut raws = vec![raw("strategy/strategy.yaml", STRATEGY.as_bytes())];
    for (i, f) in files.iter().enumerate() {
        raws.push(raw(&format!("strategy/prevention/f{i}.yaml"), f));
    }
    let loaded = Loaded::checked("strategy", raws, Source::Files, day(200));
    let strategy = loaded.strategy.clone().expect("the test strategy is valid");
    let r = crate::report::status::build(&strategy, &loaded, day(200), &Default::default());
    let render_with = |f: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>| {
        let mut out = Vec::new();
        f(&mut out).expect("rendering to memory");
        String::from_utf8(out).expect("renderers write UTF-8")
    };
    let style = Style {
        color: false,
        width: 100,
        wide: false,
    };
    let json = render_with(&|w| render::json::write(w, &r));
    let human = vec![
        ("table", render_with(&|w| render::table::status(w, &r, &style))),
        (
            "csv",
            render_with(&|w| render::sanitized(w, |w| render::csv::status(w, &r, false))),
        ),
        (
            "markdown",
            render_with(&|w| render::sanitized(w, |w| render::markdown::status(w, &r))),
        ),
        (
            "html",
            render_with(&|w| render::sanitized(w, |w| render::html::status(w, &r))),
        ),
        (
            "check",
            render_with(&|w| {
                render::findings::text(
                    w,
                    &loaded.findings,
                    loaded.files.len() + 1,
                    render::findings::Shown {
                        max: None,
                        foreign: None,
                    },
                )
            }),
        ),
    ];
    (json, human)
}

/// Lines of block YAML made of pieces the quick reader has to get right or leave alone:
/// keys and scalars that look like numbers, dates, nulls and booleans, quotes, comments,
/// colons, indicators, odd indents and characters.
fn blockish() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        4 => "[a-z_][a-z0-9_-]{0,5}",
        1 => prop::sample::select(&["true", "Null", "NULL", "_", "2024", "a b", "é", "id", "id ", "<<", "-x"][..]).prop_map(str::to_owned),
    ]
    .boxed();
    let scalar = prop_oneof![
        3 => prop::sample::select(
            &[
                "", "~", "null", "True", "FALSE", "yes", "0", "7", "007", "0x1F", "0o7", "1e3", "1.5", ".inf", "-.inf",
                "nan", "infinity", "+1", "-1", "2026-06-30", "2026-6-30", "2026-06-30T10:00:00Z", "12345678901234567890", "17th", "469 for, 112 against", "1.", "00.5", "0.50", "1_000", "1,000", "12:30", "2026-06-30 x", "9e", "1.2.3", "1e", "0x", "0b2",
                "a: b", "a:", "a #c", "a#c", "'it''s'", "'a' b", "'open", "\"q\"", "\"a\\nb\"", "\"x\" # c",
                "- x", "-x", "[a]", "{a: 1}", "&a x", "*a", "!t x", "|", ">-", "%x", "@x", "`x", "? x", ",x",
                "http://x.org/a#b", "Unit 7, DG HOME", "Évaluation", "\u{a0}x", "x\u{85}y", "a  b", "# only",
            ][..]
        )
        .prop_map(str::to_owned),
        6 => "[A-Za-z_][A-Za-z0-9 ,.'/()#:-]{0,10}",
        2 => "[1-9][0-9]{0,3}|20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        2 => "[0-9]{1,3}[.][0-9]{1,3}|[0-9]{1,3}[a-zA-Z ,;:._+-]{1,5}[0-9]?",
        1 => "[ -~]{0,10}",
        1 => "[a-z0-9 :#'\"\\.,-]{0,8}",
        1 => any::<char>().prop_map(|c| format!("a{c}")),
    ]
    .boxed();
    let line = (0usize..7, 0u8..8, key.clone(), scalar.clone()).prop_map(|(indent, kind, key, scalar)| {
        let pad = " ".repeat(indent);
        match kind {
            0 | 1 => format!("{pad}{key}: {scalar}"),
            2 => format!("{pad}{key}:"),
            3 => format!("{pad}- {scalar}"),
            4 => format!("{pad}- {key}: {scalar}"),
            5 => format!("{pad}- {key}:"),
            6 => format!("{pad}-"),
            _ => format!("{pad}# {scalar}"),
        }
    });
    let lines = prop::collection::vec(line, 1..12).prop_map(|lines| lines.join("\n") + "\n");
    let tree = (block_tree(key, scalar), any::<bool>()).prop_map(|(t, unended)| {
        let mut out = String::new();
        t.render(0, &mut out);
        if unended {
            out.pop();
        }
        out
    });
    prop_oneof![lines, tree]
}

/// A mapping, sequence or scalar, nested, written out as block YAML with varied
/// indents: what the quick reader reads, with tricky keys and scalars in it.
#[derive(Debug, Clone)]
enum Block {
    Scalar(String),
    /// A block scalar: its header (`|`, `>-`…) and its lines, each with how much deeper
    /// than the rest it sits (an empty line is blank, or spaces only).
    Text(String, Vec<(usize, String)>),
    /// Entries, each with how much deeper its value sits (a sequence may sit at 0).
    Map(Vec<(String, usize, Block)>),
    Seq(Vec<Block>),
}

impl Block {
    fn text_lines(lines: &[(usize, String)], indent: usize, out: &mut String) {
        for (deeper, line) in lines {
            if line.trim().is_empty() {
                out.push_str(&format!("{line}\n"));
            } else {
                out.push_str(&format!("{}{line}\n", " ".repeat(indent + 2 + deeper)));
            }
        }
    }

    /// Writes a scalar, or a block text's header, after `lead` on one line (the text's
    /// lines below it); `false` for a mapping or a sequence, which the caller lays out.
    fn inline(&self, lead: &str, indent: usize, out: &mut String) -> bool {
        match self {
            Block::Scalar(s) => out.push_str(&format!("{lead}{s}\n")),
            Block::Text(header, lines) => {
                out.push_str(&format!("{lead}{header}\n"));
                Block::text_lines(lines, indent, out);
            }
            Block::Map(_) | Block::Seq(_) => return false,
        }
        true
    }

    fn render(&self, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match self {
            Block::Scalar(_) | Block::Text(..) => {
                self.inline(&pad, indent, out);
            }
            Block::Map(entries) => {
                for (key, deeper, value) in entries {
                    if value.inline(&format!("{pad}{key}: "), indent, out) {
                        continue;
                    }
                    out.push_str(&format!("{pad}{key}:\n"));
                    let deeper = if matches!(value, Block::Map(_)) {
                        (*deeper).max(1)
                    } else {
                        *deeper
                    };
                    value.render(indent + deeper, out);
                }
            }
            Block::Seq(items) => {
                for item in items {
                    if item.inline(&format!("{pad}- "), indent, out) {
                        continue;
                    }
                    if matches!(item, Block::Map(_)) {
                        let mut inner = String::new();
                        item.render(indent + 2, &mut inner);
                        out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
                    } else {
                        out.push_str(&format!("{pad}-\n"));
                        item.render(indent + 2, out);
                    }
                }
            }
        }
    }
}

fn block_tree(
    key: impl Strategy<Value = String> + Clone + 'static,
    scalar: impl Strategy<Value = String> + Clone + 'static,
) -> impl Strategy<Value = Block> {
    let header = prop::sample::select(
        &[
            "|", "|-", ">", ">-", "|+", ">+", "|2", "| # c", ">-  # c", "|x", ">-#",
        ][..],
    );
    let line = prop_oneof![
        6 => (Just(0usize), "[A-Za-z0-9 #:'\"-]{1,12}"),
        1 => (1usize..3, "[A-Za-z0-9 ]{1,6}"),
        2 => (Just(0usize), prop::sample::select(&["", "  ", "      "][..]).prop_map(str::to_owned)),
    ];
    let text =
        (header, prop::collection::vec(line, 1..6)).prop_map(|(h, lines)| Block::Text(h.to_owned(), lines));
    let leaf = prop_oneof![3 => scalar.prop_map(Block::Scalar), 1 => text];
    let tree = leaf.prop_recursive(4, 24, 5, move |inner| {
        prop_oneof![
            prop::collection::vec((key.clone(), 0usize..4, inner.clone()), 1..5).prop_map(Block::Map),
            prop::collection::vec(inner, 1..4).prop_map(Block::Seq),
        ]
    });
    (prop::collection::vec(("[a-z]{1,4}", 0usize..4, tree), 1..5)).prop_map(Block::Map)
}

proptest! {
    // Cheap cases, and the reader's mistakes are rare: many more of them.
    #![proptest_config(ProptestConfig { cases: config().cases * 40, ..config() })]

    /// Whatever the quick YAML reader reads, serde_yaml reads the same, key for key and
    /// in the same order; what serde_yaml refuses, the quick reader leaves to it.
    #[test]
    fn the_quick_yaml_reader_agrees_with_serde_yaml(
        text in prop_oneof![
            4 => blockish(),
            1 => any_file().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
            1 => (written(&["alpha", "beta"]), any::<prop::sample::Index>(), blockish())
                .prop_map(|(w, at, extra)| {
                    let text = w.text();
                    let mut at = at.index(text.len() + 1);
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    format!("{}{extra}{}", &text[..at], &text[at..])
                }),
        ]
    ) {
        if let Some(quick) = crate::yaml::fast::read(&text) {
            let serde = serde_yaml::from_str::<serde_yaml::Value>(&text);
            prop_assert!(serde.is_ok(), "serde_yaml refuses {text:?}: {serde:?}, the quick reader gave {quick:?}");
            prop_assert_eq!(format!("{quick:?}"), format!("{:?}", serde.expect("checked")), "{:?}", text);
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Any bytes: the loader never panics, and every finding has a real position.
    #[test]
    fn any_bytes_load_without_panic(bytes in any_file()) {
        for parsed in [parse_commitment("a.yaml", &bytes).findings, parse_strategy("s.yaml", &bytes).findings] {
            for f in parsed {
                prop_assert!(f.line >= 1 && f.column >= 1, "{f}");
            }
        }
    }

    /// Any bytes: the quick parse of the history walk agrees with the full parse on
    /// the value, on whether the file has errors, and on the first error and its place.
    #[test]
    fn the_quick_parse_agrees_with_the_full_one(bytes in any_file()) {
        let full = parse_commitment("a.yaml", &bytes);
        let quick = crate::load::parse_commitment_quick("a.yaml", std::sync::Arc::from(bytes.as_slice()));
        prop_assert_eq!(&quick.value, &full.value);
        prop_assert_eq!(quick.has_errors(), full.has_errors());
        let place = |f: Option<crate::finding::Finding>| f.map(|f| (f.line, f.column, f.rule, f.message));
        prop_assert_eq!(place(quick.first_error("a.yaml")), place(full.first_error("a.yaml")));
    }

    /// Any files: the status renders as valid JSON, and with no control, bidi or
    /// zero-width character in any human-readable format.
    #[test]
    fn any_files_render_safely(files in prop::collection::vec(any_file(), 0..4)) {
        let (json, human) = renderings(&files);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
        for (format, text) in human {
            let hidden = text.chars().find(|c| *c != '\n' && *c != '\t' && is_hidden(*c));
            prop_assert!(hidden.is_none(), "{format}: U+{:04X} in {text:?}", hidden.map_or(0, |c| c as u32));
        }
    }

    /// Any valid commitment and any edit: the edited file reloads as exactly the
    /// intended commitment, keeps its comment, and a move or an owner change is never
    /// refused.
    #[test]
    fn edits_reload_as_intended((w, change) in written(&["alpha", "beta"]).prop_flat_map(|w| {
        let n = w.milestones.len();
        (Just(w), action(n))
    })) {
        let text = w.text();
        let before = parse_commitment("a.yaml", text.as_bytes());
        prop_assert!(!before.has_errors(), "{text}: {:?}", before.findings);
        let before = before.value.expect("valid");
        match edit("a.yaml", text.as_bytes(), &change) {
            Ok(Some(e)) => {
                let got = parse_commitment("a.yaml", e.after.as_bytes());
                prop_assert!(!got.has_errors(), "{}", e.after);
                let expected = change.apply(&before).expect("the edit was allowed");
                prop_assert_eq!(got.value.as_ref(), Some(&expected));
                prop_assert!(e.after.starts_with("# kept by every edit\n"), "{}", e.after);
            }
            Ok(None) => prop_assert_eq!(change.apply(&before).ok(), Some(before.clone())),
            Err(err) => {
                prop_assert!(
                    !matches!(change, Action::MilestoneDue { .. } | Action::Owner(_) | Action::Due(_)),
                    "{change:?} refused: {err}\n{text}"
                );
            }
        }
    }

    /// Any history of valid versions (files added, changed, moved, deleted): after each
    /// commit the replay knows exactly the commitments the files then hold, and a commit
    /// that changes nothing gives no event.
    #[test]
    fn replay_gives_each_commits_state(steps in prop::collection::vec(
        prop::collection::btree_map(
            prop::sample::select(&["strategy/prevention/a.yaml", "strategy/prevention/b.yaml", "strategy/detection/c.yaml"][..]),
            prop::option::of(written(&["alpha", "beta", "gamma"])),
            0..3,
        ),
        1..8,
    )) {
        let mut replay = Replay::new("strategy", Known::default());
        let mut parser = Parser::default();
        let mut files: BTreeMap<&str, Written> = BTreeMap::new();
        for step in steps {
            let mut next = files.clone();
            for (path, w) in &step {
                match w {
                    Some(w) => next.insert(path, w.clone()),
                    None => next.remove(path),
                };
            }
            // Two files with one id are a copy, reported as a duplicate: keep ids unique.
            let mut ids: Vec<&str> = next.values().map(|w| w.id.as_str()).collect();
            ids.sort_unstable();
            if ids.windows(2).any(|p| p[0] == p[1]) {
                continue;
            }
            let changes: Vec<_> = files
                .keys()
                .chain(next.keys())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(|path| {
                    let now = match next.get(path) {
                        Some(w) => {
                            let bytes = w.text().into_bytes();
                            let v = Version { blob: ObjectId::for_blob(&bytes).expect("hash"), mode: FILE_MODE };
                            Now::Bytes(v, Arc::from(bytes))
                        }
                        None => Now::Gone,
                    };
                    parser.file(FileChange { path: (*path).to_owned(), now })
                })
                .collect();
            replay.apply(changes);
            let want: BTreeMap<String, (String, Commitment)> = next
                .iter()
                .map(|(path, w)| {
                    let c = parse_commitment(path, w.text().as_bytes()).value.expect("valid");
                    (w.id.clone(), ((*path).to_owned(), c))
                })
                .collect();
            let got: BTreeMap<String, (String, Commitment)> = replay
                .state
                .known
                .iter()
                .map(|(id, l)| (id.clone(), (l.path.clone(), l.commitment.clone())))
                .collect();
            prop_assert_eq!(&got, &want);
            // The same files again: nothing happened.
            let same: Vec<_> = next
                .iter()
                .map(|(path, w)| {
                    let bytes = w.text().into_bytes();
                    let v = Version { blob: ObjectId::for_blob(&bytes).expect("hash"), mode: FILE_MODE };
                    parser.file(FileChange { path: (*path).to_owned(), now: Now::Bytes(v, Arc::from(bytes)) })
                })
                .collect();
            prop_assert_eq!(replay.apply(same), vec![]);
            files = next;
        }
    }
}
