//! `ecomap import csv` and `ecomap export csv`: a map exported as spreadsheet tables and imported
//! again is the same map, on every bundled map and on a map of hostile names; the template folder
//! imports as written; mistakes in the tables are shown at their file, row and column, and leave
//! no map; a map is never written over without --force, and never half-written.

use std::path::Path;

use crate::support::{
    bundled_maps, dump, ecomap, ecomap_in, export_and_import, load_path, path, root, temp_dir,
    write_files,
};

/// `show --format json` of a map.
fn show(map: &Path) -> serde_json::Value {
    ecomap(&["show", "--format", "json", &map.display().to_string()]).json()
}

#[test]
fn every_bundled_map_exported_and_imported_again_is_the_same_map() {
    let maps = bundled_maps();
    assert!(maps.iter().any(|m| m == "maps/riverside"), "{maps:?}");
    // Four at a time: each map is four runs of the binary.
    std::thread::scope(|scope| {
        for chunk in maps.chunks(maps.len().div_ceil(4)) {
            scope.spawn(move || {
                for m in chunk {
                    let original = path(m);
                    let dir = export_and_import(&original);
                    let again = dir.path().join("map");
                    // What `show` says, and everything the model holds (rules' conditions,
                    // referrals, funding lines with their dates and earmarks, sources, notes,
                    // identifiers, after_start, national, employment_share, figures, benchmarks,
                    // accepted overlaps, declared stages).
                    assert_eq!(show(&again), show(&original), "{m}: show");
                    assert_eq!(
                        dump(&load_path(&again).map),
                        dump(&load_path(&original).map),
                        "{m}: model"
                    );
                }
            });
        }
    });
}

#[test]
fn hostile_names_and_values_survive_the_round_trip_through_spreadsheets() {
    let original = path("tests/fixtures/spreadsheets/hostile-map.yaml");
    let dir = export_and_import(&original);
    let again = dir.path().join("map");
    assert_eq!(show(&again), show(&original));
    assert_eq!(
        dump(&load_path(&again).map),
        dump(&load_path(&original).map)
    );
    let table = |name: &str| {
        std::fs::read_to_string(dir.path().join("tables").join(name)).expect("a table")
    };
    // A name a spreadsheet would run as a formula is kept as text by a leading `'`.
    assert!(table("commissioners.csv").contains("\"'=HYPERLINK(\"\"http://evil\"\")\""));
    // Attributes named like columns get a prefix; attributes after starting work have their own.
    let cohorts = table("cohorts.csv");
    let header = cohorts.lines().next().unwrap_or("");
    for column in [
        "attribute.size",
        "attribute.attributes",
        "attribute.after_start.x",
        "attribute.",
        "after_start.employment",
        "after_start.x y",
    ] {
        assert!(
            header.split(',').any(|c| c == column),
            "{column} not in {header}"
        );
    }
    // The second cohort lists `age` before `care`, the first `care` before `age`: no order of
    // columns keeps both, so the second's attributes are written whole, in the map's notation.
    assert!(
        cohorts.contains("\"{ age: { min: 16, max: 24 }, care: primary }\""),
        "{cohorts}"
    );
    // A rule with `any` has no columns that can hold it: it is written in `condition`.
    assert!(table("rules.csv").contains("{ any: [{ rule: \"\"r{1}\"\" }"));
}

#[test]
fn the_template_folder_imports_as_a_valid_map() {
    let dir = temp_dir();
    let out = dir.path().join("map");
    let run = ecomap(&[
        "import",
        "csv",
        "examples/spreadsheets",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Counted by hand from the template: 3 commissioners, 4 providers, 5 services, 3 rules,
    // 3 cohorts, 5 rows of funding.csv (one of them `planned`), 1 accepted overlap; no warning (the
    // only unfunded services are the gateways gp and cmht, which offer access or treatment alone;
    // ips has a paid line besides its planned one).
    assert!(run.stdout.contains("3 commissioners, 4 providers, 5 services, 3 rules, 3 cohorts, 5 funding lines (1 planned), 0 stages of its own, 1 accepted overlap"), "{}", run.stdout);
    assert!(
        run.stdout.contains("valid, 0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
    let doc = show(&out);
    // 1,290 + 2,000 + 400 people; £300,000 + £120,000 + £45,000 + "£15,000" = £480,000 a year:
    // the planned line of ips counts for nothing, and is listed with no amount.
    assert_eq!(doc["counts"]["people_in_cohorts"], 3690);
    assert_eq!(doc["counts"]["spend"], 48_000_000);
    assert_eq!(
        doc["planned"],
        serde_json::json!([{ "from": "icb", "to": "ips", "amount": null,
            "contract": { "start": "2027-04-01", "end": "2030-03-31" } }])
    );
    // `in-work=10%` is a share of 0.1: 200 of the 2,000.
    let uc = &doc["cohorts"][1];
    assert_eq!(uc["id"], "common-uc");
    assert_eq!(uc["needs"][1]["share"], 0.1);
    assert_eq!(uc["needs"][1]["people"], 200.0);
    // The contract written 01/04/2025 to 31/03/2026 reads as dates.
    let services = std::fs::read_to_string(out.join("services.yaml")).expect("services.yaml");
    assert!(
        services.contains("contract: { start: 2025-04-01, end: 2026-03-31 }"),
        "{services}"
    );
    assert!(
        services.contains("# from: services.csv row 6\n  mind-employment:"),
        "{services}"
    );
}

/// A folder of tables with one area, for the mistakes below.
const AREA: &str = "id,name\nt,Test\n";

/// Runs `import csv tables -o map` in a folder holding `files` under `tables/`.
fn import(files: &[(&str, &str)]) -> (tempfile::TempDir, crate::support::Run) {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("tables")).expect("a folder");
    write_files(&dir.path().join("tables"), files);
    let run = ecomap_in(dir.path(), &["import", "csv", "tables", "-o", "map"]);
    (dir, run)
}

#[test]
fn mistakes_in_the_tables_are_shown_at_their_file_row_and_column() {
    let (dir, run) = import(&[
        ("area.csv", AREA),
        // Row 2: `modle` is no column; row 3: `wte` is not a number; row 4: no name.
        (
            "services.csv",
            "id,name,modle,wte\na,A,ips,\nb,B,,two\nc,,,\n",
        ),
        // Row 2: the id `a` is a service's already; the size is not a whole number.
        (
            "cohorts.csv",
            "id,name,size,needs\na,Cohort,12.5,job-search=lots\n",
        ),
        // Row 2: no service or commissioner `nobody`; the date is not a day.
        (
            "funding.csv",
            "to,from,amount,start\nnobody,x,10,2025-02-30\n",
        ),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    // Each problem with its code, and where it is: file, line, column (the line is the row).
    for expected in [
        "error[unknown-key]: unknown column `modle` in services.csv",
        "tables/services.csv:1:9",
        "did you mean `model`?",
        "error[wrong-type]: row 3, column `wte` of services.csv: `two` is not a number",
        "tables/services.csv:3:6",
        "error[duplicate-id]: the id `a` is used twice",
        "tables/services.csv:2:1",
        "error[missing-key]: row 4 of services.csv has no name",
        "error[duplicate-id]: the id `a` is used twice",
        "tables/cohorts.csv:2:1",
        "error[wrong-type]: row 2, column `size` of cohorts.csv: `12.5` is not a whole number",
        "error[wrong-type]: row 2, column `needs` of cohorts.csv: the share of `job-search`",
        "error[unknown-reference]: funding to `nobody`, but there is no service or commissioner with that id",
        "tables/funding.csv:2:1",
        "error[bad-date]: row 2, column `start` of funding.csv: `2025-02-30` is not a day of the calendar",
        "not imported",
        "no map was written",
    ] {
        assert!(e.contains(expected), "{expected:?} not in:\n{e}");
    }
    assert!(!dir.path().join("map").exists(), "no map is written");
}

#[test]
fn a_problem_in_the_map_the_tables_make_is_shown_at_the_cell_it_came_from() {
    let (dir, run) = import(&[
        ("area.csv", AREA),
        ("providers.csv", "id,name\ntrust,Trust\n"),
        ("commissioners.csv", "id,name\nicb,ICB\n"),
        // `trsut` is no provider; `sharing` is no rule; stage `job-serach` is undeclared.
        (
            "services.csv",
            "id,name,provider,stages,eligibility\nips,IPS,trsut,job-serach,sharing\n",
        ),
        // The two rules use each other: a cycle, in the `condition` cells.
        (
            "rules.csv",
            "id,condition\nsharing-a,{ rule: sharing-b }\nsharing-b,{ rule: sharing-a }\n",
        ),
        ("funding.csv", "to,from,amount\nips,icb,-5\n"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    for expected in [
        // Found by validating the map the tables make, and shown at the cell, not in the YAML.
        "error[unknown-reference]: `provider:` names `trsut`, but there is no provider with that id",
        "tables/services.csv:2:9",
        "row 2, column `provider`: unknown provider",
        "did you mean `trust`?",
        "error[undeclared-stage]: `job-serach` is not a stage",
        "tables/services.csv:2:15",
        "did you mean `job-search`?",
        "error[unknown-reference]: `eligibility` names `sharing`",
        "tables/services.csv:2:26",
        // The cycle is found at the reference that closes it: sharing-b's, on row 3.
        "error[rule-cycle]: rule `sharing-a` refers to itself",
        "tables/rules.csv:3:11",
        "row 3, column `condition`: this reference closes the cycle",
        "error[negative-value]",
        "tables/funding.csv:2:9",
        "row 2, column `amount`",
    ] {
        assert!(e.contains(expected), "{expected:?} not in:\n{e}");
    }
    assert!(
        !e.contains(".yaml"),
        "problems are shown in the tables, not the YAML:\n{e}"
    );
    assert!(!dir.path().join("map").exists(), "no map is written");
}

#[test]
fn a_broken_table_is_a_csv_syntax_error() {
    let (_dir, run) = import(&[
        ("area.csv", AREA),
        ("services.csv", "id,name\nx,\"never closed\n"),
        ("cohorts.csv", "id;name;size\n"),
        ("providers.csv", "id,name\np,P,extra\n"),
    ]);
    assert_eq!(run.code, 1);
    for expected in [
        "error[csv-syntax]: a quoted cell is never closed",
        "tables/services.csv:2:3",
        "error[csv-syntax]: cohorts.csv is separated by semicolons",
        "error[csv-syntax]: row 2 of providers.csv has more cells than the header has columns",
        "tables/providers.csv:2:5",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} not in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_folder_without_tables_or_without_an_area_is_refused() {
    let (_dir, run) = import(&[("notes.txt", "nothing")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("it holds none of the tables of a map"),
        "{}",
        run.stderr
    );
    let (_dir, run) = import(&[("services.csv", "id,name\na,A\n")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[no-area]: the spreadsheets have no area"),
        "{}",
        run.stderr
    );
    let run = ecomap(&["import", "csv", "examples/spreadsheets"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("name the folder to write the map to with -o"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_import_never_writes_over_a_map_without_force() {
    let dir = temp_dir();
    let template = root().join("examples/spreadsheets").display().to_string();
    let import = |extra: &[&str]| {
        let mut args = vec!["import", "csv", template.as_str(), "-o", "map"];
        args.extend(extra);
        ecomap_in(dir.path(), &args)
    };
    assert_eq!(import(&[]).code, 0);
    let area = dir.path().join("map/area.yaml");
    std::fs::write(&area, "# edited by hand\narea: { id: x, name: X }\n").expect("writable");
    // Again without --force: refused, and the edited file is as it was.
    let run = import(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("already exist: nothing was written"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&area)
            .expect("readable")
            .starts_with("# edited by hand")
    );
    // With --force the map is written again.
    assert_eq!(import(&["--force"]).code, 0);
    assert!(
        std::fs::read_to_string(&area)
            .expect("readable")
            .contains("id: example-borough")
    );
    // A YAML file of the user's in the folder would be read as part of the map: refused, even
    // with --force.
    std::fs::write(dir.path().join("map/mine.yaml"), "services: {}\n").expect("writable");
    let run = import(&["--force"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("mine.yaml would be read as part of the map"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_write_that_fails_part_way_leaves_the_folder_as_it_was() {
    let dir = temp_dir();
    let map = dir.path().join("map");
    std::fs::create_dir_all(map.join("services.yaml")).expect("a folder in the way");
    std::fs::write(map.join("area.yaml"), "area: { id: old, name: Old }\n").expect("writable");
    let run = ecomap_in(
        dir.path(),
        &[
            "import",
            "csv",
            &root().join("examples/spreadsheets").display().to_string(),
            "-o",
            "map",
            "--force",
        ],
    );
    // `services.yaml` is a folder, so it cannot be replaced by a file: the files put in place
    // before it (accepted_overlaps, area, cohorts, …, in name order) are taken out again, and
    // the area.yaml they replaced is put back.
    assert_eq!(run.code, 2, "{}", run.stderr);
    let mut left: Vec<String> = std::fs::read_dir(&map)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["area.yaml", "services.yaml"]);
    assert_eq!(
        std::fs::read_to_string(map.join("area.yaml")).expect("readable"),
        "area: { id: old, name: Old }\n"
    );
}

#[test]
fn export_writes_nothing_for_a_map_with_errors() {
    let dir = temp_dir();
    let out = dir.path().join("tables");
    let run = ecomap(&[
        "export",
        "csv",
        "examples/bad/unknown-reference--misspelt-provider.yaml",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 1);
    assert!(!out.exists());
    // And an export, like an import, replaces tables only with --force.
    let out = out.display().to_string();
    assert_eq!(
        ecomap(&["export", "csv", "examples/sample.yaml", "-o", &out]).code,
        0
    );
    let run = ecomap(&["export", "csv", "examples/sample.yaml", "-o", &out]);
    assert_eq!(run.code, 2);
    assert_eq!(
        ecomap(&[
            "export",
            "csv",
            "examples/sample.yaml",
            "-o",
            &out,
            "--force"
        ])
        .code,
        0
    );
}

#[test]
fn every_column_of_every_table_is_documented() {
    let doc =
        std::fs::read_to_string(root().join("docs/spreadsheets.md")).expect("the page exists");
    for table in ecomap::import::tables::ALL {
        let heading = format!("## `{}`", table.file);
        let section = doc
            .split("\n## ")
            .find(|s| format!("## {}", s.lines().next().unwrap_or("")) == heading)
            .unwrap_or_else(|| panic!("docs/spreadsheets.md has no section {heading}"));
        for column in table.columns {
            assert!(
                section.contains(&format!("`{column}`")),
                "{}: column `{column}` is not described",
                table.file
            );
        }
    }
}

#[test]
fn an_attribute_named_like_a_column_keeps_its_name() {
    // `need` is near `needs`: as a column of its own, the import would take it for a misspelling;
    // `notes` is a column. The export prefixes both (`attribute.need`). `Size` differs from `size`
    // in case, and names compare case and all, so it stays a column of its own.
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[(
            "map.yaml",
            "area: { id: a, name: A }\nservices: { s: { name: S, stages: [access], referral: { self: true } } }\ncohorts:\n  c:\n    name: C\n    size: 1\n    attributes: { need: high, Size: small, notes: none }\n    needs: [access]\n",
        )],
    );
    let original = dir.path().join("map.yaml");
    let round = export_and_import(&original);
    let cohorts =
        std::fs::read_to_string(round.path().join("tables/cohorts.csv")).expect("cohorts.csv");
    assert!(
        cohorts
            .lines()
            .next()
            .unwrap_or("")
            .ends_with("attribute.need,Size,attribute.notes"),
        "{cohorts}"
    );
    assert_eq!(
        dump(&load_path(&round.path().join("map")).map),
        dump(&load_path(&original).map)
    );
}

#[test]
fn under_deny_warnings_a_warning_is_shown_at_its_cell_and_no_map_is_written() {
    let (dir, run) = import(&[
        ("area.csv", AREA),
        // A rule no service uses: the warning `unused-rule`.
        ("rules.csv", "id,care\nspare,secondary\n"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("valid, 0 errors, 1 warning"),
        "{}",
        run.stdout
    );
    let run = ecomap_in(
        dir.path(),
        &[
            "import", "csv", "tables", "-o", "strict", "--deny", "warnings",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("warning[unused-rule]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("tables/rules.csv:2:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("row 2, column `id`: unused rule"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("strict").exists());
}

#[test]
fn an_import_leaves_its_tables_as_they_were() {
    let before: Vec<(String, Vec<u8>)> = ecomap::import::tables::ALL
        .iter()
        .map(|t| {
            let p = root().join("examples/spreadsheets").join(t.file);
            (
                t.file.to_owned(),
                std::fs::read(p).expect("the template has every table"),
            )
        })
        .collect();
    let dir = temp_dir();
    let out = dir.path().join("map").display().to_string();
    assert_eq!(
        ecomap(&["import", "csv", "examples/spreadsheets", "-o", &out]).code,
        0
    );
    for (file, bytes) in before {
        assert_eq!(
            std::fs::read(root().join("examples/spreadsheets").join(&file)).expect("readable"),
            bytes,
            "{file}"
        );
    }
}

#[test]
fn a_table_not_saved_as_utf8_is_named_and_nothing_more_is_said_of_it() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("tables")).expect("a folder");
    // "Café" in Windows-1252, as a spreadsheet saves plain "CSV" on some systems.
    std::fs::write(dir.path().join("tables/area.csv"), b"id,name\nx,Caf\xe9\n").expect("writable");
    let run = ecomap_in(dir.path(), &["import", "csv", "tables", "-o", "map"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[not-utf8]: tables/area.csv is not UTF-8 text"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("CSV UTF-8"), "{}", run.stderr);
    // The é is the 4th byte of "Caf\xe9" on line 2, after "x,": column 6.
    assert!(run.stderr.contains("tables/area.csv:2:6"), "{}", run.stderr);
    // Its area is not reported missing as well: the one mistake is said once.
    assert!(!run.stderr.contains("no-area"), "{}", run.stderr);
    assert!(
        run.stderr.contains("not imported, 1 error"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_amount_too_large_for_any_funding_line_is_out_of_range_at_its_cell() {
    // 10^20 pounds is past what money is counted in, 2 × 10^16 only past the most a funding line
    // may be (10^16 a year): both are the same mistake, told the same way, at the cell (row 2,
    // column 9, where `amount` starts), with the range.
    for amount in ["100000000000000000000", "20000000000000000"] {
        let (dir, run) = import(&[
            ("area.csv", AREA),
            ("commissioners.csv", "id,name\nicb,ICB\n"),
            ("services.csv", "id,name,stages\nips,IPS,job-search\n"),
            (
                "funding.csv",
                &format!("to,from,amount\nips,icb,{amount}\n"),
            ),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        for expected in [
            "error[value-out-of-range]: the amount from `icb` to `ips` is beyond the",
            "tables/funding.csv:2:9",
            "row 2, column `amount`: out of range",
            "from 0 to 10,000,000,000,000,000 (10^16) a year",
        ] {
            assert!(
                run.stderr.contains(expected),
                "{expected:?} not in:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("wrong-type"), "{}", run.stderr);
        assert!(!dir.path().join("map").exists(), "no map is written");
    }
}
