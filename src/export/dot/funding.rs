//! The `funding` view: money, left to right, from funders through commissioners to services and
//! on to the cohorts they support. Every line is labelled with its amount per year and drawn as
//! thick as its share of the largest. Cohorts no money reaches are drawn with a dashed frame;
//! money that reaches no cohort on the map ends in a note.
//!
//! Order: commissioners, funded services, cohorts, all in map order, then the note; flows in the
//! order of [`FundingFlows`](crate::analysis::diagram::FundingFlows).

use super::{Attrs, Diagram, Legend, key, look, money, pen_for, wrap};
use crate::analysis::diagram::{DiagramInputs, FlowEnd};
use crate::export::text::people;
use crate::graph::Ecosystem;
use crate::money::Money;

const WIDTH: usize = 26;
const UNATTRIBUTED: &str = "unattributed";

pub(super) fn draw(eco: &Ecosystem, inputs: &DiagramInputs) -> Diagram {
    let m = &eco.map;
    let cur = m.currency();
    let flows = &inputs.flows;
    let mut d = Diagram::new(
        &format!("{} funding", m.area.name),
        Attrs::new()
            .with(
                "label",
                &format!("{}: where the money goes (per year)", m.area.name),
            )
            .with("rankdir", "LR"),
    );
    let appears = |end: &FlowEnd| flows.flows.iter().any(|f| &f.from == end || &f.to == end);

    for c in m.commissioners.values() {
        if appears(&FlowEnd::Commissioner(c.id.clone())) {
            d.node(
                &key::commissioner(c.id.as_str()),
                look::commissioner()
                    .with("label", &format!("{}\n({})", wrap(&c.name, WIDTH), c.kind)),
            );
        }
    }
    for s in m.services.values() {
        if appears(&FlowEnd::Service(s.id.clone())) {
            d.node(
                &key::service(s.id.as_str()),
                look::service().with(
                    "label",
                    &format!("{}\n{}", wrap(&s.name, WIDTH), money(s.spend(), cur)),
                ),
            );
        }
    }
    for c in m.cohorts.values() {
        let total = flows.to_cohort(&c.id);
        let mut attrs = look::cohort();
        let label = if total == Money::ZERO {
            attrs = attrs.with("style", "filled,dashed");
            format!(
                "{}\n{} people\nno money reaches them",
                wrap(&c.name, WIDTH),
                people(c.size)
            )
        } else {
            format!(
                "{}\n{} people\n{}",
                wrap(&c.name, WIDTH),
                people(c.size),
                money(total, cur)
            )
        };
        d.node(&key::cohort(c.id.as_str()), attrs.with("label", &label));
    }
    if appears(&FlowEnd::Unattributed) {
        d.node(
            UNATTRIBUTED,
            look::unattributed().with("label", "no places taken up by\nany cohort on the map"),
        );
    }

    let largest = flows.largest();
    for f in &flows.flows {
        d.edge(
            &end_key(&f.from),
            &end_key(&f.to),
            look::funding(pen_for(f.amount, largest)).with("label", &money(f.amount, cur)),
        );
    }

    Legend::new()
        .node("funder or\ncommissioner", look::commissioner())
        .node("service\n(its funding)", look::service())
        .node("cohort\n(money reaching it)", look::cohort())
        .node(
            "cohort no\nmoney reaches",
            look::cohort().with("style", "filled,dashed"),
        )
        .edge("money per year\n(width ∝ amount)", look::funding(4.0))
        .add_to(&mut d);
    d
}

fn end_key(end: &FlowEnd) -> String {
    match end {
        FlowEnd::Commissioner(id) => key::commissioner(id.as_str()),
        FlowEnd::Service(id) => key::service(id.as_str()),
        FlowEnd::Cohort(id) => key::cohort(id.as_str()),
        FlowEnd::Unattributed => UNATTRIBUTED.to_owned(),
    }
}
