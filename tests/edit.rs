//! Integration tests of the editing commands (`done`, `reopen`, `due`, `set`, `new`,
//! `init`) and of the tools around them (`schema`, `completions`, `man`, `hook`): each
//! runs the real binary in a temporary folder, with git repositories built by git2.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "edit/common.rs"]
mod common;

#[path = "edit/engine.rs"]
mod engine;

#[path = "edit/golden.rs"]
mod golden;

#[path = "edit/safety.rs"]
mod safety;

#[path = "edit/git.rs"]
mod git;

#[path = "edit/scaffold.rs"]
mod scaffold;

#[path = "edit/schema.rs"]
mod schema;
