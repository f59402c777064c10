//! Counting people once. A cohort's people in several gaps (or losing several stages) are the
//! largest need among those stages, never more than the cohort's size: people needing a later
//! stage are taken to be among those needing an earlier one (the rule that shares places, in
//! [`super::capacity`]). The sum over stages, capped at the size, is the most it could be, and is
//! kept beside it.

use std::collections::BTreeMap;

use crate::model::{Id, Map};

/// People counted once per cohort, and the most they could be.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct People {
    /// Per cohort, the largest figure among its stages (at most its size); summed over cohorts.
    pub once: f64,
    /// Per cohort, its stages' figures summed (at most its size); summed over cohorts: the count
    /// if no one were in two of the stages.
    pub upper: f64,
}

/// Counts people once per cohort: `figures` gives (cohort, people) for each stage counted.
pub fn count<'a>(map: &Map, figures: impl IntoIterator<Item = (&'a Id, f64)>) -> People {
    let mut per_cohort: BTreeMap<&Id, (f64, f64)> = BTreeMap::new();
    for (cohort, n) in figures {
        let e = per_cohort.entry(cohort).or_insert((0.0, 0.0));
        e.0 = e.0.max(n);
        e.1 += n;
    }
    let mut out = People::default();
    for (cohort, (largest, sum)) in per_cohort {
        let size = map
            .cohorts
            .get(cohort.as_str())
            .map_or(f64::INFINITY, |c| c.size as f64);
        out.once += largest.min(size);
        out.upper += sum.min(size);
    }
    out
}
