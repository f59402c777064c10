//! The ten kinds of cohort generated maps hold, each drawn with its size, attributes (some of them
//! mixed, such as `benefit: [esa, uc]`; students lack care, benefit and sector, so some of their
//! eligibility is undetermined), the stages it needs with the share needing each, and the kinds
//! of gateway it shows up at. Randomness comes from the caller's stream, in a fixed order.

use super::rng::Rng;
use super::value::{Value, range, word, words};

/// Cohort kinds, weighted as drawn once each has appeared.
pub(super) const COHORT_KINDS: &[(&str, u64)] = &[
    ("smi-out-of-work", 14),
    ("early-psychosis", 5),
    ("common-off-sick", 14),
    ("common-uc", 12),
    ("moderate-not-claiming", 8),
    ("young-neet", 8),
    ("esa-wrag", 8),
    ("in-work-at-risk", 8),
    ("older-workers", 6),
    ("college-students", 4),
];

/// Age bands of cohorts.
const AGE_BANDS: &[(u64, u64)] = &[(18, 64), (25, 64), (18, 34), (35, 64), (25, 49)];

/// One drawn cohort, before it is placed in a locality.
#[derive(Debug)]
pub(super) struct Drawn {
    pub(super) name: String,
    pub(super) size: u64,
    /// Attribute name → value, in order.
    pub(super) attributes: Vec<(&'static str, Value)>,
    /// Stage → hundredths of the cohort needing it.
    pub(super) needs: Vec<(&'static str, u64)>,
    /// Kinds of gateway its people show up at.
    pub(super) entry: &'static [&'static str],
}

/// A word or a list of words, as a cohort attribute may be.
#[derive(Debug, Clone, Copy)]
enum W {
    One(&'static str),
    Mix(&'static [&'static str]),
}

impl W {
    fn value(self) -> Value {
        match self {
            W::One(w) => word(w),
            W::Mix(ws) => words(ws),
        }
    }
}

fn age((lo, hi): (u64, u64)) -> Value {
    range(lo, hi)
}

/// Five times a number in `lo..=hi`: a share in hundredths, in steps of 5.
fn fives(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    5 * rng.int(lo, hi)
}

/// Draws a cohort of `kind`.
pub(super) fn draw(kind: &str, rng: &mut Rng) -> Drawn {
    match kind {
        "smi-out-of-work" => smi_out_of_work(rng),
        "early-psychosis" => early_psychosis(rng),
        "common-off-sick" => common_off_sick(rng),
        "common-uc" => common_uc(rng),
        "moderate-not-claiming" => moderate_not_claiming(rng),
        "young-neet" => young_neet(rng),
        "esa-wrag" => esa_wrag(rng),
        "in-work-at-risk" => in_work_at_risk(rng),
        "older-workers" => older_workers(rng),
        _ => college_students(rng),
    }
}

/// The attributes every kind but students states, in the order they are written.
fn attributes(
    condition: Value,
    care: Value,
    benefit: Value,
    employment: &str,
    sector: Value,
    age_band: Value,
    months_out_of_work: u64,
) -> Vec<(&'static str, Value)> {
    vec![
        ("condition", condition),
        ("care", care),
        ("benefit", benefit),
        ("employment", word(employment)),
        ("sector", sector),
        ("age", age_band),
        ("months_out_of_work", Value::Int(months_out_of_work)),
    ]
}

fn smi_out_of_work(rng: &mut Rng) -> Drawn {
    let condition = rng.pick(&["smi", "psychosis", "bipolar"]);
    let benefit = rng.weighted(&[
        (W::One("esa"), 4),
        (W::One("esa-wrag"), 2),
        (W::One("uc"), 3),
        (W::One("none"), 1),
        (W::Mix(&["esa", "uc"]), 2),
    ]);
    let band = age(rng.pick(&AGE_BANDS[..4]));
    let months = rng.int(6, 60);
    let attrs = attributes(
        word(condition),
        word("secondary"),
        benefit.value(),
        "unemployed",
        word("none"),
        band,
        months,
    );
    let mut needs = vec![
        ("engagement", fives(rng, 4, 8)),
        ("job-search", fives(rng, 4, 8)),
        ("in-work", fives(rng, 2, 4)),
    ];
    if rng.pct(40) {
        needs.push(("benefits-advice", fives(rng, 2, 6)));
    }
    let size = 10 * rng.int(15, 200);
    let entry = rng.pick(&[&["cmht", "gp"][..], &["gp"], &["cmht"]]);
    let what = match condition {
        "smi" => "severe mental illness",
        "psychosis" => "psychosis",
        _ => "bipolar disorder",
    };
    Drawn {
        name: format!("People with {what} on community team caseloads, out of work"),
        size,
        attributes: attrs,
        needs,
        entry,
    }
}

fn early_psychosis(rng: &mut Rng) -> Drawn {
    let benefit = rng.pick(&[W::One("none"), W::One("uc"), W::Mix(&["none", "uc"])]);
    let band = age((rng.pick(&[16, 18]), 35));
    let months = rng.int(0, 24);
    let attrs = attributes(
        word("psychosis"),
        word("secondary"),
        benefit.value(),
        "unemployed",
        word("none"),
        band,
        months,
    );
    let mut needs = vec![
        ("engagement", fives(rng, 8, 12)),
        ("job-search", fives(rng, 8, 12)),
        ("in-work", fives(rng, 4, 6)),
    ];
    if rng.pct(20) {
        needs.push(("skills", fives(rng, 2, 5)));
    }
    let size = 10 * rng.int(5, 40);
    let entry = rng.pick(&[&["eip"][..], &["eip", "gp"]]);
    Drawn {
        name: "People aged under 36 with a first episode of psychosis, out of work".into(),
        size,
        attributes: attrs,
        needs,
        entry,
    }
}

fn common_off_sick(rng: &mut Rng) -> Drawn {
    let sector = rng.pick(&[
        W::One("public"),
        W::One("private"),
        W::One("voluntary"),
        W::Mix(&["public", "private"]),
    ]);
    let condition = rng.pick(&[
        W::One("common"),
        W::One("anxiety"),
        W::One("depression"),
        W::Mix(&["anxiety", "depression"]),
    ]);
    let band = age(rng.pick(&[(18, 64), (25, 49), (50, 64)]));
    let attrs = attributes(
        condition.value(),
        word("primary"),
        word("none"),
        "off-sick",
        sector.value(),
        band,
        0,
    );
    let mut needs = vec![("retention", fives(rng, 6, 12))];
    if rng.pct(30) {
        needs.push(("in-work", fives(rng, 2, 4)));
    }
    let size = 10 * rng.int(30, 500);
    let sectors = match sector {
        W::One(s) => s.to_owned(),
        W::Mix(ss) => ss.join(" and "),
    };
    Drawn {
        name: format!("Employees off sick with common mental health problems ({sectors} sector)"),
        size,
        attributes: attrs,
        needs,
        entry: &["gp"],
    }
}

fn common_uc(rng: &mut Rng) -> Drawn {
    let condition = rng.pick(&["common", "anxiety", "depression"]);
    let months = rng.int(3, 36);
    let attrs = attributes(
        word(condition),
        word("primary"),
        word("uc"),
        "unemployed",
        word("none"),
        age((18, 64)),
        months,
    );
    let mut needs = vec![
        ("job-search", fives(rng, 6, 10)),
        ("in-work", fives(rng, 3, 6)),
    ];
    if rng.pct(30) {
        needs.push(("benefits-advice", fives(rng, 2, 4)));
    }
    let size = 10 * rng.int(20, 300);
    let entry = rng.pick(&[&["gp", "jobcentre"][..], &["jobcentre"]]);
    Drawn {
        name: "Common mental health problems, unemployed, on Universal Credit".into(),
        size,
        attributes: attrs,
        needs,
        entry,
    }
}

fn moderate_not_claiming(rng: &mut Rng) -> Drawn {
    let band = age(rng.pick(AGE_BANDS));
    let months = rng.int(1, 24);
    let attrs = attributes(
        word("moderate"),
        word("none"),
        word("none"),
        "unemployed",
        word("none"),
        band,
        months,
    );
    let needs = vec![
        ("job-search", fives(rng, 6, 12)),
        ("in-work", fives(rng, 4, 6)),
    ];
    let size = 10 * rng.int(5, 80);
    Drawn {
        name: "People with moderate conditions, not in treatment, claiming nothing".into(),
        size,
        attributes: attrs,
        needs,
        entry: &["gp"],
    }
}

fn young_neet(rng: &mut Rng) -> Drawn {
    let condition = rng.pick(&[
        W::One("moderate"),
        W::One("common"),
        W::Mix(&["common", "moderate"]),
    ]);
    let care = rng.pick(&[
        W::One("none"),
        W::One("primary"),
        W::Mix(&["none", "primary"]),
    ]);
    let benefit = rng.pick(&["none", "uc"]);
    let months = rng.int(0, 18);
    let attrs = attributes(
        condition.value(),
        care.value(),
        word(benefit),
        "unemployed",
        word("none"),
        age((16, 24)),
        months,
    );
    let needs = vec![
        ("engagement", fives(rng, 4, 8)),
        ("job-search", fives(rng, 6, 10)),
        ("skills", fives(rng, 4, 8)),
    ];
    let size = 10 * rng.int(10, 120);
    let entry = rng.pick(&[&["gp", "jobcentre"][..], &["gp"]]);
    Drawn {
        name: "Young people not in work or education, with mental health problems".into(),
        size,
        attributes: attrs,
        needs,
        entry,
    }
}

fn esa_wrag(rng: &mut Rng) -> Drawn {
    let condition = rng.pick(&[
        W::One("common"),
        W::One("moderate"),
        W::Mix(&["common", "smi"]),
    ]);
    let care = rng.pick(&["primary", "none"]);
    let band = age(rng.pick(&[(25, 64), (35, 64)]));
    let months = rng.int(24, 96);
    let attrs = attributes(
        condition.value(),
        word(care),
        word("esa-wrag"),
        "unemployed",
        word("none"),
        band,
        months,
    );
    let needs = vec![
        ("engagement", fives(rng, 4, 8)),
        ("job-search", fives(rng, 3, 6)),
        ("in-work", fives(rng, 2, 4)),
        ("benefits-advice", fives(rng, 2, 6)),
    ];
    let size = 10 * rng.int(20, 250);
    let entry = rng.pick(&[&["jobcentre", "gp"][..], &["jobcentre"]]);
    Drawn {
        name: "ESA work-related activity group, long-term out of work".into(),
        size,
        attributes: attrs,
        needs,
        entry,
    }
}

fn in_work_at_risk(rng: &mut Rng) -> Drawn {
    let sector = rng.pick(&["public", "private", "voluntary"]);
    let condition = rng.pick(&["common", "anxiety"]);
    let band = age(rng.pick(AGE_BANDS));
    let attrs = attributes(
        word(condition),
        word("primary"),
        word("none"),
        "employed",
        word(sector),
        band,
        0,
    );
    let mut needs = vec![
        ("retention", fives(rng, 4, 8)),
        ("in-work", fives(rng, 4, 8)),
    ];
    if rng.pct(30) {
        needs.push(("employer-support", fives(rng, 2, 4)));
    }
    let size = 10 * rng.int(30, 400);
    Drawn {
        name: format!("People in work at risk of falling out ({sector} sector)"),
        size,
        attributes: attrs,
        needs,
        entry: &["gp"],
    }
}

fn older_workers(rng: &mut Rng) -> Drawn {
    let employment = rng.pick(&["unemployed", "off-sick"]);
    let unemployed = employment == "unemployed";
    let condition = rng.pick(&["common", "depression"]);
    let sector = if unemployed {
        "none"
    } else {
        rng.pick(&["public", "private"])
    };
    let months = if unemployed { rng.int(6, 48) } else { 0 };
    let attrs = attributes(
        word(condition),
        word("primary"),
        word(if unemployed { "uc" } else { "none" }),
        employment,
        word(sector),
        age((50, 64)),
        months,
    );
    let mut needs = vec![
        ("job-search", fives(rng, 4, 8)),
        ("retention", fives(rng, 2, 6)),
    ];
    if rng.pct(30) {
        needs.push(("skills", fives(rng, 2, 4)));
    }
    let size = 10 * rng.int(10, 150);
    let entry = rng.pick(&[&["gp"][..], &["gp", "jobcentre"]]);
    Drawn {
        name: format!("Older workers with common mental health problems ({employment})"),
        size,
        attributes: attrs,
        needs,
        entry,
    }
}

fn college_students(rng: &mut Rng) -> Drawn {
    let mut attrs = vec![
        ("condition", word(rng.pick(&["common", "anxiety"]))),
        ("employment", word("unemployed")),
    ];
    if rng.pct(50) {
        attrs.push(("age", age((18, 24))));
    }
    let mut needs = vec![("job-search", fives(rng, 4, 8))];
    if rng.pct(30) {
        needs.push(("skills", fives(rng, 2, 4)));
    }
    let size = 10 * rng.int(5, 60);
    Drawn {
        name:
            "College students with anxiety or low mood (care setting, benefits and sector unknown)"
                .into(),
        size,
        attributes: attrs,
        needs,
        entry: &["gp"],
    }
}
