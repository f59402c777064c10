//! What the diagrams and the HTML report mark on a map, gathered in one place: the routes and the
//! sharing of places, and the gaps, overlaps and money flows drawn from them. Pure: no printing,
//! no I/O, no DOT or HTML (the exporters in `export::dot` and `export::html` draw these structs).
//!
//! [`gap_marks`] takes every cohort-stage with no route from the gaps analysis, with its kind. Two
//! functions here stand in for analyses that are their own modules' job, and are written so that
//! each can be swapped for that analysis without touching the exporters:
//! - [`overlap_marks`]: pairs of services offering the same stage to the same cohort that can
//!   reach both, unweighed; the overlap analysis weighs them;
//! - [`cohort_split`]: each service's money shared between cohorts in proportion to the places
//!   they take; the funding analysis follows money to cohorts and stages in full.

use serde::Serialize;

use super::capacity::{self, Capacity, Supply};
use super::gaps::{self, GapKind, Gaps};
use super::routes::{self, Reach, StageRoutes};
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};
use crate::money::Money;

/// Everything the diagrams and the report draw, computed once.
#[derive(Debug, Clone)]
pub struct DiagramInputs {
    pub reach: Reach,
    /// Every cohort's routes to every stage it needs, in the order of [`routes::routes`].
    pub routes: Vec<StageRoutes>,
    /// The sharing of places, in the same order.
    pub capacity: Capacity,
    pub marks: Marks,
    pub flows: FundingFlows,
}

impl DiagramInputs {
    /// Computes the routes, the sharing of places, the marks and the money flows of a map.
    pub fn compute(eco: &Ecosystem) -> DiagramInputs {
        let reach = Reach::compute(eco);
        let routes = routes::routes(eco, &reach);
        let capacity = capacity::allocate(eco, &reach);
        let marks = Marks {
            gaps: gap_marks(&gaps::gaps(eco, &reach, &capacity)),
            short: short_marks(&capacity),
            overlaps: overlap_marks(eco, &reach),
        };
        let flows = funding_flows(eco, &cohort_split(eco, &capacity));
        DiagramInputs {
            reach,
            routes,
            capacity,
            marks,
            flows,
        }
    }
}

/// What the ecosystem and routes views mark on top of the map.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Marks {
    /// Cohort-stages with no route; cohorts in map order, each cohort's stages in `needs` order.
    pub gaps: Vec<GapMark>,
    /// Cohort-stages with a route but fewer places than people needing them; same order.
    pub short: Vec<ShortMark>,
    /// Pairs of services that overlap, in map order of the first service, then of the second.
    pub overlaps: Vec<OverlapMark>,
}

impl Marks {
    /// The gaps of one cohort, in `needs` order.
    pub fn gaps_of<'a>(&'a self, cohort: &'a Id) -> impl Iterator<Item = &'a GapMark> + 'a {
        self.gaps.iter().filter(move |g| &g.cohort == cohort)
    }

    /// The shortfalls of one cohort, in `needs` order.
    pub fn short_of<'a>(&'a self, cohort: &'a Id) -> impl Iterator<Item = &'a ShortMark> + 'a {
        self.short.iter().filter(move |s| &s.cohort == cohort)
    }
}

/// A stage a cohort needs and has no route to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapMark {
    pub cohort: Id,
    pub stage: StageId,
    /// People needing the stage.
    pub need: u64,
    /// The kind of gap, as the gaps analysis names it (`unreachable`, `not-eligible`, …), drawn
    /// on the edge to the stage.
    pub kind: String,
}

/// A cohort-stage whose need is more than the places the cohort can reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortMark {
    pub cohort: Id,
    pub stage: StageId,
    pub need: u64,
    pub served: u64,
    /// The services whose places ran out, in map order.
    pub bottleneck: Vec<Id>,
}

/// Two services offering the same stage to the same cohort, both reachable by it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapMark {
    /// The services, the earlier on the map first.
    pub services: (Id, Id),
    /// The cohort-stages they share: cohorts in map order, stages in the cohort's `needs` order.
    pub shared: Vec<SharedStage>,
}

impl OverlapMark {
    /// Whether the partnership has accepted every cohort-stage of this overlap.
    pub fn all_accepted(&self) -> bool {
        self.shared.iter().all(|s| s.accepted)
    }
}

/// One cohort-stage two services share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedStage {
    pub cohort: Id,
    pub stage: StageId,
    /// Listed under `accepted_overlaps` on the map.
    pub accepted: bool,
}

/// Every cohort-stage with no route, with the kind of its gap (capacity gaps are drawn as
/// shortfalls by [`short_marks`], not here); the exporters draw whatever `kind` says.
pub fn gap_marks(gaps: &Gaps) -> Vec<GapMark> {
    gaps.gaps
        .iter()
        .filter(|g| g.kind != GapKind::Capacity)
        .map(|g| GapMark {
            cohort: g.cohort.clone(),
            stage: g.stage.clone(),
            need: g.need,
            kind: g.kind.name().to_owned(),
        })
        .collect()
}

/// Every cohort-stage the sharing of places leaves short.
pub fn short_marks(capacity: &Capacity) -> Vec<ShortMark> {
    capacity
        .allocations
        .iter()
        .filter(|a| a.supply == Supply::Short)
        .map(|a| ShortMark {
            cohort: a.cohort.clone(),
            stage: a.stage.clone(),
            need: a.need,
            served: a.served,
            bottleneck: a.bottleneck.clone(),
        })
        .collect()
}

/// Pairs of services that offer a stage a cohort needs, where the cohort can reach both (and so
/// is eligible for both): DOMAIN.md's "duplicated provision", before any weighing.
///
/// Stand-in: the overlap analysis replaces this, weighing each pair (capacity against need,
/// spend, likeness); the exporters draw the pairs and shared cohort-stages it returns.
pub fn overlap_marks(eco: &Ecosystem, reach: &Reach) -> Vec<OverlapMark> {
    let m = &eco.map;
    let n = m.services.len();
    // (a, b) with a < b → shared cohort-stages, pairs in map order.
    let mut pairs: Vec<Vec<SharedStage>> = vec![Vec::new(); n * n];
    for (ci, c) in m.cohorts.values().enumerate() {
        for stage in c.needs.keys() {
            let options = reach.options(eco, ci, stage.as_str());
            for (i, &a) in options.iter().enumerate() {
                for &b in &options[i + 1..] {
                    let (sa, sb) = (&eco.service(a).id, &eco.service(b).id);
                    let accepted = m
                        .accepted_overlaps
                        .iter()
                        .any(|acc| acc.covers(sa, sb, &c.id, stage));
                    pairs[a * n + b].push(SharedStage {
                        cohort: c.id.clone(),
                        stage: stage.clone(),
                        accepted,
                    });
                }
            }
        }
    }
    let mut out = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let shared = std::mem::take(&mut pairs[a * n + b]);
            if !shared.is_empty() {
                out.push(OverlapMark {
                    services: (eco.service(a).id.clone(), eco.service(b).id.clone()),
                    shared,
                });
            }
        }
    }
    out
}

/// One service's money shared between the cohorts it supports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceSplit {
    pub service: Id,
    /// Cohorts in map order, those with no share left out.
    pub cohorts: Vec<(Id, Money)>,
    /// Money no cohort on the map takes up (no one it can serve reaches it, or it has no places
    /// in use).
    pub unattributed: Money,
}

/// Shares each funded service's money between cohorts in proportion to the people of each it
/// supports: for each cohort, the most places it takes at the service for any one stage (a place
/// covers every stage the service gives, so the same person is not counted once per stage).
/// Largest-remainder rounding, so each service's parts add up to its funding exactly. Services in
/// map order; unfunded services are left out.
///
/// Stand-in: the funding analysis replaces this with money followed to cohorts and stages; the
/// funding view and report read only the [`ServiceSplit`]s.
pub fn cohort_split(eco: &Ecosystem, capacity: &Capacity) -> Vec<ServiceSplit> {
    let m = &eco.map;
    let mut out = Vec::new();
    for s in m.services.values() {
        let spend = s.spend();
        if spend == Money::ZERO {
            continue;
        }
        let people: Vec<u64> = m
            .cohorts
            .values()
            .map(|c| {
                capacity
                    .allocations
                    .iter()
                    .filter(|a| a.cohort == c.id)
                    .flat_map(|a| &a.by_service)
                    .filter(|(svc, _)| svc == &s.id)
                    .map(|(_, places)| *places)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let weights: Vec<u128> = people.iter().map(|&p| u128::from(p)).collect();
        let parts = spend.split(&weights);
        let cohorts: Vec<(Id, Money)> = m
            .cohorts
            .values()
            .zip(parts)
            .filter(|(_, part)| *part != Money::ZERO)
            .map(|(c, part)| (c.id.clone(), part))
            .collect();
        let given: Money = cohorts.iter().map(|(_, p)| *p).sum();
        out.push(ServiceSplit {
            service: s.id.clone(),
            cohorts,
            unattributed: spend - given,
        });
    }
    out
}

/// One end of a flow of money.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum FlowEnd {
    Commissioner(Id),
    Service(Id),
    Cohort(Id),
    /// Money that reaches no cohort on the map.
    Unattributed,
}

/// Money moving from one place to another, per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub from: FlowEnd,
    pub to: FlowEnd,
    pub amount: Money,
}

/// Every flow of money on the map, from funders to commissioners to services to cohorts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FundingFlows {
    /// Commissioner to commissioner (receivers in map order, each one's lines in order), then
    /// commissioner to service (services in map order, lines in order), then service to cohort
    /// (services in map order, cohorts in map order, then what reaches no cohort).
    pub flows: Vec<Flow>,
}

impl FundingFlows {
    /// The largest single flow, for drawing widths in proportion.
    pub fn largest(&self) -> Money {
        self.flows
            .iter()
            .map(|f| f.amount)
            .max()
            .unwrap_or(Money::ZERO)
    }

    /// The money reaching a cohort, per year.
    pub fn to_cohort(&self, cohort: &Id) -> Money {
        self.flows
            .iter()
            .filter(|f| matches!(&f.to, FlowEnd::Cohort(c) if c == cohort))
            .map(|f| f.amount)
            .sum()
    }
}

/// The map's funding lines, and the services' money split between cohorts.
pub fn funding_flows(eco: &Ecosystem, split: &[ServiceSplit]) -> FundingFlows {
    let m = &eco.map;
    let mut flows = Vec::new();
    for c in m.commissioners.values() {
        for f in &c.funded_by {
            flows.push(Flow {
                from: FlowEnd::Commissioner(f.from.clone()),
                to: FlowEnd::Commissioner(c.id.clone()),
                amount: f.amount,
            });
        }
    }
    for s in m.services.values() {
        for f in &s.funding {
            flows.push(Flow {
                from: FlowEnd::Commissioner(f.from.clone()),
                to: FlowEnd::Service(s.id.clone()),
                amount: f.amount,
            });
        }
    }
    for sp in split {
        for (c, amount) in &sp.cohorts {
            flows.push(Flow {
                from: FlowEnd::Service(sp.service.clone()),
                to: FlowEnd::Cohort(c.clone()),
                amount: *amount,
            });
        }
        if sp.unattributed != Money::ZERO {
            flows.push(Flow {
                from: FlowEnd::Service(sp.service.clone()),
                to: FlowEnd::Unattributed,
                amount: sp.unattributed,
            });
        }
    }
    FundingFlows { flows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, Sources};
    use crate::validate::{Options, validate};

    fn eco(yaml: &str) -> Ecosystem {
        let mut sources = Sources::default();
        sources.add("test.yaml", yaml);
        let (files, parse) = load::parse(&sources);
        assert!(!parse.has_errors(), "{parse:?}");
        let (map, diagnostics) = validate(sources, files, Options::default());
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        Ecosystem::new(map)
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
    fn marks_gaps_shortfalls_and_overlaps() {
        let e = eco(MAP);
        let inputs = DiagramInputs::compute(&e);
        // B needs in-work and no service offers it: the one gap. B has a route to job search (S),
        // so its kind is continuity (tried before no-service).
        assert_eq!(
            inputs.marks.gaps,
            vec![GapMark {
                cohort: "b".into(),
                stage: "in-work".into(),
                need: 50,
                kind: "continuity".into(),
            }]
        );
        // S has 200 places for 150 people needing job search: nobody is short.
        assert!(inputs.marks.short.is_empty());
        // A (age 30) reaches S and U for job search; B (age 20) only S: one pair, sharing a's job search.
        assert_eq!(
            inputs.marks.overlaps,
            vec![OverlapMark {
                services: ("s".into(), "u".into()),
                shared: vec![SharedStage {
                    cohort: "a".into(),
                    stage: "job-search".into(),
                    accepted: false,
                }],
            }]
        );
    }

    #[test]
    fn splits_money_by_places_taken_and_keeps_the_rest_apart() {
        let e = eco(MAP);
        let inputs = DiagramInputs::compute(&e);
        // U has no places, so A's 100 and B's 50 all take places at S: £300 splits 100:50 = £200 / £100.
        // T is reached by no one (no referral route): its £70 reaches no cohort.
        let split = cohort_split(&e, &inputs.capacity);
        assert_eq!(
            split,
            vec![
                ServiceSplit {
                    service: "s".into(),
                    cohorts: vec![("a".into(), Money(20_000)), ("b".into(), Money(10_000))],
                    unattributed: Money::ZERO,
                },
                ServiceSplit {
                    service: "t".into(),
                    cohorts: vec![],
                    unattributed: Money(7_000),
                },
            ]
        );
        let flows = &inputs.flows.flows;
        // council → icb, council → s, icb → t, s → a, s → b, t → nowhere.
        assert_eq!(flows.len(), 6);
        assert_eq!(
            flows[0],
            Flow {
                from: FlowEnd::Commissioner("council".into()),
                to: FlowEnd::Commissioner("icb".into()),
                amount: Money(1_000),
            }
        );
        assert_eq!(flows[5].to, FlowEnd::Unattributed);
        assert_eq!(inputs.flows.to_cohort(&"a".into()), Money(20_000));
        assert_eq!(inputs.flows.largest(), Money(30_000));
    }

    #[test]
    fn accepted_overlaps_are_marked() {
        let yaml = format!(
            "{MAP}accepted_overlaps:\n  - services: [s, u]\n    cohort: a\n    reason: choice\n"
        );
        let inputs = DiagramInputs::compute(&eco(&yaml));
        assert!(inputs.marks.overlaps[0].all_accepted());
    }
}
