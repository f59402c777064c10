//! Earmarked money: a commissioner's `funded_by` line may be for named services only (`for:`).
//! This works out, in amounts alone, how much of each earmarked line reaches each service it names
//! and how much of it the commissioner cannot spend on them; [`super::ledger`] then moves the money
//! with its origins accordingly. Nothing here follows origins or looks at cohorts.
//!
//! The rules (docs/funding.md): money earmarked for several services is shared between them in
//! proportion to what the commissioner pays each; a service's payment is taken first from the
//! money earmarked for it, and the rest from the commissioner's pooled money; money earmarked for
//! a service beyond what the commissioner pays it is not spent on the map. Where several earmarked
//! lines name one service, each keeps its part of what is used in proportion to what it brought.

use std::collections::BTreeMap;

use crate::graph::Ecosystem;
use crate::money::Money;

/// How one earmarked line is spent.
#[derive(Debug, Clone)]
pub(super) struct EarmarkUse {
    /// The receiving commissioner and the position of the line in its `funded_by`.
    pub(super) at: (usize, usize),
    /// (service, amount reaching it), services in map order, zeros left out.
    pub(super) reaches: Vec<(usize, Money)>,
    /// What the commissioner cannot spend on the services named.
    pub(super) unspent: Money,
}

/// Weight of an amount in a split: its pence, never negative.
fn pence(m: Money) -> u128 {
    u128::try_from(m.0.max(0)).unwrap_or(0)
}

/// The earmarked lines commissioner `c` receives, each with how it is spent. `paid_to` is what `c`
/// pays each service, over all its lines to it.
pub(super) fn plan(eco: &Ecosystem, c: usize, paid_to: &BTreeMap<usize, Money>) -> Vec<EarmarkUse> {
    let m = &eco.map;
    // (line, service) → the line's part for the service, before any cap.
    let mut parts: BTreeMap<(usize, usize), Money> = BTreeMap::new();
    let mut lines = Vec::new();
    for (li, f) in m.commissioners[c].funded_by.iter().enumerate() {
        if f.earmark.is_empty() {
            continue;
        }
        lines.push((li, f.amount));
        // The services named that `c` pays, by id, so the pennies do not follow the map's order.
        let mut named: Vec<usize> = f
            .earmark
            .iter()
            .filter_map(|id| eco.service_ix(id.as_str()))
            .filter(|s| paid_to.contains_key(s))
            .collect();
        named.sort_by(|a, b| m.services[*a].id.cmp(&m.services[*b].id));
        named.dedup();
        let weights: Vec<u128> = named.iter().map(|s| pence(paid_to[s])).collect();
        for (s, part) in named.into_iter().zip(f.amount.split(&weights)) {
            parts.insert((li, s), part);
        }
    }
    // Each service uses at most what `c` pays it; each line keeps its part of what is used.
    let mut used: BTreeMap<(usize, usize), Money> = BTreeMap::new();
    for (&s, &paid) in paid_to {
        let of_service: Vec<(usize, Money)> = parts
            .iter()
            .filter(|((_, t), _)| *t == s)
            .map(|(&(li, _), &p)| (li, p))
            .collect();
        let inflow: Money = of_service.iter().map(|(_, p)| *p).sum();
        let weights: Vec<u128> = of_service.iter().map(|(_, p)| pence(*p)).collect();
        for ((li, _), u) in of_service.iter().zip(inflow.min(paid).split(&weights)) {
            used.insert((*li, s), u);
        }
    }
    lines
        .into_iter()
        .map(|(li, amount)| {
            let reaches: Vec<(usize, Money)> = used
                .iter()
                .filter(|((l, _), u)| *l == li && **u != Money::ZERO)
                .map(|(&(_, s), &u)| (s, u))
                .collect();
            let spent: Money = reaches.iter().map(|(_, u)| *u).sum();
            EarmarkUse {
                at: (c, li),
                reaches,
                unspent: amount - spent,
            }
        })
        .collect()
}
