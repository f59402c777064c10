//! What every import reads (a standard's file, a folder's tables or pages, a `--mapping`) is read
//! as a map's files are: only ordinary files, never waiting on a pipe, within the file limit; a
//! file of a folder that cannot be read stops the import with its name; a sheet is refused before
//! it is laid out in memory when its used range is far larger than any table of grants.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, copy_files, read, temp_dir, write_files, write_ods};

const GRANTS: &str = "tests/fixtures/360giving";

/// Runs `ecomap ARGS` in `dir`, killing it if it has not ended within 30 seconds (a run that
/// waits on a pipe nobody writes to would never end).
fn run_ending(dir: &Path, args: &[&str]) -> Run {
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("ecomap"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let start = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("ecomap {args:?} did not end: it waited on its input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("ends");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn mkfifo(path: &Path) {
    let made = Process::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
}

/// A workbook whose one sheet, `grants`, is `sheet` (the worksheet's XML), as Excel lays one out;
/// a cell of style 1 (`s="1"`) is a date.
fn workbook(path: &Path, sheet: &str) {
    workbook_with_strings(path, sheet, None);
}

/// As [`workbook`], with a table of shared strings (`sharedStrings.xml`) when one is given.
fn workbook_with_strings(path: &Path, sheet: &str, shared: Option<&str>) {
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="grants" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
        ),
        // Style 1 is a date (number format 14, `m/d/yyyy`), as a spreadsheet marks a date cell.
        (
            "xl/styles.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let strings = shared.map(|table| {
        [
            ("xl/sharedStrings.xml", table.to_owned()),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_owned(),
            ),
        ]
    });
    let file = std::fs::File::create(path).expect("writable");
    let mut zip = zip::ZipWriter::new(file);
    let parts = parts
        .into_iter()
        .filter(|(name, _)| strings.is_none() || *name != "xl/_rels/workbook.xml.rels");
    let strings = strings.iter().flatten().map(|(n, t)| (*n, t.as_str()));
    for (name, text) in parts.chain(strings) {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("a part");
        zip.write_all(text.as_bytes()).expect("written");
    }
    zip.finish().expect("a workbook");
}

#[test]
fn a_sheet_with_a_stray_cell_far_from_its_table_is_refused_before_it_is_laid_out() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // A 2 KB workbook: `Identifier` in A1, and a 1 in the sheet's last cell, XFD1048576.
    workbook(
        &dir.path().join("far.xlsx"),
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Identifier</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#,
    );
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "far.xlsx",
            "--into",
            "map.yaml",
            "--yes",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    // From A1 to XFD1048576: 1,048,576 rows (2^20) by 16,384 columns (2^14), 2^34 =
    // 17,179,869,184 cells. The limit is one cell for every 4 bytes of the 16 MiB file limit:
    // 16,777,216 / 4 = 4,194,304.
    for said in [
        "its sheet `grants` has a cell at XFD1048576",
        "1,048,576 rows by 16,384 columns (17,179,869,184 cells",
        "more than the 4,194,304 ecomap reads from a sheet",
        "Delete that cell",
        "--max-file-size raises the limit",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
}

/// One text cell of an .ods, repeated `columns` times across.
fn ods_cell(text: &str, columns: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string" table:number-columns-repeated="{columns}"><text:p>{text}</text:p></table:table-cell>"#
    )
}

#[test]
fn an_ods_of_repeated_cells_is_refused_from_its_counts_before_any_is_written_out() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // An .ods of a few hundred bytes: `Identifier` in A1, and under it one row, repeated as far
    // down as a repeat can say (4,294,967,295 times, the most a count is read as however many
    // digits it has), of one cell repeated 16,384 times across. Written out, that is 70 million
    // million cells: no reader could lay them out, so a refusal that names the far cell can only
    // come from the counts.
    let bomb = format!(
        r#"<table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="99999999999999999999">{}</table:table-row>"#,
        ods_cell("Identifier", "1"),
        ods_cell("x", "16384"),
    );
    write_ods(&dir.path().join("far.ods"), &[("grants", &bomb)]);
    // A cell whose text is a space repeated 4,294,967,295 times (`text:s`), more text than the
    // 256 MB a workbook may unpack to, and its sheet is refused from the count too.
    let spaces = format!(
        r#"<table:table-row>{}<table:table-cell office:value-type="string"><text:p>a<text:s text:c="4294967295"/>b</text:p></table:table-cell></table:table-row>"#,
        ods_cell("Identifier", "1"),
    );
    write_ods(&dir.path().join("spaces.ods"), &[("Grants", &spaces)]);
    let cases: [(&str, &[&str]); 2] = [
        (
            "far.ods",
            // From A1 to XFD4294967296: 4,294,967,296 rows (the header and 2^32 - 1 repeats)
            // by 16,384 columns, 2^32 × 2^14 = 2^46 = 70,368,744,177,664 cells, past the
            // 4,194,304 of the default limit (16 MiB / 4).
            &[
                "cannot read far.ods as 360Giving data: its sheet `grants` has a cell at XFD4294967296",
                "4,294,967,296 rows by 16,384 columns (70,368,744,177,664 cells",
                "more than the 4,194,304 ecomap reads from a sheet",
                "--max-file-size raises the limit",
            ],
        ),
        (
            "spaces.ods",
            &[
                "cannot read spaces.ods as 360Giving data: its sheet `Grants` holds more than 256 MB of text by its cell B1",
                "save the sheet as CSV UTF-8",
            ],
        ),
    ];
    for (file, said) in cases {
        refused(dir.path(), file, said);
    }
}

#[test]
fn an_ods_is_read_from_its_grants_sheet_whatever_its_other_sheets_hold() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // A first sheet of a cell repeated across every column and a million rows (16,384 ×
    // 1,000,001 cells, far past the limit) is not the grants sheet: it is passed over, and the
    // `grants` sheet after it, of one grant, is read.
    let far = format!(
        r#"<table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="1000000">{}</table:table-row>"#,
        ods_cell("Notes", "1"),
        ods_cell("x", "16384"),
    );
    let header = [
        "Identifier",
        "Currency",
        "Amount Awarded",
        "Recipient Org:Name",
        "Funding Org:Name",
    ];
    let grant = ["G-1", "GBP", "lots", "Nobody", "Nobody"];
    let row = |cells: &[&str]| {
        let cells: String = cells.iter().map(|c| ods_cell(c, "1")).collect();
        format!("<table:table-row>{cells}</table:table-row>")
    };
    let grants = format!("{}{}", row(&header), row(&grant));
    write_ods(
        &dir.path().join("two.ods"),
        &[("Notes", &far), ("grants", &grants)],
    );
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "two.ods",
            "--into",
            "map.yaml",
            "--dry-run",
        ],
    );
    assert!(
        run.stdout.contains("Read 1 grant"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    // With no sheet named `grants`, the first sheet is the one read, and refused.
    write_ods(
        &dir.path().join("one.ods"),
        &[("Notes", &far), ("Other", &grants)],
    );
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "one.ods",
            "--into",
            "map.yaml",
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("its sheet `Notes` has a cell at XFD1000001"),
        "{}",
        run.stderr
    );
}

/// One BIFF record: its type, its length, its data.
fn biff(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut r = kind.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

/// A BIFF8 cell record's first 6 bytes: row, column, format 0.
fn at(row: u16, column: u16) -> Vec<u8> {
    [row.to_le_bytes(), column.to_le_bytes(), [0, 0]].concat()
}

/// An .xls (BIFF8 in a compound file, as Excel 97 to 2003 write one) of one sheet, `grants`,
/// whose shared strings are `strings` (each record of the list is an SST record and the
/// CONTINUE records after it, already split) and whose cells are the records `cells`; the
/// stream's last sector leads back to its first if `loop_back` (and the stream is then said to
/// be 4 GB long).
fn write_xls(path: &Path, strings: &[Vec<u8>], cells: &[Vec<u8>], loop_back: bool) {
    let bof = |kind: u16| {
        biff(
            0x0809,
            &[&0x0600_u16.to_le_bytes()[..], &kind.to_le_bytes(), &[0; 12]].concat(),
        )
    };
    let eof = biff(0x000A, &[]);
    let sheet_name = b"grants";
    let bound_sheet_len = 4 + 8 + sheet_name.len();
    let mut globals = bof(0x0005);
    let globals_len =
        globals.len() + bound_sheet_len + strings.iter().map(Vec::len).sum::<usize>() + eof.len();
    let mut bound = (globals_len as u32).to_le_bytes().to_vec();
    bound.extend([0, 0, sheet_name.len() as u8, 0]);
    bound.extend(sheet_name);
    globals.extend(biff(0x0085, &bound));
    for s in strings {
        globals.extend(s);
    }
    globals.extend(&eof);
    assert_eq!(globals.len(), globals_len);
    let mut stream = globals;
    stream.extend(bof(0x0010));
    for c in cells {
        stream.extend(c);
    }
    stream.extend(&eof);
    // At least 4,096 bytes, so that the stream lives in the file's own sectors.
    stream.resize(stream.len().max(4096), 0);
    let stream_len = stream.len() as u32;
    stream.resize(stream.len().div_ceil(512) * 512, 0);
    let stream_sectors = (stream.len() / 512) as u32;
    // Sectors: the tables of sectors first, then the directory, then the stream.
    let mut fat_sectors = 1_u32;
    while fat_sectors * 128 < fat_sectors + 1 + stream_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109);
    let dir = fat_sectors;
    let first = dir + 1;
    let mut fat: Vec<u32> = vec![0xFFFF_FFFD; fat_sectors as usize];
    fat.push(0xFFFF_FFFE);
    for i in 0..stream_sectors {
        let next = if i + 1 == stream_sectors {
            if loop_back { first } else { 0xFFFF_FFFE }
        } else {
            first + i + 1
        };
        fat.push(next);
    }
    fat.resize(fat_sectors as usize * 128, 0xFFFF_FFFF);
    let mut header = vec![0_u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let mut put = |at: usize, bytes: &[u8]| header[at..at + bytes.len()].copy_from_slice(bytes);
    put(24, &0x3E_u16.to_le_bytes());
    put(26, &3_u16.to_le_bytes());
    put(28, &0xFFFE_u16.to_le_bytes());
    put(30, &9_u16.to_le_bytes());
    put(32, &6_u16.to_le_bytes());
    put(44, &fat_sectors.to_le_bytes());
    put(48, &dir.to_le_bytes());
    put(56, &4096_u32.to_le_bytes());
    put(60, &0xFFFF_FFFE_u32.to_le_bytes());
    put(68, &0xFFFF_FFFE_u32.to_le_bytes());
    for i in 0..109_u32 {
        let id = if i < fat_sectors { i } else { 0xFFFF_FFFF };
        put(76 + 4 * i as usize, &id.to_le_bytes());
    }
    let entry = |name: &str, kind: u8, child: u32, start: u32, len: u32| {
        let mut e = vec![0_u8; 128];
        let units: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..72].copy_from_slice(&u32::MAX.to_le_bytes());
        e[72..76].copy_from_slice(&u32::MAX.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&len.to_le_bytes());
        e
    };
    let mut file = header;
    file.extend(fat.iter().flat_map(|w| w.to_le_bytes()));
    file.extend(entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0));
    // A chain that loops is read round and round up to the length the directory gives.
    let declared = if loop_back { u32::MAX } else { stream_len };
    file.extend(entry("Workbook", 2, u32::MAX, first, declared));
    file.extend([0_u8; 256]);
    file.extend(stream);
    std::fs::write(path, file).expect("writable");
}

/// A shared-string table of `strings`, each short enough for one record, written one byte a
/// character.
fn sst(strings: &[&str]) -> Vec<u8> {
    let mut data = [
        (strings.len() as u32).to_le_bytes(),
        (strings.len() as u32).to_le_bytes(),
    ]
    .concat();
    for s in strings {
        data.extend((s.len() as u16).to_le_bytes());
        data.push(0);
        data.extend(s.as_bytes());
    }
    biff(0x00FC, &data)
}

/// A cell naming shared string `index`.
fn label(row: u16, column: u16, index: u32) -> Vec<u8> {
    biff(
        0x00FD,
        &[at(row, column), index.to_le_bytes().to_vec()].concat(),
    )
}

#[test]
fn an_xls_is_read_and_its_numbers_checked_before_the_spreadsheet_library_lays_it_out() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    let header = [
        "Identifier",
        "Currency",
        "Amount Awarded",
        "Recipient Org:Name",
        "Funding Org:Name",
        "G-1",
        "GBP",
        "lots",
        "Nobody",
    ];
    let table: Vec<Vec<u8>> = (0..5)
        .map(|c| label(0, c, u32::from(c)))
        .chain((0..5).map(|c| label(2, c, 5 + u32::from(c.min(3)))))
        .collect();
    // An honest sheet: the header, row 2 empty, a grant in row 3 whose amount is text.
    write_xls(
        &dir.path().join("honest.xls"),
        &[sst(&header)],
        &table,
        false,
    );
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "honest.xls",
            "--into",
            "map.yaml",
            "--dry-run",
        ],
    );
    assert!(
        run.stdout.contains("Read 1 grant"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(run.stdout.contains("row 3"), "{}", run.stdout);

    // The same with a number at column 65,535 (a sheet has 256): laid out, A1 to CRXP3 is
    // 3 × 65,536 = 196,608 cells, within the limit; but row 65,536 makes it 2^32.
    let far = |row: u16| {
        let mut cells = table.clone();
        cells.push(biff(
            0x0203,
            &[at(row, 65_535), 1.0_f64.to_le_bytes().to_vec()].concat(),
        ));
        cells
    };
    write_xls(
        &dir.path().join("wide.xls"),
        &[sst(&header)],
        &far(65_535),
        false,
    );
    // A DIMENSIONS record saying 4,294,967,295 rows by 65,535 columns, for which the library
    // makes room before it reads a cell.
    let mut dims = vec![biff(
        0x0200,
        &[
            0_u32.to_le_bytes(),
            u32::MAX.to_le_bytes(),
            [0, 0, 0xFF, 0xFF],
            [0; 4],
        ]
        .concat()[..14],
    )];
    dims.extend(table.clone());
    write_xls(&dir.path().join("dims.xls"), &[sst(&header)], &dims, false);
    // One shared string of 8,000 characters named by 40,000 cells (200 rows of 200): 40,000 ×
    // 24,000 bytes at most (3 for each byte of the file) is 960,000,000 bytes of copies, past
    // the 256 MB of text a sheet may hold; the file is 560 KB.
    let long = "x".repeat(8000);
    let mut many = table.clone();
    many.extend((10..210).flat_map(|r| (0..200).map(move |c| label(r, c, 9))));
    let mut strings = header.to_vec();
    strings.push(&long);
    write_xls(
        &dir.path().join("copies.xls"),
        &[sst(&strings)],
        &many,
        false,
    );
    // A chain of sectors whose last sector leads back to its first, and a stream said to be
    // 4 GB long: read round the loop, 4 GB of a 5 KB file.
    write_xls(&dir.path().join("loop.xls"), &[sst(&header)], &table, true);
    let cases: [(&str, &[&str]); 4] = [
        (
            "wide.xls",
            &[
                "its sheet `grants` has a cell at CRXP65536",
                "65,536 rows by 65,536 columns (4,294,967,296 cells",
                "more than the 4,194,304 ecomap reads from a sheet",
            ],
        ),
        (
            "dims.xls",
            &[
                "its sheet `grants` says it spans rows 1 to 4,294,967,295 and columns up to 65,535, more than an .xls sheet can have (65,536 rows by 256 columns)",
            ],
        ),
        (
            "copies.xls",
            &["its sheet `grants` holds more than 256 MB of text by its cell"],
        ),
        (
            "loop.xls",
            &["its .xls structure is damaged", "save it as .xlsx"],
        ),
    ];
    for (file, said) in cases {
        refused(dir.path(), file, said);
    }
}

#[test]
fn an_xls_on_which_the_spreadsheet_library_panics_is_a_file_ecomap_cannot_read() {
    // tests/fixtures/hostile/calamine-panic.xls: an .xls of 29 grants written by a spreadsheet
    // library, then a few bytes changed at random. Its records pass ecomap's own check, and the
    // spreadsheet library (calamine 0.38) stops with a panic reading them (a slice out of range):
    // the user is told the file cannot be read, with no trace of the program, exit 2, and the
    // map untouched.
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    std::fs::copy(
        Path::new("tests/fixtures/hostile/calamine-panic.xls"),
        dir.path().join("grants.xls"),
    )
    .expect("copied");
    refused(
        dir.path(),
        "grants.xls",
        &[
            "cannot read grants.xls as 360Giving data: it is not a spreadsheet ecomap can read: save it as .xlsx, or as CSV UTF-8",
        ],
    );
}

/// Runs `import 360giving FILE --into map.yaml --yes` in `dir` and checks that it is refused
/// with exit code 2, saying each of `said` and nothing of a panic, and leaves the map as it was.
fn refused(dir: &Path, file: &str, said: &[&str]) {
    let run = run_ending(
        dir,
        &["import", "360giving", file, "--into", "map.yaml", "--yes"],
    );
    assert_eq!(run.code, 2, "{file}: {}", run.stderr);
    for said in said {
        assert!(run.stderr.contains(said), "{file}: {said}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"), "{file}: {}", run.stderr);
    assert_eq!(read(dir, "map.yaml"), read(Path::new(GRANTS), "map.yaml"));
}

#[test]
fn an_xlsx_whose_cells_all_name_one_long_shared_string_is_refused_at_the_text_limit() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // One shared string of a million characters (a kilobyte or so once packed), named by the 300
    // cells A1 to A300: each cell a copy of it, 300 MB in all. The sheet may hold 256 MiB,
    // 268,435,456 bytes: 268 copies are 268,000,000 bytes, the 269th passes, at A269.
    let table = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="300" uniqueCount="1"><si><t>{}</t></si></sst>"#,
        "x".repeat(1_000_000)
    );
    let rows: String = (1..=300)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    workbook_with_strings(
        &dir.path().join("copies.xlsx"),
        &format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
        ),
        Some(&table),
    );
    refused(
        dir.path(),
        "copies.xlsx",
        &[
            "cannot read copies.xlsx as 360Giving data: its sheet `grants` holds more than 256 MB of text by its cell A269",
        ],
    );
}

#[test]
fn a_sheet_is_read_by_its_own_row_numbers_from_its_first_cell() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // The table starts at B3 (a title above it, in A1, would be its header: here row 1 and 2
    // are empty), so the grant is spreadsheet row 5 (row 4 is blank), and its amount cell is
    // text the import cannot read: the message names row 5.
    workbook(
        &dir.path().join("late.xlsx"),
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="3"><c r="B3" t="inlineStr"><is><t>Identifier</t></is></c><c r="C3" t="inlineStr"><is><t>Currency</t></is></c><c r="D3" t="inlineStr"><is><t>Amount Awarded</t></is></c><c r="E3" t="inlineStr"><is><t>Recipient Org:Name</t></is></c><c r="F3" t="inlineStr"><is><t>Funding Org:Name</t></is></c></row><row r="5"><c r="B5" t="inlineStr"><is><t>G-1</t></is></c><c r="C5" t="inlineStr"><is><t>GBP</t></is></c><c r="D5" t="inlineStr"><is><t>lots</t></is></c><c r="E5" t="inlineStr"><is><t>Nobody</t></is></c><c r="F5" t="inlineStr"><is><t>Nobody</t></is></c></row></sheetData></worksheet>"#,
    );
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "late.xlsx",
            "--into",
            "map.yaml",
            "--dry-run",
        ],
    );
    assert!(run.stdout.contains("Read 1 grant"), "{}", run.stdout);
    assert!(run.stdout.contains("row 5"), "{}", run.stdout);
}

#[test]
fn a_device_a_pipe_a_folder_or_a_file_past_the_limit_is_not_read() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    mkfifo(&dir.path().join("pipe.csv"));
    std::fs::create_dir(dir.path().join("folder.csv")).expect("a folder");
    // 20,000 bytes, past a limit of 10,000 (which the map, 1,535 bytes, and grants.csv, 2,476,
    // are within).
    write_files(dir.path(), &[("big.csv", &"x".repeat(20_000))]);
    let cases: [(&[&str], &str); 9] = [
        (
            &["import", "360giving", "/dev/zero"],
            "cannot read /dev/zero: it is a device, not a file",
        ),
        (
            &["import", "ocds", "/dev/zero"],
            "cannot read /dev/zero: it is a device, not a file",
        ),
        (
            &["import", "360giving", "pipe.csv"],
            "cannot read pipe.csv: it is a named pipe (FIFO), not a file",
        ),
        (
            &["import", "ocds", "pipe.csv"],
            "cannot read pipe.csv: it is a named pipe (FIFO), not a file",
        ),
        (
            &["import", "360giving", "folder.csv"],
            "cannot read folder.csv: it is a folder, not a file",
        ),
        (
            &["import", "360giving", "big.csv", "--max-file-size", "10000"],
            "cannot read big.csv: it has more than the 10,000 bytes ecomap reads from one file",
        ),
        (
            &[
                "import",
                "360giving",
                "grants.csv",
                "--mapping",
                "/dev/zero",
            ],
            "cannot read the mapping /dev/zero: it is a device, not a file",
        ),
        (
            &["import", "360giving", "grants.csv", "--mapping", "pipe.csv"],
            "cannot read the mapping pipe.csv: it is a named pipe (FIFO), not a file",
        ),
        (
            &[
                "import",
                "ocds",
                "grants.csv",
                "--mapping",
                "big.csv",
                "--max-file-size",
                "10000",
            ],
            "cannot read the mapping big.csv: it has more than the 10,000 bytes",
        ),
    ];
    copy_files(GRANTS, &["grants.csv"], dir.path());
    for (args, said) in cases {
        let mut args = args.to_vec();
        args.extend(["--into", "map.yaml", "--yes"]);
        let run = run_ending(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    }
    let cases: [(&[&str], &str); 4] = [
        (
            &["import", "openreferral", "/dev/zero"],
            "cannot read /dev/zero: it is a device, not a file",
        ),
        (
            &["import", "openreferral", "pipe.csv"],
            "cannot read pipe.csv: it is a named pipe (FIFO), not a file",
        ),
        (
            &[
                "import",
                "openreferral",
                "big.csv",
                "--max-file-size",
                "10000",
            ],
            "cannot read big.csv: it has more than the 10,000 bytes",
        ),
        (
            &[
                "import",
                "openreferral",
                "tests/fixtures/openreferral/bare-array.json",
                "--mapping",
                "pipe.csv",
            ],
            "cannot read the mapping pipe.csv: it is a named pipe (FIFO), not a file",
        ),
    ];
    for (args, said) in cases {
        let mut args = args.to_vec();
        let fixture = crate::support::root().join("tests/fixtures/openreferral/bare-array.json");
        let fixture = fixture.to_string_lossy().into_owned();
        if let Some(a) = args.iter_mut().find(|a| a.starts_with("tests/")) {
            *a = &fixture;
        }
        args.extend(["-o", "out"]);
        let run = run_ending(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
        assert!(!dir.path().join("out").exists());
    }
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
}

#[test]
fn a_row_of_a_file_that_is_no_table_is_quoted_short() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // One header row of 100,000 characters: the message quotes its first 120 at most.
    write_files(
        dir.path(),
        &[("long.csv", &format!("Grant,{}\n", "y".repeat(100_000)))],
    );
    let run = run_ending(
        dir.path(),
        &["import", "360giving", "long.csv", "--into", "map.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("its first row is: Grant, yyy"),
        "{}",
        run.stderr
    );
    // The message is about 500 bytes with its excerpt; the row is 100,000.
    assert!(run.stderr.len() < 2_000, "{} bytes", run.stderr.len());
}

/// The bundled tables, copied, for a test to spoil one.
fn tables(dir: &Path) {
    let from = crate::support::root().join("examples/spreadsheets");
    std::fs::create_dir(dir.join("t")).expect("a folder");
    for e in std::fs::read_dir(from).expect("the tables") {
        let p = e.expect("an entry").path();
        std::fs::copy(&p, dir.join("t").join(p.file_name().expect("a name"))).expect("copied");
    }
}

/// A table, what makes it unreadable, and what the import says of it.
type Spoiled = (&'static str, fn(&Path), &'static str);

#[test]
fn a_table_that_is_a_folder_a_link_to_nothing_or_a_pipe_stops_the_import_with_its_name() {
    let spoil: [Spoiled; 3] = [
        (
            "funding.csv",
            |p| std::os::unix::fs::symlink("/nowhere", p).expect("a link"),
            "t/funding.csv cannot be read: it is a link to nothing",
        ),
        (
            "area.csv",
            |p| std::fs::create_dir(p).expect("a folder"),
            "t/area.csv cannot be read: it is a folder, not a file",
        ),
        (
            "services.csv",
            |p| mkfifo(p),
            "t/services.csv cannot be read: it is a named pipe (FIFO), not a file",
        ),
    ];
    for (table, spoil, said) in spoil {
        let dir = temp_dir();
        tables(dir.path());
        let path = dir.path().join("t").join(table);
        std::fs::remove_file(&path).expect("removed");
        spoil(&path);
        let run = run_ending(dir.path(), &["import", "csv", "t", "-o", "m"]);
        assert_eq!(run.code, 1, "{table}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("error[unreadable-file]: {said}")),
            "{}",
            run.stderr
        );
        // The one mistake, said once: no area said missing, no funding said to go nowhere.
        assert!(
            run.stderr.contains("not imported, 1 error"),
            "{}",
            run.stderr
        );
        assert!(!dir.path().join("m").exists());
    }
}

#[test]
fn a_file_of_a_directory_s_folder_that_cannot_be_read_stops_the_import_with_its_name() {
    let fixtures = crate::support::root().join("tests/fixtures/openreferral");
    let dir = temp_dir();
    // The CSV package with organizations.csv a link to nothing.
    let package = dir.path().join("package");
    std::fs::create_dir(&package).expect("a folder");
    for e in std::fs::read_dir(fixtures.join("hsds-csv")).expect("the package") {
        let p = e.expect("an entry").path();
        std::fs::copy(&p, package.join(p.file_name().expect("a name"))).expect("copied");
    }
    std::fs::remove_file(package.join("organizations.csv")).expect("removed");
    std::os::unix::fs::symlink("/nowhere", package.join("organizations.csv")).expect("a link");
    // Two pages, the second a folder.
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).expect("a folder");
    std::fs::copy(
        fixtures.join("oruk-v1-pages/page-1.json"),
        pages.join("page-1.json"),
    )
    .expect("copied");
    std::fs::create_dir(pages.join("page-2.json")).expect("a folder");
    for (input, said) in [
        (
            "package",
            "package/organizations.csv cannot be read: it is a link to nothing",
        ),
        (
            "pages",
            "pages/page-2.json cannot be read: it is a folder, not a file",
        ),
    ] {
        let run = run_ending(dir.path(), &["import", "openreferral", input, "-o", "m"]);
        assert_eq!(run.code, 1, "{input}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("error[unreadable-file]: {said}")),
            "{}",
            run.stderr
        );
        assert!(!dir.path().join("m").exists());
    }
}

/// The header of a sheet of one grant, in row 1, columns A to G.
const GRANT_HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Identifier</t></is></c><c r="B1" t="inlineStr"><is><t>Currency</t></is></c><c r="C1" t="inlineStr"><is><t>Amount Awarded</t></is></c><c r="D1" t="inlineStr"><is><t>Recipient Org:Name</t></is></c><c r="E1" t="inlineStr"><is><t>Funding Org:Name</t></is></c><c r="F1" t="inlineStr"><is><t>Planned Dates:Start Date</t></is></c><c r="G1" t="inlineStr"><is><t>Planned Dates:End Date</t></is></c></row>"#;

#[test]
fn a_date_no_grant_can_have_is_refused_with_what_the_file_says() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // The grant goes to Brookfield Mind's one service, from the Lottery, as in grants.csv; only
    // its dates are wrong. Placeholders for "no date" are far outside 1900 to 2100.
    write_files(
        dir.path(),
        &[(
            "placeholders.csv",
            "Identifier,Currency,Amount Awarded,Recipient Org:Name,Funding Org:Name,Planned Dates:Start Date,Planned Dates:End Date\n\
             360G-T-1,GBP,1000,Brookfield Mind,The National Lottery Community Fund,0000-01-01,9999-12-31\n",
        )],
    );
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "placeholders.csv",
            "--into",
            "map.yaml",
            "--yes",
        ],
    );
    assert!(
        run.stdout.contains(
            "`Planned Dates:Start Date`: `0000-01-01` is 0000-01-01, outside the years 1900 to 2100"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Nothing to add to the map."),
        "{}",
        run.stdout
    );
    // Date cells of a workbook: a serial of -1 is no day (a spreadsheet shows ####), and one of
    // a trillion days is not a date a grant can have either. Each is quoted as the number it is.
    for (start, end, said) in [
        (
            "-1",
            "45747",
            "`Planned Dates:Start Date`: `-1` is a number, but not a spreadsheet date",
        ),
        (
            "45383",
            "1000000000000",
            "`Planned Dates:End Date`: `1000000000000` is a number, but not a spreadsheet date",
        ),
    ] {
        workbook(
            &dir.path().join("serials.xlsx"),
            &format!(
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{GRANT_HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>360G-T-1</t></is></c><c r="B2" t="inlineStr"><is><t>GBP</t></is></c><c r="C2"><v>1000</v></c><c r="D2" t="inlineStr"><is><t>Brookfield Mind</t></is></c><c r="E2" t="inlineStr"><is><t>The National Lottery Community Fund</t></is></c><c r="F2" s="1"><v>{start}</v></c><c r="G2" s="1"><v>{end}</v></c></row></sheetData></worksheet>"#
            ),
        );
        let run = run_ending(
            dir.path(),
            &[
                "import",
                "360giving",
                "serials.xlsx",
                "--into",
                "map.yaml",
                "--yes",
            ],
        );
        assert!(run.stdout.contains(said), "{said}: {}", run.stdout);
        assert!(!run.stdout.contains("before its start"), "{}", run.stdout);
        assert!(
            run.stdout.contains("Nothing to add to the map."),
            "{}",
            run.stdout
        );
    }
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );
}

#[test]
fn a_contract_period_no_contract_can_have_is_refused_with_what_the_file_says() {
    let dir = temp_dir();
    copy_files("tests/fixtures/ocds", &["map.yaml"], dir.path());
    // Award 0002-1 ends on a placeholder; tender 0003 runs for 10^15 days from 2025-04-01, when
    // 1900-01-01 to 2100-12-31 is 73,414 days (73,415 - 2 + 1, by their spreadsheet serials).
    let releases = read(Path::new("tests/fixtures/ocds"), "releases.json")
        .replace("\"endDate\": \"2025-03-31\"", "\"endDate\": \"9999-12-31\"")
        .replace(
            "\"contractPeriod\": { \"startDate\": \"2025-04-01\", \"endDate\": \"2026-03-31\" }",
            "\"contractPeriod\": { \"startDate\": \"2025-04-01\", \"durationInDays\": 1000000000000000 }",
        );
    write_files(dir.path(), &[("releases.json", &releases)]);
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "ocds",
            "releases.json",
            "--into",
            "map.yaml",
            "--dry-run",
        ],
    );
    for said in [
        "award 0002-1 (releases[2], award 0002-1): cannot be read: `endDate`: `9999-12-31` is 9999-12-31, outside the years 1900 to 2100",
        "tender 0003 (releases[3]): cannot be read: `durationInDays`: `1000000000000000` days is too long: a contract period is read up to 73,414 days",
    ] {
        assert!(run.stdout.contains(said), "{said}: {}", run.stdout);
    }
}

#[test]
fn a_ragged_row_or_a_name_given_twice_is_refused_at_its_place_in_every_import() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // `£1,000.50` not in quotes is two cells: the row has 7 under 6 columns. The seventh cell,
    // `2024-01-01`, starts after "360G-T-1,GBP,£1,000.50,Brookfield Mind,The National Lottery
    // Community Fund," (9 + 4 + 3 + 7 + 16 + 36 = 75 characters): column 76 of line 2.
    write_files(
        dir.path(),
        &[
            (
                "ragged.csv",
                "Identifier,Currency,Amount Awarded,Recipient Org:Name,Funding Org:Name,Award Date\n\
                 360G-T-1,GBP,£1,000.50,Brookfield Mind,The National Lottery Community Fund,2024-01-01\n",
            ),
            (
                "twice.json",
                "{ \"grants\": [\n  { \"id\": \"360G-T-1\", \"amountAwarded\": 1000, \"amountAwarded\": 9000 }\n] }\n",
            ),
        ],
    );
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "ragged.csv",
            "--into",
            "map.yaml",
            "--yes",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read ragged.csv as 360Giving data: line 2, column 76: row 2 of ragged.csv has more cells than the header has columns"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Award Date"), "{}", run.stderr);
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "twice.json",
            "--into",
            "map.yaml",
            "--yes",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("line 2, column ")
            && run
                .stderr
                .contains("the key `amountAwarded` is given twice in one object"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(dir.path(), "map.yaml"),
        read(Path::new(GRANTS), "map.yaml")
    );

    // The HSDS package: services.csv with `name` twice, and a row of 5 cells under 3 columns.
    let package = dir.path().join("package");
    std::fs::create_dir(&package).expect("a folder");
    write_files(
        &package,
        &[
            (
                "services.csv",
                "id,organization_id,name,name\ns1,o1,Job club,Work club\n",
            ),
            ("organizations.csv", "id,name,description\no1,Mind,x,y,z\n"),
        ],
    );
    let run = run_ending(
        dir.path(),
        &["import", "openreferral", "package", "-o", "m"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    // `name` again at column 25 of line 1 (after "id,organization_id,name,"); the fourth
    // cell of organizations.csv's row 2, `y`, at column 11 (after the 10 characters "o1,Mind,x,").
    for said in [
        "error[duplicate-key]: the column `name` is given twice in services.csv",
        "package/services.csv:1:25",
        "error[csv-syntax]: row 2 of organizations.csv has more cells than the header has columns",
        "package/organizations.csv:2:11",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    assert!(!dir.path().join("m").exists());
    write_files(
        dir.path(),
        &[(
            "twice.json",
            "[{\"id\": \"a\", \"name\": \"x\", \"name\": \"y\"}]",
        )],
    );
    let run = run_ending(
        dir.path(),
        &["import", "openreferral", "twice.json", "-o", "m"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the key `name` is given twice in one object"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("m").exists());
}

#[test]
fn a_cell_holding_a_spreadsheet_error_is_said_to() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    // The amount is a formula that divided by zero: an error cell (`t="e"`), not an empty one.
    workbook(
        &dir.path().join("error.xlsx"),
        &format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{GRANT_HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>360G-T-1</t></is></c><c r="B2" t="inlineStr"><is><t>GBP</t></is></c><c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="inlineStr"><is><t>Brookfield Mind</t></is></c><c r="E2" t="inlineStr"><is><t>The National Lottery Community Fund</t></is></c></row></sheetData></worksheet>"#
        ),
    );
    let run = run_ending(
        dir.path(),
        &[
            "import",
            "360giving",
            "error.xlsx",
            "--into",
            "map.yaml",
            "--yes",
        ],
    );
    assert!(
        run.stdout.contains("360Giving grant 360G-T-1 (row 2): cannot be read: `Amount Awarded` holds the spreadsheet error #DIV/0!, not a value"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("it has no `Amount Awarded`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_capitalised_column_is_offered_its_own_name() {
    let dir = temp_dir();
    tables(dir.path());
    let area = read(&dir.path().join("t"), "area.csv").replacen("id,", "ID,", 1);
    write_files(&dir.path().join("t"), &[("area.csv", &area)]);
    let run = run_ending(dir.path(), &["import", "csv", "t", "-o", "m"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown column `ID` in area.csv"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `id`?"),
        "{}",
        run.stderr
    );
    // area.csv has no `notes` column, so none is offered.
    assert!(!run.stderr.contains("`notes`"), "{}", run.stderr);
}

#[test]
fn an_age_no_one_can_be_makes_no_rule() {
    let dir = temp_dir();
    // 10^10 years for "no limit": left out and listed, so the service gets the rule of its
    // minimum alone, `age-18-or-more`, never `age-18-to-10000000000`.
    write_files(
        dir.path(),
        &[(
            "age.json",
            "[{\"id\": \"s1\", \"name\": \"Job club\", \"minimum_age\": 18, \"maximum_age\": 1e10}]",
        )],
    );
    let run = run_ending(
        dir.path(),
        &["import", "openreferral", "age.json", "-o", "m"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("its `maximum_age` (10000000000.0) is not an age a person can be (at most 130 years): left out"),
        "{}",
        run.stdout
    );
    let rules = read(&dir.path().join("m"), "rules.yaml");
    assert!(rules.contains("age-18-or-more:"), "{rules}");
    assert!(!rules.contains("10000000000"), "{rules}");
}

#[test]
fn a_device_is_not_a_folder_to_write_a_map_into() {
    let run =
        crate::support::ecomap(&["import", "csv", "examples/spreadsheets", "-o", "/dev/null"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("/dev/null is a device, not a folder ecomap can write the map into"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_map_file_replaced_under_force_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    tables(dir.path());
    let run = run_ending(dir.path(), &["import", "csv", "t", "-o", "m"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join("m").join(name))
            .expect("written")
            .permissions()
            .mode()
            & 0o777
    };
    let set = |name: &str, mode: u32| {
        std::fs::set_permissions(
            dir.path().join("m").join(name),
            std::fs::Permissions::from_mode(mode),
        )
        .expect("set")
    };
    set("area.yaml", 0o444);
    set("services.yaml", 0o640);
    let run = run_ending(dir.path(), &["import", "csv", "t", "-o", "m", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Each file replaced has the mode it had: read-only stays read-only.
    assert_eq!(mode("area.yaml"), 0o444);
    assert_eq!(mode("services.yaml"), 0o640);
}

#[test]
fn a_file_named_as_a_workbook_that_is_none_is_said_so_in_words() {
    let dir = temp_dir();
    copy_files(GRANTS, &["map.yaml"], dir.path());
    write_files(dir.path(), &[("grants.xlsx", "Identifier,Amount\n")]);
    let run = run_ending(
        dir.path(),
        &["import", "360giving", "grants.xlsx", "--into", "map.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "cannot read grants.xlsx as 360Giving data: it is not a spreadsheet ecomap can read: save it as .xlsx, or as CSV UTF-8"
        ),
        "{}",
        run.stderr
    );
    // The spreadsheet reader's own words stay out.
    assert!(!run.stderr.contains("Cannot detect"), "{}", run.stderr);
}
