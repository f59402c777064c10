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
    /// For a not-eligible service: the terms that would still leave its eligibility undetermined
    /// for the cohort once those in `because` were widened (a rule for adults 19 or over on
    /// benefit, widened on benefit, still asks the age of a cohort aged 16–24).
    pub unsettled: Vec<Reason>,
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
    /// on fewer terms first (those it excludes the cohort on, and those that would then still
    /// be undetermined).
    pub fn distance(&self) -> usize {
        distance(
            self.obstacle,
            self.reachable_if_eligible,
            self.because.len() + self.unsettled.len(),
        )
    }
}

/// [`Blocker::distance`] of a blocker with `obstacle`, reachable if eligible or not, its verdict
/// decided by `terms` terms (counted only for a not-eligible one).
fn distance(obstacle: Obstacle, reachable_if_eligible: bool, terms: usize) -> usize {
    let unreachable = usize::from(!reachable_if_eligible);
    match obstacle {
        Obstacle::Unreachable => 0,
        Obstacle::Undetermined => 1 + unreachable,
        Obstacle::NotEligible => 2 + terms + unreachable,
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
        self.count(left.iter().map(|b| b.obstacle));
    }

    /// Counts services kept from the cohort by `obstacles` as left out.
    pub(super) fn count(&mut self, obstacles: impl Iterator<Item = Obstacle>) {
        for o in obstacles {
            match o {
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

/// A service offering the stage as the verdict tables alone show it, without the reasons: what
/// keeps the cohort from it, and whether the cohort would reach it if it were eligible (as
/// [`blocker`] finds them). A gap's kind, the services each kind names and the nearest fix are
/// read from these, so that the reasons are worked out only for the blockers shown and those the
/// fix is chosen from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Glance {
    pub(super) obstacle: Obstacle,
    pub(super) service: usize,
    pub(super) reachable_if_eligible: bool,
}

impl Glance {
    /// Service `s` for cohort `ci` and `stage`, which the cohort does not reach.
    pub(super) fn of(eco: &Ecosystem, reach: &Reach, ci: usize, s: usize, stage: &str) -> Glance {
        let (c, svc) = (eco.cohort(ci), eco.service(s));
        let now = eco.verdict(ci, s);
        let value = match after_job_entry(stage) && now != Ternary::Yes {
            true => Some(eco.verdict_after(ci, s)).filter(|&after| after >= now),
            false => None,
        };
        Glance {
            obstacle: obstacle(value.unwrap_or(now)),
            service: s,
            reachable_if_eligible: svc.referral.self_referral
                || c.enters_via.contains(&svc.id)
                || (eco.referral_sources(s).iter()).any(|&r| reach.reaches_for(ci, r, stage)),
        }
    }
}

/// What keeps the cohort from a service it does not reach, by its verdict.
fn obstacle(verdict: Ternary) -> Obstacle {
    match verdict {
        Ternary::Yes => Obstacle::Unreachable,
        Ternary::Unknown => Obstacle::Undetermined,
        Ternary::No => Obstacle::NotEligible,
    }
}

/// The nearest of the services `seen` (sorted by obstacle, then position) to a route, as
/// [`Blocker::distance`] and then the position choose it: a not-eligible service's reasons are
/// worked out only when it could still be nearer than the nearest found.
pub(super) fn nearest(
    eco: &Ecosystem,
    ci: usize,
    stage: &str,
    seen: &[Glance],
    known: &mut Known,
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for g in seen {
        // The least it can be: a not-eligible service's terms not yet counted.
        let least = distance(g.obstacle, g.reachable_if_eligible, 0);
        if best.is_some_and(|b| (least, g.service) >= b) {
            continue;
        }
        let far = match g.obstacle {
            Obstacle::NotEligible => {
                let (verdict, after_start) = known.verdict(eco, ci, g.service, stage);
                let left = unsettled(eco, ci, g.service, after_start, &verdict.because);
                let terms = verdict.because.len() + left.len();
                distance(g.obstacle, g.reachable_if_eligible, terms)
            }
            _ => least,
        };
        if best.is_none_or(|b| (far, g.service) < b) {
            best = Some((far, g.service));
        }
    }
    best.map(|(_, s)| s)
}

/// The attributes missing or partly known that leave eligibility undetermined at the services
/// `seen`, in the order first met.
pub(super) fn undetermined_attributes(
    eco: &Ecosystem,
    ci: usize,
    stage: &str,
    seen: &[Glance],
    known: &mut Known,
) -> Vec<String> {
    let mut attributes: Vec<String> = Vec::new();
    for g in seen.iter().filter(|g| g.obstacle == Obstacle::Undetermined) {
        for r in known.verdict(eco, ci, g.service, stage).0.because {
            if matches!(r.matched, Match::Missing | Match::Partly)
                && !attributes.contains(&r.attribute)
            {
                attributes.push(r.attribute);
            }
        }
    }
    attributes
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
    let obstacle = obstacle(verdict.value);
    let unsettled = match obstacle {
        Obstacle::NotEligible => unsettled(eco, ci, s, after_start, &verdict.because),
        _ => Vec::new(),
    };
    Blocker {
        service: svc.id.clone(),
        obstacle,
        rule: match &svc.eligibility {
            Eligibility::Rule(r) => Some(r.clone()),
            _ => None,
        },
        because: verdict.because,
        unsettled,
        after_start,
        self_referral: svc.referral.self_referral,
        referrers,
        reachable_if_eligible,
        link,
    }
}

/// The terms that would still leave the cohort's eligibility at service `s` undetermined once the
/// terms `excluding` (those its verdict excludes the cohort on) were widened: none when widening
/// them lets the cohort in.
fn unsettled(
    eco: &Ecosystem,
    ci: usize,
    s: usize,
    after_start: bool,
    excluding: &[Reason],
) -> Vec<Reason> {
    let left = eco.explain_widened(ci, s, after_start, excluding);
    if left.value != Ternary::Unknown {
        return Vec::new();
    }
    (left.because.into_iter())
        .filter(|r| matches!(r.matched, Match::Missing | Match::Partly))
        .collect()
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
