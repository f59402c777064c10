//! Every report ends with its provenance (the map and its period, the sources it cites with their
//! as-of dates, the figures without a source, the ecomap version, the benchmark table's version, the
//! day it was made, and a warning line for an illustrative map) and explains every source code it
//! cites. Worked by hand on examples/provenance.yaml (its header says the same).

use crate::support::{EPOCH_2028_01_15, ecomap, ecomap_with, root, temp_dir, write_files};

const MAP: &str = "examples/provenance.yaml";

fn out(args: &[&str]) -> String {
    let run = ecomap(args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

/// The part of a Markdown report from its `## Provenance` heading on.
fn tail(report: &str) -> &str {
    let at = report
        .find("\n## Provenance\n")
        .expect("the report has a provenance");
    &report[at..]
}

#[test]
fn the_markdown_report_ends_with_its_provenance() {
    let md = out(&["report", MAP]);
    let end = tail(&md);
    // The provenance and the references are the last sections.
    let headings: Vec<&str> = end.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings, ["## Provenance", "## References"]);
    assert!(md.trim_end().ends_with("§ = numbered paragraph"), "{end}");
    let version = env!("CARGO_PKG_VERSION");
    for line in [
        "> **Illustration: this map says it is an illustration, not a real area's figures (area.illustrative: true). Do not quote its numbers as an area's.**".to_owned(),
        "- Map: examples/provenance.yaml, the area Provenance example (id provenance), period 2025-26.".to_owned(),
        // SOURCE_DATE_EPOCH, as the tests set it: 2026-01-01.
        format!("- Made on 2026-01-01 by ecomap {version}, against the benchmark table version 3 (its values checked against their sources on 2026-12-03, except 9 not checked against a copy of their source: ips-specialists-per-team-leader-ips-grow, "),
        // 1 population + 2 area figures + 2 cohort sizes + 2 funding lines = 7; without a source:
        // the 2 area figures, cohort `primary`, the council's funded_by line = 4.
        "- 4 of the 7 figures that need a source (the population, area figures, cohort sizes and funding lines) have none".to_owned(),
        "- Sources the map cites (2), each with its as-of date and what it is cited for:".to_owned(),
        "  - Borough JSNA 2025, as of 2025-03-31: area; cohort secondary".to_owned(),
        "  - Council contracts register, no as-of date: service club, funding from council".to_owned(),
    ] {
        assert!(end.contains(&line), "no `{line}` in\n{end}");
    }
    // The capacity section cites 002 and 004: both explained, and nothing else.
    let refs: Vec<&str> = end
        .lines()
        .skip_while(|l| *l != "## References")
        .filter(|l| l.starts_with("- 00"))
        .map(|l| &l[2..5])
        .collect();
    assert_eq!(refs, ["002", "004"]);
    assert!(end.contains("- 002: Peter Bates, National Development Team for Inclusion (NDTi)"));
}

#[test]
fn every_source_code_a_report_cites_is_explained() {
    // The bundled borough's report: every code 000-004 that stands as a word before the references
    // is among them.
    let md = out(&["report", "maps/riverside"]);
    let (body, refs) = md.split_once("\n## References\n").expect("references");
    let table = ecomap::benchmarks::Benchmarks::builtin();
    let explained: Vec<&str> = refs
        .lines()
        .filter(|l| l.starts_with("- 00"))
        .map(|l| &l[2..5])
        .collect();
    for r in &table.references {
        assert_eq!(
            r.cited_in(body),
            explained.contains(&r.code.as_str()),
            "{} cited: {}, explained: {explained:?}",
            r.code,
            r.cited_in(body)
        );
    }
    assert!(explained.contains(&"004"));
}

#[test]
fn the_json_and_html_reports_carry_the_same_provenance() {
    let j = ecomap(&["report", MAP, "-f", "json"]).json();
    let p = &j["provenance"];
    assert_eq!(p["map"], MAP);
    assert_eq!(p["area"], "provenance");
    assert_eq!(p["period"], "2025-26");
    assert_eq!(p["illustrative"], true);
    assert_eq!(p["figures"]["figures"], 7);
    assert_eq!(p["figures"]["without_source"], 4);
    assert_eq!(p["ecomap_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(p["benchmark_table"]["version"], 3);
    assert_eq!(p["benchmark_table"]["unchecked"][1], "ips-max-caseload");
    assert_eq!(p["made"], "2026-01-01");
    let sources = p["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0]["citation"], "Borough JSNA 2025");
    assert_eq!(sources[0]["as_of"], "2025-03-31");
    assert_eq!(
        sources[0]["cited_for"],
        serde_json::json!(["area", "cohort secondary"])
    );
    assert!(sources[1].get("as_of").is_none());
    // JSON readers can look up any code: every reference of the table is there.
    let codes: Vec<&str> = p["references"]
        .as_array()
        .expect("references")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(codes, ["000", "001", "002", "003", "004"]);

    let html = out(&["report", MAP, "-f", "html", "--renderer", "builtin"]);
    let at = html
        .find("<section id=\"provenance\">")
        .expect("a provenance section");
    let end = &html[at..];
    assert!(end.contains(
        "<p class=\"warning\"><strong>Illustration: this map says it is an illustration"
    ));
    assert!(end.contains("Made on 2026-01-01 by ecomap"));
    assert!(end.contains("4 of the 7 figures that need a source"));
    assert!(end.contains("<section id=\"references\">"));
    assert!(html.contains("<li><a href=\"#provenance\">Provenance</a></li>"));
}

#[test]
fn the_date_made_follows_source_date_epoch_and_runs_are_reproducible() {
    let first = out(&["report", MAP]);
    assert_eq!(first, out(&["report", MAP]));
    let later = ecomap_with(
        &root(),
        &["report", MAP],
        &[("SOURCE_DATE_EPOCH", EPOCH_2028_01_15)],
    );
    assert!(later.stdout.contains("- Made on 2028-01-15 by ecomap"));
}

#[test]
fn a_map_that_is_not_an_illustration_has_no_warning() {
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[(
            "map.yaml",
            "area: { id: real, name: Real area }\ncohorts: { c: { name: C, size: 10, needs: [job-search] } }\n",
        )],
    );
    let run = crate::support::ecomap_in(dir.path(), &["report", "map.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let end = tail(&run.stdout);
    assert!(!end.contains("Illustration"), "{end}");
    // One figure needs a source (the cohort's size) and has none.
    assert!(end.contains("The one figure that needs a source"), "{end}");
    assert!(end.contains("- The map cites no source."));
}
