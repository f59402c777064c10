//! Duplicated provision: for every cohort and every stage it needs, the services that offer the
//! stage and that the cohort can reach and is eligible for. Two or more make an overlap, reported
//! pair by pair: the cohort-stages the two share, the people concerned, their combined places
//! against that need, their combined spend, and how alike they are. Overlap is not always waste
//! (choice, capacity), so overlaps are weighed and ranked, never simply condemned.
//!
//! A map may accept an overlap (`accepted_overlaps`): the cohort-stages it covers are reported in
//! an entry of their own, marked accepted with the reason, and are not counted as a concern. A pair
//! with some cohort-stages accepted and some not appears twice: once as a concern, once accepted.
//!
//! A pair whose combined places do not exceed the need of everyone who can use either is *needed
//! for capacity*: both are needed to serve those people, so it is listed, not counted as a concern.
//! A national or statutory service (`national: true`) states places that are notional for the
//! area's cohorts: a pair with one has no known places, so it is never over-supplied (and never
//! ranked first because of it) nor found needed for capacity.
//!
//! Pure: no printing, no I/O. The order is the ranking, documented in [`RANKING`].

use std::collections::BTreeMap;

use rayon::prelude::*;

mod demand;

use super::routes::Reach;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};
use crate::money::Money;
use demand::Demand;

/// How overlaps are ranked, in words, for output and docs/overlap.md.
pub const RANKING: &str = "Concerns come first, then pairs needed for capacity (their places do not exceed the need of everyone who can use either), then accepted overlaps. Within each, overlaps are ranked by a score: one point for each way the two services are alike (same model, same eligibility rule, same funder, same provider) and two more when their combined places exceed the need of everyone who can use either of them for the shared stages (then one of them is not needed for capacity). Higher scores first; ties go to the larger combined spend, then the more people concerned, then the services' ids in alphabetical order.";

/// Overlapping pairs printed unless all are asked for (`--all`): more than any bundled map or
/// example has (Riverside has 36), few enough to read. The counts are always of every pair.
pub const SHOWN: usize = 50;

/// Points added when the combined places exceed the need: over-supply is what turns overlap from
/// choice or needed capacity into duplication (DOMAIN: overlap is weighed by capacity against need).
pub const OVER_SUPPLY_POINTS: u32 = 2;

/// One cohort-stage two services both serve.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    pub cohort: Id,
    pub stage: StageId,
    /// People needing the stage: cohort size × share, unrounded.
    pub need: f64,
}

/// How alike two overlapping services are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alike {
    pub same_model: bool,
    /// Both open to all, both the same named rule, or the same condition written on each.
    pub same_eligibility: bool,
    /// Commissioners funding both directly, in map order (empty: none in common).
    pub shared_funders: Vec<Id>,
    pub same_provider: bool,
}

impl Alike {
    /// How many of the four likenesses hold.
    pub fn count(&self) -> u32 {
        u32::from(self.same_model)
            + u32::from(self.same_eligibility)
            + u32::from(!self.shared_funders.is_empty())
            + u32::from(self.same_provider)
    }
}

/// How an overlap is weighed: how alike the two services are, and their places against the need
/// of everyone who can use either. Its score ranks it (see [`RANKING`]).
#[derive(Debug, Clone)]
pub struct Weighing {
    /// The ranking score: one point per likeness, [`OVER_SUPPLY_POINTS`] more for over-supply.
    pub score: u32,
    pub alike: Alike,
    /// Everyone who can use either service for the shared stages, counted as the overlap's
    /// `people` are: the people concerned and those of any other cohort that reaches one of the
    /// two. The places are shared among all of them.
    pub demand: f64,
    /// The two services' places per year, summed; `None` when either states none.
    pub places: Option<u64>,
    /// Places minus demand; `None` when places are unknown.
    pub surplus: Option<f64>,
    /// The combined places exceed the demand.
    pub over_supply: bool,
    /// Of the two, those not commissioned locally (`national: true`): their places are notional
    /// for the area, so the pair's places are unknown. Map order.
    pub national: Vec<Id>,
}

impl Weighing {
    /// Both services are needed to serve everyone who can use either: their places, known, do not
    /// exceed the demand.
    pub fn needed_for_capacity(&self) -> bool {
        self.surplus.is_some_and(|s| s <= 0.0)
    }
}

/// Two services that serve the same cohort-stages.
#[derive(Debug, Clone)]
pub struct Overlap {
    /// Position in the ranking, from 1.
    pub rank: usize,
    /// The two services, in map order.
    pub services: [Id; 2],
    /// The cohort-stages they share: cohorts in map order, each cohort's stages in `needs` order.
    pub shared: Vec<Shared>,
    /// People concerned: for each cohort, the most people needing any one of the shared stages
    /// (the same people move through the stages, and a place covers every stage a service gives),
    /// summed over the cohorts.
    pub people: f64,
    /// The two services' funding per year, summed.
    pub spend: Money,
    /// How it is weighed, as data.
    pub reason: Weighing,
    /// The map accepts this overlap; it is not counted as a concern.
    pub accepted: bool,
    /// Both services are needed for capacity (and the map does not accept it): listed, not a
    /// concern.
    pub needed: bool,
    /// Why, as written in `accepted_overlaps`.
    pub accepted_reason: Option<String>,
}

impl Overlap {
    /// Open for review: neither accepted on the map nor needed for capacity.
    pub fn is_concern(&self) -> bool {
        !self.accepted && !self.needed
    }

    /// The cohorts sharing each stage: stages in the order first shared, each stage's cohorts in
    /// the order of `shared`.
    pub fn shared_by_stage(&self) -> Vec<(&str, Vec<&str>)> {
        let mut by_stage: Vec<(&str, Vec<&str>)> = Vec::new();
        for s in &self.shared {
            match by_stage.iter_mut().find(|(st, _)| *st == s.stage.as_str()) {
                Some((_, cs)) => cs.push(s.cohort.as_str()),
                None => by_stage.push((s.stage.as_str(), vec![s.cohort.as_str()])),
            }
        }
        by_stage
    }
}

/// An `accepted_overlaps` entry that matched no overlap on the map.
#[derive(Debug, Clone)]
pub struct UnmatchedAcceptance {
    pub services: Vec<Id>,
    pub cohort: Option<Id>,
    pub stage: Option<StageId>,
}

/// Every overlap, ranked.
#[derive(Debug, Clone)]
pub struct Overlaps {
    /// How the ranking works.
    pub ranking: &'static str,
    /// Overlaps neither accepted nor needed for capacity.
    pub concerns: usize,
    /// Overlaps needed for capacity, not accepted.
    pub needed: usize,
    pub accepted: usize,
    /// The overlaps, ranked: every one, or the first [`SHOWN`] after [`Overlaps::keep_top`].
    pub overlaps: Vec<Overlap>,
    /// How many overlaps there are in all (`overlaps` may hold only the first of them).
    pub total: usize,
    /// Acceptances that cover nothing: the overlap may have gone, or the entry names the wrong
    /// services, cohort or stage. In map order.
    pub unmatched_acceptances: Vec<UnmatchedAcceptance>,
}

impl Overlaps {
    /// Keeps the first `n` overlaps of the ranking, for output that stays readable on a large map;
    /// the counts (`concerns`, `needed`, `accepted`, `total`) stay those of every overlap.
    pub fn keep_top(&mut self, n: usize) {
        self.overlaps.truncate(n);
    }

    /// Overlaps found but not kept (none unless [`Overlaps::keep_top`] left some out).
    pub fn left_out(&self) -> usize {
        self.total.saturating_sub(self.overlaps.len())
    }
}

/// A stage a cohort needs: the stage, its number among the map's stages (for comparing without
/// the name), the cohort's need for it, and the services the cohort can use for it, sorted.
struct StageOptions {
    stage: StageId,
    number: usize,
    need: f64,
    services: Vec<usize>,
}

/// For each cohort (map order), each stage it needs (in its `needs` order).
type Options = Vec<Vec<StageOptions>>;

/// Finds and ranks every overlap.
pub fn overlaps(eco: &Ecosystem, reach: &Reach) -> Overlaps {
    overlaps_showing(eco, reach, None)
}

/// Finds and ranks every overlap, and writes out the first `shown` of the ranking (all of them
/// when `None`): every pair is weighed and counted, but only those kept are named, with their
/// cohort-stages, as [`Overlap`]s.
pub fn overlaps_showing(eco: &Ecosystem, reach: &Reach, shown: Option<usize>) -> Overlaps {
    let m = &eco.map;
    // Each cohort's options (sorted service positions) for each stage it needs, computed once,
    // the stages numbered in order of first appearance.
    let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
    let options: Options = m
        .cohorts
        .values()
        .enumerate()
        .map(|(ci, c)| {
            c.stages_needed()
                .map(|st| {
                    let next = numbers.len();
                    StageOptions {
                        stage: st.clone(),
                        number: *numbers.entry(st.as_str()).or_insert(next),
                        need: c.need(st.as_str()),
                        services: reach.options(eco, ci, st.as_str()),
                    }
                })
                .collect()
        })
        .collect();
    // Every pair with the stages it shares and, per acceptance covering some of its cohort-stages
    // (or none), the people concerned, tallied as they come: the cohort-stages themselves are
    // listed only for the overlaps kept (`shared_by`), not for every pair.
    let at = CohortStages::of(&options, m.services.len());
    let naming = acceptances_naming(eco);
    let found: Vec<((usize, usize), Found)> = (0..m.services.len())
        .into_par_iter()
        .map_init(
            || Pairs::new(m.services.len()),
            |pairs, a| pairs.of(eco, &options, &naming, &at, a),
        )
        .flatten_iter()
        .collect();
    let mut used_acceptance = vec![false; m.accepted_overlaps.len()];
    for (_, f) in &found {
        for &(k, _) in f.entries() {
            if let Some(used) = k.and_then(|k| used_acceptance.get_mut(k)) {
                *used = true;
            }
        }
    }
    // A pair's places serve every stage it shares, whichever of its entries (accepted or not) a
    // stage is listed under: its demand is worked out over all of them, once per pair.
    let stages: Vec<Vec<usize>> = found.iter().map(|(_, f)| f.stages()).collect();
    let demand = Demand::new(
        &options,
        m.services.len(),
        numbers.len(),
        (found.iter().zip(&stages)).map(|(((a, b), _), stages)| (*a, *b, stages.as_slice())),
    );
    let funders = &Funders::of(eco);
    // Each pair's demand and figures on every core. The pairs' order does not reach the ranking:
    // two entries it cannot tell apart are of one pair (the same two ids), and a pair's entries
    // keep the order their acceptances were met in.
    let mut weighed: Vec<Weighed> = (found.par_iter().zip(&stages))
        .flat_map_iter(|((pair, f), stages)| {
            let demand = demand.of(pair.0, pair.1, stages);
            f.entries().map(move |&(acceptance, tally)| {
                weigh(eco, funders, *pair, acceptance, tally, demand)
            })
        })
        .collect();
    rank(eco, &mut weighed);
    let accepted = weighed.iter().filter(|w| w.accepted).count();
    let needed = weighed.iter().filter(|w| w.needed).count();
    let total = weighed.len();
    weighed.truncate(shown.unwrap_or(total));
    let overlaps = (weighed.into_par_iter().enumerate())
        .map(|(i, w)| {
            let shared = at.shared_by(eco, &options, &naming, &w);
            overlap(eco, &options, funders, i + 1, w, shared)
        })
        .collect();
    let unmatched_acceptances = m
        .accepted_overlaps
        .iter()
        .zip(used_acceptance)
        .filter(|(_, used)| !used)
        .map(|(a, _)| UnmatchedAcceptance {
            services: a.services.clone(),
            cohort: a.cohort.clone(),
            stage: a.stage.clone(),
        })
        .collect();
    Overlaps {
        ranking: RANKING,
        concerns: total - accepted - needed,
        needed,
        accepted,
        total,
        overlaps,
        unmatched_acceptances,
    }
}

/// A cohort-stage by position: the cohort, and the stage's place among the cohort's needs.
type CohortStage = (usize, usize);

/// A pair of services and what it is ranked by, worked out without naming anything.
struct Weighed {
    a: usize,
    b: usize,
    acceptance: Option<usize>,
    people: f64,
    spend: Money,
    demand: f64,
    places: Option<u64>,
    surplus: Option<f64>,
    over_supply: bool,
    score: u32,
    accepted: bool,
    needed: bool,
}

/// Services `a` and `b`, the people concerned in the cohort-stages they share under
/// `acceptance`, and the `demand` on them, weighed.
fn weigh(
    eco: &Ecosystem,
    funders: &Funders,
    (a, b): (usize, usize),
    acceptance: Option<usize>,
    tally: Tally,
    demand: f64,
) -> Weighed {
    let (sa, sb) = (eco.service(a), eco.service(b));
    let places = sa
        .capacity
        .people_per_year
        .zip(sb.capacity.people_per_year)
        .map(|(x, y)| x + y)
        .filter(|_| !sa.national && !sb.national);
    let surplus = places.map(|p| p as f64 - demand);
    let over_supply = surplus.is_some_and(|s| s > 0.0);
    let alike = [
        sa.model == sb.model,
        same_eligibility(eco, a, b),
        funders.shared(a, b).next().is_some(),
        sa.provider.is_some() && sa.provider == sb.provider,
    ];
    let likeness = alike.iter().filter(|&&x| x).count() as u32;
    let accepted = acceptance.is_some_and(|k| k < eco.map.accepted_overlaps.len());
    Weighed {
        people: tally.people(),
        spend: sa.spend() + sb.spend(),
        score: likeness + if over_supply { OVER_SUPPLY_POINTS } else { 0 },
        needed: !accepted && surplus.is_some_and(|s| s <= 0.0),
        accepted,
        a,
        b,
        acceptance,
        demand,
        places,
        surplus,
        over_supply,
    }
}

/// Ranks the pairs: concerns first, then those needed for capacity, then those accepted; within
/// each, highest score, then most spend, then most people, then by the services' ids.
fn rank(eco: &Ecosystem, weighed: &mut [Weighed]) {
    let ids = |w: &Weighed| (&eco.service(w.a).id, &eco.service(w.b).id);
    weighed.sort_by(|x, y| {
        (x.accepted, x.needed)
            .cmp(&(y.accepted, y.needed))
            .then(y.score.cmp(&x.score))
            .then(y.spend.cmp(&x.spend))
            .then(y.people.total_cmp(&x.people))
            .then_with(|| ids(x).cmp(&ids(y)))
    });
}

/// For each service, the acceptances naming it (map order): only those naming both services of a
/// pair can cover it.
fn acceptances_naming(eco: &Ecosystem) -> Vec<Vec<usize>> {
    let m = &eco.map;
    let mut naming: Vec<Vec<usize>> = vec![Vec::new(); m.services.len()];
    for (k, acc) in m.accepted_overlaps.iter().enumerate() {
        for id in &acc.services {
            if let Some(s) = eco.service_ix(id.as_str())
                && naming[s].last() != Some(&k)
            {
                naming[s].push(k);
            }
        }
    }
    naming
}

/// The overlap `w`, at `rank`, sharing the cohort-stages `shared`, named.
fn overlap(
    eco: &Ecosystem,
    options: &Options,
    funders: &Funders,
    rank: usize,
    w: Weighed,
    shared: Vec<CohortStage>,
) -> Overlap {
    let (sa, sb) = (eco.service(w.a), eco.service(w.b));
    let national: Vec<Id> = [sa, sb]
        .iter()
        .filter(|s| s.national)
        .map(|s| s.id.clone())
        .collect();
    let alike = Alike {
        same_model: sa.model == sb.model,
        same_eligibility: same_eligibility(eco, w.a, w.b),
        shared_funders: (funders.shared(w.a, w.b))
            .map(|c| eco.commissioner(c).id.clone())
            .collect(),
        same_provider: sa.provider.is_some() && sa.provider == sb.provider,
    };
    debug_assert_eq!(
        alike.count() + if w.over_supply { OVER_SUPPLY_POINTS } else { 0 },
        w.score
    );
    let accepted_overlap = w.acceptance.and_then(|k| eco.map.accepted_overlaps.get(k));
    Overlap {
        rank,
        services: [sa.id.clone(), sb.id.clone()],
        shared: (shared.into_iter())
            .map(|(ci, k)| Shared {
                cohort: eco.cohort(ci).id.clone(),
                stage: options[ci][k].stage.clone(),
                need: options[ci][k].need,
            })
            .collect(),
        people: w.people,
        spend: w.spend,
        reason: Weighing {
            score: w.score,
            alike,
            demand: w.demand,
            places: w.places,
            surplus: w.surplus,
            over_supply: w.over_supply,
            national,
        },
        accepted: w.accepted,
        needed: w.needed,
        accepted_reason: accepted_overlap.map(|acc| {
            acc.reason
                .clone()
                .unwrap_or_else(|| "accepted on the map (no reason given)".to_owned())
        }),
    }
}

/// Which acceptance, if any, covers services `a` and `b` for `cohort`'s `stage`: the first in map
/// order of those naming both.
fn acceptance_of(
    eco: &Ecosystem,
    naming: &[Vec<usize>],
    (a, b): (usize, usize),
    cohort: &Id,
    stage: &StageId,
) -> Option<usize> {
    let (ida, idb) = (&eco.service(a).id, &eco.service(b).id);
    let m = &eco.map;
    naming[a]
        .iter()
        .copied()
        .find(|&k| naming[b].contains(&k) && m.accepted_overlaps[k].covers(ida, idb, cohort, stage))
}

/// The pairs a service makes with the services after it in the map, found one service at a time:
/// where each of its pairs is kept is noted in a row as long as the map's services, so that
/// finding a pair is an index, not a search; each core keeps a row of its own.
struct Pairs {
    /// Per service, where its pair with the service at hand is in `found`, plus one (nought: no
    /// pair yet).
    row: Vec<u32>,
    found: Vec<((usize, usize), Found)>,
}

impl Pairs {
    fn new(services: usize) -> Pairs {
        Pairs {
            row: vec![0; services],
            found: Vec::new(),
        }
    }

    /// Service `a`'s pairs with each service after it that some cohort-stage can use with it:
    /// through the cohort-stages `a` is an option for (map order), the services after it there.
    /// The pairs are in the order of their second services.
    fn of(
        &mut self,
        eco: &Ecosystem,
        options: &Options,
        naming: &[Vec<usize>],
        at: &CohortStages,
        a: usize,
    ) -> Vec<((usize, usize), Found)> {
        for &(ci, k) in at.at(a) {
            let o = &options[ci][k];
            // The options are sorted: those after `a` follow it.
            let after = o.services.partition_point(|&s| s <= a);
            for &b in &o.services[after..] {
                let acceptance = acceptance_of(eco, naming, (a, b), &eco.cohort(ci).id, &o.stage);
                let Some(slot) = self.row.get_mut(b) else {
                    continue;
                };
                let at = match (*slot as usize).checked_sub(1) {
                    Some(at) => at,
                    None => {
                        self.found.push(((a, b), Found::new(acceptance)));
                        // A service has fewer pairs than the map has services.
                        *slot = u32::try_from(self.found.len()).unwrap_or(u32::MAX);
                        self.found.len() - 1
                    }
                };
                if let Some((_, f)) = self.found.get_mut(at) {
                    f.add(acceptance, ci, o.need, o.number);
                }
            }
        }
        for ((_, b), _) in &self.found {
            self.row[*b] = 0;
        }
        let mut found = std::mem::take(&mut self.found);
        found.sort_unstable_by_key(|((_, b), _)| *b);
        found
    }
}

/// A pair of services as it is found: the stages it shares (by number, whichever acceptance
/// covers them) and, for each acceptance covering some of its cohort-stages (`None` for those no
/// acceptance covers) in the order first met, the people concerned there. For nearly every pair
/// all of it is held in place (stages as bits, one acceptance), with nothing behind a pointer: it
/// is added to for every two services every cohort-stage can use.
struct Found {
    /// The stages numbered below 64, as bits (bit `n` for the stage numbered `n`).
    bits: u64,
    /// The stages numbered 64 or more, in the order first shared (none on a map of fewer stages).
    higher: Vec<usize>,
    /// Under the acceptance met first (for nearly every pair, the only one).
    first: (Option<usize>, Tally),
    /// Under any other, in the order met.
    others: Vec<(Option<usize>, Tally)>,
}

impl Found {
    fn new(acceptance: Option<usize>) -> Found {
        Found {
            bits: 0,
            higher: Vec::new(),
            first: (acceptance, Tally::default()),
            others: Vec::new(),
        }
    }

    /// Cohort `ci`'s stage numbered `stage`, needing `need`, shared under `acceptance`.
    fn add(&mut self, acceptance: Option<usize>, ci: usize, need: f64, stage: usize) {
        match u32::try_from(stage).ok().and_then(|n| 1u64.checked_shl(n)) {
            Some(bit) => self.bits |= bit,
            None if !self.higher.contains(&stage) => self.higher.push(stage),
            None => {}
        }
        let tally = if self.first.0 == acceptance {
            &mut self.first.1
        } else if let Some(i) = self.others.iter().position(|(k, _)| *k == acceptance) {
            &mut self.others[i].1
        } else {
            self.others.push((acceptance, Tally::default()));
            let last = self.others.len() - 1;
            &mut self.others[last].1
        };
        tally.add(ci, need);
    }

    /// The stages shared, by number.
    fn stages(&self) -> Vec<usize> {
        (0..64)
            .filter(|n| self.bits & (1u64 << n) != 0)
            .chain(self.higher.iter().copied())
            .collect()
    }

    /// Each acceptance (or none) with the people concerned under it, in the order met.
    fn entries(&self) -> impl Iterator<Item = &(Option<usize>, Tally)> {
        std::iter::once(&self.first).chain(&self.others)
    }
}

/// People concerned, tallied as a pair's cohort-stages come (cohort by cohort, as the cohorts are
/// gone through in map order): per cohort the largest need among its shared stages, summed in
/// cohort order.
#[derive(Default, Clone, Copy)]
struct Tally {
    /// The cohorts before the last, summed.
    summed: f64,
    /// The last cohort met and its largest need so far.
    last: Option<(usize, f64)>,
}

impl Tally {
    fn add(&mut self, ci: usize, need: f64) {
        match &mut self.last {
            Some((c, n)) if *c == ci => *n = n.max(need),
            last => {
                if let Some((_, n)) = *last {
                    self.summed += n;
                }
                *last = Some((ci, need));
            }
        }
    }

    fn people(self) -> f64 {
        match self.last {
            Some((_, n)) => self.summed + n,
            None => self.summed,
        }
    }
}

/// For each service, the cohort-stages it is an option for, in map order: what an overlap's
/// shared cohort-stages are listed from, once it is kept.
struct CohortStages(Vec<Vec<CohortStage>>);

impl CohortStages {
    fn of(options: &Options, services: usize) -> CohortStages {
        let mut at: Vec<Vec<CohortStage>> = vec![Vec::new(); services];
        for (ci, stages) in options.iter().enumerate() {
            for (k, o) in stages.iter().enumerate() {
                for &s in &o.services {
                    if let Some(list) = at.get_mut(s) {
                        list.push((ci, k));
                    }
                }
            }
        }
        CohortStages(at)
    }

    /// The cohort-stages the overlap `w` shares: those offering both its services, under its
    /// acceptance; cohorts in map order, each cohort's stages in `needs` order.
    /// The cohort-stages service `s` is an option for.
    fn at(&self, s: usize) -> &[CohortStage] {
        self.0.get(s).map_or(&[][..], Vec::as_slice)
    }

    fn shared_by(
        &self,
        eco: &Ecosystem,
        options: &Options,
        naming: &[Vec<usize>],
        w: &Weighed,
    ) -> Vec<CohortStage> {
        let of = |s: usize| self.at(s);
        // Through the shorter of the two services' lists, looking for the other.
        let (fewer, other) = if of(w.a).len() <= of(w.b).len() {
            (of(w.a), w.b)
        } else {
            (of(w.b), w.a)
        };
        (fewer.iter().copied())
            .filter(|&(ci, k)| {
                let o = &options[ci][k];
                o.services.binary_search(&other).is_ok()
                    && acceptance_of(eco, naming, (w.a, w.b), &eco.cohort(ci).id, &o.stage)
                        == w.acceptance
            })
            .collect()
    }
}

/// Each service's funders: the commissioners funding it (positions), in map order, each once.
struct Funders(Vec<Vec<usize>>);

impl Funders {
    fn of(eco: &Ecosystem) -> Funders {
        Funders(
            (0..eco.map.services.len())
                .map(|s| {
                    let mut f: Vec<usize> = (eco.funders_of_service(s).iter())
                        .map(|(c, _)| *c)
                        .collect();
                    f.sort_unstable();
                    f.dedup();
                    f
                })
                .collect(),
        )
    }

    /// The commissioners funding both services, in map order.
    fn shared(&self, a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
        let of = |s: usize| self.0.get(s).map_or(&[][..], Vec::as_slice);
        let fb = of(b);
        (of(a).iter().copied()).filter(move |c| fb.binary_search(c).is_ok())
    }
}

/// Whether the two services have the same eligibility: read from the map's distinct ones where
/// the table knows both, rather than comparing their rules term by term.
fn same_eligibility(eco: &Ecosystem, a: usize, b: usize) -> bool {
    match (eco.eligibility_class(a), eco.eligibility_class(b)) {
        (Some(x), Some(y)) => x == y,
        _ => eco.service(a).eligibility == eco.service(b).eligibility,
    }
}

#[cfg(test)]
mod tests {
    use super::{Found, Tally};

    #[test]
    fn people_concerned_are_each_cohorts_largest_need_summed() {
        // Cohort 0 shares two stages (5 and 7 people: the same people move through both, so 7),
        // cohort 1 one (3), cohort 2 two (4 and 1: 4): 7 + 3 + 4 = 14.
        let mut t = Tally::default();
        for (ci, need) in [(0, 5.0), (0, 7.0), (1, 3.0), (2, 4.0), (2, 1.0)] {
            t.add(ci, need);
        }
        assert_eq!(t.people(), 14.0);
        assert_eq!(Tally::default().people(), 0.0);
    }

    #[test]
    fn a_pair_keeps_its_stages_past_a_word_and_its_acceptances_in_the_order_met() {
        // Stages 3 and 70 shared twice each, then 64: the bits hold 3, the list 70 then 64.
        // Cohort-stages with no acceptance first (cohort 0), then under acceptance 2 (cohorts 1
        // and 2), then none again (cohort 3): two entries, none first, each with its own people.
        let mut f = Found::new(None);
        f.add(None, 0, 10.0, 3);
        f.add(Some(2), 1, 6.0, 70);
        f.add(Some(2), 2, 2.0, 3);
        f.add(None, 3, 1.0, 70);
        f.add(None, 3, 4.0, 64);
        assert_eq!(f.stages(), vec![3, 70, 64]);
        let entries: Vec<(Option<usize>, f64)> =
            f.entries().map(|(k, t)| (*k, t.people())).collect();
        // None: cohort 0 (10) and cohort 3 (largest of 1 and 4: 4). Acceptance 2: 6 + 2.
        assert_eq!(entries, vec![(None, 14.0), (Some(2), 8.0)]);
    }
}
