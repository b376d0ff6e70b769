//! What the edit commands (`done`, `reopen`, `due`, `set`) share: their options, and
//! the path of one edit from the file to the disk (and to a commit with `--commit`).

use super::{Context, Outcome, print_findings, stdout_error};
use crate::decode::suggest;
use crate::edit::{Action, Edit, diff, edit, new_errors};
use crate::error::{Error, Result};
use crate::git::commit::Committer;
use crate::load::{CommitmentFile, Loaded};
use crate::source::{Source, WorkTree};
use clap::Args;
use std::io::{self, Write};

/// Options every edit command takes.
#[derive(Debug, Args)]
pub struct EditOpts {
    /// Record the change as a git commit of just this file, with your git identity.
    #[arg(long)]
    pub commit: bool,

    /// Print the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The one file that holds commitment `id`.
pub fn find<'l>(loaded: &'l Loaded, id: &str) -> Result<&'l CommitmentFile> {
    let holds = |f: &&CommitmentFile| {
        f.commitment
            .as_ref()
            .map_or(f.id.as_deref(), |c| Some(c.id.as_str()))
            == Some(id)
    };
    let found: Vec<&CommitmentFile> = loaded.files.iter().filter(holds).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let ids: Vec<&str> = loaded
                .files
                .iter()
                .filter_map(|f| f.commitment.as_ref().map(|c| c.id.as_str()).or(f.id.as_deref()))
                .collect();
            Err(Error::UnknownCommitment {
                id: id.to_owned(),
                suggestion: suggest(id, &ids).map(str::to_owned),
            })
        }
        many => Err(Error::EditRefused {
            path: many[0].path.clone(),
            reason: format!(
                "the id `{id}` is used by several files ({})",
                many.iter()
                    .map(|f| f.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: "give each commitment its own id first; `tracker check` shows the duplicates".into(),
        }),
    }
}

/// What an edit says about why it was made.
#[derive(Debug, Clone, Copy)]
pub enum Reason<'a> {
    /// The command takes no reason.
    None,
    /// `--no-reason`: a date may move later without one.
    NotGiven,
    /// `--reason`, required when a due date moves later.
    RequiredIfLater(Option<&'a str>),
}

impl<'a> Reason<'a> {
    fn text(self) -> Option<&'a str> {
        match self {
            Reason::RequiredIfLater(r) => r,
            _ => None,
        }
    }
}

/// The due date an action moves, before and after, when it moves one.
fn due_move(
    change: &Action,
    c: &crate::model::Commitment,
) -> Option<(Option<chrono::NaiveDate>, chrono::NaiveDate)> {
    match change {
        Action::Due(d) => Some((c.due, *d)),
        Action::MilestoneDue { milestone, date } => Some((c.milestone(milestone).map(|m| m.due), *date)),
        _ => None,
    }
}

/// Finds the file, makes the edit, checks it against the whole strategy, then prints
/// the diff (`--dry-run`) or writes it (and commits it with `--commit`).
pub fn apply(
    ctx: &Context,
    id: &str,
    change: &Action,
    reason: Reason<'_>,
    opts: &EditOpts,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let wt = ctx.worktree()?;
    let files = wt.files()?;
    let loaded = Loaded::checked(&wt.name, files.clone(), Source::Files, ctx.today);
    let file = find(&loaded, id)?;
    let bytes = file.text.clone().unwrap_or_else(|| Vec::new().into());
    let made = match edit(&file.path, &bytes, change) {
        // The file's own errors, and those that need the whole strategy.
        Err(Error::InvalidFile { path, .. }) => {
            let findings = loaded
                .findings
                .iter()
                .filter(|f| f.path == path)
                .cloned()
                .collect();
            return Err(Error::InvalidFile { path, findings });
        }
        other => other?,
    };
    let Some(made) = made else {
        writeln!(out, "{}: nothing to change: {}", file.path, change.unchanged()).map_err(stdout_error)?;
        return Ok(Outcome::Clean);
    };
    if let (Reason::RequiredIfLater(None), Some(c)) = (reason, &file.commitment)
        && let Some((Some(old), new)) = due_move(change, c)
        && new > old
    {
        return Err(Error::Usage(format!(
            "{}: this moves a due date later ({old} → {new}); say why with --reason \"...\" \
             (with --commit it is kept in the commit's Reason: trailer, which `tracker slips` and \
             `tracker report` show), or give --no-reason to move it without one",
            made.path
        )));
    }
    let reason = reason.text();
    let fresh = new_errors(
        files,
        &wt.name,
        &made.path,
        made.after.as_bytes(),
        ctx.today,
        &loaded,
    );
    if let Some(first) = fresh.first() {
        print_findings(&fresh);
        return Err(Error::EditRefused {
            path: made.path.clone(),
            reason: format!(
                "the edit would make `tracker check` fail ({}: {})",
                first.rule, first.message
            ),
            hint: first
                .hint
                .clone()
                .unwrap_or_else(|| "check the value you gave".into()),
        });
    }
    write_edit(&wt, &made, reason, opts, out)
}

/// Prints, or writes and commits, an edit that passed every check.
fn write_edit(
    wt: &WorkTree,
    made: &Edit,
    reason: Option<&str>,
    opts: &EditOpts,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let message = made.message(reason);
    let committer = if opts.commit {
        Some(Committer::prepare(&wt.root, &made.path, false)?)
    } else {
        None
    };
    if opts.dry_run {
        out.write_all(diff::unified(&made.path, Some(&made.before), &made.after).as_bytes())
            .map_err(stdout_error)?;
        if opts.commit {
            writeln!(out, "would commit: {}", message.lines().next().unwrap_or("")).map_err(stdout_error)?;
        }
        return Ok(Outcome::Clean);
    }
    let abs = wt.absolute(&made.path);
    // Someone may have saved the file from an editor since it was read: keep their work.
    let now = std::fs::read(&abs).map_err(|e| Error::io("read", &abs, e))?;
    if now != made.before.as_bytes() {
        return Err(Error::EditRefused {
            path: made.path.clone(),
            reason: "the file changed on disk while tracker was editing it".into(),
            hint: "run the command again".into(),
        });
    }
    crate::write::write_atomic(&abs, made.after.as_bytes())?;
    writeln!(out, "{}: {}", made.path, made.summary).map_err(stdout_error)?;
    if let (Some(reason), false) = (reason, opts.commit) {
        let path = relative(&std::env::current_dir().unwrap_or_default(), &abs);
        let trailer = crate::edit::trailer(Some(reason)).unwrap_or_default();
        let _ = writeln!(
            io::stderr().lock(),
            "note: the reason is kept only in a commit message; to keep it, commit the change with:\n  git commit -m {} -m {} -- {}",
            shell_quote(&made.subject()),
            shell_quote(&trailer),
            shell_quote(&path)
        );
    }
    if let Some(c) = committer {
        let info = c.commit(&message).inspect_err(|_| {
            let _ = writeln!(
                io::stderr().lock(),
                "note: {} was changed but not committed",
                made.path
            );
        })?;
        writeln!(out, "committed {}: {}", info.short(), info.subject).map_err(stdout_error)?;
    }
    Ok(Outcome::Clean)
}

/// A word for a POSIX shell: in single quotes unless it is made of safe characters.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// `to` as a path relative to the folder `from` (both absolute), with `/` separators.
pub fn relative(from: &std::path::Path, to: &std::path::Path) -> String {
    use std::path::Component;
    let parts = |p: &std::path::Path| -> Vec<String> {
        p.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let (a, b) = (parts(from), parts(to));
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel: Vec<String> = vec!["..".into(); a.len() - common];
    rel.extend(b[common..].iter().cloned());
    if rel.is_empty() { ".".into() } else { rel.join("/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_quote("strategy/a.yaml"), "strategy/a.yaml");
        assert_eq!(shell_quote("a: due → b"), "'a: due → b'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn relative_paths() {
        use std::path::Path;
        assert_eq!(
            relative(Path::new("/r"), Path::new("/r/strategy/a.yaml")),
            "strategy/a.yaml"
        );
        assert_eq!(
            relative(Path::new("/r/strategy/x"), Path::new("/r/strategy/a.yaml")),
            "../a.yaml"
        );
    }
}
