//! JSON output: the report structs are the public shape, pretty-printed.

use crate::history::Event;
use crate::report::events::HistoryRow;
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

/// Writes events as `history` rows, a JSON array written as they come: the same bytes
/// as [`write`] of the rows collected. An event that fails ends the output there, with
/// the array unclosed.
pub fn history_each(
    out: &mut dyn Write,
    events: &mut dyn Iterator<Item = io::Result<Event>>,
) -> io::Result<()> {
    write(out, &EachRow(std::cell::RefCell::new(events)))
}

/// Events, serialised as rows one at a time.
struct EachRow<'a, 'b>(std::cell::RefCell<&'a mut (dyn Iterator<Item = io::Result<Event>> + 'b)>);

impl Serialize for EachRow<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut events = self.0.borrow_mut();
        let mut seq = s.serialize_seq(None)?;
        for e in &mut **events {
            seq.serialize_element(&Row(e.map_err(S::Error::custom)?))?;
        }
        seq.end()
    }
}

/// One event as its `history` row.
struct Row(Event);

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        HistoryRow::new(&self.0).serialize(s)
    }
}
