//! The `benchmarks` document: the benchmark table in force, each value with its source; and the
//! words of the table (evidence levels, who overrode a value) every document writes the same way.

use serde::Serialize;

use super::values::{Edition, Reference};
use super::{Body, values};
use crate::benchmarks::{self as b, Evidence, Kind, OverrideFrom};

/// The benchmark table, its edition and the references of its source codes.
#[derive(Serialize)]
pub struct BenchmarkTable<'a> {
    table: Edition,
    references: Vec<Reference<'a>>,
    entries: Vec<Benchmark<'a>>,
}

impl Body for BenchmarkTable<'_> {
    const TYPE: &'static str = "benchmarks";
}

impl<'a> From<&'a b::Benchmarks> for BenchmarkTable<'a> {
    fn from(t: &'a b::Benchmarks) -> Self {
        BenchmarkTable {
            table: Edition::from(&t.table),
            references: values::each(&t.references),
            entries: values::each(&t.entries),
        }
    }
}

/// One benchmark: the value in force, its unit and source.
#[derive(Serialize)]
pub(super) struct Benchmark<'a> {
    id: &'a str,
    value: f64,
    kind: &'static str,
    unit: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    says: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    /// Whether the built-in value was checked against a copy of its source.
    checked: bool,
    builtin: Option<f64>,
    overridden_by: Option<&'static str>,
}

impl<'a> From<&'a b::Benchmark> for Benchmark<'a> {
    fn from(e: &'a b::Benchmark) -> Self {
        Benchmark {
            id: &e.id,
            value: e.value,
            kind: match e.kind {
                Kind::Share => "share",
                Kind::Positive => "positive",
                Kind::Score => "score",
                Kind::Evidence => "evidence",
            },
            unit: &e.unit,
            source: &e.source,
            says: e.says.as_deref(),
            date: e.date.as_deref(),
            note: e.note.as_deref(),
            checked: e.checked,
            builtin: e.builtin,
            overridden_by: e.overridden_by.map(override_from),
        }
    }
}

/// `map` or `file`.
pub(super) fn override_from(o: OverrideFrom) -> &'static str {
    match o {
        OverrideFrom::Map => "map",
        OverrideFrom::File => "file",
    }
}

/// An evidence level.
pub(super) fn evidence(e: Evidence) -> &'static str {
    match e {
        Evidence::Strong => "strong",
        Evidence::Emerging => "emerging",
        Evidence::Limited => "limited",
        Evidence::Against => "against",
        Evidence::Unknown => "unknown",
        Evidence::NotRated => "not-rated",
    }
}
