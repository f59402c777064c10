//! How people reach a generated service (referral routes), who pays for it, and the cohorts that
//! use the services: the parts of [`super::ServiceBuilder`] that read the services already placed.

use super::*;

impl ServiceBuilder<'_> {
    /// Whether service `s` takes self-referrals, and the services it takes referrals from: drawn
    /// from its kind's referrers in its locality (area-wide: anywhere), now and then one across
    /// the boundary or an onward referral from another local service. Someone can always refer.
    pub(super) fn referral(
        &mut self,
        spec: &ServiceKind,
        s: usize,
        i: Option<usize>,
        onward: &mut Vec<(usize, usize)>,
    ) -> (bool, Vec<usize>) {
        if self.rng.pct(spec.no_referral) {
            return (false, Vec::new());
        }
        let mut from: Vec<usize> = Vec::new();
        for &(referrer, most, pct) in spec.referred_from {
            if !self.rng.pct(pct) {
                continue;
            }
            let candidates: Vec<usize> = match i {
                Some(i) => self.in_place(i, referrer).to_vec(),
                None => self.kind_index.get(referrer).cloned().unwrap_or_default(),
            };
            let k = usize::try_from(self.rng.int(1, most)).unwrap_or(1);
            for c in self.rng.sample(&candidates, k) {
                if c != s && !from.contains(&c) {
                    from.push(c);
                }
            }
        }
        let n = self.localities.len();
        if let Some(i) = i
            && !spec.referred_from.is_empty()
            && self.gated
            && self.rng.pct(5)
        {
            // Across the boundary: the first referrer kind in a neighbouring locality.
            let step = self.rng.pick(&[1, n - 1]);
            let neighbour = (i + step) % n;
            if let Some(&c) = self.in_place(neighbour, spec.referred_from[0].0).first()
                && !from.contains(&c)
            {
                from.push(c);
            }
        }
        if let Some(i) = i
            && !GATEWAYS.contains(&spec.name)
            && self.rng.pct(8)
        {
            // An onward referral from another local service.
            let others: Vec<usize> = LOCAL_KINDS
                .iter()
                .flat_map(|(k, _)| self.in_place(i, k).iter().copied())
                .collect();
            if !others.is_empty() {
                let c = self.rng.pick(&others);
                if c != s && !from.contains(&c) {
                    from.push(c);
                    onward.push((c, s));
                }
            }
        }
        let mut self_referral = self.rng.pct(spec.self_referral);
        if from.is_empty() && !self_referral && !spec.referred_from.is_empty() {
            let local = i.and_then(|i| {
                spec.referred_from
                    .iter()
                    .map(|(k, _, _)| *k)
                    .chain(GATEWAYS.iter().copied())
                    .flat_map(|k| self.in_place(i, k).iter().copied())
                    .find(|&x| x != s)
            });
            match local {
                Some(x) => from.push(x),
                None => self_referral = true,
            }
        }
        (self_referral, from)
    }

    /// The funding lines of a service: most kinds are funded, some by two or three commissioners
    /// (pooled), each line's amount in thousands, most under a contract that runs into the map's
    /// period (one in ten has ended).
    pub(super) fn funding(
        &mut self,
        spec: &ServiceKind,
        i: Option<usize>,
        people: Option<u64>,
    ) -> Vec<Line> {
        if !self.rng.pct(spec.funded) {
            return Vec::new();
        }
        let total = match people {
            Some(p) if p > 0 && spec.cost > 0 => {
                round_to(p * spec.cost * self.rng.int(80, 120) / 100, 1000)
            }
            _ => 1000 * self.rng.int(20, 150),
        };
        let mut parts = 1;
        if self.rng.pct(spec.pooled) {
            parts = if self.rng.pct(25) { 3 } else { 2 };
        }
        let total = total.max(5000 * parts as u64);
        let mut funders: Vec<String> = Vec::new();
        for p in 0..parts {
            let kind = if p < 2 {
                spec.funders[p.min(spec.funders.len() - 1)]
            } else {
                self.rng.pick(super::super::vocab::COMMISSIONER_KINDS)
            };
            let mut candidates: Vec<String> = self.commissioners_by_kind[kind]
                .iter()
                .filter(|c| !funders.contains(c))
                .cloned()
                .collect();
            if candidates.is_empty() {
                candidates = self
                    .commissioners
                    .iter()
                    .filter(|c| !funders.contains(c))
                    .cloned()
                    .collect();
            }
            if candidates.is_empty() {
                break;
            }
            let chosen = match i {
                Some(i) => candidates[i % candidates.len()].clone(),
                None => self.rng.pick(&candidates),
            };
            funders.push(chosen);
        }
        let mut lines = Vec::with_capacity(funders.len());
        let mut left = total;
        let count = funders.len() as u64;
        for (p, from) in funders.into_iter().enumerate() {
            let later = count - p as u64 - 1;
            let amount = if later == 0 {
                left
            } else {
                (left - 1000 * later).min(round_to(left * self.rng.int(40, 70) / 100, 1000))
            };
            left -= amount;
            let contract = self.rng.pct(60).then(|| self.contract());
            lines.push(Line {
                from,
                amount,
                contract,
            });
        }
        lines
    }

    /// A contract ending the day before the first of a month from 2025 to 2028 (one in ten in
    /// 2024, so already ended), having run one to five years.
    fn contract(&mut self) -> (Date, Date) {
        let year = if self.rng.pct(10) {
            2024
        } else {
            self.rng.int(2025, 2028)
        };
        let month = self.rng.pick(&[1, 4, 7, 10]);
        let after = Date {
            year: i32::try_from(year).expect("years are 2024 to 2028"),
            month,
            day: 1,
        };
        let back = self.rng.pick(&[12, 24, 36, 48, 60]);
        let start = Date {
            year: after.year - back / 12,
            ..after
        };
        let end = Date::from_days_since_epoch(after.days_since_epoch() - 1);
        (start, end)
    }

    /// `count` cohorts, spread over the localities, each entering at its locality's gateways.
    pub(in super::super) fn cohorts(&mut self, count: usize, localities: usize) -> Vec<Cohort> {
        let per_locality: Vec<usize> = (0..localities)
            .map(|i| count / localities + usize::from(i < count % localities))
            .collect();
        let kinds: Vec<&'static str> = COHORT_KINDS.iter().map(|(k, _)| *k).collect();
        let first = self.rng.sample(&kinds, kinds.len());
        let mut out = Vec::with_capacity(count);
        let mut j = 0;
        for (i, &n) in per_locality.iter().enumerate() {
            for _ in 0..n {
                let kind = cohort_kind(j, &first, self.rng);
                j += 1;
                let mut drawn = draw_cohort(kind, self.rng);
                if self.gated {
                    let here = &self.localities[i];
                    drawn.attributes.push(("locality", word(here)));
                    drawn.name.push_str(&format!(", {}", title(here)));
                }
                let mut entry: Vec<usize> = Vec::new();
                for gateway in drawn.entry {
                    let candidates = self.in_place(i, gateway).to_vec();
                    if !candidates.is_empty() {
                        let c = self.rng.pick(&candidates);
                        if !entry.contains(&c) {
                            entry.push(c);
                        }
                    }
                }
                if entry.is_empty() {
                    let first_gateway = GATEWAYS
                        .iter()
                        .flat_map(|g| self.in_place(i, g).iter().copied())
                        .next()
                        .unwrap_or(0);
                    entry.push(first_gateway);
                }
                let base = if self.gated {
                    format!("{}-{kind}", self.localities[i])
                } else {
                    kind.to_owned()
                };
                let id = self.ids.claim(&base);
                let needs = if self.rng.pct(20) {
                    Needs::List(drawn.needs.iter().map(|(s, _)| *s).collect())
                } else {
                    Needs::Shares(drawn.needs)
                };
                out.push(Cohort {
                    id,
                    name: drawn.name,
                    size: drawn.size,
                    attributes: drawn.attributes,
                    needs,
                    enters_via: entry,
                });
            }
        }
        out
    }

    /// The services and the rules they use.
    pub(in super::super) fn finish(self) -> Built {
        let mut rules: Vec<(String, Value)> = base_rules()
            .into_iter()
            .map(|(id, body)| (id.to_owned(), body))
            .collect();
        for (id, body) in self.extra_rules {
            if self.used_rules.contains(&id) {
                rules.push((id, body));
            }
        }
        Built {
            services: self.services,
            rules,
            by_loc_kind: self.by_loc_kind,
            kind_index: self.kind_index,
        }
    }
}
