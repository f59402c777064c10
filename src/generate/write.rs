//! Writes a generated map as YAML in the layout of the hand-written maps (`docs/format.md`):
//! area, commissioners, providers, rules, cohorts, services, accepted overlaps, each entity a block
//! and its conditions, attributes and lists in flow style. Every scalar goes through
//! [`super::yaml`], which quotes and escapes it where needed.

use super::parts::{Generated, Line, Service, needs_value};
use super::value::{Value, map, word};
use super::yaml::Yaml;

/// The map as YAML, after the comment lines of `header`.
pub(super) fn write(g: &Generated, header: &str) -> String {
    let mut y = Yaml::default();
    y.comment(header);
    y.blank();
    area(&mut y, g);
    y.blank();
    y.open(0, "commissioners");
    for c in &g.commissioners {
        y.open(1, &c.id);
        y.entry(2, "name", &word(&c.name));
        y.entry(2, "kind", &word(c.kind));
        if let Some(line) = &c.funded_by {
            y.open(2, "funded_by");
            funding_line(&mut y, 3, line);
        }
    }
    y.blank();
    y.open(0, "providers");
    for p in &g.providers {
        y.open(1, &p.id);
        y.entry(2, "name", &word(&p.name));
        y.entry(2, "sector", &word(p.sector));
    }
    y.blank();
    y.open(0, "rules");
    for (id, body) in &g.rules {
        y.open(1, id);
        rule_body(&mut y, body);
    }
    y.blank();
    y.open(0, "cohorts");
    for c in &g.cohorts {
        y.open(1, &c.id);
        y.entry(2, "name", &word(&c.name));
        y.entry(2, "size", &Value::Int(c.size));
        let attributes = Value::Map(
            c.attributes
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        );
        y.entry(2, "attributes", &attributes);
        y.entry(2, "needs", &needs_value(&c.needs));
        y.entry(2, "enters_via", &ids(g, &c.enters_via));
    }
    y.blank();
    y.open(0, "services");
    for s in &g.services {
        service(&mut y, g, s);
    }
    if !g.accepted.is_empty() {
        y.blank();
        y.open(0, "accepted_overlaps");
        for a in &g.accepted {
            y.item_entry(1, "services", &ids(g, &a.services));
            y.entry(2, "reason", &word(a.reason));
        }
    }
    y.finish()
}

/// Service ids from their indices.
fn ids(g: &Generated, services: &[usize]) -> Value {
    Value::List(services.iter().map(|&s| word(&g.services[s].id)).collect())
}

fn area(y: &mut Yaml, g: &Generated) {
    let a = &g.area;
    let source = word("Invented for this synthetic map by ecomap generate");
    y.open(0, "area");
    y.entry(1, "id", &word(&a.id));
    y.entry(1, "name", &word(&a.name));
    y.entry(1, "period", &word("2025-26"));
    y.entry(1, "currency", &word("GBP"));
    y.entry(1, "population", &Value::Int(a.population));
    y.entry(1, "working_age_population", &Value::Int(a.working_age));
    y.open(1, "figures");
    y.entry(2, "secondary_care_caseload", &Value::Int(a.caseload));
    y.entry(2, "secondary_care_in_work", &super::value::share(a.in_work));
    y.entry(2, "community_mental_health_teams", &Value::Int(a.cmhts));
    y.entry(
        2,
        "talking_therapies_therapists_wte",
        &Value::Int(a.therapists),
    );
    y.entry(2, "source", &source);
    y.entry(1, "source", &source);
}

/// A rule's keys: its description as text, `all` and `any` as block lists, the rest in flow style.
fn rule_body(y: &mut Yaml, body: &Value) {
    let Value::Map(entries) = body else {
        return;
    };
    for (k, v) in entries {
        match (k.as_str(), v) {
            ("all" | "any", Value::List(items)) => {
                y.open(2, k);
                for item in items {
                    match item {
                        Value::Map(e) if e.len() == 1 => y.item_entry(3, &e[0].0, &e[0].1),
                        other => y.item(3, other),
                    }
                }
            }
            _ => y.entry(2, k, v),
        }
    }
}

fn service(y: &mut Yaml, g: &Generated, s: &Service) {
    y.open(1, &s.id);
    y.entry(2, "name", &word(&s.name));
    y.entry(2, "provider", &word(&s.provider));
    y.entry(2, "model", &word(s.model));
    y.entry(
        2,
        "stages",
        &Value::List(s.stages.iter().map(|x| word(x)).collect()),
    );
    if let Some(e) = &s.eligibility {
        y.entry(2, "eligibility", e);
    }
    if s.self_referral || !s.referred_from.is_empty() {
        let mut r = Vec::new();
        if s.self_referral {
            r.push(("self", Value::True));
        }
        if !s.referred_from.is_empty() {
            r.push(("from", ids(g, &s.referred_from)));
        }
        y.entry(2, "referral", &map(r));
    }
    if let Some(c) = &s.capacity {
        let mut e = vec![("people_per_year", Value::Int(c.people))];
        if let Some(h) = c.wte_halves {
            e.push((
                "wte",
                Value::Dec {
                    units: 5 * h,
                    places: 1,
                },
            ));
        }
        if let Some(n) = c.caseload {
            e.push(("caseload", Value::Int(n)));
        }
        y.entry(2, "capacity", &map(e));
    }
    if let Some(f) = s.fidelity {
        y.entry(2, "fidelity", &Value::Int(f));
    }
    if let Some(o) = &s.outcomes {
        let e = vec![
            ("people_supported", Value::Int(o.people_supported)),
            ("job_starts", Value::Int(o.job_starts)),
            ("sustained_13_weeks", Value::Int(o.sustained_13_weeks)),
        ];
        y.entry(2, "outcomes", &map(e));
    }
    if !s.funding.is_empty() {
        y.open(2, "funding");
        for line in &s.funding {
            funding_line(y, 3, line);
        }
    }
}

fn funding_line(y: &mut Yaml, level: usize, line: &Line) {
    y.item_entry(level, "from", &word(&line.from));
    y.entry(level + 1, "amount", &Value::Int(line.amount));
    if let Some((start, end)) = line.contract {
        y.entry(
            level + 1,
            "contract",
            &map(vec![
                ("start", Value::Date(start)),
                ("end", Value::Date(end)),
            ]),
        );
    }
}
