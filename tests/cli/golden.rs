//! Every command's output on every bundled map, byte for byte, against `tests/golden/`.
//!
//! These are not expected answers (those are worked out by hand in the other modules): they are a
//! fence. A restructuring or a change made for speed must leave every output as it was; a change
//! of meaning shows here as a diff to read, and is accepted by writing the files again:
//!
//! ```sh
//! ECOMAP_BLESS=1 cargo test golden
//! ```
//!
//! then reading `git diff tests/golden` and explaining each changed figure in the commit.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::support::{bundled_maps, ecomap, root};

/// One run of a command: the file it is kept in, and its arguments after the map.
struct Case {
    name: &'static str,
    args: Vec<String>,
}

fn case(name: &'static str, args: &[&str]) -> Case {
    Case {
        name,
        args: args.iter().map(|a| (*a).to_owned()).collect(),
    }
}

/// The first id under a top-level key of a map's JSON summary (`show --format json`).
fn first_id(summary: &serde_json::Value, list: &str) -> Option<String> {
    summary[list]
        .as_array()?
        .first()?
        .get("id")?
        .as_str()
        .map(str::to_owned)
}

/// The runs for one map.
fn cases(map: &str) -> Vec<Case> {
    let mut cases = vec![
        case("validate.txt", &["validate"]),
        case("validate.json", &["validate", "-f", "json"]),
        case("show.txt", &["show"]),
        case("show.json", &["show", "-f", "json"]),
        case("eligibility.txt", &["eligibility", "--why"]),
        case("eligibility.json", &["eligibility", "-f", "json"]),
        case("routes.txt", &["routes"]),
        case("routes.json", &["routes", "-f", "json"]),
        case("gaps.txt", &["gaps"]),
        case("gaps.json", &["gaps", "-f", "json"]),
        case("overlap.txt", &["overlap"]),
        case("overlap.json", &["overlap", "-f", "json"]),
        case("report.md", &["report"]),
        case("report.json", &["report", "-f", "json"]),
        case("check.txt", &["check"]),
        case("check.json", &["check", "-f", "json"]),
        case("funding.txt", &["funding"]),
        case("funding.json", &["funding", "-f", "json"]),
        case("funding.csv", &["funding", "-f", "csv"]),
        case("funding.md", &["funding", "-f", "markdown"]),
        case("capacity.txt", &["capacity"]),
        case("capacity.json", &["capacity", "-f", "json"]),
        case("capacity.md", &["capacity", "-f", "markdown"]),
        case("benchmarks.txt", &["benchmarks"]),
        case("benchmarks.json", &["benchmarks", "-f", "json"]),
        case(
            "contracts.txt",
            &["contracts", "--as-of", "2025-04-01", "--within", "24"],
        ),
        case(
            "contracts.json",
            &[
                "contracts",
                "--as-of",
                "2025-04-01",
                "--within",
                "24",
                "-f",
                "json",
            ],
        ),
        case("dot-ecosystem.dot", &["dot", "--view", "ecosystem"]),
        case("dot-funding.dot", &["dot", "--view", "funding"]),
        case("dot-overlap.dot", &["dot", "--view", "overlap"]),
    ];
    let summary = ecomap(&["show", map, "-f", "json"]).json();
    if let Some(service) = first_id(&summary, "services") {
        let args = ["what-if", "--without", &service];
        cases.push(Case {
            name: "what-if-without.txt",
            args: args.iter().map(|a| (*a).to_owned()).collect(),
        });
        let mut json = args.map(str::to_owned).to_vec();
        json.extend(["-f".to_owned(), "json".to_owned()]);
        cases.push(Case {
            name: "what-if-without.json",
            args: json,
        });
    }
    if let Some(commissioner) = first_id(&summary, "commissioners") {
        cases.push(Case {
            name: "what-if-withdraw.txt",
            args: vec!["what-if".into(), "--withdraw".into(), commissioner.clone()],
        });
        cases.push(Case {
            name: "what-if-withdraw.json",
            args: vec![
                "what-if".into(),
                "--withdraw".into(),
                commissioner,
                "-f".into(),
                "json".into(),
            ],
        });
    }
    if let Some(cohort) = first_id(&summary, "cohorts") {
        cases.push(Case {
            name: "dot-routes.dot",
            args: vec![
                "dot".into(),
                "--view".into(),
                "routes".into(),
                "--cohort".into(),
                cohort,
            ],
        });
    }
    cases
}

fn golden_dir() -> PathBuf {
    root().join("tests/golden")
}

/// The folder of a map's files: `examples/sample.yaml` → `examples-sample`.
fn folder(map: &str) -> String {
    map.trim_end_matches(".yaml").replace('/', "-")
}

/// What a run printed, as it is kept: stdout, then the exit code and stderr when they say something.
fn record(args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = ecomap(&args);
    let mut out = run.stdout;
    if run.code != 0 || !run.stderr.is_empty() {
        out.push_str(&format!(
            "\n--- exit {} ---\n--- stderr ---\n{}",
            run.code, run.stderr
        ));
    }
    out
}

/// Compares (or with `ECOMAP_BLESS=1`, writes) one file; returns a line for each difference.
fn check(path: &Path, actual: &str, bless: bool) -> Option<String> {
    if bless {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("the golden folder can be made");
        }
        std::fs::write(path, actual).expect("the golden file can be written");
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .map_or_else(
            || expected.lines().count().min(actual.lines().count()) + 1,
            |i| i + 1,
        );
    Some(format!(
        "{}: differs from line {line}",
        path.strip_prefix(root()).unwrap_or(path).display()
    ))
}

#[test]
fn every_command_on_every_bundled_map_prints_what_it_printed_before() {
    let bless = std::env::var("ECOMAP_BLESS").is_ok_and(|v| v == "1");
    let maps = bundled_maps();
    let failures = Mutex::new(Vec::new());
    let next = Mutex::new(0usize);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().expect("no thread panicked holding it");
                        *n += 1;
                        *n - 1
                    };
                    let Some(map) = maps.get(i) else { break };
                    let dir = golden_dir().join(folder(map));
                    for c in cases(map) {
                        let mut args = vec![c.args[0].clone(), map.clone()];
                        args.extend(c.args[1..].iter().cloned());
                        if let Some(f) = check(&dir.join(c.name), &record(&args), bless) {
                            failures.lock().expect("no thread panicked").push(f);
                        }
                    }
                }
            });
        }
    });
    // Two versions of one map, and every area at once.
    let pairs = [
        (
            "diff.txt",
            vec!["diff", "examples/diff-old.yaml", "examples/diff-new.yaml"],
        ),
        (
            "diff.json",
            vec![
                "diff",
                "examples/diff-old.yaml",
                "examples/diff-new.yaml",
                "-f",
                "json",
            ],
        ),
    ];
    let mut all = vec!["compare".to_owned()];
    all.extend(maps.iter().cloned());
    let mut runs: Vec<(&str, Vec<String>)> = pairs
        .iter()
        .map(|(n, a)| (*n, a.iter().map(|s| (*s).to_owned()).collect()))
        .collect();
    runs.push(("compare.txt", all.clone()));
    let mut json = all.clone();
    json.extend(["-f".to_owned(), "json".to_owned()]);
    runs.push(("compare.json", json));
    all.extend(["-f".to_owned(), "csv".to_owned()]);
    runs.push(("compare.csv", all));
    for (name, args) in runs {
        if let Some(f) = check(&golden_dir().join(name), &record(&args), bless) {
            failures.lock().expect("no thread panicked").push(f);
        }
    }
    let mut failures = failures.into_inner().expect("no thread panicked");
    failures.sort();
    assert!(
        failures.is_empty(),
        "outputs changed (accept a deliberate change with ECOMAP_BLESS=1 cargo test golden, and explain it):\n{}",
        failures.join("\n")
    );
}
