//! Numbers in a map: money is read from the number's own text, exactly; every number is written
//! in decimal (`0x10`, `0o17` are refused with what they mean); every quantity has a range, checked
//! where it is written, and sums are checked, so nothing is silently capped.

use std::path::Path;

use crate::support::{ecomap_in, temp_dir, write_files};

/// A map with one commissioner `icb` funding one service `s` with `amount`, one cohort of `size`
/// people whose `age` attribute is `age`, in an area of `population`.
fn map(amount: &str, size: &str, age: &str, population: &str) -> String {
    format!(
        "area: {{ id: t, name: T, population: {population} }}
commissioners:
  icb: {{ name: ICB, kind: nhs }}
cohorts:
  c: {{ name: C, size: {size}, attributes: {{ age: {age} }}, needs: [job-search], enters_via: [s] }}
services:
  s:
    name: S
    model: ips
    stages: [job-search]
    referral: {{ self: true }}
    funding:
      - from: icb
        amount: {amount}
"
    )
}

/// The errors of `validate --format json map.yaml` in `dir`: (code, line, column, message, help).
fn errors(dir: &Path) -> Vec<(String, u64, u64, String, String)> {
    let doc = ecomap_in(dir, &["validate", "--format", "json", "map.yaml"]).json();
    doc["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_owned(),
                d["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn errors_of(text: &str) -> Vec<(String, u64, u64, String, String)> {
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", text)]);
    errors(dir.path())
}

#[test]
fn money_is_exact_from_its_own_text() {
    // £1,234,567,890,123,456.78 is 123,456,789,012,345,678 pence; through a float it would be
    // …456.80.
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[("map.yaml", &map("1234567890123456.78", "10", "30", "1000"))],
    );
    let run = ecomap_in(dir.path(), &["show", "--format", "json", "map.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.json()["services"][0]["spend"],
        123_456_789_012_345_678_i64
    );
    let text = ecomap_in(dir.path(), &["show", "map.yaml"]);
    assert!(
        text.stdout.contains("£1,234,567,890,123,456.78"),
        "{}",
        text.stdout
    );
}

#[test]
fn numbers_are_decimal_everywhere() {
    // Line 14 `        amount: 0x10`: the value at column 17; 0x10 is 16.
    let found = errors_of(&map("0x10", "10", "30", "1000"));
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, line, column, message, help) = &found[0];
    assert_eq!((code.as_str(), *line, *column), ("wrong-type", 14, 17));
    assert!(
        message.contains("`0x10` is not a decimal number"),
        "{message}"
    );
    assert!(help.contains("0x10 is 16"), "{help}");
    // 0o17 is 15.
    let found = errors_of(&map("0o17", "10", "30", "1000"));
    assert!(found[0].4.contains("0o17 is 15"), "{found:?}");
    // An attribute: line 5, `age: 0x10` at column 46 (after `size: 10`).
    let found = errors_of(&map("100", "10", "0x10", "1000"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1, found[0].2),
        ("wrong-type", 5, 46)
    );
    assert!(found[0].4.contains("0x10 is 16"), "{found:?}");
    // A size, the same way.
    let found = errors_of(&map("100", "0x10", "30", "1000"));
    assert_eq!((found[0].0.as_str(), found[0].1), ("wrong-type", 5));
    assert!(found[0].4.contains("0x10 is 16"), "{found:?}");
    // Not a number at all: infinity.
    let found = errors_of(&map("100", ".inf", "30", "1000"));
    assert_eq!(
        (found[0].0.as_str(), found[0].1),
        ("wrong-type", 5),
        "{found:?}"
    );
}

#[test]
fn quantities_beyond_their_range_are_located() {
    // A cohort of 10^30 people (line 5, `size: 1e30` at column 23) and an area of 10^30 (line 1,
    // column 37): each beyond 10,000,000,000, each located, none capped.
    let found = errors_of(&map("100", "1e30", "30", "1e30"));
    let places: Vec<(&str, u64, u64)> = found.iter().map(|e| (e.0.as_str(), e.1, e.2)).collect();
    assert_eq!(
        places,
        vec![("value-out-of-range", 1, 37), ("value-out-of-range", 5, 23)],
        "{found:?}"
    );
    assert!(found[1].3.contains("10,000,000,000"), "{found:?}");
    // A benchmark override of 10^30, in the map.
    let found = errors_of(&format!(
        "{}benchmarks: {{ ips-clients-per-specialist: 1e30 }}\n",
        map("100", "10", "30", "1000")
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1),
        ("value-out-of-range", 15)
    );
    // An amount beyond £10^16 a year.
    let found = errors_of(&map("20000000000000000", "10", "30", "1000"));
    assert_eq!(
        (found[0].0.as_str(), found[0].1, found[0].2),
        ("value-out-of-range", 14, 17),
        "{found:?}"
    );
}

#[test]
fn sums_beyond_their_range_are_errors_not_capped() {
    // Two lines of £9,000,000,000,000,000 (9 × 10^15) each are within range alone; together
    // £1.8 × 10^16, beyond the £10^16 a map's funding may add up to. The second line's amount
    // (line 16) is where the sum passes it.
    let text = map("9000000000000000", "10", "30", "1000")
        + "      - from: icb\n        amount: 9000000000000000\n";
    let found = errors_of(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1, found[0].2),
        ("value-out-of-range", 16, 17),
        "{found:?}"
    );
    assert!(found[0].3.contains("adds up to"), "{found:?}");
}

/// The errors expected of a service's outcomes: each the larger figure's key, its column, and the
/// key of the figure it is more than.
type Expected = Vec<(&'static str, u64, &'static str)>;

#[test]
fn an_outcome_above_the_count_it_is_part_of_is_an_error_at_the_larger_figure() {
    // The service's outcomes go on the line after `referral:` (line 11 of `map`), so they are on
    // line 12, `    outcomes: { …`, whose first 15 characters are `    outcomes: {`. Each case: the outcomes written, and the one error expected
    // (the larger figure's key, its column, and the figure it is more than).
    let cases: [(&str, Expected); 5] = [
        // 100 supported, 60 out of work at the start, 30 job starts, 20 still in work at 13
        // weeks: each within the one before. No error.
        (
            "{ people_supported: 100, out_of_work: 60, job_starts: 30, sustained_13_weeks: 20 }",
            vec![],
        ),
        // 120 out of work of 100 supported. `    outcomes: { people_supported: 100, ` is 39
        // characters, `out_of_work: ` 13 more: the 120 is at column 53.
        (
            "{ people_supported: 100, out_of_work: 120 }",
            vec![("out_of_work", 53, "people_supported")],
        ),
        // 500 job starts of 1 out of work (a job rate of 500), and 900 still in work of the 500
        // who started. `    outcomes: { people_supported: 100, out_of_work: 1, ` is 55
        // characters, `job_starts: ` 12: 500 at column 68; `500, sustained_13_weeks: ` is 25
        // more: 900 at column 93.
        (
            "{ people_supported: 100, out_of_work: 1, job_starts: 500, sustained_13_weeks: 900 }",
            vec![
                ("job_starts", 68, "out_of_work"),
                ("sustained_13_weeks", 93, "job_starts"),
            ],
        ),
        // Without out_of_work, job starts are among the people supported: 150 of 100.
        // `    outcomes: { people_supported: 100, job_starts: ` is 51 characters: 150 at 52.
        (
            "{ people_supported: 100, job_starts: 150 }",
            vec![("job_starts", 52, "people_supported")],
        ),
        // 40 job starts of 50 out of work, of 100 supported: all within.
        (
            "{ people_supported: 100, out_of_work: 50, job_starts: 40 }",
            vec![],
        ),
    ];
    for (outcomes, expected) in cases {
        let text = map("1000", "100", "30", "1000").replace(
            "    referral: { self: true }\n",
            &format!("    referral: {{ self: true }}\n    outcomes: {outcomes}\n"),
        );
        let got: Vec<(String, u64, u64, String)> = errors_of(&text)
            .into_iter()
            .map(|(code, line, column, message, _)| (code, line, column, message))
            .collect();
        assert_eq!(got.len(), expected.len(), "{outcomes}: {got:?}");
        for ((code, line, column, message), (part, at, whole)) in got.iter().zip(&expected) {
            assert_eq!(code, "value-out-of-range", "{outcomes}");
            assert_eq!((*line, *column), (12, *at), "{outcomes}: {message}");
            assert!(
                message.starts_with(&format!("`outcomes.{part}` is "))
                    && message.contains(&format!("more than `outcomes.{whole}`")),
                "{outcomes}: {message}"
            );
        }
    }
}

/// A map of one cohort of 111 people needing job search (0.8: 88.8 people) and the services
/// `services` (YAML lines under `services:`) offering it.
fn job_search_map(services: &str) -> String {
    format!(
        "area: {{ id: t, name: T, population: 1000 }}
commissioners:
  icb: {{ name: ICB, kind: nhs }}
cohorts:
  c: {{ name: C, size: 111, needs: {{ job-search: 0.8 }}, enters_via: [a] }}
services:
{services}"
    )
}

#[test]
fn figures_are_written_without_the_round_off_of_binary_arithmetic() {
    // 111 × 0.8 is 88.80000000000001 in binary arithmetic: the need is 88.8 people. Text and
    // Markdown round people to the whole (89), CSV writes the figure (88.8).
    let a = "  a: { name: A, stages: [job-search], referral: { self: true }, capacity: { people_per_year: 50 }, funding: [ { from: icb, amount: 1000 } ] }\n";
    let b = "  b: { name: B, stages: [job-search], referral: { from: [a] }, capacity: { people_per_year: 10 }, funding: [ { from: icb, amount: 1000 } ] }\n";
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[
            ("old.yaml", &job_search_map(a)),
            ("new.yaml", &job_search_map(&format!("{a}{b}"))),
        ],
    );
    // Before: 50 places for 88.8 people, 38.8 short; after: 60 places, 28.8 short; a and b now
    // overlap on c × job-search, its 88.8 people.
    let text = ecomap_in(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains("capacity (39 people) → capacity (29 people)"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("sharing 1 cohort-stage, 89 people;"),
        "{}",
        text.stdout
    );
    let md = ecomap_in(
        dir.path(),
        &["diff", "old.yaml", "new.yaml", "--format", "markdown"],
    );
    assert!(
        md.stdout.contains("| capacity (39) | capacity (29) |"),
        "{}",
        md.stdout
    );
    // Without b's ten places, the new map is short by 28.8 + 10 = 38.8 people again.
    let csv = ecomap_in(
        dir.path(),
        &["what-if", "new.yaml", "--without", "b", "--format", "csv"],
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(
        csv.stdout
            .contains("c,job-search,worse,88.8,capacity,28.8,capacity,38.8,"),
        "{}",
        csv.stdout
    );
    for out in [&text.stdout, &md.stdout, &csv.stdout] {
        assert!(!out.contains("0000000"), "{out}");
    }
}

#[test]
fn figures_written_as_in_text_are_refused_with_the_number_meant() {
    // Each figure on line 2 of a block-style area, at column 15 (after `  population: `); the help
    // is the number as it must be written, worked out from the text: 30% is 30/100 = 0.3; commas
    // and spaces between thousands go; a decimal comma becomes a point.
    for (written, meant) in [
        ("30%", "for 30 %, write 0.3"),
        ("100,000", "write 100000"),
        ("100 000", "write 100000"),
        ("2,5", "write 2.5"),
    ] {
        let found = errors_of(&format!(
            "area:\n  population: {written}\n  id: t\n  name: T\n"
        ));
        assert_eq!(found.len(), 1, "{written}: {found:?}");
        let (code, line, column, _, help) = &found[0];
        assert_eq!(
            (code.as_str(), *line, *column),
            ("wrong-type", 2, 15),
            "{written}"
        );
        assert!(help.contains(meant), "{written}: {help}");
    }
    // A list written without its brackets: the list as it is written with them.
    let found = errors_of(
        "area: { id: t, name: T }\nservices:\n  s:\n    name: S\n    stages: engagement, job-search\n",
    );
    assert_eq!(found[0].0, "wrong-type", "{found:?}");
    assert!(
        found[0].4.contains("write `[engagement, job-search]`"),
        "{found:?}"
    );
}
