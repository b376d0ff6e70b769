//! `tracker site` on the scripted history: the pages, their links and anchors, the
//! feeds, determinism, the audience and hostile input.

use crate::report::script::{TODAY, scripted};
use crate::support::repo::Fixture;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Builds the site of a fixture into `<tmp>/site` and reads every file of it.
fn site(f: &Fixture, extra: &[&str]) -> (tempfile::TempDir, BTreeMap<String, String>) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let mut args = vec!["--today", TODAY, "site", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let r = f.run_raw(&f.root(), &args);
    assert!(r.code == 0 || r.code == 1, "{r}");
    let mut files = BTreeMap::new();
    read(&dir, &dir, &mut files);
    (out, files)
}

fn read(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            read(root, &p, files);
        } else {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read_to_string(&p).unwrap());
        }
    }
}

/// The values of an attribute in a page (`href="..."`), unescaped enough for paths.
fn attrs<'a>(page: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!("{name}=\"");
    page.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &page[i + key.len()..];
            rest.find('"').map(|j| &rest[..j])
        })
        .collect()
}

#[test]
fn every_page_is_there_and_every_link_and_anchor_resolves() {
    let (f, _) = scripted();
    let (_tmp, files) = site(&f, &["--repo-url", "https://forge.example.org/strategy"]);
    for must in [
        "index.html",
        "changes.html",
        "legend.html",
        "feed.xml",
        "status.json",
        "report.json",
        "history.json",
        "p/prevention.html",
        "c/alpha.html",
        "c/alpha.xml",
        "c/beta.html",
    ] {
        assert!(
            files.contains_key(must),
            "{must} missing: {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    let mut checked = 0;
    for (name, page) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        assert!(page.starts_with("<!DOCTYPE html>"), "{name}");
        assert!(page.contains("Content-Security-Policy"), "{name}");
        assert!(!page.to_lowercase().contains("<script"), "{name}");
        for href in attrs(page, "href") {
            if href.starts_with("https://") {
                continue;
            }
            assert!(
                !href.starts_with('/') && !href.contains("://"),
                "{name}: absolute link {href}"
            );
            let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = if path.is_empty() {
                name.clone()
            } else {
                let base = Path::new(name).parent().unwrap();
                let joined = base.join(path);
                let mut parts: Vec<String> = Vec::new();
                for c in joined.components() {
                    match c {
                        std::path::Component::ParentDir => {
                            parts.pop();
                        }
                        std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                        _ => {}
                    }
                }
                parts.join("/")
            };
            let page = files
                .get(&target)
                .unwrap_or_else(|| panic!("{name}: dead link {href} ({target})"));
            if !anchor.is_empty() {
                assert!(
                    page.contains(&format!("id=\"{anchor}\"")),
                    "{name}: no anchor #{anchor} in {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} links checked");
}

#[test]
fn a_commitment_page_has_its_timeline_from_the_history() {
    let (f, made) = scripted();
    let (_tmp, files) = site(&f, &["--repo-url", "https://forge.example.org/strategy"]);
    let beta = &files["c/beta.html"];
    // The due date moved in commit 5, with the reason given and a link to the commit.
    assert!(beta.contains("id=\"timeline\""), "{beta}");
    assert!(beta.contains("due 2026-12-15 → 2027-02-15 (+62 days)"), "{beta}");
    assert!(beta.contains("(reason: "), "{beta}");
    assert!(
        made.iter()
            .any(|m| beta.contains(&format!("https://forge.example.org/strategy/commit/{}", m.id()))),
        "{beta}"
    );
    assert!(
        beta.contains("https://forge.example.org/strategy/blob/HEAD/strategy/detection/beta.yaml"),
        "{beta}"
    );
    // The indicator has a chart with a text equivalent.
    let alpha = &files["c/alpha.html"];
    assert!(
        alpha.contains("<svg class=\"chart\"") && alpha.contains("<desc>"),
        "{alpha}"
    );
}

#[test]
fn the_feeds_are_atom_with_unique_ids_and_rfc3339_dates() {
    let (f, made) = scripted();
    let (_tmp, files) = site(&f, &["--base-url", "https://example.org/csa/"]);
    for name in ["feed.xml", "c/beta.xml"] {
        let feed = &files[name];
        assert!(
            feed.starts_with(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
            ),
            "{name}"
        );
        for required in [
            "<id>",
            "<title>",
            "<updated>",
            "<link rel=\"self\" href=\"https://example.org/csa/",
        ] {
            assert!(feed.contains(required), "{name}: {required}");
        }
        let entries = feed.matches("<entry>").count();
        assert_eq!(entries, feed.matches("</entry>").count(), "{name}");
        let ids: Vec<&str> = feed
            .split("<id>")
            .skip(1)
            .map(|s| s.split("</id>").next().unwrap())
            .collect();
        assert_eq!(
            ids.len(),
            entries + 1,
            "{name}: one id for the feed and each entry"
        );
        assert_eq!(
            ids.iter().collect::<BTreeSet<_>>().len(),
            ids.len(),
            "{name}: ids are unique"
        );
        for updated in feed
            .split("<updated>")
            .skip(1)
            .map(|s| s.split("</updated>").next().unwrap())
        {
            let ok = updated.len() == 20 && chrono::DateTime::parse_from_rfc3339(updated).is_ok();
            assert!(ok, "{name}: {updated} is not RFC 3339");
        }
    }
    let feed = &files["feed.xml"];
    assert_eq!(
        feed.matches("<entry>").count(),
        made.len(),
        "one entry per commit"
    );
    assert!(
        feed.contains(
            "Milestone &apos;Bill adopted&apos; of &apos;Alpha law on grooming&apos; done on 2026-10-03"
        ),
        "{feed}"
    );
    let beta = &files["c/beta.xml"];
    assert!(
        !beta.contains("Alpha law"),
        "a commitment's feed has only its own changes"
    );
}

#[test]
fn the_same_repository_gives_the_same_site_byte_for_byte() {
    let (f, _) = scripted();
    let (_a, one) = site(&f, &[]);
    let (_b, two) = site(&f, &[]);
    assert_eq!(one, two);
}

#[test]
fn a_public_site_carries_no_internal_text() {
    let f = crate::report::audience::repo();
    let (_tmp, files) = site(&f, &[]);
    for (name, text) in &files {
        assert!(!text.contains("MARKER"), "{name} shows an internal text");
    }
    assert!(files["index.html"].contains("Public output: 5 internal items are not shown"));
    // For the team, on request, they are there.
    let (_tmp, team) = site(&f, &["--audience", "internal"]);
    assert!(team.values().any(|t| t.contains("MARKER-TITLE")));
}

#[test]
fn hostile_text_is_escaped_and_cleaned_in_the_site() {
    let f = crate::report::injection::hostile();
    let (_tmp, files) = site(&f, &[]);
    for (name, text) in files.iter().filter(|(n, _)| !n.ends_with(".json")) {
        assert!(!text.contains("<script>"), "{name}");
        let hidden = text
            .chars()
            .find(|c| (c.is_control() && *c != '\n' && *c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200d}' | '\u{feff}'));
        assert!(
            hidden.is_none(),
            "{name}: U+{:04X}",
            hidden.map_or(0, |c| c as u32)
        );
    }
}

#[test]
fn a_feed_holds_the_newest_hundred_commits() {
    let f = Fixture::new();
    let text = |n: u32| {
        format!(
            "id: busy\ntitle: Busy\npillar: prevention\nowner: O\nmilestones:\n  - {{id: m1, title: M, due: 2026-12-31}}\ndescription: version {n}\n"
        )
    };
    for n in 0..105u32 {
        f.write("strategy/prevention/busy.yaml", &text(n));
        f.commit(
            &format!("Version {n}"),
            "Alice",
            &format!("2026-{:02}-{:02}T10:00", 1 + n / 28, 1 + n % 28),
            0,
        );
    }
    let (_tmp, files) = site(&f, &[]);
    for name in ["feed.xml", "c/busy.xml"] {
        let feed = &files[name];
        assert_eq!(feed.matches("<entry>").count(), 100, "{name}");
        let first = feed.find("<title>Version 104</title>").expect("the newest first");
        assert!(
            first < feed.find("<title>Version 5</title>").expect("the 100th"),
            "{name}"
        );
        assert!(!feed.contains("<title>Version 4</title>"), "{name}: an older one");
    }
    assert!(
        files["changes.html"].contains("Version 0"),
        "the changes page has them all"
    );
}

/// A site built with files in error exits 1 and says which, as `status` does; a public
/// site withholds their names there too.
#[test]
fn a_site_with_files_in_error_says_why_it_exits_1() {
    let f = crate::report::audience::repo();
    f.edit("strategy/prevention/MARKER-BROKEN.yaml", "id: [broken\n");
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let r = f.run_raw(&f.root(), &["--today", TODAY, "site", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr.contains("warning: 1 file left out because of errors:"),
        "{r}"
    );
    assert!(r.stderr.contains("(file 1 with errors)"), "{r}");
    assert!(
        !r.stderr.contains("MARKER"),
        "the public site names the file: {r}"
    );
    assert!(r.stderr.contains("hint: run `tracker check`"), "{r}");
}
