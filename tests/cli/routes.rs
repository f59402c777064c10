//! Routes: a chain of referrals through several services, eligibility that holds only through
//! `any`, Riverside's routes against what its author intended; and laws: adding a service never
//! removes a route, and the sharing of places is a maximum flow.

use std::fmt::Write;

use crate::support::{analyse, bundled_maps, load, load_str};
use ecomap::analysis::capacity::{Supply, allocate};
use ecomap::analysis::coverage::Status;
use ecomap::analysis::gaps::GapKind;
use ecomap::analysis::routes::{Reach, Start, routes};
use petgraph::algo::dinics;
use petgraph::graph::DiGraph;
use proptest::prelude::*;

#[test]
fn referral_lists_are_in_file_order() {
    // examples/referral-chain.yaml, services in file order: gp 0, forensic 1, cmht 2,
    // recovery-college 3, work-placement 4. work-placement lists `from: [recovery-college,
    // forensic]`, but its sources come in file order: forensic, then recovery-college.
    let eco = load("examples/referral-chain.yaml");
    assert_eq!(eco.referral_sources(4), &[1, 3]);
    // gp refers to forensic and cmht; cmht to recovery-college; the placement to no one.
    assert_eq!(eco.referral_targets(0), &[1, 2]);
    assert_eq!(eco.referral_targets(2), &[3]);
    assert!(eco.referral_targets(4).is_empty());
    // smi enters at gp.
    assert_eq!(eco.entry_points(0), &[0]);
    // Out of range: nothing, not a panic.
    assert!(eco.referral_targets(99).is_empty());
}

#[test]
fn the_graph_keeps_its_invariants_on_every_bundled_map() {
    let maps = bundled_maps();
    assert!(maps.len() > 20, "{maps:?}");
    for m in maps {
        let broken = load(&m).verify();
        assert!(broken.is_empty(), "{m}: {broken:?}");
    }
}

#[test]
fn a_chain_of_four_services() {
    // smi enters at gp → cmht (secondary care: eligible) → recovery-college (open) →
    // work-placement. The forensic team also refers to the placement, but smi is not eligible for
    // it, so the shorter gp → forensic → work-placement is no route.
    let eco = load("examples/referral-chain.yaml");
    let reach = Reach::compute(&eco);
    let all = routes(&eco, &reach);
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].cohort.as_str(), all[0].need), ("smi", 30.0));
    assert_eq!(all[0].routes.len(), 1);
    let r = &all[0].routes[0];
    assert_eq!(r.path(), "gp → cmht → recovery-college → work-placement");
    assert_eq!(r.start, Start::Entry);
}

#[test]
fn eligible_only_through_any() {
    // Rule wrag-or-secondary: any of care secondary, benefit esa-wrag. `wrag` (care primary,
    // benefit esa-wrag) fails the first branch and passes the second: a route. `neither` (care
    // primary, benefit uc) fails both: not eligible, and the reason names both terms.
    let r = analyse("examples/eligibility-any.yaml");
    let wrag = r
        .cohort("wrag")
        .and_then(|c| c.stage("job-search"))
        .expect("a cell");
    assert_eq!(wrag.status, Status::Covered);
    assert_eq!(wrag.routes.len(), 1);
    assert_eq!(wrag.routes[0].path(), "employment");
    assert_eq!(wrag.routes[0].start, Start::SelfReferral);
    let g = r.gaps.find("neither", "job-search").expect("a gap");
    assert_eq!(g.kind, GapKind::NotEligible);
    let terms: Vec<&str> = g.blockers[0]
        .because
        .iter()
        .map(|t| t.attribute.as_str())
        .collect();
    assert_eq!(terms, ["care", "benefit"]);
}

/// Every route on Riverside, as the map's author intended it (service: chain), cohort-stages in map
/// order. Where a service is both an entry point and takes self-referrals, the chain starts there.
#[test]
fn riverside_routes_match_the_intended_outcomes() {
    let r = analyse("maps/riverside");
    let mut got = String::new();
    for c in r.coverage.cells() {
        let paths: Vec<String> = c.routes.iter().map(|r| r.path()).collect();
        let paths = if paths.is_empty() {
            format!("no route ({})", c.status.name())
        } else {
            paths.join("; ")
        };
        let _ = writeln!(got, "{} {}: {}", c.cohort, c.stage, paths);
    }
    // Chains are shortest, then in map order; a service people can walk into is a chain of one.
    // In-work support can also be joined after starting work: the out-of-work cohorts are then
    // `employed`, and Access to Work and its support service (in-or-starting-work, self-referral)
    // take them: `(in work) access-to-work`, a chain of one joined once in work.
    let want = "\
smi-secondary engagement: mind-employment; mind-peer-support; cmht → ips; cmht → sheltered-work; cmht → day-service
smi-secondary job-search: jobcentre; mind-employment; job-club; cmht → ips
smi-secondary in-work: (in work) access-to-work; (in work) atw-mhss; cmht → ips
smi-secondary benefits-advice: cab-benefits
eip-young engagement: no route (unreachable)
eip-young job-search: no route (unreachable)
eip-young in-work: no route (unreachable)
smi-primary job-search: jobcentre; connect-to-work; job-club
smi-primary in-work: (in work) access-to-work; (in work) atw-mhss; connect-to-work
smi-primary benefits-advice: cab-benefits
smi-primary skills: no route (undetermined)
uc-common engagement: connect-to-work; mind-peer-support
uc-common job-search: jobcentre; connect-to-work; job-club
uc-common in-work: (in work) access-to-work; (in work) atw-mhss; connect-to-work
uc-common benefits-advice: cab-benefits
uc-common skills: college-skills
esa-support engagement: connect-to-work; mind-employment; mind-peer-support
esa-support job-search: jobcentre; connect-to-work; mind-employment; job-club
esa-support in-work: (in work) access-to-work; (in work) atw-mhss; connect-to-work
esa-support benefits-advice: cab-benefits
young-claimant engagement: mind-peer-support; jobcentre → youth-hub
young-claimant job-search: jobcentre; job-club; jobcentre → youth-hub
young-claimant in-work: (in work) access-to-work; (in work) atw-mhss
young-claimant skills: jobcentre → youth-hub
young-nonclaimant engagement: no route (undetermined)
young-nonclaimant job-search: no route (not-eligible)
young-nonclaimant skills: no route (not-eligible)
common-off-sick retention: workwell; access-to-work; atw-mhss; gp → ips-primary-care; talking-therapies → tt-employment-advisers
common-off-sick employer-support: no route (no-service)
common-off-sick benefits-advice: cab-benefits
";
    assert_eq!(got, want);
}

/// A small random map: services s0… with stages, eligibility and referrals drawn from the
/// strategy; cohorts k0… with attributes, needs and an entry point.
#[derive(Debug, Clone)]
struct ServiceSpec {
    stages: Vec<usize>,
    rule: usize,
    self_referral: bool,
    from: Vec<usize>,
    places: Option<u64>,
}

#[derive(Debug, Clone)]
struct CohortSpec {
    care: usize,
    benefit: usize,
    size: u64,
    needs: Vec<usize>,
    enters: usize,
}

const STAGES: [&str; 3] = ["engagement", "job-search", "in-work"];
const RULES: [&str; 4] = ["", "secondary", "claimant", "either"];
const CARE: [&str; 2] = ["secondary", "primary"];
const BENEFIT: [&str; 3] = ["uc", "none", ""];

fn service_spec() -> impl Strategy<Value = ServiceSpec> {
    (
        proptest::sample::subsequence(vec![0usize, 1, 2], 1..=2),
        0..4usize,
        any::<bool>(),
        proptest::collection::vec(0..8usize, 0..3),
        proptest::option::of(0..60u64),
    )
        .prop_map(|(stages, rule, self_referral, from, places)| ServiceSpec {
            stages,
            rule,
            self_referral,
            from,
            places,
        })
}

fn cohort_spec() -> impl Strategy<Value = CohortSpec> {
    (
        0..2usize,
        0..3usize,
        10..200u64,
        proptest::sample::subsequence(vec![0usize, 1, 2], 1..=3),
        0..8usize,
    )
        .prop_map(|(care, benefit, size, needs, enters)| CohortSpec {
            care,
            benefit,
            size,
            needs,
            enters,
        })
}

fn yaml(services: &[ServiceSpec], cohorts: &[CohortSpec], extra: Option<&ServiceSpec>) -> String {
    let n = services.len();
    let mut y = String::from(
        "area: { id: t, name: T }\nrules:\n  secondary: { care: secondary }\n  claimant: { benefit: [uc, esa] }\n  either: { any: [ { rule: secondary }, { rule: claimant } ] }\nservices:\n",
    );
    let mut write_service = |id: String, s: &ServiceSpec| {
        let stages: Vec<&str> = s.stages.iter().map(|&i| STAGES[i]).collect();
        let mut from: Vec<String> = s
            .from
            .iter()
            .filter(|&&f| f < n)
            .map(|f| format!("s{f}"))
            .collect();
        from.retain(|f| *f != id);
        from.sort();
        from.dedup();
        let _ = write!(
            y,
            "  {id}: {{ name: {id}, model: job-club, stages: [{}], referral: {{ self: {}, from: [{}] }}",
            stages.join(", "),
            s.self_referral,
            from.join(", ")
        );
        if !RULES[s.rule].is_empty() {
            let _ = write!(y, ", eligibility: {}", RULES[s.rule]);
        }
        if let Some(p) = s.places {
            let _ = write!(y, ", capacity: {{ people_per_year: {p} }}");
        }
        y.push_str(" }\n");
    };
    for (i, s) in services.iter().enumerate() {
        write_service(format!("s{i}"), s);
    }
    if let Some(x) = extra {
        write_service("added".to_owned(), x);
    }
    y.push_str("cohorts:\n");
    for (i, c) in cohorts.iter().enumerate() {
        let needs: Vec<String> = c
            .needs
            .iter()
            .map(|&s| format!("{}: 0.5", STAGES[s]))
            .collect();
        let benefit = if BENEFIT[c.benefit].is_empty() {
            String::new()
        } else {
            format!(", benefit: {}", BENEFIT[c.benefit])
        };
        let _ = writeln!(
            y,
            "  k{i}: {{ name: k{i}, size: {}, attributes: {{ care: {}{benefit} }}, needs: {{ {} }}, enters_via: [s{}] }}",
            c.size,
            CARE[c.care],
            needs.join(", "),
            c.enters % n
        );
    }
    y
}

/// A cohort, a stage, and the services that route there with their chains' lengths.
type RouteRow = (String, String, Vec<(String, usize)>);

/// Every cohort-stage's routes.
fn route_table(yaml: &str) -> Vec<RouteRow> {
    let eco = load_str(yaml);
    let reach = Reach::compute(&eco);
    routes(&eco, &reach)
        .into_iter()
        .map(|r| {
            let services = r
                .routes
                .iter()
                .map(|x| (x.service.to_string(), x.chain.len()))
                .collect();
            (r.cohort.to_string(), r.stage.to_string(), services)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Adding a service never removes a route, and never makes a chain longer.
    #[test]
    fn adding_a_service_never_removes_a_route(
        services in proptest::collection::vec(service_spec(), 1..8),
        cohorts in proptest::collection::vec(cohort_spec(), 1..4),
        added in service_spec(),
    ) {
        let before = route_table(&yaml(&services, &cohorts, None));
        let after = route_table(&yaml(&services, &cohorts, Some(&added)));
        prop_assert_eq!(before.len(), after.len());
        for ((c, s, old), (c2, s2, new)) in before.iter().zip(&after) {
            prop_assert_eq!((c, s), (c2, s2));
            for (service, len) in old {
                let kept = new.iter().find(|(x, _)| x == service);
                prop_assert!(kept.is_some(), "{} lost its route to {} for {}", c, service, s);
                prop_assert!(kept.is_some_and(|(_, l)| l <= len));
            }
        }
    }

    /// Where every service offers one stage, the sharing of places is a maximum flow for each
    /// stage: its total equals petgraph's maximum flow over the same network (cohort-stages →
    /// the services they reach → the sink, each service's edge its places).
    #[test]
    fn with_one_stage_per_service_the_sharing_is_a_maximum_flow(
        services in proptest::collection::vec(service_spec(), 1..8),
        cohorts in proptest::collection::vec(cohort_spec(), 1..5),
    ) {
        let services: Vec<ServiceSpec> = services
            .into_iter()
            .map(|mut s| {
                s.stages.truncate(1);
                s
            })
            .collect();
        let eco = load_str(&yaml(&services, &cohorts, None));
        let reach = Reach::compute(&eco);
        let cap = allocate(&eco, &reach);
        for stage in STAGES {
            let mut g: DiGraph<(), f64> = DiGraph::new();
            let source = g.add_node(());
            let sink = g.add_node(());
            let nodes: Vec<_> = eco.map.services.values().map(|_| g.add_node(())).collect();
            for (i, s) in eco.map.services.values().enumerate() {
                if s.offers(stage) {
                    let places = s.capacity.people_per_year.map_or(1e12, |p| p as f64);
                    g.add_edge(nodes[i], sink, places);
                }
            }
            for (ci, c) in eco.map.cohorts.values().enumerate() {
                if !c.needs.contains_key(stage) {
                    continue;
                }
                let k = g.add_node(());
                g.add_edge(source, k, c.need(stage));
                for s in reach.options(&eco, ci, stage) {
                    g.add_edge(k, nodes[s], 1e12);
                }
            }
            let (most, _) = dinics(&g, source, sink);
            let at_stage: Vec<f64> = cap
                .allocations
                .iter()
                .filter(|a| a.stage.as_str() == stage)
                .map(|a| a.served)
                .collect();
            let served: f64 = at_stage.iter().sum();
            // Each allocation is given to a millionth of a person: three cohorts sharing one place
            // by need 30 : 73.5 : 48 are given 0.198020 + 0.485149 + 0.316832 = 1.000001.
            let slack = 1e-6 * most.max(1.0) + 5e-7 * at_stage.len() as f64;
            prop_assert!((served - most).abs() < slack, "stage {}: {} served, flow {}", stage, served, most);
        }
    }

    /// However the places are shared, no service holds more people than its places (a cohort
    /// holds, at a service, the most people it is given there for any one stage), no cohort-stage
    /// is given more than its need, and a shortfall's services are full.
    #[test]
    fn no_service_holds_more_people_than_its_places(
        services in proptest::collection::vec(service_spec(), 1..8),
        cohorts in proptest::collection::vec(cohort_spec(), 1..5),
    ) {
        let eco = load_str(&yaml(&services, &cohorts, None));
        let reach = Reach::compute(&eco);
        let cap = allocate(&eco, &reach);
        for a in &cap.allocations {
            prop_assert!(a.served <= a.need + 1e-4, "{} × {} given {} of {}", a.cohort, a.stage, a.served, a.need);
        }
        for (s, svc) in &eco.map.services {
            let held: f64 = eco
                .map
                .cohorts
                .keys()
                .map(|c| cap.held(c.as_str(), s.as_str()))
                .sum();
            if let Some(p) = svc.capacity.people_per_year {
                prop_assert!(held <= p as f64 + 1e-4, "{} holds {} in {} places", s, held, p);
            }
        }
        for a in cap.allocations.iter().filter(|a| a.supply == Supply::Short) {
            prop_assert!(!a.bottleneck.is_empty(), "{} × {} is short with no full service", a.cohort, a.stage);
        }
    }

    /// Listing the services and cohorts in another order changes no figure of the sharing.
    #[test]
    fn the_order_of_the_map_changes_no_figure(
        services in proptest::collection::vec(service_spec(), 1..7),
        cohorts in proptest::collection::vec(cohort_spec(), 1..4),
        turn in 1..7usize,
    ) {
        let figures = |yaml: &str| {
            let eco = load_str(yaml);
            let reach = Reach::compute(&eco);
            let mut out: Vec<(String, String, String, i64)> = Vec::new();
            for a in allocate(&eco, &reach).allocations {
                out.push((a.cohort.to_string(), a.stage.to_string(), String::new(), (a.served * 1e6).round() as i64));
                for (s, n) in a.by_service {
                    out.push((a.cohort.to_string(), a.stage.to_string(), s.to_string(), (n * 1e6).round() as i64));
                }
            }
            out.sort();
            out
        };
        let before = figures(&yaml(&services, &cohorts, None));
        let after = figures(&reversed_entries(&yaml(&services, &cohorts, None), turn));
        prop_assert_eq!(before, after);
    }
}

/// The map with the entries of its `services` and `cohorts` sections rotated by `turn` and
/// reversed: the same map, listed in another order.
fn reversed_entries(yaml: &str, turn: usize) -> String {
    let mut out = String::new();
    let mut section: Vec<String> = Vec::new();
    let flush = |out: &mut String, section: &mut Vec<String>| {
        if !section.is_empty() {
            let n = section.len();
            section.rotate_left(turn % n);
            section.reverse();
            for line in section.drain(..) {
                out.push_str(&line);
                out.push('\n');
            }
        }
    };
    for line in yaml.lines() {
        if line.starts_with("  ") && !line.starts_with("   ") {
            section.push(line.to_owned());
        } else {
            flush(&mut out, &mut section);
            out.push_str(line);
            out.push('\n');
        }
    }
    flush(&mut out, &mut section);
    out
}

#[test]
fn in_work_support_can_be_joined_after_starting_work() {
    // examples/after-start.yaml, worked in its header: claimants are unemployed, and both in-work
    // services take only people in work. Once in work they are `employed`: the helpline (walk-in)
    // and the coach (a referral from the jobcentre, which they use now) both serve them. No
    // continuity gap. Returners will work in the private sector (`after_start`), so the public
    // sector retention service excludes them now and once in work: not-eligible.
    let eco = load("examples/after-start.yaml");
    let reach = Reach::compute(&eco);
    let all = routes(&eco, &reach);
    let in_work = all
        .iter()
        .find(|r| r.cohort.as_str() == "claimants" && r.stage.as_str() == "in-work")
        .expect("claimants need in-work support");
    let paths: Vec<(String, Start, Option<usize>)> = in_work
        .routes
        .iter()
        .map(|r| (r.path(), r.start, r.after_start))
        .collect();
    assert_eq!(
        paths,
        [
            (
                "(in work) helpline".to_owned(),
                Start::SelfReferral,
                Some(0)
            ),
            (
                "jobcentre → (in work) coach".to_owned(),
                Start::Entry,
                Some(1)
            ),
        ]
    );
    let r = analyse("examples/after-start.yaml");
    let kinds: Vec<(&str, &str, GapKind)> = r
        .gaps
        .gaps
        .iter()
        .map(|g| (g.cohort.as_str(), g.stage.as_str(), g.kind))
        .collect();
    assert_eq!(kinds, [("returners", "retention", GapKind::NotEligible)]);
    let b = &r.gaps.gaps[0].blockers[0];
    assert!(b.after_start, "judged on the cohort once in work");
    assert_eq!(b.because[0].cohort_has.as_deref(), Some("private"));
}
