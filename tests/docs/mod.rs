//! The documentation as tests: every `console` block of the README (and of docs/) runs,
//! and its output must be what the block shows.

mod examples;
mod readme;
