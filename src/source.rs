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
    /// Nothing: a point before the branch's first commit, standing for a day (the start
    /// of a comparison from before the strategy was recorded).
    Empty {
        /// The day.
        day: NaiveDate,
    },
    /// The sources of a roll-up, each as its repository recorded it on or before a day.
    Rollup {
        /// How many sources were read.
        sources: usize,
        /// The day.
        day: NaiveDate,
    },
}

impl Source {
    /// The day a point in the history stands for; `None` for the files on disk.
    pub fn day(&self) -> Option<NaiveDate> {
        match self {
            Source::Files | Source::WorkTree { .. } => None,
            Source::Commit { day, .. } | Source::Empty { day } | Source::Rollup { day, .. } => Some(*day),
        }
    }

    /// Whether the files are the ones on disk.
    pub fn is_files_on_disk(&self) -> bool {
        !matches!(
            self,
            Source::Commit { .. } | Source::Rollup { .. } | Source::Empty { .. }
        )
    }

    /// How people read the source: `working tree`, or `2026-01-01 (as recorded on
    /// 2025-12-30)`; the commit id goes in a Sources line ([`Source::commit_id`]).
    pub fn title(&self) -> String {
        match self {
            Source::Files | Source::WorkTree { .. } => "working tree".into(),
            Source::Commit { commit, day } => format!("{day} (as recorded on {})", commit.date),
            Source::Empty { day } => empty_words(*day),
            Source::Rollup { sources, day } => rollup_words(*sources, *day),
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
            Source::Empty { day } => empty_words(*day),
            Source::Rollup { sources, day } => rollup_words(*sources, *day),
        }
    }
}

/// `2026-01-01 (before the first commit: nothing recorded)`.
fn empty_words(day: NaiveDate) -> String {
    format!("{day} (before the first commit: nothing recorded)")
}

/// `3 sources, each as recorded on or before 2026-12-01`.
fn rollup_words(sources: usize, day: NaiveDate) -> String {
    format!(
        "{}, each as recorded on or before {day}",
        crate::words::count(sources, "source")
    )
}

/// A displayed path: `rest` below the strategy folder's displayed prefix (`""` when the
/// strategy folder is the repository's root).
pub fn display_path(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_owned()
    } else {
        format!("{prefix}/{rest}")
    }
}

/// Whether a file name is one the strategy is made of.
pub fn is_yaml(name: &str) -> bool {
    let ends = |suffix: &str| {
        name.len() >= suffix.len()
            && name.as_bytes()[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    (ends(".yaml") || ends(".yml")) && !name.starts_with('.')
}

/// The strategy folder on disk.
#[derive(Debug, Clone)]
pub struct WorkTree {
    /// The strategy folder (the one holding `strategy.yaml`).
    pub dir: PathBuf,
    /// The folder displayed paths are relative to: the git working tree's root when the
    /// strategy is in one (so CI annotations and editors open them), else the folder
    /// that holds the strategy folder.
    pub root: PathBuf,
    /// The strategy folder relative to `root`, with `/` separators: the start of every
    /// displayed path (`strategy`, `docs/plan`, or `""` at a repository's root).
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
        let root = crate::git::workdir_of(&dir)
            .filter(|w| dir.starts_with(w))
            .unwrap_or_else(|| dir.parent().map_or_else(|| dir.clone(), Path::to_path_buf));
        let name = dir
            .strip_prefix(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        Ok(WorkTree { dir, root, name })
    }

    /// Every YAML file below the strategy folder, sorted by path. A folder that cannot
    /// be read is a finding on that folder; the walk goes on with the others. Folders are
    /// walked with a list, not by recursion, so no depth of nesting can overflow the stack.
    pub fn files(&self) -> Result<Vec<RawFile>> {
        self.files_map(|file| file)
    }

    /// [`WorkTree::files`], each file passed through `f` on the thread that read it:
    /// the files are read on every core when there are many (each one costs a few
    /// system calls), and whatever is done with a file's bytes next is spread with them.
    /// The results are in path order.
    pub fn files_map<U: Send>(&self, f: impl Fn(RawFile) -> U + Sync) -> Result<Vec<U>> {
        self.names_map(|name| f(name.read()))
    }

    /// [`WorkTree::files_map`] for a caller that may not need to read every file: `f`
    /// is given each name found, to read or not (on any of the threads), and the
    /// results are in path order.
    pub fn names_map<'a, U: Send>(&'a self, f: impl Fn(Name<'a>) -> U + Sync) -> Result<Vec<U>> {
        let mut found = self.walk()?;
        found.sort_by(|a, b| a.display.cmp(&b.display));
        Ok(crate::par::map(found, |found| f(Name { wt: self, found })))
    }

    /// The file at a displayed path, read as [`WorkTree::files`] reads a regular file
    /// (refused if it is anything else by now).
    pub fn read_path(&self, display: &str) -> RawFile {
        RawFile {
            path: display.to_owned(),
            content: read_file(&self.absolute(display), display).0,
        }
    }

    /// The names of the YAML files below the strategy folder, and of the folders that
    /// could not be listed, without reading any: the kind of each name comes with the
    /// folder's listing, so a file costs no system call here.
    fn walk(&self) -> Result<Vec<Found>> {
        let mut found = Vec::new();
        let top = std::fs::read_dir(&self.dir).map_err(|e| Error::io("read the folder", &self.dir, e))?;
        let mut pending: Vec<(std::fs::ReadDir, String)> = vec![(top, self.name.clone())];
        while let Some((entries, prefix)) = pending.pop() {
            for entry in entries {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        found.push(Found::unreadable(
                            &format!("{prefix}/"),
                            "cannot list the folder",
                            &e,
                        ));
                        break;
                    }
                };
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let display = display_path(&prefix, &name);
                // Without a `stat`: the listing says what a name is (or, on file systems
                // whose listing does not, std asks `lstat`, which does not follow links).
                let kind = match entry.file_type() {
                    Ok(t) => t,
                    Err(e) => {
                        if is_yaml(&name) {
                            found.push(Found::unreadable(&display, "cannot read the file", &e));
                        }
                        continue;
                    }
                };
                if kind.is_dir() {
                    match std::fs::read_dir(entry.path()) {
                        Ok(sub) => pending.push((sub, display)),
                        Err(e) => found.push(Found::unreadable(
                            &format!("{display}/"),
                            "cannot read the folder",
                            &e,
                        )),
                    }
                    continue;
                }
                if !is_yaml(&name) {
                    continue;
                }
                let what = if kind.is_symlink() {
                    What::Symlink
                } else if kind.is_file() {
                    What::File
                } else {
                    What::NotAFile(kind)
                };
                found.push(Found {
                    display,
                    path: entry.path(),
                    what,
                });
            }
        }
        Ok(found)
    }

    /// A name the walk found, read (or refused), with the `fstat` data of what was read.
    fn read(&self, found: Found) -> (RawFile, Option<std::fs::Metadata>) {
        let Found { display, path, what } = found;
        let (content, meta) = match what {
            What::File => read_file(&path, &display),
            What::Symlink => match self.check_symlink(&path, &display) {
                Some(refused) => (Content::Refused(Box::new(refused)), None),
                None => read_file(&path, &display),
            },
            What::NotAFile(kind) => (Content::Refused(Box::new(not_a_file(&display, kind))), None),
            What::Refused(finding) => (Content::Refused(finding), None),
        };
        (
            RawFile {
                path: display,
                content,
            },
            meta,
        )
    }

    /// The absolute path of a displayed path.
    pub fn absolute(&self, display: &str) -> PathBuf {
        self.root.join(display)
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

/// A YAML file found below the strategy folder, not read yet (see
/// [`WorkTree::names_map`]).
pub struct Name<'a> {
    wt: &'a WorkTree,
    found: Found,
}

impl Name<'_> {
    /// Its displayed path.
    pub fn path(&self) -> &str {
        &self.found.display
    }

    /// Its `lstat` data when it is a regular file (`None` for anything else, or when it
    /// cannot be asked for).
    pub fn metadata(&self) -> Option<std::fs::Metadata> {
        match self.found.what {
            What::File => std::fs::symlink_metadata(&self.found.path)
                .ok()
                .filter(std::fs::Metadata::is_file),
            _ => None,
        }
    }

    /// The file, read (or refused).
    pub fn read(self) -> RawFile {
        self.wt.read(self.found).0
    }

    /// The file, read (or refused), with the `fstat` data of the very file that was read
    /// when it was.
    pub fn read_with_metadata(self) -> (RawFile, Option<std::fs::Metadata>) {
        self.wt.read(self.found)
    }
}

/// A name below the strategy folder, found by the walk and not read yet.
struct Found {
    /// Its displayed path.
    display: String,
    /// Where it is.
    path: PathBuf,
    /// What it is.
    what: What,
}

/// What a name found by the walk is, as its folder's listing says.
enum What {
    /// A regular file.
    File,
    /// A symlink.
    Symlink,
    /// A FIFO, a device or a socket.
    NotAFile(std::fs::FileType),
    /// A file or folder that could not be read: the finding says why.
    Refused(Box<Finding>),
}

impl Found {
    /// A file or folder that could not be read.
    fn unreadable(display: &str, what: &str, e: &std::io::Error) -> Self {
        Found {
            display: display.to_owned(),
            path: PathBuf::new(),
            what: What::Refused(Box::new(
                Finding::error(display, Pos::START, Rule::Unreadable, format!("{what}: {e}"))
                    .with_hint("check its permissions; the rest of the strategy was read"),
            )),
        }
    }
}

/// The finding for a name that is not a regular file (a FIFO, a device, a socket):
/// reading one could hang or never end, so it is not read.
fn not_a_file(display: &str, t: std::fs::FileType) -> Finding {
    #[cfg(unix)]
    let kind = {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            "a named pipe (FIFO)"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else if t.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        }
    };
    #[cfg(not(unix))]
    let kind = {
        let _ = t;
        "not a regular file"
    };
    Finding::error(
        display,
        Pos::START,
        Rule::Unreadable,
        format!("this is {kind}, not a file; it was not read"),
    )
    .with_hint("commitment files must be plain files; remove it or give it another name")
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`], as many bytes as it had when opened
/// (it may grow after), and never anything that is not a regular file once opened: a name
/// that has become a symlink since the folder was listed is not followed, nor is a FIFO
/// waited on. With the bytes, the `fstat` data of the file they were read from.
fn read_file(path: &Path, display: &str) -> (Content, Option<std::fs::Metadata>) {
    use std::io::Read;
    let refused = |e: std::io::Error| {
        Content::Refused(Box::new(Finding::error(
            display,
            Pos::START,
            Rule::Unreadable,
            format!("cannot read the file: {e}"),
        )))
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            let finding = Finding::error(
                display,
                Pos::START,
                Rule::Symlink,
                "this file is a symlink; commitment files must be plain files",
            )
            .with_hint("replace the link with a copy of the file (or move the file here)");
            return (Content::Refused(Box::new(finding)), None);
        }
        Err(e) => return (refused(e), None),
    };
    let meta = match file.metadata() {
        Ok(m) if !m.is_file() => {
            return (
                Content::Refused(Box::new(not_a_file(display, m.file_type()))),
                None,
            );
        }
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return (Content::Refused(Box::new(too_big(display, m.len()))), None);
        }
        Ok(m) => m,
        Err(e) => return (refused(e), None),
    };
    // The file as large as it was when asked, as git reads a file: one read, and none
    // to find its end (a file written meanwhile is read as any file being written is,
    // and its next version is read on the next run).
    let len = meta.len();
    let mut data = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    if let Err(e) = file.take(len).read_to_end(&mut data) {
        return (refused(e), None);
    }
    let content = Content::Bytes {
        data: data.into(),
        blob: None,
    };
    (content, Some(meta))
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A name listed as a file that has become a FIFO or a symlink by the time it is read
    /// is refused, without waiting for a writer or following the link.
    #[test]
    fn a_file_that_became_a_fifo_or_a_symlink_is_refused_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = dir.path().join("strategy");
        std::fs::create_dir(&s).expect("a folder");
        std::fs::write(s.join(STRATEGY_FILE), "title: T\n").expect("written");
        std::fs::write(dir.path().join("outside.yaml"), "id: secret\n").expect("written");
        let wt = WorkTree::discover(dir.path(), None).expect("the strategy");
        let made = std::process::Command::new("mkfifo")
            .arg(s.join("fifo.yaml"))
            .status()
            .expect("mkfifo is part of coreutils");
        assert!(made.success());
        std::os::unix::fs::symlink(dir.path().join("outside.yaml"), s.join("link.yaml")).expect("a link");
        let refused = |name: &str| match wt.read_path(&format!("{}/{name}", wt.name)).content {
            Content::Refused(f) => f.rule,
            Content::Bytes { data, .. } => panic!("{name} read: {:?}", String::from_utf8_lossy(&data)),
        };
        assert_eq!(refused("fifo.yaml"), Rule::Unreadable);
        assert_eq!(refused("link.yaml"), Rule::Symlink);
        // A file read has the stat data of what was read.
        let (content, meta) = read_file(&s.join(STRATEGY_FILE), "strategy/strategy.yaml");
        assert!(matches!(content, Content::Bytes { ref data, .. } if &data[..] == b"title: T\n"));
        assert_eq!(meta.map(|m| m.len()), Some(9));
    }
}
