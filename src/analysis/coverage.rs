//! Coverage: for each cohort and each stage it needs, its routes and how well they serve it — the
//! view behind `ecomap routes` and the report's cohort × stage table. Built from routes, the
//! sharing of places and the gaps; recomputes none of them.
//!
//! Cohorts in map order, each cohort's stages in the order of its `needs`; the table's stages are
//! those some cohort needs, in the map's stage order.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::capacity::{Allocation, Capacity, Supply};
use super::gaps::{Gap, GapKind, Gaps};
use super::routes::{Reach, Route, cohort_routes};
use crate::eligibility::Ternary;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};

/// How a cohort-stage stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Routes, and places for everyone needing the stage.
    Covered,
    /// Routes, but a service on them states no capacity.
    CapacityUnknown,
    /// A gap of this kind.
    Gap(GapKind),
}

impl Status {
    /// As written in output: `covered`, `capacity-unknown`, or the gap's kind.
    pub fn name(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::CapacityUnknown => "capacity-unknown",
            Status::Gap(k) => k.name(),
        }
    }

    /// Whether the cohort-stage has at least one route.
    pub fn has_route(self) -> bool {
        matches!(
            self,
            Status::Covered | Status::CapacityUnknown | Status::Gap(GapKind::Capacity)
        )
    }
}

/// One cohort-stage.
#[derive(Debug, Clone)]
pub struct StageCoverage {
    pub cohort: Id,
    pub stage: StageId,
    /// People needing the stage.
    pub need: f64,
    pub status: Status,
    /// Shortest first, then in map order.
    pub routes: Vec<Route>,
    /// People given a place when places are shared ([`super::capacity`]: the most people served,
    /// split as fairly as that allows); `None` where there is no route or a service on the
    /// routes states no capacity.
    pub served: Option<f64>,
    /// Services offering the stage whose eligibility is undetermined for the cohort: settling it
    /// might add a route. Map order.
    pub undetermined: Vec<Id>,
}

/// One cohort's row.
#[derive(Debug, Clone)]
pub struct CohortCoverage {
    pub cohort: Id,
    pub name: String,
    pub size: u64,
    pub enters_via: Vec<Id>,
    pub stages: Vec<StageCoverage>,
}

impl CohortCoverage {
    /// The cell for a stage, if the cohort needs it.
    pub fn stage(&self, stage: &str) -> Option<&StageCoverage> {
        self.stages.iter().find(|s| s.stage.as_str() == stage)
    }
}

/// The cohort × stage table.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Stages some cohort needs, in the map's stage order.
    pub stages: Vec<StageId>,
    pub cohorts: Vec<CohortCoverage>,
}

impl Coverage {
    /// Every cohort-stage, row by row.
    pub fn cells(&self) -> impl Iterator<Item = &StageCoverage> {
        self.cohorts.iter().flat_map(|c| c.stages.iter())
    }
}

/// Builds the table.
pub fn coverage(eco: &Ecosystem, reach: &Reach, capacity: &Capacity, gaps: &Gaps) -> Coverage {
    let m = &eco.map;
    let stages: Vec<StageId> = m
        .stages
        .keys()
        .filter(|s| m.cohorts.values().any(|c| c.needs_stage(s.as_str())))
        .cloned()
        .collect();
    // Looked up by (cohort, stage) rather than searched for each cell.
    let allocation: BTreeMap<(&str, &str), &Allocation> = capacity
        .allocations
        .iter()
        .map(|a| ((a.cohort.as_str(), a.stage.as_str()), a))
        .collect();
    let mut gap_of: BTreeMap<(&str, &str), &Gap> = BTreeMap::new();
    for g in &gaps.gaps {
        // The first, as `Gaps::find` gives.
        gap_of
            .entry((g.cohort.as_str(), g.stage.as_str()))
            .or_insert(g);
    }
    // Each cohort's routes and cells are its own: worked out on every core, in cohort order.
    let cohorts = (0..m.cohorts.len())
        .into_par_iter()
        .map(|ci| {
            let c = eco.cohort(ci);
            let stages = cohort_routes(eco, reach, ci)
                .into_iter()
                .map(|r| {
                    let key = (c.id.as_str(), r.stage.as_str());
                    let alloc = allocation.get(&key).copied();
                    let status = match gap_of.get(&key) {
                        Some(g) => Status::Gap(g.kind),
                        None if alloc.is_some_and(|a| a.supply == Supply::Unknown) => {
                            Status::CapacityUnknown
                        }
                        None => Status::Covered,
                    };
                    let served = alloc
                        .filter(|a| matches!(a.supply, Supply::Met | Supply::Short))
                        .map(|a| a.served);
                    let undetermined = (eco.offering(r.stage.as_str()).iter())
                        .filter(|&&s| eco.verdict(ci, s) == Ternary::Unknown)
                        .map(|&s| eco.service(s).id.clone())
                        .collect();
                    StageCoverage {
                        cohort: c.id.clone(),
                        stage: r.stage.clone(),
                        need: r.need,
                        status,
                        routes: r.routes,
                        served,
                        undetermined,
                    }
                })
                .collect();
            CohortCoverage {
                cohort: c.id.clone(),
                name: c.name.clone(),
                size: c.size,
                enters_via: c.enters_via.clone(),
                stages,
            }
        })
        .collect();
    Coverage { stages, cohorts }
}
