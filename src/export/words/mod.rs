//! The words of each analysis, written once for every format: typed results in, [`Prose`] out.
//! Text, Markdown and HTML each show the same sentence their own way.

pub mod eligibility;
pub mod gaps;
pub mod overlap;

pub use super::prose::Prose;
use crate::money::group_thousands;

/// A number of people or places as reports print it: rounded to the nearest whole, with
/// thousands separators. The analyses keep the unrounded figure (the JSON carries it).
pub fn people(n: impl Whole) -> String {
    group_thousands(n.whole())
}

/// The targets set for a share of services, not each (004 §56f's 1:8), as the summary words
/// them: counted apart from the comparisons, since one area reaching or missing one is no
/// shortfall. `None` when there is none.
pub fn share_targets(targets: usize, reached: usize) -> Option<String> {
    match targets {
        0 => None,
        1 => Some(format!(
            "a target set for a share of services, not each, is {} (not counted as a shortfall)",
            if reached == 1 {
                "reached"
            } else {
                "not reached"
            }
        )),
        n => Some(format!(
            "of {n} targets set for a share of services, not each, {reached} {} reached (the others are not counted as shortfalls)",
            if reached == 1 { "is" } else { "are" }
        )),
    }
}

/// The comparisons whose figure is above its range (a range of need or of places), as the
/// summary words them: no shortfall, so not counted as not met, but said, since more than the
/// high case may be more than needed. `None` when there is none.
pub fn above_range(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some(
            "1 figure is above its range: not a shortfall, possibly more than needed, worth a look"
                .to_owned(),
        ),
        n => Some(format!(
            "{n} figures are above their range: not shortfalls, possibly more than needed, worth a look"
        )),
    }
}

/// What the need side of specialist spend against need counts, in plain words: narrower than
/// the people needing support of the per-person figures, since it holds only the stages
/// specialist money can reach (docs/funding.md, rule 9).
pub const SPECIALIST_NEED: &str = "Need here is counted more narrowly than the people needing support used for the per-person figures: only needs that specialist money can meet count, which are getting ready for work, looking for work, support in a new job, help to keep a job, and any other support offered by a service whose money counts as specialist spend. Needs that only other services meet, such as benefits advice at a benefits service, are left out, so no cohort looks short of specialist money for support that specialist money does not buy.";

/// Words of the report a reader at a meeting may not know, each with its meaning in one line:
/// the report's "How to read this report" lists them (the kinds of gap have their own list).
pub const REPORT_WORDS: &[(&str, &str)] = &[
    (
        "cohort-stage",
        "one cohort and one stage of support it needs, such as job search for people on community mental health team caseloads",
    ),
    (
        "overlap",
        "two services offering the same stage to the same cohort, which can reach both: not always waste (a choice of route, or places both are needed for)",
    ),
    (
        "WTE",
        "whole-time equivalent: staff counted in full-time posts (two half-time workers are 1 WTE)",
    ),
    (
        "IPS",
        "Individual Placement and Support: employment specialists in mental health teams helping people find and keep paid work, the model with the strongest evidence",
    ),
];

/// The note under specialist spend against need, wherever its shares are printed rounded.
pub const PRINTED_DIFFERENCE: &str = "The difference is the share of spend less the share of need as printed here, to one decimal place, so the columns subtract; the JSON output keeps both shares and their difference unrounded.";

/// A count that prints as a whole number.
pub trait Whole {
    /// The nearest whole number, never below zero.
    fn whole(self) -> u64;
}

impl Whole for u64 {
    fn whole(self) -> u64 {
        self
    }
}

impl Whole for usize {
    fn whole(self) -> u64 {
        self as u64
    }
}

impl Whole for f64 {
    fn whole(self) -> u64 {
        if self.is_finite() && self > 0.0 {
            // Saturates at u64::MAX for figures beyond it.
            self.round() as u64
        } else {
            0
        }
    }
}
