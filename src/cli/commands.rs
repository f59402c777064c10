//! One small function per subcommand: options in, one call into the library, output out.

use std::path::Path;

use super::args::{
    BenchmarksArgs, CheckArgs, Command, DotArgs, EligibilityArgs, FailOn, Format, FundingArgs,
    FundingBy, GapsArgs, MapArg, OverlapArgs, RendererArg, ReportArgs, RoutesArgs, ViewArg,
};
use super::clock::today;
use super::exit;
use super::lookup::find;
use super::output::{Failure, Out, Session, diagnostics_json, summary_line};
use crate::analysis;
use crate::analysis::provenance::Provenance;
use crate::analysis::report::Gate;
use crate::benchmarks::Benchmarks;
use crate::diag::Severity;
use crate::export::csv::funding as funding_csv;
use crate::export::dot::View;
use crate::export::markdown::{funding as markdown_funding, provenance};
use crate::export::picture::{PictureFormat, Renderer};
use crate::export::text::{
    benchmarks as benchmarks_text, funding as funding_text, gaps as text_gaps,
};
use crate::export::{dot, html, json, markdown, picture, text};
use crate::graph::Ecosystem;

pub(super) fn dispatch(session: &Session, command: &Command) -> Result<u8, Failure> {
    match command {
        Command::Validate(a) => validate(session, a),
        Command::Show(a) => show(session, a),
        Command::Eligibility(a) => eligibility(session, a),
        Command::Dot(a) => draw(session, a),
        Command::Funding(a) => funding(session, a),
        Command::Capacity(a) => capacity(session, a),
        Command::Benchmarks(a) => benchmarks(session, a),
        Command::Routes(a) => routes(session, a),
        Command::Gaps(a) => gaps(session, a),
        Command::Overlap(a) => overlap(session, a),
        Command::Report(a) => report(session, a),
        Command::Check(a) => check(session, a),
        Command::Contracts(a) => super::retender::contracts(session, a),
        Command::WhatIf(a) => super::retender::what_if(session, a),
        Command::Compare(a) => super::retender::compare(session, a),
        Command::Diff(a) => super::retender::diff(session, a),
        Command::Generate(a) => super::generate::generate(session, a),
        Command::Export(c) => super::export::export(session, c),
        Command::Init(a) => super::authoring::init(session, a),
        Command::Schema => super::authoring::schema(session),
        Command::Docs(a) => super::authoring::docs(session, a),
        Command::Completions(a) => super::authoring::completions(session, a),
        Command::Man => super::authoring::man(session),
        Command::Import(c) => super::import::import(session, c),
    }
}

fn validate(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("validate")?;
    let (mut sources, mut diagnostics, map) = session.validate(&a.map)?;
    // With `--benchmarks FILE`, the file's overrides are checked too, as a command that uses
    // them would check them.
    let file = session.benchmark_file_problems(map.as_ref(), &mut sources)?;
    if !file.0.is_empty() {
        diagnostics.0.extend(file.0);
        diagnostics.sort();
    }
    let failed = diagnostics.has_errors()
        || (session.deny_warnings && diagnostics.count(Severity::Warning) > 0);
    let code = if failed { exit::MAP } else { exit::OK };
    match format {
        Format::Json => {
            session.emit(diagnostics_json(&diagnostics, &sources, &a.map).as_bytes())?
        }
        _ => {
            session.print_diagnostics(&diagnostics, &sources);
            let verdict = if failed { "not valid" } else { "valid" };
            let line = format!("{}\n", summary_line(&diagnostics, &a.map, Some(verdict)));
            session.emit(line.as_bytes())?;
        }
    }
    session.end(code)
}

fn show(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("show")?;
    let loaded = session.load(&a.map)?;
    let summary = analysis::summary::summarise(&loaded.eco);
    let out = match format {
        Format::Json => Out::json(json::Summary::from(&summary)),
        _ => Out::Text(text::summary(&summary)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

fn eligibility(session: &Session, a: &EligibilityArgs) -> Result<u8, Failure> {
    let format = session.format("eligibility")?;
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    let cohort = a
        .cohort
        .as_deref()
        .map(|c| {
            find(
                &eco.map,
                c,
                eco.cohort_ix(c),
                eco.map.cohorts.keys().map(|k| k.as_str()),
                "cohort",
            )
        })
        .transpose()?;
    let service = a
        .service
        .as_deref()
        .map(|s| {
            find(
                &eco.map,
                s,
                eco.service_ix(s),
                eco.map.services.keys().map(|k| k.as_str()),
                "service",
            )
        })
        .transpose()?;
    let m = analysis::eligibility::matrix(eco, cohort, service);
    let out = match format {
        Format::Json => Out::json(json::Eligibility::from(&m)),
        _ => Out::Text(text::matrix(&m, a.why)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

fn draw(session: &Session, a: &DotArgs) -> Result<u8, Failure> {
    let format = session.format("dot")?;
    if a.cohort.is_some() && a.view != ViewArg::Routes {
        return Err(Failure::Usage(
            "--cohort goes with --view routes: the other views show every cohort".into(),
        ));
    }
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    let view = match a.view {
        ViewArg::Ecosystem => View::Ecosystem,
        ViewArg::Funding => View::Funding,
        ViewArg::Overlap => View::Overlap,
        ViewArg::Routes => {
            let ids = || eco.map.cohorts.keys().map(|k| k.as_str());
            let Some(id) = a.cohort.as_deref() else {
                let all: Vec<&str> = ids().collect();
                return Err(Failure::Usage(format!(
                    "--view routes draws one cohort: add --cohort ID (the cohorts are: {})",
                    all.join(", ")
                )));
            };
            View::Routes {
                cohort: find(&eco.map, id, eco.cohort_ix(id), ids(), "cohort")?,
            }
        }
    };
    let table = session.benchmarks(Some(&eco.map), &a.map.map)?;
    let inputs = analysis::diagram::DiagramInputs::compute(eco, &table);
    let diagram = dot::draw(eco, &inputs, &view);
    let picture_format = match format {
        Format::Svg => PictureFormat::Svg,
        Format::Png => PictureFormat::Png,
        Format::Mermaid => {
            let out = crate::export::mermaid::flowchart(&diagram);
            session.emit(out.as_bytes())?;
            return Ok(exit::OK);
        }
        _ => {
            session.emit(diagram.to_dot().as_bytes())?;
            session.end(exit::OK);
        }
    };
    let pic = picture::render(&diagram, picture_format, renderer(a.renderer))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    session.note(&pic.drawn.to_string());
    for line in pic.warnings.lines().filter(|l| !l.trim().is_empty()) {
        session.note(&format!("Graphviz: {line}"));
    }
    session.emit(&pic.bytes)?;
    session.end(exit::OK)
}

fn renderer(r: RendererArg) -> Renderer {
    match r {
        RendererArg::Auto => Renderer::Auto,
        RendererArg::Graphviz => Renderer::Graphviz,
        RendererArg::Builtin => Renderer::Builtin,
    }
}

fn funding(session: &Session, a: &FundingArgs) -> Result<u8, Failure> {
    let format = session.format("funding")?;
    if let (Some(_), Format::Json | Format::Markdown) = (a.by, format) {
        return Err(Failure::Usage(format!(
            "--by shows one view, in text or CSV only; {} has every view: leave out --by, or write text or CSV (--format text, --format csv)",
            format.in_words()
        )));
    }
    let loaded = session.load(&a.map.map)?;
    let table = session.benchmarks(Some(&loaded.eco.map), &a.map.map)?;
    let f = analysis::funding::funding(&loaded.eco, &table);
    let view = match a.by {
        None => funding_text::View::All,
        Some(FundingBy::Commissioner) => funding_text::View::Commissioner,
        Some(FundingBy::Service) => funding_text::View::Service,
        Some(FundingBy::Cohort) => funding_text::View::Cohort,
        Some(FundingBy::Stage) => funding_text::View::Stage,
        Some(FundingBy::Evidence) => funding_text::View::Evidence,
    };
    let out = match format {
        Format::Json => Out::json(json::Funding::from(&f)),
        Format::Csv => Out::Text(funding_csv::funding(&f, view)),
        Format::Markdown => Out::Text(markdown_funding::funding_document(
            &f,
            &loaded.eco.map.area.name,
        )),
        _ => Out::Text(funding_text::funding(&f, view)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

fn capacity(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("capacity")?;
    let loaded = session.load(&a.map)?;
    let table = session.benchmarks(Some(&loaded.eco.map), &a.map)?;
    let report = analysis::benchmarks::capacity(&loaded.eco, &table);
    let out = match format {
        Format::Json => Out::json(json::Capacity::from(&report)),
        Format::Markdown => Out::Text(markdown_funding::capacity_document(
            &report,
            &loaded.eco.map.area.name,
        )),
        _ => Out::Text(benchmarks_text::capacity(&report)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

fn benchmarks(session: &Session, a: &BenchmarksArgs) -> Result<u8, Failure> {
    let format = session.format("benchmarks")?;
    let loaded = a.map.as_deref().map(|p| session.load(p)).transpose()?;
    let map = loaded.as_ref().map(|l| &l.eco.map);
    // Problems found only in a --benchmarks file are summed up under its name.
    let path = a
        .map
        .as_deref()
        .or(session.benchmarks.as_deref())
        .unwrap_or(std::path::Path::new("benchmarks"));
    let table = session.benchmarks(map, path)?;
    let out = match format {
        Format::Json => Out::json(json::BenchmarkTable::from(&table)),
        _ => Out::Text(benchmarks_text::table(&table)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

fn routes(session: &Session, a: &RoutesArgs) -> Result<u8, Failure> {
    let format = session.format("routes")?;
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    if let Some(c) = a.cohort.as_deref() {
        find(
            &eco.map,
            c,
            eco.cohort_ix(c),
            eco.map.cohorts.keys().map(|k| k.as_str()),
            "cohort",
        )?;
    }
    // The text shows no gap's blockers; JSON the nearest of each, as `gaps` does.
    let shown = match format {
        Format::Json => (!a.all).then_some(analysis::gaps::SHOWN_BLOCKERS),
        _ => Some(0),
    };
    let found = analysis::report::find_gaps_showing(eco, shown);
    let view = found.routes(a.cohort.as_deref());
    let out = match format {
        Format::Json => Out::json(json::Routes::from(&view)),
        _ => Out::Text(text_gaps::routes(&view)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

fn gaps(session: &Session, a: &GapsArgs) -> Result<u8, Failure> {
    let format = session.format("gaps")?;
    let loaded = session.load(&a.map.map)?;
    let shown = (!a.all).then_some(analysis::gaps::SHOWN_BLOCKERS);
    let found = analysis::report::find_gaps_showing(&loaded.eco, shown);
    let out = match format {
        Format::Json => Out::json(json::Gaps::from(&found.gaps)),
        _ => Out::Text(text_gaps::gaps(&found)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

fn overlap(session: &Session, a: &OverlapArgs) -> Result<u8, Failure> {
    let format = session.format("overlap")?;
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    let shown = (!a.all).then_some(analysis::overlap::SHOWN);
    let overlaps = analysis::report::find_overlaps_showing(eco, shown);
    let out = match format {
        Format::Json => Out::json(json::Overlaps::from(&overlaps)),
        _ => Out::Text(text_gaps::overlaps(&overlaps, &eco.map.area.currency)),
    };
    session.write(out)?;
    session.end(exit::OK)
}

fn report(session: &Session, a: &ReportArgs) -> Result<u8, Failure> {
    let format = session.format("report")?;
    if format == Format::Html {
        return report_html(session, a);
    }
    let loaded = session.load(&a.map.map)?;
    let table = session.benchmarks(Some(&loaded.eco.map), &a.map.map)?;
    // Where the report comes from, worked out beside it.
    let (r, p) = rayon::join(
        || {
            let shown = (!a.all).then_some(analysis::overlap::SHOWN);
            analysis::report::report_showing(&loaded.eco, &table, shown)
        },
        || made(&loaded.eco, &table, &a.map.map),
    );
    let out = match format {
        Format::Json => Out::json(json::Report::new(&r, &p)),
        _ => Out::Text({
            let doc = markdown::report(&r);
            let end = provenance::markdown(&p, &doc);
            doc + &end
        }),
    };
    session.write(out)?;
    session.end(exit::OK)
}

/// The report as one self-contained HTML page, its diagrams drawn by the renderer asked for.
fn report_html(session: &Session, a: &ReportArgs) -> Result<u8, Failure> {
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    let table = session.benchmarks(Some(&eco.map), &a.map.map)?;
    let p = made(eco, &table, &a.map.map);
    let shown = (!a.all).then_some(analysis::overlap::SHOWN);
    let inputs = analysis::diagram::DiagramInputs::showing(eco, &table, shown);
    let figures = super::figures::draw(eco, &inputs, renderer(a.renderer));
    let report = html::page_of(eco, &inputs, &figures, &p);
    for note in &report.notes {
        session.note(note);
    }
    session.emit(report.html.as_bytes())?;
    session.end(exit::OK)
}

fn check(session: &Session, a: &CheckArgs) -> Result<u8, Failure> {
    let format = session.format("check")?;
    let loaded = session.load(&a.map.map)?;
    let gates: Vec<Gate> = a
        .fail_on
        .iter()
        .map(|f| match f {
            FailOn::Gaps => Gate::Gaps,
            FailOn::Overlap => Gate::Overlap,
            FailOn::Warnings => Gate::Warnings,
        })
        .collect();
    let outcome = analysis::report::check(&loaded.eco, loaded.warnings, &gates);
    let out = match format {
        Format::Json => Out::json(json::Check::from(&outcome)),
        _ => Out::Text(text_gaps::check(&outcome, &a.map.map.display().to_string())),
    };
    session.write(out)?;
    session.end(if outcome.passed { exit::OK } else { exit::MAP })
}

/// Where a report of `eco` comes from, made today (`SOURCE_DATE_EPOCH` when set).
fn made(eco: &Ecosystem, table: &Benchmarks, map: &Path) -> Provenance {
    analysis::provenance::provenance(eco, table, &map.display().to_string(), today())
}
