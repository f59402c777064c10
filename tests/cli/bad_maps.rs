//! Every map in `examples/bad/` has one mistake. For each, the exact diagnostic: its code, the file,
//! line and column it points at, and its message — read from `validate --format json` — and the text
//! rendering showing the offending line. The positions were counted by hand in each file (1-based,
//! in characters); the messages are the wording a map writer reads.

use std::collections::BTreeSet;

use crate::support::{ecomap, root};

/// One bad map and the one diagnostic it must give.
struct Case {
    /// File or folder under `examples/bad/`, named `<code>--<case>`.
    map: &'static str,
    code: &'static str,
    /// The file the diagnostic points at, relative to `examples/bad/`.
    file: &'static str,
    line: usize,
    column: usize,
    message: &'static str,
    /// Words the help must contain ("did you mean", nearest ids).
    help: &'static str,
    /// The second place the diagnostic names, if any: (file, line, column).
    also: Option<(&'static str, usize, usize)>,
}

const fn case(
    map: &'static str,
    code: &'static str,
    line: usize,
    column: usize,
    message: &'static str,
    help: &'static str,
) -> Case {
    Case {
        map,
        code,
        file: map,
        line,
        column,
        message,
        help,
        also: None,
    }
}

const CASES: &[Case] = &[
    // Errors.
    // Line 5 `    name: "Job club`: the quote that never closes is the 11th character.
    case(
        "yaml-syntax--unclosed-quote.yaml",
        "yaml-syntax",
        5,
        11,
        "this quote is never closed",
        "close the text with the same quote",
    ),
    // Line 3 `---` starts a second document.
    case(
        "multiple-documents--two-documents.yaml",
        "multiple-documents",
        3,
        1,
        "this file holds a second YAML document",
        "a map file is one document",
    ),
    // Line 5 `    name: Caf` and the byte 0xE9: the 14th character.
    case(
        "not-utf8--latin1.yaml",
        "not-utf8",
        5,
        14,
        "examples/bad/not-utf8--latin1.yaml is not UTF-8 text",
        "save the file as UTF-8",
    ),
    // services.yaml links to old/services.yaml, which is not there: nothing to point at but its
    // start.
    Case {
        file: "unreadable-file--link-to-nothing/services.yaml",
        ..case(
            "unreadable-file--link-to-nothing",
            "unreadable-file",
            1,
            1,
            "examples/bad/unreadable-file--link-to-nothing/services.yaml cannot be read: it is a link to nothing",
            "move it out of the folder",
        )
    },
    // services.yaml is a folder (holding job-club.yaml): named as a map file, so reported at its
    // start rather than left out; nothing in it is read.
    Case {
        file: "unreadable-file--folder-named-yaml/services.yaml",
        ..case(
            "unreadable-file--folder-named-yaml",
            "unreadable-file",
            1,
            1,
            "examples/bad/unreadable-file--folder-named-yaml/services.yaml is a folder, named as a map file: the files in it are not read",
            "rename this folder so its name does not end in .yaml or .yml",
        )
    },
    // 129 bytes, read with --max-file-size 100.
    case(
        "input-too-large--over-file-limit.yaml",
        "input-too-large",
        1,
        1,
        "examples/bad/input-too-large--over-file-limit.yaml has more than the 100 bytes a map file may have",
        "--max-file-size raises the limit",
    ),
    // Depth 101 is the 99th `{ not:`: the root mapping is level 1 and `rules` level 2. Line 15 holds
    // the 91st to 100th, each 7 characters after a 4-space indent: the 9th starts at column 61.
    case(
        "yaml-limit--nesting-too-deep.yaml",
        "yaml-limit",
        15,
        61,
        "the YAML nests more than 100 levels deep",
        "named rules",
    ),
    // Line 6 `    stage: [job-search]`: the key starts after four spaces.
    case(
        "unknown-key--misspelt-key.yaml",
        "unknown-key",
        6,
        5,
        "unknown key `stage`",
        "did you mean `stages`?",
    ),
    // Line 4 `  job-club:`: the entry that has no `name`.
    case(
        "missing-key--service-without-name.yaml",
        "missing-key",
        4,
        3,
        "missing key `name`",
        "add `name: …`",
    ),
    // Line 6 `    size: many`: the value after `size: `.
    case(
        "wrong-type--size-is-text.yaml",
        "wrong-type",
        6,
        11,
        "`many` is not a number",
        "ecomap docs format",
    ),
    // Line 14 `        amount: 1250,50`: the value after `amount: `, the 17th character.
    case(
        "wrong-type--decimal-comma.yaml",
        "wrong-type",
        14,
        17,
        "`1250,50` has a comma where a decimal point goes: money is written with a point for the pence, so write 1250.50",
        "ecomap docs format",
    ),
    // Line 7 `  nobody: { any: [] }`: two spaces, `nobody:` (7), a space, `{`, a space: the key
    // `any` starts at the 13th character.
    case(
        "empty-condition--any-of-nothing.yaml",
        "empty-condition",
        7,
        13,
        "`any:` lists no conditions, so it holds for no one",
        "list the conditions under it",
    ),
    // Line 22 `  r0: { all: [{ rule: r1 }, { rule: r1 }] }`: the rule's id. r14 is one term and each
    // rule above it uses the next twice, so r0 stands for 2^14 = 16,384 terms (r1 for 8,192,
    // within the limit: only r0 is reported).
    case(
        "rule-too-large--doubling-rules.yaml",
        "rule-too-large",
        22,
        3,
        "the rule `r0` stands for 16,384 attribute terms with the rules it uses written out (a rule used twice counts twice); at most 10,000",
        "use each rule once",
    ),
    // Line 10 `    provider: mnd`.
    case(
        "unknown-reference--misspelt-provider.yaml",
        "unknown-reference",
        10,
        15,
        "`provider:` names `mnd`, but there is no provider with that id",
        "did you mean `mind`?",
    ),
    Case {
        also: Some((
            "wrong-kind-reference--provider-is-a-commissioner.yaml",
            4,
            3,
        )),
        ..case(
            "wrong-kind-reference--provider-is-a-commissioner.yaml",
            "wrong-kind-reference",
            8,
            15,
            "`provider:` must name a provider, but `council` is a commissioner",
            "under `providers:`",
        )
    },
    // The provider `council` (line 7) clashes with the commissioner `council` (line 5).
    Case {
        also: Some(("duplicate-id--commissioner-and-provider.yaml", 5, 3)),
        ..case(
            "duplicate-id--commissioner-and-provider.yaml",
            "duplicate-id",
            7,
            3,
            "the id `council` is used twice",
            "unique across the whole map",
        )
    },
    // Files are read in name order: the second definition is in b-services.yaml, the first in a-area.yaml.
    Case {
        file: "duplicate-id--across-files/b-services.yaml",
        also: Some(("duplicate-id--across-files/a-area.yaml", 8, 3)),
        ..case(
            "duplicate-id--across-files",
            "duplicate-id",
            3,
            3,
            "the id `job-club` is used twice",
            "rename one",
        )
    },
    // Two `job-club:` keys under `services:`, lines 4 and 6.
    Case {
        also: Some(("duplicate-key--service-twice.yaml", 4, 3)),
        ..case(
            "duplicate-key--service-twice.yaml",
            "duplicate-key",
            6,
            3,
            "the key `job-club` is given twice in one mapping",
            "keep one of the two",
        )
    },
    // `area: { … }` on line 2 of each file: the mapping starts at its `{`, the 7th character.
    Case {
        file: "duplicate-section--area-in-two-files/other-area.yaml",
        also: Some(("duplicate-section--area-in-two-files/area.yaml", 2, 7)),
        ..case(
            "duplicate-section--area-in-two-files",
            "duplicate-section",
            2,
            7,
            "`area` is given twice",
            "one `area`",
        )
    },
    // Line 10 `    rule: a` inside `b` closes a → b → a.
    case(
        "rule-cycle--two-rules.yaml",
        "rule-cycle",
        10,
        11,
        "rule `a` refers to itself: `a` → `b` → `a`",
        "cannot depend on itself",
    ),
    // Line 9 `      - rule: secondary-care`.
    case(
        "rule-cycle--self.yaml",
        "rule-cycle",
        9,
        15,
        "rule `secondary-care` refers to itself: `secondary-care` → `secondary-care`",
        "cannot depend on itself",
    ),
    // Line 15 `    size: -100`.
    case(
        "negative-value--cohort-size.yaml",
        "negative-value",
        15,
        11,
        "the size of cohort `adults` cannot be -100",
        "zero or more",
    ),
    // Line 15 `    size: 1e30`.
    case(
        "value-out-of-range--huge-cohort.yaml",
        "value-out-of-range",
        15,
        11,
        "the size of cohort `adults` is 1000000000000000000000000000000, beyond the 10,000,000,000 a map's counts and figures may be",
        "counts and figures run from 0 to 10,000,000,000",
    ),
    // Line 14 `        amount: 9999999999999999999999` (two lines of comment above the area): the
    // number starts after 8 spaces and `amount: `, at column 17. Too large for any integer the
    // amount is read in, it is out of range, with the range in the help.
    case(
        "value-out-of-range--huge-amount.yaml",
        "value-out-of-range",
        14,
        17,
        "the amount from `council` to `job-club` is beyond the £10,000,000,000,000,000 (10^16) a year a funding line may be",
        "from 0 to 10,000,000,000,000,000 (10^16) a year",
    ),
    // Line 12 `    capacity: { people_per_year: 100, wte: 0.000000001 }`: the number after 4 spaces,
    // `capacity: { ` (12), `people_per_year: 100, ` (22) and `wte: ` (5), at column 44.
    case(
        "value-out-of-range--tiny-wte.yaml",
        "value-out-of-range",
        12,
        44,
        "`capacity.wte` is 0.000000001, less than the 0.01 whole-time equivalent (about 20 minutes a week of one person's time) staff can be",
        "WTE is 0, or from 0.01 to 10,000,000,000",
    ),
    // Line 13 `        amount: -10000`.
    case(
        "negative-value--amount.yaml",
        "negative-value",
        13,
        17,
        "the amount from `council` to `job-club` is below zero",
        "zero or more",
    ),
    // Line 16 `    needs: { job-search: 30 }`: 30 % was meant; the help says so.
    case(
        "share-out-of-range--need-as-percent.yaml",
        "share-out-of-range",
        16,
        26,
        "the share of `adults` needing `job-search` is 30, outside 0 to 1",
        "for 30 %, write 0.3",
    ),
    // Line 14 `        contract: { start: 2026-03-31, end: 2024-04-01 }`: the end date.
    case(
        "contract-ends-before-start--swapped-dates.yaml",
        "contract-ends-before-start",
        14,
        45,
        "the contract ends on 2024-04-01, before it starts on 2026-03-31",
        "swap the dates",
    ),
    // Line 14: the end date 2025-02-30.
    case(
        "bad-date--no-such-day.yaml",
        "bad-date",
        14,
        45,
        "`2025-02-30` is not a day of the calendar",
        "YYYY-MM-DD",
    ),
    // Line 10 `    referral: { from: [job-club] }`.
    case(
        "self-referral--service-lists-itself.yaml",
        "self-referral",
        10,
        24,
        "the service `job-club` takes referrals from itself",
        "`self: true`",
    ),
    // Line 9 `      - from: icb` in the ICB's own `funded_by`.
    case(
        "self-funding--commissioner-funds-itself.yaml",
        "self-funding",
        9,
        15,
        "`icb` cannot fund itself",
        "the money comes from",
    ),
    // Line 9 `    stages: [job-serch]`.
    case(
        "undeclared-stage--misspelt-stage.yaml",
        "undeclared-stage",
        9,
        14,
        "`job-serch` is not a stage",
        "did you mean `job-search`?",
    ),
    // Line 11 `    fidelity: 130`.
    case(
        "fidelity-out-of-range--percent.yaml",
        "fidelity-out-of-range",
        11,
        15,
        "a fidelity score of 130 is outside the scale",
        "from 25 to 125",
    ),
    // Line 7 `    age: { min: .nan, max: 24 }`: the range's `{`. YAML reads `.nan` (and `.inf`) as
    // numbers; a range bound of neither means nothing, so it is refused, not compared with.
    case(
        "wrong-type--range-bound-not-a-number.yaml",
        "wrong-type",
        7,
        10,
        "the range of `age` has a bound that is not a number: NaN",
        "write each bound as a decimal number",
    ),
    // Line 7 `    age: { min: 24, max: 16 }`: the range's `{`.
    case(
        "bad-range--age-reversed.yaml",
        "bad-range",
        7,
        10,
        "the range of `age` runs from 24 down to 16",
        "{ min: 16, max: 24 }",
    ),
    // Nowhere to point: the start of the (only) file.
    case(
        "no-area--services-only.yaml",
        "no-area",
        1,
        1,
        "the map has no `area`",
        "add `area:",
    ),
    // Line 4 `  ips-clients-per-specialst: 35`: the misspelt id starts at column 3.
    case(
        "unknown-benchmark--misspelt-id.yaml",
        "unknown-benchmark",
        4,
        3,
        "there is no benchmark `ips-clients-per-specialst`",
        "did you mean `ips-clients-per-specialist`",
    ),
    // Line 10 `      - { from: ca, amount: 50000, for: [ips] }`: the list after `for:` opens at
    // column 41 (6 spaces, `- { ` to column 10, then `from: ca, amount: 50000, for: ` is 31 more).
    case(
        "earmark-not-funded--grant-for-another-funders-service.yaml",
        "earmark-not-funded",
        10,
        41,
        "money from `ca` to `icb` is earmarked for `ips`, which `icb` does not fund",
        "add a funding line from `icb`",
    ),
    // Line 13 `      - { from: council, amount: 10000, for: [job-club] }`: `[` is at column 46.
    case(
        "misplaced-earmark--for-on-a-service-line.yaml",
        "misplaced-earmark",
        13,
        46,
        "`for:` on a funding line of the service `job-club`",
        "remove `for:`",
    ),
    // Warnings.
    case(
        "unused-rule--never-used.yaml",
        "unused-rule",
        6,
        3,
        "no service and no rule uses the rule `young-adult`",
        "or remove it",
    ),
    case(
        "commissioner-funds-nothing--idle-commissioner.yaml",
        "commissioner-funds-nothing",
        5,
        3,
        "the commissioner `lottery` funds no service and no other commissioner",
        "from: lottery",
    ),
    case(
        "unfunded-service--no-funding.yaml",
        "unfunded-service",
        4,
        3,
        "the service `job-club` has no funding",
        "funding:",
    ),
    case(
        "cohort-without-needs--no-needs.yaml",
        "cohort-without-needs",
        13,
        3,
        "the cohort `adults` needs no stage of support",
        "needs:",
    ),
    // Line 16 `    needs: { engagement: 0.3, job-search: 0 }`: the 0 is the 43rd character (after
    // 4 spaces, `needs: { ` 9, `engagement: 0.3, ` 17 and `job-search: ` 12: 42).
    case(
        "zero-need--share-0.yaml",
        "zero-need",
        16,
        43,
        "no one in the cohort `adults` needs `job-search`: its share is 0",
        "remove it from `needs`",
    ),
    // Line 15 `    size: 0`: the 0 is the 11th character. One warning for the cohort, not one per stage.
    case(
        "zero-need--size-0.yaml",
        "zero-need",
        15,
        11,
        "the cohort `adults` has no people (size 0): no one in it needs the stages it lists",
        "give the number of people in the cohort",
    ),
    case(
        "cohort-without-entry--no-enters-via.yaml",
        "cohort-without-entry",
        13,
        3,
        "the cohort `adults` has no entry point",
        "enters_via:",
    ),
    // Line 19 `    attributes: { care: Secondary }`: the word after 4 spaces and `attributes: { care: `
    // (20 characters); the rule's `secondary` is on line 6, after `  secondary-care: { care: ` (26).
    Case {
        also: Some(("unmatched-word--capital-in-cohort.yaml", 6, 27)),
        ..case(
            "unmatched-word--capital-in-cohort.yaml",
            "unmatched-word",
            19,
            25,
            "the cohort `smi` has `care: Secondary`, which no rule tests for; a rule tests for `secondary`",
            "did you mean `secondary`?",
        )
    },
    case(
        "unknown-model--invented-model.yaml",
        "unknown-model",
        8,
        12,
        "`job-cafe` is not a known model",
        "did you mean `job-club`?",
    ),
    // Line 8 `    model: IPS`: the model after `    model: ` (11 characters).
    case(
        "unknown-model--in-capitals.yaml",
        "unknown-model",
        8,
        12,
        "`IPS` is not a known model",
        "did you mean `ips`? Words are compared exactly, capitals too",
    ),
    // Line 4 `  council: { name: Town Council, kind: council }`: the kind.
    case(
        "unknown-kind--commissioner-kind.yaml",
        "unknown-kind",
        4,
        40,
        "`council` is not a known commissioner kind",
        "local_authority",
    ),
    case(
        "unknown-figure--misspelt-figure.yaml",
        "unknown-figure",
        6,
        5,
        "`secondary_care_caseloads` is not a known area figure",
        "did you mean `secondary_care_caseload`",
    ),
    // Under --strict only: line 18 `    size: 100` has no source.
    case(
        "missing-source--strict.yaml",
        "missing-source",
        18,
        11,
        "the size of cohort `adults` has no `source`",
        "source:",
    ),
];

fn path(map: &str) -> String {
    format!("examples/bad/{map}")
}

/// `--strict` for the cases about sources, a small file limit for the one about size, nothing
/// otherwise.
fn flags(c: &Case) -> Vec<&'static str> {
    match c.code {
        "missing-source" => vec!["--strict"],
        "input-too-large" => vec!["--max-file-size", "100"],
        _ => Vec::new(),
    }
}

fn validate_json(c: &Case) -> serde_json::Value {
    let p = path(c.map);
    let mut args = vec!["validate", "--format", "json"];
    args.extend(flags(c));
    args.push(&p);
    ecomap(&args).json()
}

#[test]
fn every_bad_map_gives_its_one_diagnostic_where_the_mistake_is() {
    let mut failures = Vec::new();
    for c in CASES {
        let doc = validate_json(c);
        let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
        // One mistake each: exactly one diagnostic, so a new cascade of follow-on errors shows up here.
        let [d] = diagnostics.as_slice() else {
            failures.push(format!(
                "{}: {} diagnostics, expected 1: {doc:#}",
                c.map,
                diagnostics.len()
            ));
            continue;
        };
        let got = (
            d["code"].as_str().unwrap_or(""),
            d["file"].as_str().unwrap_or(""),
            d["line"].as_u64().unwrap_or(0) as usize,
            d["column"].as_u64().unwrap_or(0) as usize,
            d["message"].as_str().unwrap_or(""),
        );
        let file = path(c.file);
        let want = (c.code, file.as_str(), c.line, c.column, c.message);
        if got != want {
            failures.push(format!("{}:\n   got {got:?}\n  want {want:?}", c.map));
        }
        let help = d["help"].as_str().unwrap_or("");
        if !help.contains(c.help) {
            failures.push(format!(
                "{}: help {help:?} does not mention {:?}",
                c.map, c.help
            ));
        }
        if let Some((file, line, column)) = c.also {
            let secondary = d["labels"]
                .as_array()
                .and_then(|ls| ls.iter().find(|l| l["primary"] == false));
            let got = secondary.map(|l| {
                (
                    l["file"].as_str().unwrap_or("").to_owned(),
                    l["line"].as_u64().unwrap_or(0),
                    l["column"].as_u64().unwrap_or(0),
                )
            });
            let want = Some((path(file), line as u64, column as u64));
            if got != want {
                failures.push(format!("{}: second place {got:?}, want {want:?}", c.map));
            }
        }
        // Errors fail validation; warnings do not.
        let errors = doc["errors"].as_u64().unwrap_or(0);
        let is_warning = d["severity"] == "warning";
        if is_warning == (errors > 0) {
            failures.push(format!(
                "{}: severity {} with {errors} errors",
                c.map, d["severity"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_bad_map_is_in_the_table_and_named_after_its_code() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("examples/bad"))
        .expect("examples/bad exists")
        .map(|e| {
            e.expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let in_table: BTreeSet<String> = CASES.iter().map(|c| c.map.to_owned()).collect();
    assert_eq!(
        on_disk, in_table,
        "every file in examples/bad needs a case here, and every case a file"
    );
    for c in CASES {
        assert!(
            c.map.starts_with(&format!("{}--", c.code)),
            "{} is not named `{}--<case>`",
            c.map,
            c.code
        );
    }
}

#[test]
fn the_text_rendering_names_the_place_and_shows_the_offending_line() {
    for c in CASES {
        let p = path(c.map);
        let mut args = vec!["validate"];
        args.extend(flags(c));
        args.push(&p);
        let run = ecomap(&args);
        let file = path(c.file);
        // A file that cannot be read, or is not read (too large), shows as empty; one that is not
        // UTF-8, with U+FFFD for the bad byte.
        let bytes = match c.code {
            "input-too-large" | "unreadable-file" => Vec::new(),
            _ => std::fs::read(root().join(&file)).unwrap_or_default(),
        };
        let text = String::from_utf8_lossy(&bytes);
        let line = text.lines().nth(c.line - 1).unwrap_or("");
        // codespan-reporting: `┌─ file:line:column`, then `line │ text`.
        let place = format!("┌─ {file}:{}:{}", c.line, c.column);
        let shown = format!("{} │ {}", c.line, line);
        assert!(
            run.stderr.contains(&place),
            "{}: no `{place}` in:\n{}",
            c.map,
            run.stderr
        );
        assert!(
            run.stderr.contains(shown.trim_end()),
            "{}: no `{shown}` in:\n{}",
            c.map,
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("[{}]: {}", c.code, c.message)),
            "{}:\n{}",
            c.map,
            run.stderr
        );
    }
}

#[test]
fn a_map_with_only_warnings_is_valid_unless_warnings_are_denied() {
    let p = path("unused-rule--never-used.yaml");
    let run = ecomap(&["validate", &p]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{p}: valid, 0 errors, 1 warning\n"));
    let denied = ecomap(&["validate", "--deny", "warnings", &p]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);
    assert_eq!(
        denied.stdout,
        format!("{p}: not valid, 0 errors, 1 warning\n")
    );
}

#[test]
fn missing_sources_are_reported_only_under_strict() {
    let p = path("missing-source--strict.yaml");
    let doc = ecomap(&["validate", "--format", "json", &p]).json();
    assert_eq!(
        doc["diagnostics"],
        serde_json::json!([]),
        "without --strict the map is clean"
    );
}

#[test]
fn rendered_diagnostics_snapshots() {
    // The full text of a few diagnostics, as a map writer sees them (no colour).
    for map in [
        "duplicate-id--across-files",
        "duplicate-key--service-twice.yaml",
        "unknown-key--misspelt-key.yaml",
        "rule-cycle--two-rules.yaml",
        "share-out-of-range--need-as-percent.yaml",
    ] {
        let run = ecomap(&["validate", &path(map)]);
        insta::assert_snapshot!(format!("rendered--{map}"), run.stderr);
    }
}

#[test]
fn json_diagnostics_snapshot() {
    // The JSON form is a public contract: its shape is pinned here.
    let doc = ecomap(&[
        "validate",
        "--format",
        "json",
        &path("duplicate-id--across-files"),
    ])
    .json();
    insta::assert_json_snapshot!("json--duplicate-id--across-files", doc);
}

#[test]
fn one_file_is_read_past_each_mistake_of_a_key_or_a_value() {
    // Five mistakes, each on its own line: a known word in capitals (line 3), a misspelt key
    // (line 6), a share as a percentage (line 7), an amount with a pound sign (line 14) and a UK
    // date (line 15). The parser stops at the first of the first three; the file is read again
    // past each, so all are reported in one run, each where it is written.
    let dir = crate::support::temp_dir();
    let map = "\
area: { id: t, name: T }
commissioners:
  icb: { name: ICB, kind: NHS }
cohorts:
  c:
    sise: 100
    needs: { job-search: 30% }
services:
  s:
    name: S
    stages: [job-search]
    funding:
      - from: icb
        amount: £180,000
        contract: { start: 01/04/2024, end: 2027-03-31 }
";
    crate::support::write_files(dir.path(), &[("map.yaml", map)]);
    let doc =
        crate::support::ecomap_in(dir.path(), &["validate", "--format", "json", "map.yaml"]).json();
    let found: Vec<(String, u64)> = doc["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let expected: Vec<(String, u64)> = [
        ("unknown-kind", 3),
        ("unknown-key", 6),
        ("wrong-type", 7),
        ("wrong-type", 14),
        ("bad-date", 15),
    ]
    .iter()
    .map(|(c, l)| ((*c).to_owned(), *l))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn one_misspelling_is_helped_each_time_and_by_its_kind() {
    // `jobcentr` is misspelt three times: twice as a service's provider (the map's provider
    // `jobcentre-plus` is nearest) and once as a referral source, a service (the service
    // `jobcentre` is nearest). The help is worked out once per misspelling and kind: the two
    // provider mistakes read the same, and the service one names the service.
    let map = "area: { id: a, name: A, illustrative: true }
providers:
  jobcentre-plus: { name: Jobcentre Plus, sector: public }
services:
  jobcentre: { name: Jobcentre, model: gateway, stages: [access], referral: { self: true } }
  club: { name: Club, model: job-club, stages: [job-search], provider: jobcentr, referral: { self: true } }
  coach: { name: Coach, model: work-coach, stages: [job-search], provider: jobcentr, referral: { from: [jobcentr] } }
";
    let dir = tempfile::tempdir().expect("a temporary folder");
    let run =
        crate::support::ecomap_with_stdin(dir.path(), &["validate", "-", "--format", "json"], map);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let doc = run.json();
    let helps: Vec<(String, String)> = (doc["diagnostics"].as_array().expect("diagnostics"))
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap_or("").to_owned();
            (text("message"), text("help"))
        })
        .collect();
    assert_eq!(helps.len(), 3, "{doc:#}");
    let provider = "did you mean `jobcentre-plus`?";
    let service = "did you mean `jobcentre`?";
    let about = |what: &str| -> Vec<&str> {
        (helps.iter())
            .filter(|(m, _)| m.contains(what))
            .map(|(_, h)| h.as_str())
            .collect()
    };
    assert_eq!(about("no provider"), [provider, provider], "{helps:?}");
    assert_eq!(about("no service"), [service], "{helps:?}");
}
