//! `show`: what is on the map, in brief.

use crate::graph::Ecosystem;
use crate::model::{Commissioner, Contract, Id, Map, Source};
use crate::money::Money;

/// The map in brief. Entities are in file order.
#[derive(Debug)]
pub struct Summary {
    pub area: AreaSummary,
    pub counts: Counts,
    pub commissioners: Vec<CommissionerSummary>,
    pub services: Vec<ServiceSummary>,
    pub cohorts: Vec<CohortSummary>,
    /// Funding lines not yet awarded (`status: planned`), never counted in spend: commissioners'
    /// lines first, then services', in file order. Absent from the JSON when there are none.
    pub planned: Vec<PlannedSummary>,
    /// Every `source:` on the map, in file order.
    pub sources: Vec<SourceEntry>,
}

/// A planned funding line: who would pay whom, and what is known of it.
#[derive(Debug)]
pub struct PlannedSummary {
    pub from: Id,
    /// The service or commissioner it is written on.
    pub to: Id,
    pub amount: Option<Money>,
    pub contract: Contract,
}

#[derive(Debug)]
pub struct AreaSummary {
    pub id: Id,
    pub name: String,
    pub period: Option<String>,
    pub currency: String,
    pub population: Option<f64>,
    pub working_age_population: Option<f64>,
}

#[derive(Debug)]
pub struct Counts {
    pub commissioners: usize,
    pub providers: usize,
    pub services: usize,
    pub cohorts: usize,
    pub rules: usize,
    pub people_in_cohorts: u64,
    pub spend: Money,
}

#[derive(Debug)]
pub struct CommissionerSummary {
    pub id: Id,
    pub name: String,
    pub kind: String,
    /// Services it funds directly, in file order.
    pub services: Vec<Id>,
    /// What it pays to services per year.
    pub spend_on_services: Money,
    /// What it passes to other commissioners per year.
    pub passed_on: Money,
    /// What it receives from other commissioners per year.
    pub received: Money,
}

#[derive(Debug)]
pub struct ServiceSummary {
    pub id: Id,
    pub name: String,
    pub provider: Option<Id>,
    pub model: String,
    pub stages: Vec<Id>,
    pub places: Option<u64>,
    pub spend: Money,
}

#[derive(Debug)]
pub struct CohortSummary {
    pub id: Id,
    pub name: String,
    pub size: u64,
    pub needs: Vec<Need>,
    pub enters_via: Vec<Id>,
}

/// A stage a cohort needs, with how many people.
#[derive(Debug)]
pub struct Need {
    pub stage: Id,
    pub share: f64,
    pub people: f64,
}

#[derive(Debug)]
pub struct SourceEntry {
    /// What the source is for: `area`, `cohort smi-secondary`, `service ips, funding from icb`, …
    pub about: String,
    pub source: Source,
}

/// Summarises the map.
pub fn summarise(eco: &Ecosystem) -> Summary {
    let m = &eco.map;
    let sources = cited(m, true)
        .into_iter()
        .map(|(about, s)| SourceEntry {
            about,
            source: s.clone(),
        })
        .collect();

    let commissioners = m
        .commissioners
        .values()
        .map(|c| commissioner(m, c))
        .collect();
    let services = m
        .services
        .values()
        .map(|s| ServiceSummary {
            id: s.id.clone(),
            name: s.name.clone(),
            provider: s.provider.clone(),
            model: s.model.clone(),
            stages: s.stages.clone(),
            places: s.capacity.people_per_year,
            spend: s.spend(),
        })
        .collect();
    let cohorts = m
        .cohorts
        .values()
        .map(|c| CohortSummary {
            id: c.id.clone(),
            name: c.name.clone(),
            size: c.size,
            needs: c
                .needs
                .iter()
                .map(|(s, sh)| Need {
                    stage: s.clone(),
                    share: sh.get(),
                    people: c.need(s.as_str()),
                })
                .collect(),
            enters_via: c.enters_via.clone(),
        })
        .collect();
    Summary {
        area: AreaSummary {
            id: m.area.id.clone(),
            name: m.area.name.clone(),
            period: m.area.period.clone(),
            currency: m.area.currency.clone(),
            population: m.area.population,
            working_age_population: m.area.working_age_population,
        },
        counts: Counts {
            commissioners: m.commissioners.len(),
            providers: m.providers.len(),
            services: m.services.len(),
            cohorts: m.cohorts.len(),
            rules: m.rules.len(),
            people_in_cohorts: m.cohorts.values().map(|c| c.size).sum(),
            spend: m.services.values().map(|s| s.spend()).sum(),
        },
        commissioners,
        services,
        cohorts,
        planned: planned(m),
        sources,
    }
}

/// A commissioner: the services it funds, what it spends on them, passes on and receives.
fn commissioner(m: &Map, c: &Commissioner) -> CommissionerSummary {
    let services: Vec<Id> = m
        .services
        .values()
        .filter(|s| s.funding.iter().any(|f| f.from == c.id))
        .map(|s| s.id.clone())
        .collect();
    let spend_on_services = m
        .services
        .values()
        .flat_map(|s| &s.funding)
        .filter(|f| f.from == c.id)
        .map(|f| f.amount)
        .sum();
    let passed_on = m
        .commissioners
        .values()
        .flat_map(|o| &o.funded_by)
        .filter(|f| f.from == c.id)
        .map(|f| f.amount)
        .sum();
    CommissionerSummary {
        id: c.id.clone(),
        name: c.name.clone(),
        kind: c.kind.clone(),
        services,
        spend_on_services,
        passed_on,
        received: c.funded_by.iter().map(|f| f.amount).sum(),
    }
}

fn planned(m: &Map) -> Vec<PlannedSummary> {
    let commissioners = m.commissioners.values().map(|c| (&c.id, &c.planned));
    let services = m.services.values().map(|s| (&s.id, &s.planned));
    commissioners
        .chain(services)
        .flat_map(|(to, lines)| {
            lines.iter().map(move |l| PlannedSummary {
                from: l.from.clone(),
                to: to.clone(),
                amount: l.amount,
                contract: l.contract,
            })
        })
        .collect()
}

/// Every `source:` on the map with what cites it (`area`, `cohort smi-secondary`, `service ips,
/// funding from icb`, …), in map order; planned funding lines' only `with_planned`.
pub(crate) fn cited<'m>(m: &'m Map, with_planned: bool) -> Vec<(String, &'m Source)> {
    let mut out = Vec::new();
    let mut cite = |about: String, s: &'m Option<Source>| {
        if let Some(s) = s {
            out.push((about, s));
        }
    };
    cite("area".into(), &m.area.source);
    cite("area figures".into(), &m.area.figures_source);
    for c in m.commissioners.values() {
        cite(format!("commissioner {}", c.id), &c.source);
        for f in &c.funded_by {
            cite(
                format!("commissioner {}, funding from {}", c.id, f.from),
                &f.source,
            );
        }
        for f in c.planned.iter().filter(|_| with_planned) {
            cite(
                format!("commissioner {}, planned funding from {}", c.id, f.from),
                &f.source,
            );
        }
    }
    for p in m.providers.values() {
        cite(format!("provider {}", p.id), &p.source);
    }
    for r in m.rules.values() {
        cite(format!("rule {}", r.id), &r.source);
    }
    for c in m.cohorts.values() {
        cite(format!("cohort {}", c.id), &c.source);
    }
    for s in m.services.values() {
        cite(format!("service {}", s.id), &s.source);
        for f in &s.funding {
            cite(
                format!("service {}, funding from {}", s.id, f.from),
                &f.source,
            );
        }
        for f in s.planned.iter().filter(|_| with_planned) {
            cite(
                format!("service {}, planned funding from {}", s.id, f.from),
                &f.source,
            );
        }
    }
    out
}
