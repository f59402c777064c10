//! `ecomap compare` as text, Markdown and CSV. Text and Markdown put the indicators down the side
//! and the areas across (a few areas side by side); CSV gives one row per map with one column per
//! indicator, for researchers' spreadsheets. A missing figure is `–` in text and Markdown and an
//! empty field in CSV, never 0.

use crate::analysis::compare::{Comparison, Indicators};
use crate::analysis::gaps::GapKind;
use crate::export::csv::table::{self as csv_table, Cell};
use crate::export::markdown::Doc;
use crate::export::text::funding::percent;
use crate::export::text::{Table, people};
use crate::money::group_thousands;

const MISSING: &str = "–";

/// A figure for people to read: whole numbers with separators, others to one decimal place.
fn figure(v: Option<f64>) -> String {
    match v {
        None => MISSING.to_owned(),
        Some(v) if v.fract() == 0.0 && (0.0..1e15).contains(&v) => group_thousands(v as u64),
        Some(v) if (0.0..1e15).contains(&v) => {
            let tenths = (v * 10.0).round() as u64;
            format!("{}.{}", group_thousands(tenths / 10), tenths % 10)
        }
        Some(v) => format!("{v:.1}"),
    }
}

fn share(v: Option<f64>) -> String {
    v.map_or_else(|| MISSING.to_owned(), percent)
}

/// The indicators, each with its value for every area, in the order of the table. One piece: the
/// table of indicators, a row each.
fn rows(c: &Comparison) -> Vec<(String, Vec<String>)> {
    let each = |f: &dyn Fn(&Indicators) -> String| c.areas.iter().map(f).collect::<Vec<_>>();
    let mut rows: Vec<(String, Vec<String>)> = vec![
        ("map".into(), each(&|a| a.map.clone())),
        ("area".into(), each(&|a| a.area.to_string())),
        (
            "period".into(),
            each(&|a| a.period.clone().unwrap_or_else(|| MISSING.to_owned())),
        ),
        ("population".into(), each(&|a| figure(a.population))),
        (
            "working-age population".into(),
            each(&|a| figure(a.working_age_population)),
        ),
        ("services".into(), each(&|a| a.services.to_string())),
        (
            "spend a year".into(),
            each(&|a| a.spend.display(&a.currency).to_string()),
        ),
        (
            "spend per 100k working-age".into(),
            each(&|a| {
                a.spend_per_100k.map_or_else(
                    || MISSING.to_owned(),
                    |m| m.display(&a.currency).to_string(),
                )
            }),
        ),
        (
            "places a year".into(),
            each(&|a| places(a, a.places as f64)),
        ),
        (
            "places per 100k working-age".into(),
            each(&|a| match a.places_per_100k {
                None => MISSING.to_owned(),
                Some(v) => places(a, v),
            }),
        ),
        (
            "national services' places a year".into(),
            each(&|a| people(a.national_places as f64)),
        ),
        (
            "IPS specialists (WTE)".into(),
            each(&|a| figure(a.ips_specialists_wte)),
        ),
        (
            "IPS specialists per 100k working-age".into(),
            each(&|a| figure(a.ips_specialists_per_100k)),
        ),
        (
            "IPS specialists needed (004)".into(),
            each(
                &|a| match (a.ips_specialists_needed_low, a.ips_specialists_needed_high) {
                    (Some(l), Some(h)) => {
                        format!("{}–{}", csv_table::number(l, 2), csv_table::number(h, 2))
                    }
                    _ => MISSING.to_owned(),
                },
            ),
        ),
        ("cohorts".into(), each(&|a| a.cohorts.to_string())),
        (
            "people in cohorts".into(),
            each(&|a| people(a.people_in_cohorts)),
        ),
        ("gaps".into(), each(&|a| a.gaps.to_string())),
    ];
    for kind in GapKind::ALL {
        rows.push((
            format!("  {}", kind.name()),
            each(&|a| {
                a.gaps_by_kind
                    .iter()
                    .find(|k| k.kind == kind)
                    .map_or(0, |k| k.gaps)
                    .to_string()
            }),
        ));
    }
    rows.extend([
        (
            "people with no route".into(),
            each(&|a| people(a.people_without_route)),
        ),
        (
            "people without a place".into(),
            each(&|a| people(a.people_short_of_places)),
        ),
        (
            "overlap concerns".into(),
            each(&|a| a.overlap_concerns.to_string()),
        ),
        (
            "overlaps accepted".into(),
            each(&|a| a.overlaps_accepted.to_string()),
        ),
        (
            "spend on evidence-based models".into(),
            each(&|a| share(a.evidence_based_share)),
        ),
        (
            "spend on models to disinvest from".into(),
            each(&|a| share(a.disinvest_share)),
        ),
    ]);
    rows
}

/// Places, marked `≥` when some employment services state none (a lower bound).
fn places(a: &Indicators, v: f64) -> String {
    let n = figure(Some(v));
    if a.services_without_places > 0 {
        format!("≥ {n}")
    } else {
        n
    }
}

fn header(c: &Comparison) -> Vec<String> {
    let mut h = vec![String::new()];
    h.extend(c.areas.iter().map(|a| a.name.clone()));
    h
}

const FOOTNOTE: &str = "Per 100k: per 100,000 working-age population. Places: a year, of the area's own services offering employment support (any stage but access and treatment); ≥ marks a lower bound, where some of them state no places. National services' places (Jobcentre Plus, Access to Work) are notional for an area, so counted apart. –: the map does not give the figure.";

/// `ecomap compare` as text.
pub fn text(c: &Comparison) -> String {
    let columns: Vec<usize> = (1..=c.areas.len()).collect();
    let mut t = Table::new(&header(c)).right_align(&columns);
    for (label, values) in rows(c) {
        let mut row = vec![label];
        row.extend(values);
        t.row(&row);
    }
    let mut out = t.render();
    out.push('\n');
    out.push_str(&crate::export::text::wrap("", 0, FOOTNOTE));
    out
}

/// `ecomap compare` as Markdown.
pub fn markdown(c: &Comparison) -> String {
    let mut w = Doc::new();
    w.raw("# Comparing areas\n\n|");
    for h in header(c) {
        w.raw(" ").text(&h).raw(" |");
    }
    w.raw("\n|---|");
    for _ in &c.areas {
        w.raw("--:|");
    }
    w.raw("\n");
    for (label, values) in rows(c) {
        // Indented rows (the gaps by kind) belong to the row above.
        match label.strip_prefix("  ") {
            Some(kind) => w.raw("| gaps: ").text(kind).raw(" |"),
            None => w.raw("| ").text(&label).raw(" |"),
        };
        for v in values {
            w.raw(" ").text(&v).raw(" |");
        }
        w.raw("\n");
    }
    w.raw("\n").text(FOOTNOTE).raw("\n");
    w.finish()
}

/// `ecomap compare` as CSV: one row per map, one column per indicator.
pub fn csv(c: &Comparison) -> String {
    let mut rows = vec![csv_table::header(&csv_head())];
    for a in &c.areas {
        rows.push(csv_row(a));
    }
    csv_table::write(&rows)
}

/// The CSV's column names: the indicators' in snake case, a column for each kind of gap.
fn csv_head() -> Vec<String> {
    let mut head: Vec<String> = [
        "map",
        "area",
        "name",
        "period",
        "currency",
        "population",
        "working_age_population",
        "services",
        "spend",
        "spend_per_100k",
        "places",
        "services_without_places",
        "places_per_100k",
        "national_places",
        "ips_specialists_wte",
        "ips_specialists_per_100k",
        "ips_specialists_needed_low",
        "ips_specialists_needed_high",
        "cohorts",
        "people_in_cohorts",
        "gaps",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for kind in GapKind::ALL {
        head.push(format!("gaps_{}", kind.name().replace('-', "_")));
    }
    head.extend(
        [
            "people_without_route",
            "people_short_of_places",
            "overlap_concerns",
            "overlaps_accepted",
            "evidence_based_share",
            "disinvest_share",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    head
}

/// One map's row of the CSV.
fn csv_row(a: &Indicators) -> Vec<Cell> {
    let num = |v: Option<f64>, places: usize| Cell::opt(v, |v| Cell::number(v, places));
    let mut row = vec![
        Cell::text(a.map.as_str()),
        Cell::text(a.area.as_str()),
        Cell::text(a.name.as_str()),
        Cell::text(a.period.as_deref().unwrap_or("")),
        Cell::text(a.currency.as_str()),
        num(a.population, 2),
        num(a.working_age_population, 2),
        Cell::count(a.services),
        Cell::money(a.spend),
        Cell::opt(a.spend_per_100k, Cell::money),
        Cell::whole(a.places),
        Cell::count(a.services_without_places),
        num(a.places_per_100k, 2),
        Cell::whole(a.national_places),
        num(a.ips_specialists_wte, 2),
        num(a.ips_specialists_per_100k, 2),
        num(a.ips_specialists_needed_low, 2),
        num(a.ips_specialists_needed_high, 2),
        Cell::count(a.cohorts),
        Cell::whole(a.people_in_cohorts),
        Cell::count(a.gaps),
    ];
    for kind in GapKind::ALL {
        row.push(Cell::count(
            a.gaps_by_kind
                .iter()
                .find(|k| k.kind == kind)
                .map_or(0, |k| k.gaps),
        ));
    }
    row.extend([
        Cell::float(a.people_without_route),
        Cell::float(a.people_short_of_places),
        Cell::count(a.overlap_concerns),
        Cell::count(a.overlaps_accepted),
        num(a.evidence_based_share, 4),
        num(a.disinvest_share, 4),
    ]);
    row
}
