//! `hidden-character`: characters in a commitment file that no reader of the file sees,
//! or that make the text around them read differently from how it is stored (the
//! bidirectional controls of "Trojan Source"). Every output for people removes them, so
//! what a report shows would differ from what the file says; JSON keeps them.

use crate::finding::{Finding, Pos, Rule};

/// One warning for each hidden character on each line of `text`, at its first place
/// there, with how many more times the line holds it.
///
/// The characters YAML itself refuses (C0 controls but tab, DEL, C1 controls but
/// U+0085) are left to the parser, which reports them as errors.
pub(super) fn check(path: &str, text: &[u8]) -> Vec<Finding> {
    let Ok(text) = std::str::from_utf8(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        // Each character found, with its first column and count, in the order found.
        let mut seen: Vec<(char, usize, usize)> = Vec::new();
        for (col, c) in line.chars().enumerate() {
            // A byte-order mark opens a file, where it is allowed.
            if (i == 0 && col == 0 && c == '\u{FEFF}') || !reported(c) {
                continue;
            }
            match seen.iter_mut().find(|(k, ..)| *k == c) {
                Some((_, _, n)) => *n += 1,
                None => seen.push((c, col, 1)),
            }
        }
        for (c, col, n) in seen {
            let again = match n {
                1 => String::new(),
                2 => " (once more on this line)".to_owned(),
                n => format!(" ({} more times on this line)", n - 1),
            };
            found.push(
                Finding::warning(
                    path,
                    Pos {
                        line: i + 1,
                        column: col + 1,
                    },
                    Rule::HiddenCharacter,
                    format!(
                        "U+{:04X} ({}) cannot be seen, and outputs for people leave it out{again}",
                        u32::from(c),
                        name(c)
                    ),
                )
                .with_hint(format!(
                    "remove it; where it is meant, write it as an escape in double quotes (\"\\u{:04X}\"), so that readers of the file see it",
                    u32::from(c)
                )),
            );
        }
    }
    found
}

/// Whether `c` is hidden and YAML takes it as it is.
fn reported(c: char) -> bool {
    crate::render::is_hidden(c) && (!c.is_control() || c == '\u{85}')
}

/// What the character is.
fn name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override, which shows the text after it backwards",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first-strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{061C}' => "Arabic letter mark",
        '\u{FEFF}' => "zero-width no-break space",
        '\u{85}' => "next line, a line break few readers show",
        _ => "a control character",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_hidden_character_of_a_line_is_placed_at_its_first_and_counted() {
        let text = "\u{FEFF}id: a\ntitle: \"Pay \u{202E}3 ,00001\u{202C} now\"\nowner: U\u{200B}n\u{200B}i\u{200B}t\r\n\tnote: tabs and CRLF are fine\nx: \"\u{7}\u{85}\"\n";
        let found = check("s/a.yaml", text.as_bytes());
        let places: Vec<(usize, usize, String, String)> = found
            .iter()
            .map(|f| {
                let hint = f.hint.clone().unwrap_or_default();
                let escape = hint.split('"').nth(1).unwrap_or_default().to_owned();
                (f.line, f.column, f.message.clone(), escape)
            })
            .collect();
        let leave = "cannot be seen, and outputs for people leave it out";
        assert_eq!(
            places,
            [
                (
                    2,
                    13,
                    format!(
                        "U+202E (right-to-left override, which shows the text after it backwards) {leave}"
                    ),
                    "\\u202E".to_owned()
                ),
                (
                    2,
                    22,
                    format!("U+202C (pop directional formatting) {leave}"),
                    "\\u202C".to_owned()
                ),
                (
                    3,
                    9,
                    format!("U+200B (zero-width space) {leave} (2 more times on this line)"),
                    "\\u200B".to_owned()
                ),
                // The BEL is the parser's to refuse; NEL is taken by YAML as it is.
                (
                    5,
                    6,
                    format!("U+0085 (next line, a line break few readers show) {leave}"),
                    "\\u0085".to_owned()
                ),
            ]
        );
        assert!(check("s/a.yaml", b"id: a\ntitle: A\n").is_empty());
    }
}
