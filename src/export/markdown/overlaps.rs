//! The overlaps section of the Markdown report: how they are ranked, the concerns as a table,
//! then the accepted ones.

use std::fmt::Write;

use super::write::*;
use crate::analysis::overlap::{Overlap, Overlaps};
use crate::analysis::report::ServiceBrief;
use crate::export::text::people;
use crate::export::words::overlap as overlap_words;
use crate::model::Id;

fn shared_words(o: &Overlap) -> String {
    o.shared_by_stage()
        .iter()
        .map(|(st, cs)| format!("{st}: {}", cs.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn places_words(o: &Overlap) -> String {
    let w = &o.reason;
    match (w.places, w.surplus) {
        (Some(p), Some(s)) if s > 0.0 => format!(
            "{} for {}: **over-supplied by {}**",
            people(p),
            people(w.demand),
            people(s.abs())
        ),
        (Some(p), _) => format!("{} for {}", people(p), people(w.demand)),
        _ => format!("unknown, for {}", people(w.demand)),
    }
}

/// The overlaps: how they are ranked, the concerns as a table, then the accepted ones.
pub fn overlaps_section(w: &mut Doc, o: &Overlaps, services: &[ServiceBrief], currency: &str) {
    w.raw("## Overlaps\n\n");
    w.raw(&format!(
        "Two services overlap when both offer a stage to a cohort that can reach and use both. Overlap is not always waste (it can give choice or needed capacity), so each pair is weighed. {} overlaps are open for review, {} are needed for capacity and {} accepted. ",
        o.concerns, o.needed, o.accepted
    ));
    w.raw(o.ranking);
    w.raw(" *People* are those needing the shared stages in the cohorts both serve (in each cohort, the most needing any one of them); *places* are the two services' places a year together, against everyone who can use either of them for those stages.\n\n");
    let concerns: Vec<&Overlap> = o.overlaps.iter().filter(|x| x.is_concern()).collect();
    if !concerns.is_empty() {
        w.raw("| # | services | shared (stage: cohorts) | people | places for demand | spend a year | alike | score |\n");
        w.raw("|--:|---|---|--:|--:|--:|---|--:|\n");
        for x in concerns {
            let _ = write!(w.raw("| "), "{}", x.rank);
            w.raw(" | ").text(x.services[0].as_str()).raw(" + ");
            w.text(x.services[1].as_str()).raw(" | ");
            w.text(&shared_words(x)).raw(" | ");
            w.raw(&people(x.people)).raw(" | ");
            w.raw(&places_words(x)).raw(" | ");
            w.text(&money(x.spend, currency)).raw(" | ");
            write_prose(w, &overlap_words::alike(&x.reason.alike), true);
            let _ = write!(w.raw(" | "), "{}", x.reason.score);
            w.raw(" |\n");
        }
        w.raw("\n");
    }
    let needed: Vec<&Overlap> = o.overlaps.iter().filter(|x| x.needed).collect();
    if !needed.is_empty() {
        w.raw("### Needed for capacity

These pairs serve the same people, but their places together do not exceed the need of everyone who can use either: both are needed, so they are not counted as concerns.

");
        for x in needed {
            pair_item(w, services, x);
            w.raw(")\n");
        }
        w.raw("\n");
    }
    let accepted: Vec<&Overlap> = o.overlaps.iter().filter(|x| x.accepted).collect();
    if !accepted.is_empty() {
        w.raw("### Accepted overlaps\n\nThe partnership has looked at these and accepts them; they are not counted as concerns.\n\n");
        for x in accepted {
            pair_item(w, services, x);
            w.raw("): ");
            prose(w, x.accepted_reason.as_deref().unwrap_or(""));
            w.raw("\n");
        }
        w.raw("\n");
    }
    if o.left_out() > 0 {
        w.text(&crate::export::text::gaps::left_out_words(o, "report"));
        w.raw("\n\n");
    }
    if !o.unmatched_acceptances.is_empty() {
        w.raw("### Accepted overlaps that match nothing\n\nThese entries of `accepted_overlaps` cover no overlap on the map: the overlap has gone, or the entry names the wrong services, cohort or stage.\n\n");
        for a in &o.unmatched_acceptances {
            let s: Vec<&str> = a.services.iter().map(Id::as_str).collect();
            w.raw("- ").text(&s.join(" + "));
            if let Some(c) = &a.cohort {
                w.raw(", cohort ").text(c.as_str());
            }
            if let Some(st) = &a.stage {
                w.raw(", stage ").text(st.as_str());
            }
            w.raw("\n");
        }
        w.raw("\n");
    }
}

/// A pair as a list item, its closing parenthesis left to the caller: "- **A + B** (shared; N
/// people; places: …".
fn pair_item(w: &mut Doc, services: &[ServiceBrief], x: &Overlap) {
    w.raw("- **");
    w.text(name_of(services, &x.services[0]));
    w.raw(" + ");
    w.text(name_of(services, &x.services[1]));
    w.raw("** (");
    w.text(&shared_words(x));
    w.raw(&format!(
        "; {} people; places: {}",
        people(x.people),
        places_words(x)
    ));
}

fn name_of<'a>(services: &'a [ServiceBrief], id: &'a Id) -> &'a str {
    services
        .iter()
        .find(|s| &s.id == id)
        .map_or(id.as_str(), |s| s.name.as_str())
}
