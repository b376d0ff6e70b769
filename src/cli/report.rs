//! `tracker report`: the manager's progress report over a period, in Markdown, HTML or JSON.

use super::{Context, Outcome, stdout_error};
use crate::decode::parse_date;
use crate::error::{Error, Result};
use crate::git::revision::Point;
use crate::git::{CommitInfo, Repo};
use crate::history::{Walk, walk_with_progress};
use crate::load::Loaded;
use crate::render::{html, json, markdown_period};
use crate::report::period::{self, FilterInfo, History, Period, PeriodInput, SourceInfo, Then};
use crate::source::WorkTree;
use chrono::{Datelike, NaiveDate};
use clap::{Args, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::{Component, Path, PathBuf};

/// Below this many commits the history walk is quick enough to need no progress bar.
const PROGRESS_MIN_COMMITS: usize = 500;

/// What the report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A Markdown document.
    Markdown,
    /// One self-contained HTML page (inline CSS and SVG charts, no scripts).
    Html,
    /// JSON (a stable, documented shape).
    Json,
}

/// Write the manager's progress report for a period: progress then and now, what was
/// achieved and what slipped, what is due, who has not reported, indicators and a forecast.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First day of the period: a date (YYYY-MM-DD) or a revision (the period then starts
    /// after that commit); default: the first day of the quarter of --today.
    #[arg(long, value_name = "DATE|REV")]
    pub since: Option<String>,

    /// Last day of the period: a date (the last commit made on or before it) or a
    /// revision; default: today, from the files in the working tree.
    #[arg(long, value_name = "DATE|REV")]
    pub until: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Only this pillar (repeatable).
    #[arg(long, value_name = "ID")]
    pub pillar: Vec<String>,

    /// Only commitments whose owner contains this text, ignoring case (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub owner: Vec<String>,

    /// List open commitments whose file had no commit for more than N days.
    #[arg(long, value_name = "N", default_value_t = 90)]
    pub stale_days: u32,
}

/// The first day of the quarter that `day` is in.
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The relative link from the folder of `output` to `root`, ending with `/`.
pub fn link_base(output: &Path, root: &Path) -> String {
    let dir = output.parent().unwrap_or(Path::new("."));
    let Ok(dir) = dir.canonicalize() else {
        return "./".into();
    };
    let parts = |p: &Path| -> Vec<String> {
        p.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let (from, to) = (parts(&dir), parts(root));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<String> = vec!["..".into(); from.len() - common];
    rel.extend(to[common..].iter().cloned());
    if rel.is_empty() {
        "./".into()
    } else {
        format!("{}/", rel.join("/"))
    }
}

/// The end of the period.
enum End {
    /// The files on disk, on `--today`.
    WorkTree,
    /// The files of a commit, on a day.
    Commit(CommitInfo),
}

fn needs_git(option: &str, spec: &str, wt: &WorkTree) -> Error {
    Error::Usage(format!(
        "{option} {spec}: reading the files as they were needs the git history, but {} is not in a git repository; \
         leave out {option}, or give {option} as a date",
        wt.dir.display()
    ))
}

/// Loads the strategy of a commit, validated for `day`.
fn load_commit(repo: &Repo, id: &str, day: NaiveDate) -> Result<Loaded> {
    let mut loaded = Loaded::from_files(repo.name(), repo.files_at(id)?);
    crate::validate::validate(&mut loaded, day);
    Ok(loaded)
}

/// Walks the history, with a progress bar on a terminal for long histories.
fn walk(repo: &Repo, wt: Option<&WorkTree>) -> Result<Walk> {
    let show = io::stderr().is_terminal();
    let mut bar: Option<indicatif::ProgressBar> = None;
    let result = walk_with_progress(repo, wt, &mut |done, total| {
        if !show || total < PROGRESS_MIN_COMMITS {
            return;
        }
        let bar = bar.get_or_insert_with(|| {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("reading history {bar:30} {pos}/{len} commits")
            {
                b.set_style(style);
            }
            b
        });
        bar.set_position(done as u64);
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result
}

/// Runs `report`.
pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let wt = ctx.worktree()?;
    let repo = match Repo::open(&wt) {
        Ok(r) => Some(r),
        Err(Error::NotARepository { .. }) => None,
        Err(e) => return Err(e),
    };

    // The end of the period.
    let (end, until) = match (&args.until, &repo) {
        (None, _) => (End::WorkTree, ctx.today),
        (Some(spec), Some(repo)) => match repo.resolve(spec)? {
            Point::Commit(info, day) => (End::Commit(info), day),
            Point::WorkTree => (End::WorkTree, ctx.today),
        },
        (Some(spec), None) if parse_date(spec) == Ok(ctx.today) => (End::WorkTree, ctx.today),
        (Some(spec), None) => return Err(needs_git("--until", spec, &wt)),
    };

    // The start: the day, and the commit recorded before it.
    let since_spec = args
        .since
        .clone()
        .unwrap_or_else(|| quarter_start(ctx.today).to_string());
    let (since, then_commit) = match (parse_date(&since_spec), &repo) {
        (Ok(day), Some(repo)) => (day, repo.before_day(day)?),
        (Ok(day), None) => (day, None),
        (Err(_), Some(repo)) => match repo.resolve(&since_spec)? {
            Point::Commit(info, _) => (info.date, Some(info)),
            Point::WorkTree => (ctx.today, None),
        },
        (Err(_), None) => return Err(needs_git("--since", &since_spec, &wt)),
    };
    if since > until {
        return Err(Error::Usage(format!(
            "the period is empty: --since {since_spec} ({since}) is after its end ({until})"
        )));
    }

    let now = match (&end, &repo) {
        (End::Commit(c), Some(repo)) => load_commit(repo, &c.id, until)?,
        _ => ctx.load_worktree()?.1,
    };
    let strategy = super::strategy_for(&now, &args.pillar)?;

    let then_loaded = match (&then_commit, &repo) {
        (Some(c), Some(repo)) => Some(load_commit(repo, &c.id, since)?),
        _ => None,
    };
    let then = match (&then_loaded, &then_commit, &repo) {
        (Some(loaded), Some(c), _) => Then::Recorded {
            loaded,
            commit: &c.id,
        },
        (_, _, Some(_)) => Then::NothingRecorded,
        _ => Then::DoneDates,
    };

    // The history, cut at the end of the period.
    let walked = match &repo {
        Some(repo) => Some(walk(repo, matches!(end, End::WorkTree).then_some(&wt))?),
        None => None,
    };
    let head = repo.as_ref().map(Repo::head).transpose()?.flatten();
    let end_commit = match &end {
        End::Commit(c) => Some(c.clone()),
        End::WorkTree => head.clone(),
    };
    let history = match (&repo, &walked) {
        (Some(repo), Some(w)) => {
            let (all, in_period) = match &end_commit {
                Some(c) => (
                    repo.first_parent_ids(&c.id, None)?,
                    repo.first_parent_ids(&c.id, then_commit.as_ref().map(|c| c.id.as_str()))?,
                ),
                None => Default::default(),
            };
            let uncommitted = matches!(end, End::WorkTree);
            Ok(History {
                events: w
                    .events
                    .iter()
                    .filter_map(|e| match &e.commit {
                        None => uncommitted.then_some((e, true)),
                        Some(c) => all.contains(&c.id).then(|| (e, in_period.contains(&c.id))),
                    })
                    .collect(),
                touches: w
                    .touches
                    .iter()
                    .filter(|(_, c)| all.contains(&c.id))
                    .map(|(p, c)| (p.as_str(), &**c))
                    .collect(),
                commits: all.len(),
                commits_in_period: in_period.len(),
                shallow_boundary: w.shallow_boundary.clone(),
            })
        }
        _ => Err("history not available: not a git repository".to_owned()),
    };

    let source = match (&repo, &end) {
        (None, _) => SourceInfo::new(None, true, false, false, &wt.name),
        (Some(_), End::Commit(c)) => SourceInfo::new(Some(c), false, false, true, &wt.name),
        (Some(r), End::WorkTree) => SourceInfo::new(head.as_ref(), true, r.worktree_dirty(), true, &wt.name),
    };
    let output = args.output.as_ref().map(|o| ctx.cwd.join(o));
    let input = PeriodInput {
        strategy,
        now: &now,
        then,
        period: Period {
            since,
            until,
            since_spec: args
                .since
                .clone()
                .unwrap_or_else(|| "start of the quarter".into()),
            until_spec: args.until.clone().unwrap_or_else(|| "working tree".into()),
        },
        history,
        filter: FilterInfo {
            pillars: args.pillar.clone(),
            owners: args.owner.clone(),
        },
        stale_days: i64::from(args.stale_days),
        source,
        link_base: output
            .as_deref()
            .map_or_else(|| "./".into(), |o| link_base(o, &wt.root)),
    };
    let report = period::build(&input);
    let render = |w: &mut dyn Write| match args.format {
        ReportFormat::Markdown => markdown_period::write(w, &report),
        ReportFormat::Html => html::period(w, &report),
        ReportFormat::Json => json::write(w, &report),
    };
    match &output {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| Error::io("create", path, e))?;
            let mut w = io::BufWriter::new(file);
            render(&mut w)
                .and_then(|_| w.flush())
                .map_err(|e| Error::io("write", path, e))?;
        }
        None => render(out).map_err(stdout_error)?,
    }
    if let Some(w) = &walked
        && let Some(b) = &w.shallow_boundary
    {
        let _ = writeln!(
            io::stderr().lock(),
            "note: this is a shallow clone; history starts at commit {}\nhint: run `git fetch --unshallow` for the whole history",
            &b[..b.len().min(8)]
        );
    }
    out.flush().map_err(stdout_error)?;
    super::status::warn_skipped(&now);
    Ok(if now.invalid_paths().is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter_start(d("2026-11-30")), d("2026-10-01"));
        assert_eq!(quarter_start(d("2026-01-01")), d("2026-01-01"));
        assert_eq!(quarter_start(d("2026-06-30")), d("2026-04-01"));
        assert_eq!(quarter_start(d("2026-07-01")), d("2026-07-01"));
    }

    #[test]
    fn links_from_the_output_folder() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(root.join("out/q4")).expect("mkdir");
        assert_eq!(link_base(&root.join("r.html"), &root), "./");
        assert_eq!(link_base(&root.join("out/q4/r.html"), &root), "../../");
        assert_eq!(link_base(&root.join("out/r.html"), &root.join("sub")), "../sub/");
    }
}
