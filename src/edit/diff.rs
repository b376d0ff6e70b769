//! A unified diff of two versions of a file, for `--dry-run`.
//!
//! An edit changes one contiguous stretch of the file, so the diff is one hunk: the lines
//! between the common beginning and the common end, with three lines of context. For any
//! two texts this is a correct diff (perhaps longer than a minimal one).

use std::fmt::Write as _;

/// Lines of unchanged context shown around the change.
const CONTEXT: usize = 3;

/// Splits text into lines, each without its `\n` (a `\r` stays, as in the file).
fn lines(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').collect()
}

/// The unified diff from `old` to `new`, labelled `a/path` and `b/path` (`/dev/null` for a
/// missing side); empty when they are equal.
pub fn unified(path: &str, old: Option<&str>, new: &str) -> String {
    let old_text = old.unwrap_or("");
    if old_text == new && old.is_some() {
        return String::new();
    }
    let (a, b) = (lines(old_text), lines(new));
    let a_nl = old_text.is_empty() || old_text.ends_with('\n');
    let b_nl = new.is_empty() || new.ends_with('\n');
    let mut prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // A last line without a line break is not the same line as one with a break.
    if a_nl != b_nl {
        prefix = prefix
            .min(a.len().saturating_sub(1))
            .min(b.len().saturating_sub(1));
    }
    if (!a_nl && prefix == a.len() && b.len() > a.len()) || (!b_nl && prefix == b.len() && a.len() > b.len())
    {
        prefix -= 1;
    }
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = if a_nl == b_nl {
        a.iter()
            .rev()
            .zip(b.iter().rev())
            .take(max_suffix)
            .take_while(|(x, y)| x == y)
            .count()
    } else {
        0
    };
    let start = prefix.saturating_sub(CONTEXT);
    let a_end = (a.len() - suffix + CONTEXT).min(a.len());
    let b_end = (b.len() - suffix + CONTEXT).min(b.len());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "--- {}",
        if old.is_some() {
            format!("a/{path}")
        } else {
            "/dev/null".into()
        }
    );
    let _ = writeln!(out, "+++ b/{path}");
    let range = |from: usize, to: usize| {
        let n = to - from;
        let first = if n == 0 { from } else { from + 1 };
        format!("{first},{n}")
    };
    let _ = writeln!(out, "@@ -{} +{} @@", range(start, a_end), range(start, b_end));
    let no_nl = "\\ No newline at end of file";
    for line in &a[start..prefix] {
        let _ = writeln!(out, " {line}");
    }
    for (i, line) in a.iter().enumerate().take(a.len() - suffix).skip(prefix) {
        let _ = writeln!(out, "-{line}");
        if i + 1 == a.len() && !a_nl {
            let _ = writeln!(out, "{no_nl}");
        }
    }
    for (i, line) in b.iter().enumerate().take(b.len() - suffix).skip(prefix) {
        let _ = writeln!(out, "+{line}");
        if i + 1 == b.len() && !b_nl {
            let _ = writeln!(out, "{no_nl}");
        }
    }
    for (i, line) in a.iter().enumerate().take(a_end).skip(a.len() - suffix) {
        let _ = writeln!(out, " {line}");
        if i + 1 == a.len() && !a_nl {
            let _ = writeln!(out, "{no_nl}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_line_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(
            unified("x.yaml", Some(old), new),
            "--- a/x.yaml\n+++ b/x.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn inserted_line() {
        assert_eq!(
            unified("x", Some("a\nb\n"), "a\nn\nb\n"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n a\n+n\n b\n"
        );
    }

    #[test]
    fn missing_final_newline_is_marked() {
        assert_eq!(
            unified("x", Some("a\nb"), "a\nc"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
        assert_eq!(
            unified("x", Some("a\nb"), "a\nb\nc"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn new_file() {
        assert_eq!(
            unified("x", None, "a\n"),
            "--- /dev/null\n+++ b/x\n@@ -0,0 +1,1 @@\n+a\n"
        );
        assert_eq!(unified("x", Some("a\n"), "a\n"), "");
    }
}
