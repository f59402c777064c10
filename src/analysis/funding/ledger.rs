//! Money through commissioners: each commissioner's own money and what it receives make a pot by
//! origin (the funder where the money entered); its payments, funders before those they fund, take
//! their share of the pot origin by origin, so every funding line knows where its money entered.
//! Money earmarked for named services (`for:`) is a pot of its own that pays only them
//! ([`super::earmarks`] works out how much reaches each). Nothing here looks at cohorts.

use std::collections::BTreeMap;

use petgraph::graph::DiGraph;

use super::earmarks::{self, EarmarkUse};
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
    // Kosaraju's algorithm lists components receivers first; it keeps its own stack, so a chain
    // of thousands of commissioners, each funding the next, is followed to its end.
    let mut components = petgraph::algo::kosaraju_scc(&g);
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

/// What one commissioner pays each service, over all its `paid` lines.
fn paid_to(eco: &Ecosystem, paid: &[(usize, usize)]) -> BTreeMap<usize, Money> {
    let mut to: BTreeMap<usize, Money> = BTreeMap::new();
    for &(s, li) in paid {
        *to.entry(s).or_default() += eco.map.services[s].funding[li].amount;
    }
    to
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
    /// How each earmarked line is spent, by receiver then line, in map order.
    pub(super) earmarks: Vec<EarmarkUse>,
    /// (service, line) → the part of the line paid from money earmarked for the service.
    pub(super) earmarked: BTreeMap<(usize, usize), Money>,
    /// A commissioner whose receipts are set aside: everything it pays is taken to enter there.
    cut: Option<usize>,
    /// A commissioner whose receipts keep their origins but are marked as passing through it:
    /// origin `o` received by it becomes `commissioners + o` (its own money stays its own).
    tag: Option<usize>,
}

impl Ledger {
    /// Totals every commissioner's lines, then takes each one's payments from its pots, funders
    /// before those they fund.
    pub(super) fn keep(eco: &Ecosystem) -> Ledger {
        Ledger::keep_with(eco, None, None)
    }

    /// [`Ledger::keep`], with what commissioner `c` receives marked as passing through it: on
    /// every line below it, origin `o` that came through `c` is `commissioners + o`, apart from
    /// the same origin's money that did not; `c`'s own money is origin `c` as ever.
    pub(super) fn keep_tagged(eco: &Ecosystem, c: usize) -> Ledger {
        Ledger::keep_with(eco, None, Some(c))
    }

    /// [`Ledger::keep`], with the receipts of commissioner `cut` set aside, so all it pays enters
    /// the map there: the origin `cut` then marks every penny that passes through it.
    pub(super) fn keep_with(eco: &Ecosystem, cut: Option<usize>, tag: Option<usize>) -> Ledger {
        let m = &eco.map;
        let nc = m.commissioners.len();
        let (passed, paid) = lines_by_payer(eco);
        let incoming = |c: usize| {
            if cut == Some(c) {
                &[][..]
            } else {
                m.commissioners[c].funded_by.as_slice()
            }
        };
        let received: Vec<Money> = (0..nc)
            .map(|c| incoming(c).iter().map(|f| f.amount).sum())
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
        let mut earmarks = Vec::new();
        let mut own = Vec::with_capacity(nc);
        let mut unspent = Vec::with_capacity(nc);
        for c in 0..nc {
            let plan = if cut == Some(c) {
                Vec::new()
            } else {
                earmarks::plan(eco, c, &paid_to(eco, &paid[c]))
            };
            // Earmarked money pays only the services it names; the pool pays everything else.
            let earmarked_in: Money = incoming(c)
                .iter()
                .filter(|f| !f.earmark.is_empty())
                .map(|f| f.amount)
                .sum();
            let excess: Money = plan.iter().map(|e| e.unspent).sum();
            let pool_in = received[c] - earmarked_in;
            let pool_out = passed_total[c] + paid_total[c] - (earmarked_in - excess);
            own.push((pool_out - pool_in).max(Money::ZERO));
            unspent.push(excess + (pool_in - pool_out).max(Money::ZERO));
            earmarks.extend(plan);
        }
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
            earmarks,
            earmarked: BTreeMap::new(),
            cut,
            tag,
        };
        for c in order {
            ledger.pay(eco, c);
        }
        ledger
    }

    /// The origins of what commissioner `c` receives: its pooled money (its own money and the
    /// lines with no earmark) as one pot, and each earmarked line as a pot of its own.
    fn fill(&self, eco: &Ecosystem, c: usize) -> (Pot, BTreeMap<usize, Pot>) {
        let m = &eco.map;
        let mut pool = Pot::new();
        if self.own[c] != Money::ZERO {
            pool.insert(c, self.own[c]);
        }
        let mut earmarked: BTreeMap<usize, Pot> = BTreeMap::new();
        if self.cut == Some(c) {
            return (pool, earmarked);
        }
        let nc = m.commissioners.len();
        let mark = |o: usize| if self.tag == Some(c) { nc + o } else { o };
        for (li, f) in m.commissioners[c].funded_by.iter().enumerate() {
            let pot = if f.earmark.is_empty() {
                &mut pool
            } else {
                earmarked.entry(li).or_default()
            };
            match self.commissioner_lines.get(&(c, li)) {
                Some(origins) => {
                    for &(o, a) in origins {
                        *pot.entry(mark(o)).or_default() += a;
                    }
                }
                // Money coming round a funding cycle: taken to originate at its sender.
                None => {
                    if let Some(fi) = m.commissioners.get_index_of(&f.from) {
                        *pot.entry(mark(fi)).or_default() += f.amount;
                    }
                }
            }
        }
        (pool, earmarked)
    }

    /// Takes each of commissioner `c`'s payments from its pots: lines to commissioners from the
    /// pool; lines to a service first from the money earmarked for it, then from the pool. Payments
    /// go in order of the receiver's id, never the map's order, so the pennies fall the same way
    /// however the map is written. What is left is held, not spent on the map.
    fn pay(&mut self, eco: &Ecosystem, c: usize) {
        let m = &eco.map;
        let (mut pool, mut line_pots) = self.fill(eco, c);
        // Each service's earmarked money, taken from the lines that bring it.
        let mut for_service: BTreeMap<usize, Pot> = BTreeMap::new();
        for e in self.earmarks.iter().filter(|e| e.at.0 == c) {
            let Some(line) = line_pots.get_mut(&e.at.1) else {
                continue;
            };
            for &(s, amount) in &e.reaches {
                let pot = for_service.entry(s).or_default();
                for (o, a) in take(line, amount) {
                    *pot.entry(o).or_default() += a;
                }
            }
        }
        let mut passed = self.passed[c].clone();
        passed
            .sort_by(|a, b| (&m.commissioners[a.0].id, a.1).cmp(&(&m.commissioners[b.0].id, b.1)));
        for (r, li) in passed {
            let amount = m.commissioners[r].funded_by[li].amount;
            self.commissioner_lines
                .insert((r, li), take(&mut pool, amount));
        }
        let mut services: Vec<usize> = self.paid[c].iter().map(|&(s, _)| s).collect();
        services.sort_by(|a, b| m.services[*a].id.cmp(&m.services[*b].id));
        services.dedup();
        for s in services {
            let lines: Vec<usize> = self.paid[c]
                .iter()
                .filter(|&&(t, _)| t == s)
                .map(|&(_, li)| li)
                .collect();
            let mut earmarked = for_service.remove(&s).unwrap_or_default();
            self.pay_service(eco, s, &lines, &mut earmarked, &mut pool);
        }
        let mut held = pool;
        for pot in line_pots.into_values().chain(for_service.into_values()) {
            for (o, a) in pot {
                *held.entry(o).or_default() += a;
            }
        }
        self.held[c] = held
            .into_iter()
            .filter(|(_, a)| *a != Money::ZERO)
            .collect();
    }

    /// Pays service `s` along its `lines` from one commissioner: the money `earmarked` for it is
    /// shared over the lines in proportion to their amounts, and each line takes the rest of its
    /// amount from the `pool`.
    fn pay_service(
        &mut self,
        eco: &Ecosystem,
        s: usize,
        lines: &[usize],
        earmarked: &mut Pot,
        pool: &mut Pot,
    ) {
        let sv = &eco.map.services[s];
        let amounts: Vec<Money> = lines.iter().map(|&li| sv.funding[li].amount).collect();
        let weights: Vec<u128> = amounts
            .iter()
            .map(|a| u128::try_from(a.0.max(0)).unwrap_or(0))
            .collect();
        let from_earmark: Money = earmarked.values().copied().sum();
        for ((&li, &amount), part) in lines.iter().zip(&amounts).zip(from_earmark.split(&weights)) {
            let mut origins = Pot::new();
            for (o, a) in take(earmarked, part)
                .into_iter()
                .chain(take(pool, amount - part))
            {
                *origins.entry(o).or_default() += a;
            }
            if part != Money::ZERO {
                self.earmarked.insert((s, li), part);
            }
            self.service_lines
                .insert((s, li), origins.into_iter().collect());
        }
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
