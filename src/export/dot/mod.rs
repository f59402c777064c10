//! DOT diagrams, built through graphviz-rust's model (`dot_structures`) and printed by its
//! printer, never pasted together as strings.
//!
//! graphviz-rust's printer writes ids and attribute values exactly as given, neither quoting nor
//! escaping them. So every id and every attribute value goes through [`quoted`], the one place
//! text becomes DOT: always double-quoted, escaped by [`escape::Dot`](super::escape::Dot). Only
//! attribute *names* are written bare, and they are `&'static str`s of this crate, never map text.
//!
//! The views (one module each) know what to draw; this module knows how DOT is written, the
//! shared look (shapes, pens, colours that still read in greyscale) and the legend.

mod ecosystem;
mod funding;
pub mod look;
mod overlap;
mod routes;

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id as DotId, Node, NodeId, Stmt, Subgraph,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::escape::{Dot, escaped};
use crate::analysis::diagram::DiagramInputs;
use crate::graph::Ecosystem;
use crate::money::Money;

/// The one place text becomes a DOT id or attribute value: double-quoted and escaped.
pub fn quoted(text: &str) -> DotId {
    DotId::Escaped(format!("\"{}\"", escaped::<Dot>(text)))
}

/// The views `ecomap dot --view` draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Commissioners, providers and services, referrals, cohorts at their entry points.
    Ecosystem,
    /// Money from funders through commissioners and services to cohorts, left to right.
    Funding,
    /// One cohort's routes to each stage it needs (the cohort's position on the map).
    Routes { cohort: usize },
    /// The services that overlap, joined by the cohort-stages they share.
    Overlap,
}

/// Draws a view of the map.
pub fn draw(eco: &Ecosystem, inputs: &DiagramInputs, view: &View) -> Diagram {
    match view {
        View::Ecosystem => ecosystem::draw(eco, inputs),
        View::Funding => funding::draw(eco, inputs),
        View::Routes { cohort } => routes::draw(eco, inputs, *cohort),
        View::Overlap => overlap::draw(eco, inputs),
    }
}

/// Attributes of a node, edge, cluster or graph: names are this crate's words, values are quoted.
#[derive(Debug, Clone, Default)]
pub struct Attrs(Vec<Attribute>);

impl Attrs {
    pub fn new() -> Attrs {
        Attrs::default()
    }

    /// Sets `name = "value"` (replacing an earlier value of `name`); `value` is escaped.
    pub fn with(mut self, name: &'static str, value: &str) -> Attrs {
        let key = DotId::Plain(name.to_owned());
        match self.0.iter_mut().find(|Attribute(k, _)| *k == key) {
            Some(Attribute(_, v)) => *v = quoted(value),
            None => self.0.push(Attribute(key, quoted(value))),
        }
        self
    }

    /// Adds a number, with at most one decimal place.
    pub fn with_number(self, name: &'static str, value: f64) -> Attrs {
        let text = if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value:.1}")
        };
        self.with(name, &text)
    }

    /// Sets every attribute of `other` over these.
    pub fn and(mut self, other: Attrs) -> Attrs {
        for Attribute(k, v) in other.0 {
            match self.0.iter_mut().find(|Attribute(mine, _)| *mine == k) {
                Some(Attribute(_, mine)) => *mine = v,
                None => self.0.push(Attribute(k, v)),
            }
        }
        self
    }
}

/// A box drawn around some nodes (a provider and its services, the legend).
#[derive(Debug, Clone)]
pub struct Cluster {
    key: String,
    stmts: Vec<Stmt>,
    nodes: usize,
}

impl Cluster {
    /// A cluster named `key` (unique in the diagram) with its attributes (label, style…).
    pub fn new(key: &str, attrs: Attrs) -> Cluster {
        Cluster {
            key: key.to_owned(),
            stmts: vec![Stmt::GAttribute(GraphAttributes::Graph(attrs.0))],
            nodes: 0,
        }
    }

    pub fn node(&mut self, key: &str, attrs: Attrs) {
        self.stmts.push(node_stmt(key, attrs));
        self.nodes += 1;
    }

    pub fn edge(&mut self, from: &str, to: &str, attrs: Attrs) {
        self.stmts.push(edge_stmt(from, to, attrs));
    }
}

fn node_stmt(key: &str, attrs: Attrs) -> Stmt {
    Stmt::Node(Node::new(NodeId(quoted(key), None), attrs.0))
}

fn edge_stmt(from: &str, to: &str, attrs: Attrs) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quoted(from), None)),
            Vertex::N(NodeId(quoted(to), None)),
        ),
        attributes: attrs.0,
    })
}

/// A diagram: a directed graph in graphviz-rust's model, with a count of its nodes.
#[derive(Debug, Clone)]
pub struct Diagram {
    graph: Graph,
    nodes: usize,
}

impl Diagram {
    /// An empty diagram named `name`, with the shared look and these graph attributes.
    pub fn new(name: &str, graph: Attrs) -> Diagram {
        let stmts = vec![
            Stmt::GAttribute(GraphAttributes::Graph(look::graph().and(graph).0)),
            Stmt::GAttribute(GraphAttributes::Node(look::node().0)),
            Stmt::GAttribute(GraphAttributes::Edge(look::edge().0)),
        ];
        Diagram {
            graph: Graph::DiGraph {
                id: quoted(name),
                strict: false,
                stmts,
            },
            nodes: 0,
        }
    }

    fn push(&mut self, stmt: Stmt) {
        self.graph.add_stmt(stmt);
    }

    /// Adds a node; `key` is its DOT id (unique in the diagram), its text is the `label`.
    pub fn node(&mut self, key: &str, attrs: Attrs) {
        self.push(node_stmt(key, attrs));
        self.nodes += 1;
    }

    pub fn edge(&mut self, from: &str, to: &str, attrs: Attrs) {
        self.push(edge_stmt(from, to, attrs));
    }

    pub fn cluster(&mut self, cluster: Cluster) {
        self.nodes += cluster.nodes;
        self.push(Stmt::Subgraph(Subgraph {
            id: quoted(&format!("cluster {}", cluster.key)),
            stmts: cluster.stmts,
        }));
    }

    /// Nodes drawn, clusters' included.
    pub fn node_count(&self) -> usize {
        self.nodes
    }

    /// The graph in graphviz-rust's model.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The diagram as DOT text, ending in a newline.
    pub fn to_dot(&self) -> String {
        print(&self.graph)
    }

    /// DOT the built-in renderer (layout-rs) draws well: clusters flattened (it would drop
    /// their nodes' grouping anyway and mis-scope their attributes), every shape a box (it draws
    /// any other shape as a circle around the whole label), pen widths whole numbers (it reads
    /// no others), edges laid out backwards (`dir=back`) turned round (it reads no `dir`),
    /// graph labels left out (it does not draw them), and `&amp;` written `&` again (it reads no
    /// entities, and escapes the text it draws itself).
    pub fn to_dot_for_builtin(&self) -> String {
        let Graph::DiGraph { id, stmts, .. } = &self.graph else {
            return self.to_dot();
        };
        let mut flat = Vec::new();
        flatten(stmts, &mut flat);
        let stmts = flat
            .into_iter()
            .filter_map(|s| match s {
                Stmt::Node(mut n) => {
                    n.attributes = builtin_attrs(n.attributes, true);
                    Some(Stmt::Node(n))
                }
                Stmt::Edge(mut e) => {
                    // It reads no `dir`: an edge laid out backwards is turned round, so its
                    // arrow still points where the money goes.
                    let back = quoted("back");
                    let is_back = e
                        .attributes
                        .iter()
                        .any(|Attribute(k, v)| *k == DotId::Plain("dir".into()) && *v == back);
                    if is_back {
                        e.attributes
                            .retain(|Attribute(k, _)| *k != DotId::Plain("dir".into()));
                        if let EdgeTy::Pair(a, b) = e.ty {
                            e.ty = EdgeTy::Pair(b, a);
                        }
                    }
                    e.attributes = builtin_attrs(e.attributes, false);
                    Some(Stmt::Edge(e))
                }
                Stmt::GAttribute(GraphAttributes::Graph(attrs)) => {
                    let keep: Vec<Attribute> = attrs
                        .into_iter()
                        .filter(|Attribute(k, _)| *k == DotId::Plain("rankdir".into()))
                        .collect();
                    (!keep.is_empty()).then_some(Stmt::GAttribute(GraphAttributes::Graph(keep)))
                }
                Stmt::GAttribute(GraphAttributes::Node(attrs)) => Some(Stmt::GAttribute(
                    GraphAttributes::Node(builtin_attrs(attrs, true)),
                )),
                Stmt::GAttribute(GraphAttributes::Edge(attrs)) => Some(Stmt::GAttribute(
                    GraphAttributes::Edge(builtin_attrs(attrs, false)),
                )),
                other => Some(other),
            })
            .collect();
        // Left to right, so `&amp;amp;` (a name's own `&amp;`) becomes `&amp;` again.
        print(&Graph::DiGraph {
            id: id.clone(),
            strict: false,
            stmts,
        })
        .replace("&amp;", "&")
    }
}

fn print(graph: &Graph) -> String {
    let mut ctx = PrinterContext::default();
    let mut out = graph.print(&mut ctx);
    out.push('\n');
    out
}

/// Moves the statements of subgraphs up to the top level, dropping the subgraphs' own attributes.
fn flatten(stmts: &[Stmt], out: &mut Vec<Stmt>) {
    for s in stmts {
        match s {
            Stmt::Subgraph(sub) => flatten(
                &sub.stmts
                    .iter()
                    .filter(|s| !matches!(s, Stmt::GAttribute(_) | Stmt::Attribute(_)))
                    .cloned()
                    .collect::<Vec<_>>(),
                out,
            ),
            other => out.push(other.clone()),
        }
    }
}

fn builtin_attrs(attrs: Vec<Attribute>, node: bool) -> Vec<Attribute> {
    attrs
        .into_iter()
        .map(|Attribute(k, v)| {
            let DotId::Plain(name) = &k else {
                return Attribute(k, v);
            };
            match name.as_str() {
                "shape" if node => Attribute(k, quoted("box")),
                "penwidth" => {
                    let width = match &v {
                        DotId::Escaped(s) => s.trim_matches('"').parse::<f64>().unwrap_or(1.0),
                        _ => 1.0,
                    };
                    Attribute(k, quoted(&format!("{:.0}", width.round().max(1.0))))
                }
                _ => Attribute(k, v),
            }
        })
        .collect()
}

/// The DOT ids of the map's things: a kind word, then the map id, so no two kinds collide and
/// the legend's own nodes (`legend …`) stay apart.
pub mod key {
    pub fn commissioner(id: &str) -> String {
        format!("commissioner {id}")
    }
    pub fn service(id: &str) -> String {
        format!("service {id}")
    }
    pub fn cohort(id: &str) -> String {
        format!("cohort {id}")
    }
    pub fn stage(id: &str) -> String {
        format!("stage {id}")
    }
}

/// Breaks `text` into lines of about `width` characters at spaces, for labels. Words longer than
/// a line stay whole; line breaks in the text are kept.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, para) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut line = 0;
        for (j, word) in para.split(' ').enumerate() {
            let len = word.chars().count();
            if j > 0 {
                if line > 0 && line + 1 + len > width {
                    out.push('\n');
                    line = 0;
                } else {
                    out.push(' ');
                    line += 1;
                }
            }
            out.push_str(word);
            line += len;
        }
    }
    out
}

/// An amount for a label, to the nearest whole unit: `£285,000` (a picture has no room for pence).
pub fn money(amount: Money, currency: &str) -> String {
    Money(amount.round_major().saturating_mul(100))
        .display(currency)
        .to_string()
}

/// A pen width in proportion to `amount` against the largest: from 1 (nothing) to 8 (the largest).
pub fn pen_for(amount: Money, largest: Money) -> f64 {
    if largest.0 <= 0 || amount.0 <= 0 {
        return 1.0;
    }
    let ratio = amount.0 as f64 / largest.0 as f64;
    ((1.0 + 7.0 * ratio.clamp(0.0, 1.0)) * 10.0).round() / 10.0
}

/// What the legend of a view explains.
#[derive(Debug, Default)]
pub struct Legend {
    nodes: Vec<(&'static str, Attrs)>,
    edges: Vec<(&'static str, Attrs)>,
}

impl Legend {
    pub fn new() -> Legend {
        Legend::default()
    }

    /// A kind of node: drawn in its look with `text` inside.
    pub fn node(mut self, text: &'static str, look: Attrs) -> Legend {
        self.nodes.push((text, look));
        self
    }

    /// A kind of line: drawn between two dots, labelled `text`.
    pub fn edge(mut self, text: &'static str, look: Attrs) -> Legend {
        self.edges.push((text, look));
        self
    }

    /// Adds the legend to the diagram as its own cluster.
    pub fn add_to(self, d: &mut Diagram) {
        let mut c = Cluster::new("legend", look::legend());
        for (i, (text, look)) in self.nodes.into_iter().enumerate() {
            c.node(
                &format!("legend node {i}"),
                look.with("label", text).with("fontsize", "9"),
            );
        }
        for (i, (text, look)) in self.edges.into_iter().enumerate() {
            let (a, b) = (format!("legend from {i}"), format!("legend to {i}"));
            let dot = Attrs::new()
                .with("shape", "point")
                .with("width", "0.06")
                .with("label", "")
                .with("color", look::GREY);
            c.node(&a, dot.clone());
            c.node(&b, dot);
            c.edge(&a, &b, look.with("label", text));
        }
        d.cluster(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_values_are_quoted_and_escaped_in_one_place() {
        let mut d = Diagram::new("t \"x\"", Attrs::new());
        d.node("a\\b", Attrs::new().with("label", "say \"hi\"\nZoë <b>"));
        d.edge("a\\b", "c", Attrs::new().with_number("penwidth", 2.26));
        let dot = d.to_dot();
        assert!(dot.starts_with("digraph \"t \\\"x\\\"\" {"), "{dot}");
        assert!(
            dot.contains("\"a\\\\b\"[label=\"say \\\"hi\\\"\\nZoë <b>\"]"),
            "{dot}"
        );
        // Numbers keep one decimal place: 2.26 → 2.3.
        assert!(
            dot.contains("\"a\\\\b\" -> \"c\" [penwidth=\"2.3\"]"),
            "{dot}"
        );
        assert_eq!(d.node_count(), 1);
    }

    #[test]
    fn later_values_replace_earlier_ones() {
        let a = look::service().and(look::short()).with("label", "x");
        let mut d = Diagram::new("g", Attrs::new());
        d.node("n", a);
        let dot = d.to_dot();
        // The service's ink colour gives way to the shortfall's red, in the place it had.
        assert!(
            dot.contains("\"n\"[shape=\"box\" style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#c0272d\" peripheries=\"2\" penwidth=\"2\" label=\"x\"]"),
            "{dot}"
        );
    }

    #[test]
    fn wraps_at_spaces_and_keeps_long_words() {
        assert_eq!(wrap("Riverside IPS Service", 10), "Riverside\nIPS\nService");
        assert_eq!(wrap("a b c d", 3), "a b\nc d");
        assert_eq!(wrap("Supercalifragilistic x", 5), "Supercalifragilistic\nx");
        assert_eq!(wrap("one\ntwo three", 20), "one\ntwo three");
    }

    #[test]
    fn pens_grow_with_money() {
        assert_eq!(pen_for(Money(0), Money(100)), 1.0);
        assert_eq!(pen_for(Money(100), Money(100)), 8.0);
        // Half the largest: 1 + 7 × 0.5 = 4.5.
        assert_eq!(pen_for(Money(50), Money(100)), 4.5);
        assert_eq!(pen_for(Money(50), Money(0)), 1.0);
    }

    #[test]
    fn builtin_dot_is_flat_boxes_with_whole_pens() {
        let mut d = Diagram::new("g", Attrs::new().with("rankdir", "LR"));
        let mut c = Cluster::new("p", Attrs::new().with("label", "Provider"));
        c.node("a", look::cohort().with("label", "A"));
        d.cluster(c);
        d.edge("a", "b", look::funding(4.6));
        d.edge("s", "c", look::referral().with("dir", "back"));
        let dot = d.to_dot_for_builtin();
        assert!(dot.contains("\"c\" -> \"s\" [color"), "{dot}");
        assert!(!dot.contains("dir=\"back\""), "{dot}");
        assert!(!dot.contains("subgraph"), "{dot}");
        assert!(!dot.contains("ellipse"), "{dot}");
        assert!(dot.contains("penwidth=\"5\""), "{dot}");
        assert!(dot.contains("rankdir=\"LR\""), "{dot}");
        assert!(!dot.contains("Provider"), "{dot}");
    }
}
