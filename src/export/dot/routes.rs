//! The `routes` view: one cohort, left to right, through the referral chains it can follow to
//! each stage it needs. Each stage is a hexagon; a stage with no route gets a red dashed line
//! from the cohort labelled with the kind of gap; a stage whose places run short gets a thick
//! double frame.
//!
//! Order: the cohort, its stages in `needs` order, then the services on its routes in map order;
//! edges in the order routes list them (stages in `needs` order, shortest route first), each
//! drawn once.

use indexmap::IndexSet;

use super::{Attrs, Diagram, Legend, key, look, wrap};
use crate::analysis::coverage::{StageCoverage, Status};
use crate::analysis::diagram::DiagramInputs;
use crate::analysis::gaps::GapKind;
use crate::analysis::routes::Start;
use crate::export::text::people;
use crate::graph::Ecosystem;

const WIDTH: usize = 26;

pub(super) fn draw(eco: &Ecosystem, inputs: &DiagramInputs, cohort: usize) -> Diagram {
    let c = eco.cohort(cohort);
    let mut d = Diagram::new(
        &format!("routes of {}", c.id),
        Attrs::new()
            .with(
                "label",
                &format!("Routes to support: {}", wrap(&c.name, 60)),
            )
            .with("rankdir", "LR"),
    );
    let me = key::cohort(c.id.as_str());
    d.node(
        &me,
        look::cohort().with(
            "label",
            &format!("{}\n{} people", wrap(&c.name, WIDTH), people(c.size)),
        ),
    );

    let mine: &[StageCoverage] = inputs
        .report
        .coverage
        .cohorts
        .iter()
        .find(|row| row.cohort == c.id)
        .map_or(&[], |row| row.stages.as_slice());
    for r in mine {
        d.node(
            &key::stage(r.stage.as_str()),
            stage_node(eco, inputs, cohort, r),
        );
    }

    let mut services: Vec<usize> = mine
        .iter()
        .flat_map(|r| &r.routes)
        .flat_map(|route| &route.chain)
        .filter_map(|id| eco.service_ix(id.as_str()))
        .collect();
    services.sort_unstable();
    services.dedup();
    for s in services {
        let svc = eco.service(s);
        d.node(
            &key::service(svc.id.as_str()),
            look::service().with("label", &wrap(&svc.name, WIDTH)),
        );
    }

    for (from, to, kind) in edges(&me, mine) {
        let attrs = match kind {
            Line::Entry => look::entry(),
            Line::SelfReferral => look::self_referral(),
            Line::Referral => look::referral(),
            Line::Offers => look::offers(),
        };
        d.edge(&from, &to, attrs);
    }
    for g in inputs.no_route(&c.id) {
        gap_edge(&mut d, &me, &key::stage(g.stage.as_str()), g.kind.name());
    }
    legend().add_to(&mut d);
    d
}

/// A stage the cohort needs: how many need it, and whether its places run short or are unknown.
fn stage_node(eco: &Ecosystem, inputs: &DiagramInputs, cohort: usize, r: &StageCoverage) -> Attrs {
    let stage_name = eco.map.stage_name(r.stage.as_str());
    let mut label = format!("{}\n{} need it", wrap(stage_name, WIDTH), people(r.need));
    let mut attrs = look::stage();
    match r.status {
        Status::Gap(GapKind::Capacity) => {
            let without = inputs
                .report
                .gaps
                .find(eco.cohort(cohort).id.as_str(), r.stage.as_str())
                .map_or(0.0, |g| g.people);
            label.push_str(&format!("\nshort of places: {} without", people(without)));
            attrs = attrs.and(look::short());
        }
        Status::CapacityUnknown => label.push_str("\nplaces unknown"),
        _ => {}
    }
    attrs.with("label", &label)
}

/// The routes' lines `(from, to, kind)` from the cohort `me`: each once, in the order first met.
fn edges(me: &str, mine: &[StageCoverage]) -> IndexSet<(String, String, Line)> {
    let mut edges: IndexSet<(String, String, Line)> = IndexSet::new();
    for r in mine {
        for route in &r.routes {
            let Some(first) = route.chain.first() else {
                continue;
            };
            let start = match route.start {
                Start::Entry => Line::Entry,
                Start::SelfReferral => Line::SelfReferral,
            };
            edges.insert((me.to_owned(), key::service(first.as_str()), start));
            for pair in route.chain.windows(2) {
                edges.insert((
                    key::service(pair[0].as_str()),
                    key::service(pair[1].as_str()),
                    Line::Referral,
                ));
            }
            edges.insert((
                key::service(route.service.as_str()),
                key::stage(r.stage.as_str()),
                Line::Offers,
            ));
        }
    }
    edges
}

fn legend() -> Legend {
    Legend::new()
        .node("cohort", look::cohort())
        .node("service", look::service())
        .node("stage needed", look::stage())
        .node("stage short of places", look::stage().and(look::short()))
        .edge("enters via", look::entry())
        .edge("refers itself", look::self_referral())
        .edge("referral", look::referral())
        .edge("offers the stage", look::offers())
        .edge("gap (its kind)", look::gap())
}

/// The lines of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Line {
    Entry,
    SelfReferral,
    Referral,
    Offers,
}

/// A gap: a red dashed line from the cohort to the stage it cannot reach, labelled with the
/// kind of gap as the gaps analysis names it (`unreachable`, `not-eligible`, …).
fn gap_edge(d: &mut Diagram, cohort: &str, stage: &str, kind: &str) {
    d.edge(cohort, stage, look::gap().with("label", kind));
}
