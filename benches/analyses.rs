//! How the analyses scale with the size of a map. Run with `cargo bench --bench analyses`; compare
//! the figures of one run with each other (ratios), not with another machine's. docs/performance.md
//! records the ratios of one run.
//!
//! Maps are generated: `n` services in chains of referrals, `n / 3` cohorts entering at the chains'
//! heads, a few named rules, a mix of service models (so funding has several evidence levels and
//! the capacity checks have IPS services to look at), funding from a handful of commissioners, one
//! of them funded by another, and the area figures the capacity benchmarks need.
//!
//! Each benchmark is what one command runs, from the loaded map: `routes`, `gaps` (`ecomap gaps`:
//! routes, sharing of places, gaps and coverage), `overlap`, `sharing` (places shared between
//! cohorts: the most people served, split as fairly as that allows, by linear programmes),
//! `funding`, `capacity` (against the benchmark table), `report` (every analysis of
//! `ecomap report`) and `report+markdown` (the report written as Markdown too).

use std::fmt::Write;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ecomap::analysis::{benchmarks, capacity, funding, report, routes};
use ecomap::benchmarks::Benchmarks;
use ecomap::export::markdown;
use ecomap::graph::Ecosystem;
use ecomap::load::{Sources, parse};
use ecomap::model::Map;
use ecomap::validate::{Options, validate};

const STAGES: &[&str] = &["engagement", "job-search", "in-work", "retention", "skills"];

/// Models in turn: strong, strong, limited, against and emerging evidence (the built-in table).
const MODELS: &[&str] = &[
    "ips",
    "ips",
    "specialist-employment",
    "sheltered-work",
    "employment-adviser",
];

/// A synthetic map with `n` services.
fn generate(n: usize) -> String {
    let mut y = String::from(
        "area: { id: synthetic, name: Synthetic, population: 1000000, figures: { secondary_care_caseload: 5000, secondary_care_in_work: 0.08, community_mental_health_teams: 10, talking_therapies_therapists_wte: 80 } }\n",
    );
    y.push_str("commissioners:\n");
    for c in 0..5 {
        let funded = if c == 4 {
            ", funded_by: [ { from: c0, amount: 50000 } ]"
        } else {
            ""
        };
        let _ = writeln!(y, "  c{c}: {{ name: Commissioner {c}, kind: nhs{funded} }}");
    }
    y.push_str("providers:\n  p0: { name: Provider, sector: voluntary }\n");
    y.push_str("rules:\n  secondary: { care: secondary }\n  claimant: { benefit: [esa, uc] }\n");
    y.push_str("  either: { any: [ { rule: secondary }, { rule: claimant } ] }\n");
    y.push_str("services:\n");
    for s in 0..n {
        let stages = format!("[{}, {}]", STAGES[s % 5], STAGES[(s + 1) % 5]);
        let rule = ["", "eligibility: secondary, ", "eligibility: either, "][s % 3];
        let referral = if s % 10 == 0 {
            "{ self: true }".to_owned()
        } else {
            format!("{{ from: [s{}] }}", s - 1)
        };
        let model = MODELS[s % MODELS.len()];
        let fidelity = if model == "ips" {
            format!(", fidelity: {}", 70 + s % 50)
        } else {
            String::new()
        };
        let _ = writeln!(
            y,
            "  s{s}: {{ name: Service {s}, provider: p0, model: {model}, stages: {stages}, {rule}referral: {referral}, capacity: {{ people_per_year: {}, wte: {}, caseload: {} }}{fidelity}, funding: [ {{ from: c{}, amount: {} }} ] }}",
            20 + s % 50,
            1 + s % 3,
            15 + s % 12,
            s % 5,
            10_000 + s * 100
        );
    }
    y.push_str("cohorts:\n");
    for c in 0..(n / 3).max(1) {
        let care = ["secondary", "primary", "none"][c % 3];
        let _ = writeln!(
            y,
            "  k{c}: {{ name: Cohort {c}, size: {}, attributes: {{ care: {care}, benefit: esa }}, needs: {{ engagement: 0.3, job-search: 0.3, in-work: 0.2 }}, enters_via: [s{}] }}",
            100 + c * 7,
            (c * 10) % n
        );
    }
    y
}

fn load(text: &str) -> Map {
    let mut sources = Sources::default();
    sources.add("bench.yaml", text);
    let (files, _) = parse(&sources);
    let (map, diagnostics) = validate(sources, files, Options::default());
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    map
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyses");
    group.sample_size(10);
    let table = Benchmarks::builtin();
    for n in [30, 120, 480] {
        let text = generate(n);
        group.bench_with_input(BenchmarkId::new("load+validate", n), &text, |b, t| {
            b.iter(|| load(black_box(t)))
        });
        let map = load(&text);
        group.bench_with_input(BenchmarkId::new("graph", n), &map, |b, m| {
            b.iter(|| Ecosystem::new(black_box(m.clone())))
        });
        let eco = Ecosystem::new(map);
        group.bench_with_input(BenchmarkId::new("routes", n), &eco, |b, e| {
            b.iter(|| {
                let reach = routes::Reach::compute(e);
                routes::routes(e, &reach)
            })
        });
        let reach = routes::Reach::compute(&eco);
        group.bench_with_input(BenchmarkId::new("sharing", n), &eco, |b, e| {
            b.iter(|| capacity::allocate(e, &reach))
        });
        group.bench_with_input(BenchmarkId::new("gaps", n), &eco, |b, e| {
            b.iter(|| report::find_gaps(e))
        });
        group.bench_with_input(BenchmarkId::new("overlap", n), &eco, |b, e| {
            b.iter(|| report::find_overlaps(e))
        });
        group.bench_with_input(BenchmarkId::new("funding", n), &eco, |b, e| {
            b.iter(|| funding::funding(e, &table))
        });
        group.bench_with_input(BenchmarkId::new("capacity", n), &eco, |b, e| {
            b.iter(|| benchmarks::capacity(e, &table))
        });
        group.bench_with_input(BenchmarkId::new("report", n), &eco, |b, e| {
            b.iter(|| report::report(e, &table))
        });
        group.bench_with_input(BenchmarkId::new("report+markdown", n), &eco, |b, e| {
            b.iter(|| markdown::report(&report::report(e, &table)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
