//! The mapping from a directory's taxonomy terms and descriptions to stages of support and service
//! models: the built-in table (`openreferral-mapping.yaml`, shown in docs/openreferral.md) and the
//! user's `--mapping FILE`, which overrides it entry by entry. A term not in the table maps to
//! nothing: the import never guesses.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::load::Sources;
use crate::model::BUILTIN_STAGES;
use crate::raw::Spanned;

/// The built-in table, as documented.
pub const BUILTIN: &str = include_str!("openreferral-mapping.yaml");

/// What a term or phrase maps to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub model: Option<String>,
    pub stages: Vec<String>,
}

/// Terms and phrases, by their normalised text.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub terms: IndexMap<String, Target>,
    pub phrases: IndexMap<String, Target>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    #[serde(default)]
    terms: IndexMap<Spanned<String>, Spanned<RawTarget>>,
    #[serde(default)]
    phrases: IndexMap<Spanned<String>, Spanned<RawTarget>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    model: Option<String>,
    #[serde(default)]
    stages: Vec<Spanned<String>>,
}

/// A term as it is compared: lower case, `&` as `and`, one space between words.
pub fn normalise(text: &str) -> String {
    text.to_lowercase()
        .replace('&', " and ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Mapping {
    /// The built-in table.
    pub fn builtin() -> Mapping {
        let mut sources = Sources::default();
        let file = sources.add("openreferral-mapping.yaml", BUILTIN);
        let mut m = Mapping::default();
        // The built-in table is checked by a test; it cannot fail here.
        let _ = m.apply(&sources, file);
        m
    }

    /// The built-in table with `text` (the file `name`) applied over it: its entries replace the
    /// built-in ones, and an empty entry removes one. A message naming file, line and column for a
    /// file that cannot be read or names a stage that is not built in.
    pub fn with_file(name: &str, text: &str) -> Result<Mapping, String> {
        let mut sources = Sources::default();
        let file = sources.add(name, text);
        let mut m = Mapping::builtin();
        m.apply(&sources, file)?;
        Ok(m)
    }

    fn apply(&mut self, sources: &Sources, file: crate::load::FileId) -> Result<(), String> {
        let name = sources.name(file).to_owned();
        let text = sources.text(file);
        let raw: RawMapping = if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            RawMapping {
                terms: IndexMap::new(),
                phrases: IndexMap::new(),
            }
        } else {
            crate::load::from_file_text(&name, text).map_err(|found| {
                let (sources, d) = *found;
                format!(
                    "cannot read the mapping {}; see `ecomap docs openreferral` for its shape",
                    crate::diag::one_line(&d, &sources, Some(&name)).trim_end_matches('.')
                )
            })?
        };
        for (into, entries) in [
            (&mut self.terms, raw.terms),
            (&mut self.phrases, raw.phrases),
        ] {
            for (key, target) in entries {
                for stage in &target.value.stages {
                    if !BUILTIN_STAGES.iter().any(|(s, _)| *s == stage.value) {
                        let (line, column) = sources.line_col(&sources.span_of(file, stage));
                        let stages: Vec<&str> = BUILTIN_STAGES.iter().map(|(s, _)| *s).collect();
                        return Err(format!(
                            "{name}:{line}:{column}: `{}` is not a stage: a mapping names the built-in stages ({})",
                            stage.value,
                            stages.join(", ")
                        ));
                    }
                }
                let t = Target {
                    model: target.value.model.clone(),
                    stages: target
                        .value
                        .stages
                        .iter()
                        .map(|s| s.value.clone())
                        .collect(),
                };
                let k = normalise(&key.value);
                if t == Target::default() {
                    into.shift_remove(&k);
                } else {
                    into.insert(k, t);
                }
            }
        }
        Ok(())
    }

    /// What a taxonomy term maps to: the whole term, else the last part of a hierarchy (`a > b`).
    pub fn term(&self, term: &str) -> Option<&Target> {
        let whole = normalise(term);
        self.terms.get(&whole).or_else(|| {
            let last = whole.rsplit('>').next().map(str::trim)?;
            self.terms.get(last)
        })
    }

    /// The phrases found in `text` (whole words, any case), with what each maps to.
    pub fn phrases_in(&self, text: &str) -> Vec<(&str, &Target)> {
        let words = format!(" {} ", words_of(text));
        self.phrases
            .iter()
            .filter(|(p, _)| words.contains(&format!(" {} ", words_of(p))))
            .map(|(p, t)| (p.as_str(), t))
            .collect()
    }
}

/// Lower-case words of `text`, everything else a single space.
fn words_of(text: &str) -> String {
    normalise(text)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_reads_and_names_only_built_in_stages() {
        let mut sources = Sources::default();
        let file = sources.add("openreferral-mapping.yaml", BUILTIN);
        let mut m = Mapping::default();
        assert_eq!(m.apply(&sources, file), Ok(()));
        assert!(m.terms.len() > 20);
        assert_eq!(
            m.term("Employment > Job Search").map(|t| t.stages.clone()),
            Some(vec!["job-search".to_owned()])
        );
        assert_eq!(
            m.term("  Skills & Training ").and_then(|t| t.model.clone()),
            Some("skills".to_owned())
        );
        assert!(m.term("Volunteering").is_none());
    }

    #[test]
    fn a_file_overrides_adds_and_removes_entries() {
        let m = Mapping::with_file(
            "m.yaml",
            "terms:\n  Volunteering: { stages: [engagement] }\n  counselling: {}\n  Job club: { stages: [job-search] }\n",
        )
        .expect("reads");
        assert_eq!(
            m.term("volunteering").map(|t| t.stages.clone()),
            Some(vec!["engagement".to_owned()])
        );
        assert!(m.term("Counselling").is_none());
        assert_eq!(m.term("job club").and_then(|t| t.model.clone()), None);
        let e = Mapping::with_file("m.yaml", "terms:\n  x: { stages: [job-serach] }\n")
            .expect_err("bad stage");
        assert!(
            e.starts_with("m.yaml:2:17: `job-serach` is not a stage"),
            "{e}"
        );
        let e = Mapping::with_file("m.yaml", "term: {}\n").expect_err("bad key");
        assert!(e.starts_with("cannot read the mapping m.yaml:1:1: "), "{e}");
        // In ecomap's words, not the parser's.
        let e = Mapping::with_file("m.yaml", "- a\n- b\n").expect_err("a list");
        assert!(e.starts_with("cannot read the mapping m.yaml:1:"), "{e}");
        assert!(!e.contains("expected mapping start"), "{e}");
    }

    #[test]
    fn phrases_are_found_as_whole_words() {
        let m = Mapping::builtin();
        let found = m.phrases_in("Riverside IPS (Individual Placement and Support) service");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.model.as_deref(), Some("ips"));
        assert!(m.phrases_in("a job clubhouse").is_empty());
    }
}
