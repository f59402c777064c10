//! Checks that a funding result reconciles exactly: what leaves every node reaches the next, and
//! the totals agree. Used by the tests and by anyone building on the result; it changes nothing.

use super::{Amount, Funding, Line};
use crate::model::Id;
use crate::money::Money;

/// Whether all that `from` sends to `to` along `sent` (its lines of one kind) arrives along
/// `arrived` (the receiver's incoming lines; `None`: no such receiver).
fn arrives_whole(from: &Id, sent: &[Line], to: &Id, arrived: Option<&[Line]>) -> bool {
    let leaves: Money = sent.iter().filter(|x| &x.to == to).map(|x| x.amount).sum();
    let arrives = arrived.map(|xs| {
        xs.iter()
            .filter(|x| &x.from == from)
            .map(|x| x.amount)
            .sum::<Money>()
    });
    arrives == Some(leaves)
}

/// Discrepancies found so far, each in words.
struct Checks(Vec<String>);

impl Checks {
    /// Notes `what` unless `ok`.
    fn check(&mut self, ok: bool, what: String) {
        if !ok {
            self.0.push(what);
        }
    }
}

fn sum(xs: &[Amount]) -> Money {
    xs.iter().map(|a| a.amount).sum()
}

fn lines(xs: &[Line]) -> Money {
    xs.iter().map(|l| l.amount).sum()
}

/// Checks that the money reconciles exactly: what leaves every node is what reaches the next, and
/// the totals agree. Returns each discrepancy found (none on a correct result).
pub fn reconcile(f: &Funding) -> Vec<String> {
    let mut checks = Checks(Vec::new());
    commissioners(f, &mut checks);
    services(f, &mut checks);
    cohorts(f, &mut checks);
    earmarks(f, &mut checks);
    totals(f, &mut checks);
    // Origin by origin: the money entering at a funder is what its flows and holdings carry.
    if f.cycles.is_empty() {
        origins(f, &mut checks);
    }
    checks.0
}

/// Each commissioner's books balance, and what it sends arrives.
fn commissioners(f: &Funding, checks: &mut Checks) {
    for c in &f.commissioners {
        checks.check(
            c.received + c.own == c.spend_on_services + c.passed_on + c.unspent,
            format!(
                "{}: received {} + own {} ≠ to services {} + passed on {} + unspent {}",
                c.id, c.received.0, c.own.0, c.spend_on_services.0, c.passed_on.0, c.unspent.0
            ),
        );
        checks.check(
            lines(&c.received_from) == c.received,
            format!("{}: received lines", c.id),
        );
        checks.check(
            lines(&c.passed_to) == c.passed_on,
            format!("{}: passed-on lines", c.id),
        );
        checks.check(
            lines(&c.services) == c.spend_on_services,
            format!("{}: service lines", c.id),
        );
        checks.check(
            sum(&c.unspent_origins) == c.unspent,
            format!("{}: unspent origins", c.id),
        );
        for l in c
            .received_from
            .iter()
            .chain(&c.passed_to)
            .chain(&c.services)
        {
            checks.check(
                sum(&l.origins) == l.amount,
                format!(
                    "{} → {}: origins {} ≠ {}",
                    l.from,
                    l.to,
                    sum(&l.origins).0,
                    l.amount.0
                ),
            );
        }
        checks.check(
            c.by_stage.iter().map(|p| p.amount).sum::<Money>() == c.spend_on_services,
            format!("{}: spend by stage", c.id),
        );
        checks.check(
            c.by_evidence.iter().map(|p| p.amount).sum::<Money>() == c.spend_on_services,
            format!("{}: spend by evidence", c.id),
        );
        // What leaves a commissioner reaches the next node, line for line.
        for l in &c.passed_to {
            let next = f.commissioners.iter().find(|r| r.id == l.to);
            checks.check(
                arrives_whole(
                    &c.id,
                    &c.passed_to,
                    &l.to,
                    next.map(|r| r.received_from.as_slice()),
                ),
                format!("{} → {}: sent ≠ received", c.id, l.to),
            );
        }
        for l in &c.services {
            let next = f.services.iter().find(|s| s.id == l.to);
            checks.check(
                arrives_whole(
                    &c.id,
                    &c.services,
                    &l.to,
                    next.map(|s| s.funders.as_slice()),
                ),
                format!("{} → {}: paid ≠ received", c.id, l.to),
            );
        }
    }
}

/// Each service's money is its lines', and reaches its cohorts.
fn services(f: &Funding, checks: &mut Checks) {
    for s in &f.services {
        checks.check(
            lines(&s.funders) == s.spend,
            format!("{}: funding lines", s.id),
        );
        checks.check(sum(&s.origins) == s.spend, format!("{}: origins", s.id));
        let to_cohorts: Money = s.cohorts.iter().map(|c| c.amount).sum();
        checks.check(
            to_cohorts + s.reaches_no_cohort == s.spend,
            format!(
                "{}: to cohorts {} + to no cohort {} ≠ spend {}",
                s.id, to_cohorts.0, s.reaches_no_cohort.0, s.spend.0
            ),
        );
        for c in &s.cohorts {
            checks.check(
                c.stages.iter().map(|st| st.amount).sum::<Money>() + c.not_employment == c.amount,
                format!("{} → {}: stages + not employment support", s.id, c.cohort),
            );
            let arrives: Money = f
                .cohorts
                .iter()
                .find(|x| x.id == c.cohort)
                .map(|x| {
                    x.services
                        .iter()
                        .filter(|a| a.id == s.id)
                        .map(|a| a.amount)
                        .sum()
                })
                .unwrap_or_default();
            checks.check(
                arrives == c.amount,
                format!("{} → {}: sent ≠ received", s.id, c.cohort),
            );
        }
    }
}

/// Each cohort's money adds up by stage, service, payer and origin.
fn cohorts(f: &Funding, checks: &mut Checks) {
    for c in &f.cohorts {
        let by_stage: Money = c.stages.iter().map(|s| s.amount).sum();
        let beyond = &c.not_employment;
        checks.check(
            by_stage + beyond.amount == c.total,
            format!("{}: stages + not employment support", c.id),
        );
        for (list, what) in [
            (&beyond.services, "services"),
            (&beyond.payers, "payers"),
            (&beyond.origins, "origins"),
        ] {
            checks.check(
                sum(list) == beyond.amount,
                format!("{} not employment support: {what}", c.id),
            );
        }
        checks.check(sum(&c.services) == c.total, format!("{}: services", c.id));
        checks.check(sum(&c.origins) == c.total, format!("{}: origins", c.id));
        for s in &c.stages {
            checks.check(
                sum(&s.services) == s.amount,
                format!("{} {}: services", c.id, s.stage),
            );
            checks.check(
                sum(&s.payers) == s.amount,
                format!("{} {}: payers", c.id, s.stage),
            );
            checks.check(
                sum(&s.origins) == s.amount,
                format!("{} {}: origins", c.id, s.stage),
            );
        }
    }
}

/// Earmarked money reaches only the services it is for, never more than the commissioner pays
/// them, and what it cannot reach is among the commissioner's money not spent on the map.
fn earmarks(f: &Funding, checks: &mut Checks) {
    for c in &f.commissioners {
        for e in &c.earmarks {
            checks.check(
                sum(&e.reaches) + e.unspent == e.amount,
                format!("{}: money earmarked by {} does not add up", c.id, e.from),
            );
            for r in &e.reaches {
                checks.check(
                    e.services.contains(&r.id),
                    format!("{}: money earmarked by {} reaches {}", c.id, e.from, r.id),
                );
            }
        }
        let unspent: Money = c.earmarks.iter().map(|e| e.unspent).sum();
        checks.check(
            unspent <= c.unspent,
            format!(
                "{}: earmarked money not spent exceeds money not spent",
                c.id
            ),
        );
        for l in &c.services {
            let reaching: Money = c
                .earmarks
                .iter()
                .flat_map(|e| &e.reaches)
                .filter(|r| r.id == l.to)
                .map(|r| r.amount)
                .sum();
            let paid: Money = c
                .services
                .iter()
                .filter(|x| x.to == l.to)
                .map(|x| x.amount)
                .sum();
            checks.check(
                reaching <= paid,
                format!(
                    "{} → {}: earmarked {} > paid {}",
                    c.id, l.to, reaching.0, paid.0
                ),
            );
        }
    }
    for s in &f.services {
        let reaching: Money = f
            .commissioners
            .iter()
            .flat_map(|c| &c.earmarks)
            .flat_map(|e| &e.reaches)
            .filter(|r| r.id == s.id)
            .map(|r| r.amount)
            .sum();
        checks.check(
            reaching == s.earmarked,
            format!(
                "{}: earmarked {} ≠ reaching it {}",
                s.id, s.earmarked.0, reaching.0
            ),
        );
    }
}

/// The totals agree with the sums of the views.
fn totals(f: &Funding, checks: &mut Checks) {
    let t = &f.totals;
    let own: Money = f.commissioners.iter().map(|c| c.own).sum();
    checks.check(own == t.entering, "entering ≠ Σ own".into());
    checks.check(
        t.entering == t.to_services + t.unspent,
        format!(
            "entering {} ≠ to services {} + unspent {}",
            t.entering.0, t.to_services.0, t.unspent.0
        ),
    );
    checks.check(
        t.to_services == t.to_cohorts + t.reaches_no_cohort,
        format!(
            "to services {} ≠ to cohorts {} + to no cohort {}",
            t.to_services.0, t.to_cohorts.0, t.reaches_no_cohort.0
        ),
    );
    checks.check(
        f.services.iter().map(|s| s.spend).sum::<Money>() == t.to_services,
        "Σ service spend ≠ to services".into(),
    );
    checks.check(
        f.flows.iter().map(|x| x.amount).sum::<Money>() == t.to_services,
        "Σ flows ≠ to services".into(),
    );
    checks.check(
        f.stages.iter().map(|s| s.amount).sum::<Money>() + f.not_employment.amount == t.to_cohorts,
        "Σ stages + not employment support ≠ to cohorts".into(),
    );
    checks.check(
        f.not_employment.amount
            == f.cohorts
                .iter()
                .map(|c| c.not_employment.amount)
                .sum::<Money>(),
        "not employment support ≠ Σ cohorts' not employment support".into(),
    );
    checks.check(
        f.evidence.iter().map(|e| e.spend).sum::<Money>() == t.to_services,
        "Σ evidence ≠ to services".into(),
    );
}

/// The money entering at each funder is what its flows and holdings carry.
fn origins(f: &Funding, checks: &mut Checks) {
    for c in &f.commissioners {
        let carried: Money = f
            .flows
            .iter()
            .filter(|x| f.origin(x) == &c.id)
            .map(|x| x.amount)
            .sum::<Money>()
            + f.commissioners
                .iter()
                .flat_map(|h| &h.unspent_origins)
                .filter(|a| a.id == c.id)
                .map(|a| a.amount)
                .sum();
        checks.check(
            carried == c.own,
            format!("{}: own money {} ≠ carried {}", c.id, c.own.0, carried.0),
        );
        checks.check(
            sum(&c.own_money_reaches)
                + f.commissioners
                    .iter()
                    .flat_map(|h| &h.unspent_origins)
                    .filter(|a| a.id == c.id)
                    .map(|a| a.amount)
                    .sum()
                == c.own,
            format!("{}: own money reaches", c.id),
        );
    }
}
