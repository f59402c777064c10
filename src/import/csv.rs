//! `ecomap import csv`: a folder of spreadsheet tables (docs/spreadsheets.md) read into a draft
//! map. This module checks what only a table can get wrong (columns, cells that are not numbers,
//! dates or lists, rows with no id, the same id twice, funding for nobody) and says so with file,
//! row and column; everything else is checked by validating the written map, and [`trace`] takes
//! those problems back to the cells they came from. A folder with any error makes no map.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::cells::{self, unprefixed};
use super::csv_read::{self, Cell, Row};
use super::tables::{self, Table};
use super::{Draft, Failure, Prepared, Report, bare_area, empty_map, nowhere};
use crate::diag::{Code, Diagnostic, Diagnostics, Label, Span};
use crate::export::yaml_map::{Entry, Provenance};
use crate::load::{FileId, Sources};
use crate::model::{
    AcceptedOverlap, AttrValue, BenchmarkOverride, Capacity, Cohort, Commissioner, Condition,
    Contract, Eligibility, Figure, FundingLine, Id, Map, Outcomes, Provider, Referral, Rule,
    Service, Share, Source, Stage,
};
use crate::money::Money;

/// Where an entry's values are in the tables: its row, and the cell of each key it has.
#[derive(Debug, Clone)]
pub struct RowCells {
    pub file: &'static str,
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
}

/// Reads every table of `folder` into a draft map.
pub fn read(folder: &Path) -> Result<Imported, Failure> {
    let entries =
        std::fs::read_dir(folder).map_err(|e| Failure::Io(folder.to_owned(), e.to_string()))?;
    let mut found: Vec<PathBuf> = Vec::new();
    for e in entries {
        let p = e
            .map_err(|e| Failure::Io(folder.to_owned(), e.to_string()))?
            .path();
        if p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
            found.push(p);
        }
    }
    found.sort();
    let known = |p: &PathBuf| {
        tables::ALL
            .iter()
            .find(|t| p.file_name().is_some_and(|n| n == t.file))
    };
    if !found.iter().any(|p| known(p).is_some()) {
        return Err(Failure::Io(
            folder.to_owned(),
            format!(
                "it holds none of the tables of a map ({}): see docs/spreadsheets.md, or copy examples/spreadsheets/",
                tables::ALL
                    .iter()
                    .map(|t| t.file)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let mut report = Report::default();
    let mut sources = Sources::default();
    let mut reader = Reader {
        diagnostics: Diagnostics::default(),
        cells: IndexMap::new(),
        provenance: Provenance::default(),
        ids: IndexMap::new(),
    };
    let mut sheets: IndexMap<&'static str, Sheet> = IndexMap::new();
    for table in tables::ALL {
        let Some(path) = found
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n == table.file))
        else {
            continue;
        };
        let bytes = std::fs::read(path).map_err(|e| Failure::Io(path.clone(), e.to_string()))?;
        let name = path.display().to_string();
        let Ok(text) = String::from_utf8(bytes) else {
            reader.diagnostics.push(
                Diagnostic::new(Code::CsvSyntax, format!("{name} is not UTF-8 text"))
                    .help("save it again as \"CSV UTF-8 (comma delimited)\""),
            );
            continue;
        };
        let file = sources.add(name, text);
        match csv_read::parse(&sources, file) {
            Err(d) => reader.diagnostics.push(*d),
            Ok(data) => {
                report.read.push(format!(
                    "{}: {} {}",
                    table.file,
                    data.rows.len(),
                    if data.rows.len() == 1 { "row" } else { "rows" }
                ));
                if let Some(sheet) = reader.sheet(*table, data) {
                    sheets.insert(table.file, sheet);
                }
            }
        }
    }
    for p in &found {
        if known(p).is_none() {
            report.unplaced(
                format!("{}", p.display()),
                "not a table of a map (docs/spreadsheets.md lists them); not read",
            );
        }
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
            if let Some(&first) = columns.get(&name) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateKey,
                        format!("the column `{name}` is given twice in {}", table.file),
                    )
                    .at(cell.span.clone(), "given again here…")
                    .also(data.header[first].span.clone(), "…after this one")
                    .help("keep one of the two columns"),
                );
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
                        "add a column `{required}`: docs/spreadsheets.md lists what each table needs"
                    ),
                );
                complete = false;
            }
        }
        for row in &data.rows {
            if let Some(extra) = row
                .cells
                .get(data.header.len())
                .filter(|c| !c.text.is_empty() || c.quoted)
            {
                self.error(
                    Code::CsvSyntax,
                    format!(
                        "row {} of {} has more cells than the header has columns",
                        row.number, table.file
                    ),
                    extra.span.clone(),
                    "no column for this cell",
                    "add a column name to the header, or remove the cell (a stray comma makes one)",
                );
            }
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
        let near: Vec<&str> = table
            .columns
            .iter()
            .copied()
            .filter(|c| {
                strsim::jaro_winkler(name, c) >= if table.attributes { tables::NEAR } else { 0.75 }
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
        let dym = crate::diag::did_you_mean(name, near.iter().copied());
        let help = match (dym, table.attributes) {
            (Some(d), true) => format!(
                "{d} If `{name}` is an attribute, name the column `{}{name}`",
                tables::ATTRIBUTE_PREFIX
            ),
            (Some(d), false) => d,
            (None, _) => format!(
                "the columns of {} are: {}; put anything else in `notes`",
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

    /// Builds the map from every table read.
    fn map(&mut self, sheets: &IndexMap<&'static str, Sheet>) -> Map {
        let sheet = |t: &Table| sheets.get(t.file);
        let area = sheet(&tables::AREA).and_then(|s| self.area(s));
        let mut map = empty_map(area.unwrap_or_else(|| bare_area("unnamed", "Unnamed area")));
        if !sheets.contains_key(tables::AREA.file)
            || sheet(&tables::AREA).is_some_and(|s| s.data.rows.is_empty())
        {
            let at = sheet(&tables::AREA)
                .and_then(|s| s.data.header.first())
                .map(|c| c.span.clone());
            let d = Diagnostic::new(Code::NoArea, "the spreadsheets have no area")
                .help("add area.csv with the columns id and name, and one row for the place mapped (examples/spreadsheets/area.csv)");
            self.diagnostics.push(match at {
                Some(span) => d.at(span, "no row below the header"),
                None => d,
            });
        }
        if let Some(s) = sheet(&tables::FIGURES) {
            self.figures(s, &mut map);
        }
        if let Some(s) = sheet(&tables::BENCHMARKS) {
            self.benchmarks(s, &mut map);
        }
        self.each(sheet(&tables::STAGES), |r, row| {
            r.stage(row).map(|s| {
                map.stages.insert(s.id.clone(), s);
            })
        });
        self.each(sheet(&tables::COMMISSIONERS), |r, row| {
            r.commissioner(row).map(|c| {
                map.commissioners.insert(c.id.clone(), c);
            })
        });
        self.each(sheet(&tables::PROVIDERS), |r, row| {
            r.provider(row).map(|p| {
                map.providers.insert(p.id.clone(), p);
            })
        });
        self.each(sheet(&tables::RULES), |r, row| {
            r.rule(row).map(|x| {
                map.rules.insert(x.id.clone(), x);
            })
        });
        self.each(sheet(&tables::COHORTS), |r, row| {
            r.cohort(row).map(|c| {
                map.cohorts.insert(c.id.clone(), c);
            })
        });
        self.each(sheet(&tables::SERVICES), |r, row| {
            r.service(row).map(|s| {
                map.services.insert(s.id.clone(), s);
            })
        });
        if let Some(s) = sheet(&tables::FUNDING) {
            self.funding(s, &mut map);
        }
        if let Some(s) = sheet(&tables::ACCEPTED_OVERLAPS) {
            self.accepted(s, &mut map);
        }
        map
    }

    /// Runs `build` on every row of `sheet`.
    fn each(
        &mut self,
        sheet: Option<&Sheet>,
        mut build: impl FnMut(&mut Reader, &mut RowReader) -> Option<()>,
    ) {
        let Some(sheet) = sheet else { return };
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            build(self, &mut rr);
        }
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

/// One row being read: its cells by column, and the cells each key came from.
struct RowReader<'a> {
    sheet: &'a Sheet,
    row: &'a Row,
    keys: IndexMap<String, (String, Span)>,
}

impl<'a> RowReader<'a> {
    fn new(sheet: &'a Sheet, row: &'a Row) -> RowReader<'a> {
        RowReader {
            sheet,
            row,
            keys: IndexMap::new(),
        }
    }

    fn file(&self) -> &'static str {
        self.sheet.table.file
    }

    fn cell(&self, column: &str) -> Option<&'a Cell> {
        let i = *self.sheet.columns.get(column)?;
        self.row.cells.get(i)
    }

    /// The text of `column`, without a spreadsheet's `'`, or `None` when empty; recorded as the
    /// cell of `key`.
    fn text(&mut self, column: &str, key: &str) -> Option<String> {
        let cell = self.cell(column)?;
        let text = unprefixed(&cell.text);
        if text.is_empty() && !cell.quoted {
            return None;
        }
        self.keys
            .insert(key.to_owned(), (column.to_owned(), cell.span.clone()));
        Some(text.to_owned())
    }

    /// Where `column` is in this row, or the row.
    fn span(&self, column: &str) -> Span {
        self.cell(column)
            .map_or_else(|| self.row.span.clone(), |c| c.span.clone())
    }

    /// The text of a column that must be filled in.
    fn required(&mut self, r: &mut Reader, column: &str, key: &str) -> Option<String> {
        let t = self.text(column, key);
        if t.as_deref().is_none_or(str::is_empty) {
            r.error(
                Code::MissingKey,
                format!("row {} of {} has no {column}", self.row.number, self.file()),
                self.span(column),
                format!("column `{column}` is empty"),
                format!("fill in `{column}`: docs/spreadsheets.md says what it holds"),
            );
            return None;
        }
        t
    }

    /// The value of `column` read by `parse`; a cell it cannot read is reported with `code`.
    fn parse<T>(
        &mut self,
        r: &mut Reader,
        column: &str,
        key: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text(column, key)?;
        match parse(&text) {
            Ok(v) => Some(v),
            Err(message) => {
                let code = if column.ends_with("as_of") || column == "start" || column == "end" {
                    Code::BadDate
                } else {
                    Code::WrongType
                };
                r.error(
                    code,
                    format!(
                        "row {}, column `{column}` of {}: {message}",
                        self.row.number,
                        self.file()
                    ),
                    self.span(column),
                    "cannot be read",
                    "docs/spreadsheets.md shows how each column is written",
                );
                None
            }
        }
    }

    fn list(&mut self, r: &mut Reader, column: &str, key: &str) -> Vec<String> {
        self.parse(r, column, key, cells::parse_words)
            .unwrap_or_default()
    }

    fn ids(&mut self, r: &mut Reader, column: &str, key: &str) -> Vec<Id> {
        self.list(r, column, key).into_iter().map(Id).collect()
    }

    fn number(&mut self, r: &mut Reader, column: &str, key: &str) -> Option<f64> {
        self.parse(r, column, key, cells::parse_number)
    }

    /// A source from `prefix`, `prefix_url`, `prefix_as_of`.
    fn source(&mut self, r: &mut Reader, prefix: &str) -> Option<Source> {
        let citation = self.text(prefix, prefix);
        let url = self.text(&format!("{prefix}_url"), &format!("{prefix}.url"));
        let as_of = self.parse(
            r,
            &format!("{prefix}_as_of"),
            &format!("{prefix}.as_of"),
            cells::parse_date,
        );
        match citation {
            Some(citation) => Some(Source {
                citation,
                url,
                as_of,
            }),
            None if url.is_some() || as_of.is_some() => {
                r.error(
                    Code::MissingKey,
                    format!("row {} of {}: a source's link or date without its citation", self.row.number, self.file()),
                    self.span(prefix),
                    format!("column `{prefix}` is empty"),
                    format!("write in `{prefix}` what the figure came from (a document, a table, a person)"),
                );
                None
            }
            None => None,
        }
    }

    /// Ends the row: its id claimed, its cells recorded for `entry`, and its origin noted.
    fn finish(&mut self, r: &mut Reader, entry: Entry) {
        let origin = format!("{} row {}", self.file(), self.row.number);
        r.provenance.origins.insert(entry.clone(), origin);
        r.cells.insert(
            entry,
            RowCells {
                file: self.file(),
                row: self.row.number,
                span: self.row.span.clone(),
                keys: std::mem::take(&mut self.keys),
            },
        );
    }

    /// The row's id, claimed across the whole map.
    fn id(&mut self, r: &mut Reader) -> Option<Id> {
        let id = self.required(r, "id", "id")?;
        let span = self.span("id");
        r.claim(&id, self.file(), &span).then_some(Id(id))
    }
}

impl Reader {
    fn area(&mut self, sheet: &Sheet) -> Option<crate::model::Area> {
        let mut rows = sheet.data.rows.iter();
        let row = rows.next()?;
        for extra in rows {
            self.diagnostics.push(
                Diagnostic::new(Code::DuplicateSection, "area.csv has more than one row")
                    .at(extra.span.clone(), "a second area…")
                    .also(row.span.clone(), "…after this one")
                    .help(
                        "a map is of one area: keep one row (compare areas with `ecomap compare`)",
                    ),
            );
        }
        let mut rr = RowReader::new(sheet, row);
        let id = rr.required(self, "id", "id");
        let name = rr.required(self, "name", "name");
        let mut area = bare_area(
            id.as_deref().unwrap_or("unnamed"),
            name.as_deref().unwrap_or(""),
        );
        area.period = rr.text("period", "period");
        if let Some(c) = rr.text("currency", "currency") {
            area.currency = c;
        }
        area.population = rr.number(self, "population", "population");
        area.working_age_population =
            rr.number(self, "working_age_population", "working_age_population");
        area.illustrative = rr
            .parse(self, "illustrative", "illustrative", cells::parse_bool)
            .unwrap_or(false);
        area.figures_source = rr.source(self, "figures_source");
        area.source = rr.source(self, "source");
        rr.finish(self, Entry::Area);
        Some(area)
    }

    fn figures(&mut self, sheet: &Sheet, map: &mut Map) {
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            let (Some(name), value) = (
                rr.required(self, "figure", "id"),
                rr.parse(self, "value", "value", cells::parse_share),
            ) else {
                continue;
            };
            if rr.required_value(self, "value", &value)
                && self.unique_key(&map.area.figures, &name, &rr, "figure")
            {
                map.area.figures.insert(
                    name.clone(),
                    Figure {
                        value: value.unwrap_or(0.0),
                        span: nowhere(),
                    },
                );
                rr.finish(self, Entry::Figure(name));
            }
        }
    }

    fn benchmarks(&mut self, sheet: &Sheet, map: &mut Map) {
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            let (Some(id), value) = (
                rr.required(self, "benchmark", "id"),
                rr.number(self, "value", "value"),
            ) else {
                continue;
            };
            if rr.required_value(self, "value", &value)
                && self.unique_key(&map.benchmarks, &id, &rr, "benchmark")
            {
                map.benchmarks.insert(
                    id.clone(),
                    BenchmarkOverride {
                        value: value.unwrap_or(0.0),
                        span: nowhere(),
                        id_span: nowhere(),
                    },
                );
                rr.finish(self, Entry::Benchmark(id));
            }
        }
    }

    /// Whether `key` is new in `seen`; reports a repeated figure or benchmark.
    fn unique_key<V>(
        &mut self,
        seen: &IndexMap<String, V>,
        key: &str,
        rr: &RowReader,
        what: &str,
    ) -> bool {
        if !seen.contains_key(key) {
            return true;
        }
        let first = self
            .cells
            .iter()
            .find(|(e, _)| matches!(e, Entry::Figure(k) | Entry::Benchmark(k) if k == key))
            .map(|(_, c)| c.span.clone());
        let mut d = Diagnostic::new(
            Code::DuplicateKey,
            format!("the {what} `{key}` is given twice"),
        )
        .at(
            rr.span(if what == "figure" {
                "figure"
            } else {
                "benchmark"
            }),
            "given again here…",
        )
        .help("keep one of the two rows");
        if let Some(first) = first {
            d = d.also(first, "…after this one");
        }
        self.diagnostics.push(d);
        false
    }

    fn stage(&mut self, rr: &mut RowReader) -> Option<Stage> {
        let id = rr.id(self);
        let name = rr.text("name", "name");
        let description = rr.text("description", "description");
        let id = id?;
        rr.finish(self, Entry::Stage(id.clone()));
        Some(Stage {
            name: name.unwrap_or_else(|| id.to_string()),
            id,
            description,
            builtin: false,
        })
    }

    fn commissioner(&mut self, rr: &mut RowReader) -> Option<Commissioner> {
        let id = rr.id(self);
        let name = rr.required(self, "name", "name");
        let kind = rr.text("kind", "kind").unwrap_or_else(|| "other".into());
        let identifiers = rr.list(self, "identifiers", "identifiers");
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let (id, name) = (id?, name?);
        rr.finish(self, Entry::Commissioner(id.clone()));
        Some(Commissioner {
            id,
            name,
            kind,
            identifiers,
            funded_by: Vec::new(),
            notes,
            source,
            span: nowhere(),
        })
    }

    fn provider(&mut self, rr: &mut RowReader) -> Option<Provider> {
        let id = rr.id(self);
        let name = rr.required(self, "name", "name");
        let sector = rr
            .text("sector", "sector")
            .unwrap_or_else(|| "other".into());
        let identifiers = rr.list(self, "identifiers", "identifiers");
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let (id, name) = (id?, name?);
        rr.finish(self, Entry::Provider(id.clone()));
        Some(Provider {
            id,
            name,
            sector,
            identifiers,
            notes,
            source,
            span: nowhere(),
        })
    }

    /// Attribute values from the columns of a table of attributes, in column order.
    fn attribute_columns(
        &mut self,
        rr: &mut RowReader,
        prefix: Option<&str>,
        key: &str,
    ) -> IndexMap<String, AttrValue> {
        let mut out = IndexMap::new();
        let table = rr.sheet.table;
        let columns: Vec<String> = rr.sheet.columns.keys().cloned().collect();
        for column in columns {
            let name = match prefix {
                Some(p) => column.strip_prefix(p),
                None => tables::column_attribute(&table, &column),
            };
            let Some(name) = name else { continue };
            let path = format!("{key}.{name}");
            if let Some(Some(v)) = rr.parse(self, &column, &path, cells::parse_value) {
                out.insert(name.to_owned(), v);
            }
        }
        out
    }

    fn rule(&mut self, rr: &mut RowReader) -> Option<Rule> {
        let id = rr.id(self);
        let description = rr.text("description", "description");
        let mut terms: Vec<Condition> = self
            .attribute_columns(rr, None, "condition")
            .into_iter()
            .map(|(name, value)| Condition::Attribute { name, value })
            .collect();
        if let Some(c) = rr.parse(self, "condition", "condition", cells::parse_condition) {
            terms.push(c);
        }
        let condition = if terms.len() == 1 {
            terms.remove(0)
        } else {
            Condition::All(terms)
        };
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let id = id?;
        rr.finish(self, Entry::Rule(id.clone()));
        Some(Rule {
            id,
            description,
            condition,
            notes,
            source,
            span: nowhere(),
        })
    }

    fn cohort(&mut self, rr: &mut RowReader) -> Option<Cohort> {
        let id = rr.id(self);
        let name = rr.required(self, "name", "name");
        let size = rr.parse(self, "size", "size", cells::parse_count);
        if rr.text("size", "size").is_none() {
            rr.required(self, "size", "size");
        }
        let mut attributes = self.attribute_columns(rr, None, "attributes");
        if let Some(whole) = rr.parse(self, "attributes", "attributes", cells::parse_attributes) {
            self.one_of(rr, "attributes", !attributes.is_empty());
            attributes = whole;
        }
        let mut after_start =
            self.attribute_columns(rr, Some(tables::AFTER_START_PREFIX), "after_start");
        if let Some(whole) = rr.parse(self, "after_start", "after_start", cells::parse_attributes) {
            self.one_of(rr, "after_start", !after_start.is_empty());
            after_start = whole;
        }
        let needs = rr
            .parse(self, "needs", "needs", cells::parse_needs)
            .unwrap_or_default();
        let needs = needs
            .into_iter()
            .map(|(stage, share)| {
                // A share outside 0–1 is kept as written for validation to report (as 1 here).
                (Id(stage), Share::new(share).unwrap_or(Share::ONE), share)
            })
            .collect::<Vec<_>>();
        for (stage, _, share) in &needs {
            if Share::new(*share).is_none() {
                self.error(
                    Code::ShareOutOfRange,
                    format!(
                        "the share of `{}` needing `{stage}` is {share}, outside 0 to 1",
                        id.as_ref().map_or("", |i| i.as_str())
                    ),
                    rr.span("needs"),
                    "not a share",
                    "write a share from 0 to 1 (0.3), or a percentage (30%)",
                );
            }
        }
        let enters_via = rr.ids(self, "enters_via", "enters_via");
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let (id, name, size) = (id?, name?, size?);
        rr.finish(self, Entry::Cohort(id.clone()));
        Some(Cohort {
            id,
            name,
            size,
            attributes,
            needs: needs.into_iter().map(|(s, share, _)| (s, share)).collect(),
            enters_via,
            after_start,
            notes,
            source,
            span: nowhere(),
        })
    }

    /// Reports attributes given both as columns and in the one cell of the map's notation.
    fn one_of(&mut self, rr: &RowReader, column: &str, both: bool) {
        if both {
            self.error(
                Code::DuplicateKey,
                format!(
                    "row {} of {} gives attributes twice",
                    rr.row.number,
                    rr.file()
                ),
                rr.span(column),
                "attributes here, and in attribute columns",
                format!("use the attribute columns, or `{column}`, not both"),
            );
        }
    }

    fn service(&mut self, rr: &mut RowReader) -> Option<Service> {
        let id = rr.id(self);
        let name = rr.required(self, "name", "name");
        let provider = rr.text("provider", "provider").map(Id);
        let model = rr.text("model", "model").unwrap_or_else(|| "other".into());
        let national = rr
            .parse(self, "national", "national", cells::parse_bool)
            .unwrap_or(false);
        let stages = rr.ids(self, "stages", "stages");
        let eligibility = rr
            .parse(self, "eligibility", "eligibility", cells::parse_eligibility)
            .unwrap_or(Eligibility::Open);
        let referral = Referral {
            self_referral: rr
                .parse(self, "self_referral", "referral.self", cells::parse_bool)
                .unwrap_or(false),
            from: rr.ids(self, "referral_from", "referral.from"),
        };
        let capacity = Capacity {
            people_per_year: rr.parse(
                self,
                "people_per_year",
                "capacity.people_per_year",
                cells::parse_count,
            ),
            wte: rr.number(self, "wte", "capacity.wte"),
            caseload: rr.number(self, "caseload", "capacity.caseload"),
        };
        let fidelity = rr.number(self, "fidelity", "fidelity");
        let outcomes = Outcomes {
            people_supported: rr.number(self, "people_supported", "outcomes.people_supported"),
            job_starts: rr.number(self, "job_starts", "outcomes.job_starts"),
            sustained_13_weeks: rr.number(
                self,
                "sustained_13_weeks",
                "outcomes.sustained_13_weeks",
            ),
        };
        let employment_share = rr.parse(
            self,
            "employment_share",
            "employment_share",
            cells::parse_share,
        );
        let employment_share = employment_share.and_then(|s| {
            let share = Share::new(s);
            if share.is_none() {
                self.error(
                    Code::ShareOutOfRange,
                    format!("the employment share is {s}, outside 0 to 1"),
                    rr.span("employment_share"),
                    "not a share",
                    "write a share from 0 to 1 (0.4), or a percentage (40%)",
                );
            }
            share
        });
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let (id, name) = (id?, name?);
        rr.finish(self, Entry::Service(id.clone()));
        Some(Service {
            id,
            name,
            provider,
            model,
            national,
            stages,
            eligibility,
            referral,
            capacity,
            fidelity,
            outcomes,
            employment_share,
            funding: Vec::new(),
            notes,
            source,
            span: nowhere(),
        })
    }

    fn funding(&mut self, sheet: &Sheet, map: &mut Map) {
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            let to = rr.required(self, "to", "to");
            let from = rr.required(self, "from", "from");
            let amount = rr.parse(self, "amount", "amount", cells::parse_money);
            if rr.text("amount", "amount").is_none() {
                rr.required(self, "amount", "amount");
            }
            let earmark = rr.ids(self, "for", "for");
            let contract = Contract {
                start: rr.parse(self, "start", "contract.start", cells::parse_date),
                end: rr.parse(self, "end", "contract.end", cells::parse_date),
            };
            let source = rr.source(self, "source");
            let (Some(to), Some(from), Some(amount)) = (to, from, amount) else {
                continue;
            };
            let line = FundingLine {
                from: Id(from),
                amount: Money(amount),
                earmark,
                earmark_span: None,
                contract,
                source,
                span: nowhere(),
            };
            let lines = if let Some(c) = map.commissioners.get_mut(to.as_str()) {
                &mut c.funded_by
            } else if let Some(s) = map.services.get_mut(to.as_str()) {
                &mut s.funding
            } else {
                let known = map
                    .commissioners
                    .keys()
                    .chain(map.services.keys())
                    .map(Id::as_str);
                let help = crate::diag::did_you_mean(&to, known).unwrap_or_else(|| {
                    "name a service (services.csv) or a commissioner (commissioners.csv) that receives the money".into()
                });
                self.error(
                    Code::UnknownReference,
                    format!(
                        "funding to `{to}`, but there is no service or commissioner with that id"
                    ),
                    rr.span("to"),
                    "receives the money: unknown",
                    help,
                );
                continue;
            };
            lines.push(line);
            let entry = Entry::Funding {
                owner: Id(to),
                index: lines.len() - 1,
            };
            rr.finish(self, entry);
        }
    }

    fn accepted(&mut self, sheet: &Sheet, map: &mut Map) {
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            let services = rr.ids(self, "services", "services");
            let cohort = rr.text("cohort", "cohort").map(Id);
            let stage = rr.text("stage", "stage").map(Id);
            let reason = rr.text("reason", "reason");
            let index = map.accepted_overlaps.len();
            map.accepted_overlaps.push(AcceptedOverlap {
                services,
                cohort,
                stage,
                reason,
                span: nowhere(),
            });
            rr.finish(self, Entry::AcceptedOverlap(index));
        }
    }
}

impl RowReader<'_> {
    /// Whether a required value was read; reports an empty cell.
    fn required_value<T>(&mut self, r: &mut Reader, column: &str, value: &Option<T>) -> bool {
        if value.is_some() {
            return true;
        }
        if self.text(column, column).is_none() {
            self.required(r, column, column);
        }
        false
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
    let at = label.span.range.start;
    let place = file
        .places
        .iter()
        .filter(|p| p.range.start <= at && at <= p.range.end)
        .min_by_key(|p| p.range.len())?;
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
