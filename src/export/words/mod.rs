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
