//! The `ecosystem` view: who pays (commissioners, lines as thick as the money), who delivers
//! (providers framing their services), the referral links between services, and the cohorts at
//! the services where they first show up, each marked with its gaps (by kind) and shortfalls.
//! Services in overlaps open for review get a double purple frame and say how many other services
//! they overlap (the `overlap` view draws the pairs: here their lines would hide everything
//! else); overlaps the map accepts are not marked.
//!
//! Left to right: cohorts, the services they enter and are referred through, then the
//! commissioners paying for them (funding lines are laid out from the service to the commissioner
//! and drawn with the arrow at the service, so money still points where it goes).
//!
//! Order: commissioners, then providers with their services, then services with no provider,
//! then cohorts, all in map order; edges after them in the same order.

use std::collections::BTreeMap;

use super::{Attrs, Cluster, Diagram, Legend, key, look, money, pen_for, wrap};
use crate::analysis::diagram::DiagramInputs;
use crate::export::text::people;
use crate::graph::Ecosystem;
use crate::model::{Cohort, Id, Map, Service};
use crate::money::Money;

/// Characters per line in node labels.
const WIDTH: usize = 26;

pub(super) fn draw(eco: &Ecosystem, inputs: &DiagramInputs) -> Diagram {
    let m = &eco.map;
    let mut d = Diagram::new(
        &format!("{} ecosystem", m.area.name),
        Attrs::new()
            .with("label", &format!("{}: the delivery ecosystem", m.area.name))
            .with("rankdir", "LR"),
    );

    for c in m.commissioners.values() {
        d.node(
            &key::commissioner(c.id.as_str()),
            look::commissioner().with("label", &format!("{}\n({})", wrap(&c.name, WIDTH), c.kind)),
        );
    }
    services(&mut d, m, inputs);
    for c in m.cohorts.values() {
        d.node(&key::cohort(c.id.as_str()), cohort_node(c, inputs));
    }
    funding_edges(&mut d, m);
    for s in m.services.values() {
        for from in &s.referral.from {
            d.edge(
                &key::service(from.as_str()),
                &key::service(s.id.as_str()),
                look::referral(),
            );
        }
    }
    for c in m.cohorts.values() {
        for e in &c.enters_via {
            d.edge(
                &key::cohort(c.id.as_str()),
                &key::service(e.as_str()),
                look::entry(),
            );
        }
    }
    legend().add_to(&mut d);
    d
}

/// The services: each provider's in a frame of its own, then those with no provider.
fn services(d: &mut Diagram, m: &Map, inputs: &DiagramInputs) {
    let partners = inputs.overlap_partners();
    let overlapped = |s: &Service| partners.get(&s.id).map_or(0, Vec::len);
    // Each provider's services, in map order, gathered in one pass.
    let mut of_provider: BTreeMap<&Id, Vec<&Service>> = BTreeMap::new();
    for s in m.services.values() {
        if let Some(p) = &s.provider {
            of_provider.entry(p).or_default().push(s);
        }
    }
    for p in m.providers.values() {
        let Some(services) = of_provider.remove(&p.id) else {
            continue;
        };
        let mut c = Cluster::new(
            &format!("provider {}", p.id),
            look::provider().with("label", &wrap(&p.name, 40)),
        );
        for s in services {
            c.node(&key::service(s.id.as_str()), service_node(s, overlapped(s)));
        }
        d.cluster(c);
    }
    for s in m.services.values().filter(|s| s.provider.is_none()) {
        d.node(&key::service(s.id.as_str()), service_node(s, overlapped(s)));
    }
}

/// A cohort with its size, marked with each of its gaps and shortfalls.
fn cohort_node(c: &Cohort, inputs: &DiagramInputs) -> Attrs {
    let mut label = format!("{}\n{} people", wrap(&c.name, WIDTH), people(c.size));
    let mut marked = false;
    for g in inputs.no_route(&c.id) {
        label.push_str(&format!("\n{}: {}", g.kind.name(), g.stage));
        marked = true;
    }
    for g in inputs.short_of_places(&c.id) {
        let served = g
            .shortfall()
            .map_or((g.need - g.people).max(0.0), |s| s.served);
        label.push_str(&format!(
            "\nshort of places: {} ({} of {})",
            g.stage,
            people(served),
            people(g.need)
        ));
        marked = true;
    }
    let attrs = look::cohort().with("label", &label);
    if marked {
        attrs.and(look::short())
    } else {
        attrs
    }
}

/// Funding lines, as thick as their money.
fn funding_edges(d: &mut Diagram, m: &Map) {
    let cur = m.currency();
    let largest: Money = m
        .services
        .values()
        .flat_map(|s| &s.funding)
        .chain(m.commissioners.values().flat_map(|c| &c.funded_by))
        .map(|f| f.amount)
        .max()
        .unwrap_or(Money::ZERO);
    // Money is laid out against the flow (receiver first) so commissioners sit to the right.
    for c in m.commissioners.values() {
        for f in &c.funded_by {
            d.edge(
                &key::commissioner(c.id.as_str()),
                &key::commissioner(f.from.as_str()),
                look::funding(pen_for(f.amount, largest))
                    .with("dir", "back")
                    .with("label", &money(f.amount, cur)),
            );
        }
    }
    for s in m.services.values() {
        for f in &s.funding {
            d.edge(
                &key::service(s.id.as_str()),
                &key::commissioner(f.from.as_str()),
                look::funding(pen_for(f.amount, largest))
                    .with("dir", "back")
                    .with("label", &money(f.amount, cur)),
            );
        }
    }
}

fn legend() -> Legend {
    Legend::new()
        .node("commissioner", look::commissioner())
        .node("service", look::service())
        .node("cohort", look::cohort())
        .node(
            "cohort with a gap\nor short of places",
            look::cohort().and(look::short()),
        )
        .node(
            "service overlapping\nothers, for review\n(see the overlap view)",
            look::service().and(look::overlapping()),
        )
        .node(
            "provider: dashed frame\naround its services",
            look::service().and(look::provider()),
        )
        .edge("funding (width ∝ amount)", look::funding(4.0))
        .edge("referral", look::referral())
        .edge("enters via", look::entry())
}

/// A service's box; `others`: how many services it overlaps in overlaps open for review.
fn service_node(s: &Service, others: usize) -> Attrs {
    let places = s.capacity.people_per_year.map_or_else(
        || "places unknown".to_owned(),
        |p| format!("{} places", people(p)),
    );
    let mut label = format!("{}\n{} · {}", wrap(&s.name, WIDTH), s.model, places);
    let mut attrs = look::service();
    if others > 0 {
        label.push_str(&format!(
            "\noverlaps {others} other service{}",
            if others == 1 { "" } else { "s" }
        ));
        attrs = attrs.and(look::overlapping());
    }
    attrs.with("label", &label)
}
