//! `tracker man`: the man page.

use super::{Cli, Outcome, stdout_error};
use crate::error::Result;
use clap::CommandFactory;
use std::io::Write;

/// Runs `man`.
pub fn run(out: &mut dyn Write) -> Result<Outcome> {
    clap_mangen::Man::new(Cli::command())
        .render(out)
        .map_err(stdout_error)?;
    Ok(Outcome::Clean)
}
