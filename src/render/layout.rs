//! Fitting a table to the terminal: columns are shortened, replaced by a shorter form,
//! or dropped, one documented step at a time, until the table fits; ids are never cut.

/// One column of a table to lay out.
#[derive(Debug, Clone)]
pub struct Column {
    /// Its header.
    pub head: String,
    /// Its cells, one per row, as plain text.
    pub cells: Vec<String>,
}

impl Column {
    /// A column of these cells.
    pub fn new(head: &str, cells: Vec<String>) -> Self {
        Column {
            head: head.to_owned(),
            cells,
        }
    }

    fn width(&self) -> usize {
        self.cells
            .iter()
            .map(|c| c.chars().count())
            .chain([self.head.chars().count()])
            .max()
            .unwrap_or(0)
    }
}

/// One step towards a narrower table, tried in order.
#[derive(Debug, Clone)]
pub enum Step {
    /// Cut the cells of the column with this header to this many characters (with `…`).
    Shorten(&'static str, usize),
    /// Replace the cells of the column with a shorter form of each.
    Replace(&'static str, Vec<String>),
    /// Leave the column out.
    Drop(&'static str),
}

/// The width of a table with these columns, with the borders and padding of the
/// condensed UTF-8 preset: one character of border, then three per column.
pub fn table_width(columns: &[Column]) -> usize {
    1 + columns.iter().map(|c| c.width() + 3).sum::<usize>()
}

/// Applies `steps` in order until the table fits `width` (or they run out).
pub fn fit(mut columns: Vec<Column>, steps: Vec<Step>, width: usize) -> Vec<Column> {
    for step in steps {
        if table_width(&columns) <= width {
            break;
        }
        match step {
            Step::Shorten(head, max) => {
                let over = table_width(&columns).saturating_sub(width);
                if let Some(c) = columns.iter_mut().find(|c| c.head == head) {
                    // Only as much as needed, but no shorter than `max`.
                    let to = c
                        .width()
                        .saturating_sub(over)
                        .max(max)
                        .max(c.head.chars().count());
                    for cell in &mut c.cells {
                        *cell = super::shorten(cell, to);
                    }
                }
            }
            Step::Replace(head, cells) => {
                if let Some(c) = columns.iter_mut().find(|c| c.head == head) {
                    c.cells = cells;
                }
            }
            Step::Drop(head) => columns.retain(|c| c.head != head),
        }
    }
    columns
}

/// Wraps text at spaces to lines of at most `width` characters, every line after the
/// first indented by `indent` spaces. A word longer than a line stays whole.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let body = text.trim_start_matches(' ');
    let mut line = " ".repeat(text.len() - body.len());
    let pad = " ".repeat(indent);
    for word in body.split(' ') {
        let len = line.chars().count();
        let fresh = line.trim().is_empty();
        if !fresh && len + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = format!("{pad}{word}");
        } else {
            if !fresh {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    out.push_str(&line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column> {
        vec![
            Column::new("id", vec!["directive-implementation".into()]),
            Column::new(
                "title",
                vec!["Complete implementation of the 2011 Directive".into()],
            ),
            Column::new("owner", vec!["EU Member States, with the Commission".into()]),
        ]
    }

    #[test]
    fn steps_stop_as_soon_as_it_fits_and_ids_stay_whole() {
        let all = table_width(&cols());
        assert_eq!(
            fit(cols(), vec![Step::Drop("owner")], all).len(),
            3,
            "it already fits"
        );
        let fitted = fit(
            cols(),
            vec![
                Step::Shorten("title", 12),
                Step::Drop("owner"),
                Step::Shorten("title", 8),
            ],
            60,
        );
        assert!(table_width(&fitted) <= 60, "{fitted:?}");
        assert_eq!(fitted[0].cells[0], "directive-implementation");
        assert_eq!(
            fitted.len(),
            2,
            "owner dropped once the title was as short as allowed"
        );
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("a bb ccc dddd", 6, 2), "a bb\n  ccc\n  dddd");
        assert_eq!(wrap("  a bb ccc", 6, 4), "  a bb\n    ccc");
    }
}
