//! The one grammar of days and periods that every command takes, as hledger does:
//! `YYYY-MM-DD` (or `YYYY/MM/DD`), `today`, `yesterday`, and the periods `2026`,
//! `2026-H1`, `2026-Q3`, `2026-07` and `2026-W27` (ISO week). A revision (sha, tag,
//! branch, `HEAD~3`) is resolved by git; this module knows only the calendar.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The accepted forms, for error messages.
pub const FORMS: &str = "a date (2026-07-01, 2026/07/01), today, yesterday, a period (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27) or a revision (a commit id, a tag, a branch, HEAD~3)";

/// The first and last day that `spec` stands for: a single day for a date, `today` or
/// `yesterday`, the whole period for a period word; `None` when it is none of them.
pub fn days(spec: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let s = spec.trim();
    match s {
        "today" => return Some((today, today)),
        "yesterday" => {
            let d = today.pred_opt()?;
            return Some((d, d));
        }
        _ => {}
    }
    if let Ok(d) = crate::decode::parse_date(&s.replace('/', "-")) {
        return Some((d, d));
    }
    let (year, rest) = match s.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (s, None),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = year.parse().ok()?;
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let month_end = |y: i32, m: u32| {
        let next = if m == 12 {
            ymd(y + 1, 1, 1)
        } else {
            ymd(y, m + 1, 1)
        };
        next.and_then(|d| d.pred_opt())
    };
    let number = |t: &str, lo: u32, hi: u32| t.parse::<u32>().ok().filter(|n| (lo..=hi).contains(n));
    match rest {
        None => Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?)),
        Some(r) if r.len() == 2 && r.starts_with(['H', 'h']) => {
            let h = number(&r[1..], 1, 2)?;
            let m = 6 * (h - 1) + 1;
            Some((ymd(y, m, 1)?, month_end(y, m + 5)?))
        }
        Some(r) if r.len() == 2 && r.starts_with(['Q', 'q']) => {
            let q = number(&r[1..], 1, 4)?;
            let m = 3 * (q - 1) + 1;
            Some((ymd(y, m, 1)?, month_end(y, m + 2)?))
        }
        Some(r) if r.len() == 3 && r.starts_with(['W', 'w']) => {
            let w = number(&r[1..], 1, 53)?;
            let monday = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
            Some((monday, monday + Duration::days(6)))
        }
        Some(r) if r.len() == 2 => {
            let m = number(r, 1, 12)?;
            Some((ymd(y, m, 1)?, month_end(y, m)?))
        }
        _ => None,
    }
}

/// What is wrong with `spec` when it is shaped as a period word (`2026-Q5`, `2026-H3`,
/// `2026-W60`, `2026-13`) but names none; `None` for anything else.
pub fn why_not(spec: &str) -> Option<String> {
    let (year, rest) = spec.trim().split_once('-')?;
    let y: i32 = year.parse().ok().filter(|_| year.len() == 4)?;
    let (letter, n) = match rest.chars().next()? {
        c @ ('H' | 'h' | 'Q' | 'q' | 'W' | 'w') => (Some(c.to_ascii_uppercase()), &rest[1..]),
        _ => (None, rest),
    };
    if n.is_empty() || n.len() > 3 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u32 = n.parse().ok()?;
    let last_week = NaiveDate::from_ymd_opt(y, 12, 28).map_or(52, |d| d.iso_week().week());
    // The form, the range, and the word written as the grammar has it.
    let (digits, range, word) = match letter {
        Some('H') => (1, 1..=2, format!("{y}-H{v}")),
        Some('Q') => (1, 1..=4, format!("{y}-Q{v}")),
        Some(_) => (2, 1..=last_week, format!("{y}-W{v:02}")),
        _ => (2, 1..=12, format!("{y}-{v:02}")),
    };
    Some(if !range.contains(&v) {
        match letter {
            Some('H') => format!("a year has two halves, {y}-H1 and {y}-H2, not {y}-H{n}"),
            Some('Q') => format!("a year has four quarters, {y}-Q1 to {y}-Q4, not {y}-Q{n}"),
            Some(_) => format!("{y} has ISO weeks {y}-W01 to {y}-W{last_week}, not {y}-W{n}"),
            _ => format!("a month is 01 to 12, not {n} in {y}-{n}"),
        }
    } else if n.len() != digits {
        format!("write it as {word}")
    } else {
        return None;
    })
}

/// Whether `spec` looks like a day or period that is wrong (such as `2026-13` or
/// `2026-02-30`) rather than a revision: it starts with four digits.
pub fn looks_like_a_day(spec: &str) -> bool {
    spec.len() >= 4 && spec.as_bytes()[..4].iter().all(u8::is_ascii_digit)
}

/// The quarter of a day, as `2026-Q3`.
pub fn quarter_of(day: NaiveDate) -> String {
    format!("{}-Q{}", day.year(), day.month0() / 3 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A period word out of range is explained; a date, a good period or a revision is
    /// not this function's.
    #[test]
    fn periods_out_of_range_are_explained() {
        let why = |s: &str| why_not(s);
        assert_eq!(
            why("2026-Q5").as_deref(),
            Some("a year has four quarters, 2026-Q1 to 2026-Q4, not 2026-Q5")
        );
        assert_eq!(
            why("2026-h3").as_deref(),
            Some("a year has two halves, 2026-H1 and 2026-H2, not 2026-H3")
        );
        assert_eq!(
            why("2026-W60").as_deref(),
            Some("2026 has ISO weeks 2026-W01 to 2026-W53, not 2026-W60")
        );
        assert_eq!(
            why("2025-W53").as_deref(),
            Some("2025 has ISO weeks 2025-W01 to 2025-W52, not 2025-W53")
        );
        assert_eq!(
            why("2026-13").as_deref(),
            Some("a month is 01 to 12, not 13 in 2026-13")
        );
        for (spec, form) in [
            ("2026-W5", "2026-W05"),
            ("2026-Q01", "2026-Q1"),
            ("2026-h01", "2026-H1"),
            ("2026-7", "2026-07"),
        ] {
            assert_eq!(why(spec), Some(format!("write it as {form}")), "{spec}");
        }
        for other in [
            "2026-02-30",
            "2026-Qx",
            "HEAD~3",
            "v1.0",
            "2026",
            "26-Q1",
            "2026-Q3",
            "2026-W27",
            "2026-07",
        ] {
            assert_eq!(why(other), None, "{other}");
        }
    }

    #[test]
    fn every_form() {
        let today = d("2026-12-01");
        let is = |s: &str, a: &str, b: &str| assert_eq!(days(s, today), Some((d(a), d(b))), "{s}");
        is("2026-07-01", "2026-07-01", "2026-07-01");
        is("2026/07/01", "2026-07-01", "2026-07-01");
        is("today", "2026-12-01", "2026-12-01");
        is("yesterday", "2026-11-30", "2026-11-30");
        is("2026", "2026-01-01", "2026-12-31");
        is("2026-H1", "2026-01-01", "2026-06-30");
        is("2026-h2", "2026-07-01", "2026-12-31");
        is("2026-Q3", "2026-07-01", "2026-09-30");
        is("2024-02", "2024-02-01", "2024-02-29");
        is("2026-12", "2026-12-01", "2026-12-31");
        is("2026-W27", "2026-06-29", "2026-07-05");
        is("2026-W01", "2025-12-29", "2026-01-04");
        for bad in [
            "2026-13",
            "2026-Q5",
            "2026-H3",
            "2026-W54",
            "v1.0",
            "HEAD~3",
            "26-01",
            "2026-02-30",
        ] {
            assert_eq!(days(bad, today), None, "{bad}");
        }
        assert!(looks_like_a_day("2026-13") && !looks_like_a_day("v1.0"));
        assert_eq!(quarter_of(d("2026-08-15")), "2026-Q3");
    }
}
