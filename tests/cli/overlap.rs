//! Overlap: each way two services can be alike on its own example, over-supply, the ranking and
//! accepted overlaps, worked out by hand; and the bundled Riverside map.

use crate::support::{analyse, ids, load_str, report_of};
use ecomap::analysis::overlap::{Overlap, Overlaps};
use ecomap::money::Money;

/// Whole pounds as money (minor units).
fn pounds(n: i64) -> Money {
    Money(n * 100)
}

fn only(o: &Overlaps) -> &Overlap {
    assert_eq!(o.overlaps.len(), 1, "{:#?}", o.overlaps);
    &o.overlaps[0]
}

fn pair(o: &Overlap) -> (&str, &str) {
    (o.services[0].as_str(), o.services[1].as_str())
}

#[test]
fn same_model() {
    // Two job clubs; 1000 × 0.1 = 100 people; 40 + 40 = 80 places: both needed.
    // Spend 10,000 + 12,000. One likeness: model.
    let r = analyse("examples/overlap-same-model.yaml");
    let o = only(&r.overlaps);
    assert_eq!(pair(o), ("church-club", "library-club"));
    assert_eq!(
        (o.people, o.reason.demand, o.reason.places, o.reason.surplus),
        (100.0, 100.0, Some(80), Some(-20.0))
    );
    assert!(!o.reason.over_supply);
    assert_eq!(o.spend, pounds(22_000));
    assert!(o.reason.alike.same_model);
    assert!(!o.reason.alike.same_eligibility && !o.reason.alike.same_provider);
    assert!(o.reason.alike.shared_funders.is_empty());
    assert_eq!(o.reason.score, 1);
}

#[test]
fn same_eligibility() {
    // Both `claimant`; 30 + 30 = 60 places for 100; spend 12,000 + 100,000.
    let r = analyse("examples/overlap-same-eligibility.yaml");
    let o = only(&r.overlaps);
    assert_eq!(pair(o), ("job-club", "programme"));
    assert!(o.reason.alike.same_eligibility && !o.reason.alike.same_model);
    assert_eq!(
        (o.reason.places, o.spend, o.reason.score),
        (Some(60), pounds(112_000), 1)
    );
}

#[test]
fn same_funder() {
    // The council funds both (the college coaching also from the ICB): 60,000 + 50,000 + 40,000.
    let r = analyse("examples/overlap-same-funder.yaml");
    let o = only(&r.overlaps);
    assert_eq!(pair(o), ("mind-employment", "college-coaching"));
    assert_eq!(ids(&o.reason.alike.shared_funders), ["council"]);
    assert!(
        !o.reason.alike.same_model
            && !o.reason.alike.same_eligibility
            && !o.reason.alike.same_provider
    );
    assert_eq!(
        (o.reason.places, o.spend, o.reason.score),
        (Some(70), pounds(150_000), 1)
    );
}

#[test]
fn same_provider() {
    // Local Mind runs both; 30 + 20 = 50 places; 60,000 + 20,000.
    let r = analyse("examples/overlap-same-provider.yaml");
    let o = only(&r.overlaps);
    assert!(o.reason.alike.same_provider);
    assert_eq!(o.reason.alike.count(), 1);
    assert_eq!(
        (o.reason.places, o.spend, o.reason.score),
        (Some(50), pounds(80_000), 1)
    );
}

#[test]
fn over_supply() {
    // 100 + 50 = 150 places for 100 people: surplus 50, two points, nothing alike.
    let r = analyse("examples/overlap-over-supply.yaml");
    let o = only(&r.overlaps);
    assert_eq!(
        (o.reason.places, o.reason.surplus, o.reason.over_supply),
        (Some(150), Some(50.0), true)
    );
    assert_eq!(o.reason.alike.count(), 0);
    assert_eq!(o.reason.score, 2);
    assert_eq!(o.spend, pounds(400_000));
}

#[test]
fn ranking() {
    // club-a + club-b: model, funder, provider = 3; 60 places < 100: both needed for capacity, so
    // not a concern, ranked after the concerns.
    // club-a + peers: eligibility (both open) = 1; 230 > 100 → +2 = 3; spend 15,000.
    // club-b + peers: 0 + 2 = 2.
    let r = analyse("examples/overlap-ranking.yaml");
    let ranked: Vec<(usize, (&str, &str), u32)> = r
        .overlaps
        .overlaps
        .iter()
        .map(|o| (o.rank, pair(o), o.reason.score))
        .collect();
    assert_eq!(
        ranked,
        [
            (1, ("club-a", "peers"), 3),
            (2, ("club-b", "peers"), 2),
            (3, ("club-a", "club-b"), 3),
        ]
    );
    assert_eq!((r.overlaps.concerns, r.overlaps.needed), (2, 1));
}

#[test]
fn accepted_overlaps_still_appear_after_the_concerns() {
    // ips + peer-support serve engagement to smi (accepted) and eip (not). The pair appears twice:
    // the concern first. Both cohorts can use both services: demand 50 + 30 = 80 against
    // 60 + 40 = 100 places, so both entries are over-supplied by 20 (score 2, nothing alike).
    let r = analyse("examples/overlap-accepted.yaml");
    let o = &r.overlaps;
    assert_eq!((o.concerns, o.accepted), (1, 1));
    let first = &o.overlaps[0];
    let second = &o.overlaps[1];
    assert_eq!(pair(first), ("ips", "peer-support"));
    assert!(!first.accepted);
    assert_eq!(first.shared[0].cohort.as_str(), "eip");
    assert_eq!(
        (first.people, first.reason.demand, first.reason.surplus),
        (30.0, 80.0, Some(20.0))
    );
    assert!(second.accepted);
    assert_eq!(second.shared[0].cohort.as_str(), "smi");
    assert_eq!(
        (second.people, second.reason.demand, second.reason.score),
        (50.0, 80.0, 2)
    );
    assert_eq!(
        second.accepted_reason.as_deref(),
        Some("Peer support complements IPS; people use both at once (004 §40d).")
    );
    // The acceptance of ips + college covers nothing.
    assert_eq!(o.unmatched_acceptances.len(), 1);
    assert_eq!(
        ids(&o.unmatched_acceptances[0].services),
        ["ips", "college"]
    );
}

#[test]
fn riverside_overlaps() {
    let r = analyse("maps/riverside");
    let o = &r.overlaps;
    // 36 pairs share at least one cohort-stage; one is accepted. The 16 pairs with a national
    // service have notional places: concerns. They are the jobcentre with job-club, youth-hub,
    // connect-to-work, ips and mind-employment (job search); access-to-work and atw-mhss with each
    // other and with workwell, tt-employment-advisers and ips-primary-care (retention for people
    // off sick), and with ips and connect-to-work (in-work support, which the out-of-work cohorts
    // can take from Access to Work once in work). Every other pair has no more places than the
    // people who can use either: needed for capacity (19).
    assert_eq!(
        (o.overlaps.len(), o.concerns, o.needed, o.accepted),
        (36, 16, 19, 1)
    );
    let accepted: Vec<_> = o.overlaps.iter().filter(|x| x.accepted).map(pair).collect();
    assert_eq!(accepted, [("ips", "mind-peer-support")]);
    // Accepted last.
    assert!(o.overlaps.last().is_some_and(|x| x.accepted));
    let find = |a: &str, b: &str| {
        o.overlaps
            .iter()
            .find(|x| pair(x) == (a, b))
            .unwrap_or_else(|| panic!("{a} + {b} overlap"))
    };
    // The evidence-poor models overlap with IPS for smi-secondary engagement.
    find("ips", "sheltered-work");
    find("ips", "day-service");
    // jobcentre + job-club: job search for five cohorts:
    // 504 + 186 + 435 + 70 + 240 = 1,435 people; same rule and funder (score 2, the jobcentre's
    // places notional) → rank 1.
    let jj = find("jobcentre", "job-club");
    assert_eq!(jj.shared.len(), 5);
    assert_eq!(jj.people, 1_435.0);
    assert_eq!(jj.rank, 1);
    assert!(jj.reason.alike.same_eligibility);
    assert_eq!(ids(&jj.reason.alike.shared_funders), ["dwp"]);
    // Ten pairs among the five retention services for common-off-sick.
    let retention = o
        .overlaps
        .iter()
        .filter(|x| x.shared.iter().any(|s| s.stage.as_str() == "retention"))
        .count();
    assert_eq!(retention, 10);
    // Ranks run 1..=36 in order.
    let ranks: Vec<usize> = o.overlaps.iter().map(|x| x.rank).collect();
    assert_eq!(ranks, (1..=36).collect::<Vec<_>>());
}

#[test]
fn a_pair_split_by_an_acceptance_has_one_demand_over_all_it_shares() {
    // s1 (30 places, secondary care only) and s2 (35 places, open) both offer engagement and job
    // search. c (100 people, secondary care) needs engagement 40 and job search 30; d (20, primary
    // care) needs job search 20, which only s2 gives it. The map accepts the pair for c ×
    // engagement only, so the pair is listed twice. A place serves every stage: c's people, 40 at
    // most, hold the pair's places whichever entry lists the stage, and d's 20 hold theirs. So
    // both entries weigh 65 places against 40 + 20 = 60 people: over-supplied by 5, not 15 for
    // the job-search entry (30 + 20) and 25 for the engagement one (40) as each alone would say.
    let yaml = "
area: { id: split, name: Split, currency: GBP }
commissioners:
  ca: { name: CA }
services:
  s1: { name: S1, model: supported-employment, stages: [engagement, job-search], eligibility: { care: secondary }, referral: { self: true }, capacity: { people_per_year: 30 }, funding: [ { from: ca, amount: 30000 } ] }
  s2: { name: S2, model: supported-employment, stages: [engagement, job-search], referral: { self: true }, capacity: { people_per_year: 35 }, funding: [ { from: ca, amount: 10000 } ] }
cohorts:
  c: { name: C, size: 100, attributes: { care: secondary }, needs: { engagement: 0.4, job-search: 0.3 } }
  d: { name: D, size: 20, attributes: { care: primary }, needs: { job-search: 1.0 } }
accepted_overlaps:
  - { services: [s1, s2], cohort: c, stage: engagement, reason: choice }
";
    let eco = crate::support::load_str(yaml);
    let o = ecomap::analysis::report::find_overlaps(&eco);
    assert_eq!(o.overlaps.len(), 2);
    for entry in &o.overlaps {
        assert_eq!(pair(entry), ("s1", "s2"));
        assert_eq!(entry.reason.places, Some(65));
        assert_eq!(entry.reason.demand, 60.0, "{entry:?}");
        assert_eq!(entry.reason.surplus, Some(5.0));
    }
}

#[test]
fn stages_past_a_word_are_shared_and_counted_alike() {
    // 70 stages of the map's own, so the ones shared here are numbered 66 and 67 (past the 64 a
    // word of bits holds). Cohort `k` (100 people) needs all 70 at 0.01 (1 person each); cohort
    // `j` (200) needs x67 at 0.5 (100) and x68 at 0.25 (50). Service `a` offers x66 and x67, `b`
    // x66, x67 and x68, both to anyone who walks in.
    // The pair shares x66 and x67 for k and x67 for j (x68 only at b). People concerned: k's
    // largest need of the two, 1, and j's 100: 101. Demand: everyone who can use either for x66
    // or x67, the same 101. Places 100 + 100 = 200 > 101: over-supplied by 99. Alike: both open
    // to all (same eligibility), models differ, no funder or provider: 1 + 2 for over-supply = 3.
    let mut yaml = String::from("area: { id: wide, name: Wide, illustrative: true }\nstages:\n");
    for n in 0..70 {
        yaml.push_str(&format!("  x{n}: {{ name: Stage {n} }}\n"));
    }
    yaml.push_str("cohorts:\n  k:\n    name: Many stages\n    size: 100\n    needs: {");
    let needs: Vec<String> = (0..70).map(|n| format!(" x{n}: 0.01")).collect();
    yaml.push_str(&needs.join(","));
    yaml.push_str(" }\n    enters_via: [gp]\n");
    yaml.push_str(
        "  j: { name: Two stages, size: 200, needs: { x67: 0.5, x68: 0.25 }, enters_via: [gp] }
services:
  gp: { name: GP, model: gateway, stages: [access], referral: { self: true } }
  a: { name: A, model: job-club, stages: [x66, x67], referral: { self: true }, capacity: { people_per_year: 100 } }
  b: { name: B, model: employment-adviser, stages: [x66, x67, x68], referral: { self: true }, capacity: { people_per_year: 100 } }
",
    );
    let r = report_of(&load_str(&yaml));
    let o = only(&r.overlaps);
    assert_eq!(pair(o), ("a", "b"));
    let shared: Vec<(&str, &str)> = (o.shared.iter())
        .map(|s| (s.cohort.as_str(), s.stage.as_str()))
        .collect();
    assert_eq!(shared, [("k", "x66"), ("k", "x67"), ("j", "x67")]);
    assert_eq!(
        (o.people, o.reason.demand, o.reason.places, o.reason.surplus),
        (101.0, 101.0, Some(200), Some(99.0))
    );
    assert!(o.reason.over_supply && o.reason.alike.same_eligibility);
    assert_eq!(o.reason.score, 3);
}
