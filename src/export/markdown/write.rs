//! The Markdown writer of the exporters: [`Doc`], escaping every piece of text from a map, and
//! sentences written into it with their ids as code spans.
//!
//! Analyses quote ids with backticks in their sentences (`` `ips` ``); [`prose`] turns those into
//! code spans and escapes everything else.

use crate::export::escape::{Escaping, Markdown};
use crate::export::prose::{Piece, Prose};
use crate::money::Money;

/// A Markdown document under construction.
pub type Doc = Escaping<Markdown>;

/// Writes a sentence from an analysis: backtick-quoted parts become code spans (holding no
/// backtick, so they cannot close early), the rest is escaped. Text with an odd number of
/// backticks is escaped whole.
pub fn prose(w: &mut Doc, text: &str) {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        w.text(text);
        return;
    }
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            w.text(part);
        } else {
            w.raw("`").raw(&in_code(part, false)).raw("`");
        }
    }
}

/// Writes [`Prose`]: its words escaped, its ids as code spans (fenced with two backticks where an
/// id holds one).
pub fn write_prose(w: &mut Doc, p: &Prose, cell: bool) {
    for piece in p.pieces() {
        match piece {
            Piece::Text(t) => {
                w.text(t);
            }
            Piece::Id(id) => {
                let code = in_code(id, cell);
                let fence = if code.contains('`') { "`` " } else { "`" };
                let close = if code.contains('`') { " ``" } else { "`" };
                w.raw(fence).raw(&code).raw(close);
            }
        }
    }
}

/// The text of a code span: control characters as spaces, and in a table cell a `|` escaped, as
/// tables require.
fn in_code(text: &str, cell: bool) -> String {
    let mut code = String::new();
    for c in text.chars() {
        match c {
            '|' if cell => code.push_str("\\|"),
            c if c.is_control() => code.push(' '),
            c => code.push(c),
        }
    }
    code
}

/// An id as a code span.
pub(super) fn code(w: &mut Doc, id: &str) {
    prose(w, &format!("`{}`", id.replace('`', "'")));
}

pub(super) fn money(m: Money, currency: &str) -> String {
    m.display(currency).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl Fn(&mut Doc)) -> String {
        let mut w = Doc::new();
        f(&mut w);
        w.finish()
    }

    #[test]
    fn prose_makes_quoted_ids_code_and_escapes_the_rest() {
        assert_eq!(
            written(|w| prose(w, "add `eip_team` to *ips*")),
            "add `eip_team` to \\*ips\\*"
        );
        // Inside a code span nothing is escaped, and HTML there renders as text.
        assert_eq!(
            written(|w| prose(w, "`<b>` & <b>")),
            "`<b>` &amp; &lt;b&gt;"
        );
    }

    #[test]
    fn an_odd_backtick_makes_the_whole_text_plain() {
        assert_eq!(
            written(|w| prose(w, "id `x`y` here")),
            "id \\`x\\`y\\` here"
        );
    }

    #[test]
    fn in_a_table_cell_a_bar_in_code_is_escaped() {
        let p = Prose::id("a|b").and(" | c");
        assert_eq!(written(|w| write_prose(w, &p, true)), "`a\\|b` \\| c");
        assert_eq!(written(|w| prose(w, "`a|b`")), "`a|b`");
    }

    #[test]
    fn line_breaks_stay_on_the_line() {
        assert_eq!(written(|w| prose(w, "`a\nb` c\nd")), "`a b` c d");
    }
}
