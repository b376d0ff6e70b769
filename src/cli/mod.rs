//! Command-line glue: parses arguments, runs one command, maps the outcome to an exit code.

mod assess;
mod check;
mod completions;
mod demo;
mod diff;
mod done;
mod due;
mod edit;
mod filter;
mod history;
mod hook;
mod init;
mod man;
mod new;
mod pager;
mod point;
mod reopen;
mod report;
mod rollup;
mod schema;
mod set;
mod site;
mod slips;
mod status;

use crate::error::{Error, Result};
use crate::load::Loaded;
use crate::render::Style;
use crate::source::WorkTree;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code: the command ran and found nothing wrong.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: the command ran and found problems in the files.
pub(crate) const EXIT_PROBLEMS: u8 = 1;
/// Exit code: the command could not do its job (usage, environment, git).
pub(crate) const EXIT_ERROR: u8 = 2;

/// Track the commitments of a strategy kept as YAML files in git.
#[derive(Debug, Parser)]
#[command(name = "tracker", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The day to compute states for, as YYYY-MM-DD, or yesterday (default: the real
    /// date).
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_day, help_heading = "Global options")]
    pub today: Option<DayArg>,

    /// Run as if tracker was started in PATH.
    #[arg(
        short = 'C',
        global = true,
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub directory: Option<PathBuf>,

    /// The strategy folder (the one holding strategy.yaml); default: the nearest
    /// strategy/strategy.yaml from the current folder upwards.
    #[arg(long, global = true, value_name = "PATH", help_heading = "Global options")]
    pub strategy_dir: Option<PathBuf>,

    /// When to use colour in tables.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Global options")]
    pub color: ColorChoice,

    /// Do not send the output through the pager (`$TRACKER_PAGER`, `$PAGER`, `less -FRX`).
    #[arg(
        long,
        global = true,
        conflicts_with = "paginate",
        help_heading = "Global options"
    )]
    pub no_pager: bool,

    /// Send the output of any command through the pager when on a terminal (reports do
    /// by default).
    #[arg(long, global = true, help_heading = "Global options")]
    pub paginate: bool,

    /// Show tables whole, whatever the terminal's width (by default, columns are cut or
    /// left out to fit: see `tracker status --help`).
    #[arg(long, global = true, help_heading = "Global options")]
    pub wide: bool,

    /// Who the output is for: `public` leaves out every item and field marked
    /// `visibility: internal` from every format, figure and chart. Default: public for
    /// HTML and for `report -o`, internal otherwise; `audience:` in strategy.yaml
    /// replaces that default.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "AUDIENCE",
        help_heading = "Global options"
    )]
    pub audience: Option<AudienceArg>,

    /// Count a milestone as done only when its sources have at least this confidence
    /// (`high`, `medium` or `low`); the others count as not done, and reports say how
    /// many were set aside.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "LEVEL",
        help_heading = "Global options"
    )]
    pub min_confidence: Option<ConfidenceArg>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `--audience`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum AudienceArg {
    /// What may be published: no internal item or field.
    Public,
    /// The team: everything.
    Internal,
}

/// `--min-confidence`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ConfidenceArg {
    /// Any stated confidence.
    Low,
    /// One reliable secondary source or better.
    Medium,
    /// The official text, or several consistent sources.
    High,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Validate every file of the strategy and report all problems.
    Check(check::CheckArgs),
    /// Show progress per pillar and commitment, or one commitment in detail.
    Status(status::StatusArgs),
    /// List the changes made to the strategy, commit by commit.
    History(history::HistoryArgs),
    /// Show what changed between two reporting points.
    Diff(diff::DiffArgs),
    /// List every due date that moved later, and who moved it.
    Slips(slips::SlipsArgs),
    /// Write a git repository replaying the shipped strategy's history.
    Demo(demo::DemoArgs),
    /// Write the progress report for a period (Markdown, HTML or JSON).
    Report(report::ReportArgs),
    /// Write the strategy as a static website, with feeds of its changes.
    Site(site::SiteArgs),
    /// Create a new strategy in a folder.
    Init(init::InitArgs),
    /// Create a commitment file from a commented template.
    New(new::NewArgs),
    /// Mark a milestone as done.
    Done(done::DoneArgs),
    /// Reopen a milestone (remove its done date).
    Reopen(reopen::ReopenArgs),
    /// Move a due date, with a reason.
    Due(due::DueArgs),
    /// Set a commitment's status or owner.
    Set(set::SetArgs),
    /// Record an assessment of a commitment or milestone (the second layer).
    Assess(assess::AssessArgs),
    /// Print the JSON Schema of the files, or write it to schema/.
    Schema(schema::SchemaArgs),
    /// Combine strategies kept in several repositories.
    Rollup(rollup::RollupArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Print a man page (tracker's, or a subcommand's), or write them all.
    Man(man::ManArgs),
    /// Install the git pre-commit hook that runs `tracker check`.
    Hook(hook::HookArgs),
}

/// Output formats of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A table for the terminal.
    Table,
    /// JSON (a stable, documented shape).
    Json,
    /// CSV, one row per item.
    Csv,
    /// Markdown tables.
    Markdown,
}

/// An output format that can be told from a file's extension (`-o FILE`).
pub(crate) trait FileFormat: Copy + PartialEq + ValueEnum {
    /// The format a file with this extension (lowercase, without the dot) is written in.
    fn from_extension(ext: &str) -> Option<Self>;
    /// The format when neither `--format` nor `-o` says.
    fn default_format() -> Self;
}

impl FileFormat for Format {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "txt" => Some(Format::Table),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
    fn default_format() -> Self {
        Format::Table
    }
}

/// The format of an output: `--format` when given (which must agree with the
/// extension of `-o FILE`, if the extension names a format), else the extension's, else
/// the default.
pub(crate) fn chosen_format<F: FileFormat>(
    explicit: Option<F>,
    output: Option<&std::path::Path>,
) -> Result<F> {
    let ext = output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let by_ext = ext.as_deref().and_then(F::from_extension);
    let name = |f: F| {
        f.to_possible_value()
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default()
    };
    match (explicit, by_ext, ext.as_deref(), output) {
        (Some(f), Some(e), _, Some(path)) if f != e => Err(Error::Usage(format!(
            "--format {} does not match -o {} (a .{} file is written as {}); leave out one of them",
            name(f),
            path.display(),
            ext.as_deref().unwrap_or(""),
            name(e)
        ))),
        (Some(f), _, _, _) => Ok(f),
        (None, Some(e), _, _) => Ok(e),
        (None, None, Some(ext), Some(path)) => Err(Error::Usage(format!(
            "-o {}: no format is written to .{ext} files; name the file .md, .html, .json, .csv or .txt, or give --format",
            path.display()
        ))),
        (None, None, _, _) => Ok(F::default_format()),
    }
}

/// Runs `write` on `-o FILE` when given (relative to the current folder; created or
/// replaced whole, once written, keeping its permissions, and without colour; a pipe or
/// a device is written to; a symbolic link to a file is refused), or on `out`.
pub(crate) fn to_output(
    ctx: &Context,
    output: Option<&std::path::Path>,
    out: &mut dyn Write,
    write: impl FnOnce(&Context, &mut dyn Write) -> Result<Outcome>,
) -> Result<Outcome> {
    let Some(given) = output else {
        return write(ctx, out);
    };
    let path = ctx.cwd.join(given);
    let path = path.as_path();
    let ctx = &ctx.for_file();
    let mut rendered: Option<Result<Outcome>> = None;
    let written = crate::write::write_output(path, given, |file| {
        let mut w = Recording {
            inner: io::BufWriter::new(file),
            failed: None,
        };
        let outcome = write(ctx, &mut w);
        // A failed write is the file's, whatever the renderer calls it.
        if let Some(e) = w.failed.take() {
            return Err(e);
        }
        let failed = outcome.is_err();
        rendered = Some(outcome);
        if failed {
            return Err(io::Error::other("the output was not made"));
        }
        w.flush()
    });
    match (rendered, written) {
        (Some(Err(e)), _) | (_, Err(e)) => Err(e),
        (Some(Ok(outcome)), Ok(())) => Ok(outcome),
        (None, Ok(())) => Err(Error::io("write", path, io::Error::other("nothing was written"))),
    }
}

/// A writer that keeps the first error it met, so that it can be told against the file.
struct Recording<W: Write> {
    inner: W,
    failed: Option<io::Error>,
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            self.failed
                .get_or_insert_with(|| io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|e| {
            self.failed
                .get_or_insert_with(|| io::Error::new(e.kind(), e.to_string()));
        })
    }
}

/// Parses `--today` and other day arguments.
pub(crate) fn parse_day(s: &str) -> std::result::Result<DayArg, String> {
    match s.trim() {
        "today" => Ok(DayArg::Today),
        "yesterday" => Ok(DayArg::Yesterday),
        t => crate::decode::parse_date(&t.replace('/', "-"))
            .map(DayArg::Date)
            .map_err(|why| format!("{why} (or give today or yesterday)")),
    }
}

/// A day given as an option, in the one grammar's words for a single day: a date
/// (`2026-07-01`, `2026/07/01`), `today` or `yesterday`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayArg {
    /// That date.
    Date(NaiveDate),
    /// The day the command runs for.
    Today,
    /// The day before it.
    Yesterday,
}

impl DayArg {
    /// The day, `today` being the day the command runs for.
    pub(crate) fn on(self, today: NaiveDate) -> NaiveDate {
        match self {
            DayArg::Date(d) => d,
            DayArg::Today => today,
            DayArg::Yesterday => today.pred_opt().unwrap_or(today),
        }
    }
}

/// What a command found, once it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing wrong.
    Clean,
    /// Problems in the files (exit code 1).
    Problems,
}

/// Everything a command needs from the global options.
#[derive(Clone)]
pub(crate) struct Context {
    /// The day states are computed for.
    pub today: NaiveDate,
    /// Whether `--today` was given.
    pub today_given: bool,
    /// The folder tracker runs in.
    pub cwd: PathBuf,
    /// `--strategy-dir`, if given.
    pub strategy_dir: Option<PathBuf>,
    /// How to draw tables.
    pub style: Style,
    /// `--audience`, if given.
    pub audience: Option<crate::model::Visibility>,
    /// `--min-confidence`, if given.
    pub min_confidence: Option<crate::model::Confidence>,
}

impl Context {
    /// The context of an output written to a file: no colour.
    pub fn for_file(&self) -> Context {
        let mut c = self.clone();
        c.style.color = false;
        c
    }

    /// Finds the strategy on disk.
    pub fn worktree(&self) -> Result<WorkTree> {
        WorkTree::discover(&self.cwd, self.strategy_dir.as_deref())
    }

    /// The roll-up file a report is over: `--rollup FILE` when given; else, where no
    /// strategy can be found from here (and no `--strategy-dir` was given), a
    /// `rollup.yaml` in this folder or one above it, as a strategy is found.
    pub fn rollup(&self, explicit: Option<&std::path::Path>) -> Option<PathBuf> {
        if let Some(f) = explicit {
            return Some(self.cwd.join(f));
        }
        if self.strategy_dir.is_some() || self.worktree().is_ok() {
            return None;
        }
        self.cwd
            .ancestors()
            .map(|d| d.join(crate::rollup::ROLLUP_FILE))
            .find(|f| f.is_file())
    }

    /// Loads the strategy in the working tree for a report.
    pub fn load_worktree(&self) -> Result<(WorkTree, Loaded)> {
        let wt = self.worktree()?;
        let repo = match crate::git::Repo::open(&wt) {
            Ok(r) => Some(r),
            Err(Error::NotARepository { .. }) => None,
            Err(e) => return Err(e),
        };
        let loaded = crate::report::period::load_worktree(&wt, repo.as_ref())?;
        Ok((wt, loaded))
    }

    /// The lens of an output: `--audience`, else `audience:` in strategy.yaml, else
    /// public when `publishing` (HTML, `report -o`) and internal otherwise; and
    /// `--min-confidence`.
    pub fn lens(&self, loaded: &Loaded, publishing: bool) -> crate::lens::Lens {
        use crate::model::Visibility;
        let audience = self
            .audience
            .or(loaded.strategy.as_ref().and_then(|s| s.audience))
            .unwrap_or(if publishing {
                Visibility::Public
            } else {
                Visibility::Internal
            });
        crate::lens::Lens {
            audience,
            min_confidence: self.min_confidence,
        }
    }

    /// Loads the strategy in the working tree with every check, for `--today`.
    pub fn check_worktree(&self) -> Result<(WorkTree, Loaded)> {
        let wt = self.worktree()?;
        let loaded = Loaded::checked(&wt.name, wt.files()?, crate::source::Source::Files, self.today);
        Ok((wt, loaded))
    }
}

fn context(cli: &Cli) -> Result<Context> {
    let base = std::env::current_dir().map_err(|e| Error::io("find", ".", e))?;
    let cwd = match &cli.directory {
        Some(d) => {
            let d = base.join(d);
            if !d.is_dir() {
                return Err(Error::Usage(format!("-C {}: no such folder", d.display())));
            }
            d
        }
        None => base,
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|w| *w > 0)
        .or_else(|| {
            if io::stdout().is_terminal() {
                comfy_table::Table::new().width().map(usize::from)
            } else {
                None
            }
        })
        .unwrap_or(100);
    Ok(Context {
        today: {
            let real = chrono::Local::now().date_naive();
            cli.today.map_or(real, |d| d.on(real))
        },
        today_given: cli.today.is_some(),
        cwd,
        strategy_dir: cli.strategy_dir.clone(),
        style: Style {
            color,
            width,
            wide: cli.wide,
        },
        audience: cli.audience.map(|a| match a {
            AudienceArg::Public => crate::model::Visibility::Public,
            AudienceArg::Internal => crate::model::Visibility::Internal,
        }),
        min_confidence: cli.min_confidence.map(|c| match c {
            ConfidenceArg::Low => crate::model::Confidence::Low,
            ConfidenceArg::Medium => crate::model::Confidence::Medium,
            ConfidenceArg::High => crate::model::Confidence::High,
        }),
    })
}

/// The strategy of a loaded source, once `strategy.yaml` is valid and every `--pillar`
/// names one of its pillars.
pub(crate) fn strategy_for<'a>(loaded: &'a Loaded, pillars: &[String]) -> Result<&'a crate::model::Strategy> {
    let strategy = loaded.strategy()?;
    crate::report::check_pillars(strategy, pillars)?;
    Ok(strategy)
}

/// Prints findings to stderr as `check` prints them, without control characters.
pub(crate) fn print_findings<'a>(findings: impl IntoIterator<Item = &'a crate::finding::Finding>) {
    let mut e = io::stderr().lock();
    for f in findings {
        let _ = writeln!(e, "{}", crate::render::findings::cleaned(f));
    }
}

/// Writes an error with its hint to stderr.
pub(crate) fn print_error(err: &Error) {
    print_findings(err.findings());
    let mut e = io::stderr().lock();
    let _ = writeln!(e, "error: {}", crate::render::clean(&err.to_string()));
    let mut cause = std::error::Error::source(err);
    while let Some(c) = cause {
        let _ = writeln!(e, "caused by: {}", crate::render::clean(&c.to_string()));
        cause = c.source();
    }
    if let Some(hint) = err.hint() {
        let _ = writeln!(e, "hint: {}", crate::render::clean(&hint));
    }
}

/// Whether a command's output goes through the pager unless `--no-pager`: the reports,
/// when they are written to the terminal rather than to a file.
fn pages_by_default(command: &Command) -> bool {
    match command {
        Command::Check(_) => true,
        Command::Status(a) => a.output.is_none(),
        Command::History(a) => a.output.is_none(),
        Command::Diff(a) => a.output.is_none(),
        Command::Slips(a) => a.output.is_none(),
        Command::Report(a) => a.output.is_none(),
        _ => false,
    }
}

/// Whether the command was asked for JSON on stdout.
fn wants_json(command: &Command) -> bool {
    match command {
        Command::Check(a) => matches!(a.format, check::CheckFormat::Json),
        Command::Status(a) => {
            chosen_format(a.format, a.output.as_deref()).is_ok_and(|f| f == status::StatusFormat::Json)
                && a.output.is_none()
        }
        Command::History(a) => {
            chosen_format(a.format, a.output.as_deref()).is_ok_and(|f| f == Format::Json)
                && a.output.is_none()
        }
        Command::Diff(a) => {
            chosen_format(a.format, a.output.as_deref()).is_ok_and(|f| f == Format::Json)
                && a.output.is_none()
        }
        Command::Slips(a) => {
            chosen_format(a.format, a.output.as_deref()).is_ok_and(|f| f == Format::Json)
                && a.output.is_none()
        }
        Command::Report(a) => a.format == Some(report::ReportFormat::Json) && a.output.is_none(),
        _ => false,
    }
}

fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

/// Wraps a write error on stdout.
pub(crate) fn stdout_error(e: io::Error) -> Error {
    Error::io("write", "standard output", e)
}

/// Parses the arguments, runs the command and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_OK });
        }
    };
    // Once the command is known and before any thread exists, as libgit2's global
    // settings require.
    crate::git::bound_memory(match &cli.command {
        Command::History(_) => crate::git::PackReads::History,
        _ => crate::git::PackReads::Commits,
    });
    let paged = !cli.no_pager && (cli.paginate || pages_by_default(&cli.command));
    let mut pager = if paged { pager::Pager::start() } else { None };
    let result = context(&cli).and_then(|ctx| {
        let stdout = io::stdout();
        let mut lock;
        let target: &mut dyn Write = match pager.as_mut().and_then(|p| p.input()) {
            Some(pipe) => pipe,
            None => {
                lock = stdout.lock();
                &mut lock
            }
        };
        let mut out = io::BufWriter::new(target);
        let outcome = match &cli.command {
            Command::Check(args) => check::run(&ctx, args, &mut out),
            Command::Status(args) => status::run(&ctx, args, &mut out),
            Command::History(args) => history::run(&ctx, args, &mut out),
            Command::Diff(args) => diff::run(&ctx, args, &mut out),
            Command::Slips(args) => slips::run(&ctx, args, &mut out),
            Command::Demo(args) => demo::run(&ctx, args, &mut out),
            Command::Report(args) => report::run(&ctx, args, &mut out),
            Command::Site(args) => site::run(&ctx, args, &mut out),
            Command::Init(args) => init::run(&ctx, args, &mut crate::render::Sanitized::new(&mut out)),
            Command::New(args) => new::run(&ctx, args, &mut crate::render::Sanitized::new(&mut out)),
            Command::Done(args) => done::run(&ctx, args, &mut crate::render::Sanitized::new(&mut out)),
            Command::Reopen(args) => reopen::run(&ctx, args, &mut crate::render::Sanitized::new(&mut out)),
            Command::Due(args) => due::run(&ctx, args, &mut crate::render::Sanitized::new(&mut out)),
            Command::Set(args) => set::run(&ctx, args, &mut crate::render::Sanitized::new(&mut out)),
            Command::Assess(args) => assess::run(&ctx, args, &mut crate::render::Sanitized::new(&mut out)),
            Command::Schema(args) => schema::run(&ctx, args, &mut out),
            Command::Rollup(args) => rollup::run(&ctx, args, &mut out),
            Command::Completions(args) => completions::run(&ctx, args, &mut out),
            Command::Man(args) => man::run(&ctx, args, &mut out),
            Command::Hook(args) => hook::run(&ctx, args, &mut crate::render::Sanitized::new(&mut out)),
        }?;
        out.flush().map_err(stdout_error)?;
        Ok(outcome)
    });
    if let Some(p) = pager {
        p.finish();
    }
    match result {
        Ok(Outcome::Clean) => ExitCode::from(EXIT_OK),
        Ok(Outcome::Problems) => ExitCode::from(EXIT_PROBLEMS),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(EXIT_OK),
        Err(e) => {
            if e.is_problem_in_files() && wants_json(&cli.command) {
                // A script reading JSON gets the findings as JSON, not an empty stdout.
                let mut out = io::stdout().lock();
                let _ = crate::render::findings::json_error(&mut out, &e).and_then(|_| out.flush());
            }
            print_error(&e);
            ExitCode::from(if e.is_problem_in_files() {
                EXIT_PROBLEMS
            } else {
                EXIT_ERROR
            })
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_write_error_is_kept_for_the_file() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut w = Recording {
            inner: Full,
            failed: None,
        };
        assert!(w.write_all(b"x").is_err());
        assert_eq!(w.failed.map(|e| e.kind()), Some(io::ErrorKind::StorageFull));
    }

    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// The words of a command line, with "..." quoting; `>`, `|` and `&&` end it.
    fn words(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => {
                    if !word.is_empty() {
                        out.push(std::mem::take(&mut word));
                    }
                }
                _ => word.push(c),
            }
        }
        if !word.is_empty() {
            out.push(word);
        }
        out.into_iter()
            .take_while(|w| !matches!(w.as_str(), ">" | "|" | "&&" | "#"))
            .collect()
    }

    #[test]
    fn every_help_example_parses() {
        let cli = Cli::command();
        let mut checked = 0;
        for sub in cli.get_subcommands() {
            let help = sub.get_after_help().map(|h| h.to_string()).unwrap_or_default();
            let examples: Vec<&str> = help
                .lines()
                .skip_while(|l| !l.starts_with("Examples:"))
                .skip(1)
                .map(str::trim)
                .filter(|l| l.starts_with("tracker "))
                .collect();
            assert!(
                (1..=4).contains(&examples.len()) || sub.get_name() == "help",
                "{} has {} examples",
                sub.get_name(),
                examples.len()
            );
            for line in examples {
                let args = words(line);
                Cli::try_parse_from(&args).unwrap_or_else(|e| panic!("{line}: {e}"));
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked}");
    }
}
