//! Reads a map from disk (one YAML file, or a folder of them) and parses each file into the raw
//! types. The YAML parser lives behind this module alone. Reading never writes anything.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Diagnostics, Span, did_you_mean};
use crate::raw::{RawMap, Spanned};

/// Which source file a span is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub usize);

/// One file of a map, as read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user would recognise it (relative to where they pointed us).
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

/// The files of a map.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file read by other means (tests, benchmarks).
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            name: name.into(),
            text,
            line_starts,
        });
        FileId(self.files.len() - 1)
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.files.len()).map(FileId)
    }

    pub fn name(&self, id: FileId) -> &str {
        self.files
            .get(id.0)
            .map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, id: FileId) -> &str {
        self.files.get(id.0).map_or("", |f| f.text.as_str())
    }

    /// 1-based line and column (in characters) of the start of a span.
    pub fn line_col(&self, span: &Span) -> (usize, usize) {
        let Some(file) = self.files.get(span.file.0) else {
            return (0, 0);
        };
        let offset = span.range.start.min(file.text.len());
        let line = file.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = file.line_starts[line - 1];
        let column = file
            .text
            .get(start..offset)
            .map_or(1, |t| t.chars().count() + 1);
        (line, column)
    }

    /// The byte offset of a 1-based line and character column.
    fn offset_of(&self, file: FileId, line: usize, column: usize) -> usize {
        let Some(f) = self.files.get(file.0) else {
            return 0;
        };
        let Some(&start) = f.line_starts.get(line.saturating_sub(1)) else {
            return f.text.len();
        };
        let rest = &f.text[start..];
        start
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i)
    }

    /// The span of a value read from `file`.
    pub fn span_of<T>(&self, file: FileId, value: &Spanned<T>) -> Span {
        self.location_span(file, &value.referenced)
    }

    fn location_span(&self, file: FileId, location: &serde_saphyr::Location) -> Span {
        let s = location.span();
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
    NotUtf8,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            ErrorKind::Read(e) if e.kind() == std::io::ErrorKind::NotFound => {
                write!(f, "cannot read {path}: there is no such file or folder")
            }
            ErrorKind::Read(e) => write!(f, "cannot read {path}: {e}"),
            ErrorKind::Write(e) => write!(f, "cannot write {path}: {e}"),
            ErrorKind::NoYamlFiles => {
                write!(
                    f,
                    "{path} is a folder with no .yaml or .yml files in it: point at a map file or a map's folder"
                )
            }
            ErrorKind::NotUtf8 => write!(f, "cannot read {path}: it is not UTF-8 text"),
        }
    }
}

impl std::error::Error for Error {}

/// Reads a map: one YAML file, or every `.yaml`/`.yml` file in a folder (not its sub-folders), in
/// file-name order.
pub fn read(path: &Path) -> Result<Sources, Error> {
    let err = |kind| Error {
        path: path.to_owned(),
        kind,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(ErrorKind::Read(e)))?;
    let mut paths = Vec::new();
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).map_err(|e| err(ErrorKind::Read(e)))? {
            let p = entry.map_err(|e| err(ErrorKind::Read(e)))?.path();
            let yaml = p.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if yaml && p.is_file() {
                paths.push(p);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(err(ErrorKind::NoYamlFiles));
        }
    } else {
        paths.push(path.to_owned());
    }
    let mut sources = Sources::default();
    for p in paths {
        let bytes = std::fs::read(&p).map_err(|e| Error {
            path: p.clone(),
            kind: ErrorKind::Read(e),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| Error {
            path: p.clone(),
            kind: ErrorKind::NotUtf8,
        })?;
        sources.add(p.display().to_string(), text);
    }
    Ok(sources)
}

/// A benchmark override read from a file: id, value, and the span of the id.
pub type BenchmarkOverride = (String, f64, Span);

/// Reads a `--benchmarks FILE`, a YAML mapping of benchmark id → value, adding it to `sources` so
/// its diagnostics can point into it. Returns (id, value, span of the id) in the file's order; a
/// file that does not parse gives its one diagnostic and nothing to apply.
pub fn read_benchmark_overrides(
    path: &Path,
    sources: &mut Sources,
) -> Result<(Vec<BenchmarkOverride>, Diagnostics), Error> {
    let bytes = std::fs::read(path).map_err(|e| Error {
        path: path.to_owned(),
        kind: ErrorKind::Read(e),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| Error {
        path: path.to_owned(),
        kind: ErrorKind::NotUtf8,
    })?;
    let file = sources.add(path.display().to_string(), text);
    let mut diagnostics = Diagnostics::default();
    let text = sources.text(file);
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok((Vec::new(), diagnostics));
    }
    type RawOverrides = indexmap::IndexMap<Spanned<String>, Spanned<f64>>;
    match serde_saphyr::from_str::<RawOverrides>(text) {
        Ok(map) => Ok((
            map.into_iter()
                .map(|(k, v)| {
                    let span = sources.span_of(file, &k);
                    (k.value, v.value, span)
                })
                .collect(),
            diagnostics,
        )),
        Err(e) => {
            diagnostics.push(parse_error(sources, file, &e));
            Ok((Vec::new(), diagnostics))
        }
    }
}

/// Parses every file. A file that does not parse gives one diagnostic (serde stops at its first
/// problem) and no map; the others still parse, so all files' first problems are reported at once.
pub fn parse(sources: &Sources) -> (Vec<(FileId, RawMap)>, Diagnostics) {
    let mut maps = Vec::new();
    let mut diagnostics = Diagnostics::default();
    for id in sources.ids() {
        let text = sources.text(id);
        if text.trim().is_empty()
            || text
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            maps.push((id, RawMap::default()));
            continue;
        }
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_aliases: 1_000,
                max_depth: 100,
            },
        };
        match serde_saphyr::from_str_with_options::<RawMap>(text, options) {
            Ok(map) => maps.push((id, map)),
            Err(e) => diagnostics.push(parse_error(sources, id, &e)),
        }
    }
    (maps, diagnostics)
}

/// Turns the parser's error into a diagnostic with a code, a location and help.
fn parse_error(sources: &Sources, file: FileId, e: &serde_saphyr::Error) -> Diagnostic {
    let plain = e.without_snippet().to_string();
    // The parser appends the location; we show it ourselves.
    let message = match plain.rfind(" at line ") {
        Some(i) if plain[i..].contains(", column ") => plain[..i].to_owned(),
        _ => plain.clone(),
    };
    let span = e
        .location()
        .map(|l| sources.location_span(file, &l))
        .unwrap_or(Span { file, range: 0..0 });
    let (code, label, help) = classify(&message);
    let mut d = Diagnostic::new(code, message).at(span, label);
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

fn classify(message: &str) -> (Code, &'static str, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect();
        let help = match did_you_mean(field, known.iter().copied()) {
            Some(dym) => format!("{dym} The keys allowed here are: {}.", known.join(", ")),
            None => format!("remove it, or use one of: {}.", known.join(", ")),
        };
        return (
            Code::UnknownKey,
            "this key is not part of the map format here",
            Some(help),
        );
    }
    if message.starts_with("missing field") {
        return (
            Code::MissingKey,
            "in this entry",
            Some("add the key; docs/format.md lists what each entry needs".into()),
        );
    }
    if message.starts_with("duplicate mapping key") {
        return (
            Code::DuplicateKey,
            "this key is given twice in the same mapping",
            Some("remove one of the two, or give it another id".into()),
        );
    }
    let typed = [
        "invalid",
        "expected",
        "cannot deserialize",
        "not an amount",
        "more than two decimal",
        "amount is too large",
    ];
    if typed.iter().any(|w| message.contains(w))
        && !message.contains("while scanning")
        && !message.contains("did not find")
    {
        return (
            Code::WrongType,
            "this value is not of the kind expected here",
            Some("see docs/format.md for what this key takes".into()),
        );
    }
    (
        Code::YamlSyntax,
        "the YAML is not well-formed here",
        Some("check indentation, colons after keys, and closing brackets and quotes".into()),
    )
}
