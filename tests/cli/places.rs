//! The meaning of the numbers (issue 9, §1 and §2): a place is one person, whatever stages of the
//! service they use; the places are shared to meet as many needs as possible, fairly; people are
//! counted once per cohort; figures are kept unrounded. Each example's answer is worked out by hand
//! in its header and in the comments here.

use crate::support::{analyse, ecomap, load, near};
use ecomap::analysis::capacity::{Supply, allocate};
use ecomap::analysis::gaps::GapKind;
use ecomap::analysis::routes::Reach;

#[test]
fn cohorts_using_different_stages_of_one_service_hold_separate_places() {
    // `s` has 100 places for engagement and in-work; `a` needs 100 engagement, `b` 100 in-work:
    // 200 people for 100 places. Stage by stage each would "fit"; as people, 100 are short. The
    // fairest split gives each half its need, and says the split is one of several (0 to 100).
    let r = analyse("examples/places-across-stages.yaml");
    let short: Vec<(&str, &str, f64)> = r
        .gaps
        .of_kind(GapKind::Capacity)
        .map(|g| (g.cohort.as_str(), g.stage.as_str(), g.people))
        .collect();
    assert_eq!(short.len(), 2);
    for ((cohort, stage, people), (c, s)) in
        short.iter().zip([("a", "engagement"), ("b", "in-work")])
    {
        assert_eq!((*cohort, *stage), (c, s));
        assert!(near(*people, 50.0), "{cohort}: {people}");
    }
    for g in r.gaps.of_kind(GapKind::Capacity) {
        let s = g.shortfall().expect("figures");
        let (least, most) = s.served_range.expect("the split is one of several");
        assert!(near(least, 0.0) && near(most, 100.0), "{least}..{most}");
    }
    // 100 people without a place: 50 in each cohort, each cohort counted once.
    assert!(near(r.key.gaps.people_short_of_places, 100.0));
}

#[test]
fn the_fairest_of_the_best_raises_the_lowest_share_it_can() {
    // `s` has 4 places for engagement and in-work. `a` (36) and `b` (1) need both stages, `c` (2)
    // engagement, `d` (1) in-work. A place held by `a` or `b` meets two needs, by `c` or `d` one:
    // the most needs met is 8, only with all 4 places at `a` and `b`, so `c` and `d` get nothing.
    // `b` holds p ≤ 1 places, `a` 4 − p; the fairest gives both the same share: p = (4 − p)/36,
    // p = 4/37 = 0.108108, and `a` 144/37 = 3.891892 at each stage. (Giving `a` all 4 places is
    // as good in total, but `b`'s share of 0 could rise with only `a`'s higher share falling.)
    let eco = load("examples/places-fairest.yaml");
    let reach = Reach::compute(&eco);
    let cap = allocate(&eco, &reach);
    let served = |cohort: &str| -> Vec<f64> {
        cap.allocations
            .iter()
            .filter(|a| a.cohort.as_str() == cohort)
            .map(|a| a.served)
            .collect()
    };
    for (cohort, each) in [
        ("a", 144.0 / 37.0),
        ("b", 4.0 / 37.0),
        ("c", 0.0),
        ("d", 0.0),
    ] {
        let got = served(cohort);
        assert!(
            !got.is_empty() && got.iter().all(|&n| near(n, each)),
            "{cohort}: {got:?}, not {each}"
        );
    }
    // Over the best splits `a` gets 3 to 4 at each stage and `b` 0 to 1; `c` and `d` always 0.
    let r = analyse("examples/places-fairest.yaml");
    for g in r.gaps.of_kind(GapKind::Capacity) {
        let s = g.shortfall().expect("figures");
        let expected = match g.cohort.as_str() {
            "a" => Some((3.0, 4.0)),
            "b" => Some((0.0, 1.0)),
            _ => None,
        };
        match (s.served_range, expected) {
            (Some((least, most)), Some((l, m))) => {
                assert!(
                    near(least, l) && near(most, m),
                    "{}: {least}..{most}",
                    g.cohort
                )
            }
            (got, want) => assert_eq!(got, want, "{}", g.cohort),
        }
    }
    // `b` holds 4/37 of a place: a holder of some, said "under 1", never "0 by `b`".
    let of_a = (r.gaps.of_kind(GapKind::Capacity))
        .find(|g| g.cohort.as_str() == "a")
        .expect("a is short");
    let words = crate::support::summary(of_a);
    assert!(words.contains("all taken (under 1 by `b`)"), "{words}");
    // 40 people for 4 places: 36 without, each cohort counted once.
    assert_eq!(r.gaps.of_kind(GapKind::Capacity).count(), 6);
    assert!(near(r.key.gaps.people_short_of_places, 36.0));
}

#[test]
fn one_cohort_holds_places_for_its_largest_need_among_the_stages_it_uses() {
    // 100 engagement, 100 job search, 50 in-work at one IPS service of 120 places: the cohort
    // holds max(100, 100, 50) = 100 places. No one is short; 20 places are free.
    let eco = load("examples/places-one-person.yaml");
    let reach = Reach::compute(&eco);
    let cap = allocate(&eco, &reach);
    assert!(cap.allocations.iter().all(|a| a.supply == Supply::Met));
    let served: Vec<f64> = cap.allocations.iter().map(|a| a.served).collect();
    assert!(near(served[0], 100.0) && near(served[1], 100.0) && near(served[2], 50.0));
    assert!(near(cap.held("smi", "ips"), 100.0));
    let ips = cap
        .services
        .iter()
        .find(|u| u.service.as_str() == "ips")
        .expect("ips is used");
    assert!(near(ips.free().unwrap_or(0.0), 20.0));
    assert!(
        analyse("examples/places-one-person.yaml")
            .gaps
            .gaps
            .is_empty()
    );
}

#[test]
fn people_are_counted_once_per_cohort() {
    // `young` (160) has no route to engagement (80), job search (64) or in-work (32): 80 people,
    // not 176; at most 160 if no one needed two of them.
    let r = analyse("examples/people-counted-once.yaml");
    assert_eq!(r.key.gaps.without_route, 3);
    assert!(near(r.key.gaps.people_without_route, 80.0));
    assert!(near(r.key.gaps.people_without_route_upper, 160.0));
    let md = ecomap(&["report", "examples/people-counted-once.yaml"]).stdout;
    assert!(md.contains("**80 people without a route**"), "{md}");
}

#[test]
fn what_if_counts_people_once_and_json_keeps_the_unrounded_need() {
    // smi (111) needs job search and in-work, 0.8 each: 88.8 people each, both only at `ips`.
    // Without `ips`, the same 88.8 people lose both: 89 newly without support in text (not 178),
    // 88.8 in the JSON.
    let text = ecomap(&[
        "what-if",
        "examples/people-counted-once.yaml",
        "--without",
        "ips",
    ]);
    let text = text.stdout;
    assert!(text.contains("People newly without support: 89."), "{text}");
    let json = ecomap(&[
        "what-if",
        "examples/people-counted-once.yaml",
        "--without",
        "ips",
        "--format",
        "json",
    ]);
    let v = json.json();
    let newly = v["people_newly_without"].as_f64().expect("a number");
    assert!(near(newly, 88.8), "{newly}");
    let gaps = ecomap(&[
        "gaps",
        "examples/people-counted-once.yaml",
        "--format",
        "json",
    ]);
    let g = gaps.json();
    // young × job search: 160 × 0.4 = 64 exactly; the JSON gives the figure as computed.
    let needs: Vec<f64> = g["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .filter_map(|x| x["need"].as_f64())
        .collect();
    assert_eq!(needs.len(), 3);
    assert!(near(needs[1], 64.0));
}

#[test]
fn national_places_are_notional_and_pairs_needed_for_capacity_are_not_concerns() {
    // examples/national-services.yaml: claimants can use the national jobcentre, so their job
    // search has no shortfall that can be worked out (a note); adults have the club and project
    // (160 places) for 100 people: met. No gaps.
    let r = analyse("examples/national-services.yaml");
    assert!(r.gaps.gaps.is_empty());
    let notes: Vec<(&str, Vec<&str>)> = r
        .gaps
        .capacity_unknown
        .iter()
        .map(|n| {
            (
                n.cohort.as_str(),
                n.national.iter().map(|s| s.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(notes, [("claimants", vec!["jobcentre"])]);
    // Overlaps: the jobcentre's pairs have no known places (never over-supplied, never needed),
    // so they are concerns on likeness alone (score 0), the larger spend first; club + project
    // have 160 places for the 250 people who can use either: needed for capacity, not a concern.
    let o = &r.overlaps;
    assert_eq!((o.concerns, o.needed, o.accepted), (2, 1, 0));
    let ranked: Vec<(&str, &str, bool, u32)> = o
        .overlaps
        .iter()
        .map(|x| {
            (
                x.services[0].as_str(),
                x.services[1].as_str(),
                x.needed,
                x.reason.score,
            )
        })
        .collect();
    assert_eq!(
        ranked,
        [
            ("jobcentre", "club", false, 0),
            ("jobcentre", "project", false, 0),
            ("club", "project", true, 2),
        ]
    );
    let first = &o.overlaps[0].reason;
    assert!(first.places.is_none() && !first.over_supply);
    assert_eq!(first.national, [ecomap::model::Id::from("jobcentre")]);
    assert!(near(o.overlaps[2].reason.surplus.unwrap_or(0.0), -90.0));
}

#[test]
fn cohort_stages_that_can_use_the_same_services_are_served_alike() {
    // `a` (30) and `b` (10) need job search and reach `s1` (12 places) and `s2` (8); `c` (20)
    // reaches only `s2`. 60 people for 20 places: every best split fills both services. The
    // fairest gives all three the same share: a third (a 10, b 10/3, c 20/3), which uses every
    // place (c's 20/3 at s2, and a and b 13 1/3 over s1's 12 and the 4/3 left at s2), and none
    // can rise without another falling. `a` and `b` can use exactly the same services and
    // nothing else ties them: they are served alike, each over s1 and s2 in the same proportion,
    // 12 : 4/3 = 9 : 1. So `a` gets 9 at s1 and 1 at s2, `b` 3 and 1/3. (Any split of their
    // 40/3 between s1 and s2 is as good, and the solver's vertex could give `a` all of s1.)
    // The money follows: s1's £12,000 and s2's £8,000 are £1,000 a place, so `a` is reached by
    // £10,000 and `b` by £3,333.33, the same £333.33 for each person needing support.
    let eco = crate::support::load_str(
        "area: { id: t, name: Test }
commissioners: { f: { name: F } }
services:
  s1: { name: S1, stages: [job-search], capacity: { people_per_year: 12 }, funding: [ { from: f, amount: 12000 } ] }
  s2: { name: S2, stages: [job-search], capacity: { people_per_year: 8 }, funding: [ { from: f, amount: 8000 } ] }
cohorts:
  a: { name: A, size: 30, needs: [job-search], enters_via: [s1, s2] }
  b: { name: B, size: 10, needs: [job-search], enters_via: [s1, s2] }
  c: { name: C, size: 20, needs: [job-search], enters_via: [s2] }
",
    );
    let cap = allocate(&eco, &Reach::compute(&eco));
    let by_service = |cohort: &str| -> Vec<(String, f64)> {
        let a = (cap.allocations.iter())
            .find(|a| a.cohort.as_str() == cohort)
            .expect("the cohort's allocation");
        (a.by_service.iter())
            .map(|(s, n)| (s.as_str().to_owned(), *n))
            .collect()
    };
    let expect = |cohort: &str, want: &[(&str, f64)]| {
        let got = by_service(cohort);
        assert_eq!(got.len(), want.len(), "{cohort}: {got:?}");
        for ((s, n), (ws, wn)) in got.iter().zip(want) {
            assert!(s == ws && near(*n, *wn), "{cohort}: {got:?}, not {want:?}");
        }
    };
    expect("a", &[("s1", 9.0), ("s2", 1.0)]);
    expect("b", &[("s1", 3.0), ("s2", 1.0 / 3.0)]);
    expect("c", &[("s2", 20.0 / 3.0)]);
    let (table, _) = ecomap::benchmarks::resolve(Some(&eco.map), &[]);
    let f = ecomap::analysis::funding::funding(&eco, &table);
    let per_person = |cohort: &str| {
        (f.cohorts.iter())
            .find(|c| c.id.as_str() == cohort)
            .and_then(|c| c.per_person)
            .expect("money per person")
    };
    assert_eq!(per_person("a"), ecomap::money::Money(33_333));
    assert_eq!(per_person("b"), ecomap::money::Money(33_333));
}

#[test]
fn twin_cohorts_are_served_alike_at_every_stage() {
    // `a` (30) and `b` (10) need engagement and job search, both offered by `s1` (12 places) and
    // `s2` (8); `c` (20) needs job search and reaches only `s2`. A place is one person whatever
    // stages they use there, so a place held by `a` or `b` meets two needs and one held by `c`
    // one: every best split gives all 20 places to `a` and `b` (40 needs met; `c` is left 20
    // short). The fairest gives `a` and `b` the same share, half: `a` 15 people at each stage,
    // `b` 5. `a` and `b` are twins (the same services stage for stage, needs 3 : 1), so each
    // holds the places of each service in that proportion: `a` 9 of s1's 12 and 6 of s2's 8,
    // `b` 3 and 2, at both stages. (Any split of the 20 places giving `a` 15 and `b` 5 is as
    // good: the solver's vertex could give `a` all of s1.)
    let eco = crate::support::load_str(
        "area: { id: t, name: Test }
services:
  s1: { name: S1, stages: [engagement, job-search], capacity: { people_per_year: 12 } }
  s2: { name: S2, stages: [engagement, job-search], capacity: { people_per_year: 8 } }
cohorts:
  a: { name: A, size: 30, needs: [engagement, job-search], enters_via: [s1, s2] }
  b: { name: B, size: 10, needs: [engagement, job-search], enters_via: [s1, s2] }
  c: { name: C, size: 20, needs: [job-search], enters_via: [s2] }
",
    );
    let cap = allocate(&eco, &Reach::compute(&eco));
    let expect = |cohort: &str, want: &[(&str, f64)]| {
        let of_cohort: Vec<_> = (cap.allocations.iter())
            .filter(|a| a.cohort.as_str() == cohort)
            .collect();
        assert_eq!(of_cohort.len(), 2, "{cohort}: two stages");
        for a in of_cohort {
            let got: Vec<(String, f64)> = (a.by_service.iter())
                .map(|(s, n)| (s.as_str().to_owned(), *n))
                .collect();
            assert_eq!(
                got.len(),
                want.len(),
                "{cohort} {}: {got:?}",
                a.stage.as_str()
            );
            for ((s, n), (ws, wn)) in got.iter().zip(want) {
                assert!(s == ws && near(*n, *wn), "{cohort}: {got:?}, not {want:?}");
            }
        }
    };
    expect("a", &[("s1", 9.0), ("s2", 6.0)]);
    expect("b", &[("s1", 3.0), ("s2", 2.0)]);
    let c = (cap.allocations.iter())
        .find(|a| a.cohort.as_str() == "c")
        .expect("c's allocation");
    assert!(near(c.served, 0.0) && near(c.shortfall(), 20.0));
}

#[test]
fn a_row_held_at_its_level_is_given_exactly_its_share() {
    // 004's worked example: `smi` (1,840 people) needs engagement and job search (0.3 each: 552)
    // and in-work support (0.15: 276) at `ips`, 440 places. A place is one person whatever stages
    // they use: the 440 people with a place take engagement and job search (440 of 552 each,
    // 112 short), and 276 of them in-work support. The figures are exact: the programmes hold a
    // row fixed at a level to within a billionth of its share, which on a need of 552 is half a
    // millionth of a person, and was shown as 439.999999 served and 112.000001 short.
    let eco = load("examples/ips-demand-004.yaml");
    let cap = allocate(&eco, &Reach::compute(&eco));
    let figures: Vec<(&str, f64, f64)> = (cap.allocations.iter())
        .map(|a| (a.stage.as_str(), a.served, a.shortfall()))
        .collect();
    assert_eq!(
        figures,
        [
            ("engagement", 440.0, 112.0),
            ("job-search", 440.0, 112.0),
            ("in-work", 276.0, 0.0)
        ]
    );
}

#[test]
fn a_cohort_stages_people_are_placed_at_its_services_in_order_of_id() {
    // `a` (10 places) offers engagement and job search, `b` (10) engagement and in-work. `c`
    // (20 people) needs engagement (a quarter: 5), job search and in-work (half each: 10); `d`
    // needs job search at `a` (10), `e` in-work at `b` (10). Neither service has room for all
    // who can use it (at `a`, `c` holds up to 10 places and `d` 10), so the places are shared.
    // The most needs met is 25: each service's 10 places, plus `c`'s 5 engagement, which the
    // people holding `c`'s places at either service take with no place more. The fairest gives
    // `c` and `d` 5 places each at `a`, and `c` and `e` 5 each at `b`: so `c` holds 5 at each,
    // and its engagement (5 people) could be served at either, or partly at both. The rule is
    // that its people are placed at its services in order of id, as many at each as `c` holds
    // there: all 5 at `a`, none at `b`.
    let eco = crate::support::load_str(
        "area: { id: t, name: Test }
services:
  a: { name: A, stages: [engagement, job-search], capacity: { people_per_year: 10 } }
  b: { name: B, stages: [engagement, in-work], capacity: { people_per_year: 10 } }
cohorts:
  c: { name: C, size: 20, needs: { engagement: 0.25, job-search: 0.5, in-work: 0.5 }, enters_via: [a, b] }
  d: { name: D, size: 10, needs: [job-search], enters_via: [a] }
  e: { name: E, size: 10, needs: [in-work], enters_via: [b] }
",
    );
    let cap = allocate(&eco, &Reach::compute(&eco));
    let at = |cohort: &str, stage: &str, service: &str| -> f64 {
        let a = (cap.allocations.iter())
            .find(|a| a.cohort.as_str() == cohort && a.stage.as_str() == stage)
            .expect("the cohort-stage's allocation");
        (a.by_service.iter())
            .filter(|(s, _)| s.as_str() == service)
            .map(|(_, n)| *n)
            .sum()
    };
    for (cohort, stage, service, people) in [
        ("c", "engagement", "a", 5.0),
        ("c", "engagement", "b", 0.0),
        ("c", "job-search", "a", 5.0),
        ("d", "job-search", "a", 5.0),
        ("c", "in-work", "b", 5.0),
        ("e", "in-work", "b", 5.0),
    ] {
        let got = at(cohort, stage, service);
        assert!(
            near(got, people),
            "{cohort} {stage} at {service}: {got}, not {people}"
        );
    }
}
