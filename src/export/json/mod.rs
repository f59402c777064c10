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
use serde_json::ser::{Formatter, PrettyFormatter};

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
    let mut out = Vec::new();
    match write_document(body, &mut out) {
        // The writer only emits UTF-8 (JSON text of Rust strings).
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// Writes [`document`] to `out` as it is made, never holding it whole. The characters JSON
/// leaves raw that would act on a terminal (DEL, C1 controls, the marks that reorder text) are
/// written as `\uXXXX` escapes: the same JSON, safe to print.
pub fn write_document<B: Body, W: std::io::Write>(body: &B, out: W) -> std::io::Result<()> {
    let doc = Document {
        kind: B::TYPE,
        version: VERSION,
        body,
    };
    // The serializer's many small writes (a quote, a comma, an indent) go to a buffer of its
    // own type, not through `out`, which may be a writer known only at run time.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut writer = serde_json::Serializer::with_formatter(&mut out, Safe(PrettyFormatter::new()));
    // Keeps the kind of an I/O error (a closed pipe is not a failure).
    doc.serialize(&mut writer).map_err(std::io::Error::from)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// serde_json's pretty layout, with hidden characters inside strings escaped.
struct Safe<'a>(PrettyFormatter<'a>);

impl Formatter for Safe<'_> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Printable ASCII, nearly every fragment, hides nothing: written as it is.
        if fragment.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return w.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some((at, c)) = rest
            .char_indices()
            .find(|&(_, c)| crate::visible::hidden(c))
        {
            w.write_all(&rest.as_bytes()[..at])?;
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Probe {
        name: &'static str,
    }

    impl Body for Probe {
        const TYPE: &'static str = "probe";
    }

    #[test]
    fn hidden_characters_are_escaped_as_the_document_is_written() {
        // A line break is escaped by JSON itself; DEL, the C1 control U+009B and the right-to-left
        // override U+202E are not, and would act on a terminal: each becomes a \u escape, and the
        // text around them is kept.
        let doc = document(&Probe {
            name: "a\nb\u{7f}c\u{9b}d\u{202e}e",
        });
        assert_eq!(
            doc,
            format!(
                "{{\n  \"type\": \"probe\",\n  \"version\": {VERSION},\n  \"name\": \"a\\nb\\u007fc\\u009bd\\u202ee\"\n}}\n"
            )
        );
        let back: serde_json::Value = serde_json::from_str(&doc).expect("valid JSON");
        assert_eq!(back["name"], "a\nb\u{7f}c\u{9b}d\u{202e}e");
    }
}
