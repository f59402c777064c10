//! Sharing places between cohorts: for each stage, a maximum flow from cohorts (their need) through
//! the services they can reach (unbounded) to the sink (each service's places). This serves as many
//! people as possible, not first come first served. A place is one person through every stage a
//! service gives, so each stage's flow may use all of a service's places.
//!
//! Services with no stated capacity are taken to have room for everyone who can reach them; a
//! cohort-stage that can use one is marked `capacity unknown`, never short.
//!
//! The flow network is private to this module: the model graph is not bent to fit the algorithm.

use petgraph::algo::dinics;
use petgraph::graph::{DiGraph, EdgeIndex};
use serde::Serialize;

use super::routes::Reach;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};

/// Whether a cohort's need for a stage is met by the places it can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Supply {
    /// No route: the gap analysis says why.
    NoRoute,
    /// Every person needing the stage has a place.
    Met,
    /// Places ran out: `need - served` people go without.
    Short,
    /// A service the cohort can use has no stated capacity: no shortfall can be claimed.
    Unknown,
}

/// One cohort's share of the places for one stage.
#[derive(Debug, Clone, Serialize)]
pub struct Allocation {
    pub cohort: Id,
    pub stage: StageId,
    pub need: u64,
    /// People given a place.
    pub served: u64,
    pub supply: Supply,
    /// Places taken at each service, in map order (services with none taken are left out).
    pub by_service: Vec<(Id, u64)>,
    /// For a shortfall: the services whose places ran out (the minimum cut), in map order.
    pub bottleneck: Vec<Id>,
    /// Services the cohort can use that have no stated capacity, in map order.
    pub unknown_capacity: Vec<Id>,
}

impl Allocation {
    /// People who need the stage and get no place.
    pub fn shortfall(&self) -> u64 {
        if self.supply == Supply::Short {
            self.need - self.served
        } else {
            0
        }
    }
}

/// How a service's places were used for a stage.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceUse {
    pub service: Id,
    pub stage: StageId,
    pub places: Option<u64>,
    pub used: u64,
}

/// The sharing of places for every cohort-stage, in the order of [`super::routes::routes`], and the
/// use of each service for each stage it offers that someone needs.
#[derive(Debug, Clone, Serialize)]
pub struct Capacity {
    pub allocations: Vec<Allocation>,
    pub services: Vec<ServiceUse>,
}

/// Shares places by maximum flow, stage by stage.
pub fn allocate(eco: &Ecosystem, reach: &Reach) -> Capacity {
    let m = &eco.map;
    let mut allocations = Vec::new();
    let mut services = Vec::new();
    // Stages in the order they are first needed, so output follows the map.
    let mut stages: Vec<&StageId> = Vec::new();
    for c in m.cohorts.values() {
        for s in c.needs.keys() {
            if !stages.contains(&s) {
                stages.push(s);
            }
        }
    }
    let mut per_stage = Vec::new();
    for stage in stages {
        per_stage.push(flow_for_stage(eco, reach, stage, &mut services));
    }
    for (ci, c) in m.cohorts.values().enumerate() {
        for stage in c.needs.keys() {
            if let Some(a) = per_stage
                .iter()
                .flatten()
                .find(|(i, a)| *i == ci && &a.stage == stage)
            {
                allocations.push(a.1.clone());
            }
        }
    }
    Capacity {
        allocations,
        services,
    }
}

/// People no single cohort-stage could exceed; stands in for "no limit" in the flow network.
const UNBOUNDED: u64 = u64::MAX / 4;

fn flow_for_stage(
    eco: &Ecosystem,
    reach: &Reach,
    stage: &StageId,
    uses: &mut Vec<ServiceUse>,
) -> Vec<(usize, Allocation)> {
    let m = &eco.map;
    let mut g: DiGraph<(), u64> = DiGraph::new();
    let source = g.add_node(());
    let sink = g.add_node(());
    let service_nodes: Vec<_> = (0..m.services.len()).map(|_| g.add_node(())).collect();
    let mut service_edges: Vec<Option<EdgeIndex>> = vec![None; m.services.len()];
    for (si, s) in m.services.values().enumerate() {
        if s.offers(stage.as_str()) {
            let places = s.capacity.people_per_year.unwrap_or(UNBOUNDED);
            service_edges[si] = Some(g.add_edge(service_nodes[si], sink, places));
        }
    }
    struct Row {
        cohort: usize,
        need: u64,
        options: Vec<usize>,
        edges: Vec<(usize, EdgeIndex)>,
    }
    let mut rows = Vec::new();
    for (ci, c) in m.cohorts.values().enumerate() {
        if !c.needs.contains_key(stage) {
            continue;
        }
        let need = c.need(stage.as_str());
        let options = reach.options(eco, ci, stage.as_str());
        let node = g.add_node(());
        g.add_edge(source, node, need);
        let edges = options
            .iter()
            .map(|&s| (s, g.add_edge(node, service_nodes[s], UNBOUNDED)))
            .collect();
        rows.push(Row {
            cohort: ci,
            need,
            options,
            edges,
        });
    }
    let (_, flows) = dinics(&g, source, sink);
    let flow = |e: EdgeIndex| flows.get(e.index()).copied().unwrap_or(0);

    for (si, s) in m.services.values().enumerate() {
        if let Some(e) = service_edges[si]
            && rows.iter().any(|r| r.options.contains(&si))
        {
            uses.push(ServiceUse {
                service: s.id.clone(),
                stage: stage.clone(),
                places: s.capacity.people_per_year,
                used: flow(e),
            });
        }
    }
    rows.into_iter()
        .map(|r| {
            let served: u64 = r.edges.iter().map(|(_, e)| flow(*e)).sum();
            let unknown: Vec<usize> = r
                .options
                .iter()
                .copied()
                .filter(|&s| eco.service(s).capacity.people_per_year.is_none())
                .collect();
            let supply = if r.options.is_empty() {
                Supply::NoRoute
            } else if !unknown.is_empty() {
                Supply::Unknown
            } else if served >= r.need {
                Supply::Met
            } else {
                Supply::Short
            };
            // In a maximum flow, a cohort left short can reach only services whose places are all taken.
            let bottleneck = if supply == Supply::Short {
                r.options.clone()
            } else {
                Vec::new()
            };
            let id = |s: usize| eco.service(s).id.clone();
            let alloc = Allocation {
                cohort: eco.cohort(r.cohort).id.clone(),
                stage: stage.clone(),
                need: r.need,
                served: served.min(r.need),
                supply,
                by_service: r
                    .edges
                    .iter()
                    .filter(|(_, e)| flow(*e) > 0)
                    .map(|(s, e)| (id(*s), flow(*e)))
                    .collect(),
                bottleneck: bottleneck.into_iter().map(id).collect(),
                unknown_capacity: unknown.into_iter().map(id).collect(),
            };
            (r.cohort, alloc)
        })
        .collect()
}
