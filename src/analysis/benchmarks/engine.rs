//! Runs the rows of [`super::table`]: each kind of row is worked the same way, whatever its
//! figures, so every check shows its working, names what is missing and compares alike.

use super::label::{Label, fill, render};
use super::table::{
    Against, AreaRatio, Base, Bound, EveryService, Expected, Marks, Measure, Operand, PerService,
    Row, Value, Year,
};
use super::working::{Working, figure, from_figure, mapped_total};
use super::{Check, FidelityBand, IpsWorkforce, Mark, Op, compare, fidelity_band, ips_demand};
use crate::benchmarks::{Benchmarks, ids};
use crate::date::Date;
use crate::model::{Map, Service};

/// Every check of `rows`, in order, and the IPS workforce in short (from the IPS demand row).
pub(super) fn run(m: &Map, t: &Benchmarks, rows: &[Row]) -> (Vec<Check>, Option<IpsWorkforce>) {
    let mut checks = Vec::new();
    let mut workforce = None;
    let begins = (m.area.period.as_deref()).and_then(|p| crate::period::start(p).ok());
    for row in rows {
        match row {
            Row::IpsDemand => {
                let (check, w) = ips_demand::check(m, t);
                checks.push(check);
                workforce = w;
            }
            Row::PerService(p) => {
                for s in m.services.values() {
                    if p.models.contains(&s.model.as_str()) {
                        checks.push(per_service(p, s, t, begins));
                    }
                }
            }
            Row::Fidelity { check, title } => {
                for s in m.services.values() {
                    if let Some(score) = s.fidelity {
                        checks.push(fidelity(check, title, s, score, t));
                    }
                }
            }
            Row::EveryService(e) => checks.push(every_service(e, m, t)),
            Row::Area(a) => checks.push(area(a, m, t)),
        }
    }
    (checks, workforce)
}

fn mark(bound: Bound, value: f64) -> Mark {
    match bound {
        Bound::AtLeast => Mark::AtLeast { value },
        Bound::AtMost => Mark::AtMost { value },
    }
}

/// The day a service has been funded since, by the map, when that is a year or more before the
/// period begins (`begins`): the service is past its first year. The earliest start of its funding
/// lines: the service may be older than its contracts, never younger.
fn past_first_year(s: &Service, begins: Option<Date>) -> Option<Date> {
    let begins = begins?;
    let since = (s.funding.iter()).filter_map(|f| f.contract.start).min()?;
    (since.add_months(12) <= begins).then_some(since)
}

/// The benchmarks' lines, then `value` against each: a first-year mark only while the service
/// may be in its first year (`past_first_year` is `None`).
fn hold(
    w: &mut Working<'_>,
    value: f64,
    against: &[Against],
    id: &str,
    past_first_year: Option<Date>,
) {
    let t = w.table;
    let (against, first): (Vec<&Against>, Vec<&Against>) =
        (against.iter()).partition(|a| a.year == Year::Any || past_first_year.is_none());
    if let (Some(since), Some(a)) = (past_first_year, first.first()) {
        w.note(format!(
            "{} is not compared: the map shows service {} funded since {since}, more than a year before the period begins, so past its first year",
            a.comparison.what.replace("{service-id}", id),
            crate::quote::code(id),
        ));
    }
    let marks: Vec<f64> = against
        .iter()
        .map(|a| w.bench_cited(a.benchmark, a.what, a.cite))
        .collect();
    for (a, v) in against.iter().zip(marks) {
        w.compare(compare(
            render(&a.comparison, t).replace("{service-id}", id),
            value,
            mark(a.bound, v),
            &[a.benchmark],
        ));
    }
}

fn per_service(p: &PerService, s: &Service, t: &Benchmarks, begins: Option<Date>) -> Check {
    let mut w = Working::new(p.check, p.title.replace("{service}", &s.name), t);
    w.check.service = Some(s.id.clone());
    for g in p.groups {
        if g.models
            .is_some_and(|models| !models.contains(&s.model.as_str()))
        {
            w.note(g.otherwise);
            break;
        }
        for m in g.measures {
            measure(&mut w, m, s, past_first_year(s, begins));
        }
    }
    w.done()
}

/// One measure of a service: its figure (or ratio of two) against its marks. A figure the map
/// does not give is named as missing; a ratio over zero is not worked.
fn measure(w: &mut Working<'_>, m: &Measure, s: &Service, past_first_year: Option<Date>) {
    let here = format!("service {}", s.id);
    let missing = |w: &mut Working<'_>, field: super::working::Field| {
        w.missing(format!(
            "{} of service {}",
            field.key(),
            crate::quote::code(s.id.as_str())
        ));
    };
    match &m.value {
        Value::Field { field, what } => match field.of(s) {
            Some(v) => {
                w.fig(v, *what, &here);
                hold(w, v, m.against, s.id.as_str(), past_first_year);
            }
            None => missing(w, *field),
        },
        Value::Ratio {
            numerator: (nf, nwhat),
            denominator: (df, dwhat),
            what,
        } => {
            let (n, d) = (nf.of(s), df.of(s));
            match (n, d.filter(|d| *d > 0.0)) {
                (Some(n), Some(d)) => {
                    if !shown(w, nwhat) {
                        w.fig(n, *nwhat, &here);
                    }
                    if !shown(w, dwhat) {
                        w.fig(d, *dwhat, &here);
                    }
                    let ratio = w.calc(*what, &[(Op::Start, n), (Op::Divide, d)]);
                    hold(w, ratio, m.against, s.id.as_str(), past_first_year);
                }
                _ => {
                    if n.is_none() {
                        missing(w, *nf);
                    }
                    if d.is_none() {
                        missing(w, *df);
                    }
                    // Given as 0 (no paid staff): the ratio is said not to be worked, and why,
                    // never shown as infinite.
                    if n.is_some() && d.is_some() {
                        w.note(format!(
                            "{what} is not worked: `{}` of service {} is 0, and a number per none has no meaning",
                            df.key(),
                            crate::quote::code(s.id.as_str())
                        ));
                    }
                    if let (Some(hint), true) = (m.hint, n.is_none() || d.is_none()) {
                        w.note(hint);
                    }
                }
            }
        }
    }
}

/// Whether the working already has a line saying `what`.
fn shown(w: &Working<'_>, what: &str) -> bool {
    w.check.working.iter().any(|s| s.what == what)
}

/// The IPS-25 band of a service's fidelity score; flagged below fair.
fn fidelity(check: &'static str, title: &str, s: &Service, score: f64, t: &Benchmarks) -> Check {
    let mut w = Working::new(check, title.replace("{service}", &s.name), t);
    w.check.service = Some(s.id.clone());
    w.fig(
        score,
        "IPS-25 fidelity score (25-125)",
        format!("service {}", s.id),
    );
    w.bench(ids::FIDELITY_EXEMPLARY, "exemplary from");
    w.bench(ids::FIDELITY_GOOD, "good from");
    // The scale's verdict below fair is for its own floor: not said of a floor set by a map.
    let fair_overridden = t.at(ids::FIDELITY_FAIR).overridden_by;
    let fair = w.bench(
        ids::FIDELITY_FAIR,
        match fair_overridden {
            None => "fair from (below: not supported employment)",
            Some(_) => "fair from",
        },
    );
    let band = fidelity_band(score, t);
    w.note(format!("band: {}", band.words()));
    match band {
        FidelityBand::NotSupportedEmployment => w.note("below fair: on the fidelity scale this is not supported employment; commission an independent fidelity review and an improvement plan (004 §27)"),
        FidelityBand::BelowFair => w.note(format!(
            "below the fair band in force ({} and above; ips-fidelity-fair overridden by {}, built in {}); an independent fidelity review and an improvement plan are the fix 004 §27 points to",
            super::number(fair),
            fair_overridden.map_or_else(String::new, |by| by.to_string()),
            t.at(ids::FIDELITY_FAIR).builtin.map_or_else(|| "none".to_owned(), super::number)
        )),
        _ => {}
    }
    w.check.band = Some(band);
    w.compare(compare(
        "fidelity score, fair or better",
        score,
        Mark::AtLeast { value: fair },
        &[ids::FIDELITY_FAIR],
    ));
    w.done()
}

fn every_service(e: &EveryService, m: &Map, t: &Benchmarks) -> Check {
    let mut w = Working::new(e.check, render(&e.title, t), t);
    let (with, left_out): (Vec<_>, Vec<_>) = m
        .services
        .values()
        .filter_map(|s| e.field.of(s).map(|v| (s, v)))
        .partition(|(s, _)| !e.except.contains(&s.model.as_str()));
    if !left_out.is_empty() {
        let ids: Vec<String> = left_out
            .iter()
            .map(|(s, _)| crate::quote::code(s.id.as_str()))
            .collect();
        w.note(e.except_note.replace("{services}", &ids.join(", ")));
    }
    if with.is_empty() {
        if left_out.is_empty() {
            w.note(e.none);
        }
        return w.done();
    }
    let a = &e.against;
    let value = w.bench_cited(a.benchmark, a.what, a.cite);
    for (s, v) in with {
        w.fig(
            v,
            e.line.replace("{service}", &s.name),
            format!("service {}", s.id),
        );
        w.compare(compare(
            render(&a.comparison, t).replace("{service-id}", s.id.as_str()),
            v,
            mark(a.bound, value),
            &[a.benchmark],
        ));
    }
    w.done()
}

fn area(a: &AreaRatio, m: &Map, t: &Benchmarks) -> Check {
    // A target for a share of 1 is a target for every service: held to in each, as a standard.
    let target_share = a
        .target_share
        .map(|id| t.value(id))
        .filter(|share| *share < 1.0);
    let title = match (a.target_share, target_share) {
        (Some(_), None) => Label {
            what: a.title.what,
            source: a.title.source,
            rule: a.each_rule,
        },
        _ => Label { ..a.title },
    };
    let mut w = Working::new(a.check, render(&title, t), t);
    let (base, from) = match a.base {
        Base::Population => (m.area.population, "area.population".to_owned()),
        Base::Figure(name) => (figure(m, name), from_figure(name)),
    };
    let Some(base) = base else {
        w.missing(from);
        return w.done();
    };
    w.fig(base, a.base_what, from);
    for (id, what) in a.benchmarks {
        w.bench(id, *what);
    }
    let mut expect = |e: &Expected| {
        let mut terms = vec![(Op::Start, base)];
        for (op, operand) in e.terms {
            let v = match operand {
                Operand::Number(n) => *n,
                Operand::Benchmark(id) => t.value(id),
            };
            terms.push((*op, v));
        }
        w.calc(e.what, &terms)
    };
    let mark = match &a.marks {
        Marks::AtLeast(e) => Mark::AtLeast { value: expect(e) },
        Marks::Between(low, high) => Mark::Between {
            low: expect(low),
            high: expect(high),
        },
    };
    let p = &a.mapped;
    let mapped = mapped_total(&mut w, m, p.figure, p.model, p.what, p.field);
    for n in a.notes {
        w.note(*n);
    }
    if let (Some(mapped), true) = (mapped, w.complete()) {
        let used: Vec<&str> = a.benchmarks.iter().map(|(id, _)| *id).collect();
        let what = format!("{} against {}", p.what, fill(title.rule, t));
        let mut c = compare(what, mapped, mark, &used);
        c.target_share = target_share;
        w.compare(c);
    }
    w.done()
}
