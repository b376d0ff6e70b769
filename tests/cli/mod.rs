//! The `tracker` binary end to end: `check`, `status`, finding the strategy, pipes and
//! hostile input, each in a temporary strategy folder.

mod check;
mod conventions;
mod detail;
mod discovery;
mod filters;
mod pipe;
mod robustness;
mod status;
