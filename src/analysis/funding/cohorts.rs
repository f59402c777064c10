//! Money to cohorts and stages: whom each service's money reaches (its claims: the people of each
//! cohort it serves, stage by stage) and the pieces of money that follow, from each funding line
//! and origin to each cohort-stage. Nothing here sums the pieces up; [`super::views`] does.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::evidence::Judge;
use super::ledger::{Ledger, take};
use super::{Basis, Flow, FlowAt, Names, Reading};
use crate::analysis::capacity::{Capacity, Supply};
use crate::analysis::routes::Reach;
use crate::benchmarks::Evidence;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};
use crate::money::Money;

/// One cohort's claim on a service's money.
pub(super) struct Claim {
    pub(super) cohort: usize,
    /// The cohort's people at the service, each counted once: the most over its stages there.
    pub(super) people: f64,
    /// People at each stage it needs that the service offers, in the order of its `needs`.
    pub(super) stages: Vec<(StageId, f64)>,
}

/// Whom a service's money reaches, and on what basis.
pub(super) struct Claims {
    pub(super) basis: Basis,
    /// Cohorts in map order.
    pub(super) list: Vec<Claim>,
}

/// (cohort, stage, service) → people of the cohort-stage the sharing of places puts at the service.
type Placed<'m> = BTreeMap<(usize, &'m str, usize), f64>;

/// (cohort, stage) the sharing of places left unplaced: a service the cohort can use for it has
/// unknown capacity, and the sharing put no one of it at a service of stated capacity (it puts the
/// whole need at one of unknown capacity).
type Unplaced<'m> = BTreeSet<(usize, &'m str)>;

/// A cohort's use of each service, as the sharing of places gives it: the people of each
/// cohort-stage placed at each service, and the cohort-stages it left unplaced. This is the one
/// place that reads the sharing; the people may be fractional.
fn placed<'m>(eco: &Ecosystem, sharing: &'m Capacity) -> (Placed<'m>, Unplaced<'m>) {
    let mut given = Placed::new();
    let mut unplaced = Unplaced::new();
    for a in &sharing.allocations {
        let Some(c) = eco.cohort_ix(a.cohort.as_str()) else {
            continue;
        };
        // The sharing puts an unknown-capacity cohort-stage at a service of unknown capacity:
        // it is unplaced when no place of stated capacity holds any of it.
        let stated = |s: &Id| {
            eco.service_ix(s.as_str())
                .is_some_and(|si| crate::analysis::capacity::places(eco, si).is_some())
        };
        if a.supply == Supply::Unknown && a.by_service.iter().all(|(s, n)| *n <= 0.0 || !stated(s))
        {
            unplaced.insert((c, a.stage.as_str()));
        }
        for (s, n) in &a.by_service {
            if let Some(si) = eco.service_ix(s.as_str()) {
                // Places are whole people today; a fractional sharing fits as it is.
                given.insert((c, a.stage.as_str(), si), *n);
            }
        }
    }
    (given, unplaced)
}

/// A share of money for `people`: weights in millionths of a person, as finely as the sharing of
/// places gives people, so a fractional sharing splits money as exactly as a whole one.
fn weight(people: f64) -> u128 {
    (people * 1e6).round().max(0.0) as u128
}

/// People to the nearest whole person, for the views.
pub(super) fn whole(people: f64) -> u64 {
    people.round().max(0.0) as u64
}

/// Whom each service's money reaches. A service with stated capacity: the people the sharing of
/// places puts there, cohort-stage by cohort-stage. A service of unknown capacity, or one the
/// sharing gives no one: the need of the cohorts eligible for it that can reach it, for the stages
/// it offers. A cohort's people at a service are the most over its stages there (one place covers
/// every stage). A stage the cohort can use the service for that the sharing left unplaced (see
/// [`unplaced_share`]) counts its share of those people. Services in map order; cohorts in map
/// order; stages in the order of the cohort's needs.
pub(super) fn claims(eco: &Ecosystem, reach: &Reach, sharing: &Capacity) -> Vec<Claims> {
    let m = &eco.map;
    let (given, unplaced) = placed(eco, sharing);
    let mut placed_at = vec![0.0f64; m.services.len()];
    // The cohorts that can claim a share of each service: those reaching it, and those given
    // places there; every other cohort claims nothing of it.
    let mut claimants = reach.reachers(m.services.len());
    for ((c, _, si), n) in &given {
        placed_at[*si] += n;
        claimants[*si].push(*c);
    }
    for list in &mut claimants {
        list.sort_unstable();
        list.dedup();
    }
    // Each service's claims are its own: worked out on every core, in map order.
    (0..m.services.len())
        .into_par_iter()
        .map(|s| {
            let sv = eco.service(s);
            // Places stated for the sharing (a national service's are notional for the area:
            // its money follows need, as one of unknown capacity).
            let by_places =
                crate::analysis::capacity::places(eco, s).is_some() && placed_at[s] > 0.0;
            let mut list = Vec::new();
            for &c in &claimants[s] {
                let cohort = eco.cohort(c);
                let mut stages = Vec::new();
                // Stages the sharing left unplaced that the cohort can use the service for, with
                // their need: counted once the cohort's places there are known.
                let mut left = Vec::new();
                for (stage, need) in cohort
                    .stage_needs()
                    .filter(|(st, _)| sv.offers(st.as_str()))
                {
                    let usable = reach.reaches_for(c, s, stage.as_str());
                    let people = if by_places {
                        let here = given.get(&(c, stage.as_str(), s)).copied();
                        if here.is_none() && usable && unplaced.contains(&(c, stage.as_str())) {
                            left.push(stages.len());
                        }
                        here.unwrap_or(0.0)
                    } else if usable {
                        need
                    } else {
                        0.0
                    };
                    stages.push((stage.clone(), people));
                }
                unplaced_share(cohort, &mut stages, &left);
                stages.retain(|(_, n)| *n > 0.0);
                // A person is counted once across the stages they use.
                let people = stages.iter().map(|(_, n)| *n).fold(0.0, f64::max);
                if people > 0.0 {
                    list.push(Claim {
                        cohort: c,
                        people,
                        stages,
                    });
                }
            }
            let basis = if list.is_empty() {
                Basis::NoCohort
            } else if by_places {
                Basis::Places
            } else {
                Basis::Need
            };
            Claims { basis, list }
        })
        .collect()
}

/// Gives each stage at `left` (positions in `stages`, the sharing left them unplaced) its share of
/// the people the cohort holds places for at the service (the most over its placed stages there):
/// those people × the stage's need ÷ the cohort's largest need among the stages counted there.
/// The people holding a place are taken to need each stage in the proportion the cohort does, and
/// no stage counts more people than hold places (one place covers every stage, DOMAIN.md §2).
fn unplaced_share(cohort: &crate::model::Cohort, stages: &mut [(StageId, f64)], left: &[usize]) {
    if left.is_empty() {
        return;
    }
    let held = stages.iter().map(|(_, n)| *n).fold(0.0, f64::max);
    let counted = |i: usize, n: f64| n > 0.0 || left.contains(&i);
    let largest = stages
        .iter()
        .enumerate()
        .filter(|(i, (_, n))| counted(*i, *n))
        .map(|(_, (st, _))| cohort.need(st.as_str()))
        .fold(0.0, f64::max);
    if held <= 0.0 || largest <= 0.0 {
        return;
    }
    for &i in left {
        if let Some((st, n)) = stages.get_mut(i) {
            *n = held * cohort.need(st.as_str()) / largest;
        }
    }
}

/// A piece of a service's pot: (its funding line, the origin of the money).
type PotKey = (usize, usize);

/// Where a piece of a service's money goes: a cohort (`None`: no cohort on the map) and a stage
/// (`None` as well for money beyond the employment share, which reaches the cohort but no stage).
type At = (Option<usize>, Option<StageId>);

/// A cell's pieces as drawn: where, whether it is beyond the employment share, its evidence and
/// why, and the (line, origin) pieces it took.
type Drawn = (At, bool, Evidence, Reading, Vec<(PotKey, Money)>);

/// A piece of a service's money for one cohort-stage, or one cohort (`by_stage` false), or no
/// cohort on the map.
type Cell = (At, Money);

/// Splits a service's money over its claims, cohort then (when `by_stage`) stage. The splits and
/// the order in which cells later draw on the service's pot go by cohort id and the map's stage
/// order, never by the order the map lists cohorts in, so the pennies fall the same way however
/// the map is written. Returns the cells in that order.
fn cells(eco: &Ecosystem, list: &[Claim], total: Money, by_stage: bool) -> Vec<Cell> {
    let m = &eco.map;
    if list.is_empty() {
        return vec![((None, None), total)];
    }
    let mut by_id: Vec<&Claim> = list.iter().collect();
    by_id.sort_by(|a, b| m.cohorts[a.cohort].id.cmp(&m.cohorts[b.cohort].id));
    let weights: Vec<u128> = by_id.iter().map(|c| weight(c.people)).collect();
    let mut out = Vec::new();
    for (claim, part) in by_id.into_iter().zip(total.split(&weights)) {
        if !by_stage {
            out.push(((Some(claim.cohort), None), part));
            continue;
        }
        let mut stages: Vec<&(StageId, f64)> = claim.stages.iter().collect();
        stages.sort_by_key(|(st, _)| m.stages.get_index_of(st).unwrap_or(usize::MAX));
        let weights: Vec<u128> = stages.iter().map(|(_, n)| weight(*n)).collect();
        for ((stage, _), amount) in stages.into_iter().zip(part.split(&weights)) {
            out.push(((Some(claim.cohort), Some(stage.clone())), amount));
        }
    }
    out
}

/// Splits each service's money into employment support and the rest (`employment_share`), each
/// over its claims ([`cells`]); each piece then takes its share of the service's pot of (line,
/// origin) pieces, and carries the evidence for it ([`Judge::of`]). Flows service by service in
/// map order, then cohort by cohort in map order, stage by stage in the order of the cohort's
/// needs, then the cohort's money beyond the employment share (on no stage), then line and origin.
pub(super) fn follow(
    eco: &Ecosystem,
    ledger: &Ledger,
    claims: &[Claims],
    judge: &Judge,
    names: &Names,
) -> Vec<Flow> {
    // Each service's money is followed on its own: on every core, gathered in map order (moved,
    // not copied: `concat` would clone every flow and its ids).
    let per_service: Vec<Vec<Flow>> = (0..eco.map.services.len())
        .into_par_iter()
        .map(|s| follow_service(eco, ledger, claims, judge, names, s))
        .collect();
    let mut flows = Vec::with_capacity(per_service.iter().map(Vec::len).sum());
    for mut service in per_service {
        flows.append(&mut service);
    }
    flows
}

/// [`follow`] for service `s`: its flows in the order [`follow`] gives them.
fn follow_service(
    eco: &Ecosystem,
    ledger: &Ledger,
    claims: &[Claims],
    judge: &Judge,
    names: &Names,
    s: usize,
) -> Vec<Flow> {
    let m = &eco.map;
    let sv = eco.service(s);
    let mut flows = Vec::new();
    let mut pot: BTreeMap<PotKey, Money> = BTreeMap::new();
    let mut payers: Vec<Option<usize>> = Vec::new();
    for (li, f) in sv.funding.iter().enumerate() {
        payers.push(m.commissioners.get_index_of(&f.from));
        for &(o, a) in ledger.service_line(s, li) {
            *pot.entry((li, o)).or_default() += a;
        }
    }
    let total: Money = pot.values().copied().sum();
    let (employment, rest) = judge.employment_part(s, total);
    let mut drawn: Vec<Drawn> = Vec::new();
    for (is_employment, part) in [(true, employment), (false, rest)] {
        if part == Money::ZERO {
            continue;
        }
        // Money beyond the employment share reaches the cohorts but no stage: it is not
        // employment support.
        for cell in cells(eco, &claims[s].list, part, is_employment) {
            let pieces = take(&mut pot, cell.1);
            let (evidence, reading) = if is_employment {
                judge.of(s, cell.0.0)
            } else {
                (Evidence::NotRated, Reading::NotEmployment)
            };
            drawn.push((cell.0, !is_employment, evidence, reading, pieces));
        }
    }
    // Back to map order for the output: cohort by cohort, its stages in the order of its needs,
    // then its money beyond the employment share.
    drawn.sort_by_key(|((c, st), rest, ..)| {
        let stage = st
            .as_ref()
            .zip(*c)
            .map(|(st, c)| m.cohorts[c].needs.get_index_of(st).unwrap_or(usize::MAX));
        (*c, *rest, stage)
    });
    for ((cohort, stage), _, evidence, reading, pieces) in drawn {
        let stage = stage.as_ref().and_then(|st| names.stage(st));
        for ((li, o), piece) in pieces {
            let Some(payer) = payers[li] else { continue };
            flows.push(Flow {
                amount: piece,
                evidence,
                reading,
                at: FlowAt {
                    origin: o,
                    payer,
                    service: s,
                    cohort,
                    stage,
                },
            });
        }
    }
    flows
}
