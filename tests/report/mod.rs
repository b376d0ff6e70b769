//! `tracker report` (and `status --format html`) on repositories with a scripted
//! history built with git2, and on a folder that is not a repository.

mod audience;
mod edges;
mod injection;
mod layer;
mod output;
mod rollup;
mod rollup_links;
mod script;
mod site;
mod trust;
