//! Tables of text read from CSV files and spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.ods`), for
//! the readers of standards published as column titles. A cell is text as a person would type it:
//! numbers in their shortest form, spreadsheet dates as `YYYY-MM-DD`. It reads; it never judges
//! what a column means.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

use crate::diag::Diagnostic;
use crate::import::csv_read::{self, Record};
use crate::load::Sources;

/// A table: the header row and the rows under it, each with its row number in the file.
#[derive(Debug, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row, numbered as the file numbers it (the header is row 1 of a sheet, line 1 of a CSV).
#[derive(Debug)]
pub struct Row {
    pub number: u64,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell in column `i`, trimmed; empty when the row is short.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.trim())
    }
}

/// The most cells a sheet's used range may span when a file may have `file_bytes` bytes
/// (`--max-file-size`): one for every 4 bytes, as a map may hold one value for every 4 bytes.
pub fn max_cells(file_bytes: u64) -> u64 {
    file_bytes / 4
}

/// A spreadsheet may hold at most this much once unpacked: a workbook of grants is far smaller,
/// and the reader keeps the whole sheet in memory (an unpacked size above it may be a zip bomb).
const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// Reads a CSV file (UTF-8, with or without a byte-order mark), read as `import csv` reads a
/// table: a row with more cells than the header, or a column named twice, is an error at its
/// line and column, never a row read under the wrong columns. The readers take the rows one at a
/// time ([`csv_rows`]); this holds them all, for the tests.
#[cfg(test)]
pub fn csv(name: &str, bytes: Vec<u8>) -> Result<Table, String> {
    let mut table = Table::default();
    let headers = std::cell::RefCell::new(Vec::new());
    csv_rows(
        name,
        bytes,
        |h| {
            *headers.borrow_mut() = h.to_vec();
            Ok(())
        },
        |r| table.rows.push(r),
    )?;
    table.headers = headers.into_inner();
    Ok(table)
}

/// Reads a CSV file a row at a time, so that a file of a hundred thousand rows
/// is never held whole as cells: `header` is given the header (each title trimmed) and says
/// whether the table is one it can read; `row` is given each row under it while nothing is
/// wrong. A row with more cells than the header, or a column named twice, is an error at its line
/// and column, never a row read under the wrong columns. Of several mistakes, the error is the
/// first of: the text (not UTF-8), the CSV (a quote left open), a column named twice, the first
/// row with more cells than the header, then `header`'s.
pub fn csv_rows(
    name: &str,
    bytes: Vec<u8>,
    header: impl FnOnce(&[String]) -> Result<(), String>,
    mut row: impl FnMut(Row),
) -> Result<(), String> {
    let mut sources = Sources::default();
    let help = "save it from the spreadsheet as \"CSV UTF-8\"";
    let file = crate::load::add_input_text(&mut sources, name.to_owned(), bytes, help)
        .map_err(|d| said(&sources, &d))?;
    let short = Path::new(name)
        .file_name()
        .map_or(name.to_owned(), |n| n.to_string_lossy().into_owned());
    let mut header = Some(header);
    let mut columns = 0;
    // The first mistake in the table (a column named twice, else a row with more cells than the
    // header), and what `header` said.
    let mut wrong: Option<Diagnostic> = None;
    let mut refused: Option<String> = None;
    csv_read::each_record(&sources, file, |record| match record {
        Record::Header(cells) => {
            columns = cells.len();
            wrong = (0..cells.len()).find_map(|i| {
                csv_read::repeated_column(&cells, i, |t| t.trim().to_owned(), &short)
            });
            // A table with a column named twice is refused as that, whatever `header` says.
            if let Some(h) = header.take().filter(|_| wrong.is_none()) {
                let titles: Vec<String> = cells.iter().map(|c| c.text.trim().to_owned()).collect();
                refused = h(&titles).err();
            }
        }
        Record::Row(r) => {
            if wrong.is_some() {
                return;
            }
            wrong = csv_read::extra_cell(columns, &r, &short);
            if wrong.is_none() && refused.is_none() {
                row(Row {
                    number: r.number as u64,
                    cells: r.cells.into_iter().map(|c| c.text).collect(),
                });
            }
        }
    })
    .map_err(|d| said(&sources, &d))?;
    if let Some(d) = wrong {
        return Err(said(&sources, &d));
    }
    // An empty file has no header row: its header is empty.
    if let Some(h) = header.take() {
        refused = h(&[]).err();
    }
    refused.map_or(Ok(()), Err)
}

/// A diagnostic as one line: its place (`line 3, column 7: `), what is wrong, and how to mend it.
fn said(sources: &Sources, d: &Diagnostic) -> String {
    crate::diag::one_line(d, sources, None)
}

mod ods;
mod xls;

/// Reads the sheet named `sheet` (any case) of a workbook, or its first sheet, refusing a sheet
/// whose used range (from its first cell to its last) spans more than `max_cells` cells.
pub fn workbook(path: &Path, bytes: Vec<u8>, sheet: &str, max_cells: u64) -> Result<Table, String> {
    // A workbook that is a zip (.xlsx, .xlsb, .ods), its parts listed once.
    let zipped = bytes.starts_with(b"PK");
    if let Some(mut archive) = zipped
        .then(|| Archive::new(Cursor::new(&bytes[..])).ok())
        .flatten()
    {
        check_unpacked_size(&mut archive)?;
        // The spreadsheet reader lays out every sheet of an .ods, each repeated cell written
        // out, as it opens the file: an .ods is read here instead, checked as it is read (`ods`).
        if ods::is_ods(&mut archive) {
            return ods::read(path, &mut archive, sheet, max_cells).map(laid_out);
        }
    }
    // The spreadsheet library lays out every sheet of an .xls as it opens the file, as far as
    // numbers in the file say: they are checked first (`xls`).
    if xls::is_compound_file(&bytes) {
        xls::check(&bytes, max_cells)?;
    }
    // The spreadsheet library may stop with a panic on a damaged or crafted file: said as a file
    // it cannot read.
    let cells = crate::guarded::run(|| sheet_cells(path, bytes, sheet, max_cells))
        .unwrap_or_else(|| Err(not_a_spreadsheet(path)))?;
    Ok(laid_out(cells))
}

/// The cells of the sheet named `sheet` (any case), or of the first sheet, of a workbook the
/// spreadsheet library reads (.xlsx, .xlsb, .xls), within `max_cells`.
fn sheet_cells(
    path: &Path,
    bytes: Vec<u8>,
    sheet: &str,
    max_cells: u64,
) -> Result<Vec<SheetCell>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| not_a_spreadsheet(path))?;
    let names = book.sheet_names();
    let Some(name) = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(sheet))
        .or_else(|| names.first())
        .cloned()
    else {
        return Err(NO_SHEETS.to_owned());
    };
    let unreadable = |_: String| damaged(&name);
    let mut extent = Extent::new(&name, max_cells);
    let mut cells = Vec::new();
    // Cell by cell, so that a stray cell far from the table is refused before the sheet is laid
    // out in memory (the spreadsheet reader would make room for every cell up to it). The readers
    // of .xlsx and .xlsb cells have the same methods but no common trait, hence a macro.
    macro_rules! cell_by_cell {
        ($workbook:expr) => {{
            let mut reader = $workbook
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            while let Some(c) = reader.next_cell().map_err(|e| unreadable(e.to_string()))? {
                extent.take(
                    c.get_position(),
                    Data::from(c.get_value().clone()),
                    &mut cells,
                )?;
            }
        }};
    }
    match &mut book {
        calamine::Sheets::Xlsx(x) => cell_by_cell!(x),
        calamine::Sheets::Xlsb(x) => cell_by_cell!(x),
        // An .xls was read whole by the spreadsheet library as it opened the file, within the
        // bounds `xls::check` found first; the limit is kept on the sheet all the same.
        book => {
            let range = book
                .worksheet_range(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, v) in range.used_cells() {
                let at = (r0 + r as u32, c0 + c as u32);
                extent.take(at, v.clone(), &mut cells)?;
            }
        }
    }
    Ok(cells)
}

/// A workbook with no sheets.
const NO_SHEETS: &str = "the workbook has no sheets";

/// A file that is no workbook ecomap can read.
fn not_a_spreadsheet(path: &Path) -> String {
    format!(
        "it is not a spreadsheet ecomap can read: save it as .xlsx, or as CSV UTF-8 ({})",
        path.display()
    )
}

/// A workbook whose sheet `name` cannot be read.
fn damaged(name: &str) -> String {
    format!(
        "cannot read its sheet `{name}`: the workbook is damaged, or not one ecomap can read: save it again as .xlsx, or the sheet as CSV UTF-8"
    )
}

/// A zip-packed workbook's parts (.xlsx, .xlsb, .ods).
type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// A cell of a sheet: its row and column (from 0), and its text.
type SheetCell = ((u32, u32), String);

/// The most text a sheet's cells may hold in all: as much as a workbook may unpack to. A sheet
/// that writes each cell's text once can never pass it; one whose cells all name one long shared
/// string (.xlsx, .xlsb), or repeat one cell (.ods), would otherwise make a copy of it for each.
const MAX_TEXT: u64 = MAX_UNPACKED;

/// The part of a sheet its cells so far reach, the text they hold, and the most they may.
struct Extent<'a> {
    sheet: &'a str,
    max_cells: u64,
    /// The first and last row and column seen.
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
    /// Bytes of text the cells may still hold.
    text_left: u64,
}

impl<'a> Extent<'a> {
    fn new(sheet: &'a str, max_cells: u64) -> Extent<'a> {
        Extent {
            sheet,
            max_cells,
            rows: None,
            columns: None,
            text_left: MAX_TEXT,
        }
    }

    /// Takes a cell that holds something into `cells`, or says why the sheet is too large.
    fn take(
        &mut self,
        at: (u32, u32),
        value: Data,
        cells: &mut Vec<SheetCell>,
    ) -> Result<(), String> {
        if matches!(value, Data::Empty) {
            return Ok(());
        }
        self.reach(at)?;
        let text = cell_text(&value);
        self.spend(text.len() as u64, at)?;
        cells.push((at, text));
        Ok(())
    }

    /// Takes `bytes` of text from what the sheet may hold, or says the sheet holds too much,
    /// naming the cell `at` where it passed.
    fn spend(&mut self, bytes: u64, at: (u32, u32)) -> Result<(), String> {
        self.text_left = self.text_left.checked_sub(bytes).ok_or_else(|| {
            format!(
                "its sheet `{}` holds more than {} MB of text by its cell {}{}, more than a sheet of grants needs (a cell repeated, or many cells naming one long text, can make a small file hold this much): delete the cells after the table and save the workbook again, or save the sheet as CSV UTF-8",
                self.sheet,
                MAX_TEXT / (1024 * 1024),
                column_letters(at.1),
                u64::from(at.0) + 1,
            )
        })?;
        Ok(())
    }

    /// How many cells the extent spans, from its first cell to its last (none when empty).
    fn spanned(&self) -> u64 {
        let count = |span: Option<(u32, u32)>| span.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        count(self.rows).saturating_mul(count(self.columns))
    }

    /// Widens the extent to a cell that holds something, or says why the sheet is too large.
    fn reach(&mut self, (row, column): (u32, u32)) -> Result<(), String> {
        let widen = |span: Option<(u32, u32)>, at: u32| {
            span.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at)))
        };
        let rows = widen(self.rows, row);
        let columns = widen(self.columns, column);
        let count = |(lo, hi): (u32, u32)| u64::from(hi - lo) + 1;
        let spanned = count(rows).saturating_mul(count(columns));
        if spanned > self.max_cells {
            let thousands = crate::money::group_thousands;
            return Err(format!(
                "its sheet `{}` has a cell at {}{}, so it spans {} rows by {} columns ({} cells from its first cell to its last, empty ones too), more than the {} ecomap reads from a sheet: a stray cell far from the table makes a sheet this large. Delete that cell (or every row and column after the table) and save the workbook again, or save the sheet as CSV UTF-8; --max-file-size raises the limit (a sheet may span one cell for every 4 bytes a file may have)",
                self.sheet,
                column_letters(column),
                u64::from(row) + 1,
                thousands(count(rows)),
                thousands(count(columns)),
                thousands(spanned),
                thousands(self.max_cells),
            ));
        }
        self.rows = Some(rows);
        self.columns = Some(columns);
        Ok(())
    }
}

/// A spreadsheet's name for the column `i` (from 0): `A`, `Z`, `AA`, `XFD`.
fn column_letters(i: u32) -> String {
    let mut n = u64::from(i) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The cells of a sheet as a table: its first row that holds anything is the header, each row
/// under it numbered as the spreadsheet numbers it; rows with nothing but spaces are left out.
fn laid_out(mut cells: Vec<SheetCell>) -> Table {
    cells.sort_by_key(|(at, _)| *at);
    let first_row = cells.first().map_or(0, |((r, _), _)| *r);
    let first_column = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    let mut table = Table::default();
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    for ((r, c), text) in cells {
        if rows.last().is_none_or(|(last, _)| *last != r) {
            rows.push((r, Vec::new()));
        }
        if let Some((_, row)) = rows.last_mut() {
            let at = (c - first_column) as usize;
            if row.len() <= at {
                row.resize(at + 1, String::new());
            }
            row[at] = text;
        }
    }
    for (r, cells) in rows {
        if r == first_row {
            table.headers = cells.iter().map(|c| c.trim().to_owned()).collect();
        } else if cells.iter().any(|c| !c.trim().is_empty()) {
            table.rows.push(Row {
                number: u64::from(r) + 1,
                cells,
            });
        }
    }
    table
}

/// Refuses a zip-packed workbook whose parts would unpack to more than [`MAX_UNPACKED`], before
/// the spreadsheet reader unpacks them (it sets no limit of its own).
fn check_unpacked_size(archive: &mut Archive<'_>) -> Result<(), String> {
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let size = archive.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED {
        return Err(format!(
            "it would unpack to {} MB, more than a workbook of grants needs ({} MB at most): save the sheet as CSV UTF-8 instead",
            total / (1024 * 1024),
            MAX_UNPACKED / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Whether `text` is a spreadsheet's error value (`#DIV/0!`, `#N/A`, `#REF!`, …), as a workbook's
/// error cell reads and as a spreadsheet saves one in CSV.
pub fn is_spreadsheet_error(text: &str) -> bool {
    const ERRORS: [&str; 10] = [
        "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!", "#SPILL!",
        "#CALC!",
    ];
    ERRORS.iter().any(|e| e.eq_ignore_ascii_case(text.trim()))
}

/// A cell as a person would type it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        // As the spreadsheet shows it (`#DIV/0!`), for the reader to say the cell holds an error.
        Data::Error(e) => e.to_string(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        // A serial number outside the dates a grant may have is written as the number it is, for
        // the reader of dates to refuse with what the cell holds (a negative serial is no day).
        Data::DateTime(d)
            if d.is_datetime()
                && (1.0..=crate::import::dates::LATEST_SERIAL + 1.0).contains(&d.as_f64()) =>
        {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => float_text(d.as_f64()),
    }
}

/// A number in its shortest form, and to the penny where it is a whole number of pennies but for
/// the noise of binary fractions (1234.5600000000002 is 1234.56).
fn float_text(f: f64) -> String {
    let pennies = (f * 100.0).round();
    if (f * 100.0 - pennies).abs() < 1e-6 && pennies.abs() < 1e15 {
        let text = format!("{:.2}", pennies / 100.0);
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_given_one_at_a_time_and_a_later_mistake_still_refuses_the_file() {
        // Rows 2 and 4 given in file order (line 3 is blank, no row), under the header's titles.
        let mut seen = Vec::new();
        csv_rows(
            "g.csv",
            b"Identifier, Title\nA,t\n\nB,u\n".to_vec(),
            |h| {
                assert_eq!(h, ["Identifier", "Title"]);
                Ok(())
            },
            |r| seen.push((r.number, r.cells)),
        )
        .expect("a table");
        let row = |n: u64, cells: [&str; 2]| (n, cells.map(str::to_owned).to_vec());
        assert_eq!(seen, [row(2, ["A", "t"]), row(4, ["B", "u"])]);
        // A quote left open on line 4 refuses the file, though rows 2 and 3 were given before it.
        let e = csv_rows(
            "g.csv",
            b"Identifier,Title\nA,t\nB,u\n\"open\n".to_vec(),
            |_| Ok(()),
            |_| {},
        )
        .expect_err("a quote left open");
        assert!(
            e.starts_with("line 4, column 1: a quoted cell is never closed"),
            "{e}"
        );
        // A row with more cells than the header is said before what the header's reader says,
        // and no row is read under a header it refused.
        let e = csv_rows(
            "g.csv",
            b"Title\nA,t\n".to_vec(),
            |_| Err("no `Identifier`".to_owned()),
            |_| panic!("a row read under a refused header"),
        )
        .expect_err("a cell past the header");
        assert!(
            e.contains("row 2 of g.csv has more cells than the header"),
            "{e}"
        );
        let e = csv_rows(
            "g.csv",
            b"Title\nA\n".to_vec(),
            |_| Err("no `Identifier`".to_owned()),
            |_| panic!("a row read under a refused header"),
        )
        .expect_err("refused");
        assert_eq!(e, "no `Identifier`");
        // An empty file has an empty header.
        let e = csv_rows(
            "g.csv",
            Vec::new(),
            |h| {
                if h.is_empty() {
                    Err("empty".to_owned())
                } else {
                    Ok(())
                }
            },
            |_| {},
        )
        .expect_err("empty");
        assert_eq!(e, "empty");
    }

    #[test]
    fn csv_rows_keep_their_row_numbers() {
        let t = csv(
            "g.csv",
            "\u{feff}A,B\n1,2\n\n\"x\ny\",3\n".as_bytes().to_vec(),
        )
        .expect("reads");
        assert_eq!(t.headers, ["A", "B"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 2);
        // Row 3 is empty; the fourth row starts on line 4 and holds a line break in a cell.
        assert_eq!(t.rows[1].number, 4);
        assert_eq!(t.rows[1].cell(0), "x\ny");
        assert_eq!(t.rows[1].cell(9), "");
    }

    #[test]
    fn a_ragged_row_or_a_column_named_twice_is_located() {
        // `£1,000.50` unquoted is two cells, `£1` and `000.50`: the row has 4 cells under 3
        // columns, the fourth (`000.50`) at line 2, column 9 (after `x,GBP,£1,`: `£` is one column).
        let e = csv(
            "g.csv",
            "Identifier,Currency,Amount Awarded\nx,GBP,£1,000.50\n"
                .as_bytes()
                .to_vec(),
        )
        .expect_err("ragged");
        assert!(e.starts_with("line 2, column "), "{e}");
        assert!(
            e.contains("row 2 of g.csv has more cells than the header has columns"),
            "{e}"
        );
        let e = csv("g.csv", b"Identifier,Title,Title\nx,a,b\n".to_vec()).expect_err("twice");
        assert!(
            e.starts_with("line 1, column 18: the column `Title` is given twice in g.csv"),
            "{e}"
        );
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(float_text(45383.0), "45383");
        // A sum in a spreadsheet can carry the noise of binary fractions.
        assert_eq!(float_text(1234.56 + 1e-12), "1234.56");
        assert_eq!(float_text(1250.5), "1250.5");
        assert_eq!(float_text(0.125), "0.125");
    }

    #[test]
    fn latin1_or_utf16_csv_is_refused_with_where_and_a_way_out() {
        // `é` in Latin-1 is the byte E9, the fourth on line 2.
        let e = csv("g.csv", b"Name\nCaf\xe9\n".to_vec()).expect_err("not UTF-8");
        assert!(
            e.starts_with("line 2, column 4: g.csv is not UTF-8 text"),
            "{e}"
        );
        assert!(e.contains("CSV UTF-8"), "{e}");
        let e = csv("g.csv", b"\xff\xfeN\x00a\x00".to_vec()).expect_err("UTF-16");
        assert!(e.contains("g.csv is UTF-16 text, not UTF-8"), "{e}");
    }
}
