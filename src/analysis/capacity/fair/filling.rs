//! The filling's levels from one programme, solved again from where it stood as rows are fixed.
//!
//! Each level of the progressive filling is the highest share every free row can reach together,
//! the fixed rows held at their levels and the best total kept. Solving a fresh programme for each
//! level repeats nearly all the work of the last: from one level to the next only the rows fixed
//! in between change. So one programme serves them all: each row's share is tied to the level `λ`
//! by a release `u` (`share − λ + u ≥ 0`), which the objective charges for (maximise
//! `λ − 2 Σ u`): at any best solution every `u` of a free row is nought, since λ's gain from
//! one tie is at most its price of 1 and the charge is 2. A row fixed at level `l` gets its floor
//! (`share ≥ l`) and its release fixed at 1, which loosens its tie for good; the solver then
//! takes up from the last solution (microlp's `add_constraint` and `fix_var`, some steps of the
//! dual simplex rather than a fresh solve).
//!
//! The answer is the same levels as fresh programmes would give (each is the optimum of the same
//! programme, up to round-off), though where several splits between services reach a level, the
//! one found can differ: it is the one nearest the last.

use microlp::{ComparisonOp, OptimizationDirection, Variable};

use super::{Failed, Programme, Row, TOLERANCE};

/// Price of a row's release in the objective: above the most one tie can be worth to `λ` (1).
const RELEASE_PRICE: f64 = 2.0;

/// The filling's programme and its last solution.
pub(super) struct Filling<'a> {
    pub(super) programme: Programme<'a>,
    lambda: Variable,
    /// Per row: its release.
    release: Vec<Variable>,
    solution: microlp::Solution,
}

impl<'a> Filling<'a> {
    /// The programme with every row free, solved: its level is the first.
    pub(super) fn new(
        rows: &'a [Row],
        places: &'a [f64],
        best: f64,
    ) -> Result<Filling<'a>, Failed> {
        let mut p = Programme::new(rows, places, OptimizationDirection::Maximize, |_| 0.0);
        p.keep_total(best);
        let lambda = p.problem.add_var(1.0, (0.0, 1.0));
        let release: Vec<Variable> = (0..rows.len())
            .map(|i| {
                let u = p.problem.add_var(-RELEASE_PRICE, (0.0, 1.0));
                let mut terms = p.share_terms(i);
                terms.push((lambda, -1.0));
                terms.push((u, 1.0));
                p.problem.add_constraint(terms, ComparisonOp::Ge, 0.0);
                u
            })
            .collect();
        let solution = p.solve()?;
        Ok(Filling {
            programme: p,
            lambda,
            release,
            solution,
        })
    }

    /// The level of the last solution.
    pub(super) fn level(&self) -> f64 {
        self.solution.var_value(self.lambda).clamp(0.0, 1.0)
    }

    pub(super) fn solution(&self) -> &microlp::Solution {
        &self.solution
    }

    /// Fixes each row of `newly` at `level` and solves again from where the programme stood.
    /// On an error the filling is spent (the caller goes on with fresh programmes).
    pub(super) fn fix(self, newly: &[usize], level: f64) -> Result<Filling<'a>, Failed> {
        let Filling {
            programme,
            lambda,
            release,
            mut solution,
        } = self;
        let floor = (level - TOLERANCE).max(0.0);
        for &i in newly {
            solution =
                again(solution.add_constraint(programme.share_terms(i), ComparisonOp::Ge, floor))?;
        }
        for &i in newly {
            solution = again(solution.fix_var(release[i], 1.0))?;
        }
        Ok(Filling {
            programme,
            lambda,
            release,
            solution,
        })
    }
}

/// The solution of an edit, or why there is none.
fn again(
    outcome: Result<microlp::SolveOutcome, microlp::Error>,
) -> Result<microlp::Solution, Failed> {
    outcome
        .map_err(|e| Failed(e.to_string()))?
        .into_solution()
        .map_err(|_| Failed("the solver stopped before it found a solution".to_owned()))
}
