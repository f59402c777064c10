//! The gaps section of the Markdown report: grouped by cohort, as one table, one gap as a list
//! item, and the cohort-stages whose capacity is unknown.

use std::fmt::Write;

use super::write::*;
use crate::analysis::gaps::{Gap, GapKind, Gaps};
use crate::analysis::report::Report;
use crate::export::text::people;
use crate::export::words::gaps as gap_words;

/// The gaps, grouped by cohort, then the cohort-stages whose capacity is unknown.
pub fn gaps_section(w: &mut Doc, r: &Report) {
    w.raw("## Gaps\n\n");
    if r.gaps.gaps.is_empty() {
        w.raw("Every cohort has a route to every stage it needs, with places for all.\n\n");
    }
    gaps_table(w, &r.gaps);
    for c in &r.coverage.cohorts {
        let mine: Vec<&Gap> = r.gaps.of_cohort(&c.cohort).collect();
        if mine.is_empty() {
            continue;
        }
        w.raw("### ").text(&c.name).raw(" (");
        code(w, c.cohort.as_str());
        let _ = write!(w.raw(", "), "{} people", people(c.size));
        w.raw(")\n\n");
        for g in mine {
            gap_item(w, g);
        }
        w.raw("\n");
    }
    capacity_notes(w, &r.gaps);
}

/// Every gap in one table: cohort, stage, kind, people, nearest fix.
pub fn gaps_table(w: &mut Doc, gaps: &Gaps) {
    if gaps.gaps.is_empty() {
        return;
    }
    w.raw("At a glance (people: with no route; for a capacity gap, without a place):\n\n");
    w.raw("| cohort | stage | kind | people | nearest fix |\n|---|---|---|--:|---|\n");
    for g in &gaps.gaps {
        w.raw("| ")
            .text(g.cohort.as_str())
            .raw(" | ")
            .text(g.stage.as_str());
        w.raw(" | ")
            .raw(g.kind.name())
            .raw(" | ")
            .raw(&people(g.people))
            .raw(" | ");
        write_prose(w, &gap_words::fix(g), true);
        w.raw(" |\n");
    }
    w.raw("\nThe details, cohort by cohort:\n\n");
}

/// One gap as a list item with its blockers and fix.
pub fn gap_item(w: &mut Doc, g: &Gap) {
    w.raw("- **");
    w.text(g.stage.as_str());
    w.raw(": ").raw(g.kind.name()).raw("** — ");
    if g.kind == GapKind::Capacity {
        w.raw(&format!(
            "{} of {} people without a place. ",
            people(g.people),
            people(g.need)
        ));
    } else {
        w.raw(&format!("{} people with no route. ", people(g.people)));
    }
    write_prose(w, &gap_words::summary(g), false);
    w.raw("\n");
    for b in &g.blockers {
        w.raw("  - ");
        write_prose(w, &gap_words::blocker(b, &g.cohort), false);
        w.raw("\n");
    }
    if let Some(more) = gap_words::left_out(&g.left_out) {
        w.raw("  - ");
        write_prose(w, &more, false);
        w.raw("\n");
    }
    w.raw("  - *Nearest fix:* ");
    write_prose(w, &gap_words::fix(g), false);
    w.raw(".\n");
}

/// Cohort-stages with routes through a service of unknown capacity.
pub fn capacity_notes(w: &mut Doc, gaps: &Gaps) {
    if gaps.capacity_unknown.is_empty() {
        return;
    }
    w.raw("### Capacity unknown\n\nThese have routes, but a service on them states no capacity, so whether there are enough places cannot be worked out. They are not counted as gaps.\n\n");
    for n in &gaps.capacity_unknown {
        w.raw("- **");
        w.text(n.cohort.as_str()).raw(" × ").text(n.stage.as_str());
        w.raw("**: ");
        write_prose(w, &gap_words::capacity_note(n), false);
        w.raw("\n");
    }
    w.raw("\n");
}
