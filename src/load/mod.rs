//! Reads a map from disk (one YAML file, or a folder of them) and parses each file into the raw
//! types. The YAML parser lives behind this module alone. Reading never writes anything.
//!
//! [`read`] takes only regular files, within [`Limits`] (`read.rs`); [`parse`] charges every file
//! to one YAML budget for the whole map (`budget.rs`) before the parser builds anything (or, for a
//! file with no anchor or tag, which stands for no more than it says, while it parses it, with the
//! parser's own counters), and turns every problem into a diagnostic in ecomap's words
//! (`messages.rs`).

mod budget;
mod fast;
mod messages;
mod read;
mod resume;

pub(crate) use resume::resumable;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::raw::{RawMap, Spanned};
use crate::source::Span;
pub use crate::source::{FileId, Limits, Problem, Sources};
pub use read::input as read_input;
/// What a file that is neither a regular file nor a folder is, in words; also for `-o FILE`.
pub(crate) use read::special_kind;
pub use read::{stdin_closed, stdout_closed};

pub use budget::{MAX_DEPTH, MAX_VALUE_BYTES};

/// Adding files as the loader reads them, and spans of parsed values: the parts of [`Sources`]
/// that know the reader and the YAML parser.
impl Sources {
    /// Adds a file given as bytes (fuzzing, tests), taken as [`read`] takes a file from disk:
    /// text that is not UTF-8, or is UTF-16, is kept with its [`Problem`] for [`parse`] to report.
    pub fn add_bytes(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> FileId {
        let (text, problem) = read::decode(bytes);
        let id = self.add(name, text);
        self.files[id.0].problem = problem;
        id
    }

    /// Adds a file read from `path` (its text up to any problem), with the problem.
    fn add_read(&mut self, path: &Path, text: String, problem: Option<Problem>) -> FileId {
        let id = self.add(path.display().to_string(), text);
        self.files[id.0].path = Some(path.to_owned());
        self.files[id.0].problem = problem;
        id
    }

    /// The span of a value read from `file`.
    pub fn span_of<T>(&self, file: FileId, value: &Spanned<T>) -> Span {
        self.location_span(file, &value.referenced)
    }

    fn location_span(&self, file: FileId, location: &crate::raw::Location) -> Span {
        let s = location;
        let len = self.files.get(file.0).map_or(0, |f| f.text.len());
        let start = match s.byte_offset() {
            Some(o) => usize::try_from(o).unwrap_or(len),
            None if location.line() > 0 => self.offset_of(
                file,
                usize::try_from(location.line()).unwrap_or(0),
                usize::try_from(location.column()).unwrap_or(0),
            ),
            None => 0,
        }
        .min(len);
        let width = s
            .byte_len()
            .and_then(|l| usize::try_from(l).ok())
            .unwrap_or(1)
            .max(1);
        Span {
            file,
            range: start..(start + width).min(len.max(start)),
        }
    }
}

/// YAML that is not a map read into `T`: a `--mapping` file, a condition written in a spreadsheet
/// cell, the built-in benchmark table, a map's file read back after an import's edit. The caller
/// words its own message around the parser's.
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str(text).map_err(YamlError)
}

/// A small YAML file that is not a map (a `--mapping` file) read into `T`; or, where it cannot
/// be, the located diagnostic of why, in ecomap's words (a key given twice, a value of the wrong
/// kind), with the sources it points into, for rendering.
pub fn from_file_text<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
) -> Result<T, Box<(crate::source::Sources, Diagnostic)>> {
    serde_saphyr::from_str(text).map_err(|e| {
        let mut sources = crate::source::Sources::default();
        let file = sources.add(name, text);
        let d = messages::parse_error(&sources, file, &e);
        Box::new((sources, d))
    })
}

/// [`from_file_text`] for a file's bytes: text that is not UTF-8 (or is UTF-16) is the located
/// diagnostic a map's file gets.
pub fn from_file_bytes<T: serde::de::DeserializeOwned>(
    name: &str,
    bytes: Vec<u8>,
) -> Result<T, Box<(crate::source::Sources, Diagnostic)>> {
    let mut sources = crate::source::Sources::default();
    let file = sources.add_bytes(name, bytes);
    if let Some(problem) = &sources.files[file.0].problem {
        let d = messages::read_problem(&sources, file, problem);
        return Err(Box::new((sources, d)));
    }
    from_file_text(name, sources.text(file))
}

/// The text of a file an import reads, added to `sources` under `name`; or, when it is not
/// UTF-8 (or is UTF-16), the located diagnostic a map's file gets for it, with `help`.
pub fn add_input_text(
    sources: &mut Sources,
    name: String,
    bytes: Vec<u8>,
    help: &str,
) -> Result<FileId, Box<Diagnostic>> {
    let file = sources.add_bytes(name, bytes);
    match &sources.files[file.0].problem {
        Some(problem) => Err(Box::new(
            messages::read_problem(sources, file, problem).help(help),
        )),
        None => Ok(file),
    }
}

/// Why a text read by [`from_str`] is not what was asked for, in the parser's words.
#[derive(Debug)]
pub struct YamlError(serde_saphyr::Error);

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A failure of the program rather than of the map: stops the command with exit code 2.
#[derive(Debug)]
pub struct Error {
    pub path: PathBuf,
    pub kind: ErrorKind,
}

#[derive(Debug)]
pub enum ErrorKind {
    Read(std::io::Error),
    Write(std::io::Error),
    NoYamlFiles,
    /// Neither a file nor a folder: a named pipe, a device, a socket.
    NotAFile(&'static str),
    /// A `--benchmarks` path that is not a regular file (a folder, a pipe, …).
    NotABenchmarkFile(&'static str),
    /// `-` given for two maps: standard input holds one.
    StdinTwice,
    /// `-` given for a map, and standard input is closed.
    StdinClosed,
    /// `-` given for a map, and nothing came on standard input.
    StdinEmpty,
    /// Output for standard output, which is closed.
    StdoutClosed,
}

/// Reading or writing, for [`io_words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Reading,
    Writing,
}

/// What went wrong with a file, in words, and what to do about it: never the operating system's
/// bare message and number (`Is a directory (os error 21)`). Names no file: the caller does.
pub fn io_words(e: &std::io::Error, doing: Doing) -> String {
    use std::io::ErrorKind as K;
    // An error that wraps another (as a temporary file's does) is the one it wraps.
    if e.raw_os_error().is_none()
        && let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<std::io::Error>())
    {
        return io_words(inner, doing);
    }
    let reading = doing == Doing::Reading;
    let words = match e.kind() {
        K::NotFound if reading => "there is no such file or folder: check the path",
        K::NotFound => {
            "there is no such folder to write it in, and it cannot be made there: check the path, or make the folder first"
        }
        K::PermissionDenied if reading => {
            "permission denied: make it readable for this user (such as `chmod u+r`), or copy it to where you may read it"
        }
        K::PermissionDenied => {
            "permission denied: write it to a folder you may write in, or get permission to write here"
        }
        K::IsADirectory if reading => "it is a folder, not a file: name a file",
        K::IsADirectory => "it is a folder: name a file to write",
        K::NotADirectory if reading => {
            "a part of the path is a file where a folder was expected: check the path"
        }
        K::NotADirectory => {
            "a part of the path is a file where a folder was expected: check the path, or name another folder"
        }
        K::StorageFull => "the disk is full: free some space, or write it elsewhere",
        K::ReadOnlyFilesystem => "the disk is read-only: write it elsewhere",
        K::InvalidData if reading => "it is not UTF-8 text: save it as UTF-8",
        _ => {
            // The system's words without their number; what to do, by what was being done.
            let said = system_words(e);
            return if reading {
                format!(
                    "{said}: it could not be read as a file; check that it is an ordinary file you may read (not a device, or a file of /proc or /sys), or copy it to a file and give that"
                )
            } else {
                format!("{said}: check the disk and the folder, or write it elsewhere")
            };
        }
    };
    words.to_owned()
}

/// The operating system's words for an error, without their number: `input/output error`, not
/// `Input/output error (os error 5)`.
pub(crate) fn system_words(e: &std::io::Error) -> String {
    let text = match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => e.kind().to_string(),
    };
    let text = text
        .rfind(" (os error ")
        .map_or(text.as_str(), |i| &text[..i]);
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().collect::<String>() + chars.as_str()
    })
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            ErrorKind::Read(e) => {
                write!(f, "cannot read {path}: {}", io_words(e, Doing::Reading))
            }
            ErrorKind::Write(e) => {
                write!(f, "cannot write {path}: {}", io_words(e, Doing::Writing))
            }
            ErrorKind::NoYamlFiles => {
                write!(
                    f,
                    "{path} is a folder with no .yaml or .yml files in it: point at a map file or a map's folder"
                )
            }
            ErrorKind::NotAFile(kind) => write!(
                f,
                "{path} is {kind}: a map is a YAML file, or a folder of them"
            ),
            ErrorKind::NotABenchmarkFile(kind) => write!(
                f,
                "{path} is {kind}: `--benchmarks` takes one YAML file of overrides (`id: value` lines)"
            ),
            ErrorKind::StdinTwice => write!(
                f,
                "cannot read {path} twice: give `-` for one map at most, and the others as files"
            ),
            ErrorKind::StdinClosed => write!(
                f,
                "cannot read {path}: standard input is closed, so `-` has no map to read; give the map's file or folder instead, or send it in (`ecomap validate - < map.yaml`)"
            ),
            ErrorKind::StdinEmpty => write!(
                f,
                "cannot read {path}: nothing came on standard input, so `-` has no map to read; send the map in (`ecomap validate - < map.yaml`), or give its file or folder instead"
            ),
            ErrorKind::StdoutClosed => write!(
                f,
                "cannot write {path}: it is closed, so the output would be lost; write to a file with -o FILE, or leave standard output open"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The name of a map read from standard input, in diagnostics.
pub const STDIN: &str = "<stdin>";

/// Whether `path` is `-`: the map is read from standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How a map's path is named in messages: `<stdin>` for `-`, else the path.
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        STDIN.to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads a map within the default [`Limits`]: one YAML file, or every `.yaml`/`.yml` file in a
/// folder (not its sub-folders), in file-name order.
pub fn read(path: &Path) -> Result<Sources, Error> {
    read_within(path, Limits::default())
}

/// Reads a map within `limits`. A path that is not there, is neither a file nor a folder, or is
/// a folder with no map files is an [`Error`]; a file that cannot be taken (too large, not UTF-8,
/// unreadable) is read as empty, with its [`Problem`], which [`parse`] reports.
pub fn read_within(path: &Path, limits: Limits) -> Result<Sources, Error> {
    if is_stdin(path) {
        return read_stdin(limits);
    }
    let err = |kind| Error {
        path: path.to_owned(),
        kind,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(ErrorKind::Read(e)))?;
    let mut paths = Vec::new();
    if meta.is_dir() {
        paths = map_files(path).map_err(|e| err(ErrorKind::Read(e)))?;
        if paths.is_empty() {
            return Err(err(ErrorKind::NoYamlFiles));
        }
    } else if meta.is_file() {
        paths.push(path.to_owned());
    } else {
        return Err(err(ErrorKind::NotAFile(read::special_kind(
            &meta.file_type(),
        ))));
    }
    let mut sources = Sources {
        limits,
        ..Sources::default()
    };
    let mut bytes = 0;
    for p in paths {
        let file = read::file(&p, &limits, bytes);
        bytes += file.bytes;
        let stop = matches!(file.problem, Some(Problem::MapTooLarge { .. }));
        sources.add_read(&p, file.text, file.problem);
        if stop {
            break;
        }
    }
    Ok(sources)
}

/// The files of a folder that are part of its map, in file-name order: every `.yaml` and `.yml`
/// directly inside it. Anything so named is, and is reported if it cannot be read as a file: a
/// folder named `sub.yaml` too ([`Problem::Folder`]), since a map's files are never read from
/// folders inside it and leaving it out without a word would leave out what it holds unseen.
fn map_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let p = entry?.path();
        let yaml = p.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if yaml {
            paths.push(p);
        }
    }
    paths.sort();
    Ok(paths)
}

/// The files of `path` when it is a folder of maps rather than one map: two or more map files,
/// each a whole map of its own, with lines that begin `area:`, and `services:` or `cohorts:`
/// (top-level keys, plain or quoted, in the block style maps are written in). `None` for anything else: a file,
/// a folder that is one map, or one that cannot be read as a folder of maps (a file too large,
/// not UTF-8, a map in flow style), which is then read as one map and checked as one (a folder
/// of whole maps is then refused with one error that says so).
pub fn maps_in_folder(path: &Path, limits: Limits) -> Option<Vec<PathBuf>> {
    if is_stdin(path) || !std::fs::metadata(path).ok()?.is_dir() {
        return None;
    }
    let files = map_files(path).ok()?;
    let whole = |file: &PathBuf| {
        // Read as the loader reads (never waiting on a named pipe, within the file limit).
        let read = read::file(file, &limits, 0);
        if read.problem.is_some() {
            return false;
        }
        let text = read.text;
        // The key as it begins a line, plain or quoted (a byte-order mark before the first).
        let begins = |key: &str| {
            (text.lines()).any(|l| {
                let l = l.trim_start_matches('\u{feff}');
                [
                    format!("{key}:"),
                    format!("\"{key}\":"),
                    format!("'{key}':"),
                ]
                .iter()
                .any(|k| l.starts_with(k.as_str()))
            })
        };
        begins("area") && (begins("services") || begins("cohorts"))
    };
    (files.len() >= 2 && files.iter().all(whole)).then_some(files)
}

/// Standard input holds one map: `ecomap diff - -` would read the second as empty.
static STDIN_READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A map from standard input, named `<stdin>`, within the file limit like any file.
fn read_stdin(limits: Limits) -> Result<Sources, Error> {
    use std::io::Read;
    if STDIN_READ.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return Err(Error {
            path: PathBuf::from(STDIN),
            kind: ErrorKind::StdinTwice,
        });
    }
    if stdin_closed() {
        return Err(Error {
            path: PathBuf::from(STDIN),
            kind: ErrorKind::StdinClosed,
        });
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limits.file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error {
            path: PathBuf::from(STDIN),
            kind: ErrorKind::Read(e),
        })?;
    if bytes.is_empty() {
        return Err(Error {
            path: PathBuf::from(STDIN),
            kind: ErrorKind::StdinEmpty,
        });
    }
    let mut sources = Sources {
        limits,
        ..Sources::default()
    };
    if bytes.len() as u64 > limits.file_bytes {
        let id = sources.add(STDIN, String::new());
        sources.files[id.0].problem = Some(Problem::FileTooLarge {
            limit: limits.file_bytes,
        });
    } else {
        sources.add_bytes(STDIN, bytes);
    }
    Ok(sources)
}

/// A benchmark override read from a file: id, value, the span of the id and of the value.
pub type BenchmarkOverride = (String, f64, Span, Span);

/// Reads a `--benchmarks FILE`, a YAML mapping of benchmark id → value, adding it to `sources` so
/// its diagnostics can point into it. Returns (id, value, span of the id, of the value) in the file's order; a
/// file that does not parse gives its one diagnostic and nothing to apply.
pub fn read_benchmark_overrides(
    path: &Path,
    sources: &mut Sources,
) -> Result<(Vec<BenchmarkOverride>, Diagnostics), Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error {
        path: path.to_owned(),
        kind: ErrorKind::Read(e),
    })?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            read::special_kind(&meta.file_type())
        };
        return Err(Error {
            path: path.to_owned(),
            kind: ErrorKind::NotABenchmarkFile(kind),
        });
    }
    let limits = sources.limits;
    let read = read::file(path, &limits, 0);
    let file = sources.add_read(path, read.text, read.problem);
    let mut diagnostics = Diagnostics::default();
    type RawOverrides = indexmap::IndexMap<Spanned<String>, Spanned<f64>>;
    let mut budget = budget::Budget::new(&limits);
    match parse_file::<RawOverrides>(sources, file, &mut budget, true) {
        Ok(Some(map)) => Ok((
            map.into_iter()
                .map(|(k, v)| {
                    let (id_span, span) = (sources.span_of(file, &k), sources.span_of(file, &v));
                    (k.value, v.value, id_span, span)
                })
                .collect(),
            diagnostics,
        )),
        Ok(None) => Ok((Vec::new(), diagnostics)),
        Err(d) => {
            let mut d = *d;
            // Not a file of a map's folder: what to do is said of `--benchmarks`.
            if d.code == crate::diag::Code::UnreadableFile {
                d.help = Some("`--benchmarks` takes one YAML file of overrides (`id: value` lines) that you may read: give an ordinary readable file, or copy what it holds into one".to_owned());
            }
            diagnostics.push(d);
            Ok((Vec::new(), diagnostics))
        }
    }
}

/// Parses every file, all charged to one YAML budget for the whole map. A file that does not
/// parse gives one diagnostic (serde stops at its first problem) and no map; the others still
/// parse, so all files' first problems are reported at once. Once the whole map's budget is spent,
/// the files after are not parsed.
pub fn parse(sources: &Sources) -> (Vec<(FileId, RawMap)>, Diagnostics) {
    parse_reading(sources, true)
}

/// [`parse`], reading each plain file once (`read_once`) or, as every other file, counting it
/// first (the two must agree in everything: the tests compare them).
fn parse_reading(sources: &Sources, read_once: bool) -> (Vec<(FileId, RawMap)>, Diagnostics) {
    let mut maps = Vec::new();
    let mut diagnostics = Diagnostics::default();
    let mut budget = budget::Budget::new(&sources.limits);
    for id in sources.ids() {
        if budget.spent() {
            break;
        }
        match parse_file::<RawMap>(sources, id, &mut budget, read_once) {
            Ok(map) => maps.push((id, map.unwrap_or_default())),
            Err(d) if resume::resumable(d.code) => {
                // Read again past each mistake of a key or a value, to report them all; what
                // reads is checked for mistakes of one place, never analysed.
                let (map, found) = resume::read_past(sources, id, *d);
                diagnostics.0.extend(found);
                maps.extend(map.map(|m| (id, m)));
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    (maps, diagnostics)
}

/// Whether a file holds no YAML content: only blank lines, comments, and the markers that start
/// or end a document (`---`, `...`), which an empty document is.
fn is_blank(text: &str) -> bool {
    text.split(['\n', '\r']).all(|l| {
        let l = l.trim();
        let bare = l.split(" #").next().unwrap_or(l).trim_end();
        l.is_empty() || l.starts_with('#') || bare == "---" || bare == "..."
    })
}

/// One file as `T`: `None` for a file of only comments, blank lines and document markers, or the diagnostic of its
/// first problem (reading, the budget, the parser). A [`budget::plain`] file is read once where
/// `read_once`.
fn parse_file<T: serde::de::DeserializeOwned + Send>(
    sources: &Sources,
    id: FileId,
    budget: &mut budget::Budget,
    read_once: bool,
) -> Result<Option<T>, Box<Diagnostic>> {
    if let Some(problem) = sources.files()[id.0].problem.as_ref() {
        return Err(Box::new(messages::read_problem(sources, id, problem)));
    }
    let text = sources.text(id);
    if is_blank(text) {
        return Ok(None);
    }
    let breach =
        |(breach, at): (budget::Breach, usize)| Box::new(messages::breach(id, &breach, at));
    if read_once
        && budget::plain(text)
        && let Some((parsed, values, bytes)) = fast::parse::<T>(text, budget.left())
    {
        budget.charge_read(values, bytes);
        return Ok(Some(parsed));
    }
    if !(read_once && budget::plain(text)) {
        budget.charge(text).map_err(breach)?;
    } else if text.len() <= ONE_READ_BYTES {
        // Most often read once: the parser's counts are charged after.
        if let Some((parsed, values, bytes)) = parse_counted::<T>(text, budget.left()) {
            budget.charge_counted(text, values, bytes).map_err(breach)?;
            return Ok(Some(parsed));
        }
        budget.charge(text).map_err(breach)?;
    } else {
        // Its values together are likely longer than one value may be: counted event by event
        // (for a long value) while it is parsed, side by side. Without anchors, parsing takes no
        // more than the file's own size, whatever the count finds.
        let left = budget.left();
        let (charged, parsed) =
            rayon::join(|| budget.charge(text), || parse_counted::<T>(text, left));
        charged.map_err(breach)?;
        if let Some((parsed, ..)) = parsed {
            return Ok(Some(parsed));
        }
    }
    // The budget above has counted everything this file stands for; the parser's own limits are
    // only a second fence, set no tighter.
    let options = serde_saphyr::options! {
        budget: None,
        alias_limits: alias_limits(),
    };
    serde_saphyr::from_str_with_options::<T>(text, options)
        .map(Some)
        .map_err(|e| Box::new(messages::parse_error(sources, id, &e)))
}

/// A plain file up to this size is parsed first and counted after: its values together are most
/// often no longer than one value may be (a generated area of 150 services is 77 KB of YAML
/// holding 54 KB of values), and then it is read once.
const ONE_READ_BYTES: usize = 96 * 1024;

/// The parser's limits on replaying aliases: none tighter than the budget's.
fn alias_limits() -> serde_saphyr::options::AliasLimits {
    serde_saphyr::alias_limits! {
        max_total_replayed_events: usize::MAX,
        max_replay_stack_depth: MAX_DEPTH,
        max_alias_expansions_per_anchor: usize::MAX,
    }
}

/// A [`budget::plain`] file parsed once, with the parser counting its values and their bytes
/// under the limits the budget has left; `None` for any problem at all (a breach, a syntax
/// error), which [`parse_file`] then finds and words as for any other file.
fn parse_counted<T: serde::de::DeserializeOwned>(
    text: &str,
    (values, bytes): (u64, u64),
) -> Option<(T, u64, u64)> {
    let counted = std::rc::Rc::new(std::cell::Cell::new(None));
    let report = std::rc::Rc::clone(&counted);
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: usize::MAX,
            max_nodes: usize::try_from(values).unwrap_or(usize::MAX),
            max_total_scalar_bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
            max_depth: MAX_DEPTH,
            max_documents: 1,
        },
        alias_limits: alias_limits(),
    }
    .with_budget_report(move |r| report.set(Some((r.nodes, r.total_scalar_bytes))));
    let parsed = serde_saphyr::from_str_with_options::<T>(text, options).ok()?;
    let (values, bytes) = counted.get()?;
    Some((parsed, values as u64, bytes as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_document_markers_and_comments_is_blank() {
        assert!(is_blank(""));
        assert!(is_blank("---\n"));
        assert!(is_blank("# notes\n---   # the first document\n...\n\n"));
        assert!(!is_blank("--- { area: x }\n"));
        assert!(!is_blank("---\narea: { id: x }\n"));
        assert!(!is_blank("----\n"));
    }
    use crate::diag::Code;
    use proptest::prelude::*;

    /// What the parser counts in a plain file, and what the budget counts event by event.
    fn both_counts(text: &str) -> ((u64, u64), (u64, u64)) {
        let mut by_events = budget::Budget::new(&Limits::default());
        let before = by_events.left();
        assert_eq!(by_events.charge(text), Ok(()));
        let after = by_events.left();
        let counted = parse_counted::<serde::de::IgnoredAny>(text, before)
            .map(|(_, values, bytes)| (values, bytes))
            .expect("parses");
        (counted, (before.0 - after.0, before.1 - after.1))
    }

    #[test]
    fn a_folder_is_of_maps_when_every_file_begins_a_whole_maps_keys() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join(name), text).expect("the test writes its files");
        };
        let found = || maps_in_folder(dir.path(), Limits::default());
        // One whole map alone is a folder that is one map.
        write("a.yaml", "area: { id: a, name: A }\nservices: {}\n");
        assert_eq!(found(), None);
        // Two, one with its keys quoted and after a byte-order mark: a folder of maps, in
        // file-name order.
        write(
            "b.yml",
            "\u{feff}# B\n'area': { id: b, name: B }\n\"cohorts\": {}\n",
        );
        let both = vec![dir.path().join("a.yaml"), dir.path().join("b.yml")];
        assert_eq!(found(), Some(both));
        // A part of a map (no `area` of its own), or `area` only inside another value: one map.
        write("c.yaml", "notes: |\n  area: not a key\nservices: {}\n");
        assert_eq!(found(), None);
        std::fs::remove_file(dir.path().join("c.yaml")).expect("the test removes its file");
        // A file with `area` but neither services nor cohorts: one map with two `area`s.
        write("d.yaml", "area: { id: d, name: D }\n");
        assert_eq!(found(), None);
        std::fs::remove_file(dir.path().join("d.yaml")).expect("the test removes its file");
        assert!(found().is_some());
        // A named pipe among them is not waited on: the folder is read as one map, which says
        // what the pipe is.
        #[cfg(unix)]
        {
            let pipe = dir.path().join("pipe.yaml");
            let made = std::process::Command::new("mkfifo").arg(&pipe).status();
            if made.is_ok_and(|s| s.success()) {
                assert_eq!(found(), None);
                std::fs::remove_file(&pipe).expect("the test removes its pipe");
            }
        }
        // Standard input and a file are never folders of maps.
        assert_eq!(maps_in_folder(Path::new("-"), Limits::default()), None);
        let file = dir.path().join("a.yaml");
        assert_eq!(maps_in_folder(&file, Limits::default()), None);
    }

    #[test]
    fn the_parser_counts_a_plain_file_as_the_budget_does() {
        // The top mapping, `a`, the list, xx, yy, the inner mapping, `b` and zzz: 8 values;
        // a, xx, yy, b and zzz hold 1 + 2 + 2 + 1 + 3 = 9 bytes.
        let text = "a: [xx, yy, {b: zzz}]\n";
        assert!(budget::plain(text));
        assert_eq!(both_counts(text), ((8, 9), (8, 9)));
        // Every file of the bundled map: the two counts agree.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/riverside");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).expect("the bundled map") {
            let text = std::fs::read_to_string(entry.expect("a file").path()).expect("read");
            if budget::plain(&text) {
                let (counted, by_events) = both_counts(&text);
                assert_eq!(counted, by_events);
                files += 1;
            }
        }
        assert!(files >= 4, "{files} plain files");
    }

    #[test]
    fn plain_files_read_once_are_held_to_the_budget_of_the_whole_map() {
        // Each file: the top mapping, `stages`, a mapping, `s`, a mapping, `name` and 29
        // letters: 7 values holding 6 + 1 + 4 + 29 = 40 bytes. A map of 100 bytes may hold 25
        // values and 100 bytes: the first two files hold 14 values and 80 bytes, and the third
        // passes 100 bytes at its name, at offset 19, as counting event by event finds.
        let mut sources = Sources {
            limits: Limits {
                file_bytes: 1_000,
                map_bytes: 100,
            },
            ..Sources::default()
        };
        let text = format!("stages: {{s: {{name: {}}}}}\n", "v".repeat(29));
        assert!(budget::plain(&text));
        let ids: Vec<FileId> = (0..4)
            .map(|i| sources.add(format!("f{i}.yaml"), text.clone()))
            .collect();
        let (maps, diagnostics) = parse(&sources);
        assert_eq!(maps.len(), 2);
        let [d] = diagnostics.0.as_slice() else {
            panic!("{diagnostics:?}");
        };
        assert_eq!(d.code, Code::YamlLimit);
        assert!(d.message.contains("more than 100 bytes"), "{}", d.message);
        let span = &d.primary.as_ref().expect("a place").span;
        assert_eq!((span.file, span.range.start), (ids[2], 19));
    }

    /// Everything [`parse`] gives, read once where it can be or always counted first: each map
    /// and diagnostic, in words.
    fn parsed(sources: &Sources, read_once: bool) -> Vec<String> {
        let (maps, diagnostics) = parse_reading(sources, read_once);
        let maps = maps.iter().map(|m| format!("{m:?}"));
        maps.chain(diagnostics.0.iter().map(|d| format!("{d:?}")))
            .collect()
    }

    /// Sources of the texts, under a map budget of `map_bytes`.
    fn sources_of(texts: &[String], map_bytes: u64) -> Sources {
        let mut sources = Sources {
            limits: Limits {
                file_bytes: Limits::default().file_bytes,
                map_bytes,
            },
            ..Sources::default()
        };
        for (i, text) in texts.iter().enumerate() {
            sources.add(format!("f{i}.yaml"), text.clone());
        }
        sources
    }

    /// A line of YAML, well formed or not, with no anchor and no tag: keys of the format and
    /// others, words, quoted text with escapes, flow and block collections, an alias with no
    /// anchor, comments, a second document, tabs, unclosed quotes and brackets.
    fn a_line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "area", "id", "name", "services", "cohorts", "stages", "rules", "size", "needs",
            "notes", "x", "places", "stage",
        ]);
        let value = prop_oneof![
            "[a-z ]{0,40}",
            Just("\"a\\Lb\\x41\\u00e9\"".to_owned()),
            Just("'it''s'".to_owned()),
            Just("[a, b, {c: d}]".to_owned()),
            Just("{a: 1, b: [2, 3]}".to_owned()),
            Just("*nowhere".to_owned()),
            Just("\"never closed".to_owned()),
            Just("[unbalanced".to_owned()),
            Just("|".to_owned()),
            Just("12.5".to_owned()),
            Just("".to_owned()),
        ];
        let line = prop_oneof![
            4 => (key.clone(), value.clone()).prop_map(|(k, v)| format!("{k}: {v}")),
            2 => key.prop_map(|k| format!("{k}:")),
            2 => value.clone().prop_map(|v| format!("- {v}")),
            1 => value.prop_map(|v| format!("  {v}")),
            1 => Just("# a comment".to_owned()),
            1 => Just("---".to_owned()),
            1 => Just("\tx: y".to_owned()),
        ];
        (0usize..4, line).prop_map(|(indent, l)| format!("{}{l}", "  ".repeat(indent)))
    }

    /// A file of stages that parses (block or flow, named and described in words or quoted
    /// text), with now and then a line of [`a_line`] put in somewhere, which may break it.
    fn a_file() -> impl Strategy<Value = String> {
        let text = prop_oneof!["[a-z][a-z ]{0,30}", Just("\"it\\Ls\"".to_owned())];
        let stage = (0u8..3, text.clone(), text).prop_map(|(form, name, about)| match form {
            0 => format!("  s: {{name: {name}}}"),
            1 => format!("  s:\n    name: {name}\n    description: {about}"),
            _ => "  s: {}".to_owned(),
        });
        let stages = proptest::collection::vec(stage, 1..6).prop_map(|lines| {
            let mut text = String::from("stages:\n");
            for (i, line) in lines.iter().enumerate() {
                text.push_str(&line.replacen("s:", &format!("s{i}:"), 1));
                text.push('\n');
            }
            text
        });
        let odd = proptest::option::weighted(0.3, (a_line(), 0usize..20));
        (stages, odd).prop_map(|(text, odd)| match odd {
            None => text,
            Some((line, at)) => {
                let mut lines: Vec<&str> = text.lines().collect();
                lines.insert(at.min(lines.len()), &line);
                lines.join("\n") + "\n"
            }
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        #[test]
        fn reading_a_plain_file_once_changes_nothing(
            files in proptest::collection::vec(
                prop_oneof![
                    3 => a_file(),
                    1 => proptest::collection::vec(a_line(), 1..12)
                        .prop_map(|l| l.join("\n") + "\n"),
                ],
                1..5,
            ),
            map_bytes in 16u64..1_000,
        ) {
            // A budget of 16 to 1,000 bytes (4 to 250 values): some maps pass it and some do
            // not, in any of their files.
            let sources = sources_of(&files, map_bytes);
            proptest::prop_assert_eq!(parsed(&sources, true), parsed(&sources, false));
        }
    }

    #[test]
    fn a_large_plain_file_counted_beside_its_parse_gives_what_it_gave() {
        // A generated map of 500 services, over the size read once first: counted beside its
        // parse. The same maps and diagnostics as counting it first, within the default budget
        // and under budgets that it passes at different places.
        let options = crate::generate::Options {
            services: 500,
            cohorts: 150,
            commissioners: None,
            localities: None,
            seed: 1,
        };
        let text = crate::generate::map(&options);
        assert!(text.len() > ONE_READ_BYTES && budget::plain(&text));
        for map_bytes in [Limits::default().map_bytes, 200_000, 20_000] {
            let sources = sources_of(std::slice::from_ref(&text), map_bytes);
            let once = parsed(&sources, true);
            assert_eq!(once, parsed(&sources, false));
            assert_eq!(once.len(), 1);
        }
    }

    #[test]
    fn a_long_value_in_a_small_plain_file_is_found() {
        // A stage named with 70,000 letters, in a file of 70,020 bytes that parses: read once,
        // but all its values together hold more than one value may, so it is counted event by
        // event, which finds the long value at offset 19.
        let mut sources = Sources::default();
        let text = format!("stages: {{s: {{name: {}}}}}\n", "v".repeat(70_000));
        assert!(parse_counted::<RawMap>(&text, (u64::MAX, u64::MAX)).is_some());
        assert!(text.len() <= ONE_READ_BYTES && budget::plain(&text));
        sources.add("f.yaml", text);
        let (maps, diagnostics) = parse(&sources);
        assert!(maps.is_empty());
        let [d] = diagnostics.0.as_slice() else {
            panic!("{diagnostics:?}");
        };
        assert!(d.message.contains("70,000"), "{}", d.message);
        assert_eq!(d.primary.as_ref().map(|l| l.span.range.start), Some(19));
    }
}
