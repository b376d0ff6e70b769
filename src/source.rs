//! Where the strategy's files come from: the working tree, or the tree of a git commit.
//!
//! Both sources give the same thing: a list of YAML files under the strategy folder, with
//! their bytes, or the reason a file was refused (too big, a symlink that leads outside
//! the repository). Parsing is the loader's job.

use crate::error::{Error, Result};
use crate::finding::{Finding, Pos, Rule};
use crate::git::CommitInfo;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files bigger than this are refused: a commitment is a page of text, not megabytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The name of the strategy's own file, at the top of the strategy folder.
pub const STRATEGY_FILE: &str = "strategy.yaml";

/// One YAML file from a source.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Path relative to the folder that holds the strategy folder, with `/` separators.
    pub path: String,
    /// Its bytes, or why it was refused.
    pub content: Content,
}

/// A file's bytes, or why it was not read.
#[derive(Debug, Clone)]
pub enum Content {
    /// The bytes, with the git blob id when the file comes from a commit.
    Bytes {
        /// The file's bytes.
        data: Arc<[u8]>,
        /// The blob's id, for caching parses by content.
        blob: Option<crate::git::ObjectId>,
    },
    /// The file was not read; the finding says why.
    Refused(Box<Finding>),
}

/// Where a strategy's files were read from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The files on disk, with nothing known from git: the folder is not in a git
    /// repository, or the command has no use for git.
    Files,
    /// The files on disk, in a git working tree.
    WorkTree {
        /// HEAD, or `None` before the first commit.
        head: Option<CommitInfo>,
        /// Whether the strategy folder differs from HEAD.
        dirty: bool,
    },
    /// The files as a commit recorded them, standing for a day.
    Commit {
        /// The commit.
        commit: CommitInfo,
        /// The day it stands for: the date asked for, or the commit's own date.
        day: NaiveDate,
    },
}

impl Source {
    /// Whether the files are the ones on disk.
    pub fn is_files_on_disk(&self) -> bool {
        !matches!(self, Source::Commit { .. })
    }

    /// How people read the source: `working tree`, or `2026-01-01 (as recorded on
    /// 2025-12-30)`; the commit id goes in a Sources line ([`Source::commit_id`]).
    pub fn title(&self) -> String {
        match self {
            Source::Files | Source::WorkTree { .. } => "working tree".into(),
            Source::Commit { commit, day } => format!("{day} (as recorded on {})", commit.date),
        }
    }

    /// The commit the files were read from, if they were.
    pub fn commit_id(&self) -> Option<&str> {
        match self {
            Source::Commit { commit, .. } => Some(&commit.id),
            _ => None,
        }
    }

    /// How the JSON names the source: `working tree`, or `2026-01-01 (commit 1a2b3c4d of
    /// 2025-12-30)`.
    pub fn label(&self) -> String {
        match self {
            Source::Files | Source::WorkTree { .. } => "working tree".into(),
            Source::Commit { commit, day } => {
                format!("{day} (commit {} of {})", commit.short(), commit.date)
            }
        }
    }
}

/// Whether a file name is one the strategy is made of.
pub fn is_yaml(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".yaml") || lower.ends_with(".yml")) && !name.starts_with('.')
}

/// The strategy folder on disk.
#[derive(Debug, Clone)]
pub struct WorkTree {
    /// The strategy folder (the one holding `strategy.yaml`).
    pub dir: PathBuf,
    /// The folder that holds it; displayed paths are relative to this.
    pub root: PathBuf,
    /// The strategy folder's name, the first part of every displayed path.
    pub name: String,
}

impl WorkTree {
    /// Finds the strategy: `explicit` if given (the folder holding `strategy.yaml`, or a
    /// folder holding `strategy/strategy.yaml`), otherwise the nearest
    /// `strategy/strategy.yaml` from `start` upwards.
    pub fn discover(start: &Path, explicit: Option<&Path>) -> Result<Self> {
        if let Some(dir) = explicit {
            let dir = start.join(dir);
            let found = if dir.join(STRATEGY_FILE).is_file() {
                dir
            } else if dir.join("strategy").join(STRATEGY_FILE).is_file() {
                dir.join("strategy")
            } else {
                return Err(Error::NotAStrategyDir { dir });
            };
            return Self::at(&found);
        }
        let start = start.canonicalize().map_err(|e| Error::io("open", start, e))?;
        for dir in start.ancestors() {
            let candidate = dir.join("strategy");
            if candidate.join(STRATEGY_FILE).is_file() {
                return Self::at(&candidate);
            }
        }
        Err(Error::NoStrategy { start })
    }

    fn at(dir: &Path) -> Result<Self> {
        let dir = dir.canonicalize().map_err(|e| Error::io("open", dir, e))?;
        let root = dir.parent().map_or_else(|| dir.clone(), Path::to_path_buf);
        let name = dir
            .file_name()
            .map_or_else(|| "strategy".into(), |n| n.to_string_lossy().into_owned());
        Ok(WorkTree { dir, root, name })
    }

    /// Every YAML file below the strategy folder, sorted by path.
    pub fn files(&self) -> Result<Vec<RawFile>> {
        let mut out = Vec::new();
        self.walk(&self.dir, &self.name.clone(), &mut out)?;
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// The absolute path of a displayed path.
    pub fn absolute(&self, display: &str) -> PathBuf {
        self.root.join(display)
    }

    fn walk(&self, dir: &Path, prefix: &str, out: &mut Vec<RawFile>) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io("read the folder", dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read the folder", dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let display = format!("{prefix}/{name}");
            let meta = std::fs::symlink_metadata(&path).map_err(|e| Error::io("read", &path, e))?;
            if meta.is_dir() {
                self.walk(&path, &display, out)?;
                continue;
            }
            if !is_yaml(&name) {
                continue;
            }
            if meta.file_type().is_symlink() {
                if let Some(refused) = self.check_symlink(&path, &display) {
                    out.push(RawFile {
                        path: display,
                        content: Content::Refused(Box::new(refused)),
                    });
                    continue;
                }
            }
            let content = match std::fs::metadata(&path) {
                Ok(m) if m.len() > MAX_FILE_BYTES => Content::Refused(Box::new(too_big(&display, m.len()))),
                Ok(_) => match std::fs::read(&path) {
                    Ok(data) => Content::Bytes {
                        data: data.into(),
                        blob: None,
                    },
                    Err(e) => Content::Refused(Box::new(Finding::error(
                        &display,
                        Pos::START,
                        Rule::Unreadable,
                        format!("cannot read the file: {e}"),
                    ))),
                },
                Err(e) => Content::Refused(Box::new(Finding::error(
                    &display,
                    Pos::START,
                    Rule::Unreadable,
                    format!("cannot read the file: {e}"),
                ))),
            };
            out.push(RawFile {
                path: display,
                content,
            });
        }
        Ok(())
    }

    /// The finding for a symlinked file: broken, leading outside the repository, or
    /// (inside it) not followed, so that every source reads the same files.
    fn check_symlink(&self, path: &Path, display: &str) -> Option<Finding> {
        let target = match path.canonicalize() {
            Ok(t) => t,
            Err(_) => {
                return Some(
                    Finding::error(display, Pos::START, Rule::Symlink, "this symlink leads nowhere")
                        .with_hint("remove it, or make it point at an existing file"),
                );
            }
        };
        let boundary = crate::git::workdir_of(&self.dir).unwrap_or_else(|| self.root.clone());
        if !target.starts_with(&boundary) {
            return Some(
                Finding::error(
                    display,
                    Pos::START,
                    Rule::Symlink,
                    format!(
                        "this symlink leads outside the repository, to {}",
                        target.display()
                    ),
                )
                .with_hint("copy the file into the strategy folder instead of linking to it"),
            );
        }
        // Inside the repository, a symlink is still refused: git stores only the link,
        // so history and `status --at` could not read what the working tree shows.
        Some(
            Finding::error(
                display,
                Pos::START,
                Rule::Symlink,
                format!(
                    "this file is a symlink to {}; commitment files must be plain files",
                    target.display()
                ),
            )
            .with_hint("replace the link with a copy of the file (or move the file here)"),
        )
    }
}

/// The finding for a file over [`MAX_FILE_BYTES`].
pub fn too_big(path: &str, len: u64) -> Finding {
    Finding::error(
        path,
        Pos::START,
        Rule::FileTooLarge,
        format!(
            "the file is {} bytes; a strategy file may be at most {} MiB",
            len,
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .with_hint("split it, or check that it is the file you meant to put here")
}
