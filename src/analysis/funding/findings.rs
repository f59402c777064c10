//! What the money shows beyond the sums: each cohort's share of specialist spend
//! against its share of need), need no money reaches and why, and cohort-stages whose money all
//! comes from one funder.

use std::collections::BTreeMap;

use super::{
    CohortFunding, CohortStage, Concentration, Dependence, FairShare, Flow, Names, UnfundedNeed,
    Unreached, add, share,
};
use crate::analysis::routes::Reach;
use crate::benchmarks::{Benchmarks, Evidence};
use crate::graph::Ecosystem;
use crate::model::Id;
use crate::money::Money;

/// The stages of the employment continuum (DOMAIN.md, "Stages"; 001 section 2): they count on
/// the need side of specialist spend whoever offers them.
const CONTINUUM: &[&str] = &["engagement", "job-search", "in-work", "retention"];

/// The stages specialist spend can reach, so the ones its need side counts: the employment
/// continuum, and any stage a service of a rated model offers on the map (specialist money lands
/// only on stages such services offer). A stage only services that are not rated offer (benefits
/// advice at a benefits service, say) is left out on both sides.
fn specialist_stage(eco: &Ecosystem, benchmarks: &Benchmarks, stage: &str) -> bool {
    CONTINUUM.contains(&stage)
        || eco
            .map
            .services
            .values()
            .any(|sv| sv.offers(stage) && benchmarks.evidence(&sv.model) != Evidence::NotRated)
}

/// People of a cohort needing specialist support: its largest need among the stages specialist
/// spend can reach ([`specialist_stage`]).
fn needing_specialist(eco: &Ecosystem, benchmarks: &Benchmarks, c: usize) -> f64 {
    let cohort = eco.cohort(c);
    cohort
        .stage_needs()
        .filter(|(st, _)| specialist_stage(eco, benchmarks, st.as_str()))
        .map(|(_, need)| need)
        .fold(0.0, f64::max)
}

/// Each cohort's share of specialist spend against its share of the people needing the support
/// that spend buys. With no specialist spend on the map, no share of it can be set against need:
/// the spend share and the difference are then not applicable (`None`).
pub(super) fn fair_shares(
    eco: &Ecosystem,
    benchmarks: &Benchmarks,
    cohorts: &[CohortFunding],
    flows: &[Flow],
) -> Vec<FairShare> {
    // By cohort position (the cohorts' views are in map order).
    let mut specialist: BTreeMap<usize, Money> = BTreeMap::new();
    // Specialist: employment-support money of a model the evidence question applies to (any
    // level but not rated).
    for f in flows.iter().filter(|f| f.evidence != Evidence::NotRated) {
        if let Some(c) = f.at.cohort {
            add(&mut specialist, &c, f.amount);
        }
    }
    let specialist_of = |c: usize| -> Money { specialist.get(&c).copied().unwrap_or(Money::ZERO) };
    let needing: Vec<f64> = (0..cohorts.len())
        .map(|c| needing_specialist(eco, benchmarks, c))
        .collect();
    let all_need: f64 = needing.iter().sum();
    let all_specialist: Money = (0..cohorts.len()).map(specialist_of).sum();
    cohorts
        .iter()
        .zip(&needing)
        .enumerate()
        .map(|(ci, (c, &people))| {
            let amount = specialist_of(ci);
            let need_share = if all_need == 0.0 {
                0.0
            } else {
                people / all_need
            };
            let spend_share =
                (all_specialist != Money::ZERO).then(|| share(amount, all_specialist));
            FairShare {
                cohort: c.id.clone(),
                people_needing_support: people,
                need_share,
                specialist_spend: amount,
                spend_share,
                difference_points: spend_share.map(|s| (s - need_share) * 100.0),
            }
        })
        .collect()
}

/// Why no money reaches a cohort-stage with need, and the nearest fix.
pub(super) fn unreached(
    eco: &Ecosystem,
    names: &Names,
    reach: &Reach,
    cohort: usize,
    cs: &CohortStage,
) -> UnfundedNeed {
    let options = reach.options(eco, cohort, cs.stage.as_str());
    let all: Vec<Id> = options.iter().map(|&s| names.service(s)).collect();
    let funded: Vec<Id> = options
        .iter()
        .filter(|&&s| eco.service(s).spend() != Money::ZERO)
        .map(|&s| names.service(s))
        .collect();
    let list = |ids: &[Id]| {
        ids.iter()
            .map(|i| crate::quote::code(i.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let stage = &cs.stage;
    let quoted = crate::quote::code(stage.as_str());
    let (reason, services, why, fix) = if options.is_empty() {
        (
            Unreached::NoRoute,
            Vec::new(),
            format!("no service the cohort can reach offers {quoted}"),
            "open a route to a service offering it (the gap analysis names the rule or referral missing), or commission one".to_owned(),
        )
    } else if funded.is_empty() {
        (
            Unreached::Unfunded,
            all.clone(),
            format!(
                "the services it reaches for {quoted} ({}) have no funding on the map",
                list(&all)
            ),
            "add their funding to the map if someone pays for them, or fund one".to_owned(),
        )
    } else {
        (
            Unreached::PlacesTaken,
            funded.clone(),
            format!(
                "the funded services it reaches for {quoted} ({}) give all their places to other cohorts",
                list(&funded)
            ),
            format!(
                "add places at {}, or commission the stage for this cohort",
                list(&funded)
            ),
        )
    };
    UnfundedNeed {
        cohort: eco.cohort(cohort).id.clone(),
        stage: stage.clone(),
        need: cs.need,
        reason,
        services,
        why,
        fix,
    }
}

/// A cohort-stage whose money all comes through one commissioner, or all enters at one funder.
pub(super) fn dependence(cohort: &Id, cs: &CohortStage) -> Option<Concentration> {
    let (dependence, funder, why) = if let [one] = cs.payers.as_slice() {
        (
            Dependence::SinglePayer,
            one.id.clone(),
            format!(
                "every service bringing {} money to this cohort is paid by {}",
                crate::quote::code(cs.stage.as_str()),
                crate::quote::code(one.id.as_str())
            ),
        )
    } else if let [one] = cs.origins.as_slice() {
        (
            Dependence::SingleOrigin,
            one.id.clone(),
            format!(
                "{} commissioners pay for it, but all the money enters at {}",
                cs.payers.len(),
                crate::quote::code(one.id.as_str())
            ),
        )
    } else {
        return None;
    };
    Some(Concentration {
        cohort: cohort.clone(),
        stage: cs.stage.clone(),
        amount: cs.amount,
        dependence,
        funder,
        why,
    })
}
