//! Pictures of diagrams: SVG and PNG. Graphviz's `dot` program draws them when it is installed;
//! when it is not, a pure-Rust renderer built into ecomap (the layout-rs crate) draws SVG, so a
//! fresh machine still gets a picture. The result says which drew it.
//!
//! The built-in renderer is guarded: it panics on some inputs (an empty graph), flattens
//! clusters, and slows steeply with size (seconds at 100 nodes, nearly a minute at 300), so it is
//! given only diagrams up to [`BUILTIN_MAX_NODES`] nodes, run on its own thread with a time limit,
//! and a panic in it becomes an error naming the package to install. PNG needs Graphviz.
//!
//! This module runs a program and waits for it, and does nothing else: no printing, no files
//! left behind (the DOT goes through a temporary file removed on return).

use std::fmt;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use wait_timeout::ChildExt;

use super::dot::Diagram;

/// The most nodes the built-in renderer is given: above this it takes seconds to minutes.
pub const BUILTIN_MAX_NODES: usize = 100;

/// How long Graphviz may take on one diagram.
const GRAPHVIZ_TIME_LIMIT: Duration = Duration::from_secs(60);
/// How long the built-in renderer may take on one diagram.
const BUILTIN_TIME_LIMIT: Duration = Duration::from_secs(30);

/// What Graphviz is called on this system.
const DOT_PROGRAM: &str = "dot";

/// How to install Graphviz, for messages.
pub const INSTALL_GRAPHVIZ: &str = "install Graphviz: `apt-get install graphviz` (Debian, Ubuntu), `dnf install graphviz` (Fedora) or `brew install graphviz` (macOS)";

/// A picture format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureFormat {
    Svg,
    Png,
}

impl PictureFormat {
    fn graphviz_flag(self) -> &'static str {
        match self {
            PictureFormat::Svg => "-Tsvg",
            PictureFormat::Png => "-Tpng",
        }
    }

    fn name(self) -> &'static str {
        match self {
            PictureFormat::Svg => "SVG",
            PictureFormat::Png => "PNG",
        }
    }
}

/// Which renderer the user asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Renderer {
    /// Graphviz if installed, else the built-in renderer.
    #[default]
    Auto,
    /// Graphviz only.
    Graphviz,
    /// The built-in renderer only (SVG).
    Builtin,
}

/// Which renderer drew a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drawn {
    /// Graphviz, with its version line (`dot - graphviz version 2.43.0 (0)`).
    Graphviz { version: String },
    /// The built-in layout-rs renderer.
    Builtin,
}

impl fmt::Display for Drawn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drawn::Graphviz { version } => write!(f, "drawn by Graphviz ({version})"),
            Drawn::Builtin => write!(
                f,
                "drawn by the built-in renderer (layout-rs): providers are not framed, dotted \
                 lines are drawn solid and the layout is plainer; Graphviz draws the full \
                 picture ({INSTALL_GRAPHVIZ})"
            ),
        }
    }
}

/// A picture and what drew it.
#[derive(Debug, Clone)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub drawn: Drawn,
    /// What Graphviz said on standard error while drawing (warnings), if anything.
    pub warnings: String,
}

/// Why no picture could be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// Graphviz is needed (asked for, or for PNG) and not installed.
    GraphvizMissing { format: PictureFormat },
    /// The built-in renderer was asked for a format other than SVG.
    BuiltinSvgOnly { format: PictureFormat },
    /// The diagram is too large for the built-in renderer.
    TooLarge { nodes: usize },
    /// The built-in renderer panicked, failed or ran out of time.
    Builtin(String),
    /// Graphviz failed, or ran out of time.
    Graphviz(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::GraphvizMissing { format } => write!(
                f,
                "drawing {} needs Graphviz's `dot` program, which is not installed: {INSTALL_GRAPHVIZ}",
                format.name()
            ),
            RenderError::BuiltinSvgOnly { format } => write!(
                f,
                "the built-in renderer draws SVG only, not {}: use --renderer auto or graphviz ({INSTALL_GRAPHVIZ})",
                format.name()
            ),
            RenderError::TooLarge { nodes } => write!(
                f,
                "the diagram has {nodes} nodes, more than the built-in renderer draws in reasonable \
                 time ({BUILTIN_MAX_NODES}); {INSTALL_GRAPHVIZ}, or write --format dot and draw it elsewhere"
            ),
            RenderError::Builtin(why) => write!(
                f,
                "the built-in renderer could not draw this diagram ({why}); {INSTALL_GRAPHVIZ}"
            ),
            RenderError::Graphviz(why) => write!(f, "Graphviz could not draw the diagram: {why}"),
        }
    }
}

/// Draws a diagram as `format` with the renderer asked for.
pub fn render(
    diagram: &Diagram,
    format: PictureFormat,
    renderer: Renderer,
) -> Result<Picture, RenderError> {
    render_within(diagram, format, renderer, GRAPHVIZ_TIME_LIMIT)
}

/// [`render`], the renderer stopped after `limit` (and the built-in one after its own limit, if
/// that is sooner): for drawing many diagrams within one time budget.
pub fn render_within(
    diagram: &Diagram,
    format: PictureFormat,
    renderer: Renderer,
    limit: Duration,
) -> Result<Picture, RenderError> {
    let graphviz = match renderer {
        Renderer::Builtin => None,
        _ => graphviz_version(),
    };
    match (graphviz, renderer, format) {
        (Some(version), _, _) => {
            let (bytes, warnings) =
                run_dot_program(&diagram.to_dot(), &[format.graphviz_flag()], limit)?;
            Ok(Picture {
                bytes,
                drawn: Drawn::Graphviz { version },
                warnings,
            })
        }
        (None, Renderer::Builtin, PictureFormat::Png) => {
            Err(RenderError::BuiltinSvgOnly { format })
        }
        (None, Renderer::Graphviz, _) | (None, _, PictureFormat::Png) => {
            Err(RenderError::GraphvizMissing { format })
        }
        (None, _, PictureFormat::Svg) => Ok(Picture {
            bytes: builtin_svg_within(diagram, limit.min(BUILTIN_TIME_LIMIT))?.into_bytes(),
            drawn: Drawn::Builtin,
            warnings: String::new(),
        }),
    }
}

/// Graphviz's version line, if `dot` can be run.
pub fn graphviz_version() -> Option<String> {
    let out = Command::new(DOT_PROGRAM)
        .arg("-V")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    // `dot -V` writes its version to standard error.
    let text = String::from_utf8_lossy(if out.stderr.is_empty() {
        &out.stdout
    } else {
        &out.stderr
    })
    .trim()
    .to_owned();
    Some(text)
}

/// Runs Graphviz's `dot` with `args` on the DOT text, within `limit`.
pub fn run_dot_program(
    dot: &str,
    args: &[&str],
    limit: Duration,
) -> Result<(Vec<u8>, String), RenderError> {
    let fail = |why: String| RenderError::Graphviz(why);
    // The DOT goes to `dot` through a pipe, never a file: nothing of the map is left on disk,
    // however the run ends (an interrupted run once left a temporary `.dot` file behind).
    // Started so that a signal ending the run kills it too, never leaving it running alone.
    let mut child = crate::interrupt::spawn(
        Command::new(DOT_PROGRAM)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
    .map_err(|e| fail(format!("cannot run `dot` ({e}); {INSTALL_GRAPHVIZ}")))?;
    // Written on a thread of its own, so a large diagram never waits on `dot` reading it while
    // `dot` waits on us reading what it wrote. A `dot` stopped early closes the pipe; the write
    // then fails, and the result is `dot`'s.
    let stdin = child.stdin.take();
    let text = dot.to_owned();
    let in_writer = std::thread::spawn(move || {
        if let Some(mut pipe) = stdin {
            let _ = pipe.write_all(text.as_bytes());
        }
    });
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || read_all(stdout));
    let err_reader = std::thread::spawn(move || read_all(stderr));
    let status = child.wait_timeout(limit);
    if !matches!(status, Ok(Some(_))) {
        let _ = child.kill();
        let _ = child.wait();
    }
    crate::interrupt::waited(&child);
    let status = match status {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = in_writer.join();
            return Err(fail(format!(
                "it took longer than {} seconds and was stopped",
                limit.as_secs()
            )));
        }
        Err(e) => return Err(fail(format!("cannot wait for `dot`: {e}"))),
    };
    let _ = in_writer.join();
    let out = out_reader.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    if status.success() {
        Ok((out, err))
    } else {
        Err(fail(format!("{status}: {}", gist(&err))))
    }
}

/// The most of a message of Graphviz's that is shown: enough for its first error line.
const GIST_CHARS: usize = 200;

/// What Graphviz said when it failed, short enough to read in a note: its first error line (else
/// its first line), and how many more lines it wrote. On a large map it writes thousands of lines
/// of its internals.
fn gist(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let Some(first) = lines
        .iter()
        .find(|l| l.starts_with("Error"))
        .or(lines.first())
    else {
        return "it gave no reason".to_owned();
    };
    let mut out: String = first.chars().take(GIST_CHARS).collect();
    if first.chars().count() > GIST_CHARS {
        out.push('…');
    }
    match lines.len() - 1 {
        0 => {}
        1 => out.push_str(" (and 1 more line from Graphviz)"),
        more => out.push_str(&format!(" (and {more} more lines from Graphviz)")),
    }
    out
}

fn read_all(pipe: Option<impl Read>) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(mut p) = pipe {
        let _ = p.read_to_end(&mut buf);
    }
    buf
}

/// Draws SVG with the built-in renderer, guarded: refused above [`BUILTIN_MAX_NODES`] nodes or
/// with none, run on its own thread so a panic or a hang (beyond `limit`) becomes an error.
fn builtin_svg_within(diagram: &Diagram, limit: Duration) -> Result<String, RenderError> {
    let nodes = diagram.node_count();
    if nodes > BUILTIN_MAX_NODES {
        return Err(RenderError::TooLarge { nodes });
    }
    if nodes == 0 {
        // layout-rs panics on a graph with no nodes.
        return Err(RenderError::Builtin("the diagram is empty".into()));
    }
    let dot = diagram.to_dot_for_builtin();
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("layout-rs".into())
        .spawn(move || {
            let _ = tx.send(crate::guarded::run(|| layout_svg(&dot)));
        })
        .map_err(|e| RenderError::Builtin(format!("cannot start it: {e}")))?;
    match rx.recv_timeout(limit) {
        Ok(Some(result)) => {
            let _ = worker.join();
            result.map_err(RenderError::Builtin)
        }
        Ok(None) => {
            let _ = worker.join();
            Err(RenderError::Builtin(
                "it stopped with an internal error".into(),
            ))
        }
        // The thread is left to finish on its own: a running thread cannot be stopped.
        Err(_) => Err(RenderError::Builtin(format!(
            "it took longer than {} seconds",
            limit.as_secs()
        ))),
    }
}

fn layout_svg(dot: &str) -> Result<String, String> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};

    let mut parser = DotParser::new(dot);
    let graph = parser.process()?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut visual = builder.get();
    let mut svg = SVGWriter::new();
    visual.do_it(false, false, false, &mut svg);
    Ok(steady_styles(&svg.finalize()))
}

/// layout-rs writes its font classes from a hash map, in an order that changes run to run: sort
/// the lines of the `<style>` block so the same diagram always gives the same bytes.
fn steady_styles(svg: &str) -> String {
    let (Some(open), Some(close)) = (svg.find("<style>"), svg.find("</style>")) else {
        return svg.to_owned();
    };
    let start = open + "<style>".len();
    if close < start {
        return svg.to_owned();
    }
    let mut lines: Vec<&str> = svg[start..close]
        .lines()
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort_unstable();
    format!("{}\n{}\n{}", &svg[..start], lines.join("\n"), &svg[close..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::dot::{Attrs, look};

    #[test]
    fn a_failure_of_graphviz_is_told_by_its_first_error_and_a_count_of_the_rest() {
        // What Graphviz 2.43 wrote on a map of 5,600 services and cohorts, cut short: a warning,
        // the error, then lines of its internals. The note keeps the error line and counts the
        // other three lines.
        let said = "Warning: some nodes overlap\nError: trouble in init_rank\n\t%0 7\n\t%0 4\n";
        assert_eq!(
            gist(said),
            "Error: trouble in init_rank (and 3 more lines from Graphviz)"
        );
        // With no error line, the first line; a long line cut at 200 characters.
        let long = "x".repeat(250);
        assert_eq!(gist(&long), format!("{}…", "x".repeat(200)));
        assert_eq!(gist("Warning: one\n"), "Warning: one");
        assert_eq!(gist(" \n"), "it gave no reason");
    }

    #[test]
    fn builtin_refuses_empty_and_large_diagrams() {
        let empty = Diagram::new("g", Attrs::new());
        assert!(matches!(
            builtin_svg_within(&empty, BUILTIN_TIME_LIMIT),
            Err(RenderError::Builtin(_))
        ));
        let mut big = Diagram::new("g", Attrs::new());
        for i in 0..=BUILTIN_MAX_NODES {
            big.node(&format!("n{i}"), look::service().with("label", "x"));
        }
        let err = builtin_svg_within(&big, BUILTIN_TIME_LIMIT).expect_err("too large");
        assert_eq!(
            err,
            RenderError::TooLarge {
                nodes: BUILTIN_MAX_NODES + 1
            }
        );
        assert!(err.to_string().contains("apt-get install graphviz"));
    }

    #[test]
    fn the_builtin_renderer_makes_no_png() {
        let mut d = Diagram::new("g", Attrs::new());
        d.node("a", look::service().with("label", "a"));
        let err = render(&d, PictureFormat::Png, Renderer::Builtin).expect_err("SVG only");
        assert_eq!(
            err,
            RenderError::BuiltinSvgOnly {
                format: PictureFormat::Png
            }
        );
    }

    #[test]
    fn style_lines_are_sorted() {
        assert_eq!(
            steady_styles("<svg><style>\n.b { }\n.a { }\n</style><g/></svg>"),
            "<svg><style>\n.a { }\n.b { }\n</style><g/></svg>"
        );
        assert_eq!(steady_styles("<svg/>"), "<svg/>");
    }

    #[test]
    fn builtin_draws_escaped_text() {
        let mut d = Diagram::new("g", Attrs::new());
        d.node(
            "a",
            look::service().with("label", "<script>alert(1)</script> \"Zoë\""),
        );
        d.node("b", look::cohort().with("label", "b"));
        d.edge("a", "b", look::referral().with("label", "x & y"));
        let svg = builtin_svg_within(&d, BUILTIN_TIME_LIMIT).expect("draws");
        assert!(
            svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{svg}"
        );
        assert!(svg.contains("Zoë"));
        assert!(svg.contains("x &amp; y"));
        assert!(!svg.contains("<script"));
    }
}
