//! The HTML report: one self-contained page (styles inline, diagrams as inline SVG, no scripts,
//! no request to any network when opened), readable on a laptop and printable, with a table of
//! contents. Every text from the map goes through [`Escaping<Html>`].
//!
//! The page is built from sections, each made by its own function from plain results, so each
//! analysis adds or replaces its own section: [`summary_section`], [`diagrams_section`],
//! [`routes_section`], [`overlaps_section`], [`coverage_section`], [`funding_section`]. A section
//! for capacity benchmarks goes in the same way (a [`Section`] in the list [`report`] builds).

use std::fmt::Write;

use super::dot::{self, View};
use super::escape::{Escaping, Html};
use super::picture::{self, PictureFormat, Renderer};
use super::text::people;
use crate::analysis::capacity::{Allocation, Supply};
use crate::analysis::diagram::{DiagramInputs, FlowEnd, FundingFlows, Marks, OverlapMark};
use crate::analysis::summary::{self, Summary};
use crate::graph::Ecosystem;
use crate::model::Id;

/// An HTML writer: `write!` and [`Escaping::text`] escape, [`Escaping::raw`] is for our markup.
type Out = Escaping<Html>;

/// The page and what the user should be told about how it was made.
#[derive(Debug, Clone)]
pub struct Report {
    pub html: String,
    /// Which renderer drew the diagrams, and any diagram that could not be drawn.
    pub notes: Vec<String>,
}

/// One section of the page: its anchor, its title in the table of contents, its HTML.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    /// The section's body, already escaped.
    pub body: String,
}

/// A drawn diagram, or why there is none.
#[derive(Debug, Clone)]
pub struct Figure {
    pub title: String,
    /// Inline SVG, ready to place in the page; or a note saying why it could not be drawn.
    pub svg: Result<String, String>,
}

/// The report of a map: summary, diagrams, routes and gaps, overlaps, coverage, funding.
pub fn report(eco: &Ecosystem, inputs: &DiagramInputs, renderer: Renderer) -> Report {
    let mut notes = Vec::new();
    let mut counter = 0;
    let mut figure = |title: String, view: View| {
        counter += 1;
        let d = dot::draw(eco, inputs, &view);
        let svg = match picture::render(&d, PictureFormat::Svg, renderer) {
            Ok(p) => {
                let note = p.drawn.to_string();
                if !notes.contains(&note) {
                    notes.push(note);
                }
                inline_svg(&String::from_utf8_lossy(&p.bytes), &format!("d{counter}"))
                    .ok_or_else(|| "the drawing could not be placed in the page".to_owned())
            }
            Err(e) => Err(e.to_string()),
        };
        if let Err(why) = &svg {
            notes.push(format!("{title}: {why}"));
        }
        Figure { title, svg }
    };
    let main = vec![
        figure("The delivery ecosystem".into(), View::Ecosystem),
        figure("Where the money goes".into(), View::Funding),
        figure("Services that overlap".into(), View::Overlap),
    ];
    let routes: Vec<Figure> = eco
        .map
        .cohorts
        .values()
        .enumerate()
        .map(|(i, c)| figure(format!("Routes: {}", c.name), View::Routes { cohort: i }))
        .collect();

    let sections = vec![
        summary_section(&summary::summarise(eco), &inputs.marks),
        diagrams_section(&main),
        routes_section(eco, inputs, &routes),
        overlaps_section(eco, &inputs.marks.overlaps),
        coverage_section(eco, &inputs.capacity.allocations),
        funding_section(eco, &inputs.flows),
    ];
    let title = format!("{}: employment support ecosystem", eco.map.area.name);
    Report {
        html: page(&title, &sections, &notes),
        notes,
    }
}

/// The whole page: head with inline styles and a content policy that forbids scripts and any
/// request, a table of contents, the sections, and how the diagrams were drawn.
pub fn page(title: &str, sections: &[Section], notes: &[String]) -> String {
    let mut w = Out::new();
    w.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    w.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    w.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    w.text(title);
    w.raw("</title>\n<style>\n");
    w.raw(STYLE);
    w.raw("</style>\n</head>\n<body>\n<header>\n<h1>");
    w.text(title);
    w.raw(
        "</h1>\n</header>\n<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n",
    );
    for s in sections {
        let _ = write!(w.raw("<li><a href=\"#"), "{}", s.id);
        let _ = write!(w.raw("\">"), "{}", s.title);
        w.raw("</a></li>\n");
    }
    w.raw("</ol>\n</nav>\n<main>\n");
    for s in sections {
        let _ = write!(w.raw("<section id=\""), "{}", s.id);
        let _ = write!(w.raw("\">\n<h2>"), "{}", s.title);
        w.raw("</h2>\n");
        w.raw(&s.body);
        w.raw("</section>\n");
    }
    w.raw("</main>\n<footer>\n<p>Made by ecomap.");
    for n in notes {
        w.raw(" ");
        w.text(n);
        w.raw(".");
    }
    w.raw("</p>\n</footer>\n</body>\n</html>\n");
    w.finish()
}

const STYLE: &str = r#"
:root { --ink: #222; --muted: #666; --rule: #ccc; --band: #f4f4f4; --gap: #c0272d; --short: #b35806; --met: #1b7837; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink);
       line-height: 1.45; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 72rem; }
h1 { font-size: 1.7rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 1.8rem; }
nav.toc { background: var(--band); padding: 0.6rem 1.2rem; border-radius: 6px; }
nav.toc h2 { border: none; margin: 0.3rem 0; font-size: 1.1rem; }
nav.toc ol { margin: 0.3rem 0; }
a { color: #1f4e8c; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; width: 100%; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--band); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: var(--muted); }
.gap { color: var(--gap); font-weight: 600; }
.short { color: var(--short); font-weight: 600; }
.met { color: var(--met); }
td.cell-gap { background: #fbe3e4; }
td.cell-short { background: #fdebd3; }
td.cell-unknown { background: #eeeeee; }
td.cell-met { background: #e3f1e6; }
figure { margin: 1rem 0 2rem; break-inside: avoid; overflow-x: auto; }
figure svg { max-width: none; height: auto; display: block; margin: 0 auto; }
figcaption { font-weight: 600; margin-bottom: 0.4rem; }
ul.glance { font-size: 1.05rem; }
p.note { border-left: 4px solid var(--rule); padding-left: 0.8rem; color: var(--muted); }
footer { margin-top: 3rem; font-size: 0.85rem; color: var(--muted); border-top: 1px solid var(--rule); }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav.toc { break-after: page; background: none; }
  section { break-before: page; }
  h2, h3 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  figure { overflow: visible; }
  figure svg { max-width: 100%; max-height: 24cm; }
  a { color: inherit; text-decoration: none; }
  td.cell-gap, td.cell-short, td.cell-unknown, td.cell-met { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Places a renderer's SVG in the page: the XML prolog, doctype and comments go, ids get
/// `prefix` (so two diagrams' ids cannot clash), and anything that could run or fetch is refused.
pub fn inline_svg(svg: &str, prefix: &str) -> Option<String> {
    let start = svg.find("<svg")?;
    let body = &svg[start..];
    if !safe_markup(body) {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    // Drop comments.
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => return None,
        }
    }
    out.push_str(rest);
    let out = one_point_one_pixel(&out);
    let out = out
        .replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace("url(#", &format!("url(#{prefix}-"));
    Some(out.trim_end().to_owned() + "\n")
}

/// Graphviz gives the picture's size in points; read as pixels instead, the picture shows at
/// three quarters of its printed size, where 10-point labels are still easy to read on a laptop
/// (the figure scrolls sideways when wider than the page; print scales it to fit).
fn one_point_one_pixel(svg: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_owned();
    };
    let (tag, rest) = svg.split_at(end);
    let mut tag = tag.to_owned();
    for attr in ["width=\"", "height=\""] {
        if let Some(i) = tag.find(attr) {
            let start = i + attr.len();
            if let Some(len) = tag[start..].find('"') {
                let value = &tag[start..start + len];
                if let Some(number) = value.strip_suffix("pt") {
                    let number = number.to_owned();
                    tag.replace_range(start..start + len, &number);
                }
            }
        }
    }
    tag + rest
}

/// Whether SVG markup is free of anything that could run or fetch: no script, foreign object or
/// frame elements, no event attributes (`onload=`…), no `javascript:` anywhere. Text is not
/// looked at: renderers escape `<` and `"` in it, so every `<` starts a tag and every `"` in a
/// tag delimits a value.
fn safe_markup(svg: &str) -> bool {
    let lower = svg.to_ascii_lowercase();
    if lower.contains("javascript:") {
        return false;
    }
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
            .collect();
        if matches!(
            name.as_str(),
            "script" | "foreignobject" | "iframe" | "object" | "embed" | "image" | "use"
        ) && !tag.starts_with('/')
        {
            return false;
        }
        // Attribute names: what stands before each `=` outside quoted values.
        let unquoted: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        for part in unquoted.split('=') {
            let attr = part
                .trim_end()
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            if attr.starts_with("on") || attr.ends_with("href") && !attr.is_empty() {
                return false;
            }
        }
    }
    true
}

fn figure_html(w: &mut Out, f: &Figure) {
    w.raw("<figure>\n<figcaption>");
    w.text(&f.title);
    w.raw("</figcaption>\n");
    match &f.svg {
        Ok(svg) => {
            w.raw(svg);
        }
        Err(why) => {
            w.raw("<p class=\"note\">This diagram could not be drawn: ");
            w.text(why);
            w.raw("</p>\n");
        }
    }
    w.raw("</figure>\n");
}

/// A table: header cells (numeric ones right-aligned), then rows of cells already escaped.
fn table(w: &mut Out, header: &[(&str, bool)], rows: &[Vec<(String, &str)>]) {
    w.raw("<table>\n<thead><tr>");
    for (h, num) in header {
        w.raw(if *num { "<th class=\"num\">" } else { "<th>" });
        w.text(h);
        w.raw("</th>");
    }
    w.raw("</tr></thead>\n<tbody>\n");
    for row in rows {
        w.raw("<tr>");
        for (cell, class) in row {
            if class.is_empty() {
                w.raw("<td>");
            } else {
                let _ = write!(w.raw("<td class=\""), "{class}");
                w.raw("\">");
            }
            w.raw(cell);
            w.raw("</td>");
        }
        w.raw("</tr>\n");
    }
    w.raw("</tbody>\n</table>\n");
}

/// Escapes map text for a table cell.
fn esc(text: &str) -> String {
    super::escape::escaped::<Html>(text)
}

/// The area, what stands out (gaps, shortfalls, overlaps), what is on the map, and its sources.
pub fn summary_section(s: &Summary, marks: &Marks) -> Section {
    let cur = s.area.currency.as_str();
    let mut w = Out::new();
    w.raw("<p>");
    w.text(&s.area.name);
    if let Some(p) = &s.area.period {
        w.raw(", ");
        w.text(p);
    }
    w.raw(". ");
    if let Some(pop) = s.area.population {
        let _ = write!(w, "Population {}", people(pop.round() as u64));
        if let Some(wa) = s.area.working_age_population {
            let _ = write!(w, ", of working age {}", people(wa.round() as u64));
        }
        w.raw(". ");
    }
    let c = &s.counts;
    let _ = write!(
        w,
        "{} commissioners, {} providers, {} services, {} cohorts ({} people); {} a year in funding to services.",
        c.commissioners,
        c.providers,
        c.services,
        c.cohorts,
        people(c.people_in_cohorts),
        c.spend.display(cur)
    );
    w.raw("</p>\n<ul class=\"glance\">\n");
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let _ = write!(
        w.raw("<li><a href=\"#routes\">"),
        "{}",
        plural(
            marks.gaps.len(),
            "cohort-stage has no route to support",
            "cohort-stages have no route to support"
        )
    );
    let _ = write!(
        w.raw("</a></li>\n<li><a href=\"#coverage\">"),
        "{}",
        plural(
            marks.short.len(),
            "cohort-stage is short of places",
            "cohort-stages are short of places"
        )
    );
    let _ = write!(
        w.raw("</a></li>\n<li><a href=\"#overlaps\">"),
        "{}",
        plural(
            marks.overlaps.len(),
            "pair of services overlaps",
            "pairs of services overlap"
        )
    );
    w.raw("</a></li>\n</ul>\n<h3>Commissioners</h3>\n");
    let rows: Vec<Vec<(String, &str)>> = s
        .commissioners
        .iter()
        .map(|cm| {
            vec![
                (esc(&cm.name), ""),
                (esc(&cm.kind), ""),
                (esc(&ids(&cm.services)), ""),
                (esc(&cm.spend_on_services.display(cur).to_string()), "num"),
                (esc(&cm.passed_on.display(cur).to_string()), "num"),
                (esc(&cm.received.display(cur).to_string()), "num"),
            ]
        })
        .collect();
    table(
        &mut w,
        &[
            ("Commissioner", false),
            ("Kind", false),
            ("Services funded", false),
            ("To services", true),
            ("Passed on", true),
            ("Received", true),
        ],
        &rows,
    );
    w.raw("<h3>Services</h3>\n");
    let rows: Vec<Vec<(String, &str)>> = s
        .services
        .iter()
        .map(|sv| {
            vec![
                (esc(&sv.name), ""),
                (esc(&sv.model), ""),
                (esc(&ids(&sv.stages)), ""),
                (
                    esc(&sv.places.map_or_else(|| "unknown".to_owned(), people)),
                    "num",
                ),
                (esc(&sv.spend.display(cur).to_string()), "num"),
            ]
        })
        .collect();
    table(
        &mut w,
        &[
            ("Service", false),
            ("Model", false),
            ("Stages", false),
            ("Places a year", true),
            ("Funding a year", true),
        ],
        &rows,
    );
    w.raw("<h3>Cohorts</h3>\n");
    let rows: Vec<Vec<(String, &str)>> = s
        .cohorts
        .iter()
        .map(|ch| {
            let needs: Vec<String> = ch
                .needs
                .iter()
                .map(|n| format!("{} {}", n.stage, people(n.people)))
                .collect();
            vec![
                (esc(&ch.name), ""),
                (esc(&people(ch.size)), "num"),
                (esc(&needs.join(", ")), ""),
                (esc(&ids(&ch.enters_via)), ""),
            ]
        })
        .collect();
    table(
        &mut w,
        &[
            ("Cohort", false),
            ("People", true),
            ("Needs (people)", false),
            ("Enters via", false),
        ],
        &rows,
    );
    if !s.sources.is_empty() {
        w.raw("<h3>Sources</h3>\n<ul class=\"sources\">\n");
        for src in &s.sources {
            w.raw("<li>");
            w.text(&src.about);
            w.raw(": ");
            w.text(&src.source.citation);
            if let Some(u) = &src.source.url {
                // Shown as text, not a link: the page makes no requests and sends no one anywhere.
                w.raw(" &lt;");
                w.text(u);
                w.raw("&gt;");
            }
            if let Some(d) = &src.source.as_of {
                let _ = write!(w, " (as of {d})");
            }
            w.raw("</li>\n");
        }
        w.raw("</ul>\n");
    }
    Section {
        id: "summary",
        title: "Summary",
        body: w.finish(),
    }
}

fn ids(list: &[Id]) -> String {
    if list.is_empty() {
        return "–".to_owned();
    }
    list.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")
}

/// The whole-map diagrams.
pub fn diagrams_section(figures: &[Figure]) -> Section {
    let mut w = Out::new();
    w.raw("<p>Each diagram has a legend. Lines and shapes differ in style as well as colour, so the diagrams read in greyscale too.</p>\n");
    for f in figures {
        figure_html(&mut w, f);
    }
    Section {
        id: "diagrams",
        title: "Diagrams",
        body: w.finish(),
    }
}

/// Each cohort's routes to each stage it needs, the stages it has no route to, and its diagram
/// (`figures` in cohort order, as [`report`] draws them).
pub fn routes_section(eco: &Ecosystem, inputs: &DiagramInputs, figures: &[Figure]) -> Section {
    let m = &eco.map;
    let mut w = Out::new();
    let gaps = inputs.marks.gaps.len();
    let _ = write!(
        w.raw("<p>"),
        "{} cohort-stage{} with no route to support. ",
        gaps,
        if gaps == 1 { "" } else { "s" }
    );
    w.raw("A route starts where the cohort shows up, or at a service people can refer themselves to, and passes only through services the cohort is eligible for.</p>\n");
    for (ci, c) in m.cohorts.values().enumerate() {
        let _ = write!(w.raw("<h3 id=\"routes-"), "{ci}");
        w.raw("\">");
        w.text(&c.name);
        w.raw(" <span class=\"muted\">(");
        w.text(c.id.as_str());
        let _ = write!(w, ", {} people)", people(c.size));
        w.raw("</span></h3>\n");
        let rows: Vec<Vec<(String, &str)>> = inputs
            .routes
            .iter()
            .filter(|r| r.cohort == c.id)
            .map(|r| {
                let stage = m
                    .stages
                    .get(&r.stage)
                    .map_or(r.stage.as_str(), |s| s.name.as_str());
                let routes = if r.routes.is_empty() {
                    let kind = inputs
                        .marks
                        .gaps_of(&c.id)
                        .find(|g| g.stage == r.stage)
                        .map_or("no route", |g| g.kind.as_str());
                    (
                        format!("<span class=\"gap\">✗ {}</span>", esc(kind)),
                        "cell-gap",
                    )
                } else {
                    let list: Vec<String> = r
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
                };
                vec![(esc(stage), ""), (esc(&people(r.need)), "num"), routes]
            })
            .collect();
        table(
            &mut w,
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
        title: "Routes and gaps",
        body: w.finish(),
    }
}

/// Services offering the same stage to the same cohort, which it can reach.
pub fn overlaps_section(eco: &Ecosystem, overlaps: &[OverlapMark]) -> Section {
    let m = &eco.map;
    let mut w = Out::new();
    if overlaps.is_empty() {
        w.raw("<p>No two services offer the same stage to the same cohort.</p>\n");
    } else {
        let _ = write!(
            w.raw("<p>"),
            "{} pairs of services offer the same stage to the same cohort, and the cohort can reach both. Overlap is not always waste (choice, capacity): weigh each one.",
            overlaps.len()
        );
        w.raw("</p>\n");
        let rows: Vec<Vec<(String, &str)>> = overlaps
            .iter()
            .map(|o| {
                let shared: Vec<String> = o
                    .shared
                    .iter()
                    .map(|s| {
                        let mut t = format!("{}: {}", s.cohort, s.stage);
                        if s.accepted {
                            t.push_str(" (accepted)");
                        }
                        esc(&t)
                    })
                    .collect();
                vec![
                    (esc(m.name_of(o.services.0.as_str())), ""),
                    (esc(m.name_of(o.services.1.as_str())), ""),
                    (shared.join("<br>\n"), ""),
                ]
            })
            .collect();
        table(
            &mut w,
            &[
                ("Service", false),
                ("Service", false),
                ("Cohort: stage shared", false),
            ],
            &rows,
        );
    }
    Section {
        id: "overlaps",
        title: "Overlaps",
        body: w.finish(),
    }
}

/// Cohorts down, stages across: whether each cohort's need for each stage is met, short of
/// places, of unknown supply, or has no route. Stages in the order first needed.
pub fn coverage_section(eco: &Ecosystem, allocations: &[Allocation]) -> Section {
    let m = &eco.map;
    let mut stages: Vec<&Id> = Vec::new();
    for c in m.cohorts.values() {
        for s in c.needs.keys() {
            if !stages.contains(&s) {
                stages.push(s);
            }
        }
    }
    let mut w = Out::new();
    w.raw("<p>People needing each stage this year, and how many the places they can reach would serve. ✓ met · ! short of places · ? places unknown at a service on the cohort's routes · ✗ no route · – not needed.</p>\n");
    w.raw("<table class=\"coverage\">\n<thead><tr><th>Cohort</th>");
    for s in &stages {
        w.raw("<th>");
        w.text(m.stages.get(*s).map_or(s.as_str(), |st| st.id.as_str()));
        w.raw("</th>");
    }
    w.raw("</tr></thead>\n<tbody>\n");
    for c in m.cohorts.values() {
        w.raw("<tr><th>");
        w.text(&c.name);
        w.raw("</th>");
        for s in &stages {
            match allocations
                .iter()
                .find(|a| a.cohort == c.id && &a.stage == *s)
            {
                None => {
                    w.raw("<td class=\"muted\">–</td>");
                }
                Some(a) => {
                    let (class, text) = match a.supply {
                        Supply::Met => (
                            "cell-met",
                            format!("✓ {} of {}", people(a.served), people(a.need)),
                        ),
                        Supply::Short => (
                            "cell-short",
                            format!("! {} of {}", people(a.served), people(a.need)),
                        ),
                        Supply::Unknown => ("cell-unknown", format!("? {} need", people(a.need))),
                        Supply::NoRoute => ("cell-gap", format!("✗ {} need", people(a.need))),
                    };
                    let _ = write!(w.raw("<td class=\""), "{class}");
                    w.raw("\">");
                    w.text(&text);
                    w.raw("</td>");
                }
            }
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

/// Money from funders through commissioners and services to cohorts.
pub fn funding_section(eco: &Ecosystem, flows: &FundingFlows) -> Section {
    let m = &eco.map;
    let cur = m.currency();
    let name = |end: &FlowEnd| match end {
        FlowEnd::Commissioner(id) | FlowEnd::Service(id) | FlowEnd::Cohort(id) => {
            m.name_of(id.as_str()).to_owned()
        }
        FlowEnd::Unattributed => "no places taken up by any cohort on the map".to_owned(),
    };
    let mut w = Out::new();
    w.raw("<p>Per year. A service's money is shared between the cohorts it supports in proportion to the places each takes up.</p>\n");
    let groups = [
        (
            "Commissioners funding commissioners",
            Group::BetweenCommissioners,
        ),
        (
            "Commissioners funding services",
            Group::CommissionerToService,
        ),
        ("Services to cohorts", Group::ServiceToCohort),
    ];
    for (title, keep) in groups {
        let rows: Vec<Vec<(String, &str)>> = flows
            .flows
            .iter()
            .filter(|f| keep.holds(&f.from, &f.to))
            .map(|f| {
                vec![
                    (esc(&name(&f.from)), ""),
                    (esc(&name(&f.to)), ""),
                    (esc(&f.amount.display(cur).to_string()), "num"),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        w.raw("<h3>");
        w.text(title);
        w.raw("</h3>\n");
        table(
            &mut w,
            &[("From", false), ("To", false), ("Amount", true)],
            &rows,
        );
    }
    Section {
        id: "funding",
        title: "Funding flows",
        body: w.finish(),
    }
}

/// The groups of the funding tables.
#[derive(Clone, Copy)]
enum Group {
    BetweenCommissioners,
    CommissionerToService,
    ServiceToCohort,
}

impl Group {
    fn holds(self, from: &FlowEnd, to: &FlowEnd) -> bool {
        match self {
            Group::BetweenCommissioners => {
                matches!(
                    (from, to),
                    (FlowEnd::Commissioner(_), FlowEnd::Commissioner(_))
                )
            }
            Group::CommissionerToService => {
                matches!((from, to), (FlowEnd::Commissioner(_), FlowEnd::Service(_)))
            }
            Group::ServiceToCohort => matches!(from, FlowEnd::Service(_)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_svg_namespaces_ids_and_drops_prolog_and_comments() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg id=\"g\"><!-- a --><g id=\"n1\" clip-path=\"url(#c)\"><path marker-end=\"url(#m)\"/></g></svg>";
        assert_eq!(
            inline_svg(svg, "d1").as_deref(),
            Some(
                "<svg id=\"d1-g\"><g id=\"d1-n1\" clip-path=\"url(#d1-c)\"><path marker-end=\"url(#d1-m)\"/></g></svg>\n"
            )
        );
    }

    #[test]
    fn points_become_pixels_on_the_svg_element_only() {
        assert_eq!(
            one_point_one_pixel(
                "<svg width=\"100pt\" height=\"50.5pt\" viewBox=\"0 0 100 50\"><text width=\"3pt\"/></svg>"
            ),
            "<svg width=\"100\" height=\"50.5\" viewBox=\"0 0 100 50\"><text width=\"3pt\"/></svg>"
        );
        assert_eq!(
            one_point_one_pixel("<svg width=\"10\">"),
            "<svg width=\"10\">"
        );
    }

    #[test]
    fn inline_svg_refuses_what_could_run() {
        assert_eq!(inline_svg("<svg><script>x</script></svg>", "d"), None);
        assert_eq!(inline_svg("<svg onload=\"x\"></svg>", "d"), None);
        assert_eq!(
            inline_svg("<svg><a href=\"javascript:x\"/></svg>", "d"),
            None
        );
        assert_eq!(
            inline_svg("<svg><a xlink:href=\"https://x\"/></svg>", "d"),
            None
        );
        assert_eq!(inline_svg("<svg><image src=\"x\"/></svg>", "d"), None);
        // Escaped text is only text, and quoted values are only values.
        assert!(
            inline_svg(
                "<svg><text x=\"1\">&lt;img src=x onerror=alert(1)&gt; onload=</text></svg>",
                "d"
            )
            .is_some()
        );
        assert!(inline_svg("<svg><title a=\"onload=x\">t</title></svg>", "d").is_some());
    }

    #[test]
    fn page_escapes_titles_and_lists_sections() {
        let html = page(
            "<b>Area</b>",
            &[Section {
                id: "summary",
                title: "Summary",
                body: "<p>x</p>\n".into(),
            }],
            &["drawn by <x>".to_owned()],
        );
        assert!(html.contains("<title>&lt;b&gt;Area&lt;/b&gt;</title>"));
        assert!(html.contains("<li><a href=\"#summary\">Summary</a></li>"));
        assert!(html.contains("<section id=\"summary\">"));
        assert!(html.contains("drawn by &lt;x&gt;"));
    }
}
