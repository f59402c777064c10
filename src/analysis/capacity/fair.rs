//! The fairest of the best: one part of the map's sharing of places, solved as a linear programme.
//!
//! For each cohort-stage `r` (a cohort `c` and a stage), each service `s` it can use, people served
//! `y[r,s]`; for each cohort and service, places held `x[c,s]`:
//!
//! ```text
//! y[r,s] ≤ x[c,s]          a place is one person, whatever stages of the service they use
//! Σc x[c,s] ≤ places(s)    people of different cohorts hold separate places
//! Σs y[r,s] ≤ need(r)
//! maximise Σ y             as many needs met as possible
//! ```
//!
//! Among the best solutions, the fairest: the lexicographic max-min of each cohort-stage's share of
//! its need met. The shares are raised together (progressive filling) until some cohort-stages can
//! go no higher without another falling below the level or the total falling; those are fixed at
//! the level, and the rest go on. Every run builds the programme in the same order (cohort-stages
//! and services sorted by id, not map order), so the answer does not depend on how the map lists
//! them.
//!
//! When the best total can be reached by more than one split of the shares, only the total is
//! fixed: each cohort-stage's range over the best solutions is reported beside the fair split.

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};

/// Relative tolerance for "the same" share or total: well above the solver's round-off.
const TOLERANCE: f64 = 1e-9;

/// A cohort-stage in a part: the cohort it belongs to (an index shared by its stages), its need,
/// and the services it can use (indices into the part's services).
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) cohort: usize,
    pub(super) need: f64,
    pub(super) options: Vec<usize>,
}

/// The answer for a part.
#[derive(Debug, Clone)]
pub(super) struct Solved {
    /// Per row: people served at each of its options (same order as `options`).
    pub(super) served: Vec<Vec<f64>>,
    /// Per row: the least and the most it could be given in a best solution, when these differ
    /// from each other (the split is one of several equally good); `None` when fixed.
    pub(super) range: Vec<Option<(f64, f64)>>,
}

/// Why a part could not be solved: the solver's own words.
#[derive(Debug, Clone)]
pub(super) struct Failed(pub(super) String);

/// The programme of one part, with a few extra constraints added per solve.
struct Programme<'a> {
    rows: &'a [Row],
    problem: Problem,
    /// Per row, per option: `y`.
    y: Vec<Vec<Variable>>,
}

impl<'a> Programme<'a> {
    /// The base programme, with objective coefficient `weight(row)` on each `y` of the row.
    fn new(
        rows: &'a [Row],
        places: &'a [f64],
        direction: OptimizationDirection,
        weight: impl Fn(usize) -> f64,
    ) -> Programme<'a> {
        let mut problem = Problem::new(direction);
        let mut y = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            y.push(
                r.options
                    .iter()
                    .map(|_| problem.add_var(weight(i), (0.0, r.need)))
                    .collect::<Vec<_>>(),
            );
        }
        // x[c,s] for each cohort and service some row of the cohort can use, bounded by the
        // cohort's largest need there; made in the order first met, so the same rows give the
        // same programme.
        let mut bound: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for r in rows {
            for &s in &r.options {
                let b = bound.entry((r.cohort, s)).or_insert(0.0);
                *b = b.max(r.need);
            }
        }
        let mut held: BTreeMap<(usize, usize), Variable> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            for (k, &s) in r.options.iter().enumerate() {
                let key = (r.cohort, s);
                let x = *held.entry(key).or_insert_with(|| {
                    problem.add_var(0.0, (0.0, bound.get(&key).copied().unwrap_or(0.0)))
                });
                problem.add_constraint([(y[i][k], 1.0), (x, -1.0)], ComparisonOp::Le, 0.0);
            }
        }
        let mut by_service: Vec<Vec<(Variable, f64)>> = vec![Vec::new(); places.len()];
        for (&(_, s), &v) in &held {
            if let Some(list) = by_service.get_mut(s) {
                list.push((v, 1.0));
            }
        }
        for (xs, &p) in by_service.into_iter().zip(places) {
            if !xs.is_empty() {
                problem.add_constraint(xs, ComparisonOp::Le, p);
            }
        }
        for (i, r) in rows.iter().enumerate() {
            problem.add_constraint(y[i].iter().map(|&v| (v, 1.0)), ComparisonOp::Le, r.need);
        }
        Programme { rows, problem, y }
    }

    /// Every `y`, with a coefficient.
    fn all_served(&self) -> Vec<(Variable, f64)> {
        self.y.iter().flatten().map(|&v| (v, 1.0)).collect()
    }

    /// Keeps the total at the best (less round-off).
    fn keep_total(&mut self, best: f64) {
        let all = self.all_served();
        self.problem
            .add_constraint(all, ComparisonOp::Ge, best * (1.0 - TOLERANCE));
    }

    /// Keeps row `i`'s share at `level` or more.
    fn keep_share(&mut self, i: usize, level: f64, with: Option<Variable>) {
        let need = self.rows[i].need;
        let mut terms: Vec<(Variable, f64)> = self.y[i].iter().map(|&v| (v, 1.0 / need)).collect();
        match with {
            // share − λ ≥ 0
            Some(lambda) => {
                terms.push((lambda, -1.0));
                self.problem.add_constraint(terms, ComparisonOp::Ge, 0.0);
            }
            None => {
                self.problem
                    .add_constraint(terms, ComparisonOp::Ge, (level - TOLERANCE).max(0.0))
            }
        }
    }

    fn solve(&self) -> Result<microlp::Solution, Failed> {
        self.problem
            .solve()
            .map_err(|e| Failed(e.to_string()))?
            .into_solution()
            .map_err(|_| Failed("the solver stopped before it found a solution".to_owned()))
    }

    /// People served per row and option in a solution, to a millionth of a person (the solver's
    /// round-off is below that, and would otherwise show as 19.99999998 people).
    fn read(&self, solution: &microlp::Solution) -> Vec<Vec<f64>> {
        self.y
            .iter()
            .map(|ys| {
                ys.iter()
                    .map(|&v| (solution.var_value(v).max(0.0) * 1e6).round() / 1e6)
                    .collect()
            })
            .collect()
    }
}

/// Shares each row gets in a solution.
fn shares(rows: &[Row], served: &[Vec<f64>]) -> Vec<f64> {
    rows.iter()
        .zip(served)
        .map(|(r, s)| s.iter().sum::<f64>() / r.need)
        .collect()
}

/// Solves one part: rows with a positive need, each option a service with stated places.
/// Without `ranges` the range of each row over the best solutions is not worked out (every range
/// is `None`), the fair split being the same.
pub(super) fn solve_with(rows: &[Row], places: &[f64], ranges: bool) -> Result<Solved, Failed> {
    // The best total.
    let base = Programme::new(rows, places, OptimizationDirection::Maximize, |_| 1.0);
    let first = base.solve()?;
    let best = first.objective();
    let total_need: f64 = rows.iter().map(|r| r.need).sum();
    if best >= total_need * (1.0 - TOLERANCE) {
        return Ok(Solved {
            served: base.read(&first),
            range: vec![None; rows.len()],
        });
    }

    // Progressive filling: levels fixed so far, per row.
    let mut fixed: Vec<Option<f64>> = vec![None; rows.len()];
    let mut last = base.read(&first);
    while fixed.iter().any(Option::is_none) {
        // The highest level every free row can reach together.
        let mut p = Programme::new(rows, places, OptimizationDirection::Maximize, |_| 0.0);
        p.keep_total(best);
        let lambda = p.problem.add_var(1.0, (0.0, 1.0));
        for (i, f) in fixed.iter().enumerate() {
            match f {
                Some(level) => p.keep_share(i, *level, None),
                None => p.keep_share(i, 0.0, Some(lambda)),
            }
        }
        let s = p.solve()?;
        let level = s.var_value(lambda).clamp(0.0, 1.0);
        last = p.read(&s);
        let now = shares(rows, &last);
        // Free rows at the level in this solution may be stuck there; any above it are not.
        let mut froze = false;
        let candidates: Vec<usize> = (0..rows.len())
            .filter(|&i| fixed[i].is_none() && now[i] <= level + TOLERANCE)
            .collect();
        for &i in &candidates {
            // Row i's share alone, every other free row kept at the level.
            let need = rows[i].need;
            let mut alone = Programme::new(rows, places, OptimizationDirection::Maximize, |r| {
                if r == i { 1.0 / need } else { 0.0 }
            });
            alone.keep_total(best);
            for (j, f) in fixed.iter().enumerate() {
                match f {
                    Some(l) => alone.keep_share(j, *l, None),
                    None if j != i => alone.keep_share(j, level, None),
                    None => {}
                }
            }
            let top = alone.solve()?.objective();
            if top <= level + TOLERANCE {
                fixed[i] = Some(level);
                froze = true;
            }
        }
        if !froze {
            // Round-off kept every candidate just above the level: fix them all there, so the
            // filling always ends.
            for &i in &candidates {
                fixed[i] = Some(level);
            }
            if candidates.is_empty() {
                for f in fixed.iter_mut().filter(|f| f.is_none()) {
                    *f = Some(level);
                }
            }
        }
    }

    if !ranges {
        return Ok(Solved {
            served: last,
            range: vec![None; rows.len()],
        });
    }
    // The range of each row over the best solutions: is the split the only best one?
    let mut range = vec![None; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        let mut bounds = [0.0; 2];
        for (k, direction) in [
            OptimizationDirection::Minimize,
            OptimizationDirection::Maximize,
        ]
        .into_iter()
        .enumerate()
        {
            let mut p = Programme::new(rows, places, direction, |q| if q == i { 1.0 } else { 0.0 });
            p.keep_total(best);
            bounds[k] = p.solve()?.objective();
        }
        if bounds[1] - bounds[0] > r.need * 1e-6 {
            range[i] = Some((bounds[0].max(0.0), bounds[1].min(r.need)));
        }
    }
    Ok(Solved {
        served: last,
        range,
    })
}
