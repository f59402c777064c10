//! The ecosystem graph: the one model every analysis reads. Nodes are the map's services and
//! cohorts; edges are referral (service → service) and entry (cohort → service), the links route
//! walking follows. Whether each cohort may use each service is decided once per distinct attribute
//! profile and eligibility ([`crate::eligibility::profiles`]), not stored as an edge per cohort and
//! service. Funding, delivery and rule use are read from the map itself (`funders_of_service`,
//! the service's `provider`, its `eligibility`), where they already are, typed and in file order.
//!
//! The petgraph graph is private; analyses use the typed queries below, and an analysis that
//! needs a different graph for its algorithm builds its own.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::eligibility::profiles::Table;
use crate::eligibility::{Reason, Ternary, Verdict, evaluate_attributes, evaluate_widened};
use crate::model::{Cohort, Commissioner, FundingLine, Map, Service};

/// Positions in the map's tables: `Node::Service(3)` is the fourth service in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Service(usize),
    Cohort(usize),
}

/// What links two nodes.
#[derive(Debug, Clone)]
pub enum Edge {
    /// service → service: the second takes referrals from the first.
    Refers,
    /// cohort → service: the cohort first shows up there.
    Enters,
}

/// A map with its graph.
#[derive(Debug)]
pub struct Ecosystem {
    pub map: Map,
    graph: DiGraph<Node, Edge>,
    nodes: IndexMap<Node, NodeIndex>,
    /// Whether each cohort may use each service, now and after starting work.
    eligibility: Table,
    /// Read from the graph once, as route walking asks for them again and again: for each
    /// service, the services taking referrals from it, and those it takes referrals from; for
    /// each cohort, its entry points. Each list in file order, without repeats.
    referral_targets: Vec<Vec<usize>>,
    referral_sources: Vec<Vec<usize>>,
    entry_points: Vec<Vec<usize>>,
    /// The services taking self-referrals, in file order.
    self_referrals: Vec<usize>,
    /// For each stage, the services offering it, in file order.
    offering: BTreeMap<String, Vec<usize>>,
    /// The services in order of id, and each one's place in that order: the order the sharing of
    /// places takes services in, so that its answer does not depend on the map's order.
    by_id: Vec<usize>,
    id_rank: Vec<usize>,
}

#[cfg(test)]
impl Ecosystem {
    /// The ecosystem of a map written out in a test, as one file that must read and check with no
    /// error.
    pub(crate) fn of_yaml(yaml: &str) -> Ecosystem {
        use crate::load::{self, Sources};
        use crate::validate::{Options, validate};
        let mut sources = Sources::default();
        sources.add("test.yaml", yaml);
        let (files, parse) = load::parse(&sources);
        assert!(!parse.has_errors(), "{parse:?}");
        let (map, diagnostics) = validate(sources, files, Options::default());
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        Ecosystem::new(map)
    }
}

impl Ecosystem {
    /// Builds the graph of a valid map.
    pub fn new(map: Map) -> Ecosystem {
        let eligibility = Table::new(&map);
        Ecosystem::with_eligibility(map, eligibility)
    }

    /// The ecosystem of `map`, a copy of this one's map with services taken away and the
    /// funding or places of others changed (what `what-if` and `contracts` make): the cohorts,
    /// rules and every remaining service's eligibility are this map's, so each verdict is taken
    /// from this map's table instead of decided again.
    pub fn changed(&self, map: Map) -> Ecosystem {
        let kept: Vec<Option<usize>> = map
            .services
            .keys()
            .map(|id| self.map.services.get_index_of(id))
            .collect();
        debug_assert!(map.services.values().zip(&kept).all(|(s, k)| {
            k.and_then(|k| self.map.services.get_index(k))
                .is_some_and(|(_, before)| before.eligibility == s.eligibility)
        }));
        let eligibility = self.eligibility.for_services(&kept);
        Ecosystem::with_eligibility(map, eligibility)
    }

    fn with_eligibility(map: Map, eligibility: Table) -> Ecosystem {
        let mut graph = DiGraph::new();
        let mut nodes = IndexMap::new();
        let mut add = |graph: &mut DiGraph<Node, Edge>, n: Node| {
            let ix = graph.add_node(n);
            nodes.insert(n, ix);
        };
        (0..map.services.len()).for_each(|i| add(&mut graph, Node::Service(i)));
        (0..map.cohorts.len()).for_each(|i| add(&mut graph, Node::Cohort(i)));
        let node = |kind: fn(usize) -> Node, i: Option<usize>| {
            i.and_then(|i| nodes.get(&kind(i)).copied())
        };

        let mut edges: Vec<(NodeIndex, NodeIndex, Edge)> = Vec::new();
        for (si, s) in map.services.values().enumerate() {
            let Some(me) = node(Node::Service, Some(si)) else {
                continue;
            };
            for from in &s.referral.from {
                if let Some(a) = node(Node::Service, map.services.get_index_of(from)) {
                    edges.push((a, me, Edge::Refers));
                }
            }
        }
        for (ci, c) in map.cohorts.values().enumerate() {
            let Some(me) = node(Node::Cohort, Some(ci)) else {
                continue;
            };
            for e in &c.enters_via {
                if let Some(b) = node(Node::Service, map.services.get_index_of(e)) {
                    edges.push((me, b, Edge::Enters));
                }
            }
        }
        for (a, b, e) in edges {
            graph.add_edge(a, b, e);
        }
        let mut eco = Ecosystem {
            map,
            graph,
            nodes,
            eligibility,
            referral_targets: Vec::new(),
            referral_sources: Vec::new(),
            entry_points: Vec::new(),
            self_referrals: Vec::new(),
            offering: BTreeMap::new(),
            by_id: Vec::new(),
            id_rank: Vec::new(),
        };
        let mut by_id: Vec<usize> = (0..eco.map.services.len()).collect();
        by_id.sort_by(|&a, &b| eco.service(a).id.cmp(&eco.service(b).id));
        eco.id_rank = vec![0; by_id.len()];
        for (k, &s) in by_id.iter().enumerate() {
            eco.id_rank[s] = k;
        }
        eco.by_id = by_id;
        for (i, s) in eco.map.services.values().enumerate() {
            for stage in &s.stages {
                let list = eco.offering.entry(stage.as_str().to_owned()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        eco.self_referrals = (eco.map.services.values().enumerate())
            .filter(|(_, s)| s.referral.self_referral)
            .map(|(i, _)| i)
            .collect();
        let refers = |e: &Edge| matches!(e, Edge::Refers);
        let services = 0..eco.map.services.len();
        eco.referral_targets = services
            .clone()
            .map(|s| eco.neighbours(Node::Service(s), Direction::Outgoing, refers))
            .collect();
        eco.referral_sources = services
            .map(|s| eco.neighbours(Node::Service(s), Direction::Incoming, refers))
            .collect();
        eco.entry_points = (0..eco.map.cohorts.len())
            .map(|c| {
                eco.neighbours(Node::Cohort(c), Direction::Outgoing, |e| {
                    matches!(e, Edge::Enters)
                })
            })
            .collect();
        eco
    }

    fn ix(&self, n: Node) -> Option<NodeIndex> {
        self.nodes.get(&n).copied()
    }

    /// Whether the cohort may use the service now.
    pub fn verdict(&self, cohort: usize, service: usize) -> Ternary {
        self.eligibility.now(cohort, service)
    }

    /// Whether the cohort may use the service once its people have started work.
    pub fn verdict_after(&self, cohort: usize, service: usize) -> Ternary {
        self.eligibility.after(cohort, service)
    }

    /// The service's eligibility among the map's distinct ones: services of the same one give
    /// every cohort the same verdict ([`Ecosystem::explain`]) for the same reasons.
    pub fn eligibility_class(&self, service: usize) -> Option<usize> {
        self.eligibility.class(service)
    }

    /// Whether the cohort may use the service now, and the terms that decided it.
    pub fn explain(&self, cohort: usize, service: usize) -> Verdict {
        match (
            self.map.cohorts.get_index(cohort),
            self.map.services.get_index(service),
        ) {
            (Some((_, c)), Some((_, s))) => {
                evaluate_attributes(&s.eligibility, &c.attributes, &self.map.rules)
            }
            _ => Verdict::open(),
        }
    }

    /// Whether the cohort may use the service once its people have started work, and why.
    pub fn explain_after(&self, cohort: usize, service: usize) -> Verdict {
        match (
            self.eligibility.attributes_after(cohort),
            self.map.services.get_index(service),
        ) {
            (Some(attributes), Some((_, s))) => {
                evaluate_attributes(&s.eligibility, attributes, &self.map.rules)
            }
            _ => Verdict::open(),
        }
    }

    /// What is left of the cohort's verdict at the service once the terms `widened` are widened to
    /// let it in ([`crate::eligibility::evaluate_widened`]), on the cohort as it is now or, with
    /// `after_start`, as it will be once its people have started work.
    pub fn explain_widened(
        &self,
        cohort: usize,
        service: usize,
        after_start: bool,
        widened: &[Reason],
    ) -> Verdict {
        let attributes = match after_start {
            true => self.eligibility.attributes_after(cohort),
            false => self
                .map
                .cohorts
                .get_index(cohort)
                .map(|(_, c)| &c.attributes),
        };
        match (attributes, self.map.services.get_index(service)) {
            (Some(attributes), Some((_, s))) => {
                evaluate_widened(&s.eligibility, attributes, &self.map.rules, widened)
            }
            _ => Verdict::open(),
        }
    }

    /// Services that take referrals from `service`, in file order.
    pub fn referral_targets(&self, service: usize) -> &[usize] {
        self.referral_targets
            .get(service)
            .map_or(&[], Vec::as_slice)
    }

    /// Services that `service` takes referrals from, in file order.
    pub fn referral_sources(&self, service: usize) -> &[usize] {
        self.referral_sources
            .get(service)
            .map_or(&[], Vec::as_slice)
    }

    /// The services offering `stage`, in file order.
    pub fn offering(&self, stage: &str) -> &[usize] {
        self.offering.get(stage).map_or(&[], Vec::as_slice)
    }

    /// The services where the cohort first shows up, in file order.
    pub fn entry_points(&self, cohort: usize) -> &[usize] {
        self.entry_points.get(cohort).map_or(&[], Vec::as_slice)
    }

    /// The services next to a node along the edges `keep` accepts, read from the graph; sorted
    /// (file order) and without repeats.
    fn neighbours(&self, n: Node, dir: Direction, keep: impl Fn(&Edge) -> bool) -> Vec<usize> {
        let Some(ix) = self.ix(n) else {
            return Vec::new();
        };
        let mut out: Vec<usize> = self
            .graph
            .edges_directed(ix, dir)
            .filter(|e| keep(e.weight()))
            .filter_map(|e| {
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                match self.graph[other] {
                    Node::Service(s) => Some(s),
                    _ => None,
                }
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The funding lines of a service or commissioner with the commissioner each comes from.
    pub fn funders_of_service(&self, service: usize) -> Vec<(usize, &FundingLine)> {
        let Some((_, s)) = self.map.services.get_index(service) else {
            return Vec::new();
        };
        s.funding
            .iter()
            .filter_map(|f| self.map.commissioners.get_index_of(&f.from).map(|c| (c, f)))
            .collect()
    }

    /// Who funds a commissioner: (funder, line).
    pub fn funders_of_commissioner(&self, commissioner: usize) -> Vec<(usize, &FundingLine)> {
        let Some((_, c)) = self.map.commissioners.get_index(commissioner) else {
            return Vec::new();
        };
        c.funded_by
            .iter()
            .filter_map(|f| self.map.commissioners.get_index_of(&f.from).map(|c| (c, f)))
            .collect()
    }

    /// Walks referral links from `starts`, entering only services `accept` allows; returns every
    /// service reached with the one it was reached from (`None` for a start), in the order found.
    /// Breadth first, so each chain is a shortest one; ties go to the earlier service in file order.
    pub fn walk_referrals(
        &self,
        starts: &[usize],
        accept: impl Fn(usize) -> bool,
    ) -> IndexMap<usize, Option<usize>> {
        let mut reached: IndexMap<usize, Option<usize>> = IndexMap::new();
        let mut queue = std::collections::VecDeque::new();
        for &s in starts {
            if accept(s) && !reached.contains_key(&s) {
                reached.insert(s, None);
                queue.push_back(s);
            }
        }
        while let Some(s) = queue.pop_front() {
            for &next in self.referral_targets(s) {
                if !reached.contains_key(&next) && accept(next) {
                    reached.insert(next, Some(s));
                    queue.push_back(next);
                }
            }
        }
        reached
    }

    /// The services a cohort can start a route at: its entry points and every service taking
    /// self-referrals, in file order (only those it is eligible for are walked from).
    pub fn route_starts(&self, cohort: usize) -> Vec<usize> {
        let entries = self.entry_points(cohort);
        let mut starts = entries.to_vec();
        starts.extend(
            self.self_referrals
                .iter()
                .copied()
                .filter(|s| !entries.contains(s)),
        );
        starts
    }

    /// The services in order of id.
    pub fn services_by_id(&self) -> &[usize] {
        &self.by_id
    }

    /// Service `i`'s place among the services in order of id.
    pub fn id_rank(&self, i: usize) -> usize {
        self.id_rank.get(i).copied().unwrap_or(usize::MAX)
    }

    pub fn service(&self, i: usize) -> &Service {
        &self.map.services[i]
    }

    pub fn cohort(&self, i: usize) -> &Cohort {
        &self.map.cohorts[i]
    }

    pub fn commissioner(&self, i: usize) -> &Commissioner {
        &self.map.commissioners[i]
    }

    pub fn service_ix(&self, id: &str) -> Option<usize> {
        self.map.services.get_index_of(id)
    }

    pub fn cohort_ix(&self, id: &str) -> Option<usize> {
        self.map.cohorts.get_index_of(id)
    }

    /// Checks the graph's invariants; tests call it. Returns what is broken.
    #[doc(hidden)]
    pub fn verify(&self) -> Vec<String> {
        let mut broken = Vec::new();
        let m = &self.map;
        let expected_nodes = m.services.len() + m.cohorts.len();
        if self.graph.node_count() != expected_nodes {
            broken.push(format!(
                "{} nodes for {expected_nodes} entities",
                self.graph.node_count()
            ));
        }
        for c in 0..m.cohorts.len() {
            for s in 0..m.services.len() {
                if self.verdict(c, s) != self.explain(c, s).value {
                    broken.push(format!(
                        "the eligibility table and the rules disagree for cohort {c} and service {s}"
                    ));
                }
            }
        }
        for e in self.graph.edge_references() {
            let (a, b) = (self.graph[e.source()], self.graph[e.target()]);
            let ok = match e.weight() {
                Edge::Refers => matches!((a, b), (Node::Service(x), Node::Service(y)) if x != y),
                Edge::Enters => matches!((a, b), (Node::Cohort(_), Node::Service(_))),
            };
            if !ok {
                broken.push(format!("edge {:?} joins {a:?} to {b:?}", e.weight()));
            }
        }
        let refers = |e: &Edge| matches!(e, Edge::Refers);
        for s in 0..m.services.len() {
            if self.referral_targets(s)
                != self.neighbours(Node::Service(s), Direction::Outgoing, refers)
                || self.referral_sources(s)
                    != self.neighbours(Node::Service(s), Direction::Incoming, refers)
            {
                broken.push(format!(
                    "the referral lists of service {s} differ from the graph"
                ));
            }
        }
        for c in 0..m.cohorts.len() {
            let entries = self.neighbours(Node::Cohort(c), Direction::Outgoing, |e| {
                matches!(e, Edge::Enters)
            });
            if self.entry_points(c) != entries {
                broken.push(format!(
                    "the entry points of cohort {c} differ from the graph"
                ));
            }
        }
        broken
    }
}
