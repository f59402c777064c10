//! The `funding` view: money, left to right, from funders through commissioners to services and
//! on to the cohorts they support, as the funding analysis follows it (a service's money split
//! between the cohorts it serves in proportion to the people of each it serves; see
//! `docs/funding.md`). Every line is labelled with its amount per year and drawn as thick as its
//! share of the largest. Cohorts no money reaches are drawn with a dashed frame; money that
//! reaches no cohort on the map, and money a commissioner receives and does not spend on it, each
//! end in a note.
//!
//! Order: commissioners, services with money, cohorts, all in map order, then the notes; flows
//! in the order of [`FundingFlows`](crate::analysis::diagram::FundingFlows).

use super::{Attrs, Diagram, Legend, key, look, money, pen_for, wrap};
use crate::analysis::diagram::{DiagramInputs, FlowEnd};
use crate::analysis::funding::CohortFunding;
use crate::export::text::people;
use crate::graph::Ecosystem;
use crate::money::Money;

const WIDTH: usize = 26;
const NO_COHORT: &str = "reaches no cohort";
const UNSPENT: &str = "unspent";

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

    for c in m.commissioners.values() {
        if flows.touches(&FlowEnd::Commissioner(c.id.clone())) {
            d.node(
                &key::commissioner(c.id.as_str()),
                look::commissioner()
                    .with("label", &format!("{}\n({})", wrap(&c.name, WIDTH), c.kind)),
            );
        }
    }
    for s in m.services.values() {
        if flows.touches(&FlowEnd::Service(s.id.clone())) {
            d.node(
                &key::service(s.id.as_str()),
                look::service().with(
                    "label",
                    &format!("{}\n{}", wrap(&s.name, WIDTH), money(s.spend(), cur)),
                ),
            );
        }
    }
    for c in &inputs.report.funding.cohorts {
        d.node(&key::cohort(c.id.as_str()), cohort_node(c, cur));
    }
    if flows.touches(&FlowEnd::NoCohort) {
        d.node(
            NO_COHORT,
            look::money_note().with("label", "reaches no cohort\non the map"),
        );
    }
    if flows.touches(&FlowEnd::Unspent) {
        d.node(
            UNSPENT,
            look::money_note().with("label", "received, not spent\non the map"),
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
    legend().add_to(&mut d);
    d
}

/// A cohort with the money reaching it; dashed where none does.
fn cohort_node(c: &CohortFunding, cur: &str) -> Attrs {
    let mut attrs = look::cohort();
    let label = if c.total == Money::ZERO {
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
            money(c.total, cur)
        )
    };
    attrs.with("label", &label)
}

fn legend() -> Legend {
    Legend::new()
        .node("funder or\ncommissioner", look::commissioner())
        .node("service\n(its funding)", look::service())
        .node("cohort\n(money reaching it)", look::cohort())
        .node(
            "cohort no\nmoney reaches",
            look::cohort().with("style", "filled,dashed"),
        )
        .node("money going nowhere\non the map", look::money_note())
        .edge("money per year\n(width ∝ amount)", look::funding(4.0))
}

fn end_key(end: &FlowEnd) -> String {
    match end {
        FlowEnd::Commissioner(id) => key::commissioner(id.as_str()),
        FlowEnd::Service(id) => key::service(id.as_str()),
        FlowEnd::Cohort(id) => key::cohort(id.as_str()),
        FlowEnd::NoCohort => NO_COHORT.to_owned(),
        FlowEnd::Unspent => UNSPENT.to_owned(),
    }
}
