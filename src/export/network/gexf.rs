//! GEXF 1.3 (Gephi's own format): the map's [`Network`], node and edge attributes declared with
//! their types in `<attributes>`, written through the escaping [`XmlWriter`].
//!
//! Attribute ids are their names. Every edge is directed, overlaps too (their `relation` says what
//! they are). No dates or positions: the same map gives the same bytes.

use crate::export::network::xml::XmlWriter;
use crate::export::network::{AttrDecl, AttrType, EDGE_ATTRS, NODE_ATTRS, Network};

/// GEXF's name for a type.
fn type_name(ty: AttrType) -> &'static str {
    match ty {
        AttrType::Text => "string",
        AttrType::Int => "integer",
        AttrType::Long => "long",
        AttrType::Double => "double",
        AttrType::Boolean => "boolean",
    }
}

fn declare(w: &mut XmlWriter, class: &'static str, attrs: &[AttrDecl]) {
    w.open("attributes", &[("class", class), ("mode", "static")]);
    for a in attrs {
        w.empty(
            "attribute",
            &[("id", a.name), ("title", a.name), ("type", type_name(a.ty))],
        );
    }
    w.close();
}

fn values(w: &mut XmlWriter, attrs: &[(&'static str, crate::export::network::Value)]) {
    if attrs.is_empty() {
        return;
    }
    w.open("attvalues", &[]);
    for (name, value) in attrs {
        w.empty("attvalue", &[("for", name), ("value", &value.text())]);
    }
    w.close();
}

/// The network as a GEXF 1.3 document.
pub fn gexf(net: &Network) -> String {
    let mut w = XmlWriter::new();
    w.open(
        "gexf",
        &[
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ],
    );
    w.open("meta", &[]);
    w.text("creator", &[], "ecomap");
    w.text("description", &[], &net.description);
    w.close();
    w.open(
        "graph",
        &[("defaultedgetype", "directed"), ("mode", "static")],
    );
    declare(&mut w, "node", NODE_ATTRS);
    declare(&mut w, "edge", EDGE_ATTRS);
    w.open("nodes", &[]);
    for n in &net.nodes {
        w.open("node", &[("id", &n.id), ("label", &n.label)]);
        values(&mut w, &n.attrs);
        w.close();
    }
    w.close();
    w.open("edges", &[]);
    for e in &net.edges {
        // Every edge has the graph's default type, directed, overlaps too: readers such as networkx
        // refuse a graph that mixes directed and undirected edges.
        w.open(
            "edge",
            &[
                ("id", &e.id),
                ("source", &e.source),
                ("target", &e.target),
                ("label", &e.label),
            ],
        );
        values(&mut w, &e.attrs);
        w.close();
    }
    w.close();
    w.finish()
}
