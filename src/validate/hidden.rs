//! `hidden-character`: characters in a commitment file that no reader of the file sees,
//! or that make the text around them read differently from how it is stored (the
//! bidirectional controls of "Trojan Source"). Every output for people removes them, so
//! what a report shows would differ from what the file says; JSON keeps them.

use crate::finding::{Finding, Pos, Rule};

/// One warning for each line of `text` that holds such a character, at the first.
pub(super) fn check(path: &str, text: &[u8]) -> Vec<Finding> {
    let Ok(text) = std::str::from_utf8(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let hidden = line
            .chars()
            .enumerate()
            // A byte-order mark opens a file, where it is allowed.
            .filter(|&(col, c)| !(i == 0 && col == 0 && c == '\u{FEFF}'))
            .find(|&(_, c)| c != '\t' && c != '\r' && crate::render::is_hidden(c));
        if let Some((col, c)) = hidden {
            found.push(
                Finding::warning(
                    path,
                    Pos {
                        line: i + 1,
                        column: col + 1,
                    },
                    Rule::HiddenCharacter,
                    format!(
                        "U+{:04X} ({}) cannot be seen, and outputs for people leave it out",
                        u32::from(c),
                        name(c)
                    ),
                )
                .with_hint(
                    "remove it; where it is meant, write it as an escape in double quotes (\"\\u202E\"), so that readers of the file see it",
                ),
            );
        }
    }
    found
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
        _ => "a control character",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_with_a_hidden_character_is_placed_at_the_first() {
        let text = "\u{FEFF}id: a\ntitle: \"Pay \u{202E}3 ,00001\u{202C} now\"\nowner: U\u{200B}nit\r\n\tnote: tabs and CRLF are fine\n";
        let found = check("s/a.yaml", text.as_bytes());
        let places: Vec<(usize, usize, String)> = found
            .iter()
            .map(|f| (f.line, f.column, f.message.clone()))
            .collect();
        assert_eq!(
            places,
            [
                (
                    2,
                    13,
                    "U+202E (right-to-left override, which shows the text after it backwards) cannot be seen, and outputs for people leave it out".to_owned()
                ),
                (3, 9, "U+200B (zero-width space) cannot be seen, and outputs for people leave it out".to_owned()),
            ]
        );
        assert!(check("s/a.yaml", b"id: a\ntitle: A\n").is_empty());
    }
}
