//! What-if and contracts work out only what a change touches: the map is analysed once, the parts
//! of the sharing of places a change leaves as they were are taken from that analysis, and a
//! service no cohort reaches is known to change nothing. Here, on random generated maps and on
//! every bundled map, they give byte for byte what the plain way gives (each changed map analysed
//! from scratch, every service alike): the text and the JSON of every answer.

use ecomap::analysis::contracts::{Contracts, Ending, Window, contracts, contracts_from_scratch};
use ecomap::analysis::whatif::{Change, WhatIf, what_if, what_if_from_scratch};
use ecomap::date::Date;
use ecomap::export::{json, retender};
use ecomap::generate::{self, Options};
use ecomap::graph::Ecosystem;
use ecomap::model::Id;
use proptest::prelude::*;

use crate::support::{load, load_str};

/// Every contract line of a generated map ends between 2023 and 2029: a window from 2020 over ten
/// years holds them all, so every funded service's loss is worked out.
/// The ending line of service `id`, which must end in the window.
fn ending<'a>(c: &'a Contracts, id: &str) -> &'a Ending {
    (c.ending.iter())
        .find(|e| e.line.service.as_str() == id)
        .expect("its contract ends in the window")
}

fn every_line() -> Window {
    Window::within_months(Date::parse("2020-01-01").expect("a date"), 120)
}

fn what_if_words(w: &WhatIf) -> (String, String) {
    (
        retender::what_if_text(w),
        json::document(&json::WhatIf::from(w)),
    )
}

fn contracts_words(c: &Contracts) -> (String, String) {
    (
        retender::contracts_text(c),
        json::document(&json::Contracts::from(c)),
    )
}

/// The what-if of a change, both ways; returns how many gap changes it found.
fn same_what_if(eco: &Ecosystem, change: &Change, what: &str) -> usize {
    let fast = what_if(eco, change).expect("on the map");
    let plain = what_if_from_scratch(eco, change).expect("on the map");
    assert_eq!(
        what_if_words(&fast),
        what_if_words(&plain),
        "{what}: {change:?}"
    );
    fast.changes.len()
}

fn generated(services: usize, cohorts: usize, seed: u64) -> Ecosystem {
    load_str(&generate::map(&Options {
        services,
        cohorts,
        commissioners: None,
        localities: None,
        seed,
    }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// On a random generated map, taking away random services, or withdrawing a random
    /// commissioner's money, the what-if is the plain one.
    #[test]
    fn what_if_is_the_plain_recompute(
        services in 8usize..60,
        cohorts in 2usize..14,
        seed in any::<u64>(),
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..4),
        payer in any::<prop::sample::Index>(),
    ) {
        let eco = generated(services, cohorts, seed);
        let ids: Vec<Id> = eco.map.services.keys().cloned().collect();
        let gone: Vec<Id> = picks.iter().map(|i| i.get(&ids).clone()).collect();
        same_what_if(&eco, &Change::Without { services: gone }, "without");
        let payers: Vec<Id> = eco.map.commissioners.keys().cloned().collect();
        let commissioner = payer.get(&payers).clone();
        same_what_if(&eco, &Change::Withdraw { commissioner }, "withdraw");
    }

    /// On a random generated map, the contracts ending (all of them) with what losing each
    /// service does are the plain ones.
    #[test]
    fn contracts_are_the_plain_recompute(
        services in 8usize..50,
        cohorts in 2usize..12,
        seed in any::<u64>(),
    ) {
        let eco = generated(services, cohorts, seed);
        let fast = contracts(&eco, every_line());
        let plain = contracts_from_scratch(&eco, every_line());
        prop_assert_eq!(contracts_words(&fast), contracts_words(&plain));
    }
}

/// The bundled maps with the examples of every analysis.
const BUNDLED: &[&str] = &[
    "maps/riverside",
    "examples/retender.yaml",
    "examples/withdraw.yaml",
    "examples/after-start.yaml",
    "examples/capacity-max-flow.yaml",
    "examples/places-across-stages.yaml",
    "examples/people-counted-once.yaml",
    "examples/national-services.yaml",
    "examples/gap-unreachable.yaml",
    "examples/referral-chain.yaml",
    "examples/sample.yaml",
];

#[test]
fn every_bundled_map_without_each_service_is_the_plain_recompute() {
    // Each service of each map taken away in turn, and each commissioner withdrawing: the
    // what-if both ways. Riverside alone has services whose loss opens gaps (its IPS service is
    // the only route to job search for people in secondary care), so some changes are found.
    let mut found = 0;
    for path in BUNDLED {
        let eco = load(path);
        for id in eco.map.services.keys() {
            let change = Change::Without {
                services: vec![id.clone()],
            };
            found += same_what_if(&eco, &change, path);
        }
        for id in eco.map.commissioners.keys() {
            let change = Change::Withdraw {
                commissioner: id.clone(),
            };
            found += same_what_if(&eco, &change, path);
        }
        let fast = contracts(&eco, every_line());
        let plain = contracts_from_scratch(&eco, every_line());
        assert_eq!(contracts_words(&fast), contracts_words(&plain), "{path}");
    }
    assert!(found > 0, "no change on any bundled map moved a gap");
}

#[test]
fn a_service_no_cohort_reaches_changes_nothing() {
    // examples/retender.yaml's contracts with a service added that nobody can reach (it takes no
    // self-referrals, no one enters there, no service refers to it): its contract ends in the
    // window, it is listed, and losing it leaves no cohort-stage without a route and no one
    // newly without support, as the plain recompute says.
    let yaml = std::fs::read_to_string(crate::support::root().join("examples/retender.yaml"))
        .expect("readable");
    let extra = "  island:\n    name: Island\n    model: job-club\n    stages: [job-search]\n    capacity: { people_per_year: 10 }\n    funding:\n      - from: council\n        amount: 1000\n        contract: { start: 2025-04-01, end: 2026-05-31 }\n";
    let yaml = yaml.replacen("services:\n", &format!("services:\n{extra}"), 1);
    let eco = load_str(&yaml);
    let window = Window::within_months(Date::parse("2026-04-01").expect("a date"), 12);
    let fast = contracts(&eco, window.clone());
    let island = ending(&fast, "island");
    assert!(island.only_route.is_empty());
    assert_eq!(island.people_newly_without, 0.0);
    let plain = contracts_from_scratch(&eco, window);
    assert_eq!(contracts_words(&fast), contracts_words(&plain));
}

#[test]
fn a_loss_is_shared_again_only_when_it_takes_places_someone_was_given() {
    // `a` (10 people, job search) reaches `big` (100 places, where it enters) and `spare` (4
    // places, self-referral). Both have room for everyone who can use them; the first by id
    // serves, so `big` gives `a` its 10 places and `spare` gives no one a place.
    // - Without `spare`, `a` is given what it was given: the sharing stands, no one is newly
    //   without support.
    // - Without `big`, `a` still reaches `spare` (a self-referral), whose 4 places it is given:
    //   10 − 4 = 6 people newly without support, and no route lost.
    let eco = load_str(
        "area: { id: t, name: Test }
commissioners: { f: { name: F } }
services:
  big: { name: Big, stages: [job-search], capacity: { people_per_year: 100 }, funding: [ { from: f, amount: 1000, contract: { start: 2025-04-01, end: 2026-06-30 } } ] }
  spare: { name: Spare, stages: [job-search], referral: { self: true }, capacity: { people_per_year: 4 }, funding: [ { from: f, amount: 1000, contract: { start: 2025-04-01, end: 2026-06-30 } } ] }
cohorts:
  a: { name: A, size: 10, needs: [job-search], enters_via: [big] }
",
    );
    let reach = ecomap::analysis::routes::Reach::compute(&eco);
    let sharing = ecomap::analysis::capacity::allocate(&eco, &reach);
    let (big, spare) = (0, 1);
    assert!(sharing.stands_with_fewer_options(&eco, [(0, &[big][..])]));
    assert!(!sharing.stands_with_fewer_options(&eco, [(0, &[spare][..])]));

    let window = Window::within_months(Date::parse("2026-04-01").expect("a date"), 12);
    let fast = contracts(&eco, window.clone());
    let newly = |id: &str| {
        let e = ending(&fast, id);
        assert!(e.only_route.is_empty(), "{id}");
        e.people_newly_without
    };
    assert_eq!(newly("spare"), 0.0);
    assert_eq!(newly("big"), 6.0);
    let plain = contracts_from_scratch(&eco, window);
    assert_eq!(contracts_words(&fast), contracts_words(&plain));
}

#[test]
fn a_loss_that_makes_a_cohort_share_places_reaches_the_cohorts_it_shares_with() {
    // `c` (4 people) can use `r` (5 places) alone; `d` (4 people) can use `r` and `n`, which
    // states no places, so `d`'s capacity is unknown and it holds none of `r`'s places: `c` is
    // given its 4. Without `n`, `d` can use only `r` and shares its places with `c`: 8 people for
    // 5 places, the fairest split 2.5 each, so each is 1.5 short: 3 people newly without support,
    // no route lost. (Shared again without `c`, `d` alone would be given 4 of the 5 places and no
    // one would be newly without.) Without `r`, `c` loses its only route and `d` keeps `n`.
    let eco = load_str(
        "area: { id: t, name: Test }
commissioners: { f: { name: F } }
services:
  r: { name: R, stages: [job-search], capacity: { people_per_year: 5 }, funding: [ { from: f, amount: 1000, contract: { start: 2025-04-01, end: 2026-06-30 } } ] }
  n: { name: N, stages: [job-search], funding: [ { from: f, amount: 1000, contract: { start: 2025-04-01, end: 2026-06-30 } } ] }
cohorts:
  c: { name: C, size: 4, needs: [job-search], enters_via: [r] }
  d: { name: D, size: 4, needs: [job-search], enters_via: [r, n] }
",
    );
    let window = Window::within_months(Date::parse("2026-04-01").expect("a date"), 12);
    let fast = contracts(&eco, window.clone());
    let n = ending(&fast, "n");
    assert!(n.only_route.is_empty());
    assert!((n.people_newly_without - 3.0).abs() < 1e-6);
    assert_eq!(ending(&fast, "r").only_route.len(), 1);
    let plain = contracts_from_scratch(&eco, window);
    assert_eq!(contracts_words(&fast), contracts_words(&plain));
}

/// Shares the places of a map of cohorts `a` and `b` (each `size` people needing job search) and
/// services `p`, `q`, `r` (each `places` places, self-referral), then asks
/// `reshare_unless_as_before` about the map with a service the sharing gives places at closed;
/// returns whether every best sharing filled that service, and the answer's people served,
/// summed.
fn served_without_a_used_service(size: u32, places: u32) -> (bool, Option<f64>) {
    let service = |id: &str| {
        format!(
            "  {id}: {{ name: {id}, stages: [job-search], referral: {{ self: true }}, capacity: {{ people_per_year: {places} }} }}\n"
        )
    };
    let yaml = format!(
        "area: {{ id: t, name: Test }}\nservices:\n{}{}{}cohorts:\n  a: {{ name: A, size: {size}, needs: [job-search] }}\n  b: {{ name: B, size: {size}, needs: [job-search] }}\n",
        service("p"),
        service("q"),
        service("r")
    );
    let eco = load_str(&yaml);
    let reach = ecomap::analysis::routes::Reach::compute(&eco);
    let sharing = ecomap::analysis::capacity::allocate(&eco, &reach);
    let used = (sharing.allocations.iter())
        .flat_map(|a| a.by_service.iter())
        .find(|(_, n)| *n > 0.0)
        .and_then(|(s, _)| eco.service_ix(s.as_str()))
        .expect("someone is given a place");
    let known = ecomap::analysis::capacity::Solutions::default();
    let options = |c: usize, stage: &str| reach.options(&eco, c, stage);
    let regions =
        ecomap::analysis::capacity::Regions::of(&eco, |c, _, stage| options(c, stage.as_str()));
    // Every cohort that could use the service, with its options less it.
    let changed: std::collections::BTreeMap<usize, Vec<Vec<usize>>> = (0..eco.map.cohorts.len())
        .map(|c| {
            let now: Vec<Vec<usize>> = (eco.cohort(c).stages_needed())
                .map(|stage| {
                    let mut o = options(c, stage.as_str());
                    o.retain(|&s| s != used);
                    o
                })
                .collect();
            (c, now)
        })
        .collect();
    let after = ecomap::analysis::capacity::reshare_unless_as_before(
        &eco, &regions, &changed, &known, &sharing, used,
    );
    (
        sharing.filled[used],
        after.map(|after| {
            // Those shared again, and the others as they were.
            let mut served: Vec<f64> = sharing.allocations.iter().map(|a| a.served).collect();
            for (i, n, _) in after {
                served[i] = n;
            }
            served.iter().sum()
        }),
    )
}

#[test]
fn a_loss_that_leaves_room_enough_keeps_everyone_given_what_they_were() {
    // `a` and `b` need 4 places each; `p`, `q` and `r` have 6 each. No service has room for both
    // cohorts (8 > 6), so the places are shared by the programme: everyone is served (8 of 18
    // places), at services the solver picks. Without any one of them, 12 places are left for 8
    // people: each cohort can still be given its 4, so the sharing is not solved again (`None`),
    // whichever service the solver had used.
    assert_eq!(served_without_a_used_service(4, 6), (false, None));
    // With 6 people each and 5 places a service, everyone is served (12 of 15 places) and every
    // service is used (any two have only 10). Without one, 10 places for 12 people: the sharing
    // is solved again, and serves 10. No service is filled by every best sharing (3 places are
    // left over, anywhere).
    let (filled, served) = served_without_a_used_service(6, 5);
    assert!(!filled);
    let served = served.expect("solved again");
    assert!((served - 10.0).abs() < 1e-6, "{served}");
    // With 8 people each and 5 places a service, 15 of 16 are served: every best sharing fills
    // every service, so without one the sharing cannot give what it gave and is solved again with
    // nothing asked first; 10 places for 16 people, it serves 10.
    let (filled, served) = served_without_a_used_service(8, 5);
    assert!(filled);
    let served = served.expect("solved again");
    assert!((served - 10.0).abs() < 1e-6, "{served}");
}
