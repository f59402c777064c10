//! Cohort-stages that can use the same services, each alone of its cohort there, taken as one.
//!
//! Two rows of a part are kin when they can use exactly the same services and neither's cohort
//! has another row in the part using any of them (so the places each holds at a service are its
//! people served there). Any people served between kin can be moved from one to the other at the
//! same service, places and every other row as they were. So in the fairest of the best splits
//! kin are given the same share of their need: were one to rise above a level with the other
//! held at it, moving a little of its people to the other would raise both; they are fixed at
//! the same level. The programmes therefore see a set of kin as one row, its need their needs
//! summed, and each kin's people at each service are the row's people there in proportion to
//! its need: every kin gets the same share, spread over the services alike. Fewer rows for the
//! filling to fix, and none of the many equally good ways of trading people between kin.
//!
//! A kin's range over the best solutions follows from the row's `[low, high]`: it can be given
//! as much as the row is given, up to its own need, and as little as the rest of the kin cannot
//! take (`low` less their needs), down to nothing.

use std::collections::BTreeMap;

use super::super::millionth;
use super::{Row, units};
use crate::money::largest_remainder;

/// A part's rows with kin taken as one.
pub(super) struct Kin {
    /// Per row of the programmes: the rows it stands for (indices into the rows given), in
    /// their order.
    members: Vec<Vec<usize>>,
    /// The rows the programmes see: each the first of its kin, its need theirs summed.
    pub(super) rows: Vec<Row>,
}

impl Kin {
    /// Takes kin as one; rows keep the order of their first kin, so the same part always gives
    /// the same rows.
    pub(super) fn of(rows: &[Row]) -> Kin {
        let mut users: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for r in rows {
            for &s in &r.options {
                *users.entry((r.cohort, s)).or_insert(0) += 1;
            }
        }
        let alone =
            |r: &Row| (r.options.iter()).all(|&s| users.get(&(r.cohort, s)).copied() == Some(1));
        let mut by_options: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
        let mut kin = Kin {
            members: Vec::with_capacity(rows.len()),
            rows: Vec::with_capacity(rows.len()),
        };
        for (i, r) in rows.iter().enumerate() {
            if !r.options.is_empty() && alone(r) {
                let mut key = r.options.clone();
                key.sort_unstable();
                if let Some(&k) = by_options.get(&key) {
                    kin.members[k].push(i);
                    kin.rows[k].need += r.need;
                    continue;
                }
                by_options.insert(key, kin.rows.len());
            }
            kin.members.push(vec![i]);
            kin.rows.push(r.clone());
        }
        kin
    }

    /// Takes twin cohorts as one, for the filling alone: cohorts whose rows in the part that
    /// share services (each sharing a service with another), matched in order of their services
    /// and then of their needs, can use the same services row for row, with needs in one
    /// proportion (one cohort's needs the other's times the same number, to the millionth of a
    /// person). Each set of matched rows is one row, of the first twin's cohort, its need theirs
    /// summed; rows keep the order of the first twin's.
    ///
    /// A row sharing no service with the rest of its cohort is a set of one, and its twins are
    /// kin (`Kin::of`). A part's kin are one row before the part is solved; but under its face a
    /// part falls into pieces, and in a piece a row can be alone of its cohort where in the part
    /// it was not (the rows it shared services with are in other pieces): such rows are taken as
    /// one here, else the filling would split the places between them as the solver's vertex
    /// fell (one place of a service to one of two rows alike).
    ///
    /// Why the filling can see twins as one: from any split, another in which each twin's places
    /// held are the twins' together in proportion to its needs serves the same people in all,
    /// and gives each of their matched rows the same share, the mean of theirs weighted by need.
    /// Where the shares differed, that raises the lower at the cost of the higher, which makes
    /// the split fairer; so in the fairest of the best, twins have the same share of every
    /// stage, and the filling of the rows taken as one gives the same levels. Each twin is then
    /// given its part of the row's people at each service in proportion to its need
    /// ([`Kin::spread`]), so twins are served alike. Their ranges over the best solutions are not
    /// the row's (a twin can hold more of the places than its part), and are worked out on the
    /// rows as they are.
    pub(super) fn twins(rows: &[Row]) -> Kin {
        let mut of_cohort: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            of_cohort.entry(r.cohort).or_default().push(i);
        }
        // Each set of rows of a cohort tied by the services they share (a row sharing none with
        // the rest of its cohort is a set of one; a row with no options is served nowhere, and
        // left as it is), its rows in order of their services, then needs.
        let sorted = |r: &Row| {
            let mut o = r.options.clone();
            o.sort_unstable();
            o
        };
        let mut cohorts: Vec<Vec<usize>> = of_cohort
            .into_values()
            .flat_map(|m| tied(rows, &m))
            .filter(|m| m.len() > 1 || !rows[m[0]].options.is_empty())
            .map(|mut m| {
                m.sort_by_cached_key(|&i| (sorted(&rows[i]), units(rows[i].need)));
                m
            })
            .collect();
        // First met first, so the same rows always give the same twins.
        cohorts.sort_by_key(|m| m.iter().min().copied());
        let proportional = |a: &[usize], b: &[usize]| {
            let (a0, b0) = (units(rows[a[0]].need), units(rows[b[0]].need));
            a0 > 0
                && b0 > 0
                && (a.iter().zip(b)).all(|(&i, &j)| {
                    sorted(&rows[i]) == sorted(&rows[j])
                        && units(rows[i].need) * b0 == units(rows[j].need) * a0
                })
        };
        // Sets of twins, as indices into `cohorts`: each cohort joins the first set it fits.
        let mut sets: Vec<Vec<usize>> = Vec::new();
        for (k, m) in cohorts.iter().enumerate() {
            let fits = sets.iter_mut().find(|set| {
                let first = &cohorts[set[0]];
                first.len() == m.len() && proportional(first, m)
            });
            match fits {
                Some(set) => set.push(k),
                None => sets.push(vec![k]),
            }
        }
        // Per row: the rows it stands for, when it is the first twin's; `None` for the other
        // twins' rows, which it stands for.
        let mut stands: Vec<Option<Vec<usize>>> = (0..rows.len()).map(|i| Some(vec![i])).collect();
        for set in sets.iter().filter(|set| set.len() > 1) {
            let first = &cohorts[set[0]];
            for (j, &i) in first.iter().enumerate() {
                stands[i] = Some(set.iter().map(|&k| cohorts[k][j]).collect());
                for &k in &set[1..] {
                    stands[cohorts[k][j]] = None;
                }
            }
        }
        let mut kin = Kin {
            members: Vec::with_capacity(rows.len()),
            rows: Vec::with_capacity(rows.len()),
        };
        for (i, members) in stands.into_iter().enumerate() {
            let Some(members) = members else { continue };
            let mut row = rows[i].clone();
            row.need = members.iter().map(|&m| rows[m].need).sum();
            kin.members.push(members);
            kin.rows.push(row);
        }
        kin
    }

    /// The rows each row of the programmes stands for (indices into the rows given).
    pub(super) fn members(&self) -> &[Vec<usize>] {
        &self.members
    }

    /// Whether any two rows are kin (else the programmes are the same either way).
    pub(super) fn merges(&self) -> bool {
        self.members.iter().any(|m| m.len() > 1)
    }

    /// The rows of the programmes to ask the range of: those standing for a row in `asked`.
    pub(super) fn asked(&self, asked: impl Fn(usize) -> bool) -> Vec<usize> {
        (0..self.members.len())
            .filter(|&k| self.members[k].iter().any(|&i| asked(i)))
            .collect()
    }

    /// A figure per row of the programmes from one per row given: each set of kin's summed.
    pub(super) fn summed(&self, per_row: &[f64]) -> Vec<f64> {
        (self.members.iter())
            .map(|m| {
                m.iter()
                    .map(|&i| per_row.get(i).copied().unwrap_or(0.0))
                    .sum()
            })
            .collect()
    }

    /// People served per row and option, from people served per row of the programmes (each
    /// to a millionth of a person): each kin given the set's people in proportion to its need,
    /// and at each service the set's people there in proportion to their needs, in whole
    /// millionths, those left by rounding down given to the largest remainders (the first kin on
    /// a tie); then single millionths moved between kin at a service until each kin's people at
    /// the services sum to what it is given. So the kin's people add up to the set's at every
    /// service, and each kin's to its own share: never a millionth over its need.
    pub(super) fn spread(&self, rows: &[Row], served: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let mut out: Vec<Vec<f64>> = rows.iter().map(|r| vec![0.0; r.options.len()]).collect();
        for ((members, row), served) in self.members.iter().zip(&self.rows).zip(served) {
            if let [only] = members[..] {
                out[only].clone_from(served);
                continue;
            }
            let needs: Vec<u128> = members.iter().map(|&i| units(rows[i].need)).collect();
            let at: Vec<u128> = served.iter().map(|&n| units(n)).collect();
            let given = largest_remainder(at.iter().sum(), &needs);
            let mut parts: Vec<Vec<u128>> = vec![vec![0; at.len()]; members.len()];
            for (s, &n) in at.iter().enumerate() {
                for (kin, part) in parts.iter_mut().zip(largest_remainder(n, &needs)) {
                    kin[s] = part;
                }
            }
            balance(&mut parts, &given);
            for (&i, parts) in members.iter().zip(&parts) {
                for (&s, &part) in row.options.iter().zip(parts) {
                    if let Some(k) = rows[i].options.iter().position(|&o| o == s) {
                        out[i][k] = part as f64 / 1e6;
                    }
                }
            }
        }
        out
    }

    /// Each row's range over the best solutions, from the ranges of the rows of the programmes
    /// (`None` where a row is given the same in every best solution: its people `served`).
    pub(super) fn ranges(
        &self,
        rows: &[Row],
        served: &[Vec<f64>],
        range: &[Option<(f64, f64)>],
    ) -> Vec<Option<(f64, f64)>> {
        let mut out = vec![None; rows.len()];
        for (k, members) in self.members.iter().enumerate() {
            if let [only] = members[..] {
                out[only] = range[k];
                continue;
            }
            let given: f64 = served[k].iter().sum();
            let (low, high) = range[k].unwrap_or((given, given));
            let all = self.rows[k].need;
            for &i in members {
                let need = rows[i].need;
                let least = millionth((low - (all - need)).max(0.0));
                let most = millionth(high.min(need));
                if most - least > need * 1e-6 {
                    out[i] = Some((least, most));
                }
            }
        }
        out
    }
}

/// The rows `of` one cohort in sets tied by the services they share (two rows sharing a service
/// are in one set, and so on): each set holds places no other set of the cohort holds.
fn tied(rows: &[Row], of: &[usize]) -> Vec<Vec<usize>> {
    let mut set: Vec<usize> = (0..of.len()).collect();
    for a in 0..of.len() {
        for b in a + 1..of.len() {
            let share = (rows[of[a]].options.iter()).any(|s| rows[of[b]].options.contains(s));
            if share && set[a] != set[b] {
                let (from, to) = (set[b], set[a]);
                for s in set.iter_mut().filter(|s| **s == from) {
                    *s = to;
                }
            }
        }
    }
    let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, &i) in of.iter().enumerate() {
        sets.entry(set[k]).or_default().push(i);
    }
    sets.into_values().collect()
}

/// Moves single millionths between kin at one service (kin can use the same services), from a
/// kin with more in all than it is `given` to one with less, until each has what it is given:
/// the people at each service stay as they were. The parts and the figures given have the same
/// sum, so a kin with too many is always matched by one with too few.
fn balance(parts: &mut [Vec<u128>], given: &[u128]) {
    let mut sums: Vec<u128> = parts.iter().map(|p| p.iter().sum()).collect();
    loop {
        let over = (0..parts.len()).find(|&k| sums[k] > given[k]);
        let under = (0..parts.len()).find(|&k| sums[k] < given[k]);
        let (Some(over), Some(under)) = (over, under) else {
            return;
        };
        let Some(s) = parts[over].iter().position(|&p| p > 0) else {
            return;
        };
        parts[over][s] -= 1;
        parts[under][s] += 1;
        sums[over] -= 1;
        sums[under] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cohort 1's rows can use cohort 0's services row for row (listed in another order), its
    /// needs three times cohort 0's: twins, one row per stage, needs summed (10 + 30, 20 + 60).
    /// Cohort 2 can use the same services, but its needs (10, 30) are not in cohort 0's
    /// proportion (10, 20); cohort 3 has one row, and no other row is alone of its cohort at
    /// those services: it stays as it is.
    /// In a piece, rows 0 and 2 are each the only row of their cohort (cohorts 1 and 4) at
    /// services 1 to 3, listed in other orders: one row, need 8 + 8. Row 1, of cohort 2 at
    /// service 1 alone, has no one alike; rows 3 and 4, of one cohort, share service 1 and are
    /// one set of two, alike no other set. A row with no options is left alone.
    #[test]
    fn rows_alone_of_their_cohort_at_the_same_services_are_one() {
        let rows = vec![
            Row::of(1, 8.0, &[1, 2, 3]),
            Row::of(2, 15.0, &[1]),
            Row::of(4, 8.0, &[3, 2, 1]),
            Row::of(5, 15.0, &[1]),
            Row::of(5, 15.0, &[2, 1]),
            Row::of(6, 3.0, &[]),
            Row::of(7, 3.0, &[]),
        ];
        let twins = Kin::twins(&rows);
        assert_eq!(
            twins.members(),
            &[vec![0, 2], vec![1], vec![3], vec![4], vec![5], vec![6]]
        );
        assert_eq!(twins.rows[0].need, 16.0);
    }

    #[test]
    fn cohorts_alike_stage_for_stage_in_one_proportion_are_twins() {
        let rows = vec![
            Row::of(0, 10.0, &[0, 1]),
            Row::of(0, 20.0, &[1]),
            Row::of(2, 10.0, &[0, 1]),
            Row::of(1, 60.0, &[1]),
            Row::of(1, 30.0, &[1, 0]),
            Row::of(2, 30.0, &[1]),
            Row::of(3, 5.0, &[0, 1]),
        ];
        let twins = Kin::twins(&rows);
        assert!(twins.merges());
        assert_eq!(
            twins.members(),
            &[vec![0, 4], vec![1, 3], vec![2], vec![5], vec![6]]
        );
        let needs: Vec<f64> = twins.rows.iter().map(|r| r.need).collect();
        assert_eq!(needs, [40.0, 80.0, 10.0, 30.0, 5.0]);
        assert!(twins.rows.iter().take(2).all(|r| r.cohort == 0));
        // Twins' people at each service in proportion to their needs: the row of 40 given 20
        // at service 0 and 8 at service 1 gives cohort 0's row 5 and 2, cohort 1's 15 and 6.
        let served = vec![
            vec![20.0, 8.0],
            vec![40.0],
            vec![1.0, 0.0],
            vec![3.0],
            vec![0.0, 0.0],
        ];
        let spread = twins.spread(&rows, &served);
        assert_eq!(spread[0], [5.0, 2.0]);
        assert_eq!(spread[4], [6.0, 15.0]);
        assert_eq!(spread[1], [10.0]);
        assert_eq!(spread[3], [30.0]);
    }

    #[test]
    fn rows_alone_at_the_same_services_are_one() {
        // Rows 0 and 2 (cohorts 0 and 2) can use services {0, 1}, listed in either order, and
        // no other row of their cohorts uses them: kin. Row 1 (cohort 1) uses {0, 1} too but
        // its cohort's row 3 also uses service 1: not alone there, so no kin. Row 4 (cohort 3)
        // uses {0} alone: a row of its own.
        let rows = [
            Row::of(0, 10.0, &[0, 1]),
            Row::of(1, 4.0, &[0, 1]),
            Row::of(2, 30.0, &[1, 0]),
            Row::of(1, 4.0, &[1]),
            Row::of(3, 5.0, &[0]),
        ];
        let kin = Kin::of(&rows);
        assert!(kin.merges());
        assert_eq!(kin.members, vec![vec![0, 2], vec![1], vec![3], vec![4]]);
        assert_eq!(kin.rows[0].need, 40.0);
        assert_eq!(kin.rows[0].options, vec![0, 1]);
        // Asking the range of row 2 asks that of the programmes' row 0.
        assert_eq!(kin.asked(|i| i == 2), vec![0]);
        // A figure per row, summed over kin: rows 0 and 2 together.
        assert_eq!(
            kin.summed(&[1.0, 2.0, 3.0, 4.0, 5.0]),
            vec![4.0, 2.0, 4.0, 5.0]
        );
        // The kin given 20 at service 0 and 8 at service 1 (28 of 40, 70%): row 0 a quarter of
        // each (need 10 of 40), 5 and 2; row 2, listing 1 then 0, 6 at 1 and 15 at 0. Each
        // gets 70% of its need.
        let spread = kin.spread(
            &rows,
            &[vec![20.0, 8.0], vec![1.0, 2.0], vec![1.0], vec![5.0]],
        );
        assert_eq!(spread[0], vec![5.0, 2.0]);
        assert_eq!(spread[2], vec![6.0, 15.0]);
        assert_eq!(spread[1], vec![1.0, 2.0]);
    }

    #[test]
    fn each_kin_is_given_its_own_share_to_the_millionth() {
        // Three kin of 1 person each (1,000,000 millionths), served in full over three services:
        // 1 person at each service (1,000,000 millionths). At each
        // service a third each is 333,333.33 units: rounding down leaves 1 unit, which goes to
        // the first kin (ties to the earlier), at every service. So per service alone, the
        // first kin would get 333,334 × 3 = 1,000,002 units: two millionths over its need, and
        // the third 999,999. Balanced, each gets exactly its 1,000,000, and each service's
        // 1,000,000 are still all given.
        let rows = [
            Row::of(0, 1.0, &[0, 1, 2]),
            Row::of(1, 1.0, &[0, 1, 2]),
            Row::of(2, 1.0, &[0, 1, 2]),
        ];
        let kin = Kin::of(&rows);
        assert_eq!(kin.members, vec![vec![0, 1, 2]]);
        let spread = kin.spread(&rows, &[vec![1.0, 1.0, 1.0]]);
        let units = |v: &[f64]| -> Vec<u128> { v.iter().map(|&p| units(p)).collect() };
        for row in &spread {
            assert_eq!(units(row).iter().sum::<u128>(), 1_000_000, "{spread:?}");
        }
        for s in 0..3 {
            let at: u128 = spread.iter().map(|row| units(row)[s]).sum();
            assert_eq!(at, 1_000_000, "{spread:?}");
        }
    }

    #[test]
    fn a_kins_range_is_what_the_others_cannot_take() {
        // Kin of needs 10 and 30 given 28 together, between 24 and 32 over the best solutions:
        // the first can be given up to its need, 10, and as little as 24 − 30 → nothing; the
        // second up to 30, and at least 24 − 10 = 14.
        let rows = [Row::of(0, 10.0, &[0]), Row::of(1, 30.0, &[0])];
        let kin = Kin::of(&rows);
        let served = [vec![28.0]];
        let ranges = kin.ranges(&rows, &served, &[Some((24.0, 32.0))]);
        assert_eq!(ranges, vec![Some((0.0, 10.0)), Some((14.0, 30.0))]);
        // Given 28 in every best solution, the kin still trade: the first 0 to 10, the second
        // 18 to 28.
        let ranges = kin.ranges(&rows, &served, &[None]);
        assert_eq!(ranges, vec![Some((0.0, 10.0)), Some((18.0, 28.0))]);
        // Given all 40 in every best solution: each its whole need, no range.
        let ranges = kin.ranges(&rows, &[vec![40.0]], &[None]);
        assert_eq!(ranges, vec![None, None]);
    }
}
