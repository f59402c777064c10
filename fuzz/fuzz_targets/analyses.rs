//! The analyses over generated maps: `arbitrary` builds a small map (commissioners funding each
//! other and services, services referring to each other, cohorts with attributes, needs and entry
//! points, rules, accepted overlaps, contracts) with names that need escaping, writes it as YAML,
//! and a map that passes validation goes through every analysis and every exporter: the report,
//! funding in each view, capacity, contracts, what-if, the diagrams, and (when `draw` is set) the
//! HTML page drawn by the built-in renderer. Nothing may panic; the graph's invariants must hold.
#![no_main]

use std::fmt::Write;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

const STAGES: &[&str] = &[
    "access",
    "engagement",
    "job-search",
    "in-work",
    "retention",
    "skills",
];
const MODELS: &[&str] = &[
    "ips",
    "job-club",
    "gateway",
    "employment-adviser",
    "sheltered-work",
    "peer-support",
];
const KINDS: &[&str] = &["nhs", "local_authority", "dwp", "charity", "lottery"];
const NAMES: &[&str] = &[
    "Plain",
    "<b>&amp;</b>",
    "=cmd|' /C calc'!A0",
    "a \"quoted\" \\ name",
    "Łódź",
    "javascript:x",
    "@evil",
    "tab\there",
    "-2+3",
];
const CARE: &[&str] = &["primary", "secondary", "none"];
const BENEFIT: &[&str] = &["esa", "uc", "jsa", "none"];

#[derive(Arbitrary, Debug)]
struct Line {
    from: u8,
    amount: u32,
    pence: u8,
    end_month: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Commissioner {
    kind: u8,
    name: u8,
    funded_by: Vec<Line>,
}

#[derive(Arbitrary, Debug)]
struct Service {
    name: u8,
    model: u8,
    stages: u8,
    provider: bool,
    eligibility: Option<Eligibility>,
    self_referral: bool,
    from: Vec<u8>,
    places: Option<u16>,
    wte: Option<u8>,
    fidelity: Option<u8>,
    funding: Vec<Line>,
}

#[derive(Arbitrary, Debug)]
enum Eligibility {
    Rule(u8),
    Care(u8),
    Age { min: u8, max: u8 },
}

#[derive(Arbitrary, Debug)]
struct Cohort {
    name: u8,
    size: u16,
    care: u8,
    benefit: u8,
    age: Option<(u8, u8)>,
    needs: Vec<(u8, u8)>,
    enters: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
enum Rule {
    Care(u8),
    Benefit(Vec<u8>),
    Not(u8),
    Any(u8, u8),
    Uses(u8),
}

#[derive(Arbitrary, Debug)]
struct SmallMap {
    commissioners: Vec<Commissioner>,
    services: Vec<Service>,
    cohorts: Vec<Cohort>,
    rules: Vec<Rule>,
    accepted: Vec<(u8, u8)>,
    benchmark: Option<u8>,
    /// Whether to draw the HTML page too (the built-in layout is the slow part).
    draw: bool,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\t', "\\t")
    )
}

fn line(y: &mut String, l: &Line, commissioners: usize) {
    let from = usize::from(l.from) % commissioners.max(1);
    let _ = write!(
        y,
        "      - {{ from: c{from}, amount: {}.{:02}",
        l.amount % 10_000_000,
        l.pence % 100
    );
    if let Some(m) = l.end_month {
        let _ = write!(
            y,
            ", contract: {{ start: 2024-04-01, end: 20{}-{:02}-28 }}",
            24 + m % 5,
            1 + m % 12
        );
    }
    y.push_str(" }\n");
}

impl SmallMap {
    fn yaml(&self) -> String {
        let (nc, ns, nk, nr) = (
            self.commissioners.len().min(5),
            self.services.len().min(8),
            self.cohorts.len().min(5),
            self.rules.len().min(4),
        );
        let mut y = String::from(
            "area:\n  id: fuzz\n  name: Fuzz\n  population: 100000\n  working_age_population: 60000\n  figures: { secondary_care_caseload: 500, secondary_care_in_work: 0.1, community_mental_health_teams: 2, talking_therapies_therapists_wte: 10 }\n",
        );
        y.push_str("providers:\n  p: { name: P, sector: nhs }\n");
        if nc > 0 {
            y.push_str("commissioners:\n");
        }
        for (i, c) in self.commissioners.iter().take(nc).enumerate() {
            let _ = writeln!(
                y,
                "  c{i}:\n    name: {}\n    kind: {}",
                quoted(pick(NAMES, c.name)),
                pick(KINDS, c.kind)
            );
            let lines: Vec<&Line> = c
                .funded_by
                .iter()
                .take(3)
                .filter(|l| usize::from(l.from) % nc != i)
                .collect();
            if !lines.is_empty() {
                y.push_str("    funded_by:\n");
                for l in lines {
                    line(&mut y, l, nc);
                }
            }
        }
        if nr > 0 {
            y.push_str("rules:\n");
        }
        for (i, r) in self.rules.iter().take(nr).enumerate() {
            let body = match r {
                Rule::Care(c) => format!("{{ care: {} }}", pick(CARE, *c)),
                Rule::Benefit(b) => format!(
                    "{{ benefit: [{}] }}",
                    b.iter()
                        .take(3)
                        .map(|b| pick(BENEFIT, *b))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Rule::Not(c) => format!("{{ not: {{ care: {} }} }}", pick(CARE, *c)),
                Rule::Any(a, b) => format!(
                    "{{ any: [{{ care: {} }}, {{ benefit: {} }}] }}",
                    pick(CARE, *a),
                    pick(BENEFIT, *b)
                ),
                // A rule may use another (a cycle is a map error, reported, not a crash).
                Rule::Uses(o) => format!("{{ rule: r{} }}", usize::from(*o) % nr),
            };
            let _ = writeln!(y, "  r{i}: {body}");
        }
        if nk > 0 {
            y.push_str("cohorts:\n");
        }
        for (i, k) in self.cohorts.iter().take(nk).enumerate() {
            let _ = write!(
                y,
                "  k{i}:\n    name: {}\n    size: {}\n    attributes: {{ care: {}, benefit: {}",
                quoted(pick(NAMES, k.name)),
                k.size,
                pick(CARE, k.care),
                pick(BENEFIT, k.benefit)
            );
            if let Some((a, b)) = k.age {
                let _ = write!(y, ", age: {{ min: {}, max: {} }}", a.min(b), a.max(b));
            }
            y.push_str(" }\n");
            let needs: Vec<String> = k
                .needs
                .iter()
                .take(4)
                .map(|(s, share)| {
                    format!("{}: {}", pick(STAGES, *s), f64::from(*share % 101) / 100.0)
                })
                .collect();
            let mut seen = Vec::new();
            let needs: Vec<String> = needs
                .into_iter()
                .filter(|n| {
                    let stage = n.split(':').next().unwrap_or("").to_owned();
                    let fresh = !seen.contains(&stage);
                    seen.push(stage);
                    fresh
                })
                .collect();
            if !needs.is_empty() {
                let _ = writeln!(y, "    needs: {{ {} }}", needs.join(", "));
            }
            if ns > 0 && !k.enters.is_empty() {
                let enters: Vec<String> = k
                    .enters
                    .iter()
                    .take(3)
                    .map(|e| format!("s{}", usize::from(*e) % ns))
                    .collect();
                let _ = writeln!(y, "    enters_via: [{}]", enters.join(", "));
            }
        }
        if ns > 0 {
            y.push_str("services:\n");
        }
        for (i, s) in self.services.iter().take(ns).enumerate() {
            let stages: Vec<&str> = STAGES
                .iter()
                .enumerate()
                .filter(|(b, _)| s.stages & (1 << b) != 0)
                .map(|(_, st)| *st)
                .collect();
            let _ = writeln!(
                y,
                "  s{i}:\n    name: {}\n    model: {}\n    stages: [{}]",
                quoted(pick(NAMES, s.name)),
                pick(MODELS, s.model),
                stages.join(", ")
            );
            if s.provider {
                y.push_str("    provider: p\n");
            }
            match &s.eligibility {
                Some(Eligibility::Rule(r)) if nr > 0 => {
                    let _ = writeln!(y, "    eligibility: r{}", usize::from(*r) % nr);
                }
                Some(Eligibility::Care(c)) => {
                    let _ = writeln!(y, "    eligibility: {{ care: {} }}", pick(CARE, *c));
                }
                Some(Eligibility::Age { min, max }) => {
                    let _ = writeln!(
                        y,
                        "    eligibility: {{ age: {{ min: {}, max: {} }} }}",
                        min.min(max),
                        min.max(max)
                    );
                }
                _ => {}
            }
            let from: Vec<String> = s
                .from
                .iter()
                .take(3)
                .map(|f| usize::from(*f) % ns)
                .filter(|f| *f != i)
                .map(|f| format!("s{f}"))
                .collect();
            let _ = writeln!(
                y,
                "    referral: {{ self: {}, from: [{}] }}",
                s.self_referral,
                from.join(", ")
            );
            if s.places.is_some() || s.wte.is_some() {
                y.push_str("    capacity: {");
                let mut parts = Vec::new();
                if let Some(p) = s.places {
                    parts.push(format!(" people_per_year: {p}"));
                }
                if let Some(w) = s.wte {
                    parts.push(format!(" wte: {}", f64::from(w) / 4.0));
                }
                let _ = writeln!(y, "{} }}", parts.join(","));
            }
            if let Some(f) = s.fidelity {
                let _ = writeln!(y, "    fidelity: {}", 25 + u32::from(f) % 101);
            }
            if nc > 0 && !s.funding.is_empty() {
                y.push_str("    funding:\n");
                for l in s.funding.iter().take(3) {
                    line(&mut y, l, nc);
                }
            }
        }
        let pairs: Vec<(usize, usize)> = self
            .accepted
            .iter()
            .take(2)
            .filter(|_| ns > 1)
            .map(|(a, b)| (usize::from(*a) % ns, usize::from(*b) % ns))
            .filter(|(a, b)| a != b)
            .collect();
        if !pairs.is_empty() {
            y.push_str("accepted_overlaps:\n");
            for (a, b) in pairs {
                let _ = writeln!(y, "  - {{ services: [s{a}, s{b}], reason: fine }}");
            }
        }
        if let Some(b) = self.benchmark {
            let _ = writeln!(
                y,
                "benchmarks: {{ ips-clients-per-specialist: {} }}",
                1 + u32::from(b)
            );
        }
        y
    }
}

fuzz_target!(|m: SmallMap| {
    use ecomap::export::csv::funding as funding_csv;
    use ecomap::export::text::funding as funding_text;
    use ecomap::export::{dot, html, json, markdown, retender};

    let yaml = m.yaml();
    let mut sources = ecomap::load::Sources::default();
    sources.add("fuzz.yaml", yaml);
    let (map, diagnostics) =
        ecomap::validate::check(&sources, ecomap::validate::Options::default());
    let _ = ecomap::diag::render::render(&diagnostics.0, &sources, false);
    let Some(map) = map else {
        return;
    };
    let eco = ecomap::graph::Ecosystem::new(map);
    assert_eq!(eco.verify(), Vec::<String>::new());
    let (table, _) = ecomap::benchmarks::resolve(Some(&eco.map), &[]);
    let inputs = ecomap::analysis::diagram::DiagramInputs::compute(&eco, &table);
    let _ = markdown::report(&inputs.report);
    let made = ecomap::date::Date::parse("2026-04-01").expect("a date");
    let provenance = ecomap::analysis::provenance::provenance(&eco, &table, "fuzz.yaml", made);
    let _ = json::document(&json::Report::new(&inputs.report, &provenance));
    let funding = ecomap::analysis::funding::funding(&eco, &table);
    for view in [
        funding_text::View::All,
        funding_text::View::Commissioner,
        funding_text::View::Service,
        funding_text::View::Cohort,
        funding_text::View::Stage,
        funding_text::View::Evidence,
    ] {
        let _ = funding_csv::funding(&funding, view);
        let _ = funding_text::funding(&funding, view);
    }
    let capacity = ecomap::analysis::benchmarks::capacity(&eco, &table);
    let _ = ecomap::export::text::benchmarks::capacity(&capacity);
    let as_of = ecomap::date::Date::parse("2025-01-01").expect("a date");
    let window = ecomap::analysis::contracts::Window::within_months(as_of, 24);
    let contracts = ecomap::analysis::contracts::contracts(&eco, window);
    let _ = retender::contracts_csv(&contracts);
    let _ = retender::contracts_text(&contracts);
    if let Some(first) = eco.map.services.keys().next() {
        let change = ecomap::analysis::whatif::Change::Without {
            services: vec![first.clone()],
        };
        if let Ok(w) = ecomap::analysis::whatif::what_if(&eco, &change) {
            let _ = retender::what_if_csv(&w);
            let _ = retender::what_if_text(&w);
        }
    }
    if let Some(first) = eco.map.commissioners.keys().next() {
        let change = ecomap::analysis::whatif::Change::Withdraw {
            commissioner: first.clone(),
        };
        let _ = ecomap::analysis::whatif::what_if(&eco, &change);
    }
    let mut views = vec![dot::View::Ecosystem, dot::View::Funding, dot::View::Overlap];
    views.extend((0..eco.map.cohorts.len()).map(|cohort| dot::View::Routes { cohort }));
    for view in &views {
        let _ = dot::draw(&eco, &inputs, view).to_dot();
    }
    if !m.draw {
        return;
    }
    let figures =
        ecomap::cli::figures::draw(&eco, &inputs, ecomap::export::picture::Renderer::Builtin);
    let page = html::page_of(&eco, &inputs, &figures, &provenance);
    // The built-in renderer's drawings pass the page's own filter: a refused one would be a bug.
    assert!(
        !page.notes.iter().any(|n| n.contains("the drawing")),
        "{:?}",
        page.notes
    );
});
