//! Entities: gathered from every file of the map, ids claimed, then each converted to the model
//! with its references resolved and its values checked.

use indexmap::IndexMap;

use super::accepted::accepted;
use super::area::area;
use super::cohorts::cohort;
use super::conditions;
use super::funding::{check_earmarks, funding_lines};
use super::services::service;
use super::stages::stages;
use super::usage::Usage;
use super::{Context, Entries, Kind, text, words};
use crate::diag::{Code, Diagnostic, Span};
use crate::load::{FileId, Sources};
use crate::model::{
    BenchmarkOverride, Cohort, Commissioner, Eligibility, Id, KNOWN_COMMISSIONER_KINDS,
    KNOWN_SECTORS, Map, Provider, Rule, Service,
};
use crate::raw::*;

/// `benchmarks:` as written: benchmark id → value.
type RawBenchmarks = Spanned<IndexMap<Spanned<String>, Spanned<f64>>>;

/// Every entity of the map, from all its files, in file order.
pub(super) struct Parts {
    area: Option<(FileId, Spanned<RawArea>)>,
    stages: Entries<RawStage>,
    commissioners: Entries<RawCommissioner>,
    providers: Entries<RawProvider>,
    rules: Entries<RawCondition>,
    cohorts: Entries<RawCohort>,
    services: Entries<RawService>,
    benchmarks: Option<(FileId, RawBenchmarks)>,
    accepted: Vec<(FileId, Spanned<RawAcceptedOverlap>)>,
}

fn take<T>(cx: &mut Context, file: FileId, table: Table<T>, kind: Kind, into: &mut Entries<T>) {
    for (id, value) in table {
        if cx.define(file, &id, kind) {
            into.push((file, id, value));
        }
    }
}

/// Keeps the first of a section that may be given once, reporting any other.
fn once<T>(
    cx: &mut Context,
    slot: &mut Option<(FileId, Spanned<T>)>,
    file: FileId,
    value: Option<Spanned<T>>,
    key: &str,
) {
    let Some(value) = value else { return };
    if let Some((first_file, first)) = slot {
        let d = Diagnostic::new(Code::DuplicateSection, format!("`{key}` is given twice"))
            .at(cx.span(file, &value), format!("a second `{key}`…"))
            .also(cx.span(*first_file, first), "…after this one")
            .help(format!("a map has one `{key}`: keep it in one file"));
        cx.push(d);
    } else {
        *slot = Some((file, value));
    }
}

/// One diagnostic for a folder in which two or more files are each a whole map (its own `area`,
/// and services or cohorts). Read as one map, each whole map after the first would give its
/// `area` and every one of its ids as given twice (on a folder of 300 areas, 51,000 errors); this
/// says what the folder holds, and how to read it. `None` for any other map: a second `area` in a
/// file that holds nothing else is a mistake in one map, reported where it is ([`once`]).
pub(super) fn several_maps(sources: &Sources, files: &[(FileId, RawMap)]) -> Option<Diagnostic> {
    let whole: Vec<(FileId, &Spanned<RawArea>)> = (files.iter())
        .filter(|(_, raw)| !(raw.services.is_empty() && raw.cohorts.is_empty()))
        .filter_map(|(file, raw)| raw.area.as_ref().map(|a| (*file, a)))
        .collect();
    let [(first, first_area), (second, second_area), ..] = whole[..] else {
        return None;
    };
    let name = sources.name(first).to_owned();
    let folder = std::path::Path::new(&name)
        .parent()
        .map_or_else(String::new, |p| p.display().to_string());
    let (k, n) = (whole.len(), files.len());
    let (which, these) = if k == n {
        (
            format!("each of its {n} files has its own `area`"),
            "the folder, or its files,",
        )
    } else {
        (
            format!("{k} of its {n} files each have their own `area`, and services or cohorts"),
            "those files",
        )
    };
    Some(
        Diagnostic::new(
            Code::DuplicateSection,
            format!("the folder `{folder}` holds {k} maps, not one: {which}"),
        )
        .at(
            sources.span_of(second, second_area),
            "a second map's `area`…",
        )
        .also(sources.span_of(first, first_area), "…besides this one")
        .help(format!(
            "a folder is one map, split into files with one `area` between them. To compare \
             these maps, give {these} to `ecomap compare` (a row per file); to work on one of \
             them, give its file, such as `{name}`"
        )),
    )
}

impl Parts {
    pub(super) fn collect(cx: &mut Context, files: Vec<(FileId, RawMap)>) -> Parts {
        let mut p = Parts {
            area: None,
            stages: Vec::new(),
            commissioners: Vec::new(),
            providers: Vec::new(),
            rules: Vec::new(),
            cohorts: Vec::new(),
            services: Vec::new(),
            benchmarks: None,
            accepted: Vec::new(),
        };
        for (file, raw) in files {
            once(cx, &mut p.area, file, raw.area, "area");
            once(cx, &mut p.benchmarks, file, raw.benchmarks, "benchmarks");
            take(cx, file, raw.stages, Kind::Stage, &mut p.stages);
            take(
                cx,
                file,
                raw.commissioners,
                Kind::Commissioner,
                &mut p.commissioners,
            );
            take(cx, file, raw.providers, Kind::Provider, &mut p.providers);
            take(cx, file, raw.rules, Kind::Rule, &mut p.rules);
            take(cx, file, raw.cohorts, Kind::Cohort, &mut p.cohorts);
            take(cx, file, raw.services, Kind::Service, &mut p.services);
            p.accepted
                .extend(raw.accepted_overlaps.into_iter().map(|a| (file, a)));
        }
        p
    }

    pub(super) fn build(self, cx: &mut Context) -> Map {
        let area = area(cx, self.area);
        let stages = stages(cx, &self.stages);
        let mut used = Usage::default();
        let commissioners: IndexMap<Id, Commissioner> = self
            .commissioners
            .iter()
            .map(|(file, id, raw)| {
                let c = commissioner(cx, *file, id, &raw.value, &mut used);
                (c.id.clone(), c)
            })
            .collect();
        let providers: IndexMap<Id, Provider> = self
            .providers
            .iter()
            .map(|(file, id, raw)| {
                let p = provider(cx, *file, id, &raw.value);
                (p.id.clone(), p)
            })
            .collect();
        // Rules: convert, then look for cycles among their references.
        let mut rule_uses: IndexMap<Id, Vec<(Id, Span)>> = IndexMap::new();
        let rules: IndexMap<Id, Rule> = self
            .rules
            .iter()
            .map(|(file, id, raw)| {
                let r = rule(cx, *file, id, &raw.value, &mut used, &mut rule_uses);
                (r.id.clone(), r)
            })
            .collect();
        conditions::report_cycles(cx, &rule_uses);
        let extents = conditions::report_too_large(cx, &rules, &rule_uses);
        let cohorts: IndexMap<Id, Cohort> = self
            .cohorts
            .iter()
            .map(|(file, id, raw)| {
                let c = cohort(cx, *file, id, &raw.value, &stages);
                (c.id.clone(), c)
            })
            .collect();
        let services: IndexMap<Id, Service> = self
            .services
            .iter()
            .map(|(file, id, raw)| {
                let s = service(cx, *file, id, &raw.value, &stages, &mut used);
                (s.id.clone(), s)
            })
            .collect();
        for s in services.values() {
            if let Eligibility::Inline(c) = &s.eligibility {
                let e = conditions::extent(c, &extents);
                if e.too_large() && !conditions::uses_too_large(c, &extents) {
                    let what = format!("the eligibility of `{}`", s.id);
                    cx.push(conditions::too_large(&what, e, s.span.clone()));
                }
            }
        }
        drop(extents);
        let accepted_overlaps = self
            .accepted
            .iter()
            .map(|(file, a)| accepted(cx, *file, a, &stages))
            .collect();
        let benchmarks = benchmark_overrides(cx, self.benchmarks.as_ref());
        check_earmarks(cx, &commissioners, &services);
        super::words::warn_unmatched(cx);
        used.warn_unused(cx, &commissioners, &rules);
        Map {
            sources: Default::default(),
            area,
            stages,
            commissioners,
            providers,
            rules,
            cohorts,
            services,
            benchmarks,
            accepted_overlaps,
        }
    }
}

fn commissioner(
    cx: &mut Context,
    file: FileId,
    id: &Spanned<String>,
    raw: &RawCommissioner,
    used: &mut Usage,
) -> Commissioner {
    if let Some(kind) = &raw.kind {
        cx.known_word(
            file,
            kind,
            KNOWN_COMMISSIONER_KINDS,
            Code::UnknownKind,
            "commissioner kind",
        );
    }
    let (funded_by, planned) = funding_lines(cx, file, &raw.funded_by, &id.value, used);
    Commissioner {
        id: Id(id.value.clone()),
        name: raw.name.value.clone(),
        kind: raw
            .kind
            .as_ref()
            .map_or_else(|| "other".to_owned(), |k| k.value.clone()),
        identifiers: words(&raw.identifiers),
        funded_by,
        planned,
        notes: text(&raw.notes),
        source: cx.source(file, &raw.source),
        span: cx.span(file, id),
    }
}

fn provider(cx: &mut Context, file: FileId, id: &Spanned<String>, raw: &RawProvider) -> Provider {
    if let Some(sector) = &raw.sector {
        cx.known_word(
            file,
            sector,
            KNOWN_SECTORS,
            Code::UnknownKind,
            "provider sector",
        );
    }
    Provider {
        id: Id(id.value.clone()),
        name: raw.name.value.clone(),
        sector: raw
            .sector
            .as_ref()
            .map_or_else(|| "other".to_owned(), |s| s.value.clone()),
        identifiers: words(&raw.identifiers),
        notes: text(&raw.notes),
        source: cx.source(file, &raw.source),
        span: cx.span(file, id),
    }
}

/// A rule, its references to other rules recorded in `used` and, for the search for cycles, in
/// `rule_uses`.
fn rule(
    cx: &mut Context,
    file: FileId,
    id: &Spanned<String>,
    raw: &RawCondition,
    used: &mut Usage,
    rule_uses: &mut IndexMap<Id, Vec<(Id, Span)>>,
) -> Rule {
    let mut uses = Vec::new();
    let condition = conditions::condition(cx, file, raw, &mut uses);
    let rid = Id(id.value.clone());
    for (u, _) in &uses {
        used.rules.push(u.clone());
    }
    rule_uses.insert(rid.clone(), uses);
    Rule {
        id: rid,
        description: raw.description.as_ref().map(|d| d.value.clone()),
        condition,
        notes: text(&raw.notes),
        source: cx.source(file, &raw.source),
        span: cx.span(file, id),
    }
}

/// `benchmarks:`: each override with where its value and its id are written.
fn benchmark_overrides(
    cx: &Context,
    benchmarks: Option<&(FileId, RawBenchmarks)>,
) -> IndexMap<String, BenchmarkOverride> {
    benchmarks
        .iter()
        .flat_map(|(file, b)| {
            b.value
                .iter()
                .map(|(k, v)| {
                    (
                        k.value.clone(),
                        BenchmarkOverride {
                            value: v.value,
                            span: cx.span(*file, v),
                            id_span: cx.span(*file, k),
                        },
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
