//! How the analyses scale with the size of a map. Run with `cargo bench`; compare the figures of one
//! run with each other (ratios), not with another machine's.
//!
//! Maps are generated: `n` services in chains of referrals, `n / 3` cohorts entering at the chains'
//! heads, a few named rules, and funding from a handful of commissioners.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ecomap::analysis::{capacity, routes};
use ecomap::graph::Ecosystem;
use ecomap::load::{Sources, parse};
use ecomap::model::Map;
use ecomap::validate::{Options, validate};

const STAGES: &[&str] = &["engagement", "job-search", "in-work", "retention", "skills"];

/// A synthetic map with `n` services.
fn generate(n: usize) -> String {
    let mut y = String::from("area: { id: synthetic, name: Synthetic, population: 1000000 }\n");
    y.push_str("commissioners:\n");
    for c in 0..5 {
        let _ = writeln!(y, "  c{c}: {{ name: Commissioner {c}, kind: nhs }}");
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
        let _ = writeln!(
            y,
            "  s{s}: {{ name: Service {s}, provider: p0, model: ips, stages: {stages}, {rule}referral: {referral}, capacity: {{ people_per_year: {} }}, funding: [ {{ from: c{}, amount: {} }} ] }}",
            20 + s % 50,
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
    validate(sources, files, Options::default()).0
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyses");
    group.sample_size(10);
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
        group.bench_with_input(BenchmarkId::new("capacity", n), &eco, |b, e| {
            b.iter(|| capacity::allocate(e, &reach))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
