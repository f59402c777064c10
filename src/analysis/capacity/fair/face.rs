//! The best solutions of a part, described without the best total: what complementary slackness
//! with one optimal solution of the dual programme says every best solution does.
//!
//! The programme (see the module above) maximises people served. Its dual prices each place of a
//! service (`β[s]`), each person of a cohort-stage's need (`γ[r]`), and each tie of people served
//! to places held (`α[r,s]`, for a cohort with several rows in the part):
//!
//! ```text
//! minimise Σ places(s) β[s] + Σ need(r) γ[r]
//! α[r,s] + γ[r] ≥ 1            for y[r,s], a cohort with several rows
//! β[s] + γ[r] ≥ 1              for y[r,s], a cohort alone in the part (its x is its y)
//! β[s] − Σr α[r,s] ≥ 0         for x[c,s], the rows r of cohort c that can use s
//! ```
//!
//! A solution of the programme is a best one exactly when it meets complementary slackness with
//! any one optimal dual solution: no one served where the price of a variable exceeds its worth
//! (a positive reduced cost), and a constraint whose price is positive holds with equality.
//! So the best solutions are the programme with those variables at nought and those constraints
//! equalities, with no row keeping the total at the best: a row over every `y` that the solver
//! carries through every step of the filling and the ranges, and which a tolerance must hold.
//! The dual's answer is checked against the best total; should it not match, no face is used.

use std::collections::{BTreeMap, BTreeSet};

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};

use super::{Row, TOLERANCE, alone_in_cohort};

/// A price or a reduced cost above this is positive; below, nought. The dual programme's
/// coefficients are all 1 or −1, so its vertices' values are small fractions; its round-off is
/// far below this.
const POSITIVE: f64 = 1e-7;

/// What every best solution of a part does.
#[derive(Debug, Clone)]
pub(super) struct Face {
    /// Per row, per option: no best solution serves anyone there.
    pub(super) idle: Vec<Vec<bool>>,
    /// Per row, per option (a cohort with several rows): the row's people served there are its
    /// cohort's places held there, in every best solution.
    pub(super) tied: Vec<Vec<bool>>,
    /// The cohort's places held at a service, nought in every best solution.
    pub(super) unheld: BTreeSet<(usize, usize)>,
    /// Per row: every best solution serves its whole need.
    pub(super) full: Vec<bool>,
    /// Per service: every best solution fills its places.
    pub(super) filled: Vec<bool>,
}

impl Face {
    /// The share of its need row `i` has in every best solution, when the face settles it: all
    /// of it for a row served whole, none for a row no one is served at any option of.
    pub(super) fn settled(&self, i: usize) -> Option<f64> {
        if self.full[i] {
            Some(1.0)
        } else if self.idle[i].iter().all(|&idle| idle) {
            Some(0.0)
        } else {
            None
        }
    }

    /// The face of the best solutions of `rows` sharing `places`, whose most people served is
    /// `best`; `None` when the dual programme cannot be solved or does not reach `best`.
    pub(super) fn of(rows: &[Row], places: &[f64], best: f64) -> Option<Face> {
        let mut p = Problem::new(OptimizationDirection::Minimize);
        let gamma: Vec<Variable> = rows.iter().map(|r| p.add_var(r.need, (0.0, 1.0))).collect();
        let mut beta: BTreeMap<usize, Variable> = BTreeMap::new();
        for r in rows {
            for &s in &r.options {
                let worth = places.get(s).copied()?;
                beta.entry(s)
                    .or_insert_with(|| p.add_var(worth, (0.0, f64::INFINITY)));
            }
        }
        let alone = alone_in_cohort(rows);
        // α per row and option, for cohorts with several rows; and per cohort and service, the
        // α of its rows there.
        let mut alpha: Vec<Vec<Option<Variable>>> = Vec::with_capacity(rows.len());
        let mut of_held: BTreeMap<(usize, usize), Vec<Variable>> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            let mut own = Vec::with_capacity(r.options.len());
            for &s in &r.options {
                if alone[i] {
                    p.add_constraint([(beta[&s], 1.0), (gamma[i], 1.0)], ComparisonOp::Ge, 1.0);
                    own.push(None);
                } else {
                    let a = p.add_var(0.0, (0.0, 1.0));
                    p.add_constraint([(a, 1.0), (gamma[i], 1.0)], ComparisonOp::Ge, 1.0);
                    of_held.entry((r.cohort, s)).or_default().push(a);
                    own.push(Some(a));
                }
            }
            alpha.push(own);
        }
        for (&(_, s), alphas) in &of_held {
            let mut terms: Vec<(Variable, f64)> = vec![(beta[&s], 1.0)];
            terms.extend(alphas.iter().map(|&a| (a, -1.0)));
            p.add_constraint(terms, ComparisonOp::Ge, 0.0);
        }
        let solution = p.solve().ok()?.into_solution().ok()?;
        if (solution.objective() - best).abs() > best.max(1.0) * TOLERANCE * 10.0 {
            return None;
        }
        let value = |v: Variable| solution.var_value(v);
        let positive = |v: f64| v > POSITIVE;
        let mut unheld = BTreeSet::new();
        for (&(c, s), alphas) in &of_held {
            let sum: f64 = alphas.iter().map(|&a| value(a)).sum();
            if positive(value(beta[&s]) - sum) {
                unheld.insert((c, s));
            }
        }
        let mut idle = Vec::with_capacity(rows.len());
        let mut tied = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            let g = value(gamma[i]);
            let mut idle_here = Vec::with_capacity(r.options.len());
            let mut tied_here = Vec::with_capacity(r.options.len());
            for (k, &s) in r.options.iter().enumerate() {
                let (price, is_tied) = match alpha[i][k] {
                    None => (value(beta[&s]), false),
                    Some(a) => (value(a), positive(value(a))),
                };
                idle_here.push(positive(price + g - 1.0) || unheld.contains(&(r.cohort, s)));
                tied_here.push(is_tied);
            }
            idle.push(idle_here);
            tied.push(tied_here);
        }
        let mut filled = vec![false; places.len()];
        for (&s, &b) in &beta {
            filled[s] = positive(value(b));
        }
        Some(Face {
            idle,
            tied,
            unheld,
            full: gamma.iter().map(|&g| positive(value(g))).collect(),
            filled,
        })
    }
}
