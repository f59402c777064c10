//! Routes: for each cohort and each stage it needs, the services that offer the stage, that the
//! cohort is eligible for, and that it can reach, each with the referral chain that gets there.
//!
//! A route starts where the cohort enters (`enters_via`) or at any service that takes
//! self-referrals, and passes only through services the cohort is eligible for (undetermined
//! eligibility never makes a route). Chains are shortest; ties go to services earlier in the map.

use indexmap::IndexMap;

use crate::eligibility::Ternary;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};

/// How a chain begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// At one of the cohort's entry points.
    Entry,
    /// At a service people can walk into.
    SelfReferral,
}

/// One way a cohort reaches a service offering a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The service that offers the stage.
    pub service: Id,
    /// Service ids from where the cohort starts to `service`, both included.
    pub chain: Vec<Id>,
    pub start: Start,
}

impl Route {
    /// `gp → cmht → ips`.
    pub fn path(&self) -> String {
        self.chain
            .iter()
            .map(Id::as_str)
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

/// Every service each cohort can reach, with the service it was reached from on a shortest chain.
#[derive(Debug, Clone)]
pub struct Reach {
    per_cohort: Vec<IndexMap<usize, Option<usize>>>,
    entries: Vec<Vec<usize>>,
}

impl Reach {
    /// Walks every cohort's referral chains.
    pub fn compute(eco: &Ecosystem) -> Reach {
        let n = eco.map.cohorts.len();
        Reach {
            per_cohort: (0..n).map(|c| eco.reachable(c)).collect(),
            entries: (0..n).map(|c| eco.entry_points(c).to_vec()).collect(),
        }
    }

    /// Whether the cohort can reach the service.
    pub fn reaches(&self, cohort: usize, service: usize) -> bool {
        self.per_cohort
            .get(cohort)
            .is_some_and(|r| r.contains_key(&service))
    }

    /// The services the cohort reaches, in the order found (nearest first).
    pub fn reached(&self, cohort: usize) -> impl Iterator<Item = usize> + '_ {
        self.per_cohort
            .get(cohort)
            .into_iter()
            .flat_map(|r| r.keys().copied())
    }

    /// The chain from a start to `service`, as service positions; empty if unreachable.
    pub fn chain(&self, cohort: usize, service: usize) -> Vec<usize> {
        let Some(tree) = self.per_cohort.get(cohort) else {
            return Vec::new();
        };
        let mut chain = Vec::new();
        let mut at = Some(service);
        while let Some(s) = at {
            let Some(parent) = tree.get(&s) else {
                return Vec::new();
            };
            chain.push(s);
            at = *parent;
            if chain.len() > tree.len() {
                break;
            }
        }
        chain.reverse();
        chain
    }

    /// The route to `service`, if the cohort reaches it.
    pub fn route(&self, eco: &Ecosystem, cohort: usize, service: usize) -> Option<Route> {
        let chain = self.chain(cohort, service);
        let first = *chain.first()?;
        let start = if self.entries.get(cohort).is_some_and(|e| e.contains(&first)) {
            Start::Entry
        } else {
            Start::SelfReferral
        };
        Some(Route {
            service: eco.service(service).id.clone(),
            chain: chain.iter().map(|&s| eco.service(s).id.clone()).collect(),
            start,
        })
    }

    /// The services offering `stage` that the cohort reaches (and so is eligible for), in map order.
    pub fn options(&self, eco: &Ecosystem, cohort: usize, stage: &str) -> Vec<usize> {
        let mut opts: Vec<usize> = self
            .reached(cohort)
            .filter(|&s| eco.service(s).offers(stage))
            .collect();
        opts.sort_unstable();
        opts
    }
}

/// A cohort's routes to one stage it needs.
#[derive(Debug, Clone)]
pub struct StageRoutes {
    pub cohort: Id,
    pub stage: StageId,
    /// People needing the stage: size × share, to the nearest person.
    pub need: f64,
    /// Shortest first, then in map order.
    pub routes: Vec<Route>,
}

/// The routes of every cohort to every stage it needs: cohorts in map order, each cohort's stages in
/// the order of its `needs`.
pub fn routes(eco: &Ecosystem, reach: &Reach) -> Vec<StageRoutes> {
    let mut out = Vec::new();
    for (ci, c) in eco.map.cohorts.values().enumerate() {
        for stage in c.needs.keys() {
            let mut routes: Vec<Route> = reach
                .options(eco, ci, stage.as_str())
                .into_iter()
                .filter_map(|s| reach.route(eco, ci, s))
                .collect();
            routes.sort_by_key(|r| r.chain.len());
            out.push(StageRoutes {
                cohort: c.id.clone(),
                stage: stage.clone(),
                need: c.need(stage.as_str()),
                routes,
            });
        }
    }
    out
}

/// Whether a cohort's eligibility for a service is a firm yes.
pub fn eligible(eco: &Ecosystem, cohort: usize, service: usize) -> bool {
    eco.verdict(cohort, service) == Ternary::Yes
}
