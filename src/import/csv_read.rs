//! Reads a CSV file as spreadsheets save it (RFC 4180: commas, double quotes, `""` for a quote,
//! line breaks inside quotes, CRLF or LF, a UTF-8 byte-order mark) into cells that keep their
//! place in the file, so that a problem in any cell can be shown with its file, row and column.
//! Also writes CSV the same way. A cell not in quotes is trimmed; a quoted cell is kept exactly.

use crate::diag::{Code, Diagnostic, Span};
use crate::load::{FileId, Sources};

/// A cell: its text, whether it was quoted, and where it is.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub quoted: bool,
    pub span: Span,
}

/// A row of cells below the header.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row's number as a spreadsheet shows it: the header is row 1.
    pub number: usize,
    pub cells: Vec<Cell>,
    pub span: Span,
}

/// A table: its header and its rows, empty rows left out.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: FileId,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
}

/// Parses `file` of `sources` as CSV. A quote left open is an error at the cell it opens.
pub fn parse(sources: &Sources, file: FileId) -> Result<Table, Box<Diagnostic>> {
    let mut table = Table {
        file,
        header: Vec::new(),
        rows: Vec::new(),
    };
    each_record(sources, file, |r| match r {
        Record::Header(cells) => table.header = cells,
        Record::Row(row) => table.rows.push(row),
    })?;
    Ok(table)
}

/// A record of a CSV file: the header (the first), or a row below it.
pub enum Record {
    Header(Vec<Cell>),
    Row(Row),
}

/// Parses `file` of `sources` as CSV a record at a time, in file order: its header (unless the
/// file is empty), then each row that is not empty, as [`parse`] would hold them, so that a large
/// file need not be held whole as cells. A quote left open is an error at the cell it opens, after
/// the records before it have been given.
pub fn each_record(
    sources: &Sources,
    file: FileId,
    mut each: impl FnMut(Record),
) -> Result<(), Box<Diagnostic>> {
    let text = sources.text(file);
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut index = 0;
    while pos < bytes.len() {
        let record_start = pos;
        let mut cells = Vec::new();
        loop {
            let (cell, next) = cell_at(text, file, pos)?;
            cells.push(cell);
            pos = next;
            match bytes.get(pos) {
                Some(b',') => pos += 1,
                Some(b'\r') => {
                    pos += 1;
                    if bytes.get(pos) == Some(&b'\n') {
                        pos += 1;
                    }
                    break;
                }
                Some(b'\n') => {
                    pos += 1;
                    break;
                }
                _ => break,
            }
        }
        let end = text[..pos].trim_end_matches(['\r', '\n']).len();
        if index == 0 {
            each(Record::Header(cells));
        } else if cells.iter().any(|c| !c.text.is_empty() || c.quoted) {
            each(Record::Row(Row {
                number: index + 1,
                cells,
                span: Span {
                    file,
                    range: record_start..end.max(record_start),
                },
            }));
        }
        index += 1;
    }
    Ok(())
}

/// The cell starting at `pos`, and where it ends (at a comma, a line break or the end).
fn cell_at(text: &str, file: FileId, pos: usize) -> Result<(Cell, usize), Box<Diagnostic>> {
    let bytes = text.as_bytes();
    let mut i = pos;
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    if bytes.get(i) == Some(&b'"') {
        return quoted_cell(text, file, i);
    }
    let end = text[pos..]
        .find([',', '\r', '\n'])
        .map_or(text.len(), |e| pos + e);
    let raw = &text[pos..end];
    let trimmed = raw.trim();
    let lead = raw.len() - raw.trim_start().len();
    let start = pos + lead;
    let cell = Cell {
        text: trimmed.to_owned(),
        quoted: false,
        span: Span {
            file,
            range: start..(start + trimmed.len()).max(start),
        },
    };
    Ok((cell, end))
}

/// The quoted cell whose opening quote is at `open`, and where it ends: `""` is a quote inside
/// it, and only spaces may follow the closing quote before the comma or line break.
fn quoted_cell(text: &str, file: FileId, open: usize) -> Result<(Cell, usize), Box<Diagnostic>> {
    let bytes = text.as_bytes();
    let mut i = open + 1;
    let mut value = String::new();
    while let Some(rest) = text.get(i..) {
        match rest.find('"') {
            None => {
                return Err(Box::new(
                    Diagnostic::new(Code::CsvSyntax, "a quoted cell is never closed")
                        .at(
                            Span {
                                file,
                                range: open..open + 1,
                            },
                            "this quote opens a cell that runs to the end of the file",
                        )
                        .help("end the cell with `\"`, and write `\"\"` for a quote inside it"),
                ));
            }
            Some(q) => {
                value.push_str(&rest[..q]);
                i += q + 1;
                if bytes.get(i) == Some(&b'"') {
                    value.push('"');
                    i += 1;
                } else {
                    break;
                }
            }
        }
    }
    let close = i;
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    if !matches!(bytes.get(i), None | Some(b',' | b'\r' | b'\n')) {
        return Err(Box::new(
            Diagnostic::new(Code::CsvSyntax, "text after a quoted cell")
                .at(
                    Span {
                        file,
                        range: close..close + 1,
                    },
                    "the cell's closing quote is followed by more text",
                )
                .help("put the whole cell in quotes, and write `\"\"` for a quote inside it"),
        ));
    }
    let cell = Cell {
        text: value,
        quoted: true,
        span: Span {
            file,
            range: open..close,
        },
    };
    Ok((cell, i))
}

/// The column at `i` of the header when it repeats an earlier one (the two compared as `key`
/// makes them), as an error at it: a table read by column name would keep only one of the two.
pub fn repeated_column(
    header: &[Cell],
    i: usize,
    key: impl Fn(&str) -> String,
    name: &str,
) -> Option<Diagnostic> {
    let cell = header.get(i)?;
    let k = key(&cell.text);
    if k.is_empty() {
        return None;
    }
    let first = header[..i].iter().find(|c| key(&c.text) == k)?;
    Some(
        Diagnostic::new(
            Code::DuplicateKey,
            format!("the column `{}` is given twice in {name}", cell.text),
        )
        .at(cell.span.clone(), "given again here…")
        .also(first.span.clone(), "…after this one")
        .help("keep one of the two columns"),
    )
}

/// Each row with a cell past the header's last column, as an error at that cell: a stray comma
/// (an unquoted `£1,000.50`) makes one, and every cell after it would be read under the wrong
/// column.
pub fn extra_cells(table: &Table, name: &str) -> Vec<Diagnostic> {
    (table.rows.iter())
        .filter_map(|row| extra_cell(table.header.len(), row, name))
        .collect()
}

/// The row's first cell past a header of `columns` columns, as an error at it (see
/// [`extra_cells`]).
pub fn extra_cell(columns: usize, row: &Row, name: &str) -> Option<Diagnostic> {
    let extra = (row.cells.get(columns)).filter(|c| !c.text.is_empty() || c.quoted)?;
    Some(
        Diagnostic::new(
            Code::CsvSyntax,
            format!(
                "row {} of {name} has more cells than the header has columns",
                row.number
            ),
        )
        .at(extra.span.clone(), "no column for this cell")
        .help("add a column name to the header, or remove the cell (a stray comma makes one: put a cell that holds a comma, such as \"£1,000.50\", in quotes)"),
    )
}

/// A cell as CSV: in quotes when it holds a comma, a quote, a line break, or space at either end
/// (which the reader would trim), with `""` for each quote.
pub fn field(text: &str) -> String {
    let quote = text.contains([',', '"', '\n', '\r']) || text.trim() != text;
    if quote {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Rows (the first the header) as CSV text, one line per row.
pub fn write(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Result<(Sources, Table), Box<Diagnostic>> {
        let mut sources = Sources::default();
        let file = sources.add("t.csv", text);
        let t = parse(&sources, file)?;
        Ok((sources, t))
    }

    #[test]
    fn cells_keep_their_text_and_place() {
        let text = "\u{feff}id, name ,notes\r\na,\"Mind, \"\"Riverside\"\"\", x \r\n\r\n,,\nb,\"two\nlines\",\n";
        let (sources, t) = table(text).expect("parses");
        let names: Vec<&str> = t.header.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(names, ["id", "name", "notes"]);
        assert_eq!(t.rows.len(), 2, "empty rows are left out");
        let first = &t.rows[0];
        assert_eq!(first.number, 2);
        assert_eq!(first.cells[1].text, "Mind, \"Riverside\"");
        assert!(first.cells[1].quoted);
        assert_eq!(first.cells[2].text, "x");
        assert_eq!(&text[first.cells[2].span.range.clone()], "x");
        assert_eq!(sources.line_col(&first.cells[2].span), (2, 26));
        // The blank line and the row of empty cells are rows 3 and 4.
        let second = &t.rows[1];
        assert_eq!(second.number, 5);
        assert_eq!(second.cells[1].text, "two\nlines");
        assert_eq!(second.cells[2].text, "");
    }

    #[test]
    fn unclosed_and_stray_quotes_are_located() {
        let e = table("id\n\"open\n").expect_err("unclosed");
        assert_eq!(e.code, Code::CsvSyntax);
        assert_eq!(e.primary.map(|l| l.span.range), Some(3..4));
        let e = table("id\n\"a\"b\n").expect_err("stray");
        assert_eq!(e.primary.map(|l| l.span.range), Some(6..7));
    }

    #[test]
    fn written_fields_read_back() {
        let rows = vec![vec![
            "a".to_owned(),
            " edge ".to_owned(),
            "x,\"y\"\nz".to_owned(),
            String::new(),
        ]];
        let (_, t) = table(&format!("h1,h2,h3,h4\n{}", write(&rows))).expect("parses");
        let cells: Vec<&str> = t.rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(cells, ["a", " edge ", "x,\"y\"\nz", ""]);
    }
}
