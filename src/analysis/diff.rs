//! What changed between two versions of one area's map: entities added, removed and changed (field
//! by field), funding lines added, removed and changed, and — from the gap and overlap analyses run
//! on each version — the gaps and overlaps that appeared, went away or changed.
//!
//! Entities are matched by id. Funding lines, counted and planned alike, are matched by receiver
//! and funder: the first line from a funder to a receiver in the old map with the first in the
//! new, the second with the second, and so on (counted lines before planned ones); a line that
//! went from counted to planned is changed, not removed. Amounts are each in their own version's
//! currency.
//!
//! Orders: added and changed entities in the new map's order, removed ones in the old map's;
//! fields in the order of the format; funding changes by receiver (services, then commissioners;
//! each in the new map's order, then those only in the old map in its order), then the new map's
//! lines, then removed lines; gaps as [`super::whatif::compare_gaps`] orders them; overlaps that
//! appeared in the new ranking's order, then those gone in the old ranking's order.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use super::capacity::Solutions;
use super::gaps::Gaps;
use super::overlap::{Overlap, Weighing};
use super::report::{Report, report_reusing};
use super::routes::Reach;
use super::whatif::{GapChange, compare_gaps, in_full};
use crate::graph::Ecosystem;
use crate::model::{
    Cohort, Commissioner, Condition, Contract, Eligibility, FundingLine, Id, Map, PlannedLine,
    Provider, Rule, Service,
};
use crate::money::Money;

/// One field of an entity, before and after, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field as written in the map: `capacity.people_per_year`, `needs.in-work`.
    pub field: String,
    pub before: String,
    pub after: String,
}

/// An entity, by id and name.
#[derive(Debug, Clone)]
pub struct Named {
    pub id: Id,
    pub name: String,
}

/// An entity whose fields changed.
#[derive(Debug, Clone)]
pub struct Changed {
    pub id: Id,
    pub name: String,
    pub fields: Vec<FieldChange>,
}

/// The entities of one kind that were added, removed or changed.
#[derive(Debug, Clone, Default)]
pub struct EntityChanges {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub changed: Vec<Changed>,
}

impl EntityChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// What happened to a funding line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineChange {
    Added,
    Removed,
    Changed,
}

/// Whether a funding line is counted as spend, or planned (`status: planned`: listed, never
/// counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStatus {
    Counted,
    Planned,
}

/// A funding line added, removed, or with a new amount, contract dates, earmark or status.
#[derive(Debug, Clone)]
pub struct FundingChange {
    /// The service or commissioner receiving the money.
    pub to: Id,
    /// `service` or `commissioner`.
    pub to_kind: &'static str,
    pub from: Id,
    pub change: LineChange,
    /// Per year; `None` where the line is not on that version, or is planned with no amount.
    pub amount_before: Option<Money>,
    pub amount_after: Option<Money>,
    pub contract_before: Option<Contract>,
    pub contract_after: Option<Contract>,
    /// The services the money is earmarked for (`for:`; empty when pooled); `None` where the line
    /// is not on that version.
    pub earmark_before: Option<Vec<Id>>,
    pub earmark_after: Option<Vec<Id>>,
    pub status_before: Option<LineStatus>,
    pub status_after: Option<LineStatus>,
}

impl FundingChange {
    /// After less before.
    pub fn difference(&self) -> Money {
        self.amount_after.unwrap_or(Money::ZERO) - self.amount_before.unwrap_or(Money::ZERO)
    }
}

/// Whether an overlap appeared or went away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverlapShift {
    Appeared,
    Gone,
}

/// An overlapping pair that is on one version only (as a concern, or as accepted).
#[derive(Debug, Clone)]
pub struct OverlapChange {
    pub services: [Id; 2],
    pub accepted: bool,
    pub shift: OverlapShift,
    /// Cohort-stages the pair shares (on the version where it is).
    pub shared: usize,
    pub people: f64,
    /// How the overlap analysis weighed it.
    pub reason: Weighing,
}

/// `ecomap diff`.
#[derive(Debug, Clone)]
pub struct Diff {
    pub old_area: String,
    pub new_area: String,
    /// The currency of the earlier version: its amounts are in it.
    pub old_currency: String,
    /// The currency of the later version.
    pub currency: String,
    pub area: Vec<FieldChange>,
    pub commissioners: EntityChanges,
    pub providers: EntityChanges,
    pub rules: EntityChanges,
    pub cohorts: EntityChanges,
    pub services: EntityChanges,
    pub funding: Vec<FundingChange>,
    /// Funding of all services per year on each version.
    pub spend_before: Money,
    pub spend_after: Money,
    pub gaps_before: usize,
    pub gaps_after: usize,
    pub gaps: Vec<GapChange>,
    pub overlap_concerns_before: usize,
    pub overlap_concerns_after: usize,
    pub overlaps: Vec<OverlapChange>,
}

impl Diff {
    /// Whether the two versions differ in anything this diff looks at.
    pub fn is_empty(&self) -> bool {
        self.area.is_empty()
            && self.commissioners.is_empty()
            && self.providers.is_empty()
            && self.rules.is_empty()
            && self.cohorts.is_empty()
            && self.services.is_empty()
            && self.funding.is_empty()
            && self.gaps.is_empty()
            && self.overlaps.is_empty()
    }
}

/// Compares two versions of a map. Each is analysed once; the parts of the sharing of places that
/// are the same on both (the same cohort-stages with the same needs and options, the same places)
/// are solved once, for the first.
pub fn diff(old: &Ecosystem, new: &Ecosystem) -> Diff {
    let (a, b) = (&old.map, &new.map);
    let known = Solutions::default();
    let ra = Analysed::of(old, &known);
    let rb = Analysed::of(new, &known);
    let mut gaps = compare_gaps(a, &ra.gaps, b, &rb.gaps);
    in_full(&mut gaps, (old, &ra.reach), (new, &rb.reach));
    Diff {
        old_area: a.area.name.clone(),
        new_area: b.area.name.clone(),
        old_currency: a.area.currency.clone(),
        currency: b.area.currency.clone(),
        area: area_fields(a, b),
        commissioners: entities(
            &a.commissioners,
            &b.commissioners,
            |c| &c.name,
            commissioner,
        ),
        providers: entities(&a.providers, &b.providers, |p| &p.name, provider),
        rules: entities(
            &a.rules,
            &b.rules,
            |r| r.description.as_deref().unwrap_or(""),
            rule,
        ),
        cohorts: entities(&a.cohorts, &b.cohorts, |c| &c.name, cohort),
        services: entities(&a.services, &b.services, |s| &s.name, service),
        funding: funding(a, b),
        spend_before: ra.spend,
        spend_after: rb.spend,
        gaps_before: ra.gaps.gaps.len(),
        gaps_after: rb.gaps.gaps.len(),
        gaps,
        overlap_concerns_before: ra.concerns,
        overlap_concerns_after: rb.concerns,
        overlaps: overlaps(&ra.overlaps, &rb.overlaps),
    }
}

/// What the diff compares of one version's analysis; the rest of its report is let go at once.
struct Analysed {
    spend: Money,
    /// With no blockers worked out: those of the gaps that changed are, once they are known.
    gaps: Gaps,
    concerns: usize,
    overlaps: Vec<Overlap>,
    reach: Reach,
}

impl Analysed {
    fn of(eco: &Ecosystem, known: &Solutions) -> Analysed {
        let (report, reach) = report_reusing(eco, known);
        let Report {
            key,
            gaps,
            overlaps,
            ..
        } = report;
        Analysed {
            spend: key.spend,
            gaps,
            concerns: overlaps.concerns,
            overlaps: overlaps.overlaps,
            reach,
        }
    }
}

fn entities<T>(
    old: &IndexMap<Id, T>,
    new: &IndexMap<Id, T>,
    name: fn(&T) -> &str,
    fields: fn(&T, &T) -> Vec<FieldChange>,
) -> EntityChanges {
    let mut out = EntityChanges::default();
    for (id, n) in new {
        match old.get(id) {
            None => out.added.push(Named {
                id: id.clone(),
                name: name(n).to_owned(),
            }),
            Some(o) => {
                let f = fields(o, n);
                if !f.is_empty() {
                    out.changed.push(Changed {
                        id: id.clone(),
                        name: name(n).to_owned(),
                        fields: f,
                    });
                }
            }
        }
    }
    for (id, o) in old {
        if !new.contains_key(id) {
            out.removed.push(Named {
                id: id.clone(),
                name: name(o).to_owned(),
            });
        }
    }
    out
}

/// Collects fields whose text differs.
#[derive(Default)]
struct Fields(Vec<FieldChange>);

impl Fields {
    fn cmp(&mut self, field: impl Into<String>, before: String, after: String) {
        if before != after {
            self.0.push(FieldChange {
                field: field.into(),
                before,
                after,
            });
        }
    }

    /// Each key of two keyed lists as a field of its own (`needs.in-work`): keys in the new
    /// order, then keys only in the old.
    fn keyed(&mut self, prefix: &str, before: &[(String, String)], after: &[(String, String)]) {
        let get = |list: &[(String, String)], k: &str| {
            list.iter()
                .find(|(x, _)| x == k)
                .map_or_else(|| NONE.to_owned(), |(_, v)| v.clone())
        };
        let mut keys: Vec<&str> = after.iter().map(|(k, _)| k.as_str()).collect();
        for (k, _) in before {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
        for k in keys {
            self.cmp(format!("{prefix}.{k}"), get(before, k), get(after, k));
        }
    }
}

/// A missing value.
const NONE: &str = "–";

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| NONE.to_owned(), |v| v.to_string())
}

fn list(ids: &[Id]) -> String {
    if ids.is_empty() {
        return NONE.to_owned();
    }
    ids.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")
}

fn area_fields(a: &Map, b: &Map) -> Vec<FieldChange> {
    let (x, y) = (&a.area, &b.area);
    let mut f = Fields::default();
    f.cmp("id", x.id.to_string(), y.id.to_string());
    f.cmp("name", x.name.clone(), y.name.clone());
    f.cmp("period", opt(x.period.clone()), opt(y.period.clone()));
    f.cmp("currency", x.currency.clone(), y.currency.clone());
    f.cmp(
        "illustrative",
        x.illustrative.to_string(),
        y.illustrative.to_string(),
    );
    f.cmp("population", opt(x.population), opt(y.population));
    f.cmp(
        "working_age_population",
        opt(x.working_age_population),
        opt(y.working_age_population),
    );
    let figures = |m: &Map| -> Vec<(String, String)> {
        m.area
            .figures
            .iter()
            .map(|(k, v)| (k.clone(), v.value.to_string()))
            .collect()
    };
    f.keyed("figures", &figures(a), &figures(b));
    let benchmarks = |m: &Map| -> Vec<(String, String)> {
        (m.benchmarks.iter())
            .map(|(k, o)| (k.clone(), o.value.to_string()))
            .collect()
    };
    f.keyed("benchmarks", &benchmarks(a), &benchmarks(b));
    f.0
}

fn commissioner(a: &Commissioner, b: &Commissioner) -> Vec<FieldChange> {
    let mut f = Fields::default();
    f.cmp("name", a.name.clone(), b.name.clone());
    f.cmp("kind", a.kind.clone(), b.kind.clone());
    f.cmp(
        "identifiers",
        a.identifiers.join(", "),
        b.identifiers.join(", "),
    );
    f.0
}

fn provider(a: &Provider, b: &Provider) -> Vec<FieldChange> {
    let mut f = Fields::default();
    f.cmp("name", a.name.clone(), b.name.clone());
    f.cmp("sector", a.sector.clone(), b.sector.clone());
    f.0
}

fn rule(a: &Rule, b: &Rule) -> Vec<FieldChange> {
    let mut f = Fields::default();
    f.cmp(
        "description",
        opt(a.description.clone()),
        opt(b.description.clone()),
    );
    f.cmp(
        "condition",
        condition_words(&a.condition),
        condition_words(&b.condition),
    );
    f.0
}

fn cohort(a: &Cohort, b: &Cohort) -> Vec<FieldChange> {
    let mut f = Fields::default();
    f.cmp("name", a.name.clone(), b.name.clone());
    f.cmp("size", a.size.to_string(), b.size.to_string());
    let attributes = |c: &Cohort| -> Vec<(String, String)> {
        c.attributes
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect()
    };
    f.keyed("attributes", &attributes(a), &attributes(b));
    let needs = |c: &Cohort| -> Vec<(String, String)> {
        c.needs
            .iter()
            .map(|(k, v)| (k.to_string(), v.get().to_string()))
            .collect()
    };
    f.keyed("needs", &needs(a), &needs(b));
    f.cmp("enters_via", list(&a.enters_via), list(&b.enters_via));
    let after_start = |c: &Cohort| -> Vec<(String, String)> {
        c.after_start
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect()
    };
    f.keyed("after_start", &after_start(a), &after_start(b));
    f.0
}

fn service(a: &Service, b: &Service) -> Vec<FieldChange> {
    let mut f = Fields::default();
    f.cmp("name", a.name.clone(), b.name.clone());
    f.cmp("provider", opt(a.provider.clone()), opt(b.provider.clone()));
    f.cmp("model", a.model.clone(), b.model.clone());
    f.cmp("national", a.national.to_string(), b.national.to_string());
    f.cmp("stages", list(&a.stages), list(&b.stages));
    f.cmp(
        "eligibility",
        eligibility_words(&a.eligibility),
        eligibility_words(&b.eligibility),
    );
    f.cmp(
        "referral.self",
        a.referral.self_referral.to_string(),
        b.referral.self_referral.to_string(),
    );
    f.cmp(
        "referral.from",
        list(&a.referral.from),
        list(&b.referral.from),
    );
    let (x, y) = (&a.capacity, &b.capacity);
    f.cmp(
        "capacity.people_per_year",
        opt(x.people_per_year),
        opt(y.people_per_year),
    );
    f.cmp("capacity.wte", opt(x.wte), opt(y.wte));
    f.cmp("capacity.caseload", opt(x.caseload), opt(y.caseload));
    f.cmp("fidelity", opt(a.fidelity), opt(b.fidelity));
    f.cmp(
        "employment_share",
        opt(a.employment_share.map(|s| s.get())),
        opt(b.employment_share.map(|s| s.get())),
    );
    let (x, y) = (&a.outcomes, &b.outcomes);
    f.cmp(
        "outcomes.people_supported",
        opt(x.people_supported),
        opt(y.people_supported),
    );
    f.cmp(
        "outcomes.out_of_work",
        opt(x.out_of_work),
        opt(y.out_of_work),
    );
    f.cmp("outcomes.job_starts", opt(x.job_starts), opt(y.job_starts));
    f.cmp(
        "outcomes.sustained_13_weeks",
        opt(x.sustained_13_weeks),
        opt(y.sustained_13_weeks),
    );
    f.0
}

/// A service's eligibility in words: `open to all`, `rule claimant`, or the condition.
pub fn eligibility_words(e: &Eligibility) -> String {
    match e {
        Eligibility::Open => "open to all".to_owned(),
        Eligibility::Rule(r) => format!("rule {r}"),
        Eligibility::Inline(c) => condition_words(c),
    }
}

/// A condition in words, compactly: `care: secondary`, `all(age: 16–24; not(benefit: jsa))`.
pub fn condition_words(c: &Condition) -> String {
    let many = |cs: &[Condition]| {
        cs.iter()
            .map(condition_words)
            .collect::<Vec<_>>()
            .join("; ")
    };
    match c {
        Condition::Attribute { name, value } => format!("{name}: {value}"),
        Condition::All(cs) => format!("all({})", many(cs)),
        Condition::Any(cs) => format!("any({})", many(cs)),
        Condition::Not(c) => format!("not({})", condition_words(c)),
        Condition::Rule(r) => format!("rule {r}"),
    }
}

/// A funding line as the diff compares it: counted or planned alike.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    from: Id,
    amount: Option<Money>,
    earmark: Vec<Id>,
    contract: Contract,
    status: LineStatus,
}

impl Line {
    fn counted(l: &FundingLine) -> Line {
        Line {
            from: l.from.clone(),
            amount: Some(l.amount),
            earmark: l.earmark.clone(),
            contract: l.contract,
            status: LineStatus::Counted,
        }
    }

    fn planned(l: &PlannedLine) -> Line {
        Line {
            from: l.from.clone(),
            amount: l.amount,
            earmark: l.earmark.clone(),
            contract: l.contract,
            status: LineStatus::Planned,
        }
    }
}

/// A receiver's lines: counted, then planned, each in map order.
fn all_lines(counted: &[FundingLine], planned: &[PlannedLine]) -> Vec<Line> {
    (counted.iter().map(Line::counted))
        .chain(planned.iter().map(Line::planned))
        .collect()
}

/// Funding lines to services, then to commissioners.
fn funding(a: &Map, b: &Map) -> Vec<FundingChange> {
    let mut out = Vec::new();
    let services = |m: &Map| -> Vec<(Id, Vec<Line>)> {
        m.services
            .values()
            .map(|s| (s.id.clone(), all_lines(&s.funding, &s.planned)))
            .collect()
    };
    let commissioners = |m: &Map| -> Vec<(Id, Vec<Line>)> {
        m.commissioners
            .values()
            .map(|c| (c.id.clone(), all_lines(&c.funded_by, &c.planned)))
            .collect()
    };
    receivers(&services(a), &services(b), "service", &mut out);
    receivers(
        &commissioners(a),
        &commissioners(b),
        "commissioner",
        &mut out,
    );
    out
}

fn receivers(
    old: &[(Id, Vec<Line>)],
    new: &[(Id, Vec<Line>)],
    kind: &'static str,
    out: &mut Vec<FundingChange>,
) {
    let (in_old, in_new) = (first_of_each(old), first_of_each(new));
    let mut order: Vec<&Id> = new.iter().map(|(id, _)| id).collect();
    let mut seen: BTreeSet<&Id> = order.iter().copied().collect();
    for (id, _) in old {
        if seen.insert(id) {
            order.push(id);
        }
    }
    for id in order {
        let before = lines_of(old, &in_old, id);
        let after = lines_of(new, &in_new, id);
        lines(id, kind, before, after, out);
    }
}

/// Where each id's first entry is, as a search from the front finds it.
fn first_of_each(list: &[(Id, Vec<Line>)]) -> BTreeMap<&Id, usize> {
    let mut at: BTreeMap<&Id, usize> = BTreeMap::new();
    for (i, (id, _)) in list.iter().enumerate() {
        at.entry(id).or_insert(i);
    }
    at
}

/// The lines of an id's first entry; none if it has none.
fn lines_of<'a>(list: &'a [(Id, Vec<Line>)], at: &BTreeMap<&Id, usize>, id: &Id) -> &'a [Line] {
    at.get(id).map_or(&[], |&i| list[i].1.as_slice())
}

/// The k-th line from a funder, among `lines`.
fn nth_from(lines: &[Line], from: &Id, k: usize) -> Option<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| &l.from == from)
        .nth(k)
        .map(|(i, _)| i)
}

/// A receiver's lines compared: the k-th line from a funder on one version is the k-th from it on
/// the other (counted lines before planned ones), changed if its amount, contract, earmark or
/// status differs.
fn lines(
    to: &Id,
    kind: &'static str,
    before: &[Line],
    after: &[Line],
    out: &mut Vec<FundingChange>,
) {
    let change = |from: &Id, change, old: Option<&Line>, new: Option<&Line>| FundingChange {
        to: to.clone(),
        to_kind: kind,
        from: from.clone(),
        change,
        amount_before: old.and_then(|o| o.amount),
        amount_after: new.and_then(|n| n.amount),
        contract_before: old.map(|o| o.contract),
        contract_after: new.map(|n| n.contract),
        earmark_before: old.map(|o| o.earmark.clone()),
        earmark_after: new.map(|n| n.earmark.clone()),
        status_before: old.map(|o| o.status),
        status_after: new.map(|n| n.status),
    };
    let mut matched = vec![false; before.len()];
    for (i, l) in after.iter().enumerate() {
        let k = after[..i].iter().filter(|x| x.from == l.from).count();
        match nth_from(before, &l.from, k) {
            Some(j) => {
                matched[j] = true;
                if before[j] != *l {
                    out.push(change(
                        &l.from,
                        LineChange::Changed,
                        Some(&before[j]),
                        Some(l),
                    ));
                }
            }
            None => out.push(change(&l.from, LineChange::Added, None, Some(l))),
        }
    }
    for (o, _) in before.iter().zip(&matched).filter(|(_, m)| !**m) {
        out.push(change(&o.from, LineChange::Removed, Some(o), None));
    }
}

/// An overlap as matched between versions: its pair, and whether it is accepted.
fn overlap_key(o: &Overlap) -> (&Id, &Id, bool) {
    (&o.services[0], &o.services[1], o.accepted)
}

fn overlaps(old: &[Overlap], new: &[Overlap]) -> Vec<OverlapChange> {
    let in_old: BTreeSet<_> = old.iter().map(overlap_key).collect();
    let in_new: BTreeSet<_> = new.iter().map(overlap_key).collect();
    let change = |o: &Overlap, shift| OverlapChange {
        services: o.services.clone(),
        accepted: o.accepted,
        shift,
        shared: o.shared.len(),
        people: o.people,
        reason: o.reason.clone(),
    };
    let mut out: Vec<OverlapChange> = new
        .iter()
        .filter(|o| !in_old.contains(&overlap_key(o)))
        .map(|o| change(o, OverlapShift::Appeared))
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !in_new.contains(&overlap_key(o)))
            .map(|o| change(o, OverlapShift::Gone)),
    );
    out
}
