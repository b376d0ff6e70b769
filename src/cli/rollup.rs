//! `tracker rollup`: the roll-up file that combines several strategies.

use super::{Context, Outcome, stdout_error};
use crate::error::{Error, Result};
use crate::rollup::{ROLLUP_FILE, template};
use clap::{Args, Subcommand};
use std::io::Write;

/// Combine strategies kept in several repositories (docs/rollup.md); their status is
/// `tracker status --rollup FILE`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tracker rollup init\n  tracker rollup init national/rollup.yaml --id eu-csa-rollup\n  tracker rollup fetch\n  tracker status --rollup rollup.yaml"
)]
pub struct RollupArgs {
    #[command(subcommand)]
    #[allow(missing_docs)]
    pub action: RollupAction,
}

/// What to do with a roll-up.
#[derive(Debug, Subcommand)]
pub enum RollupAction {
    /// Write a commented roll-up file to fill in (rollup.yaml unless FILE is given).
    Init(InitArgs),
    /// Run `git fetch` in every source that has a remote, and say what moved (the job a
    /// CI schedule runs before the reports).
    Fetch(FetchArgs),
}

/// `tracker rollup fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The roll-up file [default: rollup.yaml].
    pub file: Option<std::path::PathBuf>,
}

/// `tracker rollup init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The file to write [default: rollup.yaml].
    pub file: Option<std::path::PathBuf>,
    /// The roll-up's id.
    #[arg(long, default_value = "eu-csa-rollup")]
    pub id: String,
}

/// Runs `rollup`.
pub fn run(ctx: &Context, args: &RollupArgs, out: &mut dyn Write) -> Result<Outcome> {
    match &args.action {
        RollupAction::Init(a) => init(ctx, a, out),
        RollupAction::Fetch(a) => fetch(ctx, a, out),
    }
}

fn fetch(ctx: &Context, args: &FetchArgs, out: &mut dyn Write) -> Result<Outcome> {
    use crate::git::fetch::Fetched;
    let file = ctx.cwd.join(args.file.as_deref().unwrap_or(ROLLUP_FILE.as_ref()));
    let rollup = crate::rollup::read(&file)?;
    let mut failed = 0;
    for s in &rollup.file.sources {
        let path = rollup.dir().join(&s.path);
        let line = match crate::git::fetch::fetch(&path) {
            Ok(Fetched::NoRemote) => "no remote, nothing to fetch".to_owned(),
            Ok(Fetched::Fetched(moved)) if moved.is_empty() => "up to date".to_owned(),
            Ok(Fetched::Fetched(moved)) => {
                let short = |id: &Option<String>| {
                    id.as_deref()
                        .map_or("(none)".into(), |i| crate::git::short_id(i).to_owned())
                };
                let list: Vec<String> = moved
                    .iter()
                    .map(|m| format!("{} {} → {}", m.name, short(&m.from), short(&m.to)))
                    .collect();
                format!(
                    "{} moved: {}",
                    crate::words::count(moved.len(), "reference"),
                    list.join("; ")
                )
            }
            Err(e) => {
                failed += 1;
                match e.hint() {
                    Some(h) => format!("failed: {e} (hint: {h})"),
                    None => format!("failed: {e}"),
                }
            }
        };
        writeln!(out, "{}: {}", s.name, crate::render::clean(&line)).map_err(stdout_error)?;
    }
    if failed > 0 {
        return Err(Error::Usage(format!(
            "{} of {} could not be fetched",
            failed,
            crate::words::count(rollup.file.sources.len(), "source")
        )));
    }
    Ok(Outcome::Clean)
}

fn init(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !crate::model::is_valid_id(&args.id) {
        return Err(Error::Usage(format!(
            "`{}` is not a valid id: use lower-case letters, digits and `-`",
            args.id
        )));
    }
    let path = ctx.cwd.join(args.file.as_deref().unwrap_or(ROLLUP_FILE.as_ref()));
    if path.exists() {
        return Err(Error::AlreadyExists {
            path,
            hint: "edit it, or name another file: tracker rollup init other.yaml".into(),
        });
    }
    crate::write::create_atomic(&path, template(&args.id).as_bytes())?;
    writeln!(
        out,
        "wrote {}: list your sources in it, then run: tracker status --rollup {}",
        path.display(),
        args.file
            .as_deref()
            .map_or(ROLLUP_FILE.into(), |f| f.display().to_string())
    )
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}

/// The lens of a roll-up's output: `--audience`, else public when `publishing` (HTML,
/// `-o`, the website) and internal otherwise, as for one strategy; and
/// `--min-confidence`. A source's own `audience:` setting is not applied.
pub fn lens(ctx: &Context, publishing: bool) -> crate::lens::Lens {
    use crate::model::Visibility;
    crate::lens::Lens {
        audience: ctx.audience.unwrap_or(if publishing {
            Visibility::Public
        } else {
            Visibility::Internal
        }),
        min_confidence: ctx.min_confidence,
    }
}

/// The day a `--since`/`--until` value stands for over a roll-up: a date or a period
/// word (a revision names a commit of one repository, not of a roll-up).
pub fn day_of(ctx: &Context, spec: Option<&str>, last: bool) -> Result<Option<chrono::NaiveDate>> {
    let Some(spec) = spec else { return Ok(None) };
    match crate::period::days(spec, ctx.today) {
        Some((first, end)) => Ok(Some(if last { end } else { first })),
        None => Err(Error::Usage(format!(
            "`{spec}`: with --rollup, give a date (2026-07-01) or a period (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27); a revision names a commit of one repository"
        ))),
    }
}

/// Reads a roll-up's history: the merged walk, filtered, with every source that could
/// not be read told on stderr. Returns the walk and the sources left out.
pub fn walk(
    ctx: &Context,
    file: &std::path::Path,
    filter: &crate::report::filter::Filter,
) -> Result<(crate::history::Walk, Vec<String>)> {
    let rollup = crate::rollup::read(file)?;
    let strategy = rollup.strategy();
    let audience = lens(ctx, false).audience;
    let crate::rollup::history::Merged {
        walk: mut w,
        failed,
        hidden,
        cuts,
    } = crate::rollup::history::walk(&rollup, &strategy, audience);
    for (name, b) in &cuts {
        let (note, hint) = b.note();
        let _ = writeln!(
            std::io::stderr().lock(),
            "note: source `{name}`: {}\nhint: {hint}",
            crate::render::clean(&note)
        );
    }
    if hidden > 0 {
        let _ = writeln!(
            std::io::stderr().lock(),
            "note: public output: {} to internal items {} not shown",
            crate::words::count(hidden, "change"),
            if hidden == 1 { "is" } else { "are" }
        );
    }
    super::point::note_walk(None, &w.malformed);
    super::point::filter_walk_with(filter, Some(&strategy), ctx.today, &mut w)?;
    let mut e = std::io::stderr().lock();
    for f in &failed {
        let _ = writeln!(
            e,
            "warning: source `{}` could not be read, so its history is left out: {}",
            f.name,
            crate::render::clean(&f.error)
        );
        if let Some(h) = &f.hint {
            let _ = writeln!(e, "hint: {}", crate::render::clean(h));
        }
    }
    Ok((w, failed.into_iter().map(|f| f.name).collect()))
}

/// For a table or Markdown: the line that leads an output when sources were left out.
pub fn lead(format: super::Format, left_out: &[String], ctx: &Context, out: &mut dyn Write) -> Result<()> {
    if left_out.is_empty() {
        return Ok(());
    }
    let text = crate::render::table::sources_left_out_text(left_out);
    match format {
        super::Format::Table => writeln!(
            out,
            "{}",
            crate::render::table::sources_left_out(left_out, &ctx.style)
        ),
        super::Format::Markdown => writeln!(out, "> {}\n", crate::render::markdown::cell(&text)),
        super::Format::Json | super::Format::Csv => Ok(()),
    }
    .map_err(stdout_error)
}
