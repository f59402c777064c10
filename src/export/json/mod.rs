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
use serde_json::ser::Formatter;

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
    let mut writer = serde_json::Serializer::with_formatter(&mut out, Safe::default());
    // Keeps the kind of an I/O error (a closed pipe is not a failure).
    doc.serialize(&mut writer).map_err(std::io::Error::from)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// serde_json's pretty layout (a line for each value of an array or object, indented two spaces
/// a level), each line break written with its indent in one go; hidden characters inside strings
/// escaped.
#[derive(Default)]
struct Safe {
    depth: usize,
    has_value: bool,
}

/// A comma, a line break and as many spaces as one write takes; deeper indents take more writes.
const BREAK: &[u8] = b",\n                                                                ";

/// A line break (after a comma, or not) indented for `depth`.
fn line_break<W: ?Sized + std::io::Write>(
    w: &mut W,
    comma: bool,
    depth: usize,
) -> std::io::Result<()> {
    let room = BREAK.len() - 2;
    let mut spaces = 2 * depth;
    let first = spaces.min(room);
    w.write_all(&BREAK[usize::from(!comma)..2 + first])?;
    spaces -= first;
    while spaces > 0 {
        let n = spaces.min(room);
        w.write_all(&BREAK[2..2 + n])?;
        spaces -= n;
    }
    Ok(())
}

impl Formatter for Safe {
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
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            line_break(w, false, self.depth)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        line_break(w, !first, self.depth)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            line_break(w, false, self.depth)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        line_break(w, !first, self.depth)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
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

    #[test]
    fn the_layout_is_serde_jsons_pretty_one_at_any_depth() {
        // Arrays and objects, empty and not, nested 40 deep: indents of up to 80 spaces, more
        // than one write of `BREAK` holds. The layout must be the one serde_json's own pretty
        // printer gives, byte for byte.
        let mut value = serde_json::json!({"leaf": [], "empty": {}, "n": 1.5, "s": "x"});
        for depth in 0..40 {
            value = if depth % 2 == 0 {
                serde_json::json!([value, [], {}, depth])
            } else {
                serde_json::json!({"inner": value, "depth": depth, "none": []})
            };
        }
        let mut ours = Vec::new();
        let mut writer = serde_json::Serializer::with_formatter(&mut ours, Safe::default());
        value.serialize(&mut writer).expect("written");
        let theirs = serde_json::to_string_pretty(&value).expect("written");
        assert_eq!(String::from_utf8(ours).expect("UTF-8"), theirs);
    }
}
