//! The editing commands (`done`, `reopen`, `due`, `set`, `new`, `init`) and the tools
//! around them (`schema`, `completions`, `man`, `hook`), with git repositories built by
//! git2.

mod engine;
mod git;
mod golden;
mod locks;
mod safety;
mod scaffold;
mod schema;
