//! Words for people: thousands separators, plurals and signs (JSON and CSV keep plain
//! numbers), and words quoted for a shell, for the commands tracker suggests.

/// A whole number with thousands separators: `2,375`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and its noun, in the singular for one: `1 milestone`, `2,000 milestones`.
/// Nouns whose plural is not the singular plus `s` are listed here.
pub fn count(n: usize, noun: &str) -> String {
    let shown = thousands(n as i64);
    if n == 1 {
        return format!("{shown} {noun}");
    }
    let plural = match noun {
        "was" => "were".to_owned(),
        "is" => "are".to_owned(),
        "has" => "have".to_owned(),
        _ if noun.ends_with('y') && !noun.ends_with("ay") && !noun.ends_with("ey") => {
            format!("{}ies", &noun[..noun.len() - 1])
        }
        _ if noun.ends_with('s') || noun.ends_with("sh") || noun.ends_with("ch") => format!("{noun}es"),
        _ => format!("{noun}s"),
    };
    format!("{shown} {plural}")
}

/// A signed number of days: `+2,375 days`, `-1 day`, `±0 days`.
pub fn signed_days(n: i64) -> String {
    let sign = match n.signum() {
        1 => "+",
        0 => "±",
        _ => "",
    };
    let unit = if n.abs() == 1 { "day" } else { "days" };
    format!("{sign}{} {unit}", thousands(n))
}

/// A change in percentage points: `+5 points`, `-1 point`, `±0 points`.
pub fn points(p: f64) -> String {
    let r = p.round() as i64;
    let unit = if r.abs() == 1 { "point" } else { "points" };
    match r.signum() {
        1 => format!("+{r} {unit}"),
        0 => format!("±0 {unit}"),
        _ => format!("{r} {unit}"),
    }
}

/// A fraction as a whole percent: `85%`.
pub fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// A number for people: whole numbers with separators (`1,000,000`), others with up to
/// two decimals (`12.5`).
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        thousands(v as i64)
    } else {
        let s = format!("{v:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let whole = int.parse::<i64>().map_or_else(|_| int.to_owned(), thousands);
        let whole = if v < 0.0 && !whole.starts_with('-') {
            format!("-{whole}")
        } else {
            whole
        };
        if frac.is_empty() {
            whole
        } else {
            format!("{whole}.{frac}")
        }
    }
}

/// A word for a POSIX shell: in single quotes unless it is made of safe characters.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2375), "2,375");
        assert_eq!(thousands(-1_000_000), "-1,000,000");
        assert_eq!(number(21_751_085.0), "21,751,085");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(-1234.25), "-1,234.25");
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_quote("strategy/a.yaml"), "strategy/a.yaml");
        assert_eq!(shell_quote("a: due → b"), "'a: due → b'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn plurals_and_signs() {
        assert_eq!(count(1, "commitment"), "1 commitment");
        assert_eq!(count(0, "commitment"), "0 commitments");
        assert_eq!(count(2, "was"), "2 were");
        assert_eq!(count(3, "entry"), "3 entries");
        assert_eq!(count(1200, "milestone"), "1,200 milestones");
        assert_eq!(signed_days(2375), "+2,375 days");
        assert_eq!(signed_days(-1), "-1 day");
        assert_eq!(points(1.0), "+1 point");
        assert_eq!(points(-5.4), "-5 points");
        assert_eq!(points(0.2), "±0 points");
    }
}
