//! The history features (`history`, `status --at`, `diff`, `slips`) against real git
//! repositories built with git2.

mod cache;
mod damaged;
mod events;
mod points;
mod robustness;
