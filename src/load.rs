//! Reads a map from disk (one YAML file, or a folder of them) and parses each file into the raw
//! types. The YAML parser lives behind this module alone. Reading never writes anything.

use std::fmt;
use std::ops::Range;
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
    /// The file's path, when it was read from disk.
    pub path: Option<PathBuf>,
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
            path: None,
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
        let id = sources.add(p.display().to_string(), text);
        sources.files[id.0].path = Some(p);
    }
    Ok(sources)
}

/// At most this many aliases (`*name`) in one file: a small file of nested aliases must not expand
/// without bound (serde_yaml let 20 KB grow to 1 GB).
const MAX_ALIASES: usize = 1_000;
/// At most this deep a nesting of mappings and lists in one file.
const MAX_DEPTH: usize = 100;
/// A benchmark override read from a file: id, value, the span of the id and of the value.
pub type BenchmarkOverride = (String, f64, Span, Span);

/// Reads a `--benchmarks FILE`, a YAML mapping of benchmark id → value, adding it to `sources` so
/// its diagnostics can point into it. Returns (id, value, span of the id, of the value) in the file's order; a
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
                    let (id_span, span) = (sources.span_of(file, &k), sources.span_of(file, &v));
                    (k.value, v.value, id_span, span)
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
                max_aliases: MAX_ALIASES,
                max_depth: MAX_DEPTH,
            },
        };
        match serde_saphyr::from_str_with_options::<RawMap>(text, options) {
            Ok(map) => maps.push((id, map)),
            Err(e) => diagnostics.push(parse_error(sources, id, &e)),
        }
    }
    (maps, diagnostics)
}

/// Turns the parser's error into a diagnostic with a code, a message a map writer understands, a
/// location and help. Matches on the kind of error, never on its wording.
fn parse_error(sources: &Sources, file: FileId, e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let span = e
        .location()
        .map(|l| sources.location_span(file, &l))
        .unwrap_or(Span { file, range: 0..0 });
    let found = sources
        .text(file)
        .get(span.range.clone())
        .unwrap_or("")
        .trim()
        .to_owned();
    let mut inner = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let wrong_type = |message: String| {
        Diagnostic::new(Code::WrongType, message)
            .at(span.clone(), "this value is not of the kind expected here")
            .help("see docs/format.md for what this key takes")
    };
    match inner {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let help = match did_you_mean(field, expected.iter().copied()) {
                Some(dym) => format!("{dym} The keys allowed here are: {}.", expected.join(", ")),
                None => format!("remove it, or use one of: {}.", expected.join(", ")),
            };
            Diagnostic::new(Code::UnknownKey, format!("unknown key `{field}`"))
                .at(span, "this key is not part of the map format here")
                .help(help)
        }
        E::SerdeMissingField { field, .. } => {
            Diagnostic::new(Code::MissingKey, format!("missing key `{field}`"))
                // The parser reports the end of the entry; the entry's own key is where a reader looks.
                .at(
                    entry_key(sources.text(file), span.range.start)
                        .map_or(span, |range| Span { file, range }),
                    format!("this entry has no `{field}`"),
                )
                .help(format!(
                    "add `{field}: …`; docs/format.md lists what each entry needs"
                ))
        }
        E::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or(found);
            let d = Diagnostic::new(Code::DuplicateKey, format!("the key `{key}` is given twice in one mapping"))
                .help("keep one of the two: YAML would keep only one, silently. Two entities need two ids");
            match earlier_sibling_key(sources.text(file), span.range.start, &key) {
                Some(first) => d
                    .at(span, "given again here…")
                    .also(Span { file, range: first }, "…after this one"),
                None => d.at(span, "given again here"),
            }
        }
        E::InvalidScalar { ty, .. } => {
            let kind = match *ty {
                "boolean" => "true or false",
                "floating point" => "a number",
                _ => "a whole number",
            };
            wrong_type(format!("`{found}` is not {kind}"))
        }
        E::Unexpected {
            expected: "sequence start",
            ..
        } => wrong_type(
            "expected a list here, such as [a, b] or lines starting with `- `".to_owned(),
        ),
        E::Unexpected {
            expected: "mapping start",
            ..
        } => wrong_type("expected a mapping here: keys, each with a value".to_owned()),
        E::Unexpected {
            expected: "string scalar" | "scalar",
            ..
        } => wrong_type("expected a single word or text here, not a list or a mapping".to_owned()),
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => wrong_type(format!("expected {expected}, not {unexpected}")),
        E::Budget { breach, .. } => {
            use serde_saphyr::budget::BudgetBreach as B;
            let message = match breach {
                B::Depth { .. } => format!("the YAML nests more than {MAX_DEPTH} levels deep"),
                B::Aliases { .. } => format!("the YAML uses more than {MAX_ALIASES} aliases"),
                B::Nodes { nodes } => format!(
                    "the YAML expands to more than {} values",
                    nodes.saturating_sub(1)
                ),
                other => format!("the YAML goes beyond what the loader reads safely ({other:?})"),
            };
            Diagnostic::new(Code::YamlLimit, message).at(span, "the limit is passed here").help(
                "a map needs neither deep nesting nor many aliases: write the entries out, or split a deeply nested rule into named rules that use each other",
            )
        }
        // Raised by our own visitors (money), whose messages are written for map writers.
        E::Message { msg, .. } => wrong_type(msg.clone()),
        _ => {
            let plain = inner.to_string();
            // The parser appends the location; we show it ourselves.
            let message = match plain.rfind(" at line ") {
                Some(i) if plain[i..].contains(", column ") => plain[..i].to_owned(),
                _ => plain,
            };
            Diagnostic::new(Code::YamlSyntax, message)
                .at(span, "the YAML is not well-formed here")
                .help("check indentation, colons after keys, and closing brackets and quotes")
        }
    }
}

/// The indentation of the line content starting at `offset`, or `None` unless `offset` starts a
/// line's content (block style).
fn indent_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = offset - line_start;
    text.get(line_start..offset)?
        .bytes()
        .all(|b| b == b' ')
        .then_some((line_start, indent))
}

/// The lines before `line_start` that hold something, nearest first, as (start of the line's
/// content, its indentation, the content); blank lines and comments are passed over.
fn earlier_lines(text: &str, line_start: usize) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut end = line_start;
    std::iter::from_fn(move || {
        while end > 0 {
            let start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1);
            let line = &text[start..end - 1];
            end = start;
            let content = line.trim_start_matches(' ');
            if !content.is_empty() && !content.starts_with('#') {
                let indent = line.len() - content.len();
                return Some((start + indent, indent, content));
            }
        }
        None
    })
}

/// The key of the block mapping entry that holds the line at `offset`: the nearest earlier line
/// indented less (`job-club:` above `    model: …`), or its content after `- ` for an item of a list.
/// `None` unless `offset` starts a line's content, as in block style.
fn entry_key(text: &str, offset: usize) -> Option<Range<usize>> {
    let (line_start, indent) = indent_at(text, offset)?;
    let (at, _, content) = earlier_lines(text, line_start).find(|(_, here, _)| *here < indent)?;
    let item = content
        .strip_prefix("- ")
        .map_or(0, |rest| content.len() - rest.trim_start().len());
    let key = &content[item..];
    let width = key.find(':').unwrap_or(key.len());
    Some(at + item..at + item + width.max(1))
}

/// Where `key` was first given in the block mapping whose later key starts at `offset`: the nearest
/// earlier line at the same indentation that starts with `key:`, without leaving the mapping (a
/// line indented less ends the search). `None` for flow mappings (`{ a: 1, a: 2 }`) and when in doubt.
fn earlier_sibling_key(text: &str, offset: usize, key: &str) -> Option<Range<usize>> {
    let (line_start, indent) = indent_at(text, offset)?;
    for (at, here, content) in earlier_lines(text, line_start) {
        if here < indent {
            return None;
        }
        if here == indent {
            for written in [key.to_owned(), format!("\"{key}\""), format!("'{key}'")] {
                if let Some(rest) = content.strip_prefix(written.as_str())
                    && rest.trim_start_matches(' ').starts_with(':')
                {
                    return Some(at..at + written.len());
                }
            }
        }
    }
    None
}
