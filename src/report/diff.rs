//! The net difference between two reporting points (`tracker diff`): changes by
//! commitment and milestone id, and progress per pillar at both points.

use super::period::FilterInfo;
use super::scope::{ScopeChange, scope_change};
use super::status::{Filter, Totals, build as build_status};
use crate::compare::{Change, Located, Snapshot};
use crate::load::Loaded;
use crate::model::Commitment;
use chrono::NaiveDate;
use serde::Serialize;

/// Progress of one pillar at both points.
#[derive(Debug, Clone, Serialize)]
pub struct PillarProgress {
    /// The pillar, or the whole strategy.
    #[serde(flatten)]
    pub scope: super::Scope,
    /// Title.
    pub title: String,
    /// Progress at FROM; null without milestones.
    pub progress_from: Option<f64>,
    /// Progress at TO.
    pub progress_to: Option<f64>,
    /// Milestones done at FROM.
    pub done_from: usize,
    /// Milestones done at TO.
    pub done_to: usize,
    /// Milestones in all at FROM.
    pub total_from: usize,
    /// Milestones in all at TO.
    pub total_to: usize,
    /// Files left out at FROM.
    pub left_out_from: usize,
    /// Files left out at TO.
    pub left_out_to: usize,
    /// Milestones achieved, added to and removed from the plan between the points.
    #[serde(rename = "scope")]
    pub plan: ScopeChange,
}

impl PillarProgress {
    /// A row with nothing but its plan change (the rest is filled in by the builder).
    fn with_scope(plan: ScopeChange) -> Self {
        PillarProgress {
            scope: super::Scope::Whole,
            title: String::new(),
            progress_from: None,
            progress_to: None,
            done_from: 0,
            done_to: 0,
            total_from: 0,
            total_to: 0,
            left_out_from: 0,
            left_out_to: 0,
            plan,
        }
    }
}

/// The report of `tracker diff`.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// What FROM resolved to (date and commit).
    pub from: String,
    /// What TO resolved to.
    pub to: String,
    /// FROM for people: `2026-01-01 (as recorded on 2025-12-30)`.
    #[serde(skip)]
    pub from_title: String,
    /// TO for people.
    #[serde(skip)]
    pub to_title: String,
    /// The commit FROM was read from, if any.
    pub from_commit: Option<String>,
    /// The commit TO was read from; null for the working tree.
    pub to_commit: Option<String>,
    /// Day FROM stands for.
    pub from_date: NaiveDate,
    /// Day TO stands for.
    pub to_date: NaiveDate,
    /// Net changes between the two states.
    #[serde(serialize_with = "super::events::public_changes")]
    pub changes: Vec<Change>,
    /// Whether every commitment file could be read at both points.
    pub complete: bool,
    /// Files left out at FROM because of errors.
    pub skipped_from: Vec<super::Skipped>,
    /// Files left out at TO because of errors.
    pub skipped_to: Vec<super::Skipped>,
    /// Progress per pillar then and now; the last entry is the whole strategy's.
    pub pillars: Vec<PillarProgress>,
    /// Who the output is for.
    pub audience: crate::model::Visibility,
    /// Internal items and fields left out at TO of a public output.
    pub internal_hidden: usize,
    /// The filters applied.
    pub filter: FilterInfo,
    /// For a roll-up: the sources that could not be read, which every figure leaves out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources_left_out: Vec<String>,
}

/// The valid commitments of a loaded strategy, by id.
pub fn snapshot(loaded: &Loaded) -> Snapshot {
    loaded
        .valid_commitments()
        .into_iter()
        .map(|(path, c)| {
            let located = Located {
                path: path.to_owned(),
                commitment: c.clone(),
            };
            (c.id.clone(), located)
        })
        .collect()
}

/// Builds the diff report between two loaded states, each with the day it stands for,
/// of the commitments `filter` matches: each by its version at TO, or, for one gone by
/// then, by its version at FROM (`report::filter`).
pub fn diff(from: (&Loaded, NaiveDate), to: (&Loaded, NaiveDate), filter: &FilterInfo) -> DiffReport {
    let (mut old, mut new) = (snapshot(from.0), snapshot(to.0));
    let wanted = filter.filter();
    if !wanted.is_empty() {
        let mut ids = wanted.ids(new.values().map(|l| &l.commitment), to.1);
        ids.extend(
            wanted.ids(
                old.values()
                    .filter(|l| !new.contains_key(&l.commitment.id))
                    .map(|l| &l.commitment),
                from.1,
            ),
        );
        old.retain(|id, _| ids.contains(id));
        new.retain(|id, _| ids.contains(id));
    }
    let (mut from_kept, mut to_kept);
    let (from, to) = if wanted.is_empty() {
        (from, to)
    } else {
        let ids: std::collections::HashSet<String> = old.keys().chain(new.keys()).cloned().collect();
        from_kept = from.0.clone();
        to_kept = to.0.clone();
        super::filter::restrict(&mut from_kept, &ids);
        super::filter::restrict(&mut to_kept, &ids);
        ((&from_kept, from.1), (&to_kept, to.1))
    };
    // Only the pillars asked for get a row.
    let rows = Filter {
        pillars: filter.pillars.clone(),
        ..Filter::default()
    };
    let changes = crate::compare::diff(&old, &new);
    let status = |(loaded, day): (&Loaded, NaiveDate)| {
        loaded
            .strategy
            .as_ref()
            .map(|s| build_status(s, loaded, day, &rows))
    };
    let (a, b) = (status(from), status(to));
    let of_pillar = |snap: &Snapshot, pillar: Option<&str>| -> Vec<Commitment> {
        snap.values()
            .filter(|l| pillar.is_none_or(|p| l.commitment.pillar == p))
            .map(|l| l.commitment.clone())
            .collect()
    };
    let scope =
        |pillar: Option<&str>| scope_change(&of_pillar(&old, pillar), from.1, &of_pillar(&new, pillar), to.1);
    let row = |scope_id: super::Scope, title: &str, t: Option<&Totals>, n: &Totals| {
        let pillar = match &scope_id {
            super::Scope::Pillar(p) => Some(p.clone()),
            super::Scope::Whole => None,
        };
        PillarProgress {
            title: title.to_owned(),
            progress_from: t.and_then(|t| t.progress),
            progress_to: n.progress,
            done_from: t.map_or(0, |t| t.milestones_done),
            done_to: n.milestones_done,
            total_from: t.map_or(0, |t| t.milestones_total),
            total_to: n.milestones_total,
            left_out_from: t.map_or(0, |t| t.left_out),
            left_out_to: n.left_out,
            scope: scope_id,
            ..PillarProgress::with_scope(scope(pillar.as_deref()))
        }
    };
    let mut pillars = Vec::new();
    if let Some(b) = &b {
        for p in &b.pillars {
            let t = a
                .as_ref()
                .and_then(|a| a.pillars.iter().find(|q| q.id == p.id))
                .map(|q| &q.totals);
            pillars.push(row(super::Scope::Pillar(p.id.clone()), &p.title, t, &p.totals));
        }
        pillars.push(row(
            super::Scope::Whole,
            &b.strategy.title,
            a.as_ref().map(|a| &a.totals),
            &b.totals,
        ));
    }
    let (skipped_from, skipped_to) = (super::skipped(from.0), super::skipped(to.0));
    DiffReport {
        from: from.0.source.label(),
        to: to.0.source.label(),
        from_title: from.0.source.title(),
        to_title: to.0.source.title(),
        from_commit: from.0.source.commit_id().map(str::to_owned),
        to_commit: to.0.source.commit_id().map(str::to_owned),
        from_date: from.1,
        to_date: to.1,
        changes,
        complete: skipped_from.is_empty() && skipped_to.is_empty(),
        skipped_from,
        skipped_to,
        pillars,
        audience: crate::model::Visibility::Internal,
        internal_hidden: 0,
        filter: filter.clone(),
        sources_left_out: Vec::new(),
    }
}
