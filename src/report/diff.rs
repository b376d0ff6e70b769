//! The net difference between two reporting points (`tracker diff`): changes by
//! commitment and milestone id, and progress per pillar at both points.

use super::status::{Filter, build as build_status};
use crate::compare::{Change, Located, Snapshot};
use crate::load::Loaded;
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
}

/// The report of `tracker diff`.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// What FROM resolved to (date and commit).
    pub from: String,
    /// What TO resolved to.
    pub to: String,
    /// Day FROM stands for.
    pub from_date: NaiveDate,
    /// Day TO stands for.
    pub to_date: NaiveDate,
    /// Net changes between the two states.
    #[serde(serialize_with = "super::events::public_changes")]
    pub changes: Vec<Change>,
    /// Progress per pillar then and now; the last entry is the whole strategy's.
    pub pillars: Vec<PillarProgress>,
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

/// Builds the diff report between two loaded states, each with the day it stands for.
pub fn diff(from: (&Loaded, NaiveDate), to: (&Loaded, NaiveDate)) -> DiffReport {
    let changes = crate::compare::diff(&snapshot(from.0), &snapshot(to.0));
    let status = |(loaded, day): (&Loaded, NaiveDate)| {
        loaded
            .strategy
            .as_ref()
            .map(|s| build_status(s, loaded, day, &Filter::default()))
    };
    let (a, b) = (status(from), status(to));
    let mut pillars = Vec::new();
    if let Some(b) = &b {
        let then = |id: &str| {
            a.as_ref()
                .and_then(|a| a.pillars.iter().find(|p| p.id == id))
                .map(|p| &p.totals)
        };
        for p in &b.pillars {
            let t = then(&p.id);
            pillars.push(PillarProgress {
                scope: super::Scope::Pillar(p.id.clone()),
                title: p.title.clone(),
                progress_from: t.and_then(|t| t.progress),
                progress_to: p.totals.progress,
                done_from: t.map_or(0, |t| t.milestones_done),
                done_to: p.totals.milestones_done,
                total_from: t.map_or(0, |t| t.milestones_total),
                total_to: p.totals.milestones_total,
            });
        }
        let at = a.as_ref().map(|a| &a.totals);
        pillars.push(PillarProgress {
            scope: super::Scope::Whole,
            title: b.strategy.title.clone(),
            progress_from: at.and_then(|t| t.progress),
            progress_to: b.totals.progress,
            done_from: at.map_or(0, |t| t.milestones_done),
            done_to: b.totals.milestones_done,
            total_from: at.map_or(0, |t| t.milestones_total),
            total_to: b.totals.milestones_total,
        });
    }
    DiffReport {
        from: from.0.source.label(),
        to: to.0.source.label(),
        from_date: from.1,
        to_date: to.1,
        changes,
        pillars,
    }
}
