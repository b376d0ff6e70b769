//! Reading every source of a roll-up and combining them into one status report.
//!
//! Each source is read from a commit (its `rev`, else HEAD), never from a working tree:
//! what a coordinator combines is what each body has recorded. Its commitments get
//! qualified ids (`ie:helpline`), paths under the source's name (`ie/strategy/…`) and
//! the roll-up's pillars; then one status report is built over all of them, with the
//! same rules as for one strategy (files with errors counted as left out, never as
//! zero). A source that cannot be read is reported as such, and the others still are.

use super::{Rollup, SourceSpec};
use crate::error::{Error, Result};
use crate::finding::{Finding, Pos, Rule};
use crate::git::CommitInfo;
use crate::load::{CommitmentFile, Loaded};
use crate::model::Strategy;
use crate::report::StrategyRef;
use crate::report::filter::Filter;
use crate::report::status::{self, StatusReport, Totals};
use crate::source::Source;
use chrono::NaiveDate;
use serde::Serialize;

/// One source as the roll-up read it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStatus {
    /// Its name (the prefix of its qualified ids).
    pub name: String,
    /// How reports name it.
    pub label: String,
    /// Its path as the roll-up file gives it; null in a public output (it is the
    /// coordinator's own folder layout).
    pub path: Option<String>,
    /// The revision asked for, if any.
    pub rev: Option<String>,
    /// The commit read; null when the source could not be read.
    pub commit: Option<String>,
    /// That commit's date.
    pub commit_date: Option<NaiveDate>,
    /// Days from that date to the report's day.
    pub age_days: Option<i64>,
    /// Whether the commit is older than the roll-up's `stale_days`.
    pub stale: bool,
    /// Why the source could not be read, if it could not.
    pub error: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
    /// Its figures on the roll-up's pillars; null when it could not be read.
    pub totals: Option<Totals>,
    /// Its commitment files left out because of errors.
    pub left_out: usize,
}

/// The status of a whole roll-up.
#[derive(Debug, Clone, Serialize)]
pub struct RollupStatus {
    /// The roll-up.
    pub rollup: StrategyRef,
    /// The day states are computed for.
    pub as_of: NaiveDate,
    /// Days after which a source counts as stale.
    pub stale_days: u32,
    /// Every source, in the file's order.
    pub sources: Vec<SourceStatus>,
    /// Whether every source could be read and every file in them too.
    pub complete: bool,
    /// The one report over every source's commitments.
    pub status: StatusReport,
}

/// Reads every source (several at once where there are cores) and builds the roll-up's
/// status on `today`, of the commitments `filter` matches, through `lens` (each source
/// by its own visibility rules).
pub fn status(
    rollup: &Rollup,
    today: NaiveDate,
    stale_days: Option<u32>,
    filter: &Filter,
    lens: crate::lens::Lens,
) -> Result<RollupStatus> {
    let strategy = rollup.strategy();
    crate::report::check_pillars(&strategy, &filter.pillars)?;
    let stale_days = stale_days.or(rollup.file.stale_days).unwrap_or(super::STALE_DAYS);
    let read = read_all(rollup, today);
    let mut merged = rollup.empty(&strategy, today);
    let mut sources = Vec::new();
    let (mut hidden, mut set_aside) = (0, 0);
    let mut scales: Vec<crate::model::Scale> = Vec::new();
    for (spec, result) in rollup.file.sources.iter().zip(read) {
        let mut row = SourceStatus {
            name: spec.name.clone(),
            label: spec.shown().to_owned(),
            path: (lens.audience != crate::model::Visibility::Public).then(|| spec.path.clone()),
            rev: spec.rev.clone(),
            commit: None,
            commit_date: None,
            age_days: None,
            stale: false,
            error: None,
            hint: None,
            totals: None,
            left_out: 0,
        };
        match result {
            Ok((mut loaded, commit)) => {
                if let Some(own) = &loaded.strategy {
                    add_scales(&mut scales, own);
                }
                let applied = crate::lens::apply(&mut loaded, lens);
                hidden += applied.internal_hidden;
                set_aside += applied.set_aside;
                let age = (today - commit.date).num_days();
                row.commit = Some(commit.id.clone());
                row.commit_date = Some(commit.date);
                row.age_days = Some(age);
                row.stale = age > i64::from(stale_days);
                let own = qualified(spec, loaded, &strategy);
                let figures = status::build(&strategy, &own, today, &Filter::default());
                row.left_out = figures.totals.left_out;
                row.totals = Some(figures.totals);
                merged.files.extend(own.files);
                merged.findings.extend(own.findings);
            }
            Err(e) => {
                let public = lens.audience == crate::model::Visibility::Public;
                row.hint = if public { None } else { e.hint() };
                let why = match e.findings().first() {
                    Some(f) => format!("{e}: {f}"),
                    None => e.to_string(),
                };
                row.error = Some(super::shown_error(why, lens.audience));
            }
        }
        sources.push(row);
    }
    merged.files.sort_by(|a, b| a.path.cmp(&b.path));
    crate::finding::sort(&mut merged.findings);
    let mut strategy = strategy;
    strategy.scales = scales;
    merged.strategy = Some(strategy.clone());
    filter.check(
        Some(&strategy),
        merged.valid_commitments().into_iter().map(|(_, c)| c),
    )?;
    let mut report = status::build(&strategy, &merged, today, filter);
    for row in &mut report.commitments {
        row.source = super::source_of(&row.path).map(str::to_owned);
    }
    for d in &mut report.disagreements {
        d.source = super::source_of_id(&d.id).map(str::to_owned);
    }
    report.audience = lens.audience;
    report.internal_hidden = hidden;
    report.min_confidence = lens.min_confidence;
    report.set_aside = set_aside;
    let complete = report.complete && sources.iter().all(|s| s.error.is_none());
    Ok(RollupStatus {
        rollup: StrategyRef {
            id: strategy.id.clone(),
            title: strategy.title.clone(),
        },
        as_of: today,
        stale_days,
        sources,
        complete,
        status: report,
    })
}

/// Reads every source, in the file's order; sources are spread over the cores.
fn read_all(rollup: &Rollup, today: NaiveDate) -> Vec<Result<(Loaded, CommitInfo)>> {
    let specs = &rollup.file.sources;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(specs.len().max(1));
    if threads < 2 {
        return specs.iter().map(|s| read_source(rollup, s, today)).collect();
    }
    let chunk = specs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = specs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| read_source(rollup, s, today))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// One source's strategy at its revision (or HEAD), checked, with the commit read.
fn read_source(rollup: &Rollup, spec: &SourceSpec, today: NaiveDate) -> Result<(Loaded, CommitInfo)> {
    let repo = rollup.open(spec)?;
    let dir = spec.strategy_dir();
    let commit = repo
        .head()?
        .ok_or_else(|| Error::Usage("its repository has no commit yet".into()))?;
    if !repo.has_strategy_at(&commit.id)? {
        return Err(Error::Usage(format!(
            "commit {} has no folder `{dir}` (set `strategy_dir` in {} to where its strategy.yaml is)",
            commit.short(),
            rollup.shown
        )));
    }
    let source = Source::Commit {
        commit: commit.clone(),
        day: today,
    };
    let loaded = Loaded::for_report_read(repo.name(), source, |each| repo.files_at_each(&commit.id, each))?;
    loaded.strategy()?;
    Ok((loaded, commit))
}

/// A source's files as the roll-up counts them: qualified ids, paths under the source's
/// name, the roll-up's pillars. A commitment whose pillar the roll-up has no place for
/// is an error of its file, so it is counted as left out, not dropped silently.
fn qualified(spec: &SourceSpec, loaded: Loaded, strategy: &Strategy) -> Loaded {
    let name = &spec.name;
    let prefix = |p: &str| format!("{name}/{p}");
    let qualify = |id: &str| format!("{name}:{id}");
    let map = |p: &str| -> Option<String> {
        spec.pillars
            .get(p)
            .cloned()
            .or_else(|| strategy.pillar(p).map(|_| p.to_owned()))
    };
    let pillars: Vec<&str> = strategy.pillars.iter().map(|p| p.id.as_str()).collect();
    let invalid = loaded
        .invalid_paths()
        .into_iter()
        .map(str::to_owned)
        .collect::<std::collections::HashSet<_>>();
    let root = loaded
        .strategy_path
        .strip_suffix(crate::source::STRATEGY_FILE)
        .unwrap_or("")
        .to_owned();
    let mut findings: Vec<Finding> = loaded
        .findings
        .into_iter()
        .filter(|f| f.path != loaded.strategy_path)
        .map(|mut f| {
            f.path = prefix(&f.path);
            f
        })
        .collect();
    let mut files = Vec::new();
    for f in loaded.files {
        let path = prefix(&f.path);
        // A file that could not be read spells no pillar: its folder under the source's
        // strategy folder says which one it counts in, as for one strategy.
        let folder = f
            .path
            .strip_prefix(root.as_str())
            .and_then(|rest| rest.split_once('/'))
            .map(|(first, _)| first.to_owned());
        let mut out = CommitmentFile {
            path: path.clone(),
            id: f.id.as_deref().map(qualify),
            pillar: f
                .pillar
                .as_deref()
                .and_then(map)
                .or_else(|| folder.as_deref().and_then(map)),
            ..f
        };
        if let Some(c) = &mut out.commitment {
            match map(&c.pillar) {
                Some(p) => c.pillar = p,
                None if !invalid.contains(&f.path) => {
                    findings.push(
                        Finding::error(
                            &path,
                            Pos::START,
                            Rule::UnknownPillar,
                            format!(
                                "the pillar `{}` of source `{name}` is not a pillar of the roll-up",
                                c.pillar
                            ),
                        )
                        .with_hint(format!(
                            "map it under the source in the roll-up file: `pillars: {{{}: <pillar>}}`; the roll-up's pillars are: {}",
                            c.pillar,
                            pillars.join(", ")
                        )),
                    );
                }
                None => {}
            }
            c.id = qualify(&c.id);
            for d in &mut c.depends_on {
                *d = qualify(d);
            }
        }
        files.push(out);
    }
    Loaded {
        strategy_path: prefix(&loaded.strategy_path),
        strategy: Some(strategy.clone()),
        files,
        findings,
        source: loaded.source,
    }
}

/// Both ends of a roll-up's `diff`: every source as recorded at FROM and at TO, with
/// qualified ids and the roll-up's pillars, merged; and the sources that could not be
/// read, with why.
pub struct Ends {
    /// Every source at FROM, and the day it stands for.
    pub from: (Loaded, NaiveDate),
    /// Every source at TO, and the day.
    pub to: (Loaded, NaiveDate),
    /// Sources left out: name and why.
    pub failed: Vec<(String, String)>,
    /// Internal items left out of a public output, at TO.
    pub internal_hidden: usize,
    /// Done milestones set aside as below the minimum confidence, at TO.
    pub set_aside: usize,
    /// For each source read: its name, the commit its TO end was read from, and its
    /// figures at TO on the roll-up's pillars.
    pub read: Vec<(String, CommitInfo, Totals)>,
}

/// Reads every source at `from` and at `to` (dates or period words), through `lens`
/// (each source by its own strategy at TO), for a roll-up's `diff`.
pub fn ends(
    rollup: &Rollup,
    from: &str,
    to: &str,
    today: NaiveDate,
    today_given: bool,
    lens: crate::lens::Lens,
) -> Ends {
    let strategy = rollup.strategy();
    let mut out = Ends {
        from: (rollup.empty(&strategy, today), today),
        to: (rollup.empty(&strategy, today), today),
        failed: Vec::new(),
        internal_hidden: 0,
        set_aside: 0,
        read: Vec::new(),
    };
    let mut days: Option<(NaiveDate, NaiveDate)> = None;
    let mut scales: Vec<crate::model::Scale> = Vec::new();
    for spec in &rollup.file.sources {
        let read = || -> Result<((Loaded, NaiveDate), (Loaded, NaiveDate))> {
            let repo = rollup.open(spec)?;
            let a = crate::report::point::load_at(&repo, from, today, today_given, true)?;
            let b = crate::report::point::load_at(&repo, to, today, today_given, false)?;
            // Without a valid strategy.yaml at both ends neither the figures nor what is
            // internal can be told (an end before the strategy existed is empty).
            if !(a.0.files.is_empty() && a.0.findings.is_empty()) {
                a.0.strategy()?;
            }
            b.0.strategy()?;
            Ok((a, b))
        };
        match read() {
            Ok(((mut a, a_day), (mut b, b_day))) => {
                if let Some(own) = &b.strategy {
                    add_scales(&mut scales, own);
                }
                // Both ends through the lens (`lens::apply` reads each end's default
                // visibility from the source's own strategy).
                crate::lens::apply(&mut a, lens);
                let applied = crate::lens::apply(&mut b, lens);
                out.internal_hidden += applied.internal_hidden;
                out.set_aside += applied.set_aside;
                days.get_or_insert((a_day, b_day));
                let commit = match &b.source {
                    Source::Commit { commit, .. } => Some(commit.clone()),
                    _ => None,
                };
                for (k, loaded) in [a, b].into_iter().enumerate() {
                    let own = qualified(spec, loaded, &strategy);
                    if k == 1
                        && let Some(c) = &commit
                    {
                        let totals = status::build(&strategy, &own, b_day, &Filter::default()).totals;
                        out.read.push((spec.name.clone(), c.clone(), totals));
                    }
                    let side = if k == 0 { &mut out.from.0 } else { &mut out.to.0 };
                    side.files.extend(own.files);
                    side.findings.extend(own.findings);
                }
            }
            Err(e) => out.failed.push((
                spec.name.clone(),
                super::shown_error(e.to_string(), lens.audience),
            )),
        }
    }
    if let Some((a, b)) = days {
        out.from.1 = a;
        out.to.1 = b;
    }
    let sources = rollup.file.sources.len();
    out.from.0.source = Source::Rollup {
        sources,
        day: out.from.1,
    };
    out.to.0.source = Source::Rollup {
        sources,
        day: out.to.1,
    };
    for side in [&mut out.from.0, &mut out.to.0] {
        side.files.sort_by(|a, b| a.path.cmp(&b.path));
        crate::finding::sort(&mut side.findings);
        if let Some(s) = &mut side.strategy {
            s.scales = scales.clone();
        }
    }
    out
}

/// Adds the scales a source declares that the roll-up has not seen yet (by id, the
/// first source's wins), so that assessments on them can be read.
fn add_scales(into: &mut Vec<crate::model::Scale>, source: &Strategy) {
    for scale in &source.scales {
        if !into.iter().any(|s| s.id == scale.id) {
            into.push(scale.clone());
        }
    }
}
