//! A service: its provider, stages, eligibility, referrals, capacity, funding and outcomes.

use indexmap::IndexMap;

use super::conditions;
use super::funding::funding_lines;
use super::stages::stage;
use super::text;
use super::usage::Usage;
use super::{Context, Kind};
use crate::diag::{Code, Diagnostic, Span};
use crate::load::FileId;
use crate::model::{
    Capacity, Condition, Eligibility, Id, KNOWN_MODELS, Outcomes, Referral, Service, Stage,
};
use crate::raw::*;

pub(super) fn service(
    cx: &mut Context,
    file: FileId,
    id: &Spanned<String>,
    raw: &RawService,
    stages: &IndexMap<Id, Stage>,
    used: &mut Usage,
) -> Service {
    let sid = Id(id.value.clone());
    let span = cx.span(file, id);
    let provider = raw
        .provider
        .as_ref()
        .and_then(|p| cx.resolve(file, p, Kind::Provider, "`provider:`"));
    if let Some(model) = &raw.model {
        cx.known_word(file, model, KNOWN_MODELS, Code::UnknownModel, "model");
    }
    let service_stages = raw
        .stages
        .iter()
        .filter_map(|s| stage(cx, file, s, stages))
        .collect();
    let eligibility = eligibility(cx, file, &raw.eligibility, used);
    let referral = referral(cx, file, &sid, &raw.referral);
    let capacity = capacity(cx, file, &raw.capacity);
    let fidelity = raw.fidelity.as_ref().and_then(|f| fidelity(cx, file, f));
    let outcomes = outcomes(cx, file, &raw.outcomes);
    let (funding, planned) = funding_lines(cx, file, &raw.funding, &sid.0, used);
    for line in &raw.funding {
        if let Some(e) = &line.value.earmark {
            let d = Diagnostic::new(
                Code::MisplacedEarmark,
                format!("`for:` on a funding line of the service `{sid}`"),
            )
            .at(
                cx.span(file, e),
                "only a commissioner's `funded_by` line can be earmarked",
            )
            .help(
                "money on a service's own funding line is for that service already: remove `for:`",
            );
            cx.push(d);
        }
    }
    let employment_share = raw
        .employment_share
        .as_ref()
        .and_then(|v| cx.share(file, v, &format!("the employment share of `{sid}`")));
    warn_unfunded(cx, &sid, &span, raw);
    Service {
        id: sid,
        name: raw.name.value.clone(),
        provider,
        model: raw
            .model
            .as_ref()
            .map_or_else(|| "other".to_owned(), |m| m.value.clone()),
        national: raw.national.as_ref().is_some_and(|n| n.value),
        stages: service_stages,
        eligibility,
        referral,
        capacity,
        fidelity,
        outcomes,
        employment_share,
        funding,
        planned,
        notes: text(&raw.notes),
        source: cx.source(file, &raw.source),
        span,
    }
}

/// An IPS fidelity score: written in decimal, on the scale's 25 to 125.
fn fidelity(cx: &mut Context, file: FileId, f: &Spanned<f64>) -> Option<f64> {
    if !cx.decimal(file, f) {
        None
    } else if (25.0..=125.0).contains(&f.value) {
        Some(f.value)
    } else {
        let d = Diagnostic::new(
            Code::FidelityOutOfRange,
            format!("a fidelity score of {} is outside the scale", f.value),
        )
        .at(cx.span(file, f), "not 25–125")
        .help("the IPS fidelity scale has 25 items scored 1–5: totals run from 25 to 125");
        cx.push(d);
        None
    }
}

/// Warns of a service with no funding, or only planned funding, unless it is a gateway.
fn warn_unfunded(cx: &mut Context, sid: &Id, span: &Span, raw: &RawService) {
    // Gateways (GP practices, clinical teams) offer only access or treatment: their clinical budgets
    // are not employment support, so a map may leave them unfunded without a warning.
    let gateway = raw
        .stages
        .iter()
        .all(|s| s.value == "access" || s.value == "treatment");
    let is_planned = |l: &Spanned<RawFundingLine>| {
        l.value
            .status
            .as_ref()
            .is_some_and(|s| s.value == "planned")
    };
    if raw.funding.is_empty() && !gateway {
        let d = Diagnostic::new(Code::UnfundedService, format!("the service `{sid}` has no funding"))
            .at(span.clone(), "no `funding`")
            .help("add `funding: [{ from: <commissioner>, amount: … }]`; or, if it is unpaid, ignore this warning");
        cx.push(d);
    } else if raw.funding.iter().all(is_planned) && !gateway {
        let d = Diagnostic::new(
            Code::UnfundedService,
            format!("the service `{sid}` has only planned funding"),
        )
        .at(span.clone(), "no funding awarded yet")
        .help("a planned line is not counted as spend: once the contract is awarded, give the line its `amount` and remove `status: planned`");
        cx.push(d);
    }
}

/// A service's `eligibility`: open, a rule, or a condition of its own; the rules used recorded.
fn eligibility(
    cx: &mut Context,
    file: FileId,
    eligibility: &Option<Spanned<RawEligibility>>,
    used: &mut Usage,
) -> Eligibility {
    match eligibility {
        None => Eligibility::Open,
        Some(e) => match &e.value {
            RawEligibility::Rule(r) => {
                let r = Spanned {
                    value: r.clone(),
                    referenced: e.referenced,
                    defined: e.defined,
                };
                match cx.resolve(file, &r, Kind::Rule, "`eligibility`") {
                    Some(rid) => {
                        used.rules.push(rid.clone());
                        Eligibility::Rule(rid)
                    }
                    None => Eligibility::Inline(Condition::All(Vec::new())),
                }
            }
            RawEligibility::Condition(c) => {
                let mut uses = Vec::new();
                let condition = conditions::condition(cx, file, c, &mut uses);
                used.rules.extend(uses.into_iter().map(|(r, _)| r));
                Eligibility::Inline(condition)
            }
        },
    }
}

/// A service's `referral`: whether people may refer themselves, and the services that refer.
fn referral(
    cx: &mut Context,
    file: FileId,
    sid: &Id,
    raw: &Option<Spanned<RawReferral>>,
) -> Referral {
    let mut referral = Referral::default();
    if let Some(r) = raw {
        referral.self_referral = r.value.self_referral.as_ref().is_some_and(|s| s.value);
        for from in &r.value.from {
            if from.value == sid.0 {
                let d = Diagnostic::new(Code::SelfReferral, format!("the service `{sid}` takes referrals from itself"))
                    .at(cx.span(file, from), "refers to itself")
                    .help("remove it from `referral.from`; for people who refer themselves, write `self: true`");
                cx.push(d);
                continue;
            }
            if let Some(s) = cx.resolve(file, from, Kind::Service, "`referral.from`") {
                referral.from.push(s);
            }
        }
    }
    referral
}

/// A service's `capacity`, its places a year added to the map's total.
fn capacity(cx: &mut Context, file: FileId, raw: &Option<Spanned<RawCapacity>>) -> Capacity {
    let mut capacity = Capacity::default();
    if let Some(c) = raw {
        capacity.people_per_year = c
            .value
            .people_per_year
            .as_ref()
            .and_then(|v| cx.count(file, v, "`capacity.people_per_year`"));
        if let (Some(places), Some(given)) = (capacity.people_per_year, &c.value.people_per_year) {
            cx.add_to_total(super::Total::Places, places.into(), cx.span(file, given));
        }
        capacity.wte = c
            .value
            .wte
            .as_ref()
            .and_then(|v| cx.wte(file, v, "`capacity.wte`"));
        capacity.caseload = cx.optional(file, &c.value.caseload, "`capacity.caseload`");
    }
    capacity
}

/// A service's `outcomes`.
fn outcomes(cx: &mut Context, file: FileId, raw: &Option<Spanned<RawOutcomes>>) -> Outcomes {
    let mut outcomes = Outcomes::default();
    if let Some(o) = raw {
        outcomes.people_supported = cx.optional(
            file,
            &o.value.people_supported,
            "`outcomes.people_supported`",
        );
        outcomes.out_of_work = cx.optional(file, &o.value.out_of_work, "`outcomes.out_of_work`");
        outcomes.job_starts = cx.optional(file, &o.value.job_starts, "`outcomes.job_starts`");
        outcomes.sustained_13_weeks = cx.optional(
            file,
            &o.value.sustained_13_weeks,
            "`outcomes.sustained_13_weeks`",
        );
        outcomes_agree(cx, file, &o.value, &outcomes);
    }
    outcomes
}

/// Each outcome counts people among those of the one before it: the people out of work at the
/// start are some of those supported; job starts are counted among those out of work at the start
/// (the job rate's people), or among those supported when that is not given; people still in work
/// after 13 weeks are some of those who started. A count above the one it is part of would make a
/// rate above 1, which no benchmark can be met or missed by: an error at the larger count.
fn outcomes_agree(cx: &mut Context, file: FileId, raw: &RawOutcomes, o: &Outcomes) {
    let pairs = [
        (
            ("out_of_work", raw.out_of_work.as_ref(), o.out_of_work),
            ("people_supported", o.people_supported),
            "the people out of work at the start are some of the people supported",
        ),
        (
            ("job_starts", raw.job_starts.as_ref(), o.job_starts),
            ("out_of_work", o.out_of_work),
            "job starts are counted among the people out of work at the start (the job rate's \
             people)",
        ),
        (
            ("job_starts", raw.job_starts.as_ref(), o.job_starts),
            (
                "people_supported",
                o.people_supported.filter(|_| o.out_of_work.is_none()),
            ),
            "job starts are counted among the people supported",
        ),
        (
            (
                "sustained_13_weeks",
                raw.sustained_13_weeks.as_ref(),
                o.sustained_13_weeks,
            ),
            ("job_starts", o.job_starts),
            "people still in work after 13 weeks are some of those who started work",
        ),
    ];
    for ((part, written, value), (whole, of), why) in pairs {
        let (Some(written), Some(value), Some(of)) = (written, value, of) else {
            continue;
        };
        if value > of {
            let d = Diagnostic::new(
                Code::ValueOutOfRange,
                format!("`outcomes.{part}` is {value}, more than `outcomes.{whole}` ({of}): {why}"),
            )
            .at(cx.span(file, written), format!("more than `{whole}`"))
            .help(format!(
                "check the two figures: they may be for different years or different people; \
                 `{part}` can be at most `{whole}`"
            ));
            cx.push(d);
        }
    }
}
