//! A directory of services (read from Open Referral JSON or its CSV data package) made into a
//! draft map: organisations become providers, services become services, named funding sources
//! become commissioners, age limits become rules, taxonomy terms and descriptions become stages and
//! models where the mapping table says so. Everything else a record holds that the map has a
//! place for only as text (free-text eligibility, target audiences, service areas, unmapped terms)
//! goes into the entry's `notes` and the report: nothing is dropped, and nothing is guessed into a
//! rule. A directory has no cohorts and no amounts; the report says what to add.

use indexmap::{IndexMap, IndexSet};

use super::mapping::{Mapping, Target};
use super::personal::Personal;
use super::{Draft, LeftOut, Report, bare_area, empty_map, nowhere};
use crate::export::yaml_map::{Entry, Provenance};
use crate::model::{
    AttrValue, BUILTIN_STAGES, Commissioner, Condition, Eligibility, Id, Map, Provider, Rule,
    Service, Source,
};

/// An organisation as the directory names it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Organisation {
    pub id: String,
    pub name: Option<String>,
    pub identifiers: Vec<String>,
    pub description: Option<String>,
}

/// A service as the directory describes it, whatever shape it was read from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub organisation: Option<Organisation>,
    /// Age limits as given: (minimum, maximum), either unset.
    pub ages: Vec<(Option<f64>, Option<f64>)>,
    pub eligibility: Vec<String>,
    pub audience: Vec<String>,
    pub funding: Vec<String>,
    pub areas: Vec<String>,
    pub terms: Vec<String>,
    /// Where it was read: `services.json`, `page-2.json`, `services.csv row 4`.
    pub origin: String,
    /// The record as read, to tell a repeated service that differs from one that does not.
    pub fingerprint: String,
}

/// Everything read from a directory.
#[derive(Debug, Default)]
pub(crate) struct Directory {
    pub records: Vec<Record>,
    /// Organisations listed apart from services (a CSV package, an organisations list), by id.
    pub organisations: IndexMap<String, Organisation>,
    pub personal: Personal,
    pub report: Report,
    /// What the directory says it holds, and where it says so, when that is more than was read.
    pub declared: Vec<(usize, String)>,
}

/// Ids for new entries: from names, unique across the map.
struct Ids(IndexSet<String>);

impl Ids {
    fn new() -> Ids {
        // Built-in stage ids are left free, so no entry reads like a stage.
        Ids(BUILTIN_STAGES
            .iter()
            .map(|(s, _)| (*s).to_owned())
            .collect())
    }

    /// A new id from `name`: lower-case words joined by `-`, numbered where taken.
    fn take(&mut self, name: &str, fallback: &str) -> Id {
        let mut base: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if base.chars().count() > 48 {
            let cut: String = base.chars().take(48).collect();
            base = cut
                .rsplit_once('-')
                .map_or(cut.clone(), |(a, _)| a.to_owned());
        }
        if base.is_empty() {
            base = fallback.to_owned();
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.0.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.0.insert(id.clone());
        Id(id)
    }
}

/// Commissioner kinds recognised in a funder's name (whole words, any case), in the order tried.
const KINDS: &[(&[&str], &str)] = &[
    (&["combined authority"], "combined_authority"),
    (
        &["department for work and pensions", "dwp", "jobcentre plus"],
        "dwp",
    ),
    (
        &[
            "nhs",
            "integrated care board",
            "icb",
            "ccg",
            "clinical commissioning group",
        ],
        "nhs",
    ),
    (&["lottery"], "lottery"),
    (&["european social fund", "esf"], "esf"),
    (
        &["council", "borough", "county", "local authority"],
        "local_authority",
    ),
];

/// Provider sectors recognised in an organisation's name.
const SECTORS: &[(&[&str], &str)] = &[
    (&["nhs"], "nhs"),
    (&["council", "jobcentre plus"], "public"),
];

/// The first kind whose words appear in `name`, or `other`.
fn kind_of(name: &str, table: &[(&[&str], &str)]) -> String {
    let words = format!(
        " {} ",
        super::mapping::normalise(&name.replace(|c: char| !c.is_alphanumeric(), " "))
    );
    table
        .iter()
        .find(|(ws, _)| ws.iter().any(|w| words.contains(&format!(" {w} "))))
        .map_or("other", |(_, k)| *k)
        .to_owned()
}

/// Whether a funding source is a funder's name (short, one line, not a sentence) rather than a
/// description of the funding.
fn is_name(source: &str) -> bool {
    let words = source.split_whitespace().count();
    (1..=8).contains(&words)
        && !source.contains(['\n', ';', ':'])
        && !source.trim_end_matches('.').contains(". ")
        && !source.to_lowercase().starts_with("this ")
        && !source.to_lowercase().contains("funded")
}

/// An age limit as given, `None` where not set: a missing or negative value, or a maximum of 0.
fn age_limit(min: Option<f64>, max: Option<f64>) -> (Option<f64>, Option<f64>) {
    let min = min.filter(|m| *m >= 0.0);
    let max = max.filter(|m| *m > 0.0);
    (min, max)
}

/// The words of a range: `18 to 64`, `18 or more`, `25 or less`.
fn range_words(min: Option<f64>, max: Option<f64>) -> String {
    crate::import::cells::write_value(&AttrValue::Range { min, max })
}

/// An age range as a key: (minimum, maximum) as bits, so equal ranges share one rule.
type AgeKey = (Option<u64>, Option<u64>);

/// A draft being made: the map, what is said about it, and what is tallied across services.
struct Builder<'a> {
    mapping: &'a Mapping,
    input: &'a str,
    map: Map,
    provenance: Provenance,
    report: Report,
    personal: Personal,
    ids: Ids,
    /// Organisation id → provider id.
    providers: IndexMap<String, Id>,
    /// Funder's name, normalised → commissioner id, and the services it funds.
    commissioners: IndexMap<String, (Id, Vec<String>)>,
    /// Age range → rule id, and the services it gates.
    rules: IndexMap<AgeKey, (Id, Vec<String>)>,
    unmapped: IndexMap<String, usize>,
    audiences: IndexMap<String, usize>,
    areas: IndexMap<String, usize>,
}

/// Makes the draft map of a directory. `area` names the area (id, name: from the folder written
/// to); `input` names what was read, for the files' header and the entries' sources.
pub(crate) fn build(dir: Directory, mapping: &Mapping, area: (&str, &str), input: &str) -> Draft {
    let Directory {
        records,
        organisations,
        personal,
        mut report,
        declared,
    } = dir;
    let records = dedupe(records, &mut report);
    for (total, said) in declared {
        if total > records.len() {
            report.unplaced(
                format!("{said} says the directory holds {total} services"),
                format!(
                    "only {} were read: fetch every page (for example /services?page=2) into one folder and import the folder",
                    records.len()
                ),
            );
        }
    }
    let mut b = Builder {
        mapping,
        input,
        map: empty_map(bare_area(area.0, area.1)),
        provenance: Provenance {
            header: vec![format!(
                "Written by `ecomap import openreferral` from {input}. Check every entry before relying on it."
            )],
            ..Provenance::default()
        },
        report,
        personal,
        ids: Ids::new(),
        providers: IndexMap::new(),
        commissioners: IndexMap::new(),
        rules: IndexMap::new(),
        unmapped: IndexMap::new(),
        audiences: IndexMap::new(),
        areas: IndexMap::new(),
    };
    b.providers(&records, &organisations);
    for r in &records {
        b.service(r);
    }
    b.finish(area.1)
}

impl Builder<'_> {
    fn source(&self, what: String) -> Option<Source> {
        Some(Source {
            citation: format!("Open Referral directory ({}), {what}", self.input),
            url: None,
            as_of: None,
        })
    }

    /// Organisations → providers, once each, in the order services name them.
    fn providers(&mut self, records: &[Record], listed: &IndexMap<String, Organisation>) {
        let mut without = Vec::new();
        for r in records {
            let Some(o) = &r.organisation else {
                without.push(r.id.clone());
                continue;
            };
            if self.providers.contains_key(&o.id) {
                continue;
            }
            let other = listed.get(&o.id);
            let Some(name) = o
                .name
                .clone()
                .or_else(|| other.and_then(|l| l.name.clone()))
            else {
                self.report.unplaced(
                    format!("organisation {}", o.id),
                    "the directory gives no name for it: its services have no provider",
                );
                continue;
            };
            let id = self.ids.take(&name, "provider");
            let identifiers = if o.identifiers.is_empty() {
                other.map(|l| l.identifiers.clone()).unwrap_or_default()
            } else {
                o.identifiers.clone()
            };
            let description = o
                .description
                .clone()
                .or_else(|| other.and_then(|l| l.description.clone()));
            let mut notes = vec![format!("Open Referral organisation {}.", o.id)];
            notes.extend(
                description.map(|d| format!("Description: {}", self.personal.scrub(d.trim()))),
            );
            self.provenance.origins.insert(
                Entry::Provider(id.clone()),
                format!("Open Referral organisation {}, in {}", o.id, r.origin),
            );
            let provider = Provider {
                id: id.clone(),
                sector: kind_of(&name, SECTORS),
                name,
                identifiers,
                notes: Some(notes.join("\n")),
                source: self.source(format!("organisation {}", o.id)),
                span: nowhere(),
            };
            self.map.providers.insert(id.clone(), provider);
            self.providers.insert(o.id.clone(), id);
        }
        if !without.is_empty() {
            self.report.unplaced(
                format!(
                    "{} with no organisation ({})",
                    plural(without.len(), "service"),
                    without.join(", ")
                ),
                "no provider: add `provider:` by hand where you know who delivers the service",
            );
        }
    }

    /// One service, with its stages, model, eligibility and funders, and notes for the rest.
    fn service(&mut self, r: &Record) {
        let name = r.name.clone().unwrap_or_else(|| {
            self.report.unplaced(
                format!("service {}", r.id),
                "the directory gives no name for it: named after its id",
            );
            format!("Service {}", r.id)
        });
        let id = self.ids.take(&name, "service");
        let label = format!("service {} ({name})", r.id);
        let mut notes = vec![match r.status.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() && !s.eq_ignore_ascii_case("active") => {
                self.report.unplaced(
                    format!("{label}: status {s}"),
                    "imported all the same: remove it if it no longer runs",
                );
                format!("Open Referral service {} (status: {s}).", r.id)
            }
            _ => format!("Open Referral service {}.", r.id),
        }];
        if let Some(d) = &r.description {
            notes.push(format!("Description: {}", self.personal.scrub(d.trim())));
        }
        let (model, stages) = self.stages_and_model(r, &name, &label, &mut notes);
        let eligibility = self.eligibility(r, &label, &mut notes);
        for (texts, tally, what) in [
            (
                &r.audience,
                &mut self.audiences,
                "Target audience (vendor field)",
            ),
            (&r.areas, &mut self.areas, "Service areas"),
        ] {
            if !texts.is_empty() {
                for t in texts {
                    *tally.entry(t.clone()).or_default() += 1;
                }
                notes.push(format!("{what}: {}", texts.join("; ")));
            }
        }
        self.funders(r, &id, &label, &mut notes);
        self.provenance.origins.insert(
            Entry::Service(id.clone()),
            format!("Open Referral service {}, in {}", r.id, r.origin),
        );
        let service = Service {
            id: id.clone(),
            name,
            provider: r
                .organisation
                .as_ref()
                .and_then(|o| self.providers.get(&o.id).cloned()),
            model,
            national: false,
            stages,
            eligibility,
            referral: Default::default(),
            capacity: Default::default(),
            fidelity: None,
            outcomes: Default::default(),
            employment_share: None,
            funding: Vec::new(),
            notes: Some(notes.join("\n")),
            source: self.source(format!("service {}", r.id)),
            span: nowhere(),
        };
        self.map.services.insert(id, service);
    }

    /// The stages and model the mapping table gives for a record's terms and for phrases in its
    /// name and description. Models that disagree set none.
    fn stages_and_model(
        &mut self,
        r: &Record,
        name: &str,
        label: &str,
        notes: &mut Vec<String>,
    ) -> (String, Vec<Id>) {
        let mut found: Vec<(String, &Target)> = Vec::new();
        let mut not_mapped = Vec::new();
        for term in &r.terms {
            match self.mapping.term(term) {
                Some(t) => found.push((format!("term \"{term}\""), t)),
                None => {
                    not_mapped.push(term.clone());
                    *self.unmapped.entry(term.clone()).or_default() += 1;
                }
            }
        }
        let text = format!("{name}\n{}", r.description.as_deref().unwrap_or(""));
        for (phrase, t) in self.mapping.phrases_in(&text) {
            found.push((format!("phrase \"{phrase}\""), t));
        }
        let mut models: IndexMap<&str, Vec<&str>> = IndexMap::new();
        for (what, t) in &found {
            if let Some(m) = &t.model {
                models.entry(m.as_str()).or_default().push(what.as_str());
            }
        }
        let model = match models.len() {
            0 => "other".to_owned(),
            1 => models.keys().next().map_or("other", |m| *m).to_owned(),
            _ => {
                let suggested: Vec<String> = models
                    .iter()
                    .map(|(m, from)| format!("{m} ({})", from.join(", ")))
                    .collect();
                self.report.unplaced(
                    format!("{label}: models {}", suggested.join(" and ")),
                    "the directory suggests more than one model: none set; set `model:` by hand",
                );
                notes.push(format!(
                    "Models suggested by the directory, none set: {}",
                    suggested.join("; ")
                ));
                "other".to_owned()
            }
        };
        if !found.is_empty() {
            let mapped: Vec<String> = found
                .iter()
                .map(|(what, t)| format!("{what} → {}", target_words(t)))
                .collect();
            notes.push(format!("Mapped from the directory: {}", mapped.join("; ")));
        }
        if !not_mapped.is_empty() {
            notes.push(format!(
                "Taxonomy terms not mapped: {}",
                not_mapped.join("; ")
            ));
        }
        let stages = BUILTIN_STAGES
            .iter()
            .filter(|(s, _)| found.iter().any(|(_, t)| t.stages.iter().any(|x| x == s)))
            .map(|(s, _)| Id::from(*s))
            .collect();
        (model, stages)
    }

    /// A rule of the record's age range, where it gives exactly one; free text kept in notes.
    fn eligibility(&mut self, r: &Record, label: &str, notes: &mut Vec<String>) -> Eligibility {
        let limits: IndexSet<AgeKey> = r
            .ages
            .iter()
            .map(|(min, max)| age_limit(*min, *max))
            .filter(|(min, max)| min.is_some() || max.is_some())
            .map(|(min, max)| (min.map(f64::to_bits), max.map(f64::to_bits)))
            .collect();
        let mut eligibility = Eligibility::Open;
        match limits.iter().collect::<Vec<_>>().as_slice() {
            [] => {}
            [key] => {
                let (min, max) = unbits(**key);
                if let (Some(a), Some(b)) = (min, max)
                    && a > b
                {
                    let words = format!(
                        "{} to {}",
                        crate::export::yaml::number(a),
                        crate::export::yaml::number(b)
                    );
                    self.report.unplaced(
                        format!("{label}: ages {words}"),
                        "the minimum age is above the maximum: not made a rule; kept in notes",
                    );
                    notes.push(format!(
                        "Age limits not made a rule (minimum above maximum): {words}"
                    ));
                } else {
                    let ids = &mut self.ids;
                    let (rid, users) = self.rules.entry(**key).or_insert_with(|| {
                        (
                            ids.take(&format!("age {}", range_words(min, max)), "age"),
                            Vec::new(),
                        )
                    });
                    users.push(r.id.clone());
                    eligibility = Eligibility::Rule(rid.clone());
                }
            }
            many => {
                let all: Vec<String> = many
                    .iter()
                    .map(|k| {
                        let (a, b) = unbits(**k);
                        range_words(a, b)
                    })
                    .collect();
                self.report.unplaced(
                    format!("{label}: age limits {}", all.join(" and ")),
                    "more than one age range: not made a rule (which applies is not said); kept in notes",
                );
                notes.push(format!(
                    "Age limits not made a rule (more than one range): {}",
                    all.join("; ")
                ));
            }
        }
        for text in &r.eligibility {
            let text = self.personal.scrub(text.trim());
            self.report.unplaced(
                format!("{label}: eligibility \"{text}\""),
                "free text: kept in the service's notes, not made a rule",
            );
            notes.push(format!("Eligibility (free text): {text}"));
        }
        eligibility
    }

    /// Funding sources: a funder's name makes (or finds) a commissioner; anything else is text.
    fn funders(&mut self, r: &Record, service: &Id, label: &str, notes: &mut Vec<String>) {
        let mut funders = Vec::new();
        for source in &r.funding {
            let source = self.personal.scrub(source.trim());
            if !is_name(&source) {
                self.report.unplaced(
                    format!("{label}: funding \"{source}\""),
                    "a description, not a funder's name: kept in the service's notes",
                );
                notes.push(format!("Funding (free text): {source}"));
                continue;
            }
            let key = super::mapping::normalise(&source);
            if !self.commissioners.contains_key(&key) {
                let cid = self.ids.take(&source, "funder");
                let c = Commissioner {
                    id: cid.clone(),
                    name: source.clone(),
                    kind: kind_of(&source, KINDS),
                    identifiers: Vec::new(),
                    funded_by: Vec::new(),
                    notes: None,
                    source: self.source("funding sources".into()),
                    span: nowhere(),
                };
                self.map.commissioners.insert(cid.clone(), c);
                self.commissioners.insert(key.clone(), (cid, Vec::new()));
            }
            if let Some((cid, funded)) = self.commissioners.get_mut(&key) {
                funded.push(r.id.clone());
                funders.push(cid.to_string());
            }
        }
        if !funders.is_empty() {
            notes.push(format!(
                "Funded by (the directory gives no amounts): {}",
                funders.join(", ")
            ));
            self.provenance.comments.insert(
                Entry::Service(service.clone()),
                vec![format!(
                    "funded by {}: add `funding:` lines with the amounts",
                    funders.join(", ")
                )],
            );
        }
    }

    /// The rules, the origins of tallied entries, the report's lists, and what to add next.
    fn finish(mut self, area_name: &str) -> Draft {
        for (key, (id, users)) in &self.rules {
            let (min, max) = unbits(*key);
            let words = range_words(min, max);
            self.provenance.origins.insert(
                Entry::Rule(id.clone()),
                format!(
                    "Open Referral minimum_age and maximum_age of {}",
                    services(users)
                ),
            );
            let rule = Rule {
                id: id.clone(),
                description: Some(format!("Aged {words} (the directory's age limits)")),
                condition: Condition::Attribute {
                    name: "age".into(),
                    value: AttrValue::Range { min, max },
                },
                notes: None,
                source: self.source("minimum_age and maximum_age".into()),
                span: nowhere(),
            };
            self.map.rules.insert(id.clone(), rule);
        }
        for (cid, users) in self.commissioners.values() {
            self.provenance.origins.insert(
                Entry::Commissioner(cid.clone()),
                format!("Open Referral funding of {}", services(users)),
            );
        }
        for (term, n) in &self.unmapped {
            self.report.unplaced(
                format!("taxonomy term \"{term}\" ({})", plural(*n, "service")),
                "not in the mapping table: kept in notes (map it with --mapping FILE)",
            );
        }
        for (a, n) in &self.audiences {
            self.report.unplaced(
                format!("target audience \"{a}\" ({})", plural(*n, "service")),
                "held only in a vendor field (pc_targetAudience): kept in notes, not made a rule",
            );
        }
        if !self.areas.is_empty() {
            let listed: Vec<String> = self
                .areas
                .iter()
                .map(|(a, n)| format!("{a} ({})", plural(*n, "service")))
                .collect();
            self.report.unplaced(
                format!("service areas {}", listed.join(", ")),
                "free-text names, not places the map can hold: kept in notes",
            );
            self.provenance.file_notes.insert(
                "area.yaml".into(),
                vec![format!(
                    "Service areas named in the directory: {}.",
                    listed.join(", ")
                )],
            );
        }
        next_steps(&mut self.report, &mut self.provenance, &self.map, area_name);
        let (emails, phones) = self.personal.counts();
        self.report.left_out = LeftOut { emails, phones };
        Draft {
            map: self.map,
            provenance: self.provenance,
            report: self.report,
        }
    }
}

/// An age key back as numbers.
fn unbits((min, max): AgeKey) -> (Option<f64>, Option<f64>) {
    (min.map(f64::from_bits), max.map(f64::from_bits))
}

/// `service 101` or `services 101, 103`.
fn services(ids: &[String]) -> String {
    format!(
        "{} {}",
        if ids.len() == 1 {
            "service"
        } else {
            "services"
        },
        ids.join(", ")
    )
}

/// What a mapping target sets, in words: `model ips, stages engagement, job-search`.
fn target_words(t: &Target) -> String {
    let mut to: Vec<String> = t.model.iter().map(|m| format!("model {m}")).collect();
    if !t.stages.is_empty() {
        to.push(format!("stages {}", t.stages.join(", ")));
    }
    to.join(", ")
}

/// One record per service id: the first kept; a repeat is reported, and says whether it differs.
fn dedupe(records: Vec<Record>, report: &mut Report) -> Vec<Record> {
    let mut seen: IndexMap<String, Record> = IndexMap::new();
    let mut out = Vec::new();
    for r in records {
        if r.id.is_empty() {
            out.push(r);
            continue;
        }
        match seen.get(&r.id) {
            Some(first) => {
                let why = if first.fingerprint == r.fingerprint {
                    "the same service twice (overlapping pages): read once"
                } else {
                    "twice, and the two differ: the first kept"
                };
                report.unplaced(
                    format!("service {} in {} and {}", r.id, first.origin, r.origin),
                    why,
                );
            }
            None => {
                seen.insert(r.id.clone(), r.clone());
                out.push(r);
            }
        }
    }
    out
}

/// What the user must add: the directory has no people, no amounts, no referral routes.
fn next_steps(report: &mut Report, provenance: &mut Provenance, map: &Map, area_name: &str) {
    let area = format!(
        "Name the area (it is named \"{area_name}\", after the folder written to), and add its population, working-age population and the figures the benchmarks need (docs/format.md, area)."
    );
    let cohorts = "Add cohorts: a directory lists services, not the people who need them. Add the groups of people your partnership plans for, with their size, attributes, the stages they need and where they first show up (docs/format.md, cohorts).".to_owned();
    let funding = "Add funding amounts: a directory names funders at most, never amounts. Add `funding:` lines (from, amount, contract dates) to each service.".to_owned();
    let routes = "Add referral routes (`referral: { self: true, from: [...] }`) and check each service's stages, model and eligibility against its notes.".to_owned();
    provenance
        .file_notes
        .entry("area.yaml".into())
        .or_default()
        .insert(0, area.clone());
    provenance
        .file_notes
        .insert("cohorts.yaml".into(), vec![cohorts.clone()]);
    provenance.file_notes.insert(
        "services.yaml".into(),
        vec![funding.clone(), routes.clone()],
    );
    if map.commissioners.is_empty() {
        provenance.file_notes.insert("commissioners.yaml".into(), vec!["No funder is named in the directory: add the commissioners who pay for these services.".into()]);
    }
    report.next = vec![area, cohorts, funding, routes];
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
