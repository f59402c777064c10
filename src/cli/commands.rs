//! One small function per subcommand: options in, one call into the library, output out.

use super::args::{
    BenchmarksArgs, Command, EligibilityArgs, Format, FundingArgs, FundingBy, MapArg,
};
use super::exit;
use super::output::{Failure, Session, diagnostics_json, summary_line};
use crate::analysis;
use crate::diag::Severity;
use crate::export::funding_text::View;
use crate::export::{benchmarks_text, funding_csv, funding_text, json, markdown_funding, text};

pub(super) fn dispatch(session: &Session, command: &Command) -> Result<u8, Failure> {
    match command {
        Command::Validate(a) => validate(session, a),
        Command::Show(a) => show(session, a),
        Command::Eligibility(a) => eligibility(session, a),
        Command::Funding(a) => funding(session, a),
        Command::Capacity(a) => capacity(session, a),
        Command::Benchmarks(a) => benchmarks(session, a),
    }
}

fn validate(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("validate", &[Format::Text, Format::Json])?;
    let (sources, diagnostics, _) = session.validate(&a.map)?;
    let failed = diagnostics.has_errors()
        || (session.deny_warnings && diagnostics.count(Severity::Warning) > 0);
    let code = if failed { exit::MAP } else { exit::OK };
    match format {
        Format::Json => session.emit(
            diagnostics_json(&diagnostics, &sources, &a.map).as_bytes(),
            &sources,
        )?,
        _ => {
            session.print_diagnostics(&diagnostics, &sources, &a.map);
            let verdict = if failed { "not valid" } else { "valid" };
            let line = format!(
                "{}\n",
                summary_line(&diagnostics, &a.map).replacen(": ", &format!(": {verdict}, "), 1)
            );
            session.emit(line.as_bytes(), &sources)?;
        }
    }
    Ok(code)
}

fn show(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("show", &[Format::Text, Format::Json])?;
    let loaded = session.load(&a.map)?;
    let summary = analysis::summary::summarise(&loaded.eco);
    let out = match format {
        Format::Json => json::document("summary", &summary),
        _ => text::summary(&summary),
    };
    session.emit(out.as_bytes(), &loaded.eco.map.sources)?;
    Ok(exit::OK)
}

fn eligibility(session: &Session, a: &EligibilityArgs) -> Result<u8, Failure> {
    let format = session.format("eligibility", &[Format::Text, Format::Json])?;
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    let cohort = a
        .cohort
        .as_deref()
        .map(|c| {
            find(
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
                s,
                eco.service_ix(s),
                eco.map.services.keys().map(|k| k.as_str()),
                "service",
            )
        })
        .transpose()?;
    let m = analysis::eligibility::matrix(eco, cohort, service);
    let out = match format {
        Format::Json => json::document("eligibility", &m),
        _ => text::matrix(&m, a.why),
    };
    session.emit(out.as_bytes(), &eco.map.sources)?;
    Ok(exit::OK)
}

fn funding(session: &Session, a: &FundingArgs) -> Result<u8, Failure> {
    let format = session.format(
        "funding",
        &[Format::Text, Format::Json, Format::Csv, Format::Markdown],
    )?;
    let loaded = session.load(&a.map.map)?;
    let table = session.benchmarks(Some(&loaded.eco.map), &a.map.map)?;
    let f = analysis::funding::funding(&loaded.eco, &table);
    let view = match a.by {
        None => View::All,
        Some(FundingBy::Commissioner) => View::Commissioner,
        Some(FundingBy::Service) => View::Service,
        Some(FundingBy::Cohort) => View::Cohort,
        Some(FundingBy::Stage) => View::Stage,
        Some(FundingBy::Evidence) => View::Evidence,
    };
    let out = match format {
        Format::Json => json::document("funding", &f),
        Format::Csv => funding_csv::funding(&f, view),
        Format::Markdown => markdown_funding::funding_document(&f, &loaded.eco.map.area.name),
        _ => funding_text::funding(&f, view),
    };
    session.emit(out.as_bytes(), &loaded.eco.map.sources)?;
    Ok(exit::OK)
}

fn capacity(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("capacity", &[Format::Text, Format::Json, Format::Markdown])?;
    let loaded = session.load(&a.map)?;
    let table = session.benchmarks(Some(&loaded.eco.map), &a.map)?;
    let report = analysis::benchmarks::capacity(&loaded.eco, &table);
    let out = match format {
        Format::Json => json::document("capacity", &report),
        Format::Markdown => markdown_funding::capacity_document(&report, &loaded.eco.map.area.name),
        _ => benchmarks_text::capacity(&report),
    };
    session.emit(out.as_bytes(), &loaded.eco.map.sources)?;
    Ok(exit::OK)
}

fn benchmarks(session: &Session, a: &BenchmarksArgs) -> Result<u8, Failure> {
    let format = session.format("benchmarks", &[Format::Text, Format::Json])?;
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
        Format::Json => json::document("benchmarks", &table),
        _ => benchmarks_text::table(&table),
    };
    let sources = map.map(|m| m.sources.clone()).unwrap_or_default();
    session.emit(out.as_bytes(), &sources)?;
    Ok(exit::OK)
}

/// Resolves an id given on the command line, or says which ids there are.
pub(super) fn find<'a>(
    id: &str,
    found: Option<usize>,
    ids: impl Iterator<Item = &'a str> + Clone,
    kind: &str,
) -> Result<usize, Failure> {
    found.ok_or_else(|| {
        let hint = crate::diag::did_you_mean(id, ids.clone()).unwrap_or_else(|| {
            let all: Vec<&str> = ids.collect();
            format!("the {kind}s are: {}", all.join(", "))
        });
        Failure::Usage(format!("there is no {kind} `{id}` on the map; {hint}"))
    })
}
