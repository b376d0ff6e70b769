//! The shipped strategy and its replay (`tracker demo`).

mod data;
mod demo;
