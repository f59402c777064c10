//! Writers that escape everything written through them, one per format, so that no text from a
//! map can break a document: `write!(w, "{}", service.name)` is escaped; markup the exporter
//! means goes through [`Escaping::raw`].

use std::fmt::{self, Write as _};
use std::marker::PhantomData;

/// How one output format escapes text.
pub trait Escape {
    /// Appends `text` to `out`, escaped for the format.
    fn escape(text: &str, out: &mut String);
}

/// A `fmt::Write` that escapes for `E` everything written through it.
pub struct Escaping<E: Escape> {
    out: String,
    format: PhantomData<E>,
}

impl<E: Escape> Default for Escaping<E> {
    fn default() -> Self {
        Escaping {
            out: String::new(),
            format: PhantomData,
        }
    }
}

impl<E: Escape> Escaping<E> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends markup as it is: only for text the exporter wrote, never for text from a map.
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Appends text from a map, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        E::escape(text, &mut self.out);
        self
    }

    /// The document written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

impl<E: Escape> fmt::Write for Escaping<E> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        E::escape(s, &mut self.out);
        Ok(())
    }
}

/// Escapes `text` for `E` into a new string.
pub fn escaped<E: Escape>(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    E::escape(text, &mut out);
    out
}

/// CommonMark (GitHub-flavoured) text, safe in paragraphs, list items and table cells: the
/// characters that make inline markup (emphasis, code, links, strike-through, table cells) are
/// backslash-escaped, line breaks become spaces so a cell or item stays on its line, and `<`, `>`
/// and `&` become entities, so raw HTML in a name renders as text. Map text is never written at
/// the start of a line, so block markers (`-`, `1.`) need no escape.
pub struct Markdown;

impl Escape for Markdown {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\n' | '\r' => out.push(' '),
                '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                // Other control characters stay, for the output's last pass to show as escapes
                // (`\u{7}`), as every other piece of Markdown shows them: never dropped, so two
                // ids that differ only by one never read as the same.
                c => out.push(c),
            }
        }
    }
}

/// Whether `c` is one of the two noncharacters XML cannot hold (U+FFFE, U+FFFF): left out of
/// HTML, and of DOT, whose pictures Graphviz writes as SVG (XML).
fn xml_cannot_hold(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// HTML text and attribute values (quoted with `"`). The characters that hide, reorder or break
/// text (control characters, the bidirectional controls, U+2028 and U+2029) are shown as their
/// escapes (`\u{202e}`), as every other output shows them: raw, a right-to-left override in an
/// area's name would turn round the figures the page writes after it, and one dropped would make
/// two names that differ by it read as one.
pub struct Html;

impl Escape for Html {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\n' | '\t' => out.push(c),
                c if xml_cannot_hold(c) => {}
                c if crate::visible::hidden(c) => {
                    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
                }
                c => out.push(c),
            }
        }
    }
}

/// The inside of a DOT double-quoted string (an id or a label): `"` and `\` are escaped, line
/// breaks become `\n` (a centred line break in a label), and `&` becomes `&amp;` (Graphviz reads
/// entities in labels: `&lt;` in a name would otherwise be drawn as `<`). The characters that
/// hide or reorder text are written as their escapes (`\u{7}`), never dropped, so two ids that
/// differ only by one stay two nodes. Non-ASCII letters pass through: DOT files are UTF-8.
pub struct Dot;

impl Escape for Dot {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '&' => out.push_str("&amp;"),
                '\r' => {}
                c if xml_cannot_hold(c) => {}
                c if crate::visible::hidden(c) => {
                    let _ = write!(out, "\\\\u{{{:x}}}", u32::from(c));
                }
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;

    #[test]
    fn markdown_neutralises_markup() {
        assert_eq!(
            escaped::<Markdown>("a|b *c* <script>"),
            "a\\|b \\*c\\* &lt;script&gt;"
        );
        assert_eq!(
            escaped::<Markdown>("[x](http://e) mind-employment"),
            "\\[x\\](http://e) mind-employment"
        );
        assert_eq!(escaped::<Markdown>("two\nlines"), "two lines");
    }

    #[test]
    fn html_escapes_text_and_attributes() {
        assert_eq!(
            escaped::<Html>("<img src=x onerror=\"a\">&'"),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn html_shows_the_characters_that_hide_or_reorder_text() {
        // A right-to-left override, a line separator and a bell, each written as its escape:
        // U+202E is 202e, U+2028 is 2028, the bell is 7. Line breaks and tabs stay.
        assert_eq!(
            escaped::<Html>("Ctl \u{202E} rtl \u{2028} ls \u{7}\n\t"),
            "Ctl \\u{202e} rtl \\u{2028} ls \\u{7}\n\t"
        );
        assert_ne!(escaped::<Html>("a\u{7}"), escaped::<Html>("a"));
    }

    #[test]
    fn the_noncharacters_xml_cannot_hold_are_left_out_of_html_and_dot() {
        assert_eq!(escaped::<Html>("Prov\u{FFFE}x\u{FFFF}"), "Provx");
        assert_eq!(escaped::<Dot>("Prov\u{FFFE}x\u{FFFF}"), "Provx");
        // The last character before them stays.
        assert_eq!(escaped::<Dot>("\u{FFFD}"), "\u{FFFD}");
    }

    #[test]
    fn dot_writes_ampersands_as_entities_and_hidden_characters_as_escapes() {
        // Graphviz would draw `&lt;` as `<`: the `&` is written `&amp;`, drawn as `&`.
        assert_eq!(escaped::<Dot>("A &lt; B & C"), "A &amp;lt; B &amp; C");
        // A bell and a right-to-left override, shown (`\\` is one backslash to Graphviz).
        assert_eq!(escaped::<Dot>("a\u{7}"), "a\\\\u{7}");
        assert_eq!(escaped::<Dot>("b\u{202e}c"), "b\\\\u{202e}c");
        assert_ne!(escaped::<Dot>("a\u{7}"), escaped::<Dot>("a"));
    }

    #[test]
    fn markdown_keeps_control_characters_for_the_last_pass_to_show() {
        assert_eq!(escaped::<Markdown>("co\u{1}ctl"), "co\u{1}ctl");
    }

    #[test]
    fn dot_keeps_quotes_backslashes_and_letters() {
        assert_eq!(
            escaped::<Dot>("say \"hi\" \\ ok\nnext Zoë"),
            "say \\\"hi\\\" \\\\ ok\\nnext Zoë"
        );
    }

    #[test]
    fn writer_escapes_what_is_written_through_it() {
        let mut w = Escaping::<Html>::new();
        w.raw("<td>");
        let _ = w.write_str("<b>");
        w.raw("</td>");
        assert_eq!(w.finish(), "<td>&lt;b&gt;</td>");
    }
}
