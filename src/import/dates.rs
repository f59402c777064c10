//! Dates as grant and contract files write them, read into calendar days, and the length of a
//! funding period in months for turning an award into an amount a year.
//!
//! Readers only: nothing here decides what a date means for the map.

use crate::date::Date;
use crate::money::Money;

/// Which end of a period a date that names only a month or a year stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// `2024-04` is 2024-04-01.
    Start,
    /// `2025-03` is 2025-03-31.
    End,
}

/// The day 1899-12-30, from which spreadsheets count their date serial numbers (1900 date system;
/// the system's fictitious 1900-02-29 makes day 1 fall on 1900-01-01 only for serials below 61).
const SERIAL_EPOCH: Date = Date {
    year: 1899,
    month: 12,
    day: 30,
};

/// Reads a date written as `YYYY-MM-DD` (a time after it is ignored), `DD/MM/YYYY` (day first, as
/// in the UK), a spreadsheet serial number of five digits (`45383`), or `YYYY-MM` or `YYYY`, which
/// stand for the first or last day of the month or year as `edge` says.
///
/// A date before [`EARLIEST`] or after [`LATEST`] is refused: no grant or contract a map counts
/// runs then, and such a date is a placeholder (`9999-12-31` for "no end") or a slip, which would
/// otherwise become a funding line spread over thousands of years.
pub fn parse(text: &str, edge: Edge) -> Result<Date, String> {
    let t = text.trim();
    within_years(written(t, edge)?, &format!("`{t}` is"))
}

/// `date` when it is from [`EARLIEST`] to [`LATEST`]; otherwise why not, `said` (such as "`9999`
/// is") naming where it came from.
pub fn within_years(date: Date, said: &str) -> Result<Date, String> {
    if date < EARLIEST || date > LATEST {
        return Err(format!(
            "{said} {date}, outside the years {} to {} a grant or contract is dated in: it is a placeholder (such as 9999-12-31 for \"no end date\") or a slip. Write the real date, or leave it out when it is not known",
            EARLIEST.year, LATEST.year
        ));
    }
    Ok(date)
}

/// The first day an imported date may be.
pub const EARLIEST: Date = Date {
    year: 1900,
    month: 1,
    day: 1,
};

/// The last day an imported date may be.
pub const LATEST: Date = Date {
    year: 2100,
    month: 12,
    day: 31,
};

/// The spreadsheet serial number of [`LATEST`]: 73,415 days after 1899-12-30.
pub const LATEST_SERIAL: f64 = 73_415.0;

/// The day `t` names, in any of the ways [`parse`] reads, whatever its year.
fn written(t: &str, edge: Edge) -> Result<Date, String> {
    let bad = || {
        format!(
            "`{t}` is not a date: write YYYY-MM-DD, DD/MM/YYYY or a spreadsheet date (a serial number such as 45383)"
        )
    };
    if t.is_empty() {
        return Err(bad());
    }
    if let Some(d) = day_first(t) {
        return d.ok_or_else(bad);
    }
    if let Some(serial) = serial(t) {
        return serial.ok_or_else(bad);
    }
    if t.parse::<f64>().is_ok() && t.len() != 4 {
        return Err(format!(
            "`{t}` is a number, but not a spreadsheet date: those are serial numbers from 1 (1900-01-01) to {} ({}). Write the date as YYYY-MM-DD or DD/MM/YYYY",
            LATEST_SERIAL, LATEST
        ));
    }
    // ISO: the date part of a date-time, or a month, or a year.
    let date_part = t.split(['T', ' ']).next().unwrap_or(t);
    match date_part.len() {
        10 => Date::parse(date_part).map_err(|_| bad()),
        7 => {
            let first = Date::parse(&format!("{date_part}-01")).map_err(|_| bad())?;
            Ok(match edge {
                Edge::Start => first,
                Edge::End => day_before(first.add_months(1)),
            })
        }
        4 if date_part.bytes().all(|b| b.is_ascii_digit()) => {
            let first = Date::parse(&format!("{date_part}-01-01")).map_err(|_| bad())?;
            Ok(match edge {
                Edge::Start => first,
                Edge::End => day_before(first.add_months(12)),
            })
        }
        _ => Err(bad()),
    }
}

/// `DD/MM/YYYY` (also `D/M/YYYY`, and a time after it): `None` unless written with slashes,
/// `Some(None)` when so written but not a day of the calendar.
fn day_first(t: &str) -> Option<Option<Date>> {
    let date_part = t.split(' ').next().unwrap_or(t);
    let mut parts = date_part.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !(digits(d, 2) && digits(m, 2) && y.len() == 4 && digits(y, 4)) {
        return Some(None);
    }
    Some(Date::parse(&format!("{y}-{m:0>2}-{d:0>2}")).ok())
}

/// A spreadsheet date serial: five digits, perhaps with a fraction of a day (the time), which is dropped.
fn serial(t: &str) -> Option<Option<Date>> {
    let whole = t.split('.').next().unwrap_or(t);
    let fraction = &t[whole.len()..];
    let digits = whole.len() == 5 && whole.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = fraction.is_empty()
        || (fraction.len() > 1 && fraction[1..].bytes().all(|b| b.is_ascii_digit()));
    if !digits || !fraction_ok {
        return None;
    }
    let n: i64 = whole.parse().ok()?;
    Some(Some(from_serial(n)))
}

/// The day a spreadsheet serial number stands for (1900 date system, serials from 61 on, which is
/// every five-digit serial).
pub fn from_serial(n: i64) -> Date {
    Date::from_days_since_epoch(SERIAL_EPOCH.days_since_epoch() + n)
}

/// The day before `d`.
pub fn day_before(d: Date) -> Date {
    Date::from_days_since_epoch(d.days_since_epoch() - 1)
}

/// The last day of a period of `months` months starting on `start`.
pub fn end_after_months(start: Date, months: u32) -> Date {
    day_before(start.add_months(months))
}

/// The length of the period from `start` to `end` (both days included) in months: exact when the
/// day after `end` falls on the same day of the month as `start` (2024-04-01 to 2027-03-31 is 36),
/// otherwise the days counted as months of 365.2425 ÷ 12 days, to the nearest month (at least 1).
pub fn months(start: Date, end: Date) -> u32 {
    let after = end_plus_one(end);
    let whole = (after.year - start.year) * 12 + after.month as i32 - start.month as i32;
    if after.day == start.day && whole > 0 {
        return whole.unsigned_abs();
    }
    let days = after.days_since_epoch() - start.days_since_epoch();
    // days × 12 ÷ 365.2425, rounded half up, in whole numbers.
    let months = (days * 120_000 + 3_652_425 / 2) / 3_652_425;
    u32::try_from(months.max(1)).unwrap_or(1)
}

fn end_plus_one(end: Date) -> Date {
    Date::from_days_since_epoch(end.days_since_epoch() + 1)
}

/// An award for a period turned into an amount a year: spread evenly over a period longer than 12
/// months (£300,000 for 36 months is £100,000 a year, to the penny, half up); a period of 12 months
/// or less is all in one year, so its amount is the award.
pub fn per_year(total: Money, months: u32) -> Money {
    if months <= 12 {
        return total;
    }
    let m = i128::from(months);
    let scaled = i128::from(total.0) * 12;
    let rounded = (scaled + m / 2).div_euclid(m);
    Money(i64::try_from(rounded).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).expect("a test date")
    }

    #[test]
    fn reads_the_ways_files_write_dates() {
        assert_eq!(parse("2024-04-01", Edge::Start), Ok(day("2024-04-01")));
        assert_eq!(
            parse("2024-04-01T00:00:00Z", Edge::Start),
            Ok(day("2024-04-01"))
        );
        assert_eq!(
            parse("2024-04-01T10:00:00+01:00", Edge::End),
            Ok(day("2024-04-01"))
        );
        // Day first: the first of February, not the second of January.
        assert_eq!(parse("01/02/2024", Edge::Start), Ok(day("2024-02-01")));
        assert_eq!(parse("1/2/2024", Edge::Start), Ok(day("2024-02-01")));
        assert_eq!(
            parse("01/02/2024 00:00", Edge::Start),
            Ok(day("2024-02-01"))
        );
        assert!(parse("31/02/2024", Edge::Start).is_err());
        assert!(parse("2024/02/01", Edge::Start).is_err());
        // 45383 days after 1899-12-30: 45383 = 45292 (2024-01-01) + 91, and 2024 is a leap year:
        // Jan 31 + Feb 29 + Mar 31 = 91, so 2024-04-01.
        assert_eq!(parse("45383", Edge::Start), Ok(day("2024-04-01")));
        assert_eq!(parse("45383.5", Edge::Start), Ok(day("2024-04-01")));
        assert_eq!(parse("2024-04", Edge::Start), Ok(day("2024-04-01")));
        assert_eq!(parse("2025-02", Edge::End), Ok(day("2025-02-28")));
        assert_eq!(parse("2025", Edge::End), Ok(day("2025-12-31")));
        assert!(parse("soon", Edge::Start).is_err());
        // Placeholders and slips, outside 1900 to 2100.
        let e = parse("9999-12-31", Edge::End).expect_err("a placeholder");
        assert!(
            e.starts_with("`9999-12-31` is 9999-12-31, outside the years 1900 to 2100"),
            "{e}"
        );
        assert!(parse("0000-01-01", Edge::Start).is_err());
        assert!(parse("1899-12-31", Edge::Start).is_err());
        assert_eq!(parse("1900-01-01", Edge::Start), Ok(day("1900-01-01")));
        assert_eq!(parse("2100-12-31", Edge::End), Ok(day("2100-12-31")));
        // 73415 is 2100-12-31 (the serial of its `LATEST`); 73416 the day after, 2101-01-01.
        assert_eq!(parse("73415", Edge::End), Ok(day("2100-12-31")));
        assert!(parse("73416", Edge::End).is_err());
        let e = parse("-1", Edge::Start).expect_err("a negative number");
        assert!(
            e.starts_with("`-1` is a number, but not a spreadsheet date"),
            "{e}"
        );
        assert!(parse("1000000000000", Edge::End).is_err());
        assert!(parse("", Edge::Start).is_err());
    }

    #[test]
    fn serial_45292_is_new_year_2024() {
        // The spreadsheet serial of 2024-01-01 is 45292 (published conversion tables agree).
        assert_eq!(from_serial(45292), day("2024-01-01"));
    }

    #[test]
    fn months_of_a_period() {
        assert_eq!(months(day("2024-04-01"), day("2027-03-31")), 36);
        assert_eq!(months(day("2024-04-01"), day("2025-03-31")), 12);
        assert_eq!(months(day("2024-01-15"), day("2024-07-14")), 6);
        // 2024-04-01 to 2026-04-15: 745 days, × 12 ÷ 365.2425 = 24.48, so 24.
        assert_eq!(months(day("2024-04-01"), day("2026-04-15")), 24);
        assert_eq!(months(day("2024-04-01"), day("2024-04-01")), 1);
        assert_eq!(end_after_months(day("2024-04-01"), 36), day("2027-03-31"));
    }

    #[test]
    fn an_award_a_year() {
        assert_eq!(per_year(Money(30_000_000), 36), Money(10_000_000));
        assert_eq!(per_year(Money(5_000_000), 6), Money(5_000_000));
        assert_eq!(per_year(Money(5_000_000), 12), Money(5_000_000));
        // £100,000 over 18 months: 100,000 × 12 ÷ 18 = 66,666.666…, so £66,666.67.
        assert_eq!(per_year(Money(10_000_000), 18), Money(6_666_667));
    }
}
