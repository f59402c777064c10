//! The words cohorts have and the words rules test for, compared once every entity is read.
//!
//! Words are compared exactly, capitals too, so `care: Secondary` on a cohort does not meet a rule
//! that asks for `secondary`, and a rule asking for `secundary` holds for no one: either makes a
//! gap that is not there. Validation warns of a word on one side that is near a word on the other
//! (the same but for capitals, or one letter apart) and not itself on the other side. A map may
//! hold words no rule uses, and rules may name words for cohorts not yet mapped, so a word far from
//! every word on the other side is not warned of: it cannot be told from one meant that way.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::{IndexMap, IndexSet};

use super::Context;
use crate::diag::{Code, Diagnostic, Span};

/// The shortest word that is compared by spelling as well as by capitals: shorter words one letter
/// apart are often different words (`esa` and `jsa` are two benefits).
const MIN_SPELLING_LEN: usize = 5;

/// A word as written on a cohort: its attribute, the word, where, and whose.
struct Held {
    attribute: String,
    word: String,
    span: Span,
    cohort: String,
}

/// One attribute term of a condition: its attribute, the words any of which it accepts, where.
struct Tested {
    attribute: String,
    words: Vec<String>,
    span: Span,
}

/// Every word cohorts have and rules test for, as validation reads them.
#[derive(Default)]
pub(super) struct Words {
    held: Vec<Held>,
    tested: Vec<Tested>,
}

impl Words {
    /// Records the words of a cohort's attribute (under `attributes:` or `after_start:`).
    pub(super) fn hold(&mut self, cohort: &str, attribute: &str, words: &[String], span: Span) {
        for word in words {
            self.held.push(Held {
                attribute: attribute.to_owned(),
                word: word.clone(),
                span: span.clone(),
                cohort: cohort.to_owned(),
            });
        }
    }

    /// Records the words an attribute term of a rule or an eligibility accepts.
    pub(super) fn test(&mut self, attribute: &str, words: &[String], span: Span) {
        self.tested.push(Tested {
            attribute: attribute.to_owned(),
            words: words.to_vec(),
            span,
        });
    }
}

/// Whether two different words are near enough to be one misspelt: the same but for capitals, or,
/// for words of [`MIN_SPELLING_LEN`] letters or more, one letter added, dropped, changed or two
/// swapped.
fn near(a: &str, b: &str) -> bool {
    a != b
        && (a.to_lowercase() == b.to_lowercase()
            || (a.chars().count().min(b.chars().count()) >= MIN_SPELLING_LEN
                && strsim::osa_distance(&a.to_lowercase(), &b.to_lowercase()) == 1))
}

fn differs_in_capitals(a: &str, b: &str) -> bool {
    a != b && a.to_lowercase() == b.to_lowercase()
}

/// How two near words differ, for messages.
fn how_they_differ(a: &str, b: &str) -> &'static str {
    if differs_in_capitals(a, b) {
        "differ only in capitals"
    } else {
        "are one letter apart"
    }
}

/// Warns of words on cohorts and in rules that nearly, but not exactly, match. Quiet on a map with no cohorts or no rules: nothing to compare with.
pub(super) fn warn_unmatched(cx: &mut Context) {
    let words = std::mem::take(&mut cx.words);
    if words.held.is_empty() || words.tested.is_empty() {
        return;
    }
    let tested: IndexSet<(&str, &str)> = (words.tested.iter())
        .flat_map(|t| t.words.iter().map(|w| (t.attribute.as_str(), w.as_str())))
        .collect();
    let held: IndexSet<(&str, &str)> = (words.held.iter())
        .map(|h| (h.attribute.as_str(), h.word.as_str()))
        .collect();
    // Each word once: the first term testing for it, and the first cohort holding it. A map of
    // thousands of services and cohorts has a few dozen words, so the near ones are looked for
    // among those, not over every pair of a term and a cohort.
    let mut first_test: IndexMap<(&str, &str), usize> = IndexMap::new();
    for (i, t) in words.tested.iter().enumerate() {
        for w in &t.words {
            first_test
                .entry((t.attribute.as_str(), w.as_str()))
                .or_insert(i);
        }
    }
    let mut first_held: IndexMap<(&str, &str), usize> = IndexMap::new();
    for (i, h) in words.held.iter().enumerate() {
        first_held
            .entry((h.attribute.as_str(), h.word.as_str()))
            .or_insert(i);
    }
    // Per cohort's word: the first term testing for a word near it.
    let mut near_test: BTreeMap<(&str, &str), Option<usize>> = BTreeMap::new();
    // Rules' words already warned of at a cohort's word near them.
    let mut answered: IndexSet<(&str, &str)> = IndexSet::new();
    for h in &words.held {
        let key = (h.attribute.as_str(), h.word.as_str());
        if tested.contains(&key) {
            continue;
        }
        let found = *near_test.entry(key).or_insert_with(|| {
            (first_test.iter())
                .filter(|((a, w), _)| *a == key.0 && near(key.1, w))
                .map(|(_, &i)| i)
                .min()
        });
        let Some(t) = found.and_then(|i| words.tested.get(i)) else {
            continue;
        };
        let Some(word) = t.words.iter().find(|w| near(&h.word, w)) else {
            continue;
        };
        // The cohort's word is the odd one out when other cohorts have the rule's word, or when
        // it alone has capitals; otherwise the rule's word is warned of, below.
        let odd_one_out = held.contains(&(h.attribute.as_str(), word.as_str()))
            || (differs_in_capitals(&h.word, word) && h.word.to_lowercase() != h.word);
        if !odd_one_out {
            continue;
        }
        answered.insert((t.attribute.as_str(), word.as_str()));
        cx.push(cohort_word_near_rule(h, word, t));
    }
    // Per rule's word: the first cohort holding a word near it that no rule tests for as written
    // (a cohort's word some rule tests for is no misspelling of this one).
    let mut near_held: BTreeMap<(&str, &str), Option<usize>> = BTreeMap::new();
    for t in &words.tested {
        let unheld = (t.words.iter())
            .filter(|w| !held.contains(&(t.attribute.as_str(), w.as_str())))
            .filter(|w| !answered.contains(&(t.attribute.as_str(), w.as_str())));
        for word in unheld {
            let key = (t.attribute.as_str(), word.as_str());
            let found = *near_held.entry(key).or_insert_with(|| {
                (first_held.iter())
                    .filter(|((a, w), _)| {
                        *a == key.0 && near(w, key.1) && !tested.contains(&(*a, *w))
                    })
                    .map(|(_, &i)| i)
                    .min()
            });
            if let Some(h) = found.and_then(|i| words.held.get(i)) {
                cx.push(rule_word_near_cohort(t, word, h, &words.held));
            }
        }
    }
}

fn cohort_word_near_rule(h: &Held, word: &str, t: &Tested) -> Diagnostic {
    Diagnostic::new(
        Code::UnmatchedWord,
        format!(
            "the cohort `{}` has `{}: {}`, which no rule tests for; a rule tests for `{word}`",
            h.cohort, h.attribute, h.word
        ),
    )
    .at(h.span.clone(), format!("did you mean `{word}`?"))
    .also(
        t.span.clone(),
        format!("a rule tests `{}` for `{word}` here", h.attribute),
    )
    .help(format!(
        "did you mean `{word}`? `{}` and `{word}` {}, and words are compared exactly, capitals \
         too: as written, the cohort does not meet a rule that asks for `{word}`",
        h.word,
        how_they_differ(&h.word, word)
    ))
}

fn rule_word_near_cohort(t: &Tested, word: &str, h: &Held, held: &[Held]) -> Diagnostic {
    Diagnostic::new(
        Code::UnmatchedWord,
        format!(
            "a rule tests `{}` for `{word}`, which no cohort has; the cohort `{}` has `{}`",
            t.attribute, h.cohort, h.word
        ),
    )
    .at(t.span.clone(), format!("did you mean `{}`?", h.word))
    .also(
        h.span.clone(),
        format!(
            "the cohort `{}` has `{}: {}` here",
            h.cohort, t.attribute, h.word
        ),
    )
    .help(format!(
        "did you mean `{}`? `{word}` and `{}` {}, and words are compared exactly, capitals too: \
         write them the same on the rule and on the cohort. The cohorts on the map have `{}`: {}",
        h.word,
        h.word,
        how_they_differ(word, &h.word),
        t.attribute,
        words_cohorts_have(&t.attribute, held)
    ))
}

/// The words cohorts on the map have for `attribute`, quoted, in alphabetical order.
fn words_cohorts_have(attribute: &str, held: &[Held]) -> String {
    let have: BTreeSet<&str> = (held.iter())
        .filter(|h| h.attribute == attribute)
        .map(|h| h.word.as_str())
        .collect();
    quoted(have.into_iter())
}

fn quoted<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
