//! Analyses: pure functions from the ecosystem to plain result structs, each with a documented
//! sort order and the reasons for what it found. No printing, no I/O.

pub mod benchmarks;
pub mod capacity;
pub mod compare;
pub mod contracts;
pub mod coverage;
pub mod diagram;
pub mod diff;
pub mod eligibility;
pub mod funding;
pub mod gaps;
pub mod overlap;
pub mod people;
pub mod provenance;
pub mod report;
pub mod routes;
pub mod summary;
pub mod whatif;
pub mod withdrawal;
