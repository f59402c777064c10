//! The `overlap` view: the services that offer the same stage to the same cohort, joined by a
//! double line for each overlap the overlap analysis found, labelled with its rank and the
//! cohort-stages the two share. Overlaps the map accepts are dashed and say so.
//!
//! Order: services in map order; overlaps in ranking order (see `analysis::overlap::RANKING`),
//! so a pair with some cohort-stages accepted and some not has two lines.

use super::{Attrs, Diagram, Legend, key, look, wrap};
use crate::analysis::diagram::DiagramInputs;
use crate::analysis::overlap::Overlap;
use crate::graph::Ecosystem;

const WIDTH: usize = 26;

pub(super) fn draw(eco: &Ecosystem, inputs: &DiagramInputs) -> Diagram {
    let m = &eco.map;
    let overlaps = inputs.overlaps();
    let mut d = Diagram::new(
        &format!("{} overlaps", m.area.name),
        Attrs::new()
            .with(
                "label",
                &format!(
                    "{}: services offering the same stage to the same cohort",
                    m.area.name
                ),
            )
            .with("rankdir", "LR"),
    );
    for s in m.services.values() {
        if overlaps.iter().any(|o| o.services.contains(&s.id)) {
            d.node(
                &key::service(s.id.as_str()),
                look::service().with("label", &format!("{}\n({})", wrap(&s.name, WIDTH), s.model)),
            );
        }
    }
    if overlaps.is_empty() {
        d.node(
            "no overlaps",
            Attrs::new().with("shape", "note").with(
                "label",
                "No overlaps: no two services offer\nthe same stage to the same cohort.",
            ),
        );
    }
    for o in overlaps {
        let [a, b] = &o.services;
        d.edge(
            &key::service(a.as_str()),
            &key::service(b.as_str()),
            look::overlap(o.accepted).with("label", &label(o)),
        );
    }

    Legend::new()
        .node("service\n(model)", look::service())
        .edge(
            "overlap for review:\n#rank, cohort: stages shared",
            look::overlap(false),
        )
        .edge("overlap the map\naccepts", look::overlap(true))
        .add_to(&mut d);
    d
}

/// `#3` (or `#12 accepted`), then one line per cohort: `cohort-id: stage, stage`, cohorts in
/// map order.
fn label(o: &Overlap) -> String {
    let mut lines: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in &o.shared {
        match lines.iter_mut().find(|(c, _)| *c == s.cohort.as_str()) {
            Some((_, stages)) => stages.push(s.stage.as_str()),
            None => lines.push((s.cohort.as_str(), vec![s.stage.as_str()])),
        }
    }
    let mut out = format!("#{}", o.rank);
    if o.accepted {
        out.push_str(" accepted");
    }
    for (c, stages) in lines {
        out.push_str(&format!("\n{c}: {}", stages.join(", ")));
    }
    out
}
