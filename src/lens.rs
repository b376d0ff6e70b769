//! What an output may show: the audience (`--audience public` leaves out every internal
//! item and field) and the confidence a done milestone needs to count as done
//! (`--min-confidence`).
//!
//! Both apply to the loaded strategy before any report is built, so every figure,
//! total and chart is computed without what was left out; the counts of what was left
//! out go into the report, which says so.

use crate::load::Loaded;
use crate::model::{Commitment, Confidence, Visibility};
use std::collections::{BTreeSet, HashSet};

/// What to leave out of an output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lens {
    /// Who the output is for.
    pub audience: Visibility,
    /// Done milestones below this confidence (or with none) count as not done.
    pub min_confidence: Option<Confidence>,
}

/// What a lens left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Who the output is for.
    pub audience: Visibility,
    /// Internal commitments, milestones, events, indicators and fields left out.
    pub internal_hidden: usize,
    /// Done milestones set aside as below the minimum confidence.
    pub set_aside: usize,
    /// The minimum confidence, if one was asked for.
    pub min_confidence: Option<Confidence>,
    /// The texts of what was left out as internal (ids, titles, owners, paths...): no
    /// public output may hold any of them. Long enough to be meaningful (4 characters
    /// and more).
    pub markers: BTreeSet<String>,
}

impl Applied {
    /// Whether `text` holds anything that was left out as internal.
    pub fn leaks(&self, text: &str) -> bool {
        self.markers.iter().any(|m| text.contains(m.as_str()))
    }
}

/// What a public output says of a file's errors, in place of them.
pub const WITHHELD_ERRORS: &str = "has errors (withheld from a public output; run `tracker check`)";

/// The placeholder path of a file with errors in a public output: its name might say
/// what it is about, and its errors might quote it.
pub fn withheld_path(n: usize) -> String {
    format!("(file {n} with errors)")
}

/// Applies `lens` to a loaded strategy.
pub fn apply(loaded: &mut Loaded, lens: Lens) -> Applied {
    let mut out = Applied {
        audience: lens.audience,
        min_confidence: lens.min_confidence,
        ..Applied::default()
    };
    if lens.audience == Visibility::Public {
        public(loaded, &mut out);
    }
    if let Some(min) = lens.min_confidence {
        for f in &mut loaded.files {
            let Some(c) = &mut f.commitment else { continue };
            for m in &mut c.milestones {
                if m.done.is_some() && m.confidence.is_none_or(|c| c < min) {
                    m.done = None;
                    out.set_aside += 1;
                }
            }
        }
    }
    out
}

fn mark(out: &mut Applied, text: &str) {
    let t = text.trim();
    if t.chars().count() >= 4 {
        out.markers.insert(t.to_owned());
    }
}

/// The texts of a whole commitment, as markers.
fn mark_all(out: &mut Applied, path: &str, c: &Commitment) {
    mark(out, path);
    mark(out, &c.id);
    mark(out, &c.title);
    mark(out, &c.owner);
    if let Some(d) = &c.description {
        mark(out, d);
    }
    for m in &c.milestones {
        mark(out, &m.title);
        m.note.iter().for_each(|n| mark(out, n));
    }
    for e in &c.events {
        mark(out, &e.title);
        e.note.iter().for_each(|n| mark(out, n));
    }
    for i in &c.indicators {
        mark(out, &i.title);
    }
    for l in &c.links {
        mark(out, &l.title);
    }
}

fn public(loaded: &mut Loaded, out: &mut Applied) {
    let default = loaded
        .strategy
        .as_ref()
        .map_or(Visibility::Public, |s| s.visibility);
    // Files with errors: their visibility cannot be known, so their names and messages
    // are withheld; they still count as left out.
    let invalid: BTreeSet<String> = loaded.invalid_paths().into_iter().map(str::to_owned).collect();
    let mut renamed = std::collections::HashMap::new();
    for (n, path) in invalid.iter().filter(|p| **p != loaded.strategy_path).enumerate() {
        renamed.insert(path.clone(), withheld_path(n + 1));
    }
    // The internal commitments' ids, which a public one's `depends_on` may not show.
    let internal_ids: HashSet<String> = loaded
        .files
        .iter()
        .filter(|f| !renamed.contains_key(&f.path))
        .filter_map(|f| f.commitment.as_ref())
        .filter(|c| c.visibility.unwrap_or(default) == Visibility::Internal)
        .map(|c| c.id.clone())
        .collect();
    let mut kept = Vec::new();
    for mut f in std::mem::take(&mut loaded.files) {
        if let Some(new) = renamed.get(&f.path) {
            f.path = new.clone();
            f.commitment = None;
            f.text = None;
            kept.push(f);
            continue;
        }
        let Some(c) = &mut f.commitment else {
            kept.push(f);
            continue;
        };
        let own = c.visibility.unwrap_or(default);
        if own == Visibility::Internal {
            out.internal_hidden += 1;
            mark_all(out, &f.path, c);
            loaded.findings.retain(|x| x.path != f.path);
            continue;
        }
        redact(c, own, out);
        let before = c.depends_on.len();
        c.depends_on.retain(|d| !internal_ids.contains(d));
        out.internal_hidden += before - c.depends_on.len();
        kept.push(f);
    }
    loaded.files = kept;
    for finding in &mut loaded.findings {
        if let Some(new) = renamed.get(&finding.path) {
            finding.path = new.clone();
            finding.message = WITHHELD_ERRORS.into();
            finding.hint = None;
            // No place: the line and column would tell something of the file.
            finding.line = 0;
            finding.column = 0;
        }
    }
}

/// Leaves out a public commitment's internal milestones, events, indicators and fields.
fn redact(c: &mut Commitment, own: Visibility, out: &mut Applied) {
    let internal = |v: Option<Visibility>| v.unwrap_or(own) == Visibility::Internal;
    let before = c.milestones.len() + c.events.len() + c.indicators.len();
    for m in c.milestones.iter().filter(|m| internal(m.visibility)) {
        mark(out, &m.id);
        mark(out, &m.title);
        m.note.iter().for_each(|n| mark(out, n));
    }
    for e in c.events.iter().filter(|e| internal(e.visibility)) {
        mark(out, &e.title);
        e.note.iter().for_each(|n| mark(out, n));
    }
    for i in c.indicators.iter().filter(|i| internal(i.visibility)) {
        mark(out, &i.id);
        mark(out, &i.title);
    }
    c.milestones.retain(|m| !internal(m.visibility));
    c.events.retain(|e| !internal(e.visibility));
    c.indicators.retain(|i| !internal(i.visibility));
    out.internal_hidden += before - (c.milestones.len() + c.events.len() + c.indicators.len());
    for field in std::mem::take(&mut c.internal) {
        out.internal_hidden += 1;
        match field.as_str() {
            "owner" => {
                mark(out, &c.owner);
                c.owner = String::new();
            }
            "description" => {
                if let Some(d) = c.description.take() {
                    mark(out, &d);
                }
            }
            "links" => {
                for l in std::mem::take(&mut c.links) {
                    mark(out, &l.title);
                    mark(out, &l.url);
                }
            }
            "tags" => {
                for t in std::mem::take(&mut c.tags) {
                    mark(out, &t);
                }
            }
            "depends_on" => c.depends_on.clear(),
            _ => {}
        }
    }
    // Assessments of what is left stay; their notes are public text.
}

/// What a public output must not show of a history: the internal commitments,
/// milestones and fields of every version the history knows, and their texts.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// The strategy's visibility for items that do not say theirs.
    default: Visibility,
    ids: HashSet<String>,
    milestones: HashSet<(String, String)>,
    fields: HashSet<(String, String)>,
    /// The texts no public output may hold.
    pub markers: BTreeSet<String>,
}

impl Secrets {
    /// Whether there is nothing to leave out: no internal commitment, milestone or field.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.milestones.is_empty() && self.fields.is_empty()
    }

    /// The secrets of a walk: of every commitment's last version, those removed since
    /// included (an internal commitment stays internal after it is gone).
    pub fn of_walk(default: Visibility, w: &crate::history::Walk) -> Self {
        Secrets::of(
            default,
            w.known
                .values()
                .chain(w.retired.values())
                .map(|l| (l.path.as_str(), &l.commitment)),
        )
    }

    /// The secrets of these versions of commitments (path and commitment), with the
    /// strategy's default visibility.
    pub fn of<'a>(
        default: Visibility,
        versions: impl IntoIterator<Item = (&'a str, &'a Commitment)>,
    ) -> Self {
        let mut s = Secrets {
            default,
            ..Secrets::default()
        };
        let mut out = Applied::default();
        for (path, c) in versions {
            let own = c.visibility.unwrap_or(default);
            if own == Visibility::Internal {
                s.ids.insert(c.id.clone());
                mark_all(&mut out, path, c);
                continue;
            }
            let mut copy = c.clone();
            for m in c
                .milestones
                .iter()
                .filter(|m| m.visibility.unwrap_or(own) == Visibility::Internal)
            {
                s.milestones.insert((c.id.clone(), m.id.clone()));
            }
            for f in &c.internal {
                s.fields.insert((c.id.clone(), f.clone()));
            }
            redact(&mut copy, own, &mut out);
        }
        s.markers = out.markers;
        s
    }

    /// Whether a public output may show this change. Not one of a file whose
    /// commitment is not known (broken since it came): its visibility cannot be told,
    /// so, as for a file with errors in `status`, nothing of it is shown.
    pub fn keeps(&self, c: &crate::compare::Change) -> bool {
        use crate::compare::ChangeKind;
        let Some(id) = &c.commitment else {
            return false;
        };
        if self.ids.contains(id) || self.leaks(&c.path) {
            return false;
        }
        if let Some(m) = &c.milestone
            && self.milestones.contains(&(id.clone(), m.clone()))
        {
            return false;
        }
        let field = match c.kind {
            ChangeKind::OwnerChanged => Some("owner"),
            _ => c.field.as_deref(),
        };
        if field.is_some_and(|f| self.fields.contains(&(id.clone(), f.to_owned()))) {
            return false;
        }
        let shows =
            |v: &Option<crate::compare::Value>| v.as_ref().is_some_and(|v| self.leaks(&v.to_string()));
        !(shows(&c.from) || shows(&c.to))
    }

    /// Whether `text` holds a secret.
    pub fn leaks(&self, text: &str) -> bool {
        self.markers.iter().any(|m| text.contains(m.as_str()))
    }

    /// Leaves out of a walk's last versions of commitments the internal ones, and of
    /// the others their internal milestones, events, indicators and fields: what is
    /// matched against filters, or offered as "did you mean", is then what a public
    /// output may show.
    pub fn redact_versions(&self, w: &mut crate::history::Walk) {
        let mut out = Applied::default();
        for versions in [&mut w.known, &mut w.retired] {
            versions.retain(|_, l| l.commitment.visibility.unwrap_or(self.default) != Visibility::Internal);
            for l in versions.values_mut() {
                let own = l.commitment.visibility.unwrap_or(self.default);
                redact(&mut l.commitment, own, &mut out);
            }
        }
    }

    /// Leaves out of a walk every change a public output may not show, withholds the
    /// commit subjects and reasons that name a secret, and returns how many changes
    /// were left out. Its last versions of commitments are redacted as by
    /// [`Secrets::redact_versions`].
    pub fn filter_walk(&self, w: &mut crate::history::Walk) -> usize {
        self.redact_versions(w);
        let before = w.events.len();
        w.events.retain_mut(|e| self.shows(e));
        w.touches.retain(|t| !self.leaks(&t.path));
        // The files' last commits (the "not reported on" section) show subjects too.
        for t in &mut w.touches {
            self.withhold(&mut t.commit);
        }
        before - w.events.len()
    }

    /// Whether a public output may show this event; if so, its commit's subject and
    /// reason are withheld where they name a secret.
    pub fn shows(&self, e: &mut crate::history::Event) -> bool {
        if !self.keeps(&e.change) {
            return false;
        }
        // What was wrong with a file may quote any of it, or name another file.
        if e.change.kind == crate::compare::ChangeKind::Invalid {
            e.change.to = Some(crate::compare::Value::Text(WITHHELD_ERRORS.into()));
        }
        if let Some(c) = &mut e.commit {
            self.withhold(c);
        }
        true
    }

    /// Withholds a commit's subject and reason where they name a secret.
    fn withhold(&self, c: &mut std::sync::Arc<crate::git::CommitInfo>) {
        if self.leaks(&c.subject) || c.reason.as_deref().is_some_and(|r| self.leaks(r)) {
            let mut info = (**c).clone();
            info.subject = self.subject(&info.subject);
            info.reason = info.reason.filter(|r| !self.leaks(r));
            *c = std::sync::Arc::new(info);
        }
    }

    /// A commit subject as a public output may show it.
    pub fn subject(&self, s: &str) -> String {
        if self.leaks(s) {
            "(subject withheld: it names internal items)".to_owned()
        } else {
            s.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Content, RawFile, Source};
    use std::sync::Arc;

    fn raw(path: &str, text: &str) -> RawFile {
        RawFile {
            path: path.into(),
            content: Content::Bytes {
                data: Arc::from(text.as_bytes()),
                blob: None,
            },
        }
    }

    fn loaded() -> Loaded {
        let strategy = "id: s\ntitle: S\npillars:\n  - {id: p, title: P}\n";
        let public = "id: open\ntitle: Open work\npillar: p\nowner: Unit SECRETOWNER\ninternal: [owner]\nmilestones:\n  - id: m1\n    title: Visible step\n    due: 2026-01-01\n    done: 2025-12-01\n    confidence: low\n  - id: m2\n    title: Hidden step SECRETSTEP\n    due: 2026-02-01\n    visibility: internal\n";
        let internal = "id: covert\ntitle: Covert SECRETTITLE\npillar: p\nowner: U\nvisibility: internal\nmilestones:\n  - id: m1\n    title: T\n    due: 2026-01-01\n";
        Loaded::for_report(
            "strategy",
            vec![
                raw("strategy/strategy.yaml", strategy),
                raw("strategy/p/open.yaml", public),
                raw("strategy/p/covert-SECRETPATH.yaml", internal),
                raw("strategy/p/broken-SECRETBROKEN.yaml", "id: [x\n"),
            ],
            Source::Files,
        )
    }

    #[test]
    fn public_leaves_out_internal_items_and_fields_and_withholds_broken_files() {
        let mut l = loaded();
        let applied = apply(
            &mut l,
            Lens {
                audience: Visibility::Public,
                min_confidence: None,
            },
        );
        // The internal commitment, the internal milestone and the internal owner.
        assert_eq!(applied.internal_hidden, 3);
        let all = format!("{:?}", (&l.files, &l.findings));
        for marker in [
            "SECRETOWNER",
            "SECRETSTEP",
            "SECRETTITLE",
            "SECRETPATH",
            "SECRETBROKEN",
        ] {
            assert!(!all.contains(marker), "{marker} leaked: {all}");
        }
        assert!(applied.leaks("a subject naming Covert SECRETTITLE"));
        // The broken file still counts as left out, under a neutral name.
        assert!(l.invalid_paths().contains("(file 1 with errors)"));
    }

    #[test]
    fn internal_shows_everything() {
        let mut l = loaded();
        let before = format!("{:?}", l.files);
        let applied = apply(&mut l, Lens::default_internal());
        assert_eq!(applied.internal_hidden, 0);
        assert_eq!(format!("{:?}", l.files), before);
    }

    #[test]
    fn a_minimum_confidence_sets_aside_weaker_done_dates() {
        let mut l = loaded();
        let applied = apply(
            &mut l,
            Lens {
                audience: Visibility::Internal,
                min_confidence: Some(Confidence::Medium),
            },
        );
        assert_eq!(applied.set_aside, 1);
        let open = l
            .files
            .iter()
            .find_map(|f| f.commitment.as_ref().filter(|c| c.id == "open"))
            .unwrap();
        assert_eq!(open.milestones[0].done, None);
    }

    impl Lens {
        fn default_internal() -> Self {
            Lens {
                audience: Visibility::Internal,
                min_confidence: None,
            }
        }
    }
}
