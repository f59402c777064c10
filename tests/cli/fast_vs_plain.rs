//! The fast analyses against plain ones written here, on random generated maps: eligibility
//! evaluated once per distinct attribute profile (the graph's table) against the rule evaluator run
//! on every (cohort, service) pair; reachability against a fixed point over the map's own referral
//! lists; overlap against every pair of options of every cohort-stage, counted one by one; the
//! bounded overlap list (`keep_top`) against the whole ranking; the gaps without a route made
//! beside the sharing of places against those made after it; and those made with their blockers
//! cut short against every blocker worked out, then cut (the fix and the undetermined attributes
//! chosen from all of them as their definitions say).

use std::collections::{BTreeMap, BTreeSet};

use ecomap::analysis::capacity::allocate;
use ecomap::analysis::gaps::{
    Blocker, Fix, Gap, Obstacle, Unblock, Why, gaps, gaps_given, unrouted, unrouted_showing,
};
use ecomap::analysis::overlap::{SHOWN, overlaps, overlaps_showing};
use ecomap::analysis::routes::{Reach, after_job_entry};
use ecomap::eligibility::{Match, Ternary, evaluate};
use ecomap::generate::{self, Options};
use ecomap::graph::Ecosystem;
use proptest::prelude::*;

use crate::support::load_str;

/// Every service the cohort can reach before starting work, the plain way: start at its entry
/// points and at every self-referral service it may use, then add any service it may use that
/// takes referrals from one already reached, until nothing changes.
fn plain_reach(eco: &Ecosystem, c: usize) -> BTreeSet<usize> {
    let m = &eco.map;
    let cohort = eco.cohort(c);
    let may_use =
        |s: usize| evaluate(&eco.service(s).eligibility, cohort, &m.rules).value == Ternary::Yes;
    let mut reached: BTreeSet<usize> = (0..m.services.len())
        .filter(|&s| {
            let svc = eco.service(s);
            (svc.referral.self_referral || cohort.enters_via.contains(&svc.id)) && may_use(s)
        })
        .collect();
    loop {
        let before = reached.len();
        for s in 0..m.services.len() {
            let from_reached = eco.service(s).referral.from.iter().any(|f| {
                m.services
                    .get_index_of(f)
                    .is_some_and(|x| reached.contains(&x))
            });
            if from_reached && may_use(s) {
                reached.insert(s);
            }
        }
        if reached.len() == before {
            return reached;
        }
    }
}

fn check(o: &Options) -> Result<(), TestCaseError> {
    let eco = load_str(&generate::map(o));
    let m = &eco.map;
    let (n_c, n_s) = (m.cohorts.len(), m.services.len());
    // Eligibility: the table against the evaluator, pair by pair.
    for c in 0..n_c {
        for s in 0..n_s {
            let plain = evaluate(&eco.service(s).eligibility, eco.cohort(c), &m.rules).value;
            prop_assert_eq!(
                eco.verdict(c, s),
                plain,
                "{:?}: cohort {} service {}",
                o,
                c,
                s
            );
            prop_assert_eq!(eco.verdict_after(c, s), eco.explain_after(c, s).value);
        }
    }
    // Reachability, and each cohort-stage's options (before starting work).
    let reach = Reach::compute(&eco);
    let mut plain_pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for c in 0..n_c {
        let plain = plain_reach(&eco, c);
        let fast: BTreeSet<usize> = (0..n_s).filter(|&s| reach.reaches(c, s)).collect();
        prop_assert_eq!(&fast, &plain, "{:?}: cohort {}", o, c);
        for stage in eco.cohort(c).needs.keys() {
            let options = reach.options(&eco, c, stage.as_str());
            if !after_job_entry(stage.as_str()) {
                let plain_options: Vec<usize> = plain
                    .iter()
                    .copied()
                    .filter(|&s| eco.service(s).offers(stage.as_str()))
                    .collect();
                prop_assert_eq!(&options, &plain_options, "{:?}: {} {}", o, c, stage);
            }
            // Every pair of options shares this cohort-stage.
            for (i, &a) in options.iter().enumerate() {
                for &b in &options[i + 1..] {
                    *plain_pairs.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
        }
    }
    // Overlap: the same pairs, sharing as many cohort-stages (a pair split by an acceptance is
    // two entries, summed here).
    let found = overlaps(&eco, &reach);
    let mut fast_pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for x in &found.overlaps {
        let ix =
            |id: &ecomap::model::Id| m.services.get_index_of(id).expect("a service on the map");
        let (a, b) = (ix(&x.services[0]), ix(&x.services[1]));
        *fast_pairs.entry((a.min(b), a.max(b))).or_default() += x.shared.len();
    }
    prop_assert_eq!(&fast_pairs, &plain_pairs, "{:?}", o);
    // The people concerned, tallied as the pairs are found, against the cohort-stages listed for
    // each: per cohort the largest need among its shared stages, summed in cohort order.
    for x in &found.overlaps {
        let mut per_cohort: Vec<(&str, f64)> = Vec::new();
        for sh in &x.shared {
            match per_cohort.last_mut() {
                Some((c, n)) if *c == sh.cohort.as_str() => *n = n.max(sh.need),
                _ => per_cohort.push((sh.cohort.as_str(), sh.need)),
            }
        }
        let plain: f64 = per_cohort.iter().map(|(_, n)| n).sum();
        prop_assert_eq!(x.people, plain, "{:?}: {:?}", o, x.services);
    }
    prop_assert_eq!(found.total, found.overlaps.len());
    for (i, x) in found.overlaps.iter().enumerate() {
        prop_assert_eq!(x.rank, i + 1);
    }
    prop_assert_eq!(found.concerns + found.needed + found.accepted, found.total);
    // The bounded list: the first of the same ranking, the counts of every pair.
    let mut top = found.clone();
    top.keep_top(SHOWN);
    prop_assert_eq!(top.overlaps.len(), found.total.min(SHOWN));
    prop_assert_eq!(top.left_out(), found.total.saturating_sub(SHOWN));
    prop_assert_eq!((top.total, top.concerns), (found.total, found.concerns));
    for (a, b) in top.overlaps.iter().zip(&found.overlaps) {
        prop_assert_eq!((a.rank, &a.services), (b.rank, &b.services));
    }
    // Naming only the pairs shown gives that same list, pair for pair, and the same counts.
    let shown = overlaps_showing(&eco, &reach, Some(SHOWN));
    prop_assert_eq!(
        (shown.total, shown.concerns, shown.needed, shown.accepted),
        (top.total, top.concerns, top.needed, top.accepted)
    );
    prop_assert_eq!(shown.overlaps.len(), top.overlaps.len());
    for (a, b) in shown.overlaps.iter().zip(&top.overlaps) {
        prop_assert_eq!(
            (a.rank, &a.services, &a.shared),
            (b.rank, &b.services, &b.shared)
        );
        prop_assert_eq!(
            (a.people, a.spend, a.accepted, a.needed),
            (b.people, b.spend, b.accepted, b.needed)
        );
        prop_assert_eq!(
            (a.reason.score, &a.reason.alike),
            (b.reason.score, &b.reason.alike)
        );
    }
    // The gaps without a route, made beside the sharing of places (`gaps_given`), are the gaps
    // made after it, cohort by cohort, in the same order, to the last word of their reasons.
    let shared = allocate(&eco, &reach);
    let after = format!("{:?}", gaps(&eco, &reach, &shared));
    let beside = gaps_given(&eco, &reach, &shared, unrouted(&eco, &reach));
    prop_assert_eq!(format!("{beside:?}"), after);
    // The fix of each gap without a route is from the blocker nearest a route of them all, ties
    // to the earlier service in map order; an undetermined gap names every attribute its
    // undetermined blockers miss or partly meet, in the order first met.
    let all = gaps(&eco, &reach, &shared);
    for g in &all.gaps {
        let nearest = (g.blockers.iter())
            .min_by_key(|b| (b.distance(), eco.service_ix(b.service.as_str())))
            .map(|b| b.service.to_string());
        prop_assert_eq!(
            fixed_service(g),
            nearest,
            "{:?}: {} {}",
            o,
            g.cohort,
            g.stage
        );
        if let Why::Undetermined { attributes, .. } = &g.reason {
            prop_assert_eq!(attributes, &plain_attributes(&g.blockers));
        }
    }
    // Made with their blockers cut to the nearest few, the gaps are those made in full and cut
    // after (`keep_blockers`), to the last word.
    for shown in [0, 1, 3] {
        let mut cut = all.clone();
        cut.keep_blockers(shown);
        let made = gaps_given(
            &eco,
            &reach,
            &shared,
            unrouted_showing(&eco, &reach, Some(shown)),
        );
        prop_assert_eq!(
            format!("{made:?}"),
            format!("{cut:?}"),
            "{:?}: {}",
            o,
            shown
        );
    }
    Ok(())
}

/// The service a gap's fix opens, if it is one a blocker names.
fn fixed_service(g: &Gap) -> Option<String> {
    let unblock = match &g.fix {
        Fix::Unblock { unblock } => Some(unblock),
        Fix::Continue { unblock, .. } => unblock.as_ref(),
        _ => None,
    }?;
    Some(match unblock {
        Unblock::Link { link } => link.to.to_string(),
        Unblock::Settle { service, .. } | Unblock::Widen { service, .. } => service.to_string(),
    })
}

/// The attributes the undetermined `blockers` miss or partly meet, in the order first met.
fn plain_attributes(blockers: &[Blocker]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for b in blockers
        .iter()
        .filter(|b| b.obstacle == Obstacle::Undetermined)
    {
        for r in &b.because {
            if matches!(r.matched, Match::Missing | Match::Partly) && !out.contains(&r.attribute) {
                out.push(r.attribute.clone());
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// On random generated maps of every shape (one locality, where every cohort reaches nearly
    /// everything, or several), the fast answers are the plain ones.
    #[test]
    fn fast_eligibility_reach_and_overlap_agree_with_plain_ones(
        services in 1usize..160,
        cohorts in 1usize..40,
        seed in any::<u64>(),
        localities in proptest::option::of(1usize..6),
    ) {
        check(&Options { services, cohorts, commissioners: None, localities, seed })?;
    }
}

/// A map of 300 services in one locality: hundreds of overlapping pairs, so the list is bounded.
#[test]
fn a_large_map_in_one_locality_agrees_and_is_bounded() {
    let o = Options {
        services: 300,
        cohorts: 30,
        commissioners: None,
        localities: Some(1),
        seed: 7,
    };
    check(&o).expect("fast and plain agree");
    let eco = load_str(&generate::map(&o));
    let found = overlaps(&eco, &Reach::compute(&eco));
    // 30 cohorts each reaching most of 300 services: far more pairs than are shown.
    assert!(found.total > SHOWN, "{} pairs", found.total);
}

/// A map of more cohorts than one word of the table's bit sets holds profiles (64): the verdicts
/// of the profiles past the first word, and of those that share a word with the last, agree with
/// the evaluator too.
#[test]
fn profiles_past_one_word_agree() {
    let o = Options {
        services: 80,
        cohorts: 90,
        commissioners: None,
        localities: None,
        seed: 11,
    };
    let eco = load_str(&generate::map(&o));
    let (profiles, _) = ecomap::eligibility::profiles::Table::new(&eco.map).dimensions();
    assert!(
        profiles > 64,
        "{profiles} profiles: the test needs more than one word"
    );
    check(&o).expect("fast and plain agree");
}
