//! Applying a change to a copy of the map: services taken away with every reference to them, or a
//! commissioner's money withdrawn all the way down (the rules are [`super::RULES`]).

use super::{Change, NotOnMap};
use crate::analysis::funding::Amount;
use crate::analysis::withdrawal::{ServiceLoss, withdraw};
use crate::graph::Ecosystem;
use crate::model::{Id, Map};
use crate::money::Money;

/// Why a service is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// Named with `--without`.
    Named,
    /// All its money came from the withdrawing commissioner, directly or through others.
    FundedAlone,
}

/// A service the change removes.
#[derive(Debug, Clone)]
pub struct RemovedService {
    pub id: Id,
    pub name: String,
    pub why: Removal,
    pub spend: Money,
    pub places: Option<u64>,
}

/// A co-funded service that loses the withdrawing commissioner's money.
#[derive(Debug, Clone)]
pub struct ReducedService {
    pub id: Id,
    pub name: String,
    pub spend_before: Money,
    pub spend_after: Money,
    /// Money left ÷ money before.
    pub scale: f64,
    pub places_before: Option<u64>,
    pub places_after: Option<u64>,
    pub wte_before: Option<f64>,
    pub wte_after: Option<f64>,
}

/// Money the withdrawing commissioner passed to another commissioner.
#[derive(Debug, Clone)]
pub struct PassedOn {
    pub commissioner: Id,
    pub name: String,
    pub amount: Money,
}

/// A map with a change applied, and what the change did to it.
#[derive(Debug, Clone)]
pub struct Modified {
    pub map: Map,
    /// In the map's order.
    pub removed: Vec<RemovedService>,
    /// In the map's order.
    pub reduced: Vec<ReducedService>,
    /// In the map's order of commissioners.
    pub passed_on: Vec<PassedOn>,
    /// For a withdrawal: every service that loses money, in the map's order.
    pub losses: Vec<ServiceLoss>,
    /// For a withdrawal: of the money services lose, the commissioner's own.
    pub withdrawn_own: Option<Money>,
    /// For a withdrawal: of the money services lose, what the commissioner passes on from
    /// others, by the funder where it entered the map.
    pub withdrawn_from_others: Vec<Amount>,
}

/// What a change did, apart from the changed map.
pub(super) struct Done {
    pub(super) removed: Vec<RemovedService>,
    pub(super) reduced: Vec<ReducedService>,
    pub(super) passed_on: Vec<PassedOn>,
    pub(super) losses: Vec<ServiceLoss>,
    pub(super) withdrawn_own: Option<Money>,
    pub(super) withdrawn_from_others: Vec<Amount>,
}

impl Modified {
    pub(super) fn split(self) -> (Map, Done) {
        let Modified {
            map,
            removed,
            reduced,
            passed_on,
            losses,
            withdrawn_own,
            withdrawn_from_others,
        } = self;
        let done = Done {
            removed,
            reduced,
            passed_on,
            losses,
            withdrawn_own,
            withdrawn_from_others,
        };
        (map, done)
    }
}

/// Applies a change to a copy of the map. The map given is not touched.
pub fn apply(map: &Map, change: &Change) -> Result<Modified, NotOnMap> {
    match change {
        Change::Without { .. } => apply_to(map, None, change),
        Change::Withdraw { .. } => {
            let eco = Ecosystem::new(map.clone());
            apply_to(map, Some(&eco), change)
        }
    }
}

/// [`apply`], with the map's ecosystem when it is at hand (a withdrawal follows the money through
/// it; without it one is built).
pub(super) fn apply_to(
    map: &Map,
    eco: Option<&Ecosystem>,
    change: &Change,
) -> Result<Modified, NotOnMap> {
    let (mut modified, gone) = match (change, eco) {
        (Change::Without { services }, _) => without(map, services)?,
        (Change::Withdraw { commissioner }, Some(eco)) => withdrawal(eco, commissioner)?,
        (Change::Withdraw { .. }, None) => return apply(map, change),
    };
    remove_services(&mut modified.map, &gone);
    Ok(modified)
}

/// The map less the services named (their references go with them, in [`apply`]), and their ids.
fn without(map: &Map, services: &[Id]) -> Result<(Modified, Vec<Id>), NotOnMap> {
    let mut gone: Vec<Id> = Vec::new();
    for id in services {
        let Some(s) = map.services.get(id.as_str()) else {
            return Err(NotOnMap {
                kind: "service",
                id: id.to_string(),
            });
        };
        if !gone.contains(&s.id) {
            gone.push(s.id.clone());
        }
    }
    // In the map's order, whatever order they were named in.
    let removed = map
        .services
        .values()
        .filter(|s| gone.contains(&s.id))
        .map(|s| RemovedService {
            id: s.id.clone(),
            name: s.name.clone(),
            why: Removal::Named,
            spend: s.spend(),
            places: s.capacity.people_per_year,
        })
        .collect();
    let modified = Modified {
        map: map.clone(),
        removed,
        reduced: Vec::new(),
        passed_on: Vec::new(),
        losses: Vec::new(),
        withdrawn_own: None,
        withdrawn_from_others: Vec::new(),
    };
    Ok((modified, gone))
}

/// The map with a commissioner's money taken away all the way down ([`withdraw`]): services left
/// with nothing are to go (their ids), services left with some shrink.
fn withdrawal(eco: &Ecosystem, commissioner: &Id) -> Result<(Modified, Vec<Id>), NotOnMap> {
    let map = &eco.map;
    let Some(c) = map.commissioners.get_index_of(commissioner.as_str()) else {
        return Err(NotOnMap {
            kind: "commissioner",
            id: commissioner.to_string(),
        });
    };
    let withdrawn = withdraw(eco, c);
    let mut out = withdrawn.map;
    let (mut removed, mut reduced, mut gone) = (Vec::new(), Vec::new(), Vec::new());
    for loss in &withdrawn.losses {
        let Some(s) = out.services.get_mut(loss.id.as_str()) else {
            continue;
        };
        if loss.after == Money::ZERO {
            gone.push(s.id.clone());
            removed.push(RemovedService {
                id: s.id.clone(),
                name: s.name.clone(),
                why: Removal::FundedAlone,
                spend: loss.before,
                places: s.capacity.people_per_year,
            });
            continue;
        }
        let (places_before, wte_before) = (s.capacity.people_per_year, s.capacity.wte);
        s.capacity.people_per_year = places_before.map(|p| scale_down(p, loss.after, loss.before));
        let scale = loss.after.as_major() / loss.before.as_major();
        s.capacity.wte = wte_before.map(|w| w * scale);
        reduced.push(ReducedService {
            id: s.id.clone(),
            name: s.name.clone(),
            spend_before: loss.before,
            spend_after: loss.after,
            scale,
            places_before,
            places_after: s.capacity.people_per_year,
            wte_before,
            wte_after: s.capacity.wte,
        });
    }
    let passed_on = map
        .commissioners
        .values()
        .filter(|r| r.funded_by.iter().any(|f| &f.from == commissioner))
        .map(|r| PassedOn {
            commissioner: r.id.clone(),
            name: r.name.clone(),
            amount: r
                .funded_by
                .iter()
                .filter(|f| &f.from == commissioner)
                .map(|f| f.amount)
                .sum(),
        })
        .collect();
    let modified = Modified {
        map: out,
        removed,
        reduced,
        passed_on,
        losses: withdrawn.losses,
        withdrawn_own: Some(withdrawn.own),
        withdrawn_from_others: withdrawn.from_others,
    };
    Ok((modified, gone))
}

/// `places × left ÷ before`, rounded down, exactly.
fn scale_down(places: u64, left: Money, before: Money) -> u64 {
    let (left, before) = (left.0.max(0).unsigned_abs(), before.0.max(0).unsigned_abs());
    if before == 0 {
        return places;
    }
    let scaled = u128::from(places) * u128::from(left) / u128::from(before);
    u64::try_from(scaled).unwrap_or(places)
}

/// Removes services and every reference to them.
fn remove_services(map: &mut Map, gone: &[Id]) {
    if gone.is_empty() {
        return;
    }
    map.services.retain(|id, _| !gone.contains(id));
    for s in map.services.values_mut() {
        s.referral.from.retain(|f| !gone.contains(f));
    }
    for c in map.cohorts.values_mut() {
        c.enters_via.retain(|e| !gone.contains(e));
    }
    for a in &mut map.accepted_overlaps {
        a.services.retain(|s| !gone.contains(s));
    }
    map.accepted_overlaps.retain(|a| a.services.len() >= 2);
}
