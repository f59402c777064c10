//! YAML, written safely: every scalar goes through [`scalar`], which leaves it plain only when no
//! YAML reader could take it for anything but the same text (a number, `yes`, `null`, an anchor, a
//! comment, a key), and otherwise double-quotes and escapes it. Documents are built as a small
//! tree ([`Node`]) and rendered in block style, with comments above entries, small collections in
//! flow style, and the place of every tagged value recorded ([`Rendered::places`]) so a problem
//! found in the YAML can be traced back to where the value came from.
//!
//! This module knows YAML, not the map format: `map` (the map writer) builds the tree of a map.
//! Reading YAML is `load`'s; writing it lives here, beneath both the importers (which write the
//! maps they make) and the exporters (`ecomap export`).

pub mod map;

use std::fmt::Write as _;
use std::ops::Range;

/// Words that YAML 1.1 or 1.2 readers take for booleans or null, in any case.
const RESERVED_WORDS: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", "infinity",
];

/// Collections rendered on one line at most this long; longer ones are written in block style.
const FLOW_WIDTH: usize = 100;

/// `text` as a YAML scalar: plain where that is unambiguous, else double-quoted with escapes.
///
/// Plain only when it starts with a letter, holds only letters, digits, spaces and `-_.()/'+&`,
/// does not end in a space, and is not a word YAML reads as a boolean or null. So a leading
/// indicator (`-`, `*`, `&`, `!`, `?`, `|`, `>`, `%`, `@`, quotes), `: `, ` #`, flow brackets and
/// commas, numbers in any notation (`0x10`, `1e3`, `.5`) and line breaks are always quoted.
pub fn scalar(text: &str) -> String {
    if is_plain(text, false) {
        text.to_owned()
    } else {
        quoted(text)
    }
}

/// [`scalar`] for a value in block context (not inside `[…]` or `{…}`), where a comma is no
/// indicator: `a, b` stays plain.
pub fn block_scalar(text: &str) -> String {
    if is_plain(text, true) {
        text.to_owned()
    } else {
        quoted(text)
    }
}

fn is_plain(text: &str, in_block: bool) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_alphabetic()
        && chars.all(|c| c.is_alphanumeric() || " -_.()/'+&".contains(c) || (in_block && c == ','))
        && !text.ends_with(' ')
        && !RESERVED_WORDS.contains(&text.to_lowercase().as_str())
}

/// `text` double-quoted: `"` and `\` escaped, line breaks and every character a reader might drop
/// or fold (controls, U+0085, U+2028, U+2029, a byte-order mark), that reorders text unseen (the
/// bidirectional controls), or YAML cannot hold unescaped (the noncharacters U+FFFE and U+FFFF)
/// written as escapes.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if crate::visible::hidden(c) || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as YAML reads it back to the same `f64`: whole numbers as integers, very large or very
/// small ones in exponent form, others in the shortest decimal that round-trips.
pub fn number(v: f64) -> String {
    let magnitude = v.abs();
    if v.fract() == 0.0 && magnitude < 1e15 {
        format!("{}", v as i64)
    } else if !(1e-5..1e15).contains(&magnitude) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Whether `text` of several lines reads back exactly from a literal block (`|-`): no character that
/// would need an escape, no tab, no line ending in a space, no line starting with a space, and no
/// final line break (`|-` drops it).
fn literal_block(text: &str) -> bool {
    text.contains('\n')
        && !text.ends_with('\n')
        && !text
            .chars()
            .any(|c| (crate::visible::hidden(c) && c != '\n') || matches!(c, '\u{85}' | '\u{feff}'))
        && text
            .split('\n')
            .all(|l| !l.starts_with(' ') && !l.ends_with(' '))
}

/// A comment's text on one line: line breaks and other controls become spaces.
pub fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// What a written value is, for tracing it back: a tag chosen by the caller.
pub type Tag<T> = Option<T>;

/// A YAML value to write. Scalars are already in their written form (see [`scalar`]).
#[derive(Debug, Clone)]
pub enum Node<T> {
    Scalar(String),
    /// Text, unescaped: written as a literal block (`|-`) when it has several lines and can be one,
    /// else through [`scalar`].
    Text(String),
    Seq(Vec<Item<T>>),
    /// A mapping, on one line when it is small.
    Map(Vec<Field<T>>),
    /// A mapping always in block style (an entity), unless it is empty.
    Block(Vec<Field<T>>),
}

/// One entry of a mapping.
#[derive(Debug, Clone)]
pub struct Field<T> {
    /// Comment lines written above the entry.
    pub comments: Vec<String>,
    /// The key, unescaped: it goes through [`scalar`] when written.
    pub key: String,
    pub value: Node<T>,
    /// Records where the key is written.
    pub key_tag: Tag<T>,
    /// Records where the value is written.
    pub tag: Tag<T>,
    /// Records where the whole entry (key and value) is written.
    pub whole_tag: Tag<T>,
}

/// One item of a sequence.
#[derive(Debug, Clone)]
pub struct Item<T> {
    pub comments: Vec<String>,
    pub value: Node<T>,
    pub tag: Tag<T>,
}

impl<T> Field<T> {
    /// An entry with no comment and no tag.
    pub fn new(key: impl Into<String>, value: Node<T>) -> Field<T> {
        Field {
            comments: Vec::new(),
            key: key.into(),
            value,
            key_tag: None,
            tag: None,
            whole_tag: None,
        }
    }

    /// The same entry, its value tagged.
    pub fn tagged(mut self, tag: T) -> Field<T> {
        self.tag = Some(tag);
        self
    }
}

impl<T> Item<T> {
    pub fn new(value: Node<T>) -> Item<T> {
        Item {
            comments: Vec::new(),
            value,
            tag: None,
        }
    }
}

impl<T: Clone> Node<T> {
    /// Text: escaped, or a literal block where it has several lines.
    pub fn text(text: &str) -> Node<T> {
        Node::Text(text.to_owned())
    }

    /// A flow list of texts, each escaped, each tagged with `tag`.
    pub fn texts<'a>(texts: impl IntoIterator<Item = &'a str>, tag: Tag<T>) -> Node<T> {
        Node::Seq(
            texts
                .into_iter()
                .map(|t| Item {
                    comments: Vec::new(),
                    value: Node::text(t),
                    tag: tag.clone(),
                })
                .collect(),
        )
    }

    fn has_comments(&self) -> bool {
        match self {
            Node::Scalar(_) | Node::Text(_) => false,
            Node::Seq(items) => items
                .iter()
                .any(|i| !i.comments.is_empty() || i.value.has_comments()),
            Node::Map(fields) | Node::Block(fields) => fields
                .iter()
                .any(|f| !f.comments.is_empty() || f.value.has_comments()),
        }
    }
}

/// A rendered document: its text and where each tagged value is in it.
#[derive(Debug, Clone)]
pub struct Rendered<T> {
    pub text: String,
    pub places: Vec<(Range<usize>, T)>,
}

impl<T> Default for Rendered<T> {
    fn default() -> Self {
        Rendered {
            text: String::new(),
            places: Vec::new(),
        }
    }
}

impl<T: Clone> Rendered<T> {
    /// Appends a comment line at `indent`.
    pub fn comment_line(&mut self, indent: usize, text: &str) {
        self.indent(indent);
        self.text.push_str("# ");
        self.text.push_str(comment(text).trim_end());
        self.text.push('\n');
    }

    /// Appends an empty line.
    pub fn blank_line(&mut self) {
        self.text.push('\n');
    }

    /// Appends a top-level mapping in block style.
    pub fn block(&mut self, fields: &[Field<T>]) {
        self.block_map(fields, 0, false);
    }

    fn indent(&mut self, n: usize) {
        self.text.extend(std::iter::repeat_n(' ', n));
    }

    fn mark(&mut self, tag: &Tag<T>, start: usize) {
        if let Some(t) = tag {
            self.places.push((start..self.text.len(), t.clone()));
        }
    }

    /// Writes `fields` at `indent`; with `inline`, the first entry's indentation is written already
    /// (it follows a sequence item's `- `).
    fn block_map(&mut self, fields: &[Field<T>], indent: usize, inline: bool) {
        for (i, f) in fields.iter().enumerate() {
            let first_inline = inline && i == 0;
            // A comment cannot follow `- ` on its line: `block_seq` wrote the first entry's above it.
            if !first_inline {
                for c in &f.comments {
                    self.comment_line(indent, c);
                }
            }
            if !first_inline {
                self.indent(indent);
            }
            let whole = self.text.len();
            self.text.push_str(&scalar(&f.key));
            self.mark(&f.key_tag, whole);
            self.text.push(':');
            self.value(&f.value, &f.tag, indent);
            if let Some(t) = &f.whole_tag {
                // The entry ends before the line break that closes it.
                let end = self.text.trim_end_matches('\n').len();
                self.places.push((whole..end, t.clone()));
            }
        }
    }

    /// Writes a value after its key's colon (or an item's dash), ending with a line break.
    fn value(&mut self, value: &Node<T>, tag: &Tag<T>, indent: usize) {
        match value {
            Node::Text(t) if literal_block(t) => {
                self.text.push_str(" |-\n");
                let start = self.text.len();
                for line in t.split('\n') {
                    if !line.is_empty() {
                        self.indent(indent + 2);
                        self.text.push_str(line);
                    }
                    self.text.push('\n');
                }
                self.mark_block(tag, start);
            }
            Node::Map(fields) | Node::Block(fields) if !fields.is_empty() && !self.fits(value) => {
                self.text.push('\n');
                let start = self.text.len();
                self.block_map(fields, indent + 2, false);
                self.mark_block(tag, start);
            }
            Node::Seq(items) if !items.is_empty() && !self.fits(value) => {
                self.text.push('\n');
                let start = self.text.len();
                self.block_seq(items, indent + 2);
                self.mark_block(tag, start);
            }
            _ => {
                self.text.push(' ');
                let start = self.text.len();
                self.flow(value);
                self.mark(tag, start);
                self.text.push('\n');
            }
        }
    }

    /// Marks a block collection: from its first character to its last, without the final break.
    fn mark_block(&mut self, tag: &Tag<T>, start: usize) {
        if let Some(t) = tag {
            let end = self.text.trim_end_matches('\n').len();
            self.places.push((start..end.max(start), t.clone()));
        }
    }

    fn block_seq(&mut self, items: &[Item<T>], indent: usize) {
        for item in items {
            for c in &item.comments {
                self.comment_line(indent, c);
            }
            let block = matches!(&item.value, Node::Map(fields) | Node::Block(fields) if !fields.is_empty());
            if let (true, Node::Map(fields) | Node::Block(fields)) = (block, &item.value) {
                for c in &fields[0].comments {
                    self.comment_line(indent, c);
                }
            }
            self.indent(indent);
            self.text.push('-');
            let start = self.text.len() + 1;
            match &item.value {
                Node::Map(fields) | Node::Block(fields) if block => {
                    self.text.push(' ');
                    self.block_map(fields, indent + 2, true);
                    self.mark_block(&item.tag, start);
                }
                other => self.value(other, &item.tag, indent),
            }
        }
    }

    /// Whether `node` is written on one line: no comments inside, no list of mappings (funding
    /// lines, accepted overlaps read better one entry to a line), and short enough.
    fn fits(&self, node: &Node<T>) -> bool {
        let list_of_maps = matches!(node, Node::Seq(items) if items.iter().any(|i| matches!(i.value, Node::Map(_) | Node::Block(_))));
        if matches!(node, Node::Block(_)) || node.has_comments() || list_of_maps {
            return false;
        }
        let mut probe = Rendered::<T>::default();
        probe.flow(node);
        probe.text.len() <= FLOW_WIDTH
    }

    /// Writes `node` in flow style (`{ a: 1 }`, `[a, b]`), recording nested tags.
    pub fn flow(&mut self, node: &Node<T>) {
        match node {
            Node::Scalar(s) => self.text.push_str(s),
            Node::Text(t) => self.text.push_str(&scalar(t)),
            Node::Seq(items) => {
                self.text.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    let start = self.text.len();
                    self.flow(&item.value);
                    self.mark(&item.tag, start);
                }
                self.text.push(']');
            }
            Node::Map(fields) | Node::Block(fields) if fields.is_empty() => {
                self.text.push_str("{}")
            }
            Node::Map(fields) | Node::Block(fields) => {
                self.text.push_str("{ ");
                for (i, f) in fields.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    let whole = self.text.len();
                    self.text.push_str(&scalar(&f.key));
                    self.mark(&f.key_tag, whole);
                    self.text.push_str(": ");
                    let start = self.text.len();
                    self.flow(&f.value);
                    self.mark(&f.tag, start);
                    self.mark(&f.whole_tag, whole);
                }
                self.text.push_str(" }");
            }
        }
    }
}

/// `node` on one line in flow style, without tags.
pub fn flow<T: Clone>(node: &Node<T>) -> String {
    let mut r = Rendered::<T>::default();
    r.flow(node);
    r.text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_block_context_a_comma_stays_plain() {
        assert_eq!(
            block_scalar("GP practice (Ashford 2)"),
            "GP practice (Ashford 2)"
        );
        // A comma ends an item in a flow collection; in a block it is text.
        assert_eq!(block_scalar("a, b"), "a, b");
        assert_eq!(scalar("a, b"), "\"a, b\"");
        // What is quoted anywhere is quoted in a block too.
        assert_eq!(block_scalar(", a"), "\", a\"");
        assert_eq!(block_scalar("note: this"), "\"note: this\"");
        assert_eq!(block_scalar("Off"), "\"Off\"");
        assert_eq!(block_scalar("2025-26"), "\"2025-26\"");
        assert_eq!(block_scalar("trailing "), "\"trailing \"");
    }

    #[test]
    fn the_noncharacters_yaml_cannot_hold_are_written_as_escapes_and_read_back() {
        let text = "Prov\u{FFFE}x\u{FFFF}";
        assert_eq!(scalar(text), "\"Prov\\uFFFEx\\uFFFF\"");
        let back: String = crate::load::from_str(&scalar(text)).expect("reads back");
        assert_eq!(back, text);
    }

    #[test]
    fn hostile_scalars_are_quoted_and_plain_words_stay_plain() {
        assert_eq!(scalar("Riverside Mind"), "Riverside Mind");
        assert_eq!(scalar("ips-primary-care"), "ips-primary-care");
        assert_eq!(scalar("Łódź (north)"), "Łódź (north)");
        for hostile in [
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "# c",
            "- x",
            "* x",
            "&a",
            "!tag",
            "? q",
            "|",
            ">",
            "%x",
            "@x",
            "`x",
            "'x",
            "\"x",
            "{a}",
            "[a]",
            "a, b",
            "yes",
            "No",
            "NULL",
            "on",
            "~",
            "0x10",
            "1e3",
            ".5",
            "12",
            "-1",
            "+1",
            "2024-01-01",
            "12:30",
            "inf",
            "a\nb",
        ] {
            let written = scalar(hostile);
            assert!(
                written.starts_with('"'),
                "{hostile:?} was written {written}"
            );
        }
    }

    #[test]
    fn quoting_escapes_what_a_reader_would_change() {
        assert_eq!(quoted("say \"hi\" \\"), "\"say \\\"hi\\\" \\\\\"");
        assert_eq!(quoted("a\nb\tc\r"), "\"a\\nb\\tc\\r\"");
        assert_eq!(quoted("\u{85}\u{2028}\u{2029}"), "\"\\N\\L\\P\"");
        assert_eq!(quoted("\u{1}\u{7f}\u{feff}"), "\"\\u0001\\u007F\\uFEFF\"");
        assert_eq!(quoted("Zoë"), "\"Zoë\"");
    }

    #[test]
    fn numbers_read_back_as_written() {
        assert_eq!(number(2000.0), "2000");
        assert_eq!(number(0.08), "0.08");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number(1e300), "1e300");
        assert_eq!(number(1.5e-7), "1.5e-7");
    }

    #[test]
    fn blocks_flow_small_collections_and_record_places() {
        let fields: Vec<Field<&str>> = vec![Field {
            comments: vec!["from: a.csv\nrow 2".into()],
            key: "svc: 1".into(),
            value: Node::Block(vec![
                Field::new("name", Node::text("A \"B\"")).tagged("name"),
                Field::new(
                    "stages",
                    Node::texts(["job-search", "in-work"], Some("stages")),
                ),
                Field::new("capacity", Node::Map(vec![])),
            ]),
            key_tag: Some("id"),
            tag: None,
            whole_tag: Some("entity"),
        }];
        let mut r = Rendered::default();
        r.block(&fields);
        assert_eq!(
            r.text,
            "# from: a.csv row 2\n\"svc: 1\":\n  name: \"A \\\"B\\\"\"\n  stages: [job-search, in-work]\n  capacity: {}\n"
        );
        let at = |tag: &str| -> Vec<&str> {
            r.places
                .iter()
                .filter(|(_, t)| *t == tag)
                .map(|(range, _)| &r.text[range.clone()])
                .collect()
        };
        assert_eq!(at("id"), ["\"svc: 1\""]);
        assert_eq!(at("name"), ["\"A \\\"B\\\"\""]);
        assert_eq!(at("stages"), ["job-search", "in-work"]);
        assert!(at("entity")[0].starts_with("\"svc: 1\":") && at("entity")[0].ends_with("{}"));
    }

    #[test]
    fn text_of_several_lines_is_a_literal_block_where_it_reads_back() {
        let mut r = Rendered::<()>::default();
        r.block(&[
            Field::new(
                "notes",
                Node::text("line one\n\nline: three # not a comment"),
            ),
            Field::new("odd", Node::text("trailing \nspace")),
            Field::new("flow", Node::Map(vec![Field::new("x", Node::text("a\nb"))])),
        ]);
        assert_eq!(
            r.text,
            "notes: |-\n  line one\n\n  line: three # not a comment\nodd: \"trailing \\nspace\"\nflow: { x: \"a\\nb\" }\n"
        );
    }

    #[test]
    fn sequences_of_mappings_are_written_in_block_style_with_item_comments() {
        let line = |from: &str| Item {
            comments: vec![format!("from: row {from}")],
            value: Node::<()>::Map(vec![
                Field::new("from", Node::text(from)),
                Field::new("amount", Node::Scalar("10".into())),
            ]),
            tag: None,
        };
        let mut r = Rendered::default();
        r.block(&[Field::new("funding", Node::Seq(vec![line("a"), line("b")]))]);
        assert_eq!(
            r.text,
            "funding:\n  # from: row a\n  - from: a\n    amount: 10\n  # from: row b\n  - from: b\n    amount: 10\n"
        );
    }
}
