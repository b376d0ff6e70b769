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
        (m.clone(), 0u32..300, any::<bool>()).prop_map(|(milestone, d, redate)| Action::MilestoneDone {
            milestone,
            date: day(d),
            redate,
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
            render_with(&|w| render::sanitized(w, |w| render::csv::status(w, &r))),
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
