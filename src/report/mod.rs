//! Plain report structs built from the model for a day. Renderers only format them.

pub mod baseline;
pub mod detail;
pub mod diff;
pub mod events;
pub mod filter;
pub mod period;
pub mod point;
pub mod scope;
pub mod slips;
pub mod status;

use serde::Serialize;

/// The strategy a report is about.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyRef {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// What a row of figures covers: one pillar, or the whole strategy.
///
/// In JSON it is two keys: `id` (the pillar's id, or `all` for the whole strategy) and
/// `kind` (`pillar` or `strategy`). Read `kind`: a pillar may be named `all`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One pillar, by id.
    Pillar(String),
    /// The whole strategy.
    Whole,
}

impl Scope {
    /// The `id` shown in JSON: the pillar's, or `all`.
    pub fn id(&self) -> &str {
        match self {
            Scope::Pillar(id) => id,
            Scope::Whole => "all",
        }
    }

    /// Whether the row is the whole strategy's.
    pub fn is_whole(&self) -> bool {
        matches!(self, Scope::Whole)
    }
}

impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("id", self.id())?;
        m.serialize_entry("kind", if self.is_whole() { "strategy" } else { "pillar" })?;
        m.end()
    }
}

/// Serialises a source as its label (the public JSON shape of `source`).
pub fn source_label<S: serde::Serializer>(source: &crate::source::Source, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&source.label())
}

/// Checks that every pillar of a `--pillar` filter is one of the strategy's.
pub fn check_pillars(strategy: &crate::model::Strategy, pillars: &[String]) -> crate::error::Result<()> {
    let Some(p) = pillars.iter().find(|p| strategy.pillar(p).is_none()) else {
        return Ok(());
    };
    let known: Vec<&str> = strategy.pillars.iter().map(|p| p.id.as_str()).collect();
    let hint = match crate::decode::suggest(p, &known) {
        Some(s) => format!("did you mean `{s}`? The pillars are: {}", known.join(", ")),
        None => format!("the pillars are: {}", known.join(", ")),
    };
    Err(crate::error::Error::Usage(format!(
        "unknown pillar `{p}`; {hint}"
    )))
}

/// A file a report left out, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// `path:line:column: message`, or `path: message` where no place is given.
    #[serde(skip)]
    pub line: String,
    /// Displayed path.
    pub path: String,
    /// The first error in it, as `line:column: message`, or the message alone where a
    /// public output withholds the place.
    pub reason: String,
    /// The pillar it belongs to, as far as can be told: the `pillar` it spells, or else
    /// its folder, when either names a pillar of the strategy; null otherwise.
    pub pillar: Option<String>,
}

/// The files a loaded strategy leaves out of reports (one line per file, `strategy.yaml`
/// not included), in path order. Linear in the number of findings.
pub fn skipped(loaded: &crate::load::Loaded) -> Vec<Skipped> {
    let files: std::collections::HashMap<&str, &crate::load::CommitmentFile> =
        loaded.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let root = loaded
        .strategy_path
        .strip_suffix(crate::source::STRATEGY_FILE)
        .unwrap_or("");
    let known = |p: &str| loaded.strategy.as_ref().is_some_and(|s| s.pillar(p).is_some());
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for f in loaded.findings.iter().filter(|f| f.is_error()) {
        if f.path == loaded.strategy_path || !seen.insert(f.path.as_str()) {
            continue;
        }
        let spelled = files.get(f.path.as_str()).and_then(|c| {
            c.commitment
                .as_ref()
                .map(|c| c.pillar.clone())
                .or_else(|| c.pillar.clone())
        });
        let folder = f
            .path
            .strip_prefix(root)
            .and_then(|rest| rest.split_once('/'))
            .map(|(first, _)| first.to_owned());
        let pillar = spelled.filter(|p| known(p)).or(folder.filter(|p| known(p)));
        out.push(Skipped {
            line: if f.line == 0 {
                format!("{}: {}", f.path, f.message)
            } else {
                format!("{}:{}:{}: {}", f.path, f.line, f.column, f.message)
            },
            path: f.path.clone(),
            reason: if f.line == 0 {
                f.message.clone()
            } else {
                format!("{}:{}: {}", f.line, f.column, f.message)
            },
            pillar,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
