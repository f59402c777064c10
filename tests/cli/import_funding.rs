//! `ecomap import 360giving` and `ecomap import ocds` on small files in each standard's published
//! shape (`tests/fixtures/360giving/`, `tests/fixtures/ocds/`, each with a README naming its
//! source). Each inserted line is worked out by hand below; every byte of the map outside them
//! must be unchanged; nothing is written without --yes when no one can be asked.

use std::path::Path;

use crate::support::{copy_files, ecomap_in, read, temp_dir, write_files, write_ods};

const GRANTS: &str = "tests/fixtures/360giving";
const OCDS: &str = "tests/fixtures/ocds";

/// The lines the 360Giving import adds to `tests/fixtures/360giving/map.yaml`, in file order.
const GRANT_LINES: [&str; 4] = [
    // 360G-BRK-003 goes to Brookfield Community Foundation (GB-CHC-1000003), which is the
    // commissioner `foundation`: money passed on, so a `funded_by` line. The funder, "The National
    // Lottery Community Fund", is `lottery` by name ("The" is not compared). 12 months from
    // 2024-04-01 end on 2025-03-31; a period of 12 months or less keeps the amount awarded.
    "      # from 360Giving grant 360G-BRK-003: £45,000 awarded on 2024-02-01 for 12 months
      - from: lottery
        amount: 45000
        contract: { start: 2024-04-01, end: 2025-03-31 }
        source: \"360Giving grant 360G-BRK-003\"
",
    // 360G-BRK-001 goes to Brookfield Mind (GB-CHC-1000001), the provider `mind`, whose one
    // service is `peer-work`. £90,000 awarded (not the £95,000 applied for) for 01/04/2024 to
    // 31/03/2027, 36 months: 90,000 × 12 ÷ 36 = £30,000 a year.
    "      # from 360Giving grant 360G-BRK-001: £90,000 awarded on 2024-03-15 for 36 months, £30,000 a year
      - from: lottery
        amount: 30000
        contract: { start: 2024-04-01, end: 2027-03-31 }
        source: \"360Giving grant 360G-BRK-001\"
",
    // 360G-BRK-002 goes to `works-ips` by --to (its provider has two services). Its dates are
    // spreadsheet serials: 45383 is 2024-04-01 and 45747, 364 days later, 2025-03-31. The list's
    // items are flow mappings, so the new one is too.
    "      # from 360Giving grant 360G-BRK-002: £12,000 awarded on 2024-03-20 for 12 months
      - { from: council, amount: 12000, contract: { start: 2024-04-01, end: 2025-03-31 }, source: \"360Giving grant 360G-BRK-002\" }
",
    // 360G-BRK-008 goes to Brookfield College, the provider `college` by name, whose one service
    // `college-course` has no `funding:` yet: the key is added at the end of its block, before
    // the comment that follows it. 2024-09-01 to 2025-07-31 is 11 months.
    "    funding:
      # from 360Giving grant 360G-BRK-008: £6,000 awarded on 2024-08-01 for 11 months
      - from: council
        amount: 6000
        contract: { start: 2024-09-01, end: 2025-07-31 }
        source: \"360Giving grant 360G-BRK-008\"
",
];

/// The directions the 360Giving test gives: 002 and 009 go to a provider with two services.
const GRANT_DIRECTIONS: [&str; 4] = [
    "--to",
    "360G-BRK-002=works-ips",
    "--to",
    "360G-BRK-009=works-skills",
];

/// `edited` with each of `chunks` taken out once must be `original`, byte for byte.
fn only_these_were_inserted(original: &str, edited: &str, chunks: &[&str]) {
    let mut rest = edited.to_owned();
    for chunk in chunks {
        assert_eq!(
            rest.matches(chunk).count(),
            1,
            "inserted once:\n{chunk}\nin:\n{edited}"
        );
        rest = rest.replacen(chunk, "", 1);
    }
    assert_eq!(
        rest, original,
        "every byte outside the inserted lines is unchanged"
    );
}

fn import_grants(file: &str, extra: &[&str]) -> (tempfile::TempDir, crate::support::Run) {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml", file], dir.path());
    let run = import_grants_in(dir.path(), file, extra);
    (dir, run)
}

/// `ecomap import 360giving FILE --into map.yaml EXTRA…` in `dir`, as it stands.
fn import_grants_in(dir: &Path, file: &str, extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["import", "360giving", file, "--into", "map.yaml"];
    args.extend_from_slice(extra);
    ecomap_in(dir, &args)
}

#[test]
fn grants_csv_adds_the_lines_worked_out_and_nothing_else() {
    let mut args = GRANT_DIRECTIONS.to_vec();
    args.push("--yes");
    let (dir, run) = import_grants("grants.csv", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let edited = read(dir.path(), "map.yaml");
    only_these_were_inserted(&read(Path::new(GRANTS), "map.yaml"), &edited, &GRANT_LINES);
    assert_eq!(edited, read(Path::new(GRANTS), "expected.yaml"));
    assert!(
        run.stderr.contains("Added 4 funding lines to map.yaml."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("map.yaml: valid, 0 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn grants_as_json_and_as_a_workbook_give_the_same_edit() {
    for file in ["grants.json", "grants.xlsx"] {
        let mut args = GRANT_DIRECTIONS.to_vec();
        args.push("--yes");
        let (dir, run) = import_grants(file, &args);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        assert_eq!(
            read(dir.path(), "map.yaml"),
            read(Path::new(GRANTS), "expected.yaml"),
            "{file}"
        );
    }
}

/// A cell of `grants.csv` as LibreOffice saves it in an .ods: a number as a number cell, a date
/// (`15/03/2024`, `2024-03-20`) as a date cell, anything else as text, and equal cells side by side
/// as one cell repeated.
fn ods_row(cells: &[&str]) -> String {
    let cell = |text: &str| {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = text.split('/').collect();
        if digits(text) {
            format!(
                r#"office:value-type="float" office:value="{text}" calcext:value-type="float"><text:p>{text}</text:p>"#
            )
        } else if parts.len() == 3 && parts.iter().all(|p| digits(p)) {
            let iso = format!("{}-{}-{}", parts[2], parts[1], parts[0]);
            format!(
                r#"office:value-type="date" office:date-value="{iso}" calcext:value-type="date"><text:p>{text}</text:p>"#
            )
        } else if text.len() == 10 && text.as_bytes()[4] == b'-' && digits(&text.replace('-', "")) {
            format!(
                r#"office:value-type="date" office:date-value="{text}" calcext:value-type="date"><text:p>{text}</text:p>"#
            )
        } else if text.is_empty() {
            ">".to_owned()
        } else {
            let text = text.replace('&', "&amp;").replace('<', "&lt;");
            format!(
                r#"office:value-type="string" calcext:value-type="string"><text:p>{text}</text:p>"#
            )
        }
    };
    let mut xml = String::from("<table:table-row>");
    let mut i = 0;
    while i < cells.len() {
        let same = cells[i..].iter().take_while(|c| **c == cells[i]).count();
        let repeated = if same > 1 {
            format!(r#" table:number-columns-repeated="{same}""#)
        } else {
            String::new()
        };
        xml.push_str(&format!(
            "<table:table-cell{repeated} {}</table:table-cell>",
            cell(cells[i])
        ));
        i += same;
    }
    // LibreOffice fills each row out to its 1,024 columns with empty cells.
    xml.push_str(&format!(
        r#"<table:table-cell table:number-columns-repeated="{}"/></table:table-row>"#,
        1024 - cells.len()
    ));
    xml
}

#[test]
fn grants_as_an_ods_with_libreoffices_empty_repeats_give_the_same_edit() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // `grants.csv` as a LibreOffice sheet `Grants` (any case is the grants sheet), after a first
    // sheet of notes: 10 rows (the header and nine grants) and then, as LibreOffice ends a sheet,
    // one empty row standing for the other 1,048,566, each row filled out with empty cells to
    // 1,024 columns. Only the 10 × 18 cells that hold something count: the sheet is read as the
    // CSV is, and gives the lines GRANT_LINES works out by hand (£45,000 from `lottery` to
    // `foundation` for 12 months, £30,000 a year of 360G-BRK-001's £90,000 over 36 months,
    // £12,000 to `works-ips`, £6,000 to `college-course`), and nothing else.
    let csv = read(Path::new(GRANTS), "grants.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let mut rows = ods_row(&header.iter().collect::<Vec<_>>());
    let records: Vec<csv::StringRecord> =
        reader.into_records().map(|r| r.expect("a row")).collect();
    assert_eq!(records.len(), 9);
    for record in &records {
        rows.push_str(&ods_row(&record.iter().collect::<Vec<_>>()));
    }
    rows.push_str(r#"<table:table-row table:number-rows-repeated="1048566"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#);
    let notes = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Grants of 2024, from the funders' own files</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    write_ods(
        &dir.path().join("grants.ods"),
        &[("Notes", notes), ("Grants", &rows)],
    );
    let mut args = GRANT_DIRECTIONS.to_vec();
    args.push("--yes");
    let run = import_grants_in(dir.path(), "grants.ods", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let edited = read(dir.path(), "map.yaml");
    only_these_were_inserted(&read(Path::new(GRANTS), "map.yaml"), &edited, &GRANT_LINES);
    assert_eq!(edited, read(Path::new(GRANTS), "expected.yaml"));
}

#[test]
fn a_service_written_as_a_flow_mapping_gets_its_lines_in_a_file_to_paste() {
    let mut args = GRANT_DIRECTIONS.to_vec();
    args.push("--yes");
    let (dir, run) = import_grants("grants.csv", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 360G-BRK-009, sent to `works-skills`, which is one line of flow mapping: not edited.
    assert!(run.stdout.contains("services.works-skills.funding — map.yaml: the service `works-skills` is written as a flow mapping"), "{}", run.stdout);
    let paste = read(dir.path(), "map.yaml.to-paste.txt");
    // No dates: the £4,000 is taken as one year's.
    assert!(paste.contains(
        "# from 360Giving grant 360G-BRK-009: £4,000 awarded on 2024-06-01, no dates given, taken as one year's
- from: council
  amount: 4000
  source: \"360Giving grant 360G-BRK-009\"
"
    ), "{paste}");
}

#[test]
fn the_file_to_paste_is_never_an_input_a_folder_or_a_device_and_nothing_is_written_first() {
    // The same import as above writes lines to paste (360G-BRK-009), so --paste-to is used. Each
    // of these names is refused before anything is written: the map (which the import edits, and
    // the paste would then replace), the grants file it reads, a folder, a device. The map, the
    // grants file and the device are left as they were, and no temporary file is left behind.
    let original = read(Path::new(GRANTS), "map.yaml");
    for (paste_to, why) in [
        ("map.yaml", "is a file this run reads"),
        ("grants.csv", "is a file this run reads"),
        (
            ".",
            "it is a folder; --paste-to writes only to a regular file or a new name",
        ),
        (
            "/dev/null",
            "--paste-to writes only to a regular file or a new name",
        ),
        (
            "no-such-folder/x.txt",
            "the folder no-such-folder does not exist",
        ),
    ] {
        let mut args = GRANT_DIRECTIONS.to_vec();
        args.extend(["--yes", "--paste-to", paste_to]);
        let (dir, run) = import_grants("grants.csv", &args);
        assert_eq!(run.code, 2, "{paste_to}: {}", run.stderr);
        assert!(run.stderr.contains(why), "{paste_to}: {}", run.stderr);
        assert_eq!(read(dir.path(), "map.yaml"), original, "{paste_to}");
        assert_eq!(
            read(dir.path(), "grants.csv"),
            read(Path::new(GRANTS), "grants.csv"),
            "{paste_to}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("the folder")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".ecomap-"))
            .collect();
        assert!(left.is_empty(), "{paste_to}: {left:?}");
    }
    assert!(
        std::fs::metadata("/dev/null")
            .map(|m| !m.file_type().is_file())
            .unwrap_or(false),
        "/dev/null is still a device"
    );
}

#[cfg(unix)]
#[test]
fn a_map_behind_a_link_is_edited_where_it_is_and_a_read_only_one_only_with_force() {
    use std::os::unix::fs::PermissionsExt;
    let mut args = GRANT_DIRECTIONS.to_vec();
    args.push("--yes");
    // map.yaml is a link to real.yaml: the edit lands in real.yaml and the link stays a link.
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml", "grants.csv"], dir.path());
    std::fs::rename(dir.path().join("map.yaml"), dir.path().join("real.yaml")).expect("rename");
    std::os::unix::fs::symlink("real.yaml", dir.path().join("map.yaml")).expect("a link");
    let run = import_grants_in(dir.path(), "grants.csv", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let link = std::fs::symlink_metadata(dir.path().join("map.yaml")).expect("the link");
    assert!(link.file_type().is_symlink());
    assert_eq!(
        read(dir.path(), "real.yaml"),
        read(Path::new(GRANTS), "expected.yaml")
    );
    // A read-only map is not written over without --force (as -o), and is with it. Root may
    // write any file, so the check is ecomap's own, not the system's.
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml", "grants.csv"], dir.path());
    let map = dir.path().join("map.yaml");
    std::fs::set_permissions(&map, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let run = import_grants_in(dir.path(), "grants.csv", &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("map.yaml: it is read-only; --force writes over it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
    let mut forced = args.clone();
    forced.push("--force");
    let run = import_grants_in(dir.path(), "grants.csv", &forced);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "expected.yaml")
    );
}

#[test]
fn what_cannot_be_placed_is_listed_with_why_and_what_to_do() {
    let (dir, run) = import_grants("grants.csv", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    for expected in [
        // Brookfield Works Limited, company 1000002, is GB-COH-01000002 (leading zeros aside).
        "why: the recipient Brookfield Works Limited (GB-COH-1000002) is the provider `works`, which has 2 services: `works-ips`, `works-skills`",
        "`--to 360G-BRK-002=works-ips` (this grant)",
        "why: the recipient Brookfield Mindful Ltd (GB-CHC-1999999) is not on the map",
        "if it is provider `mind` (Brookfield Mind), add `identifiers: [GB-CHC-1999999]` to it",
        "why: it is in USD; the map's amounts are in GBP",
        "360G-BRK-006 (row 7): cannot be read: it has no `Amount Awarded`, only `Amount Applied For`",
        "360Giving grant 360G-BRK-007: `peer-work` already has a line from `council` with the same amount and dates",
    ] {
        assert!(out.contains(expected), "missing: {expected}\n{out}");
    }
    assert!(
        run.stderr.contains("--dry-run: nothing written"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
}

/// A national funder's file in small: the funder is on the map (`lottery`, by name), and 25 of its
/// grants go to organisations nowhere on the map, more than the preview lists one by one.
fn national_file() -> String {
    let mut csv = String::from(
        "Identifier,Title,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n",
    );
    let lottery = "GB-GOR-EX0001,The National Lottery Community Fund";
    // 360G-N-01 to 360G-N-24: Faraway Org k, £k,000.
    for k in 1..=24 {
        csv.push_str(&format!(
            "360G-N-{k:02},Grant,GBP,{k}000,2024-03-15,GB-CHC-90000{k:02},Faraway Org {k:02},{lottery}\n"
        ));
    }
    // A second grant to Faraway Org 24: £30,000, so £54,000 to it in all.
    csv.push_str(&format!(
        "360G-N-25,Grant,GBP,30000,2024-03-15,GB-CHC-9000024,Faraway Org 24,{lottery}\n"
    ));
    // To a provider on the map with two services: something to choose, listed in full.
    csv.push_str(&format!(
        "360G-N-26,Grant,GBP,8000,2024-03-15,GB-COH-01000002,Brookfield Works Limited,{lottery}\n"
    ));
    // From a funder nowhere on the map, to a provider on it.
    csv.push_str(
        "360G-N-27,Grant,GBP,7000,2024-03-15,GB-CHC-1000001,Brookfield Mind,GB-CHC-8000001,Faraway Trust\n",
    );
    csv
}

#[test]
fn a_national_funders_file_sums_up_the_organisations_nowhere_on_the_map() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    write_files(dir.path(), &[("national.csv", &national_file())]);
    let run = import_grants_in(dir.path(), "national.csv", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    // 26 of the 27 grants name an organisation nowhere on the map (no map name is near "Faraway
    // Org" or "Faraway Trust"), more than 20: they are summed up by organisation. Recipients: 25
    // grants to 24 organisations, £1,000 + … + £24,000 = £300,000, and £30,000 more to Org 24:
    // £330,000. The 20 with the most money: Org 24 (£54,000 in 2 grants), then Org 23 down to
    // Org 05 (£23,000 … £5,000); Orgs 01 to 04 are counted, not named. The funder: one grant,
    // £7,000, one organisation (no "20 with the most money" line: all are named).
    for expected in [
        "Read 27 grants from national.csv.",
        "Not placed: 27 (the map is not changed for these)",
        "  360Giving grant 360G-N-26 (row 27), The National Lottery Community Fund → Brookfield Works Limited, £8,000\n    why: the recipient Brookfield Works Limited (GB-COH-01000002) is the provider `works`, which has 2 services",
        "\n  1 grant whose funder is not on the map, nor near a name on it: 1 funder, £7,000 awarded in all.\n    Faraway Trust (GB-CHC-8000001): £7,000 awarded in 1 grant\n      to place: add it under `commissioners:` with `name: Faraway Trust` and `identifiers: [GB-CHC-8000001]`\n",
        "\n  25 grants whose recipient is not on the map, nor near a name on it: 24 recipients, £330,000 awarded in all.\n  The 20 with the most money (--all lists every grant):\n    Faraway Org 24 (GB-CHC-9000024): £54,000 awarded in 2 grants\n      to place: add it under `providers:` with `name: Faraway Org 24` and `identifiers: [GB-CHC-9000024]`\n    Faraway Org 23 (GB-CHC-9000023): £23,000 awarded in 1 grant\n",
        "    Faraway Org 05 (GB-CHC-9000005): £5,000 awarded in 1 grant\n      to place: add it under `providers:` with `name: Faraway Org 05` and `identifiers: [GB-CHC-9000005]`\n\nNothing to add to the map.\n",
    ] {
        assert!(out.contains(expected), "missing: {expected}\n{out}");
    }
    for absent in [
        "Faraway Org 04",
        "Faraway Org 01",
        "360G-N-01 ",
        "360G-N-27",
    ] {
        assert!(!out.contains(absent), "not listed: {absent}\n{out}");
    }
    assert_eq!(out.matches("awarded in 1 grant\n").count(), 19 + 1, "{out}");
    // With --all, every grant is listed with its own why, as for a small file.
    let all = import_grants_in(dir.path(), "national.csv", &["--dry-run", "--all"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    for k in 1..=27 {
        assert!(
            all.stdout.contains(&format!(
                "  360Giving grant 360G-N-{k:02} (row {}), ",
                k + 1
            )),
            "360G-N-{k:02} listed\n{}",
            all.stdout
        );
    }
    assert!(
        all.stdout
            .contains("    why: the recipient Faraway Org 01 (GB-CHC-9000001) is not on the map\n")
    );
    assert!(
        all.stdout
            .contains("    why: the funder Faraway Trust (GB-CHC-8000001) is not on the map\n")
    );
    assert!(
        !all.stdout.contains("nor near a name on it"),
        "{}",
        all.stdout
    );
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
}

#[test]
fn a_long_list_of_skipped_grants_stops_at_twenty_unless_all_are_asked_for() {
    // 22 grants to people (a `Recipient Ind:Identifier`): skipped, a map's lines being between
    // organisations. 20 are listed, in file order, and the other 2 counted.
    let mut csv = String::from(
        "Identifier,Title,Currency,Amount Awarded,Recipient Org:Name,Recipient Ind:Identifier,Funding Org:Identifier,Funding Org:Name\n",
    );
    for k in 1..=22 {
        csv.push_str(&format!(
            "360G-P-{k:02},Bursary,GBP,500,,360G-IND-{k:02},GB-GOR-EX0001,The National Lottery Community Fund\n"
        ));
    }
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    write_files(dir.path(), &[("people.csv", &csv)]);
    let run = import_grants_in(dir.path(), "people.csv", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("\nSkipped: 22\n  360Giving grant 360G-P-01: "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\n  360Giving grant 360G-P-20: "),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("360G-P-21"), "{}", run.stdout);
    assert!(
        run.stdout.contains("\n  and 2 more (--all lists them)\n"),
        "{}",
        run.stdout
    );
    let all = import_grants_in(dir.path(), "people.csv", &["--dry-run", "--all"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(
        all.stdout.contains("\n  360Giving grant 360G-P-22: "),
        "{}",
        all.stdout
    );
    assert!(
        !all.stdout.contains("more (--all lists them)"),
        "{}",
        all.stdout
    );
}

#[test]
fn a_file_of_grants_that_cannot_be_read_lists_twenty_unless_all_are_asked_for() {
    // 23 grants in a 360Giving JSON package, each without its `id` (a file of another shape,
    // perhaps): none can be read. 20 are listed, in file order (grants[0] to grants[19]), and the
    // other 3 counted; with --all, all 23. The package is read a grant at a time, each in its
    // place in the list.
    let grant = r#"{"title": "Bursary", "currency": "GBP", "amountAwarded": 500, "recipientOrganization": [{"id": "GB-CHC-1", "name": "Riverside Mind"}], "fundingOrganization": [{"id": "GB-GOR-EX0001", "name": "The National Lottery Community Fund"}]}"#;
    let json = format!("{{\"grants\": [{}]}}", vec![grant; 23].join(",\n"));
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    write_files(dir.path(), &[("grants.json", &json)]);
    let run = import_grants_in(dir.path(), "grants.json", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let unreadable = |out: &str| out.matches("): cannot be read: ").count();
    assert!(
        run.stdout.contains("\nNot placed: 23 (the map is not changed for these)\n  a grant (grants[0]): cannot be read: it has no `Identifier`"),
        "{}",
        run.stdout
    );
    assert_eq!(unreadable(&run.stdout), 20, "{}", run.stdout);
    assert!(run.stdout.contains("(grants[19])"), "{}", run.stdout);
    assert!(!run.stdout.contains("(grants[20])"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("\n  and 3 more that cannot be read (--all lists them)\n"),
        "{}",
        run.stdout
    );
    let all = import_grants_in(dir.path(), "grants.json", &["--dry-run", "--all"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(unreadable(&all.stdout), 23, "{}", all.stdout);
    assert!(all.stdout.contains("(grants[22])"), "{}", all.stdout);
    assert!(
        !all.stdout.contains("more that cannot be read"),
        "{}",
        all.stdout
    );
}

#[test]
fn without_yes_and_no_terminal_nothing_is_written() {
    let (dir, run) = import_grants("grants.csv", &[]);
    // The tests run with no terminal: there is no one to ask, so it is a usage error (exit 2).
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("Run it again with --yes"),
        "{}",
        run.stderr
    );
    // The changes were shown all the same.
    assert!(
        run.stdout.contains("Will add 3 funding lines:"),
        "{}",
        run.stdout
    );
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
    assert!(!dir.path().join("map.yaml.to-paste.txt").exists());
}

#[test]
fn a_second_import_of_the_same_file_adds_nothing() {
    let mut args = GRANT_DIRECTIONS.to_vec();
    args.push("--yes");
    let (dir, first) = import_grants("grants.csv", &args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let again = import_grants_in(dir.path(), "grants.csv", &["--yes"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    // The four inserted grants are named in comments now; 007 matches a line as before.
    assert!(
        again
            .stdout
            .contains("On the map already, not added again: 5"),
        "{}",
        again.stdout
    );
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "expected.yaml")
    );
}

/// The lines the OCDS import adds to `tests/fixtures/ocds/map.yaml`, in file order.
const OCDS_LINES: [&str; 4] = [
    // ocds-a1b2c3-0001: the tender (£650,000 estimated) and the award's release are merged; the
    // contract's value, £600,000 for 2024-04-01 to 2027-03-31 (36 months), is 600,000 × 12 ÷ 36 =
    // £200,000 a year, to Thrive (GB-COH-09000001), whose one service is `ips`. `funding: []` is a
    // flow list on one line: the comment goes above it, the item inside the brackets.
    "    # from OCDS ocds-a1b2c3-0001 award 0001-1: £600,000 awarded on 2024-03-01 for 36 months, £200,000 a year\n",
    "{ from: council, amount: 200000, contract: { start: 2024-04-01, end: 2027-03-31 }, source: OCDS ocds-a1b2c3-0001 award 0001-1 }",
    // ocds-a1b2c3-0002: the ICB (by name) to Ashford Vale NHS Trust (by name), whose one service
    // `advisers` has no `funding:` yet. The award's contract period is 12 months.
    "    funding:
      # from OCDS ocds-a1b2c3-0002 award 0002-1: £40,000 awarded on 2024-02-20 for 12 months
      - from: icb
        amount: 40000
        contract: { start: 2024-04-01, end: 2025-03-31 }
        source: OCDS ocds-a1b2c3-0002 award 0002-1
",
    // ocds-a1b2c3-0003: a tender with only a minimum value and no award: a planned line with no
    // amount, sent to `job-club` by --to.
    "      # from OCDS ocds-a1b2c3-0003 tender 0003: planned, not awarded yet; tender minimum value £20,000, not money awarded
      - from: council
        status: planned
        contract: { start: 2025-04-01, end: 2026-03-31 }
        source: OCDS ocds-a1b2c3-0003 tender 0003
",
];

fn import_ocds(file: &str, extra: &[&str]) -> (tempfile::TempDir, crate::support::Run) {
    let dir = temp_dir();
    copy_files(OCDS, &["map.yaml", file], dir.path());
    let mut args = vec!["import", "ocds", file, "--into", "map.yaml"];
    args.extend_from_slice(extra);
    let run = ecomap_in(dir.path(), &args);
    (dir, run)
}

#[test]
fn a_release_package_adds_awards_and_a_planned_tender() {
    let (dir, run) = import_ocds(
        "releases.json",
        &["--to", "ocds-a1b2c3-0003=job-club", "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let edited = read(dir.path(), "map.yaml");
    only_these_were_inserted(&read(Path::new(OCDS), "map.yaml"), &edited, &OCDS_LINES);
    assert_eq!(edited, read(Path::new(OCDS), "expected.yaml"));
    assert!(
        run.stdout
            .contains("OCDS ocds-a1b2c3-0004 tender 0004: the tender is cancelled"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_record_package_gives_the_same_edit() {
    let (dir, run) = import_ocds(
        "records.json",
        &["--to", "ocds-a1b2c3-0003=job-club", "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(OCDS), "expected.yaml")
    );
    // Record 4 links to its releases without holding them.
    assert!(
        run.stdout
            .contains("records[3], ocds-a1b2c3-0005): cannot be read"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_tender_without_a_supplier_is_not_placed_without_directions() {
    let (_dir, run) = import_ocds("releases.json", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("why: a tender with no supplier yet"),
        "{}",
        run.stdout
    );
    // "Vale job club, extended hours" holds every word of the service name "Vale job club".
    assert!(
        run.stdout.contains("`--to ocds-a1b2c3-0003=job-club`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_planned_line_is_listed_and_not_counted_as_spend() {
    let (dir, run) = import_ocds(
        "releases.json",
        &["--to", "ocds-a1b2c3-0003=job-club", "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let show = ecomap_in(dir.path(), &["show", "--format", "json", "map.yaml"]).json();
    // Spend: job-club's £15,000 + ips's £200,000 + advisers' £40,000 = £255,000, in pence; the
    // planned line adds nothing.
    assert_eq!(show["counts"]["spend"], 25_500_000);
    assert_eq!(show["planned"][0]["from"], "council");
    assert_eq!(show["planned"][0]["to"], "job-club");
    assert!(show["planned"][0]["amount"].is_null());
    assert_eq!(show["planned"].as_array().map(Vec::len), Some(1));
}

#[test]
fn files_that_are_not_the_standard_stop_with_where_and_why() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    write_files(
        dir.path(),
        &[
            (
                "broken.json",
                "{\n  \"grants\": [\n    { \"id\": \"x\", }\n  ]\n}\n",
            ),
            ("wrong.csv", "Grant,Money\nx,1\n"),
        ],
    );
    let run = ecomap_in(
        dir.path(),
        &["import", "360giving", "broken.json", "--into", "map.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("line 3, column"), "{}", run.stderr);
    let run = ecomap_in(
        dir.path(),
        &["import", "360giving", "wrong.csv", "--into", "map.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no column `Identifier`"),
        "{}",
        run.stderr
    );
    let run = ecomap_in(
        dir.path(),
        &["import", "ocds", "wrong.csv", "--into", "map.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("it is not JSON"), "{}", run.stderr);
    let run = ecomap_in(
        dir.path(),
        &[
            "import",
            "360giving",
            "broken.json",
            "--into",
            "map.yaml",
            "--to",
            "x=works-ipz",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("there is no service or commissioner `works-ipz`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
}

/// A map and one grant to its one service, as a CSV.
const ONE_GRANT: &str = "Identifier,Currency,Amount Awarded,Recipient Org:Name,Funding Org:Name\n\
                         360G-T-1,GBP,1000,Town Mind,Town Council\n";
const ONE_LINE: &str =
    "# from 360Giving grant 360G-T-1: £1,000 awarded, no dates given, taken as one year's";

fn import_one(map: &str) -> (tempfile::TempDir, crate::support::Run) {
    import_into(map, ONE_GRANT, "--yes")
}

/// `ecomap import 360giving g.csv --into map.yaml FLAG` in a new folder holding `map` and `grants`.
fn import_into(map: &str, grants: &str, flag: &str) -> (tempfile::TempDir, crate::support::Run) {
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", map), ("g.csv", grants)]);
    let run = ecomap_in(
        dir.path(),
        &["import", "360giving", "g.csv", "--into", "map.yaml", flag],
    );
    (dir, run)
}

const TOWN: &str = "area: { id: t, name: Town }\ncommissioners:\n  council: { name: Town Council }\nproviders:\n  mind: { name: Town Mind }\nservices:\n  club:\n    name: Club\n    provider: mind\n    stages: [job-search]\n    funding:\n      - from: council\n        amount: 5";

#[test]
fn windows_line_ends_and_a_missing_final_line_break_are_kept() {
    // No final line break: one is added before the new lines, none after them.
    let (dir, run) = import_one(TOWN);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = format!(
        "{TOWN}\n      {ONE_LINE}\n      - from: council\n        amount: 1000\n        source: \"360Giving grant 360G-T-1\""
    );
    assert_eq!(read(dir.path(), "map.yaml"), expected);

    // Windows line ends: the new lines have them too.
    let crlf = format!("{TOWN}\n").replace('\n', "\r\n");
    let (dir, run) = import_one(&crlf);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = format!(
        "{crlf}      {ONE_LINE}\r\n      - from: council\r\n        amount: 1000\r\n        source: \"360Giving grant 360G-T-1\"\r\n"
    );
    assert_eq!(read(dir.path(), "map.yaml"), expected);
}

#[test]
fn an_edit_that_would_not_read_back_as_intended_is_not_made() {
    // The service ends in a kept block scalar (`|+`): its trailing blank line belongs to the
    // notes, so lines inserted after its last text would change them. The read-back check sees
    // that, and the lines go to the file to paste from instead.
    let map = TOWN.replace(
        "    funding:\n      - from: council\n        amount: 5",
        "    notes: |+\n      kept\n\n",
    );
    let (dir, run) = import_one(&map);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(dir.path(), "map.yaml"), map);
    assert!(run.stdout.contains("did not read back"), "{}", run.stdout);
    assert!(read(dir.path(), "map.yaml.to-paste.txt").contains("amount: 1000"));
}

#[test]
fn a_flow_list_over_several_lines_is_not_edited() {
    let map = TOWN.replace(
        "    funding:\n      - from: council\n        amount: 5",
        "    funding: [\n      { from: council, amount: 5 }\n    ]\n",
    );
    let (dir, run) = import_one(&map);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(dir.path(), "map.yaml"), map);
    assert!(
        run.stdout.contains("a flow list over several lines"),
        "{}",
        run.stdout
    );
}

/// Runs `ecomap ARGS` in `dir` on a terminal (through `script`), typing `answer` at the prompt.
fn on_a_terminal(dir: &Path, args: &[&str], answer: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin!("ecomap");
    let command = std::iter::once(bin.display().to_string())
        .chain(args.iter().map(|a| (*a).to_owned()))
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script runs");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(answer.as_bytes())
        .expect("the answer is typed");
    child.wait_with_output().expect("script ends")
}

#[test]
#[ignore = "needs script"]
fn on_a_terminal_it_asks_and_writes_only_on_yes() {
    crate::support::need("script", "--version", "bsdutils");
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml", "grants.csv"], dir.path());
    let args = ["import", "360giving", "grants.csv", "--into", "map.yaml"];
    let no = on_a_terminal(dir.path(), &args, "n\n");
    let shown = String::from_utf8_lossy(&no.stdout);
    assert!(
        shown.contains("Write the changes to map.yaml? [y/N]"),
        "{shown}"
    );
    assert!(shown.contains("Nothing written."), "{shown}");
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
    let yes = on_a_terminal(dir.path(), &args, "y\n");
    let shown = String::from_utf8_lossy(&yes.stdout);
    // Without --to, three of the four lines of the first test are placed: 001, 003 and 008.
    assert!(
        shown.contains("Added 3 funding lines to map.yaml."),
        "{shown}"
    );
    let edited = read(dir.path(), "map.yaml");
    only_these_were_inserted(
        &read(Path::new(GRANTS), "map.yaml"),
        &edited,
        &[GRANT_LINES[0], GRANT_LINES[1], GRANT_LINES[3]],
    );
}

#[test]
fn names_and_ids_from_the_file_cannot_change_the_map_s_structure() {
    // A grant id with a quote, a `#`, a colon and braces: written into `source:` (quoted, with the
    // quote escaped) and into the comment, it must read back as the same text and add no key.
    let hostile = "Identifier,Currency,Amount Awarded,Recipient Org:Name,Funding Org:Name\n\
                   \"360G-x\"\" # evil: {1}\",GBP,1000,Town Mind,\"Town Council\"\n";
    let (dir, run) = import_into(&format!("{TOWN}\n"), hostile, "--yes");

    assert_eq!(run.code, 0, "{}", run.stderr);
    let show = ecomap_in(dir.path(), &["show", "--format", "json", "map.yaml"]).json();
    let sources = show["sources"].as_array().expect("a list");
    assert_eq!(sources.len(), 1, "{show:#}");
    assert_eq!(
        sources[0]["citation"],
        "360Giving grant 360G-x\" # evil: {1}"
    );
    assert!(
        read(dir.path(), "map.yaml")
            .contains("        source: \"360Giving grant 360G-x\\\" # evil: {1}\"\n")
    );
}

#[test]
fn names_from_the_file_cannot_forge_lines_or_reorder_text_in_the_summary() {
    // The first grant's funder name holds U+202E (right-to-left override), which would show the
    // rest of its line reversed; the second's recipient name holds a line break followed by a
    // line that looks like ecomap's own, and an escape sequence (ESC [31m, red). The first is
    // placed (the name, compared without its punctuation and marks, is Town Council's); the
    // second is not (no such recipient), and is listed with its name.
    let grants = "Identifier,Currency,Amount Awarded,Recipient Org:Name,Funding Org:Name\n\
                  360G-T-1,GBP,1000,Town Mind,\"Town\u{202e} Council\"\n\
                  360G-T-2,GBP,2000,\"Evil\nerror: forged \u{1b}[31mred\",Town Council\n";
    let (dir, run) = import_into(&format!("{TOWN}\n"), grants, "--dry-run");

    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    // Shown as escapes, in the project's `\u{…}` style, each name on the line of its grant.
    for expected in [
        "    360Giving grant 360G-T-1: Town\\u{202e} Council → Town Mind\n",
        "      funder Town\\u{202e} Council is `council`, by name\n",
        "  360Giving grant 360G-T-2 (row 3), Town Council → Evil\\nerror: forged \\u{1b}[31mred, £2,000\n",
        "    why: the recipient Evil\\nerror: forged \\u{1b}[31mred is not on the map\n",
    ] {
        assert!(out.contains(expected), "missing: {expected}\n{out}");
    }
    // The name to add is written as YAML writes it, its escape YAML's own (`\u001B`).
    assert!(
        out.contains("`name: \"Evil\\nerror: forged \\u001B[31mred\"`"),
        "{out}"
    );
    // Nothing from the file reaches the terminal raw: no line begins with the forged text, and
    // no hidden character is printed (the only control characters are the line breaks).
    assert!(
        !out.lines().any(|l| l.starts_with("error: forged")),
        "{out}"
    );
    assert!(
        !out.chars()
            .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}')),
        "{out:?}"
    );
    assert_eq!(read(dir.path(), "map.yaml"), format!("{TOWN}\n"));
}

#[test]
fn in_a_map_folder_each_line_goes_into_the_file_that_holds_its_list() {
    let dir = temp_dir();
    let map = dir.path().join("town");
    std::fs::create_dir(&map).expect("a folder");
    let commissioners = "area: { id: t, name: Town }\ncommissioners:\n  council: { name: Town Council }\n  fund:\n    name: Town Fund\n    funded_by:\n      - from: council\n        amount: 5\n";
    let services = "providers:\n  mind: { name: Town Mind }\nservices:\n  club:\n    name: Club\n    provider: mind\n    stages: [job-search]\n    funding:\n      - from: fund\n        amount: 5\n";
    write_files(&map, &[("a.yaml", commissioners), ("b.yaml", services)]);
    // One grant to Town Mind (its one service `club`), one to Town Fund (a commissioner: money
    // passed on), both from the council, no dates. A source starting with a digit is quoted, or
    // YAML could read it as a number.
    let csv = "Identifier,Currency,Amount Awarded,Recipient Org:Name,Funding Org:Name\n\
               G-1,GBP,100,Town Mind,Town Council\nG-2,GBP,200,Town Fund,Town Council\n";
    write_files(dir.path(), &[("g.csv", csv)]);
    let run = ecomap_in(
        dir.path(),
        &["import", "360giving", "g.csv", "--into", "town", "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    only_these_were_inserted(
        commissioners,
        &read(&map, "a.yaml"),
        &[
            "      # from 360Giving grant G-2: £200 awarded, no dates given, taken as one year's\n      - from: council\n        amount: 200\n        source: \"360Giving grant G-2\"\n",
        ],
    );
    only_these_were_inserted(
        services,
        &read(&map, "b.yaml"),
        &[
            "      # from 360Giving grant G-1: £100 awarded, no dates given, taken as one year's\n      - from: council\n        amount: 100\n        source: \"360Giving grant G-1\"\n",
        ],
    );
    // The paste file would go beside the folder, never into it.
    assert!(!map.join("town.to-paste.txt").exists());
}

#[test]
fn a_contract_period_given_as_a_length_is_placed_in_time_and_spread_over_its_years() {
    // OCDS may give a period's length (durationInDays, the days from its start to its end) in
    // place of its end. a11: £1,000 from 2024-04-01 for 730 days, so to 2026-03-31: 24 months,
    // £500 a year. a12: a length with no date at all cannot be turned into money a year, and is
    // not placed. Both go from the council (GB-LAE-AVC) to Thrive (GB-COH-09000001), whose one
    // service in the fixture map is `ips`.
    let releases = r#"{"releases":[{"ocid":"o-11","id":"o-11-1","date":"2024-01-01","tag":["award"],
 "parties":[{"id":"GB-LAE-AVC","name":"Ashford Vale Council","roles":["buyer"]},
            {"id":"GB-COH-09000001","name":"Thrive Employment CIC","roles":["supplier"]}],
 "buyer":{"id":"GB-LAE-AVC","name":"Ashford Vale Council"},
 "awards":[{"id":"a11","status":"active","value":{"amount":1000,"currency":"GBP"},
            "suppliers":[{"id":"GB-COH-09000001"}],
            "contractPeriod":{"startDate":"2024-04-01","durationInDays":730}},
           {"id":"a12","status":"active","value":{"amount":6000,"currency":"GBP"},
            "suppliers":[{"id":"GB-COH-09000001"}],
            "contractPeriod":{"durationInDays":365}}]}]}"#;
    let dir = temp_dir();
    copy_files(OCDS, &["map.yaml"], dir.path());
    write_files(dir.path(), &[("lengths.json", releases)]);
    let run = ecomap_in(
        dir.path(),
        &[
            "import",
            "ocds",
            "lengths.json",
            "--into",
            "map.yaml",
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "amount: 500, contract: { start: 2024-04-01, end: 2026-03-31 }, source: OCDS o-11 award a11"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("£1,000 awarded for 24 months, £500 a year"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("gives `durationInDays` (365) but no `startDate` or `endDate`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_grant_sent_to_two_places_or_a_mapping_key_given_twice_is_refused_before_anything_is_read() {
    // --to names 360G-BRK-002 twice with two places: which one is meant cannot be guessed.
    let (dir, run) = import_grants(
        "grants.csv",
        &[
            "--to",
            "360G-BRK-002=works-ips",
            "--to",
            "360G-BRK-002=job-club",
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("360G-BRK-002 is sent to two places, `works-ips` and `job-club`"),
        "{}",
        run.stderr
    );
    // The same in a mapping file: YAML would keep one of the two silently; it is located.
    write_files(
        dir.path(),
        &[(
            "mapping.yaml",
            "360G-BRK-002: works-ips\n360G-BRK-002: job-club\n",
        )],
    );
    let run = import_grants_in(
        dir.path(),
        "grants.csv",
        &["--mapping", "mapping.yaml", "--dry-run"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the key `360G-BRK-002` is given twice")
            && run.stderr.contains("mapping.yaml:2:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_grant_of_more_than_money_is_counted_in_is_not_placed_and_says_the_most() {
    // £10^20 cannot be held as pence in the integers money is counted in: the grant is not read,
    // and why says the most a funding line may be (10^16 a year), not only that it is large. The
    // map is not changed.
    let grant = "Identifier,Currency,Amount Awarded,Recipient Org:Name,Funding Org:Name\n\
                 360G-T-1,GBP,100000000000000000000,Town Mind,Town Council\n";
    let (dir, run) = import_into(TOWN, grant, "--yes");

    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "360G-T-1 (row 2): cannot be read: `Amount Awarded`: `100000000000000000000` is more \
             than a funding line may be: at most 10,000,000,000,000,000 a year"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(read(dir.path(), "map.yaml"), TOWN);
}
