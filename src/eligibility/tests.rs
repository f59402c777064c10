use indexmap::IndexMap;

use super::*;
use crate::diag::Span;
use crate::load::FileId;
use crate::model::{AttrValue, Cohort, Condition, Eligibility, Id, Rule};

fn words(ws: &[&str]) -> AttrValue {
    AttrValue::Words(ws.iter().map(|w| (*w).to_owned()).collect())
}

fn range(min: f64, max: f64) -> AttrValue {
    AttrValue::Range {
        min: Some(min),
        max: Some(max),
    }
}

fn attr(name: &str, value: AttrValue) -> Condition {
    Condition::Attribute {
        name: name.to_owned(),
        value,
    }
}

fn span() -> Span {
    Span {
        file: FileId(0),
        range: 0..0,
    }
}

fn cohort(attrs: &[(&str, AttrValue)]) -> Cohort {
    Cohort {
        id: Id::from("c"),
        name: "c".into(),
        size: 10,
        attributes: attrs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        needs: IndexMap::new(),
        enters_via: Vec::new(),
        after_start: IndexMap::new(),
        notes: None,
        source: None,
        span: span(),
    }
}

fn rules(list: &[(&str, Condition)]) -> IndexMap<Id, Rule> {
    list.iter()
        .map(|(id, c)| {
            (
                Id::from(*id),
                Rule {
                    id: Id::from(*id),
                    description: None,
                    condition: c.clone(),
                    notes: None,
                    source: None,
                    span: span(),
                },
            )
        })
        .collect()
}

fn eval(c: &Condition, who: &Cohort, rs: &IndexMap<Id, Rule>) -> Verdict {
    evaluate(&Eligibility::Inline(c.clone()), who, rs)
}

/// The verdict's reasons in words, as reports show them.
fn explain(v: &Verdict) -> String {
    crate::export::words::eligibility::explain(v.value, &v.because).plain()
}

/// How to settle an undetermined verdict, in words.
fn fixes(v: &Verdict) -> Vec<String> {
    crate::export::words::eligibility::settle(&v.because)
        .iter()
        .map(|p| p.plain())
        .collect()
}

#[test]
fn kleene_tables() {
    use Ternary::*;
    let all = [No, Unknown, Yes];
    for a in all {
        assert_eq!(a & Yes, a);
        assert_eq!(a | No, a);
        assert_eq!(a & No, No);
        assert_eq!(a | Yes, Yes);
        assert_eq!(!!a, a);
    }
    assert_eq!(Unknown & Unknown, Unknown);
    assert_eq!(!Unknown, Unknown);
}

#[test]
fn words_within_outside_partly_missing() {
    let rs = rules(&[]);
    let esa_only = attr("benefit", words(&["esa"]));
    let v = eval(&esa_only, &cohort(&[("benefit", words(&["esa"]))]), &rs);
    assert_eq!(v.value, Ternary::Yes);
    let v = eval(&esa_only, &cohort(&[("benefit", words(&["uc"]))]), &rs);
    assert_eq!(v.value, Ternary::No);
    assert_eq!(v.because[0].matched, Match::Outside);
    // A cohort of ESA and UC claimants against an ESA-only rule: only part of it meets the term.
    let v = eval(
        &esa_only,
        &cohort(&[("benefit", words(&["esa", "uc"]))]),
        &rs,
    );
    assert_eq!(v.value, Ternary::Unknown);
    assert_eq!(v.because[0].matched, Match::Partly);
    assert_eq!(
        fixes(&v),
        vec!["split the cohort by `benefit` ([esa, uc] against esa)".to_owned()]
    );
    let v = eval(&esa_only, &cohort(&[]), &rs);
    assert_eq!(v.value, Ternary::Unknown);
    assert_eq!(fixes(&v), vec!["state the cohort's `benefit`".to_owned()]);
}

#[test]
fn ranges() {
    let rs = rules(&[]);
    let young = attr("age", range(16.0, 24.0));
    assert_eq!(
        eval(&young, &cohort(&[("age", range(16.0, 24.0))]), &rs).value,
        Ternary::Yes
    );
    assert_eq!(
        eval(&young, &cohort(&[("age", AttrValue::Number(20.0))]), &rs).value,
        Ternary::Yes
    );
    assert_eq!(
        eval(&young, &cohort(&[("age", range(25.0, 64.0))]), &rs).value,
        Ternary::No
    );
    // 18–64 against 16–24: only part of the cohort is young enough.
    assert_eq!(
        eval(&young, &cohort(&[("age", range(18.0, 64.0))]), &rs).value,
        Ternary::Unknown
    );
    let open_top = attr(
        "months_out_of_work",
        AttrValue::Range {
            min: Some(3.0),
            max: None,
        },
    );
    assert_eq!(
        eval(
            &open_top,
            &cohort(&[("months_out_of_work", AttrValue::Number(12.0))]),
            &rs
        )
        .value,
        Ternary::Yes
    );
}

#[test]
fn combinators_and_named_rules_carry_reasons() {
    let rs = rules(&[
        ("secondary-care", attr("care", words(&["secondary"]))),
        (
            "wrag-or-secondary",
            Condition::Any(vec![
                Condition::Rule(Id::from("secondary-care")),
                attr("benefit", words(&["esa-wrag"])),
            ]),
        ),
    ]);
    let who = cohort(&[
        ("care", words(&["primary"])),
        ("benefit", words(&["esa-wrag"])),
    ]);
    // Passes only through `any`: not on secondary care, but on ESA WRAG.
    let v = evaluate(&Eligibility::Rule(Id::from("wrag-or-secondary")), &who, &rs);
    assert_eq!(v.value, Ternary::Yes);
    assert_eq!(v.because.len(), 1);
    assert_eq!(v.because[0].attribute, "benefit");
    assert_eq!(v.because[0].rule, Some(Id::from("wrag-or-secondary")));
    // `not` flips the value and marks the term as excluding.
    let not_none = Condition::Not(Box::new(attr("condition", words(&["none"]))));
    let v = eval(&not_none, &cohort(&[("condition", words(&["none"]))]), &rs);
    assert_eq!(v.value, Ternary::No);
    assert!(v.because[0].negated);
    assert_eq!(explain(&v), "excludes condition none; the cohort has none");
    // `all` with one failing term names that term only.
    let both = Condition::All(vec![
        attr("care", words(&["primary"])),
        attr("benefit", words(&["uc"])),
    ]);
    let v = eval(&both, &who, &rs);
    assert_eq!(v.value, Ternary::No);
    assert_eq!(v.because.len(), 1);
    assert_eq!(v.because[0].attribute, "benefit");
    // Named rule reasons name the rule.
    let v = evaluate(&Eligibility::Rule(Id::from("secondary-care")), &who, &rs);
    assert_eq!(
        explain(&v),
        "rule `secondary-care`: requires care secondary; the cohort has primary"
    );
}

#[test]
fn open_services_admit_everyone() {
    let v = evaluate(&Eligibility::Open, &cohort(&[]), &rules(&[]));
    assert_eq!(v.value, Ternary::Yes);
    assert_eq!(explain(&v), "open to all");
}

#[test]
fn a_condition_with_no_terms_is_never_said_to_be_open_when_it_excludes() {
    // `not: {}`: an empty condition holds for everyone, so its `not` holds for no one, and no
    // term decided it. The words must not call that "open to all".
    let nobody = Condition::Not(Box::new(Condition::All(Vec::new())));
    let v = eval(&nobody, &cohort(&[]), &rules(&[]));
    assert_eq!(v.value, Ternary::No);
    assert!(v.because.is_empty());
    assert_eq!(
        explain(&v),
        "its condition excludes everyone: no term in it can hold for any cohort"
    );
    // The empty condition itself admits everyone: that is "open to all".
    let v = eval(&Condition::All(Vec::new()), &cohort(&[]), &rules(&[]));
    assert_eq!(
        (v.value, explain(&v).as_str()),
        (Ternary::Yes, "open to all")
    );
}
