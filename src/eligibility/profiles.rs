//! Every cohort's eligibility for every service, decided once per distinct attribute profile and
//! distinct eligibility: real maps have a few dozen rules and profiles however many services and
//! cohorts they have. The table holds values only; the reasons behind one verdict are worked out
//! again ([`super::evaluate_attributes`]) where a report shows them.
//!
//! Each cohort has two profiles: as it is now, and as it will be once its people start work (an
//! out-of-work `employment`, `unemployed` or `inactive`, becomes `employed`; the cohort's
//! `after_start:` attributes override). The second judges in-work and retention support joined
//! after starting work (DOMAIN.md, "After starting work").

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::{Ternary, compare};
use crate::model::{AttrValue, Cohort, Condition, Eligibility, Id, Map, Rule};

/// The eligibility of every cohort, now and after starting work, for every service.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// For each cohort, in map order: the position of its profile now, and after starting work.
    now: Vec<usize>,
    after: Vec<usize>,
    /// For each service, in map order: the position of its eligibility among the distinct ones.
    of_service: Vec<usize>,
    eligibilities: usize,
    /// Profile × eligibility → value.
    values: Vec<Ternary>,
    /// The distinct profiles' attributes.
    profiles: Vec<IndexMap<String, AttrValue>>,
}

impl Table {
    /// Decides every distinct profile against every distinct eligibility on the map.
    pub fn new(map: &Map) -> Table {
        let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
        let mut profiles: Vec<IndexMap<String, AttrValue>> = Vec::new();
        let mut profile_of = |attributes: IndexMap<String, AttrValue>| -> usize {
            let mut sorted: Vec<(&String, &AttrValue)> = attributes.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            let key = format!("{sorted:?}");
            *by_key.entry(key).or_insert_with(|| {
                profiles.push(attributes.clone());
                profiles.len() - 1
            })
        };
        let mut now = Vec::with_capacity(map.cohorts.len());
        let mut after = Vec::with_capacity(map.cohorts.len());
        for c in map.cohorts.values() {
            now.push(profile_of(c.attributes.clone()));
            after.push(profile_of(after_start(c)));
        }
        let mut distinct: Vec<&Eligibility> = Vec::new();
        let mut elig_by_key: BTreeMap<String, usize> = BTreeMap::new();
        let of_service = map
            .services
            .values()
            .map(|s| {
                *elig_by_key
                    .entry(format!("{:?}", s.eligibility))
                    .or_insert_with(|| {
                        distinct.push(&s.eligibility);
                        distinct.len() - 1
                    })
            })
            .collect();
        let mut values = Vec::with_capacity(profiles.len() * distinct.len());
        for attributes in &profiles {
            let mut decider = Decider {
                attributes,
                rules: &map.rules,
                memo: vec![None; map.rules.len()],
            };
            values.extend(distinct.iter().map(|e| decider.eligibility(e)));
        }
        Table {
            now,
            after,
            of_service,
            eligibilities: distinct.len(),
            values,
            profiles,
        }
    }

    fn value(&self, profile: Option<&usize>, service: usize) -> Ternary {
        match (profile, self.of_service.get(service)) {
            (Some(p), Some(e)) => self
                .values
                .get(p * self.eligibilities + e)
                .copied()
                .unwrap_or(Ternary::Unknown),
            _ => Ternary::Unknown,
        }
    }

    /// Whether the cohort may use the service now.
    pub fn now(&self, cohort: usize, service: usize) -> Ternary {
        self.value(self.now.get(cohort), service)
    }

    /// Whether the cohort may use the service once its people have started work.
    pub fn after(&self, cohort: usize, service: usize) -> Ternary {
        self.value(self.after.get(cohort), service)
    }

    /// The cohort's attributes once its people have started work.
    pub fn attributes_after(&self, cohort: usize) -> Option<&IndexMap<String, AttrValue>> {
        self.after.get(cohort).and_then(|p| self.profiles.get(*p))
    }

    /// Distinct profiles and eligibilities decided, for tests and benchmarks.
    #[doc(hidden)]
    pub fn dimensions(&self) -> (usize, usize) {
        (self.profiles.len(), self.eligibilities)
    }
}

/// The cohort as it will be once its people start work: an out-of-work `employment` becomes
/// `employed`, then `after_start:` overrides.
pub fn after_start(cohort: &Cohort) -> IndexMap<String, AttrValue> {
    let mut attributes = cohort.attributes.clone();
    if let Some(AttrValue::Words(words)) = attributes.get_mut("employment") {
        let mut changed: Vec<String> = Vec::with_capacity(words.len());
        for w in words.iter() {
            let w = if w == "unemployed" || w == "inactive" {
                "employed"
            } else {
                w.as_str()
            };
            if !changed.iter().any(|x| x == w) {
                changed.push(w.to_owned());
            }
        }
        *words = changed;
    }
    for (k, v) in &cohort.after_start {
        attributes.insert(k.clone(), v.clone());
    }
    attributes
}

/// Decides conditions for one profile, values only, each named rule once.
struct Decider<'a> {
    attributes: &'a IndexMap<String, AttrValue>,
    rules: &'a IndexMap<Id, Rule>,
    memo: Vec<Option<Ternary>>,
}

/// Deeper than any sane rule set: validation rejects cycles, this guards the decider anyway.
const MAX_DEPTH: usize = 64;

impl Decider<'_> {
    fn eligibility(&mut self, e: &Eligibility) -> Ternary {
        match e {
            Eligibility::Open => Ternary::Yes,
            Eligibility::Rule(id) => self.rule(id, 0),
            Eligibility::Inline(c) => self.condition(c, 0),
        }
    }

    fn rule(&mut self, id: &Id, depth: usize) -> Ternary {
        let Some((i, _, rule)) = self.rules.get_full(id) else {
            return Ternary::Unknown;
        };
        if let Some(Some(v)) = self.memo.get(i) {
            return *v;
        }
        if depth >= MAX_DEPTH {
            return Ternary::Unknown;
        }
        let v = self.condition(&rule.condition, depth + 1);
        if let Some(slot) = self.memo.get_mut(i) {
            *slot = Some(v);
        }
        v
    }

    fn condition(&mut self, c: &Condition, depth: usize) -> Ternary {
        match c {
            Condition::Attribute { name, value } => match self.attributes.get(name) {
                None => Ternary::Unknown,
                Some(has) => match compare(has, value) {
                    super::Match::Within => Ternary::Yes,
                    super::Match::Outside => Ternary::No,
                    super::Match::Missing | super::Match::Partly => Ternary::Unknown,
                },
            },
            Condition::All(cs) => cs
                .iter()
                .fold(Ternary::Yes, |acc, c| acc & self.condition(c, depth + 1)),
            Condition::Any(cs) => cs
                .iter()
                .fold(Ternary::No, |acc, c| acc | self.condition(c, depth + 1)),
            Condition::Not(inner) => !self.condition(inner, depth + 1),
            Condition::Rule(id) => self.rule(id, depth + 1),
        }
    }
}
