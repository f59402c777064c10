//! Imports: data people already have, brought into a map. Two kinds:
//!
//! - a map made from spreadsheets or an Open Referral directory (below);
//! - grants (360Giving) and contracts (OCDS) added to an existing map as funding lines: readers
//!   turn a standard's file into plain records (`grants`, `ocds`, `table`), the planner places them
//!   on the map (`orgs`, `matching`, `place`), the editor works out the text to insert (`edit`,
//!   `yaml`) and `preview` words the changes.
//!
//! An importer reads its input into a [`Draft`]: a map for the writer (`yaml::map`, which
//! knows nothing of imports), where each entry came from, and a [`Report`] of what was read, what
//! could not be placed and why. The draft is never trusted: [`prepare`] writes it as YAML and
//! validates that text like any map, so an import's map is checked by the one validator. An
//! importer never guesses: what it cannot map safely goes into `notes:` or a comment and is listed
//! in the report. Nothing here writes files or prints; the CLI does.

pub mod award;
pub mod cells;
pub mod csv;
pub mod csv_read;
pub mod dates;
mod directory;
pub mod edit;
pub mod grants;
pub mod json;
pub mod lines;
pub mod mapping;
pub mod matching;
pub mod ocds;
pub mod openreferral;
mod openreferral_csv;
pub mod orgs;
pub mod personal;
pub mod place;
pub mod preview;
pub mod table;
pub mod tables;
pub mod yaml;

use indexmap::IndexMap;

use crate::diag::{Diagnostics, Span};
use crate::load::{FileId, Sources};
use crate::model::{Area, Id, Map};
use crate::yaml::map::{self as yaml_map, Provenance, YamlFile};

/// `name` as the words of an id: lower case, letters and digits, words joined by `-` (empty when
/// it has no letter or digit).
pub fn id_words(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Why an input could not be imported.
#[derive(Debug)]
pub enum Failure {
    /// The input could not be read at all (a missing folder, a folder of nothing importable).
    Io(std::path::PathBuf, String),
    /// The input has mistakes: every one, located in `Sources` (the input's files).
    Invalid(Sources, Diagnostics),
}

/// What an importer made, before it is written and checked.
#[derive(Debug, Clone)]
pub struct Draft {
    pub map: Map,
    pub provenance: Provenance,
    pub report: Report,
}

/// What an import tells the user: what it read, what it could not place and why, what it left
/// out, and what to add next. What it made is counted from the map ([`made`]).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One line per input read: `services.csv: 12 rows`.
    pub read: Vec<String>,
    /// What could not be placed on the map, and where it went instead.
    pub unplaced: Vec<Unplaced>,
    /// Personal data seen in the input and left out of the map.
    pub left_out: LeftOut,
    /// What the user should add or check next.
    pub next: Vec<String>,
}

/// Something an import could not map safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// What it is: `service 12 (Riverside Mind): eligibility "Adults in Bristol"`.
    pub what: String,
    /// Why it was not mapped, and where it is kept: `free text; kept in the service's notes`.
    pub why: String,
}

/// Personal data an import found and did not carry into the map.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub emails: usize,
    pub phones: usize,
}

impl Report {
    /// Records something that could not be placed.
    pub fn unplaced(&mut self, what: impl Into<String>, why: impl Into<String>) {
        self.unplaced.push(Unplaced {
            what: what.into(),
            why: why.into(),
        });
    }
}

/// What is on `map`, counted: `3 commissioners`, `12 services`, `9 funding lines (4 planned)`, …
pub fn made(map: &Map) -> Vec<String> {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let stages = map.stages.values().filter(|s| !s.builtin).count();
    let commissioners = map.commissioners.values();
    let counted: usize = commissioners
        .clone()
        .map(|c| c.funded_by.len())
        .sum::<usize>()
        + map
            .services
            .values()
            .map(|s| s.funding.len())
            .sum::<usize>();
    let planned: usize = commissioners.map(|c| c.planned.len()).sum::<usize>()
        + map
            .services
            .values()
            .map(|s| s.planned.len())
            .sum::<usize>();
    let mut lines = count(counted + planned, "funding line", "funding lines");
    if planned > 0 {
        lines.push_str(&format!(" ({planned} planned)"));
    }
    vec![
        count(map.commissioners.len(), "commissioner", "commissioners"),
        count(map.providers.len(), "provider", "providers"),
        count(map.services.len(), "service", "services"),
        count(map.rules.len(), "rule", "rules"),
        count(map.cohorts.len(), "cohort", "cohorts"),
        lines,
        count(stages, "stage of its own", "stages of its own"),
        count(
            map.accepted_overlaps.len(),
            "accepted overlap",
            "accepted overlaps",
        ),
    ]
}

/// A draft written as YAML and validated as the map it would be.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub files: Vec<YamlFile>,
    /// The written files, named as they will be on disk, for rendering diagnostics.
    pub sources: Sources,
    pub diagnostics: Diagnostics,
}

/// Writes `draft` as YAML (in memory) and validates it, naming each file as it will be written
/// inside `folder`.
pub fn prepare(
    draft: &Draft,
    folder: &std::path::Path,
    options: crate::validate::Options,
) -> Prepared {
    let files = yaml_map::write(&draft.map, &draft.provenance);
    let mut sources = Sources::default();
    for f in &files {
        sources.add(folder.join(f.name).display().to_string(), f.text.clone());
    }
    let (_, diagnostics) = crate::validate::check(&sources, options);
    Prepared {
        files,
        sources,
        diagnostics,
    }
}

/// The values of a prepared map too long for a map (`yaml-limit`), each said of the record it
/// was made from (the entry's `# from:` origin) rather than of a file not yet written: the
/// diagnostics to show instead of `prepared`'s, or `None` when any of them is something else (or
/// cannot be traced), which no input should cause.
pub fn too_long_from_input(draft: &Draft, prepared: &Prepared) -> Option<Diagnostics> {
    let mut out = Diagnostics::default();
    let errors =
        (prepared.diagnostics.0.iter()).filter(|d| d.severity == crate::diag::Severity::Error);
    for d in errors {
        if d.code != crate::diag::Code::YamlLimit {
            return None;
        }
        let label = d.primary.as_ref()?;
        let file = prepared.files.get(label.span.file.0)?;
        let place = file.place_at(label.span.range.start)?;
        let origin = draft.provenance.origins.get(&place.entry)?;
        let key = if place.key.is_empty() {
            "text".to_owned()
        } else {
            format!("`{}`", place.key)
        };
        let why = if place.key == "notes" {
            "the notes gather the record's texts that have no key of their own in a map (its description, eligibility, audiences, service areas, funding): shorten them in the directory's data"
        } else {
            "shorten it in the directory's data"
        };
        out.push(
            crate::diag::Diagnostic::new(
                crate::diag::Code::YamlLimit,
                format!(
                    "the {key} made from {origin}, is longer than the {} bytes a map's names and words may be, so no map can hold it",
                    crate::money::group_thousands(crate::load::MAX_VALUE_BYTES as u64)
                ),
            )
            .help(format!(
                "{why}, or leave this record out of the file, and run the import again: no map was written"
            )),
        );
    }
    (!out.0.is_empty()).then_some(out)
}

/// The place an importer's entities have in no file: the writer and the validator give them real
/// places once written.
pub(crate) fn nowhere() -> Span {
    Span {
        file: FileId(0),
        range: 0..0,
    }
}

/// An empty map of `area`, for an importer to fill.
pub(crate) fn empty_map(area: Area) -> Map {
    let stages = crate::model::BUILTIN_STAGES
        .iter()
        .map(|(id, name)| {
            (
                Id::from(*id),
                crate::model::Stage {
                    id: Id::from(*id),
                    name: (*name).to_owned(),
                    description: None,
                    builtin: true,
                },
            )
        })
        .collect();
    Map {
        sources: Sources::default(),
        area,
        stages,
        commissioners: IndexMap::new(),
        providers: IndexMap::new(),
        rules: IndexMap::new(),
        cohorts: IndexMap::new(),
        services: IndexMap::new(),
        benchmarks: IndexMap::new(),
        accepted_overlaps: Vec::new(),
    }
}

/// An area with only an id and a name.
pub(crate) fn bare_area(id: &str, name: &str) -> Area {
    Area::named(id, name, nowhere())
}
