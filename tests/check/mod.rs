//! `check`'s rules, in process through the library (no binary is run).

mod findings;
mod rules;
