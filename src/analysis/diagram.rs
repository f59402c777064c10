//! What the diagrams and the HTML report draw, computed once: the gap report (coverage with every
//! route and the sharing of places, the gaps with their kinds, the ranked overlaps), the funding
//! flows, and capacity against benchmarks, each by its own analysis. Nothing is decided here:
//! [`FundingFlows`] only lays the funding analysis out as the lines the funding view draws, and
//! the lookups pick results out by cohort or service. Pure: no printing, no I/O, no DOT or HTML
//! (the exporters in `export::dot` and `export::html` draw these structs).

use std::collections::BTreeMap;

use super::funding::Funding;
use super::gaps::{Gap, GapKind};
use super::overlap::Overlap;
use super::report::{self, Report};
use crate::benchmarks::Benchmarks;
use crate::graph::Ecosystem;
use crate::model::Id;
use crate::money::Money;

/// Everything the diagrams and the report draw, computed once.
#[derive(Debug, Clone)]
pub struct DiagramInputs {
    /// Coverage (routes, places served), gaps, overlaps and the key numbers.
    pub report: Report,
    /// The funding analysis as lines to draw.
    pub flows: FundingFlows,
}

impl DiagramInputs {
    /// Runs the gap report, funding and capacity analyses of a map, with the benchmark table in
    /// force (built in, overridden by the map and by `--benchmarks FILE`): every overlap, and no
    /// gap's blockers, which no diagram draws.
    pub fn compute(eco: &Ecosystem, benchmarks: &Benchmarks) -> DiagramInputs {
        let report = report::report_for_diagrams(eco, benchmarks);
        DiagramInputs {
            flows: FundingFlows::of(&report.funding),
            report,
        }
    }

    /// [`DiagramInputs::compute`] with only the first `shown` overlaps of the ranking written out
    /// (every pair still weighed and counted; [`report::report_showing`]), or all for `None`: what
    /// a page shows of a large map, without naming the pairs it leaves out.
    pub fn showing(
        eco: &Ecosystem,
        benchmarks: &Benchmarks,
        shown: Option<usize>,
    ) -> DiagramInputs {
        let report = report::report_showing(eco, benchmarks, shown);
        DiagramInputs {
            flows: FundingFlows::of(&report.funding),
            report,
        }
    }

    /// A cohort's stages with no route (every gap but `capacity`), in `needs` order.
    pub fn no_route<'a>(&'a self, cohort: &'a Id) -> impl Iterator<Item = &'a Gap> + 'a {
        self.report
            .gaps
            .gaps
            .iter()
            .filter(move |g| &g.cohort == cohort && g.kind != GapKind::Capacity)
    }

    /// A cohort's stages with routes but too few places (`capacity` gaps), in `needs` order.
    pub fn short_of_places<'a>(&'a self, cohort: &'a Id) -> impl Iterator<Item = &'a Gap> + 'a {
        self.report
            .gaps
            .of_kind(GapKind::Capacity)
            .filter(move |g| &g.cohort == cohort)
    }

    /// For each service in an overlap open for review (accepted ones left out), the services it
    /// overlaps, each once, in ranking order of their first overlap. One pass over the overlaps.
    pub fn overlap_partners(&self) -> BTreeMap<&Id, Vec<&Id>> {
        let mut partners: BTreeMap<&Id, Vec<&Id>> = BTreeMap::new();
        for o in self.overlaps().iter().filter(|o| o.is_concern()) {
            let [a, b] = &o.services;
            for (me, other) in [(a, b), (b, a)] {
                let mine = partners.entry(me).or_default();
                if !mine.contains(&other) {
                    mine.push(other);
                }
            }
        }
        partners
    }

    /// Every overlap, ranked (concerns first, then accepted ones).
    pub fn overlaps(&self) -> &[Overlap] {
        &self.report.overlaps.overlaps
    }
}

/// One end of a flow of money.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FlowEnd {
    Commissioner(Id),
    Service(Id),
    Cohort(Id),
    /// Money a service has that reaches no cohort on the map.
    NoCohort,
    /// Money a commissioner receives and does not spend on the map.
    Unspent,
}

/// Money moving from one place to another, per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub from: FlowEnd,
    pub to: FlowEnd,
    pub amount: Money,
}

/// The lines of the funding view, read from the funding analysis.
#[derive(Debug, Clone, Default)]
pub struct FundingFlows {
    /// Commissioner to commissioner (receivers in map order, each one's `funded_by` lines in
    /// order), then what commissioners keep unspent (map order), then commissioner to service
    /// (services in map order, funding lines in order), then service to cohort (services in map
    /// order, cohorts in map order, then what reaches no cohort). No flow of nothing.
    pub flows: Vec<Flow>,
}

impl FundingFlows {
    /// The lines of money in a funding analysis: its funding lines as they are, and each service's
    /// money to the cohorts it serves as the analysis divided it.
    pub fn of(f: &Funding) -> FundingFlows {
        let mut flows = Vec::new();
        let mut push = |from: FlowEnd, to: FlowEnd, amount: Money| {
            if amount != Money::ZERO {
                flows.push(Flow { from, to, amount });
            }
        };
        for c in &f.commissioners {
            for l in &c.received_from {
                push(
                    FlowEnd::Commissioner(l.from.clone()),
                    FlowEnd::Commissioner(l.to.clone()),
                    l.amount,
                );
            }
        }
        for c in &f.commissioners {
            push(
                FlowEnd::Commissioner(c.id.clone()),
                FlowEnd::Unspent,
                c.unspent,
            );
        }
        for s in &f.services {
            for l in &s.funders {
                push(
                    FlowEnd::Commissioner(l.from.clone()),
                    FlowEnd::Service(l.to.clone()),
                    l.amount,
                );
            }
        }
        for s in &f.services {
            for c in &s.cohorts {
                push(
                    FlowEnd::Service(s.id.clone()),
                    FlowEnd::Cohort(c.cohort.clone()),
                    c.amount,
                );
            }
            push(
                FlowEnd::Service(s.id.clone()),
                FlowEnd::NoCohort,
                s.reaches_no_cohort,
            );
        }
        FundingFlows { flows }
    }

    /// The largest single flow, for drawing widths in proportion.
    pub fn largest(&self) -> Money {
        self.flows
            .iter()
            .map(|f| f.amount)
            .max()
            .unwrap_or(Money::ZERO)
    }

    /// Whether any flow starts or ends at `end`.
    pub fn touches(&self, end: &FlowEnd) -> bool {
        self.flows.iter().any(|f| &f.from == end || &f.to == end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(yaml: &str) -> DiagramInputs {
        let eco = Ecosystem::of_yaml(yaml);
        let (table, d) = crate::benchmarks::resolve(Some(&eco.map), &[]);
        assert!(d.0.is_empty(), "{d:?}");
        DiagramInputs::compute(&eco, &table)
    }

    // Two cohorts walking into two job-search services; one more service nobody can use.
    const MAP: &str = r#"
area: { id: t, name: Test, currency: GBP }
commissioners:
  council: { name: Council, kind: local_authority }
  icb: { name: ICB, kind: nhs, funded_by: [ { from: council, amount: 10 } ] }
cohorts:
  a: { name: A, size: 100, attributes: { age: 30 }, needs: { job-search: 1.0 } }
  b: { name: B, size: 50, attributes: { age: 20 }, needs: { job-search: 1.0, in-work: 1.0 } }
services:
  s:
    name: S
    model: job-club
    stages: [job-search]
    referral: { self: true }
    capacity: { people_per_year: 200 }
    funding: [ { from: council, amount: 300 } ]
  u:
    name: U
    model: job-club
    stages: [job-search]
    eligibility: { age: { min: 25 } }
    referral: { self: true }
    capacity: { people_per_year: 0 }
  t:
    name: T
    model: skills
    stages: [skills]
    capacity: { people_per_year: 10 }
    funding: [ { from: icb, amount: 70 } ]
"#;

    #[test]
    fn gaps_come_from_the_gaps_analysis_with_their_kind() {
        let i = inputs(MAP);
        // B needs in-work and no service offers it. B has a route to job search (S, walked
        // into), so the gap's kind is continuity (tried before no-service).
        let b: Id = "b".into();
        let gaps: Vec<(&str, GapKind, f64)> = i
            .no_route(&b)
            .map(|g| (g.stage.as_str(), g.kind, g.need))
            .collect();
        assert_eq!(gaps, vec![("in-work", GapKind::Continuity, 50.0)]);
        // A has a route to its one stage: no gap.
        assert_eq!(i.no_route(&"a".into()).count(), 0);
        // S has 200 places for the 150 people needing job search (U has none): nobody is short.
        assert_eq!(i.short_of_places(&b).count(), 0);
        assert_eq!(i.short_of_places(&"a".into()).count(), 0);
    }

    #[test]
    fn overlaps_come_ranked_from_the_overlap_analysis() {
        let i = inputs(MAP);
        // A (age 30) reaches S and U for job search; B (age 20) only S. One pair, sharing A's job
        // search (100 people). Demand: everyone who can use either for job search, A 100 + B 50 =
        // 150, against 200 + 0 places: over-supplied by 50 (+2). Alike in model only (+1): score 3.
        let o = i.overlaps();
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].rank, 1);
        assert_eq!(o[0].services, ["s".into(), "u".into()]);
        assert_eq!(
            (
                o[0].people,
                o[0].reason.demand,
                o[0].reason.places,
                o[0].reason.score
            ),
            (100.0, 150.0, Some(200), 3)
        );
        assert!(!o[0].accepted);
        let partners = i.overlap_partners();
        let (s, t, u) = (Id::from("s"), Id::from("t"), Id::from("u"));
        assert_eq!(partners.get(&s), Some(&vec![&u]));
        assert_eq!(partners.get(&u), Some(&vec![&s]));
        assert_eq!(partners.get(&t), None);
    }

    #[test]
    fn accepted_overlaps_are_kept_marked_and_are_no_one_s_partners() {
        let yaml = format!(
            "{MAP}accepted_overlaps:\n  - services: [s, u]\n    cohort: a\n    reason: choice\n"
        );
        let i = inputs(&yaml);
        let o = i.overlaps();
        assert_eq!(o.len(), 1);
        assert!(o[0].accepted);
        assert_eq!(o[0].accepted_reason.as_deref(), Some("choice"));
        assert!(i.overlap_partners().is_empty());
    }

    #[test]
    fn flows_are_the_funding_analysis_laid_out_as_lines() {
        let i = inputs(MAP);
        let c = |id: &str| FlowEnd::Commissioner(id.into());
        let s = |id: &str| FlowEnd::Service(id.into());
        let h = |id: &str| FlowEnd::Cohort(id.into());
        let flow = |from, to, pounds: i64| Flow {
            from,
            to,
            amount: Money(pounds * 100),
        };
        // Lines as on the map: council → icb £10, council → S £300, icb → T £70 (icb spends £60
        // of its own). S's £300 follows the places the sharing gives each cohort there: U has no
        // places, so A's 100 and B's 50 all take places at S, £300 × 100/150 = £200 and
        // × 50/150 = £100. No cohort needs T's skills: its £70 reaches no cohort.
        assert_eq!(
            i.flows.flows,
            vec![
                flow(c("council"), c("icb"), 10),
                flow(c("council"), s("s"), 300),
                flow(c("icb"), s("t"), 70),
                flow(s("s"), h("a"), 200),
                flow(s("s"), h("b"), 100),
                flow(s("t"), FlowEnd::NoCohort, 70),
            ]
        );
        assert_eq!(i.flows.largest(), Money(30_000));
        assert!(i.flows.touches(&s("t")));
        assert!(!i.flows.touches(&s("u")));
        // The cohorts' totals are the analysis's own.
        assert_eq!(i.report.funding.cohorts[0].total, Money(20_000));
    }

    #[test]
    fn money_received_and_not_spent_is_a_flow_of_its_own() {
        // icb now receives £100 and spends £70 on T: £30 is not spent on the map (and icb puts in
        // none of its own).
        let yaml = MAP.replace("amount: 10 }", "amount: 100 }");
        let i = inputs(&yaml);
        assert_eq!(i.flows.flows.len(), 7);
        assert_eq!(
            i.flows.flows[1],
            Flow {
                from: FlowEnd::Commissioner("icb".into()),
                to: FlowEnd::Unspent,
                amount: Money(3_000),
            }
        );
        // What leaves icb (£30 unspent + £70 to T) is what reached it.
        let out_of_icb: Money = i
            .flows
            .flows
            .iter()
            .filter(|f| f.from == FlowEnd::Commissioner("icb".into()))
            .map(|f| f.amount)
            .sum();
        assert_eq!(out_of_icb, Money(10_000));
    }
}
