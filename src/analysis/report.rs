//! The gap report: everything a partnership takes to its meeting, as data — the key numbers, the
//! cohort × stage coverage, the gaps, the overlaps, the funding flows and capacity against
//! benchmarks. Exporters turn it into text, Markdown or JSON without recomputing anything.
//!
//! The work is shared, not repeated: [`find_gaps`] walks the routes, shares the places and finds
//! the gaps once ([`GapFindings`], all that `routes` and `gaps` print); [`report`] builds on it,
//! adding the overlaps, the funding (from the same routes and sharing of places) and the capacity
//! checks. `check` needs the gaps and the overlaps only.

use super::benchmarks::{CapacityReport, IpsWorkforce, capacity};
use super::capacity::{Capacity, Solutions, allocate_reusing};
use super::coverage::{CohortCoverage, Coverage, StageCoverage, coverage};
use super::funding::{Funding, ReadingSpend, funding_from};
use super::gaps::{
    CapacityNote, Gap, GapKind, Gaps, SHOWN_BLOCKERS, Unrouted, gaps_given, unrouted_showing,
};
use super::overlap::{Overlaps, overlaps, overlaps_showing};
use super::people;
use super::routes::Reach;
use crate::benchmarks::{Benchmarks, Evidence};
use crate::graph::Ecosystem;
use crate::model::{Id, Map, StageId};
use crate::money::Money;

/// The area, as the report heads it.
#[derive(Debug, Clone)]
pub struct ReportArea {
    pub id: Id,
    pub name: String,
    pub period: Option<String>,
    pub currency: String,
}

/// Gaps of one kind, counted.
#[derive(Debug, Clone)]
pub struct KindCount {
    pub kind: GapKind,
    pub gaps: usize,
    /// People without a route (for `capacity`: without a place), each cohort's counted once: the
    /// largest figure among its gaps of this kind.
    pub people: f64,
    /// The most they could be: each cohort's figures summed, at most its size.
    pub people_upper: f64,
}

/// The gaps, counted: the numbers `ecomap gaps` heads its output with and the report's summary
/// gives.
#[derive(Debug, Clone)]
pub struct GapCounts {
    /// Cohort-stages: each cohort times each stage it needs.
    pub cohort_stages: usize,
    /// Cohort-stages with at least one route.
    pub with_route: usize,
    /// Cohort-stages with no route.
    pub without_route: usize,
    /// People needing a stage they have no route to, each cohort's counted once (the largest
    /// need among its stages without a route, at most its size), summed over cohorts.
    pub people_without_route: f64,
    /// The most that could be: each cohort's needs without a route summed, at most its size.
    pub people_without_route_upper: f64,
    /// Cohort-stages with routes but too few places.
    pub short_of_places: usize,
    /// People without a place where routes exist, each cohort's counted once (its largest
    /// shortfall).
    pub people_short_of_places: f64,
    /// The most that could be: each cohort's shortfalls summed, at most its size.
    pub people_short_of_places_upper: f64,
    /// Cohort-stages whose routes include a service with no stated capacity.
    pub capacity_unknown: usize,
    /// Every kind, in the order kinds are tried, with the count (zero included).
    pub by_kind: Vec<KindCount>,
}

/// Spend on the services of one evidence level, and its share of all spend on services.
#[derive(Debug, Clone)]
pub struct SpendShare {
    pub spend: Money,
    pub share: f64,
}

/// The funding numbers of the summary: spend by the evidence for each piece of money (the
/// funding analysis's rules), each with its share of all spend on services.
#[derive(Debug, Clone)]
pub struct FundingKey {
    /// With strong evidence of getting people into paid work: IPS for people in secondary mental
    /// health care (004 §20-25).
    pub strong_evidence: SpendShare,
    /// With emerging evidence (004 §22-24, §40d, §44).
    pub emerging_evidence: SpendShare,
    /// With limited evidence (004 §18-19, §42, §48-49).
    pub limited_evidence: SpendShare,
    /// Employment support whose evidence no current source gives, or whose population the map
    /// does not settle.
    pub evidence_unknown: SpendShare,
    /// On models the evidence is against: candidates for disinvestment (004 §51-54).
    pub evidence_against: SpendShare,
    /// Money not at its model's own level, by why (IPS money outside its population, below the
    /// fair band, beyond an employment share), strongest level first.
    pub readings: Vec<ReadingSpend>,
    /// Cohort-stages with need that no money reaches.
    pub unfunded_need: usize,
}

/// The capacity numbers of the summary.
#[derive(Debug, Clone)]
pub struct CapacityKey {
    /// IPS employment specialists needed against those mapped; `None` when the area figures
    /// needed are missing.
    pub ips_workforce: Option<IpsWorkforce>,
    /// Comparisons of a mapped figure with a benchmark it is held to, over every check (not the
    /// targets set for a share of services only).
    pub comparisons: usize,
    /// Those whose mapped figure does not meet its benchmark.
    pub not_met: usize,
    /// Those whose mapped figure is above a range (of need, or of places): no shortfall, but
    /// possibly more than needed. Counted among the comparisons, not among those not met.
    pub above_range: usize,
    /// Comparisons with a target set for a share of services, not each (004 §56f's 1:8).
    pub share_targets: usize,
    /// Those the mapped figure reaches.
    pub share_targets_reached: usize,
    /// Area figures some check needed and the map does not give.
    pub missing_figures: usize,
    /// Benchmarks whose value is not the built-in one (by the map or `--benchmarks FILE`).
    pub overridden: usize,
}

/// The numbers the summary paragraph gives.
#[derive(Debug, Clone)]
pub struct KeyNumbers {
    pub cohorts: usize,
    /// People in all cohorts.
    pub people: u64,
    pub services: usize,
    /// Services with funding on the map (a gateway such as a GP practice may carry none).
    pub funded_services: usize,
    /// Funding of all services per year.
    pub spend: Money,
    pub gaps: GapCounts,
    /// Overlapping pairs of services open for review: not accepted on the map, nor needed for
    /// capacity.
    pub overlap_concerns: usize,
    /// Overlapping pairs whose places are all needed for the people who can use either.
    pub overlaps_needed: usize,
    /// Overlaps the map accepts.
    pub overlaps_accepted: usize,
    pub funding: FundingKey,
    pub capacity: CapacityKey,
}

impl KeyNumbers {
    /// The services and the money between them, saying how many are funded: `20 services, 16 of
    /// them funded, with £3,949,000 a year between them` (`spend`: the amount as written).
    pub fn services_words(&self, spend: &str) -> String {
        services_words(self.services, self.funded_services, spend)
    }
}

/// `n` services, `f` of them funded, with `spend` a year between them (see
/// [`KeyNumbers::services_words`]).
fn services_words(n: usize, f: usize, spend: &str) -> String {
    {
        let services = if n == 1 {
            "1 service".to_owned()
        } else {
            format!("{n} services")
        };
        match (n, f) {
            (1, 1) => format!("{services}, funded with {spend} a year"),
            (1, _) => format!("{services}, with no funding on the map"),
            (_, 0) => format!("{services}, none of them with funding on the map"),
            _ if f == n => format!("{services}, all funded, with {spend} a year between them"),
            (_, 1) => format!("{services}, 1 of them funded, with {spend} a year"),
            _ => format!("{services}, {f} of them funded, with {spend} a year between them"),
        }
    }
}

/// A service as the report lists it, for readers who know services by name.
#[derive(Debug, Clone)]
pub struct ServiceBrief {
    pub id: Id,
    pub name: String,
    pub model: String,
    pub provider: Option<Id>,
    pub stages: Vec<StageId>,
    pub places: Option<u64>,
    pub spend: Money,
}

/// Routes and gaps, worked out once: what `ecomap routes` and `ecomap gaps` show, and the base of
/// the report. Keeps the reach and the sharing of places so the report's other analyses can use
/// them without walking the routes again.
#[derive(Debug, Clone)]
pub struct GapFindings {
    pub reach: Reach,
    /// The sharing of places: the most people served, split as fairly as that allows.
    pub capacity: Capacity,
    pub gaps: Gaps,
    pub coverage: Coverage,
    pub counts: GapCounts,
}

/// Walks the routes, shares the places and finds the gaps.
pub fn find_gaps(eco: &Ecosystem) -> GapFindings {
    find_gaps_reusing(eco, &Solutions::default())
}

/// [`find_gaps`], each gap's blockers cut to the nearest `shown` (all when `None`) as
/// [`Gaps::keep_blockers`] leaves them, those left out not worked out in full.
pub fn find_gaps_showing(eco: &Ecosystem, shown: Option<usize>) -> GapFindings {
    find_gaps_with(eco, &Solutions::default(), shown)
}

/// [`find_gaps`], taking the parts of the sharing of places already solved from `known`.
pub fn find_gaps_reusing(eco: &Ecosystem, known: &Solutions) -> GapFindings {
    find_gaps_with(eco, known, None)
}

/// [`find_gaps_reusing`] with no gap's blockers worked out (each gap counts them all as left
/// out), and the overlaps, side by side: the overlaps need the routes alone, and take the core
/// the sharing of places leaves waiting.
pub fn find_gaps_and_overlaps_reusing(
    eco: &Ecosystem,
    known: &Solutions,
) -> (GapFindings, Overlaps) {
    let reach = Reach::compute(eco);
    // No gap's blockers: what reads these compares the gaps by kind and people.
    let ((capacity, found), overlaps) = rayon::join(
        || shared_and_found(eco, &reach, known, Some(0)),
        || overlaps(eco, &reach),
    );
    (findings(reach, capacity, found), overlaps)
}

fn find_gaps_with(eco: &Ecosystem, known: &Solutions, shown: Option<usize>) -> GapFindings {
    let reach = Reach::compute(eco);
    let (capacity, found) = shared_and_found(eco, &reach, known, shown);
    findings(reach, capacity, found)
}

/// The sharing of places beside the gaps without a route, then the other gaps.
fn shared_and_found(
    eco: &Ecosystem,
    reach: &Reach,
    known: &Solutions,
    shown: Option<usize>,
) -> (Capacity, Found) {
    let (capacity, unrouted) = rayon::join(
        || allocate_reusing(eco, reach, known),
        || unrouted_showing(eco, reach, shown),
    );
    let found = gaps_with(eco, reach, &capacity, unrouted);
    (capacity, found)
}

fn findings(reach: Reach, capacity: Capacity, found: Found) -> GapFindings {
    let Found {
        gaps,
        coverage,
        counts,
    } = found;
    GapFindings {
        reach,
        capacity,
        gaps,
        coverage,
        counts,
    }
}

/// What [`GapFindings`] holds beside the reach and the sharing of places it starts from.
struct Found {
    gaps: Gaps,
    coverage: Coverage,
    counts: GapCounts,
}

/// The gaps, coverage and counts from the sharing of places, the gaps without a route made beside
/// it.
fn gaps_with(eco: &Ecosystem, reach: &Reach, capacity: &Capacity, unrouted: Unrouted) -> Found {
    let gaps = gaps_given(eco, reach, capacity, unrouted);
    let coverage = coverage(eco, reach, capacity, &gaps);
    let counts = count(&eco.map, &coverage, &gaps);
    Found {
        gaps,
        coverage,
        counts,
    }
}

/// Every overlap, ranked: what `ecomap overlap` shows (walks the routes; needs no gaps).
pub fn find_overlaps(eco: &Ecosystem) -> Overlaps {
    find_overlaps_showing(eco, None)
}

/// [`find_overlaps`], only the first `shown` of the ranking written out (every pair counted).
pub fn find_overlaps_showing(eco: &Ecosystem, shown: Option<usize>) -> Overlaps {
    overlaps_showing(eco, &Reach::compute(eco), shown)
}

fn count(map: &Map, coverage: &Coverage, gaps: &Gaps) -> GapCounts {
    let cells: Vec<_> = coverage.cells().collect();
    let without: Vec<_> = cells.iter().filter(|c| !c.status.has_route()).collect();
    let by_kind = GapKind::ALL
        .iter()
        .map(|&kind| {
            let p = people::count(map, gaps.of_kind(kind).map(|g| (&g.cohort, g.people)));
            KindCount {
                kind,
                gaps: gaps.of_kind(kind).count(),
                people: p.once,
                people_upper: p.upper,
            }
        })
        .collect();
    let short: Vec<_> = gaps.of_kind(GapKind::Capacity).collect();
    let no_route = people::count(map, without.iter().map(|c| (&c.cohort, c.need)));
    let no_place = people::count(map, short.iter().map(|g| (&g.cohort, g.people)));
    GapCounts {
        cohort_stages: cells.len(),
        with_route: cells.len() - without.len(),
        without_route: without.len(),
        people_without_route: no_route.once,
        people_without_route_upper: no_route.upper,
        short_of_places: short.len(),
        people_short_of_places: no_place.once,
        people_short_of_places_upper: no_place.upper,
        capacity_unknown: gaps.capacity_unknown.len(),
        by_kind,
    }
}

/// The report, as data.
#[derive(Debug, Clone)]
pub struct Report {
    pub area: ReportArea,
    pub key: KeyNumbers,
    /// Every service, in map order.
    pub services: Vec<ServiceBrief>,
    pub coverage: Coverage,
    pub gaps: Gaps,
    pub overlaps: Overlaps,
    /// As `ecomap funding`.
    pub funding: Funding,
    /// As `ecomap capacity`, against the benchmark table in force.
    pub capacity: CapacityReport,
}

/// The report with the map's own benchmark table (built in, then the map's `benchmarks:`), for
/// analyses that compare reports (what-if, diff, contracts) rather than show one. The table's
/// problems were reported when the map was validated. It takes the parts of the sharing of places
/// already solved from `known` (and keeps there those it solves), and hands back the reach it
/// walked: for analysing a map and a changed copy of it.
///
/// Every overlap is written out, and no gap's blockers are worked out (each gap counts them all
/// as left out): what compares two reports compares gaps by kind and people, and works out the
/// blockers of the few gaps it shows ([`crate::analysis::gaps::blockers_in_full`]).
pub fn report_reusing(eco: &Ecosystem, known: &Solutions) -> (Report, Reach) {
    let (table, _) = crate::benchmarks::resolve(Some(&eco.map), &[]);
    report_with(eco, &table, known, None, Some(0))
}

/// Runs every analysis the report needs, once, with the benchmark table in force.
pub fn report(eco: &Ecosystem, benchmarks: &Benchmarks) -> Report {
    report_showing(eco, benchmarks, None)
}

/// [`report`] as a page shows a large map: with `shown`, only the first `shown` overlaps of the
/// ranking written out (as [`Overlaps::keep_top`] leaves them; every pair is still weighed and
/// counted) and each gap's blockers cut to its nearest [`SHOWN_BLOCKERS`] (as
/// [`Gaps::keep_blockers`] leaves them); with `None`, all of both.
pub fn report_showing(eco: &Ecosystem, benchmarks: &Benchmarks, shown: Option<usize>) -> Report {
    let blockers = shown.map(|_| SHOWN_BLOCKERS);
    let mut report = report_with(eco, benchmarks, &Solutions::default(), shown, blockers).0;
    if shown.is_some() {
        report.gaps.keep_blockers(SHOWN_BLOCKERS);
    }
    report
}

/// [`report`] for the diagrams (`ecomap dot`), which draw every overlap and no gap's blockers:
/// none is worked out (each gap counts them all as left out).
pub fn report_for_diagrams(eco: &Ecosystem, benchmarks: &Benchmarks) -> Report {
    report_with(eco, benchmarks, &Solutions::default(), None, Some(0)).0
}

/// [`report`] for a reader of its counts and totals alone (`compare`): the same figures, gaps
/// and fair split, but without the range of each short cohort-stage over equally good sharings
/// of places (every `served_range` is `None`; the ranges are most of the sharing's work on a map
/// whose places fall short), and with no overlap written out (every pair is still weighed and
/// counted: [`Overlaps::keep_top`] of none).
pub fn report_for_counts(eco: &Ecosystem, benchmarks: &Benchmarks) -> Report {
    report_with(
        eco,
        benchmarks,
        &Solutions::without_ranges(),
        Some(0),
        Some(0),
    )
    .0
}

/// The report: with `shown`, only the first `shown` overlaps of the ranking written out; with
/// `blockers`, each gap without a route made with only its nearest `blockers` worked out.
fn report_with(
    eco: &Ecosystem,
    benchmarks: &Benchmarks,
    known: &Solutions,
    shown: Option<usize>,
    blockers: Option<usize>,
) -> (Report, Reach) {
    let m = &eco.map;
    let reach = Reach::compute(eco);
    // The sharing of places beside the gaps without a route (which need none), then the other
    // gaps and the money from it side by side; meanwhile the overlaps and the capacity against
    // the benchmarks, which need none of them.
    let ((found, funding), (overlaps, capacity)) = rayon::join(
        || {
            let (shared, unrouted) = rayon::join(
                || allocate_reusing(eco, &reach, known),
                || unrouted_showing(eco, &reach, blockers),
            );
            rayon::join(
                || gaps_with(eco, &reach, &shared, unrouted),
                || funding_from(eco, benchmarks, &reach, &shared),
            )
        },
        || {
            (
                overlaps_showing(eco, &reach, shown),
                capacity(eco, benchmarks),
            )
        },
    );
    let Found {
        gaps,
        coverage,
        counts,
    } = found;
    let key = KeyNumbers {
        cohorts: m.cohorts.len(),
        people: m.cohorts.values().map(|c| c.size).sum(),
        services: m.services.len(),
        funded_services: m
            .services
            .values()
            .filter(|s| s.spend() != Money::ZERO)
            .count(),
        spend: m.services.values().map(|s| s.spend()).sum(),
        gaps: counts,
        overlap_concerns: overlaps.concerns,
        overlaps_needed: overlaps.needed,
        overlaps_accepted: overlaps.accepted,
        funding: funding_key(&funding),
        capacity: capacity_key(&capacity),
    };
    let report = Report {
        area: ReportArea {
            id: m.area.id.clone(),
            name: m.area.name.clone(),
            period: m.area.period.clone(),
            currency: m.area.currency.clone(),
        },
        key,
        services: m
            .services
            .values()
            .map(|s| ServiceBrief {
                id: s.id.clone(),
                name: s.name.clone(),
                model: s.model.clone(),
                provider: s.provider.clone(),
                stages: s.stages.clone(),
                places: s.capacity.people_per_year,
                spend: s.spend(),
            })
            .collect(),
        coverage,
        gaps,
        overlaps,
        funding,
        capacity,
    };
    (report, reach)
}

fn funding_key(f: &Funding) -> FundingKey {
    let level = |e: Evidence| {
        f.evidence.iter().find(|x| x.evidence == e).map_or(
            SpendShare {
                spend: Money::ZERO,
                share: 0.0,
            },
            |x| SpendShare {
                spend: x.spend,
                share: x.share,
            },
        )
    };
    FundingKey {
        strong_evidence: level(Evidence::Strong),
        emerging_evidence: level(Evidence::Emerging),
        limited_evidence: level(Evidence::Limited),
        evidence_unknown: level(Evidence::Unknown),
        evidence_against: level(Evidence::Against),
        readings: f
            .evidence
            .iter()
            .flat_map(|e| e.readings.iter().cloned())
            .collect(),
        unfunded_need: f.unfunded_need.len(),
    }
}

fn capacity_key(r: &CapacityReport) -> CapacityKey {
    CapacityKey {
        ips_workforce: r.ips_workforce,
        comparisons: r.standards().count(),
        not_met: r.standards().filter(|c| !c.meets).count(),
        above_range: r.standards().filter(|c| c.above_range()).count(),
        share_targets: r.share_targets().count(),
        share_targets_reached: r.share_targets().filter(|c| c.meets).count(),
        missing_figures: r.missing_figures.len(),
        overridden: r.overridden.len(),
    }
}

/// What `check` can gate on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gate {
    /// Any gap, capacity gaps included (capacity-unknown notes are not gaps).
    Gaps,
    /// Any overlap not accepted on the map.
    Overlap,
    /// Any warning from validation.
    Warnings,
}

impl Gate {
    pub fn name(self) -> &'static str {
        match self {
            Gate::Gaps => "gaps",
            Gate::Overlap => "overlap",
            Gate::Warnings => "warnings",
        }
    }
}

/// What `check` found, and whether the map passes.
#[derive(Debug, Clone)]
pub struct CheckOutcome {
    /// What was asked to fail on, sorted and without repeats.
    pub fail_on: Vec<Gate>,
    pub gaps: usize,
    pub overlaps: usize,
    pub warnings: usize,
    /// The gates that found something, in `fail_on` order.
    pub failed: Vec<Gate>,
    pub passed: bool,
}

/// Checks a map (its gaps, its overlaps and its warning count, from validation) against the
/// gates asked for. Works out the gaps and overlaps; not the funding or capacity.
pub fn check(eco: &Ecosystem, warnings: usize, fail_on: &[Gate]) -> CheckOutcome {
    // Counted, not shown: no gap's blockers are worked out.
    let found = find_gaps_showing(eco, Some(0));
    let overlaps = overlaps(eco, &found.reach);
    judge(&found.gaps, &overlaps, warnings, fail_on)
}

/// Holds gaps, overlaps and a warning count against the gates asked for.
pub fn judge(gaps: &Gaps, overlaps: &Overlaps, warnings: usize, fail_on: &[Gate]) -> CheckOutcome {
    let mut gates = fail_on.to_vec();
    gates.sort_unstable();
    gates.dedup();
    let gaps = gaps.gaps.len();
    let overlaps = overlaps.concerns;
    let failed: Vec<Gate> = gates
        .iter()
        .copied()
        .filter(|g| match g {
            Gate::Gaps => gaps > 0,
            Gate::Overlap => overlaps > 0,
            Gate::Warnings => warnings > 0,
        })
        .collect();
    CheckOutcome {
        passed: failed.is_empty(),
        fail_on: gates,
        gaps,
        overlaps,
        warnings,
        failed,
    }
}

/// One cohort-stage for `ecomap routes`: its routes, and its gap if it has one.
#[derive(Debug, Clone)]
pub struct StageRoutes<'a> {
    pub coverage: &'a StageCoverage,
    pub gap: Option<&'a Gap>,
    /// For a cohort-stage whose capacity is unknown: the note.
    pub capacity_note: Option<&'a CapacityNote>,
}

/// One cohort for `ecomap routes`.
#[derive(Debug, Clone)]
pub struct CohortRoutes<'a> {
    pub cohort: &'a Id,
    pub name: &'a str,
    pub size: u64,
    pub enters_via: &'a [Id],
    pub stages: Vec<StageRoutes<'a>>,
}

/// What `ecomap routes` shows: cohorts in map order, stages in `needs` order.
#[derive(Debug, Clone)]
pub struct RoutesView<'a> {
    pub cohorts: Vec<CohortRoutes<'a>>,
}

impl GapFindings {
    /// The routes of every cohort, or of one.
    pub fn routes(&self, cohort: Option<&str>) -> RoutesView<'_> {
        let cohorts = self
            .coverage
            .cohorts
            .iter()
            .filter(|c| cohort.is_none_or(|id| c.cohort.as_str() == id))
            .map(|c| CohortRoutes {
                cohort: &c.cohort,
                name: &c.name,
                size: c.size,
                enters_via: &c.enters_via,
                stages: c
                    .stages
                    .iter()
                    .map(|s| StageRoutes {
                        coverage: s,
                        gap: self.gaps.find(s.cohort.as_str(), s.stage.as_str()),
                        capacity_note: self
                            .gaps
                            .capacity_unknown
                            .iter()
                            .find(|n| n.cohort == s.cohort && n.stage == s.stage),
                    })
                    .collect(),
            })
            .collect();
        RoutesView { cohorts }
    }
}

impl Report {
    /// A cohort's name and size, by id.
    pub fn cohort(&self, id: &str) -> Option<&CohortCoverage> {
        self.coverage
            .cohorts
            .iter()
            .find(|c| c.cohort.as_str() == id)
    }
}

#[cfg(test)]
mod words {
    use super::services_words;

    #[test]
    fn the_headline_says_how_many_services_are_funded() {
        // Each case by hand: the count of services, then how many carry funding.
        assert_eq!(
            services_words(20, 16, "£3,949,000"),
            "20 services, 16 of them funded, with £3,949,000 a year between them"
        );
        assert_eq!(
            services_words(3, 3, "£9"),
            "3 services, all funded, with £9 a year between them"
        );
        assert_eq!(
            services_words(3, 1, "£9"),
            "3 services, 1 of them funded, with £9 a year"
        );
        assert_eq!(
            services_words(3, 0, "£0"),
            "3 services, none of them with funding on the map"
        );
        assert_eq!(
            services_words(1, 1, "£9"),
            "1 service, funded with £9 a year"
        );
        assert_eq!(
            services_words(1, 0, "£0"),
            "1 service, with no funding on the map"
        );
    }
}
