//! The draft map of a directory, made entry by entry: providers from organisations, then each
//! service with its stages, model, age rule and funders, then the rules, the report's tallies and
//! what to add next.

use indexmap::{IndexMap, IndexSet};

use super::{
    Directory, Ids, KINDS, Organisation, Record, SECTORS, age_limit, dedupe, is_name, kind_of,
    next_steps, plural, range_words,
};
use crate::import::mapping::{Mapping, Target};
use crate::import::personal::Personal;
use crate::import::{Draft, LeftOut, Report, bare_area, empty_map, nowhere};
use crate::model::{
    AttrValue, BUILTIN_STAGES, Commissioner, Condition, Eligibility, Id, Map, Provider, Rule,
    Service, Source,
};
use crate::yaml::map::{Entry, Provenance};

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
    for r in &records {
        for why in &r.unread {
            report.unplaced(format!("service {} ({})", r.id, r.origin), why.clone());
        }
    }
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
                format!(
                    "Open Referral organisation {}, in {}",
                    o.id,
                    other.and_then(|l| l.origin.as_deref()).unwrap_or(&r.origin)
                ),
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
            planned: Vec::new(),
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
                    let words = format!("{} to {}", crate::yaml::number(a), crate::yaml::number(b));
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
            let key = crate::import::mapping::normalise(&source);
            if !self.commissioners.contains_key(&key) {
                let cid = self.ids.take(&source, "funder");
                let c = Commissioner {
                    id: cid.clone(),
                    name: source.clone(),
                    kind: kind_of(&source, KINDS),
                    identifiers: Vec::new(),
                    funded_by: Vec::new(),
                    planned: Vec::new(),
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
