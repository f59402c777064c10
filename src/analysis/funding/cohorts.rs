//! Money to cohorts and stages: whom each service's money reaches (its claims: the people of each
//! cohort it serves, stage by stage) and the pieces of money that follow, from each funding line
//! and origin to each cohort-stage. Nothing here sums the pieces up; [`super::views`] does.

use std::collections::BTreeMap;

use super::ledger::{Ledger, take};
use super::{Basis, Flow};
use crate::analysis::capacity::Capacity;
use crate::analysis::routes::Reach;
use crate::graph::Ecosystem;
use crate::model::StageId;
use crate::money::Money;

/// One cohort's claim on a service's money.
pub(super) struct Claim {
    pub(super) cohort: usize,
    pub(super) people: u64,
    pub(super) stages: Vec<(StageId, u64)>,
}

/// Whom a service's money reaches, and on what basis.
pub(super) struct Claims {
    pub(super) basis: Basis,
    pub(super) list: Vec<Claim>,
}

/// Whom each service's money reaches: the places the sharing gives each cohort-stage there, or,
/// where its capacity is unknown or the sharing gives it no one, the need of the cohorts that can
/// reach it. Services in map order; cohorts in map order; stages in the order of the cohort's needs.
pub(super) fn claims(eco: &Ecosystem, reach: &Reach, sharing: &Capacity) -> Vec<Claims> {
    let m = &eco.map;
    // (cohort, stage, service) → places given.
    let mut given: BTreeMap<(usize, &str, usize), u64> = BTreeMap::new();
    for a in &sharing.allocations {
        let Some(c) = eco.cohort_ix(a.cohort.as_str()) else {
            continue;
        };
        for (s, n) in &a.by_service {
            if let Some(si) = eco.service_ix(s.as_str()) {
                given.insert((c, a.stage.as_str(), si), *n);
            }
        }
    }
    // Places given at each service, over every cohort-stage.
    let mut placed_at = vec![0u64; m.services.len()];
    for ((_, _, si), n) in &given {
        placed_at[*si] += n;
    }
    m.services
        .values()
        .enumerate()
        .map(|(s, sv)| {
            let placed = placed_at[s];
            let by_places = sv.capacity.people_per_year.is_some() && placed > 0;
            let mut list = Vec::new();
            for (c, cohort) in m.cohorts.values().enumerate() {
                let mut stages = Vec::new();
                for stage in cohort.needs.keys() {
                    if !sv.offers(stage.as_str()) {
                        continue;
                    }
                    let people = if by_places {
                        given.get(&(c, stage.as_str(), s)).copied().unwrap_or(0)
                    } else if reach.reaches(c, s) {
                        cohort.need(stage.as_str())
                    } else {
                        0
                    };
                    if people > 0 {
                        stages.push((stage.clone(), people));
                    }
                }
                // A person is counted once across the stages they use.
                let people = stages.iter().map(|(_, n)| *n).max().unwrap_or(0);
                if people > 0 {
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

/// Splits each service's money over its claims, cohort then stage; each cohort-stage then takes its
/// share of the service's pot of (line, origin) pieces. Service by service, in map order.
pub(super) fn follow(eco: &Ecosystem, ledger: &Ledger, claims: &[Claims]) -> Vec<Flow> {
    let m = &eco.map;
    let mut flows = Vec::new();
    for (s, sv) in m.services.values().enumerate() {
        let list = &claims[s].list;
        let mut pot: BTreeMap<(usize, usize), Money> = BTreeMap::new();
        let mut payers: Vec<Option<usize>> = Vec::new();
        for (li, f) in sv.funding.iter().enumerate() {
            payers.push(m.commissioners.get_index_of(&f.from));
            for &(o, a) in ledger.service_line(s, li) {
                *pot.entry((li, o)).or_default() += a;
            }
        }
        let total: Money = pot.values().copied().sum();
        let mut cells: Vec<(Option<(usize, StageId)>, Money)> = Vec::new();
        if list.is_empty() {
            cells.push((None, total));
        } else {
            let cohort_weights: Vec<u128> = list.iter().map(|c| u128::from(c.people)).collect();
            for (claim, part) in list.iter().zip(total.split(&cohort_weights)) {
                let weights: Vec<u128> = claim.stages.iter().map(|(_, n)| u128::from(*n)).collect();
                for ((stage, _), amount) in claim.stages.iter().zip(part.split(&weights)) {
                    cells.push((Some((claim.cohort, stage.clone())), amount));
                }
            }
        }
        for (cell, amount) in cells {
            for ((li, o), piece) in take(&mut pot, amount) {
                let Some(payer) = payers[li] else { continue };
                flows.push(Flow {
                    origin: m.commissioners[o].id.clone(),
                    payer: m.commissioners[payer].id.clone(),
                    service: sv.id.clone(),
                    cohort: cell.as_ref().map(|(c, _)| m.cohorts[*c].id.clone()),
                    stage: cell.as_ref().map(|(_, st)| st.clone()),
                    amount: piece,
                });
            }
        }
    }
    flows
}
