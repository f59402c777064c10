//! Diagnostics as data: small maps built in memory, checked for the code, file, line, column and
//! width of what each diagnostic points at. The wording is tested once, in `tests/cli/bad_maps.rs`;
//! here a message may change freely, a location may not.

use super::{Options, check};
use crate::diag::{Code, Severity};
use crate::load::Sources;

/// Where a diagnostic points: code, file, 1-based line and column (in characters), width in bytes.
type Place = (Code, String, usize, usize, usize);

fn places_with(files: &[(&str, &str)], options: Options) -> Vec<Place> {
    let mut sources = Sources::default();
    for (name, text) in files {
        sources.add(*name, *text);
    }
    let (_, diagnostics) = check(&sources, options);
    diagnostics
        .0
        .iter()
        .map(|d| {
            let (file, line, column) = d
                .line_col(&sources)
                .expect("every diagnostic here is located");
            let width = d.primary.as_ref().map_or(0, |l| l.span.range.len());
            (d.code, file, line, column, width)
        })
        .collect()
}

fn places(files: &[(&str, &str)]) -> Vec<Place> {
    places_with(files, Options::default())
}

fn place(code: Code, file: &str, line: usize, column: usize, width: usize) -> Place {
    (code, file.to_owned(), line, column, width)
}

/// A clean map to add mistakes to: one of each entity, everything used, nothing to warn about.
const CLEAN: &str = "\
area: { id: town, name: Town }
commissioners:
  council: { name: Town Council, kind: local_authority }
providers:
  mind: { name: Town Mind, sector: voluntary }
rules:
  adult: { age: { min: 18, max: 64 } }
services:
  job-club:
    name: Job club
    provider: mind
    model: job-club
    stages: [job-search]
    eligibility: adult
    referral: { self: true }
    funding: [{ from: council, amount: 10000 }]
cohorts:
  adults:
    name: Adults out of work
    size: 100
    needs: [job-search]
    enters_via: [job-club]
";

#[test]
fn the_clean_map_has_no_diagnostics() {
    assert_eq!(places(&[("map.yaml", CLEAN)]), vec![]);
}

#[test]
fn an_unknown_reference_points_at_the_id_and_spans_it_exactly() {
    let map = CLEAN.replace("provider: mind", "provider: mindd");
    // Line 11 `    provider: mindd`: the id starts after 4 spaces and `provider: ` (10 characters).
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![place(Code::UnknownReference, "map.yaml", 11, 15, 5)]
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let map = CLEAN
        .replace("provider: mind", "provider: nobody")
        .replace("stages: [job-search]", "stages: [job-hunting]")
        .replace("size: 100", "size: -1")
        .replace("enters_via: [job-club]", "enters_via: [job-clab]");
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![
            place(Code::UnknownReference, "map.yaml", 11, 15, 6),
            place(Code::UndeclaredStage, "map.yaml", 13, 14, 11),
            place(Code::NegativeValue, "map.yaml", 20, 11, 2),
            place(Code::UnknownReference, "map.yaml", 22, 18, 8),
        ]
    );
}

#[test]
fn a_duplicate_id_across_files_points_at_both() {
    let more = "services:\n  job-club:\n    name: Again\n";
    let mut sources = Sources::default();
    sources.add("a.yaml", CLEAN);
    sources.add("b.yaml", more);
    let (_, diagnostics) = check(&sources, Options::default());
    let [d] = diagnostics.0.as_slice() else {
        panic!("one diagnostic: {diagnostics:?}")
    };
    assert_eq!(d.code, Code::DuplicateId);
    // The second definition is the problem (b.yaml line 2), the first explains it (a.yaml line 9).
    assert_eq!(d.line_col(&sources), Some(("b.yaml".to_owned(), 2, 3)));
    let first = &d.secondary[0].span;
    assert_eq!(
        (
            sources.name(first.file),
            sources.line_col(first),
            first.range.len()
        ),
        ("a.yaml", (9, 3), 8)
    );
}

#[test]
fn columns_count_characters_and_widths_count_bytes() {
    // `ö` is one character but two bytes: the column after it counts it once, the width twice.
    let map = CLEAN.replace("kind: local_authority }", "kind: cöuncil }");
    // Line 3 `  council: { name: Town Council, kind: cöuncil }`: `cöuncil` is the 40th character.
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![place(Code::UnknownKind, "map.yaml", 3, 40, 8)]
    );
    let before = CLEAN
        .replace("name: Town Council,", "name: Tôwn Cöuncil,")
        .replace("kind: local_authority", "kind: x");
    // Two two-byte characters earlier on the line do not move the column.
    assert_eq!(
        places(&[("map.yaml", &before)]),
        vec![place(Code::UnknownKind, "map.yaml", 3, 40, 1)]
    );
}

#[test]
fn a_file_that_does_not_parse_stops_checking_after_parsing() {
    // b.yaml is broken; a.yaml is missing nothing, and the services b.yaml would have defined are not
    // reported missing: only the parse error comes back.
    let broken = "services:\n  other: { name: \"Other }\n";
    assert_eq!(
        places(&[("a.yaml", CLEAN), ("b.yaml", broken)]),
        vec![place(Code::YamlSyntax, "b.yaml", 2, 18, 1)]
    );
}

#[test]
fn a_duplicate_key_names_where_it_was_first_given() {
    let map = CLEAN.replace(
        "cohorts:\n",
        "cohorts:\n  adults:\n    name: First\n    size: 1\n",
    );
    let mut sources = Sources::default();
    sources.add("map.yaml", map.as_str());
    let (_, diagnostics) = check(&sources, Options::default());
    // The first `adults` alone is read on past the error, and warned of for what it lacks.
    let errors: Vec<_> = diagnostics.0.iter().filter(|d| d.is_error()).collect();
    let [d] = errors.as_slice() else {
        panic!("one error: {diagnostics:?}")
    };
    assert_eq!(d.code, Code::DuplicateKey);
    // The second `adults:` (line 21) is the error; the first (line 18) is labelled too.
    assert_eq!(d.line_col(&sources), Some(("map.yaml".to_owned(), 21, 3)));
    assert_eq!(sources.line_col(&d.secondary[0].span), (18, 3));
    assert_eq!(d.secondary[0].span.range.len(), "adults".len());
}

#[test]
fn a_missing_key_points_at_the_entry_that_lacks_it() {
    let map = CLEAN.replace("    name: Job club\n", "");
    // Line 9 `  job-club:` is the service without a name.
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![place(Code::MissingKey, "map.yaml", 9, 3, 8)]
    );
}

#[test]
fn a_cycle_of_three_rules_is_reported_once() {
    let map = CLEAN.replace(
        "  adult: { age: { min: 18, max: 64 } }\n",
        "  adult: { rule: b }\n  b: { rule: c }\n  c: { rule: adult }\n",
    );
    // Found from `adult`, closed by `c`'s reference back to `adult`: line 9 `  c: { rule: adult }`,
    // where `adult` follows 13 characters.
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![place(Code::RuleCycle, "map.yaml", 9, 14, 5)]
    );
}

#[test]
fn warnings_are_warnings_and_strict_adds_sources() {
    let map = CLEAN.replace(
        "  adult: { age: { min: 18, max: 64 } }\n",
        "  adult: {}\n  unused: {}\n",
    );
    let mut sources = Sources::default();
    sources.add("map.yaml", map.as_str());
    let (valid, diagnostics) = check(&sources, Options::default());
    assert!(valid.is_some(), "warnings do not stop a map");
    assert_eq!(
        diagnostics
            .0
            .iter()
            .map(|d| (d.code, d.severity))
            .collect::<Vec<_>>(),
        vec![(Code::UnusedRule, Severity::Warning)]
    );
    // Under --strict: the funding line and the cohort's size have no source. The two rules take lines
    // 7 and 8, so the funding is on line 17, its line starting at the `{` after `    funding: [`,
    // and the size on line 21.
    let strict = places_with(&[("map.yaml", &map)], Options { strict: true });
    assert_eq!(
        strict,
        vec![
            place(Code::UnusedRule, "map.yaml", 8, 3, 6),
            place(Code::MissingSource, "map.yaml", 17, 15, 1),
            place(Code::MissingSource, "map.yaml", 21, 11, 3),
        ]
    );
}

#[test]
fn a_planned_line_needs_no_amount_and_is_not_counted() {
    let map = CLEAN.replace(
        "funding: [{ from: council, amount: 10000 }]",
        "funding: [{ from: council, amount: 10000 }, { from: council, status: planned }]",
    );
    let mut sources = Sources::default();
    sources.add("map.yaml", map.as_str());
    let (model, diagnostics) = check(&sources, Options::default());
    assert!(diagnostics.0.is_empty(), "{diagnostics:?}");
    let s = &model.expect("valid").services["job-club"];
    // The counted line alone is spend: £10,000; the planned one is listed apart, with no amount.
    assert_eq!(s.spend(), crate::money::Money(1_000_000));
    assert_eq!(s.planned.len(), 1);
    assert_eq!(s.planned[0].amount, None);
}

#[test]
fn a_line_without_amount_or_with_a_misspelt_status_is_located() {
    let no_amount = CLEAN.replace(
        "funding: [{ from: council, amount: 10000 }]",
        "funding: [{ from: council }]",
    );
    // Line 16 `    funding: [{ from: council }]`: the line's mapping starts at column 15.
    assert_eq!(
        places(&[("map.yaml", &no_amount)]),
        vec![place(Code::MissingKey, "map.yaml", 16, 15, 1)]
    );
    let misspelt = CLEAN.replace("amount: 10000 }", "amount: 10000, status: plannd }");
    // `plannd` starts after `    funding: [{ from: council, amount: 10000, status: `: 4 spaces,
    // `funding: ` 9, `[{ ` 3, `from: council, ` 15, `amount: 10000, ` 15, `status: ` 8 = 54 characters.
    assert_eq!(
        places(&[("map.yaml", &misspelt)]),
        vec![place(Code::WrongType, "map.yaml", 16, 55, 6)]
    );
}

#[test]
fn a_service_with_only_planned_funding_is_warned_about() {
    let map = CLEAN.replace(
        "funding: [{ from: council, amount: 10000 }]",
        "funding: [{ from: council, status: planned }]",
    );
    // The warning points at the service's id, line 9 column 3.
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![place(Code::UnfundedService, "map.yaml", 9, 3, 8)]
    );
}

/// CLEAN with a cohort attribute `care` and a rule `specialist` testing it, used by `ips`.
fn with_care(cohort_care: &str, rule_care: &str) -> String {
    CLEAN
        .replace(
            "  adult: { age: { min: 18, max: 64 } }",
            &format!(
                "  adult: {{ age: {{ min: 18, max: 64 }} }}\n  specialist: {{ care: {rule_care} }}"
            ),
        )
        .replace(
            "    size: 100\n",
            &format!("    size: 100\n    attributes: {{ care: {cohort_care} }}\n"),
        )
        .replace(
            "    eligibility: adult\n",
            "    eligibility: { all: [{ rule: adult }, { rule: specialist }] }\n",
        )
}

#[test]
fn a_cohort_word_differing_from_a_rule_word_in_capitals_is_warned_of_at_the_cohort() {
    let map = with_care("Secondary", "secondary");
    // Line 8 `  specialist: { care: secondary }`; line 22 `    attributes: { care: Secondary }`:
    // the cohort's word has capitals where the rule's has none, so it is the odd one out: column
    // 5 + `attributes: { care: ` (20) = 25, `Secondary` 9 bytes wide.
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![place(Code::UnmatchedWord, "map.yaml", 22, 25, 9)]
    );
}

#[test]
fn a_rule_word_one_letter_from_the_cohorts_is_warned_of_at_the_rule() {
    let map = with_care("secondary", "secundary");
    // Line 8 `  specialist: { care: secundary }`: column 3 + `specialist: { care: ` (20) = 23.
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![place(Code::UnmatchedWord, "map.yaml", 8, 23, 9)]
    );
}

#[test]
fn words_far_apart_short_words_and_words_on_both_sides_are_not_warned_of() {
    // `tertiary` is far from `secondary`: a rule for cohorts not yet mapped.
    assert_eq!(
        places(&[("map.yaml", &with_care("secondary", "tertiary"))]),
        vec![]
    );
    // `esa` and `jsa` are one letter apart, but are two benefits: short words are compared by
    // capitals alone.
    assert_eq!(places(&[("map.yaml", &with_care("jsa", "esa"))]), vec![]);
    // `Secondary` and `secondary` both in the rule: the cohort's word is tested for, as written.
    assert_eq!(
        places(&[(
            "map.yaml",
            &with_care("Secondary", "[secondary, Secondary]")
        )]),
        vec![]
    );
}

#[test]
fn a_model_and_a_reference_in_capitals_point_at_the_word() {
    // Line 12 `    model: JOB-CLUB`: column 5 + `model: ` (7) = 12, 8 wide; a warning, the map loads.
    let map = CLEAN.replace("model: job-club", "model: JOB-CLUB");
    assert_eq!(
        places(&[("map.yaml", &map)]),
        vec![place(Code::UnknownModel, "map.yaml", 12, 12, 8)]
    );
}

#[test]
fn a_period_not_read_as_dates_is_warned_of_where_it_is_written() {
    // Line 1 `area: { id: town, name: Town, period: … }`: the period after `area: { id: town, name:
    // Town, period: ` (38 characters), at column 39. `25-26` has no four-digit year, and `April
    // 2025 to March 2026` no date written YYYY-MM-DD: neither is read as dates.
    for period in ["25-26", "April 2025 to March 2026"] {
        let map = CLEAN.replace(
            "area: { id: town, name: Town }",
            &format!("area: {{ id: town, name: Town, period: {period} }}"),
        );
        assert_eq!(
            places(&[("map.yaml", &map)]),
            vec![place(Code::UndatedPeriod, "map.yaml", 1, 39, period.len())]
        );
    }
    // The forms read are not warned of.
    for period in ["2025-26", "2025/26", "2025", "2025-04-01 to 2026-03-31"] {
        let map = CLEAN.replace(
            "area: { id: town, name: Town }",
            &format!("area: {{ id: town, name: Town, period: {period} }}"),
        );
        assert_eq!(places(&[("map.yaml", &map)]), vec![], "{period}");
    }
}

#[test]
fn needs_listed_for_two_stages_or_more_are_warned_of_once_at_the_list() {
    // Line 21 `    needs: [job-search, in-work]`: the list after `    needs: ` (11 characters), at
    // column 12; one warning for the cohort, not one a stage.
    let map = CLEAN.replace("needs: [job-search]", "needs: [job-search, in-work]");
    let found = places(&[("map.yaml", &map)]);
    assert!(
        found.contains(&place(Code::WholeCohortNeeds, "map.yaml", 21, 12, 1))
            && found
                .iter()
                .filter(|p| p.0 == Code::WholeCohortNeeds)
                .count()
                == 1,
        "{found:?}"
    );
    // One stage, or shares written out (1 included), say what is meant: no warning.
    let shares = CLEAN.replace(
        "needs: [job-search]",
        "needs: { job-search: 1, in-work: 0.5 }",
    );
    assert!(
        !places(&[("map.yaml", &shares)])
            .iter()
            .any(|p| p.0 == Code::WholeCohortNeeds)
    );
}
