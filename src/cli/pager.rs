//! The pager, as git has one: on a terminal, a report's output goes through
//! `$TRACKER_PAGER`, else `$PAGER`, else `less -FRX` (which quits at once when the
//! output fits the screen and keeps the colours). `--no-pager` turns it off, and
//! `--paginate` turns it on for every command.

use std::io::{self, IsTerminal, Write};
use std::process::{Child, Command, Stdio};

/// A running pager and the pipe to it.
pub struct Pager {
    child: Child,
}

impl Pager {
    /// Starts the pager, if one should run: stdout is a terminal and the pager is not
    /// empty or `cat`. `None` otherwise, or when it cannot be started (the output then
    /// goes to the terminal directly).
    pub fn start() -> Option<Pager> {
        if !io::stdout().is_terminal() {
            return None;
        }
        let command = std::env::var("TRACKER_PAGER")
            .or_else(|_| std::env::var("PAGER"))
            .unwrap_or_else(|_| "less -FRX".to_owned());
        let command = command.trim();
        if command.is_empty() || command == "cat" {
            return None;
        }
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(command).stdin(Stdio::piped());
        if std::env::var_os("LESS").is_none() {
            cmd.env("LESS", "FRX");
        }
        cmd.spawn().ok().map(|child| Pager { child })
    }

    /// The pipe to write the output into.
    pub fn input(&mut self) -> Option<&mut dyn Write> {
        self.child.stdin.as_mut().map(|s| s as &mut dyn Write)
    }

    /// Closes the pipe and waits for the reader to quit.
    pub fn finish(mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}
