//! Planned funding lines (`status: planned`) through the map writer and the spreadsheet tables:
//! with and without an amount, on a service's `funding` and a commissioner's `funded_by`, with
//! contract dates, `for:` and sources, they come back exactly; funding.csv's `status` column reads
//! and writes them, and its mistakes are shown at their cells; `show` lists them and counts none.
//! Also: every key docs/format.md lists is used by some bundled map, so the round trips over every
//! bundled map (map_writer.rs, import_csv.rs) cover the whole format.

use std::collections::BTreeSet;

use ecomap::model::{Id, Map};
use ecomap::money::Money;
use serde_json::json;

use crate::support::{
    bundled_maps, dump, ecomap, ecomap_in, export_and_import, load, load_path, path, read, root,
    temp_dir, write_files, written_and_read,
};

const EXAMPLE: &str = "examples/planned-funding.yaml";

#[test]
fn the_example_has_every_kind_of_planned_line() {
    // So that the round trips below cover them all, whatever the example becomes.
    let map = load(EXAMPLE).map;
    let ca = &map.commissioners["ca"].planned;
    let ips = &map.services["ips"].planned;
    let hub = &map.services["hub"].planned;
    // On a commissioner: £90,000 from DWP for Connect, with a source of three parts; the ICB's,
    // with no amount and only a start.
    assert_eq!(ca.len(), 2);
    assert_eq!(ca[0].amount, Some(Money(9_000_000)));
    assert_eq!(ca[0].earmark, [Id::from("connect")]);
    let source = ca[0].source.as_ref().expect("a source");
    assert!(source.url.is_some() && source.as_of.is_some());
    assert_eq!(ca[1].amount, None);
    assert!(ca[1].contract.start.is_some() && ca[1].contract.end.is_none());
    // On services: the IPS re-tender at £125,000, beside a counted line; the hub's, no amount.
    assert_eq!(ips.len(), 1);
    assert_eq!(ips[0].amount, Some(Money(12_500_000)));
    assert_eq!(map.services["ips"].funding.len(), 1);
    assert_eq!(hub.len(), 1);
    assert_eq!(hub[0].amount, None);
    assert!(map.services["hub"].funding.is_empty());
}

#[test]
fn show_lists_the_planned_lines_and_counts_none_of_them() {
    let doc = ecomap(&["show", "--format", "json", EXAMPLE]).json();
    // Worked in the example's header: £120,000 + £80,000 + £60,000 + £15,000 = £275,000.
    assert_eq!(doc["counts"]["spend"], 27_500_000);
    assert_eq!(
        doc["planned"],
        json!([
            { "from": "dwp", "to": "ca", "amount": 9_000_000,
              "contract": { "start": "2026-04-01", "end": "2029-03-31" } },
            { "from": "icb", "to": "ca", "amount": null,
              "contract": { "start": "2026-04-01", "end": null } },
            { "from": "icb", "to": "ips", "amount": 12_500_000,
              "contract": { "start": "2026-04-01", "end": "2029-03-31" } },
            { "from": "council", "to": "hub", "amount": null,
              "contract": { "start": "2026-04-01", "end": "2028-03-31" } },
        ])
    );
    let text = ecomap(&["show", EXAMPLE]).stdout;
    assert!(
        crate::support::squash(&text).contains("£275,000 a year in funding to services"),
        "{text}"
    );
    assert!(
        crate::support::squash(&text)
            .contains("Planned funding (not awarded yet, not counted above)"),
        "{text}"
    );
    for row in [
        "dwp      ca     £90,000  2026-04-01  2029-03-31",
        "icb      ca   not known  2026-04-01  –",
        "icb      ips   £125,000  2026-04-01  2029-03-31",
        "council  hub  not known  2026-04-01  2028-03-31",
    ] {
        assert!(text.contains(row), "{row:?} not in:\n{text}");
    }
}

/// A map whose planned lines come before the counted ones and carry pence: the model keeps the
/// two apart, so the order between them is not the map's to keep, but everything else is.
const SMALL: &str = r#"
area: { id: a, name: A }
commissioners:
  dwp: { name: DWP, kind: dwp }
  ca:
    name: CA
    funded_by:
      - { from: dwp, status: planned, amount: "1,250.50", for: [s], source: { citation: "plan: draft", as_of: 2025-01-31 } }
      - { from: dwp, amount: 10, for: [s] }
      - { from: dwp, status: planned }
services:
  s:
    name: S
    stages: [job-search]
    referral: { self: true }
    funding:
      - { from: ca, status: planned, contract: { end: 2030-03-31 } }
      - { from: ca, amount: 10 }
"#;

/// The map of `yaml` after both round trips: written by the map writer and read, and exported
/// to tables and imported.
fn both_round_trips(original: &std::path::Path) -> (Map, Map) {
    let written = written_and_read(&load_path(original).map);
    let dir = export_and_import(original);
    (written, load_path(&dir.path().join("map")).map)
}

#[test]
fn planned_lines_survive_both_round_trips_exactly() {
    let dir = temp_dir();
    write_files(dir.path(), &[("small.yaml", SMALL)]);
    for original in [path(EXAMPLE), dir.path().join("small.yaml")] {
        let before = dump(&load_path(&original).map);
        let (written, tables) = both_round_trips(&original);
        assert_eq!(dump(&written), before, "{}: map writer", original.display());
        assert_eq!(dump(&tables), before, "{}: tables", original.display());
    }
    // The planned lines are really there to lose: 2 on ca and 1 on s, £1,250.50 kept to the penny.
    let small = load_path(&dir.path().join("small.yaml")).map;
    assert_eq!(small.commissioners["ca"].planned.len(), 2);
    assert_eq!(
        small.commissioners["ca"].planned[0].amount,
        Some(Money(125_050))
    );
    assert_eq!(small.services["s"].planned.len(), 1);
}

#[test]
fn the_writer_writes_a_planned_line_as_the_format_has_it() {
    let map = load(EXAMPLE).map;
    let files = ecomap::yaml::map::write(&map, &Default::default());
    let services = &files
        .iter()
        .find(|f| f.name == "services.yaml")
        .expect("services.yaml")
        .text;
    // By hand, from the example: the counted line, then the planned one with `status: planned`
    // after its amount (the order of docs/format.md); the hub's line has no amount at all.
    for block in [
        "    funding:\n      - from: icb\n        amount: 120000\n        contract: { start: 2024-04-01, end: 2026-03-31 }\n        source: ICB contract 2024\n      - from: icb\n        amount: 125000\n        status: planned\n        contract: { start: 2026-04-01, end: 2029-03-31 }\n        source: ICB procurement plan 2026\n",
        "    funding:\n      - from: council\n        status: planned\n        contract: { start: 2026-04-01, end: 2028-03-31 }\n        source: Council tender notice 0042\n",
    ] {
        assert!(services.contains(block), "{block}\nnot in:\n{services}");
    }
}

#[test]
fn funding_csv_gives_planned_lines_their_status() {
    let dir = export_and_import(&path(EXAMPLE));
    // By hand, from the example: commissioners' lines first, then services', each receiver's
    // counted lines before its planned ones; a planned line with no amount has an empty cell.
    assert_eq!(
        read(&dir.path().join("tables"), "funding.csv"),
        "to,from,amount,status,for,start,end,source,source_url,source_as_of\n\
         ca,dwp,60000.00,,connect,2025-04-01,2026-03-31,DWP grant letter 2025,,\n\
         ca,dwp,90000.00,planned,connect,2026-04-01,2029-03-31,\"DWP Connect to Work allocation, draft\",https://example.org/connect-allocation,2025-11-30\n\
         ca,icb,,planned,,2026-04-01,,,,\n\
         ips,icb,120000.00,,,2024-04-01,2026-03-31,ICB contract 2024,,\n\
         ips,icb,125000.00,planned,,2026-04-01,2029-03-31,ICB procurement plan 2026,,\n\
         day,council,80000.00,,,,,Council grant 2025,,\n\
         connect,ca,60000.00,,,,,,,\n\
         atw,dwp,15000.00,,,,,Illustrative share of the national grant,,\n\
         hub,council,,planned,,2026-04-01,2028-03-31,Council tender notice 0042,,\n"
    );
}

/// Tables for the mistakes below: one commissioner and one service.
const TABLES: [(&str, &str); 3] = [
    ("area.csv", "id,name\nt,Test\n"),
    ("commissioners.csv", "id,name\nicb,ICB\n"),
    (
        "services.csv",
        "id,name,stages,self_referral\nips,IPS,job-search,yes\n",
    ),
];

/// Runs `import csv tables -o map` with `funding` as funding.csv.
fn import_funding(funding: &str) -> (tempfile::TempDir, crate::support::Run) {
    let dir = temp_dir();
    let tables = dir.path().join("tables");
    std::fs::create_dir(&tables).expect("a folder");
    write_files(&tables, &TABLES);
    write_files(&tables, &[("funding.csv", funding)]);
    let run = ecomap_in(dir.path(), &["import", "csv", "tables", "-o", "map"]);
    (dir, run)
}

#[test]
fn a_status_in_capitals_is_planned_and_its_amount_may_be_empty() {
    let (dir, run) = import_funding("to,from,amount,status\nips,icb,10,\nips,icb,,Planned\n");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("2 funding lines (1 planned)"),
        "{}",
        run.stdout
    );
    let map = load_path(&dir.path().join("map")).map;
    let ips = &map.services["ips"];
    assert_eq!(ips.funding.len(), 1);
    assert_eq!(ips.funding[0].amount, Money(1000));
    assert_eq!(ips.planned.len(), 1);
    assert_eq!(ips.planned[0].amount, None);
}

#[test]
fn a_status_other_than_planned_or_a_paid_line_without_amount_is_shown_at_its_cell() {
    // Row 2: `awarded` is no status (`ips,icb,10,` is 11 characters: it starts at column 12).
    // Row 3: no amount and no status (`ips,icb,` is 8 characters: the empty cell is at column 9).
    let (dir, run) = import_funding("to,from,amount,status\nips,icb,10,awarded\nips,icb,,\n");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let e = &run.stderr;
    for expected in [
        "error[wrong-type]: row 2, column `status` of funding.csv: `awarded` is not a status of a funding line",
        "tables/funding.csv:2:12",
        "write `planned` for a contract not yet awarded",
        "error[missing-key]: row 3 of funding.csv has no amount",
        "tables/funding.csv:3:9",
        "write `planned` in `status` instead",
    ] {
        assert!(e.contains(expected), "{expected:?} not in:\n{e}");
    }
    assert!(!dir.path().join("map").exists(), "no map is written");
}

#[test]
fn a_problem_in_a_planned_line_is_shown_at_its_cell() {
    // `icbb` is no commissioner: found by validating the map the tables make, on the planned line
    // (written after the counted one), and shown at row 3, column `from` (column 5).
    let (_dir, run) = import_funding("to,from,amount,status\nips,icb,10,\nips,icbb,,planned\n");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let e = &run.stderr;
    for expected in [
        "error[unknown-reference]",
        "`icbb`",
        "tables/funding.csv:3:5",
        "row 3, column `from`",
    ] {
        assert!(e.contains(expected), "{expected:?} not in:\n{e}");
    }
    assert!(!e.contains(".yaml"), "shown in the tables:\n{e}");
}

#[test]
fn the_template_documents_the_status_column() {
    let template = read(&root().join("examples/spreadsheets"), "funding.csv");
    let header = template.lines().next().unwrap_or("");
    assert!(header.split(',').any(|c| c == "status"), "{header}");
    assert!(
        template
            .lines()
            .any(|l| l.split(',').nth(3) == Some("planned")),
        "{template}"
    );
}

/// The keys of a YAML document, at every depth, as `parent.key` paths' last parts.
fn keys_of(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                keys_of(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| keys_of(i, out)),
        _ => {}
    }
}

/// Every key the tables of docs/format.md list (rows of tables headed `| key |`), and the keys
/// of `outcomes`, which it lists in a sentence.
fn documented_keys() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md");
    let mut keys = BTreeSet::new();
    let mut in_key_table = false;
    for line in doc.lines() {
        if !line.starts_with('|') {
            in_key_table = false;
            continue;
        }
        if line.starts_with("| key |") {
            in_key_table = true;
            continue;
        }
        let first = line.split('|').nth(1).unwrap_or("").trim();
        if let Some(key) = first.strip_prefix('`').and_then(|k| k.strip_suffix('`'))
            && in_key_table
            && !key.contains('`')
        {
            keys.insert(key.to_owned());
        }
    }
    keys.extend(
        [
            "people_supported",
            "out_of_work",
            "job_starts",
            "sustained_13_weeks",
        ]
        .map(String::from),
    );
    keys
}

#[test]
fn every_key_of_the_format_is_used_by_some_bundled_map() {
    let documented = documented_keys();
    // The tables' keys are there to be found: a sample of every section's.
    for key in [
        "illustrative",
        "identifiers",
        "funded_by",
        "status",
        "for",
        "after_start",
    ] {
        assert!(
            documented.contains(key),
            "{key} not found in docs/format.md"
        );
    }
    for key in [
        "national",
        "employment_share",
        "as_of",
        "reason",
        "description",
        "all",
    ] {
        assert!(
            documented.contains(key),
            "{key} not found in docs/format.md"
        );
    }
    let mut used = BTreeSet::new();
    for m in bundled_maps() {
        let p = path(&m);
        let files: Vec<std::path::PathBuf> = if p.is_dir() {
            std::fs::read_dir(&p)
                .expect("a map folder")
                .map(|e| e.expect("an entry").path())
                .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect()
        } else {
            vec![p]
        };
        for f in files {
            let text = std::fs::read_to_string(&f).expect("a map file");
            let v: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
            keys_of(&v, &mut used);
        }
    }
    let missing: Vec<&String> = documented.difference(&used).collect();
    assert!(
        missing.is_empty(),
        "no bundled map uses {missing:?}, so no round trip test covers them"
    );
}
