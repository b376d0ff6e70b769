//! Positions of nodes in a YAML text, found by their path (`milestones.2.done`).
//!
//! Files are parsed with `serde_yaml`, which gives no positions for nodes; this module
//! walks the text's event stream once (with `saphyr-parser`, which marks every event)
//! and maps each node's path to where its key and value start. It is only built for a
//! file that has something to report, so valid files are parsed once.

use crate::finding::Pos;
use saphyr_parser::{Event, Parser, Span};
use std::collections::HashMap;
use std::fmt;

/// One step into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A key of a mapping.
    Key(String),
    /// An index in a sequence, from 0.
    Index(usize),
}

/// The path of a node from the document's root: a chain of steps, each sharing its
/// parent, so that going one step deeper or keeping a path costs one allocation or
/// none (the decoder makes a path for every value it reads, and uses few of them).
#[derive(Clone, Default)]
pub struct YPath(Option<std::sync::Arc<Step>>);

struct Step {
    parent: YPath,
    seg: Seg,
}

impl YPath {
    /// The document's root.
    pub fn root() -> Self {
        YPath(None)
    }

    /// This path, one key deeper.
    pub fn key(&self, key: &str) -> Self {
        self.then(Seg::Key(key.to_owned()))
    }

    /// This path, one index deeper.
    pub fn index(&self, index: usize) -> Self {
        self.then(Seg::Index(index))
    }

    fn then(&self, seg: Seg) -> Self {
        YPath(Some(std::sync::Arc::new(Step {
            parent: self.clone(),
            seg,
        })))
    }

    fn parent(&self) -> Option<YPath> {
        self.0.as_ref().map(|step| step.parent.clone())
    }

    /// The steps from the root.
    fn segs(&self) -> Vec<&Seg> {
        let mut segs = Vec::new();
        let mut at = self;
        while let Some(step) = &at.0 {
            segs.push(&step.seg);
            at = &step.parent;
        }
        segs.reverse();
        segs
    }

    fn lookup_key(&self) -> String {
        let mut s = String::new();
        for seg in self.segs() {
            s.push('\u{1f}');
            match seg {
                Seg::Key(k) => s.push_str(k),
                Seg::Index(i) => s.push_str(&format!("#{i}")),
            }
        }
        s
    }
}

impl PartialEq for YPath {
    fn eq(&self, other: &Self) -> bool {
        self.segs() == other.segs()
    }
}

impl Eq for YPath {}

impl fmt::Debug for YPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("YPath").field(&self.segs()).finish()
    }
}

impl fmt::Display for YPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segs().into_iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Spot {
    key: Option<Pos>,
    value: Pos,
}

enum Frame {
    Map {
        path: YPath,
        key: Option<(String, Pos)>,
    },
    Seq {
        path: YPath,
        next: usize,
    },
    /// A complex key (a mapping or sequence used as a key): its insides have no path.
    Skip,
}

/// Where the nodes of one YAML text are.
#[derive(Debug, Default)]
pub struct Locator {
    spots: HashMap<String, Spot>,
    documents: Vec<Pos>,
}

fn pos(span: &Span) -> Pos {
    Pos {
        line: span.start.line().max(1),
        column: span.start.col() + 1,
    }
}

impl Locator {
    /// Walks the text once. A syntax error stops the walk; what was seen before it is kept.
    pub fn new(text: &str) -> Self {
        let mut loc = Locator::default();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let here = pos(&span);
            match event {
                Event::DocumentStart(_) => {
                    loc.documents.push(here);
                    stack.clear();
                }
                Event::Scalar(value, ..) => {
                    loc.node(&mut stack, here, Some(value.as_ref()), None);
                }
                Event::Alias(_) => loc.node(&mut stack, here, None, None),
                Event::MappingStart(..) => loc.node(&mut stack, here, None, Some(true)),
                Event::SequenceStart(..) => loc.node(&mut stack, here, None, Some(false)),
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        loc
    }

    /// Records one node; `open` is `Some(true)` for a mapping, `Some(false)` for a sequence.
    fn node(&mut self, stack: &mut Vec<Frame>, here: Pos, scalar: Option<&str>, open: Option<bool>) {
        let path = match stack.last_mut() {
            None => Some(YPath::root()),
            Some(Frame::Skip) => None,
            Some(Frame::Seq { path, next }) => {
                let p = path.index(*next);
                *next += 1;
                Some(p)
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some((k, key_pos)) => {
                    let p = path.key(&k);
                    self.spots.insert(
                        p.lookup_key(),
                        Spot {
                            key: Some(key_pos),
                            value: here,
                        },
                    );
                    if let Some(open) = open {
                        stack.push(Self::frame(p, open));
                    }
                    return;
                }
                None => {
                    // This node is a key. Complex keys get no path.
                    match (scalar, open) {
                        (Some(s), _) => *key = Some((s.to_owned(), here)),
                        (None, Some(_)) => {
                            *key = Some((String::from("?"), here));
                            stack.push(Frame::Skip);
                        }
                        (None, None) => *key = Some((String::from("*"), here)),
                    }
                    return;
                }
            },
        };
        if let Some(p) = &path {
            self.spots.entry(p.lookup_key()).or_insert(Spot {
                key: None,
                value: here,
            });
        }
        if let Some(open) = open {
            stack.push(match path {
                Some(p) => Self::frame(p, open),
                None => Frame::Skip,
            });
        }
    }

    fn frame(path: YPath, open: bool) -> Frame {
        if open {
            Frame::Map { path, key: None }
        } else {
            Frame::Seq { path, next: 0 }
        }
    }

    fn spot(&self, path: &YPath) -> Option<(Spot, bool)> {
        let mut p = Some(path.clone());
        let mut exact = true;
        while let Some(cur) = p {
            if let Some(spot) = self.spots.get(&cur.lookup_key()) {
                return Some((*spot, exact));
            }
            exact = false;
            p = cur.parent();
        }
        None
    }

    /// Where the value at `path` starts; the nearest enclosing node if it is not there.
    pub fn value(&self, path: &YPath) -> Pos {
        self.spot(path).map_or(Pos::START, |(s, _)| s.value)
    }

    /// Where the key of the entry at `path` starts (falls back to the value's position).
    pub fn key(&self, path: &YPath) -> Pos {
        match self.spot(path) {
            Some((s, true)) => s.key.unwrap_or(s.value),
            Some((s, false)) => s.value,
            None => Pos::START,
        }
    }

    /// Where each document of the stream starts.
    pub fn documents(&self) -> &[Pos] {
        &self.documents
    }
}

/// Where the first key that repeats an earlier key of the same mapping is, with the
/// key. serde_yaml reports a duplicate key at the start of its mapping; this finds the
/// key itself. Only plain scalar keys are compared (as serde_yaml compares values,
/// `a` and `"a"` are the same key).
pub fn first_duplicate_key(text: &str) -> Option<(String, Pos)> {
    // For each open collection: for a mapping, the keys seen and whether the next node is
    // a key; for a sequence, nothing.
    enum Open {
        Map {
            keys: std::collections::HashSet<String>,
            expect_key: bool,
        },
        Seq,
    }
    let mut stack: Vec<Open> = Vec::new();
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { return None };
        // A node that is a mapping's value flips it back to expecting a key.
        let node = |stack: &mut Vec<Open>, key: Option<&str>| -> Option<(String, Pos)> {
            if let Some(Open::Map { keys, expect_key }) = stack.last_mut() {
                if *expect_key {
                    *expect_key = false;
                    if let Some(k) = key
                        && !keys.insert(k.to_owned())
                    {
                        return Some((k.to_owned(), pos(&span)));
                    }
                } else {
                    *expect_key = true;
                }
            }
            None
        };
        match event {
            Event::Scalar(value, ..) => {
                if let Some(found) = node(&mut stack, Some(value.as_ref())) {
                    return Some(found);
                }
            }
            Event::Alias(_) => {
                node(&mut stack, None);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                node(&mut stack, None);
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Open::Map {
                        keys: Default::default(),
                        expect_key: true,
                    }
                } else {
                    Open::Seq
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::DocumentEnd => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "id: a\n# comment\nmilestones:\n  - id: m1\n    due: 2022-01-01\n  - {id: m2, due: x}\ntags: [a, b]\n";

    #[test]
    fn finds_keys_and_values() {
        let loc = Locator::new(TEXT);
        let root = YPath::root();
        assert_eq!(loc.key(&root.key("id")), Pos { line: 1, column: 1 });
        assert_eq!(loc.value(&root.key("id")), Pos { line: 1, column: 5 });
        let m0 = root.key("milestones").index(0);
        assert_eq!(loc.value(&m0.key("due")), Pos { line: 5, column: 10 });
        let m1 = root.key("milestones").index(1);
        assert_eq!(loc.key(&m1.key("due")), Pos { line: 6, column: 14 });
        assert_eq!(loc.value(&m1.key("due")), Pos { line: 6, column: 19 });
        assert_eq!(loc.value(&root.key("tags").index(1)), Pos { line: 7, column: 11 });
    }

    #[test]
    fn falls_back_to_the_nearest_parent() {
        let loc = Locator::new(TEXT);
        let missing = YPath::root().key("milestones").index(0).key("title");
        assert_eq!(loc.key(&missing), Pos { line: 4, column: 5 });
    }

    #[test]
    fn finds_the_repeated_key_itself() {
        let text = "id: a\nmilestones:\n  - id: m1\n    due: 1\n    due: 2\n";
        assert_eq!(
            first_duplicate_key(text),
            Some(("due".to_owned(), Pos { line: 5, column: 5 }))
        );
        assert_eq!(
            first_duplicate_key("a: {x: 1, y: {x: 2}}\nb: 1\nb: 2\n"),
            Some(("b".to_owned(), Pos { line: 3, column: 1 }))
        );
        assert_eq!(first_duplicate_key("a: [x, x]\nb: {c: 1}\n"), None);
    }

    #[test]
    fn survives_garbage_and_counts_documents() {
        let loc = Locator::new("a: 1\n---\nb: [\n");
        assert_eq!(loc.documents().len(), 2);
        assert_eq!(loc.documents()[1].line, 2);
        let _ = Locator::new("\u{0}\u{1}: [{]}");
    }
}
