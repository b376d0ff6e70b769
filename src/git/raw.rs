//! Commits read from their raw bytes in the object store, so that one malformed commit
//! (an author line with no email, a bad time zone, which `git fsck` may warn about but
//! git itself reads) does not cut the history: what can be read is, and what could not
//! is said.

use super::{CommitInfo, ObjectId, reason_trailer};
use chrono::{FixedOffset, NaiveDate, TimeZone};

/// What the history needs of a commit.
#[derive(Debug, Clone)]
pub struct RawCommit {
    /// Its root tree.
    pub tree: git2::Oid,
    /// Its parents, first parent first.
    pub parents: Vec<git2::Oid>,
    /// What reports show of it.
    pub info: CommitInfo,
    /// What was wrong with it, if it had to be read leniently.
    pub problem: Option<String>,
}

/// Why a commit could not be read at all.
#[derive(Debug, Clone)]
pub enum Unreadable {
    /// The object is not in the repository (a shallow, partial or damaged clone).
    Missing,
    /// The object is there but is not a commit anyone could read.
    Broken(String),
}

/// Reads a commit from the object store.
pub fn read(git: &git2::Repository, id: git2::Oid) -> Result<RawCommit, Unreadable> {
    let odb = git
        .odb()
        .map_err(|e| Unreadable::Broken(e.message().to_owned()))?;
    let object = match odb.read(id) {
        Ok(o) => o,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Err(Unreadable::Missing),
        Err(e) => return Err(Unreadable::Broken(e.message().to_owned())),
    };
    if object.kind() != git2::ObjectType::Commit {
        return Err(Unreadable::Broken(format!(
            "the object is a {}, not a commit",
            object.kind()
        )));
    }
    parse(ObjectId(id), object.data())
}

/// A person line's parts: name, and time with offset.
struct Person {
    name: String,
    seconds: Option<i64>,
    offset_minutes: Option<i32>,
    problem: Option<&'static str>,
}

/// Parses `NAME <EMAIL> SECONDS ±HHMM`, leniently: a missing email or time is a problem,
/// not a failure.
fn person(line: &[u8]) -> Person {
    let text = String::from_utf8_lossy(line);
    let mut rest = text.trim_end();
    let mut offset_minutes = None;
    let mut seconds = None;
    if let Some((before, tz)) = rest.rsplit_once(' ')
        && let Some(minutes) = offset(tz)
    {
        offset_minutes = Some(minutes);
        rest = before;
        if let Some((before, secs)) = rest.rsplit_once(' ')
            && let Ok(s) = secs.parse::<i64>()
        {
            seconds = Some(s);
            rest = before;
        }
    }
    let (name, problem) = match (rest.find('<'), rest.rfind('>')) {
        (Some(open), Some(close)) if open < close => (rest[..open].trim(), None),
        _ => (rest.trim(), Some("has no email address")),
    };
    let problem = problem.or(match (seconds, offset_minutes) {
        (Some(_), Some(_)) => None,
        _ => Some("has no valid time"),
    });
    Person {
        name: name.to_owned(),
        seconds,
        offset_minutes,
        problem,
    }
}

/// `+HHMM` or `-HHMM` as minutes east of UTC.
fn offset(tz: &str) -> Option<i32> {
    let (sign, digits) = match tz.as_bytes().first()? {
        b'+' => (1, &tz[1..]),
        b'-' => (-1, &tz[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 60 + minutes))
}

/// The local date of a time at an offset (UTC when the offset is out of range).
fn local(seconds: i64, offset_minutes: i32) -> NaiveDate {
    let offset = FixedOffset::east_opt(offset_minutes * 60)
        .or_else(|| FixedOffset::east_opt(0))
        .expect("a zero offset is valid");
    offset
        .timestamp_opt(seconds, 0)
        .single()
        .map_or_else(NaiveDate::default, |d| d.date_naive())
}

/// Parses a commit object's bytes.
fn parse(id: ObjectId, data: &[u8]) -> Result<RawCommit, Unreadable> {
    let (header, message) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let mut tree = None;
    let mut parents = Vec::new();
    let mut author = None;
    let mut committer = None;
    for line in header.split(|b| *b == b'\n') {
        // Continuation lines (of a signature, say) start with a space.
        let Some(space) = line.iter().position(|b| *b == b' ') else {
            continue;
        };
        let (key, value) = (&line[..space], &line[space + 1..]);
        let oid = || {
            std::str::from_utf8(value)
                .ok()
                .and_then(|s| git2::Oid::from_str(s.trim()).ok())
        };
        match key {
            b"tree" => tree = oid(),
            b"parent" => {
                if let Some(p) = oid() {
                    parents.push(p);
                }
            }
            b"author" => author = Some(person(value)),
            b"committer" => committer = Some(person(value)),
            _ => {}
        }
    }
    let Some(tree) = tree else {
        return Err(Unreadable::Broken("it names no tree".into()));
    };
    let mut problems = Vec::new();
    let mut present = |role: &str, p: Option<Person>| match p {
        Some(p) => {
            if let Some(why) = p.problem {
                problems.push(format!("its {role} line {why}"));
            }
            p
        }
        None => {
            problems.push(format!("it has no {role} line"));
            person(b"")
        }
    };
    let author = present("author", author);
    let committer = present("committer", committer);
    // A commit without a usable committer time takes its author's, or else 0.
    let time = committer.seconds.or(author.seconds).unwrap_or(0);
    let committer_offset = committer.offset_minutes.or(author.offset_minutes).unwrap_or(0);
    let message = String::from_utf8_lossy(message);
    let info = CommitInfo {
        id: id.to_string(),
        date: local(time, committer_offset),
        author_date: local(
            author.seconds.unwrap_or(time),
            author.offset_minutes.unwrap_or(committer_offset),
        ),
        author: author.name,
        subject: message.lines().next().unwrap_or("").trim().to_owned(),
        reason: reason_trailer(&message),
        time,
    };
    Ok(RawCommit {
        tree,
        parents,
        info,
        problem: (!problems.is_empty()).then(|| problems.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const PARENT: &str = "1111111111111111111111111111111111111111";

    fn commit(author: &str) -> Vec<u8> {
        format!(
            "tree {TREE}\nparent {PARENT}\nauthor {author}\ncommitter C <c@x> 1700000000 +0100\n\nSubject line\n\nBody\n"
        )
        .into_bytes()
    }

    fn id() -> ObjectId {
        ObjectId(git2::Oid::zero())
    }

    #[test]
    fn a_well_formed_commit_is_read_as_git_reads_it() {
        let c = parse(id(), &commit("Alice Example <a@x> 1700000000 -0500")).unwrap();
        assert_eq!(c.tree.to_string(), TREE);
        assert_eq!(c.parents.len(), 1);
        assert_eq!(c.info.author, "Alice Example");
        assert_eq!(c.info.subject, "Subject line");
        // 1700000000 is 2023-11-14 22:13 UTC: the 15th at +0100, the 14th at -0500.
        assert_eq!(c.info.date.to_string(), "2023-11-14");
        assert_eq!(c.info.author_date.to_string(), "2023-11-14");
        assert!(c.problem.is_none());
    }

    #[test]
    fn an_author_without_email_is_read_and_named() {
        let c = parse(id(), &commit("Alice 1700000000 +0000")).unwrap();
        assert_eq!(c.info.author, "Alice");
        assert_eq!(c.problem.as_deref(), Some("its author line has no email address"));
        assert_eq!(c.parents.len(), 1);
    }

    #[test]
    fn garbage_is_broken_not_a_panic() {
        for bytes in [&b""[..], b"\n\n", b"tree nothex\n", b"\xff\xfe author", b"tree"] {
            assert!(
                matches!(parse(id(), bytes), Err(Unreadable::Broken(_))),
                "{bytes:?}"
            );
        }
        let c = parse(id(), format!("tree {TREE}\n").as_bytes()).unwrap();
        assert_eq!(
            c.problem.as_deref(),
            Some("it has no author line, it has no committer line")
        );
    }
}
