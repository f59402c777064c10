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
