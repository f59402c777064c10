//! The HSDS CSV data package (one table per object: `services.csv`, `organizations.csv`,
//! `eligibility.csv`, `funding.csv`, `service_areas.csv`, `taxonomy.csv` with `service_taxonomy.csv`,
//! or `taxonomy_terms.csv` with `attribute.csv`, …) read into the same records as the JSON feeds.
//! Tables are found by name in their HSDS 2 and HSDS 3 spellings, columns by name in any case and
//! with or without `_` (`service_id`, `serviceId`). Contact, phone and metadata tables are only
//! counted for personal data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::cells::unprefixed;
use super::csv_read;
use super::directory::{Directory, Organisation, Record, norm};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::Sources;

/// A table's rows: each a map of normalised column name → cell text, with its row number.
type Rows = Vec<(usize, IndexMap<String, String>)>;

/// Which table a file is, by its name without `.csv`, in any of its spellings.
fn table_of(stem: &str) -> Option<&'static str> {
    let s = norm(stem);
    let known: &[(&str, &[&str])] = &[
        ("services", &["services", "service"]),
        (
            "organizations",
            &[
                "organizations",
                "organization",
                "organisations",
                "organisation",
            ],
        ),
        (
            "eligibility",
            &["eligibility", "eligibilities", "eligibilitys"],
        ),
        ("funding", &["funding", "fundings"]),
        ("service_areas", &["serviceareas", "servicearea"]),
        (
            "taxonomy",
            &["taxonomy", "taxonomies", "taxonomyterms", "taxonomyterm"],
        ),
        (
            "service_taxonomy",
            &["servicetaxonomy", "servicetaxonomys", "servicetaxonomies"],
        ),
        ("attributes", &["attributes", "attribute"]),
        (
            "identifiers",
            &["organizationidentifiers", "organisationidentifiers"],
        ),
        ("phones", &["phones", "phone"]),
    ];
    known
        .iter()
        .find(|(_, names)| names.contains(&s.as_str()))
        .map(|(t, _)| *t)
}

/// The tables of a package read so far: table kind → (file name, rows).
struct Package(IndexMap<&'static str, (String, Rows)>);

/// The first of `keys` (compared by `norm`) a row has a value for.
fn cell(row: &IndexMap<String, String>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| row.get(&norm(k)).filter(|v| !v.is_empty()).cloned())
}

impl Package {
    fn rows(&self, kind: &str) -> &[(usize, IndexMap<String, String>)] {
        self.0.get(kind).map_or(&[], |(_, rows)| rows.as_slice())
    }
}

/// A row of a table: normalised column name → cell text.
type Row = IndexMap<String, String>;

/// The rows of the tables that name a service, an organisation or a term, found by id once for
/// the whole package (a county's directory has tens of thousands of services, each with rows in
/// several tables).
struct Joins<'a> {
    /// Table kind → service id (`service_id`, or `link_id`) → its rows, in file order.
    of_service: BTreeMap<&'static str, BTreeMap<String, Vec<&'a Row>>>,
    /// Organisation id → its rows of organisation identifiers, in file order.
    of_organisation: BTreeMap<String, Vec<&'a Row>>,
    /// Term id → the first row of the taxonomy with it.
    terms: BTreeMap<String, &'a Row>,
}

impl<'a> Joins<'a> {
    fn of(package: &'a Package) -> Joins<'a> {
        let by = |kind: &str, keys: &[&str]| {
            let mut rows: BTreeMap<String, Vec<&'a Row>> = BTreeMap::new();
            for (_, r) in package.rows(kind) {
                if let Some(id) = cell(r, keys) {
                    rows.entry(id).or_default().push(r);
                }
            }
            rows
        };
        let of_service = [
            "eligibility",
            "funding",
            "service_areas",
            "service_taxonomy",
            "attributes",
        ]
        .into_iter()
        .map(|kind| (kind, by(kind, &["service_id", "link_id"])))
        .collect();
        let mut terms = BTreeMap::new();
        for (_, t) in package.rows("taxonomy") {
            if let Some(id) = cell(t, &["id"]) {
                terms.entry(id).or_insert(t);
            }
        }
        Joins {
            of_service,
            of_organisation: by("identifiers", &["organization_id", "organisation_id"]),
            terms,
        }
    }

    /// The rows of `kind` that belong to the service `id`.
    fn of_service(&self, kind: &str, id: &str) -> &[&'a Row] {
        (self.of_service.get(kind))
            .and_then(|rows| rows.get(id))
            .map_or(&[], Vec::as_slice)
    }

    /// The name of the taxonomy term `id`.
    fn term(&self, id: Option<String>) -> Option<String> {
        cell(self.terms.get(&id?)?, &["name", "term"])
    }
}

/// Where a package's tables are read into: their text, the directory, and the problems found.
pub(super) struct Read<'a> {
    pub(super) sources: &'a mut Sources,
    pub(super) dir: &'a mut Directory,
    pub(super) diagnostics: &'a mut Diagnostics,
}

/// Reads the tables of a package into `dir`.
pub(super) fn read(files: &[PathBuf], into: Read<'_>, limits: &crate::load::Limits) {
    let Read {
        sources,
        dir,
        diagnostics,
    } = into;
    let mut package = Package(IndexMap::new());
    for path in files {
        let Some(bytes) = input_bytes(path, limits, diagnostics) else {
            continue;
        };
        let help = "save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet's Save As)";
        let name = path.display().to_string();
        let file = match crate::load::add_input_text(sources, name, bytes, help) {
            Ok(file) => file,
            Err(d) => {
                diagnostics.push(*d);
                continue;
            }
        };
        match csv_read::parse(sources, file) {
            Ok(table) => {
                let name = path
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                // Keys are compared as the package reads them (case, `_` and `-` aside).
                let key = |t: &str| norm(unprefixed(t));
                for i in 0..table.header.len() {
                    if let Some(d) = csv_read::repeated_column(&table.header, i, key, &name) {
                        diagnostics.push(d);
                    }
                }
                for d in csv_read::extra_cells(&table, &name) {
                    diagnostics.push(d);
                }
                too_long(path, &table, diagnostics);
                load(path, &table, &mut package, dir);
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    let joins = Joins::of(&package);
    organisations(&package, &joins, dir);
    services(&package, &joins, dir);
    orphans(&package, dir);
}

/// Each cell of a table the map takes text from that is longer than a map's value may be, as an
/// error at the cell: the map could not be written with it, and the cell is what to shorten.
/// Tables only counted for personal data (contacts, phones) are not read into the map.
fn too_long(path: &std::path::Path, table: &csv_read::Table, diagnostics: &mut Diagnostics) {
    let stem = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    if table_of(&stem).is_none_or(|t| t == "phones") {
        return;
    }
    let limit = crate::load::MAX_VALUE_BYTES;
    for row in &table.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            if cell.text.len() <= limit {
                continue;
            }
            let column = table.header.get(i).map_or("?", |h| h.text.as_str());
            diagnostics.push(super::directory::too_long_text(
                cell.span.clone(),
                &format!("the `{column}` of row {}", row.number),
                cell.text.len(),
                "this cell",
            ));
        }
    }
}

/// Keeps a table's rows by its kind; counts the personal data of a table the map has no place for.
fn load(
    path: &std::path::Path,
    table: &csv_read::Table,
    package: &mut Package,
    dir: &mut Directory,
) {
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let header: Vec<String> = table
        .header
        .iter()
        .map(|c| norm(unprefixed(&c.text)))
        .collect();
    let rows: Rows = table
        .rows
        .iter()
        .map(|r| {
            let cells = header
                .iter()
                .zip(&r.cells)
                .map(|(h, c)| (h.clone(), unprefixed(&c.text).trim().to_owned()))
                .collect();
            (r.number, cells)
        })
        .collect();
    let stem = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    dir.report.read.push(format!(
        "{name}: {} {}",
        rows.len(),
        if rows.len() == 1 { "row" } else { "rows" }
    ));
    match table_of(&stem) {
        Some("phones") => count(&rows, true, dir),
        Some(kind) => {
            package.0.insert(kind, (name, rows));
        }
        // Contacts, locations, schedules, metadata, …: nothing for the map; personal data counted.
        None => count(&rows, stem.to_lowercase().contains("contact"), dir),
    }
}

/// The organisations table, with identifiers from `organization_identifiers.csv`.
fn organisations(package: &Package, joins: &Joins<'_>, dir: &mut Directory) {
    let file = package
        .0
        .get("organizations")
        .map_or("organizations.csv", |(n, _)| n.as_str());
    for (number, row) in package.rows("organizations") {
        let Some(id) = cell(row, &["id"]) else {
            continue;
        };
        let identifiers = (joins.of_organisation.get(&id).into_iter().flatten())
            .filter_map(
                |r| match (cell(r, &["identifier_scheme"]), cell(r, &["identifier"])) {
                    (Some(s), Some(i)) if !i.starts_with(&s) => Some(format!("{s}-{i}")),
                    (_, i) => i,
                },
            )
            .collect();
        count_row(row, &["name", "description"], false, dir);
        let o = Organisation {
            id: id.clone(),
            name: cell(row, &["name"]),
            identifiers,
            description: cell(row, &["description"]),
            origin: Some(format!("{file} row {number}")),
        };
        dir.add_organisation(o);
    }
}

/// A service's age limits in a row: (minimum, maximum), either unset. A limit written that is not
/// a number is noted in `unread`.
fn ages(
    row: &IndexMap<String, String>,
    unread: &mut Vec<String>,
) -> Option<(Option<f64>, Option<f64>)> {
    let mut number = |key: &str| {
        let s = cell(row, &[key])?;
        let n = s.trim().parse::<f64>().ok();
        super::directory::read_age(n, key, &format!("`{s}`")).unwrap_or_else(|why| {
            unread.push(why);
            None
        })
    };
    let a = (number("minimum_age"), number("maximum_age"));
    (a.0.is_some() || a.1.is_some()).then_some(a)
}

/// Rows of the tables that belong to a service (eligibility, funding, areas, taxonomy) naming a
/// service the services table does not list: reported, never dropped without a word.
fn orphans(package: &Package, dir: &mut Directory) {
    let ids: std::collections::BTreeSet<String> = package
        .rows("services")
        .iter()
        .filter_map(|(_, r)| cell(r, &["id"]))
        .collect();
    for kind in [
        "eligibility",
        "funding",
        "service_areas",
        "service_taxonomy",
    ] {
        let file = package.0.get(kind).map_or(kind, |(n, _)| n.as_str());
        for (number, row) in package.rows(kind) {
            let Some(service) = cell(row, &["service_id"]) else {
                continue;
            };
            if !ids.contains(&service) {
                dir.report.unplaced(
                    format!("{file} row {number}"),
                    format!(
                        "it names the service `{service}`, which the services table does not list: left out"
                    ),
                );
            }
        }
    }
}

/// A record for each row of the services table, joined with the tables that name it.
fn services(package: &Package, joins: &Joins<'_>, dir: &mut Directory) {
    let file = package
        .0
        .get("services")
        .map_or("services.csv", |(n, _)| n.as_str());
    for (number, row) in package.rows("services") {
        let id = cell(row, &["id"]).unwrap_or_default();
        let mut r = Record {
            id: id.clone(),
            name: cell(row, &["name"]),
            description: cell(row, &["description"]),
            status: cell(row, &["status"]),
            organisation: cell(row, &["organization_id", "organisation_id"]).map(|id| {
                Organisation {
                    id,
                    ..Organisation::default()
                }
            }),
            origin: format!("{file} row {number}"),
            fingerprint: row.values().cloned().collect::<Vec<_>>().join("\u{1f}"),
            ..Record::default()
        };
        let own = ages(row, &mut r.unread);
        r.ages.extend(own);
        r.eligibility
            .extend(cell(row, &["eligibility_description"]));
        for e in joins.of_service("eligibility", &id) {
            let limits = ages(e, &mut r.unread);
            r.ages.extend(limits);
            r.eligibility
                .extend(cell(e, &["eligibility", "description"]));
        }
        r.funding
            .extend((joins.of_service("funding", &id).iter()).filter_map(|f| cell(f, &["source"])));
        r.areas.extend(
            (joins.of_service("service_areas", &id).iter())
                .filter_map(|a| cell(a, &["service_area", "name"])),
        );
        for link in joins.of_service("service_taxonomy", &id) {
            r.terms
                .extend(joins.term(cell(link, &["taxonomy_id", "taxonomy_term_id"])));
        }
        for link in joins.of_service("attributes", &id) {
            let entity = cell(link, &["link_entity"]).unwrap_or_else(|| "service".into());
            if entity.eq_ignore_ascii_case("service") {
                r.terms
                    .extend(joins.term(cell(link, &["taxonomy_term_id"])));
            }
        }
        r.terms.dedup();
        count_row(
            row,
            &["name", "description", "eligibility_description"],
            false,
            dir,
        );
        dir.records.push(r);
    }
}

/// Counts personal data in a table that is not read into the map.
fn count(rows: &Rows, phones: bool, dir: &mut Directory) {
    for (_, row) in rows {
        count_row(row, &[], phones, dir);
    }
}

/// Counts the e-mail addresses in a row's cells but `kept`, and phone numbers in phone columns (or
/// every cell, for a table of phones).
fn count_row(row: &IndexMap<String, String>, kept: &[&str], phones: bool, dir: &mut Directory) {
    for (column, value) in row {
        if kept.iter().any(|k| norm(k) == *column) {
            continue;
        }
        let phone_column = ["phone", "telephone", "mobile", "fax"]
            .iter()
            .any(|p| column.contains(p));
        if phones && column == "number" || phone_column {
            dir.personal.count_in(value);
        } else {
            dir.personal.count_emails_in(value);
        }
    }
}

/// The bytes of a file of a folder the import reads, or `None` with the error that says why
/// it cannot be read (the import then makes no map: a file left out would leave out its data).
pub(super) fn input_bytes(
    path: &Path,
    limits: &crate::load::Limits,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<u8>> {
    match crate::load::read_input(path, limits) {
        Ok(bytes) => Some(bytes),
        Err(why) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnreadableFile,
                    format!("{} cannot be read: {why}", path.display()),
                )
                .help("every file of the folder is part of the directory: make it an ordinary file, or move it out of the folder; no map was made without it"),
            );
            None
        }
    }
}
