//! The replay: writes a new git repository that rebuilds the shipped strategy event by
//! event, one commit per dated fact, on the day it happened.
//!
//! The plan comes from the shipped files themselves (when each milestone was done and
//! its source) plus `demo/replay.yaml` for due dates that moved, so one edit of a
//! shipped file updates the replay too. The plan ends exactly at the shipped files;
//! anything else is reported as drift.

mod emit;
pub mod split;
use crate::error::{Error, Result};
use crate::git::create::{NewCommit, NewRepo};
use crate::load::Loaded;
use crate::model::{Commitment, Status};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One due date that moved, from `demo/replay.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// Commitment id.
    pub commitment: String,
    /// Milestone id; absent for the commitment's own due date.
    pub milestone: Option<String>,
    /// Due date before the move.
    pub from: NaiveDate,
    /// Due date after the move.
    pub to: NaiveDate,
    /// Day the move was decided.
    pub on: NaiveDate,
    /// Why, in a few words (becomes the commit subject's end).
    pub reason: String,
    /// Where it is documented.
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MovesFile {
    moves: Vec<Move>,
}

/// Reads `demo/replay.yaml`.
pub fn read_moves(path: &Path) -> Result<Vec<Move>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    parse_moves(&path.display().to_string(), &text)
}

/// The shipped strategy and its replay, embedded in the binary.
pub mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
}

/// Parses the text of a replay file, named `name` in errors.
pub fn parse_moves(name: &str, text: &str) -> Result<Vec<Move>> {
    let file: MovesFile = serde_yaml::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        Error::Usage(format!("{name}{at}: {e}"))
    })?;
    Ok(file.moves)
}

/// One commit of the replay.
#[derive(Debug, Clone)]
pub struct Step {
    /// Its day (author and committer date, at noon UTC).
    pub date: NaiveDate,
    /// The commit message; the first line names the change, the body the source.
    pub message: String,
    /// Files to write: path relative to the repository, and its text.
    pub files: Vec<(String, String)>,
}

const HEADER: &str = "# One commitment of the EU strategy on child sexual abuse (COM(2020) 607).\n# Format: see docs/format.md. Check your edits with: tracker check\n";

/// How far one commitment's replay has come.
struct Progress<'a> {
    path: &'a str,
    last: &'a Commitment,
    present: Vec<bool>,
    done: Vec<bool>,
    due: Vec<NaiveDate>,
    own_due: Option<NaiveDate>,
}

impl Progress<'_> {
    /// The commitment as an officer would have written it on `day`.
    fn at(&self, day: NaiveDate) -> Commitment {
        let mut c = self.last.clone();
        c.due = self.own_due;
        c.milestones = self
            .last
            .milestones
            .iter()
            .enumerate()
            .filter(|(i, _)| self.present[*i])
            .map(|(i, m)| {
                let mut m = m.clone();
                m.due = self.due[i];
                if !self.done[i] {
                    m.done = None;
                }
                m
            })
            .collect();
        let all_done = self.present.iter().zip(&self.done).all(|(p, d)| *p && *d);
        c.status = match self.last.status {
            Some(Status::Done) if !all_done => Some(Status::InProgress),
            Some(Status::Planned) if self.done.iter().any(|d| *d) => Some(Status::InProgress),
            other => other,
        };
        c.indicators = self
            .last
            .indicators
            .iter()
            .filter(|i| i.baseline.date <= day)
            .map(|i| {
                let mut i = i.clone();
                i.actuals.retain(|a| a.date <= day);
                i
            })
            .collect();
        c
    }
}

fn text(c: &Commitment) -> Result<String> {
    emit::commitment(c, HEADER).map_err(|e| Error::Usage(format!("cannot write {}: {e}", c.id)))
}

fn source(c: &Commitment) -> String {
    c.links
        .first()
        .map(|l| format!("Source: {} <{}>", l.title, l.url))
        .unwrap_or_default()
}

/// An event of the plan, before it becomes a commit.
struct Event {
    date: NaiveDate,
    commitment: usize,
    subject: String,
    body: String,
    apply: Apply,
}

enum Apply {
    Add,
    Milestone { index: usize, done: bool },
    Due { milestone: Option<usize>, to: NaiveDate },
}

/// Plans the replay of a loaded, valid strategy. `strategy_text` is `strategy.yaml`'s text.
pub fn plan(loaded: &Loaded, strategy_text: &str, moves: &[Move]) -> Result<Vec<Step>> {
    let strategy = loaded.strategy()?;
    let adopted = strategy
        .adopted
        .ok_or_else(|| Error::Usage("the replay needs the strategy's `adopted` date".into()))?;
    let commitments = loaded.valid_commitments();
    for m in moves {
        let known = commitments.iter().any(|(_, c)| {
            c.id == m.commitment && m.milestone.as_ref().is_none_or(|mid| c.milestone(mid).is_some())
        });
        if !known {
            return Err(Error::Usage(format!(
                "demo/replay.yaml: a move names {}{}, which the strategy does not have",
                m.commitment,
                m.milestone
                    .as_deref()
                    .map(|m| format!(" milestone {m}"))
                    .unwrap_or_default()
            )));
        }
    }
    let mut states = Vec::new();
    let mut events = Vec::new();
    for (k, (path, c)) in commitments.iter().enumerate() {
        let moves_of = |mid: Option<&str>| -> Vec<&Move> {
            let mut v: Vec<&Move> = moves
                .iter()
                .filter(|m| m.commitment == c.id && m.milestone.as_deref() == mid)
                .collect();
            v.sort_by_key(|m| m.on);
            v
        };
        let first_fact = c.milestones.iter().map(|m| m.done.unwrap_or(m.due)).min();
        let added = c.start.or(first_fact).unwrap_or(adopted).max(adopted);
        let latest_done = c.milestones.iter().filter_map(|m| m.done).max();
        let mut p = Progress {
            path,
            last: c,
            present: vec![false; c.milestones.len()],
            done: vec![false; c.milestones.len()],
            due: c.milestones.iter().map(|m| m.due).collect(),
            own_due: moves_of(None).first().map_or(c.due, |m| Some(m.from)),
        };
        events.push(Event {
            date: added,
            commitment: k,
            subject: format!("{}: add commitment ({})", c.id, c.title),
            body: source(c),
            apply: Apply::Add,
        });
        for (i, m) in c.milestones.iter().enumerate() {
            let moved = moves_of(Some(&m.id));
            if let Some(first) = moved.first() {
                p.due[i] = first.from;
            }
            let planned_early = !moved.is_empty() || m.done.is_some_and(|d| m.due < d);
            let evidence = m
                .evidence
                .first()
                .map_or_else(|| source(c), |e| format!("Source: {e}"));
            match m.done {
                Some(done) if planned_early => {
                    p.present[i] = true;
                    events.push(Event {
                        date: done,
                        commitment: k,
                        subject: format!("{}: {} ({done})", c.id, m.title),
                        body: format!("Milestone {} done on {done}.\n\n{evidence}", m.id),
                        apply: Apply::Milestone { index: i, done: true },
                    });
                }
                Some(done) => events.push(Event {
                    date: done.max(added),
                    commitment: k,
                    subject: format!("{}: {} ({done})", c.id, m.title),
                    body: format!("Milestone {} done on {done}.\n\n{evidence}", m.id),
                    apply: Apply::Milestone { index: i, done: true },
                }),
                None if planned_early => p.present[i] = true,
                None => {
                    let known = latest_done.unwrap_or(added).max(added);
                    events.push(Event {
                        date: known,
                        commitment: k,
                        subject: format!("{}: expected next: {} (by {})", c.id, m.title, m.due),
                        body: format!("{}\n\n{}", m.title, source(c)),
                        apply: Apply::Milestone {
                            index: i,
                            done: false,
                        },
                    });
                }
            }
            for mv in moved {
                events.push(Event {
                    date: mv.on,
                    commitment: k,
                    subject: format!("{}: milestone {} due {} → {}", c.id, m.id, mv.from, mv.to),
                    body: format!("Source: {}\n\nReason: {}", mv.source, mv.reason),
                    apply: Apply::Due {
                        milestone: Some(i),
                        to: mv.to,
                    },
                });
            }
        }
        for mv in moves_of(None) {
            events.push(Event {
                date: mv.on,
                commitment: k,
                subject: format!("{}: due {} → {}", c.id, mv.from, mv.to),
                body: format!("Source: {}\n\nReason: {}", mv.source, mv.reason),
                apply: Apply::Due {
                    milestone: None,
                    to: mv.to,
                },
            });
        }
        states.push(p);
    }
    // Additions first on a day, then the rest in plan order, so every edit has a file.
    events.sort_by_key(|e| (e.date, !matches!(e.apply, Apply::Add), e.commitment));
    let mut steps = vec![Step {
        date: adopted,
        message: format!(
            "Adopt the strategy: {}\n\nThe strategy's pillars, as adopted on {adopted}.",
            strategy.title
        ),
        files: vec![
            (loaded.strategy_path.clone(), strategy_text.to_owned()),
            ("README.md".into(), README.to_owned()),
        ],
    }];
    let mut written: BTreeMap<usize, String> = BTreeMap::new();
    for e in events {
        let p = &mut states[e.commitment];
        match e.apply {
            Apply::Add => {}
            Apply::Milestone { index, done } => {
                p.present[index] = true;
                p.done[index] = done;
            }
            Apply::Due {
                milestone: Some(i),
                to,
            } => p.due[i] = to,
            Apply::Due { milestone: None, to } => p.own_due = Some(to),
        }
        let body = text(&p.at(e.date))?;
        written.insert(e.commitment, body.clone());
        steps.push(Step {
            date: e.date,
            message: format!("{}\n\n{}", e.subject, e.body).trim_end().to_owned(),
            files: vec![(p.path.to_owned(), body)],
        });
    }
    // Indicator figures dated after a commitment's last event arrive in one last commit.
    let last_day = steps.iter().map(|s| s.date).max().unwrap_or(adopted);
    let mut rest = Vec::new();
    for (k, p) in states.iter().enumerate() {
        let end = text(p.last)?;
        let mut finished = p.at(NaiveDate::MAX);
        finished.status = p.last.status;
        if &finished != p.last {
            return Err(Error::Usage(format!(
                "the replay of {} does not end at the shipped file (check demo/replay.yaml against {})",
                p.last.id, p.path
            )));
        }
        if written.get(&k) != Some(&end) {
            rest.push((p.path.to_owned(), end));
        }
    }
    if !rest.is_empty() {
        let latest_figure = states
            .iter()
            .flat_map(|p| {
                p.last
                    .indicators
                    .iter()
                    .flat_map(|i| i.actuals.iter().map(|a| a.date))
            })
            .max()
            .unwrap_or(last_day)
            .max(last_day);
        steps.push(Step {
            date: latest_figure,
            message:
                "Record the latest indicator figures\n\nFigures from the sources listed in each file's links."
                    .into(),
            files: rest,
        });
    }
    Ok(steps)
}

/// The README written into the replay repository.
pub const README: &str = "# Replay of the EU strategy on child sexual abuse (COM(2020) 607)

This repository was written by `tracker demo`. It is a reconstruction from public
sources, not anyone's official record: each commit replays one dated fact of the
strategy's implementation, dated on the day it happened, with its source named in
the commit message. Milestones that were planned before they happened are added
when the commitment is; pending milestones are added on the day of the
commitment's latest event; descriptions and links are today's text, so an early
commit may cite a source published later.

Try, inside this folder:

    tracker status
    tracker history interim-derogation
    tracker slips
    tracker status --at 2022-01-01
    tracker diff 2025-07-01
";

/// Refuses a folder that exists and holds anything: the replay writes `what` there.
pub fn require_empty(dir: &Path, what: &str) -> Result<()> {
    let used = dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io("read", dir, e))?
            .next()
            .is_some();
    if used {
        return Err(Error::Usage(format!(
            "{} is not empty; the replay writes {what}, give it a new folder",
            dir.display()
        )));
    }
    Ok(())
}

/// Writes the plan as a new git repository in `dir` (which must not exist or be empty).
pub fn write(dir: &Path, steps: &[Step]) -> Result<usize> {
    require_empty(dir, "a new repository")?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let mut repo = NewRepo::init(dir, "Replay from public sources", "replay@example.invalid")?;
    for step in steps {
        repo.commit(&NewCommit {
            date: step.date,
            message: &step.message,
            files: &step.files,
        })?;
    }
    Ok(steps.len())
}
