//! JSON output: the report structs are the public shape, pretty-printed.

use crate::history::Event;
use crate::report::events::{Field, HistoryRow};
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
///
/// The rows are written by hand rather than through serde_json: a long history is
/// mostly this output, and serde_json's pretty printer spent half of a warm `history`
/// on it, a call per key, per string and per comma. Their fields come from
/// [`HistoryRow::fields`], as for serde, and a test holds the two to the same bytes.
pub fn history_each(
    out: &mut dyn Write,
    events: &mut dyn Iterator<Item = io::Result<Event>>,
) -> io::Result<()> {
    let mut rows = Rows::new(out);
    for e in events {
        match e {
            Ok(e) => rows.row(&HistoryRow::new(&e))?,
            Err(e) => {
                rows.flush()?;
                return Err(e);
            }
        }
    }
    rows.end()
}

/// `history` rows, as [`write`] of the rows collected.
pub fn history(out: &mut dyn Write, list: &[HistoryRow<'_>]) -> io::Result<()> {
    let mut rows = Rows::new(out);
    for r in list {
        rows.row(r)?;
    }
    rows.end()
}

/// A pretty JSON array of rows, written as serde_json's pretty printer writes it,
/// through a buffer.
struct Rows<'a> {
    out: &'a mut dyn Write,
    buffer: Vec<u8>,
    /// Whether a row was written.
    any: bool,
}

/// How much is buffered before it is written out.
const BUFFER: usize = 1 << 16;

impl<'a> Rows<'a> {
    fn new(out: &'a mut dyn Write) -> Self {
        let mut buffer = Vec::with_capacity(BUFFER + 4096);
        buffer.push(b'[');
        Rows {
            out,
            buffer,
            any: false,
        }
    }

    fn row(&mut self, r: &HistoryRow<'_>) -> io::Result<()> {
        let b = &mut self.buffer;
        b.extend_from_slice(if self.any { b",\n  {" } else { b"\n  {" });
        self.any = true;
        let mut first = true;
        r.fields(|key, value| -> Result<(), std::convert::Infallible> {
            b.extend_from_slice(if first { b"\n    " } else { b",\n    " });
            first = false;
            string(b, key);
            b.extend_from_slice(b": ");
            field(b, value);
            Ok(())
        })
        .unwrap_or_else(|never| match never {});
        b.extend_from_slice(if first { b"}" } else { b"\n  }" });
        if self.buffer.len() >= BUFFER {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }

    fn end(mut self) -> io::Result<()> {
        self.buffer
            .extend_from_slice(if self.any { b"\n]\n" } else { b"]\n" });
        self.flush()?;
        self.out.flush()
    }
}

/// One field's value, as serde_json writes it.
fn field(b: &mut Vec<u8>, value: Field<'_>) {
    use crate::compare::Value;
    match value {
        Field::Text(Some(t)) => string(b, t),
        Field::Day(Some(d)) => day(b, d),
        Field::Value(Some(Value::Date(d))) => day(b, *d),
        Field::Value(Some(Value::Status(s))) => string(b, s.as_str()),
        Field::Value(Some(Value::Text(t))) => string(b, t),
        Field::Text(None) | Field::Day(None) | Field::Value(None) => b.extend_from_slice(b"null"),
        Field::Flag(true) => b.extend_from_slice(b"true"),
        Field::Flag(false) => b.extend_from_slice(b"false"),
        // Into a Vec, writing cannot fail.
        Field::Number(n) => {
            let _ = write!(b, "{n}");
        }
    }
}

/// A day, as [`crate::day::Text`] serialises it.
fn day(b: &mut Vec<u8>, d: chrono::NaiveDate) {
    match crate::day::Text(d).ascii() {
        Some(text) => {
            b.push(b'"');
            b.extend_from_slice(&text);
            b.push(b'"');
        }
        None => {
            // A year past 9999 or before 0, as chrono writes it (never fails into a Vec).
            let _ = serde_json::to_writer(&mut *b, &d);
        }
    }
}

/// A string, quoted and escaped as serde_json escapes it: `"` and `\\`, and every
/// control character below U+0020, with the short forms for the common ones.
fn string(b: &mut Vec<u8>, s: &str) {
    b.push(b'"');
    let bytes = s.as_bytes();
    // Most text needs no escape: checked in one pass without an early exit, which the
    // compiler turns into wide compares, then copied whole.
    let plain = !bytes
        .iter()
        .fold(false, |any, &c| any | (c < 0x20) | (c == b'"') | (c == b'\\'));
    if plain {
        b.extend_from_slice(bytes);
        b.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let short = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x08 => b'b',
            0x0c => b'f',
            0x00..=0x1f => 0,
            _ => continue,
        };
        b.extend_from_slice(&bytes[start..i]);
        if short == 0 {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            b.extend_from_slice(b"\\u00");
            b.push(HEX[usize::from(c >> 4)]);
            b.push(HEX[usize::from(c & 0xf)]);
        } else {
            b.push(b'\\');
            b.push(short);
        }
        start = i + 1;
    }
    b.extend_from_slice(&bytes[start..]);
    b.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte serde_json escapes, and text it leaves alone, is written as it writes
    /// it.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("Zoë \u{7f}\u{2028}\u{1F600} end\\\"");
        for s in [all.as_str(), "", "plain", "\"", "\\", "a\u{0}b"] {
            let mut b = Vec::new();
            string(&mut b, s);
            assert_eq!(
                String::from_utf8(b).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        }
    }

    /// Days of every width of year are written as serde writes them.
    #[test]
    fn days_are_written_as_serde_writes_them() {
        for (y, m, d) in [
            (2026, 12, 1),
            (999, 1, 9),
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 2),
            (-5, 3, 4),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut b = Vec::new();
            day(&mut b, date);
            let serde = serde_json::to_string(&crate::day::Text(date)).unwrap();
            assert_eq!(String::from_utf8(b).unwrap(), serde, "{date}");
        }
    }
}
