//! The services and cohorts of a generated map: for each locality its gateways and local
//! services, then the area-wide programmes; each with its provider, stages, eligibility (a base
//! rule, a locality rule combining one, or an inline condition), referral routes (chains from the
//! gateways, a few across a boundary, a few loops between services), places, funding (a fifth of
//! it pooled between commissioners, most lines under contract); then the cohorts, placed in
//! localities with the locality's gateways as entry points. Draws come from the caller's stream,
//! in a fixed order.

use indexmap::{IndexMap, IndexSet};

use super::cohorts::COHORT_KINDS;
use super::kinds::kind;
use super::parts::{
    ByLocalityKind, BySector, Capacity, Cohort, Commissioner, Ids, Line, Needs, Service, by_kind,
    cohort_kind, draw_cohort, round_to, title,
};
use super::rng::Rng;
use super::value::{Value, all, map, rule, rule_refs, word, words};
use super::vocab::{
    AREA_KINDS, CORE_LOCAL, GATEWAYS, Gate, LOCAL_KINDS, ServiceKind, base_rules, inline_condition,
};
use crate::date::Date;

/// What the builder hands back besides the services.
#[derive(Debug)]
pub(super) struct Built {
    pub(super) services: Vec<Service>,
    /// Base rules, then the locality rules services use, in the order made.
    pub(super) rules: Vec<(String, Value)>,
    pub(super) by_loc_kind: ByLocalityKind,
    /// Services of each kind, by index, in the order made.
    pub(super) kind_index: IndexMap<&'static str, Vec<usize>>,
}

/// Builds services and cohorts, keeping the rules they use.
pub(super) struct ServiceBuilder<'a> {
    rng: &'a mut Rng,
    ids: &'a mut Ids,
    localities: &'a [String],
    area_name: &'a str,
    gated: bool,
    commissioners: Vec<String>,
    commissioners_by_kind: IndexMap<&'static str, Vec<String>>,
    providers: BySector,
    services: Vec<Service>,
    /// Each service's kind and locality (`None`: area-wide).
    meta: Vec<(&'static str, Option<usize>)>,
    by_loc_kind: ByLocalityKind,
    kind_index: IndexMap<&'static str, Vec<usize>>,
    used_rules: IndexSet<String>,
    /// Locality rules and locality-and-base-rule combinations, in the order made.
    extra_rules: IndexMap<String, Value>,
    /// Rule id of a locality rule by its name before claiming (`in-x`, `in-x-or-y`).
    locality_rules: IndexMap<String, String>,
    composite: IndexMap<(String, &'static str), String>,
}

impl<'a> ServiceBuilder<'a> {
    pub(super) fn new(
        rng: &'a mut Rng,
        ids: &'a mut Ids,
        localities: &'a [String],
        area_name: &'a str,
        commissioners: &[Commissioner],
        providers: BySector,
    ) -> ServiceBuilder<'a> {
        ServiceBuilder {
            rng,
            ids,
            localities,
            area_name,
            gated: localities.len() > 1,
            commissioners: commissioners.iter().map(|c| c.id.clone()).collect(),
            commissioners_by_kind: by_kind(commissioners),
            providers,
            services: Vec::new(),
            meta: Vec::new(),
            by_loc_kind: IndexMap::new(),
            kind_index: IndexMap::new(),
            used_rules: IndexSet::new(),
            extra_rules: IndexMap::new(),
            locality_rules: IndexMap::new(),
            composite: IndexMap::new(),
        }
    }

    fn in_place(&self, i: usize, kind: &'static str) -> &[usize] {
        self.by_loc_kind
            .get(&(Some(i), kind))
            .map_or(&[], Vec::as_slice)
    }

    /// Every service of the plan: per locality, gateways first, then local kinds; then the
    /// area-wide ones. Then referral loops between services.
    pub(super) fn services(&mut self, plan: super::parts::Plan) {
        let ids = self.claim_ids(plan);
        let mut onward = Vec::new();
        for (s, id) in ids.into_iter().enumerate() {
            let service = self.service(s, id, &mut onward);
            self.services.push(service);
        }
        // Some refer both ways: a loop between different services, never one to itself.
        for (a, b) in onward {
            if self.rng.pct(40) && !self.services[a].referred_from.contains(&b) {
                self.services[a].referred_from.push(b);
            }
        }
    }

    /// Decides each service's kind and locality and claims its id.
    fn claim_ids(&mut self, plan: super::parts::Plan) -> Vec<String> {
        let n = plan.localities;
        let per_locality: Vec<usize> = (0..n)
            .map(|i| plan.local / n + usize::from(i < plan.local % n))
            .collect();
        let core = self.rng.sample(CORE_LOCAL, CORE_LOCAL.len());
        let mut ids = Vec::new();
        for (i, &count) in per_locality.iter().enumerate() {
            // About a quarter are gateways, most of them GP practices.
            let gateways = (count / 4 + 1).min(count).max(1);
            let mut kinds: Vec<&'static str> = GATEWAYS.iter().take(gateways).copied().collect();
            kinds.extend(std::iter::repeat_n(
                "gp",
                gateways.saturating_sub(GATEWAYS.len()),
            ));
            let mut k = 0;
            while kinds.len() < count {
                kinds.push(if k < core.len() {
                    core[(k + i) % core.len()]
                } else {
                    self.rng.weighted(LOCAL_KINDS)
                });
                k += 1;
            }
            for kind in kinds {
                let base = if self.gated {
                    format!("{}-{kind}", self.localities[i])
                } else {
                    kind.to_owned()
                };
                ids.push(self.add(base, kind, Some(i)));
            }
        }
        for j in 0..plan.area_wide {
            let kind = AREA_KINDS[j % AREA_KINDS.len()];
            ids.push(self.add(kind.to_owned(), kind, None));
        }
        for (s, (kind, _)) in self.meta.iter().enumerate() {
            self.kind_index.entry(kind).or_default().push(s);
        }
        ids
    }

    fn add(&mut self, base: String, kind: &'static str, locality: Option<usize>) -> String {
        let id = self.ids.claim(&base);
        let s = self.meta.len();
        self.meta.push((kind, locality));
        self.by_loc_kind
            .entry((locality, kind))
            .or_default()
            .push(s);
        id
    }

    /// Service number `s`, with its id claimed.
    fn service(&mut self, s: usize, id: String, onward: &mut Vec<(usize, usize)>) -> Service {
        let (kind_name, i) = self.meta[s];
        let spec = kind(kind_name);
        let place = match i {
            Some(i) if self.gated => title(&self.localities[i]),
            _ => self.area_name.to_owned(),
        };
        let number = self.by_loc_kind[&(i, kind_name)]
            .iter()
            .position(|&x| x == s)
            .expect("every service is listed under its locality and kind")
            + 1;
        let nth = if number > 1 {
            format!(" {number}")
        } else {
            String::new()
        };
        let name = if GATEWAYS.contains(&kind_name) {
            format!("{} ({place}{nth})", spec.label)
        } else if i.is_none() {
            format!("{}{nth}", spec.label)
        } else {
            format!("{place} {}{nth}", spec.label)
        };
        let sector = self.rng.pick(spec.sector);
        let provider = self.rng.pick(&self.providers[sector]);
        let stages = self.rng.weighted(spec.stages).to_vec();
        let eligibility = self.eligibility(spec, i);
        let (self_referral, referred_from) = self.referral(spec, s, i, onward);
        let capacity = match spec.places {
            Some((lo, hi)) if self.rng.pct(85) => {
                let people = round_to(self.rng.int(lo, hi), 5);
                Some(Capacity {
                    people,
                    // 25 people a year per WTE, to the half.
                    wte_halves: spec.wte.then(|| ((people * 2 + 12) / 25).max(1)),
                    caseload: None,
                })
            }
            _ => None,
        };
        let fidelity = (matches!(kind_name, "ips" | "area-ips") && self.rng.pct(75))
            .then(|| self.rng.int(60, 125));
        let funding = self.funding(spec, i, capacity.as_ref().map(|c| c.people));
        Service {
            id,
            name,
            provider,
            model: spec.model,
            stages,
            eligibility,
            self_referral,
            referred_from,
            capacity,
            fidelity,
            outcomes: None,
            funding,
        }
    }

    fn use_rule(&mut self, id: &str) {
        if !self.used_rules.insert(id.to_owned()) {
            return;
        }
        let body = base_rules()
            .into_iter()
            .find(|(r, _)| *r == id)
            .map(|(_, b)| b)
            .or_else(|| self.extra_rules.get(id).cloned())
            .expect("only rules that exist are used");
        let mut refs = Vec::new();
        rule_refs(&body, &mut refs);
        for r in refs {
            self.use_rule(&r);
        }
    }

    fn use_condition(&mut self, condition: &Value) {
        match condition {
            Value::Text(id) => self.use_rule(&id.clone()),
            c => {
                let mut refs = Vec::new();
                rule_refs(c, &mut refs);
                for r in refs {
                    self.use_rule(&r);
                }
            }
        }
    }

    /// The rule gating locality `i`: its own, or one in ten also its neighbour's. Returns the
    /// rule's id and the locality value it allows.
    fn locality_rule(&mut self, i: usize) -> (String, Value) {
        let n = self.localities.len();
        let here = &self.localities[i];
        let (name, value, places) = if n > 2 && self.rng.pct(10) {
            let next = &self.localities[(i + 1) % n];
            (
                format!("in-{here}-or-{next}"),
                words(&[here, next]),
                vec![here.clone(), next.clone()],
            )
        } else {
            (format!("in-{here}"), word(here), vec![here.clone()])
        };
        if let Some(id) = self.locality_rules.get(&name) {
            return (id.clone(), value);
        }
        let id = self.ids.claim(&name);
        self.locality_rules.insert(name, id.clone());
        let lives: Vec<String> = places.iter().map(|p| title(p)).collect();
        self.extra_rules.insert(
            id.clone(),
            map(vec![
                (
                    "description",
                    word(&format!("Lives in {}", lives.join(" or "))),
                ),
                ("locality", value.clone()),
            ]),
        );
        (id, value)
    }

    /// A service's eligibility: the kind's, and in a map of several localities, gated on its
    /// locality as a named rule, a combined rule, an `all` of both, or an inline condition.
    fn eligibility(&mut self, spec: &ServiceKind, i: Option<usize>) -> Option<Value> {
        let gate = self.rng.weighted(spec.gate);
        let base = match gate {
            Gate::Open => None,
            Gate::Rule(r) => Some(word(r)),
            Gate::Inline(name) => Some(inline_condition(name)),
        };
        let i = match i {
            Some(i) if self.gated => i,
            _ => {
                if let Some(b) = &base {
                    self.use_condition(b);
                }
                return base;
            }
        };
        let (rid, value) = self.locality_rule(i);
        let r = self.rng.below(100);
        let out = match (gate, base) {
            (Gate::Open, _) | (_, None) => {
                if r < 75 {
                    word(&rid)
                } else {
                    map(vec![("locality", value)])
                }
            }
            (Gate::Rule(b), _) if r < 45 => {
                let key = (rid.clone(), b);
                let id = match self.composite.get(&key) {
                    Some(id) => id.clone(),
                    None => {
                        let id = self.ids.claim(&format!("{}-{b}", &rid[3..]));
                        self.extra_rules
                            .insert(id.clone(), all(vec![rule(&rid), rule(b)]));
                        self.composite.insert(key, id.clone());
                        id
                    }
                };
                word(&id)
            }
            (Gate::Rule(b), _) if r < 80 => all(vec![rule(&rid), rule(b)]),
            (Gate::Rule(b), _) => map(vec![("rule", word(b)), ("locality", value)]),
            (Gate::Inline(_), Some(condition)) => all(vec![rule(&rid), condition]),
        };
        self.use_condition(&out);
        Some(out)
    }
}

mod routes;
