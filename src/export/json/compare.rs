//! The `compare` document: the same indicators for many maps, one row per map in the order given.

use serde::Serialize;

use super::report::KindCount;
use super::values::{minor, minor_or_null};
use super::{Body, values};
use crate::analysis::compare as c;

/// One row of indicators per map.
#[derive(Serialize)]
pub struct Compare<'a> {
    per: &'a str,
    areas: Vec<Indicators<'a>>,
}

impl Body for Compare<'_> {
    const TYPE: &'static str = "compare";
}

impl<'a> From<&'a c::Comparison> for Compare<'a> {
    fn from(m: &'a c::Comparison) -> Self {
        Compare {
            per: m.per,
            areas: values::each(&m.areas),
        }
    }
}

#[derive(Serialize)]
struct Indicators<'a> {
    map: &'a str,
    area: &'a str,
    name: &'a str,
    period: Option<&'a str>,
    currency: &'a str,
    population: Option<f64>,
    working_age_population: Option<f64>,
    services: usize,
    spend: i64,
    spend_per_100k: Option<i64>,
    places: u64,
    services_without_places: usize,
    places_per_100k: Option<f64>,
    national_places: u64,
    ips_specialists_wte: Option<f64>,
    ips_specialists_per_100k: Option<f64>,
    ips_specialists_needed_low: Option<f64>,
    ips_specialists_needed_high: Option<f64>,
    cohorts: usize,
    people_in_cohorts: u64,
    gaps: usize,
    gaps_by_kind: Vec<KindCount>,
    people_without_route: f64,
    people_short_of_places: f64,
    overlap_concerns: usize,
    overlaps_accepted: usize,
    evidence_based_share: Option<f64>,
    disinvest_share: Option<f64>,
}

impl<'a> From<&'a c::Indicators> for Indicators<'a> {
    fn from(i: &'a c::Indicators) -> Self {
        Indicators {
            map: &i.map,
            area: i.area.as_str(),
            name: &i.name,
            period: i.period.as_deref(),
            currency: &i.currency,
            population: i.population,
            working_age_population: i.working_age_population,
            services: i.services,
            spend: minor(i.spend),
            spend_per_100k: minor_or_null(i.spend_per_100k),
            places: i.places,
            services_without_places: i.services_without_places,
            places_per_100k: i.places_per_100k,
            national_places: i.national_places,
            ips_specialists_wte: i.ips_specialists_wte,
            ips_specialists_per_100k: i.ips_specialists_per_100k,
            ips_specialists_needed_low: i.ips_specialists_needed_low,
            ips_specialists_needed_high: i.ips_specialists_needed_high,
            cohorts: i.cohorts,
            people_in_cohorts: i.people_in_cohorts,
            gaps: i.gaps,
            gaps_by_kind: values::each(&i.gaps_by_kind),
            people_without_route: i.people_without_route,
            people_short_of_places: i.people_short_of_places,
            overlap_concerns: i.overlap_concerns,
            overlaps_accepted: i.overlaps_accepted,
            evidence_based_share: i.evidence_based_share,
            disinvest_share: i.disinvest_share,
        }
    }
}
