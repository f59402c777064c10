//! Contracts ending in a window, for a commissioner before retendering: for each service funding
//! line whose contract ends between `as_of` and `until` (both included), the service, the funder,
//! the amount, the end date, what else overlaps the service (from [`super::overlap`]), and the
//! cohort-stages for which the service is the only route, so that losing it opens a gap, and the
//! people it would leave without support (as [`super::whatif`] counts them for the map without
//! the service).
//!
//! The date the window starts from is given by the caller, with where it came from
//! ([`crate::period::as_of`]: `--as-of`, else the start of the map's period, else today by the
//! clock the command line reads): the analysis is pure and the same map and dates give the same
//! answer.
//!
//! Order: contracts by end date, then the service in map order, then the line in the service's
//! `funding` order. Lines that ended before `as_of` and lines with no end date are listed apart
//! in the same order (without an end date: service, then line).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::capacity::{Regions, Solutions, Supply, reshare_unless_as_before};
use super::gaps::{Gap, GapKind};
use super::overlap::{Shared, Weighing, overlaps};
use super::report::{GapFindings, find_gaps, find_gaps_and_overlaps_reusing};
use super::whatif::{Change, Figure, Shift, gap_impact_reusing, loss_impact, people_moved_by};
use crate::date::Date;
use crate::graph::Ecosystem;
use crate::model::{Id, StageId};
use crate::money::Money;
use crate::period::AsOfFrom;

/// The dates a contract's end must fall between, both included, and where the first came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub as_of: Date,
    pub until: Date,
    /// `given` (`--as-of`), `period` (the start of the map's period, with `period`), `today`, or
    /// `today-period-unread` (with `period` and `why`).
    pub from: AsOfFrom,
}

impl Window {
    /// From `as_of` to the same day `months` later.
    pub fn within_months(as_of: Date, months: u32) -> Window {
        Window {
            as_of,
            until: as_of.add_months(months),
            from: AsOfFrom::Given,
        }
    }

    /// The same window, its first day chosen as `from` says.
    pub fn from(self, from: AsOfFrom) -> Window {
        Window { from, ..self }
    }

    pub fn contains(&self, d: Date) -> bool {
        self.as_of <= d && d <= self.until
    }
}

/// One funding line of a service, with its contract dates.
#[derive(Debug, Clone)]
pub struct ContractLine {
    pub service: Id,
    pub service_name: String,
    pub funder: Id,
    pub funder_name: String,
    /// Per year.
    pub amount: Money,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

/// Another service that serves some of the same cohort-stages.
#[derive(Debug, Clone)]
pub struct OverlapWith {
    pub service: Id,
    pub name: String,
    /// The cohort-stages they share.
    pub shared: Vec<Shared>,
    /// The map accepts this overlap.
    pub accepted: bool,
    /// The pair's rank in the overlap analysis.
    pub rank: usize,
    /// How the overlap analysis weighed the pair.
    pub reason: Weighing,
}

/// How the service is a cohort-stage's only route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnlyRouteHow {
    /// It is the only service offering the stage that the cohort reaches.
    OnlyOption,
    /// Other services offer the stage, but every chain to them passes through it (a gateway).
    OnEveryChain,
}

/// A cohort-stage that has a route now and none without the service.
#[derive(Debug, Clone)]
pub struct OnlyRoute {
    pub cohort: Id,
    pub stage: StageId,
    /// People needing the stage: all of them lose their route.
    pub need: f64,
    pub how: OnlyRouteHow,
    /// The gap it would have without the service.
    pub gap_after: GapKind,
    /// That gap: why, and its nearest fix.
    pub gap: Gap,
}

/// A contract ending in the window.
#[derive(Debug, Clone)]
pub struct Ending {
    pub line: ContractLine,
    /// Days from `as_of` to the end date.
    pub days_left: i64,
    /// The line's part of the service's funding (1 when it is the only line).
    pub share_of_service: f64,
    /// The service's other funders, in its `funding` order.
    pub other_funders: Vec<Id>,
    /// Overlapping services, in the overlap ranking's order (the first [`SHOWN_OVERLAPS`] once
    /// [`Contracts::keep_overlaps`] has shortened the list).
    pub overlaps: Vec<OverlapWith>,
    /// Overlapping services not listed in `overlaps`, lower in the ranking: none until
    /// [`Contracts::keep_overlaps`].
    pub overlaps_left_out: usize,
    /// Cohort-stages for which the service is the only route: cohorts in map order, stages in
    /// `needs` order.
    pub only_route: Vec<OnlyRoute>,
    /// People losing their only route: per cohort the most over its stages (the same people move
    /// through the stages), summed.
    pub people_losing_only_route: f64,
    /// Everyone left without support if the service goes, capacity shortfalls included (the
    /// what-if's `people_newly_without`).
    pub people_newly_without: f64,
}

/// `ecomap contracts`.
#[derive(Debug, Clone)]
pub struct Contracts {
    pub area: String,
    pub currency: String,
    pub window: Window,
    pub ending: Vec<Ending>,
    /// Money per year on the lines ending in the window.
    pub ending_total: Money,
    /// Lines whose contract ended before `as_of`: renewed, or gone, and the map not yet updated.
    pub already_ended: Vec<ContractLine>,
    /// Lines with no contract end date: they cannot be placed in any window.
    pub without_end_date: Vec<ContractLine>,
    /// Lines ending after the window.
    pub ending_later: usize,
}

/// How many overlapping services each ending contract lists, unless all are asked for: on a
/// county's map a programme for the whole area overlaps a thousand services.
pub const SHOWN_OVERLAPS: usize = 20;

impl Contracts {
    /// Shortens each contract's list of overlapping services to the first `shown` of the
    /// ranking, counting the rest in [`Ending::overlaps_left_out`]. Nothing else depends on the
    /// services left out.
    pub fn keep_overlaps(&mut self, shown: usize) {
        for e in &mut self.ending {
            if e.overlaps.len() > shown {
                e.overlaps_left_out += e.overlaps.len() - shown;
                e.overlaps.truncate(shown);
            }
        }
    }
}

/// The contracts ending in the window, with what losing each service would do.
///
/// The map is analysed once. What losing a service does is worked out once per service, however
/// many of its lines end, and only where it could matter: a service no cohort reaches changes
/// nobody's routes, and so neither any route nor anyone's place. For the others it is worked out
/// on the map as it is (the cohorts that reached the service walked again with it closed, the
/// places shared again only if someone was given one there: [`loss_on_map`]); only a loss that
/// takes some cohort-stage's last route has the map without the service analysed again, to
/// explain the gap that opens. Either way every part of the sharing of places that the loss
/// leaves as it was (the costliest analysis) is taken from the map's own analysis.
pub fn contracts(eco: &Ecosystem, window: Window) -> Contracts {
    contracts_with(eco, window, true)
}

/// [`contracts`] done the plain way, for checking it: the map without each service analysed from
/// scratch, every service alike, nothing taken from the map's own analysis. Not for use.
#[doc(hidden)]
pub fn contracts_from_scratch(eco: &Ecosystem, window: Window) -> Contracts {
    contracts_with(eco, window, false)
}

/// A map's funding lines sorted by where their contract's end falls against the window.
struct Lines {
    /// Ending in the window: (end, service, line) with the line, by end date then map order.
    ending: Vec<(Date, usize, usize, ContractLine)>,
    /// Ended before the window, in the same order.
    already_ended: Vec<(Date, usize, usize, ContractLine)>,
    without_end_date: Vec<ContractLine>,
    ending_later: usize,
}

impl Lines {
    fn of(m: &crate::model::Map, window: &Window) -> Lines {
        let mut lines = Lines {
            ending: Vec::new(),
            already_ended: Vec::new(),
            without_end_date: Vec::new(),
            ending_later: 0,
        };
        for (si, s) in m.services.values().enumerate() {
            for (li, f) in s.funding.iter().enumerate() {
                let line = ContractLine {
                    service: s.id.clone(),
                    service_name: s.name.clone(),
                    funder: f.from.clone(),
                    funder_name: m.name_of(f.from.as_str()).to_owned(),
                    amount: f.amount,
                    start: f.contract.start,
                    end: f.contract.end,
                };
                match f.contract.end {
                    None => lines.without_end_date.push(line),
                    Some(end) if end < window.as_of => {
                        lines.already_ended.push((end, si, li, line));
                    }
                    Some(end) if window.contains(end) => lines.ending.push((end, si, li, line)),
                    Some(_) => lines.ending_later += 1,
                }
            }
        }
        lines
            .ending
            .sort_by_key(|(end, si, li, _)| (*end, *si, *li));
        lines
            .already_ended
            .sort_by_key(|(end, si, li, _)| (*end, *si, *li));
        lines
    }
}

fn contracts_with(eco: &Ecosystem, window: Window, incremental: bool) -> Contracts {
    let m = &eco.map;
    let Lines {
        ending,
        already_ended,
        without_end_date,
        ending_later,
    } = Lines::of(m, &window);

    // Contracts read who is served and who is short, never a shortfall's range: the range over
    // equally good sharings is left out of the sharing (its costliest part).
    let known = Solutions::without_ranges();
    let (found, overlaps) = if incremental {
        find_gaps_and_overlaps_reusing(eco, &known)
    } else {
        let found = find_gaps(eco);
        let overlaps = overlaps(eco, &found.reach);
        (found, overlaps)
    };
    let reach = &found.reach;
    // What losing each service does, worked out once per service, in parallel.
    let mut services: Vec<usize> = ending.iter().map(|(_, si, ..)| *si).collect();
    services.sort_unstable();
    services.dedup();
    // The services each cohort-stage can use, and where its places are shared.
    let regions = Regions::of(eco, |c, _, stage| reach.options(eco, c, stage.as_str()));
    // Per service, the cohorts that reach it: those whose walks its loss can change.
    let reachers = reach.reachers(m.services.len());
    let impacts: BTreeMap<usize, (Vec<OnlyRoute>, f64)> = services
        .par_iter()
        .map(|&si| {
            let loss = if !incremental {
                impact(eco, &found, si, &Solutions::default(), false)
            } else if reachers[si].is_empty() {
                // On nobody's routes: without it every cohort reaches what it reached (its walks
                // never entered the service), every cohort-stage has the options it had, and the
                // places are shared as they were; no route is lost and no one is left without
                // support (a gap's kind may change, when the service was one a cohort was
                // eligible for but could not reach, but not its people).
                (Vec::new(), 0.0)
            } else if let Some(people) =
                loss_on_map(eco, &found, &regions, (si, &reachers[si]), &known)
            {
                (Vec::new(), people)
            } else {
                impact(eco, &found, si, &known, true)
            };
            (si, loss)
        })
        .collect();
    let with = overlaps_with(m, &overlaps, &services);
    let out: Vec<Ending> = ending
        .into_iter()
        .map(|(end, si, _, line)| {
            let s = eco.service(si);
            let (only_route, newly_without) = &impacts[&si];
            let spend = s.spend();
            let share_of_service = if spend == Money::ZERO {
                1.0
            } else {
                line.amount.as_major() / spend.as_major()
            };
            let mut other_funders: Vec<Id> = Vec::new();
            for f in &s.funding {
                if f.from != line.funder && !other_funders.contains(&f.from) {
                    other_funders.push(f.from.clone());
                }
            }
            Ending {
                days_left: end.days_since_epoch() - window.as_of.days_since_epoch(),
                share_of_service,
                other_funders,
                overlaps: with.get(&s.id).cloned().unwrap_or_default(),
                overlaps_left_out: 0,
                people_losing_only_route: people(m, only_route),
                only_route: only_route.clone(),
                people_newly_without: *newly_without,
                line,
            }
        })
        .collect();
    Contracts {
        area: m.area.name.clone(),
        currency: m.area.currency.clone(),
        window,
        ending_total: out.iter().map(|e| e.line.amount).sum(),
        ending: out,
        already_ended: already_ended.into_iter().map(|(.., l)| l).collect(),
        without_end_date,
        ending_later,
    }
}

/// For each of the `ending` services (indices in map order) in an overlap, the services it
/// overlaps, in ranking order: one pass over the overlaps, not one per ending line, and nothing
/// made for the services whose contracts do not end (on a county's map, most of the overlaps).
fn overlaps_with<'a>(
    m: &crate::model::Map,
    overlaps: &'a crate::analysis::overlap::Overlaps,
    ending: &[usize],
) -> BTreeMap<&'a Id, Vec<OverlapWith>> {
    let mut ends = vec![false; m.services.len()];
    for &si in ending {
        ends[si] = true;
    }
    let ending = |id: &Id| m.services.get_index_of(id).is_some_and(|si| ends[si]);
    let mut with: BTreeMap<&Id, Vec<OverlapWith>> = BTreeMap::new();
    for o in &overlaps.overlaps {
        let [a, b] = &o.services;
        for (me, other) in [(a, b), (b, a)] {
            if !ending(me) {
                continue;
            }
            with.entry(me).or_default().push(OverlapWith {
                service: other.clone(),
                name: m.name_of(other.as_str()).to_owned(),
                shared: o.shared.clone(),
                accepted: o.accepted,
                rank: o.rank,
                reason: o.reason.clone(),
            });
        }
    }
    with
}

/// People newly without support if service `si` goes, worked out on the map as it is, when the
/// loss takes no cohort-stage's last route; `None` when it does (the gap that opens is explained
/// from the map without the service, by [`impact`]).
///
/// Only `reachers`, the cohorts that reached the service (in map order), are walked again, with
/// it closed (the walk of any other never entered it). When no one was given a place that the loss takes away, every
/// cohort-stage is still given the people it was given
/// ([`super::capacity::Capacity::stands_with_fewer_options`]): no one is newly without support.
/// Nor when what each was given is still possible with the options the loss leaves (one
/// programme per part, [`reshare_unless_as_before`]). Otherwise the places are shared again
/// with those options where the loss can change their sharing (the parts it does not touch taken
/// from `known`, the regions it does not reach left as they were), and the people
/// without support compared, as [`loss_impact`] compares them, in the cohorts that reached the
/// service or were given other places.
fn loss_on_map(
    eco: &Ecosystem,
    before: &GapFindings,
    regions: &Regions,
    (si, reachers): (usize, &[usize]),
    known: &Solutions,
) -> Option<f64> {
    let n = eco.map.cohorts.len();
    // The cohorts walked again on every core: a gateway is reached by most cohorts of its
    // locality, and one service's walks would otherwise be one core's.
    let now: BTreeMap<usize, Vec<Vec<usize>>> = reachers
        .par_iter()
        .map(|&c| {
            let left = before.reach.options_without(eco, c, si);
            let had = regions.stages_of(c);
            let last_route = (left.iter().zip(had)).any(|(l, h)| l.is_empty() && !h.is_empty());
            (!last_route).then_some((c, left))
        })
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .collect();
    let fewer = now.iter().flat_map(|(&c, stages)| {
        (stages.iter().enumerate()).map(move |(k, o)| (regions.position(c, k), o.as_slice()))
    });
    if before.capacity.stands_with_fewer_options(eco, fewer) {
        return Some(0.0);
    }
    let Some(after) = reshare_unless_as_before(eco, regions, &now, known, &before.capacity, si)
    else {
        return Some(0.0);
    };
    let mut moved = vec![false; n];
    for &c in now.keys() {
        moved[c] = true;
    }
    // Every other cohort-stage is given what it was given.
    let mut given: BTreeMap<usize, (f64, Supply)> = BTreeMap::new();
    for &(i, served, supply) in &after {
        let b = before.capacity.allocations.get(i);
        if b.is_none_or(|b| (served, supply) != (b.served, b.supply)) {
            moved[regions.cohort_of(i)] = true;
        }
        given.insert(i, (served, supply));
    }
    let was: Vec<Figure<'_>> = (before.gaps.gaps.iter())
        .filter(|g| eco.cohort_ix(g.cohort.as_str()).is_some_and(|c| moved[c]))
        .map(|g| (&g.cohort, &g.stage, g.people))
        .collect();
    // The gaps the map without the service would have in those cohorts: no route where the
    // allocation has none, else a shortfall.
    let is: Vec<Figure<'_>> = (before.capacity.allocations.iter().enumerate())
        .filter(|(i, _)| moved[regions.cohort_of(*i)])
        .filter_map(|(i, a)| {
            let (served, supply) = given.get(&i).copied().unwrap_or((a.served, a.supply));
            match supply {
                Supply::NoRoute => Some((&a.cohort, &a.stage, a.need)),
                Supply::Short => Some((&a.cohort, &a.stage, (a.need - served).max(0.0))),
                Supply::Met | Supply::Unknown => None,
            }
        })
        .collect();
    Some(people_moved_by(&eco.map, &was, &eco.map, &is).0)
}

/// The cohort-stages that lose every route without service `si`, and everyone newly without
/// support, from the what-if of the map without it.
fn impact(
    eco: &Ecosystem,
    before: &GapFindings,
    si: usize,
    known: &Solutions,
    incremental: bool,
) -> (Vec<OnlyRoute>, f64) {
    let reach = &before.reach;
    let w = if incremental {
        loss_impact(eco, before, si, known)
    } else {
        let change = Change::Without {
            services: vec![eco.service(si).id.clone()],
        };
        gap_impact_reusing(eco, &before.gaps, &change, known)
    };
    let Ok(w) = w else {
        return (Vec::new(), 0.0);
    };
    let mut only: Vec<(usize, usize, OnlyRoute)> = Vec::new();
    for c in &w.changes {
        let had_route = matches!(c.before, None | Some(GapKind::Capacity));
        let lost_route = c.after.is_some_and(|k| k != GapKind::Capacity);
        if !(had_route && lost_route && matches!(c.shift, Shift::Opened | Shift::KindChanged)) {
            continue;
        }
        let (Some(ci), Some(kind)) = (eco.cohort_ix(c.cohort.as_str()), c.after) else {
            continue;
        };
        let how = if reach.options(eco, ci, c.stage.as_str()) == [si] {
            OnlyRouteHow::OnlyOption
        } else {
            OnlyRouteHow::OnEveryChain
        };
        let stage_pos = eco
            .cohort(ci)
            .needs
            .get_index_of(c.stage.as_str())
            .unwrap_or(usize::MAX);
        only.push((
            ci,
            stage_pos,
            OnlyRoute {
                cohort: c.cohort.clone(),
                stage: c.stage.clone(),
                need: c.need,
                how,
                gap_after: kind,
                gap: c.gap.clone(),
            },
        ));
    }
    only.sort_by_key(|(ci, st, _)| (*ci, *st));
    (
        only.into_iter().map(|(.., o)| o).collect(),
        w.people_newly_without,
    )
}

/// Per cohort the most people over its stages (at most its size), summed.
fn people(map: &crate::model::Map, only: &[OnlyRoute]) -> f64 {
    super::people::count(map, only.iter().map(|o| (&o.cohort, o.need))).once
}
