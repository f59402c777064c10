//! The `funding` document: money from funders through commissioners to services, cohorts and
//! stages, exact to the penny, with the evidence for each piece and every view at once.

use serde::Serialize;

use super::benchmarks::evidence;
use super::values::{Contract, Ids, ids, minor, minor_or_null};
use super::{Body, values};
use crate::analysis::funding::{self as f, Basis, Dependence, Reading, Unreached};

/// Funding flows, every view at once.
#[derive(Serialize)]
pub struct Funding<'a> {
    currency: &'a str,
    rules: &'a [String],
    totals: Totals,
    commissioners: Vec<Commissioner<'a>>,
    services: Vec<Service<'a>>,
    cohorts: Vec<Cohort<'a>>,
    stages: Vec<Stage<'a>>,
    /// The rest of the money reaching cohorts, on no stage: with `stages[].share` it makes 1.
    not_employment: NotEmploymentTotal<'a>,
    evidence: Vec<EvidenceSpend<'a>>,
    fair_shares: Vec<FairShare<'a>>,
    unfunded_need: Vec<UnfundedNeed<'a>>,
    concentration: Vec<Concentration<'a>>,
    cycles: Vec<Ids<'a>>,
    evidence_overridden: &'a [String],
    flows: Vec<Flow<'a>>,
}

impl Body for Funding<'_> {
    const TYPE: &'static str = "funding";
}

impl<'a> From<&'a f::Funding> for Funding<'a> {
    fn from(m: &'a f::Funding) -> Self {
        let t = &m.totals;
        Funding {
            currency: &m.currency,
            rules: &m.rules,
            totals: Totals {
                entering: minor(t.entering),
                to_services: minor(t.to_services),
                to_cohorts: minor(t.to_cohorts),
                reaches_no_cohort: minor(t.reaches_no_cohort),
                unspent: minor(t.unspent),
            },
            commissioners: values::each(&m.commissioners),
            services: values::each(&m.services),
            cohorts: values::each(&m.cohorts),
            stages: values::each(&m.stages),
            not_employment: NotEmploymentTotal {
                amount: minor(m.not_employment.amount),
                share: m.not_employment.share,
                cohorts: values::each(&m.not_employment.cohorts),
            },
            evidence: values::each(&m.evidence),
            fair_shares: values::each(&m.fair_shares),
            unfunded_need: values::each(&m.unfunded_need),
            concentration: values::each(&m.concentration),
            cycles: m.cycles.iter().map(|c| ids(c)).collect(),
            evidence_overridden: &m.evidence_overridden,
            flows: m.flows.iter().map(|w| Flow::of(m, w)).collect(),
        }
    }
}

/// Money reaching cohorts that is not employment support: on no stage.
#[derive(Serialize)]
struct NotEmploymentTotal<'a> {
    amount: i64,
    share: f64,
    cohorts: Vec<Amount<'a>>,
}

#[derive(Serialize)]
struct Totals {
    entering: i64,
    to_services: i64,
    to_cohorts: i64,
    reaches_no_cohort: i64,
    unspent: i64,
}

/// An amount tied to one commissioner, service or cohort.
#[derive(Serialize)]
pub(super) struct Amount<'a> {
    id: &'a str,
    amount: i64,
}

impl<'a> From<&'a f::Amount> for Amount<'a> {
    fn from(a: &'a f::Amount) -> Self {
        Amount {
            id: a.id.as_str(),
            amount: minor(a.amount),
        }
    }
}

/// A funding line, with where its money entered.
#[derive(Serialize)]
struct Line<'a> {
    from: &'a str,
    to: &'a str,
    amount: i64,
    contract: Contract,
    earmark: Ids<'a>,
    origins: Vec<Amount<'a>>,
}

impl<'a> From<&'a f::Line> for Line<'a> {
    fn from(l: &'a f::Line) -> Self {
        Line {
            from: l.from.as_str(),
            to: l.to.as_str(),
            amount: minor(l.amount),
            contract: Contract::from(l.contract),
            earmark: ids(&l.earmark),
            origins: values::each(&l.origins),
        }
    }
}

#[derive(Serialize)]
struct Earmark<'a> {
    from: &'a str,
    amount: i64,
    services: Ids<'a>,
    reaches: Vec<Amount<'a>>,
    unspent: i64,
}

impl<'a> From<&'a f::Earmark> for Earmark<'a> {
    fn from(e: &'a f::Earmark) -> Self {
        Earmark {
            from: e.from.as_str(),
            amount: minor(e.amount),
            services: ids(&e.services),
            reaches: values::each(&e.reaches),
            unspent: minor(e.unspent),
        }
    }
}

/// Spend by the stage it reaches; `stage` `null` for money reaching no cohort.
#[derive(Serialize)]
struct StagePart<'a> {
    stage: Option<&'a str>,
    /// Money beyond a service's employment share (`stage` null): it reaches cohorts but no stage.
    not_employment: bool,
    amount: i64,
    share: f64,
}

impl<'a> From<&'a f::StagePart> for StagePart<'a> {
    fn from(p: &'a f::StagePart) -> Self {
        StagePart {
            stage: p.stage.as_ref().map(|s| s.as_str()),
            not_employment: p.not_employment,
            amount: minor(p.amount),
            share: p.share,
        }
    }
}

#[derive(Serialize)]
struct EvidencePart {
    evidence: &'static str,
    amount: i64,
    share: f64,
}

impl From<&f::EvidencePart> for EvidencePart {
    fn from(p: &f::EvidencePart) -> Self {
        EvidencePart {
            evidence: evidence(p.evidence),
            amount: minor(p.amount),
            share: p.share,
        }
    }
}

#[derive(Serialize)]
struct Commissioner<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    top_funder: bool,
    received: i64,
    received_from: Vec<Line<'a>>,
    own: i64,
    passed_on: i64,
    passed_to: Vec<Line<'a>>,
    spend_on_services: i64,
    services: Vec<Line<'a>>,
    earmarks: Vec<Earmark<'a>>,
    unspent: i64,
    unspent_origins: Vec<Amount<'a>>,
    by_stage: Vec<StagePart<'a>>,
    by_evidence: Vec<EvidencePart>,
    own_money_reaches: Vec<Amount<'a>>,
}

impl<'a> From<&'a f::CommissionerFunding> for Commissioner<'a> {
    fn from(c: &'a f::CommissionerFunding) -> Self {
        Commissioner {
            id: c.id.as_str(),
            name: &c.name,
            kind: &c.kind,
            top_funder: c.top_funder,
            received: minor(c.received),
            received_from: values::each(&c.received_from),
            own: minor(c.own),
            passed_on: minor(c.passed_on),
            passed_to: values::each(&c.passed_to),
            spend_on_services: minor(c.spend_on_services),
            services: values::each(&c.services),
            earmarks: values::each(&c.earmarks),
            unspent: minor(c.unspent),
            unspent_origins: values::each(&c.unspent_origins),
            by_stage: values::each(&c.by_stage),
            by_evidence: values::each(&c.by_evidence),
            own_money_reaches: values::each(&c.own_money_reaches),
        }
    }
}

#[derive(Serialize)]
struct ServiceStage<'a> {
    stage: &'a str,
    people: u64,
    amount: i64,
}

impl<'a> From<&'a f::ServiceStage> for ServiceStage<'a> {
    fn from(s: &'a f::ServiceStage) -> Self {
        ServiceStage {
            stage: s.stage.as_str(),
            people: s.people,
            amount: minor(s.amount),
        }
    }
}

#[derive(Serialize)]
struct ServiceCohort<'a> {
    cohort: &'a str,
    people: u64,
    amount: i64,
    stages: Vec<ServiceStage<'a>>,
    not_employment: i64,
}

impl<'a> From<&'a f::ServiceCohort> for ServiceCohort<'a> {
    fn from(c: &'a f::ServiceCohort) -> Self {
        ServiceCohort {
            cohort: c.cohort.as_str(),
            people: c.people,
            amount: minor(c.amount),
            stages: values::each(&c.stages),
            not_employment: minor(c.not_employment),
        }
    }
}

#[derive(Serialize)]
struct Service<'a> {
    id: &'a str,
    name: &'a str,
    model: &'a str,
    evidence: &'static str,
    evidence_parts: Vec<ReadingSpend>,
    spend: i64,
    funders: Vec<Line<'a>>,
    earmarked: i64,
    pooled: bool,
    places: Option<u64>,
    cost_per_place: Option<i64>,
    origins: Vec<Amount<'a>>,
    basis: &'static str,
    cohorts: Vec<ServiceCohort<'a>>,
    reaches_no_cohort: i64,
}

impl<'a> From<&'a f::ServiceFunding> for Service<'a> {
    fn from(s: &'a f::ServiceFunding) -> Self {
        Service {
            id: s.id.as_str(),
            name: &s.name,
            model: &s.model,
            evidence: evidence(s.evidence),
            evidence_parts: values::each(&s.evidence_parts),
            spend: minor(s.spend),
            funders: values::each(&s.funders),
            earmarked: minor(s.earmarked),
            pooled: s.pooled,
            places: s.places,
            cost_per_place: minor_or_null(s.cost_per_place),
            origins: values::each(&s.origins),
            basis: match s.basis {
                Basis::Places => "places",
                Basis::Need => "need",
                Basis::NoCohort => "no-cohort",
            },
            cohorts: values::each(&s.cohorts),
            reaches_no_cohort: minor(s.reaches_no_cohort),
        }
    }
}

#[derive(Serialize)]
struct CohortStage<'a> {
    stage: &'a str,
    need: f64,
    amount: i64,
    per_person: Option<i64>,
    services: Vec<Amount<'a>>,
    payers: Vec<Amount<'a>>,
    origins: Vec<Amount<'a>>,
}

impl<'a> From<&'a f::CohortStage> for CohortStage<'a> {
    fn from(s: &'a f::CohortStage) -> Self {
        CohortStage {
            stage: s.stage.as_str(),
            need: s.need,
            amount: minor(s.amount),
            per_person: minor_or_null(s.per_person),
            services: values::each(&s.services),
            payers: values::each(&s.payers),
            origins: values::each(&s.origins),
        }
    }
}

#[derive(Serialize)]
struct Cohort<'a> {
    id: &'a str,
    name: &'a str,
    size: u64,
    people_needing_support: f64,
    total: i64,
    per_person: Option<i64>,
    stages: Vec<CohortStage<'a>>,
    not_employment: NotEmployment<'a>,
    services: Vec<Amount<'a>>,
    origins: Vec<Amount<'a>>,
}

/// A cohort's money beyond services' employment shares: on no stage.
#[derive(Serialize)]
struct NotEmployment<'a> {
    amount: i64,
    services: Vec<Amount<'a>>,
    payers: Vec<Amount<'a>>,
    origins: Vec<Amount<'a>>,
}

impl<'a> From<&'a f::NotEmployment> for NotEmployment<'a> {
    fn from(n: &'a f::NotEmployment) -> Self {
        NotEmployment {
            amount: minor(n.amount),
            services: values::each(&n.services),
            payers: values::each(&n.payers),
            origins: values::each(&n.origins),
        }
    }
}

impl<'a> From<&'a f::CohortFunding> for Cohort<'a> {
    fn from(c: &'a f::CohortFunding) -> Self {
        Cohort {
            id: c.id.as_str(),
            name: &c.name,
            size: c.size,
            people_needing_support: c.people_needing_support,
            total: minor(c.total),
            per_person: minor_or_null(c.per_person),
            stages: values::each(&c.stages),
            not_employment: NotEmployment::from(&c.not_employment),
            services: values::each(&c.services),
            origins: values::each(&c.origins),
        }
    }
}

#[derive(Serialize)]
struct Stage<'a> {
    stage: &'a str,
    name: &'a str,
    need: f64,
    amount: i64,
    per_person: Option<i64>,
    share: f64,
    cohorts: Vec<Amount<'a>>,
}

impl<'a> From<&'a f::StageFunding> for Stage<'a> {
    fn from(s: &'a f::StageFunding) -> Self {
        Stage {
            stage: s.stage.as_str(),
            name: &s.name,
            need: s.need,
            amount: minor(s.amount),
            per_person: minor_or_null(s.per_person),
            share: s.share,
            cohorts: values::each(&s.cohorts),
        }
    }
}

#[derive(Serialize)]
struct EvidenceSpend<'a> {
    evidence: &'static str,
    spend: i64,
    share: f64,
    services: Vec<Amount<'a>>,
    readings: Vec<ReadingSpend>,
    disinvestment_candidates: bool,
}

impl<'a> From<&'a f::EvidenceSpend> for EvidenceSpend<'a> {
    fn from(e: &'a f::EvidenceSpend) -> Self {
        EvidenceSpend {
            evidence: evidence(e.evidence),
            spend: minor(e.spend),
            share: e.share,
            services: values::each(&e.services),
            readings: values::each(&e.readings),
            disinvestment_candidates: e.disinvestment_candidates,
        }
    }
}

/// Money at an evidence level, and why it is at that level.
#[derive(Serialize)]
pub(super) struct ReadingSpend {
    evidence: &'static str,
    reading: &'static str,
    amount: i64,
}

impl From<&f::ReadingSpend> for ReadingSpend {
    fn from(r: &f::ReadingSpend) -> Self {
        ReadingSpend {
            evidence: evidence(r.evidence),
            reading: reading(r.reading),
            amount: minor(r.amount),
        }
    }
}

fn reading(r: Reading) -> &'static str {
    match r {
        Reading::Model => "model",
        Reading::OutsidePopulation => "outside-population",
        Reading::PopulationUndetermined => "population-undetermined",
        Reading::BelowFairFidelity => "below-fair-fidelity",
        Reading::NotEmployment => "not-employment",
    }
}

#[derive(Serialize)]
struct FairShare<'a> {
    cohort: &'a str,
    people_needing_support: f64,
    need_share: f64,
    specialist_spend: i64,
    /// Null when the map has no specialist spend.
    spend_share: Option<f64>,
    difference_points: Option<f64>,
}

impl<'a> From<&'a f::FairShare> for FairShare<'a> {
    fn from(s: &'a f::FairShare) -> Self {
        FairShare {
            cohort: s.cohort.as_str(),
            people_needing_support: s.people_needing_support,
            need_share: s.need_share,
            specialist_spend: minor(s.specialist_spend),
            spend_share: s.spend_share,
            difference_points: s.difference_points,
        }
    }
}

#[derive(Serialize)]
struct UnfundedNeed<'a> {
    cohort: &'a str,
    stage: &'a str,
    need: f64,
    reason: &'static str,
    services: Ids<'a>,
    why: &'a str,
    fix: &'a str,
}

impl<'a> From<&'a f::UnfundedNeed> for UnfundedNeed<'a> {
    fn from(u: &'a f::UnfundedNeed) -> Self {
        UnfundedNeed {
            cohort: u.cohort.as_str(),
            stage: u.stage.as_str(),
            need: u.need,
            reason: match u.reason {
                Unreached::NoRoute => "no-route",
                Unreached::Unfunded => "unfunded",
                Unreached::PlacesTaken => "places-taken",
            },
            services: ids(&u.services),
            why: &u.why,
            fix: &u.fix,
        }
    }
}

#[derive(Serialize)]
struct Concentration<'a> {
    cohort: &'a str,
    stage: &'a str,
    amount: i64,
    dependence: &'static str,
    funder: &'a str,
    why: &'a str,
}

impl<'a> From<&'a f::Concentration> for Concentration<'a> {
    fn from(c: &'a f::Concentration) -> Self {
        Concentration {
            cohort: c.cohort.as_str(),
            stage: c.stage.as_str(),
            amount: minor(c.amount),
            dependence: match c.dependence {
                Dependence::SinglePayer => "single-payer",
                Dependence::SingleOrigin => "single-origin",
            },
            funder: c.funder.as_str(),
            why: &c.why,
        }
    }
}

/// The smallest piece of money followed; `cohort` and `stage` `null` when it reaches no cohort.
#[derive(Serialize)]
struct Flow<'a> {
    origin: &'a str,
    payer: &'a str,
    service: &'a str,
    cohort: Option<&'a str>,
    stage: Option<&'a str>,
    amount: i64,
    evidence: &'static str,
    reading: &'static str,
}

impl<'a> Flow<'a> {
    /// Flow `w` of `m`, its places named.
    fn of(m: &'a f::Funding, w: &'a f::Flow) -> Self {
        Flow {
            origin: m.origin(w).as_str(),
            payer: m.payer(w).as_str(),
            service: m.service(w).as_str(),
            cohort: m.cohort(w).map(|c| c.as_str()),
            stage: m.stage(w).map(|s| s.as_str()),
            amount: minor(w.amount),
            evidence: evidence(w.evidence),
            reading: reading(w.reading),
        }
    }
}
