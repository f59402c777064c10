//! Text written into a map by an import, escaped for YAML: every value goes through [`scalar`],
//! every comment through [`comment`], so a name or an id from a file cannot break the map's
//! structure, start a new key or end a comment early.

/// Words YAML 1.1 or 1.2 reads as something other than text when written plain.
const SPECIAL_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan", ".inf", "-.inf",
];

/// `text` as a YAML scalar: plain where that reads back as the same text, double-quoted (with
/// escapes) otherwise.
pub fn scalar(text: &str) -> String {
    if is_plain(text) {
        text.to_owned()
    } else {
        quoted(text)
    }
}

/// Whether `text` reads back as itself when written plain, in a block or a flow collection.
fn is_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let safe_char =
        |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '(' | ')' | '+');
    first.is_alphanumeric()
        && !text.ends_with(' ')
        && text.chars().all(safe_char)
        && !SPECIAL_WORDS.contains(&text.to_lowercase().as_str())
        // Numbers and dates would be read as such, not as text.
        && !text.starts_with(|c: char| c.is_ascii_digit())
}

/// `text` double-quoted, with `"`, `\` and control characters escaped.
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
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as the body of a `#` comment: one line, control characters as spaces.
pub fn comment(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one_line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_where_it_reads_back() {
        assert_eq!(scalar("icb"), "icb");
        assert_eq!(
            scalar("360Giving grant 360G-abc-1"),
            "\"360Giving grant 360G-abc-1\""
        );
        assert_eq!(
            scalar("OCDS ocds-b5fd17-0001 award 1"),
            "OCDS ocds-b5fd17-0001 award 1"
        );
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("x # y"), "\"x # y\"");
        assert_eq!(scalar("-x"), "\"-x\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("say \"hi\"\n\\"), "\"say \\\"hi\\\"\\n\\\\\"");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("a\nb:  c\u{7}"), "a b: c");
    }
}
