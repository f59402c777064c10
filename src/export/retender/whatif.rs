//! `ecomap what-if` as text, Markdown and CSV: the change, the key numbers before and after, the
//! money each service loses, and every cohort-stage whose gap moves.

use std::fmt::Write;

use crate::analysis::funding::Amount;
use crate::analysis::gaps::GapKind;
use crate::analysis::report::KeyNumbers;
use crate::analysis::whatif::{Change, GapChange, Removal, Shift, WhatIf};
use crate::analysis::withdrawal::RouteLost;
use crate::export::csv::table::{self as csv_table, Cell};
use crate::export::markdown::{Doc, write_prose};
use crate::export::text::funding::percent;
use crate::export::text::wrap;
use crate::export::text::{Table, people};
use crate::export::words::gaps as gap_words;
use crate::money::Money;

fn money(m: Money, currency: &str) -> String {
    m.display(currency).to_string()
}

fn shift_words(s: Shift) -> &'static str {
    match s {
        Shift::Opened => "new gap",
        Shift::KindChanged => "gap changes kind",
        Shift::Worse => "gap grows",
        Shift::Better => "gap shrinks",
        Shift::Closed => "gap closes",
        Shift::Appeared => "new cohort-stage with a gap",
        Shift::Dropped => "cohort-stage no longer on the map",
    }
}

/// `capacity (52 people) → unreachable (252 people)`, `no gap → not-eligible (120 people)`.
pub fn movement(c: &GapChange) -> String {
    let side = |k: Option<GapKind>, n: f64| match k {
        None => "no gap".to_owned(),
        Some(k) => format!("{} ({} people)", k.name(), people(n)),
    };
    format!(
        "{} → {}",
        side(c.before, c.people_before),
        side(c.after, c.people_after)
    )
}

fn change_words(w: &WhatIf) -> String {
    match &w.change {
        Change::Without { services } => {
            let ids: Vec<&str> = services.iter().map(|s| s.as_str()).collect();
            format!("without {}", ids.join(", "))
        }
        Change::Withdraw { commissioner } => format!("{commissioner} withdraws its funding"),
    }
}

/// Rows of the before/after table: (label, before, after).
fn key_rows(w: &WhatIf) -> Vec<(String, String, String)> {
    let cur = w.currency.as_str();
    let (b, a) = (&w.before, &w.after);
    let n = |k: &KeyNumbers, f: fn(&KeyNumbers) -> f64| people(f(k));
    let mut rows = vec![
        (
            "services".to_owned(),
            b.services.to_string(),
            a.services.to_string(),
        ),
        (
            "spend a year".to_owned(),
            money(w.spend_before, cur),
            money(w.spend_after, cur),
        ),
        (
            "gaps".to_owned(),
            (b.gaps.without_route + b.gaps.short_of_places).to_string(),
            (a.gaps.without_route + a.gaps.short_of_places).to_string(),
        ),
    ];
    for (kb, ka) in b.gaps.by_kind.iter().zip(&a.gaps.by_kind) {
        rows.push((
            format!("  {}", kb.kind.name()),
            kb.gaps.to_string(),
            ka.gaps.to_string(),
        ));
    }
    rows.push((
        "people with no route".to_owned(),
        n(b, |k| k.gaps.people_without_route),
        n(a, |k| k.gaps.people_without_route),
    ));
    rows.push((
        "people without a place".to_owned(),
        n(b, |k| k.gaps.people_short_of_places),
        n(a, |k| k.gaps.people_short_of_places),
    ));
    rows.push((
        "capacity unknown".to_owned(),
        b.gaps.capacity_unknown.to_string(),
        a.gaps.capacity_unknown.to_string(),
    ));
    rows.push((
        "overlap concerns".to_owned(),
        b.overlap_concerns.to_string(),
        a.overlap_concerns.to_string(),
    ));
    rows
}

/// `icb £60,000, council £5,000`.
fn amounts(xs: &[Amount], cur: &str) -> String {
    xs.iter()
        .map(|a| format!("{} {}", a.id, money(a.amount, cur)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The money a change takes from services, as a label and its words. Services gone: `Money
/// saved`, `£80,000 a year`. A withdrawal: `Money withdrawn from services`, `£120,000 a year:
/// icb's own money £20,000, and £100,000 it passes on from others (nhse £60,000, dwp £40,000, by
/// where the money entered the map), withdrawn with it`: what a commissioner passes on from
/// funders above it is withdrawn with it, but is not its own to save.
fn money_words(w: &WhatIf) -> (&'static str, String) {
    let cur = w.currency.as_str();
    let total = format!("{} a year", money(w.saved, cur));
    let Change::Withdraw { commissioner } = &w.change else {
        return ("Money saved", total);
    };
    let label = "Money withdrawn from services";
    let own = w.withdrawn_own.unwrap_or_default();
    let others: Money = w.withdrawn_from_others.iter().map(|a| a.amount).sum();
    let from = format!(
        "({}, by where the money entered the map), withdrawn with it",
        amounts(&w.withdrawn_from_others, cur)
    );
    let words = match (own == Money::ZERO, others == Money::ZERO) {
        (_, true) if w.saved == Money::ZERO => total,
        (_, true) => format!("{total}, all of it {commissioner}'s own money"),
        (true, false) => format!(
            "{total}, none of it {commissioner}'s own: all money it passes on from others {from}"
        ),
        (false, false) => format!(
            "{total}: {commissioner}'s own money {}, and {} it passes on from others {from}",
            money(own, cur),
            money(others, cur)
        ),
    };
    (label, words)
}

/// `eip-young × in-work (32 people): no route left (before: ips)`.
fn route_lost_words(r: &RouteLost) -> String {
    let services: Vec<&str> = r.services.iter().map(|s| s.as_str()).collect();
    format!(
        "{} × {} ({} people): no route left (before: {})",
        r.cohort,
        r.stage,
        people(r.need),
        services.join(", ")
    )
}

fn removed_words(w: &WhatIf) -> Vec<String> {
    let cur = w.currency.as_str();
    w.removed
        .iter()
        .map(|r| {
            let why = match r.why {
                Removal::Named => "",
                Removal::FundedAlone => {
                    ", all its money came from the commissioner, directly or through others"
                }
            };
            let places = r.places.map_or_else(
                || "places unknown".to_owned(),
                |p| format!("{} places", people(p)),
            );
            format!(
                "{} ({}): {} a year, {places}{why}",
                r.id,
                r.name,
                money(r.spend, cur)
            )
        })
        .collect()
}

fn reduced_words(w: &WhatIf) -> Vec<String> {
    let cur = w.currency.as_str();
    w.reduced
        .iter()
        .map(|r| {
            let mut s = format!(
                "{} ({}): {} → {} a year ({} left)",
                r.id,
                r.name,
                money(r.spend_before, cur),
                money(r.spend_after, cur),
                percent(r.scale)
            );
            if let (Some(b), Some(a)) = (r.places_before, r.places_after) {
                let _ = write!(s, "; places {} → {}", people(b), people(a));
            }
            if let (Some(b), Some(a)) = (r.wte_before, r.wte_after) {
                let _ = write!(
                    s,
                    "; WTE {} → {}",
                    csv_table::number(b, 2),
                    csv_table::number(a, 2)
                );
            }
            s
        })
        .collect()
}

/// `ecomap what-if` as text.
pub fn what_if_text(w: &WhatIf) -> String {
    let cur = w.currency.as_str();
    let mut out = String::new();
    out.push_str(&wrap(
        "",
        0,
        &format!("What if: {} ({})", change_words(w), w.area),
    ));
    out.push('\n');
    for r in removed_words(w) {
        out.push_str(&wrap("Removed: ", 9, &r));
    }
    for r in reduced_words(w) {
        out.push_str(&wrap("Reduced: ", 9, &r));
    }
    for p in &w.passed_on {
        out.push_str(&wrap(
            "Stops: ",
            7,
            &format!(
                "{} a year passed to {} ({}), and what it paid for",
                money(p.amount, cur),
                p.commissioner,
                p.name
            ),
        ));
    }
    if w.removed.is_empty() && w.reduced.is_empty() && w.passed_on.is_empty() {
        out.push_str("Nothing on the map changes.\n");
    }
    out.push('\n');
    let mut t = Table::new(&["", "before", "after"]).right_align(&[1, 2]);
    for (label, b, a) in key_rows(w) {
        t.row(&[label, b, a]);
    }
    out.push_str(&t.render());
    out.push('\n');
    let (label, words) = money_words(w);
    out.push_str(&wrap(
        "",
        0,
        &format!(
            "{label}: {words}. People newly without support: {}. People newly supported: {}.",
            people(w.people_newly_without),
            people(w.people_newly_supported)
        ),
    ));
    if w.passed_on_total != Money::ZERO {
        out.push_str(&wrap(
            "",
            0,
            &format!(
                "{label} includes the services' share of the {} a year the commissioner passed to other commissioners; what they did not spend on the map is not counted.",
                money(w.passed_on_total, cur)
            ),
        ));
    }
    losses_text(&mut out, w);
    if !w.changes.is_empty() {
        out.push_str("\nGaps that change\n");
        for c in &w.changes {
            change_text(&mut out, c);
        }
    }
    if !w.overlaps_ended.is_empty() {
        let pairs: Vec<String> = w
            .overlaps_ended
            .iter()
            .map(|[a, b]| format!("{a} + {b}"))
            .collect();
        out.push('\n');
        out.push_str(&wrap("Overlaps that end: ", 19, &pairs.join("; ")));
    }
    out.push_str("\nHow the change is applied\n");
    for r in &w.rules {
        out.push_str(&wrap("  - ", 4, r));
    }
    out
}

/// The money each service loses and the cohort-stages left with no route, when there are any.
fn losses_text(out: &mut String, w: &WhatIf) {
    let cur = w.currency.as_str();
    if !w.money_lost.is_empty() {
        out.push_str(
            "\nMoney lost, by service (through: the commissioner paying the line that loses it)\n",
        );
        let mut t =
            Table::new(&["service", "before", "lost", "after", "through"]).right_align(&[1, 2, 3]);
        for l in &w.money_lost {
            t.row(&[
                l.id.as_str(),
                &money(l.before, cur),
                &money(l.lost, cur),
                &money(l.after, cur),
                &amounts(&l.through, cur),
            ]);
        }
        out.push_str(&t.render());
    }
    if !w.routes_lost.is_empty() {
        out.push_str("\nCohort-stages that lose their only route\n");
        for r in &w.routes_lost {
            out.push_str(&wrap("  - ", 4, &route_lost_words(r)));
        }
    }
}

fn change_text(out: &mut String, c: &GapChange) {
    out.push_str(&wrap(
        &format!("  {} × {} — ", c.cohort, c.stage),
        4,
        &format!("{}: {}", shift_words(c.shift), movement(c)),
    ));
    out.push_str(&wrap("    ", 4, &gap_words::summary(&c.gap).plain()));
    if c.after.is_some() {
        out.push_str(&wrap(
            "    nearest fix: ",
            17,
            &gap_words::fix(&c.gap).plain(),
        ));
    }
}

/// `ecomap what-if` as Markdown.
pub fn what_if_markdown(w: &WhatIf) -> String {
    let cur = w.currency.as_str();
    let mut d = Doc::new();
    d.raw("# What if: ").text(&change_words(w)).raw("\n\n");
    d.raw("Area: ").text(&w.area).raw("\n\n");
    for r in removed_words(w) {
        d.raw("- Removed: ").text(&r).raw("\n");
    }
    for r in reduced_words(w) {
        d.raw("- Reduced: ").text(&r).raw("\n");
    }
    for p in &w.passed_on {
        d.raw("- Stops: ")
            .text(&money(p.amount, cur))
            .raw(" a year passed to ")
            .text(&p.name)
            .raw(", and what it paid for\n");
    }
    d.raw("\n| | before | after |\n|---|--:|--:|\n");
    for (label, b, a) in key_rows(w) {
        // Indented rows (the gaps by kind) belong to the row above.
        match label.strip_prefix("  ") {
            Some(kind) => d.raw("| gaps: ").text(kind),
            None => d.raw("| ").text(&label),
        };
        d.raw(" | ").text(&b).raw(" | ").text(&a).raw(" |\n");
    }
    d.raw("\n");
    let (label, words) = money_words(w);
    d.raw("**")
        .raw(label)
        .raw(":** ")
        .text(&words)
        .raw(". **People newly without support:** ")
        .raw(&people(w.people_newly_without))
        .raw(". **People newly supported:** ")
        .raw(&people(w.people_newly_supported))
        .raw(".\n\n");
    lost_markdown(&mut d, w);
    if !w.changes.is_empty() {
        d.raw("## Gaps that change\n\n| cohort | stage | change | before → after | nearest fix |\n|---|---|---|---|---|\n");
        for c in &w.changes {
            d.raw("| ").text(c.cohort.as_str()).raw(" | ");
            d.text(c.stage.as_str()).raw(" | ");
            d.raw(shift_words(c.shift)).raw(" | ");
            d.text(&movement(c)).raw(" | ");
            match c.after {
                Some(_) => write_prose(&mut d, &gap_words::fix(&c.gap), true),
                None => {
                    d.raw("–");
                }
            }
            d.raw(" |\n");
        }
        d.raw("\n");
    }
    if !w.overlaps_ended.is_empty() {
        d.raw("## Overlaps that end\n\n");
        for [a, b] in &w.overlaps_ended {
            d.raw("- ")
                .text(a.as_str())
                .raw(" + ")
                .text(b.as_str())
                .raw("\n");
        }
        d.raw("\n");
    }
    d.raw("## How the change is applied\n\n");
    for r in &w.rules {
        d.raw("- ").text(r).raw("\n");
    }
    d.finish()
}

/// The money each service loses, and the cohort-stages that lose their only route.
fn lost_markdown(d: &mut Doc, w: &WhatIf) {
    let cur = w.currency.as_str();
    if !w.money_lost.is_empty() {
        d.raw("## Money lost, by service\n\n| service | before | lost | after | through |\n|---|--:|--:|--:|---|\n");
        for l in &w.money_lost {
            d.raw("| ").text(l.id.as_str()).raw(" | ");
            d.text(&money(l.before, cur)).raw(" | ");
            d.text(&money(l.lost, cur)).raw(" | ");
            d.text(&money(l.after, cur)).raw(" | ");
            d.text(&amounts(&l.through, cur)).raw(" |\n");
        }
        d.raw("\n");
    }
    if !w.routes_lost.is_empty() {
        d.raw("## Cohort-stages that lose their only route\n\n");
        for r in &w.routes_lost {
            d.raw("- ").text(&route_lost_words(r)).raw("\n");
        }
        d.raw("\n");
    }
}

/// `ecomap what-if` as CSV: one row per cohort-stage whose gap changes.
pub fn what_if_csv(w: &WhatIf) -> String {
    let mut rows = vec![csv_table::header(&[
        "cohort",
        "stage",
        "change",
        "need",
        "gap_before",
        "people_before",
        "gap_after",
        "people_after",
        "nearest_fix",
    ])];
    for c in &w.changes {
        rows.push(vec![
            Cell::text(c.cohort.as_str()),
            Cell::text(c.stage.as_str()),
            Cell::text(c.shift.name()),
            Cell::float(c.need),
            Cell::text(c.before.map_or("", |k| k.name())),
            Cell::float(c.people_before),
            Cell::text(c.after.map_or("", |k| k.name())),
            Cell::float(c.people_after),
            Cell::text(match c.after {
                Some(_) => gap_words::fix(&c.gap).plain(),
                None => String::new(),
            }),
        ]);
    }
    csv_table::write(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::gaps::{Fix, Gap, Why};
    use crate::analysis::whatif::GapChange;
    use crate::model::Id;

    #[test]
    fn movement_reads_both_sides() {
        let c = GapChange {
            cohort: Id::from("c"),
            stage: Id::from("job-search"),
            shift: Shift::KindChanged,
            need: 252.0,
            before: Some(GapKind::Capacity),
            people_before: 52.0,
            after: Some(GapKind::Unreachable),
            people_after: 252.0,
            gap: Gap {
                cohort: Id::from("c"),
                stage: Id::from("job-search"),
                kind: GapKind::Unreachable,
                people: 252.0,
                need: 252.0,
                services: Vec::new(),
                reason: Why::Unreachable {
                    services: Vec::new(),
                    enters_via: Vec::new(),
                },
                fix: Fix::Unknown,
                blockers: Vec::new(),
                left_out: Default::default(),
                job_search_routes: Vec::new(),
            },
        };
        assert_eq!(
            movement(&c),
            "capacity (52 people) → unreachable (252 people)"
        );
    }
}
