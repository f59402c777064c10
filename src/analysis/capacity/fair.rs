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

use super::millionth;

/// Relative tolerance the programmes keep a total or a share to: above the solver's round-off.
const TOLERANCE: f64 = 1e-9;

/// Shares closer than this are at one level. The programmes hold each share to within
/// [`TOLERANCE`], and a solution can carry that slack over from several rows into one share, which
/// then shows a few times [`TOLERANCE`] above a level it cannot really pass: only a rise of more
/// than this counts. A millionth of a cohort-stage's need, below anything a reader is shown.
const SAME: f64 = 1e-6;

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
        // A cohort with one row in the part needs no `x` of its own: its places held are its
        // people served.
        let mut rows_of: BTreeMap<usize, usize> = BTreeMap::new();
        for r in rows {
            *rows_of.entry(r.cohort).or_insert(0) += 1;
        }
        let alone = |r: &Row| rows_of.get(&r.cohort) == Some(&1);
        let mut held: BTreeMap<(usize, usize), Variable> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            if alone(r) {
                for (k, &s) in r.options.iter().enumerate() {
                    held.insert((r.cohort, s), y[i][k]);
                }
                continue;
            }
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

    /// People served in row `i` in a solution, unrounded.
    fn served(&self, solution: &microlp::Solution, i: usize) -> f64 {
        self.y[i].iter().map(|&v| solution.var_value(v)).sum()
    }

    /// People served per row and option in a solution, to a millionth of a person.
    fn read(&self, solution: &microlp::Solution) -> Vec<Vec<f64>> {
        self.y
            .iter()
            .map(|ys| {
                ys.iter()
                    .map(|&v| millionth(solution.var_value(v).max(0.0)))
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

/// The least and the most each row is given in the best solutions seen so far (unrounded): a
/// witness that spares a programme whose answer it already shows.
struct Seen {
    low: Vec<f64>,
    high: Vec<f64>,
}

impl Seen {
    fn new(n: usize) -> Seen {
        Seen {
            low: vec![f64::INFINITY; n],
            high: vec![f64::NEG_INFINITY; n],
        }
    }

    /// Notes a solution that keeps the best total.
    fn observe(&mut self, p: &Programme<'_>, solution: &microlp::Solution) {
        for i in 0..p.rows.len() {
            let v = p.served(solution, i);
            self.low[i] = self.low[i].min(v);
            self.high[i] = self.high[i].max(v);
        }
    }
}

/// Solves one part: rows with a positive need, each option a service with stated places. With
/// `least_shortfall`, the range over the best solutions is worked out for the rows left that many
/// people or more short (the only ones that report it); without, no range is worked out (every
/// range is `None`), the fair split being the same.
pub(super) fn solve_with(
    rows: &[Row],
    places: &[f64],
    least_shortfall: Option<f64>,
) -> Result<Solved, Failed> {
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
    let mut seen = Seen::new(rows.len());
    seen.observe(&base, &first);
    let last = fill(rows, places, best, &mut seen, base.read(&first))?;
    let range = match least_shortfall {
        Some(least) => ranges(rows, places, best, &last, least, &seen)?,
        None => vec![None; rows.len()],
    };
    Ok(Solved {
        served: last,
        range,
    })
}

/// Progressive filling: returns the fair split.
fn fill(
    rows: &[Row],
    places: &[f64],
    best: f64,
    seen: &mut Seen,
    mut last: Vec<Vec<f64>>,
) -> Result<Vec<Vec<f64>>, Failed> {
    // Levels fixed so far, per row.
    let mut fixed: Vec<Option<f64>> = vec![None; rows.len()];
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
        seen.observe(&p, &s);
        let level = s.var_value(lambda).clamp(0.0, 1.0);
        last = p.read(&s);
        let now = shares(rows, &last);
        // Free rows at the level in this solution may be stuck there; any above it are not.
        // The level is the least free share (up to round-off), so there is always one.
        let lowest = (0..rows.len())
            .filter(|&i| fixed[i].is_none())
            .map(|i| now[i])
            .fold(level, f64::min);
        let candidates: Vec<usize> = (0..rows.len())
            .filter(|&i| fixed[i].is_none() && now[i] <= lowest + SAME)
            .collect();
        // Programmes only for the candidates the solution's own moves do not decide.
        let moves = Moves::new(rows, &last, &now, level, &fixed);
        let movable = moves.can_rise();
        let undecided: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| !movable[i])
            .collect();
        let froze = if !undecided.is_empty() && moves.none_can_rise(&undecided) {
            for &i in &undecided {
                fixed[i] = Some(level);
            }
            true
        } else {
            settle(rows, places, best, level, &undecided, &mut fixed, seen)?
        };
        if !froze {
            // Round-off left every candidate's test undecided: fix them all at the level, so
            // the filling always ends.
            for &i in &candidates {
                fixed[i] = Some(level);
            }
        }
    }
    Ok(last)
}

/// People served below this are taken as none when following moves between services.
const SOME: f64 = 1e-6;

/// Who serves people where, and who could, in one solution of the filling: enough to show, with
/// no programme, that some rows can rise and that others cannot.
///
/// A rise is a chain of moves along which each step is a place freed. Row `i` takes a place at a
/// service where one is freed; a row whose cohort has no other row in the part (its places held
/// are its people served) frees a place where it serves people by taking one at a service where
/// one is freed, its share unchanged; and a row above its level (a free row above `level`, a
/// fixed row above its own) frees a place where it serves people outright. Each step moves a
/// little of people served, so the total stays the best and every other share stays where the
/// programme holds it. (A cohort with several rows frees a place only when all its rows there
/// move: such moves are left to the programmes.)
struct Moves<'a> {
    rows: &'a [Row],
    share: &'a [f64],
    level: f64,
    fixed: &'a [Option<f64>],
    /// Per row: whether its cohort has no other row in the part.
    alone: Vec<bool>,
    /// Per service: the rows serving people there.
    holders: Vec<Vec<usize>>,
    /// Per service: the rows that could serve people there.
    users: Vec<Vec<usize>>,
}

impl<'a> Moves<'a> {
    fn new(
        rows: &'a [Row],
        served: &[Vec<f64>],
        share: &'a [f64],
        level: f64,
        fixed: &'a [Option<f64>],
    ) -> Moves<'a> {
        let services = rows
            .iter()
            .flat_map(|r| r.options.iter().copied())
            .max()
            .map_or(0, |s| s + 1);
        let mut rows_of: BTreeMap<usize, usize> = BTreeMap::new();
        for r in rows {
            *rows_of.entry(r.cohort).or_insert(0) += 1;
        }
        let alone = rows
            .iter()
            .map(|r| rows_of.get(&r.cohort) == Some(&1))
            .collect();
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); services];
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); services];
        for (i, r) in rows.iter().enumerate() {
            for (k, &s) in r.options.iter().enumerate() {
                users[s].push(i);
                if served[i][k] > SOME {
                    holders[s].push(i);
                }
            }
        }
        Moves {
            rows,
            share,
            level,
            fixed,
            alone,
            holders,
            users,
        }
    }

    /// Whether row `i` can give people up outright: it is above its level.
    fn above(&self, i: usize) -> bool {
        self.share[i] > self.fixed[i].unwrap_or(self.level) + SAME
    }

    /// The rows a chain of moves shows able to rise. A row it does not show may still rise by
    /// moves of a cohort with several rows.
    fn can_rise(&self) -> Vec<bool> {
        let mut freed = vec![false; self.holders.len()];
        let mut queue: Vec<usize> = Vec::new();
        for (s, list) in self.holders.iter().enumerate() {
            if list.iter().any(|&i| self.alone[i] && self.above(i)) {
                freed[s] = true;
                queue.push(s);
            }
        }
        let mut rises = vec![false; self.rows.len()];
        let mut passed = vec![false; self.rows.len()];
        while let Some(s) = queue.pop() {
            for &i in &self.users[s] {
                // A row served in full has nothing to take.
                rises[i] |= self.share[i] < 1.0 - SAME;
                if passed[i] || !self.alone[i] {
                    continue;
                }
                passed[i] = true;
                for &t in &self.rows[i].options {
                    if !freed[t] && self.holders[t].contains(&i) {
                        freed[t] = true;
                        queue.push(t);
                    }
                }
            }
        }
        rises
    }

    /// Whether no row of `stuck` can rise, shown from every chain of moves that could start at
    /// one: the services they could take a place at, the rows serving people there, the services
    /// those could move to, and so on, meet no row above its level, and no cohort with several
    /// rows (whose moves only a programme can rule out). `false` when it cannot be shown so.
    fn none_can_rise(&self, stuck: &[usize]) -> bool {
        let mut reached = vec![false; self.holders.len()];
        let mut met = vec![false; self.rows.len()];
        let mut queue: Vec<usize> = Vec::new();
        for &i in stuck {
            for &s in &self.rows[i].options {
                if !reached[s] {
                    reached[s] = true;
                    queue.push(s);
                }
            }
        }
        while let Some(s) = queue.pop() {
            for &j in &self.holders[s] {
                if met[j] {
                    continue;
                }
                met[j] = true;
                if self.above(j) || !self.alone[j] {
                    return false;
                }
                for &t in &self.rows[j].options {
                    if !reached[t] {
                        reached[t] = true;
                        queue.push(t);
                    }
                }
            }
        }
        true
    }
}

/// The programme keeping the best total, every fixed row at its level and every other free row
/// but `except` at `level`, maximising the sum of the shares of the rows `weighted`.
fn at_level<'a>(
    rows: &'a [Row],
    places: &'a [f64],
    best: f64,
    level: f64,
    fixed: &[Option<f64>],
    weighted: &[bool],
    except: Option<usize>,
) -> Programme<'a> {
    let mut p = Programme::new(rows, places, OptimizationDirection::Maximize, |r| {
        if weighted[r] { 1.0 / rows[r].need } else { 0.0 }
    });
    p.keep_total(best);
    for (j, f) in fixed.iter().enumerate() {
        match f {
            Some(l) => p.keep_share(j, *l, None),
            None if Some(j) != except => p.keep_share(j, level, None),
            None => {}
        }
    }
    p
}

/// Fixes at `level` the candidates that cannot rise above it without another free row falling
/// below it; returns whether any was fixed.
///
/// At least one candidate is stuck: if each could rise with every free row kept at the level,
/// the average of those solutions would raise them all, and the level was the highest. So when
/// one candidate is left, it is the one stuck, with no programme solved.
///
/// First all together: the most their shares can sum to, every free row kept at the level. A
/// candidate above the level in that solution is not stuck; when none is and the sum is their
/// number times the level, none can rise, and all are stuck. What that leaves undecided is
/// decided one row at a time: the row's share alone, every other free row kept at the level.
fn settle(
    rows: &[Row],
    places: &[f64],
    best: f64,
    level: f64,
    candidates: &[usize],
    fixed: &mut [Option<f64>],
    seen: &mut Seen,
) -> Result<bool, Failed> {
    let mut open: Vec<usize> = candidates.to_vec();
    let mut froze = false;
    while !open.is_empty() {
        if let [only] = open[..] {
            fixed[only] = Some(level);
            return Ok(true);
        }
        let mut weighted = vec![false; rows.len()];
        for &i in &open {
            weighted[i] = true;
        }
        let p = at_level(rows, places, best, level, fixed, &weighted, None);
        let solution = p.solve()?;
        seen.observe(&p, &solution);
        let before = open.len();
        open.retain(|&i| p.served(&solution, i) / rows[i].need <= level + SAME);
        if open.len() < before {
            continue;
        }
        if solution.objective() <= open.len() as f64 * (level + SAME) {
            for &i in &open {
                fixed[i] = Some(level);
            }
            return Ok(true);
        }
        break;
    }
    // One at a time. A candidate seen above the level in a solution for another one alone is not
    // stuck: its own programme would only find it higher still.
    let mut above = vec![false; rows.len()];
    for &i in &open {
        if above[i] {
            continue;
        }
        let mut weighted = vec![false; rows.len()];
        weighted[i] = true;
        let alone = at_level(rows, places, best, level, fixed, &weighted, Some(i));
        let solution = alone.solve()?;
        seen.observe(&alone, &solution);
        for &j in &open {
            if j != i && alone.served(&solution, j) / rows[j].need > level + SAME {
                above[j] = true;
            }
        }
        if solution.objective() <= level + SAME {
            fixed[i] = Some(level);
            froze = true;
        }
    }
    Ok(froze)
}

/// The range of each row left short over the best solutions: is the split the only best one?
/// A bound a solution seen already reaches (nothing, or the whole need) is not solved for.
///
/// The least bounds are found in one chain of solves and the most in another, the two side by
/// side (see [`chain`]). Each bound is read to a millionth of a person, as people served are:
/// the programmes keep the best total to within [`TOLERANCE`], and a bound can move by that much.
fn ranges(
    rows: &[Row],
    places: &[f64],
    best: f64,
    last: &[Vec<f64>],
    least_shortfall: f64,
    seen: &Seen,
) -> Result<Vec<Option<(f64, f64)>>, Failed> {
    let short: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].need - last[i].iter().sum::<f64>() >= least_shortfall)
        .collect();
    let mut range = vec![None; rows.len()];
    if short.is_empty() {
        return Ok(range);
    }
    let (low, high) = rayon::join(
        || chain(rows, places, best, &short, Bound::Least, seen),
        || chain(rows, places, best, &short, Bound::Most, seen),
    );
    let (low, high) = (low?, high?);
    for ((&i, low), high) in short.iter().zip(low).zip(high) {
        let (low, high) = (millionth(low.max(0.0)), millionth(high.min(rows[i].need)));
        if high - low > rows[i].need * 1e-6 {
            range[i] = Some((low, high));
        }
    }
    Ok(range)
}

/// Which end of a row's range is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Least,
    Most,
}

impl Bound {
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
/// free up to the largest need, too much to bind. On the row's turn its `u` is fixed at nought,
/// so that `z` is the row's people served, and the programme is solved again from where it
/// stood (some steps of the simplex, not a fresh solve); then `u` is freed again. Every
/// solution in the chain keeps the best total, so each is a best solution and a witness for the
/// rows still to come. Should the solver fail to take an edit, the bounds left are each solved
/// with a programme of their own.
fn chain(
    rows: &[Row],
    places: &[f64],
    best: f64,
    asked: &[usize],
    bound: Bound,
    seen: &Seen,
) -> Result<Vec<f64>, Failed> {
    let mut reached = match bound {
        Bound::Least => seen.low.clone(),
        Bound::Most => seen.high.clone(),
    };
    let spared = |reached: &[f64], i: usize| match bound {
        Bound::Least => reached[i] <= 0.0,
        Bound::Most => reached[i] >= rows[i].need,
    };
    let mut out: Vec<f64> = asked
        .iter()
        .map(|&i| match bound {
            Bound::Least => 0.0,
            Bound::Most => rows[i].need,
        })
        .collect();
    let todo: Vec<usize> = (0..asked.len())
        .filter(|&k| !spared(&reached, asked[k]))
        .collect();
    if todo.is_empty() {
        return Ok(out);
    }
    let mut p = Programme::new(rows, places, bound.direction(), |_| 0.0);
    p.keep_total(best);
    let big = rows.iter().map(|r| r.need).fold(0.0, f64::max);
    let z = p.problem.add_var(1.0, (0.0, big));
    let slack: Vec<Variable> = todo
        .iter()
        .map(|&k| {
            let u = p.problem.add_var(0.0, (0.0, big));
            let (sign, op) = match bound {
                Bound::Least => (-1.0, ComparisonOp::Le),
                Bound::Most => (1.0, ComparisonOp::Ge),
            };
            let mut terms: Vec<(Variable, f64)> = p.y[asked[k]].iter().map(|&v| (v, 1.0)).collect();
            terms.push((u, sign));
            terms.push((z, -1.0));
            p.problem.add_constraint(terms, op, 0.0);
            u
        })
        .collect();
    let mut live = p.solve().ok();
    let served_all = |q: &Programme<'_>, s: &microlp::Solution| -> Vec<f64> {
        (0..rows.len()).map(|j| q.served(s, j)).collect()
    };
    for (&k, &u) in todo.iter().zip(&slack) {
        let i = asked[k];
        if spared(&reached, i) {
            continue;
        }
        let asked_in_chain = live
            .take()
            .map(|s| ask(s, u, |s| (s.var_value(z), served_all(&p, s))));
        let (value, witness) = match asked_in_chain {
            Some(Ok((answer, freed))) => {
                live = Some(freed);
                answer
            }
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

/// Fixes a row's slack at nought, solves and reads the solution; then frees the slack and
/// solves again, for the next row.
fn ask<T>(
    solution: microlp::Solution,
    u: Variable,
    read: impl Fn(&microlp::Solution) -> T,
) -> Result<(T, microlp::Solution), microlp::Error> {
    let stopped = || microlp::Error::InternalError("the solver stopped".to_owned());
    let fixed = solution
        .fix_var(u, 0.0)?
        .into_solution()
        .map_err(|_| stopped())?;
    let answer = read(&fixed);
    let (freed, _) = fixed.unfix_var(u)?;
    Ok((answer, freed.into_solution().map_err(|_| stopped())?))
}

#[cfg(test)]
mod tests {
    //! The fair split checked against what defines it, with programmes written plainly here
    //! (a place variable for every cohort and service): no row's share can be raised, keeping
    //! the best total, without lowering a share that is no higher than its own; and each range
    //! is the least and the most the row gets over the best solutions.
    use super::*;
    use proptest::prelude::*;

    /// A plain programme of the part: per row and option `y`, per cohort and service `x`.
    struct Plain {
        problem: Problem,
        y: Vec<Vec<Variable>>,
    }

    /// With objective the people served in row `of`, or in every row.
    fn plain(
        rows: &[Row],
        places: &[f64],
        direction: OptimizationDirection,
        of: Option<usize>,
    ) -> Plain {
        let mut problem = Problem::new(direction);
        let y: Vec<Vec<Variable>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let weight = if of.is_none_or(|o| o == i) { 1.0 } else { 0.0 };
                r.options
                    .iter()
                    .map(|_| problem.add_var(weight, (0.0, f64::INFINITY)))
                    .collect()
            })
            .collect();
        let mut x: BTreeMap<(usize, usize), Variable> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            for (k, &s) in r.options.iter().enumerate() {
                let held = *x
                    .entry((r.cohort, s))
                    .or_insert_with(|| problem.add_var(0.0, (0.0, f64::INFINITY)));
                problem.add_constraint([(y[i][k], 1.0), (held, -1.0)], ComparisonOp::Le, 0.0);
            }
            problem.add_constraint(y[i].iter().map(|&v| (v, 1.0)), ComparisonOp::Le, r.need);
        }
        for (s, &p) in places.iter().enumerate() {
            let held: Vec<(Variable, f64)> = x
                .iter()
                .filter(|((_, t), _)| *t == s)
                .map(|(_, &v)| (v, 1.0))
                .collect();
            if !held.is_empty() {
                problem.add_constraint(held, ComparisonOp::Le, p);
            }
        }
        Plain { problem, y }
    }

    impl Plain {
        fn served(&self, i: usize) -> Vec<(Variable, f64)> {
            self.y[i].iter().map(|&v| (v, 1.0)).collect()
        }

        fn total(&self) -> Vec<(Variable, f64)> {
            self.y.iter().flatten().map(|&v| (v, 1.0)).collect()
        }

        /// The optimum, keeping the best total.
        fn keeping(&mut self, best: f64) -> f64 {
            self.problem
                .add_constraint(self.total(), ComparisonOp::Ge, best - 1e-6);
            self.problem
                .solve()
                .expect("a feasible programme")
                .into_solution()
                .expect("solved")
                .objective()
        }
    }

    /// The most people the part can serve.
    fn most(rows: &[Row], places: &[f64]) -> f64 {
        let p = plain(rows, places, OptimizationDirection::Maximize, None);
        p.problem
            .solve()
            .expect("a feasible programme")
            .into_solution()
            .expect("solved")
            .objective()
    }

    /// Parts of up to 7 rows over up to 4 services; cohorts 0 to 3, so some cohorts have two
    /// or more stages in the part; needs and places in whole people.
    fn part() -> impl Strategy<Value = (Vec<Row>, Vec<f64>)> {
        (1usize..=4).prop_flat_map(|services| {
            let row = (
                0usize..4,
                1u32..=60,
                proptest::collection::btree_set(0..services, 1..=services),
            )
                .prop_map(|(cohort, need, options)| Row {
                    cohort,
                    need: f64::from(need),
                    options: options.into_iter().collect(),
                });
            (
                proptest::collection::vec(row, 1..=7),
                proptest::collection::vec((1u32..=60).prop_map(f64::from), services),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn the_split_is_the_fairest_of_the_best((rows, places) in part()) {
            let solved = solve_with(&rows, &places, Some(0.5)).expect("a part is always solved");
            let served: Vec<f64> = solved.served.iter().map(|s| s.iter().sum()).collect();
            let best = most(&rows, &places);
            // As many served as can be.
            prop_assert!((served.iter().sum::<f64>() - best).abs() < 1e-4);
            let share: Vec<f64> = served.iter().zip(&rows).map(|(s, r)| s / r.need).collect();
            for i in 0..rows.len() {
                // Keeping the best total and every share no higher than row i's, row i can
                // rise no higher than it is.
                let mut p = plain(&rows, &places, OptimizationDirection::Maximize, Some(i));
                for j in (0..rows.len()).filter(|&j| j != i && share[j] <= share[i] + 1e-6) {
                    p.problem.add_constraint(p.served(j), ComparisonOp::Ge, served[j] - 1e-6);
                }
                let highest = p.keeping(best);
                prop_assert!(
                    highest <= served[i] + 1e-4,
                    "row {} gets {:.6} people but could get {:.6} with no lower share lowered: \
                     {:?} {:?} shares {:?}", i, served[i], highest, rows, places, share
                );
                // The range over the best solutions, when the row is short by half a person.
                let least =
                    plain(&rows, &places, OptimizationDirection::Minimize, Some(i)).keeping(best);
                let most =
                    plain(&rows, &places, OptimizationDirection::Maximize, Some(i)).keeping(best);
                if rows[i].need - served[i] >= 0.5 && most - least > rows[i].need * 1e-5 {
                    let (low, high) = solved.range[i].expect("a range where the split is one of many");
                    prop_assert!((low - least).abs() < 1e-4 && (high - most).abs() < 1e-4,
                        "row {}: range {:?}, worked out {:?}", i, (low, high), (least, most));
                } else if most - least < rows[i].need * 1e-7 {
                    prop_assert!(solved.range[i].is_none());
                }
            }
        }
    }
}
