//! Object ids and times in the files under `.git/tracker/`, kept as flat bytes. Serde
//! writes a `[u8; 20]` as twenty values of one byte, each read back on its own through
//! the deserialiser; as one run of bytes, a list of 100,000 ids is read back in a copy.
//!
//! For `#[serde(with = "...")]`: [`id`] for one id, [`ids`] for a list, [`times`] for a
//! list of times (each eight bytes, little-endian).

use serde::de::{Error, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;

/// The bytes of a value, checked by `read`, which says what is wrong with them.
struct Bytes<F>(F, &'static str);

impl<'de, T, F: FnOnce(&[u8]) -> Result<T, String>> Visitor<'de> for Bytes<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
}

/// One object id.
pub mod id {
    use super::*;

    /// Writes the id as its 20 bytes.
    pub fn serialize<S: Serializer>(id: &[u8; 20], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(id)
    }

    /// Reads an id written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 20], D::Error> {
        d.deserialize_bytes(Bytes(
            |b: &[u8]| <[u8; 20]>::try_from(b).map_err(|_| format!("an id of {} bytes, not 20", b.len())),
            "an object id of 20 bytes",
        ))
    }
}

/// A list of object ids.
pub mod ids {
    use super::*;

    /// Writes the ids as one run of bytes.
    pub fn serialize<S: Serializer>(ids: &[[u8; 20]], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(ids.as_flattened())
    }

    /// Reads ids written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<[u8; 20]>, D::Error> {
        d.deserialize_bytes(Bytes(
            |b: &[u8]| {
                if b.len() % 20 != 0 {
                    return Err(format!("{} bytes of ids, not a multiple of 20", b.len()));
                }
                Ok(b.chunks_exact(20)
                    .map(|c| {
                        let mut id = [0; 20];
                        id.copy_from_slice(c);
                        id
                    })
                    .collect())
            },
            "object ids of 20 bytes each",
        ))
    }
}

/// A list of times (seconds since the epoch, or any `i64`).
pub mod times {
    use super::*;

    /// Writes the times as one run of bytes, eight a time, little-endian.
    pub fn serialize<S: Serializer>(times: &[i64], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = times.iter().flat_map(|t| t.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }

    /// Reads times written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
        d.deserialize_bytes(Bytes(
            |b: &[u8]| {
                if b.len() % 8 != 0 {
                    return Err(format!("{} bytes of times, not a multiple of 8", b.len()));
                }
                Ok(b.chunks_exact(8)
                    .map(|c| {
                        let mut t = [0; 8];
                        t.copy_from_slice(c);
                        i64::from_le_bytes(t)
                    })
                    .collect())
            },
            "times of 8 bytes each",
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct All {
        #[serde(with = "super::id")]
        one: [u8; 20],
        #[serde(with = "super::ids")]
        ids: Vec<[u8; 20]>,
        #[serde(with = "super::times")]
        times: Vec<i64>,
        after: String,
    }

    #[test]
    fn ids_and_times_read_back_as_written() {
        for n in [0usize, 1, 2, 1000] {
            let all = All {
                one: [7; 20],
                ids: (0..n).map(|i| [(i % 251) as u8; 20]).collect(),
                times: (0..n)
                    .map(|i| i as i64 * 1_000_003 - 500_000_000)
                    .chain([i64::MIN, i64::MAX])
                    .collect(),
                after: "end".into(),
            };
            let bytes = postcard::to_stdvec(&all).unwrap();
            assert_eq!(postcard::from_bytes::<All>(&bytes).unwrap(), all, "{n}");
        }
    }

    /// Runs of bytes of the wrong length are refused, not cut or padded.
    #[test]
    fn runs_of_the_wrong_length_are_refused() {
        // Postcard writes a run of bytes, and a string, as its length then its bytes.
        let record = |lens: [usize; 3]| -> Vec<u8> {
            let mut b = Vec::new();
            for n in lens {
                b.push(n as u8);
                b.extend(std::iter::repeat_n(1u8, n));
            }
            b.extend_from_slice(&[3, b'e', b'n', b'd']);
            b
        };
        for lens in [[19, 20, 8], [21, 20, 8], [20, 21, 8], [20, 20, 9], [20, 19, 7]] {
            assert!(postcard::from_bytes::<All>(&record(lens)).is_err(), "{lens:?}");
        }
        let all = postcard::from_bytes::<All>(&record([20, 40, 16])).expect("read");
        assert_eq!(
            (all.ids.len(), all.times.len(), all.after.as_str()),
            (2, 2, "end")
        );
    }
}
