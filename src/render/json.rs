//! JSON output: the report structs are the public shape, pretty-printed.

use serde::Serialize;
use std::io::{self, Write};

/// Writes any report as pretty JSON followed by a newline.
pub fn write<T: Serialize>(out: &mut dyn Write, report: &T) -> io::Result<()> {
    // serde_json writes a few bytes at a time: into a buffer of a known type they are
    // copies, where each through `dyn Write` is a call (a tenth of a warm `history`).
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, report).map_err(|e| match e.io_error_kind() {
        // Keep the kind, so a closed pipe is recognised and ends the program quietly.
        Some(kind) => io::Error::from(kind),
        None => io::Error::other(e),
    })?;
    writeln!(buffered)?;
    buffered.flush()
}
