//! The history of a roll-up: every source's first-parent walk, with qualified ids and
//! paths and the roll-up's pillars, merged by commit date.
//!
//! A source's walk is that of its HEAD (with its own cache under `.git/tracker/`), or
//! with a `rev`, of that revision's first-parent line (without the cache).

use super::{Rollup, SourceSpec};
use crate::compare::{ChangeKind, Located, Value};
use crate::error::{Error, Result};
use crate::history::{Event, Walk};
use crate::model::{Strategy, Visibility};
use std::collections::HashMap;

/// A source that could not be walked, and why.
#[derive(Debug, Clone)]
pub struct Failed {
    /// The source's name.
    pub name: String,
    /// What went wrong.
    pub error: String,
    /// What to do about it.
    pub hint: Option<String>,
}

/// Every source's history as one walk, and what could not be read.
pub struct Merged {
    /// The walk: events oldest first, with qualified ids.
    pub walk: Walk,
    /// The sources that could not be walked.
    pub failed: Vec<Failed>,
    /// Changes to internal items left out of a public output.
    pub hidden: usize,
    /// The sources whose history could be read no further back than a commit, and where.
    pub cuts: Vec<(String, crate::git::walk::Boundary)>,
}

/// One source's walk and how many changes the audience left out of it.
type Walked = Result<(Walk, usize)>;

/// Every source's history as one walk (events oldest first), the sources that could not
/// be read, and, for a public audience, how many changes to internal items were left out
/// (each source by its own visibility rules).
pub fn walk(rollup: &Rollup, strategy: &Strategy, audience: Visibility) -> Merged {
    let mut merged = Walk::default();
    let mut failed = Vec::new();
    let mut hidden = 0;
    let mut cuts = Vec::new();
    let mut events: Vec<(usize, Event)> = Vec::new();
    let specs = &rollup.file.sources;
    // Two sources at a time where there are cores: each walk reads on one thread and
    // parses on another, and a source's opening and ending run alone.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let walks: Vec<Walked> = if threads < 2 || specs.len() < 2 {
        specs.iter().map(|s| source(rollup, s, audience)).collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let slots: Vec<std::sync::Mutex<Option<Walked>>> =
            specs.iter().map(|_| std::sync::Mutex::new(None)).collect();
        std::thread::scope(|scope| {
            for _ in 0..threads.min(specs.len()) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(spec) = specs.get(i) else { break };
                        let w = source(rollup, spec, audience);
                        if let Ok(mut slot) = slots[i].lock() {
                            *slot = Some(w);
                        }
                    }
                });
            }
        });
        slots
            .into_iter()
            .map(|m| {
                m.into_inner()
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| Err(Error::Usage("the source's walk stopped".into())))
            })
            .collect()
    };
    for (i, (spec, walked)) in specs.iter().zip(walks).enumerate() {
        match walked {
            Ok((w, h)) => {
                hidden += h;
                let w = qualified(spec, w, strategy);
                if let Some(b) = &w.boundary {
                    cuts.push((spec.name.clone(), b.clone()));
                }
                merged.commits += w.commits;
                merged.length += w.length;
                merged.malformed.extend(w.malformed);
                merged.known.extend(w.known);
                merged.retired.extend(w.retired);
                merged.touches.extend(w.touches);
                events.extend(w.events.into_iter().map(|e| (i, e)));
            }
            Err(e) => failed.push(Failed {
                name: spec.name.clone(),
                hint: (audience != Visibility::Public).then(|| e.hint()).flatten(),
                error: super::shown_error(e.to_string(), audience),
            }),
        }
    }
    // By commit time; a source's own order is kept where times are equal.
    events.sort_by_key(|(i, e)| (e.commit.as_ref().map_or(i64::MAX, |c| c.time), *i));
    merged.events = events.into_iter().map(|(_, e)| e).collect();
    merged.touches.sort_by_key(|t| t.commit.time);
    merged.boundary = cuts.first().map(|(_, b)| b.clone());
    Merged {
        walk: merged,
        failed,
        hidden,
        cuts,
    }
}

/// One source's walk, from its `rev` if it has one; for a public audience without the
/// changes to its internal items, and how many those were.
fn source(rollup: &Rollup, spec: &SourceSpec, audience: Visibility) -> Result<(Walk, usize)> {
    let repo = rollup.open(spec)?;
    let mut w = crate::history::walk(&repo, None)?;
    let mut hidden = 0;
    if audience == Visibility::Public {
        // The source's own default visibility, as its strategy.yaml at its tip says.
        let tip = repo.head()?.map(|h| h.id).unwrap_or_default();
        // Without a readable strategy.yaml what is internal by default cannot be told:
        // the source is left out rather than shown.
        let Some(own) = repo.strategy_at(&tip)? else {
            return Err(Error::Usage(format!(
                "its strategy.yaml at commit {} cannot be read, so what it keeps internal cannot be told",
                crate::git::short_id(&tip)
            )));
        };
        hidden = crate::lens::Secrets::of_walk(own.visibility, &w).filter_walk(&mut w);
    }
    Ok((w, hidden))
}

/// A source's walk with qualified ids and paths and the roll-up's pillars.
fn qualified(spec: &SourceSpec, mut w: Walk, strategy: &Strategy) -> Walk {
    let name = &spec.name;
    let prefix = |p: &str| format!("{name}/{p}");
    let qualify = |id: &str| format!("{name}:{id}");
    for e in &mut w.events {
        let c = &mut e.change;
        c.commitment = c.commitment.as_deref().map(qualify);
        c.path = prefix(&c.path);
        if c.kind == ChangeKind::Moved {
            for v in [&mut c.from, &mut c.to].into_iter().flatten() {
                if let Value::Text(t) = v {
                    *t = prefix(t);
                }
            }
        }
    }
    for t in &mut w.touches {
        t.path = prefix(&t.path);
    }
    let map = |located: HashMap<String, Located>| -> HashMap<String, Located> {
        located
            .into_iter()
            .map(|(id, mut l)| {
                l.path = prefix(&l.path);
                l.commitment.id = qualify(&l.commitment.id);
                if let Some(p) = spec.pillars.get(&l.commitment.pillar) {
                    l.commitment.pillar = p.clone();
                } else if strategy.pillar(&l.commitment.pillar).is_none() {
                    // A pillar the roll-up cannot place matches no pillar filter.
                    l.commitment.pillar = format!("{name}:{}", l.commitment.pillar);
                }
                for d in &mut l.commitment.depends_on {
                    *d = qualify(d);
                }
                (qualify(&id), l)
            })
            .collect()
    };
    w.known = map(std::mem::take(&mut w.known));
    w.retired = map(std::mem::take(&mut w.retired));
    w
}
