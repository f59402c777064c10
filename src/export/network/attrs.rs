//! The attributes of the network's nodes and edges: each declared once with its type and meaning,
//! in the order files declare them, and the typed values they take. `docs/exports.md` lists them
//! (a test checks it does).

use crate::money::Money;

/// The type of an attribute, as graph formats declare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    Text,
    /// A whole number that fits in 32 bits (counts).
    Int,
    /// A whole number of 64 bits (people, places).
    Long,
    Double,
    Boolean,
}

/// An attribute every node (or every edge) may carry, declared once in a file's header.
#[derive(Debug, Clone, Copy)]
pub struct AttrDecl {
    pub name: &'static str,
    pub ty: AttrType,
    /// What it means, for the documentation and the header.
    pub meaning: &'static str,
}

const fn decl(name: &'static str, ty: AttrType, meaning: &'static str) -> AttrDecl {
    AttrDecl { name, ty, meaning }
}

/// The attributes of nodes, in the order files declare them.
pub const NODE_ATTRS: &[AttrDecl] = &[
    decl(
        "kind",
        AttrType::Text,
        "commissioner, provider, service, cohort, rule or stage",
    ),
    decl("map_id", AttrType::Text, "the id in the map"),
    decl(
        "commissioner_kind",
        AttrType::Text,
        "a commissioner's kind: nhs, local_authority, dwp, …",
    ),
    decl("sector", AttrType::Text, "a provider's sector"),
    decl(
        "model",
        AttrType::Text,
        "a service's model: ips, job-club, …",
    ),
    decl(
        "stages",
        AttrType::Text,
        "the stages a service offers, or a cohort needs, comma-separated",
    ),
    decl(
        "places",
        AttrType::Long,
        "a service's places per year (people_per_year)",
    ),
    decl(
        "wte",
        AttrType::Double,
        "a service's staff, whole-time equivalent",
    ),
    decl(
        "fidelity",
        AttrType::Double,
        "an IPS service's fidelity score",
    ),
    decl(
        "self_referral",
        AttrType::Boolean,
        "a service takes self-referrals",
    ),
    decl(
        "funding_in",
        AttrType::Double,
        "money a service or commissioner receives per year, in the map's currency",
    ),
    decl(
        "funding_out",
        AttrType::Double,
        "money a commissioner gives to services and other commissioners per year",
    ),
    decl("size", AttrType::Long, "people in a cohort"),
    decl(
        "gaps",
        AttrType::Int,
        "a cohort's stages with no route (every gap but capacity)",
    ),
    decl(
        "short_of_places",
        AttrType::Int,
        "a cohort's stages with routes but too few places",
    ),
    decl(
        "people_without_route",
        AttrType::Double,
        "a cohort's people with no route to a stage they need, each counted once",
    ),
    decl(
        "gap_kinds",
        AttrType::Text,
        "a cohort's gaps as stage: kind, semicolon-separated",
    ),
    decl(
        "overlaps",
        AttrType::Int,
        "other services a service overlaps (overlaps open for review)",
    ),
    decl(
        "overlaps_with",
        AttrType::Text,
        "those services' ids, comma-separated",
    ),
    decl(
        "description",
        AttrType::Text,
        "a rule's description and condition",
    ),
    decl(
        "citation",
        AttrType::Text,
        "where the entry came from (its source)",
    ),
];

/// The attributes of edges, in the order files declare them.
pub const EDGE_ATTRS: &[AttrDecl] = &[
    decl(
        "relation",
        AttrType::Text,
        "funds, delivers, refers, enters, eligible, gates, uses, offers, needs or overlaps",
    ),
    decl(
        "amount",
        AttrType::Double,
        "funds: money per year, in the map's currency",
    ),
    decl("contract_start", AttrType::Text, "funds: YYYY-MM-DD"),
    decl("contract_end", AttrType::Text, "funds: YYYY-MM-DD"),
    decl(
        "verdict",
        AttrType::Text,
        "eligible: eligible or undetermined (not-eligible pairs have no edge)",
    ),
    decl(
        "share",
        AttrType::Double,
        "needs: the share of the cohort needing the stage",
    ),
    decl(
        "people",
        AttrType::Double,
        "needs: people needing the stage; overlaps: people who can use either service",
    ),
    decl(
        "outcome",
        AttrType::Text,
        "needs: covered, capacity-unknown, or the gap's kind",
    ),
    decl(
        "people_without",
        AttrType::Double,
        "needs: people without a route, or without a place",
    ),
    decl(
        "score",
        AttrType::Int,
        "overlaps: how alike the two services are (docs: ecomap help overlap)",
    ),
    decl(
        "rank",
        AttrType::Int,
        "overlaps: the rank for review, 1 first",
    ),
    decl(
        "accepted",
        AttrType::Boolean,
        "overlaps: the map accepts this overlap",
    ),
    decl(
        "shared",
        AttrType::Text,
        "overlaps: the cohort-stages both serve, as cohort/stage, comma-separated",
    ),
    decl(
        "citation",
        AttrType::Text,
        "funds: where the amount came from (its source)",
    ),
];

/// A value of an attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Whole(i64),
    Double(f64),
    Money(Money),
    Boolean(bool),
}

impl Value {
    /// The value as graph formats write it: numbers plain (money to the penny, `180000.00`),
    /// booleans `true`/`false`.
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Whole(n) => n.to_string(),
            Value::Double(x) => x.to_string(),
            Value::Money(m) => crate::export::csv::table::decimal(*m),
            Value::Boolean(b) => b.to_string(),
        }
    }
}
