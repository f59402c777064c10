//! `compare` of many maps at once: they are analysed in parallel, yet the rows come in the order
//! given and each is the row the map gives alone; a map with errors stops the command at that map,
//! in order; the progress bar shows only on a terminal.

use std::path::{Path, PathBuf};

use ecomap::generate::{self, Options};

use crate::support::{ecomap, ecomap_in, temp_dir, write_files};

/// Writes `count` small generated areas into `dir` and returns their paths.
fn areas(dir: &Path, count: usize) -> Vec<PathBuf> {
    let o = Options {
        services: 40,
        cohorts: 8,
        commissioners: None,
        localities: None,
        seed: 3,
    };
    (1..=count)
        .map(|n| {
            let path = dir.join(format!("{}.yaml", generate::area_id(n, count)));
            std::fs::write(&path, generate::area(&o, n, count)).expect("the test writes its maps");
            path
        })
        .collect()
}

fn strs(paths: &[PathBuf]) -> Vec<&str> {
    paths
        .iter()
        .map(|p| p.to_str().expect("UTF-8 temporary paths"))
        .collect()
}

#[test]
fn rows_come_in_the_order_given_each_as_the_map_gives_it_alone() {
    let dir = temp_dir();
    let mut paths = areas(dir.path(), 12);
    // Given in an order that is neither the files' nor the finishing order.
    paths.reverse();
    paths.swap(2, 7);
    let mut args = vec!["compare", "--format", "csv"];
    args.extend(strs(&paths));
    let all = ecomap(&args);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let lines: Vec<&str> = all.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + paths.len());
    for (path, line) in paths.iter().zip(&lines[1..]) {
        let p = path.to_str().expect("UTF-8");
        let alone = ecomap(&["compare", "--format", "csv", p]);
        assert_eq!(alone.code, 0, "{}", alone.stderr);
        let alone: Vec<&str> = alone.stdout.lines().collect();
        assert_eq!(alone[0], lines[0], "the same columns");
        assert_eq!(&alone[1], line, "the row of {p}");
    }
    // Each map's count of warnings is printed in the order given: its summary line in turn.
    let order: Vec<usize> = paths
        .iter()
        .map(|p| {
            let s = format!("{}: 0 errors", p.display());
            all.stderr
                .find(&s)
                .unwrap_or_else(|| panic!("no summary for {s}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", all.stderr);
}

#[test]
fn a_map_with_errors_stops_the_command_at_that_map() {
    let dir = temp_dir();
    let mut paths = areas(dir.path(), 6);
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "area: { id: bad, name: Bad }\nservices:\n  x: { name: X, stages: [nowhere] }\n",
    )
    .expect("the test writes its map");
    paths.insert(3, bad.clone());
    let out = dir.path().join("out.csv");
    let mut args = vec!["compare", "--format", "csv", "-o"];
    args.push(out.to_str().expect("UTF-8"));
    args.extend(strs(&paths));
    let run = ecomap(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(!out.exists(), "nothing is written");
    // The three maps before it speak, then it; none after it.
    for (i, p) in paths.iter().enumerate() {
        let said = run.stderr.contains(&format!("{}:", p.display()));
        assert_eq!(said, i <= 3, "{}:\n{}", p.display(), run.stderr);
    }
    assert!(run.stderr.contains("undeclared-stage"), "{}", run.stderr);
}

#[test]
fn no_progress_bar_unless_standard_error_is_a_terminal() {
    // compare-a and compare-b validate without a warning, so standard error stays empty.
    let run = ecomap(&[
        "compare",
        "examples/compare-a.yaml",
        "examples/compare-b.yaml",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
}

#[test]
#[ignore = "needs script"]
fn a_progress_bar_on_a_terminal() {
    // `script` runs the command with a terminal as its standard output and error.
    crate::support::need("script", "--version", "bsdutils");
    let dir = temp_dir();
    let paths = areas(dir.path(), 30);
    let mut command = format!(
        "{} compare --format csv -o {}",
        env!("CARGO_BIN_EXE_ecomap"),
        dir.path().join("out.csv").display()
    );
    for p in &paths {
        command.push(' ');
        command.push_str(&p.display().to_string());
    }
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
        .expect("script runs");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    // The bar counts the maps done out of all of them.
    assert!(shown.contains("/30 maps"), "{shown:?}");
}

#[test]
fn a_folder_of_whole_maps_is_a_row_per_file_in_file_name_order() {
    // Five areas written as `ecomap generate --areas` writes them, each file a whole map with its
    // own `area`: the folder is five maps, not one, and gives the rows its files give when named
    // one by one, in file-name order (area-1 … area-5).
    let dir = temp_dir();
    let paths = areas(dir.path(), 5);
    let folder = ecomap(&["compare", "--format", "csv", path_str(dir.path())]);
    assert_eq!(folder.code, 0, "{}", folder.stderr);
    let mut args = vec!["compare", "--format", "csv"];
    args.extend(strs(&paths));
    let named = ecomap(&args);
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert_eq!(folder.stdout.lines().count(), 1 + 5, "{}", folder.stdout);
    assert_eq!(folder.stdout, named.stdout);
    // A folder and a file together: the folder's rows, then the file's.
    let extra = dir.path().join("extra");
    std::fs::create_dir(&extra).expect("the test makes a folder");
    let one = areas(&extra, 1);
    let both = ecomap(&[
        "compare",
        "--format",
        "csv",
        path_str(dir.path()),
        path_str(&one[0]),
    ]);
    assert_eq!(both.code, 0, "{}", both.stderr);
    let rows: Vec<&str> = both.stdout.lines().collect();
    assert_eq!(rows.len(), 1 + 6);
    assert!(rows[6].starts_with(path_str(&one[0])), "{}", rows[6]);
}

#[test]
fn any_other_command_refuses_a_folder_of_whole_maps_with_one_error() {
    // Read as one map, the second and third files would give their `area` and every id again:
    // one error instead, saying what the folder is and how to read it.
    let dir = temp_dir();
    let paths = areas(dir.path(), 3);
    let run = ecomap(&["validate", "--format", "json", path_str(dir.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON diagnostics");
    let all = json["diagnostics"].as_array().expect("a list");
    assert_eq!(all.len(), 1, "{}", run.stdout);
    let d = &all[0];
    assert_eq!(d["code"], "duplicate-section");
    let message = d["message"].as_str().expect("a message");
    assert!(message.contains("holds 3 maps, not one"), "{message}");
    // It points at the second file's `area`, beside the first's.
    assert_eq!(d["file"], path_str(&paths[1]));
    let help = d["help"].as_str().expect("help");
    assert!(help.contains("ecomap compare"), "{help}");
    assert!(help.contains(path_str(&paths[0])), "{help}");
    // With a file beside them that is not a whole map (stages only), the folder is still three
    // maps, and the one error says how many of its files are: `compare` does not read it as a
    // row per file (it would leave the other file out), so it stops there too.
    std::fs::write(
        dir.path().join("stages.yaml"),
        "stages:\n  extra: { name: Extra }\n",
    )
    .expect("the test writes a file");
    for command in ["validate", "compare"] {
        let run = ecomap(&[command, "--format", "json", path_str(dir.path())]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON diagnostics");
        let all = json["diagnostics"].as_array().expect("a list");
        assert_eq!(all.len(), 1, "{}", run.stdout);
        let message = all[0]["message"].as_str().expect("a message");
        assert!(
            message.contains("holds 3 maps, not one: 3 of its 4 files each have their own `area`"),
            "{message}"
        );
    }
}

#[test]
fn a_folder_that_is_one_map_split_into_files_is_still_one_row() {
    // `area` and the commissioner in one file, the services and cohorts in another: one map.
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("area.yaml"),
        "area: { id: town, name: Town }\ncommissioners:\n  council: { name: Council, kind: local_authority }\n",
    )
    .expect("the test writes its map");
    std::fs::write(
        dir.path().join("services.yaml"),
        "services:\n  club:\n    name: Job club\n    stages: [job-search]\n    referral: { self: true }\n    funding: [{ from: council, amount: 1000 }]\ncohorts:\n  adults: { name: Adults, size: 10, needs: [job-search], enters_via: [club] }\n",
    )
    .expect("the test writes its map");
    let run = ecomap(&["compare", "--format", "csv", path_str(dir.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    assert!(rows[1].contains(",town,Town,"), "{}", rows[1]);
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temporary paths")
}

/// Maps that load are not read out warning by warning: each gives its one-line count, in the
/// order given, and one line after them says how many in all and how to read them. Two maps, each
/// with one service without funding (`unfunded-service`, their only warning): 2 warnings in 2 maps.
#[test]
fn compare_counts_the_warnings_of_maps_that_load() {
    let dir = temp_dir();
    let map = |id: &str| {
        format!(
            "area: {{ id: {id}, name: {id} }}\n\
             commissioners:\n  c: {{ name: C }}\n\
             services:\n\
             \x20 s: {{ name: S, stages: [job-search], referral: {{ self: true }}, capacity: {{ people_per_year: 10 }}, funding: [ {{ from: c, amount: 1000 }} ] }}\n\
             \x20 t: {{ name: T, stages: [job-search], referral: {{ self: true }} }}\n\
             cohorts:\n  k: {{ name: K, size: 10, needs: [job-search], enters_via: [s] }}\n"
        )
    };
    let (a, b) = (map("a"), map("b"));
    write_files(dir.path(), &[("a.yaml", &a), ("b.yaml", &b)]);
    let run = ecomap_in(dir.path(), &["compare", "a.yaml", "b.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "a.yaml: 0 errors, 1 warning\n\
         b.yaml: 0 errors, 1 warning\n\
         note: 2 warnings in 2 maps, not shown here: `ecomap validate MAP` lists a map's warnings; they do not change its row.\n"
    );
}
