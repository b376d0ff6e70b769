//! `tracker site`: write the strategy as a static website.

use super::{Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use crate::report::period::{self, FilterInfo};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Write the strategy as a static website into OUT: a home page, a page per pillar and
/// per commitment (with its timeline from the history), the changes, a legend, Atom
/// feeds and JSON copies. No page needs a script or fetches anything; every link is
/// relative. The audience is public unless --audience says otherwise.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker site public/ && open public/index.html\n  tracker site public --repo-url https://github.com/org/strategy --base-url https://org.github.io/strategy\n  tracker site site-2025 --at 2025-12-31"
)]
pub struct SiteArgs {
    /// The folder to write the site into (created when missing; the site's files in it
    /// are replaced, others are left alone).
    pub out: PathBuf,
    /// Build the site as the repository recorded it at a date, the end of a period, or a
    /// revision; a date or period that ends after today stands for today, from the
    /// working tree, as without --at.
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// The site's own address, for the feeds (default: relative links only).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The repository's address on its forge, to link each change to its commit and each
    /// page to its file (a roll-up takes each source's `repo_url` instead).
    #[arg(long, value_name = "URL")]
    pub repo_url: Option<String>,
    /// Build the site of every strategy a roll-up file lists (docs/rollup.md), each
    /// source through its own visibility rules.
    #[arg(long, value_name = "FILE", conflicts_with = "repo_url")]
    pub rollup: Option<PathBuf>,
}

/// Runs `site`.
pub fn run(ctx: &Context, args: &SiteArgs, out: &mut dyn Write) -> Result<Outcome> {
    for (name, url) in [("--base-url", &args.base_url), ("--repo-url", &args.repo_url)] {
        if let Some(u) = url {
            crate::decode::check_url(u)
                .map_err(|why| Error::Usage(format!("{name} {u}: the address {why}")))?;
        }
    }
    if let Some(spec) = &args.at {
        not_begun(ctx, spec)?;
    }
    if let Some(file) = ctx.rollup(args.rollup.as_deref()) {
        return rollup(ctx, args, &file, out);
    }
    let wt = ctx.worktree()?;
    let repo = match crate::git::Repo::open(&wt) {
        Ok(r) => Some(r),
        Err(Error::NotARepository { .. }) => None,
        Err(e) => return Err(e),
    };
    // The day the site stands for, and the 90 days before it for the home page.
    let day = match (&args.at, &repo) {
        (Some(spec), Some(repo)) => {
            repo.resolve_in(spec, ctx.today, crate::git::revision::End::Last)?
                .day
        }
        (Some(spec), None) => {
            return Err(Error::Usage(format!(
                "--at {spec}: reading the files as they were needs the git history, and {} is not in a git repository",
                wt.dir.display()
            )));
        }
        (None, _) => ctx.today,
    };
    // A day after today is cut to today, as the report cuts its period (its home page
    // shows the 90 days up to it).
    let day = day.min(ctx.today);
    let since = (day - chrono::Days::new(90)).to_string();
    let request = period::Request {
        worktree: &wt,
        today: ctx.today,
        since: Some(&since),
        until: args.at.as_deref(),
        filter: FilterInfo::default(),
        stale_days: 90,
        link_base: "../".into(),
        audience: ctx.audience,
        publishing: true,
        min_confidence: ctx.min_confidence,
    };
    let mut gathered = period::gather(&request, &mut |_, _| {})?;
    let walk = gathered.walk.take();
    let report = &gathered.report;
    let now = &gathered.now;
    let strategy = now.strategy()?;
    let mut status = crate::report::status::build(strategy, now, report.period.until, &Default::default());
    status.audience = report.audience;
    status.internal_hidden = report.internal_hidden;
    status.min_confidence = report.min_confidence;
    status.set_aside = report.set_aside;
    // The walk of the report, already through its audience, up to the site's day.
    let until = report.period.until;
    let events: Vec<crate::history::Event> = walk
        .map(|w| w.events)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.commit.as_ref().is_none_or(|c| c.date <= until))
        .collect();
    let input = crate::site::Input {
        status: &status,
        period: report,
        loaded: now,
        events: &events,
        forge: args
            .repo_url
            .as_deref()
            .map_or(crate::site::Forge::None, crate::site::Forge::Repo),
        base_url: args.base_url.as_deref(),
        sources: &[],
    };
    write(ctx, args, &input, out)?;
    Ok(if now.invalid_paths().is_empty() {
        Outcome::Clean
    } else {
        // Said, as by `status`: the exit code alone does not say what is wrong (the
        // files as the site shows them, so a public site's names stay withheld).
        super::status::warn_skipped(now);
        Outcome::Problems
    })
}

/// Builds the site's files and writes those that changed into OUT.
fn write(ctx: &Context, args: &SiteArgs, input: &crate::site::Input<'_>, out: &mut dyn Write) -> Result<()> {
    let files = crate::site::build(input).map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
    let dir = ctx.cwd.join(&args.out);
    let mut written = 0;
    for f in &files {
        let path = dir.join(&f.path);
        // A file that already holds these bytes is left alone: rebuilding an unchanged
        // site writes nothing, and a web server's caches stay valid.
        if std::fs::read(&path).is_ok_and(|old| old == f.bytes) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(&path, &f.bytes).map_err(|e| Error::io("write", &path, e))?;
        written += 1;
    }
    writeln!(
        out,
        "wrote {written} of {} files to {} ({} audience); open {}",
        files.len(),
        dir.display(),
        input.status.audience.as_str(),
        dir.join("index.html").display()
    )
    .map_err(stdout_error)
}

/// Refuses `--at` a day or period that begins after today, as `report` refuses such a
/// period: there is nothing yet to publish for it.
fn not_begun(ctx: &Context, spec: &str) -> Result<()> {
    match crate::period::days(spec, ctx.today) {
        Some((first, _)) if first > ctx.today => Err(Error::Usage(format!(
            "--at {spec}: the period has not begun: it starts on {first}, after today ({}); give an earlier day, or --today",
            ctx.today
        ))),
        _ => Ok(()),
    }
}

/// `site --rollup`: the website of every source of a roll-up.
fn rollup(ctx: &Context, args: &SiteArgs, file: &std::path::Path, out: &mut dyn Write) -> Result<Outcome> {
    // Also when the roll-up was found rather than named (clap only sees `--rollup`).
    if args.repo_url.is_some() {
        return Err(Error::Usage(format!(
            "--repo-url is one repository's address, and {} is a roll-up: give each source its own `repo_url` in the roll-up file instead",
            file.display()
        )));
    }
    let day = match &args.at {
        Some(spec) => super::rollup::day_of(ctx, Some(spec), true)?.unwrap_or(ctx.today),
        None => ctx.today,
    };
    // Cut to today, as for one strategy.
    let named_end = (day > ctx.today).then_some(day);
    let day = day.min(ctx.today);
    let rollup = crate::rollup::read(file)?;
    let lens = super::rollup::lens(ctx, true);
    let request = crate::rollup::report::Request {
        since: day - chrono::Days::new(90),
        until: day,
        since_spec: "90 days before".into(),
        until_spec: day.to_string(),
        named_end,
        today: ctx.today,
        today_given: ctx.today_given,
        filter: FilterInfo::default(),
        stale_days: 90,
        source_stale_days: None,
        lens,
        link_base: "../".into(),
        rollup: &rollup,
    };
    let built = crate::rollup::report::build_all(&request)?;
    let report = &built.report.report;
    let strategy = built.now.strategy()?;
    let mut status = crate::report::status::build(strategy, &built.now, day, &Default::default());
    status.audience = report.audience;
    status.internal_hidden = report.internal_hidden;
    status.min_confidence = report.min_confidence;
    status.set_aside = report.set_aside;
    let events: Vec<crate::history::Event> = built
        .walk
        .events
        .into_iter()
        .filter(|e| e.commit.as_ref().is_some_and(|c| c.date <= day))
        .collect();
    // Each source is linked on its own forge, its files at the commit read.
    let forges: Vec<crate::site::SourceForge> = rollup
        .file
        .sources
        .iter()
        .filter_map(|spec| {
            let url = spec.repo_url.clone()?;
            let commit = built
                .report
                .sources
                .iter()
                .find(|s| s.name == spec.name)
                .and_then(|s| s.commit.clone());
            Some(crate::site::SourceForge {
                name: spec.name.clone(),
                url,
                commit,
            })
        })
        .collect();
    let input = crate::site::Input {
        status: &status,
        period: report,
        loaded: &built.now,
        events: &events,
        forge: crate::site::Forge::Sources(&forges),
        base_url: args.base_url.as_deref(),
        sources: &built.report.sources,
    };
    write(ctx, args, &input, out)?;
    for s in built.report.sources.iter().filter(|s| s.error.is_some()) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "warning: source `{}` could not be read, so it is left out: {}",
            s.name,
            crate::render::clean(s.error.as_deref().unwrap_or(""))
        );
    }
    Ok(if built.report.complete {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}
