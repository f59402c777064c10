//! The range of a cohort-stage over the best solutions, when the fair split is one of several.

use microlp::{ComparisonOp, OptimizationDirection, Variable};

use super::super::millionth;
use super::{Face, Failed, Programme, Row, Seen};

/// The range over the best solutions of each row `asked` about, where it is one (the row is not
/// given the same in every best solution); `None` for the others. A bound a solution seen
/// already reaches (nothing, or the whole need) is not solved for.
///
/// The least bounds are found in one chain of solves and the most in another, the two side by
/// side (see [`chain`]). Each bound is read to a millionth of a person, as people served are:
/// the programmes keep the best total to within [`TOLERANCE`](super::TOLERANCE), and a bound
/// can move by that much.
pub(super) fn ranges(
    rows: &[Row],
    places: &[f64],
    best: f64,
    asked: &[usize],
    seen: &Seen,
    face: Option<&Face>,
) -> Result<Vec<Option<(f64, f64)>>, Failed> {
    let mut range = vec![None; rows.len()];
    if asked.is_empty() {
        return Ok(range);
    }
    let (low, high) = rayon::join(
        || chain(rows, places, best, asked, Bound::Least, seen, face),
        || chain(rows, places, best, asked, Bound::Most, seen, face),
    );
    let (low, high) = (low?, high?);
    for ((&i, low), high) in asked.iter().zip(low).zip(high) {
        let (low, high) = (millionth(low.max(0.0)), millionth(high.min(rows[i].need)));
        if high - low > rows[i].need * 1e-6 {
            range[i] = Some((low, high));
        }
    }
    Ok(range)
}

/// The worth of a slack in the objective (see [`Bound::loose`]).
const LOOSE: f64 = 1e-3;

/// Which end of a row's range is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Least,
    Most,
}

impl Bound {
    /// Objective coefficient of a slack: a little worth having, so that a slack not fixed sits at
    /// its bound and its row's tie binds nothing (a slack never costs the objective anything else).
    fn loose(self) -> f64 {
        match self {
            Bound::Least => -LOOSE,
            Bound::Most => LOOSE,
        }
    }

    fn direction(self) -> OptimizationDirection {
        match self {
            Bound::Least => OptimizationDirection::Minimize,
            Bound::Most => OptimizationDirection::Maximize,
        }
    }
}

/// One end of the range of each row in `asked`: a bound a solution seen (before, or in the
/// chain) already reaches is not solved for.
///
/// One programme keeps the best total, with a variable `z` as its objective tied to each row
/// asked about by a slack `u` (`z ≤ served + u` for the most, `z ≥ served − u` for the least),
/// up to the largest need, too much to bind, and held there by a little worth in the objective
/// (which nothing else trades against). On the row's turn its `u` is fixed at nought in a copy
/// of the programme, so that `z` is the row's people served, and the copy is solved again from
/// where the programme stands (some steps of the simplex, not a fresh solve), then dropped: the
/// next row starts from the same place. Every solution in the chain keeps the best total, so
/// each is a best solution and a witness for the rows still to come. Should the solver fail to
/// take an edit, that row's bound is solved with a programme of its own.
///
/// With the best solutions' `face`, the chain's programme is held to it rather than keeping the
/// total by a constraint, and a row it settles (served whole, or not at all, in every best
/// solution) is given that at both ends with no programme.
fn chain(
    rows: &[Row],
    places: &[f64],
    best: f64,
    asked: &[usize],
    bound: Bound,
    seen: &Seen,
    face: Option<&Face>,
) -> Result<Vec<f64>, Failed> {
    let mut reached = match bound {
        Bound::Least => seen.low.clone(),
        Bound::Most => seen.high.clone(),
    };
    let settled = |i: usize| face.and_then(|f| f.settled(i));
    let spared = |reached: &[f64], i: usize| {
        settled(i).is_some()
            || match bound {
                Bound::Least => reached[i] <= 0.0,
                Bound::Most => reached[i] >= rows[i].need,
            }
    };
    let mut out: Vec<f64> = asked
        .iter()
        .map(|&i| match (settled(i), bound) {
            (Some(share), _) => share * rows[i].need,
            (None, Bound::Least) => 0.0,
            (None, Bound::Most) => rows[i].need,
        })
        .collect();
    let todo: Vec<usize> = (0..asked.len())
        .filter(|&k| !spared(&reached, asked[k]))
        .collect();
    if todo.is_empty() {
        return Ok(out);
    }
    let mut p = Programme::on(rows, places, face, bound.direction(), |_| 0.0, |_| 0.0);
    p.keep_total(best);
    let big = rows.iter().map(|r| r.need).fold(0.0, f64::max);
    let z = p.problem.add_var(1.0, (0.0, big));
    let slack: Vec<Variable> = todo
        .iter()
        .map(|&k| {
            let u = p.problem.add_var(bound.loose(), (0.0, big));
            let (sign, op) = match bound {
                Bound::Least => (-1.0, ComparisonOp::Le),
                Bound::Most => (1.0, ComparisonOp::Ge),
            };
            let mut terms = p.served_terms(asked[k]);
            terms.push((u, sign));
            terms.push((z, -1.0));
            p.problem.add_constraint(terms, op, 0.0);
            u
        })
        .collect();
    let live = p.solve().ok();
    let served_all = |q: &Programme<'_>, s: &microlp::Solution| -> Vec<f64> {
        (0..rows.len()).map(|j| q.served(s, j)).collect()
    };
    for (&k, &u) in todo.iter().zip(&slack) {
        let i = asked[k];
        if spared(&reached, i) {
            continue;
        }
        let asked_in_chain = live
            .as_ref()
            .map(|s| ask(s, u, |s| (s.var_value(z), served_all(&p, s))));
        let (value, witness) = match asked_in_chain {
            Some(Ok(answer)) => answer,
            // No chain (the solver failed an edit): a programme of the row's own.
            _ => {
                let mut own = Programme::new(rows, places, bound.direction(), |q| {
                    if q == i { 1.0 } else { 0.0 }
                });
                own.keep_total(best);
                let solution = own.solve()?;
                (solution.objective(), served_all(&own, &solution))
            }
        };
        out[k] = value;
        for (r, v) in reached.iter_mut().zip(witness) {
            *r = match bound {
                Bound::Least => r.min(v),
                Bound::Most => r.max(v),
            };
        }
    }
    Ok(out)
}

/// Fixes a row's slack at nought in a copy of the programme, solves and reads the solution.
fn ask<T>(
    solution: &microlp::Solution,
    u: Variable,
    read: impl Fn(&microlp::Solution) -> T,
) -> Result<T, microlp::Error> {
    let fixed = solution
        .clone()
        .fix_var(u, 0.0)?
        .into_solution()
        .map_err(|_| microlp::Error::InternalError("the solver stopped".to_owned()))?;
    Ok(read(&fixed))
}
