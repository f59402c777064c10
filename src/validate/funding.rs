//! Funding lines (`funding`, `funded_by`): counted or planned, their amounts, contracts and
//! earmarks, and money earmarked for services that the receiving commissioner must fund.

use indexmap::IndexMap;

use super::usage::Usage;
use super::{Context, Kind};
use crate::diag::{Code, Diagnostic};
use crate::load::FileId;
use crate::model::{Commissioner, Contract, FundingLine, Id, PlannedLine, Service};
use crate::raw::*;

/// The lines of a `funding` or `funded_by` list: those counted as spend, and those planned.
pub(super) fn funding_lines(
    cx: &mut Context,
    file: FileId,
    raw: &[Spanned<RawFundingLine>],
    owner: &str,
    used: &mut Usage,
) -> (Vec<FundingLine>, Vec<PlannedLine>) {
    let (mut counted, mut planned) = (Vec::new(), Vec::new());
    for line in raw {
        match funding_line(cx, file, line, owner, used) {
            Some(Line::Counted(l)) => counted.push(l),
            Some(Line::Planned(l)) => planned.push(l),
            None => {}
        }
    }
    (counted, planned)
}

/// A funding line as validated.
pub(super) enum Line {
    Counted(FundingLine),
    /// `status: planned`: listed, never counted.
    Planned(PlannedLine),
}

pub(super) fn funding_line(
    cx: &mut Context,
    file: FileId,
    raw: &Spanned<RawFundingLine>,
    owner: &str,
    used: &mut Usage,
) -> Option<Line> {
    let line = &raw.value;
    let from = cx.resolve(file, &line.from, Kind::Commissioner, "`from:`");
    let planned = line
        .status
        .as_ref()
        .is_some_and(|status| planned_status(cx, file, status));
    check_amount(cx, file, line, owner);
    // A misspelt `status` is reported above; the missing amount follows from it.
    if line.amount.is_none() && line.status.is_none() {
        let d = Diagnostic::new(Code::MissingKey, "missing key `amount`")
            .at(cx.span(file, raw), "this funding line has no `amount`")
            .help("add `amount: …`; for a contract not yet awarded, whose amount is not known, write `status: planned` instead");
        cx.push(d);
    }
    if from.as_ref().is_some_and(|f| f.as_str() == owner) {
        let d = Diagnostic::new(Code::SelfFunding, format!("`{owner}` cannot fund itself"))
            .at(cx.span(file, &line.from), "funds itself")
            .help("name the commissioner the money comes from");
        cx.push(d);
        return None;
    }
    let contract = line
        .contract
        .as_ref()
        .map_or_else(Contract::default, |c| contract(cx, file, c));
    let source = cx.source(file, &line.source);
    cx.want_source(cx.span(file, raw), "this funding line", source.is_some());
    let earmark = line.earmark.as_ref().map_or_else(Vec::new, |e| {
        e.value
            .iter()
            .filter_map(|s| cx.resolve(file, s, Kind::Service, "`for:`"))
            .collect()
    });
    let from = from?;
    used.funders.push(from.clone());
    let amount = line.amount.as_ref().map(|a| crate::money::Money(a.value.0));
    if planned {
        return Some(Line::Planned(PlannedLine {
            from,
            amount,
            earmark,
            contract,
            source,
            span: cx.span(file, raw),
        }));
    }
    Some(Line::Counted(FundingLine {
        from,
        amount: amount?,
        earmark,
        earmark_span: line.earmark.as_ref().map(|e| cx.span(file, e)),
        contract,
        source,
        span: cx.span(file, raw),
    }))
}

/// An amount's checks: within range (and counted towards the map's total), not below zero.
fn check_amount(cx: &mut Context, file: FileId, line: &RawFundingLine, owner: &str) {
    if let Some(amount) = &line.amount {
        let minor = amount.value.0;
        if i128::from(minor) > crate::decimal::MAX_MINOR_UNITS {
            let d = Diagnostic::new(
                Code::ValueOutOfRange,
                format!(
                    "the amount from `{}` to `{owner}` is beyond the £10,000,000,000,000,000 (10^16) a year a funding line may be",
                    line.from.value
                ),
            )
            .at(cx.span(file, amount), "out of range")
            .help("check the amount: it is money paid per year, in the map's currency, from 0 to 10,000,000,000,000,000 (10^16) a year");
            cx.push(d);
        } else if minor > 0 {
            cx.add_to_total(
                super::Total::Money,
                minor.unsigned_abs().into(),
                cx.span(file, amount),
            );
        }
    }
    if let Some(amount) = &line.amount
        && amount.value.0 < 0
    {
        let d = Diagnostic::new(
            Code::NegativeValue,
            format!(
                "the amount from `{}` to `{owner}` is below zero",
                line.from.value
            ),
        )
        .at(cx.span(file, amount), "negative amount")
        .help("amounts are money paid per year: write zero or more");
        cx.push(d);
    }
}

/// A line's contract dates, the end not before the start.
fn contract(cx: &mut Context, file: FileId, c: &Spanned<RawContract>) -> Contract {
    let contract = Contract {
        start: c.value.start.as_ref().and_then(|d| cx.date(file, d)),
        end: c.value.end.as_ref().and_then(|d| cx.date(file, d)),
    };
    if let (Some(start), Some(end), Some(end_raw)) = (contract.start, contract.end, &c.value.end)
        && end < start
    {
        let d = Diagnostic::new(
            Code::ContractEndsBeforeStart,
            format!("the contract ends on {end}, before it starts on {start}"),
        )
        .at(cx.span(file, end_raw), "ends before it starts")
        .help("swap the dates, or correct the year");
        cx.push(d);
    }
    contract
}

/// Whether a line's `status` is `planned`; any other word is reported.
pub(super) fn planned_status(cx: &mut Context, file: FileId, status: &Spanned<String>) -> bool {
    if status.value == "planned" {
        return true;
    }
    let d = Diagnostic::new(
        Code::WrongType,
        format!("`{}` is not a status of a funding line", status.value),
    )
    .at(cx.span(file, status), "not `planned`")
    .help("write `status: planned` for a contract not yet awarded (listed, not counted as spend), or remove `status` for money being paid");
    cx.push(d);
    false
}

/// Money passed on `for:` named services must reach them through the receiving commissioner: each
/// named service has a funding line from it.
pub(super) fn check_earmarks(
    cx: &mut Context,
    commissioners: &IndexMap<Id, Commissioner>,
    services: &IndexMap<Id, Service>,
) {
    for c in commissioners.values() {
        for line in &c.funded_by {
            for s in &line.earmark {
                let Some(service) = services.get(s) else {
                    continue;
                };
                if service.funding.iter().any(|f| f.from == c.id) {
                    continue;
                }
                let funders: Vec<&str> = service.funding.iter().map(|f| f.from.as_str()).collect();
                let d = Diagnostic::new(
                    Code::EarmarkNotFunded,
                    format!(
                        "money from `{}` to `{}` is earmarked for `{s}`, which `{}` does not fund",
                        line.from, c.id, c.id
                    ),
                )
                .at(
                    line.earmark_span.clone().unwrap_or_else(|| line.span.clone()),
                    format!("`{}` does not fund `{s}`", c.id),
                )
                .also(service.span.clone(), format!("`{s}` is defined here"))
                .help(if funders.is_empty() {
                    format!("add `funding: [{{ from: {}, amount: … }}]` to `{s}`, or remove `{s}` from `for:`", c.id)
                } else {
                    format!(
                        "`{s}` is funded by {}: add a funding line from `{}` to it, or earmark the money through its funder",
                        funders.join(", "),
                        c.id
                    )
                });
                cx.push(d);
            }
        }
    }
}
