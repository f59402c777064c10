//! Where output goes and how failures end a command: options checked once, diagnostics printed,
//! files written whole or not at all, inputs never touched.

// The one module that prints to the terminal.
#![allow(clippy::disallowed_macros)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use super::args::{Cli, ColorChoice, Command, ExportCommand, Format, GenerateArgs, Named};
use super::exit;
use super::outfile::Output;
use crate::benchmarks::{self, Benchmarks, Override, OverrideFrom};
use crate::diag::{Diagnostics, Severity, render::render};
use crate::export::json;
use crate::graph::Ecosystem;
use crate::load::{self, Sources};
use crate::validate::{self, Options};
use crate::visible::{json_safe, visible, visible_inline};

/// The options of a run, validated.
pub(super) struct Session {
    pub(super) format: Option<Format>,
    /// The format the command writes, once [`Session::format`] has settled it.
    chosen: Mutex<Option<Format>>,
    /// `-o`: a file, or for the commands that write several files, their folder; `None` for
    /// standard output (no `-o`, or `-o -`).
    pub(super) output: Option<PathBuf>,
    /// What the ending of `-o FILE`'s name says it holds, for a command that writes one file.
    named: Option<Named>,
    /// `-o FILE`, checked and with its temporary file made before the work starts; taken when
    /// the output is written.
    prepared: Mutex<Option<Output>>,
    /// Every file this run has read: `-o` never writes over one of them.
    inputs: Mutex<Vec<PathBuf>>,
    /// How much a map may be (`--max-file-size`, `--max-map-size`).
    pub(super) limits: load::Limits,
    pub(super) color_err: bool,
    pub(super) strict: bool,
    pub(super) deny_warnings: bool,
    /// `--benchmarks FILE`: overrides of the benchmark table.
    pub(super) benchmarks: Option<PathBuf>,
    /// `--force`: an output file may be read-only.
    force: bool,
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

/// Whether diagnostics on standard error are coloured: `--color always` or `never`, or for `auto`
/// as anstream decides for the stream (a terminal; `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and
/// `TERM=dumb` respected).
fn wants_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
        }
    }
}

/// A map that passed validation (its warnings already printed).
pub(super) struct Loaded {
    pub(super) eco: Ecosystem,
    /// Warnings validation found (printed already); `check --fail-on warnings` reads the count.
    pub(super) warnings: usize,
}

/// What a command would have printed, held back: diagnostics for standard error, and with
/// `--format json` the diagnostics document for standard output.
#[derive(Debug, Default)]
pub(super) struct Told {
    pub(super) stderr: String,
    pub(super) stdout: String,
    /// The map's one-line count of its diagnostics (`map.yaml: 0 errors, 3 warnings`), also the
    /// last line of `stderr`; empty when it has none.
    pub(super) summary: String,
}

impl Told {
    /// Prints only the count of the map's diagnostics, for a command reading many maps whose
    /// warnings would bury its output (`compare` of a folder of generated maps).
    pub(super) fn tell_count(&self) {
        eprint!("{}", self.summary);
    }

    /// Prints it: standard error first, then standard output.
    pub(super) fn tell(&self) -> Result<(), Failure> {
        eprint!("{}", self.stderr);
        if self.stdout.is_empty() {
            Ok(())
        } else {
            stdout(|w| w.write_all(self.stdout.as_bytes()))
        }
    }
}

impl Session {
    pub(super) fn new(cli: &Cli) -> Result<Session, Failure> {
        let g = &cli.global;
        let output = output_path(g.output.as_deref(), &cli.command)?;
        // Prose wraps to the terminal it is read in; a file or a pipe gets the same bytes anywhere.
        if output.is_none() && std::io::stdout().is_terminal() {
            let columns = terminal_size::terminal_size().map(|(w, _)| w.0);
            crate::export::text::set_wrap_width(crate::export::text::width_for(columns));
        }
        let one_file = output.as_deref().filter(|_| !writes_folder(&cli.command));
        let prepared = match one_file {
            Some(p) => Some(Output::prepare(p, g.force).map_err(Failure::Write)?),
            None => None,
        };
        Ok(Session {
            format: g.format,
            chosen: Mutex::new(None),
            named: one_file.and_then(Named::by_extension),
            output,
            prepared: Mutex::new(prepared),
            inputs: Mutex::new(Vec::new()),
            limits: load::Limits {
                file_bytes: g.max_file_size,
                map_bytes: g.max_map_size,
            },
            color_err: wants_color(g.color),
            strict: g.strict,
            deny_warnings: g.deny.as_deref() == Some("warnings"),
            benchmarks: g.benchmarks.clone(),
            force: g.force,
        })
    }

    /// The format the command writes: `--format`, else the one the ending of `-o FILE`'s name
    /// names, else the command's first; checked against what the command can write, and against
    /// the name's ending, so that a file is never written in a format its name belies. What each
    /// command writes is `args::formats`.
    pub(super) fn format(&self, command: &str) -> Result<Format, Failure> {
        let allowed = super::args::formats(command);
        let Some(&default) = allowed.first() else {
            return Err(Failure::Usage(format!(
                "`ecomap {command}` has no formats to choose from"
            )));
        };
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        let writes = names.join(", ");
        let f = match (self.format, self.named) {
            (Some(f), Some(named)) if named != Named::Format(f) => {
                return Err(Failure::Usage(format!(
                    "--format {} and the name {} disagree: {}; change one or the other (without --format, the name's ending chooses the format)",
                    f.name(),
                    self.given_output(),
                    self.named_holds(named),
                )));
            }
            (Some(f), _) => f,
            (None, Some(Named::Format(f))) if allowed.contains(&f) => f,
            (None, Some(named)) => {
                return Err(Failure::Usage(format!(
                    "`ecomap {command}` cannot write {}: {}, and it writes {writes}; name the file {}",
                    self.given_output(),
                    self.named_holds(named),
                    endings(allowed),
                )));
            }
            (None, None) => default,
        };
        if !allowed.contains(&f) {
            return Err(Failure::Usage(format!(
                "`ecomap {command}` cannot write --format {}: it writes {writes}",
                f.name(),
            )));
        }
        *lock(&self.chosen) = Some(f);
        Ok(f)
    }

    /// For a command that writes one kind of file only (`what`, such as "YAML maps", in a file
    /// named `ending`, and readable as any of `fits`): refused when the ending of `-o FILE`'s name
    /// names a format it does not write.
    pub(super) fn one_kind(
        &self,
        command: &str,
        (what, ending): (&str, &str),
        fits: &[Format],
    ) -> Result<(), Failure> {
        match self.named {
            Some(Named::Format(f)) if fits.contains(&f) => Ok(()),
            Some(named) => Err(Failure::Usage(format!(
                "`ecomap {command}` cannot write {}: {}, and it writes {what} only; name the file {ending}",
                self.given_output(),
                self.named_holds(named),
            ))),
            None => Ok(()),
        }
    }

    /// `-o FILE` as given, for messages.
    fn given_output(&self) -> String {
        (self.output.as_deref())
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }

    /// What a file named so holds, in words: "a .png file holds a PNG picture".
    fn named_holds(&self, named: Named) -> String {
        let ending = (self.output.as_deref())
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        let holds = match named {
            Named::Format(f) => f.in_words().to_owned(),
            Named::Unwritten(what) => format!("{what}, which ecomap does not write"),
        };
        format!("a .{ending} file holds {holds}")
    }

    /// Whether the command writes JSON: `--format json`, or a format settled as JSON.
    fn writes_json(&self) -> bool {
        lock(&self.chosen).or(self.format) == Some(Format::Json)
    }

    /// Reads, parses and validates a map. Prints its diagnostics to the terminal; with
    /// `--format json` a map with errors prints them as JSON on standard output instead of the
    /// command's output. A map that fails is never analysed, and `-o FILE` is left untouched.
    pub(super) fn load(&self, path: &Path) -> Result<Loaded, Failure> {
        let (loaded, told) = self.load_quietly(path);
        told.tell()?;
        loaded
    }

    /// [`Session::load`], holding back what it would print, so that maps loaded in parallel can
    /// speak in the order they were given.
    pub(super) fn load_quietly(&self, path: &Path) -> (Result<Loaded, Failure>, Told) {
        let mut told = Told::default();
        let (sources, diagnostics, map) = match self.validate(path) {
            Ok(v) => v,
            Err(f) => return (Err(f), told),
        };
        let failed = diagnostics.has_errors()
            || (self.deny_warnings && diagnostics.count(Severity::Warning) > 0);
        if failed && self.writes_json() {
            told.stdout = json_safe(&diagnostics_json(&diagnostics, &sources, path)).into_owned();
            return (Err(Failure::Map), told);
        }
        if !self.writes_json() && !diagnostics.0.is_empty() {
            // A map that loads shows its first warnings and counts the rest; a map that fails
            // shows everything, for mending; `validate` always does.
            told.stderr = self.render_some(&diagnostics, &sources, failed);
            told.summary = format!("{}\n", summary_line(&diagnostics, path, None));
            told.stderr.push_str(&told.summary);
        }
        let loaded = match map {
            Some(map) if !failed => Ok(Loaded {
                eco: Ecosystem::new(map),
                warnings: diagnostics.count(Severity::Warning),
            }),
            _ => Err(Failure::Map),
        };
        (loaded, told)
    }

    /// The benchmark table in force: built in, then the map's `benchmarks:`, then `--benchmarks
    /// FILE`. An override that cannot be taken (an unknown id, a value out of range) is a map
    /// error, printed with its location; the command then stops.
    pub(super) fn benchmarks(
        &self,
        map: Option<&crate::model::Map>,
        path: &Path,
    ) -> Result<Benchmarks, Failure> {
        let (table, told) = self.benchmarks_quietly(map, path);
        told.tell()?;
        table
    }

    /// [`Session::benchmarks`], holding back what it would print.
    pub(super) fn benchmarks_quietly(
        &self,
        map: Option<&crate::model::Map>,
        path: &Path,
    ) -> (Result<Benchmarks, Failure>, Told) {
        let mut told = Told::default();
        let mut sources = map.map(|m| m.sources.clone()).unwrap_or_default();
        sources.limits = self.limits;
        let (file, mut diagnostics) = match self.benchmark_file(&mut sources) {
            Ok(read) => read,
            Err(f) => return (Err(f), told),
        };
        let (table, d) = benchmarks::resolve(map, &file);
        diagnostics.0.extend(d.0);
        if diagnostics.0.is_empty() {
            return (Ok(table), told);
        }
        diagnostics.sort();
        if self.writes_json() {
            told.stdout = json_safe(&diagnostics_json(&diagnostics, &sources, path)).into_owned();
        } else {
            told.stderr = render(&diagnostics.0, &sources, self.color_err);
            told.summary = format!("{}\n", summary_line(&diagnostics, path, None));
            told.stderr.push_str(&told.summary);
        }
        (Err(Failure::Map), told)
    }

    /// The overrides of `--benchmarks FILE` (none without it), read into `sources`, with the
    /// problems of reading them; a file that cannot be read is a failure.
    fn benchmark_file(
        &self,
        sources: &mut Sources,
    ) -> Result<(Vec<Override>, Diagnostics), Failure> {
        let Some(p) = &self.benchmarks else {
            return Ok((Vec::new(), Diagnostics::default()));
        };
        lock(&self.inputs).push(p.clone());
        let (read, diagnostics) =
            load::read_benchmark_overrides(p, sources).map_err(Failure::Io)?;
        let file = read
            .into_iter()
            .map(|(id, value, id_span, span)| Override {
                id,
                value,
                span,
                id_span,
                from: OverrideFrom::File,
            })
            .collect();
        Ok((file, diagnostics))
    }

    /// The problems of `--benchmarks FILE` for `validate`, read into `sources`: those of reading
    /// it, and, when the map has no errors (`map`), those of its overrides taken over the map's,
    /// each at its line in the file. The map's own overrides are checked with the map, so what
    /// they alone cause is not said twice; and a map with errors is not one the overrides can be
    /// checked against (an evidence level for a model of the map needs its services).
    pub(super) fn benchmark_file_problems(
        &self,
        map: Option<&crate::model::Map>,
        sources: &mut Sources,
    ) -> Result<Diagnostics, Failure> {
        let (file, mut diagnostics) = self.benchmark_file(sources)?;
        let (Some(map), Some(first)) = (map, file.first()) else {
            return Ok(diagnostics);
        };
        let in_file = first.span.file;
        let (_, d) = benchmarks::resolve(Some(map), &file);
        let at_file = |d: &crate::diag::Diagnostic| {
            d.primary.as_ref().is_some_and(|l| l.span.file == in_file)
        };
        diagnostics.0.extend(d.0.into_iter().filter(at_file));
        Ok(diagnostics)
    }

    /// Reads, parses and validates; the map only if it has no errors.
    pub(super) fn validate(
        &self,
        path: &Path,
    ) -> Result<(Sources, Diagnostics, Option<crate::model::Map>), Failure> {
        let sources = load::read_within(path, self.limits)?;
        lock(&self.inputs).extend(sources.files().iter().filter_map(|f| f.path.clone()));
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

    /// Prints the diagnostics of a map that is made and valid (by an import) as a command other
    /// than `validate` shows those of a map it loads: the first [`SHOWN_WARNINGS`], the rest
    /// counted by kind.
    pub(super) fn print_some_diagnostics(&self, diagnostics: &Diagnostics, sources: &Sources) {
        eprint!(
            "{}",
            self.render_some(diagnostics, sources, diagnostics.has_errors())
        );
    }

    /// Every diagnostic when `all` (a map that fails, shown for mending), else the first
    /// [`SHOWN_WARNINGS`] and a note counting the rest by kind: on a county's map hundreds of one
    /// kind would bury what the command says.
    fn render_some(&self, diagnostics: &Diagnostics, sources: &Sources, all: bool) -> String {
        let every = &diagnostics.0;
        let shown = if all {
            every.len()
        } else {
            every.len().min(SHOWN_WARNINGS)
        };
        let mut out = render(&every[..shown], sources, self.color_err);
        out.push_str(&not_shown(&every[shown..]));
        out
    }

    /// Tells the user something about how the output was made, on standard error.
    pub(super) fn note(&self, message: &str) {
        eprintln!("note: {}", visible_inline(message));
    }

    /// Ends the process with `code` once the command's output is written, without freeing what the
    /// command built. On a large map, handing the ecosystem and the analyses back to the allocator
    /// piece by piece took a tenth to a quarter of a command's time (docs/performance.md); the
    /// operating system takes the memory back whole. Output is flushed first (`emit` flushes
    /// standard output; this flushes again for whatever else was printed).
    pub(super) fn end(&self, code: u8) -> ! {
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        std::process::exit(i32::from(code))
    }

    /// Writes the output: to `-o FILE` through its temporary file renamed into place (so a
    /// failed run leaves no partial file, and no file this run read is written over), or to
    /// standard output.
    pub(super) fn emit(&self, bytes: &[u8]) -> Result<(), Failure> {
        let output = self.output_file()?;
        let terminal = output.is_none() && std::io::stdout().is_terminal();
        let safe = self.for_people(bytes, terminal);
        let bytes: &[u8] = &safe;
        match output {
            None => stdout(|w| w.write_all(bytes)),
            Some(output) => output.write(bytes).map_err(Failure::Write),
        }
    }

    /// Writes a command's output, text or JSON.
    pub(super) fn write(&self, out: Out<'_>) -> Result<(), Failure> {
        match out {
            Out::Text(text) => self.emit(text.as_bytes()),
            Out::Json(write) => self.emit_with(write),
        }
    }

    /// Writes a JSON document as [`Session::emit`] writes the output, but as it is made, never
    /// held whole in memory (a national map's report is some 80 MB of JSON). Its hidden
    /// characters become JSON escapes as it is written (`json::write_document`).
    fn emit_with(&self, write: WriteFn<'_>) -> Result<(), Failure> {
        match self.output_file()? {
            None => stdout(write),
            Some(output) => output.write_with(write).map_err(Failure::Write),
        }
    }

    /// `-o FILE`, checked and with its temporary file ready, or `None` for standard output;
    /// never a file this run read.
    fn output_file(&self) -> Result<Option<Output>, Failure> {
        let output = match lock(&self.prepared).take() {
            Some(o) => Some(o),
            None => self
                .output
                .as_deref()
                .map(|p| Output::prepare(p, self.force))
                .transpose()
                .map_err(Failure::Write)?,
        };
        if let Some(output) = &output
            && output.is_one_of(&lock(&self.inputs))
        {
            return Err(Failure::Usage(format!(
                "{} is a file this run reads (the map, or --benchmarks FILE): ecomap never writes over its input",
                output.given().display()
            )));
        }
        Ok(output)
    }

    /// A file an import writes besides its output (`option`: `--into` for a file of the map it
    /// edits, `--paste-to`), checked as `-o` is and its temporary file made, before anything is
    /// written. Unless it is the map being edited (`edits_input`), never a file this run read, nor
    /// one of `also_read`.
    pub(super) fn prepare_file(
        &self,
        option: &str,
        path: &Path,
        edits_input: bool,
        also_read: &[PathBuf],
    ) -> Result<Output, Failure> {
        let output = Output::prepare_for(option, path, self.force).map_err(Failure::Write)?;
        if !edits_input && (output.is_one_of(&lock(&self.inputs)) || output.is_one_of(also_read)) {
            return Err(Failure::Usage(format!(
                "{} is a file this run reads (the map, or the file imported): ecomap never writes over its input; give {option} another name",
                path.display()
            )));
        }
        Ok(output)
    }

    /// Writes one of several output files (`export kumu` writes two into a folder), with the care
    /// [`Session::emit`] takes: checked as `-o` is, never a file this run read, whole or not at all.
    pub(super) fn emit_to(&self, path: &Path, bytes: &[u8]) -> Result<(), Failure> {
        let output = Output::prepare(path, self.force).map_err(Failure::Write)?;
        if output.is_one_of(&lock(&self.inputs)) {
            return Err(Failure::Usage(format!(
                "{} is a file this run reads: ecomap never writes over its input",
                output.given().display()
            )));
        }
        output.write(bytes).map_err(Failure::Write)
    }
}

/// Writes a whole output to a writer.
type WriteFn<'a> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + 'a>;

/// What a command writes: text made whole (to be made safe to read as a whole), or a JSON
/// document written as it is made.
pub(super) enum Out<'a> {
    Text(String),
    Json(WriteFn<'a>),
}

impl<'a> Out<'a> {
    /// A JSON document, written when the output is.
    pub(super) fn json<B: json::Body + 'a>(body: B) -> Out<'a> {
        Out::Json(Box::new(move |w| json::write_document(&body, w)))
    }
}

/// `path` as it is typed in a command the user is told to run: as it is when a shell reads it so,
/// else between single quotes (`'my area'`; a quote inside written `'\''`), so that the command
/// works when pasted.
pub(super) fn for_shell(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./,:@%+=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The file names that hold `formats`, for a message: ".md, .json or .html".
fn endings(formats: &[Format]) -> String {
    let ends: Vec<String> = formats
        .iter()
        .map(|f| format!(".{}", f.extensions()[0]))
        .collect();
    match ends.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Where `-o` sends the output: `-o -` is standard output, as no `-o` is; refused for a command
/// that writes a folder or several files, which standard output cannot hold.
fn output_path(given: Option<&Path>, command: &Command) -> Result<Option<PathBuf>, Failure> {
    match given {
        Some(p) if p == Path::new("-") => {
            if writes_folder(command) {
                Err(Failure::Usage(
                    "-o - is standard output, but this command writes a folder: name the folder with -o FOLDER".into(),
                ))
            } else {
                Ok(None)
            }
        }
        other => Ok(other.map(Path::to_owned)),
    }
}

/// Whether `-o` names a folder for this command (it writes several files, or a map's folder),
/// rather than the one file it writes.
fn writes_folder(command: &Command) -> bool {
    matches!(
        command,
        Command::Export(ExportCommand::Csv(_) | ExportCommand::Kumu(_))
            | Command::Import(_)
            | Command::Init(_)
            | Command::Generate(GenerateArgs { areas: Some(_), .. })
    )
}

/// The value behind a lock; a thread that panicked holding it left nothing half-written here.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
        let made = match lock(&self.chosen).or(self.format) {
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

/// Writes what `fill` writes to standard output, buffered; a closed pipe (`ecomap … | head`) is
/// not an error, but a standard output closed from the start (`>&-`) is: nothing could be read.
fn stdout(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Failure> {
    if load::stdout_closed() {
        return Err(Failure::Io(load::Error {
            path: "standard output".into(),
            kind: load::ErrorKind::StdoutClosed,
        }));
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    fill(&mut out)
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

/// Writes `bytes` to `path` whole or not at all.
pub(super) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let permissions = replacing(path, dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(permissions)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The permissions to give a file written to `path` in `dir`: a temporary file is private (0600),
/// and the output gets the permissions of the file it replaces (a read-only file, replaced under
/// --force, stays read-only), or those of an ordinary new file, so it can be shared as it is.
pub(super) fn replacing(path: &Path, dir: &Path) -> std::io::Result<std::fs::Permissions> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(m.permissions()),
        Err(_) => ordinary_permissions(dir),
    }
}

/// The permissions a file created in `dir` gets by default (the process's umask applied).
pub(super) fn ordinary_permissions(dir: &Path) -> std::io::Result<std::fs::Permissions> {
    let probe = tempfile::Builder::new()
        .prefix(".ecomap-probe")
        .tempfile_in(dir)?;
    let path = probe.path().to_owned();
    drop(probe);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    let permissions = file.metadata()?.permissions();
    drop(file);
    std::fs::remove_file(&path)?;
    Ok(permissions)
}

/// "maps/riverside: 2 errors, 1 warning", or with a verdict "maps/riverside: valid, 0 errors, 1 warning".
/// How many warnings a command other than `validate` shows of a map that loads.
const SHOWN_WARNINGS: usize = 20;

/// A note counting the warnings left out, by code in order of first appearance (nothing when
/// none are): `note: 2,109 more warnings not shown (unfunded-service 2,100, unused-rule 9); …`.
fn not_shown(rest: &[crate::diag::Diagnostic]) -> String {
    if rest.is_empty() {
        return String::new();
    }
    let mut by_code: Vec<(&str, u64)> = Vec::new();
    for d in rest {
        match by_code.iter_mut().find(|(c, _)| *c == d.code.name()) {
            Some((_, n)) => *n += 1,
            None => by_code.push((d.code.name(), 1)),
        }
    }
    let codes: Vec<String> = (by_code.iter())
        .map(|(c, n)| format!("{c} {}", crate::money::group_thousands(*n)))
        .collect();
    let n = crate::money::group_thousands(rest.len() as u64);
    let (more, these) = if rest.len() == 1 {
        ("more warning", "it")
    } else {
        ("more warnings", "every one")
    };
    format!(
        "note: {n} {more} not shown ({}); `ecomap validate` lists {these}\n",
        codes.join(", ")
    )
}

pub(super) fn summary_line(
    diagnostics: &Diagnostics,
    path: &Path,
    verdict: Option<&str>,
) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{} {word}s", crate::money::group_thousands(n as u64))
        }
    };
    let verdict = verdict.map(|v| format!("{v}, ")).unwrap_or_default();
    format!(
        "{}: {verdict}{}, {}",
        visible_inline(&load::display_name(path)),
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
    let map = load::display_name(path);
    json::document(&json::Diagnostics::new(diagnostics, sources, &map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_quoted_for_the_shell_only_when_it_needs_it() {
        assert_eq!(for_shell(Path::new("maps/riverside")), "maps/riverside");
        // A space would split it in two; a quote inside is closed, escaped, and opened again.
        assert_eq!(for_shell(Path::new("my area")), "'my area'");
        assert_eq!(for_shell(Path::new("it's")), r"'it'\''s'");
        // `$` and `*` would be expanded by the shell.
        assert_eq!(for_shell(Path::new("a$b*")), "'a$b*'");
        assert_eq!(for_shell(Path::new("")), "''");
    }
}
