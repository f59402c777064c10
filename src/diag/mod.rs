//! Diagnostics as data: problems found in a map, each with a code, a severity, located labels and
//! help. Messages are written by the validator and the analyses; [`render`] turns them into text,
//! and `export::json::Diagnostics` into the public JSON form. Nothing here prints.

pub mod render;

pub use crate::source::Span;
use crate::source::{FileId, Sources};

/// How serious a diagnostic is. Errors stop a map from being analysed; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $summary:literal; )*) => {
        /// What kind of problem a diagnostic reports. Each has a section in `docs/diagnostics.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $summary] $variant, )* }

        impl Code {
            /// Every code, in the order of `docs/diagnostics.md`.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code's name, as printed and in JSON: a word without severity.
            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity a diagnostic of this code has unless the user asks otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }
        }
    };
}

codes! {
    YamlSyntax = "yaml-syntax", Error, "the file is not well-formed YAML";
    YamlLimit = "yaml-limit", Error, "the map nests too deep, holds too long a value, or stands for too much through aliases to read safely";
    CsvSyntax = "csv-syntax", Error, "a spreadsheet table (CSV) that is not well-formed, or cannot be read as one";
    JsonSyntax = "json-syntax", Error, "an imported JSON file that is not well-formed, or not of the shape the import reads";
    MultipleDocuments = "multiple-documents", Error, "a file that holds more than one YAML document";
    NotUtf8 = "not-utf8", Error, "a file that is not UTF-8 text";
    UnreadableFile = "unreadable-file", Error, "a file of the map's folder that cannot be read (not a regular file, no permission)";
    InputTooLarge = "input-too-large", Error, "a file, or a whole map, larger than the limits (--max-file-size, --max-map-size)";
    UnknownKey = "unknown-key", Error, "a key the map format does not have";
    MissingKey = "missing-key", Error, "a key that must be given is missing";
    WrongType = "wrong-type", Error, "a value of the wrong kind (text where a number belongs, …)";
    DuplicateKey = "duplicate-key", Error, "the same key twice in one mapping";
    DuplicateId = "duplicate-id", Error, "two entities with the same id";
    UnknownReference = "unknown-reference", Error, "a reference to an id that is not on the map";
    WrongKindReference = "wrong-kind-reference", Error, "a reference to an id of the wrong kind";
    RuleCycle = "rule-cycle", Error, "a rule that refers to itself through other rules";
    EmptyCondition = "empty-condition", Error, "an `all:` or `any:` that lists no conditions (it holds for everyone, or for no one)";
    RuleTooLarge = "rule-too-large", Error, "a rule or eligibility that nests too deep, or stands for too many terms, with the rules it uses written out";
    NegativeValue = "negative-value", Error, "a size, amount or capacity below zero";
    ValueOutOfRange = "value-out-of-range", Error, "a number beyond the range ecomap takes for it, or a total of the map that adds up beyond its range";
    ShareOutOfRange = "share-out-of-range", Error, "a share outside 0 to 1";
    BadDate = "bad-date", Error, "a date that is not YYYY-MM-DD or not a day of the calendar";
    ContractEndsBeforeStart = "contract-ends-before-start", Error, "a contract whose end is before its start";
    SelfReferral = "self-referral", Error, "a service that lists itself among those it takes referrals from";
    SelfFunding = "self-funding", Error, "a commissioner that lists itself among those that fund it";
    UndeclaredStage = "undeclared-stage", Error, "a stage that is neither built in nor declared under `stages:`";
    FidelityOutOfRange = "fidelity-out-of-range", Error, "an IPS fidelity score outside 25 to 125";
    NoArea = "no-area", Error, "the map has no `area`";
    DuplicateSection = "duplicate-section", Error, "`area` or `benchmarks` given in two files";
    BadRange = "bad-range", Error, "a range whose minimum is above its maximum";
    UnknownBenchmark = "unknown-benchmark", Error, "a benchmark override for a benchmark that does not exist";
    EarmarkNotFunded = "earmark-not-funded", Error, "money earmarked (`for:`) for a service the receiving commissioner does not fund";
    MisplacedEarmark = "misplaced-earmark", Error, "`for:` on a service's own funding line";
    UnusedRule = "unused-rule", Warning, "a rule that no service and no other rule uses";
    CommissionerFundsNothing = "commissioner-funds-nothing", Warning, "a commissioner that funds no service and no commissioner";
    UnfundedService = "unfunded-service", Warning, "a service offering employment support with no funding";
    CohortWithoutNeeds = "cohort-without-needs", Warning, "a cohort that needs no stage";
    WholeCohortNeeds = "whole-cohort-needs", Warning, "a cohort's `needs` written as a list of stages, which counts the whole cohort as needing each";
    ZeroNeed = "zero-need", Warning, "a stage a cohort lists in `needs` that no one in it needs: share 0, or a cohort of size 0";
    CohortWithoutEntry = "cohort-without-entry", Warning, "a cohort with no entry point";
    UnmatchedWord = "unmatched-word", Warning, "a word on a cohort or in a rule that nearly matches one on the other side (capitals, one letter), or a rule's word no cohort has";
    UnknownModel = "unknown-model", Warning, "a service model outside the known list";
    UnknownKind = "unknown-kind", Warning, "a commissioner kind or provider sector outside the known list";
    UndatedPeriod = "undated-period", Warning, "an `area.period` that cannot be read as dates, so dated questions are answered as of today";
    UnknownFigure = "unknown-figure", Warning, "an area figure no benchmark uses";
    MissingSource = "missing-source", Warning, "a figure without a `source` (only with --strict)";
}

/// A located remark on a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem found in a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is.
    pub primary: Option<Label>,
    /// Other places that explain it (the first definition of a duplicate id, …).
    pub secondary: Vec<Label>,
    /// How to mend it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `code` with its default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Points at the place of the problem.
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.primary = Some(Label {
            span,
            message: label.into(),
        });
        self
    }

    /// Adds another place that explains the problem.
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: label.into(),
        });
        self
    }

    /// Says how to mend the problem.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the primary label, for tests and JSON.
    pub fn line_col(&self, sources: &Sources) -> Option<(String, usize, usize)> {
        let label = self.primary.as_ref()?;
        let (line, col) = sources.line_col(&label.span);
        Some((sources.name(label.span.file).to_owned(), line, col))
    }
}

/// All diagnostics of a run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts by file, position and code, so output does not depend on the order checks ran in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.primary
                    .as_ref()
                    .map(|l| (l.span.file, l.span.range.start))
                    .unwrap_or((FileId(usize::MAX), 0))
            };
            key(a)
                .cmp(&key(b))
                .then(a.code.cmp(&b.code))
                .then(a.message.cmp(&b.message))
        });
    }
}

/// The ids nearest to `word` among `candidates`, best first, for "did you mean". Capitals are
/// ignored in the comparison, so `IPS` finds `ips`: ids are all lower case by custom, and short
/// ones in capitals share no letter with them as written.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let word = word.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// `d` as one line for a message that is not a rendered diagnostic: its place (`line 3, column
/// 7: `, after `file` when given), what is wrong, and how to mend it.
pub fn one_line(d: &Diagnostic, sources: &crate::source::Sources, file: Option<&str>) -> String {
    let place = d.primary.as_ref().map_or(String::new(), |l| {
        let (line, column) = sources.line_col(&l.span);
        match file {
            Some(name) => format!("{name}:{line}:{column}: "),
            None => format!("line {line}, column {column}: "),
        }
    });
    match &d.help {
        Some(help) => format!("{place}{}: {help}", d.message),
        None => format!("{place}{}", d.message),
    }
}

/// "did you mean `a`?" or "did you mean `a`, `b` or `c`?", or nothing.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let near = nearest(word, candidates);
    let quoted: Vec<String> = near.iter().map(|c| format!("`{c}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_are_unique_and_documented() {
        let docs = include_str!("../../docs/diagnostics.md");
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.name()), "code {} twice", code.name());
            assert!(
                docs.contains(&format!("## `{}`", code.name())),
                "docs/diagnostics.md has no section `## `{}``",
                code.name()
            );
        }
    }

    #[test]
    fn suggests_near_words() {
        assert_eq!(
            did_you_mean("sise", ["size", "name", "stages"]),
            Some("did you mean `size`?".into())
        );
        assert_eq!(did_you_mean("zzz", ["size", "name"]), None);
    }

    #[test]
    fn suggests_ids_that_differ_only_in_capitals() {
        // `IPS` and `ips` share no letter as written: compared without capitals they are one word.
        assert_eq!(
            did_you_mean("IPS", ["ips", "cmht", "job-club"]),
            Some("did you mean `ips`?".into())
        );
        assert_eq!(
            did_you_mean("CMHT", ["cmht", "ips"]),
            Some("did you mean `cmht`?".into())
        );
    }
}
