//! The last sections of every report: its provenance (the map and its period, the sources the map
//! cites with their as-of dates, the figures without a source, the ecomap version, the benchmark
//! table's version, the day it was made, and a warning when the map is an illustration) and the
//! references: what each source code the report cites (002, 004, …) stands for. The words are
//! written here once, for the Markdown report and the HTML page.

use std::fmt::Write;

use crate::analysis::provenance::{CitedSource, Provenance};
use crate::benchmarks::Reference;
use crate::export::markdown::Doc;
use crate::export::text::benchmarks::reference;

/// The warning of a map that says it is an illustration.
pub const ILLUSTRATIVE: &str = "Illustration: this map says it is an illustration, not a real area's figures (area.illustrative: true). Do not quote its numbers as an area's.";

/// `maps/riverside, the area Riverside (example borough) (id riverside), period 2026-27`.
pub fn map_words(p: &Provenance) -> String {
    let period = p
        .period
        .as_deref()
        .map_or_else(|| "no period given".to_owned(), |x| format!("period {x}"));
    format!("{}, the area {} (id {}), {period}", p.map, p.name, p.area)
}

/// `Made on 2026-01-01 by ecomap 0.1.0, against the benchmark table version 3 (its values checked
/// against their sources on 2026-12-03, except 9 not checked against a copy of their source:
/// …), none of its values overridden.`
pub fn made_words(p: &Provenance) -> String {
    let overridden = match p.benchmarks_overridden {
        0 => "none of its values overridden".to_owned(),
        1 => "1 of its values overridden".to_owned(),
        n => format!("{n} of its values overridden"),
    };
    format!(
        "Made on {} by ecomap {}, against the benchmark table version {} ({}), {overridden}.",
        p.made,
        p.ecomap_version,
        p.benchmark_table.version,
        crate::export::text::benchmarks::checked_words(&p.benchmark_table)
    )
}

/// `3 of the 57 figures a partnership must be able to source have none …`.
pub fn figures_words(p: &Provenance) -> String {
    let f = p.figures;
    let what = "the population, area figures, cohort sizes and funding lines";
    match f.without_source {
        0 if f.figures == 0 => {
            format!("The map has none of the figures that need a source ({what}).")
        }
        0 => format!(
            "Every one of the {} figures that need a source ({what}) has one.",
            f.figures
        ),
        1 if f.figures == 1 => format!(
            "The one figure that needs a source ({what}) has none; ecomap validate --strict shows where."
        ),
        n if n == f.figures => format!(
            "None of the {n} figures that need a source ({what}) has one; ecomap validate --strict shows where."
        ),
        n => format!(
            "{n} of the {} figures that need a source ({what}) {} none; ecomap validate --strict shows where.",
            f.figures,
            if n == 1 { "has" } else { "have" },
        ),
    }
}

/// `Riverside JSNA 2024 <https://…>, as of 2024-03-31: area figures`.
pub fn source_words(s: &CitedSource) -> String {
    let mut out = s.source.citation.clone();
    if let Some(u) = &s.source.url {
        let _ = write!(out, " <{u}>");
    }
    match &s.source.as_of {
        Some(d) => {
            let _ = write!(out, ", as of {d}");
        }
        None => out.push_str(", no as-of date"),
    }
    let _ = write!(out, ": {}", s.cited_for.join("; "));
    out
}

/// The references whose codes `texts` cite, in code order.
pub fn cited<'p>(p: &'p Provenance, texts: &[&str]) -> Vec<&'p Reference> {
    p.references
        .iter()
        .filter(|r| texts.iter().any(|t| r.cited_in(t)))
        .collect()
}

/// `## Provenance` and `## References` for the end of a Markdown report; `document` is the report
/// so far, searched (with the provenance) for the source codes it cites.
pub fn markdown(p: &Provenance, document: &str) -> String {
    let mut w = Doc::new();
    w.raw("\n## Provenance\n\n");
    if p.illustrative {
        w.raw("> **").text(ILLUSTRATIVE).raw("**\n\n");
    }
    w.raw("- Map: ").text(&map_words(p)).raw(".\n");
    w.raw("- ").text(&made_words(p)).raw("\n");
    w.raw("- ").text(&figures_words(p)).raw("\n");
    if p.sources.is_empty() {
        w.raw("- The map cites no source.\n");
    } else {
        let _ = write!(
            w.raw(""),
            "- Sources the map cites ({}), each with its as-of date and what it is cited for:",
            p.sources.len()
        );
        w.raw("\n");
        for s in &p.sources {
            w.raw("  - ").text(&source_words(s)).raw("\n");
        }
    }
    let provenance = w.finish();
    let refs = cited(p, &[document, &provenance]);
    let mut w = Doc::new();
    if !refs.is_empty() {
        w.raw("\n## References\n\nThe source codes cited in this report:\n\n");
        for r in refs {
            w.raw("- ").text(&reference(r)).raw("\n");
        }
    }
    provenance + &w.finish()
}
