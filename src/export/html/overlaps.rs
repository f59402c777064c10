//! The overlaps, ranked as the overlap analysis ranks them (its own words say how), each with the
//! cohort-stages shared, the people concerned, places against everyone who can use either service,
//! spend, and why it is ranked where it is; accepted ones last, marked, with the map's reason.

use std::fmt::Write;

use super::{Cell, Out, Section, esc, num, plural, prose, prose_html, row_html};
use crate::analysis::overlap::{Overlap, Overlaps};
use crate::export::text::people;
use crate::export::words::overlap as overlap_words;
use crate::graph::Ecosystem;
use crate::model::Id;

pub(super) fn section(eco: &Ecosystem, o: &Overlaps) -> Section {
    let mut w = Out::new();
    let _ = write!(
        w.raw("<p>"),
        "{} for review, {} needed for capacity and {} accepted. ",
        plural(o.concerns, "overlap", "overlaps"),
        o.needed,
        o.accepted
    );
    w.raw("Two services overlap when both offer a stage to a cohort that can reach and use both. Overlap is not always waste (it can give choice, or capacity that is needed), so each pair is weighed.</p>\n<p>");
    w.text(o.ranking);
    w.raw(" <em>People</em>: those needing the shared stages in the cohorts both serve (in each cohort, the most needing any one of them). <em>Places</em>: the two services' places a year together, against everyone who can use either for those stages.</p>\n");
    if o.overlaps.is_empty() {
        w.raw("<p>No two services offer the same stage to the same cohort.</p>\n");
    } else {
        w.raw("<table class=\"overlaps\">\n<thead><tr><th class=\"num\">#</th><th>Services</th><th>Shared (stage: cohorts)</th><th class=\"num\">People</th><th>Places for demand</th><th class=\"num\">Spend a year</th><th>Why ranked here</th><th>Status</th></tr></thead>\n<tbody>\n");
        for x in &o.overlaps {
            let row = overlap_row(eco, x);
            let class = if x.accepted {
                "accepted"
            } else if x.needed {
                "needed"
            } else {
                ""
            };
            row_html(&mut w, class, &row);
        }
        w.raw("</tbody>\n</table>\n");
        if o.left_out() > 0 {
            w.raw("<p>");
            w.text(&crate::export::text::gaps::left_out_words(o, "report"));
            w.raw("</p>\n");
        }
    }
    if !o.unmatched_acceptances.is_empty() {
        w.raw("<h3>Accepted overlaps that match nothing</h3>\n<p>These entries of <code>accepted_overlaps</code> cover no overlap on the map: the overlap has gone, or the entry names the wrong services, cohort or stage.</p>\n<ul>\n");
        for acc in &o.unmatched_acceptances {
            let s: Vec<&str> = acc.services.iter().map(Id::as_str).collect();
            w.raw("<li>");
            w.text(&s.join(" + "));
            if let Some(c) = &acc.cohort {
                w.raw(", cohort ");
                w.text(c.as_str());
            }
            if let Some(st) = &acc.stage {
                w.raw(", stage ");
                w.text(st.as_str());
            }
            w.raw("</li>\n");
        }
        w.raw("</ul>\n");
    }
    Section {
        id: "overlaps",
        title: "Overlaps",
        body: w.finish(),
    }
}

/// An overlap as a row: rank, the two services, what they share, people, places, spend, why it
/// is ranked there, and its status.
fn overlap_row(eco: &Ecosystem, x: &Overlap) -> Vec<Cell> {
    let m = &eco.map;
    let [a, b] = &x.services;
    let status = match &x.accepted_reason {
        Some(reason) if x.accepted => format!("accepted: {}", prose(reason)),
        _ if x.needed => "needed for capacity".to_owned(),
        _ => "for review".to_owned(),
    };
    vec![
        num(&x.rank.to_string()),
        (
            format!(
                "{}<br>+ {}",
                esc(m.name_of(a.as_str())),
                esc(m.name_of(b.as_str()))
            ),
            "",
        ),
        (shared(x), ""),
        num(&people(x.people)),
        (places(x), ""),
        num(&x.spend.display(m.currency()).to_string()),
        (prose_html(&overlap_words::why(&x.reason)), ""),
        (status, ""),
    ]
}

/// `job-search: smi-secondary, common-off-sick` per line, stages in the order first shared.
fn shared(o: &Overlap) -> String {
    o.shared_by_stage()
        .iter()
        .map(|(st, cs)| esc(&format!("{st}: {}", cs.join(", "))))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// `400 for 300`, with the over-supply the analysis found, or `unknown, for 300`.
fn places(o: &Overlap) -> String {
    let w = &o.reason;
    match (w.places, w.surplus) {
        (Some(p), Some(s)) if w.over_supply => format!(
            "{} for {}<br><strong>over-supplied by {}</strong>",
            people(p),
            people(w.demand),
            people(s.abs())
        ),
        (Some(p), _) => format!("{} for {}", people(p), people(w.demand)),
        _ => format!("unknown, for {}", people(w.demand)),
    }
}
