//! `what-if --withdraw`: a funder's money goes all the way down (examples/withdraw.yaml), exactly
//! along earmarks and pro rata through pooled money, and the output names the money each service
//! loses and the cohort-stages left with no route.

use ecomap::analysis::whatif::{Change, Removal, WhatIf, what_if};
use ecomap::model::Id;
use ecomap::money::Money;

use crate::support::{ecomap, load};

fn pounds(p: i64) -> Money {
    Money(p * 100)
}

fn withdraw(commissioner: &str) -> WhatIf {
    let eco = load("examples/withdraw.yaml");
    what_if(
        &eco,
        &Change::Withdraw {
            commissioner: Id::from(commissioner),
        },
    )
    .expect("the commissioner is on the map")
}

/// (service, lost, after, [(through, amount)]) for each service that loses money.
type Losses<'a> = Vec<(&'a str, Money, Money, Vec<(&'a str, Money)>)>;

fn losses(w: &WhatIf) -> Losses<'_> {
    w.money_lost
        .iter()
        .map(|l| {
            let through = l
                .through
                .iter()
                .map(|a| (a.id.as_str(), a.amount))
                .collect();
            (l.id.as_str(), l.lost, l.after, through)
        })
        .collect()
}

#[test]
fn a_funder_of_earmarked_money_takes_exactly_that_money_away() {
    // examples/withdraw.yaml: DWP pays the jobcentre £50,000 itself and gives the ICB £40,000 for
    // workwell alone. Withdrawn: the jobcentre loses £50,000 and workwell exactly its £40,000 (the
    // earmark), each left with nothing, so both go; ips, paid from the ICB's pool of NHS England's
    // £60,000 and the ICB's own £20,000, loses nothing. Saved £50,000 + £40,000 = £90,000.
    let w = withdraw("dwp");
    assert_eq!(
        losses(&w),
        [
            (
                "jobcentre",
                pounds(50_000),
                Money::ZERO,
                vec![("dwp", pounds(50_000))]
            ),
            (
                "workwell",
                pounds(40_000),
                Money::ZERO,
                vec![("icb", pounds(40_000))]
            ),
        ]
    );
    let removed: Vec<(&str, Removal)> = w.removed.iter().map(|r| (r.id.as_str(), r.why)).collect();
    assert_eq!(
        removed,
        [
            ("jobcentre", Removal::FundedAlone),
            ("workwell", Removal::FundedAlone)
        ]
    );
    assert!(w.reduced.is_empty());
    assert_eq!(w.saved, pounds(90_000));
    // Claimants enter at the jobcentre and reach ips only by its referral: with the jobcentre
    // gone, job search (100 × 0.3 = 30 people) has no route. workwell was the only service giving
    // retention to the people off sick (100 × 0.2 = 20).
    let lost: Vec<(&str, &str, f64, Vec<&str>)> = w
        .routes_lost
        .iter()
        .map(|r| {
            (
                r.cohort.as_str(),
                r.stage.as_str(),
                r.need,
                r.services.iter().map(|s| s.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        lost,
        [
            ("claimants", "job-search", 30.0, vec!["jobcentre", "ips"]),
            ("off-sick", "retention", 20.0, vec!["workwell"]),
        ]
    );
}

#[test]
fn a_funder_of_pooled_money_takes_its_share_of_every_service_paid_from_the_pool() {
    // Withdrawing NHS England: its £60,000 is 75% of the ICB's pool (with the ICB's own £20,000),
    // all of which pays ips (£80,000): ips loses £60,000 through the ICB, keeps £20,000, and its
    // 100 places shrink to 100 × 20,000 ÷ 80,000 = 25. workwell's £40,000 is DWP's earmarked grant
    // and stays. No route is lost: 30 claimants need job search and the jobcentre has 100 places.
    let w = withdraw("nhse");
    assert_eq!(
        losses(&w),
        [(
            "ips",
            pounds(60_000),
            pounds(20_000),
            vec![("icb", pounds(60_000))]
        )]
    );
    let reduced: Vec<(&str, Option<u64>, Option<u64>)> = w
        .reduced
        .iter()
        .map(|r| (r.id.as_str(), r.places_before, r.places_after))
        .collect();
    assert_eq!(reduced, [("ips", Some(100), Some(25))]);
    assert!(w.removed.is_empty());
    assert_eq!(w.saved, pounds(60_000));
    assert!(w.routes_lost.is_empty());
}

#[test]
fn the_output_lists_the_money_lost_and_the_routes_lost() {
    let run = ecomap(&["what-if", "examples/withdraw.yaml", "--withdraw", "dwp"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    assert!(text.contains("Money lost, by service"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("workwell") && l.contains("£40,000") && l.contains("icb")),
        "{text}"
    );
    assert!(
        text.contains("claimants × job-search (30 people): no route left (before: jobcentre, ips)")
    );
    let md = ecomap(&[
        "what-if",
        "examples/withdraw.yaml",
        "--withdraw",
        "dwp",
        "-f",
        "markdown",
    ]);
    assert!(
        md.stdout.contains("## Money lost, by service"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| workwell | £40,000 | £40,000 | £0 | icb £40,000 |")
    );
    assert!(
        md.stdout
            .contains("## Cohort-stages that lose their only route")
    );
    let json = ecomap(&[
        "what-if",
        "examples/withdraw.yaml",
        "--withdraw",
        "dwp",
        "-f",
        "json",
    ])
    .json();
    assert_eq!(json["money_lost"][1]["id"], "workwell");
    assert_eq!(json["money_lost"][1]["lost"], 4_000_000);
    assert_eq!(json["routes_lost"][0]["cohort"], "claimants");
}

#[test]
fn money_a_commissioner_passes_on_from_others_is_withdrawn_with_it_but_not_called_its_own() {
    // examples/withdraw.yaml, the ICB withdrawing: it pays ips £80,000 from its pool (NHS
    // England's £60,000 and its own £20,000, 75% : 25%) and workwell £40,000 (DWP's grant for
    // workwell alone). Both go: £120,000 a year no longer reaches services, of which only £20,000
    // is the ICB's own; £60,000 is NHS England's and £40,000 DWP's, passed on by the ICB.
    let w = withdraw("icb");
    assert_eq!(w.saved, pounds(120_000));
    assert_eq!(w.withdrawn_own, Some(pounds(20_000)));
    let others: Vec<(&str, Money)> = w
        .withdrawn_from_others
        .iter()
        .map(|a| (a.id.as_str(), a.amount))
        .collect();
    assert_eq!(others, [("nhse", pounds(60_000)), ("dwp", pounds(40_000))]);
    // A top funder's money is all its own: DWP's £50,000 + £40,000, NHS England's £60,000.
    let dwp = withdraw("dwp");
    assert_eq!(
        (dwp.withdrawn_own, dwp.withdrawn_from_others.len()),
        (Some(pounds(90_000)), 0)
    );
    let nhse = withdraw("nhse");
    assert_eq!(
        (nhse.withdrawn_own, nhse.withdrawn_from_others.len()),
        (Some(pounds(60_000)), 0)
    );

    // The words: money withdrawn, split; never "money saved" for money that was not the ICB's.
    let args = ["what-if", "examples/withdraw.yaml", "--withdraw", "icb"];
    let text = crate::support::squash(&crate::support::stdout(&args));
    assert!(
        text.contains("Money withdrawn from services: £120,000 a year: icb's own money £20,000, and £100,000 it passes on from others (nhse £60,000, dwp £40,000, by where the money entered the map), withdrawn with it."),
        "{text}"
    );
    assert!(!text.contains("Money saved:"), "{text}");
    let md = crate::support::stdout(&[args.as_slice(), &["-f", "markdown"]].concat());
    assert!(
        md.contains("**Money withdrawn from services:** £120,000 a year: icb's own money £20,000, and £100,000 it passes on from others"),
        "{md}"
    );
    let dwp_text = crate::support::squash(&crate::support::stdout(&[
        "what-if",
        "examples/withdraw.yaml",
        "--withdraw",
        "dwp",
    ]));
    assert!(
        dwp_text
            .contains("Money withdrawn from services: £90,000 a year, all of it dwp's own money."),
        "{dwp_text}"
    );
    // JSON: `saved` stays the total; the split is added beside it, in pence.
    let json = ecomap(&[args.as_slice(), &["-f", "json"]].concat()).json();
    assert_eq!(json["saved"], 12_000_000);
    assert_eq!(json["withdrawn_own"], 2_000_000);
    assert_eq!(json["withdrawn_from_others"][0]["id"], "nhse");
    assert_eq!(json["withdrawn_from_others"][0]["amount"], 6_000_000);
    assert_eq!(json["withdrawn_from_others"][1]["id"], "dwp");
    assert_eq!(json["withdrawn_from_others"][1]["amount"], 4_000_000);
    // Services named with --without withdraw nobody's money: no split.
    let without = ecomap(&[
        "what-if",
        "examples/withdraw.yaml",
        "--without",
        "ips",
        "-f",
        "json",
    ])
    .json();
    assert!(without["withdrawn_own"].is_null());
    assert_eq!(without["withdrawn_from_others"], serde_json::json!([]));
}

#[test]
fn own_money_and_money_passed_on_add_up_to_what_services_lose_on_every_bundled_map() {
    // The split is of the money services lose, to the penny: for every commissioner of every
    // bundled map, its own money and what it passes on from others add up to the services'
    // losses; a top funder (funded by no one on the map) passes on nobody's money but its own.
    for map in crate::support::bundled_maps() {
        let eco = load(&map);
        for (c, cm) in eco.map.commissioners.values().enumerate() {
            let w = ecomap::analysis::withdrawal::withdraw(&eco, c);
            let lost: Money = w.losses.iter().map(|l| l.lost).sum();
            let others: Money = w.from_others.iter().map(|a| a.amount).sum();
            assert_eq!(w.own + others, lost, "{map}: {}", cm.id);
            assert!(
                w.from_others.iter().all(|a| a.id != cm.id),
                "{map}: {} names itself among others",
                cm.id
            );
            if cm.funded_by.is_empty() {
                assert!(w.from_others.is_empty(), "{map}: {}", cm.id);
            }
        }
    }
}
