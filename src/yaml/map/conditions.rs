//! Conditions and attribute values as YAML: a condition as the keys of a mapping where its terms
//! allow, else under `all:`, so that it reads back as the same condition.

use indexmap::IndexMap;

use super::{F, N, tag, text_field};
use crate::model::{AttrValue, Condition};
use crate::yaml::map::Entry;
use crate::yaml::{Field, Item, Node, number};

/// A condition as the keys of a mapping: one key per term where the terms' keys differ, else
/// `all:` with a list. A single term is its own key; an empty condition has no keys. Top-level
/// attribute terms are tagged `PATH.NAME`; everything nested is tagged `PATH`.
pub fn condition_fields(c: &Condition, e: &Entry, path: &str) -> Vec<F> {
    match c {
        Condition::All(terms) if terms.len() != 1 && distinct_keys(terms) => terms
            .iter()
            .flat_map(|t| condition_fields(t, e, path))
            .collect(),
        Condition::All(terms) => vec![list_of_conditions("all", terms, e, path)],
        Condition::Any(terms) => vec![list_of_conditions("any", terms, e, path)],
        Condition::Not(inner) => {
            vec![F::new("not", condition_node(inner, e, path)).tagged((e.clone(), path.to_owned()))]
        }
        Condition::Rule(id) => {
            vec![text_field(e, "rule", id.as_str()).tagged((e.clone(), path.to_owned()))]
        }
        Condition::Attribute { name, value } => vec![
            F::new(
                name.as_str(),
                attr_node(value, e, &format!("{path}.{name}")),
            )
            .tagged((e.clone(), format!("{path}.{name}"))),
        ],
    }
}

/// A condition as a mapping node.
pub fn condition_node(c: &Condition, e: &Entry, path: &str) -> N {
    Node::Map(condition_fields(c, e, path))
}

fn list_of_conditions(key: &str, terms: &[Condition], e: &Entry, path: &str) -> F {
    let items = terms
        .iter()
        .map(|t| Item::new(condition_node(t, e, path)))
        .collect();
    F::new(key, Node::Seq(items)).tagged((e.clone(), path.to_owned()))
}

/// The key a term is written under: its attribute's name, or `all`, `any`, `not`, `rule`.
fn term_key(t: &Condition) -> &str {
    match t {
        Condition::Attribute { name, .. } => name,
        Condition::All(_) => "all",
        Condition::Any(_) => "any",
        Condition::Not(_) => "not",
        Condition::Rule(_) => "rule",
    }
}

/// Whether `terms` can be the keys of one mapping: no key twice, and no nested `all` with other
/// than one term (it would be flattened into the mapping, or lose its list).
fn distinct_keys(terms: &[Condition]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    terms.iter().all(|t| {
        let flat = matches!(t, Condition::All(inner) if inner.len() != 1);
        !flat && seen.insert(term_key(t))
    })
}

/// An attribute's value: a word, a list of words, a number, or a range.
pub fn attr_node(v: &AttrValue, e: &Entry, path: &str) -> N {
    match v {
        AttrValue::Words(w) if w.len() == 1 => Node::text(&w[0]),
        AttrValue::Words(w) => Node::texts(w.iter().map(String::as_str), tag(e, path)),
        AttrValue::Number(n) => Node::Scalar(number(*n)),
        AttrValue::Range { min, max } => Node::Map(
            [("min", min), ("max", max)]
                .into_iter()
                .filter_map(|(k, b)| b.map(|b| F::new(k, Node::Scalar(number(b)))))
                .collect(),
        ),
    }
}

/// A cohort's `attributes` or `after_start`: attribute name → value, each tagged `KEY.NAME`.
pub(super) fn attributes_field(key: &str, attrs: &IndexMap<String, AttrValue>, e: &Entry) -> F {
    let fields = attrs
        .iter()
        .map(|(name, v)| {
            let path = format!("{key}.{name}");
            Field {
                key_tag: tag(e, &path),
                ..F::new(name.as_str(), attr_node(v, e, &path)).tagged((e.clone(), path.clone()))
            }
        })
        .collect();
    F::new(key, Node::Map(fields))
}
