//! Renderers: each writes a report struct in one format into any `io::Write`.
//!
//! Nothing here computes a figure or touches git; everything shown comes from the report.

pub mod csv;
pub mod findings;
pub mod html;
pub mod html_period;
pub mod json;
pub mod markdown;
pub mod markdown_period;
pub mod svg;
pub mod table;

/// How a table is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use colour and bold (only on a terminal, and never with `NO_COLOR`).
    pub color: bool,
    /// Width of the terminal, in columns.
    pub width: usize,
}

/// Removes control characters from text that came from the files or from git, so a
/// title cannot move the cursor or change colours on a terminal.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect()
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
    fn cleans_escape_sequences() {
        assert_eq!(clean("a\u{1b}[31mred\u{7}\nb"), "a[31mred b");
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
