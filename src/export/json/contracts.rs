//! The `contracts` document: contracts ending in a window, what else serves the same people, and
//! who loses their only route.

use serde::Serialize;

use super::gaps::{Gap, kind};
use super::overlap::{Shared, Weighed};
use super::values::{Day, Ids, day, ids, minor};
use super::{Body, values};
use crate::analysis::contracts::{self as c, OnlyRouteHow};
use crate::period::AsOfFrom;

/// The contracts ending in the window, and those that cannot be placed in it.
#[derive(Serialize)]
pub struct Contracts<'a> {
    area: &'a str,
    currency: &'a str,
    window: Window<'a>,
    ending: Vec<Ending<'a>>,
    ending_total: i64,
    already_ended: Vec<ContractLine<'a>>,
    without_end_date: Vec<ContractLine<'a>>,
    ending_later: usize,
}

impl Body for Contracts<'_> {
    const TYPE: &'static str = "contracts";
}

impl<'a> From<&'a c::Contracts> for Contracts<'a> {
    fn from(m: &'a c::Contracts) -> Self {
        Contracts {
            area: &m.area,
            currency: &m.currency,
            window: Window {
                as_of: Day(m.window.as_of),
                until: Day(m.window.until),
                from: AsOf::from(&m.window.from),
            },
            ending: values::each(&m.ending),
            ending_total: minor(m.ending_total),
            already_ended: values::each(&m.already_ended),
            without_end_date: values::each(&m.without_end_date),
            ending_later: m.ending_later,
        }
    }
}

/// The days the window runs between, both included, and where its first day came from.
#[derive(Serialize)]
struct Window<'a> {
    as_of: Day,
    until: Day,
    #[serde(flatten)]
    from: AsOf<'a>,
}

/// Where the day "as of" came from, tagged by `from`.
#[derive(Serialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
enum AsOf<'a> {
    Given,
    Period { period: &'a str },
    Today,
    TodayPeriodUnread { period: &'a str, why: &'a str },
}

impl<'a> From<&'a AsOfFrom> for AsOf<'a> {
    fn from(f: &'a AsOfFrom) -> Self {
        match f {
            AsOfFrom::Given => AsOf::Given,
            AsOfFrom::Period { period } => AsOf::Period { period },
            AsOfFrom::Today => AsOf::Today,
            AsOfFrom::TodayPeriodUnread { period, why } => AsOf::TodayPeriodUnread { period, why },
        }
    }
}

/// A funding line with a contract; `start` and `end` absent when not given.
#[derive(Serialize)]
struct ContractLine<'a> {
    service: &'a str,
    service_name: &'a str,
    funder: &'a str,
    funder_name: &'a str,
    amount: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<Day>,
}

impl<'a> From<&'a c::ContractLine> for ContractLine<'a> {
    fn from(l: &'a c::ContractLine) -> Self {
        ContractLine {
            service: l.service.as_str(),
            service_name: &l.service_name,
            funder: l.funder.as_str(),
            funder_name: &l.funder_name,
            amount: minor(l.amount),
            start: day(l.start),
            end: day(l.end),
        }
    }
}

/// A contract ending in the window, and what its ending would mean.
#[derive(Serialize)]
struct Ending<'a> {
    #[serde(flatten)]
    line: ContractLine<'a>,
    days_left: i64,
    share_of_service: f64,
    other_funders: Ids<'a>,
    overlaps: Vec<OverlapWith<'a>>,
    /// Overlapping services not listed in `overlaps` (lower in the ranking): present only when
    /// some are left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    overlaps_left_out: Option<usize>,
    only_route: Vec<OnlyRoute<'a>>,
    people_losing_only_route: f64,
    people_newly_without: f64,
}

impl<'a> From<&'a c::Ending> for Ending<'a> {
    fn from(e: &'a c::Ending) -> Self {
        Ending {
            line: ContractLine::from(&e.line),
            days_left: e.days_left,
            share_of_service: e.share_of_service,
            other_funders: ids(&e.other_funders),
            overlaps: values::each(&e.overlaps),
            overlaps_left_out: (e.overlaps_left_out > 0).then_some(e.overlaps_left_out),
            only_route: values::each(&e.only_route),
            people_losing_only_route: e.people_losing_only_route,
            people_newly_without: e.people_newly_without,
        }
    }
}

/// Another service overlapping the one whose contract ends.
#[derive(Serialize)]
struct OverlapWith<'a> {
    service: &'a str,
    name: &'a str,
    shared: Vec<Shared<'a>>,
    accepted: bool,
    rank: usize,
    #[serde(flatten)]
    weighed: Weighed<'a>,
}

impl<'a> From<&'a c::OverlapWith> for OverlapWith<'a> {
    fn from(o: &'a c::OverlapWith) -> Self {
        OverlapWith {
            service: o.service.as_str(),
            name: &o.name,
            shared: values::each(&o.shared),
            accepted: o.accepted,
            rank: o.rank,
            weighed: Weighed::from(&o.reason),
        }
    }
}

/// A cohort-stage for which the service is the only route, and the gap it would have.
#[derive(Serialize)]
struct OnlyRoute<'a> {
    cohort: &'a str,
    stage: &'a str,
    need: f64,
    how: &'static str,
    gap_after: &'static str,
    gap: Gap<'a>,
}

impl<'a> From<&'a c::OnlyRoute> for OnlyRoute<'a> {
    fn from(o: &'a c::OnlyRoute) -> Self {
        OnlyRoute {
            cohort: o.cohort.as_str(),
            stage: o.stage.as_str(),
            need: o.need,
            how: match o.how {
                OnlyRouteHow::OnlyOption => "only-option",
                OnlyRouteHow::OnEveryChain => "on-every-chain",
            },
            gap_after: kind(o.gap_after),
            gap: Gap::from(&o.gap),
        }
    }
}
