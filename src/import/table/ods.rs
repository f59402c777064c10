//! The cells of one sheet of an OpenDocument spreadsheet (`.ods`), read from its `content.xml`
//! as a stream, and checked against the sheet's limit as they are read.
//!
//! An .ods writes a run of equal cells once, with a count: `table:number-columns-repeated` on a
//! cell, `table:number-rows-repeated` on a row. The spreadsheet reader writes every sheet out
//! whole, each repeat a cell in memory, as it opens the file, so an 828-byte file whose one cell
//! is repeated across 16,384 columns and 1,000 rows took 1.5 GB before our limit could look. So
//! the cells are read here instead, and checking and reading are one pass over the same events:
//! what is checked is exactly what is read, which a count made before the spreadsheet reader
//! could not promise (it would have to agree with it on every cell). A repeat is a number, never
//! a loop: a run of cells is checked against the limit ([`Extent`]) at its first and far corner
//! before any of it is written out, so what is written out fits the limit; an empty cell or row
//! only moves the position on, so the empty repeats LibreOffice ends each row and sheet with
//! (`number-columns-repeated="1024"`, `number-rows-repeated="1048576"`) cost nothing; and a
//! count is read saturating, never overflowing.
//!
//! A cell reads as the spreadsheet reader read it, so an .ods gives the same table as before: its
//! first value attribute (`office:value` a number, `office:string-value`, `office:date-value` and
//! `office:time-value` as written, `office:boolean-value` `true` or `false`), else its text (its
//! paragraphs one to a line, `text:s` spaces, tabs and line breaks, comments left out) when it is
//! a text cell, an error cell, or has no type and some text.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::{
    Archive, Extent, MAX_UNPACKED, NO_SHEETS, SheetCell, damaged, float_text, not_a_spreadsheet,
};

/// What an OpenDocument spreadsheet's `mimetype` part starts with (a template's goes on
/// `-template`).
const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Whether `archive` is an OpenDocument spreadsheet: its `mimetype` part says so.
pub(super) fn is_ods(archive: &mut Archive<'_>) -> bool {
    let Ok(part) = archive.by_name("mimetype") else {
        return false;
    };
    let mut start = Vec::with_capacity(MIMETYPE.len());
    part.take(MIMETYPE.len() as u64)
        .read_to_end(&mut start)
        .is_ok_and(|_| start == MIMETYPE)
}

/// Reads the cells of the sheet named `wanted` (any case), or of the first sheet, each cell that
/// holds something with its row and column (from 0); a sheet whose cells span more than
/// `max_cells` is refused at the cell that passes it.
pub(super) fn read(
    path: &Path,
    archive: &mut Archive<'_>,
    wanted: &str,
    max_cells: u64,
) -> Result<Vec<SheetCell>, String> {
    if encrypted(archive) {
        return Err(
            "it is protected by a password: save it again without one, or save the sheet as CSV UTF-8"
                .to_owned(),
        );
    }
    let content = archive
        .by_name("content.xml")
        .map_err(|_| not_a_spreadsheet(path))?;
    // `check_unpacked_size` has bounded what the parts say they unpack to; the stream is held to
    // it too, whatever they say.
    let mut reader = Reader::from_reader(BufReader::new(content.take(MAX_UNPACKED)));
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.trim_text(false);
    let mut buf = Vec::new();
    // The first sheet, read in case no later sheet has the wanted name; a first sheet too large
    // is refused only then.
    let mut first: Option<(String, Result<Vec<SheetCell>, String>)> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| unreadable(first.as_ref().map(|(n, _)| n.as_str()), path))?;
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                let name = attribute(&e, "table:name")
                    .map_err(|_| unreadable(first.as_ref().map(|(n, _)| n.as_str()), path))?;
                let end = e.name().as_ref().to_owned();
                // A table without a name is no sheet the spreadsheet reader lists.
                let Some(name) = name else {
                    skip(&mut reader, &end, &mut buf).map_err(|_| unreadable(None, path))?;
                    continue;
                };
                let is_wanted = name.eq_ignore_ascii_case(wanted);
                if !is_wanted && first.is_some() {
                    skip(&mut reader, &end, &mut buf).map_err(|_| unreadable(None, path))?;
                    continue;
                }
                let cells = match Sheet::new(&name, max_cells).read(&mut reader) {
                    Ok(cells) => Ok(cells),
                    Err(Problem::TooLarge(why)) => {
                        skip(&mut reader, &end, &mut buf).map_err(|_| damaged(&name))?;
                        Err(why)
                    }
                    Err(Problem::Damaged) => return Err(damaged(&name)),
                };
                if is_wanted {
                    return cells;
                }
                first = Some((name, cells));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    match first {
        Some((_, cells)) => cells,
        None => Err(NO_SHEETS.to_owned()),
    }
}

/// The message for a file whose XML cannot be read: in the sheet being read, or elsewhere.
fn unreadable(sheet: Option<&str>, path: &Path) -> String {
    sheet.map_or_else(|| not_a_spreadsheet(path), damaged)
}

/// Whether the file's manifest says its parts are encrypted (saved with a password).
fn encrypted(archive: &mut Archive<'_>) -> bool {
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = Vec::new();
    // A manifest is a few kilobytes; one far longer is read only as far as this.
    if manifest.take(1024 * 1024).read_to_end(&mut text).is_err() {
        return false;
    }
    text.windows(b"encryption-data".len())
        .any(|w| w == b"encryption-data")
}

/// Reads on past the end of the element named `end`, whose start was the last event read.
fn skip<R: BufRead>(
    reader: &mut Reader<R>,
    end: &str,
    buf: &mut Vec<u8>,
) -> Result<(), quick_xml::Error> {
    buf.clear();
    reader.read_to_end_into(QName(end), buf).map(|_| ())
}

/// Why a sheet was not read.
enum Problem {
    /// Its XML cannot be read.
    Damaged,
    /// It passes a limit: the message says which, at which cell.
    TooLarge(String),
}

impl From<quick_xml::Error> for Problem {
    fn from(_: quick_xml::Error) -> Problem {
        Problem::Damaged
    }
}

impl From<quick_xml::events::attributes::AttrError> for Problem {
    fn from(_: quick_xml::events::attributes::AttrError) -> Problem {
        Problem::Damaged
    }
}

/// One sheet as it is read: the cells taken so far, how far they reach and the text they hold.
struct Sheet<'a> {
    extent: Extent<'a>,
    cells: Vec<SheetCell>,
}

/// A run of equal cells in one row: its first column, how many columns, and its text.
struct Run {
    column: u32,
    columns: u32,
    text: String,
}

impl<'a> Sheet<'a> {
    fn new(name: &'a str, max_cells: u64) -> Sheet<'a> {
        Sheet {
            extent: Extent::new(name, max_cells),
            cells: Vec::new(),
        }
    }

    /// Reads the sheet's rows, up to the end of its `table:table` (whose start was the last
    /// event read). Rows may stand inside groups (`table:table-row-group`, header rows).
    fn read<R: BufRead>(mut self, reader: &mut Reader<R>) -> Result<Vec<SheetCell>, Problem> {
        let mut buf = Vec::new();
        let mut row: u64 = 0;
        loop {
            match reader.read_event_into(&mut buf)? {
                Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                    let rows = repeats(&e, "table:number-rows-repeated")?;
                    self.read_row(reader, row, rows)?;
                    row = row.saturating_add(rows);
                }
                // A table inside the sheet (none is written in a spreadsheet) is not its rows.
                Event::Start(e) if e.name().as_ref() == "table:table" => {
                    let end = e.name().as_ref().to_owned();
                    skip(reader, &end, &mut buf)?;
                }
                Event::End(e) if e.name().as_ref() == "table:table" => break,
                Event::Eof => return Err(Problem::Damaged),
                _ => {}
            }
            buf.clear();
        }
        Ok(self.cells)
    }

    /// Reads one `table:table-row` (whose start was the last event read), standing for `rows`
    /// rows from `row`: its cells are checked against the limit as they are read, and written
    /// out for each row only once the whole run is known to fit.
    fn read_row<R: BufRead>(
        &mut self,
        reader: &mut Reader<R>,
        row: u64,
        rows: u64,
    ) -> Result<(), Problem> {
        let mut buf = Vec::new();
        let mut column: u64 = 0;
        let mut runs: Vec<Run> = Vec::new();
        loop {
            match reader.read_event_into(&mut buf)? {
                Event::Start(e)
                    if matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
                {
                    let columns = repeats(&e, "table:number-columns-repeated")?;
                    let value = self.read_cell(reader, &e, (row, column))?;
                    if let Some(text) = value
                        && columns > 0
                        && rows > 0
                    {
                        let first = self.position(row, column)?;
                        let last = self.position(
                            row.saturating_add(rows - 1),
                            column.saturating_add(columns - 1),
                        )?;
                        self.extent.reach(first).map_err(Problem::TooLarge)?;
                        self.extent.reach(last).map_err(Problem::TooLarge)?;
                        // Within the extent, so `columns` and `rows` fit in a u32.
                        let copies = columns.saturating_mul(rows);
                        self.spend((text.len() as u64).saturating_mul(copies), first)?;
                        runs.push(Run {
                            column: first.1,
                            columns: last.1 - first.1 + 1,
                            text,
                        });
                    }
                    column = column.saturating_add(columns);
                }
                Event::End(e) if e.name().as_ref() == "table:table-row" => break,
                Event::Eof => return Err(Problem::Damaged),
                _ => {}
            }
            buf.clear();
        }
        // Every cell written out here lies within the extent just checked, each at its own
        // place: at most the limit's number of cells in all. A row with nothing in it, however
        // many rows it stands for, writes nothing and takes no time.
        if let Some(run) = runs.first() {
            let first_row = self.position(row, u64::from(run.column))?.0;
            for r in first_row..=first_row + (rows - 1) as u32 {
                for run in &runs {
                    for c in run.column..=run.column + (run.columns - 1) {
                        self.cells.push(((r, c), run.text.clone()));
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads one cell (whose start `start` was the last event read) up to its end: its text, or
    /// `None` when it holds nothing.
    fn read_cell<R: BufRead>(
        &mut self,
        reader: &mut Reader<R>,
        start: &BytesStart<'_>,
        at: (u64, u64),
    ) -> Result<Option<String>, Problem> {
        let mut value: Option<String> = None;
        let mut empty_string_value = false;
        let mut typed = false;
        let mut text_type = false;
        let mut error = false;
        for attribute in start.attributes() {
            let attribute = attribute?;
            let key = attribute.key.as_ref();
            let text = || attribute.normalized_value(XmlVersion::Implicit1_0);
            match key {
                "office:value" if value.is_none() => {
                    let text = text()?;
                    // A number that does not read as one is kept as written, for the reader of
                    // the column to refuse with what the cell holds.
                    value = Some(
                        text.trim()
                            .parse::<f64>()
                            .map_or_else(|_| text.to_string(), float_text),
                    );
                }
                "office:string-value" | "office:date-value" | "office:time-value"
                    if value.is_none() =>
                {
                    let text = text()?.into_owned();
                    empty_string_value = key == "office:string-value" && text.is_empty();
                    value = Some(text);
                }
                "office:boolean-value" if value.is_none() => {
                    let text = text()?;
                    value = Some((text.as_ref() == "true" || text.as_ref() == "TRUE").to_string());
                }
                "office:value-type" if value.is_none() => {
                    typed = true;
                    text_type = text()?.as_ref() == "string";
                }
                "calcext:value-type" => error = text()?.as_ref() == "error",
                _ => {}
            }
        }
        // A text cell's text is its content unless written in `office:string-value`; an error
        // cell's (`#DIV/0!`) is its content too.
        let wants_text =
            (value.is_none() && (text_type || !typed)) || (error && empty_string_value);
        let text = self.read_text(reader, start.name().as_ref(), at)?;
        if !wants_text {
            return Ok(value);
        }
        Ok(match text {
            // A cell with no type holds its text only if it has some.
            t if typed || !t.is_empty() => Some(t),
            _ => value,
        })
    }

    /// Reads the content of an element (whose start was the last event read) up to its end, as
    /// a cell's text: paragraphs one to a line, `text:s` spaces, tabs and line breaks, comments
    /// (`office:annotation`) left out.
    fn read_text<R: BufRead>(
        &mut self,
        reader: &mut Reader<R>,
        end: &str,
        at: (u64, u64),
    ) -> Result<String, Problem> {
        let mut buf = Vec::new();
        let mut text = String::new();
        let mut depth: u32 = 0;
        let mut in_comment: Option<u32> = None;
        let mut paragraphs: u32 = 0;
        loop {
            let event = reader.read_event_into(&mut buf)?;
            match &event {
                Event::Start(e) => {
                    depth += 1;
                    match e.name().as_ref() {
                        _ if in_comment.is_some() => {}
                        "office:annotation" => in_comment = Some(depth),
                        "text:p" | "text:h" => {
                            if paragraphs > 0 {
                                text.push('\n');
                            }
                            paragraphs = paragraphs.saturating_add(1);
                        }
                        "text:s" => {
                            let spaces = repeats(e, "text:c")?;
                            let at = self.position(at.0, at.1)?;
                            self.spend(spaces, at)?;
                            // Within the text the sheet may hold.
                            text.extend(std::iter::repeat_n(' ', spaces as usize));
                        }
                        "text:tab" => text.push('\t'),
                        "text:line-break" => text.push('\n'),
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if depth == 0 {
                        if e.name().as_ref() == end {
                            break;
                        }
                        return Err(Problem::Damaged);
                    }
                    if in_comment == Some(depth) {
                        in_comment = None;
                    }
                    depth -= 1;
                }
                Event::Text(t) if in_comment.is_none() => text.push_str(&t.xml10_content()),
                Event::CData(t) if in_comment.is_none() => text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) if in_comment.is_none() => {
                    if let Some(c) = r.resolve_char_ref()? {
                        text.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_xml_entity(r) {
                        text.push_str(s);
                    } else {
                        return Err(Problem::Damaged);
                    }
                }
                Event::Eof => return Err(Problem::Damaged),
                _ => {}
            }
            buf.clear();
        }
        Ok(text)
    }

    /// A place in the sheet as a row and column that fit the sheet's numbering, or why not.
    fn position(&self, row: u64, column: u64) -> Result<(u32, u32), Problem> {
        match (u32::try_from(row), u32::try_from(column)) {
            (Ok(r), Ok(c)) => Ok((r, c)),
            _ => Err(Problem::TooLarge(format!(
                "its sheet `{}` has a cell past row {} or column {}, further than any spreadsheet reaches: save the sheet again as CSV UTF-8",
                self.extent.sheet,
                crate::money::group_thousands(u64::from(u32::MAX)),
                crate::money::group_thousands(u64::from(u32::MAX)),
            ))),
        }
    }

    /// Takes `bytes` of text (repeats written out) from what the sheet may hold.
    fn spend(&mut self, bytes: u64, at: (u32, u32)) -> Result<(), Problem> {
        self.extent.spend(bytes, at).map_err(Problem::TooLarge)
    }
}

/// A repeat count (`table:number-columns-repeated`, `table:number-rows-repeated`, `text:c`): 1
/// when it is not given, and at most `u32::MAX` however many digits it has. One that is not a
/// number is a damaged file.
fn repeats(start: &BytesStart<'_>, name: &str) -> Result<u64, Problem> {
    let Some(attribute) = start.try_get_attribute(name)? else {
        return Ok(1);
    };
    let text = attribute.normalized_value(XmlVersion::Implicit1_0)?;
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::Damaged);
    }
    Ok(digits.bytes().fold(0_u64, |n, d| {
        n.saturating_mul(10)
            .saturating_add(u64::from(d - b'0'))
            .min(u64::from(u32::MAX))
    }))
}

/// The value of the attribute `name`, if it is given.
fn attribute(start: &BytesStart<'_>, name: &str) -> Result<Option<String>, Problem> {
    match start.try_get_attribute(name)? {
        Some(a) => Ok(Some(
            a.normalized_value(XmlVersion::Implicit1_0)?.into_owned(),
        )),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write as _};

    use calamine::Reader as _;

    use super::*;

    /// [`read`] of the file `bytes`, named `g.ods`.
    fn read_bytes(bytes: &[u8], wanted: &str, max_cells: u64) -> Result<Vec<SheetCell>, String> {
        let mut archive = Archive::new(Cursor::new(bytes)).expect("a zip");
        read(Path::new("g.ods"), &mut archive, wanted, max_cells)
    }

    /// An .ods in memory whose sheets are `sheets`, each a name and the XML of its rows.
    fn ods(sheets: &[(&str, &str)]) -> Vec<u8> {
        let tables: String = sheets
            .iter()
            .map(|(name, rows)| format!(r#"<table:table table:name="{name}">{rows}</table:table>"#))
            .collect();
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in [
            ("mimetype", std::str::from_utf8(MIMETYPE).expect("ASCII")),
            (
                "META-INF/manifest.xml",
                r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#,
            ),
            ("content.xml", &content),
        ] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("a part");
            zip.write_all(text.as_bytes()).expect("written");
        }
        zip.finish().expect("a zip").into_inner()
    }

    /// The cells of the sheet `name`, as the spreadsheet reader reads them.
    fn as_calamine_reads(bytes: &[u8], name: &str) -> Vec<SheetCell> {
        let mut book =
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).expect("opens");
        let range = book.worksheet_range(name).expect("a sheet");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut extent = Extent::new(name, u64::MAX);
        let mut cells = Vec::new();
        for (r, c, v) in range.used_cells() {
            let at = (r0 + r as u32, c0 + c as u32);
            extent.take(at, v.clone(), &mut cells).expect("within");
        }
        cells.sort();
        cells
    }

    #[test]
    fn cells_read_as_the_spreadsheet_reader_reads_them() {
        // Every kind of cell LibreOffice writes, repeats across and down, covered cells of a
        // merge, a comment, spaces, entities, a row group, and empty repeats to the sheet's end.
        let rows = concat!(
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/></table:table-row>"#,
            r#"<table:table-row-group><table:table-row>"#,
            r#"<table:table-cell/>"#,
            r#"<table:table-cell office:value-type="float" office:value="1234.5600000000002"><text:p>1,234.56</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="currency" office:currency="GBP" office:value="90000"><text:p>£90,000</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="percentage" office:value="0.125"><text:p>12.5%</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="date" office:date-value="2024-03-15"><text:p>15/03/24</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="date" office:date-value="2024-03-16T09:00:00"><text:p>x</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="time" office:time-value="PT09H30M00S"><text:p>09:30</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>"#,
            r#"<table:table-cell table:number-columns-repeated="3"/>"#,
            r#"<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>"#,
            r#"</table:table-row></table:table-row-group>"#,
            r#"<table:table-row table:number-rows-repeated="3">"#,
            r#"<table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>GBP</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="string" table:number-columns-spanned="2"><office:annotation><text:p>a comment</text:p></office:annotation><text:p>Tom &amp; Jerry&#x27;s<text:s text:c="3"/>club</text:p><text:p>second<text:tab/>line<text:line-break/>end</text:p></table:table-cell>"#,
            r#"<table:covered-table-cell/>"#,
            r#"<table:table-cell office:value-type="string" office:string-value="as written"><text:p>shown</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="string"/>"#,
            r#"<table:table-cell table:number-columns-repeated="1014"/>"#,
            r#"</table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );
        let bytes = ods(&[
            (
                "Notes",
                "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>n</text:p></table:table-cell></table:table-row>",
            ),
            ("grants", rows),
        ]);
        let mut ours = read_bytes(&bytes, "GRANTS", u64::MAX).expect("reads");
        ours.sort();
        assert_eq!(ours, as_calamine_reads(&bytes, "grants"));
        // Worked out: row 3 (from 1) holds 8 cells, the numbers, dates and the error from column B; rows
        // 4 to 6 the text, each `GBP` twice, then the merged cell, a string value, an empty text.
        let at = |r: u32, c: u32| {
            ours.iter()
                .find(|(p, _)| *p == (r, c))
                .map(|(_, t)| t.as_str())
        };
        assert_eq!(at(2, 1), Some("1234.56"));
        assert_eq!(at(2, 4), Some("2024-03-15"));
        assert_eq!(at(2, 11), Some("#DIV/0!"));
        assert_eq!(at(5, 1), Some("GBP"));
        assert_eq!(at(5, 2), Some("Tom & Jerry's   club\nsecond\tline\nend"));
        assert_eq!(at(5, 4), Some("as written"));
        assert_eq!(at(5, 5), Some(""));
        assert_eq!(ours.len(), 8 + 3 * 5);
    }

    #[test]
    fn counts_saturate_and_the_first_sheet_is_read_when_none_is_named() {
        let start = BytesStart::from_content(
            r#"table:table-row table:number-rows-repeated="99999999999999999999999""#,
            15,
        );
        assert!(matches!(
            repeats(&start, "table:number-rows-repeated"),
            Ok(n) if n == u64::from(u32::MAX)
        ));
        let start =
            BytesStart::from_content(r#"table:table-row table:number-rows-repeated="-1""#, 15);
        assert!(matches!(
            repeats(&start, "table:number-rows-repeated"),
            Err(Problem::Damaged)
        ));
        let one = r#"<table:table-row><table:table-cell office:value-type="float" office:value="7"/></table:table-row>"#;
        let bytes = ods(&[("First", one), ("Second", "")]);
        let cells = read_bytes(&bytes, "grants", 10).expect("reads");
        assert_eq!(cells, vec![((0, 0), "7".to_owned())]);
    }
}
