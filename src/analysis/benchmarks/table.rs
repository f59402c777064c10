//! The checks, as data: one row per check, in the order the report shows them. A row says which
//! figures it reads (from the area or from services), which benchmarks it uses and how, how the
//! mapped figure is found, and the words of its working. [`super::engine`] runs the rows; a new
//! benchmark of a shape below is a new row here, with its value and source in `benchmarks.yaml`.

use super::Op;
use super::label::Label;
use super::working::Field;
use crate::benchmarks::ids;

/// One check.
pub(super) enum Row {
    /// 004 §36-39's bottom-up estimate of IPS demand and workforce ([`super::ips_demand`]).
    IpsDemand,
    /// One check for each service of some models: its own figures against marks.
    PerService(PerService),
    /// One check for each service with a fidelity score: its IPS-25 band, flagged below fair.
    Fidelity {
        check: &'static str,
        /// `{service}` is the service's name.
        title: &'static str,
    },
    /// One check over every service that states a figure, each held against the same mark.
    EveryService(EveryService),
    /// One check of the area: a mark worked out from an area figure, against a mapped total.
    Area(AreaRatio),
}

/// Whether a mapped figure should be at least or at most its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bound {
    AtLeast,
    AtMost,
}

/// Which year of a service's life a mark is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Year {
    /// Any year.
    Any,
    /// Its first year only: not compared once the map shows the service past it.
    First,
}

/// A benchmark a figure is held against, and the words of the comparison.
pub(super) struct Against {
    pub(super) benchmark: &'static str,
    /// The benchmark's line of working.
    pub(super) what: &'static str,
    /// The source its line names while the built-in value is in force; may be empty.
    pub(super) cite: &'static str,
    pub(super) bound: Bound,
    /// What is compared, and the rule (`{service-id}` is the service's id).
    pub(super) comparison: Label,
    /// The year of the service's life the mark is for.
    pub(super) year: Year,
}

/// A figure of one service: read as it is, or a ratio of two of its figures.
pub(super) enum Value {
    Field {
        field: Field,
        what: &'static str,
    },
    Ratio {
        numerator: (Field, &'static str),
        denominator: (Field, &'static str),
        /// The ratio's line of working.
        what: &'static str,
    },
}

/// A figure of a service held against one or more marks.
pub(super) struct Measure {
    pub(super) value: Value,
    pub(super) against: &'static [Against],
    /// A note when a figure the measure needs is missing: how to give it.
    pub(super) hint: Option<&'static str>,
}

/// Measures that apply to some models only; a service of another model gets `otherwise` as a note,
/// and the check ends there.
pub(super) struct Group {
    pub(super) models: Option<&'static [&'static str]>,
    pub(super) otherwise: &'static str,
    pub(super) measures: &'static [Measure],
}

/// A check of each service of `models`, in map order.
pub(super) struct PerService {
    pub(super) check: &'static str,
    /// `{service}` is the service's name.
    pub(super) title: &'static str,
    pub(super) models: &'static [&'static str],
    pub(super) groups: &'static [Group],
}

/// A check over every service stating `field`.
pub(super) struct EveryService {
    pub(super) check: &'static str,
    pub(super) title: Label,
    pub(super) field: Field,
    /// The note when no service states it.
    pub(super) none: &'static str,
    /// `{service}` is the service's name.
    pub(super) line: &'static str,
    pub(super) against: Against,
    /// Models the source does not speak of: their services are not held to the mark, and a note
    /// (`{services}`: their ids) says why when one of them states the figure.
    pub(super) except: &'static [&'static str],
    pub(super) except_note: &'static str,
}

/// Where the figure a mark is worked out from is read.
pub(super) enum Base {
    Population,
    Figure(&'static str),
}

/// A term of a calculation: a number, or a benchmark's value.
pub(super) enum Operand {
    Number(f64),
    Benchmark(&'static str),
}

/// A mark worked out from the base figure: `base`, then each term in turn.
pub(super) struct Expected {
    pub(super) what: &'static str,
    pub(super) terms: &'static [(Op, Operand)],
}

/// How the mapped figure is found: the area figure, if the area may give it and does, else the
/// sum of `field` over the services of `model`; with no `model`, the area figure only (no model of
/// service is the benchmark's kind).
pub(super) struct Mapped {
    pub(super) figure: Option<&'static str>,
    pub(super) model: Option<&'static str>,
    pub(super) field: Field,
    pub(super) what: &'static str,
}

/// The mark of an area check, worked out from its base figure.
pub(super) enum Marks {
    /// The mapped figure should be at least this.
    AtLeast(Expected),
    /// The mapped figure should lie between the low and high ends.
    Between(Expected, Expected),
}

/// A check of the area: one mark (at least) or two (a range, low and high), from a base figure.
pub(super) struct AreaRatio {
    pub(super) check: &'static str,
    /// The title states the rule; the comparison reads "<mapped> against <rule>".
    pub(super) title: Label,
    pub(super) base: Base,
    pub(super) base_what: &'static str,
    /// The benchmarks, each with its line of working, in the order they are shown.
    pub(super) benchmarks: &'static [(&'static str, &'static str)],
    pub(super) marks: Marks,
    pub(super) mapped: Mapped,
    pub(super) notes: &'static [&'static str],
    /// For a target set for a share of services rather than each (004 §56f's 1:8 advisers to
    /// therapists in 40% of services): the benchmark giving that share. The mapped figure is then
    /// shown against the mark but not counted as a shortfall.
    pub(super) target_share: Option<&'static str>,
    /// The title's rule when that share is every service (1): the target is then one each
    /// service is held to, and judged so.
    pub(super) each_rule: &'static str,
}

/// Every check, in the order the report shows them.
pub(super) const CHECKS: &[Row] = &[
    Row::IpsDemand,
    Row::PerService(IPS_SERVICE_HEALTH),
    Row::Fidelity {
        check: "ips-fidelity",
        title: "IPS fidelity: {service}",
    },
    Row::Area(AreaRatio {
        check: "cmht-specialists",
        title: Label {
            what: "Employment specialists for community mental health teams",
            source: "002",
            rule: "{cmht-specialist-wte} WTE per team",
        },
        base: Base::Figure("community_mental_health_teams"),
        base_what: "community mental health teams",
        benchmarks: &[(
            ids::CMHT_SPECIALIST_WTE,
            "WTE employment specialists per team",
        )],
        marks: Marks::AtLeast(Expected {
            what: "WTE expected",
            terms: &[(Op::Times, Operand::Benchmark(ids::CMHT_SPECIALIST_WTE))],
        }),
        mapped: Mapped {
            figure: None,
            model: Some("ips"),
            field: Field::Wte,
            what: "IPS employment specialists mapped (WTE)",
        },
        notes: &[],
        target_share: None,
        each_rule: "",
    }),
    Row::Area(AreaRatio {
        check: "primary-care-specialists",
        title: Label {
            what: "Employment specialists in primary care",
            source: "002",
            rule: "one per {primary-care-population-per-specialist} population",
        },
        base: Base::Population,
        base_what: "population",
        benchmarks: &[(ids::PRIMARY_CARE_POPULATION, "population per specialist")],
        marks: Marks::AtLeast(Expected {
            what: "specialists expected (WTE)",
            terms: &[(Op::Divide, Operand::Benchmark(ids::PRIMARY_CARE_POPULATION))],
        }),
        mapped: Mapped {
            figure: Some("primary_care_employment_specialists_wte"),
            model: Some("ips-primary-care"),
            field: Field::Wte,
            what: "primary-care employment specialists mapped (WTE)",
        },
        notes: &[],
        target_share: None,
        each_rule: "",
    }),
    Row::EveryService(EveryService {
        check: "caseloads",
        title: Label {
            what: "Caseloads per employment specialist",
            source: "002",
            rule: "{max-caseload} or below",
        },
        field: Field::Caseload,
        none: "no service on the map states a caseload (capacity.caseload)",
        line: "caseload per specialist: {service}",
        against: Against {
            benchmark: ids::MAX_CASELOAD,
            what: "caseload per specialist, at most",
            cite: "",
            bound: Bound::AtMost,
            comparison: Label {
                what: "caseload of {service-id}",
                source: "",
                rule: "",
            },
            year: Year::Any,
        },
        // 002's 25 is for employment specialists; talking-therapies employment advisers are
        // another role, in a programme that "does not strictly follow the principles of IPS"
        // (004 §46), and no source gives them a caseload.
        except: &["employment-adviser"],
        except_note: "not held to this caseload: {services} (model `employment-adviser`): 002 gives it for employment specialists, and the employment advisers in talking therapies are another programme, which does not strictly follow the principles of IPS (004 §46)",
    }),
    Row::Area(AreaRatio {
        check: "social-enterprise-places",
        title: Label {
            what: "Social-enterprise places",
            source: "002",
            rule: "{social-enterprise-places-low}-{social-enterprise-places-high} per 100,000 population",
        },
        base: Base::Population,
        base_what: "population",
        benchmarks: &[
            (ids::SOCIAL_ENTERPRISE_LOW, "places per 100,000 (low end)"),
            (ids::SOCIAL_ENTERPRISE_HIGH, "places per 100,000 (high end)"),
        ],
        marks: Marks::Between(
            Expected {
                what: "places expected (low end)",
                terms: &[
                    (Op::Divide, Operand::Number(100_000.0)),
                    (Op::Times, Operand::Benchmark(ids::SOCIAL_ENTERPRISE_LOW)),
                ],
            },
            Expected {
                what: "places expected (high end)",
                terms: &[
                    (Op::Divide, Operand::Number(100_000.0)),
                    (Op::Times, Operand::Benchmark(ids::SOCIAL_ENTERPRISE_HIGH)),
                ],
            },
        ),
        // 002 counts places in social enterprises "that offer job contracts on NMW or better and
        // where employees are involved in business decision-making". No model of the map format
        // is that kind of place (sheltered work is not: 004 §53 finds sheltered employment
        // reduces the likelihood of finding a competitive job), so only the area's own count is
        // compared, never the places of any model.
        mapped: Mapped {
            figure: Some("social_enterprise_places"),
            model: None,
            field: Field::Places,
            what: "social-enterprise places mapped",
        },
        notes: &[
            "002 counts places in social enterprises that offer job contracts at the National Minimum Wage or better, with employees involved in business decisions: only area.figures.social_enterprise_places is counted, never the places of sheltered-work services (004 §53: sheltered employment reduces the likelihood of finding a competitive job)",
        ],
        target_share: None,
        each_rule: "",
    }),
    Row::Area(AreaRatio {
        check: "talking-therapies-advisers",
        title: Label {
            what: "Employment advisers in talking therapies",
            source: "004 §47, §56f",
            rule: "one per {talking-therapies-therapists-per-adviser} therapists, a target for {talking-therapies-adviser-target-share%} of services, not each",
        },
        base: Base::Figure("talking_therapies_therapists_wte"),
        base_what: "talking-therapies therapists (WTE)",
        benchmarks: &[
            (
                ids::THERAPISTS_PER_ADVISER,
                "therapists per employment adviser",
            ),
            (
                ids::ADVISER_TARGET_SHARE,
                "share of talking-therapies services the target is set for",
            ),
        ],
        marks: Marks::AtLeast(Expected {
            what: "employment advisers expected (WTE)",
            terms: &[(Op::Divide, Operand::Benchmark(ids::THERAPISTS_PER_ADVISER))],
        }),
        mapped: Mapped {
            figure: Some("talking_therapies_employment_advisers_wte"),
            model: Some("employment-adviser"),
            field: Field::Wte,
            what: "employment advisers mapped (WTE)",
        },
        notes: &[
            "004 §47 counts therapists (one adviser for every eight therapists), not WTE: ecomap divides the therapists' WTE, which is the same only where therapists work full time; advisers are counted in WTE",
        ],
        target_share: Some(ids::ADVISER_TARGET_SHARE),
        each_rule: "one per {talking-therapies-therapists-per-adviser} therapists in {talking-therapies-adviser-target-share%} of services, so in each",
    }),
];

/// Caseload per specialist (fidelity item 1) and, for IPS in secondary care, IPS Grow's outcomes.
const IPS_SERVICE_HEALTH: PerService = PerService {
    check: "ips-service-health",
    title: "IPS service health: {service}",
    models: &["ips", "ips-primary-care"],
    groups: &[
        Group {
            models: None,
            otherwise: "",
            measures: &[Measure {
                value: Value::Field {
                    field: Field::Caseload,
                    what: "active caseload per employment specialist",
                },
                against: &[Against {
                    benchmark: ids::IPS_MAX_CASELOAD,
                    what: "active caseload, at most",
                    cite: "fidelity item 1",
                    bound: Bound::AtMost,
                    comparison: Label {
                        what: "active caseload per specialist",
                        source: "fidelity item 1",
                        rule: "{ips-max-caseload} or fewer",
                    },
                    year: Year::Any,
                }],
                hint: None,
            }],
        },
        Group {
            models: Some(&["ips"]),
            otherwise: "IPS Grow's outcomes framework is for IPS in secondary care: not applied to IPS in primary care",
            measures: &[
                Measure {
                    value: Value::Ratio {
                        numerator: (Field::PeopleSupported, "people supported in the year"),
                        denominator: (Field::Wte, "employment specialists (WTE)"),
                        what: "people supported per specialist",
                    },
                    against: &[
                        Against {
                            benchmark: ids::PEOPLE_PER_SPECIALIST_FIRST_YEAR,
                            what: "people per specialist, first year, at least",
                            cite: "",
                            bound: Bound::AtLeast,
                            comparison: Label {
                                what: "people per specialist, first year",
                                source: "IPS Grow",
                                rule: "at least {ips-people-per-specialist-first-year}",
                            },
                            year: Year::First,
                        },
                        Against {
                            benchmark: ids::PEOPLE_PER_SPECIALIST,
                            what: "people per specialist after the first year, at least",
                            cite: "",
                            bound: Bound::AtLeast,
                            comparison: Label {
                                what: "people per specialist, after the first year",
                                source: "IPS Grow",
                                rule: "at least {ips-people-per-specialist}",
                            },
                            year: Year::Any,
                        },
                    ],
                    hint: None,
                },
                Measure {
                    value: Value::Ratio {
                        numerator: (Field::JobStarts, "job starts in the year"),
                        denominator: (
                            Field::OutOfWork,
                            "people supported who were out of work when their support began",
                        ),
                        what: "share of out-of-work clients moving into paid work",
                    },
                    against: &[Against {
                        benchmark: ids::JOB_RATE,
                        what: "share of out-of-work clients into paid work, at least",
                        cite: "",
                        bound: Bound::AtLeast,
                        comparison: Label {
                            what: "share of out-of-work clients moving into paid work",
                            source: "IPS Grow",
                            rule: "at least {ips-job-rate%}",
                        },
                        year: Year::Any,
                    }],
                    hint: Some(
                        "IPS Grow counts the job rate over clients out of work (unemployed or economically inactive) when their support began, not over everyone supported: give outcomes.out_of_work",
                    ),
                },
                Measure {
                    value: Value::Ratio {
                        numerator: (Field::Sustained13Weeks, "in work beyond 13 weeks"),
                        denominator: (Field::JobStarts, "job starts in the year"),
                        what: "share of job starts sustained beyond 13 weeks",
                    },
                    against: &[Against {
                        benchmark: ids::SUSTAINED_RATE,
                        what: "share sustained beyond 13 weeks, at least",
                        cite: "",
                        bound: Bound::AtLeast,
                        comparison: Label {
                            what: "share of job starts sustained beyond 13 weeks",
                            source: "IPS Grow",
                            rule: "at least {ips-sustained-rate%}",
                        },
                        year: Year::Any,
                    }],
                    hint: None,
                },
            ],
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The benchmarks a row reads, for the test that each is in the built-in table.
    fn benchmarks_of(row: &Row) -> Vec<&'static str> {
        let terms = |e: &Expected| {
            e.terms
                .iter()
                .filter_map(|(_, o)| match o {
                    Operand::Benchmark(id) => Some(*id),
                    Operand::Number(_) => None,
                })
                .collect::<Vec<_>>()
        };
        match row {
            Row::IpsDemand | Row::Fidelity { .. } => Vec::new(),
            Row::PerService(p) => p
                .groups
                .iter()
                .flat_map(|g| g.measures)
                .flat_map(|m| m.against)
                .map(|a| a.benchmark)
                .collect(),
            Row::EveryService(e) => vec![e.against.benchmark],
            Row::Area(a) => {
                let mut ids: Vec<&str> = a.benchmarks.iter().map(|(id, _)| *id).collect();
                match &a.marks {
                    Marks::AtLeast(e) => ids.extend(terms(e)),
                    Marks::Between(l, h) => {
                        ids.extend(terms(l));
                        ids.extend(terms(h));
                    }
                }
                ids
            }
        }
    }

    #[test]
    fn every_row_reads_benchmarks_of_the_table_and_shows_each_it_computes_with() {
        let table = crate::benchmarks::Benchmarks::builtin();
        for row in CHECKS {
            for id in benchmarks_of(row) {
                assert!(table.get(id).is_some(), "{id} is not in benchmarks.yaml");
            }
            if let Row::Area(a) = row {
                // A benchmark a mark is computed with has its own line of working.
                for id in benchmarks_of(row) {
                    assert!(
                        a.benchmarks.iter().any(|(b, _)| *b == id),
                        "{}: {id} has no line of working",
                        a.check
                    );
                }
            }
        }
    }
}
