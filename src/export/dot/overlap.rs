//! The `overlap` view: the services that offer the same stage to the same cohort, joined by a
//! double line labelled with the cohort-stages they share. An overlap the partnership has
//! accepted (every cohort-stage of it) is dashed.
//!
//! Order: services in map order; pairs in the order of
//! [`Marks::overlaps`](crate::analysis::diagram::Marks).

use super::{Attrs, Diagram, Legend, key, look, wrap};
use crate::analysis::diagram::DiagramInputs;
use crate::graph::Ecosystem;

const WIDTH: usize = 26;

pub(super) fn draw(eco: &Ecosystem, inputs: &DiagramInputs) -> Diagram {
    let m = &eco.map;
    let overlaps = &inputs.marks.overlaps;
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
        if overlaps
            .iter()
            .any(|o| o.services.0 == s.id || o.services.1 == s.id)
        {
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
        // One line per cohort: `cohort-id: stage, stage (accepted)`, cohorts in map order.
        let mut lines: Vec<(String, Vec<String>)> = Vec::new();
        for s in &o.shared {
            let word = if s.accepted {
                format!("{} (accepted)", s.stage)
            } else {
                s.stage.to_string()
            };
            match lines.iter_mut().find(|(c, _)| c == s.cohort.as_str()) {
                Some((_, stages)) => stages.push(word),
                None => lines.push((s.cohort.to_string(), vec![word])),
            }
        }
        let label: Vec<String> = lines
            .into_iter()
            .map(|(c, stages)| format!("{c}: {}", stages.join(", ")))
            .collect();
        d.edge(
            &key::service(o.services.0.as_str()),
            &key::service(o.services.1.as_str()),
            look::overlap(o.all_accepted()).with("label", &label.join("\n")),
        );
    }

    Legend::new()
        .node("service\n(model)", look::service())
        .edge("overlap: cohort: stages shared", look::overlap(false))
        .edge("overlap the partnership\naccepts", look::overlap(true))
        .add_to(&mut d);
    d
}
