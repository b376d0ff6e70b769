//! `tracker report`: the manager's progress report over a period, in Markdown, HTML or JSON.

use super::{Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use crate::render::{html, json, markdown_period, sanitized};
use crate::report::period;
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
#[command(
    after_help = "Examples:\n  tracker report\n  tracker report -p 2026-Q3 -o q3.html\n  tracker report --since 2025-12-01 --pillar detection --format json"
)]
pub struct ReportArgs {
    /// First day of the period: a date (YYYY-MM-DD, today, yesterday), the first day of
    /// a period word (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27), or a revision (the
    /// period then starts after that commit); default: the first day of the quarter of
    /// --today.
    #[arg(long, short = 'b', value_name = "WHEN")]
    pub since: Option<String>,

    /// Last day of the period: a date or the last day of a period word (the last commit
    /// made on or before it), or a revision; default: today, from the files in the
    /// working tree. A period that ends after today is covered to date, as by default.
    #[arg(long, short = 'e', value_name = "WHEN")]
    pub until: Option<String>,

    /// The period to report on (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27): the same as
    /// --since and --until with it.
    #[arg(long, short = 'p', value_name = "PERIOD", conflicts_with_all = ["since", "until"])]
    pub period: Option<String>,

    /// Output format [default: from the extension of -o (.md, .html, .json), else markdown].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,

    /// Write the report to FILE instead of standard output; its extension picks the format
    /// unless --format is given.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// List open commitments whose file had no commit for more than N days.
    #[arg(long, value_name = "N", default_value_t = 90)]
    pub stale_days: u32,

    /// Report over every strategy a roll-up file lists (docs/rollup.md): each source as
    /// recorded before the period and at its end, and all their histories.
    #[arg(long, value_name = "FILE")]
    pub rollup: Option<PathBuf>,

    #[command(flatten)]
    pub filter: super::filter::FilterArgs,
}

impl super::FileFormat for ReportFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "md" | "markdown" => Some(ReportFormat::Markdown),
            "html" | "htm" => Some(ReportFormat::Html),
            "json" => Some(ReportFormat::Json),
            _ => None,
        }
    }
    fn default_format() -> Self {
        ReportFormat::Markdown
    }
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

/// Runs `report`.
pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::chosen_format(args.format, args.output.as_deref())?;
    if let Some(file) = ctx.rollup(args.rollup.as_deref()) {
        return rollup(ctx, args, format, &file, out);
    }
    let wt = ctx.worktree()?;
    let output = args.output.as_ref().map(|o| ctx.cwd.join(o));
    let request = period::Request {
        worktree: &wt,
        today: ctx.today,
        since: args.since.as_deref().or(args.period.as_deref()),
        until: args.until.as_deref().or(args.period.as_deref()),
        filter: args.filter.info(),
        stale_days: i64::from(args.stale_days),
        link_base: output
            .as_deref()
            .map_or_else(|| "./".into(), |o| link_base(o, &wt.root)),
        audience: ctx.audience,
        publishing: output.is_some() || format == ReportFormat::Html,
        min_confidence: ctx.min_confidence,
    };
    let show = io::stderr().is_terminal();
    let mut bar: Option<indicatif::ProgressBar> = None;
    let gathered = period::gather(&request, &mut |done, total| {
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
    let gathered = gathered?;
    let report = &gathered.report;
    let render = |w: &mut dyn Write| match format {
        ReportFormat::Markdown => sanitized(w, |w| markdown_period::write(w, report)),
        ReportFormat::Html => sanitized(w, |w| html::period(w, report)),
        ReportFormat::Json => json::write(w, report),
    };
    super::to_output(ctx, args.output.as_deref(), out, |_, w| {
        render(w).map_err(stdout_error).map(|_| Outcome::Clean)
    })?;
    if let Some(w) = &gathered.walk_notes {
        super::point::note_walk(w.boundary.as_ref(), &w.malformed);
    }
    out.flush().map_err(stdout_error)?;
    super::status::warn_skipped(&gathered.now);
    Ok(if gathered.now.invalid_paths().is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

/// `report --rollup`: the period report over every source of a roll-up.
fn rollup(
    ctx: &Context,
    args: &ReportArgs,
    format: ReportFormat,
    file: &Path,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let since_spec = args.since.as_deref().or(args.period.as_deref());
    let until_spec = args.until.as_deref().or(args.period.as_deref());
    let since = match since_spec {
        Some(s) => super::rollup::day_of(ctx, Some(s), false)?.unwrap_or(ctx.today),
        None => period::quarter_start(ctx.today),
    };
    let until = match until_spec {
        Some(s) => super::rollup::day_of(ctx, Some(s), true)?.unwrap_or(ctx.today),
        None => ctx.today,
    };
    // A period that ends after today is covered to date, as for one strategy.
    let named_end = (until > ctx.today).then_some(until);
    let until = until.min(ctx.today);
    if since > until {
        return Err(Error::Usage(if since > ctx.today {
            format!(
                "the period has not begun: it starts on {since}, after today ({}); give an earlier start, or --today",
                ctx.today
            )
        } else {
            format!("the period starts ({since}) after it ends ({until})")
        }));
    }
    let rollup = crate::rollup::read(file)?;
    let publishing = args.output.is_some() || format == ReportFormat::Html;
    let request = crate::rollup::report::Request {
        since,
        until,
        since_spec: since_spec.map_or_else(|| "start of the quarter".into(), str::to_owned),
        until_spec: until_spec.map_or_else(|| "today".into(), str::to_owned),
        named_end,
        today: ctx.today,
        today_given: ctx.today_given,
        filter: args.filter.info(),
        stale_days: i64::from(args.stale_days),
        source_stale_days: None,
        lens: super::rollup::lens(ctx, publishing),
        link_base: "./".into(),
        rollup: &rollup,
    };
    let r = crate::rollup::report::report(&request)?;
    let render = |w: &mut dyn Write| match format {
        ReportFormat::Json => json::write(w, &r),
        ReportFormat::Html => sanitized(w, |w| crate::render::rollup::html_report(w, &r)),
        ReportFormat::Markdown => sanitized(w, |w| crate::render::rollup::markdown_report(w, &r)),
    };
    super::to_output(ctx, args.output.as_deref(), out, |_, w| {
        render(w).map_err(stdout_error).map(|_| Outcome::Clean)
    })?;
    out.flush().map_err(stdout_error)?;
    for s in r.sources.iter().filter(|s| s.error.is_some()) {
        let _ = writeln!(
            io::stderr().lock(),
            "warning: source `{}` could not be read, so it is left out: {}",
            s.name,
            crate::render::clean(s.error.as_deref().unwrap_or(""))
        );
    }
    Ok(if r.complete {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
