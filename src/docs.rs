//! The documentation pages and the JSON Schema of the map format, embedded in the binary, so that
//! someone who installed with `cargo install` can read them (`ecomap docs TOPIC`, `ecomap schema`)
//! and every help text can name a page that exists (`see: ecomap docs format`). The files in `docs/`
//! are the one source; nothing here is written by hand twice.

/// One page of documentation.
#[derive(Debug, Clone, Copy)]
pub struct Topic {
    /// What to type after `ecomap docs`.
    pub name: &'static str,
    /// One line saying what the page covers.
    pub summary: &'static str,
    /// The page, as Markdown.
    pub text: &'static str,
}

const fn topic(name: &'static str, summary: &'static str, text: &'static str) -> Topic {
    Topic {
        name,
        summary,
        text,
    }
}

/// Every page, in the order `ecomap docs` lists them.
pub const TOPICS: &[Topic] = &[
    topic(
        "format",
        "the map format: every key, with its meaning and an example",
        include_str!("../docs/format.md"),
    ),
    topic(
        "diagnostics",
        "every problem ecomap reports, and how to mend it",
        include_str!("../docs/diagnostics.md"),
    ),
    topic(
        "gaps",
        "routes and gaps: how they are found, what each kind means",
        include_str!("../docs/gaps.md"),
    ),
    topic(
        "overlap",
        "duplicated provision: how overlaps are weighed and ranked",
        include_str!("../docs/overlap.md"),
    ),
    topic(
        "report",
        "the gap report's sections, and `check`",
        include_str!("../docs/report.md"),
    ),
    topic(
        "funding",
        "funding flows from funders to services, cohorts and stages",
        include_str!("../docs/funding.md"),
    ),
    topic(
        "capacity",
        "capacity against published benchmarks, each with its source",
        include_str!("../docs/capacity.md"),
    ),
    topic(
        "retender",
        "contracts ending, and what-if",
        include_str!("../docs/retender.md"),
    ),
    topic(
        "compare",
        "comparing areas, and versions of one area's map",
        include_str!("../docs/compare.md"),
    ),
    topic(
        "diagrams",
        "the diagrams (DOT, SVG, PNG, Mermaid) and the HTML report",
        include_str!("../docs/diagrams.md"),
    ),
    topic(
        "exports",
        "GraphML, GEXF, Kumu and Mermaid; init, schema, completions, the man page, reading from stdin",
        include_str!("../docs/exports.md"),
    ),
    topic(
        "import",
        "adding 360Giving grants and OCDS contracts to a map as funding lines",
        include_str!("../docs/import.md"),
    ),
    topic(
        "spreadsheets",
        "a map from spreadsheet tables (`import csv`), and back (`export csv`): every column",
        include_str!("../docs/spreadsheets.md"),
    ),
    topic(
        "openreferral",
        "a first map from a council's Open Referral directory of services",
        include_str!("../docs/openreferral.md"),
    ),
    topic(
        "json",
        "the JSON each command writes: a contract for programs",
        include_str!("../docs/json.md"),
    ),
    topic(
        "performance",
        "how fast ecomap is at every size, `ecomap generate`, and how to measure it",
        include_str!("../docs/performance.md"),
    ),
    topic(
        "robustness",
        "what ecomap guards against in its input and output, its limits and how to raise them",
        include_str!("../docs/robustness.md"),
    ),
];

/// The page named `name`.
pub fn topic_named(name: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.name == name)
}

/// The JSON Schema of the map format, for editors (`ecomap schema`).
pub const SCHEMA: &str = include_str!("../docs/ecomap.schema.json");

/// Where editors fetch the schema from when a map's first line names it. The project's published
/// copy on its main branch; `ecomap schema > ecomap.schema.json` gives one to point at offline.
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/ecomap/ecomap/main/docs/ecomap.schema.json";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_unique_and_each_page_has_a_title() {
        for (i, t) in TOPICS.iter().enumerate() {
            assert!(
                TOPICS[..i].iter().all(|o| o.name != t.name),
                "{} twice",
                t.name
            );
            assert!(t.text.starts_with("# "), "{} has no title", t.name);
        }
    }

    #[test]
    fn the_schema_is_json() {
        let v: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema parses");
        assert_eq!(v["type"], "object");
    }
}
