//! `eligibility`: the cohort × service matrix of eligibility verdicts with their reasons.

use crate::eligibility::{Ternary, Verdict};
use crate::graph::Ecosystem;
use crate::model::Id;

/// Verdicts for the cohorts and services asked about, cohorts then services in file order.
#[derive(Debug)]
pub struct Matrix {
    pub cohorts: Vec<Id>,
    pub services: Vec<Id>,
    pub cells: Vec<Cell>,
}

/// One cohort and one service.
#[derive(Debug)]
pub struct Cell {
    pub cohort: Id,
    pub service: Id,
    pub outcome: Ternary,
    /// The service's rule, if it has a named one.
    pub rule: Option<Id>,
    /// The terms that decided it.
    pub verdict: Verdict,
}

/// The matrix, limited to one cohort and/or one service when given.
pub fn matrix(eco: &Ecosystem, cohort: Option<usize>, service: Option<usize>) -> Matrix {
    let m = &eco.map;
    let cohorts: Vec<usize> = cohort.map_or_else(|| (0..m.cohorts.len()).collect(), |c| vec![c]);
    let services: Vec<usize> = service.map_or_else(|| (0..m.services.len()).collect(), |s| vec![s]);
    let mut cells = Vec::new();
    for &c in &cohorts {
        for &s in &services {
            let v = eco.explain(c, s);
            let svc = eco.service(s);
            cells.push(Cell {
                cohort: eco.cohort(c).id.clone(),
                service: svc.id.clone(),
                outcome: v.value,
                rule: match &svc.eligibility {
                    crate::model::Eligibility::Rule(r) => Some(r.clone()),
                    _ => None,
                },
                verdict: v,
            });
        }
    }
    Matrix {
        cohorts: cohorts.iter().map(|&c| eco.cohort(c).id.clone()).collect(),
        services: services
            .iter()
            .map(|&s| eco.service(s).id.clone())
            .collect(),
        cells,
    }
}
