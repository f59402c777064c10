//! Tables of text read from CSV files and spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.ods`), for
//! the readers of standards published as column titles. A cell is text as a person would type it:
//! numbers in their shortest form, spreadsheet dates as `YYYY-MM-DD`. It reads; it never judges
//! what a column means.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

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

/// A spreadsheet may hold at most this much once unpacked: a workbook of grants is far smaller,
/// and the reader keeps the whole sheet in memory (an unpacked size above it may be a zip bomb).
const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// Reads a CSV file (UTF-8, with or without a byte-order mark).
pub fn csv(bytes: &[u8]) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(
            "it is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\"".to_owned(),
        );
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut table = Table::default();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {e}", p.line()),
            None => e.to_string(),
        })?;
        // The line where the record starts, counted from its byte offset (blank lines included).
        let number = record.position().map_or(i as u64 + 1, |p| {
            let mut at = usize::try_from(p.byte())
                .unwrap_or(bytes.len())
                .min(bytes.len());
            // The reader's position is where it began reading, before the blank lines it skipped.
            while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
                at += 1;
            }
            bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1
        });
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if i == 0 {
            table.headers = cells.iter().map(|c| c.trim().to_owned()).collect();
        } else if cells.iter().any(|c| !c.trim().is_empty()) {
            table.rows.push(Row { number, cells });
        }
    }
    Ok(table)
}

/// Reads the sheet named `sheet` (any case) of a workbook, or its first sheet.
pub fn workbook(path: &Path, bytes: Vec<u8>, sheet: &str) -> Result<Table, String> {
    check_unpacked_size(&bytes)?;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!(
            "it is not a spreadsheet ecomap can read ({e}): save it as .xlsx, or as CSV UTF-8 ({})",
            path.display()
        )
    })?;
    let names = book.sheet_names();
    let Some(name) = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(sheet))
        .or_else(|| names.first())
        .cloned()
    else {
        return Err("the workbook has no sheets".to_owned());
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read its sheet `{name}`: {e}"))?;
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r)) + 1;
    let mut table = Table::default();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if i == 0 {
            table.headers = cells.iter().map(|c| c.trim().to_owned()).collect();
        } else if cells.iter().any(|c| !c.trim().is_empty()) {
            table.rows.push(Row {
                number: first_row + i as u64,
                cells,
            });
        }
    }
    Ok(table)
}

/// Refuses a zip-packed workbook whose parts would unpack to more than [`MAX_UNPACKED`], before
/// the spreadsheet reader unpacks them (it sets no limit of its own). Other formats pass.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // not a zip after all: the reader will say what it is not
    };
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

/// A cell as a person would type it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
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
    fn csv_rows_keep_their_line_numbers() {
        let t = csv("\u{feff}A,B\n1,2\n\n\"x\ny\",3\n".as_bytes()).expect("reads");
        assert_eq!(t.headers, ["A", "B"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[1].number, 4);
        assert_eq!(t.rows[1].cell(0), "x\ny");
        assert_eq!(t.rows[1].cell(9), "");
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
    fn latin1_csv_is_refused_with_a_way_out() {
        let e = csv(b"Name\nCaf\xe9\n").expect_err("not UTF-8");
        assert!(e.contains("CSV UTF-8"), "{e}");
    }
}
