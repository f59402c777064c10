//! Entities: gathered from every file of the map, ids claimed, then each converted to the model
//! with its references resolved and its values checked.

use indexmap::IndexMap;

use super::conditions;
use super::{Context, Kind};
use crate::diag::{Code, Diagnostic, Span};
use crate::load::FileId;
use crate::model::{
    AcceptedOverlap, Area, BUILTIN_STAGES, BenchmarkOverride, Capacity, Cohort, Commissioner,
    Condition, Contract, Eligibility, Figure, FundingLine, Id, KNOWN_COMMISSIONER_KINDS,
    KNOWN_FIGURES, KNOWN_MODELS, KNOWN_SECTORS, Map, Outcomes, PlannedLine, Provider, Referral,
    Rule, Service, Share, Stage,
};
use crate::raw::*;

/// Figures that are shares rather than counts.
const SHARE_FIGURES: &[&str] = &["secondary_care_in_work"];

type Entries<T> = Vec<(FileId, Spanned<String>, Spanned<T>)>;

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
                let file = *file;
                if let Some(kind) = &raw.value.kind {
                    cx.known_word(
                        file,
                        kind,
                        KNOWN_COMMISSIONER_KINDS,
                        Code::UnknownKind,
                        "commissioner kind",
                    );
                }
                let (funded_by, planned) =
                    funding_lines(cx, file, &raw.value.funded_by, &id.value, &mut used);
                let c = Commissioner {
                    id: Id(id.value.clone()),
                    name: raw.value.name.value.clone(),
                    kind: raw
                        .value
                        .kind
                        .as_ref()
                        .map_or_else(|| "other".to_owned(), |k| k.value.clone()),
                    identifiers: words(&raw.value.identifiers),
                    funded_by,
                    planned,
                    notes: text(&raw.value.notes),
                    source: cx.source(file, &raw.value.source),
                    span: cx.span(file, id),
                };
                (c.id.clone(), c)
            })
            .collect();

        let providers: IndexMap<Id, Provider> = self
            .providers
            .iter()
            .map(|(file, id, raw)| {
                if let Some(sector) = &raw.value.sector {
                    cx.known_word(
                        *file,
                        sector,
                        KNOWN_SECTORS,
                        Code::UnknownKind,
                        "provider sector",
                    );
                }
                let p = Provider {
                    id: Id(id.value.clone()),
                    name: raw.value.name.value.clone(),
                    sector: raw
                        .value
                        .sector
                        .as_ref()
                        .map_or_else(|| "other".to_owned(), |s| s.value.clone()),
                    identifiers: words(&raw.value.identifiers),
                    notes: text(&raw.value.notes),
                    source: cx.source(*file, &raw.value.source),
                    span: cx.span(*file, id),
                };
                (p.id.clone(), p)
            })
            .collect();

        // Rules: convert, then look for cycles among their references.
        let mut rule_uses: IndexMap<Id, Vec<(Id, Span)>> = IndexMap::new();
        let rules: IndexMap<Id, Rule> = self
            .rules
            .iter()
            .map(|(file, id, raw)| {
                let mut uses = Vec::new();
                let condition = conditions::condition(cx, *file, &raw.value, &mut uses);
                let rid = Id(id.value.clone());
                for (u, _) in &uses {
                    used.rules.push(u.clone());
                }
                rule_uses.insert(rid.clone(), uses);
                let r = Rule {
                    id: rid.clone(),
                    description: raw.value.description.as_ref().map(|d| d.value.clone()),
                    condition,
                    notes: text(&raw.value.notes),
                    source: cx.source(*file, &raw.value.source),
                    span: cx.span(*file, id),
                };
                (rid, r)
            })
            .collect();
        conditions::report_cycles(cx, &rule_uses);

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

        let accepted_overlaps = self
            .accepted
            .iter()
            .map(|(file, a)| accepted(cx, *file, a, &stages))
            .collect();

        let benchmarks = self
            .benchmarks
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
            .collect();

        check_earmarks(cx, &commissioners, &services);
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

/// What validation saw used, for warnings about what was not.
#[derive(Default)]
struct Usage {
    rules: Vec<Id>,
    funders: Vec<Id>,
}

impl Usage {
    fn warn_unused(
        &self,
        cx: &mut Context,
        commissioners: &IndexMap<Id, Commissioner>,
        rules: &IndexMap<Id, Rule>,
    ) {
        for r in rules.values() {
            if !self.rules.contains(&r.id) {
                let d = Diagnostic::new(
                    Code::UnusedRule,
                    format!("no service and no rule uses the rule `{}`", r.id),
                )
                .at(r.span.clone(), "unused rule")
                .help("use it in a service's `eligibility`, or remove it");
                cx.push(d);
            }
        }
        for c in commissioners.values() {
            if !self.funders.contains(&c.id) {
                let d = Diagnostic::new(
                    Code::CommissionerFundsNothing,
                    format!(
                        "the commissioner `{}` funds no service and no other commissioner",
                        c.id
                    ),
                )
                .at(c.span.clone(), "funds nothing")
                .help(format!(
                    "add `funding: [{{ from: {}, amount: … }}]` to the services it pays for",
                    c.id
                ));
                cx.push(d);
            }
        }
    }
}

fn area(cx: &mut Context, raw: Option<(FileId, Spanned<RawArea>)>) -> Area {
    let Some((file, raw)) = raw else {
        let first = FileId(0);
        let d = Diagnostic::new(Code::NoArea, "the map has no `area`")
            .at(Span { file: first, range: 0..0 }, "no `area` in any file of the map")
            .help(
                "add `area: { id: …, name: …, population: … }` to one file: the analyses need to know the place mapped",
            );
        cx.push(d);
        return Area {
            id: Id("unnamed".into()),
            name: "Unnamed area".into(),
            period: None,
            currency: "GBP".into(),
            population: None,
            working_age_population: None,
            figures: IndexMap::new(),
            figures_source: None,
            illustrative: false,
            source: None,
            span: Span {
                file: first,
                range: 0..0,
            },
        };
    };
    let a = raw.value;
    let span = cx.span(file, &a.id);
    let population = a
        .population
        .as_ref()
        .and_then(|p| cx.non_negative(file, p, "the population"));
    let working_age_population = a
        .working_age_population
        .as_ref()
        .and_then(|p| cx.non_negative(file, p, "the working-age population"));
    let mut figures = IndexMap::new();
    let mut figures_source = None;
    if let Some(f) = &a.figures {
        figures_source = cx.source(file, &f.value.source);
        for (name, value) in &f.value.values {
            if !KNOWN_FIGURES.contains(&name.value.as_str()) {
                cx.known_word(
                    file,
                    name,
                    KNOWN_FIGURES,
                    Code::UnknownFigure,
                    "area figure",
                );
            }
            let checked = if SHARE_FIGURES.contains(&name.value.as_str()) {
                cx.share(file, value, &format!("the figure `{}`", name.value))
                    .map(Share::get)
            } else {
                cx.non_negative(file, value, &format!("the figure `{}`", name.value))
            };
            if let Some(v) = checked {
                figures.insert(
                    name.value.clone(),
                    Figure {
                        value: v,
                        span: cx.span(file, value),
                    },
                );
            }
        }
        let has = figures_source.is_some();
        cx.want_source(cx.span(file, f), "`area.figures`", has);
    }
    // The population is a figure like any other: under --strict it needs the area's `source`.
    if let Some(p) = a.population.as_ref().or(a.working_age_population.as_ref()) {
        cx.want_source(
            cx.span(file, p),
            "the area's population",
            a.source.is_some(),
        );
    }
    let currency = a
        .currency
        .as_ref()
        .map_or_else(|| "GBP".to_owned(), |c| c.value.clone());
    Area {
        id: Id(a.id.value.clone()),
        name: a.name.value.clone(),
        period: a.period.as_ref().map(|p| p.value.clone()),
        currency,
        population,
        working_age_population,
        figures,
        figures_source,
        illustrative: a.illustrative.as_ref().is_some_and(|i| i.value),
        source: cx.source(file, &a.source),
        span,
    }
}

fn stages(cx: &mut Context, declared: &Entries<RawStage>) -> IndexMap<Id, Stage> {
    let mut stages: IndexMap<Id, Stage> = BUILTIN_STAGES
        .iter()
        .map(|(id, name)| {
            (
                Id::from(*id),
                Stage {
                    id: Id::from(*id),
                    name: (*name).to_owned(),
                    description: None,
                    builtin: true,
                },
            )
        })
        .collect();
    for (file, id, raw) in declared {
        if stages.contains_key(id.value.as_str()) {
            let d = Diagnostic::new(
                Code::DuplicateId,
                format!("`{}` is a built-in stage already", id.value),
            )
            .at(cx.span(*file, id), "declared again")
            .help("remove this declaration: built-in stages need none");
            cx.push(d);
            continue;
        }
        let name = raw
            .value
            .name
            .as_ref()
            .map_or_else(|| id.value.clone(), |n| n.value.clone());
        stages.insert(
            Id(id.value.clone()),
            Stage {
                id: Id(id.value.clone()),
                name,
                description: text(&raw.value.description),
                builtin: false,
            },
        );
    }
    stages
}

/// Resolves a stage name against built-in and declared stages.
fn stage(
    cx: &mut Context,
    file: FileId,
    s: &Spanned<String>,
    stages: &IndexMap<Id, Stage>,
) -> Option<Id> {
    if stages.contains_key(s.value.as_str()) {
        return Some(Id(s.value.clone()));
    }
    let help = match crate::diag::did_you_mean(&s.value, stages.keys().map(Id::as_str)) {
        Some(dym) => {
            format!("{dym} Or declare it under `stages:` if the map needs a stage of its own.")
        }
        None => format!(
            "the stages are: {}; declare others under `stages:`",
            stages.keys().map(Id::as_str).collect::<Vec<_>>().join(", ")
        ),
    };
    let d = Diagnostic::new(
        Code::UndeclaredStage,
        format!("`{}` is not a stage", s.value),
    )
    .at(cx.span(file, s), "undeclared stage")
    .help(help);
    cx.push(d);
    None
}

/// The lines of a `funding` or `funded_by` list: those counted as spend, and those planned.
fn funding_lines(
    cx: &mut Context,
    file: FileId,
    raw: &[Spanned<RawFundingLine>],
    owner: &str,
    used: &mut Usage,
) -> (Vec<FundingLine>, Vec<PlannedLine>) {
    let (mut counted, mut planned) = (Vec::new(), Vec::new());
    for line in raw {
        match funding_line(cx, file, line, owner, used) {
            Some(Line::Counted(l)) => counted.push(l),
            Some(Line::Planned(l)) => planned.push(l),
            None => {}
        }
    }
    (counted, planned)
}

/// A funding line as validated.
enum Line {
    Counted(FundingLine),
    /// `status: planned`: listed, never counted.
    Planned(PlannedLine),
}

fn funding_line(
    cx: &mut Context,
    file: FileId,
    raw: &Spanned<RawFundingLine>,
    owner: &str,
    used: &mut Usage,
) -> Option<Line> {
    let line = &raw.value;
    let from = cx.resolve(file, &line.from, Kind::Commissioner, "`from:`");
    let planned = line
        .status
        .as_ref()
        .is_some_and(|status| planned_status(cx, file, status));
    if let Some(amount) = &line.amount {
        let minor = amount.value.0;
        if i128::from(minor) > crate::decimal::MAX_MINOR_UNITS {
            let d = Diagnostic::new(
                Code::ValueOutOfRange,
                format!(
                    "the amount from `{}` to `{owner}` is beyond the £10,000,000,000,000,000 (10^16) a year a funding line may be",
                    line.from.value
                ),
            )
            .at(cx.span(file, amount), "out of range")
            .help("check the amount: it is money paid per year, in the map's currency");
            cx.push(d);
        } else if minor > 0 {
            cx.add_to_total(
                super::Total::Money,
                minor.unsigned_abs().into(),
                cx.span(file, amount),
            );
        }
    }
    if let Some(amount) = &line.amount
        && amount.value.0 < 0
    {
        let d = Diagnostic::new(
            Code::NegativeValue,
            format!(
                "the amount from `{}` to `{owner}` is below zero",
                line.from.value
            ),
        )
        .at(cx.span(file, amount), "negative amount")
        .help("amounts are money paid per year: write zero or more");
        cx.push(d);
    }
    // A misspelt `status` is reported above; the missing amount follows from it.
    if line.amount.is_none() && line.status.is_none() {
        let d = Diagnostic::new(Code::MissingKey, "missing key `amount`")
            .at(cx.span(file, raw), "this funding line has no `amount`")
            .help("add `amount: …`; for a contract not yet awarded, whose amount is not known, write `status: planned` instead");
        cx.push(d);
    }
    if from.as_ref().is_some_and(|f| f.as_str() == owner) {
        let d = Diagnostic::new(Code::SelfFunding, format!("`{owner}` cannot fund itself"))
            .at(cx.span(file, &line.from), "funds itself")
            .help("name the commissioner the money comes from");
        cx.push(d);
        return None;
    }
    let mut contract = Contract::default();
    if let Some(c) = &line.contract {
        contract.start = c.value.start.as_ref().and_then(|d| cx.date(file, d));
        contract.end = c.value.end.as_ref().and_then(|d| cx.date(file, d));
        if let (Some(start), Some(end), Some(end_raw)) =
            (contract.start, contract.end, &c.value.end)
            && end < start
        {
            let d = Diagnostic::new(
                Code::ContractEndsBeforeStart,
                format!("the contract ends on {end}, before it starts on {start}"),
            )
            .at(cx.span(file, end_raw), "ends before it starts")
            .help("swap the dates, or correct the year");
            cx.push(d);
        }
    }
    let source = cx.source(file, &line.source);
    cx.want_source(cx.span(file, raw), "this funding line", source.is_some());
    let earmark = line.earmark.as_ref().map_or_else(Vec::new, |e| {
        e.value
            .iter()
            .filter_map(|s| cx.resolve(file, s, Kind::Service, "`for:`"))
            .collect()
    });
    let from = from?;
    used.funders.push(from.clone());
    let amount = line.amount.as_ref().map(|a| crate::money::Money(a.value.0));
    if planned {
        return Some(Line::Planned(PlannedLine {
            from,
            amount,
            earmark,
            contract,
            source,
            span: cx.span(file, raw),
        }));
    }
    Some(Line::Counted(FundingLine {
        from,
        amount: amount?,
        earmark,
        earmark_span: line.earmark.as_ref().map(|e| cx.span(file, e)),
        contract,
        source,
        span: cx.span(file, raw),
    }))
}

/// Whether a line's `status` is `planned`; any other word is reported.
fn planned_status(cx: &mut Context, file: FileId, status: &Spanned<String>) -> bool {
    if status.value == "planned" {
        return true;
    }
    let d = Diagnostic::new(
        Code::WrongType,
        format!("`{}` is not a status of a funding line", status.value),
    )
    .at(cx.span(file, status), "not `planned`")
    .help("write `status: planned` for a contract not yet awarded (listed, not counted as spend), or remove `status` for money being paid");
    cx.push(d);
    false
}

fn cohort(
    cx: &mut Context,
    file: FileId,
    id: &Spanned<String>,
    raw: &RawCohort,
    stages: &IndexMap<Id, Stage>,
) -> Cohort {
    let cid = Id(id.value.clone());
    let span = cx.span(file, id);
    let size = cx
        .count(file, &raw.size, &format!("the size of cohort `{cid}`"))
        .unwrap_or(0);
    cx.add_to_total(super::Total::People, size.into(), cx.span(file, &raw.size));
    let attributes = raw
        .attributes
        .iter()
        .map(|(k, v)| {
            (
                k.value.clone(),
                conditions::attr_value(cx, file, v, &k.value),
            )
        })
        .collect();
    let mut needs = IndexMap::new();
    if let Some(n) = &raw.needs {
        for (s, share) in &n.value.0 {
            let share = match share {
                Some(v) => cx.share(
                    file,
                    v,
                    &format!("the share of `{cid}` needing `{}`", s.value),
                ),
                None => Some(Share::ONE),
            };
            if let (Some(stage), Some(share)) = (stage(cx, file, s, stages), share) {
                needs.insert(stage, share);
            }
        }
    }
    if raw.needs.as_ref().is_none_or(|n| n.value.0.is_empty()) {
        let d = Diagnostic::new(Code::CohortWithoutNeeds, format!("the cohort `{cid}` needs no stage of support"))
            .at(span.clone(), "no `needs`")
            .help("add `needs: [job-search, in-work]`, or `needs: { job-search: 0.3 }` with the share needing each");
        cx.push(d);
    }
    let enters_via: Vec<Id> = raw
        .enters_via
        .iter()
        .filter_map(|s| cx.resolve(file, s, Kind::Service, "`enters_via`"))
        .collect();
    if raw.enters_via.is_empty() {
        let d = Diagnostic::new(Code::CohortWithoutEntry, format!("the cohort `{cid}` has no entry point"))
            .at(span.clone(), "no `enters_via`")
            .help("add `enters_via: [gp]` with the services where these people first show up; without it they reach only services that take self-referrals");
        cx.push(d);
    }
    let source = cx.source(file, &raw.source);
    cx.want_source(
        cx.span(file, &raw.size),
        &format!("the size of cohort `{cid}`"),
        source.is_some(),
    );
    Cohort {
        id: cid,
        name: raw.name.value.clone(),
        size,
        attributes,
        needs,
        enters_via,
        after_start: raw.after_start.as_ref().map_or_else(IndexMap::new, |a| {
            a.value
                .iter()
                .map(|(k, v)| {
                    (
                        k.value.clone(),
                        conditions::attr_value(cx, file, v, &k.value),
                    )
                })
                .collect()
        }),
        notes: text(&raw.notes),
        source,
        span,
    }
}

fn service(
    cx: &mut Context,
    file: FileId,
    id: &Spanned<String>,
    raw: &RawService,
    stages: &IndexMap<Id, Stage>,
    used: &mut Usage,
) -> Service {
    let sid = Id(id.value.clone());
    let span = cx.span(file, id);
    let provider = raw
        .provider
        .as_ref()
        .and_then(|p| cx.resolve(file, p, Kind::Provider, "`provider:`"));
    if let Some(model) = &raw.model {
        cx.known_word(file, model, KNOWN_MODELS, Code::UnknownModel, "model");
    }
    let service_stages = raw
        .stages
        .iter()
        .filter_map(|s| stage(cx, file, s, stages))
        .collect();
    let eligibility = match &raw.eligibility {
        None => Eligibility::Open,
        Some(e) => match &e.value {
            RawEligibility::Rule(r) => {
                let r = Spanned {
                    value: r.clone(),
                    referenced: e.referenced,
                    defined: e.defined,
                };
                match cx.resolve(file, &r, Kind::Rule, "`eligibility`") {
                    Some(rid) => {
                        used.rules.push(rid.clone());
                        Eligibility::Rule(rid)
                    }
                    None => Eligibility::Inline(Condition::All(Vec::new())),
                }
            }
            RawEligibility::Condition(c) => {
                let mut uses = Vec::new();
                let condition = conditions::condition(cx, file, c, &mut uses);
                used.rules.extend(uses.into_iter().map(|(r, _)| r));
                Eligibility::Inline(condition)
            }
        },
    };
    let mut referral = Referral::default();
    if let Some(r) = &raw.referral {
        referral.self_referral = r.value.self_referral.as_ref().is_some_and(|s| s.value);
        for from in &r.value.from {
            if from.value == sid.0 {
                let d = Diagnostic::new(Code::SelfReferral, format!("the service `{sid}` takes referrals from itself"))
                    .at(cx.span(file, from), "refers to itself")
                    .help("remove it from `referral.from`; for people who refer themselves, write `self: true`");
                cx.push(d);
                continue;
            }
            if let Some(s) = cx.resolve(file, from, Kind::Service, "`referral.from`") {
                referral.from.push(s);
            }
        }
    }
    let mut capacity = Capacity::default();
    if let Some(c) = &raw.capacity {
        capacity.people_per_year = c
            .value
            .people_per_year
            .as_ref()
            .and_then(|v| cx.count(file, v, "`capacity.people_per_year`"));
        if let (Some(places), Some(raw)) = (capacity.people_per_year, &c.value.people_per_year) {
            cx.add_to_total(super::Total::Places, places.into(), cx.span(file, raw));
        }
        capacity.wte = cx.optional(file, &c.value.wte, "`capacity.wte`");
        capacity.caseload = cx.optional(file, &c.value.caseload, "`capacity.caseload`");
    }
    let fidelity = raw.fidelity.as_ref().and_then(|f| {
        if !cx.decimal(file, f) {
            None
        } else if (25.0..=125.0).contains(&f.value) {
            Some(f.value)
        } else {
            let d = Diagnostic::new(
                Code::FidelityOutOfRange,
                format!("a fidelity score of {} is outside the scale", f.value),
            )
            .at(cx.span(file, f), "not 25–125")
            .help("the IPS fidelity scale has 25 items scored 1–5: totals run from 25 to 125");
            cx.push(d);
            None
        }
    });
    let mut outcomes = Outcomes::default();
    if let Some(o) = &raw.outcomes {
        outcomes.people_supported = cx.optional(
            file,
            &o.value.people_supported,
            "`outcomes.people_supported`",
        );
        outcomes.out_of_work = cx.optional(file, &o.value.out_of_work, "`outcomes.out_of_work`");
        outcomes.job_starts = cx.optional(file, &o.value.job_starts, "`outcomes.job_starts`");
        outcomes.sustained_13_weeks = cx.optional(
            file,
            &o.value.sustained_13_weeks,
            "`outcomes.sustained_13_weeks`",
        );
    }
    let (funding, planned) = funding_lines(cx, file, &raw.funding, &sid.0, used);
    for line in &raw.funding {
        if let Some(e) = &line.value.earmark {
            let d = Diagnostic::new(
                Code::MisplacedEarmark,
                format!("`for:` on a funding line of the service `{sid}`"),
            )
            .at(
                cx.span(file, e),
                "only a commissioner's `funded_by` line can be earmarked",
            )
            .help(
                "money on a service's own funding line is for that service already: remove `for:`",
            );
            cx.push(d);
        }
    }
    let employment_share = raw
        .employment_share
        .as_ref()
        .and_then(|v| cx.share(file, v, &format!("the employment share of `{sid}`")));
    // Gateways (GP practices, clinical teams) offer only access or treatment: their clinical budgets
    // are not employment support, so a map may leave them unfunded without a warning.
    let gateway = raw
        .stages
        .iter()
        .all(|s| s.value == "access" || s.value == "treatment");
    let is_planned = |l: &Spanned<RawFundingLine>| {
        l.value
            .status
            .as_ref()
            .is_some_and(|s| s.value == "planned")
    };
    if raw.funding.is_empty() && !gateway {
        let d = Diagnostic::new(Code::UnfundedService, format!("the service `{sid}` has no funding"))
            .at(span.clone(), "no `funding`")
            .help("add `funding: [{ from: <commissioner>, amount: … }]`; or, if it is unpaid, ignore this warning");
        cx.push(d);
    } else if raw.funding.iter().all(is_planned) && !gateway {
        let d = Diagnostic::new(
            Code::UnfundedService,
            format!("the service `{sid}` has only planned funding"),
        )
        .at(span.clone(), "no funding awarded yet")
        .help("a planned line is not counted as spend: once the contract is awarded, give the line its `amount` and remove `status: planned`");
        cx.push(d);
    }
    Service {
        id: sid,
        name: raw.name.value.clone(),
        provider,
        model: raw
            .model
            .as_ref()
            .map_or_else(|| "other".to_owned(), |m| m.value.clone()),
        national: raw.national.as_ref().is_some_and(|n| n.value),
        stages: service_stages,
        eligibility,
        referral,
        capacity,
        fidelity,
        outcomes,
        employment_share,
        funding,
        planned,
        notes: text(&raw.notes),
        source: cx.source(file, &raw.source),
        span,
    }
}

fn accepted(
    cx: &mut Context,
    file: FileId,
    raw: &Spanned<RawAcceptedOverlap>,
    stages: &IndexMap<Id, Stage>,
) -> AcceptedOverlap {
    let a = &raw.value;
    let services = a
        .services
        .iter()
        .filter_map(|s| cx.resolve(file, s, Kind::Service, "`accepted_overlaps.services`"))
        .collect();
    if a.services.len() < 2 {
        let d = Diagnostic::new(
            Code::MissingKey,
            "an accepted overlap names fewer than two services",
        )
        .at(cx.span(file, raw), "needs two services")
        .help("write `services: [a, b]` with the two services whose overlap is accepted");
        cx.push(d);
    }
    AcceptedOverlap {
        services,
        cohort: a
            .cohort
            .as_ref()
            .and_then(|c| cx.resolve(file, c, Kind::Cohort, "`accepted_overlaps.cohort`")),
        stage: a.stage.as_ref().and_then(|s| stage(cx, file, s, stages)),
        reason: a.reason.as_ref().map(|r| r.value.clone()),
        span: cx.span(file, raw),
    }
}

/// Strings as written.
fn words(raw: &[Spanned<String>]) -> Vec<String> {
    raw.iter().map(|w| w.value.clone()).collect()
}

/// An optional text as written.
fn text(raw: &Option<Spanned<String>>) -> Option<String> {
    raw.as_ref().map(|t| t.value.clone())
}

/// Money passed on `for:` named services must reach them through the receiving commissioner: each
/// named service has a funding line from it.
fn check_earmarks(
    cx: &mut Context,
    commissioners: &IndexMap<Id, Commissioner>,
    services: &IndexMap<Id, Service>,
) {
    for c in commissioners.values() {
        for line in &c.funded_by {
            for s in &line.earmark {
                let Some(service) = services.get(s) else {
                    continue;
                };
                if service.funding.iter().any(|f| f.from == c.id) {
                    continue;
                }
                let funders: Vec<&str> = service.funding.iter().map(|f| f.from.as_str()).collect();
                let d = Diagnostic::new(
                    Code::EarmarkNotFunded,
                    format!(
                        "money from `{}` to `{}` is earmarked for `{s}`, which `{}` does not fund",
                        line.from, c.id, c.id
                    ),
                )
                .at(
                    line.earmark_span.clone().unwrap_or_else(|| line.span.clone()),
                    format!("`{}` does not fund `{s}`", c.id),
                )
                .also(service.span.clone(), format!("`{s}` is defined here"))
                .help(if funders.is_empty() {
                    format!("add `funding: [{{ from: {}, amount: … }}]` to `{s}`, or remove `{s}` from `for:`", c.id)
                } else {
                    format!(
                        "`{s}` is funded by {}: add a funding line from `{}` to it, or earmark the money through its funder",
                        funders.join(", "),
                        c.id
                    )
                });
                cx.push(d);
            }
        }
    }
}
