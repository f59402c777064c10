//! Every map users start from validates with no errors: the small maps in `examples/` (not
//! `examples/bad/`, nor the spreadsheet template `examples/spreadsheets/`) and the realistic ones
//! in `maps/`, whichever exist.

use crate::support::{NOT_MAPS, ecomap, root};

/// Maps under `dir`: each `.yaml`/`.yml` file, and each sub-folder (a map in several files).
fn maps_in(dir: &str, skip: &[&str]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
        return Vec::new();
    };
    let mut maps: Vec<String> = entries
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|name| !skip.contains(&name.as_str()))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    maps.sort();
    maps
}

#[test]
fn every_example_and_shipped_map_validates_without_errors() {
    let mut maps = maps_in("examples", NOT_MAPS);
    maps.extend(maps_in("maps", &[]));
    assert!(
        maps.contains(&"examples/sample.yaml".to_owned()),
        "found {maps:?}"
    );
    for map in &maps {
        let run = ecomap(&["validate", "--format", "json", map]);
        let doc = run.json();
        assert_eq!(doc["errors"], 0, "{map} has errors:\n{doc:#}");
        assert_eq!(run.code, 0, "{map}");
        // A valid map can be shown and its eligibility computed.
        for command in ["show", "eligibility"] {
            let run = ecomap(&[command, map]);
            assert_eq!(run.code, 0, "{command} {map}: {}", run.stderr);
            assert!(!run.stdout.is_empty(), "{command} {map} printed nothing");
        }
    }
}

#[test]
fn the_sample_map_loads_exactly_as_written_in_issue_2() {
    // The sample is the map printed in the issue; what `show` counts was counted by hand from it:
    // 4 commissioners, 4 providers, 6 services, 3 cohorts of 1,840 + 4,200 + 600 = 6,640 people,
    // 5 rules; funding to services 180,000 + 90,000 + 30,000 + 400,000 = £700,000 a year.
    let doc = ecomap(&["show", "--format", "json", "examples/sample.yaml"]).json();
    let counts = &doc["counts"];
    assert_eq!(counts["commissioners"], 4);
    assert_eq!(counts["providers"], 4);
    assert_eq!(counts["services"], 6);
    assert_eq!(counts["cohorts"], 3);
    assert_eq!(counts["rules"], 5);
    assert_eq!(counts["people_in_cohorts"], 6640);
    // Money is kept exactly, in pence.
    assert_eq!(counts["spend"], 70_000_000);
}
