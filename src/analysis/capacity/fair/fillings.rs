//! Fillings already done, kept by everything a filling is given.
//!
//! A filling's answer depends on nothing but its part: the rows (cohort, need and options), the
//! services' places, the best total and the face it is held to. When a changed map is shared
//! again (what-if, contracts, diff), a part the change touches is solved again whole, yet most
//! of its pieces (`pieces.rs`) are often as they were: the loss of a service changes the pieces
//! it was in and leaves the others. A piece found again with everything it is given the same
//! takes the filling it had, which is what filling it again would give (the filling is
//! deterministic), and the costliest work of sharing a part (the piece spanning a county's area)
//! is not done again for a change elsewhere in its part.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::{Face, Failed, Part, ProgrammeKey, programme_key};

/// Everything a filling is given, exactly: its programme (rows and places), the best total (as
/// bits) and the face, if any.
type Key = (ProgrammeKey, u64, Option<Face>);

/// A filling's answer: per row, people served at each of its options.
type Filled = Result<Vec<Vec<f64>>, Failed>;

/// The fillings done so far, by what each was given.
#[derive(Debug, Default)]
pub(crate) struct Fillings {
    done: Mutex<BTreeMap<Key, Filled>>,
    /// How many fillings were done rather than taken: for the tests.
    #[cfg(test)]
    filled: std::sync::atomic::AtomicUsize,
}

impl Fillings {
    /// The filling of `part`: the one done before for a part given the same, else `fill`'s,
    /// kept. A poisoned lock only means another thread panicked: the part is filled again
    /// rather than taken.
    pub(super) fn of(&self, part: Part<'_>, fill: impl FnOnce() -> Filled) -> Filled {
        let key: Key = (
            programme_key(part.rows, part.places),
            part.best.to_bits(),
            part.face.cloned(),
        );
        if let Some(known) = self.done.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return known;
        }
        #[cfg(test)]
        self.filled
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let answer = fill();
        if let Ok(mut m) = self.done.lock() {
            m.insert(key, answer.clone());
        }
        answer
    }
}

#[cfg(test)]
impl Fillings {
    /// How many fillings were done rather than taken.
    pub(super) fn filled(&self) -> usize {
        self.filled.load(std::sync::atomic::Ordering::Relaxed)
    }
}
