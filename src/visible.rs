//! Text from a map on its way to a terminal: control characters and the characters that reorder or
//! break lines are shown as escapes (`\u{1b}`), so a name cannot retitle the terminal, colour it,
//! move its cursor or hide text. JSON gets the same characters as JSON escapes (`\u001b`), so it
//! stays the same JSON. Nothing here prints.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal as it is: C0 and C1 control characters and DEL, and the
/// invisible marks that reorder text (bidirectional controls) or break lines.
pub(crate) fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// `s` with every hidden character shown as `\u{…}`, line breaks and tabs kept: for whole outputs
/// (text, Markdown) and source lines.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, |c| hidden(c) && c != '\n' && c != '\t')
}

/// `s` on one line: as [`visible`], and line breaks and tabs shown as `\n`, `\r`, `\t` too, for a
/// message, a label or a file name.
pub fn visible_inline(s: &str) -> Cow<'_, str> {
    escape(s, hidden)
}

fn escape(s: &str, hide: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&hide) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !hide(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// JSON text with the hidden characters JSON itself leaves raw (DEL, C1 controls, the marks that
/// reorder text) written as `\uXXXX` escapes: the same document, safe on a terminal. Outside
/// strings JSON is ASCII, so only strings change.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(hidden) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if hidden(c) && !c.is_ascii_whitespace() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most `max` characters of `s`, with `…` where the rest was cut.
pub fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    if s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let keep: String = s.chars().take(max.saturating_sub(1)).collect();
    Cow::Owned(keep + "…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_sent() {
        assert_eq!(
            visible("a\u{1b}]0;x\u{7}b\n\tc"),
            "a\\u{1b}]0;x\\u{7}b\n\tc"
        );
        assert_eq!(
            visible_inline("a\nb\u{9b}c\u{202e}"),
            "a\\nb\\u{9b}c\\u{202e}"
        );
        assert!(matches!(visible("plain, Łódź"), Cow::Borrowed(_)));
        assert_eq!(
            json_safe("{\"a\": \"x\u{9b}\u{7f}\"}\n"),
            "{\"a\": \"x\\u009b\\u007f\"}\n"
        );
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
