//! The validated model of a map: ids resolved, values checked, spans kept for every entity so
//! analyses and exporters can point back into the files. Built by `validate`; an importer builds a
//! draft of it (with empty spans) for the map writer alone, whose text is then validated.

use std::borrow::Borrow;
use std::fmt;

use indexmap::IndexMap;
// `Serialize` only for the dump of a model that the round-trip tests compare (tests/cli/support.rs);
// the JSON output writes these values its own way (export::json), never through this.
use serde::Serialize;

use crate::date::Date;
use crate::diag::Span;
use crate::load::Sources;
use crate::money::Money;

/// The id of an entity, unique across the whole map whatever its kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Id {
        Id(s.to_owned())
    }
}

/// A stage of support is named by its id, like any entity.
pub type StageId = Id;

/// A share of a cohort or of a whole, checked to lie in 0–1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Share(f64);

impl Share {
    pub const ONE: Share = Share(1.0);

    /// `None` unless `0 <= value <= 1`.
    pub fn new(value: f64) -> Option<Share> {
        (0.0..=1.0).contains(&value).then_some(Share(value))
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

/// Where a figure came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub citation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
}

/// The stages every map has; a map may declare more under `stages:`.
pub const BUILTIN_STAGES: &[(&str, &str)] = &[
    ("access", "Access: where people show up and are referred on"),
    ("engagement", "Engagement and preparing for job search"),
    ("job-search", "Job search and brokerage"),
    ("in-work", "In-work support after starting a job"),
    ("retention", "Job retention for people in work or off sick"),
    ("benefits-advice", "Benefits and better-off calculations"),
    ("employer-support", "Support for employers"),
    ("skills", "Skills and training"),
    ("treatment", "Health treatment"),
];

/// Service models the tool knows; others load with a warning.
pub const KNOWN_MODELS: &[&str] = &[
    "ips",
    "ips-primary-care",
    "employment-adviser",
    "specialist-employment",
    "supported-employment",
    "work-coach",
    "national-programme",
    "job-club",
    "peer-support",
    "group-work",
    "online",
    "telephone",
    "sheltered-work",
    "day-service",
    "clinical",
    "gateway",
    "benefits-advice",
    "skills",
    "in-work-support",
    "access-to-work",
];

/// Figures the benchmarks read from `area.figures`.
pub const KNOWN_FIGURES: &[&str] = &[
    "secondary_care_caseload",
    "secondary_care_in_work",
    "community_mental_health_teams",
    "talking_therapies_therapists_wte",
    "talking_therapies_employment_advisers_wte",
    "primary_care_employment_specialists_wte",
    "social_enterprise_places",
];

/// Commissioner kinds the tool knows; others load with a warning.
pub const KNOWN_COMMISSIONER_KINDS: &[&str] = &[
    "nhs",
    "local_authority",
    "dwp",
    "combined_authority",
    "lottery",
    "esf",
    "charity",
    "employer",
    "other",
];

/// Provider sectors the tool knows; others load with a warning.
pub const KNOWN_SECTORS: &[&str] = &[
    "nhs",
    "voluntary",
    "private",
    "public",
    "social_enterprise",
    "other",
];

/// The place mapped.
#[derive(Debug, Clone)]
pub struct Area {
    pub id: Id,
    pub name: String,
    pub period: Option<String>,
    pub currency: String,
    pub population: Option<f64>,
    pub working_age_population: Option<f64>,
    /// Figures the benchmarks need, by name.
    pub figures: IndexMap<String, Figure>,
    pub figures_source: Option<Source>,
    /// The map says it is an illustration, not a real area's figures (`illustrative: true`).
    pub illustrative: bool,
    pub source: Option<Source>,
    pub span: Span,
}

impl Area {
    /// An area of only an id and a name, in GBP, with no period, figures or source: what a map
    /// without one is given, and what an import's draft starts from.
    pub fn named(id: &str, name: &str, span: Span) -> Area {
        Area {
            id: Id::from(id),
            name: name.to_owned(),
            period: None,
            currency: "GBP".to_owned(),
            population: None,
            working_age_population: None,
            figures: IndexMap::new(),
            figures_source: None,
            illustrative: false,
            source: None,
            span,
        }
    }
}

/// A number about the area, with where it is written.
#[derive(Debug, Clone)]
pub struct Figure {
    pub value: f64,
    pub span: Span,
}

/// A stage of support.
#[derive(Debug, Clone)]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    /// What a declared stage covers (`description:`); built-in stages have none.
    pub description: Option<String>,
    pub builtin: bool,
}

/// A body that pays for services.
#[derive(Debug, Clone)]
pub struct Commissioner {
    pub id: Id,
    pub name: String,
    pub kind: String,
    /// Organisation identifiers such as `GB-LAE-RIV` or `GB-CHC-1234567` (org-id.guide).
    pub identifiers: Vec<String>,
    /// Money this commissioner receives from others.
    pub funded_by: Vec<FundingLine>,
    /// `funded_by` lines not yet awarded (`status: planned`): listed, never counted.
    pub planned: Vec<PlannedLine>,
    pub notes: Option<String>,
    pub source: Option<Source>,
    pub span: Span,
}

/// Money from a commissioner, per year.
#[derive(Debug, Clone)]
pub struct FundingLine {
    pub from: Id,
    pub amount: Money,
    /// On a `funded_by` line: the only services the money may reach (`for:`); empty when pooled.
    pub earmark: Vec<Id>,
    /// Where `for:` is written, if it is.
    pub earmark_span: Option<Span>,
    pub contract: Contract,
    pub source: Option<Source>,
    pub span: Span,
}

/// A funding line not yet awarded (`status: planned`), such as a contract out to tender. It is kept
/// apart from the lines that are counted, so no analysis can add it to spend by mistake.
#[derive(Debug, Clone)]
pub struct PlannedLine {
    pub from: Id,
    /// The expected amount per year, where the map states one (never invented by an import).
    pub amount: Option<Money>,
    /// On a `funded_by` line: the services it is earmarked for (`for:`).
    pub earmark: Vec<Id>,
    pub contract: Contract,
    pub source: Option<Source>,
    pub span: Span,
}

/// The dates of a contract, where known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Contract {
    pub start: Option<Date>,
    pub end: Option<Date>,
}

/// The organisation that delivers.
#[derive(Debug, Clone)]
pub struct Provider {
    pub id: Id,
    pub name: String,
    pub sector: String,
    /// Organisation identifiers such as `GB-CHC-1234567` (org-id.guide).
    pub identifiers: Vec<String>,
    pub notes: Option<String>,
    pub source: Option<Source>,
    pub span: Span,
}

/// A named eligibility condition.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Id,
    pub description: Option<String>,
    pub condition: Condition,
    pub notes: Option<String>,
    pub source: Option<Source>,
    pub span: Span,
}

/// A condition over cohort attributes.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `attribute: value`
    Attribute {
        name: String,
        value: AttrValue,
    },
    /// Every condition holds (also a mapping with several keys).
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// A named rule.
    Rule(Id),
}

/// An attribute's value on a cohort (what the cohort is) or in a rule (what it allows).
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// One word, or several: on a cohort, a mix; in a rule, any of them.
    Words(Vec<String>),
    Number(f64),
    /// An inclusive range; a missing bound is open.
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
}

impl fmt::Display for AttrValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttrValue::Words(w) if w.len() == 1 => f.write_str(&w[0]),
            AttrValue::Words(w) => write!(f, "[{}]", w.join(", ")),
            AttrValue::Number(n) => write!(f, "{n}"),
            AttrValue::Range {
                min: Some(a),
                max: Some(b),
            } => write!(f, "{a}–{b}"),
            AttrValue::Range {
                min: Some(a),
                max: None,
            } => write!(f, "{a} or more"),
            AttrValue::Range {
                min: None,
                max: Some(b),
            } => write!(f, "{b} or less"),
            AttrValue::Range {
                min: None,
                max: None,
            } => f.write_str("any"),
        }
    }
}

/// A group of people sharing a situation.
#[derive(Debug, Clone)]
pub struct Cohort {
    pub id: Id,
    pub name: String,
    pub size: u64,
    pub attributes: IndexMap<String, AttrValue>,
    /// Stage → share of the cohort needing it in the period, as written. A stage no one needs
    /// (share 0, or a cohort of size 0) is kept here, for what writes the map out, but is not a
    /// cohort-stage: analyses read [`Cohort::stages_needed`].
    pub needs: IndexMap<StageId, Share>,
    /// Services where people of the cohort first show up.
    pub enters_via: Vec<Id>,
    /// Attributes that differ once the cohort's people have started work (`after_start:`).
    pub after_start: IndexMap<String, AttrValue>,
    pub notes: Option<String>,
    pub source: Option<Source>,
    pub span: Span,
}

impl Cohort {
    /// The people needing `stage`: size × share, unrounded (reports round what they print).
    pub fn need(&self, stage: &str) -> f64 {
        self.needs
            .get(stage)
            .map_or(0.0, |share| self.size as f64 * share.get())
    }

    /// The stages someone in the cohort needs (a need above 0), in the order of `needs`: the
    /// cohort's cohort-stages, those every analysis looks for routes to, counts and shares places
    /// between. A stage written with share 0, or any stage of a cohort of size 0, is needed by no
    /// one: no route is looked for and no gap can be (the loader warns, `zero-need`).
    pub fn stages_needed(&self) -> impl Iterator<Item = &StageId> + '_ {
        self.stage_needs().map(|(stage, _)| stage)
    }

    /// [`Cohort::stages_needed`], each with its need (people), without looking a stage up.
    pub fn stage_needs(&self) -> impl Iterator<Item = (&StageId, f64)> + '_ {
        (self.needs.iter())
            .map(|(stage, share)| (stage, self.size as f64 * share.get()))
            .filter(|(_, need)| *need > 0.0)
    }

    /// Whether someone in the cohort needs `stage`: it is among `needs` and its need is above 0.
    pub fn needs_stage(&self, stage: &str) -> bool {
        self.need(stage) > 0.0
    }
}

/// Who a service may use.
#[derive(Debug, Clone, PartialEq)]
pub enum Eligibility {
    /// No `eligibility`: open to all.
    Open,
    /// A named rule.
    Rule(Id),
    /// A condition written on the service.
    Inline(Condition),
}

/// How people reach a service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Referral {
    pub self_referral: bool,
    /// Services it takes referrals from.
    pub from: Vec<Id>,
}

/// A service's capacity.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Capacity {
    /// Places per year: one place supports one person through every stage the service offers.
    pub people_per_year: Option<u64>,
    pub wte: Option<f64>,
    pub caseload: Option<f64>,
}

/// What a service reports it achieved, per year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Outcomes {
    pub people_supported: Option<f64>,
    /// Of them, those out of work (unemployed or economically inactive) when their support began:
    /// what IPS Grow's job rate is counted over.
    pub out_of_work: Option<f64>,
    pub job_starts: Option<f64>,
    pub sustained_13_weeks: Option<f64>,
}

/// What a person actually receives.
#[derive(Debug, Clone)]
pub struct Service {
    pub id: Id,
    pub name: String,
    pub provider: Option<Id>,
    pub model: String,
    /// Not commissioned locally (Jobcentre Plus, Access to Work, national programmes): its places
    /// are notional for the area's cohorts.
    pub national: bool,
    pub stages: Vec<StageId>,
    pub eligibility: Eligibility,
    pub referral: Referral,
    pub capacity: Capacity,
    pub fidelity: Option<f64>,
    pub outcomes: Outcomes,
    /// The share of its spend that is employment support, where less than all (`employment_share`).
    pub employment_share: Option<Share>,
    pub funding: Vec<FundingLine>,
    /// Funding lines not yet awarded (`status: planned`): listed, never counted as spend.
    pub planned: Vec<PlannedLine>,
    pub notes: Option<String>,
    pub source: Option<Source>,
    pub span: Span,
}

impl Service {
    pub fn offers(&self, stage: &str) -> bool {
        self.stages.iter().any(|s| s.as_str() == stage)
    }

    /// The total funding of the service per year.
    pub fn spend(&self) -> Money {
        self.funding.iter().map(|f| f.amount).sum()
    }
}

/// An overlap the partnership has looked at and accepts.
#[derive(Debug, Clone)]
pub struct AcceptedOverlap {
    pub services: Vec<Id>,
    pub cohort: Option<Id>,
    pub stage: Option<StageId>,
    pub reason: Option<String>,
    pub span: Span,
}

impl AcceptedOverlap {
    /// Whether this acceptance covers the pair `a`, `b` for `cohort` and `stage`.
    pub fn covers(&self, a: &Id, b: &Id, cohort: &Id, stage: &StageId) -> bool {
        self.services.contains(a)
            && self.services.contains(b)
            && self.cohort.as_ref().is_none_or(|c| c == cohort)
            && self.stage.as_ref().is_none_or(|s| s == stage)
    }
}

/// A value given in the map to override a built-in benchmark.
#[derive(Debug, Clone)]
pub struct BenchmarkOverride {
    pub value: f64,
    /// Where the value is written.
    pub span: Span,
    /// Where the benchmark's id is written.
    pub id_span: Span,
}

/// A whole map, valid: every reference resolves.
#[derive(Debug, Clone)]
pub struct Map {
    pub sources: Sources,
    pub area: Area,
    pub stages: IndexMap<StageId, Stage>,
    pub commissioners: IndexMap<Id, Commissioner>,
    pub providers: IndexMap<Id, Provider>,
    pub rules: IndexMap<Id, Rule>,
    pub cohorts: IndexMap<Id, Cohort>,
    pub services: IndexMap<Id, Service>,
    pub benchmarks: IndexMap<String, BenchmarkOverride>,
    pub accepted_overlaps: Vec<AcceptedOverlap>,
}

impl Map {
    /// The area's currency code.
    pub fn currency(&self) -> &str {
        &self.area.currency
    }

    /// A stage's display name, or its id when the map has no such stage.
    pub fn stage_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.stages.get(id).map_or(id, |s| s.name.as_str())
    }

    /// What kind of entity an id is on the map (`service`, `cohort`, `commissioner`, `provider`,
    /// `rule` or `stage`), if any: ids are unique across kinds.
    pub fn kind_of(&self, id: &str) -> Option<&'static str> {
        [
            (self.services.contains_key(id), "service"),
            (self.cohorts.contains_key(id), "cohort"),
            (self.commissioners.contains_key(id), "commissioner"),
            (self.providers.contains_key(id), "provider"),
            (self.rules.contains_key(id), "rule"),
            (self.stages.contains_key(id), "stage"),
        ]
        .into_iter()
        .find_map(|(is, kind)| is.then_some(kind))
    }

    /// The display name of any entity, or its id.
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        if let Some(s) = self.services.get(id) {
            return &s.name;
        }
        if let Some(c) = self.cohorts.get(id) {
            return &c.name;
        }
        if let Some(c) = self.commissioners.get(id) {
            return &c.name;
        }
        if let Some(p) = self.providers.get(id) {
            return &p.name;
        }
        if let Some(s) = self.stages.get(id) {
            return &s.name;
        }
        id
    }
}
