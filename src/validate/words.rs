//! The words cohorts have and the words rules test for, compared once every entity is read.
//!
//! Words are compared exactly, capitals too, so `care: Secondary` on a cohort does not meet a rule
//! that asks for `secondary`, and a rule asking for `secundary` holds for no one: either makes a
//! gap that is not there. Validation warns of a word on one side that is near a word on the other
//! (the same but for capitals, or one letter apart) and not itself on the other side. A map may
//! hold words no rule uses, and rules may name words for cohorts not yet mapped, so a word far from
//! every word on the other side is not warned of: it cannot be told from one meant that way.

use std::collections::BTreeSet;

use indexmap::IndexSet;

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
    // Rules' words already warned of at a cohort's word near them.
    let mut answered: IndexSet<(&str, &str)> = IndexSet::new();
    for h in &words.held {
        if tested.contains(&(h.attribute.as_str(), h.word.as_str())) {
            continue;
        }
        let candidates: Vec<&Tested> = (words.tested.iter())
            .filter(|t| t.attribute == h.attribute && t.words.iter().any(|w| near(&h.word, w)))
            .collect();
        let Some(t) = candidates.first() else {
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
    for t in &words.tested {
        let unheld = (t.words.iter())
            .filter(|w| !held.contains(&(t.attribute.as_str(), w.as_str())))
            .filter(|w| !answered.contains(&(t.attribute.as_str(), w.as_str())));
        for word in unheld {
            // A cohort's word some rule tests for as written is no misspelling of this one.
            if let Some(h) = (words.held.iter()).find(|h| {
                h.attribute == t.attribute
                    && near(&h.word, word)
                    && !tested.contains(&(h.attribute.as_str(), h.word.as_str()))
            }) {
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
