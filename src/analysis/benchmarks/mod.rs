//! Capacity against published benchmarks: what is mapped, set against the figures of the
//! benchmark table, with the working shown step by step so a commissioner can check every figure.
//!
//! The checks are data: [`table`] holds one row per check (the figures it reads, the benchmarks
//! it uses, how the mapped figure is found, the words of its working), and [`engine`] runs every
//! row the same way. Adding a benchmark of a known shape is adding a row; the one model that is
//! not a ratio (004's IPS demand, a chain of figures) has its own module, [`ips_demand`].
//!
//! Area figures a benchmark needs (`area.figures`) are read, never assumed: a missing one is named,
//! and the check stops where it was needed. Two figures can also be summed from the map's services
//! when the area does not give them (employment advisers from `employment-adviser` services,
//! primary-care specialists from `ips-primary-care` services); the working says which was used.
//! Social-enterprise places are the area's figure only: no model is 002's kind of place, and
//! sheltered work is never counted as one. The one fallback to a national
//! rate (the share of people on secondary caseloads in work, 004 §36b) is said in the working.
//! Nothing here prints or formats for a reader beyond the words of the working.
//!
//! Checks come in the table's order (IPS demand; each IPS service's health; each fidelity score;
//! 002's specialists, caseloads and social-enterprise places; talking-therapies advisers), services
//! in map order.

mod engine;
mod ips_demand;
mod label;
mod table;
mod working;

pub use label::{number, number_against, percent};

use crate::benchmarks::{Benchmark, Benchmarks, Edition, OverrideFrom, Reference, ids};
use crate::graph::Ecosystem;
use crate::model::Id;

/// How a term enters a calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// The first term.
    Start,
    Plus,
    Minus,
    Times,
    Divide,
}

/// One term of a calculation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub op: Op,
    pub value: f64,
}

/// One line of working: a figure read from somewhere, or a calculation from lines above it.
#[derive(Debug, Clone)]
pub struct Step {
    pub value: f64,
    /// What the value is.
    pub what: String,
    /// For a figure, where it comes from: `area.figures.<name>`, a benchmark id, `service <id>`.
    pub from: Option<String>,
    /// For a calculation, its terms in order (the value is computed from them, left to right).
    pub calculation: Vec<Term>,
}

/// The mark a mapped figure is held against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    AtLeast {
        value: f64,
    },
    AtMost {
        value: f64,
    },
    /// The low and high cases of a range.
    Between {
        low: f64,
        high: f64,
    },
}

/// Where a mapped figure stands against its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Under,
    /// At the mark (for a range: within it).
    At,
    Over,
}

/// A mapped figure against a mark.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub what: String,
    pub mapped: f64,
    pub mark: Mark,
    pub standing: Standing,
    /// Whether the mapped figure meets the benchmark (at least / at most / within or above a
    /// range: a range is an estimate of need, and more than it is no shortfall; see
    /// [`Comparison::above_range`]).
    pub meets: bool,
    /// For a target set for a share of services rather than for each (004 §56f: advisers at 1:8
    /// in 40% of talking-therapies services), that share: the figure is not a shortfall when under.
    pub target_share: Option<f64>,
    /// The benchmarks behind the mark.
    pub benchmarks: Vec<String>,
    /// Those of them whose built-in value is in force and was not checked against a copy of its
    /// source (`checked: false` in the table): every line stating the comparison says so.
    pub unchecked: Vec<String>,
}

/// One benchmark check with its working.
#[derive(Debug, Clone)]
pub struct Check {
    /// A stable name: `ips-demand`, `ips-service-health`, `ips-fidelity`, `cmht-specialists`,
    /// `primary-care-specialists`, `caseloads`, `social-enterprise-places`, `talking-therapies-advisers`.
    pub check: &'static str,
    pub title: String,
    /// The service checked, for checks of one service.
    pub service: Option<Id>,
    pub working: Vec<Step>,
    pub comparisons: Vec<Comparison>,
    /// Area figures (or service fields) it needed and the map does not give.
    pub missing: Vec<String>,
    pub notes: Vec<String>,
    /// For a fidelity check: the score's band.
    pub band: Option<FidelityBand>,
    /// Benchmarks used, in table order.
    pub benchmarks: Vec<String>,
}

/// A benchmark whose value is not the built-in one.
#[derive(Debug, Clone)]
pub struct Overridden {
    pub id: String,
    pub builtin: Option<f64>,
    pub value: f64,
    pub by: OverrideFrom,
}

/// The IPS workforce the area needs (004 §36-39) against what the map has: the headline of the
/// capacity report, read from the `ips-demand` check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IpsWorkforce {
    /// Employment specialists needed, low case (`ips-share-wanting-work-low`).
    pub needed_low: f64,
    /// Employment specialists needed, high case (`ips-share-wanting-work-high`).
    pub needed_high: f64,
    /// Services of model `ips` on the map.
    pub ips_services: usize,
    /// WTE of the `ips` services mapped; `None` when one of them states none, or there is none
    /// (missing, never 0).
    pub mapped: Option<f64>,
    /// Where `mapped` stands against the range needed; `None` when `mapped` is.
    pub standing: Option<Standing>,
}

/// `ecomap capacity`.
#[derive(Debug, Clone)]
pub struct CapacityReport {
    pub area: String,
    /// The IPS workforce needed against that mapped; `None` when the area figures it needs are
    /// missing.
    pub ips_workforce: Option<IpsWorkforce>,
    pub checks: Vec<Check>,
    /// Every area figure some check needed and did not find, with the checks, in check order.
    pub missing_figures: Vec<MissingFigure>,
    pub overridden: Vec<Overridden>,
    /// The benchmarks the checks used, in table order, with their sources.
    pub sources: Vec<Benchmark>,
    /// The benchmark table's version and the day its values were last checked.
    pub table: Edition,
    /// What the source codes the report cites (002, 004, …) stand for, in code order.
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone)]
pub struct MissingFigure {
    pub figure: String,
    pub needed_for: Vec<&'static str>,
}

/// A figure band of the IPS-25 fidelity scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FidelityBand {
    Exemplary,
    Good,
    Fair,
    /// Below fair: not supported employment.
    NotSupportedEmployment,
    /// Below a fair band whose floor is overridden: the scale's verdict is for its own floor, so
    /// this says only that the score is below the floor in force.
    BelowFair,
}

impl FidelityBand {
    pub fn words(self) -> &'static str {
        match self {
            FidelityBand::Exemplary => "exemplary",
            FidelityBand::Good => "good",
            FidelityBand::Fair => "fair",
            FidelityBand::NotSupportedEmployment => "not supported employment",
            FidelityBand::BelowFair => "below the fair band in force",
        }
    }
}

/// The band of an IPS-25 score, with the table's band floors.
pub fn fidelity_band(score: f64, b: &Benchmarks) -> FidelityBand {
    if score >= b.value(ids::FIDELITY_EXEMPLARY) {
        FidelityBand::Exemplary
    } else if score >= b.value(ids::FIDELITY_GOOD) {
        FidelityBand::Good
    } else if score >= b.value(ids::FIDELITY_FAIR) {
        FidelityBand::Fair
    } else if b.at(ids::FIDELITY_FAIR).overridden_by.is_some() {
        FidelityBand::BelowFair
    } else {
        FidelityBand::NotSupportedEmployment
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Places `mapped` against `mark`.
pub fn compare(
    what: impl Into<String>,
    mapped: f64,
    mark: Mark,
    benchmarks: &[&str],
) -> Comparison {
    let (standing, meets) = match mark {
        Mark::AtLeast { value } | Mark::AtMost { value } => {
            let standing = if close(mapped, value) {
                Standing::At
            } else if mapped < value {
                Standing::Under
            } else {
                Standing::Over
            };
            let meets = match mark {
                Mark::AtLeast { .. } => standing != Standing::Under,
                _ => standing != Standing::Over,
            };
            (standing, meets)
        }
        Mark::Between { low, high } => {
            let standing = if mapped < low && !close(mapped, low) {
                Standing::Under
            } else if mapped > high && !close(mapped, high) {
                Standing::Over
            } else {
                Standing::At
            };
            // More than a range (of need, or of places) is not unmet need: possibly more than
            // needed, worth a look, but no shortfall.
            (standing, standing != Standing::Under)
        }
    };
    Comparison {
        what: what.into(),
        mapped,
        mark,
        standing,
        meets,
        target_share: None,
        benchmarks: benchmarks.iter().map(|s| (*s).to_owned()).collect(),
        unchecked: Vec::new(),
    }
}

impl Comparison {
    /// Above a range (more than the high case): not a shortfall, possibly over-provision.
    pub fn above_range(&self) -> bool {
        matches!(self.mark, Mark::Between { .. }) && self.standing == Standing::Over
    }
}

impl CapacityReport {
    /// Every comparison, in check order.
    pub fn comparisons(&self) -> impl Iterator<Item = &Comparison> + Clone {
        self.checks.iter().flat_map(|c| &c.comparisons)
    }

    /// The comparisons with a standard every service or area is held to: not the targets set
    /// for a share of services only, which one area neither meets nor misses.
    pub fn standards(&self) -> impl Iterator<Item = &Comparison> + Clone {
        self.comparisons().filter(|c| c.target_share.is_none())
    }

    /// The comparisons with a target set for a share of services only.
    pub fn share_targets(&self) -> impl Iterator<Item = &Comparison> + Clone {
        self.comparisons().filter(|c| c.target_share.is_some())
    }
}

/// The capacity report of a map against the table in force.
pub fn capacity(eco: &Ecosystem, table: &Benchmarks) -> CapacityReport {
    let m = &eco.map;
    let (checks, ips_workforce) = engine::run(m, table, table::CHECKS);
    let mut missing_figures: Vec<MissingFigure> = Vec::new();
    for c in &checks {
        for f in c.missing.iter().filter(|f| f.starts_with("area.")) {
            match missing_figures.iter_mut().find(|x| &x.figure == f) {
                Some(x) => {
                    if !x.needed_for.contains(&c.check) {
                        x.needed_for.push(c.check);
                    }
                }
                None => missing_figures.push(MissingFigure {
                    figure: f.clone(),
                    needed_for: vec![c.check],
                }),
            }
        }
    }
    let used: Vec<&String> = checks.iter().flat_map(|c| &c.benchmarks).collect();
    let sources: Vec<Benchmark> = table
        .entries
        .iter()
        .filter(|b| used.contains(&&b.id))
        .cloned()
        .collect();
    let mut texts: Vec<&str> = Vec::new();
    for c in &checks {
        texts.push(&c.title);
        texts.extend(c.notes.iter().map(String::as_str));
        texts.extend(c.working.iter().map(|s| s.what.as_str()));
        texts.extend(c.comparisons.iter().map(|x| x.what.as_str()));
    }
    for b in &sources {
        texts.push(&b.source);
        texts.extend(b.says.as_deref());
    }
    let references = table.cited(texts).into_iter().cloned().collect();
    CapacityReport {
        area: m.area.name.clone(),
        ips_workforce,
        missing_figures,
        overridden: table
            .overridden()
            .map(|b| Overridden {
                id: b.id.clone(),
                builtin: b.builtin,
                value: b.value,
                by: b.overridden_by.unwrap_or(OverrideFrom::Map),
            })
            .collect(),
        sources,
        table: table.table.clone(),
        references,
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_place_figures_under_at_and_over() {
        let at_least = Mark::AtLeast { value: 40.0 };
        assert_eq!(compare("", 39.0, at_least, &[]).standing, Standing::Under);
        assert!(!compare("", 39.0, at_least, &[]).meets);
        assert!(compare("", 40.0, at_least, &[]).meets);
        assert_eq!(compare("", 41.0, at_least, &[]).standing, Standing::Over);
        let at_most = Mark::AtMost { value: 20.0 };
        assert!(compare("", 20.0, at_most, &[]).meets);
        assert!(!compare("", 21.0, at_most, &[]).meets);
        let range = Mark::Between {
            low: 25.0,
            high: 37.5,
        };
        assert_eq!(compare("", 24.0, range, &[]).standing, Standing::Under);
        assert_eq!(compare("", 25.0, range, &[]).standing, Standing::At);
        assert_eq!(compare("", 37.5, range, &[]).standing, Standing::At);
        assert_eq!(compare("", 38.0, range, &[]).standing, Standing::Over);
        // Above a range is no shortfall: 38 is more than the high case, not unmet need.
        assert!(compare("", 38.0, range, &[]).meets);
        assert!(compare("", 38.0, range, &[]).above_range());
        assert!(!compare("", 24.0, range, &[]).meets);
        assert!(!compare("", 41.0, at_least, &[]).above_range());
        // 0.1 + 0.2 is at 0.3, not over it.
        assert_eq!(
            compare("", 0.1 + 0.2, Mark::AtMost { value: 0.3 }, &[]).standing,
            Standing::At
        );
    }

    #[test]
    fn fidelity_bands_follow_the_ips25_floors() {
        let t = Benchmarks::builtin();
        assert_eq!(fidelity_band(125.0, &t), FidelityBand::Exemplary);
        assert_eq!(fidelity_band(115.0, &t), FidelityBand::Exemplary);
        assert_eq!(fidelity_band(114.0, &t), FidelityBand::Good);
        assert_eq!(fidelity_band(100.0, &t), FidelityBand::Good);
        assert_eq!(fidelity_band(99.0, &t), FidelityBand::Fair);
        assert_eq!(fidelity_band(74.0, &t), FidelityBand::Fair);
        assert_eq!(
            fidelity_band(73.0, &t),
            FidelityBand::NotSupportedEmployment
        );
        assert_eq!(
            fidelity_band(25.0, &t),
            FidelityBand::NotSupportedEmployment
        );
    }
}
