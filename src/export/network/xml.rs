//! An XML writer that escapes every text and attribute value written through it, for the GraphML
//! and GEXF exporters. Element and attribute *names* are `&'static str`s of this crate, never map
//! text, so nothing from a map can open or close an element.
//!
//! Text is XML 1.0: `&`, `<`, `>` (and in attribute values `"` and `'`) become entities; line
//! breaks, tabs and carriage returns inside attribute values become character references so an XML
//! parser gives them back instead of folding them into spaces; the few characters XML 1.0 cannot
//! hold at all (other C0 controls, U+FFFE, U+FFFF) are written as their escapes (`\u{7}`). It must not write anything but
//! well-formed XML, indented two spaces a level, the same bytes for the same calls.

use crate::export::escape::{Escape, escaped};

/// Whether XML 1.0 can hold `c` at all (its `Char` production).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A character XML cannot hold, written as its escape (`\u{7}`) rather than dropped: two ids
/// that differ only by one stay two nodes.
fn shown(c: char, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Character data between tags.
pub struct XmlText;

impl Escape for XmlText {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                c if !allowed(c) => shown(c, out),
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                // A parser turns a raw CR (or CR LF) into LF: a reference keeps it.
                '\r' => out.push_str("&#13;"),
                c => out.push(c),
            }
        }
    }
}

/// An attribute value, quoted with `"`.
pub struct XmlAttr;

impl Escape for XmlAttr {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                c if !allowed(c) => shown(c, out),
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                // A parser folds raw whitespace in attribute values into spaces; references keep it.
                '\n' => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                '\t' => out.push_str("&#9;"),
                c => out.push(c),
            }
        }
    }
}

/// Builds an XML document element by element.
#[derive(Debug)]
pub struct XmlWriter {
    out: String,
    open: Vec<&'static str>,
}

impl Default for XmlWriter {
    fn default() -> Self {
        XmlWriter::new()
    }
}

impl XmlWriter {
    /// A document that starts with the XML declaration (UTF-8).
    pub fn new() -> XmlWriter {
        XmlWriter {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            open: Vec::new(),
        }
    }

    fn start_tag(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escaped::<XmlAttr>(value));
            self.out.push('"');
        }
    }

    /// Opens an element whose children follow; close it with [`XmlWriter::close`].
    pub fn open(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.open.push(name);
        self
    }

    /// An element with no content: `<key … />`.
    pub fn empty(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
        self
    }

    /// An element holding text only: `<data key="…">text</data>`.
    pub fn text(
        &mut self,
        name: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.start_tag(name, attrs);
        self.out.push('>');
        self.out.push_str(&escaped::<XmlText>(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
        self
    }

    /// Closes the element opened last.
    pub fn close(&mut self) -> &mut Self {
        if let Some(name) = self.open.pop() {
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
        self
    }

    /// The document, every element still open closed.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut w = XmlWriter::new();
        w.open("a", &[("name", "say \"hi\" & <go>\nnext 'x'")]);
        w.text("b", &[], "1 < 2 & 3 > 2\r\n\u{1}end");
        let xml = w.finish();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <a name=\"say &quot;hi&quot; &amp; &lt;go&gt;&#10;next &apos;x&apos;\">\n\
             \x20\x20<b>1 &lt; 2 &amp; 3 &gt; 2&#13;\n\\u{1}end</b>\n\
             </a>\n"
        );
    }

    #[test]
    fn characters_xml_cannot_hold_are_written_as_escapes() {
        // Never dropped: `a\u{1}` and `a` stay two ids.
        assert_eq!(
            escaped::<XmlText>("a\u{0}b\u{1b}c\u{FFFE}d"),
            "a\\u{0}b\\u{1b}c\\u{fffe}d"
        );
        assert_eq!(escaped::<XmlAttr>("tab\there"), "tab&#9;here");
    }
}
