//! Every cohort's eligibility for every service, decided once per distinct attribute profile and
//! distinct eligibility: real maps have a few dozen rules and profiles however many services and
//! cohorts they have. The table holds values only; the reasons behind one verdict are worked out
//! again ([`super::evaluate_attributes`]) where a report shows them.
//!
//! The verdicts are decided a column at a time: each attribute term, named rule and eligibility
//! for every profile at once, as bit sets of the profiles it says yes and no for ([`Column`]).
//!
//! Each cohort has two profiles: as it is now, and as it will be once its people start work (an
//! out-of-work `employment`, `unemployed` or `inactive`, becomes `employed`; the cohort's
//! `after_start:` attributes override). The second judges in-work and retention support joined
//! after starting work (DOMAIN.md, "After starting work").

use std::collections::BTreeMap;
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;

use super::{MAX_DEPTH, Ternary, compare};
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
    /// Profile × eligibility → value, a profile's row together: an analysis goes through many
    /// services for one cohort at a time. Shared by the tables of changed copies of the map.
    values: Arc<[Ternary]>,
    /// The distinct profiles' attributes.
    profiles: Arc<[IndexMap<String, AttrValue>]>,
}

impl Table {
    /// Decides every distinct profile against every distinct eligibility on the map.
    pub fn new(map: &Map) -> Table {
        let mut by_key: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
        let mut profiles: Vec<IndexMap<String, AttrValue>> = Vec::new();
        let mut profile_of = |attributes: &IndexMap<String, AttrValue>| -> usize {
            *by_key.entry(profile_key(attributes)).or_insert_with(|| {
                profiles.push(attributes.clone());
                profiles.len() - 1
            })
        };
        let mut now = Vec::with_capacity(map.cohorts.len());
        let mut after = Vec::with_capacity(map.cohorts.len());
        for c in map.cohorts.values() {
            now.push(profile_of(&c.attributes));
            after.push(profile_of(&after_start(c)));
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
        // once for every profile.
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
        // Each term, rule and eligibility decided for every profile at once (a column of the
        // table, as two sets of profiles: those it says yes for and those it says no for), the
        // eligibilities on every core, one after another in the table.
        let columns = Columns::new(&profiles, &terms.list, &rules);
        let decided: Vec<Column> = compiled
            .par_iter()
            .map(|c| match c {
                None => Column::all(columns.words, Ternary::Yes),
                Some(c) => columns.condition(c),
            })
            .collect();
        let values = by_profile(&decided, profiles.len());
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

    /// The service's eligibility among the map's distinct ones (two services with the same
    /// give every cohort the same verdict, for the same reasons); `None` for a service the table
    /// does not know.
    pub fn class(&self, service: usize) -> Option<usize> {
        (self.of_service.get(service).copied()).filter(|&e| e < self.eligibilities)
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

/// A profile's attributes as a key: the same bytes for the same attributes in any order, and
/// different bytes for any difference (each name and word written after its length, each number
/// as its bits).
fn profile_key(attributes: &IndexMap<String, AttrValue>) -> Vec<u8> {
    let mut sorted: Vec<(&String, &AttrValue)> = attributes.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut key = Vec::with_capacity(32 * sorted.len());
    let text = |key: &mut Vec<u8>, t: &str| {
        key.extend_from_slice(&t.len().to_le_bytes());
        key.extend_from_slice(t.as_bytes());
    };
    let number = |key: &mut Vec<u8>, n: Option<f64>| match n {
        None => key.push(0),
        Some(n) => {
            key.push(1);
            key.extend_from_slice(&n.to_bits().to_le_bytes());
        }
    };
    for (name, value) in sorted {
        text(&mut key, name);
        match value {
            AttrValue::Words(words) => {
                key.push(b'w');
                key.extend_from_slice(&words.len().to_le_bytes());
                for w in words {
                    text(&mut key, w);
                }
            }
            AttrValue::Number(n) => {
                key.push(b'n');
                number(&mut key, Some(*n));
            }
            AttrValue::Range { min, max } => {
                key.push(b'r');
                number(&mut key, *min);
                number(&mut key, *max);
            }
        }
    }
    key
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

/// One verdict for each profile: the profiles it says yes for and those it says no for, as bit
/// sets (the rest undetermined). Three-valued logic is then a few operations per 64 profiles:
/// "all of" is yes where every part is yes and no where any is no, "any of" the other way round,
/// "not" swaps the two sets.
#[derive(Clone)]
struct Column {
    yes: Vec<u64>,
    no: Vec<u64>,
}

/// The table's values from its columns (one per eligibility, each over every profile), a
/// profile's row together: 64 profiles at a time (a word of each column, gathered first, so that
/// each row is written in order), on every core.
fn by_profile(columns: &[Column], profiles: usize) -> Vec<Ternary> {
    let word = |bits: &[u64], w: usize| bits.get(w).copied().unwrap_or(0);
    (0..profiles.div_ceil(64))
        .into_par_iter()
        .flat_map_iter(|w| {
            let yes: Vec<u64> = columns.iter().map(|c| word(&c.yes, w)).collect();
            let no: Vec<u64> = columns.iter().map(|c| word(&c.no, w)).collect();
            let rows = (profiles - w * 64).min(64);
            let mut block: Vec<Ternary> = Vec::with_capacity(rows * columns.len());
            for k in 0..rows {
                block.extend(yes.iter().zip(&no).map(|(y, n)| ternary(y >> k, n >> k)));
            }
            block
        })
        .collect()
}

/// The verdict of the lowest bit of a column's `yes` and `no` words.
fn ternary(yes: u64, no: u64) -> Ternary {
    if yes & 1 != 0 {
        Ternary::Yes
    } else if no & 1 != 0 {
        Ternary::No
    } else {
        Ternary::Unknown
    }
}

impl Column {
    /// The same verdict for every profile (of `words` × 64; bits past the last profile are
    /// never read).
    fn all(words: usize, v: Ternary) -> Column {
        let (yes, no) = match v {
            Ternary::Yes => (u64::MAX, 0),
            Ternary::No => (0, u64::MAX),
            Ternary::Unknown => (0, 0),
        };
        Column {
            yes: vec![yes; words],
            no: vec![no; words],
        }
    }

    fn set(&mut self, p: usize, v: Ternary) {
        let (w, bit) = (p / 64, 1u64 << (p % 64));
        let set = match v {
            Ternary::Yes => self.yes.get_mut(w),
            Ternary::No => self.no.get_mut(w),
            Ternary::Unknown => None,
        };
        if let Some(word) = set {
            *word |= bit;
        }
    }

    fn and(mut self, other: &Column) -> Column {
        for (a, b) in self.yes.iter_mut().zip(&other.yes) {
            *a &= b;
        }
        for (a, b) in self.no.iter_mut().zip(&other.no) {
            *a |= b;
        }
        self
    }

    fn or(mut self, other: &Column) -> Column {
        for (a, b) in self.yes.iter_mut().zip(&other.yes) {
            *a |= b;
        }
        for (a, b) in self.no.iter_mut().zip(&other.no) {
            *a &= b;
        }
        self
    }

    fn not(self) -> Column {
        Column {
            yes: self.no,
            no: self.yes,
        }
    }
}

/// The columns of every attribute term and named rule: what the eligibilities are decided from.
struct Columns {
    words: usize,
    terms: Vec<Column>,
    /// Each named rule's column (undetermined for a rule nested past [`MAX_DEPTH`]).
    rules: Vec<Column>,
}

impl Columns {
    fn new(
        profiles: &[IndexMap<String, AttrValue>],
        terms: &[(&str, &AttrValue)],
        rules: &[Compiled],
    ) -> Columns {
        let words = profiles.len().div_ceil(64);
        // Each attribute the terms name, looked up in every profile once: many terms name the
        // same few attributes.
        let mut named: BTreeMap<&str, Vec<Option<&AttrValue>>> = BTreeMap::new();
        for &(name, _) in terms {
            named
                .entry(name)
                .or_insert_with(|| profiles.iter().map(|a| a.get(name)).collect());
        }
        let terms: Vec<Column> = terms
            .par_iter()
            .map(|&(name, value)| {
                let mut column = Column::all(words, Ternary::Unknown);
                let values = named.get(name).map_or(&[][..], Vec::as_slice);
                for (p, has) in values.iter().enumerate() {
                    let v = match has {
                        None => Ternary::Unknown,
                        Some(has) => match compare(has, value) {
                            super::Match::Within => Ternary::Yes,
                            super::Match::Outside => Ternary::No,
                            super::Match::Missing | super::Match::Partly => Ternary::Unknown,
                        },
                    };
                    column.set(p, v);
                }
                column
            })
            .collect();
        let mut memo: Vec<Option<Column>> = vec![None; rules.len()];
        for i in 0..rules.len() {
            rule_column(Some(i), 0, words, &terms, rules, &mut memo);
        }
        let rules = memo
            .into_iter()
            .map(|c| c.unwrap_or_else(|| Column::all(words, Ternary::Unknown)))
            .collect();
        Columns {
            words,
            terms,
            rules,
        }
    }

    /// An eligibility's column, from the terms' and the rules' decided already.
    fn condition(&self, c: &Compiled) -> Column {
        let unknown = || Column::all(self.words, Ternary::Unknown);
        column_of(c, 0, self.words, &self.terms, &mut |i, _| {
            i.and_then(|i| self.rules.get(i))
                .cloned()
                .unwrap_or_else(unknown)
        })
    }
}

/// The column of a compiled condition: its terms' from `terms`, each named rule's from `rule`
/// (given the rule and its depth).
fn column_of(
    c: &Compiled,
    depth: usize,
    words: usize,
    terms: &[Column],
    rule: &mut dyn FnMut(Option<usize>, usize) -> Column,
) -> Column {
    match c {
        Compiled::Term(k) => terms
            .get(*k)
            .cloned()
            .unwrap_or_else(|| Column::all(words, Ternary::Unknown)),
        Compiled::All(cs) => {
            let mut acc = Column::all(words, Ternary::Yes);
            for c in cs {
                acc = acc.and(&column_of(c, depth + 1, words, terms, rule));
            }
            acc
        }
        Compiled::Any(cs) => {
            let mut acc = Column::all(words, Ternary::No);
            for c in cs {
                acc = acc.or(&column_of(c, depth + 1, words, terms, rule));
            }
            acc
        }
        Compiled::Not(inner) => column_of(inner, depth + 1, words, terms, rule).not(),
        Compiled::Rule(i) => rule(*i, depth + 1),
    }
}

/// Named rule `i`'s column, deciding the rules it names first; each rule decided once (`memo`).
fn rule_column(
    i: Option<usize>,
    depth: usize,
    words: usize,
    terms: &[Column],
    rules: &[Compiled],
    memo: &mut [Option<Column>],
) -> Column {
    let unknown = Column::all(words, Ternary::Unknown);
    let Some(i) = i else {
        return unknown;
    };
    if let Some(Some(c)) = memo.get(i) {
        return c.clone();
    }
    let Some(rule) = rules.get(i).filter(|_| depth < MAX_DEPTH) else {
        return unknown;
    };
    let c = column_of(rule, depth + 1, words, terms, &mut |j, d| {
        rule_column(j, d, words, terms, rules, memo)
    });
    if let Some(slot) = memo.get_mut(i) {
        *slot = Some(c.clone());
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(pairs: &[(&str, AttrValue)]) -> IndexMap<String, AttrValue> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    fn words(ws: &[&str]) -> AttrValue {
        AttrValue::Words(ws.iter().map(|w| (*w).to_owned()).collect())
    }

    #[test]
    fn a_profile_key_is_the_same_in_any_order_and_differs_for_any_difference() {
        let care = ("care", words(&["secondary"]));
        let age = (
            "age",
            AttrValue::Range {
                min: Some(18.0),
                max: None,
            },
        );
        let key = profile_key(&profile(&[care.clone(), age.clone()]));
        // The order the map writes them in is not part of the profile.
        assert_eq!(key, profile_key(&profile(&[age.clone(), care.clone()])));
        // Each of these is another profile: a word split in two, a word more, a number where a
        // range was, a bound moved, an open bound closed, the sign of nought, a name changed.
        let others = [
            profile(&[("care", words(&["second", "ary"])), age.clone()]),
            profile(&[("care", words(&["secondary", "primary"])), age.clone()]),
            profile(&[care.clone(), ("age", AttrValue::Number(18.0))]),
            profile(&[
                care.clone(),
                (
                    "age",
                    AttrValue::Range {
                        min: Some(19.0),
                        max: None,
                    },
                ),
            ]),
            profile(&[
                care.clone(),
                (
                    "age",
                    AttrValue::Range {
                        min: Some(18.0),
                        max: Some(64.0),
                    },
                ),
            ]),
            profile(&[("cares", words(&["secondary"])), age.clone()]),
            profile(std::slice::from_ref(&care)),
        ];
        for other in &others {
            assert_ne!(key, profile_key(other), "{other:?}");
        }
        assert_ne!(
            profile_key(&profile(&[("n", AttrValue::Number(0.0))])),
            profile_key(&profile(&[("n", AttrValue::Number(-0.0))]))
        );
    }
}
