//! The coverage analysis as a cohort × stage table, and each cohort's routes (its table of referral
//! chains, or the kind of gap, and its routes diagram).

use std::fmt::Write;

use super::{Cell, Figure, Out, Section, cell, cohort_heading, esc, figure_html, num, table};
use crate::analysis::coverage::{Coverage, StageCoverage, Status};
use crate::analysis::gaps::GapKind;
use crate::analysis::report::Report;
use crate::export::text::people;
use crate::graph::Ecosystem;

/// Cohorts down, stages across (the stages some cohort needs, in the map's stage order).
pub(super) fn section(c: &Coverage) -> Section {
    let mut w = Out::new();
    w.raw("<p>People needing each stage this year, and how many the places they can reach serve when places are shared so that as many as possible are served. ✓ met · ! short of places · ? a service on the cohort's routes states no capacity · ✗ no route, with the kind of gap · – not needed.</p>\n");
    w.raw("<table class=\"coverage\">\n<thead><tr><th>Cohort</th><th class=\"num\">People</th>");
    for s in &c.stages {
        w.raw("<th>");
        w.text(s.as_str());
        w.raw("</th>");
    }
    w.raw("</tr></thead>\n<tbody>\n");
    for row in &c.cohorts {
        w.raw("<tr><th>");
        w.text(&row.name);
        let _ = write!(w.raw("</th><td class=\"num\">"), "{}", people(row.size));
        w.raw("</td>");
        for s in &c.stages {
            let (class, text) = match row.stage(s.as_str()) {
                None => ("muted", "–".to_owned()),
                Some(sc) => words(sc),
            };
            let _ = write!(w.raw("<td class=\""), "{class}");
            w.raw("\">");
            w.text(&text);
            w.raw("</td>");
        }
        w.raw("</tr>\n");
    }
    w.raw("</tbody>\n</table>\n");
    Section {
        id: "coverage",
        title: "Cohort × stage coverage",
        body: w.finish(),
    }
}

/// A cell's class and words.
fn words(sc: &StageCoverage) -> (&'static str, String) {
    let need = people(sc.need);
    let served = sc.served.map_or_else(|| need.clone(), people);
    match sc.status {
        Status::Covered => ("cell-met", format!("✓ {served} of {need}")),
        Status::CapacityUnknown => ("cell-unknown", format!("? {need} need")),
        Status::Gap(GapKind::Capacity) => ("cell-short", format!("! {served} of {need}")),
        Status::Gap(kind) => ("cell-gap", format!("✗ {}, {need} need", kind.name())),
    }
}

/// Each cohort's routes to each stage it needs (shortest first), or the kind of its gap, then
/// its routes diagram (`figures` in cohort order), or once why the diagrams are left out.
pub(super) fn routes_section(
    eco: &Ecosystem,
    r: &Report,
    figures: &[Figure],
    left_out: Option<&str>,
) -> Section {
    let m = &eco.map;
    let mut w = Out::new();
    w.raw("<p>A route starts where the cohort shows up, or at a service people can refer themselves to, and passes only through services the cohort is eligible for. Why a stage has no route, and the nearest fix, are under <a href=\"#gaps\">Gaps</a>.</p>\n");
    if let Some(why) = left_out {
        w.raw("<p class=\"note\">The routes diagrams are left out: ");
        w.text(why);
        w.raw(".</p>\n");
    }
    for (ci, c) in r.coverage.cohorts.iter().enumerate() {
        let _ = write!(w.raw("<h3 id=\"routes-"), "{ci}");
        w.raw("\">");
        cohort_heading(&mut w, c);
        let rows: Vec<Vec<Cell>> = c
            .stages
            .iter()
            .map(|sc| {
                let stage = m.stage_name(sc.stage.as_str());
                let routes = match sc.status {
                    Status::Gap(kind) if !sc.status.has_route() => (
                        format!("<span class=\"gap\">✗ {}</span>", kind.name()),
                        "cell-gap",
                    ),
                    _ => {
                        let list: Vec<String> = sc
                            .routes
                            .iter()
                            .map(|route| {
                                let names: Vec<String> = route
                                    .chain
                                    .iter()
                                    .map(|id| esc(m.name_of(id.as_str())))
                                    .collect();
                                names.join(" → ")
                            })
                            .collect();
                        (list.join("<br>\n"), "")
                    }
                };
                vec![cell(stage), num(&people(sc.need)), routes]
            })
            .collect();
        table(
            &mut w,
            "routes",
            &[
                ("Stage", false),
                ("Need", true),
                ("Routes (shortest first)", false),
            ],
            &rows,
        );
        if let Some(f) = figures.get(ci) {
            figure_html(&mut w, f);
        }
    }
    Section {
        id: "routes",
        title: "Routes by cohort",
        body: w.finish(),
    }
}
