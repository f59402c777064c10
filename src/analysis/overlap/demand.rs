//! A pair's demand: every cohort that can use either service for a stage the pair shares, at its
//! largest need among those stages, summed.
//!
//! A county's map has tens of thousands of pairs, and a service hundreds of cohorts, so a pair's
//! demand is not found by going through both services' cohorts. Each service's sum over its own
//! cohorts is worked out once for each set of stages a pair asks of it; a pair's demand is the two
//! sums less, for each cohort using both services, the smaller of its two needs (counted in both
//! sums, where it counts once at the larger). The cohorts using both are found a word of 64 at a
//! time, from each service's cohorts as bits. On a map of more stages than a word has bits, or of
//! more services and cohorts than the bits are worth keeping for, the two services' cohorts are
//! gone through instead: the answer is the same.
//!
//! The sums are exact, so they do not depend on the order the cohorts are added in: each need is
//! counted in whole units of 2⁻⁶⁴ of a person (exact for any need from 2⁻¹¹ of a person to 2⁶³
//! people), and the total rounded once.

use rayon::prelude::*;

use super::Options;

/// People in whole units of 2⁻⁶⁴ of a person.
type Exact = i128;

/// 2⁶⁴: a need times this is exact, and a whole number for any need of 2⁻¹¹ or more.
const SCALE: f64 = 18_446_744_073_709_551_616.0;

fn exact(need: f64) -> Exact {
    // Saturates past 2⁶³ people, far above any cohort the loader takes.
    (need * SCALE) as Exact
}

fn people(sum: Exact) -> f64 {
    sum as f64 / SCALE
}

/// The most words of bits kept for the services' cohorts (16 MiB, and half as much again for
/// where each word starts in a service's list): 15,000 services of 1,000 cohorts take 240,000.
const MOST_WORDS: usize = 1 << 21;

/// The bit of the stage numbered `n`; none past a word.
fn bit(n: usize) -> u64 {
    u32::try_from(n)
        .ok()
        .and_then(|n| 1u64.checked_shl(n))
        .unwrap_or(0)
}

/// The stages numbered `stages`, as bits.
fn mask(stages: &[usize]) -> u64 {
    stages.iter().fold(0, |m, &n| m | bit(n))
}

/// What the demand of every pair is worked out from.
pub(super) struct Demand<'o> {
    options: &'o Options,
    /// For each service, the cohorts with it among their options (map order), each with the
    /// stages it can get there as bits (bit `n` for the stage numbered `n`); empty bits on a map
    /// of more stages than a word has.
    of: Vec<Vec<(usize, u64)>>,
    /// With bits: each cohort's need for each stage number (`stages` to a cohort, the row of
    /// cohort `ci` starting at `ci × stages`), so that a cohort's largest need among some stages
    /// is read from the bits set, not found by going through its options.
    need: Option<Vec<Exact>>,
    stages: usize,
    /// Each service's cohorts as bits, where there are bits and they are worth keeping.
    sets: Option<Sets>,
    /// Each service's sum over its cohorts for each set of stages asked of it, sorted by
    /// (service, stages).
    sums: Vec<((usize, u64), Exact)>,
}

impl<'o> Demand<'o> {
    /// Ready to give the demand of each pair of `pairs` (services, and the stages they share, by
    /// number), on a map of `services` services and `stages` stage numbers.
    pub(super) fn new<'p>(
        options: &'o Options,
        services: usize,
        stages: usize,
        pairs: impl Iterator<Item = (usize, usize, &'p [usize])>,
    ) -> Demand<'o> {
        let by_bits = stages <= 64;
        let mut of: Vec<Vec<(usize, u64)>> = vec![Vec::new(); services];
        let mut need = vec![0; if by_bits { options.len() * stages } else { 0 }];
        for (ci, mine) in options.iter().enumerate() {
            for o in mine {
                let b = if by_bits { bit(o.number) } else { 0 };
                if by_bits {
                    need[ci * stages + o.number] = exact(o.need);
                }
                for &s in &o.services {
                    match of[s].last_mut() {
                        Some((c, can)) if *c == ci => *can |= b,
                        _ => of[s].push((ci, b)),
                    }
                }
            }
        }
        let sets = by_bits.then(|| Sets::of(&of, options.len())).flatten();
        let mut demand = Demand {
            options,
            of,
            need: by_bits.then_some(need),
            stages,
            sets,
            sums: Vec::new(),
        };
        if demand.sets.is_some() {
            let mut keys: Vec<(usize, u64)> = pairs
                .flat_map(|(a, b, stages)| {
                    let m = mask(stages);
                    [(a, m), (b, m)]
                })
                .collect();
            keys.sort_unstable();
            keys.dedup();
            demand.sums = keys
                .into_par_iter()
                .map(|(s, m)| ((s, m), demand.sum(s, m)))
                .collect();
        }
        demand
    }

    /// The demand on services `a` and `b` for the stages numbered `stages`.
    pub(super) fn of(&self, a: usize, b: usize, stages: &[usize]) -> f64 {
        let (Some(sets), Some(_)) = (&self.sets, &self.need) else {
            return people(self.merged(a, b, stages));
        };
        let m = mask(stages);
        let sum = |s: usize| match self.sums.binary_search_by_key(&(s, m), |&(k, _)| k) {
            Ok(i) => self.sums[i].1,
            Err(_) => self.sum(s, m),
        };
        let mut total = sum(a).saturating_add(sum(b));
        for (ci, i, j) in sets.both(a, b) {
            let (p, q) = (
                self.largest(ci, self.of[a][i].1 & m),
                self.largest(ci, self.of[b][j].1 & m),
            );
            total = total.saturating_sub(p.min(q));
        }
        people(total)
    }

    /// Service `s`'s cohorts, each at its largest need among the stages `m` it can get there.
    fn sum(&self, s: usize, m: u64) -> Exact {
        self.of[s].iter().fold(0, |t: Exact, &(ci, can)| {
            t.saturating_add(self.largest(ci, can & m))
        })
    }

    /// Cohort `ci`'s largest need among the stages `bits` (nought for none).
    fn largest(&self, ci: usize, mut bits: u64) -> Exact {
        let Some(need) = &self.need else { return 0 };
        let row = &need[ci * self.stages..(ci + 1) * self.stages];
        let mut most = 0;
        while bits != 0 {
            most = most.max(row[bits.trailing_zeros() as usize]);
            bits &= bits - 1;
        }
        most
    }

    /// The demand on `a` and `b` found by going through the cohorts using either (both lists are
    /// in map order, merged): with bits, each cohort's largest need is read from them; without,
    /// its options are searched.
    fn merged(&self, a: usize, b: usize, stages: &[usize]) -> Exact {
        let m = mask(stages);
        let largest = |ci: usize, can: u64| -> Exact {
            if self.need.is_some() {
                return self.largest(ci, can & m);
            }
            self.options[ci]
                .iter()
                .filter(|o| {
                    stages.contains(&o.number)
                        && (o.services.binary_search(&a).is_ok()
                            || o.services.binary_search(&b).is_ok())
                })
                .map(|o| exact(o.need))
                .fold(0, Exact::max)
        };
        let (ua, ub) = (&self.of[a], &self.of[b]);
        let (mut i, mut j) = (0, 0);
        let mut sum: Exact = 0;
        loop {
            let (ci, can) = match (ua.get(i), ub.get(j)) {
                (Some(&(x, p)), Some(&(y, q))) if x == y => {
                    i += 1;
                    j += 1;
                    (x, p | q)
                }
                (Some(&(x, p)), Some(&(y, _))) if x < y => {
                    i += 1;
                    (x, p)
                }
                (Some(&x), None) => {
                    i += 1;
                    x
                }
                (_, Some(&y)) => {
                    j += 1;
                    y
                }
                (None, None) => break,
            };
            sum = sum.saturating_add(largest(ci, can));
        }
        sum
    }
}

/// Each service's cohorts as bits (`words` words to a service), and for each word, how many of
/// the service's cohorts come before it: a cohort's place in the service's list.
struct Sets {
    words: usize,
    bits: Vec<u64>,
    before: Vec<u32>,
}

impl Sets {
    /// The bits of the services' cohorts `of`, on a map of `cohorts` cohorts; none when they
    /// would take more than [`MOST_WORDS`].
    fn of(of: &[Vec<(usize, u64)>], cohorts: usize) -> Option<Sets> {
        let words = cohorts.div_ceil(64);
        let size = words.checked_mul(of.len()).filter(|&n| n <= MOST_WORDS)?;
        let mut bits = vec![0u64; size];
        let mut before = vec![0u32; size];
        for (s, list) in of.iter().enumerate() {
            let row = &mut bits[s * words..(s + 1) * words];
            for &(ci, _) in list {
                row[ci / 64] |= 1 << (ci % 64);
            }
            // At most MOST_WORDS × 64 cohorts: a count that fits.
            let mut n = 0u32;
            for (w, &word) in row.iter().enumerate() {
                before[s * words + w] = n;
                n += word.count_ones();
            }
        }
        Some(Sets {
            words,
            bits,
            before,
        })
    }

    /// Each cohort using both `a` and `b`: the cohort, and its place in each one's list.
    fn both(&self, a: usize, b: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let (ra, rb) = (a * self.words, b * self.words);
        (0..self.words).flat_map(move |w| {
            let (wa, wb) = (self.bits[ra + w], self.bits[rb + w]);
            let (sa, sb) = (self.before[ra + w] as usize, self.before[rb + w] as usize);
            let mut common = wa & wb;
            std::iter::from_fn(move || {
                if common == 0 {
                    return None;
                }
                let k = common.trailing_zeros();
                common &= common - 1;
                let below = (1u64 << k) - 1;
                Some((
                    w * 64 + k as usize,
                    sa + (wa & below).count_ones() as usize,
                    sb + (wb & below).count_ones() as usize,
                ))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::StageOptions;
    use super::*;
    use crate::model::Id;

    /// Three cohorts; services 0, 1 and 2. Cohort 0 needs stage 0 (10 people) at services 0 and
    /// 1, and stage 1 (25) at service 2. Cohort 1 needs stage 0 (4) at service 1 only, and
    /// stage 1 (7) at services 0 and 1. Cohort 2 needs stage 1 (50) at service 2 only.
    fn options() -> Options {
        let o = |number: usize, need: f64, services: Vec<usize>| StageOptions {
            stage: Id(format!("stage-{number}")),
            number,
            need,
            services,
        };
        vec![
            vec![o(0, 10.0, vec![0, 1]), o(1, 25.0, vec![2])],
            vec![o(0, 4.0, vec![1]), o(1, 7.0, vec![0, 1])],
            vec![o(1, 50.0, vec![2])],
        ]
    }

    #[test]
    fn demand_is_the_same_from_sums_and_bits_merged_or_searched() {
        let options = options();
        // Pair (0, 1) sharing stages 0 and 1: cohort 0 can get stage 0 there (10; its stage 1
        // is only at service 2), cohort 1 both stages (largest 7), cohort 2 neither: 10 + 7.
        // Pair (0, 2) sharing stage 1 only: cohort 0 at service 2 (25), cohort 1 at service 0
        // (7), cohort 2 at service 2 (50): 82. Pair (1, 2) sharing stage 0 only: cohort 0 (10)
        // and cohort 1 (4) at service 1; cohort 2 has no stage 0: 14.
        let cases: [((usize, usize), &[usize], f64); 3] = [
            ((0, 1), &[0, 1], 17.0),
            ((0, 2), &[1], 82.0),
            ((1, 2), &[0], 14.0),
        ];
        let pairs = || cases.iter().map(|&((a, b), s, _)| (a, b, s));
        // Two stages: sums and bits; the same with the bits dropped (a map too large for them),
        // merged; and as many as 65 stages make every word too short, so the options are searched.
        let with_sets = Demand::new(&options, 3, 2, pairs());
        assert!(with_sets.sets.is_some());
        let mut merged = Demand::new(&options, 3, 2, pairs());
        merged.sets = None;
        let searched = Demand::new(&options, 3, 65, pairs());
        assert!(searched.need.is_none() && searched.sets.is_none());
        for (name, d) in [
            ("sums", &with_sets),
            ("merged", &merged),
            ("searched", &searched),
        ] {
            for ((a, b), shared, expected) in cases {
                assert_eq!(d.of(a, b, shared), expected, "pair ({a}, {b}), {name}");
            }
        }
        // A pair not among those given is summed when asked: (0, 1) for stage 0 alone is cohort
        // 0 (10) and cohort 1 (4, at service 1).
        assert_eq!(with_sets.of(0, 1, &[0]), 14.0);
    }

    #[test]
    fn the_sum_is_exact_whatever_the_order() {
        // Cohort 0 needs 1e16 at services 0 and 1; cohorts 1 and 2 need 1 each, cohort 1 at
        // service 0 only and cohort 2 at service 1 only. Exactly: 1e16 + 1 + 1 = 10,000,000,000,000,002,
        // which a double holds. Added one at a time in map order, 1e16 + 1 rounds back to 1e16
        // (the doubles near 1e16 are 2 apart, and the tie goes to the even one), and so does the
        // second 1: 1e16.
        let o = |need: f64, services: Vec<usize>| StageOptions {
            stage: Id("stage-0".to_owned()),
            number: 0,
            need,
            services,
        };
        let options = vec![
            vec![o(1e16, vec![0, 1])],
            vec![o(1.0, vec![0])],
            vec![o(1.0, vec![1])],
        ];
        let shared: &[usize] = &[0];
        assert_eq!(
            (1e16 + 1.0) + 1.0,
            1e16,
            "the sum in map order is not exact"
        );
        let with_sets = Demand::new(&options, 2, 1, [(0, 1, shared)].into_iter());
        let mut merged = Demand::new(&options, 2, 1, [(0, 1, shared)].into_iter());
        merged.sets = None;
        for d in [&with_sets, &merged] {
            assert_eq!(d.of(0, 1, shared), 10_000_000_000_000_002.0);
        }
    }
}
