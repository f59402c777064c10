//! The map as a network of typed nodes and edges, for graph tools (Gephi, yEd, Kumu): every
//! commissioner, provider, service, cohort, named rule and stage a node, every funding line,
//! delivery, referral, entry point, eligibility, rule, stage offered or needed and overlap an
//! edge, each with the figures and outcomes a tool can size, colour or filter by.
//!
//! One network feeds the GraphML, GEXF and Kumu writers, so the three agree. This module reads the
//! model and the results of the gap and overlap analyses; it decides nothing (no verdict, gap or
//! overlap is worked out here) and knows no output format.

use crate::analysis::diff::{condition_words, eligibility_words};
use crate::analysis::gaps::GapKind;
use crate::analysis::overlap::Overlaps;
use crate::analysis::report::{GapFindings, find_gaps_showing, find_overlaps};
use crate::eligibility::Ternary;
use crate::graph::Ecosystem;
use crate::model::{Cohort, Condition, Eligibility, FundingLine, Id, Service, Source};
use crate::money::Money;

mod attrs;
pub mod gexf;
pub mod graphml;
pub mod kumu;
pub mod xml;

pub use attrs::{AttrDecl, AttrType, EDGE_ATTRS, NODE_ATTRS, Value};

/// A node: its id in the file (`service:ips`: the kind, a colon, the map id), its label (the
/// entity's name) and its attributes, declared in [`NODE_ATTRS`].
#[derive(Debug, Clone)]
pub struct NetNode {
    pub id: String,
    pub kind: &'static str,
    pub label: String,
    pub attrs: Vec<(&'static str, Value)>,
}

/// An edge: its relation, ends, whether the relation has a direction (an overlap has none: Kumu
/// draws it so; GraphML and GEXF write every edge directed, for readers that refuse mixed graphs),
/// a short label and its attributes, declared in [`EDGE_ATTRS`].
#[derive(Debug, Clone)]
pub struct NetEdge {
    pub id: String,
    pub source: String,
    pub target: String,
    pub relation: &'static str,
    pub directed: bool,
    pub label: String,
    pub attrs: Vec<(&'static str, Value)>,
}

/// The whole network of a map.
#[derive(Debug, Clone)]
pub struct Network {
    /// One line about the network: the area, its period and the currency of its amounts.
    pub description: String,
    pub nodes: Vec<NetNode>,
    pub edges: Vec<NetEdge>,
}

/// A node's id: the kind, a colon, the map id. Ids are unique across a map's entities, but a
/// map's own stage may share its id with nothing else only by convention, so the kind keeps them
/// apart.
pub fn node_id(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

fn text(name: &'static str, value: impl Into<String>) -> (&'static str, Value) {
    (name, Value::Text(value.into()))
}

fn whole(name: &'static str, value: impl TryInto<i64>) -> (&'static str, Value) {
    (name, Value::Whole(value.try_into().unwrap_or(i64::MAX)))
}

fn source(s: &Option<Source>) -> Option<(&'static str, Value)> {
    s.as_ref().map(|s| text("citation", s.citation.clone()))
}

/// The named rules a condition refers to directly.
fn rules_named(c: &Condition, out: &mut Vec<Id>) {
    match c {
        Condition::Rule(r) => out.push(r.clone()),
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| rules_named(c, out)),
        Condition::Not(c) => rules_named(c, out),
        Condition::Attribute { .. } => {}
    }
}

/// Builds the network of a valid map. Nodes: commissioners, providers, services, cohorts, rules,
/// then the stages offered or needed, each in map order. Edges: funding (to commissioners, then to services), delivery,
/// referral, entry, eligibility, rules, stages offered, stages needed, then overlaps in ranking
/// order; each group in map order. Edge ids are `e1`, `e2`, … in that order.
pub fn network(eco: &Ecosystem) -> Network {
    let m = &eco.map;
    // The gaps as attributes of their cohorts: no gap's blockers are worked out.
    let found = find_gaps_showing(eco, Some(0));
    let overlaps = find_overlaps(eco);
    let mut nodes = Vec::new();
    nodes_of_entities(eco, &found, &overlaps, &mut nodes);
    let mut b = Edges::default();
    funding_edges(eco, &mut b);
    for s in m.services.values() {
        if let Some(p) = &s.provider {
            b.push(
                node_id("provider", p.as_str()),
                node_id("service", s.id.as_str()),
                "delivers",
                "delivers",
                Vec::new(),
            );
        }
    }
    for s in m.services.values() {
        for from in &s.referral.from {
            b.push(
                node_id("service", from.as_str()),
                node_id("service", s.id.as_str()),
                "refers",
                "refers to",
                Vec::new(),
            );
        }
    }
    for c in m.cohorts.values() {
        for e in &c.enters_via {
            b.push(
                node_id("cohort", c.id.as_str()),
                node_id("service", e.as_str()),
                "enters",
                "enters via",
                Vec::new(),
            );
        }
    }
    for (ci, c) in m.cohorts.values().enumerate() {
        for (si, s) in m.services.values().enumerate() {
            let verdict = match eco.verdict(ci, si) {
                Ternary::Yes => "eligible",
                Ternary::Unknown => "undetermined",
                Ternary::No => continue,
            };
            b.push(
                node_id("cohort", c.id.as_str()),
                node_id("service", s.id.as_str()),
                "eligible",
                verdict,
                vec![text("verdict", verdict)],
            );
        }
    }
    rule_edges(eco, &mut b);
    stage_edges(eco, &found, &mut b);
    overlap_edges(&overlaps, &mut b);
    let period = m
        .area
        .period
        .as_deref()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    Network {
        description: format!(
            "{}{period}: the delivery ecosystem of employment support, from ecomap. Amounts are per year in {}.",
            m.area.name,
            m.currency()
        ),
        nodes,
        edges: b.edges,
    }
}

fn nodes_of_entities(
    eco: &Ecosystem,
    found: &GapFindings,
    overlaps: &Overlaps,
    nodes: &mut Vec<NetNode>,
) {
    let m = &eco.map;
    let given = |id: &Id| -> Money {
        let to_services = m.services.values().flat_map(|s| &s.funding);
        let to_commissioners = m.commissioners.values().flat_map(|c| &c.funded_by);
        to_services
            .chain(to_commissioners)
            .filter(|f| &f.from == id)
            .map(|f| f.amount)
            .sum()
    };
    for c in m.commissioners.values() {
        let mut attrs = vec![
            text("commissioner_kind", c.kind.clone()),
            (
                "funding_in",
                Value::Money(c.funded_by.iter().map(|f| f.amount).sum()),
            ),
            ("funding_out", Value::Money(given(&c.id))),
        ];
        attrs.extend(source(&c.source));
        nodes.push(node("commissioner", &c.id, &c.name, attrs));
    }
    for p in m.providers.values() {
        let mut attrs = vec![text("sector", p.sector.clone())];
        attrs.extend(source(&p.source));
        nodes.push(node("provider", &p.id, &p.name, attrs));
    }
    for s in m.services.values() {
        nodes.push(node("service", &s.id, &s.name, service_attrs(s, overlaps)));
    }
    for c in m.cohorts.values() {
        nodes.push(node("cohort", &c.id, &c.name, cohort_attrs(c, found)));
    }
    for r in m.rules.values() {
        let words = condition_words(&r.condition);
        let description = match &r.description {
            Some(d) => format!("{d} ({words})"),
            None => words,
        };
        let mut attrs = vec![text("description", description)];
        attrs.extend(source(&r.source));
        nodes.push(node("rule", &r.id, r.id.as_str(), attrs));
    }
    // Only the stages some service offers or someone in some cohort needs: the others would
    // stand alone.
    let used = |id: &Id| {
        m.services.values().any(|s| s.stages.contains(id))
            || m.cohorts.values().any(|c| c.needs_stage(id.as_str()))
    };
    for s in m.stages.values().filter(|s| used(&s.id)) {
        nodes.push(node("stage", &s.id, &s.name, Vec::new()));
    }
}

/// A service's attributes: model, stages, capacity, funding, and the services it overlaps for
/// review.
fn service_attrs(s: &Service, overlaps: &Overlaps) -> Vec<(&'static str, Value)> {
    let mut attrs = vec![
        text("model", s.model.clone()),
        text("stages", join(&s.stages)),
    ];
    if let Some(p) = s.capacity.people_per_year {
        attrs.push(whole("places", p));
    }
    if let Some(w) = s.capacity.wte {
        attrs.push(("wte", Value::Double(w)));
    }
    if let Some(f) = s.fidelity {
        attrs.push(("fidelity", Value::Double(f)));
    }
    attrs.push(("self_referral", Value::Boolean(s.referral.self_referral)));
    attrs.push(("funding_in", Value::Money(s.spend())));
    let mut partners: Vec<&Id> = Vec::new();
    for o in overlaps.overlaps.iter().filter(|o| o.is_concern()) {
        let other = match &o.services {
            [a, b] if a == &s.id => b,
            [a, b] if b == &s.id => a,
            _ => continue,
        };
        if !partners.contains(&other) {
            partners.push(other);
        }
    }
    attrs.push(whole("overlaps", partners.len()));
    if !partners.is_empty() {
        let ids: Vec<&str> = partners.iter().map(|i| i.as_str()).collect();
        attrs.push(text("overlaps_with", ids.join(", ")));
    }
    attrs.extend(source(&s.source));
    attrs
}

/// A cohort's attributes: size, stages needed, and its gaps.
fn cohort_attrs(c: &Cohort, found: &GapFindings) -> Vec<(&'static str, Value)> {
    let gaps: Vec<_> = found.gaps.of_cohort(&c.id).collect();
    let no_route = gaps.iter().filter(|g| g.kind != GapKind::Capacity);
    let kinds: Vec<String> = gaps
        .iter()
        .map(|g| format!("{}: {}", g.stage, g.kind.name()))
        .collect();
    let mut attrs = vec![
        whole("size", c.size),
        text("stages", join(c.stages_needed())),
        whole("gaps", no_route.clone().count()),
        whole("short_of_places", gaps.len() - no_route.clone().count()),
        // People are counted once: the largest need among the stages without a route.
        (
            "people_without_route",
            Value::Double(no_route.map(|g| g.people).fold(0.0, f64::max)),
        ),
    ];
    if !kinds.is_empty() {
        attrs.push(text("gap_kinds", kinds.join("; ")));
    }
    attrs.extend(source(&c.source));
    attrs
}

fn node(kind: &'static str, id: &Id, label: &str, attrs: Vec<(&'static str, Value)>) -> NetNode {
    let mut all = vec![text("kind", kind), text("map_id", id.as_str())];
    all.extend(attrs);
    NetNode {
        id: node_id(kind, id.as_str()),
        kind,
        label: label.to_owned(),
        attrs: all,
    }
}

fn join<'a>(ids: impl IntoIterator<Item = &'a Id>) -> String {
    ids.into_iter()
        .map(Id::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Edges in the order they are added, numbered `e1`, `e2`, ….
#[derive(Debug, Default)]
struct Edges {
    edges: Vec<NetEdge>,
}

impl Edges {
    fn push(
        &mut self,
        source: String,
        target: String,
        relation: &'static str,
        label: &str,
        attrs: Vec<(&'static str, Value)>,
    ) {
        self.add(source, target, relation, true, label, attrs);
    }

    fn add(
        &mut self,
        source: String,
        target: String,
        relation: &'static str,
        directed: bool,
        label: &str,
        attrs: Vec<(&'static str, Value)>,
    ) {
        let mut all = vec![text("relation", relation)];
        all.extend(attrs);
        self.edges.push(NetEdge {
            id: format!("e{}", self.edges.len() + 1),
            source,
            target,
            relation,
            directed,
            label: label.to_owned(),
            attrs: all,
        });
    }
}

fn funding_attrs(f: &FundingLine) -> Vec<(&'static str, Value)> {
    let mut attrs = vec![("amount", Value::Money(f.amount))];
    if let Some(d) = f.contract.start {
        attrs.push(text("contract_start", d.to_string()));
    }
    if let Some(d) = f.contract.end {
        attrs.push(text("contract_end", d.to_string()));
    }
    attrs.extend(source(&f.source));
    attrs
}

fn funding_edges(eco: &Ecosystem, b: &mut Edges) {
    let m = &eco.map;
    let cur = m.currency();
    for c in m.commissioners.values() {
        for f in &c.funded_by {
            b.push(
                node_id("commissioner", f.from.as_str()),
                node_id("commissioner", c.id.as_str()),
                "funds",
                &f.amount.display(cur).to_string(),
                funding_attrs(f),
            );
        }
    }
    for s in m.services.values() {
        for f in &s.funding {
            b.push(
                node_id("commissioner", f.from.as_str()),
                node_id("service", s.id.as_str()),
                "funds",
                &f.amount.display(cur).to_string(),
                funding_attrs(f),
            );
        }
    }
}

fn rule_edges(eco: &Ecosystem, b: &mut Edges) {
    let m = &eco.map;
    for s in m.services.values() {
        let mut named = Vec::new();
        match &s.eligibility {
            Eligibility::Open => {}
            Eligibility::Rule(r) => named.push(r.clone()),
            Eligibility::Inline(c) => rules_named(c, &mut named),
        }
        named.dedup();
        for r in named {
            b.push(
                node_id("rule", r.as_str()),
                node_id("service", s.id.as_str()),
                "gates",
                &eligibility_words(&s.eligibility),
                Vec::new(),
            );
        }
    }
    for r in m.rules.values() {
        let mut named = Vec::new();
        rules_named(&r.condition, &mut named);
        named.dedup();
        for used in named {
            b.push(
                node_id("rule", r.id.as_str()),
                node_id("rule", used.as_str()),
                "uses",
                "uses",
                Vec::new(),
            );
        }
    }
}

fn stage_edges(eco: &Ecosystem, found: &GapFindings, b: &mut Edges) {
    let m = &eco.map;
    for s in m.services.values() {
        for st in &s.stages {
            b.push(
                node_id("service", s.id.as_str()),
                node_id("stage", st.as_str()),
                "offers",
                "offers",
                Vec::new(),
            );
        }
    }
    // Each cohort-stage (a stage no one in the cohort needs is not one).
    for c in m.cohorts.values() {
        for (stage, share) in c.needs.iter().filter(|(s, _)| c.needs_stage(s.as_str())) {
            let cell = found
                .coverage
                .cells()
                .find(|cell| cell.cohort == c.id && &cell.stage == stage);
            let mut attrs = vec![
                ("share", Value::Double(share.get())),
                ("people", Value::Double(c.need(stage.as_str()))),
            ];
            let outcome = cell.map_or("covered", |cell| cell.status.name());
            attrs.push(text("outcome", outcome));
            if let Some(g) = found.gaps.find(c.id.as_str(), stage.as_str()) {
                attrs.push(("people_without", Value::Double(g.people)));
            }
            b.push(
                node_id("cohort", c.id.as_str()),
                node_id("stage", stage.as_str()),
                "needs",
                &format!("needs: {outcome}"),
                attrs,
            );
        }
    }
}

fn overlap_edges(overlaps: &Overlaps, b: &mut Edges) {
    for o in &overlaps.overlaps {
        let [a, z] = &o.services;
        let shared: Vec<String> = o
            .shared
            .iter()
            .map(|s| format!("{}/{}", s.cohort, s.stage))
            .collect();
        let label = if o.accepted {
            "overlap (accepted)"
        } else {
            "overlap"
        };
        b.add(
            node_id("service", a.as_str()),
            node_id("service", z.as_str()),
            "overlaps",
            false,
            label,
            vec![
                ("people", Value::Double(o.people)),
                whole("score", o.reason.score),
                whole("rank", o.rank),
                ("accepted", Value::Boolean(o.accepted)),
                text("shared", shared.join(", ")),
            ],
        );
    }
}
