//! A directory of services (read from Open Referral JSON or its CSV data package) made into a
//! draft map: organisations become providers, services become services, named funding sources
//! become commissioners, age limits become rules, taxonomy terms and descriptions become stages and
//! models where the mapping table says so. Everything else a record holds that the map has a
//! place for only as text (free-text eligibility, target audiences, service areas, unmapped terms)
//! goes into the entry's `notes` and the report: nothing is dropped, and nothing is guessed into a
//! rule. A directory has no cohorts and no amounts; the report says what to add.

mod build;

use indexmap::IndexMap;

use super::Report;
use super::personal::Personal;
use crate::model::{AttrValue, BUILTIN_STAGES, Id, Map};
use crate::unique::Numbered;
use crate::yaml::map::Provenance;

pub(crate) use build::build;

/// An organisation as the directory names it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Organisation {
    pub id: String,
    pub name: Option<String>,
    pub identifiers: Vec<String>,
    pub description: Option<String>,
    /// Where it was read, when apart from a service (`organizations.csv row 3`).
    pub origin: Option<String>,
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
    /// What the record gives that could not be read (an age written in words), each with why:
    /// reported, never dropped without a word.
    pub unread: Vec<String>,
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

impl Directory {
    /// Adds an organisation listed apart from services. One whose id was read already keeps the
    /// first; a repeat that differs (another name, other identifiers) is reported, never dropped
    /// without a word, and one that says the same is read once.
    pub(crate) fn add_organisation(&mut self, o: Organisation) {
        let Some(first) = self.organisations.get(&o.id) else {
            self.organisations.insert(o.id.clone(), o);
            return;
        };
        if (&first.name, &first.identifiers, &first.description)
            == (&o.name, &o.identifiers, &o.description)
        {
            return;
        }
        let name = |x: &Organisation| x.name.clone().unwrap_or_else(|| "no name".to_owned());
        let what = match (&first.origin, &o.origin) {
            (Some(a), Some(b)) => format!("organisation {} in {a} and {b}", o.id),
            _ => format!("organisation {}, listed twice", o.id),
        };
        self.report.unplaced(
            what,
            format!(
                "twice, and the two differ: the first kept (\"{}\"), not \"{}\"; give each organisation its own id",
                name(first),
                name(&o)
            ),
        );
    }
}

/// Ids for new entries: from names, unique across the map.
struct Ids(Numbered);

impl Ids {
    fn new() -> Ids {
        // Built-in stage ids are left free, so no entry reads like a stage.
        Ids(Numbered::taking(BUILTIN_STAGES.iter().map(|(s, _)| *s)))
    }

    /// A new id from `name`: lower-case words joined by `-`, numbered where taken.
    fn take(&mut self, name: &str, fallback: &str) -> Id {
        let mut base = super::id_words(name);
        if base.chars().count() > 48 {
            let cut: String = base.chars().take(48).collect();
            base = cut
                .rsplit_once('-')
                .map_or(cut.clone(), |(a, _)| a.to_owned());
        }
        if base.is_empty() {
            base = fallback.to_owned();
        }
        Id(self.0.take(&base))
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
        "Name the area (it is named \"{area_name}\", after the folder written to), and add its population, working-age population and the figures the benchmarks need (`ecomap docs format`, area)."
    );
    let cohorts = "Add cohorts: a directory lists services, not the people who need them. Add the groups of people your partnership plans for, with their size, attributes, the stages they need and where they first show up (`ecomap docs format`, cohorts).".to_owned();
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

/// The oldest age a rule is made for: no one has lived past 122, so an age limit above this is a
/// slip (`1e10` for "no limit"), and a rule `age-10000000000-or-less` would mean nothing.
pub(crate) const MAX_AGE: f64 = 130.0;

/// An age limit of a service, or why it is left out (`key` and `written` as the input has them).
pub(crate) fn read_age(n: Option<f64>, key: &str, written: &str) -> Result<Option<f64>, String> {
    match n {
        None => Err(format!(
            "its `{key}` ({written}) is not a number of years: left out"
        )),
        Some(n) if !n.is_finite() || n > MAX_AGE => Err(format!(
            "its `{key}` ({written}) is not an age a person can be (at most {MAX_AGE} years): left out"
        )),
        Some(n) => Ok(Some(n)),
    }
}

/// A key of a directory's object or table as compared: lower case, without `_` and `-`, so `service_id` is `serviceId`.
pub(crate) fn norm(key: &str) -> String {
    normed(key).collect()
}

/// Whether keys `a` and `b` compare the same ([`norm`]), without making a string: a directory's
/// service is looked up by key many times.
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return ascii_normed(a).eq(ascii_normed(b));
    }
    normed(a).eq(normed(b))
}

/// [`normed`] for a key all ASCII: its bytes, the same as its characters.
fn ascii_normed(key: &str) -> impl Iterator<Item = u8> + '_ {
    key.bytes()
        .filter(|c| *c != b'_' && *c != b'-')
        .map(|c| c.to_ascii_lowercase())
}

/// The characters of `key` as [`norm`] makes them.
fn normed(key: &str) -> impl Iterator<Item = char> + '_ {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
}

/// A text of the directory longer than a map's value may be (`what` names it: `the \`name\` of
/// service \`s-2\``), as an error at `span` in the input, saying how to mend it: the map could
/// not be written with it.
pub(crate) fn too_long_text(
    span: crate::diag::Span,
    what: &str,
    bytes: usize,
    label: &str,
) -> crate::diag::Diagnostic {
    crate::diag::Diagnostic::new(
        crate::diag::Code::YamlLimit,
        format!(
            "{what} is {} bytes long: a map's names and words take at most {}, so no map can hold it",
            crate::money::group_thousands(bytes as u64),
            crate::money::group_thousands(crate::load::MAX_VALUE_BYTES as u64)
        ),
    )
    .at(span, format!("{label} is too long for a map"))
    .help("shorten it in the directory's data (a long text belongs in the directory, which the map's `source:` names), or leave this record out of the file, and run the import again: no map was written")
}
