//! Plain text for `routes`, `gaps`, `overlap` and `check`: short headed blocks, long sentences
//! wrapped to the width of a terminal, control characters from the map made visible.

use std::fmt::Write;

use crate::analysis::coverage::Status;
use crate::analysis::gaps::{Gap, GapKind};
use crate::analysis::overlap::{Overlap, Overlaps};
use crate::analysis::report::{CheckOutcome, GapFindings, Gate, RoutesView};
use crate::analysis::routes::{Route, Start};
use crate::export::text::{Table, clean, people, plural, wrap};
use crate::export::words::gaps as gap_words;
use crate::export::words::overlap as overlap_words;

fn route_line(r: &Route) -> String {
    match r.start {
        Start::Entry => r.path(),
        Start::SelfReferral => format!("{} (self-referral)", r.path()),
    }
}

/// `ecomap routes`.
pub fn routes(v: &RoutesView<'_>) -> String {
    let mut out = String::new();
    for (i, c) in v.cohorts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let enters: Vec<&str> = c.enters_via.iter().map(|e| e.as_str()).collect();
        out.push_str(&wrap(
            &format!("{} — ", c.cohort),
            2,
            &format!(
                "{} ({} people; enters at {})",
                c.name,
                people(c.size),
                if enters.is_empty() {
                    "no service".to_owned()
                } else {
                    enters.join(", ")
                }
            ),
        ));
        if c.stages.is_empty() {
            // A cohort needing no stage has no route to look for: say why, not nothing.
            let why = if c.size == 0 {
                "the cohort has no people (size 0)"
            } else {
                "it lists no need above 0"
            };
            out.push_str(&wrap(
                "  ",
                4,
                &format!("no stage is needed, so no route is looked for: {why}"),
            ));
        }
        for s in &c.stages {
            let cov = s.coverage;
            let head = format!("  {} ({} people): ", cov.stage, people(cov.need));
            let status = match cov.status {
                Status::Covered => {
                    let served = cov
                        .served
                        .map_or(String::new(), |n| format!(", places for all {}", people(n)));
                    format!("{}{served}", plural(cov.routes.len(), "route", "routes"))
                }
                Status::CapacityUnknown => format!(
                    "{}, capacity unknown",
                    plural(cov.routes.len(), "route", "routes")
                ),
                Status::Gap(GapKind::Capacity) => format!(
                    "{} — capacity gap: {} without a place",
                    plural(cov.routes.len(), "route", "routes"),
                    people(s.gap.map_or(0.0, |g| g.people))
                ),
                Status::Gap(kind) => format!("no route — {} gap", kind.name()),
            };
            out.push_str(&wrap(&head, 6, &status));
            for r in &cov.routes {
                out.push_str(&wrap("      ", 8, &route_line(r)));
            }
            if let Some(g) = s.gap {
                out.push_str(&wrap("      why: ", 11, &gap_words::summary(g).plain()));
                out.push_str(&wrap("      nearest fix: ", 19, &gap_words::fix(g).plain()));
            }
            if let Some(n) = s.capacity_note {
                out.push_str(&wrap(
                    "      note: ",
                    12,
                    &gap_words::capacity_note(n).plain(),
                ));
            }
            if !cov.undetermined.is_empty() && cov.status.has_route() {
                let u: Vec<&str> = cov.undetermined.iter().map(|i| i.as_str()).collect();
                out.push_str(&wrap(
                    "      undetermined: ",
                    20,
                    &format!(
                        "{} (settling their eligibility may add routes)",
                        u.join(", ")
                    ),
                ));
            }
        }
    }
    if v.cohorts.is_empty() {
        out.push_str("The map has no cohorts.\n");
    }
    out
}

/// One gap as a block of lines: kind and people, summary, each blocker, the fix.
fn gap_block(out: &mut String, g: &Gap) {
    let head = match g.kind {
        GapKind::Capacity => format!(
            "  {}: capacity — {} of {} people without a place",
            g.stage,
            people(g.people),
            people(g.need)
        ),
        kind => format!(
            "  {}: {} — {} people with no route",
            g.stage,
            kind.name(),
            people(g.people)
        ),
    };
    let _ = writeln!(out, "{}", clean(&head));
    out.push_str(&wrap("    ", 4, &gap_words::summary(g).plain()));
    for b in &g.blockers {
        out.push_str(&wrap(
            "    - ",
            6,
            &gap_words::blocker(b, &g.cohort).plain(),
        ));
    }
    if let Some(more) = gap_words::left_out(&g.left_out) {
        out.push_str(&wrap("    - ", 6, &more.plain()));
    }
    out.push_str(&wrap("    nearest fix: ", 17, &gap_words::fix(g).plain()));
}

/// `ecomap gaps`: by cohort, then the cohort-stages whose capacity is unknown.
pub fn gaps(r: &GapFindings) -> String {
    let k = &r.counts;
    let mut out = String::new();
    let total = r.gaps.gaps.len();
    let counts: Vec<String> = k
        .by_kind
        .iter()
        .filter(|c| c.gaps > 0)
        .map(|c| format!("{} {}", c.kind.name(), c.gaps))
        .collect();
    let mut parts = Vec::new();
    if k.without_route > 0 {
        parts.push(format!(
            "{} with no route ({} people, each counted once)",
            plural(k.without_route, "cohort-stage", "cohort-stages"),
            people(k.people_without_route)
        ));
    }
    if k.short_of_places > 0 {
        parts.push(format!(
            "{} short of places ({} people without a place, counted once)",
            plural(k.short_of_places, "cohort-stage", "cohort-stages"),
            people(k.people_short_of_places)
        ));
    }
    let head = if total == 0 {
        "No gaps: every cohort has a route to every stage it needs, with places for all.".to_owned()
    } else {
        format!(
            "{}: {}. By kind: {}.",
            plural(total, "gap", "gaps"),
            parts.join(", "),
            counts.join(", ")
        )
    };
    out.push_str(&wrap("", 0, &head));
    for c in &r.coverage.cohorts {
        let mine: Vec<&Gap> = r.gaps.of_cohort(&c.cohort).collect();
        if mine.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(&wrap(
            &format!("{} — ", c.cohort),
            2,
            &format!("{} ({} people)", c.name, people(c.size)),
        ));
        for g in mine {
            gap_block(&mut out, g);
        }
    }
    if !r.gaps.capacity_unknown.is_empty() {
        out.push_str("\nCapacity unknown (not gaps: no shortfall can be worked out)\n");
        for n in &r.gaps.capacity_unknown {
            out.push_str(&wrap(
                &format!("  {} × {}: ", n.cohort, n.stage),
                4,
                &gap_words::capacity_note(n).plain(),
            ));
        }
    }
    out
}

fn overlap_block(out: &mut String, o: &Overlap, currency: &str) {
    let status = if o.accepted {
        "accepted"
    } else if o.needed {
        "needed for capacity"
    } else {
        "concern"
    };
    let _ = writeln!(
        out,
        "{}",
        clean(&format!(
            "{}. {} + {} — {status}",
            o.rank, o.services[0], o.services[1]
        ))
    );
    let shared: Vec<String> = o
        .shared_by_stage()
        .iter()
        .map(|(st, cs)| format!("{st} for {}", cs.join(", ")))
        .collect();
    out.push_str(&wrap("   shared: ", 11, &shared.join("; ")));
    out.push_str(&wrap(
        "   ",
        3,
        &format!(
            "{} people concerned · {} a year combined",
            people(o.people),
            o.spend.display(currency)
        ),
    ));
    out.push_str(&wrap("   ", 3, &overlap_words::why(&o.reason).plain()));
    if let Some(reason) = &o.accepted_reason {
        out.push_str(&wrap("   accepted: ", 13, reason));
    }
}

/// `ecomap overlap`: ranked, concerns first.
pub fn overlaps(o: &Overlaps, currency: &str) -> String {
    let mut out = String::new();
    out.push_str(&wrap(
        "",
        0,
        &format!(
            "{} of concern, {} needed for capacity, {} accepted. {}",
            plural(o.concerns, "overlap", "overlaps"),
            o.needed,
            o.accepted,
            o.ranking
        ),
    ));
    for ov in &o.overlaps {
        out.push('\n');
        overlap_block(&mut out, ov, currency);
    }
    if o.left_out() > 0 {
        out.push('\n');
        out.push_str(&wrap("", 0, &left_out_words(o, "overlap")));
    }
    if !o.unmatched_acceptances.is_empty() {
        out.push_str("\nAccepted overlaps that match nothing on the map:\n");
        for a in &o.unmatched_acceptances {
            let services: Vec<&str> = a.services.iter().map(|s| s.as_str()).collect();
            let mut line = services.join(" + ");
            if let Some(c) = &a.cohort {
                let _ = write!(line, ", cohort {c}");
            }
            if let Some(s) = &a.stage {
                let _ = write!(line, ", stage {s}");
            }
            out.push_str(&wrap("  - ", 4, &line));
        }
    }
    out
}

/// The line saying how many overlaps a bounded list leaves out, and how to see them all.
pub fn left_out_words(o: &Overlaps, command: &str) -> String {
    format!(
        "The first {} of {} overlaps in the ranking are listed; {} more are left out (`ecomap {command} --all` lists every one).",
        o.overlaps.len(),
        o.total,
        o.left_out()
    )
}

/// `ecomap check`.
pub fn check(c: &CheckOutcome, map: &str) -> String {
    let mut out = String::new();
    let verdict = if c.passed { "passed" } else { "failed" };
    let _ = writeln!(out, "{}: check {verdict}", clean(map));
    let mut t = Table::new(&["what", "found", "result"]).right_align(&[1]);
    for (gate, found) in [
        (Gate::Gaps, c.gaps),
        (Gate::Overlap, c.overlaps),
        (Gate::Warnings, c.warnings),
    ] {
        let result = if !c.fail_on.contains(&gate) {
            "not checked"
        } else if c.failed.contains(&gate) {
            "fail"
        } else {
            "pass"
        };
        t.row(&[gate.name(), &found.to_string(), result]);
    }
    out.push_str(&t.render());
    out
}
