//! The `overlap` document: overlapping pairs of services, ranked, with how each is weighed as
//! data and, beside it, in words (`why_text`, from `export::words::overlap`). An overlap's
//! weighing and shared cohort-stages are written the same way in `contracts` and `diff`.

use serde::Serialize;

use super::values::{Ids, ids, minor};
use super::{Body, values};
use crate::analysis::overlap as o;
use crate::export::words::overlap as words;

/// Every overlap, ranked.
#[derive(Serialize)]
pub struct Overlaps<'a> {
    ranking: &'a str,
    concerns: usize,
    needed: usize,
    accepted: usize,
    /// Only when some overlaps are left out (without `--all`): how many there are in all, and
    /// how many are listed (the first of the ranking).
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shown: Option<usize>,
    overlaps: Vec<Overlap<'a>>,
    unmatched_acceptances: Vec<UnmatchedAcceptance<'a>>,
}

impl Body for Overlaps<'_> {
    const TYPE: &'static str = "overlap";
}

impl<'a> From<&'a o::Overlaps> for Overlaps<'a> {
    fn from(f: &'a o::Overlaps) -> Self {
        Overlaps {
            ranking: f.ranking,
            concerns: f.concerns,
            needed: f.needed,
            accepted: f.accepted,
            total: (f.left_out() > 0).then_some(f.total),
            shown: (f.left_out() > 0).then_some(f.overlaps.len()),
            overlaps: values::each(&f.overlaps),
            unmatched_acceptances: values::each(&f.unmatched_acceptances),
        }
    }
}

/// One overlapping pair.
#[derive(Serialize)]
struct Overlap<'a> {
    rank: usize,
    services: [&'a str; 2],
    shared: Vec<Shared<'a>>,
    people: f64,
    spend: i64,
    #[serde(flatten)]
    weighed: Weighed<'a>,
    accepted: bool,
    /// Needed for capacity: listed, not a concern.
    needed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted_reason: Option<&'a str>,
}

impl<'a> From<&'a o::Overlap> for Overlap<'a> {
    fn from(v: &'a o::Overlap) -> Self {
        Overlap {
            rank: v.rank,
            services: pair(&v.services),
            shared: values::each(&v.shared),
            people: v.people,
            spend: minor(v.spend),
            weighed: Weighed::from(&v.reason),
            accepted: v.accepted,
            needed: v.needed,
            accepted_reason: v.accepted_reason.as_deref(),
        }
    }
}

/// Two services, as two ids.
pub(super) fn pair(services: &[crate::model::Id; 2]) -> [&str; 2] {
    [services[0].as_str(), services[1].as_str()]
}

/// How an overlap is weighed, as data (`reason`) and beside it in words (`why_text`: "score 4:
/// same model, same funder (`icb`) (+2); …"): flattened into each overlap written.
#[derive(Serialize)]
pub(super) struct Weighed<'a> {
    reason: Weighing<'a>,
    why_text: String,
}

impl<'a> From<&'a o::Weighing> for Weighed<'a> {
    fn from(w: &'a o::Weighing) -> Self {
        Weighed {
            reason: Weighing::from(w),
            why_text: words::why(w).plain(),
        }
    }
}

/// A cohort-stage two services both serve.
#[derive(Serialize)]
pub(super) struct Shared<'a> {
    cohort: &'a str,
    stage: &'a str,
    need: f64,
}

impl<'a> From<&'a o::Shared> for Shared<'a> {
    fn from(s: &'a o::Shared) -> Self {
        Shared {
            cohort: s.cohort.as_str(),
            stage: s.stage.as_str(),
            need: s.need,
        }
    }
}

/// How an overlap is weighed: its score, likeness, and places against demand.
#[derive(Serialize)]
struct Weighing<'a> {
    score: u32,
    alike: Alike<'a>,
    demand: f64,
    places: Option<u64>,
    surplus: Option<f64>,
    over_supply: bool,
    /// Those of the two not commissioned locally: their places are notional.
    #[serde(skip_serializing_if = "Ids::is_empty")]
    national: Ids<'a>,
}

impl<'a> From<&'a o::Weighing> for Weighing<'a> {
    fn from(w: &'a o::Weighing) -> Self {
        Weighing {
            score: w.score,
            alike: Alike {
                same_model: w.alike.same_model,
                same_eligibility: w.alike.same_eligibility,
                shared_funders: ids(&w.alike.shared_funders),
                same_provider: w.alike.same_provider,
            },
            demand: w.demand,
            places: w.places,
            surplus: w.surplus,
            over_supply: w.over_supply,
            national: ids(&w.national),
        }
    }
}

#[derive(Serialize)]
struct Alike<'a> {
    same_model: bool,
    same_eligibility: bool,
    shared_funders: Ids<'a>,
    same_provider: bool,
}

/// An acceptance that covers nothing; `cohort` and `stage` absent when it names none.
#[derive(Serialize)]
struct UnmatchedAcceptance<'a> {
    services: Ids<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cohort: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<&'a str>,
}

impl<'a> From<&'a o::UnmatchedAcceptance> for UnmatchedAcceptance<'a> {
    fn from(u: &'a o::UnmatchedAcceptance) -> Self {
        UnmatchedAcceptance {
            services: ids(&u.services),
            cohort: u.cohort.as_ref().map(|c| c.as_str()),
            stage: u.stage.as_ref().map(|s| s.as_str()),
        }
    }
}
