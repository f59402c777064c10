//! Ids made unique by a number: `base` when it is free, else `base-2`, `base-3`, … , the first
//! that is free. The generated maps, the imports (ids from names) and the Kumu export share it.

use std::collections::BTreeMap;

use indexmap::IndexSet;

/// The ids taken so far, and per base the number to try next.
///
/// A number below a base's next was found taken, and an id once taken stays taken, so trying
/// from there gives the same id as trying from 2; a directory listing thousands of services by
/// one name ("Job Club" at every library) is then numbered in time that grows with the
/// services, not with their square.
#[derive(Debug, Default)]
pub struct Numbered {
    taken: IndexSet<String>,
    next: BTreeMap<String, u64>,
}

impl Numbered {
    /// With `ids` taken already (ids no entry may have).
    pub fn taking<'a>(ids: impl IntoIterator<Item = &'a str>) -> Numbered {
        Numbered {
            taken: ids.into_iter().map(str::to_owned).collect(),
            next: BTreeMap::new(),
        }
    }

    /// A free id from `base` (see the module), taken.
    pub fn take(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let mut n = self.next.get(base).copied().unwrap_or(2);
        let id = loop {
            let id = format!("{base}-{n}");
            n += 1;
            if self.taken.insert(id.clone()) {
                break id;
            }
        };
        self.next.insert(base.to_owned(), n);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_base_is_numbered_from_two_skipping_numbers_taken_otherwise() {
        let mut ids = Numbered::taking(["assess"]);
        // `assess` is taken from the start: its first entry is `assess-2`.
        assert_eq!(ids.take("assess"), "assess-2");
        // `job-club` is free once, then numbered; `job-club-3` taken by an entry of that very
        // name is skipped by the next `job-club`.
        assert_eq!(ids.take("job-club"), "job-club");
        assert_eq!(ids.take("job-club"), "job-club-2");
        assert_eq!(ids.take("job-club-3"), "job-club-3");
        assert_eq!(ids.take("job-club"), "job-club-4");
        // A base that is itself a numbered id is numbered on its own.
        assert_eq!(ids.take("job-club-2"), "job-club-2-2");
        assert_eq!(ids.take("job-club"), "job-club-5");
    }

    #[test]
    fn many_entries_of_one_name_are_each_numbered_once() {
        // Every one of ten thousand entries of one name is given its own number, in order: the
        // first the base itself, the k-th (from 2) `base-k`.
        let mut ids = Numbered::default();
        let got: Vec<String> = (0..10_000).map(|_| ids.take("job-club")).collect();
        assert_eq!(got[0], "job-club");
        for (k, id) in got.iter().enumerate().skip(1) {
            assert_eq!(id, &format!("job-club-{}", k + 1));
        }
    }
}
