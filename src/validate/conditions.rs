//! Eligibility conditions: raw → model, rule references resolved, cycles between rules found.

use indexmap::{IndexMap, IndexSet};

use super::{Context, Kind};
use crate::diag::{Code, Diagnostic, Span};
use crate::load::FileId;
use crate::model::{AttrValue, Condition, Id, Rule};
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
            RawTerm::Attribute { name, value } => {
                let span = cx.span(file, value);
                let value = attr_value(cx, file, value, &name.value);
                if let AttrValue::Words(words) = &value {
                    cx.words.test(&name.value, words, span);
                }
                Condition::Attribute {
                    name: name.value.clone(),
                    value,
                }
            }
            RawTerm::All { key, conditions } => {
                Condition::All(list(cx, file, key, conditions, uses, "all", "everyone"))
            }
            RawTerm::Any { key, conditions } => {
                Condition::Any(list(cx, file, key, conditions, uses, "any", "no one"))
            }
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

/// The conditions of an `all:` or `any:` list (`word`), converted; an empty list is an error, as
/// it holds for `holds_for` whatever the cohort.
fn list(
    cx: &mut Context,
    file: FileId,
    key: &Spanned<String>,
    conditions: &[Spanned<RawCondition>],
    uses: &mut Vec<(Id, Span)>,
    word: &str,
    holds_for: &str,
) -> Vec<Condition> {
    if conditions.is_empty() {
        cx.push(empty(cx.span(file, key), word, holds_for));
    }
    conditions
        .iter()
        .map(|c| condition(cx, file, &c.value, uses))
        .collect()
}

/// The diagnostic for `all: []` or `any: []`: a list of no conditions, which holds for
/// `holds_for` (everyone, or no one) whatever the cohort, almost surely not what was meant.
fn empty(span: Span, key: &str, holds_for: &str) -> Diagnostic {
    Diagnostic::new(
        Code::EmptyCondition,
        format!("`{key}:` lists no conditions, so it holds for {holds_for}"),
    )
    .at(span, "no conditions under it")
    .help(format!(
        "list the conditions under it, as `{key}: [{{ care: secondary }}, {{ age: {{ min: 18 }} }}]`, \
         or remove it"
    ))
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
            // YAML reads `.nan` and `.inf` as numbers: a range of neither means nothing.
            if let Some(bad) = [min, max].into_iter().flatten().find(|n| !n.is_finite()) {
                let d = Diagnostic::new(
                    Code::WrongType,
                    format!("the range of `{name}` has a bound that is not a number: {bad}"),
                )
                .at(cx.span(file, v), "not a decimal number")
                .help("write each bound as a decimal number, such as { min: 16, max: 24 }, or leave it out for no bound on that side");
                cx.push(d);
            }
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
/// that closes it. The search keeps its own stack, so a chain of thousands of rules is followed
/// to its end, never past the end of the program's.
pub(super) fn report_cycles(cx: &mut Context, uses: &IndexMap<Id, Vec<(Id, Span)>>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks: IndexMap<&Id, Mark> = uses.keys().map(|k| (k, Mark::New)).collect();
    let mut reported: IndexSet<Vec<Id>> = IndexSet::new();
    let mut found: Vec<(Vec<Id>, Span)> = Vec::new();
    let no_uses: &[(Id, Span)] = &[];
    for start in uses.keys() {
        if marks.get(start) != Some(&Mark::New) {
            continue;
        }
        // The rules being followed, each with how many of its references are followed already.
        let mut path: Vec<(&Id, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((rule, k)) = path.last().copied() {
            let refs = uses.get(rule).map_or(no_uses, Vec::as_slice);
            let Some((next, span)) = refs.get(k) else {
                path.pop();
                marks.insert(rule, Mark::Done);
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match marks.get(next).copied().unwrap_or(Mark::Done) {
                Mark::Open => {
                    let from = path.iter().position(|(r, _)| *r == next).unwrap_or(0);
                    found.push((
                        path[from..].iter().map(|(r, _)| (*r).clone()).collect(),
                        span.clone(),
                    ));
                }
                Mark::New => {
                    marks.insert(next, Mark::Open);
                    path.push((next, 0));
                }
                Mark::Done => {}
            }
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

/// The most levels a condition may nest, counting each `rule:` it uses as two levels more than
/// that rule's own condition: far above what a map's rules need (a handful), and below the depth
/// past which the eligibility deciders stop following rules ([`crate::eligibility::MAX_DEPTH`]).
pub(super) const MAX_CONDITION_DEPTH: usize = 48;
const _: () = assert!(MAX_CONDITION_DEPTH < crate::eligibility::MAX_DEPTH);

/// The most attribute terms a condition may stand for with the rules it uses written out in full
/// (a rule used twice counts twice): rules that each use the next twice stand for billions, and
/// the reasons behind a verdict are worked out term by term.
pub(super) const MAX_CONDITION_TERMS: u64 = 10_000;

/// How deep a condition nests and how many terms it stands for, the rules it uses written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Extent {
    pub(super) depth: usize,
    pub(super) terms: u64,
}

impl Extent {
    pub(super) fn too_large(self) -> bool {
        self.depth > MAX_CONDITION_DEPTH || self.terms > MAX_CONDITION_TERMS
    }
}

/// The extent of `c`, each rule it uses taken from `rules` (a rule not there, in a cycle or not
/// on the map, counts as its reference alone).
pub(super) fn extent(c: &Condition, rules: &IndexMap<&Id, Extent>) -> Extent {
    let nested = |cs: &[Condition]| {
        cs.iter().fold(Extent { depth: 1, terms: 0 }, |acc, c| {
            let e = extent(c, rules);
            Extent {
                depth: acc.depth.max(1 + e.depth),
                terms: acc.terms.saturating_add(e.terms),
            }
        })
    };
    match c {
        Condition::Attribute { .. } => Extent { depth: 1, terms: 1 },
        Condition::All(cs) | Condition::Any(cs) => nested(cs),
        Condition::Not(inner) => {
            let e = extent(inner, rules);
            Extent {
                depth: 1 + e.depth,
                ..e
            }
        }
        Condition::Rule(id) => match rules.get(id) {
            Some(e) => Extent {
                depth: 2 + e.depth,
                ..*e
            },
            None => Extent { depth: 2, terms: 0 },
        },
    }
}

/// Works out every rule's extent, the rules it uses first (rules in a cycle, reported already,
/// are left out), and reports each rule too large for what it holds itself, not one too large
/// only for a rule it uses (that rule is reported). Returns the extents, for the services' own
/// conditions.
pub(super) fn report_too_large<'r>(
    cx: &mut Context,
    rules: &'r IndexMap<Id, Rule>,
    uses: &IndexMap<Id, Vec<(Id, Span)>>,
) -> IndexMap<&'r Id, Extent> {
    // Kahn's order: a rule once every rule it uses is done.
    let mut waiting: Vec<usize> = vec![0; rules.len()];
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
    for (i, id) in rules.keys().enumerate() {
        for (used, _) in uses.get(id).into_iter().flatten() {
            if let Some(j) = rules.get_index_of(used) {
                waiting[i] += 1;
                users[j].push(i);
            }
        }
    }
    let mut ready: Vec<usize> = (0..rules.len()).filter(|&i| waiting[i] == 0).collect();
    ready.reverse();
    let mut extents: IndexMap<&Id, Extent> = IndexMap::new();
    let mut over: Vec<bool> = vec![false; rules.len()];
    let mut done: Vec<usize> = Vec::new();
    while let Some(i) = ready.pop() {
        done.push(i);
        for &u in &users[i] {
            waiting[u] -= 1;
            if waiting[u] == 0 {
                ready.push(u);
            }
        }
    }
    for i in done {
        let Some((id, rule)) = rules.get_index(i) else {
            continue;
        };
        let e = extent(&rule.condition, &extents);
        extents.insert(id, e);
        let inherited = (uses.get(id).into_iter().flatten())
            .any(|(used, _)| rules.get_index_of(used).is_some_and(|j| over[j]));
        if e.too_large() {
            over[i] = true;
            if !inherited {
                cx.push(too_large(&format!("the rule `{id}`"), e, rule.span.clone()));
            }
        }
    }
    extents
}

/// Whether `c` uses a rule that is too large itself (and is reported as such).
pub(super) fn uses_too_large(c: &Condition, rules: &IndexMap<&Id, Extent>) -> bool {
    match c {
        Condition::Attribute { .. } => false,
        Condition::All(cs) | Condition::Any(cs) => cs.iter().any(|c| uses_too_large(c, rules)),
        Condition::Not(inner) => uses_too_large(inner, rules),
        Condition::Rule(id) => rules.get(id).is_some_and(|e| e.too_large()),
    }
}

/// The diagnostic for a condition too large, at `span`.
pub(super) fn too_large(what: &str, e: Extent, span: Span) -> Diagnostic {
    let (message, label, help) = if e.depth > MAX_CONDITION_DEPTH {
        (
            format!(
                "{what} nests {} levels deep with the rules it uses (each `rule:` counts two \
                 levels more than that rule's own condition); at most {MAX_CONDITION_DEPTH}",
                e.depth
            ),
            "nests too deep",
            "write the terms of the rules it uses into fewer rules: a chain of rules, each using \
             the next, can be one rule with all their terms under `all:`",
        )
    } else {
        (
            format!(
                "{what} stands for {} attribute terms with the rules it uses written out (a \
                 rule used twice counts twice); at most {}",
                crate::money::group_thousands(e.terms),
                crate::money::group_thousands(MAX_CONDITION_TERMS)
            ),
            "stands for too many terms",
            "use each rule once: `all: [{ rule: a }, { rule: a }]` is `{ rule: a }`, and rules \
             that each use the next twice double at every step",
        )
    };
    Diagnostic::new(Code::RuleTooLarge, message)
        .at(span, label)
        .help(help)
}
