//! The map writer (`yaml::map`): a map written out as a folder of YAML files reads back as
//! the same map, whatever its names hold, and says where each entry came from.

use ecomap::model::Id;
use ecomap::yaml::map::{self as yaml_map, Entry, Provenance};

use crate::support::{bundled_maps, dump, load, load_files, load_str, written_and_read};

#[test]
fn every_bundled_map_written_out_reads_back_as_the_same_map() {
    let maps = bundled_maps();
    assert!(maps.len() > 20, "{maps:?}");
    for m in maps {
        let original = load(&m).map;
        let again = written_and_read(&original);
        assert_eq!(dump(&again), dump(&original), "{m}");
    }
}

/// Names and ids that a careless writer would turn into other YAML: quotes, `: `, `#`, leading
/// indicators, line breaks, words YAML reads as booleans, null or numbers, and letters outside ASCII.
const HOSTILE: &str = r##"
area:
  id: "yes"
  name: "Zoë's \"Borough\": north # east"
  period: "2025-26"
  population: 1000
  figures: { secondary_care_caseload: 20, source: "- listed" }
stages:
  "0x10":
    name: "null"
    description: "line one\nline two"
commissioners:
  "*star":
    name: "&anchor !tag ?question"
    kind: "no"
    identifiers: ["GB-CHC-0123", "1e3"]
    notes: "  leading and trailing  "
providers:
  "- dash":
    name: "|pipe >fold %percent @at `tick"
    notes: "\t\u0085\u2028 controls"
rules:
  "on":
    description: "off"
    "care: x": ["~", "true", "12:30"]
    age: { min: 16 }
cohorts:
  "#hash":
    name: "[brackets], {braces}"
    size: 5
    attributes: { "null": "3", "y": [a, "b, c"], n: 3.5 }
    needs: { "0x10": 0.5 }
    enters_via: ["- dash svc"]
    after_start: { employment: "NO" }
services:
  "- dash svc":
    name: "Ünïcödé: \"quoted\" 'single' \\ back"
    provider: "- dash"
    stages: ["0x10"]
    eligibility: { rule: "on", any: [{ "care: x": "~" }, { not: { age: { max: 20 } } }] }
    referral: { self: true }
    funding:
      - from: "*star"
        amount: "1,250.50"
        source: { citation: "a: b", url: "http://x/?a=1#f", as_of: 2024-01-31 }
"##;

#[test]
fn hostile_names_survive_being_written_and_read_back() {
    let original = load_str(HOSTILE).map;
    let files = yaml_map::write(&original, &Provenance::default());
    let named: Vec<(&str, &str)> = files.iter().map(|f| (f.name, f.text.as_str())).collect();
    let again = load_files(&named).map;
    assert_eq!(dump(&again), dump(&original));
    // The words YAML would misread are quoted where they are written.
    let text: String = files.iter().map(|f| f.text.as_str()).collect();
    for written in [
        "id: \"yes\"",
        "\"0x10\":",
        "name: \"null\"",
        "kind: \"no\"",
        "\"*star\":",
        "\"- dash\":",
        "\"on\":",
        "\"#hash\":",
        "\"null\": \"3\"",
        "amount: 1250.5",
    ] {
        assert!(text.contains(written), "{written} not in:\n{text}");
    }
}

#[test]
fn each_entry_is_written_under_where_it_came_from() {
    // A map of one area, one commissioner and one service with one funding line.
    let map = load_str(
        "area: { id: a, name: A }\ncommissioners: { icb: { name: ICB } }\nservices:\n  ips:\n    name: IPS\n    funding: [{ from: icb, amount: 10 }]\n",
    )
    .map;
    let mut provenance = Provenance {
        header: vec!["Imported from test.csv.".into()],
        ..Provenance::default()
    };
    provenance
        .origins
        .insert(Entry::Service(Id::from("ips")), "services.csv row 2".into());
    provenance.origins.insert(
        Entry::Funding {
            owner: Id::from("ips"),
            index: 0,
        },
        "funding.csv row 3".into(),
    );
    provenance.comments.insert(
        Entry::Service(Id::from("ips")),
        vec!["funded by: a\nnewline".into()],
    );
    provenance
        .file_notes
        .insert("cohorts.yaml".into(), vec!["Add your cohorts here.".into()]);
    let files = yaml_map::write(&map, &provenance);
    let names: Vec<&str> = files.iter().map(|f| f.name).collect();
    assert_eq!(names, yaml_map::FILES);
    let text = |name: &str| {
        files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.text.clone())
            .unwrap_or_default()
    };
    // Worked by hand: the header, a blank line, then the section; the comment's line break
    // becomes a space so it cannot end the comment early.
    assert_eq!(
        text("services.yaml"),
        "# Imported from test.csv.\n\nservices:\n  # from: services.csv row 2\n  # funded by: a newline\n  ips:\n    name: IPS\n    funding:\n      # from: funding.csv row 3\n      - from: icb\n        amount: 10\n"
    );
    assert_eq!(
        text("cohorts.yaml"),
        "# Imported from test.csv.\n# Add your cohorts here.\n\n# No cohorts on this map.\n"
    );
    // Every file reads back, empty ones too.
    let named: Vec<(&str, &str)> = files.iter().map(|f| (f.name, f.text.as_str())).collect();
    assert_eq!(dump(&load_files(&named).map), dump(&map));
}

#[test]
fn places_point_at_the_values_they_name() {
    let map = load_str(
        "area: { id: a, name: A }\nproviders: { p: { name: P } }\nservices:\n  s:\n    name: S\n    provider: p\n    capacity: { wte: 2.5 }\n    stages: [job-search, in-work]\n",
    )
    .map;
    let files = yaml_map::write(&map, &Provenance::default());
    let services = files
        .iter()
        .find(|f| f.name == "services.yaml")
        .expect("services.yaml is written");
    let at = |key: &str| -> Vec<&str> {
        services
            .places
            .iter()
            .filter(|p| p.entry == Entry::Service(Id::from("s")) && p.key == key)
            .map(|p| &services.text[p.range.clone()])
            .collect()
    };
    assert_eq!(at("id"), ["s"]);
    assert_eq!(at("provider"), ["p"]);
    assert_eq!(at("capacity.wte"), ["2.5"]);
    assert_eq!(at("stages"), ["job-search", "in-work"]);
    assert!(at("")[0].starts_with("s:\n") && at("")[0].ends_with("capacity: { wte: 2.5 }"));
}
