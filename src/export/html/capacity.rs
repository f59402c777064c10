//! Capacity against benchmarks: each check with its working line by line (figure, what it is,
//! where it comes from or how it is calculated), the mapped figures against their marks, what
//! the map does not give, the overridden benchmarks, and the sources of those used.

use std::fmt::Write;

use super::{Cell, Out, Section, cell, num, table};
use crate::analysis::benchmarks::{CapacityReport, Check};
use crate::export::text::benchmarks::{
    edition, number, overridden, provenance, source_words, step_number, verdict,
};

pub(super) fn section(r: &CapacityReport) -> Section {
    let mut w = Out::new();
    w.raw("<p>What is mapped, set against published benchmarks. Each check shows its working, so every figure can be checked: a figure read from the map or the benchmark table says where from; a figure worked out shows its sum.</p>\n");
    w.raw("<p>Against the ");
    w.text(&edition(&r.table));
    w.raw(".</p>\n");
    if r.overridden.is_empty() {
        w.raw("<p>Benchmarks: the built-in values; none overridden.</p>\n");
    } else {
        w.raw("<p>Benchmarks overridden:</p>\n<ul>\n");
        for o in &r.overridden {
            w.raw("<li>");
            w.text(&overridden(o));
            w.raw("</li>\n");
        }
        w.raw("</ul>\n");
    }
    if !r.missing_figures.is_empty() {
        w.raw("<p>Area figures the map does not give (named, not assumed):</p>\n<ul>\n");
        for m in &r.missing_figures {
            w.raw("<li><code>");
            w.text(&m.figure);
            w.raw("</code>, needed for ");
            w.text(&m.needed_for.join(", "));
            w.raw("</li>\n");
        }
        w.raw("</ul>\n");
    }
    for c in &r.checks {
        check(&mut w, c);
    }
    if !r.sources.is_empty() {
        w.raw("<h3>Sources of the benchmarks used</h3>\n<ul class=\"sources\">\n");
        for b in &r.sources {
            w.raw("<li>");
            let _ = write!(w, "{} = {}: {}", b.id, number(b.value), source_words(b));
            w.raw("</li>\n");
        }
        w.raw("</ul>\n");
    }
    Section {
        id: "capacity",
        title: "Capacity against benchmarks",
        body: w.finish(),
    }
}

/// One check: its working line by line, then the mapped figures against their marks, what is
/// missing and the notes.
fn check(w: &mut Out, c: &Check) {
    w.raw("<h3>");
    w.text(&c.title);
    w.raw("</h3>\n");
    if let Some(band) = c.band {
        w.raw("<p>Fidelity band: <strong>");
        w.text(band.words());
        w.raw("</strong></p>\n");
    }
    if !c.working.is_empty() {
        let rows: Vec<Vec<Cell>> = c
            .working
            .iter()
            .map(|s| vec![num(&step_number(c, s)), cell(&s.what), cell(&provenance(s))])
            .collect();
        table(
            w,
            "working",
            &[("Figure", true), ("What", false), ("From", false)],
            &rows,
        );
    }
    if !c.comparisons.is_empty() || !c.missing.is_empty() || !c.notes.is_empty() {
        w.raw("<ul class=\"verdicts\">\n");
        for cmp in &c.comparisons {
            // A target for a share of services is neither met nor short in one area.
            // Above a range is no shortfall, but worth a look.
            w.raw(match (cmp.meets, cmp.target_share) {
                (true, _) if cmp.above_range() => "<li class=\"muted\">",
                (true, _) => "<li class=\"met\">",
                (false, Some(_)) => "<li class=\"muted\">",
                (false, None) => "<li class=\"short\">",
            });
            let _ = write!(w, "{}: {}", cmp.what, verdict(cmp));
            w.raw("</li>\n");
        }
        for m in &c.missing {
            w.raw("<li>missing: ");
            w.text(m);
            w.raw("</li>\n");
        }
        for n in &c.notes {
            w.raw("<li class=\"muted\">note: ");
            w.text(n);
            w.raw("</li>\n");
        }
        w.raw("</ul>\n");
    }
}
