//! The text of a map's files as read: each file's name, path, text and line index, and a
//! [`Span`] (a file and a byte range) for every place in them. Loading fills it; diagnostics,
//! validation and exporters read it. It knows nothing of YAML or of diagnostics.

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

/// How much a run reads: bytes per file and for the whole map. The YAML budgets follow the
/// whole map's (`load::budget`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// At most this many bytes in one file (`--max-file-size`).
    pub file_bytes: u64,
    /// At most this many bytes in all the map's files together, and, with every alias written
    /// out, in the YAML they stand for (`--max-map-size`).
    pub map_bytes: u64,
}

/// 16 MiB a file: 2.5 times the 6 MB a generated map of 15,000 services and 1,000 cohorts takes.
pub const FILE_BYTES: u64 = 16 * 1024 * 1024;
/// 32 MiB a map: 5 times that map.
pub const MAP_BYTES: u64 = 32 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            file_bytes: FILE_BYTES,
            map_bytes: MAP_BYTES,
        }
    }
}

/// Why a file of the map could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// More bytes than a file may have.
    FileTooLarge { limit: u64 },
    /// Reading it would take the map past its limit.
    MapTooLarge { limit: u64 },
    /// Not UTF-8: the byte offset of the first bad sequence and its length.
    NotUtf8 { offset: usize, len: usize },
    /// UTF-16 text (it starts with a UTF-16 byte-order mark, or has a zero byte in every other place).
    Utf16,
    /// Not a regular file, or it could not be read: in words, without the file's name.
    Unreadable(String),
    /// A folder named as a map file (`sub.yaml`) in a map's folder: a map's files are read from
    /// its own folder only, never from folders inside it.
    Folder,
}

/// A place in a source file: a file and a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

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
    /// Why the file could not be taken (its text is then empty, or up to a bad byte).
    pub problem: Option<Problem>,
    line_starts: Vec<usize>,
}

/// The files of a map.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub(crate) files: Vec<SourceFile>,
    /// The limits the files were read within, and the YAML budget follows.
    pub limits: Limits,
}

/// Where each line of `text` starts: after `\n`, after `\r\n`, and after a `\r` alone (old
/// Mac line endings), so line numbers are right whatever the editor wrote.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends_line {
            starts.push(i + 1);
        }
    }
    starts
}

impl Sources {
    /// Adds a file read by other means (tests, benchmarks).
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        self.files.push(SourceFile {
            name: name.into(),
            path: None,
            line_starts: line_starts(&text),
            text,
            problem: None,
        });
        FileId(self.files.len() - 1)
    }

    /// The byte offset where the 0-based `line` starts, and where its content ends (before its
    /// line break), or `None` past the end.
    pub fn line_range(&self, file: FileId, line: usize) -> Option<Range<usize>> {
        let f = self.files.get(file.0)?;
        let start = *f.line_starts.get(line)?;
        let end = f.line_starts.get(line + 1).copied().unwrap_or(f.text.len());
        let content = f.text.get(start..end)?;
        let trimmed = content.trim_end_matches(['\n', '\r']).len();
        Some(start..start + trimmed)
    }

    /// The 0-based line a byte offset is on.
    pub fn line_of(&self, file: FileId, offset: usize) -> usize {
        self.files.get(file.0).map_or(0, |f| {
            f.line_starts
                .partition_point(|&s| s <= offset)
                .saturating_sub(1)
        })
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
    pub(crate) fn offset_of(&self, file: FileId, line: usize, column: usize) -> usize {
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
}
