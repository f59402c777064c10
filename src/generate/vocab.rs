//! What generated maps are made of: the stages and models they use, the base eligibility rules
//! (every kind of condition: a word, a list, a range, several terms, `all`, `any`, `not`, and
//! `rule:` references up to three deep), inline conditions, and the kinds of service with how
//! each is named, gated, referred to, sized and funded. Tables only; no randomness here.

use super::value::{Value, all, any, map, not, range, rule, word, words};

/// Commissioner kinds, in the order funders are preferred.
pub(super) const COMMISSIONER_KINDS: &[&str] = &["nhs", "local_authority", "dwp"];

/// Provider sectors.
pub(super) const SECTORS: &[&str] = &["nhs", "voluntary", "private", "public"];

/// The two halves of place names.
pub(super) const PREFIXES: &[&str] = &[
    "ash", "brook", "castle", "dun", "elm", "fern", "glen", "holm", "ivy", "kings", "lang", "mill",
    "nor", "oak", "pen", "red", "sand", "thorn", "wal", "whit", "wood", "bram", "cole", "hart",
];
pub(super) const SUFFIXES: &[&str] = &[
    "bury", "field", "ford", "ham", "ley", "mouth", "stead", "ton", "wick", "worth", "dale", "gate",
];

/// The rules every generated map holds, in order, each with its condition. One piece: a table of
/// data, a rule an entry.
pub(super) fn base_rules() -> Vec<(&'static str, Value)> {
    let described = |text: &str, mut rest: Vec<(&'static str, Value)>| {
        rest.insert(0, ("description", word(text)));
        map(rest)
    };
    vec![
        (
            "secondary-care",
            described(
                "On the caseload of secondary mental health services",
                vec![("care", word("secondary"))],
            ),
        ),
        ("primary-care", map(vec![("care", word("primary"))])),
        (
            "primary-or-no-care",
            any(vec![
                map(vec![("care", word("primary"))]),
                map(vec![("care", word("none"))]),
            ]),
        ),
        (
            "out-of-work-benefit",
            described(
                "Claims an out-of-work benefit",
                vec![("benefit", words(&["uc", "esa", "esa-wrag", "jsa"]))],
            ),
        ),
        (
            "in-or-starting-work",
            map(vec![(
                "employment",
                words(&["employed", "off-sick", "starting"]),
            )]),
        ),
        ("young-adult", map(vec![("age", range(16, 24))])),
        ("working-age", map(vec![("age", range(16, 64))])),
        ("over-50", map(vec![("age", range(50, 66))])),
        (
            "long-term-unemployed",
            described(
                "Out of work for a year or more",
                vec![("months_out_of_work", range(12, 240))],
            ),
        ),
        (
            "severe-condition",
            map(vec![(
                "condition",
                words(&["smi", "psychosis", "bipolar", "personality-disorder"]),
            )]),
        ),
        ("has-condition", not(map(vec![("condition", word("none"))]))),
        ("outside-secondary-care", not(rule("secondary-care"))),
        (
            "off-sick-public",
            map(vec![
                ("employment", word("off-sick")),
                ("sector", word("public")),
            ]),
        ),
        (
            "wrag-or-secondary",
            any(vec![
                rule("secondary-care"),
                map(vec![("benefit", word("esa-wrag"))]),
            ]),
        ),
        (
            "work-and-health-eligible",
            described(
                "Work and Health Programme eligibility, claiming and unemployed",
                vec![(
                    "all",
                    Value::List(vec![
                        rule("out-of-work-benefit"),
                        map(vec![("employment", word("unemployed"))]),
                    ]),
                )],
            ),
        ),
        (
            "eip-rule",
            all(vec![
                rule("secondary-care"),
                map(vec![("condition", words(&["psychosis", "bipolar"]))]),
                map(vec![("age", range(14, 65))]),
            ]),
        ),
        (
            "ips-primary-rule",
            all(vec![
                rule("outside-secondary-care"),
                rule("primary-or-no-care"),
                map(vec![("employment", words(&["unemployed", "off-sick"]))]),
            ]),
        ),
        (
            "restart-rule",
            described(
                "Restart, for long-term unemployed claimants",
                vec![(
                    "all",
                    Value::List(vec![
                        rule("work-and-health-eligible"),
                        rule("long-term-unemployed"),
                    ]),
                )],
            ),
        ),
        (
            "youth-claimant",
            all(vec![rule("young-adult"), rule("out-of-work-benefit")]),
        ),
        (
            "secondary-unemployed",
            map(vec![
                ("rule", word("secondary-care")),
                ("employment", word("unemployed")),
            ]),
        ),
        (
            "older-worker-rule",
            any(vec![
                rule("over-50"),
                all(vec![rule("long-term-unemployed"), not(rule("young-adult"))]),
            ]),
        ),
    ]
}

/// Conditions written inline in a service's `eligibility`, by name.
pub(super) fn inline_condition(name: &str) -> Value {
    match name {
        "claimant-with-condition" => all(vec![
            rule("out-of-work-benefit"),
            not(map(vec![("condition", word("none"))])),
        ]),
        "secondary-working-age" => all(vec![rule("secondary-care"), rule("working-age")]),
        "looking-or-starting" => map(vec![("employment", words(&["unemployed", "starting"]))]),
        "public-or-voluntary" => map(vec![("sector", words(&["public", "voluntary"]))]),
        "young-or-older" => any(vec![rule("young-adult"), rule("over-50")]),
        _ => unreachable!("the service kinds name only the inline conditions above"),
    }
}

/// Who may use a kind of service: open to all, a base rule, or an inline condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gate {
    Open,
    Rule(&'static str),
    Inline(&'static str),
}

/// A kind of service and how generated services of it look.
#[derive(Debug)]
pub(super) struct ServiceKind {
    pub(super) name: &'static str,
    pub(super) label: &'static str,
    pub(super) model: &'static str,
    /// Sectors its provider is drawn from (`jcp`: the jobcentre's own provider).
    pub(super) sector: &'static [&'static str],
    /// The stages it offers: weighted options.
    pub(super) stages: &'static [(&'static [&'static str], u64)],
    /// Its eligibility: weighted options.
    pub(super) gate: &'static [(Gate, u64)],
    /// Percent of services of this kind taking self-referrals.
    pub(super) self_referral: u64,
    /// Kinds it takes referrals from: (kind, at most how many, percent of services naming it).
    pub(super) referred_from: &'static [(&'static str, u64, u64)],
    /// Percent of services of this kind with no referral route at all.
    pub(super) no_referral: u64,
    /// People per year, low and high; none when it states no capacity.
    pub(super) places: Option<(u64, u64)>,
    /// Whether it states its staff (WTE) and, for IPS, its caseload and outcomes.
    pub(super) wte: bool,
    /// Money per place a year.
    pub(super) cost: u64,
    /// Percent funded, funder kinds in order of preference, percent of funding pooled.
    pub(super) funded: u64,
    pub(super) funders: &'static [&'static str],
    pub(super) pooled: u64,
}

/// Gateways, in the order small localities get them.
pub(super) const GATEWAYS: &[&str] = &["gp", "cmht", "jobcentre", "talking-therapies", "eip"];

/// Local kinds of service, weighted as drawn.
pub(super) const LOCAL_KINDS: &[(&str, u64)] = &[
    ("ips", 5),
    ("ips-primary-care", 3),
    ("employment-adviser", 4),
    ("specialist-employment", 8),
    ("job-club", 4),
    ("peer-support", 5),
    ("group-work", 4),
    ("sheltered-work", 2),
    ("day-service", 3),
    ("occupational-health", 5),
    ("skills", 4),
    ("employer-support", 2),
    ("clubhouse", 3),
    ("recovery-college", 4),
    ("volunteering", 3),
    ("debt-advice", 3),
];

/// Every locality big enough has one of each of these; the rest are drawn by weight.
pub(super) const CORE_LOCAL: &[&str] = &[
    "ips",
    "employment-adviser",
    "specialist-employment",
    "job-club",
    "peer-support",
    "occupational-health",
];

/// Area-wide kinds, in the order they are added.
pub(super) const AREA_KINDS: &[&str] = &[
    "work-and-health",
    "access-to-work",
    "restart",
    "online-support",
    "benefits-advice-line",
    "youth-programme",
    "area-ips",
    "retention-line",
];
