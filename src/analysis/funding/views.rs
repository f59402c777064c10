//! The views of the money followed: the flows summed by service, commissioner, cohort, stage and
//! evidence level, each list in map order. Nothing here divides money; it only adds up the pieces
//! [`super::cohorts`] made.

use std::collections::BTreeMap;

use super::cohorts::{Claim, Claims, whole};
use super::ledger::Ledger;
use super::{
    Amount, CohortFunding, CohortStage, CommissionerFunding, Earmark, EvidencePart, EvidenceSpend,
    Flow, Line, Names, NotEmployment, NotEmploymentTotal, Reading, ReadingSpend, ServiceCohort,
    ServiceFunding, ServiceStage, StageFunding, StagePart, add, per, share,
};
use crate::benchmarks::{Benchmarks, Evidence};
use crate::graph::Ecosystem;
use crate::model::{FundingLine, Id, StageId};
use crate::money::Money;

/// Ids for positions, so lists come out in map order: each a copy of the one [`Names`] holds.
impl Names {
    pub(super) fn commissioner(&self, i: usize) -> Id {
        self.commissioners[i].clone()
    }

    pub(super) fn service(&self, i: usize) -> Id {
        self.services[i].clone()
    }

    /// Origins as amounts by commissioner id.
    pub(super) fn origins(&self, origins: &[(usize, Money)]) -> Vec<Amount> {
        origins
            .iter()
            .map(|&(o, amount)| Amount {
                id: self.commissioner(o),
                amount,
            })
            .collect()
    }

    /// A funding line with its origins.
    pub(super) fn line(
        &self,
        from: &Id,
        to: &Id,
        f: &FundingLine,
        origins: &[(usize, Money)],
    ) -> Line {
        Line {
            from: from.clone(),
            to: to.clone(),
            amount: f.amount,
            contract: f.contract,
            earmark: f.earmark.clone(),
            origins: self.origins(origins),
        }
    }
}

/// Sums flows by a position in the map (`key`), in map order, dropping zeros; each named by
/// `name` once.
fn group<'f>(
    flows: impl Iterator<Item = &'f Flow>,
    key: impl Fn(&Flow) -> usize,
    name: impl Fn(usize) -> Id,
) -> Vec<Amount> {
    let mut by: BTreeMap<usize, Money> = BTreeMap::new();
    for f in flows {
        add(&mut by, &key(f), f.amount);
    }
    by.into_iter()
        .filter(|(_, a)| *a != Money::ZERO)
        .map(|(at, amount)| Amount {
            id: name(at),
            amount,
        })
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

/// Flows by a position in the map below `n` (those without one left out), each list in flow
/// order.
fn positions<'f>(
    flows: impl IntoIterator<Item = &'f Flow>,
    n: usize,
    key: impl Fn(&'f Flow) -> Option<usize>,
) -> Vec<Vec<&'f Flow>> {
    let mut by: Vec<Vec<&Flow>> = vec![Vec::new(); n];
    for f in flows {
        if let Some(list) = key(f).and_then(|k| by.get_mut(k)) {
            list.push(f);
        }
    }
    by
}

/// Whether a flow reaches `stage` (a position among the flows' stages; `None`, a stage no flow
/// can reach).
fn reaches(f: &Flow, stage: Option<usize>) -> bool {
    stage.is_some() && f.at.stage == stage
}

/// Whom a service's money reaches (its claims), with the money each cohort and stage received
/// (`mine`: the service's flows).
fn service_cohorts(
    eco: &Ecosystem,
    names: &Names,
    list: &[Claim],
    mine: &[&Flow],
) -> Vec<ServiceCohort> {
    let by_cohort = index_by(mine.iter().copied(), |f| f.at.cohort);
    list.iter()
        .map(|claim| {
            let cohort = eco.cohort(claim.cohort).id.clone();
            let of_cohort = |stage: Option<&StageId>| -> Money {
                let at = stage.map(|st| names.stage(st));
                of(&by_cohort, &claim.cohort)
                    .iter()
                    .filter(|f| at.is_none_or(|at| reaches(f, at)))
                    .map(|f| f.amount)
                    .sum()
            };
            ServiceCohort {
                cohort: cohort.clone(),
                people: whole(claim.people),
                amount: of_cohort(None),
                stages: claim
                    .stages
                    .iter()
                    .map(|(stage, people)| ServiceStage {
                        stage: stage.clone(),
                        people: whole(*people),
                        amount: of_cohort(Some(stage)),
                    })
                    .collect(),
                not_employment: of(&by_cohort, &claim.cohort)
                    .iter()
                    .filter(|f| f.at.stage.is_none())
                    .map(|f| f.amount)
                    .sum(),
            }
        })
        .collect()
}

pub(super) fn service_views(
    eco: &Ecosystem,
    benchmarks: &Benchmarks,
    ledger: &Ledger,
    claims: &[Claims],
    flows: &[Flow],
    names: &Names,
) -> Vec<ServiceFunding> {
    let by_service = positions(flows, eco.map.services.len(), |f| Some(f.at.service));
    eco.map
        .services
        .values()
        .enumerate()
        .map(|(s, sv)| {
            let spend = sv.spend();
            let mine = by_service[s].as_slice();
            let Claims { basis, list } = &claims[s];
            let cohorts = service_cohorts(eco, names, list, mine);
            let mut funders: Vec<&Id> = sv.funding.iter().map(|f| &f.from).collect();
            funders.sort();
            funders.dedup();
            ServiceFunding {
                id: sv.id.clone(),
                name: sv.name.clone(),
                model: sv.model.clone(),
                evidence: benchmarks.evidence(&sv.model),
                evidence_parts: by_reading(mine.iter().copied()),
                spend,
                funders: sv
                    .funding
                    .iter()
                    .enumerate()
                    .map(|(li, f)| names.line(&f.from, &sv.id, f, ledger.service_line(s, li)))
                    .collect(),
                earmarked: (0..sv.funding.len())
                    .filter_map(|li| ledger.earmarked.get(&(s, li)).copied())
                    .sum(),
                pooled: funders.len() >= 2,
                places: sv.capacity.people_per_year,
                cost_per_place: sv
                    .capacity
                    .people_per_year
                    .and_then(|p| per(spend, p as f64))
                    .filter(|_| spend != Money::ZERO),
                origins: group(
                    mine.iter().copied(),
                    |f| f.at.origin,
                    |o| names.commissioner(o),
                ),
                basis: *basis,
                cohorts,
                reaches_no_cohort: mine
                    .iter()
                    .filter(|f| f.at.cohort.is_none())
                    .map(|f| f.amount)
                    .sum(),
            }
        })
        .collect()
}

pub(super) fn commissioner_views(
    eco: &Ecosystem,
    ledger: &Ledger,
    flows: &[Flow],
    names: &Names,
) -> Vec<CommissionerFunding> {
    let m = &eco.map;
    let by_payer = positions(flows, m.commissioners.len(), |f| Some(f.at.payer));
    let by_origin = positions(flows, m.commissioners.len(), |f| Some(f.at.origin));
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
            let by_stage = spend_by_stage(eco, &by_payer[c], spend);
            let by_evidence = spend_by_evidence(&by_payer[c], spend);
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
                earmarks: earmarks_of(eco, ledger, names, c),
                unspent: ledger.unspent[c],
                unspent_origins: names.origins(&ledger.held[c]),
                by_stage,
                by_evidence,
                own_money_reaches: group(
                    by_origin[c].iter().copied(),
                    |f| f.at.service,
                    |s| names.service(s),
                ),
            }
        })
        .collect()
}

/// The earmarked lines commissioner `c` received, and where each went.
fn earmarks_of(eco: &Ecosystem, ledger: &Ledger, names: &Names, c: usize) -> Vec<Earmark> {
    let m = &eco.map;
    ledger
        .earmarks
        .iter()
        .filter(|e| e.at.0 == c)
        .map(|e| {
            let f = &m.commissioners[c].funded_by[e.at.1];
            Earmark {
                from: f.from.clone(),
                amount: f.amount,
                services: f.earmark.clone(),
                reaches: e
                    .reaches
                    .iter()
                    .map(|&(s, amount)| Amount {
                        id: names.service(s),
                        amount,
                    })
                    .collect(),
                unspent: e.unspent,
            }
        })
        .collect()
}

/// A commissioner's spend on services by the stage its money reaches (its flows as payer), in the
/// map's stage order; money reaching no cohort last.
fn spend_by_stage(eco: &Ecosystem, paid: &[&Flow], spend: Money) -> Vec<StagePart> {
    let m = &eco.map;
    // Stages by position; then money reaching cohorts on no stage (beyond an employment share);
    // then money reaching no cohort.
    const NOT_EMPLOYMENT: usize = usize::MAX - 1;
    let mut by_stage: BTreeMap<usize, Money> = BTreeMap::new();
    for f in paid {
        let key = match (f.at.stage, f.at.cohort) {
            // The flows' stages are the map's in its order, then any it does not list.
            (Some(st), _) if st < m.stages.len() => st,
            (Some(_), _) => usize::MAX,
            (None, Some(_)) => NOT_EMPLOYMENT,
            (None, None) => usize::MAX,
        };
        add(&mut by_stage, &key, f.amount);
    }
    by_stage
        .into_iter()
        .map(|(k, amount)| StagePart {
            stage: m.stages.get_index(k).map(|(id, _)| id.clone()),
            not_employment: k == NOT_EMPLOYMENT,
            amount,
            share: share(amount, spend),
        })
        .collect()
}

/// A commissioner's spend on services (its flows as payer) by the evidence level of each piece of
/// money, strongest first.
fn spend_by_evidence(paid: &[&Flow], spend: Money) -> Vec<EvidencePart> {
    let mut by_evidence: BTreeMap<Evidence, Money> = BTreeMap::new();
    for f in paid {
        add(&mut by_evidence, &f.evidence, f.amount);
    }
    by_evidence
        .into_iter()
        .filter(|(_, a)| *a != Money::ZERO)
        .map(|(evidence, amount)| EvidencePart {
            evidence,
            amount,
            share: share(amount, spend),
        })
        .collect()
}

/// Money by (evidence level, reading), strongest first, zeros left out.
pub(super) fn by_reading<'f>(flows: impl IntoIterator<Item = &'f Flow>) -> Vec<ReadingSpend> {
    let mut by: BTreeMap<(Evidence, Reading), Money> = BTreeMap::new();
    for f in flows {
        add(&mut by, &(f.evidence, f.reading), f.amount);
    }
    by.into_iter()
        .filter(|(_, a)| *a != Money::ZERO)
        .map(|((evidence, reading), amount)| ReadingSpend {
            evidence,
            reading,
            amount,
        })
        .collect()
}

pub(super) fn cohort_views(eco: &Ecosystem, flows: &[Flow], names: &Names) -> Vec<CohortFunding> {
    let service = |s| names.service(s);
    let commissioner = |c| names.commissioner(c);
    let by_cohort = positions(flows, eco.map.cohorts.len(), |f| f.at.cohort);
    eco.map
        .cohorts
        .values()
        .enumerate()
        .map(|(ci, ch)| {
            let mine = by_cohort[ci].as_slice();
            let people = ch.stage_needs().map(|(_, n)| n).fold(0.0, f64::max);
            let total: Money = mine.iter().map(|f| f.amount).sum();
            let beyond = || {
                mine.iter()
                    .copied()
                    .filter(|f| f.at.stage.is_none() && f.reading == Reading::NotEmployment)
            };
            CohortFunding {
                id: ch.id.clone(),
                name: ch.name.clone(),
                size: ch.size,
                people_needing_support: people,
                total,
                // Employment-support money only: what goes beyond a service's employment share
                // (a day service's day care) reaches the cohort, but is not support into work.
                per_person: per(total - beyond().map(|f| f.amount).sum(), people),
                stages: ch
                    .stage_needs()
                    .map(|(stage, need)| {
                        let ix = names.stage(stage);
                        let at = || mine.iter().copied().filter(move |f| reaches(f, ix));
                        let amount: Money = at().map(|f| f.amount).sum();
                        CohortStage {
                            stage: stage.clone(),
                            need,
                            amount,
                            per_person: per(amount, need),
                            services: group(at(), |f| f.at.service, service),
                            payers: group(at(), |f| f.at.payer, commissioner),
                            origins: group(at(), |f| f.at.origin, commissioner),
                        }
                    })
                    .collect(),
                not_employment: NotEmployment {
                    amount: beyond().map(|f| f.amount).sum(),
                    services: group(beyond(), |f| f.at.service, service),
                    payers: group(beyond(), |f| f.at.payer, commissioner),
                    origins: group(beyond(), |f| f.at.origin, commissioner),
                },
                services: group(mine.iter().copied(), |f| f.at.service, service),
                origins: group(mine.iter().copied(), |f| f.at.origin, commissioner),
            }
        })
        .collect()
}

/// Money reaching each stage across cohorts, for the stages someone needs or money reaches.
pub(super) fn stage_views(
    eco: &Ecosystem,
    cohorts: &[CohortFunding],
    to_cohorts: Money,
) -> Vec<StageFunding> {
    eco.map
        .stages
        .values()
        .filter_map(|st| {
            let mut need = 0.0;
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

/// The money reaching cohorts that is not employment support, by cohort: the rest of the stage
/// view.
pub(super) fn not_employment_total(
    cohorts: &[CohortFunding],
    to_cohorts: Money,
) -> NotEmploymentTotal {
    let by: Vec<Amount> = cohorts
        .iter()
        .filter(|c| c.not_employment.amount != Money::ZERO)
        .map(|c| Amount {
            id: c.id.clone(),
            amount: c.not_employment.amount,
        })
        .collect();
    let amount: Money = by.iter().map(|a| a.amount).sum();
    NotEmploymentTotal {
        amount,
        share: share(amount, to_cohorts),
        cohorts: by,
    }
}

/// Spend on services by the evidence level of each piece of money, strongest first.
pub(super) fn evidence_views(
    flows: &[Flow],
    names: &Names,
    to_services: Money,
) -> Vec<EvidenceSpend> {
    let by_level = index_by(flows, |f| Some(f.evidence));
    Evidence::ALL
        .iter()
        .filter_map(|&level| {
            let mine = of(&by_level, &level);
            let list = group(mine.iter().copied(), |f| f.at.service, |s| names.service(s));
            let spend: Money = list.iter().map(|a| a.amount).sum();
            (!list.is_empty()).then(|| EvidenceSpend {
                evidence: level,
                spend,
                share: share(spend, to_services),
                services: list,
                readings: by_reading(mine.iter().copied().filter(|f| f.reading != Reading::Model)),
                disinvestment_candidates: level == Evidence::Against,
            })
        })
        .collect()
}
