//! Funding flows: from the funders where money enters, through commissioners, to services, and on
//! to the cohorts and stages the services serve. Every amount is exact money, and every split is
//! by largest remainder, so what leaves each node is exactly what reaches the next; [`reconcile`]
//! checks that on a result.
//!
//! The rules (also in [`RULES`], printed with every report, and in `docs/funding.md`):
//! - Money enters at a commissioner no one funds, and wherever a commissioner pays out more than
//!   it receives (earmarked money counting only towards the services it is for): the difference is
//!   its own money. What it receives and cannot spend on the map is money not spent on the map.
//! - Money received earmarked for named services (`for:`) reaches those services alone ([`earmarks`]):
//!   shared between them in proportion to what the commissioner pays each, never more than that.
//! - The rest is a pot of its own money and what it received, by where it entered (its origin).
//!   Each payment it makes takes its share of what is left in the pot, origin by origin, split by
//!   largest remainder, so the pennies add up for every payment and every origin.
//! - A service's money reaches the cohorts it serves in proportion to the people of each cohort it
//!   serves: the people the sharing of places (`capacity::allocate`) puts there, a person counted
//!   once across the stages they use (the most over the cohort's stages). Where the service's
//!   capacity is unknown, or the sharing gives it no one, in proportion to the need of the cohorts
//!   eligible for it that can reach it, for the stages it offers.
//! - A cohort's part is split over the stages it needs that the service offers, in proportion to
//!   the people served (or needing) each stage; a stage the sharing left unplaced counts its share
//!   of the cohort's people at the service (`cohorts::unplaced_share`). Money beyond a service's
//!   employment share reaches the cohort but no stage. Each cohort-stage then draws its money from the
//!   service's pot of (funding line, origin) pieces as a payment does from a commissioner's pot,
//!   so every line and every origin is spent exactly.
//! - Ties for the last penny go by id (or the map's stage order), and payments are taken in order
//!   of the receiver's id, never in the order the map lists things: the same area written in
//!   another order gives the same figures.
//!
//! Orders: commissioners, services and cohorts in map order; stages in the map's stage order;
//! evidence levels strongest first; lists of amounts by commissioner, service or cohort in map
//! order. A funding cycle (A funds B funds A) is reported, and money coming round it is taken to
//! originate at the commissioner that sends it.
//!
//! The work is done in rooms of one job each: [`ledger`] follows money through commissioners to
//! services; [`cohorts`] divides each service's money between the cohorts and stages it serves;
//! [`views`] sums the pieces by commissioner, service, cohort, stage and evidence level;
//! [`findings`] sets each cohort's share of specialist spend against its share of need, and finds need no money reaches and money from one funder;
//! [`reconcile`](mod@reconcile) checks that every penny adds up.

mod cohorts;
mod earmarks;
mod evidence;
mod findings;
mod ledger;
mod reconcile;
mod through;
mod views;

use std::collections::BTreeMap;

use super::capacity::{Capacity, allocate};
use super::routes::Reach;
use crate::benchmarks::{Benchmarks, Evidence};
use crate::graph::Ecosystem;
use crate::model::{Contract, Id, StageId};
use crate::money::Money;

use cohorts::{claims, follow};
use evidence::Judge;
use findings::{dependence, fair_shares, unreached};
use ledger::Ledger;
use views::{
    cohort_views, commissioner_views, evidence_views, not_employment_total, service_views,
    stage_views,
};

pub use evidence::in_secondary_care;
pub use reconcile::reconcile;
pub use through::{MoneyThrough, money_through, origins_through};

/// The rules by which money is followed, stated in every report.
pub const RULES: &[&str] = &[
    "Money enters at a commissioner no one funds, and wherever a commissioner pays out more than it receives (earmarked money counting only towards the services it is for): the difference is its own money.",
    "Money a commissioner receives earmarked for named services (for:) reaches only those services: shared between them in proportion to what the commissioner pays each, and never more than it pays them; the rest of it is not spent on the map.",
    "The rest of a commissioner's money is a pot of its own money and what it received; each payment it makes takes its share of what is left, origin by origin, split by largest remainder, so the pennies add up for every payment and every origin.",
    "A service's money reaches the cohorts it serves in proportion to the people of each cohort it serves: the people the sharing of places puts there, each person counted once (the most over the cohort's stages). Where the service's capacity is unknown, or the sharing gives it no one, in proportion to the need of the cohorts eligible for it that can reach it, for the stages it offers.",
    "A cohort's part is split over the stages it needs that the service offers, in proportion to the people served (or needing) each stage; a stage the sharing of places left unplaced (a service of unknown capacity on its routes) counts the cohort's people at the service × the stage's need ÷ the cohort's largest need among its stages there. Money beyond a service's employment share reaches the cohort but no stage. Each piece then draws its money from the service's funding lines and origins in proportion to what is left of them, so every line and every origin is spent exactly.",
    "The last penny of a split goes by id (or the map's stage order), never by the order the map lists things in, so the same area written in another order gives the same figures.",
    "People needing support in a cohort: the most people needing any one of its stages.",
    "The evidence for each piece of money is its service model's level in the benchmark table, except: IPS is strong only for money reaching people in secondary mental health care (004 §20), takes the level of IPS in primary care for other cohorts (§44), and is unknown where the map does not settle a cohort's care setting or the money reaches no cohort; an IPS service below the fair band of fidelity takes the level of specialist employment (§26-28); a service's money beyond its employment_share is not employment support and is not rated.",
    "Specialist spend: money reaching cohorts that is employment support of a model the evidence question applies to (any level, unknown included, but not rated); each cohort's share of it is set against its share of the people needing the support it buys (its largest need among the stages of the employment continuum and those services of rated models offer); with no specialist spend, the shares are not applicable.",
];

/// An amount tied to one entity (a commissioner, service or cohort).
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub id: Id,
    pub amount: Money,
}

/// One funding line: money per year from one commissioner to a commissioner or a service.
#[derive(Debug, Clone)]
pub struct Line {
    pub from: Id,
    pub to: Id,
    pub amount: Money,
    pub contract: Contract,
    /// On a line between commissioners: the services its money is earmarked for (`for:`), in the
    /// order written; empty when it is pooled.
    pub earmark: Vec<Id>,
    /// Where the money of this line entered, by top funder, in map order.
    pub origins: Vec<Amount>,
}

/// Money a commissioner received earmarked for named services, and where it went.
#[derive(Debug, Clone)]
pub struct Earmark {
    /// The commissioner it came from.
    pub from: Id,
    pub amount: Money,
    /// The services it is for, in the order written.
    pub services: Vec<Id>,
    /// What reached each service, in map order: shared between them in proportion to what the
    /// commissioner pays each, and never more than that.
    pub reaches: Vec<Amount>,
    /// More than the commissioner pays the services named: not spent on the map.
    pub unspent: Money,
}

/// Money as a share of a whole.
#[derive(Debug, Clone)]
pub struct StagePart {
    /// `None`: money of services no cohort on the map is served by, or (`not_employment`) money
    /// beyond a service's employment share, which reaches cohorts but no stage.
    pub stage: Option<StageId>,
    /// Money beyond a service's employment share: not employment support, on no stage.
    pub not_employment: bool,
    pub amount: Money,
    pub share: f64,
}

#[derive(Debug, Clone)]
pub struct EvidencePart {
    pub evidence: Evidence,
    pub amount: Money,
    pub share: f64,
}

/// What a commissioner receives, spends and passes on.
#[derive(Debug, Clone)]
pub struct CommissionerFunding {
    pub id: Id,
    pub name: String,
    pub kind: String,
    /// Funded by no one: all it spends enters here.
    pub top_funder: bool,
    pub received: Money,
    /// Its `funded_by` lines, in order.
    pub received_from: Vec<Line>,
    /// Money entering the map here: what it spends beyond what it receives.
    pub own: Money,
    pub passed_on: Money,
    /// Lines to other commissioners, in map order.
    pub passed_to: Vec<Line>,
    pub spend_on_services: Money,
    /// Lines to services, in map order (with contract dates).
    pub services: Vec<Line>,
    /// Money it received earmarked for named services, line by line in the order of `funded_by`.
    pub earmarks: Vec<Earmark>,
    /// Received but not spent on the map (earmarked money it could not spend included).
    pub unspent: Money,
    pub unspent_origins: Vec<Amount>,
    /// Its spend on services by the stage the money reaches, in the map's stage order; `None` last.
    pub by_stage: Vec<StagePart>,
    /// Its spend on services by the evidence level of each service's model, strongest first.
    pub by_evidence: Vec<EvidencePart>,
    /// Where the money entering here ends up, by service in map order (then `unspent` holders).
    pub own_money_reaches: Vec<Amount>,
}

/// How a service's money was divided between cohorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// By the places the sharing of places gives each cohort.
    Places,
    /// By need: the service's capacity is unknown, or the sharing gives it no one.
    Need,
    /// No cohort on the map is served by it.
    NoCohort,
}

impl Basis {
    /// The word, as in the CSV and JSON: `places`, `need`, `no-cohort`.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Places => "places",
            Basis::Need => "need",
            Basis::NoCohort => "no-cohort",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServiceStage {
    pub stage: StageId,
    /// People served (basis `places`) or needing the stage (basis `need`).
    pub people: u64,
    pub amount: Money,
}

#[derive(Debug, Clone)]
pub struct ServiceCohort {
    pub cohort: Id,
    /// The weight of the cohort: the most people over its stages.
    pub people: u64,
    /// All the service's money reaching the cohort: its stages' and `not_employment`.
    pub amount: Money,
    pub stages: Vec<ServiceStage>,
    /// The part beyond the service's employment share: it reaches the cohort but no stage.
    pub not_employment: Money,
}

/// Where a service's money comes from and whom it reaches.
#[derive(Debug, Clone)]
pub struct ServiceFunding {
    pub id: Id,
    pub name: String,
    pub model: String,
    /// The level of its model in the table.
    pub evidence: Evidence,
    /// Its spend by the evidence level of each piece of money and why, strongest first.
    pub evidence_parts: Vec<ReadingSpend>,
    pub spend: Money,
    /// Its funding lines, in order.
    pub funders: Vec<Line>,
    /// The part of its spend paid from money a commissioner received earmarked for it.
    pub earmarked: Money,
    /// Two or more different commissioners fund it.
    pub pooled: bool,
    pub places: Option<u64>,
    /// Spend ÷ places, to the penny, where places are known.
    pub cost_per_place: Option<Money>,
    /// Where its money entered, by top funder in map order.
    pub origins: Vec<Amount>,
    pub basis: Basis,
    /// Cohorts in map order.
    pub cohorts: Vec<ServiceCohort>,
    pub reaches_no_cohort: Money,
}

#[derive(Debug, Clone)]
pub struct CohortStage {
    pub stage: StageId,
    pub need: f64,
    pub amount: Money,
    pub per_person: Option<Money>,
    /// By service, in map order.
    pub services: Vec<Amount>,
    /// By the commissioner paying the service, in map order.
    pub payers: Vec<Amount>,
    /// By top funder, in map order.
    pub origins: Vec<Amount>,
}

/// Money reaching a cohort that is not employment support (beyond services' employment shares):
/// on no stage.
#[derive(Debug, Clone, Default)]
pub struct NotEmployment {
    pub amount: Money,
    /// By service, in map order.
    pub services: Vec<Amount>,
    /// By the commissioner paying the service, in map order.
    pub payers: Vec<Amount>,
    /// By top funder, in map order.
    pub origins: Vec<Amount>,
}

/// The money reaching a cohort.
#[derive(Debug, Clone)]
pub struct CohortFunding {
    pub id: Id,
    pub name: String,
    pub size: u64,
    /// The most people needing any one of its stages.
    pub people_needing_support: f64,
    pub total: Money,
    /// Employment-support money (`total` less `not_employment`) per person needing support.
    pub per_person: Option<Money>,
    /// In the order of its `needs`: employment-support money only.
    pub stages: Vec<CohortStage>,
    /// Money beyond services' employment shares: it reaches the cohort (in `total`) but no stage.
    pub not_employment: NotEmployment,
    pub services: Vec<Amount>,
    pub origins: Vec<Amount>,
}

/// The money reaching a stage across cohorts.
#[derive(Debug, Clone)]
pub struct StageFunding {
    pub stage: StageId,
    pub name: String,
    /// People needing it, over all cohorts.
    pub need: f64,
    pub amount: Money,
    pub per_person: Option<Money>,
    /// Of all money reaching cohorts.
    pub share: f64,
    pub cohorts: Vec<Amount>,
}

/// The money reaching cohorts that is not employment support (beyond services' employment
/// shares), beside the stage view: it reaches cohorts but no stage, so the stages' shares and
/// this one's make up all the money reaching cohorts.
#[derive(Debug, Clone)]
pub struct NotEmploymentTotal {
    pub amount: Money,
    /// Of all money reaching cohorts.
    pub share: f64,
    /// By cohort, in map order (cohorts with none left out).
    pub cohorts: Vec<Amount>,
}

/// Spend on the services of one evidence level.
#[derive(Debug, Clone)]
pub struct EvidenceSpend {
    pub evidence: Evidence,
    pub spend: Money,
    /// Of all spend on services.
    pub share: f64,
    /// The money of each service at this level, in map order.
    pub services: Vec<Amount>,
    /// The part of the spend at this level that is not its model's own level, by why (a reading
    /// other than `model`): IPS money outside its population, say.
    pub readings: Vec<ReadingSpend>,
    /// For `against`: the evidence advises disinvesting from these.
    pub disinvestment_candidates: bool,
}

/// One cohort's share of specialist spend against its share of the people needing support.
#[derive(Debug, Clone)]
pub struct FairShare {
    pub cohort: Id,
    /// The cohort's largest need among the stages specialist spend can reach (the employment
    /// continuum and the stages services of rated models offer): not benefits advice, say.
    pub people_needing_support: f64,
    pub need_share: f64,
    pub specialist_spend: Money,
    /// `None` when the map has no specialist spend: no share of nothing.
    pub spend_share: Option<f64>,
    /// `spend_share - need_share`, in percentage points; `None` with `spend_share`.
    pub difference_points: Option<f64>,
}

/// Why no money reaches a cohort-stage with need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreached {
    /// No service the cohort can reach offers the stage.
    NoRoute,
    /// The services it reaches for the stage have no funding on the map.
    Unfunded,
    /// The funded services it reaches give all their places to other cohorts.
    PlacesTaken,
}

#[derive(Debug, Clone)]
pub struct UnfundedNeed {
    pub cohort: Id,
    pub stage: StageId,
    pub need: f64,
    pub reason: Unreached,
    /// The services concerned, in map order.
    pub services: Vec<Id>,
    pub why: String,
    pub fix: String,
}

/// A cohort-stage whose money all comes from one funder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dependence {
    /// One commissioner pays every service that brings it money.
    SinglePayer,
    /// Several pay, but all the money enters at one funder.
    SingleOrigin,
}

#[derive(Debug, Clone)]
pub struct Concentration {
    pub cohort: Id,
    pub stage: StageId,
    pub amount: Money,
    pub dependence: Dependence,
    pub funder: Id,
    pub why: String,
}

/// Why a piece of money has the evidence level it has (docs/funding.md, "Evidence for the money").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reading {
    /// The level of the service's model in the benchmark table.
    Model,
    /// IPS money reaching people outside secondary mental health care: the level of IPS in primary
    /// and community care (004 §20, §44).
    OutsidePopulation,
    /// IPS money reaching a cohort whose care setting the map does not settle, or no cohort on the
    /// map: unknown.
    PopulationUndetermined,
    /// Money of an IPS service scoring below the fair band of fidelity: the level of specialist
    /// employment (004 §26-28).
    BelowFairFidelity,
    /// The part of a service's money beyond its `employment_share`: not employment support, not
    /// rated.
    NotEmployment,
}

impl Reading {
    /// The word, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Reading::Model => "model",
            Reading::OutsidePopulation => "outside-population",
            Reading::PopulationUndetermined => "population-undetermined",
            Reading::BelowFairFidelity => "below-fair-fidelity",
            Reading::NotEmployment => "not-employment",
        }
    }
}

/// An amount of money read one way, at one evidence level.
#[derive(Debug, Clone)]
pub struct ReadingSpend {
    pub evidence: Evidence,
    pub reading: Reading,
    pub amount: Money,
}

/// The smallest piece of money followed: from where it entered, through the commissioner paying
/// the service, to a cohort-stage (or to no cohort), with the evidence for it. Where it goes is
/// held as positions in the map, not ids: a large map has tens of thousands of flows, and
/// [`Funding`] names each place once ([`Funding::origin`] and the others).
#[derive(Debug, Clone)]
pub struct Flow {
    pub amount: Money,
    /// The evidence level of this money, and why.
    pub evidence: Evidence,
    pub reading: Reading,
    pub at: FlowAt,
}

/// Where a [`Flow`] goes, as positions: the origin and the payer among the map's commissioners,
/// the service and the cohort (if any) among its services and cohorts, the stage (if any) among
/// [`Names::stages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowAt {
    pub origin: usize,
    pub payer: usize,
    pub service: usize,
    pub cohort: Option<usize>,
    pub stage: Option<usize>,
}

/// The ids of the map's commissioners, services, cohorts and stages, each held once, by position:
/// how the flows' places are named, and the views' lists.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub commissioners: Vec<Id>,
    pub services: Vec<Id>,
    pub cohorts: Vec<Id>,
    /// The map's stages in order, then any stage a cohort needs that the map does not list.
    pub stages: Vec<StageId>,
}

impl Names {
    fn of(m: &crate::model::Map) -> Names {
        fn ids<V>(keys: indexmap::map::Keys<'_, Id, V>) -> Vec<Id> {
            keys.cloned().collect()
        }
        let mut stages: Vec<StageId> = m.stages.keys().cloned().collect();
        for c in m.cohorts.values() {
            for st in c.stages_needed() {
                if !stages.contains(st) {
                    stages.push(st.clone());
                }
            }
        }
        Names {
            commissioners: ids(m.commissioners.keys()),
            services: ids(m.services.keys()),
            cohorts: ids(m.cohorts.keys()),
            stages,
        }
    }

    /// The position of `stage` among [`Names::stages`].
    pub(super) fn stage(&self, stage: &StageId) -> Option<usize> {
        self.stages.iter().position(|s| s == stage)
    }
}

#[derive(Debug, Clone)]
pub struct Totals {
    /// Money entering at funders: Σ own money.
    pub entering: Money,
    pub to_services: Money,
    pub to_cohorts: Money,
    pub reaches_no_cohort: Money,
    pub unspent: Money,
}

/// The funding flows of a map.
#[derive(Debug, Clone)]
pub struct Funding {
    pub currency: String,
    pub rules: Vec<String>,
    pub totals: Totals,
    pub commissioners: Vec<CommissionerFunding>,
    pub services: Vec<ServiceFunding>,
    pub cohorts: Vec<CohortFunding>,
    pub stages: Vec<StageFunding>,
    /// The rest of the money reaching cohorts, on no stage: not employment support.
    pub not_employment: NotEmploymentTotal,
    pub evidence: Vec<EvidenceSpend>,
    pub fair_shares: Vec<FairShare>,
    pub unfunded_need: Vec<UnfundedNeed>,
    pub concentration: Vec<Concentration>,
    /// Commissioners funding each other in a circle, each cycle in map order.
    pub cycles: Vec<Vec<Id>>,
    /// Evidence levels that were overridden, by benchmark id.
    pub evidence_overridden: Vec<String>,
    /// Service by service (map order), line by line, origin by origin, cohort by cohort, stage by stage.
    pub flows: Vec<Flow>,
    /// The ids of the places the flows go.
    pub names: Names,
}

impl Funding {
    /// The commissioner where a flow's money entered.
    pub fn origin(&self, f: &Flow) -> &Id {
        &self.names.commissioners[f.at.origin]
    }

    /// The commissioner paying the service.
    pub fn payer(&self, f: &Flow) -> &Id {
        &self.names.commissioners[f.at.payer]
    }

    pub fn service(&self, f: &Flow) -> &Id {
        &self.names.services[f.at.service]
    }

    /// The cohort the money reaches, if any.
    pub fn cohort(&self, f: &Flow) -> Option<&Id> {
        f.at.cohort.map(|c| &self.names.cohorts[c])
    }

    /// The stage the money reaches, if any.
    pub fn stage(&self, f: &Flow) -> Option<&StageId> {
        f.at.stage.map(|s| &self.names.stages[s])
    }
}

impl Line {
    /// The line's amount, tied to its sender.
    pub fn sender(&self) -> Amount {
        Amount {
            id: self.from.clone(),
            amount: self.amount,
        }
    }

    /// The line's amount, tied to its receiver.
    pub fn receiver(&self) -> Amount {
        Amount {
            id: self.to.clone(),
            amount: self.amount,
        }
    }
}

impl ServiceFunding {
    /// Its money by evidence level, strongest first (the levels of `evidence_parts`, whatever the
    /// reading), zeros left out.
    pub fn money_levels(&self) -> Vec<(Evidence, Money)> {
        let mut by: BTreeMap<Evidence, Money> = BTreeMap::new();
        for p in &self.evidence_parts {
            add(&mut by, &p.evidence, p.amount);
        }
        by.into_iter().filter(|(_, a)| *a != Money::ZERO).collect()
    }
}

impl Funding {
    /// How the money flows, per year: `£1,000 enters at funders; £900 reaches services; £800
    /// reaches cohorts`.
    pub fn flow_words(&self) -> String {
        let t = &self.totals;
        let cur = self.currency.as_str();
        format!(
            "{} enters at funders; {} reaches services; {} reaches cohorts",
            t.entering.display(cur),
            t.to_services.display(cur),
            t.to_cohorts.display(cur)
        )
    }

    /// The money that goes nowhere on the map, one clause each, when there is any: what reaches
    /// no cohort, then what is received but not spent.
    pub fn lost_words(&self) -> Vec<String> {
        let t = &self.totals;
        let cur = self.currency.as_str();
        let mut words = Vec::new();
        if t.reaches_no_cohort != Money::ZERO {
            words.push(format!(
                "{} is spent on services no cohort on the map is served by",
                t.reaches_no_cohort.display(cur)
            ));
        }
        if t.unspent != Money::ZERO {
            words.push(format!(
                "{} is received by commissioners but not spent on the map",
                t.unspent.display(cur)
            ));
        }
        words
    }
}

fn share(part: Money, whole: Money) -> f64 {
    if whole.0 == 0 {
        0.0
    } else {
        part.0 as f64 / whole.0 as f64
    }
}

/// `money ÷ n`, to the penny (half away from zero), or nothing for nobody.
pub fn per(money: Money, n: f64) -> Option<Money> {
    if n.is_nan() || n <= 0.0 || n.is_infinite() {
        return None;
    }
    // To the nearest penny; a figure of people is unrounded (88.8 people).
    let q = (money.0 as f64 / n).round();
    Some(Money(q.clamp(i64::MIN as f64, i64::MAX as f64) as i64))
}

/// Adds `amount` under `key`, keeping the list in key order.
fn add<K: Ord + Clone>(list: &mut BTreeMap<K, Money>, key: &K, amount: Money) {
    *list.entry(key.clone()).or_default() += amount;
}

/// Follows every pound from where it enters to the cohort-stages it reaches.
pub fn funding(eco: &Ecosystem, benchmarks: &Benchmarks) -> Funding {
    let reach = Reach::compute(eco);
    let sharing = allocate(eco, &reach);
    funding_from(eco, benchmarks, &reach, &sharing)
}

/// [`funding`], from the reach and the sharing of places already worked out (the gap report has
/// them).
pub fn funding_from(
    eco: &Ecosystem,
    benchmarks: &Benchmarks,
    reach: &Reach,
    sharing: &Capacity,
) -> Funding {
    let m = &eco.map;
    // What each part needs is worked out side by side: the pots, the evidence and the claims,
    // then the flows, then the views of them by service, commissioner and cohort.
    let ((ledger, judge), claims) = rayon::join(
        || rayon::join(|| Ledger::keep(eco), || Judge::new(eco, benchmarks)),
        || claims(eco, reach, sharing),
    );
    let names = Names::of(m);
    let flows = follow(eco, &ledger, &claims, &judge, &names);

    let (services, (commissioners, cohorts)) = rayon::join(
        || service_views(eco, benchmarks, &ledger, &claims, &flows, &names),
        || {
            rayon::join(
                || commissioner_views(eco, &ledger, &flows, &names),
                || cohort_views(eco, &flows, &names),
            )
        },
    );
    let to_services: Money = m.services.values().map(|s| s.spend()).sum();
    let to_cohorts: Money = cohorts.iter().map(|c| c.total).sum();
    let stages = stage_views(eco, &cohorts, to_cohorts);
    let not_employment = not_employment_total(&cohorts, to_cohorts);
    let evidence = evidence_views(&flows, &names, to_services);
    let fair_shares = fair_shares(eco, benchmarks, &cohorts, &flows);

    let mut unfunded_need = Vec::new();
    let mut concentration = Vec::new();
    for (ci, cf) in cohorts.iter().enumerate() {
        for cs in &cf.stages {
            if cs.need > 0.0 && cs.amount == Money::ZERO {
                unfunded_need.push(unreached(eco, &names, reach, ci, cs));
            }
            if cs.amount != Money::ZERO {
                concentration.extend(dependence(&cf.id, cs));
            }
        }
    }

    Funding {
        currency: m.currency().to_owned(),
        rules: RULES.iter().map(|r| (*r).to_owned()).collect(),
        totals: Totals {
            entering: ledger.own.iter().copied().sum(),
            to_services,
            to_cohorts,
            reaches_no_cohort: services.iter().map(|s| s.reaches_no_cohort).sum(),
            unspent: ledger.unspent.iter().copied().sum(),
        },
        commissioners,
        services,
        cohorts,
        stages,
        not_employment,
        evidence,
        fair_shares,
        unfunded_need,
        concentration,
        cycles: ledger
            .cycles
            .iter()
            .map(|c| c.iter().map(|&i| names.commissioner(i)).collect())
            .collect(),
        evidence_overridden: benchmarks
            .overridden()
            .filter(|b| b.id.starts_with(crate::benchmarks::EVIDENCE_PREFIX))
            .map(|b| b.id.clone())
            .collect(),
        flows,
        names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_rounds_to_the_penny() {
        assert_eq!(per(Money(1000), 3.0), Some(Money(333)));
        assert_eq!(per(Money(1001), 2.0), Some(Money(501)));
        assert_eq!(per(Money(-1001), 2.0), Some(Money(-501)));
        assert_eq!(per(Money(5), 0.0), None);
    }
}
