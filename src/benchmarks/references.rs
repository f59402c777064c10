//! Which benchmark table is in force (its version and the day its values were last checked against
//! their sources) and what the source codes it cites stand for (`002`, `004`), so every output that
//! cites a code can explain it. Data only: nothing here prints.

use serde::Deserialize;

use crate::date::Date;

/// Which table it is: its version and the day its values were last checked against their
/// sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    pub version: u32,
    pub as_of: Date,
    /// The ids of the values that were not checked against a copy of their source (the project
    /// holds none), in table order: the as-of day does not cover them.
    pub unchecked: Vec<String>,
}

/// What a source code such as `004` stands for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub code: String,
    pub title: String,
    pub author: String,
    /// When it was published: `2010-08`, `2020`, or `undated`.
    pub date: String,
    pub url: Option<String>,
    pub note: Option<String>,
}

impl Reference {
    /// Whether `text` cites this reference: its code stands as a word (`004 §47`, `(002)`,
    /// `004's`), not inside a number (`100,000`, `2004`, `0.004`).
    pub fn cited_in(&self, text: &str) -> bool {
        text.match_indices(self.code.as_str()).any(|(i, m)| {
            let before = text[..i].chars().next_back();
            let mut after = text[i + m.len()..].chars();
            let (next, then) = (after.next(), after.next());
            let starts = before.is_none_or(|c| c.is_whitespace() || "([".contains(c));
            let ends = match next {
                None => true,
                Some(c) if c.is_whitespace() || ")];:'’".contains(c) => true,
                // A comma or full stop ends the word unless a digit follows (`1,000`, `1.004`).
                Some(',' | '.') => !then.is_some_and(|c| c.is_ascii_digit()),
                Some(_) => false,
            };
            starts && ends
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Benchmarks, Kind, ids};
    use super::*;

    /// `2010-08`, `2020`, `2024-04-01` or `undated`.
    fn is_source_date(d: &str) -> bool {
        d == "undated"
            || (d.len() == 4 && d.parse::<u32>().is_ok())
            || (d.len() == 7 && Date::parse(&format!("{d}-01")).is_ok())
            || (d.len() == 10 && Date::parse(d).is_ok())
    }

    #[test]
    fn the_table_has_a_version_an_as_of_date_and_each_value_its_source_with_its_date() {
        let t = Benchmarks::builtin();
        assert!(t.table.version >= 2);
        for b in t.entries.iter().filter(|b| b.kind != Kind::Evidence) {
            let date = b.date.as_deref().unwrap_or("");
            assert!(is_source_date(date), "{}: date `{date}`", b.id);
        }
        for r in &t.references {
            assert!(is_source_date(&r.date), "{}: date `{}`", r.code, r.date);
        }
        // Every code a source cites is explained.
        for b in &t.entries {
            for word in b.source.split(|c: char| !c.is_ascii_digit()) {
                if word.len() == 3 && word.starts_with("00") {
                    assert!(
                        t.references.iter().any(|r| r.code == word),
                        "{} cites {word}, which has no reference",
                        b.id
                    );
                }
            }
        }
        // Sources do not state the figure (that is `says`, shown only while it is in force).
        for id in [ids::PRIMARY_CARE_POPULATION, ids::THERAPISTS_PER_ADVISER] {
            let b = t.at(id);
            assert!(
                !b.source.contains("50,000") && !b.source.contains("eight"),
                "{id}"
            );
        }
    }

    #[test]
    fn a_code_is_cited_only_where_it_stands_alone() {
        let r = &Benchmarks::builtin().references;
        let four = r
            .iter()
            .find(|r| r.code == "004")
            .expect("004 is a reference");
        assert!(four.cited_in("(004 §47: one per 8 therapists)"));
        assert!(four.cited_in("004's own worked example"));
        assert!(four.cited_in("as 004 says."));
        assert!(!four.cited_in("10040 people"));
        assert!(!four.cited_in("2004"));
        assert!(!four.cited_in("0.004"));
        let none = r
            .iter()
            .find(|r| r.code == "000")
            .expect("000 is a reference");
        assert!(!none.cited_in("per 100,000 population"));
        assert!(!none.cited_in("100,000."));
    }
}
