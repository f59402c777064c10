//! `ecomap export graphml|gexf|kumu`: each output is parsed back (GraphML and GEXF by an XML
//! parser, Kumu's sheets by a CSV reader) and checked against a small map worked through by hand,
//! whose names hold everything XML, CSV, Kumu and spreadsheets treat specially. Every bundled map
//! exports to well-formed files whose values all have the type their header declares.

use std::collections::BTreeMap;

use crate::support::{bundled_maps, ecomap, ecomap_in, temp_dir, write_files};

/// A map with hostile names, and what its network is, worked out by hand:
///
/// - nodes: the commissioner, the provider, both services, the cohort, the rule, and the three
///   stages something offers or needs (access, job-search, in-work): 9;
/// - edges: `icb` funds `ips<&>` (£1,000); `trust` delivers both services; `cmht` refers to
///   `ips<&>`; `smi` enters via `cmht`; `smi` is eligible for both (`cmht` is open to all, and
///   `secondary` asks for `care: secondary`, which `smi` has); `secondary` gates `ips<&>`; each
///   service offers its one stage; `smi` needs two stages: 12 edges.
/// - `smi`'s needs: job-search 0.5 × 100 = 50 people, reached through `cmht` → `ips<&>`, which
///   states no capacity, so `capacity-unknown`; in-work 0.2 × 100 = 20 people, which no service
///   offers while job-search has a route: a `continuity` gap of 20 people (continuity is the first
///   kind tried).
pub(crate) const HOSTILE: &str = r#"
area: { id: t, name: "Town <&> \"quoted\"", period: "2025-26" }
commissioners:
  icb: { name: "ICB & <Partners>", kind: nhs }
providers:
  trust: { name: "Trust \"A\"\nsecond line", sector: nhs }
rules:
  secondary: { care: secondary, description: "On a <secondary> caseload" }
cohorts:
  smi:
    name: "People ]]> --> %% javascript:alert(1) | tag"
    size: 100
    attributes: { care: secondary }
    needs: { job-search: 0.5, in-work: 0.2 }
    enters_via: [cmht]
services:
  cmht:
    name: "=CMHT [team] {x} (y) #1; a:b"
    provider: trust
    stages: [access]
  "ips<&>":
    name: "IPS <b>bold</b> 'single' `tick`"
    provider: trust
    model: ips
    stages: [job-search]
    eligibility: secondary
    referral: { from: [cmht] }
    funding:
      - { from: icb, amount: 1000, contract: { start: 2024-04-01 } }
"#;

pub(crate) const PROVIDER_NAME: &str = "Trust \"A\"\nsecond line";
pub(crate) const COHORT_NAME: &str = "People ]]> --> %% javascript:alert(1) | tag";
pub(crate) const CMHT_NAME: &str = "=CMHT [team] {x} (y) #1; a:b";
pub(crate) const IPS_NAME: &str = "IPS <b>bold</b> 'single' `tick`";

/// The node ids, in the documented order: entities by kind in map order, then stages used.
const NODE_IDS: &[&str] = &[
    "commissioner:icb",
    "provider:trust",
    "service:cmht",
    "service:ips<&>",
    "cohort:smi",
    "rule:secondary",
    "stage:access",
    "stage:job-search",
    "stage:in-work",
];

/// The edges as (relation, source, target), in the documented order.
const EDGES: &[(&str, &str, &str)] = &[
    ("funds", "commissioner:icb", "service:ips<&>"),
    ("delivers", "provider:trust", "service:cmht"),
    ("delivers", "provider:trust", "service:ips<&>"),
    ("refers", "service:cmht", "service:ips<&>"),
    ("enters", "cohort:smi", "service:cmht"),
    ("eligible", "cohort:smi", "service:cmht"),
    ("eligible", "cohort:smi", "service:ips<&>"),
    ("gates", "rule:secondary", "service:ips<&>"),
    ("offers", "service:cmht", "stage:access"),
    ("offers", "service:ips<&>", "stage:job-search"),
    ("needs", "cohort:smi", "stage:job-search"),
    ("needs", "cohort:smi", "stage:in-work"),
];

/// Runs `ecomap export WHAT map.yaml` on the hostile map; returns stdout.
fn export_hostile(what: &str) -> String {
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", HOSTILE)]);
    let run = ecomap_in(dir.path(), &["export", what, "map.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// Whether `value` reads as a value of the declared type.
fn parses_as(ty: &str, value: &str) -> bool {
    match ty {
        "string" => true,
        "int" | "integer" => value.parse::<i32>().is_ok(),
        "long" => value.parse::<i64>().is_ok(),
        "double" | "float" => value.parse::<f64>().is_ok(),
        "boolean" => value == "true" || value == "false",
        _ => false,
    }
}

/// A GraphML document, read back: (key id → (for, type)), nodes (id → key → value), edges in
/// order (id, source, target, directed, key → value). Checks every value against its key.
struct GraphMl {
    nodes: Vec<(String, BTreeMap<String, String>)>,
    edges: Vec<(String, String, bool, BTreeMap<String, String>)>,
}

fn read_graphml(xml: &str) -> GraphMl {
    let doc = roxmltree::Document::parse(xml).expect("GraphML is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://graphml.graphdrawing.org/xmlns")
    );
    let mut keys = BTreeMap::new();
    for k in root.children().filter(|n| n.has_tag_name("key")) {
        let id = k.attribute("id").expect("a key has an id").to_owned();
        assert_eq!(
            k.attribute("attr.name"),
            Some(id.as_str()),
            "key ids are names"
        );
        let previous = keys.insert(
            id.clone(),
            (
                k.attribute("for").expect("for").to_owned(),
                k.attribute("attr.type").expect("attr.type").to_owned(),
            ),
        );
        assert!(previous.is_none(), "the key {id} is declared twice");
    }
    let graph = root
        .children()
        .find(|n| n.has_tag_name("graph"))
        .expect("a graph");
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let data = |element: roxmltree::Node, domain: &str| -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for d in element.children().filter(|n| n.has_tag_name("data")) {
            let key = d.attribute("key").expect("data has a key");
            let (for_, ty) = keys
                .get(key)
                .unwrap_or_else(|| panic!("data key {key} is not declared"));
            assert!(
                for_ == "all" || for_ == domain,
                "{key} is declared for {for_}, used on a {domain}"
            );
            let value = d.text().unwrap_or("").to_owned();
            assert!(parses_as(ty, &value), "{key}: `{value}` is not a {ty}");
            assert!(out.insert(key.to_owned(), value).is_none(), "{key} twice");
        }
        out
    };
    let nodes = graph
        .children()
        .filter(|n| n.has_tag_name("node"))
        .map(|n| (n.attribute("id").expect("id").to_owned(), data(n, "node")))
        .collect();
    let edges = graph
        .children()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            (
                e.attribute("source").expect("source").to_owned(),
                e.attribute("target").expect("target").to_owned(),
                e.attribute("directed") != Some("false"),
                data(e, "edge"),
            )
        })
        .collect();
    GraphMl { nodes, edges }
}

#[test]
fn graphml_reads_back_with_hostile_names_intact() {
    let xml = export_hostile("graphml");
    let g = read_graphml(&xml);
    let ids: Vec<&str> = g.nodes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, NODE_IDS);
    let node = |id: &str| &g.nodes.iter().find(|(n, _)| n == id).expect("node").1;
    // Every name comes back as written: quotes, <, &, a line break, ]]>, -->, %%, |.
    assert_eq!(node("provider:trust")["label"], PROVIDER_NAME);
    assert_eq!(node("cohort:smi")["label"], COHORT_NAME);
    assert_eq!(node("service:cmht")["label"], CMHT_NAME);
    assert_eq!(node("service:ips<&>")["label"], IPS_NAME);
    assert_eq!(node("service:ips<&>")["map_id"], "ips<&>");
    assert_eq!(node("commissioner:icb")["label"], "ICB & <Partners>");
    assert_eq!(
        node("rule:secondary")["description"],
        "On a <secondary> caseload (care: secondary)"
    );
    // Kinds and figures, as worked out above.
    assert_eq!(node("cohort:smi")["kind"], "cohort");
    assert_eq!(node("cohort:smi")["size"], "100");
    assert_eq!(node("cohort:smi")["gaps"], "1");
    assert_eq!(node("cohort:smi")["short_of_places"], "0");
    assert_eq!(node("cohort:smi")["people_without_route"], "20");
    assert_eq!(node("cohort:smi")["gap_kinds"], "in-work: continuity");
    assert_eq!(node("service:ips<&>")["model"], "ips");
    assert_eq!(node("service:ips<&>")["funding_in"], "1000.00");
    assert_eq!(node("commissioner:icb")["funding_out"], "1000.00");
    assert_eq!(node("commissioner:icb")["funding_in"], "0.00");
    // No places are stated, so there is no places attribute (never a 0).
    assert!(!node("service:ips<&>").contains_key("places"));

    let edges: Vec<(&str, &str, &str)> = g
        .edges
        .iter()
        .map(|(s, t, _, d)| (d["relation"].as_str(), s.as_str(), t.as_str()))
        .collect();
    assert_eq!(edges, EDGES);
    assert!(g.edges.iter().all(|(_, _, directed, _)| *directed));
    let funds = &g.edges[0].3;
    assert_eq!(funds["amount"], "1000.00");
    assert_eq!(funds["contract_start"], "2024-04-01");
    assert!(!funds.contains_key("contract_end"));
    let job_search = &g.edges[10].3;
    assert_eq!(job_search["share"], "0.5");
    assert_eq!(job_search["people"], "50");
    assert_eq!(job_search["outcome"], "capacity-unknown");
    let in_work = &g.edges[11].3;
    assert_eq!(in_work["outcome"], "continuity");
    assert_eq!(in_work["people_without"], "20");
}

#[test]
fn gexf_reads_back_with_declared_types_and_hostile_names_intact() {
    let xml = export_hostile("gexf");
    let doc = roxmltree::Document::parse(&xml).expect("GEXF is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "gexf");
    assert_eq!(root.tag_name().namespace(), Some("http://gexf.net/1.3"));
    assert_eq!(root.attribute("version"), Some("1.3"));
    let graph = root
        .descendants()
        .find(|n| n.has_tag_name("graph"))
        .expect("a graph");
    assert_eq!(graph.attribute("defaultedgetype"), Some("directed"));
    // class → attribute id → type
    let mut declared: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for a in graph.children().filter(|n| n.has_tag_name("attributes")) {
        let class = a.attribute("class").expect("class").to_owned();
        for attr in a.children().filter(|n| n.has_tag_name("attribute")) {
            declared.entry(class.clone()).or_default().insert(
                attr.attribute("id").expect("id").to_owned(),
                attr.attribute("type").expect("type").to_owned(),
            );
        }
    }
    let values = |element: roxmltree::Node, class: &str| -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for v in element.descendants().filter(|n| n.has_tag_name("attvalue")) {
            let id = v.attribute("for").expect("for");
            let ty = &declared[class]
                .get(id)
                .unwrap_or_else(|| panic!("{id} is not declared for {class}"));
            let value = v.attribute("value").expect("value").to_owned();
            assert!(parses_as(ty, &value), "{id}: `{value}` is not a {ty}");
            out.insert(id.to_owned(), value);
        }
        out
    };
    let nodes: Vec<roxmltree::Node> = graph
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    let ids: Vec<&str> = nodes.iter().filter_map(|n| n.attribute("id")).collect();
    assert_eq!(ids, NODE_IDS);
    let label = |id: &str| {
        nodes
            .iter()
            .find(|n| n.attribute("id") == Some(id))
            .and_then(|n| n.attribute("label"))
            .expect("a label")
    };
    // Attribute values keep their line breaks and quotes: they are written as references.
    assert_eq!(label("provider:trust"), PROVIDER_NAME);
    assert_eq!(label("cohort:smi"), COHORT_NAME);
    assert_eq!(label("service:ips<&>"), IPS_NAME);
    let smi = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("cohort:smi"))
        .expect("smi");
    assert_eq!(values(*smi, "node")["people_without_route"], "20");
    let edges: Vec<(String, String, String)> = graph
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            // Every edge has the graph's default type: directed.
            assert_eq!(e.attribute("type"), None);
            (
                values(e, "edge")["relation"].clone(),
                e.attribute("source").expect("source").to_owned(),
                e.attribute("target").expect("target").to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = EDGES
        .iter()
        .map(|(r, s, t)| ((*r).to_owned(), (*s).to_owned(), (*t).to_owned()))
        .collect();
    assert_eq!(edges, expected);
}

/// A CSV file read back: the header and the rows, as a spreadsheet would.
fn read_csv(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("a well-formed row");
            assert_eq!(rec.len(), header.len(), "every row has every column");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn kumu_sheets_have_kumus_columns_and_the_maps_content() {
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", HOSTILE)]);
    let run = ecomap_in(dir.path(), &["export", "kumu", "map.yaml", "-o", "kumu"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |name: &str| {
        std::fs::read_to_string(dir.path().join("kumu").join(name)).expect("the sheet is written")
    };
    let (header, elements) = read_csv(&read("elements.csv"));
    // Kumu's import guide: an ID column may come first, then Label; Type, Description and Tags are
    // its pre-named fields. The rest are the network's attributes, named in words.
    assert_eq!(header[..5], ["ID", "Label", "Type", "Description", "Tags"]);
    for field in [
        "Map id",
        "Model",
        "Places",
        "Size",
        "People without route",
        "Gap kinds",
    ] {
        assert!(header.iter().any(|h| h == field), "no column {field}");
    }
    let (cheader, connections) = read_csv(&read("connections.csv"));
    assert_eq!(
        cheader[..6],
        ["ID", "From", "To", "Type", "Direction", "Label"]
    );
    assert!(cheader.iter().any(|h| h == "Amount"));

    // Ids: the network's, with `:` and the characters Kumu splits on or cannot search turned into
    // `-`: `service:ips<&>` → `service-ips---`.
    let ids: Vec<&str> = elements.iter().map(|e| e["ID"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "commissioner-icb",
            "provider-trust",
            "service-cmht",
            "service-ips---",
            "cohort-smi",
            "rule-secondary",
            "stage-access",
            "stage-job-search",
            "stage-in-work",
        ]
    );
    let types: Vec<&str> = elements.iter().map(|e| e["Type"].as_str()).collect();
    assert_eq!(
        types,
        [
            "Commissioner",
            "Provider",
            "Service",
            "Service",
            "Cohort",
            "Rule",
            "Stage",
            "Stage",
            "Stage"
        ]
    );
    let by_id = |id: &str| elements.iter().find(|e| e["ID"] == id).expect("element");
    // Names come back as written; a name a spreadsheet would read as a formula is guarded by '.
    assert_eq!(by_id("provider-trust")["Label"], PROVIDER_NAME);
    assert_eq!(by_id("cohort-smi")["Label"], COHORT_NAME);
    assert_eq!(by_id("service-cmht")["Label"], format!("'{CMHT_NAME}"));
    assert_eq!(by_id("service-ips---")["Map id"], "ips<&>");
    // Tags: a cohort's stages and gap kinds, a service's model and stages, split by |.
    assert_eq!(by_id("cohort-smi")["Tags"], "job-search|in-work|continuity");
    assert_eq!(by_id("service-ips---")["Tags"], "ips|job-search");
    assert_eq!(by_id("cohort-smi")["People without route"], "20");
    // Descriptions are Markdown in Kumu: map text is escaped for it.
    assert_eq!(
        by_id("rule-secondary")["Description"],
        "On a &lt;secondary&gt; caseload (care: secondary)"
    );

    // Every connection joins two elements, by their ids; ids are unique across both sheets.
    assert_eq!(connections.len(), EDGES.len());
    for c in &connections {
        assert!(ids.contains(&c["From"].as_str()), "{c:?}");
        assert!(ids.contains(&c["To"].as_str()), "{c:?}");
        assert_eq!(c["Direction"], "directed");
        assert!(!ids.contains(&c["ID"].as_str()));
    }
    let first = &connections[0];
    assert_eq!(
        (
            first["Type"].as_str(),
            first["From"].as_str(),
            first["To"].as_str()
        ),
        ("funds", "commissioner-icb", "service-ips---")
    );
    assert_eq!(first["Amount"], "1000.00");
    assert_eq!(first["Label"], "£1,000");
}

#[test]
fn kumu_needs_a_folder_and_leaves_none_behind_for_a_broken_map() {
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[("map.yaml", HOSTILE), ("bad.yaml", "area: { id: t }\n")],
    );
    let run = ecomap_in(dir.path(), &["export", "kumu", "map.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-o FOLDER"), "{}", run.stderr);
    let run = ecomap_in(dir.path(), &["export", "kumu", "bad.yaml", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !dir.path().join("out").exists(),
        "nothing is written for a map with errors"
    );
    let run = ecomap_in(dir.path(), &["export", "graphml", "map.yaml", "-f", "json"]);
    assert_eq!(run.code, 2);
}

#[test]
fn overlaps_are_edges_with_their_rank_directed_for_graph_readers_undirected_in_kumu() {
    // examples/overlap-ranking.yaml ranks its overlaps; each becomes one edge carrying its rank, in
    // ranking order (1, 2, …). GraphML and GEXF write every edge directed (networkx, for one,
    // refuses mixed graphs); Kumu draws an overlap without arrows.
    let map = "examples/overlap-ranking.yaml";
    let g = read_graphml(&ecomap(&["export", "graphml", map]).stdout);
    assert!(g.edges.iter().all(|(_, _, directed, _)| *directed));
    let ranks: Vec<&str> = g
        .edges
        .iter()
        .filter(|(_, _, _, d)| d["relation"] == "overlaps")
        .map(|(_, _, _, d)| d["rank"].as_str())
        .collect();
    let overlaps = ecomap(&["overlap", map, "-f", "json"]).json();
    let expected = overlaps["overlaps"].as_array().expect("a list").len();
    assert!(expected > 1);
    let counted: Vec<String> = (1..=expected).map(|i| i.to_string()).collect();
    assert_eq!(ranks, counted);
    let gexf = ecomap(&["export", "gexf", map]).stdout;
    assert!(!gexf.contains("undirected"));

    let dir = temp_dir();
    let out = dir.path().join("k");
    let out = out.to_str().expect("a UTF-8 path");
    assert_eq!(ecomap(&["export", "kumu", map, "-o", out]).code, 0);
    let (_, connections) =
        read_csv(&std::fs::read_to_string(dir.path().join("k/connections.csv")).expect("written"));
    for c in &connections {
        let overlap = c["Type"] == "overlaps";
        let want = if overlap { "undirected" } else { "directed" };
        assert_eq!(c["Direction"], want, "{c:?}");
    }
    assert_eq!(
        connections
            .iter()
            .filter(|c| c["Type"] == "overlaps")
            .count(),
        expected
    );
}

#[test]
fn every_bundled_map_exports_typed_well_formed_files_the_same_each_time() {
    for map in bundled_maps() {
        let first = ecomap(&["export", "graphml", &map]);
        assert_eq!(first.code, 0, "{map}: {}", first.stderr);
        let g = read_graphml(&first.stdout);
        // Every edge joins two nodes of the file.
        for (s, t, _, _) in &g.edges {
            assert!(g.nodes.iter().any(|(id, _)| id == s), "{map}: {s}");
            assert!(g.nodes.iter().any(|(id, _)| id == t), "{map}: {t}");
        }
        assert_eq!(first.stdout, ecomap(&["export", "graphml", &map]).stdout);
        let gexf = ecomap(&["export", "gexf", &map]);
        assert_eq!(gexf.code, 0, "{map}");
        roxmltree::Document::parse(&gexf.stdout).expect("well-formed GEXF");
        assert_eq!(gexf.stdout, ecomap(&["export", "gexf", &map]).stdout);
    }
}

#[test]
fn the_exports_page_lists_every_attribute_with_its_type() {
    use ecomap::export::network::{AttrType, EDGE_ATTRS, NODE_ATTRS};
    let page = std::fs::read_to_string(crate::support::path("docs/exports.md")).expect("the page");
    for a in NODE_ATTRS.iter().chain(EDGE_ATTRS) {
        let ty = match a.ty {
            AttrType::Text => "string",
            AttrType::Int => "int",
            AttrType::Long => "long",
            AttrType::Double => "double",
            AttrType::Boolean => "boolean",
        };
        let row = format!("| `{}` | {ty} |", a.name);
        assert!(page.contains(&row), "docs/exports.md has no row `{row}`");
    }
}
