//! Writers that escape everything written through them, one per format, so that no text from a
//! map can break a document: `write!(w, "{}", service.name)` is escaped; markup the exporter
//! means goes through [`Escaping::raw`].

use std::fmt;
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
                c if c.is_control() => {}
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

/// HTML text and attribute values (quoted with `"`).
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
                c if c.is_control() && c != '\n' && c != '\t' => {}
                c if xml_cannot_hold(c) => {}
                c => out.push(c),
            }
        }
    }
}

/// The inside of a DOT double-quoted string (an id or a label): `"` and `\` are escaped, line
/// breaks become `\n` (a centred line break in a label). Non-ASCII letters pass through: DOT
/// files are UTF-8.
pub struct Dot;

impl Escape for Dot {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => {}
                c if c.is_control() || xml_cannot_hold(c) => {}
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
    fn the_noncharacters_xml_cannot_hold_are_left_out_of_html_and_dot() {
        assert_eq!(escaped::<Html>("Prov\u{FFFE}x\u{FFFF}"), "Provx");
        assert_eq!(escaped::<Dot>("Prov\u{FFFE}x\u{FFFF}"), "Provx");
        // The last character before them stays.
        assert_eq!(escaped::<Dot>("\u{FFFD}"), "\u{FFFD}");
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
