//! The best solutions of a part, described without the best total: what complementary slackness
//! with one optimal solution of the dual programme says every best solution does.
//!
//! The programme (see the module above) maximises people served. Its dual prices each place of a
//! service (`β[s]`), each person of a cohort-stage's need (`γ[r]`), and each tie of a
//! cohort-stage's people served to its cohort's places held at the services it can use (`α[r]`):
//!
//! ```text
//! minimise Σ places(s) β[s] + Σ need(r) γ[r]
//! α[r] + γ[r] ≥ 1                for z[r]
//! β[s] − Σr α[r] ≥ 0             for x[c,s], the rows r of cohort c that can use s
//! ```
//!
//! A solution of the programme is a best one exactly when it meets complementary slackness with
//! any one optimal dual solution: no one served, and no place held, where the price of a
//! variable exceeds its worth (a positive reduced cost), and a constraint whose price is positive
//! holds with equality. So the best solutions are the programme with those variables at nought
//! and those constraints equalities, with no row keeping the total at the best: a row over every
//! `z` that the solver carries through every step of the filling and the ranges, and which a
//! tolerance must hold. The dual's answer is checked against the best total; should it not
//! match, no face is used.

use std::collections::{BTreeMap, BTreeSet};

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};

use super::{Row, TOLERANCE};

/// A price or a reduced cost above this is positive; below, nought. The dual programme's
/// coefficients are all 1 or −1, so its vertices' values are small fractions; its round-off is
/// far below this.
const POSITIVE: f64 = 1e-7;

/// People a best solution can be off what the face says, for the round-off of the solver (which
/// holds each constraint to about a billionth of its size) on a part of up to some millions.
const SLACK: f64 = 1e-3;

/// What every best solution of a part does.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Face {
    /// Per row, per option: no best solution serves anyone there (the row is served no one, or
    /// its cohort holds no place there).
    pub(super) idle: Vec<Vec<bool>>,
    /// Per row: every best solution serves it no one.
    pub(super) none: Vec<bool>,
    /// Per row: every best solution serves it as many people as its cohort holds places at the
    /// services it can use.
    pub(super) tight: Vec<bool>,
    /// The cohort's places held at a service, nought in every best solution.
    pub(super) unheld: BTreeSet<(usize, usize)>,
    /// Per row: every best solution serves its whole need.
    pub(super) full: Vec<bool>,
    /// Per service: every best solution fills its places.
    pub(super) filled: Vec<bool>,
}

impl Face {
    /// Whether a best solution, `served` per row and option, does what the face says every best
    /// solution does: no one served at an idle option, every row the face says is served whole
    /// served whole (each to within [`SLACK`] people). A face that fails is not used.
    pub(super) fn admits(&self, rows: &[Row], served: &[Vec<f64>]) -> bool {
        rows.iter().enumerate().all(|(i, r)| {
            let idle_empty = (self.idle[i].iter())
                .zip(&served[i])
                .all(|(&idle, &v)| !idle || v <= SLACK);
            let whole = !self.full[i] || served[i].iter().sum::<f64>() >= r.need - SLACK;
            idle_empty && whole
        })
    }

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

    /// The face with what it says of any twin said of every twin of its set (`members`, each
    /// set of rows one row of [`super::Kin::twins`]), which is as true (see
    /// [`Face::merged`]): a dual solution can tell twins apart, and the pieces (`pieces.rs`)
    /// would then give them different services, where the filling takes them as one.
    pub(super) fn alike_for_twins(mut self, rows: &[Row], members: &[Vec<usize>]) -> Face {
        for of in members.iter().filter(|of| of.len() > 1) {
            for flags in [&mut self.none, &mut self.tight, &mut self.full] {
                let any = of.iter().any(|&i| flags[i]);
                for &i in of {
                    flags[i] = any;
                }
            }
            let first = &rows[of[0]];
            for &s in &first.options {
                let at = |i: usize| rows[i].options.iter().position(|&o| o == s);
                let idle = of.iter().any(|&i| at(i).is_some_and(|k| self.idle[i][k]));
                let unheld = of
                    .iter()
                    .any(|&i| self.unheld.contains(&(rows[i].cohort, s)));
                for &i in of {
                    if let Some(k) = at(i) {
                        self.idle[i][k] = idle;
                    }
                    if unheld {
                        self.unheld.insert((rows[i].cohort, s));
                    }
                }
            }
        }
        self
    }

    /// The face of the programmes that see the rows `members` stand for as one (each of
    /// `merged`, whose cohort is its first member's): what the face says of any member it says of
    /// the row. What every best solution does to one twin it does to the other (the twins' places
    /// held taken together and shared again in proportion to their needs give a best solution
    /// too, with no one served where neither was, and each row served whole, or tight to its
    /// places, where the other was), so the row's best solutions are those the face describes.
    pub(super) fn merged(&self, rows: &[Row], members: &[Vec<usize>], merged: &[Row]) -> Face {
        let any = |flags: &[bool], of: &[usize]| of.iter().any(|&i| flags[i]);
        let mut unheld = self.unheld.clone();
        let mut idle = Vec::with_capacity(merged.len());
        for (row, of) in merged.iter().zip(members) {
            idle.push(
                (row.options.iter())
                    .map(|s| {
                        of.iter().any(|&i| {
                            (rows[i].options.iter().position(|o| o == s))
                                .is_some_and(|k| self.idle[i][k])
                        })
                    })
                    .collect(),
            );
            for &i in of {
                for &s in &rows[i].options {
                    if self.unheld.contains(&(rows[i].cohort, s)) {
                        unheld.insert((row.cohort, s));
                    }
                }
            }
        }
        Face {
            idle,
            none: members.iter().map(|of| any(&self.none, of)).collect(),
            tight: members.iter().map(|of| any(&self.tight, of)).collect(),
            unheld,
            full: members.iter().map(|of| any(&self.full, of)).collect(),
            filled: self.filled.clone(),
        }
    }

    /// The face of the best solutions of `rows` sharing `places`, whose most people served is
    /// `best`; `None` when the dual programme cannot be solved or does not reach `best`.
    pub(super) fn of(rows: &[Row], places: &[f64], best: f64) -> Option<Face> {
        let mut p = Problem::new(OptimizationDirection::Minimize);
        let gamma: Vec<Variable> = rows.iter().map(|r| p.add_var(r.need, (0.0, 1.0))).collect();
        let alpha: Vec<Variable> = rows.iter().map(|_| p.add_var(0.0, (0.0, 1.0))).collect();
        let mut beta: BTreeMap<usize, Variable> = BTreeMap::new();
        // Per cohort and service, the α of its rows that can use the service.
        let mut of_held: BTreeMap<(usize, usize), Vec<Variable>> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            p.add_constraint([(alpha[i], 1.0), (gamma[i], 1.0)], ComparisonOp::Ge, 1.0);
            for &s in &r.options {
                let worth = places.get(s).copied()?;
                beta.entry(s)
                    .or_insert_with(|| p.add_var(worth, (0.0, f64::INFINITY)));
                of_held.entry((r.cohort, s)).or_default().push(alpha[i]);
            }
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
        let none: Vec<bool> = (alpha.iter().zip(&gamma))
            .map(|(&a, &g)| positive(value(a) + value(g) - 1.0))
            .collect();
        let idle = (rows.iter().zip(&none))
            .map(|(r, &none)| {
                (r.options.iter())
                    .map(|&s| none || unheld.contains(&(r.cohort, s)))
                    .collect()
            })
            .collect();
        let mut filled = vec![false; places.len()];
        for (&s, &b) in &beta {
            filled[s] = positive(value(b));
        }
        Some(Face {
            idle,
            none,
            tight: alpha.iter().map(|&a| positive(value(a))).collect(),
            unheld,
            full: gamma.iter().map(|&g| positive(value(g))).collect(),
            filled,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two rows of one service of 10 places: the first, of need 20, said to be served whole, and
    /// the second said to be served no one. A solution giving the second anyone, or the first less
    /// than 20 (less the slack), is not one the face admits.
    #[test]
    fn a_solution_that_breaks_the_face_is_not_admitted() {
        let rows = vec![Row::of(0, 20.0, &[0]), Row::of(1, 5.0, &[0])];
        let face = Face {
            idle: vec![vec![false], vec![true]],
            none: vec![false, true],
            tight: vec![true, false],
            unheld: BTreeSet::new(),
            full: vec![true, false],
            filled: vec![true],
        };
        assert!(face.admits(&rows, &[vec![20.0], vec![0.0]]));
        // Round-off under the slack is admitted.
        assert!(face.admits(&rows, &[vec![19.9999], vec![0.0001]]));
        assert!(!face.admits(&rows, &[vec![19.0], vec![0.0]]));
        assert!(!face.admits(&rows, &[vec![20.0], vec![1.0]]));
    }

    /// One service of 10 places and another of 5, a cohort-stage of need 20 able to use the first,
    /// another of need 5 able to use both. The best total is 15 (every place), and only the second
    /// can use the 5 places: in its one best solution the second is served there, whole, and no
    /// one at the first service, which the first has to itself (10 of its 20). The dual has two
    /// optima (a price on the second service's places, or on the second row's need), and
    /// whichever the solver finds, the face admits that solution and rules out the split that
    /// serves the second row at the first service (a total of 10): either that option is idle or
    /// the second service must be filled. The first row, 10 short, is not settled.
    #[test]
    fn the_face_of_a_small_part_admits_its_one_best_solution() {
        let rows = vec![Row::of(0, 20.0, &[0]), Row::of(1, 5.0, &[0, 1])];
        let places = [10.0, 5.0];
        let face = Face::of(&rows, &places, 15.0).expect("the dual reaches 15");
        assert!(face.admits(&rows, &[vec![10.0], vec![0.0, 5.0]]));
        assert!(face.idle[1][0] || face.filled[1]);
        assert!(!face.idle[0][0] && !face.idle[1][1]);
        assert_eq!(face.settled(0), None);
        // A total the dual does not reach is no face at all.
        assert!(Face::of(&rows, &places, 12.0).is_none());
    }
}
