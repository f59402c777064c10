//! The commands for commissioners before retendering and for researchers: `contracts`, `what-if`,
//! `compare` and `diff`. One small function each: options in, one call into the library, output
//! out. (Kept apart from `commands.rs` so that work on other commands does not collide.)

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::args::{CompareArgs, ContractsArgs, DiffArgs, Format, WhatIfArgs};
use super::clock::today;
use super::exit;
use super::lookup::find;
use super::output::{Failure, Out, Session, Told};
use super::progress;
use crate::analysis::compare::{Comparison, Indicators, indicators};
use crate::analysis::contracts::{SHOWN_OVERLAPS, Window, contracts as ending};
use crate::analysis::diff::diff as changes;
use crate::analysis::whatif::{Change, what_if as impact};
use crate::export::json;
use crate::export::retender::{self, compare as compare_out, diff as diff_out};
use crate::export::text::plural;
use crate::load;
use crate::model::Id;
use crate::period::AsOf;

pub(super) fn contracts(session: &Session, a: &ContractsArgs) -> Result<u8, Failure> {
    let format = session.format("contracts")?;
    let loaded = session.load(&a.map.map)?;
    // --as-of, else the start of the map's period, else today: a map of 2025-26 read in a later
    // year is read as of 2025-04-01, not as if all its contracts had ended.
    let AsOf { date: as_of, from } =
        crate::period::as_of(a.as_of, loaded.eco.map.area.period.as_deref(), today());
    let window = match a.ending_by {
        Some(until) if until < as_of => {
            return Err(Failure::Usage(format!(
                "--ending-by {until} is before the window starts ({as_of}): give a later date, or an earlier --as-of"
            )));
        }
        Some(until) => Window { as_of, until, from },
        None => Window::within_months(as_of, a.within).from(from),
    };
    let mut c = ending(&loaded.eco, window);
    if !a.all {
        c.keep_overlaps(SHOWN_OVERLAPS);
    }
    let out = match format {
        Format::Json => Out::json(json::Contracts::from(&c)),
        Format::Csv => Out::Text(retender::contracts_csv(&c)),
        Format::Markdown => Out::Text(retender::contracts_markdown(&c)),
        _ => Out::Text(retender::contracts_text(&c)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

pub(super) fn what_if(session: &Session, a: &WhatIfArgs) -> Result<u8, Failure> {
    let format = session.format("what-if")?;
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    // A commissioner given to `--without`, or a service to `--withdraw`: the other option.
    let instead = |id: &str, is: &str, flag: &str| {
        (eco.map.kind_of(id) == Some(is)).then(|| {
            Failure::Usage(format!(
                "`{id}` is a {is}, not a {}: `{flag} {id}` asks what if it {}",
                if is == "service" {
                    "commissioner"
                } else {
                    "service"
                },
                if is == "service" {
                    "goes"
                } else {
                    "withdraws its money"
                },
            ))
        })
    };
    let change = match &a.withdraw {
        Some(c) => {
            if let Some(f) = instead(c, "service", "--without") {
                return Err(f);
            }
            let ids = eco.map.commissioners.keys().map(|k| k.as_str());
            find(
                &eco.map,
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
                if let Some(f) = instead(s, "commissioner", "--withdraw") {
                    return Err(f);
                }
                let ids = eco.map.services.keys().map(|k| k.as_str());
                find(&eco.map, s, eco.service_ix(s), ids, "service")?;
            }
            Change::Without {
                services: a.without.iter().map(|s| Id::from(s.as_str())).collect(),
            }
        }
    };
    let w = impact(eco, &change).map_err(|e| Failure::Usage(e.to_string()))?;
    let out = match format {
        Format::Json => Out::json(json::WhatIf::from(&w)),
        Format::Csv => Out::Text(retender::what_if_csv(&w)),
        Format::Markdown => Out::Text(retender::what_if_markdown(&w)),
        _ => Out::Text(retender::what_if_text(&w)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

pub(super) fn compare(session: &Session, a: &CompareArgs) -> Result<u8, Failure> {
    let format = session.format("compare")?;
    // Maps are loaded and analysed in parallel, each keeping only its row.
    // What loading printed is held back and printed in the order the maps were given, up to the
    // first map that fails; maps after it are not analysed.
    let first_failure = AtomicUsize::new(usize::MAX);
    // A folder of whole maps is a row per file; any other folder is one map.
    let maps: Vec<PathBuf> = (a.maps.iter())
        .flat_map(|p| load::maps_in_folder(p, session.limits).unwrap_or_else(|| vec![p.clone()]))
        .collect();
    let bar = progress::Bar::new(maps.len(), "maps");
    let results: Vec<Option<(AreaRow, Told)>> = maps
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            if i > first_failure.load(Ordering::Relaxed) {
                return None;
            }
            let result = area(session, path);
            if result.0.is_err() {
                first_failure.fetch_min(i, Ordering::Relaxed);
            }
            bar.step();
            Some(result)
        })
        .collect();
    bar.finish();
    // A map that fails is told in full, to be mended; one that loads only counts its warnings, and
    // one line after them all says how to read them: a folder of generated maps has hundreds.
    let mut rows = Vec::with_capacity(results.len());
    let (mut warnings, mut warned_maps) = (0, 0);
    for (result, told) in results.into_iter().flatten() {
        match result {
            Ok((row, warned)) => {
                told.tell_count();
                warnings += warned;
                warned_maps += usize::from(warned > 0);
                rows.push(row);
            }
            Err(f) => {
                told.tell()?;
                return Err(f);
            }
        }
    }
    // With --format json, warnings are not printed at all, as by every command.
    if warnings > 0 && format != Format::Json {
        session.note(&format!(
            "{} in {}, not shown here: `ecomap validate MAP` lists a map's warnings; they do not change its row.",
            plural(warnings, "warning", "warnings"),
            plural(warned_maps, "map", "maps"),
        ));
    }
    let c = Comparison::new(rows);
    let out = match format {
        Format::Json => Out::json(json::Compare::from(&c)),
        Format::Csv => Out::Text(compare_out::csv(&c)),
        Format::Markdown => Out::Text(compare_out::markdown(&c)),
        _ => Out::Text(compare_out::text(&c)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

/// One map of `compare`: loaded, checked, its indicators worked out, the rest let go.
/// One map's row of `compare`, with the number of the map's warnings.
type AreaRow = Result<(Indicators, usize), Failure>;

/// With the row, the number of the map's warnings.
fn area(session: &Session, path: &Path) -> (AreaRow, Told) {
    let (loaded, mut told) = session.load_quietly(path);
    let loaded = match loaded {
        Ok(l) => l,
        Err(f) => return (Err(f), told),
    };
    let (table, more) = session.benchmarks_quietly(Some(&loaded.eco.map), path);
    told.stderr.push_str(&more.stderr);
    told.stdout.push_str(&more.stdout);
    let result = table.map(|table| {
        let row = indicators(&loaded.eco, &table, &path.display().to_string());
        (row, loaded.warnings)
    });
    (result, told)
}

pub(super) fn diff(session: &Session, a: &DiffArgs) -> Result<u8, Failure> {
    let format = session.format("diff")?;
    // The two versions are read side by side; what each says is printed in the order given, and
    // a broken first version stops the command before the second says anything, as when read
    // one after the other.
    let ((old, told_old), (new, told_new)) = rayon::join(
        || session.load_quietly(&a.old),
        || session.load_quietly(&a.new),
    );
    told_old.tell()?;
    let old = old?;
    told_new.tell()?;
    let new = new?;
    let d = changes(&old.eco, &new.eco);
    let out = match format {
        Format::Json => Out::json(json::Diff::from(&d)),
        Format::Csv => Out::Text(diff_out::csv(&d)),
        Format::Markdown => Out::Text(diff_out::markdown(&d)),
        _ => Out::Text(diff_out::text(&d)),
    };
    session.write(out)?;
    session.end(exit::OK)
}
