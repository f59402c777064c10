//! Eligibility, conditions and attributes in a cell: written as the map's YAML flow syntax on
//! one line, and read back through the map's own parser, so a cell means what the map would.

use indexmap::IndexMap;

use super::*;
use crate::model::{AttrValue, Condition, Eligibility};
use crate::raw::{RawCondition, RawTerm, RawValue};

/// A condition in the map's own notation, on one line: `{ any: [{ rule: a }, { care: primary }] }`.
pub fn write_condition(c: &Condition) -> String {
    let e = Entry::Area;
    yaml::flow(&yaml_map::condition_node(c, &e, ""))
}

/// A service's eligibility cell: empty (open to all), a rule id, or a condition in braces.
pub fn write_eligibility(e: &Eligibility) -> String {
    match e {
        Eligibility::Open => String::new(),
        Eligibility::Rule(id) => {
            let id = id.as_str();
            if id.starts_with('{') || needs_quotes(id) {
                format!("\"{}\"", id.replace('"', "\"\""))
            } else {
                id.to_owned()
            }
        }
        Eligibility::Inline(c) => write_condition(c),
    }
}

/// A service's eligibility cell, read back.
pub fn parse_eligibility(cell: &str) -> Result<Eligibility, String> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(Eligibility::Open);
    }
    if t.starts_with('{') {
        return parse_condition(t).map(Eligibility::Inline);
    }
    match parse_list(t)?.as_slice() {
        [one] => Ok(Eligibility::Rule(Id(one.text.clone()))),
        _ => Err(format!(
            "`{t}` is not one rule id: name one rule, or write a condition such as {{ any: [{{ rule: a }}, {{ rule: b }}] }}"
        )),
    }
}

/// A condition written in the map's notation (`{ care: secondary, benefit: [esa, uc] }`). Rule
/// ids are taken as written; validation checks them.
pub fn parse_condition(text: &str) -> Result<Condition, String> {
    let raw: RawCondition = crate::load::from_str(text).map_err(|e| {
        let e = e.to_string();
        let first = e.lines().next().unwrap_or("").to_owned();
        format!("{first}: write a condition as in a map, such as {{ care: secondary }}")
    })?;
    if raw.description.is_some() || raw.notes.is_some() || raw.source.is_some() {
        return Err(
            "`description`, `notes` and `source` have columns of their own, not a place in a condition"
                .into(),
        );
    }
    Ok(condition(&raw))
}

/// Raw → model, as validation converts a condition (a single term is itself; several, `all`).
fn condition(raw: &RawCondition) -> Condition {
    let mut terms: Vec<Condition> = raw
        .terms
        .iter()
        .map(|t| match t {
            RawTerm::Attribute { name, value } => Condition::Attribute {
                name: name.value.clone(),
                value: attr_value(&value.value),
            },
            RawTerm::All { conditions, .. } => {
                Condition::All(conditions.iter().map(|c| condition(&c.value)).collect())
            }
            RawTerm::Any { conditions, .. } => {
                Condition::Any(conditions.iter().map(|c| condition(&c.value)).collect())
            }
            RawTerm::Not { condition: c, .. } => Condition::Not(Box::new(condition(&c.value))),
            RawTerm::Rule { rule, .. } => Condition::Rule(Id(rule.value.clone())),
        })
        .collect();
    if terms.len() == 1 {
        terms.pop().unwrap_or(Condition::All(Vec::new()))
    } else {
        Condition::All(terms)
    }
}

fn attr_value(v: &RawValue) -> AttrValue {
    match v {
        RawValue::Word(w) => AttrValue::Words(vec![w.clone()]),
        RawValue::Words(w) => AttrValue::Words(w.clone()),
        RawValue::Number(n) => AttrValue::Number(*n),
        RawValue::Range { min, max } => AttrValue::Range {
            min: *min,
            max: *max,
        },
    }
}

/// Attributes written as a mapping in the map's notation (`{ care: primary, age: { min: 18 } }`),
/// for a cohort whose attributes cannot be columns.
pub fn parse_attributes(text: &str) -> Result<IndexMap<String, AttrValue>, String> {
    let raw: IndexMap<String, RawValue> = crate::load::from_str(text).map_err(|e| {
        let e = e.to_string();
        let first = e.lines().next().unwrap_or("").to_owned();
        format!("{first}: write attributes as in a map, such as {{ care: primary }}")
    })?;
    Ok(raw
        .iter()
        .map(|(k, v)| (k.clone(), attr_value(v)))
        .collect())
}

/// Attributes as a mapping in the map's notation, on one line.
pub fn write_attributes(attrs: &IndexMap<String, AttrValue>) -> String {
    let e = Entry::Area;
    let node: Node<(Entry, String)> = Node::Map(
        attrs
            .iter()
            .map(|(k, v)| yaml::Field::new(k.as_str(), yaml_map::attr_node(v, &e, "")))
            .collect(),
    );
    yaml::flow(&node)
}
