//! `ecomap diff` as text, Markdown and CSV, in the analysis's order. CSV has one row per change
//! (section, id, change, field, before, after), for review or a spreadsheet.

use super::whatif::movement;
use crate::analysis::diff::{
    Diff, EntityChanges, FundingChange, LineChange, LineStatus, OverlapChange, OverlapShift,
};
use crate::analysis::whatif::GapChange;
use crate::export::csv::table::{self as csv_table, Cell};
use crate::export::markdown::Doc;
use crate::export::text::wrap;
use crate::model::Contract;
use crate::model::Id;
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

/// The currencies of the two versions: each amount is shown in its own, and a difference only
/// where they are the same.
#[derive(Clone, Copy)]
struct Currencies<'a> {
    before: &'a str,
    after: &'a str,
}

impl<'a> Currencies<'a> {
    fn of(d: &'a Diff) -> Currencies<'a> {
        Currencies {
            before: &d.old_currency,
            after: &d.currency,
        }
    }

    fn before(self, m: Option<Money>) -> String {
        money(m, self.before)
    }

    fn after(self, m: Option<Money>) -> String {
        money(m, self.after)
    }

    /// After less before, signed; in words when the currencies differ.
    fn difference(self, before: Money, after: Money) -> String {
        if self.before == self.after {
            signed(after - before, self.after)
        } else {
            format!("in {} then, {} now: not compared", self.before, self.after)
        }
    }
}

/// `counted` or `planned`, as the map writes a line's status; `–` where the line is not there.
fn status(s: Option<LineStatus>) -> &'static str {
    match s {
        Some(LineStatus::Counted) => "counted",
        Some(LineStatus::Planned) => "planned",
        None => "–",
    }
}

/// A line's earmark: the services it is for, or `pooled`; `–` where the line is not there.
fn earmark(e: Option<&[Id]>) -> String {
    match e {
        None => "–".to_owned(),
        Some([]) => "pooled".to_owned(),
        Some(ids) => format!(
            "for {}",
            ids.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn contract(c: Option<Contract>) -> String {
    match c {
        None => "–".to_owned(),
        Some(c) => crate::export::text::funding::dates(c.start, c.end),
    }
}

/// A funding change in words: `icb → ips: £200,000 → £250,000; contract … → …`; a planned line
/// says so, and a line that became planned (or was awarded) says that, not that it went.
fn funding_words(f: &FundingChange, cur: Currencies<'_>) -> String {
    let planned = |s: Option<LineStatus>| {
        if s == Some(LineStatus::Planned) {
            " (planned, not counted)"
        } else {
            ""
        }
    };
    let what = match f.change {
        LineChange::Added => format!(
            "added{}, {} a year",
            planned(f.status_after),
            cur.after(f.amount_after)
        ),
        LineChange::Removed => format!(
            "removed{}, was {} a year",
            planned(f.status_before),
            cur.before(f.amount_before)
        ),
        LineChange::Changed => {
            let mut parts = Vec::new();
            match (f.status_before, f.status_after) {
                (Some(LineStatus::Counted), Some(LineStatus::Planned)) => {
                    parts.push("now planned, no longer counted as spend".to_owned());
                }
                (Some(LineStatus::Planned), Some(LineStatus::Counted)) => {
                    parts.push("awarded: no longer planned, now counted as spend".to_owned());
                }
                _ => {}
            }
            if f.amount_before != f.amount_after || cur.before != cur.after {
                let difference = match (f.amount_before, f.amount_after) {
                    (Some(b), Some(a)) => format!(" ({})", cur.difference(b, a)),
                    _ => String::new(),
                };
                parts.push(format!(
                    "{} → {} a year{difference}",
                    cur.before(f.amount_before),
                    cur.after(f.amount_after),
                ));
            }
            if f.contract_before != f.contract_after {
                parts.push(format!(
                    "contract {} → {}",
                    contract(f.contract_before),
                    contract(f.contract_after)
                ));
            }
            if f.earmark_before != f.earmark_after {
                parts.push(format!(
                    "{} → {}",
                    earmark(f.earmark_before.as_deref()),
                    earmark(f.earmark_after.as_deref())
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
        crate::export::words::people(o.people),
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
    let cur = Currencies::of(d);
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
            cur.before(Some(d.spend_before)),
            cur.after(Some(d.spend_after)),
            cur.difference(d.spend_before, d.spend_after)
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
    let cur = Currencies::of(d);
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
    w.text(&cur.before(Some(d.spend_before)))
        .raw(" → ")
        .text(&cur.after(Some(d.spend_after)))
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
    let cur = Currencies::of(d);
    let mut rows = entity_rows(d);
    for f in &d.funding {
        rows.extend(funding_rows(f, cur));
    }
    for g in &d.gaps {
        let side = |k: Option<crate::analysis::gaps::GapKind>, n: f64| {
            k.map_or_else(
                || "no gap".to_owned(),
                |k| format!("{} ({})", k.name(), crate::export::words::people(n)),
            )
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

/// A funding line's rows: its amount where that changed, its contract where that is shown, its
/// status and earmark where they changed (or, for a line added or removed, are not the usual
/// counted and pooled).
fn funding_rows(f: &FundingChange, cur: Currencies<'_>) -> Vec<[String; 6]> {
    let mut rows: Vec<[String; 6]> = Vec::new();
    let change = match f.change {
        LineChange::Added => "added",
        LineChange::Removed => "removed",
        LineChange::Changed => "changed",
    };
    let id = format!("{} → {}", f.from, f.to);
    if f.change != LineChange::Changed
        || f.amount_before != f.amount_after
        || cur.before != cur.after
    {
        rows.push([
            "funding".into(),
            id.clone(),
            change.into(),
            "amount".into(),
            cur.before(f.amount_before),
            cur.after(f.amount_after),
        ]);
    }
    let unusual = |changed: bool, shown: bool| match f.change {
        LineChange::Changed => changed,
        _ => shown,
    };
    let planned = |s: Option<LineStatus>| s == Some(LineStatus::Planned);
    if unusual(
        f.status_before != f.status_after,
        planned(f.status_before) || planned(f.status_after),
    ) {
        rows.push([
            "funding".into(),
            id.clone(),
            change.into(),
            "status".into(),
            status(f.status_before).into(),
            status(f.status_after).into(),
        ]);
    }
    let earmarked = |e: &Option<Vec<Id>>| e.as_ref().is_some_and(|e| !e.is_empty());
    if unusual(
        f.earmark_before != f.earmark_after,
        earmarked(&f.earmark_before) || earmarked(&f.earmark_after),
    ) {
        rows.push([
            "funding".into(),
            id.clone(),
            change.into(),
            "for".into(),
            earmark(f.earmark_before.as_deref()),
            earmark(f.earmark_after.as_deref()),
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
