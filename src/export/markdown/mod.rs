//! Markdown (GitHub-flavoured) for the gap report and for `--format markdown` of the commands.
//! Every piece of text from a map goes through [`Doc`] (`write.rs`), so a name cannot inject
//! markup, links or HTML. The report (`report.rs`) is built from sections, one file each, each a
//! public function taking the analysis results, so other reports can reuse them.

pub mod coverage;
pub mod funding;
pub mod gaps;
pub mod overlaps;
pub mod provenance;
pub mod report;
pub mod services;
pub mod write;

pub use report::report;
pub use write::{Doc, prose, write_prose};
