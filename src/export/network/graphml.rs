//! GraphML (for yEd, Gephi, Cytoscape and networkx): the map's [`Network`], every attribute
//! declared as a typed `<key>` in the header, written through the escaping [`XmlWriter`].
//!
//! Key ids are the attribute names (`label`, `kind`, `amount`…): Gephi takes the key named `label`
//! as the label of nodes and edges. An attribute both nodes and edges carry is one key `for="all"`.
//! Overlaps are undirected edges (`directed="false"`) in a directed graph. It writes no yEd
//! graphics (`y:` elements), which other readers reject; docs/exports.md says how to show the labels
//! in yEd.

use crate::export::network::xml::XmlWriter;
use crate::export::network::{AttrDecl, AttrType, EDGE_ATTRS, NODE_ATTRS, Network};

/// GraphML's name for a type.
fn type_name(ty: AttrType) -> &'static str {
    match ty {
        AttrType::Text => "string",
        AttrType::Int => "int",
        AttrType::Long => "long",
        AttrType::Double => "double",
        AttrType::Boolean => "boolean",
    }
}

/// The keys a file declares: (declaration, `for`), nodes' first, `label` first of all.
fn keys() -> Vec<(AttrDecl, &'static str)> {
    let label = AttrDecl {
        name: "label",
        ty: AttrType::Text,
        meaning: "a node's name; an edge's short description",
    };
    let mut keys = vec![(label, "all")];
    for n in NODE_ATTRS {
        let on_edges = EDGE_ATTRS.iter().any(|e| e.name == n.name);
        keys.push((*n, if on_edges { "all" } else { "node" }));
    }
    for e in EDGE_ATTRS {
        if !NODE_ATTRS.iter().any(|n| n.name == e.name) {
            keys.push((*e, "edge"));
        }
    }
    keys
}

/// The network as a GraphML document.
pub fn graphml(net: &Network) -> String {
    let mut w = XmlWriter::new();
    w.open(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    );
    for (k, domain) in keys() {
        w.open(
            "key",
            &[
                ("id", k.name),
                ("for", domain),
                ("attr.name", k.name),
                ("attr.type", type_name(k.ty)),
            ],
        );
        w.text("desc", &[], k.meaning);
        w.close();
    }
    w.open("graph", &[("id", "ecosystem"), ("edgedefault", "directed")]);
    w.text("desc", &[], &net.description);
    for n in &net.nodes {
        w.open("node", &[("id", &n.id)]);
        w.text("data", &[("key", "label")], &n.label);
        for (name, value) in &n.attrs {
            w.text("data", &[("key", name)], &value.text());
        }
        w.close();
    }
    for e in &net.edges {
        // Every edge is directed, overlaps too (from the first of the pair to the second): readers
        // such as networkx refuse a graph that mixes directed and undirected edges.
        w.open(
            "edge",
            &[
                ("id", e.id.as_str()),
                ("source", e.source.as_str()),
                ("target", e.target.as_str()),
            ],
        );
        w.text("data", &[("key", "label")], &e.label);
        for (name, value) in &e.attrs {
            w.text("data", &[("key", name)], &value.text());
        }
        w.close();
    }
    w.finish()
}
