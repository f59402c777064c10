//! Today's date, the one reading of the clock: `SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC)
//! when it is set, as reproducible builds ask, so a report made twice from the same map is the same
//! byte for byte (the tests set it); else the system clock, in UTC.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::date::Date;

/// Today in UTC: `SOURCE_DATE_EPOCH` if set to a whole number of seconds, else the system clock.
pub(super) fn today() -> Date {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    Date::from_days_since_epoch(seconds.div_euclid(86_400))
}
