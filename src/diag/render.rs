//! Renders diagnostics as text with the offending lines, through codespan-reporting (which can
//! label two files in one diagnostic, as a duplicate id across a map's folder needs).

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use super::{Diagnostic, Severity};
use crate::load::Sources;

/// Every diagnostic as text, with ANSI colour when `color` is set.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut files = SimpleFiles::new();
    for file in sources.files() {
        files.add(file.name.as_str(), file.text.as_str());
    }
    let config = term::Config::default();
    let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut labels = Vec::new();
        if let Some(l) = &d.primary {
            labels.push(cs::Label::primary(l.span.file.0, l.span.range.clone()).with_message(&l.message));
        }
        for l in &d.secondary {
            labels.push(cs::Label::secondary(l.span.file.0, l.span.range.clone()).with_message(&l.message));
        }
        let mut diagnostic =
            cs::Diagnostic::new(severity).with_code(d.code.name()).with_message(&d.message).with_labels(labels);
        if let Some(help) = &d.help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {help}")]);
        }
        if term::emit_to_write_style(&mut buffer, &config, &files, &diagnostic).is_err() {
            // A label outside its file cannot be drawn: fall back to the message alone.
            let line = format!("{}[{}]: {}\n", severity_word(d.severity), d.code.name(), d.message);
            buffer = append(buffer, &line);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn append(mut buffer: termcolor::Buffer, text: &str) -> termcolor::Buffer {
    use std::io::Write;
    // Writing to an in-memory buffer cannot fail.
    let _ = buffer.write_all(text.as_bytes());
    buffer
}
