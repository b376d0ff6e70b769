//! Atom 1.0 feeds (RFC 4287) of the change events: one entry per commit that changed
//! the strategy (or one commitment), with a readable summary of each change.

use super::{Index, Input};
use crate::history::Event;
use crate::model::Commitment;
use chrono::{DateTime, Utc};

/// Escapes text for XML, after removing the characters XML 1.0 cannot hold.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::render::clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A commit time as RFC 3339, in UTC.
fn rfc3339(seconds: i64) -> String {
    DateTime::<Utc>::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// A change for people: "Milestone 'First trilogue' of 'Permanent EU rules…' done on
/// 2025-12-09".
pub fn summary(ix: &Index, e: &Event) -> String {
    let c = &e.change;
    let commitment = c.commitment.as_deref().map(|id| ix.title(id).to_owned());
    let milestone = match (&c.milestone, &c.commitment) {
        (Some(m), Some(id)) => Some(ix.milestone(id, m).unwrap_or(m).to_owned()),
        _ => None,
    };
    let to = c.to.as_ref().map(|v| v.to_string()).unwrap_or_default();
    match (c.kind, milestone, commitment) {
        (crate::compare::ChangeKind::MilestoneDone, Some(m), Some(of)) => {
            format!("Milestone '{m}' of '{of}' done on {to}")
        }
        (crate::compare::ChangeKind::DueChanged, Some(m), Some(of)) => {
            format!("Milestone '{m}' of '{of}': {}", c.describe())
        }
        (_, _, Some(of)) => format!("'{of}': {}", c.describe()),
        _ => c.describe(),
    }
}

/// The most entries a feed holds: the newest commits. A feed tells readers what is new;
/// the whole history is on the changes page and in `history.json`.
pub const ENTRIES: usize = 100;

/// The feed of the whole strategy, or of one commitment.
pub fn atom(input: &Input<'_>, ix: &Index, only: Option<&Commitment>) -> String {
    let strategy = &input.status.strategy;
    let base = input.base_url.map(|u| format!("{}/", u.trim_end_matches('/')));
    let here = |path: &str| match &base {
        Some(b) => format!("{b}{path}"),
        None => path.to_owned(),
    };
    let (self_path, alternate, title, id) = match only {
        Some(c) => (
            format!("c/{}.xml", super::slug(&c.id)),
            super::commitment_page(&c.id),
            format!("{}: {}", strategy.title, c.title),
            format!("urn:tracker:{}:commitment:{}", strategy.id, c.id),
        ),
        None => (
            "feed.xml".to_owned(),
            "changes.html".to_owned(),
            format!("{}: changes", strategy.title),
            format!("urn:tracker:{}", strategy.id),
        ),
    };
    // One entry per commit, newest first.
    let mut commits: Vec<(&crate::git::CommitInfo, Vec<&Event>)> = Vec::new();
    let events: Vec<&Event> = match only {
        Some(c) => ix.changes(input, &c.id),
        None => input.events.iter().collect(),
    };
    for e in events.into_iter().rev() {
        let Some(c) = &e.commit else { continue };
        let full = commits.len() == ENTRIES;
        match commits.last_mut() {
            Some((k, list)) if k.id == c.id => list.push(e),
            _ if full => break,
            _ => commits.push((c, vec![e])),
        }
    }
    let updated = commits
        .iter()
        .map(|(c, _)| c.time)
        .max()
        .map_or_else(|| format!("{}T00:00:00Z", input.status.as_of), rfc3339);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    out.push_str(&format!(
        "  <id>{}</id>\n  <title>{}</title>\n  <updated>{updated}</updated>\n",
        xml(&id),
        xml(&title)
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" href=\"{}\"/>\n  <generator>tracker</generator>\n",
        xml(&here(&self_path)),
        xml(&here(&alternate))
    ));
    for (c, list) in commits {
        let lines: Vec<String> = list.iter().rev().map(|e| summary(ix, e)).collect();
        out.push_str("  <entry>\n");
        out.push_str(&format!(
            "    <id>urn:tracker:{}:commit:{}</id>\n",
            xml(&strategy.id),
            xml(&c.id)
        ));
        out.push_str(&format!("    <title>{}</title>\n", xml(&c.subject)));
        out.push_str(&format!("    <updated>{}</updated>\n", rfc3339(c.time)));
        out.push_str(&format!("    <author><name>{}</name></author>\n", xml(&c.author)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            xml(&here(&format!("changes.html#commit-{}", c.id)))
        ));
        out.push_str(&format!("    <summary>{}</summary>\n", xml(&lines.join("; "))));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
