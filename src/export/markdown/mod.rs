//! Markdown (GitHub-flavoured): the gap report and its sections.

pub mod funding;
pub mod provenance;
pub mod report;

pub use report::*;
