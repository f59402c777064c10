//! The `what-if` document: a change to the map (services gone, a commissioner withdrawing) and
//! what it does, before against after. A change to a cohort-stage's gap is written the same way
//! in `diff`.

use serde::Serialize;

use super::gaps::{Gap, kind};
use super::overlap::pair;
use super::report::KeyNumbers;
use super::values::{Ids, ids, minor};
use super::{Body, values};
use crate::analysis::whatif::{self as w, Change as Asked, Removal, Shift};
use crate::analysis::withdrawal::{RouteLost as Lost, ServiceLoss};

/// What a change does to the map.
#[derive(Serialize)]
pub struct WhatIf<'a> {
    area: &'a str,
    currency: &'a str,
    change: Change<'a>,
    rules: &'a [&'static str],
    removed: Vec<RemovedService<'a>>,
    reduced: Vec<ReducedService<'a>>,
    passed_on: Vec<PassedOn<'a>>,
    spend_before: i64,
    spend_after: i64,
    saved: i64,
    /// For a withdrawal: of `saved`, the commissioner's own money (null for `--without`).
    withdrawn_own: Option<i64>,
    /// For a withdrawal: of `saved`, the money it passes on from others, by the funder where it
    /// entered the map.
    withdrawn_from_others: Vec<super::funding::Amount<'a>>,
    passed_on_total: i64,
    money_lost: Vec<MoneyLost<'a>>,
    routes_lost: Vec<RouteLost<'a>>,
    before: KeyNumbers,
    after: KeyNumbers,
    changes: Vec<GapChange<'a>>,
    people_newly_without: f64,
    people_newly_supported: f64,
    overlaps_ended: Vec<[&'a str; 2]>,
}

impl Body for WhatIf<'_> {
    const TYPE: &'static str = "what-if";
}

impl<'a> From<&'a w::WhatIf> for WhatIf<'a> {
    fn from(m: &'a w::WhatIf) -> Self {
        WhatIf {
            area: &m.area,
            currency: &m.currency,
            change: match &m.change {
                Asked::Without { services } => Change::Without {
                    services: ids(services),
                },
                Asked::Withdraw { commissioner } => Change::Withdraw {
                    commissioner: commissioner.as_str(),
                },
            },
            rules: &m.rules,
            removed: values::each(&m.removed),
            reduced: values::each(&m.reduced),
            passed_on: values::each(&m.passed_on),
            spend_before: minor(m.spend_before),
            spend_after: minor(m.spend_after),
            saved: minor(m.saved),
            withdrawn_own: m.withdrawn_own.map(minor),
            withdrawn_from_others: values::each(&m.withdrawn_from_others),
            passed_on_total: minor(m.passed_on_total),
            money_lost: values::each(&m.money_lost),
            routes_lost: values::each(&m.routes_lost),
            before: KeyNumbers::from(&m.before),
            after: KeyNumbers::from(&m.after),
            changes: values::each(&m.changes),
            people_newly_without: m.people_newly_without,
            people_newly_supported: m.people_newly_supported,
            overlaps_ended: m.overlaps_ended.iter().map(pair).collect(),
        }
    }
}

/// The change asked for, tagged by `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Change<'a> {
    Without { services: Ids<'a> },
    Withdraw { commissioner: &'a str },
}

#[derive(Serialize)]
struct RemovedService<'a> {
    id: &'a str,
    name: &'a str,
    why: &'static str,
    spend: i64,
    places: Option<u64>,
}

impl<'a> From<&'a w::RemovedService> for RemovedService<'a> {
    fn from(r: &'a w::RemovedService) -> Self {
        RemovedService {
            id: r.id.as_str(),
            name: &r.name,
            why: match r.why {
                Removal::Named => "named",
                Removal::FundedAlone => "funded-alone",
            },
            spend: minor(r.spend),
            places: r.places,
        }
    }
}

#[derive(Serialize)]
struct ReducedService<'a> {
    id: &'a str,
    name: &'a str,
    spend_before: i64,
    spend_after: i64,
    scale: f64,
    places_before: Option<u64>,
    places_after: Option<u64>,
    wte_before: Option<f64>,
    wte_after: Option<f64>,
}

impl<'a> From<&'a w::ReducedService> for ReducedService<'a> {
    fn from(r: &'a w::ReducedService) -> Self {
        ReducedService {
            id: r.id.as_str(),
            name: &r.name,
            spend_before: minor(r.spend_before),
            spend_after: minor(r.spend_after),
            scale: r.scale,
            places_before: r.places_before,
            places_after: r.places_after,
            wte_before: r.wte_before,
            wte_after: r.wte_after,
        }
    }
}

#[derive(Serialize)]
struct PassedOn<'a> {
    commissioner: &'a str,
    name: &'a str,
    amount: i64,
}

impl<'a> From<&'a w::PassedOn> for PassedOn<'a> {
    fn from(p: &'a w::PassedOn) -> Self {
        PassedOn {
            commissioner: p.commissioner.as_str(),
            name: &p.name,
            amount: minor(p.amount),
        }
    }
}

/// The money a service loses when a commissioner withdraws.
#[derive(Serialize)]
struct MoneyLost<'a> {
    id: &'a str,
    name: &'a str,
    before: i64,
    lost: i64,
    after: i64,
    through: Vec<super::funding::Amount<'a>>,
}

impl<'a> From<&'a ServiceLoss> for MoneyLost<'a> {
    fn from(l: &'a ServiceLoss) -> Self {
        MoneyLost {
            id: l.id.as_str(),
            name: &l.name,
            before: minor(l.before),
            lost: minor(l.lost),
            after: minor(l.after),
            through: values::each(&l.through),
        }
    }
}

#[derive(Serialize)]
struct RouteLost<'a> {
    cohort: &'a str,
    stage: &'a str,
    need: f64,
    services: Ids<'a>,
}

impl<'a> From<&'a Lost> for RouteLost<'a> {
    fn from(r: &'a Lost) -> Self {
        RouteLost {
            cohort: r.cohort.as_str(),
            stage: r.stage.as_str(),
            need: r.need,
            services: ids(&r.services),
        }
    }
}

/// A cohort-stage whose gap changed; `before` and `after` are gap kinds, `null` for none.
#[derive(Serialize)]
pub(super) struct GapChange<'a> {
    cohort: &'a str,
    stage: &'a str,
    shift: &'static str,
    need: f64,
    before: Option<&'static str>,
    people_before: f64,
    after: Option<&'static str>,
    people_after: f64,
    gap: Gap<'a>,
}

impl<'a> From<&'a w::GapChange> for GapChange<'a> {
    fn from(c: &'a w::GapChange) -> Self {
        GapChange {
            cohort: c.cohort.as_str(),
            stage: c.stage.as_str(),
            shift: match c.shift {
                Shift::Opened => "opened",
                Shift::KindChanged => "kind-changed",
                Shift::Worse => "worse",
                Shift::Better => "better",
                Shift::Closed => "closed",
                Shift::Appeared => "appeared",
                Shift::Dropped => "dropped",
            },
            need: c.need,
            before: c.before.map(kind),
            people_before: c.people_before,
            after: c.after.map(kind),
            people_after: c.people_after,
            gap: Gap::from(&c.gap),
        }
    }
}
