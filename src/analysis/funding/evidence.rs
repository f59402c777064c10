//! The evidence for each piece of money, as the sources say (004 §18-54): the level of the
//! service's model in the benchmark table, narrowed where a source narrows it.
//!
//! - IPS's strong evidence is for people with severe mental illness in contact with secondary
//!   mental health services (004 §20). A cohort belongs to that population when its `care` is
//!   `secondary` and nothing else; a cohort whose `care` words leave `secondary` out is outside it
//!   and its IPS money takes the level of IPS in primary and community care (`ips-primary-care`,
//!   004 §44); a cohort with no `care`, or a mix that includes `secondary`, is undetermined, and so
//!   is IPS money that reaches no cohort on the map: its level is unknown, never assumed strong.
//! - An IPS service whose fidelity score is below the fair band (`ips-fidelity-fair`, 004 §26-28)
//!   is not delivering IPS as the trials tested it: all its money takes the level of
//!   `specialist-employment`.
//! - A service's `employment_share` counts only that share of its money as employment support; the
//!   rest is not rated.
//!
//! Nothing here moves money; [`super::cohorts`] asks [`Judge::of`] for each piece it makes.

use super::Reading;
use crate::benchmarks::{Benchmarks, Evidence, ids};
use crate::graph::Ecosystem;
use crate::model::{AttrValue, Cohort};
use crate::money::Money;

/// The model whose strong evidence holds for one population only (004 §20).
const POPULATION_LIMITED: &str = "ips";
/// The model whose level IPS money takes outside that population: IPS principles applied in
/// primary and community care (004 §44).
const OUTSIDE_POPULATION: &str = "ips-primary-care";
/// The model whose level an IPS service below the fair band of fidelity takes: employment support
/// that is neither IPS nor evidenced supported employment (004 §18-19).
const BELOW_FAIR: &str = "specialist-employment";
/// The cohort attribute, and its word, that mark people in contact with secondary mental health
/// services.
const CARE: &str = "care";
const SECONDARY: &str = "secondary";

/// Whether a cohort is among people in secondary mental health care: `Some(true)` when its `care`
/// is `secondary` alone, `Some(false)` when its `care` words leave `secondary` out, `None` when the
/// map does not settle it (no `care`, a mix including `secondary`, or a number).
pub fn in_secondary_care(cohort: &Cohort) -> Option<bool> {
    match cohort.attributes.get(CARE) {
        Some(AttrValue::Words(words)) if words.iter().all(|w| w == SECONDARY) => {
            (!words.is_empty()).then_some(true)
        }
        Some(AttrValue::Words(words)) if !words.iter().any(|w| w == SECONDARY) => Some(false),
        _ => None,
    }
}

/// How one service's money is judged.
struct Service {
    /// Its model's level in the table.
    level: Evidence,
    /// An IPS service scoring below the fair band.
    below_fair: bool,
    /// Its model's strong evidence holds for one population only.
    population_limited: bool,
    /// `employment_share`, where less than all.
    employment_share: Option<f64>,
}

/// The evidence levels in force for a map's services, and the rules that narrow them.
pub(super) struct Judge {
    services: Vec<Service>,
    /// The level of IPS money outside its population.
    outside: Evidence,
    /// The level of an IPS service below the fair band.
    below_fair: Evidence,
    /// Each cohort's place in IPS's population, by cohort position.
    population: Vec<Option<bool>>,
}

impl Judge {
    pub(super) fn new(eco: &Ecosystem, benchmarks: &Benchmarks) -> Judge {
        let fair = benchmarks.value(ids::FIDELITY_FAIR);
        let m = &eco.map;
        Judge {
            services: m
                .services
                .values()
                .map(|sv| {
                    let ips = sv.model == POPULATION_LIMITED;
                    Service {
                        level: benchmarks.evidence(&sv.model),
                        below_fair: ips && sv.fidelity.is_some_and(|f| f < fair),
                        population_limited: ips,
                        employment_share: sv.employment_share.map(|s| s.get()).filter(|s| *s < 1.0),
                    }
                })
                .collect(),
            outside: benchmarks.evidence(OUTSIDE_POPULATION),
            below_fair: benchmarks.evidence(BELOW_FAIR),
            population: m.cohorts.values().map(in_secondary_care).collect(),
        }
    }

    /// The level of employment-support money of service `s` reaching `cohort` (`None`: no cohort
    /// on the map), and why.
    pub(super) fn of(&self, s: usize, cohort: Option<usize>) -> (Evidence, Reading) {
        let sv = &self.services[s];
        if sv.below_fair {
            return (self.below_fair, Reading::BelowFairFidelity);
        }
        if !sv.population_limited {
            return (sv.level, Reading::Model);
        }
        match cohort.and_then(|c| self.population[c]) {
            Some(true) => (sv.level, Reading::Model),
            Some(false) => (self.outside, Reading::OutsidePopulation),
            None => (Evidence::Unknown, Reading::PopulationUndetermined),
        }
    }

    /// A service's money split into employment support and the rest (`employment_share`), to the
    /// penny.
    pub(super) fn employment_part(&self, s: usize, total: Money) -> (Money, Money) {
        match self.services[s].employment_share {
            None => (total, Money::ZERO),
            Some(share) => {
                // Millionths: a share is given to a few decimal places.
                let w = (share * 1_000_000.0).round() as u128;
                let parts = total.split(&[w, 1_000_000 - w.min(1_000_000)]);
                (parts[0], parts[1])
            }
        }
    }
}
