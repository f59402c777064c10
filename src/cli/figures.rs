//! The diagrams of the HTML report, drawn before the page is written: the whole-map diagrams and
//! each cohort's routes, as DOT (`export::dot`), drawn by a renderer (`export::picture`), let into
//! the page only through its SVG filter (`export::html::svg_filter`).
//!
//! Drawing is bounded, so a large map cannot stall the report:
//! - one time budget, [`DRAWING_BUDGET`], for all the report's drawing together: each diagram is
//!   given what is left of it, and once it is spent the rest are left out;
//! - above [`PAGE_MAX_NODES`] services and cohorts, a diagram cannot be read on a page: only the
//!   overview (the delivery ecosystem) is drawn, and the page says what was left out;
//! - above [`OVERVIEW_MAX_NODES`], the overview too is left out: no renderer lays it out in
//!   reasonable time, and the page says so;
//! - above [`MAX_ROUTE_FIGURES`] cohorts, no cohort's routes are drawn (their tables stay).
//!
//! Every bundled map is far below these, and draws as before.

use std::time::{Duration, Instant};

use crate::analysis::diagram::DiagramInputs;
use crate::export::dot::{self, View};
use crate::export::html::{Drawing, Figure, Figures, svg_filter};
use crate::export::picture::{self, PictureFormat, Renderer};
use crate::graph::Ecosystem;

/// How long all the diagrams of one report may take to draw, together.
pub const DRAWING_BUDGET: Duration = Duration::from_secs(120);
/// Above this many services and cohorts together, only the overview is drawn.
pub const PAGE_MAX_NODES: usize = 400;
/// Above this many services and cohorts together, the overview is left out too. Graphviz (2.43)
/// laid out the overview of a generated map of 1,900 in about 12 seconds, and of one of 5,600 ran
/// for 80 seconds and failed ("trouble in init_rank"): above this a page would wait for a
/// drawing no one can read, if it came at all.
pub const OVERVIEW_MAX_NODES: usize = 2_500;
/// Above this many cohorts, their routes diagrams are left out.
pub const MAX_ROUTE_FIGURES: usize = 60;

/// Draws the report's diagrams with `renderer`, within [`DRAWING_BUDGET`].
pub fn draw(eco: &Ecosystem, inputs: &DiagramInputs, renderer: Renderer) -> Figures {
    let mut drawer = Drawer {
        eco,
        inputs,
        renderer,
        deadline: Instant::now() + DRAWING_BUDGET,
        counter: 0,
        notes: Vec::new(),
    };
    let size = eco.map.services.len() + eco.map.cohorts.len();
    let too_large = (size > PAGE_MAX_NODES).then(|| {
        format!(
            "the map has {size} services and cohorts, more than a diagram on a page can show (at most {PAGE_MAX_NODES}); `ecomap dot` draws it on its own"
        )
    });
    if let Some(why) = &too_large {
        drawer
            .notes
            .push(format!("Funding and overlap diagrams left out: {why}"));
    }
    let overview_left_out = (size > OVERVIEW_MAX_NODES).then(|| {
        format!(
            "the map has {size} services and cohorts, more than one diagram can be laid out in reasonable time (at most {OVERVIEW_MAX_NODES}); `ecomap dot` writes it as DOT, to draw elsewhere"
        )
    });
    if let Some(why) = &overview_left_out {
        drawer.notes.push(format!("The overview left out: {why}"));
    }
    let main = vec![
        drawer.figure(
            "The delivery ecosystem".into(),
            View::Ecosystem,
            overview_left_out,
        ),
        drawer.figure(
            "Where the money goes".into(),
            View::Funding,
            too_large.clone(),
        ),
        drawer.figure(
            "Services that overlap".into(),
            View::Overlap,
            too_large.clone(),
        ),
    ];
    let cohorts = eco.map.cohorts.len();
    let routes_left_out = too_large.or_else(|| {
        (cohorts > MAX_ROUTE_FIGURES).then(|| {
            format!(
                "the map has {cohorts} cohorts, more routes diagrams than a page can hold (at most {MAX_ROUTE_FIGURES}); `ecomap dot --view routes --cohort ID` draws one"
            )
        })
    });
    if let Some(why) = &routes_left_out {
        drawer
            .notes
            .push(format!("Routes diagrams left out: {why}"));
    }
    let routes = match &routes_left_out {
        Some(_) => Vec::new(),
        None => eco
            .map
            .cohorts
            .values()
            .enumerate()
            .map(|(i, c)| {
                drawer.figure(
                    format!("Routes: {}", c.name),
                    View::Routes { cohort: i },
                    None,
                )
            })
            .collect(),
    };
    Figures {
        main,
        routes,
        routes_left_out,
        notes: drawer.notes,
    }
}

/// Draws one figure after another against one deadline.
struct Drawer<'a> {
    eco: &'a Ecosystem,
    inputs: &'a DiagramInputs,
    renderer: Renderer,
    deadline: Instant,
    /// Figures drawn so far: each drawing's ids are made unique in the page with it.
    counter: usize,
    notes: Vec<String>,
}

impl Drawer<'_> {
    /// The figure of `view`, or left out for `left_out`, or because the budget is spent.
    fn figure(&mut self, title: String, view: View, left_out: Option<String>) -> Figure {
        self.counter += 1;
        let left = self.deadline.saturating_duration_since(Instant::now());
        let drawing = match left_out {
            Some(why) => Drawing::LeftOut(why),
            None if left.is_zero() => {
                let why = format!(
                    "the report's time for drawing ({} seconds for all its diagrams) was spent",
                    DRAWING_BUDGET.as_secs()
                );
                self.notes.push(format!("{title}: left out: {why}"));
                Drawing::LeftOut(why)
            }
            None => self.draw(&title, &view, left),
        };
        Figure { title, drawing }
    }

    fn draw(&mut self, title: &str, view: &View, left: Duration) -> Drawing {
        let d = dot::draw(self.eco, self.inputs, view);
        let svg = match picture::render_within(&d, PictureFormat::Svg, self.renderer, left) {
            Ok(p) => {
                let note = p.drawn.to_string();
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
                svg_filter::inline_svg(
                    &String::from_utf8_lossy(&p.bytes),
                    &format!("d{}", self.counter),
                )
            }
            Err(e) => Err(e.to_string()),
        };
        match svg {
            Ok(svg) => Drawing::Svg(svg),
            Err(why) => {
                self.notes.push(format!("{title}: {why}"));
                Drawing::Failed(why)
            }
        }
    }
}
