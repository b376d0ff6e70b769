//! `tracker`: a strategy kept as YAML files in git, checked and reported on.
//!
//! Data flows one way: a [`source`] lists the files (from the working tree or a git
//! tree), [`load`] parses them into the [`model`], [`validate`] adds cross-file findings,
//! [`state`] derives states for a day, [`report`] builds plain report structs and
//! [`render`] writes them in a format. [`cli`] is the command-line glue.

pub mod cli;
pub mod compare;
pub mod decode;
pub mod demo;
pub mod edit;
pub mod error;
pub mod finding;
pub mod forecast;
pub mod git;
pub mod history;
pub mod load;
pub mod model;
pub mod render;
pub mod report;
pub mod schema;
pub mod source;
pub mod state;
pub mod validate;
pub mod write;
pub mod yaml;
