//! A commissioner withdrawing its money, all the way down: for what-if. Every funding line loses
//! the part of it that came from the commissioner or through it (the funding analysis's origins,
//! [`money_through`]): exactly where the money was earmarked, pro rata where it was pooled. A
//! service left with no money goes; one left with some shrinks. Also the cohort-stages a change
//! leaves with no route at all, for any what-if.
//!
//! Nothing here reads or writes a file, and the map given is never changed: the caller gets a
//! changed copy.

use std::collections::BTreeMap;

use super::funding::{Amount, money_through, origins_through};
use super::routes::Reach;
use crate::graph::Ecosystem;
use crate::model::{FundingLine, Id, Map, StageId};
use crate::money::Money;

/// The money a service loses when a commissioner withdraws.
#[derive(Debug, Clone)]
pub struct ServiceLoss {
    pub id: Id,
    pub name: String,
    pub before: Money,
    pub lost: Money,
    pub after: Money,
    /// What it loses on each line, by the commissioner paying it (map order of lines; the
    /// withdrawing commissioner itself when it pays the service directly).
    pub through: Vec<Amount>,
}

/// The lines of a map once a commissioner's money is withdrawn, and what each service loses.
#[derive(Debug, Clone)]
pub struct Withdrawn {
    /// The map with every funding line reduced by the commissioner's part (lines left with nothing
    /// go). Services are not removed here.
    pub map: Map,
    /// Services that lose money, in map order.
    pub losses: Vec<ServiceLoss>,
    /// Of the money services lose, the commissioner's own (what enters the map there).
    pub own: Money,
    /// Of the money services lose, what the commissioner passes on from others, by the funder
    /// where it entered the map (map order of commissioners): withdrawn with it, though not its
    /// own. `own` and these add up to the money services lose.
    pub from_others: Vec<Amount>,
}

/// Takes commissioner `c`'s money (by position) out of a copy of the map, line by line.
pub fn withdraw(eco: &Ecosystem, c: usize) -> Withdrawn {
    let through = money_through(eco, c);
    let origins = origins_through(eco, c);
    let mut by_origin: BTreeMap<usize, Money> = BTreeMap::new();
    let mut map = eco.map.clone();
    let mut losses = Vec::new();
    for (s, sv) in map.services.values_mut().enumerate() {
        for (li, &lost) in through.services[s].iter().enumerate() {
            let whose = origins[s].get(li).map_or(&[][..], Vec::as_slice);
            for (origin, part) in whose_money(c, lost, whose) {
                *by_origin.entry(origin).or_default() += part;
            }
        }
        let before = sv.spend();
        let (lines, lost_on) = reduce(std::mem::take(&mut sv.funding), &through.services[s]);
        sv.funding = lines;
        let lost: Money = lost_on.iter().map(|a| a.amount).sum();
        if lost != Money::ZERO {
            losses.push(ServiceLoss {
                id: sv.id.clone(),
                name: sv.name.clone(),
                before,
                lost,
                after: before - lost,
                through: lost_on,
            });
        }
    }
    for (r, cm) in map.commissioners.values_mut().enumerate() {
        let (lines, _) = reduce(std::mem::take(&mut cm.funded_by), &through.commissioners[r]);
        cm.funded_by = lines;
    }
    let own = by_origin.remove(&c).unwrap_or_default();
    let from_others = by_origin
        .into_iter()
        .filter(|(_, a)| *a != Money::ZERO)
        .map(|(o, amount)| Amount {
            id: eco.map.commissioners[o].id.clone(),
            amount,
        })
        .collect();
    Withdrawn {
        map,
        losses,
        own,
        from_others,
    }
}

/// A line's loss `lost` split by whose money it is (`whose`: origin and amount through the
/// withdrawing commissioner `c`), by largest remainder so the parts add up to it exactly; all
/// `c`'s own where nothing says otherwise.
fn whose_money(c: usize, lost: Money, whose: &[(usize, Money)]) -> Vec<(usize, Money)> {
    let weights: Vec<u128> = whose
        .iter()
        .map(|(_, a)| u128::try_from(a.0.max(0)).unwrap_or(0))
        .collect();
    if lost == Money::ZERO {
        return Vec::new();
    }
    if weights.iter().all(|w| *w == 0) {
        return vec![(c, lost)];
    }
    whose
        .iter()
        .map(|(o, _)| *o)
        .zip(lost.split(&weights))
        .collect()
}

/// Funding lines less what each loses (`lost`, line by line); a line that loses money and is left
/// with none goes. Returns the lines left and what was lost, by the commissioner paying each line
/// (in the order of the lines).
fn reduce(lines: Vec<FundingLine>, lost: &[Money]) -> (Vec<FundingLine>, Vec<Amount>) {
    let mut left = Vec::with_capacity(lines.len());
    let mut lost_on: Vec<Amount> = Vec::new();
    for (li, mut line) in lines.into_iter().enumerate() {
        let lost = lost.get(li).copied().unwrap_or_default();
        if lost == Money::ZERO {
            left.push(line);
            continue;
        }
        line.amount = line.amount - lost;
        match lost_on.iter_mut().find(|a| a.id == line.from) {
            Some(a) => a.amount += lost,
            None => lost_on.push(Amount {
                id: line.from.clone(),
                amount: lost,
            }),
        }
        if line.amount != Money::ZERO {
            left.push(line);
        }
    }
    (left, lost_on)
}

/// A cohort-stage that had a route before a change and has none after.
#[derive(Debug, Clone)]
pub struct RouteLost {
    pub cohort: Id,
    pub stage: StageId,
    /// People needing the stage.
    pub need: f64,
    /// The services that were its routes, in map order.
    pub services: Vec<Id>,
}

/// The cohort-stages with a route on `before` and none on `after` (cohorts in the earlier map's
/// order, stages in the order of their needs). A cohort or stage no longer on the later map is left
/// out: it did not lose a route, it left the map.
/// `reach_before` and `reach_after` are the reach of each, as the analyses of each walked it.
pub fn routes_lost(
    before: &Ecosystem,
    reach_before: &Reach,
    after: &Ecosystem,
    reach_after: &Reach,
) -> Vec<RouteLost> {
    let mut lost = Vec::new();
    for (c, cohort) in before.map.cohorts.values().enumerate() {
        let Some(c_after) = after.cohort_ix(cohort.id.as_str()) else {
            continue;
        };
        let later = after.cohort(c_after);
        for stage in cohort.stages_needed() {
            if !later.needs_stage(stage.as_str()) {
                continue;
            }
            let had = reach_before.options(before, c, stage.as_str());
            if had.is_empty()
                || !reach_after
                    .options(after, c_after, stage.as_str())
                    .is_empty()
            {
                continue;
            }
            lost.push(RouteLost {
                cohort: cohort.id.clone(),
                stage: stage.clone(),
                need: cohort.need(stage.as_str()),
                services: had.iter().map(|&s| before.service(s).id.clone()).collect(),
            });
        }
    }
    lost
}
