//! Where git runs hooks from, for `tracker hook install`.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The folder git runs the hooks of the repository holding `start` from:
/// `core.hooksPath` if set (relative to the working tree), else `.git/hooks`.
pub fn hooks_dir(start: &Path) -> Result<PathBuf> {
    let repo = git2::Repository::discover(start).map_err(|_| Error::NotARepository {
        path: start.to_path_buf(),
    })?;
    Ok(dir_of(&repo))
}

/// The hooks folder of an open repository.
pub(super) fn dir_of(repo: &git2::Repository) -> PathBuf {
    let configured = repo.config().ok().and_then(|c| c.get_path("core.hooksPath").ok());
    match configured {
        Some(p) if p.is_absolute() => p,
        Some(p) => repo.workdir().unwrap_or_else(|| repo.path()).join(p),
        None => repo.path().join("hooks"),
    }
}
