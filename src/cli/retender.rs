//! The commands for commissioners before retendering and for researchers: `contracts`, `what-if`,
//! `compare` and `diff`. One small function each: options in, one call into the library, output
//! out. (Kept apart from `commands.rs` so that work on other commands does not collide.)

use std::time::{SystemTime, UNIX_EPOCH};

use super::args::{CompareArgs, ContractsArgs, DiffArgs, Format, WhatIfArgs};
use super::commands::find;
use super::exit;
use super::output::{Failure, Session};
use crate::analysis::compare::{Comparison, indicators};
use crate::analysis::contracts::{Window, contracts as ending};
use crate::analysis::diff::diff as changes;
use crate::analysis::whatif::{Change, what_if as impact};
use crate::date::Date;
use crate::export::{compare as compare_out, diff as diff_out, json, retender};
use crate::model::Id;

const FORMATS: &[Format] = &[Format::Text, Format::Json, Format::Csv, Format::Markdown];

/// Today's date in UTC, by the system clock.
fn today() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
}

pub(super) fn contracts(session: &Session, a: &ContractsArgs) -> Result<u8, Failure> {
    let format = session.format("contracts", FORMATS)?;
    let as_of = a.as_of.unwrap_or_else(today);
    let window = match a.ending_by {
        Some(until) if until < as_of => {
            return Err(Failure::Usage(format!(
                "--ending-by {until} is before the window starts ({as_of}): give a later date, or an earlier --as-of"
            )));
        }
        Some(until) => Window { as_of, until },
        None => Window::within_months(as_of, a.within),
    };
    let loaded = session.load(&a.map.map)?;
    let c = ending(&loaded.eco, window);
    let out = match format {
        Format::Json => json::document("contracts", &c),
        Format::Csv => retender::contracts_csv(&c),
        Format::Markdown => retender::contracts_markdown(&c),
        _ => retender::contracts_text(&c),
    };
    session.emit(out.as_bytes())?;
    Ok(exit::OK)
}

pub(super) fn what_if(session: &Session, a: &WhatIfArgs) -> Result<u8, Failure> {
    let format = session.format("what-if", FORMATS)?;
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    let change = match &a.withdraw {
        Some(c) => {
            let ids = eco.map.commissioners.keys().map(|k| k.as_str());
            find(
                c,
                eco.map.commissioners.get_index_of(c.as_str()),
                ids,
                "commissioner",
            )?;
            Change::Withdraw {
                commissioner: Id::from(c.as_str()),
            }
        }
        None => {
            for s in &a.without {
                let ids = eco.map.services.keys().map(|k| k.as_str());
                find(s, eco.service_ix(s), ids, "service")?;
            }
            Change::Without {
                services: a.without.iter().map(|s| Id::from(s.as_str())).collect(),
            }
        }
    };
    let w = impact(eco, &change).map_err(|e| Failure::Usage(e.to_string()))?;
    let out = match format {
        Format::Json => json::document("what-if", &w),
        Format::Csv => retender::what_if_csv(&w),
        Format::Markdown => retender::what_if_markdown(&w),
        _ => retender::what_if_text(&w),
    };
    session.emit(out.as_bytes())?;
    Ok(exit::OK)
}

pub(super) fn compare(session: &Session, a: &CompareArgs) -> Result<u8, Failure> {
    let format = session.format("compare", FORMATS)?;
    let mut rows = Vec::new();
    let mut loaded = Vec::new();
    for path in &a.maps {
        let l = session.load(path)?;
        let table = session.benchmarks(Some(&l.eco.map), path)?;
        rows.push(indicators(&l.eco, &table, &path.display().to_string()));
        loaded.push(l);
    }
    let c = Comparison::new(rows);
    let out = match format {
        Format::Json => json::document("compare", &c),
        Format::Csv => compare_out::csv(&c),
        Format::Markdown => compare_out::markdown(&c),
        _ => compare_out::text(&c),
    };
    session.emit(out.as_bytes())?;
    Ok(exit::OK)
}

pub(super) fn diff(session: &Session, a: &DiffArgs) -> Result<u8, Failure> {
    let format = session.format("diff", FORMATS)?;
    let old = session.load(&a.old)?;
    let new = session.load(&a.new)?;
    let d = changes(&old.eco, &new.eco);
    let out = match format {
        Format::Json => json::document("diff", &d),
        Format::Csv => diff_out::csv(&d),
        Format::Markdown => diff_out::markdown(&d),
        _ => diff_out::text(&d),
    };
    session.emit(out.as_bytes())?;
    Ok(exit::OK)
}
