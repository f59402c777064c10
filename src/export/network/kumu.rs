//! Kumu's import spreadsheets, as two CSV files: `elements.csv` and `connections.csv`, from the
//! map's [`Network`]. Columns follow Kumu's import guide: an element sheet whose first columns are
//! `ID` and `Label`, with the pre-named fields `Type`, `Description` and `Tags`; a connection sheet
//! `ID`, `From`, `To`, `Type`, `Direction` and `Label`; every other attribute of the network is a
//! field of its own, named in words (`people_without_route` → `People without route`).
//!
//! Kumu reads `|` as a separator between values (tags, or several ends in `To`), so ids are made
//! from the network's with anything but letters, digits, `-` and `.` turned into `-` (Kumu's search
//! cannot select ids with `_`), kept unique; tags lose their `|`. Cells of map text are written by
//! the `csv` crate and guarded against spreadsheet formulas, as every CSV of the tool. Descriptions
//! are Markdown in Kumu, so map text there is escaped for Markdown.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use crate::export::csv::table::{self as csv_table, Cell};
use crate::export::escape::{Markdown, escaped};
use crate::export::network::{EDGE_ATTRS, NODE_ATTRS, NetNode, Network, Value};
use crate::unique::Numbered;

/// The two sheets: (file name, CSV text).
pub fn kumu(net: &Network) -> [(&'static str, String); 2] {
    let ids = KumuIds::of(net);
    [
        ("elements.csv", elements(net, &ids)),
        ("connections.csv", connections(net, &ids)),
    ]
}

/// An attribute name as a Kumu field name: `people_without_route` → `People without route`.
pub fn field_name(attribute: &str) -> String {
    let words = attribute.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Network ids turned into Kumu ids, unique, in the network's order.
struct KumuIds {
    of: IndexMap<String, String>,
}

impl KumuIds {
    fn of(net: &Network) -> KumuIds {
        let mut taken = Numbered::default();
        let mut of = IndexMap::new();
        let all = net
            .nodes
            .iter()
            .map(|n| &n.id)
            .chain(net.edges.iter().map(|e| &e.id));
        for id in all {
            let base: String = id
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '.' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            of.insert(id.clone(), taken.take(&base));
        }
        KumuIds { of }
    }

    fn get(&self, id: &str) -> String {
        self.of.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }
}

/// A cell of the value: text guarded against formulas, numbers plain.
fn cell(v: &Value) -> Cell {
    match v {
        Value::Text(s) => Cell::text(s.as_str()),
        other => Cell::number_text(other.text()),
    }
}

/// `Service`: the kind as an element type.
fn type_word(kind: &str) -> String {
    field_name(kind)
}

/// The words an element is tagged with: a service's model and stages, a cohort's stages and gap
/// kinds, a commissioner's kind, a provider's sector.
fn tags(n: &NetNode) -> Cell {
    let mut tags: Vec<String> = Vec::new();
    for (name, value) in &n.attrs {
        let Value::Text(s) = value else { continue };
        match *name {
            "commissioner_kind" | "sector" | "model" => tags.push(s.clone()),
            "stages" => tags.extend(s.split(", ").map(str::to_owned)),
            "gap_kinds" => tags.extend(
                s.split("; ")
                    .filter_map(|g| g.rsplit(": ").next())
                    .map(str::to_owned),
            ),
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    tags.retain(|t| !t.is_empty() && seen.insert(t.clone()));
    let cleaned: Vec<String> = tags.iter().map(|t| t.replace('|', "/")).collect();
    Cell::text(cleaned.join("|"))
}

fn elements(net: &Network, ids: &KumuIds) -> String {
    let fields: Vec<&str> = NODE_ATTRS
        .iter()
        .map(|a| a.name)
        .filter(|n| !matches!(*n, "kind" | "description"))
        .collect();
    let mut header = csv_table::header(&["ID", "Label", "Type", "Description", "Tags"]);
    header.extend(fields.iter().map(|f| Cell::text(field_name(f))));
    let mut rows = vec![header];
    for n in &net.nodes {
        let get = |name: &str| n.attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
        let description = get("description")
            .map(|v| escaped::<Markdown>(&v.text()))
            .unwrap_or_default();
        let mut row = vec![
            Cell::text(ids.get(&n.id)),
            Cell::text(n.label.as_str()),
            Cell::text(type_word(n.kind)),
            Cell::text(description),
            tags(n),
        ];
        row.extend(fields.iter().map(|f| get(f).map_or_else(Cell::empty, cell)));
        rows.push(row);
    }
    csv_table::write(&rows)
}

fn connections(net: &Network, ids: &KumuIds) -> String {
    let fields: Vec<&str> = EDGE_ATTRS
        .iter()
        .map(|a| a.name)
        .filter(|n| *n != "relation")
        .collect();
    let mut header = csv_table::header(&["ID", "From", "To", "Type", "Direction", "Label"]);
    header.extend(fields.iter().map(|f| Cell::text(field_name(f))));
    let mut rows = vec![header];
    for e in &net.edges {
        let get = |name: &str| e.attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
        let mut row = vec![
            Cell::text(ids.get(&e.id)),
            Cell::text(ids.get(&e.source)),
            Cell::text(ids.get(&e.target)),
            Cell::text(e.relation),
            Cell::text(if e.directed { "directed" } else { "undirected" }),
            Cell::text(e.label.as_str()),
        ];
        row.extend(fields.iter().map(|f| get(f).map_or_else(Cell::empty, cell)));
        rows.push(row);
    }
    csv_table::write(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_words() {
        assert_eq!(field_name("people_without_route"), "People without route");
        assert_eq!(field_name("map_id"), "Map id");
        assert_eq!(field_name(""), "");
    }
}
