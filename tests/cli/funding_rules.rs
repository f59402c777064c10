//! The rules that decide where money goes, each on a small example map of its own worked by hand:
//! earmarked money (`examples/funding-earmark.yaml`), money that follows the people served whatever
//! order the map lists things in (`examples/funding-order.yaml`), and the evidence for the money
//! (`examples/funding-evidence.yaml`).

use std::collections::BTreeMap;

use ecomap::analysis::funding::Funding;
use ecomap::money::Money;

use crate::support::{funding_of, load, load_str};

fn pounds(p: i64) -> Money {
    Money(p * 100)
}

/// Amounts by id, as literals in a test write them.
type Pairs<'a> = Vec<(&'a str, Money)>;

/// (id, amount) pairs, for comparing lists of amounts with literals.
fn pairs(xs: &[ecomap::analysis::funding::Amount]) -> Pairs<'_> {
    xs.iter().map(|a| (a.id.as_str(), a.amount)).collect()
}

#[test]
fn earmarked_money_reaches_only_the_services_it_is_for() {
    // examples/funding-earmark.yaml, worked by hand:
    //
    // `ca` receives dwp £90,000 for [connect, skills], lottery £30,000 for [mentoring], dfe £45,000
    // pooled, and pays connect £100,000, skills £50,000, mentoring £20,000 (£170,000).
    // dwp's £90,000 is shared as ca pays the two, 100:50: connect £60,000, skills £30,000 (each
    // within what ca pays it). The lottery's £30,000 meets mentoring's £20,000; £10,000 is left.
    // Earmarked money used: £110,000. The pool pays the rest: £170,000 − £110,000 = £60,000, of
    // which dfe brings £45,000, so £15,000 is ca's own money; pool 45:15 = 3:1.
    // connect's other £40,000 from the pool: dfe £30,000 + ca £10,000; skills' £20,000: dfe
    // £15,000 + ca £5,000. Not spent: £10,000, all of it the lottery's.
    let f = funding_of(&load("examples/funding-earmark.yaml"));
    let ca = f
        .commissioners
        .iter()
        .find(|c| c.id.as_str() == "ca")
        .expect("ca");
    assert_eq!(
        (ca.received, ca.own, ca.spend_on_services, ca.unspent),
        (
            pounds(165_000),
            pounds(15_000),
            pounds(170_000),
            pounds(10_000)
        )
    );
    assert_eq!(pairs(&ca.unspent_origins), [("lottery", pounds(10_000))]);
    let marks: Vec<(&str, Pairs<'_>, Money)> = ca
        .earmarks
        .iter()
        .map(|e| (e.from.as_str(), pairs(&e.reaches), e.unspent))
        .collect();
    assert_eq!(
        marks,
        [
            (
                "dwp",
                vec![("connect", pounds(60_000)), ("skills", pounds(30_000))],
                Money::ZERO
            ),
            (
                "lottery",
                vec![("mentoring", pounds(20_000))],
                pounds(10_000)
            ),
        ]
    );
    let service = |id: &str| {
        f.services
            .iter()
            .find(|s| s.id.as_str() == id)
            .expect("service")
    };
    assert_eq!(
        pairs(&service("connect").origins),
        [
            ("dwp", pounds(60_000)),
            ("dfe", pounds(30_000)),
            ("ca", pounds(10_000))
        ]
    );
    assert_eq!(service("connect").earmarked, pounds(60_000));
    assert_eq!(
        pairs(&service("skills").origins),
        [
            ("dwp", pounds(30_000)),
            ("dfe", pounds(15_000)),
            ("ca", pounds(5_000))
        ]
    );
    assert_eq!(
        pairs(&service("mentoring").origins),
        [("lottery", pounds(20_000))]
    );
    assert_eq!(f.totals.entering, pounds(180_000));
    assert_eq!(f.totals.to_services, pounds(170_000));
    assert_eq!(f.totals.unspent, pounds(10_000));
}

#[test]
fn earmarked_money_beyond_what_is_paid_is_not_spent_and_the_rest_is_own_money() {
    // `c` receives £500 from `f` for `s` alone but pays `s` only £300 and `t` £400. The £200 it
    // cannot spend on `s` is not spent on the map (it may not pay `t`), so all of `t`'s £400 is
    // `c`'s own money: received £500 + own £400 = to services £700 + not spent £200.
    let eco = load_str(
        "area: { id: t, name: T }
commissioners:
  f: { name: F }
  c: { name: C, funded_by: [ { from: f, amount: 500, for: [s] } ] }
services:
  s: { name: S, stages: [job-search], funding: [ { from: c, amount: 300 } ] }
  t: { name: T, stages: [job-search], funding: [ { from: c, amount: 400 } ] }
",
    );
    let f = funding_of(&eco);
    let c = &f.commissioners[1];
    assert_eq!(
        (c.received, c.own, c.spend_on_services, c.unspent),
        (pounds(500), pounds(400), pounds(700), pounds(200))
    );
    assert_eq!(pairs(&f.services[0].origins), [("f", pounds(300))]);
    assert_eq!(pairs(&f.services[1].origins), [("c", pounds(400))]);
}

/// Every figure of a funding result, keyed by what it is about rather than by its place in a
/// list: listing services or cohorts in another order must give the same map of figures.
fn figures(f: &Funding) -> BTreeMap<String, String> {
    fn walk(path: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
        match v {
            serde_json::Value::Array(items) => {
                let mut seen: BTreeMap<String, usize> = BTreeMap::new();
                for item in items {
                    // An item is named by the ids it carries; twins are numbered in turn.
                    let name: Vec<String> = [
                        "id", "from", "to", "origin", "payer", "service", "cohort", "stage",
                        "evidence", "reading",
                    ]
                    .iter()
                    .filter_map(|k| item.get(*k).map(|x| format!("{k}={x}")))
                    .collect();
                    let name = if name.is_empty() {
                        item.to_string()
                    } else {
                        name.join(",")
                    };
                    let n = seen.entry(name.clone()).or_default();
                    *n += 1;
                    walk(&format!("{path}[{name}#{n}]"), item, out);
                }
            }
            serde_json::Value::Object(fields) => {
                for (k, x) in fields {
                    walk(&format!("{path}.{k}"), x, out);
                }
            }
            _ => {
                out.insert(path.to_owned(), v.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        "",
        &serde_json::to_value(ecomap::export::json::Funding::from(f)).expect("funding serialises"),
        &mut out,
    );
    out
}

#[test]
fn listing_services_and_cohorts_in_another_order_changes_no_figure() {
    // examples/funding-order.yaml, worked by hand: the hub's £100.00 splits 30:30:30 over
    // a-one, b-two, c-three (10,000p ÷ 3 = 3,333p, the odd penny to the first by id): £33.34,
    // £33.33, £33.33; b-two's £33.33 over engagement and job search 1:1, the odd penny to
    // engagement (first in the map's stage order): £16.67 + £16.66. The club (capacity unknown)
    // by need, 10:10: £5.01 to a-one (first by id), £5.00 to c-three.
    let yaml = std::fs::read_to_string(crate::support::path("examples/funding-order.yaml"))
        .expect("the example is readable");
    let f = funding_of(&load_str(&yaml));
    let at = |service: &str| -> Vec<(&str, Money, Pairs<'_>)> {
        f.services
            .iter()
            .find(|s| s.id.as_str() == service)
            .expect("service")
            .cohorts
            .iter()
            .map(|c| {
                let stages = c
                    .stages
                    .iter()
                    .map(|st| (st.stage.as_str(), st.amount))
                    .collect();
                (c.cohort.as_str(), c.amount, stages)
            })
            .collect()
    };
    assert_eq!(
        at("hub"),
        [
            ("a-one", Money(3334), vec![("job-search", Money(3334))]),
            (
                "b-two",
                Money(3333),
                vec![("engagement", Money(1667)), ("job-search", Money(1666))]
            ),
            ("c-three", Money(3333), vec![("job-search", Money(3333))]),
        ]
    );
    assert_eq!(
        at("club"),
        [
            ("a-one", Money(501), vec![("in-work", Money(501))]),
            ("c-three", Money(500), vec![("in-work", Money(500))]),
        ]
    );

    // The same map with its services and cohorts, and the stages in each cohort's needs, written
    // in reverse: every figure, keyed by ids, is the same.
    let reversed = reverse_sections(&yaml, &["cohorts", "services"]);
    assert_ne!(yaml, reversed);
    let a = figures(&f);
    let b = figures(&funding_of(&load_str(&reversed)));
    let differ: Vec<(&String, &String, Option<&String>)> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| (k, v, b.get(k)))
        .collect();
    assert!(differ.is_empty(), "{differ:#?}");
    assert_eq!(a.len(), b.len());
}

/// `    needs: { a: 0.1, b: 0.2 }` written `    needs: { b: 0.2, a: 0.1 }`; any other line as it is.
fn reverse_needs(line: &str) -> String {
    let Some((head, rest)) = line.split_once("needs: {") else {
        return line.to_owned();
    };
    let inner = rest.trim_end().trim_end_matches('}');
    let mut items: Vec<&str> = inner.split(',').map(str::trim).collect();
    items.reverse();
    format!("{head}needs: {{ {} }}", items.join(", "))
}

/// The map with the entries under each top-level key in `keys` written in reverse order, and each
/// cohort's needs too. Each entry is a line `  id: …` with its indented continuation lines.
fn reverse_sections(yaml: &str, keys: &[&str]) -> String {
    let mut out = Vec::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        out.push(line.to_owned());
        let key = line.trim_end_matches(':');
        if !keys.contains(&key) {
            continue;
        }
        let mut entries: Vec<Vec<String>> = Vec::new();
        while let Some(next) = lines.peek() {
            if !next.starts_with(' ') && !next.is_empty() {
                break;
            }
            let next = lines.next().unwrap_or_default();
            if next.starts_with("  ") && !next.starts_with("   ") {
                entries.push(vec![next.to_owned()]);
            } else if let Some(last) = entries.last_mut() {
                last.push(next.to_owned());
            }
        }
        entries.reverse();
        out.extend(entries.into_iter().flatten().map(|l| reverse_needs(&l)));
    }
    out.join("\n") + "\n"
}

#[test]
fn evidence_follows_the_sources_population_fidelity_and_employment_share() {
    // examples/funding-evidence.yaml, worked by hand (£300,000 on services):
    // ips £80,000 serves 40 of smi (care: secondary), 20 of cmd (care: primary), 20 of unsettled
    // (no care): 40:20:20 = £40,000 strong, £20,000 emerging (IPS in primary care, 004 §44),
    // £20,000 unknown (care setting not settled). ips-low £10,000 scores 70 < 74 (fair): limited,
    // as specialist employment. advisers £30,000: limited (004 §42). atw £50,000: not rated. se
    // £25,000 (supported employment): emerging. programme £60,000 and groups £5,000: unknown.
    // day £40,000 × 0.25 = £10,000 against, £30,000 not employment support, not rated.
    // Strong 40; emerging 20 + 25 = 45; limited 10 + 30 = 40; against 10; unknown 20 + 60 + 5 =
    // 85; not rated 50 + 30 = 80 (thousands): 300 in all.
    use ecomap::analysis::funding::Reading;
    use ecomap::benchmarks::Evidence;
    let eco = load("examples/funding-evidence.yaml");
    let f = funding_of(&eco);
    let levels: Vec<(Evidence, Money, Pairs<'_>)> = f
        .evidence
        .iter()
        .map(|e| (e.evidence, e.spend, pairs(&e.services)))
        .collect();
    assert_eq!(
        levels,
        [
            (
                Evidence::Strong,
                pounds(40_000),
                vec![("ips", pounds(40_000))]
            ),
            (
                Evidence::Emerging,
                pounds(45_000),
                vec![("ips", pounds(20_000)), ("se", pounds(25_000))]
            ),
            (
                Evidence::Limited,
                pounds(40_000),
                vec![("ips-low", pounds(10_000)), ("advisers", pounds(30_000))]
            ),
            (
                Evidence::Against,
                pounds(10_000),
                vec![("day", pounds(10_000))]
            ),
            (
                Evidence::Unknown,
                pounds(85_000),
                vec![
                    ("ips", pounds(20_000)),
                    ("programme", pounds(60_000)),
                    ("groups", pounds(5_000))
                ]
            ),
            (
                Evidence::NotRated,
                pounds(80_000),
                vec![("atw", pounds(50_000)), ("day", pounds(30_000))]
            ),
        ]
    );
    let why: Vec<(Evidence, Reading, Money)> = f
        .evidence
        .iter()
        .flat_map(|e| &e.readings)
        .map(|r| (r.evidence, r.reading, r.amount))
        .collect();
    assert_eq!(
        why,
        [
            (
                Evidence::Emerging,
                Reading::OutsidePopulation,
                pounds(20_000)
            ),
            (
                Evidence::Limited,
                Reading::BelowFairFidelity,
                pounds(10_000)
            ),
            (
                Evidence::Unknown,
                Reading::PopulationUndetermined,
                pounds(20_000)
            ),
            (Evidence::NotRated, Reading::NotEmployment, pounds(30_000)),
        ]
    );
    // The summary reads the same numbers: 40,000 of 300,000 = 13.3%.
    let key = crate::support::report_of(&eco).key.funding;
    assert_eq!(key.strong_evidence.spend, pounds(40_000));
    assert!(crate::support::close(
        key.strong_evidence.share,
        40.0 / 300.0
    ));
    assert_eq!(key.limited_evidence.spend, pounds(40_000));
    assert_eq!(key.evidence_unknown.spend, pounds(85_000));
    assert_eq!(key.evidence_against.spend, pounds(10_000));
    // 003's specialist spend is employment-support money of a rated or unknown model that reaches
    // a cohort: only ips reaches cohorts here, £80,000, split 40:20:20.
    let specialist: Vec<(&str, Money)> = f
        .fair_shares
        .iter()
        .map(|s| (s.cohort.as_str(), s.specialist_spend))
        .collect();
    assert_eq!(
        specialist,
        [
            ("smi", pounds(40_000)),
            ("cmd", pounds(20_000)),
            ("unsettled", pounds(20_000))
        ]
    );
}

#[test]
fn a_cohorts_place_in_the_secondary_care_population_is_read_from_its_care() {
    // `care: secondary` alone is in; care words without `secondary` are out; a mix with it, no
    // `care`, or a number are not settled by the map.
    let eco = load_str(
        "area: { id: t, name: T }
cohorts:
  in: { name: In, size: 10, attributes: { care: secondary } }
  out: { name: Out, size: 10, attributes: { care: [primary, none] } }
  mixed: { name: Mixed, size: 10, attributes: { care: [secondary, primary] } }
  silent: { name: Silent, size: 10 }
  odd: { name: Odd, size: 10, attributes: { care: 3 } }
",
    );
    let read: Vec<(&str, Option<bool>)> = eco
        .map
        .cohorts
        .values()
        .map(|c| {
            (
                c.id.as_str(),
                ecomap::analysis::funding::in_secondary_care(c),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("in", Some(true)),
            ("out", Some(false)),
            ("mixed", None),
            ("silent", None),
            ("odd", None)
        ]
    );
}
