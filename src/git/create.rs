//! Writing a new repository commit by commit (the replay of `tracker demo`).

use crate::error::{Error, Result};
use chrono::NaiveDate;
use std::path::Path;

/// One commit to write: its day, message and files (path relative to the repository,
/// and text).
#[derive(Debug, Clone)]
pub struct NewCommit<'a> {
    /// Author and committer date, at noon UTC.
    pub date: NaiveDate,
    /// The message.
    pub message: &'a str,
    /// The files it writes.
    pub files: &'a [(String, String)],
}

/// A new repository being written, with one fixed identity for every commit.
pub struct NewRepo {
    inner: git2::Repository,
    dir: std::path::PathBuf,
    author: (String, String),
    parent: Option<git2::Oid>,
}

impl NewRepo {
    /// Creates an empty repository in `dir`, whose commits are made by `name <email>`.
    pub fn init(dir: &Path, name: &str, email: &str) -> Result<Self> {
        let inner = git2::Repository::init(dir).map_err(|e| Error::git("cannot create the repository", e))?;
        Ok(NewRepo {
            inner,
            dir: dir.to_path_buf(),
            author: (name.to_owned(), email.to_owned()),
            parent: None,
        })
    }

    /// Writes the files of `c` to the working tree, stages them and commits them on HEAD.
    pub fn commit(&mut self, c: &NewCommit<'_>) -> Result<()> {
        let mut index = self
            .inner
            .index()
            .map_err(|e| Error::git("cannot open the index", e))?;
        for (path, text) in c.files {
            let file = self.dir.join(path);
            if let Some(folder) = file.parent() {
                std::fs::create_dir_all(folder).map_err(|e| Error::io("create", folder, e))?;
            }
            std::fs::write(&file, text).map_err(|e| Error::io("write", &file, e))?;
            index
                .add_path(Path::new(path))
                .map_err(|e| Error::git(format!("cannot add {path}"), e))?;
        }
        index
            .write()
            .map_err(|e| Error::git("cannot write the index", e))?;
        let tree_id = index
            .write_tree()
            .map_err(|e| Error::git("cannot write a tree", e))?;
        let tree = self
            .inner
            .find_tree(tree_id)
            .map_err(|e| Error::git("cannot read a tree", e))?;
        let noon = c
            .date
            .and_hms_opt(12, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp());
        let sig = git2::Signature::new(&self.author.0, &self.author.1, &git2::Time::new(noon, 0))
            .map_err(|e| Error::git("cannot make a signature", e))?;
        let parents: Vec<git2::Commit<'_>> = match self.parent {
            Some(id) => vec![
                self.inner
                    .find_commit(id)
                    .map_err(|e| Error::git("cannot read a commit", e))?,
            ],
            None => Vec::new(),
        };
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let id = self
            .inner
            .commit(Some("HEAD"), &sig, &sig, c.message, &tree, &parent_refs)
            .map_err(|e| Error::git("cannot commit", e))?;
        self.parent = Some(id);
        Ok(())
    }
}
