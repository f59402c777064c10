//! The generator's random numbers: splitmix64, written here so that the same arguments give the
//! same map on every machine and with every version of every crate. It must never be used where
//! randomness matters for anything but making test maps.

/// The golden-ratio increment of splitmix64.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// One step of splitmix64: the output for the state `z` before it is advanced.
pub(super) fn mix64(z: u64) -> u64 {
    let z = z.wrapping_add(GOLDEN);
    let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stream of random numbers seeded from a list of keys (the seed and the area's number).
#[derive(Debug, Clone)]
pub(super) struct Rng {
    state: u64,
}

impl Rng {
    /// A stream seeded from `keys`, in order: `Rng::new(&[seed, area])`.
    pub(super) fn new(keys: &[u64]) -> Rng {
        let mut state = 0x853C_49E6_748F_EA9B;
        for &k in keys {
            state = mix64(state ^ k);
        }
        Rng { state }
    }

    /// A number in `0..n` (`n` at least 1). The modulo's slight bias does not matter for test maps.
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix64(self.state) % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub(super) fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    pub(super) fn pct(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items` (not empty).
    pub(super) fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        let i = self.index(items.len());
        items[i].clone()
    }

    /// An index into a list of `len` items (`len` at least 1).
    pub(super) fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).expect("below(len) is less than len")
    }

    /// One of `choices`, each as likely as its weight.
    pub(super) fn weighted<T: Clone>(&mut self, choices: &[(T, u64)]) -> T {
        let mut r = self.below(choices.iter().map(|(_, w)| w).sum());
        for (value, w) in choices {
            if r < *w {
                return value.clone();
            }
            r -= w;
        }
        unreachable!("r is below the sum of the weights")
    }

    /// `k` of `items` (all of them when `k` is larger), in random order: a partial Fisher–Yates
    /// shuffle.
    pub(super) fn sample<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut a = items.to_vec();
        let k = k.min(a.len());
        for i in 0..k {
            let j = i + self.index(a.len() - i);
            a.swap(i, j);
        }
        a.truncate(k);
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix64_is_splitmix64() {
        // The published first outputs of splitmix64 from state 0 (Vigna's reference
        // implementation): 0xE220A8397B1DCDAF, then 0x6E789E6AA1B965F4.
        assert_eq!(mix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(mix64(GOLDEN), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn numbers_stay_in_range_and_samples_are_permutations() {
        let mut rng = Rng::new(&[7, 1]);
        for _ in 0..1000 {
            let x = rng.int(3, 5);
            assert!((3..=5).contains(&x));
        }
        let mut s = rng.sample(&[1, 2, 3, 4, 5], 5);
        s.sort_unstable();
        assert_eq!(s, vec![1, 2, 3, 4, 5]);
        assert_eq!(rng.sample(&[1, 2], 9).len(), 2);
        // A weight of zero is never chosen.
        for _ in 0..200 {
            assert_eq!(rng.weighted(&[("never", 0), ("always", 3)]), "always");
        }
    }

    #[test]
    fn the_same_keys_give_the_same_stream() {
        let draw = |keys: &[u64]| {
            let mut r = Rng::new(keys);
            (0..5).map(|_| r.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(&[1, 0]), draw(&[1, 0]));
        assert_ne!(draw(&[1, 0]), draw(&[1, 1]));
    }
}
