//! Raw → valid. Resolves every reference, checks every value, and reports *all* problems it finds
//! (never only the first), each located in its file. Always yields a model; the caller decides
//! whether the diagnostics allow analysing it. Messages for each problem are written here, in one
//! place per kind of entity.

mod accepted;
mod area;
mod cohorts;
mod conditions;
mod entities;
mod funding;
mod services;
mod stages;
#[cfg(test)]
mod tests;
mod usage;
mod words;

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::decimal::{MAX_MINOR_UNITS, MAX_QUANTITY, MAX_TOTAL, MIN_WTE};
use crate::diag::{Code, Diagnostic, Diagnostics, Span, did_you_mean};
use crate::load::{FileId, Sources};
use crate::model::{Id, Map, Share, Source};
use crate::raw::{RawMap, RawSource, Spanned};

/// What the user asked of validation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Warn about figures and entities with no `source`.
    pub strict: bool,
}

/// The kind of an entity, for the shared id namespace and for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Commissioner,
    Provider,
    Rule,
    Cohort,
    Service,
    Stage,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Commissioner => "commissioner",
            Kind::Provider => "provider",
            Kind::Rule => "rule",
            Kind::Cohort => "cohort",
            Kind::Service => "service",
            Kind::Stage => "stage",
        }
    }

    fn section(self) -> &'static str {
        match self {
            Kind::Commissioner => "commissioners",
            Kind::Provider => "providers",
            Kind::Rule => "rules",
            Kind::Cohort => "cohorts",
            Kind::Service => "services",
            Kind::Stage => "stages",
        }
    }
}

/// Parses and checks every file of a map: the map, if it has no errors, and every diagnostic.
///
/// When a file does not parse, checking stops after parsing: the other files, checked without it,
/// would report everything it defines as missing (no `area`, unknown references, unused rules).
pub fn check(sources: &Sources, options: Options) -> (Option<Map>, Diagnostics) {
    let (files, mut diagnostics) = crate::load::parse(sources);
    if diagnostics.has_errors() {
        // A folder of whole maps read as one is left to its own error once every file reads.
        if !files.is_empty() && entities::several_maps(sources, &files).is_none() {
            held_back(sources, files, options, &mut diagnostics);
        }
        diagnostics.sort();
        return (None, diagnostics);
    }
    // A folder of whole maps read as one would give every id of all but the first as taken
    // again: one error says what the folder is instead.
    if let Some(d) = entities::several_maps(sources, &files) {
        diagnostics.push(d);
        diagnostics.sort();
        return (None, diagnostics);
    }
    let (map, more) = validate(sources.clone(), files, options);
    diagnostics.0.extend(more.0);
    // The map's `benchmarks:` overrides are checked against the benchmark table here, so that
    // `validate` and every command report an unknown id or a value out of range, located.
    let (_, overrides) = crate::benchmarks::resolve(Some(&map), &[]);
    diagnostics.0.extend(overrides.0);
    diagnostics.sort();
    let map = (!diagnostics.has_errors()).then_some(map);
    (map, diagnostics)
}

/// Some of the map's files could not be read or parsed (their diagnostics are in `diagnostics`):
/// the others' own mistakes are reported all the same, so mending one file does not bring a new
/// batch from the rest. Checks across files (references to ids, the area, stages, rules, earmarks,
/// what funds what, entry points) are held back, since the files not read may hold what they
/// look for; each unread file's diagnostic says so.
fn held_back(
    sources: &Sources,
    files: Vec<(FileId, RawMap)>,
    options: Options,
    diagnostics: &mut Diagnostics,
) {
    // A file read past its mistakes of key and value is checked but for their entries; one that
    // cannot be read at all, not at all.
    let note = |code: Code| {
        if crate::load::resumable(code) {
            "Until this file reads whole, the entry each such mistake is in is left out, and the \
             checks across the map (ids, rules, funding) wait"
        } else {
            "Until this file can be read, its own checks and those across the map (ids, rules, \
             funding) wait"
        }
    };
    // Every diagnostic so far is of a file that could not be read or parsed; the note is given
    // once a file, at its first.
    diagnostics.sort();
    let mut noted: Vec<FileId> = Vec::new();
    for d in &mut diagnostics.0 {
        let file = d.primary.as_ref().map(|l| l.span.file);
        if file.is_some_and(|f| noted.contains(&f)) {
            continue;
        }
        noted.extend(file);
        let note = note(d.code);
        d.help = Some(match d.help.take() {
            Some(h) => format!("{}. {note}", h.trim_end_matches('.')),
            None => format!("{note}."),
        });
    }
    let (_, more) = validate(sources.clone(), files, options);
    diagnostics
        .0
        .extend(more.0.into_iter().filter(|d| own_file(d.code)));
}

/// Whether a check looks at one place of the map only (a value, a date, an entry and its own
/// lists, ids that clash), so that it holds whatever the files that could not be read say.
fn own_file(code: Code) -> bool {
    matches!(
        code,
        Code::NegativeValue
            | Code::ValueOutOfRange
            | Code::ShareOutOfRange
            | Code::FidelityOutOfRange
            | Code::BadDate
            | Code::BadRange
            | Code::ContractEndsBeforeStart
            | Code::SelfReferral
            | Code::SelfFunding
            | Code::EmptyCondition
            | Code::MisplacedEarmark
            | Code::DuplicateId
            | Code::DuplicateSection
            | Code::WrongType
            | Code::WrongKindReference
            | Code::RuleCycle
            | Code::UnknownModel
            | Code::UnknownKind
            | Code::UnknownFigure
            | Code::UndatedPeriod
            | Code::MissingSource
            | Code::CohortWithoutNeeds
    )
}

/// Checks a parsed map and builds its model.
pub fn validate(
    sources: Sources,
    files: Vec<(FileId, RawMap)>,
    options: Options,
) -> (Map, Diagnostics) {
    let mut cx = Context {
        sources: &sources,
        diagnostics: Diagnostics::default(),
        ids: IndexMap::new(),
        options,
        totals: Totals::default(),
        words: words::Words::default(),
        unknown_help: BTreeMap::new(),
    };
    let parts = entities::Parts::collect(&mut cx, files);
    let map = parts.build(&mut cx);
    let mut diagnostics = cx.diagnostics;
    diagnostics.sort();
    (Map { sources, ..map }, diagnostics)
}

/// What validation carries along: the sources for spans, the diagnostics found, the id namespace.
pub(crate) struct Context<'s> {
    sources: &'s Sources,
    diagnostics: Diagnostics,
    /// Every id on the map with its kind and where it is defined.
    ids: IndexMap<String, (Kind, Span)>,
    options: Options,
    /// The map's totals so far, checked against their ranges.
    totals: Totals,
    /// The words cohorts have and rules test for, compared once all are read.
    words: words::Words,
    /// The help given for an unknown id of a kind, with the number of ids the map had then: an id
    /// misspelt the same way many times is compared with the map's ids once, not each time.
    unknown_help: BTreeMap<(Kind, String), (usize, String)>,
}

/// Sums over the whole map, kept to check their ranges (nothing is capped silently).
#[derive(Debug, Default)]
struct Totals {
    /// Minor units of money, over every funding line.
    money: u128,
    /// People, over every cohort.
    people: u128,
    /// Places a year, over every service.
    places: u128,
}

/// Which of the map's totals.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Total {
    Money,
    People,
    Places,
}

impl Context<'_> {
    fn span<T>(&self, file: FileId, v: &Spanned<T>) -> Span {
        self.sources.span_of(file, v)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Claims `id` for an entity of `kind`; reports it if another entity has it already.
    fn define(&mut self, file: FileId, id: &Spanned<String>, kind: Kind) -> bool {
        let span = self.span(file, id);
        if let Some((other_kind, other)) = self.ids.get(&id.value) {
            let d = Diagnostic::new(
                Code::DuplicateId,
                format!("the id `{}` is used twice", id.value),
            )
            .at(
                span,
                format!("this {} has the id `{}`…", kind.word(), id.value),
            )
            .also(
                other.clone(),
                format!("…already given to this {}", other_kind.word()),
            )
            .help(
                "ids must be unique across the whole map, whatever their kind: rename one of them",
            );
            self.push(d);
            return false;
        }
        self.ids.insert(id.value.clone(), (kind, span));
        true
    }

    /// Resolves a reference to an entity of `kind`, reporting an unknown id with the nearest ones.
    fn resolve(&mut self, file: FileId, r: &Spanned<String>, kind: Kind, role: &str) -> Option<Id> {
        match self.ids.get(&r.value) {
            Some((k, _)) if *k == kind => return Some(Id(r.value.clone())),
            Some((k, defined)) => {
                let d = Diagnostic::new(
                    Code::WrongKindReference,
                    format!(
                        "{role} must name a {}, but `{}` is a {}",
                        kind.word(),
                        r.value,
                        k.word()
                    ),
                )
                .at(self.span(file, r), format!("expected a {} id", kind.word()))
                .also(
                    defined.clone(),
                    format!("`{}` is defined here as a {}", r.value, k.word()),
                )
                .help(format!("name one of the ids under `{}:`", kind.section()));
                self.push(d);
            }
            None => {
                let help = self.unknown_help(kind, &r.value);
                let d = Diagnostic::new(
                    Code::UnknownReference,
                    format!(
                        "{role} names `{}`, but there is no {} with that id",
                        r.value,
                        kind.word()
                    ),
                )
                .at(self.span(file, r), format!("unknown {}", kind.word()))
                .help(help);
                self.push(d);
            }
        }
        None
    }

    /// How to mend a reference to `word`, an id the map has no entity of: the ids of `kind` it
    /// is nearest, else where to add one.
    fn unknown_help(&mut self, kind: Kind, word: &str) -> String {
        let key = (kind, word.to_owned());
        if let Some((ids, help)) = self.unknown_help.get(&key)
            && *ids == self.ids.len()
        {
            return help.clone();
        }
        let candidates: Vec<&str> = (self.ids.iter())
            .filter(|(_, (k, _))| *k == kind)
            .map(|(id, _)| id.as_str())
            .collect();
        let help = match did_you_mean(word, candidates.iter().copied()) {
            Some(dym) => dym,
            None if candidates.is_empty() => {
                format!(
                    "the map has no {} yet: add it under `{}:`",
                    kind.section(),
                    kind.section()
                )
            }
            None => format!(
                "add a {} `{}` under `{}:`, or name an existing one",
                kind.word(),
                word,
                kind.section()
            ),
        };
        self.unknown_help
            .insert(key, (self.ids.len(), help.clone()));
        help
    }

    /// A count of people or places: whole and not negative.
    fn count(&mut self, file: FileId, v: &Spanned<f64>, what: &str) -> Option<u64> {
        let n = self.non_negative(file, v, what)?;
        if n.fract() != 0.0 {
            let d = Diagnostic::new(
                Code::WrongType,
                format!("{what} must be a whole number, not {n}"),
            )
            .at(self.span(file, v), "not a whole number")
            .help("round it to a whole number");
            self.push(d);
            return None;
        }
        Some(n as u64)
    }

    /// The number as written at `span`, for messages about how it is written.
    fn number_written(&self, span: &Span) -> &str {
        self.sources
            .text(span.file)
            .get(span.range.start..)
            .map(crate::decimal::token)
            .unwrap_or("")
    }

    /// Whether a number is written in decimal (YAML also reads `.inf`, `.nan`, and in places
    /// `0x10`); reports it if not.
    fn decimal(&mut self, file: FileId, v: &Spanned<f64>) -> bool {
        let span = self.span(file, v);
        let written = self.number_written(&span);
        match crate::decimal::hint(written) {
            None if v.value.is_finite() => true,
            hint => {
                let d = Diagnostic::new(
                    Code::WrongType,
                    format!("`{written}` is not a decimal number"),
                )
                .at(span, "not written in decimal")
                .help(
                    hint.unwrap_or_else(|| "write a decimal number, such as 120 or 0.3".to_owned()),
                );
                self.push(d);
                false
            }
        }
    }

    /// A quantity: written in decimal, not below zero, not beyond [`MAX_QUANTITY`].
    fn non_negative(&mut self, file: FileId, v: &Spanned<f64>, what: &str) -> Option<f64> {
        if !self.decimal(file, v) {
            return None;
        }
        if v.value < 0.0 {
            let d = Diagnostic::new(Code::NegativeValue, format!("{what} cannot be {}", v.value))
                .at(self.span(file, v), "below zero")
                .help("write zero or more");
            self.push(d);
            return None;
        }
        if v.value > MAX_QUANTITY {
            let d = Diagnostic::new(
                Code::ValueOutOfRange,
                format!(
                    "{what} is {}, beyond the {} a map's counts and figures may be",
                    v.value,
                    crate::money::group_thousands(MAX_QUANTITY as u64)
                ),
            )
            .at(self.span(file, v), "out of range")
            .help("check the figure: counts and figures run from 0 to 10,000,000,000 (`ecomap docs format`)");
            self.push(d);
            return None;
        }
        Some(v.value)
    }

    /// Adds to one of the map's totals; reports, once, where the total passes its range.
    fn add_to_total(&mut self, which: Total, amount: u128, span: Span) {
        let (total, limit, what, unit) = match which {
            Total::Money => (
                &mut self.totals.money,
                MAX_MINOR_UNITS as u128,
                "the funding on the map",
                "£10,000,000,000,000,000 (10^16) a year",
            ),
            Total::People => (
                &mut self.totals.people,
                MAX_TOTAL,
                "the cohorts' sizes",
                "1,000,000,000,000,000 (10^15) people",
            ),
            Total::Places => (
                &mut self.totals.places,
                MAX_TOTAL,
                "the services' places",
                "1,000,000,000,000,000 (10^15) places",
            ),
        };
        let before = *total;
        *total = total.saturating_add(amount);
        if before <= limit && *total > limit {
            let d = Diagnostic::new(
                Code::ValueOutOfRange,
                format!("{what} adds up to more than {unit} here"),
            )
            .at(span, "the total passes its range here")
            .help("check the figures: a total this large is a mistake in one of them (`ecomap docs format` gives the ranges)");
            self.push(d);
        }
    }

    /// Staff, whole-time equivalent: a quantity that is 0 (no paid staff) or at least
    /// [`MIN_WTE`].
    fn wte(&mut self, file: FileId, v: &Spanned<f64>, what: &str) -> Option<f64> {
        let wte = self.non_negative(file, v, what)?;
        if wte > 0.0 && wte < MIN_WTE {
            let written = self.number_written(&self.span(file, v)).to_owned();
            let d = Diagnostic::new(
                Code::ValueOutOfRange,
                format!(
                    "{what} is {written}, less than the 0.01 whole-time equivalent (about 20 minutes a week of one person's time) staff can be"
                ),
            )
            .at(self.span(file, v), "out of range")
            .help("WTE counts staff as whole-time equivalents: 1 is one full-time worker, 0.5 one half-time; write 0 if no paid staff deliver it, or check for a misplaced decimal point. WTE is 0, or from 0.01 to 10,000,000,000 (`ecomap docs format`)");
            self.push(d);
            return None;
        }
        Some(wte)
    }

    /// An optional quantity that cannot be below zero.
    fn optional(&mut self, file: FileId, v: &Option<Spanned<f64>>, what: &str) -> Option<f64> {
        v.as_ref().and_then(|v| self.non_negative(file, v, what))
    }

    /// A share in 0–1.
    fn share(&mut self, file: FileId, v: &Spanned<f64>, what: &str) -> Option<Share> {
        if !self.decimal(file, v) {
            return None;
        }
        let share = Share::new(v.value);
        if share.is_none() {
            let hint = if v.value > 1.0 && v.value <= 100.0 {
                format!(
                    "write a share from 0 to 1: for {} %, write {}",
                    v.value,
                    v.value / 100.0
                )
            } else {
                "write a share from 0 to 1".to_owned()
            };
            let d = Diagnostic::new(
                Code::ShareOutOfRange,
                format!("{what} is {}, outside 0 to 1", v.value),
            )
            .at(self.span(file, v), "not a share")
            .help(hint);
            self.push(d);
        }
        share
    }

    fn date(&mut self, file: FileId, v: &Spanned<String>) -> Option<crate::date::Date> {
        match crate::date::Date::parse(&v.value) {
            Ok(d) => Some(d),
            Err(message) => {
                let d = Diagnostic::new(Code::BadDate, message)
                    .at(self.span(file, v), "not a date")
                    .help("write dates as YYYY-MM-DD, such as 2026-03-31");
                self.push(d);
                None
            }
        }
    }

    fn source(&mut self, file: FileId, s: &Option<Spanned<RawSource>>) -> Option<Source> {
        let s = s.as_ref()?;
        let as_of = s.value.as_of.as_ref().and_then(|d| self.date(file, d));
        Some(Source {
            citation: s.value.citation.clone(),
            url: s.value.url.clone(),
            as_of,
        })
    }

    /// Under `--strict`, warns that a figure has no source.
    fn want_source(&mut self, span: Span, what: &str, has: bool) {
        if self.options.strict && !has {
            let d = Diagnostic::new(Code::MissingSource, format!("{what} has no `source`"))
                .at(span, "where did this come from?")
                .help("add `source: \"…\"` with a citation, or `source: { citation: …, url: …, as_of: YYYY-MM-DD }`");
            self.push(d);
        }
    }

    /// Warns that a word is not in a known list.
    fn known_word(
        &mut self,
        file: FileId,
        v: &Spanned<String>,
        known: &[&str],
        code: Code,
        what: &str,
    ) {
        if !known.contains(&v.value.as_str()) {
            let same_but_capitals = known.iter().find(|k| k.eq_ignore_ascii_case(&v.value));
            let help = match (
                same_but_capitals,
                did_you_mean(&v.value, known.iter().copied()),
            ) {
                (Some(meant), _) => format!(
                    "did you mean `{meant}`? Words are compared exactly, capitals too: as \
                     written, it is not the {what} `{meant}`, and what ecomap knows of \
                     `{meant}` (a model's benchmarks and evidence) does not apply to it."
                ),
                (None, Some(dym)) => format!("{dym} The known {what}s are: {}.", known.join(", ")),
                (None, None) => format!(
                    "it loads as written; the known {what}s are: {}.",
                    known.join(", ")
                ),
            };
            let d = Diagnostic::new(code, format!("`{}` is not a known {what}", v.value))
                .at(self.span(file, v), format!("unknown {what}"))
                .help(help);
            self.push(d);
        }
    }
}

/// Entities of one kind as written: file, id, value.
type Entries<T> = Vec<(FileId, Spanned<String>, Spanned<T>)>;

/// Strings as written.
pub(super) fn words(raw: &[Spanned<String>]) -> Vec<String> {
    raw.iter().map(|w| w.value.clone()).collect()
}

/// An optional text as written.
pub(super) fn text(raw: &Option<Spanned<String>>) -> Option<String> {
    raw.as_ref().map(|t| t.value.clone())
}
