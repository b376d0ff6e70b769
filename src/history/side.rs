//! Side branches, for `history --all-parents`: the commits that each merge on the
//! branch brought in, each compared with its own first parent, placed just before the
//! merge's events.

use super::Event;
use super::replay::Parser;
use super::trees;
use crate::changes::{Change, Snapshot, diff};
use crate::error::{Error, Result};
use crate::repo::{CommitInfo, Repo};
use git2::Sort;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The events of `main` (a first-parent walk, oldest first) with the side-branch
/// commits of every merge inserted before that merge's events.
pub fn with_side_branches(repo: &Repo, main: Vec<Event>) -> Result<Vec<Event>> {
    let Some(head) = repo.head()? else { return Ok(main) };
    let git_err = |e: git2::Error| Error::git("cannot walk the side branches", &e);
    // Position of each first-parent commit, counted from HEAD, and the merges among them.
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut merges: Vec<(usize, git2::Commit<'_>)> = Vec::new();
    let mut commit = head;
    for i in 0.. {
        position.insert(commit.id().to_string(), i);
        let parent = commit.parent(0).ok();
        if commit.parent_count() > 1 {
            merges.push((i, commit.clone()));
        }
        match parent {
            Some(p) => commit = p,
            None => break,
        }
    }
    let mut parser = Parser::default();
    let mut side: Vec<(usize, Event)> = Vec::new();
    for (i, merge) in merges {
        let mut walk = repo.git.revwalk().map_err(git_err)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
            .map_err(git_err)?;
        for p in 1..merge.parent_count() {
            walk.push(merge.parent_id(p).map_err(git_err)?).map_err(git_err)?;
        }
        walk.hide(merge.parent_id(0).map_err(git_err)?).map_err(git_err)?;
        for id in walk {
            let c = repo.git.find_commit(id.map_err(git_err)?).map_err(git_err)?;
            let changes = commit_changes(repo, &c, &mut parser)?;
            if changes.is_empty() {
                continue;
            }
            let info = Arc::new(CommitInfo::from_commit(&c));
            side.extend(changes.into_iter().map(|change| {
                let e = Event {
                    commit: Some(Arc::clone(&info)),
                    change,
                    side_branch: true,
                };
                (i, e)
            }));
        }
    }
    if side.is_empty() {
        return Ok(main);
    }
    // Oldest first is highest position first; at one merge, side commits come first;
    // uncommitted edits (no position) stay last. The sort is stable.
    let mut all: Vec<(usize, u8, Event)> = side.into_iter().map(|(i, e)| (i, 0, e)).collect();
    all.extend(main.into_iter().map(|e| {
        let at = e.commit.as_ref().and_then(|c| position.get(&c.id).copied());
        match at {
            Some(i) => (i, 1, e),
            None => (0, 2, e),
        }
    }));
    all.sort_by(|a, b| match (a.1 == 2, b.1 == 2) {
        (false, false) => b.0.cmp(&a.0).then(a.1.cmp(&b.1)),
        (x, y) => x.cmp(&y),
    });
    Ok(all.into_iter().map(|(_, _, e)| e).collect())
}

/// The changes of one commit against its first parent, from the changed files alone.
fn commit_changes(repo: &Repo, c: &git2::Commit<'_>, parser: &mut Parser) -> Result<Vec<Change>> {
    let old_tree = match c.parent(0) {
        Ok(p) => repo.strategy_tree(&p)?,
        Err(_) => None,
    };
    let new_tree = repo.strategy_tree(c)?;
    let mut listed = Vec::new();
    trees::diff(&repo.git, old_tree, new_tree, &repo.name, &mut listed)?;
    let (mut old, mut new) = (Snapshot::new(), Snapshot::new());
    for (path, version) in listed {
        let inside = path
            .strip_prefix(&format!("{}/", repo.name))
            .unwrap_or(&path)
            .to_owned();
        let before = old_tree
            .and_then(|t| repo.git.find_tree(t).ok())
            .and_then(|t| t.get_path(Path::new(&inside)).ok())
            .map(|e| trees::Version {
                blob: e.id(),
                mode: e.filemode(),
            });
        for (snapshot, v) in [(&mut old, before), (&mut new, version)] {
            let Some(v) = v else { continue };
            let (_, parsed) = parser.file(trees::read(&repo.git, path.clone(), Some(v))?);
            if let Some(c) = parsed
                .as_ref()
                .filter(|p| !p.has_errors())
                .and_then(|p| p.value.clone())
            {
                snapshot.insert(c.id.clone(), (path.clone(), c));
            }
        }
    }
    Ok(diff(&old, &new))
}
