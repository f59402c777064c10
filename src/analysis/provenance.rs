//! Where a report comes from, as data for its last section: the map and its period, each source
//! the map cites with its as-of date, how many of the figures a partnership must be able to source
//! have none, the ecomap version, the benchmark table's version and as-of date, the day the report
//! was made, whether the map says it is an illustration, and what the source codes stand for. The
//! caller gives the map's name as the user gave it and the day (the command line reads the clock);
//! nothing here reads files or the clock.

use std::collections::BTreeMap;

use crate::analysis::summary::cited;
use crate::benchmarks::{Benchmarks, Edition, Reference};
use crate::date::Date;
use crate::graph::Ecosystem;
use crate::model::{FundingLine, Id, Map, Source};

/// A source the map cites, once, with what it is cited for.
#[derive(Debug, Clone, PartialEq)]
pub struct CitedSource {
    pub source: Source,
    /// What cites it, in map order: `area`, `area figures`, `cohort smi`, `service ips, funding from icb`.
    pub cited_for: Vec<String>,
}

/// Figures a partnership must be able to source, and those with no `source` (the ones
/// `ecomap validate --strict` warns about).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourcedFigures {
    /// The population figures, each area figure, each cohort's size and each funding line.
    pub figures: usize,
    pub without_source: usize,
}

/// Where a report comes from.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// The map as the user named it: a file or a folder.
    pub map: String,
    pub area: Id,
    pub name: String,
    pub period: Option<String>,
    /// The map says it is an illustration, not a real area's figures (`area.illustrative`).
    pub illustrative: bool,
    /// Each source the map cites, in the order first cited.
    pub sources: Vec<CitedSource>,
    pub figures: SourcedFigures,
    pub ecomap_version: &'static str,
    /// The benchmark table's version and as-of date.
    pub benchmark_table: Edition,
    /// Benchmarks not at their built-in value.
    pub benchmarks_overridden: usize,
    /// The day the report was made (`SOURCE_DATE_EPOCH` when set).
    pub made: Date,
    /// What the source codes stand for: every one the table knows (a JSON reader looks up the
    /// ones it meets; the Markdown and HTML reports list those they cite).
    pub references: Vec<Reference>,
}

/// The figures `validate --strict` asks a source for: the population (one figure, sourced by the
/// area), each area figure (sourced by `area.figures.source`), each cohort's size, each funding
/// line of a service or a commissioner.
fn sourced_figures(m: &Map) -> SourcedFigures {
    let mut figures = 0;
    let mut without_source = 0;
    let mut count = |n: usize, sourced: bool| {
        figures += n;
        if !sourced {
            without_source += n;
        }
    };
    if m.area.population.is_some() || m.area.working_age_population.is_some() {
        count(1, m.area.source.is_some());
    }
    count(m.area.figures.len(), m.area.figures_source.is_some());
    for c in m.cohorts.values() {
        count(1, c.source.is_some());
    }
    let lines = m
        .services
        .values()
        .flat_map(|s| &s.funding)
        .chain(m.commissioners.values().flat_map(|c| &c.funded_by));
    for l in lines {
        let l: &FundingLine = l;
        count(1, l.source.is_some());
    }
    SourcedFigures {
        figures,
        without_source,
    }
}

/// The provenance of a report of `eco` made on `made` against `table`; `map` is the map as the
/// user named it.
pub fn provenance(eco: &Ecosystem, table: &Benchmarks, map: &str, made: Date) -> Provenance {
    let m = &eco.map;
    let mut sources: Vec<CitedSource> = Vec::new();
    // Each distinct source's place in `sources`, found without a search along the list.
    let mut at: BTreeMap<(&str, Option<&str>, Option<Date>), usize> = BTreeMap::new();
    // In map order (the order of `ecomap show`), planned lines aside.
    for (about, s) in cited(m, false) {
        let key = (s.citation.as_str(), s.url.as_deref(), s.as_of);
        match at.get(&key).and_then(|&i| sources.get_mut(i)) {
            Some(c) => c.cited_for.push(about),
            None => {
                at.insert(key, sources.len());
                sources.push(CitedSource {
                    source: s.clone(),
                    cited_for: vec![about],
                });
            }
        }
    }
    Provenance {
        map: map.to_owned(),
        area: m.area.id.clone(),
        name: m.area.name.clone(),
        period: m.area.period.clone(),
        illustrative: m.area.illustrative,
        sources,
        figures: sourced_figures(m),
        ecomap_version: env!("CARGO_PKG_VERSION"),
        benchmark_table: table.table.clone(),
        benchmarks_overridden: table.overridden().count(),
        made,
        references: table.references.clone(),
    }
}
