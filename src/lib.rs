//! ecomap: maps a local area's delivery ecosystem of employment support for people with mental
//! health problems, and reports where provision is duplicated, which cohorts have no route to the
//! support they need, and where the money flows.
//!
//! Data flows one way: files → [`load`] → [`raw`] → [`validate`] → [`model`] and [`graph`] →
//! analyses → exporters → [`cli`].

pub mod analysis;
pub mod benchmarks;
pub mod cli;
pub mod date;
pub mod decimal;
pub mod diag;
pub mod docs;
pub mod eligibility;
pub mod export;
pub mod generate;
pub mod graph;
pub mod guarded;
pub mod import;
pub mod init;
mod interrupt;
pub mod load;
pub mod model;
pub mod money;
pub mod period;
pub mod quote;
pub mod raw;
pub mod source;
pub mod spanned;
pub mod unique;
pub mod validate;
pub mod visible;
pub mod yaml;
