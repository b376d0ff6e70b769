//! A day in serde: as `YYYY-MM-DD` text, as chrono writes it, in formats people read
//! (JSON, YAML), and as a number of days in the binary caches under `.git/tracker/`,
//! where parsing every date of a long history again as text was a tenth of a warm
//! `history`. For fields: `#[serde(with = "crate::day")]`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day as text, exactly as chrono writes it (`2026-12-01`), but for a four-digit year
/// without going through a formatter: a history's JSON has three days a row.
#[derive(Debug, Clone, Copy)]
pub struct Text(pub NaiveDate);

impl Text {
    /// The day's ten bytes, for a year from 0 to 9999 (chrono writes others with a sign
    /// and more digits).
    pub fn ascii(self) -> Option<[u8; 10]> {
        let d = self.0;
        let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (month, day) = (d.month(), d.day());
        Some([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.ascii().as_ref().map(|t| std::str::from_utf8(t)) {
            Some(Ok(text)) => s.serialize_str(text),
            _ => self.0.serialize(s),
        }
    }
}

/// Writes `day`: as chrono does for a human-readable format, else as its number of days
/// from the first day of the common era.
pub fn serialize<S: Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        Text(*day).serialize(s)
    } else {
        day.num_days_from_ce().serialize(s)
    }
}

/// Reads a day as [`serialize`] writes it.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    if d.is_human_readable() {
        NaiveDate::deserialize(d)
    } else {
        let days = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(days)
            .ok_or_else(|| serde::de::Error::custom(format!("{days} days is not a day chrono knows")))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dated {
        #[serde(with = "super")]
        day: NaiveDate,
    }

    #[test]
    fn a_day_is_written_as_chrono_writes_it() {
        let days = [
            (0, 1, 1),
            (9, 2, 3),
            (999, 12, 31),
            (2026, 12, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 6, 15),
        ];
        for (y, m, d) in days {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                serde_json::to_string(&super::Text(day)).unwrap(),
                serde_json::to_string(&day).unwrap(),
                "{y}-{m}-{d}"
            );
        }
    }

    #[test]
    fn a_day_is_text_in_json_and_a_number_in_postcard() {
        let d = Dated {
            day: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        };
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, r#"{"day":"2026-12-01"}"#);
        assert_eq!(serde_json::from_str::<Dated>(&json).unwrap(), d);
        let bytes = postcard::to_stdvec(&d).unwrap();
        assert!(bytes.len() <= 4, "a varint, not ten bytes of text: {bytes:?}");
        assert_eq!(postcard::from_bytes::<Dated>(&bytes).unwrap(), d);
        // A number of days chrono cannot hold is an error, not a panic.
        let far = postcard::to_stdvec(&i32::MAX).unwrap();
        assert!(postcard::from_bytes::<Dated>(&far).is_err());
    }
}
