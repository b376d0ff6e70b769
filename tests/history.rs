//! Integration tests of the history features (`history`, `status --at`, `diff`, `slips`)
//! against real git repositories built with git2 in temporary folders.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "history/fixture.rs"]
mod fixture;

#[path = "history/events.rs"]
mod events;

#[path = "history/points.rs"]
mod points;

#[path = "history/robustness.rs"]
mod robustness;

#[path = "history/cache.rs"]
mod cache;
