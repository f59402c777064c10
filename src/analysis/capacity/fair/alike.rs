//! Services the same cohort-stages can use, taken as one.
//!
//! Two services of a part that exactly the same rows can use are alike to the sharing: any
//! people served between them can be served by one service with the places of both, and back.
//! So the programmes see each group of alike services as one, with their places summed (fewer
//! variables and constraints, and none of the many equally good ways of moving people between
//! alike services for the solver to step through), and the people a row is served by a group are
//! spread over its services in proportion to their places.
//!
//! The spread keeps every constraint: a row's people at each service of the group are its people
//! at the group times the service's part `p/P` of the group's places `P`, so a cohort's places
//! held there (the most of its rows) are its places at the group times `p/P`, and the places
//! held by every cohort at the service are at most `P × p/P = p`. Each row's people served, and
//! so every share, level and range, are those of the programme of the services one by one.

use super::Row;
use crate::money::largest_remainder;

/// A part's services grouped by the rows that can use them.
pub(super) struct Alike {
    /// Per service of the part: its group.
    group: Vec<usize>,
    /// Per group: the places of its services, summed.
    pub(super) places: Vec<f64>,
    /// The rows, each option a group.
    pub(super) rows: Vec<Row>,
}

impl Alike {
    /// Groups the services of a part; groups are numbered in the order of their first service,
    /// so the same part always gives the same groups.
    /// A row with an option past the services it is given places for (which the parts are never
    /// built with) leaves every service a group of its own, as the programmes take it.
    pub(super) fn of(rows: &[Row], places: &[f64]) -> Alike {
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); places.len()];
        for (i, r) in rows.iter().enumerate() {
            for &s in &r.options {
                match users.get_mut(s) {
                    Some(u) => u.push(i),
                    None => {
                        return Alike {
                            group: (0..places.len()).collect(),
                            places: places.to_vec(),
                            rows: rows.to_vec(),
                        };
                    }
                }
            }
        }
        let mut number: std::collections::BTreeMap<&[usize], usize> =
            std::collections::BTreeMap::new();
        let mut group = Vec::with_capacity(places.len());
        let mut summed: Vec<f64> = Vec::new();
        for (u, &p) in users.iter().zip(places) {
            let next = number.len();
            let g = *number.entry(u.as_slice()).or_insert(next);
            if g == summed.len() {
                summed.push(0.0);
            }
            summed[g] += p;
            group.push(g);
        }
        let rows = rows
            .iter()
            .map(|r| {
                let mut options: Vec<usize> = Vec::with_capacity(r.options.len());
                for &s in &r.options {
                    let g = group[s];
                    if !options.contains(&g) {
                        options.push(g);
                    }
                }
                Row {
                    options,
                    ..r.clone()
                }
            })
            .collect();
        Alike {
            group,
            places: summed,
            rows,
        }
    }

    /// The group of a service of the part.
    pub(super) fn group_of(&self, service: usize) -> usize {
        self.group[service]
    }

    /// Whether any two services are alike (else the programmes are the same either way).
    pub(super) fn merges(&self) -> bool {
        self.places.len() < self.group.len()
    }

    /// People served per row and service, from people served per row and group (each to a
    /// millionth of a person): spread in proportion to the places, in whole millionths, the
    /// millionths left by rounding down given to the largest remainders (the first service on a
    /// tie), so that a row's people at its services sum to its people at the group exactly.
    pub(super) fn spread(
        &self,
        rows: &[Row],
        places: &[f64],
        by_group: &[Vec<f64>],
    ) -> Vec<Vec<f64>> {
        rows.iter()
            .zip(&self.rows)
            .zip(by_group)
            .map(|((r, merged), served)| {
                let mut out = vec![0.0; r.options.len()];
                for (&g, &n) in merged.options.iter().zip(served) {
                    let at: Vec<usize> = (0..r.options.len())
                        .filter(|&k| self.group[r.options[k]] == g)
                        .collect();
                    let weights: Vec<f64> = at.iter().map(|&k| places[r.options[k]]).collect();
                    for (&k, part) in at.iter().zip(apportion(n, &weights)) {
                        out[k] = part;
                    }
                }
                out
            })
            .collect()
    }
}

/// `n` (to a millionth) in parts proportional to `weights` (places, whole people), each a whole
/// number of millionths summing to `n`'s ([`largest_remainder`]). With no places at all, the
/// whole to the first part.
fn apportion(n: f64, weights: &[f64]) -> Vec<f64> {
    // People served are never negative, places whole and not negative: the casts are exact.
    let units = (n * 1e6).round().max(0.0) as u128;
    let places: Vec<u128> = weights.iter().map(|w| w.round().max(0.0) as u128).collect();
    let mut parts = largest_remainder(units, &places);
    if places.iter().all(|&p| p == 0)
        && let Some(first) = parts.first_mut()
    {
        *first = units;
    }
    parts.into_iter().map(|u| u as f64 / 1e6).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_the_same_rows_use_are_one() {
        // Services 0 and 2 are used by rows 0 and 1 alike; 1 by row 0 alone; 3 by row 1 alone.
        // So three groups, numbered by first service: {0, 2} → 0, {1} → 1, {3} → 2.
        let rows = [Row::of(0, 10.0, &[0, 1, 2]), Row::of(1, 5.0, &[2, 3, 0])];
        let places = [4.0, 3.0, 6.0, 1.0];
        let alike = Alike::of(&rows, &places);
        assert!(alike.merges());
        assert_eq!(alike.places, vec![10.0, 3.0, 1.0]);
        assert_eq!(alike.rows[0].options, vec![0, 1]);
        assert_eq!(alike.rows[1].options, vec![0, 2]);
        // Row 0 served 5 at the group {0, 2} (places 4 and 6): 2 and 3; 1 at service 1.
        // Row 1 served 2.5 at the group, listed 2 then 0: 1.5 at service 2 and 1 at service 0.
        let spread = alike.spread(&rows, &places, &[vec![5.0, 1.0], vec![2.5, 0.5]]);
        assert_eq!(spread, vec![vec![2.0, 1.0, 3.0], vec![1.5, 0.5, 1.0]]);
    }

    #[test]
    fn a_spread_sums_to_the_whole_in_millionths() {
        // One millionth over three equal services: it cannot be split, so it goes to the first.
        assert_eq!(
            apportion(0.000001, &[1.0, 1.0, 1.0]),
            vec![0.000001, 0.0, 0.0]
        );
        // 1 over three equal services: 333,333 millionths each and one left, to the first.
        assert_eq!(
            apportion(1.0, &[2.0, 2.0, 2.0]),
            vec![0.333334, 0.333333, 0.333333]
        );
        // No places at all: the whole to the first.
        assert_eq!(apportion(2.0, &[0.0, 0.0]), vec![2.0, 0.0]);
    }

    #[test]
    fn an_option_without_places_merges_nothing() {
        // Services 0 and 1 are alike, but row 1 names service 2, which has no places given: no
        // grouping, every service its own, the rows as they were.
        let rows = [Row::of(0, 10.0, &[0, 1]), Row::of(1, 5.0, &[0, 1, 2])];
        let alike = Alike::of(&rows, &[4.0, 3.0]);
        assert!(!alike.merges());
        assert_eq!(alike.places, vec![4.0, 3.0]);
        assert_eq!(alike.rows[1].options, vec![0, 1, 2]);
    }
}
