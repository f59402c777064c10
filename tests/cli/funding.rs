//! Funding flows: the hand-worked example, exact reconciliation on every map in `examples/` and
//! `maps/`, the command's formats, and the law that money always reconciles.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use ecomap::analysis::funding::{Basis, Dependence, Funding, Unreached, funding, reconcile};
use ecomap::benchmarks::{self, Benchmarks, Evidence};
use ecomap::graph::Ecosystem;
use ecomap::load::{self, Sources};
use ecomap::money::Money;
use ecomap::validate::{self, Options};
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads a map through the library, failing the test on any error.
fn load_sources(sources: Sources) -> Ecosystem {
    let (files, mut d) = load::parse(&sources);
    let (map, more) = validate::validate(sources, files, Options { strict: false });
    d.0.extend(more.0);
    let errors: Vec<String> =
        d.0.iter()
            .filter(|x| x.is_error())
            .map(|x| x.message.clone())
            .collect();
    assert!(errors.is_empty(), "the map has errors: {errors:?}");
    Ecosystem::new(map)
}

fn load_map(path: &Path) -> Ecosystem {
    load_sources(load::read(path).expect("the map can be read"))
}

/// The table in force for a map (its own overrides applied).
fn table(eco: &Ecosystem) -> Benchmarks {
    let (t, d) = benchmarks::resolve(Some(&eco.map), &[]);
    assert!(d.0.is_empty(), "benchmark overrides fail: {:?}", d.0);
    t
}

fn cohort_of<'f>(f: &'f Funding, id: &str) -> &'f ecomap::analysis::funding::CohortFunding {
    f.cohorts
        .iter()
        .find(|c| c.id.as_str() == id)
        .expect("cohort")
}

fn pounds(p: i64) -> Money {
    Money(p * 100)
}

#[test]
fn hand_worked_example() {
    // examples/funding.yaml, worked by hand:
    //
    // Commissioners: nhse (no funders), icb (funded £60,000 by nhse), council (no funders).
    // icb pays the hub £54,000 and IPS £46,000: £100,000, £40,000 more than it receives, so £40,000
    // enters at the icb. Money entering: nhse £60,000 + icb £40,000 + council £36,000 = £136,000.
    //
    // The icb's pot is nhse £60,000 : icb £40,000 (60:40). Its payments in map order: the hub's
    // £54,000 takes 60% / 40% = £32,400 nhse + £21,600 icb; IPS's £46,000 takes what is left,
    // £27,600 nhse + £18,400 icb.
    //
    // Places: the hub (100 places, the only service offering engagement and job search) gives
    // every person their place: secondary 30 engagement / 30 job search, primary 20 / 10, no-care
    // job search 10. IPS (10 places, only `secondary` is eligible) gives secondary's 10 in-work.
    // The hub's people per cohort, each counted once: secondary 30, primary 20, no-care 10, so its
    // £90,000 splits 3:2:1 = £45,000 / £30,000 / £15,000, and over stages by people:
    // secondary 30:30 = £22,500 + £22,500; primary 20:10 = £20,000 + £10,000; no-care £15,000.
    // IPS's £46,000 all goes to secondary's in-work.
    //
    // secondary: £45,000 + £46,000 = £91,000 for 30 people needing support (the most over its
    // stages: 30, 30, 10) = £3,033.33 each. primary £30,000 / 20 = £1,500. no-care £15,000 / 10
    // = £1,500; its in-work need (50 × 0.1 = 5) has no route.
    //
    // Origins: the hub's £90,000 is nhse 32,400 : icb 21,600 : council 36,000 = 36% : 24% : 40%,
    // kept in every cohort-stage (each amount divides exactly). secondary: hub 45,000 → nhse
    // 16,200, icb 10,800, council 18,000; IPS → nhse 27,600, icb 18,400; total nhse 43,800,
    // icb 29,200, council 18,000.
    let eco = load_map(&root().join("examples/funding.yaml"));
    let f = funding(&eco, &table(&eco));
    assert_eq!(reconcile(&f), Vec::<String>::new());

    assert_eq!(f.totals.entering, pounds(136_000));
    assert_eq!(f.totals.to_services, pounds(136_000));
    assert_eq!(f.totals.to_cohorts, pounds(136_000));
    assert_eq!(f.totals.unspent, Money::ZERO);

    let c = |id: &str| {
        f.commissioners
            .iter()
            .find(|c| c.id.as_str() == id)
            .expect("commissioner")
    };
    assert_eq!(
        (c("nhse").own, c("nhse").passed_on),
        (pounds(60_000), pounds(60_000))
    );
    assert_eq!(
        (c("icb").received, c("icb").own, c("icb").spend_on_services),
        (pounds(60_000), pounds(40_000), pounds(100_000))
    );
    assert_eq!(c("council").own, pounds(36_000));
    let icb_to_hub = &c("icb").services[0];
    assert_eq!(icb_to_hub.to.as_str(), "hub");
    let origins: Vec<(&str, Money)> = icb_to_hub
        .origins
        .iter()
        .map(|a| (a.id.as_str(), a.amount))
        .collect();
    assert_eq!(
        origins,
        vec![("nhse", pounds(32_400)), ("icb", pounds(21_600))]
    );
    let icb_to_ips: Vec<(&str, Money)> = c("icb").services[1]
        .origins
        .iter()
        .map(|a| (a.id.as_str(), a.amount))
        .collect();
    assert_eq!(
        icb_to_ips,
        vec![("nhse", pounds(27_600)), ("icb", pounds(18_400))]
    );

    let hub = f
        .services
        .iter()
        .find(|s| s.id.as_str() == "hub")
        .expect("hub");
    assert!(hub.pooled);
    assert_eq!(hub.basis, Basis::Places);
    assert_eq!(hub.cost_per_place, Some(pounds(900)));
    let split: Vec<(&str, u64, Money)> = hub
        .cohorts
        .iter()
        .map(|c| (c.cohort.as_str(), c.people, c.amount))
        .collect();
    assert_eq!(
        split,
        vec![
            ("secondary", 30, pounds(45_000)),
            ("primary", 20, pounds(30_000)),
            ("no-care", 10, pounds(15_000))
        ]
    );
    let ips = f
        .services
        .iter()
        .find(|s| s.id.as_str() == "ips")
        .expect("ips");
    assert!(!ips.pooled);
    assert_eq!(ips.evidence, Evidence::Strong);

    let cohort = |id: &str| cohort_of(&f, id);
    assert_eq!(cohort("secondary").total, pounds(91_000));
    assert_eq!(cohort("secondary").people_needing_support, 30.0);
    assert_eq!(cohort("secondary").per_person, Some(Money(303_333)));
    let stages: Vec<(&str, Money)> = cohort("secondary")
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.amount))
        .collect();
    assert_eq!(
        stages,
        vec![
            ("engagement", pounds(22_500)),
            ("job-search", pounds(22_500)),
            ("in-work", pounds(46_000))
        ]
    );
    let origins: Vec<(&str, Money)> = cohort("secondary")
        .origins
        .iter()
        .map(|a| (a.id.as_str(), a.amount))
        .collect();
    assert_eq!(
        origins,
        vec![
            ("nhse", pounds(43_800)),
            ("icb", pounds(29_200)),
            ("council", pounds(18_000))
        ]
    );
    assert_eq!(cohort("primary").total, pounds(30_000));
    assert_eq!(cohort("primary").per_person, Some(pounds(1_500)));
    let stages: Vec<(&str, Money)> = cohort("primary")
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.amount))
        .collect();
    assert_eq!(
        stages,
        vec![
            ("engagement", pounds(20_000)),
            ("job-search", pounds(10_000))
        ]
    );
    assert_eq!(cohort("no-care").total, pounds(15_000));
    assert_eq!(cohort("no-care").per_person, Some(pounds(1_500)));

    // Need no money reaches: no-care's 5 people needing in-work support, with no route.
    assert_eq!(f.unfunded_need.len(), 1);
    let u = &f.unfunded_need[0];
    assert_eq!(
        (u.cohort.as_str(), u.stage.as_str(), u.need, u.reason),
        ("no-care", "in-work", 5.0, Unreached::NoRoute)
    );

    // Only secondary × in-work depends on one commissioner (the icb pays IPS, its only source).
    let conc: Vec<(&str, &str, Dependence, &str)> = f
        .concentration
        .iter()
        .map(|c| {
            (
                c.cohort.as_str(),
                c.stage.as_str(),
                c.dependence,
                c.funder.as_str(),
            )
        })
        .collect();
    assert_eq!(
        conc,
        vec![("secondary", "in-work", Dependence::SinglePayer, "icb")]
    );

    // Evidence: IPS £46,000 strong, the hub £90,000 limited (specialist employment).
    let ev: Vec<(Evidence, Money)> = f.evidence.iter().map(|e| (e.evidence, e.spend)).collect();
    assert_eq!(
        ev,
        vec![
            (Evidence::Strong, pounds(46_000)),
            (Evidence::Limited, pounds(90_000))
        ]
    );

    // Specialist spend against need: 30 : 20 : 10 of 60 = 50% / 33.3% / 16.7%; all spend is specialist (both models are
    // rated): 91 : 30 : 15 of 136.
    let fair = &f.fair_shares[0];
    assert!((fair.need_share - 0.5).abs() < 1e-12);
    assert!((fair.spend_share.expect("specialist spend") - 91.0 / 136.0).abs() < 1e-12);

    // Stages across cohorts: engagement £42,500 for 50 people, job search £47,500 for 50, in-work
    // £46,000 for 15 (secondary 10 + no-care 5).
    let st: Vec<(&str, f64, Money)> = f
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.need, s.amount))
        .collect();
    assert_eq!(
        st,
        vec![
            ("engagement", 50.0, pounds(42_500)),
            ("job-search", 50.0, pounds(47_500)),
            ("in-work", 15.0, pounds(46_000))
        ]
    );
}

#[test]
fn reconcile_catches_a_penny_lost_or_moved() {
    let eco = load_map(&root().join("examples/funding.yaml"));
    let good = funding(&eco, &table(&eco));
    // A flow a penny short: the service no longer passes on all it received.
    let mut f = good.clone();
    f.flows[0].amount = f.flows[0].amount - Money(1);
    assert!(!reconcile(&f).is_empty());
    // A penny moved between two cohorts: totals agree, but the cohorts no longer match the services.
    let mut f = good.clone();
    f.cohorts[0].total += Money(1);
    f.cohorts[1].total = f.cohorts[1].total - Money(1);
    assert!(!reconcile(&f).is_empty());
    // An origin relabelled: the line's total holds, but the funder's own money no longer does.
    let mut f = good;
    let council = (f.names.commissioners.iter())
        .position(|c| c.as_str() == "council")
        .expect("the example has a council");
    assert_ne!(f.origin(&f.flows[0]).as_str(), "council");
    f.flows[0].at.origin = council;
    assert!(reconcile(&f).iter().any(|w| w.contains("own money")));
}

#[test]
fn cycles_and_money_not_spent_on_the_map_still_reconcile() {
    // a funds b £100 and b funds a £30: a cycle. b spends £50 on the service, so of the £100 + its
    // own nothing, b holds £20 not spent on the map (100 − 30 − 50). a pays £100 and receives £30:
    // £70 of its own. Money entering £70 = £50 to the service + £20 unspent.
    let yaml = "
area: { id: cyc, name: Cycle, currency: GBP }
commissioners:
  a: { name: A, kind: other, funded_by: [ { from: b, amount: 30 } ] }
  b: { name: B, kind: other, funded_by: [ { from: a, amount: 100 } ] }
services:
  s: { name: S, model: ips, stages: [job-search], referral: { self: true }, funding: [ { from: b, amount: 50 } ] }
";
    let mut sources = Sources::default();
    sources.add("cycle.yaml", yaml);
    let eco = load_sources(sources);
    let f = funding(&eco, &Benchmarks::builtin());
    assert_eq!(reconcile(&f), Vec::<String>::new());
    let ids: Vec<Vec<&str>> = f
        .cycles
        .iter()
        .map(|c| c.iter().map(|i| i.as_str()).collect())
        .collect();
    assert_eq!(ids, vec![vec!["a", "b"]]);
    assert_eq!(f.totals.entering, pounds(70));
    assert_eq!(f.totals.unspent, pounds(20));
    assert_eq!(f.commissioners[1].unspent, pounds(20));
    // No cohort on the map: the service's money reaches none, and says so.
    assert_eq!(f.services[0].basis, Basis::NoCohort);
    assert_eq!(f.totals.reaches_no_cohort, pounds(50));
}

/// Every map bundled with the project: `examples/*.yaml` and each folder or file in `maps/`.
fn every_map() -> Vec<PathBuf> {
    let mut maps = Vec::new();
    for dir in ["examples", "maps"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let yaml = p.extension().is_some_and(|x| x == "yaml" || x == "yml");
            // examples/bad holds maps with one mistake each, examples/spreadsheets the template
            // tables of `import csv`: they are not maps to analyse.
            let bad = p
                .file_name()
                .is_some_and(|n| crate::support::NOT_MAPS.iter().any(|m| n == *m));
            if (p.is_dir() && !bad) || yaml {
                maps.push(p);
            }
        }
    }
    maps.sort();
    maps
}

#[test]
fn money_reconciles_exactly_on_every_bundled_map() {
    let maps = every_map();
    assert!(
        maps.iter().any(|p| p.ends_with("riverside")),
        "maps/riverside is among them"
    );
    assert!(maps.iter().any(|p| p.ends_with("funding.yaml")));
    for path in maps {
        let eco = load_map(&path);
        let f = funding(&eco, &table(&eco));
        assert_eq!(reconcile(&f), Vec::<String>::new(), "{}", path.display());
        let spend: Money = eco.map.services.values().map(|s| s.spend()).sum();
        assert_eq!(f.totals.to_services, spend, "{}", path.display());
    }
}

#[test]
fn riverside_funding_table_is_the_one_a_commissioner_expects() {
    // The bundled borough: £3,949,000 a year on services (the sum of the services' funding lines
    // in services.yaml), all of it reaching some cohort. The ICB receives £150,000 from NHS England
    // and £240,000 from DWP for WorkWell alone, and pays £815,000 to services (WorkWell £240,000):
    // the earmarked grant pays WorkWell, and the other £575,000 needs £425,000 of the ICB's own.
    let eco = load_map(&root().join("maps/riverside"));
    let f = funding(&eco, &table(&eco));
    assert_eq!(f.totals.to_services, pounds(3_949_000));
    let icb = f
        .commissioners
        .iter()
        .find(|c| c.id.as_str() == "icb")
        .expect("icb");
    assert_eq!(
        (icb.received, icb.spend_on_services, icb.own),
        (pounds(390_000), pounds(815_000), pounds(425_000))
    );
    // Sheltered work (£168,000) and the day service's employment share (£340,000 × 0.25 = £85,000)
    // are evidence against: £253,000. The rest of the day service is not employment support.
    let against = f
        .evidence
        .iter()
        .find(|e| e.evidence == Evidence::Against)
        .expect("against");
    assert_eq!(against.spend, pounds(253_000));
    // The earmarked grants reach their services alone: WorkWell's £240,000 is DWP's; Connect to
    // Work's £880,000 is DWP's £792,000 and the authority's 10% (£88,000); the college's £260,000
    // is DfE's. The ICB's pooled services carry no DWP money.
    let origins = |id: &str| -> Vec<(String, Money)> {
        f.services
            .iter()
            .find(|s| s.id.as_str() == id)
            .expect("service")
            .origins
            .iter()
            .map(|a| (a.id.to_string(), a.amount))
            .collect()
    };
    assert_eq!(origins("workwell"), [("dwp".to_owned(), pounds(240_000))]);
    assert_eq!(
        origins("connect-to-work"),
        [
            ("dwp".to_owned(), pounds(792_000)),
            ("combined-authority".to_owned(), pounds(88_000))
        ]
    );
    assert_eq!(
        origins("college-skills"),
        [("dfe".to_owned(), pounds(260_000))]
    );
    assert!(origins("ips").iter().all(|(id, _)| id != "dwp"));
    assert!(against.disinvestment_candidates);
    // Young people under early intervention have no route to any employment stage: need that no
    // money reaches.
    assert!(
        f.unfunded_need
            .iter()
            .any(|u| u.cohort.as_str() == "eip-young" && u.reason == Unreached::NoRoute)
    );
}

fn ecomap() -> Command {
    crate::support::ecomap_cmd()
}

#[test]
fn text_shows_amounts_with_currency_and_separators() {
    let out = ecomap()
        .args(["funding", "examples/funding.yaml"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("Funding flows, per year. £136,000 enters at funders"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("secondary")
            && l.contains("£91,000")
            && l.contains("£3,033.33"))
    );
    assert!(text.contains("How money is followed"));
    // The same map gives byte-identical output.
    for format in ["text", "json", "csv"] {
        let run = || {
            ecomap()
                .args(["funding", "maps/riverside", "-f", format])
                .output()
                .expect("runs")
                .stdout
        };
        assert_eq!(run(), run(), "{format}");
    }
    // --by shows one view.
    let out = ecomap()
        .args(["funding", "examples/funding.yaml", "--by", "evidence"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Spend by evidence level"));
    assert!(!text.contains("Cohort-stages"));
}

#[test]
fn json_is_a_typed_document() {
    let out = ecomap()
        .args(["funding", "examples/funding.yaml", "-f", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["type"], "funding");
    assert_eq!(v["version"], ecomap::export::json::VERSION);
    assert_eq!(v["currency"], "GBP");
    // Amounts are minor units (pence).
    assert_eq!(v["totals"]["entering"], 13_600_000);
    assert_eq!(v["cohorts"][0]["id"], "secondary");
    assert_eq!(v["cohorts"][0]["total"], 9_100_000);
    assert_eq!(v["services"][1]["evidence"], "limited");
    assert_eq!(v["unfunded_need"][0]["reason"], "no-route");
}

#[test]
fn csv_flows_and_views_parse_back() {
    let out = ecomap()
        .args(["funding", "examples/funding.yaml", "-f", "csv"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "origin",
            "payer",
            "service",
            "cohort",
            "stage",
            "amount (GBP)",
            "evidence",
            "reading"
        ]
    );
    let mut total = 0.0;
    let mut strong = 0.0;
    let mut rows = 0;
    for rec in r.records() {
        let rec = rec.expect("a record");
        let amount = rec[5].parse::<f64>().expect("an amount");
        total += amount;
        if &rec[6] == "strong" {
            strong += amount;
        }
        rows += 1;
    }
    assert!(rows > 0);
    assert!((total - 136_000.0).abs() < 1e-6);
    // IPS's £46,000 reaches `secondary` (care: secondary): strong, flow by flow.
    assert!((strong - 46_000.0).abs() < 1e-6);

    let out = ecomap()
        .args([
            "funding",
            "examples/funding.yaml",
            "-f",
            "csv",
            "--by",
            "cohort",
        ])
        .output()
        .expect("runs");
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let rec: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
    assert_eq!(&rec[0][0], "secondary");
    assert_eq!(&rec[0][1], "engagement");
    assert_eq!(&rec[0][3], "22500.00");
    // A name with a comma and a quote stays one field: the crate quotes it.
    let dir = tempfile::tempdir().expect("a temp dir");
    let text = std::fs::read_to_string(root().join("examples/funding.yaml"))
        .expect("example")
        .replace(
            "name: Employment hub",
            "name: \"Hub, the \\\"best\\\" one\"",
        );
    let path = dir.path().join("m.yaml");
    std::fs::write(&path, text).expect("write");
    let out = ecomap()
        .args(["funding", "-f", "csv", "--by", "service"])
        .arg(&path)
        .output()
        .expect("runs");
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let rec: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
    assert_eq!(&rec[1][1], "Hub, the \"best\" one");
}

#[test]
fn markdown_section_escapes_map_text() {
    let out = ecomap()
        .args(["funding", "examples/funding.yaml", "-f", "markdown"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).expect("utf-8");
    assert!(md.starts_with("# Funding flows: Funding example\n\n## Funding\n"));
    assert!(
        md.contains("| secondary | 30 | £91,000 | £3,033.33 |"),
        "{md}"
    );
    // A commissioner's name with Markdown and HTML in it is shown as text.
    let dir = tempfile::tempdir().expect("a temp dir");
    let text = std::fs::read_to_string(root().join("examples/funding.yaml"))
        .expect("example")
        .replace("name: Borough Council", "name: \"Borough *Council* | <b>\"");
    let path = dir.path().join("m.yaml");
    std::fs::write(&path, text).expect("write");
    let out = ecomap()
        .args(["funding", "-f", "markdown"])
        .arg(&path)
        .output()
        .expect("runs");
    let md = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        md.contains("| council | Borough \\*Council\\* \\| &lt;b&gt; |"),
        "{md}"
    );
}

/// Builds a random map: commissioners funding each other (cycles allowed), some of it earmarked for
/// services, services funded by any of them (some with an employment share), cohorts with needs,
/// and capacity known or not.
fn random_map() -> impl Strategy<Value = String> {
    let commissioners = 1usize..=4;
    let services = 1usize..=5;
    let cohorts = 1usize..=3;
    (commissioners, services, cohorts).prop_flat_map(|(nc, ns, nk)| {
        let amount = 0u64..=50_000_000;
        // Each line may be earmarked for the services its receiver funds.
        let funded_by = prop::collection::vec(
            prop::collection::vec((0..nc, amount.clone(), any::<bool>()), 0..=2),
            nc,
        );
        let service = (
            prop::sample::subsequence(vec!["engagement", "job-search", "in-work"], 1..=3),
            prop::option::of(0u64..=60),
            any::<bool>(),
            prop::collection::vec((0..nc, amount.clone()), 0..=3),
            // An employment share, in hundredths, or none.
            prop::option::of(0u32..=100),
        );
        let cohort = (
            1u64..=400,
            any::<bool>(),
            prop::collection::vec(prop::option::of(0u32..=100), 3),
        );
        (
            Just(nc),
            funded_by,
            prop::collection::vec(service, ns),
            prop::collection::vec(cohort, nk),
        )
            .prop_map(|(nc, funded_by, services, cohorts)| {
                let money = |p: u64| format!("{}.{:02}", p / 100, p % 100);
                let mut y = String::from("area: { id: gen, name: Generated, currency: GBP }\ncommissioners:\n");
                for (i, lines) in funded_by.iter().enumerate() {
                    y += &format!("  c{i}:\n    name: C{i}\n    kind: other\n");
                    let lines: Vec<_> = lines.iter().filter(|(f, ..)| *f != i && *f < nc).collect();
                    let funds: Vec<String> = services
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, _, _, paid, _))| paid.iter().any(|(f, _)| *f == i))
                        .map(|(s, _)| format!("s{s}"))
                        .collect();
                    if !lines.is_empty() {
                        y += "    funded_by:\n";
                        for (f, a, earmarked) in lines {
                            let earmark = if *earmarked && !funds.is_empty() {
                                format!(", for: [{}]", funds.join(", "))
                            } else {
                                String::new()
                            };
                            y += &format!("      - {{ from: c{f}, amount: {}{earmark} }}\n", money(*a));
                        }
                    }
                }
                y += "cohorts:\n";
                let stages = ["engagement", "job-search", "in-work"];
                for (k, (size, secondary, needs)) in cohorts.iter().enumerate() {
                    let care = if *secondary { "secondary" } else { "primary" };
                    y += &format!("  k{k}:\n    name: K{k}\n    size: {size}\n    attributes: {{ care: {care} }}\n    needs: {{");
                    let parts: Vec<String> = stages
                        .iter()
                        .zip(needs)
                        .filter_map(|(s, n)| n.map(|n| format!(" {s}: {}", f64::from(n) / 100.0)))
                        .collect();
                    y += &parts.join(",");
                    y += " }\n";
                }
                y += "services:\n";
                for (s, (st, places, secondary_only, lines, share)) in services.iter().enumerate() {
                    y += &format!("  s{s}:\n    name: S{s}\n    model: ips\n    stages: [{}]\n", st.join(", "));
                    if let Some(share) = share {
                        y += &format!("    employment_share: {}\n", f64::from(*share) / 100.0);
                    }
                    y += "    referral: { self: true }\n";
                    if *secondary_only {
                        y += "    eligibility: { care: secondary }\n";
                    }
                    if let Some(p) = places {
                        y += &format!("    capacity: {{ people_per_year: {p} }}\n");
                    }
                    if !lines.is_empty() {
                        y += "    funding:\n";
                        for (f, a) in lines {
                            y += &format!("      - {{ from: c{f}, amount: {} }}\n", money(*a));
                        }
                    }
                }
                y
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Money always reconciles: whatever the map, every node passes on exactly what reaches it.
    #[test]
    fn money_always_reconciles(yaml in random_map()) {
        let mut sources = Sources::default();
        sources.add("gen.yaml", yaml.clone());
        let eco = load_sources(sources);
        let f = funding(&eco, &Benchmarks::builtin());
        let wrong = reconcile(&f);
        prop_assert!(wrong.is_empty(), "{wrong:?}\n{yaml}");
        let spend: Money = eco.map.services.values().map(|s| s.spend()).sum();
        prop_assert_eq!(f.totals.to_services, spend);
    }
}

#[test]
fn alike_services_give_cohorts_alike_money() {
    // examples/overlap-accepted.yaml, worked by hand: `ips` (60 places, £80,000 from the ICB) and
    // `peer-support` (40 places, £15,000 from the lottery) both offer engagement to `smi` (100 ×
    // 0.5 = 50 needing it) and `eip` (60 × 0.5 = 30), and to no one else: alike services. All 80
    // are served (100 places), each cohort spread over the two in proportion to their places, 3 : 2:
    // `smi` 30 at ips and 20 at peer support, `eip` 18 and 12. So ips's £80,000 over its 48 people
    // gives smi £50,000 and eip £30,000; peer support's £15,000 over 32 gives smi £9,375 and eip
    // £5,625. Each cohort gets £1,187.50 a person (£95,000 ÷ 80): the same, as the services they
    // use are the same. (A split of whichever vertex the solver stopped at gave smi £1,675 a
    // person and eip £375.)
    let eco = load_map(&root().join("examples/overlap-accepted.yaml"));
    let f = funding(&eco, &table(&eco));
    let smi = cohort_of(&f, "smi");
    let eip = cohort_of(&f, "eip");
    assert_eq!(smi.total, pounds(59_375));
    assert_eq!(eip.total, pounds(35_625));
    assert_eq!(smi.per_person, Some(Money(118_750)));
    assert_eq!(eip.per_person, Some(Money(118_750)));
}

#[test]
fn a_national_services_money_follows_need_whatever_places_it_states() {
    // jc is national: its 10 places are notional for the area, so its money follows need (as one
    // of unknown capacity), never the sharing. c (50 people) and d (40) both need job-search and
    // can refer themselves: the £90,000 splits 50:40, £50,000 and £40,000, on the basis of need.
    let yaml = "
area: { id: nat, name: National, currency: GBP }
commissioners:
  dwp: { name: DWP, kind: dwp }
services:
  jc: { name: Jobcentre, model: work-coach, national: true, stages: [job-search], referral: { self: true }, capacity: { people_per_year: 10 }, funding: [ { from: dwp, amount: 90000 } ] }
cohorts:
  c: { name: C, size: 50, needs: [job-search] }
  d: { name: D, size: 40, needs: [job-search] }
";
    let mut sources = Sources::default();
    sources.add("national.yaml", yaml);
    let eco = load_sources(sources);
    let f = funding(&eco, &Benchmarks::builtin());
    assert_eq!(reconcile(&f), Vec::<String>::new());
    let jc = &f.services[0];
    assert_eq!(jc.basis, Basis::Need);
    let split: Vec<(&str, Money)> = jc
        .cohorts
        .iter()
        .map(|c| (c.cohort.as_str(), c.amount))
        .collect();
    assert_eq!(split, vec![("c", pounds(50_000)), ("d", pounds(40_000))]);
}

#[test]
fn by_is_refused_where_every_view_is_written() {
    // JSON and Markdown hold every view: --by, which picks one, would be silently ignored.
    for (format, words) in [("markdown", "Markdown"), ("json", "JSON")] {
        let out = ecomap()
            .args([
                "funding",
                "examples/funding.yaml",
                "--by",
                "service",
                "-f",
                format,
            ])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "--by shows one view, in text or CSV only; {words} has every view: leave out --by"
            )),
            "{format}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{format}");
    }
}

/// Specialist spend against need at Riverside: each difference is the printed shares subtracted,
/// in text, Markdown and HTML alike. smi-secondary 27.2% − 15.6% = +11.6 (the shares unrounded,
/// 27.249% − 15.589%, would print +11.7); uc-common 30.1% − 13.5% = +16.6; smi-primary
/// 0.3% − 5.8% = −5.5.
#[test]
fn specialist_spend_against_need_subtracts_as_printed() {
    let text = crate::support::ecomap(&["funding", "maps/riverside"]).stdout;
    let row = |cohort: &str| -> String {
        text.lines()
            .find(|l| l.starts_with(&format!("{cohort} ")) && l.ends_with("points"))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    assert!(
        row("smi-secondary").ends_with("15.6% £676,591.98 27.2% +11.6 points"),
        "{}",
        row("smi-secondary")
    );
    assert!(
        row("uc-common").ends_with("13.5% £747,554.91 30.1% +16.6 points"),
        "{}",
        row("uc-common")
    );
    assert!(
        row("smi-primary").ends_with("5.8% £7,599.41 0.3% -5.5 points"),
        "{}",
        row("smi-primary")
    );
    assert!(
        text.contains("The difference is the share of spend less the share of need as printed")
    );
    let markdown =
        crate::support::ecomap(&["funding", "--format", "markdown", "maps/riverside"]).stdout;
    assert!(markdown.contains("| 15.6% | 27.2% | +11.6 |"), "{markdown}");
    assert!(markdown.contains("| 5.8% | 0.3% | -5.5 |"), "{markdown}");
}
