//! A look at an `.xls` before the spreadsheet library (calamine) opens it, so that what it will
//! lay out in memory is bounded first.
//!
//! calamine reads an .xls whole as it opens it: the compound file's sectors, the workbook stream,
//! and every sheet laid out from its first cell to its last, before ecomap sees a cell. How much
//! it makes room for is set by numbers in the file, which a few bytes can set to anything: a
//! cell's column (a 16-bit field, though a sheet has 256 columns: a cell at column 65,535 and one
//! at `A1` made calamine lay out 4 billion cells, 24 GB before the system stopped it), a sheet's
//! DIMENSIONS record (4 billion rows: calamine asked for petabytes and the program aborted), a
//! chain of sectors that loops back on itself, a shared string named by a million cells. So the
//! file is read here first, as calamine reads it (the same sectors, the same stream, the same
//! records), and each of those numbers is checked:
//!
//! - the compound file: a chain of sectors longer than the file has sectors (a loop), a sector
//!   past the file's end, or a sector number past the sector table is a damaged file;
//! - every sheet, since calamine lays out every one: its cells (from their records' rows and
//!   columns) must span no more than the sheet limit ([`Extent`], the message the other formats
//!   give), all sheets together no more than it either, and its DIMENSIONS record no more than
//!   the format's 65,536 rows by 256 columns;
//! - the shared strings: every cell that names one is a copy of it, and the copies together must
//!   hold no more than the text limit (each string counted at 3 bytes of text for each byte it
//!   takes in the file, the most a character read from those bytes can become).
//!
//! Anything here that calamine would read differently, or stop at, is refused as damaged: the
//! check never lets through what it could not follow.

use super::{Extent, MAX_TEXT, column_letters};

/// A compound file's signature.
const SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Sector numbers from here up are markers, not sectors.
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
/// Marks a sector of the table of sector tables.
const DIFSECT: u32 = 0xFFFF_FFFC;
/// Ends a chain of sectors.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// A stream shorter than this lives in the mini stream, in sectors of 64 bytes.
const MINI_STREAM_CUTOFF: u64 = 4096;
/// The most rows and columns an .xls sheet has (BIFF8).
const FORMAT_ROWS: u64 = 65_536;
const FORMAT_COLUMNS: u64 = 256;

/// Whether `bytes` is a compound file, as an .xls is.
pub(super) fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(SIGNATURE)
}

/// Checks an .xls before calamine opens it: `Ok` when what calamine will lay out is within the
/// sheet limit (`max_cells`) and the text limit, or when calamine will not read the file at all.
pub(super) fn check(bytes: &[u8], max_cells: u64) -> Result<(), String> {
    let Some(stream) = workbook_stream(bytes)? else {
        return Ok(()); // no workbook stream: calamine reads no sheet
    };
    check_workbook(&stream, max_cells)
}

/// A file whose compound file or records cannot be followed.
fn damaged() -> String {
    "its .xls structure is damaged, or not one ecomap can follow: open it in a spreadsheet program and save it as .xlsx, or save the sheet as CSV UTF-8".to_owned()
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

/// The sectors of a compound file (or of its mini stream).
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    /// The highest sector number calamine accepts.
    max_id: u64,
}

impl Sectors<'_> {
    /// Sector `id` whole: one past the end of the data, or only partly within it, is damage.
    fn get(&self, id: u32) -> Result<&[u8], String> {
        if u64::from(id) > self.max_id {
            return Err(damaged());
        }
        let start = (id as usize).checked_mul(self.size).ok_or_else(damaged)?;
        self.data.get(start..start + self.size).ok_or_else(damaged)
    }

    /// The chain of sectors from `id`, following `table`, up to `len` bytes: a chain longer
    /// than there are sectors loops, and is damage.
    fn chain(&self, mut id: u32, table: &[u32], len: u64) -> Result<Vec<u8>, String> {
        let mut chain = Vec::new();
        let mut steps: u64 = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > self.max_id + 1 {
                return Err(damaged());
            }
            let sector = self.get(id)?;
            let remaining = len.saturating_sub(chain.len() as u64);
            let take = (sector.len() as u64).min(remaining) as usize;
            chain.extend_from_slice(&sector[..take]);
            if chain.len() as u64 >= len {
                break;
            }
            id = *table.get(id as usize).ok_or_else(damaged)?;
        }
        Ok(chain)
    }
}

/// The workbook stream (`Workbook`, else `Book`) as calamine reads it, `None` when the file has
/// none; a compound file that cannot be followed is an error.
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let header = bytes.get(..512).ok_or_else(damaged)?;
    let version = u16_at(header, 26).ok_or_else(damaged)?;
    let (size, header_len) = match u16_at(header, 30) {
        Some(0x0009) => (512_usize, 512_usize),
        Some(0x000C) => (4096, 4096),
        _ => return Err(damaged()),
    };
    if u16_at(header, 32) != Some(0x0006) {
        return Err(damaged());
    }
    let field = |at| u32_at(header, at).ok_or_else(damaged);
    let dir_start = field(48)?;
    let mini_fat_start = field(60)?;
    let mini_fat_len = u64::from(field(64)?);
    let difat_start = field(68)?;
    let sectors = Sectors {
        data: bytes.get(header_len..).ok_or_else(damaged)?,
        size,
        max_id: (bytes.len() / size) as u64,
    };
    // The table of sector tables: 109 entries in the header, the rest in a chain of sectors whose
    // last entry names the next.
    let mut difat: Vec<u32> = words(&header[76..512]).collect();
    let mut id = difat_start;
    let mut steps: u64 = 0;
    while id < RESERVED_SECTORS {
        steps += 1;
        if steps > sectors.max_id + 1 {
            return Err(damaged());
        }
        difat.extend(words(sectors.get(id)?));
        id = difat.pop().ok_or_else(damaged)?;
    }
    let table_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    // A file has no more sector tables than sectors; more would name some many times over.
    if table_sectors.len() as u64 > sectors.max_id + 1 {
        return Err(damaged());
    }
    let mut fat = Vec::new();
    for id in table_sectors {
        fat.extend(words(sectors.get(id)?));
    }
    let directory = sectors.chain(dir_start, &fat, u64::MAX)?;
    // Each entry: a name of 32 UTF-16 units, its first sector at 116, its length at 120.
    let entries: Vec<(String, u32, u64)> = directory
        .chunks_exact(128)
        .map(|e| {
            // As calamine decodes it (the same decoder, a byte-order mark obeyed).
            let mut name = encoding_rs::UTF_16LE.decode(&e[..64]).0.into_owned();
            if let Some(nul) = name.bytes().position(|b| b == 0) {
                name.truncate(nul);
            }
            let start = u32_at(e, 116).unwrap_or(END_OF_CHAIN);
            let len = if size == 512 {
                u64::from(u32_at(e, 120).unwrap_or(0))
            } else {
                u64_at(e, 120).unwrap_or(0)
            };
            (name, start, len)
        })
        .collect();
    let Some(root) = entries.first() else {
        return Ok(None);
    };
    if version != 3 && root.1 == END_OF_CHAIN {
        return Ok(None);
    }
    let (mini_fat, mini_stream) = if mini_fat_len > 0 {
        let mini_stream = sectors.chain(root.1, &fat, root.2)?;
        let table = sectors.chain(
            mini_fat_start,
            &fat,
            mini_fat_len.saturating_mul(size as u64),
        )?;
        if table.len() % 4 != 0 {
            return Err(damaged());
        }
        (words(&table).collect(), mini_stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let find = |name: &str| {
        entries
            .iter()
            .find(|(n, ..)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    };
    let Some((_, start, len)) = find("Workbook").or_else(|| find("Book")) else {
        return Ok(None);
    };
    if *len < MINI_STREAM_CUTOFF {
        let mini = Sectors {
            data: &mini_stream,
            size: 64,
            max_id: sectors.max_id.saturating_mul(8),
        };
        mini.chain(*start, &mini_fat, *len).map(Some)
    } else {
        sectors.chain(*start, &fat, *len).map(Some)
    }
}

/// One record of the workbook stream: its type, its data, and the data of the `CONTINUE`
/// records after it.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    continued: Vec<&'a [u8]>,
}

/// The records from the start of `stream`, as calamine splits them; a record cut short is damage.
fn records(mut stream: &[u8]) -> impl Iterator<Item = Result<Record<'_>, String>> {
    std::iter::from_fn(move || {
        if stream.is_empty() {
            return None;
        }
        let head = |s: &[u8]| Some((u16_at(s, 0)?, usize::from(u16_at(s, 2)?)));
        let Some((kind, len)) = head(stream) else {
            return Some(Err(damaged()));
        };
        let Some(data) = stream.get(4..4 + len) else {
            return Some(Err(damaged()));
        };
        stream = &stream[4 + len..];
        let mut continued = Vec::new();
        while stream.len() > 4 && u16_at(stream, 0) == Some(0x003C) {
            let Some((_, len)) = head(stream) else {
                return Some(Err(damaged()));
            };
            let Some(part) = stream.get(4..4 + len) else {
                return Some(Err(damaged()));
            };
            continued.push(part);
            stream = &stream[4 + len..];
        }
        Some(Ok(Record {
            kind,
            data,
            continued,
        }))
    })
}

/// The most bytes of text each shared string (`SST`) can become, as calamine reads the strings.
fn shared_string_sizes(record: &Record<'_>) -> Result<Vec<u64>, String> {
    let mut parts = record.continued.iter().copied();
    let mut data = record.data.get(8..).ok_or_else(damaged)?;
    let mut sizes = Vec::new();
    loop {
        if data.is_empty() {
            match parts.next() {
                Some(next) => data = next,
                None => break,
            }
        }
        // An empty CONTINUE stands for an empty string.
        if data.is_empty() {
            sizes.push(0);
            continue;
        }
        let (Some(chars), Some(&flags)) = (u16_at(data, 0), data.get(2)) else {
            return Err(damaged());
        };
        data = &data[3..];
        let mut runs = 0_u64;
        if flags & 0x8 != 0 {
            runs = u64::from(u16_at(data, 0).ok_or_else(damaged)?);
            data = &data[2..];
        }
        let mut extra = 0_u64;
        if flags & 0x4 != 0 {
            // Read as a signed number and taken as a length: a negative one is past any stream.
            let n = u32_at(data, 0).ok_or_else(damaged)? as i32;
            extra = u64::try_from(n).map_err(|_| damaged())?;
            data = &data[4..];
        }
        // The characters, one or two bytes each, which may go on in the next CONTINUE, behind a
        // byte that says which.
        let mut wide = flags & 0x1 != 0;
        let mut left = usize::from(chars);
        let mut bytes = 0_u64;
        loop {
            let n = if wide {
                (data.len() / 2).min(left)
            } else {
                data.len().min(left)
            };
            let used = if wide { 2 * n } else { n };
            bytes += used as u64;
            data = &data[used..];
            left -= n;
            if left == 0 {
                break;
            }
            let next = parts.next().ok_or_else(damaged)?;
            wide = next.first().ok_or_else(damaged)? & 0x1 != 0;
            data = &next[1..];
        }
        // Each byte read becomes at most one character of at most 3 bytes of UTF-8.
        sizes.push(bytes * 3);
        // Formatting runs and phonetic data after the characters are passed over.
        let mut skip = runs * 4 + extra;
        while skip > 0 {
            if data.is_empty() {
                data = parts.next().ok_or_else(damaged)?;
                continue;
            }
            let n = (data.len() as u64).min(skip) as usize;
            data = &data[n..];
            skip -= n as u64;
        }
    }
    Ok(sizes)
}

/// Checks the records of the workbook stream: the workbook's own (its sheets, its shared
/// strings), then every sheet's, as calamine reads them.
fn check_workbook(stream: &[u8], max_cells: u64) -> Result<(), String> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut strings: Vec<u64> = Vec::new();
    for record in records(stream) {
        let record = record?;
        match record.kind {
            0x002F if u16_at(record.data, 0).ok_or_else(damaged)? != 0 => {
                return Err("it is protected by a password: save it again without one, or save the sheet as CSV UTF-8".to_owned());
            }
            // BoundSheet8: where the sheet's records start, and (after 6 bytes) its name.
            0x0085 => {
                if record.data.len() < 8 {
                    return Err(damaged());
                }
                let at = u32_at(record.data, 0).ok_or_else(damaged)? as usize;
                let name = sheet_name(record.data);
                sheets.push((at, name));
            }
            0x00FC => strings = shared_string_sizes(&record)?,
            0x000A => break,
            _ => {}
        }
    }
    let mut spanned_in_all: u64 = 0;
    let mut text_left = MAX_TEXT;
    for (at, name) in &sheets {
        let sheet = stream.get(*at..).ok_or_else(damaged)?;
        let mut extent = Extent::new(name, max_cells);
        let mut seen_bof = false;
        let mut depth: u64 = 0;
        let mut formula_at = (0_u32, 0_u32);
        for record in records(sheet) {
            let record = record?;
            let data = record.data;
            if depth > 0 {
                match record.kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let position = || -> Result<(u32, u32), String> {
                Ok((
                    u32::from(u16_at(data, 0).ok_or_else(damaged)?),
                    u32::from(u16_at(data, 2).ok_or_else(damaged)?),
                ))
            };
            match record.kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => check_dimensions(data, name)?,
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => extent.reach(position()?)?,
                0x0006 => {
                    formula_at = position()?;
                    extent.reach(formula_at)?;
                }
                0x0207 => extent.reach(formula_at)?,
                0x00FD => {
                    let at = position()?;
                    extent.reach(at)?;
                    let index = u32_at(data, 6).ok_or_else(damaged)? as usize;
                    if let Some(size) = strings.get(index) {
                        text_left = text_left
                            .checked_sub(*size)
                            .ok_or_else(|| too_much_text(name, at))?;
                    }
                }
                // MulRk: a row, a first column, 6 bytes for each cell, the last column.
                0x00BD => {
                    let (row, first) = position()?;
                    let last = u32::from(
                        u16_at(data, data.len().checked_sub(2).ok_or_else(damaged)?)
                            .ok_or_else(damaged)?,
                    );
                    if last < first || data.len() as u64 != 6 + 6 * u64::from(last - first + 1) {
                        return Err(damaged());
                    }
                    extent.reach((row, first))?;
                    extent.reach((row, last))?;
                }
                0x000A => break,
                _ => {}
            }
        }
        spanned_in_all = spanned_in_all.saturating_add(extent.spanned());
        if spanned_in_all > max_cells {
            return Err(format!(
                "its sheets span {} cells together by its sheet `{name}` (each from its first cell to its last), more than the {} ecomap reads from a workbook: every sheet of an .xls is read whole as the file is opened. Delete the sheets other than the grants, or save the workbook as .xlsx, or the sheet as CSV UTF-8; --max-file-size raises the limit",
                crate::money::group_thousands(spanned_in_all),
                crate::money::group_thousands(max_cells),
            ));
        }
    }
    Ok(())
}

/// The name of a sheet from its BoundSheet8 record, for messages (its characters' low bytes).
fn sheet_name(data: &[u8]) -> String {
    let len = data.get(6).copied().unwrap_or(0) as usize;
    let wide = data.get(7).is_some_and(|f| f & 0x1 != 0);
    let chars = data.get(8..).unwrap_or(&[]);
    if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .map(|u| u16::from_le_bytes([u[0], u[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|b| char::from(*b)).collect()
    }
}

/// Checks a sheet's DIMENSIONS record, which calamine makes room for before reading a cell: it
/// must lie within the format's rows and columns.
fn check_dimensions(data: &[u8], sheet: &str) -> Result<(), String> {
    let (first_row, last_row, first_column, last_column) = match data.len() {
        10 => (
            u64::from(u16_at(data, 0).ok_or_else(damaged)?),
            u64::from(u16_at(data, 2).ok_or_else(damaged)?),
            u64::from(u16_at(data, 4).ok_or_else(damaged)?),
            u64::from(u16_at(data, 6).ok_or_else(damaged)?),
        ),
        14 | 16 => (
            u64::from(u32_at(data, 0).ok_or_else(damaged)?),
            u64::from(u32_at(data, 4).ok_or_else(damaged)?),
            u64::from(u16_at(data, 8).ok_or_else(damaged)?),
            u64::from(u16_at(data, 10).ok_or_else(damaged)?),
        ),
        _ => return Ok(()), // calamine stops at it
    };
    // The record's last row and column are one past the sheet's (none: an empty sheet);
    // calamine takes a first column past 255, or past the last, as 0, and counts the rows and
    // columns between first and last without checking their order.
    let first_column = if first_column > 0xFF || last_column < first_column {
        0
    } else {
        first_column
    };
    let within = last_row == 0
        || last_column == 0
        || (first_row < last_row
            && first_column < last_column
            && last_row <= FORMAT_ROWS
            && last_column <= FORMAT_COLUMNS);
    if within {
        Ok(())
    } else {
        Err(format!(
            "its sheet `{sheet}` says it spans rows {} to {} and columns up to {}, more than an .xls sheet can have ({} rows by {} columns): the file is damaged. Open it in a spreadsheet program and save it as .xlsx, or save the sheet as CSV UTF-8",
            crate::money::group_thousands(first_row + 1),
            crate::money::group_thousands(last_row),
            crate::money::group_thousands(last_column),
            crate::money::group_thousands(FORMAT_ROWS),
            FORMAT_COLUMNS,
        ))
    }
}

/// A sheet whose cells name shared strings that add up to more than the text limit.
fn too_much_text(sheet: &str, (row, column): (u32, u32)) -> String {
    format!(
        "its sheet `{sheet}` holds more than {} MB of text by its cell {}{}, more than a sheet of grants needs (many cells naming one long text can make a small file hold this much): delete the cells after the table and save the workbook again, or save the sheet as CSV UTF-8",
        MAX_TEXT / (1024 * 1024),
        column_letters(column),
        u64::from(row) + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An SST record of `data` (after its two counts) and the CONTINUE records `more`.
    fn sst(data: &[u8], more: &[&[u8]]) -> Vec<u64> {
        let data = [&[0_u8; 8][..], data].concat();
        let record = Record {
            kind: 0x00FC,
            data: &data,
            continued: more.to_vec(),
        };
        shared_string_sizes(&record).expect("read")
    }

    #[test]
    fn shared_strings_are_followed_across_continue_records_as_calamine_reads_them() {
        // "ab" one byte a character; then 4 characters of which 1 fits (2 bytes each, flag 1),
        // the other 3 in the CONTINUE, one byte each behind its flag byte 0; then an empty
        // CONTINUE, which calamine reads as an empty string; then "c" with a formatting run
        // (flag 8: 1 run of 4 bytes) passed over.
        let sizes = sst(
            &[2, 0, 0, b'a', b'b', 4, 0, 1, b'x', 0],
            &[
                &[0, b'y', b'z', b'w'],
                &[],
                &[1, 0, 8, 1, 0, b'c', 0, 0, 0, 0],
            ],
        );
        // Bytes read for each string, times 3: 2 → 6; 2 + 3 = 5 → 15; 0; 1 → 3.
        assert_eq!(sizes, [6, 15, 0, 3]);
    }

    #[test]
    fn a_string_cut_short_or_dimensions_past_the_format_are_refused() {
        let record = Record {
            kind: 0x00FC,
            data: &[0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, b'a'],
            continued: Vec::new(),
        };
        assert!(shared_string_sizes(&record).is_err());
        let dims = |rows: (u32, u32), columns: (u16, u16)| {
            let mut d = rows.0.to_le_bytes().to_vec();
            d.extend(rows.1.to_le_bytes());
            d.extend(columns.0.to_le_bytes());
            d.extend(columns.1.to_le_bytes());
            d.extend([0, 0]);
            check_dimensions(&d, "s").is_ok()
        };
        assert!(dims((0, 0), (0, 0)), "an empty sheet");
        assert!(dims((0, 65_536), (0, 256)), "the whole sheet");
        assert!(!dims((0, 65_537), (0, 256)), "a row past the format");
        assert!(!dims((0, 1), (0, 257)), "a column past the format");
        assert!(!dims((5, 5), (0, 1)), "a first row past the last");
        assert!(!dims((0, 1), (3, 3)), "a first column at the last");
    }
}
