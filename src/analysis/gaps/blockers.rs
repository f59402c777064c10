//! What keeps a cohort from one service offering a stage it needs: the service's eligibility (the
//! rule and terms that decided it), the referrals it takes and whether the cohort can use them,
//! and the one referral link that would open a route. As data: the words are the exporters'.

use std::collections::BTreeMap;

use super::super::routes::{Reach, after_job_entry};
use crate::eligibility::{Match, Reason, Ternary, Verdict};
use crate::graph::Ecosystem;
use crate::model::{Eligibility, Id};

/// Why one service offering a stage does not serve the cohort. Ordered nearest to a route first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Obstacle {
    /// The cohort is eligible, but no referral chain leads there.
    Unreachable,
    /// Its eligibility depends on an attribute the cohort lacks or only partly meets.
    Undetermined,
    /// Its eligibility excludes the cohort.
    NotEligible,
}

/// Whether a cohort can use a service that refers to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferrerStatus {
    /// The cohort reaches it.
    Reached,
    /// Its eligibility excludes the cohort.
    NotEligible,
    /// Its eligibility is undetermined for the cohort.
    Undetermined,
    /// The cohort is eligible but does not reach it either.
    Unreached,
}

/// A service that refers to a blocked one, and whether the cohort can use it.
#[derive(Debug, Clone)]
pub struct Referrer {
    pub service: Id,
    pub status: ReferrerStatus,
    /// For a referrer whose eligibility excludes the cohort or is undetermined: the terms.
    pub because: Vec<Reason>,
}

/// A referral link that would open a route: `from` added to `to`'s `referral.from`, or, with no
/// `from`, `to` taking self-referrals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub from: Option<Id>,
    pub to: Id,
}

/// One service offering the stage, and what keeps the cohort from it.
#[derive(Debug, Clone)]
pub struct Blocker {
    pub service: Id,
    pub obstacle: Obstacle,
    /// The service's named rule, if its eligibility is one.
    pub rule: Option<Id>,
    /// The terms that decided the eligibility verdict (empty for an unreachable service).
    pub because: Vec<Reason>,
    /// The verdict is judged on the cohort as it will be after starting work (in-work and
    /// retention support, which may be joined then).
    pub after_start: bool,
    /// Whether it takes self-referrals.
    pub self_referral: bool,
    /// The services it takes referrals from, and whether the cohort can use them.
    pub referrers: Vec<Referrer>,
    /// Whether the cohort would reach it if it were eligible: it is an entry point, takes
    /// self-referrals, or takes referrals from a service the cohort reaches.
    pub reachable_if_eligible: bool,
    /// The referral link that would open a route, where one is missing.
    pub link: Option<Link>,
}

impl Blocker {
    /// How far the blocker is from a route, for choosing the nearest fix: an unreachable service
    /// needs one referral link; an undetermined one needs the map to say more about the cohort
    /// (and a link, if it would be unreachable anyway); a not-eligible one needs its rule changed,
    /// on fewer terms first.
    pub fn distance(&self) -> usize {
        let unreachable = usize::from(!self.reachable_if_eligible);
        match self.obstacle {
            Obstacle::Unreachable => 0,
            Obstacle::Undetermined => 1 + unreachable,
            Obstacle::NotEligible => 2 + self.because.len() + unreachable,
        }
    }
}

/// The services offering a stage that a shortened list of blockers leaves out
/// ([`super::Gaps::keep_blockers`]), counted by obstacle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub unreachable: usize,
    pub undetermined: usize,
    pub not_eligible: usize,
}

impl LeftOut {
    /// Every one left out.
    pub fn total(&self) -> usize {
        self.unreachable + self.undetermined + self.not_eligible
    }

    /// Counts the blockers `left` as left out too.
    pub(super) fn add(&mut self, left: &[Blocker]) {
        for b in left {
            match b.obstacle {
                Obstacle::Unreachable => self.unreachable += 1,
                Obstacle::Undetermined => self.undetermined += 1,
                Obstacle::NotEligible => self.not_eligible += 1,
            }
        }
    }
}

/// What the blockers of one cohort-stage have in common, each worked out once: the referrers (on
/// a county's map the same few gateways refer to hundreds of the services offering a stage), and
/// the verdicts, one for each distinct eligibility among the services (thousands of services use
/// a few dozen rules, and the cohort and the stage are the same for all).
#[derive(Debug, Default)]
pub struct Known {
    referrers: BTreeMap<usize, Referrer>,
    /// By the service's eligibility among the map's distinct ones.
    verdicts: BTreeMap<usize, (Verdict, bool)>,
}

impl Known {
    /// [`verdict_for`], taken from an earlier service of the same eligibility where there is one.
    fn verdict(&mut self, eco: &Ecosystem, ci: usize, s: usize, stage: &str) -> (Verdict, bool) {
        match eco.eligibility_class(s) {
            Some(k) => (self.verdicts.entry(k))
                .or_insert_with(|| verdict_for(eco, ci, s, stage))
                .clone(),
            None => verdict_for(eco, ci, s, stage),
        }
    }

    /// [`referrer`], worked out once.
    fn referrer(
        &mut self,
        eco: &Ecosystem,
        reach: &Reach,
        ci: usize,
        r: usize,
        stage: &str,
    ) -> Referrer {
        if let Some(known) = self.referrers.get(&r) {
            return known.clone();
        }
        let found = referrer(eco, reach, ci, r, stage, self);
        self.referrers.insert(r, found.clone());
        found
    }
}

/// Why the cohort does not get to service `s` for `stage`, which it does not reach. For in-work and
/// retention support, eligibility is read as "now or after starting work", and a referrer counts
/// as reached if the cohort reaches it either way. `known` holds what is already worked out for
/// this cohort and stage.
pub fn blocker(
    eco: &Ecosystem,
    reach: &Reach,
    ci: usize,
    s: usize,
    stage: &str,
    known: &mut Known,
) -> Blocker {
    let c = eco.cohort(ci);
    let svc = eco.service(s);
    let (verdict, after_start) = known.verdict(eco, ci, s, stage);
    let referrers: Vec<Referrer> = eco
        .referral_sources(s)
        .iter()
        .map(|&r| known.referrer(eco, reach, ci, r, stage))
        .collect();
    let reachable_if_eligible = svc.referral.self_referral
        || c.enters_via.contains(&svc.id)
        || referrers
            .iter()
            .any(|r| r.status == ReferrerStatus::Reached);
    let link = (!reachable_if_eligible).then(|| missing_link(eco, reach, ci, s));
    let obstacle = match verdict.value {
        Ternary::Yes => Obstacle::Unreachable,
        Ternary::Unknown => Obstacle::Undetermined,
        Ternary::No => Obstacle::NotEligible,
    };
    Blocker {
        service: svc.id.clone(),
        obstacle,
        rule: match &svc.eligibility {
            Eligibility::Rule(r) => Some(r.clone()),
            _ => None,
        },
        because: verdict.because,
        after_start,
        self_referral: svc.referral.self_referral,
        referrers,
        reachable_if_eligible,
        link,
    }
}

/// Whether the cohort may use the service for `stage`, and why, and whether that is judged on the
/// cohort after starting work: for in-work and retention support, the better of now and after
/// (after, when neither is better: it is what joining in work would be judged on).
fn verdict_for(eco: &Ecosystem, ci: usize, s: usize, stage: &str) -> (Verdict, bool) {
    let now = eco.explain(ci, s);
    if after_job_entry(stage) && now.value != Ternary::Yes {
        let after = eco.explain_after(ci, s);
        if after.value >= now.value {
            return (after, true);
        }
    }
    (now, false)
}

fn referrer(
    eco: &Ecosystem,
    reach: &Reach,
    ci: usize,
    r: usize,
    stage: &str,
    known: &mut Known,
) -> Referrer {
    let (status, because) = if reach.reaches_for(ci, r, stage) {
        (ReferrerStatus::Reached, Vec::new())
    } else {
        let (v, _) = known.verdict(eco, ci, r, stage);
        match v.value {
            Ternary::No => (ReferrerStatus::NotEligible, v.because),
            Ternary::Unknown => (ReferrerStatus::Undetermined, v.because),
            Ternary::Yes => (ReferrerStatus::Unreached, Vec::new()),
        }
    };
    Referrer {
        service: eco.service(r).id.clone(),
        status,
        because,
    }
}

/// The one referral link that would let the cohort reach service `s`: from a service it already
/// reaches (its entry points first, in `enters_via` order, then the nearest, then map order), or,
/// if it reaches none, self-referral.
pub fn missing_link(eco: &Ecosystem, reach: &Reach, ci: usize, s: usize) -> Link {
    let c = eco.cohort(ci);
    let to = eco.service(s).id.clone();
    let entry = c
        .enters_via
        .iter()
        .filter_map(|e| eco.service_ix(e.as_str()))
        .find(|&e| e != s && reach.reaches(ci, e));
    let from = entry.or_else(|| {
        reach
            .reached(ci)
            .filter(|&r| r != s)
            .min_by_key(|&r| (reach.chain(ci, r).len(), r))
    });
    Link {
        from: from.map(|f| eco.service(f).id.clone()),
        to,
    }
}

/// The blockers of one obstacle.
pub(super) fn blocked(
    blockers: &[(usize, Blocker)],
    o: Obstacle,
) -> impl Iterator<Item = &Blocker> {
    blockers
        .iter()
        .map(|(_, b)| b)
        .filter(move |b| b.obstacle == o)
}

/// The attributes missing or partly known that leave eligibility undetermined, in the order first
/// met.
pub(super) fn undetermined_attributes(blockers: &[(usize, Blocker)]) -> Vec<String> {
    let mut attributes: Vec<String> = Vec::new();
    for b in blocked(blockers, Obstacle::Undetermined) {
        for r in &b.because {
            if matches!(r.matched, Match::Missing | Match::Partly)
                && !attributes.contains(&r.attribute)
            {
                attributes.push(r.attribute.clone());
            }
        }
    }
    attributes
}
