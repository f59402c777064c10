//! Markdown sections for funding flows and capacity against benchmarks: a `## ` section each,
//! written through the escaping writer so no text from a map can break the document. The gap
//! report includes them; `--format markdown` on `funding` and `capacity` writes them alone.
//! Sentences from the analyses go through [`prose`], so the ids they quote become code.

use std::fmt::Write;

use crate::analysis::benchmarks::CapacityReport;
use crate::analysis::funding::{Amount, Funding, Line};
use crate::money::Money;

use super::write::prose;
use crate::export::escape::{Escaping, Markdown};
use crate::export::text::benchmarks::{
    edition, missing_figure, number, overridden, provenance, reference, source_words, step_number,
    verdict,
};
use crate::export::text::funding::{
    dates, evidence_words, money_evidence, percent, printed_points, readings_list,
};

type W = Escaping<Markdown>;

/// A table: `header` is markup the exporter wrote; every cell is text, escaped.
fn table(w: &mut W, header: &[&str], right: &[usize], rows: &[Vec<String>]) {
    w.raw("\n|");
    for h in header {
        w.raw(" ").raw(h).raw(" |");
    }
    w.raw("\n|");
    for i in 0..header.len() {
        w.raw(if right.contains(&i) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    w.raw("\n");
    for r in rows {
        w.raw("|");
        for c in r {
            w.raw(" ").text(c).raw(" |");
        }
        w.raw("\n");
    }
}

fn list(xs: &[Amount], cur: &str) -> String {
    if xs.is_empty() {
        return "–".into();
    }
    xs.iter()
        .map(|a| format!("{} {}", a.id, a.amount.display(cur)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `### Earmarked money`, when the map has any: each line received for named services only, and
/// where it went.
fn earmarks(w: &mut W, f: &Funding) {
    let cur = f.currency.as_str();
    let rows: Vec<Vec<String>> = f
        .commissioners
        .iter()
        .flat_map(|c| c.earmarks.iter().map(move |e| (c, e)))
        .map(|(c, e)| {
            let named: Vec<&str> = e.services.iter().map(|s| s.as_str()).collect();
            vec![
                c.id.to_string(),
                e.from.to_string(),
                e.amount.display(cur).to_string(),
                named.join(", "),
                list(&e.reaches, cur),
                e.unspent.display(cur).to_string(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    w.raw("\n### Earmarked money\n\nMoney a commissioner received for named services only (`for:`): it reaches those services alone, never more than the commissioner pays them.\n");
    table(
        w,
        &[
            "Received by",
            "From",
            "Amount",
            "For",
            "Reaches",
            "Not spent",
        ],
        &[2, 5],
        &rows,
    );
}

/// `## Funding`: where money enters, commissioners, services, cohorts, evidence, need no money
/// reaches, single-funder dependence, and the rules followed.
pub fn funding_section(w: &mut W, f: &Funding) {
    let cur = f.currency.as_str();
    let money = |m: Money| m.display(cur).to_string();
    let t = &f.totals;
    w.raw("## Funding\n\n");
    let _ = write!(w, "Per year: {}", f.flow_words());
    if t.reaches_no_cohort != Money::ZERO {
        let _ = write!(
            w,
            "; {} reaches no cohort on the map",
            money(t.reaches_no_cohort)
        );
    }
    if t.unspent != Money::ZERO {
        let _ = write!(
            w,
            "; {} is received but not spent on the map",
            money(t.unspent)
        );
    }
    w.raw(".\n");

    commissioners_part(w, f);
    services_part(w, f);
    cohorts_part(w, f);
    evidence_part(w, f);
}

/// The commissioners' table, then the money earmarked for named services.
fn commissioners_part(w: &mut W, f: &Funding) {
    let cur = f.currency.as_str();
    let money = |m: Money| m.display(cur).to_string();
    w.raw("\n### Commissioners\n");
    let rows: Vec<Vec<String>> = f
        .commissioners
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.name.clone(),
                money(c.received),
                money(c.own),
                money(c.passed_on),
                money(c.spend_on_services),
            ]
        })
        .collect();
    table(
        w,
        &[
            "Commissioner",
            "Name",
            "Received",
            "Own money",
            "Passed on",
            "To services",
        ],
        &[2, 3, 4, 5],
        &rows,
    );

    earmarks(w, f);
}

/// The funded services' table.
fn services_part(w: &mut W, f: &Funding) {
    let cur = f.currency.as_str();
    let money = |m: Money| m.display(cur).to_string();
    w.raw("\n### Services\n");
    let rows: Vec<Vec<String>> = f
        .services
        .iter()
        .filter(|s| s.spend != Money::ZERO)
        .map(|s| {
            let funders: Vec<Amount> = s.funders.iter().map(Line::sender).collect();
            let contracts: Vec<String> = s
                .funders
                .iter()
                .map(|l| dates(l.contract.start, l.contract.end))
                .collect();
            vec![
                s.id.to_string(),
                s.model.clone(),
                money_evidence(s, money),
                money(s.spend),
                list(&funders, cur),
                if s.pooled { "yes".into() } else { "".into() },
                contracts.join("; "),
                s.cost_per_place.map_or("–".into(), money),
            ]
        })
        .collect();
    table(
        w,
        &[
            "Service",
            "Model",
            "Evidence",
            "Spend",
            "Funders",
            "Pooled",
            "Contracts",
            "Cost per place",
        ],
        &[3, 7],
        &rows,
    );
}

/// The cohorts' table.
fn cohorts_part(w: &mut W, f: &Funding) {
    let cur = f.currency.as_str();
    let money = |m: Money| m.display(cur).to_string();
    w.raw("\n### Cohorts\n");
    let rows: Vec<Vec<String>> = f
        .cohorts
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                number(c.people_needing_support),
                money(c.total),
                c.per_person.map_or("–".into(), money),
                list(&c.services, cur),
            ]
        })
        .collect();
    table(
        w,
        &[
            "Cohort",
            "Needing support",
            "Money reaching it",
            "Employment support per person",
            "Through",
        ],
        &[1, 2, 3],
        &rows,
    );
}

/// Spend by evidence level, specialist spend against need, the need no money reaches and what depends on a single funder.
fn evidence_part(w: &mut W, f: &Funding) {
    let cur = f.currency.as_str();
    let money = |m: Money| m.display(cur).to_string();
    w.raw("\n### Spend by evidence level\n");
    let rows: Vec<Vec<String>> = f
        .evidence
        .iter()
        .map(|e| {
            vec![
                evidence_words(e.evidence).into(),
                money(e.spend),
                percent(e.share),
                list(&e.services, cur),
                readings_list(&e.readings, cur),
            ]
        })
        .collect();
    table(
        w,
        &[
            "Evidence",
            "Spend",
            "Share",
            "Services",
            "Not at its model's level",
        ],
        &[1, 2],
        &rows,
    );

    w.raw("\n### Specialist spend against need\n\n");
    prose(w, crate::export::words::SPECIALIST_NEED);
    w.raw("\n");
    let rows: Vec<Vec<String>> = f
        .fair_shares
        .iter()
        .map(|s| {
            vec![
                s.cohort.to_string(),
                percent(s.need_share),
                s.spend_share.map_or_else(|| "n/a".to_owned(), percent),
                s.spend_share.map_or_else(
                    || "n/a".to_owned(),
                    |spend| printed_points(s.need_share, spend),
                ),
            ]
        })
        .collect();
    table(
        w,
        &[
            "Cohort",
            "Share of need",
            "Share of specialist spend",
            "Difference (points)",
        ],
        &[1, 2, 3],
        &rows,
    );
    w.raw("\n");
    prose(w, crate::export::words::PRINTED_DIFFERENCE);
    w.raw("\n");

    need_and_concentration(w, f);
    w.raw("\n### How money is followed\n\n");
    for r in &f.rules {
        w.raw("- ");
        prose(w, r);
        w.raw("\n");
    }
}

/// The need no money reaches, and what depends on a single funder.
fn need_and_concentration(w: &mut W, f: &Funding) {
    let cur = f.currency.as_str();
    if !f.unfunded_need.is_empty() {
        w.raw("\n### Need that no money reaches\n\n");
        for u in &f.unfunded_need {
            w.raw("- ");
            let _ = write!(
                w,
                "{} × {} ({} people): ",
                u.cohort,
                u.stage,
                number(u.need)
            );
            prose(w, &format!("{}. Nearest fix: {}.", u.why, u.fix));
            w.raw("\n");
        }
    }
    if !f.concentration.is_empty() {
        w.raw("\n### Depending on a single funder\n\n");
        for c in &f.concentration {
            w.raw("- ");
            let _ = write!(
                w,
                "{} × {} ({}): ",
                c.cohort,
                c.stage,
                c.amount.display(cur)
            );
            prose(w, &c.why);
            w.raw("\n");
        }
    }
}

/// `## Capacity against benchmarks`: each check's working as a table, its comparisons, what is
/// missing, and the sources of the benchmarks used.
pub fn capacity_section(w: &mut W, r: &CapacityReport) {
    w.raw("## Capacity against benchmarks\n");
    w.raw("\nAgainst the ").text(&edition(&r.table)).raw(".\n");
    if r.overridden.is_empty() {
        w.raw("\nBenchmarks: the built-in values; none overridden.\n");
    } else {
        w.raw("\nBenchmarks overridden:\n\n");
        for o in &r.overridden {
            w.raw("- ");
            w.text(&overridden(o));
            w.raw("\n");
        }
    }
    if !r.missing_figures.is_empty() {
        w.raw("\nArea figures missing (named, not assumed):\n\n");
        for m in &r.missing_figures {
            w.raw("- ");
            w.text(&missing_figure(m));
            w.raw("\n");
        }
    }
    for c in &r.checks {
        w.raw("\n### ").text(&c.title).raw("\n");
        if !c.working.is_empty() {
            let rows: Vec<Vec<String>> = c
                .working
                .iter()
                .map(|s| vec![step_number(c, s), s.what.clone(), provenance(s)])
                .collect();
            table(w, &["Figure", "What", "From"], &[0], &rows);
        }
        if !c.comparisons.is_empty() || !c.missing.is_empty() || !c.notes.is_empty() {
            w.raw("\n");
        }
        for cmp in &c.comparisons {
            w.raw("- ");
            prose(w, &format!("{}: {}", cmp.what, verdict(cmp)));
            w.raw("\n");
        }
        for m in &c.missing {
            w.raw("- missing: ");
            prose(w, m);
            w.raw("\n");
        }
        for n in &c.notes {
            w.raw("- note: ");
            prose(w, n);
            w.raw("\n");
        }
    }
    if !r.sources.is_empty() {
        w.raw("\n### Sources of the benchmarks used\n\n");
        for b in &r.sources {
            w.raw("- ");
            let _ = write!(w, "{} = {}: {}", b.id, number(b.value), source_words(b));
            w.raw("\n");
        }
    }
}

/// A whole Markdown document of the funding section, for `ecomap funding --format markdown`.
pub fn funding_document(f: &Funding, area: &str) -> String {
    let mut w = W::new();
    w.raw("# Funding flows: ").text(area).raw("\n\n");
    funding_section(&mut w, f);
    w.finish()
}

/// A whole Markdown document of the capacity section, for `ecomap capacity --format markdown`.
pub fn capacity_document(r: &CapacityReport, area: &str) -> String {
    let mut w = W::new();
    w.raw("# Capacity against benchmarks: ")
        .text(area)
        .raw("\n\n");
    capacity_section(&mut w, r);
    if !r.references.is_empty() {
        w.raw("\n## References\n\nThe source codes cited above:\n\n");
        for x in &r.references {
            w.raw("- ").text(&reference(x)).raw("\n");
        }
    }
    w.finish()
}
