//! The values a generated map is made of, as they will be written: words and text, whole
//! numbers, exact decimals, dates, lists and mappings in the order given. Conditions, attributes
//! and needs are built from these; [`super::yaml`] writes them. Nothing here knows YAML.

use crate::date::Date;

/// One value of a generated map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    /// A word or a piece of text.
    Text(String),
    /// A whole number.
    Int(u64),
    /// An exact decimal: `Dec { units: 15, places: 2 }` is 0.15.
    Dec { units: u64, places: u32 },
    /// A day.
    Date(Date),
    /// `true`.
    True,
    /// A list.
    List(Vec<Value>),
    /// A mapping, its keys in the order given.
    Map(Vec<(String, Value)>),
}

/// A word.
pub(super) fn word(w: &str) -> Value {
    Value::Text(w.to_owned())
}

/// A list of words.
pub(super) fn words(ws: &[&str]) -> Value {
    Value::List(ws.iter().map(|w| word(w)).collect())
}

/// A range `{ min, max }`.
pub(super) fn range(min: u64, max: u64) -> Value {
    map(vec![("min", Value::Int(min)), ("max", Value::Int(max))])
}

/// A mapping from `(key, value)` pairs, in order.
pub(super) fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// The condition `{ rule: id }`.
pub(super) fn rule(id: &str) -> Value {
    map(vec![("rule", word(id))])
}

/// The condition `{ all: [...] }`.
pub(super) fn all(conditions: Vec<Value>) -> Value {
    map(vec![("all", Value::List(conditions))])
}

/// The condition `{ any: [...] }`.
pub(super) fn any(conditions: Vec<Value>) -> Value {
    map(vec![("any", Value::List(conditions))])
}

/// The condition `{ not: ... }`.
pub(super) fn not(condition: Value) -> Value {
    map(vec![("not", condition)])
}

/// A share in hundredths: `share(15)` is 0.15.
pub(super) fn share(hundredths: u64) -> Value {
    Value::Dec {
        units: hundredths,
        places: 2,
    }
}

/// The rules a condition names through `rule:`, in order, nested ones included.
pub(super) fn rule_refs(condition: &Value, out: &mut Vec<String>) {
    let Value::Map(entries) = condition else {
        return;
    };
    for (k, v) in entries {
        match (k.as_str(), v) {
            ("rule", Value::Text(id)) => out.push(id.clone()),
            ("all" | "any", Value::List(items)) => items.iter().for_each(|c| rule_refs(c, out)),
            ("not", c) => rule_refs(c, out),
            _ => {}
        }
    }
}
