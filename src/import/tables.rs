//! The spreadsheet tables of a map (docs/spreadsheets.md): their files and columns, in the order
//! `export csv` writes them. `import csv` reads by column name, so columns may come in any order.

/// One table: its file and its columns.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub file: &'static str,
    pub columns: &'static [&'static str],
    /// Whether a column not listed is an attribute (cohorts, rules) rather than a mistake.
    pub attributes: bool,
}

/// The columns every entity table ends with: where the entry came from.
const SOURCE: [&str; 3] = ["source", "source_url", "source_as_of"];

macro_rules! columns {
    ($($c:expr),* ; source) => {{
        const C: &[&str] = &[$($c,)* SOURCE[0], SOURCE[1], SOURCE[2]];
        C
    }};
    ($($c:expr),*) => {{
        const C: &[&str] = &[$($c,)*];
        C
    }};
}

/// The place mapped: one row.
pub const AREA: Table = Table {
    file: "area.csv",
    columns: columns!(
        "id",
        "name",
        "period",
        "currency",
        "population",
        "working_age_population",
        "illustrative",
        "figures_source",
        "figures_source_url",
        "figures_source_as_of";
        source
    ),
    attributes: false,
};

/// The area's figures for the benchmarks: one row per figure.
pub const FIGURES: Table = Table {
    file: "figures.csv",
    columns: columns!("figure", "value"),
    attributes: false,
};

/// Overrides of built-in benchmark values: one row per override.
pub const BENCHMARKS: Table = Table {
    file: "benchmarks.csv",
    columns: columns!("benchmark", "value"),
    attributes: false,
};

/// Stages the map adds to the built-in ones.
pub const STAGES: Table = Table {
    file: "stages.csv",
    columns: columns!("id", "name", "description"),
    attributes: false,
};

/// Bodies that pay for services.
pub const COMMISSIONERS: Table = Table {
    file: "commissioners.csv",
    columns: columns!("id", "name", "kind", "identifiers", "notes"; source),
    attributes: false,
};

/// Organisations that deliver services.
pub const PROVIDERS: Table = Table {
    file: "providers.csv",
    columns: columns!("id", "name", "sector", "identifiers", "notes"; source),
    attributes: false,
};

/// Rules: the columns below, and one column per attribute a rule tests.
pub const RULES: Table = Table {
    file: "rules.csv",
    columns: columns!("id", "description", "condition", "notes"; source),
    attributes: true,
};

/// Cohorts: the columns below, one column per attribute, and `after_start.NAME` columns.
pub const COHORTS: Table = Table {
    file: "cohorts.csv",
    columns: columns!(
        "id",
        "name",
        "size",
        "needs",
        "enters_via",
        "attributes",
        "after_start",
        "notes";
        source
    ),
    attributes: true,
};

/// What people receive.
pub const SERVICES: Table = Table {
    file: "services.csv",
    columns: columns!(
        "id",
        "name",
        "provider",
        "model",
        "national",
        "stages",
        "eligibility",
        "self_referral",
        "referral_from",
        "people_per_year",
        "wte",
        "caseload",
        "fidelity",
        "people_supported",
        "out_of_work",
        "job_starts",
        "sustained_13_weeks",
        "employment_share",
        "notes";
        source
    ),
    attributes: false,
};

/// Money per year: one row per funding line, to a service or a commissioner; `status` is empty
/// for money being paid, or `planned` for a contract not yet awarded.
pub const FUNDING: Table = Table {
    file: "funding.csv",
    columns: columns!("to", "from", "amount", "status", "for", "start", "end"; source),
    attributes: false,
};

/// Overlaps the partnership accepts.
pub const ACCEPTED_OVERLAPS: Table = Table {
    file: "accepted_overlaps.csv",
    columns: columns!("services", "cohort", "stage", "reason"),
    attributes: false,
};

/// Every table, in the order they are read (entities before what refers to them).
pub const ALL: &[Table] = &[
    AREA,
    FIGURES,
    BENCHMARKS,
    STAGES,
    COMMISSIONERS,
    PROVIDERS,
    RULES,
    COHORTS,
    SERVICES,
    FUNDING,
    ACCEPTED_OVERLAPS,
];

/// What `status` holds on a planned line (`status: planned` in a map).
pub const PLANNED: &str = "planned";

/// The prefix of a column that names an attribute whose name is also a column's (`attribute.size`).
pub const ATTRIBUTE_PREFIX: &str = "attribute.";

/// The prefix of a cohort's columns of attributes after starting work (`after_start.employment`).
pub const AFTER_START_PREFIX: &str = "after_start.";

/// Keys a condition gives a meaning of their own: no attribute can have these names in a rule.
pub const CONDITION_WORDS: &[&str] = &[
    "all",
    "any",
    "not",
    "rule",
    "description",
    "notes",
    "source",
];

/// Whether `name` is so close to one of `table`'s columns that, as a column of its own, it would be
/// taken for a misspelling of it.
pub fn near_column(table: &Table, name: &str) -> Option<&'static str> {
    table
        .columns
        .iter()
        .copied()
        .find(|c| strsim::jaro_winkler(name, c) >= NEAR)
}

/// How alike (Jaro-Winkler) a column of a table of attributes and a column name must be for the
/// name to be taken for a misspelling.
pub const NEAR: f64 = 0.9;

/// The column header of attribute `name` in `table`: the name itself, or prefixed where it would
/// be read as something else.
pub fn attribute_column(table: &Table, name: &str) -> String {
    let clash = table.columns.contains(&name)
        || near_column(table, name).is_some()
        || name.starts_with(ATTRIBUTE_PREFIX)
        || name.starts_with(AFTER_START_PREFIX)
        || name.trim() != name
        || name.is_empty();
    if clash {
        format!("{ATTRIBUTE_PREFIX}{name}")
    } else {
        name.to_owned()
    }
}

/// The attribute a column of `table` names, if it names one.
pub fn column_attribute<'a>(table: &Table, column: &'a str) -> Option<&'a str> {
    if !table.attributes || table.columns.contains(&column) {
        return None;
    }
    if let Some(name) = column.strip_prefix(ATTRIBUTE_PREFIX) {
        return Some(name);
    }
    (!column.starts_with(AFTER_START_PREFIX)).then_some(column)
}
