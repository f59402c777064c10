//! Retendering: contracts ending in a window and what-if, on examples/retender.yaml with every
//! answer worked out by hand (the reasoning is in the comments, and in the map's header); the law
//! that removing a service that is a cohort's only route opens exactly that gap; what-if never
//! touches its input; the same map gives byte-identical output.

use std::path::Path;

use crate::support::{ecomap_cmd as ecomap, ids, load, load_str, root};
use ecomap::analysis::contracts::{OnlyRouteHow, Window, contracts};
use ecomap::analysis::gaps::GapKind;
use ecomap::analysis::report::find_gaps;
use ecomap::analysis::routes::Reach;
use ecomap::analysis::whatif::{Change, Removal, Shift, apply, gap_impact, what_if};
use ecomap::date::Date;
use ecomap::graph::Ecosystem;
use ecomap::model::Id;
use ecomap::money::Money;

const RETENDER: &str = "examples/retender.yaml";

fn date(s: &str) -> Date {
    Date::parse(s).expect("a date")
}

fn pounds(n: i64) -> Money {
    Money(n * 100)
}

fn without(services: &[&str]) -> Change {
    Change::Without {
        services: services.iter().map(|s| Id::from(*s)).collect(),
    }
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = ecomap().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn contracts_ending_in_the_year_from_april() {
    // The window is 2026-04-01 to 2027-04-01 (12 months). Five lines have end dates: hub/council
    // 2026-06-30, ips/icb 2026-09-30 and navigator/council 2026-12-31 fall in it; hub/icb
    // 2027-06-30 and club/council 2028-03-31 fall after it; club/icb ended 2026-03-31, before it.
    // skills/council has no end date.
    let eco = load(RETENDER);
    let c = contracts(&eco, Window::within_months(date("2026-04-01"), 12));
    assert_eq!(c.window.until, date("2027-04-01"));
    let ending: Vec<(&str, &str, String)> = c
        .ending
        .iter()
        .map(|e| {
            (
                e.line.service.as_str(),
                e.line.funder.as_str(),
                e.line.end.map(|d| d.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        ending,
        [
            ("hub", "council", "2026-06-30".to_owned()),
            ("ips", "icb", "2026-09-30".to_owned()),
            ("navigator", "council", "2026-12-31".to_owned()),
        ]
    );
    // £60,000 + £100,000 + £20,000.
    assert_eq!(c.ending_total, pounds(180_000));
    // April has 29 days left after the 1st, May 31, June 30: 90; then + 31 + 31 + 30 = 182; then
    // + 31 + 30 + 31 = 274.
    let days: Vec<i64> = c.ending.iter().map(|e| e.days_left).collect();
    assert_eq!(days, [90, 182, 274]);
    assert_eq!(c.ending_later, 2);
    let ended: Vec<(&str, &str)> = c
        .already_ended
        .iter()
        .map(|l| (l.service.as_str(), l.funder.as_str()))
        .collect();
    assert_eq!(ended, [("club", "icb")]);
    assert_eq!(c.already_ended[0].amount, pounds(5_000));
    let undated: Vec<&str> = c
        .without_end_date
        .iter()
        .map(|l| l.service.as_str())
        .collect();
    assert_eq!(undated, ["skills"]);
}

#[test]
fn each_contract_with_its_overlaps_and_only_routes() {
    let eco = load(RETENDER);
    let c = contracts(&eco, Window::within_months(date("2026-04-01"), 12));
    let [hub, ips, navigator] = &c.ending[..] else {
        panic!("three contracts: {:?}", c.ending);
    };

    // hub: £60,000 of its £100,000 from the council; icb pays the rest.
    assert!((hub.share_of_service - 0.6).abs() < 1e-12);
    assert_eq!(ids(&hub.other_funders), ["icb"]);
    // Overlap ranks: hub+club scores 4 (same eligibility, same funders, 130 places for 100
    // people), ips+hub 3 (same funder, 150 places for 110), ips+club 1 (same funder, 80 for 100).
    let with: Vec<(&str, usize)> = hub
        .overlaps
        .iter()
        .map(|o| (o.service.as_str(), o.rank))
        .collect();
    assert_eq!(with, [("club", 1), ("ips", 2)]);
    let shared: Vec<(&str, &str)> = hub.overlaps[0]
        .shared
        .iter()
        .map(|s| (s.cohort.as_str(), s.stage.as_str()))
        .collect();
    assert_eq!(
        shared,
        [("secondary", "job-search"), ("primary", "job-search")]
    );
    // Everyone the hub serves has another route (secondary: ips; primary: club), so it is no one's
    // only route. But without it `primary`'s 60 people needing job search share `club`'s 30 places
    // (`secondary`'s 40 go to `ips`): 30 people newly without a place.
    assert!(hub.only_route.is_empty());
    assert_eq!(hub.people_losing_only_route, 0.0);
    assert_eq!(hub.people_newly_without, 30.0);

    // ips: all of its funding, no other funder; overlaps hub (rank 2) and club (rank 3).
    assert!((ips.share_of_service - 1.0).abs() < 1e-12);
    assert!(ips.other_funders.is_empty());
    let with: Vec<&str> = ips.overlaps.iter().map(|o| o.service.as_str()).collect();
    assert_eq!(with, ["hub", "club"]);
    // The only service offering in-work: secondary × in-work (100 × 0.2 = 20 people) loses its
    // route; job search is still reached (hub, club), so the gap is one of continuity.
    assert_eq!(ips.only_route.len(), 1);
    let r = &ips.only_route[0];
    assert_eq!(
        (r.cohort.as_str(), r.stage.as_str()),
        ("secondary", "in-work")
    );
    assert_eq!(r.need, 20.0);
    assert_eq!(r.how, OnlyRouteHow::OnlyOption);
    assert_eq!(r.gap_after, GapKind::Continuity);
    assert_eq!(ips.people_losing_only_route, 20.0);
    assert_eq!(ips.people_newly_without, 20.0);

    // navigator offers no stage anyone needs, so it overlaps nothing; but `skills` takes
    // referrals only from it: primary × skills (200 × 0.1 = 20) would be unreachable.
    assert!(navigator.overlaps.is_empty());
    assert_eq!(navigator.only_route.len(), 1);
    let r = &navigator.only_route[0];
    assert_eq!((r.cohort.as_str(), r.stage.as_str()), ("primary", "skills"));
    assert_eq!(r.how, OnlyRouteHow::OnEveryChain);
    assert_eq!(r.gap_after, GapKind::Unreachable);
    assert_eq!(navigator.people_losing_only_route, 20.0);
}

#[test]
fn the_window_can_end_on_a_date_both_ends_included() {
    let eco = load(RETENDER);
    // Ending by 2026-09-30: hub (06-30) and ips (09-30, the last day itself).
    let c = contracts(
        &eco,
        Window {
            as_of: date("2026-04-01"),
            until: date("2026-09-30"),
            from: ecomap::period::AsOfFrom::Given,
        },
    );
    let services: Vec<&str> = c.ending.iter().map(|e| e.line.service.as_str()).collect();
    assert_eq!(services, ["hub", "ips"]);
    // From 2026-06-30 itself, for 3 months (to 2026-09-30): the same two.
    let c = contracts(&eco, Window::within_months(date("2026-06-30"), 3));
    assert_eq!(c.ending.len(), 2);
    // From the day after the hub's contract ends, it is no longer ending: it has ended.
    let c = contracts(&eco, Window::within_months(date("2026-07-01"), 3));
    let services: Vec<&str> = c.ending.iter().map(|e| e.line.service.as_str()).collect();
    assert_eq!(services, ["ips"]);
    assert!(c.already_ended.iter().any(|l| l.service.as_str() == "hub"));
}

#[test]
fn the_cli_window_options() {
    let doc = json(&[
        "contracts",
        RETENDER,
        "--as-of",
        "2026-04-01",
        "--ending-by",
        "2026-09-30",
        "--format",
        "json",
    ]);
    assert_eq!(doc["type"], "contracts");
    assert_eq!(doc["window"]["until"], "2026-09-30");
    assert_eq!(doc["ending"].as_array().map(Vec::len), Some(2));
    // The flattened line and its amount in pence.
    assert_eq!(doc["ending"][0]["service"], "hub");
    assert_eq!(doc["ending"][0]["amount"], 6_000_000);
    let doc = json(&[
        "contracts",
        RETENDER,
        "--as-of",
        "2026-04-01",
        "--within",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(doc["window"]["until"], "2026-07-01");
    assert_eq!(doc["ending"].as_array().map(Vec::len), Some(1));
    // A window ending before it starts, and a date that is no day, are usage errors.
    let (code, _, err) = run(&[
        "contracts",
        RETENDER,
        "--as-of",
        "2026-04-01",
        "--ending-by",
        "2026-01-01",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("before the window starts"), "{err}");
    let (code, _, _) = run(&["contracts", RETENDER, "--as-of", "2026-02-30"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&[
        "contracts",
        RETENDER,
        "--within",
        "3",
        "--ending-by",
        "2026-09-30",
    ]);
    assert_eq!(code, 2, "--within and --ending-by conflict");
}

#[test]
fn without_as_of_or_a_period_the_window_starts_today() {
    // The tests' today is SOURCE_DATE_EPOCH = 1,767,225,600 s = 20,454 days after 1970-01-01,
    // 2026-01-01; examples/retender.yaml gives no area.period.
    let doc = json(&["contracts", RETENDER, "--format", "json"]);
    let as_of = doc["window"]["as_of"].as_str().expect("a date").to_owned();
    assert_eq!(as_of, Date::from_days_since_epoch(20_454).to_string());
    assert_eq!(as_of, "2026-01-01");
    assert_eq!(doc["window"]["from"], "today");
    let until = Date::parse(doc["window"]["until"].as_str().expect("a date")).expect("a date");
    assert_eq!(until, Date::parse(&as_of).expect("a date").add_months(12));
}

#[test]
fn the_council_withdraws() {
    // The council funds navigator (£20,000) and skills (£30,000) alone: both go. It co-funds hub
    // (£60,000 of £100,000: 40% left, places 100 × 0.4 = 40) and club (£10,000 of £15,000: a third
    // left, places 30 × 5,000 ÷ 15,000 = 10). Saved: 20,000 + 30,000 + 60,000 + 10,000 = £120,000.
    let eco = load(RETENDER);
    let w = what_if(
        &eco,
        &Change::Withdraw {
            commissioner: Id::from("council"),
        },
    )
    .expect("council is on the map");
    let removed: Vec<(&str, Removal)> = w.removed.iter().map(|r| (r.id.as_str(), r.why)).collect();
    assert_eq!(
        removed,
        [
            ("navigator", Removal::FundedAlone),
            ("skills", Removal::FundedAlone)
        ]
    );
    let reduced: Vec<(&str, Money, Option<u64>, Option<u64>)> = w
        .reduced
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.spend_after,
                r.places_before,
                r.places_after,
            )
        })
        .collect();
    assert_eq!(
        reduced,
        [
            ("hub", pounds(40_000), Some(100), Some(40)),
            ("club", pounds(5_000), Some(30), Some(10)),
        ]
    );
    assert_eq!(w.spend_before, pounds(265_000));
    assert_eq!(w.spend_after, pounds(145_000));
    assert_eq!(w.saved, pounds(120_000));
    assert!(w.passed_on.is_empty());
    // Before: no gaps (job search: 100 people, 180 places; skills: 20 people, 40 places).
    // After: primary × job-search has hub's 40 + club's 10 = 50 places for 60 (secondary's 40 are
    // all served by ips): 10 short. primary × skills: no service offers skills any more.
    assert_eq!(
        w.before.gaps.without_route + w.before.gaps.short_of_places,
        0
    );
    let changes: Vec<(&str, &str, Shift, Option<GapKind>, f64)> = w
        .changes
        .iter()
        .map(|c| {
            (
                c.cohort.as_str(),
                c.stage.as_str(),
                c.shift,
                c.after,
                c.people_after,
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                "primary",
                "job-search",
                Shift::Opened,
                Some(GapKind::Capacity),
                10.0
            ),
            (
                "primary",
                "skills",
                Shift::Opened,
                Some(GapKind::NoService),
                20.0
            ),
        ]
    );
    // People newly without support, counted once per cohort: primary's 10 without a place for
    // job search are among its 20 without skills support (the larger of the two), so 20, not 30.
    assert_eq!(w.people_newly_without, 20.0);
    assert_eq!(w.people_newly_supported, 0.0);
    // The same pairs still overlap (hub, club and ips all remain).
    assert!(w.overlaps_ended.is_empty());
}

#[test]
fn money_passed_to_another_commissioner_is_lost_where_it_is_spent() {
    // examples/funding.yaml: NHS England funds no service directly, only the ICB (£60,000). The
    // ICB's pool is NHS England £60,000 : its own £40,000 (60%), so the hub's £54,000 from the ICB
    // carries £32,400 of NHS England's money and IPS's £46,000 carries £27,600 (examples/funding
    // header). When NHS England withdraws, that money goes from where it was spent: the hub
    // £90,000 → £57,600 (places 100 × 57,600 ÷ 90,000 = 64), IPS £46,000 → £18,400 (places
    // 10 × 18,400 ÷ 46,000 = 4). Saved: £60,000, all of it through the ICB.
    let eco = load("examples/funding.yaml");
    let w = what_if(
        &eco,
        &Change::Withdraw {
            commissioner: Id::from("nhse"),
        },
    )
    .expect("nhse is on the map");
    assert!(w.removed.is_empty());
    let reduced: Vec<(&str, Money, Option<u64>)> = w
        .reduced
        .iter()
        .map(|r| (r.id.as_str(), r.spend_after, r.places_after))
        .collect();
    assert_eq!(
        reduced,
        [
            ("hub", pounds(57_600), Some(64)),
            ("ips", pounds(18_400), Some(4))
        ]
    );
    type Lost<'a> = Vec<(&'a str, Money, Vec<(&'a str, Money)>)>;
    let lost: Lost<'_> = w
        .money_lost
        .iter()
        .map(|l| {
            let through = l
                .through
                .iter()
                .map(|a| (a.id.as_str(), a.amount))
                .collect();
            (l.id.as_str(), l.lost, through)
        })
        .collect();
    assert_eq!(
        lost,
        [
            ("hub", pounds(32_400), vec![("icb", pounds(32_400))]),
            ("ips", pounds(27_600), vec![("icb", pounds(27_600))])
        ]
    );
    assert_eq!(w.passed_on.len(), 1);
    assert_eq!(w.passed_on[0].commissioner.as_str(), "icb");
    assert_eq!(w.passed_on[0].amount, pounds(60_000));
    assert_eq!(w.passed_on_total, pounds(60_000));
    assert_eq!(w.saved, pounds(60_000));
    let m = apply(
        &eco.map,
        &Change::Withdraw {
            commissioner: Id::from("nhse"),
        },
    )
    .expect("applies");
    assert!(m.map.commissioners["icb"].funded_by.is_empty());
}

/// A cohort with exactly one route to `in-work`: `ips`, through the GP. `club` gives job search.
const ONLY_ROUTE: &str = r"
area: { id: t, name: T }
commissioners:
  icb: { name: ICB, kind: nhs }
cohorts:
  c:
    name: C
    size: 100
    attributes: { care: secondary }
    needs: { job-search: 0.5, in-work: 0.25 }
    enters_via: [gp]
services:
  gp: { name: GP, model: gateway, stages: [access], referral: { self: true } }
  ips:
    name: IPS
    model: ips
    stages: [in-work]
    referral: { from: [gp] }
    funding: [ { from: icb, amount: 1000 } ]
  club:
    name: Club
    model: job-club
    stages: [job-search]
    referral: { self: true, from: [gp] }
    funding: [ { from: icb, amount: 500 } ]
accepted_overlaps:
  - services: [ips, club]
    reason: kept for the test
";

#[test]
fn removing_the_only_route_opens_exactly_that_gap() {
    // c × in-work: 100 × 0.25 = 25 people, whose one route is ips. Without ips they still reach
    // job search (club), so the one new gap is a continuity gap of 25 people; nothing else moves.
    let eco = load_str(ONLY_ROUTE);
    let w = what_if(&eco, &without(&["ips"])).expect("ips is on the map");
    assert_eq!(w.changes.len(), 1, "{:?}", w.changes);
    let c = &w.changes[0];
    assert_eq!((c.cohort.as_str(), c.stage.as_str()), ("c", "in-work"));
    assert_eq!(
        (c.shift, c.before, c.after),
        (Shift::Opened, None, Some(GapKind::Continuity))
    );
    assert_eq!((c.people_before, c.people_after, c.need), (0.0, 25.0, 25.0));
    assert_eq!(w.people_newly_without, 25.0);
    assert_eq!(w.saved, Money(100_000));
    // Without the job club instead, job search goes; in-work has no job-search route to follow
    // now, so it is not a continuity gap either: one gap, c × job-search, no service offers it.
    let w = what_if(&eco, &without(&["club"])).expect("club is on the map");
    let moved: Vec<(&str, Option<GapKind>)> = w
        .changes
        .iter()
        .map(|c| (c.stage.as_str(), c.after))
        .collect();
    assert_eq!(moved, [("job-search", Some(GapKind::NoService))]);
}

/// A cohort that already lacks one stage loses another; a second cohort is left short of places.
const LOSS_BESIDE_A_GAP: &str = "
area: { id: loss, name: Loss beside a gap }
commissioners: { c: { name: C }, d: { name: D } }
services:
  gp: { name: GP, model: gateway, stages: [access], referral: { self: true } }
  js: { name: JS, model: job-club, stages: [job-search], referral: { self: true },
        capacity: { people_per_year: 100 }, funding: [ { from: c, amount: 1000, contract: { end: 2026-06-30 } } ] }
  js2: { name: JS2, model: job-club, stages: [job-search], eligibility: { care: primary },
         referral: { self: true }, capacity: { people_per_year: 30 }, funding: [ { from: d, amount: 500 } ] }
  iw: { name: IW, stages: [in-work], referral: { self: true }, capacity: { people_per_year: 100 },
        funding: [ { from: c, amount: 1000 } ] }
cohorts:
  y: { name: Y, size: 160, attributes: { care: secondary },
       needs: { engagement: 0.5, job-search: 0.4, in-work: 0.1 }, enters_via: [gp] }
  p: { name: P, size: 100, attributes: { care: primary }, needs: { job-search: 0.5 }, enters_via: [gp] }
";

#[test]
fn people_losing_a_stage_are_newly_without_it_whatever_they_lacked_before() {
    // Before: no service offers engagement, so y × engagement is a gap of 160 × 0.5 = 80 people.
    // js (100 places) and js2 (30, primary care only) serve job search: y needs 64 (only js
    // takes it), p needs 50; 130 places for 114 people, all served.
    // Without js: y × job-search loses its only route, 64 people, who had job-search support and
    // now have none (that y already lacked engagement does not make them any less without it);
    // p has js2's 30 places for its 50: 20 short. Each cohort counted once, at its largest rise:
    // y 64 (only one stage rose), p 20: 84 people newly without support. Counting each cohort's
    // gaps once before and after instead would give y max(80, 64) − 80 = 0 and hide the 64.
    let eco = load_str(LOSS_BESIDE_A_GAP);
    let w = what_if(&eco, &without(&["js"])).expect("js is on the map");
    assert_eq!(w.people_newly_without, 84.0);
    assert_eq!(w.people_newly_supported, 0.0);
    // contracts says the same of js's contract (ending 2026-06-30), and never fewer people in
    // all than lose their only route (y's 64).
    let window = Window::within_months(date("2026-04-01"), 12);
    let c = contracts(&eco, window);
    assert_eq!(c.ending.len(), 1);
    let js = &c.ending[0];
    assert_eq!(js.line.service.as_str(), "js");
    assert_eq!(js.people_losing_only_route, 64.0);
    assert_eq!(js.people_newly_without, 84.0);
}

#[test]
fn a_removed_service_leaves_no_reference_behind() {
    // Removing the GP: `c` enters nowhere now, `club` and `ips` no longer take referrals from it,
    // and the acceptance naming ips and club stays (both still on the map). Removing ips as well
    // leaves the acceptance naming one service: it goes.
    let eco = load_str(ONLY_ROUTE);
    let m = apply(&eco.map, &without(&["gp"])).expect("applies").map;
    assert!(m.cohorts["c"].enters_via.is_empty());
    assert!(m.services["ips"].referral.from.is_empty());
    assert!(m.services["club"].referral.from.is_empty());
    assert_eq!(m.accepted_overlaps.len(), 1);
    let m = apply(&eco.map, &without(&["ips", "gp"]))
        .expect("applies")
        .map;
    assert!(m.accepted_overlaps.is_empty());
    let left: Vec<&str> = m.services.keys().map(Id::as_str).collect();
    assert_eq!(left, ["club"]);
    assert!(Ecosystem::new(m).verify().is_empty());
    // The map analysed is untouched.
    assert_eq!(eco.map.services.len(), 3);
    // An id that is not on the map is an error, not a silent no-op.
    assert!(apply(&eco.map, &without(&["nope"])).is_err());
    assert!(
        apply(
            &eco.map,
            &Change::Withdraw {
                commissioner: Id::from("nope")
            }
        )
        .is_err()
    );
}

/// Every example map and Riverside, for the laws below.
fn every_map() -> Vec<String> {
    let mut maps: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|p| {
            p.file_name()
                .map(|n| format!("examples/{}", n.to_string_lossy()))
        })
        .collect();
    maps.sort();
    maps.push("maps/riverside".to_owned());
    maps
}

#[test]
fn removing_any_service_opens_a_gap_wherever_it_was_the_only_option() {
    // On every bundled map, for every service: each cohort-stage whose only option was that
    // service has a no-route gap afterwards; no cohort-stage without a route gains one (taking a
    // service away never adds a route); the money saved is the service's funding; the modified
    // graph keeps its invariants.
    for path in every_map() {
        let eco = load(&path);
        let reach = Reach::compute(&eco);
        for (si, s) in eco.map.services.values().enumerate() {
            let w = what_if(&eco, &without(&[s.id.as_str()])).expect("on the map");
            assert_eq!(w.saved, s.spend(), "{path} without {}", s.id);
            for (ci, c) in eco.map.cohorts.values().enumerate() {
                for stage in c.needs.keys() {
                    let only = reach.options(&eco, ci, stage.as_str()) == [si];
                    let change = w
                        .changes
                        .iter()
                        .find(|g| g.cohort == c.id && &g.stage == stage);
                    if only {
                        let after = change.and_then(|g| g.after);
                        assert!(
                            after.is_some_and(|k| k != GapKind::Capacity),
                            "{path} without {}: {} × {stage} should lose its route, got {change:?}",
                            s.id,
                            c.id
                        );
                    }
                    if let Some(g) = change {
                        let had_route = matches!(g.before, None | Some(GapKind::Capacity));
                        assert!(
                            had_route || g.after.is_some_and(|k| k != GapKind::Capacity),
                            "{path} without {}: {} × {stage} gained a route: {g:?}",
                            s.id,
                            c.id
                        );
                    }
                }
            }
            let m = apply(&eco.map, &without(&[s.id.as_str()]))
                .expect("applies")
                .map;
            assert!(
                !m.services.values().any(|x| x.referral.from.contains(&s.id)),
                "{path}: a referral to {} is left",
                s.id
            );
            assert!(Ecosystem::new(m).verify().is_empty(), "{path}");
        }
    }
}

#[test]
fn the_light_impact_agrees_with_the_full_what_if() {
    // `contracts` asks only for the gap changes of each service's loss; they must be the what-if's.
    let eco = load("maps/riverside");
    let before = find_gaps(&eco).gaps;
    for id in ["ips", "youth-hub", "jobcentre", "gp"] {
        let change = without(&[id]);
        let full = what_if(&eco, &change).expect("on the map");
        let light = gap_impact(&eco, &before, &change).expect("on the map");
        assert_eq!(
            format!("{:?}", light.changes),
            format!("{:?}", full.changes),
            "{id}"
        );
        assert_eq!(light.people_newly_without, full.people_newly_without);
        assert_eq!(light.people_newly_supported, full.people_newly_supported);
    }
}

fn read(p: &Path) -> (Vec<u8>, std::time::SystemTime) {
    let bytes = std::fs::read(p).expect("readable");
    let modified = std::fs::metadata(p)
        .and_then(|m| m.modified())
        .expect("a modification time");
    (bytes, modified)
}

#[test]
fn what_if_never_changes_its_input() {
    // A copy of the map in a temporary folder, run through what-if in every format and with -o:
    // the file's bytes and modification time are as before, and -o naming the map itself is
    // refused.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let map = dir.path().join("map.yaml");
    std::fs::copy(root().join(RETENDER), &map).expect("copied");
    let before = read(&map);
    let map_arg = map.to_string_lossy().into_owned();
    for change in [["--without", "ips"], ["--withdraw", "council"]] {
        for format in ["text", "json", "csv", "markdown"] {
            let (code, out, err) = run(&[
                "what-if", &map_arg, change[0], change[1], "--format", format,
            ]);
            assert_eq!(code, 0, "{err}");
            assert!(!out.is_empty());
        }
    }
    let out_file = dir.path().join("impact.md");
    let (code, _, err) = run(&[
        "what-if",
        &map_arg,
        "--without",
        "hub",
        "--format",
        "markdown",
        "-o",
        &out_file.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out_file.exists());
    let (code, _, err) = run(&["what-if", &map_arg, "--without", "hub", "-o", &map_arg]);
    assert_eq!(code, 2);
    assert!(err.contains("never writes over its input"), "{err}");
    assert_eq!(read(&map), before, "the map file changed");
}

#[test]
fn unknown_ids_are_usage_errors_with_a_suggestion() {
    let (code, _, err) = run(&["what-if", RETENDER, "--without", "hubb"]);
    assert_eq!(code, 2);
    assert!(err.contains("`hubb`") && err.contains("hub"), "{err}");
    let (code, _, err) = run(&["what-if", RETENDER, "--withdraw", "counsil"]);
    assert_eq!(code, 2);
    assert!(err.contains("council"), "{err}");
    // One of --without and --withdraw is needed, and not both.
    assert_eq!(run(&["what-if", RETENDER]).0, 2);
    assert_eq!(
        run(&["what-if", RETENDER, "--without", "hub", "--withdraw", "icb"]).0,
        2
    );
}

#[test]
fn same_map_same_bytes_in_every_format() {
    for format in ["text", "json", "csv", "markdown"] {
        for args in [
            vec!["contracts", RETENDER, "--as-of", "2026-04-01"],
            vec!["what-if", RETENDER, "--withdraw", "council"],
            vec!["what-if", "maps/riverside", "--without", "ips"],
            vec!["contracts", "maps/riverside", "--as-of", "2026-04-01"],
        ] {
            let mut args = args.clone();
            args.extend(["--format", format]);
            let a = run(&args);
            let b = run(&args);
            assert_eq!(a.0, 0, "{args:?}: {}", a.2);
            assert_eq!(a.1, b.1, "{args:?} differs between runs");
        }
    }
}

#[test]
fn text_markdown_and_csv_carry_the_answers() {
    let (_, text, _) = run(&["contracts", RETENDER, "--as-of", "2026-04-01"]);
    assert!(
        text.contains("3 contracts ending from 2026-04-01 to 2027-04-01"),
        "{text}"
    );
    assert!(text.contains("£180,000 a year"), "{text}");
    assert!(text.contains("secondary × in-work: 20 people"), "{text}");
    let (_, csv, _) = run(&[
        "contracts",
        RETENDER,
        "--as-of",
        "2026-04-01",
        "--format",
        "csv",
    ]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("end,days_left,service"))
    );
    assert_eq!(
        lines.next(),
        Some(
            "2026-06-30,90,hub,Employment hub,council,Borough Council,60000.00,0.6,icb,club; ips,0,,0,30"
        )
    );
    let (_, md, _) = run(&[
        "what-if",
        RETENDER,
        "--withdraw",
        "council",
        "--format",
        "markdown",
    ]);
    assert!(
        md.starts_with("# What if: council withdraws its funding\n"),
        "{md}"
    );
    // The council is a top funder: all the £120,000 it withdraws from services is its own.
    assert!(
        md.contains(
            "**Money withdrawn from services:** £120,000 a year, all of it council's own money."
        ),
        "{md}"
    );
    assert!(
        md.contains("| primary | skills | new gap | no gap → no-service (20 people) |"),
        "{md}"
    );
}

#[test]
fn names_from_the_map_are_escaped() {
    // A service whose name is markup and a formula: Markdown shows it as text, CSV defuses it.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let map = dir.path().join("map.yaml");
    let yaml = std::fs::read_to_string(root().join(RETENDER))
        .expect("readable")
        .replace(
            "name: Employment hub",
            "name: \"=HYPERLINK(1) <b>*hub*</b> | x\"",
        );
    std::fs::write(&map, yaml).expect("written");
    let m = map.to_string_lossy().into_owned();
    let (code, md, err) = run(&[
        "contracts",
        &m,
        "--as-of",
        "2026-04-01",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.contains("=HYPERLINK(1) &lt;b&gt;\\*hub\\*&lt;/b&gt; \\| x"),
        "{md}"
    );
    assert!(!md.contains("<b>"));
    let (_, csv, _) = run(&["contracts", &m, "--as-of", "2026-04-01", "--format", "csv"]);
    assert!(csv.contains(",'=HYPERLINK(1) <b>*hub*</b> | x,"), "{csv}");
}

/// A map where the service whose contract ends, `hub`, and 22 coaches all offer job search to the
/// one cohort, each open to it and reached by self-referral.
fn many_overlaps() -> String {
    let mut map = String::from(
        "area: { id: county, name: County, illustrative: true }
commissioners:
  council: { name: County Council, kind: local_authority }
cohorts:
  townsfolk:
    name: People in town
    size: 100
    attributes: { care: primary }
    needs: { job-search: 0.5 }
    enters_via: [gp]
services:
  gp: { name: GP, model: gateway, stages: [access], referral: { self: true } }
  hub:
    name: Employment hub
    model: work-coach
    stages: [job-search]
    referral: { self: true }
    funding:
      - from: council
        amount: 60000
        contract: { start: 2024-07-01, end: 2026-06-30 }
",
    );
    for i in 1..=22 {
        map.push_str(&format!(
            "  coach-{i:02}: {{ name: Coach {i}, model: work-coach, stages: [job-search], referral: {{ self: true }} }}\n"
        ));
    }
    map
}

#[test]
fn a_long_list_of_overlaps_keeps_the_first_twenty_and_counts_the_rest() {
    // One contract ends in the year from 2026-04-01: hub's, on 2026-06-30. hub offers job search
    // to `townsfolk`, and so does each of the 22 coaches: hub overlaps 22 services. Twenty are
    // listed, in the ranking's order, and the other 2 counted; `--all` lists all 22.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("county.yaml");
    std::fs::write(&path, many_overlaps()).expect("the map written");
    let map = path.to_str().expect("a UTF-8 path");
    let base = ["contracts", map, "--as-of", "2026-04-01"];
    fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
        base.iter().chain(more).copied().collect()
    }
    let listed = |doc: &serde_json::Value| -> Vec<String> {
        let ending = doc["ending"].as_array().expect("ending");
        assert_eq!(ending.len(), 1, "{ending:?}");
        assert_eq!(ending[0]["service"], "hub");
        (ending[0]["overlaps"].as_array().expect("overlaps").iter())
            .map(|o| o["service"].as_str().expect("a service").to_owned())
            .collect()
    };

    let all = json(&with(&base, &["--format", "json", "--all"]));
    let every = listed(&all);
    let mut coaches: Vec<String> = (1..=22).map(|i| format!("coach-{i:02}")).collect();
    let mut sorted = every.clone();
    sorted.sort();
    coaches.sort();
    assert_eq!(
        sorted, coaches,
        "--all lists every overlapping service once"
    );
    assert!(all["ending"][0].get("overlaps_left_out").is_none());

    let some = json(&with(&base, &["--format", "json"]));
    assert_eq!(
        listed(&some),
        every[..20],
        "the first twenty of the ranking"
    );
    assert_eq!(some["ending"][0]["overlaps_left_out"], 2);
    // Nothing else of the contract depends on the list.
    for field in [
        "people_newly_without",
        "people_losing_only_route",
        "only_route",
    ] {
        assert_eq!(some["ending"][0][field], all["ending"][0][field], "{field}");
    }

    let words = "2 more services, lower in the ranking; `--all` lists every one";
    let (code, text, err) = run(&base);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains(&format!("overlaps: {words}")), "{text}");
    assert_eq!(text.matches("  overlaps: coach-").count(), 20, "{text}");
    let (_, text_all, _) = run(&with(&base, &["--all"]));
    assert!(!text_all.contains("more services, lower"), "{text_all}");
    assert_eq!(
        text_all.matches("  overlaps: coach-").count(),
        22,
        "{text_all}"
    );
    let (_, markdown, _) = run(&with(&base, &["--format", "markdown"]));
    assert!(markdown.contains(words), "{markdown}");
    let (_, csv, _) = run(&with(&base, &["--format", "csv"]));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let column = (header.iter())
        .position(|h| *h == "overlapping_services_not_listed")
        .expect("the column");
    let row = lines.next().expect("a row");
    // The list of services holds no comma (they are joined by "; "), so the row splits cleanly.
    assert_eq!(row.split(',').nth(column), Some("2"), "{csv}");
}

#[test]
fn an_id_of_another_kind_is_named_for_what_it_is() {
    // On the bundled map `council` is a commissioner and `ips` a service: each given to the other
    // option of what-if is a usage error (exit 2) that names the option it belongs to.
    let (code, _, err) = run(&["what-if", "maps/riverside", "--without", "council"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "`council` is a commissioner, not a service: `--withdraw council` asks what if it withdraws its money"
        ),
        "{err}"
    );
    let (code, _, err) = run(&["what-if", "maps/riverside", "--withdraw", "ips"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "`ips` is a service, not a commissioner: `--without ips` asks what if it goes"
        ),
        "{err}"
    );
    // Elsewhere the id's kind is said: `council` is not a service to ask eligibility of.
    let (code, _, err) = run(&["eligibility", "maps/riverside", "--service", "council"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`council` is a commissioner on the map, not a service; give a service's id"),
        "{err}"
    );
    // An id that is nothing on the map: the ids there are, as before.
    let (code, _, err) = run(&["what-if", "maps/riverside", "--without", "nothing"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("there is no service `nothing` on the map"),
        "{err}"
    );
    // An id in capitals: the id it stands for, capitals ignored.
    let (code, _, err) = run(&["what-if", "maps/riverside", "--without", "IPS"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("there is no service `IPS` on the map; did you mean `ips`"),
        "{err}"
    );
}
