//! The spreadsheet cell syntax (docs/spreadsheets.md), both ways: `export csv` writes cells with
//! the `write_*` functions and `import csv` reads them with the `parse_*` functions, so that a
//! map exported and imported again is the same map.
//!
//! Lists are items separated by `;`. An item is trimmed; an item in double quotes (`"a;b"`, with
//! `""` for a quote) is taken exactly as written, which is how a list item keeps a `;`, spaces at
//! its ends, or is read as a word where it would otherwise be a number or a range. A cell starting
//! with `'` loses that one `'`: spreadsheets use it to keep text from being read as a formula.
//! Parsing never panics: every failure is a message saying what is wrong and how to write it.

use crate::date::Date;
use crate::model::{AttrValue, Id};
use crate::yaml::map::{self as yaml_map, Entry};
use crate::yaml::{self, Node};

mod conditions;
pub use conditions::*;

/// One item of a list cell, and whether it was quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub quoted: bool,
}

/// A cell without the `'` a spreadsheet puts before text that looks like a formula.
pub fn unprefixed(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// A cell as written: a `'` before text a spreadsheet would read as a formula (or that starts with
/// `'` itself), so that [`unprefixed`] gives it back. Plain numbers are left alone.
pub fn prefixed(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']);
    if formula && parse_number(cell).is_err() {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Splits a list cell into items, each split again at `pair` (for `stage=share`) when given.
fn items(cell: &str, pair: Option<char>) -> Result<Vec<Vec<Token>>, String> {
    let mut out: Vec<Vec<Token>> = Vec::new();
    let mut parts: Vec<Token> = Vec::new();
    let mut chars = cell.chars().peekable();
    let mut text = String::new();
    let mut quoted = false;
    let mut closed = false;
    let finish =
        |text: &mut String, quoted: &mut bool, closed: &mut bool, parts: &mut Vec<Token>| {
            let t = if *quoted {
                std::mem::take(text)
            } else {
                std::mem::take(text).trim().to_owned()
            };
            parts.push(Token {
                text: t,
                quoted: *quoted,
            });
            *quoted = false;
            *closed = false;
        };
    while let Some(c) = chars.next() {
        match c {
            '"' if !quoted && text.trim().is_empty() && !closed => {
                text.clear();
                quoted = true;
                let mut ended = false;
                while let Some(q) = chars.next() {
                    if q == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            text.push('"');
                        } else {
                            ended = true;
                            break;
                        }
                    } else {
                        text.push(q);
                    }
                }
                if !ended {
                    return Err(format!(
                        "a quoted item is not closed: end it with `\"` (write `\"\"` for a quote inside it) in {cell:?}"
                    ));
                }
                closed = true;
            }
            ';' => {
                finish(&mut text, &mut quoted, &mut closed, &mut parts);
                out.push(std::mem::take(&mut parts));
            }
            c if Some(c) == pair => finish(&mut text, &mut quoted, &mut closed, &mut parts),
            c if closed => {
                if !c.is_whitespace() {
                    return Err(format!(
                        "text after a quoted item: separate items with `;` in {cell:?}"
                    ));
                }
            }
            c => text.push(c),
        }
    }
    finish(&mut text, &mut quoted, &mut closed, &mut parts);
    out.push(parts);
    // Items left empty (a trailing `;`, or `a;;b`) are not items; a quoted empty item is.
    out.retain(|item| !(item.len() == 1 && item[0].text.is_empty() && !item[0].quoted));
    Ok(out)
}

/// The items of a list cell (`a; b; "c;d"`).
pub fn parse_list(cell: &str) -> Result<Vec<Token>, String> {
    items(cell, None).map(|items| items.into_iter().flatten().collect())
}

/// The texts of a list cell.
pub fn parse_words(cell: &str) -> Result<Vec<String>, String> {
    Ok(parse_list(cell)?.into_iter().map(|t| t.text).collect())
}

/// Whether `item` must be quoted to read back as itself in a list.
fn needs_quotes(item: &str) -> bool {
    item.is_empty()
        || item.contains([';', '"', '='])
        || item.starts_with(['{', '['])
        || item.trim() != item
}

/// An item as written in a list: quoted when it must be.
pub fn write_item(item: &str) -> String {
    if needs_quotes(item) {
        format!("\"{}\"", item.replace('"', "\"\""))
    } else {
        item.to_owned()
    }
}

/// A list cell: items joined by `; `.
pub fn write_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(write_item)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A number: digits with an optional sign, decimal point and exponent, and thousands separators
/// (`1,840`). Never `inf` or `nan`.
pub fn parse_number(cell: &str) -> Result<f64, String> {
    let t = cell.trim();
    let grouped = t.contains(',');
    let plain = t.replace(',', "");
    let mut digits = plain.trim_start_matches(['-', '+']);
    if let Some((mantissa, exponent)) = digits.split_once(['e', 'E']) {
        let exponent = exponent.trim_start_matches(['-', '+']);
        if exponent.is_empty() || !exponent.bytes().all(|b| b.is_ascii_digit()) || grouped {
            return Err(not_a_number(t));
        }
        digits = mantissa;
    }
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !(whole.is_empty() && frac.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (!grouped || grouping_ok(t));
    if !ok {
        return Err(not_a_number(t));
    }
    match plain.parse::<f64>() {
        // `1e400` reads as infinity: too large a number for any figure, said as the cell has it.
        Ok(v) if !v.is_finite() => Err(format!(
            "`{t}` is too large a number: no figure of a map passes {} (`ecomap docs robustness`)",
            crate::money::group_thousands(MAX_FIGURE)
        )),
        Ok(v) => Ok(v),
        Err(_) => Err(not_a_number(t)),
    }
}

/// The largest count or figure a map may hold (docs/robustness.md).
const MAX_FIGURE: u64 = crate::decimal::MAX_QUANTITY as u64;

/// `1,840` and `12,000,000.5` are grouped by thousands; `1,84` and `1.5,0` are not.
fn grouping_ok(t: &str) -> bool {
    let unsigned = t.trim_start_matches(['-', '+']);
    let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    !frac.contains(',') && crate::decimal::thousands_ok(whole)
}

fn not_a_number(t: &str) -> String {
    format!("`{t}` is not a number: write digits, such as 1840 or 0.3")
}

/// A share: a number from 0 to 1, or a percentage (`30%` is 0.3). Whether it lies in 0–1 is left
/// to validation, which says so with the map's words.
pub fn parse_share(cell: &str) -> Result<f64, String> {
    let t = cell.trim();
    match t.strip_suffix('%') {
        Some(p) => parse_number(p).map(|v| v / 100.0),
        None => parse_number(t),
    }
}

/// A whole number of people or places.
pub fn parse_count(cell: &str) -> Result<u64, String> {
    let v = parse_number(cell)?;
    let t = cell.trim();
    if v > MAX_FIGURE as f64 {
        return Err(format!(
            "`{t}` is too large: a count is at most {} (more than the world's population)",
            crate::money::group_thousands(MAX_FIGURE)
        ));
    }
    if v < 0.0 || v.fract() != 0.0 {
        return Err(format!(
            "`{t}` is not a whole number of people: write a count such as 1840"
        ));
    }
    Ok(v as u64)
}

/// `yes`/`no` (also `true`/`false`, `y`/`n`, `1`/`0`, in any case); empty is `no`.
pub fn parse_bool(cell: &str) -> Result<bool, String> {
    match cell.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" => Ok(false),
        "yes" | "y" | "true" | "1" => Ok(true),
        other => Err(format!("`{other}` is not yes or no")),
    }
}

/// `yes` or `no`.
pub fn write_bool(v: bool) -> String {
    if v { "yes" } else { "no" }.to_owned()
}

/// Money per year: digits, with an optional currency sign and thousands separators (`£120,000`),
/// at most two decimal places. Kept exactly, in minor units.
pub fn parse_money(cell: &str) -> Result<i64, String> {
    let t = cell.trim();
    let t = t.strip_prefix(['£', '$', '€']).unwrap_or(t).trim();
    crate::money::parse_minor_units_or_beyond(t)
}

/// A date: `YYYY-MM-DD`, or `DD/MM/YYYY` as spreadsheets set to a UK locale write it.
pub fn parse_date(cell: &str) -> Result<Date, String> {
    let t = cell.trim();
    let parts: Vec<&str> = t.split('/').collect();
    if let [d, m, y] = parts.as_slice()
        && y.len() == 4
        && (1..=2).contains(&d.len())
        && (1..=2).contains(&m.len())
    {
        return Date::parse(&format!("{y}-{m:0>2}-{d:0>2}"))
            .map_err(|_| format!("`{t}` is not a day of the calendar (read as day/month/year)"));
    }
    Date::parse(t)
}

/// A range: `16 to 24`, `16-24`, `18 or more`, `18+`, `24 or less`, or `any number`.
fn parse_range(t: &str) -> Option<AttrValue> {
    let lower = t.to_lowercase();
    let num = |s: &str| parse_number(s).ok();
    let range = |min, max| Some(AttrValue::Range { min, max });
    if lower == "any number" {
        return range(None, None);
    }
    if let Some(a) = lower.strip_suffix("or more") {
        return num(a).and_then(|a| range(Some(a), None));
    }
    if let Some(a) = lower.strip_suffix('+') {
        return num(a).and_then(|a| range(Some(a), None));
    }
    if let Some(b) = lower.strip_suffix("or less") {
        return num(b).and_then(|b| range(None, Some(b)));
    }
    if let Some((a, b)) = lower.split_once(" to ") {
        return match (num(a), num(b)) {
            (Some(a), Some(b)) => range(Some(a), Some(b)),
            _ => None,
        };
    }
    for dash in ['-', '–'] {
        if let Some((a, b)) = lower.split_once(dash)
            && !a.trim().is_empty()
            && a.trim().bytes().all(|c| c.is_ascii_digit() || c == b'.')
            && b.trim().bytes().all(|c| c.is_ascii_digit() || c == b'.')
        {
            return match (num(a), num(b)) {
                (Some(a), Some(b)) => range(Some(a), Some(b)),
                _ => None,
            };
        }
    }
    None
}

/// An attribute's value: a word, words separated by `;`, a number, a range, or `[]` for no words.
/// `None` for an empty cell (no value). A quoted single item is always a word.
pub fn parse_value(cell: &str) -> Result<Option<AttrValue>, String> {
    let tokens = parse_list(cell)?;
    let value = match tokens.as_slice() {
        [] => return Ok(None),
        [one] if !one.quoted => {
            let t = one.text.as_str();
            if t == "[]" {
                AttrValue::Words(Vec::new())
            } else if let Ok(n) = parse_number(t) {
                AttrValue::Number(n)
            } else if let Some(r) = parse_range(t) {
                r
            } else {
                AttrValue::Words(vec![one.text.clone()])
            }
        }
        many => AttrValue::Words(many.iter().map(|t| t.text.clone()).collect()),
    };
    Ok(Some(value))
}

/// An attribute's value as a cell (read back by [`parse_value`]).
pub fn write_value(v: &AttrValue) -> String {
    match v {
        AttrValue::Words(w) if w.is_empty() => "[]".to_owned(),
        AttrValue::Words(w) if w.len() == 1 => {
            let word = &w[0];
            let other = word == "[]" || parse_number(word).is_ok() || parse_range(word).is_some();
            if other && !needs_quotes(word) {
                format!("\"{word}\"")
            } else {
                write_item(word)
            }
        }
        AttrValue::Words(w) => write_list(w.iter().map(String::as_str)),
        AttrValue::Number(n) => yaml::number(*n),
        AttrValue::Range { min, max } => match (min, max) {
            (Some(a), Some(b)) => format!("{} to {}", yaml::number(*a), yaml::number(*b)),
            (Some(a), None) => format!("{} or more", yaml::number(*a)),
            (None, Some(b)) => format!("{} or less", yaml::number(*b)),
            (None, None) => "any number".to_owned(),
        },
    }
}

/// A cohort's needs: `stage=share; stage=share`, a share written as a number or a percentage; a
/// stage alone is needed by all (a share of 1).
pub fn parse_needs(cell: &str) -> Result<Vec<(String, f64)>, String> {
    items(cell, Some('='))?
        .into_iter()
        .map(|parts| match parts.as_slice() {
            [stage] => Ok((stage.text.clone(), 1.0)),
            [stage, share] => parse_share(&share.text)
                .map(|s| (stage.text.clone(), s))
                .map_err(|e| format!("the share of `{}`: {e}", stage.text)),
            _ => Err(format!(
                "write each need as stage=share, such as job-search=0.3, in {cell:?}"
            )),
        })
        .collect()
}

/// Needs as a cell (read back by [`parse_needs`]).
pub fn write_needs<'a>(needs: impl IntoIterator<Item = (&'a str, f64)>) -> String {
    needs
        .into_iter()
        .map(|(stage, share)| {
            if share == 1.0 {
                write_item(stage)
            } else {
                format!("{}={}", write_item(stage), yaml::number(share))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Eligibility;

    #[test]
    fn a_number_too_large_is_said_to_be_so_as_the_cell_has_it() {
        // 1e400 is past the largest f64 (about 1.8e308): it would read as infinity.
        let e = parse_number("1e400").expect_err("too large");
        assert_eq!(
            e,
            "`1e400` is too large a number: no figure of a map passes 10,000,000,000 (`ecomap docs robustness`)"
        );
        let e = parse_count("99999999999999999999999").expect_err("too large");
        assert!(
            e.starts_with(
                "`99999999999999999999999` is too large: a count is at most 10,000,000,000"
            ),
            "{e}"
        );
        assert_eq!(parse_count("10,000,000,000"), Ok(10_000_000_000));
        assert!(
            parse_count("1.5")
                .expect_err("a fraction")
                .contains("not a whole number")
        );
    }

    #[test]
    fn lists_split_at_semicolons_and_quotes_keep_text_whole() {
        let words = |c: &str| parse_words(c).expect("a list");
        assert_eq!(words("gp; cmht ;jobcentre;"), ["gp", "cmht", "jobcentre"]);
        assert_eq!(
            words("\"a;b\"; \" c \"; \"say \"\"hi\"\"\""),
            ["a;b", " c ", "say \"hi\""]
        );
        assert_eq!(words(""), Vec::<String>::new());
        assert_eq!(words("\"\""), [""]);
        assert!(parse_words("\"open").is_err());
        assert!(parse_words("\"a\" b").is_err());
        for items in [vec!["a;b", " c", "", "x=y", "{z", "plain"], vec!["\"q\""]] {
            let cell = write_list(items.iter().copied());
            assert_eq!(words(&cell), items, "{cell}");
        }
    }

    #[test]
    fn values_are_words_numbers_or_ranges() {
        let v = |c: &str| parse_value(c).expect("a value");
        assert_eq!(
            v("secondary"),
            Some(AttrValue::Words(vec!["secondary".into()]))
        );
        assert_eq!(
            v("esa; uc"),
            Some(AttrValue::Words(vec!["esa".into(), "uc".into()]))
        );
        assert_eq!(v("3.5"), Some(AttrValue::Number(3.5)));
        assert_eq!(v("\"3.5\""), Some(AttrValue::Words(vec!["3.5".into()])));
        let range = |min, max| Some(AttrValue::Range { min, max });
        assert_eq!(v("16 to 24"), range(Some(16.0), Some(24.0)));
        assert_eq!(v("16-24"), range(Some(16.0), Some(24.0)));
        assert_eq!(v("16–24"), range(Some(16.0), Some(24.0)));
        assert_eq!(v("18+"), range(Some(18.0), None));
        assert_eq!(v("18 or more"), range(Some(18.0), None));
        assert_eq!(v("24 or less"), range(None, Some(24.0)));
        assert_eq!(v("-3 to -1"), range(Some(-3.0), Some(-1.0)));
        assert_eq!(v("any number"), range(None, None));
        assert_eq!(v("[]"), Some(AttrValue::Words(vec![])));
        assert_eq!(v(""), None);
        for value in [
            AttrValue::Words(vec!["16-24".into()]),
            AttrValue::Words(vec!["any number".into()]),
            AttrValue::Words(vec!["[]".into()]),
            AttrValue::Words(vec!["1e3".into()]),
            AttrValue::Words(vec!["a;b".into(), "c".into()]),
            AttrValue::Words(vec![]),
            AttrValue::Number(-0.25),
            AttrValue::Range {
                min: Some(1.5),
                max: None,
            },
        ] {
            assert_eq!(v(&write_value(&value)), Some(value.clone()), "{value:?}");
        }
    }

    #[test]
    fn needs_are_stage_and_share() {
        let needs = parse_needs("engagement=0.3; job-search = 30%; in-work").expect("needs");
        assert_eq!(
            needs,
            [
                ("engagement".to_owned(), 0.3),
                ("job-search".to_owned(), 0.3),
                ("in-work".to_owned(), 1.0)
            ]
        );
        assert!(parse_needs("a=b=c").is_err());
        assert!(parse_needs("a=lots").is_err());
        let odd = [("a=b", 0.5), ("c;d", 1.0)];
        assert_eq!(
            parse_needs(&write_needs(odd)).expect("needs"),
            [("a=b".to_owned(), 0.5), ("c;d".to_owned(), 1.0)]
        );
    }

    #[test]
    fn numbers_money_dates_and_yes_no() {
        assert_eq!(parse_number("1,840"), Ok(1840.0));
        assert_eq!(parse_number("-2.5e3"), Ok(-2500.0));
        assert!(parse_number("1,84").is_err());
        assert!(parse_number("inf").is_err());
        assert!(parse_number("NaN").is_err());
        assert!(parse_number("12abc").is_err());
        assert_eq!(parse_share("8%"), Ok(0.08));
        assert_eq!(parse_count("1,840"), Ok(1840));
        assert!(parse_count("18.5").is_err());
        assert_eq!(parse_money("£120,000"), Ok(12_000_000));
        assert_eq!(parse_money("1250.5"), Ok(125_050));
        assert_eq!(
            parse_date("31/03/2026").map(|d| d.to_string()),
            Ok("2026-03-31".into())
        );
        assert_eq!(
            parse_date("2026-03-31").map(|d| d.to_string()),
            Ok("2026-03-31".into())
        );
        assert!(parse_date("31/02/2026").is_err());
        assert_eq!(parse_bool("Yes"), Ok(true));
        assert_eq!(parse_bool(""), Ok(false));
        assert!(parse_bool("maybe").is_err());
    }

    #[test]
    fn formula_prefixes_come_off_once() {
        for cell in ["=SUM(A1)", "+44", "@x", "-a", "'quoted", "plain"] {
            assert_eq!(unprefixed(&prefixed(cell)), cell);
        }
        assert_eq!(prefixed("=1+1"), "'=1+1");
        assert_eq!(prefixed("-3"), "-3");
    }

    #[test]
    fn conditions_and_eligibility_read_back() {
        let c = parse_condition("{ any: [{ rule: a }, { care: primary, benefit: [esa, uc] }] }")
            .expect("a condition");
        assert_eq!(parse_condition(&write_condition(&c)), Ok(c.clone()));
        assert!(parse_condition("{ any: ").is_err());
        assert!(parse_condition("{ care: x, notes: y }").is_err());
        for e in [
            Eligibility::Open,
            Eligibility::Rule(Id::from("secondary-care")),
            Eligibility::Rule(Id::from("{odd; id}")),
            Eligibility::Inline(c),
        ] {
            assert_eq!(parse_eligibility(&write_eligibility(&e)), Ok(e.clone()));
        }
    }
}
