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
mod pretty;
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
    pretty::write(&doc, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::digits::figures;
    use serde_json::ser::Formatter;

    /// serde_json's pretty layout (a line for each value of an array or object, indented two
    /// spaces a level) from serde_json's own serializer, with hidden characters inside strings
    /// escaped and fractions as [`figures`] gives them: the plain way to the bytes
    /// [`pretty::write`] writes, kept to check it.
    #[derive(Default)]
    pub(super) struct Safe {
        depth: usize,
        has_value: bool,
    }

    /// A comma, a line break and as many spaces as one write takes; deeper indents take more
    /// writes.
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
        fn write_f64<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            value: f64,
        ) -> std::io::Result<()> {
            serde_json::ser::CompactFormatter.write_f64(w, figures(value))
        }

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

        fn end_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            _: &mut W,
        ) -> std::io::Result<()> {
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

        fn begin_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
        ) -> std::io::Result<()> {
            w.write_all(b": ")
        }

        fn end_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            _: &mut W,
        ) -> std::io::Result<()> {
            self.has_value = true;
            Ok(())
        }
    }

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
    fn fractions_are_written_without_the_round_off_of_binary_arithmetic() {
        // Each pair: a figure as arithmetic leaves it, and as it is written, to 12 significant
        // figures and at most 9 decimal places.
        let cases = [
            (88.80000000000001, "88.8"), // 0.3 × 296, as the sums left it
            (6.209999999999999, "6.21"), // 12 figures: 6.21000000000
            (0.9299999999999999, "0.93"),
            (37277.50751199999, "37277.507512"), // a sum of millionths of a person
            (4.757684000000012, "4.757684"),     // a difference of two such sums
            (0.6470588235294118, "0.647058824"), // 11/17 to 9 places
            (1234567.123456789, "1234567.12346"), // 12 figures, 5 of them after the point
            (0.0000123456789012345, "0.000012346"), // 9 places
            (1e-12, "0.0"),                      // under half a billionth
            (-2.5e-12, "0.0"),                   // never "-0.0"
            (-0.30000000000000004, "-0.3"),
            (209.0, "209.0"),                   // whole: as it is
            (123456789012.5, "123456789012.5"), // over 11 digits before the point: as it is
        ];
        for (value, written) in cases {
            let mut out = Vec::new();
            Safe::default().write_f64(&mut out, value).expect("written");
            assert_eq!(String::from_utf8(out).expect("UTF-8"), written, "{value}");
        }
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
        let theirs = serde_json::to_string_pretty(&value).expect("written");
        let mut reference = Vec::new();
        let mut writer = serde_json::Serializer::with_formatter(&mut reference, Safe::default());
        value.serialize(&mut writer).expect("written");
        assert_eq!(String::from_utf8(reference).expect("UTF-8"), theirs);
        // The writer ends a document with a line break.
        assert_eq!(written(&value), format!("{theirs}\n"));
    }

    /// `value` as [`pretty::write`] writes it.
    fn written<T: Serialize + ?Sized>(value: &T) -> String {
        let mut out = Vec::new();
        pretty::write(value, &mut out).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    /// `value` as serde_json's serializer writes it with [`Safe`], and a line break.
    fn by_reference<T: Serialize + ?Sized>(value: &T) -> String {
        let mut out = Vec::new();
        let mut writer = serde_json::Serializer::with_formatter(&mut out, Safe::default());
        value.serialize(&mut writer).expect("written");
        out.push(b'\n');
        String::from_utf8(out).expect("UTF-8")
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(f64),
        Tuple(u8, Option<i32>),
        Empty(),
        Struct { a: Vec<u8>, b: Option<&'static str> },
        Bare {},
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "kebab-case")]
    enum Tagged {
        First { n: i128 },
        Second,
    }

    #[derive(Serialize)]
    struct Every {
        shapes: Vec<Shape>,
        tagged: Vec<Tagged>,
        truth: bool,
        small: i8,
        large: u128,
        single: f32,
        nan: f64,
        infinite: f32,
        letter: char,
        bytes: serde_bytes_like::Bytes,
        no_bytes: serde_bytes_like::Bytes,
        by_number: std::collections::BTreeMap<i64, ()>,
        by_truth: std::collections::BTreeMap<bool, [u8; 0]>,
        by_fraction: Vec<(f64, u8)>,
        by_letter: std::collections::BTreeMap<char, ((), ())>,
        unit: (),
        empty: Vec<u8>,
        nested: Vec<Vec<Vec<u8>>>,
        #[serde(flatten)]
        flat: std::collections::BTreeMap<&'static str, u8>,
    }

    /// Bytes written through `serialize_bytes` (as serde_json writes them: an array of numbers).
    mod serde_bytes_like {
        pub(super) struct Bytes(pub(super) Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    /// Pairs written as a map whose keys are fractions.
    fn fraction_keys(pairs: &[(f64, u8)]) -> impl Serialize + '_ {
        struct Keys<'a>(&'a [(f64, u8)]);
        impl Serialize for Keys<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        Keys(pairs)
    }

    #[test]
    fn every_kind_of_value_is_written_as_serde_json_writes_it() {
        // Variants of each kind (their names opening an object around the value), a tagged enum,
        // numbers of every width, fractions as `figures` gives them, values JSON has no number
        // for (null), bytes (an array of numbers), map keys that are numbers, truth values and
        // letters (written in quotes), empty arrays and objects, and fields flattened in.
        let every = Every {
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(0.30000000000000004),
                Shape::Tuple(7, None),
                Shape::Empty(),
                Shape::Struct {
                    a: vec![1, 2],
                    b: Some("x\u{202e}y"),
                },
                Shape::Bare {},
            ],
            tagged: vec![Tagged::First { n: -(1 << 100) }, Tagged::Second],
            truth: true,
            small: -5,
            large: u128::MAX,
            single: 1.5,
            nan: f64::NAN,
            infinite: f32::INFINITY,
            letter: '\u{9b}',
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
            no_bytes: serde_bytes_like::Bytes(Vec::new()),
            by_number: [(-3, ()), (4, ())].into_iter().collect(),
            by_truth: [(false, []), (true, [])].into_iter().collect(),
            by_fraction: vec![(0.1, 1)],
            by_letter: [('"', ((), ()))].into_iter().collect(),
            unit: (),
            empty: Vec::new(),
            nested: vec![vec![], vec![vec![]], vec![vec![1]]],
            flat: [("z", 1), ("a", 2)].into_iter().collect(),
        };
        assert_eq!(written(&every), by_reference(&every));
        let keys = [(0.1 + 0.2, 1), (2.0, 2)];
        assert_eq!(
            written(&fraction_keys(&keys)),
            by_reference(&fraction_keys(&keys))
        );
        // A map key JSON cannot hold is refused, as serde_json refuses it.
        let mut out = Vec::new();
        let bad: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert!(pretty::write(&bad, &mut out).is_err());
        let mut out = Vec::new();
        assert!(pretty::write(&fraction_keys(&[(f64::NAN, 1)]), &mut out).is_err());
    }

    #[test]
    fn long_documents_are_written_whole() {
        // More than the writer's buffer holds: the output gets every byte, in order.
        let many: Vec<String> = (0..20_000).map(|i| format!("service-{i}")).collect();
        let text = written(&many);
        assert_eq!(text, by_reference(&many));
        assert!(text.len() > 1 << 17, "{}", text.len());
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_escaped_as_serde_json_with_the_hidden_characters_shown(
            text in "(.|[\\x00-\\x1f\\x7f-\\u{a0}\\u{2000}-\\u{2070}\"\\\\])*",
            key in "\\PC{0,8}",
        ) {
            let map: std::collections::BTreeMap<&str, &str> = [(key.as_str(), text.as_str())].into_iter().collect();
            let ours = written(&map);
            proptest::prop_assert_eq!(&ours, &by_reference(&map));
            let back: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&ours).expect("valid JSON");
            proptest::prop_assert_eq!(back.get(&key).map(String::as_str), Some(text.as_str()));
        }
    }
}
