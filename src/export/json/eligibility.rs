//! The `eligibility` document: the cohort × service verdicts with their reasons; and the
//! eligibility terms (`because`) every document that explains a verdict writes the same way.

use serde::Serialize;

use super::values::{Ids, ids};
use super::{Body, values};
use crate::analysis::eligibility as e;
use crate::eligibility::{Match, Reason as Term, Ternary, Verdict as Found};

/// Verdicts for the cohorts and services asked about.
#[derive(Serialize)]
pub struct Eligibility<'a> {
    cohorts: Ids<'a>,
    services: Ids<'a>,
    cells: Vec<Cell<'a>>,
}

impl Body for Eligibility<'_> {
    const TYPE: &'static str = "eligibility";
}

impl<'a> From<&'a e::Matrix> for Eligibility<'a> {
    fn from(m: &'a e::Matrix) -> Self {
        Eligibility {
            cohorts: ids(&m.cohorts),
            services: ids(&m.services),
            cells: values::each(&m.cells),
        }
    }
}

#[derive(Serialize)]
struct Cell<'a> {
    cohort: &'a str,
    service: &'a str,
    outcome: &'static str,
    rule: Option<&'a str>,
    verdict: Verdict<'a>,
}

impl<'a> From<&'a e::Cell> for Cell<'a> {
    fn from(c: &'a e::Cell) -> Self {
        Cell {
            cohort: c.cohort.as_str(),
            service: c.service.as_str(),
            outcome: ternary(c.outcome),
            rule: c.rule.as_ref().map(|r| r.as_str()),
            verdict: Verdict::from(&c.verdict),
        }
    }
}

/// A three-valued outcome with the terms that decided it.
#[derive(Serialize)]
struct Verdict<'a> {
    value: &'static str,
    because: Vec<Reason<'a>>,
}

impl<'a> From<&'a Found> for Verdict<'a> {
    fn from(v: &'a Found) -> Self {
        Verdict {
            value: ternary(v.value),
            because: because(&v.because),
        }
    }
}

/// One term that decided a verdict.
#[derive(Serialize)]
pub(super) struct Reason<'a> {
    rule: Option<&'a str>,
    attribute: &'a str,
    allows: &'a str,
    cohort_has: Option<&'a str>,
    #[serde(rename = "match")]
    matched: &'static str,
    negated: bool,
}

impl<'a> From<&'a Term> for Reason<'a> {
    fn from(r: &'a Term) -> Self {
        Reason {
            rule: r.rule.as_ref().map(|r| r.as_str()),
            attribute: &r.attribute,
            allows: &r.allows,
            cohort_has: r.cohort_has.as_deref(),
            matched: matched(&r.matched),
            negated: r.negated,
        }
    }
}

/// The terms of a verdict, in order.
pub(super) fn because(terms: &[Term]) -> Vec<Reason<'_>> {
    values::each(terms)
}

/// `yes`, `no` or `unknown`.
fn ternary(t: Ternary) -> &'static str {
    match t {
        Ternary::Yes => "yes",
        Ternary::No => "no",
        Ternary::Unknown => "unknown",
    }
}

fn matched(m: &Match) -> &'static str {
    match m {
        Match::Within => "within",
        Match::Outside => "outside",
        Match::Missing => "missing",
        Match::Partly => "partly",
    }
}
