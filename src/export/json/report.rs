//! The `report` document (the gap report as data: every analysis once, its key numbers and where
//! it comes from) and the `check` document (what `check` found against the gates asked for). The
//! key numbers are written the same way in `what-if`, a count of gaps by kind in `compare`.

use serde::Serialize;

use super::capacity::{Capacity, IpsWorkforce};
use super::funding::{Funding, ReadingSpend};
use super::gaps::{Gaps, kind};
use super::overlap::Overlaps;
use super::routes::Coverage;
use super::values::{Day, Edition, Ids, Reference, Source, ids, minor};
use super::{Body, values};
use crate::analysis::provenance as p;
use crate::analysis::report::{self as r, Gate};

/// The gap report, with where it comes from.
#[derive(Serialize)]
pub struct Report<'a> {
    area: Area<'a>,
    key: KeyNumbers,
    services: Vec<ServiceBrief<'a>>,
    coverage: Coverage<'a>,
    gaps: Gaps<'a>,
    overlaps: Overlaps<'a>,
    funding: Funding<'a>,
    capacity: Capacity<'a>,
    provenance: Provenance<'a>,
}

impl Body for Report<'_> {
    const TYPE: &'static str = "report";
}

impl<'a> Report<'a> {
    /// The report `r`, made as `provenance` says.
    pub fn new(r: &'a r::Report, provenance: &'a p::Provenance) -> Self {
        // The money's views, the largest part, beside the rest.
        let (funding, (gaps, coverage)) = rayon::join(
            || Funding::from(&r.funding),
            || (Gaps::from(&r.gaps), Coverage::from(&r.coverage)),
        );
        Report {
            area: Area {
                id: r.area.id.as_str(),
                name: &r.area.name,
                period: r.area.period.as_deref(),
                currency: &r.area.currency,
            },
            key: KeyNumbers::from(&r.key),
            services: values::each(&r.services),
            coverage,
            gaps,
            overlaps: Overlaps::from(&r.overlaps),
            funding,
            capacity: Capacity::from(&r.capacity),
            provenance: Provenance::from(provenance),
        }
    }
}

#[derive(Serialize)]
struct Area<'a> {
    id: &'a str,
    name: &'a str,
    period: Option<&'a str>,
    currency: &'a str,
}

/// The numbers the report's summary gives.
#[derive(Serialize)]
pub(super) struct KeyNumbers {
    cohorts: usize,
    people: u64,
    services: usize,
    spend: i64,
    cohort_stages: usize,
    with_route: usize,
    without_route: usize,
    people_without_route: f64,
    people_without_route_upper: f64,
    short_of_places: usize,
    people_short_of_places: f64,
    people_short_of_places_upper: f64,
    capacity_unknown: usize,
    by_kind: Vec<KindCount>,
    overlap_concerns: usize,
    overlaps_needed: usize,
    overlaps_accepted: usize,
    funding: FundingKey,
    capacity: CapacityKey,
}

impl From<&r::KeyNumbers> for KeyNumbers {
    fn from(k: &r::KeyNumbers) -> Self {
        let g = &k.gaps;
        let f = &k.funding;
        let c = &k.capacity;
        KeyNumbers {
            cohorts: k.cohorts,
            people: k.people,
            services: k.services,
            spend: minor(k.spend),
            cohort_stages: g.cohort_stages,
            with_route: g.with_route,
            without_route: g.without_route,
            people_without_route: g.people_without_route,
            people_without_route_upper: g.people_without_route_upper,
            short_of_places: g.short_of_places,
            people_short_of_places: g.people_short_of_places,
            people_short_of_places_upper: g.people_short_of_places_upper,
            capacity_unknown: g.capacity_unknown,
            by_kind: values::each(&g.by_kind),
            overlap_concerns: k.overlap_concerns,
            overlaps_needed: k.overlaps_needed,
            overlaps_accepted: k.overlaps_accepted,
            funding: FundingKey {
                strong_evidence: SpendShare::from(&f.strong_evidence),
                emerging_evidence: SpendShare::from(&f.emerging_evidence),
                limited_evidence: SpendShare::from(&f.limited_evidence),
                evidence_unknown: SpendShare::from(&f.evidence_unknown),
                evidence_against: SpendShare::from(&f.evidence_against),
                readings: values::each(&f.readings),
                unfunded_need: f.unfunded_need,
            },
            capacity: CapacityKey {
                ips_workforce: c.ips_workforce.map(IpsWorkforce::from),
                comparisons: c.comparisons,
                not_met: c.not_met,
                above_range: c.above_range,
                share_targets: c.share_targets,
                share_targets_reached: c.share_targets_reached,
                missing_figures: c.missing_figures,
                overridden: c.overridden,
            },
        }
    }
}

/// Gaps of one kind, and the people in them.
#[derive(Serialize)]
pub(super) struct KindCount {
    kind: &'static str,
    gaps: usize,
    people: f64,
    people_upper: f64,
}

impl From<&r::KindCount> for KindCount {
    fn from(k: &r::KindCount) -> Self {
        KindCount {
            kind: kind(k.kind),
            gaps: k.gaps,
            people: k.people,
            people_upper: k.people_upper,
        }
    }
}

#[derive(Serialize)]
struct SpendShare {
    spend: i64,
    share: f64,
}

impl From<&r::SpendShare> for SpendShare {
    fn from(s: &r::SpendShare) -> Self {
        SpendShare {
            spend: minor(s.spend),
            share: s.share,
        }
    }
}

#[derive(Serialize)]
struct FundingKey {
    strong_evidence: SpendShare,
    emerging_evidence: SpendShare,
    limited_evidence: SpendShare,
    evidence_unknown: SpendShare,
    evidence_against: SpendShare,
    readings: Vec<ReadingSpend>,
    unfunded_need: usize,
}

#[derive(Serialize)]
struct CapacityKey {
    ips_workforce: Option<IpsWorkforce>,
    comparisons: usize,
    not_met: usize,
    above_range: usize,
    share_targets: usize,
    share_targets_reached: usize,
    missing_figures: usize,
    overridden: usize,
}

#[derive(Serialize)]
struct ServiceBrief<'a> {
    id: &'a str,
    name: &'a str,
    model: &'a str,
    provider: Option<&'a str>,
    stages: Ids<'a>,
    places: Option<u64>,
    spend: i64,
}

impl<'a> From<&'a r::ServiceBrief> for ServiceBrief<'a> {
    fn from(s: &'a r::ServiceBrief) -> Self {
        ServiceBrief {
            id: s.id.as_str(),
            name: &s.name,
            model: &s.model,
            provider: s.provider.as_ref().map(|p| p.as_str()),
            stages: ids(&s.stages),
            places: s.places,
            spend: minor(s.spend),
        }
    }
}

/// Where a report comes from.
#[derive(Serialize)]
struct Provenance<'a> {
    map: &'a str,
    area: &'a str,
    name: &'a str,
    period: Option<&'a str>,
    illustrative: bool,
    sources: Vec<CitedSource<'a>>,
    figures: SourcedFigures,
    ecomap_version: &'a str,
    benchmark_table: Edition,
    benchmarks_overridden: usize,
    made: Day,
    references: Vec<Reference<'a>>,
}

impl<'a> From<&'a p::Provenance> for Provenance<'a> {
    fn from(p: &'a p::Provenance) -> Self {
        Provenance {
            map: &p.map,
            area: p.area.as_str(),
            name: &p.name,
            period: p.period.as_deref(),
            illustrative: p.illustrative,
            sources: values::each(&p.sources),
            figures: SourcedFigures {
                figures: p.figures.figures,
                without_source: p.figures.without_source,
            },
            ecomap_version: p.ecomap_version,
            benchmark_table: Edition::from(&p.benchmark_table),
            benchmarks_overridden: p.benchmarks_overridden,
            made: Day(p.made),
            references: values::each(&p.references),
        }
    }
}

#[derive(Serialize)]
struct CitedSource<'a> {
    #[serde(flatten)]
    source: Source<'a>,
    cited_for: &'a [String],
}

impl<'a> From<&'a p::CitedSource> for CitedSource<'a> {
    fn from(c: &'a p::CitedSource) -> Self {
        CitedSource {
            source: Source::from(&c.source),
            cited_for: &c.cited_for,
        }
    }
}

#[derive(Serialize)]
struct SourcedFigures {
    figures: usize,
    without_source: usize,
}

/// What `check` found, and whether the map passed.
#[derive(Serialize)]
pub struct Check {
    fail_on: Vec<&'static str>,
    gaps: usize,
    overlaps: usize,
    warnings: usize,
    failed: Vec<&'static str>,
    passed: bool,
}

impl Body for Check {
    const TYPE: &'static str = "check";
}

impl From<&r::CheckOutcome> for Check {
    fn from(o: &r::CheckOutcome) -> Self {
        let gates = |gs: &[Gate]| gs.iter().map(|&g| gate(g)).collect();
        Check {
            fail_on: gates(&o.fail_on),
            gaps: o.gaps,
            overlaps: o.overlaps,
            warnings: o.warnings,
            failed: gates(&o.failed),
            passed: o.passed,
        }
    }
}

fn gate(g: Gate) -> &'static str {
    match g {
        Gate::Gaps => "gaps",
        Gate::Overlap => "overlap",
        Gate::Warnings => "warnings",
    }
}
