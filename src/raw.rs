//! The serde types of the map format, mirroring the YAML with source spans.
//!
//! Strict only for structure (syntax, unknown keys, wrong scalar types), because serde stops at its
//! first error. References and enum-like words stay `Spanned<String>` so that validation can report
//! every problem with its location. Conditions, needs, money and sources have hand-written visitors:
//! they keep spans (untagged enums would lose them) and give messages a map writer understands.

use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

pub use crate::spanned::{Location, Spanned};

/// A mapping from ids to entities, in the file's order.
pub type Table<T> = IndexMap<Spanned<String>, Spanned<T>>;

/// One YAML file of a map.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMap {
    pub area: Option<Spanned<RawArea>>,
    #[serde(default)]
    pub commissioners: Table<RawCommissioner>,
    #[serde(default)]
    pub providers: Table<RawProvider>,
    #[serde(default)]
    pub rules: Table<RawCondition>,
    #[serde(default)]
    pub cohorts: Table<RawCohort>,
    #[serde(default)]
    pub services: Table<RawService>,
    #[serde(default)]
    pub stages: Table<RawStage>,
    pub benchmarks: Option<Spanned<IndexMap<Spanned<String>, Spanned<f64>>>>,
    #[serde(default)]
    pub accepted_overlaps: Vec<Spanned<RawAcceptedOverlap>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub period: Option<Spanned<String>>,
    pub currency: Option<Spanned<String>>,
    pub population: Option<Spanned<f64>>,
    pub working_age_population: Option<Spanned<f64>>,
    pub figures: Option<Spanned<RawFigures>>,
    /// The map is an illustration, not a real area's figures.
    pub illustrative: Option<Spanned<bool>>,
    pub source: Option<Spanned<RawSource>>,
}

/// `area.figures`: numbers the benchmarks need. Keys are figure names; `source` is provenance.
#[derive(Debug, Default)]
pub struct RawFigures {
    pub values: Vec<(Spanned<String>, Spanned<f64>)>,
    pub source: Option<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommissioner {
    pub name: Spanned<String>,
    pub kind: Option<Spanned<String>>,
    #[serde(default)]
    pub identifiers: Vec<Spanned<String>>,
    #[serde(default)]
    pub funded_by: Vec<Spanned<RawFundingLine>>,
    pub notes: Option<Spanned<String>>,
    pub source: Option<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFundingLine {
    pub from: Spanned<String>,
    /// Required unless the line is `status: planned`; `validate` says so where it is missing.
    pub amount: Option<Spanned<RawMoney>>,
    /// `planned`: a contract not yet awarded, listed but not counted as spend.
    pub status: Option<Spanned<String>>,
    /// On a `funded_by` line: the services the money is earmarked for.
    #[serde(rename = "for")]
    pub earmark: Option<Spanned<Vec<Spanned<String>>>>,
    pub contract: Option<Spanned<RawContract>>,
    pub source: Option<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContract {
    pub start: Option<Spanned<String>>,
    pub end: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvider {
    pub name: Spanned<String>,
    pub sector: Option<Spanned<String>>,
    #[serde(default)]
    pub identifiers: Vec<Spanned<String>>,
    pub notes: Option<Spanned<String>>,
    pub source: Option<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub name: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCohort {
    pub name: Spanned<String>,
    pub size: Spanned<f64>,
    #[serde(default)]
    pub attributes: IndexMap<Spanned<String>, Spanned<RawValue>>,
    pub needs: Option<Spanned<RawNeeds>>,
    #[serde(default)]
    pub enters_via: Vec<Spanned<String>>,
    /// Attributes that change once the cohort's people start work.
    pub after_start: Option<Spanned<IndexMap<Spanned<String>, Spanned<RawValue>>>>,
    pub notes: Option<Spanned<String>>,
    pub source: Option<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub name: Spanned<String>,
    pub provider: Option<Spanned<String>>,
    pub model: Option<Spanned<String>>,
    /// Not commissioned locally: a national or statutory service.
    pub national: Option<Spanned<bool>>,
    #[serde(default)]
    pub stages: Vec<Spanned<String>>,
    pub eligibility: Option<Spanned<RawEligibility>>,
    pub referral: Option<Spanned<RawReferral>>,
    pub capacity: Option<Spanned<RawCapacity>>,
    pub fidelity: Option<Spanned<f64>>,
    pub outcomes: Option<Spanned<RawOutcomes>>,
    /// The share of the service's spend that is employment support (a day service, a college).
    pub employment_share: Option<Spanned<f64>>,
    #[serde(default)]
    pub funding: Vec<Spanned<RawFundingLine>>,
    pub notes: Option<Spanned<String>>,
    pub source: Option<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReferral {
    #[serde(rename = "self", default)]
    pub self_referral: Option<Spanned<bool>>,
    #[serde(default)]
    pub from: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCapacity {
    pub people_per_year: Option<Spanned<f64>>,
    pub wte: Option<Spanned<f64>>,
    pub caseload: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcomes {
    pub people_supported: Option<Spanned<f64>>,
    pub out_of_work: Option<Spanned<f64>>,
    pub job_starts: Option<Spanned<f64>>,
    pub sustained_13_weeks: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAcceptedOverlap {
    pub services: Vec<Spanned<String>>,
    pub cohort: Option<Spanned<String>>,
    pub stage: Option<Spanned<String>>,
    pub reason: Option<Spanned<String>>,
}

/// Where a figure came from: a plain citation, or a citation with a link and a date.
#[derive(Debug, Clone)]
pub struct RawSource {
    pub citation: String,
    pub url: Option<String>,
    pub as_of: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSourceFull {
    citation: String,
    url: Option<String>,
    as_of: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawSource {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawSource;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a citation, or a mapping with `citation`, `url` and `as_of`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSource, E> {
                Ok(RawSource {
                    citation: v.to_owned(),
                    url: None,
                    as_of: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawSource, A::Error> {
                let full = RawSourceFull::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawSource {
                    citation: full.citation,
                    url: full.url,
                    as_of: full.as_of,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawFigures {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFigures;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of figure names to numbers")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFigures, A::Error> {
                let mut figures = RawFigures::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    if key.value == "source" {
                        figures.source = Some(map.next_value()?);
                    } else {
                        figures.values.push((key, map.next_value()?));
                    }
                }
                Ok(figures)
            }
        }
        d.deserialize_map(V)
    }
}

/// An amount of money as written: kept exact, in minor units (pence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMoney(pub i64);

impl<'de> Deserialize<'de> for RawMoney {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawMoney;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount of money per year, such as 120000 or 1250.50")
            }
            // An amount too large for the integers money is kept in is read as the largest
            // they hold, which the map's checks report as out of range, with the range.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawMoney, E> {
                Ok(RawMoney(v.checked_mul(100).unwrap_or(if v < 0 {
                    i64::MIN
                } else {
                    i64::MAX
                })))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawMoney, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawMoney, E> {
                // Only reached through a YAML tag (`!!float`): plain numbers come as their text.
                self.visit_str(&v.to_string())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawMoney, E> {
                crate::money::parse_minor_units_or_beyond(v)
                    .map(RawMoney)
                    .map_err(E::custom)
            }
        }
        // The number's own text, not a float read from it: `1234567890123456.78` stays exact.
        d.deserialize_str(V)
    }
}

/// An attribute value on a cohort or in a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Word(String),
    Number(f64),
    Words(Vec<String>),
    Range { min: Option<f64>, max: Option<f64> },
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a word, a list of words, a number, or a range such as { min: 16, max: 24 }",
                )
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
                Ok(RawValue::Word(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
                Ok(RawValue::Word(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
                let mut words = Vec::new();
                while let Some(word) = seq.next_element::<Word>()? {
                    words.push(word.0);
                }
                Ok(RawValue::Words(words))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawValue, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Range {
                    min: Option<f64>,
                    max: Option<f64>,
                }
                let r = Range::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawValue::Range {
                    min: r.min,
                    max: r.max,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A word in a list of words: numbers and booleans are read as their text.
struct Word(String);

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Word;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a word")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Word, E> {
                Ok(Word(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Word, E> {
                Ok(Word(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Word, E> {
                Ok(Word(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Word, E> {
                Ok(Word(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Word, E> {
                Ok(Word(v.to_owned()))
            }
        }
        // The word as written: `0x10` stays `0x10`, not 16.
        d.deserialize_str(V)
    }
}

/// A condition over cohort attributes: every term must hold.
#[derive(Debug, Default)]
pub struct RawCondition {
    pub terms: Vec<RawTerm>,
    pub description: Option<Spanned<String>>,
    pub notes: Option<Spanned<String>>,
    pub source: Option<Spanned<RawSource>>,
}

/// One key of a condition.
#[derive(Debug)]
pub enum RawTerm {
    /// `attribute: value`
    Attribute {
        name: Spanned<String>,
        value: Spanned<RawValue>,
    },
    /// `all: [condition, …]`
    All {
        key: Spanned<String>,
        conditions: Vec<Spanned<RawCondition>>,
    },
    /// `any: [condition, …]`
    Any {
        key: Spanned<String>,
        conditions: Vec<Spanned<RawCondition>>,
    },
    /// `not: condition`
    Not {
        key: Spanned<String>,
        condition: Box<Spanned<RawCondition>>,
    },
    /// `rule: rule-id`
    Rule {
        key: Spanned<String>,
        rule: Spanned<String>,
    },
}

fn visit_condition_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<RawCondition, A::Error> {
    let mut condition = RawCondition::default();
    while let Some(key) = map.next_key::<Spanned<String>>()? {
        let term = match key.value.as_str() {
            "all" => RawTerm::All {
                conditions: map.next_value()?,
                key,
            },
            "any" => RawTerm::Any {
                conditions: map.next_value()?,
                key,
            },
            "not" => RawTerm::Not {
                condition: Box::new(map.next_value()?),
                key,
            },
            "rule" => RawTerm::Rule {
                rule: map.next_value()?,
                key,
            },
            "description" => {
                condition.description = Some(map.next_value()?);
                continue;
            }
            "notes" => {
                condition.notes = Some(map.next_value()?);
                continue;
            }
            "source" => {
                condition.source = Some(map.next_value()?);
                continue;
            }
            _ => RawTerm::Attribute {
                value: map.next_value()?,
                name: key,
            },
        };
        condition.terms.push(term);
    }
    Ok(condition)
}

impl<'de> Deserialize<'de> for RawCondition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCondition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a condition: a mapping of attributes, or `all`, `any`, `not`, `rule`")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCondition, A::Error> {
                visit_condition_map(map)
            }
        }
        d.deserialize_map(V)
    }
}

/// A service's `eligibility`: a rule id or an inline condition.
#[derive(Debug)]
pub enum RawEligibility {
    Rule(String),
    Condition(Box<RawCondition>),
}

impl<'de> Deserialize<'de> for RawEligibility {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawEligibility;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rule id, or a condition such as { care: secondary }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawEligibility, E> {
                Ok(RawEligibility::Rule(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEligibility, A::Error> {
                visit_condition_map(map).map(|c| RawEligibility::Condition(Box::new(c)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A cohort's `needs`: a list of stages, or stage → share of the cohort needing it.
#[derive(Debug)]
pub struct RawNeeds(pub Vec<(Spanned<String>, Option<Spanned<f64>>)>);

impl<'de> Deserialize<'de> for RawNeeds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawNeeds;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a list of stages, or a mapping of stage to the share of the cohort needing it",
                )
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNeeds, A::Error> {
                let mut needs = Vec::new();
                while let Some(stage) = seq.next_element::<Spanned<String>>()? {
                    needs.push((stage, None));
                }
                Ok(RawNeeds(needs))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNeeds, A::Error> {
                let mut needs = Vec::new();
                while let Some(stage) = map.next_key::<Spanned<String>>()? {
                    needs.push((stage, Some(map.next_value()?)));
                }
                Ok(RawNeeds(needs))
            }
        }
        d.deserialize_any(V)
    }
}
