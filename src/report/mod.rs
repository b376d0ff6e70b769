//! Plain report structs built from the model for a day. Renderers only format them.

pub mod detail;
pub mod diff;
pub mod events;
pub mod period;
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
    /// Displayed path.
    pub path: String,
    /// The first error in it, as `line:column: message`.
    pub reason: String,
}

/// Builds the list of skipped files from a loaded strategy's errors (one line per file).
pub fn skipped(loaded: &crate::load::Loaded) -> Vec<Skipped> {
    let mut out: Vec<Skipped> = Vec::new();
    for f in loaded.findings.iter().filter(|f| f.is_error()) {
        if out.iter().any(|s| s.path == f.path) {
            continue;
        }
        out.push(Skipped {
            path: f.path.clone(),
            reason: format!("{}:{}: {}", f.line, f.column, f.message),
        });
    }
    out
}
