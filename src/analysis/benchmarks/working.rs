//! The working of one check as it is built: figures read (from the map or the benchmark table),
//! calculations from them, comparisons, what is missing and notes. Also where a figure is read
//! from: an area figure, or a total over the services of one model. Knows no particular check.

use super::{Check, Comparison, Op, Step, Term};
use crate::benchmarks::Benchmarks;
use crate::model::{Map, Service};

/// A figure of a service that a check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Wte,
    Places,
    Caseload,
    PeopleSupported,
    OutOfWork,
    JobStarts,
    Sustained13Weeks,
}

impl Field {
    /// Where it is written in a service: `capacity.wte`.
    pub(super) fn key(self) -> &'static str {
        match self {
            Field::Wte => "capacity.wte",
            Field::Places => "capacity.people_per_year",
            Field::Caseload => "capacity.caseload",
            Field::PeopleSupported => "outcomes.people_supported",
            Field::OutOfWork => "outcomes.out_of_work",
            Field::JobStarts => "outcomes.job_starts",
            Field::Sustained13Weeks => "outcomes.sustained_13_weeks",
        }
    }

    /// Its value in `s`, if the map gives it.
    pub(super) fn of(self, s: &Service) -> Option<f64> {
        match self {
            Field::Wte => s.capacity.wte,
            Field::Places => s.capacity.people_per_year.map(|p| p as f64),
            Field::Caseload => s.capacity.caseload,
            Field::PeopleSupported => s.outcomes.people_supported,
            Field::OutOfWork => s.outcomes.out_of_work,
            Field::JobStarts => s.outcomes.job_starts,
            Field::Sustained13Weeks => s.outcomes.sustained_13_weeks,
        }
    }
}

/// A check being worked.
pub(super) struct Working<'a> {
    pub(super) check: Check,
    pub(super) table: &'a Benchmarks,
}

impl<'a> Working<'a> {
    pub(super) fn new(
        check: &'static str,
        title: impl Into<String>,
        table: &'a Benchmarks,
    ) -> Self {
        Working {
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
    pub(super) fn fig(
        &mut self,
        value: f64,
        what: impl Into<String>,
        from: impl Into<String>,
    ) -> f64 {
        self.check.working.push(Step {
            value,
            what: what.into(),
            from: Some(from.into()),
            calculation: Vec::new(),
        });
        value
    }

    /// A benchmark's value: a line of working the first time the check uses it.
    pub(super) fn bench(&mut self, id: &str, what: impl Into<String>) -> f64 {
        self.bench_cited(id, what, "")
    }

    /// [`Working::bench`], its line naming the benchmark's source (`specialists per team leader
    /// (004 §39)`) while the built-in value is in force; an overridden value is not the source's.
    pub(super) fn bench_cited(&mut self, id: &str, what: impl Into<String>, source: &str) -> f64 {
        let b = self.table.at(id);
        if !self.check.benchmarks.iter().any(|x| x == id) {
            self.check.benchmarks.push(id.to_owned());
            let mut what = what.into();
            match (b.overridden_by, source.is_empty()) {
                (_, true) => {}
                (None, false) => what = format!("{what} ({source})"),
                (Some(by), false) => what = format!("{what} (overridden by {by})"),
            }
            let (value, from) = (b.value, b.cite());
            self.fig(value, what, from);
        }
        b.value
    }

    /// A calculation, computed left to right from `terms`.
    pub(super) fn calc(&mut self, what: impl Into<String>, terms: &[(Op, f64)]) -> f64 {
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

    /// A comparison, marked with the values behind its mark that were not checked against a
    /// copy of their source (an overridden value is the map's, not the source's).
    pub(super) fn compare(&mut self, mut c: Comparison) {
        c.unchecked = c
            .benchmarks
            .iter()
            .filter(|id| {
                self.table
                    .get(id)
                    .is_some_and(|b| !b.checked && b.overridden_by.is_none())
            })
            .cloned()
            .collect();
        for b in &c.benchmarks {
            if !self.check.benchmarks.contains(b) {
                self.check.benchmarks.push(b.clone());
            }
        }
        self.check.comparisons.push(c);
    }

    pub(super) fn missing(&mut self, what: impl Into<String>) {
        let what = what.into();
        if !self.check.missing.contains(&what) {
            self.check.missing.push(what);
        }
    }

    pub(super) fn note(&mut self, n: impl Into<String>) {
        self.check.notes.push(n.into());
    }

    /// Whether every figure the check needed was found.
    pub(super) fn complete(&self) -> bool {
        self.check.missing.is_empty()
    }

    pub(super) fn done(mut self) -> Check {
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

/// An area figure, if the map gives it.
pub(super) fn figure(m: &Map, name: &str) -> Option<f64> {
    m.area.figures.get(name).map(|f| f.value)
}

/// Where an area figure is written: `area.figures.<name>`.
pub(super) fn from_figure(name: &str) -> String {
    format!("area.figures.{name}")
}

/// Services of one model, in map order.
pub(super) fn of_model<'m>(m: &'m Map, model: &str) -> Vec<&'m Service> {
    m.services.values().filter(|s| s.model == model).collect()
}

/// A mapped total: the area figure `name` if the map gives it, else the sum of `field` over the
/// services of `model` (if there is a model to sum), each on a line of working. `None`, and named
/// as missing, when it cannot be known: a service lacks the field, or there is no such service and
/// no area figure. A map that shows none is not taken to mean the area has none: the figure is
/// missing, never 0.
pub(super) fn mapped_total(
    w: &mut Working<'_>,
    m: &Map,
    name: Option<&str>,
    model: Option<&str>,
    what: &str,
    field: Field,
) -> Option<f64> {
    if let Some(v) = name.and_then(|n| figure(m, n)) {
        return Some(w.fig(v, what, from_figure(name.unwrap_or_default())));
    }
    let Some(model) = model else {
        if let Some(n) = name {
            w.missing(from_figure(n));
            w.note(format!(
                "the map gives no area.figures.{n}, so it shows no such places: {what} is missing, not taken as 0 (the area may have them); give the figure"
            ));
        }
        return None;
    };
    let services = of_model(m, model);
    if services.is_empty() {
        match name {
            Some(n) => {
                w.missing(from_figure(n));
                w.note(format!(
                    "no area.figures.{n} and no service of model {} on the map: {what} is missing, not taken as 0; give the figure, or map the services",
                    crate::quote::code(model)
                ));
            }
            None => {
                let quoted = crate::quote::code(model);
                w.missing(format!("{} of services of model {quoted}", field.key()));
                w.note(format!(
                    "no service of model {quoted} on the map: {what} is missing, not taken as 0; map the services (with `{}`) if the area has them",
                    field.key()
                ));
            }
        }
        return None;
    }
    let mut terms = Vec::new();
    let mut complete = true;
    for s in services {
        match field.of(s) {
            Some(v) => {
                w.fig(
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
            None => {
                complete = false;
                w.missing(format!("{} of service {}", field.key(), s.id));
            }
        }
    }
    match terms.as_slice() {
        _ if !complete => None,
        [(_, one)] => Some(*one),
        _ => Some(w.calc(what, &terms)),
    }
}
