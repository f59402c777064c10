//! Sharing places between cohorts. A place is one person a year who receives every stage of the
//! service that they need (an IPS place covers engagement, job search and in-work support), so a
//! cohort using several stages of one service holds there as many places as its largest need
//! among those stages (people needing a later stage are taken to be among those needing an
//! earlier one), and people of different cohorts hold separate places.
//!
//! The places are shared to meet as many needs as possible, and among the ways of doing that, the
//! fairest (the lexicographic max-min of the share of each cohort-stage's need met): a small linear
//! programme ([`fair`]), solved part by part. Before it, every service with room for everyone who
//! can use it serves them all, and the cohort-stages it serves leave the programme (they are met
//! whatever else happens, and use nothing another cohort-stage could); what remains falls into
//! parts that share no service, each solved on its own. On a real map most of it peels away.
//!
//! A cohort-stage that can use a service with no stated capacity is marked `capacity unknown`,
//! never short: nothing can be said about its places. It leaves the programme too, served by that
//! service. So does one that can use a national or statutory service (`national: true`): the
//! places such a service states are notional for the area's cohorts, never a local limit.
//!
//! The programme is private to this module: the model graph is not bent to fit the algorithm.

mod fair;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use petgraph::unionfind::UnionFind;
use rayon::prelude::*;

use super::routes::Reach;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};

/// Whether a cohort's need for a stage is met by the places it can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supply {
    /// No route: the gap analysis says why.
    NoRoute,
    /// Every person needing the stage has a place.
    Met,
    /// Places ran out: `need - served` people go without.
    Short,
    /// A service the cohort can use has no stated capacity, or the sharing could not be worked
    /// out: no shortfall can be claimed.
    Unknown,
}

/// A shortfall smaller than this many people is not one: the sharing works in fractions of a
/// person, and reports count whole people.
pub const LEAST_SHORTFALL: f64 = 0.5;

/// One cohort's share of the places for one stage.
#[derive(Debug, Clone)]
pub struct Allocation {
    pub cohort: Id,
    pub stage: StageId,
    /// People needing the stage: cohort size × share, unrounded.
    pub need: f64,
    /// People given a place.
    pub served: f64,
    pub supply: Supply,
    /// People given a place at each service, in map order (services giving none are left out).
    pub by_service: Vec<(Id, f64)>,
    /// For a shortfall: the services whose places ran out, in map order.
    pub bottleneck: Vec<Id>,
    /// Services the cohort can use whose places are unknown: they state none, or they are national
    /// (their places notional for the area). Map order.
    pub unknown_capacity: Vec<Id>,
    /// When the most needs can be met by more than one split between cohort-stages: the least and
    /// the most this one could be given (`served` is the fairest split). Absent when fixed.
    pub range: Option<(f64, f64)>,
}

impl Allocation {
    /// People who need the stage and get no place.
    pub fn shortfall(&self) -> f64 {
        if self.supply == Supply::Short {
            (self.need - self.served).max(0.0)
        } else {
            0.0
        }
    }
}

/// How a service's places are used.
#[derive(Debug, Clone)]
pub struct ServiceUse {
    pub service: Id,
    /// Its places for the sharing: `None` when it states none or is national.
    pub places: Option<u64>,
    /// Places held, by every cohort using the service.
    pub held: f64,
    /// People given each stage it offers, in the order of its `stages` (those someone needs).
    pub by_stage: Vec<(StageId, f64)>,
}

impl ServiceUse {
    /// Places no one holds; `None` for a service with no stated capacity.
    pub fn free(&self) -> Option<f64> {
        self.places.map(|p| (p as f64 - self.held).max(0.0))
    }
}

/// The sharing of places for every cohort-stage, in the order of [`super::routes::routes`], and
/// the use of every service some cohort can use, in map order.
#[derive(Debug, Clone)]
pub struct Capacity {
    pub allocations: Vec<Allocation>,
    pub services: Vec<ServiceUse>,
    /// Parts of the map the solver could not share, with its words (their cohort-stages are
    /// `unknown`). Empty on every map seen so far.
    pub unsolved: Vec<String>,
    /// Per service, in map order: every best sharing fills its places, as the dual programme of
    /// its part shows (`false` where it does not show it).
    pub filled: Vec<bool>,
}

impl Capacity {
    /// A cohort's places held at a service: the most people of any one stage it is given there.
    pub fn held(&self, cohort: &str, service: &str) -> f64 {
        self.allocations
            .iter()
            .filter(|a| a.cohort.as_str() == cohort)
            .flat_map(|a| a.by_service.iter())
            .filter(|(s, _)| s.as_str() == service)
            .map(|(_, n)| *n)
            .fold(0.0, f64::max)
    }
}

impl Capacity {
    /// Whether each cohort-stage is still given the people it is given here once some
    /// cohort-stages can use fewer services, nothing else changed (no need, no places, no
    /// cohort-stage left with none): `fewer` gives those cohort-stages (by position in
    /// `allocations`) with the services they can still use. It is so when no one was given a place
    /// at a service a cohort-stage can no longer use, and no part was left unsolved. The people
    /// the best, fairest sharing gives each cohort-stage are one answer (a lexicographic max-min
    /// over a convex set has one); this sharing is still possible with fewer options, and no
    /// better one became possible, so it is still that answer. Which services serve could be
    /// chosen otherwise where several can, and a range over equally good sharings could narrow:
    /// neither is said here.
    pub fn stands_with_fewer_options<'a>(
        &self,
        eco: &Ecosystem,
        fewer: impl IntoIterator<Item = (usize, &'a [usize])>,
    ) -> bool {
        self.unsolved.is_empty()
            && fewer.into_iter().all(|(i, options)| {
                self.allocations.get(i).is_some_and(|a| {
                    a.by_service.iter().all(|(s, _)| {
                        eco.service_ix(s.as_str())
                            .is_some_and(|s| options.binary_search(&s).is_ok())
                    })
                })
            })
    }
}

/// One cohort-stage while the places are shared.
struct Row {
    cohort: usize,
    stage: StageId,
    need: f64,
    /// Services offering the stage that the cohort reaches, map order.
    options: Vec<usize>,
    /// People served at each option.
    served: Vec<f64>,
    supply: Supply,
    range: Option<(f64, f64)>,
}

/// A number of people to a millionth of a person, as the sharing gives them: the solver's
/// round-off is below that, and would otherwise show as 19.99999998 people.
pub fn millionth(n: f64) -> f64 {
    (n * 1e6).round() / 1e6
}

/// The places a service has for the sharing: its stated places, unless it states none or is
/// national (its places are then notional for the area).
pub fn places(eco: &Ecosystem, s: usize) -> Option<u64> {
    let svc = eco.service(s);
    if svc.national {
        None
    } else {
        svc.capacity.people_per_year
    }
}

/// The answers of parts of the sharing already solved, kept so that analysing a changed map again
/// solves only the parts the change touches (what-if, contracts, diff). A part's answer depends on
/// nothing but its programme (needs, options and places, numbered by id), which is the key: a part
/// found again with the same programme gets the same answer, as if solved again.
#[derive(Debug)]
pub struct Solutions {
    solved: Mutex<BTreeMap<PartKey, Result<fair::Solved, fair::Failed>>>,
    /// The fillings of the parts' pieces, for a part solved again whose pieces are not all
    /// changed.
    fillings: fair::Fillings,
    /// Whether each cohort-stage's range over the best sharings is worked out.
    ranges: bool,
}

impl Default for Solutions {
    fn default() -> Solutions {
        Solutions {
            solved: Mutex::default(),
            fillings: fair::Fillings::default(),
            ranges: true,
        }
    }
}

/// A part's programme, exactly ([`fair::ProgrammeKey`]).
type PartKey = fair::ProgrammeKey;

impl Solutions {
    /// For analyses that read who is served and who is short, never the range of a cohort-stage
    /// over equally good sharings ([`Allocation::range`], a capacity gap's `served_range`): that
    /// range is left out (`None`), which spares most of the solving. Everything else is the same.
    pub fn without_ranges() -> Solutions {
        Solutions {
            ranges: false,
            ..Solutions::default()
        }
    }

    fn key(programme: &[fair::Row], places: &[f64]) -> PartKey {
        fair::programme_key(programme, places)
    }

    /// The answer of a part already solved, if it is. A poisoned lock only means another thread
    /// panicked: the part is solved again rather than shared.
    fn known(&self, key: &PartKey) -> Option<Result<fair::Solved, fair::Failed>> {
        self.solved.lock().ok().and_then(|m| m.get(key).cloned())
    }

    fn solve(&self, programme: &[fair::Row], places: &[f64]) -> Result<fair::Solved, fair::Failed> {
        let key = Solutions::key(programme, places);
        if let Some(known) = self.known(&key) {
            return known;
        }
        let least = self.ranges.then_some(LEAST_SHORTFALL);
        let answer = fair::solve_with(programme, places, least, &self.fillings);
        if let Ok(mut m) = self.solved.lock() {
            m.insert(key, answer.clone());
        }
        answer
    }
}

/// Shares the places.
pub fn allocate(eco: &Ecosystem, reach: &Reach) -> Capacity {
    allocate_reusing(eco, reach, &Solutions::default())
}

/// Shares the places, taking the answer of any part already solved from `known` (and keeping
/// there those it solves): the same answer as [`allocate`].
pub fn allocate_reusing(eco: &Ecosystem, reach: &Reach, known: &Solutions) -> Capacity {
    allocate_with(
        eco,
        |ci, _, stage| reach.options(eco, ci, stage.as_str()),
        known,
    )
}

/// Shares the places, each cohort-stage able to use the services `options` gives it (cohort,
/// position of the stage in its `needs`, stage → services in map order): [`allocate_reusing`] for
/// routes known otherwise.
pub fn allocate_with(
    eco: &Ecosystem,
    options: impl Fn(usize, usize, &StageId) -> Vec<usize>,
    known: &Solutions,
) -> Capacity {
    let (rows, parts) = rows_and_parts(eco, options);
    share(eco, rows, &parts, known)
}

/// The services each of the map's cohort-stages can use (in the order of the sharing's
/// allocations), and the cohort-stages grouped by where their places are shared, for sharing them
/// again after a change only where the change reaches ([`reshare_unless_as_before`]): the services joined by
/// the cohort-stages that share places (those that can use only services that state their
/// places) make regions that share nothing, and a change to some cohorts' options can change how
/// the places are shared only in the regions of the services those cohorts could use.
pub struct Regions {
    /// Per cohort-stage, in the order of the sharing's allocations: the services it can use.
    options: Vec<Vec<usize>>,
    /// Per cohort-stage: its cohort.
    cohort_of: Vec<usize>,
    /// Per cohort-stage: its stage and need.
    stage: Vec<(StageId, f64)>,
    /// Per cohort: the position of its first cohort-stage.
    first: Vec<usize>,
    /// Per service: its region (the root of its services' union).
    region: Vec<usize>,
    /// Per region, by root: the cohort-stages that share places there.
    sharing: BTreeMap<usize, Vec<usize>>,
}

impl Regions {
    /// The regions of a map whose cohort-stages can use the services `options` gives them
    /// (cohort, position of the stage in its `needs`, stage → services in map order).
    pub fn of(eco: &Ecosystem, options: impl Fn(usize, usize, &StageId) -> Vec<usize>) -> Regions {
        let mut regions = Regions {
            options: Vec::new(),
            cohort_of: Vec::new(),
            stage: Vec::new(),
            first: Vec::new(),
            region: Vec::new(),
            sharing: BTreeMap::new(),
        };
        for (ci, c) in eco.map.cohorts.values().enumerate() {
            regions.first.push(regions.options.len());
            for (k, (stage, need)) in c.stage_needs().enumerate() {
                regions.options.push(options(ci, k, stage));
                regions.cohort_of.push(ci);
                regions.stage.push((stage.clone(), need));
            }
        }
        let shares = |o: &[usize]| !o.is_empty() && o.iter().all(|&s| places(eco, s).is_some());
        let mut joined = UnionFind::<usize>::new(eco.map.services.len());
        for o in regions.options.iter().filter(|o| shares(o)) {
            for &s in &o[1..] {
                joined.union(o[0], s);
            }
        }
        regions.region = joined.into_labeling();
        for (i, o) in regions.options.iter().enumerate() {
            if shares(o) {
                let root = regions.region[o[0]];
                regions.sharing.entry(root).or_default().push(i);
            }
        }
        regions
    }

    /// Cohort `c`'s cohort-stages, by position.
    fn rows_of(&self, c: usize) -> std::ops::Range<usize> {
        let end = self.first.get(c + 1).copied().unwrap_or(self.options.len());
        self.first[c]..end
    }

    /// The services each stage cohort `c` needs can use, in the order of its `needs`.
    pub fn stages_of(&self, c: usize) -> &[Vec<usize>] {
        &self.options[self.rows_of(c)]
    }

    /// The position of cohort `c`'s `k`-th stage among the sharing's allocations.
    pub fn position(&self, c: usize, k: usize) -> usize {
        self.first[c] + k
    }

    /// The cohort of the cohort-stage at position `i`.
    pub fn cohort_of(&self, i: usize) -> usize {
        self.cohort_of[i]
    }

    /// The cohort-stages whose sharing a change to the options of the cohorts `changed` can
    /// reach, in order: every cohort-stage of those cohorts, and every one sharing places in a
    /// region of a service they could use.
    ///
    /// With fewer options, a cohort-stage that shares places joins only services it could use
    /// before; one that shared none before and shares now (it lost its only service with no
    /// stated places) joins services it could use too; every other cohort-stage joins what it
    /// joined. So each region of the changed map with one of these cohort-stages in it lies within
    /// the regions of the services the changed cohorts could use; every other is a region of the
    /// map as it was, whose cohort-stages are shared as they were (their programmes the same).
    fn reached_by(&self, changed: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut rows: BTreeSet<usize> = BTreeSet::new();
        let mut roots: BTreeSet<usize> = BTreeSet::new();
        for c in changed {
            for i in self.rows_of(c) {
                rows.insert(i);
                roots.extend(self.options[i].iter().map(|&s| self.region[s]));
            }
        }
        for root in roots {
            rows.extend(self.sharing.get(&root).into_iter().flatten().copied());
        }
        rows.into_iter().collect()
    }
}

/// How the places are shared once the cohorts `changed` (by position) can use fewer services
/// (their options now, per stage in the order of their `needs`; a stage not given keeps its
/// options), nothing else changed, unless every cohort-stage is still given the people `before`
/// gives it: `None` then. `regions` are those of `before`'s map. Only the cohort-stages the change
/// can reach are shared again ([`Regions::reached_by`]): each with its position in
/// `before.allocations`, people served and supply; every other is given what `before` gives it.
///
/// The people the best, fairest sharing gives each cohort-stage are one answer (a lexicographic
/// max-min over a convex set has one). With fewer options there are fewer sharings, none better;
/// so if the people `before` gives are still possible, they are still the answer. That is asked
/// of each part left to solve in one programme ([`fair::can_give`]), where solving it is some
/// dozens; outside the parts each cohort-stage is given what it will be given (in full, or
/// nothing), compared directly. Which services serve could differ, and a range over equally
/// good sharings could narrow: neither is said by `None`.
///
/// When the options are fewer because service `lost` is gone, and every best sharing `before`
/// filled its places (some), nothing is asked: no sharing without it gives what `before` gave.
/// One that did would serve the same people without the service, so it would be a best sharing
/// of the map before (its options were there) that leaves the service's places empty.
pub fn reshare_unless_as_before(
    eco: &Ecosystem,
    regions: &Regions,
    changed: &BTreeMap<usize, Vec<Vec<usize>>>,
    known: &Solutions,
    before: &Capacity,
    lost: usize,
) -> Option<Vec<(usize, f64, Supply)>> {
    let reached = regions.reached_by(changed.keys().copied());
    let mut rows: Vec<Row> = Vec::with_capacity(reached.len());
    for &i in &reached {
        let c = regions.cohort_of[i];
        let k = i - regions.first[c];
        let (stage, need) = &regions.stage[i];
        let options = (changed.get(&c).and_then(|now| now.get(k))).unwrap_or(&regions.options[i]);
        rows.push(row(eco, c, stage, *need, options.clone()));
    }
    let parts = sharing_parts(eco, &mut rows);
    let cannot_give =
        before.filled.get(lost) == Some(&true) && places(eco, lost).is_some_and(|p| p > 0);
    // What `before` gave each (none, should it not be of this map: then shared again).
    let given: Option<Vec<&Allocation>> = (reached.iter())
        .map(|&i| before.allocations.get(i))
        .collect();
    if let Some(given) = given
        && !cannot_give
        && before.unsolved.is_empty()
        && gives_as_before(eco, &rows, &parts, known, &given)
    {
        return None;
    }
    solve_parts(eco, &mut rows, &parts, known);
    Some(
        (reached.iter().zip(rows))
            .map(|(&i, r)| (i, served(&r), r.supply))
            .collect(),
    )
}

/// Whether the rows, before their parts are solved, are still given what `before` (aligned with
/// them) gives them (see [`reshare_unless_as_before`]).
fn gives_as_before(
    eco: &Ecosystem,
    rows: &[Row],
    parts: &[Vec<usize>],
    known: &Solutions,
    before: &[&Allocation],
) -> bool {
    let shared = |s: Supply| matches!(s, Supply::Met | Supply::Short);
    // The same people, but for the solver's round-off.
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(1.0);
    let mut in_part = vec![false; rows.len()];
    for &i in parts.iter().flatten() {
        in_part[i] = true;
    }
    let outside_as_before = rows.iter().zip(before).enumerate().all(|(i, (r, b))| {
        if in_part[i] {
            return shared(b.supply);
        }
        let same_kind = match r.supply {
            Supply::NoRoute | Supply::Unknown => b.supply == r.supply,
            Supply::Met | Supply::Short => shared(b.supply),
        };
        same_kind && same(served(r), b.served)
    });
    outside_as_before
        && parts.iter().all(|part| {
            let p = Programme::of(eco, rows, part);
            let given: Vec<f64> = part.iter().map(|&i| before[i].served).collect();
            match known.known(&Solutions::key(&p.rows, &p.places)) {
                // Solved before: its answer is the one `before` holds, or not.
                Some(Ok(solved)) => {
                    (solved.served.iter().zip(&given)).all(|(s, &g)| same(g, s.iter().sum()))
                }
                Some(Err(_)) => false,
                None => fair::can_give(&p.rows, &p.places, &given).unwrap_or(false),
            }
        })
}

/// People a row is given: none without a route, else what its services give, up to its need.
fn served(r: &Row) -> f64 {
    if r.supply == Supply::NoRoute {
        0.0
    } else {
        r.served.iter().sum::<f64>().min(r.need)
    }
}

/// The rows of the sharing, each cohort-stage with the services `options` gives it, and the
/// parts left to solve once the services with room have served whom they can (indices into the
/// rows).
fn rows_and_parts(
    eco: &Ecosystem,
    options: impl Fn(usize, usize, &StageId) -> Vec<usize>,
) -> (Vec<Row>, Vec<Vec<usize>>) {
    let mut rows: Vec<Row> = Vec::new();
    for (ci, c) in eco.map.cohorts.values().enumerate() {
        for (k, (stage, need)) in c.stage_needs().enumerate() {
            rows.push(row(eco, ci, stage, need, options(ci, k, stage)));
        }
    }
    let parts = sharing_parts(eco, &mut rows);
    (rows, parts)
}

/// Cohort `ci`'s row for `stage`, needing `need`, able to use `options` (map order): no route
/// without options, capacity unknown with a service that states no places (served there, the
/// first by id, so the map's order does not matter), else to be shared.
fn row(eco: &Ecosystem, ci: usize, stage: &StageId, need: f64, options: Vec<usize>) -> Row {
    let places = |s: usize| places(eco, s);
    let supply = if options.is_empty() {
        Supply::NoRoute
    } else if options.iter().any(|&s| places(s).is_none()) {
        Supply::Unknown
    } else {
        Supply::Met
    };
    let mut served = vec![0.0; options.len()];
    if supply == Supply::Unknown
        && let Some(k) = (0..options.len())
            .filter(|&k| places(options[k]).is_none())
            .min_by_key(|&k| eco.id_rank(options[k]))
    {
        served[k] = need;
    }
    Row {
        cohort: ci,
        stage: stage.clone(),
        need,
        options,
        served,
        supply,
        range: None,
    }
}

/// The parts left to solve once the services with room have served whom they can (indices into
/// `rows`, which are marked served where they were).
fn sharing_parts(eco: &Ecosystem, rows: &mut [Row]) -> Vec<Vec<usize>> {
    let sharing: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].supply == Supply::Met && rows[i].need > 0.0)
        .collect();
    let remaining = peel(eco, rows, sharing);
    parts(eco, rows, &remaining)
}

/// Solves the parts (those in `known` taken from there) and writes their answers into the rows.
fn share(eco: &Ecosystem, mut rows: Vec<Row>, parts: &[Vec<usize>], known: &Solutions) -> Capacity {
    let (unsolved, filled) = solve_parts(eco, &mut rows, parts, known);
    finish(eco, rows, unsolved, filled)
}

/// [`share`] but for the allocations and services' use: the rows given their answers, and marked
/// short where short; the parts the solver could not share, and per service whether every best
/// sharing fills its places.
fn solve_parts(
    eco: &Ecosystem,
    rows: &mut [Row],
    parts: &[Vec<usize>],
    known: &Solutions,
) -> (Vec<String>, Vec<bool>) {
    // The parts are independent: their programmes are solved in parallel, then written back in
    // the parts' order (each answer depends on its programme alone, not on the machine).
    let solved: Vec<(Programme, Result<fair::Solved, fair::Failed>)> = parts
        .par_iter()
        .map(|part| {
            let p = Programme::of(eco, rows, part);
            let answer = known.solve(&p.rows, &p.places);
            (p, answer)
        })
        .collect();
    let mut unsolved = Vec::new();
    let mut filled = vec![false; eco.map.services.len()];
    for (part, (programme, answer)) in parts.iter().zip(solved) {
        if let Ok(solved) = &answer {
            for (&s, &f) in programme.services.iter().zip(&solved.filled) {
                filled[s] = f;
            }
        }
        share_part(eco, rows, part, &programme, answer, &mut unsolved);
    }
    for r in rows.iter_mut() {
        let served: f64 = r.served.iter().sum();
        if r.supply == Supply::Met && r.need - served >= LEAST_SHORTFALL {
            r.supply = Supply::Short;
        }
    }
    (unsolved, filled)
}

/// Serves in full every cohort-stage that can use a service with room for everyone who can use
/// it, again and again until none can; returns the rest (indices into `rows`).
///
/// Each time, the service taken is the first by id with room for the cohort-stages left that can
/// use it (so the answer does not depend on the map's order). Serving them only lowers the demand
/// on other services, so a service with room keeps it: the services with room wait in id order,
/// and only the services the served cohort-stages could also use are looked at again.
fn peel(eco: &Ecosystem, rows: &mut [Row], left: Vec<usize>) -> Vec<usize> {
    let services = eco.map.services.len();
    let by_id = eco.services_by_id();
    let rank = |s: usize| eco.id_rank(s);
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); services];
    for &i in &left {
        for &s in &rows[i].options {
            users[s].push(i);
        }
    }
    debug_assert!(
        left.windows(2)
            .all(|w| rows[w[0]].cohort <= rows[w[1]].cohort)
    );
    let mut alive = vec![false; rows.len()];
    for &i in &left {
        alive[i] = true;
    }
    // Demand on a service: per cohort, its largest need among the stages left that it can get
    // there; summed over cohorts in cohort order. `None` when no stage left can use it. The rows
    // are in cohort order, so each service's users are too, a cohort's rows side by side.
    let demand = |s: usize, rows: &[Row], alive: &[bool]| -> Option<f64> {
        let mut total: Option<f64> = None;
        let mut cohort: Option<(usize, f64)> = None;
        for r in users[s].iter().filter(|&&i| alive[i]).map(|&i| &rows[i]) {
            cohort = match cohort {
                Some((c, largest)) if c == r.cohort => Some((c, largest.max(r.need))),
                done => {
                    if let Some((_, largest)) = done {
                        total = Some(total.unwrap_or(0.0) + largest);
                    }
                    Some((r.cohort, r.need.max(0.0)))
                }
            };
        }
        cohort.map(|(_, largest)| total.unwrap_or(0.0) + largest)
    };
    let roomy = |s: usize, rows: &[Row], alive: &[bool]| -> bool {
        demand(s, rows, alive).is_some_and(|d| places(eco, s).is_some_and(|p| d <= p as f64))
    };
    // Services with room, by rank.
    let mut waiting: BTreeSet<usize> = (0..services)
        .filter(|&s| !users[s].is_empty() && roomy(s, rows, &alive))
        .map(rank)
        .collect();
    let mut waits = vec![false; services];
    for &k in &waiting {
        waits[by_id[k]] = true;
    }
    while let Some(k) = waiting.pop_first() {
        let s = by_id[k];
        let served: Vec<usize> = users[s].iter().copied().filter(|&i| alive[i]).collect();
        let mut touched: BTreeSet<usize> = BTreeSet::new();
        for &i in &served {
            let r = &mut rows[i];
            if let Some(k) = r.options.iter().position(|&o| o == s) {
                r.served[k] = r.need;
            }
            alive[i] = false;
            touched.extend(r.options.iter().copied());
        }
        for t in touched {
            if !waits[t] && roomy(t, rows, &alive) {
                waits[t] = true;
                waiting.insert(rank(t));
            }
        }
    }
    left.into_iter().filter(|&i| alive[i]).collect()
}

/// The cohort-stages left, in parts that share no service: each part's rows sorted by cohort id
/// then stage id; parts in the order of their first row.
fn parts(eco: &Ecosystem, rows: &[Row], left: &[usize]) -> Vec<Vec<usize>> {
    // Union-find over services: rows join the services they can use.
    let mut joined = UnionFind::<usize>::new(eco.map.services.len());
    for &i in left {
        if let Some((&first, rest)) = rows[i].options.split_first() {
            for &o in rest {
                joined.union(first, o);
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in left {
        if let Some(&first) = rows[i].options.first() {
            by_root.entry(joined.find_mut(first)).or_default().push(i);
        }
    }
    let key = |i: usize| (&eco.cohort(rows[i].cohort).id, &rows[i].stage);
    let mut out: Vec<Vec<usize>> = by_root
        .into_values()
        .map(|mut part| {
            part.sort_by(|a, b| key(*a).cmp(&key(*b)));
            part
        })
        .collect();
    out.sort_by(|a, b| key(a[0]).cmp(&key(b[0])));
    out
}

/// One part's programme: its services sorted by id, its cohorts numbered in order of first
/// appearance, a row per cohort-stage, and each service's places.
struct Programme {
    services: Vec<usize>,
    rows: Vec<fair::Row>,
    places: Vec<f64>,
}

impl Programme {
    fn of(eco: &Ecosystem, rows: &[Row], part: &[usize]) -> Programme {
        let mut services: Vec<usize> = part
            .iter()
            .flat_map(|&i| rows[i].options.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        services.sort_by_key(|&s| eco.id_rank(s));
        let position: BTreeMap<usize, usize> =
            services.iter().enumerate().map(|(k, &s)| (s, k)).collect();
        let mut cohorts: Vec<usize> = Vec::new();
        let programme: Vec<fair::Row> = part
            .iter()
            .map(|&i| {
                let r = &rows[i];
                let cohort = match cohorts.iter().position(|&c| c == r.cohort) {
                    Some(k) => k,
                    None => {
                        cohorts.push(r.cohort);
                        cohorts.len() - 1
                    }
                };
                let mut options: Vec<usize> = r
                    .options
                    .iter()
                    .map(|s| position.get(s).copied().unwrap_or(0))
                    .collect();
                options.sort_unstable();
                fair::Row {
                    cohort,
                    need: r.need,
                    options,
                }
            })
            .collect();
        let places: Vec<f64> = services
            .iter()
            .map(|&s| places(eco, s).unwrap_or(0) as f64)
            .collect();
        Programme {
            services,
            rows: programme,
            places,
        }
    }
}

/// Writes a part's answer back into its rows; a part the solver could not solve is left with its
/// capacity unknown, and said so.
fn share_part(
    eco: &Ecosystem,
    rows: &mut [Row],
    part: &[usize],
    programme: &Programme,
    answer: Result<fair::Solved, fair::Failed>,
    unsolved: &mut Vec<String>,
) {
    match answer {
        Ok(solved) => {
            for ((&i, p), (served, range)) in part
                .iter()
                .zip(&programme.rows)
                .zip(solved.served.into_iter().zip(solved.range))
            {
                let r = &mut rows[i];
                for (&o, n) in p.options.iter().zip(served) {
                    let s = programme.services[o];
                    if let Some(k) = r.options.iter().position(|&x| x == s) {
                        r.served[k] = n;
                    }
                }
                r.range = range;
            }
        }
        Err(fair::Failed(why)) => {
            let ids: Vec<String> = part
                .iter()
                .map(|&i| format!("{} × {}", eco.cohort(rows[i].cohort).id, rows[i].stage))
                .collect();
            unsolved.push(format!("{} ({why})", ids.join(", ")));
            for &i in part {
                rows[i].supply = Supply::Unknown;
            }
        }
    }
}

/// Each service some cohort-stage can use: the places held there (per cohort, the most served at
/// any one stage; a place is one person) and the people served at each stage. Also the places
/// held at every service, by position.
fn service_use(eco: &Ecosystem, rows: &[Row]) -> (Vec<ServiceUse>, Vec<f64>) {
    let n = eco.map.services.len();
    let mut held: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut by_stage: Vec<Vec<(StageId, f64)>> = vec![Vec::new(); n];
    let mut wanted = vec![false; n];
    for r in rows {
        for (&s, &k) in r.options.iter().zip(&r.served) {
            wanted[s] = true;
            let h = held.entry((s, r.cohort)).or_insert(0.0);
            *h = h.max(k);
            match by_stage[s].iter_mut().find(|(st, _)| *st == r.stage) {
                Some((_, total)) => *total += k,
                None => by_stage[s].push((r.stage.clone(), k)),
            }
        }
    }
    let mut held_by_service = vec![0.0; n];
    for ((s, _), h) in held {
        held_by_service[s] += h;
    }
    let services = (0..n)
        .filter(|&s| wanted[s])
        .map(|s| {
            let svc = eco.service(s);
            let mut stages = std::mem::take(&mut by_stage[s]);
            stages.sort_by_key(|(st, _)| svc.stages.iter().position(|x| x == st));
            ServiceUse {
                service: svc.id.clone(),
                places: places(eco, s),
                held: held_by_service[s],
                by_stage: stages,
            }
        })
        .collect();
    (services, held_by_service)
}

/// The allocations and each service's use, from the rows.
fn finish(eco: &Ecosystem, rows: Vec<Row>, unsolved: Vec<String>, filled: Vec<bool>) -> Capacity {
    let (services, held_by_service) = service_use(eco, &rows);
    let full =
        |s: usize| places(eco, s).is_some_and(|p| held_by_service[s] >= p as f64 - LEAST_SHORTFALL);
    let allocations = rows
        .into_iter()
        .map(|r| {
            let id = |s: usize| eco.service(s).id.clone();
            let given = served(&r);
            let bottleneck = if r.supply == Supply::Short {
                r.options
                    .iter()
                    .copied()
                    .filter(|&s| full(s))
                    .map(id)
                    .collect()
            } else {
                Vec::new()
            };
            Allocation {
                cohort: eco.cohort(r.cohort).id.clone(),
                stage: r.stage,
                need: r.need,
                served: given,
                supply: r.supply,
                by_service: r
                    .options
                    .iter()
                    .zip(&r.served)
                    .filter(|(_, k)| **k > 0.0)
                    .map(|(&s, &k)| (id(s), k))
                    .collect(),
                bottleneck,
                unknown_capacity: r
                    .options
                    .iter()
                    .copied()
                    .filter(|&s| places(eco, s).is_none())
                    .map(id)
                    .collect(),
                range: r.range,
            }
        })
        .collect();
    Capacity {
        allocations,
        services,
        unsolved,
        filled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reaches_the_regions_of_the_services_its_cohorts_could_use() {
        // Each cohort needs job search and enters where it says (no service takes
        // self-referrals), so its options are those services. `a` (p, q) and `b` (q) share
        // places in one region, {p, q}; `c` (r) in another, {r}; `d` can use `n`, which states
        // no places, so its capacity is unknown and it shares none. One row each: a 0, b 1,
        // c 2, d 3.
        let eco = Ecosystem::of_yaml(
            "area: { id: t, name: Test }
services:
  p: { name: P, stages: [job-search], capacity: { people_per_year: 5 } }
  q: { name: Q, stages: [job-search], capacity: { people_per_year: 5 } }
  r: { name: R, stages: [job-search], capacity: { people_per_year: 5 } }
  n: { name: N, stages: [job-search] }
cohorts:
  a: { name: A, size: 4, needs: [job-search], enters_via: [p, q] }
  b: { name: B, size: 4, needs: [job-search], enters_via: [q] }
  c: { name: C, size: 4, needs: [job-search], enters_via: [r] }
  d: { name: D, size: 4, needs: [job-search], enters_via: [r, n] }
",
        );
        let reach = Reach::compute(&eco);
        let regions = Regions::of(&eco, |c, _, stage| reach.options(&eco, c, stage.as_str()));
        assert_eq!(regions.options[3].len(), 2, "d can use r and n");
        // A change to `a` reaches its own row and `b`'s (region {p, q}), not `c`'s or `d`'s.
        assert_eq!(regions.reached_by([0].into_iter()), vec![0, 1]);
        // One to `b` the same: the region of q holds both.
        assert_eq!(regions.reached_by([1].into_iter()), vec![0, 1]);
        // One to `d` (say `n` lost: it would share places at `r`) reaches `c` in r's region;
        // n is in a region of its own that no one shares places in.
        assert_eq!(regions.reached_by([3].into_iter()), vec![2, 3]);
        // One to `c` reaches `c` alone: `d` shares no places before the change.
        assert_eq!(regions.reached_by([2].into_iter()), vec![2]);
    }
}
