//! The values every document shares, written one way: ids as strings, money as an integer of
//! minor units, days as `YYYY-MM-DD`, sources, contract dates, the benchmark table's edition and
//! references. Borrowed from the analysis results, never copied where a borrow will do.

use serde::{Serialize, Serializer};

use crate::benchmarks::{Edition as TableEdition, Reference as TableReference};
use crate::date::Date;
use crate::model::{Contract as ModelContract, Id, Source as ModelSource};
use crate::money::Money;

/// A list of ids, as a JSON list of strings.
#[derive(Clone, Copy)]
pub(super) struct Ids<'a>(&'a [Id]);

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Id::as_str))
    }
}

/// `ids` written as strings.
impl Ids<'_> {
    /// Whether there are none (for `skip_serializing_if`).
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub(super) fn ids(ids: &[Id]) -> Ids<'_> {
    Ids(ids)
}

/// An amount of money: an integer of minor units (pence, cents).
pub(super) fn minor(m: Money) -> i64 {
    m.0
}

/// An amount of money, or `null`.
pub(super) fn minor_or_null(m: Option<Money>) -> Option<i64> {
    m.map(minor)
}

/// A day, written `YYYY-MM-DD`.
#[derive(Clone, Copy)]
pub(super) struct Day(pub(super) Date);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A day, or `null` (or absent, where the field says so).
pub(super) fn day(d: Option<Date>) -> Option<Day> {
    d.map(Day)
}

/// A `source:` as the map gives it: `url` and `as_of` absent when not given.
#[derive(Serialize)]
pub(super) struct Source<'a> {
    citation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<Day>,
}

impl<'a> From<&'a ModelSource> for Source<'a> {
    fn from(s: &'a ModelSource) -> Self {
        Source {
            citation: &s.citation,
            url: s.url.as_deref(),
            as_of: day(s.as_of),
        }
    }
}

/// A contract's dates, each `null` when not given.
#[derive(Serialize)]
pub(super) struct Contract {
    start: Option<Day>,
    end: Option<Day>,
}

impl From<ModelContract> for Contract {
    fn from(c: ModelContract) -> Self {
        Contract {
            start: day(c.start),
            end: day(c.end),
        }
    }
}

/// The benchmark table's version, the day its values were last checked against their sources,
/// and the ids of the values that were not (no copy of their source to check them against).
#[derive(Serialize)]
pub(super) struct Edition {
    version: u32,
    as_of: Day,
    unchecked: Vec<String>,
}

impl From<&TableEdition> for Edition {
    fn from(e: &TableEdition) -> Self {
        Edition {
            version: e.version,
            as_of: Day(e.as_of),
            unchecked: e.unchecked.clone(),
        }
    }
}

/// What a source code (`002`, `004`, …) stands for; `url` and `note` absent when none.
#[derive(Serialize)]
pub(super) struct Reference<'a> {
    code: &'a str,
    title: &'a str,
    author: &'a str,
    date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl<'a> From<&'a TableReference> for Reference<'a> {
    fn from(r: &'a TableReference) -> Self {
        Reference {
            code: &r.code,
            title: &r.title,
            author: &r.author,
            date: &r.date,
            url: r.url.as_deref(),
            note: r.note.as_deref(),
        }
    }
}

/// Each of `items` converted: a list of wire values.
pub(super) fn each<'a, T: 'a, W: From<&'a T>>(items: &'a [T]) -> Vec<W> {
    items.iter().map(W::from).collect()
}

/// [`each`] on every core, in the same order: for items whose wire form takes real work (a gap's
/// sentences and its blockers' reasons).
pub(super) fn each_on_all_cores<'a, T: Sync + 'a, W: From<&'a T> + Send>(items: &'a [T]) -> Vec<W> {
    use rayon::prelude::*;
    items.par_iter().map(W::from).collect()
}
