//! Gaps: for every cohort and every stage it needs, whether it has a route, and if not, why not and
//! the nearest fix. Each cohort-stage without a route gets exactly one kind, the first that applies
//! in the order continuity, no-service, unreachable, undetermined, not-eligible; its reason still
//! names every service offering the stage and what keeps the cohort from each. A cohort-stage with
//! routes has a `capacity` gap when the places shared by maximum flow ([`super::capacity`]) fall
//! short of its need; where a service on its routes has no stated capacity there is no shortfall to
//! claim, only a note that the capacity is unknown.
//!
//! Pure: reads the ecosystem, the reach and the sharing of places; no printing, no I/O.
//! Gaps come in map order of cohorts, and within a cohort in the order of its `needs`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use super::capacity::{Allocation, Capacity, Supply};
use super::routes::{Reach, Route};
use crate::eligibility::{Match, Reason, Ternary, Verdict};
use crate::graph::Ecosystem;
use crate::model::{Eligibility, Id, StageId};
use crate::money::group_thousands as n;

/// The stage whose route continuity is measured from (001, core concept 6).
pub const JOB_SEARCH: &str = "job-search";
/// The stage of gateways: where people show up and are referred on.
pub const ACCESS: &str = "access";
/// The stages that carry support on past job entry.
pub const AFTER_JOB_ENTRY: &[&str] = &["in-work", "retention"];

/// What kind of gap a cohort-stage has. The order of the variants is the order in which the kinds
/// of a cohort-stage without a route are tried; `capacity` applies only where a route exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapKind {
    /// A route to job search but none to the in-work or retention support it also needs.
    Continuity,
    /// No service on the map offers the stage.
    NoService,
    /// Eligible for a service offering it, but no referral chain leads there.
    Unreachable,
    /// The only services that might serve it depend on an attribute the cohort lacks or partly meets.
    Undetermined,
    /// Every service offering it excludes the cohort.
    NotEligible,
    /// Routes exist, but the places are short of need.
    Capacity,
}

impl GapKind {
    /// Every kind, in the order they are tried (capacity last).
    pub const ALL: [GapKind; 6] = [
        GapKind::Continuity,
        GapKind::NoService,
        GapKind::Unreachable,
        GapKind::Undetermined,
        GapKind::NotEligible,
        GapKind::Capacity,
    ];

    /// The kind as written in output: `no-service`.
    pub fn name(self) -> &'static str {
        match self {
            GapKind::Continuity => "continuity",
            GapKind::NoService => "no-service",
            GapKind::Unreachable => "unreachable",
            GapKind::Undetermined => "undetermined",
            GapKind::NotEligible => "not-eligible",
            GapKind::Capacity => "capacity",
        }
    }

    /// What the kind means, in one sentence, for legends.
    pub fn meaning(self) -> &'static str {
        match self {
            GapKind::Continuity => {
                "support stops at job entry: a route to job search, none to the in-work or retention support also needed"
            }
            GapKind::NoService => "no service on the map offers the stage",
            GapKind::Unreachable => {
                "the cohort is eligible for a service offering the stage, but no referral chain leads there"
            }
            GapKind::Undetermined => {
                "the services that might serve it depend on something the map does not say about the cohort"
            }
            GapKind::NotEligible => "every service offering the stage excludes the cohort",
            GapKind::Capacity => {
                "routes exist, but there are fewer places than people needing them"
            }
        }
    }
}

/// Why one service offering a stage does not serve the cohort. Ordered nearest to a route first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Obstacle {
    /// The cohort is eligible, but no referral chain leads there.
    Unreachable,
    /// Its eligibility depends on an attribute the cohort lacks or only partly meets.
    Undetermined,
    /// Its eligibility excludes the cohort.
    NotEligible,
}

/// Whether a cohort can use a service that refers to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
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
#[derive(Debug, Clone, Serialize)]
pub struct Referrer {
    pub service: Id,
    pub status: ReferrerStatus,
    /// Why, for a referrer the cohort cannot use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// A referral link that would open a route: `from` added to `to`'s `referral.from`, or, with no
/// `from`, `to` taking self-referrals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Id>,
    pub to: Id,
}

impl Link {
    /// The change to the map, in words.
    pub fn describe(&self) -> String {
        match &self.from {
            Some(from) => format!("add `{from}` to `{}`'s referral.from", self.to),
            None => format!(
                "let `{}` take self-referrals (`referral: {{ self: true }}`)",
                self.to
            ),
        }
    }
}

/// One service offering the stage, and what keeps the cohort from it.
#[derive(Debug, Clone, Serialize)]
pub struct Blocker {
    pub service: Id,
    pub obstacle: Obstacle,
    /// The service's named rule, if its eligibility is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Id>,
    /// The terms that decided the eligibility verdict (empty for an unreachable service).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<Reason>,
    /// The services it takes referrals from, and whether the cohort can use them.
    pub referrers: Vec<Referrer>,
    /// Whether the cohort would reach it if it were eligible: it is an entry point, takes
    /// self-referrals, or takes referrals from a service the cohort reaches.
    pub reachable_if_eligible: bool,
    /// The referral link that would open a route, where one is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
    /// In words, one or two sentences.
    pub why: String,
    /// The smallest change that would let the cohort use this service.
    pub fix: String,
}

/// A capacity gap's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Shortfall {
    /// People given a place by the maximum flow.
    pub served: u64,
    /// People without a place.
    pub short: u64,
    /// The places of the services on the cohort's routes, summed.
    pub places: u64,
    /// The services whose places ran out (all of them are full), in map order.
    pub bottleneck: Vec<Id>,
    /// Other cohorts given places at the bottleneck services for this stage: (cohort, places).
    pub shared_with: Vec<(Id, u64)>,
}

/// One cohort-stage with no route, or with too few places.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub cohort: Id,
    pub stage: StageId,
    pub kind: GapKind,
    /// The shortfall for a capacity gap; otherwise the people needing the stage.
    pub people: u64,
    /// The people needing the stage: cohort size × share, to the nearest person.
    pub need: u64,
    /// The gap in one sentence.
    pub summary: String,
    /// The summary and everything that blocks the cohort, service by service.
    pub reason: String,
    /// The services concerned: for `continuity` and `not-eligible` every service offering the stage;
    /// for `unreachable` those the cohort is eligible for; for `undetermined` those undetermined;
    /// for `capacity` the services whose places ran out; none for `no-service`. Map order.
    pub services: Vec<Id>,
    /// The nearest fix.
    pub fix: String,
    /// Every service offering the stage, and what keeps the cohort from it: unreachable ones first,
    /// then undetermined, then not eligible (so those of the gap's own kind lead), map order within.
    pub blockers: Vec<Blocker>,
    /// For `continuity`: the cohort's routes to job search.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub job_search_routes: Vec<Route>,
    /// For `capacity`: the figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Shortfall>,
}

/// A cohort-stage with routes where a service on them has no stated capacity: no shortfall can be
/// claimed, and none is.
#[derive(Debug, Clone, Serialize)]
pub struct CapacityNote {
    pub cohort: Id,
    pub stage: StageId,
    pub need: u64,
    /// The services on its routes with no stated capacity, in map order.
    pub services: Vec<Id>,
    /// The places of the services on its routes that do state them, summed.
    pub known_places: u64,
    pub note: String,
}

/// Every gap on the map, and the cohort-stages whose capacity is unknown.
#[derive(Debug, Clone, Serialize)]
pub struct Gaps {
    /// Cohorts in map order, each cohort's stages in the order of its `needs`.
    pub gaps: Vec<Gap>,
    /// Same order.
    pub capacity_unknown: Vec<CapacityNote>,
}

impl Gaps {
    /// The gaps of one kind.
    pub fn of_kind(&self, kind: GapKind) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(move |g| g.kind == kind)
    }

    /// The gaps of one cohort, in the order of its `needs`.
    pub fn of_cohort<'g>(&'g self, cohort: &'g Id) -> impl Iterator<Item = &'g Gap> {
        self.gaps.iter().filter(move |g| &g.cohort == cohort)
    }

    /// The gap of a cohort-stage, if it has one.
    pub fn find(&self, cohort: &str, stage: &str) -> Option<&Gap> {
        self.gaps
            .iter()
            .find(|g| g.cohort.as_str() == cohort && g.stage.as_str() == stage)
    }
}

/// The sharing of places, looked up by key rather than searched for each cohort-stage.
struct Sharing<'c> {
    /// (cohort, stage) → its allocation.
    allocation: BTreeMap<(&'c str, &'c str), &'c Allocation>,
    /// stage → the allocations of every cohort needing it, in the order of `allocations`.
    by_stage: BTreeMap<&'c str, Vec<&'c Allocation>>,
    /// (service, stage) → places used.
    used: BTreeMap<(&'c str, &'c str), u64>,
}

impl<'c> Sharing<'c> {
    fn new(capacity: &'c Capacity) -> Sharing<'c> {
        let mut by_stage: BTreeMap<&str, Vec<&Allocation>> = BTreeMap::new();
        for a in &capacity.allocations {
            by_stage.entry(a.stage.as_str()).or_default().push(a);
        }
        Sharing {
            allocation: capacity
                .allocations
                .iter()
                .map(|a| ((a.cohort.as_str(), a.stage.as_str()), a))
                .collect(),
            by_stage,
            used: capacity
                .services
                .iter()
                .map(|u| ((u.service.as_str(), u.stage.as_str()), u.used))
                .collect(),
        }
    }
}

/// Finds every gap.
pub fn gaps(eco: &Ecosystem, reach: &Reach, capacity: &Capacity) -> Gaps {
    let mut out = Gaps {
        gaps: Vec::new(),
        capacity_unknown: Vec::new(),
    };
    let sharing = Sharing::new(capacity);
    for (ci, c) in eco.map.cohorts.values().enumerate() {
        for stage in c.needs.keys() {
            let options = reach.options(eco, ci, stage.as_str());
            if options.is_empty() {
                out.gaps.push(no_route(eco, reach, ci, stage));
                continue;
            }
            let Some(&alloc) = sharing.allocation.get(&(c.id.as_str(), stage.as_str())) else {
                continue;
            };
            match alloc.supply {
                Supply::Short => out
                    .gaps
                    .push(shortfall(eco, reach, &sharing, ci, &options, alloc)),
                Supply::Unknown => out.capacity_unknown.push(unknown(eco, &options, alloc)),
                Supply::Met | Supply::NoRoute => {}
            }
        }
    }
    out
}

/// The gap of a cohort-stage no route reaches.
fn no_route(eco: &Ecosystem, reach: &Reach, ci: usize, stage: &StageId) -> Gap {
    let c = eco.cohort(ci);
    let need = c.need(stage.as_str());
    let offering: Vec<usize> = (0..eco.map.services.len())
        .filter(|&s| eco.service(s).offers(stage.as_str()))
        .collect();
    let mut blockers: Vec<(usize, Blocker)> = offering
        .iter()
        .map(|&s| (s, blocker(eco, reach, ci, s)))
        .collect();
    // Nearest to a route first, so the services of the gap's own kind lead.
    blockers.sort_by_key(|(s, b)| (b.obstacle, *s));
    let has = |o: Obstacle| blockers.iter().any(|(_, b)| b.obstacle == o);
    let job_search_routes: Vec<Route> =
        if AFTER_JOB_ENTRY.contains(&stage.as_str()) && c.needs.contains_key(JOB_SEARCH) {
            reach
                .options(eco, ci, JOB_SEARCH)
                .into_iter()
                .filter_map(|s| reach.route(eco, ci, s))
                .collect()
        } else {
            Vec::new()
        };
    let kind = if !job_search_routes.is_empty() {
        GapKind::Continuity
    } else if offering.is_empty() {
        GapKind::NoService
    } else if has(Obstacle::Unreachable) {
        GapKind::Unreachable
    } else if has(Obstacle::Undetermined) {
        GapKind::Undetermined
    } else {
        GapKind::NotEligible
    };
    let of = |o: Obstacle| -> Vec<&Blocker> {
        blockers
            .iter()
            .map(|(_, b)| b)
            .filter(|b| b.obstacle == o)
            .collect()
    };
    let ids = |bs: &[&Blocker]| -> Vec<Id> { bs.iter().map(|b| b.service.clone()).collect() };
    let list = |bs: &[&Blocker]| quoted(bs.iter().map(|b| b.service.as_str()));
    let (summary, services, fix) = match kind {
        GapKind::Continuity => {
            let js = quoted(job_search_routes.iter().map(|r| r.service.as_str()));
            let summary = if offering.is_empty() {
                format!(
                    "`{}` can get job-search support ({js}) but no service on the map offers `{stage}`: support stops at job entry.",
                    c.id
                )
            } else {
                format!(
                    "`{}` can get job-search support ({js}) but has no route to `{stage}`: support stops at job entry.",
                    c.id
                )
            };
            let extend = job_search_routes
                .iter()
                .find(|r| {
                    eco.service_ix(r.service.as_str())
                        .is_some_and(|s| !is_gateway(eco, s))
                })
                .or(job_search_routes.first())
                .map(|r| r.service.clone());
            let fix = match (nearest(&blockers), extend) {
                (Some(b), Some(x)) => format!(
                    "{}; or add `{stage}` to `{x}`, which already gives it job-search support",
                    b.fix
                ),
                (Some(b), None) => b.fix.clone(),
                (None, Some(x)) => format!(
                    "add `{stage}` to `{x}`, which already gives it job-search support, or commission `{stage}` support it can reach"
                ),
                (None, None) => format!("commission `{stage}` support the cohort can reach"),
            };
            (summary, offering_ids(eco, &offering), fix)
        }
        GapKind::NoService => {
            let near = providers_reached(eco, reach, ci);
            let fix = if near.is_empty() {
                format!("commission a service offering `{stage}` that the cohort can reach")
            } else {
                format!(
                    "commission a service offering `{stage}` that the cohort can reach, or add the stage to a service it already uses ({})",
                    quoted(near.iter().map(|s| eco.service(*s).id.as_str()))
                )
            };
            (
                format!("No service on the map offers `{stage}`."),
                Vec::new(),
                fix,
            )
        }
        GapKind::Unreachable => {
            let bs = of(Obstacle::Unreachable);
            let entries = if c.enters_via.is_empty() {
                String::new()
            } else {
                format!(
                    "from where it enters ({}) or ",
                    quoted(c.enters_via.iter().map(Id::as_str))
                )
            };
            (
                format!(
                    "`{}` is eligible for {} but no referral chain leads there {entries}from any service it can walk into.",
                    c.id,
                    list(&bs)
                ),
                ids(&bs),
                nearest(&blockers)
                    .map(|b| b.fix.clone())
                    .unwrap_or_default(),
            )
        }
        GapKind::Undetermined => {
            let bs = of(Obstacle::Undetermined);
            let mut attrs: Vec<&str> = bs
                .iter()
                .flat_map(|b| b.because.iter())
                .filter(|r| matches!(r.matched, Match::Missing | Match::Partly))
                .map(|r| r.attribute.as_str())
                .collect();
            dedup_keep_order(&mut attrs);
            (
                format!(
                    "The only services that might serve `{}` ({}) depend on its {}, which the map does not state or which only partly meets their rules.",
                    c.id,
                    list(&bs),
                    quoted(attrs.iter().copied())
                ),
                ids(&bs),
                nearest(&blockers)
                    .map(|b| b.fix.clone())
                    .unwrap_or_default(),
            )
        }
        // `Capacity` is never chosen here: it needs a route.
        GapKind::NotEligible | GapKind::Capacity => {
            let bs: Vec<&Blocker> = blockers.iter().map(|(_, b)| b).collect();
            (
                format!(
                    "Every service offering `{stage}` excludes `{}`: {}.",
                    c.id,
                    list(&bs)
                ),
                ids(&bs),
                nearest(&blockers)
                    .map(|b| b.fix.clone())
                    .unwrap_or_default(),
            )
        }
    };
    let mut reason = summary.clone();
    for (_, b) in &blockers {
        reason.push(' ');
        reason.push_str(&b.why);
    }
    Gap {
        cohort: c.id.clone(),
        stage: stage.clone(),
        kind,
        people: need,
        need,
        summary,
        reason,
        services,
        fix,
        blockers: blockers.into_iter().map(|(_, b)| b).collect(),
        job_search_routes,
        shortfall: None,
    }
}

fn offering_ids(eco: &Ecosystem, offering: &[usize]) -> Vec<Id> {
    offering
        .iter()
        .map(|&s| eco.service(s).id.clone())
        .collect()
}

/// Gateways (a GP practice, a jobcentre's front door) are where people show up and are referred
/// on, not the support to extend: a service of model `gateway`, or one offering `access`.
fn is_gateway(eco: &Ecosystem, s: usize) -> bool {
    let svc = eco.service(s);
    svc.model == "gateway" || svc.offers(ACCESS)
}

/// The blocker to suggest a fix from: the one nearest to a route. An unreachable service needs one
/// referral link; an undetermined one needs the map to say more about the cohort (and a link, if it
/// would be unreachable anyway); a not-eligible one needs its rule changed, on fewer terms first.
/// Ties go to the earlier service in map order.
fn nearest(blockers: &[(usize, Blocker)]) -> Option<&Blocker> {
    blockers
        .iter()
        .min_by_key(|(s, b)| {
            let unreachable = usize::from(!b.reachable_if_eligible);
            let cost = match b.obstacle {
                Obstacle::Unreachable => 0,
                Obstacle::Undetermined => 1 + unreachable,
                Obstacle::NotEligible => 2 + b.because.len() + unreachable,
            };
            (cost, *s)
        })
        .map(|(_, b)| b)
}

/// Services the cohort reaches that give it some stage it needs, nearest first.
fn providers_reached(eco: &Ecosystem, reach: &Reach, ci: usize) -> Vec<usize> {
    let c = eco.cohort(ci);
    let mut out: Vec<usize> = reach
        .reached(ci)
        .filter(|&s| {
            let svc = eco.service(s);
            c.needs.keys().any(|st| svc.offers(st.as_str()))
        })
        .collect();
    out.sort_by_key(|&s| (reach.chain(ci, s).len(), s));
    out.truncate(3);
    out
}

/// Why the cohort does not get to service `s`, which it does not reach.
pub fn blocker(eco: &Ecosystem, reach: &Reach, ci: usize, s: usize) -> Blocker {
    let c = eco.cohort(ci);
    let svc = eco.service(s);
    let verdict = &eco.explain(ci, s);
    let rule = match &svc.eligibility {
        Eligibility::Rule(r) => Some(r.clone()),
        _ => None,
    };
    let referrers: Vec<Referrer> = eco
        .referral_sources(s)
        .iter()
        .map(|&r| referrer(eco, reach, ci, r))
        .collect();
    let reachable_if_eligible = svc.referral.self_referral
        || c.enters_via.contains(&svc.id)
        || referrers
            .iter()
            .any(|r| r.status == ReferrerStatus::Reached);
    let link = (!reachable_if_eligible).then(|| missing_link(eco, reach, ci, s));
    let routing = |detail| {
        referral_words(
            svc.referral.self_referral,
            &referrers,
            c.id.as_str(),
            detail,
        )
    };
    let (obstacle, why, fix) = match verdict.value {
        Ternary::Yes => {
            let link_fix = link.as_ref().map(Link::describe).unwrap_or_default();
            (
                Obstacle::Unreachable,
                format!("`{}` is open to it but {}.", svc.id, routing(true)),
                link_fix,
            )
        }
        Ternary::Unknown => {
            let mut why = format!(
                "`{}` may or may not take it: {}.",
                svc.id,
                verdict.explain()
            );
            let settle = verdict.fixes().join(" and ");
            let mut fix = format!("settle `{}`'s eligibility: {settle}", svc.id);
            if let Some(l) = &link {
                let _ = write!(
                    why,
                    " Even if it did, no route leads there: it {}.",
                    routing(false)
                );
                let _ = write!(fix, ", then {}", l.describe());
            }
            (Obstacle::Undetermined, why, fix)
        }
        Ternary::No => {
            let mut why = format!("`{}` is not open to it: {}.", svc.id, verdict.explain());
            let whose = match &rule {
                Some(r) => format!("`{}`'s eligibility (rule `{r}`)", svc.id),
                None => format!("`{}`'s eligibility", svc.id),
            };
            let mut fix = format!(
                "widen {whose}, which excludes `{}` on {}",
                c.id,
                excluding_terms(verdict)
            );
            if let Some(l) = &link {
                let _ = write!(
                    why,
                    " Even if it were, no route leads there: it {}.",
                    routing(false)
                );
                let _ = write!(fix, ", and {}", l.describe());
            }
            (Obstacle::NotEligible, why, fix)
        }
    };
    Blocker {
        service: svc.id.clone(),
        obstacle,
        rule,
        because: verdict.because.clone(),
        referrers,
        reachable_if_eligible,
        link,
        why,
        fix,
    }
}

fn referrer(eco: &Ecosystem, reach: &Reach, ci: usize, r: usize) -> Referrer {
    let v = eco.explain(ci, r);
    let (status, why) = if reach.reaches(ci, r) {
        (ReferrerStatus::Reached, None)
    } else {
        match v.value {
            Ternary::No => (ReferrerStatus::NotEligible, Some(v.explain())),
            Ternary::Unknown => (ReferrerStatus::Undetermined, Some(v.explain())),
            Ternary::Yes => (
                ReferrerStatus::Unreached,
                Some("open to it, but not reached itself".to_owned()),
            ),
        }
    };
    Referrer {
        service: eco.service(r).id.clone(),
        status,
        why,
    }
}

/// How a service takes referrals, for a cohort that does not reach it. With `detail`, says why the
/// cohort cannot use each referrer:
/// "takes no self-referrals, and referrals only from `cmht`, which `eip-young` cannot use (`cmht`:
/// undetermined, rule …)".
fn referral_words(
    self_referral: bool,
    referrers: &[Referrer],
    cohort: &str,
    detail: bool,
) -> String {
    if referrers.is_empty() {
        return if self_referral {
            "takes self-referrals".to_owned()
        } else {
            "takes no referrals at all (it has no `referral` on the map)".to_owned()
        };
    }
    let names = quoted(referrers.iter().map(|r| r.service.as_str()));
    let mut words = if self_referral {
        format!("takes self-referrals and referrals from {names}")
    } else {
        format!("takes no self-referrals, and referrals only from {names}")
    };
    let blocked: Vec<&Referrer> = referrers
        .iter()
        .filter(|r| r.status != ReferrerStatus::Reached)
        .collect();
    if blocked.len() == referrers.len() {
        let _ = write!(words, ", which `{cohort}` cannot use");
    }
    if detail && !blocked.is_empty() {
        let each: Vec<String> = blocked
            .iter()
            .map(|r| {
                let why = r.why.as_deref().unwrap_or("");
                match r.status {
                    ReferrerStatus::NotEligible => {
                        format!("`{}` is not open to it: {why}", r.service)
                    }
                    ReferrerStatus::Undetermined => {
                        format!("`{}` is undetermined for it: {why}", r.service)
                    }
                    ReferrerStatus::Unreached | ReferrerStatus::Reached => {
                        format!("`{}` is open to it but not reached itself", r.service)
                    }
                }
            })
            .collect();
        let _ = write!(words, " ({})", each.join("; "));
    }
    words
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

/// "age (16–24 against 25–64)", for the terms of a not-eligible verdict.
fn excluding_terms(v: &Verdict) -> String {
    let mut parts: Vec<String> = v
        .because
        .iter()
        .map(|r| {
            let has = r.cohort_has.as_deref().unwrap_or("not stated");
            if r.negated {
                format!("{} ({has}, which it excludes)", r.attribute)
            } else {
                format!("{} ({has} against {})", r.attribute, r.allows)
            }
        })
        .collect();
    parts.dedup();
    if parts.is_empty() {
        "its rule".to_owned()
    } else {
        parts.join(" and ")
    }
}

/// A capacity gap.
fn shortfall(
    eco: &Ecosystem,
    reach: &Reach,
    sharing: &Sharing<'_>,
    ci: usize,
    options: &[usize],
    alloc: &Allocation,
) -> Gap {
    let c = eco.cohort(ci);
    let stage = &alloc.stage;
    let short = alloc.shortfall();
    let places: u64 = options
        .iter()
        .filter_map(|&s| eco.service(s).capacity.people_per_year)
        .sum();
    let each = options
        .iter()
        .map(|&s| {
            let svc = eco.service(s);
            format!(
                "`{}` {}",
                svc.id,
                n(svc.capacity.people_per_year.unwrap_or(0))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut shared_with: Vec<(Id, u64)> = Vec::new();
    let full: BTreeSet<&Id> = alloc.bottleneck.iter().collect();
    let same_stage = sharing
        .by_stage
        .get(stage.as_str())
        .map_or(&[][..], Vec::as_slice);
    for other in same_stage {
        if other.cohort == c.id {
            continue;
        }
        let taken: u64 = other
            .by_service
            .iter()
            .filter(|(s, _)| full.contains(s))
            .map(|(_, n)| *n)
            .sum();
        if taken > 0 {
            shared_with.push((other.cohort.clone(), taken));
        }
    }
    let bottleneck = quoted(alloc.bottleneck.iter().map(Id::as_str));
    let mut summary = format!(
        "{} people in `{}` need `{stage}`; the services they can reach have {} places ({each}). Shared so that as many people as possible are served, {} get a place and {} do not: the places at {bottleneck} are all taken",
        n(alloc.need),
        c.id,
        n(places),
        n(alloc.served),
        n(short)
    );
    if shared_with.is_empty() {
        summary.push('.');
    } else {
        let others = shared_with
            .iter()
            .map(|(id, k)| format!("{} by `{id}`", n(*k)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(summary, " ({others}).");
    }
    // A service with room to spare that the cohort could use but cannot reach is a nearer fix
    // than new places.
    let spare = (0..eco.map.services.len())
        .filter(|&s| eco.service(s).offers(stage.as_str()) && !reach.reaches(ci, s))
        .filter(|&s| eco.verdict(ci, s) == Ternary::Yes)
        .filter_map(|s| {
            let svc = eco.service(s);
            let used = sharing
                .used
                .get(&(svc.id.as_str(), stage.as_str()))
                .copied()
                .unwrap_or(0);
            svc.capacity
                .people_per_year
                .map(|p| (s, p.saturating_sub(used)))
        })
        .filter(|&(_, free)| free > 0)
        .max_by_key(|&(s, free)| (free, std::cmp::Reverse(s)));
    let add = if alloc.bottleneck.len() == 1 {
        format!("add {} places at {bottleneck}", n(short))
    } else {
        format!("add {} places across {bottleneck}", n(short))
    };
    let fix = match spare {
        Some((s, free)) => {
            let link = missing_link(eco, reach, ci, s);
            format!(
                "{} (`{}` has {} places unused and `{}` is eligible for it), or {add}",
                link.describe(),
                eco.service(s).id,
                n(free),
                c.id
            )
        }
        None => add,
    };
    Gap {
        cohort: c.id.clone(),
        stage: stage.clone(),
        kind: GapKind::Capacity,
        people: short,
        need: alloc.need,
        reason: summary.clone(),
        summary,
        services: alloc.bottleneck.clone(),
        fix,
        blockers: Vec::new(),
        job_search_routes: Vec::new(),
        shortfall: Some(Shortfall {
            served: alloc.served,
            short,
            places,
            bottleneck: alloc.bottleneck.clone(),
            shared_with,
        }),
    }
}

/// The note for a cohort-stage whose routes include a service with no stated capacity.
fn unknown(eco: &Ecosystem, options: &[usize], alloc: &Allocation) -> CapacityNote {
    let known_places: u64 = options
        .iter()
        .filter_map(|&s| eco.service(s).capacity.people_per_year)
        .sum();
    let note = format!(
        "{} people in `{}` need `{}`; {} on their routes {} no stated capacity, so no shortfall can be worked out (the services that state theirs have {} places between them, shared with any other cohort that can reach them).",
        n(alloc.need),
        alloc.cohort,
        alloc.stage,
        quoted(alloc.unknown_capacity.iter().map(Id::as_str)),
        if alloc.unknown_capacity.len() == 1 {
            "has"
        } else {
            "have"
        },
        n(known_places)
    );
    CapacityNote {
        cohort: alloc.cohort.clone(),
        stage: alloc.stage.clone(),
        need: alloc.need,
        services: alloc.unknown_capacity.clone(),
        known_places,
        note,
    }
}

/// "`a`, `b` and `c`".
pub(crate) fn quoted<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(|i| format!("`{i}`")).collect();
    match items.len() {
        0 => "none".to_owned(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

fn dedup_keep_order(v: &mut Vec<&str>) {
    let mut seen = Vec::new();
    v.retain(|x| {
        if seen.contains(x) {
            false
        } else {
            seen.push(*x);
            true
        }
    });
}
