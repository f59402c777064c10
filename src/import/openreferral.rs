//! `ecomap import openreferral`: a council's directory of services, as Open Referral UK (HSDS)
//! publishes it, read into a draft map (`directory` makes the map).
//!
//! Reads JSON as feeds serve it, and survives their quirks: a page of services in either paging
//! shape (`content`/`totalElements`/`last`, as Open Referral UK v1 APIs page; `contents`/
//! `total_items`/`total_pages`, as HSDS 3 does), a bare list, or one service; a folder of pages;
//! keys in snake or camel case (`service_id`, `serviceId`); the same service on two pages; services
//! with no organisation; ages of -1 for "not set"; eligibility held only in a vendor field
//! (`pc_targetAudience`). A folder holding `services.csv` is read as the HSDS CSV data package
//! (`openreferral_csv`). Personal data (contacts, e-mail addresses, phone numbers, assurance
//! metadata) is never read into the map, only counted.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::directory::{self, Directory, Organisation, Record, norm, same_key};
use super::json::{Checked, Part};
use super::mapping::Mapping;
use super::personal::Personal;
use super::{Draft, Failure};
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::{FileId, Sources};

/// What to read.
#[derive(Debug, Clone)]
pub enum Input {
    /// JSON read from standard input, as bytes (within the file limit).
    Stdin(Vec<u8>),
    /// A JSON file, or a folder of JSON pages or of the CSV data package.
    Path(PathBuf),
}

/// Reads `input` and makes the draft map of the area `area` (id, name).
pub fn import(
    input: &Input,
    mapping: &Mapping,
    area: (&str, &str),
    limits: &crate::load::Limits,
) -> Result<Draft, Failure> {
    let mut dir = Directory::default();
    let mut sources = Sources::default();
    let mut diagnostics = Diagnostics::default();
    let described = match input {
        Input::Stdin(bytes) => {
            let name = "standard input".to_owned();
            if let Some(file) = json_text(&mut sources, name, bytes.clone(), &mut diagnostics) {
                read_json(&sources, file, &mut dir, &mut diagnostics);
            }
            "standard input".to_owned()
        }
        Input::Path(path) if path.is_dir() => {
            let files = folder(path)?;
            if files
                .iter()
                .any(|f| f.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
            {
                let read = super::openreferral_csv::Read {
                    sources: &mut sources,
                    dir: &mut dir,
                    diagnostics: &mut diagnostics,
                };
                super::openreferral_csv::read(&files, read, limits);
            } else {
                for f in &files {
                    let Some(bytes) =
                        super::openreferral_csv::input_bytes(f, limits, &mut diagnostics)
                    else {
                        continue;
                    };
                    let name = f.display().to_string();
                    if let Some(file) = json_text(&mut sources, name, bytes, &mut diagnostics) {
                        read_json(&sources, file, &mut dir, &mut diagnostics);
                    }
                }
            }
            path.display().to_string()
        }
        Input::Path(path) => {
            let bytes = crate::load::read_input(path, limits)
                .map_err(|why| Failure::Io(path.to_owned(), why))?;
            let name = path.display().to_string();
            if let Some(file) = json_text(&mut sources, name, bytes, &mut diagnostics) {
                read_json(&sources, file, &mut dir, &mut diagnostics);
            }
            path.display().to_string()
        }
    };
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(Failure::Invalid(sources, diagnostics));
    }
    Ok(directory::build(dir, mapping, area, &described))
}

/// Why a file or folder could not be read, in words, with what to do.
fn reading(e: &std::io::Error) -> String {
    crate::load::io_words(e, crate::load::Doing::Reading)
}

/// A JSON file's text added to `sources`, or `None` with the located error when it is not UTF-8.
fn json_text(
    sources: &mut Sources,
    name: String,
    bytes: Vec<u8>,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    crate::load::add_input_text(sources, name, bytes, "save it as UTF-8, or fetch it again")
        .map_err(|d| diagnostics.push(*d))
        .ok()
}

/// The files of a folder to read: `services.csv` and the package's other tables if it has one,
/// else its `.json` files, numbered pages in number order (`page-2` before `page-10`).
fn folder(path: &Path) -> Result<Vec<PathBuf>, Failure> {
    let entries = std::fs::read_dir(path).map_err(|e| Failure::Io(path.to_owned(), reading(&e)))?;
    // Every entry so named, a folder or a link to nothing too: one that cannot be read is
    // reported, never left out unseen.
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| Failure::Io(path.to_owned(), reading(&e)))?;
    let ext = |p: &PathBuf, x: &str| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(x));
    let package = files.iter().any(|p| {
        ext(p, "csv")
            && p.file_stem()
                .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case("services"))
    });
    files.retain(|p| {
        if package {
            ext(p, "csv")
        } else {
            ext(p, "json")
        }
    });
    files.sort_by_key(|p| {
        natural_key(
            &p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )
    });
    if files.is_empty() {
        return Err(Failure::Io(
            path.to_owned(),
            "it holds no .json files and no services.csv: point at a directory's JSON (one file, or a folder of pages) or its CSV data package".into(),
        ));
    }
    Ok(files)
}

/// A name split into text and numbers, so that numbers sort by value.
fn natural_key(name: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

/// The value of the first of `keys` an object has (compared by [`norm`]), not null.
fn get<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    let obj = v.as_object()?;
    keys.iter().find_map(|k| {
        obj.iter()
            .find(|(key, value)| same_key(key, k) && !value.is_null())
            .map(|(_, value)| value)
    })
}

/// A value as text: a string trimmed, a number as written; nothing for empty or other values.
fn text(v: &Value) -> Option<String> {
    let t = match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!t.is_empty()).then_some(t)
}

fn get_text(v: &Value, keys: &[&str]) -> Option<String> {
    get(v, keys).and_then(text)
}

/// A number, or a string holding one.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The items of a list, or a single value as one item.
fn items(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.iter().filter(|x| !x.is_null()).collect(),
        Some(one) => vec![one],
    }
}

/// Reads the services in one JSON file: the file is checked whole, then read a service (or an
/// organisation with its services) at a time, so that a large page is never held whole as values.
fn read_json(sources: &Sources, file: FileId, dir: &mut Directory, diagnostics: &mut Diagnostics) {
    let name = sources.name(file).to_owned();
    let short = Path::new(&name)
        .file_name()
        .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    let checked = match super::json::check(sources.text(file)) {
        Ok(c) => c,
        Err(e) => {
            let span = span_at(sources, file, e.line, e.column);
            diagnostics.push(
                Diagnostic::new(
                    Code::JsonSyntax,
                    format!("{short} is not well-formed JSON: {}", e.what),
                )
                .at(span, "the file stops being read here"),
            );
            return;
        }
    };
    let Some(document) = Document::of(checked) else {
        diagnostics.push(
            Diagnostic::new(Code::JsonSyntax, format!("{short} is not a list of services"))
                .at(Span { file, range: 0..1 }, "not a page of services, a list of them, or one service")
                .help("point at a directory's /services list (a page with `content` or `contents`, or a bare list), or at one service"),
        );
        return;
    };
    for o in &document.organisations {
        too_long(sources, file, o, "organisation", diagnostics);
    }
    for o in &document.organisations {
        if let Some(org) = organisation(o, &mut dir.personal) {
            dir.add_organisation(org);
        }
    }
    let mut services = 0;
    let listed_organisations = document.each_service(|s, owner| {
        services += 1;
        too_long(sources, file, s, "service", diagnostics);
        let mut r = record(s, &short, &mut dir.personal);
        if r.organisation.is_none() {
            r.organisation = owner.and_then(|o| organisation(o, &mut dir.personal));
        }
        dir.records.push(r);
    });
    // A page of organisations counts organisations, not services.
    let declared = document.declared.filter(|_| !listed_organisations);
    if let Some(total) = declared {
        dir.declared.push((total, short.clone()));
    }
    dir.report.read.push(format!(
        "{short}: {}{}",
        plural(services, "service"),
        declared.map_or(String::new(), |t| format!(
            " (the directory says {t} in all)"
        ))
    ));
}

/// The keys of a service (or an organisation) whose text the map is made from: what is carried,
/// the taxonomy terms, and the id and status its notes and `source:` name.
fn kept(key: &str) -> bool {
    CARRIED
        .iter()
        .chain(TERM_LISTS)
        .chain(&["id", "status", "organization_id", "organisation_id"])
        .any(|k| same_key(k, key))
}

/// Each text of a service (or of an organisation, `kind`) the map is made from that is longer than
/// a map's value may be, as an error at its place in `file`: the map could not be written with it,
/// and the record's text is what to shorten.
fn too_long(sources: &Sources, file: FileId, v: &Value, kind: &str, diagnostics: &mut Diagnostics) {
    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::String(s) if s.len() > crate::load::MAX_VALUE_BYTES => out.push(s),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let Value::Object(obj) = v else { return };
    let id = get_text(v, &["id"]).filter(|id| id.len() <= 200);
    let whose = id.map_or_else(|| format!("a {kind}"), |id| format!("{kind} `{id}`"));
    for (key, value) in obj.iter().filter(|(k, _)| kept(k)) {
        let mut long = Vec::new();
        walk(value, &mut long);
        for text in long {
            let range = literal_of(sources.text(file), text).unwrap_or(0..1);
            diagnostics.push(directory::too_long_text(
                Span { file, range },
                &format!("the `{key}` of {whose}"),
                text.len(),
                "this text",
            ));
        }
    }
}

/// Where in JSON `text` the string literal that reads as `target` is (quotes included): the
/// first literal long enough (its text is never shorter than what it reads as) that does.
fn literal_of(text: &str, target: &str) -> Option<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < bytes.len() && bytes[i] != b'"' {
            // An escape's next byte is part of it (`\"` does not end the text).
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        let end = (i + 1).min(bytes.len());
        if end - start >= target.len() + 2
            && let Some(literal) = text.get(start..end)
            && serde_json::from_str::<String>(literal).is_ok_and(|s| s == target)
        {
            return Some(start..end);
        }
        i = end;
    }
    None
}

/// Where a document's services are, read a part at a time: the list holding them (or the one
/// service the document is), what the document says it holds in all, and organisations listed
/// beside the services.
struct Document<'a> {
    services: Services<'a>,
    declared: Option<usize>,
    organisations: Vec<Value>,
}

enum Services<'a> {
    /// A list of services; an item holding a `services` list is an organisation (an
    /// `/organizations` page), whose services are read under it.
    List(Vec<Part<'a>>),
    /// A list of services, under the organisation the document is, if it is one.
    Owned(Vec<Part<'a>>, Option<Value>),
    /// The document is one service.
    One(Value),
}

impl<'a> Document<'a> {
    /// The services of a checked document: a bare list, a page (`content`, `contents`,
    /// `items`, `data` or `results`), a dump with `services` (and organisations beside them), one
    /// organisation with its `services`, or one service; `None` for anything else.
    fn of(checked: Checked<'a>) -> Option<Document<'a>> {
        let Some(members) = checked.members() else {
            let list = checked.items()?;
            return Some(Document {
                services: Services::List(list),
                declared: None,
                organisations: Vec::new(),
            });
        };
        // The first member (in the order of `keys`) named one of `keys`, in any case or
        // spelling, that is not null: with its key as written.
        let named = |keys: &[&str]| -> Option<(&String, Part<'a>)> {
            keys.iter().find_map(|k| {
                (members.iter())
                    .find(|(key, value)| same_key(key, k) && !value.is_null())
                    .map(|(key, value)| (key, *value))
            })
        };
        let member = |keys: &[&str]| named(keys).map(|(_, value)| value);
        let total = || {
            member(&["totalElements", "total_items"])
                .and_then(|p| number(&p.value()))
                .map(|n| n as usize)
        };
        for key in ["content", "contents", "items", "data", "results"] {
            if let Some(list) = member(&[key]).and_then(Part::items) {
                return Some(Document {
                    services: Services::List(list),
                    declared: total(),
                    organisations: Vec::new(),
                });
            }
        }
        if let Some((list, listed_as)) =
            named(&["services"]).and_then(|(key, p)| Some((p.items()?, key)))
        {
            // A dump with organisations beside services, or one organisation with its services:
            // the organisation is the document but for the list being read.
            let organisations = member(&["organizations", "organisations"])
                .map(|p| items(Some(&p.value())).into_iter().cloned().collect())
                .unwrap_or_default();
            let owner = member(&["id"]).is_some().then(|| {
                Value::Object(
                    (members.iter())
                        .filter(|(key, _)| *key != listed_as)
                        .map(|(key, value)| (key.clone(), value.value()))
                        .collect(),
                )
            });
            return Some(Document {
                services: Services::Owned(list, owner),
                declared: total(),
                organisations,
            });
        }
        (member(&["id"]).is_some() && member(&["name"]).is_some()).then(|| Document {
            services: Services::One(checked.value()),
            declared: None,
            organisations: Vec::new(),
        })
    }

    /// Gives each service in file order, with the organisation it is listed under, if it is;
    /// returns whether any item of the list was an organisation.
    fn each_service(&self, mut each: impl FnMut(&Value, Option<&Value>)) -> bool {
        let mut organisations = false;
        match &self.services {
            Services::One(service) => each(service, None),
            Services::Owned(list, owner) => {
                for service in list.iter().map(|p| p.value()).filter(Value::is_object) {
                    each(&service, owner.as_ref());
                }
            }
            Services::List(list) => {
                for item in list.iter().map(|p| p.value()).filter(Value::is_object) {
                    match get(&item, &["services"]) {
                        Some(Value::Array(services)) => {
                            organisations = true;
                            for s in services.iter().filter(|s| s.is_object()) {
                                each(s, Some(&item));
                            }
                        }
                        _ => each(&item, None),
                    }
                }
            }
        }
        organisations
    }
}

/// The place of a 1-based line and column (in bytes) in `file`.
fn span_at(sources: &Sources, file: FileId, line: usize, column: usize) -> Span {
    let text = sources.text(file);
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = (start + column.saturating_sub(1)).min(text.len());
    let at = (0..=at)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    Span {
        file,
        range: at..(at + 1).min(text.len()).max(at),
    }
}

/// An organisation object (or a name given alone).
fn organisation(v: &Value, personal: &mut Personal) -> Option<Organisation> {
    if let Value::String(name) = v {
        let name = name.trim();
        return (!name.is_empty()).then(|| Organisation {
            id: name.to_owned(),
            name: Some(name.to_owned()),
            ..Organisation::default()
        });
    }
    let id = get_text(v, &["id"]);
    let name = get_text(v, &["name"]);
    let id = id.or_else(|| name.clone())?;
    let mut identifiers = Vec::new();
    for i in items(get(
        v,
        &[
            "organization_identifiers",
            "organisation_identifiers",
            "identifiers",
        ],
    )) {
        match (
            get_text(i, &["identifier_scheme", "scheme"]),
            get_text(i, &["identifier"]),
            text(i),
        ) {
            (Some(scheme), Some(id), _) if id.starts_with(&scheme) => identifiers.push(id),
            (Some(scheme), Some(id), _) => identifiers.push(format!("{scheme}-{id}")),
            (None, Some(id), _) | (_, _, Some(id)) => identifiers.push(id),
            _ => {}
        }
    }
    count_personal(v, &["name", "description", "services"], personal);
    Some(Organisation {
        id,
        name,
        identifiers,
        description: get_text(v, &["description"]),
        origin: None,
    })
}

/// A service record, from any of the shapes feeds give.
fn record(v: &Value, origin: &str, personal: &mut Personal) -> Record {
    let mut r = Record {
        id: get_text(v, &["id"]).unwrap_or_default(),
        name: get_text(v, &["name"]),
        description: get_text(v, &["description"]),
        status: get_text(v, &["status"]),
        origin: origin.to_owned(),
        fingerprint: v.to_string(),
        ..Record::default()
    };
    r.organisation = match get(v, &["organization", "organisation"]) {
        Some(o) => organisation(o, personal),
        None => get_text(v, &["organization_id", "organisation_id"]).map(|id| Organisation {
            id,
            ..Organisation::default()
        }),
    };
    eligibility(v, &mut r);
    r.audience = unique(
        items(get(
            v,
            &["pc_targetAudience", "target_audience", "audience"],
        ))
        .into_iter()
        .flat_map(|a| match a {
            Value::Object(_) => {
                get_text(a, &["audienceType", "audience", "name", "value", "label"])
                    .into_iter()
                    .collect()
            }
            Value::String(s) => s.split([';', '\n']).map(str::to_owned).collect(),
            other => text(other).into_iter().collect::<Vec<_>>(),
        }),
    );
    r.funding = items(get(v, &["fundings", "funding"]))
        .into_iter()
        .filter_map(|f| match f {
            Value::Object(_) => get_text(f, &["source", "name"]),
            other => text(other),
        })
        .collect();
    r.areas = unique(
        items(get(v, &["service_areas", "service_area", "areas"]))
            .into_iter()
            .filter_map(|a| match a {
                Value::Object(_) => get_text(a, &["service_area", "name"]),
                other => text(other),
            }),
    );
    r.terms = unique(
        TERM_LISTS
            .iter()
            .flat_map(|key| items(get(v, &[key])))
            .filter_map(|t| match t {
                Value::Object(_) => get(t, &["taxonomy", "taxonomy_term"])
                    .and_then(|inner| get_text(inner, &["name", "term"]))
                    .or_else(|| get_text(t, &["name", "term"])),
                other => text(other),
            }),
    );
    count_personal(v, CARRIED, personal);
    r
}

/// The lists a service's taxonomy terms are found in, in the shapes feeds give.
const TERM_LISTS: &[&str] = &[
    "service_taxonomys",
    "service_taxonomies",
    "taxonomies",
    "taxonomy_terms",
    "attributes",
    "categories",
];

/// The fields of a service whose text is kept (scrubbed of personal data where it is kept).
const CARRIED: &[&str] = &[
    "name",
    "description",
    "eligibilitys",
    "eligibilities",
    "eligibility",
    "eligibility_description",
    "pc_targetAudience",
    "target_audience",
    "audience",
    "fundings",
    "funding",
    "service_areas",
    "service_area",
    "areas",
    "organization",
    "organisation",
];

/// Texts tidied (see [`audience`]) and each kept once, in order.
fn unique(texts: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        let t = audience(&t);
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// A service's age limits (on the service, and on each eligibility entry) and its free-text
/// eligibility.
fn eligibility(v: &Value, r: &mut Record) {
    let ages = |v: &Value, unread: &mut Vec<String>| {
        let mut age = |keys: &[&str]| {
            let given = get(v, keys).filter(|g| !g.is_null())?;
            directory::read_age(number(given), keys[0], &given.to_string()).unwrap_or_else(|why| {
                unread.push(why);
                None
            })
        };
        let a = (
            age(&["minimum_age", "min_age"]),
            age(&["maximum_age", "max_age"]),
        );
        (a.0.is_some() || a.1.is_some()).then_some(a)
    };
    let own = ages(v, &mut r.unread);
    r.ages.extend(own);
    for e in items(get(v, &["eligibilitys", "eligibilities", "eligibility"])) {
        match e {
            Value::Object(_) => {
                let limits = ages(e, &mut r.unread);
                r.ages.extend(limits);
                r.eligibility
                    .extend(get_text(e, &["eligibility", "description", "name"]));
            }
            other => r.eligibility.extend(text(other)),
        }
    }
    r.eligibility
        .extend(get_text(v, &["eligibility_description"]));
}

/// An audience or term as kept: a hierarchy's parts trimmed and joined by ` > `, one space
/// between words.
fn audience(text: &str) -> String {
    text.split('>')
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" > ")
}

/// Counts the e-mail addresses in every field of `v` but those it carries into the map (which are
/// scrubbed where they are kept), and the phone numbers under any phone field.
fn count_personal(v: &Value, carried: &[&str], personal: &mut Personal) {
    fn walk(v: &Value, phone: bool, personal: &mut Personal) {
        match v {
            Value::String(s) if phone => personal.count_in(s),
            Value::String(s) => personal.count_emails_in(s),
            Value::Array(a) => a.iter().for_each(|x| walk(x, phone, personal)),
            Value::Object(o) => {
                for (k, x) in o {
                    let k = norm(k);
                    let phone = phone
                        || ["phone", "telephone", "mobile", "fax"]
                            .iter()
                            .any(|p| k.contains(p));
                    walk(x, phone, personal);
                }
            }
            _ => {}
        }
    }
    let carried: Vec<String> = carried.iter().map(|c| norm(c)).collect();
    if let Value::Object(o) = v {
        for (k, x) in o {
            let k = norm(k);
            if !carried.contains(&k) {
                walk(
                    x,
                    ["phone", "telephone", "mobile", "fax"]
                        .iter()
                        .any(|p| k.contains(p)),
                    personal,
                );
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_in_any_case_and_spelling() {
        let v: Value = serde_json::json!({ "serviceId": "7", "Minimum_Age": -1, "x": null });
        assert_eq!(get_text(&v, &["service_id"]), Some("7".to_owned()));
        assert_eq!(get(&v, &["minimum_age"]).and_then(number), Some(-1.0));
        assert!(get(&v, &["x"]).is_none());
        // Compared without making a string, the same as comparing the two made.
        assert!(same_key("Service-ID", "service_id"));
        assert!(!same_key("service", "service_id"));
        assert!(!same_key("service_ids", "serviceId"));
        assert!(same_key("MİN", "mi̇n"));
        assert!(!same_key("MİN", "min"));
        assert!(!same_key("Min", "mi̇n"));
    }

    /// Each service of a document as (its id, its owner's id).
    type Given = Vec<(String, Option<String>)>;

    /// Each service of `text`, what it says it holds, and whether the list was of organisations.
    fn services_of(text: &str) -> Option<(Given, Option<usize>, bool)> {
        let checked = crate::import::json::check(text).expect("well-formed");
        let document = Document::of(checked)?;
        let mut found = Vec::new();
        let organisations = document.each_service(|s, owner| {
            let id = |v: &Value| get_text(v, &["id"]).unwrap_or_default();
            found.push((id(s), owner.map(id)));
        });
        Some((found, document.declared, organisations))
    }

    #[test]
    fn a_document_gives_its_services_in_every_shape_a_directory_serves() {
        let s = |id: &str, owner: Option<&str>| (id.to_owned(), owner.map(str::to_owned));
        // A bare list: its objects are services; the string and the null are not.
        assert_eq!(
            services_of(r#"[ {"id": "a"}, "b", null, {"id": "c"} ]"#),
            Some((vec![s("a", None), s("c", None)], None, false))
        );
        // A page: the first list among content, contents, items, data and results that is a
        // list (here `data`: `content` is null and `items` not a list), with its total.
        assert_eq!(
            services_of(
                r#"{ "content": null, "items": "x", "data": [ {"id": "a"} ], "totalElements": "5" }"#
            ),
            Some((vec![s("a", None)], Some(5), false))
        );
        // A page of organisations, each holding its services, beside a service of its own.
        assert_eq!(
            services_of(
                r#"{ "contents": [ {"id": "o1", "services": [ {"id": "a"}, 7 ]}, {"id": "b"} ],
                     "total_items": 2 }"#
            ),
            Some((vec![s("a", Some("o1")), s("b", None)], Some(2), true))
        );
        // One organisation holding its services (under any spelling of `services`): it owns
        // them, and it is given without the list being read.
        let one = r#"{ "ID": "o9", "name": "Nine", "Services": [ {"id": "a"}, {"id": "b"} ] }"#;
        assert_eq!(
            services_of(one),
            Some((vec![s("a", Some("o9")), s("b", Some("o9"))], None, false))
        );
        let checked = crate::import::json::check(one).expect("well-formed");
        let Some(Document {
            services: Services::Owned(_, Some(owner)),
            ..
        }) = Document::of(checked)
        else {
            panic!("one organisation owns its services");
        };
        assert_eq!(owner, serde_json::json!({ "ID": "o9", "name": "Nine" }));
        // A dump of services with organisations beside them: no owner, the organisations listed.
        let checked = crate::import::json::check(
            r#"{ "services": [ {"id": "a"} ], "organisations": [ {"id": "o1"}, null ] }"#,
        )
        .expect("well-formed");
        let document = Document::of(checked).expect("a dump");
        assert_eq!(document.organisations, [serde_json::json!({ "id": "o1" })]);
        // One service; and a document that is none of these.
        assert_eq!(
            services_of(r#"{ "id": "a", "name": "A" }"#),
            Some((vec![s("a", None)], None, false))
        );
        assert_eq!(services_of(r#"{ "name": "A" }"#), None);
        assert_eq!(services_of("7"), None);
    }

    #[test]
    fn pages_sort_by_number() {
        let mut names = vec!["page-10.json", "page-2.json", "page-1.json"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(names, ["page-1.json", "page-2.json", "page-10.json"]);
    }

    #[test]
    fn audiences_lose_stray_spaces() {
        assert_eq!(
            audience(" Adults >Mental  health > "),
            "Adults > Mental health"
        );
    }
}
