//! Integration tests of `tracker report` (and `status --format html`) on repositories
//! with a scripted history built with git2, and on a folder that is not a repository.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "history/fixture.rs"]
mod fixture;

#[path = "report/script.rs"]
mod script;

#[path = "report/output.rs"]
mod output;

#[path = "report/edges.rs"]
mod edges;
