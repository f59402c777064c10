//! Gaps: for every cohort and every stage it needs, whether it has a route, and if not, why not and
//! the nearest fix. Each cohort-stage without a route gets exactly one kind, the first that applies
//! in the order continuity, no-service, unreachable, undetermined, not-eligible; its reason still
//! names every service offering the stage and what keeps the cohort from each. A cohort-stage with
//! routes has a `capacity` gap when the places shared as fairly as the most people served allow
//! ([`super::capacity`]) fall short of its need; where a service on its routes has no stated capacity there is no shortfall to
//! claim, only a note that the capacity is unknown.
//!
//! Each gap says why as data ([`Why`], [`Blocker`], [`Fix`]): ids, terms and numbers. The
//! exporters put it into words (`export::words::gaps`).
//!
//! Pure: reads the ecosystem, the reach and the sharing of places; no printing, no I/O.
//! Gaps come in map order of cohorts, and within a cohort in the order of its `needs`.

mod blockers;
mod fix;

use std::collections::BTreeMap;

use rayon::prelude::*;

use self::blockers::Glance;
pub use self::blockers::{
    Blocker, Known, LeftOut, Link, Obstacle, Referrer, ReferrerStatus, blocker, missing_link,
};
pub use self::fix::{Fix, Spare, Unblock};
use super::capacity::{Allocation, Capacity, LEAST_SHORTFALL, Supply};
use super::routes::{Reach, Route, after_job_entry};
use crate::eligibility::Ternary;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};

/// The stage whose route continuity is measured from (001, core concept 6).
pub const JOB_SEARCH: &str = "job-search";
/// The stage of gateways: where people show up and are referred on.
pub const ACCESS: &str = "access";

/// What kind of gap a cohort-stage has. The order of the variants is the order in which the kinds
/// of a cohort-stage without a route are tried; `capacity` applies only where a route exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GapKind {
    /// A route to job search but none to the in-work or retention support it also needs.
    Continuity,
    /// No service on the map offers the stage.
    NoService,
    /// Eligible for a service offering it, but no referral chain leads there.
    Unreachable,
    /// The only services that might serve it depend on an attribute the cohort lacks or partly meets.
    Undetermined,
    /// Every service offering it excludes the cohort.
    NotEligible,
    /// Routes exist, but the places are short of need.
    Capacity,
}

impl GapKind {
    /// Every kind, in the order they are tried (capacity last).
    pub const ALL: [GapKind; 6] = [
        GapKind::Continuity,
        GapKind::NoService,
        GapKind::Unreachable,
        GapKind::Undetermined,
        GapKind::NotEligible,
        GapKind::Capacity,
    ];

    /// The kind as written in output: `no-service`.
    pub fn name(self) -> &'static str {
        match self {
            GapKind::Continuity => "continuity",
            GapKind::NoService => "no-service",
            GapKind::Unreachable => "unreachable",
            GapKind::Undetermined => "undetermined",
            GapKind::NotEligible => "not-eligible",
            GapKind::Capacity => "capacity",
        }
    }

    /// What the kind means, in one sentence, for legends.
    pub fn meaning(self) -> &'static str {
        match self {
            GapKind::Continuity => {
                "support stops at job entry: a route to job search, none to the in-work or retention support also needed"
            }
            GapKind::NoService => "no service on the map offers the stage",
            GapKind::Unreachable => {
                "the cohort is eligible for a service offering the stage, but no referral chain leads there"
            }
            GapKind::Undetermined => {
                "the services that might serve it depend on something the map does not say about the cohort"
            }
            GapKind::NotEligible => "every service offering the stage excludes the cohort",
            GapKind::Capacity => {
                "routes exist, but there are fewer places than people needing them"
            }
        }
    }
}

/// A capacity gap's figures.
#[derive(Debug, Clone)]
pub struct Shortfall {
    /// People needing the stage.
    pub need: f64,
    /// People given a place when the places are shared.
    pub served: f64,
    /// People without a place.
    pub short: f64,
    /// The places of the services on the cohort's routes, summed.
    pub places: u64,
    /// Each service on the cohort's routes with its places, in map order.
    pub each: Vec<(Id, u64)>,
    /// The services whose places ran out (all of them are full), in map order.
    pub bottleneck: Vec<Id>,
    /// Other cohorts holding places at the bottleneck services, for any stage: (cohort, places),
    /// cohorts in map order.
    pub shared_with: Vec<(Id, f64)>,
    /// When the places can be shared in more than one way that serves as many people: the least
    /// and the most of this cohort-stage that a best sharing could serve (`served` is the
    /// fairest). Absent when the split is the only best one.
    pub served_range: Option<(f64, f64)>,
}

/// Why a cohort-stage has its gap, as data: what its one-sentence summary says.
#[derive(Debug, Clone)]
pub enum Why {
    /// Routes to job search (`job_search`, the services) but none to this stage; `offered` says
    /// whether any service on the map offers it at all.
    Continuity { job_search: Vec<Id>, offered: bool },
    /// No service on the map offers the stage.
    NoService,
    /// Eligible for `services`, but no referral chain leads there from where the cohort enters
    /// (`enters_via`) or from any service it can walk into.
    Unreachable {
        services: Vec<Id>,
        enters_via: Vec<Id>,
    },
    /// The only services that might serve it depend on `attributes`, which the map does not state
    /// for the cohort or which only partly meet their rules.
    Undetermined {
        services: Vec<Id>,
        attributes: Vec<String>,
    },
    /// Every service offering the stage excludes the cohort.
    NotEligible { services: Vec<Id> },
    /// Routes exist, but the places fall short.
    Capacity(Shortfall),
}

/// One cohort-stage with no route, or with too few places.
#[derive(Debug, Clone)]
pub struct Gap {
    pub cohort: Id,
    pub stage: StageId,
    pub kind: GapKind,
    /// The shortfall for a capacity gap; otherwise the people needing the stage.
    pub people: f64,
    /// The people needing the stage: cohort size × share, to the nearest person.
    pub need: f64,
    /// The services concerned: for `continuity` and `not-eligible` every service offering the stage;
    /// for `unreachable` those the cohort is eligible for; for `undetermined` those undetermined;
    /// for `capacity` the services whose places ran out; none for `no-service`. Map order.
    pub services: Vec<Id>,
    /// Why, as data.
    pub reason: Why,
    /// The nearest fix, as data.
    pub fix: Fix,
    /// Every service offering the stage, and what keeps the cohort from it: unreachable ones first,
    /// then undetermined, then not eligible (so those of the gap's own kind lead), map order within.
    /// Only the nearest few once the list is shortened: by [`Gaps::keep_blockers`], or as the gap
    /// is made ([`unrouted_showing`], which works out no reasons for those it leaves out).
    pub blockers: Vec<Blocker>,
    /// The services offering the stage whose blockers a shortened list leaves out (none unless it
    /// is shortened).
    pub left_out: LeftOut,
    /// For `continuity`: the cohort's routes to job search.
    pub job_search_routes: Vec<Route>,
}

impl Gap {
    /// For a capacity gap, its figures.
    pub fn shortfall(&self) -> Option<&Shortfall> {
        match &self.reason {
            Why::Capacity(s) => Some(s),
            _ => None,
        }
    }
}

/// A cohort-stage with routes where a service on them has no stated capacity: no shortfall can be
/// claimed, and none is.
#[derive(Debug, Clone)]
pub struct CapacityNote {
    pub cohort: Id,
    pub stage: StageId,
    pub need: f64,
    /// The services on its routes whose places are unknown (no stated capacity, or national), in
    /// map order.
    pub services: Vec<Id>,
    /// Those of them that are national: their places are notional for the area.
    pub national: Vec<Id>,
    /// The places of the local services on its routes that do state them, summed: a national
    /// service's stated places are notional for the area, so they are not among them.
    pub known_places: u64,
}

/// How many of a gap's blockers a report lists, nearest to a route first, unless asked for every
/// one (`--all`): a page can be read through that many, and every bundled map has fewer.
pub const SHOWN_BLOCKERS: usize = 20;

/// Every gap on the map, and the cohort-stages whose capacity is unknown.
#[derive(Debug, Clone)]
pub struct Gaps {
    /// Cohorts in map order, each cohort's stages in the order of its `needs`.
    pub gaps: Vec<Gap>,
    /// Same order.
    pub capacity_unknown: Vec<CapacityNote>,
}

impl Gaps {
    /// The gaps of one kind.
    pub fn of_kind(&self, kind: GapKind) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(move |g| g.kind == kind)
    }

    /// The gaps of one cohort, in the order of its `needs`.
    pub fn of_cohort<'g>(&'g self, cohort: &'g Id) -> impl Iterator<Item = &'g Gap> {
        self.gaps.iter().filter(move |g| &g.cohort == cohort)
    }

    /// Shortens each gap's list of blockers to its nearest `shown` (the list is ordered nearest
    /// to a route first), counting the rest in [`Gap::left_out`]: what a large map shows, where a
    /// stage offered across a county lists thousands of services that are not open to a cohort.
    /// Nothing else of a gap depends on the blockers left out: its kind, services, reason and
    /// fix were worked out from all of them.
    pub fn keep_blockers(&mut self, shown: usize) {
        for g in &mut self.gaps {
            if g.blockers.len() > shown {
                g.left_out.add(&g.blockers[shown..]);
                g.blockers.truncate(shown);
            }
        }
    }

    /// The gap of a cohort-stage, if it has one.
    pub fn find(&self, cohort: &str, stage: &str) -> Option<&Gap> {
        self.gaps
            .iter()
            .find(|g| g.cohort.as_str() == cohort && g.stage.as_str() == stage)
    }
}

/// The sharing of places, looked up by key rather than searched for each cohort-stage.
struct Sharing<'c> {
    /// (cohort, stage) → its allocation.
    allocation: BTreeMap<(&'c str, &'c str), &'c Allocation>,
    /// service → (cohort, places it holds there), cohorts in map order.
    held: BTreeMap<&'c str, Vec<(&'c Id, f64)>>,
    /// service → places no one holds.
    free: BTreeMap<&'c str, f64>,
}

impl<'c> Sharing<'c> {
    fn new(capacity: &'c Capacity) -> Sharing<'c> {
        let mut held: BTreeMap<&str, Vec<(&Id, f64)>> = BTreeMap::new();
        for a in &capacity.allocations {
            for (s, n) in &a.by_service {
                let list = held.entry(s.as_str()).or_default();
                match list.iter_mut().find(|(c, _)| *c == &a.cohort) {
                    Some((_, h)) => *h = h.max(*n),
                    None => list.push((&a.cohort, *n)),
                }
            }
        }
        Sharing {
            allocation: capacity
                .allocations
                .iter()
                .map(|a| ((a.cohort.as_str(), a.stage.as_str()), a))
                .collect(),
            held,
            free: capacity
                .services
                .iter()
                .filter_map(|u| u.free().map(|f| (u.service.as_str(), f)))
                .collect(),
        }
    }
}

/// Finds every gap.
pub fn gaps(eco: &Ecosystem, reach: &Reach, capacity: &Capacity) -> Gaps {
    gaps_of(eco, reach, capacity, |_| true)
}

/// [`gaps`] of the cohorts `keep` accepts (by index) only.
pub fn gaps_of(
    eco: &Ecosystem,
    reach: &Reach,
    capacity: &Capacity,
    keep: impl Fn(usize) -> bool + Sync,
) -> Gaps {
    gaps_from(eco, reach, capacity, keep, None)
}

/// The gaps of the cohort-stages no route reaches, cohort by cohort, each cohort's in the order of
/// its needs: the part of [`gaps`] that needs no sharing of places, and most of its work (each
/// says what keeps the cohort from every service offering the stage), so it can be worked out
/// beside the sharing and handed to [`gaps_given`].
pub struct Unrouted(Vec<Vec<Gap>>);

/// [`Unrouted`] of a map, on every core.
pub fn unrouted(eco: &Ecosystem, reach: &Reach) -> Unrouted {
    unrouted_showing(eco, reach, None)
}

/// [`unrouted`], each gap's blockers cut to the nearest `shown` (all when `None`), the rest
/// counted by obstacle, as [`Gaps::keep_blockers`] leaves them: the reasons of those left out
/// are not worked out, save where the gap's fix or its undetermined attributes are read from them.
pub fn unrouted_showing(eco: &Ecosystem, reach: &Reach, shown: Option<usize>) -> Unrouted {
    Unrouted(
        (0..eco.map.cohorts.len())
            .into_par_iter()
            .map(|ci| {
                (eco.cohort(ci).stages_needed())
                    .filter(|stage| reach.options(eco, ci, stage.as_str()).is_empty())
                    .map(|stage| no_route(eco, reach, ci, stage, shown))
                    .collect()
            })
            .collect(),
    )
}

/// [`gaps`], the gaps without a route taken from `unrouted`, found on the same map and reach.
pub fn gaps_given(eco: &Ecosystem, reach: &Reach, capacity: &Capacity, unrouted: Unrouted) -> Gaps {
    gaps_from(eco, reach, capacity, |_| true, Some(unrouted))
}

/// [`gaps_of`], the gaps without a route taken from `unrouted` where it is given.
fn gaps_from(
    eco: &Ecosystem,
    reach: &Reach,
    capacity: &Capacity,
    keep: impl Fn(usize) -> bool + Sync,
    unrouted: Option<Unrouted>,
) -> Gaps {
    let sharing = Sharing::new(capacity);
    let mut made: Vec<Option<Vec<Gap>>> = match unrouted {
        Some(Unrouted(per_cohort)) => per_cohort.into_iter().map(Some).collect(),
        None => Vec::new(),
    };
    made.resize_with(eco.map.cohorts.len(), || None);
    // Each cohort's gaps are its own: worked out on every core, gathered in cohort order.
    let per_cohort: Vec<Gaps> = (made.into_par_iter().enumerate())
        .filter(|(ci, _)| keep(*ci))
        .map(|(ci, made)| cohort_gaps(eco, reach, &sharing, ci, made))
        .collect();
    let mut out = Gaps {
        gaps: Vec::new(),
        capacity_unknown: Vec::new(),
    };
    for mut g in per_cohort {
        out.gaps.append(&mut g.gaps);
        out.capacity_unknown.append(&mut g.capacity_unknown);
    }
    out
}

/// The gaps of cohort `ci`, stage by stage in the order of its needs; those without a route taken
/// in turn from `unrouted` where it is given (the cohort's from [`Unrouted`]).
fn cohort_gaps(
    eco: &Ecosystem,
    reach: &Reach,
    sharing: &Sharing<'_>,
    ci: usize,
    unrouted: Option<Vec<Gap>>,
) -> Gaps {
    let c = eco.cohort(ci);
    let mut out = Gaps {
        gaps: Vec::new(),
        capacity_unknown: Vec::new(),
    };
    let mut unrouted = unrouted.map(Vec::into_iter);
    for stage in c.stages_needed() {
        let options = reach.options(eco, ci, stage.as_str());
        if options.is_empty() {
            // Made for this stage (the same map and reach give the same stages without a
            // route, in the same order); anything else is made here.
            let made = (unrouted.as_mut().and_then(Iterator::next)).filter(|g| g.stage == *stage);
            out.gaps
                .push(made.unwrap_or_else(|| no_route(eco, reach, ci, stage, None)));
            continue;
        }
        let Some(&alloc) = sharing.allocation.get(&(c.id.as_str(), stage.as_str())) else {
            continue;
        };
        match alloc.supply {
            Supply::Short => out
                .gaps
                .push(shortfall(eco, reach, sharing, ci, &options, alloc)),
            Supply::Unknown => out.capacity_unknown.push(unknown(eco, &options, alloc)),
            Supply::Met | Supply::NoRoute => {}
        }
    }
    out
}

/// Every service offering `stage`, as cohort `ci` (which no route takes there) sees it: nearest to
/// a route first, so the services of the gap's own kind lead, then map order.
fn glances(eco: &Ecosystem, reach: &Reach, ci: usize, stage: &str) -> Vec<Glance> {
    let mut seen: Vec<Glance> = (eco.offering(stage).iter())
        .map(|&s| Glance::of(eco, reach, ci, s, stage))
        .collect();
    seen.sort_by_key(|g| (g.obstacle, g.service));
    seen
}

/// Every blocker of `gap`, found on `eco` with `reach` where it was made with some left out (as
/// [`Gaps::keep_blockers`] or a gap made showing fewer leaves it), the same as a gap made showing
/// all would have: for what compares gaps, which needs none of them, and shows a few gaps whole.
pub fn blockers_in_full(eco: &Ecosystem, reach: &Reach, gap: &mut Gap) {
    if gap.left_out.total() == 0 {
        return;
    }
    let Some(ci) = eco.cohort_ix(gap.cohort.as_str()) else {
        return;
    };
    let stage = gap.stage.as_str();
    let mut known = Known::default();
    gap.blockers = (glances(eco, reach, ci, stage).iter())
        .map(|g| blocker(eco, reach, ci, g.service, stage, &mut known))
        .collect();
    gap.left_out = LeftOut::default();
}

/// The gap of a cohort-stage no route reaches. One piece: its kind chooses the reason and the fix,
/// one arm each.
fn no_route(
    eco: &Ecosystem,
    reach: &Reach,
    ci: usize,
    stage: &StageId,
    shown: Option<usize>,
) -> Gap {
    let c = eco.cohort(ci);
    let need = c.need(stage.as_str());
    let offering: Vec<usize> = eco.offering(stage.as_str()).to_vec();
    let mut known = Known::default();
    let seen = glances(eco, reach, ci, stage.as_str());
    let kept = shown.map_or(seen.len(), |n| n.min(seen.len()));
    let blockers: Vec<(usize, Blocker)> = seen[..kept]
        .iter()
        .map(|g| {
            let b = blocker(eco, reach, ci, g.service, stage.as_str(), &mut known);
            (g.service, b)
        })
        .collect();
    let mut left_out = LeftOut::default();
    left_out.count(seen[kept..].iter().map(|g| g.obstacle));
    let job_search_routes = job_search_routes(eco, reach, ci, stage);
    let kind = kind_without_route(&job_search_routes, &seen);
    let of = |o: Obstacle| -> Vec<Id> {
        (seen.iter().filter(|g| g.obstacle == o))
            .map(|g| eco.service(g.service).id.clone())
            .collect()
    };
    let unblock = blockers::nearest(eco, ci, stage.as_str(), &seen, &mut known).map(|s| {
        match blockers.iter().find(|(shown, _)| *shown == s) {
            Some((_, b)) => Unblock::of(b, &c.id),
            None => Unblock::of(
                &blocker(eco, reach, ci, s, stage.as_str(), &mut known),
                &c.id,
            ),
        }
    });
    let nearest_fix = || {
        unblock
            .clone()
            .map_or(Fix::Unknown, |u| Fix::Unblock { unblock: u })
    };
    let offering_ids = || -> Vec<Id> {
        offering
            .iter()
            .map(|&s| eco.service(s).id.clone())
            .collect()
    };
    let (reason, services, fix) = match kind {
        GapKind::Continuity => {
            let extend = to_extend(eco, &job_search_routes);
            (
                Why::Continuity {
                    job_search: job_search_routes
                        .iter()
                        .map(|r| r.service.clone())
                        .collect(),
                    offered: !offering.is_empty(),
                },
                offering_ids(),
                Fix::Continue {
                    unblock: unblock.clone(),
                    extend,
                    stage: stage.clone(),
                },
            )
        }
        GapKind::NoService => (
            Why::NoService,
            Vec::new(),
            Fix::Commission {
                stage: stage.clone(),
                add_to: providers_reached(eco, reach, ci)
                    .into_iter()
                    .map(|s| eco.service(s).id.clone())
                    .collect(),
            },
        ),
        GapKind::Unreachable => {
            let services = of(Obstacle::Unreachable);
            (
                Why::Unreachable {
                    services: services.clone(),
                    enters_via: c.enters_via.clone(),
                },
                services,
                nearest_fix(),
            )
        }
        GapKind::Undetermined => {
            let services = of(Obstacle::Undetermined);
            (
                Why::Undetermined {
                    services: services.clone(),
                    attributes: blockers::undetermined_attributes(
                        eco,
                        ci,
                        stage.as_str(),
                        &seen,
                        &mut known,
                    ),
                },
                services,
                nearest_fix(),
            )
        }
        // `Capacity` is never chosen here: it needs a route.
        GapKind::NotEligible | GapKind::Capacity => {
            let services: Vec<Id> = (seen.iter())
                .map(|g| eco.service(g.service).id.clone())
                .collect();
            (
                Why::NotEligible {
                    services: services.clone(),
                },
                services,
                nearest_fix(),
            )
        }
    };
    Gap {
        cohort: c.id.clone(),
        stage: stage.clone(),
        kind,
        people: need,
        need,
        services,
        reason,
        fix,
        blockers: blockers.into_iter().map(|(_, b)| b).collect(),
        left_out,
        job_search_routes,
    }
}

/// For a stage after job entry, the cohort's routes to job search (when it needs job search).
fn job_search_routes(eco: &Ecosystem, reach: &Reach, ci: usize, stage: &StageId) -> Vec<Route> {
    if after_job_entry(stage.as_str()) && eco.cohort(ci).needs_stage(JOB_SEARCH) {
        reach
            .options(eco, ci, JOB_SEARCH)
            .into_iter()
            .filter_map(|s| reach.route(eco, ci, s))
            .collect()
    } else {
        Vec::new()
    }
}

/// The kind of a gap no route reaches: continuity where the cohort has routes to job search;
/// else, by what stands in the way of the services offering the stage, the nearest to a route.
fn kind_without_route(job_search_routes: &[Route], seen: &[Glance]) -> GapKind {
    let has = |o: Obstacle| seen.iter().any(|g| g.obstacle == o);
    if !job_search_routes.is_empty() {
        GapKind::Continuity
    } else if seen.is_empty() {
        GapKind::NoService
    } else if has(Obstacle::Unreachable) {
        GapKind::Unreachable
    } else if has(Obstacle::Undetermined) {
        GapKind::Undetermined
    } else {
        GapKind::NotEligible
    }
}

/// The job-search service to extend into the later stage: the first that is not a gateway, else
/// the first.
fn to_extend(eco: &Ecosystem, job_search_routes: &[Route]) -> Option<Id> {
    job_search_routes
        .iter()
        .find(|r| {
            eco.service_ix(r.service.as_str())
                .is_some_and(|s| !is_gateway(eco, s))
        })
        .or(job_search_routes.first())
        .map(|r| r.service.clone())
}

/// Gateways (a GP practice, a jobcentre's front door) are where people show up and are referred
/// on, not the support to extend: a service of model `gateway`, or one offering `access`.
fn is_gateway(eco: &Ecosystem, s: usize) -> bool {
    let svc = eco.service(s);
    svc.model == "gateway" || svc.offers(ACCESS)
}

/// Services the cohort reaches that give it some stage it needs, nearest first.
fn providers_reached(eco: &Ecosystem, reach: &Reach, ci: usize) -> Vec<usize> {
    let c = eco.cohort(ci);
    let mut out: Vec<usize> = reach
        .reached(ci)
        .filter(|&s| {
            let svc = eco.service(s);
            c.stages_needed().any(|st| svc.offers(st.as_str()))
        })
        .collect();
    out.sort_by_key(|&s| (reach.chain(ci, s).len(), s));
    out.truncate(3);
    out
}

/// A capacity gap.
fn shortfall(
    eco: &Ecosystem,
    reach: &Reach,
    sharing: &Sharing<'_>,
    ci: usize,
    options: &[usize],
    alloc: &Allocation,
) -> Gap {
    let c = eco.cohort(ci);
    let stage = &alloc.stage;
    let short = alloc.shortfall();
    let each: Vec<(Id, u64)> = options
        .iter()
        .map(|&s| {
            let svc = eco.service(s);
            (svc.id.clone(), svc.capacity.people_per_year.unwrap_or(0))
        })
        .collect();
    let places: u64 = options
        .iter()
        .filter_map(|&s| eco.service(s).capacity.people_per_year)
        .sum();
    // Other cohorts holding places at the full services, whatever stages they use there.
    let mut taken: BTreeMap<&Id, f64> = BTreeMap::new();
    for s in &alloc.bottleneck {
        for (other, n) in sharing.held.get(s.as_str()).into_iter().flatten() {
            if **other != c.id && *n > 0.0 {
                *taken.entry(other).or_insert(0.0) += n;
            }
        }
    }
    let mut shared_with: Vec<(Id, f64)> = taken.into_iter().map(|(c, n)| (c.clone(), n)).collect();
    shared_with.sort_by_key(|(id, _)| eco.cohort_ix(id.as_str()));
    let spare = spare(eco, reach, sharing, ci, stage);
    Gap {
        cohort: c.id.clone(),
        stage: stage.clone(),
        kind: GapKind::Capacity,
        people: short,
        need: alloc.need,
        services: alloc.bottleneck.clone(),
        reason: Why::Capacity(Shortfall {
            need: alloc.need,
            served: alloc.served,
            short,
            places,
            each,
            bottleneck: alloc.bottleneck.clone(),
            shared_with,
            served_range: alloc.range,
        }),
        fix: Fix::Places {
            add: short,
            at: alloc.bottleneck.clone(),
            spare,
        },
        blockers: Vec::new(),
        left_out: LeftOut::default(),
        job_search_routes: Vec::new(),
    }
}

/// The service with the most room to spare that the cohort may use for `stage` but cannot reach.
fn spare(
    eco: &Ecosystem,
    reach: &Reach,
    sharing: &Sharing<'_>,
    ci: usize,
    stage: &StageId,
) -> Option<Spare> {
    // A service with room to spare that the cohort could use but cannot reach is a nearer fix
    // than new places.
    (eco.offering(stage.as_str()).iter().copied())
        .filter(|&s| !reach.reaches_for(ci, s, stage.as_str()))
        .filter(|&s| {
            eco.verdict(ci, s) == Ternary::Yes
                || (after_job_entry(stage.as_str()) && eco.verdict_after(ci, s) == Ternary::Yes)
        })
        .filter_map(|s| {
            let svc = eco.service(s);
            let places = super::capacity::places(eco, s)? as f64;
            let free = sharing.free.get(svc.id.as_str()).copied().unwrap_or(places);
            Some((s, free))
        })
        .filter(|&(_, free)| free >= LEAST_SHORTFALL)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, free)| Spare {
            service: eco.service(s).id.clone(),
            free,
            link: missing_link(eco, reach, ci, s),
        })
}

/// The note for a cohort-stage whose routes include a service with no stated capacity.
fn unknown(eco: &Ecosystem, options: &[usize], alloc: &Allocation) -> CapacityNote {
    let known_places: u64 = options
        .iter()
        .filter_map(|&s| super::capacity::places(eco, s))
        .sum();
    CapacityNote {
        cohort: alloc.cohort.clone(),
        stage: alloc.stage.clone(),
        need: alloc.need,
        services: alloc.unknown_capacity.clone(),
        national: alloc
            .unknown_capacity
            .iter()
            .filter(|s| eco.map.services.get(s.as_str()).is_some_and(|x| x.national))
            .cloned()
            .collect(),
        known_places,
    }
}
