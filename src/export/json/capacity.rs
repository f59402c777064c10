//! The `capacity` document: capacity against published benchmarks, each check with its working
//! line by line, the benchmarks it used and what their source codes stand for.

use serde::Serialize;

use super::benchmarks::{Benchmark, override_from};
use super::values::{Edition, Reference};
use super::{Body, values};
use crate::analysis::benchmarks::{self as b, FidelityBand, Mark as FoundMark, Op, Standing};

/// Capacity against benchmarks, with the working.
#[derive(Serialize)]
pub struct Capacity<'a> {
    area: &'a str,
    ips_workforce: Option<IpsWorkforce>,
    checks: Vec<Check<'a>>,
    missing_figures: Vec<MissingFigure<'a>>,
    overridden: Vec<Overridden<'a>>,
    sources: Vec<Benchmark<'a>>,
    table: Edition,
    references: Vec<Reference<'a>>,
}

impl Body for Capacity<'_> {
    const TYPE: &'static str = "capacity";
}

impl<'a> From<&'a b::CapacityReport> for Capacity<'a> {
    fn from(r: &'a b::CapacityReport) -> Self {
        Capacity {
            area: &r.area,
            ips_workforce: r.ips_workforce.map(IpsWorkforce::from),
            checks: values::each(&r.checks),
            missing_figures: values::each(&r.missing_figures),
            overridden: values::each(&r.overridden),
            sources: values::each(&r.sources),
            table: Edition::from(&r.table),
            references: values::each(&r.references),
        }
    }
}

/// IPS employment specialists needed against those mapped.
#[derive(Serialize)]
pub(super) struct IpsWorkforce {
    needed_low: f64,
    needed_high: f64,
    ips_services: usize,
    mapped: Option<f64>,
    standing: Option<&'static str>,
}

impl From<b::IpsWorkforce> for IpsWorkforce {
    fn from(w: b::IpsWorkforce) -> Self {
        IpsWorkforce {
            needed_low: w.needed_low,
            needed_high: w.needed_high,
            ips_services: w.ips_services,
            mapped: w.mapped,
            standing: w.standing.map(standing),
        }
    }
}

fn standing(s: Standing) -> &'static str {
    match s {
        Standing::Under => "under",
        Standing::At => "at",
        Standing::Over => "over",
    }
}

/// One check: its working, its comparisons and what it misses.
#[derive(Serialize)]
struct Check<'a> {
    check: &'a str,
    title: &'a str,
    service: Option<&'a str>,
    working: Vec<Step<'a>>,
    comparisons: Vec<Comparison<'a>>,
    missing: &'a [String],
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    band: Option<&'static str>,
    benchmarks: &'a [String],
}

impl<'a> From<&'a b::Check> for Check<'a> {
    fn from(c: &'a b::Check) -> Self {
        Check {
            check: c.check,
            title: &c.title,
            service: c.service.as_ref().map(|s| s.as_str()),
            working: values::each(&c.working),
            comparisons: values::each(&c.comparisons),
            missing: &c.missing,
            notes: &c.notes,
            band: c.band.map(|band| match band {
                FidelityBand::Exemplary => "exemplary",
                FidelityBand::Good => "good",
                FidelityBand::Fair => "fair",
                FidelityBand::NotSupportedEmployment => "not-supported-employment",
                FidelityBand::BelowFair => "below-fair",
            }),
            benchmarks: &c.benchmarks,
        }
    }
}

/// A line of working: a figure with where it comes from, or a calculation with its terms.
#[derive(Serialize)]
struct Step<'a> {
    value: f64,
    what: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    calculation: Vec<Term>,
}

impl<'a> From<&'a b::Step> for Step<'a> {
    fn from(s: &'a b::Step) -> Self {
        Step {
            value: s.value,
            what: &s.what,
            from: s.from.as_deref(),
            calculation: values::each(&s.calculation),
        }
    }
}

#[derive(Serialize)]
struct Term {
    op: &'static str,
    value: f64,
}

impl From<&b::Term> for Term {
    fn from(t: &b::Term) -> Self {
        Term {
            op: match t.op {
                Op::Start => "start",
                Op::Plus => "plus",
                Op::Minus => "minus",
                Op::Times => "times",
                Op::Divide => "divide",
            },
            value: t.value,
        }
    }
}

/// A mapped figure held against a mark.
#[derive(Serialize)]
struct Comparison<'a> {
    what: &'a str,
    mapped: f64,
    mark: Mark,
    standing: &'static str,
    meets: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_share: Option<f64>,
    benchmarks: &'a [String],
    /// False when a value behind the mark is a built-in one not checked against a copy of its
    /// source.
    checked: bool,
}

impl<'a> From<&'a b::Comparison> for Comparison<'a> {
    fn from(c: &'a b::Comparison) -> Self {
        Comparison {
            what: &c.what,
            mapped: c.mapped,
            mark: match c.mark {
                FoundMark::AtLeast { value } => Mark::AtLeast { value },
                FoundMark::AtMost { value } => Mark::AtMost { value },
                FoundMark::Between { low, high } => Mark::Between { low, high },
            },
            standing: standing(c.standing),
            meets: c.meets,
            target_share: c.target_share,
            benchmarks: &c.benchmarks,
            checked: c.unchecked.is_empty(),
        }
    }
}

/// The mark a figure is held to, tagged by `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Mark {
    AtLeast { value: f64 },
    AtMost { value: f64 },
    Between { low: f64, high: f64 },
}

#[derive(Serialize)]
struct MissingFigure<'a> {
    figure: &'a str,
    needed_for: &'a [&'static str],
}

impl<'a> From<&'a b::MissingFigure> for MissingFigure<'a> {
    fn from(m: &'a b::MissingFigure) -> Self {
        MissingFigure {
            figure: &m.figure,
            needed_for: &m.needed_for,
        }
    }
}

#[derive(Serialize)]
struct Overridden<'a> {
    id: &'a str,
    builtin: Option<f64>,
    value: f64,
    by: &'static str,
}

impl<'a> From<&'a b::Overridden> for Overridden<'a> {
    fn from(o: &'a b::Overridden) -> Self {
        Overridden {
            id: &o.id,
            builtin: o.builtin,
            value: o.value,
            by: override_from(o.by),
        }
    }
}
