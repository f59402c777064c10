//! How a service's money reaches the stages of the cohorts it serves, each rule on a small map
//! worked by hand: stages the sharing of places left unplaced, money beyond an employment share,
//! the need side of specialist spend, a map with no specialist spend, the evidence of a service's
//! money, and the report's headline on unfunded services.

use ecomap::analysis::funding::{CohortFunding, Funding};
use ecomap::money::Money;

use crate::support::{ecomap_in, funding_of, load, load_str, stdout, temp_dir, write_files};

fn pounds(p: i64) -> Money {
    Money(p * 100)
}

fn cohort<'f>(f: &'f Funding, id: &str) -> &'f CohortFunding {
    f.cohorts
        .iter()
        .find(|c| c.id.as_str() == id)
        .expect("the cohort")
}

/// A cohort-stage as a test writes it: (stage, amount, payers with their amounts).
type StageRow<'a> = (&'a str, Money, Vec<(&'a str, Money)>);

/// (stage, amount, payers) of each cohort-stage of a cohort.
fn stages(c: &CohortFunding) -> Vec<StageRow<'_>> {
    c.stages
        .iter()
        .map(|s| {
            (
                s.stage.as_str(),
                s.amount,
                s.payers.iter().map(|a| (a.id.as_str(), a.amount)).collect(),
            )
        })
        .collect()
}

/// `ips` (20 places) offers engagement, job search and in-work support; `natl`, a national service
/// (places notional for the area), offers job search and in-work support. `smi` (100 people) needs
/// engagement 50, job search 50, in-work 25.
const UNPLACED: &str = "
area: { id: t, name: Test, currency: GBP }
commissioners:
  icb: { name: ICB, kind: nhs }
  dwp: { name: DWP, kind: dwp }
cohorts:
  smi:
    name: SMI
    size: 100
    attributes: { care: secondary }
    needs: { engagement: 0.5, job-search: 0.5, in-work: 0.25 }
    enters_via: [gp]
services:
  gp: { name: GP, model: gateway, stages: [access] }
  ips:
    name: IPS
    model: ips
    stages: [engagement, job-search, in-work]
    referral: { self: true }
    capacity: { people_per_year: 20 }
    funding: [ { from: icb, amount: 10000 } ]
  natl:
    name: National
    model: national-programme
    national: true
    stages: [job-search, in-work]
    referral: { self: true }
    funding: [ { from: dwp, amount: 6000 } ]
";

#[test]
fn stages_the_sharing_left_unplaced_take_their_share_of_the_people_holding_places() {
    // Worked by hand. Engagement: only `ips` offers it, 20 places for 50 people: 20 placed there.
    // Job search and in-work: `natl` is national, so their capacity is unknown and the sharing
    // places no one at `ips` for them. The 20 people holding places at `ips` are taken to need each
    // stage in the proportion `smi` does (largest need there 50): engagement 20 (placed), job
    // search 20 × 50/50 = 20, in-work 20 × 25/50 = 10. `ips`'s £10,000 splits 20:20:10 = £4,000,
    // £4,000, £2,000 (before, all £10,000 went to engagement).
    // `natl` (unknown capacity) follows need: job search 50, in-work 25, £6,000 → £4,000, £2,000.
    // So engagement £4,000 (icb); job search £8,000 (icb £4,000, dwp £4,000); in-work £4,000
    // (icb £2,000, dwp £2,000): per person £80, £160, £160.
    let f = funding_of(&load_str(UNPLACED));
    let ips = f
        .services
        .iter()
        .find(|s| s.id.as_str() == "ips")
        .expect("ips");
    let at_ips: Vec<(&str, u64, Money)> = ips.cohorts[0]
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.people, s.amount))
        .collect();
    assert_eq!(
        at_ips,
        [
            ("engagement", 20, pounds(4_000)),
            ("job-search", 20, pounds(4_000)),
            ("in-work", 10, pounds(2_000)),
        ]
    );
    assert_eq!(ips.cohorts[0].people, 20);
    let smi = cohort(&f, "smi");
    assert_eq!(
        stages(smi),
        [
            ("engagement", pounds(4_000), vec![("icb", pounds(4_000))]),
            (
                "job-search",
                pounds(8_000),
                vec![("icb", pounds(4_000)), ("dwp", pounds(4_000))]
            ),
            (
                "in-work",
                pounds(4_000),
                vec![("icb", pounds(2_000)), ("dwp", pounds(2_000))]
            ),
        ]
    );
    let per: Vec<Option<Money>> = smi.stages.iter().map(|s| s.per_person).collect();
    assert_eq!(
        per,
        [Some(pounds(80)), Some(pounds(160)), Some(pounds(160))]
    );
    // Knock-on: in-work is paid by two commissioners now, so only engagement hangs on one.
    let single: Vec<(&str, &str)> = f
        .concentration
        .iter()
        .map(|c| (c.stage.as_str(), c.funder.as_str()))
        .collect();
    assert_eq!(single, [("engagement", "icb")]);
}

/// `day` (a day service, 20 places, £40,000, employment share 0.25) offers engagement and job
/// search to `a`, who needs 20 of each.
const SHARE: &str = "
area: { id: t, name: Test, currency: GBP }
commissioners:
  council: { name: Council, kind: local_authority }
cohorts:
  a:
    name: A
    size: 100
    needs: { engagement: 0.2, job-search: 0.2 }
    enters_via: [gp]
services:
  gp: { name: GP, model: gateway, stages: [access] }
  day:
    name: Day service
    model: day-service
    employment_share: 0.25
    stages: [engagement, job-search]
    referral: { self: true }
    capacity: { people_per_year: 20 }
    funding: [ { from: council, amount: 40000 } ]
";

#[test]
fn money_beyond_the_employment_share_reaches_the_cohort_but_no_stage() {
    // Worked by hand: £40,000 × 0.25 = £10,000 is employment support, split over the two stages
    // 20:20 = £5,000 each (£250 a person for 20 people); the other £30,000 reaches `a` (its only
    // cohort) but no stage. `a` gets £40,000 in all.
    let f = funding_of(&load_str(SHARE));
    let a = cohort(&f, "a");
    assert_eq!(a.total, pounds(40_000));
    assert_eq!(
        stages(a),
        [
            (
                "engagement",
                pounds(5_000),
                vec![("council", pounds(5_000))]
            ),
            (
                "job-search",
                pounds(5_000),
                vec![("council", pounds(5_000))]
            ),
        ]
    );
    let per: Vec<Option<Money>> = a.stages.iter().map(|s| s.per_person).collect();
    assert_eq!(per, [Some(pounds(250)), Some(pounds(250))]);
    // The cohort's employment support per person: its £10,000 of employment support for the 20
    // people needing support (the most needing any one stage), £500; the £30,000 of day care is
    // not support into work, so not in it (with it, £2,000 a person).
    assert_eq!(a.per_person, Some(pounds(500)));
    assert_eq!(a.not_employment.amount, pounds(30_000));
    assert_eq!(a.not_employment.services[0].id.as_str(), "day");
    let day = &f.services[1].cohorts[0];
    assert_eq!(
        (day.amount, day.not_employment),
        (pounds(40_000), pounds(30_000))
    );
    // The stage view holds employment support only: £5,000 a stage.
    let by_stage: Vec<(&str, Money)> = f
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.amount))
        .collect();
    assert_eq!(
        by_stage,
        [("engagement", pounds(5_000)), ("job-search", pounds(5_000))]
    );
    // The council's spend by stage: 5/40 = 12.5% each, and 30/40 = 75% not employment support.
    let council = &f.commissioners[0];
    let parts: Vec<(Option<&str>, bool, Money)> = council
        .by_stage
        .iter()
        .map(|p| {
            (
                p.stage.as_ref().map(|s| s.as_str()),
                p.not_employment,
                p.amount,
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            (Some("engagement"), false, pounds(5_000)),
            (Some("job-search"), false, pounds(5_000)),
            (None, true, pounds(30_000)),
        ]
    );

    // The same in JSON (pence) and CSV.
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", SHARE)]);
    let json = ecomap_in(dir.path(), &["funding", "map.yaml", "--format", "json"]).json();
    let a = &json["cohorts"][0];
    assert_eq!(a["total"], 4_000_000);
    assert_eq!(a["stages"][0]["amount"], 500_000);
    assert_eq!(a["not_employment"]["amount"], 3_000_000);
    assert_eq!(
        json["services"][1]["cohorts"][0]["not_employment"],
        3_000_000
    );
    let csv = ecomap_in(
        dir.path(),
        &["funding", "map.yaml", "--by", "cohort", "--format", "csv"],
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    // The cohort's rows add up to its £40,000: two stages of £5,000 and a row with no stage.
    assert!(
        csv.stdout.lines().any(|l| l.starts_with("a,,,30000.00,")),
        "{}",
        csv.stdout
    );
    let text = ecomap_in(dir.path(), &["funding", "map.yaml"]).stdout;
    assert!(
        crate::support::squash(&text)
            .contains("engagement £5,000, job-search £5,000, not employment support £30,000"),
        "{text}"
    );
}

#[test]
fn the_stage_view_shows_money_that_is_not_employment_support_as_its_own_row() {
    // SHARE by hand: £40,000 reaches `a`; £5,000 each reaches engagement and job search (12.5%
    // of it each), and the £30,000 beyond the day service's 25% employment share reaches `a` on
    // no stage: 30/40 = 75%. 12.5% + 12.5% + 75% = 100%: the row makes the shares add up.
    let f = funding_of(&load_str(SHARE));
    assert_eq!(f.not_employment.amount, pounds(30_000));
    assert!(crate::support::close(f.not_employment.share, 0.75));
    assert_eq!(f.not_employment.cohorts.len(), 1);
    assert_eq!(f.not_employment.cohorts[0].id.as_str(), "a");
    let total: f64 = f.stages.iter().map(|s| s.share).sum::<f64>() + f.not_employment.share;
    assert!(crate::support::close(total, 1.0), "{total}");

    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", SHARE)]);
    let text = ecomap_in(dir.path(), &["funding", "map.yaml", "--by", "stage"]).stdout;
    let row = text
        .lines()
        .find(|l| l.starts_with("not employment support"))
        .unwrap_or_else(|| panic!("no row of money that is not employment support:\n{text}"));
    assert!(
        row.contains("£30,000") && row.contains("75.0%") && row.contains("a £30,000"),
        "{row}"
    );
    let engagement = text
        .lines()
        .find(|l| l.starts_with("engagement"))
        .unwrap_or_default();
    assert!(engagement.contains("12.5%"), "{engagement}");
    // CSV: stage, need and per person empty; the share in full.
    let csv = ecomap_in(
        dir.path(),
        &["funding", "map.yaml", "--by", "stage", "--format", "csv"],
    );
    assert!(
        csv.stdout
            .lines()
            .any(|l| l == ",not employment support,,30000.00,,0.75,a 30000.00"),
        "{}",
        csv.stdout
    );
    // JSON: beside `stages`, in pence.
    let json = ecomap_in(dir.path(), &["funding", "map.yaml", "--format", "json"]).json();
    assert_eq!(json["not_employment"]["amount"], 3_000_000);
    assert_eq!(json["not_employment"]["share"], 0.75);
    assert_eq!(json["not_employment"]["cohorts"][0]["id"], "a");
}

#[test]
fn the_need_side_of_specialist_spend_is_explained_in_every_format() {
    // The paragraph above the table says, in plain words, that need there counts only what
    // specialist money can meet, and that benefits advice alone is left out.
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", SHARE)]);
    let said = "Need here is counted more narrowly than the people needing support used for the per-person figures";
    for args in [
        vec!["funding", "map.yaml"],
        vec!["funding", "map.yaml", "-f", "markdown"],
        vec!["report", "map.yaml", "-f", "markdown"],
        vec!["report", "map.yaml", "-f", "html", "--renderer", "builtin"],
    ] {
        let run = ecomap_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let out = crate::support::squash(&run.stdout);
        assert!(out.contains(said), "{args:?}:\n{}", run.stdout);
        assert!(
            out.contains("such as benefits advice at a benefits service, are left out"),
            "{args:?}"
        );
    }
}

#[test]
fn specialist_spend_is_set_against_need_for_the_stages_it_can_reach() {
    // `club` (a job club, limited evidence, 40 places, £4,000) offers job search; `cab` (benefits
    // advice, not rated, £1,000) offers benefits advice. `p` needs job search 10 and benefits
    // advice 50; `q` job search 30. Both fit at `club`: £4,000 splits 10:30 = £1,000, £3,000.
    // Specialist spend: `club`'s only (`cab` is not rated): p 25%, q 75%. Need side: benefits
    // advice is offered by no rated service, so p counts 10 (not 50) and q 30: 25%, 75%. The
    // difference is 0 for both (counting benefits advice, p would have been 50/80 = 62.5% of need,
    // 37.5 points short).
    let f = funding_of(&load_str(
        "
area: { id: t, name: Test, currency: GBP }
commissioners:
  icb: { name: ICB, kind: nhs }
  council: { name: Council, kind: local_authority }
cohorts:
  p: { name: P, size: 100, needs: { job-search: 0.1, benefits-advice: 0.5 }, enters_via: [gp] }
  q: { name: Q, size: 100, needs: { job-search: 0.3 }, enters_via: [gp] }
services:
  gp: { name: GP, model: gateway, stages: [access] }
  club:
    name: Job club
    model: job-club
    stages: [job-search]
    referral: { self: true }
    capacity: { people_per_year: 40 }
    funding: [ { from: icb, amount: 4000 } ]
  cab:
    name: Benefits advice
    model: benefits-advice
    stages: [benefits-advice]
    referral: { self: true }
    capacity: { people_per_year: 100 }
    funding: [ { from: council, amount: 1000 } ]
",
    ));
    let shares: Vec<(&str, f64, Money)> = f
        .fair_shares
        .iter()
        .map(|s| {
            (
                s.cohort.as_str(),
                s.people_needing_support,
                s.specialist_spend,
            )
        })
        .collect();
    assert_eq!(
        shares,
        [("p", 10.0, pounds(1_000)), ("q", 30.0, pounds(3_000))]
    );
    for (s, need) in f.fair_shares.iter().zip([0.25, 0.75]) {
        assert!(crate::support::close(s.need_share, need), "{s:?}");
        assert!(crate::support::close(s.spend_share.expect("spend"), need));
        assert!(s.difference_points.expect("difference").abs() < 1e-9);
    }
    // The cohort view still counts everyone needing support: p's largest need is 50.
    assert_eq!(cohort(&f, "p").people_needing_support, 50.0);
}

#[test]
fn with_no_specialist_spend_its_shares_are_not_applicable() {
    // examples/places-fairest.yaml: `s` states no model, so its money is not rated and no money on
    // the map is specialist spend. A share of nothing is not 0%: every cohort's spend share and
    // difference are not applicable (n/a in text, null in JSON).
    let f = funding_of(&load("examples/places-fairest.yaml"));
    assert_eq!(f.fair_shares.len(), 4);
    assert!(
        f.fair_shares
            .iter()
            .all(|s| s.spend_share.is_none() && s.difference_points.is_none())
    );
    let text = stdout(&["funding", "examples/places-fairest.yaml"]);
    assert!(!crate::support::squash(&text).contains("points"), "{text}");
    assert!(
        crate::support::squash(&text).contains("No specialist spend on the map"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "funding",
        "examples/places-fairest.yaml",
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert!(json["fair_shares"][0]["spend_share"].is_null());
    assert!(json["fair_shares"][0]["difference_points"].is_null());
}

#[test]
fn the_services_table_shows_the_evidence_of_the_money() {
    // examples/funding-evidence.yaml (worked out in its comment): `ips-low` scores below the fair
    // band, so all its £10,000 is limited; `ips`'s £80,000 is £40,000 strong, £20,000 emerging,
    // £20,000 unknown; `day`'s £40,000 is £10,000 against and £30,000 not rated; `se` is all
    // emerging.
    let text = stdout(&[
        "funding",
        "examples/funding-evidence.yaml",
        "--by",
        "service",
    ]);
    // A service's evidence cell, which may wrap onto the lines below its row within its column
    // (the third; the rule under the header gives each column's span).
    let lines: Vec<Vec<char>> = text
        .lines()
        .skip_while(|l| !l.starts_with("service "))
        .map(|l| l.chars().collect())
        .collect();
    let spans: Vec<(usize, usize)> = {
        let rule = lines
            .iter()
            .find(|l| l.first() == Some(&'─'))
            .unwrap_or_else(|| panic!("a rule under the header: {text}"));
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in rule.iter().chain([&' ']).enumerate() {
            match (c == &'─', start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        spans
    };
    let row = |id: &str| -> String {
        let first = lines
            .iter()
            .position(|l| l.iter().collect::<String>().split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("{id} in {text}"));
        let (from, to) = spans[2];
        let cell = |l: &Vec<char>| -> String { l.iter().skip(from).take(to - from).collect() };
        let mut words = vec![cell(&lines[first])];
        for l in &lines[first + 1..] {
            if l.is_empty() || l[0] != ' ' {
                break;
            }
            words.push(cell(l));
        }
        format!(" {} ", crate::support::squash(&words.join(" ")))
    };
    assert!(row("ips-low").contains(" limited "), "{}", row("ips-low"));
    assert!(!row("ips-low").contains("strong"), "{}", row("ips-low"));
    assert!(
        row("ips").contains("strong £40,000, emerging £20,000, unknown £20,000"),
        "{}",
        row("ips")
    );
    assert!(
        row("day").contains("against (disinvest) £10,000, not rated £30,000"),
        "{}",
        row("day")
    );
    assert!(row("se").contains(" emerging "), "{}", row("se"));
}

#[test]
fn the_headline_counts_the_services_funded() {
    // maps/riverside: 20 services, of which gp, cmht, eip and talking-therapies carry no funding
    // line: 16 funded, £3,949,000 between them.
    let words = "20 services, 16 of them funded, with £3,949,000 a year between them";
    let md = stdout(&["report", "maps/riverside", "--format", "markdown"]);
    assert!(md.contains(words), "{md}");
    let html = stdout(&["report", "maps/riverside", "--format", "html"]);
    assert!(html.contains(words));
}
