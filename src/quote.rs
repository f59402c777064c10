//! Ids quoted in the analyses' sentences, and the sentences read back into words and quotes.
//!
//! A sentence quotes an id between backticks (`` `ips` ``), as Markdown writes code. An id that
//! holds backticks itself is quoted between a longer run of them, with a space inside each
//! (``` `` s`1` `` ```), as CommonMark does, so the quote ends where the id does. [`spans`] reads a
//! sentence back: each run of backticks closes at the next run of the same length.

/// `text` quoted for a sentence: between single backticks, or, when it holds backticks, between
/// runs one longer than its longest, a space inside each.
pub fn code(text: &str) -> String {
    let longest = longest_run(text);
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// The longest run of backticks in `text`.
pub fn longest_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A sentence's pieces: words (`false`) and quoted text (`true`, without its backticks and the
/// spaces [`code`] put inside them), in order. `None` when a run of backticks has no run of the
/// same length after it to close it: the sentence is then words alone, and is best shown as it
/// is written.
pub fn spans(text: &str) -> Option<Vec<(bool, &str)>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let n = rest[open..].len() - rest[open..].trim_start_matches('`').len();
        let after = &rest[open + n..];
        let close = find_run(after, n)?;
        if open > 0 {
            out.push((false, &rest[..open]));
        }
        let inner = &after[..close];
        let padded = inner.len() >= 2 && inner.starts_with(' ') && inner.ends_with(' ');
        let inner = if padded && !inner.trim().is_empty() {
            &inner[1..inner.len() - 1]
        } else {
            inner
        };
        out.push((true, inner));
        rest = &after[close + n..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    Some(out)
}

/// Where the next run of exactly `n` backticks starts in `text`.
fn find_run(text: &str, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'`' {
            i += 1;
        }
        if i - start == n {
            return Some(start);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_quoted_so_that_its_own_backticks_cannot_end_the_quote() {
        assert_eq!(code("ips"), "`ips`");
        assert_eq!(code("s`1`"), "`` s`1` ``");
        assert_eq!(code("a``b"), "``` a``b ```");
    }

    #[test]
    fn a_sentence_reads_back_into_words_and_the_ids_it_quoted() {
        for id in ["ips", "s`1`", "co`h", "a``b", "`"] {
            let sentence = format!("add {} to it", code(id));
            assert_eq!(
                spans(&sentence),
                Some(vec![(false, "add "), (true, id), (false, " to it")]),
                "{sentence}"
            );
        }
        assert_eq!(spans("no quotes"), Some(vec![(false, "no quotes")]));
    }

    #[test]
    fn a_backtick_that_nothing_closes_leaves_the_sentence_as_words() {
        assert_eq!(spans("Svc `one serves `ips`"), None);
        assert_eq!(spans("id `x`y` here"), None);
    }
}
