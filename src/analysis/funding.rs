//! Funding flows: from the funders where money enters, through commissioners, to services, and on
//! to the cohorts and stages the services serve. Every amount is exact money, and every split is
//! by largest remainder, so what leaves each node is exactly what reaches the next; [`reconcile`]
//! checks that on a result.
//!
//! The rules (also in [`RULES`], printed with every report, and in `docs/funding.md`):
//! - Money enters at a commissioner no one funds, and wherever a commissioner spends more than it
//!   receives: the difference is its own money. A commissioner that receives more than it spends
//!   on the map keeps the rest as money not spent on the map.
//! - A commissioner's pot holds its own money and what it received, by where it entered (its
//!   origin). Each payment it makes, in map order (to commissioners, then to services), takes its
//!   share of what is left in the pot, origin by origin, split by largest remainder, so the
//!   pennies add up for every payment and every origin.
//! - A service's money reaches the cohorts it serves in proportion to the people of each cohort it
//!   serves: the places the sharing of places (`capacity::allocate`, a maximum flow) gives the
//!   cohort there, a person counted once across the stages they use (the most over the cohort's
//!   stages). Where the service's capacity is unknown, or the sharing gives it no one, in
//!   proportion to the need of the cohorts that can reach it, for the stages it offers.
//! - A cohort's part is split over the stages it needs that the service offers, in proportion to
//!   the people served (or needing) each stage. Each cohort-stage then draws its money from the
//!   service's pot of (funding line, origin) pieces as a payment does from a commissioner's pot,
//!   so every line and every origin is spent exactly.
//!
//! Orders: commissioners, services and cohorts in map order; stages in the map's stage order;
//! evidence levels strongest first; lists of amounts by commissioner, service or cohort in map
//! order. A funding cycle (A funds B funds A) is reported, and money coming round it is taken to
//! originate at the commissioner that sends it.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::DiGraph;
use serde::Serialize;

use super::capacity::{Capacity, allocate};
use super::routes::Reach;
use crate::benchmarks::{Benchmarks, Evidence};
use crate::graph::Ecosystem;
use crate::model::{Contract, FundingLine, Id, StageId};
use crate::money::Money;

/// The rules by which money is followed, stated in every report.
pub const RULES: &[&str] = &[
    "Money enters at a commissioner no one funds, and wherever a commissioner spends more than it receives: the difference is its own money.",
    "A commissioner's money is a pot of its own money and what it received; each payment it makes, in map order, takes its share of what is left, origin by origin, split by largest remainder, so the pennies add up for every payment and every origin.",
    "A service's money reaches the cohorts it serves in proportion to the people of each cohort it serves: the places the sharing of places gives the cohort there, each person counted once (the most over the cohort's stages). Where the service's capacity is unknown, or the sharing gives it no one, in proportion to the need of the cohorts that can reach it, for the stages it offers.",
    "A cohort's part is split over the stages it needs that the service offers, in proportion to the people served (or needing) each stage; each cohort-stage then draws its money from the service's funding lines and origins in proportion to what is left of them, so every line and every origin is spent exactly.",
    "People needing support in a cohort: the most people needing any one of its stages.",
    "Specialist spend: money reaching cohorts through services whose model has an evidence level in the benchmark table; each cohort's share of it is set against its share of the people needing support.",
];

/// An amount tied to one entity (a commissioner, service or cohort).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amount {
    pub id: Id,
    pub amount: Money,
}

/// One funding line: money per year from one commissioner to a commissioner or a service.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub from: Id,
    pub to: Id,
    pub amount: Money,
    pub contract: Contract,
    /// Where the money of this line entered, by top funder, in map order.
    pub origins: Vec<Amount>,
}

/// Money as a share of a whole.
#[derive(Debug, Clone, Serialize)]
pub struct StagePart {
    /// `None`: money of services no cohort on the map is served by.
    pub stage: Option<StageId>,
    pub amount: Money,
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidencePart {
    pub evidence: Evidence,
    pub amount: Money,
    pub share: f64,
}

/// What a commissioner receives, spends and passes on.
#[derive(Debug, Clone, Serialize)]
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
    /// Received but not spent on the map.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// By the places the sharing of places gives each cohort.
    Places,
    /// By need: the service's capacity is unknown, or the sharing gives it no one.
    Need,
    /// No cohort on the map is served by it.
    NoCohort,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceStage {
    pub stage: StageId,
    /// People served (basis `places`) or needing the stage (basis `need`).
    pub people: u64,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceCohort {
    pub cohort: Id,
    /// The weight of the cohort: the most people over its stages.
    pub people: u64,
    pub amount: Money,
    pub stages: Vec<ServiceStage>,
}

/// Where a service's money comes from and whom it reaches.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceFunding {
    pub id: Id,
    pub name: String,
    pub model: String,
    pub evidence: Evidence,
    pub spend: Money,
    /// Its funding lines, in order.
    pub funders: Vec<Line>,
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

#[derive(Debug, Clone, Serialize)]
pub struct CohortStage {
    pub stage: StageId,
    pub need: u64,
    pub amount: Money,
    pub per_person: Option<Money>,
    /// By service, in map order.
    pub services: Vec<Amount>,
    /// By the commissioner paying the service, in map order.
    pub payers: Vec<Amount>,
    /// By top funder, in map order.
    pub origins: Vec<Amount>,
}

/// The money reaching a cohort.
#[derive(Debug, Clone, Serialize)]
pub struct CohortFunding {
    pub id: Id,
    pub name: String,
    pub size: u64,
    /// The most people needing any one of its stages.
    pub people_needing_support: u64,
    pub total: Money,
    pub per_person: Option<Money>,
    /// In the order of its `needs`.
    pub stages: Vec<CohortStage>,
    pub services: Vec<Amount>,
    pub origins: Vec<Amount>,
}

/// The money reaching a stage across cohorts.
#[derive(Debug, Clone, Serialize)]
pub struct StageFunding {
    pub stage: StageId,
    pub name: String,
    /// People needing it, over all cohorts.
    pub need: u64,
    pub amount: Money,
    pub per_person: Option<Money>,
    /// Of all money reaching cohorts.
    pub share: f64,
    pub cohorts: Vec<Amount>,
}

/// Spend on the services of one evidence level.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceSpend {
    pub evidence: Evidence,
    pub spend: Money,
    /// Of all spend on services.
    pub share: f64,
    /// Services of this level, in map order.
    pub services: Vec<Amount>,
    /// For `against`: the evidence advises disinvesting from these.
    pub disinvestment_candidates: bool,
}

/// One cohort's share of specialist spend against its share of the people needing support.
#[derive(Debug, Clone, Serialize)]
pub struct FairShare {
    pub cohort: Id,
    pub people_needing_support: u64,
    pub need_share: f64,
    pub specialist_spend: Money,
    pub spend_share: f64,
    /// `spend_share - need_share`, in percentage points.
    pub difference_points: f64,
}

/// Why no money reaches a cohort-stage with need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unreached {
    /// No service the cohort can reach offers the stage.
    NoRoute,
    /// The services it reaches for the stage have no funding on the map.
    Unfunded,
    /// The funded services it reaches give all their places to other cohorts.
    PlacesTaken,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnfundedNeed {
    pub cohort: Id,
    pub stage: StageId,
    pub need: u64,
    pub reason: Unreached,
    /// The services concerned, in map order.
    pub services: Vec<Id>,
    pub why: String,
    pub fix: String,
}

/// A cohort-stage whose money all comes from one funder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dependence {
    /// One commissioner pays every service that brings it money.
    SinglePayer,
    /// Several pay, but all the money enters at one funder.
    SingleOrigin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Concentration {
    pub cohort: Id,
    pub stage: StageId,
    pub amount: Money,
    pub dependence: Dependence,
    pub funder: Id,
    pub why: String,
}

/// The smallest piece of money followed: from where it entered, through the commissioner paying
/// the service, to a cohort-stage (or to no cohort).
#[derive(Debug, Clone, Serialize)]
pub struct Flow {
    pub origin: Id,
    pub payer: Id,
    pub service: Id,
    pub cohort: Option<Id>,
    pub stage: Option<StageId>,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    /// Money entering at funders: Σ own money.
    pub entering: Money,
    pub to_services: Money,
    pub to_cohorts: Money,
    pub reaches_no_cohort: Money,
    pub unspent: Money,
}

/// The funding flows of a map.
#[derive(Debug, Clone, Serialize)]
pub struct Funding {
    pub currency: String,
    pub rules: Vec<String>,
    pub totals: Totals,
    pub commissioners: Vec<CommissionerFunding>,
    pub services: Vec<ServiceFunding>,
    pub cohorts: Vec<CohortFunding>,
    pub stages: Vec<StageFunding>,
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

/// A pot of money by origin (commissioner position).
type Pot = BTreeMap<usize, Money>;

/// Takes `amount` from `pot`, key by key in proportion to what is left (largest remainder). Taking
/// the whole pot, payment by payment, empties every key exactly.
fn take<K: Ord + Copy>(pot: &mut BTreeMap<K, Money>, amount: Money) -> Vec<(K, Money)> {
    let keys: Vec<K> = pot.keys().copied().collect();
    let weights: Vec<u128> = pot
        .values()
        .map(|m| u128::try_from(m.0.max(0)).unwrap_or(0))
        .collect();
    let parts = amount.split(&weights);
    let mut out = Vec::new();
    for (k, p) in keys.into_iter().zip(parts) {
        if p != Money::ZERO {
            if let Some(left) = pot.get_mut(&k) {
                *left = *left - p;
            }
            out.push((k, p));
        }
    }
    out
}

fn share(part: Money, whole: Money) -> f64 {
    if whole.0 == 0 {
        0.0
    } else {
        part.0 as f64 / whole.0 as f64
    }
}

/// `money ÷ n`, to the penny (half away from zero), or nothing for nobody.
pub fn per(money: Money, n: u64) -> Option<Money> {
    if n == 0 {
        return None;
    }
    let n = i128::from(n);
    let m = i128::from(money.0);
    let q = (2 * m.abs() + n) / (2 * n);
    let q = i64::try_from(q).unwrap_or(i64::MAX);
    Some(Money(if m < 0 { -q } else { q }))
}

/// Adds `amount` under `key`, keeping the list in key order.
fn add<K: Ord + Clone>(list: &mut BTreeMap<K, Money>, key: &K, amount: Money) {
    *list.entry(key.clone()).or_default() += amount;
}

/// The commissioners in an order where funders come before those they fund, and the cycles.
fn funding_order(eco: &Ecosystem) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = eco.map.commissioners.len();
    let mut g: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<_> = (0..n).map(|i| g.add_node(i)).collect();
    for (c, nx) in nodes.iter().enumerate() {
        for (f, _) in eco.funders_of_commissioner(c) {
            g.add_edge(nodes[f], *nx, ());
        }
    }
    // Tarjan's algorithm lists components receivers first.
    let mut components = petgraph::algo::tarjan_scc(&g);
    components.reverse();
    let mut order = Vec::new();
    let mut cycles = Vec::new();
    for comp in components {
        let mut members: Vec<usize> = comp.iter().map(|ix| g[*ix]).collect();
        members.sort_unstable();
        if members.len() > 1 {
            cycles.push(members.clone());
        }
        order.extend(members);
    }
    (order, cycles)
}

/// One cohort's claim on a service's money.
struct Claim {
    cohort: usize,
    people: u64,
    stages: Vec<(StageId, u64)>,
}

/// Whom a service's money reaches, and on what basis.
struct Claims {
    basis: Basis,
    list: Vec<Claim>,
}

/// Origins, by commissioner position.
type Origins = Vec<(usize, Money)>;

/// The commissioners' books: what each receives, passes on and pays, and where the money of each
/// funding line entered.
struct Ledger {
    /// (receiver, its line) of every commissioner-to-commissioner line, by payer.
    passed: Vec<Vec<(usize, usize)>>,
    /// (service, its line) of every service funding line, by payer.
    paid: Vec<Vec<(usize, usize)>>,
    received: Vec<Money>,
    passed_total: Vec<Money>,
    paid_total: Vec<Money>,
    own: Vec<Money>,
    unspent: Vec<Money>,
    /// (receiver, line) → origins, for lines between commissioners.
    commissioner_lines: BTreeMap<(usize, usize), Origins>,
    /// (service, line) → origins.
    service_lines: BTreeMap<(usize, usize), Origins>,
    /// Money received but not spent on the map, by origin, per commissioner.
    held: Vec<Origins>,
    cycles: Vec<Vec<usize>>,
}

impl Ledger {
    /// Totals every commissioner's lines, then takes each one's payments from its pot, funders
    /// before those they fund.
    fn keep(eco: &Ecosystem) -> Ledger {
        let m = &eco.map;
        let nc = m.commissioners.len();
        let mut passed: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nc];
        for (r, c) in m.commissioners.values().enumerate() {
            for (li, f) in c.funded_by.iter().enumerate() {
                if let Some(p) = m.commissioners.get_index_of(&f.from) {
                    passed[p].push((r, li));
                }
            }
        }
        let mut paid: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nc];
        for (s, sv) in m.services.values().enumerate() {
            for (li, f) in sv.funding.iter().enumerate() {
                if let Some(p) = m.commissioners.get_index_of(&f.from) {
                    paid[p].push((s, li));
                }
            }
        }
        let received: Vec<Money> = m
            .commissioners
            .values()
            .map(|c| c.funded_by.iter().map(|f| f.amount).sum())
            .collect();
        let passed_total: Vec<Money> = passed
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .map(|&(r, li)| m.commissioners[r].funded_by[li].amount)
                    .sum()
            })
            .collect();
        let paid_total: Vec<Money> = paid
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .map(|&(s, li)| m.services[s].funding[li].amount)
                    .sum()
            })
            .collect();
        let own: Vec<Money> = (0..nc)
            .map(|c| (passed_total[c] + paid_total[c] - received[c]).max(Money::ZERO))
            .collect();
        let unspent: Vec<Money> = (0..nc)
            .map(|c| (received[c] - passed_total[c] - paid_total[c]).max(Money::ZERO))
            .collect();

        let (order, cycles) = funding_order(eco);
        let mut commissioner_lines: BTreeMap<(usize, usize), Origins> = BTreeMap::new();
        let mut service_lines: BTreeMap<(usize, usize), Origins> = BTreeMap::new();
        let mut held: Vec<Origins> = vec![Vec::new(); nc];
        for &c in &order {
            let mut pot = Pot::new();
            if own[c] != Money::ZERO {
                pot.insert(c, own[c]);
            }
            for (li, f) in m.commissioners[c].funded_by.iter().enumerate() {
                match commissioner_lines.get(&(c, li)) {
                    Some(origins) => {
                        for &(o, a) in origins {
                            *pot.entry(o).or_default() += a;
                        }
                    }
                    // Money coming round a funding cycle: taken to originate at its sender.
                    None => {
                        if let Some(fi) = m.commissioners.get_index_of(&f.from) {
                            *pot.entry(fi).or_default() += f.amount;
                        }
                    }
                }
            }
            for &(r, li) in &passed[c] {
                let amount = m.commissioners[r].funded_by[li].amount;
                commissioner_lines.insert((r, li), take(&mut pot, amount));
            }
            for &(s, li) in &paid[c] {
                let amount = m.services[s].funding[li].amount;
                service_lines.insert((s, li), take(&mut pot, amount));
            }
            held[c] = pot.into_iter().filter(|(_, a)| *a != Money::ZERO).collect();
        }
        Ledger {
            passed,
            paid,
            received,
            passed_total,
            paid_total,
            own,
            unspent,
            commissioner_lines,
            service_lines,
            held,
            cycles,
        }
    }

    /// Where the money of a service's funding line entered.
    fn service_line(&self, s: usize, li: usize) -> &[(usize, Money)] {
        self.service_lines.get(&(s, li)).map_or(&[], Vec::as_slice)
    }

    /// Where the money of a commissioner's `funded_by` line entered.
    fn commissioner_line(&self, r: usize, li: usize) -> &[(usize, Money)] {
        self.commissioner_lines
            .get(&(r, li))
            .map_or(&[], Vec::as_slice)
    }
}

/// Whom each service's money reaches: the places the sharing gives each cohort-stage there, or,
/// where its capacity is unknown or the sharing gives it no one, the need of the cohorts that can
/// reach it. Services in map order; cohorts in map order; stages in the order of the cohort's needs.
fn claims(eco: &Ecosystem, reach: &Reach, sharing: &Capacity) -> Vec<Claims> {
    let m = &eco.map;
    // (cohort, stage, service) → places given.
    let mut given: BTreeMap<(usize, &str, usize), u64> = BTreeMap::new();
    for a in &sharing.allocations {
        let Some(c) = eco.cohort_ix(a.cohort.as_str()) else {
            continue;
        };
        for (s, n) in &a.by_service {
            if let Some(si) = eco.service_ix(s.as_str()) {
                given.insert((c, a.stage.as_str(), si), n.round() as u64);
            }
        }
    }
    // Places given at each service, over every cohort-stage.
    let mut placed_at = vec![0u64; m.services.len()];
    for ((_, _, si), n) in &given {
        placed_at[*si] += n;
    }
    m.services
        .values()
        .enumerate()
        .map(|(s, sv)| {
            let placed = placed_at[s];
            let by_places = sv.capacity.people_per_year.is_some() && placed > 0;
            let mut list = Vec::new();
            for (c, cohort) in m.cohorts.values().enumerate() {
                let mut stages = Vec::new();
                for stage in cohort.needs.keys() {
                    if !sv.offers(stage.as_str()) {
                        continue;
                    }
                    let people = if by_places {
                        given.get(&(c, stage.as_str(), s)).copied().unwrap_or(0)
                    } else if reach.reaches(c, s) {
                        cohort.need(stage.as_str()).round() as u64
                    } else {
                        0
                    };
                    if people > 0 {
                        stages.push((stage.clone(), people));
                    }
                }
                // A person is counted once across the stages they use.
                let people = stages.iter().map(|(_, n)| *n).max().unwrap_or(0);
                if people > 0 {
                    list.push(Claim {
                        cohort: c,
                        people,
                        stages,
                    });
                }
            }
            let basis = if list.is_empty() {
                Basis::NoCohort
            } else if by_places {
                Basis::Places
            } else {
                Basis::Need
            };
            Claims { basis, list }
        })
        .collect()
}

/// Splits each service's money over its claims, cohort then stage; each cohort-stage then takes its
/// share of the service's pot of (line, origin) pieces. Service by service, in map order.
fn follow(eco: &Ecosystem, ledger: &Ledger, claims: &[Claims]) -> Vec<Flow> {
    let m = &eco.map;
    let mut flows = Vec::new();
    for (s, sv) in m.services.values().enumerate() {
        let list = &claims[s].list;
        let mut pot: BTreeMap<(usize, usize), Money> = BTreeMap::new();
        let mut payers: Vec<Option<usize>> = Vec::new();
        for (li, f) in sv.funding.iter().enumerate() {
            payers.push(m.commissioners.get_index_of(&f.from));
            for &(o, a) in ledger.service_line(s, li) {
                *pot.entry((li, o)).or_default() += a;
            }
        }
        let total: Money = pot.values().copied().sum();
        let mut cells: Vec<(Option<(usize, StageId)>, Money)> = Vec::new();
        if list.is_empty() {
            cells.push((None, total));
        } else {
            let cohort_weights: Vec<u128> = list.iter().map(|c| u128::from(c.people)).collect();
            for (claim, part) in list.iter().zip(total.split(&cohort_weights)) {
                let weights: Vec<u128> = claim.stages.iter().map(|(_, n)| u128::from(*n)).collect();
                for ((stage, _), amount) in claim.stages.iter().zip(part.split(&weights)) {
                    cells.push((Some((claim.cohort, stage.clone())), amount));
                }
            }
        }
        for (cell, amount) in cells {
            for ((li, o), piece) in take(&mut pot, amount) {
                let Some(payer) = payers[li] else { continue };
                flows.push(Flow {
                    origin: m.commissioners[o].id.clone(),
                    payer: m.commissioners[payer].id.clone(),
                    service: sv.id.clone(),
                    cohort: cell.as_ref().map(|(c, _)| m.cohorts[*c].id.clone()),
                    stage: cell.as_ref().map(|(_, st)| st.clone()),
                    amount: piece,
                });
            }
        }
    }
    flows
}

/// Ids for positions and positions for ids, so lists come out in map order.
struct Names<'a> {
    eco: &'a Ecosystem,
}

impl Names<'_> {
    fn commissioner(&self, i: usize) -> Id {
        self.eco.commissioner(i).id.clone()
    }

    fn service(&self, i: usize) -> Id {
        self.eco.service(i).id.clone()
    }

    fn commissioner_order(&self, id: &Id) -> usize {
        self.eco
            .map
            .commissioners
            .get_index_of(id)
            .unwrap_or(usize::MAX)
    }

    fn service_order(&self, id: &Id) -> usize {
        self.eco.service_ix(id.as_str()).unwrap_or(usize::MAX)
    }

    /// Origins as amounts by commissioner id.
    fn origins(&self, origins: &[(usize, Money)]) -> Vec<Amount> {
        origins
            .iter()
            .map(|&(o, amount)| Amount {
                id: self.commissioner(o),
                amount,
            })
            .collect()
    }

    /// A funding line with its origins.
    fn line(&self, from: &Id, to: &Id, f: &FundingLine, origins: &[(usize, Money)]) -> Line {
        Line {
            from: from.clone(),
            to: to.clone(),
            amount: f.amount,
            contract: f.contract,
            origins: self.origins(origins),
        }
    }
}

/// Sums flows by a key that sorts in map order, dropping zeros.
fn group<'f>(
    flows: impl Iterator<Item = &'f Flow>,
    key: impl Fn(&Flow) -> (usize, Id),
) -> Vec<Amount> {
    let mut by: BTreeMap<(usize, Id), Money> = BTreeMap::new();
    for f in flows {
        add(&mut by, &key(f), f.amount);
    }
    by.into_iter()
        .filter(|(_, a)| *a != Money::ZERO)
        .map(|((_, id), amount)| Amount { id, amount })
        .collect()
}

/// Flows grouped by a key (those without one left out), each group in flow order: looked up by key
/// rather than searched for each commissioner, service or cohort.
fn index_by<'f, K: Ord>(
    flows: impl IntoIterator<Item = &'f Flow>,
    key: impl Fn(&'f Flow) -> Option<K>,
) -> BTreeMap<K, Vec<&'f Flow>> {
    let mut by: BTreeMap<K, Vec<&Flow>> = BTreeMap::new();
    for f in flows {
        if let Some(k) = key(f) {
            by.entry(k).or_default().push(f);
        }
    }
    by
}

/// The flows of one key: a slice of the index, empty for a key with none.
fn of<'i, 'f, K: Ord>(index: &'i BTreeMap<K, Vec<&'f Flow>>, key: &K) -> &'i [&'f Flow] {
    index.get(key).map_or(&[], Vec::as_slice)
}

fn service_views(
    eco: &Ecosystem,
    benchmarks: &Benchmarks,
    ledger: &Ledger,
    claims: &[Claims],
    flows: &[Flow],
) -> Vec<ServiceFunding> {
    let names = Names { eco };
    let by_service = index_by(flows, |f| Some(f.service.as_str()));
    eco.map
        .services
        .values()
        .enumerate()
        .map(|(s, sv)| {
            let spend = sv.spend();
            let mine = of(&by_service, &sv.id.as_str());
            let by_cohort = index_by(mine.iter().copied(), |f| f.cohort.as_ref());
            let Claims { basis, list } = &claims[s];
            let cohorts = list
                .iter()
                .map(|claim| {
                    let cohort = eco.cohort(claim.cohort).id.clone();
                    let of_cohort = |stage: Option<&StageId>| -> Money {
                        of(&by_cohort, &&cohort)
                            .iter()
                            .filter(|f| stage.is_none_or(|st| f.stage.as_ref() == Some(st)))
                            .map(|f| f.amount)
                            .sum()
                    };
                    ServiceCohort {
                        cohort: cohort.clone(),
                        people: claim.people,
                        amount: of_cohort(None),
                        stages: claim
                            .stages
                            .iter()
                            .map(|(stage, people)| ServiceStage {
                                stage: stage.clone(),
                                people: *people,
                                amount: of_cohort(Some(stage)),
                            })
                            .collect(),
                    }
                })
                .collect();
            let mut funders: Vec<&Id> = sv.funding.iter().map(|f| &f.from).collect();
            funders.sort();
            funders.dedup();
            ServiceFunding {
                id: sv.id.clone(),
                name: sv.name.clone(),
                model: sv.model.clone(),
                evidence: benchmarks.evidence(&sv.model),
                spend,
                funders: sv
                    .funding
                    .iter()
                    .enumerate()
                    .map(|(li, f)| names.line(&f.from, &sv.id, f, ledger.service_line(s, li)))
                    .collect(),
                pooled: funders.len() >= 2,
                places: sv.capacity.people_per_year,
                cost_per_place: sv
                    .capacity
                    .people_per_year
                    .and_then(|p| per(spend, p))
                    .filter(|_| spend != Money::ZERO),
                origins: group(mine.iter().copied(), |f| {
                    (names.commissioner_order(&f.origin), f.origin.clone())
                }),
                basis: *basis,
                cohorts,
                reaches_no_cohort: mine
                    .iter()
                    .filter(|f| f.cohort.is_none())
                    .map(|f| f.amount)
                    .sum(),
            }
        })
        .collect()
}

fn commissioner_views(
    eco: &Ecosystem,
    benchmarks: &Benchmarks,
    ledger: &Ledger,
    flows: &[Flow],
) -> Vec<CommissionerFunding> {
    let m = &eco.map;
    let names = Names { eco };
    let by_payer = index_by(flows, |f| Some(f.payer.as_str()));
    let by_origin = index_by(flows, |f| Some(f.origin.as_str()));
    m.commissioners
        .values()
        .enumerate()
        .map(|(c, cm)| {
            let received_from = cm
                .funded_by
                .iter()
                .enumerate()
                .map(|(li, f)| names.line(&f.from, &cm.id, f, ledger.commissioner_line(c, li)))
                .collect();
            let passed_to = ledger.passed[c]
                .iter()
                .map(|&(r, li)| {
                    let f = &m.commissioners[r].funded_by[li];
                    names.line(
                        &cm.id,
                        &names.commissioner(r),
                        f,
                        ledger.commissioner_line(r, li),
                    )
                })
                .collect();
            let services = ledger.paid[c]
                .iter()
                .map(|&(s, li)| {
                    let f = &m.services[s].funding[li];
                    names.line(&cm.id, &names.service(s), f, ledger.service_line(s, li))
                })
                .collect();
            let spend = ledger.paid_total[c];
            let mut by_stage: BTreeMap<usize, Money> = BTreeMap::new();
            for f in of(&by_payer, &cm.id.as_str()) {
                let key = f
                    .stage
                    .as_ref()
                    .and_then(|st| m.stages.get_index_of(st))
                    .unwrap_or(usize::MAX);
                add(&mut by_stage, &key, f.amount);
            }
            let by_stage = by_stage
                .into_iter()
                .map(|(k, amount)| StagePart {
                    stage: m.stages.get_index(k).map(|(id, _)| id.clone()),
                    amount,
                    share: share(amount, spend),
                })
                .collect();
            let mut by_evidence: BTreeMap<Evidence, Money> = BTreeMap::new();
            for &(s, li) in &ledger.paid[c] {
                let sv = &m.services[s];
                add(
                    &mut by_evidence,
                    &benchmarks.evidence(&sv.model),
                    sv.funding[li].amount,
                );
            }
            let by_evidence = by_evidence
                .into_iter()
                .filter(|(_, a)| *a != Money::ZERO)
                .map(|(evidence, amount)| EvidencePart {
                    evidence,
                    amount,
                    share: share(amount, spend),
                })
                .collect();
            CommissionerFunding {
                id: cm.id.clone(),
                name: cm.name.clone(),
                kind: cm.kind.clone(),
                top_funder: cm.funded_by.is_empty(),
                received: ledger.received[c],
                received_from,
                own: ledger.own[c],
                passed_on: ledger.passed_total[c],
                passed_to,
                spend_on_services: spend,
                services,
                unspent: ledger.unspent[c],
                unspent_origins: names.origins(&ledger.held[c]),
                by_stage,
                by_evidence,
                own_money_reaches: group(of(&by_origin, &cm.id.as_str()).iter().copied(), |f| {
                    (names.service_order(&f.service), f.service.clone())
                }),
            }
        })
        .collect()
}

fn cohort_views(eco: &Ecosystem, flows: &[Flow]) -> Vec<CohortFunding> {
    let names = Names { eco };
    let by_service = |f: &Flow| (names.service_order(&f.service), f.service.clone());
    let by_payer = |f: &Flow| (names.commissioner_order(&f.payer), f.payer.clone());
    let by_origin = |f: &Flow| (names.commissioner_order(&f.origin), f.origin.clone());
    let by_cohort = index_by(flows, |f| f.cohort.as_ref());
    eco.map
        .cohorts
        .values()
        .map(|ch| {
            let mine = of(&by_cohort, &&ch.id);
            let people = ch
                .needs
                .keys()
                .map(|s| ch.need(s.as_str()).round() as u64)
                .max()
                .unwrap_or(0);
            let total: Money = mine.iter().map(|f| f.amount).sum();
            CohortFunding {
                id: ch.id.clone(),
                name: ch.name.clone(),
                size: ch.size,
                people_needing_support: people,
                total,
                per_person: per(total, people),
                stages: ch
                    .needs
                    .keys()
                    .map(|stage| {
                        let at = || {
                            mine.iter()
                                .copied()
                                .filter(|f| f.stage.as_ref() == Some(stage))
                        };
                        let amount: Money = at().map(|f| f.amount).sum();
                        let need = ch.need(stage.as_str()).round() as u64;
                        CohortStage {
                            stage: stage.clone(),
                            need,
                            amount,
                            per_person: per(amount, need),
                            services: group(at(), by_service),
                            payers: group(at(), by_payer),
                            origins: group(at(), by_origin),
                        }
                    })
                    .collect(),
                services: group(mine.iter().copied(), by_service),
                origins: group(mine.iter().copied(), by_origin),
            }
        })
        .collect()
}

/// Money reaching each stage across cohorts, for the stages someone needs or money reaches.
fn stage_views(eco: &Ecosystem, cohorts: &[CohortFunding], to_cohorts: Money) -> Vec<StageFunding> {
    eco.map
        .stages
        .values()
        .filter_map(|st| {
            let mut need = 0;
            let mut needed = false;
            let mut by: Vec<Amount> = Vec::new();
            for ch in cohorts {
                if let Some(cs) = ch.stages.iter().find(|cs| cs.stage == st.id) {
                    needed = true;
                    need += cs.need;
                    if cs.amount != Money::ZERO {
                        by.push(Amount {
                            id: ch.id.clone(),
                            amount: cs.amount,
                        });
                    }
                }
            }
            let amount: Money = by.iter().map(|a| a.amount).sum();
            (needed || amount != Money::ZERO).then(|| StageFunding {
                stage: st.id.clone(),
                name: st.name.clone(),
                need,
                amount,
                per_person: per(amount, need),
                share: share(amount, to_cohorts),
                cohorts: by,
            })
        })
        .collect()
}

/// Spend on services by the evidence level of their model, strongest first.
fn evidence_views(services: &[ServiceFunding], to_services: Money) -> Vec<EvidenceSpend> {
    Evidence::ALL
        .iter()
        .filter_map(|&level| {
            let list: Vec<Amount> = services
                .iter()
                .filter(|s| s.evidence == level && s.spend != Money::ZERO)
                .map(|s| Amount {
                    id: s.id.clone(),
                    amount: s.spend,
                })
                .collect();
            let spend: Money = list.iter().map(|a| a.amount).sum();
            (!list.is_empty()).then(|| EvidenceSpend {
                evidence: level,
                spend,
                share: share(spend, to_services),
                services: list,
                disinvestment_candidates: level == Evidence::Against,
            })
        })
        .collect()
}

/// Each cohort's share of specialist spend against its share of the people needing support.
fn fair_shares(
    services: &[ServiceFunding],
    cohorts: &[CohortFunding],
    flows: &[Flow],
) -> Vec<FairShare> {
    let rated: BTreeSet<&Id> = services
        .iter()
        .filter(|s| s.evidence != Evidence::NotRated)
        .map(|s| &s.id)
        .collect();
    let mut specialist: BTreeMap<&Id, Money> = BTreeMap::new();
    for f in flows.iter().filter(|f| rated.contains(&f.service)) {
        if let Some(c) = &f.cohort {
            add(&mut specialist, &c, f.amount);
        }
    }
    let specialist_of = |c: &Id| -> Money { specialist.get(c).copied().unwrap_or(Money::ZERO) };
    let all_need: u64 = cohorts.iter().map(|c| c.people_needing_support).sum();
    let all_specialist: Money = cohorts.iter().map(|c| specialist_of(&c.id)).sum();
    cohorts
        .iter()
        .map(|c| {
            let amount = specialist_of(&c.id);
            let need_share = if all_need == 0 {
                0.0
            } else {
                c.people_needing_support as f64 / all_need as f64
            };
            let spend_share = share(amount, all_specialist);
            FairShare {
                cohort: c.id.clone(),
                people_needing_support: c.people_needing_support,
                need_share,
                specialist_spend: amount,
                spend_share,
                difference_points: (spend_share - need_share) * 100.0,
            }
        })
        .collect()
}

/// Why no money reaches a cohort-stage with need, and the nearest fix.
fn unreached(eco: &Ecosystem, reach: &Reach, cohort: usize, cs: &CohortStage) -> UnfundedNeed {
    let names = Names { eco };
    let options = reach.options(eco, cohort, cs.stage.as_str());
    let all: Vec<Id> = options.iter().map(|&s| names.service(s)).collect();
    let funded: Vec<Id> = options
        .iter()
        .filter(|&&s| eco.service(s).spend() != Money::ZERO)
        .map(|&s| names.service(s))
        .collect();
    let list = |ids: &[Id]| {
        ids.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let stage = &cs.stage;
    let (reason, services, why, fix) = if options.is_empty() {
        (
            Unreached::NoRoute,
            Vec::new(),
            format!("no service the cohort can reach offers `{stage}`"),
            "open a route to a service offering it (the gap analysis names the rule or referral missing), or commission one".to_owned(),
        )
    } else if funded.is_empty() {
        (
            Unreached::Unfunded,
            all.clone(),
            format!(
                "the services it reaches for `{stage}` ({}) have no funding on the map",
                list(&all)
            ),
            "add their funding to the map if someone pays for them, or fund one".to_owned(),
        )
    } else {
        (
            Unreached::PlacesTaken,
            funded.clone(),
            format!(
                "the funded services it reaches for `{stage}` ({}) give all their places to other cohorts",
                list(&funded)
            ),
            format!(
                "add places at {}, or commission the stage for this cohort",
                list(&funded)
            ),
        )
    };
    UnfundedNeed {
        cohort: eco.cohort(cohort).id.clone(),
        stage: stage.clone(),
        need: cs.need,
        reason,
        services,
        why,
        fix,
    }
}

/// A cohort-stage whose money all comes through one commissioner, or all enters at one funder.
fn dependence(cohort: &Id, cs: &CohortStage) -> Option<Concentration> {
    let (dependence, funder, why) = if let [one] = cs.payers.as_slice() {
        (
            Dependence::SinglePayer,
            one.id.clone(),
            format!(
                "every service bringing `{}` money to this cohort is paid by `{}`",
                cs.stage, one.id
            ),
        )
    } else if let [one] = cs.origins.as_slice() {
        (
            Dependence::SingleOrigin,
            one.id.clone(),
            format!(
                "{} commissioners pay for it, but all the money enters at `{}`",
                cs.payers.len(),
                one.id
            ),
        )
    } else {
        return None;
    };
    Some(Concentration {
        cohort: cohort.clone(),
        stage: cs.stage.clone(),
        amount: cs.amount,
        dependence,
        funder,
        why,
    })
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
    let ledger = Ledger::keep(eco);
    let claims = claims(eco, reach, sharing);
    let flows = follow(eco, &ledger, &claims);

    let services = service_views(eco, benchmarks, &ledger, &claims, &flows);
    let commissioners = commissioner_views(eco, benchmarks, &ledger, &flows);
    let cohorts = cohort_views(eco, &flows);
    let to_services: Money = m.services.values().map(|s| s.spend()).sum();
    let to_cohorts: Money = cohorts.iter().map(|c| c.total).sum();
    let stages = stage_views(eco, &cohorts, to_cohorts);
    let evidence = evidence_views(&services, to_services);
    let fair_shares = fair_shares(&services, &cohorts, &flows);

    let mut unfunded_need = Vec::new();
    let mut concentration = Vec::new();
    for (ci, cf) in cohorts.iter().enumerate() {
        for cs in &cf.stages {
            if cs.need > 0 && cs.amount == Money::ZERO {
                unfunded_need.push(unreached(eco, reach, ci, cs));
            }
            if cs.amount != Money::ZERO {
                concentration.extend(dependence(&cf.id, cs));
            }
        }
    }

    let names = Names { eco };
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
    }
}

/// Whether all that `from` sends to `to` along `sent` (its lines of one kind) arrives along
/// `arrived` (the receiver's incoming lines; `None`: no such receiver).
fn arrives_whole(from: &Id, sent: &[Line], to: &Id, arrived: Option<&[Line]>) -> bool {
    let leaves: Money = sent.iter().filter(|x| &x.to == to).map(|x| x.amount).sum();
    let arrives = arrived.map(|xs| {
        xs.iter()
            .filter(|x| &x.from == from)
            .map(|x| x.amount)
            .sum::<Money>()
    });
    arrives == Some(leaves)
}

/// Checks that the money reconciles exactly: what leaves every node is what reaches the next, and
/// the totals agree. Returns each discrepancy found (none on a correct result).
pub fn reconcile(f: &Funding) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            wrong.push(what);
        }
    };
    let sum = |xs: &[Amount]| -> Money { xs.iter().map(|a| a.amount).sum() };
    let lines = |xs: &[Line]| -> Money { xs.iter().map(|l| l.amount).sum() };

    for c in &f.commissioners {
        check(
            c.received + c.own == c.spend_on_services + c.passed_on + c.unspent,
            format!(
                "{}: received {} + own {} ≠ to services {} + passed on {} + unspent {}",
                c.id, c.received.0, c.own.0, c.spend_on_services.0, c.passed_on.0, c.unspent.0
            ),
        );
        check(
            lines(&c.received_from) == c.received,
            format!("{}: received lines", c.id),
        );
        check(
            lines(&c.passed_to) == c.passed_on,
            format!("{}: passed-on lines", c.id),
        );
        check(
            lines(&c.services) == c.spend_on_services,
            format!("{}: service lines", c.id),
        );
        check(
            sum(&c.unspent_origins) == c.unspent,
            format!("{}: unspent origins", c.id),
        );
        for l in c
            .received_from
            .iter()
            .chain(&c.passed_to)
            .chain(&c.services)
        {
            check(
                sum(&l.origins) == l.amount,
                format!(
                    "{} → {}: origins {} ≠ {}",
                    l.from,
                    l.to,
                    sum(&l.origins).0,
                    l.amount.0
                ),
            );
        }
        check(
            c.by_stage.iter().map(|p| p.amount).sum::<Money>() == c.spend_on_services,
            format!("{}: spend by stage", c.id),
        );
        check(
            c.by_evidence.iter().map(|p| p.amount).sum::<Money>() == c.spend_on_services,
            format!("{}: spend by evidence", c.id),
        );
        // What leaves a commissioner reaches the next node, line for line.
        for l in &c.passed_to {
            let next = f.commissioners.iter().find(|r| r.id == l.to);
            check(
                arrives_whole(
                    &c.id,
                    &c.passed_to,
                    &l.to,
                    next.map(|r| r.received_from.as_slice()),
                ),
                format!("{} → {}: sent ≠ received", c.id, l.to),
            );
        }
        for l in &c.services {
            let next = f.services.iter().find(|s| s.id == l.to);
            check(
                arrives_whole(
                    &c.id,
                    &c.services,
                    &l.to,
                    next.map(|s| s.funders.as_slice()),
                ),
                format!("{} → {}: paid ≠ received", c.id, l.to),
            );
        }
    }
    for s in &f.services {
        check(
            lines(&s.funders) == s.spend,
            format!("{}: funding lines", s.id),
        );
        check(sum(&s.origins) == s.spend, format!("{}: origins", s.id));
        let to_cohorts: Money = s.cohorts.iter().map(|c| c.amount).sum();
        check(
            to_cohorts + s.reaches_no_cohort == s.spend,
            format!(
                "{}: to cohorts {} + to no cohort {} ≠ spend {}",
                s.id, to_cohorts.0, s.reaches_no_cohort.0, s.spend.0
            ),
        );
        for c in &s.cohorts {
            check(
                c.stages.iter().map(|st| st.amount).sum::<Money>() == c.amount,
                format!("{} → {}: stages", s.id, c.cohort),
            );
            let arrives: Money = f
                .cohorts
                .iter()
                .find(|x| x.id == c.cohort)
                .map(|x| {
                    x.services
                        .iter()
                        .filter(|a| a.id == s.id)
                        .map(|a| a.amount)
                        .sum()
                })
                .unwrap_or_default();
            check(
                arrives == c.amount,
                format!("{} → {}: sent ≠ received", s.id, c.cohort),
            );
        }
    }
    for c in &f.cohorts {
        let by_stage: Money = c.stages.iter().map(|s| s.amount).sum();
        check(by_stage == c.total, format!("{}: stages", c.id));
        check(sum(&c.services) == c.total, format!("{}: services", c.id));
        check(sum(&c.origins) == c.total, format!("{}: origins", c.id));
        for s in &c.stages {
            check(
                sum(&s.services) == s.amount,
                format!("{} {}: services", c.id, s.stage),
            );
            check(
                sum(&s.payers) == s.amount,
                format!("{} {}: payers", c.id, s.stage),
            );
            check(
                sum(&s.origins) == s.amount,
                format!("{} {}: origins", c.id, s.stage),
            );
        }
    }
    let t = &f.totals;
    let own: Money = f.commissioners.iter().map(|c| c.own).sum();
    check(own == t.entering, "entering ≠ Σ own".into());
    check(
        t.entering == t.to_services + t.unspent,
        format!(
            "entering {} ≠ to services {} + unspent {}",
            t.entering.0, t.to_services.0, t.unspent.0
        ),
    );
    check(
        t.to_services == t.to_cohorts + t.reaches_no_cohort,
        format!(
            "to services {} ≠ to cohorts {} + to no cohort {}",
            t.to_services.0, t.to_cohorts.0, t.reaches_no_cohort.0
        ),
    );
    check(
        f.services.iter().map(|s| s.spend).sum::<Money>() == t.to_services,
        "Σ service spend ≠ to services".into(),
    );
    check(
        f.flows.iter().map(|x| x.amount).sum::<Money>() == t.to_services,
        "Σ flows ≠ to services".into(),
    );
    check(
        f.stages.iter().map(|s| s.amount).sum::<Money>() == t.to_cohorts,
        "Σ stages ≠ to cohorts".into(),
    );
    check(
        f.evidence.iter().map(|e| e.spend).sum::<Money>() == t.to_services,
        "Σ evidence ≠ to services".into(),
    );
    // Origin by origin: the money entering at a funder is what its flows and holdings carry.
    if f.cycles.is_empty() {
        for c in &f.commissioners {
            let carried: Money = f
                .flows
                .iter()
                .filter(|x| x.origin == c.id)
                .map(|x| x.amount)
                .sum::<Money>()
                + f.commissioners
                    .iter()
                    .flat_map(|h| &h.unspent_origins)
                    .filter(|a| a.id == c.id)
                    .map(|a| a.amount)
                    .sum();
            check(
                carried == c.own,
                format!("{}: own money {} ≠ carried {}", c.id, c.own.0, carried.0),
            );
            check(
                sum(&c.own_money_reaches)
                    + f.commissioners
                        .iter()
                        .flat_map(|h| &h.unspent_origins)
                        .filter(|a| a.id == c.id)
                        .map(|a| a.amount)
                        .sum()
                    == c.own,
                format!("{}: own money reaches", c.id),
            );
        }
    }
    wrong
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_rounds_to_the_penny() {
        assert_eq!(per(Money(1000), 3), Some(Money(333)));
        assert_eq!(per(Money(1001), 2), Some(Money(501)));
        assert_eq!(per(Money(-1001), 2), Some(Money(-501)));
        assert_eq!(per(Money(5), 0), None);
    }

    #[test]
    fn taking_from_a_pot_never_overdraws_an_origin() {
        // Pot: 1p from A, 1p from B; two payments of 1p each: the first takes A's (tie → earlier),
        // the second must take B's, not A's again.
        let mut pot = Pot::from([(0, Money(1)), (1, Money(1))]);
        assert_eq!(take(&mut pot, Money(1)), vec![(0, Money(1))]);
        assert_eq!(take(&mut pot, Money(1)), vec![(1, Money(1))]);
        assert!(pot.values().all(|m| *m == Money::ZERO));
    }
}
