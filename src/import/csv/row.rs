//! One row being read: its cells by column, each value parsed by its column's kind, and the
//! cell each map key came from recorded for tracing problems back.

use indexmap::IndexMap;

use super::{Reader, RowCells, Sheet};
use crate::diag::{Code, Span};
use crate::import::cells::{self, unprefixed};
use crate::import::csv_read::{Cell, Row};
use crate::model::{Id, Source};
use crate::yaml::map::Entry;

/// One row being read: its cells by column, and the cells each key came from.
pub(super) struct RowReader<'a> {
    pub(super) sheet: &'a Sheet,
    pub(super) row: &'a Row,
    keys: IndexMap<String, (String, Span)>,
}

impl<'a> RowReader<'a> {
    pub(super) fn new(sheet: &'a Sheet, row: &'a Row) -> RowReader<'a> {
        RowReader {
            sheet,
            row,
            keys: IndexMap::new(),
        }
    }

    pub(super) fn file(&self) -> &'static str {
        self.sheet.table.file
    }

    pub(super) fn cell(&self, column: &str) -> Option<&'a Cell> {
        let i = *self.sheet.columns.get(column)?;
        self.row.cells.get(i)
    }

    /// The text of `column`, without a spreadsheet's `'`, or `None` when empty; recorded as the
    /// cell of `key`.
    pub(super) fn text(&mut self, column: &str, key: &str) -> Option<String> {
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
    pub(super) fn span(&self, column: &str) -> Span {
        self.cell(column)
            .map_or_else(|| self.row.span.clone(), |c| c.span.clone())
    }

    /// The text of a column that must be filled in.
    pub(super) fn required(&mut self, r: &mut Reader, column: &str, key: &str) -> Option<String> {
        let t = self.text(column, key);
        if t.as_deref().is_none_or(str::is_empty) {
            r.error(
                Code::MissingKey,
                format!("row {} of {} has no {column}", self.row.number, self.file()),
                self.span(column),
                format!("column `{column}` is empty"),
                format!("fill in `{column}`: `ecomap docs spreadsheets` says what it holds"),
            );
            return None;
        }
        t
    }

    /// The value of `column` read by `parse`; a cell it cannot read is reported with `code`.
    pub(super) fn parse<T>(
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
                    "`ecomap docs spreadsheets` shows how each column is written",
                );
                None
            }
        }
    }

    pub(super) fn list(&mut self, r: &mut Reader, column: &str, key: &str) -> Vec<String> {
        self.parse(r, column, key, cells::parse_words)
            .unwrap_or_default()
    }

    pub(super) fn ids(&mut self, r: &mut Reader, column: &str, key: &str) -> Vec<Id> {
        self.list(r, column, key).into_iter().map(Id).collect()
    }

    pub(super) fn number(&mut self, r: &mut Reader, column: &str, key: &str) -> Option<f64> {
        self.parse(r, column, key, cells::parse_number)
    }

    /// A source from `prefix`, `prefix_url`, `prefix_as_of`.
    pub(super) fn source(&mut self, r: &mut Reader, prefix: &str) -> Option<Source> {
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
    pub(super) fn finish(&mut self, r: &mut Reader, entry: Entry) {
        let origin = format!("{} row {}", self.file(), self.row.number);
        r.provenance.origins.insert(entry.clone(), origin);
        r.cells.insert(
            entry,
            RowCells {
                row: self.row.number,
                span: self.row.span.clone(),
                keys: std::mem::take(&mut self.keys),
            },
        );
    }

    /// The row's id, claimed across the whole map.
    pub(super) fn id(&mut self, r: &mut Reader) -> Option<Id> {
        let id = self.required(r, "id", "id")?;
        let span = self.span("id");
        r.claim(&id, self.file(), &span).then_some(Id(id))
    }
}

impl RowReader<'_> {
    /// Whether a required value was read; reports an empty cell.
    pub(super) fn required_value<T>(
        &mut self,
        r: &mut Reader,
        column: &str,
        value: &Option<T>,
    ) -> bool {
        if value.is_some() {
            return true;
        }
        if self.text(column, column).is_none() {
            self.required(r, column, column);
        }
        false
    }
}
