//! `ecomap diff` as text, Markdown and CSV, in the analysis's order. CSV has one row per change
//! (section, id, change, field, before, after), for review or a spreadsheet.

use super::whatif::movement;
use crate::analysis::diff::{
    Diff, EntityChanges, FundingChange, LineChange, OverlapChange, OverlapShift,
};
use crate::analysis::whatif::GapChange;
use crate::export::csv::table::{self as csv_table, Cell};
use crate::export::markdown::Doc;
use crate::export::text::gaps::wrap;
use crate::model::Contract;
use crate::money::Money;

/// The entity sections, in the order shown.
fn sections(d: &Diff) -> [(&'static str, &EntityChanges); 5] {
    [
        ("commissioners", &d.commissioners),
        ("providers", &d.providers),
        ("rules", &d.rules),
        ("cohorts", &d.cohorts),
        ("services", &d.services),
    ]
}

fn money(m: Option<Money>, currency: &str) -> String {
    m.map_or_else(|| "–".to_owned(), |m| m.display(currency).to_string())
}

/// `+£10,000`, `-£5,000`, `£0`.
fn signed(m: Money, currency: &str) -> String {
    if m.0 > 0 {
        format!("+{}", m.display(currency))
    } else {
        m.display(currency).to_string()
    }
}

fn contract(c: Option<Contract>) -> String {
    match c {
        None => "–".to_owned(),
        Some(c) => crate::export::text::funding::dates(c.start, c.end),
    }
}

/// A funding change in words: `icb → ips: £200,000 → £250,000; contract … → …`.
fn funding_words(f: &FundingChange, currency: &str) -> String {
    let what = match f.change {
        LineChange::Added => format!("added, {} a year", money(f.amount_after, currency)),
        LineChange::Removed => format!("removed, was {} a year", money(f.amount_before, currency)),
        LineChange::Changed => {
            let mut parts = Vec::new();
            if f.amount_before != f.amount_after {
                parts.push(format!(
                    "{} → {} a year ({})",
                    money(f.amount_before, currency),
                    money(f.amount_after, currency),
                    signed(f.difference(), currency)
                ));
            }
            if f.contract_before != f.contract_after {
                parts.push(format!(
                    "contract {} → {}",
                    contract(f.contract_before),
                    contract(f.contract_after)
                ));
            }
            parts.join("; ")
        }
    };
    format!("{} → {} ({}): {what}", f.from, f.to, f.to_kind)
}

fn overlap_words(o: &OverlapChange) -> String {
    let status = crate::export::words::overlap::status(o.accepted, &o.reason);
    let shift = match o.shift {
        OverlapShift::Appeared => "appeared",
        OverlapShift::Gone => "gone",
    };
    let stages = if o.shared == 1 {
        "1 cohort-stage".to_owned()
    } else {
        format!("{} cohort-stages", o.shared)
    };
    format!(
        "{} + {} ({status}) {shift}: sharing {stages}, {} people; {}",
        o.services[0],
        o.services[1],
        o.people,
        crate::export::words::overlap::why(&o.reason).plain()
    )
}

fn gap_words(g: &GapChange) -> String {
    format!("{}: {}", g.shift.name(), movement(g))
}

/// `  + id — name`, or `  + id` for an entity with no name (a rule without a description).
fn entity_line(mark: &str, id: &str, name: &str) -> String {
    if name.is_empty() {
        wrap(&format!("  {mark} "), 6, id)
    } else {
        wrap(&format!("  {mark} {id} — "), 6, name)
    }
}

/// `ecomap diff` as text.
pub fn text(d: &Diff) -> String {
    let cur = d.currency.as_str();
    let mut out = String::new();
    if d.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let title = if d.old_area == d.new_area {
        format!("Changes to {}", d.new_area)
    } else {
        format!("Changes from {} to {}", d.old_area, d.new_area)
    };
    out.push_str(&wrap("", 0, &title));
    if !d.area.is_empty() {
        out.push_str("\narea\n");
        for f in &d.area {
            out.push_str(&wrap(
                &format!("  ~ {}: ", f.field),
                6,
                &format!("{} → {}", f.before, f.after),
            ));
        }
    }
    entities_text(&mut out, d);
    if !d.funding.is_empty() {
        out.push_str("\nfunding\n");
        for f in &d.funding {
            let mark = match f.change {
                LineChange::Added => "+",
                LineChange::Removed => "-",
                LineChange::Changed => "~",
            };
            out.push_str(&wrap(&format!("  {mark} "), 4, &funding_words(f, cur)));
        }
    }
    out.push_str(&wrap(
        "\n",
        0,
        &format!(
            "Spend on services: {} → {} a year ({}).",
            money(Some(d.spend_before), cur),
            money(Some(d.spend_after), cur),
            signed(d.spend_after - d.spend_before, cur)
        ),
    ));
    out.push_str(&wrap(
        "",
        0,
        &format!("Gaps: {} → {}.", d.gaps_before, d.gaps_after),
    ));
    for g in &d.gaps {
        out.push_str(&wrap(
            &format!("  {} × {} — ", g.cohort, g.stage),
            4,
            &gap_words(g),
        ));
    }
    out.push_str(&wrap(
        "",
        0,
        &format!(
            "Overlap concerns: {} → {}.",
            d.overlap_concerns_before, d.overlap_concerns_after
        ),
    ));
    for o in &d.overlaps {
        out.push_str(&wrap("  ", 4, &overlap_words(o)));
    }
    out
}

/// Each section's entities added, removed and changed, with the fields that changed.
fn entities_text(out: &mut String, d: &Diff) {
    for (name, e) in sections(d) {
        if e.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(name);
        out.push('\n');
        for a in &e.added {
            out.push_str(&entity_line("+", a.id.as_str(), &a.name));
        }
        for r in &e.removed {
            out.push_str(&entity_line("-", r.id.as_str(), &r.name));
        }
        for c in &e.changed {
            out.push_str(&entity_line("~", c.id.as_str(), &c.name));
            for f in &c.fields {
                out.push_str(&wrap(
                    &format!("      {}: ", f.field),
                    8,
                    &format!("{} → {}", f.before, f.after),
                ));
            }
        }
    }
}

/// `ecomap diff` as Markdown.
pub fn markdown(d: &Diff) -> String {
    let cur = d.currency.as_str();
    let mut w = Doc::new();
    w.raw("# Changes to ").text(&d.new_area).raw("\n\n");
    if d.is_empty() {
        w.raw("No changes.\n");
        return w.finish();
    }
    w.raw(&format!(
        "Gaps: {} → {}. Overlap concerns: {} → {}. Spend on services: ",
        d.gaps_before, d.gaps_after, d.overlap_concerns_before, d.overlap_concerns_after
    ));
    w.text(&money(Some(d.spend_before), cur))
        .raw(" → ")
        .text(&money(Some(d.spend_after), cur))
        .raw(" a year.\n\n");
    let rows = rows(d);
    w.raw("| section | id | change | field | before | after |\n|---|---|---|---|---|---|\n");
    for r in &rows {
        w.raw("|");
        for cell in r {
            w.raw(" ").text(cell).raw(" |");
        }
        w.raw("\n");
    }
    w.finish()
}

/// Every change as (section, id, change, field, before, after), in the order of the text.
fn rows(d: &Diff) -> Vec<[String; 6]> {
    let cur = d.currency.as_str();
    let mut rows = entity_rows(d);
    for f in &d.funding {
        rows.extend(funding_rows(f, cur));
    }
    for g in &d.gaps {
        let side = |k: Option<crate::analysis::gaps::GapKind>, n: f64| {
            k.map_or_else(|| "no gap".to_owned(), |k| format!("{} ({n})", k.name()))
        };
        rows.push([
            "gaps".into(),
            format!("{} × {}", g.cohort, g.stage),
            g.shift.name().into(),
            "kind (people)".into(),
            side(g.before, g.people_before),
            side(g.after, g.people_after),
        ]);
    }
    for o in &d.overlaps {
        let status = crate::export::words::overlap::status(o.accepted, &o.reason);
        let (change, before, after) = match o.shift {
            OverlapShift::Appeared => ("appeared", String::new(), status.to_owned()),
            OverlapShift::Gone => ("gone", status.to_owned(), String::new()),
        };
        rows.push([
            "overlaps".into(),
            format!("{} + {}", o.services[0], o.services[1]),
            change.into(),
            String::new(),
            before,
            after,
        ]);
    }
    rows
}

/// The rows of the area's fields and of the entities added, removed and changed.
fn entity_rows(d: &Diff) -> Vec<[String; 6]> {
    let mut rows: Vec<[String; 6]> = Vec::new();
    for f in &d.area {
        rows.push([
            "area".into(),
            String::new(),
            "changed".into(),
            f.field.clone(),
            f.before.clone(),
            f.after.clone(),
        ]);
    }
    for (name, e) in sections(d) {
        for a in &e.added {
            rows.push([
                name.into(),
                a.id.to_string(),
                "added".into(),
                String::new(),
                String::new(),
                a.name.clone(),
            ]);
        }
        for r in &e.removed {
            rows.push([
                name.into(),
                r.id.to_string(),
                "removed".into(),
                String::new(),
                r.name.clone(),
                String::new(),
            ]);
        }
        for c in &e.changed {
            for f in &c.fields {
                rows.push([
                    name.into(),
                    c.id.to_string(),
                    "changed".into(),
                    f.field.clone(),
                    f.before.clone(),
                    f.after.clone(),
                ]);
            }
        }
    }
    rows
}

/// A funding line's rows: its amount where that changed, its contract where that is shown.
fn funding_rows(f: &FundingChange, cur: &str) -> Vec<[String; 6]> {
    let mut rows: Vec<[String; 6]> = Vec::new();
    let change = match f.change {
        LineChange::Added => "added",
        LineChange::Removed => "removed",
        LineChange::Changed => "changed",
    };
    let id = format!("{} → {}", f.from, f.to);
    if f.change != LineChange::Changed || f.amount_before != f.amount_after {
        rows.push([
            "funding".into(),
            id.clone(),
            change.into(),
            "amount".into(),
            money(f.amount_before, cur),
            money(f.amount_after, cur),
        ]);
    }
    let dated = |c: Option<Contract>| c.is_some_and(|c| c != Contract::default());
    let contract_shown = match f.change {
        LineChange::Changed => f.contract_before != f.contract_after,
        _ => dated(f.contract_before) || dated(f.contract_after),
    };
    if contract_shown {
        rows.push([
            "funding".into(),
            id,
            change.into(),
            "contract".into(),
            contract(f.contract_before),
            contract(f.contract_after),
        ]);
    }
    rows
}

/// `ecomap diff` as CSV.
pub fn csv(d: &Diff) -> String {
    let mut out = vec![csv_table::header(&[
        "section", "id", "change", "field", "before", "after",
    ])];
    for r in rows(d) {
        out.push(r.into_iter().map(Cell::text).collect());
    }
    csv_table::write(&out)
}
