//! The period a map describes (`area.period`), read as dates, and the day "as of" which dated
//! questions are answered (which contracts have ended, which end soon): given on the command line,
//! else the start of the map's period, else today. A map for 2025-26 run in a later year is then
//! read as of 1 April 2025, not as if every contract had ended. Pure: today is passed in.
//!
//! The forms read (anything else is text ecomap shows but does not date):
//!
//! | `period` | starts |
//! |---|---|
//! | `2025` | 2025-01-01, a calendar year |
//! | `2025-26`, `2025/26`, `2025-2026`, `2025/2026`, `FY2025-26` | 2025-04-01, a UK financial year |
//! | `2025-04-01` | that day |
//! | `2025-04-01 to 2026-03-31`, `2025-04-01..2026-03-31` | its first day |

use crate::date::Date;

/// The forms of `area.period` that are read as dates, for messages.
pub const FORMS: &str = "a year (2025), a UK financial year (2025-26 or 2025/26), a date (2025-04-01) or a date range (2025-04-01 to 2026-03-31)";

/// The first day of the period `text` names, or why it names none.
pub fn start(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let t = t
        .strip_prefix("FY")
        .or_else(|| t.strip_prefix("fy"))
        .map_or(t, str::trim_start);
    let unread = || format!("`{text}` is not a period ecomap reads as dates: write {FORMS}");
    // A date range: its first day (the last must not come before it).
    for sep in [" to ", "..", " - ", " – "] {
        if let Some((from, to)) = t.split_once(sep) {
            let (from, to) = (Date::parse(from)?, Date::parse(to)?);
            if to < from {
                return Err(format!(
                    "`{text}` ends ({to}) before it starts ({from}): give the earlier date first"
                ));
            }
            return Ok(from);
        }
    }
    if t.len() == 10 {
        return Date::parse(t);
    }
    let year = |y: &str| (y.len() == 4).then(|| y.parse::<i32>().ok()).flatten();
    if let Some(y) = year(t) {
        return Ok(Date {
            year: y,
            month: 1,
            day: 1,
        });
    }
    let Some((first, second)) = t.split_once(['-', '/']) else {
        return Err(unread());
    };
    let Some(y) = year(first) else {
        return Err(unread());
    };
    let next = match second.len() {
        2 => second.parse::<i32>().ok() == Some((y + 1).rem_euclid(100)),
        4 => second.parse::<i32>().ok() == Some(y + 1),
        _ => false,
    };
    if !next {
        return Err(format!(
            "`{text}` is not a financial year: the second year must follow the first ({y}-{:02})",
            (y + 1).rem_euclid(100)
        ));
    }
    Ok(Date {
        year: y,
        month: 4,
        day: 1,
    })
}

/// Where the day "as of" came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsOfFrom {
    /// Given on the command line (`--as-of`).
    Given,
    /// The start of the map's `area.period`.
    Period { period: String },
    /// Today: the map gives no period.
    Today,
    /// Today: the map's period could not be read as dates.
    TodayPeriodUnread { period: String, why: String },
}

/// The day dated questions are answered as of, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsOf {
    pub date: Date,
    pub from: AsOfFrom,
}

/// The day "as of": `given` if there is one, else the start of `period`, else `today`.
pub fn as_of(given: Option<Date>, period: Option<&str>, today: Date) -> AsOf {
    if let Some(date) = given {
        return AsOf {
            date,
            from: AsOfFrom::Given,
        };
    }
    match period.map(|p| (p, start(p))) {
        Some((p, Ok(date))) => AsOf {
            date,
            from: AsOfFrom::Period {
                period: p.to_owned(),
            },
        },
        Some((p, Err(why))) => AsOf {
            date: today,
            from: AsOfFrom::TodayPeriodUnread {
                period: p.to_owned(),
                why,
            },
        },
        None => AsOf {
            date: today,
            from: AsOfFrom::Today,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("a date")
    }

    #[test]
    fn every_documented_form_has_its_first_day() {
        for (period, first) in [
            ("2025", "2025-01-01"),
            ("2025-26", "2025-04-01"),
            ("2025/26", "2025-04-01"),
            ("2025-2026", "2025-04-01"),
            ("2025/2026", "2025-04-01"),
            ("FY2025-26", "2025-04-01"),
            ("1999-00", "1999-04-01"),
            ("2025-04-01", "2025-04-01"),
            ("2025-04-01 to 2026-03-31", "2025-04-01"),
            ("2025-04-01..2026-03-31", "2025-04-01"),
        ] {
            assert_eq!(start(period), Ok(d(first)), "{period}");
        }
    }

    #[test]
    fn what_is_not_a_period_says_so() {
        for bad in [
            "2025-27",
            "April 2025",
            "2026-03-31 to 2025-04-01",
            "25-26",
            "",
        ] {
            assert!(start(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_day_as_of_is_given_else_the_period_else_today() {
        let today = d("2027-06-15");
        assert_eq!(
            as_of(Some(d("2024-01-01")), Some("2025-26"), today).date,
            d("2024-01-01")
        );
        let p = as_of(None, Some("2025-26"), today);
        assert_eq!(p.date, d("2025-04-01"));
        assert_eq!(
            p.from,
            AsOfFrom::Period {
                period: "2025-26".into()
            }
        );
        assert_eq!(as_of(None, None, today).from, AsOfFrom::Today);
        let unread = as_of(None, Some("next year"), today);
        assert_eq!(unread.date, today);
        assert!(matches!(unread.from, AsOfFrom::TodayPeriodUnread { .. }));
    }
}
