//! Plain report structs built from the model for a day. Renderers only format them.

pub mod detail;
pub mod history;
pub mod period;
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
