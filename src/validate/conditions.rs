//! Eligibility conditions: raw → model, rule references resolved, cycles between rules found.

use indexmap::{IndexMap, IndexSet};

use super::{Context, Kind};
use crate::diag::{Code, Diagnostic, Span};
use crate::load::FileId;
use crate::model::{AttrValue, Condition, Id};
use crate::raw::{RawCondition, RawTerm, RawValue, Spanned};

/// Converts a condition, resolving `rule:` references and recording them in `uses`.
pub(super) fn condition(
    cx: &mut Context,
    file: FileId,
    raw: &RawCondition,
    uses: &mut Vec<(Id, Span)>,
) -> Condition {
    let mut terms = Vec::new();
    for term in &raw.terms {
        let c = match term {
            RawTerm::Attribute { name, value } => Condition::Attribute {
                name: name.value.clone(),
                value: attr_value(cx, file, value, &name.value),
            },
            RawTerm::All { conditions, .. } => Condition::All(
                conditions
                    .iter()
                    .map(|c| condition(cx, file, &c.value, uses))
                    .collect(),
            ),
            RawTerm::Any { conditions, .. } => Condition::Any(
                conditions
                    .iter()
                    .map(|c| condition(cx, file, &c.value, uses))
                    .collect(),
            ),
            RawTerm::Not {
                condition: inner, ..
            } => Condition::Not(Box::new(condition(cx, file, &inner.value, uses))),
            RawTerm::Rule { rule, .. } => match cx.resolve(file, rule, Kind::Rule, "`rule:`") {
                Some(id) => {
                    uses.push((id.clone(), cx.span(file, rule)));
                    Condition::Rule(id)
                }
                // Unresolved: an empty `all` holds, but the map has an error and is not analysed.
                None => Condition::All(Vec::new()),
            },
        };
        terms.push(c);
    }
    if terms.len() == 1 {
        terms.pop().unwrap_or(Condition::All(Vec::new()))
    } else {
        Condition::All(terms)
    }
}

/// Converts an attribute value, checking ranges.
pub(super) fn attr_value(
    cx: &mut Context,
    file: FileId,
    v: &Spanned<RawValue>,
    name: &str,
) -> AttrValue {
    match &v.value {
        RawValue::Word(w) => AttrValue::Words(vec![w.clone()]),
        RawValue::Words(ws) => AttrValue::Words(ws.clone()),
        RawValue::Number(n) => {
            // YAML reads `0x10` as 16: the number must be written in decimal.
            let span = cx.span(file, v);
            let written = cx.number_written(&span);
            if let Some(help) = crate::decimal::hint(written) {
                let d = Diagnostic::new(
                    Code::WrongType,
                    format!("`{written}` is not a decimal number"),
                )
                .at(span, "not written in decimal")
                .help(help);
                cx.push(d);
            }
            AttrValue::Number(*n)
        }
        RawValue::Range { min, max } => {
            if let (Some(a), Some(b)) = (min, max)
                && a > b
            {
                let d = Diagnostic::new(
                    Code::BadRange,
                    format!("the range of `{name}` runs from {a} down to {b}"),
                )
                .at(cx.span(file, v), "minimum above maximum")
                .help(format!("write it as {{ min: {b}, max: {a} }}"));
                cx.push(d);
            }
            AttrValue::Range {
                min: *min,
                max: *max,
            }
        }
    }
}

/// Finds every cycle among rules (`a` uses `b` uses `a`) and reports each once, at the reference
/// that closes it.
pub(super) fn report_cycles(cx: &mut Context, uses: &IndexMap<Id, Vec<(Id, Span)>>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks: IndexMap<&Id, Mark> = uses.keys().map(|k| (k, Mark::New)).collect();
    let mut reported: IndexSet<Vec<Id>> = IndexSet::new();

    fn visit<'a>(
        rule: &'a Id,
        uses: &'a IndexMap<Id, Vec<(Id, Span)>>,
        marks: &mut IndexMap<&'a Id, Mark>,
        path: &mut Vec<&'a Id>,
        found: &mut Vec<(Vec<Id>, Span)>,
    ) {
        marks.insert(rule, Mark::Open);
        path.push(rule);
        for (next, span) in uses.get(rule).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::Done) {
                Mark::Open => {
                    let start = path.iter().position(|r| *r == next).unwrap_or(0);
                    found.push((
                        path[start..].iter().map(|r| (*r).clone()).collect(),
                        span.clone(),
                    ));
                }
                Mark::New => visit(next, uses, marks, path, found),
                Mark::Done => {}
            }
        }
        path.pop();
        marks.insert(rule, Mark::Done);
    }

    let mut found = Vec::new();
    for rule in uses.keys() {
        if marks.get(rule) == Some(&Mark::New) {
            visit(rule, uses, &mut marks, &mut Vec::new(), &mut found);
        }
    }
    for (cycle, span) in found {
        // The same cycle found from another starting rule is reported once.
        let mut key = cycle.clone();
        key.sort();
        if !reported.insert(key) {
            continue;
        }
        let mut path: Vec<String> = cycle.iter().map(|r| format!("`{r}`")).collect();
        path.push(format!("`{}`", cycle[0]));
        let d = Diagnostic::new(Code::RuleCycle, format!("rule `{}` refers to itself: {}", cycle[0], path.join(" → ")))
            .at(span, "this reference closes the cycle")
            .help("a rule cannot depend on itself: write the shared terms into one rule that the others use");
        cx.push(d);
    }
}
