//! `ecomap contracts` as text, Markdown and CSV: the contracts ending in the window, what each
//! service's ending would leave, and the lines of money that end with it.

use std::collections::BTreeSet;
use std::fmt::Write;

use rayon::prelude::*;

use crate::analysis::contracts::{ContractLine, Contracts, Ending, OnlyRouteHow, Window};
use crate::export::csv::table::{self as csv_table, Cell};
use crate::export::markdown::{Doc, write_prose};
use crate::export::text::funding::{dates, percent};
use crate::export::text::wrap;
use crate::export::text::{Table, people, plural};
use crate::export::words::gaps as gap_words;
use crate::money::Money;
use crate::period::AsOfFrom;

fn money(m: Money, currency: &str) -> String {
    m.display(currency).to_string()
}

fn how_words(how: OnlyRouteHow) -> &'static str {
    match how {
        OnlyRouteHow::OnlyOption => "the only service offering the stage that the cohort reaches",
        OnlyRouteHow::OnEveryChain => "on every referral chain the cohort has to the stage",
    }
}

/// The day the window starts from and where it came from: `As of 2026-04-01, the start of the
/// map's period 2026-27 (--as-of to choose another day).`
pub fn as_of_words(w: &Window) -> String {
    match &w.from {
        AsOfFrom::Given => format!("As of {} (--as-of).", w.as_of),
        AsOfFrom::Period { period } => format!(
            "As of {}, the start of the map's period {period} (--as-of to choose another day).",
            w.as_of
        ),
        AsOfFrom::Today => format!(
            "As of today, {} (the map gives no area.period; --as-of to choose another day).",
            w.as_of
        ),
        AsOfFrom::TodayPeriodUnread { why, .. } => format!(
            "As of today, {}: {why} (--as-of to choose another day).",
            w.as_of
        ),
    }
}

fn the_window(c: &Contracts) -> String {
    format!("{} to {}", c.window.as_of, c.window.until)
}

/// `ecomap contracts` as text.
pub fn contracts_text(c: &Contracts) -> String {
    let cur = c.currency.as_str();
    let mut out = String::new();
    let head = if c.ending.is_empty() {
        format!(
            "No contract ends from {} (inclusive) in {}.",
            the_window(c),
            c.area
        )
    } else {
        format!(
            "{} ending from {} (inclusive) in {}: {} a year.",
            plural(c.ending.len(), "contract", "contracts"),
            the_window(c),
            c.area,
            money(c.ending_total, cur)
        )
    };
    out.push_str(&wrap("", 0, &head));
    out.push_str(&wrap("", 0, &as_of_words(&c.window)));
    // Each contract's lines made on every core (a county's map ends hundreds), then written in
    // order; a service's overlaps and only routes are shown with its first contract.
    let mut shown: BTreeSet<&str> = BTreeSet::new();
    let firsts: Vec<bool> = (c.ending.iter())
        .map(|e| shown.insert(e.line.service.as_str()))
        .collect();
    let blocks: Vec<String> = (c.ending.par_iter().zip(&firsts))
        .map(|(e, &first)| {
            let mut block = String::from("\n");
            ending_text(&mut block, e, cur, first);
            block
        })
        .collect();
    out.extend(blocks);
    lines_text(
        &mut out,
        &format!(
            "Ended before {} (the map still lists them: renewed, or gone?)",
            c.window.as_of
        ),
        &c.already_ended,
        cur,
    );
    lines_text(
        &mut out,
        "No contract end date (not placed in any window)",
        &c.without_end_date,
        cur,
    );
    if c.ending_later > 0 {
        let _ = writeln!(
            out,
            "\n{} after {}.",
            plural(c.ending_later, "contract ends", "contracts end"),
            c.window.until
        );
    }
    out
}

/// One contract; the service's overlaps and only routes are shown with its first contract only.
fn ending_text(out: &mut String, e: &Ending, cur: &str, first: bool) {
    let l = &e.line;
    out.push_str(&wrap(
        &format!("{}  {} — ", opt_date(l), l.service),
        14,
        &l.service_name,
    ));
    let mut funded = format!(
        "{} ({}), {} a year: {} of the service's funding",
        l.funder,
        l.funder_name,
        money(l.amount, cur),
        percent(e.share_of_service)
    );
    if !e.other_funders.is_empty() {
        let others: Vec<&str> = e.other_funders.iter().map(|f| f.as_str()).collect();
        let _ = write!(funded, " (also funded by {})", others.join(", "));
    }
    let _ = write!(
        funded,
        "; contract {}; {} days left",
        dates(l.start, l.end),
        e.days_left
    );
    out.push_str(&wrap("  funder: ", 10, &funded));
    if !first {
        out.push_str("  overlaps and only routes: as above (the same service)\n");
        return;
    }
    if e.overlaps.is_empty() {
        out.push_str("  overlaps: none\n");
    } else {
        for o in &e.overlaps {
            let shared: Vec<String> = o
                .shared
                .iter()
                .map(|s| format!("{} × {}", s.cohort, s.stage))
                .collect();
            let status = crate::export::words::overlap::status(o.accepted, &o.reason);
            out.push_str(&wrap(
                "  overlaps: ",
                12,
                &format!(
                    "{} ({}; rank {}, {status}): {}",
                    o.service,
                    o.name,
                    o.rank,
                    shared.join(", ")
                ),
            ));
        }
        if e.overlaps_left_out > 0 {
            out.push_str(&wrap("  overlaps: ", 12, &not_listed(e.overlaps_left_out)));
        }
    }
    if e.only_route.is_empty() {
        out.push_str("  only route for: none (every cohort it serves has another route)\n");
    } else {
        out.push_str("  only route for:\n");
        for r in &e.only_route {
            out.push_str(&wrap(
                &format!("    {} × {}: ", r.cohort, r.stage),
                6,
                &format!(
                    "{} people; it is {}; without it, the gap would be: {}",
                    people(r.need),
                    how_words(r.how),
                    r.gap_after.name()
                ),
            ));
        }
    }
    out.push_str(&wrap(
        "  ",
        2,
        &format!(
            "If it is not renewed: {} people lose their only route; {} people in all are newly without support (capacity included).",
            people(e.people_losing_only_route),
            people(e.people_newly_without)
        ),
    ));
}

/// The overlapping services a contract does not list, in words.
fn not_listed(n: usize) -> String {
    let (more, all) = not_listed_parts(n);
    format!("{more}`--all`{all}")
}

/// [`not_listed`] in the words before the flag and after it.
fn not_listed_parts(n: usize) -> (String, &'static str) {
    let what = if n == 1 { "service" } else { "services" };
    (
        format!("{n} more {what}, lower in the ranking; "),
        " lists every one",
    )
}

fn opt_date(l: &ContractLine) -> String {
    l.end.map_or_else(|| "–".to_owned(), |d| d.to_string())
}

fn lines_text(out: &mut String, title: &str, lines: &[ContractLine], cur: &str) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    let mut t = Table::new(&["end", "service", "funder", "amount a year"]).right_align(&[3]);
    for l in lines {
        t.row(&[
            opt_date(l),
            l.service.to_string(),
            l.funder.to_string(),
            money(l.amount, cur),
        ]);
    }
    for line in t.render().lines() {
        let _ = writeln!(out, "  {line}");
    }
}

/// `ecomap contracts` as Markdown.
pub fn contracts_markdown(c: &Contracts) -> String {
    let cur = c.currency.as_str();
    let mut w = Doc::new();
    w.raw("# Contracts ending: ").text(&c.area).raw("\n\n");
    let _ = write!(
        w.raw(""),
        "Contracts ending from {} to {} (inclusive): {}, {} a year.",
        c.window.as_of,
        c.window.until,
        c.ending.len(),
        money(c.ending_total, cur)
    );
    w.raw(" ").text(&as_of_words(&c.window));
    w.raw(" For each: what else serves the same people, and who loses their only route if it is not renewed.\n\n");
    if !c.ending.is_empty() {
        w.raw("| ends | service | funder | a year | share of service | overlaps | only route for | people losing their only route | newly without support |\n");
        w.raw("|---|---|---|--:|--:|---|---|--:|--:|\n");
        for e in &c.ending {
            let l = &e.line;
            w.raw("| ").raw(&opt_date(l)).raw(" | ");
            w.text(&l.service_name)
                .raw(" (")
                .text(l.service.as_str())
                .raw(") | ");
            w.text(&l.funder_name).raw(" | ");
            w.text(&money(l.amount, cur)).raw(" | ");
            w.raw(&percent(e.share_of_service)).raw(" | ");
            let overlaps: Vec<String> = e
                .overlaps
                .iter()
                .map(
                    |o| match crate::export::words::overlap::status(o.accepted, &o.reason) {
                        "concern" => o.service.to_string(),
                        status => format!("{} ({status})", o.service),
                    },
                )
                .collect();
            w.text(&none_or(&overlaps.join(", ")));
            if e.overlaps_left_out > 0 {
                let (more, all) = not_listed_parts(e.overlaps_left_out);
                w.raw("; ").text(&more).raw("`--all`").text(all);
            }
            w.raw(" | ");
            let only: Vec<String> = e
                .only_route
                .iter()
                .map(|r| format!("{} × {} ({})", r.cohort, r.stage, people(r.need)))
                .collect();
            w.text(&none_or(&only.join(", "))).raw(" | ");
            w.raw(&people(e.people_losing_only_route)).raw(" | ");
            w.raw(&people(e.people_newly_without)).raw(" |\n");
        }
        w.raw("\n");
    }
    for e in &c.ending {
        if e.only_route.is_empty() {
            continue;
        }
        w.raw("## If ").text(&e.line.service_name).raw(" goes\n\n");
        for r in &e.only_route {
            w.raw("- **")
                .text(r.cohort.as_str())
                .raw(" × ")
                .text(r.stage.as_str());
            w.raw(&format!(
                "** ({} people; it is {}): ",
                people(r.need),
                how_words(r.how)
            ));
            write_prose(&mut w, &gap_words::summary(&r.gap), false);
            w.raw(" *Nearest fix:* ");
            write_prose(&mut w, &gap_words::fix(&r.gap), false);
            w.raw(".\n");
        }
        w.raw("\n");
    }
    lines_markdown(
        &mut w,
        &format!("Ended before {}", c.window.as_of),
        &c.already_ended,
        cur,
    );
    lines_markdown(&mut w, "No contract end date", &c.without_end_date, cur);
    w.finish()
}

fn none_or(s: &str) -> String {
    if s.is_empty() {
        "none".to_owned()
    } else {
        s.to_owned()
    }
}

fn lines_markdown(w: &mut Doc, title: &str, lines: &[ContractLine], cur: &str) {
    if lines.is_empty() {
        return;
    }
    w.raw("## ").text(title).raw("\n\n");
    w.raw("| end | service | funder | a year |\n|---|---|---|--:|\n");
    for l in lines {
        w.raw("| ").raw(&opt_date(l)).raw(" | ");
        w.text(l.service.as_str()).raw(" | ");
        w.text(l.funder.as_str()).raw(" | ");
        w.text(&money(l.amount, cur)).raw(" |\n");
    }
    w.raw("\n");
}

/// `ecomap contracts` as CSV: one row per contract ending in the window.
pub fn contracts_csv(c: &Contracts) -> String {
    let cur = &c.currency;
    let mut rows = vec![csv_table::header(&[
        "end".to_owned(),
        "days_left".into(),
        "service".into(),
        "service_name".into(),
        "funder".into(),
        "funder_name".into(),
        format!("amount ({cur})"),
        "share_of_service".into(),
        "other_funders".into(),
        "overlapping_services".into(),
        "overlapping_services_not_listed".into(),
        "only_route_for".into(),
        "people_losing_only_route".into(),
        "people_newly_without".into(),
    ])];
    for e in &c.ending {
        let l = &e.line;
        let join = |v: Vec<String>| Cell::text(v.join("; "));
        rows.push(vec![
            Cell::text(opt_date(l)),
            Cell::whole(e.days_left),
            Cell::text(l.service.as_str()),
            Cell::text(l.service_name.as_str()),
            Cell::text(l.funder.as_str()),
            Cell::text(l.funder_name.as_str()),
            Cell::money(l.amount),
            Cell::number(e.share_of_service, 4),
            join(e.other_funders.iter().map(|f| f.to_string()).collect()),
            join(e.overlaps.iter().map(|o| o.service.to_string()).collect()),
            Cell::whole(e.overlaps_left_out as u64),
            join(
                e.only_route
                    .iter()
                    .map(|r| format!("{} x {} ({})", r.cohort, r.stage, r.need))
                    .collect(),
            ),
            Cell::float(e.people_losing_only_route),
            Cell::float(e.people_newly_without),
        ]);
    }
    csv_table::write(&rows)
}
