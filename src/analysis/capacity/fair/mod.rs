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
//! The programmes solve it in the form it comes to once the places held are chosen: a
//! cohort-stage can be served as many people as its cohort holds places at the services it can
//! use, up to its need, so each has one variable, its people served `z[r] ≤ Σs x[c,s]`, rather
//! than one per option (see [`Programme`]). Who is served where is read from the places held:
//! each cohort-stage's people at its services in order of id, as many at each as its cohort holds
//! there. The people served per cohort-stage, the shares and the ranges are the same either way.
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
//!
//! Most levels are settled with few programmes: what one solution shows alone (`moves.rs`: rows a
//! chain of freed places can raise, and rows no chain can) is not asked again, and a level with
//! many candidates left asks first for as many of them as can rise a little together (`spread`).
//! The ranges are found by re-solving one programme a bound at a time (`ranges.rs`), beside the
//! filling. Services the same rows can use are one to the programmes, their people spread back in
//! proportion to places (`alike.rs`); rows that can use the same services, each alone of its cohort
//! there, are one row, their people spread back in proportion to their needs (`kin.rs`); and to
//! the filling alone, twin cohorts (the same services stage for stage, needs in one proportion)
//! are one cohort, spread back the same way (`Kin::twins`). The filling's and the ranges'
//! programmes are held to the best solutions by what one solution of the dual programme says they
//! all do (`face.rs`: options no one is served at, rows served whole, places all held) rather than
//! by a row over every variable keeping the best total; the rows it settles (served whole, or not
//! at all) take no part in the filling. Without the options the face says serve no one, a part
//! often falls into pieces that share nothing, each filled on its own with smaller programmes
//! (`pieces.rs`). `tests.rs` checks the split against what defines it, on random parts.

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};

use super::millionth;

mod alike;
mod face;
mod filling;
mod fillings;
mod kin;
mod moves;
mod pieces;
mod ranges;
#[cfg(test)]
mod tests;

use alike::Alike;
use face::Face;
use filling::Filling;
pub(crate) use fillings::Fillings;
use kin::Kin;
use moves::Moves;
use pieces::pieces;
use ranges::ranges;
use rayon::prelude::*;

/// Relative tolerance the programmes keep a total or a share to: above the solver's round-off.
const TOLERANCE: f64 = 1e-9;

/// Shares closer than this are at one level. The programmes hold each share to within
/// [`TOLERANCE`], and a solution can carry that slack over from several rows into one share, which
/// then shows a few times [`TOLERANCE`] above a level it cannot really pass: only a rise of more
/// than this counts: one person in a million of a cohort-stage's need (so under a person for any
/// cohort-stage of fewer than a million people).
const SAME: f64 = 1e-6;

/// People (not negative) in whole millionths of a person: the cast is exact.
pub(super) fn units(people: f64) -> u128 {
    (people * 1e6).round().max(0.0) as u128
}

/// A cohort-stage in a part: the cohort it belongs to (an index shared by its stages), its need,
/// and the services it can use (indices into the part's services).
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) cohort: usize,
    pub(super) need: f64,
    pub(super) options: Vec<usize>,
}

#[cfg(test)]
impl Row {
    /// A row of cohort `cohort`, needing `need`, able to use `options`: for the tests.
    pub(super) fn of(cohort: usize, need: f64, options: &[usize]) -> Row {
        Row {
            cohort,
            need,
            options: options.to_vec(),
        }
    }
}

/// Per row: whether its cohort has no other row in the part (its places held are then its people
/// served).
fn alone_in_cohort(rows: &[Row]) -> Vec<bool> {
    let mut rows_of: BTreeMap<usize, usize> = BTreeMap::new();
    for r in rows {
        *rows_of.entry(r.cohort).or_insert(0) += 1;
    }
    rows.iter()
        .map(|r| rows_of.get(&r.cohort) == Some(&1))
        .collect()
}

/// The answer for a part.
#[derive(Debug, Clone)]
pub(super) struct Solved {
    /// Per row: people served at each of its options (same order as `options`).
    pub(super) served: Vec<Vec<f64>>,
    /// Per row: the least and the most it could be given in a best solution, when these differ
    /// from each other (the split is one of several equally good); `None` when fixed.
    pub(super) range: Vec<Option<(f64, f64)>>,
    /// Per service: every best solution fills its places, as the dual programme shows (`false`
    /// where it does not show it, or every need is met).
    pub(super) filled: Vec<bool>,
}

/// A part's programme, exactly: per row its cohort (numbered within the part), its need (as bits)
/// and its options; then each service's places (as bits). What its answers are kept by.
pub(super) type ProgrammeKey = (Vec<(usize, u64, Vec<usize>)>, Vec<u64>);

/// The [`ProgrammeKey`] of a part.
pub(super) fn programme_key(rows: &[Row], places: &[f64]) -> ProgrammeKey {
    (
        (rows.iter())
            .map(|r| (r.cohort, r.need.to_bits(), r.options.clone()))
            .collect(),
        places.iter().map(|p| p.to_bits()).collect(),
    )
}

/// Per service: whether `face` shows every best solution filling its places (none without a
/// face).
fn filled_by(face: Option<&Face>, services: usize) -> Vec<bool> {
    face.map_or_else(|| vec![false; services], |f| f.filled.clone())
}

/// Why a part could not be solved: the solver's own words.
#[derive(Debug, Clone)]
pub(super) struct Failed(pub(super) String);

/// The programme of one part, with a few extra constraints added per solve.
///
/// Written on what the definition above comes to: given the places each cohort holds at each
/// service, a cohort-stage can be served up to the places its cohort holds at the services it
/// can use, and no more than its need (a place held there serves the person at any stage). So
/// each row has one variable, its people served `z[r] ≤ Σs x[c,s]`, rather than one per option
/// tied to its cohort's places there; the people served at each option are read from the
/// places held ([`Programme::read`]). The programme has a row per cohort-stage and per service,
/// not one per option as well, and every question about a share is about one variable.
struct Programme<'a> {
    rows: &'a [Row],
    /// The best solutions' face it is held to (see [`Programme::keep_total`]), if any.
    face: Option<&'a Face>,
    problem: Problem,
    /// Per row: people served, `z`.
    z: Vec<Variable>,
    /// Per row, per option: its cohort's places held there, `x` (one variable for the cohort's
    /// rows that can use the service).
    x: Vec<Vec<Variable>>,
}

impl<'a> Programme<'a> {
    /// The base programme, with objective coefficient `weight(row)` on the row's people served.
    fn new(
        rows: &'a [Row],
        places: &'a [f64],
        direction: OptimizationDirection,
        weight: impl Fn(usize) -> f64,
    ) -> Programme<'a> {
        Programme::on(rows, places, None, direction, weight, |_| 0.0)
    }

    /// [`Programme::new`], held to `face` where there is one: the variables nought in every best
    /// solution fixed there, the rows served whole fixed at their needs, and the constraints
    /// tight in every best solution made equalities. [`Programme::keep_total`] then adds
    /// nothing: these keep the best total. Each row's share is kept at `floor(row)` or more
    /// (as [`Programme::keep_share`] keeps it), by the bound of its people served.
    fn on(
        rows: &'a [Row],
        places: &'a [f64],
        face: Option<&'a Face>,
        direction: OptimizationDirection,
        weight: impl Fn(usize) -> f64,
        floor: impl Fn(usize) -> f64,
    ) -> Programme<'a> {
        let mut problem = Problem::new(direction);
        let op = |tight: bool| {
            if tight {
                ComparisonOp::Eq
            } else {
                ComparisonOp::Le
            }
        };
        // Rows whose floor is above what the face lets them have: kept by a constraint, which
        // the solver finds cannot be met.
        let mut above: Vec<(usize, f64)> = Vec::new();
        let z: Vec<Variable> = (rows.iter().enumerate())
            .map(|(i, r)| {
                let (least, most) = match face {
                    Some(f) if f.full[i] => (r.need, r.need),
                    Some(f) if f.none[i] => (0.0, 0.0),
                    _ => (0.0, r.need),
                };
                let share = floor(i);
                let wanted = if share > 0.0 {
                    floor_of(share) * r.need
                } else {
                    0.0
                };
                if wanted > most {
                    above.push((i, share));
                    return problem.add_var(weight(i), (least, most));
                }
                problem.add_var(weight(i), (least.max(wanted), most))
            })
            .collect();
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
        let mut by_service: Vec<Vec<(Variable, f64)>> = vec![Vec::new(); places.len()];
        let mut x = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            let mut terms: Vec<(Variable, f64)> = Vec::with_capacity(r.options.len() + 1);
            terms.push((z[i], 1.0));
            let own: Vec<Variable> = (r.options.iter())
                .map(|&s| {
                    let key = (r.cohort, s);
                    let v = *held.entry(key).or_insert_with(|| {
                        let unheld = face.is_some_and(|f| f.unheld.contains(&key));
                        let most = if unheld {
                            0.0
                        } else {
                            bound.get(&key).copied().unwrap_or(0.0)
                        };
                        let v = problem.add_var(0.0, (0.0, most));
                        if let Some(list) = by_service.get_mut(s) {
                            list.push((v, 1.0));
                        }
                        v
                    });
                    terms.push((v, -1.0));
                    v
                })
                .collect();
            let tight = face.is_some_and(|f| f.tight[i]);
            problem.add_constraint(terms, op(tight), 0.0);
            x.push(own);
        }
        for (s, (xs, &p)) in by_service.into_iter().zip(places).enumerate() {
            if !xs.is_empty() {
                let filled = face.is_some_and(|f| f.filled[s]);
                problem.add_constraint(xs, op(filled), p);
            }
        }
        let mut p = Programme {
            rows,
            face,
            problem,
            z,
            x,
        };
        for (i, share) in above {
            p.keep_share(i, share, None);
        }
        p
    }

    /// Every row's people served, with a coefficient.
    fn all_served(&self) -> Vec<(Variable, f64)> {
        self.z.iter().map(|&v| (v, 1.0)).collect()
    }

    /// Keeps the total at the best (less round-off): a constraint, unless the programme is held
    /// to the best solutions' face already.
    fn keep_total(&mut self, best: f64) {
        if self.face.is_some() {
            return;
        }
        let all = self.all_served();
        self.problem
            .add_constraint(all, ComparisonOp::Ge, best * (1.0 - TOLERANCE));
    }

    /// Row `i`'s people served, as terms.
    fn served_terms(&self, i: usize) -> Vec<(Variable, f64)> {
        vec![(self.z[i], 1.0)]
    }

    /// Row `i`'s share of its need met, as terms.
    fn share_terms(&self, i: usize) -> Vec<(Variable, f64)> {
        vec![(self.z[i], 1.0 / self.rows[i].need)]
    }

    /// Keeps row `i`'s share at `level` or more.
    fn keep_share(&mut self, i: usize, level: f64, with: Option<Variable>) {
        let mut terms = self.share_terms(i);
        match with {
            // share − λ ≥ 0
            Some(lambda) => {
                terms.push((lambda, -1.0));
                self.problem.add_constraint(terms, ComparisonOp::Ge, 0.0);
            }
            None => self
                .problem
                .add_constraint(terms, ComparisonOp::Ge, floor_of(level)),
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
        solution.var_value(self.z[i])
    }

    /// People served per row and option in a solution, unrounded: each row's people served
    /// taken from the places its cohort holds at its options, in the order of its options
    /// (services by id), as many at each as are held there.
    fn split(&self, solution: &microlp::Solution) -> Vec<Vec<f64>> {
        (self.z.iter().zip(&self.x))
            .map(|(&z, xs)| {
                let mut left = solution.var_value(z).max(0.0);
                xs.iter()
                    .map(|&x| {
                        let here = solution.var_value(x).max(0.0).min(left);
                        left -= here;
                        here
                    })
                    .collect()
            })
            .collect()
    }

    /// People served per row and option in a solution ([`Programme::split`]), to a millionth of
    /// a person.
    fn read(&self, solution: &microlp::Solution) -> Vec<Vec<f64>> {
        to_millionths(self.split(solution))
    }
}

/// People served per row and option, each to a millionth of a person.
fn to_millionths(mut served: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    for v in served.iter_mut().flatten() {
        *v = millionth(*v);
    }
    served
}

/// The least share a row held at `level` is kept to: a hair under it, for the solver's round-off.
fn floor_of(level: f64) -> f64 {
    (level - TOLERANCE).max(0.0)
}

/// People served at an option below this are the programmes' round-off, not people: each total
/// and share is kept to within [`TOLERANCE`] of it, and a solution can leave that much at an
/// option no one is served at (a few millionths of a person on a part of some thousands; 1.1e-5
/// the most seen on the generated maps). A ten-thousandth of a person: not scaled to the part,
/// since a small cohort's fair share of a part of millions can be a hundredth of a person and is
/// no round-off.
const NOISE: f64 = 1e-4;

/// The people served per option with the round-off of the programmes taken out: an option
/// serving fewer than [`NOISE`] serves no one.
fn without_noise(mut served: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    for v in served.iter_mut().flatten() {
        if *v < NOISE {
            *v = 0.0;
        }
    }
    served
}

/// A part's rows and places, and the most people they can serve: what every programme of the
/// filling starts from.
#[derive(Clone, Copy)]
struct Part<'a> {
    rows: &'a [Row],
    places: &'a [f64],
    best: f64,
    /// The best solutions' face, when the dual programme gave it.
    face: Option<&'a Face>,
}

impl<'a> Part<'a> {
    /// The part's programme held to its best solutions (by the face, or by a constraint keeping
    /// the best total), maximising `weight(row)` on each row's people served, each row's share
    /// kept at `floor(row)` or more.
    fn best_programme(
        self,
        weight: impl Fn(usize) -> f64,
        floor: impl Fn(usize) -> f64,
    ) -> Programme<'a> {
        let direction = OptimizationDirection::Maximize;
        let mut p = Programme::on(self.rows, self.places, self.face, direction, weight, floor);
        p.keep_total(self.best);
        p
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

    /// What was seen of the rows `of`, in that order.
    fn of(&self, of: &[usize]) -> Seen {
        Seen {
            low: of.iter().map(|&i| self.low[i]).collect(),
            high: of.iter().map(|&i| self.high[i]).collect(),
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
    fillings: &Fillings,
) -> Result<Solved, Failed> {
    let alike = Alike::of(rows, places);
    let kin = Kin::of(&alike.rows);
    // Which rows are left short is known when the filling ends, but a row's range over the best
    // solutions does not depend on the filling: the ranges of the rows that could be left short
    // are worked out beside it, and kept for those that are.
    let could = least_shortfall.map(|least| kin.asked(|i| rows[i].need >= least));
    let solved = solve_services(&kin.rows, &alike.places, could.as_deref(), Some(fillings))?;
    let filled = (0..places.len())
        .map(|s| solved.filled[alike.group_of(s)])
        .collect();
    let (by_group, mut range) = match (kin.merges(), could) {
        (false, _) => (solved.served, solved.range),
        (true, None) => (
            kin.spread(&alike.rows, &solved.served),
            vec![None; rows.len()],
        ),
        (true, Some(_)) => (
            kin.spread(&alike.rows, &solved.served),
            kin.ranges(&alike.rows, &solved.served, &solved.range),
        ),
    };
    let served = if alike.merges() {
        alike.spread(rows, places, &by_group)
    } else {
        by_group
    };
    if let Some(least) = least_shortfall {
        for ((r, row), served) in range.iter_mut().zip(rows).zip(&served) {
            if row.need - served.iter().sum::<f64>() < least {
                *r = None;
            }
        }
    }
    Ok(Solved {
        served,
        range,
        filled,
    })
}

/// [`solve_with`], each option one service (or one group of alike services), each row one
/// cohort-stage (or one set of kin): the fair split, and the range over the best solutions of
/// the rows `could` (where it is one), `None` for the others. With `fillings`, each piece the
/// part falls into under its face is solved on its own (`pieces.rs`), its filling taken from
/// those done before when it was given the same (`fillings.rs`); without, the part whole (for
/// the tests, to check the pieces against).
fn solve_services(
    rows: &[Row],
    places: &[f64],
    could: Option<&[usize]>,
    fillings: Option<&Fillings>,
) -> Result<Solved, Failed> {
    // The best total.
    let base = Programme::new(rows, places, OptimizationDirection::Maximize, |_| 1.0);
    let first = base.solve()?;
    let best = first.objective();
    let total_need: f64 = rows.iter().map(|r| r.need).sum();
    let first_split = base.split(&first);
    let first_read = to_millionths(first_split.clone());
    if best >= total_need * (1.0 - TOLERANCE) {
        return Ok(Solved {
            served: without_noise(first_read),
            range: vec![None; rows.len()],
            filled: filled_by(None, places.len()),
        });
    }
    // The face, checked against the best solution found: should round-off have misled the dual,
    // the programmes keep the best total by a constraint instead.
    let twins = Kin::twins(rows);
    let face = Face::of(rows, places, best)
        .map(|f| f.alike_for_twins(rows, twins.members()))
        .filter(|f| f.admits(rows, &first_read));
    let mut seen = Seen::new(rows.len());
    if could.is_some() {
        seen.observe(&base, &first);
    }
    let to_split = face.as_ref().filter(|_| fillings.is_some());
    let Some(pieces) = to_split.and_then(|f| pieces(rows, places, f)) else {
        let part = Part {
            rows,
            places,
            best,
            face: face.as_ref(),
        };
        let solved = fairest(part, could, &seen, fillings)?;
        return Ok(Solved {
            served: without_noise(solved.served),
            ..solved
        });
    };
    // Each piece on its own: its best total is what the best solution found serves at its
    // options.
    let asked: Option<Vec<bool>> = could.map(|could| {
        let mut asked = vec![false; rows.len()];
        for &i in could {
            asked[i] = true;
        }
        asked
    });
    let solved: Vec<Solved> = pieces
        .par_iter()
        .map(|piece| {
            let best = piece.total(|i, k| first_split[i][k]);
            let local = asked.as_deref().map(|asked| piece.asked(asked));
            let seen = seen.of(&piece.rows);
            let part = Part {
                rows: &piece.part_rows,
                places: &piece.places,
                best,
                face: Some(&piece.face),
            };
            fairest(part, local.as_deref(), &seen, fillings)
        })
        .collect::<Result<_, _>>()?;
    let mut served: Vec<Vec<f64>> = rows.iter().map(|r| vec![0.0; r.options.len()]).collect();
    let mut range = vec![None; rows.len()];
    for (piece, solved) in pieces.iter().zip(solved) {
        piece.spread(&solved.served, &mut served);
        for (&i, r) in piece.rows.iter().zip(solved.range) {
            range[i] = r;
        }
    }
    Ok(Solved {
        served: without_noise(served),
        range,
        filled: filled_by(face.as_ref(), places.len()),
    })
}

/// The fair split of a part (or a piece) whose most people served is `part.best`, held to its
/// face where there is one, and the range over the best solutions of the rows `could` (`None`
/// for the others). The filling is taken from `fillings` when one was given the same.
fn fairest(
    part: Part<'_>,
    could: Option<&[usize]>,
    seen: &Seen,
    fillings: Option<&Fillings>,
) -> Result<Solved, Failed> {
    let Part {
        rows,
        places,
        best,
        face,
    } = part;
    // The filling sees twin cohorts as one (`Kin::twins`); the ranges see the rows as they are.
    let fill_twins = || {
        let twins = Kin::twins(rows);
        if !twins.merges() {
            return fill_held(part);
        }
        let face = face.map(|f| f.merged(rows, twins.members(), &twins.rows));
        let merged = Part {
            rows: &twins.rows,
            face: face.as_ref(),
            ..part
        };
        Ok(twins.spread(rows, &fill_held(merged)?))
    };
    let filled = || match fillings {
        Some(fillings) => fillings.of(part, fill_twins),
        None => fill_twins(),
    };
    let (served, range) = match could {
        None => (filled()?, vec![None; rows.len()]),
        Some(could) => {
            let (last, range) =
                rayon::join(filled, || ranges(rows, places, best, could, seen, face));
            (last?, range?)
        }
    };
    let filled = filled_by(face, places.len());
    Ok(Solved {
        served,
        range,
        filled,
    })
}

/// [`fill`], held to the part's face; should the programmes held to it fail (round-off in the
/// dual's answer), the filling is done again keeping the best total by a constraint.
fn fill_held(part: Part<'_>) -> Result<Vec<Vec<f64>>, Failed> {
    fill(part).or_else(|e| match part.face {
        Some(_) => fill(Part { face: None, ..part }),
        None => Err(e),
    })
}

/// A hair under what a row was given, for the round-off of the solution it came from (each
/// option's people are to a millionth of a person): what [`can_give`] asks for.
const GIVEN_SLACK: f64 = 1e-5;

/// Whether the part can give each row what `given` says (less [`GIVEN_SLACK`]) all at once: the
/// most it can serve, no row given more than that, reaches their sum. One programme, where the
/// fair split is some dozens: a check that a split found on a larger map is still possible.
pub(super) fn can_give(rows: &[Row], places: &[f64], given: &[f64]) -> Result<bool, Failed> {
    // Kin can be given their figures together when their row can be given the sum.
    let alike = Alike::of(rows, places);
    let kin = Kin::of(&alike.rows);
    let asked: Vec<f64> = given.iter().map(|g| (g - GIVEN_SLACK).max(0.0)).collect();
    let capped: Vec<Row> = (kin.rows.iter())
        .zip(kin.summed(&asked))
        .map(|(r, need)| Row { need, ..r.clone() })
        .collect();
    let places = &alike.places;
    let want: f64 = capped.iter().map(|r| r.need).sum();
    if want <= 0.0 {
        return Ok(true);
    }
    let p = Programme::new(&capped, places, OptimizationDirection::Maximize, |_| 1.0);
    Ok(p.solve()?.objective() >= want * (1.0 - TOLERANCE))
}

/// Progressive filling: returns the fair split.
fn fill(part: Part<'_>) -> Result<Vec<Vec<f64>>, Failed> {
    let rows = part.rows;
    // The split of the last level's solution.
    let mut last: Vec<Vec<f64>> = Vec::new();
    // Levels fixed so far, per row: from the start, a row every best solution gives the same
    // share (all of its need, or none) is fixed there (the face holds it), and takes no part in
    // the filling.
    let mut fixed: Vec<Option<f64>> = (0..rows.len())
        .map(|i| part.face.and_then(|f| f.settled(i)))
        .collect();
    // The rows fixed at the last level, for the filling's programme to take up, and whether
    // each was shown unable to rise above it (else round-off left its test undecided).
    let mut newly: Vec<usize> = Vec::new();
    let mut stuck = true;
    let mut warm: Option<Filling<'_>> = None;
    if fixed.iter().all(Option::is_some) {
        // Every row settled: one programme holding each where it is gives the split.
        let f = Filling::new(part, &fixed)?;
        last = f.programme.read(f.solution());
        warm = Some(f);
    }
    while fixed.iter().any(Option::is_none) {
        // The highest level every free row can reach together: from the filling's one programme,
        // or, should the solver fail to take an edit, from a programme of this level's own.
        let taken = match newly.first().and_then(|&i| fixed[i]) {
            None => Filling::new(part, &fixed).ok(),
            Some(level) => warm.take().and_then(|f| f.fix(&newly, level, stuck).ok()),
        };
        let level = match &taken {
            Some(f) => {
                last = f.programme.read(f.solution());
                f.level()
            }
            None => {
                let (level, read) = fresh_level(part, &fixed)?;
                last = read;
                level
            }
        };
        warm = taken;
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
        let before = fixed.clone();
        let froze = if !undecided.is_empty() && moves.none_can_rise(&undecided) {
            for &i in &undecided {
                fixed[i] = Some(level);
            }
            true
        } else if undecided.is_empty() {
            // The solution's moves raise every candidate, yet the level is the highest all reach
            // together: round-off. The programmes decide, as for the undecided.
            settle(part, level, &candidates, &mut fixed, warm.as_ref())?
        } else {
            settle(part, level, &undecided, &mut fixed, warm.as_ref())?
        };
        if !froze && fixed == before {
            // Round-off left every candidate's test undecided, and none was seen rising least:
            // fix them all at the level, so the filling always ends.
            for &i in &candidates {
                fixed[i] = Some(level);
            }
        }
        newly = (0..rows.len())
            .filter(|&i| before[i].is_none() && fixed[i].is_some())
            .collect();
        stuck = froze;
    }
    Ok(last)
}

/// The highest level every free row can reach together from a programme of its own, and the
/// solution reaching it.
fn fresh_level(part: Part<'_>, fixed: &[Option<f64>]) -> Result<(f64, Vec<Vec<f64>>), Failed> {
    let mut p = part.best_programme(|_| 0.0, |i| fixed[i].unwrap_or(0.0));
    let lambda = p.problem.add_var(1.0, (0.0, 1.0));
    for (i, f) in fixed.iter().enumerate() {
        if f.is_none() {
            p.keep_share(i, 0.0, Some(lambda));
        }
    }
    let s = p.solve()?;
    Ok((s.var_value(lambda).clamp(0.0, 1.0), p.read(&s)))
}

/// Takes out of `open` the rows whose `share` (in `open`'s order) is above `level` in a solution
/// that holds every free row at the level: they are not stuck there. Whether any was taken out.
fn drop_risen(open: &mut Vec<usize>, share: &[f64], level: f64) -> bool {
    let before = open.len();
    let mut k = 0;
    open.retain(|_| {
        k += 1;
        share[k - 1] <= level + SAME
    });
    open.len() < before
}

/// Open candidates above which [`settle`] asks [`spread`] first: below it, a question on a copy
/// of the filling's programme costs less than a programme of its own. The tests ask it from 2, so
/// that their small parts take this way too.
#[cfg(not(test))]
const SPREAD_FROM: usize = 8;
#[cfg(test)]
const SPREAD_FROM: usize = 2;

/// The most one open row's rise over the level counts in [`spread`]: a thousandth of its need,
/// well above [`SAME`], so a rise it shows is a rise.
pub(super) const RISE: f64 = 1e-3;

/// Each open row's share in a solution keeping the best total, every fixed row at its level and
/// every free row at `level`, that makes the sum of the open rows' rises over the level, each
/// counted up to [`RISE`], as large as it can. A row stuck at the level cannot rise in any such
/// solution; summing the rises uncapped (as [`most_of`] does) puts them all on the rows that rise
/// most cheaply, while a cap spreads them, so that one solution shows most of the rows that can
/// rise. Should the solver fail, the caller asks [`most_of`].
fn spread(
    part: Part<'_>,
    level: f64,
    open: &[usize],
    fixed: &[Option<f64>],
) -> Result<Vec<f64>, Failed> {
    let rows = part.rows;
    let mut p = at_level(part, level, fixed, &vec![false; rows.len()], None);
    for &i in open {
        // share − rise ≥ level, the rise worth 1 in the objective and at most RISE.
        let rise = p.problem.add_var(1.0, (0.0, RISE));
        let mut terms = p.share_terms(i);
        terms.push((rise, -1.0));
        p.problem
            .add_constraint(terms, ComparisonOp::Ge, (level - TOLERANCE).max(0.0));
    }
    let solution = p.solve()?;
    Ok(open
        .iter()
        .map(|&i| p.served(&solution, i) / rows[i].need)
        .collect())
}

/// [`spread`], asked of a copy of the filling's programme where there is one and it takes the
/// edits.
fn spread_warm(
    part: Part<'_>,
    level: f64,
    open: &[usize],
    fixed: &[Option<f64>],
    warm: Option<&Filling<'_>>,
) -> Result<Vec<f64>, Failed> {
    if let Some(Ok(Some(share))) = warm.map(|f| f.spread(open)) {
        return Ok(share);
    }
    spread(part, level, open, fixed)
}

/// The programme keeping the best total, every fixed row at its level and every other free row
/// but `except` at `level`, maximising the sum of the shares of the rows `weighted`.
fn at_level<'a>(
    part: Part<'a>,
    level: f64,
    fixed: &[Option<f64>],
    weighted: &[bool],
    except: Option<usize>,
) -> Programme<'a> {
    let rows = part.rows;
    part.best_programme(
        |r| if weighted[r] { 1.0 / rows[r].need } else { 0.0 },
        |j| match fixed[j] {
            Some(l) => l,
            None if Some(j) != except => level,
            None => 0.0,
        },
    )
}

/// The most the shares of the rows `open` can sum to, every free row kept at `level`, and each
/// one's share in the solution reaching it: asked of a copy of the filling's programme, or,
/// should it fail to take the edits, of a programme of its own.
fn most_of(
    part: Part<'_>,
    level: f64,
    open: &[usize],
    fixed: &[Option<f64>],
    warm: Option<&Filling<'_>>,
) -> Result<(f64, Vec<f64>), Failed> {
    let rows = part.rows;
    let shares = |p: &Programme<'_>, s: &microlp::Solution| -> Vec<f64> {
        open.iter()
            .map(|&i| p.served(s, i) / rows[i].need)
            .collect()
    };
    if let Some(Ok(Some(answer))) = warm.map(|f| f.most_of(open, shares)) {
        return Ok(answer);
    }
    let mut weighted = vec![false; rows.len()];
    for &i in open {
        weighted[i] = true;
    }
    let p = at_level(part, level, fixed, &weighted, None);
    let solution = p.solve()?;
    Ok((solution.objective(), shares(&p, &solution)))
}

/// Fixes at `level` the candidates that cannot rise above it without another free row falling
/// below it; returns whether any was shown so. When round-off shows every one rising, the one
/// seen rising least is fixed all the same (not shown stuck: `false`).
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
    part: Part<'_>,
    level: f64,
    candidates: &[usize],
    fixed: &mut [Option<f64>],
    warm: Option<&Filling<'_>>,
) -> Result<bool, Failed> {
    let rows = part.rows;
    let mut open: Vec<usize> = candidates.to_vec();
    let mut froze = false;
    // Per row, the most it was seen above the level in the solutions asked for here.
    let mut rise = vec![f64::NEG_INFINITY; rows.len()];
    let mut seen = |open: &[usize], share: &[f64]| {
        for (&i, &s) in open.iter().zip(share) {
            rise[i] = rise[i].max(s - level);
        }
    };
    while !open.is_empty() {
        if let [only] = open[..] {
            fixed[only] = Some(level);
            return Ok(true);
        }
        // Many open: first a programme that rewards each one's rise, up to a little, so that
        // one solution shows as many of them above the level as it can.
        if open.len() > SPREAD_FROM
            && let Ok(share) = spread_warm(part, level, &open, fixed, warm)
            && {
                seen(&open, &share);
                drop_risen(&mut open, &share, level)
            }
        {
            continue;
        }
        let (sum, share) = most_of(part, level, &open, fixed, warm)?;
        seen(&open, &share);
        if drop_risen(&mut open, &share, level) {
            continue;
        }
        if sum <= open.len() as f64 * (level + SAME) {
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
        let alone = at_level(part, level, fixed, &weighted, Some(i));
        let solution = alone.solve()?;
        let share: Vec<f64> = (open.iter())
            .map(|&j| alone.served(&solution, j) / rows[j].need)
            .collect();
        seen(&open, &share);
        for (&j, &s) in open.iter().zip(&share) {
            if j != i && s > level + SAME {
                above[j] = true;
            }
        }
        if solution.objective() <= level + SAME {
            fixed[i] = Some(level);
            froze = true;
        }
    }
    if !froze {
        // Every candidate was seen above the level, yet the level is the highest they reach
        // together: in exact arithmetic one at least cannot pass it, and the round-off of the
        // rows held at their floors, carried into its share, showed it a few millionths above.
        // The candidate seen rising least is taken to be it, held at the level by a floor (a
        // later level may still raise it); the others go on.
        let least = (candidates.iter().copied())
            .filter(|&i| rise[i].is_finite())
            .min_by(|&a, &b| rise[a].total_cmp(&rise[b]));
        if let Some(i) = least {
            fixed[i] = Some(level);
        }
    }
    Ok(froze)
}
