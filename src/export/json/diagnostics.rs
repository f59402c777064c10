//! The `diagnostics` document (`validate`, and any command whose map has errors): every problem
//! found in the map. Lines and columns are 1-based and computed here, at output, from the sources
//! (`docs/diagnostics.md`).

use serde::Serialize;

use super::Body;
use crate::diag::{self, Diagnostic as Found, Label as FoundLabel, Severity};
use crate::load::Sources;

/// The diagnostics of one map.
#[derive(Serialize)]
pub struct Diagnostics<'a> {
    map: &'a str,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Diagnostic<'a>>,
}

impl Body for Diagnostics<'_> {
    const TYPE: &'static str = "diagnostics";
}

impl<'a> Diagnostics<'a> {
    /// The diagnostics of the map named `map` (as given on the command line), located in
    /// `sources`.
    pub fn new(found: &'a diag::Diagnostics, sources: &'a Sources, map: &'a str) -> Self {
        Diagnostics {
            map,
            errors: found.count(Severity::Error),
            warnings: found.count(Severity::Warning),
            diagnostics: found.0.iter().map(|d| diagnostic(d, sources)).collect(),
        }
    }
}

/// One diagnostic: located by its primary label, `null` when it points nowhere.
#[derive(Serialize)]
struct Diagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    labels: Vec<Label<'a>>,
    help: Option<&'a str>,
}

/// A located remark.
#[derive(Serialize)]
struct Label<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    /// In bytes.
    length: usize,
    message: &'a str,
    primary: bool,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn label<'a>(sources: &'a Sources, l: &'a FoundLabel, primary: bool) -> Label<'a> {
    let (line, column) = sources.line_col(&l.span);
    Label {
        file: sources.name(l.span.file),
        line,
        column,
        length: l.span.range.len(),
        message: &l.message,
        primary,
    }
}

fn diagnostic<'a>(d: &'a Found, sources: &'a Sources) -> Diagnostic<'a> {
    let at = d.primary.as_ref().map(|l| {
        let (line, column) = sources.line_col(&l.span);
        (sources.name(l.span.file), line, column)
    });
    let mut labels: Vec<Label<'a>> = d.primary.iter().map(|l| label(sources, l, true)).collect();
    labels.extend(d.secondary.iter().map(|l| label(sources, l, false)));
    Diagnostic {
        code: d.code.name(),
        severity: severity(d.severity),
        message: &d.message,
        file: at.map(|(f, _, _)| f),
        line: at.map(|(_, l, _)| l),
        column: at.map(|(_, _, c)| c),
        labels,
        help: d.help.as_deref(),
    }
}
