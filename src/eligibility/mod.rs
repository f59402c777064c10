//! Three-valued eligibility: may this cohort use this service? Each verdict carries the terms
//! that decided it, so a gap report can say which rule and which term excluded a cohort, and how an
//! undetermined case could be settled. Pure: no I/O.

use std::fmt;
use std::ops::{BitAnd, BitOr, Not};

use indexmap::IndexMap;

use crate::model::{AttrValue, Cohort, Condition, Eligibility, Id, Rule};

/// Kleene's three-valued logic: `No < Unknown < Yes`, `&` is min, `|` is max.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ternary {
    No,
    Unknown,
    Yes,
}

impl BitAnd for Ternary {
    type Output = Ternary;
    fn bitand(self, rhs: Ternary) -> Ternary {
        self.min(rhs)
    }
}

impl BitOr for Ternary {
    type Output = Ternary;
    fn bitor(self, rhs: Ternary) -> Ternary {
        self.max(rhs)
    }
}

impl Not for Ternary {
    type Output = Ternary;
    fn not(self) -> Ternary {
        match self {
            Ternary::No => Ternary::Yes,
            Ternary::Unknown => Ternary::Unknown,
            Ternary::Yes => Ternary::No,
        }
    }
}

impl fmt::Display for Ternary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ternary::Yes => "eligible",
            Ternary::No => "not eligible",
            Ternary::Unknown => "undetermined",
        })
    }
}

/// How a cohort's attribute compared with a rule's term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// The cohort's value lies within what the term allows.
    Within,
    /// The cohort's value lies outside what the term allows.
    Outside,
    /// The cohort does not state the attribute.
    Missing,
    /// The cohort is a mix (or a range) only partly within what the term allows.
    Partly,
}

/// One attribute term that contributed to a verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The innermost named rule the term belongs to; `None` for a condition written on the service.
    pub rule: Option<Id>,
    pub attribute: String,
    /// What the term allows, as written.
    pub allows: String,
    /// What the cohort has, as written, if it states the attribute.
    pub cohort_has: Option<String>,
    pub matched: Match,
    /// The term sits under an odd number of `not`s: it excludes what it names.
    pub negated: bool,
}

/// A three-valued outcome with the terms that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub value: Ternary,
    pub because: Vec<Reason>,
}

impl Verdict {
    /// The verdict of a service open to all.
    pub fn open() -> Verdict {
        Verdict {
            value: Ternary::Yes,
            because: Vec::new(),
        }
    }
}

/// Whether `cohort` may use a service with `eligibility`, given the map's named rules.
pub fn evaluate(eligibility: &Eligibility, cohort: &Cohort, rules: &IndexMap<Id, Rule>) -> Verdict {
    evaluate_attributes(eligibility, &cohort.attributes, rules)
}

/// Whether people with these attributes may use a service with `eligibility`, and why.
pub fn evaluate_attributes(
    eligibility: &Eligibility,
    attributes: &IndexMap<String, AttrValue>,
    rules: &IndexMap<Id, Rule>,
) -> Verdict {
    evaluate_widened(eligibility, attributes, rules, &[])
}

/// [`evaluate_attributes`] with the terms `widened` taken to hold (each as its rule would read
/// once widened to let the cohort in, a term under a `not` no longer excluding it): what is left
/// of a verdict once the terms that exclude the cohort are widened. A rule that still depends on
/// something the cohort does not say is then undetermined, and its terms say what.
pub fn evaluate_widened(
    eligibility: &Eligibility,
    attributes: &IndexMap<String, AttrValue>,
    rules: &IndexMap<Id, Rule>,
    widened: &[Reason],
) -> Verdict {
    let ev = Evaluator {
        attributes,
        rules,
        widened,
    };
    match eligibility {
        Eligibility::Open => Verdict::open(),
        Eligibility::Rule(id) => ev.condition(&Condition::Rule(id.clone()), None, false, 0),
        Eligibility::Inline(c) => ev.condition(c, None, false, 0),
    }
}

struct Evaluator<'a> {
    attributes: &'a IndexMap<String, AttrValue>,
    rules: &'a IndexMap<Id, Rule>,
    /// Terms taken to hold (see [`evaluate_widened`]).
    widened: &'a [Reason],
}

/// How deep the deciders follow a condition and the rules it uses; a rule reached deeper is
/// undetermined. Validation refuses a map whose conditions nest deeper than
/// `validate::conditions::MAX_CONDITION_DEPTH`, which is less, and any cycle: this only guards a
/// condition made without validation.
pub const MAX_DEPTH: usize = 64;

impl Evaluator<'_> {
    fn condition(&self, c: &Condition, rule: Option<&Id>, negated: bool, depth: usize) -> Verdict {
        match c {
            Condition::Attribute { name, value } => self.term(name, value, rule, negated),
            Condition::All(cs) => {
                let vs: Vec<Verdict> = cs
                    .iter()
                    .map(|c| self.condition(c, rule, negated, depth + 1))
                    .collect();
                combine(vs, Ternary::Yes, BitAnd::bitand)
            }
            Condition::Any(cs) => {
                let vs: Vec<Verdict> = cs
                    .iter()
                    .map(|c| self.condition(c, rule, negated, depth + 1))
                    .collect();
                combine(vs, Ternary::No, BitOr::bitor)
            }
            Condition::Not(inner) => {
                let v = self.condition(inner, rule, !negated, depth + 1);
                Verdict {
                    value: !v.value,
                    because: v.because,
                }
            }
            Condition::Rule(id) => match self.rules.get(id) {
                Some(r) if depth < MAX_DEPTH => {
                    self.condition(&r.condition, Some(&r.id), negated, depth + 1)
                }
                _ => Verdict {
                    value: Ternary::Unknown,
                    because: Vec::new(),
                },
            },
        }
    }

    fn term(&self, name: &str, allows: &AttrValue, rule: Option<&Id>, negated: bool) -> Verdict {
        let has = self.attributes.get(name);
        let widened = self.widened.iter().any(|w| {
            w.rule.as_ref() == rule && w.attribute == name && w.negated == negated && {
                w.allows == allows.to_string()
            }
        });
        let matched = match has {
            // Widened so that it lets the cohort in: within, or outside what a `not` excludes.
            _ if widened && negated => Match::Outside,
            _ if widened => Match::Within,
            None => Match::Missing,
            Some(has) => compare(has, allows),
        };
        let value = match matched {
            Match::Within => Ternary::Yes,
            Match::Outside => Ternary::No,
            Match::Missing | Match::Partly => Ternary::Unknown,
        };
        let reason = Reason {
            rule: rule.cloned(),
            attribute: name.to_owned(),
            allows: allows.to_string(),
            cohort_has: has.map(ToString::to_string),
            matched,
            negated,
        };
        Verdict {
            value,
            because: vec![reason],
        }
    }
}

/// Combines verdicts with `op`, keeping as reasons the terms that decided the result: for a result
/// equal to `identity` (all held, or none did) every term; otherwise the terms with that value.
fn combine(vs: Vec<Verdict>, identity: Ternary, op: fn(Ternary, Ternary) -> Ternary) -> Verdict {
    let value = vs.iter().fold(identity, |acc, v| op(acc, v.value));
    let because = if value == identity {
        vs.into_iter().flat_map(|v| v.because).collect()
    } else {
        vs.into_iter()
            .filter(|v| v.value == value)
            .flat_map(|v| v.because)
            .collect()
    };
    Verdict { value, because }
}

/// Compares what a cohort has with what a term allows.
pub(crate) fn compare(has: &AttrValue, allows: &AttrValue) -> Match {
    use AttrValue::{Number, Range, Words};
    let bounds = |min: &Option<f64>, max: &Option<f64>| {
        (
            min.unwrap_or(f64::NEG_INFINITY),
            max.unwrap_or(f64::INFINITY),
        )
    };
    match (has, allows) {
        (Words(h), Words(a)) => {
            let inside = h.iter().filter(|w| a.contains(w)).count();
            partition(inside, h.len())
        }
        (Number(n), Words(a)) => partition(usize::from(a.contains(&n.to_string())), 1),
        (Number(n), Number(m)) => partition(usize::from(n == m), 1),
        (Number(n), Range { min, max }) => {
            let (lo, hi) = bounds(min, max);
            partition(usize::from(lo <= *n && *n <= hi), 1)
        }
        (
            Range { min, max },
            Range {
                min: amin,
                max: amax,
            },
        ) => {
            let (lo, hi) = bounds(min, max);
            let (alo, ahi) = bounds(amin, amax);
            if alo <= lo && hi <= ahi {
                Match::Within
            } else if hi < alo || ahi < lo {
                Match::Outside
            } else {
                Match::Partly
            }
        }
        (Range { min, max }, Number(m)) => {
            let (lo, hi) = bounds(min, max);
            if lo == *m && hi == *m {
                Match::Within
            } else if lo <= *m && *m <= hi {
                Match::Partly
            } else {
                Match::Outside
            }
        }
        (Words(h), Number(_) | Range { .. }) => {
            // Words that read as numbers compare as numbers; other words cannot lie in a range.
            let numbers: Vec<f64> = h.iter().filter_map(|w| w.parse().ok()).collect();
            if numbers.len() != h.len() {
                return Match::Outside;
            }
            let inside = numbers
                .iter()
                .filter(|n| compare(&Number(**n), allows) == Match::Within)
                .count();
            partition(inside, h.len())
        }
        (Range { .. }, Words(_)) => Match::Outside,
    }
}

fn partition(inside: usize, of: usize) -> Match {
    if inside == of {
        Match::Within
    } else if inside == 0 {
        Match::Outside
    } else {
        Match::Partly
    }
}

pub mod profiles;
#[cfg(test)]
mod tests;
