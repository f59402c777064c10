//! Overlaps in words: how alike two services are, and the score that ranks their overlap.

use super::{Prose, people};
use crate::analysis::overlap::{Alike, OVER_SUPPLY_POINTS, Weighing};

/// "same model, same funder (`icb`)", or "unlike in model, eligibility, funder and provider".
pub fn alike(a: &Alike) -> Prose {
    let mut parts: Vec<Prose> = Vec::new();
    if a.same_model {
        parts.push(Prose::text("same model"));
    }
    if a.same_eligibility {
        parts.push(Prose::text("same eligibility"));
    }
    if !a.shared_funders.is_empty() {
        let mut funders = Prose::text("same funder (");
        for (i, f) in a.shared_funders.iter().enumerate() {
            if i > 0 {
                funders.push(", ");
            }
            funders.push_id(f.as_str());
        }
        funders.push(")");
        parts.push(funders);
    }
    if a.same_provider {
        parts.push(Prose::text("same provider"));
    }
    if parts.is_empty() {
        return Prose::text("unlike in model, eligibility, funder and provider");
    }
    let mut out = Prose::default();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(", ");
        }
        out.append(p);
    }
    out
}

/// Where a pair stands: `accepted`, `needed for capacity` or `concern`.
pub fn status(accepted: bool, w: &Weighing) -> &'static str {
    if accepted {
        "accepted"
    } else if w.needed_for_capacity() {
        "needed for capacity"
    } else {
        "concern"
    }
}

/// The places against the need of everyone who can use either service.
pub fn supply(w: &Weighing) -> String {
    match (w.places, w.surplus) {
        (Some(p), Some(s)) if s > 0.0 => format!(
            "{} places for {} people who can use either: over-supplied by {} (+{OVER_SUPPLY_POINTS})",
            people(p),
            people(w.demand),
            people(s.abs())
        ),
        (Some(p), _) => format!(
            "{} places for {} people who can use either: both needed for capacity",
            people(p),
            people(w.demand)
        ),
        _ if !w.national.is_empty() => format!(
            "places notional ({} not commissioned locally) for {} people who can use either",
            w.national
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" and "),
            people(w.demand)
        ),
        _ => format!(
            "places unknown (a service states none) for {} people who can use either",
            people(w.demand)
        ),
    }
}

/// "score 4: same model, same funder (`icb`) (+2); 300 places for 120 people …": the score explained.
pub fn why(w: &Weighing) -> Prose {
    Prose::text(format!("score {}: ", w.score))
        .then(alike(&w.alike))
        .and(&format!(" (+{}); {}", w.alike.count(), supply(w)))
}
