//! What the edit commands (`done`, `reopen`, `due`, `set`) share: their options, and
//! the path of one edit from the file to the disk (and to a commit with `--commit`).
//!
//! One edit at a time holds the strategy's edit lock, from before it reads the files
//! until it has written and committed; refusals come before anything is written.

use super::{Context, Outcome, print_findings, stdout_error};
use crate::decode::suggest;
use crate::edit::lock::{self, EditLock};
use crate::edit::{Action, Edit, diff, edit, new_errors};
use crate::error::{Error, Result};
use crate::finding::Rule;
use crate::git::commit::{CommitOptions, Committer, FileState};
use crate::load::{CommitmentFile, Loaded};
use crate::source::{Source, WorkTree};
use clap::Args;
use std::io::{self, Write};
use std::path::Path;

/// Options every edit command takes.
#[derive(Debug, Args)]
pub struct EditOpts {
    /// Record the change as a git commit of just this file, with your git identity.
    #[arg(long)]
    pub commit: bool,

    /// Print the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// With --commit: do not run the repository's pre-commit hook (as `git commit
    /// --no-verify`).
    #[arg(long, requires = "commit")]
    pub no_verify: bool,

    /// With --commit: commit even though HEAD is detached (not on a branch).
    #[arg(long, requires = "commit")]
    pub allow_detached: bool,
}

/// The one file that holds commitment `id`. A file that could not be read, whose name
/// is the id, is named with its error, never reported as "no commitment".
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
            let stem = |f: &&CommitmentFile| {
                let name = f.path.rsplit('/').next().unwrap_or("");
                name.strip_suffix(".yaml").or_else(|| name.strip_suffix(".yml")) == Some(id)
            };
            let invalid = loaded.invalid_paths();
            if let Some(f) = loaded
                .files
                .iter()
                .filter(|f| f.spelled_id().is_none() && invalid.contains(f.path.as_str()))
                .find(stem)
            {
                return Err(unreadable(loaded, &f.path));
            }
            let ids: Vec<&str> = loaded.files.iter().filter_map(|f| f.spelled_id()).collect();
            let unread: Vec<&str> = loaded
                .files
                .iter()
                .filter(|f| f.spelled_id().is_none())
                .map(|f| f.path.as_str())
                .collect();
            if !unread.is_empty() && suggest(id, &ids).is_none() {
                return Err(Error::Usage(format!(
                    "no readable file has the id `{id}`; {} could not be read and may hold it: {} \
                     (`tracker check` shows why)",
                    crate::words::count(unread.len(), "file"),
                    unread.join(", ")
                )));
            }
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

/// The error for a file that cannot be edited because it does not load: a merge
/// conflict by name, anything else with its findings.
fn unreadable(loaded: &Loaded, path: &str) -> Error {
    let findings: Vec<_> = loaded
        .findings
        .iter()
        .filter(|f| f.path == path && f.is_error())
        .cloned()
        .collect();
    if let Some(conflict) = findings.iter().find(|f| f.rule == Rule::MergeConflict) {
        return Error::EditRefused {
            path: path.to_owned(),
            reason: format!(
                "the file holds an unresolved merge conflict (line {}), so tracker will not edit it",
                conflict.line
            ),
            hint: "resolve the conflict first (`git mergetool`, or edit the file and remove the <<<<<<< ======= >>>>>>> lines), then `git add` it and run the command again".into(),
        };
    }
    Error::InvalidFile {
        path: path.to_owned(),
        findings,
    }
}

/// Refuses to write through a symlinked folder or file, or into a read-only file: the
/// write would land elsewhere than the listing says, or against the owner's will.
pub fn refuse_unsafe_path(wt: &WorkTree, display: &str, must_exist: bool) -> Result<()> {
    let mut at = wt.root.clone();
    let parts: Vec<&str> = display.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let what = if i + 1 == parts.len() {
                    "the file"
                } else {
                    "a folder on its path"
                };
                return Err(Error::EditRefused {
                    path: display.to_owned(),
                    reason: format!("{what} is a symlink ({}), so a write would land somewhere else", at.display()),
                    hint: "replace the symlink with a real folder or file (git stores only the link), then run the command again".into(),
                });
            }
            Ok(_) => {}
            Err(_) if !must_exist || i + 1 < parts.len() => break,
            Err(e) => return Err(Error::io("read", &at, e)),
        }
    }
    let abs = wt.absolute(display);
    if let Ok(m) = std::fs::metadata(&abs)
        && m.permissions().readonly()
    {
        return Err(Error::EditRefused {
            path: display.to_owned(),
            reason: "the file is read-only: its permissions forbid writing to it".into(),
            hint: format!(
                "if it is meant to be edited, make it writable first (chmod u+w {}), then run the command again",
                abs.display()
            ),
        });
    }
    Ok(())
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
    // Held until the change is written and committed; released on every way out.
    let _lock = EditLock::acquire(&wt.dir, lock::wait())?;
    let files = wt.files()?;
    let loaded = Loaded::checked(&wt.name, files.clone(), Source::Files, ctx.today);
    let file = find(&loaded, id)?;
    if loaded.invalid_paths().contains(file.path.as_str()) && file.commitment.is_none() {
        return Err(unreadable(&loaded, &file.path));
    }
    // What a write killed before its rename left behind; only the lock holder writes.
    crate::write::remove_leftovers(&wt.absolute(&file.path));
    let bytes = file.text.clone().unwrap_or_else(|| Vec::new().into());
    let made = match edit(&file.path, &bytes, change) {
        // The file's own errors, and those that need the whole strategy.
        Err(Error::InvalidFile { path, .. }) => return Err(unreadable(&loaded, &path)),
        other => other?,
    };
    let text = reason.text();
    let Some(made) = made else {
        // Already on disk: with --commit, a change made by an earlier run whose commit did
        // not finish is committed now, instead of "nothing to change".
        if opts.commit && !opts.dry_run {
            refuse_unsafe_path(&wt, &file.path, true)?;
            let committer = Committer::prepare(&wt.root, &file.path, commit_options(opts))?;
            if let Some(earlier) = pending(&committer, &file.path, &bytes, change)? {
                return commit(&committer, &earlier, &bytes, text, opts, out);
            }
        }
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
            hint: match (first.rule, change) {
                // What `done` itself can record.
                (Rule::DoneWithoutEvidence, Action::MilestoneDone { .. }) => {
                    "give the address of the document that shows it done: --evidence URL (and --confidence high|medium|low)".into()
                }
                _ => first
                    .hint
                    .clone()
                    .unwrap_or_else(|| "check the value you gave".into()),
            },
        });
    }
    if opts.dry_run {
        out.write_all(diff::unified(&made.path, Some(&made.before), &made.after).as_bytes())
            .map_err(stdout_error)?;
        if opts.commit {
            writeln!(out, "would commit: {}", made.subject()).map_err(stdout_error)?;
        }
        return Ok(Outcome::Clean);
    }
    refuse_unsafe_path(&wt, &made.path, true)?;
    let committer = if opts.commit {
        let c = Committer::prepare(&wt.root, &made.path, commit_options(opts))
            .map_err(|e| with_message(e, &made, text))?;
        match c.state()? {
            FileState::Clean => {}
            FileState::New => {
                return Err(Error::Uncommitted {
                    path: made.path.clone(),
                    state: "is not committed yet (git does not track it)".into(),
                });
            }
            FileState::Changed { what } | FileState::Untouchable { what } => {
                return Err(Error::Uncommitted {
                    path: made.path.clone(),
                    state: what.into(),
                });
            }
        }
        if !opts.no_verify {
            c.run_hook(made.after.as_bytes())?;
        }
        Some(c)
    } else {
        None
    };
    let abs = wt.absolute(&made.path);
    // An editor may have saved the file since it was read: keep that work.
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
    match committer {
        Some(c) => {
            let info = c.commit(&made.message(text))?;
            writeln!(out, "committed {}: {}", info.short(), info.subject).map_err(stdout_error)?;
        }
        None if text.is_some() => note_commit_command(&abs, &made, text),
        None => {}
    }
    Ok(Outcome::Clean)
}

fn commit_options(opts: &EditOpts) -> CommitOptions {
    CommitOptions {
        allow_detached: opts.allow_detached,
    }
}

/// A signing refusal gets the exact commit message to sign by hand.
fn with_message(e: Error, made: &Edit, reason: Option<&str>) -> Error {
    match e {
        Error::GitBusy { what, hint } if what.contains("gpgsign") => {
            let mut cmd = format!("git commit -S -m {}", crate::words::shell_quote(&made.subject()));
            if let Some(t) = crate::edit::trailer(reason) {
                cmd.push_str(&format!(" -m {}", crate::words::shell_quote(&t)));
            }
            cmd.push_str(&format!(" -- {}", crate::words::shell_quote(&made.path)));
            Error::GitBusy {
                what,
                hint: format!("{hint}; the signed commit is: {cmd}"),
            }
        }
        e => e,
    }
}

/// When the file differs from HEAD by exactly this change (an earlier run wrote it and
/// its commit did not finish), the edit as made on HEAD's version.
fn pending(c: &Committer, display: &str, on_disk: &[u8], change: &Action) -> Result<Option<Edit>> {
    if c.state()? == FileState::Clean {
        return Ok(None);
    }
    let Some(head) = c.head_version()? else {
        return Ok(None);
    };
    Ok(edit(display, &head, change)
        .ok()
        .flatten()
        .filter(|e| e.after.as_bytes() == on_disk))
}

/// Commits a change already on disk (from an earlier run), after the hook.
fn commit(
    c: &Committer,
    made: &Edit,
    on_disk: &[u8],
    reason: Option<&str>,
    opts: &EditOpts,
    out: &mut dyn Write,
) -> Result<Outcome> {
    if !opts.no_verify {
        c.run_hook(on_disk)?;
    }
    let info = c.commit(&made.message(reason))?;
    writeln!(
        out,
        "{}: the change was already on disk, not committed: committed {}: {}",
        made.path,
        info.short(),
        info.subject
    )
    .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}

/// Without --commit, the reason is kept only if the user commits with it: say how.
fn note_commit_command(abs: &Path, made: &Edit, reason: Option<&str>) {
    let path = relative(&std::env::current_dir().unwrap_or_default(), abs);
    let trailer = crate::edit::trailer(reason).unwrap_or_default();
    let command = format!(
        "git commit -m {} -m {} -- {}",
        crate::words::shell_quote(&made.subject()),
        crate::words::shell_quote(&trailer),
        crate::words::shell_quote(&path)
    );
    let _ = writeln!(
        io::stderr().lock(),
        "note: the reason is kept only in a commit message; to keep it, commit the change with:\n  {}",
        crate::render::clean(&command)
    );
}

/// `to` as a path relative to the folder `from` (both absolute), with `/` separators.
pub fn relative(from: &Path, to: &Path) -> String {
    use std::path::Component;
    let parts = |p: &Path| -> Vec<String> {
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
    fn relative_paths() {
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
