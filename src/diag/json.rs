//! Diagnostics as JSON: part of the public contract (see `docs/diagnostics.md`). Lines and columns are
//! 1-based and computed here, at output.

use serde::Serialize;

use super::{Diagnostic, Label, Severity};
use crate::load::Sources;

/// One diagnostic, as written by `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub labels: Vec<JsonLabel>,
    pub help: Option<String>,
}

/// A located remark.
#[derive(Debug, Serialize)]
pub struct JsonLabel {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub length: usize,
    pub message: String,
    pub primary: bool,
}

fn label(sources: &Sources, l: &Label, primary: bool) -> JsonLabel {
    let (line, column) = sources.line_col(&l.span);
    JsonLabel {
        file: sources.name(l.span.file).to_owned(),
        line,
        column,
        length: l.span.range.len(),
        message: l.message.clone(),
        primary,
    }
}

/// The JSON form of a diagnostic.
pub fn to_json(d: &Diagnostic, sources: &Sources) -> JsonDiagnostic {
    let located = d.line_col(sources);
    let mut labels: Vec<JsonLabel> = d.primary.iter().map(|l| label(sources, l, true)).collect();
    labels.extend(d.secondary.iter().map(|l| label(sources, l, false)));
    JsonDiagnostic {
        code: d.code.name(),
        severity: d.severity,
        message: d.message.clone(),
        file: located.as_ref().map(|(f, _, _)| f.clone()),
        line: located.as_ref().map(|(_, l, _)| *l),
        column: located.as_ref().map(|(_, _, c)| *c),
        labels,
        help: d.help.clone(),
    }
}
