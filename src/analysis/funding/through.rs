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
    let ledger = Ledger::keep_with(eco, Some(c));
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
