//! The documents that describe the format stay true to the parser: `docs/ecomap.schema.json` (for
//! editors) and `docs/format.md` (for people) know every key the loader accepts, and no other.
//! The loader itself says which keys it accepts: an unknown key's help lists them.

use std::collections::BTreeSet;

use crate::support::{ecomap_in, root, temp_dir, write_files};

/// Each place in the format that takes a fixed set of keys: the schema's definition for it, and a
/// map with the unknown key `zzz` in that place.
const PLACES: &[(&str, &str)] = &[
    ("", "zzz: 1"),
    ("area", "area: { id: t, name: T, zzz: 1 }"),
    (
        "sourceFull",
        "area: { id: t, name: T, source: { citation: c, zzz: 1 } }",
    ),
    ("commissioner", "commissioners: { c: { name: C, zzz: 1 } }"),
    (
        "fundingLine",
        "commissioners: { c: { name: C, funded_by: [{ from: d, amount: 1, zzz: 1 }] } }",
    ),
    (
        "contract",
        "commissioners: { c: { name: C, funded_by: [{ from: d, amount: 1, contract: { zzz: 1 } }] } }",
    ),
    ("provider", "providers: { p: { name: P, zzz: 1 } }"),
    ("cohort", "cohorts: { c: { name: C, size: 1, zzz: 1 } }"),
    (
        "range",
        "cohorts: { c: { name: C, size: 1, attributes: { age: { zzz: 1 } } } }",
    ),
    ("service", "services: { s: { name: S, zzz: 1 } }"),
    (
        "referral",
        "services: { s: { name: S, referral: { zzz: 1 } } }",
    ),
    (
        "capacity",
        "services: { s: { name: S, capacity: { zzz: 1 } } }",
    ),
    (
        "outcomes",
        "services: { s: { name: S, outcomes: { zzz: 1 } } }",
    ),
    ("stage", "stages: { s: { zzz: 1 } }"),
    (
        "acceptedOverlap",
        "accepted_overlaps: [{ services: [a, b], zzz: 1 }]",
    ),
];

/// The keys the loader allows where `yaml` puts `zzz`, from the help of its unknown-key error.
fn allowed_keys(yaml: &str) -> BTreeSet<String> {
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", yaml)]);
    let doc = ecomap_in(dir.path(), &["validate", "--format", "json", "map.yaml"]).json();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "unknown-key", "{yaml}: {doc:#}");
    // The list ends the help's first part; the note that checks across the map wait follows it.
    let help = d["help"].as_str().unwrap_or("");
    let help = help
        .split(" Until this file reads whole")
        .next()
        .unwrap_or(help);
    let list = help.rsplit(": ").next().unwrap_or("").trim_end_matches('.');
    list.split(", ").map(str::to_owned).collect()
}

fn schema() -> serde_json::Value {
    let text =
        std::fs::read_to_string(root().join("docs/ecomap.schema.json")).expect("the schema exists");
    serde_json::from_str(&text).expect("the schema is valid JSON")
}

#[test]
fn the_schema_is_draft_07_json() {
    let s = schema();
    assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(s["type"], "object");
    assert_eq!(
        s["additionalProperties"], false,
        "unknown top-level keys are errors, as in the loader"
    );
}

#[test]
fn the_schema_has_exactly_the_keys_the_loader_accepts() {
    let s = schema();
    for (definition, yaml) in PLACES {
        let node = if definition.is_empty() {
            &s
        } else {
            &s["definitions"][definition]
        };
        let in_schema: BTreeSet<String> = node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("the schema has no properties for `{definition}`"))
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            in_schema,
            allowed_keys(yaml),
            "schema definition `{definition}`"
        );
    }
}

#[test]
fn format_md_documents_every_key_the_loader_accepts() {
    let doc =
        std::fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md exists");
    for (place, yaml) in PLACES {
        for key in allowed_keys(yaml) {
            assert!(
                doc.contains(&format!("`{key}`")),
                "docs/format.md does not mention `{key}` ({place})"
            );
        }
    }
}
