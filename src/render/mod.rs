//! Renderers: each writes a report struct in one format into any `io::Write`.
//!
//! Nothing here computes a figure or touches git; everything shown comes from the report.

pub mod csv;
pub mod findings;
pub mod html;
pub mod html_period;
pub mod json;
pub mod layer;
pub mod layout;
pub mod markdown;
pub mod markdown_period;
pub mod rollup;
pub mod svg;
pub mod table;

/// How a table is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use colour and bold (only on a terminal, and never with `NO_COLOR`).
    pub color: bool,
    /// Width of the terminal, in columns.
    pub width: usize,
    /// Show every column whole, whatever the width (`--wide`).
    pub wide: bool,
}

/// Whether a character must never reach a human-readable output: control characters
/// (which move the cursor, change colours, set the clipboard or make links on a
/// terminal), the bidirectional controls that can make text read differently from how
/// it is stored ("Trojan Source"), and invisible zero-width characters.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{061C}'
                | '\u{FEFF}'
        )
}

/// `s` with every [`is_hidden`] character written as an escape (`\u200B`), for a
/// message that quotes a name whose difference from another may be only such a
/// character: `unknown key `ow\u200Bner``, not `unknown key `owner``.
pub fn escape_hidden(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// The one sanitiser of every human-readable output (tables, messages, Markdown, HTML,
/// CSV cells): text that came from the files or from git, with line breaks and tabs
/// made spaces and every [`is_hidden`] character removed. JSON keeps the data, escaped.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\n' || c == '\t' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !is_hidden(*c))
        .collect()
}

/// A writer that drops every [`is_hidden`] character but line breaks and tabs from what
/// passes through it: the last guard of the Markdown, HTML and CSV outputs, behind the
/// escaping of each renderer. A character split across two writes is kept whole.
pub struct Sanitized<'a> {
    inner: &'a mut dyn std::io::Write,
    carry: Vec<u8>,
}

impl<'a> Sanitized<'a> {
    /// Wraps `inner`.
    pub fn new(inner: &'a mut dyn std::io::Write) -> Self {
        Sanitized {
            inner,
            carry: Vec::new(),
        }
    }
}

impl std::io::Write for Sanitized<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.carry.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.carry) {
            Ok(_) => self.carry.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // Not UTF-8 at all: the renderers never write that; pass it on as is.
            Err(_) => self.carry.len(),
        };
        let text = String::from_utf8_lossy(&self.carry[..valid]);
        let kept: String = text
            .chars()
            .filter(|c| *c == '\n' || *c == '\t' || !is_hidden(*c))
            .collect();
        self.inner.write_all(kept.as_bytes())?;
        self.carry.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.carry.is_empty() {
            let rest = std::mem::take(&mut self.carry);
            self.inner.write_all(&rest)?;
        }
        self.inner.flush()
    }
}

/// Runs `render` on a [`Sanitized`] view of `out`, then flushes it.
pub fn sanitized(
    out: &mut dyn std::io::Write,
    render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = Sanitized::new(out);
    render(&mut w)?;
    w.flush()
}

/// Shortens text to `max` characters, ending with `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A set of commitments' progress as a whole percent; `unknown` when every file was left
/// out, with how many were left out when some were.
pub fn totals_progress(t: &crate::report::status::Totals) -> String {
    use crate::report::status::Coverage;
    match t.coverage {
        Coverage::Unknown => format!("unknown ({} left out)", crate::words::count(t.left_out, "file")),
        Coverage::Partial => format!(
            "{} ({} left out)",
            percent(t.progress),
            crate::words::count(t.left_out, "file")
        ),
        Coverage::Complete => percent(t.progress),
    }
}

/// A progress fraction as a whole percent, or `–` when there is none.
pub fn percent(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{:.0}%", p * 100.0),
        None => "–".into(),
    }
}

/// A link to a file of the strategy from a report: `base` (ending with `/`) and the
/// displayed path, percent-encoded so that no path can read as a scheme or break out of
/// a link.
pub fn file_href(base: &str, path: &str) -> String {
    let mut out = String::from(base);
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether a URL may become a link: only `http:` and `https:` ones.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_in_a_quoted_name_are_written_as_escapes() {
        assert_eq!(escape_hidden("owner"), "owner");
        assert_eq!(escape_hidden("ow\u{200B}ner"), "ow\\u200Bner");
        assert_eq!(escape_hidden("\u{202E}a\u{7}"), "\\u202Ea\\u0007");
    }

    #[test]
    fn cleans_escape_sequences() {
        assert_eq!(clean("a\u{1b}[31mred\u{7}\nb"), "a[31mred b");
        // OSC 8 hyperlink and OSC 52 clipboard: the ESC and BEL go, the rest is inert text.
        let osc = clean("\u{1b}]8;;https://evil\u{7}x\u{1b}]52;c;ZXZpbA==\u{7}");
        assert!(!osc.chars().any(is_hidden), "{osc:?}");
        // Bidi overrides and zero-width characters.
        assert_eq!(
            clean("admin\u{202E}gnp.exe\u{200B}\u{2066}x\u{2069}"),
            "admingnp.exex"
        );
        assert_eq!(clean("a\u{85}b\u{9b}c"), "abc");
    }

    #[test]
    fn the_sanitizer_drops_hidden_characters_even_split_across_writes() {
        use std::io::Write;
        let mut out = Vec::new();
        {
            let mut w = Sanitized::new(&mut out);
            w.write_all("a\u{1b}[2Jb\n".as_bytes()).unwrap();
            let rlo = "x\u{202e}y".as_bytes();
            // The right-to-left override is three bytes: split it between two writes.
            w.write_all(&rlo[..2]).unwrap();
            w.write_all(&rlo[2..]).unwrap();
            w.flush().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "a[2Jb\nxy");
    }

    #[test]
    fn file_links_are_encoded() {
        assert_eq!(
            file_href("./", "strategy/a b(1).yaml"),
            "./strategy/a%20b%281%29.yaml"
        );
        assert_eq!(
            file_href("./", "javascript:alert(1)"),
            "./javascript%3Aalert%281%29"
        );
        assert!(is_web_url("HTTPS://example.org"));
        assert!(!is_web_url("javascript:alert(1)"));
    }

    #[test]
    fn shortens_on_characters() {
        assert_eq!(shorten("éééé", 3), "éé…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
