//! The HTML report: one self-contained page (styles inline, diagrams as inline SVG, no scripts,
//! no request to any network when opened), readable on a laptop and printable, with a table of
//! contents. Every text from the map goes through [`Escaping<Html>`].
//!
//! The page reads the analyses' own results ([`DiagramInputs`]: the gap report, funding, capacity
//! against benchmarks) and their own explanations, and diagrams drawn before it is written
//! ([`Figures`]: the command line draws them, within one time budget); it recomputes nothing and
//! runs no program. Each section is made by the module of its analysis: [`summary`] (the key numbers, and what is on the map), [`gaps`],
//! [`overlaps`], [`coverage`] (the cohort × stage table, and each cohort's routes), [`funding`],
//! [`capacity`], and last [`provenance`] (where the report comes from, and the references of the
//! source codes it cites); this module knows the page, its tables and how a diagram is placed in it.

mod capacity;
mod coverage;
mod funding;
mod gaps;
mod overlaps;
mod provenance;
mod summary;
pub mod svg_filter;

use std::fmt::Write;

use super::escape::{Escaping, Html, escaped};
use super::prose::{Piece, Prose};
use super::text::{people, plural};
use crate::analysis::coverage::CohortCoverage;
use crate::analysis::diagram::DiagramInputs;
use crate::analysis::provenance::Provenance;
use crate::graph::Ecosystem;

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

/// A diagram of the page: drawn, or why there is none.
#[derive(Debug, Clone)]
pub struct Figure {
    pub title: String,
    pub drawing: Drawing,
}

/// A diagram as placed in the page.
#[derive(Debug, Clone)]
pub enum Drawing {
    /// Inline SVG, ready to place in the page (through [`svg_filter`]).
    Svg(String),
    /// The renderer failed, or its drawing was refused: why.
    Failed(String),
    /// Not drawn, on purpose: why (too large to read on a page, or the time for drawing spent).
    LeftOut(String),
}

/// The diagrams of the page, drawn before the page is written: the whole-map diagrams, each
/// cohort's routes (in cohort order), and what the user should be told about how they were drawn.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub main: Vec<Figure>,
    pub routes: Vec<Figure>,
    /// Why there are no routes diagrams, when they are left out.
    pub routes_left_out: Option<String>,
    /// Which renderer drew the diagrams, and any diagram that could not be drawn.
    pub notes: Vec<String>,
}

/// The page of analyses already run and diagrams already drawn: summary, diagrams, gaps,
/// overlaps, coverage, routes, funding, capacity against benchmarks, what is on the map, the
/// provenance and the references. It computes nothing and runs nothing.
pub fn page_of(
    eco: &Ecosystem,
    inputs: &DiagramInputs,
    figures: &Figures,
    provenance: &Provenance,
) -> Report {
    let mut sections = vec![
        summary::section(eco, inputs),
        diagrams_section(&figures.main),
        gaps::section(eco, &inputs.report),
        overlaps::section(eco, &inputs.report.overlaps),
        coverage::section(&inputs.report.coverage),
        coverage::routes_section(
            eco,
            &inputs.report,
            &figures.routes,
            figures.routes_left_out.as_deref(),
        ),
        funding::section(eco, &inputs.report.funding),
        capacity::section(&inputs.report.capacity),
        summary::map_section(eco),
        provenance::section(provenance),
    ];
    if let Some(r) = provenance::references(provenance, &sections) {
        sections.push(r);
    }
    let title = format!("{}: employment support ecosystem", eco.map.area.name);
    Report {
        html: page(&title, &sections, &figures.notes),
        notes: figures.notes.clone(),
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
nav.toc ol { margin: 0.3rem 0; columns: 2; column-gap: 2rem; }
a { color: #1f4e8c; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; width: 100%; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--band); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
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
p.lead { font-size: 1.05rem; }
p.warning { border-left: 6px solid var(--short); background: #fdebd3; padding: 0.5rem 0.8rem; }
div.keys { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 0.7rem; margin: 1rem 0 1.2rem; }
a.key { display: block; border: 1px solid var(--rule); border-left: 6px solid var(--muted); border-radius: 6px;
        padding: 0.5rem 0.8rem; color: var(--ink); text-decoration: none; }
a.key .n { display: block; font-size: 1.7rem; font-weight: 700; line-height: 1.2; }
a.key .what { display: block; font-weight: 600; }
a.key .sub { display: block; color: var(--muted); font-size: 0.85rem; }
a.key.bad { border-left-color: var(--gap); }
a.key.warn { border-left-color: var(--short); }
a.key.ok { border-left-color: var(--met); }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em;
       background: var(--band); padding: 0 0.2em; border-radius: 3px; overflow-wrap: anywhere; }
td ul, td p { margin: 0.3rem 0 0; }
td ul { padding-left: 1.1rem; }
tr.accepted td, tr.needed td { color: var(--muted); }
dl.kinds { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.kinds dt { font-weight: 600; }
dl.kinds dd { margin: 0; }
table.working { width: auto; min-width: 60%; }
table.gaps td:last-child, table.funding-unreached td:last-child { width: 22%; }
table.overlaps th:nth-child(2) { width: 20%; }
table.overlaps th:nth-child(7) { width: 27%; }
table.overlaps th:last-child { width: 10rem; }
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
  nav.toc ol { columns: 1; }
  a.key { break-inside: avoid; }
  td.cell-gap, td.cell-short, td.cell-unknown, td.cell-met { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

fn figure_html(w: &mut Out, f: &Figure) {
    w.raw("<figure>\n<figcaption>");
    w.text(&f.title);
    w.raw("</figcaption>\n");
    match &f.drawing {
        Drawing::Svg(svg) => {
            w.raw(svg);
        }
        Drawing::Failed(why) => {
            w.raw("<p class=\"note\">This diagram could not be drawn: ");
            w.text(why);
            w.raw("</p>\n");
        }
        Drawing::LeftOut(why) => {
            w.raw("<p class=\"note\">This diagram is left out: ");
            w.text(why);
            w.raw("</p>\n");
        }
    }
    w.raw("</figure>\n");
}

/// A table cell: its HTML (already escaped) and its class (empty for none).
type Cell = (String, &'static str);

/// A table of `class` (for styles and tests): header cells (numeric ones right-aligned), then
/// rows of cells.
fn table(w: &mut Out, class: &str, header: &[(&str, bool)], rows: &[Vec<Cell>]) {
    let _ = write!(w.raw("<table class=\""), "{class}");
    w.raw("\">\n<thead><tr>");
    for (h, num) in header {
        w.raw(if *num { "<th class=\"num\">" } else { "<th>" });
        w.text(h);
        w.raw("</th>");
    }
    w.raw("</tr></thead>\n<tbody>\n");
    for row in rows {
        row_html(w, "", row);
    }
    w.raw("</tbody>\n</table>\n");
}

/// One row of a table body, with a class for the row (empty for none).
fn row_html(w: &mut Out, class: &str, row: &[Cell]) {
    if class.is_empty() {
        w.raw("<tr>");
    } else {
        let _ = write!(w.raw("<tr class=\""), "{class}");
        w.raw("\">");
    }
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

/// Escapes text for the page.
/// The rest of a cohort's heading, after `<h3…>`: its name, then its id and size, muted.
fn cohort_heading(w: &mut Out, c: &CohortCoverage) {
    w.text(&c.name);
    w.raw(" <span class=\"muted\">(");
    w.text(c.cohort.as_str());
    let _ = write!(w, ", {} people)", people(c.size));
    w.raw("</span></h3>\n");
}

fn esc(text: &str) -> String {
    escaped::<Html>(text)
}

/// A cell of text.
fn cell(text: &str) -> Cell {
    (esc(text), "")
}

/// A right-aligned cell of a number or an amount.
fn num(text: &str) -> Cell {
    (esc(text), "num")
}

/// A sentence from an analysis, escaped: the ids it quotes ([`crate::quote`]: `` `ips` ``)
/// become code. A sentence with a backtick that nothing closes is escaped whole.
fn prose(text: &str) -> String {
    let Some(spans) = crate::quote::spans(text) else {
        return esc(text);
    };
    let mut out = String::with_capacity(text.len());
    for (quoted, part) in spans {
        if quoted {
            out.push_str("<code>");
            out.push_str(&esc(part));
            out.push_str("</code>");
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

/// [`Prose`] for the page: words escaped, ids as code.
fn prose_html(p: &Prose) -> String {
    let mut out = String::new();
    for piece in p.pieces() {
        match piece {
            Piece::Text(t) => out.push_str(&esc(t)),
            Piece::Id(id) => {
                out.push_str("<code>");
                out.push_str(&esc(id));
                out.push_str("</code>");
            }
        }
    }
    out
}

/// Sentences as a list, each through [`prose_html`].
fn prose_list(items: &[Prose]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul>");
    for i in items {
        out.push_str("<li>");
        out.push_str(&prose_html(i));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// The whole-map diagrams.
fn diagrams_section(figures: &[Figure]) -> Section {
    let mut w = Out::new();
    w.raw("<p>Each diagram has a legend. Lines and shapes differ in style as well as colour, so the diagrams read in greyscale too. Each cohort's own routes are drawn in <a href=\"#routes\">Routes by cohort</a>.</p>\n");
    for f in figures {
        figure_html(&mut w, f);
    }
    Section {
        id: "diagrams",
        title: "Diagrams",
        body: w.finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_makes_quoted_ids_code_and_escapes_everything() {
        assert_eq!(
            prose("add `eip` to `ips`'s referral.from"),
            "add <code>eip</code> to <code>ips</code>&#39;s referral.from"
        );
        // Inside code too, markup is text.
        assert_eq!(
            prose("`<img src=x>` & <b>"),
            "<code>&lt;img src=x&gt;</code> &amp; &lt;b&gt;"
        );
        // An odd backtick: no code, all escaped.
        assert_eq!(prose("a `b <c>"), "a `b &lt;c&gt;");
        assert_eq!(prose_list(&[]), "");
        assert_eq!(
            prose_list(&[Prose::id("<x>"), Prose::text("y & z")]),
            "<ul><li><code>&lt;x&gt;</code></li><li>y &amp; z</li></ul>"
        );
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
