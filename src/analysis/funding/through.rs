//! The money that comes from one commissioner, or passes through it, line by line all the way
//! down: what a withdrawal of that commissioner takes away. The commissioner's own receipts are
//! set aside so that everything it pays counts as entering there; the ledger's origins then mark
//! every penny of it wherever it goes, exactly along earmarks and pro rata through pooled money.

use super::ledger::Ledger;
use crate::graph::Ecosystem;
use crate::money::Money;

/// The part of each funding line that comes from, or through, one commissioner.
#[derive(Debug, Clone)]
pub struct MoneyThrough {
    /// By service in map order, then by its funding line.
    pub services: Vec<Vec<Money>>,
    /// By commissioner in map order, then by its `funded_by` line.
    pub commissioners: Vec<Vec<Money>>,
}

/// The money of commissioner `c` (by position) in every funding line of the map.
pub fn money_through(eco: &Ecosystem, c: usize) -> MoneyThrough {
    let m = &eco.map;
    let ledger = Ledger::keep_with(eco, Some(c), None);
    let part = |origins: &[(usize, Money)]| -> Money {
        origins
            .iter()
            .filter(|(o, _)| *o == c)
            .map(|(_, a)| *a)
            .sum()
    };
    MoneyThrough {
        services: m
            .services
            .values()
            .enumerate()
            .map(|(s, sv)| {
                (0..sv.funding.len())
                    .map(|li| part(ledger.service_line(s, li)))
                    .collect()
            })
            .collect(),
        commissioners: m
            .commissioners
            .values()
            .enumerate()
            .map(|(r, cm)| {
                (0..cm.funded_by.len())
                    .map(|li| part(ledger.commissioner_line(r, li)))
                    .collect()
            })
            .collect(),
    }
}

/// Where the money through commissioner `c` entered the map, on each service funding line: `c`
/// itself for its own money, or the funder where money it received (and passed on) entered. By
/// service in map order, then by its funding line; each line's origins in commissioner order.
/// Money reaching the line by other ways than through `c` is left out. The amounts are the
/// funding analysis's pro rata shares; [`money_through`] gives each line's part through `c`
/// exactly, and this says whose money that part is.
pub fn origins_through(eco: &Ecosystem, c: usize) -> Vec<Vec<Vec<(usize, Money)>>> {
    let m = &eco.map;
    let nc = m.commissioners.len();
    let ledger = Ledger::keep_tagged(eco, c);
    m.services
        .values()
        .enumerate()
        .map(|(s, sv)| {
            (0..sv.funding.len())
                .map(|li| {
                    let mut by: std::collections::BTreeMap<usize, Money> = Default::default();
                    for &(o, a) in ledger.service_line(s, li) {
                        let origin = match o {
                            o if o == c => c,
                            // Marked once, or again on coming round a funding cycle.
                            o if o >= nc => o % nc,
                            _ => continue,
                        };
                        *by.entry(origin).or_default() += a;
                    }
                    by.into_iter().collect()
                })
                .collect()
        })
        .collect()
}
