//! The `gaps` document: every gap with its reason and nearest fix as data, and the cohort-stages
//! whose capacity is unknown. Beside the data, the sentences a person reads (`summary`,
//! `fix_text`, a blocker's `why_text`), written by `export::words::gaps` as the text report words
//! them. A gap is written the same way wherever it appears (`routes`, `report`, `contracts`,
//! `what-if`, `diff`); so is a route, which a gap of continuity carries.

use serde::Serialize;

use super::eligibility::{Reason, because};
use super::values::{Ids, ids};
use super::{Body, values};
use crate::analysis::gaps::{
    self as g, Blocker as Found, Fix as FoundFix, GapKind, Link as FoundLink, Obstacle,
    ReferrerStatus, Unblock as FoundUnblock,
};
use crate::analysis::routes::{Route as FoundRoute, Start};
use crate::export::words::gaps as words;
use crate::model::Id;

/// Every gap, and the cohort-stages whose capacity is unknown.
#[derive(Serialize)]
pub struct Gaps<'a> {
    gaps: Vec<Gap<'a>>,
    capacity_unknown: Vec<CapacityNote<'a>>,
}

impl Body for Gaps<'_> {
    const TYPE: &'static str = "gaps";
}

impl<'a> From<&'a g::Gaps> for Gaps<'a> {
    fn from(f: &'a g::Gaps) -> Self {
        Gaps {
            gaps: values::each_on_all_cores(&f.gaps),
            capacity_unknown: values::each(&f.capacity_unknown),
        }
    }
}

/// One gap.
#[derive(Serialize)]
pub(super) struct Gap<'a> {
    cohort: &'a str,
    stage: &'a str,
    kind: &'static str,
    people: f64,
    need: f64,
    services: Ids<'a>,
    reason: Why<'a>,
    /// The gap in one sentence, as the text report says it.
    summary: String,
    fix: Fix<'a>,
    /// The nearest fix in words; `null` when nothing on the map says what would help.
    fix_text: Option<String>,
    blockers: Vec<Blocker<'a>>,
    /// The services offering the stage that `blockers` leaves out (it lists the nearest 20
    /// without `--all`), by obstacle; only when some are.
    #[serde(skip_serializing_if = "Option::is_none")]
    blockers_left_out: Option<LeftOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    job_search_routes: Vec<Route<'a>>,
}

/// Blockers left out of a gap's list, counted by obstacle (each count present, nought or not).
#[derive(Serialize)]
struct LeftOut {
    unreachable: usize,
    undetermined: usize,
    #[serde(rename = "not-eligible")]
    not_eligible: usize,
    /// Their sum.
    total: usize,
}

impl LeftOut {
    fn of(l: &g::LeftOut) -> Option<LeftOut> {
        (l.total() > 0).then(|| LeftOut {
            unreachable: l.unreachable,
            undetermined: l.undetermined,
            not_eligible: l.not_eligible,
            total: l.total(),
        })
    }
}

impl<'a> From<&'a g::Gap> for Gap<'a> {
    fn from(f: &'a g::Gap) -> Self {
        Gap {
            cohort: f.cohort.as_str(),
            stage: f.stage.as_str(),
            kind: kind(f.kind),
            people: f.people,
            need: f.need,
            services: ids(&f.services),
            reason: Why::from(&f.reason),
            summary: words::summary(f).plain(),
            fix: Fix::from(&f.fix),
            fix_text: Some(words::fix(f).plain()).filter(|t| !t.is_empty()),
            blockers: f
                .blockers
                .iter()
                .map(|b| Blocker::new(b, &f.cohort))
                .collect(),
            blockers_left_out: LeftOut::of(&f.left_out),
            job_search_routes: values::each(&f.job_search_routes),
        }
    }
}

/// A kind of gap, as the JSON names it.
pub(super) fn kind(k: GapKind) -> &'static str {
    match k {
        GapKind::Continuity => "continuity",
        GapKind::NoService => "no-service",
        GapKind::Unreachable => "unreachable",
        GapKind::Undetermined => "undetermined",
        GapKind::NotEligible => "not-eligible",
        GapKind::Capacity => "capacity",
    }
}

/// Why a gap is there, tagged by the gap's kind.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Why<'a> {
    Continuity {
        job_search: Ids<'a>,
        offered: bool,
    },
    NoService,
    Unreachable {
        services: Ids<'a>,
        enters_via: Ids<'a>,
    },
    Undetermined {
        services: Ids<'a>,
        attributes: &'a [String],
    },
    NotEligible {
        services: Ids<'a>,
    },
    Capacity(Shortfall<'a>),
}

impl<'a> From<&'a g::Why> for Why<'a> {
    fn from(w: &'a g::Why) -> Self {
        match w {
            g::Why::Continuity {
                job_search,
                offered,
            } => Why::Continuity {
                job_search: ids(job_search),
                offered: *offered,
            },
            g::Why::NoService => Why::NoService,
            g::Why::Unreachable {
                services,
                enters_via,
            } => Why::Unreachable {
                services: ids(services),
                enters_via: ids(enters_via),
            },
            g::Why::Undetermined {
                services,
                attributes,
            } => Why::Undetermined {
                services: ids(services),
                attributes,
            },
            g::Why::NotEligible { services } => Why::NotEligible {
                services: ids(services),
            },
            g::Why::Capacity(s) => Why::Capacity(Shortfall::from(s)),
        }
    }
}

/// Too few places: how many, where they ran out, and who else holds them.
#[derive(Serialize)]
struct Shortfall<'a> {
    need: f64,
    served: f64,
    short: f64,
    places: u64,
    /// `[service, places]` pairs.
    each: Vec<(&'a str, u64)>,
    bottleneck: Ids<'a>,
    /// `[cohort, places]` pairs.
    shared_with: Vec<(&'a str, f64)>,
    /// `[least, most]`; absent when the split is fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    served_range: Option<(f64, f64)>,
}

impl<'a> From<&'a g::Shortfall> for Shortfall<'a> {
    fn from(s: &'a g::Shortfall) -> Self {
        Shortfall {
            need: s.need,
            served: s.served,
            short: s.short,
            places: s.places,
            each: s.each.iter().map(|(id, p)| (id.as_str(), *p)).collect(),
            bottleneck: ids(&s.bottleneck),
            shared_with: s
                .shared_with
                .iter()
                .map(|(id, p)| (id.as_str(), *p))
                .collect(),
            served_range: s.served_range,
        }
    }
}

/// The nearest fix, tagged by `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Fix<'a> {
    Unblock {
        unblock: Unblock<'a>,
    },
    Continue {
        #[serde(skip_serializing_if = "Option::is_none")]
        unblock: Option<Unblock<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        extend: Option<&'a str>,
        stage: &'a str,
    },
    Commission {
        stage: &'a str,
        add_to: Ids<'a>,
    },
    Places {
        add: f64,
        at: Ids<'a>,
        #[serde(skip_serializing_if = "Option::is_none")]
        spare: Option<Spare<'a>>,
    },
    Unknown,
}

impl<'a> From<&'a FoundFix> for Fix<'a> {
    fn from(f: &'a FoundFix) -> Self {
        match f {
            FoundFix::Unblock { unblock } => Fix::Unblock {
                unblock: Unblock::from(unblock),
            },
            FoundFix::Continue {
                unblock,
                extend,
                stage,
            } => Fix::Continue {
                unblock: unblock.as_ref().map(Unblock::from),
                extend: extend.as_ref().map(|e| e.as_str()),
                stage: stage.as_str(),
            },
            FoundFix::Commission { stage, add_to } => Fix::Commission {
                stage: stage.as_str(),
                add_to: ids(add_to),
            },
            FoundFix::Places { add, at, spare } => Fix::Places {
                add: *add,
                at: ids(at),
                spare: spare.as_ref().map(|s| Spare {
                    service: s.service.as_str(),
                    free: s.free,
                    link: Link::from(&s.link),
                }),
            },
            FoundFix::Unknown => Fix::Unknown,
        }
    }
}

/// A service with places to spare, and the link that would let the cohort reach it.
#[derive(Serialize)]
struct Spare<'a> {
    service: &'a str,
    free: f64,
    link: Link<'a>,
}

/// The change that would open a blocked service to the cohort, tagged by `change`.
#[derive(Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
enum Unblock<'a> {
    Link {
        link: Link<'a>,
    },
    Settle {
        service: &'a str,
        terms: Vec<Reason<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        then: Option<Link<'a>>,
    },
    Widen {
        service: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        rule: Option<&'a str>,
        cohort: &'a str,
        terms: Vec<Reason<'a>>,
        /// The terms that would then still leave its eligibility undetermined.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        unsettled: Vec<Reason<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        then: Option<Link<'a>>,
    },
}

impl<'a> From<&'a FoundUnblock> for Unblock<'a> {
    fn from(u: &'a FoundUnblock) -> Self {
        match u {
            FoundUnblock::Link { link } => Unblock::Link {
                link: Link::from(link),
            },
            FoundUnblock::Settle {
                service,
                terms,
                then,
            } => Unblock::Settle {
                service: service.as_str(),
                terms: because(terms),
                then: then.as_ref().map(Link::from),
            },
            FoundUnblock::Widen {
                service,
                rule,
                cohort,
                terms,
                unsettled,
                then,
            } => Unblock::Widen {
                service: service.as_str(),
                rule: rule.as_ref().map(|r| r.as_str()),
                cohort: cohort.as_str(),
                terms: because(terms),
                unsettled: because(unsettled),
                then: then.as_ref().map(Link::from),
            },
        }
    }
}

/// A referral link: `from` absent for a self-referral.
#[derive(Serialize)]
struct Link<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a str>,
    to: &'a str,
}

impl<'a> From<&'a FoundLink> for Link<'a> {
    fn from(l: &'a FoundLink) -> Self {
        Link {
            from: l.from.as_ref().map(|f| f.as_str()),
            to: l.to.as_str(),
        }
    }
}

/// A service offering the stage, and what keeps the cohort from it.
#[derive(Serialize)]
struct Blocker<'a> {
    service: &'a str,
    obstacle: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    because: Vec<Reason<'a>>,
    /// For a not-eligible service, the terms that would still leave its eligibility
    /// undetermined once those in `because` were widened.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unsettled: Vec<Reason<'a>>,
    /// The verdict is on the cohort as it will be in work.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    after_start: bool,
    self_referral: bool,
    referrers: Vec<Referrer<'a>>,
    reachable_if_eligible: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<Link<'a>>,
    /// What keeps the cohort from the service, in words.
    why_text: String,
}

impl<'a> Blocker<'a> {
    /// What keeps `cohort` from one service offering the stage.
    fn new(b: &'a Found, cohort: &Id) -> Self {
        Blocker {
            service: b.service.as_str(),
            obstacle: obstacle(b.obstacle),
            rule: b.rule.as_ref().map(|r| r.as_str()),
            because: because(&b.because),
            unsettled: because(&b.unsettled),
            after_start: b.after_start,
            self_referral: b.self_referral,
            referrers: values::each(&b.referrers),
            reachable_if_eligible: b.reachable_if_eligible,
            link: b.link.as_ref().map(Link::from),
            why_text: words::blocker(b, cohort).plain(),
        }
    }
}

fn obstacle(o: Obstacle) -> &'static str {
    match o {
        Obstacle::Unreachable => "unreachable",
        Obstacle::Undetermined => "undetermined",
        Obstacle::NotEligible => "not-eligible",
    }
}

/// A service the blocked one takes referrals from, and whether the cohort can use it.
#[derive(Serialize)]
struct Referrer<'a> {
    service: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    because: Vec<Reason<'a>>,
}

impl<'a> From<&'a g::Referrer> for Referrer<'a> {
    fn from(r: &'a g::Referrer) -> Self {
        Referrer {
            service: r.service.as_str(),
            status: match r.status {
                ReferrerStatus::Reached => "reached",
                ReferrerStatus::NotEligible => "not-eligible",
                ReferrerStatus::Undetermined => "undetermined",
                ReferrerStatus::Unreached => "unreached",
            },
            because: because(&r.because),
        }
    }
}

/// A cohort-stage whose routes include a service with no stated capacity.
#[derive(Serialize)]
pub(super) struct CapacityNote<'a> {
    cohort: &'a str,
    stage: &'a str,
    need: f64,
    services: Ids<'a>,
    /// Those of them that are national: their places are notional for the area.
    #[serde(skip_serializing_if = "Ids::is_empty")]
    national: Ids<'a>,
    known_places: u64,
}

impl<'a> From<&'a g::CapacityNote> for CapacityNote<'a> {
    fn from(n: &'a g::CapacityNote) -> Self {
        CapacityNote {
            cohort: n.cohort.as_str(),
            stage: n.stage.as_str(),
            need: n.need,
            services: ids(&n.services),
            national: ids(&n.national),
            known_places: n.known_places,
        }
    }
}

/// One way a cohort reaches a service offering a stage.
#[derive(Serialize)]
pub(super) struct Route<'a> {
    service: &'a str,
    chain: Ids<'a>,
    start: &'static str,
    /// For a route joined after starting work: where in `chain` the services joined then begin.
    #[serde(skip_serializing_if = "Option::is_none")]
    after_start: Option<usize>,
}

impl<'a> From<&'a FoundRoute> for Route<'a> {
    fn from(r: &'a FoundRoute) -> Self {
        Route {
            service: r.service.as_str(),
            chain: ids(&r.chain),
            start: match r.start {
                Start::Entry => "entry",
                Start::SelfReferral => "self-referral",
            },
            after_start: r.after_start,
        }
    }
}
