//! Every CSV output guards map text against spreadsheet formulas: a cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return is written with a leading `'`, whichever command and
//! view wrote it, while numbers and money stay plain numbers (a negative amount is still a number).
//! `tests/fixtures/hostile/formula-names.yaml` names everything after a formula.

use crate::support::ecomap;

const MAP: &str = "tests/fixtures/hostile/formula-names.yaml";

/// The fields of a CSV document, row by row.
fn records(csv_text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(|r| {
            r.expect("the output is CSV")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// Runs `ecomap ARGS --format csv`; its CSV records.
fn csv_of(args: &[&str]) -> Vec<Vec<String>> {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let run = ecomap(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    records(&run.stdout)
}

/// A field a spreadsheet would run as a formula: it starts with one of the formula characters and
/// is not a plain number (`-12.50` is a number; `-2+3` is a formula).
fn runs_as_formula(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err()
}

/// Checks that no field of `rows` runs as a formula and that each of `guarded` appears, guarded.
fn check(what: &str, rows: &[Vec<String>], guarded: &[&str]) {
    for row in rows {
        for field in row {
            assert!(!runs_as_formula(field), "{what}: `{field}` in {row:?}");
        }
    }
    let fields: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
    for name in guarded {
        let want = format!("'{name}");
        assert!(
            fields
                .iter()
                .any(|f| *f == want || f.starts_with(&format!("{want} "))),
            "{what}: no field `{want}` in {fields:?}"
        );
    }
}

#[test]
fn funding_csv_guards_names_in_every_view() {
    // Every flow: origin `@evil`, services `+SUM(1)` and `@tab`, cohort `=cohort`, stage `+stage`.
    check(
        "funding",
        &csv_of(&["funding", MAP]),
        &["@evil", "+SUM(1)", "@tab", "=cohort", "+stage", "-council"],
    );
    // The commissioners' names are `@evil` and `-2+3`.
    check(
        "funding --by commissioner",
        &csv_of(&["funding", MAP, "--by", "commissioner"]),
        &["@evil", "-2+3", "-council"],
    );
    // The service named with a leading tab, and the lists of funders ("@evil 1000.00").
    check(
        "funding --by service",
        &csv_of(&["funding", MAP, "--by", "service"]),
        &["+SUM(1)", "\tTabbed", "@tab", "@evil"],
    );
    check(
        "funding --by cohort",
        &csv_of(&["funding", MAP, "--by", "cohort"]),
        &["=cohort", "+stage", "+SUM(1)"],
    );
    check(
        "funding --by stage",
        &csv_of(&["funding", MAP, "--by", "stage"]),
        &["+stage", "+stage name", "=cohort"],
    );
    check(
        "funding --by evidence",
        &csv_of(&["funding", MAP, "--by", "evidence"]),
        &["+SUM(1)", "@tab"],
    );
}

#[test]
fn money_and_numbers_stay_numbers() {
    // £1,000 from `@evil` to `+SUM(1)`: the amount is the number 1000.00, not text.
    let rows = csv_of(&["funding", MAP, "--by", "service"]);
    assert_eq!(rows[1][4], "1000.00", "{rows:?}");
}

#[test]
fn compare_contracts_what_if_and_diff_csv_guard_names() {
    // compare: the area's id `=area`, its name, its period `@period`.
    check(
        "compare",
        &csv_of(&["compare", MAP, "examples/sample.yaml"]),
        &["=area", "=cmd|' /C calc'!A0", "@period"],
    );
    // contracts: `+SUM(1)`'s contract from `@evil` ends on 2026-06-30, within 12 months of
    // 2026-01-01.
    check(
        "contracts",
        &csv_of(&["contracts", MAP, "--as-of", "2026-01-01"]),
        &["+SUM(1)", "@evil"],
    );
    // what-if without `+SUM(1)`: `=cohort`'s `+stage` loses its only service.
    check(
        "what-if",
        &csv_of(&["what-if", MAP, "--without", "+SUM(1)"]),
        &["=cohort", "+stage"],
    );
    // diff against the sample map: every entity of this map is removed, by its id.
    check(
        "diff",
        &csv_of(&["diff", MAP, "examples/sample.yaml"]),
        &["+SUM(1)", "@evil", "=cohort"],
    );
}
