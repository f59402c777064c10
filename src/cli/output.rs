//! Where output goes and how failures end a command: options checked once, diagnostics printed,
//! files written whole or not at all, inputs never touched.

// The one module that prints to the terminal.
#![allow(clippy::disallowed_macros)]

use std::cell::{Cell, RefCell};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::{Cli, ColorChoice, Format};
use super::exit;
use super::outfile::Output;
use crate::benchmarks::{self, Benchmarks, Override, OverrideFrom};
use crate::diag::{Diagnostics, Severity, json::to_json, render::render};
use crate::graph::Ecosystem;
use crate::load::{self, Sources};
use crate::validate::{self, Options};
use crate::visible::{json_safe, visible, visible_inline};

/// The options of a run, validated.
pub(super) struct Session {
    pub(super) format: Option<Format>,
    /// The format the command writes, once [`Session::format`] has settled it.
    chosen: Cell<Option<Format>>,
    /// `-o FILE`, checked and with its temporary file made; taken when the output is written.
    output: RefCell<Option<Output>>,
    /// Every file this run has read: `-o` never writes over one of them.
    inputs: RefCell<Vec<PathBuf>>,
    /// How much a map may be (`--max-file-size`, `--max-map-size`).
    limits: load::Limits,
    pub(super) color_err: bool,
    pub(super) strict: bool,
    pub(super) deny_warnings: bool,
    /// `--benchmarks FILE`: overrides of the benchmark table.
    pub(super) benchmarks: Option<PathBuf>,
}

/// Why a command stopped.
pub(super) enum Failure {
    /// A file could not be read or written.
    Io(load::Error),
    /// The user asked for something the command cannot do.
    Usage(String),
    /// The output could not be written: the whole message.
    Write(String),
    /// The map has errors; they have been printed.
    Map,
}

impl From<load::Error> for Failure {
    fn from(e: load::Error) -> Failure {
        Failure::Io(e)
    }
}

impl Failure {
    pub(super) fn report(self, session: Option<&Session>) -> ExitCode {
        let color = session.is_some_and(|s| s.color_err);
        let prefix = if color {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        match self {
            Failure::Io(e) => {
                eprintln!("{prefix}: {}", visible_inline(&e.to_string()));
                ExitCode::from(exit::USAGE)
            }
            Failure::Usage(m) | Failure::Write(m) => {
                eprintln!("{prefix}: {}", visible_inline(&m));
                ExitCode::from(exit::USAGE)
            }
            Failure::Map => ExitCode::from(exit::MAP),
        }
    }
}

fn wants_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// A map that passed validation (its warnings already printed).
pub(super) struct Loaded {
    pub(super) eco: Ecosystem,
    /// Warnings validation found (printed already); `check --fail-on warnings` reads the count.
    pub(super) warnings: usize,
}

impl Session {
    pub(super) fn new(cli: &Cli) -> Result<Session, Failure> {
        let g = &cli.global;
        let output = g
            .output
            .as_deref()
            .map(|p| Output::prepare(p, g.force))
            .transpose()
            .map_err(Failure::Write)?;
        Ok(Session {
            format: g.format,
            chosen: Cell::new(None),
            output: RefCell::new(output),
            inputs: RefCell::new(Vec::new()),
            limits: load::Limits {
                file_bytes: g.max_file_size,
                map_bytes: g.max_map_size,
            },
            color_err: wants_color(g.color, std::io::stderr().is_terminal()),
            strict: g.strict,
            deny_warnings: g.deny.as_deref() == Some("warnings"),
            benchmarks: g.benchmarks.clone(),
        })
    }

    /// The format asked for, checked against what the command can write.
    pub(super) fn format(&self, command: &str, allowed: &[Format]) -> Result<Format, Failure> {
        let f = self.format.unwrap_or(allowed[0]);
        if allowed.contains(&f) {
            self.chosen.set(Some(f));
            Ok(f)
        } else {
            let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
            Err(Failure::Usage(format!(
                "`ecomap {command}` cannot write --format {}: it writes {}",
                f.name(),
                names.join(", ")
            )))
        }
    }

    /// Reads, parses and validates a map. Prints its diagnostics to the terminal; with
    /// `--format json` a map with errors prints them as JSON on standard output instead of the
    /// command's output. A map that fails is never analysed, and `-o FILE` is left untouched.
    pub(super) fn load(&self, path: &Path) -> Result<Loaded, Failure> {
        let (sources, diagnostics, map) = self.validate(path)?;
        let failed = diagnostics.has_errors()
            || (self.deny_warnings && diagnostics.count(Severity::Warning) > 0);
        if failed && self.format == Some(Format::Json) {
            stdout(json_safe(&diagnostics_json(&diagnostics, &sources, path)).as_bytes())?;
            return Err(Failure::Map);
        }
        if self.format != Some(Format::Json) && !diagnostics.0.is_empty() {
            self.print_diagnostics(&diagnostics, &sources);
            eprintln!("{}", summary_line(&diagnostics, path, None));
        }
        match map {
            Some(map) if !failed => Ok(Loaded {
                eco: Ecosystem::new(map),
                warnings: diagnostics.count(Severity::Warning),
            }),
            _ => Err(Failure::Map),
        }
    }

    /// The benchmark table in force: built in, then the map's `benchmarks:`, then `--benchmarks
    /// FILE`. An override that cannot be taken (an unknown id, a value out of range) is a map
    /// error, printed with its location; the command then stops.
    pub(super) fn benchmarks(
        &self,
        map: Option<&crate::model::Map>,
        path: &Path,
    ) -> Result<Benchmarks, Failure> {
        let mut sources = map.map(|m| m.sources.clone()).unwrap_or_default();
        sources.limits = self.limits;
        let mut diagnostics = Diagnostics::default();
        let mut file = Vec::new();
        if let Some(p) = &self.benchmarks {
            self.inputs.borrow_mut().push(p.clone());
            let (read, d) = load::read_benchmark_overrides(p, &mut sources)?;
            diagnostics.0.extend(d.0);
            file = read
                .into_iter()
                .map(|(id, value, id_span, span)| Override {
                    id,
                    value,
                    span,
                    id_span,
                    from: OverrideFrom::File,
                })
                .collect();
        }
        let (table, d) = benchmarks::resolve(map, &file);
        diagnostics.0.extend(d.0);
        if diagnostics.0.is_empty() {
            return Ok(table);
        }
        diagnostics.sort();
        if self.format == Some(Format::Json) {
            stdout(json_safe(&diagnostics_json(&diagnostics, &sources, path)).as_bytes())?;
        } else {
            self.print_diagnostics(&diagnostics, &sources);
            eprintln!("{}", summary_line(&diagnostics, path, None));
        }
        Err(Failure::Map)
    }

    /// Reads, parses and validates; the map only if it has no errors.
    pub(super) fn validate(
        &self,
        path: &Path,
    ) -> Result<(Sources, Diagnostics, Option<crate::model::Map>), Failure> {
        let sources = load::read_within(path, self.limits)?;
        self.inputs
            .borrow_mut()
            .extend(sources.files().iter().filter_map(|f| f.path.clone()));
        let (map, diagnostics) = validate::check(
            &sources,
            Options {
                strict: self.strict,
            },
        );
        Ok((sources, diagnostics, map))
    }

    /// Renders every diagnostic to standard error.
    pub(super) fn print_diagnostics(&self, diagnostics: &Diagnostics, sources: &Sources) {
        eprint!("{}", render(&diagnostics.0, sources, self.color_err));
    }

    /// Tells the user something about how the output was made, on standard error.
    pub(super) fn note(&self, message: &str) {
        eprintln!("note: {}", visible_inline(message));
    }

    /// Writes the output: to `-o FILE` through its temporary file renamed into place (so a
    /// failed run leaves no partial file, and no file this run read is written over), or to
    /// standard output.
    pub(super) fn emit(&self, bytes: &[u8]) -> Result<(), Failure> {
        let output = self.output.borrow_mut().take();
        let terminal = output.is_none() && std::io::stdout().is_terminal();
        let safe = self.for_people(bytes, terminal);
        let bytes: &[u8] = &safe;
        let Some(output) = output else {
            return stdout(bytes);
        };
        if output.is_one_of(&self.inputs.borrow()) {
            return Err(Failure::Usage(format!(
                "{} is a file this run reads (the map, or --benchmarks FILE): ecomap never writes over its input",
                output.given().display()
            )));
        }
        output.write(bytes).map_err(Failure::Write)
    }
}

impl Session {
    /// The output with text from the map made safe to read: JSON with its hidden characters as
    /// JSON escapes, text and Markdown with them visible; CSV, DOT, SVG and HTML (which escape for
    /// their own readers) only when they go to a terminal; PNG never.
    fn for_people<'b>(&self, bytes: &'b [u8], terminal: bool) -> std::borrow::Cow<'b, [u8]> {
        use std::borrow::Cow;
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Cow::Borrowed(bytes);
        };
        let made = match self.chosen.get().or(self.format) {
            Some(Format::Png) => return Cow::Borrowed(bytes),
            Some(Format::Json) => json_safe(text),
            None | Some(Format::Text | Format::Markdown) => visible(text),
            Some(_) if terminal => visible(text),
            Some(_) => return Cow::Borrowed(bytes),
        };
        match made {
            Cow::Borrowed(_) => Cow::Borrowed(bytes),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        }
    }
}

/// Writes `bytes` to standard output; a closed pipe (`ecomap … | head`) is not an error.
fn stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .or_else(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Ok(())
            } else {
                Err(e)
            }
        })
        .map_err(|e| {
            Failure::Io(load::Error {
                path: "standard output".into(),
                kind: load::ErrorKind::Write(e),
            })
        })
}

/// "maps/riverside: 2 errors, 1 warning", or with a verdict "maps/riverside: valid, 0 errors, 1 warning".
pub(super) fn summary_line(
    diagnostics: &Diagnostics,
    path: &Path,
    verdict: Option<&str>,
) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let verdict = verdict.map(|v| format!("{v}, ")).unwrap_or_default();
    format!(
        "{}: {verdict}{}, {}",
        visible_inline(&path.display().to_string()),
        plural(diagnostics.count(Severity::Error), "error"),
        plural(diagnostics.count(Severity::Warning), "warning")
    )
}

/// The diagnostics document of `--format json`.
pub(super) fn diagnostics_json(
    diagnostics: &Diagnostics,
    sources: &Sources,
    path: &Path,
) -> String {
    let doc = serde_json::json!({
        "type": "diagnostics",
        "version": crate::export::json::VERSION,
        "map": path.display().to_string(),
        "errors": diagnostics.count(Severity::Error),
        "warnings": diagnostics.count(Severity::Warning),
        "diagnostics": diagnostics.0.iter().map(|d| to_json(d, sources)).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
