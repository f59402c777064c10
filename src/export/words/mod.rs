//! The words of each analysis, written once for every format: typed results in, [`Prose`] out.
//! Text, Markdown and HTML each show the same sentence their own way.

pub mod eligibility;
pub mod gaps;
pub mod overlap;

pub use super::prose::Prose;
use crate::money::group_thousands;

/// A count of people, with thousands separators.
pub fn people(n: u64) -> String {
    group_thousands(n)
}
