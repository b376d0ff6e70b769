//! Checks that need more than one file, or today's date: pillars, duplicate ids,
//! dependencies and their cycles, done dates in the future, and the like.

mod hidden;
mod layer;

use crate::decode::suggest;
use crate::finding::{Finding, Pos, Rule};
use crate::load::Loaded;
use crate::model::{Commitment, Status};
use crate::yaml::locate::{Locator, YPath};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// Places findings in one file, building its locator and re-reading its value only
/// when first needed, and once.
pub(super) struct Placer<'a> {
    path: &'a str,
    text: Option<&'a [u8]>,
    loc: Option<Locator>,
    value: Option<Option<serde_yaml::Value>>,
    /// Make no warnings: for reports, which show none of them.
    quiet: bool,
}

impl<'a> Placer<'a> {
    fn new(path: &'a str, text: Option<&'a [u8]>, quiet: bool) -> Self {
        Placer {
            path,
            text,
            loc: None,
            value: None,
            quiet,
        }
    }

    /// Whether warnings are wanted: reports show none, so none are made for them (a large
    /// generated strategy has several warnings a file, and placing them cost a report
    /// half its time, making them another third).
    pub(super) fn warns(&self) -> bool {
        !self.quiet
    }

    /// Where a warning goes: at the node `p` names.
    pub(super) fn warning(&mut self, p: impl FnOnce(&mut Self) -> YPath) -> Pos {
        let p = p(self);
        self.value(&p)
    }

    fn text(&self) -> Option<&'a str> {
        let text = std::str::from_utf8(self.text?).ok()?;
        Some(text.strip_prefix('\u{feff}').unwrap_or(text))
    }

    pub(super) fn value(&mut self, p: &YPath) -> Pos {
        self.locator().map_or(Pos::START, |l| l.value(p))
    }

    /// The index in the file's `key` list of the first item that `matches`: items that
    /// failed to decode are missing from the model, so model indexes can be off.
    fn index(&mut self, key: &str, matches: impl Fn(&serde_yaml::Value) -> bool) -> Option<usize> {
        if self.value.is_none() {
            let text = self.text();
            self.value = Some(text.and_then(|t| serde_yaml::from_str(t).ok()));
        }
        let value = self.value.as_ref()?.as_ref()?;
        value.get(key)?.as_sequence()?.iter().position(matches)
    }

    pub(super) fn item(
        &mut self,
        key: &str,
        fallback: usize,
        matches: impl Fn(&serde_yaml::Value) -> bool,
    ) -> YPath {
        YPath::root()
            .key(key)
            .index(self.index(key, matches).unwrap_or(fallback))
    }

    fn locator(&mut self) -> Option<&Locator> {
        if self.loc.is_none() {
            self.loc = Some(Locator::new(self.text()?));
        }
        self.loc.as_ref()
    }
}

/// Adds every cross-file finding to `loaded.findings`, and with `today`, the findings
/// that depend on the day (`done-in-future`).
pub fn validate(loaded: &mut Loaded, today: Option<NaiveDate>) {
    validate_with(loaded, today, Warnings::Placed);
}

/// Whether warnings get their line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warnings {
    /// Placed, as `check` shows them.
    Placed,
    /// None of the checks' warnings: for reports, which count files with errors but
    /// show no warning. (The warnings of decoding a file are kept, at 1:1 in a report's
    /// quick parse.) Errors are placed either way.
    Left,
}

/// [`validate`], placing warnings or not.
pub fn validate_with(loaded: &mut Loaded, today: Option<NaiveDate>, warnings: Warnings) {
    let mut found = Vec::new();
    let by_id = ids(loaded);
    let known_ids: Vec<&str> = by_id.keys().copied().collect();
    // Milestones that failed to decode are missing from the model: no "no milestones"
    // warning for a file that already has errors.
    let broken: std::collections::HashSet<&str> = loaded
        .findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| f.path.as_str())
        .collect();
    let context = Context {
        loaded,
        by_id: &by_id,
        known_ids: &known_ids,
        broken: &broken,
        today,
        internal: layer::internal_ids(loaded),
        quiet: warnings == Warnings::Left,
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || loaded.files.len() < 256 {
        for file in &loaded.files {
            found.extend(check_file(&context, file));
        }
    } else {
        // Placing a finding parses its file again for positions: spread that over the
        // cores for a large strategy, keeping the files' order.
        let chunk = loaded.files.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = loaded
                .files
                .chunks(chunk)
                .map(|files| {
                    let context = &context;
                    scope.spawn(move || {
                        files
                            .iter()
                            .flat_map(|f| check_file(context, f))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                match h.join() {
                    Ok(f) => found.extend(f),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
    }
    found.extend(cycles(loaded, &by_id));
    loaded.findings.extend(found);
    crate::finding::sort(&mut loaded.findings);
}

/// What checking one file needs of the whole strategy.
pub(super) struct Context<'a> {
    loaded: &'a Loaded,
    by_id: &'a BTreeMap<&'a str, Vec<&'a str>>,
    known_ids: &'a [&'a str],
    broken: &'a std::collections::HashSet<&'a str>,
    today: Option<NaiveDate>,
    /// What public text must not name (see `layer::internal_ids`).
    internal: Vec<(&'a str, &'a str, bool)>,
    /// Whether warnings are left out ([`Warnings::Left`]).
    quiet: bool,
}

/// The cross-file findings of one commitment file.
fn check_file(cx: &Context<'_>, file: &crate::load::CommitmentFile) -> Vec<Finding> {
    let Context {
        loaded,
        by_id,
        known_ids,
        broken,
        today,
        ..
    } = cx;
    let today = *today;
    let mut found = Vec::new();
    // Scanned whether or not the commitment could be read: a hidden character may be
    // what broke it (a zero-width space in a key).
    if let Some(text) = &file.text
        && !cx.quiet
    {
        found.extend(hidden::check(&file.path, text));
    }
    let Some(c) = &file.commitment else { return found };
    let mut at = Placer::new(&file.path, file.text.as_deref(), cx.quiet);
    let root = YPath::root();
    if let Some(others) = by_id.get(c.id.as_str()).filter(|v| v.len() > 1) {
        let others: Vec<&str> = others.iter().copied().filter(|p| *p != file.path).collect();
        found.push(
            Finding::error(
                at.path,
                at.value(&root.key("id")),
                Rule::DuplicateId,
                format!("commitment id `{}` is also used by {}", c.id, others.join(", ")),
            )
            .with_hint("ids must be unique in the strategy; rename one of them"),
        );
    }
    if let Some(strategy) = &loaded.strategy
        && strategy.pillar(&c.pillar).is_none()
    {
        let known: Vec<&str> = strategy.pillars.iter().map(|p| p.id.as_str()).collect();
        let hint = match suggest(&c.pillar, &known) {
            Some(s) => format!("did you mean `{s}`? The pillars are: {}", known.join(", ")),
            None => format!("the strategy's pillars are: {}", known.join(", ")),
        };
        found.push(
            Finding::error(
                at.path,
                at.value(&root.key("pillar")),
                Rule::UnknownPillar,
                format!("unknown pillar `{}`", crate::render::escape_hidden(&c.pillar)),
            )
            .with_hint(hint),
        );
    }
    for (i, dep) in c.depends_on.iter().enumerate() {
        if !by_id.contains_key(dep.as_str()) {
            found.push(
                Finding::error(
                    at.path,
                    {
                        let entry = at.item("depends_on", i, |v| v.as_str() == Some(dep.as_str()));
                        at.value(&entry)
                    },
                    Rule::UnknownDependency,
                    format!(
                        "`depends_on` names `{}`, but no commitment has that id",
                        crate::render::escape_hidden(dep)
                    ),
                )
                .with_hint_opt(suggest(dep, known_ids).map(|s| format!("did you mean `{s}`?"))),
            );
        }
    }
    for (i, m) in c.milestones.iter().enumerate() {
        if let (Some(done), Some(today)) = (m.done, today)
            && done > today
        {
            found.push(
                Finding::error(
                    at.path,
                    {
                        let item = at.item("milestones", i, |v| {
                            v.get("id").and_then(|x| x.as_str()) == Some(m.id.as_str())
                        });
                        at.value(&item.key("done"))
                    },
                    Rule::DoneInFuture,
                    format!(
                        "milestone `{}` is marked done on {done}, after today ({today})",
                        m.id
                    ),
                )
                .with_hint("`done` is the day it happened; remove it until then, or fix the date"),
            );
        }
    }
    if let Some(own) = c.due
        && c.status != Some(Status::Dropped)
        && at.warns()
    {
        let later: Vec<&crate::model::Milestone> = c.milestones.iter().filter(|m| m.due > own).collect();
        if let Some(latest) = later.iter().map(|m| m.due).max() {
            let ids: Vec<&str> = later.iter().map(|m| m.id.as_str()).collect();
            found.push(
                Finding::warning(
                    at.path,
                    at.warning(|_| root.key("due")),
                    Rule::MilestoneAfterCommitmentDue,
                    format!(
                        "{} {} due after the commitment's own due date ({own}), the latest on {latest}: {}; the commitment is overdue from {own} whatever its milestones say",
                        crate::words::count(later.len(), "milestone"),
                        if later.len() == 1 { "falls" } else { "fall" },
                        ids.join(", ")
                    ),
                )
                .with_hint(format!(
                    "re-plan the commitment with `tracker due {} {latest} --reason \"...\"`, or move those milestones' dates",
                    c.id
                )),
            );
        }
    }
    if c.status == Some(Status::Done) {
        let open: Vec<&str> = c
            .milestones
            .iter()
            .filter(|m| m.done.is_none())
            .map(|m| m.id.as_str())
            .collect();
        if !open.is_empty() {
            found.push(
                Finding::error(
                    at.path,
                    at.value(&root.key("status")),
                    Rule::DoneWithOpenMilestones,
                    format!(
                        "status is `done`, but milestones {} are still open",
                        open.join(", ")
                    ),
                )
                .with_hint("give those milestones a `done` date, or change the status"),
            );
        }
    }
    if c.milestones.is_empty()
        && c.status != Some(Status::Dropped)
        && !broken.contains(file.path.as_str())
        && at.warns()
    {
        found.push(
            Finding::warning(
                at.path,
                Pos::START,
                Rule::NoMilestones,
                "this commitment has no milestones, so it has no progress figure",
            )
            .with_hint("add at least one milestone with `id`, `title` and `due`"),
        );
    }
    found.extend(layer::check(cx, file, c, &mut at));
    found
}

/// Every id in use, with the files using it (files that could not be decoded count with
/// the id they spell, so depending on them is not called a missing commitment).
fn ids(loaded: &Loaded) -> BTreeMap<&str, Vec<&str>> {
    let mut by_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in &loaded.files {
        if let Some(id) = f.spelled_id() {
            by_id.entry(id).or_default().push(f.path.as_str());
        }
    }
    by_id
}

/// One finding per commitment on a dependency cycle, naming the whole cycle.
fn cycles(loaded: &Loaded, by_id: &BTreeMap<&str, Vec<&str>>) -> Vec<Finding> {
    let commitments: HashMap<&str, (&Commitment, &crate::load::CommitmentFile)> = loaded
        .files
        .iter()
        .filter_map(|f| f.commitment.as_ref().map(|c| (c.id.as_str(), (c, f))))
        .collect();
    // Iterative depth-first search with colours; each cycle is reported once.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let mut colour: HashMap<&str, Colour> = commitments.keys().map(|k| (*k, Colour::White)).collect();
    let mut out = Vec::new();
    for start in by_id.keys() {
        if colour.get(start) != Some(&Colour::White) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        colour.insert(start, Colour::Grey);
        while let Some((node, next)) = stack.last().copied() {
            let deps = commitments
                .get(node)
                .map_or(&[][..], |(c, _)| c.depends_on.as_slice());
            if next < deps.len() {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                let dep = deps[next].as_str();
                match colour.get(dep) {
                    Some(Colour::White) => {
                        colour.insert(dep, Colour::Grey);
                        stack.push((dep, 0));
                    }
                    Some(Colour::Grey) => {
                        let from = stack.iter().position(|(n, _)| *n == dep).unwrap_or(0);
                        let members: Vec<&str> = stack[from..].iter().map(|(n, _)| *n).collect();
                        let mut shown = members.clone();
                        shown.push(dep);
                        let text = shown.join(" → ");
                        for (k, member) in members.iter().enumerate() {
                            let Some((c, file)) = commitments.get(member) else {
                                continue;
                            };
                            let target = members.get(k + 1).copied().unwrap_or(dep);
                            let index = c.depends_on.iter().position(|d| d == target).unwrap_or(0);
                            let mut at = Placer::new(&file.path, file.text.as_deref(), false);
                            let entry = at.item("depends_on", index, |v| v.as_str() == Some(target));
                            out.push(
                                Finding::error(
                                    at.path,
                                    at.value(&entry),
                                    Rule::DependencyCycle,
                                    format!("dependency cycle: {text}"),
                                )
                                .with_hint("a commitment cannot wait on itself; remove one `depends_on` entry of the cycle"),
                            );
                        }
                    }
                    _ => {}
                }
            } else {
                colour.insert(node, Colour::Black);
                stack.pop();
            }
        }
    }
    out
}
