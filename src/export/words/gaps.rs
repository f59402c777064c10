//! Gaps in words: each gap's one-sentence summary, what keeps the cohort from each service
//! offering the stage, and the nearest fix. Written from the analysis's data, never parsed back.

use super::eligibility::{explain, settle};
use super::{Prose, people};
use crate::analysis::gaps::{
    Blocker, CapacityNote, Fix, Gap, LeftOut, Link, Obstacle, Referrer, ReferrerStatus, Shortfall,
    Unblock, Why,
};
use crate::eligibility::{Reason, Ternary};
use crate::model::Id;

/// The gap in one sentence.
pub fn summary(g: &Gap) -> Prose {
    let c = || Prose::id(g.cohort.as_str());
    let stage = || Prose::id(g.stage.as_str());
    match &g.reason {
        Why::Continuity {
            job_search,
            offered,
        } => {
            let template = if *offered {
                "{} can get job-search support ({}) but has no route to {}: support stops at job entry."
            } else {
                "{} can get job-search support ({}) but no service on the map offers {}: support stops at job entry."
            };
            Prose::fill(template, [c(), Prose::ids(job_search), stage()])
        }
        Why::NoService => Prose::fill("No service on the map offers {}.", [stage()]),
        Why::Unreachable {
            services,
            enters_via,
        } => {
            let entries = if enters_via.is_empty() {
                Prose::default()
            } else {
                Prose::fill("from where it enters ({}) or ", [Prose::ids(enters_via)])
            };
            Prose::fill(
                "{} is eligible for {} but no referral chain leads there {}from any service it can walk into.",
                [c(), Prose::ids(services), entries],
            )
        }
        Why::Undetermined {
            services,
            attributes,
        } => Prose::fill(
            "The only services that might serve {} ({}) depend on its {}, which the map does not state or which only partly meets their rules.",
            [c(), Prose::ids(services), Prose::ids(attributes)],
        ),
        Why::NotEligible { services } => Prose::fill(
            "Every service offering {} excludes {}: {}.",
            [stage(), c(), Prose::ids(services)],
        ),
        Why::Capacity(s) => shortfall(s, c(), stage()),
    }
}

/// A shortfall of places in words: the places each service has, who gets one, and who else
/// holds them.
fn shortfall(s: &Shortfall, c: Prose, stage: Prose) -> Prose {
    let each = join(
        s.each
            .iter()
            .map(|(id, places)| Prose::id(id.as_str()).and(&format!(" {}", people(*places))))
            .collect(),
        ", ",
    );
    let mut p = Prose::fill(
        "{} people in {} need {}; the services they can reach have {} places ({}). Shared so that as many needs as possible are met (a place meets every stage its person needs there), {} get a place and {} do not: the places at {} are all taken",
        [
            Prose::text(people(s.need)),
            c,
            stage,
            Prose::text(people(s.places)),
            each,
            Prose::text(people(s.served)),
            Prose::text(people(s.short)),
            Prose::ids(&s.bottleneck),
        ],
    );
    if s.shared_with.is_empty() {
        p.push(".");
    } else {
        let others: Vec<Prose> = s
            .shared_with
            .iter()
            .map(|(id, k)| Prose::text(format!("{} by ", held(*k))).then(Prose::id(id.as_str())))
            .collect();
        p.push(" (");
        p.append(join(others, ", "));
        p.push(").");
    }
    if let Some((least, most)) = s.served_range {
        p.push(&format!(
            " The places can be shared in more than one way that serves as many people: this is the fairest of them (the smallest share of a need met is as large as it can be, then the next smallest, and so on), and only the total without a place is fixed; shared another way, {} to {} of these {} could get a place.",
            people(least),
            people(most),
            people(s.need)
        ));
    }
    p
}

/// Items joined by one separator throughout ("a, b, c").
fn join(items: Vec<Prose>, separator: &str) -> Prose {
    let mut out = Prose::default();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.append(item);
    }
    out
}

/// The change to the map a referral link needs.
pub fn link(l: &Link) -> Prose {
    match &l.from {
        Some(from) => Prose::fill(
            "add {} to {}'s referral.from",
            [Prose::id(from.as_str()), Prose::id(l.to.as_str())],
        ),
        None => Prose::fill(
            "let {} take self-referrals ({})",
            [
                Prose::id(l.to.as_str()),
                Prose::id("referral: { self: true }"),
            ],
        ),
    }
}

/// How a service takes referrals, for a cohort that does not reach it. With `detail`, says why the
/// cohort cannot use each referrer: "takes no self-referrals, and referrals only from `cmht`, which
/// `eip-young` cannot use (`cmht` is undetermined for it: …)".
fn referral_words(b: &Blocker, cohort: &Id, detail: bool) -> Prose {
    let referrers = &b.referrers;
    if referrers.is_empty() {
        return if b.self_referral {
            Prose::text("takes self-referrals")
        } else {
            Prose::fill(
                "takes no referrals at all (it has no {} on the map)",
                [Prose::id("referral")],
            )
        };
    }
    let names = Prose::ids(referrers.iter().map(|r| r.service.as_str()));
    let mut p = if b.self_referral {
        Prose::fill("takes self-referrals and referrals from {}", [names])
    } else {
        Prose::fill(
            "takes no self-referrals, and referrals only from {}",
            [names],
        )
    };
    let blocked: Vec<&Referrer> = referrers
        .iter()
        .filter(|r| r.status != ReferrerStatus::Reached)
        .collect();
    if blocked.len() == referrers.len() {
        p.append(Prose::fill(
            ", which {} cannot use",
            [Prose::id(cohort.as_str())],
        ));
    }
    if detail && !blocked.is_empty() {
        let each: Vec<Prose> = blocked
            .iter()
            .map(|r| {
                let s = Prose::id(r.service.as_str());
                match r.status {
                    ReferrerStatus::NotEligible => Prose::fill(
                        "{} is not open to it: {}",
                        [s, explain(Ternary::No, &r.because)],
                    ),
                    ReferrerStatus::Undetermined => Prose::fill(
                        "{} is undetermined for it: {}",
                        [s, explain(Ternary::Unknown, &r.because)],
                    ),
                    ReferrerStatus::Unreached | ReferrerStatus::Reached => {
                        Prose::fill("{} is open to it but not reached itself", [s])
                    }
                }
            })
            .collect();
        p.push(" (");
        p.append(join(each, "; "));
        p.push(")");
    }
    p
}

/// What keeps the cohort from one service, in one or two sentences.
pub fn blocker(b: &Blocker, cohort: &Id) -> Prose {
    let s = Prose::id(b.service.as_str());
    let unreached = |would: &str| {
        if b.link.is_some() {
            Prose::fill(
                &format!(" Even if it {would}, no route leads there: it {{}}."),
                [referral_words(b, cohort, false)],
            )
        } else {
            Prose::default()
        }
    };
    match b.obstacle {
        Obstacle::Unreachable => Prose::fill(
            "{} is open to it but {}.",
            [s, referral_words(b, cohort, true)],
        ),
        Obstacle::Undetermined => Prose::fill(
            if b.after_start {
                "{} may or may not take it, now or once in work: {}."
            } else {
                "{} may or may not take it: {}."
            },
            [s, explain(Ternary::Unknown, &b.because)],
        )
        .then(unreached("did")),
        Obstacle::NotEligible => Prose::fill(
            if b.after_start {
                "{} is not open to it, now or once in work: {}."
            } else {
                "{} is not open to it: {}."
            },
            [s, explain(Ternary::No, &b.because)],
        )
        .then(unreached("were")),
    }
}

/// The services a shortened list of blockers leaves out, counted by what keeps the cohort from
/// them (nearest first, as the list is ordered); `None` when none is.
pub fn left_out(l: &LeftOut) -> Option<Prose> {
    // Each kind: its count, said of several of mixed kinds, of all of one kind, of the only one.
    let kinds = [
        (
            l.unreachable,
            "open to it but not reached",
            "all open to it but not reached",
            "open to it but not reached",
        ),
        (
            l.undetermined,
            "that may or may not take it",
            "each of which may or may not take it",
            "which may or may not take it",
        ),
        (
            l.not_eligible,
            "not open to it",
            "none of them open to it",
            "not open to it",
        ),
    ];
    let present: Vec<_> = kinds.iter().filter(|k| k.0 > 0).collect();
    let what = match (l.total(), present.as_slice()) {
        (0, _) => return None,
        (1, [(_, _, _, one)]) => format!("1 more service offering it, {one}"),
        (n, [(_, _, all, _)]) => format!("{} more services offering it, {all}", people(n)),
        (n, mixed) => {
            let each: Vec<String> = (mixed.iter())
                .map(|(count, several, _, _)| format!("{} {several}", people(*count)))
                .collect();
            format!(
                "{} more services offering it ({})",
                people(n),
                each.join(", ")
            )
        }
    };
    Some(Prose::fill(
        "Not listed: {}; {} lists every one.",
        [Prose::text(what), Prose::id("--all")],
    ))
}

/// "age (16–24 against 25–64)", for the terms of a not-eligible verdict.
fn excluding_terms(terms: &[Reason]) -> String {
    let mut parts: Vec<String> = terms
        .iter()
        .map(|r| {
            let has = r.cohort_has.as_deref().unwrap_or("not stated");
            if r.negated {
                format!("{} ({has}, which it excludes)", r.attribute)
            } else {
                format!("{} ({has} against {})", r.attribute, r.allows)
            }
        })
        .collect();
    parts.dedup();
    if parts.is_empty() {
        "its rule".to_owned()
    } else {
        parts.join(" and ")
    }
}

/// The change that would let the cohort use one blocked service.
pub fn unblock(u: &Unblock) -> Prose {
    match u {
        Unblock::Link { link: l } => link(l),
        Unblock::Settle {
            service,
            terms,
            then,
        } => {
            let ways = join(settle(terms), " and ");
            let mut p = Prose::fill(
                "settle {}'s eligibility: {}",
                [Prose::id(service.as_str()), ways],
            );
            if let Some(l) = then {
                p.push(", then ");
                p.append(link(l));
            }
            p
        }
        Unblock::Widen {
            service,
            rule,
            cohort,
            terms,
            unsettled,
            then,
        } => {
            let whose = match rule {
                Some(r) => Prose::fill(
                    "{}'s eligibility (rule {})",
                    [Prose::id(service.as_str()), Prose::id(r.as_str())],
                ),
                None => Prose::fill("{}'s eligibility", [Prose::id(service.as_str())]),
            };
            let mut p = Prose::fill(
                "widen {}, which excludes {} on {}",
                [
                    whose,
                    Prose::id(cohort.as_str()),
                    Prose::text(excluding_terms(terms)),
                ],
            );
            let ways = settle(unsettled);
            if !ways.is_empty() {
                // Widened on those terms alone, the rule would still ask what the map does not
                // say about the cohort: no route until that is settled too.
                p.push(", and settle what it would still ask: ");
                p.append(join(ways, " and "));
            }
            if let Some(l) = then {
                p.push(", and ");
                p.append(link(l));
            }
            p
        }
    }
}

/// The nearest fix of a gap.
pub fn fix(g: &Gap) -> Prose {
    match &g.fix {
        Fix::Unblock { unblock: u } => unblock(u),
        Fix::Continue {
            unblock: u,
            extend,
            stage,
        } => {
            let stage = || Prose::id(stage.as_str());
            match (u, extend) {
                (Some(u), Some(x)) => unblock(u).then(Prose::fill(
                    "; or add {} to {}, which already gives it job-search support",
                    [stage(), Prose::id(x.as_str())],
                )),
                (Some(u), None) => unblock(u),
                (None, Some(x)) => Prose::fill(
                    "add {} to {}, which already gives it job-search support, or commission {} support it can reach",
                    [stage(), Prose::id(x.as_str()), stage()],
                ),
                (None, None) => {
                    Prose::fill("commission {} support the cohort can reach", [stage()])
                }
            }
        }
        Fix::Commission { stage, add_to } => {
            let mut p = Prose::fill(
                "commission a service offering {} that the cohort can reach",
                [Prose::id(stage.as_str())],
            );
            if !add_to.is_empty() {
                p.append(Prose::fill(
                    ", or add the stage to a service it already uses ({})",
                    [Prose::ids(add_to)],
                ));
            }
            p
        }
        Fix::Places { add, at, spare } => {
            let add = Prose::fill(
                if at.len() == 1 {
                    "add {} places at {}"
                } else {
                    "add {} places across {}"
                },
                [Prose::text(people(*add)), Prose::ids(at)],
            );
            match spare {
                Some(s) => link(&s.link).then(Prose::fill(
                    " ({} has {} places unused and {} is eligible for it), or {}",
                    [
                        Prose::id(s.service.as_str()),
                        Prose::text(people(s.free)),
                        Prose::id(g.cohort.as_str()),
                        add,
                    ],
                )),
                None => add,
            }
        }
        Fix::Unknown => Prose::default(),
    }
}

/// The note of a cohort-stage whose routes include a service with no stated capacity.
pub fn capacity_note(n: &CapacityNote) -> Prose {
    let unstated: Vec<&Id> = n
        .services
        .iter()
        .filter(|s| !n.national.contains(s))
        .collect();
    let mut why: Vec<Prose> = Vec::new();
    if !unstated.is_empty() {
        why.push(
            Prose::ids(unstated.iter().map(|s| s.as_str())).and(if unstated.len() == 1 {
                " has no stated capacity"
            } else {
                " have no stated capacity"
            }),
        );
    }
    if !n.national.is_empty() {
        why.push(Prose::ids(&n.national).and(if n.national.len() == 1 {
            " is national (its places are notional for the area)"
        } else {
            " are national (their places are notional for the area)"
        }));
    }
    let known = if n.known_places > 0 {
        format!(
            " (the local services that state theirs have {} places between them, shared with any other cohort that can reach them)",
            people(n.known_places)
        )
    } else {
        String::new()
    };
    Prose::fill(
        &format!(
            "{} people in {{}} need {{}}; on their routes, {{}}, so no shortfall can be worked out{known}.",
            people(n.need),
        ),
        [
            Prose::id(n.cohort.as_str()),
            Prose::id(n.stage.as_str()),
            Prose::list(why, "none"),
        ],
    )
}

/// Places a cohort holds, in whole people, but never "0" for a cohort that holds some (a fair share
/// of a few places can be a fraction of one): "under 1".
fn held(places: f64) -> String {
    if places > 0.0 && places < 0.5 {
        "under 1".to_owned()
    } else {
        people(places)
    }
}
