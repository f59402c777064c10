//! The JSON contract: one snapshot of every document type the tool writes, each from a small example
//! map, so that any change to a field, its name, its order or its meaning shows up in review (accept
//! a deliberate change with `cargo insta review`, and raise `export::json::VERSION` if a field
//! changed meaning or went away). `docs/json.md` documents every type: a test checks that it names
//! each one and each of its top-level fields.

use std::process::Output;

use crate::support::path;
use serde_json::Value;

/// Every document type, with a command that writes it, the exit code that command ends with, and
/// what the example shows.
const DOCUMENTS: &[(&str, &[&str], i32)] = &[
    // A misspelt provider: one error, located, with "did you mean".
    (
        "diagnostics",
        &[
            "validate",
            "examples/bad/unknown-reference--misspelt-provider.yaml",
        ],
        1,
    ),
    // Two services, one cohort, no rules.
    ("summary", &["show", "examples/gap-no-service.yaml"], 0),
    // Eligibility only through `any`, and a cohort that fails both branches.
    (
        "eligibility",
        &["eligibility", "examples/eligibility-any.yaml"],
        0,
    ),
    // One route through a chain of four services.
    ("routes", &["routes", "examples/referral-chain.yaml"], 0),
    // An unreachable gap: blockers, referrers and the missing link.
    ("gaps", &["gaps", "examples/gap-unreachable.yaml"], 0),
    // An accepted overlap, a concern and an acceptance that matches nothing.
    ("overlap", &["overlap", "examples/overlap-accepted.yaml"], 0),
    // The whole report of the smallest example: a no-service gap.
    ("report", &["report", "examples/gap-no-service.yaml"], 0),
    // The same map fails `check` on its gap.
    ("check", &["check", "examples/gap-no-service.yaml"], 1),
    // Two levels of funders, a pooled service, a service serving three cohorts.
    ("funding", &["funding", "examples/funding.yaml"], 0),
    // 004's worked IPS figures; other area figures missing, and named.
    ("capacity", &["capacity", "examples/ips-demand-004.yaml"], 0),
    // The table with a map's override.
    (
        "benchmarks",
        &["benchmarks", "examples/benchmark-override.yaml"],
        0,
    ),
];

fn run(args: &[&str]) -> Output {
    crate::support::ecomap_cmd()
        .current_dir(crate::support::root())
        .env("NO_COLOR", "1")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("ecomap runs")
}

/// The document a command writes, checked for its tag, version and exit code.
fn document(kind: &str) -> Value {
    let (_, args, code) = DOCUMENTS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .unwrap_or_else(|| panic!("no example for `{kind}`"));
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(*code),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(v["type"], kind, "{args:?}");
    assert_eq!(v["version"], ecomap::export::json::VERSION, "{args:?}");
    v
}

macro_rules! contract {
    ($($test:ident: $kind:literal,)*) => {$(
        #[test]
        fn $test() {
            insta::assert_json_snapshot!($kind, document($kind));
        }
    )*};
}

contract! {
    diagnostics: "diagnostics",
    summary: "summary",
    eligibility: "eligibility",
    routes: "routes",
    gaps: "gaps",
    overlap: "overlap",
    report: "report",
    check: "check",
    funding: "funding",
    capacity: "capacity",
    benchmarks: "benchmarks",
}

#[test]
fn every_command_writing_json_has_an_example_here() {
    // Each command that takes `--format json`, and the document it writes; a map with errors gives
    // `diagnostics` instead, whatever the command.
    let commands = [
        ("validate", "diagnostics"),
        ("show", "summary"),
        ("eligibility", "eligibility"),
        ("routes", "routes"),
        ("gaps", "gaps"),
        ("overlap", "overlap"),
        ("report", "report"),
        ("check", "check"),
        ("funding", "funding"),
        ("capacity", "capacity"),
        ("benchmarks", "benchmarks"),
    ];
    for (command, kind) in commands {
        assert!(
            DOCUMENTS
                .iter()
                .any(|(k, args, _)| *k == kind && args[0] == command),
            "`{command}` writes `{kind}`: add it to DOCUMENTS"
        );
    }
    // A map with errors: any command writes the diagnostics document, exit code 1.
    let o = run(&[
        "report",
        "examples/bad/unknown-reference--misspelt-provider.yaml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(v["type"], "diagnostics");
}

/// The part of docs/json.md under `` ## `kind` ``, up to the next `## `.
fn section<'d>(doc: &'d str, kind: &str) -> &'d str {
    let head = format!("\n## `{kind}`");
    let start = doc
        .find(&head)
        .unwrap_or_else(|| panic!("docs/json.md has no section `## `{kind}``"));
    let rest = &doc[start + head.len()..];
    rest.find("\n## ").map_or(rest, |end| &rest[..end])
}

#[test]
fn docs_json_md_documents_every_type_and_its_fields() {
    let doc = std::fs::read_to_string(path("docs/json.md")).expect("docs/json.md exists");
    for (kind, _, _) in DOCUMENTS {
        let text = section(&doc, kind);
        let v = document(kind);
        let fields = v.as_object().expect("a document is an object");
        for key in fields.keys().filter(|k| *k != "type" && *k != "version") {
            assert!(
                text.contains(&format!("`{key}`")),
                "docs/json.md, section `{kind}`, does not name the field `{key}`"
            );
        }
    }
    // The versioning rule names the constant it is kept in.
    assert!(doc.contains("export::json::VERSION"));
    assert!(doc.contains(&format!(
        "The current version is {}.",
        ecomap::export::json::VERSION
    )));
}
