//! The page's last sections: where the report comes from (with the warning of an illustrative
//! map) and the references of the source codes the page cites. The words are those of
//! [`crate::export::markdown::provenance`], shared with the Markdown report.

use super::{Out, Section};
use crate::analysis::provenance::Provenance;
use crate::export::markdown::provenance::{
    ILLUSTRATIVE, cited, figures_words, made_words, map_words, source_words,
};
use crate::export::text::benchmarks::reference;

/// The provenance section.
pub(super) fn section(p: &Provenance) -> Section {
    let mut w = Out::new();
    if p.illustrative {
        w.raw("<p class=\"warning\"><strong>");
        w.text(ILLUSTRATIVE);
        w.raw("</strong></p>\n");
    }
    w.raw("<ul>\n<li>Map: ");
    w.text(&map_words(p));
    w.raw(".</li>\n<li>");
    w.text(&made_words(p));
    w.raw("</li>\n<li>");
    w.text(&figures_words(p));
    w.raw("</li>\n");
    if p.sources.is_empty() {
        w.raw("<li>The map cites no source.</li>\n");
    } else {
        w.raw("<li>Sources the map cites, each with its as-of date and what it is cited for:\n<ul class=\"sources\">\n");
        for s in &p.sources {
            w.raw("<li>");
            w.text(&source_words(s));
            w.raw("</li>\n");
        }
        w.raw("</ul></li>\n");
    }
    w.raw("</ul>\n");
    Section {
        id: "provenance",
        title: "Provenance",
        body: w.finish(),
    }
}

/// The references of the source codes the page's sections cite; `None` when they cite none.
pub(super) fn references(p: &Provenance, sections: &[Section]) -> Option<Section> {
    let bodies: Vec<&str> = sections.iter().map(|s| s.body.as_str()).collect();
    let refs = cited(p, &bodies);
    if refs.is_empty() {
        return None;
    }
    let mut w = Out::new();
    w.raw("<p>The source codes cited in this report:</p>\n<ul class=\"sources\">\n");
    for r in refs {
        w.raw("<li>");
        w.text(&reference(r));
        w.raw("</li>\n");
    }
    w.raw("</ul>\n");
    Some(Section {
        id: "references",
        title: "References",
        body: w.finish(),
    })
}
