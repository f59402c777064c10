//! What if services go, or a commissioner withdraws its funding: the map is rebuilt as a new
//! [`Map`] without them, and the existing analyses (routes, the sharing of places, gaps, overlap,
//! through [`super::report::report`]) run on both maps. The difference is the impact: new gaps,
//! gaps that change kind, people newly without support, and the money saved.
//!
//! Only what the change touches is worked out again: the map is analysed once, and the parts of
//! the sharing of places (the costliest analysis) that the change leaves with the same programme
//! are taken from that analysis ([`Solutions`]). [`what_if_from_scratch`] is the plain way, kept
//! to check this one against.
//!
//! Nothing here reads or writes a file: the map given is cloned, never changed.
//!
//! The rules, also in [`RULES`] (printed with every result) and docs/retender.md:
//! - A service removed takes every reference to it with it: other services' `referral.from`,
//!   cohorts' `enters_via`, and `accepted_overlaps` (an acceptance left naming fewer than two
//!   services covers nothing and goes).
//! - A commissioner that withdraws takes its money away all the way down
//!   ([`super::withdrawal::withdraw`]): every
//!   payment it makes stops, and every payment made by a commissioner it funds loses the part
//!   that came from it, exactly where the money was earmarked, pro rata where it was pooled (the
//!   funding analysis's origins). A service left with no money goes, as above; a service left
//!   with some keeps it, and its places and specialists (WTE) shrink in proportion to the money
//!   lost: places after = places × money left ÷ money before, rounded down to whole places (a place
//!   not wholly paid for is not a place); WTE the same, unrounded. Caseloads per specialist stay.
//! - The receivers of its money are named with the amount; the output lists the money each
//!   service loses and through whom, and the cohort-stages left with no route at all.
//! - Money saved is the funding of services before less after, wherever it was lost. For a
//!   withdrawal it is money withdrawn from services, split into the commissioner's own money and
//!   the money it passes on from others (by where that money entered the map).

mod apply;

use std::collections::{BTreeMap, BTreeSet};

use super::capacity::{Capacity, Solutions, Supply, allocate_reusing, millionth};
use super::gaps::{Gap, GapKind, Gaps, blockers_in_full, gaps, gaps_of};
use super::report::{GapFindings, KeyNumbers, Report, report_reusing};
use super::routes::{AFTER_JOB_ENTRY, Reach};
use super::withdrawal::{RouteLost, ServiceLoss, routes_lost};
use crate::graph::Ecosystem;
use crate::model::{Id, Map, StageId};
use crate::money::Money;
use apply::{Done, apply_to};
pub use apply::{Modified, PassedOn, ReducedService, Removal, RemovedService, apply};

/// The rules of a what-if, in words, for output and docs/retender.md.
pub const RULES: &[&str] = &[
    "A service removed takes every reference to it with it: other services' referral.from, cohorts' enters_via, and accepted_overlaps (an acceptance left naming fewer than two services goes).",
    "A commissioner that withdraws takes its money away all the way down: its own payments stop, and every payment made by a commissioner it funds loses the part that came from it, exactly where the money was earmarked, pro rata where it was pooled (the funding analysis's origins).",
    "A service left with no money goes. A service left with some keeps it, and its places and WTE shrink in proportion to the money lost: places × money left ÷ money before, rounded down to whole places; caseloads stay.",
    "Money saved is the funding of services before less after, wherever it was lost; the money each service loses is listed with the commissioners it was lost through. For a withdrawal it is the money withdrawn from services, not all the commissioner's own: it is split into the commissioner's own money and the money it passes on from others (named by where that money entered the map), both withdrawn with it.",
];

/// What to take away from the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// These services go.
    Without { services: Vec<Id> },
    /// This commissioner withdraws its funding.
    Withdraw { commissioner: Id },
}

/// An id in a change that is not on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotOnMap {
    /// `service` or `commissioner`.
    pub kind: &'static str,
    pub id: String,
}

impl std::fmt::Display for NotOnMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "there is no {} {} on the map",
            self.kind,
            crate::quote::code(&self.id)
        )
    }
}

/// How a cohort-stage's gap moved from one map to the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shift {
    /// No gap before, a gap after.
    Opened,
    /// A gap before and after, of another kind.
    KindChanged,
    /// The same kind, more people without support.
    Worse,
    /// The same kind, fewer people without support.
    Better,
    /// A gap before, none after.
    Closed,
    /// A cohort-stage new to the map, with a gap (only between versions of a map).
    Appeared,
    /// A cohort-stage with a gap that is no longer on the map (only between versions of a map).
    Dropped,
}

impl Shift {
    pub fn name(self) -> &'static str {
        match self {
            Shift::Opened => "opened",
            Shift::KindChanged => "kind-changed",
            Shift::Worse => "worse",
            Shift::Better => "better",
            Shift::Closed => "closed",
            Shift::Appeared => "appeared",
            Shift::Dropped => "dropped",
        }
    }
}

/// One cohort-stage whose gap differs between two maps.
#[derive(Debug, Clone)]
pub struct GapChange {
    pub cohort: Id,
    pub stage: StageId,
    pub shift: Shift,
    /// People needing the stage on the later map (on the earlier one if it is no longer there).
    pub need: f64,
    pub before: Option<GapKind>,
    /// People without support before: with no route, or for a capacity gap, without a place.
    pub people_before: f64,
    pub after: Option<GapKind>,
    pub people_after: f64,
    /// The later gap, or the earlier one for a gap that closed or dropped (its nearest fix is
    /// worth showing only for a later gap, when `after` is some kind).
    pub gap: Gap,
}

impl GapChange {
    /// People without support after less before (negative: fewer).
    pub fn difference(&self) -> f64 {
        self.people_after - self.people_before
    }
}

/// The gaps that differ between two maps' gap analyses. `before_map` and `after_map` tell a
/// cohort-stage that left or joined the map from one whose gap opened or closed.
///
/// Order: by shift (opened, kind changed, worse, better, closed, appeared, dropped), then in the
/// later map's order of gaps (cohorts in map order, stages in `needs` order), gaps found only on
/// the earlier map after those, in its order.
pub fn compare_gaps(
    before_map: &Map,
    before: &Gaps,
    after_map: &Map,
    after: &Gaps,
) -> Vec<GapChange> {
    let on = |m: &Map, cohort: &Id, stage: &StageId| {
        m.cohorts
            .get(cohort.as_str())
            .is_some_and(|c| c.needs_stage(stage.as_str()))
    };
    let (in_before, in_after) = (by_cohort_stage(before), by_cohort_stage(after));
    let mut changes: Vec<(Shift, usize, GapChange)> = Vec::new();
    for (i, g) in after.gaps.iter().enumerate() {
        let old = in_before
            .get(&(g.cohort.as_str(), g.stage.as_str()))
            .copied();
        let shift = match old {
            None if !on(before_map, &g.cohort, &g.stage) => Shift::Appeared,
            None => Shift::Opened,
            Some(o) if o.kind != g.kind => Shift::KindChanged,
            Some(o) if g.people > o.people => Shift::Worse,
            Some(o) if g.people < o.people => Shift::Better,
            Some(_) => continue,
        };
        changes.push((shift, i, change(shift, old, Some(g))));
    }
    for (i, g) in before.gaps.iter().enumerate() {
        if in_after.contains_key(&(g.cohort.as_str(), g.stage.as_str())) {
            continue;
        }
        let shift = if on(after_map, &g.cohort, &g.stage) {
            Shift::Closed
        } else {
            Shift::Dropped
        };
        changes.push((shift, after.gaps.len() + i, change(shift, Some(g), None)));
    }
    changes.sort_by_key(|(shift, i, _)| (*shift, *i));
    changes.into_iter().map(|(_, _, c)| c).collect()
}

/// Every blocker of each changed gap, worked out on the map it is a gap of: the later map where
/// the cohort-stage has a gap there, else the earlier. The reports compared work out none (the
/// comparison needs none); only the changes are shown.
pub fn in_full(
    changes: &mut [GapChange],
    (before, before_reach): (&Ecosystem, &Reach),
    (after, after_reach): (&Ecosystem, &Reach),
) {
    for c in changes {
        match c.after {
            Some(_) => blockers_in_full(after, after_reach, &mut c.gap),
            None => blockers_in_full(before, before_reach, &mut c.gap),
        }
    }
}

/// Each cohort-stage's gap, looked up by key: the first, as [`Gaps::find`] gives.
fn by_cohort_stage(gaps: &Gaps) -> BTreeMap<(&str, &str), &Gap> {
    let mut out = BTreeMap::new();
    for g in &gaps.gaps {
        out.entry((g.cohort.as_str(), g.stage.as_str()))
            .or_insert(g);
    }
    out
}

fn change(shift: Shift, before: Option<&Gap>, after: Option<&Gap>) -> GapChange {
    let either = after
        .or(before)
        .expect("a change has a gap on one side at least");
    GapChange {
        cohort: either.cohort.clone(),
        stage: either.stage.clone(),
        shift,
        need: either.need,
        before: before.map(|g| g.kind),
        people_before: before.map_or(0.0, |g| g.people),
        after: after.map(|g| g.kind),
        people_after: after.map_or(0.0, |g| g.people),
        gap: either.clone(),
    }
}

/// The impact of a change: the map before and after, side by side.
#[derive(Debug, Clone)]
pub struct WhatIf {
    pub area: String,
    pub currency: String,
    pub change: Change,
    /// How the change is applied.
    pub rules: Vec<&'static str>,
    pub removed: Vec<RemovedService>,
    pub reduced: Vec<ReducedService>,
    pub passed_on: Vec<PassedOn>,
    /// Funding of all services per year, before and after.
    pub spend_before: Money,
    pub spend_after: Money,
    /// Before less after. For a withdrawal, the money withdrawn from services: the
    /// commissioner's own and what it passes on from others ([`WhatIf::withdrawn_own`],
    /// [`WhatIf::withdrawn_from_others`]).
    pub saved: Money,
    /// For a withdrawal: of `saved`, the commissioner's own money; `None` for `--without`.
    pub withdrawn_own: Option<Money>,
    /// For a withdrawal: of `saved`, the money the commissioner passes on from others (received
    /// from funders above it), by the funder where it entered the map, in map order. Withdrawn
    /// with it, though not its own.
    pub withdrawn_from_others: Vec<crate::analysis::funding::Amount>,
    /// Money the withdrawing commissioner passed to other commissioners (what it paid for is in
    /// `money_lost` and `saved`).
    pub passed_on_total: Money,
    /// For a withdrawal: the money each service loses, directly or through other commissioners,
    /// in the map's order.
    pub money_lost: Vec<ServiceLoss>,
    /// Cohort-stages that had a route and have none after the change (their only routes went).
    pub routes_lost: Vec<RouteLost>,
    /// The report's key numbers on each map: gaps by kind, people without a route or a place,
    /// overlaps.
    pub before: KeyNumbers,
    pub after: KeyNumbers,
    /// Every cohort-stage whose gap changed, in the order of [`compare_gaps`].
    pub changes: Vec<GapChange>,
    /// People newly without support they had: per cohort, the largest rise among its stages in
    /// the people without that stage's support (each person counted once, however many stages
    /// they lose; at most the cohort's size), summed over the cohorts.
    pub people_newly_without: f64,
    /// The same for falls: people newly given support (a cohort leaving a full service frees
    /// places for others).
    pub people_newly_supported: f64,
    /// Overlapping pairs (concerns) that the change ends, in the earlier ranking's order.
    pub overlaps_ended: Vec<[Id; 2]>,
}

/// People: below this, a difference of two figures of the sharing is round-off. The sharing's
/// programmes hold each total and share to within a billionth (relative) of it, so a figure of a
/// part of some tens of thousands of people can move by a few hundred-thousandths of a person
/// between two solves (3.9e-05 "people newly without" on a generated map of 1,500 services): a
/// thousandth of a person is ten times that on a part of 100,000.
const ROUND_OFF: f64 = 1e-3;

/// People newly without support and newly supported: per cohort, the largest rise among its
/// stages in the people without that stage's support (on the later map's sizes, the earlier one's
/// for a cohort no longer there), summed over the cohorts; and the largest fall, likewise.
fn people_moved(before_map: &Map, before: &Gaps, after_map: &Map, after: &Gaps) -> (f64, f64) {
    fn figures(gaps: &Gaps) -> Vec<Figure<'_>> {
        gaps.gaps
            .iter()
            .map(|g| (&g.cohort, &g.stage, g.people))
            .collect()
    }
    people_moved_by(before_map, &figures(before), after_map, &figures(after))
}

/// People of a cohort without a stage's support: (cohort, stage, people).
pub type Figure<'a> = (&'a Id, &'a StageId, f64);

/// [`people_moved`] from each map's gaps as (cohort, stage, people without support), in the
/// order of its gaps.
///
/// A person is counted once however many stages they lose, as [`super::people::count`] counts a
/// cohort's gaps: per cohort, the largest rise among its stages (people losing a later stage are
/// taken to be among those losing an earlier one), at most the cohort's size. A stage lost is
/// counted even where the cohort already lacked another: people who had job-search support and
/// lose it are newly without it, whatever else they were without before. So the figure is never
/// less than the people of any one cohort-stage losing its support, nor than the people who lose
/// their only route.
pub fn people_moved_by(
    before_map: &Map,
    before: &[Figure<'_>],
    after_map: &Map,
    after: &[Figure<'_>],
) -> (f64, f64) {
    // Per cohort, in the order first met (so the sums are always taken in the same order), each
    // stage's people without support before and after.
    let mut cohorts: Vec<&Id> = Vec::new();
    let mut stages: BTreeMap<&Id, BTreeMap<&StageId, (f64, f64)>> = BTreeMap::new();
    for (i, (c, st, n)) in after.iter().chain(before).enumerate() {
        let of_c = stages.entry(*c).or_insert_with(|| {
            cohorts.push(c);
            BTreeMap::new()
        });
        let figures = of_c.entry(*st).or_insert((0.0, 0.0));
        if i < after.len() {
            figures.1 += n;
        } else {
            figures.0 += n;
        }
    }
    let (mut without, mut supported) = (0.0, 0.0);
    for c in cohorts {
        let size = after_map
            .cohorts
            .get(c.as_str())
            .or_else(|| before_map.cohorts.get(c.as_str()))
            .map_or(f64::INFINITY, |c| c.size as f64);
        let (mut rise, mut fall) = (0.0f64, 0.0f64);
        for &(was, is) in stages.get(c).into_iter().flat_map(BTreeMap::values) {
            rise = rise.max(is - was);
            fall = fall.max(was - is);
        }
        // A change within round-off of the two solves is not people moved.
        if rise > ROUND_OFF {
            without += rise.min(size);
        }
        if fall > ROUND_OFF {
            supported += fall.min(size);
        }
    }
    // Differences of sums: to a millionth, as the sharing's figures are.
    (millionth(without), millionth(supported))
}

/// What a change does to the gaps alone: the gap analysis (routes, the sharing of places, gaps)
/// run on the changed map and compared with `before`, the map's own gaps. Lighter than
/// [`what_if`] (no overlaps), for analyses that ask it of many services.
#[derive(Debug, Clone)]
pub struct GapImpact {
    /// In the order of [`compare_gaps`].
    pub changes: Vec<GapChange>,
    pub people_newly_without: f64,
    pub people_newly_supported: f64,
}

/// See [`GapImpact`]: the changed map analysed from scratch.
pub fn gap_impact(eco: &Ecosystem, before: &Gaps, change: &Change) -> Result<GapImpact, NotOnMap> {
    gap_impact_reusing(eco, before, change, &Solutions::default())
}

/// [`gap_impact`], taking the parts of the sharing of places that the change leaves as they were
/// from `known` (the map's own, and those of earlier changes) instead of solving them again.
pub fn gap_impact_reusing(
    eco: &Ecosystem,
    before: &Gaps,
    change: &Change,
    known: &Solutions,
) -> Result<GapImpact, NotOnMap> {
    let (after_eco, reach, places) = changed_sharing(eco, change, known)?;
    let after = gaps(&after_eco, &reach, &places);
    Ok(GapImpact::between(eco, before, &after_eco, &after))
}

/// The changed map, its routes and its sharing of places (the parts the change leaves as they were
/// taken from `known`).
fn changed_sharing(
    eco: &Ecosystem,
    change: &Change,
    known: &Solutions,
) -> Result<(Ecosystem, Reach, Capacity), NotOnMap> {
    let after_eco = eco.changed(apply_to(&eco.map, Some(eco), change)?.map);
    let reach = Reach::compute(&after_eco);
    let places = allocate_reusing(&after_eco, &reach, known);
    Ok((after_eco, reach, places))
}

impl GapImpact {
    /// The gaps of the map (`before`) against those of the changed map.
    fn between(eco: &Ecosystem, before: &Gaps, after_eco: &Ecosystem, after: &Gaps) -> GapImpact {
        let changes = compare_gaps(&eco.map, before, &after_eco.map, after);
        let (people_newly_without, people_newly_supported) =
            people_moved(&eco.map, before, &after_eco.map, after);
        GapImpact {
            changes,
            people_newly_without,
            people_newly_supported,
        }
    }
}

/// What losing service `si` does to the gaps, for `contracts`: [`gap_impact_reusing`] of the map
/// without it, the changes and the people moved counted among the cohorts the loss can change.
/// Those are the cohorts that reached the service, and those whose places moved (the sharing is
/// shared between cohorts). Any other cohort reaches what it reached and is given the places it
/// was given, so its gaps hold the people they held and add nothing to either count; only the kind
/// of one of its gaps without a route may change (when that gap named the service as out of reach),
/// which `contracts` does not read. So the gaps of the changed map are worked out for those
/// cohorts alone.
pub fn loss_impact(
    eco: &Ecosystem,
    before: &GapFindings,
    si: usize,
    known: &Solutions,
) -> Result<GapImpact, NotOnMap> {
    let change = Change::Without {
        services: vec![eco.service(si).id.clone()],
    };
    // The map without the service: the cohorts that did not reach it reach what they reached.
    let after_eco = eco.changed(apply_to(&eco.map, Some(eco), &change)?.map);
    let reach = before.reach.without(eco, &after_eco, si);
    let places = allocate_reusing(&after_eco, &reach, known);
    let given: BTreeMap<(&str, &str), (f64, Supply)> = before
        .capacity
        .allocations
        .iter()
        .map(|a| ((a.cohort.as_str(), a.stage.as_str()), (a.served, a.supply)))
        .collect();
    let mut touched: Vec<bool> = (0..eco.map.cohorts.len())
        .map(|c| before.reach.reaches_for(c, si, AFTER_JOB_ENTRY[0]))
        .collect();
    for a in &places.allocations {
        let now = (a.served, a.supply);
        if given.get(&(a.cohort.as_str(), a.stage.as_str())) != Some(&now)
            && let Some(c) = eco.cohort_ix(a.cohort.as_str())
        {
            touched[c] = true;
        }
    }
    let is_touched = |id: &Id| eco.cohort_ix(id.as_str()).is_some_and(|c| touched[c]);
    let before_gaps = Gaps {
        gaps: (before.gaps.gaps.iter())
            .filter(|g| is_touched(&g.cohort))
            .cloned()
            .collect(),
        capacity_unknown: (before.gaps.capacity_unknown.iter())
            .filter(|n| is_touched(&n.cohort))
            .cloned()
            .collect(),
    };
    let after = gaps_of(&after_eco, &reach, &places, |c| touched[c]);
    Ok(GapImpact::between(eco, &before_gaps, &after_eco, &after))
}

/// What the comparison needs of the analysis of one map; the rest of its report is let go as soon
/// as this is taken, so that two whole reports are never held at once.
struct Side {
    key: KeyNumbers,
    gaps: Gaps,
    /// Every overlapping pair, and whether it is a concern, in ranking order.
    pairs: Vec<([Id; 2], bool)>,
    reach: Reach,
}

impl Side {
    fn of((report, reach): (Report, Reach)) -> Side {
        let Report {
            key,
            gaps,
            overlaps,
            ..
        } = report;
        let pairs = overlaps
            .overlaps
            .into_iter()
            .map(|o| {
                let concern = o.is_concern();
                (o.services, concern)
            })
            .collect();
        Side {
            key,
            gaps,
            pairs,
            reach,
        }
    }
}

/// Applies the change to a copy of the map and compares the analyses of both. The map is analysed
/// once; the changed copy is analysed again, but the parts of the sharing of places that the
/// change does not touch are taken as they were (the sharing is by far the costliest analysis).
pub fn what_if(eco: &Ecosystem, change: &Change) -> Result<WhatIf, NotOnMap> {
    let modified = apply_to(&eco.map, Some(eco), change)?;
    let known = Solutions::default();
    let before = Side::of(report_reusing(eco, &known));
    let (map, done) = modified.split();
    let after_eco = eco.changed(map);
    let after = Side::of(report_reusing(&after_eco, &known));
    Ok(compare(eco, change, done, &after_eco, before, after))
}

/// [`what_if`] done the plain way, for checking it: both maps analysed from scratch, each on its
/// own, nothing shared between them. Not for use: it costs two whole analyses and more.
#[doc(hidden)]
pub fn what_if_from_scratch(eco: &Ecosystem, change: &Change) -> Result<WhatIf, NotOnMap> {
    let modified = apply(&eco.map, change)?;
    let fresh = Ecosystem::new(eco.map.clone());
    let before = Side::of(report_reusing(&fresh, &Solutions::default()));
    let (map, done) = modified.split();
    let after_eco = Ecosystem::new(map);
    let after = Side::of(report_reusing(&after_eco, &Solutions::default()));
    Ok(compare(eco, change, done, &after_eco, before, after))
}

fn compare(
    eco: &Ecosystem,
    change: &Change,
    modified: Done,
    after_eco: &Ecosystem,
    before: Side,
    after: Side,
) -> WhatIf {
    let mut changes = compare_gaps(&eco.map, &before.gaps, &after_eco.map, &after.gaps);
    in_full(
        &mut changes,
        (eco, &before.reach),
        (after_eco, &after.reach),
    );
    let (people_newly_without, people_newly_supported) =
        people_moved(&eco.map, &before.gaps, &after_eco.map, &after.gaps);
    let still: BTreeSet<&[Id; 2]> = after.pairs.iter().map(|(p, _)| p).collect();
    let mut ended: BTreeSet<&[Id; 2]> = BTreeSet::new();
    let mut overlaps_ended: Vec<[Id; 2]> = Vec::new();
    for (pair, _) in before.pairs.iter().filter(|(_, concern)| *concern) {
        if !still.contains(pair) && ended.insert(pair) {
            overlaps_ended.push(pair.clone());
        }
    }
    let passed_on_total = modified.passed_on.iter().map(|p| p.amount).sum();
    let routes_lost = routes_lost(eco, &before.reach, after_eco, &after.reach);
    WhatIf {
        area: eco.map.area.name.clone(),
        currency: eco.map.area.currency.clone(),
        change: change.clone(),
        rules: RULES.to_vec(),
        removed: modified.removed,
        reduced: modified.reduced,
        passed_on: modified.passed_on,
        money_lost: modified.losses,
        routes_lost,
        spend_before: before.key.spend,
        spend_after: after.key.spend,
        saved: before.key.spend - after.key.spend,
        withdrawn_own: modified.withdrawn_own,
        withdrawn_from_others: modified.withdrawn_from_others,
        passed_on_total,
        before: before.key,
        after: after.key,
        changes,
        people_newly_without,
        people_newly_supported,
        overlaps_ended,
    }
}
