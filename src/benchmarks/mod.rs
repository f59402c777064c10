//! The benchmark table: published figures with their units, sources and the sources' dates, and the
//! evidence level of each service model, compiled in from `benchmarks.yaml` with the table's
//! version, the day its values were last checked, and what each source code (002, 004, …) stands
//! for. A map's `benchmarks:` key and a `--benchmarks FILE` override values; [`resolve`] applies
//! them and reports every override it cannot take as a located diagnostic. Nothing here prints or
//! reads files.

use std::fmt;

use serde::Deserialize;

use crate::date::Date;
use crate::diag::{Code, Diagnostic, Diagnostics, Span, did_you_mean};
use crate::model::Map;

/// The ids the analyses read. A test checks each is in the built-in table.
pub mod ids {
    pub const SHARE_IN_WORK_NATIONAL: &str = "ips-share-in-work-national";
    pub const WANTING_WORK_LOW: &str = "ips-share-wanting-work-low";
    pub const WANTING_WORK_HIGH: &str = "ips-share-wanting-work-high";
    pub const CLIENTS_PER_SPECIALIST: &str = "ips-clients-per-specialist";
    pub const SPECIALISTS_PER_TEAM_LEADER: &str = "ips-specialists-per-team-leader";
    pub const SPECIALISTS_PER_TEAM_LEADER_IPS_GROW: &str =
        "ips-specialists-per-team-leader-ips-grow";
    pub const IPS_MAX_CASELOAD: &str = "ips-max-caseload";
    pub const PEOPLE_PER_SPECIALIST_FIRST_YEAR: &str = "ips-people-per-specialist-first-year";
    pub const PEOPLE_PER_SPECIALIST: &str = "ips-people-per-specialist";
    pub const JOB_RATE: &str = "ips-job-rate";
    pub const SUSTAINED_RATE: &str = "ips-sustained-rate";
    pub const FIDELITY_EXEMPLARY: &str = "ips-fidelity-exemplary";
    pub const FIDELITY_GOOD: &str = "ips-fidelity-good";
    pub const FIDELITY_FAIR: &str = "ips-fidelity-fair";
    pub const CMHT_SPECIALIST_WTE: &str = "cmht-specialist-wte";
    pub const PRIMARY_CARE_POPULATION: &str = "primary-care-population-per-specialist";
    pub const MAX_CASELOAD: &str = "max-caseload";
    pub const SOCIAL_ENTERPRISE_LOW: &str = "social-enterprise-places-low";
    pub const SOCIAL_ENTERPRISE_HIGH: &str = "social-enterprise-places-high";
    pub const THERAPISTS_PER_ADVISER: &str = "talking-therapies-therapists-per-adviser";
    pub const ADVISER_TARGET_SHARE: &str = "talking-therapies-adviser-target-share";

    /// Every id above.
    pub const ALL: &[&str] = &[
        SHARE_IN_WORK_NATIONAL,
        WANTING_WORK_LOW,
        WANTING_WORK_HIGH,
        CLIENTS_PER_SPECIALIST,
        SPECIALISTS_PER_TEAM_LEADER,
        SPECIALISTS_PER_TEAM_LEADER_IPS_GROW,
        IPS_MAX_CASELOAD,
        PEOPLE_PER_SPECIALIST_FIRST_YEAR,
        PEOPLE_PER_SPECIALIST,
        JOB_RATE,
        SUSTAINED_RATE,
        FIDELITY_EXEMPLARY,
        FIDELITY_GOOD,
        FIDELITY_FAIR,
        CMHT_SPECIALIST_WTE,
        PRIMARY_CARE_POPULATION,
        MAX_CASELOAD,
        SOCIAL_ENTERPRISE_LOW,
        SOCIAL_ENTERPRISE_HIGH,
        THERAPISTS_PER_ADVISER,
        ADVISER_TARGET_SHARE,
    ];
}

/// Known models that are not job-finding programmes, so outside the evidence question: gateways,
/// clinical teams, Jobcentre work coaches, benefits advice, skills, and Access to Work (a grant for
/// workplace adjustments). Every other known model without an entry in the table is of unknown
/// evidence.
pub const NOT_RATED: &[&str] = &[
    "gateway",
    "clinical",
    "work-coach",
    "benefits-advice",
    "skills",
    "access-to-work",
];

/// The prefix of the ids that give a service model's evidence level: `evidence-ips`.
pub const EVIDENCE_PREFIX: &str = "evidence-";

pub mod figures;
mod references;

pub use references::{Edition, Reference};

const BUILTIN: &str = include_str!("benchmarks.yaml");

/// How an override of a benchmark is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A share, 0 to 1.
    Share,
    /// A number above zero (a count, a ratio, a divisor).
    Positive,
    /// An IPS-25 fidelity score, 25 to 125.
    Score,
    /// An evidence level: 2, 1, 0 or -1.
    Evidence,
}

/// How strong the evidence is that a service model helps people into paid work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Evidence {
    /// Many trials agree (IPS).
    Strong,
    /// Some evidence, trials under way.
    Emerging,
    /// Little or no evidence either way for this group.
    Limited,
    /// The evidence says it does not help people into paid work: a candidate for disinvestment.
    Against,
    /// Employment support that no current source rates: a model of the known list without an
    /// entry in the table (national programmes, group work), or money whose population the map
    /// does not settle.
    Unknown,
    /// Not a job-finding programme, so outside the evidence question: mainstream and
    /// non-employment services (gateways, clinical teams, work coaches, benefits advice, skills,
    /// Access to Work grants), and models the tool does not know.
    NotRated,
}

impl Evidence {
    /// Every level, strongest first: the order of the evidence tables.
    pub const ALL: [Evidence; 6] = [
        Evidence::Strong,
        Evidence::Emerging,
        Evidence::Limited,
        Evidence::Against,
        Evidence::Unknown,
        Evidence::NotRated,
    ];

    /// The level a table value stands for.
    pub fn from_value(v: f64) -> Option<Evidence> {
        match v {
            2.0 => Some(Evidence::Strong),
            1.0 => Some(Evidence::Emerging),
            0.0 => Some(Evidence::Limited),
            -1.0 => Some(Evidence::Against),
            _ => None,
        }
    }

    /// The word, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Strong => "strong",
            Evidence::Emerging => "emerging",
            Evidence::Limited => "limited",
            Evidence::Against => "against",
            Evidence::Unknown => "unknown",
            Evidence::NotRated => "not-rated",
        }
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where an override came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideFrom {
    /// The map's `benchmarks:` key.
    Map,
    /// `--benchmarks FILE`.
    File,
}

impl fmt::Display for OverrideFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OverrideFrom::Map => "the map",
            OverrideFrom::File => "--benchmarks file",
        })
    }
}

/// One benchmark, with the value in force.
#[derive(Debug, Clone)]
pub struct Benchmark {
    pub id: String,
    /// The value in force: built in, or overridden.
    pub value: f64,
    pub kind: Kind,
    pub unit: String,
    /// Where it was published, without the figure itself.
    pub source: String,
    /// The source's own words with its figure, while the built-in value is in force (`None` once
    /// it is overridden).
    pub says: Option<String>,
    /// When the source was published: `2010-08`, `2020`, or `undated`.
    pub date: Option<String>,
    /// How ecomap uses it: for the built-in value, or once overridden the table's
    /// `overridden_note` filled in (the value in force, who set it, the built-in figure as
    /// `built in: …`), so a note never states the built-in figure as the one in force.
    pub note: Option<String>,
    /// The note for an overridden value, with `{value}` and `{by}` to fill in.
    pub overridden_note: Option<String>,
    /// Whether the built-in value was checked against a copy of its source on the table's as-of
    /// day (`checked: false` in `benchmarks.yaml` when the project holds no copy of the source).
    pub checked: bool,
    /// The built-in value; `None` for an evidence level a map added for its own model.
    pub builtin: Option<f64>,
    /// Who overrode the built-in value, if anyone.
    pub overridden_by: Option<OverrideFrom>,
}

impl Benchmark {
    /// `40 (ips-clients-per-specialist)`, or with `, overridden by the map` when it is.
    pub fn cite(&self) -> String {
        match self.overridden_by {
            Some(by) => format!("{}, overridden by {by}", self.id),
            None => self.id.clone(),
        }
    }
}

/// An override as written, with where.
#[derive(Debug, Clone)]
pub struct Override {
    pub id: String,
    pub value: f64,
    /// Where the value is written.
    pub span: Span,
    /// Where the id is written.
    pub id_span: Span,
    pub from: OverrideFrom,
}

/// The table in force.
#[derive(Debug, Clone)]
pub struct Benchmarks {
    /// The built-in table's version and as-of date.
    pub table: Edition,
    /// What the source codes stand for, in code order.
    pub references: Vec<Reference>,
    /// In the order of `benchmarks.yaml`; evidence levels a map adds come last, in the order given.
    pub entries: Vec<Benchmark>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    as_of: String,
    references: Vec<Reference>,
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    value: f64,
    kind: Kind,
    unit: String,
    source: String,
    says: Option<String>,
    date: Option<String>,
    note: Option<String>,
    overridden_note: Option<String>,
    #[serde(default = "checked_unless_said")]
    checked: bool,
}

fn checked_unless_said() -> bool {
    true
}

impl Benchmarks {
    /// The built-in table: read from its YAML once per run (`compare` asks for it once per area).
    pub fn builtin() -> Benchmarks {
        static BUILT: std::sync::OnceLock<Benchmarks> = std::sync::OnceLock::new();
        BUILT.get_or_init(Benchmarks::read_builtin).clone()
    }

    fn read_builtin() -> Benchmarks {
        let file: File = crate::load::from_str(BUILTIN)
            .expect("src/benchmarks/benchmarks.yaml is checked by the tests");
        Benchmarks {
            table: Edition {
                version: file.version,
                as_of: Date::parse(&file.as_of)
                    .expect("the table's as_of is a date (checked by the tests)"),
                unchecked: file
                    .entries
                    .iter()
                    .filter(|e| !e.checked)
                    .map(|e| e.id.clone())
                    .collect(),
            },
            references: file.references,
            entries: file
                .entries
                .into_iter()
                .map(|e| Benchmark {
                    id: e.id,
                    value: e.value,
                    kind: e.kind,
                    unit: e.unit,
                    source: e.source,
                    says: e.says,
                    date: e.date,
                    note: e.note,
                    overridden_note: e.overridden_note,
                    checked: e.checked,
                    builtin: Some(e.value),
                    overridden_by: None,
                })
                .collect(),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Benchmark> {
        self.entries.iter().find(|b| b.id == id)
    }

    /// A benchmark the analyses read: one of [`ids`], which a test checks are all in the table.
    pub fn at(&self, id: &str) -> &Benchmark {
        self.get(id)
            .expect("every id in benchmarks::ids is in benchmarks.yaml (checked by a test)")
    }

    /// The value in force of one of [`ids`].
    pub fn value(&self, id: &str) -> f64 {
        self.at(id).value
    }

    /// The evidence level of a service model: its entry in the table; without one, unknown for a
    /// model of employment support the tool knows, and not rated for the rest ([`NOT_RATED`] and
    /// words the tool does not know).
    pub fn evidence(&self, model: &str) -> Evidence {
        match self
            .get(&format!("{EVIDENCE_PREFIX}{model}"))
            .and_then(|b| Evidence::from_value(b.value))
        {
            Some(level) => level,
            None if crate::model::KNOWN_MODELS.contains(&model) && !NOT_RATED.contains(&model) => {
                Evidence::Unknown
            }
            None => Evidence::NotRated,
        }
    }

    /// The references whose codes `texts` cite, in code order.
    pub fn cited<'a>(&self, texts: impl IntoIterator<Item = &'a str> + Clone) -> Vec<&Reference> {
        self.references
            .iter()
            .filter(|r| texts.clone().into_iter().any(|t| r.cited_in(t)))
            .collect()
    }

    /// The overridden entries, in table order.
    pub fn overridden(&self) -> impl Iterator<Item = &Benchmark> {
        self.entries.iter().filter(|b| b.overridden_by.is_some())
    }

    /// Applies overrides in order (a later one wins). `models` are the service models on the map:
    /// `evidence-<model>` may rate a model the table does not. Every override that cannot be taken
    /// gives a diagnostic at its span, and leaves the table as it was.
    pub fn apply(&mut self, overrides: &[Override], models: &[&str]) -> Diagnostics {
        let mut diagnostics = Diagnostics::default();
        for o in overrides {
            let existing = self.entries.iter().position(|b| b.id == o.id);
            let custom_model =
                o.id.strip_prefix(EVIDENCE_PREFIX)
                    .filter(|m| models.contains(m));
            let kind = match (existing, custom_model) {
                (Some(i), _) => self.entries[i].kind,
                (None, Some(_)) => Kind::Evidence,
                (None, None) => {
                    diagnostics.push(unknown(o, self));
                    continue;
                }
            };
            if let Some(d) = check_value(o, kind) {
                diagnostics.push(d);
                continue;
            }
            match existing {
                Some(i) => {
                    let b = &mut self.entries[i];
                    b.value = o.value;
                    b.overridden_by = Some(o.from);
                    // The source's words give its own value, no longer the one in force; so does
                    // a note that states the built-in figure, which gives way to its overridden
                    // form.
                    b.says = None;
                    if let Some(template) = &b.overridden_note {
                        b.note = Some(
                            template
                                .replace("{value}", &value_words(b.kind, o.value))
                                .replace("{by}", &o.from.to_string()),
                        );
                    }
                }
                None => self.entries.push(Benchmark {
                    id: o.id.clone(),
                    value: o.value,
                    kind: Kind::Evidence,
                    unit: "evidence level".into(),
                    source: format!("set by {}", o.from),
                    says: None,
                    date: None,
                    note: None,
                    overridden_note: None,
                    checked: true,
                    builtin: None,
                    overridden_by: Some(o.from),
                }),
            }
        }
        self.check_ranges(overrides, &mut diagnostics);
        diagnostics
    }

    /// A low case above its high case (`…-low` and `…-high` of the same figure) once overrides
    /// are in force: an error at the last override of the two, which made it so. The table is
    /// left as it is: the map is not analysed with an error.
    fn check_ranges(&self, overrides: &[Override], diagnostics: &mut Diagnostics) {
        for low in &self.entries {
            let Some(stem) = low.id.strip_suffix("-low") else {
                continue;
            };
            let high_id = format!("{stem}-high");
            let Some(high) = self.get(&high_id) else {
                continue;
            };
            if low.value <= high.value {
                continue;
            }
            let Some(last) = overrides
                .iter()
                .rev()
                .find(|o| o.id == low.id || o.id == high_id)
            else {
                continue;
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::BadRange,
                    format!(
                        "the benchmark `{}` ({}) is above `{high_id}` ({}): the low case of a \
                         range cannot be above its high case",
                        low.id, low.value, high.value
                    ),
                )
                .at(last.span.clone(), "makes the low case the higher")
                .help(format!(
                    "override both, with `{}` at most `{high_id}`; `ecomap benchmarks` shows the \
                     values in force",
                    low.id
                )),
            );
        }
    }
}

/// A value as a note states it: an evidence level as its word (`emerging`), any other as a
/// number (`30`, `0.35`, `50,000`).
fn value_words(kind: Kind, v: f64) -> String {
    match (kind, Evidence::from_value(v)) {
        (Kind::Evidence, Some(level)) => level.name().to_owned(),
        _ => figures::number(v),
    }
}

fn unknown(o: &Override, table: &Benchmarks) -> Diagnostic {
    let hint = did_you_mean(&o.id, table.entries.iter().map(|b| b.id.as_str()))
        .unwrap_or_else(|| "`ecomap benchmarks` lists the ids".to_owned());
    Diagnostic::new(
        Code::UnknownBenchmark,
        format!("there is no benchmark `{}`", o.id),
    )
    .at(o.id_span.clone(), "unknown benchmark")
    .help(if o.id.starts_with(EVIDENCE_PREFIX) {
        format!("{hint} (an evidence level for a model outside the table, `{EVIDENCE_PREFIX}<model>`, needs a service of that model on the map)")
    } else {
        hint
    })
}

fn check_value(o: &Override, kind: Kind) -> Option<Diagnostic> {
    let v = o.value;
    let (code, problem, help) = match kind {
        Kind::Share if !(0.0..=1.0).contains(&v) => (
            Code::ShareOutOfRange,
            "is a share and must lie between 0 and 1",
            "write a share as a decimal: 0.3 for 30%",
        ),
        Kind::Positive if v <= 0.0 || !v.is_finite() => (
            Code::NegativeValue,
            "must be above zero",
            "this benchmark counts or divides: give a number above zero",
        ),
        Kind::Positive if v > crate::decimal::MAX_QUANTITY => (
            Code::ValueOutOfRange,
            "must be at most 10,000,000,000",
            "check the figure: counts and figures run from 0 to 10,000,000,000 (`ecomap docs format`)",
        ),
        Kind::Score if !(25.0..=125.0).contains(&v) => (
            Code::FidelityOutOfRange,
            "is an IPS-25 fidelity score and must lie between 25 and 125",
            "the 25-item scale scores each item 1 to 5",
        ),
        Kind::Evidence if Evidence::from_value(v).is_none() => (
            Code::WrongType,
            "is an evidence level: 2, 1, 0 or -1",
            "2 strong, 1 emerging, 0 limited, -1 against (the evidence advises disinvesting)",
        ),
        _ => return None,
    };
    Some(
        Diagnostic::new(
            code,
            format!("the benchmark `{}` {problem}; {v} is not", o.id),
        )
        .at(o.span.clone(), "this value")
        .help(help),
    )
}

/// The table in force for a map: built in, then the map's `benchmarks:`, then `file` (the
/// `--benchmarks FILE` overrides, already read). Diagnostics are errors at the overrides' spans.
pub fn resolve(map: Option<&Map>, file: &[Override]) -> (Benchmarks, Diagnostics) {
    let mut table = Benchmarks::builtin();
    let mut overrides: Vec<Override> = Vec::new();
    let mut models: Vec<&str> = Vec::new();
    if let Some(map) = map {
        overrides.extend(map.benchmarks.iter().map(|(id, o)| Override {
            id: id.clone(),
            value: o.value,
            span: o.span.clone(),
            id_span: o.id_span.clone(),
            from: OverrideFrom::Map,
        }));
        for s in map.services.values() {
            if !models.contains(&s.model.as_str()) {
                models.push(&s.model);
            }
        }
    }
    overrides.extend(file.iter().cloned());
    let diagnostics = table.apply(&overrides, &models);
    (table, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FileId;

    fn at() -> Span {
        Span {
            file: FileId(0),
            range: 3..5,
        }
    }

    fn o(id: &str, value: f64) -> Override {
        Override {
            id: id.into(),
            value,
            span: at(),
            id_span: at(),
            from: OverrideFrom::Map,
        }
    }

    #[test]
    fn builtin_table_parses_and_holds_every_id_the_code_reads() {
        let t = Benchmarks::builtin();
        for id in ids::ALL {
            assert!(t.get(id).is_some(), "{id} is missing from benchmarks.yaml");
        }
        let mut seen = std::collections::BTreeSet::new();
        for b in &t.entries {
            assert!(seen.insert(&b.id), "{} twice", b.id);
            assert!(!b.source.is_empty(), "{} has no source", b.id);
            assert!(
                check_value(&o(&b.id, b.value), b.kind).is_none(),
                "{}'s own value fails its kind",
                b.id
            );
        }
        // 004 §36-39 as the issue records them.
        assert_eq!(t.value(ids::CLIENTS_PER_SPECIALIST), 40.0);
        assert_eq!(t.value(ids::SPECIALISTS_PER_TEAM_LEADER), 5.0);
        assert_eq!(t.value(ids::SPECIALISTS_PER_TEAM_LEADER_IPS_GROW), 6.0);
        assert_eq!(t.evidence("ips"), Evidence::Strong);
        // 004 §42: limited for people with common mental health problems.
        assert_eq!(t.evidence("employment-adviser"), Evidence::Limited);
        assert_eq!(t.evidence("supported-employment"), Evidence::Emerging);
        // No current source: unknown, never a stand-in.
        assert_eq!(t.evidence("national-programme"), Evidence::Unknown);
        assert_eq!(t.evidence("group-work"), Evidence::Unknown);
        // Not job-finding programmes.
        assert_eq!(t.evidence("access-to-work"), Evidence::NotRated);
        assert_eq!(t.evidence("work-coach"), Evidence::NotRated);
        assert_eq!(t.evidence("a-word-of-the-map"), Evidence::NotRated);
        assert_eq!(t.evidence("ips-primary-care"), Evidence::Emerging);
        assert_eq!(t.evidence("sheltered-work"), Evidence::Against);
        assert_eq!(t.evidence("day-service"), Evidence::Against);
        assert_eq!(t.evidence("gateway"), Evidence::NotRated);
    }

    #[test]
    fn values_not_checked_against_a_copy_of_their_source_are_marked_and_not_quoted() {
        // The values that are not in the project's sources (002, 004): IPS Grow's calculator (6),
        // its outcomes framework (35, 40, 65%), its policy note (40%) and the IPS-25 manual (20,
        // 115/100/74). Each is marked, and none has words quoted as its source's.
        let t = Benchmarks::builtin();
        let unchecked: Vec<&str> = t
            .entries
            .iter()
            .filter(|b| !b.checked)
            .map(|b| b.id.as_str())
            .collect();
        assert_eq!(
            unchecked,
            [
                ids::SPECIALISTS_PER_TEAM_LEADER_IPS_GROW,
                ids::IPS_MAX_CASELOAD,
                ids::PEOPLE_PER_SPECIALIST_FIRST_YEAR,
                ids::PEOPLE_PER_SPECIALIST,
                ids::JOB_RATE,
                ids::SUSTAINED_RATE,
                ids::FIDELITY_EXEMPLARY,
                ids::FIDELITY_GOOD,
                ids::FIDELITY_FAIR,
            ]
        );
        assert_eq!(t.table.unchecked, unchecked);
        for b in t.entries.iter().filter(|b| !b.checked) {
            assert!(b.says.is_none(), "{} quotes a source not held", b.id);
        }
        // 004's and 002's own figures are checked.
        assert!(t.at(ids::CLIENTS_PER_SPECIALIST).checked);
        assert!(t.at(ids::MAX_CASELOAD).checked);
    }

    #[test]
    fn says_are_whole_quotations_with_cuts_marked() {
        // Each `says` is the source's words: a cut is marked with " … ", never by joining
        // sentences, and what the source says of a range is quoted whole at both ends of it.
        let t = Benchmarks::builtin();
        let says = |id: &str| t.at(id).says.clone().unwrap_or_default();
        assert!(says(ids::WANTING_WORK_LOW).contains("it may be 30-50% of the cohort"));
        assert_eq!(says(ids::WANTING_WORK_LOW), says(ids::WANTING_WORK_HIGH));
        assert!(
            says(ids::THERAPISTS_PER_ADVISER)
                .ends_with("subject to the evidence generated by ongoing trials")
        );
        assert!(says(ids::ADVISER_TARGET_SHARE).starts_with("This aims to achieve a 1:8 ratio"));
        assert!(says(ids::SHARE_IN_WORK_NATIONAL).contains("people in this category"));
        assert!(says(ids::SHARE_IN_WORK_NATIONAL).contains("Mental Health Standard Data Set"));
        assert!(
            says(ids::SOCIAL_ENTERPRISE_LOW)
                .ends_with("where employees are involved in business decision-making")
        );
        assert!(
            says(ids::CMHT_SPECIALIST_WTE)
                .contains("1.0 wte per Community Mental Health Team (CMHT)")
        );
        assert_eq!(
            says(ids::MAX_CASELOAD),
            "Employment specialists … carry a caseload of 25 or below"
        );
    }

    #[test]
    fn a_low_case_overridden_above_its_high_case_is_an_error() {
        // 004 §36c: 30-50% want paid work. A low case of 0.9 is above the built-in high case of
        // 0.5; lowering the high case to 0.2 puts it under the built-in low case of 0.3. Both
        // are bad ranges, at the override that made them so; 0.4 and 0.45 together are not.
        let low = "ips-share-wanting-work-low";
        let high = "ips-share-wanting-work-high";
        for (overrides, errors) in [
            (vec![o(low, 0.9)], 1),
            (vec![o(high, 0.2)], 1),
            (vec![o(low, 0.4), o(high, 0.45)], 0),
            (vec![o(low, 0.5)], 0),
        ] {
            let mut t = Benchmarks::builtin();
            let d = t.apply(&overrides, &[]);
            let codes: Vec<Code> = d.0.iter().map(|d| d.code).collect();
            assert_eq!(codes, vec![Code::BadRange; errors], "{:?}", d.0);
        }
    }

    #[test]
    fn every_benchmark_is_documented_with_its_source() {
        let docs = include_str!("../../docs/capacity.md");
        for b in &Benchmarks::builtin().entries {
            assert!(
                docs.contains(&format!("| `{}` |", b.id)),
                "docs/capacity.md has no row for `{}`",
                b.id
            );
        }
    }

    #[test]
    fn overrides_apply_and_bad_ones_are_located_errors() {
        let mut t = Benchmarks::builtin();
        let d = t.apply(
            &[
                o("ips-clients-per-specialist", 35.0),
                o("ips-clients-per-specalist", 30.0),
                o("ips-job-rate", 40.0),
                o("evidence-job-club", 1.0),
                o("evidence-my-model", 2.0),
                o("evidence-sheltered-work", 3.0),
            ],
            &["my-model"],
        );
        assert_eq!(t.value(ids::CLIENTS_PER_SPECIALIST), 35.0);
        assert_eq!(
            t.at(ids::CLIENTS_PER_SPECIALIST).overridden_by,
            Some(OverrideFrom::Map)
        );
        assert_eq!(t.at(ids::CLIENTS_PER_SPECIALIST).builtin, Some(40.0));
        assert_eq!(t.evidence("job-club"), Evidence::Emerging);
        assert_eq!(t.evidence("my-model"), Evidence::Strong);
        // Refused overrides leave the value as it was.
        assert_eq!(t.value(ids::JOB_RATE), 0.4);
        assert_eq!(t.evidence("sheltered-work"), Evidence::Against);
        let codes: Vec<Code> = d.0.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![
                Code::UnknownBenchmark,
                Code::ShareOutOfRange,
                Code::WrongType
            ]
        );
        assert!(
            d.0.iter()
                .all(|d| d.primary.as_ref().map(|l| &l.span) == Some(&at()))
        );
        let help = d.0[0].help.as_deref().unwrap_or("");
        assert!(
            help.starts_with("did you mean `ips-clients-per-specialist`"),
            "{help}"
        );
    }

    /// The figures a note could state a built-in value by: the number as printed, a share as a
    /// percentage, an evidence level as its word (and against as what follows from it).
    fn spellings(b: &Benchmark) -> Vec<String> {
        let v = b.builtin.unwrap_or(b.value);
        let mut out = vec![figures::number(v)];
        if b.kind == Kind::Share {
            out.push(figures::percent(v));
        }
        if let (Kind::Evidence, Some(level)) = (b.kind, Evidence::from_value(v)) {
            out.push(level.name().to_owned());
            if level == Evidence::Against {
                out.push("disinvestment".to_owned());
            }
        }
        out
    }

    /// Whether `text` states `figure` as a word or number of its own (`40` in "552 / 40", not in
    /// "§40b" or "1,400").
    fn states(text: &str, figure: &str) -> bool {
        let bare = |c: Option<char>| {
            c.is_none_or(|c| !c.is_alphanumeric() && c != '§' && c != ',' && c != '.')
        };
        text.match_indices(figure).any(|(at, _)| {
            bare(text[..at].chars().next_back()) && bare(text[at + figure.len()..].chars().next())
        })
    }

    #[test]
    fn a_note_never_states_the_built_in_figure_once_it_is_overridden() {
        // Every note that states its built-in figure (40 in "552 / 40 = 13.8", "strong",
        // "candidate for disinvestment") has an overridden form; the others state none.
        for b in &Benchmarks::builtin().entries {
            let Some(note) = &b.note else { continue };
            let stated: Vec<String> = spellings(b)
                .into_iter()
                .filter(|f| states(note, f))
                .collect();
            assert_eq!(
                !stated.is_empty(),
                b.overridden_note.is_some(),
                "{}: its note states {stated:?}; an overridden_note is needed exactly then",
                b.id
            );
        }
        // 30 clients a specialist, by the map: the note says 30 and who set it, and names 40
        // only as built in.
        let mut t = Benchmarks::builtin();
        let d = t.apply(
            &[
                o(ids::CLIENTS_PER_SPECIALIST, 30.0),
                o("evidence-ips", 1.0),
                o("evidence-sheltered-work", 0.0),
                o(ids::JOB_RATE, 0.5),
            ],
            &[],
        );
        assert!(d.0.is_empty(), "{:?}", d.0);
        let note = |id: &str| t.at(id).note.clone().unwrap_or_default();
        let per = note(ids::CLIENTS_PER_SPECIALIST);
        assert!(
            per.starts_with("ecomap computes from the value in force, 30 (overridden by the map)"),
            "{per}"
        );
        assert!(per.contains("built in: 40"), "{per}");
        assert_eq!(per.matches("40").count(), 2, "40 only as built in: {per}");
        let ips = note("evidence-ips");
        assert!(
            ips.starts_with(
                "emerging (overridden by the map; built in: strong, 004 §20) for money"
            ),
            "{ips}"
        );
        assert_eq!(
            note("evidence-sheltered-work"),
            "rated limited by the map (built in: against, a candidate for disinvestment)"
        );
        // A note stating no figure stays as it is.
        assert!(note(ids::JOB_RATE).starts_with("job starts ÷ outcomes.out_of_work"));
    }

    #[test]
    fn evidence_for_a_model_not_on_the_map_is_unknown() {
        let mut t = Benchmarks::builtin();
        let d = t.apply(&[o("evidence-nothing-here", 1.0)], &["ips"]);
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].code, Code::UnknownBenchmark);
    }
}
