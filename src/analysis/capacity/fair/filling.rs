//! The filling's levels from one programme, solved again from where it stood as rows are fixed.
//!
//! Each level of the progressive filling is the highest share every free row can reach together,
//! the fixed rows held at their levels and the best total kept. Solving a fresh programme for each
//! level repeats nearly all the work of the last: from one level to the next only the rows fixed
//! in between change. So one programme serves them all: each row's share is tied to the level `λ`
//! by a release `u` (`share − λ + u ≥ 0`), which the objective charges for (maximise
//! `λ − p Σ u`, `p` at least 2): at any best solution every `u` of a free row is nought, since
//! λ's gain from one tie is at most its price of 1. A row fixed at level `l` has its people
//! served fixed where the last solution has them (at `l`, up to round-off, and never under its
//! floor, a hair under `l`) and its release fixed at 1, which loosens its tie for good; the
//! solver then takes up from the last solution (microlp's `fix_var`, some steps of the dual
//! simplex rather than a fresh solve). Fixing the row's people served rather than adding a
//! floor (`share ≥ l`) loses nothing: the row cannot rise above `l` while every free row is at
//! `l` or more, so no later solution could give it more; and it costs less, an edit of a bound
//! rather than a constraint added (so the programme does not grow as rows are fixed), and the row
//! is left at its level rather than at its floor (439.999999 people of 440 places).
//!
//! Settling a level asks a copy of the programme another question: the most the shares of some
//! rows (those `open`) can sum to, the level held (`λ` fixed at it). A variable `Z`, worth 1 in
//! the objective, is tied to their sum by a constraint added to the copy for the question (`Z ≤ Σ
//! open shares`); in the filling's own programme nothing binds `Z`, which sits at its bound and
//! leaves the filling's choices as they were (a constant in the objective). The copy is dropped
//! after the question, so the filling goes on from where it stood. Releases must not pay
//! here either: a row's share falling by δ frees at most δ × its need of places, and a place
//! raises the open shares by at most the rows its cohort has over the least need; the release's
//! price is twice the most that can be, over the part, up to [`PRICE_CAP`] (past which the
//! objective's coefficients would differ too much for the solver's tolerances). Whatever the
//! price, an answer in which a free row fell below the level is not taken: the question is then
//! asked of a programme of its own.
//!
//! A level with many candidates asks the copy first for as many of them as can rise a little
//! together ([`Filling::spread`]): each row's tie also carries its rise over the level, counted up
//! to [`RISE`] (`share − λ − rise + u ≥ 0`), worth nothing in the filling's own programme (where it
//! sits at nought: a rise only tightens its tie), and the copy ties `Z` to the open rows' rises
//! rather than their shares. A fresh programme asking the same costs a whole solve of the part.
//!
//! The answer is the same levels as fresh programmes would give (each is the optimum of the same
//! programme, up to round-off), though where several splits between services reach a level, the
//! one found can differ: it is the one nearest the last.

use microlp::{ComparisonOp, Variable};

use super::{Failed, Part, Programme, RISE, Row, SAME, floor_of};

/// Price of a row's release in the objective, over the most one tie can be worth to `λ` (1) or to
/// the open shares' sum `Z` (see the module's notes): twice the larger.
fn release_price(rows: &[Row]) -> f64 {
    let least = rows.iter().map(|r| r.need).fold(f64::INFINITY, f64::min);
    let most = rows.iter().map(|r| r.need).fold(0.0, f64::max);
    let mut per_cohort: std::collections::BTreeMap<usize, f64> = std::collections::BTreeMap::new();
    for r in rows {
        *per_cohort.entry(r.cohort).or_insert(0.0) += 1.0;
    }
    let widest = per_cohort.values().copied().fold(1.0, f64::max);
    (2.0 * (most * widest / least).max(1.0)).min(PRICE_CAP)
}

/// The most a release is priced at: at least 2, which is all the filling's levels need; above
/// what a part of needs of ordinary sizes needs for its questions.
const PRICE_CAP: f64 = 1e4;

/// The filling's programme and its last solution.
pub(super) struct Filling<'a> {
    pub(super) programme: Programme<'a>,
    lambda: Variable,
    /// Per row: its release (none for a row fixed before the filling began), and whether it has
    /// been fixed at 1 (the row fixed at a level).
    release: Vec<Option<Variable>>,
    released: Vec<bool>,
    /// Per row: its rise over the level, counted up to [`RISE`] (none for a row fixed before the
    /// filling began). Worth nothing in the filling's own programme, where it sits at nought;
    /// what a copy maximises when asked which rows can rise ([`Filling::spread`]).
    rise: Vec<Option<Variable>>,
    /// The sum of shares asked for when settling a level (at most the number of rows); at its
    /// bound, bound by nothing, in the filling's own programme.
    sum: Variable,
    solution: microlp::Solution,
}

impl<'a> Filling<'a> {
    /// The programme with every row free but those `fixed` (each held at its level, with no
    /// tie), solved: its level is the first.
    pub(super) fn new(part: Part<'a>, fixed: &[Option<f64>]) -> Result<Filling<'a>, Failed> {
        let rows = part.rows;
        let held = |i: usize| fixed.get(i).copied().flatten();
        let mut p = part.best_programme(|_| 0.0, |i| held(i).unwrap_or(0.0));
        let lambda = p.problem.add_var(1.0, (0.0, 1.0));
        let price = release_price(rows);
        let (release, rise): (Vec<Option<Variable>>, Vec<Option<Variable>>) = (0..rows.len())
            .map(|i| {
                if held(i).is_some() {
                    return (None, None);
                }
                let u = p.problem.add_var(-price, (0.0, 1.0));
                let r = p.problem.add_var(0.0, (0.0, RISE));
                // share − λ − rise + release ≥ 0
                let mut terms = p.share_terms(i);
                terms.push((lambda, -1.0));
                terms.push((r, -1.0));
                terms.push((u, 1.0));
                p.problem.add_constraint(terms, ComparisonOp::Ge, 0.0);
                (Some(u), Some(r))
            })
            .unzip();
        let sum = p.problem.add_var(1.0, (0.0, rows.len() as f64));
        let solution = p.solve()?;
        Ok(Filling {
            programme: p,
            lambda,
            released: release.iter().map(Option::is_none).collect(),
            release,
            rise,
            sum,
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

    /// Fixes each row of `newly` at `level` and solves again from where the programme stood: its
    /// people served where the last solution has them (at `level`, up to round-off) when each
    /// was shown `stuck` there (unable to rise above it), else held to its floor by a constraint
    /// (round-off left its test undecided, and a later level may still raise it). On an error
    /// the filling is spent (the caller goes on with fresh programmes).
    pub(super) fn fix(
        mut self,
        newly: &[usize],
        level: f64,
        stuck: bool,
    ) -> Result<Filling<'a>, Failed> {
        let floor = floor_of(level);
        for &i in newly {
            self.solution = if stuck {
                let z = self.programme.z[i];
                let need = self.programme.rows[i].need;
                let at = (self.solution.var_value(z).min(level * need)).max(floor * need);
                again(self.solution.fix_var(z, at))?
            } else {
                let share = self.programme.share_terms(i);
                again(self.solution.add_constraint(share, ComparisonOp::Ge, floor))?
            };
        }
        for &i in newly {
            if let Some(u) = self.release[i] {
                self.solution = again(self.solution.fix_var(u, 1.0))?;
            }
            self.released[i] = true;
        }
        Ok(self)
    }

    /// The most the shares of the rows `open` can sum to, every free row held at the level of
    /// the last solution: that sum and the solution reaching it (every fixed row at its level,
    /// the best total kept), read by `read`; the filling's programme is left as it was. `None`
    /// for the sum when a free row fell below the level (the caller asks a programme of its
    /// own). An error is the copy's: the filling is still good.
    pub(super) fn most_of<T>(
        &self,
        open: &[usize],
        read: impl FnOnce(&Programme<'_>, &microlp::Solution) -> T,
    ) -> Result<Option<(f64, T)>, Failed> {
        let level = self.level();
        let mut tie: Vec<(Variable, f64)> = vec![(self.sum, 1.0)];
        for &i in open {
            tie.extend(
                self.programme
                    .share_terms(i)
                    .into_iter()
                    .map(|(v, c)| (v, -c)),
            );
        }
        let s = again(self.solution.clone().fix_var(self.lambda, level))?;
        let s = again(s.add_constraint(tie, ComparisonOp::Le, 0.0))?;
        // Every free row held at the level: else the release was not priced high enough for
        // this part, and the answer is not one.
        let held = (0..self.release.len()).all(|i| {
            self.released[i]
                || self.programme.served(&s, i) / self.programme.rows[i].need >= level - SAME
        });
        Ok(held.then(|| (s.var_value(self.sum), read(&self.programme, &s))))
    }
}

impl Filling<'_> {
    /// Each open row's share in a solution keeping every free row at the level of the last
    /// solution (every fixed row at its level, the best total kept) that makes the sum of the
    /// open rows' rises over the level, each counted up to [`RISE`], as large as it can: the
    /// question [`super::spread`] asks of a programme of its own, asked of a copy of the
    /// filling's (its rises there, worth nothing, tied to the sum `Z` the copy maximises). `None`
    /// when a free row fell below the level, or an open row has no rise (fixed before the
    /// filling began). An error is the copy's: the filling is still good.
    pub(super) fn spread(&self, open: &[usize]) -> Result<Option<Vec<f64>>, Failed> {
        let level = self.level();
        let mut tie: Vec<(Variable, f64)> = vec![(self.sum, 1.0)];
        for &i in open {
            match self.rise[i] {
                Some(r) if !self.released[i] => tie.push((r, -1.0)),
                _ => return Ok(None),
            }
        }
        let s = again(self.solution.clone().fix_var(self.lambda, level))?;
        let s = again(s.add_constraint(tie, ComparisonOp::Le, 0.0))?;
        let held = (0..self.release.len()).all(|i| {
            self.released[i]
                || self.programme.served(&s, i) / self.programme.rows[i].need >= level - SAME
        });
        Ok(held.then(|| {
            open.iter()
                .map(|&i| self.programme.served(&s, i) / self.programme.rows[i].need)
                .collect()
        }))
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
