//! Comparing areas: the same indicators for many maps, normalised by working-age population, as
//! one row per map. Every figure comes from an existing analysis: counts and gaps and overlaps
//! from [`super::report`], the evidence-based share of spend from [`super::funding`]'s evidence
//! levels, the IPS specialists needed from [`super::benchmarks`]'s IPS demand check.
//!
//! A figure the map does not give is missing (`None`), never zero: a map without a working-age
//! population has no per-100,000 figures; an IPS service without `capacity.wte` leaves the IPS
//! workforce unknown. Rows come in the order the maps are given.

use super::report::report_for_counts;
use crate::benchmarks::{Benchmarks, Evidence};
use crate::graph::Ecosystem;
use crate::model::Id;
use crate::money::Money;

/// Indicators per this many people of working age.
pub const PER: f64 = 100_000.0;

/// Stages that are not employment support: where people show up, and health treatment. A
/// service offering only these has no places counted.
pub const NOT_EMPLOYMENT_SUPPORT: &[&str] = &["access", "treatment"];

/// Gaps of one kind on one map: the report's count.
pub use super::report::KindCount;

/// The indicators of one map.
#[derive(Debug, Clone)]
pub struct Indicators {
    /// The map as given on the command line.
    pub map: String,
    pub area: Id,
    pub name: String,
    pub period: Option<String>,
    pub currency: String,
    pub population: Option<f64>,
    pub working_age_population: Option<f64>,
    pub services: usize,
    /// Funding of all services per year.
    pub spend: Money,
    pub spend_per_100k: Option<Money>,
    /// Places per year stated by the area's own services offering employment support (any stage
    /// but `access` and `treatment`); national services' places are notional for the area (their
    /// places are the country's, or a share of them no one has set), and are counted apart.
    pub places: u64,
    /// Local services offering employment support that state no places: `places` is then a lower
    /// bound.
    pub services_without_places: usize,
    pub places_per_100k: Option<f64>,
    /// Places per year stated by national services offering employment support (Jobcentre Plus,
    /// Access to Work): not the area's, so not in `places`.
    pub national_places: u64,
    /// WTE of the services of model `ips`, as the capacity benchmarks count them; missing when
    /// one of them states no `capacity.wte` (0 when the map has no IPS service).
    pub ips_specialists_wte: Option<f64>,
    pub ips_specialists_per_100k: Option<f64>,
    /// IPS employment specialists needed, low and high case (004 §36-39), from the capacity
    /// benchmarks; missing when the area does not give its secondary caseload.
    pub ips_specialists_needed_low: Option<f64>,
    pub ips_specialists_needed_high: Option<f64>,
    pub cohorts: usize,
    pub people_in_cohorts: u64,
    pub gaps: usize,
    /// Every kind, in the order kinds are tried, zero included.
    pub gaps_by_kind: Vec<KindCount>,
    pub people_without_route: f64,
    pub people_short_of_places: f64,
    /// Overlapping pairs not accepted on the map.
    pub overlap_concerns: usize,
    pub overlaps_accepted: usize,
    /// Share of spend on models with strong evidence (IPS); missing when nothing is spent.
    pub evidence_based_share: Option<f64>,
    /// Share of spend on models the evidence advises disinvesting from.
    pub disinvest_share: Option<f64>,
}

/// Per 100,000 working-age people.
fn per_100k(value: f64, working_age: Option<f64>) -> Option<f64> {
    working_age.filter(|w| *w > 0.0).map(|w| value / w * PER)
}

/// The indicators of one map, with the benchmark table in force for it.
pub fn indicators(eco: &Ecosystem, table: &Benchmarks, label: &str) -> Indicators {
    let m = &eco.map;
    // A row shows counts and sums, never a shortfall's range.
    let r = report_for_counts(eco, table);
    let (f, c) = (&r.funding, &r.capacity);
    let working_age = m.area.working_age_population;

    let (national, local): (Vec<_>, Vec<_>) = m
        .services
        .values()
        .filter(|s| {
            s.stages
                .iter()
                .any(|st| !NOT_EMPLOYMENT_SUPPORT.contains(&st.as_str()))
        })
        .partition(|s| s.national);
    let stated = |services: &[&crate::model::Service]| -> u64 {
        services
            .iter()
            .filter_map(|s| s.capacity.people_per_year)
            .sum()
    };
    let places = stated(&local);
    let national_places = stated(&national);
    let services_without_places = local
        .iter()
        .filter(|s| s.capacity.people_per_year.is_none())
        .count();

    let ips_specialists_wte = m
        .services
        .values()
        .filter(|s| s.model == "ips")
        .map(|s| s.capacity.wte)
        // From nought, not from the -0 that a float sum of nothing starts at.
        .try_fold(0.0, |total, wte| wte.map(|w| total + w));
    // The IPS demand check works out the specialists needed whenever the area gives its
    // secondary caseload, whether or not the workforce mapped can be set against them.
    let needed = c.ips_workforce.map(|w| (w.needed_low, w.needed_high));

    let total = f.totals.to_services;
    let share_of = |level: Evidence| {
        (total != Money::ZERO).then(|| {
            f.evidence
                .iter()
                .find(|e| e.evidence == level)
                .map_or(0.0, |e| e.share)
        })
    };
    let spend_per_100k = working_age
        .filter(|w| *w > 0.0)
        .map(|w| money_per_100k(r.key.spend, w));
    let k = &r.key;
    Indicators {
        map: label.to_owned(),
        area: m.area.id.clone(),
        name: m.area.name.clone(),
        period: m.area.period.clone(),
        currency: m.area.currency.clone(),
        population: m.area.population,
        working_age_population: working_age,
        services: k.services,
        spend: k.spend,
        spend_per_100k,
        places,
        services_without_places,
        places_per_100k: per_100k(places as f64, working_age),
        national_places,
        ips_specialists_wte,
        ips_specialists_per_100k: ips_specialists_wte.and_then(|w| per_100k(w, working_age)),
        ips_specialists_needed_low: needed.map(|n| n.0),
        ips_specialists_needed_high: needed.map(|n| n.1),
        cohorts: k.cohorts,
        people_in_cohorts: k.people,
        gaps: r.gaps.gaps.len(),
        gaps_by_kind: k.gaps.by_kind.clone(),
        people_without_route: k.gaps.people_without_route,
        people_short_of_places: k.gaps.people_short_of_places,
        overlap_concerns: k.overlap_concerns,
        overlaps_accepted: k.overlaps_accepted,
        evidence_based_share: share_of(Evidence::Strong),
        disinvest_share: share_of(Evidence::Against),
    }
}

/// `ecomap compare`: one row per map, in the order given.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// What "per 100k" divides by.
    pub per: &'static str,
    pub areas: Vec<Indicators>,
}

impl Comparison {
    pub fn new(areas: Vec<Indicators>) -> Comparison {
        Comparison {
            per: "per 100,000 working-age population",
            areas,
        }
    }
}

/// `spend` × 100,000 ÷ `population`, to the penny, half away from zero. A population of whole
/// people (as the map's counts are) divides in whole numbers, so the pennies are exact at any
/// amount (a float keeps some 16 digits: at £10^16 the pennies would be its round-off); any
/// other population divides as a float. Past what a `Money` holds, the most it holds.
pub fn money_per_100k(spend: Money, population: f64) -> Money {
    if population.fract() == 0.0 && (1.0..9.0e15).contains(&population) {
        let p = population as i128;
        let n = i128::from(spend.0) * 100_000;
        let q = (2 * n.abs() + p) / (2 * p);
        let v = if n < 0 { -q } else { q };
        return Money(i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX }));
    }
    Money((spend.0 as f64 * PER / population).round() as i64)
}

#[cfg(test)]
mod per_100k_tests {
    use super::*;

    #[test]
    fn money_per_100k_people_is_exact_to_the_penny_at_any_amount() {
        // £1,000 over 3 people: 100,000 p × 100,000 ÷ 3 = 3,333,333,333.33… p → 3,333,333,333 p.
        assert_eq!(money_per_100k(Money(100_000), 3.0), Money(3_333_333_333));
        // Half a penny goes away from zero: 1 p × 100,000 ÷ 40,000 = 2.5 p → 3 p; -2.5 → -3.
        assert_eq!(money_per_100k(Money(1), 40_000.0), Money(3));
        assert_eq!(money_per_100k(Money(-1), 40_000.0), Money(-3));
        // £9,999,999,999,000,000.03 over 160,000 people: 999,999,999,900,000,003 p × 100,000
        // ÷ 160,000 = 624,999,999,937,500,001.875 p → 624,999,999,937,500,002 p, which a float
        // cannot hold to the penny.
        assert_eq!(
            money_per_100k(Money(999_999_999_900_000_003), 160_000.0),
            Money(624_999_999_937_500_002)
        );
        // A population that is not whole divides as a float: £1 over 2.5 people is £40,000.
        assert_eq!(money_per_100k(Money(100), 2.5), Money(4_000_000));
    }
}
