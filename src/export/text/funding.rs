//! `ecomap funding` as text for the terminal: tables of money with the area's currency and
//! thousands separators, in the orders the analysis gives.

use crate::analysis::funding::{
    Amount, Basis, Dependence, Funding, Line, Reading, ReadingSpend, ServiceFunding, Unreached,
};
use crate::benchmarks::Evidence;
use crate::date::Date;
use crate::money::Money;

use crate::export::text::{Table, clean, people, wrap};

/// Which part of the funding analysis to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Everything, in the order below.
    All,
    Commissioner,
    Service,
    Cohort,
    Stage,
    Evidence,
}

/// `30.0%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `+11.6`: the second share less the first in percentage points, taken from the two as
/// [`percent`] prints them (15.6% and 27.2% give +11.6, where the shares unrounded give +11.7),
/// so that a table's columns subtract as a reader checks them.
pub fn printed_points(from: f64, to: f64) -> String {
    let tenths = |share: f64| -> i64 {
        format!("{:.1}", share * 100.0)
            .replace('.', "")
            .parse()
            .unwrap_or(0)
    };
    format!("{:+.1}", (tenths(to) - tenths(from)) as f64 / 10.0)
}

/// `2024-04-01 to 2027-03-31`, `to 2027-03-31`, `from 2024-04-01`, or `–`.
pub fn dates(start: Option<Date>, end: Option<Date>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{s} to {e}"),
        (None, Some(e)) => format!("to {e}"),
        (Some(s), None) => format!("from {s}"),
        (None, None) => "–".to_owned(),
    }
}

/// A word for an evidence level, as a commissioner reads it.
pub fn evidence_words(e: Evidence) -> &'static str {
    match e {
        Evidence::Strong => "strong",
        Evidence::Emerging => "emerging",
        Evidence::Limited => "limited",
        Evidence::Against => "against (disinvest)",
        Evidence::Unknown => "unknown",
        Evidence::NotRated => "not rated",
    }
}

/// The evidence level(s) a service's money has (not its model's level alone): one word when all
/// its money is at one level (`limited`), else each level with its amount, strongest first
/// (`strong £40,000, limited £40,000`). A service with no money: its model's level.
pub fn money_evidence(s: &ServiceFunding, money: impl Fn(Money) -> String) -> String {
    let levels = s.money_levels();
    match levels.as_slice() {
        [] => evidence_words(s.evidence).to_owned(),
        [(level, _)] => evidence_words(*level).to_owned(),
        _ => levels
            .iter()
            .map(|(level, amount)| format!("{} {}", evidence_words(*level), money(*amount)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Why money is not at its model's own level, in a commissioner's words.
pub fn reading_words(r: Reading) -> &'static str {
    match r {
        Reading::Model => "at its model's level",
        Reading::OutsidePopulation => {
            "IPS money reaching people outside secondary mental health care (counted as IPS in primary care, 004 §44)"
        }
        Reading::PopulationUndetermined => {
            "IPS money reaching cohorts whose care setting the map does not settle, or no cohort (unknown)"
        }
        Reading::BelowFairFidelity => {
            "IPS money spent by services below the fair band of fidelity (counted as specialist employment, 004 §26-28)"
        }
        Reading::NotEmployment => {
            "services' money beyond their employment share (not employment support)"
        }
    }
}

/// A short label for why money is not at its model's own level, for tables.
pub fn reading_label(r: Reading) -> &'static str {
    match r {
        Reading::Model => "model's level",
        Reading::OutsidePopulation => "IPS outside secondary care",
        Reading::PopulationUndetermined => "IPS, care setting not settled",
        Reading::BelowFairFidelity => "IPS below fair fidelity",
        Reading::NotEmployment => "beyond employment share",
    }
}

/// `IPS outside secondary care £40,000; …`, or `–`.
pub fn readings_list(xs: &[ReadingSpend], currency: &str) -> String {
    if xs.is_empty() {
        return "–".to_owned();
    }
    xs.iter()
        .map(|r| {
            format!(
                "{} {}",
                reading_label(r.reading),
                r.amount.display(currency)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

struct Fmt<'a> {
    currency: &'a str,
}

impl Fmt<'_> {
    fn money(&self, m: Money) -> String {
        m.display(self.currency).to_string()
    }

    fn opt(&self, m: Option<Money>) -> String {
        m.map_or_else(|| "–".to_owned(), |m| self.money(m))
    }

    /// `icb £60,000, council £55,000`.
    fn list(&self, xs: &[Amount]) -> String {
        if xs.is_empty() {
            return "–".to_owned();
        }
        xs.iter()
            .map(|a| format!("{} {}", a.id, self.money(a.amount)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The whole report, or one view of it.
pub fn funding(f: &Funding, view: View) -> String {
    let x = Fmt {
        currency: &f.currency,
    };
    let mut out = String::new();
    out.push_str(&wrap(
        "",
        0,
        &format!("Funding flows, per year. {}.", f.flow_words()),
    ));
    for lost in f.lost_words() {
        out.push_str(&wrap("", 0, &format!("{lost}.")));
    }
    for c in &f.cycles {
        let ids: Vec<&str> = c.iter().map(|i| i.as_str()).collect();
        out.push_str(&wrap(
            "",
            0,
            &format!(
                "Funding cycle: {} fund each other; money coming round it is taken to originate at its sender.",
                ids.join(", ")
            ),
        ));
    }
    if !f.evidence_overridden.is_empty() {
        out.push_str(&wrap(
            "",
            0,
            &format!(
                "Evidence levels overridden: {}.",
                f.evidence_overridden.join(", ")
            ),
        ));
    }
    let show = |v: View| view == View::All || view == v;
    if show(View::Commissioner) {
        commissioners(&mut out, f, &x);
    }
    if show(View::Service) {
        services(&mut out, f, &x);
    }
    if show(View::Cohort) {
        cohorts(&mut out, f, &x);
    }
    if show(View::Stage) {
        stages(&mut out, f, &x);
    }
    if show(View::Evidence) {
        evidence(&mut out, f, &x);
    }
    out.push_str("\nHow money is followed\n");
    for r in &f.rules {
        out.push_str(&wrap("- ", 2, &r.to_string()));
    }
    out
}

fn commissioners(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    out.push_str("\nWhere money enters\n");
    let mut t = Table::new(&["funder", "kind", "own money", "share"]).right_align(&[2, 3]);
    for c in f.commissioners.iter().filter(|c| c.own != Money::ZERO) {
        t.row(&[
            c.id.as_str(),
            &c.kind,
            &x.money(c.own),
            &percent(if f.totals.entering.0 == 0 {
                0.0
            } else {
                c.own.0 as f64 / f.totals.entering.0 as f64
            }),
        ]);
    }
    out.push_str(&t.render());

    out.push_str("\nCommissioners\n");
    let mut t = Table::new(&[
        "commissioner",
        "received",
        "own money",
        "passed on",
        "to services",
        "not spent on the map",
    ])
    .right_align(&[1, 2, 3, 4, 5]);
    for c in &f.commissioners {
        t.row(&[
            c.id.as_str(),
            &x.money(c.received),
            &x.money(c.own),
            &x.money(c.passed_on),
            &x.money(c.spend_on_services),
            &x.money(c.unspent),
        ]);
    }
    out.push_str(&t.render());

    payments(out, f, x);
    earmarks(out, f, x);

    spend_by_stage_and_evidence(out, f);
    let held: Vec<_> = f
        .commissioners
        .iter()
        .filter(|c| c.unspent != Money::ZERO)
        .collect();
    if !held.is_empty() {
        out.push('\n');
        out.push_str(&wrap(
            "",
            0,
            "Received but not spent on the map (services missing from the map, or money spent elsewhere)",
        ));
        for c in held {
            let line = format!(
                "{}: {} (from {})",
                c.id,
                x.money(c.unspent),
                x.list(&c.unspent_origins)
            );
            out.push_str(&wrap("- ", 2, &line));
        }
    }
}

/// Every payment: commissioner to commissioner, then to services, with where its money entered.
fn payments(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    out.push_str("\nPayments and contracts (origin: where the money entered)\n");
    let mut t = Table::new(&["from", "to", "amount", "contract", "origin"]).right_align(&[2]);
    let line = |t: &mut Table, l: &Line| {
        t.row(&[
            l.from.as_str(),
            l.to.as_str(),
            &x.money(l.amount),
            &dates(l.contract.start, l.contract.end),
            &x.list(&l.origins),
        ]);
    };
    for c in &f.commissioners {
        for l in c.passed_to.iter().chain(&c.services) {
            line(&mut t, l);
        }
    }
    out.push_str(&t.render());
}

/// Each commissioner's spend on services, by the stage it reaches and by its evidence level.
fn spend_by_stage_and_evidence(out: &mut String, f: &Funding) {
    out.push_str("\nEach commissioner's spend on services, by stage reached and by evidence\n");
    let mut t = Table::new(&["commissioner", "by stage", "by evidence level"]);
    for c in f
        .commissioners
        .iter()
        .filter(|c| c.spend_on_services != Money::ZERO)
    {
        let stages: Vec<String> = c
            .by_stage
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    match &p.stage {
                        Some(s) => s.as_str(),
                        None if p.not_employment => "not employment support",
                        None => "no cohort",
                    },
                    percent(p.share)
                )
            })
            .collect();
        let levels: Vec<String> = c
            .by_evidence
            .iter()
            .map(|p| format!("{} {}", evidence_words(p.evidence), percent(p.share)))
            .collect();
        t.row(&[c.id.as_str(), &stages.join(", "), &levels.join(", ")]);
    }
    out.push_str(&t.render());
}

/// Money received for named services only, when the map has any.
fn earmarks(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    let mut t =
        Table::new(&["to", "from", "amount", "for", "reaches", "not spent"]).right_align(&[2, 5]);
    let mut any = false;
    for c in &f.commissioners {
        for e in &c.earmarks {
            any = true;
            let named: Vec<&str> = e.services.iter().map(|s| s.as_str()).collect();
            t.row(&[
                c.id.as_str(),
                e.from.as_str(),
                &x.money(e.amount),
                &named.join(", "),
                &x.list(&e.reaches),
                &x.money(e.unspent),
            ]);
        }
    }
    if any {
        out.push_str("\nEarmarked money (it reaches only the services it is for)\n");
        out.push_str(&t.render());
    }
}

fn services(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    out.push_str("\nServices\n");
    let mut t = Table::new(&[
        "service",
        "model",
        "evidence",
        "spend",
        "funders",
        "pooled",
        "places",
        "cost per place",
    ])
    .right_align(&[3, 6, 7]);
    for s in f.services.iter().filter(|s| s.spend != Money::ZERO) {
        let funders: Vec<Amount> = s.funders.iter().map(Line::sender).collect();
        t.row(&[
            s.id.as_str(),
            &s.model,
            &money_evidence(s, |m| x.money(m)),
            &x.money(s.spend),
            &x.list(&funders),
            if s.pooled { "pooled" } else { "" },
            &s.places.map_or_else(|| "unknown".to_owned(), people),
            &x.opt(s.cost_per_place),
        ]);
    }
    out.push_str(&t.render());
    // Where each service's money entered, after the table: the longest cell of a row, it would
    // make the table wider than a terminal.
    out.push_str("Where each service's money entered the map (origin)\n");
    for s in f.services.iter().filter(|s| s.spend != Money::ZERO) {
        out.push_str(&wrap("- ", 2, &format!("{}: {}", s.id, x.list(&s.origins))));
    }
    let unfunded: Vec<&str> = f
        .services
        .iter()
        .filter(|s| s.spend == Money::ZERO)
        .map(|s| s.id.as_str())
        .collect();
    if !unfunded.is_empty() {
        out.push_str(&wrap(
            "No funding on the map: ",
            2,
            &format!("{}.", unfunded.join(", ")),
        ));
    }

    whom_money_reaches(out, f, x);
}

/// Whom each service's money reaches: each cohort, its people and the amount by stage.
fn whom_money_reaches(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    out.push_str(
        "\nWhom each service's money reaches (people: places given, or need where marked)\n",
    );
    let mut t =
        Table::new(&["service", "cohort", "people", "amount", "by stage"]).right_align(&[2, 3]);
    for s in f.services.iter().filter(|s| s.spend != Money::ZERO) {
        if s.basis == Basis::NoCohort {
            t.row(&[
                s.id.as_str(),
                "no cohort on the map",
                "",
                &x.money(s.reaches_no_cohort),
                "",
            ]);
            continue;
        }
        for c in &s.cohorts {
            let mut stages: Vec<String> = c
                .stages
                .iter()
                .map(|st| format!("{} {}", st.stage, x.money(st.amount)))
                .collect();
            if c.not_employment != Money::ZERO {
                stages.push(format!(
                    "not employment support {}",
                    x.money(c.not_employment)
                ));
            }
            let n = people(c.people);
            t.row(&[
                s.id.as_str(),
                c.cohort.as_str(),
                &if s.basis == Basis::Need {
                    format!("{n} (need)")
                } else {
                    n
                },
                &x.money(c.amount),
                &stages.join(", "),
            ]);
        }
    }
    out.push_str(&t.render());
}

fn cohorts(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    out.push_str("\nCohorts\n");
    let mut t = Table::new(&[
        "cohort",
        "needing support",
        "money reaching it",
        "employment support per person",
        "through",
    ])
    .right_align(&[1, 2, 3]);
    for c in &f.cohorts {
        t.row(&[
            c.id.as_str(),
            &people(c.people_needing_support),
            &x.money(c.total),
            &x.opt(c.per_person),
            &x.list(&c.services),
        ]);
    }
    out.push_str(&t.render());

    out.push_str("\nCohort-stages\n");
    let mut t = Table::new(&[
        "cohort",
        "stage",
        "need",
        "money",
        "per person",
        "paid by",
        "origin",
    ])
    .right_align(&[2, 3, 4]);
    for c in &f.cohorts {
        for s in &c.stages {
            t.row(&[
                c.id.as_str(),
                s.stage.as_str(),
                &people(s.need),
                &x.money(s.amount),
                &x.opt(s.per_person),
                &x.list(&s.payers),
                &x.list(&s.origins),
            ]);
        }
    }
    out.push_str(&t.render());
    let beyond: Vec<String> = f
        .cohorts
        .iter()
        .filter(|c| c.not_employment.amount != Money::ZERO)
        .map(|c| {
            format!(
                "{} {} ({})",
                c.id,
                x.money(c.not_employment.amount),
                x.list(&c.not_employment.services)
            )
        })
        .collect();
    if !beyond.is_empty() {
        out.push_str(&wrap(
            "",
            0,
            &format!(
                "Not employment support (beyond a service's employment share; in the cohort's money, on no stage): {}.",
                beyond.join(", ")
            ),
        ));
    }

    unfunded_need(out, f);
    concentration(out, f, x);
    fair_shares(out, f, x);
}

/// The cohort-stages with need that no money reaches, with why and the nearest fix.
fn unfunded_need(out: &mut String, f: &Funding) {
    if !f.unfunded_need.is_empty() {
        out.push_str("\nNeed that no money reaches\n");
        for u in &f.unfunded_need {
            let kind = match u.reason {
                Unreached::NoRoute => "no route",
                Unreached::Unfunded => "unfunded",
                Unreached::PlacesTaken => "places taken",
            };
            let line = format!(
                "{} × {} ({} people, {kind}): {}",
                u.cohort,
                u.stage,
                people(u.need),
                u.why
            );
            out.push_str(&wrap("- ", 2, &line));
            out.push_str(&wrap("    nearest fix: ", 6, &u.fix));
        }
    }
}

/// The cohort-stages whose money depends on a single funder.
fn concentration(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    if !f.concentration.is_empty() {
        out.push_str("\nCohort-stages depending on a single funder\n");
        let mut t =
            Table::new(&["cohort", "stage", "money", "funder", "depends on"]).right_align(&[2]);
        for c in &f.concentration {
            t.row(&[
                c.cohort.as_str(),
                c.stage.as_str(),
                &x.money(c.amount),
                c.funder.as_str(),
                match c.dependence {
                    Dependence::SinglePayer => "one commissioner pays",
                    Dependence::SingleOrigin => "all money enters there",
                },
            ]);
        }
        out.push_str(&t.render());
    }
}

/// Each cohort's share of specialist spend against its share of the people needing support.
fn fair_shares(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    out.push('\n');
    out.push_str(&wrap(
        "",
        0,
        "Specialist spend against need: does each cohort's share of specialist spend match its share of the people needing support?",
    ));
    let mut t = Table::new(&[
        "cohort",
        "needing support",
        "share of need",
        "specialist spend",
        "share of spend",
        "difference",
    ])
    .right_align(&[1, 2, 3, 4, 5]);
    for s in &f.fair_shares {
        t.row(&[
            s.cohort.as_str(),
            &people(s.people_needing_support),
            &percent(s.need_share),
            &x.money(s.specialist_spend),
            &s.spend_share.map_or_else(|| "n/a".to_owned(), percent),
            &s.spend_share.map_or_else(
                || "n/a".to_owned(),
                |spend| format!("{} points", printed_points(s.need_share, spend)),
            ),
        ]);
    }
    out.push_str(&t.render());
    out.push_str(&wrap("", 0, crate::export::words::PRINTED_DIFFERENCE));
    out.push_str(&wrap("", 0, crate::export::words::SPECIALIST_NEED));
    if !f.fair_shares.is_empty() && f.fair_shares.iter().all(|s| s.spend_share.is_none()) {
        out.push_str("No specialist spend on the map: its shares are not applicable (n/a).\n");
    }
}

/// The stage view's row of the money that is not employment support.
pub const NOT_EMPLOYMENT_ROW: &str = "not employment support";

fn stages(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    out.push_str("\nStages\n");
    let mut t = Table::new(&["stage", "need", "money", "per person", "share", "cohorts"])
        .right_align(&[1, 2, 3, 4]);
    for s in &f.stages {
        t.row(&[
            s.stage.as_str(),
            &people(s.need),
            &x.money(s.amount),
            &x.opt(s.per_person),
            &percent(s.share),
            &x.list(&s.cohorts),
        ]);
    }
    // Money beyond services' employment shares reaches cohorts but no stage: its own row, so
    // the shares add up to all the money reaching cohorts.
    let rest = &f.not_employment;
    if rest.amount != Money::ZERO {
        t.row(&[
            NOT_EMPLOYMENT_ROW,
            "–",
            &x.money(rest.amount),
            "–",
            &percent(rest.share),
            &x.list(&rest.cohorts),
        ]);
    }
    out.push_str(&t.render());
    if rest.amount != Money::ZERO {
        out.push_str(&wrap(
            "",
            0,
            "Shares are of all money reaching cohorts; the last row is money beyond services' employment shares, which is not employment support and reaches the cohorts but no stage.",
        ));
    }
}

fn evidence(out: &mut String, f: &Funding, x: &Fmt<'_>) {
    out.push_str("\nSpend by evidence level (004 §18-54)\n");
    let mut t = Table::new(&[
        "evidence",
        "spend",
        "share",
        "services",
        "not at its model's level",
    ])
    .right_align(&[1, 2]);
    for e in &f.evidence {
        t.row(&[
            evidence_words(e.evidence),
            &x.money(e.spend),
            &percent(e.share),
            &x.list(&e.services),
            &clean(&readings_list(&e.readings, x.currency)),
        ]);
    }
    out.push_str(&t.render());
    for e in f.evidence.iter().filter(|e| e.disinvestment_candidates) {
        let line = format!(
            "Candidates for disinvestment, or conversion to supported employment (004 §51-54): {} a year on {}.",
            x.money(e.spend),
            e.services
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        out.push_str(&wrap("", 0, &line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_of_shares_is_taken_from_the_shares_as_printed() {
        // 15.554% prints as 15.6% and 27.246% as 27.2%. Unrounded, 27.246 - 15.554 = 11.692
        // would print +11.7; the printed shares subtract to 27.2 - 15.6 = +11.6.
        assert_eq!(percent(0.15554), "15.6%");
        assert_eq!(percent(0.27246), "27.2%");
        assert_eq!(printed_points(0.15554, 0.27246), "+11.6");
        // 5.84% prints as 5.8% and 0.26% as 0.3%: 0.3 - 5.8 = -5.5, where -5.58 would be -5.6.
        assert_eq!(printed_points(0.0584, 0.0026), "-5.5");
        assert_eq!(printed_points(0.1, 0.1), "+0.0");
    }
}
