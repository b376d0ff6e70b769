//! Integration tests of the `tracker` binary: each test builds a strategy in a temporary
//! folder, runs the real executable and checks its output and exit code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "cli/common.rs"]
mod common;

#[path = "cli/check.rs"]
mod check;

#[path = "cli/robustness.rs"]
mod robustness;

#[path = "cli/status.rs"]
mod status;

#[path = "cli/detail.rs"]
mod detail;

#[path = "cli/discovery.rs"]
mod discovery;

#[path = "cli/pipe.rs"]
mod pipe;
