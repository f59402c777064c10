//! A small YAML writer for generated maps, in the layout of the hand-written ones: block mappings
//! for entities, flow style (`{ min: 16, max: 24 }`, `[gp, cmht]`) for conditions, attributes and
//! lists. Every scalar goes through the YAML writer's [`scalar`] (or, outside a flow collection,
//! [`block_scalar`]), which writes it plain only when YAML cannot read it as anything else, and
//! quotes and escapes it otherwise, so no name can break the file. It writes YAML only; what to
//! write is [`super::build`]'s business.

use super::value::Value;
use crate::yaml::{block_scalar, scalar};

/// An exact decimal as written: `units` with `places` decimal places, trailing zeros dropped but
/// one (`15, 2` is `0.15`; `30, 1` is `3.0`).
fn decimal(units: u64, places: u32) -> String {
    let places = places as usize;
    let digits = format!("{units:0>width$}", width = places + 1);
    let (whole, fraction) = digits.split_at(digits.len() - places);
    let fraction = fraction.trim_end_matches('0');
    format!(
        "{whole}.{}",
        if fraction.is_empty() { "0" } else { fraction }
    )
}

/// A value on one line: a scalar, or a collection in flow style. `in_flow` says whether it stands
/// inside a flow collection.
fn inline(v: &Value, in_flow: bool) -> String {
    match v {
        Value::Text(t) if in_flow => scalar(t),
        Value::Text(t) => block_scalar(t),
        Value::Int(n) => n.to_string(),
        Value::Dec { units, places } => decimal(*units, *places),
        Value::Date(d) => d.to_string(),
        Value::True => "true".to_owned(),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(|x| inline(x, true)).collect();
            if items.iter().any(|x| matches!(x, Value::Map(_))) {
                format!("[ {} ]", parts.join(", "))
            } else {
                format!("[{}]", parts.join(", "))
            }
        }
        Value::Map(entries) if entries.is_empty() => "{}".to_owned(),
        Value::Map(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, x)| format!("{}: {}", scalar(k), inline(x, true)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

/// A YAML document written line by line, two spaces an indent level.
#[derive(Debug, Default)]
pub(super) struct Yaml {
    out: String,
}

impl Yaml {
    /// A comment line; a line break in `text` starts a new comment line.
    pub(super) fn comment(&mut self, text: &str) {
        for line in text.lines() {
            self.out.push_str("# ");
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// An empty line.
    pub(super) fn blank(&mut self) {
        self.out.push('\n');
    }

    fn start(&mut self, level: usize, dash: bool) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
        if dash {
            self.out.push_str("- ");
        }
    }

    /// `key:` opening a block below it.
    pub(super) fn open(&mut self, level: usize, key: &str) {
        self.start(level, false);
        self.out.push_str(&scalar(key));
        self.out.push_str(":\n");
    }

    /// `key: value` on one line.
    pub(super) fn entry(&mut self, level: usize, key: &str, value: &Value) {
        self.start(level, false);
        self.key_value(key, value);
    }

    /// `- key: value`: the first entry of a mapping in a block list.
    pub(super) fn item_entry(&mut self, level: usize, key: &str, value: &Value) {
        self.start(level, true);
        self.key_value(key, value);
    }

    /// `- value`: an item of a block list, on one line.
    pub(super) fn item(&mut self, level: usize, value: &Value) {
        self.start(level, true);
        self.out.push_str(&inline(value, false));
        self.out.push('\n');
    }

    fn key_value(&mut self, key: &str, value: &Value) {
        self.out.push_str(&scalar(key));
        self.out.push_str(": ");
        self.out.push_str(&inline(value, false));
        self.out.push('\n');
    }

    /// The document.
    pub(super) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::value::{map, range, word, words};

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal(15, 2), "0.15");
        assert_eq!(decimal(10, 2), "0.1");
        assert_eq!(decimal(5, 2), "0.05");
        assert_eq!(decimal(100, 2), "1.0");
        assert_eq!(decimal(25, 1), "2.5");
        assert_eq!(decimal(30, 1), "3.0");
    }

    #[test]
    fn collections_are_written_in_flow_style() {
        assert_eq!(inline(&words(&["gp", "cmht"]), false), "[gp, cmht]");
        assert_eq!(inline(&range(16, 24), false), "{ min: 16, max: 24 }");
        let c = map(vec![(
            "all",
            Value::List(vec![map(vec![("rule", word("x"))])]),
        )]);
        assert_eq!(inline(&c, false), "{ all: [ { rule: x } ] }");
        assert_eq!(inline(&Value::Map(vec![]), false), "{}");
        let mut y = Yaml::default();
        y.open(0, "rules");
        y.entry(1, "name", &word("a: b"));
        y.item_entry(2, "from", &word("icb"));
        y.item(2, &word("yes"));
        assert_eq!(
            y.finish(),
            "rules:\n  name: \"a: b\"\n    - from: icb\n    - \"yes\"\n"
        );
    }

    #[test]
    fn whatever_the_text_it_reads_back_as_written() {
        let texts = [
            "plain",
            "a: b",
            "- x",
            "#c",
            "a #c",
            "yes",
            "No",
            "2025-26",
            "x\ny",
            "\"q\"",
            "back\\slash",
            "tab\there",
            "ünïcode",
            "",
            " lead",
            "trail ",
            "[a]",
            "{b}",
            "a, b",
            "&anchor",
            "*alias",
            "!tag",
            "%dir",
            "@at",
            "`tick",
            "null",
            "~",
            "0x1F",
            "1e3",
            ".inf",
            "'single'",
            "?",
            ":",
            "a\u{85}b",
            "bell\u{7}",
        ];
        let mut y = Yaml::default();
        y.open(0, "one");
        for (i, t) in texts.iter().enumerate() {
            y.entry(1, &format!("k{i}"), &word(t));
        }
        y.entry(0, "all", &words(&texts));
        let text = y.finish();
        #[derive(serde::Deserialize)]
        struct Doc {
            one: indexmap::IndexMap<String, String>,
            all: Vec<String>,
        }
        let doc: Doc = crate::load::from_str(&text).expect("the writer writes YAML");
        let read: Vec<&str> = doc.one.values().map(String::as_str).collect();
        assert_eq!(read, texts);
        assert_eq!(doc.all, texts);
    }
}
