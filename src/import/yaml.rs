//! Text written into a map by an import, escaped for YAML: every value goes through [`scalar`],
//! every comment through [`comment`], so a name or an id from a file cannot break the map's
//! structure, start a new key or end a comment early. A new funding line is written here, as a
//! block or a flow mapping, and as the value the map will read back from it.

use serde_json::Value;

use crate::import::lines::NewLine;

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

fn amount_text(m: crate::money::Money) -> String {
    if m.0 % 100 == 0 {
        (m.0 / 100).to_string()
    } else {
        format!("{}.{:02}", m.0 / 100, (m.0 % 100).abs())
    }
}

fn contract_text(l: &NewLine) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(s) = l.contract.start {
        parts.push(format!("start: {s}"));
    }
    if let Some(e) = l.contract.end {
        parts.push(format!("end: {e}"));
    }
    (!parts.is_empty()).then(|| format!("{{ {} }}", parts.join(", ")))
}

/// The keys of a new line in the order written: `from`, `amount` or `status`, `contract`, `source`.
fn keys(l: &NewLine) -> Vec<(&'static str, String)> {
    let mut k = vec![("from", scalar(l.from.as_str()))];
    if let Some(a) = l.amount {
        k.push(("amount", amount_text(a)));
    }
    if l.planned {
        k.push(("status", "planned".to_owned()));
    }
    if let Some(c) = contract_text(l) {
        k.push(("contract", c));
    }
    k.push(("source", scalar(&l.source)));
    k
}

/// A new line as a block mapping item: its comment, `- ` at `dash`, keys at `dash + key_col`.
pub fn block_item(l: &NewLine, dash: usize, key_col: usize, eol: &str) -> String {
    let mut t = format!("{}# {}{eol}", " ".repeat(dash), comment(&l.comment));
    for (i, (k, v)) in keys(l).into_iter().enumerate() {
        let lead = if i == 0 {
            format!("{}-{}", " ".repeat(dash), " ".repeat(key_col - 1))
        } else {
            " ".repeat(dash + key_col)
        };
        t.push_str(&format!("{lead}{k}: {v}{eol}"));
    }
    t
}

/// A new line as a flow mapping: `{ from: icb, amount: 1000, … }`.
pub fn flow_item(l: &NewLine) -> String {
    let parts: Vec<String> = keys(l)
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A new line as the map will read it, for the read-back check.
pub fn line_value(l: &NewLine) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("from".into(), Value::String(l.from.0.clone()));
    if let Some(a) = l.amount {
        let v = if a.0 % 100 == 0 {
            Value::from(a.0 / 100)
        } else {
            Value::from(a.0 as f64 / 100.0)
        };
        m.insert("amount".into(), v);
    }
    if l.planned {
        m.insert("status".into(), Value::from("planned"));
    }
    if l.contract.start.is_some() || l.contract.end.is_some() {
        let mut c = serde_json::Map::new();
        if let Some(s) = l.contract.start {
            c.insert("start".into(), Value::String(s.to_string()));
        }
        if let Some(e) = l.contract.end {
            c.insert("end".into(), Value::String(e.to_string()));
        }
        m.insert("contract".into(), Value::Object(c));
    }
    m.insert("source".into(), Value::String(l.source.clone()));
    Value::Object(m)
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
