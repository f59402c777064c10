//! Mermaid flowcharts of the diagrams (`ecomap dot --format mermaid`), for Markdown documents that
//! render Mermaid (GitHub, GitLab, many wikis). Each view is drawn once, as DOT, by `export::dot`;
//! this module translates that [`Diagram`] into Mermaid, so both show the same things: nodes with
//! their labels and shapes, providers' frames and the legend as subgraphs, edges with their labels,
//! line styles and colours, node looks as `classDef`s.
//!
//! Everything from a map reaches Mermaid through [`Mermaid`]'s escaping: labels are always
//! double-quoted, with every ASCII character outside a short safe list written as Mermaid's
//! entity code (`#34;` for `"`, `#60;` for `<`), line breaks as `<br>`, and control characters left
//! out; ids are made here from the DOT keys (letters, digits and `_` only, never a Mermaid
//! keyword). So a name cannot end a label, start a comment (`%%`), draw an edge (`-->`), open a
//! subgraph or inject markup. It must not decide what a view shows: that is the DOT view's job.

use graphviz_rust::dot_structures::{
    Attribute, EdgeTy, Graph, GraphAttributes, Id as DotId, Stmt, Subgraph, Vertex,
};
use indexmap::IndexMap;

use super::dot::Diagram;
use super::escape::{Escape, escaped};

/// The inside of a double-quoted Mermaid label.
pub struct Mermaid;

impl Escape for Mermaid {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                '\n' => out.push_str("<br>"),
                c if c.is_control() => {}
                c if c.is_ascii_alphanumeric() => out.push(c),
                ' ' | '-' | '_' | '.' | ',' | '(' | ')' | '/' | '+' | '?' | '!' | '\'' | '@'
                | '$' | '*' | '=' | '~' | '^' => out.push(c),
                c if c.is_ascii() => {
                    out.push('#');
                    out.push_str(&u32::from(c).to_string());
                    out.push(';');
                }
                c => out.push(c),
            }
        }
    }
}

/// Words Mermaid's flowchart grammar reserves; an id that is one of them gets a suffix.
const KEYWORDS: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "class",
    "classDef",
    "linkStyle",
    "click",
    "call",
    "href",
    "direction",
    "default",
    "interpolate",
];

/// The text of a DOT id or value, as the view wrote it (the DOT escaping undone).
fn unquote(id: &DotId) -> String {
    let raw = match id {
        DotId::Html(s) | DotId::Escaped(s) | DotId::Plain(s) | DotId::Anonymous(s) => s,
    };
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'l' | 'r') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    // The one entity the DOT escaping writes (`&` as `&amp;`, for Graphviz), read back; left
    // to right, so a name's own `&amp;` (written `&amp;amp;`) comes back as it was.
    out.replace("&amp;", "&")
}

fn get(attrs: &[Attribute], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|Attribute(k, _)| matches!(k, DotId::Plain(n) if n == name))
        .map(|Attribute(_, v)| unquote(v))
}

/// Mermaid ids for DOT keys: letters, digits and `_`, unique, in the order first asked for.
#[derive(Default)]
struct Ids {
    of: IndexMap<String, String>,
}

impl Ids {
    fn get(&mut self, key: &str) -> String {
        if let Some(id) = self.of.get(key) {
            return id.clone();
        }
        let mut base: String = key
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base.insert_str(0, "n_");
        }
        if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(&base)) {
            base.push_str("_1");
        }
        let mut id = base.clone();
        let mut n = 1;
        while self.of.values().any(|v| *v == id) {
            n += 1;
            id = format!("{base}_{n}");
        }
        self.of.insert(key.to_owned(), id.clone());
        id
    }
}

/// What is being written: lines, ids, node looks and link styles.
#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    ids: Ids,
    /// classDef's style → (class name, node ids), in order of first use.
    classes: IndexMap<String, (String, Vec<String>)>,
    link_styles: Vec<(usize, String)>,
    links: usize,
}

/// The attributes a graph or cluster gives itself (`graph [label=…]`).
fn graph_attributes(stmts: &[Stmt]) -> Vec<Attribute> {
    stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::GAttribute(GraphAttributes::Graph(a)) => Some(a.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// A flowchart of the diagram, ending in a newline.
pub fn flowchart(diagram: &Diagram) -> String {
    let (Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. }) = diagram.graph();
    let graph_attrs = graph_attributes(stmts);
    let mut head = Vec::new();
    if let Some(title) = get(&graph_attrs, "label") {
        // Escaped as the labels are, so a name's markup (`<b>`, `<img onerror=…>`) is text in the
        // title too; then a JSON string, which is a YAML double-quoted scalar, so the front
        // matter cannot be broken out of.
        let title = escaped::<Mermaid>(&title.replace('\n', " "));
        let title = serde_json::to_string(&title).unwrap_or_default();
        head.extend([
            "---".to_owned(),
            format!("title: {title}"),
            "---".to_owned(),
        ]);
    }
    let direction = match get(&graph_attrs, "rankdir").as_deref() {
        Some("LR") => "LR",
        Some("RL") => "RL",
        Some("BT") => "BT",
        _ => "TB",
    };
    head.push(format!("flowchart {direction}"));
    let mut w = Writer::default();
    w.statements(stmts, 1);
    let mut out = head;
    out.append(&mut w.lines);
    for (style, (name, ids)) in &w.classes {
        out.push(format!("  classDef {name} {style}"));
        out.push(format!("  class {} {name}", ids.join(",")));
    }
    // Links of one look share a line: `linkStyle 3,4,9 stroke:…`.
    let mut looks: IndexMap<&str, Vec<String>> = IndexMap::new();
    for (i, style) in &w.link_styles {
        looks.entry(style.as_str()).or_default().push(i.to_string());
    }
    for (style, links) in looks {
        out.push(format!("  linkStyle {} {style}", links.join(",")));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

impl Writer {
    fn statements(&mut self, stmts: &[Stmt], depth: usize) {
        let pad = "  ".repeat(depth);
        for s in stmts {
            match s {
                Stmt::Node(n) => {
                    let key = unquote(&n.id.0);
                    let id = self.ids.get(&key);
                    let label = get(&n.attributes, "label").unwrap_or_else(|| key.clone());
                    let (open, close) = shape(&n.attributes);
                    let text = if label.is_empty() { " " } else { &label };
                    self.lines.push(format!(
                        "{pad}{id}{open}\"{}\"{close}",
                        escaped::<Mermaid>(text)
                    ));
                    let style = node_style(&n.attributes);
                    let kind = key.split(' ').next().unwrap_or("node").to_owned();
                    let count = self.classes.len();
                    self.classes
                        .entry(style)
                        .or_insert_with(|| (class_name(&kind, count), Vec::new()))
                        .1
                        .push(id);
                }
                Stmt::Edge(e) => self.edge(e, &pad),
                Stmt::Subgraph(sub) => self.subgraph(sub, depth),
                _ => {}
            }
        }
    }

    fn subgraph(&mut self, sub: &Subgraph, depth: usize) {
        let pad = "  ".repeat(depth);
        let key = unquote(&sub.id);
        let id = self.ids.get(&key);
        let attrs = graph_attributes(&sub.stmts);
        let title = get(&attrs, "label").unwrap_or_default();
        let title = if title.is_empty() { " " } else { &title };
        self.lines.push(format!(
            "{pad}subgraph {id} [\"{}\"]",
            escaped::<Mermaid>(title)
        ));
        self.statements(&sub.stmts, depth + 1);
        self.lines.push(format!("{pad}end"));
    }

    fn edge(&mut self, e: &graphviz_rust::dot_structures::Edge, pad: &str) {
        let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = &e.ty else {
            return;
        };
        let (mut from, mut to) = (unquote(&a.0), unquote(&b.0));
        let a = &e.attributes;
        // An edge laid out backwards in DOT points from its second end: draw it that way.
        if get(a, "dir").as_deref() == Some("back") {
            std::mem::swap(&mut from, &mut to);
        }
        let style = get(a, "style").unwrap_or_default();
        let pen: f64 = get(a, "penwidth")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1.0);
        let arrow = get(a, "dir").as_deref() != Some("none");
        let link = match (style.contains("dotted") || style.contains("dashed"), arrow) {
            (true, true) => "-.->",
            (true, false) => "-.-",
            _ if (style.contains("bold") || pen >= 3.0) && arrow => "==>",
            _ if style.contains("bold") || pen >= 3.0 => "===",
            (false, true) => "-->",
            (false, false) => "---",
        };
        let label = get(a, "label")
            .filter(|l| !l.is_empty())
            .map(|l| format!("|\"{}\"|", escaped::<Mermaid>(&l)))
            .unwrap_or_default();
        let (from, to) = (self.ids.get(&from), self.ids.get(&to));
        self.lines.push(format!("{pad}{from} {link}{label} {to}"));
        let mut css = Vec::new();
        if let Some(c) = get(a, "color").and_then(|c| colour(&c)) {
            css.push(format!("stroke:{c}"));
            css.push(format!("color:{c}"));
        }
        if pen != 1.0 {
            css.push(format!("stroke-width:{}px", number(pen)));
        }
        if !css.is_empty() {
            self.link_styles.push((self.links, css.join(",")));
        }
        self.links += 1;
    }
}

/// The opening and closing of a node's shape.
fn shape(attrs: &[Attribute]) -> (&'static str, &'static str) {
    let style = get(attrs, "style").unwrap_or_default();
    match get(attrs, "shape").as_deref() {
        Some("ellipse" | "oval") => ("([", "])"),
        Some("hexagon") => ("{{", "}}"),
        Some("note") => (">", "]"),
        Some("point" | "circle") => ("((", "))"),
        _ if style.contains("rounded") => ("(", ")"),
        _ => ("[", "]"),
    }
}

/// A node's look as CSS for a `classDef`.
fn node_style(attrs: &[Attribute]) -> String {
    let style = get(attrs, "style").unwrap_or_default();
    let mut css = Vec::new();
    match get(attrs, "fillcolor").and_then(|c| colour(&c)) {
        Some(fill) if style.contains("filled") => css.push(format!("fill:{fill}")),
        _ => css.push("fill:#ffffff".to_owned()),
    }
    if let Some(c) = get(attrs, "color").and_then(|c| colour(&c)) {
        css.push(format!("stroke:{c}"));
    }
    let pen: f64 = get(attrs, "penwidth")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1.0);
    let double = get(attrs, "peripheries").is_some_and(|p| p != "1");
    let width = if double || style.contains("bold") {
        pen.max(2.0) + if double { 1.0 } else { 0.0 }
    } else {
        pen
    };
    css.push(format!("stroke-width:{}px", number(width)));
    if style.contains("dashed") {
        css.push("stroke-dasharray:5 3".to_owned());
    }
    css.join(",")
}

/// A class name: the kind of the first node with the look, and a number when kinds repeat.
fn class_name(kind: &str, index: usize) -> String {
    let word: String = kind.chars().filter(char::is_ascii_alphabetic).collect();
    format!("{}{index}", if word.is_empty() { "look" } else { &word })
}

/// The first colour of a DOT colour list, if it is an `#rrggbb` colour.
fn colour(dot: &str) -> Option<String> {
    let first = dot.split(':').next()?;
    let hex = first.strip_prefix('#')?;
    (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| first.to_owned())
}

fn number(x: f64) -> String {
    let s = format!("{x:.1}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::dot::{Attrs, Diagram};

    #[test]
    fn labels_are_escaped_for_mermaid() {
        assert_eq!(
            escaped::<Mermaid>("a \"b\" <c> & d; e:f | g % h #i\nj [k] {l} `m`"),
            "a #34;b#34; #60;c#62; #38; d#59; e#58;f #124; g #37; h #35;i<br>j #91;k#93; #123;l#125; #96;m#96;"
        );
        assert_eq!(escaped::<Mermaid>("Zoë's £100 · café"), "Zoë's £100 · café");
        assert_eq!(escaped::<Mermaid>("a\u{7}b\r"), "ab");
    }

    #[test]
    fn a_diagram_becomes_a_flowchart() {
        let mut d = Diagram::new("g", Attrs::new().with("rankdir", "LR").with("label", "T"));
        d.node(
            "service end",
            Attrs::new().with("shape", "box").with("label", "A\n\"B\""),
        );
        d.node(
            "cohort x",
            Attrs::new().with("shape", "ellipse").with("label", "C"),
        );
        d.edge(
            "cohort x",
            "service end",
            Attrs::new().with("style", "dotted").with("label", "enters"),
        );
        d.edge(
            "service end",
            "cohort x",
            Attrs::new()
                .with("dir", "back")
                .with("color", "#1f4e8c")
                .with("penwidth", "4"),
        );
        assert_eq!(
            flowchart(&d),
            "---\ntitle: \"T\"\n---\nflowchart LR\n  \
             service_end[\"A<br>#34;B#34;\"]\n  \
             cohort_x([\"C\"])\n  \
             cohort_x -.->|\"enters\"| service_end\n  \
             cohort_x ==> service_end\n  \
             classDef service0 fill:#ffffff,stroke-width:1px\n  \
             class service_end,cohort_x service0\n  \
             linkStyle 1 stroke:#1f4e8c,color:#1f4e8c,stroke-width:4px\n"
        );
    }

    #[test]
    fn ids_are_words_and_never_keywords() {
        let mut ids = Ids::default();
        assert_eq!(ids.get("end"), "end_1");
        assert_eq!(ids.get("service a-b"), "service_a_b");
        assert_eq!(ids.get("service a b"), "service_a_b_2");
        assert_eq!(ids.get("1x"), "n_1x");
        assert_eq!(ids.get("service a-b"), "service_a_b");
    }
}
