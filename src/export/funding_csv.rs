//! `ecomap funding --format csv`: one table per view, written by the `csv` crate (which quotes and
//! escapes every field). Amounts are plain decimals in major units (`285000.00`) with the currency
//! in the column name, so a spreadsheet reads them as numbers; shares are decimals (`0.3`).

use crate::analysis::funding::{Amount, Earmark, Funding, Line};
use crate::money::Money;

use super::funding_text::View;

/// `285000.00`, `-12.50`.
pub fn decimal(m: Money) -> String {
    let sign = if m.0 < 0 { "-" } else { "" };
    let minor = m.0.unsigned_abs();
    format!("{sign}{}.{:02}", minor / 100, minor % 100)
}

fn list(xs: &[Amount]) -> String {
    xs.iter()
        .map(|a| format!("{} {}", a.id, decimal(a.amount)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `dwp 90000.00 for connect skills: connect 60000.00, skills 30000.00, not spent 0.00; …`.
fn earmarks(xs: &[Earmark]) -> String {
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
        .join("; ")
}

fn opt(m: Option<Money>) -> String {
    m.map(decimal).unwrap_or_default()
}

/// The CSV of a view; `View::All` gives every flow (origin, payer, service, cohort, stage, amount).
pub fn funding(f: &Funding, view: View) -> String {
    let cur = f.currency.as_str();
    let amount = |name: &str| format!("{name} ({cur})");
    let mut rows: Vec<Vec<String>> = Vec::new();
    match view {
        View::All => {
            rows.push(vec![
                "origin".into(),
                "payer".into(),
                "service".into(),
                "cohort".into(),
                "stage".into(),
                amount("amount"),
                "evidence".into(),
                "reading".into(),
            ]);
            for x in &f.flows {
                rows.push(vec![
                    x.origin.to_string(),
                    x.payer.to_string(),
                    x.service.to_string(),
                    x.cohort.as_ref().map(|c| c.to_string()).unwrap_or_default(),
                    x.stage.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                    decimal(x.amount),
                    x.evidence.name().into(),
                    x.reading.name().into(),
                ]);
            }
        }
        View::Commissioner => {
            rows.push(vec![
                "commissioner".into(),
                "name".into(),
                "kind".into(),
                amount("received"),
                amount("own money"),
                amount("passed on"),
                amount("to services"),
                amount("not spent on the map"),
                "received from".into(),
                "services".into(),
                "earmarked".into(),
            ]);
            for c in &f.commissioners {
                let from: Vec<Amount> = c.received_from.iter().map(Line::sender).collect();
                let to: Vec<Amount> = c.services.iter().map(Line::receiver).collect();
                rows.push(vec![
                    c.id.to_string(),
                    c.name.clone(),
                    c.kind.clone(),
                    decimal(c.received),
                    decimal(c.own),
                    decimal(c.passed_on),
                    decimal(c.spend_on_services),
                    decimal(c.unspent),
                    list(&from),
                    list(&to),
                    earmarks(&c.earmarks),
                ]);
            }
        }
        View::Service => {
            rows.push(vec![
                "service".into(),
                "name".into(),
                "model".into(),
                "evidence".into(),
                amount("spend"),
                "funders".into(),
                "pooled".into(),
                "places".into(),
                amount("cost per place"),
                "origins".into(),
                "basis".into(),
                amount("reaches no cohort"),
                amount("earmarked"),
            ]);
            for s in &f.services {
                let funders: Vec<Amount> = s.funders.iter().map(Line::sender).collect();
                rows.push(vec![
                    s.id.to_string(),
                    s.name.clone(),
                    s.model.clone(),
                    s.evidence.name().into(),
                    decimal(s.spend),
                    list(&funders),
                    s.pooled.to_string(),
                    s.places.map(|p| p.to_string()).unwrap_or_default(),
                    opt(s.cost_per_place),
                    list(&s.origins),
                    s.basis.name().into(),
                    decimal(s.reaches_no_cohort),
                    decimal(s.earmarked),
                ]);
            }
        }
        View::Cohort => {
            rows.push(vec![
                "cohort".into(),
                "stage".into(),
                "need".into(),
                amount("amount"),
                amount("per person"),
                "services".into(),
                "payers".into(),
                "origins".into(),
            ]);
            for c in &f.cohorts {
                for s in &c.stages {
                    rows.push(vec![
                        c.id.to_string(),
                        s.stage.to_string(),
                        s.need.to_string(),
                        decimal(s.amount),
                        opt(s.per_person),
                        list(&s.services),
                        list(&s.payers),
                        list(&s.origins),
                    ]);
                }
            }
        }
        View::Stage => {
            rows.push(vec![
                "stage".into(),
                "name".into(),
                "need".into(),
                amount("amount"),
                amount("per person"),
                "share".into(),
                "cohorts".into(),
            ]);
            for s in &f.stages {
                rows.push(vec![
                    s.stage.to_string(),
                    s.name.clone(),
                    s.need.to_string(),
                    decimal(s.amount),
                    opt(s.per_person),
                    s.share.to_string(),
                    list(&s.cohorts),
                ]);
            }
        }
        View::Evidence => {
            rows.push(vec![
                "evidence".into(),
                amount("spend"),
                "share".into(),
                "disinvestment candidates".into(),
                "services".into(),
                "not at its model's level".into(),
            ]);
            for e in &f.evidence {
                rows.push(vec![
                    e.evidence.name().into(),
                    decimal(e.spend),
                    e.share.to_string(),
                    e.disinvestment_candidates.to_string(),
                    list(&e.services),
                    e.readings
                        .iter()
                        .map(|r| format!("{} {}", r.reading.name(), decimal(r.amount)))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]);
            }
        }
    }
    super::csv_table::write(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_the_pennies() {
        assert_eq!(decimal(Money(28_500_000)), "285000.00");
        assert_eq!(decimal(Money(-1250)), "-12.50");
        assert_eq!(decimal(Money(7)), "0.07");
    }
}
