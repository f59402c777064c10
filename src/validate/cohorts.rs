//! A cohort: its size, attributes, needs and entry points.

use indexmap::IndexMap;

use super::conditions;
use super::stages::stage;
use super::text;
use super::{Context, Kind};
use crate::diag::{Code, Diagnostic, Span};
use crate::load::FileId;
use crate::model::{AttrValue, Cohort, Id, Share, Stage, StageId};
use crate::raw::*;

pub(super) fn cohort(
    cx: &mut Context,
    file: FileId,
    id: &Spanned<String>,
    raw: &RawCohort,
    stages: &IndexMap<Id, Stage>,
) -> Cohort {
    let cid = Id(id.value.clone());
    let span = cx.span(file, id);
    let size = cx
        .count(file, &raw.size, &format!("the size of cohort `{cid}`"))
        .unwrap_or(0);
    cx.add_to_total(super::Total::People, size.into(), cx.span(file, &raw.size));
    let attributes = attribute_values(cx, file, &cid, &raw.attributes);
    let needs = needs(cx, file, &cid, &span, raw, stages);
    let enters_via: Vec<Id> = raw
        .enters_via
        .iter()
        .filter_map(|s| cx.resolve(file, s, Kind::Service, "`enters_via`"))
        .collect();
    if raw.enters_via.is_empty() {
        let d = Diagnostic::new(Code::CohortWithoutEntry, format!("the cohort `{cid}` has no entry point"))
            .at(span.clone(), "no `enters_via`")
            .help("add `enters_via: [gp]` with the services where these people first show up; without it they reach only services that take self-referrals");
        cx.push(d);
    }
    let after_start = raw.after_start.as_ref().map_or_else(IndexMap::new, |a| {
        attribute_values(cx, file, &cid, &a.value)
    });
    let source = cx.source(file, &raw.source);
    cx.want_source(
        cx.span(file, &raw.size),
        &format!("the size of cohort `{cid}`"),
        source.is_some(),
    );
    Cohort {
        id: cid,
        name: raw.name.value.clone(),
        size,
        attributes,
        needs,
        enters_via,
        after_start,
        notes: text(&raw.notes),
        source,
        span,
    }
}

/// A cohort's attributes (or those it has once in work), each word recorded for the comparison
/// with the words rules test for.
fn attribute_values(
    cx: &mut Context,
    file: FileId,
    cid: &Id,
    raw: &IndexMap<Spanned<String>, Spanned<RawValue>>,
) -> IndexMap<String, AttrValue> {
    raw.iter()
        .map(|(k, v)| {
            let value = conditions::attr_value(cx, file, v, &k.value);
            if let AttrValue::Words(words) = &value {
                let span = cx.span(file, v);
                cx.words.hold(cid.as_str(), &k.value, words, span);
            }
            (k.value.clone(), value)
        })
        .collect()
}

/// The stages a cohort needs with the share needing each (all of it where no share is given);
/// warns of a cohort that needs none, and of stages no one needs: each stage given share 0, or,
/// once for the cohort, a size of 0.
fn needs(
    cx: &mut Context,
    file: FileId,
    cid: &Id,
    span: &Span,
    raw: &RawCohort,
    stages: &IndexMap<Id, Stage>,
) -> IndexMap<StageId, Share> {
    let mut needs = IndexMap::new();
    let listed = raw.needs.as_ref().is_some_and(|n| !n.value.0.is_empty());
    if let Some(n) = &raw.needs {
        for (s, written) in &n.value.0 {
            let share = match written {
                Some(v) => cx.share(
                    file,
                    v,
                    &format!("the share of `{cid}` needing `{}`", s.value),
                ),
                None => Some(Share::ONE),
            };
            let Some(stage) = stage(cx, file, s, stages) else {
                continue;
            };
            let Some(share) = share else {
                continue;
            };
            // A cohort of size 0 is warned of once, below, not stage by stage.
            if let Some(v) = written
                && share.get() == 0.0
                && raw.size.value != 0.0
            {
                let d = Diagnostic::new(
                    Code::ZeroNeed,
                    format!("no one in the cohort `{cid}` needs `{stage}`: its share is 0"),
                )
                .at(cx.span(file, v), "share 0")
                .help(format!(
                    "give the share of the cohort that needs `{stage}`, or remove it from `needs`; as it is, it is not a need: no route is looked for and no gap counted"
                ));
                cx.push(d);
            }
            needs.insert(stage, share);
        }
    }
    if let Some(n) = &raw.needs {
        whole_cohort_for_each(cx, file, cid, raw.size.value, n);
    }
    if !listed {
        let d = Diagnostic::new(Code::CohortWithoutNeeds, format!("the cohort `{cid}` needs no stage of support"))
            .at(span.clone(), "no `needs`")
            .help("add `needs: [job-search, in-work]`, or `needs: { job-search: 0.3 }` with the share needing each");
        cx.push(d);
    } else if raw.size.value == 0.0 {
        let d = Diagnostic::new(
            Code::ZeroNeed,
            format!("the cohort `{cid}` has no people (size 0): no one in it needs the stages it lists"),
        )
        .at(cx.span(file, &raw.size), "size 0")
        .help("give the number of people in the cohort, or remove the cohort; as it is, none of its stages is a need: no route is looked for and no gap counted");
        cx.push(d);
    }
    needs
}

/// Warns of `needs` written as a list of two stages or more: a list counts the whole cohort for
/// each stage, which is seldom meant (of people out of work, fewer look for work than want to, and
/// fewer still start a job), and makes a shortfall of a hundred one of six hundred. A list of one
/// stage, a cohort defined by what it needs, is left alone, and so are shares written out, `1`
/// included.
fn whole_cohort_for_each(
    cx: &mut Context,
    file: FileId,
    cid: &Id,
    size: f64,
    needs: &Spanned<RawNeeds>,
) {
    let stages: Vec<&str> = needs
        .value
        .0
        .iter()
        .map(|(s, _)| s.value.as_str())
        .collect();
    let as_list = needs.value.0.iter().all(|(_, share)| share.is_none());
    if !as_list || stages.len() < 2 || size == 0.0 {
        return;
    }
    let example: Vec<String> = stages.iter().map(|s| format!("{s}: …")).collect();
    let d = Diagnostic::new(
        Code::WholeCohortNeeds,
        format!(
            "all of the cohort `{cid}` ({} {}) is counted as needing each of its {} stages",
            crate::money::group_thousands(size as u64),
            if size == 1.0 { "person" } else { "people" },
            stages.len()
        ),
    )
    .at(
        cx.span(file, needs),
        "a list: the whole cohort for each stage",
    )
    .help(format!(
        "a list of stages counts the whole cohort for each. Write the share needing each, as \
         `needs: {{ {} }}` (0.3 for 30 %), or 1 for a stage everyone in the cohort needs",
        example.join(", ")
    ));
    cx.push(d);
}
