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
