//! Organisations in grant and contract files matched to the map's commissioners and providers:
//! by organisation identifier first (org-id.guide: `GB-CHC-…`, `GB-COH-…`, `GB-LAE-…`), then by
//! name, compared after normalising case, punctuation, "Ltd"/"Limited", "The" and "&"/"and". Also
//! the nearest name, for suggesting a match to a person. It never guesses a match: a suggestion
//! is only shown.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::import::award::Org;
use crate::model::{Id, Map};

/// Which kind of map entity an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Commissioner,
    Provider,
}

impl Kind {
    /// `commissioner` or `provider`.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Commissioner => "commissioner",
            Kind::Provider => "provider",
        }
    }
}

/// A commissioner or provider of the map, with what it is matched by.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    pub id: Id,
    pub name: String,
    name_key: String,
    /// `name_key`'s letters and words, for [`Index::nearest`].
    name_shape: Shape,
    identifier_keys: Vec<String>,
}

/// How an organisation was found on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Identifier,
    Name,
}

/// The map's organisations, ready for matching.
#[derive(Debug)]
pub struct Index {
    entries: Vec<Entry>,
    /// The nearest entry of a kind found for a name (as compared), kept: a file names the same
    /// organisation in many grants.
    nearest: RefCell<BTreeMap<(Kind, String), Option<usize>>>,
}

/// An identifier as compared: upper case, no spaces, and leading zeros dropped from a final part
/// of digits (`GB-COH-01234567` and `GB-COH-1234567` are the same company).
pub fn identifier_key(id: &str) -> String {
    let upper: String = id
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    match upper.rsplit_once('-') {
        Some((scheme, tail)) if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) => {
            let trimmed = tail.trim_start_matches('0');
            format!(
                "{scheme}-{}",
                if trimmed.is_empty() { "0" } else { trimmed }
            )
        }
        _ => upper,
    }
}

/// A name as compared: lower case; `&` read as "and"; apostrophes dropped; other punctuation as
/// spaces; the words "the", "ltd" and "limited" left out.
pub fn name_key(name: &str) -> String {
    let lower = name.to_lowercase().replace('&', " and ");
    let cleaned: String = lower
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned
        .split_whitespace()
        .filter(|w| !matches!(*w, "the" | "ltd" | "limited"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The org-id.guide identifier of a UK registered charity number: `GB-CHC-` for England and
/// Wales, `GB-SC-` for Scotland (numbers starting `SC`), `GB-NIC-` for Northern Ireland (`NIC`,
/// or a number of six digits starting with 1).
pub fn charity_identifier(number: &str) -> Option<String> {
    let n: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    let upper = n.to_uppercase();
    if upper.is_empty() {
        None
    } else if upper.starts_with("SC") {
        Some(format!("GB-SC-{upper}"))
    } else if let Some(rest) = upper.strip_prefix("NIC") {
        Some(format!("GB-NIC-{rest}"))
    } else {
        Some(format!("GB-CHC-{upper}"))
    }
}

/// The org-id.guide identifier of a company registered at Companies House.
pub fn company_identifier(number: &str) -> Option<String> {
    let n: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    (!n.is_empty()).then(|| format!("GB-COH-{}", n.to_uppercase()))
}

/// How alike two names are, 0 to 1: the better of the share of letters kept by the fewest edits (normalised Levenshtein) and the
/// share of words they have in common.
fn likeness(a: &str, b: &str) -> f64 {
    let letters = strsim::normalized_levenshtein(a, b);
    letters.max(words_alike(&sorted_words(a), &sorted_words(b)))
}

/// What [`likeness_from`] needs of a name (as compared), worked out once.
#[derive(Debug, Clone)]
struct Shape {
    /// Its length in characters.
    chars: usize,
    /// How many of each letter and digit it has (other characters counted together).
    letters: [u32; 37],
    /// Its distinct words, sorted.
    words: Vec<String>,
}

impl Shape {
    fn of(name: &str) -> Shape {
        let mut letters = [0u32; 37];
        let mut chars = 0;
        for c in name.chars() {
            chars += 1;
            let slot = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + c as usize - '0' as usize,
                _ => 36,
            };
            letters[slot] = letters[slot].saturating_add(1);
        }
        Shape {
            chars,
            letters,
            words: sorted_words(name),
        }
    }

    /// At least how many edits turn one name into the other: each letter one has more of than
    /// the other must be changed or dropped.
    fn edits_at_least(&self, other: &Shape) -> usize {
        let (mut more, mut fewer) = (0usize, 0usize);
        for (a, b) in self.letters.iter().zip(&other.letters) {
            more += a.saturating_sub(*b) as usize;
            fewer += b.saturating_sub(*a) as usize;
        }
        more.max(fewer)
    }
}

/// [`likeness`] when it is at least [`SUGGEST_FROM`], else nothing: the edits are counted only
/// when they could decide it (their share of letters kept is at most 1 − the edits any way
/// needs ÷ the longer name's length), the same figure either way.
fn likeness_from(a: (&str, &Shape), b: (&str, &Shape)) -> Option<f64> {
    let words = words_alike(&a.1.words, &b.1.words);
    let longer = a.1.chars.max(b.1.chars);
    let letters_at_most = if longer == 0 {
        1.0
    } else {
        1.0 - a.1.edits_at_least(b.1) as f64 / longer as f64
    };
    let score = if letters_at_most < SUGGEST_FROM || letters_at_most <= words {
        words
    } else {
        strsim::normalized_levenshtein(a.0, b.0).max(words)
    };
    (score >= SUGGEST_FROM).then_some(score)
}

/// A name's distinct words, sorted.
fn sorted_words(name: &str) -> Vec<String> {
    let words: BTreeSet<&str> = name.split_whitespace().collect();
    words.into_iter().map(str::to_owned).collect()
}

/// The share of the words of either name that both have (distinct words, sorted).
fn words_alike(a: &[String], b: &[String]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let either = a.len() + b.len() - both;
    if either == 0 {
        0.0
    } else {
        both as f64 / either as f64
    }
}

/// Names at least this alike are offered as a suggestion.
const SUGGEST_FROM: f64 = 0.75;

impl Index {
    /// The commissioners and providers of `map`, in file order.
    pub fn new(map: &Map) -> Index {
        let entry = |kind: Kind, id: &Id, name: &str, identifiers: &[String]| {
            let key = name_key(name);
            Entry {
                kind,
                id: id.clone(),
                name: name.to_owned(),
                name_shape: Shape::of(&key),
                name_key: key,
                identifier_keys: identifiers.iter().map(|i| identifier_key(i)).collect(),
            }
        };
        let commissioners = (map.commissioners.values())
            .map(|c| entry(Kind::Commissioner, &c.id, &c.name, &c.identifiers));
        let providers =
            (map.providers.values()).map(|p| entry(Kind::Provider, &p.id, &p.name, &p.identifiers));
        Index {
            entries: commissioners.chain(providers).collect(),
            nearest: RefCell::new(BTreeMap::new()),
        }
    }

    /// The entities `org` is: those sharing one of its identifiers; if none, those with its name.
    pub fn find(&self, org: &Org) -> (Vec<&Entry>, By) {
        let keys: Vec<String> = org.identifiers.iter().map(|i| identifier_key(i)).collect();
        let by_id: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.identifier_keys.iter().any(|k| keys.contains(k)))
            .collect();
        if !by_id.is_empty() {
            return (by_id, By::Identifier);
        }
        let name = name_key(&org.name);
        let by_name = self
            .entries
            .iter()
            .filter(|e| !name.is_empty() && e.name_key == name)
            .collect();
        (by_name, By::Name)
    }

    /// The entity of `kind` whose name is nearest `org`'s, if any is near enough to suggest.
    pub fn nearest(&self, org: &Org, kind: Kind) -> Option<&Entry> {
        let name = name_key(&org.name);
        let key = (kind, name);
        if let Some(found) = self.nearest.borrow().get(&key) {
            return found.map(|i| &self.entries[i]);
        }
        let name = key.1.as_str();
        let shape = Shape::of(name);
        let found = (self.entries.iter().enumerate())
            .filter(|(_, e)| e.kind == kind)
            .filter_map(|(i, e)| {
                let theirs = (e.name_key.as_str(), &e.name_shape);
                likeness_from((name, &shape), theirs).map(|score| (score, i))
            })
            // The first of equals, in file order.
            .fold(None, |best: Option<(f64, usize)>, (score, i)| match best {
                Some((b, _)) if b >= score => best,
                _ => Some((score, i)),
            })
            .map(|(_, i)| i);
        self.nearest.borrow_mut().insert(key, found);
        found.map(|i| &self.entries[i])
    }
}

/// Of `items` (name, value), the one whose name is nearest `text` (a title, say), if any is near
/// enough: here a name all of whose words are in the text counts as near.
pub fn nearest_name<'a, T>(text: &str, items: impl Iterator<Item = (&'a str, T)>) -> Option<T> {
    let key = name_key(text);
    let contained = |name: &str| {
        let words: Vec<&str> = key.split_whitespace().collect();
        let mut of_name = name.split_whitespace().peekable();
        of_name.peek().is_some() && of_name.all(|w| words.contains(&w))
    };
    items
        .map(|(name, value)| {
            let n = name_key(name);
            let score = if contained(&n) {
                1.0
            } else {
                likeness(&key, &n)
            };
            (score, value)
        })
        .filter(|(score, _)| *score >= SUGGEST_FROM)
        .fold(None, |best: Option<(f64, T)>, (score, v)| match best {
            Some((b, _)) if b >= score => best,
            _ => Some((score, v)),
        })
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_punctuation_and_legal_words() {
        assert_eq!(name_key("The Riverside Mind Ltd."), "riverside mind");
        assert_eq!(name_key("Riverside MIND Limited"), "riverside mind");
        assert_eq!(name_key("Work & Wellbeing"), name_key("Work and Wellbeing"));
        assert_eq!(name_key("St Mungo's"), name_key("St Mungos"));
        assert_ne!(name_key("Riverside Mind"), name_key("Riverside Minds"));
    }

    #[test]
    fn identifiers_compare_without_case_spaces_and_leading_zeros() {
        assert_eq!(
            identifier_key("gb-coh-01234567"),
            identifier_key("GB-COH-1234567")
        );
        assert_eq!(identifier_key(" GB-CHC-1122334 "), "GB-CHC-1122334");
        assert_eq!(identifier_key("GB-LAE-RIV"), "GB-LAE-RIV");
        assert_ne!(identifier_key("GB-CHC-1"), identifier_key("GB-COH-1"));
    }

    #[test]
    fn the_likeness_from_lengths_and_words_is_the_likeness_where_it_is_near_enough() {
        // Every pair of these names, both ways: where `likeness` reaches the bar, the short cut
        // gives the same figure; where it does not, none.
        let names = [
            "riverside mind",
            "riverside minds",
            "mind riverside",
            "brookfield mind",
            "a",
            "",
            "riverside community mental health and employment network",
            "riverside community mental health employment network",
            "works",
            "brookfield works",
            "brookfield works skills",
            "riverside mind 2",
            "2 riverside mind",
            "rivreside mnid",
            "café riverside",
            "cafe riverside",
        ];
        // As the likeness was first written: word sets, their union and intersection.
        let plain = |a: &str, b: &str| {
            let letters = strsim::normalized_levenshtein(a, b);
            let wa: BTreeSet<&str> = a.split_whitespace().collect();
            let wb: BTreeSet<&str> = b.split_whitespace().collect();
            let union = wa.union(&wb).count();
            let words = if union == 0 {
                0.0
            } else {
                wa.intersection(&wb).count() as f64 / union as f64
            };
            letters.max(words)
        };
        for a in names {
            for b in names {
                let exact = plain(a, b);
                assert_eq!(likeness(a, b), exact, "{a:?} ~ {b:?}");
                let fast = likeness_from((a, &Shape::of(a)), (b, &Shape::of(b)));
                let expected = (exact >= SUGGEST_FROM).then_some(exact);
                assert_eq!(fast, expected, "{a:?} ~ {b:?}");
            }
        }
    }

    #[test]
    fn registered_numbers_become_identifiers() {
        assert_eq!(
            charity_identifier("1122334").as_deref(),
            Some("GB-CHC-1122334")
        );
        assert_eq!(
            charity_identifier("SC012345").as_deref(),
            Some("GB-SC-SC012345")
        );
        assert_eq!(
            charity_identifier("NIC100001").as_deref(),
            Some("GB-NIC-100001")
        );
        assert_eq!(
            company_identifier("01234567").as_deref(),
            Some("GB-COH-01234567")
        );
        assert_eq!(charity_identifier(" "), None);
    }
}
