//! Money through commissioners: each commissioner's own money and what it receives make a pot by
//! origin (the funder where the money entered); its payments, funders before those they fund, take
//! their share of the pot origin by origin, so every funding line knows where its money entered.
//! Nothing here looks at cohorts.

use std::collections::BTreeMap;

use petgraph::graph::DiGraph;

use crate::graph::Ecosystem;
use crate::money::Money;

/// A pot of money by origin (commissioner position).
pub(super) type Pot = BTreeMap<usize, Money>;

/// Takes `amount` from `pot`, key by key in proportion to what is left (largest remainder). Taking
/// the whole pot, payment by payment, empties every key exactly.
pub(super) fn take<K: Ord + Copy>(pot: &mut BTreeMap<K, Money>, amount: Money) -> Vec<(K, Money)> {
    let keys: Vec<K> = pot.keys().copied().collect();
    let weights: Vec<u128> = pot
        .values()
        .map(|m| u128::try_from(m.0.max(0)).unwrap_or(0))
        .collect();
    let parts = amount.split(&weights);
    let mut out = Vec::new();
    for (k, p) in keys.into_iter().zip(parts) {
        if p != Money::ZERO {
            if let Some(left) = pot.get_mut(&k) {
                *left = *left - p;
            }
            out.push((k, p));
        }
    }
    out
}

/// The commissioners in an order where funders come before those they fund, and the cycles.
fn funding_order(eco: &Ecosystem) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = eco.map.commissioners.len();
    let mut g: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<_> = (0..n).map(|i| g.add_node(i)).collect();
    for (c, nx) in nodes.iter().enumerate() {
        for (f, _) in eco.funders_of_commissioner(c) {
            g.add_edge(nodes[f], *nx, ());
        }
    }
    // Tarjan's algorithm lists components receivers first.
    let mut components = petgraph::algo::tarjan_scc(&g);
    components.reverse();
    let mut order = Vec::new();
    let mut cycles = Vec::new();
    for comp in components {
        let mut members: Vec<usize> = comp.iter().map(|ix| g[*ix]).collect();
        members.sort_unstable();
        if members.len() > 1 {
            cycles.push(members.clone());
        }
        order.extend(members);
    }
    (order, cycles)
}

/// Every funding line by the commissioner paying it: (receiver, its line) of the lines to
/// commissioners, and (service, its line) of the lines to services, each in map order.
fn lines_by_payer(eco: &Ecosystem) -> (ByPayer, ByPayer) {
    let m = &eco.map;
    let nc = m.commissioners.len();
    let mut passed: ByPayer = vec![Vec::new(); nc];
    for (r, c) in m.commissioners.values().enumerate() {
        for (li, f) in c.funded_by.iter().enumerate() {
            if let Some(p) = m.commissioners.get_index_of(&f.from) {
                passed[p].push((r, li));
            }
        }
    }
    let mut paid: ByPayer = vec![Vec::new(); nc];
    for (s, sv) in m.services.values().enumerate() {
        for (li, f) in sv.funding.iter().enumerate() {
            if let Some(p) = m.commissioners.get_index_of(&f.from) {
                paid[p].push((s, li));
            }
        }
    }
    (passed, paid)
}

/// Funding lines by the position of the commissioner paying them: (receiver, its line).
pub(super) type ByPayer = Vec<Vec<(usize, usize)>>;

/// Origins, by commissioner position.
pub(super) type Origins = Vec<(usize, Money)>;

/// The commissioners' books: what each receives, passes on and pays, and where the money of each
/// funding line entered.
pub(super) struct Ledger {
    /// (receiver, its line) of every commissioner-to-commissioner line, by payer.
    pub(super) passed: ByPayer,
    /// (service, its line) of every service funding line, by payer.
    pub(super) paid: ByPayer,
    pub(super) received: Vec<Money>,
    pub(super) passed_total: Vec<Money>,
    pub(super) paid_total: Vec<Money>,
    pub(super) own: Vec<Money>,
    pub(super) unspent: Vec<Money>,
    /// (receiver, line) → origins, for lines between commissioners.
    pub(super) commissioner_lines: BTreeMap<(usize, usize), Origins>,
    /// (service, line) → origins.
    pub(super) service_lines: BTreeMap<(usize, usize), Origins>,
    /// Money received but not spent on the map, by origin, per commissioner.
    pub(super) held: Vec<Origins>,
    pub(super) cycles: Vec<Vec<usize>>,
}

impl Ledger {
    /// Totals every commissioner's lines, then takes each one's payments from its pot, funders
    /// before those they fund.
    pub(super) fn keep(eco: &Ecosystem) -> Ledger {
        let m = &eco.map;
        let nc = m.commissioners.len();
        let (passed, paid) = lines_by_payer(eco);
        let received: Vec<Money> = m
            .commissioners
            .values()
            .map(|c| c.funded_by.iter().map(|f| f.amount).sum())
            .collect();
        let passed_total: Vec<Money> = passed
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .map(|&(r, li)| m.commissioners[r].funded_by[li].amount)
                    .sum()
            })
            .collect();
        let paid_total: Vec<Money> = paid
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .map(|&(s, li)| m.services[s].funding[li].amount)
                    .sum()
            })
            .collect();
        let own: Vec<Money> = (0..nc)
            .map(|c| (passed_total[c] + paid_total[c] - received[c]).max(Money::ZERO))
            .collect();
        let unspent: Vec<Money> = (0..nc)
            .map(|c| (received[c] - passed_total[c] - paid_total[c]).max(Money::ZERO))
            .collect();
        let (order, cycles) = funding_order(eco);
        let mut ledger = Ledger {
            passed,
            paid,
            received,
            passed_total,
            paid_total,
            own,
            unspent,
            commissioner_lines: BTreeMap::new(),
            service_lines: BTreeMap::new(),
            held: vec![Vec::new(); nc],
            cycles,
        };
        for c in order {
            ledger.pay(eco, c);
        }
        ledger
    }

    /// Fills commissioner `c`'s pot (its own money and the origins of what it received) and takes
    /// each of its payments from it, in map order: to commissioners, then to services. What is
    /// left is held, not spent on the map.
    fn pay(&mut self, eco: &Ecosystem, c: usize) {
        let m = &eco.map;
        let mut pot = Pot::new();
        if self.own[c] != Money::ZERO {
            pot.insert(c, self.own[c]);
        }
        for (li, f) in m.commissioners[c].funded_by.iter().enumerate() {
            match self.commissioner_lines.get(&(c, li)) {
                Some(origins) => {
                    for &(o, a) in origins {
                        *pot.entry(o).or_default() += a;
                    }
                }
                // Money coming round a funding cycle: taken to originate at its sender.
                None => {
                    if let Some(fi) = m.commissioners.get_index_of(&f.from) {
                        *pot.entry(fi).or_default() += f.amount;
                    }
                }
            }
        }
        // Payments in order of the receiver's id, never the map's order, so the pennies fall the
        // same way however the map is written.
        let mut passed = self.passed[c].clone();
        passed
            .sort_by(|a, b| (&m.commissioners[a.0].id, a.1).cmp(&(&m.commissioners[b.0].id, b.1)));
        for (r, li) in passed {
            let amount = m.commissioners[r].funded_by[li].amount;
            self.commissioner_lines
                .insert((r, li), take(&mut pot, amount));
        }
        let mut paid = self.paid[c].clone();
        paid.sort_by(|a, b| (&m.services[a.0].id, a.1).cmp(&(&m.services[b.0].id, b.1)));
        for (s, li) in paid {
            let amount = m.services[s].funding[li].amount;
            self.service_lines.insert((s, li), take(&mut pot, amount));
        }
        self.held[c] = pot.into_iter().filter(|(_, a)| *a != Money::ZERO).collect();
    }

    /// Where the money of a service's funding line entered.
    pub(super) fn service_line(&self, s: usize, li: usize) -> &[(usize, Money)] {
        self.service_lines.get(&(s, li)).map_or(&[], Vec::as_slice)
    }

    /// Where the money of a commissioner's `funded_by` line entered.
    pub(super) fn commissioner_line(&self, r: usize, li: usize) -> &[(usize, Money)] {
        self.commissioner_lines
            .get(&(r, li))
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taking_from_a_pot_never_overdraws_an_origin() {
        // Pot: 1p from A, 1p from B; two payments of 1p each: the first takes A's (tie → earlier),
        // the second must take B's, not A's again.
        let mut pot = Pot::from([(0, Money(1)), (1, Money(1))]);
        assert_eq!(take(&mut pot, Money(1)), vec![(0, Money(1))]);
        assert_eq!(take(&mut pot, Money(1)), vec![(1, Money(1))]);
        assert!(pot.values().all(|m| *m == Money::ZERO));
    }
}
