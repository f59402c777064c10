//! Text written into a map by an import, escaped for YAML: every value goes through the YAML
//! writer's [`scalar`], every comment through [`comment`], so a name or an id from a file cannot break the map's
//! structure, start a new key or end a comment early. A new funding line is written here, as a
//! block or a flow mapping, and as the value the map will read back from it.

use serde_json::Value;

use crate::import::lines::NewLine;
use crate::yaml::scalar;

/// `text` as the body of a `#` comment: one line, control characters as spaces, runs of white
/// space as one.
pub fn comment(text: &str) -> String {
    let one_line = crate::yaml::comment(text);
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
    fn comments_stay_on_one_line() {
        assert_eq!(comment("a\nb:  c\u{7}"), "a b: c");
    }
}
