//! JSON output: a public contract, documented in `docs/json.md`. Every document a command writes
//! with `--format json` is one of the serialise-only wire types here, one module per document
//! family, each built from an analysis result (`From`, or `new` where it takes more than one).
//! The analysis structs do not derive `Serialize`: a field renamed in an analysis is a compile
//! error here, never a silent change to the format. Every document has a `type` tag and the
//! format `version`.
//!
//! What this module must not do: analyse (it copies figures and borrows ids), word a sentence of
//! its own (the sentences beside the data come from `export::words`, as the text report says
//! them), or serialise anything but its own types. The closed sets of words
//! (gap kinds, statuses, evidence levels, …) are written out here, one `match` each, so that a new
//! value of one shows up in review as a change to the contract.

mod benchmarks;
mod capacity;
mod compare;
mod contracts;
mod diagnostics;
mod diff;
mod eligibility;
mod funding;
mod gaps;
mod overlap;
mod report;
mod routes;
mod summary;
mod values;
mod whatif;

use serde::Serialize;

pub use benchmarks::BenchmarkTable;
pub use capacity::Capacity;
pub use compare::Compare;
pub use contracts::Contracts;
pub use diagnostics::Diagnostics;
pub use diff::Diff;
pub use eligibility::Eligibility;
pub use funding::Funding;
pub use gaps::Gaps;
pub use overlap::Overlaps;
pub use report::{Check, Report};
pub use routes::Routes;
pub use summary::Summary;
pub use whatif::WhatIf;

/// The version of the JSON output format, the same for every document type. Raise it when a field
/// goes away or is renamed, when its type, unit or meaning changes, when a closed set of words
/// (gap kinds, statuses, …) gains or loses a value, or when a list's documented order changes; not
/// for a new field or a new document type (docs/json.md, "Versioning").
pub const VERSION: u32 = 2;

/// A document's body: its fields, and the `type` tag it is written under.
pub trait Body: Serialize {
    /// The document's `type`, as listed in docs/json.md.
    const TYPE: &'static str;
}

#[derive(Serialize)]
struct Document<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    version: u32,
    #[serde(flatten)]
    body: &'a T,
}

/// `body`'s fields under its `type` tag and the format version, pretty-printed, ending in a
/// newline.
pub fn document<B: Body>(body: &B) -> String {
    let doc = Document {
        kind: B::TYPE,
        version: VERSION,
        body,
    };
    let mut s =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
