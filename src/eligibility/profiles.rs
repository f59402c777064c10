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
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;

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
    /// Profile × eligibility → value; shared by the tables of changed copies of the map.
    values: Arc<[Ternary]>,
    /// The distinct profiles' attributes.
    profiles: Arc<[IndexMap<String, AttrValue>]>,
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
        // Every rule and eligibility compiled once: its attribute terms numbered, each decided
        // once per profile.
        let mut terms = Terms::default();
        let rules: Vec<Compiled> = map
            .rules
            .values()
            .map(|r| terms.compile(&r.condition, &map.rules))
            .collect();
        let compiled: Vec<Option<Compiled>> = distinct
            .iter()
            .map(|e| match e {
                Eligibility::Open => None,
                Eligibility::Rule(id) => Some(Compiled::Rule(map.rules.get_index_of(id))),
                Eligibility::Inline(c) => Some(terms.compile(c, &map.rules)),
            })
            .collect();
        // Each profile's row on its own: the rows are decided on every core, and laid end to end
        // in profile order, so the table is the same however many there are.
        let values: Vec<Ternary> = profiles
            .par_iter()
            .flat_map_iter(|attributes| {
                let mut decider = Decider {
                    attributes,
                    terms: &terms.list,
                    term_memo: vec![None; terms.list.len()],
                    rules: &rules,
                    memo: vec![None; rules.len()],
                };
                compiled
                    .iter()
                    .map(|c| match c {
                        None => Ternary::Yes,
                        Some(Compiled::Rule(i)) => decider.rule(*i, 0),
                        Some(c) => decider.condition(c, 0),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        Table {
            now,
            after,
            of_service,
            eligibilities: distinct.len(),
            values: values.into(),
            profiles: profiles.into(),
        }
    }

    /// The table of a map with the same cohorts and rules whose services are some of this
    /// map's, with the same eligibility: `kept[i]` is where the new map's service `i` is in this
    /// one (`None`: undetermined for every cohort, which [`Table::now`] gives for a service it
    /// does not know).
    pub fn for_services(&self, kept: &[Option<usize>]) -> Table {
        Table {
            of_service: kept
                .iter()
                .map(|k| {
                    k.and_then(|k| self.of_service.get(k).copied())
                        .unwrap_or(usize::MAX)
                })
                .collect(),
            ..self.clone()
        }
    }

    fn value(&self, profile: Option<&usize>, service: usize) -> Ternary {
        match (profile, self.of_service.get(service)) {
            (Some(p), Some(e)) if *e < self.eligibilities => self
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

/// A condition compiled once for the whole map: each attribute term a position in [`Terms`],
/// each named rule a position in the map's rules (`None`: not on the map).
enum Compiled {
    Term(usize),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
    Not(Box<Compiled>),
    Rule(Option<usize>),
}

/// The distinct attribute terms (`name: value`) of every rule and eligibility on the map.
#[derive(Default)]
struct Terms<'a> {
    list: Vec<(&'a str, &'a AttrValue)>,
    by_key: BTreeMap<String, usize>,
}

impl<'a> Terms<'a> {
    fn compile(&mut self, c: &'a Condition, rules: &IndexMap<Id, Rule>) -> Compiled {
        match c {
            Condition::Attribute { name, value } => {
                let list = &mut self.list;
                let k = *self
                    .by_key
                    .entry(format!("{name:?}{value:?}"))
                    .or_insert_with(|| {
                        list.push((name.as_str(), value));
                        list.len() - 1
                    });
                Compiled::Term(k)
            }
            Condition::All(cs) => {
                Compiled::All(cs.iter().map(|c| self.compile(c, rules)).collect())
            }
            Condition::Any(cs) => {
                Compiled::Any(cs.iter().map(|c| self.compile(c, rules)).collect())
            }
            Condition::Not(inner) => Compiled::Not(Box::new(self.compile(inner, rules))),
            Condition::Rule(id) => Compiled::Rule(rules.get_index_of(id)),
        }
    }
}

/// Decides compiled conditions for one profile, values only, each term and named rule once.
struct Decider<'a> {
    attributes: &'a IndexMap<String, AttrValue>,
    terms: &'a [(&'a str, &'a AttrValue)],
    term_memo: Vec<Option<Ternary>>,
    rules: &'a [Compiled],
    memo: Vec<Option<Ternary>>,
}

/// Deeper than any sane rule set: validation rejects cycles, this guards the decider anyway.
const MAX_DEPTH: usize = 64;

impl Decider<'_> {
    fn rule(&mut self, i: Option<usize>, depth: usize) -> Ternary {
        let Some(i) = i else {
            return Ternary::Unknown;
        };
        if let Some(Some(v)) = self.memo.get(i) {
            return *v;
        }
        if depth >= MAX_DEPTH {
            return Ternary::Unknown;
        }
        let rules = self.rules;
        let Some(rule) = rules.get(i) else {
            return Ternary::Unknown;
        };
        let v = self.condition(rule, depth + 1);
        if let Some(slot) = self.memo.get_mut(i) {
            *slot = Some(v);
        }
        v
    }

    fn term(&mut self, k: usize) -> Ternary {
        if let Some(Some(v)) = self.term_memo.get(k) {
            return *v;
        }
        let Some(&(name, value)) = self.terms.get(k) else {
            return Ternary::Unknown;
        };
        let v = match self.attributes.get(name) {
            None => Ternary::Unknown,
            Some(has) => match compare(has, value) {
                super::Match::Within => Ternary::Yes,
                super::Match::Outside => Ternary::No,
                super::Match::Missing | super::Match::Partly => Ternary::Unknown,
            },
        };
        if let Some(slot) = self.term_memo.get_mut(k) {
            *slot = Some(v);
        }
        v
    }

    fn condition(&mut self, c: &Compiled, depth: usize) -> Ternary {
        match c {
            Compiled::Term(k) => self.term(*k),
            Compiled::All(cs) => cs
                .iter()
                .fold(Ternary::Yes, |acc, c| acc & self.condition(c, depth + 1)),
            Compiled::Any(cs) => cs
                .iter()
                .fold(Ternary::No, |acc, c| acc | self.condition(c, depth + 1)),
            Compiled::Not(inner) => !self.condition(inner, depth + 1),
            Compiled::Rule(i) => self.rule(*i, depth + 1),
        }
    }
}
