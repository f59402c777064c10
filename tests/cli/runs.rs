//! How a run ends and what it touches: exit codes, `-o FILE` written whole or not at all, input
//! files never changed, every error reported in one run, maps read from a file or a folder.

use std::path::Path;

use crate::support::{ecomap, ecomap_in, root, temp_dir, write_files};

const SAMPLE: &str = "examples/sample.yaml";
const INVALID: &str = "examples/bad/rule-cycle--self.yaml";

#[test]
fn exit_code_0_for_a_valid_map() {
    let run = ecomap(&["validate", SAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The sample has 4 warnings and no error: 3 unused rules (young-adult, in-or-starting-work,
    // wrag-or-secondary) and 1 unfunded service (jobcentre offers job-search; gp and cmht are
    // gateways, offering only access or treatment, and are not warned about).
    assert_eq!(
        run.stdout,
        "examples/sample.yaml: valid, 0 errors, 4 warnings\n"
    );
    for command in ["show", "eligibility"] {
        assert_eq!(ecomap(&[command, SAMPLE]).code, 0, "{command}");
    }
}

#[test]
fn exit_code_1_for_a_map_with_errors_whatever_the_command() {
    for command in ["validate", "show", "eligibility"] {
        let run = ecomap(&[command, INVALID]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("error[rule-cycle]"),
            "{command}: {}",
            run.stderr
        );
    }
    // An invalid map is never analysed: `show` prints no summary.
    assert_eq!(ecomap(&["show", INVALID]).stdout, "");
}

#[test]
fn exit_code_1_with_deny_warnings_on_a_map_with_only_warnings() {
    for command in ["validate", "show", "eligibility"] {
        assert_eq!(
            ecomap(&[command, SAMPLE]).code,
            0,
            "{command} allows warnings"
        );
        let run = ecomap(&[command, "--deny", "warnings", SAMPLE]);
        assert_eq!(run.code, 1, "{command} --deny warnings: {}", run.stderr);
    }
}

#[test]
fn exit_code_2_for_a_missing_file_or_a_usage_error() {
    let missing = ecomap(&["validate", "examples/no-such-map.yaml"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error: cannot read examples/no-such-map.yaml: there is no such file or folder: check the path\n"
    );

    let empty = temp_dir();
    let no_yaml = ecomap(&["validate", &empty.path().display().to_string()]);
    assert_eq!(no_yaml.code, 2);
    assert!(
        no_yaml
            .stderr
            .contains("a folder with no .yaml or .yml files"),
        "{}",
        no_yaml.stderr
    );

    assert_eq!(ecomap(&["validate"]).code, 2, "no MAP");
    assert_eq!(ecomap(&["frobnicate", SAMPLE]).code, 2, "no such command");
    assert_eq!(
        ecomap(&["validate", "--deny", "everything", SAMPLE]).code,
        2,
        "bad --deny"
    );
    let format = ecomap(&["validate", "--format", "csv", SAMPLE]);
    assert_eq!(format.code, 2);
    assert_eq!(
        format.stderr,
        "error: `ecomap validate` cannot write --format csv: it writes text, json\n"
    );
    let unknown = ecomap(&["eligibility", "--cohort", "smi-secondry", SAMPLE]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `smi-secondary`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn help_and_version_exit_0() {
    assert_eq!(ecomap(&["--help"]).code, 0);
    assert_eq!(ecomap(&["--version"]).code, 0);
    assert_eq!(ecomap(&["validate", "--help"]).code, 0);
}

#[test]
fn output_file_is_written_whole_for_a_valid_map() {
    let dir = temp_dir();
    let out = dir.path().join("summary.json");
    let out_arg = out.display().to_string();
    let to_file = ecomap(&["show", "--format", "json", "-o", &out_arg, SAMPLE]);
    assert_eq!(to_file.code, 0, "{}", to_file.stderr);
    assert_eq!(
        to_file.stdout, "",
        "with -o nothing goes to standard output"
    );
    let to_stdout = ecomap(&["show", "--format", "json", SAMPLE]);
    assert_eq!(
        std::fs::read_to_string(&out).expect("written"),
        to_stdout.stdout
    );
    // The file is an ordinary one others may read (the process umask here is 022), not a private
    // temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out)
            .expect("written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "mode {mode:o}");
    }
}

#[test]
fn output_file_is_not_written_when_the_map_is_invalid() {
    let dir = temp_dir();
    for (command, format) in [
        ("show", "text"),
        ("show", "json"),
        ("eligibility", "text"),
        ("eligibility", "json"),
    ] {
        let out = dir.path().join(format!("{command}.{format}"));
        let run = ecomap(&[
            command,
            "--format",
            format,
            "-o",
            &out.display().to_string(),
            INVALID,
        ]);
        assert_eq!(run.code, 1, "{command} {format}");
        assert!(
            !out.exists(),
            "{command} --format {format} wrote {}",
            out.display()
        );
    }
    // An output file that already exists keeps its bytes.
    let existing = dir.path().join("existing.txt");
    std::fs::write(&existing, "keep me").expect("written");
    let run = ecomap(&["show", "-o", &existing.display().to_string(), INVALID]);
    assert_eq!(run.code, 1);
    assert_eq!(
        std::fs::read_to_string(&existing).expect("still there"),
        "keep me"
    );
}

#[test]
fn validate_writes_its_report_to_the_output_file_even_for_an_invalid_map() {
    // `validate`'s output is the report of the problems, so `-o` keeps it (for CI to upload), and
    // it is the same document as on standard output.
    let dir = temp_dir();
    let out = dir.path().join("report.json");
    let run = ecomap(&[
        "validate",
        "--format",
        "json",
        "-o",
        &out.display().to_string(),
        INVALID,
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let report = std::fs::read_to_string(&out).expect("the report is written");
    assert_eq!(
        report,
        ecomap(&["validate", "--format", "json", INVALID]).stdout
    );
}

#[test]
fn output_file_cannot_be_a_file_of_the_map() {
    let dir = temp_dir();
    let map = dir.path().join("map.yaml");
    std::fs::copy(root().join(SAMPLE), &map).expect("copied");
    let before = std::fs::read(&map).expect("read");
    let run = ecomap_in(dir.path(), &["show", "-o", "map.yaml", "map.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("ecomap never writes over its input"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&map).expect("read"), before);
}

/// Every file under `dir`, with its bytes (a symbolic link, with where it points).
fn snapshot_bytes(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable") {
            let p = e.expect("entry").path();
            let link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            if link {
                let to = std::fs::read_link(&p).expect("a link");
                out.push((p.clone(), to.to_string_lossy().as_bytes().to_vec()));
            } else if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).expect("readable")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn no_command_ever_modifies_an_input_file() {
    let examples = root().join("examples");
    let before = snapshot_bytes(&examples);
    let mut maps: Vec<String> = vec![SAMPLE.to_owned()];
    for e in std::fs::read_dir(examples.join("bad")).expect("examples/bad") {
        maps.push(format!(
            "examples/bad/{}",
            e.expect("entry").file_name().to_string_lossy()
        ));
    }
    for map in &maps {
        for args in [
            vec!["validate"],
            vec!["validate", "--format", "json", "--strict"],
            vec!["show"],
            vec!["show", "--format", "json"],
            vec!["eligibility", "--why"],
            vec!["eligibility", "--format", "json"],
        ] {
            let mut args = args.clone();
            args.push(map);
            ecomap(&args);
        }
    }
    assert!(
        before == snapshot_bytes(&examples),
        "a file under examples/ changed, or one was added"
    );
}

#[test]
fn every_error_is_reported_in_one_run() {
    // Three different mistakes in one map: an unknown provider, a negative size and an undeclared
    // stage. Validation does not stop at the first: all three come back, in file order.
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[(
            "map.yaml",
            "area: { id: town, name: Town }
commissioners:
  council: { name: Town Council }
services:
  job-club:
    name: Job club
    provider: nobody
    stages: [job-hunting]
    referral: { self: true }
    funding: [{ from: council, amount: 100 }]
cohorts:
  adults:
    name: Adults
    size: -5
    needs: [job-search]
    enters_via: [job-club]
",
        )],
    );
    let run = ecomap_in(dir.path(), &["validate", "--format", "json", "map.yaml"]);
    assert_eq!(run.code, 1);
    let doc = run.json();
    let found: Vec<(String, u64, u64)> = doc["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let want = [
        ("unknown-reference", 7, 15),
        ("undeclared-stage", 8, 14),
        ("negative-value", 14, 11),
    ];
    let want: Vec<(String, u64, u64)> = want
        .iter()
        .map(|(c, l, col)| ((*c).to_owned(), *l, *col))
        .collect();
    assert_eq!(found, want);
    assert_eq!(doc["errors"], 3);
}

/// The sample map cut into three files of one folder, by top-level section.
fn sample_as_folder(dir: &Path) {
    let text = std::fs::read_to_string(root().join(SAMPLE)).expect("the sample reads");
    let at = |key: &str| {
        text.find(&format!("\n{key}:"))
            .map(|i| i + 1)
            .expect("the sample has the section")
    };
    let (cohorts, services) = (at("cohorts"), at("services"));
    write_files(
        dir,
        &[
            ("1-area-and-funders.yaml", &text[..cohorts]),
            ("2-cohorts.yaml", &text[cohorts..services]),
            ("3-services.yml", &text[services..]),
            // Not a map file: ignored.
            ("notes.txt", "services: this is not YAML"),
        ],
    );
}

#[test]
fn a_folder_is_one_map_the_same_as_the_file() {
    let dir = temp_dir();
    sample_as_folder(dir.path());
    let folder = ecomap_in(dir.path(), &["show", "--format", "json", "."]);
    assert_eq!(folder.code, 0, "{}", folder.stderr);
    let file = ecomap(&["show", "--format", "json", SAMPLE]);
    assert_eq!(
        folder.stdout, file.stdout,
        "the same map, whether in one file or three"
    );
    let eligibility = ecomap_in(dir.path(), &["eligibility", "--format", "json", "."]);
    assert_eq!(
        eligibility.stdout,
        ecomap(&["eligibility", "--format", "json", SAMPLE]).stdout
    );
}

#[test]
fn a_diagnostic_in_a_folder_names_the_file_it_is_in() {
    let dir = temp_dir();
    sample_as_folder(dir.path());
    // Break a reference in the third file only.
    let services = dir.path().join("3-services.yml");
    let text = std::fs::read_to_string(&services).expect("read");
    std::fs::write(
        &services,
        text.replacen("provider: mind", "provider: mindd", 1),
    )
    .expect("written");
    let run = ecomap_in(dir.path(), &["validate", "--format", "json", "."]);
    assert_eq!(run.code, 1);
    let doc = run.json();
    let errors: Vec<_> = doc["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{doc:#}");
    assert_eq!(errors[0]["code"], "unknown-reference");
    assert_eq!(errors[0]["file"], "./3-services.yml");
    assert!(
        errors[0]["help"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean `mind`?")
    );
}

/// A map of `n` services each offering job search with no funding line: `n` warnings of one code
/// (`unfunded-service`), and no error. One commissioner funds one more service, which the cohort
/// enters by, so that the commissioner is not warned about.
fn unfunded_services(n: usize) -> String {
    let mut map = String::from(
        "area: { id: town, name: Town }\n\
         commissioners:\n  council: { name: Council, kind: local_authority }\n\
         services:\n  club:\n    name: Club\n    stages: [job-search]\n    referral: { self: true }\n    funding: [{ from: council, amount: 1000 }]\n",
    );
    for i in 0..n {
        map.push_str(&format!(
            "  unpaid-{i:02}:\n    name: Unpaid {i}\n    stages: [job-search]\n    referral: {{ self: true }}\n"
        ));
    }
    map.push_str(
        "cohorts:\n  adults: { name: Adults, size: 10, needs: [job-search], enters_via: [club] }\n",
    );
    map
}

#[test]
fn a_command_shows_twenty_warnings_and_counts_the_rest_validate_lists_all() {
    let dir = temp_dir();
    let path = dir.path().join("map.yaml");
    std::fs::write(&path, unfunded_services(26)).expect("the test writes its map");
    let p = path.to_str().expect("UTF-8 temporary paths");
    let warnings = |stderr: &str| stderr.matches("warning[unfunded-service]").count();
    // `gaps`: 20 of the 26 shown, the other 6 counted in one note, then the summary of all 26.
    let gaps = ecomap(&["gaps", p]);
    assert_eq!(gaps.code, 0, "{}", gaps.stderr);
    assert_eq!(warnings(&gaps.stderr), 20, "{}", gaps.stderr);
    assert!(
        gaps.stderr.contains(
            "note: 6 more warnings not shown (unfunded-service 6); `ecomap validate` lists every one\n"
        ),
        "{}",
        gaps.stderr
    );
    assert!(
        gaps.stderr.ends_with(": 0 errors, 26 warnings\n"),
        "{}",
        gaps.stderr
    );
    // The first 20 in the map's order: unpaid-00 to unpaid-19; unpaid-20 is left out.
    assert!(gaps.stderr.contains("`unpaid-19`"), "{}", gaps.stderr);
    assert!(!gaps.stderr.contains("`unpaid-20`"), "{}", gaps.stderr);
    // `validate` lists every one.
    let all = ecomap(&["validate", p]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(warnings(&all.stderr), 26, "{}", all.stderr);
    assert!(!all.stderr.contains("not shown"), "{}", all.stderr);
    // Warnings that fail the run (`--deny warnings`) are all shown, for mending.
    let denied = ecomap(&["gaps", "--deny", "warnings", p]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);
    assert_eq!(warnings(&denied.stderr), 26, "{}", denied.stderr);
    // At 20 or fewer nothing is left out.
    std::fs::write(&path, unfunded_services(20)).expect("the test writes its map");
    let twenty = ecomap(&["gaps", p]);
    assert_eq!(warnings(&twenty.stderr), 20, "{}", twenty.stderr);
    assert!(!twenty.stderr.contains("not shown"), "{}", twenty.stderr);
}

#[test]
fn a_number_on_the_command_line_out_of_range_says_what_is_taken() {
    // --within is a whole number of months from 0 to 1200: not a fraction, not a word, not a
    // number too large for any calendar. The message says what it takes, never Rust's words.
    for within in ["NaN", "1.5", "99999999999999999999", "1201"] {
        let run = ecomap(&["contracts", "examples/retender.yaml", "--within", within]);
        assert_eq!(run.code, 2, "{within}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "`{within}` is not a number of months ecomap can take: give a whole number from 0 to 1200, such as 12"
            )),
            "{within}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("invalid digit"), "{}", run.stderr);
        assert!(!run.stderr.contains("too large to fit"), "{}", run.stderr);
    }
    // 1200 months from --as-of 2026-12-07 is the same day 100 years on: 2126-12-07.
    let run = ecomap(&[
        "contracts",
        "examples/retender.yaml",
        "--within",
        "1200",
        "--as-of",
        "2026-12-07",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("to 2126-12-07"), "{}", run.stdout);
    // A size of nothing, or more bytes than a 64-bit count holds (99,999,999,999 GB is about
    // 10^20 bytes, over 2^64 - 1 = 18,446,744,073,709,551,615), is given with the range.
    for size in ["0", "99999999999GB"] {
        let run = ecomap(&["validate", SAMPLE, "--max-file-size", size]);
        assert_eq!(run.code, 2, "{size}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "`{size}` is not a size ecomap can take: give one from 1 byte to 18,446,744,073,709,551,615 bytes, such as 64MB or 16MiB"
            )),
            "{size}: {}",
            run.stderr
        );
    }
}

/// Text output fits a terminal: paragraphs wrap at 100 columns (the width without a terminal),
/// and a table wider than that wraps its long cells. Only a table whose columns' longest words
/// alone pass 100 is wider (`funding`'s services, nine columns; `show`'s commissioners), and never
/// past 120.
#[test]
fn text_output_fits_a_terminal() {
    use unicode_width::UnicodeWidthStr;
    let widest = |command: &str| -> usize {
        let run = ecomap(&[command, "maps/riverside"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
            .lines()
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    for command in ["capacity", "benchmarks", "eligibility", "gaps", "contracts"] {
        assert!(widest(command) <= 100, "{command}: {}", widest(command));
    }
    for command in ["funding", "show"] {
        assert!(widest(command) <= 120, "{command}: {}", widest(command));
    }
}

/// `show` counts one of a kind in the singular, and a service the map gives no funding shows "–"
/// (as the report does), not "£0", with a line saying what "–" means.
#[test]
fn show_says_one_of_a_kind_and_no_funding_as_such() {
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[(
            "map.yaml",
            "area: { id: t, name: Test }\n\
             commissioners:\n  c: { name: C }\n\
             providers:\n  p: { name: P }\n\
             rules:\n  r: { care: secondary }\n\
             services:\n\
             \x20 gp: { name: GP, provider: p, model: gateway, stages: [access], eligibility: r }\n\
             \x20 s: { name: S, provider: p, stages: [job-search], referral: { from: [gp] }, funding: [ { from: c, amount: 1000 } ] }\n\
             cohorts:\n\
             \x20 k: { name: K, size: 10, attributes: { care: secondary }, needs: [job-search], enters_via: [gp] }\n",
        )],
    );
    let run = ecomap_in(dir.path(), &["show", "map.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let words = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    // One commissioner, provider, cohort and rule; two services; £1,000 from `s`'s one line.
    assert!(
        words.contains(
            "1 commissioner, 1 provider, 2 services, 1 cohort (10 people), 1 rule; £1,000 a year"
        ),
        "{words}"
    );
    // gp has no funding lines: "–", not "£0"; s is paid £1,000.
    assert!(words.contains("gp GP gateway access unknown –"), "{words}");
    assert!(
        words.contains("s S other job-search unknown £1,000"),
        "{words}"
    );
    let gp = run
        .stdout
        .lines()
        .find(|l| l.starts_with("gp "))
        .unwrap_or_default();
    assert!(gp.ends_with(" –") && !gp.contains('£'), "{gp}");
    assert!(
        words.contains("– under funding/yr: the map gives no funding"),
        "{words}"
    );
}
