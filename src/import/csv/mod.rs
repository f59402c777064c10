//! `ecomap import csv`: a folder of spreadsheet tables (docs/spreadsheets.md) read into a draft
//! map. This module checks what only a table can get wrong (columns, cells that are not numbers,
//! dates or lists, rows with no id, the same id twice, funding for nobody) and says so with file,
//! row and column; everything else is checked by validating the written map, and [`trace`] takes
//! those problems back to the cells they came from. A folder with any error makes no map.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

mod funding;
mod row;
mod rows;

use super::cells::unprefixed;
use super::csv_read::{self, Cell};
use super::tables::{self, Table};
use super::{Draft, Failure, Prepared, Report};
use crate::diag::{Code, Diagnostic, Diagnostics, Label, Span};
use crate::load::{FileId, Sources};
use crate::yaml::map::{Entry, Provenance};

/// Where an entry's values are in the tables: its row, and the cell of each key it has.
#[derive(Debug, Clone)]
pub struct RowCells {
    pub row: usize,
    pub span: Span,
    /// Key (as the map writer names it: `name`, `capacity.wte`, `condition.care`) → column, cell.
    pub keys: IndexMap<String, (String, Span)>,
}

/// A folder of tables, read.
#[derive(Debug, Clone)]
pub struct Imported {
    pub draft: Draft,
    /// The tables' text, for showing problems in them.
    pub sources: Sources,
    pub cells: IndexMap<Entry, RowCells>,
}

/// One table being read: its parsed cells and what the rows have given.
struct Sheet {
    table: Table,
    data: csv_read::Table,
    /// Column name → position, for the columns the table has.
    columns: IndexMap<String, usize>,
}

/// What reading accumulates: problems, where entries came from, the ids seen.
struct Reader {
    diagnostics: Diagnostics,
    cells: IndexMap<Entry, RowCells>,
    provenance: Provenance,
    ids: IndexMap<String, (&'static str, Span)>,
    /// The tables found in the folder, read or not.
    present: Vec<&'static str>,
    /// The tables found that could not be read (their problem reported): checks that look
    /// across tables wait for them.
    unread: Vec<&'static str>,
}

/// Reads every table of `folder` into a draft map.
pub fn read(folder: &Path, limits: &crate::load::Limits) -> Result<Imported, Failure> {
    let (found, others) = tables_in(folder)?;
    let mut report = Report::default();
    let mut sources = Sources::default();
    let mut reader = Reader {
        diagnostics: Diagnostics::default(),
        cells: IndexMap::new(),
        provenance: Provenance::default(),
        ids: IndexMap::new(),
        present: found.iter().map(|(t, _)| t.file).collect(),
        unread: Vec::new(),
    };
    let mut sheets: IndexMap<&'static str, Sheet> = IndexMap::new();
    for (table, path) in &found {
        let name = path.display().to_string();
        let bytes = match crate::load::read_input(path, limits) {
            Ok(bytes) => bytes,
            Err(why) => {
                reader.diagnostics.push(
                    Diagnostic::new(Code::UnreadableFile, format!("{name} cannot be read: {why}"))
                        .help(format!(
                            "{} is a table of the map: make it an ordinary CSV file, or move it out of the folder if the map has none; no map was made without it",
                            table.file
                        )),
                );
                reader.unread.push(table.file);
                continue;
            }
        };
        let file = match crate::load::add_input_text(&mut sources, name, bytes, SAVE_AS_UTF8) {
            Ok(file) => file,
            Err(d) => {
                reader.diagnostics.push(*d);
                reader.unread.push(table.file);
                continue;
            }
        };
        match csv_read::parse(&sources, file) {
            Err(d) => {
                reader.diagnostics.push(*d);
                reader.unread.push(table.file);
            }
            Ok(data) => {
                report.read.push(format!(
                    "{}: {} {}",
                    table.file,
                    data.rows.len(),
                    if data.rows.len() == 1 { "row" } else { "rows" }
                ));
                match reader.sheet(**table, data) {
                    Some(sheet) => {
                        sheets.insert(table.file, sheet);
                    }
                    None => reader.unread.push(table.file),
                }
            }
        }
    }
    for p in &others {
        report.unplaced(
            format!("{}", p.display()),
            "not a table of a map (`ecomap docs spreadsheets` lists them); not read",
        );
    }
    let folder_name = folder.display().to_string();
    reader.provenance.header = vec![format!(
        "Written by `ecomap import csv` from the spreadsheet tables in {folder_name}."
    )];
    let map = reader.map(&sheets);
    if reader.diagnostics.has_errors() {
        reader.diagnostics.sort();
        return Err(Failure::Invalid(sources, reader.diagnostics));
    }
    Ok(Imported {
        draft: Draft {
            map,
            provenance: reader.provenance,
            report,
        },
        sources,
        cells: reader.cells,
    })
}

/// How to mend a table that is not UTF-8 text.
const SAVE_AS_UTF8: &str = "save it again from the spreadsheet as \"CSV UTF-8 (comma delimited)\"";

/// Why a file or folder could not be read, in words, with what to do.
fn reading(e: &std::io::Error) -> String {
    crate::load::io_words(e, crate::load::Doing::Reading)
}

/// Each table of a map found in a folder, with its file.
type Found = Vec<(&'static Table, PathBuf)>;

/// The tables of a map in `folder`, in the order they are read, and its other `.csv` files.
fn tables_in(folder: &Path) -> Result<(Found, Vec<PathBuf>), Failure> {
    let io = |e: std::io::Error| Failure::Io(folder.to_owned(), reading(&e));
    if std::fs::metadata(folder).is_ok_and(|m| !m.is_dir()) {
        return Err(Failure::Io(
            folder.to_owned(),
            "it is a file: `ecomap import csv` reads a folder of spreadsheet tables (area.csv, services.csv, …); name the folder that holds them (`ecomap docs spreadsheets`)".into(),
        ));
    }
    let mut csv: Vec<PathBuf> = Vec::new();
    for e in std::fs::read_dir(folder).map_err(io)? {
        // Anything so named, a folder or a link to nothing too: a table that cannot be read is
        // reported, never left out unseen.
        let p = e.map_err(io)?.path();
        if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
            csv.push(p);
        }
    }
    csv.sort();
    let named = |p: &PathBuf, t: &Table| p.file_name().is_some_and(|n| n == t.file);
    let found: Found = tables::ALL
        .iter()
        .filter_map(|t| csv.iter().find(|p| named(p, t)).map(|p| (t, p.clone())))
        .collect();
    if found.is_empty() {
        let all: Vec<&str> = tables::ALL.iter().map(|t| t.file).collect();
        return Err(Failure::Io(
            folder.to_owned(),
            format!(
                "it holds none of the tables of a map ({}): see `ecomap docs spreadsheets`, or copy examples/spreadsheets/",
                all.join(", ")
            ),
        ));
    }
    let others = csv
        .into_iter()
        .filter(|p| !tables::ALL.iter().any(|t| named(p, t)))
        .collect();
    Ok((found, others))
}

impl Reader {
    fn error(
        &mut self,
        code: Code,
        message: impl Into<String>,
        at: Span,
        label: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::new(code, message).at(at, label).help(help));
    }

    /// Checks a table's header (known columns, each once) and that no row is longer than it. A
    /// table with a mistake here is still read, so that every mistake is reported at once, except
    /// one without a column it needs: its every row would be reported again.
    fn sheet(&mut self, table: Table, data: csv_read::Table) -> Option<Sheet> {
        let mut columns: IndexMap<String, usize> = IndexMap::new();
        if data.header.len() == 1 && data.header[0].text.contains(';') {
            self.error(
                Code::CsvSyntax,
                format!("{} is separated by semicolons", table.file),
                data.header[0].span.clone(),
                "one cell holding every column",
                "save it again with commas between cells (\"CSV UTF-8 (comma delimited)\")",
            );
            return None;
        }
        for (i, cell) in data.header.iter().enumerate() {
            let name = unprefixed(&cell.text).to_owned();
            let key = |t: &str| unprefixed(t).to_owned();
            if let Some(d) = csv_read::repeated_column(&data.header, i, key, table.file) {
                self.diagnostics.push(d);
                continue;
            }
            if self.known_column(&table, &name, cell) {
                columns.insert(name, i);
            }
        }
        let mut complete = true;
        for required in required_columns(&table) {
            if !columns.contains_key(*required) && !data.rows.is_empty() {
                self.error(
                    Code::MissingKey,
                    format!("{} has no column `{required}`", table.file),
                    data.header
                        .first()
                        .map_or(nowhere_in(data.file), |c| c.span.clone()),
                    "the header row",
                    format!(
                        "add a column `{required}`: `ecomap docs spreadsheets` lists what each table needs"
                    ),
                );
                complete = false;
            }
        }
        for d in csv_read::extra_cells(&data, table.file) {
            self.diagnostics.push(d);
        }
        complete.then_some(Sheet {
            table,
            data,
            columns,
        })
    }

    /// Whether `name` is a column of `table` (or an attribute, in a table of attributes); says
    /// why not.
    fn known_column(&mut self, table: &Table, name: &str, cell: &Cell) -> bool {
        if table.columns.contains(&name) {
            return true;
        }
        let explicit = name.starts_with(tables::ATTRIBUTE_PREFIX)
            || (table.file == tables::COHORTS.file && name.starts_with(tables::AFTER_START_PREFIX));
        // `ID` is near `id` in a table of fixed columns (written in lower case, where a
        // spreadsheet's header is often capitalised); in a table of attributes `Size` may be an
        // attribute of its own, since attributes' names compare case and all.
        let compared = if table.attributes {
            name.to_owned()
        } else {
            name.to_lowercase()
        };
        let near: Vec<&str> = table
            .columns
            .iter()
            .copied()
            .filter(|c| {
                strsim::jaro_winkler(&compared, c)
                    >= if table.attributes { tables::NEAR } else { 0.75 }
            })
            .collect();
        if table.attributes {
            let reserved = tables::column_attribute(table, name).filter(|a| {
                table.file == tables::RULES.file && tables::CONDITION_WORDS.contains(a)
            });
            if let Some(word) = reserved {
                self.error(
                    Code::UnknownKey,
                    format!("`{word}` cannot be an attribute in a rule"),
                    cell.span.clone(),
                    "a word conditions give a meaning of their own",
                    format!("write `{word}` in the `condition` column, in the map's notation"),
                );
                return false;
            }
            if explicit || near.is_empty() {
                return true;
            }
        }
        let dym = crate::diag::did_you_mean(&compared, near.iter().copied());
        let help = match (dym, table.attributes) {
            (Some(d), true) => format!(
                "{d} If `{name}` is an attribute, name the column `{}{name}`",
                tables::ATTRIBUTE_PREFIX
            ),
            (Some(d), false) => d,
            (None, _) if table.columns.contains(&"notes") => format!(
                "the columns of {} are: {}; put anything else in `notes`",
                table.file,
                table.columns.join(", ")
            ),
            (None, _) => format!(
                "the columns of {} are: {}; remove this column",
                table.file,
                table.columns.join(", ")
            ),
        };
        self.error(
            Code::UnknownKey,
            format!("unknown column `{name}` in {}", table.file),
            cell.span.clone(),
            "not a column of this table",
            help,
        );
        false
    }

    /// Claims an id for an entity; reports it if the map has it already.
    fn claim(&mut self, id: &str, file: &'static str, span: &Span) -> bool {
        if let Some((other, first)) = self.ids.get(id) {
            let d = Diagnostic::new(Code::DuplicateId, format!("the id `{id}` is used twice"))
                .at(span.clone(), format!("`{id}` again, in {file}…"))
                .also(first.clone(), format!("…already given in {other}"))
                .help("ids must be unique across the whole map, whatever their kind: rename one of them");
            self.diagnostics.push(d);
            return false;
        }
        self.ids.insert(id.to_owned(), (file, span.clone()));
        true
    }
}

/// The place at the start of `file`, for a problem with no cell to point at.
fn nowhere_in(file: FileId) -> Span {
    Span { file, range: 0..0 }
}

/// The columns a table cannot be without.
fn required_columns(table: &Table) -> &'static [&'static str] {
    match table.file {
        "area.csv" | "stages.csv" => &["id", "name"],
        "commissioners.csv" | "providers.csv" | "services.csv" => &["id", "name"],
        "rules.csv" => &["id"],
        "cohorts.csv" => &["id", "name", "size"],
        "figures.csv" => &["figure", "value"],
        "benchmarks.csv" => &["benchmark", "value"],
        "funding.csv" => &["to", "from", "amount"],
        "accepted_overlaps.csv" => &["services"],
        _ => &[],
    }
}

/// The problems found in the map written from `imported`, taken back to the cells they came from:
/// each label moves from the written YAML to the table cell (or row) of the value it points at.
pub fn trace(imported: &Imported, prepared: &Prepared) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in &prepared.diagnostics.0 {
        let mut d = d.clone();
        d.primary = d.primary.and_then(|l| relabel(imported, prepared, l));
        d.secondary = d
            .secondary
            .into_iter()
            .filter_map(|l| relabel(imported, prepared, l))
            .collect();
        out.push(d);
    }
    out.sort();
    out
}

/// A label on the written YAML, moved to the cell its value came from.
fn relabel(imported: &Imported, prepared: &Prepared, label: Label) -> Option<Label> {
    let file = prepared.files.get(label.span.file.0)?;
    let place = file.place_at(label.span.range.start)?;
    let cells = imported.cells.get(&place.entry)?;
    let mut key = place.key.as_str();
    let found = loop {
        if let Some(found) = cells.keys.get(key) {
            break Some(found);
        }
        match key.rfind('.') {
            Some(dot) => key = &key[..dot],
            None => break None,
        }
    };
    let (span, message) = match found {
        Some((column, span)) => (
            span.clone(),
            format!("row {}, column `{column}`: {}", cells.row, label.message),
        ),
        None => (
            cells.span.clone(),
            format!("row {}: {}", cells.row, label.message),
        ),
    };
    Some(Label { span, message })
}
