//! `tracker site`: the strategy as a static website. A home page, one page per pillar and
//! per commitment (with its timeline from the history), a page of changes, a legend,
//! Atom feeds (the whole strategy, and one per commitment) and the JSON copies.
//!
//! Building is pure: [`build`] turns the reports into a list of files, the same input
//! always giving the same bytes; the caller writes them. Every link is relative, so the
//! site works from `file://` and from any sub-path of a web server.

pub mod feed;
pub mod pages;

use crate::history::Event;

use crate::load::Loaded;
use crate::report::period::PeriodReport;
use crate::report::status::StatusReport;

/// What a site is built from.
pub struct Input<'a> {
    /// The status at the site's day.
    pub status: &'a StatusReport,
    /// The period report of the last 90 days, for the home page.
    pub period: &'a PeriodReport,
    /// The strategy, as the audience may see it.
    pub loaded: &'a Loaded,
    /// The changes the audience may see, oldest first.
    pub events: &'a [Event],
    /// Where changes and files are linked on a forge, if anywhere.
    pub forge: Forge<'a>,
    /// The site's own address, for the feeds' ids and links (default: relative).
    pub base_url: Option<&'a str>,
    /// For a roll-up's site: its sources, shown on the home page with how fresh each is.
    pub sources: &'a [crate::rollup::gather::SourceStatus],
}

/// Where a site links changes and files on a forge.
#[derive(Debug, Clone, Copy, Default)]
pub enum Forge<'a> {
    /// No links.
    #[default]
    None,
    /// One repository (`--repo-url https://github.com/org/repo`), whose paths are the
    /// site's own.
    Repo(&'a str),
    /// A roll-up's sources: the first folder of a path names its source, and a source
    /// with a `repo_url` is linked, its files at the commit the roll-up read.
    Sources(&'a [SourceForge]),
}

/// A roll-up source's forge.
#[derive(Debug, Clone)]
pub struct SourceForge {
    /// The source's name, the first folder of its paths.
    pub name: String,
    /// Its repository's address on the forge.
    pub url: String,
    /// The commit read, when it could be.
    pub commit: Option<String>,
}

impl Forge<'_> {
    /// The forge's address, the revision to link files at, and the path in that
    /// repository, for a path of the site.
    fn place<'p>(&self, path: &'p str) -> Option<(&str, &str, &'p str)> {
        match self {
            Forge::None => None,
            Forge::Repo(url) => Some((url, "HEAD", path)),
            Forge::Sources(list) => {
                let (name, rest) = path.split_once('/')?;
                let s = list.iter().find(|s| s.name == name)?;
                Some((&s.url, s.commit.as_deref().unwrap_or("HEAD"), rest))
            }
        }
    }

    /// The forge's page of commit `sha`, made in the repository that holds `path`.
    pub fn commit(&self, path: &str, sha: &str) -> Option<String> {
        self.place(path)
            .map(|(url, _, _)| format!("{}/commit/{sha}", url.trim_end_matches('/')))
    }

    /// The forge's page of the file at `path`.
    pub fn file(&self, path: &str) -> Option<String> {
        self.place(path)
            .map(|(url, rev, inside)| format!("{}/blob/{rev}/{inside}", url.trim_end_matches('/')))
    }
}

/// Lookups the pages need many times, built once: titles by id, milestone titles, and
/// each commitment's changes (indexes into `Input::events`).
#[derive(Default)]
pub struct Index {
    titles: std::collections::HashMap<String, String>,
    milestones: std::collections::HashMap<(String, String), String>,
    by_commitment: std::collections::HashMap<String, Vec<usize>>,
    /// Each id's first row of the status report.
    rows: std::collections::HashMap<String, usize>,
}

impl Index {
    fn new(input: &Input<'_>) -> Self {
        let mut ix = Index::default();
        for (_, c) in input.loaded.valid_commitments() {
            ix.titles.insert(c.id.clone(), c.title.clone());
            for m in &c.milestones {
                ix.milestones
                    .insert((c.id.clone(), m.id.clone()), m.title.clone());
            }
        }
        for (i, e) in input.events.iter().enumerate() {
            if let Some(id) = &e.change.commitment {
                ix.by_commitment.entry(id.clone()).or_default().push(i);
            }
        }
        for (i, r) in input.status.commitments.iter().enumerate() {
            ix.rows.entry(r.id.clone()).or_insert(i);
        }
        ix
    }

    /// The status report's row of a commitment (the first of its id).
    pub fn row<'a>(
        &self,
        input: &'a Input<'_>,
        id: &str,
    ) -> Option<&'a crate::report::status::CommitmentRow> {
        self.rows.get(id).and_then(|&i| input.status.commitments.get(i))
    }

    /// A commitment's title, or its id when the audience cannot see it.
    pub fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.titles.get(id).map_or(id, String::as_str)
    }

    /// A milestone's title, when known.
    pub fn milestone(&self, commitment: &str, id: &str) -> Option<&str> {
        self.milestones
            .get(&(commitment.to_owned(), id.to_owned()))
            .map(String::as_str)
    }

    /// The changes of one commitment, oldest first.
    pub fn changes<'e>(&self, input: &'e Input<'_>, id: &str) -> Vec<&'e Event> {
        self.by_commitment
            .get(id)
            .map(|ix| ix.iter().map(|i| &input.events[*i]).collect())
            .unwrap_or_default()
    }
}

/// One file of the site: its path inside the site folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path with `/` separators, such as `c/eu-centre.html`.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// The page of a commitment, relative to the site's root.
pub fn commitment_page(id: &str) -> String {
    format!("c/{}.html", slug(id))
}

/// The page of a pillar, relative to the site's root.
pub fn pillar_page(id: &str) -> String {
    format!("p/{}.html", slug(id))
}

/// A file name made from an id (ids are already safe; anything else is made so).
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Builds every file of the site.
pub fn build(input: &Input<'_>) -> Result<Vec<File>, serde_json::Error> {
    let ix = Index::new(input);
    let ix = &ix;
    let mut files: Vec<File> = Vec::new();
    // maud escapes markup; what is left to remove is what no page should hold at all:
    // terminal controls, bidi overrides and zero-width characters.
    let keep = |s: String| -> String {
        s.chars()
            .filter(|c| *c == '\n' || *c == '\t' || !crate::render::is_hidden(*c))
            .collect()
    };
    let html = |path: String, m: maud::Markup| File {
        path,
        bytes: keep(format!("{}\n", m.into_string())).into_bytes(),
    };
    let commitments = input.loaded.valid_commitments();
    // The commitments' pages and feeds on a second thread, and on this one too once the
    // rest is written, each taking the next commitment: the pages do not depend on each
    // other, and the output is sorted at the end.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let commitment_files = || {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((path, c)) = commitments.get(i) else {
                return out;
            };
            out.push(html(
                commitment_page(&c.id),
                pages::commitment(input, ix, path, c),
            ));
            out.push(File {
                path: format!("c/{}.xml", slug(&c.id)),
                bytes: feed::atom(input, ix, Some(c)).into_bytes(),
            });
        }
    };
    let (mut files, theirs) = std::thread::scope(|scope| -> Result<_, serde_json::Error> {
        let pages = scope.spawn(commitment_files);
        files.push(html("index.html".into(), pages::home(input, ix)));
        for p in &input.status.pillars {
            files.push(html(pillar_page(&p.id), pages::pillar(input, p)));
        }
        files.push(html("changes.html".into(), pages::changes(input, ix)));
        files.push(html("legend.html".into(), pages::legend(input)));
        files.push(File {
            path: "feed.xml".into(),
            bytes: feed::atom(input, ix, None).into_bytes(),
        });
        let json = |v: &dyn erased::Json| -> Result<Vec<u8>, serde_json::Error> {
            let mut out = v.to_json()?;
            out.push(b'\n');
            Ok(out)
        };
        files.push(File {
            path: "status.json".into(),
            bytes: json(input.status)?,
        });
        files.push(File {
            path: "report.json".into(),
            bytes: json(input.period)?,
        });
        let rows = crate::report::events::rows(input.events, &Default::default(), false);
        files.push(File {
            path: "history.json".into(),
            bytes: json(&rows)?,
        });
        files.extend(commitment_files());
        let theirs = match pages.join() {
            Ok(v) => v,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        Ok((files, theirs))
    })?;
    files.extend(theirs);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Pretty JSON of any serializable value, behind one object-safe trait.
mod erased {
    /// A value that can be written as pretty JSON.
    pub trait Json {
        fn to_json(&self) -> Result<Vec<u8>, serde_json::Error>;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
            serde_json::to_vec_pretty(self)
        }
    }
}
