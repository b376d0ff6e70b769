//! `tracker`: a strategy kept as YAML files in git, checked and reported on.
//!
//! Data flows one way: a [`source`] lists the files (from the working tree, or a git
//! tree read through [`git`]), [`load`] parses them into the [`model`], [`validate`]
//! adds cross-file findings, [`state`] derives states for a day, [`history`] replays the
//! commits into change events ([`compare`]), [`report`] builds plain report structs and
//! the renderers write them in a format. [`cli`] is the command-line glue; [`edit`]
//! changes one value of one file and keeps every other byte.
//!
//! The public modules are what the binary and the library tests use; the rest is
//! internal.

pub mod assessed;
pub mod cli;
pub mod compare;
pub mod day;
pub(crate) mod decode;
pub(crate) mod demo;
pub mod edit;
pub mod error;
pub mod finding;
pub(crate) mod forecast;
pub mod git;
pub mod history;
pub mod lens;
pub mod load;
pub mod model;
pub(crate) mod par;
pub mod period;
#[cfg(test)]
mod props;
pub(crate) mod render;
pub mod report;
pub mod rollup;
pub(crate) mod schema;
pub mod site;
pub mod source;
pub mod state;
pub mod validate;
pub(crate) mod words;
pub(crate) mod write;
pub(crate) mod yaml;

pub use decode::parse_date;
