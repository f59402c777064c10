//! CSV tables for researchers' spreadsheets, written by the `csv` crate (which quotes and escapes
//! every field that needs it). Text from a map goes through [`text`], which also keeps a
//! spreadsheet from reading it as a formula; numbers are written plain, a missing figure as an
//! empty field (never 0).

use crate::money::Money;

/// A cell of map text: a leading `=`, `+`, `-`, `@`, tab or carriage return, which a spreadsheet
/// would take for the start of a formula, is preceded by `'`.
pub fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// `285000.00`: money in major units, to the penny, with no currency symbol or separators.
pub fn money(m: Money) -> String {
    let sign = if m.0 < 0 { "-" } else { "" };
    let minor = m.0.unsigned_abs();
    format!("{sign}{}.{:02}", minor / 100, minor % 100)
}

/// A figure, or an empty field when it is missing.
pub fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
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
pub fn write(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_fields_quoted() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("-1+2"), "'-1+2");
        assert_eq!(text("Mind, Riverside"), "Mind, Riverside");
        let out = write(&[
            vec!["a".into(), "b".into()],
            vec![text("x, \"y\""), text("@z")],
        ]);
        assert_eq!(out, "a,b\n\"x, \"\"y\"\"\",'@z\n");
    }

    #[test]
    fn numbers_are_plain_and_missing_is_empty() {
        assert_eq!(money(Money(28_500_000)), "285000.00");
        assert_eq!(money(Money(-1250)), "-12.50");
        assert_eq!(number(12.5, 2), "12.5");
        assert_eq!(number(3.0, 2), "3");
        assert_eq!(number(1.0 / 3.0, 4), "0.3333");
        assert_eq!(opt::<u64>(None), "");
    }
}
