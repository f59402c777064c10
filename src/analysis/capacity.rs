//! Sharing places between cohorts: for each stage, a maximum flow from cohorts (their need) through
//! the services they can reach (unbounded) to the sink (each service's places). This serves as many
//! people as possible, not first come first served. A place is one person through every stage a
//! service gives, so each stage's flow may use all of a service's places.
//!
//! A maximum flow alone leaves open how a shortfall falls between cohorts competing for the same
//! full services: any split serving the same total is as large. The flow here is built by
//! progressive filling: the cohort with the smallest share of its need served so far gets the next
//! places, along an augmenting path that may move other cohorts to other services but never takes
//! places from them. It ends when no cohort has an augmenting path, which is a maximum flow; and
//! cohorts short of places at the same services end with about the same share of their need served
//! (to within 1/1000 of each need, or one person). Ties go to the cohort earlier in the map.
//!
//! Services with no stated capacity are taken to have room for everyone who can reach them; a
//! cohort-stage that can use one is marked `capacity unknown`, never short.
//!
//! The flow network is private to this module: the model graph is not bent to fit the algorithm.

use std::collections::BTreeMap;

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
    // (cohort, stage) → its allocation, to put them in the order of the cohorts' needs.
    let mut found: BTreeMap<(usize, &str), Allocation> = BTreeMap::new();
    for stage in stages {
        for (ci, a) in flow_for_stage(eco, reach, stage, &mut services) {
            found.entry((ci, stage.as_str())).or_insert(a);
        }
    }
    for (ci, c) in m.cohorts.values().enumerate() {
        for stage in c.needs.keys() {
            if let Some(a) = found.remove(&(ci, stage.as_str())) {
                allocations.push(a);
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

/// A flow network as adjacency lists of residual edges: edge `e` and `e ^ 1` are each other's
/// reverse.
struct Network {
    /// (to, residual capacity)
    edges: Vec<(usize, u64)>,
    adjacent: Vec<Vec<usize>>,
}

impl Network {
    fn new(nodes: usize) -> Network {
        Network {
            edges: Vec::new(),
            adjacent: vec![Vec::new(); nodes],
        }
    }

    /// Adds an edge and returns its index; its flow is the residual of `index ^ 1`.
    fn add(&mut self, from: usize, to: usize, capacity: u64) -> usize {
        let e = self.edges.len();
        self.edges.push((to, capacity));
        self.edges.push((from, 0));
        self.adjacent[from].push(e);
        self.adjacent[to].push(e + 1);
        e
    }

    fn flow(&self, e: usize) -> u64 {
        self.edges[e ^ 1].1
    }

    /// A shortest path with residual capacity from `from` to `to` that avoids `avoid`, as edges.
    fn path(&self, from: usize, to: usize, avoid: usize) -> Option<Vec<usize>> {
        let mut via: Vec<Option<usize>> = vec![None; self.adjacent.len()];
        let mut seen = vec![false; self.adjacent.len()];
        seen[from] = true;
        seen[avoid] = true;
        let mut queue = std::collections::VecDeque::from([from]);
        while let Some(n) = queue.pop_front() {
            for &e in &self.adjacent[n] {
                let (next, residual) = self.edges[e];
                if residual > 0 && !seen[next] {
                    seen[next] = true;
                    via[next] = Some(e);
                    if next == to {
                        let mut path = vec![e];
                        let mut at = n;
                        while at != from {
                            let e = via[at]?;
                            path.push(e);
                            at = self.edges[e ^ 1].0;
                        }
                        path.reverse();
                        return Some(path);
                    }
                    queue.push_back(next);
                }
            }
        }
        None
    }

    fn push(&mut self, path: &[usize], amount: u64) {
        for &e in path {
            self.edges[e].1 -= amount;
            self.edges[e ^ 1].1 += amount;
        }
    }
}

/// Whether `a / b < c / d`, exactly.
fn less(a: u64, b: u64, c: u64, d: u64) -> bool {
    u128::from(a) * u128::from(d) < u128::from(c) * u128::from(b)
}

/// Fills the cohorts' source edges by progressive filling (see the module's documentation).
/// `rows[i]` is (cohort node, source edge, need); returns each row's people served.
fn fill(net: &mut Network, source: usize, sink: usize, rows: &[(usize, usize, u64)]) -> Vec<u64> {
    let mut served = vec![0u64; rows.len()];
    let mut blocked = vec![false; rows.len()];
    loop {
        let open: Vec<usize> = (0..rows.len())
            .filter(|&i| !blocked[i] && served[i] < rows[i].2)
            .collect();
        // The least served in proportion to need; ties to the earlier row.
        let Some(&i) = open.iter().reduce(|best, i| {
            if less(served[*i], rows[*i].2, served[*best], rows[*best].2) {
                i
            } else {
                best
            }
        }) else {
            break;
        };
        let (node, source_edge, need) = rows[i];
        let Some(path) = net.path(node, sink, source) else {
            // No path now means none later: serving others never opens one (their paths avoid
            // everything this cohort can reach).
            blocked[i] = true;
            continue;
        };
        let bottleneck = path.iter().map(|&e| net.edges[e].1).min().unwrap_or(0);
        // Enough to pass the next least served cohort, at least 1/1000 of the need.
        let next = open
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| (served[j], rows[j].2))
            .reduce(|a, b| if less(b.0, b.1, a.0, a.1) { b } else { a });
        let to_pass = next.map_or(need, |(s, n)| {
            let level = u128::from(s) * u128::from(need) / u128::from(n.max(1));
            u64::try_from(level)
                .unwrap_or(need)
                .saturating_sub(served[i])
                + 1
        });
        let amount = to_pass
            .max(need / 1000)
            .max(1)
            .min(bottleneck)
            .min(need - served[i]);
        if amount == 0 {
            blocked[i] = true;
            continue;
        }
        net.push(&path, amount);
        net.edges[source_edge].1 -= amount;
        net.edges[source_edge ^ 1].1 += amount;
        served[i] += amount;
    }
    served
}

fn flow_for_stage(
    eco: &Ecosystem,
    reach: &Reach,
    stage: &StageId,
    uses: &mut Vec<ServiceUse>,
) -> Vec<(usize, Allocation)> {
    let m = &eco.map;
    let needing: Vec<usize> = (0..m.cohorts.len())
        .filter(|&c| eco.cohort(c).needs.contains_key(stage))
        .collect();
    // Nodes: source, sink, one per service, one per cohort needing the stage.
    let (source, sink) = (0, 1);
    let service_node = |s: usize| 2 + s;
    let cohort_node = |k: usize| 2 + m.services.len() + k;
    let mut net = Network::new(2 + m.services.len() + needing.len());
    let mut service_edges: Vec<Option<usize>> = vec![None; m.services.len()];
    for (si, s) in m.services.values().enumerate() {
        if s.offers(stage.as_str()) {
            let places = s.capacity.people_per_year.unwrap_or(UNBOUNDED);
            service_edges[si] = Some(net.add(service_node(si), sink, places));
        }
    }
    struct Row {
        cohort: usize,
        need: u64,
        options: Vec<usize>,
        edges: Vec<(usize, usize)>,
    }
    let mut rows = Vec::new();
    let mut filling = Vec::new();
    for (k, &ci) in needing.iter().enumerate() {
        let need = eco.cohort(ci).need(stage.as_str());
        let options = reach.options(eco, ci, stage.as_str());
        let source_edge = net.add(source, cohort_node(k), need);
        let edges = options
            .iter()
            .map(|&s| (s, net.add(cohort_node(k), service_node(s), UNBOUNDED)))
            .collect();
        filling.push((cohort_node(k), source_edge, need));
        rows.push(Row {
            cohort: ci,
            need,
            options,
            edges,
        });
    }
    let served = fill(&mut net, source, sink, &filling);

    // Services some cohort needing the stage can reach.
    let mut wanted = vec![false; m.services.len()];
    for &s in rows.iter().flat_map(|r| &r.options) {
        wanted[s] = true;
    }
    for (si, s) in m.services.values().enumerate() {
        if let Some(e) = service_edges[si]
            && wanted[si]
        {
            uses.push(ServiceUse {
                service: s.id.clone(),
                stage: stage.clone(),
                places: s.capacity.people_per_year,
                used: net.flow(e),
            });
        }
    }
    rows.into_iter()
        .zip(served)
        .map(|(r, served)| {
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
                    .filter(|(_, e)| net.flow(*e) > 0)
                    .map(|(s, e)| (id(*s), net.flow(*e)))
                    .collect(),
                bottleneck: bottleneck.into_iter().map(id).collect(),
                unknown_capacity: unknown.into_iter().map(id).collect(),
            };
            (r.cohort, alloc)
        })
        .collect()
}
