//! Capacity against published benchmarks: what is mapped, set against the figures of the
//! benchmark table, with the working shown step by step so a commissioner can check every figure.
//!
//! Area figures a benchmark needs (`area.figures`) are read, never assumed: a missing one is named,
//! and the check stops where it was needed. Two figures can also be summed from the map's services
//! when the area does not give them (employment advisers from `employment-adviser` services,
//! primary-care specialists from `ips-primary-care` services, social-enterprise places from
//! `sheltered-work` services); the working says which was used. The one fallback to a national
//! rate (the share of people on secondary caseloads in work, 004 §36b) is said in the working.
//!
//! Checks come in a fixed order (IPS demand; each IPS service's health; each fidelity score;
//! 002's specialists, caseloads and social-enterprise places; talking-therapies advisers), services
//! in map order.

use serde::Serialize;

use crate::benchmarks::{Benchmark, Benchmarks, OverrideFrom, ids};
use crate::graph::Ecosystem;
use crate::model::{Id, Map, Service};

/// How a term enters a calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// The first term.
    Start,
    Plus,
    Minus,
    Times,
    Divide,
}

/// One term of a calculation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Term {
    pub op: Op,
    pub value: f64,
}

/// One line of working: a figure read from somewhere, or a calculation from lines above it.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub value: f64,
    /// What the value is.
    pub what: String,
    /// For a figure, where it comes from: `area.figures.<name>`, a benchmark id, `service <id>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For a calculation, its terms in order (the value is computed from them, left to right).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calculation: Vec<Term>,
}

/// The mark a mapped figure is held against.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Mark {
    AtLeast {
        value: f64,
    },
    AtMost {
        value: f64,
    },
    /// The low and high cases of a range.
    Between {
        low: f64,
        high: f64,
    },
}

/// Where a mapped figure stands against its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    Under,
    /// At the mark (for a range: within it).
    At,
    Over,
}

/// A mapped figure against a mark.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub what: String,
    pub mapped: f64,
    pub mark: Mark,
    pub standing: Standing,
    /// Whether the mapped figure meets the benchmark (at least / at most / within).
    pub meets: bool,
    /// The benchmarks behind the mark.
    pub benchmarks: Vec<String>,
}

/// One benchmark check with its working.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// A stable name: `ips-demand`, `ips-service-health`, `ips-fidelity`, `cmht-specialists`,
    /// `primary-care-specialists`, `caseloads`, `social-enterprise-places`, `talking-therapies-advisers`.
    pub check: &'static str,
    pub title: String,
    /// The service checked, for checks of one service.
    pub service: Option<Id>,
    pub working: Vec<Step>,
    pub comparisons: Vec<Comparison>,
    /// Area figures (or service fields) it needed and the map does not give.
    pub missing: Vec<String>,
    pub notes: Vec<String>,
    /// For a fidelity check: the score's band.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<FidelityBand>,
    /// Benchmarks used, in table order.
    pub benchmarks: Vec<String>,
}

/// A benchmark whose value is not the built-in one.
#[derive(Debug, Clone, Serialize)]
pub struct Overridden {
    pub id: String,
    pub builtin: Option<f64>,
    pub value: f64,
    pub by: OverrideFrom,
}

/// The IPS workforce the area needs (004 §36-39) against what the map has: the headline of the
/// capacity report, read from the `ips-demand` check.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IpsWorkforce {
    /// Employment specialists needed, low case (30% wanting work).
    pub needed_low: f64,
    /// Employment specialists needed, high case (50% wanting work).
    pub needed_high: f64,
    /// WTE of the `ips` services mapped; `None` when one of them states none.
    pub mapped: Option<f64>,
    /// Where `mapped` stands against the range needed; `None` when `mapped` is.
    pub standing: Option<Standing>,
}

/// `ecomap capacity`.
#[derive(Debug, Clone, Serialize)]
pub struct CapacityReport {
    pub area: String,
    /// The IPS workforce needed against that mapped; `None` when the area figures it needs are
    /// missing.
    pub ips_workforce: Option<IpsWorkforce>,
    pub checks: Vec<Check>,
    /// Every area figure some check needed and did not find, with the checks, in check order.
    pub missing_figures: Vec<MissingFigure>,
    pub overridden: Vec<Overridden>,
    /// The benchmarks the checks used, in table order, with their sources.
    pub sources: Vec<Benchmark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissingFigure {
    pub figure: String,
    pub needed_for: Vec<&'static str>,
}

/// A figure band of the IPS-25 fidelity scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FidelityBand {
    Exemplary,
    Good,
    Fair,
    /// Below fair: not supported employment.
    NotSupportedEmployment,
}

impl FidelityBand {
    pub fn words(self) -> &'static str {
        match self {
            FidelityBand::Exemplary => "exemplary",
            FidelityBand::Good => "good",
            FidelityBand::Fair => "fair",
            FidelityBand::NotSupportedEmployment => "not supported employment",
        }
    }
}

/// The band of an IPS-25 score, with the table's band floors.
pub fn fidelity_band(score: f64, b: &Benchmarks) -> FidelityBand {
    if score >= b.value(ids::FIDELITY_EXEMPLARY) {
        FidelityBand::Exemplary
    } else if score >= b.value(ids::FIDELITY_GOOD) {
        FidelityBand::Good
    } else if score >= b.value(ids::FIDELITY_FAIR) {
        FidelityBand::Fair
    } else {
        FidelityBand::NotSupportedEmployment
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Places `mapped` against `mark`.
pub fn compare(
    what: impl Into<String>,
    mapped: f64,
    mark: Mark,
    benchmarks: &[&str],
) -> Comparison {
    let (standing, meets) = match mark {
        Mark::AtLeast { value } | Mark::AtMost { value } => {
            let standing = if close(mapped, value) {
                Standing::At
            } else if mapped < value {
                Standing::Under
            } else {
                Standing::Over
            };
            let meets = match mark {
                Mark::AtLeast { .. } => standing != Standing::Under,
                _ => standing != Standing::Over,
            };
            (standing, meets)
        }
        Mark::Between { low, high } => {
            let standing = if mapped < low && !close(mapped, low) {
                Standing::Under
            } else if mapped > high && !close(mapped, high) {
                Standing::Over
            } else {
                Standing::At
            };
            (standing, standing == Standing::At)
        }
    };
    Comparison {
        what: what.into(),
        mapped,
        mark,
        standing,
        meets,
        benchmarks: benchmarks.iter().map(|s| (*s).to_owned()).collect(),
    }
}

struct Builder<'a> {
    check: Check,
    table: &'a Benchmarks,
}

impl<'a> Builder<'a> {
    fn new(check: &'static str, title: impl Into<String>, table: &'a Benchmarks) -> Self {
        Builder {
            check: Check {
                check,
                title: title.into(),
                service: None,
                working: Vec::new(),
                comparisons: Vec::new(),
                missing: Vec::new(),
                notes: Vec::new(),
                band: None,
                benchmarks: Vec::new(),
            },
            table,
        }
    }

    /// A figure read from `from`.
    fn fig(&mut self, value: f64, what: impl Into<String>, from: impl Into<String>) -> f64 {
        self.check.working.push(Step {
            value,
            what: what.into(),
            from: Some(from.into()),
            calculation: Vec::new(),
        });
        value
    }

    /// A benchmark's value: a line of working the first time the check uses it.
    fn bench(&mut self, id: &str, what: impl Into<String>) -> f64 {
        let b = self.table.at(id);
        if !self.check.benchmarks.iter().any(|x| x == id) {
            self.check.benchmarks.push(id.to_owned());
            let (value, from) = (b.value, b.cite());
            self.fig(value, what, from);
        }
        b.value
    }

    /// A calculation, computed left to right from `terms`.
    fn calc(&mut self, what: impl Into<String>, terms: &[(Op, f64)]) -> f64 {
        let mut value = 0.0;
        for &(op, v) in terms {
            value = match op {
                Op::Start => v,
                Op::Plus => value + v,
                Op::Minus => value - v,
                Op::Times => value * v,
                Op::Divide => value / v,
            };
        }
        self.check.working.push(Step {
            value,
            what: what.into(),
            from: None,
            calculation: terms
                .iter()
                .map(|&(op, value)| Term { op, value })
                .collect(),
        });
        value
    }

    fn compare(&mut self, c: Comparison) {
        for b in &c.benchmarks {
            if !self.check.benchmarks.contains(b) {
                self.check.benchmarks.push(b.clone());
            }
        }
        self.check.comparisons.push(c);
    }

    fn missing(&mut self, what: impl Into<String>) {
        self.check.missing.push(what.into());
    }

    fn note(&mut self, n: impl Into<String>) {
        self.check.notes.push(n.into());
    }

    fn done(mut self) -> Check {
        // Benchmarks in table order.
        let order = |id: &String| {
            self.table
                .entries
                .iter()
                .position(|b| &b.id == id)
                .unwrap_or(usize::MAX)
        };
        self.check.benchmarks.sort_by_key(order);
        self.check
    }
}

fn figure(m: &Map, name: &str) -> Option<f64> {
    m.area.figures.get(name).map(|f| f.value)
}

fn from_figure(name: &str) -> String {
    format!("area.figures.{name}")
}

/// Services of one model, in map order.
fn of_model<'m>(m: &'m Map, model: &str) -> Vec<&'m Service> {
    m.services.values().filter(|s| s.model == model).collect()
}

/// A mapped total: the area figure `name` if the map gives it, else the sum of `field` over the
/// services of `model`. A service without the field is named as missing; no service at all
/// counts as 0, and says so.
fn mapped_total(
    b: &mut Builder<'_>,
    m: &Map,
    name: Option<&str>,
    model: &str,
    what: &str,
    field: (&str, fn(&Service) -> Option<f64>),
) -> f64 {
    if let Some(v) = name.and_then(|n| figure(m, n)) {
        return b.fig(v, what, from_figure(name.unwrap_or_default()));
    }
    let services = of_model(m, model);
    if services.is_empty() {
        let figure = name.map_or(String::new(), |n| format!(" and no area.figures.{n}"));
        b.note(format!(
            "no service of model `{model}` on the map{figure}: counted as 0"
        ));
        return b.fig(0.0, what, format!("no `{model}` services"));
    }
    let mut terms = Vec::new();
    for s in services {
        match (field.1)(s) {
            Some(v) => {
                b.fig(
                    v,
                    format!("{what}: {}", s.name),
                    format!("service {}", s.id),
                );
                let op = if terms.is_empty() {
                    Op::Start
                } else {
                    Op::Plus
                };
                terms.push((op, v));
            }
            None => b.missing(format!("{} of service {}", field.0, s.id)),
        }
    }
    match terms.as_slice() {
        [] => 0.0,
        [(_, one)] => *one,
        _ => b.calc(what, &terms),
    }
}

const WTE: (&str, fn(&Service) -> Option<f64>) = ("capacity.wte", |s| s.capacity.wte);
const PLACES: (&str, fn(&Service) -> Option<f64>) = ("capacity.people_per_year", |s| {
    s.capacity.people_per_year.map(|p| p as f64)
});

/// The capacity report of a map against the table in force.
pub fn capacity(eco: &Ecosystem, table: &Benchmarks) -> CapacityReport {
    let m = &eco.map;
    let (demand, ips_workforce) = ips_demand(m, table);
    let mut checks = vec![demand];
    for s in m.services.values() {
        if s.model == "ips" || s.model == "ips-primary-care" {
            checks.push(ips_health(s, table));
        }
    }
    for s in m.services.values() {
        if let Some(score) = s.fidelity {
            checks.push(fidelity(s, score, table));
        }
    }
    checks.push(cmht_specialists(m, table));
    checks.push(primary_care(m, table));
    checks.push(caseloads(m, table));
    checks.push(social_enterprise(m, table));
    checks.push(talking_therapies(m, table));

    let mut missing_figures: Vec<MissingFigure> = Vec::new();
    for c in &checks {
        for f in c.missing.iter().filter(|f| f.starts_with("area.")) {
            match missing_figures.iter_mut().find(|x| &x.figure == f) {
                Some(x) => {
                    if !x.needed_for.contains(&c.check) {
                        x.needed_for.push(c.check);
                    }
                }
                None => missing_figures.push(MissingFigure {
                    figure: f.clone(),
                    needed_for: vec![c.check],
                }),
            }
        }
    }
    let used: Vec<&String> = checks.iter().flat_map(|c| &c.benchmarks).collect();
    CapacityReport {
        area: m.area.name.clone(),
        ips_workforce,
        missing_figures,
        overridden: table
            .overridden()
            .map(|b| Overridden {
                id: b.id.clone(),
                builtin: b.builtin,
                value: b.value,
                by: b.overridden_by.unwrap_or(OverrideFrom::Map),
            })
            .collect(),
        sources: table
            .entries
            .iter()
            .filter(|b| used.contains(&&b.id))
            .cloned()
            .collect(),
        checks,
    }
}

/// 004 §36-39: potential referrals to IPS, the specialists and team leaders they need, against
/// the IPS services mapped; with the workforce in short, when the figures allow.
fn ips_demand(m: &Map, t: &Benchmarks) -> (Check, Option<IpsWorkforce>) {
    let mut b = Builder::new(
        "ips-demand",
        "IPS demand (004 §36-39): potential referrals a year and the workforce they need",
        t,
    );
    let caseload_name = "secondary_care_caseload";
    let in_work_name = "secondary_care_in_work";
    let Some(caseload) = figure(m, caseload_name) else {
        b.missing(from_figure(caseload_name));
        b.note("give area.figures.secondary_care_caseload (working-age people on secondary mental health caseloads, from the trust or MHSDS) to estimate IPS demand");
        return (b.done(), None);
    };
    b.fig(
        caseload,
        "working-age people on secondary mental health caseloads",
        from_figure(caseload_name),
    );
    let in_work = match figure(m, in_work_name) {
        Some(v) => b.fig(v, "share of them in paid work", from_figure(in_work_name)),
        None => {
            b.missing(from_figure(in_work_name));
            b.note("area.figures.secondary_care_in_work is missing: the national rate is used (004 §36b); give the local MHSDS figure");
            b.bench(
                ids::SHARE_IN_WORK_NATIONAL,
                "share in paid work, national rate",
            )
        }
    };
    let not_in_work = b.calc(
        "share not in paid work",
        &[(Op::Start, 1.0), (Op::Minus, in_work)],
    );
    let out_of_work = b.calc(
        "out of work",
        &[(Op::Start, caseload), (Op::Times, not_in_work)],
    );
    let mut needed = Vec::new();
    for (case, share_id) in [
        ("low", ids::WANTING_WORK_LOW),
        ("high", ids::WANTING_WORK_HIGH),
    ] {
        let share = b.bench(
            share_id,
            format!("share wanting paid work in a year ({case} case)"),
        );
        let referrals = b.calc(
            format!("potential referrals a year ({case} case)"),
            &[(Op::Start, out_of_work), (Op::Times, share)],
        );
        let per = b.bench(
            ids::CLIENTS_PER_SPECIALIST,
            "people per employment specialist a year",
        );
        let specialists = b.calc(
            format!("employment specialists needed ({case} case)"),
            &[(Op::Start, referrals), (Op::Divide, per)],
        );
        let span = b.bench(
            ids::SPECIALISTS_PER_TEAM_LEADER,
            "specialists per team leader (004 §39)",
        );
        b.calc(
            format!("team leaders needed ({case} case, 004)"),
            &[(Op::Start, specialists), (Op::Divide, span)],
        );
        let grow = b.bench(
            ids::SPECIALISTS_PER_TEAM_LEADER_IPS_GROW,
            "specialists per team leader (IPS Grow calculator)",
        );
        b.calc(
            format!("team leaders needed ({case} case, IPS Grow)"),
            &[(Op::Start, specialists), (Op::Divide, grow)],
        );
        needed.push((referrals, specialists));
    }
    let ips = of_model(m, "ips");
    if ips.is_empty() {
        b.note("no service of model `ips` on the map: the mapped IPS workforce is 0");
    }
    let wte_known = ips.iter().all(|s| s.capacity.wte.is_some());
    let places_known = ips.iter().all(|s| s.capacity.people_per_year.is_some());
    let wte = mapped_total(
        &mut b,
        m,
        None,
        "ips",
        "IPS employment specialists mapped (WTE)",
        WTE,
    );
    let places = mapped_total(&mut b, m, None, "ips", "IPS places mapped a year", PLACES);
    let (low, high) = (needed[0], needed[1]);
    let mut workforce = IpsWorkforce {
        needed_low: low.1,
        needed_high: high.1,
        mapped: None,
        standing: None,
    };
    if wte_known {
        let c = compare(
            "IPS employment specialists mapped (WTE) against those needed",
            wte,
            Mark::Between {
                low: low.1,
                high: high.1,
            },
            &[
                ids::WANTING_WORK_LOW,
                ids::WANTING_WORK_HIGH,
                ids::CLIENTS_PER_SPECIALIST,
            ],
        );
        workforce.mapped = Some(wte);
        workforce.standing = Some(c.standing);
        b.compare(c);
    }
    if places_known {
        b.compare(compare(
            "IPS places mapped a year against potential referrals",
            places,
            Mark::Between {
                low: low.0,
                high: high.0,
            },
            &[ids::WANTING_WORK_LOW, ids::WANTING_WORK_HIGH],
        ));
    }
    if let Some(n) = t.at(ids::CLIENTS_PER_SPECIALIST).note.clone() {
        b.note(n);
    }
    (b.done(), Some(workforce))
}

/// Caseload per specialist (fidelity item 1) and, for IPS in secondary care, IPS Grow's outcomes.
fn ips_health(s: &Service, t: &Benchmarks) -> Check {
    let mut b = Builder::new(
        "ips-service-health",
        format!("IPS service health: {}", s.name),
        t,
    );
    b.check.service = Some(s.id.clone());
    let here = format!("service {}", s.id);
    match s.capacity.caseload {
        Some(c) => {
            b.fig(c, "active caseload per employment specialist", &here);
            let max = b.bench(
                ids::IPS_MAX_CASELOAD,
                "active caseload, at most (fidelity item 1)",
            );
            b.compare(compare(
                "active caseload per specialist (fidelity item 1: 20 or fewer)",
                c,
                Mark::AtMost { value: max },
                &[ids::IPS_MAX_CASELOAD],
            ));
        }
        None => b.missing(format!("capacity.caseload of service {}", s.id)),
    }
    if s.model != "ips" {
        b.note("IPS Grow's outcomes framework is for IPS in secondary care: not applied to IPS in primary care");
        return b.done();
    }
    let o = &s.outcomes;
    let wte = s.capacity.wte.filter(|w| *w > 0.0);
    match (o.people_supported, wte) {
        (Some(p), Some(w)) => {
            b.fig(p, "people supported in the year", &here);
            b.fig(w, "employment specialists (WTE)", &here);
            let per = b.calc(
                "people supported per specialist",
                &[(Op::Start, p), (Op::Divide, w)],
            );
            let first = b.bench(
                ids::PEOPLE_PER_SPECIALIST_FIRST_YEAR,
                "people per specialist, first year, at least",
            );
            let after = b.bench(
                ids::PEOPLE_PER_SPECIALIST,
                "people per specialist after the first year, at least",
            );
            b.compare(compare(
                "people per specialist, first year (IPS Grow)",
                per,
                Mark::AtLeast { value: first },
                &[ids::PEOPLE_PER_SPECIALIST_FIRST_YEAR],
            ));
            b.compare(compare(
                "people per specialist, after the first year (IPS Grow)",
                per,
                Mark::AtLeast { value: after },
                &[ids::PEOPLE_PER_SPECIALIST],
            ));
        }
        (p, w) => {
            if p.is_none() {
                b.missing(format!("outcomes.people_supported of service {}", s.id));
            }
            if w.is_none() {
                b.missing(format!("capacity.wte of service {}", s.id));
            }
        }
    }
    match (o.job_starts, o.people_supported.filter(|p| *p > 0.0)) {
        (Some(j), Some(p)) => {
            b.fig(j, "job starts in the year", &here);
            let rate = b.calc(
                "share of people supported moving into paid work",
                &[(Op::Start, j), (Op::Divide, p)],
            );
            let mark = b.bench(ids::JOB_RATE, "share into paid work, at least");
            b.compare(compare(
                "share of people supported moving into paid work (IPS Grow)",
                rate,
                Mark::AtLeast { value: mark },
                &[ids::JOB_RATE],
            ));
        }
        (None, _) => b.missing(format!("outcomes.job_starts of service {}", s.id)),
        (Some(_), None) => {}
    }
    match (o.sustained_13_weeks, o.job_starts.filter(|j| *j > 0.0)) {
        (Some(k), Some(j)) => {
            b.fig(k, "in work beyond 13 weeks", &here);
            let rate = b.calc(
                "share of job starts sustained beyond 13 weeks",
                &[(Op::Start, k), (Op::Divide, j)],
            );
            let mark = b.bench(
                ids::SUSTAINED_RATE,
                "share sustained beyond 13 weeks, at least",
            );
            b.compare(compare(
                "share of job starts sustained beyond 13 weeks (IPS Grow)",
                rate,
                Mark::AtLeast { value: mark },
                &[ids::SUSTAINED_RATE],
            ));
        }
        (None, _) => b.missing(format!("outcomes.sustained_13_weeks of service {}", s.id)),
        (Some(_), None) => {}
    }
    b.done()
}

/// The IPS-25 band of a service's fidelity score; flagged below fair.
fn fidelity(s: &Service, score: f64, t: &Benchmarks) -> Check {
    let mut b = Builder::new("ips-fidelity", format!("IPS fidelity: {}", s.name), t);
    b.check.service = Some(s.id.clone());
    b.fig(
        score,
        "IPS-25 fidelity score (25-125)",
        format!("service {}", s.id),
    );
    b.bench(ids::FIDELITY_EXEMPLARY, "exemplary from");
    b.bench(ids::FIDELITY_GOOD, "good from");
    let fair = b.bench(
        ids::FIDELITY_FAIR,
        "fair from (below: not supported employment)",
    );
    let band = fidelity_band(score, t);
    b.note(format!("band: {}", band.words()));
    if band == FidelityBand::NotSupportedEmployment {
        b.note("below fair: on the fidelity scale this is not supported employment; commission an independent fidelity review and an improvement plan (004 §27)");
    }
    b.check.band = Some(band);
    b.compare(compare(
        "fidelity score, fair or better",
        score,
        Mark::AtLeast { value: fair },
        &[ids::FIDELITY_FAIR],
    ));
    b.done()
}

/// 002: 1.0 WTE employment specialist per community mental health team.
fn cmht_specialists(m: &Map, t: &Benchmarks) -> Check {
    let mut b = Builder::new(
        "cmht-specialists",
        "Employment specialists for community mental health teams (002: 1.0 WTE per team)",
        t,
    );
    let name = "community_mental_health_teams";
    let Some(teams) = figure(m, name) else {
        b.missing(from_figure(name));
        return b.done();
    };
    b.fig(teams, "community mental health teams", from_figure(name));
    let per = b.bench(
        ids::CMHT_SPECIALIST_WTE,
        "WTE employment specialists per team",
    );
    let expected = b.calc("WTE expected", &[(Op::Start, teams), (Op::Times, per)]);
    let mapped = mapped_total(
        &mut b,
        m,
        None,
        "ips",
        "IPS employment specialists mapped (WTE)",
        WTE,
    );
    if b.check.missing.is_empty() {
        b.compare(compare(
            "IPS employment specialists mapped (WTE) against 1.0 per team",
            mapped,
            Mark::AtLeast { value: expected },
            &[ids::CMHT_SPECIALIST_WTE],
        ));
    }
    b.done()
}

/// 002: one employment specialist in primary care per 50,000 population.
fn primary_care(m: &Map, t: &Benchmarks) -> Check {
    let mut b = Builder::new(
        "primary-care-specialists",
        "Employment specialists in primary care (002: one per 50,000 population)",
        t,
    );
    let Some(pop) = m.area.population else {
        b.missing("area.population");
        return b.done();
    };
    b.fig(pop, "population", "area.population");
    let per = b.bench(ids::PRIMARY_CARE_POPULATION, "population per specialist");
    let expected = b.calc(
        "specialists expected (WTE)",
        &[(Op::Start, pop), (Op::Divide, per)],
    );
    let mapped = mapped_total(
        &mut b,
        m,
        Some("primary_care_employment_specialists_wte"),
        "ips-primary-care",
        "primary-care employment specialists mapped (WTE)",
        WTE,
    );
    if b.check.missing.is_empty() {
        b.compare(compare(
            "primary-care employment specialists mapped (WTE) against one per 50,000",
            mapped,
            Mark::AtLeast { value: expected },
            &[ids::PRIMARY_CARE_POPULATION],
        ));
    }
    b.done()
}

/// 002: caseloads of 25 or below, for every service that states one.
fn caseloads(m: &Map, t: &Benchmarks) -> Check {
    let mut b = Builder::new(
        "caseloads",
        "Caseloads per employment specialist (002: 25 or below)",
        t,
    );
    let with: Vec<(&Service, f64)> = m
        .services
        .values()
        .filter_map(|s| s.capacity.caseload.map(|c| (s, c)))
        .collect();
    if with.is_empty() {
        b.note("no service on the map states a caseload (capacity.caseload)");
        return b.done();
    }
    let max = b.bench(ids::MAX_CASELOAD, "caseload per specialist, at most");
    for (s, c) in with {
        b.fig(
            c,
            format!("caseload per specialist: {}", s.name),
            format!("service {}", s.id),
        );
        b.compare(compare(
            format!("caseload of {}", s.id),
            c,
            Mark::AtMost { value: max },
            &[ids::MAX_CASELOAD],
        ));
    }
    b.done()
}

/// 002: 10-15 social-enterprise places per 100,000 population.
fn social_enterprise(m: &Map, t: &Benchmarks) -> Check {
    let mut b = Builder::new(
        "social-enterprise-places",
        "Social-enterprise places (002: 10-15 per 100,000 population)",
        t,
    );
    let Some(pop) = m.area.population else {
        b.missing("area.population");
        return b.done();
    };
    b.fig(pop, "population", "area.population");
    let low_rate = b.bench(ids::SOCIAL_ENTERPRISE_LOW, "places per 100,000 (low end)");
    let high_rate = b.bench(ids::SOCIAL_ENTERPRISE_HIGH, "places per 100,000 (high end)");
    let low = b.calc(
        "places expected (low end)",
        &[
            (Op::Start, pop),
            (Op::Divide, 100_000.0),
            (Op::Times, low_rate),
        ],
    );
    let high = b.calc(
        "places expected (high end)",
        &[
            (Op::Start, pop),
            (Op::Divide, 100_000.0),
            (Op::Times, high_rate),
        ],
    );
    let mapped = mapped_total(
        &mut b,
        m,
        Some("social_enterprise_places"),
        "sheltered-work",
        "social-enterprise places mapped",
        PLACES,
    );
    b.note("002 counts social-enterprise jobs paid at the minimum wage or better; sheltered work without a competitive-employment focus is evidence against (004 §51-54)");
    if b.check.missing.is_empty() {
        b.compare(compare(
            "social-enterprise places mapped against 10-15 per 100,000",
            mapped,
            Mark::Between { low, high },
            &[ids::SOCIAL_ENTERPRISE_LOW, ids::SOCIAL_ENTERPRISE_HIGH],
        ));
    }
    b.done()
}

/// 004 §47: one employment adviser per eight talking-therapies therapists.
fn talking_therapies(m: &Map, t: &Benchmarks) -> Check {
    let mut b = Builder::new(
        "talking-therapies-advisers",
        "Employment advisers in talking therapies (004 §47: one per eight therapists)",
        t,
    );
    let name = "talking_therapies_therapists_wte";
    let Some(therapists) = figure(m, name) else {
        b.missing(from_figure(name));
        return b.done();
    };
    b.fig(
        therapists,
        "talking-therapies therapists (WTE)",
        from_figure(name),
    );
    let per = b.bench(
        ids::THERAPISTS_PER_ADVISER,
        "therapists per employment adviser",
    );
    let expected = b.calc(
        "employment advisers expected (WTE)",
        &[(Op::Start, therapists), (Op::Divide, per)],
    );
    let mapped = mapped_total(
        &mut b,
        m,
        Some("talking_therapies_employment_advisers_wte"),
        "employment-adviser",
        "employment advisers mapped (WTE)",
        WTE,
    );
    if b.check.missing.is_empty() {
        b.compare(compare(
            "employment advisers mapped (WTE) against one per eight therapists",
            mapped,
            Mark::AtLeast { value: expected },
            &[ids::THERAPISTS_PER_ADVISER],
        ));
    }
    b.done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_place_figures_under_at_and_over() {
        let at_least = Mark::AtLeast { value: 40.0 };
        assert_eq!(compare("", 39.0, at_least, &[]).standing, Standing::Under);
        assert!(!compare("", 39.0, at_least, &[]).meets);
        assert!(compare("", 40.0, at_least, &[]).meets);
        assert_eq!(compare("", 41.0, at_least, &[]).standing, Standing::Over);
        let at_most = Mark::AtMost { value: 20.0 };
        assert!(compare("", 20.0, at_most, &[]).meets);
        assert!(!compare("", 21.0, at_most, &[]).meets);
        let range = Mark::Between {
            low: 25.0,
            high: 37.5,
        };
        assert_eq!(compare("", 24.0, range, &[]).standing, Standing::Under);
        assert_eq!(compare("", 25.0, range, &[]).standing, Standing::At);
        assert_eq!(compare("", 37.5, range, &[]).standing, Standing::At);
        assert_eq!(compare("", 38.0, range, &[]).standing, Standing::Over);
        // 0.1 + 0.2 is at 0.3, not over it.
        assert_eq!(
            compare("", 0.1 + 0.2, Mark::AtMost { value: 0.3 }, &[]).standing,
            Standing::At
        );
    }

    #[test]
    fn fidelity_bands_follow_the_ips25_floors() {
        let t = Benchmarks::builtin();
        assert_eq!(fidelity_band(125.0, &t), FidelityBand::Exemplary);
        assert_eq!(fidelity_band(115.0, &t), FidelityBand::Exemplary);
        assert_eq!(fidelity_band(114.0, &t), FidelityBand::Good);
        assert_eq!(fidelity_band(100.0, &t), FidelityBand::Good);
        assert_eq!(fidelity_band(99.0, &t), FidelityBand::Fair);
        assert_eq!(fidelity_band(74.0, &t), FidelityBand::Fair);
        assert_eq!(
            fidelity_band(73.0, &t),
            FidelityBand::NotSupportedEmployment
        );
        assert_eq!(
            fidelity_band(25.0, &t),
            FidelityBand::NotSupportedEmployment
        );
    }
}
