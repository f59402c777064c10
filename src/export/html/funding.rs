//! The funding analysis: the totals, each commissioner's money, each service's funders, the money
//! reaching each cohort (per person too), spend by evidence level with the disinvestment
//! candidates, each cohort's share of specialist spend against its share of need, the need no money reaches,
//! the cohort-stages that depend on one funder, and the rules by which money is followed.

use std::fmt::Write;

use super::{Cell, Out, Section, cell, esc, num, prose, table};
use crate::analysis::funding::{Amount, Funding, Line};
use crate::export::text::funding::{
    dates, evidence_words, money_evidence, percent, printed_points, readings_list,
};
use crate::export::text::people;
use crate::graph::Ecosystem;
use crate::money::Money;

/// Amounts by entity, one a line: `icb £60,000`; `–` for none. Ids, not names: the lists stand
/// beside the names of what they belong to, and ids are short.
fn amounts(xs: &[Amount], cur: &str) -> String {
    if xs.is_empty() {
        return "–".to_owned();
    }
    xs.iter()
        .map(|a| {
            format!(
                "<span class=\"nowrap\"><code>{}</code> {}</span>",
                esc(a.id.as_str()),
                esc(&a.amount.display(cur).to_string())
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Money received for named services only, when the map has any.
fn earmarks(w: &mut Out, f: &Funding) {
    let cur = f.currency.as_str();
    let rows: Vec<Vec<Cell>> = f
        .commissioners
        .iter()
        .flat_map(|c| c.earmarks.iter().map(move |e| (c, e)))
        .map(|(c, e)| {
            let named: Vec<String> = e
                .services
                .iter()
                .map(|s| format!("<code>{}</code>", esc(s.as_str())))
                .collect();
            vec![
                cell(&c.name),
                (format!("<code>{}</code>", esc(e.from.as_str())), ""),
                num(&e.amount.display(cur).to_string()),
                (named.join(", "), ""),
                (amounts(&e.reaches, cur), ""),
                num(&e.unspent.display(cur).to_string()),
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    w.raw("<h3>Earmarked money</h3>\n<p>Money a commissioner received for named services only: it reaches those services alone, never more than the commissioner pays them.</p>\n");
    table(
        w,
        "funding-earmarks",
        &[
            ("Received by", false),
            ("From", false),
            ("Amount", true),
            ("For", false),
            ("Reaches", false),
            ("Not spent", true),
        ],
        &rows,
    );
}

pub(super) fn section(eco: &Ecosystem, f: &Funding) -> Section {
    let m = &eco.map;
    let mut w = Out::new();
    let _ = write!(w.raw("<p>"), "Per year: {}", f.flow_words());
    for lost in f.lost_words() {
        let _ = write!(w, "; {lost}");
    }
    w.raw(". How money is followed is <a href=\"#funding-rules\">set out below</a>.</p>\n");
    for c in &f.cycles {
        let names: Vec<&str> = c.iter().map(|i| m.name_of(i.as_str())).collect();
        w.raw("<p class=\"note\">");
        let _ = write!(
            w,
            "Funding cycle: {} fund each other; money coming round it is taken to originate at its sender.",
            names.join(", ")
        );
        w.raw("</p>\n");
    }
    if !f.evidence_overridden.is_empty() {
        w.raw("<p class=\"note\">");
        let _ = write!(
            w,
            "Evidence levels overridden: {}.",
            f.evidence_overridden.join(", ")
        );
        w.raw("</p>\n");
    }

    commissioners(&mut w, f);
    services(&mut w, f);
    cohorts(&mut w, eco, f);
    evidence(&mut w, eco, f);

    w.raw("<h3 id=\"funding-rules\">How money is followed</h3>\n<ul>\n");
    for r in &f.rules {
        w.raw("<li>");
        w.text(r);
        w.raw("</li>\n");
    }
    w.raw("</ul>\n");
    Section {
        id: "funding",
        title: "Funding flows",
        body: w.finish(),
    }
}

/// The commissioners: their own money, what each receives, passes on, pays to services and does not spend.
fn commissioners(w: &mut Out, f: &Funding) {
    let cur = f.currency.as_str();
    let money = |x: Money| x.display(cur).to_string();
    w.raw("<h3>Commissioners</h3>\n");
    let rows: Vec<Vec<Cell>> = f
        .commissioners
        .iter()
        .map(|c| {
            let from: Vec<Amount> = c.received_from.iter().map(Line::sender).collect();
            vec![
                cell(&c.name),
                num(&money(c.own)),
                num(&money(c.received)),
                (amounts(&from, cur), ""),
                num(&money(c.passed_on)),
                num(&money(c.spend_on_services)),
                num(&money(c.unspent)),
            ]
        })
        .collect();
    table(
        w,
        "funding-commissioners",
        &[
            ("Commissioner", false),
            ("Own money", true),
            ("Received", true),
            ("From", false),
            ("Passed on", true),
            ("To services", true),
            ("Not spent on the map", true),
        ],
        &rows,
    );

    earmarks(w, f);
}

/// The funded services: evidence level, funders, contracts, pooling and cost per place.
fn services(w: &mut Out, f: &Funding) {
    let cur = f.currency.as_str();
    let money = |x: Money| x.display(cur).to_string();
    w.raw("<h3>Services</h3>\n<p>Funded services. Pooled: two or more commissioners fund it. Cost per place: funding ÷ places a year, where places are known.</p>\n");
    let rows: Vec<Vec<Cell>> = f
        .services
        .iter()
        .filter(|s| s.spend != Money::ZERO)
        .map(|s| {
            let funders: Vec<String> = s
                .funders
                .iter()
                .map(|l| {
                    let contract = dates(l.contract.start, l.contract.end);
                    let mut line = format!(
                        "<code>{}</code> {}",
                        esc(l.from.as_str()),
                        esc(&money(l.amount))
                    );
                    if contract != "–" {
                        let _ = write!(line, " ({})", esc(&contract));
                    }
                    line
                })
                .collect();
            vec![
                cell(&s.name),
                cell(&money_evidence(s, money)),
                num(&money(s.spend)),
                (funders.join("<br>"), ""),
                cell(if s.pooled { "pooled" } else { "" }),
                num(&s.cost_per_place.map_or_else(|| "–".to_owned(), money)),
                (
                    amounts(
                        &s.cohorts
                            .iter()
                            .map(|c| Amount {
                                id: c.cohort.clone(),
                                amount: c.amount,
                            })
                            .collect::<Vec<_>>(),
                        cur,
                    ),
                    "",
                ),
            ]
        })
        .collect();
    table(
        w,
        "funding-services",
        &[
            ("Service", false),
            ("Evidence", false),
            ("Funding", true),
            ("Funders (contract)", false),
            ("Pooled", false),
            ("Cost per place", true),
            ("Reaches", false),
        ],
        &rows,
    );
}

/// The money reaching each cohort, and the need no money reaches.
fn cohorts(w: &mut Out, eco: &Ecosystem, f: &Funding) {
    let m = &eco.map;
    let cur = f.currency.as_str();
    let money = |x: Money| x.display(cur).to_string();
    w.raw("<h3>Cohorts</h3>\n<p>Money reaching each cohort through the services that serve it; employment support per person: the money reaching it less any beyond a service's employment share (not employment support), for each of the people needing support (the most needing any one of its stages).</p>\n");
    let rows: Vec<Vec<Cell>> = f
        .cohorts
        .iter()
        .map(|c| {
            vec![
                cell(&c.name),
                num(&people(c.people_needing_support)),
                num(&money(c.total)),
                num(&c.per_person.map_or_else(|| "–".to_owned(), money)),
                (amounts(&c.services, cur), ""),
            ]
        })
        .collect();
    table(
        w,
        "funding-cohorts",
        &[
            ("Cohort", false),
            ("Needing support", true),
            ("Money reaching it", true),
            ("Employment support per person", true),
            ("Through", false),
        ],
        &rows,
    );

    if !f.unfunded_need.is_empty() {
        w.raw("<h3>Need no money reaches</h3>\n");
        let rows: Vec<Vec<Cell>> = f
            .unfunded_need
            .iter()
            .map(|u| {
                vec![
                    cell(m.name_of(u.cohort.as_str())),
                    cell(u.stage.as_str()),
                    num(&people(u.need)),
                    (prose(&u.why), ""),
                    (prose(&u.fix), ""),
                ]
            })
            .collect();
        table(
            w,
            "funding-unreached",
            &[
                ("Cohort", false),
                ("Stage", false),
                ("People", true),
                ("Why", false),
                ("Nearest fix", false),
            ],
            &rows,
        );
    }
}

/// Spend by evidence level, specialist spend against need, and what depends on a single funder.
fn evidence(w: &mut Out, eco: &Ecosystem, f: &Funding) {
    let cur = f.currency.as_str();
    let money = |x: Money| x.display(cur).to_string();
    w.raw("<h3>Spend by evidence level</h3>\n<p>How strong the evidence is that the money helps people into paid work: the level of each service's model in the benchmark table, except IPS, which is strong only for people in secondary mental health care (004 §20) and not below the fair band of fidelity, and money beyond a service's employment share, which is not employment support. Where the evidence is against a model, its services are candidates for disinvestment.</p>\n");
    let rows: Vec<Vec<Cell>> = f
        .evidence
        .iter()
        .map(|e| {
            let mut services = amounts(&e.services, cur);
            if e.disinvestment_candidates && !e.services.is_empty() {
                services.push_str("<br><strong>candidates for disinvestment</strong>");
            }
            vec![
                cell(evidence_words(e.evidence)),
                num(&money(e.spend)),
                num(&percent(e.share)),
                (services, ""),
                cell(&readings_list(&e.readings, cur)),
            ]
        })
        .collect();
    table(
        w,
        "funding-evidence",
        &[
            ("Evidence", false),
            ("Spend", true),
            ("Share", true),
            ("Services", false),
            ("Not at its model's level", false),
        ],
        &rows,
    );

    fair_shares(w, eco, f);

    concentration(w, eco, f);
}

/// Each cohort's share of specialist spend against its share of need.
fn fair_shares(w: &mut Out, eco: &Ecosystem, f: &Funding) {
    let m = &eco.map;
    if !f.fair_shares.is_empty() {
        w.raw("<h3>Specialist spend against need</h3>\n<p>Does each cohort's share of specialist spend (employment-support money of a model the evidence question applies to) match its share of the people needing support?</p>\n");
        w.raw("<p>")
            .raw(&prose(crate::export::words::SPECIALIST_NEED))
            .raw("</p>\n");
        let rows: Vec<Vec<Cell>> = f
            .fair_shares
            .iter()
            .map(|s| {
                vec![
                    cell(m.name_of(s.cohort.as_str())),
                    num(&percent(s.need_share)),
                    num(&s.spend_share.map_or_else(|| "n/a".to_owned(), percent)),
                    num(&s.spend_share.map_or_else(
                        || "n/a".to_owned(),
                        |spend| printed_points(s.need_share, spend),
                    )),
                ]
            })
            .collect();
        table(
            w,
            "funding-fair-shares",
            &[
                ("Cohort", false),
                ("Share of need", true),
                ("Share of specialist spend", true),
                ("Difference (points)", true),
            ],
            &rows,
        );
        w.raw("<p>")
            .raw(&prose(crate::export::words::PRINTED_DIFFERENCE))
            .raw("</p>\n");
    }
}

/// The cohort-stages whose money depends on a single funder.
fn concentration(w: &mut Out, eco: &Ecosystem, f: &Funding) {
    let m = &eco.map;
    let cur = f.currency.as_str();
    if !f.concentration.is_empty() {
        w.raw("<h3>Depending on a single funder</h3>\n");
        let rows: Vec<Vec<Cell>> = f
            .concentration
            .iter()
            .map(|c| {
                vec![
                    cell(m.name_of(c.cohort.as_str())),
                    cell(c.stage.as_str()),
                    num(&c.amount.display(cur).to_string()),
                    cell(m.name_of(c.funder.as_str())),
                    (prose(&c.why), ""),
                ]
            })
            .collect();
        table(
            w,
            "funding-concentration",
            &[
                ("Cohort", false),
                ("Stage", false),
                ("Money", true),
                ("Funder", false),
                ("Why", false),
            ],
            &rows,
        );
    }
}
