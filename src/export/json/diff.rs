//! The `diff` document: what changed between two versions of one area's map — entities, fields,
//! funding lines, gaps and overlaps.

use serde::Serialize;

use super::overlap::{Weighed, pair};
use super::values::{Contract, minor, minor_or_null};
use super::whatif::GapChange;
use super::{Body, values};
use crate::analysis::diff::{self as d, LineChange, OverlapShift};

/// What changed between two versions of a map.
#[derive(Serialize)]
pub struct Diff<'a> {
    old_area: &'a str,
    new_area: &'a str,
    old_currency: &'a str,
    currency: &'a str,
    area: Vec<FieldChange<'a>>,
    commissioners: EntityChanges<'a>,
    providers: EntityChanges<'a>,
    rules: EntityChanges<'a>,
    cohorts: EntityChanges<'a>,
    services: EntityChanges<'a>,
    funding: Vec<FundingChange<'a>>,
    spend_before: i64,
    spend_after: i64,
    gaps_before: usize,
    gaps_after: usize,
    gaps: Vec<GapChange<'a>>,
    overlap_concerns_before: usize,
    overlap_concerns_after: usize,
    overlaps: Vec<OverlapChange<'a>>,
}

impl Body for Diff<'_> {
    const TYPE: &'static str = "diff";
}

impl<'a> From<&'a d::Diff> for Diff<'a> {
    fn from(m: &'a d::Diff) -> Self {
        Diff {
            old_area: &m.old_area,
            new_area: &m.new_area,
            old_currency: &m.old_currency,
            currency: &m.currency,
            area: values::each(&m.area),
            commissioners: EntityChanges::from(&m.commissioners),
            providers: EntityChanges::from(&m.providers),
            rules: EntityChanges::from(&m.rules),
            cohorts: EntityChanges::from(&m.cohorts),
            services: EntityChanges::from(&m.services),
            funding: values::each(&m.funding),
            spend_before: minor(m.spend_before),
            spend_after: minor(m.spend_after),
            gaps_before: m.gaps_before,
            gaps_after: m.gaps_after,
            gaps: values::each(&m.gaps),
            overlap_concerns_before: m.overlap_concerns_before,
            overlap_concerns_after: m.overlap_concerns_after,
            overlaps: values::each(&m.overlaps),
        }
    }
}

/// A field as written in the map, before and after.
#[derive(Serialize)]
struct FieldChange<'a> {
    field: &'a str,
    before: &'a str,
    after: &'a str,
}

impl<'a> From<&'a d::FieldChange> for FieldChange<'a> {
    fn from(c: &'a d::FieldChange) -> Self {
        FieldChange {
            field: &c.field,
            before: &c.before,
            after: &c.after,
        }
    }
}

/// The entities of one kind added, removed and changed.
#[derive(Serialize)]
struct EntityChanges<'a> {
    added: Vec<Named<'a>>,
    removed: Vec<Named<'a>>,
    changed: Vec<Changed<'a>>,
}

impl<'a> From<&'a d::EntityChanges> for EntityChanges<'a> {
    fn from(e: &'a d::EntityChanges) -> Self {
        EntityChanges {
            added: values::each(&e.added),
            removed: values::each(&e.removed),
            changed: values::each(&e.changed),
        }
    }
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

impl<'a> From<&'a d::Named> for Named<'a> {
    fn from(n: &'a d::Named) -> Self {
        Named {
            id: n.id.as_str(),
            name: &n.name,
        }
    }
}

#[derive(Serialize)]
struct Changed<'a> {
    id: &'a str,
    name: &'a str,
    fields: Vec<FieldChange<'a>>,
}

impl<'a> From<&'a d::Changed> for Changed<'a> {
    fn from(c: &'a d::Changed) -> Self {
        Changed {
            id: c.id.as_str(),
            name: &c.name,
            fields: values::each(&c.fields),
        }
    }
}

/// A funding line added, removed or changed.
#[derive(Serialize)]
struct FundingChange<'a> {
    to: &'a str,
    to_kind: &'a str,
    from: &'a str,
    change: &'static str,
    amount_before: Option<i64>,
    amount_after: Option<i64>,
    contract_before: Option<Contract>,
    contract_after: Option<Contract>,
    status_before: Option<&'static str>,
    status_after: Option<&'static str>,
    for_before: Option<Vec<&'a str>>,
    for_after: Option<Vec<&'a str>>,
}

/// `counted` or `planned`.
fn status(s: d::LineStatus) -> &'static str {
    match s {
        d::LineStatus::Counted => "counted",
        d::LineStatus::Planned => "planned",
    }
}

impl<'a> From<&'a d::FundingChange> for FundingChange<'a> {
    fn from(f: &'a d::FundingChange) -> Self {
        FundingChange {
            to: f.to.as_str(),
            to_kind: f.to_kind,
            from: f.from.as_str(),
            change: match f.change {
                LineChange::Added => "added",
                LineChange::Removed => "removed",
                LineChange::Changed => "changed",
            },
            amount_before: minor_or_null(f.amount_before),
            amount_after: minor_or_null(f.amount_after),
            contract_before: f.contract_before.map(Contract::from),
            contract_after: f.contract_after.map(Contract::from),
            status_before: f.status_before.map(status),
            status_after: f.status_after.map(status),
            for_before: (f.earmark_before.as_ref()).map(|e| e.iter().map(|i| i.as_str()).collect()),
            for_after: (f.earmark_after.as_ref()).map(|e| e.iter().map(|i| i.as_str()).collect()),
        }
    }
}

/// An overlap that appeared or went.
#[derive(Serialize)]
struct OverlapChange<'a> {
    services: [&'a str; 2],
    accepted: bool,
    shift: &'static str,
    shared: usize,
    people: f64,
    #[serde(flatten)]
    weighed: Weighed<'a>,
}

impl<'a> From<&'a d::OverlapChange> for OverlapChange<'a> {
    fn from(o: &'a d::OverlapChange) -> Self {
        OverlapChange {
            services: pair(&o.services),
            accepted: o.accepted,
            shift: match o.shift {
                OverlapShift::Appeared => "appeared",
                OverlapShift::Gone => "gone",
            },
            shared: o.shared,
            people: o.people,
            weighed: Weighed::from(&o.reason),
        }
    }
}
