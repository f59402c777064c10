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

/// Writes a sentence from an analysis: its quoted parts ([`crate::quote`]) become code spans,
/// fenced so that they cannot close early, the rest is escaped. A sentence with a backtick that
/// nothing closes is escaped whole.
pub fn prose(w: &mut Doc, text: &str) {
    let Some(spans) = crate::quote::spans(text) else {
        w.text(text);
        return;
    };
    for (quoted, part) in spans {
        if quoted {
            code_span(w, &in_code(part, false));
        } else {
            w.text(part);
        }
    }
}

/// `code` as a code span: between single backticks, or runs one longer than its longest, a space
/// inside each.
fn code_span(w: &mut Doc, code: &str) {
    w.raw(&crate::quote::code(code));
}

/// Writes [`Prose`]: its words escaped, its ids as code spans (fenced with two backticks where an
/// id holds one).
pub fn write_prose(w: &mut Doc, p: &Prose, cell: bool) {
    for piece in p.pieces() {
        match piece {
            Piece::Text(t) => {
                w.text(t);
            }
            Piece::Id(id) => code_span(w, &in_code(id, cell)),
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

/// An id as a code span, its own backticks kept.
pub(super) fn code(w: &mut Doc, id: &str) {
    code_span(w, &in_code(id, false));
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
    fn an_id_holding_backticks_is_a_code_span_of_its_own_whole_id() {
        assert_eq!(written(|w| code(w, "co`h")), "`` co`h ``");
        let sentence = format!("missing: wte of service {}", crate::quote::code("s`1`"));
        assert_eq!(
            written(|w| prose(w, &sentence)),
            "missing: wte of service `` s`1` ``"
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
