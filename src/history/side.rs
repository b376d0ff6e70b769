//! Side branches, for `history --all-parents`: the commits that each merge on the
//! branch brought in, each compared with its own first parent, placed just before the
//! merge's events.

use super::Event;
use super::replay::Parser;
use crate::compare::{Change, Located, Snapshot, diff};
use crate::error::Result;
use crate::git::{ObjectId, Repo};
use std::sync::Arc;

/// The events of `main` (a first-parent walk, oldest first) with the side-branch
/// commits of every merge inserted before that merge's events.
pub fn with_side_branches(repo: &Repo, main: Vec<Event>) -> Result<Vec<Event>> {
    let Some(lines) = repo.side_branches()? else {
        return Ok(main);
    };
    let mut parser = Parser::default();
    let mut side: Vec<(usize, Event)> = Vec::new();
    for merge in &lines.merges {
        for id in &merge.side_commits {
            let (info, changes) = commit_changes(repo, *id, &mut parser)?;
            if changes.is_empty() {
                continue;
            }
            let info = Arc::new(info);
            side.extend(changes.into_iter().map(|change| {
                let e = Event {
                    commit: Some(Arc::clone(&info)),
                    change,
                    side_branch: true,
                };
                (merge.position, e)
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
        let at = e
            .commit
            .as_ref()
            .and_then(|c| lines.positions.get(&c.id).copied());
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
fn commit_changes(
    repo: &Repo,
    id: ObjectId,
    parser: &mut Parser,
) -> Result<(crate::git::CommitInfo, Vec<Change>)> {
    let (info, old_tree, new_tree) = repo.commit_with_parent_tree(id)?;
    let (mut old, mut new) = (Snapshot::new(), Snapshot::new());
    let at = id.to_string();
    for change in repo.changes(&at, old_tree, new_tree)? {
        let before = old_tree.and_then(|t| repo.version_in(t, &change.path));
        let path = change.path.clone();
        let now = parser.file(change).1;
        let then = match before {
            Some(v) => parser.file(repo.read(&at, path.clone(), Some(v))?).1,
            None => None,
        };
        for (snapshot, parsed) in [(&mut old, then), (&mut new, now)] {
            if let Some(c) = parsed
                .as_ref()
                .filter(|p| !p.has_errors())
                .and_then(|p| p.value.clone())
            {
                snapshot.insert(
                    c.id.clone(),
                    Located {
                        path: path.clone(),
                        commitment: c,
                    },
                );
            }
        }
    }
    Ok((info, diff(&old, &new)))
}
