//! `ecomap funding --format csv`: one table per view, written through [`csv_table`] (quoted, and
//! text guarded against formulas). Amounts are plain decimals in major units (`285000.00`) with
//! the currency in the column name, so a spreadsheet reads them as numbers; shares are decimals
//! (`0.3`).

use crate::analysis::funding::{Amount, Earmark, Funding, Line};
use crate::money::Money;

use crate::export::csv::table::{self as csv_table, Cell, decimal};
use crate::export::text::funding::View;

/// `icb 1000.00; council 500.00`, as text.
fn list(xs: &[Amount]) -> Cell {
    Cell::text(
        xs.iter()
            .map(|a| format!("{} {}", a.id, decimal(a.amount)))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

fn money(m: Money) -> Cell {
    Cell::money(m)
}

/// `dwp 90000.00 for connect skills: connect 60000.00, skills 30000.00, not spent 0.00; …`.
fn earmarks(xs: &[Earmark]) -> Cell {
    Cell::text(
        xs.iter()
            .map(|e| {
                let named: Vec<&str> = e.services.iter().map(|s| s.as_str()).collect();
                let reaches: Vec<String> = e
                    .reaches
                    .iter()
                    .map(|a| format!("{} {}", a.id, decimal(a.amount)))
                    .chain(std::iter::once(format!("not spent {}", decimal(e.unspent))))
                    .collect();
                format!(
                    "{} {} for {}: {}",
                    e.from,
                    decimal(e.amount),
                    named.join(" "),
                    reaches.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}

fn opt(m: Option<Money>) -> Cell {
    Cell::opt(m, Cell::money)
}

/// A share, written in full.
fn share(v: f64) -> Cell {
    Cell::float(v)
}

/// The CSV of a view; `View::All` gives every flow (origin, payer, service, cohort, stage, amount).
pub fn funding(f: &Funding, view: View) -> String {
    let rows = match view {
        View::All => flows(f),
        View::Commissioner => commissioners(f),
        View::Service => services(f),
        View::Cohort => cohorts(f),
        View::Stage => stages(f),
        View::Evidence => evidence(f),
    };
    csv_table::write(&rows)
}

/// The name of a column of amounts, with the currency: `amount (GBP)`.
fn amount_column(f: &Funding, name: &str) -> String {
    format!("{name} ({})", f.currency)
}

/// Every flow: origin, payer, service, cohort, stage, amount.
fn flows(f: &Funding) -> Vec<Vec<Cell>> {
    let amount = |name: &str| amount_column(f, name);
    let mut rows = vec![csv_table::header(&[
        "origin".to_owned(),
        "payer".to_owned(),
        "service".to_owned(),
        "cohort".to_owned(),
        "stage".to_owned(),
        amount("amount"),
        "evidence".to_owned(),
        "reading".to_owned(),
    ])];
    for x in &f.flows {
        rows.push(vec![
            Cell::text(f.origin(x).as_str()),
            Cell::text(f.payer(x).as_str()),
            Cell::text(f.service(x).as_str()),
            Cell::text(f.cohort(x).map_or("", |c| c.as_str())),
            Cell::text(f.stage(x).map_or("", |s| s.as_str())),
            money(x.amount),
            Cell::text(x.evidence.name()),
            Cell::text(x.reading.name()),
        ]);
    }
    rows
}

/// One row a commissioner.
fn commissioners(f: &Funding) -> Vec<Vec<Cell>> {
    let amount = |name: &str| amount_column(f, name);
    let mut rows = vec![csv_table::header(&[
        "commissioner".to_owned(),
        "name".to_owned(),
        "kind".to_owned(),
        amount("received"),
        amount("own money"),
        amount("passed on"),
        amount("to services"),
        amount("not spent on the map"),
        "received from".to_owned(),
        "services".to_owned(),
        "earmarked".to_owned(),
    ])];
    for c in &f.commissioners {
        let from: Vec<Amount> = c.received_from.iter().map(Line::sender).collect();
        let to: Vec<Amount> = c.services.iter().map(Line::receiver).collect();
        rows.push(vec![
            Cell::text(c.id.as_str()),
            Cell::text(c.name.as_str()),
            Cell::text(c.kind.as_str()),
            money(c.received),
            money(c.own),
            money(c.passed_on),
            money(c.spend_on_services),
            money(c.unspent),
            list(&from),
            list(&to),
            earmarks(&c.earmarks),
        ]);
    }
    rows
}

/// One row a service.
fn services(f: &Funding) -> Vec<Vec<Cell>> {
    let amount = |name: &str| amount_column(f, name);
    let mut rows = vec![csv_table::header(&[
        "service".to_owned(),
        "name".to_owned(),
        "model".to_owned(),
        "evidence".to_owned(),
        amount("spend"),
        "funders".to_owned(),
        "pooled".to_owned(),
        "places".to_owned(),
        amount("cost per place"),
        "origins".to_owned(),
        "basis".to_owned(),
        amount("reaches no cohort"),
        amount("earmarked"),
    ])];
    for s in &f.services {
        let funders: Vec<Amount> = s.funders.iter().map(Line::sender).collect();
        rows.push(vec![
            Cell::text(s.id.as_str()),
            Cell::text(s.name.as_str()),
            Cell::text(s.model.as_str()),
            Cell::text(s.evidence.name()),
            money(s.spend),
            list(&funders),
            Cell::yes_no(s.pooled),
            Cell::opt(s.places, Cell::whole),
            opt(s.cost_per_place),
            list(&s.origins),
            Cell::text(s.basis.name()),
            money(s.reaches_no_cohort),
            money(s.earmarked),
        ]);
    }
    rows
}

/// One row a cohort-stage, then a row for a cohort's money that is not employment support.
fn cohorts(f: &Funding) -> Vec<Vec<Cell>> {
    let amount = |name: &str| amount_column(f, name);
    let mut rows = vec![csv_table::header(&[
        "cohort".to_owned(),
        "stage".to_owned(),
        "need".to_owned(),
        amount("amount"),
        amount("per person"),
        "services".to_owned(),
        "payers".to_owned(),
        "origins".to_owned(),
    ])];
    for c in &f.cohorts {
        for s in &c.stages {
            rows.push(vec![
                Cell::text(c.id.as_str()),
                Cell::text(s.stage.as_str()),
                Cell::float(s.need),
                money(s.amount),
                opt(s.per_person),
                list(&s.services),
                list(&s.payers),
                list(&s.origins),
            ]);
        }
        // Money beyond services' employment shares: the cohort's, on no stage (stage and need
        // empty), so the rows of a cohort add up to its money.
        let beyond = &c.not_employment;
        if beyond.amount != Money::ZERO {
            rows.push(vec![
                Cell::text(c.id.as_str()),
                Cell::empty(),
                Cell::empty(),
                money(beyond.amount),
                Cell::empty(),
                list(&beyond.services),
                list(&beyond.payers),
                list(&beyond.origins),
            ]);
        }
    }
    rows
}

/// One row a stage, then a row for the money that is not employment support (stage, need and
/// per person empty), so the shares add up to all the money reaching cohorts.
fn stages(f: &Funding) -> Vec<Vec<Cell>> {
    let amount = |name: &str| amount_column(f, name);
    let mut rows = vec![csv_table::header(&[
        "stage".to_owned(),
        "name".to_owned(),
        "need".to_owned(),
        amount("amount"),
        amount("per person"),
        "share".to_owned(),
        "cohorts".to_owned(),
    ])];
    for s in &f.stages {
        rows.push(vec![
            Cell::text(s.stage.as_str()),
            Cell::text(s.name.as_str()),
            Cell::float(s.need),
            money(s.amount),
            opt(s.per_person),
            share(s.share),
            list(&s.cohorts),
        ]);
    }
    let rest = &f.not_employment;
    if rest.amount != Money::ZERO {
        rows.push(vec![
            Cell::empty(),
            Cell::text(crate::export::text::funding::NOT_EMPLOYMENT_ROW),
            Cell::empty(),
            money(rest.amount),
            Cell::empty(),
            share(rest.share),
            list(&rest.cohorts),
        ]);
    }
    rows
}

/// One row an evidence level.
fn evidence(f: &Funding) -> Vec<Vec<Cell>> {
    let amount = |name: &str| amount_column(f, name);
    let mut rows = vec![csv_table::header(&[
        "evidence".to_owned(),
        amount("spend"),
        "share".to_owned(),
        "disinvestment candidates".to_owned(),
        "services".to_owned(),
        "not at its model's level".to_owned(),
    ])];
    for e in &f.evidence {
        rows.push(vec![
            Cell::text(e.evidence.name()),
            money(e.spend),
            share(e.share),
            Cell::yes_no(e.disinvestment_candidates),
            list(&e.services),
            Cell::text(
                e.readings
                    .iter()
                    .map(|r| format!("{} {}", r.reading.name(), decimal(r.amount)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_the_pennies() {
        use super::decimal;
        assert_eq!(decimal(Money(28_500_000)), "285000.00");
        assert_eq!(decimal(Money(-1250)), "-12.50");
        assert_eq!(decimal(Money(7)), "0.07");
    }
}
