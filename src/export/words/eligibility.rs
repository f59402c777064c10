//! Eligibility in words: the terms that decided a verdict, and how to settle an undetermined one.

use super::Prose;
use crate::eligibility::{Match, Reason, Ternary};

/// One term: "rule `secondary-care`: requires care secondary; the cohort has primary".
pub fn reason(r: &Reason) -> Prose {
    let mut p = Prose::default();
    if let Some(rule) = &r.rule {
        p.push("rule ");
        p.push_id(rule.as_str());
        p.push(": ");
    }
    let verb = if r.negated { "excludes" } else { "requires" };
    p.push(&format!("{verb} {} {}", r.attribute, r.allows));
    let has = r.cohort_has.as_deref().unwrap_or("");
    match r.matched {
        Match::Within | Match::Outside => p.push(&format!("; the cohort has {has}")),
        Match::Missing => p.push(&format!("; the cohort does not state its {}", r.attribute)),
        Match::Partly => p.push(&format!(
            "; the cohort's {} is {has}, only partly within",
            r.attribute
        )),
    }
    p
}

/// Why a verdict of `value` is what it is: its terms joined. With no terms: "open to all" for a
/// yes (a service with no rule, or a condition with no terms), and for a no or an undetermined
/// verdict that no term decided (a `not` of a condition with no terms), that its condition has
/// none a cohort could meet or settle.
pub fn explain(value: Ternary, because: &[Reason]) -> Prose {
    if because.is_empty() {
        return Prose::text(match value {
            Ternary::Yes => "open to all",
            Ternary::No => "its condition excludes everyone: no term in it can hold for any cohort",
            Ternary::Unknown => "its condition has no term a cohort's attributes could settle",
        });
    }
    let mut p = Prose::default();
    for (i, r) in because.iter().enumerate() {
        if i > 0 {
            p.push("; and ");
        }
        p.append(reason(r));
    }
    p
}

/// How to settle one undetermined term: state the attribute, or split the cohort by it.
fn settle_term(r: &Reason) -> Option<Prose> {
    match r.matched {
        Match::Missing => Some(Prose::fill(
            "state the cohort's {}",
            [Prose::id(r.attribute.as_str())],
        )),
        Match::Partly => Some(Prose::fill(
            "split the cohort by {} ({} against {})",
            [
                Prose::id(r.attribute.as_str()),
                Prose::text(r.cohort_has.as_deref().unwrap_or("?")),
                Prose::text(r.allows.as_str()),
            ],
        )),
        Match::Within | Match::Outside => None,
    }
}

/// How an undetermined verdict could be settled, one way per term (repeats next to each other
/// said once).
pub fn settle(because: &[Reason]) -> Vec<Prose> {
    let mut ways: Vec<Prose> = because.iter().filter_map(settle_term).collect();
    ways.dedup();
    ways
}
