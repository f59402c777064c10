//! One small function per subcommand: options in, one call into the library, output out.

use super::args::{CheckArgs, Command, EligibilityArgs, FailOn, Format, MapArg, RoutesArgs};
use super::exit;
use super::output::{Failure, Session, diagnostics_json, summary_line};
use crate::analysis;
use crate::analysis::report::Gate;
use crate::diag::Severity;
use crate::export::{json, markdown, text, text_gaps};

pub(super) fn dispatch(session: &Session, command: &Command) -> Result<u8, Failure> {
    match command {
        Command::Validate(a) => validate(session, a),
        Command::Show(a) => show(session, a),
        Command::Eligibility(a) => eligibility(session, a),
        Command::Routes(a) => routes(session, a),
        Command::Gaps(a) => gaps(session, a),
        Command::Overlap(a) => overlap(session, a),
        Command::Report(a) => report(session, a),
        Command::Check(a) => check(session, a),
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
            session.print_diagnostics(&diagnostics, &sources, &a.map, true);
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

fn routes(session: &Session, a: &RoutesArgs) -> Result<u8, Failure> {
    let format = session.format("routes", &[Format::Text, Format::Json])?;
    let loaded = session.load(&a.map.map)?;
    let eco = &loaded.eco;
    if let Some(c) = a.cohort.as_deref() {
        find(
            c,
            eco.cohort_ix(c),
            eco.map.cohorts.keys().map(|k| k.as_str()),
            "cohort",
        )?;
    }
    let r = analysis::report::report(eco);
    let view = r.routes(a.cohort.as_deref());
    let out = match format {
        Format::Json => json::document("routes", &view),
        _ => text_gaps::routes(&view),
    };
    session.emit(out.as_bytes(), &eco.map.sources)?;
    Ok(exit::OK)
}

fn gaps(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("gaps", &[Format::Text, Format::Json])?;
    let loaded = session.load(&a.map)?;
    let r = analysis::report::report(&loaded.eco);
    let out = match format {
        Format::Json => json::document("gaps", &r.gaps),
        _ => text_gaps::gaps(&r),
    };
    session.emit(out.as_bytes(), &loaded.eco.map.sources)?;
    Ok(exit::OK)
}

fn overlap(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("overlap", &[Format::Text, Format::Json])?;
    let loaded = session.load(&a.map)?;
    let r = analysis::report::report(&loaded.eco);
    let out = match format {
        Format::Json => json::document("overlap", &r.overlaps),
        _ => text_gaps::overlaps(&r.overlaps, &r.area.currency),
    };
    session.emit(out.as_bytes(), &loaded.eco.map.sources)?;
    Ok(exit::OK)
}

fn report(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    let format = session.format("report", &[Format::Markdown, Format::Json])?;
    let loaded = session.load(&a.map)?;
    let r = analysis::report::report(&loaded.eco);
    let out = match format {
        Format::Json => json::document("report", &r),
        _ => markdown::report(&r),
    };
    session.emit(out.as_bytes(), &loaded.eco.map.sources)?;
    Ok(exit::OK)
}

fn check(session: &Session, a: &CheckArgs) -> Result<u8, Failure> {
    let format = session.format("check", &[Format::Text, Format::Json])?;
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
    let r = analysis::report::report(&loaded.eco);
    let outcome = analysis::report::check(&r, loaded.warnings, &gates);
    let out = match format {
        Format::Json => json::document("check", &outcome),
        _ => text_gaps::check(&outcome, &a.map.map.display().to_string()),
    };
    session.emit(out.as_bytes(), &loaded.eco.map.sources)?;
    Ok(if outcome.passed { exit::OK } else { exit::MAP })
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
