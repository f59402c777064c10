//! The HSDS CSV data package (one table per object: `services.csv`, `organizations.csv`,
//! `eligibility.csv`, `funding.csv`, `service_areas.csv`, `taxonomy.csv` with `service_taxonomy.csv`,
//! or `taxonomy_terms.csv` with `attribute.csv`, …) read into the same records as the JSON feeds.
//! Tables are found by name in their HSDS 2 and HSDS 3 spellings, columns by name in any case and
//! with or without `_` (`service_id`, `serviceId`). Contact, phone and metadata tables are only
//! counted for personal data.

use std::path::PathBuf;

use indexmap::IndexMap;

use super::csv_read;
use super::directory::{Directory, Organisation, Record};
use super::openreferral::norm;
use super::{Failure, cells::unprefixed};
use crate::diag::Diagnostics;
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

/// Reads the tables of a package into `dir`.
pub(super) fn read(
    files: &[PathBuf],
    sources: &mut Sources,
    dir: &mut Directory,
    diagnostics: &mut Diagnostics,
) -> Result<(), Failure> {
    let mut tables: IndexMap<&'static str, (String, Rows)> = IndexMap::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|e| Failure::Io(path.clone(), e.to_string()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Failure::Io(path.clone(), "it is not UTF-8 text".into()))?;
        let file = sources.add(path.display().to_string(), text);
        let table = match csv_read::parse(sources, file) {
            Ok(t) => t,
            Err(d) => {
                diagnostics.push(*d);
                continue;
            }
        };
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
        let kind = table_of(&stem);
        dir.report.read.push(format!(
            "{name}: {} {}",
            rows.len(),
            if rows.len() == 1 { "row" } else { "rows" }
        ));
        match kind {
            Some("phones") => count(&rows, true, dir),
            Some(kind) => {
                tables.insert(kind, (name, rows));
            }
            // Contacts, locations, schedules, metadata, …: nothing for the map; personal data counted.
            None => count(&rows, stem.to_lowercase().contains("contact"), dir),
        }
    }
    let empty = (String::new(), Rows::new());
    let table = |k: &str| tables.get(k).unwrap_or(&empty);
    let cell = |row: &IndexMap<String, String>, keys: &[&str]| {
        keys.iter()
            .find_map(|k| row.get(&norm(k)).filter(|v| !v.is_empty()).cloned())
    };
    for (_, row) in &table("organizations").1 {
        let Some(id) = cell(row, &["id"]) else {
            continue;
        };
        let identifiers = table("identifiers")
            .1
            .iter()
            .filter(|(_, r)| {
                cell(r, &["organization_id", "organisation_id"]).as_deref() == Some(id.as_str())
            })
            .filter_map(|(_, r)| {
                match (cell(r, &["identifier_scheme"]), cell(r, &["identifier"])) {
                    (Some(s), Some(i)) if !i.starts_with(&s) => Some(format!("{s}-{i}")),
                    (_, i) => i,
                }
            })
            .collect();
        count_row(row, &["name", "description"], false, dir);
        dir.organisations.insert(
            id.clone(),
            Organisation {
                id,
                name: cell(row, &["name"]),
                identifiers,
                description: cell(row, &["description"]),
            },
        );
    }
    let (services_file, services) = table("services");
    for (number, row) in services {
        let id = cell(row, &["id"]).unwrap_or_default();
        let of = |t: &str| -> Vec<&IndexMap<String, String>> {
            table(t)
                .1
                .iter()
                .filter(|(_, r)| {
                    !id.is_empty()
                        && cell(r, &["service_id", "link_id"]).as_deref() == Some(id.as_str())
                })
                .map(|(_, r)| r)
                .collect()
        };
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
            origin: format!("{services_file} row {number}"),
            fingerprint: row.values().cloned().collect::<Vec<_>>().join("\u{1f}"),
            ..Record::default()
        };
        let number = |s: Option<String>| s.and_then(|s| s.parse::<f64>().ok());
        let ages = |row: &IndexMap<String, String>| {
            (
                number(cell(row, &["minimum_age"])),
                number(cell(row, &["maximum_age"])),
            )
        };
        let own = ages(row);
        if own.0.is_some() || own.1.is_some() {
            r.ages.push(own);
        }
        r.eligibility
            .extend(cell(row, &["eligibility_description"]));
        for e in of("eligibility") {
            let a = ages(e);
            if a.0.is_some() || a.1.is_some() {
                r.ages.push(a);
            }
            r.eligibility
                .extend(cell(e, &["eligibility", "description"]));
        }
        r.funding.extend(
            of("funding")
                .into_iter()
                .filter_map(|f| cell(f, &["source"])),
        );
        r.areas.extend(
            of("service_areas")
                .into_iter()
                .filter_map(|a| cell(a, &["service_area", "name"])),
        );
        let term = |id: Option<String>| {
            let id = id?;
            table("taxonomy")
                .1
                .iter()
                .find(|(_, t)| cell(t, &["id"]).as_deref() == Some(id.as_str()))
                .and_then(|(_, t)| cell(t, &["name", "term"]))
        };
        for link in of("service_taxonomy") {
            r.terms
                .extend(term(cell(link, &["taxonomy_id", "taxonomy_term_id"])));
        }
        for link in of("attributes") {
            let entity = cell(link, &["link_entity"]).unwrap_or_else(|| "service".into());
            if entity.eq_ignore_ascii_case("service") {
                r.terms.extend(term(cell(link, &["taxonomy_term_id"])));
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
    Ok(())
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
