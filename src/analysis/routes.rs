//! Routes: for each cohort and each stage it needs, the services that offer the stage, that the
//! cohort is eligible for, and that it can reach, each with the referral chain that gets there.
//!
//! A route starts where the cohort enters (`enters_via`) or at any service that takes
//! self-referrals, and passes only through services the cohort is eligible for (undetermined
//! eligibility never makes a route). Chains are shortest; ties go to services earlier in the map.
//!
//! In-work and retention support are used once someone has a job (DOMAIN.md, "After starting
//! work"). A service offering them may be joined before, as above, or after starting work: then
//! eligibility is judged on the cohort as it will be (its profile after starting work, see
//! [`crate::eligibility::profiles`]), and the route starts at an entry point or a self-referral
//! service, or is a referral from any service the cohort reaches now, and passes on through
//! services it is eligible for after starting.

use indexmap::IndexMap;
use rayon::prelude::*;

use crate::eligibility::Ternary;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};

/// The stages that carry support on past job entry, used once someone is in work.
pub const AFTER_JOB_ENTRY: &[&str] = &["in-work", "retention"];

/// Whether a stage's support can be joined after starting work.
pub fn after_job_entry(stage: &str) -> bool {
    AFTER_JOB_ENTRY.contains(&stage)
}

/// How a chain begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// At one of the cohort's entry points.
    Entry,
    /// At a service people can walk into.
    SelfReferral,
}

/// One way a cohort reaches a service offering a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The service that offers the stage.
    pub service: Id,
    /// Service ids from where the cohort starts to `service`, both included.
    pub chain: Vec<Id>,
    pub start: Start,
    /// For a route joined after starting work: the position in `chain` of the first service
    /// joined then (the services before it are used before starting work). Absent otherwise.
    pub after_start: Option<usize>,
}

impl Route {
    /// `gp → cmht → ips`; a route joined after starting work marks where: `jobcentre → (in work)
    /// atw-mhss`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for (i, id) in self.chain.iter().enumerate() {
            if i > 0 {
                out.push_str(" → ");
            }
            if self.after_start == Some(i) {
                out.push_str("(in work) ");
            }
            out.push_str(id.as_str());
        }
        out
    }
}

/// Where a service reached after starting work was reached from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    /// An entry point or a self-referral service, joined after starting work.
    Start,
    /// A referral from a service reached after starting work.
    From(usize),
    /// A referral from a service the cohort reaches before starting work.
    FromNow(usize),
}

/// A cohort's walks: the services it reaches before starting work, each with the service it was
/// reached from, and those it reaches after.
type Walks = (IndexMap<usize, Option<usize>>, IndexMap<usize, After>);

/// Every service each cohort can reach, with the service it was reached from on a shortest chain:
/// before starting work, and (for cohorts needing in-work or retention support) after.
#[derive(Debug, Clone)]
pub struct Reach {
    per_cohort: Vec<IndexMap<usize, Option<usize>>>,
    after: Vec<IndexMap<usize, After>>,
    entries: Vec<Vec<usize>>,
}

impl Reach {
    /// Walks every cohort's referral chains.
    pub fn compute(eco: &Ecosystem) -> Reach {
        let n = eco.map.cohorts.len();
        // Each cohort's walk is its own: on every core, kept in cohort order.
        let walks: Vec<Walks> = (0..n).into_par_iter().map(|c| walk(eco, c, None)).collect();
        let (per_cohort, after) = walks.into_iter().unzip();
        Reach {
            per_cohort,
            after,
            entries: (0..n).map(|c| eco.entry_points(c).to_vec()).collect(),
        }
    }

    /// The reach of `after`, the map of `before` (whose reach this is) with service `si` taken
    /// away and nothing else changed. Only a cohort that reached `si` can reach anything
    /// different: the walk of any other never met it (or met it and could not go on there), so
    /// it is this one's, its services numbered as in `after`. Nor can one that reached no other
    /// service from it: its walks are this one's less `si`. The other cohorts that reached it are
    /// walked again.
    pub fn without(&self, before: &Ecosystem, after: &Ecosystem, si: usize) -> Reach {
        let n = before.map.cohorts.len();
        if after.map.cohorts.len() != n || self.per_cohort.len() != n {
            return Reach::compute(after);
        }
        let mut renumber: Vec<Option<usize>> = vec![None; before.map.services.len()];
        for (now, id) in after.map.services.keys().enumerate() {
            if let Some(was) = before.service_ix(id.as_str()) {
                renumber[was] = Some(now);
            }
        }
        let mut reach = Reach {
            per_cohort: Vec::with_capacity(n),
            after: Vec::with_capacity(n),
            entries: Vec::with_capacity(n),
        };
        for c in 0..n {
            let kept = (!self.leads_on(c, si))
                .then(|| self.renumbered(c, &renumber, si))
                .flatten();
            let (now, later) = kept.unwrap_or_else(|| walk(after, c, None));
            reach.per_cohort.push(now);
            reach.after.push(later);
            reach.entries.push(after.entry_points(c).to_vec());
        }
        reach
    }

    /// Cohort `c`'s reach less service `gone`, each service numbered again; `None` should one
    /// have no number.
    fn renumbered(&self, c: usize, renumber: &[Option<usize>], gone: usize) -> Option<Walks> {
        let to = |s: usize| renumber.get(s).copied().flatten();
        let now = self.per_cohort[c]
            .iter()
            .filter(|&(&s, _)| s != gone)
            .map(|(&s, &from)| {
                let from = match from {
                    Some(f) => Some(to(f)?),
                    None => None,
                };
                Some((to(s)?, from))
            })
            .collect::<Option<IndexMap<_, _>>>()?;
        let later = self.after[c]
            .iter()
            .filter(|&(&s, _)| s != gone)
            .map(|(&s, &how)| {
                let how = match how {
                    After::Start => After::Start,
                    After::From(f) => After::From(to(f)?),
                    After::FromNow(f) => After::FromNow(to(f)?),
                };
                Some((to(s)?, how))
            })
            .collect::<Option<IndexMap<_, _>>>()?;
        Some((now, later))
    }

    /// Whether service `si` is where cohort `c`'s walks reach some other service from: a service
    /// no other is reached from (a leaf of both walks) can go without changing what else the
    /// cohort reaches, each other service's shortest chain never passing through it.
    fn leads_on(&self, c: usize, si: usize) -> bool {
        let now = self.per_cohort.get(c).into_iter().flat_map(|r| r.values());
        let later = self.after.get(c).into_iter().flat_map(|r| r.values());
        now.into_iter().any(|&from| from == Some(si))
            || later
                .into_iter()
                .any(|&how| matches!(how, After::From(f) | After::FromNow(f) if f == si))
    }

    /// Cohort `c`'s options for each stage it needs (in the order of its `needs`, the stages no
    /// one needs left out), were service `gone` taken away with every referral to and from it. Where no other service is reached
    /// from `gone`, that is the options of today less `gone`; else the cohort is walked again with
    /// `gone` closed ([`options_without`]).
    pub fn options_without(&self, eco: &Ecosystem, c: usize, gone: usize) -> Vec<Vec<usize>> {
        if self.leads_on(c, gone) {
            return options_without(eco, c, gone);
        }
        eco.cohort(c)
            .stages_needed()
            .map(|stage| {
                let mut options = self.options(eco, c, stage.as_str());
                options.retain(|&s| s != gone);
                options
            })
            .collect()
    }

    /// Whether the cohort can reach the service before starting work.
    pub fn reaches(&self, cohort: usize, service: usize) -> bool {
        self.per_cohort
            .get(cohort)
            .is_some_and(|r| r.contains_key(&service))
    }

    /// Whether the cohort can reach the service for `stage`: before starting work, or, for in-work
    /// and retention support, after.
    pub fn reaches_for(&self, cohort: usize, service: usize, stage: &str) -> bool {
        self.reaches(cohort, service)
            || (after_job_entry(stage)
                && self
                    .after
                    .get(cohort)
                    .is_some_and(|r| r.contains_key(&service)))
    }

    /// The services the cohort reaches before starting work, in the order found (nearest first).
    pub fn reached(&self, cohort: usize) -> impl Iterator<Item = usize> + '_ {
        self.per_cohort
            .get(cohort)
            .into_iter()
            .flat_map(|r| r.keys().copied())
    }

    /// Per service (of `services`), the cohorts that reach it before or after starting work, in
    /// map order: the only cohorts that can use it for any stage.
    pub fn reachers(&self, services: usize) -> Vec<Vec<usize>> {
        let mut by_service: Vec<Vec<usize>> = vec![Vec::new(); services];
        for (c, (now, later)) in self.per_cohort.iter().zip(&self.after).enumerate() {
            for &s in now.keys().chain(later.keys()) {
                if let Some(list) = by_service.get_mut(s)
                    && list.last() != Some(&c)
                {
                    list.push(c);
                }
            }
        }
        by_service
    }

    /// The chain from a start to `service` before starting work, as service positions; empty if
    /// unreachable.
    pub fn chain(&self, cohort: usize, service: usize) -> Vec<usize> {
        let Some(tree) = self.per_cohort.get(cohort) else {
            return Vec::new();
        };
        let mut chain = Vec::new();
        let mut at = Some(service);
        while let Some(s) = at {
            let Some(parent) = tree.get(&s) else {
                return Vec::new();
            };
            chain.push(s);
            at = *parent;
            if chain.len() > tree.len() {
                break;
            }
        }
        chain.reverse();
        chain
    }

    /// The chain to `service` joined after starting work, and where in it work starts.
    fn chain_after(&self, cohort: usize, service: usize) -> Option<(Vec<usize>, usize)> {
        let tree = self.after.get(cohort)?;
        let mut tail = Vec::new();
        let mut at = service;
        loop {
            tail.push(at);
            match tree.get(&at)? {
                After::Start => {
                    tail.reverse();
                    return Some((tail, 0));
                }
                After::From(p) => at = *p,
                After::FromNow(p) => {
                    let mut chain = self.chain(cohort, *p);
                    let split = chain.len();
                    tail.reverse();
                    chain.extend(tail);
                    return Some((chain, split));
                }
            }
            if tail.len() > tree.len() {
                return None;
            }
        }
    }

    /// The route to `service` before starting work, if the cohort reaches it.
    pub fn route(&self, eco: &Ecosystem, cohort: usize, service: usize) -> Option<Route> {
        let chain = self.chain(cohort, service);
        self.route_of(eco, cohort, service, chain, None)
    }

    /// The route to `service` for `stage`: before starting work where the cohort reaches it then,
    /// else, for in-work and retention support, after.
    pub fn route_for(
        &self,
        eco: &Ecosystem,
        cohort: usize,
        service: usize,
        stage: &str,
    ) -> Option<Route> {
        if self.reaches(cohort, service) || !after_job_entry(stage) {
            return self.route(eco, cohort, service);
        }
        let (chain, split) = self.chain_after(cohort, service)?;
        self.route_of(eco, cohort, service, chain, Some(split))
    }

    fn route_of(
        &self,
        eco: &Ecosystem,
        cohort: usize,
        service: usize,
        chain: Vec<usize>,
        after_start: Option<usize>,
    ) -> Option<Route> {
        let first = *chain.first()?;
        let start = if self.entries.get(cohort).is_some_and(|e| e.contains(&first)) {
            Start::Entry
        } else {
            Start::SelfReferral
        };
        Some(Route {
            service: eco.service(service).id.clone(),
            chain: chain.iter().map(|&s| eco.service(s).id.clone()).collect(),
            start,
            after_start,
        })
    }

    /// The services offering `stage` that the cohort reaches (and so is eligible for), in map
    /// order: before starting work, and for in-work and retention support after starting too.
    pub fn options(&self, eco: &Ecosystem, cohort: usize, stage: &str) -> Vec<usize> {
        options_in(
            eco,
            self.per_cohort.get(cohort),
            self.after.get(cohort),
            stage,
        )
    }
}

/// Cohort `c`'s options for each stage it needs (in the order of its `needs`), were service
/// `gone` taken away with every referral to and from it: the cohort walked again with `gone`
/// closed, which reaches what a walk of the map without the service reaches (its services
/// numbered as on this map).
fn options_without(eco: &Ecosystem, c: usize, gone: usize) -> Vec<Vec<usize>> {
    let (now, later) = walk(eco, c, Some(gone));
    eco.cohort(c)
        .stages_needed()
        .map(|stage| options_in(eco, Some(&now), Some(&later), stage.as_str()))
        .collect()
}

/// The services offering `stage` among those reached before starting work (`now`) and, for
/// in-work and retention support, after (`later`): in map order.
fn options_in(
    eco: &Ecosystem,
    now: Option<&IndexMap<usize, Option<usize>>>,
    later: Option<&IndexMap<usize, After>>,
    stage: &str,
) -> Vec<usize> {
    let mut opts: Vec<usize> = now
        .into_iter()
        .flat_map(|r| r.keys().copied())
        .filter(|&s| eco.service(s).offers(stage))
        .collect();
    if after_job_entry(stage)
        && let Some(after) = later
    {
        opts.extend(
            after
                .keys()
                .copied()
                .filter(|&s| eco.service(s).offers(stage)),
        );
    }
    opts.sort_unstable();
    opts.dedup();
    opts
}

/// Cohort `c`'s walks: the services it reaches before starting work and, when it needs in-work or
/// retention support, after; never entering service `gone`, when one is given.
fn walk(eco: &Ecosystem, c: usize, gone: Option<usize>) -> Walks {
    let open = |s: usize| Some(s) != gone;
    let now = eco.walk_referrals(&eco.route_starts(c), |s| {
        open(s) && eco.verdict(c, s) == Ternary::Yes
    });
    let later = if needs_after(eco, c) {
        reachable_after(eco, c, &now, open)
    } else {
        IndexMap::new()
    };
    (now, later)
}

/// Whether cohort `c` needs a stage given after starting work (in-work or retention support).
fn needs_after(eco: &Ecosystem, c: usize) -> bool {
    eco.cohort(c)
        .stages_needed()
        .any(|s| after_job_entry(s.as_str()))
}

/// The services a cohort can reach after starting work: from its entry points and the
/// self-referral services, and by a referral from any service it reaches now, passing through
/// services it is eligible for after starting work (and `open` lets in). Breadth first, so chains
/// are shortest.
fn reachable_after(
    eco: &Ecosystem,
    cohort: usize,
    now: &IndexMap<usize, Option<usize>>,
    open: impl Fn(usize) -> bool,
) -> IndexMap<usize, After> {
    let accept = |s: usize| open(s) && eco.verdict_after(cohort, s) == Ternary::Yes;
    let mut reached: IndexMap<usize, After> = IndexMap::new();
    let mut queue = std::collections::VecDeque::new();
    for s in eco.route_starts(cohort) {
        if accept(s) && !reached.contains_key(&s) {
            reached.insert(s, After::Start);
            queue.push_back(s);
        }
    }
    for &r in now.keys() {
        for &s in eco.referral_targets(r) {
            if accept(s) && !reached.contains_key(&s) {
                reached.insert(s, After::FromNow(r));
                queue.push_back(s);
            }
        }
    }
    while let Some(s) = queue.pop_front() {
        for &next in eco.referral_targets(s) {
            if !reached.contains_key(&next) && accept(next) {
                reached.insert(next, After::From(s));
                queue.push_back(next);
            }
        }
    }
    reached
}

/// A cohort's routes to one stage it needs.
#[derive(Debug, Clone)]
pub struct StageRoutes {
    pub cohort: Id,
    pub stage: StageId,
    /// People needing the stage: size × share, to the nearest person.
    pub need: f64,
    /// Shortest first, then in map order.
    pub routes: Vec<Route>,
}

/// The routes of every cohort to every stage it needs: cohorts in map order, each cohort's stages in
/// the order of its `needs`.
pub fn routes(eco: &Ecosystem, reach: &Reach) -> Vec<StageRoutes> {
    (0..eco.map.cohorts.len())
        .flat_map(|ci| cohort_routes(eco, reach, ci))
        .collect()
}

/// [`routes`] of cohort `ci` alone, its stages in the order of its needs.
pub fn cohort_routes(eco: &Ecosystem, reach: &Reach, ci: usize) -> Vec<StageRoutes> {
    let c = eco.cohort(ci);
    c.stages_needed()
        .map(|stage| {
            let mut routes: Vec<Route> = reach
                .options(eco, ci, stage.as_str())
                .into_iter()
                .filter_map(|s| reach.route_for(eco, ci, s, stage.as_str()))
                .collect();
            routes.sort_by_key(|r| r.chain.len());
            StageRoutes {
                cohort: c.id.clone(),
                stage: stage.clone(),
                need: c.need(stage.as_str()),
                routes,
            }
        })
        .collect()
}
