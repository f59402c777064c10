//! Reading the rows of each table: a cell at a time, each value parsed by its column's kind and
//! recorded as the cell of the map key it fills, each entity built as the model has it.

use indexmap::IndexMap;

use super::row::RowReader;
use super::{Reader, Sheet};
use crate::diag::{Code, Diagnostic};
use crate::import::cells;
use crate::import::tables::{self, Table};
use crate::import::{bare_area, empty_map, nowhere};
use crate::model::{
    AcceptedOverlap, AttrValue, BenchmarkOverride, Capacity, Cohort, Commissioner, Condition,
    Eligibility, Figure, Id, Map, Outcomes, Provider, Referral, Rule, Service, Share, Stage,
};
use crate::yaml::map::Entry;

impl Reader {
    /// Builds the map from every table read.
    pub(super) fn map(&mut self, sheets: &IndexMap<&'static str, Sheet>) -> Map {
        let sheet = |t: &Table| sheets.get(t.file);
        let area = sheet(&tables::AREA).and_then(|s| self.area(s));
        let mut map = empty_map(area.unwrap_or_else(|| bare_area("unnamed", "Unnamed area")));
        // An area.csv that could not be read has its own error already.
        let absent = !self.present.contains(&tables::AREA.file);
        if absent || sheet(&tables::AREA).is_some_and(|s| s.data.rows.is_empty()) {
            let at = sheet(&tables::AREA)
                .and_then(|s| s.data.header.first())
                .map(|c| c.span.clone());
            let d = Diagnostic::new(Code::NoArea, "the spreadsheets have no area")
                .help("add area.csv with the columns id and name, and one row for the place mapped (examples/spreadsheets/area.csv)");
            self.diagnostics.push(match at {
                Some(span) => d.at(span, "no row below the header"),
                None => d,
            });
        }
        if let Some(s) = sheet(&tables::FIGURES) {
            self.figures(s, &mut map);
        }
        if let Some(s) = sheet(&tables::BENCHMARKS) {
            self.benchmarks(s, &mut map);
        }
        self.each(sheet(&tables::STAGES), |r, row| {
            r.stage(row).map(|s| {
                map.stages.insert(s.id.clone(), s);
            })
        });
        self.each(sheet(&tables::COMMISSIONERS), |r, row| {
            r.commissioner(row).map(|c| {
                map.commissioners.insert(c.id.clone(), c);
            })
        });
        self.each(sheet(&tables::PROVIDERS), |r, row| {
            r.provider(row).map(|p| {
                map.providers.insert(p.id.clone(), p);
            })
        });
        self.each(sheet(&tables::RULES), |r, row| {
            r.rule(row).map(|x| {
                map.rules.insert(x.id.clone(), x);
            })
        });
        self.each(sheet(&tables::COHORTS), |r, row| {
            r.cohort(row).map(|c| {
                map.cohorts.insert(c.id.clone(), c);
            })
        });
        self.each(sheet(&tables::SERVICES), |r, row| {
            r.service(row).map(|s| {
                map.services.insert(s.id.clone(), s);
            })
        });
        if let Some(s) = sheet(&tables::FUNDING) {
            self.funding(s, &mut map);
        }
        if let Some(s) = sheet(&tables::ACCEPTED_OVERLAPS) {
            self.accepted(s, &mut map);
        }
        map
    }

    /// Runs `build` on every row of `sheet`.
    fn each(
        &mut self,
        sheet: Option<&Sheet>,
        mut build: impl FnMut(&mut Reader, &mut RowReader) -> Option<()>,
    ) {
        let Some(sheet) = sheet else { return };
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            build(self, &mut rr);
        }
    }

    fn area(&mut self, sheet: &Sheet) -> Option<crate::model::Area> {
        let mut rows = sheet.data.rows.iter();
        let row = rows.next()?;
        for extra in rows {
            self.diagnostics.push(
                Diagnostic::new(Code::DuplicateSection, "area.csv has more than one row")
                    .at(extra.span.clone(), "a second area…")
                    .also(row.span.clone(), "…after this one")
                    .help(
                        "a map is of one area: keep one row (compare areas with `ecomap compare`)",
                    ),
            );
        }
        let mut rr = RowReader::new(sheet, row);
        let id = rr.required(self, "id", "id");
        let name = rr.required(self, "name", "name");
        let mut area = bare_area(
            id.as_deref().unwrap_or("unnamed"),
            name.as_deref().unwrap_or(""),
        );
        area.period = rr.text("period", "period");
        if let Some(c) = rr.text("currency", "currency") {
            area.currency = c;
        }
        area.population = rr.number(self, "population", "population");
        area.working_age_population =
            rr.number(self, "working_age_population", "working_age_population");
        area.illustrative = rr
            .parse(self, "illustrative", "illustrative", cells::parse_bool)
            .unwrap_or(false);
        area.figures_source = rr.source(self, "figures_source");
        area.source = rr.source(self, "source");
        rr.finish(self, Entry::Area);
        Some(area)
    }

    fn figures(&mut self, sheet: &Sheet, map: &mut Map) {
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            let (Some(name), value) = (
                rr.required(self, "figure", "id"),
                rr.parse(self, "value", "value", cells::parse_share),
            ) else {
                continue;
            };
            if rr.required_value(self, "value", &value)
                && self.unique_key(&map.area.figures, &name, &rr, "figure")
            {
                map.area.figures.insert(
                    name.clone(),
                    Figure {
                        value: value.unwrap_or(0.0),
                        span: nowhere(),
                    },
                );
                rr.finish(self, Entry::Figure(name));
            }
        }
    }

    fn benchmarks(&mut self, sheet: &Sheet, map: &mut Map) {
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            let (Some(id), value) = (
                rr.required(self, "benchmark", "id"),
                rr.number(self, "value", "value"),
            ) else {
                continue;
            };
            if rr.required_value(self, "value", &value)
                && self.unique_key(&map.benchmarks, &id, &rr, "benchmark")
            {
                map.benchmarks.insert(
                    id.clone(),
                    BenchmarkOverride {
                        value: value.unwrap_or(0.0),
                        span: nowhere(),
                        id_span: nowhere(),
                    },
                );
                rr.finish(self, Entry::Benchmark(id));
            }
        }
    }

    /// Whether `key` is new in `seen`; reports a repeated figure or benchmark.
    fn unique_key<V>(
        &mut self,
        seen: &IndexMap<String, V>,
        key: &str,
        rr: &RowReader,
        what: &str,
    ) -> bool {
        if !seen.contains_key(key) {
            return true;
        }
        let first = self
            .cells
            .iter()
            .find(|(e, _)| matches!(e, Entry::Figure(k) | Entry::Benchmark(k) if k == key))
            .map(|(_, c)| c.span.clone());
        let mut d = Diagnostic::new(
            Code::DuplicateKey,
            format!("the {what} `{key}` is given twice"),
        )
        .at(
            rr.span(if what == "figure" {
                "figure"
            } else {
                "benchmark"
            }),
            "given again here…",
        )
        .help("keep one of the two rows");
        if let Some(first) = first {
            d = d.also(first, "…after this one");
        }
        self.diagnostics.push(d);
        false
    }

    fn stage(&mut self, rr: &mut RowReader) -> Option<Stage> {
        let id = rr.id(self);
        let name = rr.text("name", "name");
        let description = rr.text("description", "description");
        let id = id?;
        rr.finish(self, Entry::Stage(id.clone()));
        Some(Stage {
            name: name.unwrap_or_else(|| id.to_string()),
            id,
            description,
            builtin: false,
        })
    }

    fn commissioner(&mut self, rr: &mut RowReader) -> Option<Commissioner> {
        let id = rr.id(self);
        let name = rr.required(self, "name", "name");
        let kind = rr.text("kind", "kind").unwrap_or_else(|| "other".into());
        let identifiers = rr.list(self, "identifiers", "identifiers");
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let (id, name) = (id?, name?);
        rr.finish(self, Entry::Commissioner(id.clone()));
        Some(Commissioner {
            id,
            name,
            kind,
            identifiers,
            funded_by: Vec::new(),
            planned: Vec::new(),
            notes,
            source,
            span: nowhere(),
        })
    }

    fn provider(&mut self, rr: &mut RowReader) -> Option<Provider> {
        let id = rr.id(self);
        let name = rr.required(self, "name", "name");
        let sector = rr
            .text("sector", "sector")
            .unwrap_or_else(|| "other".into());
        let identifiers = rr.list(self, "identifiers", "identifiers");
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let (id, name) = (id?, name?);
        rr.finish(self, Entry::Provider(id.clone()));
        Some(Provider {
            id,
            name,
            sector,
            identifiers,
            notes,
            source,
            span: nowhere(),
        })
    }

    /// Attribute values from the columns of a table of attributes, in column order.
    fn attribute_columns(
        &mut self,
        rr: &mut RowReader,
        prefix: Option<&str>,
        key: &str,
    ) -> IndexMap<String, AttrValue> {
        let mut out = IndexMap::new();
        let table = rr.sheet.table;
        let columns: Vec<String> = rr.sheet.columns.keys().cloned().collect();
        for column in columns {
            let name = match prefix {
                Some(p) => column.strip_prefix(p),
                None => tables::column_attribute(&table, &column),
            };
            let Some(name) = name else { continue };
            let path = format!("{key}.{name}");
            if let Some(Some(v)) = rr.parse(self, &column, &path, cells::parse_value) {
                out.insert(name.to_owned(), v);
            }
        }
        out
    }

    fn rule(&mut self, rr: &mut RowReader) -> Option<Rule> {
        let id = rr.id(self);
        let description = rr.text("description", "description");
        let mut terms: Vec<Condition> = self
            .attribute_columns(rr, None, "condition")
            .into_iter()
            .map(|(name, value)| Condition::Attribute { name, value })
            .collect();
        if let Some(c) = rr.parse(self, "condition", "condition", cells::parse_condition) {
            terms.push(c);
        }
        let condition = if terms.len() == 1 {
            terms.remove(0)
        } else {
            Condition::All(terms)
        };
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let id = id?;
        rr.finish(self, Entry::Rule(id.clone()));
        Some(Rule {
            id,
            description,
            condition,
            notes,
            source,
            span: nowhere(),
        })
    }

    fn cohort(&mut self, rr: &mut RowReader) -> Option<Cohort> {
        let id = rr.id(self);
        let name = rr.required(self, "name", "name");
        let size = rr.parse(self, "size", "size", cells::parse_count);
        if rr.text("size", "size").is_none() {
            rr.required(self, "size", "size");
        }
        let mut attributes = self.attribute_columns(rr, None, "attributes");
        if let Some(whole) = rr.parse(self, "attributes", "attributes", cells::parse_attributes) {
            self.one_of(rr, "attributes", !attributes.is_empty());
            attributes = whole;
        }
        let mut after_start =
            self.attribute_columns(rr, Some(tables::AFTER_START_PREFIX), "after_start");
        if let Some(whole) = rr.parse(self, "after_start", "after_start", cells::parse_attributes) {
            self.one_of(rr, "after_start", !after_start.is_empty());
            after_start = whole;
        }
        let needs = rr
            .parse(self, "needs", "needs", cells::parse_needs)
            .unwrap_or_default();
        let needs = needs
            .into_iter()
            .map(|(stage, share)| {
                // A share outside 0–1 is kept as written for validation to report (as 1 here).
                (Id(stage), Share::new(share).unwrap_or(Share::ONE), share)
            })
            .collect::<Vec<_>>();
        for (stage, _, share) in &needs {
            if Share::new(*share).is_none() {
                self.error(
                    Code::ShareOutOfRange,
                    format!(
                        "the share of `{}` needing `{stage}` is {share}, outside 0 to 1",
                        id.as_ref().map_or("", |i| i.as_str())
                    ),
                    rr.span("needs"),
                    "not a share",
                    "write a share from 0 to 1 (0.3), or a percentage (30%)",
                );
            }
        }
        let enters_via = rr.ids(self, "enters_via", "enters_via");
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let (id, name, size) = (id?, name?, size?);
        rr.finish(self, Entry::Cohort(id.clone()));
        Some(Cohort {
            id,
            name,
            size,
            attributes,
            needs: needs.into_iter().map(|(s, share, _)| (s, share)).collect(),
            enters_via,
            after_start,
            notes,
            source,
            span: nowhere(),
        })
    }

    /// Reports attributes given both as columns and in the one cell of the map's notation.
    fn one_of(&mut self, rr: &RowReader, column: &str, both: bool) {
        if both {
            self.error(
                Code::DuplicateKey,
                format!(
                    "row {} of {} gives attributes twice",
                    rr.row.number,
                    rr.file()
                ),
                rr.span(column),
                "attributes here, and in attribute columns",
                format!("use the attribute columns, or `{column}`, not both"),
            );
        }
    }

    fn service(&mut self, rr: &mut RowReader) -> Option<Service> {
        let id = rr.id(self);
        let name = rr.required(self, "name", "name");
        let provider = rr.text("provider", "provider").map(Id);
        let model = rr.text("model", "model").unwrap_or_else(|| "other".into());
        let national = rr
            .parse(self, "national", "national", cells::parse_bool)
            .unwrap_or(false);
        let stages = rr.ids(self, "stages", "stages");
        let eligibility = rr
            .parse(self, "eligibility", "eligibility", cells::parse_eligibility)
            .unwrap_or(Eligibility::Open);
        let referral = Referral {
            self_referral: rr
                .parse(self, "self_referral", "referral.self", cells::parse_bool)
                .unwrap_or(false),
            from: rr.ids(self, "referral_from", "referral.from"),
        };
        let capacity = Capacity {
            people_per_year: rr.parse(
                self,
                "people_per_year",
                "capacity.people_per_year",
                cells::parse_count,
            ),
            wte: rr.number(self, "wte", "capacity.wte"),
            caseload: rr.number(self, "caseload", "capacity.caseload"),
        };
        let fidelity = rr.number(self, "fidelity", "fidelity");
        let outcomes = Outcomes {
            people_supported: rr.number(self, "people_supported", "outcomes.people_supported"),
            out_of_work: rr.number(self, "out_of_work", "outcomes.out_of_work"),
            job_starts: rr.number(self, "job_starts", "outcomes.job_starts"),
            sustained_13_weeks: rr.number(
                self,
                "sustained_13_weeks",
                "outcomes.sustained_13_weeks",
            ),
        };
        let employment_share = self.employment_share(rr);
        let notes = rr.text("notes", "notes");
        let source = rr.source(self, "source");
        let (id, name) = (id?, name?);
        rr.finish(self, Entry::Service(id.clone()));
        Some(Service {
            id,
            name,
            provider,
            model,
            national,
            stages,
            eligibility,
            referral,
            capacity,
            fidelity,
            outcomes,
            employment_share,
            funding: Vec::new(),
            planned: Vec::new(),
            notes,
            source,
            span: nowhere(),
        })
    }

    /// A service's employment share: a share from 0 to 1, or a percentage.
    fn employment_share(&mut self, rr: &mut RowReader) -> Option<Share> {
        let employment_share = rr.parse(
            self,
            "employment_share",
            "employment_share",
            cells::parse_share,
        );
        employment_share.and_then(|s| {
            let share = Share::new(s);
            if share.is_none() {
                self.error(
                    Code::ShareOutOfRange,
                    format!("the employment share is {s}, outside 0 to 1"),
                    rr.span("employment_share"),
                    "not a share",
                    "write a share from 0 to 1 (0.4), or a percentage (40%)",
                );
            }
            share
        })
    }

    fn accepted(&mut self, sheet: &Sheet, map: &mut Map) {
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            let services = rr.ids(self, "services", "services");
            let cohort = rr.text("cohort", "cohort").map(Id);
            let stage = rr.text("stage", "stage").map(Id);
            let reason = rr.text("reason", "reason");
            let index = map.accepted_overlaps.len();
            map.accepted_overlaps.push(AcceptedOverlap {
                services,
                cohort,
                stage,
                reason,
                span: nowhere(),
            });
            rr.finish(self, Entry::AcceptedOverlap(index));
        }
    }
}
