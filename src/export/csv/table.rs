//! CSV tables for researchers' spreadsheets, written by the `csv` crate (which quotes and escapes
//! every field that needs it). A table is made of typed [`Cell`]s: text, made with [`Cell::text`],
//! is guarded against spreadsheet formulas when the table is written, so no caller can forget;
//! numbers and money can only be made from numbers, and are written plain. A missing figure is
//! an empty field (never 0).

use crate::export::digits::figures;
use crate::money::Money;

/// One field of a CSV table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell(Kind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Text, from a map or made of it: guarded when written.
    Text(String),
    /// A number this module wrote from a number: written as it is.
    Number(String),
}

impl Cell {
    /// Text. A leading `=`, `+`, `-`, `@`, tab or carriage return, which a spreadsheet would take
    /// for the start of a formula, is preceded by `'` when the table is written.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell(Kind::Text(s.into()))
    }

    /// An empty field: a figure that is missing.
    pub fn empty() -> Cell {
        Cell(Kind::Number(String::new()))
    }

    /// `285000.00`: money in major units, to the penny, with no currency symbol or separators.
    pub fn money(m: Money) -> Cell {
        Cell(Kind::Number(decimal(m)))
    }

    /// A number to at most `places` decimal places, without trailing zeros: `12.5`, `3`.
    pub fn number(v: f64, places: usize) -> Cell {
        Cell(Kind::Number(number(v, places)))
    }

    /// A number to the digits JSON writes it to ([`figures`]: twelve significant figures, at
    /// most nine decimal places), without the round-off of binary arithmetic: `88.8`, not
    /// `88.80000000000001`.
    pub fn float(v: f64) -> Cell {
        Cell(Kind::Number(figures(v).to_string()))
    }

    /// A whole number.
    pub fn whole(n: impl Into<i128>) -> Cell {
        Cell(Kind::Number(n.into().to_string()))
    }

    /// A count of things held in memory.
    pub fn count(n: usize) -> Cell {
        Cell(Kind::Number(n.to_string()))
    }

    /// `true` or `false`.
    pub fn yes_no(b: bool) -> Cell {
        Cell(Kind::Number(b.to_string()))
    }

    /// A number already written as text by a writer of numbers (a graph attribute's value):
    /// written as it is, never guarded.
    pub fn number_text(s: String) -> Cell {
        Cell(Kind::Number(s))
    }

    /// A cell, or an empty field when the figure is missing.
    pub fn opt<T>(v: Option<T>, cell: impl FnOnce(T) -> Cell) -> Cell {
        v.map_or_else(Cell::empty, cell)
    }

    /// The field as written to the file.
    fn field(&self) -> std::borrow::Cow<'_, str> {
        match &self.0 {
            Kind::Text(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                format!("'{s}").into()
            }
            Kind::Text(s) | Kind::Number(s) => s.as_str().into(),
        }
    }
}

/// A header row: the columns' names, as text.
pub fn header<S: AsRef<str>>(names: &[S]) -> Vec<Cell> {
    names.iter().map(|n| Cell::text(n.as_ref())).collect()
}

/// `285000.00`, `-12.50`: money in major units, to the penny.
pub fn decimal(m: Money) -> String {
    m.plain()
}

/// A number to at most `places` decimal places, without trailing zeros: `12.5`, `3`.
pub fn number(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// Rows (the first the header) as CSV.
pub fn write(rows: &[Vec<Cell>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(r.iter().map(|c| c.field().into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_fields_quoted() {
        let out = write(&[
            header(&["a", "b", "c"]),
            vec![
                Cell::text("x, \"y\""),
                Cell::text("@z"),
                Cell::text("=HYPERLINK(\"x\")"),
            ],
            vec![Cell::text("-1+2"), Cell::text("\tt"), Cell::text("Mind")],
        ]);
        assert_eq!(
            out,
            "a,b,c\n\"x, \"\"y\"\"\",'@z,\"'=HYPERLINK(\"\"x\"\")\"\n'-1+2,'\tt,Mind\n"
        );
    }

    #[test]
    fn numbers_are_plain_and_missing_is_empty() {
        let out = write(&[vec![
            Cell::money(Money(28_500_000)),
            Cell::money(Money(-1250)),
            Cell::number(12.5, 2),
            Cell::number(3.0, 2),
            Cell::number(1.0 / 3.0, 4),
            Cell::opt(None::<u64>, Cell::whole),
            Cell::whole(7u64),
            Cell::yes_no(false),
        ]]);
        // A negative amount is a number, not a formula: no quote.
        assert_eq!(out, "285000.00,-12.50,12.5,3,0.3333,,7,false\n");
    }

    #[test]
    fn a_fraction_is_written_without_the_round_off_of_binary_arithmetic() {
        // 290 × 0.3 less what was served: 6.744186000000013 in binary arithmetic, 6.744186 people
        // to the analyses (which share places to a millionth of a person); 0.3 × 296 is 88.8.
        let out = write(&[vec![
            Cell::float(6.744186000000013),
            Cell::float(0.3 * 296.0),
            Cell::float(290.0),
            Cell::float(2.0 / 3.0),
        ]]);
        assert_eq!(out, "6.744186,88.8,290,0.666666667\n");
    }
}
