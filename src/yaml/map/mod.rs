//! A map written back out as a folder of YAML files (area, stages, commissioners, providers, rules,
//! cohorts, services, accepted overlaps), each entry under a `# from: …` comment saying where it
//! came from. What is written reads back as the same map: every scalar goes through the escaping
//! writer of [`crate::yaml`], and every key the model holds is written.
//!
//! It writes what it is given and judges nothing: an importer's draft is checked by validating the
//! text written here, like any map. It returns text; the CLI writes the files.

use std::ops::Range;

use indexmap::IndexMap;

mod conditions;
mod funding;

use conditions::attributes_field;
pub use conditions::{attr_node, condition_fields, condition_node};
use funding::funding_field;

use crate::model::{Cohort, Commissioner, Eligibility, Id, Map, Provider, Rule, Service, Source};
use crate::money::Money;
use crate::yaml::{Field, Item, Node, Rendered, number};

/// One entry of a map, for provenance and for tracing a written value back to where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Entry {
    Area,
    /// A figure of `area.figures`, by name.
    Figure(String),
    /// A `benchmarks:` override, by benchmark id.
    Benchmark(String),
    Stage(Id),
    Commissioner(Id),
    Provider(Id),
    Rule(Id),
    Cohort(Id),
    Service(Id),
    /// The `index`th line counted as spend of a commissioner's `funded_by` or a service's
    /// `funding`.
    Funding {
        owner: Id,
        index: usize,
    },
    /// The `index`th planned line (`status: planned`) of a commissioner's `funded_by` or a
    /// service's `funding`; written after the lines counted as spend.
    Planned {
        owner: Id,
        index: usize,
    },
    /// The `index`th of `accepted_overlaps`.
    AcceptedOverlap(usize),
}

/// What the writer says about where things came from, as comments.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Lines at the top of every file: what the map was written from.
    pub header: Vec<String>,
    /// Where each entry came from, written `# from: …` above it.
    pub origins: IndexMap<Entry, String>,
    /// More comment lines above an entry (what could not be placed, what to check).
    pub comments: IndexMap<Entry, Vec<String>>,
    /// Lines at the top of one file, by file name, after the header (what to add next).
    pub file_notes: IndexMap<String, Vec<String>>,
}

/// Where a written value is: the entry it belongs to and its key within it (`name`,
/// `capacity.wte`, `attributes.care`, `condition.care`; `id` for the entry's own key; empty for
/// the whole entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub range: Range<usize>,
    pub entry: Entry,
    pub key: String,
}

/// One file of a written map.
#[derive(Debug, Clone)]
pub struct YamlFile {
    pub name: &'static str,
    pub text: String,
    pub places: Vec<Place>,
}

impl YamlFile {
    /// The narrowest written value holding byte `at` of the text: where a diagnostic about it
    /// came from.
    pub fn place_at(&self, at: usize) -> Option<&Place> {
        self.places
            .iter()
            .filter(|p| p.range.start <= at && at <= p.range.end)
            .min_by_key(|p| p.range.len())
    }
}

/// The files every written map has, in the order they are read.
pub const FILES: &[&str] = &[
    "accepted_overlaps.yaml",
    "area.yaml",
    "cohorts.yaml",
    "commissioners.yaml",
    "providers.yaml",
    "rules.yaml",
    "services.yaml",
    "stages.yaml",
];

/// What a written value is tagged with: its entry and key.
type Tagged = (Entry, String);
type F = Field<Tagged>;
type N = Node<Tagged>;

/// Writes `map` as the files of [`FILES`], every one of them, so that writing over an earlier
/// import leaves nothing of it behind. A section with no entries is a file of comments.
pub fn write(map: &Map, provenance: &Provenance) -> Vec<YamlFile> {
    let sections: [(&'static str, &str, Vec<F>); 8] = [
        ("area.yaml", "", area_fields(map, provenance)),
        (
            "stages.yaml",
            "stages",
            entities(
                provenance,
                map.stages.values().filter(|s| !s.builtin),
                |s| {
                    let e = Entry::Stage(s.id.clone());
                    let mut f = vec![text_field(&e, "name", &s.name)];
                    f.extend(opt_text(&e, "description", &s.description));
                    (e, s.id.as_str(), f)
                },
            ),
        ),
        (
            "commissioners.yaml",
            "commissioners",
            entities(provenance, map.commissioners.values(), |c| {
                commissioner(c, provenance)
            }),
        ),
        (
            "providers.yaml",
            "providers",
            entities(provenance, map.providers.values(), provider),
        ),
        (
            "rules.yaml",
            "rules",
            entities(provenance, map.rules.values(), rule),
        ),
        (
            "cohorts.yaml",
            "cohorts",
            entities(provenance, map.cohorts.values(), cohort),
        ),
        (
            "services.yaml",
            "services",
            entities(provenance, map.services.values(), |s| {
                service(s, provenance)
            }),
        ),
        (
            "accepted_overlaps.yaml",
            "accepted_overlaps",
            accepted(map, provenance),
        ),
    ];
    let mut files: Vec<YamlFile> = sections
        .into_iter()
        .map(|(name, section, fields)| file(name, section, fields, provenance))
        .collect();
    files.sort_by_key(|f| f.name);
    files
}

fn file(name: &'static str, section: &str, fields: Vec<F>, provenance: &Provenance) -> YamlFile {
    let mut r = Rendered::<Tagged>::default();
    for line in &provenance.header {
        r.comment_line(0, line);
    }
    for line in provenance.file_notes.get(name).into_iter().flatten() {
        r.comment_line(0, line);
    }
    if !r.text.is_empty() {
        r.blank_line();
    }
    if fields.is_empty() {
        r.comment_line(0, &format!("No {} on this map.", section.replace('_', " ")));
    } else if section.is_empty() {
        r.block(&fields);
    } else if section == "accepted_overlaps" {
        r.block(&[F::new(section, Node::Seq(items_of(fields)))]);
    } else {
        r.block(&[F::new(section, Node::Block(fields))]);
    }
    YamlFile {
        name,
        places: r
            .places
            .into_iter()
            .map(|(range, (entry, key))| Place { range, entry, key })
            .collect(),
        text: r.text,
    }
}

/// Accepted overlaps are built as fields to share the comment logic; the section is a list.
fn items_of(fields: Vec<F>) -> Vec<Item<Tagged>> {
    fields
        .into_iter()
        .map(|f| Item {
            comments: f.comments,
            value: f.value,
            tag: f.whole_tag,
        })
        .collect()
}

/// The comments above an entry: where it came from, then anything more.
fn comments_of(provenance: &Provenance, e: &Entry) -> Vec<String> {
    let mut c: Vec<String> = provenance
        .origins
        .get(e)
        .map(|o| format!("from: {o}"))
        .into_iter()
        .collect();
    c.extend(provenance.comments.get(e).into_iter().flatten().cloned());
    c
}

/// Each entity as an entry keyed by its id, with its comments and tags.
fn entities<'a, T: 'a>(
    provenance: &Provenance,
    items: impl Iterator<Item = &'a T>,
    build: impl Fn(&'a T) -> (Entry, &'a str, Vec<F>),
) -> Vec<F> {
    items
        .map(|item| {
            let (e, id, fields) = build(item);
            Field {
                comments: comments_of(provenance, &e),
                key: id.to_owned(),
                value: Node::Block(fields),
                key_tag: Some((e.clone(), "id".into())),
                tag: None,
                whole_tag: Some((e, String::new())),
            }
        })
        .collect()
}

fn tag(e: &Entry, key: &str) -> Option<Tagged> {
    Some((e.clone(), key.to_owned()))
}

fn text_field(e: &Entry, key: &str, text: &str) -> F {
    F::new(key, Node::text(text)).tagged((e.clone(), key.to_owned()))
}

fn opt_text(e: &Entry, key: &str, text: &Option<String>) -> Option<F> {
    text.as_ref().map(|t| text_field(e, key, t))
}

fn num_field(e: &Entry, key: &str, path: &str, v: f64) -> F {
    F::new(key, Node::Scalar(number(v))).tagged((e.clone(), path.to_owned()))
}

fn list_field<'a>(
    e: &Entry,
    key: &str,
    items: impl IntoIterator<Item = &'a (impl ToString + 'a)>,
) -> F {
    let items: Vec<String> = items.into_iter().map(ToString::to_string).collect();
    F::new(
        key,
        Node::texts(items.iter().map(String::as_str), tag(e, key)),
    )
}

fn source_field(e: &Entry, key: &str, s: &Option<Source>) -> Option<F> {
    let s = s.as_ref()?;
    if s.url.is_none() && s.as_of.is_none() {
        return Some(text_field(e, key, &s.citation));
    }
    let mut fields = vec![text_field(e, key, &s.citation)];
    fields[0].key = "citation".into();
    if let Some(url) = &s.url {
        fields.push(F::new("url", Node::text(url)).tagged((e.clone(), format!("{key}.url"))));
    }
    if let Some(d) = &s.as_of {
        fields.push(
            F::new("as_of", Node::Scalar(d.to_string()))
                .tagged((e.clone(), format!("{key}.as_of"))),
        );
    }
    Some(F::new(key, Node::Map(fields)))
}

/// Money as YAML reads it back exactly: whole amounts as integers, pence as a decimal, and
/// amounts too long for a float's precision quoted (read from the text, never through a float).
pub fn money(m: Money) -> String {
    let text = m.plain();
    let whole = text.strip_suffix(".00").unwrap_or(&text);
    if whole.trim_start_matches('-').len() > 15 {
        crate::yaml::quoted(whole)
    } else {
        whole.to_owned()
    }
}

fn area_fields(map: &Map, provenance: &Provenance) -> Vec<F> {
    let a = &map.area;
    let e = Entry::Area;
    let mut f = vec![
        text_field(&e, "id", a.id.as_str()),
        text_field(&e, "name", &a.name),
    ];
    f.extend(opt_text(&e, "period", &a.period));
    f.push(text_field(&e, "currency", &a.currency));
    for (key, v) in [
        ("population", a.population),
        ("working_age_population", a.working_age_population),
    ] {
        f.extend(v.map(|v| num_field(&e, key, key, v)));
    }
    if a.illustrative {
        f.push(
            F::new("illustrative", Node::Scalar("true".into()))
                .tagged((e.clone(), "illustrative".into())),
        );
    }
    if !a.figures.is_empty() || a.figures_source.is_some() {
        let mut figures: Vec<F> = a
            .figures
            .iter()
            .map(|(name, figure)| {
                let fe = Entry::Figure(name.clone());
                Field {
                    comments: comments_of(provenance, &fe),
                    key: name.clone(),
                    value: Node::Scalar(number(figure.value)),
                    key_tag: tag(&fe, "id"),
                    tag: tag(&fe, "value"),
                    whole_tag: None,
                }
            })
            .collect();
        figures.extend(
            source_field(&e, "figures_source", &a.figures_source).map(|mut s| {
                s.key = "source".into();
                s
            }),
        );
        f.push(F::new("figures", Node::Block(figures)));
    }
    f.extend(source_field(&e, "source", &a.source));
    let mut top = vec![Field {
        comments: comments_of(provenance, &e),
        key: "area".into(),
        value: Node::Block(f),
        key_tag: None,
        tag: None,
        whole_tag: tag(&e, ""),
    }];
    if !map.benchmarks.is_empty() {
        let overrides = map
            .benchmarks
            .iter()
            .map(|(id, b)| {
                let be = Entry::Benchmark(id.clone());
                Field {
                    comments: comments_of(provenance, &be),
                    key: id.clone(),
                    value: Node::Scalar(number(b.value)),
                    key_tag: tag(&be, "id"),
                    tag: tag(&be, "value"),
                    whole_tag: None,
                }
            })
            .collect();
        top.push(F::new("benchmarks", Node::Block(overrides)));
    }
    top
}

fn commissioner<'a>(c: &'a Commissioner, provenance: &Provenance) -> (Entry, &'a str, Vec<F>) {
    let e = Entry::Commissioner(c.id.clone());
    let mut f = vec![text_field(&e, "name", &c.name)];
    if c.kind != "other" {
        f.push(text_field(&e, "kind", &c.kind));
    }
    if !c.identifiers.is_empty() {
        f.push(list_field(&e, "identifiers", &c.identifiers));
    }
    f.extend(funding_field(
        "funded_by",
        &c.id,
        &c.funded_by,
        &c.planned,
        provenance,
    ));
    f.extend(opt_text(&e, "notes", &c.notes));
    f.extend(source_field(&e, "source", &c.source));
    (e, c.id.as_str(), f)
}

fn provider(p: &Provider) -> (Entry, &str, Vec<F>) {
    let e = Entry::Provider(p.id.clone());
    let mut f = vec![text_field(&e, "name", &p.name)];
    if p.sector != "other" {
        f.push(text_field(&e, "sector", &p.sector));
    }
    if !p.identifiers.is_empty() {
        f.push(list_field(&e, "identifiers", &p.identifiers));
    }
    f.extend(opt_text(&e, "notes", &p.notes));
    f.extend(source_field(&e, "source", &p.source));
    (e, p.id.as_str(), f)
}

fn rule(r: &Rule) -> (Entry, &str, Vec<F>) {
    let e = Entry::Rule(r.id.clone());
    let mut f: Vec<F> = opt_text(&e, "description", &r.description)
        .into_iter()
        .collect();
    f.extend(condition_fields(&r.condition, &e, "condition"));
    f.extend(opt_text(&e, "notes", &r.notes));
    f.extend(source_field(&e, "source", &r.source));
    (e, r.id.as_str(), f)
}

fn cohort(c: &Cohort) -> (Entry, &str, Vec<F>) {
    let e = Entry::Cohort(c.id.clone());
    let mut f = vec![
        text_field(&e, "name", &c.name),
        F::new("size", Node::Scalar(c.size.to_string())).tagged((e.clone(), "size".into())),
    ];
    if !c.attributes.is_empty() {
        f.push(attributes_field("attributes", &c.attributes, &e));
    }
    if !c.needs.is_empty() {
        let needs = if c.needs.values().all(|s| s.get() == 1.0) {
            Node::texts(c.needs.keys().map(Id::as_str), tag(&e, "needs"))
        } else {
            Node::Map(
                c.needs
                    .iter()
                    .map(|(stage, share)| {
                        let path = format!("needs.{stage}");
                        Field {
                            key_tag: tag(&e, &path),
                            ..F::new(stage.as_str(), Node::Scalar(number(share.get())))
                                .tagged((e.clone(), path.clone()))
                        }
                    })
                    .collect(),
            )
        };
        f.push(F::new("needs", needs));
    }
    if !c.enters_via.is_empty() {
        f.push(list_field(&e, "enters_via", &c.enters_via));
    }
    if !c.after_start.is_empty() {
        f.push(attributes_field("after_start", &c.after_start, &e));
    }
    f.extend(opt_text(&e, "notes", &c.notes));
    f.extend(source_field(&e, "source", &c.source));
    (e, c.id.as_str(), f)
}

fn service<'a>(s: &'a Service, provenance: &Provenance) -> (Entry, &'a str, Vec<F>) {
    let e = Entry::Service(s.id.clone());
    let mut f = vec![text_field(&e, "name", &s.name)];
    f.extend(
        s.provider
            .as_ref()
            .map(|p| text_field(&e, "provider", p.as_str())),
    );
    if s.model != "other" {
        f.push(text_field(&e, "model", &s.model));
    }
    if s.national {
        f.push(
            F::new("national", Node::Scalar("true".into())).tagged((e.clone(), "national".into())),
        );
    }
    if !s.stages.is_empty() {
        f.push(list_field(&e, "stages", &s.stages));
    }
    match &s.eligibility {
        Eligibility::Open => {}
        Eligibility::Rule(id) => f.push(text_field(&e, "eligibility", id.as_str())),
        Eligibility::Inline(c) => f.push(
            F::new("eligibility", condition_node(c, &e, "eligibility"))
                .tagged((e.clone(), "eligibility".into())),
        ),
    }
    let r = &s.referral;
    if r.self_referral || !r.from.is_empty() {
        let mut referral = Vec::new();
        if r.self_referral {
            referral.push(
                F::new("self", Node::Scalar("true".into()))
                    .tagged((e.clone(), "referral.self".into())),
            );
        }
        if !r.from.is_empty() {
            referral.push(F::new(
                "from",
                Node::texts(r.from.iter().map(Id::as_str), tag(&e, "referral.from")),
            ));
        }
        f.push(F::new("referral", Node::Map(referral)));
    }
    let c = &s.capacity;
    f.extend(numbers_field(
        &e,
        "capacity",
        [
            ("people_per_year", c.people_per_year.map(|p| p as f64)),
            ("wte", c.wte),
            ("caseload", c.caseload),
        ],
    ));
    f.extend(s.fidelity.map(|v| num_field(&e, "fidelity", "fidelity", v)));
    let o = &s.outcomes;
    f.extend(numbers_field(
        &e,
        "outcomes",
        [
            ("people_supported", o.people_supported),
            ("out_of_work", o.out_of_work),
            ("job_starts", o.job_starts),
            ("sustained_13_weeks", o.sustained_13_weeks),
        ],
    ));
    f.extend(
        s.employment_share
            .map(|v| num_field(&e, "employment_share", "employment_share", v.get())),
    );
    f.extend(funding_field(
        "funding", &s.id, &s.funding, &s.planned, provenance,
    ));
    f.extend(opt_text(&e, "notes", &s.notes));
    f.extend(source_field(&e, "source", &s.source));
    (e, s.id.as_str(), f)
}

/// A mapping of the numbers given (`capacity: { wte: 2 }`), each recorded as `key.name`; none
/// when no number is given.
fn numbers_field<const N: usize>(
    e: &Entry,
    key: &str,
    numbers: [(&str, Option<f64>); N],
) -> Option<F> {
    let fields: Vec<F> = numbers
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| num_field(e, k, &format!("{key}.{k}"), v)))
        .collect();
    (!fields.is_empty()).then(|| F::new(key, Node::Map(fields)))
}

fn accepted(map: &Map, provenance: &Provenance) -> Vec<F> {
    map.accepted_overlaps
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let e = Entry::AcceptedOverlap(i);
            let mut f = vec![list_field(&e, "services", &a.services)];
            f.extend(
                a.cohort
                    .as_ref()
                    .map(|c| text_field(&e, "cohort", c.as_str())),
            );
            f.extend(
                a.stage
                    .as_ref()
                    .map(|s| text_field(&e, "stage", s.as_str())),
            );
            f.extend(opt_text(&e, "reason", &a.reason));
            Field {
                comments: comments_of(provenance, &e),
                whole_tag: tag(&e, ""),
                ..F::new("", Node::Map(f))
            }
        })
        .collect()
}
