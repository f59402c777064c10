//! The gaps, as the gaps analysis found and explained them: what each kind means, then cohort by
//! cohort a table of its gaps (stage, kind, people, why, nearest fix), then the cohort-stages
//! whose capacity is unknown.

use std::fmt::Write;

use super::{Cell, Out, Section, cell, cohort_heading, plural, prose_html, prose_list, table};
use crate::analysis::gaps::{Gap, GapKind};
use crate::analysis::report::Report;
use crate::export::prose::Prose;
use crate::export::text::people;
use crate::export::words::gaps as gap_words;
use crate::graph::Ecosystem;

pub(super) fn section(eco: &Ecosystem, r: &Report) -> Section {
    let m = &eco.map;
    let k = &r.key;
    let mut w = Out::new();
    let _ = write!(
        w.raw("<p>"),
        "{} without a route ({} people), {} short of places ({} people without one).",
        plural(k.gaps.without_route, "cohort-stage", "cohort-stages"),
        people(k.gaps.people_without_route),
        plural(k.gaps.short_of_places, "cohort-stage", "cohort-stages"),
        people(k.gaps.people_short_of_places),
    );
    w.raw(" A cohort has a route to a stage when a service offers it, the cohort meets its eligibility rule, and the cohort can get there: by referring itself, or through a chain of referrals from where it first shows up, passing only through services it is eligible for. A stage without a route has one kind of gap, the first that applies in this order:</p>\n");
    w.raw("<dl class=\"kinds\">\n");
    for kind in GapKind::ALL {
        let _ = write!(w.raw("<dt>"), "{}", kind.name());
        let _ = write!(w.raw("</dt><dd>"), "{}", kind.meaning());
        w.raw("</dd>\n");
    }
    w.raw("</dl>\n<p>Each gap names every service offering the stage and what keeps the cohort from it, and ends with the nearest fix: the smallest change to the map that would open a route.</p>\n");
    if r.gaps.gaps.is_empty() {
        w.raw("<p>Every cohort has a route to every stage it needs, with places for all.</p>\n");
    }
    for c in &r.coverage.cohorts {
        let mine: Vec<&Gap> = r.gaps.of_cohort(&c.cohort).collect();
        if mine.is_empty() {
            continue;
        }
        w.raw("<h3>");
        cohort_heading(&mut w, c);
        let rows: Vec<Vec<Cell>> = mine.iter().map(|g| gap_row(eco, g)).collect();
        table(
            &mut w,
            "gaps",
            &[
                ("Stage", false),
                ("Kind", false),
                ("People", false),
                ("Why", false),
                ("Nearest fix", false),
            ],
            &rows,
        );
    }
    if !r.gaps.capacity_unknown.is_empty() {
        w.raw("<h3>Capacity unknown</h3>\n<p>These have routes, but a service on them states no capacity, so whether there are enough places cannot be worked out. They are not counted as gaps.</p>\n<ul>\n");
        for n in &r.gaps.capacity_unknown {
            w.raw("<li><strong>");
            w.text(m.name_of(n.cohort.as_str()));
            w.raw(" × ");
            w.text(n.stage.as_str());
            w.raw("</strong>: ");
            w.raw(&prose_html(&gap_words::capacity_note(n)));
            w.raw("</li>\n");
        }
        w.raw("</ul>\n");
    }
    Section {
        id: "gaps",
        title: "Gaps",
        body: w.finish(),
    }
}

/// A gap as a row: stage, kind, people, why (with what keeps the cohort from each service) and
/// the nearest fix.
fn gap_row(eco: &Ecosystem, g: &Gap) -> Vec<Cell> {
    let stage = eco.map.stage_name(g.stage.as_str());
    let who = if g.kind == GapKind::Capacity {
        format!("{} of {} without a place", people(g.people), people(g.need))
    } else {
        format!("{} with no route", people(g.people))
    };
    let blockers: Vec<Prose> = (g.blockers.iter())
        .map(|b| gap_words::blocker(b, &g.cohort))
        .chain(gap_words::left_out(&g.left_out))
        .collect();
    let mut why = prose_html(&gap_words::summary(g));
    why.push_str(&prose_list(&blockers));
    vec![
        cell(stage),
        (format!("<span class=\"gap\">{}</span>", g.kind.name()), ""),
        cell(&who),
        (why, ""),
        (prose_html(&gap_words::fix(g)), ""),
    ]
}
