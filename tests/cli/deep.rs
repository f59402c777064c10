//! Maps that go deep through their references: rules that use rules, commissioners that fund
//! commissioners. However long the chain, the tool answers (an analysis, or a located error) and
//! never runs out of stack or time; honest depths are analysed as written.

use std::fmt::Write as _;

use crate::support::{ecomap_in, temp_dir, write_files};

/// A map whose one service's eligibility is rule `r0`, with `rules` (each `rN: …`) below.
fn map_with_rules(rules: &str, attributes: &str) -> String {
    format!(
        "area: {{ id: t, name: T }}
commissioners:
  council: {{ name: Council }}
cohorts:
  people: {{ name: People, size: 10, needs: [job-search], enters_via: [svc], attributes: {attributes} }}
services:
  svc:
    name: Service
    model: job-club
    stages: [job-search]
    referral: {{ self: true }}
    eligibility: r0
    funding: [{{ from: council, amount: 1000 }}]
rules:
{rules}"
    )
}

/// The (code, line, message) of each diagnostic of `validate --format json` on `yaml`.
fn diagnostics(yaml: &str) -> (i32, Vec<(String, u64, String)>) {
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", yaml)]);
    let run = ecomap_in(dir.path(), &["validate", "--format", "json", "map.yaml"]);
    let doc = run.json();
    let list = (doc["diagnostics"].as_array().cloned().unwrap_or_default())
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    (run.code, list)
}

/// `rules:` lines of a chain: `rN` uses `rN+1`, the last is the term `employment: unemployed`.
fn chain(n: usize) -> String {
    let mut rules = String::new();
    for i in 0..n - 1 {
        let _ = writeln!(rules, "  r{i}: {{ rule: r{} }}", i + 1);
    }
    let _ = writeln!(rules, "  r{}: {{ employment: unemployed }}", n - 1);
    rules
}

/// The line `rules:` is on in [`map_with_rules`]: the rules start on the next.
const RULES_LINE: u64 = 14;

#[test]
fn a_chain_of_thousands_of_rules_is_a_located_error_not_a_crash() {
    // r29999 is one term: 1 level. Each rule using the next is two levels more: rK nests
    // 1 + 2 × (29,999 − K) levels, over 48 first at K = 29,975 (49 levels). That rule is the
    // one reported; the 29,975 rules using it are too deep only through it, and are not.
    let (code, found) = diagnostics(&map_with_rules(
        &chain(30_000),
        "{ employment: unemployed }",
    ));
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, line, message) = &found[0];
    assert_eq!(code, "rule-too-large");
    // rK is on the line after `rules:` plus K.
    assert_eq!(*line, RULES_LINE + 1 + 29_975);
    assert!(
        message.starts_with("the rule `r29975` nests 49 levels deep"),
        "{message}"
    );
}

#[test]
fn rules_that_double_at_every_step_are_refused_before_they_are_written_out() {
    // rK is `all` of r(K+1) twice; r30 is one term. Written out, rK stands for 2^(30 − K) terms:
    // over 10,000 first at K = 16 (16,384). Deciding it term by term would take 2^30 steps.
    let mut rules = String::new();
    for i in 0..30 {
        let _ = writeln!(
            rules,
            "  r{i}: {{ all: [{{ rule: r{n} }}, {{ rule: r{n} }}] }}",
            n = i + 1
        );
    }
    rules.push_str("  r30: { employment: unemployed }\n");
    let (code, found) = diagnostics(&map_with_rules(&rules, "{ employment: unemployed }"));
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, line, message) = &found[0];
    assert_eq!(code, "rule-too-large");
    assert_eq!(*line, RULES_LINE + 1 + 16);
    assert!(
        message.starts_with("the rule `r16` stands for 16,384 attribute terms"),
        "{message}"
    );
}

#[test]
fn an_honest_chain_of_rules_is_followed_to_its_last_term() {
    // 24 rules, each using the next: r0 nests 1 + 2 × 23 = 47 levels, within the 48 allowed. The
    // last rule's one term decides: an unemployed cohort is eligible (no gap), an employed one
    // is not (a gap, not eligible, its reason the last rule's term).
    let rules = chain(24);
    let (code, found) = diagnostics(&map_with_rules(&rules, "{ employment: unemployed }"));
    assert_eq!((code, found), (0, Vec::new()));
    for (attributes, gaps) in [
        ("{ employment: unemployed }", 0),
        ("{ employment: employed }", 1),
    ] {
        let dir = temp_dir();
        write_files(
            dir.path(),
            &[("map.yaml", &map_with_rules(&rules, attributes))],
        );
        let doc = ecomap_in(dir.path(), &["gaps", "--format", "json", "map.yaml"]).json();
        let list = doc["gaps"].as_array().cloned().unwrap_or_default();
        assert_eq!(list.len(), gaps, "{attributes}: {doc:#}");
        if let Some(gap) = list.first() {
            assert_eq!(gap["kind"], "not-eligible", "{gap:#}");
            let text = gap.to_string();
            assert!(text.contains("r23"), "the deciding rule is named: {gap:#}");
        }
    }
}

#[test]
fn money_passed_down_a_chain_of_thousands_of_commissioners_reaches_the_service_from_the_first() {
    // c0 pays c1 £1, c1 pays c2 £1, … c29999 pays the service £1: the service's one funding line
    // is from c29999, and all of its money came from c0 (each commissioner passes on all it got).
    let mut yaml = String::from("area: { id: t, name: T }\ncommissioners:\n  c0: { name: C0 }\n");
    for i in 1..30_000 {
        let _ = writeln!(
            yaml,
            "  c{i}: {{ name: C{i}, funded_by: [{{ from: c{}, amount: 1 }}] }}",
            i - 1
        );
    }
    yaml.push_str(
        "cohorts:
  people: { name: People, size: 10, needs: [job-search], enters_via: [svc] }
services:
  svc: { name: Service, model: job-club, stages: [job-search], referral: { self: true }, funding: [{ from: c29999, amount: 1 }] }
",
    );
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", &yaml)]);
    let run = ecomap_in(dir.path(), &["funding", "--format", "json", "map.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    let service = &doc["services"][0];
    assert_eq!(service["id"], "svc");
    // £1 is 100 pence.
    assert_eq!(service["spend"], 100);
    assert_eq!(
        service["origins"],
        serde_json::json!([{ "id": "c0", "amount": 100 }])
    );
}
