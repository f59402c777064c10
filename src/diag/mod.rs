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

/// The least Jaro–Winkler similarity a "did you mean" suggestion has.
const NEAR: f64 = 0.75;

/// The ids nearest to `word` among `candidates`, best first, for "did you mean": the three most
/// alike by Jaro–Winkler similarity (at least [`NEAR`]), equals by id. Capitals are ignored in
/// the comparison, so `IPS` finds `ips`: ids are all lower case by custom, and short ones in
/// capitals share no letter with them as written.
///
/// A map with thousands of ids and thousands of mistakes asks this once per mistake, each time of
/// every id: a candidate whose similarity cannot reach the third best found so far (by
/// [`Letters::at_most`], from the letters the two share in any order) is passed over without
/// being compared, which gives the same three.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let word = word.to_lowercase();
    let letters = Letters::of(&word);
    // The best three so far, in the order they are given: most alike first, then by id.
    let mut best: Vec<(f64, &str)> = Vec::with_capacity(4);
    let order = |a: &(f64, &str), b: &(f64, &str)| b.0.total_cmp(&a.0).then(a.1.cmp(b.1));
    for c in candidates {
        let floor = match best.get(2) {
            Some(&(third, _)) => third.max(NEAR),
            None => NEAR,
        };
        // Less a margin for the round-off of the bound's arithmetic, which differs from the
        // score's.
        let least = floor - 1e-9;
        if let Some(most) = letters.as_ref().and_then(|l| l.at_most(c, least))
            && most < least
        {
            continue;
        }
        let scored = (strsim::jaro_winkler(&word, &c.to_lowercase()), c);
        if scored.0 < floor {
            continue;
        }
        let at = best.partition_point(|b| order(b, &scored).is_le());
        best.insert(at, scored);
        best.truncate(3);
    }
    best.into_iter().map(|(_, c)| c).collect()
}

/// An ASCII word's letters, counted, for a bound on its Jaro–Winkler similarity with another.
struct Letters<'w> {
    word: &'w [u8],
    count: [u16; 128],
}

impl<'w> Letters<'w> {
    /// `None` for a word that is empty, not ASCII, or longer than a count can hold: its
    /// candidates are all compared.
    fn of(word: &'w str) -> Option<Letters<'w>> {
        if word.is_empty() || !word.is_ascii() || word.len() > usize::from(u16::MAX) {
            return None;
        }
        let mut count = [0u16; 128];
        for &b in word.as_bytes() {
            count[usize::from(b)] += 1;
        }
        Some(Letters {
            word: word.as_bytes(),
            count,
        })
    }

    /// The most the Jaro–Winkler similarity of the word and `candidate` (in lower case) can be,
    /// or `None` for a candidate that is empty or not ASCII. Jaro's matches are pairs of equal
    /// letters, each letter in one pair at most, so they number at most the letters the two
    /// share in any order, `m`; its transpositions only lower it: Jaro is at most
    /// `(m / |word| + m / |candidate| + 1) / 3`. Winkler's boost for a common start of up to four
    /// letters only grows with Jaro, so the bound with the start the two really share is one too.
    /// A bound from the lengths alone (the shared letters are at most the shorter word's) is
    /// given when it is below `least`, with no letter counted.
    fn at_most(&self, candidate: &str, least: f64) -> Option<f64> {
        let c = candidate.as_bytes();
        if c.is_empty() || !candidate.is_ascii() {
            return None;
        }
        let start = (self.word.iter().zip(c))
            .take(4)
            .take_while(|(a, b)| **a == b.to_ascii_lowercase())
            .count();
        let bound = |shared: usize| {
            if shared == 0 {
                return 0.0;
            }
            let m = shared as f64;
            let jaro = (m / self.word.len() as f64 + m / c.len() as f64 + 1.0) / 3.0;
            jaro + 0.1 * start as f64 * (1.0 - jaro)
        };
        let by_length = bound(self.word.len().min(c.len()));
        if by_length < least {
            return Some(by_length);
        }
        let mut left = self.count;
        let mut shared = 0usize;
        for &b in c {
            let slot = &mut left[usize::from(b.to_ascii_lowercase())];
            if *slot > 0 {
                *slot -= 1;
                shared += 1;
            }
        }
        Some(bound(shared))
    }
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

    /// [`nearest`] as it was first written: every candidate scored, the three best kept.
    fn nearest_plainly<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
        let word = word.to_lowercase();
        let mut scored: Vec<(f64, &str)> = (candidates.iter())
            .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), *c))
            .filter(|(score, _)| *score >= NEAR)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(3).map(|(_, c)| c).collect()
    }

    proptest::proptest! {
        // Few letters, so that many candidates are near the word and many tie: the ones passed
        // over by the bound must be exactly those that could not be among the three.
        #[test]
        fn the_nearest_three_are_those_of_every_candidate_scored(
            word in "[abcAB-]{0,9}|[abé]{0,4}",
            candidates in proptest::collection::vec("[abcB-]{0,10}|[aé-]{0,5}", 0..40),
        ) {
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(
                nearest(&word, candidates.iter().copied()),
                nearest_plainly(&word, &candidates)
            );
        }
    }
}
