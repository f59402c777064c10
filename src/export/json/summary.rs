//! The `summary` document (`show`): what is on the map.

use serde::Serialize;

use super::values::{Contract, Ids, Source, ids, minor, minor_or_null};
use super::{Body, values};
use crate::analysis::summary as s;

/// The map in brief.
#[derive(Serialize)]
pub struct Summary<'a> {
    area: Area<'a>,
    counts: Counts,
    commissioners: Vec<Commissioner<'a>>,
    services: Vec<Service<'a>>,
    cohorts: Vec<Cohort<'a>>,
    /// Absent when the map has no planned line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    planned: Vec<Planned<'a>>,
    sources: Vec<SourceEntry<'a>>,
}

impl Body for Summary<'_> {
    const TYPE: &'static str = "summary";
}

impl<'a> From<&'a s::Summary> for Summary<'a> {
    fn from(m: &'a s::Summary) -> Self {
        Summary {
            area: Area::from(&m.area),
            counts: Counts::from(&m.counts),
            commissioners: values::each(&m.commissioners),
            services: values::each(&m.services),
            cohorts: values::each(&m.cohorts),
            planned: values::each(&m.planned),
            sources: values::each(&m.sources),
        }
    }
}

#[derive(Serialize)]
struct Area<'a> {
    id: &'a str,
    name: &'a str,
    period: Option<&'a str>,
    currency: &'a str,
    population: Option<f64>,
    working_age_population: Option<f64>,
}

impl<'a> From<&'a s::AreaSummary> for Area<'a> {
    fn from(a: &'a s::AreaSummary) -> Self {
        Area {
            id: a.id.as_str(),
            name: &a.name,
            period: a.period.as_deref(),
            currency: &a.currency,
            population: a.population,
            working_age_population: a.working_age_population,
        }
    }
}

#[derive(Serialize)]
struct Counts {
    commissioners: usize,
    providers: usize,
    services: usize,
    cohorts: usize,
    rules: usize,
    people_in_cohorts: u64,
    spend: i64,
}

impl From<&s::Counts> for Counts {
    fn from(c: &s::Counts) -> Self {
        Counts {
            commissioners: c.commissioners,
            providers: c.providers,
            services: c.services,
            cohorts: c.cohorts,
            rules: c.rules,
            people_in_cohorts: c.people_in_cohorts,
            spend: minor(c.spend),
        }
    }
}

#[derive(Serialize)]
struct Commissioner<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    services: Ids<'a>,
    spend_on_services: i64,
    passed_on: i64,
    received: i64,
}

impl<'a> From<&'a s::CommissionerSummary> for Commissioner<'a> {
    fn from(c: &'a s::CommissionerSummary) -> Self {
        Commissioner {
            id: c.id.as_str(),
            name: &c.name,
            kind: &c.kind,
            services: ids(&c.services),
            spend_on_services: minor(c.spend_on_services),
            passed_on: minor(c.passed_on),
            received: minor(c.received),
        }
    }
}

#[derive(Serialize)]
struct Service<'a> {
    id: &'a str,
    name: &'a str,
    provider: Option<&'a str>,
    model: &'a str,
    stages: Ids<'a>,
    places: Option<u64>,
    spend: i64,
}

impl<'a> From<&'a s::ServiceSummary> for Service<'a> {
    fn from(v: &'a s::ServiceSummary) -> Self {
        Service {
            id: v.id.as_str(),
            name: &v.name,
            provider: v.provider.as_ref().map(|p| p.as_str()),
            model: &v.model,
            stages: ids(&v.stages),
            places: v.places,
            spend: minor(v.spend),
        }
    }
}

#[derive(Serialize)]
struct Cohort<'a> {
    id: &'a str,
    name: &'a str,
    size: u64,
    needs: Vec<Need<'a>>,
    enters_via: Ids<'a>,
}

impl<'a> From<&'a s::CohortSummary> for Cohort<'a> {
    fn from(c: &'a s::CohortSummary) -> Self {
        Cohort {
            id: c.id.as_str(),
            name: &c.name,
            size: c.size,
            needs: values::each(&c.needs),
            enters_via: ids(&c.enters_via),
        }
    }
}

#[derive(Serialize)]
struct Need<'a> {
    stage: &'a str,
    share: f64,
    people: f64,
}

impl<'a> From<&'a s::Need> for Need<'a> {
    fn from(n: &'a s::Need) -> Self {
        Need {
            stage: n.stage.as_str(),
            share: n.share,
            people: n.people,
        }
    }
}

#[derive(Serialize)]
struct Planned<'a> {
    from: &'a str,
    to: &'a str,
    amount: Option<i64>,
    contract: Contract,
}

impl<'a> From<&'a s::PlannedSummary> for Planned<'a> {
    fn from(p: &'a s::PlannedSummary) -> Self {
        Planned {
            from: p.from.as_str(),
            to: p.to.as_str(),
            amount: minor_or_null(p.amount),
            contract: Contract::from(p.contract),
        }
    }
}

#[derive(Serialize)]
struct SourceEntry<'a> {
    about: &'a str,
    #[serde(flatten)]
    source: Source<'a>,
}

impl<'a> From<&'a s::SourceEntry> for SourceEntry<'a> {
    fn from(e: &'a s::SourceEntry) -> Self {
        SourceEntry {
            about: &e.about,
            source: Source::from(&e.source),
        }
    }
}
